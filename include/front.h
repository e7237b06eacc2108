/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fronts.  A front is how one kind of peer is served: IRC clients,
 * people on nc (text), and users behind a server link.  Towards its
 * connections a front is a struct conn_hooks; towards the tables it is
 * the rest of struct front, which renders numerics, replies and relays
 * for a user its own way.  Handlers and verbs never know which front a
 * user has: they call numeric_send, the relay functions and u->front.
 * Every user has a front, with or without a connection of its own.
 */

#ifndef FRONT_H
#define FRONT_H

#include <stddef.h>

#include "conn.h"

struct channel;
struct io_ops;
struct relay;
struct sockaddr;
struct user;

enum front_id {
	FRONT_AUTO,		/* undecided: the first line tells */
	FRONT_IRC,
	FRONT_TEXT,
	FRONT_SERVER,		/* users behind a server link */
	FRONT_WEB,		/* a web listener's: IRC over WebSocket */
	FRONT_COUNT
};

#define LABEL_MAX	64	/* IRCv3 labeled-response label */

/*
 * A command's replies held back while the worker computes them: the
 * connection reads no further meanwhile, and the replies keep their
 * labeled-response label.
 */
struct hold {
	char	 label[LABEL_MAX + 1];	/* "" when none */
	size_t	 mark;			/* the front's */
};

struct front {
	const struct conn_hooks *hooks;	/* what its connections hear */
	enum front_id	  id;
	const char	 *name;
	/* Take over u's connection (it was undecided). */
	void		(*start)(struct user *);
	/* A numeric reply; text is the formatted parameters. */
	void		(*numeric)(struct user *, int, const char *);
	/* Another reply from the server (CAP, PONG, NOTICE, FAIL...). */
	void		(*server)(struct user *, const char *, const char *);
	/* A relay: render (once per relay), queue, push. */
	void		(*relay)(struct user *, struct relay *);
	/* What a user sees right after joining a channel. */
	void		(*joined)(struct user *, struct channel *);
	/* Registration is complete. */
	void		(*welcome)(struct user *);
	/* End the user's session with a reason. */
	void		(*disconnect)(struct user *, const char *);
	/* Hold a command's replies; resume sending them; release. */
	void		(*hold)(struct user *, struct hold *);
	void		(*resume)(struct user *, struct hold *);
	void		(*release)(struct user *, struct hold *);
	/*
	 * What is sent to the user between aside(u, 1) and aside(u, 0) is
	 * no reply to its command (a message to itself, as delivered).
	 */
	void		(*aside)(struct user *, int);
	/* A multiline message (r->lines): render, queue, push. */
	void		(*lines)(struct user *, struct relay *);
	/* A channel the user is in was renamed: r is the RENAME. */
	void		(*renamed)(struct user *, struct channel *,
			    struct relay *);
};

extern const struct front	front_auto;
extern const struct front	front_irc;
extern const struct front	front_text;
extern const struct front	front_server;

/* front.c: what the fronts share. */
const char	*front_id_str(enum front_id);
struct user	*front_accept(const struct io_ops *, int, void *,
		     const struct sockaddr *, enum front_id);
void		 front_set(struct user *, const struct front *);
void		 front_gone(struct conn *, const char *);
int		 front_secure(struct conn *);
void		 front_toolong(struct conn *);
int		 front_line_ok(const char *, size_t);
int		 front_utf8_ok(const char *, size_t);
void		 front_registered(struct user *);
void		 front_close(struct user *, const char *);
void		 front_hold_none(struct user *, struct hold *);
void		 front_aside_none(struct user *, int);
void		 front_renamed_none(struct user *, struct channel *,
		     struct relay *);

/* front-text.c */
void		 front_text_greet(struct user *);

#endif
