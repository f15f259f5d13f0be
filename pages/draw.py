"""Lesson page: draw a digit and watch a trained network read it (UI only; the math is in
core.drawing).

The pad (pages.draw_pad) sends its bitmap at the end of each stroke; a callback keeps that
value in session_state (DRAWING), and a fragment redraws only the pad's part of the page:
what the network reads, its answer, the losses for the digit the student meant, and the
teaching around it. Tests inject a drawing by setting DRAWING, exactly as the pad sends it.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core import drawing, lessons
from core.charts import learning as image_charts
from core.charts import losses as loss_charts
from core.charts.theme import FIT_WIDTH
from core.datasets import dataset_info
from core.errors import LearningError
from pages import shared
from pages.draw_pad import pad
from pages.lab_views import SESSION as LAB_SESSION

PAD_KEY = "_draw_pad"  # the component's own state
DRAWING = "_draw_value"  # the pad's last value: {"bitmap": base64, "strokes": [...]}
LABEL = "_draw_label"  # the digit the student meant (None until picked)
COLLECTED = "_draw_collected"  # the class's own labelled drawings (core.drawing.Drawn)
NET, PEN, RAW = "draw_net", "draw_pen", "draw_raw"
PENS: dict[str, int] = {"thick": drawing.LINE_WIDTH, "thin": 7}
NETS = ("lab", "reference")
MAX_COLLECTED = 100  # 100 drawings x ~850 bytes: a session holds under 0.1 MB of them
N_UNITS, N_NEAREST, N_SHOWN = 8, 6, 20
DIGITS = tuple(range(drawing.N_CLASSES))

PEN_PARAM = shared.Param(PEN, "thick", "choice", options=tuple(PENS))
RAW_PARAM = shared.Param(RAW, False, "bool")


@st.cache_resource(max_entries=1, ttl=24 * 3600, show_spinner=False)
def reference_reader() -> drawing.Reader:
    """The book's network on MNIST-5k, trained once for the whole server (never mutated)."""
    return drawing.train_reference()


# ------------------------------------------------------------------ state and callbacks
def after_stroke(state: MutableMapping[str, Any]) -> None:
    """The pad sent a new drawing: keep it; an emptied pad forgets the digit meant."""
    value = (state.get(PAD_KEY) or {}).get("drawing")
    state[DRAWING] = value
    bitmap = drawing.pad_of(value)
    if bitmap is None or drawing.ink_box(bitmap) is None:
        state[LABEL] = None


def _on_drawing() -> None:
    after_stroke(st.session_state)


def _collect(prepared_pad: np.ndarray, label: int) -> None:
    items: list[drawing.Drawn] = st.session_state.setdefault(COLLECTED, [])
    if len(items) < MAX_COLLECTED:
        items.append(drawing.drawn(prepared_pad, label))


def _remove_last() -> None:
    items = st.session_state.get(COLLECTED) or []
    if items:
        items.pop()


def _clear_collection() -> None:
    st.session_state[COLLECTED] = []


# ------------------------------------------------------------------ which network answers
def _lab_trainer():
    session = st.session_state.get(LAB_SESSION)
    run = getattr(session, "run", None)
    return None if run is None else run.trainer


def _percent(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:.1%}"


def choose_reader() -> drawing.Reader:
    """The lab's last network if it reads 28 x 28 or 8 x 8 digits (the student may pick the
    reference instead), else the reference network; says which one answers."""
    tr = shared.tr
    trainer = _lab_trainer()
    choice = "reference"
    if drawing.can_read(trainer):
        names = {"lab": tr("draw.net.lab"), "reference": tr("draw.net.reference")}
        choice = shared.localized(st.radio, tr("draw.net.choice"), NETS, key=NET,
                                  format_func=names.__getitem__, horizontal=True)
    if choice == "lab":
        reader = drawing.reader_of(trainer)
        name = reader.data_name
        data = tr(dataset_info(name).title_key) if name in ("digits", "mnist-5k", "mnist") else name
        st.info(tr("draw.net.lab_info", data=data, shape=" × ".join(map(str, reader.image_shape)),
                   iterations=f"{reader.iterations:,}", accuracy=_percent(reader.test_accuracy)),
                icon="🧪")
        return reader
    with st.spinner(tr("draw.net.training")):
        reader = reference_reader()
    st.info(tr("draw.net.reference_info", n_train=f"{len(reader.t_train):,}",
               n_test=f"{reader.n_test:,}", accuracy=_percent(reader.test_accuracy)), icon="🧠")
    if trainer is not None and not drawing.can_read(trainer):
        st.caption(tr("draw.net.lab_unusable"))
    elif trainer is None:
        st.caption(tr("draw.net.lab_hint"))
    return reader


# ------------------------------------------------------------------ drawing the parts
def _image_labels(title: str) -> dict[str, str]:
    tr = shared.tr
    return {"title": title, "class": tr("draw.chart.image"), "row": tr("draw.chart.row"),
            "col": tr("draw.chart.col"), "value": tr("draw.chart.value")}


def _input_chart(prepared: drawing.Prepared) -> None:
    """What the network reads as a heat map of its pixels (the learning page's builder), so
    hovering shows each value the network receives."""
    side = prepared.shape[0]
    frame = image_charts.image_frame(prepared.image.reshape(1, -1), prepared.shape,
                                     [f"{side} × {side}"])
    labels = _image_labels("")  # the column's header names it
    shared.altair(image_charts.image_grid(frame, labels, columns=1,
                                          cell=200 if side == drawing.MNIST_SIDE else 160))


def _pictures(images: np.ndarray, captions: list[str], title: str, *, size: int) -> None:
    """Images in [0, 1] as pictures, ink dark on white as in the chart of the input.

    Pictures, not heat maps: redrawn after every stroke, Altair facets of the 8 weight images
    and 6 nearest examples (6,272 + 4,704 pixel marks) held the browser's main thread for about
    0.8 s each time (measured with a long-task observer), and the answer waited behind them.
    """
    if title:
        st.caption(title)
    enlarged = lessons.as_images(images.reshape(len(images), -1), images.shape[-2:],
                                 min_pixels=size, normalise=False)
    # Each pixel repeated (as_images) and shown at exactly that width: crisp, and a caption
    # wider than its picture wraps instead of stretching the picture.
    st.image([1.0 - image for image in enlarged], caption=captions, output_format="PNG",
             width=enlarged[0].shape[1])


def _state_message(prepared: drawing.Prepared, raw: bool) -> None:
    tr = shared.tr
    box = "20 × 20" if prepared.shape == (drawing.MNIST_SIDE,) * 2 else "32 × 32"
    if prepared.state == drawing.DOT and not raw:  # only the preprocessing blows a dot up
        st.warning(tr("draw.state.dot", box=box), icon="🔍")
    elif prepared.state == drawing.BORDER:
        st.warning(tr("draw.state.border"), icon="✂️")
    elif prepared.state == drawing.FILLED:
        st.warning(tr("draw.state.filled", share=f"{prepared.ink:.0%}"), icon="🖍️")


def _what_it_reads(prepared: drawing.Prepared, raw: bool) -> None:
    tr = shared.tr
    side = prepared.shape[0]
    st.markdown(f"**{tr('draw.sees.header')}**")
    _input_chart(prepared)
    if raw:
        st.caption(tr("draw.sees.raw", side=side))
    else:
        st.caption(tr("draw.sees.mnist" if side == drawing.MNIST_SIDE else "draw.sees.digits"))
    st.caption(tr("draw.sees.ink", n=int((prepared.image > 0).sum()), total=prepared.image.size))


def _bars(y: np.ndarray, highlight: int, meant: bool) -> None:
    tr = shared.tr
    roles = (tr("draw.chart.meant" if meant else "draw.chart.answer"), tr("draw.chart.other"))
    labels = {"title": tr("draw.chart.probs.title"), "x": tr("draw.chart.digit"),
              "y": tr("draw.chart.probability"), "role": tr("draw.chart.role"),
              "correct": roles[0], "other": roles[1]}
    frame = loss_charts.output_frame(y, highlight, [str(d) for d in DIGITS], roles)
    # The loss page's chart of the output y, with the digit meant (or read) highlighted; its
    # legend below the bars, which a third of the page (or presentation type) leaves room for.
    height = 170 if shared.presentation() else 220  # at 1280 x 720 the whole answer fits
    chart = loss_charts.class_bars(frame, labels).properties(height=height, autosize=FIT_WIDTH)
    chart.encoding.color.legend = alt.Legend(orient="bottom", title=None, columns=1, labelLimit=400)
    shared.altair(chart)


def _answer(answer: drawing.Answer | None, label: int | None) -> None:
    """The digit read and the ten probabilities. An empty pad fills the same places (no digit,
    an empty chart, no numbers): the first stroke then updates elements instead of moving
    them, and a chart that moves is mounted anew, which held the answer back ~0.1 s."""
    tr = shared.tr
    st.markdown(f"**{tr('draw.answer.header')}**")
    if answer is None:
        st.metric(tr("draw.answer.predicted"), "–", help=tr("draw.answer.predicted_help"))
        st.caption(tr("draw.state.empty"))
        st.caption(" ")
        _bars(np.zeros(drawing.N_CLASSES), 0, False)
        return
    y = answer.probabilities
    st.metric(tr("draw.answer.predicted"), str(answer.predicted),
              help=tr("draw.answer.predicted_help"))
    st.caption(tr("draw.answer.probability", p=f"{y[answer.predicted]:.1%}"))
    st.caption(tr("draw.answer.values", values=", ".join(f"{v:.3f}" for v in y),
                  total=f"{y.sum():.3f}"))
    # Last: the numbers above reach the screen before the chart is redrawn.
    _bars(y, answer.predicted if label is None else label, label is not None)


def _losses(answer: drawing.Answer, label: int) -> None:
    tr = shared.tr
    ce, mse = answer.losses(label)
    p = float(answer.probabilities[label])
    st.markdown(f"**{tr('draw.loss.header')}**")
    if answer.predicted == label:
        st.success(tr("draw.loss.right", label=label), icon="✅")
    else:
        st.error(tr("draw.loss.wrong", label=label, predicted=answer.predicted, p=f"{p:.1%}"),
                 icon="❌")
    c1, c2 = shared.metric_row(2)
    c1.metric(tr("loss.ce"), f"{ce:.4f}", help=tr("loss.ce_help"))
    c2.metric(tr("loss.mse"), f"{mse:.4f}", help=tr("loss.mse_help"))
    # The numbers of this drawing in the loss page's formulas (numbers only: no user text).
    st.latex(rf"E = -\sum_k t_k \log (y_k + 10^{{-7}}) = -\log (y_{{{label}}} + 10^{{-7}})"
             rf" = -\log ({p:.4f} + 10^{{-7}}) = {ce:.4f}")
    st.latex(rf"E = \frac{{1}}{{2}}\sum_k (y_k - t_k)^2 = {mse:.4f}")
    st.caption(tr("loss.ce_only_correct", p=f"{p:.4f}", ce=f"{ce:.4f}"))
    st.caption(tr("draw.loss.caption"))


def _steps(prepared: drawing.Prepared, raw: bool) -> None:
    """The preprocessing one step at a time (drawn for an empty pad too: the first stroke then
    updates these charts instead of mounting them, which would hold the answer back)."""
    tr = shared.tr
    mnist = prepared.shape[0] == drawing.MNIST_SIDE
    with st.expander(tr("draw.steps.header", n=prepared.image.size)):
        st.markdown(tr("draw.steps.body"))
        first = ("draw.steps.raw_box" if raw and mnist else
                 "draw.steps.mnist_box" if mnist else "draw.steps.digits_box")
        second = "draw.steps.mnist_placed" if mnist else "draw.steps.digits_placed"
        _pictures(prepared.scaled[None], [tr(first)], "", size=112)
        _pictures(prepared.image[None], [tr(second)], "", size=112)


def _hidden_units(reader: drawing.Reader, answer: drawing.Answer) -> None:
    tr = shared.tr
    units = drawing.busiest_units(reader.network, answer, N_UNITS)
    st.subheader(tr("draw.units.header"))
    n = int(np.prod(reader.image_shape))
    st.markdown(tr("draw.units.body", n=n, k=len(units), digit=answer.predicted))
    captions = [tr("draw.units.caption", unit=u["unit"], output=f"{u['output']:.2f}",
                   vote=shared.signed(u["vote"], 2)) if math.isfinite(u["vote"]) else
                tr("draw.units.caption_deep", unit=u["unit"], output=f"{u['output']:.2f}")
                for u in units]
    images = drawing.weight_images(reader.network, [u["unit"] for u in units], reader.image_shape)
    _pictures(images, captions, tr("draw.units.title"), size=112)


def _nearest(reader: drawing.Reader, prepared: drawing.Prepared, digit: int) -> None:
    tr = shared.tr
    rows, distances = drawing.nearest(prepared.x, reader.x_train, reader.t_train, digit, N_NEAREST)
    st.subheader(tr("draw.nearest.header", digit=digit))
    st.markdown(tr("draw.nearest.body", digit=digit, n=prepared.image.size))
    if rows.size:
        captions = [tr("draw.nearest.caption", rank=i + 1, distance=f"{d:.2f}")
                    for i, d in enumerate(distances)]
        images = np.asarray(reader.x_train)[rows].reshape(len(rows), *reader.image_shape)
        _pictures(images, captions, tr("draw.nearest.title"), size=112)


def _collect_section(reader: drawing.Reader, bitmap: np.ndarray | None, ready: bool,
                     label: int | None) -> None:
    tr = shared.tr
    st.subheader(tr("draw.collect.header"))
    st.markdown(tr("draw.collect.body", max=MAX_COLLECTED))
    items: list[drawing.Drawn] = st.session_state.get(COLLECTED) or []
    full = len(items) >= MAX_COLLECTED
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(tr("draw.collect.add"), key="_draw_add", icon="➕", type="primary",
                  disabled=not ready or label is None or full, on_click=_collect,
                  args=(bitmap, label) if ready and label is not None else (None, 0),
                  width="content")
        st.button(tr("draw.collect.remove_last"), key="_draw_remove", icon="↩️",
                  disabled=not items, on_click=_remove_last, width="content")
        st.button(tr("draw.collect.clear"), key="_draw_clear", icon="🗑️", disabled=not items,
                  on_click=_clear_collection, width="content")
    if full:
        st.caption(tr("draw.collect.full", max=MAX_COLLECTED))
    elif not ready:
        st.caption(tr("draw.collect.need_drawing"))
    elif label is None:
        st.caption(tr("draw.collect.need_label"))
    if not items:
        st.caption(tr("draw.collect.empty"))
        return
    predicted, table = drawing.score_collection(reader.network, items, reader.image_shape)
    right = int(table[:, 1].sum())
    c1, c2, c3 = shared.metric_row(3)
    c1.metric(tr("draw.collect.count"), f"{len(items)}")
    c2.metric(tr("draw.collect.accuracy"), f"{right / len(items):.1%}")
    c3.metric(tr("draw.collect.test_accuracy"), _percent(reader.test_accuracy))
    drawn = table[:, 0]
    shown = np.flatnonzero(drawn)
    st.dataframe(pd.DataFrame({
        tr("draw.collect.col.digit"): shown.astype(str),
        tr("draw.collect.col.drawn"): drawn[shown],
        tr("draw.collect.col.right"): table[shown, 1],
        tr("draw.collect.col.accuracy"): [f"{r / n:.0%}" for r, n in zip(table[shown, 1], drawn[shown])],
    }), hide_index=True, width="content")
    start = max(0, len(items) - N_SHOWN)
    images = np.stack([d.image(reader.image_shape) for d in items[start:]])
    captions = [tr("draw.collect.caption", n=start + i + 1, label=d.label,
                   predicted=int(predicted[start + i])) for i, d in enumerate(items[start:])]
    _pictures(images, captions, tr("draw.collect.title"), size=56)


# ------------------------------------------------------------------ the page
def pad_panel(reader: drawing.Reader) -> None:
    """Everything that changes with a stroke (rerun on its own as a fragment)."""
    tr = shared.tr
    value = st.session_state.get(DRAWING)
    left, middle, right = st.columns([5, 4, 6], gap="medium")
    with left:
        st.markdown(f"**{tr('draw.pad.header')}**")
        strokes = drawing.clean_strokes(value.get("strokes")) if isinstance(value, dict) else []
        pad(key=PAD_KEY, line=PENS[st.session_state[PEN]], strokes=strokes, on_change=_on_drawing,
            labels={"undo": tr("draw.pad.undo"), "clear": tr("draw.pad.clear"),
                    "label": tr("draw.pad.label")})
        st.caption(tr("draw.pad.help"))
        names = {"thick": tr("draw.pen.thick"), "thin": tr("draw.pen.thin")}
        shared.localized(st.radio, tr("draw.pen"), tuple(PENS), key=PEN,
                         format_func=names.__getitem__, horizontal=True)
        st.toggle(tr("draw.raw"), key=RAW, help=tr("draw.raw_help"))
    raw = bool(st.session_state[RAW])
    shared.write_url([PEN_PARAM, RAW_PARAM])
    bitmap = drawing.pad_of(value)
    blank = np.zeros((drawing.PAD_SIDE, drawing.PAD_SIDE), dtype=np.float32)
    prepared = drawing.prepare(blank if bitmap is None else bitmap, reader.image_shape,
                               as_trained=not raw)
    ready = prepared.state != drawing.EMPTY
    label = st.session_state.get(LABEL)
    answer = drawing.read(reader.network, prepared.x) if ready else None
    with right:  # the answer first: the browser shows each part as it arrives
        _answer(answer, label)
    with middle:
        _what_it_reads(prepared, raw)
        _steps(prepared, raw)
    with left:  # last in its column: a message that comes and goes moves nothing else
        _state_message(prepared, raw)
    # The pills are drawn for an empty pad too (disabled), and each part below keeps its own
    # container: whatever appears or goes, the elements after it keep their places.
    st.pills(tr("draw.meant"), DIGITS, key=LABEL, help=tr("draw.meant_help"),
             disabled=answer is None)
    label = st.session_state.get(LABEL) if answer is not None else None
    losses, units, nearest = st.container(), st.container(), st.container()
    if answer is not None:
        with losses:
            if label is None:
                st.caption(tr("draw.meant_hint"))
            else:
                _losses(answer, int(label))
        with units:
            _hidden_units(reader, answer)
        with nearest:
            _nearest(reader, prepared, answer.predicted)
    st.subheader(tr("draw.why.header"))
    st.markdown(tr("draw.why.body"))
    _collect_section(reader, bitmap, ready, None if answer is None else label)


def draw() -> None:
    tr = shared.tr
    st.title(tr("draw.title"))
    st.markdown(tr("draw.intro"))
    shared.read_url_once([PEN_PARAM, RAW_PARAM], "draw")
    shared.show_url_notices()  # one notice for the frame's link values and this page's
    st.session_state.setdefault(PEN, PEN_PARAM.default)
    st.session_state.setdefault(RAW, RAW_PARAM.default)
    try:
        reader = choose_reader()
    except LearningError as error:  # the bundled MNIST-5k is missing or damaged
        shared.show_error(error)
        return
    st.page_link("pages/training_lab.py", label=tr("draw.lab_link"), icon="🧪")

    @st.fragment
    def panel() -> None:
        shared.guarded(lambda: pad_panel(reader))

    panel()


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(draw)
