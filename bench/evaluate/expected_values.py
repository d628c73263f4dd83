"""Independent computations of the expected values pasted into crates/evaluate's unit tests.

Each section re-derives a method from its published formula in NumPy (or plain Python), on the
same hand-made data as the Rust test that cites it. Run: python bench/evaluate/expected_values.py
"""
import math

import numpy as np


def e1071(x):
    x = np.asarray(x, float)
    n = len(x)
    d = x - x.mean()
    s2, s3, s4 = (d**2).sum(), (d**3).sum(), (d**4).sum()
    skew = math.sqrt(n) * s3 / s2**1.5 * math.sqrt(n * (n - 1)) / (n - 2)
    r = n * s4 / s2**2
    kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return skew, kurt


def section(name):
    print(f"\n== {name}")


section("stats")
print("skew, kurt of (1, 2, 3, 4, 10):", *map(repr, e1071([1, 2, 3, 4, 10])))

section("treat")
x = [0.0] * 100 + [1, 2, 3, 4, 5, 6]
for k in range(5):
    # each step moves the current top tie down to the next value
    top = max(x)
    nxt = max(v for v in x if v != top)
    x = [nxt if v == top else v for v in x]
print("100 zeros + 1..6 after 5 steps:", e1071(x), "(fails |skew|<2 and kurt<3.5 -> log)")
x = [0.0] * 40 + [10, 20, 30, 40, 50, 60]
steps = 0
while not (abs(e1071(x)[0]) < 2 or e1071(x)[1] < 3.5):
    top = max(x)
    nxt = max(v for v in x if v != top)
    x = [nxt if v == top else v for v in x]
    steps += 1
print("40 zeros + 10..60 passes after", steps, "steps, top values", x[40:])

section("eigen")
w, v = np.linalg.eigh(np.array([[4, 1, 2], [1, 3, 0], [2, 0, 5.0]]))
print(repr(float(w[-1])), [repr(float(t)) for t in v[:, -1] * np.sign(v[0, -1])])

section("entropy")
cols = np.array([[1, 2, 3], [5, 5, 9.0]])
d = []
for c in cols:
    r = (c - c.min()) / (c.max() - c.min())
    p = r / r.sum()
    h = sum(pi * math.log(pi) for pi in p if pi > 0)
    d.append(1 + h / math.log(len(c)))
d = np.array(d)
print("d =", [repr(float(t)) for t in d], "w =", [repr(float(t)) for t in d / d.sum()])

section("pca")
a = np.array([1, 2, 3, 4, 5.0])
b = np.array([2, 1, 4, 3, 6.0])
c = np.array([5, 3, 4, 1, 2.0])
z = np.column_stack([(t - t.mean()) / t.std(ddof=1) for t in (a, b, c)])
corr = z.T @ z / (len(a) - 1)
w, v = np.linalg.eigh(corr)
lead = v[:, -1] * (1 if v[:, -1].sum() > 0 else -1)
print("loadings", [repr(float(t)) for t in lead])

section("topsis")
X = np.array([[1, 4], [2, 1], [3, 2], [4, 2.0]])
w = np.array([0.6, 0.4])
V = X / np.sqrt((X**2).sum(axis=0)) * w
dp = np.sqrt(((V - V.max(axis=0)) ** 2).sum(axis=1))
dm = np.sqrt(((V - V.min(axis=0)) ** 2).sum(axis=1))
print("closeness", [repr(float(t)) for t in dm / (dp + dm)])
