"""Strings for the class experiment: the teacher's page and board, the student's panel in the
lab, the board's charts and the rooms' error messages (zh / en)."""

STRINGS: dict[str, dict[str, str]] = {
    "nav.class": {"zh": "全班实验", "en": "Class experiment"},
    "room.title": {"zh": "全班实验", "en": "Class experiment"},
    "room.intro": {
        "zh": "全班一起做一个实验：每位同学用不同的学习率（或 batch 大小、激活函数、损失函数、"
              "神经元个数）训练同一个网络，先猜哪个值最好，再把每个人的结果一起投到大屏幕上。",
        "en": "One experiment the whole class runs: each student trains the same network with "
              "a different learning rate (or batch size, activation, loss, hidden units), "
              "everyone first guesses which value wins, and every result appears on the "
              "projector together.",
    },
    # --- making a room
    "room.new": {"zh": "开一个实验房间", "en": "Start a room"},
    # --- the scenes (projector)
    "room.scene.room": {"zh": "开房间，加入房间", "en": "The room"},
    "room.scene.room.caption": {
        "zh": "扫二维码或输入房间号加入。每位同学用自己的值训练同一个网络，先猜哪个值最好。",
        "en": "Scan the QR code or enter the room code. Each of you trains the same network with "
              "your own value, and first guesses which value wins.",
    },
    "room.scene.board": {"zh": "每位同学的结果", "en": "Every student's run"},
    "room.scene.board.caption": {
        "zh": "每个点是一位同学的测试精度，黑色横线是每个值的中位数；右边是每个人的损失曲线。",
        "en": "Each dot is one student's test accuracy, the black bar each value's median; "
              "beside it, everyone's loss curve.",
    },
    "room.scene.predictions": {"zh": "大家的预测", "en": "The class's predictions"},
    "room.scene.predictions.caption": {
        "zh": "大家猜中了吗？公布预测，和实验结果比一比。",
        "en": "Did the class guess right? Reveal the predictions and compare them with the result.",
    },
    "room.scene.no_room": {
        "zh": "还没有实验房间：请在第一幕开一个。",
        "en": "No room yet: start one in the first scene.",
    },
    "room.csv": {
        "zh": "全班实验使用内置数据集（同学们没有你上传的 CSV 文件）。请在侧边栏选择一个内置数据集。",
        "en": "A class experiment uses a built-in data set (the students do not have your "
              "uploaded CSV). Choose a built-in data set in the sidebar.",
    },
    "room.setting": {"zh": "要比较的设置", "en": "The setting that varies"},
    "room.setting.learning_rate": {"zh": "学习率", "en": "Learning rate"},
    "room.setting.batch_size": {"zh": "mini-batch 的大小", "en": "Mini-batch size"},
    "room.setting.activation": {"zh": "激活函数", "en": "Activation"},
    "room.setting.loss": {"zh": "损失函数", "en": "Loss function"},
    "room.setting.hidden_size": {"zh": "隐藏层的神经元个数", "en": "Hidden units"},
    "room.setting.free": {"zh": "自由探索（每人自己定设置）", "en": "Free (each student's own settings)"},
    "room.values": {"zh": "要比较的值", "en": "Values to compare"},
    "room.values_help": {
        "zh": "用逗号隔开，2 到 8 个值，例如 0.01, 0.1, 1, 10。",
        "en": "Separated by commas, 2 to 8 values, e.g. 0.01, 0.1, 1, 10.",
    },
    "room.mode": {"zh": "怎样分配这些值", "en": "How students get a value"},
    "room.mode.assigned": {"zh": "按加入顺序轮流分配", "en": "Assigned in turn as they join"},
    "room.mode.choice": {"zh": "同学自己选", "en": "Each student chooses"},
    "room.hours": {"zh": "房间开放多少小时", "en": "Hours the room stays open"},
    "room.fixed": {
        "zh": "其余设置都用你在训练实验室里的设置：{settings}。每位同学有各自的随机种子，"
              "所以还能看到偶然因素带来的差别。",
        "en": "Everything else is your training lab's settings: {settings}. Each student gets "
              "their own random seed, so the class also sees how much chance alone changes.",
    },
    "room.change_settings": {"zh": "在训练实验室里修改这些设置", "en": "Change them in the training lab"},
    "room.create": {"zh": "开房间", "en": "Start the room"},
    "room.reclaim": {"zh": "页面刷新后要继续主持原来的房间？", "en": "Reloaded the page? Lead your room again"},
    "room.reclaim_link": {"zh": "粘贴教师链接", "en": "Paste the teacher link"},
    "room.reclaim_button": {"zh": "继续主持", "en": "Lead this room"},
    # --- the room on the projector
    "room.join_at": {"zh": "打开训练实验室，输入房间号：", "en": "Open the training lab and enter the room code:"},
    "room.join_how": {
        "zh": "或者打开上面的链接、扫二维码，就会直接进入这个房间。",
        "en": "Or open the link above, or scan the QR code: it goes straight into this room.",
    },
    "room.qr": {"zh": "扫码加入", "en": "Scan to join"},
    "room.teacher_link": {"zh": "教师链接（在另一台设备上主持）", "en": "Teacher link (lead from another device)"},
    "room.teacher_link_help": {
        "zh": "拿到这个链接的人可以公布预测、关闭房间和导出结果：不要投到屏幕上，也不要发给同学。",
        "en": "Whoever has this link can reveal the predictions, close the room and export the "
              "results: keep it off the projector and away from the students.",
    },
    "room.gone": {
        "zh": "这个房间已经不存在了（过期太久被清理了）。可以开一个新房间。",
        "en": "This room no longer exists (it expired long ago and was cleared). Start a new one.",
    },
    "room.new_room": {"zh": "再开一个房间", "en": "Start another room"},
    # --- the board
    "room.ask.learning_rate": {"zh": "哪个学习率的测试精度最高？", "en": "Which learning rate gives the best test accuracy?"},
    "room.ask.batch_size": {"zh": "多大的 mini-batch 测试精度最高？", "en": "Which mini-batch size gives the best test accuracy?"},
    "room.ask.activation": {"zh": "哪个激活函数的测试精度最高？", "en": "Which activation gives the best test accuracy?"},
    "room.ask.loss": {"zh": "哪个损失函数的测试精度最高？", "en": "Which loss function gives the best test accuracy?"},
    "room.ask.hidden_size": {"zh": "隐藏层有多少个神经元时测试精度最高？", "en": "How many hidden units give the best test accuracy?"},
    "room.ask.free": {"zh": "谁能找到测试精度最高的设置？", "en": "Who finds the settings with the best test accuracy?"},
    "room.status.open": {"zh": "房间开放中，还剩 {left}。", "en": "The room is open for {left} more."},
    "room.status.closed": {"zh": "房间已关闭：不能再加入或提交。", "en": "The room is closed: no one can join or post any more."},
    "room.status.expired": {"zh": "房间已过期：不能再加入或提交。", "en": "The room has expired: no one can join or post any more."},
    "room.count.joined": {"zh": "已加入", "en": "Joined"},
    "room.count.predicted": {"zh": "已预测", "en": "Predicted"},
    "room.count.finished": {"zh": "已完成", "en": "Finished"},
    "room.board.waiting": {
        "zh": "还没有人完成训练。同学们的结果一出来就会显示在这里。",
        "en": "No run has finished yet. Each student's result appears here as soon as it ends.",
    },
    "room.tally.free": {"zh": "自由探索没有预测环节。", "en": "Free exploration has no predictions."},
    "room.tally.hidden": {
        "zh": "{n} 位同学做了预测。按“公布预测”看大家猜的结果。",
        "en": "{n} students made a prediction. Press “Reveal predictions” to show them.",
    },
    "room.tally.no_runs": {"zh": "还没有结果可以对比。", "en": "No results to compare yet."},
    "room.tally.outcome": {
        "zh": "测试精度中位数最高的是 **{best}**：{n} 位做了预测的同学中有 {right} 位猜对了。",
        "en": "The best median test accuracy: **{best}**. {right} of the {n} students who "
              "predicted got it right.",
    },
    "room.reveal": {"zh": "公布预测", "en": "Reveal predictions"},
    "room.hide": {"zh": "隐藏预测", "en": "Hide predictions"},
    "room.export": {"zh": "导出结果（CSV）", "en": "Export results (CSV)"},
    "room.close": {"zh": "关闭房间", "en": "Close the room"},
    "room.free.same": {"zh": "与房间的设置相同", "en": "the room's settings"},
    # --- the board's charts
    "room.chart.acc.title": {"zh": "测试精度（横线：中位数）", "en": "Test accuracy (bar: median)"},
    "room.chart.value": {"zh": "值", "en": "Value"},
    "room.chart.acc.y": {"zh": "测试精度（%）", "en": "Test accuracy (%)"},
    "room.chart.student": {"zh": "同学", "en": "Student"},
    "room.chart.acc.train": {"zh": "训练精度（%）", "en": "Training accuracy (%)"},
    "room.chart.acc.median": {"zh": "中位数（%）", "en": "Median (%)"},
    "room.chart.acc.runs": {"zh": "人数", "en": "Runs"},
    "room.chart.loss.title": {"zh": "每个人的损失函数", "en": "Everyone's loss"},
    "room.chart.iteration": {"zh": "更新次数", "en": "Iteration"},
    "room.chart.loss.y": {"zh": "损失函数的值", "en": "Loss"},
    "room.chart.tally.title": {"zh": "大家的预测", "en": "The class's predictions"},
    "room.chart.tally.y": {"zh": "预测人数", "en": "Students"},
    "room.chart.tally.best": {"zh": "★ 实际最好", "en": "★ won"},
    # --- the student's panel in the lab
    "room.join.title": {"zh": "加入全班实验", "en": "Join a class experiment"},
    "room.join.code": {"zh": "房间号", "en": "Room code"},
    "room.join.nickname": {"zh": "昵称（可不填）", "en": "Nickname (optional)"},
    "room.join.nickname_help": {
        "zh": "显示在大屏幕上，最多 {most} 个字。不填就显示你的编号。",
        "en": "Shown on the projector, at most {most} characters. Leave it empty to show your number.",
    },
    "room.join.button": {"zh": "加入", "en": "Join"},
    "room.panel.title": {
        "zh": "🏫 全班实验 **{code}**：你是 {who}（第 {number} 位）",
        "en": "🏫 Class experiment **{code}**: you are {who} (student {number})",
    },
    "room.your_value": {"zh": "你的值：**{value}**", "en": "Your value: **{value}**"},
    "room.your_choice": {"zh": "选择你的值", "en": "Choose your value"},
    "room.fixed_student": {
        "zh": "大家都用同样的设置：{settings}；你的随机种子：{seed}。在房间里时，训练实验室会按这些设置训练。",
        "en": "Everyone trains with: {settings}; your seed: {seed}. While you are in the room, "
              "the lab trains with these settings.",
    },
    "room.predict": {"zh": "开始训练前先猜一猜：哪个值的测试精度最高？", "en": "Before you train, predict: which value gives the best test accuracy?"},
    "room.predict_help": {
        "zh": "老师公布之前，谁也看不到大家的预测。提交结果之前都可以改。",
        "en": "No one sees the predictions until the teacher reveals them. You can change yours "
              "until your run is posted.",
    },
    "room.predicted": {"zh": "你的预测：{value}", "en": "Your prediction: {value}"},
    "room.other_data": {
        "zh": "你现在用的数据和房间的不一样，结果不会提交。",
        "en": "Your lab uses other data than the room: your result would not be posted.",
    },
    "room.use_data": {"zh": "换成房间的数据", "en": "Use the room's data"},
    "room.posted": {
        "zh": "你的结果已经显示在大屏幕上了。现在训练实验室又可以随意使用了。",
        "en": "Your run is on the board. The lab is yours again: try anything.",
    },
    "room.closed_now": {"zh": "房间已关闭，不能再提交结果。", "en": "The room is closed: runs are no longer posted."},
    "room.press_train": {
        "zh": "按“开始学习”：训练结束时，你的结果会自动提交到大屏幕上（只提交一次）。",
        "en": "Press Train: when your run ends it is posted to the board by itself (once).",
    },
    "room.training": {"zh": "正在训练……结束后结果会自动提交。", "en": "Training… your run is posted when it ends."},
    "room.leave": {"zh": "离开房间", "en": "Leave the room"},
    # --- refusals
    "err.room.code": {
        "zh": "房间号是 7 个字母或数字（没有 I、O、0、1），例如 K7Q XM2B。",
        "en": "A room code is 7 letters or digits (no I, O, 0 or 1), such as K7Q XM2B.",
    },
    "err.room.unknown": {"zh": "没有这个房间。请核对房间号。", "en": "There is no room with this code. Check the code."},
    "err.room.closed": {"zh": "这个房间已经关闭或过期了。", "en": "This room is closed or has expired."},
    "err.room.full": {"zh": "房间已满（最多 {most} 人）。", "en": "The room is full ({most} students at most)."},
    "err.room.seat": {
        "zh": "找不到你在这个房间里的位置（房间可能已被清理）。请重新加入。",
        "en": "Your seat in this room was not found (the room may have been cleared). Join again.",
    },
    "err.room.posted": {"zh": "你的结果已经提交过了：每人只能提交一次。", "en": "Your run was already posted: each student posts once."},
    "err.room.too_many": {
        "zh": "尝试次数太多了。请 {seconds} 秒后再试。",
        "en": "Too many attempts. Try again in {seconds} seconds.",
    },
    "err.room.teacher": {
        "zh": "这个教师链接无效（或房间已被清理）。",
        "en": "This teacher link is not valid (or its room was cleared).",
    },
    "err.room.nickname": {"zh": "昵称最多 {most} 个字。", "en": "A nickname has at most {most} characters."},
    "err.room.setting": {"zh": "不能比较这个设置：{setting}。", "en": "This setting cannot be compared: {setting}."},
    "err.room.value": {"zh": "这个值不能用：{value}。", "en": "This value cannot be used: {value}."},
    "err.room.count": {"zh": "请给出 2 到 {most} 个不同的值（现在是 {n} 个）。", "en": "Give 2 to {most} different values (now {n})."},
    "err.room.mode": {"zh": "这个房间不能这样做（{mode}）。", "en": "This room does not allow that ({mode})."},
    "err.room.hours": {"zh": "房间开放的时间要大于 0、最多 {most} 小时。", "en": "A room stays open for more than 0 and at most {most} hours."},
    "err.room.batch": {
        "zh": "mini-batch 大小 {value} 比训练数据（{n} 个）还多。请用更小的值。",
        "en": "A mini-batch of {value} is more than the {n} training samples. Use smaller values.",
    },
    "err.room.slow": {
        "zh": "用 {value} 训练一次大约要{estimate}，超过了每次训练的上限（{limit}）。"
              "请在训练实验室里减少 epoch 数，或换一个值。",
        "en": "A run with {value} would take {estimate}, over the limit per run ({limit}). "
              "Use fewer epochs in the training lab, or another value.",
    },
    "err.room.number": {"zh": "提交的数值不对（{what}：{value}）。", "en": "A posted number is not valid ({what}: {value})."},
    "err.room.config": {"zh": "提交的设置不对（{name}）。", "en": "A posted setting is not valid ({name})."},
    "err.room.dataset": {"zh": "提交的结果用的不是房间的数据集（{dataset}）。", "en": "The posted run did not use the room's data set ({dataset})."},
    "err.room.not_yours": {
        "zh": "这次训练的设置（{name}）和房间给你的不一样，所以不提交。",
        "en": "This run's settings ({name}) differ from the ones the room gave you, so it is not posted.",
    },
    "err.room.curve": {"zh": "提交的损失曲线不对（最多 {most} 个点，按更新次数排列）。", "en": "The posted loss curve is not valid (at most {most} points, in order of iteration)."},
}
