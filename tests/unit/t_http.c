/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The HTTP request parser: a browser's WebSocket upgrade and a plain
 * GET, a head that has not all come, the limits on size and header
 * count, and what is refused with which status: another version, a
 * malformed request line, obsolete line folding, a space before a
 * colon, a second Host, control bytes.  And the token lists of
 * Connection and Upgrade.
 */

#include <string.h>

#include "http.h"
#include "test.h"

#define UPGRADE \
	"GET /webirc HTTP/1.1\r\n" \
	"Host: chat.example:6667\r\n" \
	"Upgrade: websocket\r\n" \
	"Connection: keep-alive, Upgrade\r\n" \
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" \
	"Origin: https://chat.example\r\n" \
	"Sec-WebSocket-Protocol: binary.ircv3.net\r\n" \
	"Sec-WebSocket-Protocol: text.ircv3.net\r\n" \
	"Sec-WebSocket-Version: 13\r\n" \
	"User-Agent: test\r\n" \
	"\r\n"

static int
parse(const char *s, struct http_request *r, int *status)
{
	return (http_parse(s, strlen(s), 8192, 50, r, status));
}

static void
test_upgrade(void)
{
	struct http_request	 r;
	char			 buf[sizeof UPGRADE + 16];
	int			 status;

	CHECK_INT(parse(UPGRADE, &r, &status), HTTP_DONE);
	CHECK_INT(r.length, strlen(UPGRADE));
	CHECK_STR(r.method, "GET");
	CHECK_STR(r.target, "/webirc");
	CHECK_INT(r.minor, 1);
	CHECK_INT(r.nheaders, 9);
	CHECK_STR(r.field[HTTP_HOST], "chat.example:6667");
	CHECK_STR(r.field[HTTP_UPGRADE], "websocket");
	CHECK_STR(r.field[HTTP_WS_KEY], "dGhlIHNhbXBsZSBub25jZQ==");
	CHECK_STR(r.field[HTTP_ORIGIN], "https://chat.example");
	CHECK_STR(r.field[HTTP_WS_PROTOCOL],
	    "binary.ircv3.net, text.ircv3.net");
	CHECK_INT(r.seen[HTTP_WS_PROTOCOL], 2);
	CHECK(http_has_token(r.field[HTTP_CONNECTION], "upgrade"));
	CHECK(!http_has_token(r.field[HTTP_CONNECTION], "close"));

	/* What follows the head is not part of it. */
	strlcpy(buf, UPGRADE, sizeof buf);
	strlcat(buf, "\x81\x85", sizeof buf);
	CHECK_INT(parse(buf, &r, &status), HTTP_DONE);
	CHECK_INT(r.length, strlen(UPGRADE));

	/* Bare LF ends lines too; values are trimmed. */
	CHECK_INT(parse("GET / HTTP/1.0\nHost:  x \t\n\n", &r, &status),
	    HTTP_DONE);
	CHECK_INT(r.minor, 0);
	CHECK_STR(r.field[HTTP_HOST], "x");

	/* Empty lines before the request line are skipped and counted. */
	CHECK_INT(parse("\r\n\nGET / HTTP/1.1\r\nHost: y\r\n\r\n", &r,
	    &status), HTTP_DONE);
	CHECK_STR(r.target, "/");
	CHECK_INT(r.length, 3 + 16 + 9 + 2);
}

static void
test_incomplete(void)
{
	struct http_request	 r;
	size_t			 n;
	int			 status;

	for (n = 0; n < strlen(UPGRADE); n++)
		if (http_parse(UPGRADE, n, 8192, 50, &r, &status) !=
		    HTTP_INCOMPLETE)
			TEST_FAIL("%zu bytes of the head are not incomplete", n);
	/* An empty buffer may have no memory at all. */
	CHECK(http_parse(NULL, 0, 8192, 50, &r, &status) == HTTP_INCOMPLETE);
	test_passed++;
	/* Nothing but empty lines, or half of one, is not a request yet. */
	CHECK_INT(http_parse("\r\n\r", 3, 8192, 50, &r, &status),
	    HTTP_INCOMPLETE);
	/* ... until there are more of them than a head may hold. */
	CHECK_INT(http_parse("\n\n\n\n\n", 5, 4, 50, &r, &status),
	    HTTP_ERROR);
	CHECK_INT(status, 431);

	/* A first line that is not a request line: refused at once. */
	CHECK_INT(http_parse("NICK carol\r\nUSER", 16, 8192, 50, &r,
	    &status), HTTP_ERROR);
	CHECK_INT(status, 400);
	CHECK_INT(http_parse("GET / HTTP/2.0\r\n", 16, 8192, 50, &r,
	    &status), HTTP_ERROR);
	CHECK_INT(status, 505);
}

static void
test_limits(void)
{
	struct http_request	 r;
	char			 big[10000];
	int			 status, i;

	/* Longer than the limit before the end came: refused at once. */
	memset(big, 'a', sizeof big);
	memcpy(big, "GET / HTTP/1.1\r\nX-Big: ", 23);
	CHECK_INT(http_parse(big, sizeof big, 8192, 50, &r, &status),
	    HTTP_ERROR);
	CHECK_INT(status, 431);
	CHECK_INT(http_parse(UPGRADE, strlen(UPGRADE), 100, 50, &r, &status),
	    HTTP_ERROR);
	CHECK_INT(status, 431);
	CHECK_INT(http_parse(UPGRADE, strlen(UPGRADE), 8192, 8, &r, &status),
	    HTTP_ERROR);
	CHECK_INT(status, 431);
	CHECK_INT(http_parse(UPGRADE, strlen(UPGRADE), 8192, 9, &r, &status),
	    HTTP_DONE);

	/* A kept header longer than HTTP_VALUE_MAX. */
	memcpy(big, "GET / HTTP/1.1\r\nOrigin: ", 24);
	for (i = 24; i < 24 + HTTP_VALUE_MAX + 1; i++)
		big[i] = 'o';
	memcpy(big + i, "\r\n\r\n", 5);
	CHECK_INT(parse(big, &r, &status), HTTP_ERROR);
	CHECK_INT(status, 431);
}

static void
test_refused(void)
{
	static const struct {
		const char	*head;
		int		 status;
	} bad[] = {
		{ "GET / HTTP/2.0\r\n\r\n", 505 },
		{ "GET / HTTP/1.2\r\n\r\n", 505 },
		{ "GET / HTTPS/1.1\r\n\r\n", 400 },
		{ "GET /  HTTP/1.1\r\n\r\n", 400 },
		{ "GET  / HTTP/1.1\r\n\r\n", 400 },
		{ "GET /\r\n\r\n", 400 },
		{ "\r\r\nGET / HTTP/1.1\r\n\r\n", 400 },
		{ "G(T / HTTP/1.1\r\n\r\n", 400 },
		{ "GET /a\tb HTTP/1.1\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\n: a\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nX: a\001b\r\n\r\n", 400 },
	};
	struct http_request	 r;
	char			 target[HTTP_TARGET_MAX + 32];
	size_t			 i;
	int			 status;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(bad[i].head, &r, &status) != HTTP_ERROR ||
		    status != bad[i].status)
			TEST_FAIL("\"%s\": status %d, expected %d", bad[i].head,
			    status, bad[i].status);
		else
			test_passed++;
	}
	/* A NUL byte in the head. */
	CHECK_INT(http_parse("GET / HTTP/1.1\r\nX: \0\r\n\r\n", 24, 8192, 50,
	    &r, &status), HTTP_ERROR);
	CHECK_INT(status, 400);
	memset(target, 'x', sizeof target);
	memcpy(target, "GET /", 5);
	memcpy(target + 5 + HTTP_TARGET_MAX, " HTTP/1.1\r\n\r\n", 14);
	CHECK_INT(parse(target, &r, &status), HTTP_ERROR);
	CHECK_INT(status, 414);
}

int
main(void)
{
	test_upgrade();
	test_incomplete();
	test_limits();
	test_refused();
	CHECK_STR(http_status_text(426), "Upgrade Required");
	CHECK_STR(http_field_name(HTTP_WS_KEY), "Sec-WebSocket-Key");
	return (DONE());
}
