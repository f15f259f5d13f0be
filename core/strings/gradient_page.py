"""Strings for the gradient page (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "grad.title": {"zh": "梯度", "en": "Gradient"},
    "grad.subtitle": {
        "zh": "用数值微分求导数和梯度，沿着梯度的反方向一步步走到损失函数的最小值。",
        "en": "Derivatives and gradients by numerical differentiation, and walking against "
              "the gradient, step by step, down to the minimum of a function.",
    },
    "grad.tab.diff": {"zh": "① 数值微分", "en": "① Numerical differentiation"},
    "grad.tab.field": {"zh": "② 梯度", "en": "② The gradient"},
    "grad.tab.descent": {"zh": "③ 梯度下降法", "en": "③ Gradient descent"},
    "grad.tab.traps": {"zh": "④ 极小值、鞍点与高原", "en": "④ Minima, saddles, plateaus"},
    "grad.tab.check": {"zh": "⑤ 梯度确认", "en": "⑤ Gradient check"},
    # ------------------------------------------------------------ the projector's scenes
    "grad.scene.derivative": {"zh": "数值微分", "en": "Numerical differentiation"},
    "grad.caption.derivative": {
        "zh": "h 无法真的趋于 0：书中取 h = 10⁻⁴，用中心差分求导数。",
        "en": "h cannot reach 0, so the book takes h = 10⁻⁴ (central difference).",
    },
    "grad.scene.error": {"zh": "误差从哪里来", "en": "Where the error comes from"},
    "grad.caption.error": {
        "zh": "h 太大：截断误差；h 太小：舍入误差。",
        "en": "Too large an h: truncation error. Too small an h: rounding error.",
    },
    "grad.scene.field": {"zh": "负梯度的方向", "en": "The gradient as arrows"},
    "grad.caption.field": {
        "zh": "箭头是负梯度：每一点上函数值减小最多的方向。",
        "en": "The arrows are −∇f: where f decreases most at each point.",
    },
    "grad.scene.descent": {"zh": "梯度下降法", "en": "Gradient descent"},
    "grad.caption.descent": {
        "zh": "沿负梯度一步步走，学习率 η 决定步子有多大。",
        "en": "Step against the gradient; the learning rate η sets the step.",
    },
    "grad.scene.distance": {"zh": "离最小值还有多远", "en": "Distance to the minimum"},
    "grad.caption.distance": {
        "zh": "每一步把 x 乘以 (1 − 2η)：对数轴上是一条直线。",
        "en": "Each step multiplies x by (1 − 2η): a straight line on a log axis.",
    },
    "grad.frozen_short": {
        "zh": "从第 {step} 步起，x + h 被舍入回 x，数值梯度恰好为 0：线变平是舍入造成的，不是到了最小值。",
        "en": "From step {step} on, x + h rounds back to x and the numerical gradient is exactly "
              "0: the flat line is rounding, not a minimum.",
    },
    "grad.scene.traps": {"zh": "极小值、鞍点与高原", "en": "Minima, saddles, plateaus"},
    "grad.caption.traps": {
        "zh": "梯度为 0 不一定是最小值：局部极小值、鞍点、高原。",
        "en": "Zero gradient, yet no minimum: local minima, saddles, plateaus.",
    },
    "grad.scene.flat": {"zh": "梯度几乎为 0 的地方", "en": "Where the gradient is almost 0"},
    "grad.caption.flat": {
        "zh": "三种地方 |∇f| 都几乎为 0，和真正的最小值一样。",
        "en": "|∇f| is almost 0 at all three, just as at the true minimum.",
    },
    "grad.scene.check": {"zh": "梯度确认", "en": "Gradient check"},
    "grad.caption.check": {
        "zh": "用数值微分确认反向传播求出的梯度是对的。",
        "en": "Numerical differentiation confirms the gradient from backprop.",
    },
    "grad.scene.speed": {"zh": "反向传播快多少", "en": "How much faster backprop is"},
    "grad.caption.speed": {
        "zh": "结果一致，但反向传播快得多；参数越多，差距越大。",
        "en": "Both agree, but backprop is far faster, and more so for big networks.",
    },
    # ------------------------------------------------------------ numerical differentiation
    "grad.diff_intro": {
        "zh": "导数表示某个瞬间的变化量。计算机无法让 h 真的趋于 0，只能取一个很小的 h 来近似，"
              "这就是**数值微分**。书中先给出“不好的实现”——**前向差分**，再改用误差更小的"
              "**中心差分**，并取 h = 10⁻⁴。",
        "en": "A derivative is the rate of change at an instant. A computer cannot let h go to 0; "
              "it takes a small h instead: **numerical differentiation**. The book first shows a "
              "poor version, the **forward difference**, then switches to the more accurate "
              "**central difference** with h = 10⁻⁴.",
    },
    "grad.forward_tex": {"zh": "前向差分", "en": "forward"},
    "grad.central_tex": {"zh": "中心差分", "en": "central"},
    "grad.function": {"zh": "函数", "en": "Function"},
    "grad.fn.function_1": {"zh": "书中的 0.01x² + 0.1x", "en": "The book's 0.01x² + 0.1x"},
    "grad.fn.sin": {"zh": "sin x", "en": "sin x"},
    "grad.fn.exp": {"zh": "eˣ", "en": "eˣ"},
    "grad.fn.cube": {"zh": "x³", "en": "x³"},
    "grad.point": {"zh": "求导的位置 x", "en": "Point x"},
    "grad.precision": {"zh": "浮点精度", "en": "Floating-point precision"},
    "grad.precision_help": {
        "zh": "float32 只有约 7 位有效数字，舍入误差比 float64（约 16 位）早得多就出现。",
        "en": "float32 keeps about 7 significant digits, so rounding error appears much sooner "
              "than with float64 (about 16 digits).",
    },
    "grad.exact": {"zh": "解析解（真正的导数）", "en": "Exact derivative"},
    "grad.central_value": {"zh": "中心差分（h = 10⁻⁴）", "en": "Central difference (h = 10⁻⁴)"},
    "grad.forward_value": {"zh": "前向差分（h = 10⁻⁴）", "en": "Forward difference (h = 10⁻⁴)"},
    "grad.error_of": {"zh": "误差 {error}", "en": "error {error}"},
    "grad.precision_note": {
        "zh": "两个差分都在 {precision} 中计算（x、h 以及 f 的每一步运算）；"
              "解析解是衡量误差的标准答案，始终用 float64 计算。",
        "en": "Both differences are computed in {precision} (x, h and every operation of f); "
              "the exact derivative, the yardstick for their errors, is always computed in "
              "float64.",
    },
    "grad.book_values": {
        "zh": "书中的例子，此刻现场计算（Python 的浮点数，即 float64）："
              "`numerical_diff(function_1, 5)` = {at5}，"
              "`numerical_diff(function_1, 10)` = {at10}。真正的导数是 0.2 和 0.3，"
              "误差非常小，可以认为它们是相等的。",
        "en": "The book's example, computed live (Python floats, that is float64): "
              "`numerical_diff(function_1, 5)` = {at5} and "
              "`numerical_diff(function_1, 10)` = {at10}. The true derivatives are 0.2 and 0.3: "
              "the errors are so small that the values can be taken as equal.",
    },
    "grad.curve_f": {"zh": "f(x)", "en": "f(x)"},
    "grad.curve_tangent": {"zh": "切线（斜率 = 数值微分）", "en": "tangent (slope = numerical derivative)"},
    "grad.line": {"zh": "曲线", "en": "Curve"},
    "grad.slope": {"zh": "斜率", "en": "Slope"},
    "grad.tangent_title": {"zh": "x = {x} 处的切线", "en": "Tangent at x = {x}"},
    "grad.error_title": {
        "zh": "误差与 h（{precision}，双对数坐标）",
        "en": "Error against h ({precision}, log–log)",
    },
    "grad.h_axis": {"zh": "h（向右越来越小）", "en": "h (smaller to the right)"},
    "grad.error_axis": {"zh": "|近似值 − 真值|", "en": "|estimate − exact|"},
    "grad.method": {"zh": "方法", "en": "Method"},
    "grad.method.forward": {"zh": "前向差分", "en": "forward difference"},
    "grad.method.central": {"zh": "中心差分", "en": "central difference"},
    "grad.estimate": {"zh": "近似值", "en": "Estimate"},
    "grad.error_reading": {
        "zh": "从左往右读：h 较大时误差来自差分本身（**截断误差**，前向差分与 h 成正比，"
              "中心差分与 h² 成正比，所以中心差分的线更低）；h 太小时 f(x+h) 与 f(x) "
              "几乎相同，相减后只剩下**舍入误差**，误差反而变大。这里中心差分在 h ≈ {h_c} "
              "时误差最小（{e_c}），前向差分在 h ≈ {h_f} 时最小（{e_f}）。",
        "en": "Read it from the left: for larger h the error comes from the difference formula "
              "itself (**truncation error**, proportional to h for the forward difference and to "
              "h² for the central one, so the central line lies lower); for too small an h, f(x+h) "
              "and f(x) are nearly equal and their difference is mostly **rounding error**, so the "
              "error grows again. Here the central difference is best near h ≈ {h_c} (error {e_c}), "
              "the forward difference near h ≈ {h_f} (error {e_f}).",
    },
    "grad.quadratic_note": {
        "zh": "注意：对二次函数（比如书中的 0.01x² + 0.1x），中心差分的截断误差恰好为 0，"
              "所以它的误差全部是舍入误差，h 越小误差越大。换成 sin x 或 eˣ 可以看到完整的 V 形。",
        "en": "Note: for a quadratic such as the book's 0.01x² + 0.1x the central difference has no "
              "truncation error at all, so all of its error is rounding error and grows as h "
              "shrinks. Pick sin x or eˣ to see the full V shape.",
    },
    "grad.vanished": {
        "zh": "当 h ≤ {h} 时，在 {precision} 中 x + h 与 x 完全相同，差分等于 0，"
              "导数的近似值就成了 0（图中误差线停在真值本身的高度）。",
        "en": "From h = {h} down, x + h is exactly x in {precision}: the difference is 0 and so is "
              "the estimated derivative (the error line flattens at the size of the true value).",
    },
    "grad.float32_intro": {
        "zh": "这就是书中说的舍入误差：太小的数无法用有限的位数表示。下面是现场计算的结果——"
              "在 float32 中 1e-50 直接变成了 0.0：",
        "en": "This is the book's rounding error: numbers that are too small cannot be represented "
              "in a fixed number of bits. Computed live: in float32, 1e-50 simply becomes 0.0:",
    },
    "grad.table_expander": {"zh": "查看全部数值", "en": "Show every value"},
    # ------------------------------------------------------------ gradient field
    "grad.field_intro": {
        "zh": "把全部变量的偏导数汇总成向量，就是**梯度**。对每个变量分别做中心差分即可求出梯度"
              "（书中的 `numerical_gradient`）。下图画的是**负梯度**（与书中的图 4-9 一样），"
              "箭头指向函数值减小最多的方向。",
        "en": "The vector of the partial derivatives with respect to every variable is the "
              "**gradient**. A central difference per variable computes it (the book's "
              "`numerical_gradient`). The chart draws the **negative gradient**, as the book's "
              "Figure 4-9 does: each arrow points where the function decreases most.",
    },
    "grad.col_point": {"zh": "点", "en": "Point"},
    "grad.col_numerical": {"zh": "numerical_gradient", "en": "numerical_gradient"},
    "grad.col_exact": {"zh": "解析解 (2x₀, 2x₁)", "en": "Exact (2x₀, 2x₁)"},
    "grad.field_title": {"zh": "负梯度 −∇f（红色：书中的点）", "en": "−∇f (red: the book's points)"},
    "grad.field_caption": {
        "zh": "箭头长度与梯度大小成正比（按比例缩小，最长的箭头等于网格间距）。",
        "en": "Arrow length is proportional to the size of the gradient (scaled down so the longest "
              "arrow equals the grid spacing).",
    },
    "grad.magnitude": {"zh": "梯度大小 |∇f|", "en": "Gradient size |∇f|"},
    "grad.book_point": {"zh": "书中的点", "en": "Book's point"},
    "grad.book_points": {
        "zh": "书中求了三个点的梯度，这里用同一个函数现场计算：",
        "en": "The book computes the gradient at three points; here is the same call, live:",
    },
    "grad.field_reading": {
        "zh": "所有箭头都指向最小值 (0, 0)；离最小值越远，箭头越长（梯度越大）。"
              "不过要注意：在一般的复杂函数中，梯度指示的方向未必指向函数的最小值，"
              "它只是在该点上函数值减小最多的方向。",
        "en": "Every arrow points at the minimum (0, 0), and the farther from it, the longer the "
              "arrow (the larger the gradient). Note that for a general, complicated function the "
              "gradient need not point at the minimum: it only gives the direction in which the "
              "function decreases most at that point.",
    },
    # ------------------------------------------------------------ gradient descent
    "grad.descent_intro": {
        "zh": "**梯度下降法**：从当前位置沿梯度的反方向前进一段距离，在新位置重新求梯度，"
              "如此反复，逐渐减小函数值。每一步前进多少由**学习率** η 决定。"
              "这里从书中的初始值 (−3, 4) 出发。",
        "en": "**Gradient descent**: move a little against the gradient, compute the gradient "
              "again at the new place, and repeat, so the function value keeps going down. How "
              "far each step goes is set by the **learning rate** η. We start from the book's "
              "initial value (−3, 4).",
    },
    "grad.cases": {
        "zh": "书中的三种情况，一键重现（步数都是 100）：",
        "en": "The book's three cases, one click each (100 steps each):",
    },
    "grad.case_good": {"zh": "学习率 {lr}：到达最小值", "en": "lr {lr}: reaches the minimum"},
    "grad.case_big": {"zh": "学习率 {lr}：过大，发散", "en": "lr {lr}: too large, diverges"},
    "grad.case_small": {"zh": "学习率 {lr}：过小，几乎不动", "en": "lr {lr}: too small, hardly moves"},
    "grad.case_short": {"zh": "η = {lr}", "en": "η = {lr}"},
    "grad.lr": {"zh": "学习率 η（对数刻度）", "en": "Learning rate η (log scale)"},
    "grad.lr_help": {
        "zh": "学习率是超参数，需要人工设定：过大会发散，过小则几乎学不动。",
        "en": "The learning rate is a hyperparameter set by hand: too large and the values "
              "diverge, too small and learning hardly moves.",
    },
    "grad.steps": {"zh": "步数 step_num", "en": "Steps (step_num)"},
    "grad.steps_help": {"zh": "梯度下降重复的次数。", "en": "How many times gradient descent repeats."},
    "grad.end_x0": {"zh": "终点 x₀", "en": "End point x₀"},
    "grad.end_x1": {"zh": "终点 x₁", "en": "End point x₁"},
    "grad.end_f": {"zh": "终点的函数值 f", "en": "f at the end point"},
    "grad.status.converged": {
        "zh": "学习率 {lr}，{steps} 步后几乎到达最小值 (0, 0)：f = {f_end}。",
        "en": "Learning rate {lr}: after {steps} steps the run has all but reached the "
              "minimum (0, 0): f = {f_end}.",
    },
    "grad.status.diverged": {
        "zh": "发散了！学习率 {lr} 太大，每一步都越过最小值并越走越远，{steps} 步后 "
              "|x| ≈ {magnitude}。",
        "en": "Diverged! Learning rate {lr} is too large: each step overshoots the minimum and "
              "lands farther away; after {steps} steps |x| ≈ {magnitude}.",
    },
    "grad.status.stalled": {
        "zh": "几乎没有移动：学习率 {lr} 太小，{steps} 步一共只移动了 {moved}，"
              "离最小值还很远。",
        "en": "Hardly moved: learning rate {lr} is too small; in {steps} steps the point moved "
              "only {moved} in total and is still far from the minimum.",
    },
    "grad.status.oscillating": {
        "zh": "在最小值两侧来回跳动：学习率 {lr} 让每一步恰好越过最小值同样远，"
              "{steps} 步后离最小值并没有更近（f = {f_end}）。",
        "en": "Bouncing across the minimum: learning rate {lr} makes every step overshoot by as "
              "much as it gains; after {steps} steps the point is no closer (f = {f_end}).",
    },
    "grad.status.moving": {
        "zh": "还在下山的路上：学习率 {lr}，{steps} 步后 f = {f_end}。增加步数或学习率试试。",
        "en": "Still on its way down: learning rate {lr}, after {steps} steps f = {f_end}. "
              "Try more steps or a larger learning rate.",
    },
    "grad.path_title": {
        "zh": "梯度下降的路径（η = {lr}，{steps} 步）",
        "en": "Path (η = {lr}, {steps} steps)",
    },
    "grad.step": {"zh": "步", "en": "Step"},
    "grad.start": {"zh": "起点 (−3, 4)", "en": "Start (−3, 4)"},
    "grad.minimum": {"zh": "最小值 (0, 0)", "en": "Minimum (0, 0)"},
    "grad.point_kind": {"zh": "位置", "en": "Point"},
    "grad.progress_title": {"zh": "与最小值的距离", "en": "Distance to the minimum"},
    "grad.distance": {"zh": "与最小值的距离 |x|（对数）", "en": "Distance to the minimum |x| (log)"},
    "grad.progress_caption": {
        "zh": "对于这个函数，x² 的中心差分恰好等于 2x，所以每一步都把 x 乘以 (1 − 2η)："
              "|1 − 2η| < 1 时距离按等比数列缩小（对数轴上是下降的直线），大于 1 时按等比数列增大"
              "（上升的直线）。但上升不会一直持续：|x| 超过约 10¹² 后，float64 已经分不出 x + h "
              "和 x，数值梯度变成 0，线就变平了。距离恰好为 0 的点无法画在对数轴上。",
        "en": "For this function the central difference of x² is exactly 2x, so each step "
              "multiplies x by (1 − 2η): when |1 − 2η| < 1 the distance shrinks geometrically (a "
              "falling straight line on the log axis), when it is larger than 1 it grows "
              "geometrically (a rising straight line). The rise does not go on for ever: beyond "
              "|x| ≈ 10¹² float64 can no longer tell x + h from x, the numerical gradient becomes "
              "0 and the line turns flat. A distance of exactly 0 cannot appear on a log axis.",
    },
    "grad.frozen": {
        "zh": "从第 {step} 步起，点就不再移动了，图中的线因此变平。这时 |x| ≈ {x}，相邻的两个 "
              "float64 数至少相差 {spacing}，比 2h = 2×10⁻⁴ 还大，于是 x + h 被舍入回 x 本身，"
              "f(x + h) − f(x − h) = 0，数值梯度恰好为 0；而真正的梯度 2x 的大小约为 {grad}。"
              "变平是舍入造成的，并不是到达了最小值。{book}",
        "en": "From step {step} on the point no longer moves, which is why the line turns flat. "
              "At |x| ≈ {x}, neighbouring float64 numbers are at least {spacing} apart, more than "
              "2h = 2×10⁻⁴, so x + h rounds back to x itself, f(x + h) − f(x − h) = 0 and the "
              "numerical gradient is exactly 0, while the true gradient 2x has a size of about "
              "{grad}. The flat line is rounding, not a minimum. {book}",
    },
    "grad.frozen_book": {
        "zh": "书中打印的结果 [−2.58983747e+13, −1.29524862e+12] 正是这个被冻住的点。",
        "en": "The book's printed result, [−2.58983747e+13, −1.29524862e+12], is this frozen "
              "point.",
    },
    # ------------------------------------------------------------ local minima, saddles, plateaus
    "grad.trap.intro": {
        "zh": "书中提醒：函数的极小值、最小值以及**鞍点**处，梯度都为 0。**局部极小值**只是某个"
              "范围内的最小值；鞍点从某个方向看是极大值，从另一个方向看则是极小值。梯度法寻找的"
              "是梯度为 0 的地方，但那里不一定是最小值。而且函数很复杂、呈扁平状时，学习可能"
              "进入一个几乎平坦的地区，陷入停滞，这叫**学习高原**。下面这个函数把三者都放在了"
              "一起：",
        "en": "The book warns that the gradient is 0 at a minimum, at a **local minimum** and at a "
              "**saddle point**. A local minimum is the smallest value only within some "
              "neighbourhood; a saddle point is a maximum seen from one direction and a minimum "
              "from another. Gradient descent looks for a place where the gradient is 0, but that "
              "place need not be the minimum. And when the function is complicated and flat, "
              "learning can enter an almost level region and stall: a **plateau**. The function "
              "below puts all three in one landscape:",
    },
    "grad.trap.formula_note": {
        "zh": "g 的梯度 (x₀³ + x₀² − 2x₀, x₁) 只在三处为 0：全局最小值 (−2, 0)（f = 0）、"
              "局部极小值 (1, 0)（f ≈ {f_local}）和鞍点 (0, 0)（f ≈ {f_saddle}）。1 − exp(−g/2) "
              "不改变这三个点，却把 g 很大的地方压成几乎平坦的高原（f ≈ 1），就像饱和的 "
              "sigmoid 让网络的损失函数变平一样。",
        "en": "g's gradient (x₀³ + x₀² − 2x₀, x₁) is 0 at three places only: the global minimum "
              "(−2, 0) (f = 0), a local minimum (1, 0) (f ≈ {f_local}) and a saddle point (0, 0) "
              "(f ≈ {f_saddle}). 1 − exp(−g/2) keeps these three points but squashes the high "
              "ground of g into an almost level plateau (f ≈ 1), as a saturated sigmoid flattens "
              "a network's loss.",
    },
    "grad.trap.presets": {
        "zh": "三个起点，一键重现（会同时设好学习率和步数）：",
        "en": "Three starting points, one click each (the learning rate and steps come with them):",
    },
    "grad.trap.preset.local": {"zh": "困在局部极小值", "en": "Stuck in a local minimum"},
    "grad.trap.preset.saddle": {"zh": "停在鞍点", "en": "Stalls at a saddle"},
    "grad.trap.preset.plateau": {"zh": "在高原上爬行", "en": "Crawls across a plateau"},
    "grad.trap.claim.local": {
        "zh": "从 {start} 出发，η = {lr}，{steps} 步：停在局部极小值 (1, 0)，f = {f}；"
              "全局最小值 (−2, 0) 处 f = 0，比这里低得多。这里梯度为 0，梯度法再也走不出去。",
        "en": "From {start}, η = {lr}, {steps} steps: it stops in the local minimum (1, 0) with "
              "f = {f}, while the global minimum (−2, 0) has f = 0, far lower. The gradient "
              "there is 0, so gradient descent never climbs out.",
    },
    "grad.trap.claim.saddle": {
        "zh": "从 {start} 出发，η = {lr}，{steps} 步：沿 x₁ 方向一路滑进鞍点 (0, 0)，最后 {n} 步"
              "停在那里，|∇f| < {flat}，几乎不动。它并不是最小值：把步数加到 {later}，"
              "点最终从鞍点滑向全局最小值 (−2, 0)。",
        "en": "From {start}, η = {lr}, {steps} steps: it slides along x₁ straight into the saddle "
              "(0, 0) and stands there for its last {n} steps with |∇f| < {flat}. It is no "
              "minimum: give it {later} steps and it finally rolls off to the global minimum "
              "(−2, 0).",
    },
    "grad.trap.claim.plateau": {
        "zh": "从 {start} 出发，η = {lr}，{steps} 步：地面几乎是平的（每一步 |∇f| < {flat}），"
              "一共只移动了 {moved}，平均每步 {per_step}，f 只下降了 {drop}。"
              "把步数加到 {later}，它才终于走出高原，落进全局最小值 (−2, 0)。",
        "en": "From {start}, η = {lr}, {steps} steps: the ground is almost level (|∇f| < {flat} "
              "at every step); it moves {moved} in all, {per_step} a step, and f falls by only "
              "{drop}. Only with {later} steps does it leave the plateau and drop into the global "
              "minimum (−2, 0).",
    },
    "grad.trap.lr": {"zh": "学习率 η（对数刻度）", "en": "Learning rate η (log scale)"},
    "grad.trap.steps": {"zh": "步数 step_num", "en": "Steps (step_num)"},
    "grad.trap.x0": {"zh": "起点 x₀", "en": "Start x₀"},
    "grad.trap.x1": {"zh": "起点 x₁", "en": "Start x₁"},
    "grad.trap.start_help": {
        "zh": "起点的坐标，范围 −{extent} 到 {extent}。",
        "en": "A coordinate of the starting point, from −{extent} to {extent}.",
    },
    "grad.trap.grad_end": {"zh": "终点的梯度大小 |∇f|", "en": "|∇f| at the end point"},
    "grad.trap.outcome.global": {
        "zh": "到达了全局最小值 (−2, 0)：f = {f}。",
        "en": "It reached the global minimum (−2, 0): f = {f}.",
    },
    "grad.trap.outcome.local": {
        "zh": "停在了局部极小值 (1, 0)：f = {f}，而全局最小值处 f = 0。梯度为 0，"
              "梯度法无法从这里出去。换一个起点，或者试试更大的学习率。",
        "en": "It stopped in the local minimum (1, 0): f = {f}, while the global minimum has "
              "f = 0. The gradient is 0, so gradient descent cannot leave. Try another start, or "
              "a larger learning rate.",
    },
    "grad.trap.outcome.saddle": {
        "zh": "停在了鞍点 (0, 0) 附近：|∇f| = {grad}，已有 {n} 步几乎原地不动。"
              "鞍点沿 x₀ 方向是极大值、沿 x₁ 方向是极小值，并不是最小值。增加步数看看会发生什么。",
        "en": "It stands near the saddle point (0, 0): |∇f| = {grad}, and it has hardly moved for "
              "{n} steps. Along x₀ the saddle is a maximum, along x₁ a minimum: it is no minimum. "
              "Add steps and see what happens.",
    },
    "grad.trap.outcome.plateau": {
        "zh": "陷在学习高原上：这里几乎是平的，|∇f| = {grad}。{steps} 步一共只移动了 {moved}，"
              "f 只下降了 {drop}。",
        "en": "Stuck on a plateau: the ground is almost level, |∇f| = {grad}. In {steps} steps "
              "the point moved {moved} in all and f fell by only {drop}.",
    },
    "grad.trap.outcome.moving": {
        "zh": "还在下山的路上：{steps} 步后 f = {f}，|∇f| = {grad}。增加步数试试。",
        "en": "Still on its way down: after {steps} steps f = {f}, |∇f| = {grad}. Try more "
              "steps.",
    },
    "grad.trap.outcome.left": {
        "zh": "跑出了画面：学习率 {lr} 太大，步子迈得太远，终点是 ({x0}, {x1})。",
        "en": "It left the picture: learning rate {lr} is too large, its steps overshoot; it "
              "ended at ({x0}, {x1}).",
    },
    "grad.trap.path_title": {
        "zh": "非凸函数上的下降（η = {lr}，{steps} 步）",
        "en": "Descent (η = {lr}, {steps} steps)",
    },
    "grad.trap.start": {"zh": "起点", "en": "Start"},
    "grad.trap.global": {"zh": "全局最小值 (−2, 0)", "en": "Global minimum (−2, 0)"},
    "grad.trap.local": {"zh": "局部极小值 (1, 0)", "en": "Local minimum (1, 0)"},
    "grad.trap.saddle": {"zh": "鞍点 (0, 0)", "en": "Saddle point (0, 0)"},
    "grad.trap.grad_norm": {"zh": "梯度大小 |∇f|", "en": "Gradient size |∇f|"},
    "grad.trap.progress_title": {"zh": "每一步的梯度大小 |∇f|（对数）", "en": "|∇f| at each step (log)"},
    "grad.trap.progress_caption": {
        "zh": "在局部极小值、鞍点和高原上，|∇f| 都几乎为 0：只看梯度，梯度法分不出它们，"
              "也分不出它们和真正的最小值。图中的 |∇f| 用解析式计算；梯度下降本身用的是书中的"
              "数值梯度 numerical_gradient。",
        "en": "At a local minimum, at a saddle and on a plateau alike, |∇f| is almost 0: from the "
              "gradient alone, gradient descent cannot tell them apart, nor from the true "
              "minimum. |∇f| here comes from the exact formula; the descent itself uses the "
              "book's numerical_gradient.",
    },
    # ------------------------------------------------------------ gradient check
    "grad.check_intro": {
        "zh": "神经网络的梯度是损失函数关于权重参数的梯度。数值微分实现简单、不易出错，但很慢；"
              "误差反向传播法（下一章）很快，但实现复杂。所以常用数值微分的结果来确认反向传播"
              "的结果是否正确，这叫**梯度确认**。这里用侧边栏选中的训练数据中的前几个样本，"
              "对一个刚初始化的小网络（float64）比较两者。",
        "en": "A network's gradient is the gradient of the loss with respect to its weights. "
              "Numerical differentiation is simple and hard to get wrong, but slow; "
              "backpropagation (next chapter) is fast but intricate. So the numerical result is "
              "used to confirm backprop: a **gradient check**. Here a small, freshly initialised "
              "network (float64) is checked on the first few samples of the training data "
              "chosen in the sidebar.",
    },
    "grad.hidden": {"zh": "隐藏层神经元数", "en": "Hidden neurons"},
    "grad.activation": {"zh": "激活函数", "en": "Activation"},
    "grad.n_check": {"zh": "抽查的参数个数", "en": "Parameters to check"},
    "grad.init": {"zh": "权重初始值", "en": "Initial weights"},
    "grad.init.std": {"zh": "书中的：高斯 σ = 0.01", "en": "Book: Gaussian σ = 0.01"},
    "grad.init.xavier": {"zh": "Xavier 初始值", "en": "Xavier"},
    "grad.init.he": {"zh": "He 初始值", "en": "He"},
    "grad.check_caption": {
        "zh": "两条坐标轴都是对称对数刻度，接近 0 的小梯度也能看清。梯度恰好为 0 的参数"
              "（例如总是为 0 的像素所连接的权重）两种方法都得到 0。",
        "en": "Both axes are symmetric-log, so small gradients near 0 stay visible. Parameters whose "
              "gradient is exactly 0 (e.g. weights from pixels that are always 0) get 0 from both "
              "methods.",
    },
    "grad.check_setup": {
        "zh": "网络 {inputs} → {hidden} → {outputs}，共 {n_total} 个参数；在 {batch} 个训练样本上"
              "求交叉熵误差，随机抽查其中 {n} 个参数（每个权重和偏置数组都有）。",
        "en": "Network {inputs} → {hidden} → {outputs}, {n_total} parameters in all; the "
              "cross-entropy loss on {batch} training samples; {n} parameters checked at random "
              "(from every weight and bias array).",
    },
    "grad.max_abs": {"zh": "最大绝对差", "en": "Largest absolute difference"},
    "grad.max_rel": {"zh": "最大相对差", "en": "Largest relative difference"},
    "grad.time_backprop": {"zh": "反向传播用时", "en": "Backprop time"},
    "grad.time_backprop_help": {
        "zh": "一次反向传播，同时得到全部 {n_total} 个参数的梯度。",
        "en": "One backward pass gives the gradient of all {n_total} parameters at once.",
    },
    "grad.time_numerical": {"zh": "数值微分用时", "en": "Numerical time"},
    "grad.time_numerical_help": {
        "zh": "只是抽查的 {n} 个参数：每个参数要计算两次损失函数。",
        "en": "For the {n} checked parameters only: two evaluations of the loss per parameter.",
    },
    "grad.check_ok": {
        "zh": "两种方法一致：最大相对差只有 {rel}，反向传播的实现是正确的。",
        "en": "The two methods agree: the largest relative difference is only {rel}, so the "
              "backprop implementation is correct.",
    },
    "grad.check_bad": {
        "zh": "最大相对差为 {rel}，偏大：请检查反向传播的实现（或改用 float64）。",
        "en": "The largest relative difference is {rel}, which is large: check the backprop "
              "implementation (or use float64).",
    },
    "grad.speed": {
        "zh": "按这个速度，用数值微分求全部 {n_total} 个参数的梯度约需 **{all_ms} ms**，"
              "而反向传播只需 **{bp_ms} ms**：数值微分慢了约 **{ratio} 倍**。"
              "参数越多，差距越大，这就是实际训练中使用反向传播的原因。",
        "en": "At this rate, the numerical gradient of all {n_total} parameters would take about "
              "**{all_ms} ms**, against **{bp_ms} ms** for backprop: numerical differentiation is "
              "about **{ratio} times** slower. The gap grows with the number of parameters, which "
              "is why real training uses backprop.",
    },
    "grad.check_title": {
        "zh": "数值微分与反向传播（虚线：y = x）",
        "en": "Numerical vs backprop (dashed: y = x)",
    },
    "grad.backprop": {"zh": "反向传播", "en": "Backprop"},
    "grad.numerical": {"zh": "数值微分", "en": "Numerical"},
    "grad.param": {"zh": "参数", "en": "Parameter"},
    "grad.index": {"zh": "下标", "en": "Index"},
    "grad.abs_diff": {"zh": "绝对差", "en": "Abs. difference"},
    "grad.rel_diff": {"zh": "相对差", "en": "Rel. difference"},
    "grad.checked": {"zh": "抽查个数", "en": "Checked"},
    "grad.mean_abs": {"zh": "平均绝对差", "en": "Mean abs. diff."},
    "grad.max_rel_short": {"zh": "最大相对差", "en": "Max rel. diff."},
    "grad.check_table": {"zh": "查看每个参数", "en": "Show every parameter"},
    "grad.to_lab": {
        "zh": "去训练实验室：用 mini-batch 和梯度下降法真正训练网络",
        "en": "On to the training lab: train a network with mini-batches and gradient descent",
    },
    # ------------------------------------------------------------ errors
    "err.grad.h_range": {
        "zh": "h 的范围无效：10^{hi} 到 10^{lo}。",
        "en": "Invalid range of h: 10^{hi} to 10^{lo}.",
    },
    "err.grad.lr": {
        "zh": "学习率必须是正数，收到的是 {value}。",
        "en": "The learning rate must be a positive number, got {value}.",
    },
    "err.grad.steps": {
        "zh": "步数必须在 1 到 100,000 之间，收到的是 {value}。",
        "en": "The number of steps must be between 1 and 100,000, got {value}.",
    },
}
