/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Object pools.  A block is POOL_BLOCK bytes, mapped at an address that
 * is a multiple of its size, so the block of any object is found by
 * masking the object's address.  The block starts with its header; its
 * objects follow, carved one by one on first use so that untouched
 * memory is never faulted in.  Freed objects go on the block's free
 * list, and blocks with a free slot are on their pool's partial list.
 *
 * Every pool's blocks have the same size, so an emptied block goes to
 * one cache that all pools draw from before they map more: usage that
 * goes up and down, across a block boundary or in waves (the buffers
 * of a storm of joins, filled and flushed every presence_delay), costs
 * no system calls, no page faults and no TLB shootdowns.  The cache is
 * trimmed from a timer: the blocks it held the whole time since the
 * last pool_trim (its low-water mark) go back to the system, so memory
 * that is no longer needed is returned within two periods.
 */

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pool.h"
#include "xmalloc.h"

#define POOL_BLOCK	65536
#define POOL_ALIGN	16

struct pool_free {
	struct pool_free	*next;
};

struct pool_block {
	struct pool		*pool;		/* NULL while cached */
	struct pool_free	*free;		/* freed objects */
	unsigned		 used;		/* objects handed out */
	unsigned		 carved;	/* objects ever handed out */
	LIST_ENTRY(pool_block)	 entry;		/* partial list or cache */
};

#define POOL_HEADER \
	((sizeof(struct pool_block) + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1))

static struct pool_blocks	 pool_cache = LIST_HEAD_INITIALIZER(pool_cache);
static size_t			 pool_cached;	/* blocks in the cache */
static size_t			 pool_low;	/* fewest since pool_trim */

/* Map one block aligned to its own size: map twice that, trim the ends. */
static struct pool_block *
pool_map(void)
{
	char		*p, *start;
	uintptr_t	 addr;

	p = mmap(NULL, 2 * POOL_BLOCK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatal("mmap");
	addr = ((uintptr_t)p + POOL_BLOCK - 1) & ~(uintptr_t)(POOL_BLOCK - 1);
	start = (char *)addr;
	if (start > p)
		munmap(p, start - p);
	if (start + POOL_BLOCK < p + 2 * POOL_BLOCK)
		munmap(start + POOL_BLOCK, p + 2 * POOL_BLOCK -
		    (start + POOL_BLOCK));
	return ((struct pool_block *)start);
}

/* A block for p: from the cache, or newly mapped. */
static struct pool_block *
pool_block_new(struct pool *p)
{
	struct pool_block	*b;

	if ((b = LIST_FIRST(&pool_cache)) != NULL) {
		LIST_REMOVE(b, entry);
		if (--pool_cached < pool_low)
			pool_low = pool_cached;
	} else
		b = pool_map();
	b->pool = p;
	b->free = NULL;
	b->used = b->carved = 0;
	p->blocks++;
	return (b);
}

/* A zeroed object; fails only by fatal(). */
void *
pool_get(struct pool *p)
{
	void	*o;

	o = pool_get_raw(p);
	memset(o, 0, p->size);
	return (o);
}

/* An object with whatever bytes it holds; fails only by fatal(). */
void *
pool_get_raw(struct pool *p)
{
	struct pool_block	*b;
	struct pool_free	*f;
	void			*o;

	if (POOL_PLAIN)
		return (xmalloc(p->size));
	if (p->per_block == 0) {
		p->size = (p->size + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
		p->per_block = (POOL_BLOCK - POOL_HEADER) / p->size;
	}
	if ((b = LIST_FIRST(&p->partial)) == NULL) {
		b = pool_block_new(p);
		LIST_INSERT_HEAD(&p->partial, b, entry);
	}
	if ((f = b->free) != NULL) {
		b->free = f->next;
		o = f;
	} else
		o = (char *)b + POOL_HEADER + (size_t)b->carved++ * p->size;
	if (++b->used == p->per_block)
		LIST_REMOVE(b, entry);
	p->used++;
	return (o);
}

/* Give an object back; NULL is accepted. */
void
pool_put(struct pool *p, void *o)
{
	struct pool_block	*b;
	struct pool_free	*f = o;

	if (o == NULL)
		return;
	if (POOL_PLAIN) {
		free(o);
		return;
	}
	b = (struct pool_block *)((uintptr_t)o & ~(uintptr_t)(POOL_BLOCK - 1));
	if (b->pool != p)
		fatalx("pool_put: object of %s given to %s",
		    b->pool != NULL ? b->pool->name : "the cache", p->name);
	f->next = b->free;
	b->free = f;
	if (b->used-- == p->per_block)
		LIST_INSERT_HEAD(&p->partial, b, entry);
	p->used--;
	if (b->used > 0)
		return;
	LIST_REMOVE(b, entry);
	b->pool = NULL;
	p->blocks--;
	LIST_INSERT_HEAD(&pool_cache, b, entry);
	pool_cached++;
}

/*
 * Return to the system the cached blocks no pool needed since the last
 * call; every cached block if all.  Returns how many were unmapped.
 */
size_t
pool_trim(int all)
{
	struct pool_block	*b;
	size_t			 n, unmapped = 0;

	n = all ? pool_cached : pool_low;
	while (n-- > 0 && (b = LIST_FIRST(&pool_cache)) != NULL) {
		LIST_REMOVE(b, entry);
		pool_cached--;
		munmap(b, POOL_BLOCK);
		unmapped++;
	}
	pool_low = pool_cached;
	return (unmapped);
}

/* Blocks held in the cache, for the unit tests. */
size_t
pool_cache_len(void)
{
	return (pool_cached);
}
