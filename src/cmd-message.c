/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * PRIVMSG and NOTICE (RFC 2812 section 3.3).  cmd_message delivers one
 * message to one target and is shared with the text front.  A NOTICE
 * never causes an automatic reply, errors included.
 */

#include <string.h>
#include <time.h>

#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

/* Deliver text to target; 0, or -1 after the error (if any is sent). */
int
cmd_message(struct user *u, int notice, const char *target, const char *text)
{
	struct channel	*ch;
	struct member	*me;
	struct user	*to;
	struct relay	 r;
	char		 esc[1024];
	int		 voiced;

	relay_init(&r, notice ? RELAY_NOTICE : RELAY_PRIVMSG, u, target, NULL,
	    text);
	if (target[0] == '#') {
		if ((ch = channel_find(target)) == NULL) {
			if (!notice)
				numeric_send(u, ERR_NOSUCHNICK, target);
			return (-1);
		}
		me = channel_member(ch, u);
		voiced = me != NULL && (me->flags & (MEMBER_OP | MEMBER_VOICE));
		if ((me == NULL && (ch->modes & CHAN_NOEXTERNAL)) ||
		    ((ch->modes & CHAN_MODERATED) && !voiced) ||
		    (!voiced && channel_banned(ch, u))) {
			if (!notice)
				numeric_send(u, ERR_CANNOTSENDTOCHAN, ch->name);
			return (-1);
		}
		r.target = ch->name;
		relay_to_channel(&r, ch, u);
		if (log_verbose())
			log_info("[%s] %s: %s", channel_room(ch), u->nick,
			    log_escape(text, esc, sizeof esc));
	} else {
		if ((to = user_find(target)) == NULL) {
			if (!notice)
				numeric_send(u, ERR_NOSUCHNICK, target);
			return (-1);
		}
		r.target = to->nick;
		relay_to_user(&r, to);
		if (!notice && to->away != NULL)
			numeric_send(u, RPL_AWAY, to->nick, to->away);
	}
	u->idle = time(NULL);
	return (0);
}

static void
cmd_messages(struct user *u, struct msg *m, int notice)
{
	char	*targets, *target;
	long	 n = 0;

	if (m->nparams == 0 || m->params[0][0] == '\0') {
		if (!notice)
			numeric_send(u, ERR_NORECIPIENT, m->cmd);
		return;
	}
	if (m->nparams == 1 || m->params[1][0] == '\0') {
		if (!notice)
			numeric_send(u, ERR_NOTEXTTOSEND);
		return;
	}
	targets = m->params[0];
	while ((target = strsep(&targets, ",")) != NULL) {
		if (*target == '\0')
			continue;
		if (++n > conf.max_targets) {
			if (!notice)
				numeric_send(u, ERR_TOOMANYTARGETS, target);
			break;
		}
		cmd_message(u, notice, target, m->params[1]);
	}
}

void
cmd_privmsg(struct user *u, struct msg *m)
{
	cmd_messages(u, m, 0);
}

void
cmd_notice(struct user *u, struct msg *m)
{
	cmd_messages(u, m, 1);
}
