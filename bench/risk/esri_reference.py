"""A straightforward vectorised NumPy/SciPy implementation of shared/specs/esri.md.

Every step recomputes every firm from the previous state with sparse matrix-vector products, as
the spec's performance note describes. It is the peer of the Rust engine (crates/risk) in the test
suite (peer_cases.py) and in the benchmark (run.py); it shares nothing with it but the spec.

Also holds the one network generator both sides read (power-law, written as CSV files in the
`chainchief risk esri` layout).
"""

import csv
import os

import numpy as np
import scipy.sparse as sp


class EsriReference:
    def __init__(self, supplier, customer, value, industry, ess, market=None):
        """supplier, customer: int arrays (links, no duplicates, no self-links); value: float
        array; industry: int array per firm (row/column of ess); ess: m x m int array (0/1/2)."""
        n = len(industry)
        m = ess.shape[0]
        self.n = n
        p = np.asarray(industry, dtype=np.int64)
        q = p if market is None else np.asarray(market, dtype=np.int64)
        self.q = q
        self.markets = int(q.max()) + 1 if n else 0
        i = np.asarray(supplier, dtype=np.int64)
        j = np.asarray(customer, dtype=np.int64)
        w = np.asarray(value, dtype=np.float64)
        self.s_out = np.bincount(i, weights=w, minlength=n)
        s_in = np.bincount(j, weights=w, minlength=n)
        e = ess[p[i], p[j]]
        # Pi[j][k]: what j buys from industry k, keyed j*m + k.
        key = j * m + p[i]
        ess_links = e == 2
        keys, inverse = np.unique(key[ess_links], return_inverse=True)
        pi = np.bincount(inverse, weights=w[ess_links])
        ld_ess = w[ess_links] / pi[inverse]
        # M[key, i] = Ld[i][j] for essential links: M @ x gives L[j][k] per (j, k) key.
        self.M = sp.csr_matrix((ld_ess, (inverse, i[ess_links])), shape=(len(keys), n))
        self.key_customer = keys // m
        # keys are sorted, so each customer's keys are contiguous: reduceat over their starts.
        if len(keys):
            self.starts = np.flatnonzero(np.r_[True, self.key_customer[1:] != self.key_customer[:-1]])
            self.start_customer = self.key_customer[self.starts]
        else:
            self.starts = np.zeros(0, dtype=np.int64)
            self.start_customer = np.zeros(0, dtype=np.int64)
        lin = e == 1
        # Lin[j, i] = Ld[i][j] for linear links.
        self.Lin = sp.csr_matrix((w[lin] / s_in[j[lin]], (j[lin], i[lin])), shape=(n, n))
        # Lu[i, j] = W[i][j] / s_out[i].
        self.Lu = sp.csr_matrix((w / self.s_out[i], (i, j)), shape=(n, n))

    def cascade(self, psi, replaceability=True, eps=0.01):
        hd = psi.copy()
        hu = psi.copy()
        iterations = 0
        while True:
            iterations += 1
            if replaceability:
                a = np.bincount(self.q, weights=hd * self.s_out, minlength=self.markets)
                a[a <= 1e-10] = 1.0
                sigma = np.minimum(1.0, self.s_out / a[self.q])
            else:
                sigma = 1.0
            x = sigma * (1.0 - hd)
            worst = np.zeros(self.n)
            if len(self.starts):
                per_key = self.M @ x
                worst[self.start_customer] = np.maximum.reduceat(per_key, self.starts)
            ess = 1.0 - np.maximum(worst, 0.0)
            lin = 1.0 - self.Lin @ x
            hd_new = np.maximum(0.0, np.minimum(np.minimum(ess, lin), psi))
            hu_new = np.maximum(0.0, np.minimum(psi, 1.0 - self.Lu @ (1.0 - hu)))
            drop = max(np.max(hd - hd_new, initial=0.0), np.max(hu - hu_new, initial=0.0))
            hd, hu = hd_new, hu_new
            if drop <= eps:
                return hd, hu, iterations

    def esri(self, firm, weights=None, replaceability=True, eps=0.01):
        w = self.s_out if weights is None else weights
        psi = np.ones(self.n)
        psi[firm] = 0.0
        hd, hu, iterations = self.cascade(psi, replaceability, eps)
        total = w.sum()
        h = np.minimum(hd, hu)
        return (
            float(w @ (1.0 - h) / total),
            float(w @ (1.0 - hd) / total),
            float(w @ (1.0 - hu) / total),
            iterations,
        )


def read_matrix(path):
    """An essentiality matrix in the ess_mat_n4_ihs.csv layout: (codes, m x m int array)."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    codes = rows[0][1:]
    values = np.array([[int(v) for v in row[1:]] for row in rows[1:]], dtype=np.int64)
    return codes, values


def write_matrix(path, codes, values):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow([""] + list(codes))
        for code, row in zip(codes, values):
            out.writerow([code] + [int(v) for v in row])


def power_law_network(n, links, industries, seed, exponent=2.1):
    """A directed network with power-law out- and in-strength propensities (Chung-Lu style):
    suppliers and customers drawn with probability proportional to Pareto fitness, self-links
    and duplicate pairs dropped, lognormal values, industries uniform at random."""
    rng = np.random.default_rng(seed)
    fit_out = rng.pareto(exponent - 1.0, n) + 1.0
    fit_in = rng.pareto(exponent - 1.0, n) + 1.0
    p_out = fit_out / fit_out.sum()
    p_in = fit_in / fit_in.sum()
    supplier = np.empty(0, dtype=np.int64)
    customer = np.empty(0, dtype=np.int64)
    while len(supplier) < links:
        draw = int((links - len(supplier)) * 1.2) + 16
        s = rng.choice(n, size=draw, p=p_out)
        c = rng.choice(n, size=draw, p=p_in)
        keep = s != c
        supplier = np.r_[supplier, s[keep]]
        customer = np.r_[customer, c[keep]]
        pair = supplier * n + customer
        _, first = np.unique(pair, return_index=True)
        first.sort()
        supplier, customer = supplier[first], customer[first]
    supplier, customer = supplier[:links], customer[:links]
    value = np.round(rng.lognormal(mean=10.0, sigma=2.0, size=links), 2) + 0.01
    industry = rng.integers(0, industries, size=n)
    return supplier, customer, value, industry


def write_network(directory, supplier, customer, value, industry, codes):
    """links.csv (supplier,customer,value) and firms.csv (firm,industry) with firm ids `f<i>`."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "links.csv"), "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["supplier", "customer", "value"])
        for s, c, v in zip(supplier.tolist(), customer.tolist(), value.tolist()):
            out.writerow([f"f{s}", f"f{c}", repr(v)])
    with open(os.path.join(directory, "firms.csv"), "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["firm", "industry"])
        for i, k in enumerate(industry.tolist()):
            out.writerow([f"f{i}", codes[k]])
