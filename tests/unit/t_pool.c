/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Tests of the object pools: objects come zeroed, distinct and aligned;
 * freed ones are reused; blocks fill up and new ones are mapped; emptied
 * blocks go to the shared cache, serve the next burst from any pool, and
 * go back to the system once a trim period passed without need.  They
 * run under AddressSanitizer too.
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

struct other {
	char	 bytes[50];
};

#define MANY	1000

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
	/* The empty block is cached, not unmapped. */
	CHECK_INT(p.blocks, 0);
	CHECK_INT(pool_cache_len(), 1);
	CHECK_INT(pool_trim(1), 1);
	CHECK_INT(pool_cache_len(), 0);
}

static void
test_many(void)
{
	struct pool	 p = POOL_INITIALIZER("thing", struct thing);
	struct pool	 other = POOL_INITIALIZER("other", struct other);
	struct thing	**t;
	struct other	**o;
	size_t		 i, j, nblocks;
	int		 distinct = 1, intact = 1;

	t = calloc(MANY, sizeof *t);
	o = calloc(MANY, sizeof *o);
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

	/* All gone: every block goes to the cache. */
	nblocks = p.blocks;
	for (i = 0; i < MANY; i++)
		pool_put(&p, t[i]);
	CHECK_INT(p.used, 0);
	CHECK_INT(p.blocks, 0);
	CHECK_INT(pool_cache_len(), nblocks);

	/* The cache serves the next burst, of any pool, without mapping. */
	pool_trim(0);		/* a period starts with the cache full */
	for (i = 0; i < MANY; i++)
		o[i] = pool_get(&other);
	CHECK_INT(pool_cache_len(), nblocks - other.blocks);
	/* Blocks that stayed cached the whole period are unmapped. */
	CHECK_INT(pool_trim(0), nblocks - other.blocks);
	CHECK_INT(pool_cache_len(), 0);
	nblocks = other.blocks;
	for (i = MANY; i > 0; i--)
		pool_put(&other, o[i - 1]);
	CHECK_INT(other.blocks, 0);
	CHECK_INT(pool_cache_len(), nblocks);
	/* Cached during only part of the last period: kept one more. */
	CHECK_INT(pool_trim(0), 0);
	CHECK_INT(pool_trim(0), nblocks);
	CHECK_INT(pool_cache_len(), 0);
	free(t);
	free(o);
}

int
main(void)
{
	test_zeroed_and_reused();
	test_many();
	return (DONE());
}
