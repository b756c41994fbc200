/*
 * Writes a large survey export for the xpi tool's benchmark: a header and
 * rows of date (ISO date-time), channel, region, nps, csat, ces, weight
 * and a free-text comment that is sometimes quoted with commas, doubled
 * quotes and line breaks inside, about 65 bytes a row, until the given
 * size. Deterministic (fixed seed). Rows are in random date order, the
 * hard case for the tool's memory locality, or with "sorted" in date
 * order, as exports usually are.
 *
 *   make_big_csv MEGABYTES [sorted] > big.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 88172645463325252u;

static uint32_t next(uint32_t bound)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)(state % bound);
}

int main(int argc, char **argv)
{
    static const char *const channels[] = { "phone", "email", "chat", "web", "store" };
    static const char *const regions[] = { "north", "south", "east", "west", "central",
                                           "islands" };
    static const char *const comments[] = {
        "fine", "\"slow, but friendly\"", "\"said \"\"call me\"\" twice\"",
        "\"line one\nline two\"", "", "quick and helpful", "\"wrong item, refund took weeks\"" };
    double megabytes = argc > 1 ? atof(argv[1]) : 100.0;
    int sorted = argc > 2 && strcmp(argv[2], "sorted") == 0;
    long long limit = (long long)(megabytes * 1e6), written;
    static char buf[1 << 16];

    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    written = printf("date,channel,region,nps,csat,ces,weight,comment\n");
    while (written < limit) {
        uint32_t day = sorted ? (uint32_t)(730.0 * (double)written / (double)limit) : next(730);
        uint32_t nps = next(11);
        int n = printf("%04u-%02u-%02uT%02u:%02u:%02u+01:00,%s,%s,%u,%u,%u,%u.%02u,%s\n",
                       2024 + day / 365, 1 + day % 365 / 31 % 12, 1 + day % 28, next(24),
                       next(60), next(60), channels[next(5)], regions[next(6)], nps,
                       1 + (nps + next(3)) / 3 % 5, 1 + next(7), 1 + next(2), next(100),
                       comments[next(7)]);
        if (n < 0)
            return 1;
        written += n;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
