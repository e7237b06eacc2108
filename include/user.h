/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Users and the nick tree.  A user is in the tree from the moment it
 * has a nick; the tree compares nicks through the case mapping, so the
 * display form is the key.  A user may one day belong to another server, so conn is
 * optional.
 */

#ifndef USER_H
#define USER_H

#include <sys/queue.h>
#include <sys/tree.h>

#include <time.h>

#include "conf.h"

#define USER_MAX	10	/* user name, after '~' */
#define HOST_MAX	63
#define REAL_MAX	100

struct conn;
struct member;
struct watch;
TAILQ_HEAD(members, member);
TAILQ_HEAD(watches, watch);

#define MONITOR_LIMIT	100	/* nicks one user may MONITOR */

struct user {
	char		 nick[NICK_MAX + 1];	/* tree key, compared folded */
	char		 ident[USER_MAX + 2];
	char		 host[HOST_MAX + 1];
	char		*realname;		/* owned */
	char		*away;			/* owned; NULL when here */
	char		*account;		/* owned; NULL: not logged in */

	int		 flags;
#define USER_REGISTERED	0x001
#define USER_INTREE	0x002	/* in the nick tree */
#define USER_GOTUSER	0x004	/* USER seen */
#define USER_CAPNEG	0x008	/* CAP negotiation holds registration */
#define USER_PASSOK	0x010	/* PASS matched (or none needed) */
#define USER_INVISIBLE	0x020	/* +i */
#define USER_WALLOPS	0x040	/* +w */
#define USER_OPER	0x080	/* +o */
#define USER_SNOTICE	0x100	/* +s */
#define USER_BOT	0x200	/* +B, IRCv3 bot mode */

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
	int		 capver;		/* CAP LS version, 0 if none */
	unsigned	 nchans;		/* in chans */
	unsigned	 nmonitors;		/* in monitors */
	unsigned	 ninvites;		/* in invites */

	struct conn	*conn;			/* NULL for a remote user */
	struct members	 chans;			/* memberships, user_entry */
	unsigned long	 mark;			/* broadcast serial */
	time_t		 signon;
	time_t		 idle;			/* last PRIVMSG or NOTICE */
	struct watches	 monitors;		/* MONITOR list, user_entry */
	char		**invites;		/* owned; folded channel names */

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
extern unsigned		user_count;		/* registered users */
extern unsigned		user_count_invisible;
extern unsigned		user_count_opers;
extern unsigned		user_count_unknown;	/* not yet registered */
extern unsigned		user_count_max;

int		 user_cmp(struct user *, struct user *);
struct user	*user_new(struct conn *, const char *);
void		 user_free(struct user *);
struct user	*user_find(const char *);
int		 user_valid_nick(const char *);
int		 user_set_nick(struct user *, const char *);
void		 user_set_registered(struct user *);
void		 user_set_flag(struct user *, int, int);
const char	*user_prefix(struct user *);
void		 user_invite(struct user *, const char *);
void		 user_whowas_add(struct user *);
const struct whowas *user_whowas_get(const char *, unsigned *);
int		 user_invited(struct user *, const char *, int);
const char	*user_target(struct user *);

#endif
