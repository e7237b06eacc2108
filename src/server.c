/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The server table.  server_me is created at start; a neighbour is a
 * server with a link and no via of its own (it is its own via); a
 * server further away names the neighbour it is reached through.
 * Freeing a server is for whoever tears the link down, after its users
 * quit.
 */

#include <stdlib.h>
#include <string.h>

#include "casemap.h"
#include "server.h"
#include "xmalloc.h"

struct servers	 server_all = TAILQ_HEAD_INITIALIZER(server_all);
struct server	*server_me;
unsigned	 server_count;
unsigned	 server_links;
time_t		 server_started;

/* This server, or its new description after a REHASH. */
void
server_init(const char *name, const char *description)
{
	if (server_me == NULL) {
		server_me = server_new(name, description, NULL, NULL);
		server_started = time(NULL);
		return;
	}
	free(server_me->description);
	server_me->description = xstrdup(description);
}

/*
 * A server called name.  With a link it is a neighbour; with a via it
 * is behind that neighbour; with neither it is this server.
 */
struct server *
server_new(const char *name, const char *description, struct server *via,
    struct conn *link)
{
	struct server	*s;

	s = xcalloc(1, sizeof *s);
	strlcpy(s->name, name, sizeof s->name);
	s->description = xstrdup(description);
	s->link = link;
	if (link != NULL) {
		s->via = s;
		s->hops = 1;
		server_links++;
	} else if (via != NULL) {
		s->via = via;
		s->hops = via->hops + 1;
	}
	TAILQ_INSERT_TAIL(&server_all, s, entry);
	server_count++;
	return (s);
}

void
server_free(struct server *s)
{
	if (s == NULL)
		return;
	if (s->link != NULL)
		server_links--;
	if (s == server_me)
		server_me = NULL;
	TAILQ_REMOVE(&server_all, s, entry);
	server_count--;
	free(s->description);
	free(s);
}

struct server *
server_find(const char *name)
{
	struct server	*s;

	TAILQ_FOREACH(s, &server_all, entry)
		if (casemap_cmp(s->name, name) == 0)
			return (s);
	return (NULL);
}
