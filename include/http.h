/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * HTTP/1.1 requests, as far as natterd serves them: the request line
 * and the headers a WebSocket upgrade, the web page and a reverse proxy
 * need (RFC 9110, RFC 9112, RFC 6455 section 4).  Pure: no descriptors,
 * no event loop, no allocation; unit-tested and fuzzed.
 */

#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

#define HTTP_METHOD_MAX		15
#define HTTP_TARGET_MAX		255
#define HTTP_VALUE_MAX		255	/* kept header values are cut here */

/* The headers natterd looks at; the others are counted and skipped. */
enum http_field {
	HTTP_HOST,
	HTTP_UPGRADE,
	HTTP_CONNECTION,
	HTTP_ORIGIN,
	HTTP_WS_KEY,			/* Sec-WebSocket-Key */
	HTTP_WS_VERSION,		/* Sec-WebSocket-Version */
	HTTP_WS_PROTOCOL,		/* Sec-WebSocket-Protocol */
	HTTP_FORWARDED,
	HTTP_X_FORWARDED_FOR,
	HTTP_FIELDS
};

struct http_request {
	char		 method[HTTP_METHOD_MAX + 1];
	char		 target[HTTP_TARGET_MAX + 1];
	int		 minor;			/* HTTP/1.x */
	unsigned	 nheaders;		/* all of them */
	char		 field[HTTP_FIELDS][HTTP_VALUE_MAX + 1];
	unsigned char	 seen[HTTP_FIELDS];	/* times each came */
	size_t		 length;		/* bytes of the request */
};

#define HTTP_INCOMPLETE	0
#define HTTP_DONE	1
#define HTTP_ERROR	(-1)

int		 http_parse(const char *, size_t, size_t, unsigned,
		     struct http_request *, int *);
const char	*http_field_name(enum http_field);
int		 http_has_token(const char *, const char *);
const char	*http_status_text(int);

#endif
