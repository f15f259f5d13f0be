"""Safety: uploads stay in memory, arrays load without pickle, no user text becomes HTML,
the upload limit is set for the server and enforced again in code.

Source scans use the AST (not grep), so comments and strings cannot fool them.
"""

from __future__ import annotations

import ast
import builtins
import logging
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from core.datasets import MAX_CSV_BYTES, MAX_UPLOAD_MB, dataset_from_csv, megabytes
from core.errors import DataError
from core.i18n import t
from pages import shared
from tests.conftest import assert_clean, open_page

ROOT = Path(__file__).resolve().parent.parent
APP_SOURCES = sorted([ROOT / "streamlit_app.py", *(ROOT / "core").rglob("*.py"),
                      *(ROOT / "pages").rglob("*.py")])
ALL_SOURCES = sorted({*APP_SOURCES, *(ROOT / "scripts").rglob("*.py"),
                      *(ROOT / "benchmarks").rglob("*.py")})
# The modules an upload passes through, from the widget to the Dataset.
UPLOAD_PATH = [ROOT / "core" / "datasets" / "csv_import.py",
               ROOT / "core" / "datasets" / "dataset.py"]
GOOD_CSV = b"a,b,label\n" + b"".join(f"{i},{i * 3 % 7},{i % 2}\n".encode() for i in range(30))


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def calls(node: ast.AST) -> Iterator[ast.Call]:
    yield from (n for n in ast.walk(node) if isinstance(n, ast.Call))


def name_of(func: ast.expr) -> str:
    """'np.load' for np.load(...), 'open' for open(...), '.to_csv' for x.to_csv(...)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        base = func.value
        if isinstance(base, ast.Name):
            return f"{base.id}.{func.attr}"
        return f".{func.attr}"
    return ""


def is_call_to(call: ast.Call, names: set[str]) -> bool:
    """np.load matches "np.load"; any x.to_csv(...) matches ".to_csv"."""
    attr = f".{call.func.attr}" if isinstance(call.func, ast.Attribute) else None
    return name_of(call.func) in names or attr in names


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_the_scans_see_the_app() -> None:
    assert len(APP_SOURCES) > 30
    assert ROOT / "pages" / "shared.py" in APP_SOURCES


# ------------------------------------------------------------------ no pickle
def test_no_allow_pickle_true_anywhere() -> None:
    found = [where(p, c) for p in ALL_SOURCES for c in calls(tree(p))
             for k in c.keywords
             if k.arg == "allow_pickle" and not (isinstance(k.value, ast.Constant)
                                                 and k.value.value is False)]
    assert found == []


def test_every_np_load_says_allow_pickle_false() -> None:
    loads = [(p, c) for p in ALL_SOURCES for c in calls(tree(p))
             if name_of(c.func) in ("np.load", "numpy.load")]
    assert loads, "the bundled data is read with np.load somewhere"
    bad = [where(p, c) for p, c in loads
           if not any(k.arg == "allow_pickle" and isinstance(k.value, ast.Constant)
                      and k.value.value is False for k in c.keywords)]
    assert bad == []


def test_bundled_arrays_refuse_pickles(tmp_path: Path) -> None:
    """What allow_pickle=False buys: an object array in an .npz raises instead of unpickling."""
    path = tmp_path / "evil.npz"
    np.savez(path, x=np.array([{"a": 1}], dtype=object))
    with np.load(path, allow_pickle=False) as archive, pytest.raises(ValueError):
        archive["x"]


# ------------------------------------------------------------------ uploads stay in memory
WRITERS = {"open", "io.open", "os.open", ".write_bytes", ".write_text", ".tofile", "np.save",
           "np.savez", "np.savetxt", "np.savez_compressed", "tempfile.NamedTemporaryFile",
           "tempfile.mkstemp", "tempfile.TemporaryFile", "shutil.copyfileobj", ".to_pickle",
           ".to_parquet", ".to_excel"}


def test_upload_path_has_no_file_writes() -> None:
    found = [where(p, c) + " " + name_of(c.func) for p in UPLOAD_PATH for c in calls(tree(p))
             if is_call_to(c, WRITERS)
             or (is_call_to(c, {".to_csv"}) and (c.args or any(k.arg == "path_or_buf"
                                                                 for k in c.keywords)))]
    assert found == []
    # the sidebar function that receives the upload
    body = next(n for n in ast.walk(tree(ROOT / "pages" / "shared.py"))
                if isinstance(n, ast.FunctionDef) and n.name == "_csv_controls")
    found = [name_of(c.func) for c in calls(body)
             if is_call_to(c, WRITERS | {".to_csv", ".save", ".write"})]
    assert found == []
    assert any(is_call_to(c, {".getvalue"}) for c in calls(body))  # read in memory


def test_no_dataframe_or_array_is_written_to_a_path_in_the_app() -> None:
    found = [where(p, c) for p in APP_SOURCES for c in calls(tree(p))
             if is_call_to(c, {".to_csv", ".to_json", ".to_html"})
             and (c.args or any(k.arg in ("path_or_buf", "buf") for k in c.keywords))]
    found += [where(p, c) for p in APP_SOURCES for c in calls(tree(p))
              if is_call_to(c, {".tofile", "np.save", "np.savez", "np.savetxt"})]
    assert found == []


def test_an_upload_run_opens_no_file_for_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dynamic check: while the sidebar reads an upload and a page uses it, nothing is written."""
    at = open_page(query={"dataset": "csv"})
    writes: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, mode="r", *args, **kwargs):
        if any(c in str(mode) for c in "wax+"):
            writes.append(f"open({file!r}, {mode!r})")
        return real_open(file, mode, *args, **kwargs)

    def spy_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND):
            writes.append(f"os.open({path!r})")
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    at.file_uploader(key="_csv_file").set_value(("mine.csv", GOOD_CSV, "text/csv")).run()
    at.switch_page("pages/mini_batch.py").run()
    monkeypatch.undo()
    assert_clean(at)
    assert at.session_state[shared.CSV_DATASET].n_features == 2
    assert writes == []


# ------------------------------------------------------------------ no user text as HTML
def _constant_strings(module: ast.Module) -> set[str]:
    """Module-level names bound once to a string literal."""
    names: dict[str, int] = {}
    constant: set[str] = set()
    for node in ast.walk(module):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[target.id] = names.get(target.id, 0) + 1
                    if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                        constant.add(target.id)
    return {n for n in constant if names[n] == 1}


def test_unsafe_allow_html_only_takes_constants() -> None:
    uses = 0
    for path in APP_SOURCES:
        module = tree(path)
        constants = _constant_strings(module)
        for c in calls(module):
            unsafe = [k for k in c.keywords if k.arg == "unsafe_allow_html"]
            if not unsafe or (isinstance(unsafe[0].value, ast.Constant)
                              and unsafe[0].value.value is False):
                continue
            uses += 1
            body = c.args[0] if c.args else next(
                (k.value for k in c.keywords if k.arg == "body"), None)
            ok = (isinstance(body, ast.Constant) and isinstance(body.value, str)) or (
                isinstance(body, ast.Name) and body.id in constants)
            assert ok, f"{where(path, c)}: unsafe_allow_html with non-constant text"
    assert uses >= 1  # the presentation CSS; the scan must see it


def test_no_raw_html_elements_with_user_text() -> None:
    """st.html and components.html render HTML as is: the app gives them only a module-level
    string constant (the projector's clicker keys, pages/scenes.py KEYS_JS), never a value."""
    found, uses = [], 0
    for path in APP_SOURCES:
        module = tree(path)
        constants = _constant_strings(module)
        for c in calls(module):
            if not is_call_to(c, {"st.html", "components.html", ".html"}):
                continue
            uses += 1
            body = c.args[0] if c.args else None
            if not (isinstance(body, ast.Name) and body.id in constants):
                found.append(where(path, c))
    assert found == []
    assert uses >= 1  # the clicker keys; the scan must see them


@pytest.mark.parametrize("text, shown", [
    ("**bold**", r"\*\*bold\*\*"),
    ("[x](javascript:alert(1))", r"\[x\](javascript\:alert(1))"),
    ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)\>"),
    ("$x^2$ :red[hi] ~~s~~", r"\$x^2\$ \:red\[hi\] \~\~s\~\~"),
    ("a\n# heading\r\n- item", r"a \# heading - item"),
    ("plain name 1,234.5 (cm)", "plain name 1,234.5 (cm)"),
])
def test_user_text_in_messages_is_shown_literally(text: str, shown: str) -> None:
    assert shared.plain(text) == shown


def test_a_column_name_with_markup_is_not_rendered() -> None:
    content = b'a,"<b>x</b> **y** [z](http://evil.example)",label\n1,oops,0\n2,3,1\n3,4,0\n4,5,1\n'
    at = open_page(query={"dataset": "csv"})
    at.file_uploader(key="_csv_file").set_value(("evil.csv", content, "text/csv")).run()
    assert_clean(at)
    [message] = [e.value for e in at.error]
    assert r"\<b\>x\</b\> \*\*y\*\* \[z\](http\://evil.example)" in message
    assert "<b>" not in message and "**y**" not in message


def test_an_uploaded_files_name_is_its_source_shown_literally() -> None:
    name = "**my** <data> [x].csv"  # (a browser's file name never holds a "/")
    at = open_page(query={"dataset": "csv"})
    at.file_uploader(key="_csv_file").set_value((name, GOOD_CSV, "text/csv")).run()
    assert_clean(at)
    captions = [c.value for c in at.caption if c.value.startswith("Source: ")]
    assert captions == [r"Source: \*\*my\*\* \<data\> \[x\].csv (licence: -)"]


# ------------------------------------------------------------------ upload size limit
def config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_server_upload_limit_equals_the_importers_limit() -> None:
    # One number (MAX_UPLOAD_MB) for server.maxUploadSize, the widget, the browser and the
    # importer, whose bytes are MB as the browser counts them (test_upload_limit.py).
    assert config()["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert MAX_CSV_BYTES == MAX_UPLOAD_MB * 1000 * 1000


def test_the_uploader_widget_carries_the_same_limit() -> None:
    at = open_page(query={"dataset": "csv"})
    assert at.file_uploader(key="_csv_file").proto.max_upload_size_mb == MAX_UPLOAD_MB


def test_the_limit_is_enforced_again_in_code() -> None:
    with pytest.raises(DataError) as info:
        dataset_from_csv(b"x,label\n" + b"1,0\n" * (MAX_CSV_BYTES // 4))
    assert info.value.key == "err.csv.too_large"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_oversized_upload_that_bypasses_the_browser_gets_a_message(lang: str) -> None:
    at = open_page(query={"dataset": "csv"}, lang=lang)
    big = b"x,label\n" + b"1,0\n" * (MAX_CSV_BYTES // 4)
    at.file_uploader(key="_csv_file").set_value(("big.csv", big, "text/csv")).run()
    assert_clean(at)
    expected = t("err.csv.too_large", lang, size_mb=megabytes(len(big)),
                 max_mb=megabytes(MAX_CSV_BYTES))
    assert "50.0 MB" in expected  # as the browser writes its limit ("50.0MB")
    assert [e.value for e in at.error] == [expected]
    assert shared.CSV_DATASET not in at.session_state


# ------------------------------------------------------------------ errors are logged, not shown
def test_guarded_logs_the_traceback_and_shows_the_generic_message(
        caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise ZeroDivisionError("a bug")

    with caplog.at_level(logging.ERROR, logger="pages.shared"):
        shared.guarded(broken)  # bare mode: st.error is a no-op outside a script run
    [record] = [r for r in caplog.records if r.name == "pages.shared"]
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError
    assert "broken" in record.getMessage()


def test_guarded_does_not_log_a_learning_error(caplog: pytest.LogCaptureFixture) -> None:
    def user_mistake() -> None:
        raise DataError("err.csv.empty")

    with caplog.at_level(logging.DEBUG, logger="pages.shared"):
        shared.guarded(user_mistake)
    assert [r for r in caplog.records if r.name == "pages.shared"] == []


def test_assert_clean_catches_a_bug_hidden_by_guarded_and_missing_keys() -> None:
    """The helper every bad-input test ends with really fails on what it promises to catch."""
    from streamlit.testing.v1 import AppTest

    hidden_bug = AppTest.from_string(
        "from pages import shared\nshared.guarded(lambda: 1 / 0)\n").run()
    assert not hidden_bug.exception  # guarded caught it: only the generic message shows
    with pytest.raises(AssertionError, match="guarded"):
        assert_clean(hidden_bug)
    missing = AppTest.from_string(
        "import streamlit as st\nfrom core.i18n import t\nst.markdown(t('no.such.key'))\n").run()
    with pytest.raises(AssertionError):
        assert_clean(missing)
    crash = AppTest.from_string("raise ValueError('boom')\n").run()
    with pytest.raises(AssertionError):
        assert_clean(crash)
