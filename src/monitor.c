/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * MONITOR lists (IRCv3 monitor).  monitor_signal is called when a nick
 * comes online (registration, rename to it) or goes (quit, rename away),
 * and tells each watcher with 730 or 731: O(watchers of that nick).
 * monitor_relay gives a change of the watched user (AWAY, SETNAME,
 * CHGHOST) to watchers with extended-monitor that were not told already
 * as its neighbours; the relay's own capability still has to be on.
 */

#include <sys/queue.h>
#include <sys/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casemap.h"
#include "monitor.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "user.h"
#include "xmalloc.h"

#define MONITOR_WIDTH	400	/* bytes of nicks in one 732 */

struct watched;

struct watch {
	struct user		*user;
	struct watched		*nick;
	TAILQ_ENTRY(watch)	 nick_entry;	/* watched's watches */
	TAILQ_ENTRY(watch)	 user_entry;	/* user's monitors */
};

struct watched {
	char			 key[NICK_MAX + 1];
	char			 nick[NICK_MAX + 1];
	TAILQ_HEAD(, watch)	 watches;
	RB_ENTRY(watched)	 entry;
};

int		watched_cmp(struct watched *, struct watched *);

int
watched_cmp(struct watched *a, struct watched *b)
{
	return (strcmp(a->key, b->key));
}

RB_HEAD(watcheds, watched);
RB_PROTOTYPE(watcheds, watched, entry, watched_cmp);
RB_GENERATE(watcheds, watched, entry, watched_cmp);

static struct watcheds	monitor_tree = RB_INITIALIZER(&monitor_tree);

static struct watched *
monitor_find(const char *nick)
{
	struct watched	 find;

	casemap_fold(find.key, nick, sizeof find.key);
	return (RB_FIND(watcheds, &monitor_tree, &find));
}

/* Watch nick; -1 if u's list is full, 0 otherwise. */
int
monitor_add(struct user *u, const char *nick)
{
	struct watched	*wd;
	struct watch	*w;

	if ((wd = monitor_find(nick)) != NULL) {
		TAILQ_FOREACH(w, &wd->watches, nick_entry)
			if (w->user == u)
				return (0);
	}
	if (u->nmonitors >= MONITOR_LIMIT)
		return (-1);
	if (wd == NULL) {
		wd = xcalloc(1, sizeof *wd);
		casemap_fold(wd->key, nick, sizeof wd->key);
		strlcpy(wd->nick, nick, sizeof wd->nick);
		TAILQ_INIT(&wd->watches);
		RB_INSERT(watcheds, &monitor_tree, wd);
	}
	w = xmalloc(sizeof *w);
	w->user = u;
	w->nick = wd;
	TAILQ_INSERT_TAIL(&wd->watches, w, nick_entry);
	TAILQ_INSERT_TAIL(&u->monitors, w, user_entry);
	u->nmonitors++;
	return (0);
}

static void
monitor_unlink(struct watch *w)
{
	struct watched	*wd = w->nick;

	TAILQ_REMOVE(&wd->watches, w, nick_entry);
	TAILQ_REMOVE(&w->user->monitors, w, user_entry);
	w->user->nmonitors--;
	free(w);
	if (TAILQ_EMPTY(&wd->watches)) {
		RB_REMOVE(watcheds, &monitor_tree, wd);
		free(wd);
	}
}

void
monitor_del(struct user *u, const char *nick)
{
	struct watched	*wd;
	struct watch	*w;

	if ((wd = monitor_find(nick)) == NULL)
		return;
	TAILQ_FOREACH(w, &wd->watches, nick_entry) {
		if (w->user == u) {
			monitor_unlink(w);
			return;
		}
	}
}

void
monitor_clear(struct user *u)
{
	struct watch	*w;

	while ((w = TAILQ_FIRST(&u->monitors)) != NULL)
		monitor_unlink(w);
}

/* u's nick came online (online set) or went away: tell its watchers. */
void
monitor_signal(struct user *u, int online)
{
	struct watched	*wd;
	struct watch	*w;
	char		 mask[PREFIX_MAX];

	if ((wd = monitor_find(u->nick)) == NULL)
		return;
	user_mask(u, mask, sizeof mask);
	TAILQ_FOREACH(w, &wd->watches, nick_entry) {
		if (online)
			numeric_send(w->user, RPL_MONONLINE, mask);
		else
			numeric_send(w->user, RPL_MONOFFLINE, u->nick);
	}
}

/*
 * IRCv3 extended-monitor: r, a change of u already relayed to its
 * neighbours with serial mark, goes to u's other watchers that enabled
 * extended-monitor (and r's own capability, which their front checks).
 */
void
monitor_relay(struct relay *r, struct user *u, unsigned long mark)
{
	struct watched	*wd;
	struct watch	*w;

	if ((wd = monitor_find(u->nick)) == NULL)
		return;
	TAILQ_FOREACH(w, &wd->watches, nick_entry) {
		if (w->user->mark == mark ||
		    !(w->user->caps & (CAP_EXTENDED_MONITOR |
		    CAP_EXTENDED_MONITOR_DRAFT)))
			continue;
		w->user->mark = mark;
		relay_to_user(r, w->user);
	}
}

static void
monitor_flush(void *arg, const char *list, int more)
{
	numeric_send(arg, RPL_MONLIST, list);
}

/* MONITOR L: the list, in lines of a few hundred bytes. */
void
monitor_list(struct user *u)
{
	struct watch	*w;
	struct wlist	 list;

	wlist_init(&list, MONITOR_WIDTH, ',', monitor_flush, u);
	TAILQ_FOREACH(w, &u->monitors, user_entry)
		wlist_add(&list, "%s", w->nick->nick);
	wlist_end(&list, 0);
	numeric_send(u, RPL_ENDOFMONLIST);
}

/* For MONITOR S: step through u's list (start with TAILQ_FIRST). */
struct watch *
monitor_next(struct watch *w)
{
	return (TAILQ_NEXT(w, user_entry));
}

const char *
monitor_watch_nick(struct watch *w)
{
	return (w->nick->nick);
}
