"""Benchmark of the ESRI engine (chainchief risk esri, release build) against the NumPy/SciPy
reference of the spec (esri_reference.py), on the same power-law networks in the same run.

usage: python bench/risk/run.py [--quick] [--out bench/out/risk]
(run from the workspace root with the venv of bench/risk/requirements.txt; CARGO_TARGET_DIR is
honoured.)

Prints (a) per-closure time, reference vs engine single-threaded, on a 20k-firm and a 243k-firm
network (the same sampled closures, results checked to agree to 1e-12); (b) all-firm ESRI on a
100k-firm network (mean degree 4.5, 616 industries, IHS matrix) on 2 threads; (c) peak memory of
the engine on the 243k-firm network (/usr/bin/time -v).
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from esri_reference import EsriReference, power_law_network, read_matrix, write_matrix, write_network  # noqa: E402

IHS = os.path.join(ROOT, "..", "shared", "fixtures", "esri", "ess_mat_n4_ihs.csv")


def build():
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "chainchief"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "chainchief")


def network(out, name, firms, links, codes, ess, seed):
    folder = os.path.join(out, name)
    supplier, customer, value, industry = power_law_network(firms, links, len(codes), seed)
    if not os.path.exists(os.path.join(folder, "links.csv")):
        write_network(folder, supplier, customer, value, industry, codes)
        write_matrix(os.path.join(folder, "ess.csv"), codes, ess)
    return folder, (supplier, customer, value, industry)


def write_ids(path, firms):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["firm"])
        out.writerows([[f"f{k}"] for k in firms])


def engine(binary, folder, ids, out, threads=1):
    """Runs the engine under /usr/bin/time -v: (wall s, user CPU s, peak resident MiB, seconds
    the closures took as the engine reports them)."""
    command = [
        binary, "risk", "esri",
        "--links", os.path.join(folder, "links.csv"),
        "--firms", os.path.join(folder, "firms.csv"),
        "--essentiality", os.path.join(folder, "ess.csv"),
        "--threads", str(threads), "--out", out,
    ]
    command += ["--all"] if ids is None else ["--closures", ids]
    command = ["/usr/bin/time", "-v"] + command
    start = time.perf_counter()
    run = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    user = re.search(r"User time \(seconds\): ([0-9.]+)", run.stderr)
    closures = re.search(r"closures in ([0-9.]+) s", run.stderr)
    return seconds, float(user.group(1)), int(peak.group(1)) / 1024, float(closures.group(1))


def read_results(path):
    with open(path, newline="") as f:
        return {row["firm"]: row for row in csv.DictReader(f)}


def per_closure(binary, out, name, folder, data, ess, sample, seed, repeat, hubs=False):
    """Reference and engine on the same sampled closures; the engine runs the sample `repeat`
    times in one process (its cascades are too short to time one by one) and reports the wall
    time of the closures alone, single-threaded; the reference's time is CPU time."""
    supplier, customer, value, industry = data
    start = time.perf_counter()
    reference = EsriReference(supplier, customer, value, industry, ess)
    setup = time.perf_counter() - start
    rng = np.random.default_rng(seed)
    firms = len(industry)
    if hubs:
        # The 1 % largest firms by out-strength plus in-strength: the cascades that matter.
        strength = np.bincount(supplier, weights=value, minlength=firms)
        strength += np.bincount(customer, weights=value, minlength=firms)
        pool = np.argsort(-strength)[: max(sample, firms // 100)]
        closures = rng.choice(pool, size=sample, replace=False).tolist()
        name = f"{name}_hubs"
    else:
        closures = rng.choice(firms, size=sample, replace=False).tolist()
    ids = os.path.join(out, f"{name}_ids.csv")
    write_ids(ids, closures)
    repeated = os.path.join(out, f"{name}_ids_repeated.csv")
    write_ids(repeated, closures * repeat)
    start = time.process_time()
    expected = {f"f{k}": reference.esri(k) for k in closures}
    python_seconds = (time.process_time() - start) / sample
    result = os.path.join(out, f"{name}_result.csv")
    _, user_all, _, closures_wall = engine(binary, folder, repeated, result)
    rust_seconds = closures_wall / (sample * repeat)
    # CPU time of the closures alone: user time minus that of a run that only loads the files.
    empty = os.path.join(out, f"{name}_none.csv")
    write_ids(empty, [])
    user_load = min(engine(binary, folder, empty, result)[1] for _ in range(3))
    cpu_part = user_all - user_load
    rust_cpu = cpu_part / (sample * repeat) if cpu_part > 0.3 else None
    engine(binary, folder, ids, result)
    got = read_results(result)
    worst = max(abs(float(got[k]["esri"]) - v[0]) for k, v in expected.items())
    same_iterations = all(int(got[k]["iterations"]) == v[3] for k, v in expected.items())
    print(
        f"{name}: {firms} firms, {len(supplier)} links, {sample} closures | reference "
        f"{python_seconds * 1e3:.2f} ms/closure (CPU time; setup {setup:.1f} s) | engine "
        f"{rust_seconds * 1e3:.4f} ms/closure (wall, 1 thread, x{repeat}) | ratio "
        f"{python_seconds / rust_seconds:.0f}x"
        + (
            f" (by CPU time: engine {rust_cpu * 1e3:.4f} ms/closure, {python_seconds / rust_cpu:.0f}x)"
            if rust_cpu
            else ""
        )
        + f" | max |diff| {worst:.1e}, iterations equal: {same_iterations}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller samples")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "risk"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    codes, ess = read_matrix(IHS)
    binary = build()
    print(f"engine: {binary}; cores: {os.cpu_count()}; load average: {os.getloadavg()}", flush=True)

    small = 50 if args.quick else 200
    large = 10 if args.quick else 40
    folder, data = network(args.out, "pl20k", 20_000, 90_000, codes, ess, seed=20)
    per_closure(binary, args.out, "pl20k", folder, data, ess, small, seed=1, repeat=20)
    per_closure(binary, args.out, "pl20k", folder, data, ess, small // 4, seed=3, repeat=40, hubs=True)
    folder243, data = network(args.out, "pl243k", 243_000, 569_000, codes, ess, seed=243)
    per_closure(binary, args.out, "pl243k", folder243, data, ess, large, seed=2, repeat=1000)
    per_closure(binary, args.out, "pl243k", folder243, data, ess, large // 2, seed=4, repeat=100, hubs=True)

    folder, data = network(args.out, "pl100k", 100_000, 450_000, codes, ess, seed=100)
    for threads in [2, 1]:
        wall, user, _, compute = engine(binary, folder, None, os.path.join(args.out, f"pl100k_all_{threads}.csv"), threads)
        print(
            f"pl100k: all-firm ESRI, 100000 closures, {threads} thread(s): {wall:.1f} s wall "
            f"({compute:.1f} s in the closures, {user:.1f} s user CPU, load included; "
            f"load average now {os.getloadavg()[0]:.1f})",
            flush=True,
        )

    ids = os.path.join(args.out, "pl243k_ids.csv")
    _, _, peak, _ = engine(binary, folder243, ids, os.path.join(args.out, "pl243k_mem.csv"), threads=2)
    print(f"pl243k: peak resident memory of the engine (load + {large} closures, 2 threads): {peak:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
