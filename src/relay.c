/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Relaying.  Each front renders a relay into r->line[front] the first
 * time a recipient of that front needs it; later recipients get the same
 * bytes.  Broadcasts to everyone sharing a channel with a user visit each
 * neighbour once, using a serial number stored in the user.
 */

#include <stdio.h>
#include <string.h>

#include "channel.h"
#include "conn.h"
#include "front.h"
#include "natterd.h"
#include "relay.h"
#include "user.h"

static unsigned long	relay_serial;

const char *
relay_kind_str(enum relay_kind kind)
{
	switch (kind) {
	case RELAY_PRIVMSG:
		return ("PRIVMSG");
	case RELAY_NOTICE:
		return ("NOTICE");
	case RELAY_JOIN:
		return ("JOIN");
	case RELAY_PART:
		return ("PART");
	case RELAY_QUIT:
		return ("QUIT");
	case RELAY_NICK:
		return ("NICK");
	case RELAY_TOPIC:
		return ("TOPIC");
	case RELAY_KICK:
		return ("KICK");
	case RELAY_MODE:
		return ("MODE");
	case RELAY_INVITE:
		return ("INVITE");
	case RELAY_WALLOPS:
		return ("WALLOPS");
	case RELAY_TAGMSG:
		return ("TAGMSG");
	case RELAY_AWAY:
		return ("AWAY");
	case RELAY_SETNAME:
		return ("SETNAME");
	}
	return ("UNKNOWN");
}

void
relay_init(struct relay *r, enum relay_kind kind, struct user *from,
    const char *target, const char *arg, const char *text)
{
	r->kind = kind;
	r->from = from;
	r->source = NULL;
	r->target = target;
	r->arg = arg;
	r->text = text;
	r->chan = NULL;
	r->needcap = 0;
	r->serial = ++relay_serial;
	r->time = ev_now(EV_DEFAULT);
	r->ctags = NULL;
	r->msgid[0] = '\0';
	r->presence = kind == RELAY_JOIN || kind == RELAY_PART ||
	    kind == RELAY_QUIT || kind == RELAY_AWAY;
	memset(r->len, 0, sizeof r->len);
}

/*
 * The msgid tag of a PRIVMSG, NOTICE or TAGMSG, "" for other kinds;
 * formatted on first use, since most recipients do not ask for tags.
 */
const char *
relay_msgid(struct relay *r)
{
	if (r->msgid[0] == '\0' && (r->kind == RELAY_PRIVMSG ||
	    r->kind == RELAY_NOTICE || r->kind == RELAY_TAGMSG))
		snprintf(r->msgid, sizeof r->msgid, "%lx-%lx",
		    (unsigned long)natterd_started, r->serial);
	return (r->msgid);
}

/*
 * Render and queue for one user.  Others' joins, parts, quits and away
 * changes may wait to share a write (see conn_push).
 */
static inline void
relay_one(struct relay *r, struct user *to)
{
	struct conn	*c = to->conn;

	if (c == NULL || c->front == NULL || (c->flags & CONN_DEAD))
		return;
	if (r->needcap != 0 && ((to->caps & r->needcap) != r->needcap ||
	    c->front != &front_irc))
		return;
	c->front->relay(to, r);
	conn_push(c, r->presence && to != r->from);
}

void
relay_to_user(struct relay *r, struct user *to)
{
	relay_one(r, to);
}

/* Everyone in the channel but skip (which may be NULL). */
void
relay_to_channel(struct relay *r, struct channel *ch, struct user *skip)
{
	struct member	*m;

	r->chan = ch;
	TAILQ_FOREACH(m, &ch->members, chan_entry)
		if (m->user != skip)
			relay_one(r, m->user);
}

/* Everyone who shares a channel with u, once each; u too if self. */
void
relay_to_neighbours(struct relay *r, struct user *u, int self)
{
	struct member	*um, *m;

	relay_serial++;
	u->mark = relay_serial;
	if (self)
		relay_one(r, u);
	TAILQ_FOREACH(um, &u->chans, user_entry) {
		TAILQ_FOREACH(m, &um->chan->members, chan_entry) {
			if (m->user->mark == relay_serial)
				continue;
			m->user->mark = relay_serial;
			relay_one(r, m->user);
		}
	}
}
