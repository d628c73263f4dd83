#!/usr/bin/env python3
"""Checks that two rollup CSVs (engine and DuckDB) agree row for row and number for number:
same keys, the same empty cells, counts equal, numbers within 1e-9 × max(1, |a|, |b|) (the two
add the same values in different orders)."""
import csv
import sys

KEYS = ("chain", "city", "indicator", "period")
NUMBERS = ("month", "month_yoy", "ytd", "ytd_yoy", "mom")
COUNTS = ("reporting", "comparable")


def read(path):
    with open(path, newline="") as f:
        return {tuple(r[k] for k in KEYS): r for r in csv.DictReader(f)}


def compare(a_path, b_path):
    a, b = read(a_path), read(b_path)
    problems = []
    if a.keys() != b.keys():
        only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
        problems.append(f"rows only in {a_path}: {len(only_a)} {only_a[:3]}; only in {b_path}: {len(only_b)} {only_b[:3]}")
    worst = 0.0
    for key in sorted(a.keys() & b.keys()):
        ra, rb = a[key], b[key]
        for c in COUNTS:
            if int(ra[c]) != int(rb[c]):
                problems.append(f"{key} {c}: {ra[c]} vs {rb[c]}")
        for c in NUMBERS:
            x, y = ra[c], rb[c]
            if (x == "") != (y == ""):
                problems.append(f"{key} {c}: {x!r} vs {y!r}")
            elif x:
                x, y = float(x), float(y)
                err = abs(x - y) / max(1.0, abs(x), abs(y))
                worst = max(worst, err)
                if err > 1e-9:
                    problems.append(f"{key} {c}: {x!r} vs {y!r}")
    return len(a), worst, problems


def main():
    rows, worst, problems = compare(sys.argv[1], sys.argv[2])
    for p in problems[:20]:
        print("MISMATCH", p)
    print(f"compared {rows} rows: {len(problems)} mismatches, largest scaled difference {worst:.2e}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
