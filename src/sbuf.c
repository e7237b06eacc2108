/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Checked appends into fixed buffers, and word lists split over lines.
 * Every piece of a reply that is built from parts goes through here, so
 * no caller does its own arithmetic on what is left of a buffer.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sbuf.h"

void
sbuf_init(struct sbuf *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	sb->cut = 0;
	buf[0] = '\0';
}

void
sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 room = sb->size - sb->len;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		sb->cut = 1;
		return;
	}
	if ((size_t)n >= room) {
		sb->len = sb->size - 1;
		sb->cut = 1;
	} else
		sb->len += n;
}

/*
 * A list of words separated by sep, flushed whenever the next word
 * would take a line past width bytes.  A word longer than a line is
 * cut to fit one.
 */
void
wlist_init(struct wlist *w, size_t width, char sep, wlist_flush_fn flush,
    void *arg)
{
	if (width > sizeof w->line - 1)
		width = sizeof w->line - 1;
	sbuf_init(&w->sb, w->line, sizeof w->line);
	w->width = width;
	w->max = 0;
	w->words = 0;
	w->sep = sep;
	w->lines = 0;
	w->flush = flush;
	w->arg = arg;
}

void
wlist_add(struct wlist *w, const char *fmt, ...)
{
	char	 word[WLIST_MAX];
	va_list	 ap;
	size_t	 n;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(word, sizeof word, fmt, ap);
	va_end(ap);
	if (len <= 0)
		return;
	n = (size_t)len < sizeof word ? (size_t)len : sizeof word - 1;
	if (w->words > 0 && (w->sb.len + 1 + n > w->width ||
	    (w->max > 0 && w->words == w->max))) {
		w->flush(w->arg, w->line, 1);
		w->lines++;
		w->words = 0;
		sbuf_init(&w->sb, w->line, sizeof w->line);
	}
	if (w->words > 0)
		sbuf_catc(&w->sb, w->sep);
	sbuf_catn(&w->sb, word, n);
	w->words++;
}

/* At most max words to a line (005 has room for 13 tokens). */
void
wlist_max(struct wlist *w, unsigned max)
{
	w->max = max;
}

/* Flush the last line; an empty one only if always. */
void
wlist_end(struct wlist *w, int always)
{
	if (w->words == 0 && !always)
		return;
	w->flush(w->arg, w->line, 0);
	w->lines++;
	w->words = 0;
	sbuf_init(&w->sb, w->line, sizeof w->line);
}
