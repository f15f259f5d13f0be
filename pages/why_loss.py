"""Page: why a loss, not accuracy — accuracy's derivative is 0 almost everywhere, the loss's is not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core import lessons
from core.charts import training as training_charts
from core.charts import why_loss as charts
from core.charts.theme import OKABE_ITO
from pages import scenes, shared
from pages.shared import Param, tr

ITERATION_CHOICES = (0, 100, 300, 1000)
POINT_CHOICES = (101, 201, 301, 401)
GRAD_ACTS = ("step", "sigmoid", "relu", "tanh")
SWEEP_SAMPLES = 2000  # accuracy and loss are taken on (at most) this many training samples
GRAD_BATCH = 100  # the mini-batch whose gradient is shown
CHECK_ENTRIES = 20  # entries of W1 checked by central differences
HEAT_ROWS = 64
NUDGES = (0.01, 0.001, 0.0001)  # the "32 % stays 32 %" sentence: the first that keeps accuracy
SPAN_RANGE = (0.5, 10.0)
HALF = 0.5  # the share of the page's width of a chart in one of two columns

ITERS, LAYER, ROW, COL = "why_iters", "why_layer", "why_row", "why_col"
SPAN, POINTS, ACT, SHOW = "why_span", "why_points", "why_act", "why_show"
VIEW = "_why_view"  # projector: which view of the gradient (the laptop shows them all)
VIEWS = ("heat", "hist", "compare")
REPICK = "_why_repick"  # set when the chosen weight should jump to the most sensitive one
PARAMS = [
    Param(ITERS, 300, "choice", options=ITERATION_CHOICES),
    Param(LAYER, 2, "int", lo=1, hi=4),
    Param(ROW, 0, "int", lo=0, hi=1_000_000),
    Param(COL, 0, "int", lo=0, hi=1_000_000),
    Param(SPAN, 3.0, "float", lo=SPAN_RANGE[0], hi=SPAN_RANGE[1]),
    Param(POINTS, 301, "choice", options=POINT_CHOICES),
    Param(ACT, "sigmoid", "choice", options=GRAD_ACTS),
]


# ------------------------------------------------------------------ cached work (small keys)
def sweep_samples(data) -> tuple[np.ndarray, np.ndarray]:
    return data.x_train[:SWEEP_SAMPLES], data.t_train[:SWEEP_SAMPLES]


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def loss_accuracy_gradient(key: tuple, iterations: int, seed: int, _data):
    """(loss, accuracy, gradient dict) of the network on the sweep samples."""
    net = shared.trained_network(key, iterations, seed, _data)
    x, t = sweep_samples(_data)
    loss, grads = net.loss_and_gradient(x, t)
    return loss, net.accuracy(x, t), grads


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def sweep(key: tuple, iterations: int, seed: int, layer: int, row: int, col: int, span: float,
          points: int, _data) -> pd.DataFrame:
    net = shared.trained_network(key, iterations, seed, _data)
    x, t = sweep_samples(_data)
    center = float(net.params[f"W{layer}"][row, col])
    return lessons.weight_sweep(net, x, t, layer, (row, col),
                                lessons.sweep_values(center, span, points))


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def first_layer_gradients(key: tuple, iterations: int, seed: int, _data) -> dict:
    """For each activation: W1's gradient, the batch loss and a numerical check, same weights."""
    net = shared.trained_network(key, iterations, seed, _data)
    rng = np.random.default_rng([seed, 7])
    idx = lessons.draw_mini_batch(rng, _data.n_train, min(GRAD_BATCH, _data.n_train))
    x, t = _data.x_train[idx], _data.t_train[idx]
    # check entries whose input is not 0 throughout the batch (those are 0 for any activation)
    live = np.setdiff1d(np.arange(x.shape[1]), lessons.zero_inputs(x))
    live = live if live.size else np.arange(x.shape[1])
    rows = rng.choice(live, CHECK_ENTRIES)
    cols = rng.integers(0, net.hidden_sizes[0], CHECK_ENTRIES)
    entries = list(zip(rows.tolist(), cols.tolist()))
    out = {}
    for name in GRAD_ACTS:
        other = lessons.with_activation(net, name)
        loss, grads = other.loss_and_gradient(x, t)
        numeric = lessons.numerical_partials(other, x, t, 1, entries)
        backprop = np.array([grads["W1"][i, j] for i, j in entries], dtype=np.float64)
        out[name] = {"grad": grads["W1"], "loss": loss, "numeric": numeric,
                     "diff": float(np.abs(numeric - backprop).max()),
                     "zeros": lessons.first_layer_zeros(grads["W1"], x)}
    out["_rows"] = lessons.busiest_rows(out["sigmoid"]["grad"], HEAT_ROWS)
    out["_n"] = len(idx)
    out["_zero_train"] = int(lessons.zero_inputs(_data.x_train).size)  # 0 in every image
    out["_n_train"] = int(_data.n_train)
    out["_images"] = _data.image_shape is not None  # pixels and images, or inputs and samples
    return out


# ------------------------------------------------------------------ what the scenes share
@dataclass(frozen=True)
class Trained:
    """The briefly trained network every data scene looks at."""

    data: Any
    key: tuple
    seed: int
    iters: int
    net: Any
    loss: float
    acc: float
    grads: dict


@dataclass(frozen=True)
class Sweep:
    """One weight moved across a range with everything else fixed, and what it did."""

    layer: int
    row: int
    col: int
    span: float
    points: int
    w0: float  # the weight's trained value
    df: pd.DataFrame
    stairs: dict  # lessons.staircase_derivative


class Lesson:
    """The page's context. The network and the sweep are computed when a scene first needs
    them, so a notice about the data set appears where it did in the laptop layout (after
    the intro), and the activation scene on the projector trains nothing."""

    def __init__(self, notice: shared.LinkNotice) -> None:
        self.notice = notice

    @cached_property
    def trained(self) -> Trained | None:
        data = shared.current_dataset()
        if data is None:
            return None
        key, seed, iters = shared.lesson_data_key(data), shared.seed(), int(st.session_state[ITERS])
        with st.spinner():
            net = shared.trained_network(key, iters, seed, data)
            loss, acc, grads = loss_accuracy_gradient(key, iters, seed, data)
        return Trained(data, key, seed, iters, net, loss, acc, grads)

    @cached_property
    def sweep(self) -> Sweep | None:
        trained = self.trained
        if trained is None:
            return None
        layer, row, col = chosen_weight(trained, self.notice)
        span = min(max(round(float(st.session_state[SPAN]) * 2) / 2, SPAN_RANGE[0]), SPAN_RANGE[1])
        st.session_state[SPAN] = span  # on the slider's grid
        points = int(st.session_state[POINTS])
        with st.spinner():
            df = sweep(trained.key, trained.iters, trained.seed, layer, row, col, span, points,
                       trained.data)
        n = len(sweep_samples(trained.data)[1])
        return Sweep(layer, row, col, span, points, float(trained.net.params[f"W{layer}"][row, col]),
                     df, lessons.staircase_derivative(df, n))


def prepare() -> Lesson:
    """Link values, widget defaults and the place of the link notice; no widget is drawn."""
    shared.read_url_once(PARAMS, "why_loss")
    # the frame's and this page's link notice; the sweep adds the weight it could not show
    notice = shared.show_url_notices(keep_place=True)
    if ROW not in st.session_state and COL not in st.session_state:
        st.session_state[REPICK] = True  # no weight from a link: start with a telling one
    for p in PARAMS:
        st.session_state.setdefault(p.key, p.default)
    st.session_state.setdefault(SHOW, list(GRAD_ACTS))
    st.session_state.setdefault(VIEW, VIEWS[0])
    return Lesson(notice)


def chosen_weight(trained: Trained, notice: shared.LinkNotice) -> tuple[int, int, int]:
    """(layer, row, col) of the swept weight: the link's or the student's if this network has
    it (else named in the link notice), the most sensitive one after a pick or a new layer."""
    n_layers = trained.net.n_layers
    asked = int(st.session_state[LAYER])
    layer = min(max(asked, 1), n_layers)
    st.session_state[LAYER] = layer
    rows, cols = trained.net.params[f"W{layer}"].shape
    row, col = int(st.session_state[ROW]), int(st.session_state[COL])
    for name, fits in ((LAYER, asked == layer), (ROW, 0 <= row < rows), (COL, 0 <= col < cols)):
        if not fits:  # a link's weight this network does not have: said in the link notice
            shared.replaced_link_value(name)
    shared.link_values_checked(LAYER, ROW, COL)
    shared.show_url_notices(notice)
    if st.session_state.pop(REPICK, False) or not (0 <= row < rows and 0 <= col < cols):
        row, col = lessons.largest_gradient_index(trained.grads[f"W{layer}"])
        st.session_state[ROW], st.session_state[COL] = row, col
    return layer, row, col


def main() -> None:
    scenes.show("why.title", SCENES, prepare(), intro_key="why.intro")


def _repick() -> None:
    st.session_state[REPICK] = True


def _side_by_side(weights: Sequence[float]) -> list[Any]:
    """Projector: columns (the controls or numbers beside the scene's charts, so that it fits
    one screen); laptop: one place, filled in order, as the page always looked."""
    if scenes.presenting():
        return st.columns(weights, gap="medium")
    place = st.container()
    return [place] * len(weights)


def _title(key: str) -> str:
    """A chart's title on the laptop. None on the projector: the top bar and the caption name
    the scene, its axes (or its tab) name each chart, and a title's line would push the x axis
    of a plot scenes.MAIN_CHART_HEIGHT high below a 720 px screen."""
    return "" if scenes.presenting() else tr(key)


def _heading(key: str) -> None:
    """A subheader of the laptop layout inside a scene (the projector's top bar names the scene)."""
    if not scenes.presenting():
        st.subheader(tr(key))


# ------------------------------------------------------------------ scenes
SIDE = (1, 2)  # projector: a column of controls or numbers beside the scene's two charts
CHART_SHARE = HALF * SIDE[1] / sum(SIDE)  # one of two charts beside that column


def _chart_share() -> float:
    return CHART_SHARE if scenes.presenting() else HALF


@dataclass(frozen=True)
class SweepPlaces:
    """Where each control of the sweep goes: in the laptop layout, the page's rows under the
    two subheaders; on the projector, a column of the three that matter and a popover with the
    rest, beside the charts."""

    network: Any
    layer: Any
    row: Any
    col: Any
    pick: Any
    span: Any
    points: Any


def _sweep_places(controls: Any) -> SweepPlaces:
    if scenes.presenting():
        main = controls.container()
        more = controls.popover(tr("why.more"), icon="⚙️", width="stretch")
        return SweepPlaces(network=more, layer=main, row=more, col=more, pick=main, span=main,
                           points=more)
    _heading("why.network_header")
    network = st.container()
    _heading("why.sweep_header")
    c1, c2, c3 = st.columns(3)
    pick = st.container()
    c4, c5 = st.columns(2)
    return SweepPlaces(network, c1, c2, c3, pick, c4, c5)


def _scene_staircase(lesson: Lesson) -> None:
    """The network, the weight and its sweep: accuracy as a staircase beside the smooth loss."""
    scenes.prose("why.derivative_text")
    trained = lesson.trained
    if trained is None:
        return
    sw = lesson.sweep
    net = trained.net
    controls, plots = _side_by_side(SIDE)
    with controls:
        places = _sweep_places(controls)
    places.network.radio(tr("why.iterations"), ITERATION_CHOICES, key=ITERS, horizontal=True,
                         persist_state="session")
    n = len(sweep_samples(trained.data)[1])
    with places.network:
        scenes.aside("why.network_caption", sizes="–".join(str(s) for s in net.sizes),
                     iters=trained.iters, n=n, acc=f"{trained.acc:.1%}", loss=f"{trained.loss:.4f}")
    # labels bound now: AppTest may format options outside the script thread (no language)
    layer_labels = {k: tr("why.layer_option", k=k, n_in=net.params[f"W{k}"].shape[0],
                          n_out=net.params[f"W{k}"].shape[1]) for k in range(1, net.n_layers + 1)}
    shared.localized(places.layer.selectbox, tr("why.layer"), range(1, net.n_layers + 1), key=LAYER,
                     format_func=layer_labels.get, on_change=_repick)
    rows, cols = net.params[f"W{sw.layer}"].shape
    places.row.number_input(tr("why.row", max=rows - 1), 0, rows - 1, step=1, key=ROW,
                            persist_state="session")
    places.col.number_input(tr("why.col", max=cols - 1), 0, cols - 1, step=1, key=COL,
                            persist_state="session")
    # on the projector a label of one line, in a column beside the charts
    places.pick.button(tr("why.pick_short" if scenes.presenting() else "why.pick"), on_click=_repick,
                       help=tr("why.pick_help"))
    places.span.slider(tr("why.span"), SPAN_RANGE[0], SPAN_RANGE[1], step=0.5, key=SPAN,
                       format="%.1f", persist_state="session")
    places.points.select_slider(tr("why.points"), POINT_CHOICES, key=POINTS,
                                persist_state="session")
    with plots:
        scenes.prose("why.sweep_text", w=f"`{_weight_name(sw)}`", lo=f"{sw.w0 - sw.span:.3f}",
                     hi=f"{sw.w0 + sw.span:.3f}", w0=f"{sw.w0:.4f}", n=n)
        _sweep_charts(sw, (("accuracy", "why.acc_title", "why.acc_axis", OKABE_ITO[0]),
                           ("loss", "why.loss_title", "why.loss_axis", OKABE_ITO[3])))


def _weight_name(sw: Sweep) -> str:
    return f"W{sw.layer}[{sw.row}, {sw.col}]"


def _sweep_charts(sw: Sweep, charts_: Sequence[tuple[str, str, str, str]]) -> None:
    """Two quantities of the sweep side by side (field, title key, axis key, colour)."""
    x_title = tr("why.weight_axis", w=_weight_name(sw))
    for place, (field, title, axis, colour) in zip(st.columns(2), charts_):
        with place:
            shared.altair(charts.sweep_chart(sw.df, {
                "title": _title(title), "x": x_title, "y": tr(axis), "current": tr("why.current")},
                field=field, current=sw.w0, colour=colour, staircase=field == "accuracy"),
                main=True, share=_chart_share())


def _scene_derivative(lesson: Lesson) -> None:
    """The two derivatives, and how often each is 0."""
    sw = lesson.sweep
    if sw is None:
        return
    numbers, plots = _side_by_side(SIDE)
    with plots:
        _sweep_charts(sw, (("d_accuracy", "why.dacc_title", "why.deriv_axis", OKABE_ITO[0]),
                           ("d_loss", "why.dloss_title", "why.deriv_axis", OKABE_ITO[3])))
    with numbers:
        df, total = sw.df, len(sw.df)
        # on the projector labels that fit a column beside the charts (a metric's label is cut,
        # not wrapped)
        flat_acc, flat_loss = (("why.flat_acc_short", "why.flat_loss_short") if scenes.presenting()
                               else ("why.flat_acc", "why.flat_loss"))
        m1, m2, m3 = shared.metric_row(3)
        m1.metric(tr(flat_acc), tr("why.count_of", k=int((df["d_accuracy"] == 0).sum()), n=total))
        m2.metric(tr(flat_loss), tr("why.count_of", k=int((df["d_loss"] == 0).sum()), n=total))
        m3.metric(tr("why.jumps"), sw.stairs["jumps"], help=tr("why.jumps_help"))


def _scene_nudge(lesson: Lesson) -> None:
    """Why the derivative misses most jumps, and the book's "32 % stays 32 %" with live numbers."""
    sw, trained = lesson.sweep, lesson.trained
    if sw is None or trained is None:
        return
    x, t = sweep_samples(trained.data)
    if sw.stairs["jumps"]:  # the jumps outnumber the non-zero derivatives: say why
        st.caption(staircase_caption(sw.stairs, len(t)))
    if float(sw.df["loss"].max() - sw.df["loss"].min()) == 0.0:
        st.info(tr("why.no_effect"), icon="ℹ️")
    else:
        nudge_sentence(trained.net, x, t, sw.layer, (sw.row, sw.col), sw.w0)
    scenes.prose("why.book_example")
    scenes.prose("why.conclusion")


def staircase_caption(stairs: dict, n: int) -> str:
    """Why accuracy's derivative is non-zero at only a few of the points where it jumps."""
    first = "why.spikes_count" if stairs["spikes"] else "why.spikes_none"
    return _sentences((
        tr(first, jumps=stairs["jumps"], spikes=stairs["spikes"], points=stairs["points"]),
        tr("why.spikes_why", spacing=f"{stairs['spacing']:.3g}", h=f"{lessons.H:g}",
           window=f"{stairs['window']:g}", share=f"{100 * stairs['share']:.2g}", n=n,
           height=f"{stairs['height']:.3g}")))


def nudge_sentence(net, x: np.ndarray, t: np.ndarray, layer: int, index: tuple[int, int],
                   w0: float) -> None:
    """The book's "32 % stays 32 %" sentence, with this network's live numbers.

    The weight moves by 0.01, or less if that already crosses a step of the staircase.
    """
    values = np.array([w0, *(w0 + d for d in NUDGES)])
    losses, accs = lessons.loss_and_accuracy_at(
        net.params, lessons.hidden_activation(net), x, t, layer, index, values, net.loss_name)
    same = [k for k in range(1, len(values)) if accs[k] == accs[0]]
    k = same[0] if same else 1
    w1 = float(values[k])
    digits = max(4, len(f"{NUDGES[k - 1]:f}".rstrip("0").split(".")[1]) + 1)
    l0, l1 = _distinct(float(losses[0]), float(losses[k]))
    n = len(t)
    if same:
        st.markdown(tr("why.nudge_same", w0=f"{w0:.{digits}f}", w1=f"{w1:.{digits}f}",
                       acc=f"{accs[0]:.2%}", correct=int(round(accs[0] * n)), n=n, l0=l0, l1=l1))
    else:
        st.markdown(tr("why.nudge_jump", w0=f"{w0:.{digits}f}", w1=f"{w1:.{digits}f}",
                       a0=f"{accs[0]:.2%}", a1=f"{accs[k]:.2%}", l0=l0, l1=l1))


def _distinct(a: float, b: float) -> tuple[str, str]:
    """a and b with one decimal more than their difference needs (at least 5, at most 10)."""
    digits = next((d for d in range(4, 10) if f"{a:.{d}f}" != f"{b:.{d}f}"), 9) + 1
    return f"{a:.{digits}f}", f"{b:.{digits}f}"


def _act_label(name: str) -> str:
    return tr(f"why.act.{name}")


def _act_labels() -> dict[str, str]:
    """Activation names in the current language, bound at draw time (see layer_labels)."""
    return {name: _act_label(name) for name in GRAD_ACTS}


def _scene_activation(lesson: Lesson) -> None:
    """The step function and the sigmoid (and friends) beside their derivatives."""
    _heading("why.act_header")
    scenes.prose("why.shishi")
    presenting = scenes.presenting()
    picks, plots = _side_by_side(SIDE)
    if presenting:  # pills wrap in a column beside the charts, where a multiselect's chips are cut
        widget, extra = picks.pills, {"selection_mode": "multi", "wrap": True}
    else:
        widget, extra = picks.multiselect, {}
    chosen = shared.localized(widget, tr("why.act_pick"), GRAD_ACTS, key=SHOW,
                              format_func=_act_labels().get, **extra)
    if not chosen:
        picks.info(tr("why.act_none"))
        return
    chosen = [a for a in GRAD_ACTS if a in chosen]  # a stable order keeps colours stable
    curves = lessons.activation_curves(chosen, np.linspace(-5.0, 5.0, 401))
    curves["name"] = curves["name"].map({a: _act_label(a) for a in chosen})
    common = {"x": tr("why.x_axis"), "function": tr("why.function")}
    with plots:
        left, right = st.columns(2)
    # on the projector one legend, inside the first plot, serves both: each plot keeps the
    # width of a column beside the choice
    for place, title, axis, field, legend in (
            (left, "why.act_title", "why.h_axis", "value", "inside" if presenting else "right"),
            (right, "why.dact_title", "why.dh_axis", "derivative", "none" if presenting else "right")):
        with place:
            shared.altair(charts.activation_chart(curves, {
                **common, "title": _title(title), "y": tr(axis)}, field=field, legend=legend),
                main=True, share=_chart_share())


Parts = list[tuple[str, dict[str, Any]]]  # sentences of a message: (key, params) each


def gradient_caption(result: dict, name: str, summary: dict) -> Parts:
    """How many entries of dL/dW1 are non-zero, and why each of the others is 0."""
    zeros = result[name]["zeros"]
    hidden = result[name]["grad"].shape[1]
    parts: Parts = [("why.grad_alive", {"act": _act_label(name), "nz": summary["nonzero"],
                                         "k": summary["size"]})]
    what, unit, train_unit = ((tr("why.noun.pixels"), tr("why.noun.images"), tr("why.noun.train_images"))
                              if result["_images"] else
                              (tr("why.noun.inputs"), tr("why.noun.samples"), tr("why.noun.train_samples")))
    if zeros["from_inputs"]:
        parts.append(("why.grad_zero_inputs" if zeros["other"] else "why.grad_zero_inputs_all",
                      {"zeros": zeros["zeros"], "from_inputs": zeros["from_inputs"],
                       "rows": zeros["zero_inputs"], "n": result["_n"], "hidden": hidden,
                       "what": what, "unit": unit}))
        if result["_zero_train"]:  # inputs 0 in every training sample are 0 in any batch
            parts.append(("why.grad_zero_always", {"always": result["_zero_train"],
                                                   "n_train": result["_n_train"], "unit": train_unit}))
        parts.append(("why.grad_zero_why", {"hidden": hidden}))
    if zeros["other"]:
        parts.append(("why.grad_zero_other", {"other": zeros["other"]}))
    return parts


def _sentences(parts: Sequence[str]) -> str:
    """Sentences run together: Chinese needs no space after 。, English does."""
    return ("" if shared.lang() == "zh" else " ").join(parts)


def _boxed(parts: Parts, box: Callable[..., Any], **box_args: Any) -> None:
    """A long message with live numbers: in its box on the laptop; on the projector in the
    notes, where it would push the scene's chart off the screen."""
    if scenes.presenting():
        for key, params in parts:
            scenes.prose(key, **params)
    else:
        box(_sentences([tr(key, **params) for key, params in parts]), **box_args)


GRADIENT_SIDE = (4, 3)  # projector: the activation, the numbers and the choice of view


def _scene_gradient(lesson: Lesson) -> None:
    """The same weights with another hidden activation: W1's gradient, all 0 for the step."""
    _heading("why.grad_header")
    trained = lesson.trained
    if trained is None:
        return
    side, views = _side_by_side(GRADIENT_SIDE)
    with side:
        # on the projector the options (activations) say what they are: the label's line
        # goes to the heat map
        shared.localized(st.radio, tr("why.grad_act"), GRAD_ACTS, key=ACT, horizontal=True,
                         format_func=_act_labels().get,
                         label_visibility="collapsed" if scenes.presenting() else "visible")
        name = str(st.session_state[ACT])
        with st.spinner():
            result = first_layer_gradients(trained.key, trained.iters, trained.seed, trained.data)
        chosen = result[name]
        grad = chosen["grad"]
        summary = lessons.gradient_summary(grad)
        scenes.prose("why.grad_text", n=result["_n"])
        m1, m2, m3 = shared.metric_row(3)
        m1.metric(tr("why.nonzero"), tr("why.count_of", k=summary["nonzero"], n=summary["size"]))
        m2.metric(tr("why.maxabs"), f"{summary['max_abs']:.3g}")
        m3.metric(tr("why.batch_loss"), f"{chosen['loss']:.4f}")
        if summary["nonzero"] == 0:
            _boxed([("why.step_zero", {})], st.warning, icon="🪨")
        else:
            _boxed(gradient_caption(result, name, summary), st.success, icon="✅")
        numeric = chosen["numeric"]
        scenes.aside("why.numeric_check", k=len(numeric), nz=int(np.count_nonzero(numeric)),
                     diff=f"{chosen['diff']:.1e}")
    gradient_views(side, views, result, grad)


def _view_label(view: str) -> str:
    return tr(f"why.tab.{view}")


def gradient_views(side: Any, views: Any, result: dict, grad: np.ndarray) -> None:
    """W1's gradient as a heat map and a histogram, and the four activations compared: side by
    side on the laptop; on the projector one at a time, at the height of the screen, picked
    beside the numbers."""
    rows = result["_rows"]
    subtitle = (("why.heat_subtitle", {"rows": len(rows), "total": grad.shape[0],
                                       "cols": grad.shape[1]}) if len(rows) < grad.shape[0]
                else ("why.heat_subtitle_all", {"total": grad.shape[0], "cols": grad.shape[1]}))
    if scenes.presenting():
        labels = {v: _view_label(v) for v in VIEWS}  # bound now (see layer_labels)
        shown = shared.localized(side.segmented_control, tr("why.view"), VIEWS, key=VIEW,
                                 format_func=labels.get, required=True,
                                 label_visibility="collapsed")  # the options say it
        scenes.prose(subtitle[0], **subtitle[1])  # which inputs the untitled heat map shows
        places = {v: views if v == shown else None for v in VIEWS}
        share = GRADIENT_SIDE[1] / sum(GRADIENT_SIDE)
    else:
        heat, hist = st.columns(2)
        places, share = {"heat": heat, "hist": hist, "compare": st.container()}, HALF
    if places["heat"] is not None:
        with places["heat"]:
            shared.altair(charts.gradient_heatmap(lessons.matrix_frame(grad, rows), {
                "title": _title("why.heat_title"), "subtitle": tr(subtitle[0], **subtitle[1]),
                "row": tr("why.input_axis"), "col": tr("why.hidden_axis"),
                "value": tr("why.grad_axis")}), main=True, share=share)
    if places["hist"] is not None:
        with places["hist"]:
            # the lab's gradient histogram (one histogram frame and chart for the whole app)
            shared.altair(training_charts.gradient_histogram(training_charts.histogram_frame(grad), {
                "title": _title("why.hist_title"), "x": tr("why.grad_axis"),
                "y": tr("why.count_axis"), "from": tr("lab.chart.hist.from"),
                "to": tr("lab.chart.hist.to")}), main=True, share=share)
    if places["compare"] is not None:
        with places["compare"]:
            st.caption(tr("why.compare_caption"))
            frame = pd.DataFrame([{
                tr("why.table_act"): _act_label(a),
                tr("why.table_nonzero"): tr("why.count_of",
                                            k=int(np.count_nonzero(result[a]["grad"])),
                                            n=int(result[a]["grad"].size)),
                tr("why.table_max"): f"{float(np.abs(result[a]['grad']).max()):.3g}",
            } for a in GRAD_ACTS])
            if scenes.presenting():  # a plain table's cells wrap beside the numbers, where a
                st.table(frame.set_index(tr("why.table_act")))  # data grid's last column is cut
            else:
                st.dataframe(frame, hide_index=True)


def _scene_next(lesson: Lesson) -> None:
    st.page_link("pages/gradient.py", label=tr("why.link_gradient"), icon="⛰️")
    st.page_link("pages/training_lab.py", label=tr("why.link_lab"), icon="🧪")


SCENES: tuple[scenes.Scene, ...] = (
    # short titles for the projector's top bar; the laptop's subheaders are drawn by the scenes
    scenes.Scene("staircase", "why.scene.staircase.title", "why.scene.staircase", _scene_staircase,
                 heading=False),
    scenes.Scene("derivative", "why.scene.derivative.title", "why.scene.derivative",
                 _scene_derivative, heading=False),
    scenes.Scene("nudge", "why.scene.nudge.title", "why.scene.nudge", _scene_nudge, heading=False),
    scenes.Scene("activation", "why.scene.activation.title", "why.scene.activation",
                 _scene_activation, heading=False),
    scenes.Scene("gradient", "why.scene.gradient.title", "why.scene.gradient", _scene_gradient,
                 heading=False),
    scenes.Scene("next", "why.next_header", "why.scene.next", _scene_next),
)


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(shared.writing_link(main, PARAMS))
