/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The whole-server harness.  natterd's own code runs as it does in the
 * daemon: front_accept on the in-memory transport, io_mem_poll standing
 * in for the kernel, ev_run for the loop (never waiting), the worker
 * thread for OPER.  Only the clock is the harness's (vclock.c).  What
 * the server writes to each peer is checked as it is read: no NUL, no
 * CR or LF but as a line's end, no line longer than conn_printf makes.
 */

#include <sys/tree.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../unit/peer.h"
#include "core.h"
#include "fuzz.h"
#include "vclock.h"

/*
 * A DES hash of "fuzz": cheap, so an OPER or a WEBIRC costs the worker
 * little.  The operator "cert" needs only the certificate of slots 6 and
 * 7; slots on 127.0.0.1 and 127.0.0.2 are WebIRC gateways, the second
 * by certificate.
 */
#define CORE_CERTFP	"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" \
			"000102030405060708090a0b0c0d0e0f"
static const char core_conf[] =
    "[operator fuzz]\n"
    "password_hash = abQPvJEC1boYY\n"
    "host = *@*\n"
    "[operator cert]\n"
    "certfp = " CORE_CERTFP "\n"
    "host = *@*\n"
    "[webirc fuzz]\n"
    "password_hash = abQPvJEC1boYY\n"
    "host = 127.0.0.1\n"
    "[webirc cert]\n"
    "certfp = " CORE_CERTFP "\n"
    "host = 127.0.0.2\n";

struct core_slot {
	struct io_mem	*m;		/* NULL when the slot is free */
	int		 cr;		/* the last byte read was a CR */
	size_t		 line;		/* bytes of the line being read */
	size_t		 total;		/* bytes read from the server */
	int		 web;		/* its answer was HTTP: frames follow */
};
static struct core_slot	core_slots[CORE_SLOTS];
static struct core_settings core_now;	/* the input's */
static int		core_trace;	/* $FUZZ_TRACE: show the traffic */

/* With FUZZ_TRACE set, show bytes to or from slot i on stderr. */
static void
core_show(int i, const char *dir, const void *p, size_t n)
{
	const unsigned char	*b = p;
	size_t			 j;

	if (!core_trace || n == 0)
		return;
	fprintf(stderr, "%d %s ", i, dir);
	for (j = 0; j < n; j++) {
		if (b[j] == '\n' && j + 1 < n)
			fprintf(stderr, "\\n\n%d %s ", i, dir);
		else if (b[j] < 0x20 || b[j] >= 0x7f || b[j] == '\\')
			fprintf(stderr, "\\x%02x", b[j]);
		else
			fputc(b[j], stderr);
	}
	fputc('\n', stderr);
}

/*
 * The checks of the lists and the tables, and that connections and their
 * users name each other: every connection's user has it as its own, a
 * user in the tree with a connection is that connection's, and the
 * unknown connections LUSERS counts are the unregistered users here.
 */
static void
core_check_all(void)
{
	const char	*why;
	struct conn	*c;
	struct user	*u;
	unsigned	 unknown = 0;

	if ((why = core_check()) != NULL)
		FUZZ_FAIL(why);
	TAILQ_FOREACH(c, &conn_all, entry) {
		u = c->owner;
		FUZZ_ASSERT(u != NULL && u->conn == c);
		if (!(u->flags & USER_REGISTERED))
			unknown++;
	}
	RB_FOREACH(u, nicks, &user_nicks)
		FUZZ_ASSERT(u->conn == NULL || u->conn->owner == u);
	FUZZ_ASSERT(unknown == user_count_unknown);
}

void
core_init(void)
{
	FILE	*f;
	char	 err[256];
	int	 fd;

	/* natterd's log is standard output: nobody reads it here. */
	if ((fd = open("/dev/null", O_WRONLY)) == -1 ||
	    dup2(fd, STDOUT_FILENO) == -1)
		FUZZ_FAIL("cannot send the log to /dev/null");
	close(fd);
	core_trace = getenv("FUZZ_TRACE") != NULL;
	core_start();
	if ((f = fmemopen((void *)core_conf, sizeof core_conf - 1,
	    "r")) == NULL || conf_load_stream(f, "core", err,
	    sizeof err) != 0)
		FUZZ_FAIL("cannot load the operator");
	fclose(f);
}

/* Settings from up to four bytes; missing ones are zero. */
void
core_settings_from(struct core_settings *s, const unsigned char *p,
    size_t n)
{
	unsigned char	 b[4] = { 0, 0, 0, 0 };
	static const long lpr[4] = { 20, 1, 2, 4 };

	memcpy(b, p, n < sizeof b ? n : sizeof b);
	s->flood_control = b[0] & 0x01;
	s->password = (b[0] & 0x02) != 0;
	s->presence_delay = (b[0] & 0x04) ? 200 : 0;
	s->text_greeting_delay = (b[0] & 0x08) ? 0 : 300;
	s->lines_per_read = lpr[(b[0] >> 4) & 3];
	s->max_clients = (b[0] & 0x40) ? 3 : 10000;
	s->max_clients_per_ip = (b[0] & 0x80) ? 2 : 0;
	s->sendq = 1024 + (b[1] & 0x0f) * 1024;
	s->recvq = 512 + (b[1] >> 4) * 512;
	s->flood_burst = 1 + (b[2] & 0x07);
	s->flood_interval = 1 + (b[2] >> 3) * 50;
	s->line_max = (b[3] & 0x01) ? 1024 : 512;
	s->max_channels_per_user = (b[3] & 0x02) ? 2 : 50;
	s->whowas_len = (3 - ((b[3] >> 2) & 3)) * 4;
	s->shutdown = (b[3] & 0x80) != 0;
}

void
core_begin(const struct core_settings *s)
{
	const char	*errstr;

	core_now = *s;
	vclock_freeze();
	/* The loop notices the new time before anything is scheduled. */
	ev_now_update(EV_DEFAULT);
	conf_defaults();
	conf.flood_control = s->flood_control;
	conf.flood_burst = s->flood_burst;
	conf.flood_interval = s->flood_interval;
	conf.lines_per_read = s->lines_per_read;
	conf.sendq = s->sendq;
	conf.recvq = s->recvq;
	conf.line_max = s->line_max;
	conf.presence_delay = s->presence_delay;
	conf.text_greeting_delay = s->text_greeting_delay;
	conf.max_clients = s->max_clients;
	conf.max_clients_per_ip = s->max_clients_per_ip;
	conf.max_channels_per_user = s->max_channels_per_user;
	conf.whowas_len = s->whowas_len;
	conf.max_targets = 3;
	conf.register_timeout = 2;
	conf.ping_interval = 3;
	conf.ping_timeout = 2;
	conf.text_idle_timeout = 5;
	conf.nick_len = 9;
	conf.channel_len = 12;
	conf.topic_len = 20;
	if (s->password)
		conf_set("password", "fuzz", &errstr);
}

/* Open a connection in slot i, unless one is there; 0, or -1. */
int
core_open(int i, enum front_id front)
{
	struct core_slot	*s = &core_slots[i];
	struct sockaddr_in	 sin;

	if (s->m != NULL) {
		if (!io_mem_closed(s->m))
			return (-1);
		io_mem_free(s->m);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(40000 + i);
	/* Three addresses, for max_clients_per_ip. */
	sin.sin_addr.s_addr = htonl(0x7f000001 + i % 3);
	s->m = io_mem_new();
	/* Slots 4 to 7 are on TLS; 6 and 7 with a client certificate. */
	if (i >= CORE_SLOTS / 2)
		io_mem_secure(s->m, i >= CORE_SLOTS * 3 / 4 ? CORE_CERTFP :
		    NULL);
	s->cr = 0;
	s->line = 0;
	s->total = 0;
	s->web = 0;
	front_accept(&io_mem_ops, -1, s->m, (struct sockaddr *)&sin, front);
	core_check_all();
	return (0);
}

int
core_is_open(int i)
{
	return (core_slots[i].m != NULL && !io_mem_closed(core_slots[i].m));
}

void
core_send(int i, const void *p, size_t n)
{
	if (core_is_open(i) && n > 0) {
		core_show(i, ">>>", p, n);
		io_mem_send(core_slots[i].m, p, n);
	}
}

void
core_eof(int i)
{
	if (core_is_open(i))
		io_mem_eof(core_slots[i].m);
}

/* The peer resets the connection: reads and writes fail from now on. */
void
core_reset(int i)
{
	if (core_is_open(i))
		io_mem_fail(core_slots[i].m, ECONNRESET);
}

/* Let the server write at most room more bytes to slot i. */
void
core_block(int i, size_t room)
{
	if (core_slots[i].m != NULL)
		io_mem_block(core_slots[i].m, room);
}

void
core_chunk(int i, size_t chunk, int inside)
{
	if (core_slots[i].m != NULL)
		io_mem_chunk(core_slots[i].m, chunk, inside);
}

/* The peer reads what it was sent: check it and let it go. */
void
core_read(int i)
{
	struct core_slot	*s = &core_slots[i];
	const unsigned char	*out;
	size_t			 len, j;

	if (s->m == NULL)
		return;
	out = (const unsigned char *)io_mem_output(s->m, &len);
	core_show(i, "<<<", out, len);
	/*
	 * A peer that sent an HTTP request gets HTTP and WebSocket frames,
	 * whose bytes are not lines; the transport's tests check those.
	 */
	if (s->total == 0 && len >= 7 && memcmp(out, "HTTP/1.", 7) == 0)
		s->web = 1;
	s->total += len;
	for (j = 0; j < len && !s->web; j++) {
		if (out[j] == '\0')
			FUZZ_FAIL("the server wrote a NUL");
		if (s->cr && out[j] != '\n')
			FUZZ_FAIL("the server wrote a CR alone");
		if (out[j] == '\n' && !s->cr)
			FUZZ_FAIL("the server wrote an LF alone");
		s->cr = out[j] == '\r';
		if (out[j] == '\n')
			s->line = 0;
		else if (++s->line > CONN_LINE_MAX + 1)
			FUZZ_FAIL("the server wrote a line too long");
	}
	io_mem_consume(s->m, len);
}

/* Wait for the worker's jobs, running the loop to take their answers. */
static void
core_worker(void)
{
	unsigned long	 tries;

	for (tries = 0; worker_pending() > 0; tries++) {
		if (tries == 10000000)
			FUZZ_FAIL("the worker never answered");
		ev_run(EV_DEFAULT, EVRUN_NOWAIT);
		if (worker_pending() > 0)
			sched_yield();
	}
}

/* One io_mem_poll: what the kernel would say now. */
void
core_poll(void)
{
	io_mem_poll();
	core_check_all();
}

/* One turn of the loop, not waiting. */
void
core_turn(void)
{
	ev_run(EV_DEFAULT, EVRUN_NOWAIT);
	core_check_all();
}

/* Run until nothing is left to do at this time. */
void
core_settle(void)
{
	core_run();
	core_check_all();
	if (worker_pending() > 0) {
		core_worker();
		core_run();
		core_check_all();
	}
}

/* Time passes: ms milliseconds, then what is due runs. */
void
core_tick(long ms)
{
	vclock_advance(ms);
	core_settle();
}

/*
 * Close every peer, or shut natterd down as main does after its loop
 * (SIGTERM, DIE), and run until every connection is reaped; then no
 * user, channel or job may be left.  The peers go, the log drains, the
 * clock is the kernel's again.
 */
void
core_end(void)
{
	int	 i, n;

	if (core_now.shutdown) {
		conn_shutdown("Server shutting down");
		worker_shutdown();
		core_check_all();
	}

	for (i = 0; i < CORE_SLOTS; i++) {
		core_eof(i);
		core_block(i, SIZE_MAX);
		core_chunk(i, 0, 0);
	}
	for (n = 0; conn_count > 0; n++) {
		if (n == 100)
			FUZZ_FAIL("a connection is never closed");
		core_tick(1000);
	}
	core_settle();
	for (i = 0; i < CORE_SLOTS; i++) {
		if (core_slots[i].m == NULL)
			continue;
		FUZZ_ASSERT(io_mem_closed(core_slots[i].m));
		core_read(i);
		io_mem_free(core_slots[i].m);
		core_slots[i].m = NULL;
	}
	FUZZ_ASSERT(conn_count == 0);
	FUZZ_ASSERT(RB_EMPTY(&user_nicks));
	FUZZ_ASSERT(RB_EMPTY(&channel_tree));
	FUZZ_ASSERT(user_count == 0 && user_count_unknown == 0);
	FUZZ_ASSERT(channel_count == 0);
	FUZZ_ASSERT(server_me->nusers == 0);
	FUZZ_ASSERT(worker_pending() == 0);
	core_check_all();
	/* What outlives users in natterd would outlive the input here. */
	user_whowas_clear();
	log_flush();
	vclock_thaw();
}
