"""The 'learning from data' page, rendered through the real frame with AppTest."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from core.datasets import list_datasets, load_dataset
from core.i18n import STRINGS, t
from pages.learning_from_data import (
    EPOCHS,
    EVAL_TEST_ROWS,
    MAX_ITERATIONS,
    MAX_SUBSET,
    SIZE,
    WORK_BUDGET,
    evaluation_view,
    iteration_budget,
    overfit_run,
    pipeline_dot,
    size_options,
)
from pages.shared import nearest_on_log_scale, widget_key
from tests.conftest import notes_block, open_page, rendered_text

PAGE = "pages/learning_from_data.py"


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def chart_data(at: AppTest, index: int) -> pd.DataFrame:
    """The data behind a chart (Streamlit ships it beside the spec, as Arrow)."""
    proto = at.get("vega_lite_chart")[index].proto
    return convert_arrow_bytes_to_pandas_df(proto.datasets[0].data.data)


def metric(at: AppTest, key: str, lang: str = "en") -> str:
    label = t(key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric labelled {label!r}"
    return values[0]


def percent(text: str) -> int:
    return int(text.rstrip("%").strip())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    assert not at.exception
    text = rendered_text(at)
    assert "⟦" not in text
    assert "⟦" not in json.dumps([*chart_specs(at)], ensure_ascii=False)
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "⟦" not in dot and t("learn.pipe.nn", lang) in dot
    assert t("learn.title", lang) in text
    for term in ("SIFT", "SURF", "HOG"):
        assert term in text
    # gallery (image grid), class balance, accuracy curves
    assert len(chart_specs(at)) == 3
    data = load_dataset("digits")
    assert metric(at, "learn.split.n_train", lang) == t("learn.split.samples", lang, n=data.n_train)


def test_overfitting_demo_shows_a_gap_on_a_tiny_subset() -> None:
    at = open_page(PAGE)
    assert at.select_slider(key=SIZE).value == 20
    train = percent(metric(at, "learn.overfit.train_acc"))
    test = percent(metric(at, "learn.overfit.test_acc"))
    assert train > test
    assert train - test >= 10
    assert train == 100  # learned by heart, as the page's text says
    assert any(w.value == t("learn.overfit.verdict.over", "en", n=20) for w in at.warning)
    sentence = t("learn.overfit.sentence", "en", n=20, epochs=100, train=train, test=test,
                 gap=train - test)
    assert sentence in rendered_text(at)


def test_more_training_data_narrows_the_gap() -> None:
    at = open_page(PAGE)
    small_gap = percent(metric(at, "learn.overfit.train_acc")) - percent(
        metric(at, "learn.overfit.test_acc"))
    options = at.select_slider(key=SIZE).options
    at.select_slider(key=SIZE).set_value(int(options[-1])).run()  # the whole training set
    assert not at.exception
    big_gap = percent(metric(at, "learn.overfit.train_acc")) - percent(
        metric(at, "learn.overfit.test_acc"))
    assert big_gap < small_gap
    assert at.query_params[SIZE] in (options[-1], [options[-1]])


def test_accuracy_chart_holds_one_point_per_epoch_and_split() -> None:
    at = open_page(PAGE)
    at.select_slider(key=EPOCHS).set_value(20).run()
    rows = chart_data(at, -1)
    assert len(rows) == 2 * (20 + 1)  # evaluations at epoch 0..20, training and test
    assert rows["epoch"].max() == 20


OFFLINE_SETS = [name for name in list_datasets() if name != "mnist"]  # mnist needs a download


@pytest.mark.parametrize("name", OFFLINE_SETS)
def test_every_offline_data_set_renders(name: str) -> None:
    at = open_page(PAGE, query={"dataset": name})
    assert not at.exception
    assert "⟦" not in rendered_text(at)
    assert not at.error
    marks = [json.dumps(s) for s in chart_specs(at)]
    data = load_dataset(name)
    if data.image_shape is not None:
        assert '"rect"' in marks[0]  # the image grid
    elif data.n_features == 2:
        assert any('"x0"' in m and '"point"' in m for m in marks)  # the scatter plot
    assert metric(at, "learn.overfit.test_acc").endswith("%")


def test_a_link_with_an_odd_subset_size_snaps_to_an_offered_one() -> None:
    at = open_page(PAGE, query={SIZE: "37", EPOCHS: "50"})
    assert not at.exception
    assert at.select_slider(key=SIZE).value == 50
    assert at.select_slider(key=EPOCHS).value == 50


def test_a_link_with_invalid_epochs_falls_back_with_a_notice() -> None:
    at = open_page(None, query={EPOCHS: "7"})  # the default page: the link is read on arrival
    assert not at.exception
    assert any(EPOCHS in i.value for i in at.info)
    assert at.select_slider(key=EPOCHS).value == 100


def test_gallery_filters_one_class() -> None:
    at = open_page(PAGE)
    at.selectbox(key=widget_key("learn_gallery_class", "en")).set_value(5).run()
    assert not at.exception
    captions = chart_data(at, 0)["caption"]
    assert {c.split(" · ")[0] for c in captions} == {"5"}


@pytest.mark.parametrize("n_train", [5, 10, 11, 1437, 4000, 60_000])
def test_size_options_end_with_the_whole_training_set(n_train: int) -> None:
    options = size_options(n_train)
    assert options[-1] == min(n_train, MAX_SUBSET) and options == sorted(set(options))
    assert nearest_on_log_scale(options, 37) in options


@pytest.mark.parametrize(("size", "n_test", "features"), [
    (10, 360, 64), (20, 360, 64), (1437, 360, 64), (20, 500, 784), (4000, 500, 784),
    (5000, 500, 784), (320, 80, 2),
])
def test_iteration_budget_bounds_the_work(size: int, n_test: int, features: int) -> None:
    batch = min(100, size)
    iterations = iteration_budget(size, n_test, features, batch)
    assert 10 <= iterations <= MAX_ITERATIONS
    evaluations = iterations / math.ceil(size / batch) + 2
    work = features * 50 * (3 * batch * iterations + evaluations * (size + n_test))
    assert work <= WORK_BUDGET * 1.01 or iterations == 10
    if features == 64:  # the bundled digits: only the iteration cap applies
        assert iterations == MAX_ITERATIONS


def test_evaluation_view_caps_the_test_rows() -> None:
    data = load_dataset("mnist-5k")
    view = evaluation_view(data, seed=0)
    assert view.n_test == EVAL_TEST_ROWS < data.n_test and view.n_train == data.n_train
    small = load_dataset("digits")
    assert evaluation_view(small, seed=0) is small


def test_overfit_run_is_reproducible() -> None:
    data = load_dataset("digits")
    a, info = overfit_run(("digits-test",), 20, 10, 0, data)
    b, _ = overfit_run.__wrapped__(("digits-test",), 20, 10, 0, data)
    assert a.equals(b)
    assert info["iterations"] == 10 and len(a) == 11


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pipeline_diagram_names_every_step(lang: str) -> None:
    dot = pipeline_dot(lambda key: t(key, lang))
    for i in (1, 2, 3):
        assert f"learn.pipe.row{i}" in STRINGS and t(f"learn.pipe.row{i}", lang) in dot
    edges = sum(line.count("->") for line in dot.splitlines() if "invis" not in line)
    assert edges == 2 + 3 + 2 and "⟦" not in dot  # image -> steps -> answer, three times


def test_demo_settings_survive_a_visit_to_another_page() -> None:
    at = open_page(PAGE)
    at.select_slider(key=SIZE).set_value(100).run()
    at.select_slider(key=EPOCHS).set_value(50).run()
    at.switch_page("pages/loss_functions.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.select_slider(key=SIZE).value == 100
    assert at.select_slider(key=EPOCHS).value == 50



def test_the_overfitting_demo_trains_with_the_chapters_sgd() -> None:
    from pages.learning_from_data import OVERFIT_CONFIG

    assert OVERFIT_CONFIG["optimizer"] == "sgd"  # chapter 4's method, not chapter 6's Adam
    assert OVERFIT_CONFIG["weight_init"] == "std"  # the book's weight_init_std, not Xavier/He
    text = rendered_text(open_page(PAGE))
    assert "SGD" in text and "Adam" not in text and "Xavier" not in text


@pytest.mark.parametrize("name", ["digits", "mnist-5k"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_overfitting_demo_shows_what_its_text_says(name: str, seed: int) -> None:
    # learn.overfit.body, run through core with the page's settings: a few samples learned by
    # heart (close to 100 %), much worse on the test data (the over-fitting verdict's gap), and
    # the curves draw together with all the training data the demo offers.
    from pages.learning_from_data import OVERFIT_GAP, overfit_run

    data = load_dataset(name, seed=seed, test_fraction=0.2)

    def final(size: int) -> tuple[float, float]:
        frame, info = overfit_run(("core-check", name, seed), size, 100, seed, data)
        assert not info["diverged"]
        return float(frame["train_acc"].iloc[-1]), float(frame["test_acc"].iloc[-1])

    train, test = final(20)
    assert train == 1.0 and train - test >= max(OVERFIT_GAP, 0.25), (train, test)
    train_all, test_all = final(size_options(data.n_train)[-1])
    assert train_all - test_all < (train - test) / 2, (train_all, test_all)


@pytest.mark.parametrize("name", ["digits", "mnist-5k", "xor"])
def test_a_data_sets_source_reads_in_the_users_language(name: str) -> None:
    from core.datasets import dataset_info

    meta = dataset_info(name)
    zh = rendered_text(open_page(PAGE, lang="zh", query={"dataset": name}))
    assert t(meta.source_key, "zh") in zh
    assert "shipped with" not in zh and "generated by" not in zh
    assert t(meta.source_key, "en") in rendered_text(open_page(PAGE, query={"dataset": name}))


# ---------------------------------------------------------------- on the projector: one scene
def present(number: int, lang: str = "en", query: dict[str, str] | None = None) -> AppTest:
    """The page on the projector at scene `number` of the link (the app's first page: the
    link's scene is read on arrival)."""
    return open_page(PAGE, lang=lang, query={"present": "1", "scene": str(number), **(query or {})})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_scene_shows_its_own_figure_alone(lang: str) -> None:
    from pages.learning_from_data import SCENES

    figures = {"data": (1, 0), "features": (0, 1), "split": (1, 0), "overfit": (1, 0)}
    for number, scene in enumerate(SCENES, start=1):
        at = present(number, lang)
        assert not at.exception, scene.key
        text = rendered_text(at)
        assert "⟦" not in text and t(scene.caption_key, lang) in text
        assert (len(chart_specs(at)), len(at.get("graphviz_chart"))) == figures[scene.key]


def test_the_projectors_gallery_labels_each_digit_with_its_class_in_large_type() -> None:
    at = present(1)
    spec = chart_specs(at)[0]
    header = spec["facet"]["header"] if "header" in spec["facet"] else spec["facet"]["facet"]["header"]
    assert header["labelFontSize"] >= 18
    captions = list(dict.fromkeys(chart_data(at, 0)["caption"]))
    assert header["labelExpr"] == "[" + ", ".join(
        json.dumps(c.split(" · ")[0]) for c in captions) + "][datum.value]"


def test_the_overfitting_scene_keeps_its_settings_and_puts_the_verdict_in_the_notes() -> None:
    at = present(4)
    at.select_slider(key=SIZE).set_value(100).run()
    at.button(key="_scene_prev").click().run()
    assert not at.exception
    assert SIZE not in [slider.key for slider in at.select_slider]  # the split scene
    at.button(key="_scene_next").click().run()
    assert at.select_slider(key=SIZE).value == 100
    assert not at.warning and not at.success  # the verdict's box: in the notes instead
    notes = "\n".join(m.value for m in notes_block(at).markdown)
    assert t("learn.overfit.body", "en") in notes
    assert percent(metric(at, "learn.overfit.train_acc")) >= percent(
        metric(at, "learn.overfit.test_acc"))
