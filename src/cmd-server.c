/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Questions about the server (RFC 2812 section 3.4): VERSION, TIME,
 * INFO, ADMIN, LINKS, STATS and HELP, and WHOWAS from section 3.6.  This
 * server is the only one, so a server argument naming it, or a mask
 * matching it, is accepted and anything else gets 402.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>

#include "casemap.h"
#include "cmd.h"
#include "conf.h"
#include "msg.h"
#include "natterd.h"
#include "numeric.h"
#include "server.h"
#include "user.h"

/* Is the optional server parameter i this server?  402 if not. */
static int
cmd_this_server(struct user *u, struct msg *m, int i)
{
	if (m->nparams <= i || casemap_match(m->params[i], conf.server_name))
		return (1);
	if (user_find(m->params[i]) != NULL)	/* A nick names its server. */
		return (1);
	numeric_send(u, ERR_NOSUCHSERVER, m->params[i]);
	return (0);
}

void
cmd_version(struct user *u, struct msg *m)
{
	char	 about[64];

	if (!cmd_this_server(u, m, 0))
		return;

	snprintf(about, sizeof about, "libev %d.%d", ev_version_major(),
	    ev_version_minor());
	numeric_send(u, RPL_VERSION, NATTER_VERSION, conf.server_name, about);
	isupport_send(u);
}

void
cmd_time(struct user *u, struct msg *m)
{
	char	 when[64];
	time_t	 now = time(NULL);

	if (!cmd_this_server(u, m, 0))
		return;
	strftime(when, sizeof when, "%A %B %d %Y -- %H:%M:%S %z",
	    localtime(&now));
	numeric_send(u, RPL_TIME, conf.server_name, when);
}

void
cmd_info(struct user *u, struct msg *m)
{
	static const char *const info[] = {
		NATTER_VERSION ": an IRC server with a plain-text front.",
		"RFC 1459 and RFC 2812 client protocol, IRCv3 capabilities.",
		"People on nc or telnet chat in the same rooms as IRC users.",
		"One process, one thread, one libev event loop.",
		"ISC licence.",
	};
	char	 started[64];
	size_t	 i;

	if (!cmd_this_server(u, m, 0))
		return;
	for (i = 0; i < sizeof info / sizeof info[0]; i++)
		numeric_send(u, RPL_INFO, info[i]);
	strftime(started, sizeof started, "Up since %Y-%m-%d %H:%M:%S UTC",
	    gmtime(&server_started));
	numeric_send(u, RPL_INFO, started);
	numeric_send(u, RPL_ENDOFINFO);
}

void
cmd_admin(struct user *u, struct msg *m)
{
	if (!cmd_this_server(u, m, 0))
		return;
	numeric_send(u, RPL_ADMINME, conf.server_name);
	numeric_send(u, RPL_ADMINLOC1, conf.description);
	numeric_send(u, RPL_ADMINLOC2, conf.network);
	numeric_send(u, RPL_ADMINEMAIL, conf.admin_email[0] != '\0' ?
	    conf.admin_email : "No contact address configured");
}

/* LINKS [[server] mask]: the servers whose names match. */
void
cmd_links(struct user *u, struct msg *m)
{
	const char	*mask = m->nparams > 0 ? m->params[m->nparams - 1] :
			    "*";
	struct server	*s;

	TAILQ_FOREACH(s, &server_all, entry)
		if (casemap_match(mask, s->name))
			numeric_send(u, RPL_LINKS, s->name, s->via != NULL ?
			    s->via->name : s->name, s->hops, s->description);
	numeric_send(u, RPL_ENDOFLINKS, mask);
}

/* STATS u (uptime) and m (commands used); other letters end at once. */
void
cmd_stats(struct user *u, struct msg *m)
{
	const char	*query = m->nparams > 0 ? m->params[0] : "*";
	long long	 up = time(NULL) - server_started;
	unsigned	 i;

	if (m->nparams > 1 && !cmd_this_server(u, m, 1))
		return;
	switch (query[0]) {
	case 'u':
		numeric_send(u, RPL_STATSUPTIME, up / 86400, up / 3600 % 24,
		    up / 60 % 60, up % 60);
		break;
	case 'm':
		for (i = 0; i < cmd_table_len; i++)
			if (cmd_uses(&cmd_table[i]) > 0)
				numeric_send(u, RPL_STATSCOMMANDS,
				    cmd_table[i].name, cmd_uses(&cmd_table[i]));
		break;
	}
	numeric_send(u, RPL_ENDOFSTATS, query);
}

/* HELP [command]: one line per command, for people typing raw IRC. */
void
cmd_help(struct user *u, struct msg *m)
{
	const struct cmd_entry	*ce;
	char			 name[32];
	unsigned		 i;

	if (m->nparams > 0) {
		strlcpy(name, m->params[0], sizeof name);
		for (i = 0; name[i] != '\0'; i++)
			if (name[i] >= 'a' && name[i] <= 'z')
				name[i] -= 'a' - 'A';
		if ((ce = cmd_find(name)) == NULL) {
			numeric_send(u, ERR_HELPNOTFOUND, m->params[0]);
			return;
		}
		numeric_send(u, RPL_HELPSTART, ce->name, ce->help);
		numeric_send(u, RPL_ENDOFHELP, ce->name);
		return;
	}
	numeric_send(u, RPL_HELPSTART, "*", "Commands (HELP <command> for one):");
	for (i = 0; i < cmd_table_len; i++)
		numeric_send(u, RPL_HELPTXT, "*", cmd_table[i].help);
	numeric_send(u, RPL_ENDOFHELP, "*");
}

/* WHOWAS nick[,nick] [count]. */
void
cmd_whowas(struct user *u, struct msg *m)
{
	const struct whowas	*w;
	char			*nicks = m->params[0], *nick, when[64];
	long			 count = m->nparams > 1 ? atol(m->params[1]) : 0;
	unsigned		 cursor;
	long			 n;

	while ((nick = strsep(&nicks, ",")) != NULL) {
		if (*nick == '\0')
			continue;
		cursor = 0;
		n = 0;
		while ((count <= 0 || n < count) &&
		    (w = user_whowas_get(nick, &cursor)) != NULL) {
			n++;
			numeric_send(u, RPL_WHOWASUSER, w->nick, w->ident,
			    w->host, w->realname);
			strftime(when, sizeof when, "%a %b %d %H:%M:%S %Y",
			    gmtime(&w->when));
			numeric_send(u, RPL_WHOISSERVER, w->nick,
			    conf.server_name, when);
		}
		if (n == 0)
			numeric_send(u, ERR_WASNOSUCHNICK, nick);
		numeric_send(u, RPL_ENDOFWHOWAS, nick);
	}
}
