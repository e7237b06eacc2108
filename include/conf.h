/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Settings: one table gives each its name, type, bounds, default and
 * help; the config file, -o overrides, the config test and the man page
 * all read from it.  Values live in the global struct settings.
 */

#ifndef CONF_H
#define CONF_H

#include <stddef.h>
#include <sys/queue.h>

#include <stdio.h>

enum conf_type {
	CONF_STRING,
	CONF_NUMBER,
	CONF_BOOL,
};

struct conf_entry {
	const char	*name;
	enum conf_type	 type;
	long		 min, max;	/* bounds of a number */
	const char	*def;		/* default, as written in a file */
	const char	*unit;		/* "bytes", "seconds", ...; or NULL */
	const char	*help;
	size_t		 off;		/* offset in struct settings */
};

struct settings {
	char	*server_name;
	char	*network;
	char	*description;
	char	*disable_caps;
	char	*admin_email;
	long	 port;
	char	*front;
	long	 text_port;
	char	*listen;
	char	*password;
	char	*motd;
	char	*motd_file;
	long	 max_clients;
	long	 max_clients_per_ip;
	long	 line_max;
	long	 sendq;
	long	 recvq;
	long	 lines_per_read;
	int	 flood_control;
	long	 flood_burst;
	long	 flood_interval;
	long	 register_timeout;
	long	 ping_interval;
	long	 ping_timeout;
	long	 presence_delay;
	long	 nick_len;
	long	 channel_len;
	long	 topic_len;
	long	 max_channels_per_user;
	long	 max_targets;
	long	 multiline_max_bytes;
	long	 multiline_max_lines;
	long	 text_greeting_delay;
	long	 text_idle_timeout;
	long	 whowas_len;
	long	 tls_port;
	long	 text_tls_port;
	char	*tls_cert;
	char	*tls_key;
	char	*tls_ciphers;
	char	*tls_min_version;
	long	 tls_handshake_timeout;
	long	 sts_port;
	long	 sts_duration;
	int	 sts_preload;
	int	 utf8only;
	char	*channel_chars;
	int	 web;
	char	*web_dir;
	long	 web_headers_max;
	char	*web_origins;
	long	 web_port;
	char	*web_proxies;
	long	 web_request_max;
	char	*web_socket_path;
	long	 web_timeout;
	long	 web_tls_port;
};

/*
 * An [operator NAME] section, or a [webirc NAME] one: a web gateway
 * that may tell natterd its users' addresses (WEBIRC).
 */
enum conf_kind {
	CONF_OPERATOR,
	CONF_WEBIRC
};
struct conf_oper {
	char			*name;
	enum conf_kind		 kind;
	char			*password_hash;	/* crypt(3); or NULL */
	char			*certfp;	/* SHA-256, hex; or NULL */
	char			*host;		/* operator: nick!user@host
						   mask; webirc: the
						   gateway's addresses */
	TAILQ_ENTRY(conf_oper)	 entry;
};
TAILQ_HEAD(conf_opers, conf_oper);

/* The longest a nick or channel name can be set to; sizes arrays. */
#define NICK_MAX	32
#define CHAN_MAX	64
#define TOPIC_MAX	390

extern struct settings			 conf;
extern struct conf_opers		 conf_opers;
extern const char			*conf_file;
extern const struct conf_entry		 conf_table[];
extern const size_t			 conf_table_len;

void	conf_defaults(void);
int	conf_set(const char *, const char *, const char **);
int	conf_load(const char *, char *, size_t);
int	conf_load_stream(FILE *, const char *, char *, size_t);
int	conf_override(const char *, const char *, const char **);
int	conf_reload(char *, size_t);
const struct conf_oper *conf_oper_find(const char *);
const struct conf_oper *conf_webirc_find(const char *);
void	conf_dump(FILE *);
const struct conf_entry *conf_find(const char *);
int		 conf_list_has(const char *, const char *, size_t, int);

#endif
