/*
 * A tally's whole state as bytes (its serialized form), to prove that a
 * failed call changed nothing.
 */
#ifndef XPI_TEST_SNAPSHOT_H
#define XPI_TEST_SNAPSHOT_H

#include <stdlib.h>
#include <string.h>

#include "xpi.h"

typedef struct snapshot {
    unsigned char bytes[32 + 24 * XPI_SCALE_MAX_POINTS + 4];
    size_t length;
} snapshot;

static void snapshot_take(const xpi_tally *t, snapshot *s)
{
    if (xpi_tally_serialize(t, s->bytes, sizeof s->bytes, &s->length) != XPI_OK) {
        fprintf(stderr, "snapshot: serialize failed\n");
        abort();
    }
}

static int snapshot_same(const xpi_tally *t, const snapshot *before)
{
    snapshot now;
    snapshot_take(t, &now);
    return now.length == before->length && memcmp(now.bytes, before->bytes, now.length) == 0;
}

#endif
