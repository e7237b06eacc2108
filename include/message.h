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

int	message_deliver(struct user *, enum relay_kind, const char *,
	    const char *, const char *);

#endif
