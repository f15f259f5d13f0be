"""The user's own CSV file as a Dataset: numeric feature columns and one label column.

Every problem becomes a DataError with an "err.csv.*" key (never a raw pandas or NumPy
exception), so the UI can explain it in the user's language.

Number formats (decided here, shown to users in data/README.md):
- The separator is a comma, unless the header line holds more semicolons or tabs.
- In semicolon- or tab-separated files a decimal comma is accepted ("1,5" reads as 1.5),
  since a comma cannot be a separator there.
- Thousands separators ("1,234", "1 234", "1'234") are never guessed, because "1,234" may
  mean 1.234 in one country and 1234 in another: such a column is reported by name
  (err.csv.number_format) and the user is asked to save plain numbers.

Memory (a class uploads at once to one small server): the file is read a block of rows at a
time straight into one float32 table, which the Dataset then takes over (split and standardised
in place); the whole text is never decoded at once and no float64 copy of the table is made.
Peak: the float32 table (about 2x the file for one-digit cells) plus a few MB of blocks,
at most 3x the file (tests/test_csv_memory.py; benchmarks/bench_csv_memory.py). Types are
decided per block of rows (about BLOCK_CELLS cells), the label column's over the whole file.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core.datasets.dataset import (
    Dataset,
    DatasetMeta,
    check_seed,
    check_test_fraction,
    split_dataset,
)
from core.errors import DataError

# One upload limit for the browser, the uploader widget, the server and the importer, in MB as
# Streamlit's uploader counts them in the browser: its size converter uses 1,000 per unit (1,024
# only on Windows), so "50" there refuses files over 50,000,000 bytes and writes "50.0MB".
# .streamlit/config.toml's server.maxUploadSize holds the same number (tests/test_safety.py).
MAX_UPLOAD_MB = 50
BYTES_PER_MB = 1000 * 1000
MAX_CSV_BYTES = MAX_UPLOAD_MB * BYTES_PER_MB
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CLASSES = 50
MIN_CLASS_ROWS = 2  # one for the training data and one for the test data
SEPARATORS = (",", ";", "\t")
BLOCK_CELLS = 2**20  # cells parsed at a time: some 10 MB of temporaries, however big the file
_BINARY_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"%PDF", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"\xff\xd8\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$")
_FORMATTED = re.compile(r"^[+-]?[\d.,\s'’_]*\d[\d.,\s'’_]*%?$")
_EXAMPLE_CHARS = 30
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends pandas knows
_PARSER_LINE = re.compile(r"(?:line|row) (\d+)")
_BOOLEANS = {"True": "True", "TRUE": "True", "true": "True",
             "False": "False", "FALSE": "False", "false": "False"}  # as pandas reads them
_FLOAT32_MAX = float(np.finfo(np.float32).max)
UNNAMED = "column"  # name given to a column whose header cell is empty


def megabytes(n_bytes: int) -> str:
    """A size in MB as Streamlit's uploader writes it ("50.0" for 50,000,000 bytes): divided by
    1,000 twice in floating point, then one decimal as JavaScript's toFixed(1) gives it (the
    exact value of the double, a tie rounded up: 50,250,000 bytes is "50.3", not "50.2")."""
    value = Decimal(n_bytes / 1000 / 1000)  # exact: the double the browser holds
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _too_large(n_bytes: int) -> DataError:
    return DataError("err.csv.too_large", size_mb=megabytes(n_bytes), max_mb=megabytes(MAX_CSV_BYTES))


def _size_of(stream: Any) -> int | None:
    """The full size of an uploaded file or a seekable stream, without reading it."""
    size = getattr(stream, "size", None)  # Streamlit's UploadedFile
    if isinstance(size, int):
        return size
    try:
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return int(end) - int(here)
    except (AttributeError, OSError, ValueError):
        return None


def _read_bytes(file_or_bytes: Any) -> tuple[bytes, str]:
    """(content, shown name) from bytes, a path or a file-like object, at most MAX_CSV_BYTES."""
    if isinstance(file_or_bytes, (bytes, bytearray, memoryview)):
        data, name = bytes(file_or_bytes), "CSV"
    elif isinstance(file_or_bytes, (str, os.PathLike)):
        path = Path(file_or_bytes)
        try:
            if path.stat().st_size > MAX_CSV_BYTES:
                raise _too_large(path.stat().st_size)
            data = path.read_bytes()
        except OSError:
            raise DataError("err.csv.unreadable", name=path.name) from None
        name = path.name
    elif hasattr(file_or_bytes, "read"):
        size = _size_of(file_or_bytes)
        if size is not None and size > MAX_CSV_BYTES:
            raise _too_large(size)  # the real size, not the bytes read up to the limit
        try:
            data = file_or_bytes.read(MAX_CSV_BYTES + 1)
        except (OSError, ValueError):
            raise DataError("err.csv.unreadable", name=str(getattr(file_or_bytes, "name", "CSV"))) from None
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = Path(str(getattr(file_or_bytes, "name", "CSV"))).name
    else:
        raise DataError("err.csv.unreadable", name=type(file_or_bytes).__name__)
    if len(data) > MAX_CSV_BYTES:
        raise _too_large(len(data))
    return data, name


def _utf16_without_bom(data: bytes) -> bool:
    """Text saved as UTF-16 without a byte-order mark: Latin letters, digits and separators
    are two bytes each, one of them NUL, so one byte in two is NUL (at odd or at even
    offsets) and almost none of the others are."""
    head = data[:4096]
    if b"\x00" not in head:
        return False
    half = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # Chinese characters have no NUL byte: a quarter of NULs on one side is enough.
    return max(even, odd) >= max(2, half // 4) and min(even, odd) <= half // 50


def _check_encoding(data: bytes) -> None:
    """UTF-8 (a BOM is fine); binary files and other encodings are refused, with the line of
    the first byte that is not UTF-8. Checked a slice at a time: the text is never held whole."""
    if data.startswith(_UTF16_BOMS):
        raise DataError("err.csv.not_utf8", line=1)
    if data.startswith(_BINARY_MAGIC):
        raise DataError("err.csv.binary")
    if _utf16_without_bom(data):
        raise DataError("err.csv.utf16")
    if b"\x00" in data[:8192]:
        raise DataError("err.csv.binary")
    start, step = 0, 2**20
    while start < len(data):
        end = _char_boundary(data, start + step)
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError as error:
            raise DataError("err.csv.not_utf8",
                            line=data.count(b"\n", 0, start + error.start) + 1) from None
        start = end
    if b"\x00" in data:
        raise DataError("err.csv.binary")


def _char_boundary(data: bytes, end: int) -> int:
    """`end`, moved back to the start of a UTF-8 character (at most 3 bytes back)."""
    end = min(end, len(data))
    for _ in range(3):
        if end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
    return end


def _head(data: bytes) -> str:
    """The text of the file's start, long enough to hold its first non-blank line whole."""
    size = 2**16
    while True:
        end = _char_boundary(data, size)
        text = data[:end].decode("utf-8", errors="replace")  # checked already: only a cut char
        text = text.removeprefix("\ufeff")
        lines = _LINE_BREAK.split(text)
        blank = [not line.strip() for line in lines]
        if end == len(data) or (False in blank and blank.index(False) < len(lines) - 1):
            return text
        size *= 4


def _header(text: str) -> tuple[str, list[str], int]:
    """(separator, column names, lines up to the header) from the first non-empty line, checked."""
    lines = _LINE_BREAK.split(text)
    at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if at is None:
        raise DataError("err.csv.empty")
    first = lines[at]
    counts = {sep: first.count(sep) for sep in SEPARATORS}
    sep = max(SEPARATORS, key=lambda s: (counts[s], s == ","))
    names = [n.strip() for n in next(csv.reader([first], delimiter=sep))]
    if len(names) > MAX_COLUMNS:
        raise DataError("err.csv.too_many_columns", columns=len(names), max=MAX_COLUMNS)
    if all(_NUMBER.match(n) or _DECIMAL_COMMA.match(n) for n in names if n) and any(names):
        raise DataError("err.csv.no_header", first=_short(first))
    names = [n or f"{UNNAMED} {i + 1}" for i, n in enumerate(names)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise DataError("err.csv.duplicate_columns", columns=", ".join(duplicates))
    return sep, names, at + 1


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…"


def _first_long_row(data: bytes, sep: str, expected: int) -> tuple[int, int]:
    """(line, fields) of the first row with more (non-empty) fields than the header names."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=sep, skipinitialspace=True)
    try:
        for row in reader:
            while row and not row[-1].strip():
                row = row[:-1]  # a trailing separator is harmless
            if len(row) > expected:
                return reader.line_num, len(row)
    except csv.Error:
        pass
    return 0, 0


def _parser_error(error: Exception, expected: int) -> DataError:
    """A pandas parser error as our own message: the line it names, never its English."""
    message = str(error)
    match = re.search(r"Expected \d+ fields in line (\d+), saw (\d+)", message)
    if match:
        return DataError("err.csv.ragged", line=int(match[1]), expected=expected, found=int(match[2]))
    match = re.search(r"EOF inside string starting at row (\d+)", message)
    if match:  # pandas counts rows from 0 here, every line of the file included
        return DataError("err.csv.unclosed_quote", line=int(match[1]) + 1)
    match = _PARSER_LINE.search(message)
    if match:
        return DataError("err.csv.parse", line=int(match[1]))
    return DataError("err.csv.parse_unknown")


def _blocks(data: bytes, sep: str, names: list[str], skip: int,
            label: str | None = None) -> Iterator[pd.DataFrame]:
    """The table below the header, BLOCK_CELLS cells at a time, at most MAX_ROWS rows;
    pandas errors become err.csv.*, as do too many rows and none at all.

    One spare column catches rows with more fields than the header has names (pandas would
    otherwise quietly turn the first column into an index or drop the extra fields). The label
    column is read as text: whether its values are numbers is decided over the whole column.
    """
    spare = "\x00spare"
    filled = 0
    try:
        reader = pd.read_csv(io.BytesIO(data), sep=sep, header=None, skiprows=skip,
                             names=[*names, spare], index_col=False, skipinitialspace=True,
                             skip_blank_lines=True, nrows=MAX_ROWS + 1,
                             dtype=None if label is None else {label: str},
                             chunksize=max(1, BLOCK_CELLS // len(names)), low_memory=False)
        with reader:
            for frame in reader:
                filled += len(frame)
                if filled > MAX_ROWS:
                    lines = data.count(b"\n")
                    raise DataError("err.csv.too_many_rows", rows=f"{lines:,}", max=f"{MAX_ROWS:,}")
                if frame[spare].notna().any():
                    line, found = _first_long_row(data, sep, len(names))
                    raise DataError("err.csv.ragged", line=line, expected=len(names), found=found)
                yield frame  # the spare column stays: dropping it would copy the block
                del frame  # not held while the next block is read
    except pd.errors.EmptyDataError:
        raise DataError("err.csv.empty") from None
    except pd.errors.ParserError as error:
        raise _parser_error(error, len(names)) from None
    except (ValueError, UnicodeError, csv.Error) as error:
        raise _parser_error(error, len(names)) from None
    except MemoryError:
        raise DataError("err.csv.parse_unknown") from None
    if filled == 0:
        raise DataError("err.csv.no_rows")


def _empty_columns(data: bytes, sep: str, names: list[str], skip: int, candidates: list[str]) -> list[str]:
    """Which of `candidates` hold no value in any row; on the way, the table's own problems
    (a ragged row, too many rows, none) are raised as reading it would."""
    full: set[str] = set()
    for frame in _blocks(data, sep, names, skip):
        full.update(n for n in candidates if n not in full and frame[n].notna().any())
    return [n for n in candidates if n not in full]


def _numeric(column: pd.Series, name: str, sep: str) -> np.ndarray:
    """One feature column as float64 (NaN where empty), or err.csv.number_format/non_numeric."""
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    text = column.astype("string").str.strip()
    text = text.mask(text == "")
    values = text.dropna()
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.isna().any() and sep != "," and values.str.match(_DECIMAL_COMMA).all():
        numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
    if numbers.isna().any() and values.str.lower().isin(("true", "false")).all():
        numbers = (values.str.lower() == "true").astype(np.float64)  # a yes/no column reads as 1/0
    bad = values[numbers.isna()]
    if len(bad):
        example = bad.iloc[0]
        key = "err.csv.number_format" if _FORMATTED.match(example) else "err.csv.non_numeric"
        raise DataError(key, column=name, value=_short(example), row=int(bad.index[0]) + 2)
    out = np.full(len(column), np.nan)
    out[text.notna().to_numpy()] = numbers.to_numpy(dtype=np.float64)
    return out


def _store(frame: pd.DataFrame, features: list[str], sep: str, out: np.ndarray,
           offset: np.ndarray | None) -> np.ndarray:
    """Write a block's feature columns into `out` (its float32 rows), each minus its offset,
    one column at a time (no float64 copy of the block); returns the offsets, taken from this
    block if there are none yet: each column's median of the values in float32's range.

    The offset is subtracted in float64, before the float32 rounding: standardising removes
    it anyway, and values such as timestamps (1.7e9, one second apart) keep their differences,
    which float32 alone would round to 128 s. A value still beyond float32's range becomes inf
    and is refused as err.csv.non_finite.
    """
    first = offset is None
    offsets = np.zeros(len(features)) if offset is None else offset
    types = frame.dtypes
    with np.errstate(over="ignore", invalid="ignore"):
        for i, name in enumerate(features):
            kind = types[name]
            if isinstance(kind, np.dtype) and kind.kind in "biuf":  # NaN already, if any
                values = frame[name].to_numpy()
            elif pd.api.types.is_bool_dtype(kind) or pd.api.types.is_numeric_dtype(kind):
                values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                values = _numeric(frame[name], name, sep)
            if first:
                usable = values[np.abs(values) <= _FLOAT32_MAX]  # NaN and inf left out
                offsets[i] = np.median(usable) if len(usable) else 0.0  # an outlier cannot move it
            np.subtract(values, offsets[i], out=out[:, i], casting="unsafe")
    return offsets


def _labels(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(values, present): label values as numbers where they all are, else as stripped text.

    As pandas would type the whole column: numbers when every value is one, True/False when
    every value is a boolean word, text otherwise (so "1.0" and "1" are one class only when
    the column holds nothing but numbers).
    """
    text = column.str.strip()
    text = text.mask(text == "")
    present = text.notna().to_numpy()
    values = text[present]
    numbers = pd.to_numeric(values, errors="coerce")
    if len(values) and values.isin(list(_BOOLEANS)).all():
        named = text.map(_BOOLEANS, na_action="ignore")
        return named.to_numpy(dtype=object, na_value=None), present
    if not numbers.isna().any():
        out = np.full(len(text), np.nan)
        out[present] = numbers.to_numpy(dtype=np.float64)
        return out, present
    return text.to_numpy(dtype=object, na_value=None), present


def _class_ids(values: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Class ids 0..k-1 in sorted label order, and each class's name."""
    if values.dtype == np.float64:
        classes, ids = np.unique(values, return_inverse=True)
        names = tuple(str(int(c)) if float(c).is_integer() else str(c) for c in classes)
    else:
        classes, ids = np.unique(values.astype(str), return_inverse=True)
        names = tuple(str(c) for c in classes)
    return ids.astype(np.int64), names


def _label_index(label_column: str | int | None, names: list[str]) -> int:
    if label_column is None:
        return len(names) - 1
    if isinstance(label_column, (int, np.integer)) and not isinstance(label_column, bool):
        if -len(names) <= label_column < len(names):
            return int(label_column) % len(names)
    elif str(label_column).strip() in names:
        return names.index(str(label_column).strip())
    raise DataError("err.csv.label_missing", column=_short(label_column),
                    columns=_short(", ".join(names)))


def _row_bound(data: bytes, skip: int) -> int:
    """At least as many rows as the table below the header holds (one per line break)."""
    breaks = max(data.count(b"\n"), data.count(b"\r"))
    return max(1, min(breaks + 1 - skip, MAX_ROWS))


def _read_table(data: bytes, sep: str, names: list[str], skip: int, features: list[str],
                label: str) -> tuple[np.ndarray, pd.Series]:
    """(float32 features, label text): each feature column minus an offset (see `_store`)."""
    x = np.empty((_row_bound(data, skip), len(features)), dtype=np.float32)
    labels: list[pd.Series] = []
    offset: np.ndarray | None = None
    filled = 0
    for frame in _blocks(data, sep, names, skip, label):
        if len(x) < filled + len(frame):  # more rows than line breaks (mixed line ends)
            x = np.concatenate((x[:filled], np.empty((len(frame), len(features)), np.float32)))
        offset = _store(frame, features, sep, x[filled:filled + len(frame)], offset)
        labels.append(frame[label])
        filled += len(frame)
        del frame  # not held while the next block is read
    text = pd.concat(labels, ignore_index=True) if len(labels) > 1 else labels[0].reset_index(drop=True)
    return x[:filled], text


def dataset_from_csv(file_or_bytes: Any, label_column: str | int | None = None, *, seed: int = 0,
                     test_fraction: float = 0.2, drop_missing: bool = False) -> Dataset:
    """A Dataset from CSV bytes, a path or an uploaded file; the label column defaults to the last.

    Features must be numeric; they are standardised with training-split statistics. Rows with
    missing values are an error unless `drop_missing`. Raises DataError("err.csv.*") otherwise.
    """
    fraction = check_test_fraction(test_fraction)
    seed = check_seed(seed)
    data, shown = _read_bytes(file_or_bytes)
    if not data or data.isspace():
        raise DataError("err.csv.empty")
    _check_encoding(data)
    sep, names, skip = _header(_head(data))
    if len(names) < 2:
        raise DataError("err.csv.no_features", column=names[0])
    # A separator at the end of every line (some spreadsheet exports) makes a nameless, empty
    # column: it is left out (looked for only when the header has a nameless column).
    nameless = [n for n in names if n.startswith(UNNAMED + " ")]
    empty = _empty_columns(data, sep, names, skip, nameless) if nameless else []
    kept = [n for n in names if n not in empty] if len(names) - len(empty) >= 2 else names
    try:
        label_at = _label_index(label_column, kept)
    except DataError:
        if not nameless:
            _empty_columns(data, sep, names, skip, [])  # the table's own problems come first
        raise
    label = kept[label_at]
    features = [n for i, n in enumerate(kept) if i != label_at]
    x, label_text = _read_table(data, sep, names, skip, features, label)
    values, has_label = _labels(label_text)
    del label_text
    x, values = _drop_missing(x, values, has_label, features, label, drop_missing)
    t, class_names = _class_ids(values)
    _check_classes(t, class_names)
    return split_dataset("csv", x, t, n_classes=len(class_names), class_names=class_names,
                         image_shape=None, meta=_meta(shown), seed=seed, test_fraction=fraction,
                         scale=True, in_place=True)


def _scan(x: np.ndarray, has_label: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """(rows with a gap, columns with a gap, empty cells, columns with inf in a complete row),
    a block of rows at a time."""
    gap_rows = ~has_label
    gap_columns = np.zeros(x.shape[1], dtype=bool)
    infinite = np.zeros(x.shape[1], dtype=bool)
    cells = 0
    step = max(1, BLOCK_CELLS // max(1, x.shape[1]))
    for i in range(0, len(x), step):
        block = x[i:i + step]
        gaps = np.isnan(block)
        gap_rows[i:i + step] |= gaps.any(axis=1)
        gap_columns |= gaps.any(axis=0)
        cells += int(gaps.sum())
        infinite |= np.isinf(block[~gap_rows[i:i + step]]).any(axis=0)
    return gap_rows, gap_columns, cells, infinite


def _drop_missing(x: np.ndarray, values: np.ndarray, has_label: np.ndarray, features: list[str],
                  label: str, drop: bool) -> tuple[np.ndarray, np.ndarray]:
    """The rows without gaps (the gaps an error unless `drop`); values out of range refused."""
    missing, gap_columns, cells, infinite = _scan(x, has_label)
    if missing.any():
        if not drop:
            first = features[int(np.argmax(gap_columns))] if gap_columns.any() else label
            raise DataError("err.csv.missing", rows=int(missing.sum()),
                            cells=cells + int((~has_label).sum()), column=first)
        keep = np.flatnonzero(~missing)
        if len(keep) == 0:
            raise DataError("err.csv.no_rows")
        step = max(1, BLOCK_CELLS // max(1, x.shape[1]))
        for i in range(0, len(keep), step):  # rows move up only: a block is read before written
            j = min(i + step, len(keep))
            x[i:j] = x[keep[i:j]]
        x, values = x[:len(keep)], values[keep]
    if infinite.any():
        raise DataError("err.csv.non_finite", column=features[int(np.argmax(infinite))])
    owner = x if x.base is None else x.base
    if x.nbytes < 0.75 * owner.nbytes:  # many rows dropped (or blank lines): keep only the rest
        x = x.copy()
    return x, values


def _check_classes(t: np.ndarray, class_names: tuple[str, ...]) -> None:
    if len(class_names) < 2:
        raise DataError("err.csv.single_class", label=_short(class_names[0]) if class_names else "")
    if len(class_names) > MAX_CLASSES:
        raise DataError("err.csv.too_many_classes", classes=len(class_names), max=MAX_CLASSES)
    counts = np.bincount(t, minlength=len(class_names))
    small = int(np.argmin(counts))
    if counts[small] < MIN_CLASS_ROWS:
        raise DataError("err.csv.small_class", label=_short(class_names[small]),
                        count=int(counts[small]), min=MIN_CLASS_ROWS)


def _meta(shown: str) -> DatasetMeta:
    return DatasetMeta("data.csv.title", "data.csv.desc", shown, "", "table")
