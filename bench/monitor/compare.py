#!/usr/bin/env python3
"""Checks that two rollup CSVs (engine and DuckDB) agree row for row and number for number:
same keys, the same empty cells, counts equal, numbers within 1e-9 × max(1, |a|, |b|) (the two
add the same values in different orders). Both files are sorted by chain, city, indicator, period
(duckdb_rollup.py sorts; the engine writes its groups in that order), so they are read in step
and memory stays flat whatever their size."""
import csv
import sys

NUMBERS = ("month", "month_yoy", "ytd", "ytd_yoy", "mom")
COUNTS = ("reporting", "comparable")


def rows(path):
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            yield (r["chain"], r["city"], int(r["indicator"]), int(r["period"])), r


def compare(a_path, b_path):
    a, b = rows(a_path), rows(b_path)
    problems, worst, count = [], 0.0, 0
    ka, ra = next(a, (None, None))
    kb, rb = next(b, (None, None))
    while ka is not None or kb is not None:
        if kb is None or (ka is not None and ka < kb):
            problems.append(f"only in {a_path}: {ka}")
            ka, ra = next(a, (None, None))
            continue
        if ka is None or kb < ka:
            problems.append(f"only in {b_path}: {kb}")
            kb, rb = next(b, (None, None))
            continue
        count += 1
        for c in COUNTS:
            if int(ra[c]) != int(rb[c]):
                problems.append(f"{ka} {c}: {ra[c]} vs {rb[c]}")
        for c in NUMBERS:
            x, y = ra[c], rb[c]
            if (x == "") != (y == ""):
                problems.append(f"{ka} {c}: {x!r} vs {y!r}")
            elif x:
                x, y = float(x), float(y)
                err = abs(x - y) / max(1.0, abs(x), abs(y))
                worst = max(worst, err)
                if err > 1e-9:
                    problems.append(f"{ka} {c}: {x!r} vs {y!r}")
        ka, ra = next(a, (None, None))
        kb, rb = next(b, (None, None))
    return count, worst, problems


def main():
    count, worst, problems = compare(sys.argv[1], sys.argv[2])
    for p in problems[:20]:
        print("MISMATCH", p)
    print(f"compared {count} rows: {len(problems)} mismatches, largest scaled difference {worst:.2e}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
