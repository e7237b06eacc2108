/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Connections.  Input is read once per readiness into a shared scratch
 * buffer, split into lines and handed to the owner's line hook; only a
 * partial line is copied into the connection's own buffer, so an idle
 * client holds no input memory.  Output is appended to wbuf and the
 * connection put on the pending list; one ev_prepare watcher reaps dead
 * connections and then flushes every pending one with a single write.
 * The transport watches for writability only while it refuses output.
 *
 * Input is scheduled by one state per connection (enum conn_sched), and
 * a connection is on at most the one list its state names, through
 * in_entry: reading (no list); a backlog of whole lines past
 * lines_per_read, handled in later turns of the loop by an idle
 * watcher; throttled by flood control, held for the flood timer while
 * reading goes on up to recvq; resuming, taken off one of those two
 * lists for its turn; paused by its owner (waiting for the worker).
 * conn_sched is the only place that moves a connection between lists.
 * Bytes the transport holds after a read (TLS) count as a backlog, so
 * they are handled before the loop sleeps.
 *
 * An emptied wbuf is kept for one more round of the loop, on the kept
 * list: a client that gets output every round (a busy channel) reuses
 * its buffer, which costs nothing, while a client that went quiet gives
 * its buffer back at the next round, so an idle client holds no output
 * memory either.
 *
 * Presence notices (another user's join, part, quit or away) may wait:
 * a client written to less than presence_delay ago keeps them on the
 * lazy list until one timer sends them all, so that a storm of joins
 * costs each member one write per presence_delay instead of one per
 * join.  Any other output for that client takes them along at once, in
 * order; a client that was quiet gets its notice at once.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "conn.h"
#include "limit.h"
#include "msg.h"
#include "pool.h"
#include "xmalloc.h"

#define CONN_READ_SIZE	16384	/* bytes asked of one read */

struct conns		 conn_all = TAILQ_HEAD_INITIALIZER(conn_all);
unsigned		 conn_count;
static struct conns	 conn_pending = TAILQ_HEAD_INITIALIZER(conn_pending);
static struct conns	 conn_dead = TAILQ_HEAD_INITIALIZER(conn_dead);
static struct conns	 conn_kept = TAILQ_HEAD_INITIALIZER(conn_kept);
static struct conns	 conn_lazy = TAILQ_HEAD_INITIALIZER(conn_lazy);
static struct conns	 conn_backlog = TAILQ_HEAD_INITIALIZER(conn_backlog);
static struct conns	 conn_throttled =
			    TAILQ_HEAD_INITIALIZER(conn_throttled);
static struct conns	 conn_resuming = TAILQ_HEAD_INITIALIZER(conn_resuming);
static ev_timer		 conn_flood_timer;
static ev_timer		 conn_lazy_timer;
static unsigned		 conn_round;	/* ev_prepare calls so far */
static struct buf	 conn_scratch;
static ev_prepare	 conn_prepare;
static ev_idle		 conn_idle;
static struct pool	 conn_pool = POOL_INITIALIZER("conn", struct conn);

static void	conn_ready(struct io *);
static void	conn_readable(struct io *);
static void	conn_writable(struct io *);
static void	conn_failed(struct io *, const char *);
static void	conn_timer_cb(struct ev_loop *, ev_timer *, int);
static void	conn_prepare_cb(struct ev_loop *, ev_prepare *, int);
static void	conn_idle_cb(struct ev_loop *, ev_idle *, int);
static void	conn_flood_cb(struct ev_loop *, ev_timer *, int);
static void	conn_lazy_cb(struct ev_loop *, ev_timer *, int);
static void	conn_flush(struct conn *, int);
static void	conn_read(struct conn *);

static const struct io_events conn_io_events = {
	conn_ready, conn_readable, conn_writable, conn_failed,
};

#define conn_of(p, field) \
	((struct conn *)((char *)(p) - offsetof(struct conn, field)))

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
	case CONN_BLOCKED:
		return ("blocked");
	case CONN_CLOSING:
		return ("closing");
	case CONN_KEPT:
		return ("kept");
	case CONN_LAZY:
		return ("lazy");
	case CONN_READY:
		return ("ready");
	}
	return ("unknown");
}

const char *
conn_sched_str(enum conn_sched s)
{
	switch (s) {
	case CONN_READING:
		return ("reading");
	case CONN_BACKLOG:
		return ("backlog");
	case CONN_THROTTLED:
		return ("throttled");
	case CONN_RESUMING:
		return ("resuming");
	case CONN_PAUSED:
		return ("paused");
	case CONN_HANDSHAKE:
		return ("handshake");
	}
	return ("unknown");
}

/*
 * The longest line kept whole: line_max and the IRCv3 tags limit; the
 * fronts check each part themselves.
 */
size_t
conn_line_limit(void)
{
	return ((size_t)conf.line_max + MSG_TAGS_MAX);
}

/* Tell the transport what to watch: input unless held, output if stuck. */
static void
conn_watch(struct conn *c)
{
	int	 want = 0;

	if (c->flags & CONN_DEAD) {
		io_want(&c->io, 0);
		return;
	}
	if (c->sched == CONN_READING || c->sched == CONN_THROTTLED)
		want |= IO_READ;
	if (c->flags & CONN_BLOCKED)
		want |= IO_WRITE;
	io_want(&c->io, want);
}

static struct conns *
conn_sched_list(enum conn_sched s)
{
	switch (s) {
	case CONN_BACKLOG:
		return (&conn_backlog);
	case CONN_THROTTLED:
		return (&conn_throttled);
	case CONN_RESUMING:
		return (&conn_resuming);
	default:
		return (NULL);
	}
}

/* Move c to state s: off the list of its old state, onto the new one. */
static void
conn_sched(struct conn *c, enum conn_sched s)
{
	struct conns	*list;

	if (c->sched == s) {
		conn_watch(c);	/* resume_all set it without watching */
		return;
	}
	if ((list = conn_sched_list(c->sched)) != NULL)
		TAILQ_REMOVE(list, c, in_entry);
	c->sched = s;
	if ((list = conn_sched_list(s)) != NULL)
		TAILQ_INSERT_TAIL(list, c, in_entry);
	if (s == CONN_BACKLOG)
		ev_idle_start(EV_DEFAULT, &conn_idle);
	if (s == CONN_THROTTLED && !ev_is_active(&conn_flood_timer)) {
		conn_flood_timer.repeat = conf.flood_interval / 1000.0;
		ev_timer_again(EV_DEFAULT, &conn_flood_timer);
	}
	conn_watch(c);
}

/*
 * A connection on a transport: fd and state are the transport's, sa the
 * peer's address (or NULL).  It starts with conn_start.
 */
struct conn *
conn_new(const struct io_ops *ops, int fd, void *state,
    const struct sockaddr *sa, const struct conn_hooks *hooks, void *owner)
{
	struct conn	*c;

	c = pool_get(&conn_pool);
	io_init(&c->io, ops, fd, state, sa, &conn_io_events);
	c->hooks = hooks;
	c->owner = owner;
	c->sched = CONN_HANDSHAKE;
	c->since = c->last_read = ev_now(EV_DEFAULT);
	ev_init(&c->timer, conn_timer_cb);
	TAILQ_INSERT_TAIL(&conn_all, c, entry);
	conn_count++;
	return (c);
}

/* Begin: the transport calls conn_ready now or after its handshake. */
void
conn_start(struct conn *c)
{
	io_start(&c->io);
}

static void
conn_ready(struct io *io)
{
	struct conn	*c = conn_of(io, io);

	if (c->flags & CONN_DEAD)
		return;
	c->since = c->last_read = ev_now(EV_DEFAULT);
	c->flags |= CONN_READY;
	conn_sched(c, CONN_READING);
	c->hooks->ready(c);
	/* A handshake may have left input inside the transport. */
	if (!(c->flags & CONN_DEAD) && c->sched == CONN_READING &&
	    io_pending(&c->io) > 0)
		conn_sched(c, CONN_BACKLOG);
}

static void
conn_failed(struct io *io, const char *why)
{
	conn_close(conn_of(io, io), "%s", why);
}

void
conn_set_hooks(struct conn *c, const struct conn_hooks *hooks)
{
	c->hooks = hooks;
}

void
conn_timer(struct conn *c, ev_tstamp after)
{
	if (c->flags & CONN_DEAD)
		return;
	c->timer.repeat = after > 0.001 ? after : 0.001;
	ev_timer_again(EV_DEFAULT, &c->timer);
}

void
conn_timer_stop(struct conn *c)
{
	ev_timer_stop(EV_DEFAULT, &c->timer);
}

static void
conn_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct conn	*c = conn_of(w, timer);

	ev_timer_stop(loop, w);
	c->hooks->timer(c);
}

/*
 * Hold the input: lines stay unread until conn_unpause (the owner waits
 * for an answer from the worker, and its replies must keep their order).
 */
void
conn_pause(struct conn *c)
{
	if (!(c->flags & CONN_DEAD))
		conn_sched(c, CONN_PAUSED);
}

/* Let the held lines through, in a later turn of the loop. */
void
conn_unpause(struct conn *c)
{
	if (!(c->flags & CONN_DEAD) && c->sched == CONN_PAUSED)
		conn_sched(c, CONN_BACKLOG);
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
	if ((c->flags & (CONN_DEAD | CONN_READY)) != CONN_READY)
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
		TAILQ_REMOVE(&conn_kept, c, out_entry);
	if (c->flags & CONN_LAZY)
		TAILQ_REMOVE(&conn_lazy, c, out_entry);
	if (c->flags & CONN_PENDING)
		TAILQ_REMOVE(&conn_pending, c, out_entry);
	c->flags &= ~(CONN_KEPT | CONN_LAZY | CONN_PENDING);
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

	if ((c->flags & (CONN_DEAD | CONN_PENDING | CONN_BLOCKED)) ||
	    (later && (c->flags & CONN_LAZY)) || buf_used(&c->wbuf) == 0)
		return;
	delay = conf.presence_delay / 1000.0;
	if (later && ev_now(EV_DEFAULT) - c->last_write < delay) {
		conn_unlist(c);
		c->flags |= CONN_LAZY;
		TAILQ_INSERT_TAIL(&conn_lazy, c, out_entry);
		if (!ev_is_active(&conn_lazy_timer)) {
			conn_lazy_timer.repeat = delay;
			ev_timer_again(EV_DEFAULT, &conn_lazy_timer);
		}
		return;
	}
	conn_unlist(c);
	c->flags |= CONN_PENDING;
	TAILQ_INSERT_TAIL(&conn_pending, c, out_entry);
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
		TAILQ_REMOVE(&conn_lazy, c, out_entry);
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
 * Start closing: the owner queues its last words, input stops, and the
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
	c->hooks->closing(c, c->reason);
	conn_sched(c, CONN_READING);	/* off every input list */
	c->flags |= CONN_DEAD;
	conn_watch(c);
	conn_unlist(c);
	ev_timer_stop(EV_DEFAULT, &c->timer);
	TAILQ_INSERT_TAIL(&conn_dead, c, out_entry);
}

#define CONN_DONE	0	/* no whole line left */
#define CONN_MORE	1	/* lines_per_read reached, lines left */
#define CONN_FLOOD	2	/* flood control holds the rest */
#define CONN_HELD	3	/* the owner paused the connection */
#define CONN_UPGRADE	4	/* another transport takes the input */

/*
 * The upgrade asked for from a line hook, done once the hook returns
 * (conn_upgrade_now): only one can be asked for at a time.
 */
static struct {
	struct conn	*c;
	io_wrap_fn	*wrap;
	char		*line;		/* owned */
	size_t		 len;
} conn_upgrading;

/*
 * The line the owner was given is another protocol's (an HTTP request
 * on a port that also speaks IRC): put a transport that speaks it over
 * the connection's (wrap), with that line and every byte read after
 * it.  The connection waits for the new transport's handshake, and the
 * owner hears ready again when it is done.  From a line hook only.
 */
void
conn_upgrade(struct conn *c, io_wrap_fn *wrap, const char *line, size_t len)
{
	free(conn_upgrading.line);
	conn_upgrading.c = c;
	conn_upgrading.wrap = wrap;
	/* Not xstrndup: the line may hold a NUL, and all of it goes on. */
	conn_upgrading.line = xmalloc(len);
	memcpy(conn_upgrading.line, line, len);
	conn_upgrading.len = len;
}

/* Hand the line and what is left in b to the new transport. */
static void
conn_upgrade_now(struct conn *c, struct buf *b)
{
	struct buf	 early = { 0 };

	buf_add(&early, conn_upgrading.line, conn_upgrading.len);
	buf_add(&early, "\r\n", 2);
	buf_add(&early, buf_head(b), buf_used(b));
	buf_drain(b, buf_used(b));
	buf_free(&c->rbuf);
	free(conn_upgrading.line);
	conn_upgrading.line = NULL;
	conn_upgrading.c = NULL;
	c->flags &= ~(CONN_READY | CONN_DISCARD);
	ev_timer_stop(EV_DEFAULT, &c->timer);
	conn_sched(c, CONN_HANDSHAKE);
	conn_upgrading.wrap(&c->io, 1, buf_head(&early), buf_used(&early));
	buf_free(&early);
	io_start(&c->io);
}

/* Is a whole line (or the end of one being discarded) in b? */
static int
conn_has_line(struct buf *b)
{
	size_t	 n = buf_used(b);

	return (n > 0 && (memchr(buf_head(b), '\n', n) != NULL ||
	    memchr(buf_head(b), '\r', n) != NULL));
}

/*
 * Handle up to lines_per_read lines from b, as flood control allows.
 * Returns CONN_DONE, CONN_MORE, CONN_FLOOD or CONN_HELD.
 */
static int
conn_process(struct conn *c, struct buf *b)
{
	char	*line;
	size_t	 len;
	int	 n = 0, found;

	while (!(c->flags & CONN_DEAD)) {
		if (c->sched == CONN_PAUSED)
			return (CONN_HELD);
		if (c->flags & CONN_DISCARD) {
			buf_discard_line(b, &found);
			if (!found)
				return (CONN_DONE);
			c->flags &= ~CONN_DISCARD;
			continue;
		}
		if (!conn_has_line(b)) {
			if (buf_used(b) > conn_line_limit()) {
				c->flags |= CONN_DISCARD;
				c->hooks->toolong(c);
				continue;
			}
			return (CONN_DONE);
		}
		if (n == conf.lines_per_read)
			return (CONN_MORE);
		if (!limit_flood(&c->flood, ev_now(EV_DEFAULT)))
			return (CONN_FLOOD);
		line = buf_getline(b, &len);
		if (len == 0)
			continue;
		n++;
		if (len > conn_line_limit()) {
			c->hooks->toolong(c);
			continue;
		}
		c->hooks->line(c, line, len);
		if (conn_upgrading.c == c)
			return (CONN_UPGRADE);
	}
	return (CONN_DONE);
}

/* Put c where the outcome of conn_process says. */
static void
conn_after(struct conn *c, int more)
{
	if (c->flags & CONN_DEAD)
		return;
	switch (more) {
	case CONN_MORE:
		conn_sched(c, CONN_BACKLOG);
		break;
	case CONN_FLOOD:
		if (buf_used(&c->rbuf) > (size_t)conf.recvq) {
			conn_close(c, "Excess Flood");
			return;
		}
		conn_sched(c, CONN_THROTTLED);
		break;
	case CONN_HELD:
		break;
	default:
		if (io_pending(&c->io) > 0)
			conn_sched(c, CONN_BACKLOG);
		else
			conn_sched(c, CONN_READING);
		break;
	}
	if (buf_used(&c->rbuf) == 0)
		buf_free(&c->rbuf);
}

/*
 * Read once into the scratch buffer, after the partial line kept from
 * the last read, and handle the lines.  What is left (a partial line, or
 * whole lines past lines_per_read) is copied back into rbuf.
 */
static void
conn_read(struct conn *c)
{
	struct buf	*b = &conn_scratch;
	ssize_t		 n;
	int		 more;

	if (buf_used(&c->rbuf) > 0)
		buf_add(b, buf_head(&c->rbuf), buf_used(&c->rbuf));
	n = io_read(&c->io, buf_space(b, CONN_READ_SIZE), CONN_READ_SIZE);
	if (n <= 0) {
		b->off = b->len = 0;
		if (n == 0)
			conn_close(c, "Connection closed");
		else if (errno != EAGAIN && errno != EINTR)
			conn_close(c, "Read error: %s", strerror(errno));
		else
			conn_watch(c);	/* The state stands; see resume_all. */
		return;
	}
	buf_free(&c->rbuf);
	buf_commit(b, n);
	c->last_read = ev_now(EV_DEFAULT);
	more = conn_process(c, b);
	if (more == CONN_UPGRADE) {
		conn_upgrade_now(c, b);
		b->off = b->len = 0;
		return;
	}
	if (buf_used(b) > 0 && !(c->flags & CONN_DEAD))
		buf_add(&c->rbuf, buf_head(b), buf_used(b));
	b->off = b->len = 0;
	conn_after(c, more);
}

static void
conn_readable(struct io *io)
{
	struct conn	*c = conn_of(io, io);

	if (!(c->flags & CONN_DEAD) && (c->sched == CONN_READING ||
	    c->sched == CONN_THROTTLED))
		conn_read(c);
}

/*
 * Handle the lines c holds (after lines_per_read, flood control or a
 * pause held them), and read what the transport holds once they are
 * done; then put c where the outcome says.
 */
static void
conn_resume(struct conn *c)
{
	int	 more;

	more = conn_process(c, &c->rbuf);
	if (more == CONN_UPGRADE) {
		conn_upgrade_now(c, &c->rbuf);
		return;
	}
	if (more == CONN_DONE && !(c->flags & CONN_DEAD) &&
	    io_pending(&c->io) > 0) {
		conn_read(c);
		return;
	}
	conn_after(c, more);
}

/*
 * Give every connection in state s its turn.  Each is moved to the
 * resuming list first, so that whatever happens to it meanwhile (a
 * close, a pause, another state) finds it on the list its state names.
 */
static void
conn_resume_all(enum conn_sched s)
{
	struct conns	*list = conn_sched_list(s);
	struct conn	*c;

	while ((c = TAILQ_FIRST(list)) != NULL) {
		TAILQ_REMOVE(list, c, in_entry);
		c->sched = CONN_RESUMING;
		TAILQ_INSERT_TAIL(&conn_resuming, c, in_entry);
	}
	while ((c = TAILQ_FIRST(&conn_resuming)) != NULL) {
		TAILQ_REMOVE(&conn_resuming, c, in_entry);
		c->sched = CONN_READING;
		conn_resume(c);
	}
}

/* Every flood_interval: let held lines through as the timers allow. */
static void
conn_flood_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	conn_resume_all(CONN_THROTTLED);
	if (TAILQ_EMPTY(&conn_throttled))
		ev_timer_stop(loop, w);
}

/* Give every connection with whole lines left its next turn. */
static void
conn_idle_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	conn_resume_all(CONN_BACKLOG);
	if (TAILQ_EMPTY(&conn_backlog))
		ev_idle_stop(loop, w);
}

/*
 * Write what is queued; wait for the transport if it takes less.  An
 * emptied buffer is kept for the next round, or freed now.
 */
static void
conn_flush(struct conn *c, int keep)
{
	ssize_t	 n;

	if (buf_used(&c->wbuf) == 0)
		return;
	n = io_write(&c->io, buf_head(&c->wbuf), buf_used(&c->wbuf));
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR) {
			c->flags |= CONN_BLOCKED;
			conn_watch(c);
			return;
		}
		c->wbuf.off = c->wbuf.len = 0;
		conn_close(c, "Write error: %s", strerror(errno));
		return;
	}
	buf_drain(&c->wbuf, n);
	c->last_write = ev_now(EV_DEFAULT);
	if (buf_used(&c->wbuf) > 0) {
		c->flags |= CONN_BLOCKED;
		conn_watch(c);
		return;
	}
	if (c->flags & CONN_BLOCKED) {
		c->flags &= ~CONN_BLOCKED;
		conn_watch(c);
	}
	if (!keep) {
		buf_free(&c->wbuf);
		return;
	}
	if (!(c->flags & CONN_KEPT)) {
		c->flags |= CONN_KEPT;
		TAILQ_INSERT_TAIL(&conn_kept, c, out_entry);
	}
	c->kept_round = conn_round;
}

static void
conn_writable(struct io *io)
{
	struct conn	*c = conn_of(io, io);

	if (c->flags & CONN_DEAD)
		return;
	conn_unlist(c);		/* Pending or lazy output goes now. */
	conn_flush(c, 1);
}

/* Free a dead connection: last write, close, and tell the owner. */
static void
conn_free(struct conn *c)
{
	if (buf_used(&c->wbuf) > 0)
		(void)io_write(&c->io, buf_head(&c->wbuf),
		    buf_used(&c->wbuf));
	io_shutdown(&c->io);
	io_close(&c->io);
	TAILQ_REMOVE(&conn_all, c, entry);
	conn_count--;

	c->hooks->gone(c, c->reason);
	buf_free(&c->rbuf);
	buf_free(&c->wbuf);
	free(c->reason);
	pool_put(&conn_pool, c);
}

/* Free every dead connection (the reaper; the gone hooks may add more). */
void
conn_reap(void)
{
	struct conn	*c;

	while ((c = TAILQ_FIRST(&conn_dead)) != NULL) {
		TAILQ_REMOVE(&conn_dead, c, out_entry);
		conn_free(c);
	}
}

static void
conn_prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct conn	*c;

	conn_reap();
	/* Buffers emptied before the last round and not used since. */
	while ((c = TAILQ_FIRST(&conn_kept)) != NULL &&
	    c->kept_round != conn_round) {
		TAILQ_REMOVE(&conn_kept, c, out_entry);
		c->flags &= ~CONN_KEPT;
		buf_free(&c->wbuf);
	}
	while ((c = TAILQ_FIRST(&conn_pending)) != NULL) {
		TAILQ_REMOVE(&conn_pending, c, out_entry);
		c->flags &= ~CONN_PENDING;
		conn_flush(c, 1);
	}
	conn_round++;
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

/*
 * Is there work for the next turn of the loop (output to flush, the dead
 * to reap, a backlog)?  Timers (flood control, presence notices) are
 * not counted.  For the tests and the fuzzer, which turn the loop
 * themselves.
 */
int
conn_busy(void)
{
	return (!TAILQ_EMPTY(&conn_pending) || !TAILQ_EMPTY(&conn_dead) ||
	    !TAILQ_EMPTY(&conn_backlog) || !TAILQ_EMPTY(&conn_kept));
}

/*
 * Is every connection on the lists its state and flags name, and on no
 * other?  NULL if so, else what is wrong.  For the tests and the fuzzer.
 */
const char *
conn_check(void)
{
	static const struct {
		struct conns	*list;
		int		 flag;		/* or 0 */
		enum conn_sched	 sched;		/* when flag is 0 */
		int		 in;		/* through in_entry */
		const char	*name;
	} lists[] = {
		{ &conn_pending, CONN_PENDING, 0, 0, "pending" },
		{ &conn_kept, CONN_KEPT, 0, 0, "kept" },
		{ &conn_lazy, CONN_LAZY, 0, 0, "lazy" },
		{ &conn_dead, CONN_DEAD, 0, 0, "dead" },
		{ &conn_backlog, 0, CONN_BACKLOG, 1, "backlog" },
		{ &conn_throttled, 0, CONN_THROTTLED, 1, "throttled" },
		{ &conn_resuming, 0, CONN_RESUMING, 1, "resuming" },
	};
	static char	 why[128];
	struct conn	*c;
	size_t		 i, n, want, all = 0;

	TAILQ_FOREACH(c, &conn_all, entry) {
		if (++all > conn_count)
			return ("conn_all is longer than conn_count");
		if ((c->flags & CONN_DEAD) && (c->flags &
		    (CONN_PENDING | CONN_KEPT | CONN_LAZY)))
			return ("a dead connection is on an output list");
		if (__builtin_popcount(c->flags & (CONN_PENDING | CONN_KEPT |
		    CONN_LAZY)) > 1)
			return ("a connection is on two output lists");
		if ((c->flags & CONN_DEAD) && conn_sched_list(c->sched) != NULL)
			return ("a dead connection is on an input list");
	}
	if (all != conn_count)
		return ("conn_all is shorter than conn_count");
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		n = want = 0;
		if (lists[i].in) {
			TAILQ_FOREACH(c, lists[i].list, in_entry) {
				if (++n > conn_count || c->sched != lists[i].sched)
					goto bad;
			}
		} else {
			TAILQ_FOREACH(c, lists[i].list, out_entry) {
				if (++n > conn_count ||
				    !(c->flags & lists[i].flag))
					goto bad;
			}
		}
		TAILQ_FOREACH(c, &conn_all, entry) {
			if (lists[i].in ? c->sched == lists[i].sched :
			    (c->flags & lists[i].flag) != 0)
				want++;
		}
		if (n != want)
			goto bad;
	}
	return (NULL);
bad:
	snprintf(why, sizeof why, "the %s list does not match the "
	    "connections' states", lists[i].name);
	return (why);
}
