"""Lesson page: loss functions, on the book's ten-class example (UI only; the math is in core)."""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core.book import functions as book
from core.charts import losses as charts
from core.functions import DELTA
from pages import scenes, shared

N_CLASSES = 10
BOOK_Y: tuple[float, ...] = (0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0)
BOOK_CLASS = 2
BOOK_BATCH_LABELS = (2, 7)  # the book's two rows: same y, correct class 2, then 7
PRESETS: tuple[str, ...] = ("book", "right", "wrong", "uniform", "custom")
CONFIDENT, REST = 0.91, 0.01  # a confident output: 0.91 + 9 * 0.01 = 1

CLASS, PRESET, Y = "loss_class", "loss_preset", "loss_y"
SEEN = "_loss_seen"
PROB_KEYS: tuple[str, ...] = tuple(f"loss_p{k}" for k in range(N_CLASSES))
URL_DECIMALS = 3  # 10 values of at most "0.123," fit the URL value limit (64 characters)


@dataclass(frozen=True)
class ProbsParam(shared.Param):
    """The ten output probabilities in the URL, as "0.1,0.05,...": used for the custom preset."""

    def parse(self, raw: str) -> tuple[Any, bool]:
        if len(raw) > shared.MAX_URL_VALUE:
            return self.default, False
        try:
            values = tuple(float(v) for v in raw.split(","))
        except ValueError:
            return self.default, False
        valid = (len(values) == N_CLASSES and all(math.isfinite(v) and 0.0 <= v <= 1.0
                                                  for v in values) and sum(values) > 0)
        return (values, True) if valid else (self.default, False)

    def to_url(self, value: Any) -> str:
        return ",".join(f"{float(v):.{URL_DECIMALS}f}".rstrip("0").rstrip(".") or "0"
                        for v in value)


CLASS_PARAM = shared.Param(CLASS, BOOK_CLASS, "int", lo=0, hi=N_CLASSES - 1)
PRESET_PARAM = shared.Param(PRESET, "book", "choice", options=PRESETS)
Y_PARAM = ProbsParam(Y, BOOK_Y, "probs")


def preset_probs(preset: str, correct: int) -> tuple[float, ...]:
    """The output y a preset stands for, given the correct class."""
    if preset == "right":
        return tuple(CONFIDENT if k == correct else REST for k in range(N_CLASSES))
    if preset == "wrong":  # all confidence on the next class, 0.01 left for the right one
        wrong = (correct + 1) % N_CLASSES
        return tuple(CONFIDENT if k == wrong else REST for k in range(N_CLASSES))
    if preset == "uniform":
        return (1.0 / N_CLASSES,) * N_CLASSES
    return BOOK_Y


# ------------------------------------------------------------------ state and callbacks
def _set_probs(values: tuple[float, ...]) -> None:
    for key, value in zip(PROB_KEYS, values):
        st.session_state[key] = float(value)


def _apply_preset() -> None:
    """A preset (or a new correct class under a class-dependent preset) rewrites y."""
    preset = st.session_state[PRESET]
    if preset != "custom":
        _set_probs(preset_probs(preset, int(st.session_state[CLASS])))


def _to_custom() -> None:
    st.session_state[PRESET] = "custom"


def _init_state() -> None:
    """Defaults, then what the link says (validated), then the ten inputs (first visit only)."""
    first_visit = SEEN not in st.session_state
    st.session_state[SEEN] = True
    from_link = first_visit and Y in st.query_params  # the link is read once per session
    shared.read_url_once([CLASS_PARAM, PRESET_PARAM, Y_PARAM], "loss")
    shared.show_url_notices()  # the frame showed its own before this page read the link
    st.session_state.setdefault(CLASS, BOOK_CLASS)
    if from_link and PRESET not in st.query_params:
        st.session_state[PRESET] = "custom"  # a link with only y means these custom values
    st.session_state.setdefault(PRESET, "book")
    if from_link:
        for key in PROB_KEYS:
            st.session_state.pop(key, None)
    if any(key not in st.session_state for key in PROB_KEYS):
        preset = st.session_state[PRESET]
        values = (st.session_state.get(Y, BOOK_Y) if preset == "custom"
                  else preset_probs(preset, int(st.session_state[CLASS])))
        _set_probs(values)


def _write_url(raw: np.ndarray) -> None:
    params: list[shared.Param] = [CLASS_PARAM, PRESET_PARAM]
    if st.session_state[PRESET] == "custom":
        st.session_state[Y] = tuple(round(float(v), URL_DECIMALS) for v in raw)
        params.append(Y_PARAM)
    elif Y in st.query_params:
        del st.query_params[Y]
    shared.write_url(params)


# ------------------------------------------------------------------ the page
@dataclass(frozen=True)
class Output:
    """The output y the page is about (read from the inputs' state), and its two losses."""

    raw: np.ndarray  # the ten inputs as typed
    correct: int

    @property
    def y(self) -> np.ndarray:
        total = float(self.raw.sum())
        return self.raw / total if total > 0.0 else np.full(N_CLASSES, 1.0 / N_CLASSES)

    @property
    def t(self) -> np.ndarray:
        return np.eye(N_CLASSES)[self.correct]

    @property
    def mse(self) -> float:
        # The book's own functions compute the numbers shown; their source is shown beside them.
        return float(book.mean_squared_error(self.y, self.t))

    @property
    def ce(self) -> float:
        return float(book.cross_entropy_error(self.y, self.t))


def prepare() -> Output:
    _init_state()
    raw = np.array([float(st.session_state[key]) for key in PROB_KEYS])
    _write_url(raw)
    return Output(raw, int(st.session_state[CLASS]))


def _choices() -> None:
    """The correct class and the preset."""
    present = shared.presentation()
    left, right = (st.container(), st.container()) if present else st.columns([1, 3])
    left.selectbox(shared.tr("loss.correct"), range(N_CLASSES), key=CLASS,
                   help=shared.tr("loss.correct_help"), on_change=_apply_preset,
                   persist_state="session")
    # Labels resolved now: format_func may run outside a script run (AppTest), without a language.
    names = {p: shared.tr(f"loss.preset.{p}") for p in PRESETS}
    # shared.localized: one widget per language (a relabelled radio showed no choice).
    if present:  # a list of five would take the height the chart needs
        shared.localized(right.selectbox, shared.tr("loss.preset"), PRESETS, key=PRESET,
                         format_func=names.__getitem__, on_change=_apply_preset)
    else:
        shared.localized(right.radio, shared.tr("loss.preset"), PRESETS, key=PRESET,
                         horizontal=True, format_func=names.__getitem__,
                         on_change=_apply_preset)


def _probability_inputs(per_row: int) -> None:
    """The ten output probabilities, `per_row` to a row."""
    if not shared.presentation():  # on the projector the scene's caption says what they are
        st.markdown(f"**{shared.tr('loss.probs')}**")
    columns = [c for start in range(0, N_CLASSES, per_row)
               for c in st.columns(min(per_row, N_CLASSES - start))]
    for k, (column, key) in enumerate(zip(columns, PROB_KEYS)):
        column.number_input(shared.tr("loss.prob_label", k=k), min_value=0.0, max_value=1.0,
                            step=0.01, format="%.3f", key=key, on_change=_to_custom,
                            help=shared.tr("loss.prob_help", k=k), persist_state="session")


def _normalised_notice(out: Output) -> None:
    """Tell the user when y had to be rescaled to sum to 1."""
    total = float(out.raw.sum())
    if total <= 0.0:
        st.warning(shared.tr("loss.all_zero"), icon="⚖️")
    elif abs(total - 1.0) > 1e-9:
        st.info(shared.tr("loss.renormalised", total=f"{total:.4g}"), icon="⚖️")
        st.caption(shared.tr("loss.normalised_caption",
                             values=", ".join(f"{v:.3f}" for v in out.y)))


def _class_labels(title: str, y_label: str) -> dict[str, str]:
    return {"title": title, "x": shared.tr("loss.chart.class"), "y": y_label,
            "role": shared.tr("loss.chart.role"), "correct": shared.tr("loss.chart.correct"),
            "other": shared.tr("loss.chart.other")}


def _roles() -> tuple[str, str]:
    return shared.tr("loss.chart.correct"), shared.tr("loss.chart.other")


NAMES = [str(k) for k in range(N_CLASSES)]
CONTRIBUTION_HEIGHT_PRESENT = 110  # px of plot under two rows of inputs at 720 px


def _metrics(out: Output) -> None:
    c1, c2 = shared.metric_row(2)
    c1.metric(shared.tr("loss.mse"), f"{out.mse:.4f}", help=shared.tr("loss.mse_help"))
    c2.metric(shared.tr("loss.ce"), f"{out.ce:.4f}", help=shared.tr("loss.ce_help"))


def _output_chart(out: Output, share: float) -> None:
    # On the projector the scene's title names the chart: its height goes to the plot.
    title = "" if scenes.presenting() else shared.tr("loss.chart.output.title")
    shared.altair(charts.class_bars(
        charts.output_frame(out.y, out.correct, NAMES, _roles()),
        _class_labels(title, shared.tr("loss.chart.probability"))), main=True, share=share)


def _formulas() -> None:
    st.markdown(f"**{shared.tr('loss.formula.header')}**")
    st.markdown(shared.tr("loss.mse"))
    st.latex(r"E = \frac{1}{2}\sum_{k}\left(y_k - t_k\right)^2")
    st.markdown(shared.tr("loss.ce"))
    st.latex(r"E = -\sum_{k} t_k \log y_k")
    st.caption(shared.tr("loss.formula.body"))
    with st.expander(shared.tr("loss.code.header")):
        show_source(book.mean_squared_error, book.cross_entropy_error)


def _contribution_charts(out: Output, share: float) -> None:
    """What each class adds to each loss, side by side (on the projector under the inputs, so
    lower than a scene's main chart, and titled by the loss alone)."""
    present = scenes.presenting()
    height = CONTRIBUTION_HEIGHT_PRESENT if present else None
    mse_title = (f"{shared.tr('loss.mse')} = {out.mse:.4f}" if present else
                 shared.tr("loss.chart.mse_terms.title", value=f"{out.mse:.4f}"))
    ce_title = (f"{shared.tr('loss.ce')} = {out.ce:.4f}" if present else
                shared.tr("loss.chart.ce_terms.title", value=f"{out.ce:.4f}"))
    for column, terms, title in zip(
            st.columns(2),
            (charts.mse_contributions(out.y, out.t), charts.cross_entropy_contributions(out.y, out.t)),
            (mse_title, ce_title)):
        with column:
            shared.altair(charts.class_bars(
                charts.contribution_frame(terms, out.correct, NAMES, _roles()),
                _class_labels(title, shared.tr("loss.chart.contribution")), height),
                share=share / 2)


def _scene_example(out: Output) -> None:
    """The book's example: y, t and both losses, with y's bar chart."""
    scenes.prose("loss.example.body")
    if scenes.presenting():  # the choices and the numbers beside the chart, on one screen
        left, right = st.columns([1, 2], gap="medium")
        with left:
            _choices()
            _normalised_notice(out)
            _metrics(out)
        with right:
            _output_chart(out, 2 / 3)
        return
    _choices()
    _probability_inputs(N_CLASSES)
    _normalised_notice(out)
    _metrics(out)
    st.caption(shared.tr("loss.book_values"))
    chart_col, formula_col = st.columns([3, 2])
    with chart_col:
        _output_chart(out, 3 / 5)
    with formula_col:
        _formulas()
    _contribution_charts(out, 1.0)
    st.caption(shared.tr("loss.contrib.caption"))
    st.markdown(shared.tr("loss.ce_only_correct", p=f"{out.y[out.correct]:.4f}",
                          ce=f"{out.ce:.4f}"))


def _scene_contributions(out: Output) -> None:
    """On the projector: edit y, and see what each class adds to each loss."""
    if not scenes.presenting():
        return  # on a laptop this is part of the example above
    _probability_inputs(N_CLASSES // 2)
    _contribution_charts(out, 1.0)


def _scene_curve(out: Output) -> None:
    scenes.prose("loss.curve.body")
    names = (shared.tr("loss.mse"), shared.tr("loss.ce"))
    df = charts.curve_frame(N_CLASSES, float(out.y[out.correct]), (out.mse, out.ce), names)
    shared.altair(charts.loss_curves(df, {
        "title": shared.tr("loss.chart.curve.title"), "x": shared.tr("loss.chart.curve.x"),
        "y": shared.tr("loss.chart.curve.y"), "loss": shared.tr("loss.chart.curve.loss"),
        "current": shared.tr("loss.chart.curve.current")},
        height=scenes.MAIN_CHART_HEIGHT if scenes.presenting() else 260), main=True)
    rest = np.delete(out.y, out.correct)
    if np.ptp(rest) > 1e-9:  # the wrong classes do not share the rest evenly
        scenes.aside("loss.curve.mse_off")


def _scene_batch(out: Output) -> None:
    scenes.prose("loss.batch.body")
    y = np.array([BOOK_Y] * len(BOOK_BATCH_LABELS))
    labels = np.array(BOOK_BATCH_LABELS)
    one_hot = np.eye(N_CLASSES)[labels]
    rows = [shared.tr("loss.batch.row", n=i + 1) for i in range(len(labels))]
    columns = [str(k) for k in range(N_CLASSES)]
    present = scenes.presenting()
    # On the projector a table in the page's large type; a data grid's type stays small.
    table = st.table if present else partial(st.dataframe, width="stretch")
    st.caption(shared.tr("loss.batch.y"))
    table(pd.DataFrame(y, index=rows, columns=columns))
    st.caption(shared.tr("loss.batch.t"))
    table(pd.DataFrame(one_hot.astype(int), index=rows, columns=columns))
    formula, numbers = (st.columns([2, 3], vertical_alignment="center") if present
                        else (st.container(), st.container()))
    with formula:
        st.latex(r"E = -\frac{1}{N}\sum_{n}\sum_{k} t_{nk} \log y_{nk}")
    with_labels = float(book.cross_entropy_error(y, labels))
    with_one_hot = float(book.cross_entropy_error(y, one_hot))
    with numbers:
        c1, c2 = shared.metric_row(2)
        c1.metric(shared.tr("loss.batch.labels", t=list(BOOK_BATCH_LABELS)), f"{with_labels:.4f}")
        c2.metric(shared.tr("loss.batch.onehot"), f"{with_one_hot:.4f}")
    a, b = (float(book.cross_entropy_error(y[i], one_hot[i])) for i in range(len(labels)))
    # On the projector the sum is in the notes: the two equal numbers say it on screen.
    scenes.prose("loss.batch.same", a=f"{a:.4f}", b=f"{b:.4f}", value=f"{with_labels:.4f}")
    if present:  # the code is for reading up close
        with st.expander(shared.tr("loss.code.header")):
            show_source(book.cross_entropy_error)
    else:
        show_source(book.cross_entropy_error)


def show_source(*functions) -> None:
    """The code that computed the numbers above, read from the module that ran it."""
    st.caption(shared.tr("loss.code.caption"))
    st.code("\n\n".join(inspect.getsource(f) for f in functions), language="python")


def _scene_delta(out: Output) -> None:
    scenes.prose("loss.delta.body")
    with np.errstate(divide="ignore"):
        log_zero = float(np.log(0.0))  # -inf: what the book's delta prevents
    capped = -math.log(0.0 + DELTA)
    y0 = np.full(N_CLASSES, 1.0 / (N_CLASSES - 1))
    y0[out.correct] = 0.0
    core_value = float(book.cross_entropy_error(y0, out.t))
    names = (shared.tr("loss.chart.delta.without"), shared.tr("loss.chart.delta.with"))
    chart = charts.delta_curves(charts.delta_frame(names), {
        "title": shared.tr("loss.chart.delta.title"), "x": shared.tr("loss.chart.delta.x"),
        "y": shared.tr("loss.chart.delta.y"), "variant": shared.tr("loss.chart.delta.variant")})
    numbers, plot = (st.columns([1, 2]) if scenes.presenting()
                     else (st.container(), st.container()))
    with numbers:
        c1, c2 = shared.metric_row(2)
        c1.metric(shared.tr("loss.delta.without"), f"{log_zero}")
        c2.metric(shared.tr("loss.delta.with"), f"{capped:.4f}")
        st.caption(shared.tr("loss.delta.core", value=f"{core_value:.4f}"))
    with plot:
        shared.altair(chart, main=True, share=2 / 3 if scenes.presenting() else 1.0)


SCENES: tuple[scenes.Scene, ...] = (
    scenes.Scene("example", "loss.example.header", "loss.scene.example", _scene_example),
    scenes.Scene("contributions", "loss.scene.contributions.title", "loss.scene.contributions",
                 _scene_contributions, heading=False),
    scenes.Scene("curve", "loss.curve.header", "loss.scene.curve", _scene_curve),
    scenes.Scene("batch", "loss.batch.header", "loss.scene.batch", _scene_batch),
    scenes.Scene("delta", "loss.delta.header", "loss.scene.delta", _scene_delta),
)


def draw() -> None:
    scenes.show("loss.title", SCENES, prepare(), intro_key="loss.intro")


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(draw)
