/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Tests of the object pools: objects come zeroed, distinct and aligned;
 * freed ones are reused; blocks fill up and new ones are mapped; blocks
 * are given back when they empty, but for one kept for the next burst.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "test.h"

struct thing {
	char	 bytes[100];
};

#define MANY	5000

static void
test_zeroed_and_reused(void)
{
	struct pool	 p = POOL_INITIALIZER("thing", struct thing);
	struct thing	*a, *b;

	a = pool_get(&p);
	CHECK(a != NULL);
	CHECK_INT(p.used, 1);
	CHECK_INT(p.blocks, 1);
	CHECK_INT((uintptr_t)a % 16, 0);
	memset(a, 'x', sizeof *a);
	b = pool_get(&p);
	CHECK(b != a);
	CHECK_INT((uintptr_t)b - (uintptr_t)a, p.size);
	pool_put(&p, a);
	CHECK_INT(p.used, 1);
	a = pool_get(&p);
	CHECK(a == (struct thing *)((uintptr_t)b - p.size));
	CHECK_INT(a->bytes[0], 0);
	CHECK_INT(a->bytes[sizeof a->bytes - 1], 0);
	pool_put(&p, a);
	pool_put(&p, b);
	pool_put(&p, NULL);
	CHECK_INT(p.used, 0);
	/* The one empty block is kept, not unmapped. */
	CHECK_INT(p.blocks, 1);
}

static void
test_many(void)
{
	struct pool	 p = POOL_INITIALIZER("thing", struct thing);
	struct thing	**t;
	size_t		 i, j;
	int		 distinct = 1, intact = 1;

	t = calloc(MANY, sizeof *t);
	for (i = 0; i < MANY; i++) {
		t[i] = pool_get(&p);
		memset(t[i], (int)(i & 0x7f), sizeof *t[i]);
	}
	CHECK_INT(p.used, MANY);
	CHECK_INT(p.blocks, (MANY + p.per_block - 1) / p.per_block);
	for (i = 0; i < MANY; i++)
		for (j = 0; j < sizeof t[i]->bytes; j++)
			if (t[i]->bytes[j] != (char)(i & 0x7f))
				intact = 0;
	CHECK(intact);
	for (i = 1; i < MANY; i++)
		if (t[i] == t[i - 1])
			distinct = 0;
	CHECK(distinct);

	/* Free every other object: no block empties. */
	for (i = 0; i < MANY; i += 2)
		pool_put(&p, t[i]);
	CHECK_INT(p.used, MANY / 2);
	CHECK_INT(p.blocks, (MANY + p.per_block - 1) / p.per_block);
	/* Those slots are used again before any new block. */
	for (i = 0; i < MANY; i += 2)
		t[i] = pool_get(&p);
	CHECK_INT(p.blocks, (MANY + p.per_block - 1) / p.per_block);

	/* All gone: every block but one goes back to the system. */
	for (i = 0; i < MANY; i++)
		pool_put(&p, t[i]);
	CHECK_INT(p.used, 0);
	CHECK_INT(p.blocks, 1);

	/* And the kept block serves the next burst. */
	for (i = 0; i < MANY; i++)
		t[i] = pool_get(&p);
	CHECK_INT(p.blocks, (MANY + p.per_block - 1) / p.per_block);
	for (i = MANY; i > 0; i--)
		pool_put(&p, t[i - 1]);
	CHECK_INT(p.blocks, 1);
	free(t);
}

int
main(void)
{
	if (POOL_PLAIN) {
		printf("pools are plain calloc under AddressSanitizer: "
		    "skipped\n");
		return (77);
	}
	test_zeroed_and_reused();
	test_many();
	return (DONE());
}
