/* Status codes and their messages. */
#include "xpi_internal.h"

const char *xpi_strerror(int status)
{
    switch (status) {
    case XPI_OK: return "success";
    case XPI_ERR_INVALID_ARG: return "invalid argument";
    case XPI_ERR_NO_MEMORY: return "out of memory";
    case XPI_ERR_SCORE_RANGE: return "score outside the scale";
    case XPI_ERR_NOT_ENOUGH_DATA: return "not enough data";
    case XPI_ERR_NOT_APPLICABLE: return "method not applicable to this statistic";
    case XPI_ERR_MALFORMED: return "malformed input";
    case XPI_ERR_OVERFLOW: return "count, sum or result would overflow";
    case XPI_ERR_SCALE_MISMATCH: return "scales do not match";
    case XPI_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case XPI_ERR_UNSUPPORTED_VERSION: return "unsupported format version";
    default: return "unknown status";
    }
}
