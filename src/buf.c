/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Growable byte buffers.  Bytes are appended at len and consumed from
 * off; the space before off is reclaimed by moving the unread bytes down
 * only when room is needed, so a buffer read and drained in step never
 * copies.  buf_getline splits lines in place: \r\n, \n and a lone \r all
 * end a line, and the ending is overwritten with a NUL.
 *
 * Sizes are powers of two from BUF_MIN.  Buffers up to BUF_POOLED come
 * from pools, one per size: thousands of clients may each hold a small
 * buffer for a moment (a storm of joins), and in the heap those would
 * leave it fragmented for good, while an emptied pool block goes back
 * to the system.  Larger buffers come from malloc.
 */

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pool.h"
#include "xmalloc.h"

#define BUF_MIN		512
#define BUF_POOLED	8192
#define BUF_CLASSES	5	/* 512, 1024, 2048, 4096, 8192 */

static struct pool	buf_pools[BUF_CLASSES] = {
	POOL_INITIALIZER("buf512", char[512]),
	POOL_INITIALIZER("buf1k", char[1024]),
	POOL_INITIALIZER("buf2k", char[2048]),
	POOL_INITIALIZER("buf4k", char[4096]),
	POOL_INITIALIZER("buf8k", char[8192]),
};

/* The pool for a buffer of size bytes, or NULL for malloc's. */
static struct pool *
buf_pool(size_t size)
{
	struct pool	*p;

	for (p = buf_pools; p < buf_pools + BUF_CLASSES; p++)
		if (p->size == size)
			return (p);
	return (NULL);
}

static char *
buf_alloc(size_t size)
{
	struct pool	*p;

	if ((p = buf_pool(size)) != NULL)
		return (pool_get_raw(p));
	return (xmalloc(size));
}

static void
buf_release(char *data, size_t size)
{
	struct pool	*p;

	if ((p = buf_pool(size)) != NULL)
		pool_put(p, data);
	else
		free(data);
}

void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	if (b->data != NULL)
		buf_release(b->data, b->size);
	b->data = NULL;
	b->off = b->len = b->size = 0;
}

/* Make room for need more bytes at the end and return where they go. */
char *
buf_space(struct buf *b, size_t need)
{
	size_t	 used = buf_used(b), size;
	char	*data;

	if (b->off == b->len)
		b->off = b->len = 0;
	if (b->size - b->len >= need)
		return (b->data + b->len);
	if (b->off > 0 && b->size - used >= need) {
		memmove(b->data, b->data + b->off, used);
		b->off = 0;
		b->len = used;
		return (b->data + b->len);
	}
	size = b->size < BUF_MIN ? BUF_MIN : b->size;
	while (size - used < need)
		size *= 2;
	if (b->off == 0 && b->size > BUF_POOLED)
		b->data = xrealloc(b->data, size);
	else {
		/* Copy only the unread bytes, once. */
		data = buf_alloc(size);
		if (b->data != NULL) {
			memcpy(data, b->data + b->off, used);
			buf_release(b->data, b->size);
		}
		b->data = data;
		b->off = 0;
		b->len = used;
	}
	b->size = size;
	return (b->data + b->len);
}

/* Account for n bytes written into the space buf_space returned. */
void
buf_commit(struct buf *b, size_t n)
{
	b->len += n;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	memcpy(buf_space(b, n), p, n);
	b->len += n;
}

void
buf_drain(struct buf *b, size_t n)
{
	if (n >= buf_used(b))
		b->off = b->len = 0;
	else
		b->off += n;
}

/*
 * Return the next complete line, NUL-terminated in place, and its length
 * through lenp; NULL when no line ending is buffered.  A \r\n pair split
 * across two reads yields an empty line, which callers skip.
 */
char *
buf_getline(struct buf *b, size_t *lenp)
{
	char	*start, *p, *cr;
	size_t	 used = buf_used(b);

	if (used == 0)
		return (NULL);
	start = b->data + b->off;
	p = memchr(start, '\n', used);
	cr = memchr(start, '\r', p != NULL ? (size_t)(p - start) : used);
	if (cr != NULL)
		p = cr;
	else if (p == NULL)
		return (NULL);
	*lenp = p - start;
	if (*p == '\r' && p + 1 < start + used && p[1] == '\n')
		*p++ = '\0';
	*p = '\0';
	b->off = p + 1 - b->data;
	if (b->off == b->len)
		b->off = b->len = 0;
	return (start);
}

/*
 * Drop buffered bytes up to and including the next line ending.  *found
 * says whether an ending was seen; if not, everything was dropped and the
 * caller goes on discarding after the next read.
 */
void
buf_discard_line(struct buf *b, int *found)
{
	size_t	 len;

	*found = buf_getline(b, &len) != NULL;
	if (!*found)
		b->off = b->len = 0;
}

/* Release the memory of an empty buffer larger than keep bytes. */
void
buf_shrink(struct buf *b, size_t keep)
{
	if (buf_used(b) == 0 && b->size > keep)
		buf_free(b);
}
