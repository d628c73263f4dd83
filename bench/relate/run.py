"""Benchmark: the relate engine and the chainchief CLI against PyPI ecomplexity 0.5.3, same
generated tables, same run.

    python bench/relate/run.py [--repeat 5] [--skip-national-peer]

Run from the workspace root with a Python that has requirements.txt installed. Builds in release,
generates bench/out/t300.csv (300 x 1,200) and bench/out/national.csv (2,800 x 1,382) with
generate.py, then times, taking the best of --repeat runs (the machine is shared):
  engine  : cargo example relate_bench: read the CSV, build the matrix, compute everything
            (RCA, M, ECI/PCI, proximity, density, COI/COG) in memory, rayon on;
  cli     : `chainchief relate complexity` as a process: read, compute, write the three CSVs;
  peer    : pandas.read_csv + ecomplexity(..., check_logsupermodularity=False) in memory (the
            same outputs), and once with the package's default log-supermodularity check on;
  peer+io : the above plus DataFrame.to_csv of its result, to compare with the CLI.
On the national table the peer runs once, check off, in memory only (it takes minutes).
"""

import argparse
import json
import os
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "bench", "out")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times), sorted(times)[len(times) // 2]


def engine(path, repeat):
    exe = os.path.join(TARGET, "release", "examples", "relate_bench")
    runs = [json.loads(subprocess.run([exe, path], check=True, capture_output=True, text=True).stdout) for _ in range(repeat)]
    return min(runs, key=lambda r: r["total_s"])


def cli(path, repeat):
    exe = os.path.join(TARGET, "release", "chainchief")
    out_dir = os.path.join(OUT, "cli-" + os.path.basename(path)[:-4])
    cmd = [exe, "relate", "complexity", "--input", path, "--location-col", "location", "--industry-col", "industry",
           "--value-col", "value", "--period-col", "year", "--out", out_dir]
    return best(lambda: subprocess.run(cmd, check=True, capture_output=True), repeat)


def peer(path, repeat, check=False, write=False):
    import pandas as pd
    from ecomplexity import ecomplexity

    def once():
        data = pd.read_csv(path, dtype={"location": str, "industry": str})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = ecomplexity(data, {"time": "year", "loc": "location", "prod": "industry", "val": "value"},
                              check_logsupermodularity=check, verbose=False)
        if write:
            out.to_csv(os.path.join(OUT, "peer-out.csv"), index=False, float_format="%.17g")

    return best(once, repeat)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-national-peer", action="store_true")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    sh(["cargo", "build", "--release", "-q", "-p", "chainchief"])
    sh(["cargo", "build", "--release", "-q", "-p", "relate", "--features", "parallel", "--example", "relate_bench"])
    tables = {"t300": (300, 1200), "national": (2800, 1382)}
    for name, (n_loc, n_ind) in tables.items():
        path = os.path.join(OUT, f"{name}.csv")
        if not os.path.exists(path):
            sh([sys.executable, os.path.join(HERE, "generate.py"), "--locations", str(n_loc), "--industries", str(n_ind),
                "--density", "0.12", "--seed", "1", "--out", path])
    print(f"load average at start: {os.getloadavg()}")
    for name in tables:
        path = os.path.join(OUT, f"{name}.csv")
        e = engine(path, a.repeat)
        c_best, c_med = cli(path, a.repeat)
        print(f"\n{name}: {e['locations']} x {e['industries']}")
        print(f"  engine  read+build+compute  best {e['total_s']:.3f} s  (read {e['read_s']:.3f}, build {e['build_s']:.3f}, compute {e['compute_s']:.3f})")
        print(f"  cli     read+compute+write  best {c_best:.3f} s  median {c_med:.3f} s")
        if name == "national" and a.skip_national_peer:
            continue
        reps = a.repeat if name == "t300" else 1
        p_best, p_med = peer(path, reps)
        print(f"  peer    read+compute        best {p_best:.3f} s  median {p_med:.3f} s   engine is {p_best / e['total_s']:.0f}x faster")
        if name == "national":
            continue  # the variants below take minutes at this size
        pc_best, _ = peer(path, 1, check=True)
        print(f"  peer    with its default log-supermodularity check  {pc_best:.3f} s   engine is {pc_best / e['total_s']:.0f}x faster")
        pw_best, _ = peer(path, 1, write=True)
        print(f"  peer+io read+compute+to_csv {pw_best:.3f} s   cli is {pw_best / c_best:.0f}x faster")
    print(f"\nload average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
