"""Generator of the rational tanh coefficients in io.streamcast.lstm.Activations.

tanh(x) ~ x * P(x^2) / Q(x^2) on [-9, 9] (clamped outside), P and Q of degree 4 in x^2, Q(0) = 1.
Fitted by Sanathanan-Koerner iterations (linearised weighted least squares) on Chebyshev-distributed points,
then Lawson reweighting towards the minimax error; the float32 error is then measured with Horner/FMA rounding.

    python3 fit_tanh_coefficients.py [clamp=9] [degree P=4] [degree Q=4]
"""
import sys

import numpy as np

X = float(sys.argv[1]) if len(sys.argv) > 1 else 9.0
npd = int(sys.argv[2]) if len(sys.argv) > 2 else 4
nqd = int(sys.argv[3]) if len(sys.argv) > 3 else 4

n = 40000
x = (X / 2) * (1 - np.cos(np.pi * (np.arange(n) + 0.5) / n))
t = np.tanh(x)
z = x * x
y = t / x


def solve(weights, q_previous):
    a = np.stack([z**k for k in range(npd + 1)] + [-(y * z**k) for k in range(1, nqd + 1)], axis=1)
    w = weights / q_previous
    coef, *_ = np.linalg.lstsq(a * w[:, None], y * w, rcond=None)
    return coef[:npd + 1], np.concatenate([[1.0], coef[npd + 1:]])


q_previous = np.ones_like(x)
lawson = np.ones_like(x)
best = None
for iteration in range(400):
    p, q = solve(lawson, q_previous)
    pv = np.polyval(p[::-1], z)
    qv = np.polyval(q[::-1], z)
    q_previous = qv
    err = x * pv / qv - t
    worst = np.abs(err).max()
    if qv.min() > 0 and (best is None or worst < best[0]):
        best = (worst, p, q)
    if iteration >= 10:
        lawson = lawson * (np.abs(err) / worst) ** 0.3
        lawson = np.maximum(lawson / lawson.max(), 1e-12)
worst, p, q = best
print("double max abs error", worst)

p32 = p.astype(np.float32)
q32 = q.astype(np.float32)
xs = np.linspace(-12, 12, 4000001).astype(np.float32)
xc = np.clip(xs, -X, X).astype(np.float32)
z32 = (xc * xc).astype(np.float32)


def horner(c, zz):
    acc = np.full_like(zz, c[-1])
    for k in range(len(c) - 2, -1, -1):
        acc = (acc.astype(np.float64) * zz.astype(np.float64) + np.float64(c[k])).astype(np.float32)
    return acc


r = ((xc * horner(p32, z32)).astype(np.float32) / horner(q32, z32)).astype(np.float32)
e = np.abs(r.astype(np.float64) - np.tanh(xs.astype(np.float64)))
print("float32 max abs error %.3g at %g; max |tanh| %.9g" % (e.max(), xs[e.argmax()], np.abs(r).max()))
for name, c in (("P", p32), ("Q", q32)):
    print(name, ", ".join("%.9ef" % v for v in c))
