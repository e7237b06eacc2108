/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Users and the nick tree, and the user verbs.  A rename takes the user
 * out of the tree, changes the key and puts it back, so a key never
 * changes in place.  Counters for LUSERS are kept up to date here
 * rather than counted: the registered ones network-wide, the unknown
 * (not yet registered) ones for this server's connections only.
 *
 * Registration is one function for every front: user_try_register.
 * The fronts gather what it needs (a nick, a user name, the password)
 * each in its own way and call it; it decides, counts, logs nothing of
 * the front's and lets the front greet the user its own way.
 *
 * Answers that arrive later (from the worker) find their user by the id
 * user_ref gave, never by a pointer: user_deref gives NULL once the user
 * is gone.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casemap.h"
#include "channel.h"
#include "conf.h"
#include "front.h"
#include "limit.h"
#include "log.h"
#include "monitor.h"
#include "numeric.h"
#include "pool.h"
#include "relay.h"
#include "server.h"
#include "user.h"
#include "utf8.h"
#include "xmalloc.h"

struct nicks	user_nicks = RB_INITIALIZER(&user_nicks);
unsigned	user_count;
unsigned	user_count_invisible;
unsigned	user_count_opers;
unsigned	user_count_max;
unsigned	user_count_unknown;
unsigned	user_local_max;
static unsigned long	user_next_id;
static struct pool	user_pool = POOL_INITIALIZER("user", struct user);

/* A held id: the user, until it is freed. */
struct user_ref {
	unsigned long		 id;
	struct user		*user;		/* NULL once gone */
	unsigned		 refs;
	RB_ENTRY(user_ref)	 entry;
};
RB_HEAD(user_refs, user_ref);
int	user_ref_cmp(struct user_ref *, struct user_ref *);
RB_PROTOTYPE(user_refs, user_ref, entry, user_ref_cmp);
RB_GENERATE(user_refs, user_ref, entry, user_ref_cmp);
static struct user_refs	user_refs = RB_INITIALIZER(&user_refs);

int
user_ref_cmp(struct user_ref *a, struct user_ref *b)
{
	return (a->id < b->id ? -1 : a->id > b->id);
}

RB_GENERATE(nicks, user, nick_entry, user_cmp);

int
user_cmp(struct user *a, struct user *b)
{
	return (casemap_cmp(a->nick, b->nick));
}

/*
 * A new user on server s, with no nick yet.  One of this server starts
 * unregistered; the caller gives it its connection and front.
 */
struct user *
user_new(struct server *s, const char *host)
{
	struct user	*u;

	u = pool_get(&user_pool);
	u->id = ++user_next_id;
	u->server = s;
	TAILQ_INIT(&u->chans);
	TAILQ_INIT(&u->monitors);
	strlcpy(u->host, host, sizeof u->host);
	strlcpy(u->ip, host, sizeof u->ip);
	u->signon = u->idle = time(NULL);
	if (conf.password[0] == '\0')
		u->flags |= USER_PASSOK;
	if (s == server_me)
		user_count_unknown++;
	return (u);
}

/* Remove the user from the tree and the counters and free it. */
void
user_free(struct user *u)
{
	struct user_ref	 find, *ref;

	if (u == NULL)
		return;
	if (u->flags & USER_INTREE)
		RB_REMOVE(nicks, &user_nicks, u);
	if (u->flags & USER_REGISTERED) {
		user_count--;
		u->server->nusers--;
		if (u->flags & USER_INVISIBLE)
			user_count_invisible--;
		if (u->flags & USER_OPER)
			user_count_opers--;
	} else if (u->server == server_me)
		user_count_unknown--;
	if (u->flags & USER_REFERRED) {
		find.id = u->id;
		if ((ref = RB_FIND(user_refs, &user_refs, &find)) != NULL)
			ref->user = NULL;
	}
	monitor_clear(u);
	while (u->ninvites > 0)
		free(u->invites[--u->ninvites]);
	free(u->invites);
	free(u->certfp);
	while (u->naccepts > 0)
		free(u->accepts[--u->naccepts]);
	free(u->accepts);
	free(u->realname);
	free(u->away);
	free(u->account);
	pool_put(&user_pool, u);
}

/* Is u on this server (a local client, or one of its services)? */
int
user_is_local(const struct user *u)
{
	return (u->server == server_me);
}

/*
 * An id for u that a later answer can give to user_deref, once, to find
 * u again (or NULL if it has gone meanwhile).
 */
unsigned long
user_ref(struct user *u)
{
	struct user_ref	 find, *ref;

	find.id = u->id;
	if ((ref = RB_FIND(user_refs, &user_refs, &find)) == NULL) {
		ref = xcalloc(1, sizeof *ref);
		ref->id = u->id;
		ref->user = u;
		RB_INSERT(user_refs, &user_refs, ref);
		u->flags |= USER_REFERRED;
	}
	ref->refs++;
	return (u->id);
}

struct user *
user_deref(unsigned long id)
{
	struct user_ref	 find, *ref;
	struct user	*u;

	find.id = id;
	if ((ref = RB_FIND(user_refs, &user_refs, &find)) == NULL)
		return (NULL);
	u = ref->user;
	if (--ref->refs == 0) {
		RB_REMOVE(user_refs, &user_refs, ref);
		if (u != NULL)
			u->flags &= ~USER_REFERRED;
		free(ref);
	}
	return (u);
}

struct user *
user_find(const char *nick)
{
	struct user	 find;

	if (strlcpy(find.nick, nick, sizeof find.nick) >= sizeof find.nick)
		return (NULL);		/* Longer than any nick can be. */
	return (RB_FIND(nicks, &user_nicks, &find));
}

/*
 * RFC 2812 section 2.3.1: a letter or special first, then letters,
 * digits, specials or '-', at most nick_len bytes.
 */
int
user_valid_nick(const char *nick)
{
	const char	*p;
	size_t		 len = strlen(nick);

	if (len == 0 || len > (size_t)conf.nick_len)
		return (0);
	for (p = nick; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= '}') ||
		    (p != nick && ((*p >= '0' && *p <= '9') || *p == '-')))
			continue;
		return (0);
	}
	return (1);
}

/* Put u in the tree under nick; -1 if the nick belongs to someone else. */
int
user_set_nick(struct user *u, const char *nick)
{
	struct user	*other;

	if ((other = user_find(nick)) != NULL && other != u)
		return (-1);
	if (u->flags & USER_INTREE)
		RB_REMOVE(nicks, &user_nicks, u);
	strlcpy(u->nick, nick, sizeof u->nick);
	RB_INSERT(nicks, &user_nicks, u);
	u->flags |= USER_INTREE;
	return (0);
}

void
user_set_registered(struct user *u)
{
	u->flags |= USER_REGISTERED;
	if (u->server == server_me)
		user_count_unknown--;
	user_count++;
	u->server->nusers++;
	if (u->flags & USER_INVISIBLE)
		user_count_invisible++;
	if (u->flags & USER_OPER)
		user_count_opers++;
	if (user_count > user_count_max)
		user_count_max = user_count;
	if (server_me->nusers > user_local_max)
		user_local_max = server_me->nusers;
}

/* Set or clear a user mode flag, keeping the counters right. */
void
user_set_flag(struct user *u, int flag, int on)
{
	unsigned	*counter = NULL;

	if (on == ((u->flags & flag) != 0))
		return;
	if (on)
		u->flags |= flag;
	else
		u->flags &= ~flag;
	if (!(u->flags & USER_REGISTERED))
		return;
	if (flag == USER_INVISIBLE)
		counter = &user_count_invisible;
	else if (flag == USER_OPER)
		counter = &user_count_opers;
	if (counter != NULL)
		*counter += on ? 1 : -1;
}

/* "nick!user@host", in a static buffer. */
const char *
user_prefix(struct user *u)
{
	static char	 buf[PREFIX_MAX];

	return (user_mask(u, buf, sizeof buf));
}

/* The name numerics address a user by: the nick, or "*" before one. */
const char *
user_target(struct user *u)
{
	return (u->nick[0] != '\0' ? u->nick : "*");
}

/*
 * WHOWAS history: a ring of the last whowas_len nicks, newest last.  It
 * is sized on first use; a change of whowas_len by REHASH starts it anew.
 */
static struct whowas	*whowas_ring;
static unsigned		 whowas_size, whowas_next, whowas_used;

void
user_whowas_add(struct user *u)
{
	struct whowas	*w;

	if (!(u->flags & USER_REGISTERED) || conf.whowas_len == 0)
		return;
	if (whowas_size != (unsigned)conf.whowas_len) {
		user_whowas_clear();
		whowas_size = conf.whowas_len;
		whowas_ring = xcalloc(whowas_size, sizeof *whowas_ring);
	}
	w = &whowas_ring[whowas_next];
	free(w->realname);
	strlcpy(w->nick, u->nick, sizeof w->nick);
	strlcpy(w->ident, u->ident, sizeof w->ident);
	strlcpy(w->host, u->host, sizeof w->host);
	w->realname = xstrdup(u->realname != NULL ? u->realname : "");
	w->when = time(NULL);
	whowas_next = (whowas_next + 1) % whowas_size;
	if (whowas_used < whowas_size)
		whowas_used++;
}

/* Forget every nick that was (at exit, and between fuzz inputs). */
void
user_whowas_clear(void)
{
	unsigned	 i;

	for (i = 0; i < whowas_used; i++)
		free(whowas_ring[i].realname);
	free(whowas_ring);
	whowas_ring = NULL;
	whowas_size = whowas_next = whowas_used = 0;
}

/*
 * The entries for nick, newest first: call with *cursor = 0, then again
 * with the same cursor until NULL.
 */
const struct whowas *
user_whowas_get(const char *nick, unsigned *cursor)
{
	struct whowas	*w;
	unsigned	 i;

	while (*cursor < whowas_used) {
		i = (whowas_next + whowas_size - 1 - *cursor) % whowas_size;
		(*cursor)++;
		w = &whowas_ring[i];
		if (casemap_cmp(w->nick, nick) == 0)
			return (w);
	}
	return (NULL);
}

/*
 * Complete registration if everything is there: a nick, a user name,
 * the end of CAP negotiation, and the password (or none needed), which
 * is checked last so that a wrong one is answered once.
 */
void
user_try_register(struct user *u)
{
	if ((u->flags & (USER_REGISTERED | USER_CAPNEG)) ||
	    !(u->flags & USER_GOTUSER) || !(u->flags & USER_INTREE))
		return;
	if (!(u->flags & USER_PASSOK)) {
		numeric_send(u, ERR_PASSWDMISMATCH);
		user_disconnect(u, "Bad password");
		return;
	}
	user_set_registered(u);
	u->front->welcome(u);
	monitor_signal(u, 1);
}

/*
 * Give u a new nick, telling everyone who can see it; shared by NICK and
 * the text front's /nick.  Returns 0, or -1 after sending the error.
 */
int
user_rename(struct user *u, const char *nick)
{
	struct relay	 r;
	struct user	*other;
	char		 old[NICK_MAX + 1];
	int		 newkey;

	if (*nick == '\0') {
		numeric_send(u, ERR_NONICKNAMEGIVEN);
		return (-1);
	}
	if (!user_valid_nick(nick)) {
		numeric_send(u, ERR_ERRONEUSNICKNAME, nick);
		return (-1);
	}
	if ((other = user_find(nick)) != NULL && other != u) {
		numeric_send(u, ERR_NICKNAMEINUSE, nick);
		return (-1);
	}
	if (strcmp(u->nick, nick) == 0)
		return (0);
	if (!(u->flags & USER_REGISTERED)) {
		user_set_nick(u, nick);
		return (0);
	}
	strlcpy(old, u->nick, sizeof old);
	user_whowas_add(u);
	relay_init(&r, RELAY_NICK, u, NULL, NULL, nick);
	relay_to_neighbours(&r, u, 1);
	/* A change of case only is the same nick to its watchers. */
	if ((newkey = casemap_cmp(u->nick, nick) != 0))
		monitor_signal(u, 0);
	user_set_nick(u, nick);
	if (newkey)
		monitor_signal(u, 1);
	log_info("%s set nickname to %s", old, nick);
	return (0);
}

/*
 * The channel statuses of m as a server MODE ("+ov nick nick"), for a
 * member whose joining is shown again; 0 if it has none.
 */
static int
user_member_modes(struct member *m, char *buf, size_t size)
{
	const char	*nick = m->user->nick;

	if ((m->flags & (MEMBER_OP | MEMBER_VOICE)) == 0)
		return (0);
	if ((m->flags & MEMBER_OP) && (m->flags & MEMBER_VOICE))
		snprintf(buf, size, "+ov %s %s", nick, nick);
	else
		snprintf(buf, size, "+%c %s",
		    (m->flags & MEMBER_OP) ? 'o' : 'v', nick);
	return (1);
}

/*
 * Give u another user name and host, as others see them (a cloak, a
 * virtual host); the address it connected from stays in ip.  IRCv3
 * chghost: those sharing a channel with u who have the capability get
 * CHGHOST from the old mask, and so does u if it has it.  The others
 * are shown a reconnection instead, as the specification suggests: a
 * QUIT from the old mask, then in each shared channel a JOIN from the
 * new one, the member's status as a server MODE and its away message.
 * People on the text front see nothing.  u gets 396 either way.
 */
void
user_set_host(struct user *u, const char *ident, const char *host)
{
	struct relay	 r;
	struct member	*m;
	char		 nident[USER_MAX + 2], nhost[HOST_MAX + 1];
	char		 modes[2 * NICK_MAX + 8];

	strlcpy(nident, ident, sizeof nident);
	strlcpy(nhost, host, sizeof nhost);
	if (strcmp(nident, u->ident) == 0 && strcmp(nhost, u->host) == 0)
		return;
	if (!(u->flags & USER_REGISTERED)) {
		strlcpy(u->ident, nident, sizeof u->ident);
		strlcpy(u->host, nhost, sizeof u->host);
		return;
	}
	relay_init(&r, RELAY_CHGHOST, u, nident, nhost, NULL);
	relay_caps(&r, CAP_CHGHOST, 0);
	monitor_relay(&r, u, relay_to_neighbours(&r, u, 1));
	relay_init(&r, RELAY_QUIT, u, NULL, NULL, "Changing host");
	relay_caps(&r, 0, CAP_CHGHOST);
	relay_to_neighbours(&r, u, 0);
	log_info("%s changed host from %s@%s to %s@%s", u->nick, u->ident,
	    u->host, nident, nhost);
	strlcpy(u->ident, nident, sizeof u->ident);
	strlcpy(u->host, nhost, sizeof u->host);
	TAILQ_FOREACH(m, &u->chans, user_entry) {
		relay_init(&r, RELAY_JOIN, u, m->chan->name, NULL, NULL);
		relay_caps(&r, 0, CAP_CHGHOST);
		relay_to_channel(&r, m->chan, u);
		if (user_member_modes(m, modes, sizeof modes)) {
			relay_init(&r, RELAY_MODE, NULL, m->chan->name, modes,
			    NULL);
			relay_set_source(&r, conf.server_name);
			relay_caps(&r, 0, CAP_CHGHOST);
			relay_to_channel(&r, m->chan, u);
		}
		if (u->away != NULL) {
			relay_init(&r, RELAY_AWAY, u, NULL, NULL, u->away);
			relay_caps(&r, CAP_AWAY_NOTIFY, CAP_CHGHOST);
			relay_to_channel(&r, m->chan, u);
		}
	}
	numeric_send(u, RPL_VISIBLEHOST, u->host);
}

/*
 * Mark u away with text, or back when text is NULL or empty; those
 * sharing a channel with u hear of it with away-notify, watchers with
 * extended-monitor too.  Before registration (pre-away) it is only set.
 */
void
user_set_away(struct user *u, const char *text)
{
	struct relay	 r;

	free(u->away);
	u->away = NULL;
	if (text != NULL && *text != '\0')
		u->away = xstrndup(text, utf8_cut(text, TOPIC_MAX));
	if (!(u->flags & USER_REGISTERED))
		return;
	relay_init(&r, RELAY_AWAY, u, NULL, NULL, u->away);
	relay_caps(&r, CAP_AWAY_NOTIFY, 0);
	monitor_relay(&r, u, relay_to_neighbours(&r, u, 0));
}

/*
 * Give u another real name (IRCv3 setname): u and those sharing a
 * channel with it hear of it with setname, watchers with
 * extended-monitor too.
 */
void
user_set_realname(struct user *u, const char *realname)
{
	struct relay	 r;

	free(u->realname);
	u->realname = xstrdup(realname);
	relay_init(&r, RELAY_SETNAME, u, NULL, NULL, u->realname);
	relay_caps(&r, CAP_SETNAME, 0);
	monitor_relay(&r, u, relay_to_neighbours(&r, u, 1));
}

/*
 * A channel was renamed: invitations to its old folded name (from) are
 * now to the new one (to).
 */
void
user_invites_rename(const char *from, const char *to)
{
	struct user	*w;
	unsigned	 i;

	if (strcmp(from, to) == 0)
		return;
	RB_FOREACH(w, nicks, &user_nicks)
		for (i = 0; i < w->ninvites; i++)
			if (strcmp(w->invites[i], from) == 0) {
				free(w->invites[i]);
				w->invites[i] = xstrdup(to);
			}
}

/*
 * CALLERID (user mode +g): the ACCEPT list, the nicks u takes private
 * messages from.  Nicks are kept as given and compared case-mapped; a
 * user who changes nick is no longer on the list.
 */
int
user_accepts(const struct user *u, const struct user *from)
{
	unsigned	 i;

	for (i = 0; i < u->naccepts; i++)
		if (casemap_cmp(u->accepts[i], from->nick) == 0)
			return (1);
	return (0);
}

/* Add nick to u's list: 0, 1 if it was there, -1 if the list is full. */
int
user_accept_add(struct user *u, const char *nick)
{
	unsigned	 i;

	for (i = 0; i < u->naccepts; i++)
		if (casemap_cmp(u->accepts[i], nick) == 0)
			return (1);
	if (u->naccepts == ACCEPT_LIMIT)
		return (-1);
	if (u->accepts == NULL)
		u->accepts = xcalloc(ACCEPT_LIMIT, sizeof *u->accepts);
	u->accepts[u->naccepts++] = xstrdup(nick);
	return (0);
}

/* Take nick off u's list: 0, or -1 if it was not there. */
int
user_accept_del(struct user *u, const char *nick)
{
	unsigned	 i;

	for (i = 0; i < u->naccepts; i++) {
		if (casemap_cmp(u->accepts[i], nick) != 0)
			continue;
		free(u->accepts[i]);
		u->accepts[i] = u->accepts[--u->naccepts];
		return (0);
	}
	return (-1);
}

/*
 * The user's address is addr and its host host, as someone natterd
 * trusts says (a proxy, a WebIRC gateway): max_clients_per_ip counts it
 * there instead.  -1, and nothing changed, if addr has too many
 * connections already.
 */
int
user_readdress(struct user *u, const char *addr, const char *host)
{
	if (strcmp(addr, u->ip) != 0) {
		if (limit_ip_add(addr) != 0)
			return (-1);
		limit_ip_del(u->ip);
		strlcpy(u->ip, addr, sizeof u->ip);
	}
	strlcpy(u->host, host, sizeof u->host);
	return (0);
}

/* End u's session (a local connection closes, a link is told). */
void
user_disconnect(struct user *u, const char *reason)
{
	u->front->disconnect(u, reason);
}

/*
 * The user is gone: tell its neighbours, leave every channel, and free
 * it.  Its front has already let go of any connection.
 */
void
user_quit(struct user *u, const char *reason)
{
	struct relay	 r;
	struct member	*m;

	if (u->flags & USER_REGISTERED) {
		user_whowas_add(u);
		relay_init(&r, RELAY_QUIT, u, NULL, NULL, reason);
		relay_to_neighbours(&r, u, 0);
		monitor_signal(u, 0);
	}
	while ((m = TAILQ_FIRST(&u->chans)) != NULL)
		channel_del_member(m);
	if (u->flags & USER_REGISTERED)
		log_info("%s disconnected", u->nick);
	user_free(u);
}

/*
 * Do the nick tree, the users' memberships and the counters agree?
 * Every user has a server and a front, its memberships are its own and
 * in channels of the tree, and the counts are what the tree holds.
 * NULL if so, else what is wrong.  For tests and fuzzing.
 */
const char *
user_check(void)
{
	struct user	*u;
	struct member	*m;
	unsigned	 reg = 0, invisible = 0, opers = 0, local = 0, n;

	RB_FOREACH(u, nicks, &user_nicks) {
		if (!(u->flags & USER_INTREE))
			return ("a user in the tree is not marked so");
		if (u->server == NULL || u->front == NULL)
			return ("a user without a server or a front");
		if (user_find(u->nick) != u)
			return ("a user is not found by its nick");
		n = 0;
		TAILQ_FOREACH(m, &u->chans, user_entry) {
			if (m->user != u)
				return ("a user's membership names another");
			if (channel_find(m->chan->name) != m->chan)
				return ("a user is in a channel not in the tree");
			n++;
		}
		if (n != u->nchans)
			return ("nchans is not the memberships listed");
		if (!(u->flags & USER_REGISTERED))
			continue;
		reg++;
		if (u->flags & USER_INVISIBLE)
			invisible++;
		if (u->flags & USER_OPER)
			opers++;
		if (u->server == server_me)
			local++;
	}
	if (reg != user_count)
		return ("user_count is not the registered users in the tree");
	if (invisible != user_count_invisible)
		return ("user_count_invisible is wrong");
	if (opers != user_count_opers)
		return ("user_count_opers is wrong");
	if (local != server_me->nusers)
		return ("this server's user count is wrong");
	return (NULL);
}
