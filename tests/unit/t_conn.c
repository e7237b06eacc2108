/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Connection scheduling, through whole cores on the in-memory
 * transport: lines_per_read reached exactly and passed (backlog), flood
 * control holding lines while more arrive (throttled), both at once
 * (lines_per_read=1 under flood control), a pause while the worker
 * hashes an OPER password (replies in order, label kept), bytes held
 * inside the transport, writes the peer refuses, sendq, a connection
 * closed while it waits for its turn, and a peer that resets (its
 * neighbours see the read error).  After every step each
 * connection must be on the lists its state names and no other.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "peer.h"

/* Defaults the tests change, put back before each. */
static void
reset(void)
{
	conf.lines_per_read = 20;
	conf.flood_control = 0;
	conf.flood_burst = 20;
	conf.flood_interval = 500;
	conf.sendq = 1048576;
	conf.presence_delay = 0;
}

static void
quit(struct peer *p)
{
	peer_send(p, "QUIT\r\n");
	core_run();
	CHECK(io_mem_closed(p->m));
	io_mem_free(p->m);
	CHECK_CORE();
}

/* Exactly lines_per_read lines in one read: no backlog of nothing. */
static void
test_exact(void)
{
	struct peer	 a;
	char		 lines[512], pong[64];
	int		 i;

	reset();
	conf.lines_per_read = 20;
	peer_irc(&a, "exact", 1001);
	peer_lines(&a);
	lines[0] = '\0';
	for (i = 1; i <= 20; i++) {
		snprintf(pong, sizeof pong, "PING :%d\r\n", i);
		strlcat(lines, pong, sizeof lines);
	}
	peer_send(&a, lines);
	CHECK_INT(io_mem_poll(), 1);
	CHECK_INT(a.u->conn->sched, CONN_READING);
	CHECK(a.u->conn->rbuf.data == NULL);
	CHECK_CORE();
	core_run();
	for (i = 1; i <= 20; i++) {
		snprintf(pong, sizeof pong, ":natter.local PONG natter.local "
		    ":%d", i);
		EXPECT(&a, pong);
	}
	CHECK_INT(a.u->conn->sched, CONN_READING);
	quit(&a);
}

/* Past lines_per_read, the rest waits for later turns, in order. */
static void
test_backlog(void)
{
	struct peer	 a;

	reset();
	peer_irc(&a, "backlog", 1002);
	conf.lines_per_read = 2;
	peer_lines(&a);
	peer_send(&a, "PING :1\r\nPING :2\r\nPING :3\r\nPING :4\r\nPING :5\r\n");
	io_mem_poll();
	CHECK_INT(a.u->conn->sched, CONN_BACKLOG);
	CHECK_CORE();
	ev_run(EV_DEFAULT, EVRUN_NOWAIT);	/* flush, then one idle turn */
	CHECK_INT(peer_lines(&a), 2);
	CHECK_CORE();
	core_run();
	CHECK_INT(a.u->conn->sched, CONN_READING);
	a.seen = 0;
	EXPECT(&a, ":natter.local PONG natter.local :1");
	EXPECT(&a, ":natter.local PONG natter.local :2");
	EXPECT(&a, ":natter.local PONG natter.local :3");
	EXPECT(&a, ":natter.local PONG natter.local :4");
	EXPECT(&a, ":natter.local PONG natter.local :5");
	quit(&a);
}

/* Turn the loop for real until n PONGs :1..:n arrived, or give up. */
static int
wait_pongs(struct peer *p, int n)
{
	char	 line[64];
	int	 i, tries;

	for (i = 1; i <= n; i++) {
		snprintf(line, sizeof line, ":natter.local PONG natter.local "
		    ":%d", i);
		for (tries = 0; !peer_expect(p, line); tries++) {
			if (tries == 200)
				return (0);
			core_wait();
			if (core_check() != NULL)
				return (0);
		}
	}
	return (1);
}

/*
 * Flood control holds lines while more arrive; with lines_per_read=1
 * every turn moves the connection between the throttled list and the
 * backlog.  (The same entry on both lists was a use after free.)
 */
static void
test_throttle(void)
{
	struct peer	 a, b;
	char		 line[64];
	int		 i;

	reset();
	peer_irc(&a, "flood1", 1003);
	peer_irc(&b, "flood2", 1004);
	peer_lines(&a);
	peer_lines(&b);
	conf.flood_control = 1;
	conf.flood_burst = 2;
	conf.flood_interval = 5;
	conf.lines_per_read = 1;
	for (i = 1; i <= 12; i++) {
		snprintf(line, sizeof line, "PING :%d\r\n", i);
		peer_send(&a, line);
		peer_send(&b, line);
		if (i % 3 == 0) {
			io_mem_poll();
			CHECK_CORE();
			ev_run(EV_DEFAULT, EVRUN_NOWAIT);
			CHECK_CORE();
		}
	}
	CHECK(a.u->conn->sched == CONN_THROTTLED ||
	    a.u->conn->sched == CONN_BACKLOG);
	a.seen = b.seen = 0;
	CHECK(wait_pongs(&a, 12));
	CHECK(wait_pongs(&b, 12));
	CHECK_CORE();
	reset();
	quit(&a);
	quit(&b);
}

/* While the worker hashes, later lines wait; replies keep their order. */
static void
test_pause(void)
{
	static const char conf_text[] =
	    "[operator root]\n"
	    "password_hash = $6$abcdefgh$9KV9T4w9ImiRsU7kWuvbTGWwkTsSgLX1.ll"
	    "LOGxDcO8MS0RTQFaGbbuRh3k8o2glNh8zQHXb6T2MHrubBHCOZ.\n"
	    "host = *@127.0.0.1\n";
	struct peer	 a;
	char		 path[] = "/tmp/t_conn.XXXXXX", err[256];
	int		 fd, tries;

	reset();
	if ((fd = mkstemp(path)) == -1 || write(fd, conf_text,
	    sizeof conf_text - 1) != sizeof conf_text - 1) {
		TEST_FAIL("%s", "cannot write a config file");
		return;
	}
	close(fd);
	CHECK_INT(conf_load(path, err, sizeof err), 0);
	unlink(path);
	peer_irc(&a, "oper", 1005);
	peer_send(&a, "CAP REQ labeled-response\r\n");
	core_run();
	peer_lines(&a);
	peer_send(&a, "@label=L1 OPER root wrong\r\nPING :after\r\n");
	io_mem_poll();
	CHECK_INT(a.u->conn->sched, CONN_PAUSED);
	CHECK_INT(worker_pending(), 1);
	CHECK_CORE();
	for (tries = 0; worker_pending() > 0 && tries < 100; tries++)
		core_wait();
	core_run();
	EXPECT(&a, "@label=L1 :natter.local 464 oper :Password incorrect");
	EXPECT(&a, ":natter.local PONG natter.local :after");
	CHECK_INT(a.u->conn->sched, CONN_READING);

	/* The user leaves before the answer: it goes nowhere. */
	peer_send(&a, "OPER root wrong\r\nQUIT\r\n");
	io_mem_poll();
	CHECK_INT(worker_pending(), 1);
	a.u = NULL;
	conn_shutdown("test");	/* the user quits under the pending job */
	CHECK_CORE();
	for (tries = 0; worker_pending() > 0 && tries < 100; tries++)
		core_wait();
	CHECK_INT(worker_pending(), 0);
	CHECK(!peer_expect(&a, ":natter.local 464 oper :Password incorrect"));
	io_mem_free(a.m);
	CHECK_CORE();
}

/* Bytes held inside the transport are handled without readiness. */
static void
test_pending(void)
{
	struct peer	 a;

	reset();
	peer_irc(&a, "inside", 1006);
	peer_lines(&a);
	io_mem_chunk(a.m, 10, 1);
	peer_send(&a, "PING :1\r\nPING :2\r\nPING :3\r\n");
	core_run();
	EXPECT(&a, ":natter.local PONG natter.local :1");
	EXPECT(&a, ":natter.local PONG natter.local :2");
	EXPECT(&a, ":natter.local PONG natter.local :3");
	CHECK_INT(a.u->conn->sched, CONN_READING);
	io_mem_chunk(a.m, 0, 0);
	quit(&a);
}

/* Output the peer refuses waits; sendq ends it. */
static void
test_blocked(void)
{
	struct peer	 a;
	char		 line[600];
	int		 i;

	reset();
	peer_irc(&a, "slow", 1007);
	peer_lines(&a);
	io_mem_block(a.m, 5);
	peer_send(&a, "PING :blocked\r\n");
	core_run();
	CHECK(a.u->conn->flags & CONN_BLOCKED);
	CHECK(a.u->conn->io.want & IO_WRITE);
	CHECK_CORE();
	io_mem_block(a.m, SIZE_MAX);
	core_run();
	CHECK(!(a.u->conn->flags & CONN_BLOCKED));
	EXPECT(&a, ":natter.local PONG natter.local :blocked");

	conf.sendq = 1024;
	io_mem_block(a.m, 0);
	memset(line, 'x', sizeof line);
	memcpy(line, "PING :", 6);
	memcpy(line + 400, "\r\n", 3);
	for (i = 0; i < 4; i++)
		peer_send(&a, line);
	core_run();
	CHECK(io_mem_closed(a.m));
	CHECK(user_find("slow") == NULL);
	io_mem_free(a.m);
	CHECK_CORE();
}

/*
 * A connection closed while it waits its turn on the resuming list: b
 * is behind a on it, and a's messages overflow b's sendq.
 */
static void
test_close_waiting(void)
{
	struct peer	 a, b;
	char		 msg[600];
	int		 i;

	reset();
	peer_irc(&a, "talker", 1008);
	peer_irc(&b, "stuck", 1009);
	peer_send(&a, "JOIN #w\r\n");
	core_run();
	peer_send(&b, "JOIN #w\r\n");
	core_run();
	conf.lines_per_read = 1;
	conf.sendq = 1024;
	io_mem_block(b.m, 0);
	memset(msg, 'y', sizeof msg);
	memcpy(msg, "PRIVMSG #w :", 12);
	memcpy(msg + 420, "\r\n", 3);
	for (i = 0; i < 4; i++) {
		peer_send(&a, msg);
		peer_send(&b, "PING :x\r\n");
	}
	io_mem_poll();
	CHECK_INT(a.u->conn->sched, CONN_BACKLOG);
	CHECK_INT(b.u->conn->sched, CONN_BACKLOG);
	core_run();
	CHECK(io_mem_closed(b.m));
	CHECK_CORE();
	io_mem_free(b.m);
	reset();
	quit(&a);
}

/* A peer that resets: its neighbours see why it went. */
static void
test_reset(void)
{
	struct peer	 a, b;

	reset();
	peer_irc(&a, "resetter", 1010);
	peer_irc(&b, "witness", 1011);
	peer_send(&a, "JOIN #r\r\n");
	core_run();
	peer_send(&b, "JOIN #r\r\n");
	core_run();
	peer_lines(&b);
	io_mem_fail(a.m, ECONNRESET);
	core_run();
	CHECK(io_mem_closed(a.m));
	CHECK(user_find("resetter") == NULL);
	EXPECT(&b, ":resetter!~resetter@127.0.0.1 QUIT :Read error: "
	    "Connection reset by peer");
	io_mem_free(a.m);
	CHECK_CORE();
	quit(&b);
}

int
main(void)
{
	core_start();
	test_exact();
	test_backlog();
	test_throttle();
	test_pause();
	test_pending();
	test_blocked();
	test_close_waiting();
	test_reset();
	CHECK_CORE();
	return (DONE());
}
