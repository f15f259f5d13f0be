"""The training lab page under AppTest: train to the end, chart data, URL round trips, bad links.

`run_every` never fires in AppTest: every at.run() is a full page run, which trains one time
slice, so a test drives a run to its end by calling at.run() until the status changes.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from core.charts import training as training_charts
from core.charts.spec import spec_dicts
from core.i18n import t
from core.lab import Status, live, new_run, train_slice
from core.lab.exports import charts_html, config_json, history_csv
from pages import lab_controls, lab_views
from tests.conftest import open_page, rendered_text

PAGE = "pages/training_lab.py"
MAX_RUNS = 60  # at.run() calls before a test gives up on a run ending


# ------------------------------------------------------------------ helpers
def lab(lang: str = "en", **query: str) -> AppTest:
    at = open_page(PAGE, lang=lang, query=query)
    assert not at.exception, at.exception
    return at


def state(at: AppTest, key: str, default=None):
    try:
        return at.session_state[key]
    except KeyError:
        return default


def lab_of(at: AppTest):
    """The page's core.lab.LabSession (None before the lab was opened)."""
    return state(at, "_lab")


def run_of(at: AppTest):
    """The current core.lab.LabRun, or None."""
    session = lab_of(at)
    return None if session is None else session.run


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def train_to_end(at: AppTest, ending: str = "finished"):
    """Press Train and run the page until the run ends as `ending` (finished or diverged)."""
    click(at, "_lab_train")
    for _ in range(MAX_RUNS):
        if run_of(at).status != "running":
            break
        at.run()
        assert not at.exception, at.exception
    run = run_of(at)
    assert run.status == ending, run.status
    return run


def charts(at: AppTest) -> dict[str, list[pd.DataFrame]]:
    """Each chart's title -> its data sets, decoded from the Arrow bytes Streamlit sends."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        out[title] = [pa.ipc.open_stream(d.data.data).read_all().to_pandas()
                      for d in chart.proto.datasets]
    return out


def widget(at: AppTest, key: str):
    """The widget editing `key` (a language-labelled select is keyed _<key>__<lang>)."""
    for kind in ("radio", "selectbox", "number_input", "select_slider", "toggle", "slider"):
        for w in at.get(kind):
            if w.key == key or (w.key or "").startswith(f"_{key}__"):
                return w
    raise LookupError(key)


def no_markers(at: AppTest) -> None:
    text = rendered_text(at)
    labels = " ".join(str(getattr(w, "label", "")) for w in at.get("button"))
    assert "⟦" not in text and "⟦" not in labels, [ln for ln in text.splitlines() if "⟦" in ln]


# ------------------------------------------------------------------ defaults and training
def test_defaults_are_the_books() -> None:
    at = lab()
    expected = {"lab_loss": "cross_entropy", "lab_act": "sigmoid", "lab_batch": 100,
                "lab_lr": 0.1, "lab_layers": 1, "lab_units": 50, "lab_init": "std",
                "lab_opt": "sgd", "lab_sampling": "replacement", "lab_train": "all"}
    for key, value in expected.items():
        assert widget(at, key).value == value, key
    assert run_of(at) is None
    no_markers(at)
    # Defaults are not written into the link: a clean URL means the book's settings.
    assert not any(k.startswith("lab_") for k in at.query_params)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_train_runs_to_completion_and_charts_carry_the_run(lang: str) -> None:
    at = lab(lang, lab_epochs="3", lab_seed="1")
    run = train_to_end(at)
    trainer = run.trainer
    assert trainer.stop_reason == "done"
    assert trainer.iteration == 3 * trainer.iters_per_epoch
    assert len(trainer.evaluations) == 4  # before training and after each epoch
    data = charts(at)
    assert len(data) == 10  # 4 live charts, confusion matrix, mistakes, 4 comparison overlays
    # (loss, accuracy, and one gradient chart per layer: the first and the output layer)
    loss_title = "Loss" if lang == "en" else "损失函数的值"
    loss = data[loss_title][0]
    per_iteration = loss[loss["iteration"] > 0].groupby("series").size()
    assert per_iteration.max() == trainer.iteration  # mini-batch and smoothed: every iteration
    last_eval = trainer.evaluations[-1]
    acc_title = "Accuracy (per epoch)" if lang == "en" else "识别精度（每个 epoch）"
    wide = next(f for f in data[acc_title] if "gap" in f)
    assert wide["test_acc"].iloc[-1] == pytest.approx(last_eval["test_acc"])
    assert wide["train_acc"].iloc[-1] == pytest.approx(last_eval["train_acc"])
    tiles = {m.label: m.value for m in at.metric}
    test_label = "Test accuracy" if lang == "en" else "测试数据的识别精度"
    assert tiles[test_label] == f"{last_eval['test_acc']:.1%}"
    assert len(at.get("download_button")) == 3
    no_markers(at)


def test_same_seed_same_curves() -> None:
    losses = []
    for _ in range(2):
        at = lab(lab_epochs="2", lab_seed="7")
        losses.append([r["loss"] for r in train_to_end(at).trainer.history])
    assert losses[0] == losses[1]


@pytest.mark.slow
def test_long_runs_are_downsampled_for_the_browser() -> None:
    # batch 1 on 500 samples, 5 epochs: 2,500 iterations, more than the 2,000-point budget
    at = lab(lab_batch="1", lab_train="500", lab_epochs="5")
    run = train_to_end(at)
    assert run.trainer.iteration == 2500
    data = charts(at)
    loss = data["Loss"][0]
    assert loss.groupby("series").size().max() <= 2000
    grad = data["Size of each layer's gradient (L2 norm, log scale)"][0]
    assert grad.groupby("series").size().max() <= 2000
    assert grad["iteration"].max() == 2500  # the last point is always kept


def test_pause_resume_step_and_reset() -> None:
    at = lab(lab_epochs="4")
    click(at, "_lab_step")
    run = run_of(at)
    for _ in range(MAX_RUNS):
        if run_of(at).status != "running":
            break
        at.run()
    run = run_of(at)
    assert run.status == "paused"
    assert run.trainer.iteration == run.trainer.iters_per_epoch
    click(at, "_lab_resume")
    assert run_of(at).status in ("running", "finished")
    if run_of(at).status == "running":
        click(at, "_lab_pause")
        assert run_of(at).status == "paused"
    click(at, "_lab_reset")
    assert run_of(at) is None
    no_markers(at)


# ------------------------------------------------------------------ when learning breaks
def test_divergence_stops_keeps_the_curve_and_suggests_a_rate() -> None:
    at = lab(lab_act="relu", lab_lr="10", lab_layers="3", lab_init="he", lab_epochs="5")
    run = train_to_end(at, "diverged")
    assert run.trainer.stop_reason == "diverged"
    errors = " ".join(e.value for e in at.error)
    assert "learning rate 10 is too large" in errors and "such as 1." in errors
    loss = charts(at)["Loss"][0]
    assert (loss["series"] == "Each mini-batch").sum() == run.trainer.iteration
    click(at, "_lab_use_lr")
    assert widget(at, "lab_lr").value == 1.0


def test_step_activation_stalls_visibly() -> None:
    at = lab(lab_act="step", lab_epochs="2")
    run = train_to_end(at)
    tiles = {m.label: m.value for m in at.metric}
    n = run.w1_init.size
    assert tiles["First-layer weights changed"] == f"0 / {n:,}"
    assert tiles["max |W1 − initial W1|"] == "0"
    assert tiles["First-layer gradient L2 norm"] == "0"
    np.testing.assert_array_equal(run.trainer.network.params["W1"], run.w1_init)
    assert "output layer still learns" in rendered_text(at)
    assert any(link.proto.page == "why-a-loss" for link in at.get("page_link"))


# ------------------------------------------------------------------ links
FULL_LINK = {"lab_loss": "mse", "lab_act": "relu", "lab_batch": "10", "lab_lr": "0.01",
             "lab_layers": "2", "lab_units": "20", "lab_init": "he", "lab_opt": "adam",
             "lab_epochs": "7", "lab_sampling": "shuffle", "lab_train": "500",
             "lab_seed": "42", "lab_log": "1"}
FULL_VALUES = {"lab_loss": "mse", "lab_act": "relu", "lab_batch": 10, "lab_lr": 0.01,
               "lab_layers": 2, "lab_units": 20, "lab_init": "he", "lab_opt": "adam",
               "lab_epochs": 7, "lab_sampling": "shuffle", "lab_train": 500, "lab_seed": 42,
               "lab_log": True}


def test_link_sets_every_widget_and_survives_a_round_trip() -> None:
    at = lab(**FULL_LINK)
    for key, value in FULL_VALUES.items():
        assert widget(at, key).value == value, key
    assert not at.info or all("not valid" not in i.value for i in at.info)
    link = {k: v for k, v in at.query_params.items() if k.startswith("lab_")}
    assert link == FULL_LINK
    again = lab(**link)
    for key, value in FULL_VALUES.items():
        assert widget(again, key).value == value, key


def test_changed_widget_goes_into_the_link() -> None:
    at = lab()
    widget(at, "lab_lr").set_value(0.5).run()
    widget(at, "lab_act").set_value("tanh").run()
    assert at.query_params["lab_lr"] == "0.5"
    assert at.query_params["lab_act"] == "tanh"
    widget(at, "lab_act").set_value("sigmoid").run()
    assert "lab_act" not in at.query_params  # back to the default: dropped from the link


@pytest.mark.parametrize("query,key,expected", [
    ({"lab_lr": "abc"}, "lab_lr", 0.1),
    ({"lab_lr": "0.07"}, "lab_lr", 0.05),          # not a preset: nearest on a log scale
    ({"lab_lr": "1e9"}, "lab_lr", 1000.0),         # clamped to the engine's ceiling
    ({"lab_batch": "-5"}, "lab_batch", 1),
    ({"lab_batch": "1e9"}, "lab_batch", None),     # None: the whole training set
    ({"lab_epochs": "0"}, "lab_epochs", 1),
    ({"lab_layers": "2.5"}, "lab_layers", 2),        # rounded (half to even), noted
    ({"lab_units": "9" * 100}, "lab_units", 50),   # over-long: rejected outright
    ({"lab_act": "softmax"}, "lab_act", "sigmoid"),
    ({"lab_train": "123"}, "lab_train", "all"),
    ({"lab_seed": "-1"}, "lab_seed", 0),
    ({"lab_log": "maybe"}, "lab_log", False),
])
def test_bad_link_values_open_with_valid_settings_and_a_notice(query, key, expected) -> None:
    at = lab(**query)
    value = widget(at, key).value
    if expected is None:
        n_train = run_n_train(at)
        assert value == n_train
    else:
        assert value == expected
    notices = " ".join(i.value for i in at.info)
    assert "not valid" in notices and key in notices
    train_to_end_quick(at)


def run_n_train(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if "training samples" in c.value)
    return int(caption.split(" ")[0].replace(",", ""))


def train_to_end_quick(at: AppTest) -> None:
    """A bad link must still give a page that trains (a short run of 1 epoch)."""
    widget(at, "lab_epochs").set_value(1).run()
    assert not at.exception, at.exception


def test_unknown_keys_and_junk_are_ignored() -> None:
    at = lab(lab_nonsense="1", foo="<script>", lab_batch="10")
    assert widget(at, "lab_batch").value == 10
    assert not at.exception
    no_markers(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_languages_render_without_markers(lang: str) -> None:
    at = lab(lang)
    no_markers(at)
    assert ("Train" if lang == "en" else "开始学习") in [b.label for b in at.button]


# ------------------------------------------------------------------ after training, comparison
def drive(at: AppTest) -> None:
    for _ in range(MAX_RUNS * 3):
        if run_of(at).status != "running":
            return
        at.run()
        assert not at.exception, at.exception
    raise AssertionError("the runs did not end")


def test_after_training_shows_confusion_matrix_and_mistakes() -> None:
    at = lab(lab_epochs="2")
    run = train_to_end(at)
    data = charts(at)
    cells = data["Confusion matrix on the test data"][0]
    assert cells["count"].sum() == run.trainer.x_test.shape[0]
    assert "Misclassified test images (most confident mistakes first)" in data


def test_key_experiment_trains_each_setting_and_compares_them() -> None:
    # 200 training samples: 2 iterations per epoch, so the experiment budget is short
    at = lab(lab_train="200")
    click(at, "_lab_exp_activation")
    drive(at)
    store = lab_of(at).store
    assert len(store) == 3
    assert [r.config["activation"] for r in store.list()] == ["step", "sigmoid", "relu"]
    picked = at.multiselect[0].value
    assert picked == [r.run_id for r in store.list()]
    table = at.dataframe[0].value
    assert [str(v) for v in table.iloc[:, 0]] == ["step", "sigmoid", "ReLU"]
    overlay = charts(at)["Mini-batch loss (smoothed)"][0]
    assert set(overlay["run"]) == {"step", "sigmoid", "ReLU"}
    no_markers(at)


def test_two_dimensional_data_shows_the_decision_boundary() -> None:
    at = lab(dataset="circles", lab_epochs="3")
    train_to_end(at)
    data = charts(at)
    title = "Decision boundary: the class the network gives each point of the plane"
    assert title in data
    grid = max(data[title], key=len)
    assert len(grid) == 80 * 80


# ------------------------------------------------------------------ exports (helpers, no page run)
def _finished_run() -> dict:
    from core.datasets import load_dataset

    run = new_run({"epochs": 2, "seed": 3, "dataset": "digits"}, load_dataset("digits"))
    run.status = Status.RUNNING
    while run.status == Status.RUNNING:
        train_slice(run, 0.5)
    return run


def test_exports_carry_the_whole_run() -> None:

    run = _finished_run()
    trainer = run.trainer
    table = pd.read_csv(__import__("io").BytesIO(history_csv(run)))
    assert table["iteration"].tolist() == list(range(trainer.iteration + 1))
    assert table["test_acc"].notna().sum() == len(trainer.evaluations)
    config = json.loads(config_json(run.config, {"dataset": "digits", "split_seed": 0}))
    assert config["batch_size"] == 100 and config["hidden_sizes"] == [50]
    assert config["data_split"]["dataset"] == "digits"
    html = charts_html(run, "zh", log_scale=True).decode("utf-8")
    title = json.dumps("损失函数的值")[1:-1]  # the spec is embedded as ASCII-escaped JSON
    assert "vegaEmbed" in html and title in html and "⟦" not in html


@pytest.mark.parametrize("lr,expected", [(10.0, 1.0), (1000.0, 100.0), (0.5, 0.05), (1e-4, 1e-4)])
def test_suggested_learning_rate_is_a_tenth_as_a_preset(lr: float, expected: float) -> None:

    assert lab_views.suggested_lr(lr) == pytest.approx(expected)
    assert lab_views.suggested_lr(lr) in lab_controls.LR_PRESETS


@pytest.mark.parametrize("n,batch,epochs", [(1437, 100, 134), (4000, 100, 50), (60000, 100, 4),
                                            (320, 100, 500), (1437, 1, 2), (10, 100, 1000)])
def test_automatic_epochs_aim_at_about_2000_iterations(n: int, batch: int, epochs: int) -> None:

    assert lab_controls.auto_epochs(n, batch) == epochs


def test_language_switch_keeps_every_lab_setting() -> None:
    at = lab(**FULL_LINK)
    at.radio(key="lang").set_value("zh").run()
    assert not at.exception, at.exception
    for key, value in FULL_VALUES.items():
        assert widget(at, key).value == value, key
    link = {k: v for k, v in at.query_params.items() if k.startswith("lab_")}
    assert link == FULL_LINK
    no_markers(at)


def test_settings_survive_a_visit_to_another_page() -> None:
    at = lab(lab_act="tanh", lab_units="20")
    widget(at, "lab_lr").set_value(0.5).run()
    at.switch_page("pages/loss_functions.py").run()
    assert not at.exception, at.exception
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert widget(at, "lab_act").value == "tanh"
    assert widget(at, "lab_units").value == 20
    assert widget(at, "lab_lr").value == 0.5


def test_other_widgets_work_while_training() -> None:
    at = lab(lab_epochs="1000", lab_batch="10")  # 100,000 updates: still running after two reruns
    click(at, "_lab_train")
    assert run_of(at).status == "running"
    before = run_of(at).trainer.iteration
    widget(at, "lab_log").set_value(True).run()  # a click mid-run: the page answers, the run goes on
    assert not at.exception, at.exception
    assert run_of(at).status == "running"
    assert run_of(at).trainer.iteration > before
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert '"type": "log"' in json.dumps(spec)
    assert at.query_params["lab_log"] == "1"
    click(at, "_lab_pause")
    paused_at = run_of(at).trainer.iteration
    at.run()
    assert run_of(at).status == "paused" and run_of(at).trainer.iteration == paused_at


# ------------------------------------------------------------------ live refresh data
def _fields(node) -> set[str]:
    """Every data field a Vega-Lite spec (or part of it) reads: encodings, tooltips, selections."""
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("field"), str):
            found.add(node["field"])
        if isinstance(node.get("fields"), list):
            found.update(f for f in node["fields"] if isinstance(f, str))
        for value in node.values():
            found |= _fields(value)
    elif isinstance(node, list):
        for value in node:
            found |= _fields(value)
    return found


@pytest.mark.parametrize("points", [True, False])
def test_live_data_sets_carry_every_field_their_layers_read(points: bool) -> None:
    """Only LIVE_COLUMNS are sent on a refresh: each layer must find every field it reads."""
    import altair as alt

    from core.datasets import load_dataset

    names = {name: alt.NamedData(name=name) for names in live.CHART_DATA.values()
             for name in names}
    built = live.build_charts(names, "en", False, 2, points)
    # A selection's fields are read on the layer that defines it and on those it filters.
    params = {p["name"]: set(p.get("select", {}).get("fields", []))
              for chart in built.values() for p in chart.to_dict().get("params", [])}
    for chart in built.values():
        spec = chart.to_dict()
        params.update({p["name"]: set(p.get("select", {}).get("fields", []))
                       for layer in spec.get("layer", []) for p in layer.get("params", [])})
        for layer in spec.get("layer", [spec]):
            name = layer["data"]["name"]
            wanted = _fields({k: v for k, v in layer.items() if k != "params"}) | _fields(
                layer.get("params", []))
            for step in layer.get("transform", []):
                wanted |= params.get(step.get("filter", {}).get("param"), set())
            assert wanted <= set(live.LIVE_COLUMNS[name]), (name, wanted)
    run = new_run({"epochs": 3, "seed": 1, "dataset": "digits"}, load_dataset("digits"))
    run.status = Status.RUNNING
    train_slice(run, 0.2)
    tables = lab_views.arrow_tables(live.chart_data(run, "en"))
    frames = live.chart_frames(live.chart_data(run, "en"))
    assert set(tables) == set(frames) == set(live.LIVE_COLUMNS)
    for name, table in tables.items():
        assert table.column_names == list(live.LIVE_COLUMNS[name])
        sent = table.to_pandas()
        pd.testing.assert_frame_equal(sent, frames[name][list(sent.columns)], check_dtype=False)


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_live_chart_legends_are_never_wider_than_their_chart(present: bool, lang: str) -> None:
    """One row of four loss entries was cut off at the chart's edge ("Test data" missing)."""

    specs = lab_views.chart_templates(lang, False, 3, present, True)
    columns = {kind: [node["legend"]["columns"] for node in spec_dicts(spec)
                      if isinstance(node.get("legend"), dict) and "columns" in node["legend"]]
               for kind, spec in specs.items()}
    # four series: two rows of two (on every layer); at presentation size even two per row
    # were cut off at 1280 px ("测试数据", looked at), so there one per row
    assert set(columns["loss"]) == {1 if present else 2}
    assert all(c <= (1 if present else 3) for cs in columns.values() for c in cs), columns


@pytest.mark.parametrize("present", [False, True])
def test_live_charts_side_by_side_have_level_plots_of_one_height(present: bool) -> None:
    """Streamlit's default autosize "fit" squeezed the loss plot under its two-row legend, so
    its x axis sat higher than the accuracy chart's beside it (looked at in Chromium)."""

    specs = lab_views.chart_templates("en", False, 2, present, True)
    for kind, spec in specs.items():
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}, kind
        assert spec["height"] == training_charts.HEIGHT, kind
        orients = {node["legend"].get("orient") for node in spec_dicts(spec)
                   if isinstance(node.get("legend"), dict)} - {None}  # None: config styling
        assert orients <= {"bottom"}, (kind, orients)  # below the axis: plots start level


def test_the_lab_seed_follows_the_sidebar_seed_until_it_is_changed() -> None:
    # What lab.seed_help says; the split follows the sidebar's seed only.
    at = lab("en", seed="5")
    assert widget(at, "lab_seed").value == 5
    widget(at, "lab_seed").set_value(9).run()
    at.number_input(key="seed").set_value(6).run()
    assert widget(at, "lab_seed").value == 9
    assert "equals the sidebar's seed until you change it" in t("lab.seed_help", "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_seeds_say_what_they_fix_and_the_lab_seed_follows_until_changed(lang: str) -> None:
    # The sidebar's help and the lab's help, as the student reads them, in both languages;
    # and what both say: the lab's seed follows the sidebar's until the student changes it.
    at = lab(lang)
    assert at.number_input(key="seed").help == t("sidebar.seed_help", lang)
    assert widget(at, "lab_seed").help == t("lab.seed_help", lang)
    at.number_input(key="seed").set_value(7).run()
    assert widget(at, "lab_seed").value == 7  # not yet changed in the lab: it follows
    widget(at, "lab_seed").set_value(3).run()
    at.number_input(key="seed").set_value(8).run()
    assert not at.exception and widget(at, "lab_seed").value == 3
