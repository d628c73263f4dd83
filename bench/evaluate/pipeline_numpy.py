"""NumPy peer of chainchief's evaluate engine: the same sensitivity analysis, written independently.

Pipeline (COINr 1.1.14 semantics): outlier treatment (e1071 type-2 skew/kurtosis, winsorising
loop, log fallback) -> direction -> normalisation -> arithmetic or geometric mean, level by level.
Sensitivity design [A; B; AB_1 .. AB_d] from SplitMix64, Saltelli first-order and Jansen total
indices of the mean absolute rank change, rank statistics per unit.

The five assumptions are fixed (they are the benchmark's; run.py passes the same ones to the
chainchief CLI as --vary flags, listed in VARY below):
  treat     = coinr:1 | coinr:2 | coinr:3 | coinr:4 | coinr:5
  normalise = minmax:1,100 | zscore:10,2
  noise     = levels 2 and 3, +-25 %, 100 weight sets
  aggregate = amean | gmean
  exclude   = none | Flights | Goods | CO2
Nominal: coinr (winmax 5), minmax [1, 100], metadata weights, arithmetic mean.

Usage: python pipeline_numpy.py --data asem_idata.csv --meta asem_imeta.csv --n 1000 --seed 1 \
           --out-indices si.csv --out-ranks ranks.csv
"""
import argparse
import csv
import math
import time

import numpy as np

VARY = [
    "treat=coinr:1|coinr:2|coinr:3|coinr:4|coinr:5",
    "normalise=minmax:1,100|zscore:10,2",
    "noise=2:0.25,3:0.25/100",
    "aggregate=amean|gmean",
    "exclude=none|Flights|Goods|CO2",
]
NAMES = ["treat", "normalise", "noise", "aggregate", "exclude"]
WINMAX = [1, 2, 3, 4, 5]
NORMS = [("minmax", 1.0, 100.0), ("zscore", 10.0, 2.0)]
NOISE_LEVELS = [(2, 0.25), (3, 0.25)]
NOISE_SETS = 100
AGGS = ["amean", "gmean"]
EXCLUDE = [[], ["Flights"], ["Goods"], ["CO2"]]
MASK64 = (1 << 64) - 1


class SplitMix64:
    """Steele, Lea & Flood (2014); same stream as evaluate::SplitMix64."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next_f64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        z ^= z >> 31
        return (z >> 11) * (1.0 / (1 << 53))


def load(data_path, meta_path):
    with open(meta_path, newline="") as f:
        meta = list(csv.DictReader(f))
    inds = [r for r in meta if r["Type"] == "Indicator"]
    aggs = [r for r in meta if r["Type"] == "Aggregate"]
    levels = {r["iCode"]: 1 for r in inds}
    for r in sorted(aggs, key=lambda r: int(r["Level"])):
        levels[r["iCode"]] = int(r["Level"])
    aggs = sorted(aggs, key=lambda r: int(r["Level"]))  # stable, like the engine's node order
    nodes = inds + aggs
    codes = [r["iCode"] for r in nodes]
    parent = [codes.index(r["Parent"]) if r["Parent"] not in ("NA", "") else -1 for r in nodes]
    weight = np.array([float(r["Weight"]) for r in nodes])
    direction = np.array([float(r["Direction"]) for r in inds])
    with open(data_path, newline="") as f:
        rows = list(csv.DictReader(f))
    units = [r["uCode"] for r in rows]
    x = np.array([[np.nan if r[c] in ("NA", "") else float(r[c]) for c in codes[: len(inds)]] for r in rows])
    return units, codes, [levels[c] for c in codes], parent, weight, direction, x


def skew_kurt(x):
    """e1071 type-2 skewness and kurtosis of each column, ignoring NaN."""
    n = np.sum(~np.isnan(x), axis=0).astype(float)
    d = x - np.nanmean(x, axis=0)
    s2 = np.nansum(d**2, axis=0)
    s3 = np.nansum(d**3, axis=0)
    s4 = np.nansum(d**4, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        skew = np.sqrt(n) * s3 / s2**1.5 * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * s4 / s2**2
        kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return skew, kurt


def passes(skew, kurt):
    return (np.abs(skew) < 2.0) | (kurt < 3.5)


def treat(x, winmax):
    """COINr Treat() defaults: winsorise up to winmax points, else log of the original."""
    x = x.copy()
    sk, ku = skew_kurt(x)
    # Columns whose statistics are undefined are left as they are (COINr catches the error).
    for j in np.nonzero(~passes(sk, ku) & ~np.isnan(sk) & ~np.isnan(ku))[0]:
        col = x[:, j].copy()
        nhigh = nlow = nwin = 0
        ok = False
        while not ok and nwin < winmax:
            s, _ = skew_kurt(col[:, None])
            if s[0] >= 0:
                ext = np.nanmax(col)
                hit = col == ext
                col[hit] = np.nanmax(np.where(hit, np.nan, col))
                nhigh = int(hit.sum())
            else:
                ext = np.nanmin(col)
                hit = col == ext
                col[hit] = np.nanmin(np.where(hit, np.nan, col))
                nlow = int(hit.sum())
            nwin = nhigh + nlow
            s, k = skew_kurt(col[:, None])
            ok = bool(passes(s, k)[0])
        if ok:
            x[:, j] = col
        else:
            lo, hi = np.nanmin(x[:, j]), np.nanmax(x[:, j])
            x[:, j] = np.log(x[:, j] - lo + 0.01 * (hi - lo))
    return x


def normalise(x, direction, method):
    x = x * direction
    kind, a, b = method
    if kind == "minmax":
        lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
        return (x - lo) / (hi - lo) * (b - a) + a
    return (x - np.nanmean(x, axis=0)) / np.nanstd(x, axis=0, ddof=1) * b + a


class Failed(Exception):
    pass


def aggregate(scores, children, w, method):
    xs = scores[:, children]
    ws = np.where(np.isnan(xs), np.nan, w[children])
    if method == "amean":
        wn = ws / np.nansum(ws, axis=1, keepdims=True)
        out = np.nansum(wn * xs, axis=1)
    else:
        if np.any(xs[~np.isnan(xs)] <= 0):
            raise Failed("geometric mean needs values > 0")
        out = np.exp(np.nansum(ws * np.log(xs), axis=1) / np.nansum(ws, axis=1))
    out[np.all(np.isnan(xs), axis=1)] = np.nan
    return out


def pipeline(x, model, winmax, norm, weights, agg, excluded):
    _units, codes, levels, parent, _weight, direction, _ = model
    p = x.shape[1]
    active = np.ones(len(codes), bool)
    for c in excluded:
        active[codes.index(c)] = False
    scores = np.full((x.shape[0], len(codes)), np.nan)
    keep = np.nonzero(active[:p])[0]
    scores[:, keep] = normalise(treat(x[:, keep], winmax), direction[keep], norm)
    for level in range(2, max(levels) + 1):
        for a in [i for i in range(p, len(codes)) if levels[i] == level]:
            kids = [k for k in range(len(codes)) if parent[k] == a and active[k]]
            if not kids:
                active[a] = False
                continue
            scores[:, a] = aggregate(scores, kids, weights, agg)
    return scores[:, -1]


def rank_desc(s):
    r = np.full(s.shape, np.nan)
    ok = ~np.isnan(s)
    v = -s[ok]
    r[ok] = np.searchsorted(np.sort(v), v, side="left") + 1
    return r


def noisy_sets(model, seed):
    _units, codes, levels, _parent, weight, _direction, _ = model
    rng = SplitMix64(seed)
    sets = []
    for _ in range(NOISE_SETS):
        w = weight.copy()
        for level, factor in NOISE_LEVELS:
            for i in range(len(codes)):
                if levels[i] == level:
                    u = rng.next_f64()
                    w[i] = weight[i] + (u * 2 - 1) * factor * weight[i]
        sets.append(w)
    return sets


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out-indices", required=True)
    ap.add_argument("--out-ranks", required=True)
    args = ap.parse_args()
    model = load(args.data, args.meta)
    units, x = model[0], model[6]
    n, d = args.n, len(NAMES)

    started = time.perf_counter()
    nominal = rank_desc(pipeline(x, model, 5, NORMS[0], model[4], "amean", []))
    noise = noisy_sets(model, args.seed + 1 + NAMES.index("noise"))
    rng = SplitMix64(args.seed)
    base = np.array([[rng.next_f64() for _ in range(2 * d)] for _ in range(n)])
    a, b = base[:, :d], base[:, d:]
    runs = [a, b]
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        runs.append(ab)
    design = np.vstack(runs)

    def pick(u, m):
        return min(int(u * m), m - 1)

    y = np.empty(len(design))
    ranks = np.full((2 * n, len(units)), np.nan)
    failed = 0
    for r, u in enumerate(design):
        try:
            s = pipeline(
                x,
                model,
                WINMAX[pick(u[0], len(WINMAX))],
                NORMS[pick(u[1], len(NORMS))],
                noise[pick(u[2], NOISE_SETS)],
                AGGS[pick(u[3], len(AGGS))],
                EXCLUDE[pick(u[4], len(EXCLUDE))],
            )
            rk = rank_desc(s)
            y[r] = np.nanmean(np.abs(rk - nominal))
            if r < 2 * n:
                ranks[r] = rk
        except Failed:
            y[r] = np.nan
            failed += 1
    ya, yb = y[:n], y[n : 2 * n]
    v = np.var(np.concatenate([ya, yb]), ddof=1)
    si, st = [], []
    for i in range(d):
        yab = y[(2 + i) * n : (3 + i) * n]
        si.append(np.mean(yb * (yab - ya)) / v)
        st.append(np.sum((ya - yab) ** 2) / (2 * n * v))
    seconds = time.perf_counter() - started
    print(f"{len(design)} runs in {seconds:.3f} s ({len(design) / seconds:.0f} runs/s), {failed} failed")

    with open(args.out_indices, "w") as f:
        f.write("assumption,Si,STi\n")
        for name, s1, s2 in zip(NAMES, si, st):
            f.write(f"{name},{s1:.16e},{s2:.16e}\n")
    with open(args.out_ranks, "w") as f:
        f.write("uCode,Nominal,Mean,Median,Q5,Q95\n")
        for k, unit in enumerate(units):
            col = ranks[:, k]
            stats = [nominal[k], np.nanmean(col), np.nanmedian(col), np.nanquantile(col, 0.05), np.nanquantile(col, 0.95)]
            f.write(unit + "," + ",".join("NA" if math.isnan(t) else f"{t:.16e}" for t in stats) + "\n")


if __name__ == "__main__":
    main()
