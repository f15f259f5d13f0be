"""The training lab's results: progress and tiles, live charts, what went wrong and what to
change, the key experiments and the comparison of runs, and what a finished run shows.

UI only; each view reads the session's core.lab.LabSession and draws it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa  # what Streamlit sends chart data as (a dependency of streamlit)
import streamlit as st

from core.charts import compare as cmp_charts
from core.charts import theme
from core.compare import (
    EXPERIMENT_ITERATIONS,
    EXPERIMENT_MAX_EPOCHS,
    EXPERIMENTS,
    MAX_RUNS,
    changed_weights,
    config_table,
    differing_labels,
    experiment_summary,
    losses_differ,
    overlay_frame,
)
from core.diagnosis import diagnose_trainer, learned_nothing
from core.evaluation import (
    confusion_frame,
    confusion_matrix,
    decision_boundary,
    images_frame,
    misclassified,
    points_frame,
)
from core.lab import LabRun, LabSession, Status, live
from core.lab.exports import charts_html, config_json, history_csv
from core.presets import preset_for
from pages import scenes, shared
from pages.lab_controls import LOG, LR_PRESETS, P, fmt_lr, set_controls
from pages.scenes import MAIN_CHART_HEIGHT

SESSION = "_lab"  # this browser session's core.lab.LabSession
# A closed tab's runs (and the data set they hold) go disconnectedSessionTTL after it closed.
shared.release_at_session_end(SESSION, after_grace=True)
BOUNDARY_EVERY = 3  # live ticks between decision-boundary refreshes (a lower rate than the curves)
BOUNDARY_RESOLUTION = 80


def lab_session() -> LabSession:
    """This browser session's lab (runs, finished runs, experiment)."""
    session = st.session_state.get(SESSION)
    if session is None:
        session = st.session_state[SESSION] = LabSession()
    return session


def draw_progress(run: LabRun, short: bool = False) -> None:
    """The progress bar with the iteration, the epoch and the speed, and the run's status
    (`short`: the status and the iteration in the bar's text, for a narrow place)."""
    tr = shared.tr
    trainer = run.trainer
    total = trainer.max_iterations or max(trainer.iteration, 1)
    rate = trainer.iteration * trainer.batch_size / run.active if run.active > 0 else 0.0
    epochs = total / trainer.iters_per_epoch
    status = tr(f"lab.status.{run.status.value}")
    text = tr("lab.progress_short" if short else "lab.progress", it=f"{trainer.iteration:,}",
              total=f"{total:,}", epoch=f"{trainer.epoch:,.2f}",
              epochs=f"{epochs:,.0f}" if epochs == int(epochs) else f"{epochs:,.2f}",
              rate=f"{rate:,.0f}", status=status)
    st.progress(min(trainer.iteration / total, 1.0), text=text)
    if not short:
        st.caption(status)


METRICS = ("train_acc", "test_acc", "gap", "test_loss", "batch_loss")
SCENE_METRICS = ("train_acc", "test_acc")  # beside the run's buttons, on the projector
SHORT_LABELS = {"train_acc": "lab.metric.train_acc_short", "test_acc": "lab.metric.test_acc_short"}


def draw_metrics(run: LabRun, shown: Sequence[str] = METRICS,
                 places: Sequence[Any] | None = None, short: bool = False) -> None:
    """The run's figures as metric tiles: those `shown`, in `places` (else a row of their
    own); `short`: short labels and no change since the start (a row shared with others)."""
    tiles = metric_tiles(run)
    for place, name in zip(places or shared.metric_row(len(shown)), shown):
        label, value, extra = tiles[name]
        if short:
            label, extra = shared.tr(SHORT_LABELS[name]), {}
        place.metric(label, value, **extra)


def metric_tiles(run: LabRun) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Each metric's label, value and delta/help."""
    tr = shared.tr
    trainer = run.trainer
    last = trainer.evaluations[-1]
    first = trainer.evaluations[0]
    # A gap between two chance-level accuracies is not over-fitting: show none (core.diagnosis).
    guessing = learned_nothing(findings_of(run))
    loss = trainer.history[-1]["loss"] if trainer.history else float("nan")
    return {
        "train_acc": (tr("lab.metric.train_acc"), pct(last["train_acc"]),
                      {"delta": pct_delta(last["train_acc"] - first["train_acc"])}),
        "test_acc": (tr("lab.metric.test_acc"), pct(last["test_acc"]),
                     {"delta": pct_delta(last["test_acc"] - first["test_acc"])}),
        "gap": (tr("lab.metric.gap"),
                "–" if guessing else pct_delta(last["train_acc"] - last["test_acc"]),
                {"help": tr("diag.gap_meaningless") if guessing else tr("lab.metric.gap_help")}),
        "test_loss": (tr("lab.metric.test_loss"), num(last["test_loss"]),
                      {"delta": num_delta(last["test_loss"] - first["test_loss"]),
                       "delta_color": "inverse"}),
        "batch_loss": (tr("lab.metric.batch_loss"), num(loss), {}),
    }


def pct(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:.1%}"


def pct_delta(value: float) -> str | None:
    return None if not math.isfinite(value) else shared.signed(value * 100, 1, "pp")


def num(value: float) -> str:
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else "∞"
    return f"{value:.4g}" if abs(value) >= 1e4 else f"{value:.4f}"


def num_delta(value: float) -> str | None:
    if not math.isfinite(value):
        return None
    return f"{value:+.4g}" if abs(value) >= 1e4 else shared.signed(value, 4)


@st.cache_data(max_entries=64, show_spinner=False)
def chart_templates(lang: str, log_scale: bool, n_layers: int, present: bool,
                    points: bool, scene_height: int | None = None) -> dict[str, dict]:
    """core.lab.live.chart_specs, built once per language, scale and mode (`scene_height`:
    the projector's live-run scene, see live.SceneLayout)."""
    scene = None if scene_height is None else live.SceneLayout(scene_height)
    return live.chart_specs(lang, log_scale, n_layers, present, points, scene)


def arrow_tables(data: dict[str, dict[str, np.ndarray]]) -> dict[str, Any]:
    """chart_data as Arrow tables of the columns the charts read, ready for the browser.

    Arrow is how Streamlit sends chart data anyway (pyarrow comes with it). Built from the
    arrays directly: pandas' conversion starts a thread pool for every frame of a few hundred
    rows, which costs more than the conversion and waits for the GIL while the server is busy.
    """
    def column(values: np.ndarray):
        return pa.array(values, from_pandas=True)  # NaN -> null, as pandas' conversion does

    return {name: pa.table({key: column(data[name][key]) for key in live.LIVE_COLUMNS[name]})
            for name in data}


def draw_charts(run: LabRun, places: Sequence[Any] | None = None) -> None:
    """The four live charts in two rows of two (laptop), or three side by side at the scene's
    height (projector: loss, accuracy, gradient), in `places` if given."""
    scene = shared.presentation()
    templates = chart_templates(shared.lang(), bool(st.session_state.get(LOG, False)),
                                live.n_layers(run), scene, live.marked(run),
                                MAIN_CHART_HEIGHT if scene else None)
    data = arrow_tables(live.chart_data(run, shared.lang()))
    rows = (live.SCENE_CHARTS,) if scene else (("loss", "acc"), ("grad", "hist"))
    for row in rows:
        for column, kind in zip(places or st.columns(len(row)), row):
            with column:
                # No key: a timer rerun redraws the same chart several times.
                st.vega_lite_chart(spec=live.fill_spec(templates[kind], data, kind),
                                   width="stretch")


def suggested_lr(lr: float) -> float:
    """A tenth of the diverging rate, as a preset (the largest preset <= lr / 10)."""
    below = [v for v in LR_PRESETS if v <= lr / 10 * (1 + 1e-9)]
    return below[-1] if below else LR_PRESETS[0]


def larger_lr(lr: float) -> float:
    """Ten times the rate, as a preset (the smallest preset >= 10 lr)."""
    above = [v for v in LR_PRESETS if v >= lr * 10 * (1 - 1e-9)]
    return above[0] if above else LR_PRESETS[-1]


def _use_lr(value: float) -> None:
    set_controls({"learning_rate": value})


def findings_of(run: LabRun) -> list:
    """core.diagnosis findings for the run, computed once per iteration count."""
    return run.cached("findings", lambda: diagnose_trainer(run.trainer))


def draw_findings(run: LabRun) -> int:
    """Every way this run failed (core.diagnosis), with the reason and what to change; returns
    how many it drew."""
    tr, config = shared.tr, run.config
    lr = config["learning_rate"]
    drawn = 0
    for finding in findings_of(run):
        if finding.kind == "diverged":
            continue  # draw_diagnosis shows it at once, with its own button
        drawn += 1
        p = finding.params
        figures = {"start": f"{p['start']:.3g}", "end": f"{p['end']:.3g}",
                   "acc": f"{100 * p['test_acc']:.1f}", "chance": f"{100 * p['chance']:.1f}"}
        body = tr(f"diag.{finding.kind}", **figures, rises=f"{p.get('rises', 0):.3g}",
                  fall=f"{p.get('fall', 0):.3g}", n=f"{int(p.get('iterations', 0)):,}",
                  share=f"{p.get('share', 0):.0%}")
        fix, button = fix_for(finding, config)
        if finding.kind == "learned_nothing" and p.get("barely_moved"):
            body += " " + tr("diag.barely_moved", **figures)
        offer = button is not None and button != lr
        if scenes.presenting():  # one line, so the results stay on the screen; the why behind it
            left, button_box = st.columns([2, 1], vertical_alignment="center")
            what = tr(f"diag.short.{finding.kind}")  # lower case, for use inside a sentence
            text_box = left.popover(tr("lab.finding", what=what[:1].upper() + what[1:]), width="stretch")
        else:
            text_box = button_box = st.container(border=True)
        with text_box:
            st.markdown(body)
            if fix:
                st.markdown(fix)
        if offer:
            button_box.button(tr("lab.use_lr", lr=fmt_lr(button)), on_click=_use_lr, args=(button,),
                              key=f"_{P}fix_{finding.kind}")
    return drawn


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


def draw_diagnosis(run: LabRun) -> int:
    """Divergence at once; after the run, every other failure; and the step function's stall.
    Returns how many findings and stalls it drew (on the projector, one line each: the results
    below give up that room)."""
    tr = shared.tr
    trainer, config = run.trainer, run.config
    drawn = 0
    if trainer.stop_reason == "diverged":
        lr = config["learning_rate"]
        suggestion = suggested_lr(lr)
        st.error(tr("lab.diverged", it=f"{trainer.iteration:,}", lr=fmt_lr(lr),
                    suggestion=fmt_lr(suggestion)), icon="💥")
        st.button(tr("lab.use_lr", lr=fmt_lr(suggestion)), on_click=_use_lr, args=(suggestion,),
                  key=f"_{P}use_lr")
    elif run.status == Status.FINISHED:
        drawn += draw_findings(run)
    if config["activation"] == "step" and trainer.history:
        drawn += 1
        w1 = trainer.network.params["W1"]
        changed = changed_weights(run.w1_init, w1)
        drift = float(np.max(np.abs(w1.astype(np.float64) - run.w1_init)))
        grad = trainer.last_grads.get("W1")
        grad_norm = float(np.linalg.norm(grad)) if grad is not None else 0.0
        if scenes.presenting():  # one line, the key figure in it; the rest behind it
            with st.popover(tr("lab.step.short", changed=f"{changed:,} / {w1.size:,}"), width="stretch"):
                _step_figures(changed, w1.size, drift, grad_norm)
            return drawn
        with st.container(border=True):
            st.markdown(tr("lab.step.title"))
            _step_figures(changed, w1.size, drift, grad_norm)
    return drawn


def _step_figures(changed: int, size: int, drift: float, grad_norm: float) -> None:
    """The step function's stall in figures, why, and where the lesson explains it."""
    tr = shared.tr
    a, b, c = st.columns(3)
    a.metric(tr("lab.step.changed"), f"{changed:,} / {size:,}")
    b.metric(tr("lab.step.drift"), f"{drift:.3g}")
    c.metric(tr("lab.step.grad"), f"{grad_norm:.3g}")
    st.markdown(tr("lab.step.explain"))
    st.page_link("pages/why_loss.py", label=tr("lab.step.link"), icon="🤔")


ROW_PX, MIN_PLOT_PX = 72, 160  # a one-line finding with its gap; the smallest results plot


def draw_live(run: LabRun) -> None:
    """Progress, notes, metric tiles, the live charts and (2-D data) the decision boundary
    (the laptop layout; the projector's live run is draw_figures and draw_charts)."""
    draw_progress(run)
    draw_notes(run)
    draw_metrics(run)
    draw_charts(run)
    if is_two_dimensional(run):
        draw_boundary(run)


def draw_figures(run: LabRun) -> None:
    """The projector's progress and its key figure, in the row of the run's buttons (above
    the charts, a row of their own pushed the plots off a 720 px screen)."""
    with st.container(width="stretch"):
        draw_progress(run, short=True)
    draw_metrics(run, SCENE_METRICS, [st.container(width="content") for _ in SCENE_METRICS],
                 short=True)


def draw_notes(run: LabRun) -> None:
    for note in run.notes:
        st.caption(shared.tr(note["key"], **note.get("params", {})))


def draw_experiments(request: Callable[[str], None]) -> None:
    """The key experiments' buttons; `request` is the page's button callback."""
    tr = shared.tr
    help_params = {"iterations": f"{EXPERIMENT_ITERATIONS:,}", "epochs": EXPERIMENT_MAX_EPOCHS}
    scene = shared.presentation()
    scenes.aside("cmp.exp.help", **help_params)  # the projector: what each shows in the notes
    cols = st.columns(2, gap="medium") if scene else st.columns(len(EXPERIMENTS))
    for i, experiment in enumerate(EXPERIMENTS):
        with cols[i % len(cols)]:
            st.button(tr(f"cmp.exp.{experiment}"), key=f"_{P}exp_{experiment}", width="stretch",
                      on_click=request, args=(f"exp:{experiment}",))
            scenes.aside(f"cmp.exp.{experiment}_note")
    session = lab_session()
    if session.queue and session.running:
        st.caption(tr("lab.exp_running", left=len(session.queue)))


def _pick_runs(key: str) -> None:
    lab_session().selected = list(st.session_state.get(key) or [])


def _clear_runs() -> None:
    session = lab_session()
    session.store.clear()
    session.selected = []


def draw_comparison() -> None:
    """The runs kept, compared: loss and accuracy overlays, the gradients, the settings, and
    what a key experiment proved. On the projector the two overlays and the summary come
    first, the choice of runs and the details in a collapsed block below."""
    tr, lang = shared.tr, shared.lang()
    session = lab_session()
    store = session.store
    records = store.list()
    if not records:
        st.info(tr("cmp.empty", n=MAX_RUNS))
        return
    scene = shared.presentation()
    if scene:  # the overlays first; what they proved and the details in a block below
        top, more = st.container(), st.expander(tr("cmp.more"))
        summary = more.container()
    else:
        top = summary = more = st.container()  # in the order drawn
    ids = [r.run_id for r in records]
    all_labels = dict(zip(ids, differing_labels([r.config for r in records], lang)))
    wanted = session.selected
    chosen = [i for i in (ids[-4:] if wanted is None else wanted) if i in ids]
    # One widget per language (labels follow it); its value is reset when the runs change, so
    # the default (the newest runs) applies. A key that changed with every run kept each old
    # run's page alive in Streamlit's widget metadata (see TESTING.md, long sessions).
    key, seen = shared.widget_key(f"{P}pick"), f"_{P}pick_seen"
    if st.session_state.get(seen) != (ids, lang) or key not in st.session_state:
        st.session_state[key] = chosen
        st.session_state[seen] = (ids, lang)
    picked = more.multiselect(tr("cmp.select"), ids, key=key,
                              format_func=lambda i: f"#{i} · {all_labels[i]}",
                              on_change=_pick_runs, args=(key,))
    more.button(tr("cmp.clear"), key=f"_{P}clear_runs", on_click=_clear_runs)
    selected = [store.get(i) for i in picked if store.get(i) is not None]
    if not selected:
        return
    labels = differing_labels([r.config for r in selected], lang)
    log_scale = bool(st.session_state.get(LOG, False))
    # On the projector one legend, inside the loss plot, names the runs of both charts.
    loss = cmp_charts.loss_overlay(overlay_frame(selected, labels, "loss"),
                                   cmp_charts.labels_for("loss", lang), log_scale=log_scale,
                                   relative=losses_differ(selected),
                                   legend="inside" if scene else "bottom")
    accuracy = cmp_charts.accuracy_overlay(overlay_frame(selected, labels, "accuracy"),
                                           cmp_charts.labels_for("accuracy", lang),
                                           legend="none" if scene else "bottom")
    if scene:
        loss, accuracy = level_titles((loss, accuracy), share=0.5)
    left, right = top.columns(2)
    with left:
        shared.altair(loss, key=f"{P}cmp_loss", main=True, share=0.5)
    with right:
        shared.altair(accuracy, key=f"{P}cmp_acc", main=True, share=0.5)
    gradients = overlay_frame(selected, labels, "gradient")
    layers = sorted(set(gradients["layer"])) if "layer" in gradients else []
    # Layer by layer, side by side: the step function's first layer lies on 0 in its own plot.
    columns = more.columns(max(1, min(len(layers), 3)))
    for column, layer in zip(columns, layers[:3]):
        with column:
            shared.altair(cmp_charts.gradient_overlay(
                gradients, cmp_charts.labels_for("gradient", lang), int(layer)),
                key=f"{P}cmp_grad{layer}", share=1 / len(columns))
    more.dataframe(config_table(selected, labels, lang), hide_index=True, width="stretch")
    with summary:
        draw_summary(session.experiment, selected, labels)


def level_titles(charts: Sequence[Any], share: float) -> list[Any]:
    """Charts side by side on the projector, each title wrapped for its `share` of the width
    into as many lines as the longest needs, so that their plots stay level."""
    width = share * shared.PROJECTOR_CONTENT_PX - 40
    lines = [theme.wrap_line(str(chart.title), width, theme.PRESENT_TITLE_FONT)
             for chart in charts]
    most = max(len(chart_lines) for chart_lines in lines)
    return [chart.properties(title=alt.TitleParams(chart_lines + [" "] * (most - len(chart_lines))))
            for chart, chart_lines in zip(charts, lines)]


def draw_summary(experiment: tuple[str, list[int]] | None, records: list,
                 labels: list[str]) -> None:
    """What the key experiment whose runs are shown proved, in figures (core.compare)."""
    ids = [r.run_id for r in records]
    if not experiment or list(experiment[1]) != ids:
        return
    lines = experiment_summary(experiment[0], records, labels, shared.lang())
    if lines:
        st.markdown(f"**{shared.tr('cmp.sum.heading')}**")
        st.markdown("\n".join(f"- {line}" for line in lines))


def probabilities_on_test(run: LabRun) -> np.ndarray:
    """The network's class probabilities on the test data, computed once per iteration count."""
    trainer = run.trainer
    return run.cached("test_probs", lambda: np.asarray(trainer.network.predict(trainer.x_test)))


def draw_after_training(run: LabRun, rows_above: int = 0) -> None:
    """The confusion matrix on the test data and the most confident mistakes (image data);
    `rows_above`: the one-line findings drawn above them (draw_diagnosis), on the projector."""
    tr, lang = shared.tr, shared.lang()
    trainer = run.trainer
    if trainer.x_test.shape[0] == 0:
        return
    data = trainer.dataset
    probs = probabilities_on_test(run)
    if not np.isfinite(probs).all():
        return  # a diverged network predicts NaN: nothing to show
    scene = shared.presentation()
    rows = rows_above if scene else 0
    if not scene:  # on the projector, the scene's title says it
        st.subheader(tr("lab.after.heading"))
    left, right = st.columns([1, 1])
    # On the projector the toggle heads the other column: above the matrix it pushed the
    # matrix's x axis off a 720 px screen.
    with right if scene else left:
        normalise = st.toggle(tr("cmp.cm.normalise"), key=f"{P}cm_share")
    with left:
        matrix = confusion_matrix(trainer.t_test, probs.argmax(axis=1), data.n_classes)
        shared.altair(cmp_charts.confusion_heatmap(
            confusion_frame(matrix, data.class_names), cmp_charts.labels_for("confusion", lang),
            normalise=normalise), key=f"{P}cm", main=True, share=0.5,
            height=max(MIN_PLOT_PX, MAIN_CHART_HEIGHT - ROW_PX * rows))
    image_shape = getattr(data, "image_shape", None)
    if scene and is_two_dimensional(run):  # what the network learned, beside its errors
        with right:
            draw_boundary(run)
    if image_shape:
        with right:
            # On the projector six, larger, with captions the back row can read.
            grid = ({"columns": 3, "size": 96 if rows == 0 else 72, "label_size": 20} if scene
                    else {"columns": 4, "size": 72})
            mistakes = misclassified(probs, None, trainer.t_test, limit=6 if scene else 12)
            if mistakes.empty:
                st.success(tr("cmp.mis.none"))
            else:
                labels = cmp_charts.labels_for("misclassified", lang)
                if scene:  # "3 → 8" in large type, the title saying true → predicted
                    labels |= {"caption": tr("cmp.mis.caption_short"),
                               "title": tr("cmp.mis.title_short")}
                frame = images_frame(trainer.x_test, mistakes, image_shape, data.class_names,
                                     labels["caption"])
                shared.altair(cmp_charts.misclassified_grid(frame, labels, **grid),
                              key=f"{P}mistakes", share=0.5)


def is_two_dimensional(run: LabRun) -> bool:
    return run.trainer.x_train.shape[1] == 2


def draw_boundary(run: LabRun) -> None:
    """Decision boundary for 2-D data: refreshed every few live ticks, always after training."""
    trainer = run.trainer
    cached = run.cache.get("boundary")
    fresh = run.status != Status.RUNNING or cached is None or run.ticks % BOUNDARY_EVERY == 0
    if fresh and (cached is None or cached[0] != trainer.iteration):
        if not all(np.isfinite(p).all() for p in trainer.network.params.values()):
            return
        points = np.vstack([trainer.x_train, trainer.x_test])
        cached = (trainer.iteration, decision_boundary(trainer.network, points,
                                                       resolution=BOUNDARY_RESOLUTION))
        run.cache["boundary"] = cached  # refreshed less often than the curves while running
    lang = shared.lang()
    labels = cmp_charts.labels_for("boundary", lang)
    names = trainer.dataset.class_names
    pts = pd.concat([points_frame(trainer.x_train, trainer.t_train, names, labels["train"]),
                     points_frame(trainer.x_test, trainer.t_test, names, labels["test"])],
                    ignore_index=True)
    shared.altair(cmp_charts.decision_boundary_chart(cached[1], pts, labels, names),
                  main=True, share=0.5)
    st.caption(shared.tr("lab.boundary_note", it=f"{cached[0]:,}"))


def draw_exports(run: LabRun) -> None:
    # The files are built only when a button is clicked, on a server thread without this
    # session's state: everything they need is captured now.
    tr, lang = shared.tr, shared.lang()
    s = st.session_state
    log_scale = bool(s.get(LOG, False))
    split = {"dataset": s.get(shared.DATASET), "split_seed": shared.seed(),
             "test_fraction": s.get(shared.TEST_FRACTION), "noise": s.get(shared.NOISE),
             "n_points": s.get(shared.N_POINTS)}
    config = dict(run.config)
    row = st.container(horizontal=True, wrap=True)  # each button as wide as its label
    a = b = c = row
    name = f"lab-{run.config.get('dataset', 'run')}"
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
