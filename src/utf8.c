/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * UTF-8 checks (RFC 3629 section 4).  utf8_valid walks the bytes once;
 * utf8_cut moves a cut back to the start of the character it would
 * split, so that text cut to a limit stays well-formed.
 */

#include <stdint.h>
#include <string.h>

#include "utf8.h"

/*
 * Are the len bytes at s well-formed UTF-8?  Eight bytes at a time
 * while they are ASCII, which IRC lines mostly are (every line written
 * to a WebSocket text client is checked, once per recipient); a byte at
 * a time from the first word with a byte past 0x7f.
 */
int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len;
	unsigned		 c, n, i, min;
	uint64_t		 w;

	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (p < end) {
		c = *p++;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			min = 0x80;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			min = 0x800;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			min = 0x10000;
			c &= 0x07;
		} else
			return (0);	/* A continuation byte, C0, C1, F5+. */
		if ((size_t)(end - p) < n)
			return (0);
		for (i = 0; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return (0);
			c = c << 6 | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return (0);
		p += n;
	}
	return (1);
}

/*
 * How many bytes of s to keep to stay within max: max itself, or less
 * when a well-formed character would be split there.
 */
size_t
utf8_cut(const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), n, need;

	if (len <= max)
		return (len);
	for (n = max; n > 0 && max - n < 3 && (p[n] & 0xc0) == 0x80; n--)
		continue;
	if (n == max)
		return (max);	/* p[max] starts a character. */
	if (p[n] >= 0xf0)
		need = 4;
	else if (p[n] >= 0xe0)
		need = 3;
	else if (p[n] >= 0xc0)
		need = 2;
	else
		return (max);	/* Not UTF-8 there: cut where asked. */
	return (n + need > max ? n : max);
}
