/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fuzz target: the HTTP/1.1 request head parser (http.c).  The first
 * byte chooses the limits, its low four bits the head's size and its
 * high four bits the number of headers (0x48, "H", gives 8192 and 50);
 * the rest is what a client sent, in memory of exactly its size.
 * Besides surviving it, the parser must keep its promises: a done head
 * ends with its empty line within the input and the limit, holds no
 * NUL, and starts with the method (a token), one space, the target
 * (visible characters), one space and HTTP/1.0 or 1.1, as kept; every
 * kept field is a string within its array, trimmed when it came once,
 * with no control byte but a tab; the headers within their limit.  Any
 * shorter prefix of a done head is incomplete, and the head alone
 * parses to the same request.  An error is 400, 414, 431 or 505; an
 * incomplete head is within the limit.  http_has_token agrees with a
 * simple split on commas for every kept field.
 */

#include <limits.h>
#include <string.h>
#include <strings.h>

#include "http.h"

#include "fuzz.h"

#define FUZZ_HEAD_MAX	65536

static const size_t	fuzz_max[16] = {
	0, 1, 2, 16, 18, 64, 128, 256, 8192, 300, 512, 1024, 4096, 16384,
	65536, SIZE_MAX
};
static const unsigned	fuzz_max_headers[16] = {
	0, 1, 2, 3, 50, 4, 8, 9, 10, 16, 32, 100, 127, 128, 1000, UINT_MAX
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return (0);
}

/* RFC 9110 section 5.6.2, written again: a tchar. */
static int
fuzz_tchar(unsigned char ch)
{
	return ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z') || (ch != '\0' &&
	    strchr("!#$%&'*+-.^_`|~", ch) != NULL));
}

/* Is s a string that ends inside its array of size bytes? */
static size_t
fuzz_string(const char *s, size_t size)
{
	const char	*nul;

	FUZZ_ASSERT((nul = memchr(s, '\0', size)) != NULL);
	return (nul - s);
}

/*
 * The reference for http_has_token: split list at every comma, trim
 * spaces and tabs, compare case aside.  The token is not empty and has
 * no comma, space or tab at its ends.
 */
static int
fuzz_has_token(const char *list, const char *token)
{
	const char	*p = list, *e;
	size_t		 n = strlen(token);

	for (;;) {
		e = p + strcspn(p, ",");
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - p) == n && strncasecmp(p, token, n) == 0)
			return (1);
		p += strcspn(p, ",");
		if (*p++ == '\0')
			return (0);
	}
}

static void
fuzz_check_tokens(const char *list)
{
	static const char *const tokens[] = {
		"upgrade", "websocket", "keep-alive", "close",
		"text.ircv3.net", "binary.ircv3.net", "13"
	};
	char		 first[HTTP_VALUE_MAX + 1];
	size_t		 i, n;

	for (i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
		FUZZ_ASSERT(http_has_token(list, tokens[i]) ==
		    fuzz_has_token(list, tokens[i]));
	/* The list's own first element, which must be found. */
	i = strspn(list, " \t,");
	n = strcspn(list + i, ",");
	while (n > 0 && (list[i + n - 1] == ' ' || list[i + n - 1] == '\t'))
		n--;
	if (n > 0) {
		memcpy(first, list + i, n);
		first[n] = '\0';
		FUZZ_ASSERT(http_has_token(list, first));
		FUZZ_ASSERT(fuzz_has_token(list, first));
	}
	(void)http_has_token(list, "");
}

static void
fuzz_check_done(const struct http_request *r, const char *head, size_t len,
    size_t max, unsigned max_headers)
{
	const char	*buf = head, *v;
	size_t		 n, i, lines, blank;
	int		 f;

	FUZZ_ASSERT(r->length > 0 && r->length <= len && r->length <= max);
	FUZZ_ASSERT(head[r->length - 1] == '\n');
	FUZZ_ASSERT(memchr(head, '\0', r->length) == NULL);

	/* Empty lines before the request line are skipped (RFC 9112 2.2). */
	for (blank = 0; *buf == '\n' || (buf[0] == '\r' && buf[1] == '\n');
	    blank++)
		buf += *buf == '\n' ? 1 : 2;

	/* The request line, as kept. */
	n = fuzz_string(r->method, sizeof r->method);
	FUZZ_ASSERT(n > 0);
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(fuzz_tchar(r->method[i]));
	FUZZ_ASSERT(memcmp(buf, r->method, n) == 0 && buf[n] == ' ');
	buf += n + 1;
	n = fuzz_string(r->target, sizeof r->target);
	FUZZ_ASSERT(n > 0);
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(r->target[i] > ' ' && r->target[i] < 0x7f);
	FUZZ_ASSERT(memcmp(buf, r->target, n) == 0 && buf[n] == ' ');
	buf += n + 1;
	FUZZ_ASSERT(r->minor == 0 || r->minor == 1);
	FUZZ_ASSERT(memcmp(buf, "HTTP/1.", 7) == 0 && buf[7] == '0' + r->minor);
	FUZZ_ASSERT(buf[8] == '\n' || (buf[8] == '\r' && buf[9] == '\n'));

	/* As many headers as lines but the first and the last. */
	for (lines = 0, i = 0; i < r->length; i++)
		lines += head[i] == '\n';
	FUZZ_ASSERT(r->nheaders <= max_headers);
	FUZZ_ASSERT(r->nheaders + 2 + blank == lines);

	n = 0;
	for (f = 0; f < HTTP_FIELDS; f++) {
		v = r->field[f];
		i = fuzz_string(v, sizeof r->field[f]);
		n += r->seen[f];
		if (r->seen[f] == 0)
			FUZZ_ASSERT(i == 0);
		if (r->seen[f] == 1 && i > 0) {
			FUZZ_ASSERT(v[0] != ' ' && v[0] != '\t');
			FUZZ_ASSERT(v[i - 1] != ' ' && v[i - 1] != '\t');
		}
		for (; *v != '\0'; v++)
			FUZZ_ASSERT(*v == '\t' ||
			    ((unsigned char)*v >= ' ' && *v != 0x7f));
		FUZZ_ASSERT(strcmp(http_field_name(f), "unknown") != 0);
		fuzz_check_tokens(r->field[f]);
	}
	FUZZ_ASSERT(r->seen[HTTP_HOST] <= 1);
	FUZZ_ASSERT(n <= r->nheaders);
}

static int
fuzz_same(const struct http_request *a, const struct http_request *b)
{
	int	 f;

	if (strcmp(a->method, b->method) != 0 ||
	    strcmp(a->target, b->target) != 0 || a->minor != b->minor ||
	    a->nheaders != b->nheaders || a->length != b->length)
		return (0);
	for (f = 0; f < HTTP_FIELDS; f++)
		if (a->seen[f] != b->seen[f] ||
		    strcmp(a->field[f], b->field[f]) != 0)
			return (0);
	return (1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request	 r, again;
	char			*buf;
	size_t			 len, max, cut;
	unsigned		 max_headers;
	int			 rc, status;

	if (size < 1 || size > FUZZ_HEAD_MAX + 1)
		return (0);
	max = fuzz_max[data[0] & 0x0f];
	max_headers = fuzz_max_headers[data[0] >> 4];
	len = size - 1;
	buf = malloc(len > 0 ? len : 1);
	memcpy(buf, data + 1, len);

	rc = http_parse(buf, len, max, max_headers, &r, &status);
	switch (rc) {
	case HTTP_INCOMPLETE:
		FUZZ_ASSERT(status == 0);
		FUZZ_ASSERT(len <= max);
		break;
	case HTTP_ERROR:
		FUZZ_ASSERT(status == 400 || status == 414 || status == 431 ||
		    status == 505);
		FUZZ_ASSERT(strcmp(http_status_text(status), "Error") != 0);
		break;
	case HTTP_DONE:
		FUZZ_ASSERT(status == 0);
		fuzz_check_done(&r, buf, len, max, max_headers);

		/* The head alone: the same request. */
		FUZZ_ASSERT(http_parse(buf, r.length, max, max_headers,
		    &again, &status) == HTTP_DONE);
		FUZZ_ASSERT(fuzz_same(&r, &again));

		/* Shorter: not yet there. */
		cut = r.length - 1;
		FUZZ_ASSERT(http_parse(buf, cut, max, max_headers, &again,
		    &status) == HTTP_INCOMPLETE && status == 0);
		cut = len > 1 ? (unsigned char)buf[len - 1] % r.length : 0;
		FUZZ_ASSERT(http_parse(buf, cut, max, max_headers, &again,
		    &status) == HTTP_INCOMPLETE && status == 0);
		break;
	default:
		FUZZ_FAIL("http_parse returned neither done, incomplete nor "
		    "error");
	}
	FUZZ_ASSERT(strcmp(http_field_name(HTTP_FIELDS), "unknown") == 0);
	free(buf);
	return (0);
}
