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
 *
 * Under AddressSanitizer the same code runs, and the memory it does not
 * hand out is poisoned: a freed object, the part of a block not carved
 * yet, and a cached block whole, header included.  The free list's link
 * is the first bytes of a freed object and is poisoned with the rest:
 * pool_put writes it before it poisons the object, and pool_get_raw
 * unpoisons the object before it reads it.  So any use after pool_put,
 * and a second pool_put of the same object, is reported as a
 * use-after-poison.  LeakSanitizer does not scan mapped memory by
 * itself, so each block is registered as a root region while it is
 * mapped; it skips poisoned words, so the pointers a freed object still
 * holds hide no leak.
 */

#include <sys/mman.h>
#include <sys/queue.h>

#include <stdint.h>
#include <string.h>

#include "log.h"
#include "pool.h"

#if POOL_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#endif

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
	LIST_ENTRY(pool_block)	 partial_entry;	/* on the partial list */
	SLIST_ENTRY(pool_block)	 cache_entry;	/* in the cache */
};
SLIST_HEAD(pool_cached_blocks, pool_block);

#define POOL_HEADER \
	((sizeof(struct pool_block) + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1))

/*
 * The cache is a stack, so that taking or adding a block touches no
 * other block's header, which is poisoned under AddressSanitizer.
 */
static struct pool_cached_blocks pool_cache =
    SLIST_HEAD_INITIALIZER(pool_cache);
static size_t			 pool_cached;	/* blocks in the cache */
static size_t			 pool_low;	/* fewest since pool_trim */

/* Under AddressSanitizer, forbid any access to len bytes at addr. */
static void
pool_poison(void *addr, size_t len)
{
#if POOL_ASAN
	ASAN_POISON_MEMORY_REGION(addr, len);
#endif
}

/* Under AddressSanitizer, allow access to len bytes at addr again. */
static void
pool_unpoison(void *addr, size_t len)
{
#if POOL_ASAN
	ASAN_UNPOISON_MEMORY_REGION(addr, len);
#endif
}

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
#if POOL_ASAN
	/* Pointers held by pool objects keep what they point to alive. */
	__lsan_register_root_region(start, POOL_BLOCK);
#endif
	return ((struct pool_block *)start);
}

/*
 * Give a block back to the system.  Its memory is unpoisoned first: the
 * next mapping at that address must not inherit the poison.
 */
static void
pool_unmap(struct pool_block *b)
{
	pool_unpoison(b, POOL_BLOCK);
#if POOL_ASAN
	__lsan_unregister_root_region(b, POOL_BLOCK);
#endif
	munmap(b, POOL_BLOCK);
}

/* Take the last block added to the cache, or NULL. */
static struct pool_block *
pool_cache_take(void)
{
	struct pool_block	*b;

	if ((b = SLIST_FIRST(&pool_cache)) == NULL)
		return (NULL);
	pool_unpoison(b, POOL_HEADER);
	SLIST_REMOVE_HEAD(&pool_cache, cache_entry);
	pool_cached--;
	return (b);
}

/* A block for p: from the cache, or newly mapped. */
static struct pool_block *
pool_block_new(struct pool *p)
{
	struct pool_block	*b;

	/*
	 * A cached block is poisoned but for its header, and a new one
	 * is made so; each object is unpoisoned as it is handed out.
	 */
	if ((b = pool_cache_take()) != NULL) {
		if (pool_cached < pool_low)
			pool_low = pool_cached;
	} else {
		b = pool_map();
		pool_poison((char *)b + POOL_HEADER, POOL_BLOCK - POOL_HEADER);
	}
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

	if (p->per_block == 0) {
		p->size = (p->size + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
		p->per_block = (POOL_BLOCK - POOL_HEADER) / p->size;
	}
	if ((b = LIST_FIRST(&p->partial)) == NULL) {
		b = pool_block_new(p);
		LIST_INSERT_HEAD(&p->partial, b, partial_entry);
	}
	if ((f = b->free) != NULL) {
		pool_unpoison(f, p->size);
		b->free = f->next;
		o = f;
	} else {
		o = (char *)b + POOL_HEADER + (size_t)b->carved++ * p->size;
		pool_unpoison(o, p->size);
	}
	if (++b->used == p->per_block)
		LIST_REMOVE(b, partial_entry);
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
	/*
	 * Under AddressSanitizer, an object of a cached block is reported
	 * already here, as a use-after-poison of the block's header, and
	 * an object given back twice at the write of its link.
	 */
	b = (struct pool_block *)((uintptr_t)o & ~(uintptr_t)(POOL_BLOCK - 1));
	if (b->pool != p)
		fatalx("pool_put: object of %s given to %s",
		    b->pool != NULL ? b->pool->name : "the cache", p->name);
	f->next = b->free;
	b->free = f;
	pool_poison(f, p->size);
	if (b->used-- == p->per_block)
		LIST_INSERT_HEAD(&p->partial, b, partial_entry);
	p->used--;
	if (b->used > 0)
		return;
	LIST_REMOVE(b, partial_entry);
	b->pool = NULL;
	p->blocks--;
	SLIST_INSERT_HEAD(&pool_cache, b, cache_entry);
	pool_cached++;
	pool_poison(b, POOL_BLOCK);
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
	while (n-- > 0 && (b = pool_cache_take()) != NULL) {
		pool_unmap(b);
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
