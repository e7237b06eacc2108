/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The command table and the dispatcher.  The table is sorted so lookup
 * is a binary search (a unit test checks the order).  Each entry says
 * who may send the command.  Before registration only CMD_UNREG
 * commands run; any other, known or not, gets 451.  Too few parameters
 * get 461; unknown commands 421.
 */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "msg.h"
#include "numeric.h"
#include "user.h"

#define U	CMD_USER
#define A	(CMD_UNREG | CMD_USER)

/* Sorted by name; a unit test checks it. */
const struct cmd_entry cmd_table[] = {
	{ "ACCEPT", cmd_accept, 1, U,
	  "ACCEPT <nick>[,-nick...] | *: who may message you while you are "
	  "+g (CALLERID)" },
	{ "ADMIN", cmd_admin, 0, U,
	  "ADMIN: who runs this server" },
	{ "AWAY", cmd_away, 0, A,
	  "AWAY [:message]: mark yourself away, or back without a message "
	  "(before registration too, with draft/pre-away)" },
	{ "CAP", cmd_cap, 1, A,
	  "CAP LS [302] | LIST | REQ :caps | END: capability negotiation" },
	{ "CHGHOST", cmd_chghost, 2, U,
	  "CHGHOST <nick> [user@]<host>: change someone's visible user name "
	  "and host (operators)" },
	{ "DIE", cmd_die, 0, U,
	  "DIE: shut the server down (operators)" },
	{ "HELP", cmd_help, 0, A,
	  "HELP [command]: this list, or one command" },
	{ "INFO", cmd_info, 0, U,
	  "INFO: about this server" },
	{ "INVITE", cmd_invite, 2, U,
	  "INVITE <nick> <#channel>: invite someone into a channel" },
	{ "ISON", cmd_ison, 1, U,
	  "ISON <nick> [nick...]: which of these nicks are online" },
	{ "JOIN", cmd_join, 1, U,
	  "JOIN <#chan>[,#chan...] [key[,key...]]: join channels; JOIN 0 "
	  "leaves all" },
	{ "KICK", cmd_kick, 2, U,
	  "KICK <#chan> <nick>[,nick...] [:reason]: remove someone "
	  "(channel operators)" },
	{ "KILL", cmd_kill, 1, U,
	  "KILL <nick> [:reason]: disconnect someone (operators)" },
	{ "LINKS", cmd_links, 0, U,
	  "LINKS [mask]: the servers of this network" },
	{ "LIST", cmd_list, 0, U,
	  "LIST [#chan[,#chan...]]: channels with their users and topics" },
	{ "LUSERS", cmd_lusers, 0, U,
	  "LUSERS: how many users, operators and channels" },
	{ "MODE", cmd_mode, 1, U,
	  "MODE <#chan|nick> [modes [args...]]: show or change modes" },
	{ "MONITOR", cmd_monitor, 1, U,
	  "MONITOR <+|-> <nick>[,nick...] | C | L | S: watch nicks come and go" },
	{ "MOTD", cmd_motd, 0, U,
	  "MOTD: the message of the day" },
	{ "NAMES", cmd_names, 0, U,
	  "NAMES [#chan[,#chan...]]: who is in a channel" },
	{ "NICK", cmd_nick, 0, A,
	  "NICK <nick>: choose or change your nick" },
	{ "NOTICE", cmd_notice, 0, U,
	  "NOTICE <target>[,target...] :text: a message never answered "
	  "automatically" },
	{ "OPER", cmd_oper, 1, U,
	  "OPER <name> [password]: become an IRC operator (by password, "
	  "TLS client certificate or both)" },
	{ "PART", cmd_part, 1, U,
	  "PART <#chan>[,#chan...] [:reason]: leave channels" },
	{ "PASS", cmd_pass, 1, A,
	  "PASS <password>: the connection password, before NICK and USER" },
	{ "PING", cmd_ping, 0, A,
	  "PING <token>: the server answers PONG with the token" },
	{ "PONG", cmd_pong, 0, A,
	  "PONG <token>: answer to the server's PING" },
	{ "PRIVMSG", cmd_privmsg, 0, U,
	  "PRIVMSG <target>[,target...] :text: talk to a channel or a nick" },
	{ "QUIT", cmd_quit, 0, A,
	  "QUIT [:reason]: disconnect" },
	{ "REHASH", cmd_rehash, 0, U,
	  "REHASH: read the configuration file again (operators)" },
	{ "RENAME", cmd_rename, 2, U,
	  "RENAME <#channel> <#new> [:reason]: rename a channel (channel "
	  "operators)" },
	{ "SETNAME", cmd_setname, 1, U,
	  "SETNAME :<real name>: change your real name" },
	{ "STATS", cmd_stats, 0, U,
	  "STATS <u|m>: uptime, or how often each command was used" },
	{ "TAGMSG", cmd_tagmsg, 1, U,
	  "TAGMSG <target>: a message of tags only (message-tags)" },
	{ "TIME", cmd_time, 0, U,
	  "TIME: the server's local time" },
	{ "TOPIC", cmd_topic, 1, U,
	  "TOPIC <#chan> [:topic]: show or set a channel's topic" },
	{ "USER", cmd_user, 4, A,
	  "USER <user> <mode> <unused> :<real name>: register" },
	{ "USERHOST", cmd_userhost, 1, U,
	  "USERHOST <nick> [nick...]: user and host of up to five nicks" },
	{ "VERSION", cmd_version, 0, U,
	  "VERSION: the server's version and features (005)" },
	{ "WALLOPS", cmd_wallops, 1, U,
	  "WALLOPS :text: a message to every +w user (operators)" },
	{ "WEBIRC", cmd_webirc, 4, A,
	  "WEBIRC <password> <gateway> <hostname> <ip> [:options]: a web "
	  "gateway gives its user's address (first of all; [webirc] "
	  "sections)" },
	{ "WHO", cmd_who, 0, U,
	  "WHO [#chan|nick|mask] [o]: list users" },
	{ "WHOIS", cmd_whois, 1, U,
	  "WHOIS [server] <nick>[,nick...]: about a user" },
	{ "WHOWAS", cmd_whowas, 1, U,
	  "WHOWAS <nick> [count]: about a nick no longer in use" },
};
const unsigned cmd_table_len = sizeof cmd_table / sizeof cmd_table[0];

/* Uses of each command, for STATS m: indexed like cmd_table. */
static unsigned long	cmd_counts[sizeof cmd_table / sizeof cmd_table[0]];

unsigned long
cmd_uses(const struct cmd_entry *ce)
{
	return (cmd_counts[ce - cmd_table]);
}

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

/*
 * A host CHGHOST or WEBIRC may give: 1 to HOST_MAX bytes of letters,
 * digits and ". - _ : /" (names, addresses, cloaks), not starting with
 * ':' or '-'.
 */
int
cmd_valid_host(const char *host)
{
	size_t	 n = strlen(host);

	if (n == 0 || n > HOST_MAX || host[0] == ':' || host[0] == '-')
		return (0);
	return (strspn(host, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/") == n);
}

void
cmd_dispatch(struct user *u, struct msg *m)
{
	const struct cmd_entry	*ce;

	ce = cmd_find(m->cmd);
	if (!(u->flags & USER_REGISTERED) &&
	    (ce == NULL || !(ce->who & CMD_UNREG))) {
		numeric_send(u, ERR_NOTREGISTERED);
		return;
	}
	if (ce == NULL || !(ce->who & CMD_USER)) {
		numeric_send(u, ERR_UNKNOWNCOMMAND, m->cmd);
		return;
	}
	cmd_counts[ce - cmd_table]++;
	if (m->nparams < ce->min) {
		numeric_send(u, ERR_NEEDMOREPARAMS, m->cmd);
		return;
	}
	ce->fn(u, m);
}
