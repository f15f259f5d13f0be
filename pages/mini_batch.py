"""Page: mini-batch learning — a random batch's loss stands in for the whole training set's."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import streamlit as st

from core import lessons
from core.charts import minibatch as charts
from pages import shared
from pages.shared import Param, tr

BATCH_CHOICES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
ITERATION_CHOICES = (0, 100, 300, 1000)
DRAW_CHOICES = (50, 100, 200, 500)
LESSON_SIZES = (1, 10, 100, 1000)  # the distributions shown side by side
SPREAD_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)  # the points of the log-log chart
REPEATS = 5  # timing repeats per batch size (the fastest is shown)
MAX_IMAGES = 50
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
def main() -> None:
    shared.read_url_once(PARAMS, "mini_batch")
    shared.show_url_notices()  # the frame showed its own before this page read the link
    for p in PARAMS:
        st.session_state.setdefault(p.key, p.default)
    st.title(tr("mb.title"))
    st.markdown(tr("mb.intro"))
    st.latex(r"E = -\frac{1}{N}\sum_{n}\sum_{k} t_{nk}\,\log y_{nk}")
    st.markdown(tr("mb.intro2"))
    data = shared.current_dataset()
    if data is None:
        return
    key, seed = shared.lesson_data_key(data), shared.seed()

    st.subheader(tr("mb.network_header"))
    st.radio(tr("mb.iterations"), ITERATION_CHOICES, key=ITERS, horizontal=True,
             help=tr("mb.iterations_help"))
    iters = int(st.session_state[ITERS])
    with st.spinner():
        net = shared.trained_network(key, iters, seed, data)
        losses = sample_losses(key, iters, seed, data)
    full_loss = float(losses.mean())
    sizes_text = "–".join(str(s) for s in net.sizes)
    st.caption(tr("mb.network_caption", sizes=sizes_text, iters=iters,
                  lr=lessons.BRIEF_CONFIG["learning_rate"],
                  acc=f"{train_accuracy(key, iters, seed, data):.1%}"))

    draw_section(data, losses, full_loss, seed)
    estimate_section(data, key, iters, seed, losses, full_loss)
    timing_section(data, key, iters, seed)
    st.markdown(tr("mb.takeaway"))
    st.page_link("pages/why_loss.py", label=tr("mb.next"), icon="🤔")


# The book's line (train_neuralnet.py), quoted: the app draws the same kind of sample from a
# seeded Generator (lessons.draw_mini_batch), whose source the page shows beside it.
BOOK_LINE = "batch_mask = np.random.choice(train_size, batch_size)"


def draw_section(data, losses: np.ndarray, full_loss: float, seed: int) -> None:
    st.subheader(tr("mb.draw_header"))
    n = data.n_train
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.select_slider(tr("mb.batch_size"), BATCH_CHOICES, key=BATCH, help=tr("mb.batch_size_help"))
    right.button(tr("mb.draw_again"), on_click=_draw_again, width="stretch")
    requested = int(st.session_state[BATCH])
    batch_size = min(requested, n)
    if requested > n:
        st.info(tr("mb.clamped", n=n, sizes=requested), icon="✂️")
    draw_no = int(st.session_state[DRAW])
    idx = lessons.draw_mini_batch(np.random.default_rng([seed, draw_no]), n, batch_size)

    book_col, app_col = st.columns(2)
    with book_col:
        st.caption(tr("mb.book_caption"))
        st.code(BOOK_LINE, language="python")
    with app_col:
        st.caption(tr("mb.code_caption"))
        shown = ", ".join(str(i) for i in idx[:MAX_INDICES])
        more = " …" if len(idx) > MAX_INDICES else ""
        # The function that drew this batch, as it runs, then the call with this draw's values.
        st.code(f"{inspect.getsource(lessons.draw_mini_batch)}\n"
                f"rng = np.random.default_rng([{seed}, {draw_no}])  # {tr('mb.draw_number', n=draw_no)}\n"
                f"batch_mask = draw_mini_batch(rng, {n}, {batch_size})\n"
                f"# batch_mask = [{shown}{more}]\n"
                f"x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]", language="python")
    st.caption(tr("mb.same_kind"))

    batch_loss = float(losses[idx].mean())
    c1, c2, c3 = shared.metric_row(3)
    c1.metric(tr("mb.batch_loss"), f"{batch_loss:.4f}")
    c2.metric(tr("mb.full_loss"), f"{full_loss:.4f}", help=tr("mb.full_loss_help", n=n))
    c3.metric(tr("mb.gap"), shared.signed(batch_loss - full_loss, 4))

    if data.image_shape is not None:
        first = idx[:MAX_IMAGES]
        st.caption(tr("mb.images_caption", shown=len(first), n=len(idx)))
        st.image(lessons.as_images(data.x_train[first], data.image_shape),
                 caption=[f"#{i}: {data.class_names[data.t_train[i]]}" for i in first], width=64,
                 clamp=True)
    elif data.n_features == 2:
        shared.altair(charts.drawn_points_chart(_points_frame(data, idx), {
            "title": tr("mb.points_title"), "x0": tr("mb.x0"), "x1": tr("mb.x1"),
            "class": tr("mb.class"), "times": tr("mb.times_drawn"), "index": tr("mb.index")}))
    else:
        st.caption(tr("mb.indices") + ": " + ", ".join(str(i) for i in idx[:MAX_INDICES]) + more)


def _draw_again() -> None:
    st.session_state[DRAW] = int(st.session_state.get(DRAW, 1)) % 1_000_000 + 1


def _points_frame(data, idx: np.ndarray) -> pd.DataFrame:
    counts = np.bincount(idx, minlength=data.n_train)
    names = np.asarray(data.class_names, dtype=object)[data.t_train]
    return pd.DataFrame({"x0": data.x_train[:, 0], "x1": data.x_train[:, 1], "label": names,
                         "times": counts, "index": np.arange(data.n_train)})


def estimate_section(data, key: tuple, iters: int, seed: int, losses: np.ndarray,
                     full_loss: float) -> None:
    st.subheader(tr("mb.estimate_header"))
    st.radio(tr("mb.draws"), DRAW_CHOICES, key=DRAWS, horizontal=True)
    draws = int(st.session_state[DRAWS])
    n = data.n_train
    spread_sizes, _ = lessons.clamp_batch_sizes(SPREAD_SIZES, n)
    lesson_sizes, too_big = lessons.clamp_batch_sizes(LESSON_SIZES, n)
    if too_big:
        st.info(tr("mb.clamped", n=n, sizes=", ".join(str(b) for b in too_big)), icon="✂️")
    sizes = tuple(sorted(set(spread_sizes) | set(lesson_sizes)))
    estimates = loss_estimates(key, iters, seed, draws, sizes, data)
    st.markdown(tr("mb.estimate_text", draws=draws))
    strip = estimates[estimates["batch_size"].isin(lesson_sizes)]
    shared.altair(charts.estimates_strip_chart(strip, {
        "title": tr("mb.strip_title"), "loss": tr("mb.loss_axis"), "batch": tr("mb.batch_axis"),
        "draw": tr("mb.draw_field"), "full": tr("mb.full_rule")}, full_loss=full_loss))

    sigma = float(losses.std())
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
        "series": tr("mb.series"), "measured": measured, "reference": reference}))
    first, last = spread.iloc[0], spread.iloc[-1]
    if last["std"] > 0 and last["batch_size"] > first["batch_size"]:
        st.markdown(tr("mb.spread_text", s1=f"{first['std']:.4f}", bmax=int(last["batch_size"]),
                       smax=f"{last['std']:.4f}", ratio=f"{first['std'] / last['std']:.1f}",
                       sigma=f"{sigma:.4f}", sqrt=f"{math.sqrt(last['batch_size']):.1f}"))


def timing_section(data, key: tuple, iters: int, seed: int) -> None:
    st.subheader(tr("mb.time_header"))
    n = data.n_train
    sizes, _ = lessons.clamp_batch_sizes(LESSON_SIZES, n)
    sizes = tuple(sorted(set(sizes) | {n}))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.markdown(tr("mb.time_text", repeats=REPEATS))
    if right.button(tr("mb.measure_again"), width="stretch"):
        st.session_state[TIMING_RUN] = int(st.session_state.get(TIMING_RUN, 0)) + 1
    run = int(st.session_state.get(TIMING_RUN, 0))
    with st.spinner():
        times = step_times(key, iters, seed, sizes, run, data)
    times = times.assign(
        kind=np.where(times["batch_size"] == n, "all", "batch"),
        label=[tr("mb.all_data") + f" ({b})" if b == n else str(b) for b in times["batch_size"]])
    shared.altair(charts.step_time_chart(times, {
        "title": tr("mb.time_title"), "batch": tr("mb.batch_axis"), "ms": tr("mb.ms_axis")}))
    full_ms = float(times.loc[times["batch_size"] == n, "ms"].iloc[0])
    small = times[times["batch_size"] == min(100, n)]
    batch_ms = float(small["ms"].iloc[0])
    st.markdown(tr("mb.time_summary", n=n, full_ms=f"{full_ms:.2f}", batch_ms=f"{batch_ms:.2f}",
                   speedup=f"{full_ms / max(batch_ms, 1e-9):.0f}",
                   mnist_ms=f"{full_ms / n * 60000:.0f}"))



if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(shared.writing_link(main, PARAMS))
