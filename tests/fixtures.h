/*
 * Tallies the tests build again and again.
 */
#ifndef XPI_TEST_FIXTURES_H
#define XPI_TEST_FIXTURES_H

#include "check.h"
#include "xpi.h"

/* An NPS tally of detractors (score 0), passives (7) and promoters (10). */
static inline xpi_tally *nps(uint64_t detractors, uint64_t passives, uint64_t promoters)
{
    xpi_tally *t = NULL;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 0, detractors), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 7, passives), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 10, promoters), XPI_OK);
    return t;
}

#endif
