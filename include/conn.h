/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * One TCP connection: its socket, libev watchers, buffers and timer.
 * Output is appended to wbuf and flushed once per loop iteration;
 * closing marks the connection dead and the reaper frees it later, so
 * nothing is freed under a handler's feet.
 */

#ifndef CONN_H
#define CONN_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <ev.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "buf.h"

struct front;
struct user;

struct conn {
	int			 fd;
	int			 flags;
#define CONN_DEAD	0x01	/* closing; on conn_dead */
#define CONN_PENDING	0x02	/* output to flush; on conn_pending */
#define CONN_DISCARD	0x04	/* dropping the rest of a long line */
#define CONN_PINGSENT	0x08	/* waiting for PONG */
#define CONN_GREETED	0x10	/* text banner sent */
#define CONN_BACKLOG	0x20	/* whole lines left; on conn_backlog */
#define CONN_CLOSING	0x40	/* writing the last line; no sendq check */
#define CONN_KEPT	0x80	/* empty wbuf kept; on conn_kept */
#define CONN_THROTTLED	0x100	/* flood control holds lines; conn_throttled */
#define CONN_LAZY	0x200	/* presence notices wait; on conn_lazy */

	ev_io			 rev;		/* readable */
	ev_io			 wev;		/* writable, only while stuck */
	ev_timer		 timer;		/* greeting, registration, ping */
	ev_tstamp		 since;		/* accepted */
	ev_tstamp		 last_read;
	ev_tstamp		 ping_sent;	/* when PING went out */
	ev_tstamp		 flood;		/* message timer (RFC 2812 5.8) */
	ev_tstamp		 last_write;
	struct buf		 rbuf;		/* a partial line, or a backlog */
	struct buf		 wbuf;		/* queued output */
	const struct front	*front;		/* NULL until the first line */
	struct user		*user;		/* owned */
	char			*reason;	/* owned; why it is closing */
	unsigned		 listen_front;	/* listener's fixed front, or 0 */
	unsigned		 kept_round;	/* when wbuf was last emptied */

	unsigned short		 port;

	TAILQ_ENTRY(conn)	 entry;		/* conn_all */
	TAILQ_ENTRY(conn)	 pend_entry;	/* conn_pending, _kept or _lazy */
	TAILQ_ENTRY(conn)	 backlog_entry;	/* conn_backlog or conn_throttled */
	TAILQ_ENTRY(conn)	 dead_entry;	/* conn_dead */
};
TAILQ_HEAD(conns, conn);

extern struct conns	conn_all;
extern unsigned		conn_count;

void	conn_init(void);
void	conn_accept(int, struct sockaddr *, socklen_t, unsigned);
/* The longest line conn_printf writes: tags, a relayed line, a label. */
#define CONN_LINE_MAX	(8192 + 9216 + 128)

void	conn_write(struct conn *, const char *, size_t);
void	conn_queue(struct conn *, const char *, size_t);
void	conn_push(struct conn *, int);
void	conn_printf(struct conn *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	conn_close(struct conn *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	conn_set_front(struct conn *, const struct front *);
void	conn_registered(struct conn *);
void	conn_shutdown(const char *);
const char *conn_flag_str(int);

#endif
