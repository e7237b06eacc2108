/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Channels and memberships, and the channel verbs shared by the IRC
 * handlers and the text front.  A channel is created by its first join
 * and freed with its last member.  Lookups of one membership walk the
 * shorter of the two lists.  Invitations are kept with the invited user,
 * as folded channel names, and used up by the join they allow.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casemap.h"
#include "channel.h"
#include "conf.h"
#include "front.h"
#include "log.h"
#include "numeric.h"
#include "pool.h"
#include "relay.h"
#include "sbuf.h"
#include "user.h"
#include "utf8.h"
#include "xmalloc.h"

struct channels	channel_tree = RB_INITIALIZER(&channel_tree);
static struct pool	member_pool =
	    POOL_INITIALIZER("member", struct member);
unsigned	channel_count;

RB_GENERATE(channels, channel, name_entry, channel_cmp);

int
channel_cmp(struct channel *a, struct channel *b)
{
	return (strcmp(a->key, b->key));
}

/*
 * RFC 2812 section 1.3: '#' then up to channel_len - 1 bytes, none of
 * them space, BEL, comma or NUL (nor ':' which would end a parameter,
 * nor another control character).  The channel_chars setting narrows
 * that: utf8 wants the name to be UTF-8, ascii printable ASCII only.
 */
int
channel_valid_name(const char *name)
{
	const char	*p;
	size_t		 len = strlen(name);
	int		 ascii = conf.channel_chars[1] == 's';

	if (name[0] != '#' || len < 2 || len > (size_t)conf.channel_len)
		return (0);
	for (p = name + 1; *p != '\0'; p++) {
		if (*p == ' ' || *p == ',' || *p == '\a' || *p == ':' ||
		    (unsigned char)*p < 0x20 || *p == 0x7f ||
		    (ascii && (unsigned char)*p > 0x7e))
			return (0);
	}
	return (conf.channel_chars[0] != 'u' || utf8_valid(name, len));
}

struct channel *
channel_find(const char *name)
{
	struct channel	 find;

	casemap_fold(find.key, name, sizeof find.key);
	return (RB_FIND(channels, &channel_tree, &find));
}

struct channel *
channel_new(const char *name)
{
	struct channel	*ch;

	ch = xcalloc(1, sizeof *ch);
	strlcpy(ch->name, name, sizeof ch->name);
	casemap_fold(ch->key, name, sizeof ch->key);
	ch->created = time(NULL);
	ch->modes = CHAN_NOEXTERNAL | CHAN_TOPICLOCK;
	TAILQ_INIT(&ch->members);
	TAILQ_INIT(&ch->bans);
	RB_INSERT(channels, &channel_tree, ch);
	channel_count++;
	return (ch);
}

static void
channel_free(struct channel *ch)
{
	struct ban	*b;

	RB_REMOVE(channels, &channel_tree, ch);
	channel_count--;
	while ((b = TAILQ_FIRST(&ch->bans)) != NULL) {
		TAILQ_REMOVE(&ch->bans, b, entry);
		free(b->mask);
		free(b);
	}
	free(ch->topic);
	free(ch);
}

struct member *
channel_member(struct channel *ch, struct user *u)
{
	struct member	*m;

	if (u->nchans <= ch->nmembers) {
		TAILQ_FOREACH(m, &u->chans, user_entry)
			if (m->chan == ch)
				return (m);
	} else {
		TAILQ_FOREACH(m, &ch->members, chan_entry)
			if (m->user == u)
				return (m);
	}
	return (NULL);
}

struct member *
channel_add_member(struct channel *ch, struct user *u, int flags)
{
	struct member	*m;

	m = pool_get(&member_pool);
	m->user = u;
	m->chan = ch;
	m->flags = flags;
	TAILQ_INSERT_TAIL(&ch->members, m, chan_entry);
	TAILQ_INSERT_TAIL(&u->chans, m, user_entry);
	ch->nmembers++;
	u->nchans++;
	return (m);
}

/* Remove a membership; the channel goes with its last member. */
void
channel_del_member(struct member *m)
{
	struct channel	*ch = m->chan;

	TAILQ_REMOVE(&ch->members, m, chan_entry);
	TAILQ_REMOVE(&m->user->chans, m, user_entry);
	ch->nmembers--;
	m->user->nchans--;
	pool_put(&member_pool, m);
	if (ch->nmembers == 0)
		channel_free(ch);
}

void
channel_set_topic(struct channel *ch, const char *topic, struct user *by)
{
	free(ch->topic);
	ch->topic = NULL;
	if (topic != NULL && *topic != '\0')
		ch->topic = xstrndup(topic, utf8_cut(topic, conf.topic_len));
	user_mask(by, ch->topic_by, sizeof ch->topic_by);
	ch->topic_time = time(NULL);
}

/*
 * "+klnt key 10" and so on, in buf; the key itself only when show_key,
 * else "*" in its place.
 */
const char *
channel_mode_str(struct channel *ch, int show_key, char *buf, size_t size)
{
	static const struct {
		int	 flag;
		char	 letter;
	} modes[] = {
		{ CHAN_INVITE, 'i' }, { CHAN_MODERATED, 'm' },
		{ CHAN_NOEXTERNAL, 'n' }, { CHAN_PRIVATE, 'p' },
		{ CHAN_SECRET, 's' }, { CHAN_TOPICLOCK, 't' },
		{ CHAN_SECUREONLY, 'z' },
	};
	struct sbuf	 sb;
	size_t		 i;

	sbuf_init(&sb, buf, size);
	sbuf_catc(&sb, '+');
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (ch->modes & modes[i].flag)
			sbuf_catc(&sb, modes[i].letter);
	if (ch->ckey[0] != '\0')
		sbuf_catc(&sb, 'k');
	if (ch->limit > 0)
		sbuf_catc(&sb, 'l');
	if (ch->ckey[0] != '\0')
		sbuf_printf(&sb, " %s", show_key ? ch->ckey : "*");
	if (ch->limit > 0)
		sbuf_printf(&sb, " %ld", ch->limit);
	return (buf);
}

/*
 * Complete a ban mask: "nick" is nick!*@*, "user@host" is *!user@host,
 * "nick!user" is nick!user@*.
 */
void
channel_ban_mask(const char *in, char *out, size_t size)
{
	int	 bang = strchr(in, '!') != NULL, at = strchr(in, '@') != NULL;

	if (!bang && !at)
		snprintf(out, size, "%s!*@*", in);
	else if (!bang)
		snprintf(out, size, "*!%s", in);
	else if (!at)
		snprintf(out, size, "%s@*", in);
	else
		strlcpy(out, in, size);
}

/*
 * Add a ban; the completed mask is left in out.  0 if added, 1 if it was
 * there already, -1 if the list is full.
 */
int
channel_add_ban(struct channel *ch, const char *mask, struct user *by,
    char *out, size_t size)
{
	struct ban	*b;

	channel_ban_mask(mask, out, size);
	TAILQ_FOREACH(b, &ch->bans, entry)
		if (casemap_cmp(b->mask, out) == 0)
			return (1);
	if (ch->nbans >= CHAN_BANS_MAX)
		return (-1);
	b = xcalloc(1, sizeof *b);
	b->mask = xstrdup(out);
	strlcpy(b->by, by->nick, sizeof b->by);
	b->when = time(NULL);
	TAILQ_INSERT_TAIL(&ch->bans, b, entry);
	ch->nbans++;
	return (0);
}

/* Remove the ban equal to mask (completed); 0, or -1 if none. */
int
channel_del_ban(struct channel *ch, const char *mask)
{
	struct ban	*b;

	TAILQ_FOREACH(b, &ch->bans, entry) {
		if (casemap_cmp(b->mask, mask) == 0) {
			TAILQ_REMOVE(&ch->bans, b, entry);
			ch->nbans--;
			free(b->mask);
			free(b);
			return (0);
		}
	}
	return (-1);
}

/* Does a ban on ch match u's nick!user@host? */
int
channel_banned(struct channel *ch, struct user *u)
{
	struct ban	*b;
	char		 prefix[PREFIX_MAX];

	if (TAILQ_EMPTY(&ch->bans))
		return (0);
	user_mask(u, prefix, sizeof prefix);
	TAILQ_FOREACH(b, &ch->bans, entry)
		if (casemap_match(b->mask, prefix))
			return (1);
	return (0);
}

/* The text front's name for a channel: "#general" is room "general". */
const char *
channel_room(const struct channel *ch)
{
	return (ch->name + 1);
}

/* '@', '+' or '\0' for a member's highest status. */
char
member_prefix(const struct member *m)
{
	if (m->flags & MEMBER_OP)
		return ('@');
	if (m->flags & MEMBER_VOICE)
		return ('+');
	return ('\0');
}

/* May u act as an operator of ch?  Channel ops and IRC operators may. */
int
channel_is_op(struct user *u, struct channel *ch)
{
	struct member	*m;

	if (u->flags & USER_OPER)
		return (1);
	return ((m = channel_member(ch, u)) != NULL && (m->flags & MEMBER_OP));
}

/* Remember an INVITE of u to ch; the oldest goes first. */
void
channel_invite(struct user *u, struct channel *ch)
{
	if (channel_invited(u, ch, 0))
		return;
	if (u->invites == NULL)
		u->invites = xcalloc(CHAN_INVITES_MAX, sizeof *u->invites);
	if (u->ninvites == CHAN_INVITES_MAX) {
		free(u->invites[0]);
		memmove(u->invites, u->invites + 1,
		    (CHAN_INVITES_MAX - 1) * sizeof *u->invites);
		u->ninvites--;
	}
	u->invites[u->ninvites++] = xstrdup(ch->key);
}

/* Was u invited to ch?  Forget the invitation if use. */
int
channel_invited(struct user *u, struct channel *ch, int use)
{
	unsigned	 i;

	for (i = 0; i < u->ninvites; i++) {
		if (strcmp(u->invites[i], ch->key) != 0)
			continue;
		if (use) {
			free(u->invites[i]);
			memmove(u->invites + i, u->invites + i + 1,
			    (u->ninvites - i - 1) * sizeof *u->invites);
			u->ninvites--;
		}
		return (1);
	}
	return (0);
}

/*
 * Join u to the channel called name, creating it; everyone there sees
 * the join and u gets what its front shows on joining.  0, or -1 after
 * the error numeric.
 */
int
channel_join(struct user *u, const char *name, const char *key)
{
	struct channel	*ch;
	struct relay	 r;
	int		 flags = 0, invited;

	if (!channel_valid_name(name)) {
		numeric_send(u, ERR_NOSUCHCHANNEL, name);
		return (-1);
	}
	if ((ch = channel_find(name)) != NULL && channel_member(ch, u))
		return (0);
	if (u->nchans >= (unsigned)conf.max_channels_per_user) {
		numeric_send(u, ERR_TOOMANYCHANNELS, name);
		return (-1);
	}
	if (ch != NULL) {
		invited = channel_invited(u, ch, 0);
		if (!invited && channel_banned(ch, u)) {
			numeric_send(u, ERR_BANNEDFROMCHAN, ch->name);
			return (-1);
		}
		if (!invited && (ch->modes & CHAN_INVITE)) {
			numeric_send(u, ERR_INVITEONLYCHAN, ch->name);
			return (-1);
		}
		/* An invitation does not make a connection secure. */
		if ((ch->modes & CHAN_SECUREONLY) &&
		    !(u->flags & USER_SECURE)) {
			numeric_send(u, ERR_SECUREONLYCHAN, ch->name);
			return (-1);
		}
		if (ch->ckey[0] != '\0' && (key == NULL ||
		    strcmp(key, ch->ckey) != 0)) {
			numeric_send(u, ERR_BADCHANNELKEY, ch->name);
			return (-1);
		}
		if (ch->limit > 0 && ch->nmembers >= (unsigned long)ch->limit &&
		    !invited) {
			numeric_send(u, ERR_CHANNELISFULL, ch->name);
			return (-1);
		}
		channel_invited(u, ch, 1);
	} else {
		ch = channel_new(name);
		flags = MEMBER_OP;
	}
	channel_add_member(ch, u, flags);
	relay_init(&r, RELAY_JOIN, u, ch->name, NULL, NULL);
	relay_to_channel(&r, ch, NULL);
	if (u->away != NULL) {		/* IRCv3 away-notify */
		relay_init(&r, RELAY_AWAY, u, NULL, NULL, u->away);
		relay_caps(&r, CAP_AWAY_NOTIFY, 0);
		relay_to_channel(&r, ch, u);
	}
	u->front->joined(u, ch);
	log_info("%s joined room: %s", u->nick, channel_room(ch));
	return (0);
}

/* u leaves ch, if it is in it; everyone there sees it. */
void
channel_part(struct user *u, struct channel *ch, const char *reason)
{
	struct relay	 r;
	struct member	*m;

	if ((m = channel_member(ch, u)) == NULL)
		return;
	log_info("%s left room: %s", u->nick, channel_room(ch));
	relay_init(&r, RELAY_PART, u, ch->name, NULL,
	    reason != NULL && *reason != '\0' ? reason : NULL);
	relay_to_channel(&r, ch, NULL);
	channel_del_member(m);
}

/* u sets the topic of ch and the channel hears; -1 after an error. */
int
channel_topic(struct user *u, struct channel *ch, const char *topic)
{
	struct relay	 r;

	if (channel_member(ch, u) == NULL && !(u->flags & USER_OPER)) {
		numeric_send(u, ERR_NOTONCHANNEL, ch->name);
		return (-1);
	}
	if ((ch->modes & CHAN_TOPICLOCK) && !channel_is_op(u, ch)) {
		numeric_send(u, ERR_CHANOPRIVSNEEDED, ch->name);
		return (-1);
	}
	channel_set_topic(ch, topic, u);
	relay_init(&r, RELAY_TOPIC, u, ch->name, NULL,
	    ch->topic != NULL ? ch->topic : "");
	relay_to_channel(&r, ch, NULL);
	return (0);
}

/*
 * u renames ch to name (IRCv3 draft/channel-rename), a valid name no
 * other channel has: the channel keeps its members, modes, topic and
 * bans.  Each member's front shows it its way (RENAME, or leaving the
 * old name and joining the new one).  Invitations are the users' and
 * follow with user_invites_rename.
 */
void
channel_rename(struct user *u, struct channel *ch, const char *name,
    const char *reason)
{
	struct relay	 r;
	struct member	*m;
	char		 old[CHAN_MAX + 1];

	strlcpy(old, ch->name, sizeof old);
	RB_REMOVE(channels, &channel_tree, ch);
	strlcpy(ch->name, name, sizeof ch->name);
	casemap_fold(ch->key, name, sizeof ch->key);
	RB_INSERT(channels, &channel_tree, ch);
	relay_init(&r, RELAY_RENAME, u, old, ch->name,
	    reason != NULL ? reason : "");
	r.chan = ch;
	TAILQ_FOREACH(m, &ch->members, chan_entry)
		m->user->front->renamed(m->user, ch, &r);
	log_info("%s renamed room %s to %s", u->nick, old + 1,
	    channel_room(ch));
}

/*
 * Is every member of a channel on its user's list too, and are the
 * counts what the lists hold?  (user_check looks from the users' side.)
 * NULL if so, else what is wrong.  For tests and fuzzing.
 */
const char *
channel_check(void)
{
	struct channel	*ch;
	struct member	*m, *um;
	unsigned	 n, channels = 0;

	RB_FOREACH(ch, channels, &channel_tree) {
		channels++;
		if (channel_find(ch->name) != ch)
			return ("a channel is not found by its name");
		n = 0;
		TAILQ_FOREACH(m, &ch->members, chan_entry) {
			if (m->chan != ch)
				return ("a member of a channel names another");
			TAILQ_FOREACH(um, &m->user->chans, user_entry)
				if (um == m)
					break;
			if (um == NULL)
				return ("a member is not in its user's list");
			n++;
		}
		if (n == 0)
			return ("an empty channel lives on");
		if (n != ch->nmembers)
			return ("nmembers is not the members listed");
	}
	if (channels != channel_count)
		return ("channel_count is not the channels in the tree");
	return (NULL);
}
