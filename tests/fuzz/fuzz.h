/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * What every fuzz target defines, as libFuzzer calls it, and what the
 * plain driver (replay.c) calls in its place when a target is built
 * without libFuzzer for make check.  FUZZ_ASSERT stops at once with the
 * file, the line and what did not hold, as a crash the fuzzer keeps.
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_ASSERT(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: FUZZ_ASSERT(%s) failed\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

#define FUZZ_FAIL(why) do {						\
	fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, (why));	\
	abort();							\
} while (0)

#endif
