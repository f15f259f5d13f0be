"""The training lab on the projector: five scenes (settings, live run, after training, key
experiments, comparison), each drawn alone in both languages once a run exists; Train and a
key experiment go on to the scene that shows them; a run keeps training on every scene.

The empty scenes are covered by tests/test_scenes.py (every scene of every lesson).
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from core.charts import compare as cmp_charts
from core.charts.spec import spec_dicts
from core.i18n import t
from pages import lab_views, scenes, training_lab
from pages.lab_views import chart_templates
from tests.conftest import assert_clean, open_page, rendered_text

PAGE = "pages/training_lab.py"
MAX_RUNS = 60
KEYS = [scene.key for scene in training_lab.SCENES]


def projector(lang: str = "en", scene: str | None = None, **query: str) -> AppTest:
    """The lab in presentation mode at `scene` (its key), with `query` in the link."""
    link = {"present": "1", **query}
    if scene is not None:
        link["scene"] = str(training_lab.scene_number(scene))
    at = open_page(PAGE, lang=lang, query=link)
    assert not at.exception, at.exception
    return at


def lab_run(at: AppTest):
    session = at.session_state["_lab"] if "_lab" in at.session_state else None
    return None if session is None else session.run


def shown(at: AppTest) -> int:
    """The number of the scene shown."""
    return int(at.session_state[scenes.SCENE])


def finish(at: AppTest) -> None:
    for _ in range(MAX_RUNS):
        if lab_run(at).status != "running":
            return
        at.run()
        assert not at.exception, at.exception
    raise AssertionError("the run did not end")


def go_to(at: AppTest, key: str) -> None:
    """Walk the deck with the top bar's buttons to the scene `key`."""
    target = training_lab.scene_number(key)
    while shown(at) != target:
        at.button(key=scenes.NEXT if shown(at) < target else scenes.PREV).click().run()
        assert not at.exception, at.exception
    # the first scene is the default: a link without scene= opens it
    assert at.query_params.get("scene", "1") in (str(target), [str(target)])


def mistake_captions(at: AppTest) -> list[str]:
    """The captions of the mistakes grid (its header's label expression: a JSON list)."""
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        expr = spec.get("facet", {}).get("header", {}).get("labelExpr", "")
        if expr.endswith("[datum.value]"):
            return json.loads(expr.removesuffix("[datum.value]"))
    return []


def chart_titles(at: AppTest) -> list[str]:
    """Each chart's title without spaces (a title wrapped in lines on the projector, joined)."""
    titles = []
    for chart in at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart"):
        title = json.loads(chart.proto.spec).get("title")
        title = title.get("text") if isinstance(title, dict) else title
        titles.append("".join(title if isinstance(title, list) else [title or ""]).replace(" ", ""))
    return titles


def test_the_scenes_are_the_issues_and_their_strings_exist_in_both_languages() -> None:
    assert KEYS == ["settings", "run", "results", "experiments", "compare"]
    for scene in training_lab.SCENES:
        for lang in ("zh", "en"):
            assert "⟦" not in t(scene.title_key, lang) + t(scene.caption_key, lang)


def test_train_on_the_settings_goes_on_to_the_live_run() -> None:
    at = projector("en", "settings", lab_epochs="2")
    assert at.button(key="_lab_train").label == "Train"
    at.button(key="_lab_train").click().run()
    assert not at.exception, at.exception
    assert shown(at) == training_lab.scene_number("run")
    assert lab_run(at) is not None
    assert at.query_params["scene"] in ("2", ["2"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_scene_after_a_run_fits_its_idea(lang: str) -> None:
    at = projector(lang, "run", lab_epochs="2")
    at.button(key="_lab_train").click().run()  # Train is on the live run too
    finish(at)
    # The live run: the buttons, the progress and two key figures, and three charts.
    assert [m.label for m in at.metric] == [t("lab.metric.train_acc_short", lang),
                                             t("lab.metric.test_acc_short", lang)]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) == 3
    assert all(spec["height"] == scenes.MAIN_CHART_HEIGHT and "title" not in spec
               for spec in specs)
    assert_clean(at)
    for key in ("results", "experiments", "compare", "settings"):
        go_to(at, key)
        assert_clean(at)
        assert "⟦" not in rendered_text(at)
        if key == "results":
            assert t("cmp.cm.title", lang).replace(" ", "") in chart_titles(at)
            # the mistakes in the back row's type: "3 → 8", the title saying which is which
            assert t("cmp.mis.title_short", lang).replace(" ", "") in chart_titles(at)
            assert mistake_captions(at) and all(
                re.fullmatch(r"\d → \d", caption) for caption in mistake_captions(at))
        if key == "compare":  # the two overlays first, their titles wrapped to level plots
            titles = chart_titles(at)
            assert titles[0] == t("cmp.chart.loss_title", lang).replace(" ", "")
            assert titles[1] == t("cmp.chart.acc_title", lang).replace(" ", "")
    # The settings scene: two rows of four, and the rest behind a button beside Train.
    assert t("lab.more_settings", lang) in [p.proto.popover.label for p in at.get("popover")]


def test_a_run_keeps_training_on_the_other_scenes() -> None:
    at = projector("en", "run", lab_epochs="1000", lab_batch="10")  # 100,000 updates: no slice ends it
    at.button(key="_lab_train").click().run()
    go_to(at, "compare")
    before = lab_run(at).trainer.iteration
    at.run()
    assert lab_run(at).status == "running"
    assert lab_run(at).trainer.iteration > before
    assert len(at.get("progress")) == 1  # its progress, on the scene shown
    at.button(key=scenes.PREV).click().run()  # the key experiments
    assert len(at.get("progress")) == 1
    go_to(at, "run")
    at.button(key="_lab_pause").click().run()
    assert lab_run(at).status == "paused"


def test_a_key_experiment_goes_on_to_the_comparison() -> None:
    at = projector("en", "experiments", lab_train="200")
    at.button(key="_lab_exp_activation").click().run()
    assert not at.exception, at.exception
    assert shown(at) == training_lab.scene_number("compare")
    for _ in range(MAX_RUNS * 3):
        if lab_run(at).status != "running":
            break
        at.run()
    assert len(at.session_state["_lab"].store) == 3
    assert_clean(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_live_charts_on_the_projector_keep_their_legends_inside(lang: str) -> None:
    specs = chart_templates(lang, False, 3, True, True, scenes.MAIN_CHART_HEIGHT)
    assert set(specs) == {"loss", "acc", "grad"}
    for kind, spec in specs.items():
        assert spec["height"] == scenes.MAIN_CHART_HEIGHT and "title" not in spec, kind
        legends = [node["legend"] for node in spec_dicts(spec)  # the encodings', not config's
                   if isinstance(node.get("legend"), dict) and "columns" in node["legend"]]
        assert legends and all(legend["orient"].startswith("top") for legend in legends), kind


def test_every_class_of_the_confusion_matrix_is_labelled() -> None:
    import pandas as pd

    frame = pd.DataFrame([{"true": str(a), "predicted": str(b), "count": 1, "share": 0.1}
                          for a in range(10) for b in range(10)])
    spec = cmp_charts.confusion_heatmap(frame, cmp_charts.labels_for("confusion", "en")).to_dict()
    axes = [node["axis"] for node in spec_dicts(spec) if isinstance(node.get("axis"), dict)]
    assert len(axes) >= 2 and all(axis.get("labelOverlap") is False for axis in axes)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_finding_is_one_line_on_the_projector(lang: str) -> None:
    """A run that learned nothing: on the results scene its finding is a popover's label and
    the button beside it; the explanation is inside, so the charts stay on the screen."""
    at = projector(lang, "run", lab_epochs="20")
    at.button(key="_lab_train").click().run()
    finish(at)
    go_to(at, "results")
    what = t("diag.short.learned_nothing", lang)
    label = t("lab.finding", lang, what=what[:1].upper() + what[1:])
    popover = next(p for p in at.get("popover") if p.proto.popover.label == label)
    assert t("diag.learned_nothing", lang).split("**")[1] in " ".join(m.value for m in popover.markdown)
    assert at.button(key="_lab_fix_learned_nothing").label == t("lab.use_lr", lang, lr="1")
    assert matrix_height(at) == scenes.MAIN_CHART_HEIGHT - lab_views.ROW_PX  # room for the line
    assert_clean(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_step_functions_stall_is_one_line_on_the_projector(lang: str) -> None:
    """Step activation: its figures sit behind a one-line popover whose label carries the key
    figure (first-layer weights changed: none), and the matrix gives up that line's room."""
    at = projector(lang, "run", lab_act="step", lab_epochs="3")
    at.button(key="_lab_train").click().run()
    finish(at)
    go_to(at, "results")
    run = lab_run(at)
    size = run.trainer.network.params["W1"].size
    label = t("lab.step.short", lang, changed=f"0 / {size:,}")
    popover = next(p for p in at.get("popover") if p.proto.popover.label == label)
    assert [m.label for m in popover.metric][0] == t("lab.step.changed", lang)
    rows = sum(p.proto.popover.label.startswith("⚠️") for p in at.get("popover"))  # one line each
    assert rows >= 1
    assert matrix_height(at) == max(lab_views.MIN_PLOT_PX,
                                    scenes.MAIN_CHART_HEIGHT - lab_views.ROW_PX * rows)
    assert_clean(at)


def matrix_height(at: AppTest) -> int:
    """The confusion matrix's plot height on the results scene."""
    charts = at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart")
    lang = "zh" if at.query_params.get("lang") in ("zh", ["zh"]) else "en"
    for chart, title in zip(charts, chart_titles(at), strict=True):
        if title == t("cmp.cm.title", lang).replace(" ", ""):
            return json.loads(chart.proto.spec)["height"]
    raise AssertionError("no confusion matrix")
