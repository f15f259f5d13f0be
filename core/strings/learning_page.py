"""Strings for the 'learning from data' page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "learn.title": {"zh": "从数据中学习", "en": "Learning from data"},
    "learn.intro": {
        "zh": "神经网络的**学习**，是指从训练数据中自动获取最优权重参数的过程。"
              "一个网络的权重动辄成千上万，层数越多还会越多，靠人工一个个决定是不可能的；"
              "我们让网络根据数据自己决定参数的值，而衡量“好坏”的指标就是下一页的**损失函数**。",
        "en": "A neural network **learns** when it finds the best values of its weights "
              "automatically, from training data. A network has thousands of weights, and more "
              "with every layer: nobody could set them by hand. We let the data decide them, and "
              "the yardstick for 'better' is the **loss function** of the next page.",
    },
    # ---------------------------------------------------------------- the data
    "learn.data.header": {"zh": "看看数据", "en": "A look at the data"},
    "learn.data.summary": {
        "zh": "**{name}**：{n_train} 个训练数据，{n_test} 个测试数据；每个样本有 {n_features} 个特征，共 {n_classes} 个类别。",
        "en": "**{name}**: {n_train} training samples and {n_test} test samples; each sample has "
              "{n_features} features, and there are {n_classes} classes.",
    },
    "learn.data.source": {"zh": "来源：{source}（许可：{licence}）", "en": "Source: {source} (licence: {licence})"},
    "learn.gallery.count": {"zh": "显示的样本数", "en": "Samples to show"},
    "learn.gallery.class": {"zh": "只看某个类别", "en": "Show one class only"},
    "learn.gallery.all": {"zh": "全部类别", "en": "All classes"},
    "learn.gallery.redraw": {"zh": "换一批样本", "en": "Draw other samples"},
    "learn.gallery.images": {
        "zh": "在人眼里这是一张张手写数字；在神经网络看来，每张 {h}×{w} 的图像只是 {d} 个数字（像素的灰度）。"
              "把鼠标移到像素上可以看到它的值。",
        "en": "To us these are handwritten digits; to a neural network each {h}×{w} image is just "
              "{d} numbers (the pixels' grey levels). Hover over a pixel to see its value.",
    },
    "learn.gallery.points": {
        "zh": "每个点是一个样本，两个坐标就是它的两个特征；颜色表示类别，形状表示它属于训练数据还是测试数据。",
        "en": "Each point is one sample and its two coordinates are its two features; colour "
              "shows the class, shape whether it belongs to the training or the test data.",
    },
    "learn.gallery.table": {
        "zh": "训练数据的前 {n} 行：每一行是一个样本，最后一列是正确解标签。",
        "en": "The first {n} rows of the training data: one sample per row, the correct label in "
              "the last column.",
    },
    "learn.gallery.empty": {"zh": "这个类别在训练数据中没有样本。", "en": "This class has no samples in the training data."},
    "learn.chart.gallery.title": {
        "zh": "随机抽取的 {n} 个训练样本（标题是正确解标签）",
        "en": "{n} training samples drawn at random (titles are the correct labels)",
    },
    "learn.chart.points.title": {"zh": "训练数据与测试数据", "en": "Training data and test data"},
    "learn.chart.feature": {"zh": "特征 x{i}", "en": "Feature x{i}"},
    "learn.chart.class": {"zh": "类别", "en": "Class"},
    "learn.chart.row": {"zh": "行", "en": "Row"},
    "learn.chart.col": {"zh": "列", "en": "Column"},
    "learn.chart.pixel": {"zh": "像素值", "en": "Pixel value"},
    "learn.chart.split": {"zh": "数据", "en": "Data"},
    "learn.split.train": {"zh": "训练数据", "en": "Training data"},
    "learn.split.test": {"zh": "测试数据", "en": "Test data"},
    "learn.table.label": {"zh": "标签", "en": "label"},
    # ---------------------------------------------------------------- hand-made features vs end to end
    "learn.features.header": {"zh": "从人工设计的特征量到端到端的学习",
                              "en": "From hand-designed features to learning end to end"},
    "learn.features.body": {
        "zh": "怎样写一个识别手写数字“5”的算法？人一眼就能认出 5，却说不清依据的是什么规律，"
              "而且每个人写 5 的方式都不一样。与其从零开始设计算法，不如利用已有的数据来解决问题。\n\n"
              "1. **人想出的算法**：由人直接写出判断规则，很难做到。\n"
              "2. **人设计的特征量 + 机器学习**：先用计算机视觉领域的 SIFT、SURF、HOG 等方法把图像转换为特征量，"
              "再用 SVM、KNN 等机器学习方法学习特征量的模式。但“把图像转换为特征量”的方法仍然是人设计的，"
              "换一个问题就要重新设计合适的特征量。\n"
              "3. **神经网络（深度学习）**：直接学习图像本身，连特征量也由机器从数据中学习，"
              "即“端到端”（end-to-end）的学习：从原始数据（输入）直接得到目标结果（输出）。\n\n"
              "神经网络的优点是所有问题都可以用同一个流程来解决：不管是识别数字 5，还是识别狗或人脸，"
              "都只需要不断学习所提供的数据。",
        "en": "How would you write an algorithm that recognises a handwritten '5'? We recognise a 5 "
              "at a glance, yet cannot say which rule we follow, and everybody writes their 5s "
              "differently. Rather than invent an algorithm from scratch, we use the data we have.\n\n"
              "1. **An algorithm people think up**: people write the rules directly; very hard.\n"
              "2. **Features people design + machine learning**: computer-vision methods such as "
              "SIFT, SURF or HOG turn the image into feature values, and a machine-learning method "
              "(an SVM, KNN...) learns the patterns in those features. But the conversion into "
              "features is still designed by people, and each new problem needs new features.\n"
              "3. **A neural network (deep learning)**: it learns from the image itself, and even "
              "the features are learned by the machine from data. This is end-to-end learning: "
              "from the raw data (input) straight to the result (output).\n\n"
              "Its advantage: one pipeline for every problem. Recognising a 5, a dog or a face, "
              "the network just keeps learning from the data it is given.",
    },
    "learn.pipe.image": {"zh": "图像 “5”", "en": "Image of a '5'"},
    "learn.pipe.answer": {"zh": "答案 “5”", "en": "Answer: '5'"},
    "learn.pipe.rules": {"zh": "人想出的算法", "en": "Algorithm people think up"},
    "learn.pipe.features": {"zh": "人设计的特征量\\n（SIFT、SURF、HOG 等）",
                            "en": "Features people design\\n(SIFT, SURF, HOG...)"},
    "learn.pipe.ml": {"zh": "机器学习\\n（SVM、KNN 等）", "en": "Machine learning\\n(SVM, KNN...)"},
    "learn.pipe.nn": {"zh": "神经网络（深度学习）", "en": "Neural network (deep learning)"},
    "learn.pipe.row1": {"zh": "① 规则全由人设计", "en": "① Rules by hand"},
    "learn.pipe.row2": {"zh": "② 特征由人设计 + 机器学习", "en": "② Hand-made features + machine learning"},
    "learn.pipe.row3": {"zh": "③ 端到端：全部从数据中学习", "en": "③ End to end: all learned from data"},
    "learn.pipe.caption": {
        "zh": "灰色方框由人设计，彩色方框由机器从数据中学习。",
        "en": "Grey boxes are designed by people, coloured boxes are learned from data by the machine.",
    },
    # ---------------------------------------------------------------- train / test split
    "learn.split.header": {"zh": "训练数据和测试数据", "en": "Training data and test data"},
    "learn.split.body": {
        "zh": "机器学习一般把数据分为**训练数据**和**测试数据**两部分：先只用训练数据寻找最优参数，"
              "再用网络从未见过的测试数据评价模型的实际能力。我们追求的是**泛化能力**——"
              "处理未曾见过的数据的能力。只对某一个数据集过度拟合、在别的数据上表现很差的状态，称为**过拟合**。",
        "en": "Machine learning splits the data into **training data** and **test data**: the "
              "parameters are fitted on the training data only, and the model is judged on test data "
              "it has never seen. What we want is **generalisation**: doing well on data never seen "
              "before. A model that fits one data set too closely and does badly on others is "
              "**over-fitting**.",
    },
    "learn.split.n_train": {"zh": "训练数据", "en": "Training data"},
    "learn.split.n_test": {"zh": "测试数据", "en": "Test data"},
    "learn.split.fraction": {"zh": "测试数据的比例", "en": "Share of test data"},
    "learn.split.samples": {"zh": "{n} 个样本", "en": "{n} samples"},
    "learn.chart.balance.title": {"zh": "每个类别的样本数：训练数据与测试数据",
                                  "en": "Samples per class: training vs test"},
    "learn.chart.balance.y": {"zh": "样本数", "en": "Samples"},
    "learn.chart.balance.share": {"zh": "占该部分的比例", "en": "Share of its split"},
    "learn.split.balance": {
        "zh": "划分按类别分层：每个类别在训练数据和测试数据中的比例大致相同（训练数据中，样本最少的类别有 {lo} 个，最多的有 {hi} 个）。",
        "en": "The split is stratified: each class keeps about the same share in the training and "
              "the test data (in the training data the rarest class has {lo} samples, the commonest {hi}).",
    },
    # ---------------------------------------------------------------- over-fitting demo
    "learn.overfit.header": {"zh": "动手看看过拟合", "en": "See over-fitting happen"},
    "learn.overfit.body": {
        "zh": "只从训练数据中取出一小部分来训练网络，每个 epoch 结束时分别计算训练数据和测试数据的识别精度。"
              "训练数据很少时，网络几乎能把它们全部“背下来”，训练数据的识别精度接近 100 %，"
              "但在测试数据上却差得多：这就是过拟合。增加训练数据，两条曲线会逐渐靠拢。",
        "en": "Train the network on a small part of the training data only, and measure the "
              "accuracy on the training data and on the test data after every epoch. With few "
              "training samples the network can learn them by heart, close to 100 % on the "
              "training data, but does much worse on the test data: that is over-fitting. Give it "
              "more training data and the two curves draw together.",
    },
    "learn.overfit.size": {"zh": "用于训练的样本数", "en": "Training samples used"},
    "learn.overfit.size_help": {
        "zh": "从训练数据中按类别比例随机取出这么多个样本；测试数据始终是全部 {n_test} 个。",
        "en": "This many samples are drawn from the training data, keeping the class shares; the "
              "test data is always all {n_test} samples.",
    },
    "learn.overfit.epochs": {"zh": "epoch 数", "en": "Epochs"},
    "learn.overfit.epochs_help": {
        "zh": "一个 epoch 指把用于训练的样本全部看过一遍所需的更新次数。",
        "en": "One epoch is as many updates as it takes to see every training sample once.",
    },
    "learn.overfit.setup": {
        "zh": "网络：书中的两层神经网络（{hidden} 个 sigmoid 隐藏神经元，交叉熵误差），"
              "mini-batch 大小 {batch}，本章的随机梯度下降法 SGD（学习率 {lr}），"
              "初始权重的标准差 weight_init_std = {std}（比书中默认的 0.01 大："
              "用 0.01 时训练开头有一段损失几乎不降的平坦期，在这么少的更新次数里往往学不完），"
              "共 {iterations} 次更新，随机种子 {seed}。",
        "en": "Network: the book's two-layer net ({hidden} sigmoid hidden units, cross-entropy "
              "error), mini-batch size {batch}, the chapter's SGD (learning rate {lr}), initial "
              "weights with weight_init_std = {std} (larger than the book's default 0.01, which "
              "starts with a flat stretch where the loss hardly falls and often leaves the "
              "samples half-learned within so few updates), {iterations} updates, seed {seed}.",
    },
    "learn.overfit.capped": {
        "zh": "为了让页面保持流畅，这里只训练 {cap} 次更新（约 {epochs} 个 epoch）就停止。",
        "en": "To keep the page responsive, training stops after {cap} updates (about "
              "{epochs} epochs).",
    },
    "learn.overfit.test_rows": {
        "zh": "为了节省时间，测试数据的识别精度是在随机抽取的 {m} 个测试样本（共 {n_test} 个）上计算的。",
        "en": "To save time, test accuracy is measured on {m} test samples drawn at random (of "
              "{n_test}).",
    },
    "learn.overfit.max_subset": {
        "zh": "训练数据共有 {n_train} 个样本；为了让页面保持流畅，这里最多使用 {m} 个。",
        "en": "The training data has {n_train} samples; to keep the page responsive this demo "
              "uses at most {m}.",
    },
    "learn.overfit.train_acc": {"zh": "训练数据的识别精度", "en": "Training accuracy"},
    "learn.overfit.test_acc": {"zh": "测试数据的识别精度", "en": "Test accuracy"},
    "learn.overfit.gap": {"zh": "差距（百分点）", "en": "Gap (points)"},
    "learn.overfit.sentence": {
        "zh": "用 {n} 个训练样本训练 {epochs} 个 epoch 后：训练数据 {train} %，测试数据 {test} %，相差 {gap} 个百分点。",
        "en": "After {epochs} epochs on {n} training samples: training {train} %, test {test} %: "
              "a gap of {gap} points.",
    },
    "learn.overfit.verdict.over": {
        "zh": "这是典型的过拟合：网络记住了这 {n} 个样本，却没能很好地泛化到没见过的测试数据。试着增加训练样本数。",
        "en": "Classic over-fitting: the network has memorised these {n} samples but does not "
              "generalise well to the unseen test data. Try more training samples.",
    },
    "learn.overfit.verdict.good": {
        "zh": "差距很小：训练数据足够多时，网络学到的规律对测试数据同样适用，泛化能力良好。",
        "en": "A small gap: with enough training data, what the network learned holds for the "
              "test data too; it generalises well.",
    },
    "learn.overfit.verdict.under": {
        "zh": "两者都不高：网络还没有学好（欠拟合）。试着增加 epoch 数。",
        "en": "Both are low: the network has not learned enough yet (under-fitting). Try more epochs.",
    },
    "learn.overfit.diverged": {
        "zh": "训练发散了（损失变成了无穷大），结果不可信。",
        "en": "Training diverged (the loss became infinite); these numbers cannot be trusted.",
    },
    "learn.overfit.no_test": {
        "zh": "这个数据集没有测试数据，无法比较训练精度与测试精度。请在侧边栏提高测试数据的比例。",
        "en": "This data set has no test data, so training and test accuracy cannot be compared. "
              "Raise the test fraction in the sidebar.",
    },
    "learn.chart.accuracy.title": {
        "zh": "识别精度：训练数据 vs 测试数据（{n} 个训练样本）",
        "en": "Accuracy: training data vs test data ({n} training samples)",
    },
    "learn.chart.epoch": {"zh": "epoch", "en": "Epoch"},
    "learn.chart.accuracy": {"zh": "识别精度", "en": "Accuracy"},
    # ---------------------------------------------------------------- the projector's scenes
    "learn.caption.data": {
        "zh": "在神经网络看来，每个样本都只是一组数字：它的特征（图像的每个像素）。",
        "en": "To a network, every sample is just numbers: its features (an image's pixels).",
    },
    "learn.caption.features": {
        "zh": "灰色由人设计，彩色从数据中学习：神经网络连特征量也自己学（端到端）。",
        "en": "Grey is designed by people, colour is learned: a network learns it all, end to end.",
    },
    "learn.caption.split": {
        "zh": "用训练数据寻找参数，用没见过的测试数据评价泛化能力。",
        "en": "Fit on the training data; judge on test data the network has never seen.",
    },
    "learn.caption.overfit": {
        "zh": "训练数据太少，网络就会把它们背下来：训练精度高，测试精度低。",
        "en": "Too little training data is learned by heart: high on training, low on test.",
    },
}
