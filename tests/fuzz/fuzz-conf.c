/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fuzz target: the configuration reader (conf.c), on a file held in
 * memory.  A file that is refused must change nothing (the settings
 * and operators dumped before and after are the same) and say where
 * and why ("name:line: reason").  A file that is taken must leave every
 * number within the table's bounds, every operator complete, and
 * conf_dump's output must read back to the same settings.
 */

#include <string.h>

#include "conf.h"
#include "io.h"

#include "fuzz.h"

#define FUZZ_CONF_MAX	65536

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	conf_defaults();
	return (0);
}

/* conf_dump into a string the caller frees. */
static char *
fuzz_dump(size_t *len)
{
	char	*s = NULL;
	FILE	*f;

	if ((f = open_memstream(&s, len)) == NULL)
		abort();
	conf_dump(f);
	fclose(f);
	return (s);
}

static int
fuzz_load(const void *data, size_t size, char *err, size_t errlen)
{
	FILE	*f;
	int	 rc;

	/* fmemopen wants at least a byte; an empty file is "". */
	if ((f = fmemopen(size > 0 ? (void *)data : "", size > 0 ? size : 1,
	    "r")) == NULL)
		abort();
	if (size == 0)
		(void)fgetc(f);
	rc = conf_load_stream(f, "fuzz.conf", err, errlen);
	fclose(f);
	return (rc);
}

static void
fuzz_check_bounds(void)
{
	const struct conf_entry	*ce;
	const struct conf_oper	*o;
	const char		*base = (const char *)&conf;
	long			 n;
	size_t			 i;

	for (i = 0; i < conf_table_len; i++) {
		ce = &conf_table[i];
		switch (ce->type) {
		case CONF_NUMBER:
			n = *(const long *)(base + ce->off);
			FUZZ_ASSERT(n >= ce->min && n <= ce->max);
			break;
		case CONF_BOOL:
			n = *(const int *)(base + ce->off);
			FUZZ_ASSERT(n == 0 || n == 1);
			break;
		case CONF_STRING:
			FUZZ_ASSERT(*(char *const *)(base + ce->off) != NULL);
			break;
		}
	}
	TAILQ_FOREACH(o, &conf_opers, entry) {
		FUZZ_ASSERT(o->name != NULL && o->name[0] != '\0');
		/* A password, a certificate or both (TLS's certfp). */
		FUZZ_ASSERT(o->password_hash != NULL || o->certfp != NULL);
		FUZZ_ASSERT(o->host != NULL);
		FUZZ_ASSERT(o->certfp == NULL ||
		    strlen(o->certfp) == IO_CERTFP_LEN - 1);
		FUZZ_ASSERT(o->kind != CONF_OPERATOR ||
		    conf_oper_find(o->name) != NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 err[512], *before, *after, *again;
	size_t	 blen, alen, glen;
	int	 rc;

	if (size > FUZZ_CONF_MAX)
		return (0);
	conf_defaults();
	FUZZ_ASSERT(fuzz_load("", 0, err, sizeof err) == 0);
	before = fuzz_dump(&blen);

	err[0] = '\0';
	rc = fuzz_load(data, size, err, sizeof err);
	after = fuzz_dump(&alen);
	if (rc != 0) {
		/* Refused: nothing changed, and the error says where. */
		FUZZ_ASSERT(strncmp(err, "fuzz.conf:", 10) == 0);
		FUZZ_ASSERT(blen == alen && memcmp(before, after, blen) == 0);
	} else {
		fuzz_check_bounds();
		/* What conf_dump writes reads back to the same settings. */
		conf_defaults();
		if (fuzz_load(after, alen, err, sizeof err) != 0)
			FUZZ_FAIL(err);
		again = fuzz_dump(&glen);
		FUZZ_ASSERT(glen == alen && memcmp(after, again, alen) == 0);
		free(again);
	}
	free(before);
	free(after);
	return (0);
}
