/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Invariants of the tables that drive the server: the command table is
 * sorted strictly by name and every name is upper case, so cmd_find's
 * binary search finds each entry; the settings table is sorted, every
 * default is accepted by conf_set and lies within its bounds, and
 * conf_set refuses unknown names, bad numbers and values out of range;
 * the capability table is sorted too, with one flag per capability.
 */

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cap.h"
#include "cmd.h"
#include "conf.h"
#include "test.h"


static void
test_cmd_table(void)
{
	const struct cmd_entry	*ce;
	const char		*p;
	unsigned		 i;
	int			 upper;

	CHECK(cmd_table_len > 0);
	for (i = 0; i < cmd_table_len; i++) {
		ce = &cmd_table[i];
		if (i > 0 && strcmp(cmd_table[i - 1].name, ce->name) >= 0)
			TEST_FAIL("cmd_table: %s is not after %s", ce->name,
			    cmd_table[i - 1].name);
		else
			test_passed++;
		upper = *ce->name != '\0';
		for (p = ce->name; *p != '\0'; p++) {
			if (!isupper((unsigned char)*p))
				upper = 0;
		}
		if (!upper)
			TEST_FAIL("cmd_table: %s is not upper case", ce->name);
		else
			test_passed++;
		CHECK(ce->fn != NULL);
		CHECK(ce->min >= 0 && ce->min <= 15);
		CHECK(ce->who != 0);
		CHECK(cmd_uses(ce) == 0);
		if (cmd_find(ce->name) != ce)
			TEST_FAIL("cmd_find(\"%s\") misses it", ce->name);
		else
			test_passed++;
	}
	CHECK(cmd_find("FOO") == NULL);
	CHECK(cmd_find("") == NULL);
	CHECK(cmd_find("privmsg") == NULL);	/* msg_parse upper-cases. */
	CHECK(cmd_find("PRIVMSGX") == NULL);
	ce = cmd_find("NICK");
	CHECK(ce != NULL && (ce->who & CMD_UNREG));
	ce = cmd_find("JOIN");
	CHECK(ce != NULL && !(ce->who & CMD_UNREG));
	ce = cmd_find("USER");
	CHECK(ce != NULL && ce->min == 4);
}

static long
conf_number(const struct conf_entry *ce)
{
	return (*(const long *)((const char *)&conf + ce->off));
}

static void
test_cap_table(void)
{
	unsigned	 i, seen = 0;

	CHECK(cap_table_len > 0);
	for (i = 0; i < cap_table_len; i++) {
		if (i > 0 && strcmp(cap_table[i - 1].name,
		    cap_table[i].name) >= 0)
			TEST_FAIL("cap_table: %s is not after %s",
			    cap_table[i].name, cap_table[i - 1].name);
		else
			test_passed++;
		if (cap_table[i].flag == 0 || (seen & cap_table[i].flag))
			TEST_FAIL("cap_table: %s shares a flag",
			    cap_table[i].name);
		else
			test_passed++;
		seen |= cap_table[i].flag;
		CHECK(cap_find(cap_table[i].name) == &cap_table[i]);
	}
	CHECK(cap_find("sasl") == NULL);
}

static void
test_conf_table(void)
{
	const struct conf_entry	*ce;
	const char		*errstr;
	char			 value[64];
	size_t			 i;
	long			 saved;

	/*
	 * This runs before conf_defaults(), which aborts on a bad table:
	 * here each entry sets its own default, so a broken one is named.
	 */
	CHECK(conf_table_len > 0);
	for (i = 0; i < conf_table_len; i++) {
		ce = &conf_table[i];
		if (i > 0 && strcmp(conf_table[i - 1].name, ce->name) >= 0)
			TEST_FAIL("conf_table: %s is not after %s", ce->name,
			    conf_table[i - 1].name);
		else
			test_passed++;
		CHECK(conf_find(ce->name) == ce);
		CHECK(ce->def != NULL && ce->help != NULL);
		CHECK(ce->off + sizeof(long) <= sizeof conf);

		errstr = NULL;
		if (conf_set(ce->name, ce->def, &errstr) != 0)
			TEST_FAIL("conf_table: %s default \"%s\": %s",
			    ce->name, ce->def, errstr);
		else
			test_passed++;
		if (ce->type != CONF_NUMBER)
			continue;

		CHECK(ce->min <= ce->max);
		saved = conf_number(ce);
		if (saved < ce->min || saved > ce->max)
			TEST_FAIL("conf_table: %s default %ld not in [%ld,%ld]",
			    ce->name, saved, ce->min, ce->max);
		else
			test_passed++;

		/* The bounds themselves are accepted. */
		snprintf(value, sizeof value, "%ld", ce->min);
		CHECK_INT(conf_set(ce->name, value, &errstr), 0);
		CHECK_INT(conf_number(ce), ce->min);
		snprintf(value, sizeof value, "%ld", ce->max);
		CHECK_INT(conf_set(ce->name, value, &errstr), 0);
		CHECK_INT(conf_number(ce), ce->max);

		/* One past either bound is refused and changes nothing. */
		errstr = NULL;
		snprintf(value, sizeof value, "%ld", ce->min - 1);
		CHECK_INT(conf_set(ce->name, value, &errstr), -1);
		CHECK_STR(errstr, "out of range");
		errstr = NULL;
		snprintf(value, sizeof value, "%ld", ce->max + 1);
		CHECK_INT(conf_set(ce->name, value, &errstr), -1);
		CHECK_STR(errstr, "out of range");
		CHECK_INT(conf_number(ce), ce->max);

		/* Not numbers. */
		errstr = NULL;
		CHECK_INT(conf_set(ce->name, "", &errstr), -1);
		CHECK_STR(errstr, "not a number");
		errstr = NULL;
		CHECK_INT(conf_set(ce->name, "12abc", &errstr), -1);
		CHECK_STR(errstr, "not a number");
		errstr = NULL;
		CHECK_INT(conf_set(ce->name, "ten", &errstr), -1);
		CHECK_STR(errstr, "not a number");
		errstr = NULL;
		CHECK_INT(conf_set(ce->name, "99999999999999999999999",
		    &errstr), -1);
		CHECK(errstr != NULL);
		CHECK_INT(conf_number(ce), ce->max);

		CHECK_INT(conf_set(ce->name, ce->def, &errstr), 0);
		CHECK_INT(conf_number(ce), saved);
	}
}

static void
test_conf_set(void)
{
	const char	*errstr;

	conf_defaults();
	CHECK_INT(conf.port, 6667);
	CHECK_STR(conf.server_name, "natter.local");
	CHECK_INT(conf.flood_control, 1);

	errstr = NULL;
	CHECK_INT(conf_set("no_such_setting", "1", &errstr), -1);
	CHECK(errstr != NULL);
	errstr = NULL;
	CHECK_INT(conf_set("", "1", &errstr), -1);
	CHECK(errstr != NULL);
	errstr = NULL;
	CHECK_INT(conf_set("PORT", "1", &errstr), -1);
	CHECK(errstr != NULL);
	CHECK(conf_find("no_such_setting") == NULL);

	CHECK_INT(conf_set("port", "-1", &errstr), -1);
	CHECK_INT(conf_set("port", "65536", &errstr), -1);
	CHECK_INT(conf_set("port", "0", &errstr), 0);
	CHECK_INT(conf.port, 0);

	errstr = NULL;
	CHECK_INT(conf_set("flood_control", "maybe", &errstr), -1);
	CHECK(errstr != NULL);
	CHECK_INT(conf_set("flood_control", "off", &errstr), 0);
	CHECK_INT(conf.flood_control, 0);
	CHECK_INT(conf_set("flood_control", "yes", &errstr), 0);
	CHECK_INT(conf.flood_control, 1);

	CHECK_INT(conf_set("network", "ExampleNet", &errstr), 0);
	CHECK_STR(conf.network, "ExampleNet");
	CHECK_INT(conf_set("network", "", &errstr), 0);
	CHECK_STR(conf.network, "");

	/* The sizes of fixed arrays bound the settings that fill them. */
	CHECK(conf_find("nick_len") != NULL &&
	    conf_find("nick_len")->max <= NICK_MAX);
	CHECK(conf_find("channel_len") != NULL &&
	    conf_find("channel_len")->max <= CHAN_MAX);
	CHECK(conf_find("topic_len") != NULL &&
	    conf_find("topic_len")->max <= TOPIC_MAX);
	conf_defaults();
}

int
main(void)
{
	test_cmd_table();
	test_cap_table();
	test_conf_table();
	if (test_failed == 0)
		test_conf_set();
	else
		printf("conf_set tests skipped: conf_defaults() would abort\n");
	return (DONE());
}
