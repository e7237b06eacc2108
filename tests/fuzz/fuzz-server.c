/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fuzz target: the whole server.  The input is a script for up to eight
 * peers of one natterd core (core.c): four bytes of settings (flood
 * control on or off, lines_per_read, sendq, recvq, line_max, limits),
 * then steps.  A step's first byte names a peer (its low three bits)
 * and an action (the rest, modulo the number of actions):
 *
 *	open as auto, irc or text	a connection through front_accept
 *	send N, then N bytes		bytes from the peer (N = 0: 256)
 *	line, then bytes to a LF	one line, or what is left
 *	eof				the peer closes
 *	reset				the peer resets: reads and writes
 *					fail with ECONNRESET
 *	block N				the server may write N * 16 bytes more
 *	unblock				... as much as it likes
 *	chunk N				reads give N / 2 bytes, held inside the
 *					transport if N is odd (0: no limit)
 *	read				the peer reads (and checks) its input
 *	poll, turn, settle		io_mem_poll once; one ev_run; both
 *					until nothing is left to do
 *	tick N				N * 10 ms pass (N >= 200: N - 199 s)
 *
 * With the high bit of the fourth settings byte set, the input ends as
 * natterd does after its loop (conn_shutdown, worker_shutdown) rather
 * than with every peer closing.
 *
 * Time passes only by tick, so flood control, registration and PING
 * timeouts, the text front's greeting and idleness and the presence
 * delay all run at fuzzing speed.  After every step the connection
 * lists and the tables must agree; at the end every connection must
 * close and be reaped, leaving no user, channel or job.
 */

#include <string.h>

#include "core.h"
#include "fuzz.h"

enum step {
	STEP_OPEN_AUTO,
	STEP_OPEN_IRC,
	STEP_OPEN_TEXT,
	STEP_SEND,
	STEP_LINE,
	STEP_LINE2,		/* lines come most often */
	STEP_EOF,
	STEP_BLOCK,
	STEP_UNBLOCK,
	STEP_CHUNK,
	STEP_READ,
	STEP_POLL,
	STEP_TURN,
	STEP_SETTLE,
	STEP_TICK,
	STEP_RESET,
	STEP_COUNT
};

#define FUZZ_INPUT_MAX	65536
#define FUZZ_TIME_MAX	(60 * 1000)	/* ms of virtual time per input */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	core_init();
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct core_settings	 s;
	const uint8_t		*p = data, *end = data + size, *nl;
	long			 ms, elapsed = 0;
	size_t			 n;
	int			 slot;

	if (size > FUZZ_INPUT_MAX)
		return (0);
	core_settings_from(&s, p, size);
	p += size < 4 ? size : 4;
	core_begin(&s);
	while (p < end) {
		slot = *p & (CORE_SLOTS - 1);
		switch ((*p++ >> 3) % STEP_COUNT) {
		case STEP_OPEN_AUTO:
			core_open(slot, FRONT_AUTO);
			break;
		case STEP_OPEN_IRC:
			core_open(slot, FRONT_IRC);
			break;
		case STEP_OPEN_TEXT:
			core_open(slot, FRONT_TEXT);
			break;
		case STEP_SEND:
			if (p == end)
				break;
			n = *p++;
			if (n == 0)
				n = 256;
			if (n > (size_t)(end - p))
				n = end - p;
			core_send(slot, p, n);
			p += n;
			break;
		case STEP_LINE:
		case STEP_LINE2:
			nl = memchr(p, '\n', end - p);
			n = (size_t)((nl != NULL ? nl + 1 : end) - p);
			core_send(slot, p, n);
			p += n;
			break;
		case STEP_EOF:
			core_eof(slot);
			break;
		case STEP_BLOCK:
			if (p < end)
				core_block(slot, (size_t)*p++ * 16);
			break;
		case STEP_UNBLOCK:
			core_block(slot, SIZE_MAX);
			break;
		case STEP_CHUNK:
			if (p < end) {
				core_chunk(slot, *p / 2, *p & 1);
				p++;
			}
			break;
		case STEP_READ:
			core_read(slot);
			break;
		case STEP_POLL:
			core_poll();
			break;
		case STEP_TURN:
			core_turn();
			break;
		case STEP_SETTLE:
			core_settle();
			break;
		case STEP_RESET:
			core_reset(slot);
			break;
		case STEP_TICK:
			if (p == end)
				break;
			ms = *p < 200 ? *p * 10L : (*p - 199) * 1000L;
			p++;
			if (elapsed + ms > FUZZ_TIME_MAX)
				break;
			elapsed += ms;
			core_tick(ms);
			break;
		}
	}
	core_settle();
	core_end();
	return (0);
}
