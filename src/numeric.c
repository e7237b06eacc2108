/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Replies from the server: numerics, and the other replies (CAP, PONG,
 * NOTICE).  The parameters are formatted here, once; the recipient's
 * front adds the prefix and target (IRC) or turns the reply into a
 * sentence (text).
 */

#include <stdarg.h>
#include <stdio.h>

#include "conn.h"
#include "front.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

/*
 * Format a reply's parameters for u into text; 0 if u has no front to
 * hear it (a remote user, or a connection not yet decided).
 */
static int
numeric_format(struct user *u, char *text, size_t size, const char *fmt,
    va_list ap)
{
	if (u->conn == NULL || u->conn->front == NULL)
		return (0);
	vsnprintf(text, size, fmt, ap);
	return (1);
}

void
numeric_send(struct user *u, int code, const char *fmt, ...)
{
	char	 text[RELAY_LINE_MAX];
	va_list	 ap;
	int	 ok;

	va_start(ap, fmt);
	ok = numeric_format(u, text, sizeof text, fmt, ap);
	va_end(ap);
	if (ok)
		u->conn->front->numeric(u, code, text);
}

/* A reply from the server that is not a numeric: CAP, PONG, NOTICE. */
void
front_server_send(struct user *u, const char *cmd, const char *fmt, ...)
{
	char	 text[RELAY_LINE_MAX];
	va_list	 ap;
	int	 ok;

	va_start(ap, fmt);
	ok = numeric_format(u, text, sizeof text, fmt, ap);
	va_end(ap);
	if (ok)
		u->conn->front->server(u, cmd, text);
}
