"""What a fresh server pays for before the first page is drawn (scripts/speed.py times it)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import core

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]


def test_importing_core_loads_no_chart_or_table_library() -> None:
    code = ("import sys, core; print(' '.join(m for m in ('pandas', 'altair', 'core.compare', "
            "'core.training') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    assert loaded == []


@pytest.mark.parametrize("name", core.__all__)
def test_every_public_name_is_its_submodules_object(name: str) -> None:
    module = importlib.import_module(core._MODULE_OF[name])
    assert getattr(core, name) is getattr(module, name)
    assert name in dir(core)


def test_the_lazy_table_matches_the_typed_imports() -> None:
    """core/__init__.py lists each name twice (typed imports, lazy table): keep them equal."""
    tree = ast.parse((ROOT / "core" / "__init__.py").read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    typed = {(node.module, alias.name) for node in guarded.body
             if isinstance(node, ast.ImportFrom) for alias in node.names}
    lazy = {(module, name) for module, names in core._SOURCES.items() for name in names}
    assert typed == lazy
    assert sorted(core.__all__) == sorted(name for _, name in lazy)


def test_an_unknown_name_is_an_attribute_error_and_submodules_still_import() -> None:
    with pytest.raises(AttributeError):
        core.no_such_name  # noqa: B018
    from core import lessons  # a submodule, not a lazy name

    assert lessons.__name__ == "core.lessons"


def test_magic_is_off_and_no_page_relies_on_it() -> None:
    """With runner.magicEnabled = false a bare expression would silently show nothing: none
    of the scripts Streamlit runs may contain one that magic would have displayed."""
    from streamlit.runtime.scriptrunner import magic

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False
    for script in SCRIPTS:
        tree = magic.add_magic(script.read_text(encoding="utf-8"), str(script))
        shown = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Attribute) and node.func.attr == "transparent_write"]
        assert shown == [], f"{script.name} relies on magic at line {shown[0].lineno}"
