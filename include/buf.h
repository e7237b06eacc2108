/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * A growable byte buffer with a read offset.  Pure: no file descriptors,
 * no event loop.  A zeroed struct buf is an empty buffer.
 */

#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* owned; NULL until first use */
	size_t	 off;		/* first unread byte */
	size_t	 len;		/* end of the bytes in use */
	size_t	 size;		/* allocated */
};

#define buf_used(b)	((b)->len - (b)->off)
#define buf_head(b)	((b)->data + (b)->off)

void	 buf_free(struct buf *);
char	*buf_space(struct buf *, size_t);
void	 buf_commit(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_drain(struct buf *, size_t);
char	*buf_getline(struct buf *, size_t *);
void	 buf_discard_line(struct buf *, int *);
void	 buf_shrink(struct buf *, size_t);

#endif
