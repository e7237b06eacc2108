/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The capability table (IRCv3 capability negotiation 302) and
 * cap-notify.  cap_init remembers what is offered at start, with each
 * capability's value; cap_update compares what is offered now with what
 * was, and sends each client that has cap-notify (or said CAP LS 302,
 * which implies it) CAP DEL for what went and CAP NEW for what came.  A
 * capability whose value changed is announced again with CAP NEW, to
 * CAP 302 clients only, since only they see values.  What a client had
 * enabled and is told has gone is switched off for it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap.h"
#include "conf.h"
#include "numeric.h"
#include "sbuf.h"
#include "user.h"

/* draft/multiline's value: the limits of a batch. */
static void
cap_multiline_value(const struct user *u, char *buf, size_t size)
{
	snprintf(buf, size, "max-bytes=%ld,max-lines=%ld",
	    conf.multiline_max_bytes, conf.multiline_max_lines);
}

/* sts is offered with an STS policy (the IRCv3 sts specification). */
static int
cap_sts_offered(void)
{
	return (conf.sts_port != 0);
}

/*
 * sts's value: on a plain connection the TLS port to move to, on a
 * secure one how long to keep to TLS.
 */
static void
cap_sts_value(const struct user *u, char *buf, size_t size)
{
	if (u == NULL)
		snprintf(buf, size, "port=%ld,duration=%ld%s", conf.sts_port,
		    conf.sts_duration, conf.sts_preload ? ",preload" : "");
	else if (!(u->flags & USER_SECURE))
		snprintf(buf, size, "port=%ld", conf.sts_port);
	else
		snprintf(buf, size, "duration=%ld%s", conf.sts_duration,
		    conf.sts_preload ? ",preload" : "");
}

/* Sorted by name; a unit test checks it. */
const struct cap_entry cap_table[] = {
	{ "account-notify",	CAP_ACCOUNT_NOTIFY, NULL, NULL, 0 },
	{ "account-tag",	CAP_ACCOUNT_TAG, NULL, NULL, 0 },
	{ "away-notify",	CAP_AWAY_NOTIFY, NULL, NULL, 0 },
	{ "batch",		CAP_BATCH, NULL, NULL, 0 },
	{ "cap-notify",		CAP_CAP_NOTIFY, NULL, NULL, 0 },
	{ "chghost",		CAP_CHGHOST, NULL, NULL, 0 },
	{ "draft/channel-rename", CAP_CHANNEL_RENAME, NULL, NULL, 0 },
	{ "draft/extended-monitor", CAP_EXTENDED_MONITOR_DRAFT, NULL, NULL,
	  0 },
	{ "draft/multiline",	CAP_MULTILINE, NULL, cap_multiline_value, 0 },
	{ "draft/no-implicit-names", CAP_NO_NAMES_DRAFT, NULL, NULL, 0 },
	{ "draft/pre-away",	CAP_PRE_AWAY, NULL, NULL, 0 },
	{ "echo-message",	CAP_ECHO_MESSAGE, NULL, NULL, 0 },
	{ "extended-join",	CAP_EXTENDED_JOIN, NULL, NULL, 0 },
	{ "extended-monitor",	CAP_EXTENDED_MONITOR, NULL, NULL, 0 },
	{ "invite-notify",	CAP_INVITE_NOTIFY, NULL, NULL, 0 },
	{ "labeled-response",	CAP_LABELED_RESPONSE, NULL, NULL, 0 },
	{ "message-tags",	CAP_MESSAGE_TAGS, NULL, NULL, 0 },
	{ "multi-prefix",	CAP_MULTI_PREFIX, NULL, NULL, 0 },
	{ "no-implicit-names",	CAP_NO_NAMES, NULL, NULL, 0 },
	{ "server-time",	CAP_SERVER_TIME, NULL, NULL, 0 },
	{ "setname",		CAP_SETNAME, NULL, NULL, 0 },
	{ "standard-replies",	CAP_STANDARD_REPLIES, NULL, NULL, 0 },
	{ "sts",		CAP_STS, cap_sts_offered, cap_sts_value, 1 },
	{ "userhost-in-names",	CAP_USERHOST_IN_NAMES, NULL, NULL, 0 },
};
const unsigned cap_table_len = sizeof cap_table / sizeof cap_table[0];

#define CAP_COUNT	(sizeof cap_table / sizeof cap_table[0])
#define CAP_LINE_WIDTH	400	/* bytes of names per CAP line */

/* What was offered when last looked at, with the values. */
static unsigned	cap_was;
static char	cap_was_value[CAP_COUNT][CAP_VALUE_MAX];

static int
cap_cmp(const void *key, const void *entry)
{
	return (strcmp(key, ((const struct cap_entry *)entry)->name));
}

const struct cap_entry *
cap_find(const char *name)
{
	return (bsearch(name, cap_table, CAP_COUNT, sizeof cap_table[0],
	    cap_cmp));
}

/* Does the disable_caps setting name this capability? */
static int
cap_disabled(const char *name)
{
	return (conf_list_has(conf.disable_caps, name, strlen(name), 0));
}

/*
 * Is the capability offered now?  cap-notify always is: without it
 * nothing else could be withdrawn.
 */
int
cap_is_offered(const struct cap_entry *ce)
{
	if (ce->flag == CAP_CAP_NOTIFY)
		return (1);
	if (cap_disabled(ce->name))
		return (0);
	return (ce->offered == NULL || ce->offered());
}

/* Is u told of changes: cap-notify on, or CAP LS 302 said? */
int
cap_notified(const struct user *u)
{
	return ((u->caps & CAP_CAP_NOTIFY) || u->capver >= 302);
}

/* What is offered now, and each value, into mask and values. */
static unsigned
cap_now(char values[][CAP_VALUE_MAX])
{
	unsigned	 mask = 0;
	size_t		 i;

	for (i = 0; i < CAP_COUNT; i++) {
		values[i][0] = '\0';
		if (!cap_is_offered(&cap_table[i]))
			continue;
		mask |= cap_table[i].flag;
		if (cap_table[i].value != NULL)
			cap_table[i].value(NULL, values[i], CAP_VALUE_MAX);
	}
	return (mask);
}

/* Remember what is offered at start. */
void
cap_init(void)
{
	cap_was = cap_now(cap_was_value);
}

struct cap_reply {
	struct user	*user;
	const char	*sub;
	int		 star;		/* "*" marks all lines but the last */
};

/*
 * One line of CAP LS or LIST, where "*" marks all but the last for a
 * 302 client, or of CAP NEW or DEL, whose lines each stand alone.
 */
static void
cap_flush(void *arg, const char *list, int more)
{
	struct cap_reply	*cr = arg;
	struct user		*u = cr->user;

	numeric_cmd(u, "CAP", "%s %s %s:%s", user_target(u), cr->sub,
	    cr->star && more && u->capver >= 302 ? "* " : "", list);
}

/* Add a capability to a list, with its value for u if values. */
static void
cap_add(struct wlist *w, const struct cap_entry *ce, struct user *u,
    int values)
{
	char	 value[CAP_VALUE_MAX];

	value[0] = '\0';
	if (values && ce->value != NULL)
		ce->value(u, value, sizeof value);
	if (value[0] != '\0')
		wlist_add(w, "%s=%s", ce->name, value);
	else
		wlist_add(w, "%s", ce->name);
}

/*
 * List the capabilities, as LS (those offered; with their values for a
 * 302 client) or LIST (those enabled), in as many lines as they need.  A
 * client older than 302 does not know the "*" that says more follows,
 * so it gets lines that each stand alone.
 */
void
cap_list(struct user *u, const char *sub, int ls, int values)
{
	struct cap_reply	 cr = { u, sub, 1 };
	const struct cap_entry	*ce;
	struct wlist		 w;
	size_t			 i;

	wlist_init(&w, CAP_LINE_WIDTH, ' ', cap_flush, &cr);
	for (i = 0; i < CAP_COUNT; i++) {
		ce = &cap_table[i];
		if (ls ? !cap_is_offered(ce) : !(u->caps & ce->flag))
			continue;
		if (!ce->policy || values)
			cap_add(&w, ce, u, values);
	}
	wlist_end(&w, 1);
}

/*
 * Tell u of the capabilities gone (del) and come (add; with values, and
 * those whose value changed, for CAP 302), in lines that each stand
 * alone.
 */
static void
cap_tell(struct user *u, unsigned del, unsigned add, unsigned revalue,
    char values[][CAP_VALUE_MAX])
{
	struct cap_reply	 cr = { u, "DEL", 0 };
	struct wlist		 w;
	size_t			 i;
	int			 v302 = u->capver >= 302;

	if (del != 0) {
		wlist_init(&w, CAP_LINE_WIDTH, ' ', cap_flush, &cr);
		for (i = 0; i < CAP_COUNT; i++)
			if ((del & cap_table[i].flag) &&
			    (!cap_table[i].policy || v302))
				wlist_add(&w, "%s", cap_table[i].name);
		wlist_end(&w, 0);
		u->caps &= ~del;
	}
	if (v302)
		add |= revalue;
	if (add == 0)
		return;
	cr.sub = "NEW";
	wlist_init(&w, CAP_LINE_WIDTH, ' ', cap_flush, &cr);
	for (i = 0; i < CAP_COUNT; i++) {
		if ((add & cap_table[i].flag) &&
		    (!cap_table[i].policy || v302))
			cap_add(&w, &cap_table[i], u, v302 &&
			    values[i][0] != '\0');
	}
	wlist_end(&w, 0);
}

/*
 * What is offered may have changed (REHASH, or a service that comes or
 * goes): tell every client with cap-notify.  A client that has not sent
 * NICK yet is not in the nick tree and is not told; its CAP LS is
 * answered from what is offered when it asks.
 */
void
cap_update(void)
{
	char		 values[CAP_COUNT][CAP_VALUE_MAX];
	unsigned	 now, add, del, revalue = 0;
	struct user	*u;
	size_t		 i;

	now = cap_now(values);
	add = now & ~cap_was;
	del = cap_was & ~now;
	for (i = 0; i < CAP_COUNT; i++)
		if ((now & cap_was & cap_table[i].flag) &&
		    strcmp(values[i], cap_was_value[i]) != 0)
			revalue |= cap_table[i].flag;
	cap_was = now;
	memcpy(cap_was_value, values, sizeof cap_was_value);
	if ((add | del | revalue) == 0)
		return;
	RB_FOREACH(u, nicks, &user_nicks)
		if (u->conn != NULL && cap_notified(u))
			cap_tell(u, del, add, revalue, values);
}
