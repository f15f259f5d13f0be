"""What a fresh server pays for before the first page is drawn (scripts/speed.py times it)."""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path

import core

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]


def test_the_public_names_are_the_books_and_import_plainly() -> None:
    """core/__init__.py imports its public names at the top (no lazy machinery): each is the
    object of the module that defines it. The cold start is measured by scripts/speed.py."""
    for name in core.__all__:
        obj = getattr(core, name)
        module = importlib.import_module(getattr(obj, "__module__", "") or "core")
        assert module.__name__.startswith("core") and name in dir(core)
    for book_name in ("mean_squared_error", "cross_entropy_error", "numerical_diff",
                      "numerical_gradient", "gradient_descent", "TwoLayerNet"):
        assert book_name in core.__all__


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


def test_every_lesson_starts_the_same_way() -> None:
    """Each lesson runs its body under `if __name__ == "__main__": shared.guarded(...)`, so a
    test can import its helpers without running it, and nothing runs outside the guard."""
    from pages.lessons import LESSONS

    for lesson in LESSONS:
        tree = ast.parse((ROOT / lesson.script).read_text(encoding="utf-8"))
        last = tree.body[-1]
        assert isinstance(last, ast.If) and ast.unparse(last.test) == "__name__ == '__main__'", \
            lesson.script
        assert [ast.unparse(n) for n in last.body][0].startswith("shared.guarded("), lesson.script
        calls = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Expr)
                 and isinstance(n.value, ast.Call)]
        assert calls == [], f"{lesson.script} runs {calls} at import"
