/*
 * Roots of decreasing functions, for the intervals and tests that are
 * found by inversion (Tango's net interval, the hybrid test of two nets).
 * Regula falsi with the Anderson & Bjorck (1973) modification: the secant
 * through the bracket's ends, with the value at the end that stays put
 * scaled down (by 1 - f(new) / f(previous), or halved as in the Illinois
 * method of Dowell & Jarratt 1971 when that is not in (0, 1)), so that the
 * bracket closes from both sides. It reaches double
 * precision in a handful of evaluations where bisection needs sixty; a
 * bisection step whenever the secant leaves the bracket (infinite or NaN
 * values at an end), or when four steps have not halved the bracket,
 * keeps the worst case at bisection's pace.
 */
#include <math.h>

#include "xpi_internal.h"

#define MAX_STEPS 200

double xpi_root_decreasing(xpi_root_fn f, const void *ctx, double lo, double hi, double f_lo,
                           double f_hi, double tol_abs, double tol_rel)
{
    double x = lo, width = hi - lo;
    int i, side = 0;

    if (!(f_lo > 0.0))
        return lo;
    if (!(f_hi < 0.0))
        return hi;
    for (i = 0; i < MAX_STEPS; i++) {
        double next, fx, tol = tol_abs + tol_rel * fmax(fabs(lo), fabs(hi));
        if (hi - lo <= 2.0 * tol)
            return lo + (hi - lo) / 2.0;
        next = lo + f_lo * (hi - lo) / (f_lo - f_hi);
        if (i % 4 == 3) {
            if (hi - lo > width / 2.0)
                next = lo + (hi - lo) / 2.0;
            width = hi - lo;
        }
        if (!isfinite(f_lo) || !isfinite(f_hi) || !(next >= lo && next <= hi))
            next = lo + (hi - lo) / 2.0; /* an infinite end says only where the root is not */
        /* A step of at least the tolerance (Brent 1973): when the secant
         * lands next to an end that is the root, the step beyond it
         * brackets the root within the tolerance and ends the search. */
        if (next - lo < tol)
            next = lo + tol;
        else if (hi - next < tol)
            next = hi - tol;
        x = next;
        fx = f(ctx, x);
        if (fx == 0.0)
            return x;
        if ((fx > 0.0) == (f_lo > 0.0)) {
            /* x replaces lo; when lo moved last time too, scale hi down. */
            double g = 1.0 - fx / f_lo;
            if (side == -1)
                f_hi *= g > 0.0 && g < 1.0 ? g : 0.5;
            lo = x;
            f_lo = fx;
            side = -1;
        } else {
            double g = 1.0 - fx / f_hi;
            if (side == 1)
                f_lo *= g > 0.0 && g < 1.0 ? g : 0.5;
            hi = x;
            f_hi = fx;
            side = 1;
        }
    }
    return x;
}
