/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Tests of the message parser: commands with and without prefix and
 * tags, middle and trailing parameters, runs of spaces, the fifteenth
 * parameter taking the rest of the line, lines with no command, and the
 * tag iterator and tag-length helpers; and the UTF-8 checks that
 * UTF8ONLY uses, and cutting text without splitting a character.
 */

#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "test.h"
#include "utf8.h"

/*
 * Parse with the fields poisoned first: params msg_parse does not set
 * read as NULL rather than garbage, and a field it forgets to reset
 * reads as "(stale)".
 */
static int
parse(char *line, struct msg *m)
{
	static char	 stale[] = "(stale)";
	int		 i;

	m->tags = m->prefix = m->cmd = stale;
	m->nparams = -1;
	for (i = 0; i < MSG_MAXPARAMS; i++)
		m->params[i] = NULL;
	return (msg_parse(line, m));
}

static void
test_plain(void)
{
	char		 line[] = "PING";
	struct msg	 m;

	CHECK_INT(parse(line, &m), 0);
	CHECK_STR(m.tags, NULL);
	CHECK_STR(m.prefix, NULL);
	CHECK_STR(m.cmd, "PING");
	CHECK_INT(m.nparams, 0);
}

static void
test_lower(void)
{
	char		 line[] = "privMsg #chan hello";
	struct msg	 m;

	CHECK_INT(parse(line, &m), 0);
	CHECK_STR(m.cmd, "PRIVMSG");
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[0], "#chan");
	CHECK_STR(m.params[1], "hello");
}

static void
test_prefix(void)
{
	char		 line[] = ":nick!user@host PRIVMSG #c :hi there";
	struct msg	 m;

	CHECK_INT(parse(line, &m), 0);
	CHECK_STR(m.tags, NULL);
	CHECK_STR(m.prefix, "nick!user@host");
	CHECK_STR(m.cmd, "PRIVMSG");
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[0], "#c");
	CHECK_STR(m.params[1], "hi there");
}

static void
test_no_command(void)
{
	char		 tags[] = "@a=b", tagspace[] = "@a=b   ";
	char		 prefix[] = ":nick", both[] = "@a=b :nick";
	char		 empty[] = "", spaces[] = "     ";
	struct msg	 m;

	CHECK_INT(parse(tags, &m), -1);
	CHECK_STR(m.tags, "a=b");
	CHECK_STR(m.cmd, NULL);
	CHECK_INT(parse(tagspace, &m), -1);
	CHECK_INT(parse(prefix, &m), -1);
	CHECK_STR(m.prefix, "nick");
	CHECK_INT(parse(both, &m), -1);
	CHECK_INT(parse(empty, &m), -1);
	CHECK_STR(m.cmd, NULL);
	CHECK_INT(m.nparams, 0);
	CHECK_INT(parse(spaces, &m), -1);
	CHECK_INT(m.nparams, 0);
}

static void
test_tags_prefix(void)
{
	char		 line[] =
	    "@time=2024-01-01T00:00:00Z;+draft/x :n!u@h notice   me :a b";
	struct msg	 m;

	CHECK_INT(parse(line, &m), 0);
	CHECK_STR(m.tags, "time=2024-01-01T00:00:00Z;+draft/x");
	CHECK_STR(m.prefix, "n!u@h");
	CHECK_STR(m.cmd, "NOTICE");
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[0], "me");
	CHECK_STR(m.params[1], "a b");
}

static void
test_trailing(void)
{
	char		 empty[] = "PRIVMSG #c :";
	char		 colon[] = "PRIVMSG #c :a :b  c: d  ";
	char		 middle[] = "MODE a:b c";
	char		 only[] = "QUIT :";
	char		 spaces[] = "PRIVMSG #c :   ";
	struct msg	 m;

	CHECK_INT(parse(empty, &m), 0);
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[0], "#c");
	CHECK_STR(m.params[1], "");

	CHECK_INT(parse(colon, &m), 0);
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[1], "a :b  c: d  ");

	CHECK_INT(parse(middle, &m), 0);
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[0], "a:b");
	CHECK_STR(m.params[1], "c");

	CHECK_INT(parse(only, &m), 0);
	CHECK_INT(m.nparams, 1);
	CHECK_STR(m.params[0], "");

	CHECK_INT(parse(spaces, &m), 0);
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[1], "   ");
}

static void
test_spaces(void)
{
	char		 lead[] = "   :pfx   JOIN   #a   #b   ";
	char		 runs[] = "USER  a    0  *  :Real  Name";
	struct msg	 m;

	CHECK_INT(parse(lead, &m), 0);
	CHECK_STR(m.prefix, "pfx");
	CHECK_STR(m.cmd, "JOIN");
	CHECK_INT(m.nparams, 2);
	CHECK_STR(m.params[0], "#a");
	CHECK_STR(m.params[1], "#b");

	CHECK_INT(parse(runs, &m), 0);
	CHECK_STR(m.cmd, "USER");
	CHECK_INT(m.nparams, 4);
	CHECK_STR(m.params[0], "a");
	CHECK_STR(m.params[1], "0");
	CHECK_STR(m.params[2], "*");
	CHECK_STR(m.params[3], "Real  Name");
}

static void
test_many(void)
{
	char		 line[256], want[16];
	struct msg	 m;
	int		 i;

	/* Twenty words: fourteen params, then the fifteenth has the rest. */
	strlcpy(line, "CMD", sizeof line);
	for (i = 1; i <= 20; i++) {
		snprintf(want, sizeof want, " p%d", i);
		strlcat(line, want, sizeof line);
	}
	CHECK_INT(parse(line, &m), 0);
	CHECK_INT(m.nparams, MSG_MAXPARAMS);
	for (i = 0; i < MSG_MAXPARAMS - 1; i++) {
		snprintf(want, sizeof want, "p%d", i + 1);
		CHECK_STR(m.params[i], want);
	}
	CHECK_STR(m.params[14], "p15 p16 p17 p18 p19 p20");

	/* Fourteen middles and a trailing: the ':' is stripped. */
	strlcpy(line, "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :last one",
	    sizeof line);
	CHECK_INT(parse(line, &m), 0);
	CHECK_INT(m.nparams, 15);
	CHECK_STR(m.params[13], "14");
	CHECK_STR(m.params[14], "last one");

	/* The fifteenth without ':' keeps its inner colons and spaces. */
	strlcpy(line, "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 a :b  c",
	    sizeof line);
	CHECK_INT(parse(line, &m), 0);
	CHECK_INT(m.nparams, 15);
	CHECK_STR(m.params[14], "a :b  c");

	/* Exactly fifteen words: all fifteen, nothing more. */
	strlcpy(line, "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15", sizeof line);
	CHECK_INT(parse(line, &m), 0);
	CHECK_INT(m.nparams, 15);
	CHECK_STR(m.params[14], "15");
}

static void
test_tag_next(void)
{
	char		 line[] = "@a=1;b;c=;d=x\\sy COMMAND";
	char		*cursor, *key, *value = NULL;
	struct msg	 m;

	CHECK_INT(parse(line, &m), 0);
	CHECK_STR(m.cmd, "COMMAND");
	cursor = m.tags;

	key = msg_tag_next(&cursor, &value);
	CHECK_STR(key, "a");
	CHECK_STR(value, "1");
	key = msg_tag_next(&cursor, &value);
	CHECK_STR(key, "b");
	CHECK(value == NULL);
	key = msg_tag_next(&cursor, &value);
	CHECK_STR(key, "c");
	CHECK_STR(value, "");
	key = msg_tag_next(&cursor, &value);
	CHECK_STR(key, "d");
	CHECK_STR(value, "x\\sy");
	CHECK(cursor == NULL);
	CHECK(msg_tag_next(&cursor, &value) == NULL);

	cursor = NULL;
	CHECK(msg_tag_next(&cursor, &value) == NULL);
	cursor = line + sizeof line - 1;	/* An empty string. */
	CHECK(msg_tag_next(&cursor, &value) == NULL);
}

static void
test_tags_len(void)
{
	CHECK_INT(msg_tags_len("PRIVMSG #c :hi"), 0);
	CHECK_INT(msg_tags_len(":p PRIVMSG #c :@hi"), 0);
	CHECK_INT(msg_tags_len(""), 0);
	CHECK_INT(msg_tags_len("@a=b PING"), 5);
	CHECK_INT(msg_tags_len("@a=b;c   PING"), 9);
	CHECK_INT(msg_tags_len("@a=b"), 4);
	CHECK_INT(msg_tags_len("@"), 1);
}

static void
test_utf8(void)
{
	static const struct {
		const char	*s;
		int		 ok;
	} cases[] = {
		{ "plain ASCII", 1 },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 1 },
		{ "latin-1 caf\xe9", 0 },		/* a lone lead byte */
		{ "\x80", 0 },				/* a lone continuation */
		{ "\xc0\xaf", 0 },			/* overlong '/' */
		{ "\xe0\x80\xaf", 0 },		/* overlong too */
		{ "\xed\xa0\x80", 0 },		/* a surrogate */
		{ "\xf4\x90\x80\x80", 0 },		/* past U+10FFFF */
		{ "\xe2\x82", 0 },			/* cut short */
		{ "\xf0\x9f\x98", 0 },
	};
	size_t	 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_INT(utf8_valid(cases[i].s, strlen(cases[i].s)),
		    cases[i].ok);
	/* "ab" then a euro sign (3 bytes): cut at 3 or 4 keeps "ab". */
	CHECK_INT(utf8_cut("ab\xe2\x82\xac", 10), 5);
	CHECK_INT(utf8_cut("ab\xe2\x82\xac", 5), 5);
	CHECK_INT(utf8_cut("ab\xe2\x82\xac", 4), 2);
	CHECK_INT(utf8_cut("ab\xe2\x82\xac", 3), 2);
	CHECK_INT(utf8_cut("ab\xe2\x82\xacz", 5), 5);
	CHECK_INT(utf8_cut("abcdef", 3), 3);
	/* Not UTF-8 where the cut falls: cut where asked. */
	CHECK_INT(utf8_cut("ab\xe9\xe9\xe9", 3), 3);
}

int
main(void)
{
	test_plain();
	test_lower();
	test_prefix();
	test_no_command();
	test_tags_prefix();
	test_trailing();
	test_spaces();
	test_many();
	test_tag_next();
	test_tags_len();
	test_utf8();
	return (DONE());
}
