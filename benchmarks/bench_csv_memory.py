"""Memory of one CSV upload: the importer's peak above its baseline, on the classroom's shape.

    python -m benchmarks.bench_csv_memory [--rows 24487] [--columns 999]

Writes a CSV of the shape issue 17 measured (999 columns x 24,487 rows of one-digit numbers,
labels n % 50: about 49 MB) into a temporary folder, then in a fresh Python process per figure:

* tracemalloc: the peak of Python's and NumPy's allocations during `dataset_from_csv(bytes)`
  above what was allocated before the call (the uploaded bytes are the baseline: Streamlit
  holds them anyway);
* RSS: the process's resident memory peak during the call (VmHWM, reset just before it
  through /proc/self/clear_refs) above its resident memory before the call. This one also
  counts pandas' C tokenizer buffers and the allocator's slack, which tracemalloc cannot see.

The target (issue 17): both at most 3x the file's size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = r"""
import json, sys, time, tracemalloc
from pathlib import Path
from core.datasets import dataset_from_csv

def status(field):
    return next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith(field))

data = Path(sys.argv[1]).read_bytes()
dataset_from_csv(b"a,label\n1,0\n2,1\n3,0\n4,1\n")  # imports and first-call costs are baseline
mode = sys.argv[2]
if mode == "tracemalloc":
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    out = dataset_from_csv(data)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] - base
else:
    base = status("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets VmHWM to the current RSS
    t0 = time.perf_counter()
    out = dataset_from_csv(data)
    seconds = time.perf_counter() - t0
    peak = status("VmHWM") - base
print(json.dumps({"mode": mode, "peak": peak, "seconds": seconds, "shape": [out.n_train, out.n_test, out.n_features]}))
"""


def write_csv(path: Path, rows: int, columns: int, classes: int = 50) -> int:
    """The issue's file: one-digit features, the label n % classes in the last column."""
    features = columns - 1
    with path.open("w", newline="") as f:
        f.write(",".join(f"f{j}" for j in range(features)) + ",label\n")
        for i in range(rows):
            f.write(",".join(str((i * 7 + j * 3) % 10) for j in range(features)) + f",{i % classes}\n")
    return path.stat().st_size


def measure(path: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, str(path), mode], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=24_487)
    parser.add_argument("--columns", type=int, default=999)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "class.csv"
        size = write_csv(path, args.rows, args.columns)
        print(f"file: {args.rows:,} rows x {args.columns} columns, {size / 1e6:.1f} MB")
        for mode in ("tracemalloc", "rss"):
            result = measure(path, mode)
            print(f"{mode:>11}: peak {result['peak'] / 1e6:7.1f} MB above baseline = "
                  f"{result['peak'] / size:.2f}x the file ({result['seconds']:.2f} s)")


if __name__ == "__main__":
    main()
