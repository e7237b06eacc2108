/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Test peers: whole natterd cores driven over the in-memory transport,
 * with no sockets.  core_start sets up what main does; a peer connects
 * through front_accept as a listener's client would, sends bytes, and
 * core_run turns the loop until nothing more happens.  peer_expect
 * finds a line in what the peer received, after the last one found.
 */

#ifndef PEER_H
#define PEER_H

#include <arpa/inet.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "cap.h"
#include "channel.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "io.h"
#include "log.h"
#include "motd.h"
#include "server.h"
#include "user.h"
#include "worker.h"

struct peer {
	struct io_mem	*m;
	struct user	*u;		/* until it quits */
	size_t		 seen;		/* bytes of output looked at */
};

static inline void
core_start(void)
{
	static int	 started;

	if (started++)
		return;
	log_init(0, 0);
	conf_defaults();
	conn_init();
	worker_init();
	server_init("natter.local", "natter test server");
	motd_load();
	cap_init();
}

/* Turn the loop (without waiting) until nothing is left to do. */
static inline void
core_run(void)
{
	int	 i;

	for (i = 0; i < 1000; i++) {
		ev_run(EV_DEFAULT, EVRUN_NOWAIT);
		if (io_mem_poll() == 0 && !conn_busy())
			break;
	}
}

/*
 * Wait (really) for the loop's next event, then run what follows.  The
 * worker's wakeup keeps no loop running, so while it works, poll.
 */
static inline void
core_wait(void)
{
	if (worker_pending() > 0) {
		usleep(1000);
		ev_run(EV_DEFAULT, EVRUN_NOWAIT);
	} else
		ev_run(EV_DEFAULT, EVRUN_ONCE);
	core_run();
}

static inline struct user *
peer_connect(struct peer *p, enum front_id front, unsigned short port)
{
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	p->m = io_mem_new();
	p->seen = 0;
	p->u = front_accept(&io_mem_ops, -1, p->m, (struct sockaddr *)&sin,
	    front);
	return (p->u);
}

static inline void
peer_send(struct peer *p, const char *s)
{
	io_mem_send(p->m, s, strlen(s));
}

/* Register an IRC peer as nick and run until it has the MOTD. */
static inline struct user *
peer_irc(struct peer *p, const char *nick, unsigned short port)
{
	char	 line[128];

	peer_connect(p, FRONT_IRC, port);
	snprintf(line, sizeof line, "NICK %s\r\nUSER %s 0 * :%s\r\n", nick,
	    nick, nick);
	peer_send(p, line);
	core_run();
	return (p->u);
}

/*
 * Is line (without CRLF) among the lines received since the last one
 * found?  The cursor moves past it.
 */
static inline int
peer_expect(struct peer *p, const char *line)
{
	const char	*out, *at, *end;
	size_t		 len, n = strlen(line);

	out = io_mem_output(p->m, &len);
	for (at = out + p->seen; at < out + len; at = end + 2) {
		if ((end = memmem(at, out + len - at, "\r\n", 2)) == NULL)
			return (0);
		if ((size_t)(end - at) == n && memcmp(at, line, n) == 0) {
			p->seen = end + 2 - out;
			return (1);
		}
	}
	return (0);
}

/*
 * Like peer_expect, with a fnmatch(3) pattern for the line: for lines
 * with a time or a msgid in them.
 */
static inline int
peer_match(struct peer *p, const char *pattern)
{
	const char	*out, *at, *end;
	char		 line[4096];
	size_t		 len, n;

	out = io_mem_output(p->m, &len);
	for (at = out + p->seen; at < out + len; at = end + 2) {
		if ((end = memmem(at, out + len - at, "\r\n", 2)) == NULL)
			return (0);
		n = end - at < (long)sizeof line ? (size_t)(end - at) :
		    sizeof line - 1;
		memcpy(line, at, n);
		line[n] = '\0';
		if (fnmatch(pattern, line, 0) == 0) {
			p->seen = end + 2 - out;
			return (1);
		}
	}
	return (0);
}

/* Lines received since the cursor (and move it to the end). */
static inline unsigned
peer_lines(struct peer *p)
{
	const char	*out, *at;
	size_t		 len;
	unsigned	 n = 0;

	out = io_mem_output(p->m, &len);
	for (at = out + p->seen; at < out + len; at++)
		if (*at == '\n')
			n++;
	p->seen = len;
	return (n);
}

/* Everything since the cursor, for a failure message. */
static inline const char *
peer_rest(struct peer *p)
{
	static char	 buf[4096];
	const char	*out;
	size_t		 len, n;

	out = io_mem_output(p->m, &len);
	n = len - p->seen < sizeof buf - 1 ? len - p->seen : sizeof buf - 1;
	memcpy(buf, out + p->seen, n);
	buf[n] = '\0';
	return (buf);
}

/* The tables and the connection lists agree. */
static inline const char *
core_check(void)
{
	const char	*why;

	if ((why = conn_check()) != NULL || (why = user_check()) != NULL ||
	    (why = channel_check()) != NULL)
		return (why);
	return (NULL);
}

#define CHECK_CORE() do {						\
	const char *core_why = core_check();				\
	if (core_why == NULL)						\
		test_passed++;						\
	else								\
		TEST_FAIL("core_check: %s", core_why);			\
} while (0)

#define EXPECT(p, line) do {						\
	if (peer_expect((p), (line)))					\
		test_passed++;						\
	else								\
		TEST_FAIL("no line \"%s\"; after the cursor:\n%s",	\
		    (line), peer_rest(p));				\
} while (0)

#define EXPECT_MATCH(p, pattern) do {					\
	if (peer_match((p), (pattern)))					\
		test_passed++;						\
	else								\
		TEST_FAIL("no line like \"%s\"; after the cursor:\n%s",	\
		    (pattern), peer_rest(p));				\
} while (0)

#endif
