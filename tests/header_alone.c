/* xpi.h must compile alone, first, under the strictest flags (C and C++). */
#include "xpi.h"

int main(void)
{
    return xpi_version_number() == XPI_VERSION_NUMBER ? 0 : 1;
}
