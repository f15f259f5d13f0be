"""The training lab: set the knobs, press Train, watch the loss, gradient and accuracy move.

UI only: widgets -> one config dict -> core.training.build_trainer -> a Trainer kept in this
session's state. Training advances inside a fragment that reruns on a timer while a run is
going, a bounded slice of time per tick, so the page stays responsive.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.charts import training as charts
from core.charts.labels import labels_for
from core.charts.spec import spec_dicts
from core.charts.theme import FIT_WIDTH
from core.compare import changed_weights
from core.diagnosis import diagnose_trainer, learned_nothing
from core.errors import LearningError
from core.history import downsample_index, history_with_evaluations, smoothing_span
from core.i18n import t
from core.presets import preset_for
from core.training import DEFAULT_CONFIG, LIMITS, build_trainer, validate_config
from pages import shared

# ---------------------------------------------------------------- settings
P = "lab_"  # prefix of this page's session-state keys and URL parameters
LOSSES = ("cross_entropy", "mse")
ACTIVATIONS = ("step", "sigmoid", "relu", "tanh")
INITS = ("std", "xavier", "he")
OPTIMIZERS = ("sgd", "momentum", "adam")
SAMPLINGS = ("replacement", "shuffle")
# 1-2-5 steps per decade from 1e-4 to 1000 (the engine's ceiling): a log scale one click apart.
LR_PRESETS: tuple[float, ...] = tuple(
    float(f"{m}e{e}") for e in range(-4, 3) for m in (1, 2, 5)) + (1000.0,)
BATCH_PRESETS = (1, 10, 100, 1000)
ALL = "all"
TRAIN_SIZES: tuple[Any, ...] = (50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, ALL)
TARGET_ITERATIONS = 2000  # the automatic number of epochs aims at about this many iterations
MAX_SEED = shared.MAX_SEED

# ---------------------------------------------------------------- live training
TICK_SECONDS = 0.4  # the fragment reruns this often while training: >= 2 chart refreshes/s
STEP_BUDGET = 0.36  # seconds of training between two redraws of the charts (a redraw: ~20 ms)
LIVE_POINTS = 600  # points per series sent per refresh (about one per pixel of a chart)
LIVE_EVALS = 300  # per-epoch evaluations drawn (a 1,000-epoch run is thinned evenly)
MARKED_EVALS = 60  # up to this many evaluations, each gets a dot on its curve
LOOP_SECONDS = 8.0  # a timer rerun trains and redraws for at most this long, then yields
RUN = "_lab_run"
FOLLOW = "_lab_follow"  # settings still following their automatic value (seed, epochs)
SAVED = "_lab_saved"  # widget values survive a visit to another page
STORE = "_lab_store"  # finished runs for comparison (core.compare.RunStore)
QUEUE = "_lab_queue"  # the runs of a key experiment still to train: [(config, dataset)]
SELECTED = "_lab_compare"  # run ids picked for the comparison
EXPERIMENT = "_lab_experiment"  # (experiment id, its run ids): the last key experiment started
AUTO_KEYS = (f"{P}seed", f"{P}epochs")
CLAMPED = "_lab_batch_clamped"  # a batch size larger than the training data, just reduced
BOUNDARY_EVERY = 3  # live ticks between decision-boundary refreshes (a lower rate than the curves)
BOUNDARY_RESOLUTION = 80


def params(auto_epochs: int | None, sidebar_seed: int | None) -> list[shared.Param]:
    """The lab's URL-bound settings (URL key == session key)."""
    d = DEFAULT_CONFIG
    return [
        shared.Param(f"{P}loss", d["loss"], "choice", options=LOSSES),
        shared.Param(f"{P}act", d["activation"], "choice", options=ACTIVATIONS),
        shared.Param(f"{P}batch", d["batch_size"], "int", lo=1, hi=LIMITS["batch_size"][1]),
        shared.Param(f"{P}lr", d["learning_rate"], "log", lo=LR_PRESETS[0], hi=LR_PRESETS[-1]),
        shared.Param(f"{P}layers", d["hidden_layers"], "int", lo=1, hi=3),
        shared.Param(f"{P}units", d["hidden_size"], "int", lo=1, hi=LIMITS["hidden_size"][1]),
        shared.Param(f"{P}init", d["weight_init"], "choice", options=INITS),
        shared.Param(f"{P}opt", d["optimizer"], "choice", options=OPTIMIZERS),
        shared.Param(f"{P}epochs", auto_epochs, "int", lo=1, hi=LIMITS["epochs"][1]),
        shared.Param(f"{P}sampling", d["sampling"], "choice", options=SAMPLINGS),
        shared.Param(f"{P}train", ALL, "choice", options=TRAIN_SIZES),
        shared.Param(f"{P}seed", sidebar_seed, "int", lo=0, hi=MAX_SEED),
        shared.Param(f"{P}log", False, "bool"),
    ]


def snap_lr(value: float) -> float:
    """The preset nearest to `value` on a log scale."""
    logs = np.log10(LR_PRESETS)
    return LR_PRESETS[int(np.argmin(np.abs(logs - math.log10(max(value, 1e-12)))))]


def fmt_lr(value: float) -> str:
    return f"{value:g}"


def auto_epochs(n_used: int, batch: int) -> int:
    """Epochs that make about TARGET_ITERATIONS iterations (an epoch = ceil(n / batch))."""
    per_epoch = math.ceil(n_used / max(1, min(batch, n_used)))
    lo, hi = LIMITS["epochs"]
    return int(min(max(math.ceil(TARGET_ITERATIONS / per_epoch), lo), hi))


def used_train_size(choice: Any, n_train: int) -> int:
    return n_train if choice == ALL else min(int(choice), n_train)


# ---------------------------------------------------------------- state before widgets
def prepare_state(dataset) -> int:
    """URL -> session (first visit), restore after other pages, clamp to this data set.

    Returns the number of training rows the run will use.
    """
    s = st.session_state
    first = FOLLOW not in s
    shared.read_url_once(params(None, None), "lab")
    for key, value in s.get(SAVED, {}).items():
        s.setdefault(key, value)
    if first:
        # A setting absent from the link (or invalid there) follows its automatic value.
        s[FOLLOW] = {k for k in AUTO_KEYS if s.get(k) is None}
        for k in AUTO_KEYS:
            if s.get(k) is None:
                s.pop(k, None)
        lr = s.get(f"{P}lr")
        if lr is not None and float(lr) not in LR_PRESETS:
            s[f"{P}lr"] = snap_lr(float(lr))
            s.setdefault(shared.NOTICES, []).append(f"{P}lr")
    for p in params(DEFAULT_CONFIG["epochs"], 0):
        if p.key not in AUTO_KEYS:
            s.setdefault(p.key, p.default)
    # Sizes that depend on the data set.
    sizes = train_size_options(dataset.n_train)
    if s[f"{P}train"] not in sizes:
        s[f"{P}train"] = ALL
    n_used = used_train_size(s[f"{P}train"], dataset.n_train)
    if int(s[f"{P}batch"]) > n_used:  # from a link, or a larger data set chosen before
        s[CLAMPED] = int(s[f"{P}batch"])
    s[f"{P}batch"] = int(min(max(int(s[f"{P}batch"]), 1), n_used))
    if f"{P}seed" in s[FOLLOW] or f"{P}seed" not in s:
        s[f"{P}seed"] = shared.seed()
    if f"{P}epochs" in s[FOLLOW] or f"{P}epochs" not in s:
        s[f"{P}epochs"] = auto_epochs(n_used, s[f"{P}batch"])
    pick = ALL if s[f"{P}batch"] == n_used else s[f"{P}batch"]
    s[f"_{P}batch_pick"] = pick if pick in batch_options(n_used) else None
    return n_used


def train_size_options(n_train: int) -> list[Any]:
    return [v for v in TRAIN_SIZES if v == ALL or v < n_train]


def batch_options(n_used: int) -> list[Any]:
    return [b for b in BATCH_PRESETS if b < n_used] + [ALL]


def _unfollow(key: str) -> None:
    st.session_state.setdefault(FOLLOW, set()).discard(key)


def _pick_batch(n_used: int) -> None:
    pick = st.session_state.get(f"_{P}batch_pick")
    if pick is not None:
        st.session_state[f"{P}batch"] = n_used if pick == ALL else int(pick)


def save_state() -> None:
    st.session_state[SAVED] = {p.key: st.session_state.get(p.key) for p in params(None, None)}


# ---------------------------------------------------------------- controls
def options_in(prefix: str, lang: str):
    """format_func for option labels, bound to the language now (it may be called later)."""
    return lambda v: t(f"{prefix}.{v}", lang)


def select_slider(label: str, options: list[Any], *, key: str, format_func, **kwargs: Any) -> Any:
    """A select_slider whose labels follow the language, like shared.select for selectboxes.

    The browser sends back the *label* of the choice; after a language switch the old label
    would match nothing and the slider would jump to its first option. One widget per
    language avoids that; `key` in session_state holds the value the page and the URL read.
    """
    s = st.session_state
    wkey = shared.widget_key(key)
    if s.get(key) in options:
        s[wkey] = s[key]

    def keep() -> None:
        s[key] = s[wkey]

    value = st.select_slider(label, options, key=wkey, on_change=keep, format_func=format_func,
                             **kwargs)
    s[key] = value
    return value


def draw_controls(dataset, n_used: int) -> None:
    tr, lang = shared.tr, shared.lang()
    all_train = t("lab.all", lang, n=dataset.n_train)
    all_batch = t("lab.batch_all", lang)
    # At presentation size the choices in the first column need more room ("SGD（书中的" cut).
    left, middle, right = (st.columns([4, 3, 3], gap="small") if shared.presentation()
                           else st.columns(3, gap="large"))
    with left:
        st.radio(tr("lab.loss"), LOSSES, key=f"{P}loss", horizontal=True,
                 format_func=options_in("lab.loss", lang), help=tr("lab.loss_help"))
        st.radio(tr("lab.activation"), ACTIVATIONS, key=f"{P}act", horizontal=True,
                 format_func=options_in("lab.act", lang), help=tr("lab.activation_help"))
        # shared.select: one widget per language, so a language switch relabels the choice.
        shared.select(st, tr("lab.init"), INITS, key=f"{P}init",
                      format_func=options_in("lab.init", lang), help=tr("lab.init_help"))
        shared.select(st, tr("lab.optimizer"), OPTIMIZERS, key=f"{P}opt",
                      format_func=options_in("lab.opt", lang), help=tr("lab.optimizer_help"))
    with middle:
        st.number_input(tr("lab.batch"), 1, n_used, step=1, key=f"{P}batch",
                        help=tr("lab.batch_help", n=n_used))
        # wrap: directly in a column the presets would scroll sideways and hide "all"
        st.pills(tr("lab.batch_presets"), batch_options(n_used), key=f"_{P}batch_pick",
                 on_change=_pick_batch, args=(n_used,), label_visibility="collapsed", wrap=True,
                 format_func=lambda v: all_batch if v == ALL else f"{v:,}")
        if CLAMPED in st.session_state:  # said once, where the batch size is set
            st.caption(tr("engine.note.batch_clamped", requested=f"{st.session_state.pop(CLAMPED):,}",
                          used=f"{n_used:,}"))
        st.select_slider(tr("lab.lr"), LR_PRESETS, key=f"{P}lr", format_func=fmt_lr,
                         help=tr("lab.lr_help"))
        st.radio(tr("lab.sampling"), SAMPLINGS, key=f"{P}sampling",
                 format_func=options_in("lab.sampling", lang), help=tr("lab.sampling_help"))
    with right:
        a, b = st.columns(2)
        a.number_input(tr("lab.layers"), 1, 3, step=1, key=f"{P}layers")
        b.number_input(tr("lab.units"), 1, int(LIMITS["hidden_size"][1]), step=1,
                       key=f"{P}units", help=tr("lab.units_help"))
        s = st.session_state
        per_epoch = math.ceil(n_used / s[f"{P}batch"])
        a.number_input(tr("lab.epochs"), 1, int(LIMITS["epochs"][1]), step=1, key=f"{P}epochs",
                       on_change=_unfollow, args=(f"{P}epochs",),
                       help=tr("lab.epochs_help", target=TARGET_ITERATIONS))
        b.number_input(tr("lab.seed"), 0, MAX_SEED, step=1, key=f"{P}seed",
                       on_change=_unfollow, args=(f"{P}seed",), help=tr("lab.seed_help"))
        select_slider(tr("lab.train_size"), train_size_options(dataset.n_train),
                      key=f"{P}train", help=tr("lab.train_size_help"),
                      format_func=lambda v: all_train if v == ALL else f"{v:,}")
        st.caption(tr("lab.length", per_epoch=per_epoch, epochs=s[f"{P}epochs"],
                      total=per_epoch * s[f"{P}epochs"], n=n_used))


def lab_config() -> dict[str, Any]:
    """The one config dict the engine gets (core.training.validate_config checks it)."""
    s = st.session_state
    return {
        "dataset": s.get(shared.DATASET, "digits"),
        "loss": s[f"{P}loss"],
        "activation": s[f"{P}act"],
        "batch_size": int(s[f"{P}batch"]),
        "learning_rate": float(s[f"{P}lr"]),
        "hidden_layers": int(s[f"{P}layers"]),
        "hidden_size": int(s[f"{P}units"]),
        "weight_init": s[f"{P}init"],
        "optimizer": s[f"{P}opt"],
        "epochs": int(s[f"{P}epochs"]),
        "sampling": s[f"{P}sampling"],
        "train_size": None if s[f"{P}train"] == ALL else int(s[f"{P}train"]),
        "seed": int(s[f"{P}seed"]),
    }


# ---------------------------------------------------------------- runs
def new_run(config: dict[str, Any], dataset) -> dict[str, Any]:
    """A fresh run: trainer, column store of its iterations, and the initial W1 (step note)."""
    trainer = build_trainer(config, dataset)
    return {
        "trainer": trainer,
        "config": {k: v for k, v in trainer.config.items() if k != "notes"},
        "notes": list(trainer.config.get("notes", [])),
        "status": "paused",
        "stop_at": None,
        "w1_init": trainer.network.params["W1"].copy(),
        "active": 0.0,  # wall seconds while running, ticks and the gaps between them
        "step_seconds": 0.0,  # of which inside Trainer.step (active - step_seconds = overhead)
        "last_tick": None,
        "ticks": 0,
        "stored": False,
    }


def current_run() -> dict[str, Any] | None:
    return st.session_state.get(RUN)


def is_running() -> bool:
    run = current_run()
    return bool(run and run["status"] == "running")


def start(dataset, *, epoch_only: bool = False, config: dict[str, Any] | None = None) -> None:
    """Start a run of `config` (default: the settings); epoch_only continues a paused run."""
    run = current_run()
    if run is None or not epoch_only or run["trainer"].done:
        run = new_run(lab_config() if config is None else config, dataset)
        st.session_state[RUN] = run
    trainer = run["trainer"]
    if epoch_only:
        ipe = trainer.iters_per_epoch
        target = (trainer.iteration // ipe + 1) * ipe
        run["stop_at"] = min(target, trainer.max_iterations or target)
    else:
        run["stop_at"] = None
    run["status"] = "running"
    run["last_tick"] = None


def advance(run: dict[str, Any], budget: float) -> None:
    """Train for about `budget` seconds in chunks sized from the measured time per iteration."""
    trainer = run["trainer"]
    t0 = time.perf_counter()
    if run["last_tick"] is not None:
        # Count the gap since the last tick (drawing, network, timer) as training time too,
        # so samples/s is what the user really gets; a long gap means the page was paused.
        run["active"] += min(t0 - run["last_tick"], 2 * TICK_SECONDS)
    per_iter = run.get("per_iter", 0.0)
    while not trainer.done:
        left = budget - (time.perf_counter() - t0)
        if left <= 0:
            break
        # Chunks of about half the time left: the budget is checked often, so a machine that
        # suddenly gets slower (other users, other processes) delays a redraw only a little.
        k = 1 if per_iter <= 0 else max(1, int(left / per_iter * 0.5))
        if run["stop_at"] is not None:
            k = min(k, run["stop_at"] - trainer.iteration)
            if k <= 0:
                break
        t1 = time.perf_counter()
        records = trainer.step(k)
        elapsed = time.perf_counter() - t1
        run["step_seconds"] += elapsed
        if records:
            # Evaluations at epoch ends make some chunks slower: keep the larger recent estimate.
            per_iter = max(elapsed / len(records), 0.7 * per_iter)
    run["per_iter"] = per_iter
    now = time.perf_counter()
    run["active"] += now - t0
    run["last_tick"] = now
    run["ticks"] += 1
    if trainer.done:
        run["status"] = "finished"
    elif run["stop_at"] is not None and trainer.iteration >= run["stop_at"]:
        run["status"] = "paused"
        run["stop_at"] = None


def store_finished(run: dict[str, Any]) -> None:
    """Keep a finished run for comparison (once)."""
    if run["stored"]:
        return
    run["stored"] = True
    run_store().add_trainer(run["trainer"], run["config"], run["w1_init"])


# ---------------------------------------------------------------- drawing
# Each live chart's named data sets (the spec is built once per language/scale, see templates).
CHART_DATA = {"loss": ("lab_loss", "lab_loss_hover", "lab_loss_marks"),
              "acc": ("lab_acc_wide", "lab_acc_long"),
              "grad": ("lab_grad", "lab_grad_hover"), "hist": ("lab_hist",)}
# The columns each data set's layers read (encodings, tooltips): only these are sent live.
LIVE_COLUMNS = {
    "lab_loss": ("iteration", "value", "series"),
    "lab_loss_hover": ("iteration", "epoch", "value", "series"),
    "lab_loss_marks": ("iteration", "value", "series"),
    "lab_acc_wide": ("epoch", "train_acc", "test_acc", "gap", "series"),
    "lab_acc_long": ("epoch", "accuracy", "series"),
    "lab_grad": ("iteration", "shown", "series"),
    "lab_grad_hover": ("iteration", "shown", "norm", "series"),
    "lab_hist": ("bin_start", "bin_end", "count"),
}
EVAL_KEYS = ("iteration", "epoch", "train_loss", "train_acc", "test_loss", "test_acc")


def evaluation_columns(evaluations: list[dict[str, float]],
                       max_points: int) -> dict[str, np.ndarray]:
    """The per-epoch evaluations as arrays, at most max_points of them (evenly thinned)."""
    idx = downsample_index(len(evaluations), max_points) if evaluations else []
    rows = [evaluations[i] for i in idx]
    return {key: np.array([row[key] for row in rows], dtype=np.float64) for key in EVAL_KEYS}


def _take(columns: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {key: value[mask] for key, value in columns.items()}


def chart_data(run: dict[str, Any], lang: str) -> dict[str, dict[str, np.ndarray]]:
    """The columns the live charts draw: LIVE_POINTS per series, LIVE_EVALS evaluations at most.

    NumPy only: this runs on every refresh, between two slices of training.
    """
    trainer = run["trainer"]
    buffer = trainer.history  # the run's one store of its iterations
    evals = evaluation_columns(trainer.evaluations, LIVE_EVALS)
    steps = buffer.loss_columns(smoothing_span(trainer.iters_per_epoch), LIVE_POINTS)
    first = trainer.last_grads.get("W1", np.zeros_like(run["w1_init"]))
    wide, long = charts.accuracy_columns(evals, labels_for("lab.accuracy", lang))
    loss = charts.loss_columns(steps, evals, labels_for("lab.loss", lang))
    grad = charts.gradient_columns(buffer.gradient_columns(LIVE_POINTS), labels_for("lab.gradient", lang))
    evaluated = np.isin(loss["series"], [t("lab.chart.train", lang), t("lab.chart.test", lang)])
    hist = charts.histogram_frame(first)
    return {"lab_loss": loss, "lab_loss_hover": _take(loss, loss["hover"]),
            "lab_loss_marks": _take(loss, evaluated),
            "lab_acc_wide": wide, "lab_acc_long": long,
            "lab_grad": grad, "lab_grad_hover": _take(grad, grad["hover"]),
            "lab_hist": {key: hist[key].to_numpy() for key in hist.columns}}


def chart_frames(data: dict[str, dict[str, np.ndarray]]) -> dict[str, pd.DataFrame]:
    """chart_data as DataFrames with every column (for Altair charts built with their rows)."""
    return {name: pd.DataFrame(columns) for name, columns in data.items()}


def arrow_tables(data: dict[str, dict[str, np.ndarray]]) -> dict[str, Any]:
    """chart_data as Arrow tables of the columns the charts read, ready for the browser.

    Arrow is how Streamlit sends chart data anyway (pyarrow comes with it). Built from the
    arrays directly: pandas' conversion starts a thread pool for every frame of a few hundred
    rows, which costs more than the conversion and waits for the GIL while the server is busy.
    """
    import pyarrow as pa

    def column(values: np.ndarray):
        return pa.array(values, from_pandas=True)  # NaN -> null, as pandas' conversion does

    return {name: pa.table({key: column(data[name][key]) for key in LIVE_COLUMNS[name]})
            for name in data}


def build_charts(data: dict[str, Any], lang: str, log_scale: bool, n_layers: int,
                 points: bool = True) -> dict[str, Any]:
    """Altair charts over `data`: DataFrames, or alt.NamedData for a reusable template."""
    return {
        "loss": charts.loss_chart(data["lab_loss"], labels_for("lab.loss", lang), log_scale=log_scale,
                                  points=points, hover=data["lab_loss_hover"],
                                  marks=data["lab_loss_marks"]),
        "acc": charts.accuracy_chart(data["lab_acc_wide"], data["lab_acc_long"],
                                     labels_for("lab.accuracy", lang), points=points),
        "grad": charts.gradient_norm_chart(data["lab_grad"], labels_for("lab.gradient", lang), n_layers,
                                           hover=data["lab_grad_hover"]),
        "hist": charts.gradient_histogram(data["lab_hist"], labels_for("lab.histogram", lang)),
    }


@st.cache_data(max_entries=64, show_spinner=False)
def chart_templates(lang: str, log_scale: bool, n_layers: int, present: bool,
                    points: bool) -> dict[str, dict]:
    """Vega-Lite specs of the live charts without their rows, built once.

    Building an Altair chart costs tens of milliseconds; on every refresh only the rows
    change, so the page fills these templates instead.
    """
    from core.charts.theme import presentation_config

    names = {name: alt.NamedData(name=name) for names in CHART_DATA.values() for name in names}
    built = build_charts(names, lang, log_scale, n_layers, points)
    # The same presentation styling pages.shared.altair applies to other pages' charts.
    # Not validated here (that is two thirds of the time, on a student's first refresh): the
    # tests validate every template (test_live_data_sets_carry_every_field_their_layers_read).
    specs = {kind: (presentation_config(chart) if present else chart).to_dict(validate=False)
             for kind, chart in built.items()}
    for spec in specs.values():
        spec["autosize"] = FIT_WIDTH  # plots of HEIGHT, level side by side
        # A canvas redraws a few thousand marks several times a second far faster than SVG.
        spec["usermeta"] = {"embedOptions": {"renderer": "canvas"}}
        # Per-point ARIA descriptions are SVG-only; on a canvas they are never shown, yet Vega
        # would format one for every point of every line on each refresh (by interpreter).
        spec.setdefault("config", {})["aria"] = False
        for node in spec_dicts(spec):
            data, legend = node.get("data"), node.get("legend")
            if isinstance(data, dict) and set(data) == {"name"}:
                # Rows arrive typed (Arrow numbers): without this, Vega-Lite adds a per-row
                # toNumber() that the browser re-evaluates for every row on each refresh.
                data["format"] = {"parse": None}
            if present and isinstance(legend, dict) and "columns" in legend:
                # Labels ~1.7x larger: even two per row were cut off at the edge of a
                # half-width chart at 1280 px ("测试数据"). Below the plot, extra rows cost
                # height only: the plots beside each other stay level.
                legend["columns"] = 1
    return specs


def draw_chart(template: dict, data: dict[str, Any], kind: str) -> None:
    spec = dict(template)
    spec["datasets"] = {name: data[name] for name in CHART_DATA[kind]}
    # No key: a timer rerun redraws the same chart several times (keys must be unique per run).
    st.vega_lite_chart(spec=spec, width="stretch")


def draw_progress(run: dict[str, Any]) -> None:
    tr = shared.tr
    trainer = run["trainer"]
    total = trainer.max_iterations or max(trainer.iteration, 1)
    rate = trainer.iteration * trainer.batch_size / run["active"] if run["active"] > 0 else 0.0
    epochs = total / trainer.iters_per_epoch
    text = tr("lab.progress", it=f"{trainer.iteration:,}", total=f"{total:,}",
              epoch=f"{trainer.epoch:,.2f}",
              epochs=f"{epochs:,.0f}" if epochs == int(epochs) else f"{epochs:,.2f}",
              rate=f"{rate:,.0f}")
    st.progress(min(trainer.iteration / total, 1.0), text=text)
    st.caption(tr(f"lab.status.{status_of(run)}"))


def status_of(run: dict[str, Any]) -> str:
    if run["trainer"].stop_reason == "diverged":
        return "diverged"
    return run["status"]


def draw_metrics(run: dict[str, Any]) -> None:
    tr = shared.tr
    trainer = run["trainer"]
    last = trainer.evaluations[-1]
    first = trainer.evaluations[0]
    cols = shared.metric_row(5)
    cols[0].metric(tr("lab.metric.train_acc"), pct(last["train_acc"]),
                   delta=pct_delta(last["train_acc"] - first["train_acc"]))
    cols[1].metric(tr("lab.metric.test_acc"), pct(last["test_acc"]),
                   delta=pct_delta(last["test_acc"] - first["test_acc"]))
    # A gap between two chance-level accuracies is not over-fitting: show none (core.diagnosis).
    guessing = learned_nothing(findings_of(run))
    cols[2].metric(tr("lab.metric.gap"),
                   "–" if guessing else pct_delta(last["train_acc"] - last["test_acc"]),
                   help=tr("diag.gap_meaningless") if guessing else tr("lab.metric.gap_help"))
    cols[3].metric(tr("lab.metric.test_loss"), num(last["test_loss"]),
                   delta=num_delta(last["test_loss"] - first["test_loss"]), delta_color="inverse")
    loss = trainer.history[-1]["loss"] if trainer.history else float("nan")
    cols[4].metric(tr("lab.metric.batch_loss"), num(loss))


def pct(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:.1%}"


def pct_delta(value: float) -> str | None:
    return None if not math.isfinite(value) else f"{value * 100:+.1f} pp"


def num(value: float) -> str:
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else "∞"
    return f"{value:.4g}" if abs(value) >= 1e4 else f"{value:.4f}"


def num_delta(value: float) -> str | None:
    if not math.isfinite(value):
        return None
    return f"{value:+.4g}" if abs(value) >= 1e4 else f"{value:+.4f}"


def draw_charts(run: dict[str, Any]) -> None:
    templates = chart_templates(shared.lang(), bool(st.session_state.get(f"{P}log", False)),
                                len(run["config"]["hidden_sizes"]) + 1, shared.presentation(),
                                len(run["trainer"].evaluations) <= MARKED_EVALS)
    data = arrow_tables(chart_data(run, shared.lang()))
    for row in (("loss", "acc"), ("grad", "hist")):
        for column, kind in zip(st.columns(2), row):
            with column:
                draw_chart(templates[kind], data, kind)


def suggested_lr(lr: float) -> float:
    """A tenth of the diverging rate, as a preset (the largest preset <= lr / 10)."""
    below = [v for v in LR_PRESETS if v <= lr / 10 * (1 + 1e-9)]
    return below[-1] if below else LR_PRESETS[0]


def larger_lr(lr: float) -> float:
    """Ten times the rate, as a preset (the smallest preset >= 10 lr)."""
    above = [v for v in LR_PRESETS if v >= lr * 10 * (1 - 1e-9)]
    return above[0] if above else LR_PRESETS[-1]


def _use_lr(value: float) -> None:
    st.session_state[f"{P}lr"] = value


def use_preset(dataset_name: str) -> None:
    """Set the lab's controls to the settings that learn this data set (core.presets)."""
    preset = preset_for(dataset_name) or {}
    keys = {"activation": f"{P}act", "weight_init": f"{P}init", "optimizer": f"{P}opt",
            "learning_rate": f"{P}lr", "hidden_layers": f"{P}layers", "hidden_size": f"{P}units"}
    for name, key in keys.items():
        if name in preset:
            st.session_state[key] = preset[name]


def draw_preset(dataset_name: str) -> None:
    """The "settings that learn this" button, for the data sets the book's settings do not fit."""
    from core.presets import PROMISED_ACCURACY

    preset = preset_for(dataset_name)
    if preset is None:
        return
    promised = PROMISED_ACCURACY.get(dataset_name)
    help_text = (shared.tr("lab.preset.help", layers=preset["hidden_layers"],
                           units=preset["hidden_size"], acc=f"{100 * promised:.0f}")
                 if promised else shared.tr("lab.preset.help_csv", layers=preset["hidden_layers"],
                                            units=preset["hidden_size"]))
    st.button(shared.tr("lab.preset.button"), icon="🎯", key=f"_{P}preset", help=help_text,
              on_click=use_preset, args=(dataset_name,))
    st.caption(help_text)


def findings_of(run: dict[str, Any]) -> list:
    """core.diagnosis findings for the run, computed once per iteration count."""
    trainer = run["trainer"]
    cached = run.get("findings")
    if cached is None or cached[0] != trainer.iteration:
        cached = (trainer.iteration, diagnose_trainer(trainer))
        run["findings"] = cached
    return cached[1]


def draw_findings(run: dict[str, Any]) -> None:
    """Every way this run failed (core.diagnosis), with the reason and what to change."""
    tr, config = shared.tr, run["config"]
    lr = config["learning_rate"]
    for finding in findings_of(run):
        if finding.kind == "diverged":
            continue  # draw_diagnosis shows it at once, with its own button
        p = finding.params
        figures = {"start": f"{p['start']:.3g}", "end": f"{p['end']:.3g}",
                   "acc": f"{100 * p['test_acc']:.1f}", "chance": f"{100 * p['chance']:.1f}"}
        body = tr(f"diag.{finding.kind}", **figures, rises=f"{p.get('rises', 0):.3g}",
                  fall=f"{p.get('fall', 0):.3g}", n=f"{int(p.get('iterations', 0)):,}",
                  share=f"{p.get('share', 0):.0%}")
        fix, button = fix_for(finding, config)
        if finding.kind == "learned_nothing" and p.get("barely_moved"):
            body += " " + tr("diag.barely_moved", **figures)
        with st.container(border=True):
            st.markdown(body)
            if fix:
                st.markdown(fix)
            if button is not None and button != lr:
                st.button(tr("lab.use_lr", lr=fmt_lr(button)), on_click=_use_lr, args=(button,),
                          key=f"_{P}fix_{finding.kind}")


def fix_for(finding, config: dict[str, Any]) -> tuple[str, float | None]:
    """The advice for a finding and, where it is a learning rate, the rate to offer."""
    tr, lr = shared.tr, config["learning_rate"]
    if finding.kind in ("saturated", "oscillating"):
        return tr("diag.fix.smaller_lr", lr=fmt_lr(suggested_lr(lr))), suggested_lr(lr)
    if finding.kind == "plateau" or finding.params.get("barely_moved"):
        if preset_for(str(config.get("dataset"))) is not None:
            return tr("diag.fix.preset"), None
        return tr("diag.fix.larger_lr", lr=fmt_lr(larger_lr(lr))), larger_lr(lr)
    if preset_for(str(config.get("dataset"))) is not None:
        return tr("diag.fix.preset"), None
    return tr("diag.fix.other"), None


def draw_diagnosis(run: dict[str, Any]) -> None:
    """Divergence at once; after the run, every other failure; and the step function's stall."""
    tr = shared.tr
    trainer, config = run["trainer"], run["config"]
    if trainer.stop_reason == "diverged":
        lr = config["learning_rate"]
        suggestion = suggested_lr(lr)
        st.error(tr("lab.diverged", it=f"{trainer.iteration:,}", lr=fmt_lr(lr),
                    suggestion=fmt_lr(suggestion)), icon="💥")
        st.button(tr("lab.use_lr", lr=fmt_lr(suggestion)), on_click=_use_lr, args=(suggestion,),
                  key=f"_{P}use_lr")
    elif run["status"] == "finished":
        draw_findings(run)
    if config["activation"] == "step" and trainer.history:
        w1 = trainer.network.params["W1"]
        changed = changed_weights(run["w1_init"], w1)
        drift = float(np.max(np.abs(w1.astype(np.float64) - run["w1_init"])))
        grad = trainer.last_grads.get("W1")
        grad_norm = float(np.linalg.norm(grad)) if grad is not None else 0.0
        with st.container(border=True):
            st.markdown(tr("lab.step.title"))
            a, b, c = st.columns(3)
            a.metric(tr("lab.step.changed"), f"{changed:,} / {w1.size:,}")
            b.metric(tr("lab.step.drift"), f"{drift:.3g}")
            c.metric(tr("lab.step.grad"), f"{grad_norm:.3g}")
            st.markdown(tr("lab.step.explain"))
            st.page_link("pages/why_loss.py", label=tr("lab.step.link"), icon="🤔")


def tick(run: dict[str, Any]) -> None:
    """One slice of training; a run that just ended is kept for comparison and the next run
    of an experiment (if any) starts."""
    advance(run, STEP_BUDGET)
    if run["status"] == "finished":
        store_finished(run)
        queue = st.session_state.get(QUEUE)
        if queue:
            config, dataset = queue.pop(0)
            start(dataset, config=config)


def draw_live(run: dict[str, Any]) -> None:
    """Progress, notes, metric tiles, the live charts and (2-D data) the decision boundary."""
    draw_progress(run)
    for note in run["notes"]:
        st.caption(shared.tr(note["key"], **note.get("params", {})))
    draw_metrics(run)
    draw_charts(run)
    if is_two_dimensional(run):
        draw_boundary(run)


def live_panel(first_call: dict[str, bool]) -> None:
    """The live part of the page; on the fragment's timer reruns it also trains.

    A full page run trains one slice before it declares this fragment (so it knows whether
    the timer is still needed) and draws once. A timer rerun trains and redraws in a loop for
    up to LOOP_SECONDS (so the gap between timer ticks costs little training time), then
    returns; a click anywhere interrupts it at the next redraw. When the run ends in a timer
    rerun, the whole page reruns to stop the timer and show the after-training parts.
    """
    run = current_run()
    if run is None:
        st.info(shared.tr("lab.press_train"), icon="🧪")
        return
    slot = st.empty()
    if first_call.pop("full_run", False) or run["status"] != "running":
        with slot.container():
            draw_live(run)
    else:
        deadline = time.perf_counter() + LOOP_SECONDS
        while True:
            tick(run)
            run = current_run()  # an experiment may have moved on to its next run
            with slot.container():
                draw_live(run)
            if run["status"] != "running" or time.perf_counter() >= deadline:
                break
        if run["status"] != "running":
            st.rerun()


# ---------------------------------------------------------------- experiments and comparison
def run_store():
    from core.compare import RunStore

    store = st.session_state.get(STORE)
    if store is None:
        store = st.session_state[STORE] = RunStore()
    return store


def start_experiment(experiment: str, dataset) -> None:
    """Queue one of the lesson's key experiments (core.compare.EXPERIMENTS) and start its first run."""
    from core.compare import experiment_configs

    configs = experiment_configs(lab_config(), experiment, dataset.n_train)
    store = run_store()
    first_id = store.next_id()
    # The comparison shows exactly this experiment's runs once they are done.
    st.session_state[SELECTED] = list(range(first_id, first_id + len(configs)))
    st.session_state[EXPERIMENT] = (experiment, st.session_state[SELECTED])
    st.session_state[QUEUE] = [(config, dataset) for config in configs[1:]]
    start(dataset, config=configs[0])


def draw_experiments() -> None:
    from core.compare import EXPERIMENT_ITERATIONS, EXPERIMENT_MAX_EPOCHS, EXPERIMENTS

    tr = shared.tr
    st.subheader(tr("cmp.exp.heading"))
    st.caption(tr("cmp.exp.help", iterations=f"{EXPERIMENT_ITERATIONS:,}",
                  epochs=EXPERIMENT_MAX_EPOCHS))
    cols = st.columns(len(EXPERIMENTS))
    for col, experiment in zip(cols, EXPERIMENTS):
        with col:
            st.button(tr(f"cmp.exp.{experiment}"), key=f"_{P}exp_{experiment}", width="stretch",
                      on_click=_request, args=(f"exp:{experiment}",))
            st.caption(tr(f"cmp.exp.{experiment}_note"))
    queue = st.session_state.get(QUEUE)
    if queue and is_running():
        st.caption(tr("lab.exp_running", left=len(queue)))


def _pick_runs(key: str) -> None:
    st.session_state[SELECTED] = list(st.session_state.get(key) or [])


def _clear_runs() -> None:
    run_store().clear()
    st.session_state[SELECTED] = []


def draw_comparison() -> None:
    from core.charts import compare as cmp_charts
    from core.compare import MAX_RUNS, config_table, differing_labels, losses_differ, overlay_frame

    tr, lang = shared.tr, shared.lang()
    store = run_store()
    st.subheader(tr("cmp.heading"))
    records = store.list()
    if not records:
        st.info(tr("cmp.empty", n=MAX_RUNS))
        return
    ids = [r.run_id for r in records]
    all_labels = dict(zip(ids, differing_labels([r.config for r in records], lang)))
    wanted = st.session_state.get(SELECTED)
    chosen = [i for i in (ids[-4:] if wanted is None else wanted) if i in ids]
    # One widget per language (labels follow it); its value is reset when the runs change, so
    # the default (the newest runs) applies. A key that changed with every run kept each old
    # run's page alive in Streamlit's widget metadata (see TESTING.md, long sessions).
    key, seen = shared.widget_key(f"{P}pick"), f"_{P}pick_seen"
    if st.session_state.get(seen) != (ids, lang) or key not in st.session_state:
        st.session_state[key] = chosen
        st.session_state[seen] = (ids, lang)
    picked = st.multiselect(tr("cmp.select"), ids, key=key,
                            format_func=lambda i: f"#{i} · {all_labels[i]}",
                            on_change=_pick_runs, args=(key,))
    st.button(tr("cmp.clear"), key=f"_{P}clear_runs", on_click=_clear_runs)
    selected = [store.get(i) for i in picked if store.get(i) is not None]
    if not selected:
        return
    labels = differing_labels([r.config for r in selected], lang)
    log_scale = bool(st.session_state.get(f"{P}log", False))
    left, right = st.columns(2)
    with left:
        shared.altair(cmp_charts.loss_overlay(overlay_frame(selected, labels, "loss"),
                                              cmp_charts.labels_for("loss", lang),
                                              log_scale=log_scale,
                                              relative=losses_differ(selected)),
                      key=f"{P}cmp_loss")
    with right:
        shared.altair(cmp_charts.accuracy_overlay(overlay_frame(selected, labels, "accuracy"),
                                                  cmp_charts.labels_for("accuracy", lang)),
                      key=f"{P}cmp_acc")
    gradients = overlay_frame(selected, labels, "gradient")
    layers = sorted(set(gradients["layer"])) if "layer" in gradients else []
    # Layer by layer, side by side: the step function's first layer lies on 0 in its own plot.
    for column, layer in zip(st.columns(max(1, min(len(layers), 3))), layers[:3]):
        with column:
            shared.altair(cmp_charts.gradient_overlay(
                gradients, cmp_charts.labels_for("gradient", lang), int(layer)),
                key=f"{P}cmp_grad{layer}")
    st.dataframe(config_table(selected, labels, lang), hide_index=True, width="stretch")
    draw_summary([r.run_id for r in selected], selected, labels)


def draw_summary(ids: list[int], records: list, labels: list[str]) -> None:
    """What the key experiment whose runs are shown proved, in figures (core.compare)."""
    from core.compare import experiment_summary

    experiment = st.session_state.get(EXPERIMENT)
    if not experiment or list(experiment[1]) != ids:
        return
    lines = experiment_summary(experiment[0], records, labels, shared.lang())
    if lines:
        st.markdown(f"**{shared.tr('cmp.sum.heading')}**")
        st.markdown("\n".join(f"- {line}" for line in lines))


# ---------------------------------------------------------------- after training
def probabilities_on_test(run: dict[str, Any]) -> np.ndarray:
    """The network's class probabilities on the test data, computed once per iteration count."""
    trainer = run["trainer"]
    cached = run.get("test_probs")
    if cached is None or cached[0] != trainer.iteration:
        cached = (trainer.iteration, np.asarray(trainer.network.predict(trainer.x_test)))
        run["test_probs"] = cached
    return cached[1]


def draw_after_training(run: dict[str, Any]) -> None:
    """The confusion matrix on the test data and the most confident mistakes (image data)."""
    from core.charts import compare as cmp_charts
    from core.evaluation import confusion_frame, confusion_matrix, images_frame, misclassified

    tr, lang = shared.tr, shared.lang()
    trainer = run["trainer"]
    if trainer.x_test.shape[0] == 0:
        return
    data = trainer.dataset
    probs = probabilities_on_test(run)
    if not np.isfinite(probs).all():
        return  # a diverged network predicts NaN: nothing to show
    st.subheader(tr("lab.after.heading"))
    left, right = st.columns([1, 1])
    with left:
        normalise = st.toggle(tr("cmp.cm.normalise"), key=f"{P}cm_share")
        matrix = confusion_matrix(trainer.t_test, probs.argmax(axis=1), data.n_classes)
        shared.altair(cmp_charts.confusion_heatmap(
            confusion_frame(matrix, data.class_names), cmp_charts.labels_for("confusion", lang),
            normalise=normalise), key=f"{P}cm")
    image_shape = getattr(data, "image_shape", None)
    if image_shape:
        with right:
            mistakes = misclassified(probs, None, trainer.t_test, limit=12)
            if mistakes.empty:
                st.success(tr("cmp.mis.none"))
            else:
                labels = cmp_charts.labels_for("misclassified", lang)
                frame = images_frame(trainer.x_test, mistakes, image_shape, data.class_names,
                                     labels["caption"])
                shared.altair(cmp_charts.misclassified_grid(frame, labels, columns=4, size=72),
                              key=f"{P}mistakes")


def is_two_dimensional(run: dict[str, Any]) -> bool:
    return run["trainer"].x_train.shape[1] == 2


def draw_boundary(run: dict[str, Any]) -> None:
    """Decision boundary for 2-D data: refreshed every few live ticks, always after training."""
    from core.charts import compare as cmp_charts
    from core.evaluation import decision_boundary, points_frame

    trainer = run["trainer"]
    cached = run.get("boundary")
    fresh = run["status"] != "running" or cached is None or run["ticks"] % BOUNDARY_EVERY == 0
    if fresh and (cached is None or cached[0] != trainer.iteration):
        if not all(np.isfinite(p).all() for p in trainer.network.params.values()):
            return
        points = np.vstack([trainer.x_train, trainer.x_test])
        cached = (trainer.iteration, decision_boundary(trainer.network, points,
                                                       resolution=BOUNDARY_RESOLUTION))
        run["boundary"] = cached
    lang = shared.lang()
    labels = cmp_charts.labels_for("boundary", lang)
    names = trainer.dataset.class_names
    pts = pd.concat([points_frame(trainer.x_train, trainer.t_train, names, labels["train"]),
                     points_frame(trainer.x_test, trainer.t_test, names, labels["test"])],
                    ignore_index=True)
    shared.altair(cmp_charts.decision_boundary_chart(cached[1], pts, labels, names))
    st.caption(shared.tr("lab.boundary_note", it=f"{cached[0]:,}"))


# ---------------------------------------------------------------- exports
def history_csv(run: dict[str, Any]) -> bytes:
    """Every iteration, with the per-epoch evaluation merged in on the iterations that have one."""
    table = history_with_evaluations(run["trainer"].history_frame(), run["trainer"].evaluation_frame())
    return table.to_csv(index=False).encode("utf-8")


def config_json(config: dict[str, Any], split: dict[str, Any]) -> bytes:
    """The run's settings and how its data were split: enough to train the same run again."""
    data = {key: (list(v) if isinstance(v, tuple) else v) for key, v in config.items()}
    data["data_split"] = split
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def charts_html(run: dict[str, Any], lang: str, log_scale: bool) -> bytes:
    """The live charts as one HTML page whose Vega-Embed menus save each as SVG or PNG."""
    built = build_charts(chart_frames(chart_data(run, lang)), lang, log_scale,
                         len(run["config"]["hidden_sizes"]) + 1,
                         len(run["trainer"].evaluations) <= MARKED_EVALS)
    chart = (built["loss"] & built["acc"] & (built["grad"] | built["hist"]))
    return chart.to_html().encode("utf-8")


def draw_exports(run: dict[str, Any]) -> None:
    # The files are built only when a button is clicked, on a server thread without this
    # session's state: everything they need is captured now.
    tr, lang = shared.tr, shared.lang()
    s = st.session_state
    log_scale = bool(s.get(f"{P}log", False))
    split = {"dataset": s.get(shared.DATASET), "split_seed": shared.seed(),
             "test_fraction": s.get(shared.TEST_FRACTION), "noise": s.get(shared.NOISE),
             "n_points": s.get(shared.N_POINTS)}
    config = dict(run["config"])
    row = st.container(horizontal=True, wrap=True)  # each button as wide as its label
    a = b = c = row
    name = f"lab-{run['config'].get('dataset', 'run')}"
    a.download_button(tr("lab.download_csv"), data=lambda: history_csv(run),
                      file_name=f"{name}-history.csv", mime="text/csv", key=f"_{P}dl_csv",
                      on_click="ignore", icon="📄")
    b.download_button(tr("lab.download_json"), data=lambda: config_json(config, split),
                      file_name=f"{name}-config.json", mime="application/json",
                      key=f"_{P}dl_json", on_click="ignore", icon="⚙️")
    c.download_button(tr("lab.download_html"), data=lambda: charts_html(run, lang, log_scale),
                      file_name=f"{name}-charts.html", mime="text/html", key=f"_{P}dl_html",
                      on_click="ignore", icon="📊")
    st.caption(tr("lab.export_help"))


# ---------------------------------------------------------------- page
ACTION = "_lab_action"  # the run button pressed, handled before anything is drawn


def _request(action: str) -> None:
    st.session_state[ACTION] = action


def handle_action(dataset) -> None:
    """Apply the button pressed (set by its callback) so the whole run sees the new state."""
    action = st.session_state.pop(ACTION, None)
    run = current_run()
    if action in ("train", "step", "reset"):
        st.session_state.pop(QUEUE, None)  # a new run or a reset ends an experiment
    if action and action.startswith("exp:"):
        start_experiment(action[4:], dataset)
    elif action == "train":
        start(dataset)
    elif action == "step":
        start(dataset, epoch_only=True)
    elif action == "pause" and run is not None and run["status"] == "running":
        run["status"] = "paused"
    elif action == "resume" and run is not None and run["status"] == "paused":
        run["stop_at"] = None
        run["status"] = "running"
        run["last_tick"] = None
    elif action == "reset":
        st.session_state.pop(RUN, None)


def draw_run_controls(dataset) -> None:
    tr = shared.tr
    run = current_run()
    status = run["status"] if run else "idle"
    buttons = (("train", "lab.train", "▶️", False), ("pause", "lab.pause", "⏸️", status != "running"),
               ("resume", "lab.resume", "⏯️", status != "paused"),
               ("step", "lab.step_epoch", "⏭️", status == "running"),
               ("reset", "lab.reset", "🔄", run is None))
    # A wrapping row of buttons as wide as their labels: fixed columns cut "Step one epoch"
    # to "Step one ep…" at 1280 px, and more so with presentation mode's larger type.
    with st.container(horizontal=True, vertical_alignment="center"):
        for action, key, icon, disabled in buttons:
            st.button(tr(key), icon=icon, key=f"_{P}{action}", disabled=disabled, width="content",
                      type="primary" if action == "train" else "secondary",
                      on_click=_request, args=(action,),
                      help=tr("lab.step_epoch_help") if action == "step" else None)
        st.toggle(tr("lab.log_scale"), key=f"{P}log")
    if run is not None and run["config"] != validate_config_quiet(lab_config(), dataset):
        st.caption(tr("lab.settings_changed"))


def validate_config_quiet(config: dict[str, Any], dataset) -> dict[str, Any] | None:
    try:
        cfg = validate_config(config, n_train=dataset.n_train)
    except LearningError:
        return None
    cfg.pop("notes", None)
    return cfg


def main() -> None:
    tr = shared.tr
    st.title(tr("lab.title"))
    st.caption(tr("lab.intro"))
    dataset = shared.current_dataset()
    if dataset is None:
        return
    n_used = prepare_state(dataset)
    shared.show_url_notices()  # this page's own link values are read after the frame's
    with st.expander(tr("lab.settings"), expanded=True):
        draw_controls(dataset, n_used)
        draw_preset(str(st.session_state.get(shared.DATASET)))
    auto = auto_epochs(n_used, int(st.session_state[f"{P}batch"]))
    shared.write_url(params(auto, shared.seed()))
    save_state()
    try:
        handle_action(dataset)
    except LearningError as error:
        shared.show_error(error)
    if is_running():
        tick(current_run())
    draw_run_controls(dataset)
    first_call = {"full_run": True}

    @st.fragment(run_every=TICK_SECONDS if is_running() else None)
    def live() -> None:
        shared.guarded(lambda: live_panel(first_call))

    live()
    run = current_run()
    if run is not None:
        # Outside the fragment: its button changes a setting, which needs the whole page.
        draw_diagnosis(run)
    if run is not None and not is_running():
        draw_after_training(run)
        draw_exports(run)
    st.divider()
    draw_experiments()
    draw_comparison()


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(main)
