"""Synthetic location x industry table with a realistic sparsity, fed to both sides of the benchmark.

Locations have a latent capability and a log-normal size; industries a latent complexity and a
log-normal scale. A location has an industry with probability sigmoid(a + 4*cap - 4*cpx) (capable
places do more; complex industries are rarer: the nested pattern of real data), tuned so that the
share of non-zero cells matches --density. Only non-zero cells are written, as statistical
extracts list existing establishments.

    python generate.py --locations 2800 --industries 1382 --density 0.12 --seed 1 --out table.csv
"""

import argparse

import numpy as np


def generate(n_loc, n_ind, density, seed):
    rng = np.random.default_rng(seed)
    cap = rng.beta(2.0, 2.5, n_loc)
    cpx = rng.beta(2.0, 2.0, n_ind)
    logit = 4.0 * cap[:, None] - 4.0 * cpx[None, :]
    # Shift so that the expected share of non-zero cells is `density`.
    lo, hi = -20.0, 20.0
    for _ in range(60):
        a = (lo + hi) / 2
        share = (1 / (1 + np.exp(-(a + logit)))).mean()
        lo, hi = (a, hi) if share < density else (lo, a)
    present = rng.random((n_loc, n_ind)) < 1 / (1 + np.exp(-(a + logit)))
    size = rng.lognormal(0.0, 1.0, n_loc)[:, None] * rng.lognormal(0.0, 1.5, n_ind)[None, :]
    value = np.where(present, size * rng.lognormal(0.0, 1.0, (n_loc, n_ind)) * 1e4, 0.0)
    return value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--locations", type=int, required=True)
    ap.add_argument("--industries", type=int, required=True)
    ap.add_argument("--density", type=float, default=0.12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    value = generate(a.locations, a.industries, a.density, a.seed)
    rows, cols = np.nonzero(value)
    with open(a.out, "w") as f:
        f.write("year,location,industry,value\n")
        loc = [f"L{i:05d}" for i in range(a.locations)]
        ind = [f"I{j:04d}" for j in range(a.industries)]
        f.writelines(f"2023,{loc[i]},{ind[j]},{value[i, j]:.17g}\n" for i, j in zip(rows, cols))
    print(f"{a.out}: {len(rows)} non-zero cells of {a.locations * a.industries} ({len(rows) / value.size:.1%})")


if __name__ == "__main__":
    main()
