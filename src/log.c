/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The event log.  In the foreground each line goes to stdout with a
 * [HH:MM:SS] stamp; with syslog the stamp is left to syslogd.  Anything a
 * user typed passes through log_escape before it is logged.
 *
 * Writing the log never blocks the event loop, even when stdout is a
 * pipe nobody reads or a terminal stopped with ^S.  Lines wait in the
 * module's own buffer of LOG_BUF_MAX (256 KiB) bytes, not in stdio, and
 * log_flush, called once per turn of the loop before it waits, writes
 * them out together with write(2), so that scripts and tests can follow
 * the log without a write (and a look at the time zone file) for every
 * client that connects.  Unless stdout is a regular file, log_init puts
 * it in non-blocking mode (its flags are put back at exit, since a shell
 * may share the descriptor) and a full stdout means "later": once
 * log_loop has named the loop, a write watcher finishes the job, running
 * only while lines wait, so a quiet loop still drains the log.  When the
 * buffer is full, new lines are dropped whole and counted; once it has
 * drained to half, a line first says how many were dropped.  The lines
 * that are written keep their order.
 *
 * At exit what is left is written, waiting at most LOG_EXIT_WAIT for
 * stdout to take it.  Fatal errors go to stderr at once, after one try
 * at writing what waits for stdout.  The stamp is formatted once per
 * second.  Syslog mode writes each line with syslog(3) as it comes.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "log.h"

#define LOG_MSG_MAX	1024		/* a message is cut to 1023 bytes */
#define LOG_STAMP_LEN	11		/* "[HH:MM:SS] " */
#define LOG_LINE_MAX	(LOG_STAMP_LEN + LOG_MSG_MAX + 128)
#define LOG_BUF_RESUME	(LOG_BUF_MAX / 2)	/* log again from here */
#define LOG_EXIT_WAIT	1000		/* ms that exit waits for stdout */

static int	log_verbosity;
static int	log_syslog;
static time_t	log_stamp_time = -1;
static char	log_stamp[LOG_STAMP_LEN + 1];	/* of log_stamp_time */

/* The lines that wait for stdout are log_out[log_off] to log_out[log_len]. */
static char	log_out[LOG_BUF_MAX];
static size_t	log_off;
static size_t	log_len;
static unsigned long long log_dropped;	/* lines dropped since the last note */

static int	log_nonblock;		/* we set O_NONBLOCK on stdout */
static int	log_registered;		/* log_exit is registered */
static int	log_fatal;		/* fatal has tried stdout already */
static struct ev_loop *log_evloop;	/* NULL until log_loop */
static ev_io	log_io;			/* runs while lines wait */

static void	log_exit(void);
static void	log_write_cb(struct ev_loop *, ev_io *, int);

static void
log_register(void)
{
	if (log_registered)
		return;
	log_registered = 1;
	atexit(log_exit);
}

/* Make stdout non-blocking unless it is a regular file. */
static void
log_setup_stdout(void)
{
	struct stat	 st;
	int		 flags;

	if (fstat(STDOUT_FILENO, &st) == -1 || S_ISREG(st.st_mode))
		return;
	if ((flags = fcntl(STDOUT_FILENO, F_GETFL)) == -1 ||
	    (flags & O_NONBLOCK) != 0)
		return;
	if (fcntl(STDOUT_FILENO, F_SETFL, flags | O_NONBLOCK) == 0)
		log_nonblock = 1;
}

/* Give stdout back the blocking mode it had before log_init. */
static void
log_restore_stdout(void)
{
	int	flags;

	if (!log_nonblock)
		return;
	log_nonblock = 0;
	if ((flags = fcntl(STDOUT_FILENO, F_GETFL)) != -1)
		(void)fcntl(STDOUT_FILENO, F_SETFL, flags & ~O_NONBLOCK);
}

void
log_init(int verbose, int use_syslog)
{
	log_verbosity = verbose;
	log_syslog = use_syslog;
	if (log_syslog) {
		openlog("natterd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
		return;
	}
	log_setup_stdout();
	log_register();
}

/*
 * Let the watcher on loop write what stdout could not take at once; NULL
 * forgets the loop.  The watcher keeps no loop alive by itself.
 */
void
log_loop(struct ev_loop *loop)
{
	if (log_evloop != NULL && ev_is_active(&log_io)) {
		ev_ref(log_evloop);
		ev_io_stop(log_evloop, &log_io);
	}
	log_evloop = loop;
	ev_io_init(&log_io, log_write_cb, STDOUT_FILENO, EV_WRITE);
	log_flush();
}

int
log_verbose(void)
{
	return (log_verbosity);
}

static void
log_stamp_update(void)
{
	time_t	now;

	now = time(NULL);
	if (now != log_stamp_time) {
		strftime(log_stamp, sizeof log_stamp, "[%H:%M:%S] ",
		    localtime(&now));
		log_stamp_time = now;
	}
}

/* Add len bytes to the waiting lines; -1 if they do not fit. */
static int
log_append(const char *s, size_t len)
{
	if (log_len + len > sizeof log_out && log_off > 0) {
		memmove(log_out, log_out + log_off, log_len - log_off);
		log_len -= log_off;
		log_off = 0;
	}
	if (log_len + len > sizeof log_out)
		return (-1);
	memcpy(log_out + log_len, s, len);
	log_len += len;
	return (0);
}

/* Once the buffer has room again, say how many lines were dropped. */
static void
log_note_dropped(void)
{
	char	line[128];
	int	len;

	if (log_dropped == 0 || log_len - log_off > LOG_BUF_RESUME)
		return;
	log_stamp_update();
	len = snprintf(line, sizeof line, "%slog: %llu line%s dropped "
	    "(standard output was not keeping up)\n", log_stamp, log_dropped,
	    log_dropped == 1 ? "" : "s");
	if (len < 0 || (size_t)len >= sizeof line ||
	    log_append(line, len) == -1)
		return;
	log_dropped = 0;
}

/* Queue a whole line for stdout, or count it as dropped. */
static void
log_put(const char *line, size_t len)
{
	log_register();
	log_note_dropped();
	if (log_dropped > 0 || log_append(line, len) == -1)
		log_dropped++;
}

/*
 * Write what stdout takes without waiting, up to a short write or
 * EAGAIN.  Any other error loses the waiting lines: nobody can read them.
 */
static void
log_write(void)
{
	ssize_t	n;
	size_t	left;

	for (;;) {
		if (log_off == log_len)
			log_off = log_len = 0;
		log_note_dropped();
		if (log_off == log_len)
			break;
		left = log_len - log_off;
		n = write(STDOUT_FILENO, log_out + log_off, left);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_off = log_len = 0;
			break;
		}
		log_off += n;
		if ((size_t)n < left)
			break;
	}
}

/* Write out the waiting lines; the watcher takes over what is left. */
void
log_flush(void)
{
	int	saved = errno;

	if (log_off == log_len && log_dropped == 0 &&
	    (log_evloop == NULL || !ev_is_active(&log_io)))
		return;
	log_write();
	if (log_evloop != NULL) {
		if (log_off != log_len && !ev_is_active(&log_io)) {
			ev_io_start(log_evloop, &log_io);
			ev_unref(log_evloop);
		} else if (log_off == log_len && ev_is_active(&log_io)) {
			ev_ref(log_evloop);
			ev_io_stop(log_evloop, &log_io);
		}
	}
	errno = saved;
}

static void
log_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	log_flush();
}

/* At exit: write what waits, giving stdout a moment, then restore it. */
static void
log_exit(void)
{
	struct pollfd	 pfd;
	struct timespec	 now, end;
	long		 ms;

	if (!log_fatal) {
		clock_gettime(CLOCK_MONOTONIC, &end);
		end.tv_sec += LOG_EXIT_WAIT / 1000;
		end.tv_nsec += (LOG_EXIT_WAIT % 1000) * 1000000L;
		log_write();
		while (log_off != log_len) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			ms = (end.tv_sec - now.tv_sec) * 1000 +
			    (end.tv_nsec - now.tv_nsec) / 1000000;
			if (ms <= 0)
				break;
			pfd.fd = STDOUT_FILENO;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, (int)ms) == -1 && errno != EINTR)
				break;
			log_write();
		}
	}
	log_restore_stdout();
}

/* A fatal error: one try at stdout, then the line to stderr, waiting. */
static void
log_write_fatal(const char *line, size_t len)
{
	ssize_t	n;

	log_write();
	log_fatal = 1;
	log_restore_stdout();
	while (len > 0) {
		n = write(STDERR_FILENO, line, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		line += n;
		len -= n;
	}
}

static void
log_vwrite(int pri, const char *fmt, va_list ap, const char *err)
{
	char	 line[LOG_LINE_MAX];
	char	*msg = line + LOG_STAMP_LEN;
	size_t	 len;
	int	 n;

	if ((n = vsnprintf(msg, LOG_MSG_MAX, fmt, ap)) < 0)
		n = 0;
	len = (size_t)n < LOG_MSG_MAX ? (size_t)n : LOG_MSG_MAX - 1;
	if (log_syslog) {
		if (err != NULL)
			syslog(pri, "%s: %s", msg, err);
		else
			syslog(pri, "%s", msg);
		return;
	}
	log_stamp_update();
	memcpy(line, log_stamp, LOG_STAMP_LEN);
	len += LOG_STAMP_LEN;
	if (err != NULL) {
		/* Leave room for the newline. */
		n = snprintf(line + len, sizeof line - len - 1, ": %s", err);
		if (n > 0)
			len += (size_t)n < sizeof line - len - 1 ?
			    (size_t)n : sizeof line - len - 2;
	}
	line[len++] = '\n';
	/* Fatal errors go to stderr, so that a failed start is seen. */
	if (pri == LOG_CRIT)
		log_write_fatal(line, len);
	else
		log_put(line, len);
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
