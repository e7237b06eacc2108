/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Servers: this one, and (with links) the others of the network.  Every
 * user has a server.  A server that is not this one is reached through
 * a link: the connection to the neighbour it hangs off (via), which
 * relays for every user behind it; a relay crosses each link once,
 * marked with the relay's serial as users are.
 */

#ifndef SERVER_H
#define SERVER_H

#include <sys/queue.h>

#include <time.h>

#define SERVER_NAME_MAX	63

struct conn;

struct server {
	char			 name[SERVER_NAME_MAX + 1];
	char			*description;	/* owned */
	struct server		*via;		/* the neighbour; NULL: me */
	struct conn		*link;		/* a neighbour's connection */
	unsigned		 hops;		/* 0 for me, 1 for neighbours */
	unsigned		 nusers;	/* registered users on it */
	unsigned long		 mark;		/* relay serial, once per link */
	TAILQ_ENTRY(server)	 entry;		/* server_all */
};
TAILQ_HEAD(servers, server);

extern struct servers	 server_all;
extern struct server	*server_me;
extern unsigned		 server_count;		/* me included */
extern unsigned		 server_links;		/* neighbours */
extern time_t		 server_started;		/* this process */

void		 server_init(const char *, const char *);
struct server	*server_new(const char *, const char *, struct server *,
		     struct conn *);
void		 server_free(struct server *);
struct server	*server_find(const char *);

#endif
