"""The training lab's settings: the URL-bound controls, their state across pages and
languages, and the one config dict they make for the engine (lab_config)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from core.budget import RunCost, duration_text, epochs_within, limit_from, run_cost
from core.errors import LearningError
from core.i18n import t
from core.presets import PROMISED_ACCURACY, preset_for
from core.training import DEFAULT_CONFIG, LIMITS, clamp_batch, validate_config
from pages import scenes, shared

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
FOLLOW = "_lab_follow"  # settings still following their automatic value (seed, epochs)
SAVED = "_lab_saved"  # widget values survive a visit to another page
AUTO_KEYS = (f"{P}seed", f"{P}epochs")
CLAMPED = "_lab_batch_clamped"  # a batch size larger than the training data, just reduced
LOG = f"{P}log"  # the log-scale toggle (drawn with the run buttons)
# The controls each engine setting is edited with (a preset or a suggested fix sets them).
SETTING_KEYS = {"loss": f"{P}loss", "activation": f"{P}act", "batch_size": f"{P}batch",
                "learning_rate": f"{P}lr", "hidden_layers": f"{P}layers",
                "hidden_size": f"{P}units", "weight_init": f"{P}init", "optimizer": f"{P}opt",
                "epochs": f"{P}epochs", "sampling": f"{P}sampling", "seed": f"{P}seed"}


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
            s[f"{P}lr"] = shared.nearest_on_log_scale(LR_PRESETS, float(lr))
            s.setdefault(shared.NOTICES, []).append(f"{P}lr")
    for p in params(DEFAULT_CONFIG["epochs"], 0):
        if p.key not in AUTO_KEYS:
            s.setdefault(p.key, p.default)
    # Sizes that depend on the data set.
    sizes = train_size_options(dataset.n_train)
    if s[f"{P}train"] not in sizes:
        shared.replaced_link_value(f"{P}train")  # e.g. lab_train=50000 on 1,437 digits
        s[f"{P}train"] = ALL
    shared.link_values_checked(f"{P}train")
    n_used = used_train_size(s[f"{P}train"], dataset.n_train)
    if int(s[f"{P}batch"]) > n_used:  # from a link, or a larger data set chosen before
        s[CLAMPED] = int(s[f"{P}batch"])
    s[f"{P}batch"] = clamp_batch(int(s[f"{P}batch"]), n_used)
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


def draw_controls(dataset, n_used: int) -> None:
    """The laptop layout: three columns of settings."""
    left, middle, right = st.columns(3, gap="large")
    with left:
        _loss()
        _activation()
        _init()
        _optimizer()
    with middle:
        _batch(n_used)
        _learning_rate()
        _sampling()
    with right:
        a, b = st.columns(2)
        with a:
            _layers()
        with b:
            _units()
        with a:
            _epochs()
        with b:
            _seed()
        _train_size(dataset)
        draw_length(dataset, n_used)


def draw_control_rows(dataset, n_used: int, train_button: Callable[[], None]) -> None:
    """The projector's layout: the chapter's settings in two rows of large controls (columns
    of a third of the width squeezed labels to "Epoc / hs" and cut "np.random.c"), then
    `train_button`, a button that opens the settings of later chapters, the exact batch size,
    the seed and the loss chart's log scale, and the run's length."""
    row = st.columns([1, 1.3, 1, 1], gap="medium")
    for column, control in zip(row, (_loss, _activation, lambda: _batch_presets(n_used),
                                     _learning_rate)):
        with column:
            control()
    row = st.columns(4, gap="medium")
    for column, control in zip(row, (_layers, _units, _epochs, lambda: _train_size(dataset))):
        with column:
            control()
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        train_button()
        # A popover, not a collapsed block: nothing hangs below the screen, and it opens
        # over the scene when the teacher needs it.
        with st.popover(shared.tr("lab.more_settings"), icon="⚙️"):
            _more_settings(n_used)
        draw_length(dataset, n_used)


def _more_settings(n_used: int) -> None:
    """The settings of later chapters, the exact batch size, the seed and the log scale."""
    # Wide enough for a whole choice ("Book: Gaussian σ = 0.01").
    row = st.columns([1, 1, 1.4], gap="medium")
    for column, control in zip(row, (lambda: _batch_size(n_used), _seed, _optimizer)):
        with column:
            control()
    init, log = st.columns([2, 1.4], gap="medium", vertical_alignment="bottom")
    with init:
        _init()
    with log:  # the live run's row has no room for it
        st.toggle(shared.tr("lab.log_scale"), key=LOG)
    _sampling(horizontal=True)


def _loss() -> None:
    # shared.localized: one widget per language, so a language switch keeps the choice shown
    # (a keyed radio relabelled in place showed no option selected).
    tr, lang = shared.tr, shared.lang()
    shared.localized(st.radio, tr("lab.loss"), LOSSES, key=f"{P}loss", horizontal=True,
                     format_func=options_in("lab.loss", lang), help=tr("lab.loss_help"))


def _activation() -> None:
    tr, lang = shared.tr, shared.lang()
    shared.localized(st.radio, tr("lab.activation"), ACTIVATIONS, key=f"{P}act",
                     horizontal=True, format_func=options_in("lab.act", lang),
                     help=tr("lab.activation_help"))


def _init() -> None:
    # shared.select: one widget per language, so a language switch relabels the choice.
    tr, lang = shared.tr, shared.lang()
    shared.select(st, tr("lab.init"), INITS, key=f"{P}init",
                  format_func=options_in("lab.init", lang), help=tr("lab.init_help"))


def _optimizer() -> None:
    tr, lang = shared.tr, shared.lang()
    shared.select(st, tr("lab.optimizer"), OPTIMIZERS, key=f"{P}opt",
                  format_func=options_in("lab.opt", lang), help=tr("lab.optimizer_help"))


def _batch(n_used: int) -> None:
    _batch_size(n_used)
    _batch_presets(n_used, labelled=False)


def _batch_size(n_used: int) -> None:
    st.number_input(shared.tr("lab.batch"), 1, n_used, step=1, key=f"{P}batch",
                    help=shared.tr("lab.batch_help", n=n_used))


def _batch_presets(n_used: int, labelled: bool = True) -> None:
    """The usual batch sizes, one click each (`labelled`: the batch size's own control, as
    on the projector, where the exact size is set among the other settings)."""
    tr = shared.tr
    all_batch = t("lab.batch_all", shared.lang())
    # wrap: directly in a column the presets would scroll sideways and hide "all"
    st.pills(tr("lab.batch") if labelled else tr("lab.batch_presets"), batch_options(n_used),
             key=f"_{P}batch_pick", on_change=_pick_batch, args=(n_used,), wrap=True,
             label_visibility="visible" if labelled else "collapsed",
             help=tr("lab.batch_help", n=n_used) if labelled else None,
             format_func=lambda v: all_batch if v == ALL else f"{v:,}")
    if CLAMPED in st.session_state:  # said once, where the batch size is set
        st.caption(tr("engine.note.batch_clamped", requested=f"{st.session_state.pop(CLAMPED):,}",
                      used=f"{n_used:,}"))


def _learning_rate() -> None:
    st.select_slider(shared.tr("lab.lr"), LR_PRESETS, key=f"{P}lr", format_func=fmt_lr,
                     help=shared.tr("lab.lr_help"))


def _sampling(horizontal: bool = False) -> None:
    tr, lang = shared.tr, shared.lang()
    shared.localized(st.radio, tr("lab.sampling"), SAMPLINGS, key=f"{P}sampling",
                     format_func=options_in("lab.sampling", lang), horizontal=horizontal,
                     help=tr("lab.sampling_help"))


def _layers() -> None:
    st.number_input(shared.tr("lab.layers"), 1, 3, step=1, key=f"{P}layers")


def _units() -> None:
    st.number_input(shared.tr("lab.units"), 1, int(LIMITS["hidden_size"][1]), step=1,
                    key=f"{P}units", help=shared.tr("lab.units_help"))


def _epochs() -> None:
    st.number_input(shared.tr("lab.epochs"), 1, int(LIMITS["epochs"][1]), step=1,
                    key=f"{P}epochs", on_change=_unfollow, args=(f"{P}epochs",),
                    help=shared.tr("lab.epochs_help", target=TARGET_ITERATIONS))


def _seed() -> None:
    st.number_input(shared.tr("lab.seed"), 0, MAX_SEED, step=1, key=f"{P}seed",
                    on_change=_unfollow, args=(f"{P}seed",), help=shared.tr("lab.seed_help"))


def _train_size(dataset) -> None:
    all_train = t("lab.all", shared.lang(), n=dataset.n_train)
    shared.localized(st.select_slider, shared.tr("lab.train_size"),
                     train_size_options(dataset.n_train), key=f"{P}train",
                     help=shared.tr("lab.train_size_help"),
                     format_func=lambda v: all_train if v == ALL else f"{v:,}")


def draw_length(dataset, n_used: int) -> None:
    """How long the run will be: updates per epoch x epochs, and the estimated computing time."""
    tr, s = shared.tr, st.session_state
    per_epoch = math.ceil(n_used / s[f"{P}batch"])
    st.caption(tr("lab.length", per_epoch=per_epoch, epochs=s[f"{P}epochs"],
                  total=per_epoch * s[f"{P}epochs"], n=n_used))
    cost = estimate(lab_config(), dataset)
    if cost is None:
        return
    budget = {"estimate": duration_text(cost.seconds, shared.lang()),
              "limit": duration_text(run_limit(), shared.lang())}
    scenes.aside("lab.budget.help", **budget)  # on the projector, a detail for the notes


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


def set_controls(settings: dict[str, Any]) -> None:
    """Callback: put engine settings into the controls (a preset, a suggested fix)."""
    for name, value in settings.items():
        st.session_state[SETTING_KEYS[name]] = value


def use_preset(dataset_name: str) -> None:
    """Callback: the settings that learn this data set (core.presets)."""
    set_controls(preset_for(dataset_name) or {})


def draw_preset(dataset_name: str) -> None:
    """The "settings that learn this" button, for the data sets the book's settings do not fit."""
    preset = preset_for(dataset_name)
    if preset is None:
        return
    promised = PROMISED_ACCURACY.get(dataset_name)
    sizes = {"layers": preset["hidden_layers"], "units": preset["hidden_size"]}
    key, params_ = (("lab.preset.help", {"acc": f"{100 * promised:.0f}", **sizes}) if promised
                    else ("lab.preset.help_csv", sizes))
    st.button(shared.tr("lab.preset.button"), icon="🎯", key=f"_{P}preset",
              help=shared.tr(key, **params_), on_click=use_preset, args=(dataset_name,))
    scenes.aside(key, **params_)  # on the projector, beside Train: in the notes


# ---------------------------------------------------------------- the compute budget
def run_limit() -> float:
    """Seconds of computing one run may take: LFD_MAX_RUN_SECONDS, else max_run_seconds in
    .streamlit/secrets.toml, else core.budget.DEFAULT_LIMIT (a teacher's own machine can
    raise it; a shared server keeps the default)."""
    if "LFD_MAX_RUN_SECONDS" in os.environ:
        return limit_from(os.environ["LFD_MAX_RUN_SECONDS"])
    try:
        return limit_from(st.secrets.get("max_run_seconds"))
    except Exception:  # no secrets file: Streamlit raises rather than returning None
        return limit_from(None)


def estimate(config: dict[str, Any], dataset) -> RunCost | None:
    """core.budget.run_cost of the lab's settings on this data set (None if they are invalid)."""
    try:
        cfg = validate_config(config, n_train=dataset.n_train)
    except LearningError:
        return None
    return run_cost(cfg, n_train=dataset.n_train, n_test=dataset.n_test,
                    n_features=dataset.n_features, n_classes=dataset.n_classes)


def over_budget(config: dict[str, Any], dataset) -> str | None:
    """The message refusing a run over the limit, in the user's language; None if it fits."""
    cost, limit = estimate(config, dataset), run_limit()
    if cost is None or cost.seconds <= limit:
        return None
    lang = shared.lang()
    return shared.tr("lab.budget.over", estimate=duration_text(cost.seconds, lang),
                     limit=duration_text(limit, lang), epochs=f"{epochs_within(cost, limit):,}")
