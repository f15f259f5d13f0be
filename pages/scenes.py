"""A lesson as a deck of scenes on the projector; the same lesson as one long page on a laptop.

A page declares its scenes once (`SCENES`, one `Scene` per idea of its section) and ends with
`scenes.show(...)`. Presentation mode shows one scene at a time: a top bar (the page and the
scene, the section's full text behind a 📝 button, "3 / 5", ◀ ▶ buttons that a clicker's
keys drive), a one- or two-sentence caption, and the scene's widgets and chart. The laptop
layout draws every scene in order with its text, as the page always looked.
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from pages import shared
from pages.lessons import LESSONS

SCENE = "scene"  # the URL key (1-based) and the session-state key of the scene shown
_PAGE = "_scene_page"  # the lesson whose scene SCENE counts, to start a new lesson at its first
_ARRIVE = "_scene_arrive"  # where the next lesson opens: 1, or -1 for its last scene (going back)
PREV, NEXT = "_scene_prev", "_scene_next"
# The plot-area height of a scene's main chart on the projector: 40 % of a 768 px viewport's
# height (the taller of the two projector sizes), so the back row sees the experiment.
MAIN_CHART_HEIGHT = 310

_main_charts: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "scene_main_charts", default=None)
_notes: contextvars.ContextVar[list[tuple[str, dict[str, Any]]] | None] = (
    contextvars.ContextVar("scene_notes", default=None))


@dataclass(frozen=True)
class Scene:
    """One idea of a lesson: what the projector shows at once."""

    key: str  # a short stable name ("curve"): tests and screenshots use it
    title_key: str  # its heading (the laptop layout's subheader of the section)
    caption_key: str  # one or two sentences: the only prose on the projector
    draw: Callable[[Any], None]  # its body (prose, widgets, charts), given the page's context
    heading: bool = True  # laptop layout: a subheader before the body


def presenting() -> bool:
    return shared.presentation()


def prose(key: str, **params: Any) -> None:
    """A paragraph of the lesson: on the laptop in its place, on the projector in the notes."""
    _text(st.markdown, key, params)


def aside(key: str, **params: Any) -> None:
    """A caption (a source, a detail): on the laptop in its place, on the projector in the
    notes."""
    _text(st.caption, key, params)


def _text(write: Callable[[str], Any], key: str, params: dict[str, Any]) -> None:
    notes = _notes.get()
    if notes is None:
        write(shared.tr(key, **params))
    else:
        notes.append((write, key, params))


def show(title_key: str, scenes: Sequence[Scene], context: Any = None, *,
         intro_key: str | None = None) -> None:
    """The page: every scene in order (laptop), or the current scene alone (projector)."""
    if not presenting():
        _drop_from_url()
        st.title(shared.tr(title_key))
        if intro_key:
            prose(intro_key)
        for scene in scenes:
            if scene.heading:
                st.subheader(shared.tr(scene.title_key))
            scene.draw(context)
        return
    lesson = _calling_lesson()
    number = _current(lesson, len(scenes))
    scene = scenes[number - 1]
    notes_place = _top_bar(title_key, scene, number, len(scenes), lesson)
    with st.container(key="scene_caption"):
        st.markdown(shared.tr(scene.caption_key))
    notes: list[tuple[Callable[[str], Any], str, dict[str, Any]]] = []
    if intro_key and number == 1:
        notes.append((st.markdown, intro_key, {}))
    token, charts = _notes.set(notes), _main_charts.set([0])
    try:
        scene.draw(context)
    finally:
        _notes.reset(token)
        _main_charts.reset(charts)
    if notes:  # in the top bar: the scene keeps the whole screen
        with notes_place.popover(shared.tr("scene.notes_button"), help=shared.tr("scene.notes")):
            for write, key, params in notes:
                write(shared.tr(key, **params))


def next_main_chart() -> str:
    """The key of the container of the scene's next main chart (main_chart, main_chart_2…)."""
    count = _main_charts.get() or [0]
    count[0] += 1
    return "main_chart" if count[0] == 1 else f"main_chart_{count[0]}"


# --------------------------------------------------------------- which scene
def _calling_lesson() -> int:
    """The index in LESSONS of the page that called `show` (its script is running as
    __main__, as Streamlit runs a page), -1 when it is not one of the lessons (a test)."""
    script = Path(sys._getframe(2).f_globals.get("__file__", "")).name
    names = [Path(lesson.script).name for lesson in LESSONS]
    return names.index(script) if script in names else -1


def scene_param(count: int) -> shared.Param:
    return shared.Param(SCENE, 1, "int", lo=1, hi=count)


def _current(lesson: int, count: int) -> int:
    """The scene to show (1-based): the link's on arriving at a lesson, then the buttons'."""
    param = scene_param(count)
    if st.session_state.get(_PAGE) != lesson:
        st.session_state[_PAGE] = lesson
        arrive = st.session_state.pop(_ARRIVE, None)
        if arrive is not None:
            number = count if arrive < 0 else 1
        elif SCENE in st.query_params:
            number, ok = param.parse(st.query_params[SCENE])
            if not ok:
                st.session_state.setdefault(shared.NOTICES, []).append(SCENE)
                shared.show_url_notices()
        else:
            number = 1
        st.session_state[SCENE] = number
    number = min(max(int(st.session_state.get(SCENE, 1)), 1), count)
    st.session_state[SCENE] = number
    shared.write_url([param])
    return number


def _drop_from_url() -> None:
    if SCENE in st.query_params:
        del st.query_params[SCENE]


# --------------------------------------------------------------- the top bar
def _top_bar(title_key: str, scene: Scene, number: int, count: int, lesson: int) -> Any:
    """Where the lesson stands and the way on: ◀ 3 / 5 ▶ (and a clicker's keys); returns the
    place of the scene's notes."""
    first, last = number == 1 and lesson <= 0, number == count and lesson in (-1, len(LESSONS) - 1)
    with st.container(horizontal=True, vertical_alignment="center", key="scene_bar", gap="small"):
        st.markdown(f"**{shared.tr(title_key)}** · {shared.tr(scene.title_key)}", width="stretch")
        # The way on stays in one piece at the right; the title wraps instead.
        with st.container(horizontal=True, vertical_alignment="center", width="content",
                          gap="small"):
            notes_place = st.container(width="content")  # filled once the scene is drawn
            back = st.button("◀", key=PREV, disabled=first, help=shared.tr("scene.prev"))
            st.markdown(shared.tr("scene.counter", n=number, total=count), width="content")
            forward = st.button("▶", key=NEXT, disabled=last, help=shared.tr("scene.next"))
    with st.container(key="scene_keys"):  # hidden by the presentation CSS; the script runs
        st.html(KEYS_JS, unsafe_allow_javascript=True)
    if back:
        _go(number - 1, count, lesson, -1)
    elif forward:
        _go(number + 1, count, lesson, 1)
    return notes_place


def _go(number: int, count: int, lesson: int, direction: int) -> None:
    """The next or previous scene; past a lesson's end, the neighbouring lesson."""
    if 1 <= number <= count or lesson < 0:
        st.session_state[SCENE] = min(max(number, 1), count)
        st.rerun()
    neighbour = lesson + direction
    if 0 <= neighbour < len(LESSONS):
        st.session_state[_ARRIVE] = direction
        shared.carry_frame_settings()
        st.switch_page(LESSONS[neighbour].script)


# A clicker sends → ← PageDown PageUp (some send space): each presses ◀ or ▶. Keys typed into a
# field, or arrows on a slider or a choice, stay theirs. Installed once per browser tab.
KEYS_JS = """
<script>
(() => {
  const doc = window.parent === window ? document : window.parent.document;
  if (doc.defaultView.__lfdSceneKeys) return;
  doc.defaultView.__lfdSceneKeys = true;
  const NEXT = ["ArrowRight", "PageDown", " "], BACK = ["ArrowLeft", "PageUp"];
  doc.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = event.target;
    const typing = target.closest && target.closest(
      "input, textarea, select, [contenteditable=true], [role=slider], [role=radio], " +
      "[role=radiogroup], [role=listbox], [role=combobox], [role=tab], canvas");
    if (typing) return;
    if (event.key === " " && target.closest && target.closest("button")) return;
    const which = NEXT.includes(event.key) ? "next" : BACK.includes(event.key) ? "prev" : null;
    if (!which) return;
    const button = doc.querySelector(`.st-key-_scene_${which} button`);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
})();
</script>
"""
