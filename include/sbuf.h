/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Checked string building.  A struct sbuf appends into a caller's
 * fixed buffer and can never run past it: what does not fit is cut,
 * the buffer stays NUL-terminated and the sbuf remembers that it was
 * cut.  A struct wlist builds a list of words (capabilities, ISUPPORT
 * tokens, nicks in NAMES) and hands it to a flush function one line at a
 * time, so that a list that grows is split instead of overflowing.
 */

#ifndef SBUF_H
#define SBUF_H

#include <stddef.h>
#include <string.h>

struct sbuf {
	char	*buf;		/* the caller's */
	size_t	 size;		/* of buf, NUL included; at least 1 */
	size_t	 len;		/* bytes in buf, always < size */
	int	 cut;		/* something did not fit */
};

void	sbuf_init(struct sbuf *, char *, size_t);
void	sbuf_printf(struct sbuf *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));

/* Append n bytes of s, or what fits of them.  Inline: lines are built so. */
static inline void
sbuf_catn(struct sbuf *sb, const char *s, size_t n)
{
	size_t	 room = sb->size - 1 - sb->len;

	if (n > room) {
		n = room;
		sb->cut = 1;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void
sbuf_cat(struct sbuf *sb, const char *s)
{
	sbuf_catn(sb, s, strlen(s));
}

static inline void
sbuf_catc(struct sbuf *sb, char ch)
{
	if (sb->len + 1 >= sb->size) {
		sb->cut = 1;
		return;
	}
	sb->buf[sb->len++] = ch;
	sb->buf[sb->len] = '\0';
}

#define WLIST_MAX	512	/* bytes of one line of a word list */

/* flush(arg, words, more): more is 1 when another line follows. */
typedef void	(*wlist_flush_fn)(void *, const char *, int);

struct wlist {
	struct sbuf	 sb;
	char		 line[WLIST_MAX];
	size_t		 width;		/* words per line, in bytes */
	unsigned	 max;		/* words per line; 0 for no limit */
	unsigned	 words;		/* in this line */
	char		 sep;		/* between words */
	unsigned	 lines;		/* flushed so far */
	wlist_flush_fn	 flush;
	void		*arg;
};

void	wlist_init(struct wlist *, size_t, char, wlist_flush_fn, void *);
void	wlist_max(struct wlist *, unsigned);
void	wlist_add(struct wlist *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	wlist_end(struct wlist *, int);

#endif
