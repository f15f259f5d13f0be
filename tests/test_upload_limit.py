"""One upload limit: the browser's, the uploader widget's, the server's and the importer's are
the same number, and a refused file is described in MB as the browser describes it.

Streamlit's uploader runs in the browser: it compares a file's size with maxUploadSize MB,
counting 1 MB = 1,000 x 1,000 bytes (1,024 x 1,024 only on Windows), and refuses it with "File
must be 50.0MB or smaller.". The test reads those facts from the installed frontend bundle, so
a Streamlit upgrade that changes them fails here instead of in a classroom.
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
import streamlit

from core.datasets import MAX_CSV_BYTES, MAX_UPLOAD_MB, dataset_from_csv, megabytes
from core.errors import DataError
from core.i18n import t
from tests.conftest import assert_clean, open_page

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = Path(streamlit.__file__).parent / "static" / "static" / "js"


def browser_code() -> str:
    """The frontend module with the uploader's size check and its size formatting."""
    [path] = [p for p in BUNDLE.glob("*.js") if "or smaller." in p.read_text(encoding="utf-8")]
    return path.read_text(encoding="utf-8")


def browser_size(n: float, unit: str = "b", digits: int = 1, base: int = 1000) -> str:
    """The bundle's size formatter, line for line (utils: `$=(e,t,n=1)=>...`)."""
    units = ["gb", "mb", "kb", "b"]
    at = units.index(unit)
    if at and n > base / 2:
        return browser_size(n / base, units[at - 1], digits, base)
    return f"{js_to_fixed(n, digits)}{unit.upper()}"


def js_to_fixed(x: float, digits: int) -> str:
    """JavaScript's Number.prototype.toFixed for x >= 0: the exact double, ties rounded up."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def test_the_bundle_counts_1000_bytes_per_mb_except_on_windows_and_writes_one_decimal() -> None:
    code = browser_code()
    # st=l()?1024:1e3, where l (imported from another module) is /^Win/i.test(navigator.platform)
    assert re.search(r"\w+=\w+\(\)\?1024:1e3", code), "the unit is no longer 1000 (1024 on Windows)"
    assert any("return/^Win/i.test(navigator.platform)" in p.read_text(encoding="utf-8")
               for p in BUNDLE.glob("utils.*.js"))
    assert re.search(r"\[`gb`,`mb`,`kb`,`b`\]", code)
    assert re.search(r"=\(e,t,n=1\)=>\{.*?e\.toFixed\(n\)", code)  # one decimal by default
    assert "File must be ${" in code and "`b`)} or smaller." in code


@pytest.mark.parametrize("n_bytes", [50_000_000, 50_000_001, 51_904_512, 55 * 2**20, 50_250_000,
                                     50_050_000, 52_428_800, 123_456_789, 499_999_999])
def test_sizes_are_written_as_the_browser_writes_them(n_bytes: int) -> None:
    assert f"{megabytes(n_bytes)}MB" == browser_size(n_bytes)


def test_the_browser_the_widget_the_server_and_the_importer_share_one_number() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB  # the browser gets this number
    assert MAX_CSV_BYTES == MAX_UPLOAD_MB * 1000 * 1000  # ...and counts MB like this
    at = open_page(query={"dataset": "csv"})
    assert_clean(at)
    assert at.file_uploader(key="_csv_file").proto.max_upload_size_mb == MAX_UPLOAD_MB
    # the server refuses only above MAX_UPLOAD_MB MiB (starlette_routes): never stricter
    assert MAX_CSV_BYTES <= config["server"]["maxUploadSize"] * 2**20


def too_large(content: object) -> DataError:
    with pytest.raises(DataError) as info:
        dataset_from_csv(content)
    assert info.value.key == "err.csv.too_large"
    return info.value


def test_what_the_browser_refuses_the_importer_refuses_and_says_so_the_same_way() -> None:
    # 49.5 MiB = 51.9 MB: refused by the browser ("File must be 50.0MB or smaller.")
    error = too_large(b"x,label\n" + b"1,0\n" * (51_904_512 // 4))
    for lang in ("zh", "en"):
        text = t(error.key, lang, **error.params)
        assert "51.9 MB" in text and "50.0 MB" in text, text
    assert browser_size(MAX_CSV_BYTES) == "50.0MB"


def test_a_file_at_the_limit_is_not_too_large() -> None:
    body = b"x,label\n" + b"1,0\n2,1\n" * 10
    exact = body + b"#" * (MAX_CSV_BYTES - len(body))  # a comment-like tail: some other error
    with pytest.raises(DataError) as info:
        dataset_from_csv(exact)
    assert info.value.key != "err.csv.too_large"


def test_a_large_stream_reports_its_own_size_not_the_limit() -> None:
    # 55 MiB handed over as a file object used to read "50.0 MB" (only the limit was read)
    stream = io.BytesIO(b"x,label\n" + b"1,0\n" * (55 * 2**20 // 4))
    error = too_large(stream)
    assert error.params["size_mb"] == "57.7" and error.params["max_mb"] == "50.0"
