/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The one case-folding function: rfc1459 casemapping, where {}|^ are
 * the lower-case forms of []\~.  Advertised as CASEMAPPING in 005.
 */

#ifndef CASEMAP_H
#define CASEMAP_H

#include <stddef.h>

#define CASEMAP_NAME	"rfc1459"

extern const unsigned char casemap_table[256];

#define casemap_lower(c)	(casemap_table[(unsigned char)(c)])

void	casemap_fold(char *, const char *, size_t);
int	casemap_cmp(const char *, const char *);
int	casemap_match(const char *, const char *);

#endif
