/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Plain TCP: the first transport.  The socket is ready at once, reads
 * and writes are the system calls, and nothing is held inside.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <unistd.h>

#include "io.h"

static void
io_tcp_start(struct io *io)
{
	io->events->ready(io);
}

static ssize_t
io_tcp_read(struct io *io, void *p, size_t n)
{
	return (read(io->fd, p, n));
}

static ssize_t
io_tcp_write(struct io *io, const void *p, size_t n)
{
	return (write(io->fd, p, n));
}

static size_t
io_tcp_pending(struct io *io)
{
	return (0);
}

static void
io_tcp_shutdown(struct io *io)
{
	shutdown(io->fd, SHUT_WR);
}

const struct io_ops io_tcp_ops = {
	"tcp",
	io_tcp_start, io_tcp_read, io_tcp_write, io_tcp_pending,
	io_fd_want, io_tcp_shutdown, io_fd_close, io_insecure, io_no_certfp,
	NULL,
};
