"""Hosting settings that Streamlit Community Cloud and a classroom depend on (no browser needed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest

from tests.e2e import harness

CONFIG = harness.ROOT / ".streamlit" / "config.toml"
# pyarrow: the lab sends its live chart data as Arrow tables; segno: the class experiment's QR
# code; psycopg: class experiments on PostgreSQL when several replicas serve one school.
RUNTIME = {"streamlit", "numpy", "pandas", "altair", "pyarrow", "segno", "psycopg"}
MIB = 1024 * 1024  # Streamlit counts server.maxUploadSize in MiB (starlette_routes.py)


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_requirements_hold_only_the_runtime_set() -> None:
    names = set()
    for line in (harness.ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower())
    assert names == RUNTIME


def test_entry_point_is_at_the_repository_root() -> None:
    assert harness.APP.is_file()
    assert (harness.ROOT / "requirements.txt").is_file()


def test_config_suits_a_hosted_app(config: dict) -> None:
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["runner"]["fastReruns"] is True
    assert config["server"]["enableXsrfProtection"] is True
    assert config["theme"]["base"] == "light"


def test_config_options_exist_in_this_streamlit(config: dict) -> None:
    """A misspelt option is silently ignored by Streamlit: check every name against it."""
    from streamlit import config as st_config

    known = set(st_config.get_config_options())
    for section, options in config.items():
        for name in options:
            assert f"{section}.{name}" in known, f"unknown option {section}.{name}"


def test_upload_limit_matches_the_csv_importer(config: dict) -> None:
    limit_mb = config["server"]["maxUploadSize"]
    assert 1 <= limit_mb <= 200
    from core.datasets import MAX_CSV_BYTES as max_csv
    from core.datasets import MAX_UPLOAD_MB

    # One number: the browser refuses files over limit_mb * 1,000,000 bytes (its MB), and so
    # does the importer; the server's own check (limit_mb MiB) is looser, never stricter.
    assert limit_mb == MAX_UPLOAD_MB and max_csv == limit_mb * 1000 * 1000 <= limit_mb * MIB


def test_chart_palette_is_okabe_ito(config: dict) -> None:
    from core.charts.theme import OKABE_ITO

    assert [c.upper() for c in config["theme"]["chartCategoricalColors"]] == \
        [c.upper() for c in OKABE_ITO]


def test_a_cjk_font_is_installed() -> None:
    """Without one, Chinese renders as boxes in the browser (CI installs fonts-noto-cjk)."""
    if shutil.which("fc-list") is None:
        if harness.in_ci():
            pytest.fail("fc-list missing: install fontconfig and fonts-noto-cjk")
        pytest.skip("fontconfig not installed")
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                           check=False).stdout
    if not fonts.strip():
        message = "no Chinese font: apt-get install -y fonts-noto-cjk"
        if harness.in_ci():
            pytest.fail(message)
        pytest.skip(message)
