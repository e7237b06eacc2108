/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Parsing an HTTP/1.1 request head (RFC 9112 sections 2 to 5).  The
 * whole head must be in the buffer: http_parse says HTTP_INCOMPLETE
 * until the empty line that ends it has come, and refuses a head longer
 * than the caller's limit, or with more headers than its limit, with
 * 431, and a request line that is not HTTP's, as soon as it can tell.  The request line must be METHOD, one
 * space, a target of visible characters, one space, HTTP/1.0 or 1.1
 * (another version gets 505); a header is a token, a colon, and a value
 * of visible characters, spaces and tabs; obsolete line folding, a
 * space before the colon, control bytes and a second Host are 400.
 * Lines end with CRLF; a bare LF is accepted as the RFC allows a
 * recipient to.  Of the headers only those in enum http_field are kept,
 * trimmed, several of one name joined with ", ".
 */

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "http.h"

static const char *const http_fields[HTTP_FIELDS] = {
	"Host", "Upgrade", "Connection", "Origin", "Sec-WebSocket-Key",
	"Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Forwarded",
	"X-Forwarded-For",
};

const char *
http_field_name(enum http_field f)
{
	return (f < HTTP_FIELDS ? http_fields[f] : "unknown");
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 101:
		return ("Switching Protocols");
	case 200:
		return ("OK");
	case 304:
		return ("Not Modified");
	case 400:
		return ("Bad Request");
	case 403:
		return ("Forbidden");
	case 404:
		return ("Not Found");
	case 405:
		return ("Method Not Allowed");
	case 408:
		return ("Request Timeout");
	case 414:
		return ("URI Too Long");
	case 426:
		return ("Upgrade Required");
	case 431:
		return ("Request Header Fields Too Large");
	case 500:
		return ("Internal Server Error");
	case 505:
		return ("HTTP Version Not Supported");
	}
	return ("Error");
}

/* RFC 9110 section 5.6.2: tchar. */
static int
http_tchar(unsigned char ch)
{
	return (isalnum(ch) || (ch != '\0' && strchr("!#$%&'*+-.^_`|~",
	    ch) != NULL));
}

/* The end of the line that starts at p, before end; NULL if none. */
static const char *
http_eol(const char *p, const char *end, const char **next)
{
	const char	*nl;

	if ((nl = memchr(p, '\n', end - p)) == NULL)
		return (NULL);
	*next = nl + 1;
	if (nl > p && nl[-1] == '\r')
		nl--;
	return (nl);
}

/* Where the head ends (after its empty line), or NULL. */
static const char *
http_head_end(const char *buf, size_t len)
{
	const char	*p = buf, *end = buf + len, *eol, *next = end;

	while ((eol = http_eol(p, end, &next)) != NULL) {
		if (eol == p)
			return (next);
		p = next;
	}
	return (NULL);
}

static int
http_request_line(const char *p, const char *eol, struct http_request *r)
{
	const char	*sp;
	size_t		 n;

	if ((sp = memchr(p, ' ', eol - p)) == NULL || sp == p)
		return (400);
	n = sp - p;
	if (n > HTTP_METHOD_MAX)
		return (400);
	memcpy(r->method, p, n);
	r->method[n] = '\0';
	for (n = 0; r->method[n] != '\0'; n++)
		if (!http_tchar(r->method[n]))
			return (400);
	p = sp + 1;
	if ((sp = memchr(p, ' ', eol - p)) == NULL || sp == p)
		return (400);
	n = sp - p;
	if (n > HTTP_TARGET_MAX)
		return (414);
	memcpy(r->target, p, n);
	r->target[n] = '\0';
	for (n = 0; r->target[n] != '\0'; n++)
		if ((unsigned char)r->target[n] <= ' ' ||
		    (unsigned char)r->target[n] >= 0x7f)
			return (400);
	p = sp + 1;
	if (eol - p != 8 || strncmp(p, "HTTP/", 5) != 0 ||
	    !isdigit((unsigned char)p[5]) || p[6] != '.' ||
	    !isdigit((unsigned char)p[7]))
		return (400);
	if (p[5] != '1' || (p[7] != '0' && p[7] != '1'))
		return (505);
	r->minor = p[7] - '0';
	return (0);
}

/* Keep the value of a header natterd looks at. */
static int
http_keep(struct http_request *r, enum http_field f, const char *v,
    size_t n)
{
	char	*dst = r->field[f];
	size_t	 have = strlen(dst);

	if (f == HTTP_HOST && r->seen[f] > 0)
		return (400);
	if (r->seen[f]++ > 0) {
		if (have + 2 + n > HTTP_VALUE_MAX)
			return (431);
		memcpy(dst + have, ", ", 2);
		have += 2;
	} else if (n > HTTP_VALUE_MAX)
		return (431);
	memcpy(dst + have, v, n);
	dst[have + n] = '\0';
	return (0);
}

static int
http_header(const char *p, const char *eol, struct http_request *r)
{
	const char	*colon, *v, *ve, *q;
	size_t		 n;
	int		 f;

	if (*p == ' ' || *p == '\t')
		return (400);		/* obsolete line folding */
	if ((colon = memchr(p, ':', eol - p)) == NULL || colon == p)
		return (400);
	for (q = p; q < colon; q++)
		if (!http_tchar(*q))
			return (400);	/* a space before the colon, too */
	v = colon + 1;
	ve = eol;
	while (v < ve && (*v == ' ' || *v == '\t'))
		v++;
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
		ve--;
	for (q = v; q < ve; q++)
		if (((unsigned char)*q < ' ' && *q != '\t') || *q == 0x7f)
			return (400);
	n = colon - p;
	for (f = 0; f < HTTP_FIELDS; f++)
		if (strlen(http_fields[f]) == n &&
		    strncasecmp(http_fields[f], p, n) == 0)
			return (http_keep(r, f, v, ve - v));
	return (0);
}

/*
 * Parse the request head at the start of buf (len bytes), which may be
 * at most max bytes with at most max_headers headers.  HTTP_DONE with
 * r filled in (r->length is the head's size), HTTP_INCOMPLETE, or
 * HTTP_ERROR with the status to answer in *status.
 */
int
http_parse(const char *buf, size_t len, size_t max, unsigned max_headers,
    struct http_request *r, int *status)
{
	const char	*end, *p, *eol, *next = NULL;
	size_t		 skip;
	int		 st;

	memset(r, 0, sizeof *r);
	*status = 0;
	/* RFC 9112 section 2.2: empty lines before the request line. */
	for (skip = 0; skip < len && skip <= max; skip++)
		if (buf[skip] != '\n' && (buf[skip] != '\r' ||
		    (skip + 1 < len && buf[skip + 1] != '\n')))
			break;
	if (skip > max) {
		*status = 431;
		return (HTTP_ERROR);
	}
	if (skip == len)	/* buf may be NULL then */
		return (HTTP_INCOMPLETE);
	buf += skip;
	len -= skip;
	max -= skip;
	if ((end = http_head_end(buf, len)) == NULL) {
		if (len > max) {
			*status = 431;
			return (HTTP_ERROR);
		}
		/* A request line that is not HTTP is refused at once. */
		if ((eol = http_eol(buf, buf + len, &next)) != NULL &&
		    (st = http_request_line(buf, eol, r)) != 0) {
			*status = st;
			return (HTTP_ERROR);
		}
		return (HTTP_INCOMPLETE);
	}
	if ((size_t)(end - buf) > max) {
		*status = 431;
		return (HTTP_ERROR);
	}
	if (memchr(buf, '\0', end - buf) != NULL) {
		*status = 400;
		return (HTTP_ERROR);
	}
	eol = http_eol(buf, end, &next);
	if ((st = http_request_line(buf, eol, r)) != 0) {
		*status = st;
		return (HTTP_ERROR);
	}
	for (p = next; (eol = http_eol(p, end, &next)) != NULL && eol != p;
	    p = next) {
		if (++r->nheaders > max_headers) {
			*status = 431;
			return (HTTP_ERROR);
		}
		if ((st = http_header(p, eol, r)) != 0) {
			*status = st;
			return (HTTP_ERROR);
		}
	}
	r->length = skip + (end - buf);
	return (HTTP_DONE);
}

/*
 * Is token one of the comma-separated elements of list, case aside
 * (Connection: keep-alive, Upgrade)?
 */
int
http_has_token(const char *list, const char *token)
{
	size_t	 n = strlen(token), len;

	while (*list != '\0') {
		while (*list == ' ' || *list == '\t' || *list == ',')
			list++;
		len = strcspn(list, ",");
		while (len > 0 && (list[len - 1] == ' ' ||
		    list[len - 1] == '\t'))
			len--;
		if (len == n && strncasecmp(list, token, n) == 0)
			return (1);
		list += strcspn(list, ",");
	}
	return (0);
}
