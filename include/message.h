/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Delivering a message (PRIVMSG, NOTICE, TAGMSG) to one target, a
 * channel or a nick: the verb shared by the IRC handlers and the text
 * front.
 */

#ifndef MESSAGE_H
#define MESSAGE_H

#include "relay.h"

struct user;

int	message_send(struct user *, enum relay_kind, const char *,
	    const char *, const struct relay_line *, unsigned, const char *);

/* A message of one line: text. */
static inline int
message_deliver(struct user *u, enum relay_kind kind, const char *target,
    const char *text, const char *ctags)
{
	return (message_send(u, kind, target, text, NULL, 0, ctags));
}

#endif
