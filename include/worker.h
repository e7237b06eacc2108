/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Work that would block the event loop (crypt, and later SQLite) runs
 * on a worker thread.  A job's work function runs there and must touch
 * nothing but its argument; its done function runs afterwards on the
 * loop, and finds any user it answers through an id (user_ref), never
 * through a pointer kept across.
 */

#ifndef WORKER_H
#define WORKER_H

typedef void	(*worker_fn)(void *);

void	worker_init(void);
void	worker_submit(worker_fn, worker_fn, void *);
unsigned worker_pending(void);
void	worker_shutdown(void);

#endif
