/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * What the whole daemon shares: its version and when it started.
 */

#ifndef NATTERD_H
#define NATTERD_H

#include <time.h>

#include "config.h"

struct user;

#define NATTER_VERSION	"natter-" PACKAGE_VERSION

extern time_t	natterd_started;

void	isupport_send(struct user *);

#endif
