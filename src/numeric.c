/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Numeric replies.  The parameters are formatted here, once; the
 * recipient's front adds the prefix and target (IRC) or turns the reply
 * into a sentence (text).
 */

#include <stdarg.h>
#include <stdio.h>

#include "conn.h"
#include "front.h"
#include "numeric.h"
#include "relay.h"
#include "user.h"

void
numeric_send(struct user *u, int code, const char *fmt, ...)
{
	char	 text[RELAY_LINE_MAX];
	va_list	 ap;

	if (u->conn == NULL || u->conn->front == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	u->conn->front->numeric(u, code, text);
}
