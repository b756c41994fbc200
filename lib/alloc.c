/* Allocator hooks: every allocation of the library goes through here. */
#include <stdlib.h>
#include <string.h>

#include "xpi_internal.h"

static void *libc_alloc(void *user_data, size_t size)
{
    (void)user_data;
    return malloc(size);
}

static void *libc_realloc(void *user_data, void *ptr, size_t size)
{
    (void)user_data;
    return realloc(ptr, size);
}

static void libc_free(void *user_data, void *ptr)
{
    (void)user_data;
    free(ptr);
}

int xpi_alloc_init(xpi_allocator *out, const xpi_allocator *alloc)
{
    if (alloc == NULL) {
        out->alloc = libc_alloc;
        out->realloc = libc_realloc;
        out->free = libc_free;
        out->user_data = NULL;
        return XPI_OK;
    }
    if (alloc->alloc == NULL || alloc->free == NULL)
        return XPI_ERR_INVALID_ARG;
    *out = *alloc;
    return XPI_OK;
}

void *xpi_alloc(const xpi_allocator *a, size_t size)
{
    /* A zero-byte request is never made by the library; guard anyway so a
     * hook never sees one. */
    return a->alloc(a->user_data, size ? size : 1);
}

void xpi_dealloc(const xpi_allocator *a, void *ptr)
{
    if (ptr != NULL)
        a->free(a->user_data, ptr);
}

void *xpi_grow(const xpi_allocator *a, void *ptr, size_t old_size, size_t new_size)
{
    void *p;
    if (ptr == NULL)
        return xpi_alloc(a, new_size);
    if (a->realloc != NULL)
        return a->realloc(a->user_data, ptr, new_size ? new_size : 1);
    /* No realloc hook: move by hand; the old block stays valid on failure. */
    p = xpi_alloc(a, new_size);
    if (p == NULL)
        return NULL;
    memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    xpi_dealloc(a, ptr);
    return p;
}
