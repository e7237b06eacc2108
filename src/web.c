/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The web page: the regular files of one directory with a type natterd
 * knows, read whole into memory (web_load, at start and on REHASH) and
 * served from there by the WebSocket transport's HTTP side.  The
 * directory is the web_dir setting; without it, the web/ of the source
 * tree when natterd runs from its build tree (tests, trying it out),
 * else the one "make install" fills under the package data directory.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "web.h"
#include "xmalloc.h"

static struct web_file	web_files[WEB_FILES_MAX];
static size_t		web_nfiles;

static const struct {
	const char	*ext;
	const char	*type;
} web_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".webmanifest", "application/manifest+json" },
};

static const char *
web_type(const char *name)
{
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	if (dot == NULL || dot == name)
		return (NULL);
	for (i = 0; i < sizeof web_types / sizeof web_types[0]; i++)
		if (strcmp(dot, web_types[i].ext) == 0)
			return (web_types[i].type);
	return (NULL);
}

/* The directory the page comes from. */
const char *
web_dir(void)
{
	char	 exe[PATH_MAX];
	ssize_t	 n;

	if (conf.web_dir[0] != '\0')
		return (conf.web_dir);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if (strcmp(exe, NATTER_BUILD_EXE) == 0)
			return (NATTER_SOURCE_WEBDIR);
	}
	return (NATTER_WEBDIR);
}

void
web_unload(void)
{
	while (web_nfiles > 0) {
		web_nfiles--;
		free(web_files[web_nfiles].path);
		free(web_files[web_nfiles].data);
	}
}

/* Read one file whole into f; 0, or -1 with errno. */
static int
web_read(int dirfd, const char *name, struct web_file *f)
{
	struct stat	 st;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > WEB_FILE_MAX) {
		if (errno == 0)
			errno = S_ISREG(st.st_mode) ? EFBIG : EISDIR;
		close(fd);
		return (-1);
	}
	f->data = xmalloc(st.st_size > 0 ? st.st_size : 1);
	while (got < (size_t)st.st_size &&
	    (n = read(fd, f->data + got, st.st_size - got)) > 0)
		got += n;
	close(fd);
	f->len = got;
	return (0);
}

/*
 * Read the page's files anew.  0, or -1 with err when the directory
 * cannot be read (no page is served then; WebSocket still works).
 */
int
web_load(char *err, size_t errlen)
{
	struct dirent	*de;
	struct web_file	*f;
	const char	*dir = web_dir(), *type;
	DIR		*d;
	int		 dfd;

	web_unload();
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "web_dir: %s: %s", dir, strerror(errno));
		return (-1);
	}
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL && web_nfiles < WEB_FILES_MAX) {
		if (de->d_name[0] == '.' || (type = web_type(de->d_name)) ==
		    NULL)
			continue;
		f = &web_files[web_nfiles];
		memset(f, 0, sizeof *f);
		errno = 0;
		if (web_read(dfd, de->d_name, f) != 0) {
			log_warnx("web_dir: %s/%s: %s", dir, de->d_name,
			    strerror(errno));
			continue;
		}
		f->type = type;
		if (strcmp(de->d_name, "index.html") == 0)
			f->path = xstrdup("/");
		else
			xasprintf(&f->path, "/%s", de->d_name);
		web_nfiles++;
	}
	closedir(d);
	return (0);
}

/* The file served at path, or NULL. */
const struct web_file *
web_find(const char *path)
{
	size_t	 i;

	for (i = 0; i < web_nfiles; i++)
		if (strcmp(web_files[i].path, path) == 0)
			return (&web_files[i]);
	if (strcmp(path, "/index.html") == 0)
		return (web_find("/"));
	return (NULL);
}
