/*
 * Roots of decreasing functions, for the intervals and tests that are
 * found by inversion (Tango's net interval, the hybrid test of two nets).
 * The Illinois variant of regula falsi (Dowell & Jarratt 1971): the secant
 * through the bracket's ends, with the value at the end that stays put
 * halved so that the bracket closes from both sides. It reaches double
 * precision in about ten evaluations where bisection needs sixty; a
 * bisection step whenever the secant leaves the bracket (infinite or NaN
 * values at an end) and every eighth step keeps the worst case at
 * bisection's pace.
 */
#include <math.h>

#include "xpi_internal.h"

#define MAX_STEPS 200

double xpi_root_decreasing(xpi_root_fn f, const void *ctx, double lo, double hi, double f_lo,
                           double f_hi, double tol_abs, double tol_rel)
{
    double x = lo;
    int i, side = 0;

    if (!(f_lo > 0.0))
        return lo;
    if (!(f_hi < 0.0))
        return hi;
    for (i = 0; i < MAX_STEPS; i++) {
        double next = lo + f_lo * (hi - lo) / (f_lo - f_hi), fx;
        if (!(next > lo && next < hi) || i % 8 == 7)
            next = lo + (hi - lo) / 2.0;
        /* Converged when a step moves less than the tolerance, or the
         * bracket is narrower: the secant lands on the root long before
         * both ends close in. */
        if (i > 0 && fabs(next - x) <= tol_abs + tol_rel * fabs(next))
            return next;
        x = next;
        if (hi - lo <= tol_abs + tol_rel * fabs(x))
            return x;
        fx = f(ctx, x);
        if (fx > 0.0) {
            lo = x;
            f_lo = fx;
            if (side == -1)
                f_hi /= 2.0;
            side = -1;
        } else if (fx < 0.0) {
            hi = x;
            f_hi = fx;
            if (side == 1)
                f_lo /= 2.0;
            side = 1;
        } else {
            return x;
        }
    }
    return x;
}
