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
