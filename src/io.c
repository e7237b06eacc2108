/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * What every transport shares: the peer's address, kept in binary (the
 * text form is made when it is wanted), and the one libev watcher of a
 * transport over a descriptor, whose events are changed in place.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "io.h"

static void
io_fd_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct io	*io = (struct io *)((char *)w - offsetof(struct io, w));

	if (revents & EV_READ)
		io->events->readable(io);
	/* readable may have closed the connection, not freed it. */
	if ((revents & EV_WRITE) && (io->want & IO_WRITE))
		io->events->writable(io);
}

/* Fill in io for a transport; sa may be NULL (no peer address). */
void
io_init(struct io *io, const struct io_ops *ops, int fd, void *state,
    const struct sockaddr *sa, const struct io_events *events)
{
	memset(io, 0, sizeof *io);
	io->ops = ops;
	io->events = events;
	io->state = state;
	io->fd = fd;
	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		io->family = AF_INET;
		io->addr.s6_addr[10] = io->addr.s6_addr[11] = 0xff;
		memcpy(&io->addr.s6_addr[12], &sin->sin_addr, 4);
		io->port = ntohs(sin->sin_port);
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 =
		    (const struct sockaddr_in6 *)sa;

		io->family = AF_INET6;
		io->addr = sin6->sin6_addr;
		io->port = ntohs(sin6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&io->addr))
			io->family = AF_INET;
	}
	ev_init(&io->w, io_fd_cb);
}

/*
 * Move a transport from one struct io to another (WebSocket takes over
 * the one under it): its watcher goes along.
 */
void
io_move(struct io *to, struct io *from)
{
	int	 active = ev_is_active(&from->w);

	if (active)
		ev_io_stop(EV_DEFAULT, &from->w);
	*to = *from;
	if (active)
		ev_io_start(EV_DEFAULT, &to->w);
	if (to->ops->moved != NULL)
		to->ops->moved(to);
	from->want = 0;
}

/* The peer's address as text ("unknown" without one). */
const char *
io_addr(const struct io *io, char *buf, size_t size)
{
	if (io->family == AF_INET) {
		if (inet_ntop(AF_INET, &io->addr.s6_addr[12], buf, size) != NULL)
			return (buf);
	} else if (io->family == AF_INET6) {
		if (inet_ntop(AF_INET6, &io->addr, buf, size) != NULL)
			return (buf);
	}
	strlcpy(buf, "unknown", size);
	return (buf);
}

/*
 * The peer for a log line: "address:port" ("[address]:port" for IPv6),
 * or the address alone when there is no port (one a proxy forwarded).
 */
const char *
io_peer(const struct io *io, char *buf, size_t size)
{
	char	 addr[IO_ADDRSTRLEN];

	io_addr(io, addr, sizeof addr);
	if (io->port == 0)
		strlcpy(buf, addr, size);
	else
		snprintf(buf, size, io->family == AF_INET6 ? "[%s]:%u" :
		    "%s:%u", addr, io->port);
	return (buf);
}

/* Let the kernel watch an idle peer (a person on nc never PINGs). */
void
io_keepalive(struct io *io)
{
	int	 on = 1;

	if (io->fd != -1)
		setsockopt(io->fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
}

/* Watch the descriptor for what is wanted; one watcher, changed in place. */
void
io_fd_want(struct io *io, int want)
{
	int	 events = 0;

	if (want == io->want)
		return;
	io->want = want;
	if (want & IO_READ)
		events |= EV_READ;
	if (want & IO_WRITE)
		events |= EV_WRITE;
	ev_io_stop(EV_DEFAULT, &io->w);
	if (events == 0)
		return;
	ev_io_set(&io->w, io->fd, events);
	ev_io_start(EV_DEFAULT, &io->w);
}

/* A transport that is not secure, and never has a certificate. */
int
io_insecure(struct io *io)
{
	return (0);
}

const char *
io_no_certfp(struct io *io)
{
	return (NULL);
}

void
io_fd_close(struct io *io)
{
	ev_io_stop(EV_DEFAULT, &io->w);
	io->want = 0;
	if (io->fd != -1)
		close(io->fd);
	io->fd = -1;
}
