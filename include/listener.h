/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Listening sockets.  Each accepts until EAGAIN; on EMFILE a spare
 * descriptor is given up so the client can be told the server is full.
 */

#ifndef LISTENER_H
#define LISTENER_H

#include "front.h"

struct io_ops;

int	listener_open(const char *, int, enum front_id, const struct io_ops *,
	    const char **);
int	listener_port(void);
void	listener_close_all(void);

#endif
