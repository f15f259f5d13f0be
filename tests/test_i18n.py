"""The string table: complete in both languages, and every key the code names is in it.

The source scan (Python's own parser, so prose in docstrings is not mistaken for a call)
covers the whole app (pages/, core/, streamlit_app.py). It finds keys in
  * translation calls: tr("k"), shared.tr("k"), t("k", lang), i18n.t("k", ...);
  * project errors: LearningError / DataError / DownloadError / ConfigError("err.k", ...)
    (and any other subclass of LearningError);
  * message records: {"key": "k", ...} (e.g. the engine's config notes).
A plain literal must be a key of the table. A key built at run time from an f-string
(tr(f"loss.preset.{p}")) cannot be checked literally: its static prefix (the text before the
first "{") must be listed in DYNAMIC_PREFIXES below and at least one key must start with it;
an f-string with no static text before its first "{" is treated like a variable key.
To add a dynamic key family, add its prefix here, and enumerate its keys in the owning page's
tests when the set of values is known (e.g. every preset has a loss.preset.<name> key).
Keys passed through variables (tr(meta.title_key)) are checked by the tests of their owners;
the data sets' title/description keys are checked below.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import core  # noqa: F401 - imports every module that defines LearningError subclasses
from core import errors, i18n
from core.datasets import dataset_info, list_datasets

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted({*ROOT.glob("pages/**/*.py"), *ROOT.glob("core/**/*.py"),
                  ROOT / "streamlit_app.py"})

# Static prefixes of keys built at run time (see the module docstring). Keep this list short.
DYNAMIC_PREFIXES: tuple[str, ...] = (
    "learn.pipe.row",   # learn.pipe.row1..3: the three pipelines of figure 4-2
    "loss.preset.",     # loss.preset.<preset>
    "lab.loss.", "lab.act.", "lab.init.", "lab.opt.", "lab.sampling.", "lab.status.",
    "why.act.",         # why.act.<activation>
    "why.tab.",         # why.tab.<view>: the gradient views on the projector
    "grad.fn.", "grad.status.", "grad.init.",
    "grad.trap.preset.", "grad.trap.claim.", "grad.trap.outcome.",  # core SURFACE_PRESETS
    "cmp.key.", "cmp.col.", "cmp.stop.", "cmp.exp.",
    "diag.", "diag.short.",  # diag.<finding>, diag.short.<finding> (tests/test_diagnosis.py)
    "err.config.",      # err.config.<field> from validate_config
    "err.download.",    # err.download.<reason> from download_mnist
)


def _error_names() -> list[str]:
    found, todo = set(), [errors.LearningError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return sorted(found)


# Callables whose first argument is a message key; a Scene's second and third are keys, and so
# is any keyword argument named *_key (intro_key=, title_key=, caption_key=).
KEY_CALLS = {"tr", "t", "prose", "show", *_error_names()}
SCENE_CALLS = {"Scene"}


def _callee(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else None)


def _key_of(node: ast.expr) -> tuple[str, bool] | None:
    """(key, False) for a string literal; (static prefix, True) for an f-string; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, False
    if isinstance(node, ast.JoinedStr):
        prefix = ""
        for part in node.values:
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                return prefix, True
            prefix += part.value
        return prefix, False
    return None


def used_keys() -> list[tuple[str, str, bool]]:
    """(where, key or static prefix, is_dynamic) for every key literal in the sources.

    Parsed with `ast` rather than matched with a regex, so docstrings, comments and prose
    that merely mention a call are not mistaken for one.
    """
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.Call) and _callee(node) in KEY_CALLS and node.args:
                candidates.append(node.args[0])
            if isinstance(node, ast.Call) and _callee(node) in SCENE_CALLS:
                candidates.extend(node.args[1:3])
            if isinstance(node, ast.Call):
                candidates.extend(k.value for k in node.keywords
                                  if k.arg and k.arg.endswith("_key"))
            elif isinstance(node, ast.Dict):
                candidates.extend(v for k, v in zip(node.keys, node.values)
                                  if isinstance(k, ast.Constant) and k.value == "key")
            for candidate in candidates:
                key = _key_of(candidate)
                if key is not None:
                    found.append((f"{path.relative_to(ROOT)}:{candidate.lineno}", *key))
    return found


USED = used_keys()


def test_the_scan_finds_keys() -> None:
    """Guard against a regex that silently matches nothing."""
    literal = {key for _, key, dynamic in USED if not dynamic}
    assert {"loss.mse", "learn.title", "sidebar.seed"} <= literal
    assert any(dynamic for *_, dynamic in USED)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_key_is_missing_a_language(lang: str) -> None:
    assert i18n.missing_keys()[lang] == []


def test_every_literal_key_exists() -> None:
    missing = sorted({f"{key}  ({where})" for where, key, dynamic in USED
                      if not dynamic and key not in i18n.STRINGS})
    assert missing == []


def test_every_dynamic_key_family_is_declared_and_exists() -> None:
    # An f-string with no static prefix (t(f"{prefix}.{v}")) is as opaque as a variable key.
    undeclared = sorted({f"{prefix}  ({where})" for where, prefix, dynamic in USED
                         if dynamic and prefix and prefix not in DYNAMIC_PREFIXES})
    assert undeclared == [], "add the prefix to DYNAMIC_PREFIXES (and test its keys)"
    empty = sorted(p for p in DYNAMIC_PREFIXES if not any(k.startswith(p) for k in i18n.STRINGS))
    assert empty == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_use_the_same_placeholders() -> None:
    """A {placeholder} present in one language only would print as-is or be lost."""
    differ = sorted(key for key, entry in i18n.STRINGS.items()
                    if _fields(entry.get("zh", "")) != _fields(entry.get("en", "")))
    assert differ == []


@pytest.mark.parametrize("name", list_datasets())
def test_data_set_titles_and_descriptions_exist(name: str) -> None:
    meta = dataset_info(name)
    assert meta.title_key in i18n.STRINGS and meta.description_key in i18n.STRINGS


def test_missing_key_renders_a_marker() -> None:
    assert i18n.t("no.such.key", "zh") == "⟦no.such.key⟧"
    assert i18n.t("loss.title", "zh") == "损失函数"
