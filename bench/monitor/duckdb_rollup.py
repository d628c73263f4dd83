#!/usr/bin/env python3
"""The chain × city × period rollup in DuckDB SQL: the same computation as
`cargo run --release -p monitor --example rollup_bench`, on the same files (layout: README.md).

For every chain × city group, indicator and period: 当月 value and reporting count; 当月同比 on
the comparable set (enterprises that reported in the period and a year earlier); 累计 (Jan–N)
and 累计同比 matched by month (the sums of the monthly comparable sets over the year); 环比 on
the enterprises that reported in both periods, a two-month 1–2月 counting as two months.
Growth is (current − base) / |base|. An enterprise in several chains counts in each, once.
"""
import argparse
import os
import resource
import sys
import time

import duckdb

QUERY = """
WITH o AS (
    SELECT enterprise AS e, indicator AS i, period,
           (period // 100) * 11 + period % 100 - 2 AS t, value AS v
    FROM obs
),
j AS (
    SELECT o.e, o.i, o.t, o.period, o.v, y.v AS yv, m.v AS mv
    FROM o
    LEFT JOIN o y ON y.e = o.e AND y.i = o.i AND y.t = o.t - 11
    LEFT JOIN o m ON m.e = o.e AND m.i = o.i AND m.t = o.t - 1
),
ec AS (SELECT DISTINCT enterprise AS e, chain FROM mem),
g AS (
    SELECT ec.chain, ent.city, j.i, j.t, any_value(j.period) AS period,
           sum(j.v) AS month, count(*) AS reporting,
           sum(j.v) FILTER (WHERE j.yv IS NOT NULL) AS yoy_cur, sum(j.yv) AS yoy_base,
           count(j.yv) AS comparable,
           sum(j.v) FILTER (WHERE j.mv IS NOT NULL) AS mom_cur, sum(j.mv) AS mom_base
    FROM j JOIN ec ON ec.e = j.e JOIN ent ON ent.enterprise = j.e
    GROUP BY ec.chain, ent.city, j.i, j.t
),
w AS (
    SELECT *,
           sum(month) OVER y AS ytd,
           sum(yoy_cur) OVER y AS ytd_cur,
           sum(yoy_base) OVER y AS ytd_base,
           sum(comparable) OVER y AS ytd_comparable,
           -- 环比 base in months of this period: 1–2月 covers two, so ×2 into it, ×½ out of it.
           mom_base * CASE WHEN period % 100 = 2 THEN 2.0 WHEN period % 100 = 3 THEN 0.5 ELSE 1.0 END AS mom_base_scaled
    FROM g
    WINDOW y AS (PARTITION BY chain, city, i, period // 100 ORDER BY t
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT chain, city, i AS indicator, period, month,
       CASE WHEN comparable > 0 AND yoy_base <> 0 THEN (yoy_cur - yoy_base) / abs(yoy_base) END AS month_yoy,
       ytd,
       CASE WHEN ytd_comparable > 0 AND ytd_base <> 0 THEN (ytd_cur - ytd_base) / abs(ytd_base) END AS ytd_yoy,
       CASE WHEN mom_base_scaled <> 0 THEN (mom_cur - mom_base_scaled) / abs(mom_base_scaled) END AS mom,
       reporting, comparable
FROM w
"""


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", required=True, help="folder in the bench layout")
    ap.add_argument("--out", help="write the result rows as CSV here (17 significant digits)")
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    ap.add_argument("--memory-limit", help="DuckDB memory_limit, e.g. 8GB (it spills to disk past it)")
    args = ap.parse_args()
    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    if args.memory_limit:
        con.execute(f"SET memory_limit = '{args.memory_limit}'")
    d = args.data
    t0 = time.perf_counter()
    con.execute(f"""CREATE TABLE obs AS SELECT * FROM read_csv('{d}/observations.csv', header = true,
        columns = {{'enterprise': 'UINTEGER', 'indicator': 'USMALLINT', 'period': 'INTEGER', 'value': 'DOUBLE'}})""")
    con.execute(f"""CREATE TABLE ent AS SELECT * FROM read_csv('{d}/enterprises.csv', header = true,
        columns = {{'enterprise': 'UINTEGER', 'uscc': 'VARCHAR', 'city': 'VARCHAR', 'above_size': 'INTEGER'}})""")
    con.execute(f"""CREATE TABLE mem AS SELECT * FROM read_csv('{d}/memberships.csv', header = true,
        columns = {{'enterprise': 'UINTEGER', 'chain': 'VARCHAR', 'node': 'VARCHAR'}})""")
    t1 = time.perf_counter()
    con.execute("CREATE TABLE result AS " + QUERY)
    t2 = time.perf_counter()
    rows = con.execute("SELECT count(*) FROM result").fetchone()[0]
    if args.out:
        con.execute(f"""COPY (SELECT chain, city, indicator, period,
              printf('%.16e', month) AS month, printf('%.16e', month_yoy) AS month_yoy,
              printf('%.16e', ytd) AS ytd, printf('%.16e', ytd_yoy) AS ytd_yoy,
              printf('%.16e', mom) AS mom, reporting, comparable
            FROM result ORDER BY chain, city, indicator, period) TO '{args.out}' (HEADER, DELIMITER ',')""")
    t3 = time.perf_counter()
    obs = con.execute("SELECT count(*) FROM obs").fetchone()[0]
    print(f"duckdb {duckdb.__version__}: {obs} observations, {rows} result rows")
    print(f"duckdb load_s={t1 - t0:.3f} compute_s={t2 - t1:.3f} write_s={t3 - t2:.3f} "
          f"peak_rss_mb={peak_rss_mb():.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
