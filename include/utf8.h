/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * UTF-8: is a string well-formed (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), and where to cut one so that no
 * character is split.  Pure; used for UTF8ONLY and the channel name
 * policy.
 */

#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

int	utf8_valid(const char *, size_t);
size_t	utf8_cut(const char *, size_t);

#endif
