/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The IRC message parser (RFC 1459 section 2.3, RFC 2812 section 2.3.1,
 * IRCv3 message-tags).  It cuts the line in place: each field becomes a
 * NUL-terminated string inside the caller's buffer.  Runs of spaces
 * separate fields; a parameter starting with ':' takes the rest of the
 * line, and so does the fifteenth parameter with or without the ':'.
 */

#include <ctype.h>
#include <string.h>

#include "msg.h"

static char *
msg_skip_spaces(char *p)
{
	while (*p == ' ')
		p++;
	return (p);
}

/* Cut the word at p and return where the next one may start. */
static char *
msg_cut_word(char *p)
{
	while (*p != '\0' && *p != ' ')
		p++;
	if (*p == ' ')
		*p++ = '\0';
	return (msg_skip_spaces(p));
}

/* Parse line into m; return 0, or -1 if there is no command. */
int
msg_parse(char *line, struct msg *m)
{
	char	*p = msg_skip_spaces(line), *q;

	m->tags = m->prefix = m->cmd = NULL;
	m->nparams = 0;

	if (*p == '@') {
		m->tags = p + 1;
		p = msg_cut_word(p);
	}
	if (*p == ':') {
		m->prefix = p + 1;
		p = msg_cut_word(p);
	}
	if (*p == '\0')
		return (-1);
	m->cmd = p;
	p = msg_cut_word(p);
	for (q = m->cmd; *q != '\0'; q++)
		*q = toupper((unsigned char)*q);

	while (*p != '\0') {
		if (*p == ':' || m->nparams == MSG_MAXPARAMS - 1) {
			if (*p == ':')
				p++;
			m->params[m->nparams++] = p;
			break;
		}
		m->params[m->nparams++] = p;
		p = msg_cut_word(p);
	}
	return (0);
}

/*
 * Step through raw tags: return the next key and set *value to its raw
 * (still escaped) value, or to NULL when it has none.  *cursor starts at
 * msg->tags and is advanced; NULL at the end.
 */
char *
msg_tag_next(char **cursor, char **value)
{
	char	*key = *cursor, *p;

	if (key == NULL || *key == '\0')
		return (NULL);
	if ((p = strchr(key, ';')) != NULL) {
		*p = '\0';
		*cursor = p + 1;
	} else
		*cursor = NULL;
	if ((p = strchr(key, '=')) != NULL) {
		*p = '\0';
		*value = p + 1;
	} else
		*value = NULL;
	return (key);
}

/* Length of the tags section of a raw line, '@' and space included. */
size_t
msg_tags_len(const char *line)
{
	const char	*p;

	if (*line != '@')
		return (0);
	if ((p = strchr(line, ' ')) == NULL)
		return (strlen(line));
	while (*p == ' ')
		p++;
	return (p - line);
}
