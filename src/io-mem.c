/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The in-memory transport, for the unit tests and the whole-server
 * fuzzer: no sockets.  A struct io_mem plays the peer.  What it sends
 * waits in its input until the connection reads it; what the server
 * writes collects in its output, which the peer may leave unread.  A
 * write takes at most the room the peer allows (io_mem_block), so a
 * slow reader and partial writes can be played; with "inside" set, a
 * read leaves the rest of what was sent in the transport, reported by
 * io_pending and not by readiness, as a TLS library holds decrypted
 * bytes; only new bytes from the peer make it readable again.  A peer
 * that resets (io_mem_fail) makes every later read and write fail.
 * io_mem_poll stands in for the kernel: it tells each connection what
 * it is waiting for and is ready.
 */

#include <sys/queue.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "io.h"
#include "xmalloc.h"

struct io_mem {
	struct io		*io;		/* NULL until started, or closed */
	struct buf		 in;		/* sent by the peer, unread */
	struct buf		 out;		/* written by the server */
	size_t			 room;		/* a write may take; SIZE_MAX */
	size_t			 chunk;		/* most bytes per read; or 0 */
	int			 inside;	/* in is held in the transport */
	int			 fresh;		/* sent since the last read */
	int			 eof;		/* the peer closed */
	int			 error;		/* the peer reset: an errno */
	int			 shut;		/* the server shut down output */
	int			 closed;	/* the server closed */
	int			 secure;	/* plays a TLS peer */
	char			*certfp;	/* owned; its fingerprint */
	TAILQ_ENTRY(io_mem)	 entry;
};
static TAILQ_HEAD(, io_mem) io_mems = TAILQ_HEAD_INITIALIZER(io_mems);

struct io_mem *
io_mem_new(void)
{
	struct io_mem	*m;

	m = xcalloc(1, sizeof *m);
	m->room = SIZE_MAX;
	TAILQ_INSERT_TAIL(&io_mems, m, entry);
	return (m);
}

/* Forget the peer; its connection must be closed (reaped) already. */
void
io_mem_free(struct io_mem *m)
{
	if (m == NULL)
		return;
	if (m->io != NULL)
		m->io->state = NULL;
	TAILQ_REMOVE(&io_mems, m, entry);
	buf_free(&m->in);
	buf_free(&m->out);
	free(m->certfp);
	free(m);
}

void
io_mem_send(struct io_mem *m, const void *p, size_t n)
{
	buf_add(&m->in, p, n);
	m->fresh = 1;
}

void
io_mem_eof(struct io_mem *m)
{
	m->eof = 1;
}

/* The peer resets: from now on reads and writes fail with error. */
void
io_mem_fail(struct io_mem *m, int error)
{
	m->error = error;
}

/* Let writes take at most room more bytes (SIZE_MAX: no limit). */
void
io_mem_block(struct io_mem *m, size_t room)
{
	m->room = room;
}

/* Reads give at most chunk bytes; inside: the rest counts as pending. */
void
io_mem_chunk(struct io_mem *m, size_t chunk, int inside)
{
	m->chunk = chunk;
	m->inside = inside;
}

const char *
io_mem_output(struct io_mem *m, size_t *len)
{
	*len = buf_used(&m->out);
	return (*len > 0 ? buf_head(&m->out) : "");
}

void
io_mem_consume(struct io_mem *m, size_t n)
{
	buf_drain(&m->out, n);
}

int
io_mem_closed(struct io_mem *m)
{
	return (m->closed);
}

/*
 * Deliver readiness to every connection waiting for it, once; return
 * how many were told.  Callbacks may close connections (they are freed
 * later, by the reaper), never free them.
 */
int
io_mem_poll(void)
{
	struct io_mem	*m;
	struct io	*io;
	int		 n = 0;

	TAILQ_FOREACH(m, &io_mems, entry) {
		if ((io = m->io) == NULL)
			continue;
		if ((io->want & IO_READ) && (m->eof || m->error ||
		    (m->inside ? m->fresh : buf_used(&m->in) > 0))) {
			io->events->readable(io);
			n++;
		}
		if ((io = m->io) != NULL && (io->want & IO_WRITE) &&
		    (m->room > 0 || m->error)) {
			io->events->writable(io);
			n++;
		}
	}
	return (n);
}

static void
io_mem_start(struct io *io)
{
	struct io_mem	*m = io->state;

	m->io = io;
	io->events->ready(io);
}

static ssize_t
io_mem_read(struct io *io, void *p, size_t n)
{
	struct io_mem	*m = io->state;
	size_t		 have = buf_used(&m->in);

	if (m->error) {
		errno = m->error;
		return (-1);
	}
	if (have == 0) {
		m->fresh = 0;
		if (m->eof)
			return (0);
		errno = EAGAIN;
		return (-1);
	}
	if (n > have)
		n = have;
	if (m->chunk > 0 && n > m->chunk)
		n = m->chunk;
	memcpy(p, buf_head(&m->in), n);
	buf_drain(&m->in, n);
	m->fresh = 0;
	return (n);
}

static ssize_t
io_mem_write(struct io *io, const void *p, size_t n)
{
	struct io_mem	*m = io->state;

	if (m->error) {
		errno = m->error;
		return (-1);
	}
	if (m->room == 0) {
		errno = EAGAIN;
		return (-1);
	}
	if (n > m->room)
		n = m->room;
	if (m->room != SIZE_MAX)
		m->room -= n;
	buf_add(&m->out, p, n);
	return (n);
}

static size_t
io_mem_pending(struct io *io)
{
	struct io_mem	*m = io->state;

	return (m->inside ? buf_used(&m->in) : 0);
}

static void
io_mem_want(struct io *io, int want)
{
	io->want = want;
}

static void
io_mem_shutdown(struct io *io)
{
	struct io_mem	*m = io->state;

	m->shut = 1;
}

static void
io_mem_close(struct io *io)
{
	struct io_mem	*m = io->state;

	io->want = 0;
	if (m == NULL)
		return;
	m->closed = 1;
	m->io = NULL;
	io->state = NULL;
}

/*
 * Play a peer on a secure transport, with a certificate fingerprint or
 * none (NULL); before the connection starts.
 */
void
io_mem_secure(struct io_mem *m, const char *certfp)
{
	m->secure = 1;
	free(m->certfp);
	m->certfp = certfp != NULL ? xstrdup(certfp) : NULL;
}

static int
io_mem_is_secure(struct io *io)
{
	struct io_mem	*m = io->state;

	return (m != NULL && m->secure);
}

static const char *
io_mem_certfp(struct io *io)
{
	struct io_mem	*m = io->state;

	return (m != NULL ? m->certfp : NULL);
}

/* The peer follows the connection's io where it goes. */
static void
io_mem_moved(struct io *io)
{
	struct io_mem	*m = io->state;

	if (m != NULL && m->io != NULL)
		m->io = io;
}

const struct io_ops io_mem_ops = {
	"mem",
	io_mem_start, io_mem_read, io_mem_write, io_mem_pending,
	io_mem_want, io_mem_shutdown, io_mem_close, io_mem_is_secure,
	io_mem_certfp, io_mem_moved,
};
