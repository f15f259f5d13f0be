"""Page 梯度 / Gradient: numerical differentiation, the gradient field, gradient descent and
the gradient check of a network. UI only: widgets -> core.calculus -> core.charts.gradient.

The laptop shows the page's five tabs; the projector shows its scenes (SCENES), one at a time.
Both are drawn from the same small pieces (a chart, a row of metrics, a slider), arranged for
a laptop's long page or for one screen."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.calculus import (
    CRITICAL_POINTS,
    FLAT,
    FUNCTIONS,
    SURFACE_PRESETS,
    best_step,
    central_diff,
    descend,
    difference_error_table,
    explore,
    forward_diff,
    gradient_check,
    gradient_field,
    grid_points,
    log_spaced_h,
    non_convex,
    sum_of_squares,
    summarise_check,
    tangent_line,
)
from core.charts import gradient as charts
from core.gradients import numerical_diff, numerical_gradient
from core.network import MultiLayerNet
from pages import scenes, shared
from pages.shared import Param, tr

# ---------------------------------------------------------------- settings
LR, STEPS, FN, X = "grad_lr", "grad_steps", "grad_fn", "grad_x"
PRECISION, HIDDEN, N_CHECK, ACTIVATION = "grad_dtype", "grad_hidden", "grad_n_check", "grad_act"
LR_MIN, LR_MAX, STEPS_MAX = 1e-10, 10.0, 1000
# 1-2-5 per decade from 1e-10 to 10, plus 0.9 and 1.1 either side of the oscillating lr = 1.
LR_OPTIONS: tuple[float, ...] = tuple(sorted(
    {float(f"{m}e{e}") for e in range(-10, 1) for m in (1, 2, 5)} | {0.9, 1.1, 10.0}))
BOOK_CASES = ((0.1, "grad.case_good"), (10.0, "grad.case_big"), (1e-10, "grad.case_small"))
INIT_X = (-3.0, 4.0)
BOOK_POINTS = ((3.0, 4.0), (0.0, 2.0), (3.0, 0.0))
FIELD_EXTENT, FIELD_STEP, CONTOUR_EXTENT = 4.5, 0.5, 4.5
HIDDEN_OPTIONS, ACTIVATIONS = (5, 10, 20, 50), ("sigmoid", "relu", "tanh")
INITS, INIT = ("std", "xavier", "he"), "grad_init"
CHECK_BATCH = 10  # samples the gradient check differentiates the loss on
# The non-convex surface (section 4.4.1): its own learning rate, steps and start.
TRAP_LR, TRAP_STEPS, TRAP_X0, TRAP_X1 = ("grad_trap_lr", "grad_trap_steps", "grad_trap_x0",
                                         "grad_trap_x1")
TRAP_EXTENT, TRAP_DEFAULT = 4.0, SURFACE_PRESETS["local"]

PARAMS = [
    Param(LR, 0.1, "log", lo=LR_MIN, hi=LR_MAX),
    Param(STEPS, 100, "int", lo=1, hi=STEPS_MAX),
    Param(FN, "function_1", "choice", options=tuple(FUNCTIONS)),
    Param(X, 5.0, "float", lo=-20.0, hi=20.0),
    Param(TRAP_LR, TRAP_DEFAULT.lr, "log", lo=LR_MIN, hi=LR_MAX),
    Param(TRAP_STEPS, TRAP_DEFAULT.steps, "int", lo=1, hi=STEPS_MAX),
    Param(TRAP_X0, TRAP_DEFAULT.start[0], "float", lo=-TRAP_EXTENT, hi=TRAP_EXTENT),
    Param(TRAP_X1, TRAP_DEFAULT.start[1], "float", lo=-TRAP_EXTENT, hi=TRAP_EXTENT),
]


def init_settings() -> None:
    """Read shared-link values once, snap them onto the widgets' grids, fill in defaults."""
    shared.read_url_once(PARAMS, "gradient")
    state = st.session_state
    for key in (LR, TRAP_LR):
        if key in state:
            snapped = shared.nearest_on_log_scale(LR_OPTIONS, float(state[key]))
            if not math.isclose(snapped, float(state[key]), rel_tol=1e-6):
                state.setdefault(shared.NOTICES, []).append(key)
            state[key] = snapped
    for p in PARAMS:
        state.setdefault(p.key, p.default)
    shared.show_url_notices()


def fmt(value: float, digits: int = 9) -> str:
    """A number as people read it: 0.2, -2.99999994, -2.58983747e+13, ∞."""
    if not np.isfinite(value):
        return "∞" if value > 0 else "−∞" if value < 0 else "NaN"
    return f"{value:.{digits}g}"


# ---------------------------------------------------------------- cached computations
@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def error_study(fn: str, x: float, precision: str) -> pd.DataFrame:
    f = FUNCTIONS[fn]
    dtype = np.float32 if precision == "float32" else np.float64
    return difference_error_table(f.f, f.df, x, log_spaced_h(-1, -20, 2), dtype)


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def field_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Arrows of -grad f on the grid, and the book's three points at the same scale."""
    grid = grid_points(-FIELD_EXTENT + FIELD_STEP, FIELD_EXTENT - FIELD_STEP, FIELD_STEP)
    # The book's points get their own (highlighted) arrows: leave them out of the grid.
    grid = grid[~(grid[:, None, :] == np.array(BOOK_POINTS)[None]).all(-1).any(-1)]
    field = gradient_field(sum_of_squares, np.vstack([grid, BOOK_POINTS]))
    return field.iloc[: len(grid)].reset_index(drop=True), field.iloc[len(grid):].reset_index(
        drop=True)


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def field_chart(lang: str, legend_orient: str):
    """The field never changes, only its language and layout: build it once for each
    (read-only)."""
    field, book = field_frames()
    book = book.assign(label=[f"∇f({p[0]:g}, {p[1]:g}) = ({2 * p[0]:g}, {2 * p[1]:g})"
                              for p in BOOK_POINTS])
    return charts.gradient_field_chart(field, book, {
        "title": tr("grad.field_title"), "x0": "x₀", "x1": "x₁", "g0": "∂f/∂x₀",
        "g1": "∂f/∂x₁", "magnitude": tr("grad.magnitude"), "book": tr("grad.book_point")},
        extent=FIELD_EXTENT, legend_orient=legend_orient)


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def descent(lr: float, steps: int):
    return descend(sum_of_squares, INIT_X, lr, steps)


@st.cache_data(max_entries=2, ttl=3600, show_spinner=False)
def contour() -> pd.DataFrame:
    return charts.contour_cells(sum_of_squares, CONTOUR_EXTENT, n=40)


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def network_check(data_key: tuple, hidden: int, activation: str, init: str, n_check: int,
                  seed: int, _dataset=None):
    """Gradient check of a fresh float64 MultiLayerNet on the first samples of the data.

    Keyed on small values only (the data set by its key/fingerprint, never its arrays); the
    network is built here, so perturbing its weights touches nobody else's state.
    """
    data = _dataset
    net = MultiLayerNet(data.n_features, [hidden], data.n_classes, activation=activation,
                        weight_init=init, dtype=np.float64, seed=seed)
    x = np.asarray(data.x_train[:CHECK_BATCH], dtype=np.float64)
    t = np.asarray(data.t_train[:CHECK_BATCH])
    return gradient_check(net, x, t, n_check, np.random.default_rng(seed))


def fingerprint(data) -> tuple:
    """A small key for a data set (an uploaded CSV has no name-based key of its own)."""
    sample = np.asarray(data.x_train[: CHECK_BATCH]).astype(np.float64)
    return (*shared.dataset_key(), data.name, data.x_train.shape, data.n_classes,
            round(float(sample.sum()), 6), tuple(np.asarray(data.t_train[:CHECK_BATCH]).tolist()))


# ---------------------------------------------------------------- what every scene reads
def prepare() -> None:
    """Read the link once and give every setting a value: on the projector a scene reads the
    values that another scene's widgets set (only one scene is drawn at a time)."""
    init_settings()
    for key, default in ((PRECISION, "float64"), (HIDDEN, 10), (ACTIVATION, ACTIVATIONS[0]),
                         (INIT, INITS[0]), (N_CHECK, 60)):
        st.session_state.setdefault(key, default)


def caption_or_note(key: str, **params: object) -> None:
    """A long caption: under its chart on a laptop, in the scene's notes on the projector."""
    if scenes.presenting():
        scenes.prose(key, **params)
    else:
        st.caption(tr(key, **params))


def metric_places(n: int) -> list:
    """n places for metrics: shared.metric_row on a laptop; on the projector the same wrapping
    row with less space between its lines, as a scene's column has no height to spare."""
    if not scenes.presenting():
        return shared.metric_row(n)
    row = st.container(horizontal=True, wrap=True, gap="small")
    return [row.container(width="content") for _ in range(n)]


# ---------------------------------------------------------------- ① numerical differentiation
def diff_formulas() -> None:
    st.latex(r"\frac{df(x)}{dx} = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}")
    c1, c2 = st.columns(2)
    c1.latex(r"\text{%s}:\ \frac{f(x+h) - f(x)}{h}" % tr("grad.forward_tex"))
    c2.latex(r"\text{%s}:\ \frac{f(x+h) - f(x-h)}{2h}" % tr("grad.central_tex"))


def function_choice(where) -> str:
    names = {k: tr(f"grad.fn.{k}") for k in FUNCTIONS}  # bound now: AppTest formats later
    return shared.localized(where.selectbox, tr("grad.function"), tuple(FUNCTIONS), key=FN,
                            format_func=names.get)


def point_input(where) -> float:
    return float(where.number_input(tr("grad.point"), -20.0, 20.0, step=0.5, key=X,
                                    format="%.2f", persist_state="session"))


def precision_choice(where) -> str:
    return where.radio(tr("grad.precision"), ("float64", "float32"), key=PRECISION,
                       horizontal=True, help=tr("grad.precision_help"), persist_state="session")


@dataclass(frozen=True)
class Derivative:
    """f'(x): exact (float64, the yardstick) and both differences in the chosen precision."""

    fn: str
    x: float
    precision: str
    exact: float
    central: float
    forward: float

    @property
    def digits(self) -> int:
        return 9 if self.precision == "float32" else 16  # as many as the precision holds


def derivative(fn: str, x: float, precision: str) -> Derivative:
    f = FUNCTIONS[fn]
    dtype = np.float32 if precision == "float32" else np.float64
    return Derivative(fn, x, precision, float(f.df(np.float64(x))),
                      central_diff(f.f, x, 1e-4, dtype), forward_diff(f.f, x, 1e-4, dtype))


def derivative_metrics(d: Derivative) -> None:
    m1, m2, m3 = metric_places(3)
    m1.metric(tr("grad.exact"), fmt(d.exact, 16))
    m2.metric(tr("grad.central_value"), fmt(d.central, d.digits),
              delta=tr("grad.error_of", error=f"{abs(d.central - d.exact):.1e}"),
              delta_color="off", delta_arrow="off")
    m3.metric(tr("grad.forward_value"), fmt(d.forward, d.digits),
              delta=tr("grad.error_of", error=f"{abs(d.forward - d.exact):.1e}"),
              delta_color="off", delta_arrow="off")


def book_values() -> dict[str, str]:
    """The book's two numerical derivatives, computed live (Python floats: float64)."""
    book = FUNCTIONS["function_1"].f
    return {"at5": repr(numerical_diff(book, 5.0)), "at10": repr(numerical_diff(book, 10.0))}


def tangent_chart(d: Derivative, *, share: float) -> None:
    f = FUNCTIONS[d.fn]
    x = d.x
    xs = np.linspace(x - 6, x + 6, 121) if d.fn != "function_1" else np.linspace(0, 20, 121)
    if d.fn == "function_1" and not 0 <= x <= 20:
        xs = np.linspace(x - 10, x + 10, 121)
    curve = pd.concat([
        pd.DataFrame({"x": xs, "y": f.f(xs), "line": tr("grad.curve_f")}),
        pd.DataFrame({"x": xs, "y": tangent_line(f.f, x, d.central, xs),
                      "line": tr("grad.curve_tangent")}),
    ])
    point = pd.DataFrame({"x": [x], "y": [float(f.f(np.float64(x)))], "slope": [d.central]})
    shared.altair(charts.function_tangent_chart(curve, point, {
        "title": tr("grad.tangent_title", x=fmt(x, 4)), "x": "x", "y": "f(x)",
        "line": tr("grad.line"), "slope": tr("grad.slope")},
        legend_orient="top-left" if scenes.presenting() else "top"), main=True, share=share)


def error_frame(d: Derivative) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The error study (methods by their code names) and the same with translated names."""
    table = error_study(d.fn, d.x, d.precision)
    methods = {"forward": tr("grad.method.forward"), "central": tr("grad.method.central")}
    return table, table.assign(method=table["method"].map(methods))


def error_chart(shown: pd.DataFrame, precision: str, *, share: float) -> None:
    shared.altair(charts.error_vs_h_chart(shown, {
        "title": tr("grad.error_title", precision=precision), "x": tr("grad.h_axis"),
        "y": tr("grad.error_axis"), "method": tr("grad.method"),
        "estimate": tr("grad.estimate")}, legend_orient="right" if scenes.presenting() else "top"),
        main=True, share=share)


def quadratic_note(d: Derivative) -> None:
    if d.fn == "function_1":
        caption_or_note("grad.quadratic_note")


def error_reading(d: Derivative, table: pd.DataFrame) -> None:
    """Where each method's error is smallest, and where the difference vanishes altogether."""
    h_c, e_c = best_step(table, "central")
    h_f, e_f = best_step(table, "forward")
    scenes.prose("grad.error_reading", h_c=f"{h_c:.0e}", e_c=f"{e_c:.1e}", h_f=f"{h_f:.0e}",
                 e_f=f"{e_f:.1e}")
    vanished = table[(table["estimate"] == 0) & (table["exact"] != 0)]
    if not vanished.empty:
        scenes.prose("grad.vanished", h=f"{vanished['h'].max():.0e}", precision=d.precision)


def rounding_demo() -> None:
    st.code(f">>> np.float32(1e-50)\n{float(np.float32(1e-50))!r}\n"
            f">>> np.float64(1e-50)\n{float(np.float64(1e-50))!r}\n"
            f">>> 5.0 + 1e-20 == 5.0\n{bool(np.float64(5.0) + 1e-20 == 5.0)}", language="python")


def error_values(shown: pd.DataFrame) -> None:
    with st.expander(tr("grad.table_expander")):
        st.dataframe(shown.rename(columns={
            "h": "h", "method": tr("grad.method"), "estimate": tr("grad.estimate"),
            "exact": tr("grad.exact"), "error": tr("grad.error_axis")}),
            hide_index=True, width="stretch")


def section_differentiation() -> None:
    scenes.prose("grad.diff_intro")
    diff_formulas()
    left, mid, right = st.columns([2, 1, 1])
    fn, x, precision = function_choice(left), point_input(mid), precision_choice(right)
    f = FUNCTIONS[fn]
    st.latex(f"{f.latex}, \\qquad {f.dlatex}")
    # The differences in the chosen precision, with as many digits as it holds (float32: 9);
    # the exact derivative is the float64 yardstick, as in the error table and chart.
    d = derivative(fn, x, precision)
    derivative_metrics(d)
    st.caption(tr("grad.precision_note", precision=precision))
    st.info(tr("grad.book_values", **book_values()), icon="📖")
    table, shown = error_frame(d)
    a, b = st.columns(2)
    with a:
        tangent_chart(d, share=0.5)
    with b:
        error_chart(shown, precision, share=0.5)
    quadratic_note(d)
    error_reading(d, table)
    scenes.prose("grad.float32_intro")
    rounding_demo()
    error_values(shown)


def scene_derivative(_context: None) -> None:
    """The tangent beside the choice of f and x and the three values (the precision is
    chosen in the next scene, where its effect shows)."""
    scenes.prose("grad.diff_intro")
    # Three fifths of the width for the values: 16 digits at 40 px need about 460 px, and at
    # 1280 px the exact value then fits beside the central one (the column is short at 720).
    chart, side = st.columns([2, 3])
    with side:
        left, right = st.columns([2, 1])
        d = derivative(function_choice(left), point_input(right), st.session_state[PRECISION])
        derivative_metrics(d)
    with chart:
        tangent_chart(d, share=0.4)
    scenes.prose("grad.precision_note", precision=d.precision)
    scenes.prose("grad.book_values", **book_values())


def scene_error(_context: None) -> None:
    """Error against h beside the precision and the rounding it brings (f and x: the scene
    before)."""
    controls, chart = st.columns([1, 2])
    with controls:
        precision = precision_choice(st)
        rounding_demo()
    d = derivative(st.session_state[FN], float(st.session_state[X]), precision)
    table, shown = error_frame(d)
    with chart:
        error_chart(shown, precision, share=2 / 3)
    quadratic_note(d)
    error_reading(d, table)
    scenes.prose("grad.float32_intro")


# ---------------------------------------------------------------- ② the gradient
def book_points_table() -> None:
    """The book's numerical_gradient at its three points, called live, beside the exact one."""
    rows = []
    for p in BOOK_POINTS:
        g = numerical_gradient(sum_of_squares, np.array(p))  # the book's call, live
        rows.append({tr("grad.col_point"): f"({p[0]:g}, {p[1]:g})",
                     tr("grad.col_numerical"): f"[{fmt(g[0], 10)}, {fmt(g[1], 10)}]",
                     tr("grad.col_exact"): f"[{2 * p[0]:g}, {2 * p[1]:g}]"})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def field_formula() -> None:
    st.latex(r"f(x_0, x_1) = x_0^2 + x_1^2, \qquad "
             r"\nabla f = \left(\frac{\partial f}{\partial x_0},"
             r" \frac{\partial f}{\partial x_1}\right) = (2x_0,\ 2x_1)")


def section_field() -> None:
    scenes.prose("grad.field_intro")
    field_formula()
    # The book's three points across the page: in a 2/5 column the table was cut at 1280 px.
    scenes.prose("grad.book_points")
    book_points_table()
    left, right = st.columns([3, 2])
    with left:
        shared.altair(field_chart(shared.lang(), "right"), main=True, share=0.6)
        st.caption(tr("grad.field_caption"))
    with right:
        scenes.prose("grad.field_reading")


def scene_field(_context: None) -> None:
    """The arrows, about square, beside the book's three points."""
    scenes.prose("grad.field_intro")
    points, chart = st.columns([1, 1])
    with points:
        scenes.prose("grad.book_points")
        book_points_table()
        st.caption(tr("grad.field_caption"))
    with chart:
        shared.altair(field_chart(shared.lang(), "right"), main=True, share=0.5)
    scenes.prose("grad.field_reading")


# ---------------------------------------------------------------- ③ gradient descent
def set_case(lr: float) -> None:
    """One click: the book's learning rate with the book's 100 steps."""
    st.session_state[LR] = lr
    st.session_state[STEPS] = 100


def case_buttons(places: list, *, short: bool = False) -> None:
    """The book's three learning rates; `short`: named by η alone (a projector's narrow column;
    what each does, the status says)."""
    for where, (lr, key) in zip(places, BOOK_CASES):
        where.button(tr("grad.case_short" if short else key, lr=f"{lr:g}"),
                     key=f"grad_case_{lr:g}", on_click=set_case, args=(lr,),
                     width="content" if short else "stretch")


def lr_slider(where, key: str = LR, label: str = "grad.lr") -> float:
    return float(where.select_slider(tr(label), LR_OPTIONS, key=key,
                                     format_func=lambda v: f"{v:g}", help=tr("grad.lr_help"),
                                     persist_state="session"))


def steps_slider(where, key: str = STEPS, label: str = "grad.steps") -> int:
    return int(where.slider(tr(label), 1, STEPS_MAX, key=key, help=tr("grad.steps_help"),
                            persist_state="session"))


def descent_formula() -> None:
    st.latex(r"x_0 \leftarrow x_0 - \eta \frac{\partial f}{\partial x_0}, \qquad "
             r"x_1 \leftarrow x_1 - \eta \frac{\partial f}{\partial x_1}")


def descent_metrics(run) -> None:
    x0, x1 = (float(v) for v in run.end)
    m1, m2, m3 = metric_places(3)
    m1.metric(tr("grad.end_x0"), fmt(x0))
    m2.metric(tr("grad.end_x1"), fmt(x1))
    m3.metric(tr("grad.end_f"), fmt(float(run.path["f"].iloc[-1])))


def descent_status(run, lr: float, steps: int) -> None:
    status = {"converged": st.success, "diverged": st.error, "stalled": st.warning,
              "oscillating": st.warning, "moving": st.info}[run.status]
    status(tr(f"grad.status.{run.status}", lr=f"{lr:g}", steps=steps,
              magnitude=f"{run.magnitude:.3e}", moved=f"{run.moved:.2e}",
              f_end=fmt(float(run.path["f"].iloc[-1]), 4)))


def descent_path(run, lr: float, steps: int, *, share: float) -> None:
    shared.altair(charts.descent_path_chart(contour(), run.path, {
        "title": tr("grad.path_title", lr=f"{lr:g}", steps=steps), "x0": "x₀", "x1": "x₁",
        "f": "f(x₀, x₁)", "step": tr("grad.step"), "start": tr("grad.start"),
        "minimum": tr("grad.minimum"), "point": tr("grad.point_kind")},
        extent=CONTOUR_EXTENT, side_legends=scenes.presenting()), main=True, share=share)


def descent_progress(run, *, share: float) -> None:
    shared.altair(charts.descent_progress_chart(run.path, {
        "title": tr("grad.progress_title"), "x": tr("grad.step"),
        "y": tr("grad.distance"), "f": "f(x₀, x₁)"}), main=scenes.presenting(), share=share)


def frozen_params(run, lr: float) -> dict[str, object]:
    """Why the distance line ends flat: x + h == x in float64 (see core.calculus.frozen_step)."""
    return {"step": run.frozen_at, "x": f"{run.magnitude:.2e}",
            "spacing": f"{float(np.spacing(np.abs(run.end)).min()):.1e}",
            "grad": f"{2 * run.magnitude:.1e}",  # |grad (x0² + x1²)| = 2|x|
            "book": tr("grad.frozen_book") if lr == 10.0 else ""}


def current_descent():
    """The run of the settings in session state (the widgets of another scene may own them)."""
    lr, steps = float(st.session_state[LR]), int(st.session_state[STEPS])
    return descent(lr, steps), lr, steps


def section_descent() -> None:
    scenes.prose("grad.descent_intro")
    descent_formula()
    st.caption(tr("grad.cases"))
    case_buttons(st.columns(len(BOOK_CASES)))
    c1, c2 = st.columns([3, 2])
    lr, steps = lr_slider(c1), steps_slider(c2)
    run = descent(lr, steps)
    descent_metrics(run)
    descent_status(run, lr, steps)
    left, right = st.columns([3, 2])
    with left:
        descent_path(run, lr, steps, share=0.6)
    with right:
        descent_progress(run, share=0.4)
        st.caption(tr("grad.progress_caption"))
        if run.frozen_at is not None:
            st.info(tr("grad.frozen", **frozen_params(run, lr)), icon="🧊")


def scene_descent(_context: None) -> None:
    """The book's three cases and the two sliders beside the path over the contour map."""
    scenes.prose("grad.descent_intro")
    controls, chart = st.columns([2, 3])
    with controls:
        # Buttons as wide as their labels, in one row that wraps between buttons, never
        # inside a label ("1e-" / "10" in a third of the column).
        row = st.container(horizontal=True, wrap=True, gap="small")
        case_buttons([row] * len(BOOK_CASES), short=True)
        lr, steps = lr_slider(st), steps_slider(st)
    run = descent(lr, steps)
    with chart:
        descent_path(run, lr, steps, share=0.6)
    with controls:
        descent_status(run, lr, steps)


def scene_distance(_context: None) -> None:
    """Where the run ends, and its distance to the minimum at each step."""
    run, lr, _ = current_descent()
    values, chart = st.columns([2, 3])
    with values:
        descent_metrics(run)
    with chart:
        descent_progress(run, share=0.6)
    scenes.prose("grad.progress_caption")
    if run.frozen_at is not None:
        with values:
            st.info(tr("grad.frozen_short", step=run.frozen_at), icon="🧊")
        scenes.prose("grad.frozen", **frozen_params(run, lr))


# ---------------------------------------------------------------- ④ minima, saddles, plateaus
@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def surface_run(start: tuple[float, float], lr: float, steps: int):
    return explore(start, lr, steps, extent=TRAP_EXTENT)


@st.cache_data(max_entries=2, ttl=3600, show_spinner=False)
def surface_cells() -> pd.DataFrame:
    return charts.contour_cells(non_convex, TRAP_EXTENT, n=48)


def coords(p: tuple[float, float]) -> str:
    return f"({p[0]:g}, {p[1]:g})".replace("-", "−")  # a true minus sign, as in the text


def set_preset(name: str) -> None:
    """One click: the preset's start, learning rate and steps."""
    preset = SURFACE_PRESETS[name]
    state = st.session_state
    state[TRAP_X0], state[TRAP_X1] = preset.start
    state[TRAP_LR], state[TRAP_STEPS] = preset.lr, preset.steps


def preset_claim(name: str) -> dict[str, object]:
    """What the preset shows, with its numbers from the run itself (tests hold the claims)."""
    preset = SURFACE_PRESETS[name]
    run = surface_run(preset.start, preset.lr, preset.steps)
    return {"start": coords(preset.start), "lr": f"{preset.lr:g}", "steps": preset.steps,
            "later": preset.later, "f": f"{float(run.path['f'].iloc[-1]):.3f}",
            "n": run.saddle_steps, "flat": f"{FLAT:g}", "moved": f"{run.moved:.2f}",
            "per_step": f"{run.moved / preset.steps:.4f}", "drop": f"{run.f_drop:.4f}"}


def preset_button(where, name: str) -> None:
    where.button(tr(f"grad.trap.preset.{name}"), key=f"grad_trap_{name}", on_click=set_preset,
                 args=(name,), width="stretch")


def surface_formula() -> None:
    st.latex(r"f(x_0, x_1) = 1 - e^{-g/2}, \qquad "
             r"g = \frac{x_0^4}{4} + \frac{x_0^3}{3} - x_0^2 + \frac{x_1^2}{2} + \frac{8}{3}")


def formula_values() -> dict[str, str]:
    values = {k: float(non_convex(np.array(p))) for k, p in CRITICAL_POINTS.items()}
    return {"f_local": f"{values['local']:.3f}", "f_saddle": f"{values['saddle']:.3f}"}


def start_input(where, key: str, label: str) -> float:
    return float(where.number_input(
        tr(label), -TRAP_EXTENT, TRAP_EXTENT, step=0.25, key=key, format="%.2f",
        help=tr("grad.trap.start_help", extent=f"{TRAP_EXTENT:g}"), persist_state="session"))


@dataclass(frozen=True)
class SurfaceRun:
    """A descent on the non-convex surface and the settings that made it."""

    start: tuple[float, float]
    lr: float
    steps: int

    @property
    def run(self):
        return surface_run(self.start, self.lr, self.steps)

    @property
    def end_f(self) -> float:
        return float(self.run.path["f"].iloc[-1])

    @property
    def end_grad(self) -> float:
        return float(self.run.path["grad_norm"].iloc[-1])


def current_surface_run() -> SurfaceRun:
    state = st.session_state
    return SurfaceRun((float(state[TRAP_X0]), float(state[TRAP_X1])), float(state[TRAP_LR]),
                      int(state[TRAP_STEPS]))


def surface_metrics(s: SurfaceRun) -> None:
    m1, m2, m3, m4 = metric_places(4)
    m1.metric(tr("grad.end_x0"), fmt(float(s.run.end[0]), 6))
    m2.metric(tr("grad.end_x1"), fmt(float(s.run.end[1]), 6))
    m3.metric(tr("grad.end_f"), fmt(s.end_f, 6))
    m4.metric(tr("grad.trap.grad_end"), f"{s.end_grad:.2e}")


def surface_outcome(s: SurfaceRun) -> None:
    run = s.run
    say = {"global": st.success, "local": st.warning, "saddle": st.warning,
           "plateau": st.warning, "moving": st.info, "left": st.error}[run.outcome]
    say(tr(f"grad.trap.outcome.{run.outcome}", f=fmt(s.end_f, 4), grad=f"{s.end_grad:.1e}",
           n=run.saddle_steps, steps=s.steps, moved=f"{run.moved:.3g}",
           drop=f"{run.f_drop:.2e}", lr=f"{s.lr:g}", x0=fmt(float(run.end[0]), 4),
           x1=fmt(float(run.end[1]), 4)))


def surface_labels() -> dict[str, str]:
    return {"x0": "x₀", "x1": "x₁", "f": "f(x₀, x₁)", "step": tr("grad.step"),
            "point": tr("grad.point_kind"), "grad_norm": tr("grad.trap.grad_norm")}


def surface_path(s: SurfaceRun, *, share: float) -> None:
    kinds = {"global": tr("grad.trap.global"), "local": tr("grad.trap.local"),
             "saddle": tr("grad.trap.saddle")}
    landmarks = pd.DataFrame([{"x0": s.start[0], "x1": s.start[1], "kind": tr("grad.trap.start")}]
                             + [{"x0": p[0], "x1": p[1], "kind": kinds[k]}
                                for k, p in CRITICAL_POINTS.items()])
    shared.altair(charts.descent_path_chart(surface_cells(), s.run.path, {
        **surface_labels(), "title": tr("grad.trap.path_title", lr=f"{s.lr:g}", steps=s.steps)},
        extent=TRAP_EXTENT, landmarks=landmarks, side_legends=scenes.presenting()),
        main=True, share=share)


def surface_progress(s: SurfaceRun, *, share: float) -> None:
    shared.altair(charts.descent_progress_chart(s.run.path, {
        "title": tr("grad.trap.progress_title"), "x": tr("grad.step"),
        "y": tr("grad.trap.grad_norm"), "f": "f(x₀, x₁)"}, field="grad_norm"),
        main=scenes.presenting(), share=share)


def section_traps() -> None:
    scenes.prose("grad.trap.intro")
    surface_formula()
    st.caption(tr("grad.trap.formula_note", **formula_values()))
    scenes.prose("grad.trap.presets")
    for col, name in zip(st.columns(len(SURFACE_PRESETS)), SURFACE_PRESETS):
        preset_button(col, name)
        col.caption(tr(f"grad.trap.claim.{name}", **preset_claim(name)))
    c1, c2, c3, c4 = st.columns([3, 3, 2, 2])
    lr_slider(c1, TRAP_LR, "grad.trap.lr")
    steps_slider(c2, TRAP_STEPS, "grad.trap.steps")
    start_input(c3, TRAP_X0, "grad.trap.x0")
    start_input(c4, TRAP_X1, "grad.trap.x1")
    s = current_surface_run()
    surface_metrics(s)
    surface_outcome(s)
    left, right = st.columns([3, 2])
    with left:
        surface_path(s, share=0.6)
    with right:
        surface_progress(s, share=0.4)
        st.caption(tr("grad.trap.progress_caption"))


def scene_traps(_context: None) -> None:
    """The three presets and the verdict beside the path on the non-convex surface."""
    scenes.prose("grad.trap.intro")
    scenes.prose("grad.trap.formula_note", **formula_values())
    controls, chart = st.columns([2, 3])
    with controls:
        for name in SURFACE_PRESETS:
            preset_button(st, name)
            scenes.prose(f"grad.trap.claim.{name}", **preset_claim(name))
    s = current_surface_run()
    with chart:
        surface_path(s, share=0.6)
    with controls:
        surface_outcome(s)


def scene_flat(_context: None) -> None:
    """The run's own settings beside |grad f| at each of its steps (where it ends: the
    verdict of the scene before; the end point's values are on the laptop's page)."""
    controls, chart = st.columns([2, 3])
    with controls:
        lr_slider(st, TRAP_LR, "grad.trap.lr")
        steps_slider(st, TRAP_STEPS, "grad.trap.steps")
        c3, c4 = st.columns(2)
        start_input(c3, TRAP_X0, "grad.trap.x0")
        start_input(c4, TRAP_X1, "grad.trap.x1")
    with chart:
        surface_progress(current_surface_run(), share=0.6)
    scenes.prose("grad.trap.progress_caption")


# ---------------------------------------------------------------- ⑤ the gradient check
def check_controls(places: list) -> None:
    c1, c2, c3, c4 = places
    c1.select_slider(tr("grad.hidden"), HIDDEN_OPTIONS, key=HIDDEN, persist_state="session")
    c2.selectbox(tr("grad.activation"), ACTIVATIONS, key=ACTIVATION, persist_state="session")
    inits = {k: tr(f"grad.init.{k}") for k in INITS}
    shared.localized(c3.selectbox, tr("grad.init"), INITS, key=INIT, format_func=inits.get)
    c4.slider(tr("grad.n_check"), 10, 200, step=10, key=N_CHECK, persist_state="session")


def current_check(data):
    """The check of the settings in session state, on the first samples of `data`."""
    state = st.session_state
    return network_check(fingerprint(data), int(state[HIDDEN]), state[ACTIVATION], state[INIT],
                         int(state[N_CHECK]), shared.seed(), _dataset=data)


def check_setup(data, check) -> None:
    st.caption(tr("grad.check_setup", inputs=data.n_features, hidden=st.session_state[HIDDEN],
                  outputs=data.n_classes, n_total=f"{check.n_total:,}", batch=CHECK_BATCH,
                  n=check.n_checked))


def check_metrics(check, places: list) -> None:
    m1, m2, m3, m4 = places
    m1.metric(tr("grad.max_abs"), f"{check.max_abs_diff:.2e}")
    m2.metric(tr("grad.max_rel"), f"{check.max_rel_diff:.2e}")
    m3.metric(tr("grad.time_backprop"), f"{check.seconds_backprop * 1e3:.3f} ms",
              help=tr("grad.time_backprop_help", n_total=f"{check.n_total:,}"))
    m4.metric(tr("grad.time_numerical"), f"{check.seconds_numerical * 1e3:.1f} ms",
              help=tr("grad.time_numerical_help", n=check.n_checked))


def check_verdict(check) -> None:
    ok = check.max_rel_diff < 1e-4
    (st.success if ok else st.warning)(tr("grad.check_ok" if ok else "grad.check_bad",
                                          rel=f"{check.max_rel_diff:.1e}"))


def check_speed(check) -> dict[str, str]:
    return {"n_total": f"{check.n_total:,}", "all_ms": f"{check.seconds_numerical_all * 1e3:,.0f}",
            "bp_ms": f"{check.seconds_backprop * 1e3:.3f}", "ratio": f"{check.ratio:,.0f}"}


def check_summary(check) -> None:
    summary = summarise_check(check).rename(columns={
        "param": tr("grad.param"), "checked": tr("grad.checked"),
        "mean_abs_diff": tr("grad.mean_abs"), "max_rel_diff": tr("grad.max_rel_short")})
    sci = st.column_config.NumberColumn(format="%.1e")
    st.dataframe(summary, hide_index=True, width="stretch",
                 column_config={tr("grad.mean_abs"): sci, tr("grad.max_rel_short"): sci})


def check_chart(check, *, share: float) -> None:
    shared.altair(charts.gradient_check_chart(check.table, {
        "title": tr("grad.check_title"), "x": tr("grad.backprop"),
        "y": tr("grad.numerical"), "param": tr("grad.param"), "index": tr("grad.index"),
        "abs_diff": tr("grad.abs_diff")}), main=True, share=share)


def check_values(check) -> None:
    with st.expander(tr("grad.check_table")):
        st.dataframe(check.table.rename(columns={
            "param": tr("grad.param"), "index": tr("grad.index"),
            "numerical": tr("grad.numerical"), "backprop": tr("grad.backprop"),
            "abs_diff": tr("grad.abs_diff"), "rel_diff": tr("grad.rel_diff")}),
            hide_index=True, width="stretch", column_config={
                tr(k): st.column_config.NumberColumn(format="%.3e") for k in (
                    "grad.numerical", "grad.backprop", "grad.abs_diff", "grad.rel_diff")})


def section_check() -> None:
    scenes.prose("grad.check_intro")
    data = shared.current_dataset()
    if data is None:
        return
    check_controls(st.columns(4))
    check = current_check(data)
    check_setup(data, check)
    check_metrics(check, shared.metric_row(4))
    check_verdict(check)
    scenes.prose("grad.speed", **check_speed(check))
    # The per-array summary across the page: in a 2/5 column it was cut at 1280 px.
    check_summary(check)
    left, right = st.columns([3, 2])
    with left:
        check_chart(check, share=0.6)
    with right:
        st.caption(tr("grad.check_caption"))
    check_values(check)


def scene_check(_context: None) -> None:
    """The network's settings beside numerical against backprop, one dot per parameter."""
    scenes.prose("grad.check_intro")
    data = shared.current_dataset()
    if data is None:
        return
    controls, chart = st.columns([2, 3])
    with controls:
        check_controls([st] * 4)
    check = current_check(data)
    with chart:
        check_chart(check, share=0.6)
    scenes.prose("grad.check_setup", inputs=data.n_features, hidden=st.session_state[HIDDEN],
                 outputs=data.n_classes, n_total=f"{check.n_total:,}", batch=CHECK_BATCH,
                 n=check.n_checked)
    scenes.prose("grad.check_caption")


def scene_speed(_context: None) -> None:
    """How closely the two agree, and how much faster backprop is."""
    data = shared.current_dataset()
    if data is None:
        return
    check = current_check(data)
    values, tables = st.columns(2)
    with values:
        check_metrics(check, metric_places(4))
    with tables:
        check_verdict(check)
        check_summary(check)
    check_values(check)  # six columns: the page's whole width when opened
    scenes.prose("grad.speed", **check_speed(check))


# ---------------------------------------------------------------- the page
SCENES: tuple[scenes.Scene, ...] = (
    scenes.Scene("derivative", "grad.scene.derivative", "grad.caption.derivative",
                 scene_derivative),
    scenes.Scene("error", "grad.scene.error", "grad.caption.error", scene_error),
    scenes.Scene("field", "grad.scene.field", "grad.caption.field", scene_field),
    scenes.Scene("descent", "grad.scene.descent", "grad.caption.descent", scene_descent),
    scenes.Scene("distance", "grad.scene.distance", "grad.caption.distance", scene_distance),
    scenes.Scene("traps", "grad.scene.traps", "grad.caption.traps", scene_traps),
    scenes.Scene("flat", "grad.scene.flat", "grad.caption.flat", scene_flat),
    scenes.Scene("check", "grad.scene.check", "grad.caption.check", scene_check),
    scenes.Scene("speed", "grad.scene.speed", "grad.caption.speed", scene_speed),
)


@st.fragment
def laptop_tab(section: Callable[[], None], writes_link: bool) -> None:
    """A laptop tab as a fragment: a slider reruns only its own tab, and an error in one tab
    leaves the others on screen."""
    shared.guarded(section)
    if writes_link:
        shared.write_url(PARAMS)


# The laptop's five tabs, as the page always had them (the projector shows SCENES instead).
TABS = (("grad.tab.diff", section_differentiation, True), ("grad.tab.field", section_field, False),
        ("grad.tab.descent", section_descent, True), ("grad.tab.traps", section_traps, True),
        ("grad.tab.check", section_check, False))


def laptop_tabs() -> None:
    st.title(tr("grad.title"))
    st.caption(tr("grad.subtitle"))
    for tab, (_, section, writes_link) in zip(st.tabs([tr(key) for key, _, _ in TABS]), TABS):
        with tab:
            laptop_tab(section, writes_link)
    st.divider()
    st.page_link("pages/training_lab.py", label=tr("grad.to_lab"), icon="🧪")


def draw() -> None:
    prepare()
    if not scenes.presenting():
        laptop_tabs()
        return
    scenes.show("grad.title", SCENES, None, intro_key="grad.subtitle")
    shared.write_url(PARAMS)


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(draw)
