"""Lesson page: learning from data, training vs test data, over-fitting (UI only)."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core import build_trainer
from core.charts import learning as charts
from core.charts.theme import OKABE_ITO
from pages import scenes, shared

# --- settings on this page (the over-fitting demo's are shared through the URL)
GALLERY_COUNT, GALLERY_CLASS, DRAW = "learn_gallery_n", "learn_gallery_class", "_learn_draw"
SIZE, EPOCHS = "learn_n", "learn_epochs"
GALLERY_COUNTS = (8, 16, 24, 32)
ALL = "all"
SIZE_LADDER = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
MAX_SUBSET = SIZE_LADDER[-1]  # full MNIST (60,000) would take seconds per retrain
EPOCH_CHOICES = (10, 20, 50, 100, 200, 300)
DEFAULT_SIZE, DEFAULT_EPOCHS = 20, 100
TABLE_ROWS = 20
PIPE_HEIGHT_PX = 440  # the pipelines' figure on the projector
# The gallery on the projector: digits of at most 100 px, each under its class in large type.
GRID_COLUMNS, PROJECTOR_GRID_PX, GRID_LABEL_PX = 8, 100, 20

# The book's two-layer net and the chapter's SGD, nothing from later chapters. With the book's
# default weight_init_std = 0.01 a flat start takes most of the demo's 100 updates: 20 digits end
# half-learned (train 70-80 %, seeds 0-4; 100 % only after 117-132 updates). The same argument at
# 0.1 learns them by heart after 41-65 (train 100 %, test 69-72 % on the digits, 53-60 % on
# MNIST-5k; tests/test_page_learning.py runs it).
OVERFIT_CONFIG: dict[str, Any] = {
    "hidden_layers": 1, "hidden_size": 50, "activation": "sigmoid", "loss": "cross_entropy",
    "optimizer": "sgd", "learning_rate": 1.0, "batch_size": 100, "weight_init": "std",
    "weight_init_std": 0.1, "sampling": "replacement",
}
# Budget of one retrain, so a change of the sliders reruns the page in well under a second:
# at most MAX_ITERATIONS updates and about WORK_BUDGET multiply-adds in the first layer (which
# dominates: features x hidden units per sample pass), counting the forward and two backward
# products per mini-batch sample and one forward pass per evaluated sample. The bundled digits
# (64 features) only meet the iteration cap; 784-pixel MNIST meets the work budget.
MAX_ITERATIONS = 600
WORK_BUDGET = 1.5e9
EVAL_TEST_ROWS = 500  # accuracy on at most this many test rows (evaluated after every epoch)
OVERFIT_GAP, UNDERFIT_TRAIN = 0.10, 0.60  # verdict thresholds (accuracy fractions)

PARAMS = [
    shared.Param(SIZE, DEFAULT_SIZE, "int", lo=SIZE_LADDER[0], hi=MAX_SUBSET),  # below: a notice
    shared.Param(EPOCHS, DEFAULT_EPOCHS, "choice", options=EPOCH_CHOICES),
]


# ------------------------------------------------------------------ helpers
def size_options(n_train: int) -> list[int]:
    """Subset sizes offered for a training set of n_train rows: a ladder, then 'all of it'."""
    top = min(n_train, MAX_SUBSET)
    return [s for s in SIZE_LADDER if s < top] + [top]


def iteration_budget(size: int, n_eval_test: int, n_features: int, batch: int) -> int:
    """How many updates fit in WORK_BUDGET and MAX_ITERATIONS (never fewer than 10)."""
    per_pass = n_features * OVERFIT_CONFIG["hidden_size"]  # first-layer multiply-adds per sample
    evaluated = size + n_eval_test
    per_iteration = 3 * batch + evaluated / math.ceil(size / batch)  # + evaluations per epoch
    spare = WORK_BUDGET / per_pass - 2 * evaluated  # the evaluations at the start and the end
    return int(min(MAX_ITERATIONS, max(10, spare / per_iteration)))


def evaluation_view(data, seed: int):
    """The data set with at most EVAL_TEST_ROWS test rows (a seeded random choice)."""
    if data.n_test <= EVAL_TEST_ROWS:
        return data
    rows = np.sort(np.random.default_rng(seed).choice(data.n_test, EVAL_TEST_ROWS, replace=False))
    return dataclasses.replace(data, x_test=data.x_test[rows], t_test=data.t_test[rows])


def data_key(dataset) -> tuple:
    """A small cache key for the data set: the sidebar's key, plus a fingerprint for a CSV."""
    key = shared.dataset_key()
    if key[0] != shared.CSV_CHOICE:
        return key
    digest = hashlib.blake2b(digest_size=12)
    for array in (dataset.x_train, dataset.t_train, dataset.x_test, dataset.t_test):
        digest.update(np.ascontiguousarray(array).tobytes())
    return (*key, digest.hexdigest())


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def overfit_run(key: tuple, size: int, epochs: int, seed: int,
                _dataset) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Train the two-layer net on `size` training rows; per-epoch accuracies and run facts.

    Keyed on small values only (`_dataset` is not hashed: `key` names it).
    """
    data = evaluation_view(_dataset, seed)
    batch = min(OVERFIT_CONFIG["batch_size"], size)
    wanted = epochs * math.ceil(size / batch)
    budget = iteration_budget(size, data.n_test, data.n_features, batch)
    config = {**OVERFIT_CONFIG, "train_size": size, "epochs": epochs,
              "iterations": min(wanted, budget), "seed": seed}
    trainer = build_trainer(config, data)
    while not trainer.done:
        trainer.step(MAX_ITERATIONS)
    info = {"iterations": trainer.iteration, "epochs": trainer.epoch, "batch": trainer.batch_size,
            "capped": wanted > budget, "diverged": trainer.stop_reason == "diverged",
            "test_rows": data.n_test}
    return trainer.evaluation_frame(), info


def _split_names() -> tuple[str, str]:
    return shared.tr("learn.split.train"), shared.tr("learn.split.test")


# ------------------------------------------------------------------ scenes
def prepare() -> Any:
    """The link's settings, read once; the data set every scene looks at (None: none yet)."""
    shared.read_url_once(PARAMS, "learn")
    shared.show_url_notices()  # the frame showed its own before this page read the link
    st.session_state.setdefault(SIZE, DEFAULT_SIZE)
    st.session_state.setdefault(EPOCHS, DEFAULT_EPOCHS)
    st.session_state.setdefault(GALLERY_COUNT, 16)
    data = shared.current_dataset()
    if data is not None:
        options = size_options(data.n_train)
        if st.session_state[SIZE] not in options:  # e.g. another data set, or a link's value
            st.session_state[SIZE] = int(shared.nearest_on_log_scale(options,
                                                                     int(st.session_state[SIZE])))
    return data


def _data_scene(data) -> None:
    if data is None:
        return
    st.markdown(shared.tr("learn.data.summary", name=shared.tr(data.meta.title_key),
                          n_train=data.n_train, n_test=data.n_test,
                          n_features=data.n_features, n_classes=data.n_classes))
    if not scenes.presenting():  # where the data comes from: for reading up close
        st.caption(shared.tr(data.meta.description_key))
        if data.meta.source:
            # a built-in set's citation in the user's language; an uploaded file's name is
            # user text: shown literally, never as markdown
            meta = data.meta
            source = shared.tr(meta.source_key) if meta.source_key else shared.plain(meta.source)
            st.caption(shared.tr("learn.data.source", source=source, licence=meta.licence or "-"))
    if data.image_shape is not None:
        _image_gallery(data)
    elif data.n_features == 2:
        _points(data)
    else:
        _table(data)


def _image_gallery(data) -> None:
    classes = [ALL, *range(data.n_classes)]
    if st.session_state.get(GALLERY_CLASS, ALL) not in classes:
        st.session_state[GALLERY_CLASS] = ALL  # a class of another data set
    if scenes.presenting():  # the projector: the choices stacked beside the digits
        a, grid = st.columns([1, 3])
        b = c = a
    else:
        a, b, c = st.columns([2, 2, 1], vertical_alignment="bottom")
        grid = st.container()
    a.select_slider(shared.tr("learn.gallery.count"), GALLERY_COUNTS, key=GALLERY_COUNT,
                    persist_state="session")
    # Labels are resolved now, not inside format_func: it may be called outside a script run
    # (AppTest does), where the session's language is not available.
    names = {ALL: shared.tr("learn.gallery.all"), **dict(enumerate(data.class_names))}
    shared.localized(b.selectbox, shared.tr("learn.gallery.class"), classes, key=GALLERY_CLASS,
                     format_func=names.__getitem__)
    if c.button(shared.tr("learn.gallery.redraw"), key="_learn_redraw"):
        st.session_state[DRAW] = st.session_state.get(DRAW, 0) + 1
    chosen = st.session_state[GALLERY_CLASS]
    pool = (np.arange(data.n_train) if chosen == ALL
            else np.flatnonzero(data.t_train == int(chosen)))
    if pool.size == 0:
        grid.info(shared.tr("learn.gallery.empty"))
        return
    rng = np.random.default_rng([shared.seed(), st.session_state.get(DRAW, 0)])
    rows = np.sort(rng.choice(pool, min(int(st.session_state[GALLERY_COUNT]), pool.size),
                              replace=False))
    captions = [f"{data.class_names[data.t_train[i]]} · #{i}" for i in rows]
    df = charts.image_frame(data.x_train[rows], data.image_shape, captions)
    labels = {
        "title": shared.tr("learn.chart.gallery.title", n=len(rows)),
        "class": shared.tr("learn.chart.class"), "row": shared.tr("learn.chart.row"),
        "col": shared.tr("learn.chart.col"), "value": shared.tr("learn.chart.pixel")}
    with grid:
        if scenes.presenting():
            cell = charts.grid_cell(len(rows), GRID_COLUMNS, height=scenes.MAIN_CHART_HEIGHT,
                                    width=0.75 * shared.PROJECTOR_CONTENT_PX - 40,
                                    max_px=PROJECTOR_GRID_PX)
            classes = [data.class_names[data.t_train[i]] for i in rows]
            shared.altair(charts.image_grid(df, labels, columns=GRID_COLUMNS, cell=cell,
                                            header_px=GRID_LABEL_PX, short=classes), share=0.75)
        else:
            shared.altair(charts.image_grid(df, labels))
    h, w = data.image_shape[-2], data.image_shape[-1]
    if not scenes.presenting():  # the scene's caption says it
        st.caption(shared.tr("learn.gallery.images", h=h, w=w, d=data.n_features))


def _points(data) -> None:
    df = charts.points_frame(data.x_train, data.t_train, data.x_test, data.t_test,
                             data.class_names, _split_names())
    shared.altair(charts.points_scatter(df, {
        "title": shared.tr("learn.chart.points.title"),
        "x": shared.tr("learn.chart.feature", i=0), "y": shared.tr("learn.chart.feature", i=1),
        "class": shared.tr("learn.chart.class"), "split": shared.tr("learn.chart.split")}),
        main=True)
    if not scenes.presenting():  # the legend says it on the projector
        st.caption(shared.tr("learn.gallery.points"))


def _table(data) -> None:
    n = min(TABLE_ROWS, data.n_train)
    df = pd.DataFrame(data.x_train[:n], columns=[f"x{i}" for i in range(data.n_features)])
    df[shared.tr("learn.table.label")] = [data.class_names[c] for c in data.t_train[:n]]
    st.dataframe(df, width="stretch", hide_index=True)
    st.caption(shared.tr("learn.gallery.table", n=n))


def _features_scene(data) -> None:
    scenes.prose("learn.features.body")
    if scenes.presenting():  # the whole figure within the screen's height; the scene's
        # caption says what its colours mean
        st.graphviz_chart(pipeline_dot(shared.tr, True), width="stretch", height=PIPE_HEIGHT_PX)
    else:
        st.graphviz_chart(pipeline_dot(shared.tr), width="stretch")
        st.caption(shared.tr("learn.pipe.caption"))


def pipeline_dot(tr, large: bool = False) -> str:
    """The book's three pipelines (figure 4-2) as a Graphviz DOT graph, in the user's language.

    `large` (the projector): larger type and tighter margins, so that the figure, scaled to
    the screen, keeps its type as large as it can."""
    human, learned = "#D9D9D9", OKABE_ITO[5]
    size = 22 if large else 15

    def node(name: str, key: str, fill: str, shape: str = "box") -> str:
        label = tr(key).replace('"', "'")
        return f'{name} [label="{label}", shape={shape}, style="filled,rounded", fillcolor="{fill}"];'

    lines = [
        "digraph pipelines {",
        "rankdir=LR; nodesep=0.25; ranksep=0.3;" + (" margin=0;" if large else ""),
        f'node [fontname="sans-serif", fontsize={size}, fontcolor="#000000", color="#555555"'
        + (', margin="0.06,0.03"' if large else "") + "];",
        f'edge [color="#555555"]; graph [fontname="sans-serif", fontsize={size}];',
    ]
    rows = (
        ("rules", [("r1", "learn.pipe.rules", human)]),
        ("features", [("f1", "learn.pipe.features", human), ("f2", "learn.pipe.ml", learned)]),
        ("nn", [("n1", "learn.pipe.nn", learned)]),
    )
    # Graphviz stacks LR clusters bottom-up in the order they are defined: define ③ first
    # so ① reads at the top, as in the book's figure.
    for i, (name, steps) in reversed(list(enumerate(rows, start=1))):
        row_title = tr(f"learn.pipe.row{i}").replace('"', "'")
        lines.append(f'subgraph cluster_{name} {{ label="{row_title}"; labeljust=l; '
                     f'color="#BBBBBB"; style=rounded;' + (" margin=4;" if large else ""))
        lines.append(node(f"in{i}", "learn.pipe.image", "#FFFFFF", "note"))
        lines.extend(node(n, key, fill) for n, key, fill in steps)
        lines.append(node(f"out{i}", "learn.pipe.answer", "#FFFFFF", "ellipse"))
        chain = [f"in{i}", *(n for n, _, _ in steps), f"out{i}"]
        lines.append(" -> ".join(chain) + ";")
        lines.append("}")
    lines.append("}")
    return "\n".join(lines)


def _split_scene(data) -> None:
    if data is None:
        return
    scenes.prose("learn.split.body")
    numbers, plot = st.columns([1, 2]) if scenes.presenting() else (st.container(),) * 2
    with numbers:
        a, b, c = shared.metric_row(3)
    a.metric(shared.tr("learn.split.n_train"), shared.tr("learn.split.samples", n=data.n_train))
    b.metric(shared.tr("learn.split.n_test"), shared.tr("learn.split.samples", n=data.n_test))
    total = max(data.n_train + data.n_test, 1)
    c.metric(shared.tr("learn.split.fraction"), f"{data.n_test / total:.0%}")
    df = charts.balance_frame(data.t_train, data.t_test, data.class_names, _split_names())
    with plot:
        shared.altair(charts.split_bars(df, {
            "title": shared.tr("learn.chart.balance.title"), "x": shared.tr("learn.chart.class"),
            "y": shared.tr("learn.chart.balance.y"), "split": shared.tr("learn.chart.split"),
            "share": shared.tr("learn.chart.balance.share")}), main=True, share=2 / 3)
    train_counts = np.bincount(data.t_train, minlength=data.n_classes)
    if not scenes.presenting():  # for reading up close
        st.caption(shared.tr("learn.split.balance", lo=int(train_counts.min()),
                             hi=int(train_counts.max())))


def _overfit_scene(data) -> None:
    if data is None:
        return
    scenes.prose("learn.overfit.body")
    if data.n_test == 0:
        st.info(shared.tr("learn.overfit.no_test"))
        return
    if scenes.presenting():  # the projector: settings, numbers and curves side by side
        a, numbers, plot = st.columns([1, 1.25, 2.75])
        b = a
    else:
        a, b = st.columns(2)
        numbers = plot = st.container()
    a.select_slider(shared.tr("learn.overfit.size"), size_options(data.n_train), key=SIZE,
                    help=shared.tr("learn.overfit.size_help", n_test=data.n_test),
                    persist_state="session")
    b.select_slider(shared.tr("learn.overfit.epochs"), EPOCH_CHOICES, key=EPOCHS,
                    help=shared.tr("learn.overfit.epochs_help"), persist_state="session")
    shared.write_url(PARAMS)
    size, epochs = int(st.session_state[SIZE]), int(st.session_state[EPOCHS])
    frame, info = overfit_run(data_key(data), size, epochs, shared.seed(), data)
    last = frame.iloc[-1]
    train, test = float(last["train_acc"]), float(last["test_acc"])
    gap = round(100 * train) - round(100 * test)

    with numbers:
        c1, c2, c3 = shared.metric_row(3)
        c1.metric(shared.tr("learn.overfit.train_acc"), f"{train:.0%}")
        c2.metric(shared.tr("learn.overfit.test_acc"), f"{test:.0%}")
        c3.metric(shared.tr("learn.overfit.gap"), str(gap))  # the unit in the label: a short
        # value that the projector's narrow column never cuts
    done_epochs = round(float(info["epochs"]))
    with plot:
        scenes.prose("learn.overfit.sentence", n=size, epochs=done_epochs,
                     train=round(100 * train), test=round(100 * test), gap=gap)
        box, key, params = _verdict(info, size, train, test)
        if scenes.presenting():  # the numbers say it on the projector; the words in the notes
            scenes.prose(key, **params)
        else:
            box(shared.tr(key, **params))
        shared.altair(charts.accuracy_curves(charts.accuracy_frame(frame, _split_names()), {
            "title": shared.tr("learn.chart.accuracy.title", n=size),
            "x": shared.tr("learn.chart.epoch"), "y": shared.tr("learn.chart.accuracy"),
            "split": shared.tr("learn.chart.split")}), main=True, share=0.55)
    if not scenes.presenting():  # how the demo runs: for reading up close
        _setup_notes(data, info, done_epochs)


def _verdict(info: dict[str, Any], size: int, train: float,
             test: float) -> tuple[Callable[[str], Any], str, dict[str, Any]]:
    """What the two accuracies say (diverged, under-fitting, over-fitting or a good fit): the
    box to show it in, its text's key and the key's values."""
    if info["diverged"]:
        return st.warning, "learn.overfit.diverged", {}
    if train < UNDERFIT_TRAIN:
        return st.info, "learn.overfit.verdict.under", {}
    if train - test >= OVERFIT_GAP:
        return st.warning, "learn.overfit.verdict.over", {"n": size}
    return st.success, "learn.overfit.verdict.good", {}


def _setup_notes(data, info: dict[str, Any], done_epochs: int) -> None:
    st.caption(shared.tr("learn.overfit.setup", hidden=OVERFIT_CONFIG["hidden_size"],
                         batch=info["batch"], lr=OVERFIT_CONFIG["learning_rate"],
                         std=OVERFIT_CONFIG["weight_init_std"], iterations=info["iterations"],
                         seed=shared.seed()))
    if info["capped"]:
        st.caption(shared.tr("learn.overfit.capped", cap=info["iterations"], epochs=done_epochs))
    if info["test_rows"] < data.n_test:
        st.caption(shared.tr("learn.overfit.test_rows", m=info["test_rows"], n_test=data.n_test))
    if data.n_train > MAX_SUBSET:
        st.caption(shared.tr("learn.overfit.max_subset", m=MAX_SUBSET, n_train=data.n_train))


# One scene per idea of section 4.1; the laptop layout draws them all, in this order.
SCENES: tuple[scenes.Scene, ...] = (
    scenes.Scene("data", "learn.data.header", "learn.caption.data", _data_scene),
    scenes.Scene("features", "learn.features.header", "learn.caption.features", _features_scene),
    scenes.Scene("split", "learn.split.header", "learn.caption.split", _split_scene),
    scenes.Scene("overfit", "learn.overfit.header", "learn.caption.overfit", _overfit_scene),
)


def draw() -> None:
    scenes.show("learn.title", SCENES, prepare(), intro_key="learn.intro")


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(draw)
