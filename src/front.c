/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Choosing a front, and the calls handlers make without knowing which
 * front a user has.  The first complete line decides: '/' means a
 * person, '@' or ':' or an IRC command in capitals means an
 * IRC client, anything else is a person's chat text.
 */

#include <string.h>

#include "cmd.h"
#include "conn.h"
#include "front.h"
#include "user.h"

const char *
front_id_str(enum front_id id)
{
	switch (id) {
	case FRONT_IRC:
		return ("irc");
	case FRONT_TEXT:
		return ("text");
	case FRONT_COUNT:
		break;
	}
	return ("unknown");
}

/* Is the first word of line a command an IRC client may start with? */
static int
front_irc_first_word(const char *line)
{
	char	 word[16];
	size_t	 n;

	n = strcspn(line, " ");
	if (n == 0 || n >= sizeof word)
		return (0);
	memcpy(word, line, n);
	word[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (word[i] < 'A' || word[i] > 'Z')
			return (0);
	return (cmd_find(word) != NULL);
}

void
front_decide(struct conn *c, char *line, size_t len)
{
	const struct front	*f;

	(void)len;
	if (line[0] == '/')
		f = &front_text;
	else if (line[0] == '@' || line[0] == ':' ||
	    front_irc_first_word(line))
		f = &front_irc;
	else
		f = &front_text;
	conn_set_front(c, f);
	if (f == &front_text)
		front_greet(c);
}

/* The text banner, once; a text connection also gets its user here. */
void
front_greet(struct conn *c)
{
	if (c->flags & CONN_GREETED)
		return;
	c->flags |= CONN_GREETED;
	front_text_banner(c);
}

void
front_joined(struct user *u, struct channel *ch)
{
	if (u->conn != NULL && u->conn->front != NULL)
		u->conn->front->joined(u, ch);
}

void
front_welcome(struct user *u)
{
	if (u->conn != NULL && u->conn->front != NULL)
		u->conn->front->welcome(u);
}

int
front_is_text(struct user *u)
{
	return (u->conn != NULL && u->conn->front == &front_text);
}
