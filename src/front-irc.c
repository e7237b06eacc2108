/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The IRC front: parses lines with msg_parse and dispatches them, and
 * renders numerics, server replies and relays as RFC 2812 lines.  A
 * relay is rendered once into r->line[FRONT_IRC] and the same bytes go
 * to every IRC recipient.
 */

#include <stdarg.h>
#include <stdlib.h>
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
#include "xmalloc.h"

#define IRC_LINE_MAX	512		/* an RFC line, CRLF included */
#define ISUPPORT_PER_LINE 12
#define LABEL_MAX	64	/* IRCv3 labeled-response label */
#define TAGS_MAX	8192	/* server and client tags of one line */

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

/*
 * Append the string s like irc_append, without printf: the lines sent
 * for every message and every numeric are built from these.
 */
static size_t
irc_cat(char *buf, size_t len, size_t size, const char *s)
{
	size_t	 n;

	if (len + 2 >= size)
		return (len);
	n = strlen(s);
	if (n > size - 3 - len)
		n = size - 3 - len;
	memcpy(buf + len, s, n);
	return (len + n);
}

static size_t
irc_catc(char *buf, size_t len, size_t size, char ch)
{
	if (len + 3 >= size)
		return (len);
	buf[len++] = ch;
	return (len);
}

/* ":server", the start of every line from the server. */
static size_t
irc_cat_server(char *buf, size_t size)
{
	return (irc_cat(buf, irc_catc(buf, 0, size, ':'), size,
	    conf.server_name));
}

static void
irc_send(struct user *u, char *buf, size_t len)
{
	buf[len++] = '\r';
	buf[len++] = '\n';
	conn_write(u->conn, buf, len);
}

/* The value of tag key in raw tags, copied unescaped enough for a label. */
static int
irc_tag_value(const char *tags, const char *key, char *out, size_t size)
{
	size_t		 klen = strlen(key), n;
	const char	*p = tags;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, klen) == 0 &&
		    (p[klen] == '=' || p[klen] == ';' || p[klen] == '\0')) {
			p += klen + (p[klen] == '=');
			n = strcspn(p, ";");
			if (n >= size)
				return (-1);
			memcpy(out, p, n);
			out[n] = '\0';
			return (0);
		}
		if ((p = strchr(p, ';')) != NULL)
			p++;
	}
	return (-1);
}

/*
 * labeled-response: what the command queued for its sender since used
 * bytes is labelled: one line gets the label tag, none gets an ACK, more
 * are wrapped in a labeled-response batch (when batch is on).
 */
static void
irc_label(struct conn *c, size_t used, const char *label)
{
	struct buf	*b = &c->wbuf;
	char		*copy, *p, *end, *nl, id[16];
	size_t		 len, nlines = 0;
	static unsigned	 batch_serial;

	if (c->flags & CONN_DEAD)
		return;
	len = buf_used(b) - used;
	p = buf_head(b) + used;
	for (end = p + len, nl = p; nl < end; nl++)
		if (*nl == '\n')
			nlines++;
	if (nlines == 0) {
		conn_printf(c, "@label=%s :%s ACK", label,
		    conf.server_name);
		return;
	}
	if (nlines > 1 && !(c->user->caps & CAP_BATCH))
		return;
	copy = xmalloc(len);
	memcpy(copy, p, len);
	b->len -= len;
	if (nlines > 1) {
		snprintf(id, sizeof id, "L%x", ++batch_serial);
		conn_printf(c, "@label=%s :%s BATCH +%s labeled-response",
		    label, conf.server_name, id);
	}
	for (p = copy, end = copy + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (nlines > 1)
			conn_printf(c, "@batch=%s%s%.*s", id,
			    *p == '@' ? ";" : " ", (int)(nl - p + 1 -
			    (*p == '@') - 2), p + (*p == '@'));
		else
			conn_printf(c, "@label=%s%s%.*s", label,
			    *p == '@' ? ";" : " ", (int)(nl - p + 1 -
			    (*p == '@') - 2), p + (*p == '@'));
	}
	if (nlines > 1)
		conn_printf(c, ":%s BATCH -%s", conf.server_name, id);
	free(copy);
}

static void
irc_line(struct conn *c, char *line, size_t len)
{
	struct msg	 m;
	char		 label[LABEL_MAX + 1];
	size_t		 used;

	if (msg_parse(line, &m) != 0)
		return;
	if (m.tags == NULL || !(c->user->caps & CAP_LABELED_RESPONSE) ||
	    irc_tag_value(m.tags, "label", label, sizeof label) != 0 ||
	    label[0] == '\0') {
		cmd_dispatch(c->user, &m);
		return;
	}
	used = buf_used(&c->wbuf);
	cmd_dispatch(c->user, &m);
	irc_label(c, used, label);
}

static void
irc_numeric(struct user *u, int code, const char *text)
{
	char	 buf[IRC_LINE_MAX], num[6];
	size_t	 len;

	if (code < 0 || code > 999) {
		len = irc_append(buf, 0, sizeof buf, ":%s %03d %s %s",
		    conf.server_name, code, user_target(u), text);
		irc_send(u, buf, len);
		return;
	}
	num[0] = ' ';
	num[1] = '0' + code / 100;
	num[2] = '0' + code / 10 % 10;
	num[3] = '0' + code % 10;
	num[4] = ' ';
	num[5] = '\0';
	len = irc_cat_server(buf, sizeof buf);
	len = irc_cat(buf, len, sizeof buf, num);
	len = irc_cat(buf, len, sizeof buf, user_target(u));
	len = irc_catc(buf, len, sizeof buf, ' ');
	len = irc_cat(buf, len, sizeof buf, text);
	irc_send(u, buf, len);
}

static void
irc_server(struct user *u, const char *cmd, const char *text)
{
	char	 buf[IRC_LINE_MAX];
	size_t	 len;

	/* A standard reply goes only to clients that asked for them. */
	if (strcmp(cmd, "FAIL") == 0 && !(u->caps & CAP_STANDARD_REPLIES)) {
		len = irc_append(buf, 0, sizeof buf, ":%s NOTICE %s :%s",
		    conf.server_name, user_target(u), text);
		irc_send(u, buf, len);
		return;
	}
	len = irc_cat_server(buf, sizeof buf);
	len = irc_catc(buf, len, sizeof buf, ' ');
	len = irc_cat(buf, len, sizeof buf, cmd);
	len = irc_catc(buf, len, sizeof buf, ' ');
	len = irc_cat(buf, len, sizeof buf, text);
	irc_send(u, buf, len);
}

/* The tags a recipient with caps (server-time, message-tags) gets. */
#define TAG_TIME	0x1
#define TAG_MESSAGE	0x2
#define TAG_ACCOUNT	0x4

static size_t
irc_render_tags(struct relay *r, int which, char *buf, size_t size)
{
	char		 stamp[32];
	struct tm	*tm;
	time_t		 t = (time_t)r->time;
	size_t		 len = 0;
	int		 ms = (int)((r->time - (double)t) * 1000);

	buf[0] = '\0';
	if (which & TAG_TIME) {
		tm = gmtime(&t);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", tm);
		len += snprintf(buf + len, size - len, "time=%s.%03dZ", stamp,
		    ms);
	}
	if (which & TAG_ACCOUNT)
		len += snprintf(buf + len, size - len, "%saccount=%s",
		    len ? ";" : "", r->from->account);
	if (which & TAG_MESSAGE) {
		if (relay_msgid(r)[0] != '\0')
			len += snprintf(buf + len, size - len, "%smsgid=%s",
			    len ? ";" : "", r->msgid);
		if (r->from != NULL && (r->from->flags & USER_BOT))
			len += snprintf(buf + len, size - len, "%sbot",
			    len ? ";" : "");
		if (r->ctags != NULL && len < size)
			len += snprintf(buf + len, size - len, "%s%s",
			    len ? ";" : "", r->ctags);
	}
	if (len == 0)
		return (0);
	if (len >= size - 2)
		len = size - 3;
	memmove(buf + 1, buf, len);
	buf[0] = '@';
	buf[++len] = ' ';
	return (len + 1);
}

/*
 * The base line, once per relay; extended-join recipients get a JOIN
 * with account and real name instead.  The tag prefix is cached per
 * combination of tag capabilities, keyed by the relay's serial.
 */
static void
irc_relay(struct user *to, struct relay *r)
{
	static char		 tags[8][TAGS_MAX], xjoin[RELAY_LINE_MAX];
	static size_t		 tlen[8], xlen;
	static unsigned long	 tserial[8], xserial;
	char			*buf = r->line[FRONT_IRC];
	size_t			 len = r->len[FRONT_IRC], size = RELAY_LINE_MAX;
	int			 which = 0;

	if (r->kind == RELAY_TAGMSG && !(to->caps & CAP_MESSAGE_TAGS))
		return;
	if (len == 0) {
		len = irc_catc(buf, 0, size, ':');
		if (r->source != NULL)
			len = irc_cat(buf, len, size, r->source);
		else {
			/* What user_prefix gives, without its snprintf. */
			len = irc_cat(buf, len, size, r->from->nick);
			len = irc_catc(buf, len, size, '!');
			len = irc_cat(buf, len, size, r->from->ident);
			len = irc_catc(buf, len, size, '@');
			len = irc_cat(buf, len, size, r->from->host);
		}
		len = irc_catc(buf, len, size, ' ');
		len = irc_cat(buf, len, size, relay_kind_str(r->kind));
		if (r->target != NULL) {
			len = irc_catc(buf, len, size, ' ');
			len = irc_cat(buf, len, size, r->target);
		}
		if (r->arg != NULL) {
			len = irc_catc(buf, len, size, ' ');
			len = irc_cat(buf, len, size, r->arg);
		}
		if (r->text != NULL) {
			len = irc_catc(buf, len, size, ' ');
			len = irc_catc(buf, len, size, ':');
			len = irc_cat(buf, len, size, r->text);
		}
		buf[len++] = '\r';
		buf[len++] = '\n';
		r->len[FRONT_IRC] = len;
	}
	if (r->kind == RELAY_JOIN && (to->caps & CAP_EXTENDED_JOIN)) {
		if (xserial != r->serial) {
			xlen = irc_append(xjoin, 0, sizeof xjoin,
			    ":%s JOIN %s %s :%s", user_prefix(r->from),
			    r->target, r->from->account != NULL ?
			    r->from->account : "*", r->from->realname != NULL ?
			    r->from->realname : "");
			xjoin[xlen++] = '\r';
			xjoin[xlen++] = '\n';
			xserial = r->serial;
		}
		buf = xjoin;
		len = xlen;
	}
	if (to->caps & CAP_SERVER_TIME)
		which |= TAG_TIME;
	if (to->caps & CAP_MESSAGE_TAGS)
		which |= TAG_MESSAGE;
	if ((to->caps & CAP_ACCOUNT_TAG) && r->from != NULL &&
	    r->from->account != NULL)
		which |= TAG_ACCOUNT;
	if (which != 0) {
		if (tserial[which] != r->serial) {
			tlen[which] = irc_render_tags(r, which, tags[which],
			    sizeof tags[which]);
			tserial[which] = r->serial;
		}
		if (tlen[which] > 0)
			conn_queue(to->conn, tags[which], tlen[which]);
	}
	conn_queue(to->conn, buf, len);
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
	snprintf(tok[n++], sizeof tok[0], "BOT=B");
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
	snprintf(tok[n++], sizeof tok[0], "MONITOR=%d", MONITOR_LIMIT);
	snprintf(tok[n++], sizeof tok[0], "NAMELEN=%d", REAL_MAX);
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
	numeric_send(u, RPL_MYINFO, conf.server_name, NATTER_VERSION, "Biosw",
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
	    user_target(c->user), c->user->host, reason);
	buf[len++] = '\r';
	buf[len++] = '\n';
	conn_write(c, buf, len);
}

const struct front front_irc = {
	FRONT_IRC, "irc",
	irc_line, irc_numeric, irc_server, irc_relay, irc_joined,
	irc_welcome, irc_closing,
};
