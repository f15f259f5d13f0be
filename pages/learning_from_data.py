"""Lesson page: learning from data, training vs test data, over-fitting (UI only)."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core import build_trainer
from core.charts import learning as charts
from core.charts.theme import OKABE_ITO
from pages import shared

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


# ------------------------------------------------------------------ sections
def _data_section(data) -> None:
    st.subheader(shared.tr("learn.data.header"))
    st.markdown(shared.tr("learn.data.summary", name=shared.tr(data.meta.title_key),
                          n_train=data.n_train, n_test=data.n_test,
                          n_features=data.n_features, n_classes=data.n_classes))
    st.caption(shared.tr(data.meta.description_key))
    if data.meta.source:
        # a built-in set's citation in the user's language; an uploaded file's name is user
        # text: shown literally, never as markdown
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
    st.session_state.setdefault(GALLERY_COUNT, 16)
    classes = [ALL, *range(data.n_classes)]
    if st.session_state.get(GALLERY_CLASS, ALL) not in classes:
        st.session_state[GALLERY_CLASS] = ALL  # a class of another data set
    a, b, c = st.columns([2, 2, 1], vertical_alignment="bottom")
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
        st.info(shared.tr("learn.gallery.empty"))
        return
    rng = np.random.default_rng([shared.seed(), st.session_state.get(DRAW, 0)])
    rows = np.sort(rng.choice(pool, min(int(st.session_state[GALLERY_COUNT]), pool.size),
                              replace=False))
    captions = [f"{data.class_names[data.t_train[i]]} · #{i}" for i in rows]
    df = charts.image_frame(data.x_train[rows], data.image_shape, captions)
    shared.altair(charts.image_grid(df, {
        "title": shared.tr("learn.chart.gallery.title", n=len(rows)),
        "class": shared.tr("learn.chart.class"), "row": shared.tr("learn.chart.row"),
        "col": shared.tr("learn.chart.col"), "value": shared.tr("learn.chart.pixel")}))
    h, w = data.image_shape[-2], data.image_shape[-1]
    st.caption(shared.tr("learn.gallery.images", h=h, w=w, d=data.n_features))


def _points(data) -> None:
    df = charts.points_frame(data.x_train, data.t_train, data.x_test, data.t_test,
                             data.class_names, _split_names())
    shared.altair(charts.points_scatter(df, {
        "title": shared.tr("learn.chart.points.title"),
        "x": shared.tr("learn.chart.feature", i=0), "y": shared.tr("learn.chart.feature", i=1),
        "class": shared.tr("learn.chart.class"), "split": shared.tr("learn.chart.split")}))
    st.caption(shared.tr("learn.gallery.points"))


def _table(data) -> None:
    n = min(TABLE_ROWS, data.n_train)
    df = pd.DataFrame(data.x_train[:n], columns=[f"x{i}" for i in range(data.n_features)])
    df[shared.tr("learn.table.label")] = [data.class_names[c] for c in data.t_train[:n]]
    st.dataframe(df, width="stretch", hide_index=True)
    st.caption(shared.tr("learn.gallery.table", n=n))


def _features_section() -> None:
    st.subheader(shared.tr("learn.features.header"))
    st.markdown(shared.tr("learn.features.body"))
    st.graphviz_chart(pipeline_dot(shared.tr, shared.presentation()), width="stretch")
    st.caption(shared.tr("learn.pipe.caption"))


def pipeline_dot(tr, large: bool = False) -> str:
    """The book's three pipelines (figure 4-2) as a Graphviz DOT graph, in the user's language."""
    human, learned = "#D9D9D9", OKABE_ITO[5]
    size = 22 if large else 15

    def node(name: str, key: str, fill: str, shape: str = "box") -> str:
        label = tr(key).replace('"', "'")
        return f'{name} [label="{label}", shape={shape}, style="filled,rounded", fillcolor="{fill}"];'

    lines = [
        "digraph pipelines {",
        "rankdir=LR; nodesep=0.25; ranksep=0.3;",
        f'node [fontname="sans-serif", fontsize={size}, fontcolor="#000000", color="#555555"];',
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
                     f'color="#BBBBBB"; style=rounded;')
        lines.append(node(f"in{i}", "learn.pipe.image", "#FFFFFF", "note"))
        lines.extend(node(n, key, fill) for n, key, fill in steps)
        lines.append(node(f"out{i}", "learn.pipe.answer", "#FFFFFF", "ellipse"))
        chain = [f"in{i}", *(n for n, _, _ in steps), f"out{i}"]
        lines.append(" -> ".join(chain) + ";")
        lines.append("}")
    lines.append("}")
    return "\n".join(lines)


def _split_section(data) -> None:
    st.subheader(shared.tr("learn.split.header"))
    st.markdown(shared.tr("learn.split.body"))
    a, b, c = shared.metric_row(3)
    a.metric(shared.tr("learn.split.n_train"), shared.tr("learn.split.samples", n=data.n_train))
    b.metric(shared.tr("learn.split.n_test"), shared.tr("learn.split.samples", n=data.n_test))
    total = max(data.n_train + data.n_test, 1)
    c.metric(shared.tr("learn.split.fraction"), f"{data.n_test / total:.0%}")
    df = charts.balance_frame(data.t_train, data.t_test, data.class_names, _split_names())
    shared.altair(charts.split_bars(df, {
        "title": shared.tr("learn.chart.balance.title"), "x": shared.tr("learn.chart.class"),
        "y": shared.tr("learn.chart.balance.y"), "split": shared.tr("learn.chart.split"),
        "share": shared.tr("learn.chart.balance.share")}))
    train_counts = np.bincount(data.t_train, minlength=data.n_classes)
    st.caption(shared.tr("learn.split.balance", lo=int(train_counts.min()),
                         hi=int(train_counts.max())))


def _overfit_section(data) -> None:
    st.subheader(shared.tr("learn.overfit.header"))
    st.markdown(shared.tr("learn.overfit.body"))
    if data.n_test == 0:
        st.info(shared.tr("learn.overfit.no_test"))
        return
    options = size_options(data.n_train)
    st.session_state.setdefault(SIZE, DEFAULT_SIZE)
    st.session_state.setdefault(EPOCHS, DEFAULT_EPOCHS)
    if st.session_state[SIZE] not in options:  # e.g. another data set, or a value from a link
        st.session_state[SIZE] = int(shared.nearest_on_log_scale(options, int(st.session_state[SIZE])))
    a, b = st.columns(2)
    a.select_slider(shared.tr("learn.overfit.size"), options, key=SIZE,
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

    c1, c2, c3 = shared.metric_row(3)
    c1.metric(shared.tr("learn.overfit.train_acc"), f"{train:.0%}")
    c2.metric(shared.tr("learn.overfit.test_acc"), f"{test:.0%}")
    c3.metric(shared.tr("learn.overfit.gap"), shared.tr("learn.overfit.points", gap=gap))
    done_epochs = round(float(info["epochs"]))
    st.markdown(shared.tr("learn.overfit.sentence", n=size, epochs=done_epochs,
                          train=round(100 * train), test=round(100 * test), gap=gap))
    if info["diverged"]:
        st.warning(shared.tr("learn.overfit.diverged"))
    elif train < UNDERFIT_TRAIN:
        st.info(shared.tr("learn.overfit.verdict.under"))
    elif train - test >= OVERFIT_GAP:
        st.warning(shared.tr("learn.overfit.verdict.over", n=size))
    else:
        st.success(shared.tr("learn.overfit.verdict.good"))
    shared.altair(charts.accuracy_curves(charts.accuracy_frame(frame, _split_names()), {
        "title": shared.tr("learn.chart.accuracy.title", n=size),
        "x": shared.tr("learn.chart.epoch"), "y": shared.tr("learn.chart.accuracy"),
        "split": shared.tr("learn.chart.split")}))
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


def draw() -> None:
    shared.read_url_once(PARAMS, "learn")
    shared.show_url_notices()  # the frame showed its own before this page read the link
    st.title(shared.tr("learn.title"))
    st.markdown(shared.tr("learn.intro"))
    data = shared.current_dataset()
    if data is not None:
        _data_section(data)
    _features_section()
    if data is None:
        return
    _split_section(data)
    _overfit_section(data)


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(draw)
