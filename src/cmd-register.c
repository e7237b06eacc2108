/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Registration and connection commands: CAP, PASS, NICK, USER, PING,
 * PONG, QUIT (RFC 2812 section 3.1, IRCv3 capability negotiation 302).
 * They gather what registration needs and leave the decision to
 * user_try_register: a client is registered once it has a nick and a
 * user name, gave the right password if one is set, and ended CAP
 * negotiation if it began one.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "user.h"
#include "utf8.h"
#include "xmalloc.h"


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
		/* cap-notify cannot be turned off after CAP LS 302. */
		if ((ce = cap_find(word)) == NULL || !cap_is_offered(ce) ||
		    ce->policy || (neg && ce->flag == CAP_CAP_NOTIFY && u->capver >= 302)) {
			numeric_cmd(u, "CAP", "%s NAK :%s",
			    user_target(u), req);
			return;
		}
		if (neg)
			off |= ce->flag;
		else
			on |= ce->flag;
	}
	u->caps = (u->caps | on) & ~off;
	numeric_cmd(u, "CAP", "%s ACK :%s", user_target(u), req);
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
		cap_list(u, "LS", 1, m->nparams > 1 &&
		    atoi(m->params[1]) >= 302);
	} else if (strcasecmp(sub, "LIST") == 0)
		cap_list(u, "LIST", 0, 0);
	else if (strcasecmp(sub, "REQ") == 0) {
		if (!(u->flags & USER_REGISTERED))
			u->flags |= USER_CAPNEG;
		cap_req(u, m->nparams > 1 ? m->params[1] : "");
	} else if (strcasecmp(sub, "END") == 0) {
		if (u->flags & USER_CAPNEG) {
			u->flags &= ~USER_CAPNEG;
			user_try_register(u);
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

void
cmd_nick(struct user *u, struct msg *m)
{
	if (user_rename(u, m->nparams > 0 ? m->params[0] : "") == 0)
		user_try_register(u);
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
	/* An empty user name or real name is a parameter missing. */
	if (m->params[0][0] == '\0' || m->params[3][0] == '\0') {
		numeric_send(u, ERR_NEEDMOREPARAMS, m->cmd);
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
	u->realname = xstrndup(m->params[3], utf8_cut(m->params[3], REAL_MAX));
	u->flags |= USER_GOTUSER;
	user_try_register(u);
}

void
cmd_quit(struct user *u, struct msg *m)
{
	char	 reason[TOPIC_MAX + 8];

	if (m->nparams > 0 && m->params[0][0] != '\0') {
		snprintf(reason, sizeof reason, "Quit: %.*s",
		    (int)utf8_cut(m->params[0], TOPIC_MAX), m->params[0]);
		user_disconnect(u, reason);
	} else
		user_disconnect(u, "Quit");
}

void
cmd_ping(struct user *u, struct msg *m)
{
	if (m->nparams == 0 || m->params[0][0] == '\0') {
		numeric_send(u, ERR_NOORIGIN);
		return;
	}
	numeric_cmd(u, "PONG", "%s :%s", conf.server_name,
	    m->params[0]);
}

void
cmd_pong(struct user *u, struct msg *m)
{
	/* Reading it was enough: the timer sees the client is alive. */
	if (m->nparams == 0)
		numeric_send(u, ERR_NOORIGIN);
}

/* SETNAME :realname (IRCv3 setname). */
void
cmd_setname(struct user *u, struct msg *m)
{
	if (strlen(m->params[0]) > REAL_MAX || m->params[0][0] == '\0') {
		numeric_cmd(u, "FAIL", "SETNAME INVALID_REALNAME :Real "
		    "names are 1 to %d bytes", REAL_MAX);
		return;
	}
	user_set_realname(u, m->params[0]);
}
