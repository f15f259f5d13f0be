"""ruff over the whole repository, as part of the README's test command: pyflakes,
pycodestyle, bugbear, import order and bandit's security rules (pyproject.toml). In the app
(core/, pages/, streamlit_app.py) this forbids eval/exec (S307, S102), pickle and marshal
(S301, S302), shell and subprocess calls (S602-S607) and unchecked URL schemes (S310): the
checks a hand-written source scan used to make."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                             "--no-cache", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_security_rules_are_on_for_the_app() -> None:
    import tomllib

    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert "S" in lint["select"]
    for pattern, ignored in lint.get("per-file-ignores", {}).items():
        if pattern.startswith(("core", "pages", "streamlit_app")):
            assert not {"S102", "S301", "S302", "S307", "S602", "S603", "S605"} & set(ignored)
