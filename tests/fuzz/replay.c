/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The plain driver: runs a fuzz target's code on files, without
 * libFuzzer, so that make check replays every crash ever found (and the
 * seed corpus) on machines without clang.  Each argument is a file or a
 * directory of files; with none, the target's regress/ and corpus/
 * directories under $srcdir/tests/fuzz are read.  A crash or a failed
 * check aborts, as it does under the fuzzer; otherwise the last line is
 * "N passed, 0 failed", on standard error: the whole-server targets
 * send natterd's log (standard output) to /dev/null.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error FUZZ_TARGET names the target
#endif

static unsigned	replay_count;

static int
replay_file(const char *path)
{
	FILE	*f;
	uint8_t	*data = NULL;
	size_t	 size = 0, n;
	char	 chunk[65536];

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (-1);
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if ((data = realloc(data, size + n)) == NULL)
			abort();
		memcpy(data + size, chunk, n);
		size += n;
	}
	fclose(f);
	/* Like libFuzzer, hand over memory of exactly the input's size. */
	LLVMFuzzerTestOneInput(size > 0 ? data : (const uint8_t *)"", size);
	free(data);
	replay_count++;
	return (0);
}

static int
replay_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Every regular file of a directory, in name order; -1 if unreadable. */
static int
replay_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		**names = NULL, path[4096];
	size_t		 n = 0, i;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (n + 1) * sizeof *names)) == NULL ||
		    (names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, replay_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (replay_file(path) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return (rc);
}

static int
replay_path(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (-1);
	}
	return (S_ISDIR(st.st_mode) ? replay_dir(path) : replay_file(path));
}

int
main(int argc, char *argv[])
{
	const char	*srcdir = getenv("srcdir");
	const char	*kinds[] = { "regress", "corpus" };
	char		 path[4096];
	unsigned	 before;
	int		 i, failed = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay_path(argv[i]) != 0)
				failed++;
	} else {
		if (srcdir == NULL)
			srcdir = ".";
		for (i = 0; i < 2; i++) {
			snprintf(path, sizeof path, "%s/tests/fuzz/%s/%s",
			    srcdir, kinds[i], FUZZ_TARGET);
			before = replay_count;
			if (replay_path(path) != 0)
				failed++;
			fprintf(stderr, "%u inputs from %s\n",
			    replay_count - before, path);
		}
	}
	fprintf(stderr, "%u passed, %d failed\n", replay_count, failed);
	return (failed == 0 ? 0 : 1);
}
