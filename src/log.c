/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The event log.  In the foreground each line goes to stdout with a
 * [HH:MM:SS] stamp; with syslog the stamp is left to syslogd.  Anything a
 * user typed passes through log_escape before it is logged.
 *
 * Lines are buffered and log_flush, called once per turn of the event
 * loop before it waits, writes them out together, so that scripts and
 * tests can follow the log without a write (and a look at the time
 * zone file) for every client that connects.  Fatal errors go to stderr
 * at once.  The stamp is formatted once per second.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int	log_verbosity;
static int	log_syslog;
static int	log_dirty;		/* stdout holds unwritten lines */
static time_t	log_stamp_time = -1;
static char	log_stamp[16];		/* "HH:MM:SS" of log_stamp_time */

void
log_init(int verbose, int use_syslog)
{
	log_verbosity = verbose;
	log_syslog = use_syslog;
	if (log_syslog)
		openlog("natterd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int
log_verbose(void)
{
	return (log_verbosity);
}

static void
log_vwrite(int pri, const char *fmt, va_list ap, const char *err)
{
	char		 msg[1024];
	FILE		*f;
	time_t		 now;

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_syslog) {
		if (err != NULL)
			syslog(pri, "%s: %s", msg, err);
		else
			syslog(pri, "%s", msg);
		return;
	}
	now = time(NULL);
	if (now != log_stamp_time) {
		strftime(log_stamp, sizeof log_stamp, "%H:%M:%S",
		    localtime(&now));
		log_stamp_time = now;
	}
	/* Fatal errors go to stderr, so that a failed start is seen. */
	f = pri == LOG_CRIT ? stderr : stdout;
	if (err != NULL)
		fprintf(f, "[%s] %s: %s\n", log_stamp, msg, err);
	else
		fprintf(f, "[%s] %s\n", log_stamp, msg);
	if (f == stdout)
		log_dirty = 1;
	else
		fflush(f);
}

/* Write out the buffered lines. */
void
log_flush(void)
{
	if (!log_dirty)
		return;
	log_dirty = 0;
	fflush(stdout);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_verbosity < 2)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}

/* Copy user text into dst with control bytes shown as \xNN. */
const char *
log_escape(const char *src, char *dst, size_t size)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i = 0;
	unsigned char		 ch;

	if (size == 0)
		return (dst);
	for (; *src != '\0' && i + 5 < size; src++) {
		ch = (unsigned char)*src;
		if (ch < 0x20 || ch == 0x7f || ch == '\\') {
			dst[i++] = '\\';
			if (ch == '\\') {
				dst[i++] = '\\';
				continue;
			}
			dst[i++] = 'x';
			dst[i++] = hex[ch >> 4];
			dst[i++] = hex[ch & 0xf];
		} else
			dst[i++] = (char)ch;
	}
	dst[i] = '\0';
	return (dst);
}
