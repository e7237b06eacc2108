/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * PRIVMSG, NOTICE and TAGMSG (RFC 2812 section 3.3, IRCv3 message-tags).
 * cmd_message delivers one message to one target and is shared with the
 * text front.  A NOTICE or TAGMSG never causes an automatic reply,
 * errors included.  A banned member may not speak unless voiced (or an
 * operator).  Client-only tags (+name=value) ride along to recipients
 * that enabled message-tags; echo-message sends the message back to its
 * sender as delivered.
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

#define CLIENT_TAGS_MAX	4094	/* bytes of client-only tags (IRCv3) */

/*
 * Deliver a message of kind (RELAY_PRIVMSG, RELAY_NOTICE, RELAY_TAGMSG)
 * to target; 0, or -1 after the error (if any is sent).
 */
int
cmd_message(struct user *u, enum relay_kind kind, const char *target,
    const char *text, const char *ctags)
{
	struct channel	*ch;
	struct member	*me;
	struct user	*to;
	struct relay	 r;
	char		 esc[1024];
	int		 voiced, quiet = kind != RELAY_PRIVMSG;

	relay_init(&r, kind, u, target, NULL, text);
	r.ctags = ctags;
	if (target[0] == '#') {
		if ((ch = channel_find(target)) == NULL) {
			if (!quiet)
				numeric_send(u, ERR_NOSUCHNICK, target);
			return (-1);
		}
		me = channel_member(ch, u);
		voiced = me != NULL && (me->flags & (MEMBER_OP | MEMBER_VOICE));
		if ((me == NULL && (ch->modes & CHAN_NOEXTERNAL)) ||
		    ((ch->modes & CHAN_MODERATED) && !voiced) ||
		    (!voiced && channel_banned(ch, u))) {
			if (!quiet)
				numeric_send(u, ERR_CANNOTSENDTOCHAN, ch->name);
			return (-1);
		}
		r.target = ch->name;
		relay_to_channel(&r, ch, u);
		if (log_verbose() && kind != RELAY_TAGMSG)
			log_info("[%s] %s: %s", channel_room(ch), u->nick,
			    log_escape(text, esc, sizeof esc));
	} else {
		if ((to = user_find(target)) == NULL ||
		    !(to->flags & USER_REGISTERED)) {
			if (!quiet)
				numeric_send(u, ERR_NOSUCHNICK, target);
			return (-1);
		}
		r.target = to->nick;
		relay_to_user(&r, to);
		if (!quiet && to->away != NULL)
			numeric_send(u, RPL_AWAY, to->nick, to->away);
	}
	if (u->caps & CAP_ECHO_MESSAGE) {
		r.needcap = CAP_ECHO_MESSAGE;
		relay_to_user(&r, u);
	}
	u->idle = time(NULL);
	return (0);
}

/*
 * Copy the client-only tags (keys starting with '+') of raw tags into
 * buf; NULL if there are none.  -1 if they are too long.
 */
static int
cmd_client_tags(char *tags, char *buf, size_t size, const char **out)
{
	char	*cursor = tags, *key, *value;
	size_t	 len = 0;

	*out = NULL;
	while ((key = msg_tag_next(&cursor, &value)) != NULL) {
		if (key[0] != '+' || key[1] == '\0')
			continue;
		len += snprintf(buf + len, len < size ? size - len : 0,
		    "%s%s%s%s", len ? ";" : "", key, value != NULL &&
		    *value != '\0' ? "=" : "", value != NULL ? value : "");
		if (len > CLIENT_TAGS_MAX || len >= size)
			return (-1);
	}
	if (len > 0)
		*out = buf;
	return (0);
}

static void
cmd_messages(struct user *u, struct msg *m, enum relay_kind kind)
{
	char		*targets, *target, ctbuf[CLIENT_TAGS_MAX + 2];
	const char	*ctags = NULL, *text;
	long		 n = 0;
	int		 quiet = kind != RELAY_PRIVMSG;

	if (m->nparams == 0 || m->params[0][0] == '\0') {
		if (!quiet)
			numeric_send(u, ERR_NORECIPIENT, m->cmd);
		return;
	}
	if (kind != RELAY_TAGMSG &&
	    (m->nparams == 1 || m->params[1][0] == '\0')) {
		if (!quiet)
			numeric_send(u, ERR_NOTEXTTOSEND);
		return;
	}
	if (m->tags != NULL && cmd_client_tags(m->tags, ctbuf, sizeof ctbuf,
	    &ctags) != 0) {
		numeric_send(u, ERR_INPUTTOOLONG);
		return;
	}
	if (kind == RELAY_TAGMSG && ctags == NULL)
		return;		/* Nothing to carry. */
	text = kind == RELAY_TAGMSG ? NULL : m->params[1];
	targets = m->params[0];
	while ((target = strsep(&targets, ",")) != NULL) {
		if (*target == '\0')
			continue;
		if (++n > conf.max_targets) {
			if (!quiet)
				numeric_send(u, ERR_TOOMANYTARGETS, target);
			break;
		}
		cmd_message(u, kind, target, text, ctags);
	}
}

void
cmd_privmsg(struct user *u, struct msg *m)
{
	cmd_messages(u, m, RELAY_PRIVMSG);
}

void
cmd_notice(struct user *u, struct msg *m)
{
	cmd_messages(u, m, RELAY_NOTICE);
}

void
cmd_tagmsg(struct user *u, struct msg *m)
{
	cmd_messages(u, m, RELAY_TAGMSG);
}
