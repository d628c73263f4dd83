"""Benchmark: sensitivity analysis with d = 5 assumptions and N = 1,000 (7,000 full pipeline runs)
on COINr's ASEM example (51 units, 49 indicators, 4 levels), chainchief's engine (release CLI)
side by side with the NumPy implementation of the same pipeline (pipeline_numpy.py), same sample.

Usage (from the workspace root, with the venv of requirements.txt):
    python bench/evaluate/run.py [--n 1000] [--seed 1]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "composite"
sys.path.insert(0, str(Path(__file__).parent))
from pipeline_numpy import VARY  # noqa: E402


def runs_per_second(text):
    m = re.search(r"(\d+) runs in ([0-9.]+) s \((\d+) runs/s\), (\d+) failed", text)
    if not m:
        sys.exit(f"unexpected output: {text}")
    return int(m.group(1)), float(m.group(2)), int(m.group(3)), int(m.group(4))


def read_indices(path):
    rows = Path(path).read_text().splitlines()[1:]
    return {r.split(",")[0]: tuple(float(v) for v in r.split(",")[1:]) for r in rows}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    data, meta = FIXTURES / "asem_idata.csv", FIXTURES / "asem_imeta.csv"
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "chainchief"], cwd=ROOT, check=True)
    binary = target / "release" / "chainchief"
    out = Path(tempfile.mkdtemp(prefix="bench-evaluate-"))

    cmd = [str(binary), "evaluate", "sensitivity", "--data", str(data), "--meta", str(meta),
           "--normalise", "minmax:1,100", "--n", str(args.n), "--seed", str(args.seed),
           "--out-indices", str(out / "rust_si.csv"), "--out-ranks", str(out / "rust_ranks.csv")]
    for v in VARY:
        cmd += ["--vary", v]
    t0 = time.perf_counter()
    rust = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rust_wall = time.perf_counter() - t0
    runs, rust_s, rust_rate, rust_failed = runs_per_second(rust)

    t0 = time.perf_counter()
    numpy = subprocess.run([sys.executable, str(Path(__file__).parent / "pipeline_numpy.py"), "--data", str(data),
                            "--meta", str(meta), "--n", str(args.n), "--seed", str(args.seed),
                            "--out-indices", str(out / "numpy_si.csv"), "--out-ranks", str(out / "numpy_ranks.csv")],
                           check=True, capture_output=True, text=True).stdout
    numpy_wall = time.perf_counter() - t0
    np_runs, np_s, np_rate, np_failed = runs_per_second(numpy)
    assert np_runs == runs

    ours, theirs = read_indices(out / "rust_si.csv"), read_indices(out / "numpy_si.csv")
    gap = max(abs(a - b) for k in ours for a, b in zip(ours[k], theirs[k]))
    print(f"sensitivity analysis, d = {len(VARY)}, N = {args.n}: {runs} full pipeline runs on ASEM (51 x 49, 4 levels)")
    print(f"  chainchief (release, rayon): {rust_s:8.3f} s  {runs / rust_s:10.0f} runs/s  (wall with load {rust_wall:.3f} s, {rust_failed} failed)")
    print(f"  NumPy {__import__('numpy').__version__:<22}: {np_s:8.3f} s  {np_runs / np_s:10.0f} runs/s  (wall with load {numpy_wall:.3f} s, {np_failed} failed)")
    print(f"  ratio: {np_s / rust_s:.1f}x faster; max |Si/STi difference| = {gap:.1e}")
    for k in ours:
        print(f"    {k:<10} Si {ours[k][0]: .6f}  STi {ours[k][1]: .6f}   (NumPy {theirs[k][0]: .6f} / {theirs[k][1]: .6f})")


if __name__ == "__main__":
    main()
