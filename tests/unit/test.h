/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The unit-test harness: CHECK, CHECK_STR and CHECK_INT count a pass or
 * print the file, the line and the values of a failure; DONE prints
 * "N passed, N failed" and gives the exit status, 0 only if none failed.
 */

#ifndef TEST_H
#define TEST_H

#include <stdio.h>
#include <string.h>

static int	test_passed, test_failed;

#define TEST_FAIL(fmt, ...) do {					\
	test_failed++;							\
	printf("%s:%d: " fmt "\n", __FILE__, __LINE__, __VA_ARGS__);	\
	fflush(stdout);							\
} while (0)

#define CHECK(c) do {							\
	if (c)								\
		test_passed++;						\
	else								\
		TEST_FAIL("CHECK(%s) failed", #c);			\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *test_a = (a), *test_b = (b);			\
	if (test_a == NULL ? test_b == NULL :				\
	    test_b != NULL && strcmp(test_a, test_b) == 0)		\
		test_passed++;						\
	else								\
		TEST_FAIL("%s is \"%s\", expected \"%s\"", #a,		\
		    test_a ? test_a : "(null)", test_b ? test_b : "(null)"); \
} while (0)

#define CHECK_INT(a, b) do {						\
	long long test_a = (long long)(a), test_b = (long long)(b);	\
	if (test_a == test_b)						\
		test_passed++;						\
	else								\
		TEST_FAIL("%s is %lld, expected %lld", #a, test_a, test_b); \
} while (0)

#define DONE() (printf("%d passed, %d failed\n", test_passed,		\
	test_failed), test_failed == 0 ? 0 : 1)

#endif
