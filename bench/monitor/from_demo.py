#!/usr/bin/env python3
"""Converts a province written by `chainchief demo --size national --out DIR` into the bench
layout (README.md): dense enterprise indices, indicator numbers, whole years only.

The demo covers November 2023 to October 2026; the bench keeps 1–2月 2024 onwards, because both
sides compute 累计 only over whole years (a year whose 1–2月 is off the axis has no 累计).
DuckDB does the joins, so the 150-million-row conversion streams instead of living in memory.

    python bench/monitor/from_demo.py --demo /path/to/national --out /path/to/bench-layout
"""
import argparse
import os
import time

import duckdb

FIRST_PERIOD = 202402


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--demo", required=True, help="folder written by chainchief demo --out")
    ap.add_argument("--out", required=True, help="folder to write the bench layout into")
    ap.add_argument("--memory-limit", default="6GB", help="DuckDB memory limit (it spills past it)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    src = lambda name: os.path.join(args.demo, name)  # noqa: E731
    dst = lambda name: os.path.join(args.out, name)  # noqa: E731
    started = time.perf_counter()
    con.execute(
        f"""CREATE TABLE ent AS
            SELECT CAST(row_number() OVER (ORDER BY uscc) - 1 AS INTEGER) AS enterprise, uscc,
                   substr(CAST(region AS VARCHAR), 1, 4) || '00' AS city,
                   CASE WHEN above_designated_size THEN 1 ELSE 0 END AS above_size
            FROM read_csv('{src("enterprises.csv")}', header = true, all_varchar = false,
                          types = {{'region': 'VARCHAR', 'above_designated_size': 'BOOLEAN'}})"""
    )
    con.execute(f"COPY (SELECT enterprise, uscc, city, above_size FROM ent ORDER BY enterprise) TO '{dst('enterprises.csv')}' (HEADER)")
    con.execute(
        f"""CREATE TABLE ind AS
            SELECT CAST(row_number() OVER () - 1 AS INTEGER) AS indicator, code, name_zh, name_en, unit
            FROM read_csv('{src("indicators.csv")}', header = true)"""
    )
    con.execute(f"COPY ind TO '{dst('indicators.csv')}' (HEADER)")
    con.execute(
        f"""COPY (SELECT e.enterprise, m.chain, m.chain || '/' || CAST(m.node AS VARCHAR) AS node
                  FROM read_csv('{src("memberships.csv")}', header = true, types = {{'node': 'VARCHAR'}}) m
                  JOIN ent e USING (uscc) ORDER BY e.enterprise, m.chain, node)
            TO '{dst('memberships.csv')}' (HEADER)"""
    )
    con.execute(
        f"""COPY (SELECT DISTINCT CAST(replace(period, '-', '') AS INTEGER) AS period
                  FROM read_csv('{src("observations.csv")}', header = true, types = {{'period': 'VARCHAR'}})
                  WHERE CAST(replace(period, '-', '') AS INTEGER) >= {FIRST_PERIOD} ORDER BY period)
            TO '{dst('periods.csv')}' (HEADER)"""
    )
    con.execute(
        f"""COPY (SELECT e.enterprise, i.indicator, CAST(replace(o.period, '-', '') AS INTEGER) AS period, o.value
                  FROM read_csv('{src("observations.csv")}', header = true,
                                types = {{'period': 'VARCHAR', 'value': 'DOUBLE'}}) o
                  JOIN ent e USING (uscc) JOIN ind i ON i.code = o.indicator
                  WHERE CAST(replace(o.period, '-', '') AS INTEGER) >= {FIRST_PERIOD})
            TO '{dst('observations.csv')}' (HEADER)"""
    )
    print(f"converted {args.demo} into {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
