/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The command table and the dispatcher.  The table is sorted so lookup
 * is a binary search (a unit test checks the order).  Before
 * registration only CMD_PREREG commands run; any other, known or not,
 * gets 451.  Too few parameters get 461; unknown commands 421.
 */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "msg.h"
#include "numeric.h"
#include "user.h"

static unsigned long	cmd_counts[32];

#define C(n)	(&cmd_counts[n])

const struct cmd_entry cmd_table[] = {
	{ "AWAY",	cmd_away,	0, 0,		C(0) },
	{ "CAP",	cmd_cap,	1, CMD_PREREG,	C(1) },
	{ "ISON",	cmd_ison,	1, 0,		C(2) },
	{ "JOIN",	cmd_join,	1, 0,		C(3) },
	{ "LIST",	cmd_list,	0, 0,		C(4) },
	{ "LUSERS",	cmd_lusers,	0, 0,		C(5) },
	{ "MODE",	cmd_mode,	1, 0,		C(6) },
	{ "MOTD",	cmd_motd,	0, 0,		C(7) },
	{ "NAMES",	cmd_names,	0, 0,		C(8) },
	{ "NICK",	cmd_nick,	0, CMD_PREREG,	C(9) },
	{ "NOTICE",	cmd_notice,	0, 0,		C(10) },
	{ "PART",	cmd_part,	1, 0,		C(11) },
	{ "PASS",	cmd_pass,	1, CMD_PREREG,	C(12) },
	{ "PING",	cmd_ping,	0, CMD_PREREG,	C(13) },
	{ "PONG",	cmd_pong,	0, CMD_PREREG,	C(14) },
	{ "PRIVMSG",	cmd_privmsg,	0, 0,		C(15) },
	{ "QUIT",	cmd_quit,	0, CMD_PREREG,	C(16) },
	{ "TOPIC",	cmd_topic,	1, 0,		C(17) },
	{ "USER",	cmd_user,	4, CMD_PREREG,	C(18) },
	{ "USERHOST",	cmd_userhost,	1, 0,		C(19) },
	{ "WHO",	cmd_who,	0, 0,		C(20) },
	{ "WHOIS",	cmd_whois,	1, 0,		C(21) },
};
const unsigned cmd_table_len = sizeof cmd_table / sizeof cmd_table[0];

static int
cmd_cmp(const void *key, const void *entry)
{
	return (strcmp(key, ((const struct cmd_entry *)entry)->name));
}

const struct cmd_entry *
cmd_find(const char *name)
{
	return (bsearch(name, cmd_table, cmd_table_len, sizeof cmd_table[0],
	    cmd_cmp));
}

void
cmd_dispatch(struct user *u, struct msg *m)
{
	const struct cmd_entry	*ce;

	ce = cmd_find(m->cmd);
	if (!(u->flags & USER_REGISTERED) &&
	    (ce == NULL || !(ce->flags & CMD_PREREG))) {
		numeric_send(u, ERR_NOTREGISTERED);
		return;
	}
	if (ce == NULL) {
		numeric_send(u, ERR_UNKNOWNCOMMAND, m->cmd);
		return;
	}
	(*ce->count)++;
	if (m->nparams < ce->min) {
		numeric_send(u, ERR_NEEDMOREPARAMS, m->cmd);
		return;
	}
	ce->fn(u, m);
}
