/*
 * The tests' only "framework": checks that print what failed and count
 * failures; main returns check_exit().
 */
#ifndef XPI_TEST_CHECK_H
#define XPI_TEST_CHECK_H

#include <math.h>
#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                \
    do {                                                                           \
        check_count++;                                                             \
        if (!(cond)) {                                                             \
            check_failures++;                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                          \
    } while (0)

#define CHECK_STATUS(expr, want)                                                   \
    do {                                                                           \
        int check_got_ = (expr);                                                   \
        check_count++;                                                             \
        if (check_got_ != (want)) {                                                \
            check_failures++;                                                      \
            fprintf(stderr, "%s:%d: %s returned %d, want %d (%s)\n", __FILE__,     \
                    __LINE__, #expr, check_got_, (want), #want);                   \
        }                                                                          \
    } while (0)

/* A check with its own message (printf format and arguments). */
#define CHECKF(cond, ...)                                                          \
    do {                                                                           \
        check_count++;                                                             \
        if (!(cond)) {                                                             \
            check_failures++;                                                      \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                        \
            fprintf(stderr, __VA_ARGS__);                                          \
            fputc('\n', stderr);                                                   \
        }                                                                          \
    } while (0)

/* |got - want| <= tol, or both NaN. */
#define CHECK_NEAR(got, want, tol)                                                 \
    do {                                                                           \
        double check_g_ = (got), check_w_ = (want);                                \
        check_count++;                                                             \
        if (!((isnan(check_g_) && isnan(check_w_)) ||                             \
              fabs(check_g_ - check_w_) <= (tol))) {                               \
            check_failures++;                                                      \
            fprintf(stderr, "%s:%d: %s = %.17g, want %.17g (tol %g)\n", __FILE__,  \
                    __LINE__, #got, check_g_, check_w_, (double)(tol));            \
        }                                                                          \
    } while (0)

static int check_exit(void)
{
    printf("%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
