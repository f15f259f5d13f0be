"""Strings shared by the frame and every page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"zh": "从数据中学习", "en": "Learning from Data"},
    "app.subtitle": {
        "zh": "《深度学习入门》第 4 章：神经网络的学习",
        "en": "Deep Learning from Scratch, chapter 4: how a neural network learns",
    },
    "sidebar.language": {"zh": "语言", "en": "Language"},
    "sidebar.dataset": {"zh": "数据集", "en": "Data set"},
    "sidebar.seed": {"zh": "随机种子", "en": "Random seed"},
    "sidebar.presentation": {"zh": "演示模式（大字号）", "en": "Presentation mode (large type)"},
    "url.invalid": {
        "zh": "链接中的这些设置无效，已改用有效值：{keys}",
        "en": "These settings in the link were not valid and were replaced with valid values: {keys}",
    },
    "err.title": {"zh": "出错了", "en": "Something went wrong"},
    "err.unexpected": {
        "zh": "发生了意外错误，页面已恢复。请调整设置后重试。",
        "en": "An unexpected error occurred; the page recovered. Adjust the settings and try again.",
    },
}
STRINGS.update({
    "nav.learning": {"zh": "从数据中学习", "en": "Learning from data"},
    "nav.loss": {"zh": "损失函数", "en": "Loss functions"},
    "nav.minibatch": {"zh": "mini-batch 学习", "en": "Mini-batch learning"},
    "nav.why_loss": {"zh": "为何要设定损失函数", "en": "Why a loss, not accuracy"},
    "nav.gradient": {"zh": "梯度", "en": "Gradient"},
    "nav.lab": {"zh": "训练实验室", "en": "Training lab"},
})
STRINGS.update({
    "sidebar.seed_help": {
        "zh": "决定训练数据与测试数据的划分（完整的 MNIST 保持官方的划分）、二维示例数据的点，"
              "以及各页面演示中的随机部分：抽取的样本和 mini-batch、演示网络的初始权重。"
              "训练实验室有自己的种子（决定网络的初始权重和 mini-batch 的抽取），"
              "在你改动它之前一直与这里相同。同一个种子给出同样的结果。",
        "en": "Fixes the split into training and test data (full MNIST keeps its official split), "
              "the points of a 2-D toy set, and the random parts of the pages' demos: the samples "
              "and mini-batches they draw and the initial weights of their networks. The training "
              "lab has a seed of its own (its network's initial weights and mini-batches), equal "
              "to this one until you change it there. The same seed gives the same results.",
    },
    "sidebar.presentation_help": {
        "zh": "投影到教室时使用：更大的文字和图表。",
        "en": "For projecting in class: larger text and charts.",
    },
    "sidebar.noise": {"zh": "噪声", "en": "Noise"},
    "sidebar.n_points": {"zh": "数据点数", "en": "Number of points"},
    "sidebar.test_fraction": {"zh": "测试数据比例", "en": "Test fraction"},
    "sidebar.mnist_missing": {
        "zh": "完整的 MNIST（60,000 张训练图像 + 10,000 张测试图像）需要先下载（约 11 MB）。",
        "en": "Full MNIST (60,000 training + 10,000 test images) must be downloaded first (about 11 MB).",
    },
    "sidebar.mnist_download": {"zh": "下载 MNIST", "en": "Download MNIST"},
    "sidebar.mnist_done": {"zh": "MNIST 已下载并校验。", "en": "MNIST downloaded and verified."},
    "sidebar.csv_choice": {"zh": "我自己的 CSV", "en": "My own CSV"},
    "sidebar.csv_upload": {"zh": "上传 CSV 文件", "en": "Upload a CSV file"},
    "sidebar.csv_help": {
        "zh": "第一行为列名；特征列须为数字；默认最后一列为标签。",
        "en": "First row holds the column names; feature columns must be numeric; the last column is the label.",
    },
    "sidebar.csv_drop_missing": {"zh": "删除含缺失值的行", "en": "Drop rows with missing values"},
    "sidebar.csv_limit": {"zh": "每个文件最大 {mb} MB，CSV 或 TXT 格式。",
                          "en": "Up to {mb} MB per file, CSV or TXT."},
    "sidebar.csv_refused": {
        "zh": "侧边栏中上传的文件无法使用（原因如下）。请修改文件后重新上传。",
        "en": "The file uploaded in the sidebar cannot be used (the reason is below). Fix it and upload it again.",
    },
    "sidebar.csv_needed": {
        "zh": "请在侧边栏上传一个 CSV 文件。",
        "en": "Upload a CSV file in the sidebar.",
    },
    "scene.notes": {"zh": "讲稿：本节全文", "en": "Notes: the section's full text"},
    "scene.notes_button": {"zh": "📝 讲稿", "en": "📝 Notes"},
    "scene.prev": {"zh": "上一幕（← 或 PageUp）", "en": "Previous scene (← or PageUp)"},
    "scene.next": {"zh": "下一幕（→、PageDown 或空格）", "en": "Next scene (→, PageDown or space)"},
    "scene.counter": {"zh": "{n} / {total}", "en": "{n} / {total}"},
})
