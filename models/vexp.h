/*
 * vexp.h — the exponential of many numbers at once, the same bits on every
 * machine.
 *
 * A textbook regime's lognormal damages are exp(meanlog + sdlog z) for a
 * batch of normals; glibc's exp takes them one call at a time (13-15% of
 * the batched engine's time).  This one is plain arithmetic the compiler
 * turns into vector instructions: x = k ln2 + r with k an integer and
 * |r| <= ln2 / 2 (Cody and Waite's two-part ln2, so k ln2's high part is
 * exact), e^r by its Taylor series to r^13 (the first term left out, r^14 /
 * 14!, is below 4.1e-18 of the result; Estrin's scheme), times 2^k built from its exponent
 * bits.  Its error is within about 2 units in the last place of the true
 * value (test_vexp measures it against expl).  There is no fused
 * multiply-add in it (the file is compiled with -ffp-contract=off and the
 * vector variants enable none), so every variant returns the same bits.
 * Outside |x| < 708 (where 2^k stays a normal number), and for NaN, the
 * value is libm's exp.
 */
#ifndef ML_VEXP_H
#define ML_VEXP_H

/* z[i] = e^(a + b z[i]) for i < n: a lognormal's damages from their
 * normals, the argument formed here too so that no build fuses it into a
 * multiply-add in one place and not in another. */
void ml_exp_affine_n(double a, double b, double *z, unsigned n);

/* One number the same way (the one-at-a-time draw): e^(a + b z). */
double ml_exp_affine1(double a, double b, double z);

/* e^x, the same way. */
double ml_exp1(double x);

#endif
