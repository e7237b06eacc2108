/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The message of the day: motd_file if it is set and can be read, else
 * the motd setting with "\n" splitting lines.  Lines longer than an RFC
 * line can carry are cut at MOTD_LINE_MAX bytes; at most MOTD_LINES
 * lines are kept.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "motd.h"
#include "xmalloc.h"

#define MOTD_LINE_MAX	400	/* bytes of one 372 line */
#define MOTD_LINES	1000

static char	**motd;
static size_t	  motd_len;

void
motd_free(void)
{
	while (motd_len > 0)
		free(motd[--motd_len]);
	free(motd);
	motd = NULL;
}

static void
motd_add(const char *line, size_t n)
{
	if (motd_len == MOTD_LINES)
		return;
	if (n > MOTD_LINE_MAX)
		n = MOTD_LINE_MAX;
	motd = xrealloc(motd, (motd_len + 1) * sizeof *motd);
	motd[motd_len++] = xstrndup(line, n);
}

/* Read the message of the day anew. */
void
motd_load(void)
{
	FILE		*f;
	char		*line = NULL;
	const char	*p, *q;
	size_t		 size = 0;
	ssize_t		 n;

	motd_free();
	if (conf.motd_file[0] != '\0') {
		if ((f = fopen(conf.motd_file, "r")) != NULL) {
			while ((n = getline(&line, &size, f)) != -1)
				motd_add(line, strcspn(line, "\r\n"));
			free(line);
			fclose(f);
			return;
		}
		log_warn("motd_file %s", conf.motd_file);
	}
	if (conf.motd[0] == '\0')
		return;
	for (p = conf.motd; p != NULL; p = q) {
		if ((q = strstr(p, "\\n")) != NULL) {
			motd_add(p, q - p);
			q += 2;
		} else
			motd_add(p, strlen(p));
	}
}

size_t
motd_lines(void)
{
	return (motd_len);
}

const char *
motd_line(size_t i)
{
	return (i < motd_len ? motd[i] : NULL);
}
