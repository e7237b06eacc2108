/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Object pools.  A block is POOL_BLOCK bytes, mapped at an address that
 * is a multiple of its size, so the block of any object is found by
 * masking the object's address.  The block starts with its header; its
 * objects follow, carved one by one on first use so that untouched
 * memory is never faulted in.  Freed objects go on the block's free
 * list.  Blocks with a free slot are on the pool's partial list; one
 * empty block is kept for the next burst of clients and any further
 * empty block is unmapped, so the memory of clients who leave goes
 * back to the system.
 *
 * Under AddressSanitizer (POOL_PLAIN) every object is its own heap
 * allocation, so that use after free is still caught.
 */

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "pool.h"
#include "xmalloc.h"

#define POOL_BLOCK	65536
#define POOL_ALIGN	16

struct pool_free {
	struct pool_free	*next;
};

struct pool_block {
	struct pool		*pool;
	struct pool_free	*free;		/* freed objects */
	unsigned		 used;		/* objects handed out */
	unsigned		 carved;	/* objects ever handed out */
	LIST_ENTRY(pool_block)	 entry;		/* pool's partial list */
};

#define POOL_HEADER \
	((sizeof(struct pool_block) + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1))

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
		if ((b = p->empty) != NULL)
			p->empty = NULL;
		else {
			b = pool_map();
			b->pool = p;
			p->blocks++;
		}
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
		fatalx("pool_put: object of %s given to %s", b->pool->name,
		    p->name);
	f->next = b->free;
	b->free = f;
	if (b->used-- == p->per_block)
		LIST_INSERT_HEAD(&p->partial, b, entry);
	p->used--;
	if (b->used > 0)
		return;
	LIST_REMOVE(b, entry);
	if (p->empty == NULL) {
		/* Start it afresh: its pages are given back, not its range. */
		b->free = NULL;
		b->carved = 0;
		madvise((char *)b + getpagesize(), POOL_BLOCK - getpagesize(),
		    MADV_DONTNEED);
		p->empty = b;
		return;
	}
	munmap(b, POOL_BLOCK);
	p->blocks--;
}
