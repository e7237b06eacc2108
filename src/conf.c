/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The settings table and the configuration file.  A file holds
 * "name = value" lines; a line whose first non-blank is '#' is a
 * comment (elsewhere '#' is data: channel names), blank lines are skipped.
 * Every value is checked against the table's type and bounds, and an
 * error names the file, the line and the reason.
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "xmalloc.h"

struct settings		 conf;
struct conf_opers	 conf_opers = TAILQ_HEAD_INITIALIZER(conf_opers);
const char		*conf_file;	/* the file read at start, or NULL */

/* -o overrides, applied again after every reload. */
static char		*conf_overrides[64][2];
static int		 conf_noverrides;

#define S(f)	offsetof(struct settings, f)

/* Sorted by name; a unit test checks it. */
const struct conf_entry conf_table[] = {
	{ "admin_email", CONF_STRING, 0, 0, "", NULL,
	  "Contact address shown by ADMIN.", S(admin_email) },
	{ "channel_chars", CONF_STRING, 0, 0, "any", NULL,
	  "What a channel name may hold after its '#': any (all but space, "
	  "comma, colon and control characters), utf8 (the same, as UTF-8) "
	  "or ascii (printable ASCII).", S(channel_chars) },
	{ "channel_len", CONF_NUMBER, 2, CHAN_MAX, "50", "bytes",
	  "Longest channel name, '#' included (CHANNELLEN).", S(channel_len) },
	{ "description", CONF_STRING, 0, 0, "natter IRC server", NULL,
	  "Server description shown in WHOIS and LINKS.", S(description) },
	{ "disable_caps", CONF_STRING, 0, 0, "", NULL,
	  "IRCv3 capabilities not offered, separated by spaces; REHASH "
	  "announces a change with CAP DEL and CAP NEW.", S(disable_caps) },
	{ "flood_burst", CONF_NUMBER, 1, 10000, "20", "lines",
	  "Lines a client may send at once before flood control delays "
	  "them.", S(flood_burst) },
	{ "flood_control", CONF_BOOL, 0, 1, "on", NULL,
	  "Delay commands past a burst (RFC 2812 section 5.8); off for "
	  "benchmarks.", S(flood_control) },
	{ "flood_interval", CONF_NUMBER, 1, 60000, "500", "ms",
	  "Time each line costs once the burst is spent: the steady rate "
	  "is one line per interval.", S(flood_interval) },
	{ "front", CONF_STRING, 0, 0, "auto", NULL,
	  "What port speaks: auto (the first line decides), irc or text.",
	  S(front) },
	{ "line_max", CONF_NUMBER, 512, 8192, "512", "bytes",
	  "Longest input line, CRLF included and message tags apart; a "
	  "longer one gets 417 and is dropped.", S(line_max) },
	{ "lines_per_read", CONF_NUMBER, 1, 1000, "20", "lines",
	  "Lines handled from one client before others get a turn.",
	  S(lines_per_read) },
	{ "listen", CONF_STRING, 0, 0, "", NULL,
	  "Address to listen on; empty for every IPv4 and IPv6 address.",
	  S(listen) },
	{ "max_channels_per_user", CONF_NUMBER, 1, 10000, "50", "channels",
	  "Channels one user may be in at once (CHANLIMIT).",
	  S(max_channels_per_user) },
	{ "max_clients", CONF_NUMBER, 1, 1000000, "10000", "clients",
	  "Connections accepted at once; more get ERROR :Server full.",
	  S(max_clients) },
	{ "max_clients_per_ip", CONF_NUMBER, 0, 1000000, "0", "clients",
	  "Connections from one address; 0 for no limit.",
	  S(max_clients_per_ip) },
	{ "max_targets", CONF_NUMBER, 1, 100, "4", "targets",
	  "Targets of one PRIVMSG or NOTICE (TARGMAX).", S(max_targets) },
	{ "motd", CONF_STRING, 0, 0, "Welcome to natter.", NULL,
	  "Message of the day, when motd_file is empty; lines split at \\n.",
	  S(motd) },
	{ "motd_file", CONF_STRING, 0, 0, "", NULL,
	  "File holding the message of the day.", S(motd_file) },
	{ "multiline_max_bytes", CONF_NUMBER, 512, 65536, "4096", "bytes",
	  "Longest message a client may send as a draft/multiline batch "
	  "(max-bytes).", S(multiline_max_bytes) },
	{ "multiline_max_lines", CONF_NUMBER, 1, 1000, "100", "lines",
	  "Most lines in a draft/multiline batch (max-lines).",
	  S(multiline_max_lines) },
	{ "network", CONF_STRING, 0, 0, "natter", NULL,
	  "Network name (NETWORK in 005).", S(network) },
	{ "nick_len", CONF_NUMBER, 9, NICK_MAX, "30", "bytes",
	  "Longest nick (NICKLEN).", S(nick_len) },
	{ "password", CONF_STRING, 0, 0, "", NULL,
	  "Connection password clients must give with PASS; empty for none.",
	  S(password) },
	{ "ping_interval", CONF_NUMBER, 1, 86400, "120", "seconds",
	  "Idle time after which the server sends PING.", S(ping_interval) },
	{ "ping_timeout", CONF_NUMBER, 1, 86400, "60", "seconds",
	  "Time to answer a PING before the client is dropped.",
	  S(ping_timeout) },
	{ "port", CONF_NUMBER, 0, 65535, "6667", NULL,
	  "TCP port; 0 lets the kernel choose (the log says which).",
	  S(port) },
	{ "presence_delay", CONF_NUMBER, 0, 10000, "1000", "ms",
	  "Longest wait of another user's join, part, quit or away notice "
	  "for a client written to within this time, so that a storm of "
	  "them shares writes; 0 sends each at once.", S(presence_delay) },
	{ "recvq", CONF_NUMBER, 512, 1048576, "8192", "bytes",
	  "Unprocessed input held for one client; past it, Excess Flood.",
	  S(recvq) },
	{ "register_timeout", CONF_NUMBER, 1, 3600, "60", "seconds",
	  "Time to finish registration.", S(register_timeout) },
	{ "sendq", CONF_NUMBER, 1024, 1073741824, "1048576", "bytes",
	  "Output queued for one client; past it the client is dropped "
	  "(SendQ exceeded).", S(sendq) },
	{ "server_name", CONF_STRING, 0, 0, "natter.local", NULL,
	  "Server name used as the prefix of replies.", S(server_name) },
	{ "sts_duration", CONF_NUMBER, 0, 2147483647, "2592000", "seconds",
	  "How long clients keep to TLS once told (the sts policy's "
	  "duration); 0 withdraws the policy.", S(sts_duration) },
	{ "sts_port", CONF_NUMBER, 0, 65535, "0", NULL,
	  "TLS port named in the IRCv3 sts policy advertised on plain "
	  "connections; 0 for no policy.", S(sts_port) },
	{ "sts_preload", CONF_BOOL, 0, 1, "off", NULL,
	  "Let the sts policy be included in clients' preload lists.",
	  S(sts_preload) },
	{ "text_greeting_delay", CONF_NUMBER, 0, 60000, "500", "ms",
	  "Silence after connecting before the text banner is sent.",
	  S(text_greeting_delay) },
	{ "text_idle_timeout", CONF_NUMBER, 0, 604800, "3600", "seconds",
	  "Idle time before a text-front user is disconnected; 0 never.",
	  S(text_idle_timeout) },
	{ "text_port", CONF_NUMBER, -1, 65535, "0", NULL,
	  "A second port, for the text front only; 0 for none, -1 to let "
	  "the kernel choose (the log says which).",
	  S(text_port) },
	{ "text_tls_port", CONF_NUMBER, -1, 65535, "0", NULL,
	  "A port for the text front over TLS (needs tls_cert); 0 for none, "
	  "-1 to let the kernel choose.", S(text_tls_port) },
	{ "tls_cert", CONF_STRING, 0, 0, "", NULL,
	  "PEM file with the server's certificate chain, leaf first; empty: "
	  "no TLS.", S(tls_cert) },
	{ "tls_ciphers", CONF_STRING, 0, 0, "NORMAL", NULL,
	  "GnuTLS priority string for ciphers and key exchange; the "
	  "versions come from tls_min_version.", S(tls_ciphers) },
	{ "tls_handshake_timeout", CONF_NUMBER, 1, 3600, "10", "seconds",
	  "Time a client has to finish the TLS handshake.",
	  S(tls_handshake_timeout) },
	{ "tls_key", CONF_STRING, 0, 0, "", NULL,
	  "PEM file with the private key; empty: it is in tls_cert's file.",
	  S(tls_key) },
	{ "tls_min_version", CONF_STRING, 0, 0, "1.2", NULL,
	  "Oldest TLS version accepted: 1.2 or 1.3 (1.3 is preferred).",
	  S(tls_min_version) },
	{ "tls_port", CONF_NUMBER, -1, 65535, "6697", NULL,
	  "TLS port (with tls_cert set), speaking what port does; 0 for "
	  "none, -1 to let the kernel choose.", S(tls_port) },
	{ "topic_len", CONF_NUMBER, 1, TOPIC_MAX, "307", "bytes",
	  "Longest topic (TOPICLEN).", S(topic_len) },
	{ "utf8only", CONF_BOOL, 0, 1, "off", NULL,
	  "Accept only UTF-8 from clients (UTF8ONLY in 005); other lines get "
	  "FAIL INVALID_UTF8 and are dropped.", S(utf8only) },
	{ "web", CONF_BOOL, 0, 1, "on", NULL,
	  "Serve the web page and WebSocket on the ports whose first line "
	  "decides (front auto): a request line \"GET /path HTTP/1.1\" makes "
	  "the connection a web one.", S(web) },
	{ "web_dir", CONF_STRING, 0, 0, "", NULL,
	  "Directory of the web page's files; empty: the one installed with "
	  "natterd (or the source tree's web/ when run from the build "
	  "tree).", S(web_dir) },
	{ "web_headers_max", CONF_NUMBER, 8, 1000, "64", "headers",
	  "Most header lines in an HTTP request (431 past them).",
	  S(web_headers_max) },
	{ "web_origins", CONF_STRING, 0, 0, "", NULL,
	  "Origins a browser's WebSocket may come from, separated by "
	  "spaces (https://chat.example.org); empty: any.  Others get "
	  "403.", S(web_origins) },
	{ "web_port", CONF_NUMBER, -1, 65535, "0", NULL,
	  "A port that speaks only HTTP and WebSocket; 0 for none, -1 to "
	  "let the kernel choose.", S(web_port) },
	{ "web_proxies", CONF_STRING, 0, 0, "", NULL,
	  "Addresses of reverse proxies whose X-Forwarded-For or Forwarded "
	  "header gives a WebSocket client's address, separated by spaces; "
	  "nobody else's is believed.", S(web_proxies) },
	{ "web_request_max", CONF_NUMBER, 1024, 65536, "8192", "bytes",
	  "Longest HTTP request head (431 past it).", S(web_request_max) },
	{ "web_socket_path", CONF_STRING, 0, 0, "/", NULL,
	  "Path of the WebSocket (ws://host:port/path); a request there "
	  "with an upgrade becomes an IRC connection.", S(web_socket_path) },
	{ "web_timeout", CONF_NUMBER, 1, 3600, "10", "s",
	  "Time a web client has to send its whole request (408 after).",
	  S(web_timeout) },
	{ "web_tls_port", CONF_NUMBER, -1, 65535, "0", NULL,
	  "A TLS port (with tls_cert) that speaks only HTTPS and secure "
	  "WebSocket (wss://); 0 for none, -1 to let the kernel choose.",
	  S(web_tls_port) },
	{ "whowas_len", CONF_NUMBER, 0, 100000, "256", "entries",
	  "Nicks remembered for WHOWAS after a rename or quit.",
	  S(whowas_len) },
};
const size_t conf_table_len = sizeof conf_table / sizeof conf_table[0];

static int
conf_cmp(const void *key, const void *entry)
{
	return (strcmp(key, ((const struct conf_entry *)entry)->name));
}

const struct conf_entry *
conf_find(const char *name)
{
	return (bsearch(name, conf_table, conf_table_len, sizeof conf_table[0],
	    conf_cmp));
}

/*
 * Is the word (n bytes) in a setting that lists words separated by
 * spaces or commas?  Letters' case counts unless nocase.
 */
int
conf_list_has(const char *list, const char *word, size_t n, int nocase)
{
	const char	*p = list;
	size_t		 w;

	while (p != NULL && *p != '\0') {
		p += strspn(p, " ,");
		w = strcspn(p, " ,");
		if (w == n && w > 0 && (nocase ? strncasecmp(p, word, n) :
		    strncmp(p, word, n)) == 0)
			return (1);
		p += w;
	}
	return (0);
}

/* The string settings that take one of a few words. */
static const struct conf_choices {
	const char	*name;
	const char	*words[4];	/* NULL-terminated */
	const char	*errstr;
} conf_choices[] = {
	{ "channel_chars", { "any", "utf8", "ascii", NULL },
	  "expected any, utf8 or ascii" },
	{ "front", { "auto", "irc", "text", NULL }, "expected auto, irc or text" },
	{ "tls_min_version", { "1.2", "1.3", NULL }, "expected 1.2 or 1.3" },
};

/* 0 if name takes any string or value is one of its words, else -1. */
static int
conf_choice(const char *name, const char *value, const char **errstr)
{
	size_t	 i, j;

	for (i = 0; i < sizeof conf_choices / sizeof conf_choices[0]; i++) {
		if (strcmp(name, conf_choices[i].name) != 0)
			continue;
		for (j = 0; conf_choices[i].words[j] != NULL; j++)
			if (strcmp(value, conf_choices[i].words[j]) == 0)
				return (0);
		*errstr = conf_choices[i].errstr;
		return (-1);
	}
	return (0);
}

/* Check one setting's text form and, if apply, set it; 0 or -1. */
static int
conf_set_value(const char *name, const char *value, int apply,
    const char **errstr)
{
	const struct conf_entry	*ce;
	char			*base = (char *)&conf, *end, **sp;
	long			 n;

	if ((ce = conf_find(name)) == NULL) {
		*errstr = "unknown setting";
		return (-1);
	}
	switch (ce->type) {
	case CONF_STRING:
		if (conf_choice(name, value, errstr) != 0)
			return (-1);
		if (strcmp(name, "web_socket_path") == 0 && (value[0] != '/' ||
		    strpbrk(value, " ?#") != NULL)) {
			*errstr = "expected a path beginning with /";
			return (-1);
		}
		if (!apply)
			break;
		sp = (char **)(base + ce->off);
		free(*sp);
		*sp = xstrdup(value);
		break;
	case CONF_BOOL:
		if (strcmp(value, "on") == 0 || strcmp(value, "yes") == 0 ||
		    strcmp(value, "1") == 0)
			n = 1;
		else if (strcmp(value, "off") == 0 ||
		    strcmp(value, "no") == 0 || strcmp(value, "0") == 0)
			n = 0;
		else {
			*errstr = "expected on or off";
			return (-1);
		}
		if (apply)
			*(int *)(base + ce->off) = (int)n;
		break;
	case CONF_NUMBER:
		errno = 0;
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || errno != 0) {
			*errstr = "not a number";
			return (-1);
		}
		if (n < ce->min || n > ce->max) {
			*errstr = "out of range";
			return (-1);
		}
		if (apply)
			*(long *)(base + ce->off) = n;
		break;
	}
	return (0);
}

/* Set one setting from its text form; 0, or -1 with *errstr. */
int
conf_set(const char *name, const char *value, const char **errstr)
{
	return (conf_set_value(name, value, 1, errstr));
}

/* A -o override: set now, and again after every reload. */
int
conf_override(const char *name, const char *value, const char **errstr)
{
	if (conf_set(name, value, errstr) != 0)
		return (-1);
	if (conf_noverrides == (int)(sizeof conf_overrides /
	    sizeof conf_overrides[0])) {
		*errstr = "too many overrides";
		return (-1);
	}
	conf_overrides[conf_noverrides][0] = xstrdup(name);
	conf_overrides[conf_noverrides++][1] = xstrdup(value);
	return (0);
}

static void
conf_opers_clear(void)
{
	struct conf_oper	*o;

	while ((o = TAILQ_FIRST(&conf_opers)) != NULL) {
		TAILQ_REMOVE(&conf_opers, o, entry);
		free(o->name);
		free(o->password_hash);
		free(o->certfp);
		free(o->host);
		free(o);
	}
}

const struct conf_oper *
conf_oper_find(const char *name)
{
	struct conf_oper	*o;

	TAILQ_FOREACH(o, &conf_opers, entry)
		if (o->kind == CONF_OPERATOR && strcmp(o->name, name) == 0)
			return (o);
	return (NULL);
}

/* The [webirc] section whose host names the gateway address addr. */
const struct conf_oper *
conf_webirc_find(const char *addr)
{
	struct conf_oper	*o;

	TAILQ_FOREACH(o, &conf_opers, entry)
		if (o->kind == CONF_WEBIRC &&
		    conf_list_has(o->host, addr, strlen(addr), 0))
			return (o);
	return (NULL);
}

void
conf_defaults(void)
{
	const char	*errstr;
	size_t		 i;

	for (i = 0; i < conf_table_len; i++) {
		if (conf_set(conf_table[i].name, conf_table[i].def,
		    &errstr) != 0)
			abort();	/* The table itself is wrong. */
	}
}

static char *
conf_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return (s);
}

/*
 * A certificate fingerprint as written (hex, upper or lower case, in
 * pairs separated by colons or not) into 64 lower-case hex digits.
 */
static int
conf_certfp(const char *value, char *fp, size_t size)
{
	size_t	 n = 0;

	for (; *value != '\0'; value++) {
		if (*value == ':')
			continue;
		if (!isxdigit((unsigned char)*value) || n + 1 >= size)
			return (-1);
		fp[n++] = tolower((unsigned char)*value);
	}
	fp[n] = '\0';
	return (n == 64 ? 0 : -1);
}

/* One "name = value" line inside an [operator] or [webirc] section. */
static int
conf_oper_set(struct conf_oper *o, const char *name, const char *value,
    const char **errstr)
{
	char	**field, fp[65];

	if (strcmp(name, "password_hash") == 0)
		field = &o->password_hash;
	else if (strcmp(name, "host") == 0)
		field = &o->host;
	else if (strcmp(name, "certfp") == 0) {
		if (conf_certfp(value, fp, sizeof fp) != 0) {
			*errstr = "expected a SHA-256 fingerprint (64 hex "
			    "digits)";
			return (-1);
		}
		value = fp;
		field = &o->certfp;
	} else {
		*errstr = "unknown setting in the section (password_hash, "
		    "certfp or host)";
		return (-1);
	}
	free(*field);
	*field = xstrdup(value);
	return (0);
}

static const char *const conf_kinds[] = { "operator", "webirc" };

/* A section needs a host, and a hash or a fingerprint. */
static int
conf_oper_incomplete(struct conf_oper *o, const char *path, char *err,
    size_t errlen)
{
	if ((o->password_hash != NULL || o->certfp != NULL) && o->host != NULL)
		return (0);
	snprintf(err, errlen, "%s: %s %s needs host, and password_hash "
	    "or certfp or both", path, conf_kinds[o->kind], o->name);
	return (1);
}

/* The kind of section "[KIND NAME]" opens, its name left in *name. */
static int
conf_section(char *line, char **name)
{
	size_t	 i, n;

	if (line[strlen(line) - 1] != ']')
		return (-1);
	line[strlen(line) - 1] = '\0';
	for (i = 0; i < sizeof conf_kinds / sizeof conf_kinds[0]; i++) {
		n = strlen(conf_kinds[i]);
		if (strncmp(line + 1, conf_kinds[i], n) == 0 &&
		    line[1 + n] == ' ') {
			*name = conf_trim(line + 1 + n);
			return ((int)i);
		}
	}
	return (-1);
}

/*
 * Read a stream once from its start; with apply set, change the settings
 * and operators, else only check.  path names the stream in errors.  On
 * error return -1 with "file:line: reason" in err.
 */
static int
conf_read(FILE *f, const char *path, int apply, char *err, size_t errlen)
{
	char			*line = NULL, *p, *name, *value;
	size_t			 size = 0;
	unsigned		 lineno = 0;
	const char		*errstr;
	struct conf_oper	*o = NULL, scratch;
	char			 scratch_name[64];
	int			 rc = -1, kind;

	rewind(f);
	memset(&scratch, 0, sizeof scratch);
	while (getline(&line, &size, f) != -1) {
		lineno++;
		name = conf_trim(line);
		if (*name == '\0' || *name == '#')
			continue;
		if (*name == '[') {
			if (o != NULL && conf_oper_incomplete(o, path, err,
			    errlen))
				goto out;
			if ((kind = conf_section(name, &name)) < 0) {
				snprintf(err, errlen, "%s:%u: expected "
				    "[operator NAME] or [webirc NAME]", path,
				    lineno);
				goto out;
			}
			if (*name == '\0' || strchr(name, ' ') != NULL) {
				snprintf(err, errlen, "%s:%u: bad %s name",
				    path, lineno, conf_kinds[kind]);
				goto out;
			}
			free(scratch.password_hash);
			free(scratch.certfp);
			free(scratch.host);
			memset(&scratch, 0, sizeof scratch);
			scratch.name = scratch_name;
			strlcpy(scratch_name, name, sizeof scratch_name);
			o = &scratch;
			if (apply) {
				o = xcalloc(1, sizeof *o);
				o->name = xstrdup(name);
				TAILQ_INSERT_TAIL(&conf_opers, o, entry);
			}
			o->kind = kind;
			continue;
		}
		if ((p = strchr(name, '=')) == NULL) {
			snprintf(err, errlen, "%s:%u: expected name = value",
			    path, lineno);
			goto out;
		}
		*p = '\0';
		name = conf_trim(name);
		value = conf_trim(p + 1);
		if (o != NULL ? conf_oper_set(o, name, value, &errstr) :
		    conf_set_value(name, value, apply, &errstr)) {
			snprintf(err, errlen, "%s:%u: %s: %s", path, lineno,
			    name, errstr);
			goto out;
		}
	}
	if (o != NULL && conf_oper_incomplete(o, path, err, errlen))
		goto out;
	rc = 0;
out:
	free(scratch.password_hash);
	free(scratch.certfp);
	free(scratch.host);
	free(line);
	return (rc);
}

/*
 * Read a configuration from a stream that can be rewound (a file, or
 * memory through fmemopen): checked whole first, so that a bad one
 * changes nothing, then applied.  path names it in errors.  On error
 * return -1 with "file:line: reason" in err.
 */
int
conf_load_stream(FILE *f, const char *path, char *err, size_t errlen)
{
	if (conf_read(f, path, 0, err, errlen) != 0)
		return (-1);
	conf_opers_clear();
	return (conf_read(f, path, 1, err, errlen));
}

/* Only check a stream, as conf_load_stream does first. */
static int
conf_check_stream(FILE *f, const char *path, char *err, size_t errlen)
{
	return (conf_read(f, path, 0, err, errlen));
}

/* Open path for reading; NULL with the reason in err. */
static FILE *
conf_open(const char *path, char *err, size_t errlen)
{
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return (f);
}

/*
 * Read a configuration file: checked whole first, so that a bad file
 * changes nothing.  On error return -1 with "file:line: reason" in err.
 */
int
conf_load(const char *path, char *err, size_t errlen)
{
	FILE	*f;
	int	 rc;

	if ((f = conf_open(path, err, errlen)) == NULL)
		return (-1);
	rc = conf_load_stream(f, path, err, errlen);
	fclose(f);
	if (rc == 0)
		conf_file = path;
	return (rc);
}

/* REHASH: defaults, the file again, then the -o overrides. */
int
conf_reload(char *err, size_t errlen)
{
	const char	*errstr;
	FILE		*f;
	int		 i, rc;

	if (conf_file != NULL) {
		if ((f = conf_open(conf_file, err, errlen)) == NULL)
			return (-1);
		rc = conf_check_stream(f, conf_file, err, errlen);
		fclose(f);
		if (rc != 0)
			return (-1);
	}
	conf_defaults();
	if (conf_file != NULL && conf_load(conf_file, err, errlen) != 0)
		return (-1);
	for (i = 0; i < conf_noverrides; i++)
		conf_set(conf_overrides[i][0], conf_overrides[i][1], &errstr);
	return (0);
}

/* Print every setting with its current value, as a config file. */
void
conf_dump(FILE *f)
{
	const struct conf_entry	*ce;
	const struct conf_oper	*o;
	const char		*base = (const char *)&conf;
	size_t			 i;

	for (i = 0; i < conf_table_len; i++) {
		ce = &conf_table[i];
		switch (ce->type) {
		case CONF_STRING:
			fprintf(f, "%s = %s\n", ce->name,
			    *(char *const *)(base + ce->off));
			break;
		case CONF_BOOL:
			fprintf(f, "%s = %s\n", ce->name,
			    *(const int *)(base + ce->off) ? "on" : "off");
			break;
		case CONF_NUMBER:
			fprintf(f, "%s = %ld\n", ce->name,
			    *(const long *)(base + ce->off));
			break;
		}
	}
	TAILQ_FOREACH(o, &conf_opers, entry) {
		fprintf(f, "[%s %s]\n", conf_kinds[o->kind], o->name);
		if (o->password_hash != NULL)
			fprintf(f, "password_hash = %s\n", o->password_hash);
		if (o->certfp != NULL)
			fprintf(f, "certfp = %s\n", o->certfp);
		fprintf(f, "host = %s\n", o->host);
	}
}
