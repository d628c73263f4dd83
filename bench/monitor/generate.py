#!/usr/bin/env python3
"""Synthetic monitoring data in the bench layout (see README.md): enterprises, chain/node
memberships, cities, the 规上 flag and monthly observations of ten indicators over whole years.

Deterministic for a given --seed. Realistic irregularities on purpose: firms that join mid-way
(no year-earlier figures), firms that stop reporting, random missing months, a firm in several
nodes and chains, negative profits.
"""
import argparse
import os

import numpy as np

INDICATORS = [
    # code, 中文, English, unit, typical level per firm and month
    ("output_value", "工业总产值", "industrial output value", "10k yuan", 2000.0),
    ("value_added", "工业增加值", "industrial value added", "10k yuan", 600.0),
    ("revenue", "营业收入", "operating revenue", "10k yuan", 2100.0),
    ("profit", "利润总额", "total profit", "10k yuan", 120.0),
    ("electricity", "用电量", "electricity use", "10k kWh", 80.0),
    ("energy", "综合能耗", "energy use", "tce", 150.0),
    ("water", "用水量", "water use", "m3", 900.0),
    ("rd_expense", "研发费用", "R&D expense", "10k yuan", 40.0),
    ("output_volume", "主要产品产量", "output volume", "t", 500.0),
    ("tax", "税收", "taxes paid", "10k yuan", 90.0),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--enterprises", type=int, default=50_000)
    ap.add_argument("--first-year", type=int, default=2023)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--chains", type=int, default=16)
    ap.add_argument("--nodes-per-chain", type=int, default=8)
    ap.add_argument("--cities", type=int, default=11)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True, help="output folder")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    n = args.enterprises

    periods = [y * 100 + m for y in range(args.first_year, args.first_year + args.years) for m in range(2, 13)]
    with open(os.path.join(args.out, "periods.csv"), "w") as f:
        f.write("period\n" + "".join(f"{p}\n" for p in periods))
    with open(os.path.join(args.out, "indicators.csv"), "w", encoding="utf-8") as f:
        f.write("indicator,code,name_zh,name_en,unit\n")
        for i, (code, zh, en, unit, _) in enumerate(INDICATORS):
            f.write(f"{i},{code},{zh},{en},{unit}\n")

    # Cities: Shanxi-like codes 1401xx.. for up to 99 cities per province, then further provinces.
    city_codes = [f"{14 + c // 99:02d}{c % 99 + 1:02d}00" for c in range(args.cities)]
    city = rng.integers(0, args.cities, n)
    size = rng.lognormal(0.0, 1.0, n)
    # 规上: annual revenue ≥ 2000 万元; revenue is about 2100 万元 × size a month in real firms, but the
    # synthetic frame keeps about a tenth of the firms below the line so the filter matters.
    above = (size >= 0.28).astype(int)
    with open(os.path.join(args.out, "enterprises.csv"), "w") as f:
        f.write("enterprise,uscc,city,above_size\n")
        f.write("".join(f"{e},E{e:017d},{city_codes[city[e]]},{above[e]}\n" for e in range(n)))

    # Memberships: every firm in one node; a fifth also in a second node (any chain).
    nodes = args.chains * args.nodes_per_chain
    first = rng.integers(0, nodes, n)
    second_mask = rng.random(n) < 0.2
    second = rng.integers(0, nodes, n)
    with open(os.path.join(args.out, "memberships.csv"), "w") as f:
        f.write("enterprise,chain,node\n")
        rows = []
        for e in range(n):
            for node in (first[e], second[e]) if second_mask[e] and second[e] != first[e] else (first[e],):
                chain = node // args.nodes_per_chain
                rows.append(f"{e},C{chain:02d},C{chain:02d}-N{node % args.nodes_per_chain:02d}\n")
        f.write("".join(rows))

    # Reporting: join / leave dates, 2 % random missing cells.
    t_count = len(periods)
    join = np.where(rng.random(n) < 0.1, rng.integers(1, t_count, n), 0)
    leave = np.where(rng.random(n) < 0.05, rng.integers(1, t_count, n), t_count)
    growth = rng.normal(0.05, 0.15, n)
    season = np.array([1.8 if (p % 100) == 2 else 1.0 + 0.05 * np.sin(p % 100) for p in periods])
    years_in = np.array([(p // 100 - args.first_year) for p in periods])
    path = os.path.join(args.out, "observations.csv")
    with open(path, "w") as f:
        f.write("enterprise,indicator,period,value\n")
        chunk = 20_000
        for start in range(0, n, chunk):
            es = np.arange(start, min(n, start + chunk))
            k = len(es)
            t = np.arange(t_count)
            present = (t[None, :] >= join[es, None]) & (t[None, :] < leave[es, None])
            lines = []
            for i, (_, _, _, _, level) in enumerate(INDICATORS):
                mask = present & (rng.random((k, t_count)) >= 0.02)
                base = size[es, None] * level * season[None, :] * (1 + growth[es, None]) ** years_in[None, :]
                noise = rng.normal(1.0, 0.1, (k, t_count))
                values = base * noise
                if INDICATORS[i][0] == "profit":
                    values = values - size[es, None] * level * 0.3  # some losses
                values = np.round(values, 2)
                ee, tt = np.nonzero(mask)
                vv = values[ee, tt]
                pp = np.asarray(periods)[tt]
                ee = es[ee]
                lines.append("".join(f"{a},{i},{b},{c:.2f}\n" for a, b, c in zip(ee.tolist(), pp.tolist(), vv.tolist())))
            f.write("".join(lines))
    print(f"wrote {args.out}: {n} enterprises, {t_count} periods, {len(INDICATORS)} indicators, "
          f"{os.path.getsize(path) / 1e6:.1f} MB of observations")


if __name__ == "__main__":
    main()
