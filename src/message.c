/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Message delivery (RFC 2812 section 3.3, IRCv3 message-tags).  A
 * NOTICE or TAGMSG never causes an automatic reply, errors included.
 * A banned member may not speak unless voiced (or an operator).
 * Client-only tags ride along to recipients that enabled message-tags;
 * echo-message sends the message back to its sender as delivered.
 */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "channel.h"
#include "front.h"
#include "log.h"
#include "message.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

/*
 * CALLERID: to (+g) takes private messages only from nicks it accepted.
 * The sender of a refused PRIVMSG gets 716; to is told of it (718), and
 * the sender that it was (717), at most once a minute.  A NOTICE or
 * TAGMSG is dropped without a word.
 */
static void
message_callerid(struct user *u, struct user *to, int quiet)
{
	time_t	 now = time(NULL);

	if (quiet)
		return;
	numeric_send(u, ERR_TARGUMODEG, to->nick);
	if (now - to->callerid_told < CALLERID_WAIT)
		return;
	to->callerid_told = now;
	numeric_send(to, RPL_UMODEGMSG, u->nick, u->ident, u->host);
	numeric_send(u, RPL_TARGNOTIFY, to->nick);
}

/*
 * Deliver a message of kind (RELAY_PRIVMSG, RELAY_NOTICE, RELAY_TAGMSG)
 * from u to target: text, or the nlines lines of a multiline message
 * (IRCv3 draft/multiline), each to be shown as sent or joined, as the
 * recipient can; with client-only tags ctags (or NULL).  0, or -1 after
 * the error (if any is sent).  message_deliver is the one-line form.
 */
int
message_send(struct user *u, enum relay_kind kind, const char *target,
    const char *text, const struct relay_line *lines, unsigned nlines,
    const char *ctags)
{
	struct channel	*ch;
	struct member	*me;
	struct user	*to;
	struct relay	 r;
	char		 esc[1024], shown[CHAN_MAX + 2];
	int		 voiced, quiet = kind != RELAY_PRIVMSG, status = 0;

	relay_init(&r, kind, u, target, NULL, text);
	r.ctags = ctags;
	r.lines = lines;
	r.nlines = nlines;
	if (kind == RELAY_TAGMSG)
		relay_caps(&r, CAP_MESSAGE_TAGS, 0);
	/* STATUSMSG: "@#chan" for its operators, "+#chan" for voice too. */
	if ((target[0] == '@' || target[0] == '+') && target[1] == '#') {
		status = target[0] == '@' ? MEMBER_OP : MEMBER_OP | MEMBER_VOICE;
		target++;
	}
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
		if (status != 0) {
			snprintf(shown, sizeof shown, "%c%s", target[-1],
			    ch->name);
			r.target = shown;
			relay_to_members(&r, ch, u, status);
		} else
			relay_to_channel(&r, ch, u);
		if (kind != RELAY_TAGMSG && log_verbose()) {
			if (lines == NULL)
				log_info("[%s] %s: %s", channel_room(ch),
				    u->nick, log_escape(text, esc, sizeof esc));
			else
				log_info("[%s] %s: %s (%u lines)",
				    channel_room(ch), u->nick,
				    log_escape(lines[0].text, esc, sizeof esc),
				    nlines);
		}
	} else {
		if ((to = user_find(target)) == NULL ||
		    !(to->flags & USER_REGISTERED)) {
			if (!quiet)
				numeric_send(u, ERR_NOSUCHNICK, target);
			return (-1);
		}
		if ((to->flags & USER_CALLERID) && to != u &&
		    !user_accepts(to, u)) {
			message_callerid(u, to, quiet);
			return (-1);
		}
		if ((u->flags & USER_CALLERID) && to != u)
			(void)user_accept_add(u, to->nick);	/* to may answer */
		r.target = to->nick;
		if (to == u)
			u->front->aside(u, 1);
		relay_to_user(&r, to);
		if (to == u)
			u->front->aside(u, 0);
		if (!quiet && to->away != NULL)
			numeric_send(u, RPL_AWAY, to->nick, to->away);
	}
	if (u->caps & CAP_ECHO_MESSAGE) {
		relay_caps(&r, r.needcap | CAP_ECHO_MESSAGE, 0);
		relay_to_user(&r, u);
	}
	u->idle = time(NULL);
	return (0);
}
