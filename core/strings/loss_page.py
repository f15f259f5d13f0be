"""Strings for the loss-function page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "loss.title": {"zh": "损失函数", "en": "Loss functions"},
    "loss.intro": {
        "zh": "神经网络的学习以某个指标为线索寻找最优权重参数，这个指标就是**损失函数**。"
              "它表示网络的输出与监督数据有多“不一致”：值越小，网络越好。"
              "理论上任何函数都可以作为损失函数，但最常用的是**均方误差**和**交叉熵误差**。",
        "en": "A neural network learns by searching for the weights that make one indicator as good "
              "as possible; that indicator is the **loss function**. It measures how far the "
              "network's output is from the supervised data (the labels): the smaller, the better. "
              "Any function could serve, but the usual choices are the **mean squared error** and "
              "the **cross-entropy error**.",
    },
    # ---------------------------------------------------------------- the editable example
    "loss.example.header": {"zh": "书中的例子：识别手写数字的 10 个输出",
                            "en": "The book's example: ten outputs for a handwritten digit"},
    "loss.example.body": {
        "zh": "网络的输出 $y$ 是 softmax 函数给出的 10 个概率，表示图像是“0”到“9”的可能性；"
              "监督数据 $t$ 是 one-hot 表示：只有正确解标签的位置是 1，其余都是 0。"
              "选择正确的类别、选一个预设，或者直接修改下面的 10 个概率，损失会立即重新计算。",
        "en": "The network's output $y$ holds ten softmax probabilities, one for each digit 0-9; "
              "the supervised data $t$ is one-hot: 1 at the correct label, 0 everywhere else. "
              "Pick the correct class, choose a preset or edit the ten probabilities below: the "
              "losses are recomputed at once.",
    },
    "loss.correct": {"zh": "正确解标签（正确的类别）", "en": "Correct label (the true class)"},
    "loss.correct_help": {
        "zh": "监督数据 t 在这个位置为 1（one-hot 表示）。",
        "en": "The supervised data t is 1 at this position (one-hot).",
    },
    "loss.preset": {"zh": "预设", "en": "Preset"},
    "loss.preset.book": {"zh": "书中的例子", "en": "The book's example"},
    "loss.preset.right": {"zh": "自信且正确", "en": "Confident and right"},
    "loss.preset.wrong": {"zh": "自信但错误", "en": "Confident and wrong"},
    "loss.preset.uniform": {"zh": "均匀分布", "en": "Uniform"},
    "loss.preset.custom": {"zh": "自定义", "en": "Custom"},
    "loss.probs": {"zh": "输出概率 y（softmax 的输出）", "en": "Output probabilities y (softmax output)"},
    "loss.prob_label": {"zh": "y{k}", "en": "y{k}"},
    "loss.prob_help": {
        "zh": "网络认为图像是数字 {k} 的概率。输入后会重新归一化，使 10 个概率之和为 1。",
        "en": "How likely the network thinks the image is a {k}. Values are renormalised so the "
              "ten probabilities sum to 1.",
    },
    "loss.renormalised": {
        "zh": "你输入的概率之和为 {total}，不是 1：已把每个值除以 {total} 重新归一化，下面的计算都用归一化后的概率。",
        "en": "The probabilities you entered sum to {total}, not 1: each was divided by {total} "
              "to renormalise, and everything below uses the renormalised values.",
    },
    "loss.all_zero": {
        "zh": "10 个概率都是 0，无法归一化：改用均匀分布（每个 0.1）。",
        "en": "All ten probabilities are 0 and cannot be renormalised: using the uniform "
              "distribution (0.1 each) instead.",
    },
    "loss.normalised_caption": {"zh": "归一化后的 y：{values}", "en": "Renormalised y: {values}"},
    "loss.mse": {"zh": "均方误差", "en": "Mean squared error"},
    "loss.ce": {"zh": "交叉熵误差", "en": "Cross-entropy error"},
    "loss.mse_help": {
        "zh": "把每个类别的误差 (y_k − t_k) 平方后相加，再乘以 1/2。",
        "en": "Square each class's error (y_k − t_k), add them up, halve the sum.",
    },
    "loss.ce_help": {
        "zh": "只有正确类别的输出起作用：E = −log(y_正确 + 1e-7)。",
        "en": "Only the correct class's output counts: E = −log(y_correct + 1e-7).",
    },
    "loss.book_values": {
        "zh": "书中：正确类别为 2、输出为书中的 y 时，均方误差约为 0.0975，交叉熵误差约为 0.5108；"
              "输出不变、把正确类别改为 7，则分别变为 0.5975 和 2.3026——网络猜错时损失更大。",
        "en": "In the book: with its y and the correct class 2, the mean squared error is about "
              "0.0975 and the cross-entropy error about 0.5108; keep y and make 7 the correct "
              "class and they grow to 0.5975 and 2.3026: a wrong guess costs more.",
    },
    "loss.ce_only_correct": {
        "zh": "交叉熵误差只由正确解标签对应的输出决定：E = −log({p}) = {ce}。"
              "其余 9 个输出怎么分配都不影响它；均方误差则会受到每一个输出的影响。",
        "en": "The cross-entropy error depends only on the output at the correct label: "
              "E = −log({p}) = {ce}. How the other nine outputs are spread does not change it; "
              "the mean squared error feels every output.",
    },
    "loss.formula.header": {"zh": "公式", "en": "Formulas"},
    "loss.formula.body": {
        "zh": "$y_k$ 是神经网络的输出，$t_k$ 是监督数据，$k$ 是数据的维数；log 是以 e 为底的自然对数。",
        "en": "$y_k$ is the network's output, $t_k$ the supervised data, $k$ runs over the "
              "dimensions; log is the natural logarithm (base e).",
    },
    # ---------------------------------------------------------------- charts
    "loss.chart.output.title": {"zh": "网络的输出 y", "en": "The network's output y"},
    "loss.chart.class": {"zh": "类别", "en": "Class"},
    "loss.chart.probability": {"zh": "概率", "en": "Probability"},
    "loss.chart.role": {"zh": "类别", "en": "Class"},
    "loss.chart.correct": {"zh": "正确解", "en": "Correct class"},
    "loss.chart.other": {"zh": "其他类别", "en": "Other classes"},
    "loss.chart.contribution": {"zh": "贡献", "en": "Contribution"},
    "loss.chart.mse_terms.title": {
        "zh": "各类别对均方误差的贡献（合计 {value}）",
        "en": "Each class's share of the mean squared error (total {value})",
    },
    "loss.chart.ce_terms.title": {
        "zh": "各类别对交叉熵误差的贡献（合计 {value}）",
        "en": "Each class's share of the cross-entropy error (total {value})",
    },
    "loss.contrib.caption": {
        "zh": "均方误差的每一项是 ½(y_k − t_k)²，每个类别都有贡献；交叉熵误差的每一项是 −t_k log(y_k + 1e-7)，"
              "t_k = 0 的类别贡献为 0，所以只剩下正确类别那一根柱子。",
        "en": "Each term of the mean squared error is ½(y_k − t_k)², so every class contributes; "
              "each term of the cross-entropy error is −t_k log(y_k + 1e-7), which is 0 wherever "
              "t_k = 0, so only the correct class's bar remains.",
    },
    "loss.curve.header": {"zh": "正确类别的概率从 0 变到 1 时", "en": "As the correct class's probability goes from 0 to 1"},
    "loss.curve.body": {
        "zh": "横轴是正确类别的概率 $y_c$，其余的概率 $1-y_c$ 平均分给另外 9 个类别。"
              "网络越有把握地给出正确答案，两种损失都越小；但当 $y_c$ 接近 0 时，交叉熵误差急剧增大，"
              "对“自信但错误”的输出惩罚得更重。黑点是当前的输出。",
        "en": "The horizontal axis is the correct class's probability $y_c$; the remaining "
              "$1-y_c$ is spread evenly over the other nine classes. The surer the network is of "
              "the right answer, the smaller both losses; but as $y_c$ approaches 0 the "
              "cross-entropy error shoots up, punishing confident mistakes much harder. The black "
              "dot is the current output.",
    },
    "loss.curve.mse_off": {
        "zh": "均方误差的黑点不在曲线上：曲线假设其余概率平均分配，而当前的输出并非如此。",
        "en": "The mean squared error's dot is off its curve: the curve spreads the rest evenly, "
              "the current output does not.",
    },
    "loss.chart.curve.title": {
        "zh": "损失与正确类别的概率", "en": "Loss against the correct class's probability",
    },
    "loss.chart.curve.x": {"zh": "正确类别的概率 y_c", "en": "Probability of the correct class y_c"},
    "loss.chart.curve.y": {"zh": "损失函数的值", "en": "Loss"},
    "loss.chart.curve.loss": {"zh": "损失函数", "en": "Loss function"},
    "loss.chart.curve.current": {"zh": "当前", "en": "now"},
    # ---------------------------------------------------------------- batch form
    "loss.batch.header": {"zh": "mini-batch 版：一次计算多个样本",
                          "en": "The batch form: several samples at once"},
    "loss.batch.body": {
        "zh": "把书中的两行输出放在一起作为一个 batch：同一个 y，第一行的正确解是 2，第二行是 7。"
              "批量的交叉熵误差是每个样本的误差之和再除以样本数 N（取平均）。"
              "监督数据既可以写成 one-hot 形式，也可以直接写成标签形式：标签形式只需取出每行正确类别的输出，"
              "结果完全相同。",
        "en": "Stack the book's two rows into one batch: the same y, with correct class 2 in the "
              "first row and 7 in the second. The batch cross-entropy error adds up each sample's "
              "error and divides by the number of samples N (the average). The supervised data can "
              "be one-hot rows or plain labels: with labels we simply pick each row's output at its "
              "correct class, and the result is exactly the same.",
    },
    "loss.batch.labels": {"zh": "标签形式 t = {t}", "en": "Label targets t = {t}"},
    "loss.batch.onehot": {"zh": "one-hot 形式", "en": "One-hot targets"},
    "loss.batch.same": {
        "zh": "两种写法给出同一个值：({a} + {b}) / 2 = {value}。",
        "en": "Both forms give the same value: ({a} + {b}) / 2 = {value}.",
    },
    "loss.batch.y": {"zh": "批量输出 y（2 行 × 10 列）", "en": "Batch output y (2 rows × 10 columns)"},
    "loss.batch.t": {"zh": "one-hot 监督数据 t", "en": "One-hot supervised data t"},
    "loss.batch.row": {"zh": "第 {n} 行", "en": "Row {n}"},
    # ---------------------------------------------------------------- delta
    "loss.delta.header": {"zh": "微小值 delta = 1e-7 的作用", "en": "What the tiny delta = 1e-7 does"},
    "loss.delta.body": {
        "zh": "实现交叉熵误差时，书中在计算 np.log 时加上了一个微小值 delta。"
              "如果正确类别的输出恰好是 0，np.log(0) 会变成负无穷大（-inf），损失变成无穷大，之后的计算就无法继续。"
              "加上 delta 之后，损失最大也只有 −log(1e-7) ≈ 16.118。",
        "en": "When the book computes np.log in the cross-entropy error it adds a tiny value, "
              "delta. If the output at the correct class is exactly 0, np.log(0) is minus infinity "
              "(-inf), the loss becomes infinite and nothing after it can be computed. With delta "
              "the loss is at most −log(1e-7) ≈ 16.118.",
    },
    "loss.delta.without": {"zh": "不加 delta：np.log(0)", "en": "Without delta: np.log(0)"},
    "loss.delta.with": {"zh": "加上 delta：−log(0 + 1e-7)", "en": "With delta: −log(0 + 1e-7)"},
    "loss.delta.core": {
        "zh": "把正确类别的输出设为 0 时，本应用的 cross_entropy_error 给出 {value}。",
        "en": "With the correct class's output set to 0, this app's cross_entropy_error gives {value}.",
    },
    "loss.chart.delta.title": {"zh": "−log(p) 与 −log(p + delta)", "en": "−log(p) and −log(p + delta)"},
    "loss.chart.delta.x": {"zh": "正确类别的概率 p（对数刻度）",
                           "en": "Probability of the correct class p (log scale)"},
    "loss.chart.delta.y": {"zh": "交叉熵误差", "en": "Cross-entropy error"},
    "loss.chart.delta.variant": {"zh": "实现", "en": "Implementation"},
    "loss.chart.delta.without": {"zh": "−log(p)：p → 0 时趋于无穷", "en": "−log(p): unbounded as p → 0"},
    "loss.chart.delta.with": {"zh": "−log(p + 1e-7)：最大 16.118", "en": "−log(p + 1e-7): at most 16.118"},
    "loss.code.header": {"zh": "书中的代码", "en": "The book's code"},
    "loss.code.caption": {
        "zh": "上面的数字就是由这段代码算出来的（core/book/functions.py，与书中的 common/functions.py 一致）。",
        "en": "The numbers above were computed by this very code (core/book/functions.py, as in the book's common/functions.py).",
    },
    # Presentation mode: one or two sentences per scene (the full text is in the notes).
    "loss.scene.example": {
        "zh": "损失衡量网络的 10 个输出 y 与 one-hot 正确答案 t 相差多远。",
        "en": "The loss measures how far the ten outputs y are from the one-hot answer t.",
    },
    "loss.scene.contributions.title": {"zh": "每个类别贡献多少损失", "en": "What each class adds to the loss"},
    "loss.scene.contributions": {
        "zh": "均方误差把每个类别的误差都算进去；交叉熵只看正确类别的概率。",
        "en": "Mean squared error counts every class's error; cross-entropy looks only at the correct class's probability.",
    },
    "loss.scene.curve": {
        "zh": "正确类别的概率越接近 0，交叉熵 −log y 涨得越快。",
        "en": "As the correct class's probability nears 0, the cross-entropy −log y shoots up.",
    },
    "loss.scene.batch": {
        "zh": "mini-batch 版：对 N 个样本的损失求平均。",
        "en": "The mini-batch version: the average loss over N samples.",
    },
    "loss.scene.delta": {
        "zh": "log 0 是负无穷；加上 δ = 1e-7，损失就有上限。",
        "en": "log 0 is minus infinity; adding δ = 1e-7 keeps the loss finite.",
    },
}
