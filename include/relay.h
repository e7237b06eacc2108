/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Relaying one event (a message, a join, a nick change...) to many
 * users.  The event is rendered at most once per front and the same
 * bytes are appended to every recipient of that front.
 */

#ifndef RELAY_H
#define RELAY_H

#include <stddef.h>

#include <ev.h>

#include "front.h"

struct channel;
struct user;

enum relay_kind {
	RELAY_PRIVMSG,
	RELAY_NOTICE,
	RELAY_JOIN,
	RELAY_PART,
	RELAY_QUIT,
	RELAY_NICK,
	RELAY_TOPIC,
	RELAY_KICK,
	RELAY_MODE,
	RELAY_INVITE,
	RELAY_WALLOPS,
	RELAY_TAGMSG,
	RELAY_AWAY,
	RELAY_SETNAME,
};

/* The longest line relayed: line_max's top plus a prefix; nothing is cut. */
#define RELAY_LINE_MAX	9216

struct relay {
	enum relay_kind	 kind;
	struct user	*from;
	const char	*source;	/* prefix; from's when NULL */
	const char	*target;	/* channel or nick; or NULL */
	const char	*arg;		/* middle parameter; or NULL */
	const char	*text;		/* trailing parameter; or NULL */
	struct channel	*chan;		/* the channel it happens in */
	unsigned	 needcap;	/* only for IRC users with these caps */
	int		 presence;	/* another's join, part, quit, away */
	unsigned long	 serial;	/* tells renders of relays apart */
	ev_tstamp	 time;		/* when it happened (server-time) */
	const char	*ctags;		/* client-only tags, or NULL */
	char		 msgid[24];	/* "" until relay_msgid */
	char		 line[FRONT_COUNT][RELAY_LINE_MAX];
	size_t		 len[FRONT_COUNT];	/* 0 until rendered */
};

const char	*relay_kind_str(enum relay_kind);
void		 relay_init(struct relay *, enum relay_kind, struct user *,
		     const char *, const char *, const char *);
const char	*relay_msgid(struct relay *);
void		 relay_to_user(struct relay *, struct user *);
void		 relay_to_channel(struct relay *, struct channel *,
		     struct user *);
void		 relay_to_neighbours(struct relay *, struct user *, int);

#endif
