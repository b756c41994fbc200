/*
 * Penalties for change points calibrated to false-alarm rates, written by
 * tools/calibrate_changes.c (rerun it after changing the cost): for T
 * periods with data and df + 1 categories, the quantile of the smallest
 * penalty that leaves a series without any change unsegmented, each
 * column made non-decreasing in T (a running maximum over the simulation's
 * wobble; the true quantiles cannot fall as T grows). Between the
 * simulated values the penalty is interpolated linearly in log T, in df and
 * in log alpha; beyond the table it is extrapolated linearly from its last
 * two entries (docs/methods.md, "Change points").
 */
#include <math.h>

#include "xpi_internal.h"

typedef struct penalty_row {
    double periods, df, at10, at05, at01;
} penalty_row;

/* T, df, penalty at false-alarm rates 10%, 5%, 1% (2000 series each, 500 beyond T = 240; n = 500 per period; minimum segment 2) */
static const penalty_row table[] = {
    {4, 1, 2.4548, 3.6995, 6.5034},
    {6, 1, 4.1619, 5.4634, 8.5186},
    {8, 1, 4.6255, 5.8101, 8.7407},
    {10, 1, 5.2285, 6.6279, 9.5981},
    {12, 1, 5.6641, 7.2051, 10.2783},
    {15, 1, 5.8325, 7.2051, 10.5039},
    {18, 1, 6.3423, 7.7061, 11.1504},
    {24, 1, 6.6494, 7.9756, 11.1504},
    {30, 1, 7.0620, 8.2827, 11.3262},
    {36, 1, 7.2163, 8.4648, 11.4512},
    {48, 1, 7.6270, 8.8184, 12.3311},
    {60, 1, 7.6528, 8.9736, 12.4492},
    {90, 1, 8.4565, 9.5649, 12.7275},
    {120, 1, 8.4565, 9.7666, 12.7275},
    {180, 1, 8.8267, 9.9746, 12.7275},
    {240, 1, 9.2065, 10.2705, 13.5898},
    {365, 1, 9.6655, 10.3223, 13.5898},
    {730, 1, 10.4541, 11.1006, 14.3896},
    {4, 2, 4.7549, 6.3735, 8.9336},
    {6, 2, 6.4199, 7.8120, 11.4727},
    {8, 2, 7.0967, 8.5571, 11.9131},
    {10, 2, 7.6235, 9.1143, 13.9922},
    {12, 2, 8.1064, 9.6875, 13.9922},
    {15, 2, 8.5049, 10.2373, 13.9922},
    {18, 2, 8.8901, 10.4229, 14.1074},
    {24, 2, 9.3442, 10.7246, 14.1074},
    {30, 2, 9.7891, 11.2246, 14.1973},
    {36, 2, 9.9854, 11.7285, 15.2363},
    {48, 2, 10.0898, 11.7285, 15.2363},
    {60, 2, 10.5293, 12.1758, 15.5908},
    {90, 2, 11.1543, 12.4219, 15.5908},
    {120, 2, 11.2373, 13.1094, 15.9395},
    {180, 2, 11.7314, 13.3125, 16.8379},
    {240, 2, 12.2168, 13.4600, 16.9639},
    {365, 2, 12.2549, 13.7490, 16.9639},
    {730, 2, 13.5928, 15.2471, 18.4375},
    {4, 4, 8.1475, 9.8623, 13.5371},
    {6, 4, 10.0791, 12.0566, 15.4248},
    {8, 4, 11.1230, 13.0596, 17.0791},
    {10, 4, 11.3340, 13.5215, 17.0791},
    {12, 4, 11.9424, 13.5264, 17.0791},
    {15, 4, 12.5352, 14.0596, 17.6553},
    {18, 4, 12.7930, 14.4307, 18.0244},
    {24, 4, 13.5039, 15.3271, 19.3965},
    {30, 4, 13.7031, 15.7656, 19.4629},
    {36, 4, 13.9912, 15.7666, 19.4844},
    {48, 4, 14.5088, 16.5205, 21.1211},
    {60, 4, 14.9326, 16.5205, 21.1211},
    {90, 4, 15.3457, 17.0986, 21.6270},
    {120, 4, 15.8223, 17.5469, 22.0996},
    {180, 4, 16.2217, 17.7500, 22.0996},
    {240, 4, 16.3057, 17.9229, 22.0996},
    {365, 4, 16.7207, 18.4961, 22.4844},
    {730, 4, 17.4873, 18.8398, 23.8672},
    {4, 6, 10.6875, 12.4326, 16.5205},
    {6, 6, 12.9629, 14.7314, 18.9326},
    {8, 6, 13.9844, 15.8193, 19.5146},
    {10, 6, 14.8496, 17.0303, 20.7188},
    {12, 6, 15.2324, 17.0303, 21.3789},
    {15, 6, 15.8428, 17.6475, 21.4316},
    {18, 6, 16.3105, 18.0205, 22.3457},
    {24, 6, 16.8320, 18.8770, 22.8418},
    {30, 6, 17.4121, 19.2363, 23.5469},
    {36, 6, 17.6543, 19.6152, 23.8926},
    {48, 6, 18.2773, 19.8320, 23.8926},
    {60, 6, 18.5898, 20.3945, 24.9004},
    {90, 6, 19.0088, 20.8320, 25.8574},
    {120, 6, 19.6211, 21.3828, 25.8574},
    {180, 6, 19.9199, 21.5430, 25.8574},
    {240, 6, 20.1230, 21.8242, 25.9961},
    {365, 6, 20.9668, 22.3438, 25.9961},
    {730, 6, 21.5605, 22.8047, 27.4590},
    {4, 10, 16.0293, 18.1768, 23.2305},
    {6, 10, 19.2764, 21.1875, 26.1191},
    {8, 10, 20.2344, 22.3691, 26.3145},
    {10, 10, 20.9961, 22.9609, 27.6406},
    {12, 10, 21.7207, 24.1699, 28.4922},
    {15, 10, 22.0059, 24.1699, 29.8281},
    {18, 10, 22.8262, 24.7930, 29.8281},
    {24, 10, 23.3906, 25.5898, 30.5488},
    {30, 10, 23.8867, 25.9395, 30.5508},
    {36, 10, 24.3145, 26.5254, 31.0430},
    {48, 10, 24.9785, 27.2539, 32.0625},
    {60, 10, 25.6230, 27.8965, 32.0625},
    {90, 10, 25.7793, 27.8965, 32.4824},
    {120, 10, 26.1113, 27.8984, 32.4824},
    {180, 10, 26.5781, 28.3555, 33.2305},
    {240, 10, 27.4824, 29.2246, 34.2402},
    {365, 10, 27.5410, 30.4102, 34.2402},
    {730, 10, 28.6777, 30.7051, 36.0723},
};

#define ROWS (sizeof table / sizeof table[0])

/* The penalty of a row at alpha, interpolated in log alpha. */
static double at_alpha(const penalty_row *r, double alpha)
{
    double la = log(alpha);
    if (alpha >= 0.05)
        return r->at05 + (r->at10 - r->at05) * (la - log(0.05)) / (log(0.10) - log(0.05));
    return r->at01 + (r->at05 - r->at01) * (la - log(0.01)) / (log(0.05) - log(0.01));
}

/* Linear interpolation (or extrapolation) of y at x through (x0, y0), (x1, y1). */
static double line(double x, double x0, double y0, double x1, double y1)
{
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}

/* The penalty for a df in the table, at n periods (in log n). */
static double at_periods(double df, double n, double alpha)
{
    size_t first = ROWS, last = 0, i;
    double ln = log(n < 4.0 ? 4.0 : n);
    for (i = 0; i < ROWS; i++) {
        if (table[i].df == df) {
            first = i < first ? i : first;
            last = i;
        }
    }
    for (i = first; i < last && log(table[i + 1].periods) < ln; i++)
        ;
    if (i == last) /* beyond the table: extrapolate from its last two entries */
        i = last - 1;
    return line(ln, log(table[i].periods), at_alpha(&table[i], alpha),
                log(table[i + 1].periods), at_alpha(&table[i + 1], alpha));
}

double xpi_change_penalty(size_t n, size_t df, double alpha)
{
    static const double dfs[] = {1.0, 2.0, 4.0, 6.0, 10.0};
    double d = df < 1 ? 1.0 : (double)df;
    size_t i;
    for (i = 0; i + 2 < sizeof dfs / sizeof dfs[0] && dfs[i + 1] < d; i++)
        ;
    return line(d, dfs[i], at_periods(dfs[i], (double)n, alpha), dfs[i + 1],
                at_periods(dfs[i + 1], (double)n, alpha));
}
