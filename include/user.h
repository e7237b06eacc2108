/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Users and the nick tree, and the verbs that change them: a user
 * registers, is renamed, quits.  A user belongs to a server; a user of
 * this server may have a local connection, while one behind a link (or
 * a service) has none and is an ordinary user all the same: its front
 * takes what is sent to it where it has to go.  A user in the tree is
 * owned by the tree; user_quit takes it out and frees it.
 */

#ifndef USER_H
#define USER_H

#include <sys/queue.h>
#include <sys/tree.h>

#include <stdio.h>
#include <time.h>

#include "conf.h"

#define USER_MAX	10	/* user name, after '~' */
#define IP_MAX		45	/* an IPv6 address as text (INET6_ADDRSTRLEN - 1) */
#define HOST_MAX	63
#define REAL_MAX	100
/* "nick!user@host", NUL included. */
#define PREFIX_MAX	(NICK_MAX + USER_MAX + 1 + HOST_MAX + 3)

struct conn;
struct front;
struct irc_batch;
struct member;
struct server;
struct watch;
TAILQ_HEAD(members, member);
TAILQ_HEAD(watches, watch);

#define MONITOR_LIMIT	100	/* nicks one user may MONITOR */
#define ACCEPT_LIMIT	20	/* nicks on one ACCEPT list (CALLERID) */
#define CALLERID_WAIT	60	/* seconds between two 718s to one user */

struct user {
	char		 nick[NICK_MAX + 1];	/* tree key, compared folded */
	char		 ident[USER_MAX + 2];
	char		 host[HOST_MAX + 1];	/* as others see it */
	char		 ip[IP_MAX + 1];	/* the address it came from */
	int		 capver;		/* CAP LS version, 0 if none;
						   here, in the padding */
	char		*realname;		/* owned */
	char		*away;			/* owned; NULL when here */
	char		*account;		/* owned; NULL: not logged in */
	char		*certfp;		/* owned; TLS client cert, hex */

	int		 flags;
#define USER_REGISTERED	0x0001
#define USER_INTREE	0x0002	/* in the nick tree */
#define USER_GOTUSER	0x0004	/* USER seen */
#define USER_CAPNEG	0x0008	/* CAP negotiation holds registration */
#define USER_PASSOK	0x0010	/* PASS matched (or none needed) */
#define USER_INVISIBLE	0x0020	/* +i */
#define USER_WALLOPS	0x0040	/* +w */
#define USER_OPER	0x0080	/* +o */
#define USER_SNOTICE	0x0100	/* +s */
#define USER_BOT	0x0200	/* +B, IRCv3 bot mode */
#define USER_REFERRED	0x0400	/* an id of it is held (user_ref) */
#define USER_GREETED	0x0800	/* the front's: text banner sent */
#define USER_PINGSENT	0x1000	/* the front's: waiting for PONG */
#define USER_LISTING	0x2000	/* the front's: a LIST reply may pass sendq */
#define USER_CALLERID	0x4000	/* +g: private messages from accepted only */
#define USER_SECURE	0x8000	/* +Z: connected over TLS */
#define USER_WEBIRC	0x10000	/* came through a WebIRC gateway */

	unsigned	 caps;			/* IRCv3 capabilities on */
#define CAP_CAP_NOTIFY		0x0001
#define CAP_MULTI_PREFIX	0x0002
#define CAP_ACCOUNT_NOTIFY	0x0004
#define CAP_ACCOUNT_TAG		0x0008
#define CAP_AWAY_NOTIFY		0x0010
#define CAP_BATCH		0x0020
#define CAP_CHGHOST		0x0040
#define CAP_ECHO_MESSAGE	0x0080
#define CAP_EXTENDED_JOIN	0x0100
#define CAP_INVITE_NOTIFY	0x0200
#define CAP_LABELED_RESPONSE	0x0400
#define CAP_MESSAGE_TAGS	0x0800
#define CAP_SERVER_TIME		0x1000
#define CAP_SETNAME		0x2000
#define CAP_USERHOST_IN_NAMES	0x4000
#define CAP_STANDARD_REPLIES	0x8000
#define CAP_EXTENDED_MONITOR	0x10000
#define CAP_NO_NAMES_DRAFT	0x20000	/* draft/no-implicit-names */
#define CAP_NO_NAMES		0x40000	/* no-implicit-names */
#define CAP_MULTILINE		0x80000	/* draft/multiline */
#define CAP_CHANNEL_RENAME	0x100000 /* draft/channel-rename */
#define CAP_PRE_AWAY		0x200000 /* draft/pre-away */
#define CAP_STS			0x400000 /* sts: listed, never on */
#define CAP_EXTENDED_MONITOR_DRAFT 0x800000 /* draft/extended-monitor */
	unsigned	 nchans;		/* in chans */
	unsigned	 nmonitors;		/* in monitors */
	unsigned	 ninvites;		/* in invites */
	unsigned	 naccepts;		/* in accepts */

	unsigned long	 id;			/* never reused; see user_ref */
	struct server	*server;		/* the server it is on */
	const struct front *front;		/* what renders for it */
	struct conn	*conn;			/* local connection, or NULL */
	struct members	 chans;			/* memberships, user_entry */
	unsigned long	 mark;			/* broadcast serial */
	time_t		 signon;
	time_t		 idle;			/* last PRIVMSG or NOTICE */
	struct watches	 monitors;		/* MONITOR list, user_entry */
	char		**invites;		/* owned; folded channel names */
	char		**accepts;		/* owned; ACCEPT list, nicks */
	time_t		 callerid_told;		/* last 718 sent to it */
	struct irc_batch *batch;		/* the IRC front's; owned */

	RB_ENTRY(user)	 nick_entry;
};
RB_HEAD(nicks, user);

/* A nick that was: kept for WHOWAS. */
struct whowas {
	char		 nick[NICK_MAX + 1];
	char		 ident[USER_MAX + 2];
	char		 host[HOST_MAX + 1];
	char		*realname;		/* owned */
	time_t		 when;
};
RB_PROTOTYPE(nicks, user, nick_entry, user_cmp);

extern struct nicks	user_nicks;
extern unsigned		user_count;		/* registered, network-wide */
extern unsigned		user_count_invisible;	/* of those */
extern unsigned		user_count_opers;	/* of those */
extern unsigned		user_count_max;
extern unsigned		user_count_unknown;	/* local, not registered */
extern unsigned		user_local_max;

/* "nick!user@host" into buf; needs no call into user.c. */
static inline const char *
user_mask(const struct user *u, char *buf, size_t size)
{
	snprintf(buf, size, "%s!%s@%s", u->nick, u->ident, u->host);
	return (buf);
}

int		 user_cmp(struct user *, struct user *);
struct user	*user_new(struct server *, const char *);
void		 user_free(struct user *);
struct user	*user_find(const char *);
int		 user_valid_nick(const char *);
int		 user_set_nick(struct user *, const char *);
void		 user_set_registered(struct user *);
void		 user_set_flag(struct user *, int, int);
const char	*user_prefix(struct user *);
const char	*user_target(struct user *);
int		 user_is_local(const struct user *);
unsigned long	 user_ref(struct user *);
struct user	*user_deref(unsigned long);
void		 user_whowas_add(struct user *);
void		 user_whowas_clear(void);
const struct whowas *user_whowas_get(const char *, unsigned *);
const char	*user_check(void);

/* The verbs. */
void		 user_try_register(struct user *);
int		 user_rename(struct user *, const char *);
void		 user_disconnect(struct user *, const char *);
int		 user_readdress(struct user *, const char *, const char *);
void		 user_set_host(struct user *, const char *, const char *);
void		 user_set_away(struct user *, const char *);
void		 user_set_realname(struct user *, const char *);
void		 user_invites_rename(const char *, const char *);
int		 user_accepts(const struct user *, const struct user *);
int		 user_accept_add(struct user *, const char *);
int		 user_accept_del(struct user *, const char *);
void		 user_quit(struct user *, const char *);

#endif
