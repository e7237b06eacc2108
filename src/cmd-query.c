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
#include "conn.h"
#include "monitor.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

#define WHOIS_CHANS_WIDTH	400

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

static void
cmd_who_reply(struct user *u, struct user *w, struct member *m,
    const char *chan)
{
	char	 flags[8];
	size_t	 n = 0;

	flags[n++] = w->away != NULL ? 'G' : 'H';
	if (w->flags & USER_OPER)
		flags[n++] = '*';
	if (w->flags & USER_BOT)
		flags[n++] = 'B';
	if (m != NULL && (m->flags & MEMBER_OP))
		flags[n++] = '@';
	if (m != NULL && (m->flags & MEMBER_VOICE) &&
	    (!(m->flags & MEMBER_OP) || (u->caps & CAP_MULTI_PREFIX)))
		flags[n++] = '+';
	flags[n] = '\0';
	numeric_send(u, RPL_WHOREPLY, chan, w->ident, w->host,
	    conf.server_name, w->nick, flags,
	    w->realname != NULL ? w->realname : "");
}

void
cmd_who(struct user *u, struct msg *m)
{
	const char	*mask = m->nparams > 0 ? m->params[0] : "*";
	int		 opers = m->nparams > 1 && strchr(m->params[1], 'o');
	struct channel	*ch;
	struct member	*mb;
	struct user	*w;
	int		 inside;

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
					cmd_who_reply(u, w, mb, ch->name);
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
				cmd_who_reply(u, w, NULL, "*");
		}
	} else if ((w = user_find(mask)) != NULL &&
	    (w->flags & USER_REGISTERED) && (!opers || (w->flags & USER_OPER)))
		cmd_who_reply(u, w, NULL, "*");
	numeric_send(u, RPL_ENDOFWHO, mask);
}

static void
cmd_whois_one(struct user *u, const char *nick)
{
	struct user	*w;
	struct member	*m;
	char		 list[WHOIS_CHANS_WIDTH + CHAN_MAX + 8];
	size_t		 len = 0;
	time_t		 now = time(NULL);

	if ((w = user_find(nick)) == NULL ||
	    !(w->flags & USER_REGISTERED)) {
		numeric_send(u, ERR_NOSUCHNICK, nick);
		numeric_send(u, RPL_ENDOFWHOIS, nick);
		return;
	}
	numeric_send(u, RPL_WHOISUSER, w->nick, w->ident, w->host,
	    w->realname != NULL ? w->realname : "");
	TAILQ_FOREACH(m, &w->chans, user_entry) {
		if ((m->chan->modes & (CHAN_SECRET | CHAN_PRIVATE)) &&
		    channel_member(m->chan, u) == NULL)
			continue;
		if (len > WHOIS_CHANS_WIDTH) {
			numeric_send(u, RPL_WHOISCHANNELS, w->nick, list);
			len = 0;
		}
		len += snprintf(list + len, sizeof list - len, "%s%s%s%s",
		    len == 0 ? "" : " ",
		    (m->flags & MEMBER_OP) ? "@" : "",
		    (m->flags & MEMBER_VOICE) && (!(m->flags & MEMBER_OP) ||
		    (u->caps & CAP_MULTI_PREFIX)) ? "+" : "", m->chan->name);
	}
	if (len > 0)
		numeric_send(u, RPL_WHOISCHANNELS, w->nick, list);
	numeric_send(u, RPL_WHOISSERVER, w->nick, conf.server_name,
	    conf.description);
	if (w->away != NULL)
		numeric_send(u, RPL_AWAY, w->nick, w->away);
	if (w->flags & USER_OPER)
		numeric_send(u, RPL_WHOISOPERATOR, w->nick);
	if (w->flags & USER_BOT)
		numeric_send(u, RPL_WHOISBOT, w->nick);
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

/* AWAY, told to neighbours with away-notify (IRCv3). */
void
cmd_away(struct user *u, struct msg *m)
{
	struct relay	 r;

	free(u->away);
	u->away = NULL;
	if (m->nparams > 0 && m->params[0][0] != '\0')
		u->away = strndup(m->params[0], TOPIC_MAX);
	if (u->away != NULL)
		numeric_send(u, RPL_NOWAWAY);
	else
		numeric_send(u, RPL_UNAWAY);
	relay_init(&r, RELAY_AWAY, u, NULL, NULL, u->away);
	r.needcap = CAP_AWAY_NOTIFY;
	relay_to_neighbours(&r, u, 0);
}

void
cmd_userhost(struct user *u, struct msg *m)
{
	struct user	*w;
	char		 list[RELAY_LINE_MAX];
	size_t		 len = 0;
	int		 i;

	list[0] = '\0';
	for (i = 0; i < m->nparams && i < 5; i++) {
		if ((w = user_find(m->params[i])) == NULL ||
		    !(w->flags & USER_REGISTERED))
			continue;
		len += snprintf(list + len, sizeof list - len, "%s%s%s=%c%s@%s",
		    len == 0 ? "" : " ", w->nick,
		    (w->flags & USER_OPER) ? "*" : "",
		    w->away != NULL ? '-' : '+', w->ident, w->host);
	}
	numeric_send(u, RPL_USERHOST, list);
}

void
cmd_ison(struct user *u, struct msg *m)
{
	struct user	*w;
	char		 list[RELAY_LINE_MAX], *names, *name;
	size_t		 len = 0;
	int		 i;

	list[0] = '\0';
	for (i = 0; i < m->nparams; i++) {
		names = m->params[i];
		while ((name = strsep(&names, " ")) != NULL) {
			if (*name == '\0' || (w = user_find(name)) == NULL ||
			    !(w->flags & USER_REGISTERED))
				continue;
			if (len + strlen(w->nick) + 2 >= sizeof list - 64)
				break;
			len += snprintf(list + len, sizeof list - len, "%s%s",
			    len == 0 ? "" : " ", w->nick);
		}
	}
	numeric_send(u, RPL_ISON, list);
}

void
cmd_send_lusers(struct user *u)
{
	numeric_send(u, RPL_LUSERCLIENT, user_count - user_count_invisible,
	    user_count_invisible);
	numeric_send(u, RPL_LUSEROP, user_count_opers);
	numeric_send(u, RPL_LUSERUNKNOWN, user_count_unknown);
	numeric_send(u, RPL_LUSERCHANNELS, channel_count);
	numeric_send(u, RPL_LUSERME, user_count + user_count_unknown);
	numeric_send(u, RPL_LOCALUSERS, user_count, user_count_max,
	    user_count, user_count_max);
	numeric_send(u, RPL_GLOBALUSERS, user_count, user_count_max,
	    user_count, user_count_max);
}

void
cmd_lusers(struct user *u, struct msg *m)
{
	cmd_send_lusers(u);
}

/*
 * The message of the day: motd_file if set and readable, else the motd
 * setting with "\n" splitting lines; 422 when both are empty.
 */
void
cmd_send_motd(struct user *u)
{
	FILE	*f = NULL;
	char	 line[512], text[1024], *p, *q;
	int	 sent = 0;

	if (conf.motd_file[0] != '\0' &&
	    (f = fopen(conf.motd_file, "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			line[strcspn(line, "\r\n")] = '\0';
			if (!sent++)
				numeric_send(u, RPL_MOTDSTART,
				    conf.server_name);
			numeric_send(u, RPL_MOTD, line);
		}
		fclose(f);
	} else if (conf.motd[0] != '\0') {
		strlcpy(text, conf.motd, sizeof text);
		for (p = text; p != NULL; p = q) {
			if ((q = strstr(p, "\\n")) != NULL) {
				*q = '\0';
				q += 2;
			}
			if (!sent++)
				numeric_send(u, RPL_MOTDSTART,
				    conf.server_name);
			numeric_send(u, RPL_MOTD, p);
		}
	}
	if (sent)
		numeric_send(u, RPL_ENDOFMOTD);
	else
		numeric_send(u, ERR_NOMOTD);
}

void
cmd_motd(struct user *u, struct msg *m)
{
	cmd_send_motd(u);
}

/* MONITOR + nicks | - nicks | C | L | S (IRCv3 monitor). */
void
cmd_monitor(struct user *u, struct msg *m)
{
	char		 on[RELAY_LINE_MAX], off[RELAY_LINE_MAX];
	char		 rest[RELAY_LINE_MAX];
	const char	*nick;
	char		*nicks;
	size_t		 onlen = 0, offlen = 0;
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
	on[0] = off[0] = '\0';
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
		    (w->flags & USER_REGISTERED)) {
			if (onlen > 400) {
				numeric_send(u, RPL_MONONLINE, on);
				onlen = 0;
			}
			onlen += snprintf(on + onlen, sizeof on - onlen, "%s%s",
			    onlen ? "," : "", user_prefix(w));
		} else {
			if (offlen > 400) {
				numeric_send(u, RPL_MONOFFLINE, off);
				offlen = 0;
			}
			offlen += snprintf(off + offlen, sizeof off - offlen,
			    "%s%s", offlen ? "," : "", nick);
		}
	}
	if (onlen > 0)
		numeric_send(u, RPL_MONONLINE, on);
	if (offlen > 0)
		numeric_send(u, RPL_MONOFFLINE, off);
}
