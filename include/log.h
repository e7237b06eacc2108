/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The event log: one time-stamped line per event on stdout in the
 * foreground, or to syslog when asked.  User text is escaped first.
 * Writing to stdout never blocks: lines wait in the log's own buffer of
 * LOG_BUF_MAX bytes, and past that they are dropped and counted.
 */

#ifndef LOG_H
#define LOG_H

#include <stddef.h>

#define LOG_BUF_MAX	(256 * 1024)	/* bytes of log waiting for stdout */

struct ev_loop;

void	log_init(int verbose, int use_syslog);
void	log_loop(struct ev_loop *);
int	log_verbose(void);
void	log_flush(void);
void	log_info(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((__format__(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((__format__(printf, 1, 2), __noreturn__));
void	fatalx(const char *, ...)
	    __attribute__((__format__(printf, 1, 2), __noreturn__));
const char *log_escape(const char *, char *, size_t);

#endif
