/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Growable byte buffers.  Bytes are appended at len and consumed from
 * off; the space before off is reclaimed by moving the unread bytes down
 * only when room is needed, so a buffer read and drained in step never
 * copies.  buf_getline splits lines in place: \r\n, \n and a lone \r all
 * end a line, and the ending is overwritten with a NUL.
 */

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

#define BUF_MIN	512

void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
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
	if (b->off > 0) {
		/* Copy only the unread bytes, once. */
		data = xmalloc(size);
		memcpy(data, b->data + b->off, used);
		free(b->data);
		b->data = data;
		b->off = 0;
		b->len = used;
	} else
		b->data = xrealloc(b->data, size);
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
