"""Shared fixtures: AppTest over the real frame, caches cleared between tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> None:
    """Caches outlive AppTest instances; clear them so tests cannot see each other."""
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str | None = None, *, lang: str = "en", timeout: float = 30,
              query: dict[str, str] | None = None) -> AppTest:
    """Run the frame, then switch to `page` (e.g. "pages/loss_functions.py")."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """open_page as a fixture: app("pages/x.py", lang="zh")."""
    return open_page


def rendered_text(at: AppTest) -> str:
    """All text an AppTest run put on the page (markdown, captions, metrics, labels...)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text", "latex",
                 "info", "warning", "error", "success", "metric"):
        for el in at.get(kind):
            for attr in ("value", "body", "label"):
                v = getattr(el, attr, None)
                if isinstance(v, str):
                    parts.append(v)
    return "\n".join(parts)


def notes_block(at):
    """The scene's notes: the 📝 popover in the top bar."""
    from core.i18n import t

    labels = {t("scene.notes_button", lang) for lang in ("zh", "en")}
    return next(p for p in at.get("popover") if p.proto.popover.label in labels)


def assert_clean(at: AppTest) -> None:
    """No uncaught exception, no generic err.unexpected message (a bug behind shared.guarded,
    whose traceback is in the captured log), and no ⟦missing key⟧ marker anywhere on the page."""
    from core.i18n import MISSING, t

    assert not at.exception, [e.value for e in at.exception]
    unexpected = {t("err.unexpected", lang) for lang in ("zh", "en")}
    errors = [e.value for e in at.error]
    assert not unexpected.intersection(errors), f"a bug was caught by shared.guarded: {errors}"
    marker = MISSING.split("{")[0]
    text = [rendered_text(at)]
    for kind in ("button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "slider",
                 "select_slider", "number_input", "text_input", "file_uploader", "expander",
                 "tab", "button_group"):
        for el in at.get(kind):
            text.append(str(getattr(el, "label", "") or ""))
            text.extend(str(o) for o in getattr(el, "options", None) or ())
    joined = "\n".join(text)
    assert marker not in joined, [line for line in joined.splitlines() if marker in line]


def choice_widget(at: AppTest, kind: str, key: str):
    """The widget of `kind` (radio, selectbox...) that edits `key`: a choice whose labels follow
    the language (pages.shared.localized) is keyed _<key>__<lang>."""
    for widget in at.get(kind):
        if widget.key == key or (widget.key or "").startswith(f"_{key}__"):
            return widget
    raise LookupError(key)
