"""Strings raised by the learning engine (core/network, optim, training): errors and notes."""

STRINGS: dict[str, dict[str, str]] = {
    # err.config.<field>: a training setting of the wrong type or out of its range
    "err.config.loss": {
        "zh": "损失函数只能从这些中选择：{choices}（收到的是 {value}）。",
        "en": "The loss function must be one of: {choices} (got {value}).",
    },
    "err.config.activation": {
        "zh": "激活函数只能从这些中选择：{choices}（收到的是 {value}）。",
        "en": "The activation function must be one of: {choices} (got {value}).",
    },
    "err.config.optimizer": {
        "zh": "参数更新方法只能从这些中选择：{choices}（收到的是 {value}）。",
        "en": "The optimiser must be one of: {choices} (got {value}).",
    },
    "err.config.weight_init": {
        "zh": "权重初始化方式只能从这些中选择：{choices}（收到的是 {value}）。",
        "en": "The weight initialisation must be one of: {choices} (got {value}).",
    },
    "err.config.sampling": {
        "zh": "mini-batch 的抽取方式只能从这些中选择：{choices}（收到的是 {value}）。",
        "en": "The mini-batch sampling must be one of: {choices} (got {value}).",
    },
    "err.config.dtype": {
        "zh": "数值精度只能从这些中选择：{choices}（收到的是 {value}）。",
        "en": "The number precision must be one of: {choices} (got {value}).",
    },
    "err.config.learning_rate": {
        "zh": "学习率必须是大于 {low}、不超过 {high} 的数（收到的是 {value}）。",
        "en": "The learning rate must be a number above {low} and at most {high} (got {value}).",
    },
    "err.config.weight_init_std": {
        "zh": "权重初始值的标准差必须是 {low} 到 {high} 之间的数（收到的是 {value}）。",
        "en": "The standard deviation of the initial weights must be a number from {low} "
              "to {high} (got {value}).",
    },
    "err.config.batch_size": {
        "zh": "mini-batch 的大小必须是 {low} 到 {high} 之间的整数（收到的是 {value}）。",
        "en": "The mini-batch size must be a whole number from {low} to {high} (got {value}).",
    },
    "err.config.hidden_layers": {
        "zh": "隐藏层的层数必须是 {low} 到 {high} 之间的整数（收到的是 {value}）。",
        "en": "The number of hidden layers must be a whole number from {low} to {high} "
              "(got {value}).",
    },
    "err.config.hidden_size": {
        "zh": "每个隐藏层的神经元数必须是 {low} 到 {high} 之间的整数（收到的是 {value}）。",
        "en": "The number of units in a hidden layer must be a whole number from {low} "
              "to {high} (got {value}).",
    },
    "err.config.epochs": {
        "zh": "epoch 数必须是 {low} 到 {high} 之间的整数（收到的是 {value}），至少要学习 1 个 epoch。",
        "en": "The number of epochs must be a whole number from {low} to {high} (got {value}): "
              "training needs at least one epoch.",
    },
    "err.config.iterations": {
        "zh": "学习的次数（迭代次数）必须是 {low} 到 {high} 之间的整数（收到的是 {value}）。",
        "en": "The number of iterations must be a whole number from {low} to {high} "
              "(got {value}).",
    },
    "err.config.train_size": {
        "zh": "训练数据的数量必须是 {low} 到 {high} 之间的整数（收到的是 {value}）。",
        "en": "The number of training samples must be a whole number from {low} to {high} "
              "(got {value}).",
    },
    "err.config.seed": {
        "zh": "随机种子必须是 {low} 到 {high} 之间的整数（收到的是 {value}）。",
        "en": "The random seed must be a whole number from {low} to {high} (got {value}).",
    },
    "err.train.empty": {
        "zh": "没有可用的训练数据，无法开始学习。请换一个数据集。",
        "en": "There is no training data, so learning cannot start. Choose another data set.",
    },
    "err.train.labels": {
        "zh": "数据的标签必须是 0 到 {n_classes} 之间（不含 {n_classes}）的整数，这个数据集不符合要求。",
        "en": "The labels of the data must be whole numbers from 0 to {n_classes} - 1; this "
              "data set has others.",
    },
    # notes: a setting was adjusted to fit the data (shown, not an error)
    "engine.note.batch_clamped": {
        "zh": "mini-batch 的大小 {requested} 超过了训练数据的数量，已改为 {used}（即每次使用全部训练数据）。",
        "en": "The mini-batch size {requested} is larger than the training set, so {used} "
              "(all the training data) is used instead.",
    },
    "engine.note.train_size_clamped": {
        "zh": "训练数据只有 {used} 个，无法取 {requested} 个，已使用全部 {used} 个。",
        "en": "Only {used} training samples exist, not {requested}; all {used} are used.",
    },
    "engine.note.iterations_clamped": {
        "zh": "这样设置需要学习 {requested} 次，超过了上限，只学习前 {used} 次。",
        "en": "These settings ask for {requested} iterations, more than the limit; only the "
              "first {used} are run.",
    },
    "engine.stop.done": {"zh": "学习已完成。", "en": "Training finished."},
    "engine.stop.diverged": {
        "zh": "学习发散了：损失或权重变成了无穷大或 NaN，学习已停止。请调小学习率再试。",
        "en": "Training diverged: the loss or the weights became infinite or NaN, so it "
              "stopped. Try a smaller learning rate.",
    },
}
