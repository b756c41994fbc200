/*
 * Fuzz target: the xpi tool (examples/xpi) from its input bytes to every
 * output format, through its own code: the CSV reader, the cell parsers,
 * the load into cubes, the analyses and the renderers.
 *
 * The first two input bytes pick the command line (command, which of the
 * columns date, channel, region, weight are used, --strict, the output
 * format, --where, --utc-offset, --method); the rest is the CSV file,
 * written to a scratch file that the tool reads as a user's export. Seeds
 * have headers with those names.
 *
 * Oracles: ASan/UBSan; an exit status among the documented ones; and the
 * accounting of rows: for each score column, the responses used plus the
 * cells skipped equal the rows read less those filtered or skipped whole.
 * The reader is also checked on its own: records written back with every
 * field quoted must read back identical (a round trip through csv.c).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "load.h"
#include "options.h"
#include "output.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];
static FILE *null_out;

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_tool: %s\n", what);
    abort();
}

/* Every record of the file, written back fully quoted, reads back the same. */
static void round_trip(const uint8_t *data, size_t size)
{
    FILE *in, *out;
    csv_reader *r, *back;
    unsigned long long records = 0, again = 0;
    int status, delimiter;
    if (size == 0) /* fmemopen may refuse an empty buffer */
        return;
    in = fmemopen((void *)(uintptr_t)data, size, "rb");
    out = tmpfile();
    if (in == NULL || out == NULL)
        fail("cannot open scratch streams");
    r = csv_open(in, 0);
    while ((status = csv_read(r)) == CSV_RECORD) {
        size_t i, len;
        records++;
        for (i = 0; i < csv_field_count(r); i++) {
            const char *s = csv_field(r, i, &len);
            if (strlen(s) != len)
                fail("a field's length is not its string's"); /* NUL is an error */
            if (i > 0)
                fputc(csv_delimiter(r), out);
            fputc('"', out);
            for (; *s; s++) {
                if (*s == '"')
                    fputc('"', out);
                fputc(*s, out);
            }
            fputc('"', out);
        }
        fputc('\n', out);
    }
    delimiter = csv_delimiter(r);
    csv_close(r);
    fclose(in);
    if (status != CSV_END) { /* an error: the records before it are all there is */
        fclose(out);
        return;
    }
    rewind(out);
    /* The delimiter is given: a single-field file quoted back has none to detect. */
    back = csv_open(out, delimiter);
    in = fmemopen((void *)(uintptr_t)data, size, "rb");
    r = csv_open(in, 0);
    while (csv_read(back) == CSV_RECORD) {
        size_t i;
        again++;
        if (csv_read(r) != CSV_RECORD || csv_field_count(r) != csv_field_count(back))
            fail("round trip: records differ");
        for (i = 0; i < csv_field_count(r); i++)
            if (strcmp(csv_field(r, i, NULL), csv_field(back, i, NULL)) != 0)
                fail("round trip: fields differ");
    }
    if (again != records)
        fail("round trip: record count differs");
    csv_close(back);
    csv_close(r);
    fclose(in);
    fclose(out);
}

static void check_accounting(const dataset *d)
{
    uint64_t whole = d->filtered, k, i;
    for (i = 0; i < ROW_SKIPS; i++)
        whole += d->skipped[i];
    for (k = 0; k < d->nmetrics; k++) {
        uint64_t cells = d->metrics[k].used;
        for (i = 0; i < CELL_SKIPS; i++)
            cells += d->metrics[k].skipped[i];
        if (cells + whole != d->rows)
            fail("rows used and skipped do not add up to the rows read");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* options_parse takes argv as main gets it: mutable strings, which it
     * may change (--where splits at '='), so fresh ones for every run. */
    char xpi[] = "xpi", time_opt[] = "--time", date[] = "date", by[] = "--by",
                channel[] = "channel", region[] = "region", weight_opt[] = "--weight",
                weight[] = "weight", strict[] = "--strict", format[] = "--format",
                score[] = "score", trend[] = "trend", segments[] = "segments",
                report_cmd[] = "report", text[] = "text", json[] = "json", csv[] = "csv",
                html[] = "html", compare[] = "compare", where_opt[] = "--where",
                where[] = "channel=phone", offset_opt[] = "--utc-offset", offset[] = "-05:00",
                method_opt[] = "--method", bootstrap[] = "bootstrap", wald[] = "wald";
    char *commands[4] = { score, trend, segments, report_cmd };
    char *formats[4] = { text, json, csv, html };
    char *argv[24];
    int argc = 0, status;
    unsigned pick, more;
    FILE *f;
    options o;
    dataset d;
    report r;

    if (size < 2)
        return 0;
    if (null_out == NULL) {
        snprintf(path, sizeof path, "/tmp/xpi-fuzz-tool-%ld.csv", (long)getpid());
        null_out = fopen("/dev/null", "w");
    }
    pick = data[0];
    more = data[1];
    round_trip(data + 2, size - 2);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(data + 2, 1, size - 2, f) != size - 2 || fclose(f) != 0)
        fail("cannot write the scratch file");

    argv[argc++] = xpi;
    argv[argc++] = (more & 1) ? compare : commands[pick & 3];
    argv[argc++] = path;
    if ((pick & 3) == 1 || (pick & 4)) {
        argv[argc++] = time_opt;
        argv[argc++] = date;
    }
    if ((pick & 3) == 2 || (pick & 8) || (more & 1)) {
        argv[argc++] = by;
        argv[argc++] = channel;
    }
    if (pick & 16) {
        argv[argc++] = weight_opt;
        argv[argc++] = weight;
    }
    if (pick & 32)
        argv[argc++] = strict;
    if ((pick & 3) == 2 && (pick & 4) && !(more & 1)) { /* compare takes one --by */
        argv[argc++] = by;
        argv[argc++] = region;
    }
    if (more & 2) {
        argv[argc++] = where_opt;
        argv[argc++] = where;
    }
    if ((more & 4) && ((pick & 3) == 1 || (pick & 4))) {
        argv[argc++] = offset_opt;
        argv[argc++] = offset;
    }
    if (more & 24) {
        argv[argc++] = method_opt;
        argv[argc++] = (more & 8) ? bootstrap : wald;
    }
    argv[argc++] = format;
    argv[argc++] = formats[pick >> 6 & 3];
    argv[argc] = NULL;

    if (options_parse(argc, argv, &o) != 0)
        fail("the fuzzer's own command line was refused");
    status = dataset_load(&o, &d);
    if (status != 0) {
        if (status != EXIT_INPUT && status != EXIT_USAGE)
            fail("load: an undocumented exit status");
        return 0;
    }
    check_accounting(&d);
    status = report_build(&o, &d, &r);
    if (status == 0) {
        int (*render[4])(FILE *, const report *) = { output_text, output_json, output_csv,
                                                      output_html };
        if (render[pick >> 6 & 3](null_out, &r) != 0)
            fail("render failed");
        report_free(&r);
    } else if (status != EXIT_NO_DATA && status != EXIT_INPUT && status != EXIT_USAGE) {
        fail("report: an undocumented exit status");
    }
    dataset_free(&d);
    return 0;
}
