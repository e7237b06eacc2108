/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Operator commands (RFC 2812 sections 3.1.4, 3.7, 4): OPER against
 * the [operator NAME] sections of the configuration (crypt(3) hashes and
 * a nick!user@host mask), KILL, WALLOPS, REHASH and DIE.
 */

#include <crypt.h>
#include <stdio.h>
#include <string.h>

#include <ev.h>

#include "casemap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "listener.h"
#include "log.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

/* Is u an IRC operator?  481 if not. */
static int
cmd_is_oper(struct user *u)
{
	if (u->flags & USER_OPER)
		return (1);
	numeric_send(u, ERR_NOPRIVILEGES);
	return (0);
}

void
cmd_oper(struct user *u, struct msg *m)
{
	const struct conf_oper	*o;
	const char		*hash;
	char			 mask[256];
	struct relay		 r;

	o = conf_oper_find(m->params[0]);
	if (o != NULL && (o->host == NULL || o->password_hash == NULL))
		o = NULL;
	if (o != NULL)
		channel_ban_mask(o->host, mask, sizeof mask);
	if (o == NULL || !casemap_match(mask, user_prefix(u))) {
		numeric_send(u, ERR_NOOPERHOST);
		log_info("Failed OPER as %s by %s", m->params[0], u->nick);
		return;
	}
	hash = crypt(m->params[1], o->password_hash);
	if (hash == NULL || strcmp(hash, o->password_hash) != 0) {
		numeric_send(u, ERR_PASSWDMISMATCH);
		log_info("Failed OPER as %s by %s", o->name, u->nick);
		return;
	}
	if (!(u->flags & USER_OPER)) {
		user_set_flag(u, USER_OPER, 1);
		relay_init(&r, RELAY_MODE, u, u->nick, NULL, "+o");
		r.source = u->nick;
		relay_to_user(&r, u);
	}
	numeric_send(u, RPL_YOUREOPER);
	log_info("%s is now an operator (%s)", u->nick, o->name);
}

void
cmd_kill(struct user *u, struct msg *m)
{
	struct user	*victim;
	const char	*reason = m->nparams > 1 ? m->params[1] : u->nick;

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
	if (victim->conn != NULL)
		conn_close(victim->conn, "Killed (%s (%s))", u->nick, reason);
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

void
cmd_rehash(struct user *u, struct msg *m)
{
	char	 err[512];

	if (!cmd_is_oper(u))
		return;
	numeric_send(u, RPL_REHASHING, conf_file != NULL ? conf_file :
	    "(built-in defaults)");
	log_info("%s is rehashing the configuration", u->nick);
	if (conf_reload(err, sizeof err) != 0) {
		log_warnx("REHASH failed: %s", err);
		front_server_send(u, "NOTICE", "%s :REHASH failed: %s",
		    u->nick, err);
	}
}

/* The shutdown itself, from the loop: never free under a handler. */
static void
cmd_die_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	conn_shutdown("Server shutting down");
	listener_close_all();
	ev_break(loop, EVBREAK_ALL);
}

void
cmd_die(struct user *u, struct msg *m)
{
	static ev_timer	 die;

	if (!cmd_is_oper(u))
		return;
	log_info("%s asked the server to shut down (DIE)", u->nick);
	ev_timer_init(&die, cmd_die_cb, 0., 0.);
	ev_timer_start(EV_DEFAULT, &die);
}
