"""Writes pymrio's bundled test system (pymrio.load_test(), 6 regions x 8 sectors) and pymrio's own
results (calc_all with include_ghosh) for the peer check in crates/risk/tests/it/io_peer.rs.

usage: pymrio_system.py OUT_DIR

Writes plain numeric CSVs without labels (row-major, comma separated): Z.csv (48x48), y.csv
(final demand summed over categories, 48), x.csv, A.csv, L.csv, B.csv, G.csv (pymrio's calc_all).
pymrio's bundled factor input "Value Added" does not balance Z (x - 1'Z differs from it by up to
3e8), so the Ghosh check uses v' = x' - 1'Z, the value added that balances the table.
"""

import os
import sys

import numpy as np
import pymrio


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    io = pymrio.load_test()
    io.calc_all(include_ghosh=True)
    arrays = {
        "Z": io.Z.values,
        "y": io.Y.values.sum(axis=1),
        "x": io.x.values.ravel(),
        "A": io.A.values,
        "L": io.L.values,
        "B": io.B.values,
        "G": io.G.values,
    }
    for name, values in arrays.items():
        np.savetxt(os.path.join(out, f"{name}.csv"), np.atleast_2d(values), delimiter=",", fmt="%.17g")


if __name__ == "__main__":
    main()
