/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The command table and dispatcher, and the handlers grouped by area in
 * cmd-*.c.  The dispatcher sends 421, 451 and 461, once, here; handlers
 * may rely on min parameters being present.  Handlers parse and check
 * parameters and call the verbs of the tables (user.c, channel.c,
 * message.c); what they say goes through numeric_send and the relays.
 */

#ifndef CMD_H
#define CMD_H

struct msg;
struct user;
struct channel;

struct cmd_entry {
	const char	*name;
	void		(*fn)(struct user *, struct msg *);
	int		 min;		/* parameters needed */
	int		 who;		/* who may send it */
#define CMD_UNREG	0x1	/* a user not yet registered */
#define CMD_USER	0x2	/* a registered user */
#define CMD_SERVER	0x4	/* a server link (with links) */
	const char	*help;		/* one line, for HELP */
};

extern const struct cmd_entry	cmd_table[];
extern const unsigned		cmd_table_len;

const struct cmd_entry *cmd_find(const char *);
unsigned long	cmd_uses(const struct cmd_entry *);
void	cmd_dispatch(struct user *, struct msg *);
int	cmd_valid_host(const char *);

/* cmd-register.c */
void	cmd_cap(struct user *, struct msg *);
void	cmd_pass(struct user *, struct msg *);
void	cmd_nick(struct user *, struct msg *);
void	cmd_user(struct user *, struct msg *);
void	cmd_webirc(struct user *, struct msg *);
void	cmd_quit(struct user *, struct msg *);
void	cmd_ping(struct user *, struct msg *);
void	cmd_pong(struct user *, struct msg *);
void	cmd_setname(struct user *, struct msg *);

/* cmd-channel.c */
void	cmd_join(struct user *, struct msg *);
void	cmd_part(struct user *, struct msg *);
void	cmd_topic(struct user *, struct msg *);
void	cmd_names(struct user *, struct msg *);
void	cmd_list(struct user *, struct msg *);
void	cmd_mode(struct user *, struct msg *);
void	cmd_kick(struct user *, struct msg *);
void	cmd_invite(struct user *, struct msg *);
void	cmd_rename(struct user *, struct msg *);
void	cmd_send_names(struct user *, struct channel *);
void	cmd_send_topic(struct user *, struct channel *, int);

/* cmd-message.c */
void	cmd_privmsg(struct user *, struct msg *);
void	cmd_notice(struct user *, struct msg *);
void	cmd_tagmsg(struct user *, struct msg *);
int	cmd_client_tags(char *, char *, size_t, const char **);

/* cmd-query.c */
void	cmd_who(struct user *, struct msg *);
void	cmd_whois(struct user *, struct msg *);
void	cmd_away(struct user *, struct msg *);
void	cmd_userhost(struct user *, struct msg *);
void	cmd_ison(struct user *, struct msg *);
void	cmd_lusers(struct user *, struct msg *);
void	cmd_motd(struct user *, struct msg *);
void	cmd_send_lusers(struct user *);
void	cmd_send_motd(struct user *);
void	cmd_monitor(struct user *, struct msg *);
void	cmd_accept(struct user *, struct msg *);

/* cmd-server.c */
void	cmd_version(struct user *, struct msg *);
void	cmd_time(struct user *, struct msg *);
void	cmd_info(struct user *, struct msg *);
void	cmd_admin(struct user *, struct msg *);
void	cmd_links(struct user *, struct msg *);
void	cmd_stats(struct user *, struct msg *);
void	cmd_help(struct user *, struct msg *);
void	cmd_whowas(struct user *, struct msg *);

/* cmd-oper.c */
void	cmd_oper(struct user *, struct msg *);
void	cmd_kill(struct user *, struct msg *);
void	cmd_wallops(struct user *, struct msg *);
void	cmd_rehash(struct user *, struct msg *);
int	cmd_reload(char *, size_t, char *, size_t);
void	cmd_die(struct user *, struct msg *);
void	cmd_chghost(struct user *, struct msg *);

#endif
