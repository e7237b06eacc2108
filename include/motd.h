/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The message of the day, read once at start and again on REHASH, so
 * that no registration waits for the disk.
 */

#ifndef MOTD_H
#define MOTD_H

#include <stddef.h>

void		 motd_load(void);
size_t		 motd_lines(void);
const char	*motd_line(size_t);
void		 motd_free(void);

#endif
