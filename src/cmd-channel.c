/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Channel commands: JOIN, PART, TOPIC, NAMES, LIST and MODE (RFC 2812
 * sections 3.2 and 3.1.5).  The cmd_*_channel functions do the work for
 * one channel and are shared with the text front.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casemap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "log.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

#define NAMES_WIDTH	400	/* nick bytes in one 353 line */

/* Join u to the channel called name; 0, or -1 after the error numeric. */
int
cmd_join_channel(struct user *u, const char *name, const char *key)
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
		invited = user_invited(u, ch->key, 0);
		if (!invited && channel_banned(ch, u)) {
			numeric_send(u, ERR_BANNEDFROMCHAN, ch->name);
			return (-1);
		}
		if (!invited && (ch->modes & CHAN_INVITE)) {
			numeric_send(u, ERR_INVITEONLYCHAN, ch->name);
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
		user_invited(u, ch->key, 1);
	} else {
		ch = channel_new(name);
		flags = MEMBER_OP;
	}
	channel_add_member(ch, u, flags);
	relay_init(&r, RELAY_JOIN, u, ch->name, NULL, NULL);
	relay_to_channel(&r, ch, NULL);
	if (u->away != NULL) {		/* IRCv3 away-notify */
		relay_init(&r, RELAY_AWAY, u, NULL, NULL, u->away);
		r.needcap = CAP_AWAY_NOTIFY;
		relay_to_channel(&r, ch, u);
	}
	front_joined(u, ch);
	log_info("%s joined room: %s", u->nick, channel_room(ch));
	return (0);
}

/* u leaves ch, which it is in; everyone there sees it. */
void
cmd_part_channel(struct user *u, struct channel *ch, const char *reason)
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

void
cmd_join(struct user *u, struct msg *m)
{
	char	*names = m->params[0], *keys, *name, *key;

	if (strcmp(names, "0") == 0) {
		while (!TAILQ_EMPTY(&u->chans))
			cmd_part_channel(u, TAILQ_FIRST(&u->chans)->chan,
			    NULL);
		return;
	}
	if (*names == '\0') {
		numeric_send(u, ERR_NEEDMOREPARAMS, m->cmd);
		return;
	}
	keys = m->nparams > 1 ? m->params[1] : NULL;
	while ((name = strsep(&names, ",")) != NULL) {
		key = keys != NULL ? strsep(&keys, ",") : NULL;
		if (*name != '\0')
			cmd_join_channel(u, name, key);
	}
}

void
cmd_part(struct user *u, struct msg *m)
{
	struct channel	*ch;
	char		*names = m->params[0], *name;
	const char	*reason = m->nparams > 1 ? m->params[1] : NULL;

	while ((name = strsep(&names, ",")) != NULL) {
		if (*name == '\0')
			continue;
		if ((ch = channel_find(name)) == NULL)
			numeric_send(u, ERR_NOSUCHCHANNEL, name);
		else if (channel_member(ch, u) == NULL)
			numeric_send(u, ERR_NOTONCHANNEL, name);
		else
			cmd_part_channel(u, ch, reason);
	}
}

/* 332 and 333, or 331 when there is no topic and always is set. */
void
cmd_send_topic(struct user *u, struct channel *ch, int always)
{
	if (ch->topic != NULL) {
		numeric_send(u, RPL_TOPIC, ch->name, ch->topic);
		numeric_send(u, RPL_TOPICWHOTIME, ch->name, ch->topic_by,
		    (long long)ch->topic_time);
	} else if (always)
		numeric_send(u, RPL_NOTOPIC, ch->name);
}

/* Set the topic and tell the channel; -1 after an error numeric. */
int
cmd_set_topic(struct user *u, struct channel *ch, const char *topic)
{
	struct member	*m;
	struct relay	 r;

	if ((m = channel_member(ch, u)) == NULL && !(u->flags & USER_OPER)) {
		numeric_send(u, ERR_NOTONCHANNEL, ch->name);
		return (-1);
	}
	if ((ch->modes & CHAN_TOPICLOCK) && !cmd_chanop(u, ch)) {
		numeric_send(u, ERR_CHANOPRIVSNEEDED, ch->name);
		return (-1);
	}
	channel_set_topic(ch, topic, u);
	relay_init(&r, RELAY_TOPIC, u, ch->name, NULL,
	    ch->topic != NULL ? ch->topic : "");
	relay_to_channel(&r, ch, NULL);
	return (0);
}

void
cmd_topic(struct user *u, struct msg *m)
{
	struct channel	*ch;

	if ((ch = channel_find(m->params[0])) == NULL) {
		numeric_send(u, ERR_NOSUCHCHANNEL, m->params[0]);
		return;
	}
	if (m->nparams > 1) {
		cmd_set_topic(u, ch, m->params[1]);
		return;
	}
	if ((ch->modes & CHAN_SECRET) && channel_member(ch, u) == NULL) {
		numeric_send(u, ERR_NOTONCHANNEL, ch->name);
		return;
	}
	cmd_send_topic(u, ch, 1);
}

/* The member's prefixes as u should see them ("@", "@+" or ""). */
static const char *
cmd_member_prefix(struct user *u, struct member *m, char *buf)
{
	size_t	 n = 0;

	if ((u->caps & CAP_MULTI_PREFIX) || !(m->flags & MEMBER_OP)) {
		if (m->flags & MEMBER_OP)
			buf[n++] = '@';
		if (m->flags & MEMBER_VOICE)
			buf[n++] = '+';
	} else
		buf[n++] = '@';
	buf[n] = '\0';
	return (buf);
}

/* 353 lines for ch, as u may see them, then 366. */
void
cmd_send_names(struct user *u, struct channel *ch)
{
	struct member	*m;
	char		 list[NAMES_WIDTH + NICK_MAX + USER_MAX + HOST_MAX + 8];
	char		 pfx[4], type;
	size_t		 len = 0;
	int		 inside = channel_member(ch, u) != NULL;

	type = (ch->modes & CHAN_SECRET) ? '@' :
	    (ch->modes & CHAN_PRIVATE) ? '*' : '=';
	TAILQ_FOREACH(m, &ch->members, chan_entry) {
		if (!inside && (m->user->flags & USER_INVISIBLE))
			continue;
		if (len > NAMES_WIDTH) {
			numeric_send(u, RPL_NAMREPLY, type, ch->name, list);
			len = 0;
		}
		len += snprintf(list + len, sizeof list - len, "%s%s%s",
		    len == 0 ? "" : " ", cmd_member_prefix(u, m, pfx),
		    (u->caps & CAP_USERHOST_IN_NAMES) ?
		    user_prefix(m->user) : m->user->nick);
	}
	if (len > 0)
		numeric_send(u, RPL_NAMREPLY, type, ch->name, list);
	numeric_send(u, RPL_ENDOFNAMES, ch->name);
}

/* May u see that ch exists? */
static int
cmd_channel_visible(struct user *u, struct channel *ch)
{
	return (!(ch->modes & CHAN_SECRET) || channel_member(ch, u) != NULL);
}

void
cmd_names(struct user *u, struct msg *m)
{
	struct channel	*ch;
	char		*names, *name;

	if (m->nparams == 0) {
		numeric_send(u, RPL_ENDOFNAMES, "*");
		return;
	}
	names = m->params[0];
	while ((name = strsep(&names, ",")) != NULL) {
		if (*name == '\0')
			continue;
		if ((ch = channel_find(name)) != NULL &&
		    cmd_channel_visible(u, ch))
			cmd_send_names(u, ch);
		else
			numeric_send(u, RPL_ENDOFNAMES, name);
	}
}

static void
cmd_list_one(struct user *u, struct channel *ch)
{
	if (cmd_channel_visible(u, ch))
		numeric_send(u, RPL_LIST, ch->name, ch->nmembers,
		    ch->topic != NULL ? ch->topic : "");
}

void
cmd_list(struct user *u, struct msg *m)
{
	struct channel	*ch;
	char		*names, *name;

	numeric_send(u, RPL_LISTSTART);
	if (m->nparams > 0 && m->params[0][0] == '#') {
		names = m->params[0];
		while ((name = strsep(&names, ",")) != NULL)
			if ((ch = channel_find(name)) != NULL)
				cmd_list_one(u, ch);
	} else
		RB_FOREACH(ch, channels, &channel_tree)
			cmd_list_one(u, ch);
	numeric_send(u, RPL_LISTEND);
}

static void
cmd_mode_user(struct user *u, struct msg *m)
{
	struct relay	 r;
	char		 applied[16], *p;
	size_t		 n = 0;
	int		 dir = 1, flag, last = 0, unknown = 0;

	if (casemap_cmp(u->nick, m->params[0]) != 0) {
		if (user_find(m->params[0]) == NULL)
			numeric_send(u, ERR_NOSUCHNICK, m->params[0]);
		else
			numeric_send(u, ERR_USERSDONTMATCH);
		return;
	}
	if (m->nparams == 1) {
		snprintf(applied, sizeof applied, "+%s%s%s%s%s",
		    (u->flags & USER_BOT) ? "B" : "",
		    (u->flags & USER_INVISIBLE) ? "i" : "",
		    (u->flags & USER_OPER) ? "o" : "",
		    (u->flags & USER_SNOTICE) ? "s" : "",
		    (u->flags & USER_WALLOPS) ? "w" : "");
		numeric_send(u, RPL_UMODEIS, applied);
		return;
	}
	for (p = m->params[1]; *p != '\0'; p++) {
		switch (*p) {
		case '+':
		case '-':
			dir = *p == '+' ? 1 : -1;
			continue;
		case 'i':
			flag = USER_INVISIBLE;
			break;
		case 'w':
			flag = USER_WALLOPS;
			break;
		case 's':
			flag = USER_SNOTICE;
			break;
		case 'B':
			flag = USER_BOT;
			break;
		case 'o':
			if (dir > 0)	/* Only OPER gives +o. */
				continue;
			flag = USER_OPER;
			break;
		default:
			unknown = 1;
			continue;
		}
		if (((u->flags & flag) != 0) == (dir > 0))
			continue;
		user_set_flag(u, flag, dir > 0);
		if (last != dir && n + 1 < sizeof applied)
			applied[n++] = dir > 0 ? '+' : '-';
		last = dir;
		if (n + 1 < sizeof applied)
			applied[n++] = *p;
	}
	applied[n] = '\0';
	if (unknown)
		numeric_send(u, ERR_UMODEUNKNOWNFLAG);
	if (n > 0) {
		relay_init(&r, RELAY_MODE, u, u->nick, NULL, applied);
		r.source = u->nick;
		relay_to_user(&r, u);
	}
}

static const struct {
	char	 letter;
	int	 flag;
} cmd_chan_flags[] = {
	{ 'i', CHAN_INVITE }, { 'm', CHAN_MODERATED },
	{ 'n', CHAN_NOEXTERNAL }, { 'p', CHAN_PRIVATE },
	{ 's', CHAN_SECRET }, { 't', CHAN_TOPICLOCK },
};

static int
cmd_chan_flag(char letter)
{
	size_t	 i;

	for (i = 0; i < sizeof cmd_chan_flags / sizeof cmd_chan_flags[0]; i++)
		if (cmd_chan_flags[i].letter == letter)
			return (cmd_chan_flags[i].flag);
	return (0);
}

/* May u act as an operator of ch?  Channel ops and IRC operators may. */
int
cmd_chanop(struct user *u, struct channel *ch)
{
	struct member	*m;

	if (u->flags & USER_OPER)
		return (1);
	return ((m = channel_member(ch, u)) != NULL && (m->flags & MEMBER_OP));
}

/* Apply +o/-o/+v/-v nick; the target's nick in *nick if it changed. */
static int
cmd_mode_member(struct user *u, struct channel *ch, int dir, char letter,
    const char **nick)
{
	struct user	*target;
	struct member	*tm;
	int		 flag = letter == 'o' ? MEMBER_OP : MEMBER_VOICE;

	if ((target = user_find(*nick)) == NULL) {
		numeric_send(u, ERR_NOSUCHNICK, *nick);
		return (0);
	}
	if ((tm = channel_member(ch, target)) == NULL) {
		numeric_send(u, ERR_USERNOTINCHANNEL, target->nick, ch->name);
		return (0);
	}
	if (((tm->flags & flag) != 0) == (dir > 0))
		return (0);
	if (dir > 0)
		tm->flags |= flag;
	else
		tm->flags &= ~flag;
	*nick = target->nick;
	return (1);
}

/* A key may hold no spaces, commas or control bytes, and not start ':'. */
static int
cmd_valid_key(const char *key)
{
	const char	*p;

	if (*key == '\0' || *key == ':' || strlen(key) > CHAN_KEY_MAX)
		return (0);
	for (p = key; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == ',')
			return (0);
	return (1);
}

static void
cmd_send_bans(struct user *u, struct channel *ch)
{
	struct ban	*b;

	TAILQ_FOREACH(b, &ch->bans, entry)
		numeric_send(u, RPL_BANLIST, ch->name, b->mask, b->by,
		    (long long)b->when);
	numeric_send(u, RPL_ENDOFBANLIST, ch->name);
}

/*
 * Apply one mode letter in direction dir.  arg is its parameter or NULL;
 * *used says whether it was consumed.  Returns 1 if the channel changed,
 * with the parameter to show in *shown.
 */
static int
cmd_mode_apply(struct user *u, struct channel *ch, int dir, char letter,
    const char *arg, int *used, const char **shown, char *mask, size_t size)
{
	const char	*end;
	long		 n;
	int		 flag;

	*used = 0;
	*shown = NULL;
	switch (letter) {
	case 'o':
	case 'v':
		if (arg == NULL)
			return (0);
		*used = 1;
		*shown = arg;
		return (cmd_mode_member(u, ch, dir, letter, shown));
	case 'b':
		if (arg == NULL) {
			cmd_send_bans(u, ch);
			return (0);
		}
		*used = 1;
		if (dir > 0) {
			switch (channel_add_ban(ch, arg, u, mask, size)) {
			case -1:
				numeric_send(u, ERR_BANLISTFULL, ch->name, 'b');
				return (0);
			case 1:
				return (0);
			}
		} else {
			channel_ban_mask(arg, mask, size);
			if (channel_del_ban(ch, mask) != 0)
				return (0);
		}
		*shown = mask;
		return (1);
	case 'k':
		if (dir > 0) {
			if (arg == NULL)
				return (0);
			*used = 1;
			if (!cmd_valid_key(arg)) {
				numeric_send(u, ERR_INVALIDKEY, ch->name);
				return (0);
			}
			strlcpy(ch->ckey, arg, sizeof ch->ckey);
			*shown = ch->ckey;
			return (1);
		}
		*used = arg != NULL;	/* "-k key" or "-k *" */
		if (ch->ckey[0] == '\0')
			return (0);
		ch->ckey[0] = '\0';
		*shown = "*";
		return (1);
	case 'l':
		if (dir < 0) {
			if (ch->limit == 0)
				return (0);
			ch->limit = 0;
			return (1);
		}
		if (arg == NULL)
			return (0);
		*used = 1;
		n = strtol(arg, (char **)&end, 10);
		if (*arg == '\0' || *end != '\0' || n <= 0 || n > 1000000) {
			numeric_send(u, ERR_INVALIDMODEPARAM, ch->name, 'l', arg,
			    "Limit must be a positive integer");
			return (0);
		}
		if (n == ch->limit)
			return (0);
		ch->limit = n;
		*shown = arg;
		return (1);
	}
	if ((flag = cmd_chan_flag(letter)) == 0) {
		numeric_send(u, ERR_UNKNOWNMODE, letter);
		return (0);
	}
	if (((ch->modes & flag) != 0) == (dir > 0))
		return (0);
	if (dir > 0)
		ch->modes |= flag;
	else
		ch->modes &= ~flag;
	return (1);
}

/*
 * MODE #channel [changes [args...]].  At most MODES_PARAMS modes with a
 * parameter are applied; the changes actually made are relayed once.
 */
static void
cmd_mode_channel(struct user *u, struct channel *ch, struct msg *m)
{
	struct relay	 r;
	char		 modes[64], args[RELAY_LINE_MAX], line[RELAY_LINE_MAX];
	char		 buf[CHAN_KEY_MAX + 32], mask[256];
	const char	*p, *arg, *shown;
	size_t		 n = 0, alen = 0;
	int		 dir = 1, last = 0, argi = 2, nparam = 0, used, op;

	if (m->nparams == 1) {
		numeric_send(u, RPL_CHANNELMODEIS, ch->name,
		    channel_mode_str(ch, channel_member(ch, u) != NULL ||
		    (u->flags & USER_OPER), buf, sizeof buf));
		numeric_send(u, RPL_CREATIONTIME, ch->name,
		    (long long)ch->created);
		return;
	}
	op = cmd_chanop(u, ch);
	args[0] = '\0';
	for (p = m->params[1]; *p != '\0'; p++) {
		if (*p == '+' || *p == '-') {
			dir = *p == '+' ? 1 : -1;
			continue;
		}
		arg = argi < m->nparams ? m->params[argi] : NULL;
		/* Past MODES, modes with a parameter are ignored. */
		if (nparam == MODES_PARAMS && arg != NULL) {
			if (strchr("bov", *p) != NULL ||
			    (dir > 0 && strchr("kl", *p) != NULL))
				continue;
			arg = NULL;
		}
		/* Anyone may list bans; everything else needs an op. */
		if (!op && !(*p == 'b' && arg == NULL)) {
			numeric_send(u, ERR_CHANOPRIVSNEEDED, ch->name);
			return;
		}
		if (!cmd_mode_apply(u, ch, dir, *p, arg, &used, &shown, mask,
		    sizeof mask)) {
			if (used) {
				argi++;
				nparam++;
			}
			continue;
		}
		if (used) {
			argi++;
			nparam++;
		}
		if (n + 3 >= sizeof modes)
			break;
		if (last != dir)
			modes[n++] = dir > 0 ? '+' : '-';
		last = dir;
		modes[n++] = *p;
		if (shown != NULL)
			alen += snprintf(args + alen, alen < sizeof args ?
			    sizeof args - alen : 0, " %s", shown);
	}
	if (n == 0)
		return;
	modes[n] = '\0';
	snprintf(line, sizeof line, "%s%s", modes, args);
	relay_init(&r, RELAY_MODE, u, ch->name, line, NULL);
	relay_to_channel(&r, ch, NULL);
}

void
cmd_mode(struct user *u, struct msg *m)
{
	struct channel	*ch;

	if (m->params[0][0] != '#') {
		cmd_mode_user(u, m);
		return;
	}
	if ((ch = channel_find(m->params[0])) == NULL ||
	    ((ch->modes & CHAN_SECRET) && channel_member(ch, u) == NULL &&
	    !(u->flags & USER_OPER))) {
		numeric_send(u, ERR_NOSUCHCHANNEL, m->params[0]);
		return;
	}
	cmd_mode_channel(u, ch, m);
}

/* KICK #channel nick[,nick...] [comment], or channels paired with nicks. */
void
cmd_kick(struct user *u, struct msg *m)
{
	char		*chans = m->params[0], *nicks = m->params[1];
	char		*name, *nick, *first;
	const char	*comment;
	char		 cbuf[TOPIC_MAX + 1];
	struct channel	*ch;
	struct user	*victim;
	struct member	*vm;
	struct relay	 r;
	int		 paired = strchr(chans, ',') != NULL;

	/* KICKLEN: the comment is cut to TOPIC_MAX bytes. */
	strlcpy(cbuf, m->nparams > 2 && m->params[2][0] != '\0' ?
	    m->params[2] : u->nick, sizeof cbuf);
	comment = cbuf;
	first = strsep(&chans, ",");
	while ((nick = strsep(&nicks, ",")) != NULL) {
		name = first;
		if (paired && (name = strsep(&chans, ",")) == NULL)
			break;
		if (paired)
			first = name;
		if (*nick == '\0')
			continue;
		if ((ch = channel_find(name)) == NULL) {
			numeric_send(u, ERR_NOSUCHCHANNEL, name);
			continue;
		}
		if (channel_member(ch, u) == NULL && !(u->flags & USER_OPER)) {
			numeric_send(u, ERR_NOTONCHANNEL, ch->name);
			continue;
		}
		if (!cmd_chanop(u, ch)) {
			numeric_send(u, ERR_CHANOPRIVSNEEDED, ch->name);
			continue;
		}
		if ((victim = user_find(nick)) == NULL) {
			numeric_send(u, ERR_NOSUCHNICK, nick);
			continue;
		}
		if ((vm = channel_member(ch, victim)) == NULL) {
			numeric_send(u, ERR_USERNOTINCHANNEL, victim->nick,
			    ch->name);
			continue;
		}
		relay_init(&r, RELAY_KICK, u, ch->name, victim->nick,
		    comment);
		relay_to_channel(&r, ch, NULL);
		log_info("%s was kicked from room: %s", victim->nick,
		    channel_room(ch));
		channel_del_member(vm);
	}
}

/* INVITE nick #channel. */
void
cmd_invite(struct user *u, struct msg *m)
{
	struct user	*to;
	struct channel	*ch;
	struct member	*mb;
	struct relay	 r;

	if ((to = user_find(m->params[0])) == NULL ||
	    !(to->flags & USER_REGISTERED)) {
		numeric_send(u, ERR_NOSUCHNICK, m->params[0]);
		return;
	}
	if ((ch = channel_find(m->params[1])) == NULL) {
		numeric_send(u, ERR_NOSUCHCHANNEL, m->params[1]);
		return;
	}
	if (channel_member(ch, u) == NULL) {
		numeric_send(u, ERR_NOTONCHANNEL, ch->name);
		return;
	}
	if ((ch->modes & CHAN_INVITE) && !cmd_chanop(u, ch)) {
		numeric_send(u, ERR_CHANOPRIVSNEEDED, ch->name);
		return;
	}
	if (channel_member(ch, to) != NULL) {
		numeric_send(u, ERR_USERONCHANNEL, to->nick, ch->name);
		return;
	}
	user_invite(to, ch->name);
	numeric_send(u, RPL_INVITING, to->nick, ch->name);
	relay_init(&r, RELAY_INVITE, u, to->nick, NULL, ch->name);
	relay_to_user(&r, to);
	/* IRCv3 invite-notify: the channel's other members hear of it. */
	r.needcap = CAP_INVITE_NOTIFY;
	TAILQ_FOREACH(mb, &ch->members, chan_entry)
		if (mb->user != u && mb->user != to)
			relay_to_user(&r, mb->user);
	if (to->away != NULL)
		numeric_send(u, RPL_AWAY, to->nick, to->away);
}
