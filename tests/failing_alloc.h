/*
 * An allocator for tests that fails its k-th request and counts live
 * allocations, so a test can prove that every failure returns
 * XPI_ERR_NO_MEMORY and leaks nothing.
 */
#ifndef XPI_TEST_FAILING_ALLOC_H
#define XPI_TEST_FAILING_ALLOC_H

#include <stdlib.h>

#include "xpi.h"

typedef struct failing {
    long fail_at; /* index of the request to fail; -1: never */
    long requests;
    long live;    /* allocations not yet freed */
} failing;

static void *failing_alloc(void *user_data, size_t size)
{
    failing *f = user_data;
    void *p;
    if (f->requests++ == f->fail_at)
        return NULL;
    p = malloc(size);
    if (p != NULL)
        f->live++;
    return p;
}

static void *failing_realloc(void *user_data, void *ptr, size_t size)
{
    failing *f = user_data;
    if (f->requests++ == f->fail_at)
        return NULL;
    if (ptr == NULL)
        f->live++;
    return realloc(ptr, size);
}

static void failing_free(void *user_data, void *ptr)
{
    failing *f = user_data;
    if (ptr != NULL)
        f->live--;
    free(ptr);
}

static xpi_allocator failing_allocator(failing *f, long fail_at)
{
    xpi_allocator a;
    f->fail_at = fail_at;
    f->requests = 0;
    f->live = 0;
    a.alloc = failing_alloc;
    a.realloc = failing_realloc;
    a.free = failing_free;
    a.user_data = f;
    return a;
}

#endif
