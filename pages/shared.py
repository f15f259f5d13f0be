"""Streamlit helpers shared by the frame and the lesson pages (the only UI glue module)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from core.errors import LearningError
from core.i18n import normalise_lang, t

# Session-state keys the frame owns; pages read them through the helpers below.
LANG, DATASET, SEED, PRESENT = "lang", "dataset", "seed", "present"
NOTICES = "_url_notices"
MAX_URL_VALUE = 64  # longer URL values are rejected outright, not parsed


def lang() -> str:
    """The user's language code, 'zh' or 'en'."""
    return normalise_lang(st.session_state.get(LANG))


def tr(key: str, **params: object) -> str:
    """Translate `key` into the current language."""
    return t(key, lang(), **params)


def presentation() -> bool:
    """True when the teacher switched on presentation mode."""
    return bool(st.session_state.get(PRESENT, False))


def seed() -> int:
    return int(st.session_state.get(SEED, 0))


# ---------------------------------------------------------------- URL binding
@dataclass(frozen=True)
class Param:
    """One URL-bound setting: its session-state key, default, and how to validate it.

    kind is "int", "float", "bool", "choice" or "log" (a float on a log slider);
    lo/hi clamp numbers, options lists the valid choices.
    """

    key: str
    default: Any
    kind: str = "choice"
    options: Sequence[Any] = ()
    lo: float | None = None
    hi: float | None = None

    def parse(self, raw: str) -> tuple[Any, bool]:
        """(value, ok): a valid value from the URL text, or the default and False."""
        if len(raw) > MAX_URL_VALUE:
            return self.default, False
        try:
            if self.kind == "choice":
                match = [o for o in self.options if str(o) == raw]
                return (match[0], True) if match else (self.default, False)
            if self.kind == "bool":
                low = raw.strip().lower()
                if low in ("1", "true", "yes", "on"):
                    return True, True
                if low in ("0", "false", "no", "off"):
                    return False, True
                return self.default, False
            number = float(raw)
            if not math.isfinite(number):
                return self.default, False
            clamped = min(max(number, self.lo if self.lo is not None else number),
                          self.hi if self.hi is not None else number)
            value: Any = int(round(clamped)) if self.kind == "int" else clamped
            return value, clamped == number and (self.kind != "int" or number == int(number))
        except (TypeError, ValueError, OverflowError):
            return self.default, False

    def to_url(self, value: Any) -> str:
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind in ("float", "log"):
            return f"{float(value):.6g}"
        return str(value)


def read_url_once(params: Sequence[Param], scope: str) -> None:
    """On the first run of `scope` in this session, seed session_state from the URL.

    Invalid, out-of-range or over-long values fall back to a valid value and leave a notice
    (shown by `show_url_notices`); unknown keys are ignored.
    """
    flag = f"_url_read_{scope}"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    notices: list[str] = st.session_state.setdefault(NOTICES, [])
    for p in params:
        if p.key not in st.query_params:
            continue
        value, ok = p.parse(st.query_params.get(p.key, ""))
        st.session_state[p.key] = value
        if not ok:
            notices.append(p.key)


def write_url(params: Sequence[Param]) -> None:
    """Mirror the current values into the URL; defaults are dropped to keep links short."""
    for p in params:
        value = st.session_state.get(p.key, p.default)
        text = p.to_url(value)
        if value == p.default:
            if p.key in st.query_params:
                del st.query_params[p.key]
        elif st.query_params.get(p.key) != text:
            st.query_params[p.key] = text


def show_url_notices() -> None:
    """Tell the user, once, which link values were not valid and were replaced."""
    notices = st.session_state.get(NOTICES)
    if notices:
        st.info(tr("url.invalid", keys=", ".join(sorted(set(notices)))), icon="🔗")
        st.session_state[NOTICES] = []


# --------------------------------------------------------------- errors
def show_error(error: Exception) -> None:
    """Turn a project error into a message in the user's language; never a traceback."""
    if isinstance(error, LearningError):
        st.error(tr(error.key, **error.params), icon="⚠️")
    else:
        st.error(tr("err.unexpected"), icon="⚠️")


def guarded(draw: Callable[[], None]) -> None:
    """Run a page body; any error becomes a translated message instead of a traceback."""
    try:
        draw()
    except LearningError as error:
        show_error(error)
    except Exception as error:  # noqa: BLE001 - the last line of defence for a classroom app
        show_error(error)


# --------------------------------------------------------------- charts
def altair(chart: Any, *, key: str | None = None) -> None:
    """Draw an Altair chart, scaled up in presentation mode."""
    from core.charts.theme import presentation_config

    if presentation():
        chart = presentation_config(chart)
    st.altair_chart(chart, use_container_width=True, key=key)
