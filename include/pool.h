/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fixed-size object pools for the structures every client holds
 * (struct conn, struct user, struct member) and for small buffers.
 * Objects of one size are packed into aligned blocks taken straight
 * from the kernel, away from the heap where short-lived buffers come and
 * go; an emptied block goes back to the kernel, through a cache that
 * pool_trim, called from a timer, trims.  Under AddressSanitizer the
 * same code runs, with the memory it does not hand out poisoned.
 */

#ifndef POOL_H
#define POOL_H

#include <sys/queue.h>

#include <stddef.h>

struct pool_block;
LIST_HEAD(pool_blocks, pool_block);

struct pool {
	const char		*name;
	size_t			 size;		/* object size, rounded up */
	unsigned		 per_block;	/* objects in one block */
	struct pool_blocks	 partial;	/* blocks with a free slot */
	size_t			 used;		/* objects handed out */
	size_t			 blocks;	/* blocks mapped */
};

/*
 * POOL_ASAN is 1 when AddressSanitizer checks the pools: gcc says so with
 * __SANITIZE_ADDRESS__, clang with __has_feature(address_sanitizer).
 */
#if defined(__SANITIZE_ADDRESS__)
#define POOL_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_ASAN	1
#endif
#endif
#ifndef POOL_ASAN
#define POOL_ASAN	0
#endif

#define POOL_INITIALIZER(name, type) \
	{ (name), sizeof(type), 0, LIST_HEAD_INITIALIZER(partial), 0, 0 }

void	*pool_get(struct pool *);
void	*pool_get_raw(struct pool *);
void	 pool_put(struct pool *, void *);
size_t	 pool_trim(int);
size_t	 pool_cache_len(void);

#endif
