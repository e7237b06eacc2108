/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Registration and connection commands: CAP, PASS, NICK, USER, PING,
 * PONG, QUIT (RFC 2812 section 3.1, IRCv3 capability negotiation 302),
 * and WEBIRC (IRCv3 WebIRC), by which a web gateway gives its user's
 * own address.
 * They gather what registration needs and leave the decision to
 * user_try_register: a client is registered once it has a nick and a
 * user name, gave the right password if one is set, and ended CAP
 * negotiation if it began one.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "msg.h"
#include "numeric.h"
#include "passwd.h"
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

/* What a WEBIRC says, on its way through the password check. */
struct webirc {
	char	 section[64];		/* the [webirc NAME] */
	char	 gateway[64];		/* the name the gateway gives */
	char	 ip[HOST_MAX + 1];
	char	 host[HOST_MAX + 1];
	int	 secure;		/* "secure", and believable */
};

/* Did the gateway connect from this machine (so its link is private)? */
static int
webirc_local(const char *ip)
{
	return (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0);
}

/*
 * The gateway proved itself: its user's address and host become the
 * user's.  The connection's certificate was the gateway's, not the
 * user's; +Z stays only if the gateway says the user's own link is
 * secure and its link to natterd is too (TLS, or this machine).
 */
static void
webirc_done(struct user *u, int ok, void *arg)
{
	struct webirc	*w = arg;
	int		 secure;

	if (!ok) {
		log_info("WEBIRC from %s refused: wrong password for %s",
		    u->ip, w->section);
		user_disconnect(u, "Invalid WebIRC password");
		return;
	}
	secure = w->secure && ((u->flags & USER_SECURE) ||
	    webirc_local(u->ip));
	log_info("Client %s is %s (%s), says WebIRC gateway %s (%s)%s",
	    u->ip, w->ip, w->host, w->section, w->gateway,
	    secure ? ", secure" : "");
	if (user_readdress(u, w->ip, w->host) != 0) {
		user_disconnect(u, "Too many connections from your address");
		return;
	}
	u->flags |= USER_WEBIRC;
	user_set_flag(u, USER_SECURE, secure);
	free(u->certfp);
	u->certfp = NULL;
}

/*
 * WEBIRC password gateway hostname ip [:options]: first of all, from an
 * address a [webirc NAME] section names, with its password (checked on
 * the worker) or its certificate.  Anything wrong ends the connection.
 */
void
cmd_webirc(struct user *u, struct msg *m)
{
	const struct conf_oper	*s;
	struct webirc		*w;
	struct in6_addr		 a;

	if (u->flags & USER_REGISTERED) {
		numeric_send(u, ERR_ALREADYREGISTRED);
		return;
	}
	if ((u->flags & (USER_GOTUSER | USER_INTREE | USER_WEBIRC)) ||
	    u->capver != 0 || u->caps != 0) {
		user_disconnect(u, "WEBIRC must come first");
		return;
	}
	if ((s = conf_webirc_find(u->ip)) == NULL) {
		log_info("WEBIRC from %s refused: no [webirc] section names "
		    "it", u->ip);
		user_disconnect(u, "WebIRC is not allowed from your address");
		return;
	}
	if (s->certfp != NULL && (u->certfp == NULL ||
	    strcmp(u->certfp, s->certfp) != 0)) {
		log_info("WEBIRC from %s refused: %s's certificate does not "
		    "match", u->ip, s->name);
		user_disconnect(u, "Invalid WebIRC certificate");
		return;
	}
	if (inet_pton(AF_INET, m->params[3], &a) != 1 &&
	    inet_pton(AF_INET6, m->params[3], &a) != 1) {
		user_disconnect(u, "Invalid IP address in WEBIRC");
		return;
	}
	w = xcalloc(1, sizeof *w);
	strlcpy(w->section, s->name, sizeof w->section);
	/* The gateway's name only goes to the log. */
	log_escape(m->params[1], w->gateway, sizeof w->gateway);
	strlcpy(w->ip, m->params[3], sizeof w->ip);
	strlcpy(w->host, cmd_valid_host(m->params[2]) ? m->params[2] :
	    m->params[3], sizeof w->host);
	w->secure = m->nparams > 4 && conf_list_has(m->params[4], "secure", 6,
	    0);
	if (s->password_hash == NULL) {
		webirc_done(u, 1, w);
		free(w);
		return;
	}
	passwd_check(u, m->params[0], s->password_hash, webirc_done, w);
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
