/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * WebSocket pieces: the accept key of RFC 6455's example, the example
 * frames of its section 5.7 (masked, as a client sends them),
 * fragments, the three payload length encodings (each the shortest
 * that holds the length), what is refused and
 * with which close code, server frame headers, and UTF-8.
 */

#include <string.h>

#include "test.h"
#include "utf8.h"
#include "ws.h"

/* Mask payload p (n bytes) behind a client header into out. */
static size_t
client_frame(uint8_t *out, int fin, int op, const char *p, size_t n)
{
	static const uint8_t	 mask[4] = { 0x37, 0xfa, 0x21, 0x3d };
	size_t			 h, i;

	h = ws_frame_header(out, fin, op, n);
	out[1] |= 0x80;
	memcpy(out + h, mask, 4);
	for (i = 0; i < n; i++)
		out[h + 4 + i] = p[i] ^ mask[i & 3];
	return (h + 4 + n);
}

static void
test_key(void)
{
	char	 accept[WS_ACCEPT_LEN + 1];

	CHECK_INT(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", accept,
	    sizeof accept), 0);
	CHECK_STR(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	CHECK_INT(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ=", accept,
	    sizeof accept), -1);
	CHECK_INT(ws_accept_key("dGhlIHNhbXBsZSBub25j!Q==", accept,
	    sizeof accept), -1);
	CHECK_INT(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", accept, 10), -1);
}

static void
test_frames(void)
{
	/* RFC 6455 section 5.7: a masked "Hello". */
	uint8_t		 hello[] = { 0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f,
			    0x9f, 0x4d, 0x51, 0x58 };
	uint8_t		 buf[70000], unmasked[] = { 0x81, 0x05, 'H', 'e',
			    'l', 'l', 'o' };
	struct ws_frame	 f;
	char		 big[66000];
	size_t		 n, i;
	int		 code;

	CHECK_INT(ws_frame_parse(hello, sizeof hello, 512, &f, &code), 11);
	CHECK(f.fin && f.opcode == WS_OP_TEXT && f.len == 5);
	CHECK(memcmp(f.payload, "Hello", 5) == 0);
	for (i = 0; i < sizeof hello; i++)
		if (ws_frame_parse(hello, i, 512, &f, &code) != WS_INCOMPLETE)
			TEST_FAIL("%zu bytes are not incomplete", i);

	/* Unmasked frames from a client are a protocol error. */
	CHECK_INT(ws_frame_parse(unmasked, sizeof unmasked, 512, &f, &code),
	    -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);

	/* Fragments, and a ping between them. */
	n = client_frame(buf, 0, WS_OP_TEXT, "Hel", 3);
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), (long)n);
	CHECK(!f.fin && f.opcode == WS_OP_TEXT && f.len == 3);
	n = client_frame(buf, 1, WS_OP_PING, "ping", 4);
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), (long)n);
	CHECK(f.opcode == WS_OP_PING && memcmp(f.payload, "ping", 4) == 0);
	n = client_frame(buf, 1, WS_OP_CONT, "lo", 2);
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), (long)n);
	CHECK(f.fin && f.opcode == WS_OP_CONT && f.len == 2);

	/* 126 and 127: 16- and 64-bit lengths. */
	memset(big, 'b', sizeof big);
	n = client_frame(buf, 1, WS_OP_BINARY, big, 300);
	CHECK_INT(buf[1] & 0x7f, 126);
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), (long)n);
	CHECK_INT(f.len, 300);
	n = client_frame(buf, 1, WS_OP_BINARY, big, 66000);
	CHECK_INT(buf[1] & 0x7f, 127);
	CHECK_INT(ws_frame_parse(buf, n, 70000, &f, &code), (long)n);
	CHECK(f.len == 66000 && f.payload[65999] == 'b');

	/* Too big is refused from the header alone. */
	n = client_frame(buf, 1, WS_OP_TEXT, big, 600);
	CHECK_INT(ws_frame_parse(buf, 4, 512, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_TOO_BIG);
}

static void
test_refused(void)
{
	uint8_t		 buf[200];
	struct ws_frame	 f;
	char		 p[126];
	size_t		 n;
	int		 code;

	memset(p, 'p', sizeof p);
	n = client_frame(buf, 1, 0x3, "x", 1);		/* reserved opcode */
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);
	n = client_frame(buf, 1, WS_OP_TEXT, "x", 1);
	buf[0] |= 0x40;					/* RSV1 */
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);
	n = client_frame(buf, 0, WS_OP_PING, "x", 1);	/* fragmented ping */
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);
	n = client_frame(buf, 1, WS_OP_CLOSE, p, 126);	/* control > 125 */
	CHECK_INT(ws_frame_parse(buf, n, 512, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);
	memset(buf, 0, 10);				/* 64-bit length, MSB */
	buf[0] = 0x82;
	buf[1] = 0xff;
	buf[2] = 0x80;
	CHECK_INT(ws_frame_parse(buf, 14, 512, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);

	/* Lengths in more bytes than they need (section 5.2). */
	memset(buf, 0, sizeof buf);
	buf[0] = 0x81;
	buf[1] = 0x80 | 126;
	buf[3] = 125;					/* 16 bits for 125 */
	CHECK_INT(ws_frame_parse(buf, 4 + 4 + 125, 512, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);
	buf[3] = 126;					/* the least for 16 */
	CHECK_INT(ws_frame_parse(buf, 4 + 4 + 126, 512, &f, &code), 134);
	memset(buf, 0, 10);
	buf[0] = 0x82;
	buf[1] = 0x80 | 127;
	buf[8] = 0xff;
	buf[9] = 0xff;					/* 64 bits for 65535 */
	CHECK_INT(ws_frame_parse(buf, 14, 70000, &f, &code), -1);
	CHECK_INT(code, WS_CLOSE_PROTOCOL);
}

static void
test_headers(void)
{
	uint8_t	 h[WS_HEADER_MAX];

	CHECK_INT(ws_frame_header(h, 1, WS_OP_TEXT, 5), 2);
	CHECK(h[0] == 0x81 && h[1] == 5);
	CHECK_INT(ws_frame_header(h, 1, WS_OP_BINARY, 125), 2);
	CHECK_INT(ws_frame_header(h, 1, WS_OP_BINARY, 126), 4);
	CHECK(h[0] == 0x82 && h[1] == 126 && h[2] == 0 && h[3] == 126);
	CHECK_INT(ws_frame_header(h, 0, WS_OP_TEXT, 65536), 10);
	CHECK(h[0] == 0x01 && h[1] == 127 && h[7] == 1 && h[8] == 0);
}

static void
test_utf8(void)
{
	CHECK(utf8_valid("plain ascii", 11));
	CHECK(utf8_valid("\xce\xba\xe1\xbd\xb9\xcf\x83"
	    "\xce\xbc\xce\xb5", 11));			/* kosme */
	CHECK(utf8_valid("\xf0\x9f\x98\x80", 4));
	CHECK(utf8_valid("\xef\xbf\xbf", 3));
	CHECK(!utf8_valid("\xc0\xaf", 2));	/* overlong */
	CHECK(!utf8_valid("\xe0\x80\xaf", 3));
	CHECK(!utf8_valid("\xf0\x80\x80\xaf", 4));
	CHECK(!utf8_valid("\xed\xa0\x80", 3)); /* D800 */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));
	CHECK(!utf8_valid("\xce", 1));	/* cut */
	CHECK(!utf8_valid("\xce\x41", 2));
	CHECK(!utf8_valid("\xff", 1));
	CHECK(utf8_valid("", 0));
	/* Eight bytes at a time, and what follows the words. */
	CHECK(utf8_valid("sixteen ascii ok", 16));
	CHECK(utf8_valid("01234567\xce\xba", 10));
	CHECK(!utf8_valid("eight ok\xff and more", 19));
	CHECK(!utf8_valid("0123456789abcdef\xce", 17));
}

int
main(void)
{
	test_key();
	test_frames();
	test_refused();
	test_headers();
	test_utf8();
	CHECK_STR(ws_opcode_str(WS_OP_CLOSE), "close");
	return (DONE());
}
