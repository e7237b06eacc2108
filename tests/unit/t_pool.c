/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Tests of the object pools: objects come zeroed, distinct and aligned;
 * freed ones are reused; blocks fill up and new ones are mapped; emptied
 * blocks go to the shared cache, serve the next burst from any pool, and
 * go back to the system once a trim period passed without need.  Under
 * AddressSanitizer, also: what is handed out is addressable and nothing
 * else is, a use after pool_put and a second pool_put are reported as a
 * use-after-poison, a pointer held by a pool object keeps its target
 * from being a leak, and one held by a freed object does not.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pool.h"
#include "test.h"

#if POOL_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#endif

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

#if POOL_ASAN
#define BLOCK	65536	/* POOL_BLOCK in pool.c */

/* Like struct user and its realname: the pointer lies past the link. */
struct holder {
	long	 id;
	char	*name;
};

/* Whether every byte of len at addr is poisoned. */
static int
poisoned_all(void *addr, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!__asan_address_is_poisoned((char *)addr + i))
			return (0);
	return (1);
}

static void
test_poison(void)
{
	struct pool	 p = POOL_INITIALIZER("thing", struct thing);
	struct pool	 other = POOL_INITIALIZER("other", struct other);
	struct thing	*a, *b;
	struct other	*o;
	char		*block;

	a = pool_get(&p);
	b = pool_get(&p);
	block = (char *)((uintptr_t)a & ~(uintptr_t)(BLOCK - 1));
	/* What is handed out is addressable, the uncarved tail is not. */
	CHECK(__asan_region_is_poisoned(a, p.size) == NULL);
	CHECK(__asan_region_is_poisoned(b, p.size) == NULL);
	CHECK(poisoned_all((char *)b + p.size,
	    block + BLOCK - ((char *)b + p.size)));

	/* A freed object is poisoned whole, its first bytes too. */
	pool_put(&p, a);
	CHECK(poisoned_all(a, p.size));
	CHECK(__asan_region_is_poisoned(b, p.size) == NULL);
	/* Taken again, it is addressable again. */
	CHECK(pool_get(&p) == a);
	CHECK(__asan_region_is_poisoned(a, p.size) == NULL);

	/* An emptied block is poisoned whole while cached. */
	pool_put(&p, a);
	pool_put(&p, b);
	CHECK_INT(pool_cache_len(), 1);
	CHECK(poisoned_all(block, BLOCK));

	/* Another pool takes it: only what it hands out is addressable. */
	o = pool_get(&other);
	CHECK((char *)o >= block && (char *)o < block + BLOCK);
	CHECK(__asan_region_is_poisoned(o, other.size) == NULL);
	CHECK(__asan_address_is_poisoned((char *)o + other.size));
	pool_put(&other, o);
	CHECK(__asan_address_is_poisoned(o));

	/* An unmapped block leaves no poison behind for the next mapping. */
	CHECK_INT(pool_trim(1), 1);
	CHECK(__asan_region_is_poisoned(block, BLOCK) == NULL);
}

/*
 * Run fn in a child with its standard error read into out; return its
 * exit status, or -1.
 */
static int
run_child(void (*fn)(void), char *out, size_t len)
{
	pid_t	 pid;
	int	 fd[2], status;
	size_t	 got = 0;
	ssize_t	 n;

	if (pipe(fd) == -1 || (pid = fork()) == -1)
		return (-1);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fd[1]);
	while (got < len - 1 && (n = read(fd[0], out + got,
	    len - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return (-1);
	return (WEXITSTATUS(status));
}

static void
child_use_after_put(void)
{
	struct pool	 p = POOL_INITIALIZER("thing", struct thing);
	struct thing	*a;

	a = pool_get(&p);
	pool_get(&p);
	pool_put(&p, a);
	((volatile char *)a->bytes)[50] = 'x';
}

static void
child_put_twice(void)
{
	struct pool	 p = POOL_INITIALIZER("thing", struct thing);
	struct thing	*a;

	a = pool_get(&p);
	pool_get(&p);
	pool_put(&p, a);
	pool_put(&p, a);
}

/* Allocate a name that only h points to. */
static void __attribute__((__noinline__))
holder_set(struct holder *h)
{
	h->name = malloc(32);
	strlcpy(h->name, "Alice Pleasance", 32);
}

/*
 * In a thread, whose stack and registers the leak check does not scan
 * once the thread is gone: a name only a local holder points to.
 */
static void *
thread_leak(void *arg)
{
	struct holder	 h;

	holder_set(&h);
	return (NULL);
}

/* In a thread: a name only an object given back to the pool points to. */
static void *
thread_leak_in_freed(void *arg)
{
	struct pool	*p = arg;
	struct holder	*h;

	h = pool_get(p);
	holder_set(h);
	pool_put(p, h);
	return (NULL);
}

/* Run fn in a thread, then look for leaks; exit 3 if there are some. */
static void
leak_check_after(void *(*fn)(void *), void *arg)
{
	pthread_t	 t;

	if (pthread_create(&t, NULL, fn, arg) != 0 ||
	    pthread_join(t, NULL) != 0)
		_exit(2);
	if (__lsan_do_recoverable_leak_check())
		_exit(3);
}

/* A leak with no pointer to it anywhere: found if LeakSanitizer is on. */
static void
child_leak(void)
{
	leak_check_after(thread_leak, NULL);
}

/* The same, with a stale pointer in a freed object of a live block. */
static void
child_leak_in_freed(void)
{
	struct pool	 p = POOL_INITIALIZER("holder", struct holder);

	pool_get(&p);
	leak_check_after(thread_leak_in_freed, &p);
}

static void
test_reports(void)
{
	struct pool	 p = POOL_INITIALIZER("holder", struct holder);
	struct holder	*h;
	char		 out[16384];

	/* A use after pool_put, and a second pool_put, are reported. */
	CHECK_INT(run_child(child_use_after_put, out, sizeof out), 1);
	CHECK(strstr(out, "ERROR: AddressSanitizer: use-after-poison") != NULL);
	CHECK_INT(run_child(child_put_twice, out, sizeof out), 1);
	CHECK(strstr(out, "ERROR: AddressSanitizer: use-after-poison") != NULL);

	/* A string only a pool object points to is no leak. */
	h = pool_get(&p);
	holder_set(h);
	CHECK_INT(__lsan_do_recoverable_leak_check(), 0);
	free(h->name);
	pool_put(&p, h);
	pool_trim(1);

	/* One only a freed object pointed to is, if leaks are looked for. */
	if (run_child(child_leak, out, sizeof out) != 3) {
		printf("LeakSanitizer is off: leak checks skipped\n");
		return;
	}
	CHECK_INT(run_child(child_leak_in_freed, out, sizeof out), 3);
	CHECK(strstr(out, "ERROR: LeakSanitizer: detected memory leaks") !=
	    NULL);
}
#endif

int
main(void)
{
	test_zeroed_and_reused();
	test_many();
#if POOL_ASAN
	test_poison();
	test_reports();
#else
	printf("not built with AddressSanitizer: poison checks skipped\n");
#endif
	return (DONE());
}
