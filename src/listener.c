/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Listening sockets, IPv4 and IPv6.  Each hands what it accepts, on its
 * transport (plain TCP, or TLS with the certificate loaded last), to the
 * front it is fixed to (or to the undecided front, which lets the first
 * line decide).  With port 0 the kernel picks a
 * port for the first socket and the others take the same one.  Accepted
 * sockets inherit TCP_NODELAY and O_NONBLOCK from accept4 and the
 * listening socket.  When the process runs out of descriptors, a spare
 * one kept open for the purpose is closed, the client is accepted, told
 * ERROR :Server full and closed, and the spare reopened.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "front.h"
#include "io.h"
#include "listener.h"
#include "log.h"
#include "xmalloc.h"

struct listener {
	int			 fd;
	ev_io			 ev;
	enum front_id		 front;	/* FRONT_AUTO, FRONT_IRC or _TEXT */
	const struct io_ops	*ops;	/* &io_tcp_ops or &io_tls_ops */
	TAILQ_ENTRY(listener)	 entry;
};
static TAILQ_HEAD(, listener) listeners = TAILQ_HEAD_INITIALIZER(listeners);
static int	listener_spare = -1;
static int	listener_bound_port;

static void
listener_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct listener		*l = (struct listener *)((char *)w -
				    offsetof(struct listener, ev));
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	int			 fd;
	static const char	 full[] =
	    "ERROR :Closing Link: * (Server full)\r\n";

	for (;;) {
		len = sizeof ss;
		fd = accept4(l->fd, (struct sockaddr *)&ss, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd != -1) {
			front_accept(l->ops, fd, l->ops == &io_tls_ops ?
			    io_tls_accept() : NULL, (struct sockaddr *)&ss,
			    l->front);
			continue;
		}
		switch (errno) {
		case EINTR:
		case ECONNABORTED:
			continue;
		case EMFILE:
		case ENFILE:
			if (listener_spare == -1) {
				log_warn("accept");
				return;
			}
			close(listener_spare);
			if ((fd = accept(l->fd, NULL, NULL)) != -1) {
				(void)write(fd, full, sizeof full - 1);
				close(fd);
			}
			log_warnx("Out of file descriptors: refused a client");
			listener_spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
			return;
		case EAGAIN:
			return;
		default:
			log_warn("accept");
			return;
		}
	}
}

static int
listener_bind(struct addrinfo *ai, enum front_id front,
    const struct io_ops *ops, const char **errstr)
{
	struct listener	*l;
	int		 fd, on = 1;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (fd == -1) {
		*errstr = strerror(errno);
		return (-1);
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
	if (listener_bound_port != 0) {
		if (ai->ai_family == AF_INET6)
			((struct sockaddr_in6 *)ai->ai_addr)->sin6_port =
			    htons(listener_bound_port);
		else
			((struct sockaddr_in *)ai->ai_addr)->sin_port =
			    htons(listener_bound_port);
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, SOMAXCONN) == -1) {
		*errstr = strerror(errno);
		close(fd);
		return (-1);
	}
	if (listener_bound_port == 0) {
		struct sockaddr_storage	 ss;
		socklen_t		 len = sizeof ss;

		if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
			listener_bound_port = ntohs(ss.ss_family == AF_INET6 ?
			    ((struct sockaddr_in6 *)&ss)->sin6_port :
			    ((struct sockaddr_in *)&ss)->sin_port);
	}
	l = xcalloc(1, sizeof *l);
	l->fd = fd;
	l->front = front;
	l->ops = ops;
	ev_io_init(&l->ev, listener_accept_cb, fd, EV_READ);
	ev_io_start(EV_DEFAULT, &l->ev);
	TAILQ_INSERT_TAIL(&listeners, l, entry);
	return (0);
}

/*
 * Listen on address (every address when empty) and port, on transport
 * ops (TLS needs io_tls_load first).  Succeeds if at least one socket
 * could be bound.
 */
int
listener_open(const char *address, int port, enum front_id front,
    const struct io_ops *ops, const char **errstr)
{
	struct addrinfo	 hints, *res, *ai;
	char		 service[16];
	int		 error, bound = 0;
	const char	*why = "no address";

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(service, sizeof service, "%d", port);
	listener_bound_port = port;
	error = getaddrinfo(*address == '\0' ? NULL : address, service,
	    &hints, &res);
	if (error != 0) {
		*errstr = gai_strerror(error);
		return (-1);
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (listener_bind(ai, front, ops, &why) == 0)
			bound++;
		else if (ai->ai_family == AF_INET6 && bound > 0)
			log_warnx("IPv6 listener: %s", why);
	}
	freeaddrinfo(res);
	if (bound == 0) {
		*errstr = why;
		return (-1);
	}
	if (listener_spare == -1)
		listener_spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return (0);
}

int
listener_port(void)
{
	return (listener_bound_port);
}

void
listener_close_all(void)
{
	struct listener	*l;

	while ((l = TAILQ_FIRST(&listeners)) != NULL) {
		TAILQ_REMOVE(&listeners, l, entry);
		ev_io_stop(EV_DEFAULT, &l->ev);
		close(l->fd);
		free(l);
	}
}
