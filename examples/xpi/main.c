/*
 * xpi: customer-experience scores from a CSV export, with margins of
 * error, comparisons, segments and trends, in text, JSON, CSV or HTML.
 * Built on libxpi's public API only. `xpi --help` for usage;
 * docs/xpi.md for the JSON schema and exit codes.
 */
#include <stdio.h>
#include <string.h>

#include "load.h"
#include "options.h"
#include "output.h"
#include "report.h"

static int render(const options *o, const report *r, FILE *f)
{
    switch (o->format) {
    case FORMAT_JSON:
        return output_json(f, r);
    case FORMAT_CSV:
        return output_csv(f, r);
    case FORMAT_HTML:
        return output_html(f, r);
    default:
        return output_text(f, r);
    }
}

int main(int argc, char **argv)
{
    options o;
    dataset d;
    report r;
    FILE *out;
    int status = options_parse(argc, argv, &o);

    if (status < 0)
        return 0; /* --help or --version */
    if (status != 0)
        return status;
    if ((status = dataset_load(&o, &d)) != 0)
        return status;
    if ((status = report_build(&o, &d, &r)) != 0) {
        dataset_free(&d);
        return status;
    }
    out = o.output != NULL ? fopen(o.output, "w") : stdout;
    if (out == NULL) {
        perror(o.output);
        status = EXIT_INTERNAL;
    } else {
        status = render(&o, &r, out);
        if (status != 0)
            fprintf(stderr, "xpi: out of memory\n");
        if (fflush(out) != 0 || ferror(out)) {
            fprintf(stderr, "xpi: error writing %s\n", o.output != NULL ? o.output : "output");
            status = EXIT_INTERNAL;
        }
        if (out != stdout)
            fclose(out);
    }
    report_free(&r);
    dataset_free(&d);
    return status;
}
