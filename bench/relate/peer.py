"""Run PyPI ecomplexity 0.5.3 on long CSV tables and write its results, for the relate engine's
peer test (crates/relate/tests/it/peer.rs). One process runs every job, so pandas is imported once.

    python peer.py MANIFEST.json

MANIFEST is a list of jobs: {"input": in.csv, "out": out.csv, "threshold": 1.0,
"asymmetric": false, "continuous": false, "pop": null | pop.csv}. Input columns: time, loc, prod,
val; pop.csv columns: time, loc, pop (presence_test="rpop"). Output: loc, prod, time, rca, [rpop,]
mcp, diversity, ubiquity, eci, pci, density, coi, cog, floats with 17 significant digits.
"""

import json
import sys
import warnings

import pandas as pd
from ecomplexity import ecomplexity


def run(job):
    data = pd.read_csv(job["input"], dtype={"loc": str, "prod": str})
    kwargs = dict(
        rca_mcp_threshold=job.get("threshold", 1.0),
        rpop_mcp_threshold=job.get("threshold", 1.0),
        asymmetric=job.get("asymmetric", False),
        continuous=job.get("continuous", False),
        check_logsupermodularity=False,
        verbose=False,
    )
    if job.get("pop"):
        kwargs["presence_test"] = "rpop"
        kwargs["pop"] = pd.read_csv(job["pop"], dtype={"loc": str})
    cols = {"time": "time", "loc": "loc", "prod": "prod", "val": "val"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(data, cols, **kwargs)
    keep = ["loc", "prod", "time", "rca"] + (["rpop"] if job.get("pop") else [])
    keep += ["mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]
    out[keep].to_csv(job["out"], index=False, float_format="%.17g")


def main():
    with open(sys.argv[1]) as f:
        for job in json.load(f):
            run(job)


if __name__ == "__main__":
    main()
