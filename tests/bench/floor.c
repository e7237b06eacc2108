/* SPDX-License-Identifier: ISC */

/*
 * floor: the smallest relay that natter-bench can talk to, used as the
 * floor of the benchmark tables.  It accepts connections with epoll
 * (level-triggered), reads once per readiness, and understands only NICK,
 * USER, JOIN, PRIVMSG, PING and QUIT: no modes, no limits, no checks.
 * Output is batched per recipient and flushed with one write per recipient
 * after each epoll batch, so what it costs is close to the cost of the
 * read and write system calls themselves.
 *
 * With -c cert -k key it speaks TLS instead (the TLS floor): OpenSSL 3,
 * record buffers released while idle, no session cache, no tickets, one
 * SSL_write per recipient per batch.
 */

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "sslio.h"

#define FLOOR_RBUF	16384
#define FLOOR_EVENTS	256
#define FLOOR_HASH	65536		/* Buckets for nicks and channels. */

struct conn {
	int		 open;
	int		 fd;
	SSL		*ssl;		/* Owned; with TLS. */
	int		 handshake;	/* The TLS handshake is not done. */
	char		 nick[32];
	int		 has_user;
	int		 registered;
	int		 dirty;		/* On the flush list. */
	int		 want_out;	/* EPOLLOUT is armed. */
	int		 next_nick;	/* Next fd in the nick bucket, or -1. */
	struct chan	**chans;	/* Owned array; channels joined. */
	int		 nchans;
	char		*obuf;		/* Owned; queued output. */
	size_t		 olen;
	size_t		 ocap;
	size_t		 rlen;
	char		 rbuf[FLOOR_RBUF];
};

struct chan {
	char		 name[64];
	struct chan	*next;		/* Next in the hash bucket. */
	int		*members;	/* Owned; fds. */
	int		 n;
	int		 cap;
};

static struct conn	**conns;	/* Indexed by fd. */
static int		 nconns_max;
static int		 nick_hash[FLOOR_HASH];
static struct chan	*chan_hash[FLOOR_HASH];
static int		*flush_list;
static int		 nflush;
static int		 epfd;
static SSL_CTX		*tls_ctx;	/* With -c and -k. */

static void	conn_close(struct conn *);

static void __attribute__((__noreturn__))
fatal(const char *what)
{
	fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *
xrealloc(void *p, size_t size)
{
	if ((p = realloc(p, size)) == NULL) {
		fprintf(stderr, "floor: out of memory\n");
		exit(1);
	}
	return p;
}

static unsigned int
hash_str(const char *s)
{
	unsigned int	h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % FLOOR_HASH;
}

/* Queue output for a connection and put it on the flush list. */
static void
conn_out(struct conn *c, const char *data, size_t len)
{
	if (c->olen + len > c->ocap) {
		while (c->olen + len > c->ocap)
			c->ocap = c->ocap ? c->ocap * 2 : 4096;
		c->obuf = xrealloc(c->obuf, c->ocap);
	}
	memcpy(c->obuf + c->olen, data, len);
	c->olen += len;
	if (!c->dirty) {
		c->dirty = 1;
		flush_list[nflush++] = c->fd;
	}
}

static struct conn *
nick_find(const char *nick)
{
	int	fd;

	for (fd = nick_hash[hash_str(nick)]; fd != -1;
	    fd = conns[fd]->next_nick) {
		if (strcmp(conns[fd]->nick, nick) == 0)
			return conns[fd];
	}
	return NULL;
}

static void
nick_remove(struct conn *c)
{
	int	*p;

	if (c->nick[0] == '\0')
		return;
	for (p = &nick_hash[hash_str(c->nick)]; *p != -1;
	    p = &conns[*p]->next_nick) {
		if (*p == c->fd) {
			*p = c->next_nick;
			break;
		}
	}
	c->nick[0] = '\0';
}

static struct chan *
chan_get(const char *name)
{
	unsigned int	 h = hash_str(name);
	struct chan	*ch;

	for (ch = chan_hash[h]; ch != NULL; ch = ch->next) {
		if (strcmp(ch->name, name) == 0)
			return ch;
	}
	ch = xrealloc(NULL, sizeof(*ch));
	memset(ch, 0, sizeof(*ch));
	snprintf(ch->name, sizeof(ch->name), "%s", name);
	ch->next = chan_hash[h];
	chan_hash[h] = ch;
	return ch;
}

static void
chan_join(struct conn *c, const char *name)
{
	struct chan	*ch = chan_get(name);
	char		 line[256];
	int		 i, n;

	for (i = 0; i < ch->n; i++) {
		if (ch->members[i] == c->fd)
			return;
	}
	if (ch->n == ch->cap) {
		ch->cap = ch->cap ? ch->cap * 2 : 16;
		ch->members = xrealloc(ch->members,
		    (size_t)ch->cap * sizeof(int));
	}
	ch->members[ch->n++] = c->fd;
	c->chans = xrealloc(c->chans, (size_t)(c->nchans + 1) *
	    sizeof(*c->chans));
	c->chans[c->nchans++] = ch;
	n = snprintf(line, sizeof(line), ":%s!u@h JOIN %s\r\n", c->nick,
	    ch->name);
	conn_out(c, line, (size_t)n);
}

static void
chan_part_all(struct conn *c)
{
	struct chan	*ch;
	int		 i, j;

	for (i = 0; i < c->nchans; i++) {
		ch = c->chans[i];
		for (j = 0; j < ch->n; j++) {
			if (ch->members[j] == c->fd) {
				ch->members[j] = ch->members[--ch->n];
				break;
			}
		}
	}
	free(c->chans);
	c->chans = NULL;
	c->nchans = 0;
}

/* Relay a PRIVMSG to a channel's members or to one nick. */
static void
cmd_privmsg(struct conn *c, char *args)
{
	char		 line[1024];
	char		*target = args, *text, *sp;
	struct chan	*ch;
	struct conn	*to;
	int		 i, n;

	if ((sp = strchr(args, ' ')) == NULL)
		return;
	*sp = '\0';
	text = sp + 1;
	if (*text == ':')
		text++;
	n = snprintf(line, sizeof(line), ":%s!u@h PRIVMSG %s :%s\r\n",
	    c->nick, target, text);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	if (target[0] == '#') {
		ch = chan_get(target);
		for (i = 0; i < ch->n; i++) {
			if (ch->members[i] != c->fd)
				conn_out(conns[ch->members[i]], line,
				    (size_t)n);
		}
	} else if ((to = nick_find(target)) != NULL && to != c)
		conn_out(to, line, (size_t)n);
}

static void
conn_line(struct conn *c, char *line)
{
	char	 buf[128];
	char	*args, *name;
	int	 n;

	if ((args = strchr(line, ' ')) != NULL)
		*args++ = '\0';
	else
		args = line + strlen(line);

	if (strcmp(line, "PRIVMSG") == 0 && c->registered)
		cmd_privmsg(c, args);
	else if (strcmp(line, "JOIN") == 0 && c->registered) {
		for (name = strtok(args, ", "); name != NULL;
		    name = strtok(NULL, ", "))
			if (name[0] == '#')
				chan_join(c, name);
	} else if (strcmp(line, "PING") == 0) {
		n = snprintf(buf, sizeof(buf), "PONG %.100s\r\n", args);
		conn_out(c, buf, (size_t)n);
	} else if (strcmp(line, "QUIT") == 0)
		conn_close(c);
	else if (strcmp(line, "NICK") == 0 && !c->registered) {
		if (*args == ':')
			args++;
		args[strcspn(args, " ")] = '\0';
		if (*args == '\0' || strlen(args) >= sizeof(c->nick))
			return;
		if (nick_find(args) != NULL) {
			n = snprintf(buf, sizeof(buf),
			    ":floor 433 * %s :in use\r\n", args);
			conn_out(c, buf, (size_t)n);
			return;
		}
		nick_remove(c);
		snprintf(c->nick, sizeof(c->nick), "%s", args);
		c->next_nick = nick_hash[hash_str(c->nick)];
		nick_hash[hash_str(c->nick)] = c->fd;
	} else if (strcmp(line, "USER") == 0)
		c->has_user = 1;
	if (!c->registered && c->open && c->has_user && c->nick[0] != '\0') {
		c->registered = 1;
		n = snprintf(buf, sizeof(buf), ":floor 001 %s :hi\r\n",
		    c->nick);
		conn_out(c, buf, (size_t)n);
	}
}

static void	conn_set_out(struct conn *, int);

/* One step of the TLS handshake; 1 when done, 0 to wait, -1 failed. */
static int
conn_handshake(struct conn *c)
{
	int	 r;

	if ((r = SSL_do_handshake(c->ssl)) == 1) {
		c->handshake = 0;
		conn_set_out(c, c->olen > 0);
		return 1;
	}
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		conn_set_out(c, 0);
		return 0;
	case SSL_ERROR_WANT_WRITE:
		conn_set_out(c, 1);
		return 0;
	}
	conn_close(c);
	return -1;
}

/* Read once and handle the complete lines. */
static void
conn_read(struct conn *c)
{
	ssize_t	 n;
	char	*start, *end, *nl;

	if (c->handshake && conn_handshake(c) != 1)
		return;
again:
	n = sslio_read(c->fd, c->ssl, c->rbuf + c->rlen,
	    sizeof(c->rbuf) - c->rlen);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		conn_close(c);
		return;
	}
	if (n < 0)
		return;
	c->rlen += (size_t)n;
	start = c->rbuf;
	end = c->rbuf + c->rlen;
	while ((nl = memchr(start, '\n', (size_t)(end - start))) != NULL) {
		*nl = '\0';
		if (nl > start && nl[-1] == '\r')
			nl[-1] = '\0';
		conn_line(c, start);
		if (!c->open)
			return;
		start = nl + 1;
	}
	c->rlen = (size_t)(end - start);
	if (c->rlen == sizeof(c->rbuf))
		c->rlen = 0;
	else if (c->rlen > 0 && start != c->rbuf)
		memmove(c->rbuf, start, c->rlen);
	/* Decrypted bytes OpenSSL holds: epoll does not see them. */
	if (c->ssl != NULL && SSL_pending(c->ssl) > 0)
		goto again;
}

static void
conn_set_out(struct conn *c, int on)
{
	struct epoll_event	ev;

	if (c->want_out == on)
		return;
	c->want_out = on;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | (on ? EPOLLOUT : 0);
	ev.data.fd = c->fd;
	epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* One write per queued connection; arm EPOLLOUT for what is left. */
static void
flush_all(void)
{
	struct conn	*c;
	ssize_t		 n;
	int		 i;

	for (i = 0; i < nflush; i++) {
		c = conns[flush_list[i]];
		if (c == NULL || !c->open || !c->dirty)
			continue;
		c->dirty = 0;
		if (c->handshake) {
			conn_handshake(c);
			continue;
		}
		if (c->olen == 0)
			continue;
		n = sslio_write(c->fd, c->ssl, c->obuf, c->olen);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				conn_close(c);
			else
				conn_set_out(c, 1);
			continue;
		}
		c->olen -= (size_t)n;
		if (c->olen > 0)
			memmove(c->obuf, c->obuf + n, c->olen);
		conn_set_out(c, c->olen > 0);
	}
	nflush = 0;
}

static void
conn_close(struct conn *c)
{
	if (!c->open)
		return;
	chan_part_all(c);
	nick_remove(c);
	epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
	if (c->ssl != NULL)
		SSL_free(c->ssl);
	c->ssl = NULL;
	close(c->fd);
	c->open = 0;
	c->dirty = 0;
	c->olen = 0;
	c->rlen = 0;
	c->has_user = c->registered = c->want_out = 0;
}

static void
conn_accept(int lfd)
{
	struct epoll_event	 ev;
	struct conn		*c;
	int			 fd, one = 1, i;

	for (i = 0; i < 64; i++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1)
			return;
		if (fd >= nconns_max) {
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		/* Leave the read buffer untouched until data arrives. */
		if ((c = conns[fd]) == NULL) {
			c = conns[fd] = xrealloc(NULL, sizeof(*c));
			c->chans = NULL;
			c->obuf = NULL;
			c->ocap = 0;
		}
		c->fd = fd;
		c->has_user = c->registered = c->dirty = c->want_out = 0;
		c->nchans = 0;
		c->olen = c->rlen = 0;
		c->open = 1;
		c->nick[0] = '\0';
		c->next_nick = -1;
		c->ssl = NULL;
		c->handshake = 0;
		if (tls_ctx != NULL) {
			if ((c->ssl = SSL_new(tls_ctx)) == NULL ||
			    SSL_set_fd(c->ssl, fd) != 1) {
				fprintf(stderr, "floor: SSL_new failed\n");
				exit(1);
			}
			SSL_set_accept_state(c->ssl);
			c->handshake = 1;
		}
		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN;
		ev.data.fd = fd;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == -1)
			fatal("epoll_ctl");
	}
}

int
main(int argc, char *argv[])
{
	struct epoll_event	 evs[FLOOR_EVENTS], ev;
	struct sockaddr_in	 sin;
	struct rlimit		 rl;
	socklen_t		 len = sizeof(sin);
	struct conn		*c;
	const char		*addr = "127.0.0.1", *cert = NULL, *key = NULL;
	int			 lfd, ch, n, i, one = 1, port = 0;

	while ((ch = getopt(argc, argv, "a:c:k:p:")) != -1) {
		switch (ch) {
		case 'a':
			addr = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: floor [-a address] "
			    "[-c cert -k key] [-p port]\n");
			return 2;
		}
	}
	if ((cert == NULL) != (key == NULL)) {
		fprintf(stderr, "floor: -c and -k go together\n");
		return 2;
	}
	if (cert != NULL) {
		/* The TLS floor: as little per connection as OpenSSL allows. */
		if ((tls_ctx = SSL_CTX_new(TLS_server_method())) == NULL ||
		    SSL_CTX_use_certificate_chain_file(tls_ctx, cert) != 1 ||
		    SSL_CTX_use_PrivateKey_file(tls_ctx, key,
		    SSL_FILETYPE_PEM) != 1) {
			ERR_print_errors_fp(stderr);
			return 1;
		}
		SSL_CTX_set_min_proto_version(tls_ctx, TLS1_2_VERSION);
		SSL_CTX_set_session_cache_mode(tls_ctx, SSL_SESS_CACHE_OFF);
		SSL_CTX_set_num_tickets(tls_ctx, 0);
		SSL_CTX_set_options(tls_ctx, SSL_OP_NO_TICKET);
		SSL_CTX_set_mode(tls_ctx, SSL_MODE_RELEASE_BUFFERS |
		    SSL_MODE_ENABLE_PARTIAL_WRITE |
		    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	}

	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	nconns_max = rl.rlim_cur > 1000000 ? 1000000 : (int)rl.rlim_cur;
	conns = xrealloc(NULL, (size_t)nconns_max * sizeof(*conns));
	memset(conns, 0, (size_t)nconns_max * sizeof(*conns));
	flush_list = xrealloc(NULL, (size_t)nconns_max * 2 * sizeof(int));
	memset(nick_hash, 0xff, sizeof(nick_hash));

	if ((lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		fatal("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "floor: bad address %s\n", addr);
		return 2;
	}
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
		fatal("bind");
	if (listen(lfd, 4096) == -1)
		fatal("listen");
	getsockname(lfd, (struct sockaddr *)&sin, &len);
	fprintf(stderr, "floor: listening on %s port %d\n", addr,
	    ntohs(sin.sin_port));

	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fatal("epoll_create1");
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev) == -1)
		fatal("epoll_ctl");

	for (;;) {
		n = epoll_wait(epfd, evs, FLOOR_EVENTS, -1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			fatal("epoll_wait");
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == lfd) {
				conn_accept(lfd);
				continue;
			}
			c = conns[evs[i].data.fd];
			if (c == NULL || !c->open)
				continue;
			if (evs[i].events & EPOLLOUT && !c->dirty) {
				c->dirty = 1;
				flush_list[nflush++] = c->fd;
			}
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
				conn_read(c);
		}
		flush_all();
	}
}
