/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Relaying.  Each recipient's front renders the relay, once per front
 * and relay (the serial tells renders apart), and queues the bytes;
 * this file only decides who receives it.  Broadcasts to everyone
 * sharing a channel with a user visit each neighbour once, using a
 * serial number stored in the user.
 *
 * A msgid is unique across restarts: it joins a random prefix drawn
 * when the process starts to the relay's serial.
 */

#include <sys/random.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "channel.h"
#include "front.h"
#include "relay.h"
#include "user.h"

static unsigned long	relay_serial;
static char		relay_boot[16];	/* msgid prefix for this process */

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
	case RELAY_CHGHOST:
		return ("CHGHOST");
	case RELAY_RENAME:
		return ("RENAME");
	}
	return ("UNKNOWN");
}

/*
 * A relay from user from (NULL: from a server; set its name with
 * relay_set_source).  The strings must outlive the relay's delivery.
 */
void
relay_init(struct relay *r, enum relay_kind kind, struct user *from,
    const char *target, const char *arg, const char *text)
{
	r->kind = kind;
	r->from = from;
	if (from != NULL) {
		r->nick = from->nick;
		r->ident = from->ident;
		r->host = from->host;
		r->account = from->account;
		r->realname = from->realname;
		r->bot = (from->flags & USER_BOT) != 0;
	} else {
		r->nick = "";
		r->ident = r->host = NULL;
		r->account = r->realname = NULL;
		r->bot = 0;
	}
	r->target = target;
	r->arg = arg;
	r->text = text;
	r->chan = NULL;
	r->needcap = r->capmask = 0;
	r->serial = ++relay_serial;
	r->time = ev_now(EV_DEFAULT);
	r->ctags = NULL;
	r->lines = NULL;	/* nlines only counts with lines */
	r->msgid[0] = '\0';
	r->presence = kind == RELAY_JOIN || kind == RELAY_PART ||
	    kind == RELAY_QUIT || kind == RELAY_AWAY;
}

/* Another prefix: a server's name, or a user's bare nick (user MODE). */
void
relay_set_source(struct relay *r, const char *source)
{
	r->nick = source;
	r->ident = r->host = NULL;
}

/*
 * Only IRC users with every capability in need, and none in lack, get
 * r: an IRCv3 notice, or the fallback for clients without one.  People
 * on the text front get neither.  The fronts test one mask, so that a
 * relay for everyone costs each recipient one test, as before.
 */
void
relay_caps(struct relay *r, unsigned need, unsigned lack)
{
	r->needcap = need;
	r->capmask = need | lack;
}

/* A serial for a broadcast that is not a relay (a neighbour visit). */
unsigned long
relay_next_serial(void)
{
	return (++relay_serial);
}

/*
 * The msgid tag of a PRIVMSG, NOTICE or TAGMSG, "" for other kinds;
 * formatted on first use, since most recipients do not ask for tags.
 */
const char *
relay_msgid(struct relay *r)
{
	unsigned char	 rnd[6];
	size_t		 i;

	if (r->msgid[0] != '\0' || (r->kind != RELAY_PRIVMSG &&
	    r->kind != RELAY_NOTICE && r->kind != RELAY_TAGMSG))
		return (r->msgid);
	if (relay_boot[0] == '\0') {
		if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd) {
			unsigned long	 t = (unsigned long)time(NULL);

			memcpy(rnd, &t, sizeof rnd);
		}
		for (i = 0; i < sizeof rnd; i++)
			snprintf(relay_boot + 2 * i, 3, "%02x", rnd[i]);
	}
	snprintf(r->msgid, sizeof r->msgid, "%s-%lx", relay_boot, r->serial);
	return (r->msgid);
}

/* A multiline message goes to the fronts' lines, anything else to relay. */
void
relay_to_user(struct relay *r, struct user *to)
{
	if (r->lines != NULL)
		to->front->lines(to, r);
	else
		to->front->relay(to, r);
}

/* Everyone in the channel but skip (which may be NULL). */
void
relay_to_channel(struct relay *r, struct channel *ch, struct user *skip)
{
	struct member	*m;

	r->chan = ch;
	if (r->lines != NULL) {
		TAILQ_FOREACH(m, &ch->members, chan_entry)
			if (m->user != skip)
				m->user->front->lines(m->user, r);
		return;
	}
	TAILQ_FOREACH(m, &ch->members, chan_entry)
		if (m->user != skip)
			m->user->front->relay(m->user, r);
}

/*
 * The members of the channel with one of the statuses in flags
 * (MEMBER_OP, MEMBER_VOICE), but skip: a STATUSMSG such as "@#chan".
 */
void
relay_to_members(struct relay *r, struct channel *ch, struct user *skip,
    int flags)
{
	struct member	*m;

	r->chan = ch;
	TAILQ_FOREACH(m, &ch->members, chan_entry)
		if (m->user != skip && (m->flags & flags))
			relay_to_user(r, m->user);
}

/*
 * Everyone who shares a channel with u, once each; u too if self.  The
 * serial returned is left in the mark of each user visited (u too), so
 * that a further round (MONITOR watchers) can skip them.
 */
unsigned long
relay_to_neighbours(struct relay *r, struct user *u, int self)
{
	struct member	*um, *m;
	unsigned long	 mark = relay_next_serial();

	u->mark = mark;
	if (self)
		u->front->relay(u, r);
	TAILQ_FOREACH(um, &u->chans, user_entry) {
		TAILQ_FOREACH(m, &um->chan->members, chan_entry) {
			if (m->user->mark == mark)
				continue;
			m->user->mark = mark;
			m->user->front->relay(m->user, r);
		}
	}
	return (mark);
}
