/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * What the fronts share: taking a new connection (limits, its user),
 * the undecided front that waits for the first line, handing a
 * connection over to the front it turns out to need, and the end of a
 * connection, which is the end of its user.
 *
 * The first complete line decides: '/' means a person, '@' or ':' or an
 * IRC command in capitals means an IRC client, anything else is a
 * person's chat text.  A person on nc usually waits for the server, so
 * after text_greeting_delay of silence the text banner goes out; the
 * first line still decides.
 */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "io.h"
#include "limit.h"
#include "log.h"
#include "msg.h"
#include "numeric.h"
#include "server.h"
#include "user.h"
#include "xmalloc.h"
#include "utf8.h"

const char *
front_id_str(enum front_id id)
{
	switch (id) {
	case FRONT_AUTO:
		return ("auto");
	case FRONT_IRC:
		return ("irc");
	case FRONT_TEXT:
		return ("text");
	case FRONT_SERVER:
		return ("server");
	case FRONT_WEB:
		return ("web");
	case FRONT_COUNT:
		break;
	}
	return ("unknown");
}

/* Refuse a connection before it has a user: one line, then close. */
static void
front_refuse(const struct io_ops *ops, int fd, void *state,
    const struct sockaddr *sa, const char *why)
{
	static const char	 fmt[] = "ERROR :Closing Link: * (%s)\r\n";
	struct io		 io;
	char			 line[128];
	int			 n;

	io_init(&io, ops, fd, state, sa, NULL);
	n = snprintf(line, sizeof line, fmt, why);
	if (n > 0 && (size_t)n < sizeof line)
		(void)io_write(&io, line, n);
	io_close(&io);
}

/*
 * Take a new connection on a transport: refuse it past max_clients or
 * max_clients_per_ip, or give it a user of this server and the front
 * its listener speaks (FRONT_AUTO: the first line decides).  Returns
 * the user, or NULL if refused.
 */
struct user *
front_accept(const struct io_ops *ops, int fd, void *state,
    const struct sockaddr *sa, enum front_id id)
{
	const struct front	*f;
	struct conn		*c;
	struct user		*u;
	struct io		 peer;
	char			 addr[IO_ADDRSTRLEN], who[IO_PEERSTRLEN];

	io_init(&peer, ops, fd, state, sa, NULL);
	io_addr(&peer, addr, sizeof addr);
	io_peer(&peer, who, sizeof who);
	if (conn_count >= (unsigned)conf.max_clients) {
		log_info("Refused %s: server full (max_clients %ld)", who,
		    conf.max_clients);
		front_refuse(ops, fd, state, sa, "Server full");
		return (NULL);
	}
	if (limit_ip_add(addr) != 0) {
		log_info("Refused %s: too many connections from it "
		    "(max_clients_per_ip %ld)", who, conf.max_clients_per_ip);
		front_refuse(ops, fd, state, sa,
		    "Too many connections from your address");
		return (NULL);
	}
	f = id == FRONT_IRC || id == FRONT_WEB ? &front_irc :
	    id == FRONT_TEXT ? &front_text : &front_auto;
	c = conn_new(ops, fd, state, sa, f->hooks, NULL);
	/* A web listener's connections are IRC over WebSocket. */
	if (id == FRONT_WEB)
		io_ws_wrap(&c->io, 0, NULL, 0);
	u = user_new(server_me, addr);
	u->conn = c;
	u->front = f;
	c->owner = u;
	log_info("Client connected from %s", who);
	conn_start(c);
	return (u);
}

/*
 * The transport is ready: what it says of the connection becomes the
 * user's (user mode +Z, the certificate fingerprint, and the address a
 * trusted proxy gave for a WebSocket client), so that the tables need
 * not know transports.  Every front's ready hook; -1 if that closed the
 * connection (too many from the address the proxy gave).
 */
int
front_secure(struct conn *c)
{
	struct user	*u = c->owner;
	const char	*fp;
	char		 addr[IO_ADDRSTRLEN], was[IO_ADDRSTRLEN];

	io_addr(&c->io, addr, sizeof addr);
	if (strcmp(addr, u->ip) != 0) {
		strlcpy(was, u->ip, sizeof was);
		if (user_readdress(u, addr, addr) != 0) {
			conn_close(c, "Too many connections from your "
			    "address");
			return (-1);
		}
		log_info("Client %s is %s, says its proxy", was, addr);
	}
	if (!io_secure(&c->io))
		return (0);
	u->flags |= USER_SECURE;
	if ((fp = io_certfp(&c->io)) != NULL) {
		free(u->certfp);
		u->certfp = xstrdup(fp);
	}
	return (0);
}

/* Hand an undecided connection over to f, which takes it from here. */
void
front_set(struct user *u, const struct front *f)
{
	u->front = f;
	conn_set_hooks(u->conn, f->hooks);
	f->start(u);
}

/*
 * The connection is gone (reaped): its user goes with it.  Any front's
 * gone hook.
 */
void
front_gone(struct conn *c, const char *reason)
{
	struct user	*u = c->owner;
	char		 who[IO_PEERSTRLEN];

	limit_ip_del(u->ip);
	u->conn = NULL;
	if (!(u->flags & USER_REGISTERED))
		log_info("Client %s disconnected", io_peer(&c->io, who,
		    sizeof who));
	user_quit(u, reason);
}

/*
 * Is a line within the limits: line_max bytes (CRLF included) of
 * message, and before it at most 4094 bytes of IRCv3 tags, all of them
 * counted, the '@' and the space after them apart (message-tags)?
 */
int
front_line_ok(const char *line, size_t len)
{
	size_t	 tags = msg_tags_len(line);

	if (tags > 0 && strcspn(line + 1, " ") > MSG_CLIENT_TAGS_MAX)
		return (0);
	return (len - tags <= (size_t)conf.line_max - 2);
}

/* With utf8only on, is the line UTF-8?  Always yes with it off. */
int
front_utf8_ok(const char *line, size_t len)
{
	return (!conf.utf8only || utf8_valid(line, len));
}

/* A line past conn_line_limit was dropped: 417, as the front says it. */
void
front_toolong(struct conn *c)
{
	numeric_send(c->owner, ERR_INPUTTOOLONG);
}

/* Registration is complete: the log line every front writes. */
void
front_registered(struct user *u)
{
	char	 who[IO_PEERSTRLEN];

	if (u->conn != NULL)
		log_info("%s registered from %s", u->nick,
		    io_peer(&u->conn->io, who, sizeof who));
}

/* End a local user's session: its connection closes with reason. */
void
front_close(struct user *u, const char *reason)
{
	if (u->conn != NULL)
		conn_close(u->conn, "%s", reason);
}

/* A front that has no replies to hold (nothing to keep in order). */
void
front_hold_none(struct user *u, struct hold *h)
{
}

/* A front whose replies are never labelled: nothing to set aside. */
void
front_aside_none(struct user *u, int begin)
{
}

/* A front with nothing to show of a channel's new name. */
void
front_renamed_none(struct user *u, struct channel *ch, struct relay *r)
{
}

/* Is the first word of line a command an IRC client may start with? */
static int
front_irc_first_word(const char *line)
{
	char	 word[16];
	size_t	 n, i;

	n = strcspn(line, " ");
	if (n == 0 || n >= sizeof word)
		return (0);
	memcpy(word, line, n);
	word[n] = '\0';
	for (i = 0; i < n; i++)
		if (word[i] < 'A' || word[i] > 'Z')
			return (0);
	return (cmd_find(word) != NULL);
}

/*
 * Is the line an HTTP request line: a method in capitals, a target, and
 * HTTP/ with a version (RFC 9112 section 3)?  The version is checked
 * by the HTTP side, which answers 505 to one it does not speak.
 */
static int
front_is_http(const char *line, size_t len)
{
	size_t	 m = strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	const char *v;

	if (m == 0 || line[m] != ' ' || len < m + 11)
		return (0);
	v = line + len - 9;	/* " HTTP/1.1" */
	return (strncmp(v, " HTTP/", 6) == 0 && v > line + m + 1);
}

static const struct front *
front_decide(const char *line)
{
	if (line[0] == '/')
		return (&front_text);
	if (line[0] == '@' || line[0] == ':' || front_irc_first_word(line))
		return (&front_irc);
	return (&front_text);
}

/*
 * The undecided front.  Its timer greets a silent peer as a person and
 * then watches it for idleness as the text front does; its renderers
 * are those of the front a peer that is greeted (text) or not (IRC)
 * most likely has.
 */
static const struct front *
auto_likely(struct user *u)
{
	return ((u->flags & USER_GREETED) ? &front_text : &front_irc);
}

static void
auto_ready(struct conn *c)
{
	struct user	*u = c->owner;
	ev_tstamp	 delay = conf.text_greeting_delay / 1000.0;

	if (front_secure(c) != 0)
		return;
	if (conf.text_greeting_delay == 0) {
		/* No delay: the banner at once, then wait as a person would. */
		front_text_greet(u);
		if (conf.text_idle_timeout > 0)
			conn_timer(c, conf.text_idle_timeout);
		return;
	}
	conn_timer(c, delay < conf.register_timeout ? delay :
	    conf.register_timeout);
}

static void
auto_line(struct conn *c, char *line, size_t len)
{
	struct user		*u = c->owner;
	const struct front	*f;

	/*
	 * A browser: the connection becomes IRC over WebSocket, or gets
	 * the page, once the WebSocket transport has read the request.
	 */
	if (conf.web && !(u->flags & USER_GREETED) &&
	    front_is_http(line, len)) {
		front_set(u, &front_irc);
		conn_upgrade(c, io_ws_wrap, line, len);
		return;
	}
	f = front_decide(line);
	front_set(u, f);
	f->hooks->line(c, line, len);
}

static void
auto_toolong(struct conn *c)
{
	front_set(c->owner, &front_irc);
	front_toolong(c);
}

static void
auto_timer(struct conn *c)
{
	struct user	*u = c->owner;

	if (u->flags & USER_GREETED) {
		front_text.hooks->timer(c);	/* idle, as a person */
		return;
	}
	/* A person reading the banner is idle, not registering. */
	front_text_greet(u);
	if (conf.text_idle_timeout > 0)
		conn_timer(c, conf.text_idle_timeout);
}

static void
auto_closing(struct conn *c, const char *reason)
{
	auto_likely(c->owner)->hooks->closing(c, reason);
}

static void
auto_start(struct user *u)
{
}

static void
auto_numeric(struct user *u, int code, const char *text)
{
	auto_likely(u)->numeric(u, code, text);
}

static void
auto_server(struct user *u, const char *cmd, const char *text)
{
	auto_likely(u)->server(u, cmd, text);
}

static void
auto_relay(struct user *u, struct relay *r)
{
	auto_likely(u)->relay(u, r);
}

static void
auto_lines(struct user *u, struct relay *r)
{
	auto_likely(u)->lines(u, r);
}

static void
auto_renamed(struct user *u, struct channel *ch, struct relay *r)
{
	auto_likely(u)->renamed(u, ch, r);
}

static void
auto_joined(struct user *u, struct channel *ch)
{
}

static void
auto_welcome(struct user *u)
{
}

static const struct conn_hooks auto_hooks = {
	auto_ready, auto_line, auto_toolong, auto_timer, auto_closing,
	front_gone,
};

const struct front front_auto = {
	&auto_hooks, FRONT_AUTO, "auto",
	auto_start, auto_numeric, auto_server, auto_relay, auto_joined,
	auto_welcome, front_close, front_hold_none, front_hold_none,
	front_hold_none, front_aside_none, auto_lines, auto_renamed,
};
