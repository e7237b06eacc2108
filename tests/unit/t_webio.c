/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The WebSocket transport (io-ws.c) in a whole core over the in-memory
 * transport: an HTTP request line on an undecided connection, with the
 * client's first frames in the same write; a web listener's connection;
 * a binary and a text client beside a plain one, output repaired to
 * UTF-8 in text frames; control frames; frames refused with their close
 * codes; requests that are not upgrades.
 */

#include <stdint.h>
#include <stdio.h>

#include "test.h"
#include "peer.h"
#include "ws.h"

#define UPGRADE(proto) \
	"GET / HTTP/1.1\r\nHost: natter.local\r\nUpgrade: websocket\r\n" \
	"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" \
	"Sec-WebSocket-Version: 13\r\n" proto "\r\n"

/* Send one frame as a client does: masked, with the key 1 2 3 4. */
static void
ws_send(struct peer *p, int fin, int opcode, const char *payload, size_t len)
{
	uint8_t		 frame[256];
	size_t		 n = 0, i;

	CHECK(len < 126);
	frame[n++] = (fin ? 0x80 : 0) | opcode;
	frame[n++] = 0x80 | len;
	for (i = 0; i < 4; i++)
		frame[n++] = i + 1;
	for (i = 0; i < len; i++)
		frame[n++] = payload[i] ^ (i % 4 + 1);
	io_mem_send(p->m, frame, n);
}

static void
ws_line(struct peer *p, const char *line)
{
	ws_send(p, 1, WS_OP_TEXT, line, strlen(line));
}

/*
 * The next frame from the server after the cursor, its payload in buf:
 * the opcode, or -1 if there is none whole.
 */
static int
ws_next(struct peer *p, char *buf, size_t size)
{
	const uint8_t	*out;
	size_t		 len, n, h = 2;
	int		 op;

	out = (const uint8_t *)io_mem_output(p->m, &len);
	out += p->seen;
	len -= p->seen;
	if (len < 2)
		return (-1);
	op = out[0] & 0x0f;
	CHECK(out[0] & 0x80);
	CHECK(!(out[1] & 0x80));	/* a server never masks */
	n = out[1] & 0x7f;
	if (n == 126) {
		if (len < 4)
			return (-1);
		n = out[2] << 8 | out[3];
		h = 4;
	}
	CHECK(n != 127);
	if (len < h + n)
		return (-1);
	CHECK(n < size);
	memcpy(buf, out + h, n);
	buf[n] = '\0';
	p->seen += h + n;
	return (op);
}

/* Is a frame of opcode with payload text among those from the cursor? */
static int
ws_expect(struct peer *p, int opcode, const char *text)
{
	char	 buf[1024];
	int	 op;

	while ((op = ws_next(p, buf, sizeof buf)) != -1)
		if (op == opcode && strcmp(buf, text) == 0)
			return (1);
	return (0);
}

/* Skip the HTTP response; 1 if it was a 101 with this subprotocol. */
static int
ws_switched(struct peer *p, const char *proto)
{
	const char	*out, *end;
	size_t		 len;
	int		 ok;

	out = io_mem_output(p->m, &len);
	if ((end = memmem(out, len, "\r\n\r\n", 4)) == NULL)
		return (0);
	ok = strncmp(out, "HTTP/1.1 101 Switching Protocols\r\n", 34) == 0 &&
	    memmem(out, end + 2 - out, "Sec-WebSocket-Accept: "
	    "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", 52) != NULL &&
	    (proto == NULL || memmem(out, end + 2 - out, proto, strlen(proto)) !=
	    NULL);
	p->seen = end + 4 - out;
	return (ok);
}

/* An undecided connection: the request and the first frames at once. */
static void
test_upgrade(void)
{
	struct peer	 w, t, i, c;
	static const char latin1[] = "PRIVMSG #c :caf\xe9\r\n";

	peer_connect(&w, FRONT_AUTO, 3001);
	peer_send(&w, UPGRADE("Sec-WebSocket-Protocol: binary.ircv3.net, "
	    "text.ircv3.net\r\n"));
	ws_line(&w, "NICK wes");
	ws_line(&w, "USER wes 0 * :Wes");
	core_run();
	CHECK(ws_switched(&w, "Sec-WebSocket-Protocol: binary.ircv3.net"));
	CHECK(ws_expect(&w, WS_OP_BINARY, ":natter.local 001 wes "
	    ":Welcome to the natter IRC Network wes!~wes@127.0.0.1"));
	CHECK(w.u->flags & USER_REGISTERED);

	/* A text client with no subprotocol asked for, on a web listener. */
	peer_connect(&t, FRONT_WEB, 3002);
	peer_send(&t, UPGRADE(""));
	core_run();
	CHECK(ws_switched(&t, NULL));
	ws_line(&t, "NICK tia\r\n");	/* a line end is taken off */
	ws_line(&t, "USER tia 0 * :Tia");
	ws_line(&t, "JOIN #c");
	ws_line(&w, "JOIN #c");
	core_run();
	CHECK(ws_expect(&t, WS_OP_TEXT, ":tia!~tia@127.0.0.1 JOIN #c"));

	/* A plain client's Latin-1 reaches the text client as UTF-8. */
	peer_irc(&i, "ivo", 3003);
	peer_send(&i, "JOIN #c\r\n");
	peer_send(&i, latin1);
	core_run();
	CHECK(ws_expect(&t, WS_OP_TEXT,
	    ":ivo!~ivo@127.0.0.1 PRIVMSG #c :caf\xef\xbf\xbd"));
	CHECK(ws_expect(&w, WS_OP_BINARY,
	    ":ivo!~ivo@127.0.0.1 PRIVMSG #c :caf\xe9"));

	/* A message in three fragments, a ping between them. */
	ws_send(&w, 0, WS_OP_TEXT, "PRIVMSG #c", 10);
	ws_send(&w, 0, WS_OP_CONT, " :in ", 5);
	ws_send(&w, 1, WS_OP_PING, "p1", 2);
	ws_send(&w, 1, WS_OP_CONT, "parts", 5);
	core_run();
	CHECK(ws_expect(&w, WS_OP_PONG, "p1"));
	CHECK(peer_expect(&i, ":wes!~wes@127.0.0.1 PRIVMSG #c :in parts"));

	/* The client closes: its code comes back, and it is gone. */
	ws_send(&t, 1, WS_OP_CLOSE, "\x03\xe8", 2);
	core_run();
	CHECK(ws_expect(&t, WS_OP_CLOSE, "\x03\xe8"));
	CHECK(io_mem_closed(t.m));
	CHECK(peer_match(&i, ":tia!~tia@127.0.0.1 QUIT "
	    ":*WebSocket closed by the client (1000)"));

	/* A close code no endpoint may send (1005): 1002. */
	peer_connect(&c, FRONT_WEB, 3006);
	peer_send(&c, UPGRADE(""));
	ws_send(&c, 1, WS_OP_CLOSE, "\x03\xed", 2);
	core_run();
	CHECK(ws_switched(&c, NULL));
	CHECK(ws_expect(&c, WS_OP_CLOSE, "\x03\xea"));
	CHECK(io_mem_closed(c.m));
	io_mem_free(c.m);

	/* An unmasked frame: 1002, closed. */
	io_mem_send(w.m, "\x81\x04QUIT", 6);
	core_run();
	CHECK(ws_expect(&w, WS_OP_CLOSE, "\x03\xea"));
	CHECK(io_mem_closed(w.m));
	peer_send(&i, "QUIT\r\n");
	core_run();
	io_mem_free(w.m);
	io_mem_free(t.m);
	io_mem_free(i.m);
}

/* Text that is not UTF-8, and a message too long: 1007 and 1009. */
static void
test_refused(void)
{
	struct peer	 p, q;
	uint8_t		 head[14] = { 0x81, 0xff };

	peer_connect(&p, FRONT_WEB, 3004);
	peer_send(&p, UPGRADE(""));
	ws_line(&p, "NICK \xff");
	core_run();
	CHECK(ws_switched(&p, NULL));
	CHECK(ws_expect(&p, WS_OP_CLOSE, "\x03\xef"));
	CHECK(io_mem_closed(p.m));
	io_mem_free(p.m);

	/* A header that claims 2^56 bytes is refused from the header. */
	peer_connect(&q, FRONT_WEB, 3005);
	peer_send(&q, UPGRADE(""));
	head[2] = 1;
	io_mem_send(q.m, head, sizeof head);
	core_run();
	CHECK(ws_switched(&q, NULL));
	CHECK(ws_expect(&q, WS_OP_CLOSE, "\x03\xf1"));
	CHECK(io_mem_closed(q.m));
	io_mem_free(q.m);
}

/* What is not an upgrade gets a status and the end. */
static void
test_http(void)
{
	static const struct {
		const char	*request;
		const char	*status;
	} cases[] = {
		{ "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found" },
		{ "POST / HTTP/1.1\r\nHost: x\r\n\r\n",
		    "405 Method Not Allowed" },
		{ "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
		    "Connection: Upgrade\r\nSec-WebSocket-Key: short\r\n"
		    "Sec-WebSocket-Version: 13\r\n\r\n", "400 Bad Request" },
		{ "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
		    "Connection: Upgrade\r\nSec-WebSocket-Key: "
		    "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"
		    "\r\n", "426 Upgrade Required" },
		{ "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
		    "505 HTTP Version Not Supported" },
	};
	struct peer	 p;
	const char	*out;
	char		 want[64];
	size_t		 i, len;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		peer_connect(&p, FRONT_AUTO, 3010 + i);
		peer_send(&p, cases[i].request);
		core_run();
		out = io_mem_output(p.m, &len);
		snprintf(want, sizeof want, "HTTP/1.1 %s\r\n", cases[i].status);
		if (len < strlen(want) || memcmp(out, want, strlen(want)) != 0)
			TEST_FAIL("%s: got %.*s", cases[i].status,
			    (int)(len > 40 ? 40 : len), out);
		CHECK(io_mem_closed(p.m));
		io_mem_free(p.m);
	}
}

int
main(void)
{
	core_start();
	conf.presence_delay = 0;
	test_upgrade();
	test_refused();
	test_http();
	CHECK_CORE();
	return (DONE());
}
