/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * One connection above its transport: line framing, flood control,
 * recvq and sendq, one timer, and output batched into one write per
 * loop iteration.  A connection names no front and no command: the
 * layer above registers a struct conn_hooks and an owner, and hears of
 * lines, the timer and the end through them.  Closing marks the
 * connection dead; the reaper frees it later, so nothing is freed under
 * a handler's feet.
 */

#ifndef CONN_H
#define CONN_H

#include <sys/queue.h>

#include <ev.h>

#include "buf.h"
#include "io.h"

struct conn;

/* What the layer above (the fronts) hears. */
struct conn_hooks {
	/* The transport is ready: greet, start timers. */
	void	(*ready)(struct conn *);
	/* A complete line, NUL-terminated, without its ending. */
	void	(*line)(struct conn *, char *, size_t);
	/* A line longer than conn_line_limit() was dropped. */
	void	(*toolong)(struct conn *);
	/* The timer set with conn_timer fired. */
	void	(*timer)(struct conn *);
	/* Closing: the last words may be queued now. */
	void	(*closing)(struct conn *, const char *);
	/* Reaped: the transport is closed; forget the connection. */
	void	(*gone)(struct conn *, const char *);
};

/* Where the input stands; see conn_sched in conn.c. */
enum conn_sched {
	CONN_READING,		/* on no list, reading */
	CONN_BACKLOG,		/* whole lines left; on conn_backlog */
	CONN_THROTTLED,		/* flood control holds lines; conn_throttled */
	CONN_RESUMING,		/* taken from one of those; conn_resuming */
	CONN_PAUSED,		/* the owner paused it; not reading */
	CONN_HANDSHAKE,		/* the transport is not ready yet */
};

struct conn {
	struct io		 io;		/* first: the transport */
	int			 flags;
#define CONN_DEAD	0x01	/* closing; on conn_dead */
#define CONN_PENDING	0x02	/* output to flush; on conn_pending */
#define CONN_DISCARD	0x04	/* dropping the rest of a long line */
#define CONN_BLOCKED	0x08	/* the transport refused output */
#define CONN_CLOSING	0x10	/* writing the last words; no sendq check */
#define CONN_KEPT	0x20	/* empty wbuf kept; on conn_kept */
#define CONN_LAZY	0x40	/* presence notices wait; on conn_lazy */
#define CONN_READY	0x80	/* the transport is ready; output goes */
	enum conn_sched		 sched;
	unsigned		 kept_round;	/* when wbuf was last emptied */

	ev_timer		 timer;		/* the owner's */
	ev_tstamp		 since;		/* ready */
	ev_tstamp		 last_read;
	ev_tstamp		 last_write;
	ev_tstamp		 flood;		/* message timer (RFC 2812 5.8) */
	ev_tstamp		 mark;		/* the owner's (IRC: PING sent) */
	struct buf		 rbuf;		/* a partial line, or a backlog */
	struct buf		 wbuf;		/* queued output */
	const struct conn_hooks	*hooks;
	void			*owner;		/* the hooks' object */
	char			*reason;	/* owned; why it is closing */

	TAILQ_ENTRY(conn)	 entry;		/* conn_all */
	TAILQ_ENTRY(conn)	 out_entry;	/* pending, kept, lazy or dead */
	TAILQ_ENTRY(conn)	 in_entry;	/* backlog, throttled, resuming */
};
TAILQ_HEAD(conns, conn);

extern struct conns	conn_all;
extern unsigned		conn_count;

/* The longest line conn_printf writes: tags, a relayed line, a label. */
#define CONN_LINE_MAX	(8192 + 9216 + 128)

void	conn_init(void);
struct conn *conn_new(const struct io_ops *, int, void *,
	    const struct sockaddr *, const struct conn_hooks *, void *);
void	conn_start(struct conn *);
void	conn_set_hooks(struct conn *, const struct conn_hooks *);
void	conn_upgrade(struct conn *, io_wrap_fn *, const char *, size_t);
size_t	conn_line_limit(void);
void	conn_timer(struct conn *, ev_tstamp);
void	conn_timer_stop(struct conn *);
void	conn_pause(struct conn *);
void	conn_unpause(struct conn *);
void	conn_write(struct conn *, const char *, size_t);
void	conn_queue(struct conn *, const char *, size_t);
void	conn_push(struct conn *, int);
void	conn_printf(struct conn *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	conn_close(struct conn *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	conn_reap(void);
void	conn_shutdown(const char *);
const char *conn_flag_str(int);
const char *conn_check(void);
int	conn_busy(void);
const char *conn_sched_str(enum conn_sched);

#endif
