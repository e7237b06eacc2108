/* SPDX-License-Identifier: ISC */

/*
 * natter-bench: a load generator for any IRC server.  It opens many client
 * connections on one libev loop, registers them with NICK and USER a few at
 * a time, joins them to channels (or pairs them up for private messages),
 * and then has every client send numbered, timestamped PRIVMSGs.  Each
 * delivery is checked for sender, sequence, loss, duplicates and order, and
 * its latency is measured against the send time carried in the text.  With
 * the server's PID it also reads the server's CPU time and resident memory
 * from /proc, so results can be given as CPU per delivery and memory per
 * client.  In idle mode it can repeat connect, hold and leave for several
 * rounds and sample the server's memory after each leave, once the server
 * has closed every connection, to see whether it returns to where it began.
 * With --tls every client speaks TLS (OpenSSL, TLS 1.3 preferred, the
 * server's certificate not checked).  With --ws every client speaks IRC
 * over WebSocket (RFC 6455, subprotocol text.ircv3.net): an HTTP upgrade,
 * then one masked text frame per line it sends, and the server's frames
 * turned back into lines; with --tls as well, that is wss.  It shares no
 * code with natterd on purpose.
 */

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#include <getopt.h>
#include <openssl/ssl.h>

#include "sslio.h"

#define BENCH_RBUF	65536		/* Read buffer per client. */
#define BENCH_LINE	4096		/* Longest line we accept. */
#define HIST_FINE	1000		/* 1 us buckets below 1 ms. */
#define HIST_MID	9900		/* 10 us buckets from 1 ms to 100 ms. */
#define HIST_COARSE	9900		/* 1 ms buckets from 100 ms to 10 s. */
#define HIST_SIZE	(HIST_FINE + HIST_MID + HIST_COARSE + 1)
#define LEAVE_POLL	0.05		/* Seconds between descriptor counts. */
#define LEAVE_DEADLINE	30.0		/* Seconds for one more close. */

/*
 * WebSocket: the key is RFC 6455's own example, so its accept value is
 * known without SHA-1, and every frame has the same mask.  RFC 6455 wants
 * a fresh random mask per frame, against proxies a browser could be made
 * to poison; this load generator talks to the server directly and keeps
 * its own cost low.  The server unmasks every byte whatever the key.
 */
#define WS_KEY		"dGhlIHNhbXBsZSBub25jZQ=="
#define WS_ACCEPT	"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
#define WS_PROTOCOL	"text.ircv3.net"
#define WS_OP_TEXT	0x1
#define WS_OP_BINARY	0x2
#define WS_OP_CLOSE	0x8
#define WS_OP_PING	0x9
#define WS_OP_PONG	0xa
static const unsigned char ws_mask[4] = { 0x6e, 0x62, 0x77, 0x73 };

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

#define UNUSED __attribute__((__unused__))

#define container_of(p, type, field) \
	((type *)((char *)(p) - offsetof(type, field)))

enum client_state {
	CLIENT_IDLE,		/* Not started yet. */
	CLIENT_CONNECTING,	/* Non-blocking connect in progress. */
	CLIENT_HANDSHAKE,	/* TLS handshake in progress. */
	CLIENT_UPGRADING,	/* WebSocket upgrade sent, waiting for 101. */
	CLIENT_REGISTERING,	/* NICK and USER sent, waiting for 001. */
	CLIENT_JOINING,		/* JOIN sent, waiting for our own JOIN. */
	CLIENT_READY,		/* Registered and joined. */
	CLIENT_DEAD		/* Connection failed or was closed. */
};

struct client {
	int		 id;
	int		 fd;
	SSL		*ssl;		/* Owned; with --tls. */
	enum client_state state;
	int		 nick_try;	/* Bumped on 433 to pick a new nick. */
	char		 nick[32];
	int		 chan;		/* Channel index, or -1 in pairs mode. */
	int		 pos;		/* Position among the channel members. */
	int		 peer;		/* Partner in pairs mode, else -1. */

	ev_io		 read_ev;
	ev_io		 write_ev;
	ev_timer	 rate_ev;	/* Drives sending in rate mode. */

	char		*rbuf;		/* Owned; BENCH_RBUF + 1 bytes. */
	size_t		 rlen;
	char		*wbuf;		/* Owned; pending output. */
	size_t		 wlen;
	size_t		 wcap;

	uint32_t	 sent;		/* Messages sent so far. */
	uint32_t	 pending;	/* Deliveries outstanding, closed loop. */
	uint32_t	*next_seq;	/* Owned; next sequence per sender. */
	int		 was_ready;
};

struct chan {
	int		 nmembers;
	int		*members;	/* Owned; client ids by position. */
};

struct proc_sample {
	int		 ok;
	double		 cpu_us;	/* utime + stime. */
	long		 rss_kb;	/* VmRSS. */
};

/* One idle round: connect and join everybody, hold, leave. */
struct round {
	int		 connected;
	int		 fds_before;	/* Server's descriptors, or -1. */
	long		 rss_held_kb;	/* After the hold, all joined. */
	long		 rss_left_kb;	/* After the leave and a hold. */
	double		 settle_s;	/* Until the server closed them all. */
	int		 settled;
#define ROUND_UNKNOWN	-1		/* No /proc/PID/fd to look at. */
#define ROUND_TIMEOUT	0		/* LEAVE_DEADLINE without a close. */
#define ROUND_SETTLED	1
	int		 done;
};

static struct {
	const char	*host;
	const char	*port;
	int		 clients;
	int		 channels;
	uint32_t	 messages;
	int		 pairs;
	int		 size;
	double		 rate;
	int		 idle;
	int		 naddrs;
	pid_t		 server_pid;
	int		 json;
	double		 timeout;
	int		 window;
	double		 hold;
	int		 rounds;
	int		 tls;
	int		 ws;
} opt = {
	"127.0.0.1", NULL, 100, 10, 1000, 0, 64, 0.0, 0, 1, 0, 0, 300.0,
	50, 1.0, 1, 0, 0
};

static struct ev_loop	*loop;
static SSL_CTX		*tls_ctx;	/* With --tls. */
static struct client	*clients;
static struct chan	*chans;
static struct sockaddr_storage server_addr;
static socklen_t	 server_addrlen;

static int		 next_start;	/* Next client to start. */
static int		 in_flight;	/* Clients connecting or registering. */
static int		 nready;
static int		 nfinished_setup;
static int		 messaging;
static int		 done;

static uint64_t		 msgs_sent;
static uint64_t		 msgs_recv;	/* Valid, in-order deliveries. */
static uint64_t		 msgs_expected;
static uint64_t		 dups;		/* Sequence lower than expected. */
static uint64_t		 misordered;	/* Sequence higher than expected. */
static uint64_t		 bogus;		/* Unparsable or wrong sender. */
static uint64_t		 dropped;
static uint64_t		 connect_failed;
static uint64_t		 last_progress;	/* Time of the last delivery. */
static uint64_t		 total_to_send;
static uint64_t		 nick_in_use;	/* 433 on a later round's NICK. */

static struct round	*rounds;	/* Owned; opt.rounds entries. */
static int		 round_cur;	/* Index of the round under way. */
static double		 t_leave;
static double		 t_leave_progress;	/* Last time a close was seen. */
static int		 leave_fds;	/* Server's descriptors then. */

static uint64_t		 hist[HIST_SIZE];
static double		 lat_sum_us;
static double		 lat_max_us;

static double		 t_start, t_ready, t_msg_start, t_msg_end;
static struct proc_sample ps_start, ps_ready, ps_msg_start, ps_end;

static ev_timer		 timeout_ev;
static ev_timer		 hold_ev;
static ev_timer		 drain_ev;
static ev_timer		 settle_ev;	/* Polls the server's descriptors. */
static ev_timer		 left_ev;	/* Hold after the server closed. */

static void	client_start(struct client *);
static void	client_handshake(struct client *);
static void	client_send_next(struct client *);
static void	bench_finish(void);
static void	round_leave(void);

static const char *
client_state_str(enum client_state st)
{
	switch (st) {
	case CLIENT_IDLE:
		return "idle";
	case CLIENT_CONNECTING:
		return "connecting";
	case CLIENT_HANDSHAKE:
		return "in the TLS handshake";
	case CLIENT_UPGRADING:
		return "in the WebSocket upgrade";
	case CLIENT_REGISTERING:
		return "registering";
	case CLIENT_JOINING:
		return "joining";
	case CLIENT_READY:
		return "ready";
	case CLIENT_DEAD:
		return "dead";
	}
	return "unknown";
}

static void __attribute__((__noreturn__, __format__(printf, 1, 2)))
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fprintf(stderr, "natter-bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL)
		fatalx("out of memory");
	return p;
}

static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static double
now_s(void)
{
	return (double)now_ns() / 1e9;
}

/*
 * The tick-based times in /proc/PID/stat are 10 ms coarse; where the kernel
 * has schedstat, the run time of every thread in nanoseconds is better.
 */
static void
proc_schedstat(struct proc_sample *ps)
{
	char			 path[PATH_MAX];
	DIR			*dir;
	struct dirent		*de;
	FILE			*f;
	unsigned long long	 ns, total = 0;
	int			 n = 0;

	snprintf(path, sizeof(path), "/proc/%ld/task", (long)opt.server_pid);
	if ((dir = opendir(path)) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/task/%s/schedstat",
		    (long)opt.server_pid, de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fscanf(f, "%llu", &ns) == 1) {
			total += ns;
			n++;
		}
		fclose(f);
	}
	closedir(dir);
	if (n > 0)
		ps->cpu_us = (double)total / 1000.0;
}

/* Read the server's CPU time and resident set size from /proc. */
static void
proc_sample(struct proc_sample *ps)
{
	char		 path[64], buf[4096], *p;
	FILE		*f;
	unsigned long	 ut, st;
	size_t		 n;
	int		 i;

	memset(ps, 0, sizeof(*ps));
	if (opt.server_pid <= 0)
		return;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)opt.server_pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces; fields count from its ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return;
	p++;
	for (i = 0; i < 12 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %lu %lu", &ut, &st) != 2)
		return;
	ps->cpu_us = (double)(ut + st) * 1e6 / (double)sysconf(_SC_CLK_TCK);
	proc_schedstat(ps);

	snprintf(path, sizeof(path), "/proc/%ld/status",
	    (long)opt.server_pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(buf, sizeof(buf), f) != NULL) {
		if (strncmp(buf, "VmRSS:", 6) == 0)
			ps->rss_kb = strtol(buf + 6, NULL, 10);
	}
	fclose(f);
	ps->ok = 1;
}

/* Count the server's open descriptors; -1 if they cannot be seen. */
static int
proc_fd_count(void)
{
	char		 path[64];
	DIR		*dir;
	struct dirent	*de;
	int		 n = 0;

	if (opt.server_pid <= 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)opt.server_pid);
	if ((dir = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] != '.')
			n++;
	}
	closedir(dir);
	return n;
}

/* Record one latency sample, in microseconds. */
static void
hist_add(double us)
{
	size_t	i;

	if (us < 0)
		us = 0;
	lat_sum_us += us;
	if (us > lat_max_us)
		lat_max_us = us;
	if (us < 1000)
		i = (size_t)us;
	else if (us < 100000)
		i = HIST_FINE + (size_t)((us - 1000) / 10);
	else if (us < 10000000)
		i = HIST_FINE + HIST_MID + (size_t)((us - 100000) / 1000);
	else
		i = HIST_SIZE - 1;
	if (i >= HIST_SIZE)
		i = HIST_SIZE - 1;
	hist[i]++;
}

/* Return the upper edge of the bucket holding quantile q, in microseconds. */
static double
hist_quantile(double q)
{
	uint64_t	total = 0, want, acc = 0;
	size_t		i;

	for (i = 0; i < HIST_SIZE; i++)
		total += hist[i];
	if (total == 0)
		return 0;
	want = (uint64_t)(q * (double)total);
	if (want == 0)
		want = 1;
	for (i = 0; i < HIST_SIZE; i++) {
		acc += hist[i];
		if (acc >= want)
			break;
	}
	if (i < HIST_FINE)
		return (double)(i + 1);
	if (i < HIST_FINE + HIST_MID)
		return 1000.0 + (double)(i - HIST_FINE + 1) * 10;
	if (i < HIST_SIZE - 1)
		return 100000.0 + (double)(i - HIST_FINE - HIST_MID + 1) * 1000;
	return lat_max_us;
}

/* Queue output and try to write it at once. */
static void
client_write(struct client *c, const char *data, size_t len)
{
	ssize_t	n;
	char	*nb;
	size_t	 ncap;

	if (c->state == CLIENT_DEAD)
		return;
	if (c->wlen == 0 && c->state != CLIENT_HANDSHAKE) {
		n = sslio_write(c->fd, c->ssl, data, len);
		if (n == (ssize_t)len)
			return;
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				return;	/* The read side will see the close. */
			n = 0;
		}
		data += n;
		len -= (size_t)n;
	}
	if (c->wlen + len > c->wcap) {
		ncap = c->wcap ? c->wcap : 1024;
		while (ncap < c->wlen + len)
			ncap *= 2;
		if ((nb = realloc(c->wbuf, ncap)) == NULL)
			fatalx("out of memory");
		c->wbuf = nb;
		c->wcap = ncap;
	}
	memcpy(c->wbuf + c->wlen, data, len);
	c->wlen += len;
	ev_io_start(loop, &c->write_ev);
}

/* Send one WebSocket frame, masked with the fixed mask. */
static void
client_ws_send(struct client *c, int opcode, const char *p, size_t len)
{
	unsigned char	 f[BENCH_LINE + 8];
	size_t		 h, i;

	if (len > BENCH_LINE)
		fatalx("frame too long");
	f[0] = 0x80 | (unsigned char)opcode;
	if (len < 126) {
		f[1] = 0x80 | (unsigned char)len;
		h = 2;
	} else {
		f[1] = 0x80 | 126;
		f[2] = (unsigned char)(len >> 8);
		f[3] = (unsigned char)len;
		h = 4;
	}
	memcpy(f + h, ws_mask, 4);
	h += 4;
	for (i = 0; i < len; i++)
		f[h + i] = (unsigned char)p[i] ^ ws_mask[i & 3];
	client_write(c, (const char *)f, h + len);
}

/* Send one line; with --ws as a text frame, without its CRLF. */
static void __attribute__((__format__(printf, 2, 3)))
client_printf(struct client *c, const char *fmt, ...)
{
	char	buf[BENCH_LINE];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		fatalx("line too long");
	if (opt.ws) {
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		client_ws_send(c, WS_OP_TEXT, buf, (size_t)n);
	} else
		client_write(c, buf, (size_t)n);
}

/* Start more clients while the registration window has room. */
static void
setup_pump(void)
{
	while (in_flight < opt.window && next_start < opt.clients) {
		in_flight++;
		client_start(&clients[next_start++]);
	}
}

/* A client left the connecting/registering window, ready or not. */
static void
setup_done(struct client *c, int ok)
{
	in_flight--;
	nfinished_setup++;
	if (ok) {
		c->state = CLIENT_READY;
		c->was_ready = 1;
		nready++;
		rounds[round_cur].connected = nready;
	}
	if (nfinished_setup == opt.clients) {
		if (round_cur == 0) {
			t_ready = now_s();
			proc_sample(&ps_ready);
		}
		/*
		 * Hold: in idle mode to let memory settle before the
		 * sample, otherwise to let the last JOINs settle.  A
		 * stopped timer keeps what was left of its time, which
		 * is nothing once it fired: set it again each round.
		 */
		ev_timer_set(&hold_ev, opt.hold, 0.);
		ev_timer_start(loop, &hold_ev);
	} else
		setup_pump();
}

static void
client_close(struct client *c, int count_drop)
{
	if (c->state == CLIENT_DEAD)
		return;
	if (count_drop)
		dropped++;
	ev_io_stop(loop, &c->read_ev);
	ev_io_stop(loop, &c->write_ev);
	ev_timer_stop(loop, &c->rate_ev);
	if (c->ssl != NULL)
		SSL_free(c->ssl);
	c->ssl = NULL;
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	/* A sender waiting on this client would wait for ever. */
	if (messaging && !done)
		ev_timer_start(loop, &drain_ev);
	if (c->state != CLIENT_READY && c->state != CLIENT_IDLE) {
		c->state = CLIENT_DEAD;
		setup_done(c, 0);
	} else
		c->state = CLIENT_DEAD;
}

static void
client_send_nick(struct client *c)
{
	if (c->nick_try == 0)
		snprintf(c->nick, sizeof(c->nick), "nb%d", c->id);
	else
		snprintf(c->nick, sizeof(c->nick), "n%c%d",
		    'a' + (c->nick_try - 1) % 26, c->id);
	client_printf(c, "NICK %s\r\n", c->nick);
}

static void
client_registered(struct client *c)
{
	if (c->chan >= 0) {
		c->state = CLIENT_JOINING;
		client_printf(c, "JOIN #b%d\r\n", c->chan);
	} else
		setup_done(c, 1);
}

/* Handle one PRIVMSG delivery: check it and measure its latency. */
static void
client_delivery(struct client *c, const char *prefix, const char *target,
    const char *text)
{
	unsigned long	 sid, seq;
	unsigned long long ts;
	char		*ep;
	struct client	*s;
	size_t		 nl;
	uint32_t	*exp;
	uint64_t	 t;

	sid = strtoul(text, &ep, 10);
	if (ep == text || *ep != ' ')
		goto bad;
	seq = strtoul(ep + 1, &ep, 10);
	if (*ep != ' ')
		goto bad;
	ts = strtoull(ep + 1, &ep, 10);
	if (sid >= (unsigned long)opt.clients)
		goto bad;
	s = &clients[sid];

	/* The prefix must name the sender. */
	nl = strcspn(prefix, "!@");
	if (nl != strlen(s->nick) || strncmp(prefix, s->nick, nl) != 0)
		goto bad;

	if (c->peer >= 0) {
		if (s->id != c->peer || strcmp(target, c->nick) != 0)
			goto bad;
		exp = &c->next_seq[0];
	} else {
		if (s->chan != c->chan || s == c || target[0] != '#' ||
		    (int)strtol(target + 2, NULL, 10) != c->chan)
			goto bad;
		exp = &c->next_seq[s->pos];
	}
	if (c->next_seq == NULL)
		goto bad;

	if (seq == *exp) {
		(*exp)++;
		msgs_recv++;
	} else if (seq < *exp) {
		dups++;
		return;
	} else {
		misordered++;
		*exp = (uint32_t)seq + 1;
		return;
	}

	t = now_ns();
	hist_add((double)(t - (uint64_t)ts) / 1000.0);

	/* Closed loop: the sender goes on once every member has it. */
	if (opt.rate <= 0 && seq + 1 == s->sent && s->pending > 0) {
		if (--s->pending == 0)
			client_send_next(s);
	}
	last_progress = t;
	if (msgs_recv == msgs_expected)
		bench_finish();
	return;
bad:
	bogus++;
}

/* Send the client's next message, or nothing if it has sent them all. */
static void
client_send_next(struct client *c)
{
	char		 text[BENCH_LINE];
	char		 target[40];
	int		 n;
	struct chan	*ch;

	if (c->sent >= opt.messages || c->state != CLIENT_READY)
		return;
	n = snprintf(text, sizeof(text), "%d %" PRIu32 " %" PRIu64 " ",
	    c->id, c->sent, now_ns());
	while (n < opt.size && n < (int)sizeof(text) - 1)
		text[n++] = 'x';
	text[n] = '\0';
	if (c->peer >= 0)
		snprintf(target, sizeof(target), "%s", clients[c->peer].nick);
	else
		snprintf(target, sizeof(target), "#b%d", c->chan);
	if (opt.rate <= 0) {
		if (c->peer >= 0)
			c->pending = 1;
		else {
			ch = &chans[c->chan];
			c->pending = (uint32_t)ch->nmembers - 1;
		}
	}
	c->sent++;
	msgs_sent++;
	client_printf(c, "PRIVMSG %s :%s\r\n", target, text);
	if (msgs_sent == total_to_send)
		ev_timer_start(loop, &drain_ev);
}

static void
client_rate_cb(struct ev_loop *l UNUSED, ev_timer *w UNUSED,
    int revents UNUSED)
{
	struct client	*c = container_of(w, struct client, rate_ev);

	client_send_next(c);
	if (c->sent >= opt.messages)
		ev_timer_stop(l, w);
}

/* Print the first few errors a server gives, so failures can be seen. */
static void
report_error_line(struct client *c, const char *line)
{
	static int	shown;

	if (shown++ < 5)
		fprintf(stderr, "natter-bench: client %d: %s\n", c->id, line);
}

/* Handle one line from the server; the line is NUL-terminated. */
static void
client_line(struct client *c, char *line)
{
	char	*prefix = NULL, *cmd, *p, *target, *text;
	int	 num;

	p = line;
	if (*p == ':') {
		prefix = p + 1;
		if ((p = strchr(p, ' ')) == NULL)
			return;
		*p++ = '\0';
		while (*p == ' ')
			p++;
	}
	cmd = p;
	if ((p = strchr(p, ' ')) != NULL) {
		*p++ = '\0';
		while (*p == ' ')
			p++;
	} else
		p = cmd + strlen(cmd);

	if (strcmp(cmd, "PRIVMSG") == 0) {
		target = p;
		if ((text = strstr(p, " :")) == NULL)
			return;
		*text = '\0';
		text += 2;
		if (prefix == NULL || !messaging)
			bogus++;
		else
			client_delivery(c, prefix, target, text);
		return;
	}
	if (strcmp(cmd, "PING") == 0) {
		client_printf(c, "PONG %s\r\n", p);
		return;
	}
	if (strcmp(cmd, "JOIN") == 0) {
		if (c->state == CLIENT_JOINING && prefix != NULL &&
		    strncmp(prefix, c->nick, strlen(c->nick)) == 0 &&
		    (prefix[strlen(c->nick)] == '!' ||
		    prefix[strlen(c->nick)] == '\0'))
			setup_done(c, 1);
		return;
	}
	if (strlen(cmd) != 3 || cmd[0] < '0' || cmd[0] > '9')
		return;
	num = atoi(cmd);
	if (num == 1 && c->state == CLIENT_REGISTERING) {
		client_registered(c);
		return;
	}
	if (num == 433 && c->state == CLIENT_REGISTERING && round_cur > 0) {
		/*
		 * The server said every earlier connection was closed, so
		 * the nick must be free again: a retry would hide that.
		 */
		if (nick_in_use++ < 5)
			fprintf(stderr, "natter-bench: client %d: nick %s "
			    "still in use in round %d\n", c->id, c->nick,
			    round_cur + 1);
		client_close(c, 0);
		return;
	}
	if (num == 433 && c->state == CLIENT_REGISTERING) {
		c->nick_try++;
		client_send_nick(c);
		return;
	}
	if (num >= 400 && num < 600 && (c->state == CLIENT_REGISTERING ||
	    c->state == CLIENT_JOINING)) {
		report_error_line(c, p);
		client_close(c, 0);
	}
}

/* The server closed, or the stream broke: count a drop unless done. */
static void
client_lost(struct client *c, const char *why)
{
	if (done)
		return;
	if (dropped < 5)
		fprintf(stderr, "natter-bench: client %d: %s while %s\n", c->id,
		    why, client_state_str(c->state));
	client_close(c, 1);
}

/* Handle the whole lines in rbuf; -1 if the client is gone. */
static int
client_lines(struct client *c)
{
	char	*start, *nl, *end;

	start = c->rbuf;
	end = c->rbuf + c->rlen;
	while ((nl = memchr(start, '\n', (size_t)(end - start))) != NULL) {
		*nl = '\0';
		if (nl > start && nl[-1] == '\r')
			nl[-1] = '\0';
		client_line(c, start);
		start = nl + 1;
		if (c->state == CLIENT_DEAD)
			return -1;
	}
	c->rlen = (size_t)(end - start);
	if (c->rlen == BENCH_RBUF)
		c->rlen = 0;	/* An overlong line: drop it. */
	else if (c->rlen > 0 && start != c->rbuf)
		memmove(c->rbuf, start, c->rlen);
	return 0;
}

/*
 * Handle the whole WebSocket frames in rbuf, in place: a text or binary
 * message is one line, a ping is answered.  A frame may end in a later
 * read; it then waits at the start of rbuf.  -1 if the client is gone.
 */
static int
client_ws_frames(struct client *c)
{
	unsigned char	*p = (unsigned char *)c->rbuf, *end = p + c->rlen;
	unsigned char	*payload, save;
	uint64_t	 len;
	size_t		 h, n;
	int		 i;

	while (end - p >= 2) {
		if (!(p[0] & 0x80) || (p[0] & 0x70) || (p[1] & 0x80)) {
			client_lost(c, "WebSocket: fragmented, reserved bits "
			    "or masked frame from the server");
			return -1;
		}
		len = p[1] & 0x7f;
		h = 2;
		if (len == 126) {
			if (end - p < 4)
				break;
			len = (uint64_t)p[2] << 8 | p[3];
			h = 4;
		} else if (len == 127) {
			if (end - p < 10)
				break;
			for (len = 0, i = 2; i < 10; i++)
				len = len << 8 | p[i];
			h = 10;
		}
		if (len > BENCH_RBUF - h) {
			client_lost(c, "WebSocket: frame too long");
			return -1;
		}
		if ((uint64_t)(end - p) - h < len)
			break;
		payload = p + h;
		switch (p[0] & 0x0f) {
		case WS_OP_TEXT:
		case WS_OP_BINARY:
			/* rbuf has a byte to spare after its end. */
			n = (size_t)len;
			while (n > 0 && (payload[n - 1] == '\n' ||
			    payload[n - 1] == '\r'))
				n--;
			save = payload[n];
			payload[n] = '\0';
			client_line(c, (char *)payload);
			if (c->state == CLIENT_DEAD)
				return -1;
			payload[n] = save;
			break;
		case WS_OP_PING:
			client_ws_send(c, WS_OP_PONG, (const char *)payload,
			    (size_t)len);
			break;
		case WS_OP_PONG:
			break;
		case WS_OP_CLOSE:
			client_lost(c, "WebSocket closed by server");
			return -1;
		default:
			client_lost(c, "WebSocket: unknown opcode");
			return -1;
		}
		p += h + len;
	}
	c->rlen = (size_t)(end - p);
	if (c->rlen > 0 && p != (unsigned char *)c->rbuf)
		memmove(c->rbuf, p, c->rlen);
	return 0;
}

/* Register: NICK and USER. */
static void
client_register(struct client *c)
{
	c->state = CLIENT_REGISTERING;
	client_send_nick(c);
	client_printf(c, "USER u%d 0 * :natter-bench %d\r\n", c->id,
	    c->id);
}

/*
 * The server's answer to the upgrade, once its head is whole: 101 with
 * the accept value and our subprotocol.  Takes the head out of rbuf and
 * registers.  0 when done, 1 to wait for more, -1 if the client is gone.
 */
static int
client_ws_upgraded(struct client *c)
{
	char	*end;
	size_t	 hlen;

	c->rbuf[c->rlen] = '\0';	/* rbuf has a byte to spare */
	/* Not HTTP at all (a text banner): fail now, not at -t. */
	if (memcmp(c->rbuf, "HTTP/", c->rlen < 5 ? c->rlen : 5) != 0)
		goto refused;
	if ((end = memmem(c->rbuf, c->rlen, "\r\n\r\n", 4)) == NULL) {
		if (c->rlen < BENCH_RBUF)
			return 1;
		goto refused;
	}
	hlen = (size_t)(end + 4 - c->rbuf);
	end[2] = '\0';
	if (strncmp(c->rbuf, "HTTP/1.1 101 ", 13) != 0 ||
	    strcasestr(c->rbuf, "\r\nSec-WebSocket-Accept: " WS_ACCEPT
	    "\r\n") == NULL ||
	    strcasestr(c->rbuf, "\r\nSec-WebSocket-Protocol: " WS_PROTOCOL
	    "\r\n") == NULL)
		goto refused;
	c->rlen -= hlen;
	if (c->rlen > 0)
		memmove(c->rbuf, c->rbuf + hlen, c->rlen);
	client_register(c);
	return 0;
refused:
	if (connect_failed++ < 5)
		fprintf(stderr, "natter-bench: client %d: WebSocket upgrade "
		    "refused: %.*s\n", c->id, (int)strcspn(c->rbuf, "\r\n"),
		    c->rbuf);
	client_close(c, 0);
	return -1;
}

static void
client_read_cb(struct ev_loop *l UNUSED, ev_io *w UNUSED,
    int revents UNUSED)
{
	struct client	*c = container_of(w, struct client, read_ev);
	ssize_t		 n;

	if (c->state == CLIENT_HANDSHAKE) {
		client_handshake(c);
		return;
	}
again:
	n = sslio_read(c->fd, c->ssl, c->rbuf + c->rlen,
	    BENCH_RBUF - c->rlen);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		client_lost(c, n == 0 ? "closed by server" : strerror(errno));
		return;
	}
	if (n < 0)
		return;
	c->rlen += (size_t)n;

	if (c->state == CLIENT_UPGRADING && client_ws_upgraded(c) != 0)
		return;
	if ((opt.ws ? client_ws_frames(c) : client_lines(c)) == -1)
		return;
	/* What OpenSSL decrypted and holds is not seen by the loop. */
	if (c->ssl != NULL && SSL_pending(c->ssl) > 0)
		goto again;
}

/* The connection is up (TLS included): upgrade to WebSocket, or register. */
static void
client_connected(struct client *c)
{
	char	 req[512];
	int	 n;

	ev_io_start(loop, &c->read_ev);
	if (opt.ws) {
		c->state = CLIENT_UPGRADING;
		n = snprintf(req, sizeof(req), "GET / HTTP/1.1\r\n"
		    "Host: %s:%s\r\nUpgrade: websocket\r\n"
		    "Connection: Upgrade\r\nSec-WebSocket-Key: " WS_KEY "\r\n"
		    "Sec-WebSocket-Version: 13\r\n"
		    "Sec-WebSocket-Protocol: " WS_PROTOCOL "\r\n\r\n",
		    opt.host, opt.port);
		client_write(c, req, (size_t)n);
	} else
		client_register(c);
	if (c->wlen == 0)
		ev_io_stop(loop, &c->write_ev);
	else
		ev_io_start(loop, &c->write_ev);
}

/* One step of the TLS handshake, when the socket is ready for it. */
static void
client_handshake(struct client *c)
{
	int	 r;

	if ((r = SSL_do_handshake(c->ssl)) == 1) {
		client_connected(c);
		return;
	}
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		ev_io_stop(loop, &c->write_ev);
		ev_io_start(loop, &c->read_ev);
		return;
	case SSL_ERROR_WANT_WRITE:
		ev_io_stop(loop, &c->read_ev);
		ev_io_start(loop, &c->write_ev);
		return;
	}
	if (connect_failed++ < 5)
		fprintf(stderr, "natter-bench: client %d: TLS handshake "
		    "failed\n", c->id);
	client_close(c, 0);
}

static void
client_write_cb(struct ev_loop *l UNUSED, ev_io *w UNUSED,
    int revents UNUSED)
{
	struct client	*c = container_of(w, struct client, write_ev);
	ssize_t		 n;
	int		 err = 0;
	socklen_t	 len = sizeof(err);

	if (c->state == CLIENT_CONNECTING) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
			err = errno;
		if (err != 0) {
			if (connect_failed++ < 5)
				fprintf(stderr, "natter-bench: connect: %s\n",
				    strerror(err));
			client_close(c, 0);
			return;
		}
		if (opt.tls) {
			if ((c->ssl = SSL_new(tls_ctx)) == NULL ||
			    SSL_set_fd(c->ssl, c->fd) != 1)
				fatalx("SSL_new failed");
			SSL_set_connect_state(c->ssl);
			c->state = CLIENT_HANDSHAKE;
			client_handshake(c);
			return;
		}
		client_connected(c);
		return;
	}
	if (c->state == CLIENT_HANDSHAKE) {
		client_handshake(c);
		return;
	}
	if (c->wlen == 0) {
		ev_io_stop(l, w);
		return;
	}
	n = sslio_write(c->fd, c->ssl, c->wbuf, c->wlen);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR) {
			ev_io_stop(l, w);
			c->wlen = 0;
		}
		return;
	}
	c->wlen -= (size_t)n;
	if (c->wlen > 0)
		memmove(c->wbuf, c->wbuf + n, c->wlen);
	else
		ev_io_stop(l, w);
}

/* Open the connection for one client. */
static void
client_start(struct client *c)
{
	struct sockaddr_in	 sin;
	int			 one = 1;

	c->state = CLIENT_CONNECTING;
	c->fd = socket(server_addr.ss_family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		if (connect_failed++ < 5)
			fprintf(stderr, "natter-bench: socket: %s\n",
			    strerror(errno));
		c->state = CLIENT_DEAD;
		setup_done(c, 0);
		return;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (opt.naddrs > 1 && server_addr.ss_family == AF_INET) {
		setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
		    sizeof(one));
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK +
		    (uint32_t)(c->id % opt.naddrs));
		if (bind(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			fatalx("bind: %s", strerror(errno));
	}
	ev_io_init(&c->read_ev, client_read_cb, c->fd, EV_READ);
	ev_io_init(&c->write_ev, client_write_cb, c->fd, EV_WRITE);
	if (connect(c->fd, (struct sockaddr *)&server_addr,
	    server_addrlen) == -1 && errno != EINPROGRESS) {
		if (connect_failed++ < 5)
			fprintf(stderr, "natter-bench: connect: %s\n",
			    strerror(errno));
		client_close(c, 0);
		return;
	}
	ev_io_start(loop, &c->write_ev);
}

/* All clients are set up: start sending, or finish in idle mode. */
static void
messaging_start(void)
{
	struct client	*c;
	struct chan	*ch;
	uint64_t	 receivers;
	int		 i;

	for (i = 0; i < opt.clients; i++) {
		c = &clients[i];
		if (c->state != CLIENT_READY || c->chan < 0)
			continue;
		ch = &chans[c->chan];
		c->pos = ch->nmembers;
		ch->members[ch->nmembers++] = i;
	}
	for (i = 0; i < opt.clients; i++) {
		c = &clients[i];
		if (c->state != CLIENT_READY)
			continue;
		if (c->peer >= 0) {
			c->next_seq = xcalloc(1, sizeof(*c->next_seq));
			receivers = clients[c->peer].state == CLIENT_READY;
		} else {
			ch = &chans[c->chan];
			c->next_seq = xcalloc((size_t)ch->nmembers,
			    sizeof(*c->next_seq));
			receivers = (uint64_t)ch->nmembers - 1;
		}
		if (receivers > 0) {
			total_to_send += opt.messages;
			msgs_expected += receivers * opt.messages;
		} else
			c->sent = opt.messages;	/* Nobody to talk to. */
	}

	messaging = 1;
	proc_sample(&ps_msg_start);
	t_msg_start = now_s();
	last_progress = now_ns();
	if (total_to_send == 0) {
		bench_finish();
		return;
	}
	for (i = 0; i < opt.clients; i++) {
		c = &clients[i];
		if (c->state != CLIENT_READY || c->sent >= opt.messages)
			continue;
		if (opt.rate > 0) {
			ev_timer_init(&c->rate_ev, client_rate_cb,
			    (double)(i % 1000) / 1000.0 / opt.rate,
			    1.0 / opt.rate);
			ev_timer_start(loop, &c->rate_ev);
		} else
			client_send_next(c);
	}
}

/* Start round round_cur: every client connects afresh, same nick. */
static void
round_begin(void)
{
	struct client	*c;
	int		 i;

	for (i = 0; i < opt.clients; i++) {
		c = &clients[i];
		c->state = CLIENT_IDLE;
		c->fd = -1;
		c->rlen = 0;
		c->wlen = 0;
	}
	next_start = 0;
	in_flight = 0;
	nready = 0;
	nfinished_setup = 0;
	rounds[round_cur].fds_before = proc_fd_count();
	setup_pump();
}

/* Idle mode, all joined and held: sample, then everybody leaves. */
static void
round_held(void)
{
	struct proc_sample	ps;

	proc_sample(&ps);
	rounds[round_cur].rss_held_kb = ps.rss_kb;
	if (round_cur == 0)
		ps_end = ps;
	round_leave();
}

/* Close every client socket and wait for the server to close its ends. */
static void
round_leave(void)
{
	int	i;

	for (i = 0; i < opt.clients; i++)
		client_close(&clients[i], 0);
	t_leave = t_leave_progress = now_s();
	leave_fds = INT_MAX;
	ev_timer_set(&settle_ev, LEAVE_POLL, LEAVE_POLL);
	ev_timer_start(loop, &settle_ev);
}

/*
 * The server has closed its ends when its descriptor count is back to
 * what it was before the round's first connect.  Then hold once more.
 * Some servers take minutes to close 10,000 connections: give up only
 * when the count has not gone down for LEAVE_DEADLINE seconds.
 */
static void
round_settle_cb(struct ev_loop *l UNUSED, ev_timer *w UNUSED,
    int revents UNUSED)
{
	struct round	*r = &rounds[round_cur];
	int		 n;
	double		 t = now_s();

	n = r->fds_before < 0 ? -1 : proc_fd_count();
	if (n >= 0 && n < leave_fds) {
		leave_fds = n;
		t_leave_progress = t;
	}
	if (n < 0)
		r->settled = ROUND_UNKNOWN;
	else if (n <= r->fds_before)
		r->settled = ROUND_SETTLED;
	else if (t - t_leave_progress >= LEAVE_DEADLINE) {
		r->settled = ROUND_TIMEOUT;
		fprintf(stderr, "natter-bench: round %d: the server still "
		    "holds %d descriptors more than before the round, "
		    "%.1f s after every client left, and closed none in the "
		    "last %.0f s\n", round_cur + 1, n - r->fds_before,
		    t - t_leave, LEAVE_DEADLINE);
	} else
		return;
	r->settle_s = t - t_leave;
	ev_timer_stop(loop, &settle_ev);
	ev_timer_set(&left_ev, opt.hold, 0.);
	ev_timer_start(loop, &left_ev);
}

/* The hold after the leave is over: sample, and start the next round. */
static void
round_left_cb(struct ev_loop *l UNUSED, ev_timer *w UNUSED,
    int revents UNUSED)
{
	struct round		*r = &rounds[round_cur];
	struct proc_sample	 ps;

	proc_sample(&ps);
	r->rss_left_kb = ps.rss_kb;
	r->done = 1;
	/* Nicks of unclosed connections would still be taken: stop. */
	if (round_cur + 1 < opt.rounds && r->settled != ROUND_TIMEOUT) {
		round_cur++;
		round_begin();
	} else
		bench_finish();
}

static void
hold_cb(struct ev_loop *l UNUSED, ev_timer *w UNUSED,
    int revents UNUSED)
{
	if (opt.idle)
		round_held();
	else if (opt.messages == 0)
		bench_finish();
	else
		messaging_start();
}

/* After the last send: give up once deliveries stop arriving. */
static void
drain_cb(struct ev_loop *l UNUSED, ev_timer *w UNUSED,
    int revents UNUSED)
{
	if (now_ns() - last_progress > 5000000000ULL)
		bench_finish();
}

static void
timeout_cb(struct ev_loop *l UNUSED, ev_timer *w UNUSED,
    int revents UNUSED)
{
	fprintf(stderr, "natter-bench: timeout after %.0f s\n", opt.timeout);
	bench_finish();
}

static void
bench_finish(void)
{
	if (done)
		return;
	done = 1;
	t_msg_end = now_s();
	/* In idle mode the first round's hold gave the end sample. */
	if (!opt.idle || !ps_end.ok)
		proc_sample(&ps_end);
	ev_break(loop, EVBREAK_ALL);
}

/* Format a count with thousands separators. */
static const char *
fmt_count(uint64_t v, char *buf, size_t len)
{
	char	tmp[32];
	size_t	n, i, o = 0;

	snprintf(tmp, sizeof(tmp), "%" PRIu64, v);
	n = strlen(tmp);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

/* Format a latency given in microseconds as milliseconds. */
static const char *
fmt_ms(double us, char *buf, size_t len)
{
	double	ms = us / 1000.0;

	if (ms < 0.1)
		snprintf(buf, len, "%.3fms", ms);
	else if (ms < 10)
		snprintf(buf, len, "%.1fms", ms);
	else
		snprintf(buf, len, "%.0fms", ms);
	return buf;
}

static void
json_num(const char *key, double v, int ok, int last)
{
	if (ok)
		printf("\"%s\":%.6g%s", key, v, last ? "" : ",");
	else
		printf("\"%s\":null%s", key, last ? "" : ",");
}

/* What the idle rounds found, for the text and the JSON report. */
struct rounds_summary {
	int		 ndone;		/* Rounds completed, leave included. */
	int		 unsettled;	/* Rounds whose closes timed out. */
	int		 have_leave;	/* The figures below are known. */
	long		 left_kb;	/* RSS after the last leave. */
	long		 growth_kb;	/* left_kb minus the RSS at start. */
	int		 have_per_round;
	double		 per_round_kb;	/* Growth per round after the first. */
};

static void
rounds_summarize(struct rounds_summary *rs)
{
	int	i;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < opt.rounds && rounds[i].done; i++) {
		rs->ndone++;
		if (rounds[i].settled == ROUND_TIMEOUT)
			rs->unsettled++;
	}
	if (rs->ndone == 0 || !ps_start.ok)
		return;
	rs->have_leave = 1;
	rs->left_kb = rounds[rs->ndone - 1].rss_left_kb;
	rs->growth_kb = rs->left_kb - ps_start.rss_kb;
	if (rs->ndone > 1) {
		rs->have_per_round = 1;
		rs->per_round_kb = (double)(rs->left_kb -
		    rounds[0].rss_left_kb) / (rs->ndone - 1);
	}
}

static void
rounds_report_text(const struct rounds_summary *rs)
{
	char	b1[64];
	int	i;

	printf("Rounds: %d/%d, clients connected per round:", rs->ndone,
	    opt.rounds);
	for (i = 0; i <= round_cur; i++)
		printf("%s%s", i ? " / " : " ", fmt_count((uint64_t)
		    rounds[i].connected, b1, sizeof(b1)));
	printf("\n");
	if (!rs->have_leave) {
		printf("Server memory after all left: n/a\n");
		return;
	}
	printf("Server memory held per round:");
	for (i = 0; i < rs->ndone; i++)
		printf("%s%ld", i ? " / " : " ", rounds[i].rss_held_kb);
	printf(" KB\n");
	printf("Server memory after each leave:");
	for (i = 0; i < rs->ndone; i++)
		printf("%s%ld", i ? " / " : " ", rounds[i].rss_left_kb);
	printf(" KB\n");
	printf("Server closed all connections after:");
	for (i = 0; i < rs->ndone; i++) {
		printf("%s", i ? " / " : " ");
		switch (rounds[i].settled) {
		case ROUND_SETTLED:
			printf("%.2f", rounds[i].settle_s);
			break;
		case ROUND_TIMEOUT:
			printf("gave up at %.1f", rounds[i].settle_s);
			break;
		default:
			printf("?");
			break;
		}
	}
	printf(" s\n");
	printf("Server memory after all left: %ld KB (start %ld KB, %+ld "
	    "KB)\n", rs->left_kb, ps_start.rss_kb, rs->growth_kb);
	if (rs->have_per_round)
		printf("Server memory growth per round: %+.1f KB\n",
		    rs->per_round_kb);
	if (opt.rounds > 1)
		printf("Nicks still in use on reconnect: %" PRIu64 "\n",
		    nick_in_use);
}

static void
rounds_report_json(const struct rounds_summary *rs)
{
	int	i;

	printf("\"rounds\":%d,\"rounds_done\":%d,\"nick_in_use\":%" PRIu64
	    ",\"leave_unsettled\":%d,", opt.rounds, rs->ndone, nick_in_use,
	    rs->unsettled);
	printf("\"connected_per_round\":[");
	for (i = 0; i <= round_cur; i++)
		printf("%s%d", i ? "," : "", rounds[i].connected);
	printf("],\"rss_held_kb\":[");
	for (i = 0; i < rs->ndone && rs->have_leave; i++)
		printf("%s%ld", i ? "," : "", rounds[i].rss_held_kb);
	printf("],\"rss_after_leave_kb\":[");
	for (i = 0; i < rs->ndone && rs->have_leave; i++)
		printf("%s%ld", i ? "," : "", rounds[i].rss_left_kb);
	printf("],\"leave_settle_s\":[");
	for (i = 0; i < rs->ndone; i++) {
		if (rounds[i].settled == ROUND_UNKNOWN)
			printf("%snull", i ? "," : "");
		else
			printf("%s%.3f", i ? "," : "", rounds[i].settle_s);
	}
	printf("],");
	json_num("server_rss_start_kb", (double)ps_start.rss_kb,
	    ps_start.ok, 0);
	json_num("server_rss_after_leave_kb", (double)rs->left_kb,
	    rs->have_leave, 0);
	json_num("server_rss_leave_growth_kb", (double)rs->growth_kb,
	    rs->have_leave, 0);
	json_num("server_mem_growth_kb_per_round", rs->per_round_kb,
	    rs->have_per_round, 0);
}

/* Print the results and return the exit status. */
static int
bench_report(void)
{
	char		 b1[64], b2[64], b3[64];
	uint64_t	 lost, nlat = 0;
	double		 avg, p50, p99, elapsed, dps, cpu_del = 0, rss_grow;
	double		 mem_client = 0, cpu_conn = 0;
	int		 have_cpu, have_setup, failed, i, connected, nfirst;
	const struct proc_sample *ps_base;
	struct rounds_summary rs;

	for (i = 0; i < HIST_SIZE; i++)
		nlat += hist[i];
	lost = msgs_expected > msgs_recv ? msgs_expected - msgs_recv : 0;
	avg = nlat ? lat_sum_us / (double)nlat : 0;
	p50 = hist_quantile(0.50);
	p99 = hist_quantile(0.99);
	elapsed = messaging ? t_msg_end - t_msg_start : 0;
	dps = elapsed > 0 ? (double)msgs_recv / elapsed : 0;
	have_cpu = messaging && ps_msg_start.ok && ps_end.ok && msgs_recv > 0;
	if (have_cpu)
		cpu_del = (ps_end.cpu_us - ps_msg_start.cpu_us) /
		    (double)msgs_recv;
	/* Memory and CPU per client are from the first round. */
	nfirst = rounds[0].connected;
	have_setup = ps_start.ok && ps_ready.ok && nfirst > 0;
	if (have_setup) {
		cpu_conn = (ps_ready.cpu_us - ps_start.cpu_us) / nfirst;
		mem_client = (double)(ps_end.rss_kb - ps_start.rss_kb) *
		    1024.0 / nfirst;
	}
	/* Clients connected: the worst round. */
	connected = nfirst;
	for (i = 1; i <= round_cur; i++) {
		if (rounds[i].connected < connected)
			connected = rounds[i].connected;
	}
	rounds_summarize(&rs);

	printf("Stress Test Results:\n");
	printf("Clients connected: %s/%s\n", fmt_count((uint64_t)connected,
	    b1, sizeof(b1)), fmt_count((uint64_t)opt.clients, b2,
	    sizeof(b2)));
	printf("Messages sent: %s\n", fmt_count(msgs_sent, b1, sizeof(b1)));
	printf("Messages received: %s\n", fmt_count(msgs_recv, b1,
	    sizeof(b1)));
	printf("Average latency: %s\n", fmt_ms(avg, b1, sizeof(b1)));
	printf("Max latency: %s\n", fmt_ms(lat_max_us, b1, sizeof(b1)));
	printf("Dropped connections: %s\n", fmt_count(dropped, b1,
	    sizeof(b1)));
	if (ps_end.ok) {
		ps_base = messaging ? &ps_msg_start : &ps_ready;
		rss_grow = (double)(ps_end.rss_kb - ps_base->rss_kb);
		if (rss_grow < 1024 || rss_grow < 0.1 * ps_base->rss_kb)
			printf("Memory usage: %.1f MB (stable)\n",
			    ps_end.rss_kb / 1024.0);
		else
			printf("Memory usage: %.1f MB (grew by %.1f MB)\n",
			    ps_end.rss_kb / 1024.0, rss_grow / 1024.0);
	} else
		printf("Memory usage: n/a (no -S)\n");

	printf("Expected deliveries: %s\n", fmt_count(msgs_expected, b1,
	    sizeof(b1)));
	printf("Lost: %" PRIu64 ", duplicates: %" PRIu64 ", misordered: %"
	    PRIu64 ", invalid: %" PRIu64 "\n", lost, dups, misordered, bogus);
	printf("Latency p50/p99/max: %s / %s / %s\n", fmt_ms(p50, b1,
	    sizeof(b1)), fmt_ms(p99, b2, sizeof(b2)), fmt_ms(lat_max_us, b3,
	    sizeof(b3)));
	printf("Deliveries per second: %s\n", fmt_count((uint64_t)dps, b1,
	    sizeof(b1)));
	if (have_cpu)
		printf("Server CPU per delivery: %.3f us\n", cpu_del);
	else
		printf("Server CPU per delivery: n/a\n");
	if (have_setup) {
		printf("Server CPU per connect+register+join: %.1f us\n",
		    cpu_conn);
		printf("Server memory per client: %.0f bytes\n", mem_client);
	}
	if (opt.idle)
		rounds_report_text(&rs);
	printf("Setup time: %.2f s, messaging time: %.2f s\n",
	    t_ready > 0 ? t_ready - t_start : 0, elapsed);

	if (opt.json) {
		printf("{\"clients\":%d,\"connected\":%d,\"channels\":%d,"
		    "\"pairs\":%d,\"idle\":%d,\"size\":%d,\"rate\":%g,"
		    "\"messages_per_client\":%" PRIu32 ",\"messages_sent\":%"
		    PRIu64 ",\"messages_received\":%" PRIu64 ","
		    "\"expected\":%" PRIu64 ",\"lost\":%" PRIu64 ","
		    "\"duplicates\":%" PRIu64 ",\"misordered\":%" PRIu64 ","
		    "\"invalid\":%" PRIu64 ",\"dropped\":%" PRIu64 ","
		    "\"connect_failed\":%" PRIu64 ",",
		    opt.clients, connected, opt.pairs ? 0 : opt.channels,
		    opt.pairs, opt.idle, opt.size, opt.rate, opt.messages,
		    msgs_sent, msgs_recv, msgs_expected, lost, dups,
		    misordered, bogus, dropped, connect_failed);
		json_num("latency_avg_us", avg, nlat > 0, 0);
		json_num("latency_p50_us", p50, nlat > 0, 0);
		json_num("latency_p99_us", p99, nlat > 0, 0);
		json_num("latency_max_us", lat_max_us, nlat > 0, 0);
		json_num("deliveries_per_sec", dps, elapsed > 0, 0);
		json_num("server_cpu_us_per_delivery", cpu_del, have_cpu, 0);
		json_num("server_cpu_us_per_connect", cpu_conn, have_setup, 0);
		json_num("server_mem_bytes_per_client", mem_client,
		    have_setup, 0);
		json_num("server_rss_kb", (double)ps_end.rss_kb, ps_end.ok, 0);
		if (opt.idle)
			rounds_report_json(&rs);
		json_num("setup_s", t_ready > 0 ? t_ready - t_start : 0, 1, 0);
		json_num("messaging_s", elapsed, 1, 1);
		printf("}\n");
	}
	fflush(stdout);

	failed = lost > 0 || dups > 0 || misordered > 0 || bogus > 0 ||
	    dropped > 0 || connected < opt.clients || nick_in_use > 0 ||
	    (opt.idle && (rs.ndone < opt.rounds || rs.unsettled > 0));
	return failed ? 1 : 0;
}

static void __attribute__((__noreturn__))
usage(void)
{
	fprintf(stderr,
	    "usage: natter-bench -p port [-IjP] [--tls] [--ws] [-a addrs] "
	    "[-C channels] [-c clients]\n"
	    "\t[-d hold] [-H host] [-m messages] [-R rounds] [-r rate] "
	    "[-S pid]\n"
	    "\t[-s size] [-t timeout] [-w window]\n");
	exit(2);
}

static long
parse_num(const char *s, long min, long max, const char *what)
{
	char	*ep;
	long	 v;

	errno = 0;
	v = strtol(s, &ep, 10);
	if (*s == '\0' || *ep != '\0' || errno != 0 || v < min || v > max)
		fatalx("%s: invalid value %s", what, s);
	return v;
}

static double
parse_double(const char *s, double min, const char *what)
{
	char	*ep;
	double	 v;

	v = strtod(s, &ep);
	if (*s == '\0' || *ep != '\0' || v < min)
		fatalx("%s: invalid value %s", what, s);
	return v;
}

/* Raise the open file limit to the hard limit. */
static void
raise_nofile(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)opt.clients + 16 > rl.rlim_cur)
		fprintf(stderr, "natter-bench: warning: %d clients but the "
		    "open file limit is %lu\n", opt.clients,
		    (unsigned long)rl.rlim_cur);
}

static void
resolve_server(void)
{
	struct addrinfo	 hints, *res;
	int		 error;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if ((error = getaddrinfo(opt.host, opt.port, &hints, &res)) != 0)
		fatalx("%s port %s: %s (numeric addresses only)", opt.host,
		    opt.port, gai_strerror(error));
	memcpy(&server_addr, res->ai_addr, res->ai_addrlen);
	server_addrlen = res->ai_addrlen;
	freeaddrinfo(res);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "tls", no_argument, NULL, 'T' },
		{ "ws", no_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	struct client	*c;
	int		 ch, i;

	while ((ch = getopt_long(argc, argv,
	    "a:C:c:d:H:Ijm:Pp:R:r:S:s:Tt:Ww:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'T':
			opt.tls = 1;
			break;
		case 'W':
			opt.ws = 1;
			break;
		case 'a':
			opt.naddrs = (int)parse_num(optarg, 1, 254, "-a");
			break;
		case 'C':
			opt.channels = (int)parse_num(optarg, 1, 1000000,
			    "-C");
			break;
		case 'c':
			opt.clients = (int)parse_num(optarg, 1, 10000000,
			    "-c");
			break;
		case 'd':
			opt.hold = parse_double(optarg, 0, "-d");
			break;
		case 'H':
			opt.host = optarg;
			break;
		case 'I':
			opt.idle = 1;
			break;
		case 'j':
			opt.json = 1;
			break;
		case 'm':
			opt.messages = (uint32_t)parse_num(optarg, 0,
			    UINT32_MAX / 2, "-m");
			break;
		case 'P':
			opt.pairs = 1;
			break;
		case 'p':
			opt.port = optarg;
			break;
		case 'R':
			opt.rounds = (int)parse_num(optarg, 1, 1000, "-R");
			break;
		case 'r':
			opt.rate = parse_double(optarg, 0, "-r");
			break;
		case 'S':
			opt.server_pid = (pid_t)parse_num(optarg, 1, INT_MAX,
			    "-S");
			break;
		case 's':
			opt.size = (int)parse_num(optarg, 1, 400, "-s");
			break;
		case 't':
			opt.timeout = parse_double(optarg, 0.1, "-t");
			break;
		case 'w':
			opt.window = (int)parse_num(optarg, 1, 1000000, "-w");
			break;
		default:
			usage();
		}
	}
	if (optind != argc || opt.port == NULL)
		usage();
	if (opt.pairs && opt.clients % 2 != 0)
		fatalx("-P needs an even number of clients");
	if (opt.rounds > 1 && !opt.idle)
		fatalx("-R needs -I");

	signal(SIGPIPE, SIG_IGN);
	raise_nofile();
	resolve_server();
	if (opt.tls) {
		/* A client as a person's would be, less the verification. */
		if ((tls_ctx = SSL_CTX_new(TLS_client_method())) == NULL)
			fatalx("SSL_CTX_new failed");
		SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL);
		SSL_CTX_set_mode(tls_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
		    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
		SSL_CTX_set_session_cache_mode(tls_ctx, SSL_SESS_CACHE_OFF);
	}
	if ((loop = ev_default_loop(EVBACKEND_EPOLL)) == NULL &&
	    (loop = ev_default_loop(0)) == NULL)
		fatalx("cannot start libev");

	clients = xcalloc((size_t)opt.clients, sizeof(*clients));
	rounds = xcalloc((size_t)opt.rounds, sizeof(*rounds));
	if (!opt.pairs) {
		chans = xcalloc((size_t)opt.channels, sizeof(*chans));
		for (i = 0; i < opt.channels; i++)
			chans[i].members = xcalloc((size_t)(opt.clients /
			    opt.channels + 1), sizeof(int));
	}
	for (i = 0; i < opt.clients; i++) {
		c = &clients[i];
		c->id = i;
		c->fd = -1;
		c->chan = opt.pairs ? -1 : i % opt.channels;
		c->peer = opt.pairs ? (i ^ 1) : -1;
		c->rbuf = malloc(BENCH_RBUF + 1);
		if (c->rbuf == NULL)
			fatalx("out of memory");
	}

	ev_timer_init(&timeout_ev, timeout_cb, opt.timeout, 0.);
	ev_timer_start(loop, &timeout_ev);
	ev_timer_init(&hold_ev, hold_cb, opt.hold, 0.);
	ev_timer_init(&drain_ev, drain_cb, 0.5, 0.5);
	ev_timer_init(&settle_ev, round_settle_cb, LEAVE_POLL, LEAVE_POLL);
	ev_timer_init(&left_ev, round_left_cb, opt.hold, 0.);

	proc_sample(&ps_start);
	t_start = now_s();
	round_begin();
	ev_run(loop, 0);
	return bench_report();
}
