/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The web page: the regular files of one directory with a type natterd
 * knows, read whole into memory (web_load, at start and on REHASH) and
 * served from there by the WebSocket transport's HTTP side.
 *
 * The page itself ("/") is served whole, its style sheet, script and
 * icon put inside it, so that a browser needs one request for it.  On a
 * port whose first line decides, a connection that stays silent is
 * greeted as a person on nc; a browser that opened a spare connection
 * and sends its next request on it later would read that greeting as a
 * broken response.  The page's Content-Security-Policy names the inline
 * style and script by their SHA-256 hashes, and nothing else inline
 * runs.  The
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

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "buf.h"
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

static void	web_compose(void);

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
		free(web_files[web_nfiles].csp);
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
	web_compose();
	return (0);
}

/* Base64 of len bytes at p, appended to b; -1 if GnuTLS fails. */
static int
web_base64(struct buf *b, const void *p, size_t len)
{
	gnutls_datum_t	 in = { (unsigned char *)p, len }, out;

	if (gnutls_base64_encode2(&in, &out) < 0)
		return (-1);
	buf_add(b, out.data, out.size);
	gnutls_free(out.data);
	return (0);
}

/* "'sha256-...'" of a file's bytes, for the page's policy. */
static int
web_hash(struct buf *b, const struct web_file *f)
{
	unsigned char	 md[32];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, f->data, f->len, md) < 0)
		return (-1);
	buf_add(b, " 'sha256-", 9);
	if (web_base64(b, md, sizeof md) != 0)
		return (-1);
	buf_add(b, "'", 1);
	return (0);
}

/*
 * In html (len bytes), the file named by the attribute value that
 * follows the first "pre" at or after *at: the file, with *at on the
 * tag's start and *end past "post".  NULL if there is none.
 */
static const struct web_file *
web_ref(const char *html, size_t len, const char *pre, const char *post,
    size_t *at, size_t *end)
{
	const char	*p, *q, *e;
	char		 path[256];

	if ((p = memmem(html + *at, len - *at, pre, strlen(pre))) == NULL)
		return (NULL);
	q = p + strlen(pre);
	if ((e = memchr(q, '"', html + len - q)) == NULL ||
	    (size_t)(e - q) + 2 > sizeof path)
		return (NULL);
	path[0] = '/';
	memcpy(path + 1, q, e - q);
	path[e - q + 1] = '\0';
	if (strncmp(e, post, strlen(post)) != 0)
		return (NULL);
	*at = p - html;
	*end = e + strlen(post) - html;
	return (web_find(path));
}

/*
 * Make "/" whole: the style sheet linked as <link rel="stylesheet"
 * href="F"> becomes a <style>, the script <script src="F" defer>
 * </script> an inline <script> before </body>, and the icon <link
 * rel="icon" href="F" ...> a data: address.  Left as it is if it cannot
 * be (a file missing, "</" inside a style or script).
 */
static void
web_compose(void)
{
	static const char	 css_pre[] = "<link rel=\"stylesheet\" href=\"";
	static const char	 js_pre[] = "<script src=\"";
	static const char	 icon_pre[] = "<link rel=\"icon\" href=\"";
	static const char	 policy[] = "default-src 'self'; img-src 'self' "
	    "data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
	    "style-src";
	struct web_file		*page;
	const struct web_file	*css, *js, *icon;
	struct buf		 b = { 0 }, csp = { 0 };
	const char		*html, *body;
	size_t			 len, cs = 0, ce, js0 = 0, je, is = 0, ie;

	if ((page = (struct web_file *)web_find("/")) == NULL)
		return;
	html = page->data;
	len = page->len;
	css = web_ref(html, len, css_pre, "\">", &cs, &ce);
	js = web_ref(html, len, js_pre, "\" defer></script>", &js0, &je);
	icon = web_ref(html, len, icon_pre, "\"", &is, &ie);
	body = memmem(html, len, "</body>", 7);
	if (css == NULL || js == NULL || body == NULL || cs > js0 ||
	    (icon != NULL && is > cs) || memmem(css->data, css->len, "</",
	    2) != NULL || memmem(js->data, js->len, "</", 2) != NULL)
		return;
	buf_add(&csp, policy, sizeof policy - 1);
	if (web_hash(&csp, css) != 0)
		goto fail;
	buf_add(&csp, "; script-src", 12);
	if (web_hash(&csp, js) != 0)
		goto fail;
	buf_add(&csp, "", 1);
	if (icon != NULL) {
		buf_add(&b, html, is);
		buf_add(&b, icon_pre, strlen(icon_pre));
		buf_add(&b, "data:", 5);
		buf_add(&b, icon->type, strcspn(icon->type, ";"));
		buf_add(&b, ";base64,", 8);
		if (web_base64(&b, icon->data, icon->len) != 0)
			goto fail;
		buf_add(&b, html + ie - 1, cs - (ie - 1));
	} else
		buf_add(&b, html, cs);
	buf_add(&b, "<style>", 7);
	buf_add(&b, css->data, css->len);
	buf_add(&b, "</style>", 8);
	buf_add(&b, html + ce, js0 - ce);
	buf_add(&b, html + je, body - (html + je));
	buf_add(&b, "<script>", 8);
	buf_add(&b, js->data, js->len);
	buf_add(&b, "</script>", 9);
	buf_add(&b, body, html + len - body);
	free(page->data);
	page->data = xmalloc(buf_used(&b));
	memcpy(page->data, buf_head(&b), buf_used(&b));
	page->len = buf_used(&b);
	page->csp = xstrdup(buf_head(&csp));
fail:
	buf_free(&b);
	buf_free(&csp);
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
