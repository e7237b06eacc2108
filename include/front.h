/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * A front turns what happens in the tables into lines for one kind of
 * client: RFC lines for IRC clients, friendly plain text for people on
 * nc.  Handlers never know which front a user has; they call these.
 */

#ifndef FRONT_H
#define FRONT_H

struct channel;
struct conn;
struct relay;
struct user;

enum front_id {
	FRONT_IRC,
	FRONT_TEXT,
	FRONT_COUNT
};

struct front {
	enum front_id	  id;
	const char	 *name;
	/* A complete input line. */
	void		(*line)(struct conn *, char *, size_t);
	/* A numeric reply; text is the formatted parameters. */
	void		(*numeric)(struct user *, int, const char *);
	/* Another reply from the server (CAP, PONG, NOTICE...). */
	void		(*server)(struct user *, const char *, const char *);
	/* A relay (see relay.h), queued with conn_queue; relay pushes it. */
	void		(*relay)(struct user *, struct relay *);
	/* What a user sees right after joining a channel. */
	void		(*joined)(struct user *, struct channel *);
	/* Registration is complete. */
	void		(*welcome)(struct user *);
	/* The last line before the connection closes. */
	void		(*closing)(struct conn *, const char *);
};

extern const struct front	front_irc;
extern const struct front	front_text;

const char	*front_id_str(enum front_id);
void		 front_decide(struct conn *, char *, size_t);
void		 front_greet(struct conn *);
void		 front_joined(struct user *, struct channel *);
void		 front_welcome(struct user *);
void		 front_server_send(struct user *, const char *, const char *, ...)
		     __attribute__((__format__(printf, 3, 4)));
int		 front_is_text(struct user *);
void		 front_text_banner(struct conn *);
void		 front_text_start(struct conn *);

#endif
