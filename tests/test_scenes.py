"""Presentation mode as a deck of scenes: every scene of every lesson renders in both
languages, the address names it, and the buttons a clicker drives move through the deck."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from core.i18n import t
from pages import scenes
from pages.lessons import LESSONS
from tests.conftest import assert_clean, open_page


def lesson_scenes(script: str) -> tuple[scenes.Scene, ...]:
    module = importlib.import_module(f"pages.{Path(script).stem}")
    return getattr(module, "SCENES", ())


DECKS = {lesson.script: lesson_scenes(lesson.script) for lesson in LESSONS}
EVERY_SCENE = [pytest.param(script, number, id=f"{Path(script).stem}-{scene.key}")
               for script, deck in DECKS.items() for number, scene in enumerate(deck, 1)]


def present(script: str, number: int | None = None, lang: str = "en"):
    """The lesson on the projector, at scene `number` of the link (None: no scene in it)."""
    query = {"present": "1"}
    if number is not None and script == LESSONS[0].script:  # the frame's first run shows it
        query["scene"] = str(number)
    at = open_page(None, lang=lang, query=query, timeout=90)
    if number is not None:
        at.query_params["scene"] = str(number)
    return at.switch_page(script).run()


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def counter(at) -> str:
    """The "3 / 5" of the top bar."""
    found = [text for text in markdown(at) if " / " in text and text.replace(" / ", "").isdigit()]
    assert len(found) == 1, markdown(at)
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("script", "number"), EVERY_SCENE)
def test_every_scene_renders_alone_with_its_caption(script: str, number: int, lang: str) -> None:
    deck = DECKS[script]
    at = present(script, number, lang)
    assert_clean(at)
    assert counter(at) == f"{number} / {len(deck)}"
    scene = deck[number - 1]
    assert t(scene.caption_key, lang) in markdown(at)
    assert any(t(scene.title_key, lang) in text for text in markdown(at))  # the top bar
    assert at.query_params.get("scene", ["1"]) in (str(number), [str(number)])


@pytest.mark.parametrize("script", [s for s, deck in DECKS.items() if deck])
def test_captions_are_one_or_two_short_sentences(script: str) -> None:
    for scene in DECKS[script]:
        for lang in ("zh", "en"):
            caption = t(scene.caption_key, lang)
            sentences = [s for s in re.split(r"[。！？]|[.!?](?:\s|$)", caption) if s.strip()]
            assert 1 <= len(sentences) <= 2 and len(caption) <= (70 if lang == "zh" else 160), (
                scene.key, lang, caption)


def test_the_buttons_walk_the_deck_and_the_address_follows() -> None:
    script = "pages/loss_functions.py"
    deck = DECKS[script]
    at = present(script)
    assert counter(at) == f"1 / {len(deck)}"
    assert at.button(key=scenes.PREV).disabled is False  # the previous lesson's last scene
    at.button(key=scenes.NEXT).click().run()
    assert counter(at) == f"2 / {len(deck)}"
    assert at.query_params["scene"] in ("2", ["2"])
    at.button(key=scenes.PREV).click().run()
    assert counter(at) == f"1 / {len(deck)}"
    assert "scene" not in at.query_params  # the first scene is the default: a short link


def test_past_the_last_scene_comes_the_next_lesson() -> None:
    script = "pages/loss_functions.py"
    deck = DECKS[script]
    at = present(script, len(deck))
    at.button(key=scenes.NEXT).click().run()
    assert_clean(at)
    following = LESSONS[[lesson.script for lesson in LESSONS].index(script) + 1]
    first = DECKS[following.script][0]
    assert counter(at) == f"1 / {len(DECKS[following.script])}"
    assert t(first.caption_key, "en") in markdown(at)


def test_a_scene_number_out_of_range_gets_the_link_notice() -> None:
    at = present("pages/loss_functions.py", 99)
    last = len(DECKS["pages/loss_functions.py"])
    assert counter(at) == f"{last} / {last}"
    assert any("scene" in info.value for info in at.info)


def test_the_laptop_layout_shows_every_scene_without_the_deck() -> None:
    at = open_page("pages/loss_functions.py")
    assert_clean(at)
    assert all(b.key not in (scenes.PREV, scenes.NEXT) for b in at.button)
    headings = [h.value for h in at.subheader]
    for scene in DECKS["pages/loss_functions.py"]:
        if scene.heading:
            assert t(scene.title_key, "en") in headings
