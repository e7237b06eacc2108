/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The IRC front: parses lines with msg_parse and dispatches them, and
 * renders numerics, server replies and relays as RFC 2812 lines.  A
 * relay is rendered once into r->line[FRONT_IRC] and the same bytes go
 * to every IRC recipient.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "msg.h"
#include "natterd.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

#define IRC_LINE_MAX	512		/* an RFC line, CRLF included */
#define ISUPPORT_PER_LINE 12

/* Append to buf what fits, keeping room for CRLF; return the new length. */
static size_t
irc_append(char *buf, size_t len, size_t size, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (len + 2 >= size)
		return (len);
	va_start(ap, fmt);
	n = vsnprintf(buf + len, size - 2 - len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return (len);
	if ((size_t)n >= size - 2 - len)
		return (size - 3);
	return (len + n);
}

static void
irc_send(struct user *u, char *buf, size_t len)
{
	buf[len++] = '\r';
	buf[len++] = '\n';
	conn_write(u->conn, buf, len);
}

static void
irc_line(struct conn *c, char *line, size_t len)
{
	struct msg	 m;

	if (msg_parse(line, &m) != 0)
		return;
	cmd_dispatch(c->user, &m);
}

static void
irc_numeric(struct user *u, int code, const char *text)
{
	char	 buf[IRC_LINE_MAX];
	size_t	 len;

	len = irc_append(buf, 0, sizeof buf, ":%s %03d %s %s",
	    conf.server_name, code, user_target(u), text);
	irc_send(u, buf, len);
}

static void
irc_server(struct user *u, const char *cmd, const char *text)
{
	char	 buf[IRC_LINE_MAX];
	size_t	 len;

	len = irc_append(buf, 0, sizeof buf, ":%s %s %s", conf.server_name,
	    cmd, text);
	irc_send(u, buf, len);
}

static void
irc_relay(struct user *to, struct relay *r)
{
	char	*buf = r->line[FRONT_IRC];
	size_t	 len = r->len[FRONT_IRC], size = RELAY_LINE_MAX;

	if (len == 0) {
		len = irc_append(buf, 0, size, ":%s %s",
		    r->source != NULL ? r->source : user_prefix(r->from),
		    relay_kind_str(r->kind));
		if (r->target != NULL)
			len = irc_append(buf, len, size, " %s", r->target);
		if (r->arg != NULL)
			len = irc_append(buf, len, size, " %s", r->arg);
		if (r->text != NULL)
			len = irc_append(buf, len, size, " :%s", r->text);
		buf[len++] = '\r';
		buf[len++] = '\n';
		r->len[FRONT_IRC] = len;
	}
	conn_write(to->conn, buf, len);
}

static void
irc_joined(struct user *u, struct channel *ch)
{
	cmd_send_topic(u, ch, 0);
	cmd_send_names(u, ch);
}

/* The 005 lines: what this server implements, from the settings. */
void
isupport_send(struct user *u)
{
	char	 tok[32][64], line[IRC_LINE_MAX];
	size_t	 n = 0, i, len;

	snprintf(tok[n++], sizeof tok[0], "AWAYLEN=%d", TOPIC_MAX);
	snprintf(tok[n++], sizeof tok[0], "CASEMAPPING=rfc1459");
	snprintf(tok[n++], sizeof tok[0], "CHANLIMIT=#:%ld",
	    conf.max_channels_per_user);
	snprintf(tok[n++], sizeof tok[0], "CHANMODES=b,k,l,imnpst");
	snprintf(tok[n++], sizeof tok[0], "CHANNELLEN=%ld", conf.channel_len);
	snprintf(tok[n++], sizeof tok[0], "CHANTYPES=#");
	snprintf(tok[n++], sizeof tok[0], "KEYLEN=%d", CHAN_KEY_MAX);
	snprintf(tok[n++], sizeof tok[0], "KICKLEN=%d", TOPIC_MAX);
	snprintf(tok[n++], sizeof tok[0], "MAXLIST=b:%d", CHAN_BANS_MAX);
	snprintf(tok[n++], sizeof tok[0], "MAXTARGETS=%ld", conf.max_targets);
	snprintf(tok[n++], sizeof tok[0], "MODES=%d", MODES_PARAMS);
	snprintf(tok[n++], sizeof tok[0], "NETWORK=%s", conf.network);
	snprintf(tok[n++], sizeof tok[0], "NICKLEN=%ld", conf.nick_len);
	snprintf(tok[n++], sizeof tok[0], "PREFIX=(ov)@+");
	snprintf(tok[n++], sizeof tok[0], "TARGMAX=PRIVMSG:%ld,NOTICE:%ld,"
	    "JOIN:,PART:,NAMES:,WHOIS:,KICK:", conf.max_targets,
	    conf.max_targets);
	snprintf(tok[n++], sizeof tok[0], "TOPICLEN=%ld", conf.topic_len);

	for (i = 0; i < n; i += ISUPPORT_PER_LINE) {
		len = 0;
		for (size_t j = i; j < n && j < i + ISUPPORT_PER_LINE; j++)
			len += snprintf(line + len, sizeof line - len, "%s%s",
			    j == i ? "" : " ", tok[j]);
		numeric_send(u, RPL_ISUPPORT, line);
	}
}

static void
irc_welcome(struct user *u)
{
	char	 created[64];

	strftime(created, sizeof created, "%Y-%m-%d %H:%M:%S UTC",
	    gmtime(&natterd_started));
	numeric_send(u, RPL_WELCOME, conf.network, user_prefix(u));
	numeric_send(u, RPL_YOURHOST, conf.server_name, NATTER_VERSION);
	numeric_send(u, RPL_CREATED, created);
	numeric_send(u, RPL_MYINFO, conf.server_name, NATTER_VERSION, "iosw",
	    "biklmnopstv", "bklov");
	isupport_send(u);
	cmd_send_lusers(u);
	cmd_send_motd(u);
}

static void
irc_closing(struct conn *c, const char *reason)
{
	char	 buf[IRC_LINE_MAX];
	size_t	 len;

	len = irc_append(buf, 0, sizeof buf, "ERROR :Closing Link: %s[%s] (%s)",
	    user_target(c->user), c->addr, reason);
	buf[len++] = '\r';
	buf[len++] = '\n';
	conn_write(c, buf, len);
}

const struct front front_irc = {
	FRONT_IRC, "irc",
	irc_line, irc_numeric, irc_server, irc_relay, irc_joined,
	irc_welcome, irc_closing,
};
