#!/usr/bin/env python3
"""Side-by-side benchmark: the monitor engine (release example `rollup_bench`) and DuckDB run the
full chain × city × period rollup (当月/累计 and their 同比, 环比, every indicator) on the same
files, one after the other in this run; then the two result files are compared number for number.

    python bench/monitor/run.py --data /tmp/monitor-50k --enterprises 50000

--data names a folder in the bench layout (README.md); if it has no observations.csv, generate.py
fills it first with --enterprises synthetic firms. Figures: load, compute and write seconds, peak
resident memory, and the ratios engine / DuckDB.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def figures(text, who):
    line = next(l for l in text.splitlines() if l.startswith(who + " load_s="))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--enterprises", type=int, default=50_000)
    ap.add_argument("--no-compare", action="store_true", help="skip writing and comparing the rows")
    args = ap.parse_args()
    py = sys.executable
    if not os.path.exists(os.path.join(args.data, "observations.csv")):
        subprocess.run([py, os.path.join(HERE, "generate.py"), "--enterprises", str(args.enterprises),
                        "--out", args.data], check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "monitor", "--example", "rollup_bench"],
                   cwd=ROOT, check=True)
    engine_out = os.path.join(args.data, "engine_rows.csv")
    duck_out = os.path.join(args.data, "duckdb_rows.csv")
    out_args = lambda path: [] if args.no_compare else ["--out", path]

    engine = subprocess.run([os.path.join(target, "release", "examples", "rollup_bench"), args.data]
                            + out_args(engine_out), capture_output=True, text=True, check=True).stdout
    print(engine, end="")
    duck = subprocess.run([py, os.path.join(HERE, "duckdb_rollup.py"), "--data", args.data] + out_args(duck_out),
                          capture_output=True, text=True, check=True).stdout
    print(duck, end="")
    e, d = figures(engine, "engine"), figures(duck, "duckdb")
    print(f"ratio engine/duckdb: compute {e['compute_s'] / d['compute_s']:.3f}, "
          f"load+compute {(e['load_s'] + e['compute_s']) / (d['load_s'] + d['compute_s']):.3f}, "
          f"peak memory {e['peak_rss_mb'] / d['peak_rss_mb']:.3f}")
    print(f"engine peak memory / raw columns (16 B an observation): {e['peak_rss_mb'] / e['raw_columns_mb']:.2f}; "
          f"/ observation file: {e['peak_rss_mb'] / e['observation_file_mb']:.2f}")
    if not args.no_compare:
        subprocess.run([py, os.path.join(HERE, "compare.py"), engine_out, duck_out], check=True)


if __name__ == "__main__":
    main()
