/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Users behind a server link.  What is sent to such a user goes to the
 * link it is reached through, as a server-to-server line (RFC 2813, as
 * ngIRCd speaks it): relays with the sender's nick (or server name) as
 * prefix, once per link however many users behind it receive the
 * relay; numerics and notices from this server to the user's nick.
 * IRCv3 notices and their fallbacks (capmask) stay on this server: a link learns of the
 * state changes behind them its own way.  Reading a link (handshake,
 * burst, the lines that come in) is the link front's other half and
 * comes with server links; until then no connection uses these hooks.
 */

#include <string.h>

#include "conf.h"
#include "conn.h"
#include "front.h"
#include "relay.h"
#include "sbuf.h"
#include "server.h"
#include "user.h"

#define SERVER_LINE_MAX	RELAY_LINE_MAX

/* The connection that reaches u, or NULL. */
static struct conn *
server_link_of(struct user *u)
{
	struct server	*via = u->server->via;

	if (via == NULL || via->link == NULL ||
	    (via->link->flags & CONN_DEAD))
		return (NULL);
	return (via->link);
}

static void
server_send(struct user *u, struct sbuf *sb)
{
	struct conn	*link;

	if ((link = server_link_of(u)) == NULL)
		return;
	sb->buf[sb->len++] = '\r';
	sb->buf[sb->len++] = '\n';
	conn_write(link, sb->buf, sb->len);
}

static void
server_numeric(struct user *u, int code, const char *text)
{
	char		 buf[SERVER_LINE_MAX];
	struct sbuf	 sb;

	sbuf_init(&sb, buf, sizeof buf - 2);
	sbuf_printf(&sb, ":%s %03d %s %s", conf.server_name, code, u->nick,
	    text);
	server_send(u, &sb);
}

/* Of the other replies only a NOTICE means something to a remote user. */
static void
server_server(struct user *u, const char *cmd, const char *text)
{
	char		 buf[SERVER_LINE_MAX];
	struct sbuf	 sb;

	if (strcmp(cmd, "NOTICE") != 0)
		return;
	sbuf_init(&sb, buf, sizeof buf - 2);
	sbuf_printf(&sb, ":%s NOTICE %s", conf.server_name, text);
	server_send(u, &sb);
}

static void
server_relay(struct user *to, struct relay *r)
{
	static char		 line[SERVER_LINE_MAX];
	static size_t		 len;
	static unsigned long	 serial;
	struct server		*via = to->server->via;
	struct sbuf		 sb;

	if (r->capmask != 0 || via == NULL || via->mark == r->serial ||
	    server_link_of(to) == NULL ||
	    (r->from != NULL && r->from->server->via == via))
		return;		/* Not back where it came from either. */
	via->mark = r->serial;
	if (serial != r->serial) {
		sbuf_init(&sb, line, sizeof line - 2);
		sbuf_printf(&sb, ":%s %s", r->nick, relay_kind_str(r->kind));
		if (r->target != NULL)
			sbuf_printf(&sb, " %s", r->target);
		if (r->arg != NULL)
			sbuf_printf(&sb, " %s", r->arg);
		if (r->text != NULL)
			sbuf_printf(&sb, " :%s", r->text);
		line[sb.len++] = '\r';
		line[sb.len++] = '\n';
		len = sb.len;
		serial = r->serial;
	}
	conn_write(via->link, line, len);
}

/*
 * A multiline message over a link: its lines as PRIVMSGs (or NOTICEs),
 * blank ones left out, once per link.
 */
static void
server_lines(struct user *to, struct relay *r)
{
	char		 buf[SERVER_LINE_MAX];
	struct server	*via = to->server->via;
	struct sbuf	 sb;
	unsigned	 i;

	if (r->capmask != 0 || via == NULL || via->mark == r->serial ||
	    server_link_of(to) == NULL ||
	    (r->from != NULL && r->from->server->via == via))
		return;
	via->mark = r->serial;
	for (i = 0; i < r->nlines; i++) {
		if (r->lines[i].text[strspn(r->lines[i].text, " ")] == '\0')
			continue;
		sbuf_init(&sb, buf, sizeof buf - 2);
		sbuf_printf(&sb, ":%s %s %s :%s", r->nick,
		    relay_kind_str(r->kind), r->target, r->lines[i].text);
		buf[sb.len++] = '\r';
		buf[sb.len++] = '\n';
		conn_write(via->link, buf, sb.len);
	}
}

static void
server_nothing(struct user *u)
{
}

static void
server_joined(struct user *u, struct channel *ch)
{
}

/* Disconnecting a remote user is a KILL, sent to its link. */
static void
server_disconnect(struct user *u, const char *reason)
{
	char		 buf[SERVER_LINE_MAX];
	struct sbuf	 sb;

	sbuf_init(&sb, buf, sizeof buf - 2);
	sbuf_printf(&sb, ":%s KILL %s :%s", conf.server_name, u->nick,
	    reason);
	server_send(u, &sb);
	user_quit(u, reason);
}

const struct front front_server = {
	NULL, FRONT_SERVER, "server",
	server_nothing, server_numeric, server_server, server_relay,
	server_joined, server_nothing, server_disconnect, front_hold_none,
	front_hold_none, front_hold_none, front_aside_none, server_lines,
	front_renamed_none,
};
