/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Per-address connection counts in a tree keyed by the numeric address,
 * one node per address with connections; and the flood check.
 *
 * Flood control is RFC 2812 section 5.8's "fake lag": each client has a
 * message timer, never behind the present; every line handled moves it
 * flood_interval ahead, and lines wait while it is more than
 * flood_burst intervals ahead.  A burst is handled at once, a steady
 * stream at one line per interval, and nothing is dropped; input that
 * piles up past recvq ends the connection (Excess Flood, in conn.c).
 */

#include <sys/tree.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "limit.h"
#include "xmalloc.h"

struct ipcount {
	char			 addr[INET6_ADDRSTRLEN];
	unsigned		 n;
	RB_ENTRY(ipcount)	 entry;
};

int	ipcount_cmp(struct ipcount *, struct ipcount *);

RB_HEAD(ipcounts, ipcount);
RB_PROTOTYPE(ipcounts, ipcount, entry, ipcount_cmp);
RB_GENERATE(ipcounts, ipcount, entry, ipcount_cmp);

static struct ipcounts	limit_ips = RB_INITIALIZER(&limit_ips);

int
ipcount_cmp(struct ipcount *a, struct ipcount *b)
{
	return (strcmp(a->addr, b->addr));
}

/* Count a connection from addr; -1 (and not counted) past the limit. */
int
limit_ip_add(const char *addr)
{
	struct ipcount	 find, *ic;

	strlcpy(find.addr, addr, sizeof find.addr);
	if ((ic = RB_FIND(ipcounts, &limit_ips, &find)) == NULL) {
		ic = xcalloc(1, sizeof *ic);
		strlcpy(ic->addr, addr, sizeof ic->addr);
		RB_INSERT(ipcounts, &limit_ips, ic);
	}
	if (conf.max_clients_per_ip > 0 &&
	    ic->n >= (unsigned long)conf.max_clients_per_ip) {
		if (ic->n == 0) {
			RB_REMOVE(ipcounts, &limit_ips, ic);
			free(ic);
		}
		return (-1);
	}
	ic->n++;
	return (0);
}

void
limit_ip_del(const char *addr)
{
	struct ipcount	 find, *ic;

	strlcpy(find.addr, addr, sizeof find.addr);
	if ((ic = RB_FIND(ipcounts, &limit_ips, &find)) == NULL)
		return;
	if (--ic->n == 0) {
		RB_REMOVE(ipcounts, &limit_ips, ic);
		free(ic);
	}
}

/*
 * May one more line be handled now?  *timer is the client's message
 * timer.  1 if so (and the timer is moved on), 0 if the line must wait.
 */
int
limit_flood(ev_tstamp *timer, ev_tstamp now)
{
	ev_tstamp	 interval = conf.flood_interval / 1000.0;

	if (!conf.flood_control)
		return (1);
	if (*timer < now)
		*timer = now;
	if (*timer - now >= conf.flood_burst * interval)
		return (0);
	*timer += interval;
	return (1);
}

/*
 * Move a flood timer by lines line intervals: back for lines that should
 * not count (the lines of a multiline batch), on for a cost that a line
 * count does not show (the batch as a whole).
 */
void
limit_flood_adjust(ev_tstamp *timer, double lines)
{
	if (conf.flood_control)
		*timer += lines * (conf.flood_interval / 1000.0);
}
