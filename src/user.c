/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Users and the nick tree.  A rename takes the user out of the tree,
 * changes the key and puts it back, so a key never changes in place.
 * Counters for LUSERS are kept up to date here rather than counted.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casemap.h"
#include "channel.h"
#include "conf.h"
#include "conn.h"
#include "monitor.h"
#include "user.h"
#include "pool.h"
#include "xmalloc.h"

struct nicks	user_nicks = RB_INITIALIZER(&user_nicks);
unsigned	user_count;
unsigned	user_count_invisible;
unsigned	user_count_opers;
unsigned	user_count_unknown;
unsigned	user_count_max;
static struct pool	user_pool = POOL_INITIALIZER("user", struct user);

RB_GENERATE(nicks, user, nick_entry, user_cmp);

int
user_cmp(struct user *a, struct user *b)
{
	return (casemap_cmp(a->nick, b->nick));
}

/* A new, unregistered user for conn, with no nick yet. */
struct user *
user_new(struct conn *c, const char *host)
{
	struct user	*u;

	u = pool_get(&user_pool);
	u->conn = c;
	TAILQ_INIT(&u->chans);
	TAILQ_INIT(&u->monitors);
	strlcpy(u->host, host, sizeof u->host);
	u->signon = u->idle = time(NULL);
	if (conf.password[0] == '\0')
		u->flags |= USER_PASSOK;
	user_count_unknown++;
	return (u);
}

/* Remove the user from the tree and the counters and free it. */
void
user_free(struct user *u)
{
	if (u == NULL)
		return;
	if (u->flags & USER_INTREE)
		RB_REMOVE(nicks, &user_nicks, u);
	if (u->flags & USER_REGISTERED) {
		user_count--;
		if (u->flags & USER_INVISIBLE)
			user_count_invisible--;
		if (u->flags & USER_OPER)
			user_count_opers--;
	} else
		user_count_unknown--;
	monitor_clear(u);
	while (u->ninvites > 0)
		free(u->invites[--u->ninvites]);
	free(u->invites);
	free(u->realname);
	free(u->away);
	free(u->account);
	pool_put(&user_pool, u);
}

#define USER_INVITES_MAX	16

/* Remember an INVITE to the channel called name; the oldest goes first. */
void
user_invite(struct user *u, const char *name)
{
	char	 key[CHAN_MAX + 1];

	casemap_fold(key, name, sizeof key);
	if (user_invited(u, key, 0))
		return;
	if (u->invites == NULL)
		u->invites = xcalloc(USER_INVITES_MAX, sizeof *u->invites);
	if (u->ninvites == USER_INVITES_MAX) {
		free(u->invites[0]);
		memmove(u->invites, u->invites + 1,
		    (USER_INVITES_MAX - 1) * sizeof *u->invites);
		u->ninvites--;
	}
	u->invites[u->ninvites++] = xstrdup(key);
}

/* Was u invited to the channel with folded name key?  Forget it if use. */
int
user_invited(struct user *u, const char *key, int use)
{
	unsigned	 i;

	for (i = 0; i < u->ninvites; i++) {
		if (strcmp(u->invites[i], key) != 0)
			continue;
		if (use) {
			free(u->invites[i]);
			memmove(u->invites + i, u->invites + i + 1,
			    (u->ninvites - i - 1) * sizeof *u->invites);
			u->ninvites--;
		}
		return (1);
	}
	return (0);
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

/* Rename a user; -1 if the nick belongs to someone else. */
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
	user_count_unknown--;
	user_count++;
	if (u->flags & USER_INVISIBLE)
		user_count_invisible++;
	if (user_count > user_count_max)
		user_count_max = user_count;
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
	static char	 buf[NICK_MAX + USER_MAX + HOST_MAX + 4];

	snprintf(buf, sizeof buf, "%s!%s@%s", u->nick, u->ident, u->host);
	return (buf);
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
	unsigned	 i;

	if (!(u->flags & USER_REGISTERED) || conf.whowas_len == 0)
		return;
	if (whowas_size != (unsigned)conf.whowas_len) {
		for (i = 0; i < whowas_used; i++)
			free(whowas_ring[i].realname);
		free(whowas_ring);
		whowas_size = conf.whowas_len;
		whowas_ring = xcalloc(whowas_size, sizeof *whowas_ring);
		whowas_next = whowas_used = 0;
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
