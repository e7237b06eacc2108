/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Case mapping for nicks and channel names (RFC 2812 section 2.2): the
 * ASCII letters plus the Scandinavian pairs [ { ] } \ | ~ ^.  A table
 * makes folding a lookup per byte.  casemap_match is the wildcard match
 * used by bans and WHO masks: '*' any run, '?' any one byte.
 */

#include "casemap.h"

#define CM_ROW(b) \
	(b) + 0, (b) + 1, (b) + 2, (b) + 3, (b) + 4, (b) + 5, (b) + 6, (b) + 7

const unsigned char casemap_table[256] = {
	CM_ROW(0x00), CM_ROW(0x08), CM_ROW(0x10), CM_ROW(0x18),
	CM_ROW(0x20), CM_ROW(0x28), CM_ROW(0x30), CM_ROW(0x38),
	/* '@' and 'A'-'Z' '[' '\\' ']' '^'... map to '@' 'a'-'z' '{' '|' '}'. */
	0x40, 'a', 'b', 'c', 'd', 'e', 'f', 'g',
	'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
	'x', 'y', 'z', '{', '|', '}', '^', '_',
	CM_ROW(0x60), CM_ROW(0x68), CM_ROW(0x70),
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, '^', 0x7f,
	CM_ROW(0x80), CM_ROW(0x88), CM_ROW(0x90), CM_ROW(0x98),
	CM_ROW(0xa0), CM_ROW(0xa8), CM_ROW(0xb0), CM_ROW(0xb8),
	CM_ROW(0xc0), CM_ROW(0xc8), CM_ROW(0xd0), CM_ROW(0xd8),
	CM_ROW(0xe0), CM_ROW(0xe8), CM_ROW(0xf0), CM_ROW(0xf8),
};

/* Fold src into dst (size bytes, always NUL-terminated). */
void
casemap_fold(char *dst, const char *src, size_t size)
{
	size_t	 i;

	if (size == 0)
		return;
	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (char)casemap_lower(src[i]);
	dst[i] = '\0';
}

int
casemap_cmp(const char *a, const char *b)
{
	int	 d;

	for (;; a++, b++) {
		d = casemap_lower(*a) - casemap_lower(*b);
		if (d != 0 || *a == '\0')
			return (d);
	}
}

/* Does str match the wildcard mask?  Iterative, with one backtrack point. */
int
casemap_match(const char *mask, const char *str)
{
	const char	*star = NULL, *retry = NULL;

	while (*str != '\0') {
		if (*mask == '*') {
			star = ++mask;
			retry = str;
		} else if (*mask == '?' ||
		    casemap_lower(*mask) == casemap_lower(*str)) {
			mask++;
			str++;
		} else if (star != NULL) {
			mask = star;
			str = ++retry;
		} else
			return (0);
	}
	while (*mask == '*')
		mask++;
	return (*mask == '\0');
}
