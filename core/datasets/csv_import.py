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
"""

from __future__ import annotations

import csv
import io
import os
import re
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

MAX_CSV_BYTES = 50 * 2**20
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CLASSES = 50
MIN_CLASS_ROWS = 2  # one for the training data and one for the test data
SEPARATORS = (",", ";", "\t")
_BINARY_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"%PDF", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"\xff\xd8\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$")
_FORMATTED = re.compile(r"^[+-]?[\d.,\s'’_]*\d[\d.,\s'’_]*%?$")
_EXAMPLE_CHARS = 30
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends pandas knows
UNNAMED = "column"  # name given to a column whose header cell is empty


def _read_bytes(file_or_bytes: Any) -> tuple[bytes, str]:
    """(content, shown name) from bytes, a path or a file-like object, at most MAX_CSV_BYTES."""
    if isinstance(file_or_bytes, (bytes, bytearray, memoryview)):
        data, name = bytes(file_or_bytes), "CSV"
    elif isinstance(file_or_bytes, (str, os.PathLike)):
        path = Path(file_or_bytes)
        try:
            if path.stat().st_size > MAX_CSV_BYTES:
                raise DataError("err.csv.too_large", size_mb=round(path.stat().st_size / 2**20, 1),
                                max_mb=MAX_CSV_BYTES // 2**20)
            data = path.read_bytes()
        except OSError:
            raise DataError("err.csv.unreadable", name=path.name) from None
        name = path.name
    elif hasattr(file_or_bytes, "read"):
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
        raise DataError("err.csv.too_large", size_mb=round(len(data) / 2**20, 1),
                        max_mb=MAX_CSV_BYTES // 2**20)
    return data, name


def _decode(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); binary files and other encodings are refused."""
    if data.startswith(_UTF16_BOMS):
        raise DataError("err.csv.not_utf8", line=1)
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]:
        raise DataError("err.csv.binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError("err.csv.not_utf8", line=data[: error.start].count(b"\n") + 1) from None
    if "\x00" in text:
        raise DataError("err.csv.binary")
    if not text.strip():
        raise DataError("err.csv.empty")
    return text


def _header(text: str) -> tuple[str, list[str], int]:
    """(separator, column names, lines up to the header) from the first non-empty line, checked."""
    lines = _LINE_BREAK.split(text)
    at = next(i for i, line in enumerate(lines) if line.strip())
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


def _first_long_row(text: str, sep: str, expected: int) -> tuple[int, int]:
    """(line, fields) of the first row with more (non-empty) fields than the header names."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    try:
        for row in reader:
            while row and not row[-1].strip():
                row = row[:-1]  # a trailing separator is harmless
            if len(row) > expected:
                return reader.line_num, len(row)
    except csv.Error:
        pass
    return 0, 0


def _parse(text: str, sep: str, names: list[str], skip: int) -> pd.DataFrame:
    """The table below the header, at most MAX_ROWS rows; pandas errors become err.csv.*.

    One spare column catches rows with more fields than the header has names (pandas would
    otherwise quietly turn the first column into an index or drop the extra fields).
    """
    spare = "\x00spare"
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, skiprows=skip,
                            names=[*names, spare], index_col=False, skipinitialspace=True, skip_blank_lines=True,
                            nrows=MAX_ROWS + 1, low_memory=False)
    except pd.errors.EmptyDataError:
        raise DataError("err.csv.empty") from None
    except pd.errors.ParserError as error:
        match = re.search(r"Expected \d+ fields in line (\d+), saw (\d+)", str(error))
        if match:
            raise DataError("err.csv.ragged", line=int(match[1]), expected=len(names),
                            found=int(match[2])) from None
        raise DataError("err.csv.parse", detail=_short(error)) from None
    except (ValueError, UnicodeError, MemoryError, csv.Error) as error:
        raise DataError("err.csv.parse", detail=_short(error)) from None
    if len(frame) > MAX_ROWS:
        raise DataError("err.csv.too_many_rows", rows=f"{text.count(chr(10)):,}", max=f"{MAX_ROWS:,}")
    if frame[spare].notna().any():
        line, found = _first_long_row(text, sep, len(names))
        raise DataError("err.csv.ragged", line=line, expected=len(names), found=found)
    frame = frame.drop(columns=spare)
    if len(frame) == 0:
        raise DataError("err.csv.no_rows")
    return frame


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


def _labels(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(values, present): label values as numbers where they all are, else as stripped text."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        return values, ~np.isnan(values)
    text = column.astype("string").str.strip()
    text = text.mask(text == "")
    present = text.notna().to_numpy()
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


def dataset_from_csv(file_or_bytes: Any, label_column: str | int | None = None, *, seed: int = 0,
                     test_fraction: float = 0.2, drop_missing: bool = False) -> Dataset:
    """A Dataset from CSV bytes, a path or an uploaded file; the label column defaults to the last.

    Features must be numeric; they are standardised with training-split statistics. Rows with
    missing values are an error unless `drop_missing`. Raises DataError("err.csv.*") otherwise.
    """
    fraction = check_test_fraction(test_fraction)
    seed = check_seed(seed)
    data, shown = _read_bytes(file_or_bytes)
    if not data.strip():
        raise DataError("err.csv.empty")
    text = _decode(data)
    sep, names, skip = _header(text)
    if len(names) < 2:
        raise DataError("err.csv.no_features", column=names[0])
    frame = _parse(text, sep, names, skip)
    # A separator at the end of every line (some spreadsheet exports) makes a nameless, empty column.
    empty = [n for n in names if n.startswith(UNNAMED + " ") and frame[n].isna().all()]
    if empty and len(names) - len(empty) >= 2:
        frame, names = frame.drop(columns=empty), [n for n in names if n not in empty]
    label_at = _label_index(label_column, names)
    features = [n for i, n in enumerate(names) if i != label_at]
    x = np.column_stack([_numeric(frame[n], n, sep) for n in features])
    values, has_label = _labels(frame[names[label_at]])
    missing = np.isnan(x).any(axis=1) | ~has_label
    if missing.any():
        if not drop_missing:
            cells = int(np.isnan(x).sum() + (~has_label).sum())
            first = next(n for n, col in zip(features, np.isnan(x).T) if col.any()) \
                if np.isnan(x).any() else names[label_at]
            raise DataError("err.csv.missing", rows=int(missing.sum()), cells=cells, column=first)
        x, values = x[~missing], values[~missing]
        if len(x) == 0:
            raise DataError("err.csv.no_rows")
    infinite = ~np.isfinite(x).all(axis=0)
    if infinite.any():
        raise DataError("err.csv.non_finite", column=features[int(np.argmax(infinite))])
    t, class_names = _class_ids(values)
    _check_classes(t, class_names)
    with np.errstate(all="ignore"):
        dataset = split_dataset("csv", x, t, n_classes=len(class_names), class_names=class_names,
                                image_shape=None, meta=_meta(shown), seed=seed,
                                test_fraction=fraction, scale=True)
    if not (np.isfinite(dataset.x_train).all() and np.isfinite(dataset.x_test).all()):
        raise DataError("err.csv.non_finite", column=", ".join(features[:3]))
    return dataset


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
