"""Page 梯度 / Gradient: numerical differentiation, the gradient field, gradient descent and
the gradient check of a network. UI only: widgets -> core.calculus -> core.charts.gradient."""

from __future__ import annotations

import math

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
from pages import shared
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
def field_chart(lang: str):
    """The field never changes, only its language: build it once per language (read-only)."""
    field, book = field_frames()
    book = book.assign(label=[f"∇f({p[0]:g}, {p[1]:g}) = ({2 * p[0]:g}, {2 * p[1]:g})"
                              for p in BOOK_POINTS])
    return charts.gradient_field_chart(field, book, {
        "title": tr("grad.field_title"), "x0": "x₀", "x1": "x₁", "g0": "∂f/∂x₀",
        "g1": "∂f/∂x₁", "magnitude": tr("grad.magnitude"), "book": tr("grad.book_point")},
        extent=FIELD_EXTENT)


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


# ---------------------------------------------------------------- sections
def section_differentiation() -> None:
    st.markdown(tr("grad.diff_intro"))
    st.latex(r"\frac{df(x)}{dx} = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}")
    c1, c2 = st.columns(2)
    c1.latex(r"\text{%s}:\ \frac{f(x+h) - f(x)}{h}" % tr("grad.forward_tex"))
    c2.latex(r"\text{%s}:\ \frac{f(x+h) - f(x-h)}{2h}" % tr("grad.central_tex"))

    left, mid, right = st.columns([2, 1, 1])
    names = {k: tr(f"grad.fn.{k}") for k in FUNCTIONS}  # bound now: AppTest formats later
    fn = shared.localized(left.selectbox, tr("grad.function"), tuple(FUNCTIONS), key=FN,
                          format_func=names.get)
    x = mid.number_input(tr("grad.point"), -20.0, 20.0, step=0.5, key=X, format="%.2f",
                         persist_state="session")
    precision = right.radio(tr("grad.precision"), ("float64", "float32"), key=PRECISION,
                            horizontal=True, help=tr("grad.precision_help"),
                            persist_state="session")
    f = FUNCTIONS[fn]
    st.latex(f"{f.latex}, \\qquad {f.dlatex}")

    # The differences in the chosen precision, with as many digits as it holds (float32: 9);
    # the exact derivative is the float64 yardstick, as in the error table and chart.
    dtype, digits = (np.float32, 9) if precision == "float32" else (np.float64, 16)
    exact = float(f.df(np.float64(x)))
    central = central_diff(f.f, x, 1e-4, dtype)
    forward = forward_diff(f.f, x, 1e-4, dtype)
    m1, m2, m3 = shared.metric_row(3)
    m1.metric(tr("grad.exact"), fmt(exact, 16))
    m2.metric(tr("grad.central_value"), fmt(central, digits),
              delta=tr("grad.error_of", error=f"{abs(central - exact):.1e}"), delta_color="off",
              delta_arrow="off")
    m3.metric(tr("grad.forward_value"), fmt(forward, digits),
              delta=tr("grad.error_of", error=f"{abs(forward - exact):.1e}"), delta_color="off",
              delta_arrow="off")
    st.caption(tr("grad.precision_note", precision=precision))

    book = FUNCTIONS["function_1"].f
    st.info(tr("grad.book_values", at5=repr(numerical_diff(book, 5.0)),
               at10=repr(numerical_diff(book, 10.0))), icon="📖")

    xs = np.linspace(x - 6, x + 6, 121) if fn != "function_1" else np.linspace(0, 20, 121)
    if fn == "function_1" and not 0 <= x <= 20:
        xs = np.linspace(x - 10, x + 10, 121)
    name_f, name_t = tr("grad.curve_f"), tr("grad.curve_tangent")
    curve = pd.concat([
        pd.DataFrame({"x": xs, "y": f.f(xs), "line": name_f}),
        pd.DataFrame({"x": xs, "y": tangent_line(f.f, x, central, xs), "line": name_t}),
    ])
    point = pd.DataFrame({"x": [x], "y": [float(f.f(np.float64(x)))], "slope": [central]})
    table = error_study(fn, float(x), precision)
    methods = {"forward": tr("grad.method.forward"), "central": tr("grad.method.central")}
    shown = table.assign(method=table["method"].map(methods))

    a, b = st.columns(2)
    with a:
        shared.altair(charts.function_tangent_chart(curve, point, {
            "title": tr("grad.tangent_title", x=fmt(x, 4)), "x": "x", "y": "f(x)",
            "line": tr("grad.line"), "slope": tr("grad.slope")}))
    with b:
        shared.altair(charts.error_vs_h_chart(shown, {
            "title": tr("grad.error_title", precision=precision), "x": tr("grad.h_axis"),
            "y": tr("grad.error_axis"), "method": tr("grad.method"),
            "estimate": tr("grad.estimate")}))
    h_c, e_c = best_step(table, "central")
    h_f, e_f = best_step(table, "forward")
    if fn == "function_1":
        st.caption(tr("grad.quadratic_note"))
    st.markdown(tr("grad.error_reading", h_c=f"{h_c:.0e}", e_c=f"{e_c:.1e}",
                   h_f=f"{h_f:.0e}", e_f=f"{e_f:.1e}"))
    vanished = table[(table["estimate"] == 0) & (table["exact"] != 0)]
    if not vanished.empty:
        st.markdown(tr("grad.vanished", h=f"{vanished['h'].max():.0e}", precision=precision))
    st.markdown(tr("grad.float32_intro"))
    st.code(f">>> np.float32(1e-50)\n{float(np.float32(1e-50))!r}\n"
            f">>> np.float64(1e-50)\n{float(np.float64(1e-50))!r}\n"
            f">>> 5.0 + 1e-20 == 5.0\n{bool(np.float64(5.0) + 1e-20 == 5.0)}", language="python")
    with st.expander(tr("grad.table_expander")):
        st.dataframe(shown.rename(columns={
            "h": "h", "method": tr("grad.method"), "estimate": tr("grad.estimate"),
            "exact": tr("grad.exact"), "error": tr("grad.error_axis")}),
            hide_index=True, width="stretch")


def section_field() -> None:
    st.markdown(tr("grad.field_intro"))
    st.latex(r"f(x_0, x_1) = x_0^2 + x_1^2, \qquad "
             r"\nabla f = \left(\frac{\partial f}{\partial x_0},"
             r" \frac{\partial f}{\partial x_1}\right) = (2x_0,\ 2x_1)")
    rows = []
    for p in BOOK_POINTS:
        g = numerical_gradient(sum_of_squares, np.array(p))  # the book's call, live
        rows.append({tr("grad.col_point"): f"({p[0]:g}, {p[1]:g})",
                     tr("grad.col_numerical"): f"[{fmt(g[0], 10)}, {fmt(g[1], 10)}]",
                     tr("grad.col_exact"): f"[{2 * p[0]:g}, {2 * p[1]:g}]"})
    # The book's three points across the page: in a 2/5 column the table was cut at 1280 px.
    st.markdown(tr("grad.book_points"))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    left, right = st.columns([3, 2])
    with left:
        shared.altair(field_chart(shared.lang()))
        st.caption(tr("grad.field_caption"))
    with right:
        st.markdown(tr("grad.field_reading"))


def set_case(lr: float) -> None:
    """One click: the book's learning rate with the book's 100 steps."""
    st.session_state[LR] = lr
    st.session_state[STEPS] = 100


def section_descent() -> None:
    st.markdown(tr("grad.descent_intro"))
    st.latex(r"x_0 \leftarrow x_0 - \eta \frac{\partial f}{\partial x_0}, \qquad "
             r"x_1 \leftarrow x_1 - \eta \frac{\partial f}{\partial x_1}")
    st.caption(tr("grad.cases"))
    cols = st.columns(len(BOOK_CASES))
    for col, (lr, key) in zip(cols, BOOK_CASES):
        col.button(tr(key, lr=f"{lr:g}"), key=f"grad_case_{lr:g}", on_click=set_case, args=(lr,),
                   width="stretch")
    c1, c2 = st.columns([3, 2])
    lr = c1.select_slider(tr("grad.lr"), LR_OPTIONS, key=LR, format_func=lambda v: f"{v:g}",
                          help=tr("grad.lr_help"), persist_state="session")
    steps = c2.slider(tr("grad.steps"), 1, STEPS_MAX, key=STEPS, help=tr("grad.steps_help"),
                      persist_state="session")

    run = descent(float(lr), int(steps))
    x0, x1 = (float(v) for v in run.end)
    m1, m2, m3 = shared.metric_row(3)
    m1.metric(tr("grad.end_x0"), fmt(x0))
    m2.metric(tr("grad.end_x1"), fmt(x1))
    m3.metric(tr("grad.end_f"), fmt(float(run.path["f"].iloc[-1])))
    status = {"converged": st.success, "diverged": st.error, "stalled": st.warning,
              "oscillating": st.warning, "moving": st.info}[run.status]
    status(tr(f"grad.status.{run.status}", lr=f"{lr:g}", steps=steps,
              magnitude=f"{run.magnitude:.3e}", moved=f"{run.moved:.2e}",
              f_end=fmt(float(run.path["f"].iloc[-1]), 4)))
    left, right = st.columns([3, 2])
    with left:
        shared.altair(charts.descent_path_chart(contour(), run.path, {
            "title": tr("grad.path_title", lr=f"{lr:g}", steps=steps), "x0": "x₀", "x1": "x₁",
            "f": "f(x₀, x₁)", "step": tr("grad.step"), "start": tr("grad.start"),
            "minimum": tr("grad.minimum"), "point": tr("grad.point_kind")},
            extent=CONTOUR_EXTENT))
    with right:
        shared.altair(charts.descent_progress_chart(run.path, {
            "title": tr("grad.progress_title"), "x": tr("grad.step"),
            "y": tr("grad.distance"), "f": "f(x₀, x₁)"}))
        st.caption(tr("grad.progress_caption"))
        if run.frozen_at is not None:
            st.info(frozen_note(run, float(lr)), icon="🧊")


def frozen_note(run, lr: float) -> str:
    """Why the distance line ends flat: x + h == x in float64 (see core.calculus.frozen_step)."""
    return tr("grad.frozen", step=run.frozen_at, x=f"{run.magnitude:.2e}",
              spacing=f"{float(np.spacing(np.abs(run.end)).min()):.1e}",
              grad=f"{2 * run.magnitude:.1e}",  # |grad (x0² + x1²)| = 2|x|
              book=tr("grad.frozen_book") if lr == 10.0 else "")


# ---------------------------------------------------------------- the non-convex surface
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


def preset_claim(name: str) -> str:
    """What the preset shows, with its numbers from the run itself (tests hold the claims)."""
    preset = SURFACE_PRESETS[name]
    run = surface_run(preset.start, preset.lr, preset.steps)
    return tr(f"grad.trap.claim.{name}", start=coords(preset.start), lr=f"{preset.lr:g}",
              steps=preset.steps, later=preset.later, f=f"{float(run.path['f'].iloc[-1]):.3f}",
              n=run.saddle_steps, flat=f"{FLAT:g}", moved=f"{run.moved:.2f}",
              per_step=f"{run.moved / preset.steps:.4f}", drop=f"{run.f_drop:.4f}")


def section_traps() -> None:
    st.markdown(tr("grad.trap.intro"))
    st.latex(r"f(x_0, x_1) = 1 - e^{-g/2}, \qquad "
             r"g = \frac{x_0^4}{4} + \frac{x_0^3}{3} - x_0^2 + \frac{x_1^2}{2} + \frac{8}{3}")
    values = {k: float(non_convex(np.array(p))) for k, p in CRITICAL_POINTS.items()}
    st.caption(tr("grad.trap.formula_note", f_local=f"{values['local']:.3f}",
                  f_saddle=f"{values['saddle']:.3f}"))
    st.markdown(tr("grad.trap.presets"))
    for col, name in zip(st.columns(len(SURFACE_PRESETS)), SURFACE_PRESETS):
        col.button(tr(f"grad.trap.preset.{name}"), key=f"grad_trap_{name}", on_click=set_preset,
                   args=(name,), width="stretch")
        col.caption(preset_claim(name))

    c1, c2, c3, c4 = st.columns([3, 3, 2, 2])
    lr = c1.select_slider(tr("grad.trap.lr"), LR_OPTIONS, key=TRAP_LR,
                          format_func=lambda v: f"{v:g}", help=tr("grad.lr_help"),
                          persist_state="session")
    steps = c2.slider(tr("grad.trap.steps"), 1, STEPS_MAX, key=TRAP_STEPS,
                      help=tr("grad.steps_help"), persist_state="session")
    start_help = tr("grad.trap.start_help", extent=f"{TRAP_EXTENT:g}")
    x0 = c3.number_input(tr("grad.trap.x0"), -TRAP_EXTENT, TRAP_EXTENT, step=0.25, key=TRAP_X0,
                         format="%.2f", help=start_help, persist_state="session")
    x1 = c4.number_input(tr("grad.trap.x1"), -TRAP_EXTENT, TRAP_EXTENT, step=0.25, key=TRAP_X1,
                         format="%.2f", help=start_help, persist_state="session")

    start = (float(x0), float(x1))
    run = surface_run(start, float(lr), int(steps))
    end_f, end_grad = float(run.path["f"].iloc[-1]), float(run.path["grad_norm"].iloc[-1])
    m1, m2, m3, m4 = shared.metric_row(4)
    m1.metric(tr("grad.end_x0"), fmt(float(run.end[0]), 6))
    m2.metric(tr("grad.end_x1"), fmt(float(run.end[1]), 6))
    m3.metric(tr("grad.end_f"), fmt(end_f, 6))
    m4.metric(tr("grad.trap.grad_end"), f"{end_grad:.2e}")
    say = {"global": st.success, "local": st.warning, "saddle": st.warning,
           "plateau": st.warning, "moving": st.info, "left": st.error}[run.outcome]
    say(tr(f"grad.trap.outcome.{run.outcome}", f=fmt(end_f, 4), grad=f"{end_grad:.1e}",
           n=run.saddle_steps, steps=steps, moved=f"{run.moved:.3g}",
           drop=f"{run.f_drop:.2e}", lr=f"{lr:g}", x0=fmt(float(run.end[0]), 4),
           x1=fmt(float(run.end[1]), 4)))

    kinds = {"global": tr("grad.trap.global"), "local": tr("grad.trap.local"),
             "saddle": tr("grad.trap.saddle")}
    landmarks = pd.DataFrame([{"x0": start[0], "x1": start[1], "kind": tr("grad.trap.start")}]
                             + [{"x0": p[0], "x1": p[1], "kind": kinds[k]}
                                for k, p in CRITICAL_POINTS.items()])
    labels = {"x0": "x₀", "x1": "x₁", "f": "f(x₀, x₁)", "step": tr("grad.step"),
              "point": tr("grad.point_kind"), "grad_norm": tr("grad.trap.grad_norm")}
    left, right = st.columns([3, 2])
    with left:
        shared.altair(charts.descent_path_chart(surface_cells(), run.path, {
            **labels, "title": tr("grad.trap.path_title", lr=f"{lr:g}", steps=steps)},
            extent=TRAP_EXTENT, landmarks=landmarks))
    with right:
        shared.altair(charts.descent_progress_chart(run.path, {
            "title": tr("grad.trap.progress_title"), "x": tr("grad.step"),
            "y": tr("grad.trap.grad_norm"), "f": "f(x₀, x₁)"}, field="grad_norm"))
        st.caption(tr("grad.trap.progress_caption"))


def section_check() -> None:
    st.markdown(tr("grad.check_intro"))
    data = shared.current_dataset()
    if data is None:
        return
    c1, c2, c3, c4 = st.columns(4)
    hidden = c1.select_slider(tr("grad.hidden"), HIDDEN_OPTIONS, key=HIDDEN, value=10,
                              persist_state="session")
    activation = c2.selectbox(tr("grad.activation"), ACTIVATIONS, key=ACTIVATION,
                              persist_state="session")
    inits = {k: tr(f"grad.init.{k}") for k in INITS}
    init = shared.localized(c3.selectbox, tr("grad.init"), INITS, key=INIT, format_func=inits.get)
    n_check = c4.slider(tr("grad.n_check"), 10, 200, value=60, step=10, key=N_CHECK,
                        persist_state="session")
    check = network_check(fingerprint(data), int(hidden), activation, init, int(n_check),
                          shared.seed(), _dataset=data)
    st.caption(tr("grad.check_setup", inputs=data.n_features, hidden=hidden,
                  outputs=data.n_classes, n_total=f"{check.n_total:,}", batch=CHECK_BATCH,
                  n=check.n_checked))
    m1, m2, m3, m4 = shared.metric_row(4)
    m1.metric(tr("grad.max_abs"), f"{check.max_abs_diff:.2e}")
    m2.metric(tr("grad.max_rel"), f"{check.max_rel_diff:.2e}")
    m3.metric(tr("grad.time_backprop"), f"{check.seconds_backprop * 1e3:.3f} ms",
              help=tr("grad.time_backprop_help", n_total=f"{check.n_total:,}"))
    m4.metric(tr("grad.time_numerical"), f"{check.seconds_numerical * 1e3:.1f} ms",
              help=tr("grad.time_numerical_help", n=check.n_checked))
    verdict = st.success if check.max_rel_diff < 1e-4 else st.warning
    verdict(tr("grad.check_ok" if check.max_rel_diff < 1e-4 else "grad.check_bad",
               rel=f"{check.max_rel_diff:.1e}"))
    st.markdown(tr("grad.speed", n_total=f"{check.n_total:,}",
                   all_ms=f"{check.seconds_numerical_all * 1e3:,.0f}",
                   bp_ms=f"{check.seconds_backprop * 1e3:.3f}", ratio=f"{check.ratio:,.0f}"))
    # The per-array summary across the page: in a 2/5 column it was cut at 1280 px.
    summary = summarise_check(check).rename(columns={
        "param": tr("grad.param"), "checked": tr("grad.checked"),
        "mean_abs_diff": tr("grad.mean_abs"), "max_rel_diff": tr("grad.max_rel_short")})
    sci = st.column_config.NumberColumn(format="%.1e")
    st.dataframe(summary, hide_index=True, width="stretch",
                 column_config={tr("grad.mean_abs"): sci, tr("grad.max_rel_short"): sci})
    left, right = st.columns([3, 2])
    with left:
        shared.altair(charts.gradient_check_chart(check.table, {
            "title": tr("grad.check_title"), "x": tr("grad.backprop"),
            "y": tr("grad.numerical"), "param": tr("grad.param"), "index": tr("grad.index"),
            "abs_diff": tr("grad.abs_diff")}))
    with right:
        st.caption(tr("grad.check_caption"))
    with st.expander(tr("grad.check_table")):
        st.dataframe(check.table.rename(columns={
            "param": tr("grad.param"), "index": tr("grad.index"),
            "numerical": tr("grad.numerical"), "backprop": tr("grad.backprop"),
            "abs_diff": tr("grad.abs_diff"), "rel_diff": tr("grad.rel_diff")}),
            hide_index=True, width="stretch", column_config={
                tr(k): st.column_config.NumberColumn(format="%.3e") for k in (
                    "grad.numerical", "grad.backprop", "grad.abs_diff", "grad.rel_diff")})


@st.fragment
def differentiation_fragment() -> None:
    shared.guarded(section_differentiation)
    shared.write_url(PARAMS)


@st.fragment
def field_fragment() -> None:
    shared.guarded(section_field)


@st.fragment
def descent_fragment() -> None:
    shared.guarded(section_descent)
    shared.write_url(PARAMS)


@st.fragment
def traps_fragment() -> None:
    shared.guarded(section_traps)
    shared.write_url(PARAMS)


@st.fragment
def check_fragment() -> None:
    shared.guarded(section_check)


def draw() -> None:
    init_settings()
    st.title(tr("grad.title"))
    st.caption(tr("grad.subtitle"))
    tabs = st.tabs([tr("grad.tab.diff"), tr("grad.tab.field"), tr("grad.tab.descent"),
                    tr("grad.tab.traps"), tr("grad.tab.check")])
    # Each tab is a fragment: moving a slider reruns only its own tab, and an error in one
    # tab leaves the others on screen.
    for tab, fragment in zip(tabs, (differentiation_fragment, field_fragment, descent_fragment,
                                    traps_fragment, check_fragment)):
        with tab:
            fragment()
    st.divider()
    st.page_link("pages/training_lab.py", label=tr("grad.to_lab"), icon="🧪")



if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(draw)
