"""Writes the peer-check cases for crates/risk/tests/it/peer.rs: random power-law networks
(several seeds), essentiality IHS / all-linear / all-essential, closures with replaceability on
and off, with the reference's results.

usage: peer_cases.py OUT_DIR [--ihs PATH_TO_ess_mat_n4_ihs.csv]

Writes OUT_DIR/<case>/{links,firms,ess,closures}.csv and expected_repl.csv / expected_norepl.csv
(firm,esri,esri_down,esri_up,iterations), and OUT_DIR/cases.txt listing the case folders.
"""

import argparse
import csv
import os

import numpy as np

from esri_reference import EsriReference, power_law_network, read_matrix, write_matrix, write_network

FIRMS = 1500
LINKS = 6000
INDUSTRIES = 60
CLOSURES = 80
SEEDS = [11, 12, 13]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--ihs", default=None)
    args = parser.parse_args()
    settings = ["linear", "essential"]
    if args.ihs and os.path.exists(args.ihs):
        ihs_codes, ihs = read_matrix(args.ihs)
        settings.insert(0, "ihs")
    cases = []
    for seed in SEEDS:
        rng = np.random.default_rng(seed + 1000)
        for setting in settings:
            if setting == "ihs":
                pick = np.sort(rng.choice(len(ihs_codes), size=INDUSTRIES, replace=False))
                codes = [ihs_codes[k] for k in pick]
                ess = ihs[np.ix_(pick, pick)]
            else:
                codes = [f"i{k:02d}" for k in range(INDUSTRIES)]
                ess = np.full((INDUSTRIES, INDUSTRIES), 1 if setting == "linear" else 2)
            supplier, customer, value, industry = power_law_network(FIRMS, LINKS, INDUSTRIES, seed)
            name = f"seed{seed}_{setting}"
            folder = os.path.join(args.out, name)
            write_network(folder, supplier, customer, value, industry, codes)
            write_matrix(os.path.join(folder, "ess.csv"), codes, ess)
            reference = EsriReference(supplier, customer, value, industry, ess)
            hubs = np.argsort(-reference.s_out)[:10]
            others = rng.choice(FIRMS, size=CLOSURES - 10, replace=False)
            closures = list(dict.fromkeys(hubs.tolist() + others.tolist()))
            with open(os.path.join(folder, "closures.csv"), "w", newline="") as f:
                out = csv.writer(f)
                out.writerow(["firm"])
                out.writerows([[f"f{k}"] for k in closures])
            for replaceability, suffix in [(True, "repl"), (False, "norepl")]:
                with open(os.path.join(folder, f"expected_{suffix}.csv"), "w", newline="") as f:
                    out = csv.writer(f)
                    out.writerow(["firm", "esri", "esri_down", "esri_up", "iterations"])
                    for k in closures:
                        esri, down, up, iterations = reference.esri(k, replaceability=replaceability)
                        out.writerow([f"f{k}", repr(esri), repr(down), repr(up), iterations])
            cases.append(name)
    with open(os.path.join(args.out, "cases.txt"), "w") as f:
        f.write("\n".join(cases) + "\n")


if __name__ == "__main__":
    main()
