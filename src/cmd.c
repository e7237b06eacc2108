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

static unsigned long	cmd_counts[48];

#define C(n)	(&cmd_counts[n])

/* Sorted by name; a unit test checks it. */
const struct cmd_entry cmd_table[] = {
	{ "ADMIN", cmd_admin, 0, 0, C(0),
	  "ADMIN: who runs this server" },
	{ "AWAY", cmd_away, 0, 0, C(1),
	  "AWAY [:message]: mark yourself away, or back without a message" },
	{ "CAP", cmd_cap, 1, CMD_PREREG, C(2),
	  "CAP LS [302] | LIST | REQ :caps | END: capability negotiation" },
	{ "DIE", cmd_die, 0, 0, C(3),
	  "DIE: shut the server down (operators)" },
	{ "HELP", cmd_help, 0, CMD_PREREG, C(4),
	  "HELP [command]: this list, or one command" },
	{ "INFO", cmd_info, 0, 0, C(5),
	  "INFO: about this server" },
	{ "INVITE", cmd_invite, 2, 0, C(6),
	  "INVITE <nick> <#channel>: invite someone into a channel" },
	{ "ISON", cmd_ison, 1, 0, C(7),
	  "ISON <nick> [nick...]: which of these nicks are online" },
	{ "JOIN", cmd_join, 1, 0, C(8),
	  "JOIN <#chan>[,#chan...] [key[,key...]]: join channels; JOIN 0 "
	  "leaves all" },
	{ "KICK", cmd_kick, 2, 0, C(9),
	  "KICK <#chan> <nick>[,nick...] [:reason]: remove someone "
	  "(channel operators)" },
	{ "KILL", cmd_kill, 1, 0, C(10),
	  "KILL <nick> [:reason]: disconnect someone (operators)" },
	{ "LINKS", cmd_links, 0, 0, C(11),
	  "LINKS [mask]: the servers of this network" },
	{ "LIST", cmd_list, 0, 0, C(12),
	  "LIST [#chan[,#chan...]]: channels with their users and topics" },
	{ "LUSERS", cmd_lusers, 0, 0, C(13),
	  "LUSERS: how many users, operators and channels" },
	{ "MODE", cmd_mode, 1, 0, C(14),
	  "MODE <#chan|nick> [modes [args...]]: show or change modes" },
	{ "MONITOR", cmd_monitor, 1, 0, C(37),
	  "MONITOR <+|-> <nick>[,nick...] | C | L | S: watch nicks come and go" },
	{ "MOTD", cmd_motd, 0, 0, C(15),
	  "MOTD: the message of the day" },
	{ "NAMES", cmd_names, 0, 0, C(16),
	  "NAMES [#chan[,#chan...]]: who is in a channel" },
	{ "NICK", cmd_nick, 0, CMD_PREREG, C(17),
	  "NICK <nick>: choose or change your nick" },
	{ "NOTICE", cmd_notice, 0, 0, C(18),
	  "NOTICE <target>[,target...] :text: a message never answered "
	  "automatically" },
	{ "OPER", cmd_oper, 2, 0, C(19),
	  "OPER <name> <password>: become an IRC operator" },
	{ "PART", cmd_part, 1, 0, C(20),
	  "PART <#chan>[,#chan...] [:reason]: leave channels" },
	{ "PASS", cmd_pass, 1, CMD_PREREG, C(21),
	  "PASS <password>: the connection password, before NICK and USER" },
	{ "PING", cmd_ping, 0, CMD_PREREG, C(22),
	  "PING <token>: the server answers PONG with the token" },
	{ "PONG", cmd_pong, 0, CMD_PREREG, C(23),
	  "PONG <token>: answer to the server's PING" },
	{ "PRIVMSG", cmd_privmsg, 0, 0, C(24),
	  "PRIVMSG <target>[,target...] :text: talk to a channel or a nick" },
	{ "QUIT", cmd_quit, 0, CMD_PREREG, C(25),
	  "QUIT [:reason]: disconnect" },
	{ "REHASH", cmd_rehash, 0, 0, C(26),
	  "REHASH: read the configuration file again (operators)" },
	{ "SETNAME", cmd_setname, 1, 0, C(38),
	  "SETNAME :<real name>: change your real name" },
	{ "STATS", cmd_stats, 0, 0, C(27),
	  "STATS <u|m>: uptime, or how often each command was used" },
	{ "TAGMSG", cmd_tagmsg, 1, 0, C(39),
	  "TAGMSG <target>: a message of tags only (message-tags)" },
	{ "TIME", cmd_time, 0, 0, C(28),
	  "TIME: the server's local time" },
	{ "TOPIC", cmd_topic, 1, 0, C(29),
	  "TOPIC <#chan> [:topic]: show or set a channel's topic" },
	{ "USER", cmd_user, 4, CMD_PREREG, C(30),
	  "USER <user> <mode> <unused> :<real name>: register" },
	{ "USERHOST", cmd_userhost, 1, 0, C(31),
	  "USERHOST <nick> [nick...]: user and host of up to five nicks" },
	{ "VERSION", cmd_version, 0, 0, C(32),
	  "VERSION: the server's version and features (005)" },
	{ "WALLOPS", cmd_wallops, 1, 0, C(33),
	  "WALLOPS :text: a message to every +w user (operators)" },
	{ "WHO", cmd_who, 0, 0, C(34),
	  "WHO [#chan|nick|mask] [o]: list users" },
	{ "WHOIS", cmd_whois, 1, 0, C(35),
	  "WHOIS [server] <nick>[,nick...]: about a user" },
	{ "WHOWAS", cmd_whowas, 1, 0, C(36),
	  "WHOWAS <nick> [count]: about a nick no longer in use" },
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
