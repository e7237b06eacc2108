/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Operator commands (RFC 2812 sections 3.1.4, 3.7, 4): OPER against
 * the [operator NAME] sections of the configuration (a nick!user@host
 * mask, and a crypt(3) hash, a TLS client certificate's fingerprint or
 * both), KILL, WALLOPS, REHASH and DIE.  The password is checked on the
 * worker (passwd.c).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "cap.h"
#include "casemap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "front.h"
#include "io.h"
#include "log.h"
#include "motd.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "server.h"
#include "user.h"
#include "passwd.h"
#include "web.h"
#include "xmalloc.h"

/* Is u an IRC operator?  481 if not. */
static int
cmd_is_oper(struct user *u)
{
	if (u->flags & USER_OPER)
		return (1);
	numeric_send(u, ERR_NOPRIVILEGES);
	return (0);
}

/* u proved to be operator name: +o and 381. */
static void
oper_grant(struct user *u, const char *name)
{
	struct relay	 r;

	if (!(u->flags & USER_OPER)) {
		user_set_flag(u, USER_OPER, 1);
		relay_init(&r, RELAY_MODE, u, u->nick, NULL, "+o");
		relay_set_source(&r, u->nick);
		relay_to_user(&r, u);
	}
	numeric_send(u, RPL_YOUREOPER);
	log_info("%s is now an operator (%s)", u->nick, name);
}

/* The worker's answer to an OPER; arg is the [operator NAME]. */
static void
oper_done(struct user *u, int ok, void *arg)
{
	const char	*name = arg;

	if (!ok) {
		numeric_send(u, ERR_PASSWDMISMATCH);
		log_info("Failed OPER as %s by %s", name, u->nick);
	} else
		oper_grant(u, name);
}

void
cmd_oper(struct user *u, struct msg *m)
{
	const struct conf_oper	*o;
	char			 mask[256];

	o = conf_oper_find(m->params[0]);
	if (o != NULL && (o->host == NULL || (o->password_hash == NULL &&
	    o->certfp == NULL)))
		o = NULL;
	if (o != NULL)
		channel_ban_mask(o->host, mask, sizeof mask);
	if (o == NULL || !casemap_match(mask, user_prefix(u))) {
		numeric_send(u, ERR_NOOPERHOST);
		log_info("Failed OPER as %s by %s", m->params[0], u->nick);
		return;
	}
	/* A fingerprint, when the section has one, is checked first. */
	if (o->certfp != NULL && (u->certfp == NULL ||
	    strcmp(u->certfp, o->certfp) != 0)) {
		numeric_send(u, ERR_PASSWDMISMATCH);
		log_info("Failed OPER as %s by %s: %s", o->name, u->nick,
		    u->certfp == NULL ? "no client certificate" :
		    "client certificate fingerprint does not match");
		return;
	}
	if (o->password_hash == NULL) {
		oper_grant(u, o->name);
		return;
	}
	if (m->nparams < 2) {
		numeric_send(u, ERR_NEEDMOREPARAMS, "OPER");
		return;
	}
	passwd_check(u, m->params[1], o->password_hash, oper_done,
	    xstrdup(o->name));
}

void
cmd_kill(struct user *u, struct msg *m)
{
	struct user	*victim;
	const char	*reason = m->nparams > 1 ? m->params[1] : u->nick;
	char		 why[128];

	if (!cmd_is_oper(u))
		return;
	if ((victim = user_find(m->params[0])) == NULL) {
		if (casemap_cmp(m->params[0], conf.server_name) == 0)
			numeric_send(u, ERR_CANTKILLSERVER);
		else
			numeric_send(u, ERR_NOSUCHNICK, m->params[0]);
		return;
	}
	log_info("%s killed %s (%s)", u->nick, victim->nick, reason);
	snprintf(why, sizeof why, "Killed (%s (%s))", u->nick, reason);
	user_disconnect(victim, why);
}

void
cmd_wallops(struct user *u, struct msg *m)
{
	struct relay	 r;
	struct user	*w;

	if (!cmd_is_oper(u))
		return;
	relay_init(&r, RELAY_WALLOPS, u, NULL, NULL, m->params[0]);
	RB_FOREACH(w, nicks, &user_nicks)
		if (w->flags & USER_WALLOPS)
			relay_to_user(&r, w);
}

/*
 * Read the configuration again, the MOTD and the TLS certificate: REHASH
 * and SIGHUP.  -1 with err if the configuration could not be read (it
 * is left as it was).  A certificate or key that cannot be loaded is
 * refused and the one in use stays, for the connections to come too;
 * then tlserr says why, else it is empty.
 */
int
cmd_reload(char *err, size_t errlen, char *tlserr, size_t tlserrlen)
{
	*tlserr = '\0';
	if (conf_reload(err, errlen) != 0) {
		log_warnx("REHASH failed: %s", err);
		return (-1);
	}
	server_init(conf.server_name, conf.description);
	motd_load();
	if (web_load(err, errlen) != 0)
		log_warnx("No web page: %s", err);
	cap_update();
	if (*conf.tls_cert == '\0')
		return (0);
	if (io_tls_load(tlserr, tlserrlen) != 0)
		log_warnx("TLS certificate not reloaded, the one in use stays: "
		    "%s", tlserr);
	else
		log_info("TLS certificate reloaded for new connections: %s",
		    io_tls_describe());
	return (0);
}

void
cmd_rehash(struct user *u, struct msg *m)
{
	char	 err[512], tlserr[512];

	if (!cmd_is_oper(u))
		return;
	numeric_send(u, RPL_REHASHING, conf_file != NULL ? conf_file :
	    "(built-in defaults)");
	log_info("%s is rehashing the configuration", u->nick);
	if (cmd_reload(err, sizeof err, tlserr, sizeof tlserr) != 0)
		numeric_cmd(u, "NOTICE", "%s :REHASH failed: %s", u->nick, err);
	else if (*tlserr != '\0')
		numeric_cmd(u, "NOTICE", "%s :REHASH: TLS certificate not "
		    "reloaded, the one in use stays: %s", u->nick, tlserr);
}

/* The shutdown itself, from the loop: never free under a handler. */
static void
cmd_die_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

/* DIE: the loop ends and natterd shuts down as on SIGTERM. */
void
cmd_die(struct user *u, struct msg *m)
{
	static ev_timer	 die;

	if (!cmd_is_oper(u))
		return;
	log_info("%s asked the server to shut down (DIE)", u->nick);
	/* A second DIE before the loop turns: the shutdown is on its way. */
	if (ev_is_active(&die))
		return;
	ev_timer_init(&die, cmd_die_cb, 0., 0.);
	ev_timer_start(EV_DEFAULT, &die);
}

/* A user name for CHGHOST: what USER would keep, '~' allowed first. */
static int
cmd_valid_ident(const char *ident)
{
	size_t	 n = strlen(ident);

	if (*ident == '~')
		ident++, n--;
	if (n == 0 || n > USER_MAX)
		return (0);
	return (strspn(ident, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.[]{}\\|^`") == n);
}

/* CHGHOST nick [user@]host: another visible user name and host. */
void
cmd_chghost(struct user *u, struct msg *m)
{
	struct user	*w;
	char		 ident[USER_MAX + 2], *host, *at;

	if (!cmd_is_oper(u))
		return;
	if ((w = user_find(m->params[0])) == NULL ||
	    !(w->flags & USER_REGISTERED)) {
		numeric_send(u, ERR_NOSUCHNICK, m->params[0]);
		return;
	}
	host = m->params[1];
	strlcpy(ident, w->ident, sizeof ident);
	if ((at = strchr(host, '@')) != NULL) {
		*at = '\0';
		if (!cmd_valid_ident(host)) {
			numeric_cmd(u, "FAIL", "CHGHOST INVALID_USERNAME %s "
			    ":Not a valid user name", host);
			return;
		}
		strlcpy(ident, host, sizeof ident);
		host = at + 1;
	}
	if (!cmd_valid_host(host)) {
		numeric_cmd(u, "FAIL", "CHGHOST INVALID_HOSTNAME %s "
		    ":Not a valid host name", host);
		return;
	}
	log_info("%s changes the host of %s", u->nick, w->nick);
	user_set_host(w, ident, host);
}
