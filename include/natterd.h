/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * What the whole daemon shares: its version.
 */

#ifndef NATTERD_H
#define NATTERD_H

#include "config.h"

#define NATTER_VERSION	"natter-" PACKAGE_VERSION

#endif
