/*
 * vexp.c — a vectorisable exponential (vexp.h).
 */
#include "vexp.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define VEXP_LIMIT 708.0
#define LOG2E 0x1.71547652b82fep0
/* ln 2 in two parts: the high part has 32 significant bits, so k * LN2_HI
 * is exact for |k| < 2^21. */
#define LN2_HI 0x1.62e42fee00000p-1
#define LN2_LO 0x1.a39ef35793c76p-33
/* Adding 1.5 * 2^52 rounds to an integer and leaves it in the low bits. */
#define SHIFT 0x1.8p52

/* e^x for |x| < VEXP_LIMIT; inlined into both loops below. */
static inline double exp_core(double x)
{
    double kd = x * LOG2E + SHIFT;
    uint64_t kb;
    memcpy(&kb, &kd, sizeof kb);
    kd -= SHIFT;
    double r = (x - kd * LN2_HI) - kd * LN2_LO;
    /* e^r = 1 + r + r^2 q(r), q's coefficients 1/(j+2)! for j <= 11, by
     * Estrin's scheme: pairs, then powers r^2, r^4, r^8, so the chain of
     * dependent operations is four multiply-adds deep instead of twelve
     * (a one-number call was three times libm's otherwise). */
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double q0 = 0.5 + r * (1.0 / 6.0);
    double q1 = 1.0 / 24.0 + r * (1.0 / 120.0);
    double q2 = 1.0 / 720.0 + r * (1.0 / 5040.0);
    double q3 = 1.0 / 40320.0 + r * (1.0 / 362880.0);
    double q4 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
    double q5 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
    double q = (q0 + r2 * q1) + r4 * (q2 + r2 * q3) + r8 * (q4 + r2 * q5);
    /* The two leading terms added last keep the rounding error of the sum
     * near half a unit. */
    double p = 1.0 + (r + r2 * q);
    /* 2^k: k + 1023 is in [1, 2045] here, so it is the exponent field. */
    uint64_t sb = (kb + 1023u) << 52;
    double scale;
    memcpy(&scale, &sb, sizeof scale);
    return p * scale;
}

double ml_exp1(double x)
{
    if (!(fabs(x) < VEXP_LIMIT))
        return exp(x);
    return exp_core(x);
}

double ml_exp_affine1(double a, double b, double z)
{
    return ml_exp1(a + b * z);
}

/* The loop the compiler vectorises: the arguments first, then every lane
 * computed without a branch when all are in range; otherwise each number
 * by ml_exp1 (a rare batch: a damage beyond e^708). */
__attribute__((target_clones("avx512f", "avx2", "default")))
void ml_exp_affine_n(double a, double b, double *z, unsigned n)
{
    unsigned outside = 0;
    for (unsigned i = 0; i < n; i++) {
        double v = a + b * z[i];
        z[i] = v;
        /* One comparison, false for a NaN too: the two of a && did not
         * vectorise (the loop ran one number at a time, perf, issue 16). */
        outside |= !(fabs(v) < VEXP_LIMIT);
    }
    if (outside) {
        for (unsigned i = 0; i < n; i++)
            z[i] = ml_exp1(z[i]);
        return;
    }
    for (unsigned i = 0; i < n; i++)
        z[i] = exp_core(z[i]);
}
