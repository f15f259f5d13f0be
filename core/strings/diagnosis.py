"""Strings for core.diagnosis: what went wrong in a run, why, and what to change (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    # short names (the comparison table's "Diagnosis" column)
    "diag.short.diverged": {"zh": "发散", "en": "diverged"},
    "diag.short.saturated": {"zh": "输出饱和", "en": "saturated outputs"},
    "diag.short.oscillating": {"zh": "损失震荡", "en": "oscillating loss"},
    "diag.short.plateau": {"zh": "开头一段平台", "en": "flat start"},
    "diag.short.learned_nothing": {"zh": "什么也没学到", "en": "learned nothing"},
    # the lab's explanations
    "diag.saturated": {
        "zh": "**输出饱和了。** 训练损失从 {start} 升到了 {end}，测试识别精度却降到了 {acc}%，和总是回答最常见的那个类别（{chance}%）差不多。学习率这么大，一步就把权重推得太远：softmax 对每个输入都几乎把全部概率给了同一个类别，在那里梯度几乎为 0，网络再也回不来。这里没有出现 NaN，所以这种失败很容易被忽略。",
        "en": "**The outputs saturated.** The training loss rose from {start} to {end} while the test accuracy fell to {acc} %, about what always answering the most common class gives ({chance} %). Steps this large push the weights so far that softmax puts almost all its probability on one class for every input; its gradient is nearly 0 there, so the network never comes back. No NaN appears, which is why this failure is easy to miss.",
    },
    "diag.oscillating": {
        "zh": "**损失上下震荡。** 训练数据的损失一共向上跳了 {rises}，比它总共下降的 {fall} 还多。每一步都迈过了谷底，落到对面的坡上。",
        "en": "**The loss swings up and down.** The training loss jumped up by {rises} in all, more than it fell overall ({fall}). Each step overshoots the valley floor and lands on the far slope.",
    },
    "diag.plateau": {
        "zh": "**开头是一段平台。** 前 {n} 次更新（占整个训练的 {share}）中，损失一直停留在起点的 10% 以内。初始权重很小（σ = 0.01）时，每个 sigmoid 神经元对任何输入都输出约 0.5，梯度又小又相似；学习率小时每一步也很短，所以要爬很久才能起步。",
        "en": "**A flat start.** For the first {n} updates ({share} of the run) the loss stayed within 10 % of where it started. With tiny initial weights (σ = 0.01) every sigmoid unit outputs about 0.5 whatever the input, so the gradients are tiny and alike; with a small learning rate each step is short too, so learning takes long to get going.",
    },
    "diag.learned_nothing": {
        "zh": "**网络什么也没学到。** 测试识别精度 {acc}% 并不比总是回答最常见的类别（{chance}%）更好，所以这里的“训练与测试之差”没有意义：没学到东西，也就谈不上泛化。",
        "en": "**The network learned nothing.** Its test accuracy ({acc} %) is no better than always answering the most common class ({chance} %), so a train/test gap means nothing here: with nothing learned there is nothing to generalise.",
    },
    "diag.barely_moved": {
        "zh": "损失几乎没动（{start} → {end}）：每一步太短，或者起点太平。",
        "en": "The loss barely moved ({start} → {end}): the steps are too short, or the start too flat.",
    },
    # what to change
    "diag.fix.smaller_lr": {"zh": "*怎么办：* 把学习率调小，例如改成 {lr}。",
                            "en": "*What to change:* a smaller learning rate, such as {lr}."},
    "diag.fix.larger_lr": {
        "zh": "*怎么办：* 把学习率调大，例如改成 {lr}；或者用 Xavier / He 初始值（见“权重初始值”）。",
        "en": "*What to change:* a larger learning rate, such as {lr}, or Xavier / He initial values (see “Weight init”).",
    },
    "diag.fix.preset": {
        "zh": "*怎么办：* 书中的设置是为图像准备的；按下面的“使用能学会这个数据集的设置”。",
        "en": "*What to change:* the book's settings are made for images; press “Use settings that learn this data set” below.",
    },
    "diag.fix.other": {
        "zh": "*怎么办：* 试试别的设置：更多隐藏神经元、ReLU 和 He 初始值，或者调整学习率。",
        "en": "*What to change:* try other settings: more hidden units, ReLU with He initial values, or another learning rate.",
    },
    "diag.gap_meaningless": {
        "zh": "测试识别精度处于随机猜测的水平：这时的差值没有意义。",
        "en": "The test accuracy is at chance level: a gap means nothing here.",
    },
}
