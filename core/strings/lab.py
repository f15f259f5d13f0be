"""Strings for the training lab page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "lab.title": {"zh": "训练实验室", "en": "Training lab"},
    "lab.intro": {
        "zh": "设定损失函数、mini-batch 的大小、激活函数和学习率，按下“开始学习”，"
              "观察损失函数的值、梯度以及训练数据和测试数据上的识别精度如何随学习变化。"
              "默认设置与书中相同：交叉熵误差、sigmoid 函数、batch 大小 100、学习率 0.1、"
              "隐藏层 50 个神经元、权重初始值的标准差 0.01、SGD。",
        "en": "Choose the loss function, the mini-batch size, the activation and the learning "
              "rate, press Train, and watch the loss, the gradient and the accuracy on the "
              "training and test data move while the network learns. The defaults are the "
              "book's: cross-entropy, sigmoid, batch 100, learning rate 0.1, 50 hidden units, "
              "initial weights with standard deviation 0.01, SGD.",
    },
    "lab.settings": {"zh": "学习的设置", "en": "Training settings"},
    # --- the lab as scenes on the projector (pages.scenes): a title and a one-line caption each
    "lab.scene.settings": {
        "zh": "先定好损失函数、激活函数、batch 大小和学习率，再按“开始学习”。",
        "en": "Pick the loss, the activation, the batch size and the learning rate, then press Train.",
    },
    "lab.scene.run_title": {"zh": "实时学习", "en": "The live run"},
    "lab.scene.run": {
        "zh": "损失在下降，识别精度在上升：网络正在从数据中学习。",
        "en": "The loss falls and the accuracy rises: the network is learning from the data.",
    },
    "lab.scene.results": {
        "zh": "学习之后，看网络在测试数据上把哪些类别弄混了。",
        "en": "After training: which classes does the network still mix up on the test data?",
    },
    "lab.scene.experiments": {
        "zh": "每个实验只改变一个设置，其余都用书中的设置。",
        "en": "Each experiment changes one setting only; everything else is the book's.",
    },
    "lab.scene.compare": {
        "zh": "把几次训练放在一起比较：哪个设置学得更快、更好？",
        "en": "Runs side by side: which setting learns faster, and better?",
    },
    "lab.more_settings": {
        "zh": "更多设置",
        "en": "More settings",
    },
    "lab.results_wait": {
        "zh": "先训练一次：学习结束后，这里会显示混淆矩阵和识别错误的图像。",
        "en": "Train a run first: when it ends, its confusion matrix and its mistakes appear here.",
    },
    # --- controls
    "lab.loss": {"zh": "损失函数", "en": "Loss function"},
    "lab.loss.cross_entropy": {"zh": "交叉熵误差", "en": "Cross-entropy"},
    "lab.loss.mse": {"zh": "均方误差", "en": "Mean squared error"},
    "lab.loss_help": {
        "zh": "学习要最小化的指标。交叉熵误差只看正确解标签对应的输出；均方误差看所有输出与监督数据之差。",
        "en": "The indicator learning minimises. Cross-entropy looks only at the output of the "
              "correct class; mean squared error at every output's distance from the label.",
    },
    "lab.activation": {"zh": "隐藏层的激活函数", "en": "Hidden activation"},
    "lab.act.step": {"zh": "阶跃函数", "en": "Step"},
    "lab.act.sigmoid": {"zh": "sigmoid", "en": "Sigmoid"},
    "lab.act.relu": {"zh": "ReLU", "en": "ReLU"},
    "lab.act.tanh": {"zh": "tanh", "en": "tanh"},
    "lab.activation_help": {
        "zh": "阶跃函数的导数几乎处处为 0，用它学习会停滞；sigmoid 的导数处处不为 0。",
        "en": "The step function's derivative is 0 almost everywhere, so learning stalls with "
              "it; sigmoid's derivative is never 0.",
    },
    "lab.init": {"zh": "权重的初始值", "en": "Weight initialisation"},
    "lab.init.std": {"zh": "书中的：高斯 σ = 0.01", "en": "Book: Gaussian σ = 0.01"},
    "lab.init.xavier": {"zh": "Xavier 初始值", "en": "Xavier"},
    "lab.init.he": {"zh": "He 初始值", "en": "He"},
    "lab.init_help": {
        "zh": "书中的做法：从标准差 σ = 0.01 的高斯分布中随机抽取初始权重；Xavier 和 He 按上一层的神经元数调整标准差。"
              "同一个随机种子给出同样的初始权重，结果可以复现。",
        "en": "The book draws the initial weights from a Gaussian with standard deviation σ = 0.01; "
              "Xavier and He scale it to the number of neurons in the layer before. The same seed "
              "gives the same initial weights, so a run can be repeated.",
    },
    "lab.optimizer": {"zh": "参数的更新方法", "en": "Optimiser"},
    "lab.opt.sgd": {"zh": "SGD（书中的）", "en": "SGD (the book's)"},
    "lab.opt.momentum": {"zh": "Momentum", "en": "Momentum"},
    "lab.opt.adam": {"zh": "Adam", "en": "Adam"},
    "lab.optimizer_help": {
        "zh": "SGD 沿梯度方向前进“学习率 × 梯度”；Momentum 和 Adam 是后面章节介绍的改进方法。",
        "en": "SGD moves by learning rate × gradient; Momentum and Adam are refinements the "
              "book introduces in a later chapter.",
    },
    "lab.batch": {"zh": "mini-batch 的大小", "en": "Mini-batch size"},
    "lab.batch_help": {
        "zh": "每次更新参数时使用的训练数据数量，1 到 {n}（全部训练数据）。",
        "en": "Training samples used for each update, from 1 to {n} (all the training data).",
    },
    "lab.batch_presets": {"zh": "常用的 batch 大小", "en": "Common batch sizes"},
    "lab.batch_all": {"zh": "全部", "en": "all"},
    "lab.lr": {"zh": "学习率（对数刻度）", "en": "Learning rate (log scale)"},
    "lab.lr_help": {
        "zh": "每次更新沿梯度方向前进多远。太小学得慢，太大会发散。",
        "en": "How far each update moves along the gradient. Too small learns slowly; too "
              "large diverges.",
    },
    "lab.sampling": {"zh": "mini-batch 的抽取方式", "en": "Mini-batch sampling"},
    "lab.sampling.replacement": {
        "zh": "书中的做法：每次随机抽取（np.random.choice）",
        "en": "The book's: a fresh random draw each time (np.random.choice)",
    },
    "lab.sampling.shuffle": {
        "zh": "每个 epoch 打乱后依次使用",
        "en": "Shuffle once per epoch, then go through in order",
    },
    "lab.sampling_help": {
        "zh": "书中每次用 np.random.choice 抽取，同一个样本可能被抽到多次；打乱的方式保证每个 epoch 每个样本正好用一次。",
        "en": "The book draws with np.random.choice, so a sample may repeat; shuffling uses "
              "every sample exactly once per epoch.",
    },
    "lab.layers": {"zh": "隐藏层层数", "en": "Hidden layers"},
    "lab.units": {"zh": "每层神经元数", "en": "Units per layer"},
    "lab.units_help": {"zh": "书中的两层神经网络用 50 个。", "en": "The book's two-layer net uses 50."},
    "lab.epochs": {"zh": "epoch 数", "en": "Epochs"},
    "lab.epochs_help": {
        "zh": "1 个 epoch 指用完全部训练数据所需的更新次数。默认值会让学习进行约 {target:,} 次。",
        "en": "One epoch is the number of updates that uses up the training data once. By "
              "default it is set so a run takes about {target:,} iterations.",
    },
    "lab.seed": {"zh": "随机种子", "en": "Seed"},
    "lab.seed_help": {
        "zh": "决定网络的初始权重、mini-batch 的抽取顺序，以及“训练数据的数量”小于全部时取哪些样本；"
              "在你改动它之前一直等于侧边栏的种子。训练数据与测试数据的划分只由侧边栏的种子决定。"
              "同一个种子得到同样的曲线。",
        "en": "Fixes the network's initial weights, the order of the mini-batches and which samples "
              "a smaller training subset keeps; it equals the sidebar's seed until you change it "
              "here. The split into training and test data follows the sidebar's seed only. The "
              "same seed gives the same curves.",
    },
    "lab.train_size": {"zh": "训练数据的数量", "en": "Training-set size"},
    "lab.train_size_help": {
        "zh": "只用一部分训练数据（各类别比例不变）；测试数据不变。数据少时更容易过拟合。",
        "en": "Train on part of the training data (class shares kept); the test data stay the "
              "same. Less data over-fits more easily.",
    },
    "lab.all": {"zh": "全部（{n:,}）", "en": "all ({n:,})"},
    "lab.length": {
        "zh": "{n:,} 个训练数据 → 每个 epoch {per_epoch:,} 次更新，共 {epochs:,} 个 epoch = {total:,} 次。",
        # counts as "label: number", so that 1 reads right without plural rules
        "en": "{n:,} training samples → updates per epoch: {per_epoch:,} × epochs: {epochs:,} "
              "= iterations: {total:,}.",
    },
    # --- run controls
    "lab.train": {"zh": "开始学习", "en": "Train"},
    "lab.pause": {"zh": "暂停", "en": "Pause"},
    "lab.resume": {"zh": "继续", "en": "Resume"},
    "lab.step_epoch": {"zh": "学习 1 个 epoch", "en": "Step one epoch"},
    "lab.step_epoch_help": {
        "zh": "只学习到下一个 epoch 结束就暂停，方便逐步观察。",
        "en": "Train up to the end of the next epoch, then pause: watch it step by step.",
    },
    "lab.reset": {"zh": "重置", "en": "Reset"},
    "lab.log_scale": {"zh": "损失用对数刻度", "en": "Log scale for the loss"},
    "lab.settings_changed": {
        "zh": "设置已更改：当前曲线仍是原来的设置。按“开始学习”用新设置重新学习。",
        "en": "Settings changed: the curves still show the old settings. Press Train to start "
              "over with the new ones.",
    },
    "lab.press_train": {
        "zh": "按“开始学习”开始。学习过程中图表会实时更新，其他控件照常可用。",
        "en": "Press Train to start. The charts update live while it learns, and the other "
              "controls keep working.",
    },
    "lab.progress": {
        "zh": "第 {it} / {total} 次 · epoch {epoch} / {epochs} · 每秒 {rate} 个样本",
        "en": "Iteration {it} / {total} · epoch {epoch} / {epochs} · {rate} samples/s",
    },
    "lab.progress_short": {"zh": "{status}{it} / {total}", "en": "{status} {it} / {total}"},
    "lab.status.running": {"zh": "学习中……", "en": "Training…"},
    "lab.status.paused": {"zh": "已暂停。", "en": "Paused."},
    "lab.status.finished": {"zh": "学习已完成。", "en": "Training finished."},
    "lab.status.diverged": {"zh": "学习发散，已停止。", "en": "Training diverged and stopped."},
    # --- metrics
    "lab.metric.train_acc": {"zh": "训练数据的识别精度", "en": "Train accuracy"},
    "lab.metric.test_acc": {"zh": "测试数据的识别精度", "en": "Test accuracy"},
    # in the projector's row of the run's buttons
    "lab.metric.train_acc_short": {"zh": "训练精度", "en": "Train accuracy"},
    "lab.metric.test_acc_short": {"zh": "测试精度", "en": "Test accuracy"},
    "lab.metric.gap": {"zh": "训练与测试之差", "en": "Gap (train − test)"},
    "lab.metric.gap_help": {
        "zh": "训练数据上的精度比测试数据高出越多，越说明在过拟合，泛化能力不足。",
        "en": "The further train accuracy pulls ahead of test accuracy, the more the network "
              "over-fits: it generalises less well.",
    },
    "lab.metric.test_loss": {"zh": "测试数据的损失", "en": "Test loss"},
    "lab.metric.batch_loss": {"zh": "最近 mini-batch 的损失", "en": "Last mini-batch loss"},
    # --- charts
    "lab.chart.iteration": {"zh": "更新次数（iteration）", "en": "Iteration"},
    "lab.chart.epoch": {"zh": "epoch", "en": "Epoch"},
    "lab.chart.series": {"zh": "曲线", "en": "Series"},
    "lab.chart.train": {"zh": "训练数据", "en": "Training data"},
    "lab.chart.test": {"zh": "测试数据", "en": "Test data"},
    "lab.chart.loss.title": {"zh": "损失函数的值", "en": "Loss"},
    "lab.chart.loss.y": {"zh": "损失", "en": "Loss"},
    "lab.chart.loss.minibatch": {"zh": "每个 mini-batch", "en": "Each mini-batch"},
    "lab.chart.loss.smoothed": {"zh": "平滑后", "en": "Smoothed"},
    "lab.chart.grad.title": {"zh": "各层梯度的大小（L2 范数，对数刻度）",
                             "en": "Size of each layer's gradient (L2 norm, log scale)"},
    "lab.chart.grad.y": {"zh": "梯度的 L2 范数", "en": "Gradient L2 norm"},
    "lab.chart.grad.series": {"zh": "层", "en": "Layer"},
    "lab.chart.grad.layer": {"zh": "第 {n} 层", "en": "Layer {n}"},
    "lab.chart.hist.title": {"zh": "第 1 层权重的当前梯度分布",
                             "en": "Current gradient of the first layer's weights"},
    "lab.chart.hist.x": {"zh": "梯度的值 ∂L/∂W1", "en": "Gradient value ∂L/∂W1"},
    "lab.chart.hist.y": {"zh": "权重个数", "en": "Number of weights"},
    "lab.chart.hist.from": {"zh": "从", "en": "From"},
    "lab.chart.hist.to": {"zh": "到", "en": "To"},
    "lab.chart.acc.title": {"zh": "识别精度（每个 epoch）", "en": "Accuracy (per epoch)"},
    "lab.chart.acc.y": {"zh": "识别精度", "en": "Accuracy"},
    "lab.chart.acc.gap": {"zh": "差距（过拟合）", "en": "Gap (over-fitting)"},
    # --- when learning breaks
    "lab.diverged": {
        "zh": "第 {it} 次更新时损失或梯度变成了无穷大或 NaN，学习已停止，前面的曲线保留了下来。"
              "原因是学习率 {lr} 太大：每次更新走得太远，越过了谷底，权重越来越大。"
              "试试更小的学习率，例如 {suggestion}。（打开对数刻度可以看清发散前的曲线。）",
        "en": "At iteration {it} the loss or the gradient became infinite or NaN, so training "
              "stopped; the curve so far is kept. The learning rate {lr} is too large: each update jumps "
              "past the bottom of the valley and the weights blow up. Try a smaller one, "
              "such as {suggestion}. (Switch on the log scale to see the curve before it blew up.)",
    },
    "lab.use_lr": {"zh": "改用学习率 {lr}", "en": "Use learning rate {lr}"},
    # On the projector a finding is one line (its popover holds the why and what to change).
    "lab.finding": {"zh": "⚠️ {what}：原因和办法", "en": "⚠️ {what}: why, and what to change"},
    "lab.step.title": {
        "zh": "**阶跃函数：第 1 层学不到东西**",
        "en": "**Step function: the first layer learns nothing**",
    },
    # On the projector: one line, its popover holding the figures and the why.
    "lab.step.short": {"zh": "⚠️ 阶跃函数：第 1 层改变了的权重 {changed}",
                       "en": "⚠️ Step function: first-layer weights changed {changed}"},
    "lab.step.changed": {"zh": "第 1 层中改变了的权重", "en": "First-layer weights changed"},
    "lab.step.drift": {"zh": "max |W1 − 初始 W1|", "en": "max |W1 − initial W1|"},
    "lab.step.grad": {"zh": "第 1 层梯度的 L2 范数", "en": "First-layer gradient L2 norm"},
    "lab.step.explain": {
        "zh": "阶跃函数的导数除了 0 以外处处为 0，所以误差反向传播到第 1 层时梯度变成了 0，"
              "第 1 层的权重一直停在初始值（上面的数字都是 0）。不过学习并没有完全停止："
              "输出层仍然在学习——它把隐藏层输出的、由随机初始权重决定的固定的 0/1 特征组合起来。"
              "所以损失会先下降一些，然后停滞在比 sigmoid 高得多的地方，识别精度也停在较低的水平。",
        "en": "The step function's derivative is 0 everywhere except at 0, so the gradient "
              "that reaches the first layer is 0 and its weights stay at their initial values "
              "(the figures above are 0). Learning does not stop completely, though: the output "
              "layer still learns, combining the hidden layer's fixed 0/1 features, which the "
              "random initial weights decided. So the loss drops a little, then plateaus far "
              "above sigmoid's, and the accuracy stalls lower too.",
    },
    "lab.step.link": {"zh": "为何要设定损失函数（阶跃函数与导数）",
                      "en": "Why a loss, not accuracy (the step function and derivatives)"},
    # --- experiments and after training
    "lab.exp_running": {
        "zh": "正在进行关键实验：这一次训练结束后还有 {left} 次。",
        "en": "Key experiment under way: {left} more run(s) after this one.",
    },
    "lab.after.heading": {"zh": "学习之后：测试数据上的结果", "en": "After training: results on the test data"},
    "lab.boundary_note": {
        "zh": "背景颜色是网络在第 {it} 次更新时对平面上每一点的预测（颜色越深越有把握）；"
              "圆点是训练数据，三角是测试数据。学习过程中每隔约一秒刷新一次。",
        "en": "The background is the network's prediction for every point of the plane at "
              "iteration {it} (darker = more confident); circles are training data, triangles "
              "test data. While training it refreshes about once a second.",
    },
    # --- exports
    "lab.download_csv": {"zh": "下载学习记录（CSV）", "en": "Download history (CSV)"},
    "lab.download_json": {"zh": "下载设置（JSON）", "en": "Download settings (JSON)"},
    "lab.download_html": {"zh": "下载图表（HTML，可另存为 SVG/PNG）",
                          "en": "Download charts (HTML, save as SVG/PNG)"},
    "lab.export_help": {
        "zh": "把鼠标移到图表上，右上角的工具栏可以“下载为 PNG”；下载的 HTML 文件在浏览器中打开后，"
              "每个图表的 ⋯ 菜单可以另存为 SVG 或 PNG。地址栏里的链接包含全部设置，"
              "用同一个随机种子打开会得到同样的曲线。",
        "en": "Hover over a chart: its toolbar (top right) offers Download as PNG. Open the "
              "downloaded HTML file in a browser and each chart's ⋯ menu saves it as SVG or "
              "PNG. The link in the address bar holds every setting: opened with the same seed, "
              "it gives the same curves.",
    },
    # "settings that learn this": core.presets
    "lab.preset.button": {"zh": "使用能学会这个数据集的设置", "en": "Use settings that learn this data set"},
    "lab.preset.help": {
        "zh": "ReLU 激活函数、He 初始值和 Adam（书的第 6 章），学习率 0.01，{layers} 个隐藏层、每层 {units} 个神经元。在这个数据集上，用默认的训练长度就能达到至少 {acc}% 的测试识别精度。",
        "en": "ReLU with He initial values and Adam (chapter 6 of the book), learning rate 0.01, {layers} hidden layer(s) of {units} units. On this data set they reach at least {acc} % test accuracy within the default run length.",
    },
    "lab.preset.help_csv": {
        "zh": "ReLU 激活函数、He 初始值和 Adam（书的第 6 章），学习率 0.01，{layers} 个隐藏层、每层 {units} 个神经元：对一张陌生的表格来说是稳妥的起点。",
        "en": "ReLU with He initial values and Adam (chapter 6 of the book), learning rate 0.01, {layers} hidden layer(s) of {units} units: a safe start for an unknown table.",
    },
    # the compute budget per run (core.budget)
    "budget.seconds": {"zh": "{n} 秒", "en": "{n} seconds"},
    "budget.minutes": {"zh": "{n} 分钟", "en": "{n} minutes"},
    "budget.hours": {"zh": "{n} 小时", "en": "{n} hours"},
    "lab.budget.over": {
        "zh": "这次训练大约需要 {estimate}的计算；在共享的服务器上，每次训练最多 {limit}。请减小 mini-batch 大小、隐藏层神经元数或 epoch 数（按现在的设置，最多 {epochs} 个 epoch 能在时限内完成）。",
        "en": "This run would take about {estimate} of computing; a shared server allows at most {limit} per run. Lower the batch size, the hidden units or the epochs (with these settings at most {epochs} epochs fit).",
    },
    "lab.budget.help": {
        "zh": "预计计算时间：约 {estimate}（每次训练的上限：{limit}）。",
        "en": "Estimated computing time: about {estimate} (limit per run: {limit}).",
    },
}
