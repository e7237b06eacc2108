/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Tests of rfc1459 case mapping: every byte's folded form (A-Z and
 * []\~ fold to a-z and {}|^, nothing else changes, and folding never
 * turns {}|^ back), casemap_fold into small buffers, casemap_cmp
 * equality and ordering, and casemap_match wildcards.
 */

#include <string.h>

#include "casemap.h"
#include "test.h"

static void
test_table(void)
{
	int	 c, want, bad = 0;

	for (c = 0; c < 256; c++) {
		if (c >= 'A' && c <= 'Z')
			want = c - 'A' + 'a';
		else if (c == '[')
			want = '{';
		else if (c == ']')
			want = '}';
		else if (c == '\\')
			want = '|';
		else if (c == '~')
			want = '^';
		else
			want = c;
		if (casemap_lower(c) != want) {
			printf("byte 0x%02x folds to 0x%02x, expected 0x%02x\n",
			    c, casemap_lower(c), want);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(casemap_lower('{'), '{');
	CHECK_INT(casemap_lower('}'), '}');
	CHECK_INT(casemap_lower('|'), '|');
	CHECK_INT(casemap_lower('^'), '^');
	CHECK_INT(casemap_lower('['), '{');
	CHECK_INT(casemap_lower('~'), '^');
	CHECK_INT(casemap_lower((char)0xc9), 0xc9);	/* Not Latin-1. */
	CHECK_STR(CASEMAP_NAME, "rfc1459");
}

static void
test_fold(void)
{
	char	 buf[64];

	casemap_fold(buf, "Nick[A]\\~Z", sizeof buf);
	CHECK_STR(buf, "nick{a}|^z");
	casemap_fold(buf, "nick{a}|^z", sizeof buf);
	CHECK_STR(buf, "nick{a}|^z");
	casemap_fold(buf, "", sizeof buf);
	CHECK_STR(buf, "");

	/* Truncated to size - 1 bytes, always terminated. */
	memset(buf, 'X', sizeof buf);
	casemap_fold(buf, "ABCDEF", 4);
	CHECK_STR(buf, "abc");
	CHECK(buf[4] == 'X');
	memset(buf, 'X', sizeof buf);
	casemap_fold(buf, "ABCDEF", 1);
	CHECK_STR(buf, "");
	CHECK(buf[1] == 'X');
	memset(buf, 'X', sizeof buf);
	casemap_fold(buf, "ABCDEF", 0);		/* Writes nothing. */
	CHECK(buf[0] == 'X');
	casemap_fold(buf, "ABC", 4);		/* Exactly fits. */
	CHECK_STR(buf, "abc");
	casemap_fold(buf, "ABC", 7);
	CHECK_STR(buf, "abc");

	/* In place. */
	strlcpy(buf, "#Chan[X]", sizeof buf);
	casemap_fold(buf, buf, sizeof buf);
	CHECK_STR(buf, "#chan{x}");
}

static int
sign(int n)
{
	return ((n > 0) - (n < 0));
}

static void
test_cmp(void)
{
	CHECK_INT(casemap_cmp("Nick[a]", "nick{A}"), 0);
	CHECK_INT(casemap_cmp("A\\B~", "a|b^"), 0);
	CHECK_INT(casemap_cmp("", ""), 0);
	CHECK_INT(casemap_cmp("same", "same"), 0);
	CHECK_INT(sign(casemap_cmp("abc", "abd")), -1);
	CHECK_INT(sign(casemap_cmp("ABD", "abc")), 1);
	CHECK_INT(sign(casemap_cmp("ab", "abc")), -1);
	CHECK_INT(sign(casemap_cmp("abc", "AB")), 1);
	CHECK_INT(sign(casemap_cmp("", "a")), -1);
	/* '[' sorts as '{', after every letter. */
	CHECK_INT(sign(casemap_cmp("[", "z")), 1);
	CHECK_INT(sign(casemap_cmp("Z", "[")), -1);
	/* Bytes above 0x7f compare as unsigned. */
	CHECK_INT(sign(casemap_cmp("\xe9", "z")), 1);
}

static void
test_match(void)
{
	CHECK_INT(casemap_match("*", "anything"), 1);
	CHECK_INT(casemap_match("*", ""), 1);
	CHECK_INT(casemap_match("***", ""), 1);
	CHECK_INT(casemap_match("***", "abc"), 1);
	CHECK_INT(casemap_match("", ""), 1);
	CHECK_INT(casemap_match("", "a"), 0);
	CHECK_INT(casemap_match("a", ""), 0);
	CHECK_INT(casemap_match("?", ""), 0);
	CHECK_INT(casemap_match("?", "x"), 1);
	CHECK_INT(casemap_match("?", "xy"), 0);
	CHECK_INT(casemap_match("a?c", "abc"), 1);
	CHECK_INT(casemap_match("a?c", "ac"), 0);
	CHECK_INT(casemap_match("abc", "abc"), 1);
	CHECK_INT(casemap_match("abc", "abcd"), 0);
	CHECK_INT(casemap_match("abc", "ab"), 0);
	CHECK_INT(casemap_match("a*", "a"), 1);
	CHECK_INT(casemap_match("*a", "bba"), 1);
	CHECK_INT(casemap_match("*a", "ab"), 0);
	CHECK_INT(casemap_match("a*b*c", "abc"), 1);
	CHECK_INT(casemap_match("a*b*c", "aXbYc"), 1);
	CHECK_INT(casemap_match("a*b*c", "abbbcbc"), 1);
	CHECK_INT(casemap_match("a*b*c", "acb"), 0);
	CHECK_INT(casemap_match("a*b*c", "abcd"), 0);
	CHECK_INT(casemap_match("*a*a*a", "aaa"), 1);
	CHECK_INT(casemap_match("*a*a*a", "aa"), 0);
	CHECK_INT(casemap_match("*?", "x"), 1);
	CHECK_INT(casemap_match("*??", "x"), 0);
	CHECK_INT(casemap_match("*!*@host", "nick!user@host"), 1);
	CHECK_INT(casemap_match("*!*@host", "nick!user@host.org"), 0);
	CHECK_INT(casemap_match("*!*@host", "nick!user@otherhost"), 0);
	CHECK_INT(casemap_match("*!*@host", "nickuser@host"), 0);
	CHECK_INT(casemap_match("*!*@*.example.org", "n!u@a.b.EXAMPLE.org"),
	    1);
	/* Case-insensitive both ways, rfc1459 pairs included. */
	CHECK_INT(casemap_match("NICK[*]", "nick{away}"), 1);
	CHECK_INT(casemap_match("nick{*}", "NICK[AWAY]"), 1);
	CHECK_INT(casemap_match("a~b", "A^B"), 1);
	CHECK_INT(casemap_match("Nick", "nicks"), 0);
}

int
main(void)
{
	test_table();
	test_fold();
	test_cmp();
	test_match();
	return (DONE());
}
