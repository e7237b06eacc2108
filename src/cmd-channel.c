/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Channel commands: JOIN, PART, TOPIC, NAMES, LIST, MODE, KICK and
 * INVITE (RFC 2812 sections 3.2 and 3.1.5).  The work for one channel
 * is done by the channel verbs (channel.c), shared with the text front.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casemap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "user.h"
#include "utf8.h"

#define NAMES_WIDTH	400	/* nick bytes in one 353 line */

void
cmd_join(struct user *u, struct msg *m)
{
	char	*names = m->params[0], *keys, *name, *key;

	if (strcmp(names, "0") == 0) {
		while (!TAILQ_EMPTY(&u->chans))
			channel_part(u, TAILQ_FIRST(&u->chans)->chan, NULL);
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
			channel_join(u, name, key);
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
			channel_part(u, ch, reason);
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

void
cmd_topic(struct user *u, struct msg *m)
{
	struct channel	*ch;

	if ((ch = channel_find(m->params[0])) == NULL) {
		numeric_send(u, ERR_NOSUCHCHANNEL, m->params[0]);
		return;
	}
	if (m->nparams > 1) {
		channel_topic(u, ch, m->params[1]);
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

struct names_reply {
	struct user	*user;
	struct channel	*chan;
	char		 type;
};

static void
names_flush(void *arg, const char *list, int more)
{
	struct names_reply	*nr = arg;

	numeric_send(nr->user, RPL_NAMREPLY, nr->type, nr->chan->name, list);
}

/* 353 lines for ch, as u may see them, then 366. */
void
cmd_send_names(struct user *u, struct channel *ch)
{
	struct names_reply	 nr = { u, ch, '=' };
	struct member		*m;
	struct wlist		 w;
	char			 pfx[4];
	int			 inside = channel_member(ch, u) != NULL;

	if (ch->modes & CHAN_SECRET)
		nr.type = '@';
	else if (ch->modes & CHAN_PRIVATE)
		nr.type = '*';
	wlist_init(&w, NAMES_WIDTH, ' ', names_flush, &nr);
	TAILQ_FOREACH(m, &ch->members, chan_entry) {
		if (!inside && (m->user->flags & USER_INVISIBLE))
			continue;
		if (u->caps & CAP_USERHOST_IN_NAMES)
			wlist_add(&w, "%s%s!%s@%s", cmd_member_prefix(u, m,
			    pfx), m->user->nick, m->user->ident,
			    m->user->host);
		else
			wlist_add(&w, "%s%s", cmd_member_prefix(u, m, pfx),
			    m->user->nick);
	}
	wlist_end(&w, 0);
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

/*
 * LIST conditions (ELIST=CMNTU): masks a channel name must match (M)
 * or must not (N, "!mask"), and bounds on its users (U, ">n" and "<n"),
 * on the minutes since it was created (C, "C>n" and "C<n") and since its
 * topic was set (T, "T>n" and "T<n").  A channel is listed when it
 * matches one of the masks (if any are given), none of the negated ones
 * and every bound.
 */
#define LIST_CONDS	16	/* conditions in one LIST */

struct list_query {
	const char	*masks[LIST_CONDS];
	unsigned	 nmasks;
	const char	*nots[LIST_CONDS];
	unsigned	 nnots;
	long		 umin, umax;	/* users: more than, fewer than */
	long		 cmin, cmax;	/* minutes since created */
	long		 tmin, tmax;	/* minutes since the topic was set */
};

/* Read "[CT]<n" or "[CT]>n" or "<n" ">n" into q; -1 if it is none. */
static int
cmd_list_bound(const char *cond, struct list_query *q)
{
	long		*min, *max, n;
	char		*end;

	min = &q->umin;
	max = &q->umax;
	if (*cond == 'C' || *cond == 'T') {
		min = *cond == 'C' ? &q->cmin : &q->tmin;
		max = *cond == 'C' ? &q->cmax : &q->tmax;
		cond++;
	}
	if (*cond != '<' && *cond != '>')
		return (-1);
	n = strtol(cond + 1, &end, 10);
	if (cond[1] == '\0' || *end != '\0' || n < 0)
		return (-1);
	if (*cond == '>')
		*min = n;
	else
		*max = n;
	return (0);
}

/* Does ch meet the conditions of q, at time now? */
static int
cmd_list_match(const struct list_query *q, struct channel *ch, time_t now)
{
	long		 age = (now - ch->created) / 60;
	long		 tage = (now - ch->topic_time) / 60;
	unsigned	 i;

	if ((long)ch->nmembers <= q->umin || (long)ch->nmembers >= q->umax ||
	    age <= q->cmin || age >= q->cmax || tage <= q->tmin ||
	    tage >= q->tmax)
		return (0);
	for (i = 0; i < q->nnots; i++)
		if (casemap_match(q->nots[i], ch->name))
			return (0);
	for (i = 0; i < q->nmasks; i++)
		if (casemap_match(q->masks[i], ch->name))
			return (1);
	return (q->nmasks == 0);
}

/* Are the conditions channel names only, to be looked up one by one? */
static int
cmd_list_names(const char *conds)
{
	const char	*p;

	if (*conds != '#' || strpbrk(conds, "*?") != NULL)
		return (0);
	for (p = conds; (p = strchr(p, ',')) != NULL; p++)
		if (p[1] != '#' && p[1] != '\0' && p[1] != ',')
			return (0);
	return (1);
}

static void
cmd_list_one(struct user *u, struct channel *ch)
{
	if (cmd_channel_visible(u, ch))
		numeric_send(u, RPL_LIST, ch->name, ch->nmembers,
		    ch->topic != NULL ? ch->topic : "");
}

/*
 * LIST [conditions]: channel names are looked up; masks and bounds
 * (ELIST) are matched against every channel.  The replies may pass the
 * client's sendq (SAFELIST): the front lets them through.
 */
void
cmd_list(struct user *u, struct msg *m)
{
	struct list_query	 q;
	struct channel		*ch;
	char			*conds, *cond;
	time_t			 now = time(NULL);

	memset(&q, 0, sizeof q);
	q.umin = q.cmin = q.tmin = -1;
	q.umax = q.cmax = q.tmax = LONG_MAX;
	numeric_send(u, RPL_LISTSTART);
	conds = m->nparams > 0 ? m->params[0] : "";
	if (cmd_list_names(conds)) {
		while ((cond = strsep(&conds, ",")) != NULL)
			if ((ch = channel_find(cond)) != NULL)
				cmd_list_one(u, ch);
		numeric_send(u, RPL_LISTEND);
		return;
	}
	while ((cond = strsep(&conds, ",")) != NULL) {
		if (*cond == '\0' || cmd_list_bound(cond, &q) == 0)
			continue;
		if (*cond == '!' && q.nnots < LIST_CONDS)
			q.nots[q.nnots++] = cond + 1;
		else if (*cond != '!' && q.nmasks < LIST_CONDS)
			q.masks[q.nmasks++] = cond;
	}
	RB_FOREACH(ch, channels, &channel_tree)
		if (cmd_list_match(&q, ch, now))
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
		snprintf(applied, sizeof applied, "+%s%s%s%s%s%s%s",
		    (u->flags & USER_BOT) ? "B" : "",
		    (u->flags & USER_SECURE) ? "Z" : "",
		    (u->flags & USER_CALLERID) ? "g" : "",
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
		case 'g':
			flag = USER_CALLERID;
			break;
		case 'o':
			if (dir > 0)	/* Only OPER gives +o. */
				continue;
			flag = USER_OPER;
			break;
		case 'Z':		/* The transport says; nobody sets it. */
			continue;
		default:
			unknown = 1;
			continue;
		}
		if (((u->flags & flag) != 0) == (dir > 0))
			continue;
		if (n + 3 > sizeof applied)
			break;		/* Only what is told is done. */
		user_set_flag(u, flag, dir > 0);
		if (last != dir)
			applied[n++] = dir > 0 ? '+' : '-';
		last = dir;
		applied[n++] = *p;
	}
	applied[n] = '\0';
	if (unknown)
		numeric_send(u, ERR_UMODEUNKNOWNFLAG);
	if (n > 0) {
		relay_init(&r, RELAY_MODE, u, u->nick, NULL, applied);
		relay_set_source(&r, u->nick);
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
	{ 'z', CHAN_SECUREONLY },
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
			/* An empty middle parameter cannot be sent: '*'. */
			numeric_send(u, ERR_INVALIDMODEPARAM, ch->name, 'l',
			    *arg != '\0' ? arg : "*",
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
 * MODE #channel [changes [args...]].  At most MODES_PARAMS changes with
 * a parameter and MODE_CHANGES_MAX in all are made; the rest of the
 * request is ignored.  A change is made only once it is sure to fit in
 * the MODE line relayed, so what the channel hears is what was done.
 */
static void
cmd_mode_channel(struct user *u, struct channel *ch, struct msg *m)
{
	struct relay	 r;
	struct sbuf	 modes, args;
	char		 mbuf[2 * MODE_CHANGES_MAX + 1], abuf[RELAY_LINE_MAX];
	char		 line[RELAY_LINE_MAX], buf[CHAN_KEY_MAX + 32];
	char		 mask[256];
	const char	*p, *arg, *shown;
	int		 dir = 1, last = 0, argi = 2, nparam = 0, used, op;
	int		 changes = 0;

	if (m->nparams == 1) {
		numeric_send(u, RPL_CHANNELMODEIS, ch->name,
		    channel_mode_str(ch, channel_member(ch, u) != NULL ||
		    (u->flags & USER_OPER), buf, sizeof buf));
		numeric_send(u, RPL_CREATIONTIME, ch->name,
		    (long long)ch->created);
		return;
	}
	op = channel_is_op(u, ch);
	sbuf_init(&modes, mbuf, sizeof mbuf);
	sbuf_init(&args, abuf, sizeof abuf);
	for (p = m->params[1]; *p != '\0' && changes < MODE_CHANGES_MAX; p++) {
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
		if (cmd_mode_apply(u, ch, dir, *p, arg, &used, &shown, mask,
		    sizeof mask)) {
			changes++;
			if (last != dir)
				sbuf_catc(&modes, dir > 0 ? '+' : '-');
			last = dir;
			sbuf_catc(&modes, *p);
			if (shown != NULL)
				sbuf_printf(&args, " %s", shown);
		}
		if (used) {
			argi++;
			nparam++;
		}
	}
	if (changes == 0)
		return;
	sbuf_init(&modes, line, sizeof line);
	sbuf_cat(&modes, mbuf);
	sbuf_cat(&modes, abuf);
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
	char		*name, *nick;
	const char	*comment;
	char		 cbuf[TOPIC_MAX + 1];
	struct channel	*ch;
	struct user	*victim;
	struct member	*vm;
	struct relay	 r;
	int		 paired = strchr(chans, ',') != NULL, first;

	/* KICKLEN: the comment is cut to TOPIC_MAX bytes, whole characters. */
	comment = m->nparams > 2 && m->params[2][0] != '\0' ? m->params[2] :
	    u->nick;
	strlcpy(cbuf, comment, utf8_cut(comment, TOPIC_MAX) + 1);
	comment = cbuf;
	/*
	 * RFC 2812 section 3.2.8: one channel and any number of nicks, or
	 * as many channels as nicks, the first nick for the first channel
	 * and so on.
	 */
	name = strsep(&chans, ",");
	for (first = 1; (nick = strsep(&nicks, ",")) != NULL; first = 0) {
		if (paired && !first && (name = strsep(&chans, ",")) == NULL)
			break;
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
		if (!channel_is_op(u, ch)) {
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
	if ((ch->modes & CHAN_INVITE) && !channel_is_op(u, ch)) {
		numeric_send(u, ERR_CHANOPRIVSNEEDED, ch->name);
		return;
	}
	if (channel_member(ch, to) != NULL) {
		numeric_send(u, ERR_USERONCHANNEL, to->nick, ch->name);
		return;
	}
	channel_invite(to, ch);
	numeric_send(u, RPL_INVITING, to->nick, ch->name);
	relay_init(&r, RELAY_INVITE, u, to->nick, NULL, ch->name);
	relay_to_user(&r, to);
	/* IRCv3 invite-notify: the channel's other members hear of it. */
	relay_caps(&r, CAP_INVITE_NOTIFY, 0);
	TAILQ_FOREACH(mb, &ch->members, chan_entry)
		if (mb->user != u && mb->user != to)
			relay_to_user(&r, mb->user);
	if (to->away != NULL)
		numeric_send(u, RPL_AWAY, to->nick, to->away);
}

/*
 * RENAME #old #new [:reason] (IRCv3 draft/channel-rename), for channel
 * operators.  Only the case may change, or the name to one no channel
 * has; a name that is not valid cannot be taken.
 */
void
cmd_rename(struct user *u, struct msg *m)
{
	struct channel	*ch, *other;
	const char	*name = m->params[1];
	char		 oldkey[CHAN_MAX + 1];

	if ((ch = channel_find(m->params[0])) == NULL ||
	    ((ch->modes & CHAN_SECRET) && channel_member(ch, u) == NULL &&
	    !(u->flags & USER_OPER))) {
		numeric_send(u, ERR_NOSUCHCHANNEL, m->params[0]);
		return;
	}
	if (channel_member(ch, u) == NULL && !(u->flags & USER_OPER)) {
		numeric_send(u, ERR_NOTONCHANNEL, ch->name);
		return;
	}
	if (!channel_is_op(u, ch)) {
		numeric_send(u, ERR_CHANOPRIVSNEEDED, ch->name);
		return;
	}
	if (!channel_valid_name(name)) {
		numeric_cmd(u, "FAIL", "RENAME CANNOT_RENAME %s %s :Not a "
		    "valid channel name", ch->name, *name != '\0' ? name : "*");
		return;
	}
	if ((other = channel_find(name)) != NULL && other != ch) {
		numeric_cmd(u, "FAIL", "RENAME CHANNEL_NAME_IN_USE %s %s "
		    ":The channel name is already taken", ch->name, name);
		return;
	}
	if (strcmp(ch->name, name) == 0)
		return;
	strlcpy(oldkey, ch->key, sizeof oldkey);
	channel_rename(u, ch, name, m->nparams > 2 ? m->params[2] : NULL);
	user_invites_rename(oldkey, ch->key);
}
