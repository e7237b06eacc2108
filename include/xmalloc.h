/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Allocation that cannot fail: on exhaustion it calls fatal and the
 * server exits, so callers never check for NULL.
 */

#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));

#endif
