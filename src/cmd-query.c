/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Queries about users and the server: WHO, WHOIS, AWAY, USERHOST, ISON,
 * LUSERS and MOTD (RFC 2812 sections 3.4 and 3.6).  Invisible users are
 * shown only to those who share a channel with them.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casemap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "monitor.h"
#include "motd.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "server.h"
#include "user.h"
#include "xmalloc.h"

#define WHOIS_CHANS_WIDTH	400
#define ISON_WIDTH		400	/* bytes of nicks in the 303 */

/* Does u share a channel with other? */
static int
cmd_shares_channel(struct user *u, struct user *other)
{
	struct member	*m;

	if (u == other)
		return (1);
	TAILQ_FOREACH(m, &u->chans, user_entry)
		if (channel_member(m->chan, other) != NULL)
			return (1);
	return (0);
}

/*
 * WHOX (IRCv3 whox, after ircu): WHO <mask> [flags][%fields[,token]].
 * The fields come back in this order, whatever order they were asked
 * in: token, channel, user, IP, host, server, nick, flags, hops, idle
 * seconds, account, op level, real name.
 */
#define WHOX_FIELDS	"tcuihsnfdlaor"

struct whox {
	unsigned	 fields;	/* bit i: WHOX_FIELDS[i] asked */
	char		 token[4];	/* 1 to 3 digits */
};

/* Read "%fields[,token]" from arg into wx; 0, or -1 if there is none. */
static int
cmd_whox_parse(const char *arg, struct whox *wx)
{
	const char	*p, *f;
	size_t		 n;

	if ((p = strchr(arg, '%')) == NULL)
		return (-1);
	wx->fields = 0;
	for (p++; *p != '\0' && *p != ','; p++)
		if ((f = strchr(WHOX_FIELDS, *p)) != NULL)
			wx->fields |= 1u << (f - WHOX_FIELDS);
	strlcpy(wx->token, "0", sizeof wx->token);
	if (*p == ',' && (n = strspn(p + 1, "0123456789")) > 0 && n <= 3 &&
	    p[1 + n] == '\0')
		strlcpy(wx->token, p + 1, sizeof wx->token);
	return (0);
}

/* The WHO flags of w in a channel (member m, or NULL), as u sees them. */
static const char *
cmd_who_flags(struct user *u, struct user *w, struct member *m, char *buf)
{
	size_t	 n = 0;

	buf[n++] = w->away != NULL ? 'G' : 'H';
	if (w->flags & USER_OPER)
		buf[n++] = '*';
	if (w->flags & USER_BOT)
		buf[n++] = 'B';
	if (m != NULL && (m->flags & MEMBER_OP))
		buf[n++] = '@';
	if (m != NULL && (m->flags & MEMBER_VOICE) &&
	    (!(m->flags & MEMBER_OP) || (u->caps & CAP_MULTI_PREFIX)))
		buf[n++] = '+';
	buf[n] = '\0';
	return (buf);
}

/* One 354: the fields wx asks for, in WHOX_FIELDS order. */
static void
cmd_whox_reply(struct user *u, struct user *w, struct member *m,
    const char *chan, const struct whox *wx)
{
	char		 line[RELAY_LINE_MAX], flags[8];
	struct sbuf	 sb;
	const char	*f;
	unsigned	 bit;

	sbuf_init(&sb, line, sizeof line);
	for (f = WHOX_FIELDS, bit = 1; *f != '\0'; f++, bit <<= 1) {
		if (!(wx->fields & bit))
			continue;
		if (sb.len > 0)
			sbuf_catc(&sb, ' ');
		switch (*f) {
		case 't':
			sbuf_cat(&sb, wx->token);
			break;
		case 'c':
			sbuf_cat(&sb, chan);
			break;
		case 'u':
			sbuf_cat(&sb, w->ident);
			break;
		case 'i':
			/* The address only to operators and to the user. */
			sbuf_cat(&sb, (u->flags & USER_OPER) || u == w ?
			    w->ip : "255.255.255.255");
			break;
		case 'h':
			sbuf_cat(&sb, w->host);
			break;
		case 's':
			sbuf_cat(&sb, w->server->name);
			break;
		case 'n':
			sbuf_cat(&sb, w->nick);
			break;
		case 'f':
			sbuf_cat(&sb, cmd_who_flags(u, w, m, flags));
			break;
		case 'd':
			sbuf_printf(&sb, "%u", w->server->hops);
			break;
		case 'l':
			sbuf_printf(&sb, "%lld",
			    (long long)(time(NULL) - w->idle));
			break;
		case 'a':
			sbuf_cat(&sb, w->account != NULL ? w->account : "0");
			break;
		case 'o':
			sbuf_cat(&sb, "n/a");
			break;
		case 'r':
			sbuf_catc(&sb, ':');
			sbuf_cat(&sb, w->realname != NULL ? w->realname : "");
			break;
		}
	}
	numeric_send(u, RPL_WHOSPCRPL, line);
}

/* A 352 for w, or with wx a 354. */
static void
cmd_who_reply(struct user *u, struct user *w, struct member *m,
    const char *chan, const struct whox *wx)
{
	char	 flags[8];

	if (wx != NULL) {
		cmd_whox_reply(u, w, m, chan, wx);
		return;
	}
	numeric_send(u, RPL_WHOREPLY, chan, w->ident, w->host,
	    w->server->name, w->nick, cmd_who_flags(u, w, m, flags),
	    w->server->hops, w->realname != NULL ? w->realname : "");
}

/*
 * WHO <mask> [o][%fields[,token]]: the members of a channel, one nick,
 * or everyone whose nick, host or real name matches a mask; 'o' before
 * any '%': only operators.  With '%', WHOX replies (354) instead of 352.
 */
void
cmd_who(struct user *u, struct msg *m)
{
	const char	*mask = m->nparams > 0 ? m->params[0] : "*";
	const char	*opt = m->nparams > 1 ? m->params[1] : "";
	int		 opers = strcspn(opt, "o") < strcspn(opt, "%");
	struct whox	 whox, *wx = NULL;
	struct channel	*ch;
	struct member	*mb;
	struct user	*w;
	int		 inside;

	if (cmd_whox_parse(opt, &whox) == 0)
		wx = &whox;
	if (mask[0] == '#') {
		if ((ch = channel_find(mask)) != NULL) {
			inside = channel_member(ch, u) != NULL;
			if (inside || !(ch->modes & CHAN_SECRET))
				TAILQ_FOREACH(mb, &ch->members, chan_entry) {
					w = mb->user;
					if ((!inside &&
					    (w->flags & USER_INVISIBLE)) ||
					    (opers && !(w->flags & USER_OPER)))
						continue;
					cmd_who_reply(u, w, mb, ch->name, wx);
				}
		}
	} else if (strcmp(mask, "0") == 0 || strpbrk(mask, "*?") != NULL) {
		if (strcmp(mask, "0") == 0)
			mask = "*";
		RB_FOREACH(w, nicks, &user_nicks) {
			if (!(w->flags & USER_REGISTERED) ||
			    (opers && !(w->flags & USER_OPER)) ||
			    ((w->flags & USER_INVISIBLE) &&
			    !cmd_shares_channel(u, w)))
				continue;
			if (casemap_match(mask, w->nick) ||
			    casemap_match(mask, w->host) ||
			    (w->realname != NULL &&
			    casemap_match(mask, w->realname)))
				cmd_who_reply(u, w, NULL, "*", wx);
		}
	} else if ((w = user_find(mask)) != NULL &&
	    (w->flags & USER_REGISTERED) && (!opers || (w->flags & USER_OPER)))
		cmd_who_reply(u, w, NULL, "*", wx);
	numeric_send(u, RPL_ENDOFWHO, mask);
}

static void
whois_flush(void *arg, const char *list, int more)
{
	struct user	**uw = arg;

	numeric_send(uw[0], RPL_WHOISCHANNELS, uw[1]->nick, list);
}

static void
cmd_whois_one(struct user *u, const char *nick)
{
	struct user	*w, *uw[2];
	struct member	*m;
	struct wlist	 list;
	time_t		 now = time(NULL);

	if ((w = user_find(nick)) == NULL ||
	    !(w->flags & USER_REGISTERED)) {
		numeric_send(u, ERR_NOSUCHNICK, nick);
		numeric_send(u, RPL_ENDOFWHOIS, nick);
		return;
	}
	numeric_send(u, RPL_WHOISUSER, w->nick, w->ident, w->host,
	    w->realname != NULL ? w->realname : "");
	uw[0] = u;
	uw[1] = w;
	wlist_init(&list, WHOIS_CHANS_WIDTH, ' ', whois_flush, uw);
	TAILQ_FOREACH(m, &w->chans, user_entry) {
		if ((m->chan->modes & (CHAN_SECRET | CHAN_PRIVATE)) &&
		    channel_member(m->chan, u) == NULL)
			continue;
		wlist_add(&list, "%s%s%s", (m->flags & MEMBER_OP) ? "@" : "",
		    (m->flags & MEMBER_VOICE) && (!(m->flags & MEMBER_OP) ||
		    (u->caps & CAP_MULTI_PREFIX)) ? "+" : "", m->chan->name);
	}
	wlist_end(&list, 0);
	numeric_send(u, RPL_WHOISSERVER, w->nick, w->server->name,
	    w->server->description);
	if (w->away != NULL)
		numeric_send(u, RPL_AWAY, w->nick, w->away);
	if (w->flags & USER_OPER)
		numeric_send(u, RPL_WHOISOPERATOR, w->nick);
	if (w->flags & USER_BOT)
		numeric_send(u, RPL_WHOISBOT, w->nick);
	if (w->flags & USER_SECURE)
		numeric_send(u, RPL_WHOISSECURE, w->nick);
	/* CertFP: for the user itself and for operators. */
	if (w->certfp != NULL && (u == w || (u->flags & USER_OPER)))
		numeric_send(u, RPL_WHOISCERTFP, w->nick, w->certfp);
	numeric_send(u, RPL_WHOISIDLE, w->nick, (long long)(now - w->idle),
	    (long long)w->signon);
	numeric_send(u, RPL_ENDOFWHOIS, w->nick);
}

void
cmd_whois(struct user *u, struct msg *m)
{
	char	*nicks, *nick;

	/* "WHOIS server nick" asks a server; this is the only one. */
	nicks = m->params[m->nparams > 1 ? 1 : 0];
	while ((nick = strsep(&nicks, ",")) != NULL)
		if (*nick != '\0')
			cmd_whois_one(u, nick);
}

/*
 * AWAY, told to neighbours with away-notify (IRCv3).  Before
 * registration only with draft/pre-away, which asks for it; "AWAY *"
 * (absent, for no reason given) is kept as it is.
 */
void
cmd_away(struct user *u, struct msg *m)
{
	const char	*text = m->nparams > 0 ? m->params[0] : NULL;

	if (!(u->flags & USER_REGISTERED) && !(u->caps & CAP_PRE_AWAY)) {
		numeric_send(u, ERR_NOTREGISTERED);
		return;
	}
	if (text != NULL && *text != '\0')
		numeric_send(u, RPL_NOWAWAY);
	else
		numeric_send(u, RPL_UNAWAY);
	user_set_away(u, text);
}

void
cmd_userhost(struct user *u, struct msg *m)
{
	struct user	*w;
	struct sbuf	 sb;
	char		 list[RELAY_LINE_MAX];
	int		 i;

	sbuf_init(&sb, list, sizeof list);
	for (i = 0; i < m->nparams && i < 5; i++) {
		if ((w = user_find(m->params[i])) == NULL ||
		    !(w->flags & USER_REGISTERED))
			continue;
		sbuf_printf(&sb, "%s%s%s=%c%s@%s", sb.len == 0 ? "" : " ",
		    w->nick, (w->flags & USER_OPER) ? "*" : "",
		    w->away != NULL ? '-' : '+', w->ident, w->host);
	}
	numeric_send(u, RPL_USERHOST, list);
}

/* ISON: the nicks online, as many as fit one reply. */
void
cmd_ison(struct user *u, struct msg *m)
{
	struct user	*w;
	struct sbuf	 sb;
	char		 list[ISON_WIDTH], *names, *name;
	int		 i;

	sbuf_init(&sb, list, sizeof list);
	for (i = 0; i < m->nparams; i++) {
		names = m->params[i];
		while ((name = strsep(&names, " ")) != NULL) {
			if (*name == '\0' || (w = user_find(name)) == NULL ||
			    !(w->flags & USER_REGISTERED))
				continue;
			if (sb.len + 1 + strlen(w->nick) >= sizeof list - 1)
				break;
			sbuf_printf(&sb, "%s%s", sb.len == 0 ? "" : " ",
			    w->nick);
		}
	}
	numeric_send(u, RPL_ISON, list);
}

/*
 * LUSERS.  Users, operators and channels are counted network-wide;
 * unknown connections and "I have" are this server's own.
 */
void
cmd_send_lusers(struct user *u)
{
	numeric_send(u, RPL_LUSERCLIENT, user_count - user_count_invisible,
	    user_count_invisible, server_count);
	numeric_send(u, RPL_LUSEROP, user_count_opers);
	numeric_send(u, RPL_LUSERUNKNOWN, user_count_unknown);
	numeric_send(u, RPL_LUSERCHANNELS, channel_count);
	numeric_send(u, RPL_LUSERME, server_me->nusers + user_count_unknown,
	    server_links);
	numeric_send(u, RPL_LOCALUSERS, server_me->nusers, user_local_max,
	    server_me->nusers, user_local_max);
	numeric_send(u, RPL_GLOBALUSERS, user_count, user_count_max,
	    user_count, user_count_max);
}

void
cmd_lusers(struct user *u, struct msg *m)
{
	cmd_send_lusers(u);
}

/* The message of the day, as motd_load read it; 422 when there is none. */
void
cmd_send_motd(struct user *u)
{
	const char	*line;
	size_t		 i;

	if (motd_lines() == 0) {
		numeric_send(u, ERR_NOMOTD);
		return;
	}
	numeric_send(u, RPL_MOTDSTART, conf.server_name);
	for (i = 0; (line = motd_line(i)) != NULL; i++)
		numeric_send(u, RPL_MOTD, line);
	numeric_send(u, RPL_ENDOFMOTD);
}

void
cmd_motd(struct user *u, struct msg *m)
{
	cmd_send_motd(u);
}

static void
monitor_flush_on(void *arg, const char *list, int more)
{
	numeric_send(arg, RPL_MONONLINE, list);
}

static void
monitor_flush_off(void *arg, const char *list, int more)
{
	numeric_send(arg, RPL_MONOFFLINE, list);
}

#define MONITOR_WIDTH	400	/* bytes of targets in one 730 or 731 */

/* MONITOR + nicks | - nicks | C | L | S (IRCv3 monitor). */
void
cmd_monitor(struct user *u, struct msg *m)
{
	char		 rest[RELAY_LINE_MAX];
	const char	*nick;
	char		*nicks;
	struct wlist	 on, off;
	struct user	*w;
	struct watch	*wt;
	int		 op = m->params[0][0];

	if (op == 'C') {
		monitor_clear(u);
		return;
	}
	if (op == 'L') {
		monitor_list(u);
		return;
	}
	if ((op == '+' || op == '-') && m->nparams < 2) {
		numeric_send(u, ERR_NEEDMOREPARAMS, m->cmd);
		return;
	}
	if (op == '-') {
		nicks = m->params[1];
		while ((nick = strsep(&nicks, ",")) != NULL)
			if (*nick != '\0')
				monitor_del(u, nick);
		return;
	}
	if (op != '+' && op != 'S')
		return;
	wlist_init(&on, MONITOR_WIDTH, ',', monitor_flush_on, u);
	wlist_init(&off, MONITOR_WIDTH, ',', monitor_flush_off, u);
	nicks = op == '+' ? m->params[1] : NULL;
	wt = op == 'S' ? TAILQ_FIRST(&u->monitors) : NULL;
	for (;;) {
		if (op == '+') {
			if ((nick = strsep(&nicks, ",")) == NULL)
				break;
			if (*nick == '\0')
				continue;
			if (monitor_add(u, nick) != 0) {
				/* The nick refused and those not tried. */
				snprintf(rest, sizeof rest, "%s%s%s", nick,
				    nicks != NULL ? "," : "",
				    nicks != NULL ? nicks : "");
				numeric_send(u, ERR_MONLISTFULL, MONITOR_LIMIT,
				    rest);
				break;
			}
		} else {
			if (wt == NULL)
				break;
			nick = monitor_watch_nick(wt);
			wt = monitor_next(wt);
		}
		if ((w = user_find(nick)) != NULL &&
		    (w->flags & USER_REGISTERED))
			wlist_add(&on, "%s!%s@%s", w->nick, w->ident, w->host);
		else
			wlist_add(&off, "%s", nick);
	}
	wlist_end(&on, 0);
	wlist_end(&off, 0);
}

/*
 * ACCEPT nick[,-nick...] | * (CALLERID): add nicks to the list of
 * those who may send private messages to a +g user, take them off, or
 * list them (281 each, then 282).
 */
void
cmd_accept(struct user *u, struct msg *m)
{
	char		*nicks = m->params[0], *nick;
	struct user	*w;
	unsigned	 i;

	if (strcmp(nicks, "*") == 0) {
		for (i = 0; i < u->naccepts; i++)
			numeric_send(u, RPL_ACCEPTLIST, u->accepts[i]);
		numeric_send(u, RPL_ENDOFACCEPT);
		return;
	}
	while ((nick = strsep(&nicks, ",")) != NULL) {
		if (*nick == '-') {
			if (nick[1] != '\0' && user_accept_del(u, nick + 1) != 0)
				numeric_send(u, ERR_ACCEPTNOT, nick + 1);
			continue;
		}
		if (*nick == '\0')
			continue;
		if ((w = user_find(nick)) == NULL ||
		    !(w->flags & USER_REGISTERED)) {
			numeric_send(u, ERR_NOSUCHNICK, nick);
			continue;
		}
		switch (user_accept_add(u, w->nick)) {
		case 1:
			numeric_send(u, ERR_ACCEPTEXIST, w->nick);
			break;
		case -1:
			numeric_send(u, ERR_ACCEPTFULL);
			return;
		}
	}
}
