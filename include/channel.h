/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Channels, their members and modes, and the channel tree; and the
 * channel verbs: a user joins, parts, sets a topic, is invited.  A
 * membership is one struct member on two lists, the channel's and the
 * user's, so joining and leaving cost O(1) and a broadcast O(members).
 */

#ifndef CHANNEL_H
#define CHANNEL_H

#include <sys/queue.h>
#include <sys/tree.h>

#include <time.h>

#include "conf.h"
#include "user.h"

struct channel;

#define CHAN_KEY_MAX	23	/* KEYLEN */
#define CHAN_BANS_MAX	50	/* MAXLIST b */
#define MODES_PARAMS	4	/* modes with a parameter per MODE (MODES) */
#define MODE_CHANGES_MAX 20	/* changes of any kind per MODE */

/* A ban: a nick!user@host mask with wildcards. */
struct ban {
	char		*mask;			/* owned */
	char		 by[NICK_MAX + 1];
	time_t		 when;
	TAILQ_ENTRY(ban) entry;
};
TAILQ_HEAD(bans, ban);

struct member {
	struct user	*user;
	struct channel	*chan;
	int		 flags;
#define MEMBER_OP	0x1
#define MEMBER_VOICE	0x2
	TAILQ_ENTRY(member) chan_entry;		/* channel's members */
	TAILQ_ENTRY(member) user_entry;		/* user's chans */
};

struct channel {
	char		 name[CHAN_MAX + 1];
	char		 key[CHAN_MAX + 1];	/* folded name, the tree key */
	char		*topic;			/* owned; NULL when none */
	char		 topic_by[NICK_MAX + USER_MAX + HOST_MAX + 4];
						/* nick!user@host */
	time_t		 topic_time;
	time_t		 created;

	int		 modes;
#define CHAN_NOEXTERNAL	0x01	/* +n */
#define CHAN_TOPICLOCK	0x02	/* +t */
#define CHAN_SECRET	0x04	/* +s */
#define CHAN_PRIVATE	0x08	/* +p */
#define CHAN_INVITE	0x10	/* +i */
#define CHAN_MODERATED	0x20	/* +m */
#define CHAN_SECUREONLY	0x40	/* +z: only users on TLS may join */
	char		 ckey[CHAN_KEY_MAX + 1];	/* +k; empty when none */
	long		 limit;			/* +l; 0 when none */
	struct bans	 bans;			/* +b */
	unsigned	 nbans;

	struct members	 members;		/* chan_entry */
	unsigned	 nmembers;
	RB_ENTRY(channel) name_entry;
};
RB_HEAD(channels, channel);
RB_PROTOTYPE(channels, channel, name_entry, channel_cmp);

extern struct channels	channel_tree;
extern unsigned		channel_count;

#define CHAN_INVITES_MAX	16	/* invitations a user keeps */

int		 channel_cmp(struct channel *, struct channel *);
int		 channel_valid_name(const char *);
struct channel	*channel_find(const char *);
struct channel	*channel_new(const char *);
struct member	*channel_member(struct channel *, struct user *);
struct member	*channel_add_member(struct channel *, struct user *, int);
void		 channel_del_member(struct member *);
void		 channel_set_topic(struct channel *, const char *,
		     struct user *);
const char	*channel_mode_str(struct channel *, int, char *, size_t);
int		 channel_add_ban(struct channel *, const char *, struct user *,
		     char *, size_t);
int		 channel_del_ban(struct channel *, const char *);
int		 channel_banned(struct channel *, struct user *);
void		 channel_ban_mask(const char *, char *, size_t);
const char	*channel_room(const struct channel *);
char		 member_prefix(const struct member *);
int		 channel_is_op(struct user *, struct channel *);
void		 channel_invite(struct user *, struct channel *);
int		 channel_invited(struct user *, struct channel *, int);
const char	*channel_check(void);

/* The verbs. */
int		 channel_join(struct user *, const char *, const char *);
void		 channel_part(struct user *, struct channel *, const char *);
int		 channel_topic(struct user *, struct channel *, const char *);
void		 channel_rename(struct user *, struct channel *, const char *,
		     const char *);

#endif
