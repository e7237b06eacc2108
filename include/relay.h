/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Relaying one event (a message, a join, a nick change...) to many
 * users.  A relay is self-contained: it carries its source (a user of
 * this server or another, or a server), the source's account and bot
 * flag, and its own msgid, so a front renders it without looking
 * further.  It lives on the stack for one delivery, and its strings
 * (the source's among them) only need to last that long.  Each front renders it at most once, lazily, when its first
 * recipient needs it, and the same bytes go to every recipient of that
 * front; users behind a link get it once per link.
 */

#ifndef RELAY_H
#define RELAY_H

#include <stddef.h>

#include <ev.h>

#include "user.h"

struct channel;
struct server;

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
	RELAY_CHGHOST,
	RELAY_RENAME,
};

/* One line of a multiline message (IRCv3 draft/multiline). */
struct relay_line {
	const char	*text;
	int		 concat;	/* joins the line before without '\n' */
};

/* The longest line relayed: line_max's top plus a prefix; nothing is cut. */
#define RELAY_LINE_MAX	9216
#define RELAY_MSGID_MAX	32

struct relay {
	enum relay_kind	 kind;
	struct user	*from;		/* the sender, or NULL (a server) */
	const char	*nick;		/* from's nick, or the server's name */
	const char	*ident;		/* from's user name; NULL: no "!" */
	const char	*host;		/* from's host; NULL with ident */
	const char	*account;	/* from's account, or NULL */
	const char	*realname;	/* from's, or NULL */
	int		 bot;		/* from is a bot (+B) */
	const char	*target;	/* channel or nick; or NULL */
	const char	*arg;		/* middle parameter; or NULL */
	const char	*text;		/* trailing parameter; or NULL */
	struct channel	*chan;		/* the channel it happens in */
	unsigned	 needcap;	/* only for IRC users with these caps */
	unsigned	 capmask;	/* needcap and the caps they must lack */
	int		 presence;	/* another's join, part, quit, away */
	unsigned long	 serial;	/* tells renders of relays apart */
	ev_tstamp	 time;		/* when it happened (server-time) */
	const char	*ctags;		/* client-only tags, or NULL */
	const struct relay_line *lines;	/* a multiline message, or NULL */
	unsigned	 nlines;	/* of lines */
	char		 msgid[RELAY_MSGID_MAX];	/* "" until relay_msgid */
};

const char	*relay_kind_str(enum relay_kind);
void		 relay_init(struct relay *, enum relay_kind, struct user *,
		     const char *, const char *, const char *);
void		 relay_set_source(struct relay *, const char *);
void		 relay_caps(struct relay *, unsigned, unsigned);
const char	*relay_msgid(struct relay *);
unsigned long	 relay_next_serial(void);
void		 relay_to_user(struct relay *, struct user *);
void		 relay_to_channel(struct relay *, struct channel *,
		     struct user *);
void		 relay_to_members(struct relay *, struct channel *,
		     struct user *, int);
unsigned long	 relay_to_neighbours(struct relay *, struct user *, int);

#endif
