"""Strings for the mini-batch learning page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "mb.title": {"zh": "mini-batch 学习", "en": "Mini-batch learning"},
    "mb.intro": {
        "zh": "用训练数据学习，就是计算损失函数的值并让它不断减小。严格地说，损失函数应当以**全部训练数据**"
              "为对象：把每个样本的损失加起来再除以样本数 N，得到平均损失。",
        "en": "Learning from training data means computing the loss function and making it smaller. "
              "Strictly, the loss should cover **all of the training data**: add up every sample's "
              "loss and divide by the number of samples N to get the average loss.",
    },
    "mb.intro2": {
        "zh": "可是仅 MNIST 就有 60,000 个训练数据，有的数据集甚至有上百万、上千万个样本，每更新一次参数都"
              "把它们全部算一遍是不现实的。于是我们从全部数据中随机选出一小批（mini-batch，例如 100 个），"
              "用它的损失作为全体的**近似**，这就是 mini-batch 学习。就像用抽样调查来估计电视收视率，"
              "不必询问每一户人家。",
        "en": "But MNIST alone has 60,000 training samples, and some data sets have millions: computing "
              "the loss over all of them for every update is impractical. So we pick a small random "
              "batch (a mini-batch, e.g. 100 samples) and use its loss as an **approximation** of the "
              "whole: mini-batch learning. It is like estimating TV ratings from a sample of homes "
              "instead of asking every household.",
    },
    "mb.network_header": {"zh": "本页使用的神经网络", "en": "The network on this page"},
    "mb.iterations": {"zh": "预先训练的次数", "en": "Training iterations beforehand"},
    "mb.iterations_help": {
        "zh": "0 表示未经训练的网络（每个样本的损失都接近 log K，K 为类别数）；训练过的网络对不同样本的把握不同，"
              "样本之间的损失差别更大。",
        "en": "0 means an untrained network (every sample's loss is close to log K for K classes); a trained network "
              "is sure of some samples and unsure of others, so losses differ more between samples.",
    },
    "mb.network_caption": {
        "zh": "两层神经网络（{sizes}，sigmoid），用 mini-batch（每批 100 个样本，学习率 {lr}）训练了 {iters} 次；"
              "在训练数据上的识别精度为 {acc}。",
        "en": "Two-layer network ({sizes}, sigmoid), trained for {iters} mini-batch steps (100 samples, "
              "learning rate {lr}); accuracy on the training data: {acc}.",
    },
    "mb.draw_header": {"zh": "① 抽取一个 mini-batch", "en": "① Draw a mini-batch"},
    "mb.batch_size": {"zh": "batch 大小", "en": "Batch size"},
    "mb.batch_size_help": {
        "zh": "每次从训练数据中随机抽取的样本个数。",
        "en": "How many samples are drawn at random from the training data.",
    },
    "mb.draw_again": {"zh": "🎲 重新抽取", "en": "🎲 Draw again"},
    "mb.draw_number": {"zh": "第 {n} 次抽取", "en": "Draw no. {n}"},
    "mb.clamped": {
        "zh": "训练数据只有 {n} 个样本，batch 大小 {sizes} 已改为 {n}。",
        "en": "The training data has only {n} samples, so batch size {sizes} was reduced to {n}.",
    },
    "mb.book_caption": {"zh": "书中这样抽取 mini-batch：", "en": "The book draws a mini-batch like this:"},
    "mb.code_caption": {
        "zh": "这个应用实际运行的代码（本页的这次抽取就是它抽出来的）：",
        "en": "The code this app runs (it drew the batch on this page):",
    },
    "mb.same_kind": {
        "zh": "应用用带种子的随机数生成器（np.random.default_rng）代替书中 NumPy 的全局随机状态，"
              "这样每个学生用同一个种子都能重现同一次抽取；抽出的样本和书中是同一种："
              "从 0 到 train_size−1 中均匀地、可重复地抽取（np.random.choice 默认 replace=True）。",
        "en": "The app draws from a seeded generator (np.random.default_rng) instead of the book's "
              "global NumPy state so that every student can repeat a draw with the same seed, and "
              "it draws the same kind of sample as the book: uniformly from 0 to train_size−1, "
              "with replacement (np.random.choice's default replace=True).",
    },
    "mb.indices": {"zh": "抽到的样本编号", "en": "Indices of the drawn samples"},
    "mb.more_indices": {"zh": "……（共 {n} 个）", "en": "… ({n} in all)"},
    "mb.images_caption": {
        "zh": "抽到的图像（显示前 {shown} 个，共 {n} 个），标题为正确解标签。",
        "en": "The drawn images (first {shown} of {n}), captioned with their correct labels.",
    },
    "mb.points_title": {"zh": "训练数据中被抽到的点", "en": "The drawn points among the training data"},
    "mb.x0": {"zh": "特征 x₀", "en": "Feature x₀"},
    "mb.x1": {"zh": "特征 x₁", "en": "Feature x₁"},
    "mb.class": {"zh": "类别", "en": "Class"},
    "mb.times_drawn": {"zh": "被抽到的次数", "en": "Times drawn"},
    "mb.not_drawn": {"zh": "未抽到", "en": "not drawn"},
    "mb.index": {"zh": "编号", "en": "Index"},
    "mb.batch_loss": {"zh": "这个 mini-batch 的损失", "en": "Loss of this mini-batch"},
    "mb.full_loss": {"zh": "全部训练数据的损失", "en": "Loss over all training data"},
    "mb.full_loss_help": {
        "zh": "对全部 {n} 个训练样本的交叉熵误差取平均。",
        "en": "The cross-entropy error averaged over all {n} training samples.",
    },
    "mb.gap": {"zh": "两者之差", "en": "Difference"},
    "mb.estimate_header": {"zh": "② 多次抽取：估计有多准？", "en": "② Many draws: how good is the estimate?"},
    "mb.estimate_text": {
        "zh": "对每种 batch 大小各抽取 {draws} 次，每个点是一次 mini-batch 的损失；竖线是全部训练数据的损失。"
              "batch 越大，估计越集中在真实值附近。",
        "en": "{draws} draws for each batch size; every mark is the loss of one mini-batch, the "
              "vertical rule is the loss over all training data. The larger the batch, the tighter "
              "the estimates gather around the true value.",
    },
    "mb.draws": {"zh": "每种 batch 大小的抽取次数", "en": "Draws per batch size"},
    "mb.strip_title": {"zh": "mini-batch 损失的分布", "en": "Distribution of mini-batch losses"},
    "mb.loss_axis": {"zh": "损失函数的值（交叉熵误差）", "en": "Loss (cross-entropy error)"},
    "mb.batch_axis": {"zh": "batch 大小", "en": "Batch size"},
    "mb.full_rule": {"zh": "全部训练数据的损失", "en": "Loss over all training data"},
    "mb.draw_field": {"zh": "第几次", "en": "Draw"},
    "mb.spread_title": {
        "zh": "估计的离散程度与 batch 大小（双对数坐标）",
        "en": "Spread of the estimate vs batch size (log–log)",
    },
    "mb.std_axis": {"zh": "mini-batch 损失的标准差", "en": "Std. dev. of batch losses"},
    "mb.measured": {"zh": "实测", "en": "measured"},
    "mb.reference": {"zh": "σ/√B（理论）", "en": "σ/√B (theory)"},
    "mb.series": {"zh": "曲线", "en": "Series"},
    "mb.spread_text": {
        "zh": "batch 大小为 1 时，标准差为 {s1}；为 {bmax} 时为 {smax}，缩小到约 1/{ratio}。"
              "理论上标准差 = σ/√B（σ = {sigma} 是单个样本损失的标准差），batch 大 {bmax} 倍，"
              "误差只缩小 √{bmax} ≈ {sqrt} 倍。",
        "en": "At batch size 1 the standard deviation is {s1}; at {bmax} it is {smax}, about "
              "1/{ratio} of it. Theory says σ/√B (σ = {sigma} is the spread of single-sample losses): "
              "a batch {bmax} times larger shrinks the error only √{bmax} ≈ {sqrt} times.",
    },
    "mb.time_header": {"zh": "③ 一步梯度要花多少时间？", "en": "③ What does one gradient step cost?"},
    "mb.time_text": {
        "zh": "用误差反向传播计算一次梯度所花的时间（{repeats} 次测量中最快的一次，在本机实时测得）。",
        "en": "Time to compute one gradient by backpropagation (the fastest of {repeats} runs, "
              "measured live on this machine).",
    },
    "mb.time_title": {"zh": "一次梯度计算的耗时", "en": "Time for one gradient computation"},
    "mb.ms_axis": {"zh": "耗时（毫秒）", "en": "Time (ms)"},
    "mb.all_data": {"zh": "全部数据", "en": "all data"},
    "mb.time_summary": {
        "zh": "用全部 {n} 个训练样本算一次梯度约需 {full_ms} 毫秒，而 100 个样本的 mini-batch 只需约 "
              "{batch_ms} 毫秒，快约 {speedup} 倍；同样的时间里可以更新参数约 {speedup} 次。"
              "按这个速度，MNIST 的 60,000 个样本每步约需 {mnist_ms} 毫秒。",
        "en": "One gradient over all {n} training samples takes about {full_ms} ms; a mini-batch of "
              "100 takes about {batch_ms} ms, roughly {speedup}× faster: about {speedup} parameter "
              "updates in the same time. At this rate MNIST's 60,000 samples would cost about "
              "{mnist_ms} ms per step.",
    },
    "mb.measure_again": {"zh": "⏱️ 重新测量", "en": "⏱️ Measure again"},
    "mb.takeaway": {
        "zh": "**小结：** mini-batch 的损失是全部训练数据损失的无偏估计，估计误差按 1/√B 缩小，而计算量按 B 增长。"
              "所以用一个不大的 mini-batch（比如 100）就能以很小的代价得到足够好的方向。",
        "en": "**Takeaway:** a mini-batch's loss is an unbiased estimate of the loss over all training "
              "data; its error shrinks like 1/√B while its cost grows like B. So a modest mini-batch "
              "(say 100) gives a good enough direction at a small price.",
    },
    "mb.next": {"zh": "下一步：为何要设定损失函数", "en": "Next: why a loss, not accuracy"},
    # ---------------------------------------------------------------- the projector's scenes
    "mb.scene.whole": {"zh": "全部训练数据的损失", "en": "The loss over all training data"},
    "mb.scene.samples": {"zh": "抽到的样本", "en": "The samples drawn"},
    "mb.scene.spread": {"zh": "误差按 1/√B 缩小", "en": "The error shrinks like 1/√B"},
    "mb.caption.whole": {
        "zh": "严格地说，损失要对全部 N 个训练数据求平均；可 MNIST 就有 60,000 个样本。",
        "en": "Strictly, the loss averages over all N training samples: 60,000 for MNIST.",
    },
    "mb.caption.draw": {
        "zh": "随机抽出的一批样本，它的损失近似全部数据的损失。",
        "en": "A random batch's loss approximates the whole set's loss.",
    },
    "mb.caption.samples": {
        "zh": "这一批样本是从训练数据中随机抽出来的，同一个样本可能被抽到两次。",
        "en": "A random sample of the training data: one sample may come twice.",
    },
    "mb.caption.estimate": {
        "zh": "batch 越大，估计越集中在真实值（虚线）附近。",
        "en": "Larger batches land closer to the true loss (dashed line).",
    },
    "mb.caption.spread": {
        "zh": "batch 大 100 倍，误差只缩小到 1/10：标准差是 σ/√B。",
        "en": "100 times the batch, only 10 times the precision: σ/√B.",
    },
    "mb.caption.time": {
        "zh": "小批量以很小的代价给出足够好的方向。",
        "en": "A small batch points the way at a fraction of the cost.",
    },
}
