/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The text front: people on nc or telnet.  Lines starting with '/' are
 * commands from text_table; anything else is said in the user's room.
 * Commands call the same functions as the IRC handlers, and everything
 * they cause comes back through this front's renderers as one plain
 * sentence per line.  A text user is in at most one room: /join moves.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casemap.h"
#include "channel.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "log.h"
#include "message.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "user.h"
#include "xmalloc.h"

#define TEXT_LINE_MAX	RELAY_LINE_MAX

struct text_cmd {
	const char	*name;
	void		(*fn)(struct user *, char *);
	const char	*usage;
	const char	*help;
};

static unsigned	text_anonymous;

/* Send one line to a text user. */
static void __attribute__((__format__(printf, 2, 3)))
text_send(struct user *u, const char *fmt, ...)
{
	char	 line[TEXT_LINE_MAX];
	va_list	 ap;

	if (u->conn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	conn_printf(u->conn, "%s", line);
}

/* The user's room: its one channel, or NULL. */
static struct channel *
text_room(struct user *u)
{
	struct member	*m = TAILQ_FIRST(&u->chans);

	return (m != NULL ? m->chan : NULL);
}

/* The banner, once per connection. */
void
front_text_greet(struct user *u)
{
	static const char banner[] =
	    "Welcome to the chat server!\r\n"
	    "Use /nick <name> to set your nickname.\r\n"
	    "Use /join <room> to join a room.\r\n"
	    "Use /msg <user> <message> for private messages.\r\n"
	    "Use /rooms to list rooms.\r\n"
	    "Use /quit to disconnect.\r\n";

	if ((u->flags & USER_GREETED) || u->conn == NULL)
		return;
	u->flags |= USER_GREETED;
	conn_write(u->conn, banner, sizeof banner - 1);
}

/*
 * The text front takes a connection: its user is AnonymousN with a user
 * name and a real name, and registers at once; with a connection
 * password set, once /pass gives it.  TCP keepalive watches the
 * connection instead of PING, and the timer for idleness.  The person
 * gets the banner, unless the greeting went out already.
 */
static void
text_start(struct user *u)
{
	struct conn	*c = u->conn;
	char		 nick[NICK_MAX + 1];

	io_keepalive(&c->io);
	if (conf.text_idle_timeout > 0)
		conn_timer(c, conf.text_idle_timeout);
	else
		conn_timer_stop(c);
	do
		snprintf(nick, sizeof nick, "Anonymous%u", ++text_anonymous);
	while (user_find(nick) != NULL);
	user_set_nick(u, nick);
	strlcpy(u->ident, "~text", sizeof u->ident);
	free(u->realname);
	u->realname = xstrdup("natter text user");
	u->flags |= USER_GOTUSER;
	if (u->flags & USER_PASSOK)
		user_try_register(u);
	front_text_greet(u);
}

/* A fixed text listener: the person is greeted at once. */
static void
text_ready(struct conn *c)
{
	if (front_secure(c) != 0)
		return;
	text_start(c->owner);
}

static void
text_welcome(struct user *u)
{
	front_registered(u);
	if (conf.password[0] != '\0')
		text_send(u, "Password accepted.");
}

/* "general" and "#general" both name channel #general. */
static void
text_channel_name(const char *room, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", room[0] == '#' ? "" : "#", room);
}

/* Split off the first word of *args. */
static char *
text_word(char **args)
{
	char	*w;

	while (**args == ' ')
		(*args)++;
	if (**args == '\0')
		return (NULL);
	w = *args;
	*args += strcspn(*args, " ");
	if (**args != '\0')
		*(*args)++ = '\0';
	while (**args == ' ')
		(*args)++;
	return (w);
}

static void
text_help(struct user *u, char *args);

static void
text_nick(struct user *u, char *args)
{
	char	*nick = text_word(&args);

	if (nick == NULL) {
		text_send(u, "Usage: /nick <name>");
		return;
	}
	if (strcmp(u->nick, nick) == 0)
		text_send(u, "Your nickname is now: %s", u->nick);
	else
		user_rename(u, nick);
}

static void
text_join(struct user *u, char *args)
{
	char		*room = text_word(&args), *key = text_word(&args);
	char		 name[CHAN_MAX + 2];
	struct channel	*old = text_room(u), *ch;

	if (room == NULL) {
		text_send(u, "Usage: /join <room>");
		return;
	}
	text_channel_name(room, name, sizeof name);
	if ((ch = channel_find(name)) != NULL && ch == old) {
		text_send(u, "You are already in room: %s",
		    channel_room(ch));
		return;
	}
	/*
	 * Join first, so a refused join keeps the old room; unless the user
	 * may be in one channel only.
	 */
	if (old != NULL && u->nchans >= (unsigned)conf.max_channels_per_user) {
		channel_part(u, old, NULL);
		old = NULL;
	}
	if (channel_join(u, name, key) == 0 && old != NULL)
		channel_part(u, old, NULL);
}

static void
text_leave(struct user *u, char *args)
{
	struct channel	*ch;

	if ((ch = text_room(u)) == NULL) {
		text_send(u, "You are not in a room.");
		return;
	}
	channel_part(u, ch, *args != '\0' ? args : NULL);
}

static void
text_msg(struct user *u, char *args)
{
	char	*nick = text_word(&args);

	if (nick == NULL || *args == '\0') {
		text_send(u, "Usage: /msg <user> <message>");
		return;
	}
	if (message_deliver(u, RELAY_PRIVMSG, nick, args, NULL) == 0)
		text_send(u, "%s message sent to %s.",
		    nick[0] == '#' ? "Room" : "Private", nick);
}

static void
text_me(struct user *u, char *args)
{
	struct channel	*ch;
	char		 action[TEXT_LINE_MAX];

	if (*args == '\0') {
		text_send(u, "Usage: /me <action>");
		return;
	}
	if ((ch = text_room(u)) == NULL) {
		text_send(u, "You are not in a room. Use /join <room>.");
		return;
	}
	snprintf(action, sizeof action, "\001ACTION %s\001", args);
	message_deliver(u, RELAY_PRIVMSG, ch->name, action, NULL);
}

static void
text_rooms(struct user *u, char *args)
{
	struct channel	*ch;
	int		 n = 0;

	RB_FOREACH(ch, channels, &channel_tree) {
		if ((ch->modes & CHAN_SECRET) && channel_member(ch, u) == NULL)
			continue;
		if (n++ == 0)
			text_send(u, "Rooms:");
		text_send(u, "  %s (%u %s)%s%s", channel_room(ch),
		    ch->nmembers, ch->nmembers == 1 ? "user" : "users",
		    ch->topic != NULL ? " - " : "",
		    ch->topic != NULL ? ch->topic : "");
	}
	if (n == 0)
		text_send(u, "There are no rooms yet. Use /join <room> to "
		    "start one.");
}

/* "Alice", "Alice and Bob", "Alice, Bob and Carol" (skipping u). */
static void
text_member_list(struct user *u, struct channel *ch, char *buf,
    size_t size, unsigned *count)
{
	struct member	*m;
	struct sbuf	 sb;
	unsigned	 n = 0, total = ch->nmembers - 1;

	sbuf_init(&sb, buf, size);
	TAILQ_FOREACH(m, &ch->members, chan_entry) {
		if (m->user == u)
			continue;
		n++;
		sbuf_printf(&sb, "%s%s", n == 1 ? "" : n == total ? " and " :
		    ", ", m->user->nick);
		if (sb.cut) {
			strlcpy(buf + size - 4, "...", 4);
			break;
		}
	}
	*count = n;
}

static void
text_who(struct user *u, char *args)
{
	struct channel	*ch;
	char		 list[TEXT_LINE_MAX - 64];
	unsigned	 n;

	if ((ch = text_room(u)) == NULL) {
		text_send(u, "You are not in a room. Use /join <room>.");
		return;
	}
	text_member_list(u, ch, list, sizeof list, &n);
	if (n == 0)
		text_send(u, "You are alone in %s.", channel_room(ch));
	else
		text_send(u, "In %s with you: %s.", channel_room(ch), list);
}

static void
text_topic(struct user *u, char *args)
{
	struct channel	*ch;

	if ((ch = text_room(u)) == NULL) {
		text_send(u, "You are not in a room. Use /join <room>.");
		return;
	}
	if (*args != '\0')
		channel_topic(u, ch, args);
	else if (ch->topic != NULL)
		text_send(u, "Topic of %s: %s (set by %.*s)", channel_room(ch),
		    ch->topic, (int)strcspn(ch->topic_by, "!"), ch->topic_by);
	else
		text_send(u, "No topic is set in %s.", channel_room(ch));
}

static void
text_quit(struct user *u, char *args)
{
	char	 reason[TEXT_LINE_MAX];

	if (*args != '\0') {
		snprintf(reason, sizeof reason, "Quit: %s", args);
		front_close(u, reason);
	} else
		front_close(u, "Quit");
}

static const struct text_cmd text_table[] = {
	{ "help", text_help, "/help", "show this list" },
	{ "join", text_join, "/join <room> [key]",
	  "join a room (and leave the one you are in)" },
	{ "leave", text_leave, "/leave [reason]", "leave your room" },
	{ "me", text_me, "/me <action>", "act in your room: * You wave" },
	{ "msg", text_msg, "/msg <user> <message>", "send a private message" },
	{ "nick", text_nick, "/nick <name>", "change your nickname" },
	{ "quit", text_quit, "/quit [reason]", "disconnect" },
	{ "rooms", text_rooms, "/rooms", "list rooms, users and topics" },
	{ "topic", text_topic, "/topic [text]",
	  "show or set your room's topic" },
	{ "who", text_who, "/who", "list who is in your room" },
};
#define TEXT_NCMDS	(sizeof text_table / sizeof text_table[0])

static void
text_help(struct user *u, char *args)
{
	size_t	 i;

	text_send(u, "Commands:");
	for (i = 0; i < TEXT_NCMDS; i++)
		text_send(u, "  %-24s %s", text_table[i].usage,
		    text_table[i].help);
	text_send(u, "Anything else you type is said in your room.");
}

/*
 * With a connection password set, a person must give it first:
 * "/pass <password>".  Only /help and /quit work before.  A wrong one
 * ends the connection, as PASS does for IRC clients.
 */
static void
text_password(struct user *u, char *line)
{
	char	*args = line + 1, *word;

	word = line[0] == '/' ? text_word(&args) : NULL;
	if (word != NULL && strcasecmp(word, "quit") == 0) {
		text_quit(u, args);
		return;
	}
	if (word != NULL && strcasecmp(word, "help") == 0) {
		text_help(u, args);
		return;
	}
	if (word == NULL || strcasecmp(word, "pass") != 0) {
		text_send(u, "This server needs a password: /pass <password>");
		return;
	}
	if (strcmp(args, conf.password) == 0)
		u->flags |= USER_PASSOK;
	user_try_register(u);
}

static void
text_line(struct conn *c, char *line, size_t len)
{
	struct user	*u = c->owner;
	struct channel	*ch;
	char		*args, *word;
	size_t		 i;

	if (!front_line_ok(line, len)) {
		numeric_send(u, ERR_INPUTTOOLONG);
		return;
	}
	if (!front_utf8_ok(line, len)) {
		text_send(u, "Not sent: this server accepts UTF-8 text only; "
		    "set your terminal to UTF-8.");
		return;
	}
	if (!(u->flags & USER_REGISTERED)) {
		text_password(u, line);
		return;
	}
	if (line[0] != '/') {
		if (line[strspn(line, " \t")] == '\0')
			return;		/* Only blanks: nothing to say. */
		if ((ch = text_room(u)) == NULL)
			text_send(u, "You are not in a room. Use /join <room>.");
		else
			message_deliver(u, RELAY_PRIVMSG, ch->name, line, NULL);
		return;
	}
	args = line + 1;
	word = text_word(&args);
	for (i = 0; word != NULL && i < TEXT_NCMDS; i++) {
		if (strcasecmp(word, text_table[i].name) == 0) {
			text_table[i].fn(u, args);
			return;
		}
	}
	text_send(u, "Unknown command: /%s. Type /help.",
	    word != NULL ? word : "");
}

/* The first parameter of a formatted numeric, in buf. */
static const char *
text_param(const char *text, char *buf, size_t size)
{
	size_t	 n = strcspn(text, " ");

	if (n >= size)
		n = size - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return (buf);
}

static void
text_numeric(struct user *u, int code, const char *text)
{
	char		 p[CHAN_MAX + NICK_MAX + 2];
	const char	*trailing;

	text_param(text, p, sizeof p);
	switch (code) {
	case 301:
		trailing = strstr(text, " :");
		text_send(u, "%s is away: %s", p,
		    trailing != NULL ? trailing + 2 : "");
		return;
	case 401:
		text_send(u, "No such %s: %s", p[0] == '#' ? "room" : "user",
		    p);
		return;
	case 403:
		text_send(u, "No such room: %s (room names may not contain "
		    "spaces, commas or colons).", p);
		return;
	case 404:
		text_send(u, "You cannot talk in %s right now.",
		    p + (p[0] == '#'));
		return;
	case 405:
		text_send(u, "You are in too many rooms.");
		return;
	case 417:
		text_send(u, "ERROR: Message too long");
		return;
	case 432:
		text_send(u, "Invalid nickname: %s. A nickname has at most "
		    "%ld characters: letters, digits and - [ ] \\ ` _ ^ { | }, "
		    "and does not start with a digit or -.", p, conf.nick_len);
		return;
	case 433:
		text_send(u, "The nickname %s is already in use.", p);
		return;
	case 442:
		text_send(u, "You are not in %s.", p);
		return;
	case 464:
		text_send(u, "Wrong password.");
		return;
	case 471:
		text_send(u, "Cannot join %s: the room is full.", p);
		return;
	case 473:
		text_send(u, "Cannot join %s: the room is invite only.", p);
		return;
	case 474:
		text_send(u, "Cannot join %s: you are banned.", p);
		return;
	case 475:
		text_send(u, "Cannot join %s: the room needs a key "
		    "(/join <room> <key>).", p);
		return;
	case 482:
		text_send(u, "You need to be a room operator to do that.");
		return;
	case 716:
		text_send(u, "%s takes private messages only from people they "
		    "accepted.", p);
		return;
	case 717:
		text_send(u, "%s has been told you tried to write.", p);
		return;
	}
	if ((trailing = strstr(text, " :")) != NULL)
		text_send(u, "%s", trailing + 2);
	else if (text[0] == ':')
		text_send(u, "%s", text + 1);
	else
		text_send(u, "%s", text);
}

static void
text_server(struct user *u, const char *cmd, const char *text)
{
	/* CAP and PONG mean nothing to a person. */
}

/* An optional " (reason)". */
static const char *
text_reason(const char *reason, char *buf, size_t size)
{
	if (reason == NULL || *reason == '\0')
		return ("");
	snprintf(buf, size, " (%s)", reason);
	return (buf);
}

/* Render r for to; 0 when to should see nothing. */
static int
text_render(struct user *to, struct relay *r, char *buf, size_t size,
    int *shared)
{
	const char	*who = r->nick, *room = NULL, *t = r->text;
	char		 why[TEXT_LINE_MAX / 2];
	int		 self = r->from == to;
	size_t		 len;

	if (r->chan != NULL)
		room = channel_room(r->chan);
	*shared = !self;
	switch (r->kind) {
	case RELAY_PRIVMSG:
		if (t[0] == '\001') {
			len = strlen(t);
			if (strncmp(t, "\001ACTION ", 8) != 0)
				return (0);	/* Other CTCP: not for people. */
			return (snprintf(buf, size, "%s* %s %.*s",
			    room == NULL ? "[Private] " : "", who,
			    (int)(len - 8 - (t[len - 1] == '\001')), t + 8));
		}
		if (room == NULL)
			return (snprintf(buf, size, "[Private from %s]: %s",
			    who, t));
		if (r->target[0] != '#')	/* STATUSMSG: "@#room" */
			return (snprintf(buf, size, "[%s to %c%s]: %s", who,
			    r->target[0], room, t));
		return (snprintf(buf, size, "[%s]: %s", who, t));
	case RELAY_NOTICE:
		if (room != NULL && r->target[0] != '#')
			return (snprintf(buf, size, "-%s to %c%s- %s", who,
			    r->target[0], room, t));
		return (snprintf(buf, size, "-%s- %s", who, t));
	case RELAY_JOIN:
		if (self)
			return (0);
		return (snprintf(buf, size, "* %s joined %s", who, room));
	case RELAY_PART:
		if (self)
			return (snprintf(buf, size, "Left room: %s", room));
		return (snprintf(buf, size, "* %s left %s%s", who, room,
		    text_reason(t, why, sizeof why)));
	case RELAY_QUIT:
		/* "Quit: bye" is shown as (bye); a bare "Quit" as nothing. */
		if (strncmp(t, "Quit", 4) == 0 && (t[4] == '\0' || t[4] == ':')) {
			t += 4;
			if (*t == ':')
				t++;
			if (*t == ' ')
				t++;
		}
		return (snprintf(buf, size, "* %s quit%s", who,
		    text_reason(t, why, sizeof why)));
	case RELAY_NICK:
		if (self)
			return (snprintf(buf, size, "Your nickname is now: %s",
			    t));
		return (snprintf(buf, size, "* %s is now known as %s", who, t));
	case RELAY_TOPIC:
		return (snprintf(buf, size, "* %s set the topic: %s",
		    self ? "You" : who, t));
	case RELAY_KICK:
		*shared = 0;
		if (casemap_cmp(to->nick, r->arg) == 0)
			return (snprintf(buf, size,
			    "* You were kicked from %s by %s%s", room, who,
			    text_reason(t, why, sizeof why)));
		return (snprintf(buf, size, "* %s kicked %s from %s%s", who,
		    r->arg, room, text_reason(t, why, sizeof why)));
	case RELAY_MODE:
		if (room == NULL)
			return (0);
		return (snprintf(buf, size, "* %s sets mode %s on %s", who,
		    r->arg, room));
	case RELAY_WALLOPS:
		return (snprintf(buf, size, "[Wallops from %s]: %s", who, t));
	case RELAY_TAGMSG:
	case RELAY_AWAY:
	case RELAY_SETNAME:
	case RELAY_CHGHOST:
		return (0);	/* IRCv3 only: people never see these. */
	case RELAY_RENAME:
		return (snprintf(buf, size, "Room %s is now called %s%s",
		    r->target + (r->target[0] == '#'), room,
		    text_reason(t, why, sizeof why)));
	case RELAY_INVITE:
		*shared = 0;
		return (snprintf(buf, size, "* %s invites you to join %s "
		    "(/join %s)", who, t + (t[0] == '#'), t + (t[0] == '#')));
	}
	return (0);
}

/*
 * Queue r for a text user.  What others see is rendered once per relay
 * and shared; what the sender sees of its own act, and what names its
 * recipient (a kick, an invite), is rendered for the one user.  IRCv3
 * notices and their fallbacks (capmask) mean nothing to a person.
 */
static void
text_relay(struct user *to, struct relay *r)
{
	static char		 shared_line[TEXT_LINE_MAX];
	static size_t		 shared_len;
	static unsigned long	 shared_serial;
	char			 own[TEXT_LINE_MAX];
	struct conn		*c = to->conn;
	int			 n, shared;

	if (c == NULL || (c->flags & CONN_DEAD) || r->capmask != 0)
		return;
	if (shared_serial == r->serial && to != r->from) {
		conn_queue(c, shared_line, shared_len);
		conn_push(c, r->presence);
		return;
	}
	n = text_render(to, r, own, sizeof own - 2, &shared);
	if (n <= 0)
		return;
	if ((size_t)n > sizeof own - 3)
		n = sizeof own - 3;
	own[n++] = '\r';
	own[n++] = '\n';
	if (shared) {
		memcpy(shared_line, own, n);
		shared_len = n;
		shared_serial = r->serial;
	}
	conn_queue(c, own, n);
	conn_push(c, r->presence && to != r->from);
}

/* Add one line as a person sees it ("[who]: text") to b; none if blank. */
static void
text_lines_add(struct buf *b, struct relay *r, const char *text, size_t len)
{
	char	 prefix[NICK_MAX + CHAN_MAX + 32];
	int	 n;

	if (text[strspn(text, " \t")] == '\0')
		return;
	if (r->kind == RELAY_NOTICE)
		n = snprintf(prefix, sizeof prefix, "-%s- ", r->nick);
	else if (r->chan == NULL)
		n = snprintf(prefix, sizeof prefix, "[Private from %s]: ",
		    r->nick);
	else if (r->target[0] != '#')
		n = snprintf(prefix, sizeof prefix, "[%s to %c%s]: ", r->nick,
		    r->target[0], channel_room(r->chan));
	else
		n = snprintf(prefix, sizeof prefix, "[%s]: ", r->nick);
	buf_add(b, prefix, n);
	buf_add(b, text, len);
	buf_add(b, "\r\n", 2);
}

/*
 * A multiline message (draft/multiline), as a person would have typed
 * it: the lines joined as the sender meant (a concat line continues the
 * one before), and each line of the result shown on its own, blank ones
 * left out.  Rendered once per relay; a person never sends one.
 */
static void
text_lines(struct user *to, struct relay *r)
{
	static struct buf	 shared, line;
	static unsigned long	 serial;
	struct conn		*c = to->conn;
	unsigned		 i;

	if (c == NULL || (c->flags & CONN_DEAD) || r->capmask != 0)
		return;
	if (serial != r->serial) {
		serial = r->serial;
		buf_drain(&shared, buf_used(&shared));
		buf_drain(&line, buf_used(&line));
		for (i = 0; i < r->nlines; i++) {
			if (i > 0 && !r->lines[i].concat) {
				buf_add(&line, "", 1);
				text_lines_add(&shared, r, buf_head(&line),
				    buf_used(&line) - 1);
				buf_drain(&line, buf_used(&line));
			}
			buf_add(&line, r->lines[i].text,
			    strlen(r->lines[i].text));
		}
		buf_add(&line, "", 1);
		text_lines_add(&shared, r, buf_head(&line),
		    buf_used(&line) - 1);
		buf_drain(&line, buf_used(&line));
	}
	if (buf_used(&shared) == 0)
		return;
	conn_queue(c, buf_head(&shared), buf_used(&shared));
	conn_push(c, 0);
}

/* A room was renamed: "Room old is now called new", for everyone in it. */
static void
text_renamed(struct user *to, struct channel *ch, struct relay *r)
{
	text_relay(to, r);
}

static void
text_joined(struct user *u, struct channel *ch)
{
	char		 list[TEXT_LINE_MAX - 64];
	unsigned	 n;

	text_send(u, "Joined room: %s", channel_room(ch));
	if (ch->topic != NULL)
		text_send(u, "Topic: %s", ch->topic);
	text_member_list(u, ch, list, sizeof list, &n);
	if (n == 0)
		text_send(u, "You are alone in this room.");
	else
		text_send(u, "%s %s in this room.", list, n == 1 ? "is" : "are");
}

static void
text_closing(struct conn *c, const char *reason)
{
	if (strncmp(reason, "Quit", 4) == 0)
		text_send(c->owner, "Goodbye!");
	else
		text_send(c->owner, "Disconnected: %s", reason);
}

/* The text user's idle timeout; TCP keepalive finds dead peers. */
static void
text_timer(struct conn *c)
{
	ev_tstamp	 quiet = ev_now(EV_DEFAULT) - c->last_read;

	if (conf.text_idle_timeout == 0)
		return;
	if (quiet >= conf.text_idle_timeout)
		conn_close(c, "Idle timeout");
	else
		conn_timer(c, conf.text_idle_timeout - quiet);
}

/* Replies held for the worker keep their order: reading waits. */
static void
text_hold(struct user *u, struct hold *h)
{
	if (u->conn != NULL)
		conn_pause(u->conn);
}

static void
text_release(struct user *u, struct hold *h)
{
	if (u->conn != NULL)
		conn_unpause(u->conn);
}

static const struct conn_hooks text_hooks = {
	text_ready, text_line, front_toolong, text_timer, text_closing,
	front_gone,
};

const struct front front_text = {
	&text_hooks, FRONT_TEXT, "text",
	text_start, text_numeric, text_server, text_relay, text_joined,
	text_welcome, front_close, text_hold, front_hold_none, text_release,
	front_aside_none, text_lines, text_renamed,
};
