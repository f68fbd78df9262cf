/* The unit tests' harness: CHECK counts passes and failures (printing each
   failure with its place), check_report prints the "N passed, M failed" line
   the test runner reads and returns the exit status. */
#ifndef GOESCAPE_TESTS_UNIT_CHECK_H
#define GOESCAPE_TESTS_UNIT_CHECK_H
#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                        \
    do {                                                        \
        if (cond) {                                             \
            passed++;                                           \
        } else {                                                \
            failed++;                                           \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);         \
            printf(__VA_ARGS__);                                \
            printf("\n");                                       \
        }                                                       \
    } while (0)

static inline int check_report(void) {
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif
