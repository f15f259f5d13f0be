"""Strings for the draw-a-digit page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "nav.draw": {"zh": "手写一个数字", "en": "Draw a digit"},
    "draw.title": {"zh": "手写一个数字，让网络来认", "en": "Draw a digit for the network"},
    "draw.intro": {
        "zh": "第 4 章一开始就问：要写一个识别手写数字“5”的程序，该怎么写？规则很难写出来，"
              "所以我们让神经网络**从数据中学习**。现在轮到你了：在画板上写一个数字，"
              "看看训练好的网络读到了哪些像素、给每个数字多大的概率，"
              "以及对于你想写的那个数字，损失有多大。",
        "en": "Chapter 4 opens with a question: how would you write a program that recognises a "
              "handwritten 5? The rules are hard to write down, so the network **learns from "
              "data** instead. Now it is your turn: write a digit on the pad and see which pixels "
              "a trained network reads, how much probability it gives each digit, and the loss "
              "for the digit you meant.",
    },
    # ---------------------------------------------------------------- the scenes (projector)
    "draw.scene.pad": {"zh": "写一个数字", "en": "Write a digit"},
    "draw.scene.pad.caption": {
        "zh": "在画板上写一个大大的数字。每写完一笔，网络就给十个数字各打一个概率。",
        "en": "Write one large digit on the pad. After every stroke the network gives each of "
              "the ten digits a probability.",
    },
    "draw.scene.reads.caption": {
        "zh": "网络看不到笔画，只看到一格一格的灰度值：你的字像训练图像那样被裁剪、缩放、居中。",
        "en": "The network never sees strokes, only a grid of grey values: your digit cropped, "
              "scaled and centred like the training images.",
    },
    "draw.scene.loss.caption": {
        "zh": "告诉网络你想写的是哪个数字：交叉熵误差只看网络给这个数字的概率。",
        "en": "Tell the network which digit you meant: the cross-entropy error looks only at "
              "the probability it gave that digit.",
    },
    "draw.scene.inside": {"zh": "网络内部", "en": "Inside the network"},
    "draw.scene.inside.caption": {
        "zh": "每个隐藏单元给每个像素一个权重；网络正是从这样的训练图像里学会数字长什么样的。",
        "en": "Each hidden unit weighs every pixel; the network learned what a digit looks like "
              "from training images like these.",
    },
    "draw.scene.collect.caption": {
        "zh": "把全班写的数字收集起来：网络的测试准确率，对它从没见过的字迹还成立吗？",
        "en": "Collect the class's own digits: does the test accuracy hold for handwriting the "
              "network has never seen?",
    },
    # ---------------------------------------------------------------- which network answers
    "draw.net.choice": {"zh": "由哪个网络来回答", "en": "Which network answers"},
    "draw.net.short": {"zh": "回答的网络", "en": "The network"},  # a narrow column's label
    "draw.net.lab": {"zh": "你在训练实验室里训练的网络", "en": "Your network from the training lab"},
    "draw.net.reference": {"zh": "参考网络（MNIST-5k，书中的设置）",
                           "en": "The reference network (MNIST-5k, the book's settings)"},
    "draw.net.lab_info": {
        "zh": "现在回答的是**你在训练实验室里最后训练的网络**：{data}（{shape} 的图像），"
              "训练了 {iterations} 次迭代，测试准确率 {accuracy}。",
        "en": "Answering: **the network you trained last in the training lab**, on {data} "
              "({shape} images), after {iterations} iterations; test accuracy {accuracy}.",
    },
    "draw.net.reference_info": {
        "zh": "现在回答的是**参考网络**：书中的两层网络（50 个 sigmoid 隐藏单元，学习率 0.1，"
              "mini-batch 大小 100，迭代 10,000 次），在 MNIST-5k 的 {n_train} 张训练图像上训练了一次，"
              "这台服务器上的所有人共用；它在 {n_test} 张测试图像上的准确率为 {accuracy}。",
        "en": "Answering: **the reference network**, the book's two-layer network (50 sigmoid "
              "hidden units, learning rate 0.1, mini-batches of 100, 10,000 iterations) trained "
              "once on MNIST-5k's {n_train} training images and shared by everyone on this "
              "server; test accuracy {accuracy} on its {n_test} test images.",
    },
    "draw.net.lab_hint": {
        "zh": "在训练实验室里用 8×8 手写数字、MNIST-5k 或 MNIST 训练一个网络，它就会在这里回答你。",
        "en": "Train a network in the training lab on the 8 × 8 digits, MNIST-5k or MNIST, and "
              "it answers you here.",
    },
    "draw.net.lab_unusable": {
        "zh": "你在训练实验室里的最后一次训练读不了手写数字（它不是用数字图像训练的、还没开始训练，"
              "或者已经发散），所以由参考网络回答。",
        "en": "Your last run in the training lab cannot read drawings (it was not trained on "
              "images of digits, has not trained yet, or diverged), so the reference network "
              "answers.",
    },
    "draw.net.training": {
        "zh": "正在训练参考网络（每台服务器只训练一次，需要几秒钟）……",
        "en": "Training the reference network (once per server; a few seconds)…",
    },
    "draw.lab_link": {"zh": "去训练实验室训练你自己的网络", "en": "Train your own network in the training lab"},
    # ---------------------------------------------------------------- the pad
    "draw.pad.header": {"zh": "你的数字", "en": "Your digit"},
    "draw.pad.help": {
        "zh": "用鼠标、手指或触控笔写一个数字，笔画要粗、写得大一些。每写完一笔，网络就会回答。",
        "en": "Write one digit, large, with a mouse, a finger or a pen. The network answers after "
              "every stroke.",
    },
    "draw.pad.undo": {"zh": "撤销", "en": "Undo"},
    "draw.pad.clear": {"zh": "清除", "en": "Clear"},
    "draw.pad.label": {"zh": "画板：在这里写一个数字", "en": "Drawing pad: write a digit here"},
    "draw.pen": {"zh": "笔的粗细", "en": "Pen"},
    "draw.pen.thick": {"zh": "粗（和 MNIST 一样）", "en": "Thick (as in MNIST)"},
    "draw.pen.thin": {"zh": "细", "en": "Thin"},
    "draw.raw": {"zh": "跳过预处理", "en": "Skip the preprocessing"},
    "draw.raw_help": {
        "zh": "不裁剪、不缩放、不按重心居中：只把整块画板缩小，网络读到的就是这样的图。"
              "把数字写在角落或写得很小，看看会发生什么。",
        "en": "No cropping, no scaling, no centring: the whole pad is only shrunk, and that is "
              "what the network reads. Write a digit in a corner or very small and see what "
              "happens.",
    },
    # ---------------------------------------------------------------- what the network reads
    "draw.sees.header": {"zh": "网络读到的像素", "en": "What the network reads"},
    "draw.sees.mnist": {
        "zh": "28×28 个像素，灰度 0～1，和 MNIST 的制作方法相同：先裁到笔迹的外框，保持长宽比"
              "缩放到 20×20 以内，再按重心放到 28×28 的正中。",
        "en": "28 × 28 pixels with grey levels 0-1, made as MNIST was: cropped to the ink's "
              "bounding box, scaled to fit 20 × 20 keeping its aspect ratio, then placed in "
              "28 × 28 with its centre of mass at the centre.",
    },
    "draw.sees.digits": {
        "zh": "8×8 个像素，和 8×8 手写数字数据集的制作方法相同：先缩放成 32×32 的黑白点阵"
              "（高度占满），再数每个 4×4 小块里有几个黑点，得到 0～16 的灰度；网络读的是灰度 ÷ 16。",
        "en": "8 × 8 pixels, made as the 8 × 8 digits were: scaled to a 32 × 32 black-and-white "
              "bitmap (its height filling it), then the ink pixels counted in each 4 × 4 block, a "
              "level from 0 to 16; the network reads level ÷ 16.",
    },
    "draw.sees.raw": {
        "zh": "整块画板直接缩小成 {side}×{side}：数字的位置和大小都没有调整，和训练数据的做法不同。",
        "en": "The whole pad shrunk to {side} × {side}: neither the digit's position nor its size "
              "was adjusted, unlike the training data.",
    },
    "draw.sees.ink": {"zh": "{n} 个像素（共 {total} 个）有笔迹。",
                      "en": "{n} of the {total} pixels have ink."},
    "draw.chart.image": {"zh": "图像", "en": "image"},
    "draw.chart.row": {"zh": "行", "en": "row"},
    "draw.chart.col": {"zh": "列", "en": "column"},
    "draw.chart.value": {"zh": "像素值", "en": "pixel value"},
    # ---------------------------------------------------------------- the state of the drawing
    "draw.state.empty": {"zh": "画板是空的：写一个数字吧。", "en": "The pad is empty: write a digit."},
    "draw.state.dot": {
        "zh": "笔迹很小，像一个点：它会被放大到 {box} 的框里，变成一团墨迹。"
              "训练数据里的数字都写得很大，请写满画板的大部分。",
        "en": "The ink is tiny, a dot: it gets blown up to fill the {box} box and becomes a blob. "
              "The training digits fill their box: write larger.",
    },
    "draw.state.border": {
        "zh": "笔迹碰到了画板的边缘：超出画板的部分被截掉了，网络看到的数字可能不完整。",
        "en": "The ink touches the pad's edge: whatever went past it was cut off, so the network "
              "may see only part of the digit.",
    },
    "draw.state.filled": {
        "zh": "画板的 {share} 都涂上了笔迹：这不像一个数字（手写数字大部分是白纸）。按“清除”重新写一个。",
        "en": "{share} of the pad is covered in ink: that is not a digit (a digit is mostly "
              "paper). Press Clear and write one.",
    },
    # ---------------------------------------------------------------- the answer
    "draw.answer.header": {"zh": "网络的回答", "en": "The network's answer"},
    "draw.answer.predicted": {"zh": "网络认为是", "en": "The network reads"},
    "draw.answer.predicted_help": {
        "zh": "softmax 输出中概率最大的数字。",
        "en": "The digit with the largest softmax probability.",
    },
    "draw.answer.probability": {"zh": "概率 {p}", "en": "probability {p}"},
    "draw.answer.values": {"zh": "y₀…y₉ = {values}（和为 {total}）",
                           "en": "y₀…y₉ = {values} (sum {total})"},
    "draw.chart.probs.title": {"zh": "softmax 的输出 y", "en": "Softmax output y"},
    "draw.chart.digit": {"zh": "数字", "en": "digit"},
    "draw.chart.probability": {"zh": "概率", "en": "probability"},
    "draw.chart.role": {"zh": "图例", "en": "legend"},
    "draw.chart.answer": {"zh": "网络的答案", "en": "the network's answer"},
    "draw.chart.meant": {"zh": "你想写的数字", "en": "the digit you meant"},
    "draw.chart.other": {"zh": "其他数字", "en": "other digits"},
    # ---------------------------------------------------------------- the loss
    "draw.meant": {"zh": "你想写的是哪个数字？", "en": "Which digit did you mean?"},
    "draw.meant_help": {
        "zh": "选出你想写的数字（正确解标签），就能算出这张图的损失。",
        "en": "Pick the digit you meant (the correct label) to compute your drawing's loss.",
    },
    "draw.meant_hint": {
        "zh": "选出你想写的数字，就能看到这张图的两种损失。",
        "en": "Pick the digit you meant to see both losses for your drawing.",
    },
    "draw.loss.header": {"zh": "你这张图的损失", "en": "The loss of your drawing"},
    "draw.loss.right": {
        "zh": "答对了：你想写的是 {label}，网络也认为是 {label}。",
        "en": "Right: you meant {label} and the network reads {label}.",
    },
    "draw.loss.wrong": {
        "zh": "认错了：你想写的是 {label}，网络却认为是 {predicted}，只给了 {label} {p} 的概率。",
        "en": "Wrong: you meant {label}, the network reads {predicted} and gives {label} a "
              "probability of only {p}.",
    },
    "draw.loss.caption": {
        "zh": "这正是“损失函数”一课的两个公式：y 换成了网络对你这张图的输出，"
              "t 是你选的数字的 one-hot 表示。",
        "en": "These are the loss page's two formulas, with y the network's output for your "
              "drawing and t the one-hot vector of the digit you picked.",
    },
    # ---------------------------------------------------------------- the preprocessing, step by step
    "draw.steps.header": {"zh": "你的笔迹是怎样变成 {n} 个数的",
                          "en": "How your drawing becomes {n} numbers"},
    "draw.steps.mnist_box": {"zh": "① 裁到外框，缩放到 20×20 以内", "en": "1. Cropped, scaled to fit 20\u00a0×\u00a020"},
    "draw.steps.mnist_placed": {"zh": "② 按重心放进 28×28", "en": "2. Centred by mass in 28\u00a0×\u00a028"},
    "draw.steps.digits_box": {"zh": "① 缩放成 32×32 的黑白点阵", "en": "1. A 32\u00a0×\u00a032 bitmap"},
    "draw.steps.digits_placed": {"zh": "② 数每个 4×4 小块：0～16", "en": "2. Ink per 4\u00a0×\u00a04 block: 0-16"},
    "draw.steps.raw_box": {"zh": "整块画板缩小", "en": "The whole pad shrunk"},
    "draw.steps.body": {
        "zh": "训练数据就是这样做出来的，所以网络只认得这样的图。同样的预处理必须用在你的图上，"
              "否则网络读到的输入就和它学过的东西不一样。",
        "en": "This is how the training data was made, so it is the only kind of image the "
              "network knows. Your drawing has to be made the same way, or the network reads "
              "something unlike anything it learnt from.",
    },
    # ---------------------------------------------------------------- hidden units
    "draw.units.header": {"zh": "哪些隐藏单元对你的图反应最强",
                          "en": "The hidden units that fire most for your drawing"},
    "draw.units.body": {
        "zh": "第一层的每个隐藏单元把 {n} 个像素按它自己的权重加权求和，再经过激活函数。"
              "下面是输出最大的 {k} 个单元，每个单元的权重画成一张图：深色像素上的笔迹让它兴奋"
              "（正权重），浅色像素上的笔迹抑制它（负权重），中间的灰色是 0。"
              "图下方写着它的输出，以及它给“{digit}”投的票（输出 × 它通往“{digit}”的权重）。",
        "en": "Each first-layer hidden unit adds up the {n} pixels weighted by its own weights, "
              "then applies the activation function. Here are the {k} units with the largest "
              "output, each unit's weights drawn as an image: ink on dark pixels excites it "
              "(positive weights), ink on light pixels inhibits it (negative weights), mid-grey "
              "is zero. Under each: its output and its vote for {digit} (the output times its "
              "weight to {digit}).",
    },
    "draw.units.caption": {"zh": "单元 {unit}：输出 {output}，投票 {vote}",
                           "en": "unit {unit}: output {output}, vote {vote}"},
    "draw.units.caption_deep": {"zh": "单元 {unit}：输出 {output}", "en": "unit {unit}: output {output}"},
    "draw.units.title": {"zh": "权重图像（深：正，浅：负）",
                         "en": "Weights as images (dark: positive, light: negative)"},
    # ---------------------------------------------------------------- nearest examples
    "draw.nearest.header": {"zh": "训练数据里和你的图最像的“{digit}”",
                            "en": "The training {digit}s closest to your drawing"},
    "draw.nearest.body": {
        "zh": "网络就是从这样的例子里学会“{digit}”长什么样的。距离是两张图 {n} 个像素之差的"
              "平方和再开平方（欧几里得距离）：越小越像。",
        "en": "These are the kind of examples the network learnt what a {digit} looks like from. "
              "The distance is the square root of the sum of the squared differences of the "
              "{n} pixels (Euclidean): the smaller, the more alike.",
    },
    "draw.nearest.caption": {"zh": "第 {rank} 近，距离 {distance}", "en": "#{rank}, distance {distance}"},
    "draw.nearest.title": {"zh": "最近的训练图像", "en": "The nearest training images"},
    # ---------------------------------------------------------------- generalisation
    "draw.why.header": {"zh": "网络为什么会认错你的数字", "en": "Why the network misreads a drawing"},
    "draw.why.body": {
        "zh": "机器学习的最终目标是**泛化能力**：处理没见过的数据（不在训练数据里的数据）的能力。"
              "但泛化只在新数据和训练数据“长得一样”时才靠得住。MNIST 的数字是人用笔写在纸上、"
              "扫描后统一处理过的：笔画粗、居中、大小一致。网络只见过这样的图。\n\n"
              "- **写偏了、写小了**：预处理会把数字裁剪、缩放、按重心居中，就像 MNIST 当年做的那样。"
              "打开上面的“跳过预处理”，写在角落里，网络读到的就是它从没见过的图。\n"
              "- **写得太细**：缩到 20×20 以后，细线只剩一两个浅灰色像素，而训练数据里的笔画"
              "又黑又粗。换成细笔试试。\n"
              "- **写法不同**：带横杠的 7、带底座的 1、鼠标画出来的抖动笔画，在训练数据里都很少见。\n\n"
              "所以测试准确率高，并不保证网络能认出**你的**字：测试数据和训练数据来自同一个地方。"
              "你们自己写的数字才是真正没见过的数据，下面的“收集”就用来衡量这一点。",
        "en": "The final goal of machine learning is **generalisation**: handling data it has "
              "never seen (data outside the training set). But generalisation holds only when "
              "new data looks like the training data. MNIST's digits were written with a pen on "
              "paper, scanned and normalised: thick strokes, centred, all the same size. That is "
              "all the network has ever seen.\n\n"
              "- **Off-centre or small**: the preprocessing crops, scales and centres the digit "
              "by its mass, as was done for MNIST. Switch on \"skip the preprocessing\" above, "
              "write in a corner, and the network reads an image unlike any it has seen.\n"
              "- **Thin**: scaled down to 20 × 20, a thin line becomes one or two light-grey "
              "pixels, while the training strokes are dark and thick. Try the thin pen.\n"
              "- **Another style**: a 7 with a bar, a 1 with a base, the wobbly strokes of a "
              "mouse are all rare in the training data.\n\n"
              "So a high test accuracy does not promise that the network reads **your** "
              "handwriting: the test data comes from the same place as the training data. Your "
              "class's own digits are truly unseen data; collect them below to measure that.",
    },
    # ---------------------------------------------------------------- collect
    "draw.collect.header": {"zh": "收集：全班自己的测试数据", "en": "Collect: the class's own test data"},
    "draw.collect.body": {
        "zh": "网络在它的测试数据上表现不错，可它从没见过你们的字。选好你想写的数字，"
              "把每张图加进这个集合（只保存在这个浏览器会话里，最多 {max} 张），"
              "就能看到网络在**你们自己的数字**上的准确率：这才是真正没见过的数据。",
        "en": "The network does well on its test data, but it has never seen your class's "
              "handwriting. Pick the digit you meant and add each drawing to this set (kept in "
              "this browser session only, at most {max} drawings) to see the network's accuracy "
              "on **your class's own digits**: data it has truly never seen.",
    },
    "draw.collect.add": {"zh": "把这张图加入集合", "en": "Add this drawing to the set"},
    "draw.collect.need_label": {"zh": "先在上面选出你想写的数字，才能加入集合。",
                                "en": "Pick the digit you meant (above) to add the drawing."},
    "draw.collect.need_drawing": {"zh": "先写一个数字，才能加入集合。",
                                  "en": "Write a digit to add it to the set."},
    "draw.collect.full": {"zh": "集合已满（{max} 张）。", "en": "The set is full ({max} drawings)."},
    "draw.collect.added": {"zh": "已加入集合：{label}", "en": "Added to the set: {label}"},
    "draw.collect.remove_last": {"zh": "删除最后一张", "en": "Remove the last one"},
    "draw.collect.clear": {"zh": "清空集合", "en": "Empty the set"},
    "draw.collect.empty": {"zh": "集合还是空的。", "en": "The set is empty."},
    "draw.collect.count": {"zh": "集合里的数字", "en": "Drawings in the set"},
    "draw.collect.accuracy": {"zh": "在你们的数字上的准确率", "en": "Accuracy on your digits"},
    "draw.collect.test_accuracy": {"zh": "在它的测试数据上的准确率", "en": "Accuracy on its test data"},
    "draw.collect.col.digit": {"zh": "数字", "en": "digit"},
    "draw.collect.col.drawn": {"zh": "写了几张", "en": "drawn"},
    "draw.collect.col.right": {"zh": "认对几张", "en": "read right"},
    "draw.collect.col.accuracy": {"zh": "准确率", "en": "accuracy"},
    "draw.collect.title": {"zh": "最近加入的数字（标签 → 网络的回答）",
                           "en": "The latest drawings (label → the network's answer)"},
    "draw.collect.caption": {"zh": "#{n}：{label} → {predicted}", "en": "#{n}: {label} → {predicted}"},
}
