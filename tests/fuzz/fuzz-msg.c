/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fuzz target: the IRC message parser (msg.c).  The input is one line
 * as the connection hands it over (NUL-terminated, without its ending;
 * it may hold a NUL of its own).  Besides surviving it, the parser must
 * keep its promises: every field lies inside the line, the command is
 * a non-empty word in capitals, at most 15 parameters of which only the
 * last may hold a space or be empty, msg_tags_len and front_line_ok
 * agree with the line, and msg_tag_next walks the tags to their end.
 * A parsed line written out again ("@tags :prefix CMD p1 ... :last")
 * parses to the same fields.
 */

#include <string.h>

#include "conf.h"
#include "front.h"
#include "msg.h"

#include "fuzz.h"

#define FUZZ_LINE_MAX	65536

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	conf_defaults();
	return (0);
}

/* Is p a string inside line[0..len]? */
static int
fuzz_inside(const char *p, const char *line, size_t len)
{
	return (p >= line && p <= line + len && p + strlen(p) <= line + len);
}

static void
fuzz_check_msg(const struct msg *m, const char *line, size_t len)
{
	const char	*q;
	int		 i;

	FUZZ_ASSERT(m->cmd != NULL && m->cmd[0] != '\0');
	FUZZ_ASSERT(fuzz_inside(m->cmd, line, len));
	FUZZ_ASSERT(strchr(m->cmd, ' ') == NULL);
	for (q = m->cmd; *q != '\0'; q++)
		FUZZ_ASSERT(*q < 'a' || *q > 'z');
	FUZZ_ASSERT(m->nparams >= 0 && m->nparams <= MSG_MAXPARAMS);
	for (i = 0; i < m->nparams; i++) {
		FUZZ_ASSERT(fuzz_inside(m->params[i], line, len));
		if (i < m->nparams - 1) {
			FUZZ_ASSERT(m->params[i][0] != '\0');
			FUZZ_ASSERT(m->params[i][0] != ':');
			FUZZ_ASSERT(strchr(m->params[i], ' ') == NULL);
		}
	}
	if (m->tags != NULL) {
		FUZZ_ASSERT(fuzz_inside(m->tags, line, len));
		FUZZ_ASSERT(strchr(m->tags, ' ') == NULL);
	}
	if (m->prefix != NULL) {
		FUZZ_ASSERT(fuzz_inside(m->prefix, line, len));
		FUZZ_ASSERT(strchr(m->prefix, ' ') == NULL);
	}
}

/* Walk the tags of m: each key and value inside the line, and an end. */
static void
fuzz_walk_tags(char *tags, const char *line, size_t len)
{
	char	*cursor = tags, *key, *value;
	size_t	 n = 0;

	while ((key = msg_tag_next(&cursor, &value)) != NULL) {
		FUZZ_ASSERT(fuzz_inside(key, line, len));
		FUZZ_ASSERT(strchr(key, ';') == NULL);
		if (value != NULL) {
			FUZZ_ASSERT(fuzz_inside(value, line, len));
			FUZZ_ASSERT(strchr(value, ';') == NULL);
		}
		FUZZ_ASSERT(++n <= len);
	}
}

/* Write m out as a line again: "@tags :prefix CMD p1 ... :last". */
static size_t
fuzz_format(const struct msg *m, char *buf, size_t size)
{
	size_t	 n = 0;
	int	 i;

#define PUT(s) do {							\
	size_t put_len = strlen(s);					\
	FUZZ_ASSERT(n + put_len < size);				\
	memcpy(buf + n, (s), put_len);					\
	n += put_len;							\
} while (0)
	if (m->tags != NULL) {
		PUT("@");
		PUT(m->tags);
		PUT(" ");
	}
	if (m->prefix != NULL) {
		PUT(":");
		PUT(m->prefix);
		PUT(" ");
	}
	PUT(m->cmd);
	for (i = 0; i < m->nparams; i++) {
		PUT(i == m->nparams - 1 ? " :" : " ");
		PUT(m->params[i]);
	}
#undef PUT
	buf[n] = '\0';
	return (n);
}

static int
fuzz_same(const char *a, const char *b)
{
	return (a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msg	 m, again;
	char		*line, *copy;
	size_t		 len, tlen, clen;
	int		 i;

	if (size > FUZZ_LINE_MAX)
		return (0);
	line = malloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	len = strlen(line);

	tlen = msg_tags_len(line);
	FUZZ_ASSERT(tlen <= len);
	FUZZ_ASSERT(tlen == 0 || line[0] == '@');
	(void)front_line_ok(line, size);

	if (msg_parse(line, &m) != 0) {
		FUZZ_ASSERT(m.cmd == NULL);
		free(line);
		return (0);
	}
	fuzz_check_msg(&m, line, len);

	/* Parse what it writes out: the same fields. */
	copy = malloc(len + 2 * MSG_MAXPARAMS + 8);
	clen = fuzz_format(&m, copy, len + 2 * MSG_MAXPARAMS + 8);
	FUZZ_ASSERT(msg_parse(copy, &again) == 0);
	fuzz_check_msg(&again, copy, clen);
	FUZZ_ASSERT(fuzz_same(m.tags, again.tags));
	FUZZ_ASSERT(fuzz_same(m.prefix, again.prefix));
	FUZZ_ASSERT(strcmp(m.cmd, again.cmd) == 0);
	FUZZ_ASSERT(m.nparams == again.nparams);
	for (i = 0; i < m.nparams; i++)
		FUZZ_ASSERT(strcmp(m.params[i], again.params[i]) == 0);
	free(copy);

	if (m.tags != NULL)
		fuzz_walk_tags(m.tags, line, len);
	free(line);
	return (0);
}
