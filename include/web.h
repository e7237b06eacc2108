/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The web chat page's files, read into memory at start and on REHASH,
 * so that serving one never touches the disk from the event loop.
 */

#ifndef WEB_H
#define WEB_H

#include <stddef.h>

#define WEB_FILES_MAX	64		/* files served from the directory */
#define WEB_FILE_MAX	(1024 * 1024)	/* bytes of one */

struct web_file {
	char		*path;		/* "/natter.js"; "/" is index.html */
	const char	*type;		/* Content-Type */
	char		*data;
	size_t		 len;
	char		*csp;		/* its own Content-Security-Policy */
};

int			 web_load(char *, size_t);
const char		*web_dir(void);
const struct web_file	*web_find(const char *);
void			 web_unload(void);

#endif
