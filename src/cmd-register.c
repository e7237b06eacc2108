/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Registration and connection commands: CAP, PASS, NICK, USER, PING,
 * PONG, QUIT (RFC 2812 section 3.1, IRCv3 capability negotiation 302).
 * A client is registered once it has a nick and a user name, gave the
 * right password if one is set, and ended CAP negotiation if it began
 * one.  cmd_quit_user is what the reaper calls when a user goes.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "log.h"
#include "monitor.h"
#include "casemap.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"
#include "xmalloc.h"

static const struct cap_entry {
	const char	*name;
	unsigned	 flag;
} cap_table[] = {
	{ "account-notify",	CAP_ACCOUNT_NOTIFY },
	{ "account-tag",	CAP_ACCOUNT_TAG },
	{ "away-notify",	CAP_AWAY_NOTIFY },
	{ "batch",		CAP_BATCH },
	{ "cap-notify",		CAP_CAP_NOTIFY },
	{ "chghost",		CAP_CHGHOST },
	{ "echo-message",	CAP_ECHO_MESSAGE },
	{ "extended-join",	CAP_EXTENDED_JOIN },
	{ "invite-notify",	CAP_INVITE_NOTIFY },
	{ "labeled-response",	CAP_LABELED_RESPONSE },
	{ "message-tags",	CAP_MESSAGE_TAGS },
	{ "multi-prefix",	CAP_MULTI_PREFIX },
	{ "server-time",	CAP_SERVER_TIME },
	{ "setname",		CAP_SETNAME },
	{ "standard-replies",	CAP_STANDARD_REPLIES },
	{ "userhost-in-names",	CAP_USERHOST_IN_NAMES },
};
#define CAP_COUNT	(sizeof cap_table / sizeof cap_table[0])

static const struct cap_entry *
cap_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < CAP_COUNT; i++)
		if (strcmp(cap_table[i].name, name) == 0)
			return (&cap_table[i]);
	return (NULL);
}

#define CAP_LINE_WIDTH	400	/* bytes of names per CAP line */

/*
 * List the capabilities in mask, as LS or LIST.  A long list is split
 * over several lines, all but the last marked "*", for 302 clients.
 */
static void
cap_list(struct user *u, const char *sub, unsigned mask)
{
	char	 list[CAP_LINE_WIDTH + 64];
	size_t	 i, len = 0, n;

	list[0] = '\0';
	for (i = 0; i < CAP_COUNT; i++) {
		if (!(mask & cap_table[i].flag))
			continue;
		n = strlen(cap_table[i].name);
		if (len + n + 1 > CAP_LINE_WIDTH && u->capver >= 302) {
			front_server_send(u, "CAP", "%s %s * :%s",
			    user_target(u), sub, list);
			len = 0;
		}
		len += snprintf(list + len, sizeof list - len, "%s%s",
		    len == 0 ? "" : " ", cap_table[i].name);
	}
	front_server_send(u, "CAP", "%s %s :%s", user_target(u), sub, list);
}

/* CAP REQ: all or nothing, answered with the request as given. */
static void
cap_req(struct user *u, char *req)
{
	const struct cap_entry	*ce;
	char			 copy[RELAY_LINE_MAX], *p, *word;
	unsigned		 on = 0, off = 0;
	int			 neg;

	strlcpy(copy, req, sizeof copy);
	for (p = copy; (word = strsep(&p, " ")) != NULL;) {
		if (*word == '\0')
			continue;
		if ((neg = (*word == '-')))
			word++;
		if ((ce = cap_find(word)) == NULL) {
			front_server_send(u, "CAP", "%s NAK :%s",
			    user_target(u), req);
			return;
		}
		if (neg)
			off |= ce->flag;
		else
			on |= ce->flag;
	}
	u->caps = (u->caps | on) & ~off;
	front_server_send(u, "CAP", "%s ACK :%s", user_target(u), req);
}

void
cmd_cap(struct user *u, struct msg *m)
{
	const char	*sub = m->params[0];

	if (strcasecmp(sub, "LS") == 0) {
		if (!(u->flags & USER_REGISTERED))
			u->flags |= USER_CAPNEG;
		/* Version 302 implies cap-notify (IRCv3 capability-negotiation). */
		if (m->nparams > 1 && atoi(m->params[1]) >= 302)
			u->capver = 302;
		cap_list(u, "LS", ~0u);
	} else if (strcasecmp(sub, "LIST") == 0)
		cap_list(u, "LIST", u->caps);
	else if (strcasecmp(sub, "REQ") == 0) {
		if (!(u->flags & USER_REGISTERED))
			u->flags |= USER_CAPNEG;
		cap_req(u, m->nparams > 1 ? m->params[1] : "");
	} else if (strcasecmp(sub, "END") == 0) {
		if (u->flags & USER_CAPNEG) {
			u->flags &= ~USER_CAPNEG;
			cmd_try_register(u);
		}
	} else
		numeric_send(u, ERR_INVALIDCAPCMD, sub);
}

void
cmd_pass(struct user *u, struct msg *m)
{
	if (u->flags & USER_REGISTERED) {
		numeric_send(u, ERR_ALREADYREGISTRED);
		return;
	}
	if (conf.password[0] == '\0' ||
	    strcmp(m->params[0], conf.password) == 0)
		u->flags |= USER_PASSOK;
	else
		u->flags &= ~USER_PASSOK;
}

/*
 * Give u a new nick, telling everyone who can see it; shared by NICK and
 * the text front's /nick.  Returns 0, or -1 after sending the error.
 */
int
cmd_change_nick(struct user *u, const char *nick)
{
	struct relay	 r;
	struct user	*other;
	char		 old[NICK_MAX + 1];

	if (*nick == '\0') {
		numeric_send(u, ERR_NONICKNAMEGIVEN);
		return (-1);
	}
	if (!user_valid_nick(nick)) {
		numeric_send(u, ERR_ERRONEUSNICKNAME, nick);
		return (-1);
	}
	if ((other = user_find(nick)) != NULL && other != u) {
		numeric_send(u, ERR_NICKNAMEINUSE, nick);
		return (-1);
	}
	if (strcmp(u->nick, nick) == 0)
		return (0);
	if (!(u->flags & USER_REGISTERED)) {
		user_set_nick(u, nick);
		return (0);
	}
	strlcpy(old, u->nick, sizeof old);
	user_whowas_add(u);
	relay_init(&r, RELAY_NICK, u, NULL, NULL, nick);
	r.source = user_prefix(u);
	relay_to_neighbours(&r, u, 1);
	if (casemap_cmp(u->nick, nick) != 0)
		monitor_signal(u, 0);
	user_set_nick(u, nick);
	monitor_signal(u, 1);
	log_info("%s set nickname to %s", old, nick);
	return (0);
}

void
cmd_nick(struct user *u, struct msg *m)
{
	if (cmd_change_nick(u, m->nparams > 0 ? m->params[0] : "") == 0)
		cmd_try_register(u);
}

void
cmd_user(struct user *u, struct msg *m)
{
	const char	*p;
	size_t		 n = 1;

	if (u->flags & (USER_REGISTERED | USER_GOTUSER)) {
		numeric_send(u, ERR_ALREADYREGISTRED);
		return;
	}
	/* No ident lookups, so the user name is marked with '~'. */
	u->ident[0] = '~';
	for (p = m->params[0]; *p != '\0' && n < sizeof u->ident - 1; p++) {
		if (isalnum((unsigned char)*p) || strchr("-_.[]{}\\|^`", *p))
			u->ident[n++] = *p;
	}
	if (n == 1)
		n = strlcpy(u->ident + 1, "user", sizeof u->ident - 1) + 1;
	u->ident[n] = '\0';
	free(u->realname);
	u->realname = strndup(m->params[3], REAL_MAX);
	u->flags |= USER_GOTUSER;
	cmd_try_register(u);
}

/* Complete registration if everything is there. */
void
cmd_try_register(struct user *u)
{
	if ((u->flags & (USER_REGISTERED | USER_CAPNEG)) ||
	    !(u->flags & USER_GOTUSER) || !(u->flags & USER_INTREE))
		return;
	if (!(u->flags & USER_PASSOK)) {
		numeric_send(u, ERR_PASSWDMISMATCH);
		conn_close(u->conn, "Bad password");
		return;
	}
	user_set_registered(u);
	if (u->conn != NULL) {
		conn_registered(u->conn);
		log_info("%s registered from %s:%u", u->nick, u->host,
		    u->conn->port);
	}
	front_welcome(u);
	monitor_signal(u, 1);
}

void
cmd_quit(struct user *u, struct msg *m)
{
	if (m->nparams > 0 && m->params[0][0] != '\0')
		conn_close(u->conn, "Quit: %s", m->params[0]);
	else
		conn_close(u->conn, "Quit");
}

void
cmd_ping(struct user *u, struct msg *m)
{
	if (m->nparams == 0 || m->params[0][0] == '\0') {
		numeric_send(u, ERR_NOORIGIN);
		return;
	}
	front_server_send(u, "PONG", "%s :%s", conf.server_name,
	    m->params[0]);
}

void
cmd_pong(struct user *u, struct msg *m)
{
	/* Reading it was enough: the timer sees the client is alive. */
	if (m->nparams == 0)
		numeric_send(u, ERR_NOORIGIN);
}

/* The user is gone: tell its neighbours and leave every channel. */
void
cmd_quit_user(struct user *u, const char *reason)
{
	struct relay	 r;
	struct member	*m;

	if (u->flags & USER_REGISTERED) {
		user_whowas_add(u);
		relay_init(&r, RELAY_QUIT, u, NULL, NULL, reason);
		relay_to_neighbours(&r, u, 0);
		monitor_signal(u, 0);
	}
	while ((m = TAILQ_FIRST(&u->chans)) != NULL)
		channel_del_member(m);
	if (u->flags & USER_REGISTERED)
		log_info("%s disconnected", u->nick);
	else if (u->conn != NULL)
		log_info("Client %s:%u disconnected", u->host,
		    u->conn->port);
}

/* SETNAME :realname (IRCv3 setname). */
void
cmd_setname(struct user *u, struct msg *m)
{
	struct relay	 r;

	if (strlen(m->params[0]) > REAL_MAX || m->params[0][0] == '\0') {
		front_server_send(u, "FAIL", "SETNAME INVALID_REALNAME :Real "
		    "names are 1 to %d bytes", REAL_MAX);
		return;
	}
	free(u->realname);
	u->realname = xstrdup(m->params[0]);
	relay_init(&r, RELAY_SETNAME, u, NULL, NULL, u->realname);
	r.needcap = CAP_SETNAME;
	relay_to_neighbours(&r, u, 1);
}
