"""compare_numpy.py -- the numpy side of bench/compare.sh (a benchmark).

Validation model v1 written the way a numpy user would, vectorised: the
replicates' Poisson(20) claim counts in one draw, every claim's
lognormal(10, 1.2) damage in one draw, the per-replicate sums by
np.add.reduceat, then the summary medliab writes for the annual total:
mean, sd, quantiles and TVaR 99%, by medliab's rules (sim/results/stats.c):
the p-quantile is the sorted sample's element ceil(n p) (the inverse of the
empirical distribution function) and TVaR_p = VaR_p + sum((x - VaR_p)+) /
(n (1 - p)).  Only that computation is timed, not the interpreter's start
or numpy's import: bench/compare.sh times the whole process separately.

usage: python3 compare_numpy.py REPLICATES SEED
prints `key value` lines for bench/compare.sh to read.
"""
import math
import sys
import time

import numpy as np

# Levels in per mille, ranks in whole numbers (as stats.c does): n * 0.99
# in floating point can land above a whole number and move the rank by one.
PERMILLE = (500, 900, 950, 990, 995, 999)


def summary(totals):
    """Mean, sd, the PERMILLE quantiles and TVaR 99% of one sample."""
    n = totals.size
    x = np.sort(totals)
    q = {k: x[max((n * k + 999) // 1000, 1) - 1] for k in PERMILLE}
    v = q[990]
    tvar99 = v + np.maximum(x - v, 0.0).sum() / (n * (1 - 0.99))
    mean = totals.mean()
    return mean, totals.std(ddof=1), q, tvar99


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    t0, c0 = time.perf_counter(), time.process_time()
    rng = np.random.default_rng(seed)
    counts = rng.poisson(20.0, n)
    damages = rng.lognormal(10.0, 1.2, int(counts.sum()))
    # reduceat sums each slice from one start to the next; a replicate
    # without claims would get its neighbour's first damage instead of 0,
    # so only the replicates with claims take part (their starts increase
    # strictly and lie inside the array).
    starts = np.cumsum(counts) - counts
    some = counts > 0
    totals = np.zeros(n)
    if damages.size:
        totals[some] = np.add.reduceat(damages, starts[some])
    mean, sd, q, tvar99 = summary(totals)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"compute_s {elapsed:.6f}")
    print(f"compute_cpu_s {cpu:.6f}")
    print(f"claims {int(counts.sum())}")
    print(f"replicates {n}")
    print(f"mean {mean:.10g}")
    # The standard error of the mean from this sample's own sd.
    print(f"se {sd / math.sqrt(n):.10g}")
    print(f"sd {sd:.10g}")
    for k in PERMILLE:
        print(f"q{k / 1000:g} {q[k]:.10g}")
    print(f"tvar0.99 {tvar99:.10g}")


if __name__ == "__main__":
    main()
