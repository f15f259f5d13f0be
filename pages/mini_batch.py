"""Page: mini-batch learning — a random batch's loss stands in for the whole training set's."""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core import lessons
from core.charts import minibatch as charts
from pages import scenes, shared
from pages.shared import Param, tr

BATCH_CHOICES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
ITERATION_CHOICES = (0, 100, 300, 1000)
DRAW_CHOICES = (50, 100, 200, 500)
LESSON_SIZES = (1, 10, 100, 1000)  # the distributions shown side by side
SPREAD_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)  # the points of the log-log chart
REPEATS = 5  # timing repeats per batch size (the fastest is shown)
MAX_IMAGES = 50
PROJECTOR_IMAGES, PROJECTOR_IMAGE_PX = 18, 100  # two rows of large digits at 1024 px
PROJECTOR_VALUE_PX = 20  # the milliseconds written on the bars, read from the back row
MAX_INDICES = 30

BATCH, ITERS, DRAW, DRAWS = "mb_batch", "mb_iters", "mb_draw", "mb_draws"
PARAMS = [
    Param(BATCH, 100, "choice", options=BATCH_CHOICES),
    Param(ITERS, 300, "choice", options=ITERATION_CHOICES),
    Param(DRAW, 1, "int", lo=1, hi=1_000_000),
    Param(DRAWS, 200, "choice", options=DRAW_CHOICES),
]
TIMING_RUN = "_mb_timing_run"  # bumped by "measure again"


# ------------------------------------------------------------------ cached work (small keys)
@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def sample_losses(key: tuple, iterations: int, seed: int, _data) -> np.ndarray:
    net = shared.trained_network(key, iterations, seed, _data)
    return lessons.per_sample_losses(net, _data.x_train, _data.t_train)


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def train_accuracy(key: tuple, iterations: int, seed: int, _data) -> float:
    net = shared.trained_network(key, iterations, seed, _data)
    return net.accuracy(_data.x_train, _data.t_train)


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def loss_estimates(key: tuple, iterations: int, seed: int, draws: int, sizes: tuple[int, ...],
                   _data) -> pd.DataFrame:
    losses = sample_losses(key, iterations, seed, _data)
    rng = np.random.default_rng([seed, draws, 4])
    return lessons.loss_estimates_from_losses(losses, sizes, draws, rng)


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def step_times(key: tuple, iterations: int, seed: int, sizes: tuple[int, ...], run: int,
               _data) -> pd.DataFrame:
    net = shared.trained_network(key, iterations, seed, _data)
    rng = np.random.default_rng([seed, run])
    return lessons.gradient_step_seconds(net, _data.x_train, _data.t_train, sizes, rng,
                                         repeats=REPEATS)


# ------------------------------------------------------------------ page
@dataclass(frozen=True)
class Context:
    """What several scenes share: the data, the briefly trained network and its losses."""

    data: Any
    key: tuple
    seed: int
    iters: int
    losses: np.ndarray
    full_loss: float


def prepare() -> Context | None:
    """Settings from the link and the session, and the network every scene measures."""
    shared.read_url_once(PARAMS, "mini_batch")
    shared.show_url_notices()  # the frame showed its own before this page read the link
    for p in PARAMS:
        st.session_state.setdefault(p.key, p.default)
    data = shared.current_dataset()
    if data is None:
        return None
    key, seed, iters = shared.lesson_data_key(data), shared.seed(), int(st.session_state[ITERS])
    with st.spinner():
        losses = sample_losses(key, iters, seed, data)
    return Context(data, key, seed, iters, losses, float(losses.mean()))


def main() -> None:
    scenes.show("mb.title", SCENES, prepare(), intro_key="mb.intro")


def whole_scene(ctx: Context | None) -> None:
    """The loss over every training sample, and the network that gives each sample its loss."""
    st.latex(r"E = -\frac{1}{N}\sum_{n}\sum_{k} t_{nk}\,\log y_{nk}")
    scenes.prose("mb.intro2")
    if ctx is None:
        return
    if not scenes.presenting():  # the projector names the scene in its top bar instead
        st.subheader(tr("mb.network_header"))
    st.radio(tr("mb.iterations"), ITERATION_CHOICES, key=ITERS, horizontal=True,
             help=tr("mb.iterations_help"), persist_state="session")
    net = shared.trained_network(ctx.key, ctx.iters, ctx.seed, ctx.data)
    sizes_text = "–".join(str(s) for s in net.sizes)
    st.caption(tr("mb.network_caption", sizes=sizes_text, iters=ctx.iters,
                  lr=lessons.BRIEF_CONFIG["learning_rate"],
                  acc=f"{train_accuracy(ctx.key, ctx.iters, ctx.seed, ctx.data):.1%}"))


# The book's line (train_neuralnet.py), quoted: the app draws the same kind of sample from a
# seeded Generator (lessons.draw_mini_batch), whose source the page shows beside it.
BOOK_LINE = "batch_mask = np.random.choice(train_size, batch_size)"


def current_batch(ctx: Context) -> tuple[np.ndarray, int]:
    """This draw's sample indices (the size clamped to the training set) and its number."""
    n = ctx.data.n_train
    draw_no = int(st.session_state[DRAW])
    size = min(int(st.session_state[BATCH]), n)
    return lessons.draw_mini_batch(np.random.default_rng([ctx.seed, draw_no]), n, size), draw_no


def draw_scene(ctx: Context | None) -> None:
    """① One mini-batch drawn as the book draws it, its loss beside the whole set's."""
    if ctx is None:
        return
    n = ctx.data.n_train
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.select_slider(tr("mb.batch_size"), BATCH_CHOICES, key=BATCH, help=tr("mb.batch_size_help"),
                       persist_state="session")
    right.button(tr("mb.draw_again"), on_click=_draw_again, width="stretch")
    requested = int(st.session_state[BATCH])
    if requested > n:
        st.info(tr("mb.clamped", n=n, sizes=requested), icon="✂️")
    idx, draw_no = current_batch(ctx)
    _code(n, len(idx), ctx.seed, draw_no, idx)
    batch_loss = float(ctx.losses[idx].mean())
    c1, c2, c3 = shared.metric_row(3)
    c1.metric(tr("mb.batch_loss"), f"{batch_loss:.4f}")
    c2.metric(tr("mb.full_loss"), f"{ctx.full_loss:.4f}", help=tr("mb.full_loss_help", n=n))
    c3.metric(tr("mb.gap"), shared.signed(batch_loss - ctx.full_loss, 4))


def samples_scene(ctx: Context | None) -> None:
    """The samples of this draw: images, points among the training set, or their indices."""
    if ctx is None:
        return
    data = ctx.data
    idx, _ = current_batch(ctx)
    if data.image_shape is not None:
        first = idx[:PROJECTOR_IMAGES if scenes.presenting() else MAX_IMAGES]
        st.caption(tr("mb.images_caption", shown=len(first), n=len(idx)))
        st.image(lessons.as_images(data.x_train[first], data.image_shape),
                 caption=[f"#{i}: {data.class_names[data.t_train[i]]}" for i in first],
                 width=PROJECTOR_IMAGE_PX if scenes.presenting() else 64, clamp=True)
    elif data.n_features == 2:
        shared.altair(charts.drawn_points_chart(_points_frame(data, idx), {
            "title": tr("mb.points_title"), "x0": tr("mb.x0"), "x1": tr("mb.x1"),
            "class": tr("mb.class"), "times": tr("mb.times_drawn"), "index": tr("mb.index")}),
            main=True)
    else:
        more = " …" if len(idx) > MAX_INDICES else ""
        st.caption(tr("mb.indices") + ": " + ", ".join(str(i) for i in idx[:MAX_INDICES]) + more)


def _code(n: int, batch_size: int, seed: int, draw_no: int, idx: np.ndarray) -> None:
    """The book's line beside the function that drew this batch, as it runs (on the projector
    the book's line alone, the app's code folded under it)."""
    if scenes.presenting():
        book_col, app_col = st.container(), st.expander(tr("mb.code_caption"))
    else:
        book_col, app_col = st.columns(2)
    with book_col:
        if not scenes.presenting():  # the scene's caption names the book's line
            st.caption(tr("mb.book_caption"))
        st.code(BOOK_LINE, language="python")
    with app_col:
        if not scenes.presenting():
            st.caption(tr("mb.code_caption"))
        shown = ", ".join(str(i) for i in idx[:MAX_INDICES])
        more = " …" if len(idx) > MAX_INDICES else ""
        # The function that drew this batch, as it runs, then the call with this draw's values.
        st.code(f"{inspect.getsource(lessons.draw_mini_batch)}\n"
                f"rng = np.random.default_rng([{seed}, {draw_no}])  # {tr('mb.draw_number', n=draw_no)}\n"
                f"batch_mask = draw_mini_batch(rng, {n}, {batch_size})\n"
                f"# batch_mask = [{shown}{more}]\n"
                f"x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]", language="python",
                wrap_lines=scenes.presenting())
    if not scenes.presenting():  # a remark for reading up close, not for the back row
        st.caption(tr("mb.same_kind"))


def _draw_again() -> None:
    st.session_state[DRAW] = int(st.session_state.get(DRAW, 1)) % 1_000_000 + 1


def _points_frame(data, idx: np.ndarray) -> pd.DataFrame:
    counts = np.bincount(idx, minlength=data.n_train)
    names = np.asarray(data.class_names, dtype=object)[data.t_train]
    return pd.DataFrame({"x0": data.x_train[:, 0], "x1": data.x_train[:, 1], "label": names,
                         "times": counts, "index": np.arange(data.n_train)})


def _estimates(ctx: Context, *, notice: bool = False) -> tuple[pd.DataFrame, tuple[int, ...],
                                                                tuple[int, ...]]:
    """Every batch size's draws (cached), and which sizes the strip and the spread chart show."""
    n = ctx.data.n_train
    spread_sizes, _ = lessons.clamp_batch_sizes(SPREAD_SIZES, n)
    lesson_sizes, too_big = lessons.clamp_batch_sizes(LESSON_SIZES, n)
    if too_big and notice:
        st.info(tr("mb.clamped", n=n, sizes=", ".join(str(b) for b in too_big)), icon="✂️")
    sizes = tuple(sorted(set(spread_sizes) | set(lesson_sizes)))
    draws = int(st.session_state[DRAWS])
    estimates = loss_estimates(ctx.key, ctx.iters, ctx.seed, draws, sizes, ctx.data)
    return estimates, tuple(lesson_sizes), tuple(spread_sizes)


def estimate_scene(ctx: Context | None) -> None:
    """② Many draws of each size: where the estimates fall around the true loss."""
    if ctx is None:
        return
    presenting = scenes.presenting()  # the projector: the choice beside the chart
    controls, plot = st.columns([1, 3]) if presenting else (st.container(), st.container())
    with controls:
        st.radio(tr("mb.draws"), DRAW_CHOICES, key=DRAWS, horizontal=not presenting,
                 persist_state="session")
        estimates, lesson_sizes, _ = _estimates(ctx, notice=True)
        scenes.prose("mb.estimate_text", draws=int(st.session_state[DRAWS]))
    strip = estimates[estimates["batch_size"].isin(lesson_sizes)]
    with plot:
        shared.altair(charts.estimates_strip_chart(strip, {
            "title": tr("mb.strip_title"), "loss": tr("mb.loss_axis"),
            "batch": tr("mb.batch_axis"), "draw": tr("mb.draw_field"),
            "full": tr("mb.full_rule")}, full_loss=ctx.full_loss), main=True, share=0.75)


def spread_scene(ctx: Context | None) -> None:
    """The estimates' spread against the batch size: sigma / sqrt(B)."""
    if ctx is None:
        return
    estimates, _, spread_sizes = _estimates(ctx)
    sigma = float(ctx.losses.std())
    spread = lessons.estimate_spread(estimates[estimates["batch_size"].isin(spread_sizes)], sigma)
    measured, reference = tr("mb.measured"), tr("mb.reference")
    long = pd.concat([
        pd.DataFrame({"batch_size": spread["batch_size"], "std": spread["std"], "series": measured}),
        pd.DataFrame({"batch_size": spread["batch_size"], "std": spread["reference"],
                      "series": reference}),
    ], ignore_index=True)
    long = long[long["std"] > 0]  # a log axis cannot show 0 (e.g. every loss identical)
    shared.altair(charts.spread_chart(long, {
        "title": tr("mb.spread_title"), "batch": tr("mb.batch_axis"), "std": tr("mb.std_axis"),
        "series": tr("mb.series"), "measured": measured, "reference": reference}), main=True)
    first, last = spread.iloc[0], spread.iloc[-1]
    if last["std"] > 0 and last["batch_size"] > first["batch_size"]:
        scenes.prose("mb.spread_text", s1=f"{first['std']:.4f}", bmax=int(last["batch_size"]),
                     smax=f"{last['std']:.4f}", ratio=f"{first['std'] / last['std']:.1f}",
                     sigma=f"{sigma:.4f}", sqrt=f"{math.sqrt(last['batch_size']):.1f}")


def time_scene(ctx: Context | None) -> None:
    """③ What one gradient step costs, measured live: a batch against the whole set."""
    if ctx is None:
        return
    n = ctx.data.n_train
    sizes, _ = lessons.clamp_batch_sizes(LESSON_SIZES, n)
    sizes = tuple(sorted(set(sizes) | {n}))
    if scenes.presenting():  # the button beside the chart, the text in the notes
        plot, right = st.columns([3, 1], vertical_alignment="center")
        left = right
    else:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        plot = st.container()
    with left:
        scenes.prose("mb.time_text", repeats=REPEATS)
    if right.button(tr("mb.measure_again"), width="stretch"):
        st.session_state[TIMING_RUN] = int(st.session_state.get(TIMING_RUN, 0)) + 1
    run = int(st.session_state.get(TIMING_RUN, 0))
    with st.spinner():
        times = step_times(ctx.key, ctx.iters, ctx.seed, sizes, run, ctx.data)
    times = times.assign(
        kind=np.where(times["batch_size"] == n, "all", "batch"),
        label=[tr("mb.all_data") + f" ({b})" if b == n else str(b) for b in times["batch_size"]])
    with plot:
        shared.altair(charts.step_time_chart(times, {
            "title": tr("mb.time_title"), "batch": tr("mb.batch_axis"), "ms": tr("mb.ms_axis")},
            value_px=PROJECTOR_VALUE_PX if scenes.presenting() else 11), main=True, share=0.75)
    full_ms = float(times.loc[times["batch_size"] == n, "ms"].iloc[0])
    small = times[times["batch_size"] == min(100, n)]
    batch_ms = float(small["ms"].iloc[0])
    scenes.prose("mb.time_summary", n=n, full_ms=f"{full_ms:.2f}", batch_ms=f"{batch_ms:.2f}",
                 speedup=f"{full_ms / max(batch_ms, 1e-9):.0f}",
                 mnist_ms=f"{full_ms / n * 60000:.0f}")
    scenes.prose("mb.takeaway")
    if not scenes.presenting():  # the projector's ▶ leads on
        st.page_link("pages/why_loss.py", label=tr("mb.next"), icon="🤔")


# One scene per idea of section 4.2.3; the laptop layout draws them all, in this order.
SCENES: tuple[scenes.Scene, ...] = (
    scenes.Scene("whole", "mb.scene.whole", "mb.caption.whole", whole_scene, heading=False),
    scenes.Scene("draw", "mb.draw_header", "mb.caption.draw", draw_scene),
    scenes.Scene("samples", "mb.scene.samples", "mb.caption.samples", samples_scene,
                 heading=False),
    scenes.Scene("estimate", "mb.estimate_header", "mb.caption.estimate", estimate_scene),
    scenes.Scene("spread", "mb.scene.spread", "mb.caption.spread", spread_scene, heading=False),
    scenes.Scene("time", "mb.time_header", "mb.caption.time", time_scene),
)


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(shared.writing_link(main, PARAMS))
