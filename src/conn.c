/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Connections.  Input is read once per readiness into a shared scratch
 * buffer, split into lines and handed to the connection's front; only a
 * partial line is copied into the connection's own buffer, so an idle
 * client holds no input memory.  Output is appended to wbuf and the
 * connection put on the pending list; one ev_prepare watcher reaps dead
 * connections and then flushes every pending one with a single write.
 * The write watcher runs only while the kernel refuses more.
 *
 * An emptied wbuf is kept for one more round of the loop, on the kept
 * list: a client that gets output every round (a busy channel) reuses
 * its buffer, which costs nothing, while a client that went quiet gives
 * its buffer back at the next round, so an idle client holds no output
 * memory either.  Growing and freeing a large buffer on every flush
 * would cost page faults and copies each time.
 *
 * Presence notices (another user's join, part, quit or away) may wait:
 * a client written to less than presence_delay ago keeps them on the
 * lazy list until one timer sends them all, so that a storm of joins
 * costs each member one write per presence_delay instead of one per
 * join.  Any other output for that client takes them along at once, in
 * order; a client that was quiet gets its notice at once.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "limit.h"
#include "log.h"
#include "msg.h"
#include "numeric.h"
#include "pool.h"
#include "user.h"
#include "xmalloc.h"

#define CONN_READ_SIZE	16384	/* bytes asked of one read */
#define CONN_TAGS_MAX	8191	/* IRCv3 message-tags limit, '@' and ' ' in */

struct conns		 conn_all = TAILQ_HEAD_INITIALIZER(conn_all);
unsigned		 conn_count;
static struct conns	 conn_pending = TAILQ_HEAD_INITIALIZER(conn_pending);
static struct conns	 conn_dead = TAILQ_HEAD_INITIALIZER(conn_dead);
static struct conns	 conn_backlog = TAILQ_HEAD_INITIALIZER(conn_backlog);
static struct conns	 conn_kept = TAILQ_HEAD_INITIALIZER(conn_kept);
static struct conns	 conn_lazy = TAILQ_HEAD_INITIALIZER(conn_lazy);
static struct conns	 conn_throttled =
			    TAILQ_HEAD_INITIALIZER(conn_throttled);
static ev_timer		 conn_flood_timer;
static ev_timer		 conn_lazy_timer;
static unsigned		 conn_round;	/* ev_prepare calls so far */
static struct buf	 conn_scratch;
static ev_prepare	 conn_prepare;
static ev_idle		 conn_idle;
static struct pool	 conn_pool = POOL_INITIALIZER("conn", struct conn);

static void	conn_read_cb(struct ev_loop *, ev_io *, int);
static void	conn_write_cb(struct ev_loop *, ev_io *, int);
static void	conn_timer_cb(struct ev_loop *, ev_timer *, int);
static void	conn_prepare_cb(struct ev_loop *, ev_prepare *, int);
static void	conn_idle_cb(struct ev_loop *, ev_idle *, int);
static void	conn_flood_cb(struct ev_loop *, ev_timer *, int);
static void	conn_lazy_cb(struct ev_loop *, ev_timer *, int);
static void	conn_flush(struct conn *, int);

#define conn_of(w, field) \
	((struct conn *)((char *)(w) - offsetof(struct conn, field)))

void
conn_init(void)
{
	ev_prepare_init(&conn_prepare, conn_prepare_cb);
	ev_prepare_start(EV_DEFAULT, &conn_prepare);
	ev_unref(EV_DEFAULT);	/* The prepare watcher alone keeps no loop. */
	ev_idle_init(&conn_idle, conn_idle_cb);
	ev_init(&conn_flood_timer, conn_flood_cb);
	ev_init(&conn_lazy_timer, conn_lazy_cb);
}

const char *
conn_flag_str(int flag)
{
	switch (flag) {
	case CONN_DEAD:
		return ("dead");
	case CONN_PENDING:
		return ("pending");
	case CONN_DISCARD:
		return ("discard");
	case CONN_PINGSENT:
		return ("pingsent");
	case CONN_GREETED:
		return ("greeted");
	case CONN_BACKLOG:
		return ("backlog");
	case CONN_CLOSING:
		return ("closing");
	case CONN_KEPT:
		return ("kept");
	case CONN_THROTTLED:
		return ("throttled");
	case CONN_LAZY:
		return ("lazy");
	}
	return ("unknown");
}

static void
conn_timer_set(struct conn *c, ev_tstamp after)
{
	c->timer.repeat = after > 0.001 ? after : 0.001;
	ev_timer_again(EV_DEFAULT, &c->timer);
}

/* Take on an accepted, non-blocking socket. */
void
conn_accept(int fd, struct sockaddr *sa, socklen_t salen, unsigned front)
{
	struct conn	*c;
	char		 host[INET6_ADDRSTRLEN] = "unknown";
	unsigned short	 port = 0;
	static const char full[] = "ERROR :Closing Link: * (Server full)\r\n";
	static const char perip[] = "ERROR :Closing Link: * "
	    "(Too many connections from your address)\r\n";

	if (sa->sa_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		port = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		if (strncmp(host, "::ffff:", 7) == 0)
			memmove(host, host + 7, strlen(host + 7) + 1);
		port = ntohs(sin6->sin6_port);
	}
	(void)salen;

	if (conn_count >= (unsigned)conf.max_clients) {
		log_info("Refused %s:%u: server full (max_clients %ld)", host,
		    port, conf.max_clients);
		(void)write(fd, full, sizeof full - 1);
		close(fd);
		return;
	}
	if (limit_ip_add(host) != 0) {
		log_info("Refused %s:%u: too many connections from it "
		    "(max_clients_per_ip %ld)", host, port,
		    conf.max_clients_per_ip);
		(void)write(fd, perip, sizeof perip - 1);
		close(fd);
		return;
	}

	c = pool_get(&conn_pool);
	c->fd = fd;
	c->port = port;
	c->listen_front = front;
	c->user = user_new(c, host);
	c->since = c->last_read = ev_now(EV_DEFAULT);
	TAILQ_INSERT_TAIL(&conn_all, c, entry);
	conn_count++;

	ev_io_init(&c->rev, conn_read_cb, fd, EV_READ);
	ev_io_init(&c->wev, conn_write_cb, fd, EV_WRITE);
	ev_init(&c->timer, conn_timer_cb);
	ev_io_start(EV_DEFAULT, &c->rev);
	log_info("Client connected from %s:%u", host, port);

	if (front == FRONT_TEXT + 1) {
		conn_set_front(c, &front_text);
		front_greet(c);
	} else if (front == FRONT_IRC + 1)
		conn_set_front(c, &front_irc);
	else if (conf.text_greeting_delay == 0) {
		/* No delay: the banner at once, then wait as a person would. */
		front_greet(c);
		if (conf.text_idle_timeout > 0)
			conn_timer_set(c, conf.text_idle_timeout);
		return;
	}
	if (c->front == NULL && conf.text_greeting_delay > 0)
		conn_timer_set(c, conf.text_greeting_delay / 1000.0 <
		    conf.register_timeout ? conf.text_greeting_delay / 1000.0 :
		    conf.register_timeout);
	else if (c->front != &front_text)
		conn_timer_set(c, conf.register_timeout);
}

/*
 * Fix the front of a connection.  A text connection is a registered
 * user at once; TCP keepalive watches it instead of PING.
 */
void
conn_set_front(struct conn *c, const struct front *f)
{
	int	 on = 1;

	c->front = f;
	if (f == &front_irc && (c->flags & CONN_GREETED))
		conn_timer_set(c, c->since + conf.register_timeout -
		    ev_now(EV_DEFAULT));
	if (f != &front_text)
		return;
	setsockopt(c->fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	front_text_start(c);
	if (conf.text_idle_timeout > 0)
		conn_timer_set(c, conf.text_idle_timeout);
	else
		ev_timer_stop(EV_DEFAULT, &c->timer);
}

/* Registration done: the timer now watches for idleness. */
void
conn_registered(struct conn *c)
{
	if (c->front == &front_irc)
		conn_timer_set(c, conf.ping_interval);
}

/* Queue bytes for the client and have them written this turn. */
void
conn_write(struct conn *c, const char *p, size_t len)
{
	conn_queue(c, p, len);
	conn_push(c, 0);
}

/*
 * Queue bytes for the client, to be sent by conn_push; drop the client
 * when its queue passes sendq.
 */
void
conn_queue(struct conn *c, const char *p, size_t len)
{
	if (c->flags & CONN_DEAD)
		return;
	if (buf_used(&c->wbuf) + len > (size_t)conf.sendq &&
	    !(c->flags & CONN_CLOSING)) {
		conn_close(c, "SendQ exceeded");
		return;
	}
	buf_add(&c->wbuf, p, len);
}

/* Take c off the kept or lazy list, whichever it is on. */
static void
conn_unlist(struct conn *c)
{
	if (c->flags & CONN_KEPT)
		TAILQ_REMOVE(&conn_kept, c, pend_entry);
	if (c->flags & CONN_LAZY)
		TAILQ_REMOVE(&conn_lazy, c, pend_entry);
	c->flags &= ~(CONN_KEPT | CONN_LAZY);
}

/*
 * Have the queued output written before the loop next sleeps; or, if
 * later (a presence notice) and the client was written to less than
 * presence_delay ago, when the lazy timer next fires.
 */
void
conn_push(struct conn *c, int later)
{
	ev_tstamp	 delay;

	if ((c->flags & (CONN_DEAD | CONN_PENDING)) ||
	    (later && (c->flags & CONN_LAZY)) ||
	    ev_is_active(&c->wev) || buf_used(&c->wbuf) == 0)
		return;
	delay = conf.presence_delay / 1000.0;
	if (later && ev_now(EV_DEFAULT) - c->last_write < delay) {
		conn_unlist(c);
		c->flags |= CONN_LAZY;
		TAILQ_INSERT_TAIL(&conn_lazy, c, pend_entry);
		if (!ev_is_active(&conn_lazy_timer)) {
			conn_lazy_timer.repeat = delay;
			ev_timer_again(EV_DEFAULT, &conn_lazy_timer);
		}
		return;
	}
	conn_unlist(c);
	c->flags |= CONN_PENDING;
	TAILQ_INSERT_TAIL(&conn_pending, c, pend_entry);
}

/*
 * Send the presence notices that waited.  Their clients get little
 * output, so their buffers are not kept.
 */
static void
conn_lazy_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct conn	*c;

	while ((c = TAILQ_FIRST(&conn_lazy)) != NULL) {
		TAILQ_REMOVE(&conn_lazy, c, pend_entry);
		c->flags &= ~CONN_LAZY;
		conn_flush(c, 0);
	}
	ev_timer_stop(loop, w);
}

/* Queue one formatted line, CRLF added; a longer one is cut. */
void
conn_printf(struct conn *c, const char *fmt, ...)
{
	static char	 buf[CONN_LINE_MAX + 2];
	va_list		 ap;
	int		 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof buf - 3)
		n = sizeof buf - 3;
	buf[n++] = '\r';
	buf[n++] = '\n';
	conn_write(c, buf, n);
}

/*
 * Start closing: the front writes its last line, reading stops, and the
 * reaper does the rest before the loop next sleeps.
 */
void
conn_close(struct conn *c, const char *fmt, ...)
{
	va_list	 ap;
	char	 reason[128];

	if (c->flags & CONN_DEAD)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	c->reason = xstrdup(reason);
	c->flags |= CONN_CLOSING;
	if (c->front != NULL)
		c->front->closing(c, c->reason);
	else if (c->flags & CONN_GREETED)	/* Most likely a person. */
		front_text.closing(c, c->reason);
	else
		front_irc.closing(c, c->reason);
	c->flags |= CONN_DEAD;
	ev_io_stop(EV_DEFAULT, &c->rev);
	ev_timer_stop(EV_DEFAULT, &c->timer);
	TAILQ_INSERT_TAIL(&conn_dead, c, dead_entry);
}

/* One complete line: check its length, then hand it to the front. */
static void
conn_line(struct conn *c, char *line, size_t len)
{
	size_t	 tags;

	if (c->front == NULL)
		front_decide(c, line, len);
	tags = msg_tags_len(line);
	if (tags > CONN_TAGS_MAX || len - tags > (size_t)conf.line_max - 2) {
		numeric_send(c->user, ERR_INPUTTOOLONG);
		return;
	}
	c->front->line(c, line, len);
}

#define CONN_DONE	0	/* no whole line left */
#define CONN_MORE	1	/* lines_per_read reached */
#define CONN_FLOOD	2	/* flood control holds the rest */

/*
 * Handle up to lines_per_read lines from b, as flood control allows.
 * Returns CONN_DONE, CONN_MORE or CONN_FLOOD.
 */
static int
conn_process(struct conn *c, struct buf *b)
{
	char	*line;
	size_t	 len;
	int	 n = 0, found;

	while (!(c->flags & CONN_DEAD)) {
		if (c->flags & CONN_DISCARD) {
			buf_discard_line(b, &found);
			if (!found)
				return (0);
			c->flags &= ~CONN_DISCARD;
			continue;
		}
		if (n == conf.lines_per_read)
			return (CONN_MORE);
		if (memchr(buf_head(b), '\n', buf_used(b)) == NULL &&
		    memchr(buf_head(b), '\r', buf_used(b)) == NULL)
			line = NULL;
		else if (!limit_flood(&c->flood, ev_now(EV_DEFAULT)))
			return (CONN_FLOOD);
		else
			line = buf_getline(b, &len);
		if (line == NULL) {
			if (buf_used(b) > (size_t)conf.line_max +
			    CONN_TAGS_MAX) {
				if (c->front == NULL)
					conn_set_front(c, &front_irc);
				numeric_send(c->user, ERR_INPUTTOOLONG);
				c->flags |= CONN_DISCARD;
				continue;
			}
			return (CONN_DONE);
		}
		if (len == 0)
			continue;
		n++;
		conn_line(c, line, len);
	}
	return (CONN_DONE);
}

/* Flood control holds c's lines: keep reading, up to recvq. */
static void
conn_throttle(struct conn *c)
{
	if (buf_used(&c->rbuf) > (size_t)conf.recvq) {
		conn_close(c, "Excess Flood");
		return;
	}
	if (c->flags & CONN_THROTTLED)
		return;
	c->flags |= CONN_THROTTLED;
	TAILQ_INSERT_TAIL(&conn_throttled, c, backlog_entry);
	if (!ev_is_active(&conn_flood_timer)) {
		conn_flood_timer.repeat = conf.flood_interval / 1000.0;
		ev_timer_again(EV_DEFAULT, &conn_flood_timer);
	}
}

/* Keep whole lines for later and stop reading until they are done. */
static void
conn_defer(struct conn *c)
{
	if (c->flags & CONN_BACKLOG)
		return;
	c->flags |= CONN_BACKLOG;
	TAILQ_INSERT_TAIL(&conn_backlog, c, backlog_entry);
	ev_io_stop(EV_DEFAULT, &c->rev);
	ev_idle_start(EV_DEFAULT, &conn_idle);
}

/*
 * Read once into the scratch buffer, after the partial line kept from
 * the last read, and handle the lines.  What is left (a partial line, or
 * whole lines past lines_per_read) is copied back into rbuf.
 */
static void
conn_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct conn	*c = conn_of(w, rev);
	struct buf	*b = &conn_scratch;
	ssize_t		 n;
	int		 more;

	if (buf_used(&c->rbuf) > 0)
		buf_add(b, buf_head(&c->rbuf), buf_used(&c->rbuf));
	n = read(c->fd, buf_space(b, CONN_READ_SIZE), CONN_READ_SIZE);
	if (n <= 0) {
		b->off = b->len = 0;
		if (n == 0)
			conn_close(c, "Connection closed");
		else if (errno != EAGAIN && errno != EINTR)
			conn_close(c, "Read error: %s", strerror(errno));
		return;
	}
	buf_free(&c->rbuf);
	buf_commit(b, n);
	c->last_read = ev_now(loop);
	more = conn_process(c, b);
	if (buf_used(b) > 0 && !(c->flags & CONN_DEAD))
		buf_add(&c->rbuf, buf_head(b), buf_used(b));
	b->off = b->len = 0;
	if (c->flags & CONN_DEAD)
		return;
	if (more == CONN_MORE)
		conn_defer(c);
	else if (more == CONN_FLOOD)
		conn_throttle(c);
}

/*
 * Handle the lines c holds (after lines_per_read or flood control held
 * them), then put it where the outcome says: back on the backlog (not
 * reading), throttled (reading, up to recvq), or simply reading again.
 */
static void
conn_resume(struct conn *c)
{
	int	 more;

	more = conn_process(c, &c->rbuf);
	if (c->flags & CONN_DEAD)
		return;
	if (more == CONN_MORE) {
		conn_defer(c);
		return;
	}
	ev_io_start(EV_DEFAULT, &c->rev);
	if (more == CONN_FLOOD)
		conn_throttle(c);
	else if (buf_used(&c->rbuf) == 0)
		buf_free(&c->rbuf);
}

/* Take every connection off list, clear flag, and resume each. */
static void
conn_resume_all(struct conns *list, int flag)
{
	struct conns	 batch = TAILQ_HEAD_INITIALIZER(batch);
	struct conn	*c;

	TAILQ_CONCAT(&batch, list, backlog_entry);
	while ((c = TAILQ_FIRST(&batch)) != NULL) {
		TAILQ_REMOVE(&batch, c, backlog_entry);
		c->flags &= ~flag;
		if (!(c->flags & CONN_DEAD))
			conn_resume(c);
	}
}

/* Every flood_interval: let held lines through as the timers allow. */
static void
conn_flood_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	conn_resume_all(&conn_throttled, CONN_THROTTLED);
	if (TAILQ_EMPTY(&conn_throttled))
		ev_timer_stop(loop, w);
}

/* Give every connection with whole lines left its next turn. */
static void
conn_idle_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	conn_resume_all(&conn_backlog, CONN_BACKLOG);
	if (TAILQ_EMPTY(&conn_backlog))
		ev_idle_stop(loop, w);
}

/*
 * Write what is queued; wait for the socket if the kernel takes less.
 * An emptied buffer is kept for the next round, or freed now.
 */
static void
conn_flush(struct conn *c, int keep)
{
	ssize_t	 n;

	if (buf_used(&c->wbuf) == 0)
		return;
	n = write(c->fd, buf_head(&c->wbuf), buf_used(&c->wbuf));
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR) {
			ev_io_start(EV_DEFAULT, &c->wev);
			return;
		}
		c->wbuf.off = c->wbuf.len = 0;
		conn_close(c, "Write error: %s", strerror(errno));
		return;
	}
	buf_drain(&c->wbuf, n);
	c->last_write = ev_now(EV_DEFAULT);
	if (buf_used(&c->wbuf) > 0) {
		ev_io_start(EV_DEFAULT, &c->wev);
		return;
	}
	ev_io_stop(EV_DEFAULT, &c->wev);
	if (!keep) {
		buf_free(&c->wbuf);
		return;
	}
	if (!(c->flags & CONN_KEPT)) {
		c->flags |= CONN_KEPT;
		TAILQ_INSERT_TAIL(&conn_kept, c, pend_entry);
	}
	c->kept_round = conn_round;
}

static void
conn_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	conn_flush(conn_of(w, wev), 1);
}

/*
 * Registration timeout, the text greeting, and the PING cycle, from one
 * timer whose meaning follows the connection's state.  Reads only note
 * the time; the timer works out how long the client has been quiet.
 */
static void
conn_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct conn	*c = conn_of(w, timer);
	struct user	*u = c->user;
	ev_tstamp	 now = ev_now(loop), quiet = now - c->last_read;
	char		 line[128];
	int		 n;

	if (c->front == NULL && !(c->flags & CONN_GREETED)) {
		/* A person reading the banner is idle, not registering. */
		front_greet(c);
		if (conf.text_idle_timeout > 0)
			conn_timer_set(c, conf.text_idle_timeout);
		return;
	}
	if (c->front == &front_text || c->front == NULL) {
		if (conf.text_idle_timeout == 0)
			ev_timer_stop(loop, &c->timer);
		else if (quiet >= conf.text_idle_timeout)
			conn_close(c, "Idle timeout");
		else
			conn_timer_set(c, conf.text_idle_timeout - quiet);
		return;
	}
	if (!(u->flags & USER_REGISTERED)) {
		if (now - c->since < conf.register_timeout)
			conn_timer_set(c, c->since + conf.register_timeout -
			    now);
		else
			conn_close(c, "Registration timeout");
		return;
	}
	if (c->flags & CONN_PINGSENT) {
		if (c->last_read < c->ping_sent) {
			conn_close(c, "Ping timeout: %ld seconds",
			    conf.ping_timeout);
			return;
		}
		c->flags &= ~CONN_PINGSENT;
	}
	if (quiet < conf.ping_interval) {
		conn_timer_set(c, conf.ping_interval - quiet);
		return;
	}
	n = snprintf(line, sizeof line, "PING :%s\r\n", conf.server_name);
	conn_write(c, line, n);
	c->flags |= CONN_PINGSENT;
	c->ping_sent = now;
	conn_timer_set(c, conf.ping_timeout);
}

/* Free a dead connection: last write, close, QUIT to the others. */
static void
conn_free(struct conn *c)
{
	if (c->flags & CONN_PENDING)
		TAILQ_REMOVE(&conn_pending, c, pend_entry);
	conn_unlist(c);
	if (c->flags & CONN_BACKLOG)
		TAILQ_REMOVE(&conn_backlog, c, backlog_entry);
	if (c->flags & CONN_THROTTLED)
		TAILQ_REMOVE(&conn_throttled, c, backlog_entry);
	limit_ip_del(c->user->host);
	if (buf_used(&c->wbuf) > 0)
		(void)write(c->fd, buf_head(&c->wbuf), buf_used(&c->wbuf));
	ev_io_stop(EV_DEFAULT, &c->rev);
	ev_io_stop(EV_DEFAULT, &c->wev);
	ev_timer_stop(EV_DEFAULT, &c->timer);
	shutdown(c->fd, SHUT_WR);
	close(c->fd);
	TAILQ_REMOVE(&conn_all, c, entry);
	conn_count--;

	cmd_quit_user(c->user, c->reason);
	user_free(c->user);
	buf_free(&c->rbuf);
	buf_free(&c->wbuf);
	free(c->reason);
	pool_put(&conn_pool, c);
}

static void
conn_prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct conn	*c;

	while ((c = TAILQ_FIRST(&conn_dead)) != NULL) {
		TAILQ_REMOVE(&conn_dead, c, dead_entry);
		conn_free(c);
	}
	/* Buffers emptied before the last round and not used since. */
	while ((c = TAILQ_FIRST(&conn_kept)) != NULL &&
	    c->kept_round != conn_round) {
		TAILQ_REMOVE(&conn_kept, c, pend_entry);
		c->flags &= ~CONN_KEPT;
		buf_free(&c->wbuf);
	}
	while ((c = TAILQ_FIRST(&conn_pending)) != NULL) {
		TAILQ_REMOVE(&conn_pending, c, pend_entry);
		c->flags &= ~CONN_PENDING;
		conn_flush(c, 1);
	}
	conn_round++;
	log_flush();
}

/* Tell every client why and close them all, at once. */
void
conn_shutdown(const char *reason)
{
	struct conn	*c;

	TAILQ_FOREACH(c, &conn_all, entry)
		conn_close(c, "%s", reason);
	conn_prepare_cb(EV_DEFAULT, &conn_prepare, 0);
}
