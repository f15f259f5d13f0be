"""One string table, Chinese and English, merged from the modules in core/strings/."""

from __future__ import annotations

from types import MappingProxyType

from core.strings import (
    classroom,
    common,
    data,
    diagnosis,
    draw_page,
    engine,
    gradient_page,
    lab,
    lab_compare,
    learning_page,
    loss_page,
    minibatch_page,
    why_loss_page,
)

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "en"
MISSING = "⟦{}⟧"  # what a page shows for a key that is missing: tests look for it


def _merge(*modules) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for module in modules:
        for key, entry in module.STRINGS.items():
            if key in table:
                raise ValueError(f"duplicate i18n key {key!r} in {module.__name__}")
            table[key] = entry
    return table


STRINGS = MappingProxyType(
    _merge(common, data, diagnosis, engine, learning_page, loss_page, minibatch_page, why_loss_page, gradient_page, lab,
           lab_compare, classroom, draw_page)
)


def normalise_lang(lang: object) -> str:
    """Any value -> a supported language code ('zh' for anything starting with zh)."""
    text = str(lang or "").strip().lower()
    return "zh" if text.startswith("zh") else "en" if text.startswith("en") else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The string for `key` in `lang`, formatted with `params`; a visible marker when missing."""
    entry = STRINGS.get(key)
    text = entry.get(lang) if entry else None
    if not text:
        return MISSING.format(key)
    try:
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        return text


def missing_keys() -> dict[str, list[str]]:
    """Keys that lack a non-empty entry, per language (a test wants this empty)."""
    return {lang: sorted(k for k, v in STRINGS.items() if not v.get(lang)) for lang in LANGS}
