"""Strings for the why-a-loss page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "why.title": {"zh": "为何要设定损失函数", "en": "Why a loss, not accuracy"},
    "why.intro": {
        "zh": "可能有人要问：我们想要的是识别精度高的神经网络，为什么不直接把**识别精度**作为指标，"
              "而要特意引入一个**损失函数**？答案在于**导数**在神经网络学习中的作用。",
        "en": "You might ask: what we want is a network with high **recognition accuracy**, so why not use "
              "accuracy itself as the indicator instead of bringing in a **loss function**? The answer "
              "lies in the role the **derivative** plays in learning.",
    },
    "why.derivative_text": {
        "zh": "学习时，我们计算损失函数关于每个权重参数的导数（确切地说是**梯度**），并以它为指引更新参数："
              "导数为负，就让权重向正方向变化；导数为正，就向负方向变化；导数为 0 时，"
              "无论权重往哪个方向变，损失函数的值都不变，参数的更新就停在那里。",
        "en": "To learn, we compute the derivative (more precisely the **gradient**) of the loss with "
              "respect to each weight and let it guide the update: if the derivative is negative, move "
              "the weight in the positive direction; if positive, move it the other way. Where the "
              "derivative is 0, moving the weight either way leaves the loss unchanged, and the update "
              "stops there.",
    },
    "why.network_header": {"zh": "一个简单训练过的神经网络", "en": "A briefly trained network"},
    "why.iterations": {"zh": "预先训练的次数", "en": "Training iterations beforehand"},
    "why.network_caption": {
        "zh": "两层神经网络（{sizes}，sigmoid），用 mini-batch 训练了 {iters} 次；在 {n} 个训练数据上的识别精度为 "
              "{acc}，损失函数（交叉熵误差）的值为 {loss}。",
        "en": "Two-layer network ({sizes}, sigmoid) trained for {iters} mini-batch steps; on {n} training "
              "samples its recognition accuracy is {acc} and its loss (cross-entropy error) is {loss}.",
    },
    "why.sweep_header": {"zh": "① 只改变一个权重参数", "en": "① Change one weight, nothing else"},
    "why.layer": {"zh": "权重所在的层", "en": "Layer of the weight"},
    "why.layer_option": {"zh": "W{k}（{n_in} → {n_out}）", "en": "W{k} ({n_in} → {n_out})"},
    "why.row": {"zh": "行（输入侧的神经元，0–{max}）", "en": "Row (input-side neuron, 0–{max})"},
    "why.col": {"zh": "列（输出侧的神经元，0–{max}）", "en": "Column (output-side neuron, 0–{max})"},
    "why.pick": {"zh": "🎯 选损失函数最敏感的权重", "en": "🎯 Pick the weight the loss is most sensitive to"},
    "why.pick_short": {"zh": "🎯 最敏感的权重", "en": "🎯 Most sensitive weight"},
    "why.pick_help": {
        "zh": "选择这一层中梯度绝对值最大的权重。",
        "en": "Selects the weight with the largest absolute gradient in this layer.",
    },
    "why.span": {"zh": "扫描范围（当前值 ±）", "en": "Sweep range (± around the current value)"},
    "why.points": {"zh": "扫描点数", "en": "Sweep points"},
    "why.sweep_text": {
        "zh": "把 {w} 从 {lo} 变到 {hi}（当前值 {w0}），其他参数全部保持不变，"
              "在 {n} 个训练数据上计算识别精度和损失函数，"
              "并在每一点用中心差分（h = 10⁻⁴）求数值导数。",
        "en": "{w} goes from {lo} to {hi} (currently {w0}) with every other parameter fixed; accuracy and "
              "loss are computed on {n} training samples, and at every point the numerical derivative "
              "by central difference (h = 10⁻⁴).",
    },
    "why.acc_title": {"zh": "识别精度：阶梯状", "en": "Recognition accuracy: a staircase"},
    "why.loss_title": {"zh": "损失函数：连续、平滑", "en": "Loss: continuous and smooth"},
    "why.dacc_title": {"zh": "识别精度的导数", "en": "Derivative of the accuracy"},
    "why.dloss_title": {"zh": "损失函数的导数", "en": "Derivative of the loss"},
    "why.weight_axis": {"zh": "{w} 的值", "en": "Value of {w}"},
    "why.acc_axis": {"zh": "识别精度", "en": "Recognition accuracy"},
    "why.loss_axis": {"zh": "损失函数的值", "en": "Loss"},
    "why.deriv_axis": {"zh": "数值导数", "en": "Numerical derivative"},
    "why.current": {"zh": "当前值", "en": "current value"},
    "why.flat_acc": {"zh": "识别精度的导数为 0 的点", "en": "Points where accuracy's derivative is 0"},
    "why.flat_loss": {"zh": "损失函数的导数为 0 的点", "en": "Points where the loss's derivative is 0"},
    "why.flat_acc_short": {"zh": "导数为 0：识别精度", "en": "Derivative 0: accuracy"},
    "why.flat_loss_short": {"zh": "导数为 0：损失函数", "en": "Derivative 0: loss"},
    "why.count_of": {"zh": "{k} / {n}", "en": "{k} of {n}"},
    "why.jumps": {"zh": "识别精度的跳变次数", "en": "Jumps in accuracy"},
    "why.jumps_help": {
        "zh": "相邻两个扫描点之间识别精度发生变化的次数：精度只会这样一跳一跳地变。",
        "en": "How often accuracy changes between neighbouring sweep points: it only ever moves in such jumps.",
    },
    "why.nudge_same": {
        "zh": "把这个权重从 {w0} 调到 {w1}，识别精度仍然是 {acc}（{correct} / {n}），纹丝不动；"
              "而损失函数的值从 {l0} 变成了 {l1}。损失函数能感知这个微小的变化，识别精度却不能。",
        "en": "Moving this weight from {w0} to {w1} leaves the recognition accuracy at {acc} "
              "({correct} of {n}), not moving at all, while the loss goes from {l0} to {l1}. The loss "
              "registers the tiny change; the accuracy does not.",
    },
    "why.nudge_jump": {
        "zh": "把这个权重从 {w0} 调到 {w1}，识别精度从 {a0} 一下子跳到 {a1}（不会出现中间的值），"
              "而损失函数的值从 {l0} 连续地变成 {l1}。",
        "en": "Moving this weight from {w0} to {w1} makes the accuracy jump from {a0} to {a1} in one "
              "step (nothing in between), while the loss moves continuously from {l0} to {l1}.",
    },
    "why.book_example": {
        "zh": "书中的例子：某个神经网络正确识别了 100 笔训练数据中的 32 笔，识别精度为 32%。稍微改变权重参数，"
              "识别精度仍然是 32%；即使有所改善，也不会像 32.0123…% 这样连续变化，而是变成 33%、34% 这样"
              "不连续的、离散的值。损失函数则不同，它的值可以是 0.92543… 这样的数，参数稍有变化，它也会像 "
              "0.93432… 这样连续地变化。",
        "en": "The book's example: a network recognises 32 of 100 training samples, so its accuracy is "
              "32 %. Change a weight slightly and it stays at 32 %; even when it improves, it does not "
              "move continuously like 32.0123… % but jumps to discrete values such as 33 % or 34 %. The "
              "loss is different: it reads something like 0.92543…, and a slight change of a parameter "
              "moves it continuously, to 0.93432… for example.",
    },
    "why.conclusion": {
        "zh": "**结论：** 在进行神经网络的学习时，不能将识别精度作为指标。因为如果以识别精度为指标，"
              "参数的导数在绝大多数地方都会变为 0，参数就无法更新。",
        "en": "**Conclusion:** accuracy cannot be the indicator that learning follows. With accuracy as "
              "the indicator, the derivative with respect to the parameters is 0 almost everywhere, so "
              "the parameters cannot be updated.",
    },
    "why.act_header": {"zh": "② 激活函数也是同样的道理", "en": "② The same holds for activation functions"},
    "why.shishi": {
        "zh": "阶跃函数就像“竹筒敲石”（日本庭院里的惊鹿）一样：竹筒慢慢盛水，只在倾倒的那一瞬间才“咚”地敲一下石头，"
              "其余时间纹丝不动。阶跃函数也只在 x = 0 这一点发生变化，其他地方的导数都是 0。如果用它作为激活函数，"
              "即使以损失函数为指标，参数的微小变化也会被阶跃函数抹杀，损失函数的值不会有任何变化。"
              "而 sigmoid 函数不仅输出（纵轴的值）连续变化，曲线的斜率（导数）也连续变化，而且在任何地方都不为 0，"
              "所以神经网络的学习能够正确进行。",
        "en": "The step function is like a shishi-odoshi (竹筒敲石), the bamboo water fountain of a "
              "Japanese garden: the tube slowly fills with water and only in the instant it tips over does "
              "it knock on the stone; the rest of the time it does not move. The step function likewise "
              "changes only at x = 0 and has derivative 0 everywhere else. Used as an activation, it "
              "wipes out every small change of a parameter, so even with a loss as the indicator the "
              "loss does not change at all. The sigmoid, in contrast, changes continuously, its slope "
              "(derivative) changes continuously too, and that slope is never 0: this is why learning "
              "works with it.",
    },
    "why.act_pick": {"zh": "显示哪些激活函数", "en": "Activation functions to show"},
    "why.act.step": {"zh": "阶跃函数", "en": "step function"},
    "why.act.sigmoid": {"zh": "sigmoid 函数", "en": "sigmoid"},
    "why.act.relu": {"zh": "ReLU 函数", "en": "ReLU"},
    "why.act.tanh": {"zh": "tanh 函数", "en": "tanh"},
    "why.act_title": {"zh": "激活函数 h(x)", "en": "Activation functions h(x)"},
    "why.dact_title": {"zh": "它们的导数 h′(x)", "en": "Their derivatives h′(x)"},
    "why.h_axis": {"zh": "h(x)", "en": "h(x)"},
    "why.dh_axis": {"zh": "h′(x)", "en": "h′(x)"},
    "why.x_axis": {"zh": "x", "en": "x"},
    "why.function": {"zh": "激活函数", "en": "Activation"},
    "why.act_none": {"zh": "请至少选择一个激活函数。", "en": "Pick at least one activation function."},
    "why.grad_header": {
        "zh": "③ 把网络换成阶跃函数：第 1 层权重的梯度",
        "en": "③ Switch the network to the step function: the gradient of the first layer",
    },
    "why.grad_act": {"zh": "隐藏层的激活函数", "en": "Hidden-layer activation"},
    "why.grad_text": {
        "zh": "权重完全相同，只换隐藏层的激活函数。"
              "下面是损失函数关于 W1 的梯度（误差反向传播，{n} 个训练数据的 mini-batch）。",
        "en": "The very same weights, only the hidden-layer activation changes. Below: the gradient of "
              "the loss with respect to W1 (backpropagation, a mini-batch of {n} training samples).",
    },
    "why.nonzero": {"zh": "∂L/∂W1 中不为 0 的元素", "en": "Non-zero entries of ∂L/∂W1"},
    "why.maxabs": {"zh": "最大的 |∂L/∂W1|", "en": "Largest |∂L/∂W1|"},
    "why.batch_loss": {"zh": "这个 mini-batch 的损失", "en": "Loss on this mini-batch"},
    "why.numeric_check": {
        "zh": "数值微分核对：随机抽取 W1 的 {k} 个元素，用中心差分求导，其中 {nz} 个不为 0（最大 |差|：{diff}）。",
        "en": "Numerical check: central differences on {k} randomly chosen entries of W1 give {nz} "
              "non-zero values (largest |difference| from backprop: {diff}).",
    },
    "why.step_zero": {
        "zh": "使用阶跃函数时，梯度的每一个元素都恰好是 0：损失函数无法告诉权重该往哪个方向变，学习停止了。",
        "en": "With the step function every entry of the gradient is exactly 0: the loss cannot tell the "
              "weights which way to move, and learning stops.",
    },
    "why.grad_alive": {
        "zh": "隐藏层使用「{act}」时，{k} 个元素中有 {nz} 个不为 0：这些权重都知道该往哪个方向变。",
        "en": "With the {act}, {nz} of {k} entries are non-zero: each of those weights knows which "
              "way to move.",
    },
    "why.grad_zero_inputs_all": {
        "zh": "其余 {zeros} 个（{rows} × {hidden}）是 {rows} 个{what}的权重，"
              "它们在这个 mini-batch 的全部 {n} {unit}中都是 0。",
        "en": "The other {zeros} ({rows} × {hidden}) are the weights of {rows} {what} that are 0 "
              "in all {n} {unit} of this mini-batch.",
    },
    "why.grad_zero_inputs": {
        "zh": "其余 {zeros} 个中，有 {from_inputs} 个（{rows} × {hidden}）是 {rows} 个{what}的权重，"
              "它们在这个 mini-batch 的全部 {n} {unit}中都是 0。",
        "en": "Of the other {zeros}, {from_inputs} ({rows} × {hidden}) are the weights of {rows} "
              "{what} that are 0 in all {n} {unit} of this mini-batch.",
    },
    "why.grad_zero_always": {
        "zh": "其中 {always} 个在全部 {n_train} {unit}中都是 0。",
        "en": "{always} of them are 0 in every one of the {n_train} {unit}.",
    },
    "why.noun.pixels": {"zh": "输入像素", "en": "input pixels"},
    "why.noun.images": {"zh": "张图像", "en": "images"},
    "why.noun.train_images": {"zh": "张训练图像", "en": "training images"},
    "why.noun.inputs": {"zh": "输入", "en": "inputs"},
    "why.noun.samples": {"zh": "个样本", "en": "samples"},
    "why.noun.train_samples": {"zh": "个训练数据", "en": "training samples"},
    "why.grad_zero_why": {
        "zh": "权重的梯度等于它的输入乘以反向传回的误差（∂L/∂W1 = xᵀ · δ），"
              "输入为 0 时，它的 {hidden} 个权重就得不到梯度，与激活函数无关。",
        "en": "A weight's gradient is its input times the error flowing back (∂L/∂W1 = xᵀ · δ), so "
              "an input of 0 leaves its {hidden} weights with no gradient, whatever the activation.",
    },
    "why.grad_zero_other": {
        "zh": "还有 {other} 个元素为 0，是因为在对应输入不为 0 的每个样本中，隐藏神经元的 h′(a) 都是 0"
              "（ReLU 在 a ≤ 0 时 h′ 为 0；sigmoid 或 tanh 深度饱和时 h′ 会舍入为 0），误差传不回来。",
        "en": "{other} more entries are 0 because their hidden neuron's h′(a) was 0 in every sample "
              "where their input is not 0 (ReLU's h′ is 0 wherever a ≤ 0; a deeply saturated sigmoid "
              "or tanh has h′ rounded to 0), so no error flowed back.",
    },
    "why.spikes_count": {
        "zh": "识别精度在相邻扫描点之间变化了 {jumps} 次，它的导数却只在 {points} 个点中的 {spikes} 个上不为 0。",
        "en": "Accuracy changes {jumps} times between neighbouring sweep points, yet its derivative "
              "is non-zero at only {spikes} of the {points} points.",
    },
    "why.spikes_none": {
        "zh": "识别精度在相邻扫描点之间变化了 {jumps} 次，它的导数却在全部 {points} 个点上都是 0。",
        "en": "Accuracy changes {jumps} times between neighbouring sweep points, yet its derivative "
              "is 0 at every one of the {points} points.",
    },
    "why.spikes_why": {
        "zh": "扫描点之间相隔 {spacing}，而中心差分 (f(w + h) − f(w − h)) / 2h 只看每个点左右 h = {h} 以内："
              "这个窗口宽 2h = {window}，只占两点间距的 {share}%。只有当阶梯的某一级恰好落在某个点的窗口里时，"
              "那一点的导数才不为 0，而且是一个尖峰：每有一个样本的识别结果改变，尖峰就高出 1/{n} ÷ 2h = {height}。"
              "其余各处导数恰好为 0：在 ±h 之内，识别精度纹丝不动。",
        "en": "The points are {spacing} apart, but the central difference (f(w + h) − f(w − h)) / 2h "
              "looks only h = {h} either side of each point: a window 2h = {window} wide, {share} % "
              "of the gap between two points. The derivative is non-zero only at a point whose window "
              "a step of the staircase falls into, and there it is a spike: 1/{n} ÷ 2h = {height} "
              "for each sample whose answer flips. Everywhere else it is exactly 0: within ±h the "
              "accuracy does not move.",
    },
    "why.heat_subtitle_all": {
        "zh": "全部 {total} 个输入神经元 × {cols} 个隐藏神经元",
        "en": "all {total} inputs × {cols} hidden neurons",
    },
    "why.heat_title": {"zh": "∂L/∂W1 的热图", "en": "Heat map of ∂L/∂W1"},
    "why.heat_subtitle": {
        "zh": "{total} 个输入神经元中梯度最大的 {rows} 个 × {cols} 个隐藏神经元",
        "en": "the {rows} inputs (of {total}) with the largest gradient × {cols} hidden neurons",
    },
    "why.no_effect": {
        "zh": "这个权重对这些训练数据没有任何影响（它的输入总是 0），两条曲线都是平的。"
              "请换一个权重，或点击上面的🎯按钮。",
        "en": "This weight has no effect on these training samples (its input is always 0), so both "
              "curves are flat. Pick another weight, or press the 🎯 button above.",
    },
    "why.input_axis": {"zh": "输入神经元", "en": "Input neuron"},
    "why.hidden_axis": {"zh": "隐藏层神经元", "en": "Hidden neuron"},
    "why.grad_axis": {"zh": "∂L/∂W", "en": "∂L/∂W"},
    "why.hist_title": {"zh": "∂L/∂W1 各元素的分布", "en": "Distribution of the entries of ∂L/∂W1"},
    "why.count_axis": {"zh": "元素个数", "en": "Number of entries"},
    "why.table_act": {"zh": "激活函数", "en": "Activation"},
    "why.table_nonzero": {"zh": "不为 0 的元素", "en": "Non-zero entries"},
    "why.table_max": {"zh": "最大 |∂L/∂W1|", "en": "Largest |∂L/∂W1|"},
    "why.compare_caption": {
        "zh": "四种激活函数的对比（同一组权重，同一个 mini-batch）：",
        "en": "All four activations compared (same weights, same mini-batch):",
    },
    "why.next_header": {"zh": "接下来", "en": "What next"},
    "why.link_gradient": {
        "zh": "梯度：如何求损失函数的导数，并沿着它下降",
        "en": "Gradient: how to compute the loss's derivatives and descend along them",
    },
    "why.link_lab": {
        "zh": "训练实验室：把激活函数换成阶跃函数，看看学习是否还能进行",
        "en": "Training lab: switch the activation to the step function and see whether learning still happens",
    },
    # presentation mode: one scene at a time (pages/why_loss.py SCENES), a caption each; titles
    # short enough for the top bar beside its buttons at 1024 px
    "why.scene.staircase.title": {"zh": "① 只改变一个权重", "en": "① Move one weight"},
    "why.scene.staircase": {
        "zh": "只改变一个权重：识别精度一级一级地跳，损失函数平滑地变化。",
        "en": "Move one weight: accuracy jumps in steps, the loss changes smoothly.",
    },
    "why.scene.derivative.title": {"zh": "两者的导数", "en": "Their derivatives"},
    "why.scene.derivative": {
        "zh": "识别精度的导数几乎处处为 0，损失函数的导数却不是。",
        "en": "Accuracy's derivative is 0 almost everywhere; the loss's is not.",
    },
    "why.scene.nudge.title": {"zh": "32% 还是 32%", "en": "32 % stays 32 %"},
    "why.scene.nudge": {
        "zh": "稍微改变权重，识别精度纹丝不动，损失函数却能感知。所以学习不能以识别精度为指标。",
        "en": "Nudge the weight: accuracy does not move, the loss does. So learning cannot follow "
              "accuracy.",
    },
    "why.scene.activation.title": {"zh": "② 阶跃与 sigmoid", "en": "② Step vs sigmoid"},
    "why.scene.activation": {
        "zh": "阶跃函数的导数除 0 以外处处为 0；sigmoid 的导数处处不为 0。",
        "en": "The step's derivative is 0 except at 0; the sigmoid's is never 0.",
    },
    "why.scene.gradient.title": {"zh": "③ W1 的梯度", "en": "③ The gradient of W1"},
    "why.scene.gradient": {
        "zh": "换成阶跃函数，梯度的每个元素都是 0：学习停止了。",
        "en": "With the step function the whole gradient is 0: learning stops.",
    },
    "why.scene.next": {
        "zh": "下一步：求出损失函数的梯度，并沿着它下降。",
        "en": "Next: compute the loss's gradient and descend along it.",
    },
    "why.more": {"zh": "更多设置", "en": "More settings"},
    "why.view": {"zh": "显示哪一幅图", "en": "Which view"},
    "why.tab.heat": {"zh": "热图", "en": "Heat map"},
    "why.tab.hist": {"zh": "分布", "en": "Distribution"},
    "why.tab.compare": {"zh": "四种对比", "en": "All four"},
}
