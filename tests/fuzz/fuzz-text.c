/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fuzz target: the text front's line handling (front-text.c), slash
 * commands and chat text, in a whole core (core.c).  Two people are
 * there first: an IRC client with every capability, in #general, and a
 * text user in room general, who see what the fuzzed person says and
 * does and are answered by it.  The first byte of the input chooses the
 * settings (bit 0: a connection password; bit 1: an undecided listener
 * rather than a text one; bit 2: flood control; bits 3-4: the lines read
 * at once); the rest is what the person types, sent in pieces of at
 * most 64 bytes with the loop run between them.
 */

#include <string.h>

#include "core.h"
#include "fuzz.h"

#define FUZZ_INPUT_MAX	16384
#define FUZZ_PIECE	64

enum { IRC_SLOT, TEXT_SLOT, FUZZ_SLOT };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	core_init();
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char irc_hello[] =
	    "CAP LS 302\r\n"
	    "CAP REQ :message-tags server-time echo-message labeled-response "
	    "batch extended-join away-notify account-tag multi-prefix "
	    "invite-notify setname userhost-in-names cap-notify chghost\r\n"
	    "NICK ircuser\r\nUSER irc 0 * :An IRC user\r\nCAP END\r\n"
	    "JOIN #general\r\n";
	static const char text_hello[] = "/nick textuser\r\n/join general\r\n";
	struct core_settings	 s;
	unsigned char		 flags = size > 0 ? data[0] : 0;
	size_t			 n;
	unsigned char		 b[4];

	if (size > FUZZ_INPUT_MAX)
		return (0);
	memset(b, 0, sizeof b);
	b[0] = (flags & 0x01 ? 0x02 : 0) | (flags & 0x04 ? 0x01 : 0) |
	    ((flags >> 3) & 3) << 4;
	b[1] = 0x77;
	b[2] = 0x13;
	core_settings_from(&s, b, sizeof b);
	core_begin(&s);

	core_open(IRC_SLOT, FRONT_IRC);
	if (s.password)
		core_send(IRC_SLOT, "PASS fuzz\r\n", 11);
	core_send(IRC_SLOT, irc_hello, sizeof irc_hello - 1);
	core_open(TEXT_SLOT, FRONT_TEXT);
	if (s.password)
		core_send(TEXT_SLOT, "/pass fuzz\r\n", 12);
	core_send(TEXT_SLOT, text_hello, sizeof text_hello - 1);
	core_settle();
	core_open(FUZZ_SLOT, (flags & 0x02) ? FRONT_AUTO : FRONT_TEXT);
	core_settle();

	for (data++, size = size > 0 ? size - 1 : 0; size > 0; ) {
		n = size < FUZZ_PIECE ? size : FUZZ_PIECE;
		core_send(FUZZ_SLOT, data, n);
		core_settle();
		core_read(IRC_SLOT);
		core_read(TEXT_SLOT);
		core_read(FUZZ_SLOT);
		data += n;
		size -= n;
		/* Flood control lets held lines through as time passes. */
		if (s.flood_control)
			core_tick(100);
	}
	core_tick(1000);
	core_end();
	return (0);
}
