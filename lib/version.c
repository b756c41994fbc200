/* The version of the library actually linked (the header's macros give the
 * version compiled against). */
#include "xpi_internal.h"

#define XPI_STR_(x) #x
#define XPI_STR(x) XPI_STR_(x)

int32_t xpi_version_number(void)
{
    return XPI_VERSION_NUMBER;
}

const char *xpi_version_string(void)
{
    return XPI_STR(XPI_VERSION_MAJOR) "." XPI_STR(XPI_VERSION_MINOR) "." XPI_STR(XPI_VERSION_PATCH);
}
