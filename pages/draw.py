"""Lesson page: draw a digit and watch a trained network read it (UI only; the math is in
core.drawing).

The pad (pages.draw_pad) sends its bitmap at the end of each stroke; a callback keeps that
value in session_state (DRAWING), and a fragment redraws the lesson below the sidebar: what
the network reads, its answer, the losses for the digit the student meant, and the teaching
around it. Tests inject a drawing by setting DRAWING, exactly as the pad sends it.

The lesson is a deck of SCENES (pages.scenes): on the projector one at a time, on a laptop one
long page. Every scene reads the same `Drawing` (prepare()), so the digit drawn in the first
scene is the one the later scenes take apart.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from dataclasses import dataclass
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
from pages import scenes, shared
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
PICTURE = 112  # px: a weight image or a training example, each pixel an equal square
# On the projector fewer and larger: three in a row in half of a 1024 px screen.
N_PROJECTED, PROJECTED_PICTURE = 3, 140
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


def chosen_network(trainer: Any) -> str:
    """"lab" when the lab's last network reads 28 x 28 or 8 x 8 digits and the student did not
    pick the reference (the radio's first option is the lab's), else "reference"."""
    if drawing.can_read(trainer) and st.session_state.get(NET, NETS[0]) == "lab":
        return "lab"
    return "reference"


def choose_reader(choice: str, trainer: Any) -> drawing.Reader:
    """The network that answers (LearningError if the bundled MNIST-5k is missing)."""
    if choice == "lab":
        return drawing.reader_of(trainer)
    with st.spinner(shared.tr("draw.net.training")):
        return reference_reader()


def _network_choice(page: Drawing) -> None:
    """The radio between the lab's network and the reference (when the lab's can read
    digits), and which one answers."""
    tr = shared.tr
    reader = page.reader
    if drawing.can_read(page.trainer):
        names = {"lab": tr("draw.net.lab"), "reference": tr("draw.net.reference")}
        shared.localized(st.radio, tr("draw.net.choice"), NETS, key=NET,
                         format_func=names.__getitem__, horizontal=True)
    if page.choice == "lab":
        name = reader.data_name
        data = tr(dataset_info(name).title_key) if name in ("digits", "mnist-5k", "mnist") else name
        st.info(tr("draw.net.lab_info", data=data, shape=" × ".join(map(str, reader.image_shape)),
                   iterations=f"{reader.iterations:,}", accuracy=_percent(reader.test_accuracy)),
                icon="🧪")
        return
    st.info(tr("draw.net.reference_info", n_train=f"{len(reader.t_train):,}",
               n_test=f"{reader.n_test:,}", accuracy=_percent(reader.test_accuracy)), icon="🧠")
    if page.trainer is not None and not drawing.can_read(page.trainer):
        st.caption(tr("draw.net.lab_unusable"))
    elif page.trainer is None:
        st.caption(tr("draw.net.lab_hint"))


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
    if scenes.presenting():  # a facet: its cell is the plot height (scenes.MAIN_CHART_HEIGHT)
        cell = scenes.MAIN_CHART_HEIGHT
    else:
        cell = 200 if side == drawing.MNIST_SIDE else 160
    grid = image_charts.image_grid(frame, labels, columns=1, cell=cell)
    if scenes.presenting():  # the grid's size in the projector's type (the builder's is 14 px)
        grid.facet.header = alt.Header(labelFontSize=20, labelPadding=4)
    shared.altair(grid, main=True)


# Captions under pictures break only where the words allow (in Chinese at spaces and
# punctuation too): a narrow picture on the projector broke "投票" over two lines.
CAPTION_CSS = """
<style>
[data-testid="stMain"] [data-testid="stImageCaption"] p { word-break: keep-all; }
</style>
"""


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


def _bars(y: np.ndarray, highlight: int, meant: bool, share: float = 1.0) -> None:
    tr = shared.tr
    roles = (tr("draw.chart.meant" if meant else "draw.chart.answer"), tr("draw.chart.other"))
    labels = {"title": tr("draw.chart.probs.title"), "x": tr("draw.chart.digit"),
              "y": tr("draw.chart.probability"), "role": tr("draw.chart.role"),
              "correct": roles[0], "other": roles[1]}
    frame = loss_charts.output_frame(y, highlight, [str(d) for d in DIGITS], roles)
    # The loss page's chart of the output y, with the digit meant (or read) highlighted; its
    # legend below the bars, which a third of the page leaves room for.
    chart = loss_charts.class_bars(frame, labels).properties(height=220, autosize=FIT_WIDTH)
    chart.encoding.x.axis.labelOverlap = False  # every digit 0-9 labelled, at any size
    if scenes.presenting():  # the ten digits under the bars say it: the plot keeps the height
        chart.encoding.x.title = None
    # On the projector no legend: the digit beside the chart names the highlighted bar.
    chart.encoding.color.legend = None if scenes.presenting() else alt.Legend(
        orient="bottom", title=None, columns=1, labelLimit=400)
    shared.altair(chart, main=True, share=share)


def _answer(answer: drawing.Answer | None, label: int | None) -> None:
    """The digit read and the ten probabilities. An empty pad fills the same places (no digit,
    an empty chart, no numbers): the first stroke then updates elements instead of moving
    them, and a chart that moves is mounted anew, which held the answer back ~0.1 s."""
    st.markdown(f"**{shared.tr('draw.answer.header')}**")
    _answer_numbers(answer)
    if answer is None:
        st.caption(" ")
        _bars(np.zeros(drawing.N_CLASSES), 0, False)
        return
    # Last: the numbers above reach the screen before the chart is redrawn.
    _bars(answer.probabilities, answer.predicted if label is None else label, label is not None)


def _answer_numbers(answer: drawing.Answer | None) -> None:
    tr = shared.tr
    if answer is None:
        st.metric(tr("draw.answer.predicted"), "–", help=tr("draw.answer.predicted_help"))
        st.caption(tr("draw.state.empty"))
        return
    y = answer.probabilities
    st.metric(tr("draw.answer.predicted"), str(answer.predicted),
              help=tr("draw.answer.predicted_help"))
    st.caption(tr("draw.answer.probability", p=f"{y[answer.predicted]:.1%}"))
    _values(y)


def _bars_of(page: Drawing) -> tuple[np.ndarray, int, bool]:
    """The bars' values, the digit highlighted and whether it is the digit meant."""
    if page.answer is None:
        return np.zeros(drawing.N_CLASSES), 0, False
    if page.label is None:
        return page.answer.probabilities, page.answer.predicted, False
    return page.answer.probabilities, page.label, True


def _values(y: np.ndarray) -> None:
    st.caption(shared.tr("draw.answer.values", values=", ".join(f"{v:.3f}" for v in y),
                         total=f"{y.sum():.3f}"))


def _verdict(answer: drawing.Answer, label: int) -> None:
    """Right or wrong, and both losses for the digit meant."""
    tr = shared.tr
    ce, mse = answer.losses(label)
    p = float(answer.probabilities[label])
    if answer.predicted == label:
        st.success(tr("draw.loss.right", label=label), icon="✅")
    else:
        st.error(tr("draw.loss.wrong", label=label, predicted=answer.predicted, p=f"{p:.1%}"),
                 icon="❌")
    c1, c2 = shared.metric_row(2)
    c1.metric(tr("loss.ce"), f"{ce:.4f}", help=tr("loss.ce_help"))
    c2.metric(tr("loss.mse"), f"{mse:.4f}", help=tr("loss.mse_help"))


def _formulas(answer: drawing.Answer, label: int) -> None:
    """The numbers of this drawing in the loss page's formulas (numbers only: no user text)."""
    tr = shared.tr
    ce, mse = answer.losses(label)
    p = float(answer.probabilities[label])
    st.latex(rf"E = -\sum_k t_k \log (y_k + 10^{{-7}}) = -\log (y_{{{label}}} + 10^{{-7}})"
             rf" = -\log ({p:.4f} + 10^{{-7}}) = {ce:.4f}")
    st.latex(rf"E = \frac{{1}}{{2}}\sum_k (y_k - t_k)^2 = {mse:.4f}")
    st.caption(tr("loss.ce_only_correct", p=f"{p:.4f}", ce=f"{ce:.4f}"))
    st.caption(tr("draw.loss.caption"))


def _losses(answer: drawing.Answer, label: int) -> None:
    st.markdown(f"**{shared.tr('draw.loss.header')}**")
    _verdict(answer, label)
    _formulas(answer, label)


def _step_pictures(prepared: drawing.Prepared, raw: bool, size: int) -> None:
    tr = shared.tr
    mnist = prepared.shape[0] == drawing.MNIST_SIDE
    first = ("draw.steps.raw_box" if raw and mnist else
             "draw.steps.mnist_box" if mnist else "draw.steps.digits_box")
    second = "draw.steps.mnist_placed" if mnist else "draw.steps.digits_placed"
    if scenes.presenting():  # side by side, each step above its picture (not wrapped in it)
        for column, image, key in zip(st.columns(2), (prepared.scaled, prepared.image),
                                      (first, second)):
            with column:
                _pictures(image[None], [""], tr(key), size=size)
        return
    _pictures(prepared.scaled[None], [tr(first)], "", size=size)
    _pictures(prepared.image[None], [tr(second)], "", size=size)


def _steps(prepared: drawing.Prepared, raw: bool) -> None:
    """The preprocessing one step at a time (drawn for an empty pad too: the first stroke then
    updates these charts instead of mounting them, which would hold the answer back)."""
    with st.expander(shared.tr("draw.steps.header", n=prepared.image.size)):
        st.markdown(shared.tr("draw.steps.body"))
        _step_pictures(prepared, raw, 112)


def _heading(text: str) -> None:
    """A part's heading: a subheader on a laptop, a bold line under the projector's top bar."""
    if scenes.presenting():
        st.markdown(f"**{text}**")
    else:
        st.subheader(text)


def _picture_size() -> int:
    return PROJECTED_PICTURE if scenes.presenting() else PICTURE


def _hidden_units(reader: drawing.Reader, answer: drawing.Answer) -> None:
    tr = shared.tr
    units = drawing.busiest_units(reader.network, answer,
                                  N_PROJECTED if scenes.presenting() else N_UNITS)
    _heading(tr("draw.units.header"))
    n = int(np.prod(reader.image_shape))
    scenes.prose("draw.units.body", n=n, k=len(units), digit=answer.predicted)
    captions = [tr("draw.units.caption", unit=u["unit"], output=f"{u['output']:.2f}",
                   vote=shared.signed(u["vote"], 2)) if math.isfinite(u["vote"]) else
                tr("draw.units.caption_deep", unit=u["unit"], output=f"{u['output']:.2f}")
                for u in units]
    images = drawing.weight_images(reader.network, [u["unit"] for u in units], reader.image_shape)
    _pictures(images, captions, tr("draw.units.title"), size=_picture_size())


def _nearest(reader: drawing.Reader, prepared: drawing.Prepared, digit: int) -> None:
    tr = shared.tr
    rows, distances = drawing.nearest(prepared.x, reader.x_train, reader.t_train, digit,
                                      N_PROJECTED if scenes.presenting() else N_NEAREST)
    _heading(tr("draw.nearest.header", digit=digit))
    scenes.prose("draw.nearest.body", digit=digit, n=prepared.image.size)
    if rows.size:
        captions = [tr("draw.nearest.caption", rank=i + 1, distance=f"{d:.2f}")
                    for i, d in enumerate(distances)]
        images = np.asarray(reader.x_train)[rows].reshape(len(rows), *reader.image_shape)
        _pictures(images, captions, tr("draw.nearest.title"), size=_picture_size())


def _collect_buttons(bitmap: np.ndarray | None, ready: bool, label: int | None,
                     items: list[drawing.Drawn]) -> None:
    tr = shared.tr
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


def _collection(reader: drawing.Reader, items: list[drawing.Drawn]) -> None:
    """How the network does on the class's drawings: counts, a table per digit, the last
    N_SHOWN drawings with what it read (beside the numbers on the projector)."""
    tr = shared.tr
    predicted, table = drawing.score_collection(reader.network, items, reader.image_shape)
    # Side by side on the projector; one under the other (as always) on a laptop.
    numbers, pictures = (st.columns(2, gap="large") if scenes.presenting() else
                         (st.container(), st.container()))
    with numbers:
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
            tr("draw.collect.col.accuracy"): [f"{r / n:.0%}"
                                              for r, n in zip(table[shown, 1], drawn[shown])],
        }), hide_index=True, width="content")
    start = max(0, len(items) - N_SHOWN)
    images = np.stack([d.image(reader.image_shape) for d in items[start:]])
    captions = [tr("draw.collect.caption", n=start + i + 1, label=d.label,
                   predicted=int(predicted[start + i])) for i, d in enumerate(items[start:])]
    with pictures:
        _pictures(images, captions, tr("draw.collect.title"), size=56)


# ------------------------------------------------------------------ what every scene reads
@dataclass(frozen=True)
class Drawing:
    """The network that answers and the pad's drawing as it reads it."""

    trainer: Any  # the lab's last trainer, or None
    choice: str  # "lab" or "reference"
    reader: drawing.Reader
    raw: bool  # the preprocessing skipped
    bitmap: np.ndarray | None  # the pad as sent (None: nothing drawn yet)
    prepared: drawing.Prepared
    answer: drawing.Answer | None  # None while the pad is empty
    label: int | None  # the digit meant (None until picked, and while the pad is empty)

    @property
    def ready(self) -> bool:
        return self.answer is not None


def prepare() -> Drawing:
    """Read the drawing and answer it (no widgets: each lives in its scene). LearningError
    if the reference network's data is missing."""
    trainer = _lab_trainer()
    choice = chosen_network(trainer)
    reader = choose_reader(choice, trainer)
    raw = bool(st.session_state[RAW])
    shared.write_url([PEN_PARAM, RAW_PARAM])
    bitmap = drawing.pad_of(st.session_state.get(DRAWING))
    blank = np.zeros((drawing.PAD_SIDE, drawing.PAD_SIDE), dtype=np.float32)
    prepared = drawing.prepare(blank if bitmap is None else bitmap, reader.image_shape,
                               as_trained=not raw)
    answer = drawing.read(reader.network, prepared.x) if prepared.state != drawing.EMPTY else None
    label = st.session_state.get(LABEL) if answer is not None else None
    return Drawing(trainer, choice, reader, raw, bitmap, prepared, answer,
                   None if label is None else int(label))


# ------------------------------------------------------------------ the scenes
def _pad_column(page: Drawing) -> None:
    tr = shared.tr
    value = st.session_state.get(DRAWING)
    if not scenes.presenting():
        st.markdown(f"**{tr('draw.pad.header')}**")
    strokes = drawing.clean_strokes(value.get("strokes")) if isinstance(value, dict) else []
    pad(key=PAD_KEY, line=PENS[st.session_state[PEN]], strokes=strokes, on_change=_on_drawing,
        labels={"undo": tr("draw.pad.undo"), "clear": tr("draw.pad.clear"),
                "label": tr("draw.pad.label")})


def _pen_and_preprocessing() -> None:
    tr = shared.tr
    names = {"thick": tr("draw.pen.thick"), "thin": tr("draw.pen.thin")}
    # On the projector the two pens say what they are without their label's line.
    shared.localized(st.radio, tr("draw.pen"), tuple(PENS), key=PEN,
                     format_func=names.__getitem__, horizontal=True,
                     label_visibility="collapsed" if scenes.presenting() else "visible")
    st.toggle(tr("draw.raw"), key=RAW, help=tr("draw.raw_help"), persist_state="session")


def _scene_pad(page: Drawing) -> None:
    """The pad and the network's answer (on a laptop with what it reads between them)."""
    tr = shared.tr
    if scenes.presenting():  # the chart at the body's top: it takes the scene's height
        left, middle, right = st.columns([4, 4, 6], gap="medium")
        with left:
            _pad_column(page)
        with right:  # the chart first: the browser shows each part as it arrives
            _bars(*_bars_of(page), share=0.45)
        with middle:
            _answer_numbers(page.answer)
            with st.expander(tr("draw.net.short"), icon="🧠"):
                _network_choice(page)
        with left:
            _state_message(page.prepared, page.raw)
        return
    _network_choice(page)
    st.page_link("pages/training_lab.py", label=tr("draw.lab_link"), icon="🧪")
    left, middle, right = st.columns([5, 4, 6], gap="medium")
    with left:
        _pad_column(page)
        st.caption(tr("draw.pad.help"))
        _pen_and_preprocessing()
    with right:  # the answer first: the browser shows each part as it arrives
        _answer(page.answer, page.label)
    with middle:
        _what_it_reads(page.prepared, page.raw)
        _steps(page.prepared, page.raw)
    with left:  # last in its column: a message that comes and goes moves nothing else
        _state_message(page.prepared, page.raw)


def _scene_reads(page: Drawing) -> None:
    """What the network reads, step by step (on a laptop the pad scene shows it beside the
    pad, so this scene adds nothing there)."""
    if not scenes.presenting():
        return
    tr = shared.tr
    controls, chart = st.columns(2, gap="large")
    with controls:
        _pen_and_preprocessing()
        st.caption(tr("draw.sees.ink", n=int((page.prepared.image > 0).sum()),
                      total=page.prepared.image.size))
        _step_pictures(page.prepared, page.raw, 100)
    with chart:
        _input_chart(page.prepared)
        _state_message(page.prepared, page.raw)
    side = page.prepared.shape[0]
    scenes.prose("draw.sees.raw" if page.raw else
                 "draw.sees.mnist" if side == drawing.MNIST_SIDE else "draw.sees.digits", side=side)
    scenes.prose("draw.steps.body")


def _empty_pad_note(page: Drawing) -> bool:
    """On the projector a scene after the pad's says so when nothing is drawn yet."""
    if page.answer is None and scenes.presenting():
        st.info(shared.tr("draw.state.empty"), icon="✍️")
    return page.answer is None


def _meant(page: Drawing) -> None:
    """Which digit the student meant: drawn for an empty pad too (disabled)."""
    tr = shared.tr
    # On the projector the scene's caption asks the question: the digits need no label line.
    st.pills(tr("draw.meant"), DIGITS, key=LABEL, help=tr("draw.meant_help"),
             disabled=page.answer is None, persist_state="session",
             label_visibility="collapsed" if scenes.presenting() else "visible")


def _scene_loss(page: Drawing) -> None:
    """The digit meant, and both losses of the drawing for it."""
    _meant(page)  # the ten digits across the page
    if scenes.presenting():  # the losses left, the output y right
        if _empty_pad_note(page):
            return
        left, right = st.columns([5, 7], gap="large")
        with left:
            if page.label is None:
                st.caption(shared.tr("draw.meant_hint"))
            else:
                _verdict(page.answer, page.label)
        with right:
            _bars(*_bars_of(page), share=0.55)
        return
    # The losses keep their own container: whatever appears or goes there, the elements
    # after it keep their places.
    with st.container():
        if page.answer is None:
            return
        if page.label is None:
            st.caption(shared.tr("draw.meant_hint"))
        else:
            _losses(page.answer, page.label)


def _scene_inside(page: Drawing) -> None:
    """The hidden units that fire most, and the training examples closest to the drawing."""
    if scenes.presenting():
        if _empty_pad_note(page):
            return
        st.markdown(CAPTION_CSS, unsafe_allow_html=True)  # static CSS, no user text
        units, nearest = st.columns(2, gap="large")
    else:  # two places kept for an empty pad too: then the first stroke moves nothing after them
        units, nearest = st.container(), st.container()
        if page.answer is None:
            return
    with units:
        _hidden_units(page.reader, page.answer)
    with nearest:
        _nearest(page.reader, page.prepared, page.answer.predicted)


def _scene_collect(page: Drawing) -> None:
    """Why a drawing is misread, and the class's own test data."""
    tr = shared.tr
    if not scenes.presenting():
        st.subheader(tr("draw.why.header"))
    scenes.prose("draw.why.body")
    if not scenes.presenting():  # on the projector the scene's title says it
        st.subheader(tr("draw.collect.header"))
    scenes.prose("draw.collect.body", max=MAX_COLLECTED)
    items: list[drawing.Drawn] = st.session_state.get(COLLECTED) or []
    _collect_buttons(page.bitmap, page.ready, page.label, items)
    if not items:
        st.caption(tr("draw.collect.empty"))
        return
    _collection(page.reader, items)


SCENES: tuple[scenes.Scene, ...] = (
    scenes.Scene("pad", "draw.scene.pad", "draw.scene.pad.caption", _scene_pad, heading=False),
    scenes.Scene("reads", "draw.sees.header", "draw.scene.reads.caption", _scene_reads,
                 heading=False),
    scenes.Scene("loss", "draw.loss.header", "draw.scene.loss.caption", _scene_loss,
                 heading=False),
    scenes.Scene("inside", "draw.scene.inside", "draw.scene.inside.caption", _scene_inside,
                 heading=False),
    scenes.Scene("collect", "draw.collect.header", "draw.scene.collect.caption", _scene_collect,
                 heading=False),
)


# ------------------------------------------------------------------ the page
def lesson() -> None:
    """The scenes, rerun on their own (a fragment) after each stroke: the sidebar stays."""
    try:
        page = prepare()
    except LearningError as error:  # the bundled MNIST-5k is missing or damaged
        st.title(shared.tr("draw.title"))
        shared.show_error(error)
        return
    scenes.show("draw.title", SCENES, page, intro_key="draw.intro")


def draw() -> None:
    shared.read_url_once([PEN_PARAM, RAW_PARAM], "draw")
    shared.show_url_notices()  # one notice for the frame's link values and this page's
    st.session_state.setdefault(PEN, PEN_PARAM.default)
    st.session_state.setdefault(RAW, RAW_PARAM.default)

    @st.fragment
    def panel() -> None:
        shared.guarded(lesson)

    panel()


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(draw)
