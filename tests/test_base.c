/* Status messages, version, and free(NULL). */
#include <string.h>

#include "check.h"
#include "xpi.h"

static void test_strerror(void)
{
    static const int codes[] = {
        XPI_OK, XPI_ERR_INVALID_ARG, XPI_ERR_NO_MEMORY, XPI_ERR_SCORE_RANGE,
        XPI_ERR_NOT_ENOUGH_DATA, XPI_ERR_NOT_APPLICABLE, XPI_ERR_MALFORMED,
        XPI_ERR_OVERFLOW, XPI_ERR_SCALE_MISMATCH, XPI_ERR_BUFFER_TOO_SMALL,
        XPI_ERR_UNSUPPORTED_VERSION,
    };
    const size_t ncodes = sizeof codes / sizeof codes[0];
    size_t i, j;
    for (i = 0; i < ncodes; i++) {
        const char *msg = xpi_strerror(codes[i]);
        CHECK(msg != NULL && strlen(msg) > 0);
        CHECK(strcmp(msg, "unknown status") != 0);
        for (j = 0; j < i; j++)
            CHECK(strcmp(msg, xpi_strerror(codes[j])) != 0);
    }
    CHECK(strcmp(xpi_strerror(-1000), "unknown status") == 0);
    CHECK(strcmp(xpi_strerror(7), "unknown status") == 0);
}

/* The ABI promise: these values never change. */
static void test_status_values(void)
{
    CHECK(XPI_OK == 0);
    CHECK(XPI_ERR_INVALID_ARG == -1);
    CHECK(XPI_ERR_NO_MEMORY == -2);
    CHECK(XPI_ERR_SCORE_RANGE == -3);
    CHECK(XPI_ERR_NOT_ENOUGH_DATA == -4);
    CHECK(XPI_ERR_NOT_APPLICABLE == -5);
    CHECK(XPI_ERR_MALFORMED == -6);
    CHECK(XPI_ERR_OVERFLOW == -7);
    CHECK(XPI_ERR_SCALE_MISMATCH == -8);
    CHECK(XPI_ERR_BUFFER_TOO_SMALL == -9);
    CHECK(XPI_ERR_UNSUPPORTED_VERSION == -10);
}

static void test_version(void)
{
    char header[32];
    snprintf(header, sizeof header, "%d.%d.%d", XPI_VERSION_MAJOR, XPI_VERSION_MINOR,
             XPI_VERSION_PATCH);
    /* PROJECT_VERSION comes from meson.build's project(). */
    CHECK(strcmp(header, PROJECT_VERSION) == 0);
    CHECK(strcmp(xpi_version_string(), PROJECT_VERSION) == 0);
    CHECK(xpi_version_number() == XPI_VERSION_NUMBER);
    CHECK(XPI_VERSION_NUMBER ==
          XPI_VERSION_MAJOR * 10000 + XPI_VERSION_MINOR * 100 + XPI_VERSION_PATCH);
}

/* Passes by not crashing (and by ASan/valgrind finding nothing). */
static void test_free_null(void)
{
    xpi_tally_free(NULL);
}

int main(void)
{
    test_strerror();
    test_status_values();
    test_version();
    test_free_null();
    return check_exit();
}
