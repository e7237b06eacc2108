/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Limits on what one client or one address may take: connections per
 * address (max_clients_per_ip) and the command rate (flood control,
 * RFC 2812 section 5.8).
 */

#ifndef LIMIT_H
#define LIMIT_H

#include <ev.h>

int	limit_ip_add(const char *);
void	limit_ip_del(const char *);
int	limit_flood(ev_tstamp *, ev_tstamp);
void	limit_flood_adjust(ev_tstamp *, double);

#endif
