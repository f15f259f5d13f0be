"""The mini-batch page, rendered through the real frame with AppTest."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import lessons
from core.datasets import load_dataset
from core.i18n import t
from tests.conftest import assert_clean, notes_block, open_page, rendered_text

PAGE = "pages/mini_batch.py"


def app_code(at) -> str:
    """The code block with what the app ran (the first block quotes the book's line)."""
    return at.get("code")[1].value


def digits_train_size() -> int:
    return load_dataset("digits", seed=0, test_fraction=0.2).n_train


def metric(at: AppTest, key: str, lang: str = "en") -> str:
    label = t(key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric labelled {label!r}"
    return values[0]


def chart_titles(at: AppTest) -> list[str]:
    titles = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("title")
        titles.append(title if isinstance(title, str) else (title or {}).get("text", ""))
    return titles


def chart_text(at: AppTest) -> str:
    return "\n".join(c.proto.spec for c in at.get("vega_lite_chart"))


def button(at: AppTest, key: str, lang: str = "en"):
    label = t(key, lang)
    return next(b for b in at.button if b.label == label)


def query_value(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    assert_clean(at)
    text = rendered_text(at)
    assert "⟦" not in text and "⟦" not in chart_text(at)
    assert t("mb.title", lang) in text
    assert "60,000" in text  # the lesson's MNIST example
    assert chart_titles(at) == [t("mb.strip_title", lang), t("mb.spread_title", lang),
                                t("mb.time_title", lang)]
    assert at.get("imgs") or at.get("image")  # the drawn digits are shown as images
    assert at.get("code")


def test_losses_are_those_of_the_briefly_trained_network() -> None:
    at = open_page(PAGE)
    data = load_dataset("digits", seed=0, test_fraction=0.2)
    net = lessons.train_briefly(data, 300, seed=0)
    losses = lessons.per_sample_losses(net, data.x_train, data.t_train)
    assert metric(at, "mb.full_loss") == f"{losses.mean():.4f}"
    assert float(metric(at, "mb.full_loss")) == pytest.approx(
        net.loss(data.x_train, data.t_train), abs=1e-4)
    # the page's first draw: choice(train_size, 100) from Generator([seed, 1])
    idx = np.random.default_rng([0, 1]).choice(data.n_train, 100)
    assert metric(at, "mb.batch_loss") == f"{losses[idx].mean():.4f}"
    code = app_code(at)
    assert f"draw_mini_batch(rng, {data.n_train}, 100)" in code
    assert ", ".join(str(i) for i in idx[:10]) in code


def test_spread_shrinks_like_one_over_sqrt_b() -> None:
    at = open_page(PAGE)
    text = rendered_text(at)
    match = re.search(r"at 1000 it is ([\d.]+), about 1/([\d.]+) of it", text)
    assert match, text
    ratio = float(match.group(2))
    assert np.sqrt(1000) / 1.6 < ratio < np.sqrt(1000) * 1.6  # sqrt(1000) = 31.6


def test_draw_again_draws_another_batch_and_goes_into_the_link() -> None:
    at = open_page(PAGE)
    before = app_code(at)
    button(at, "mb.draw_again").click().run()
    assert_clean(at)
    after = app_code(at)
    assert after != before and "default_rng([0, 2])" in after
    assert query_value(at, "mb_draw") == "2"


def test_batch_size_widget_changes_the_draw() -> None:
    at = open_page(PAGE)
    at.select_slider(key="mb_batch").set_value(10).run()
    assert_clean(at)
    assert f"draw_mini_batch(rng, {digits_train_size()}, 10)" in app_code(at)
    assert query_value(at, "mb_batch") == "10"


def test_untrained_network_has_a_loss_near_log_10() -> None:
    at = open_page(PAGE, query={"mb_iters": "0"})
    assert_clean(at)
    assert float(metric(at, "mb.full_loss")) == pytest.approx(np.log(10), abs=0.2)


def test_batch_sizes_above_the_training_set_are_clamped_with_a_note() -> None:
    at = open_page(PAGE, query={"dataset": "xor", "n_points": "200", "mb_batch": "1000"})
    assert_clean(at)
    text = rendered_text(at)
    assert "reduced to 160" in text  # 200 points, 20 % test data -> 160 training samples
    assert "draw_mini_batch(rng, 160, 160)" in app_code(at)
    assert "⟦" not in text
    # 2-D data: the drawn points are highlighted in a scatter plot
    assert t("mb.points_title", "en") in chart_titles(at)


def test_invalid_link_values_fall_back_with_a_notice() -> None:
    at = open_page(PAGE, query={"mb_batch": "7", "mb_draws": "abc", "mb_draw": "-5"})
    assert_clean(at)
    text = rendered_text(at)
    assert "mb_batch" in text and "mb_draws" in text
    assert f"draw_mini_batch(rng, {digits_train_size()}, 100)" in app_code(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_timing_section_reports_a_speed_up(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    button(at, "mb.measure_again", lang).click().run()
    assert_clean(at)
    text = rendered_text(at)
    assert "60,000" in text
    assert t("mb.time_title", lang) in chart_titles(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_books_line_is_quoted_beside_the_code_that_drew_the_batch(lang: str) -> None:
    import inspect

    from pages.mini_batch import BOOK_LINE

    at = open_page("pages/mini_batch.py", lang=lang)
    book, ran = (c.value for c in at.get("code")[:2])
    assert book == BOOK_LINE == "batch_mask = np.random.choice(train_size, batch_size)"
    assert inspect.getsource(lessons.draw_mini_batch) in ran
    assert t("mb.same_kind", lang) in rendered_text(at)


def test_the_app_draws_the_books_kind_of_sample_uniform_with_replacement() -> None:
    # What the caption claims: indices 0..n-1, uniformly, with repeats possible.
    draws = lessons.draw_mini_batch(np.random.default_rng(0), 10, 100_000)
    counts = np.bincount(draws, minlength=10)
    assert draws.min() == 0 and draws.max() == 9 and len(counts) == 10
    assert np.all(np.abs(counts / 100_000 - 0.1) < 0.005)
    small = lessons.draw_mini_batch(np.random.default_rng(1), 5, 5)
    repeats = sum(len(set(lessons.draw_mini_batch(np.random.default_rng(s), 5, 5))) < 5
                  for s in range(20))
    assert small.shape == (5,) and repeats > 0  # with replacement: a sample may come twice


# ---------------------------------------------------------------- on the projector: one scene
SCENE_CHARTS = {"estimate": "mb.strip_title", "spread": "mb.spread_title", "time": "mb.time_title"}


def present(number: int, lang: str = "en") -> AppTest:
    """The page on the projector at scene `number` of the link."""
    at = open_page(None, lang=lang, query={"present": "1"})
    at.query_params["scene"] = str(number)
    return at.switch_page(PAGE).run()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_scene_shows_its_own_chart_alone(lang: str) -> None:
    from pages.mini_batch import SCENES

    for number, scene in enumerate(SCENES, start=1):
        at = present(number, lang)
        assert_clean(at)
        assert t(scene.caption_key, lang) in rendered_text(at)
        wanted = [t(SCENE_CHARTS[scene.key], lang)] if scene.key in SCENE_CHARTS else []
        assert chart_titles(at) == wanted, scene.key


def test_the_draw_scene_shows_the_books_line_and_the_batchs_loss() -> None:
    at = present(2)
    assert_clean(at)
    assert at.get("code")[0].value == "batch_mask = np.random.choice(train_size, batch_size)"
    assert float(metric(at, "mb.batch_loss")) > 0 and float(metric(at, "mb.full_loss")) > 0


def test_the_pages_text_is_in_the_notes_on_the_projector() -> None:
    at = present(5)  # the spread
    notes = [m.value for m in notes_block(at).markdown]
    assert any("1/" in text and "σ/√B" in text for text in notes), notes


def test_a_setting_keeps_its_value_while_other_scenes_are_shown() -> None:
    at = present(2)
    at.select_slider(key="mb_batch").set_value(10).run()
    at.button(key="_scene_next").click().run()
    assert_clean(at)
    assert not at.select_slider  # the samples scene has no slider
    assert query_value(at, "mb_batch") == "10"
    at.button(key="_scene_prev").click().run()
    assert at.select_slider(key="mb_batch").value == 10
    assert f"draw_mini_batch(rng, {digits_train_size()}, 10)" in app_code(at)


def test_the_cost_scene_writes_its_numbers_large_and_its_labels_whole() -> None:
    at = present(6)
    assert_clean(at)
    bars, values = json.loads(at.get("vega_lite_chart")[0].proto.spec)["layer"]
    axis = bars["encoding"]["x"]["axis"]
    assert axis["labelLimit"] == 0 and "indexof" in axis["labelExpr"]  # "all data" / "(1437)"
    assert values["mark"]["fontSize"] >= 18
