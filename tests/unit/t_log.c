/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Tests of the event log with descriptor 1 pointed at a pipe or a file:
 * lines come out stamped and in order, log_init makes a pipe non-blocking
 * and leaves a regular file alone, logging to a pipe nobody reads returns
 * at once, lines past LOG_BUF_MAX are dropped and counted and a line says
 * so once the reader catches up, the write watcher drains the log in a
 * quiet loop, exit writes what is left and gives the pipe back blocking,
 * and a fatal error reaches stderr after one try at stdout.  A log that
 * blocks fails the test through alarm(2) instead of hanging it.
 */

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "log.h"
#include "test.h"

#define T_LOG_ALARM	20		/* seconds before a test has hung */
#define T_LOG_LINE	128		/* bytes in each line of test_full */
#define T_LOG_LINES	3000		/* lines logged into the full pipe */
#define T_LOG_PIPE	65536		/* bytes a pipe holds, as by default */

struct acc {
	char	*data;
	size_t	 len;
	size_t	 size;
};

static int	t_log_stdout = -1;	/* the real stdout, while redirected */

static void
t_log_alarm(int sig)
{
	static const char msg[] =
	    "t_log: timed out: the log blocked or lost a line\n";

	(void)write(STDERR_FILENO, msg, sizeof msg - 1);
	_exit(1);
}

static void
acc_add(struct acc *a, const char *s, size_t len)
{
	if (a->len + len + 1 > a->size) {
		a->size = (a->len + len + 1) * 2;
		if ((a->data = realloc(a->data, a->size)) == NULL)
			abort();
	}
	memcpy(a->data + a->len, s, len);
	a->len += len;
	a->data[a->len] = '\0';
}

/* Read what the pipe holds now; 1 at end of file. */
static int
acc_read(struct acc *a, int fd)
{
	char	buf[65536];
	ssize_t	n;

	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n == 0)
			return (1);
		if (n == -1)
			return (0);
		acc_add(a, buf, n);
	}
}

/* Point descriptor 1 at a new 64 KiB pipe; its read end is non-blocking. */
static int
t_log_redirect(void)
{
	int	fds[2];

	fflush(stdout);
	if (pipe(fds) == -1)
		abort();
	if (t_log_stdout == -1 && (t_log_stdout = dup(STDOUT_FILENO)) == -1)
		abort();
	if (dup2(fds[1], STDOUT_FILENO) == -1)
		abort();
	close(fds[1]);
#ifdef F_SETPIPE_SZ
	fcntl(fds[0], F_SETPIPE_SZ, T_LOG_PIPE);
#endif
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	return (fds[0]);
}

static void
t_log_restore(void)
{
	if (dup2(t_log_stdout, STDOUT_FILENO) == -1)
		abort();
}

static int
t_log_nonblock(int fd)
{
	return ((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
}

/* Fill the pipe on descriptor 1 (non-blocking) and say how many bytes. */
static size_t
t_log_fill(void)
{
	char	junk[4096];
	size_t	filled = 0;
	ssize_t	n;

	memset(junk, 'x', sizeof junk);
	while ((n = write(STDOUT_FILENO, junk, sizeof junk)) > 0)
		filled += n;
	memset(junk, 'x', 1);
	while ((n = write(STDOUT_FILENO, junk, 1)) > 0)
		filled += n;
	return (filled);
}

/* Check that *p holds filled bytes of filler and skip them. */
static void
t_log_skip_fill(char **p, size_t filled)
{
	size_t	i;

	for (i = 0; i < filled; i++)
		if ((*p)[i] != 'x')
			break;
	CHECK_INT(i, filled);
	*p += i;
}

/* Whether s starts with "[HH:MM:SS] ". */
static int
t_log_stamped(const char *s)
{
	static const char	pattern[] = "[99:99:99] ";
	size_t			i;

	for (i = 0; pattern[i] != '\0'; i++) {
		if (pattern[i] == '9' ? s[i] < '0' || s[i] > '9' :
		    s[i] != pattern[i])
			return (0);
	}
	return (1);
}

/* The next line at *p without its stamp, checking the stamp; NULL at end. */
static const char *
t_log_next(char **p)
{
	char	*line = *p, *nl;

	if (*line == '\0')
		return (NULL);
	if ((nl = strchr(line, '\n')) == NULL) {
		TEST_FAIL("unfinished line \"%s\"", line);
		*p = line + strlen(line);
		return (line);
	}
	*nl = '\0';
	*p = nl + 1;
	if (!t_log_stamped(line)) {
		TEST_FAIL("no stamp in \"%s\"", line);
		return (line);
	}
	return (line + 11);
}

static void
test_order(void)
{
	struct acc	 a = { NULL, 0, 0 };
	char		*p;
	size_t		 before;
	int		 fd, nonblock;

	fd = t_log_redirect();
	log_init(0, 0);
	nonblock = t_log_nonblock(STDOUT_FILENO);
	log_info("first %d", 1);
	log_warnx("second");
	errno = ENOENT;
	log_warn("third");
	log_debug("not shown at verbosity 0");
	log_init(2, 0);
	log_debug("fourth");
	log_init(0, 0);
	acc_add(&a, "", 0);
	acc_read(&a, fd);
	before = a.len;
	log_flush();
	acc_read(&a, fd);
	t_log_restore();
	close(fd);

	CHECK(nonblock);
	CHECK_INT(before, 0);		/* nothing before log_flush */
	p = a.data;
	CHECK_STR(t_log_next(&p), "first 1");
	CHECK_STR(t_log_next(&p), "second");
	CHECK_STR(t_log_next(&p), "third: No such file or directory");
	CHECK_STR(t_log_next(&p), "fourth");
	CHECK_STR(t_log_next(&p), NULL);
	free(a.data);
}

/* A regular file stays blocking and gets the same lines. */
static void
test_file(void)
{
	FILE	*f;
	char	 buf[256];
	char	*p = buf;
	ssize_t	 n;
	int	 nonblock;

	if ((f = tmpfile()) == NULL)
		abort();
	fflush(stdout);
	if (dup2(fileno(f), STDOUT_FILENO) == -1)
		abort();
	log_init(0, 0);
	nonblock = t_log_nonblock(STDOUT_FILENO);
	log_info("to a %s", "file");
	log_flush();
	t_log_restore();

	CHECK(!nonblock);
	n = pread(fileno(f), buf, sizeof buf - 1, 0);
	CHECK(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	CHECK_STR(t_log_next(&p), "to a file");
	CHECK_STR(t_log_next(&p), NULL);
	fclose(f);
}

/*
 * A pipe nobody reads: every call returns, LOG_BUF_MAX bytes of lines
 * wait, the rest are dropped and counted, and when the reader catches up
 * a line says how many, before the lines logged after it.
 */
static void
test_full(void)
{
	struct acc	 a = { NULL, 0, 0 };
	char		 pad[T_LOG_LINE];
	char		 want[2 * T_LOG_LINE];
	char		*p;
	const char	*line;
	size_t		 filled, kept, i;
	int		 fd, rounds;

	/* "[HH:MM:SS] " + "fill NNNNN " + pad + "\n" */
	memset(pad, 'y', sizeof pad);
	pad[T_LOG_LINE - 11 - 11 - 1] = '\0';
	kept = LOG_BUF_MAX / T_LOG_LINE;

	alarm(T_LOG_ALARM);
	fd = t_log_redirect();
	log_init(0, 0);
	filled = t_log_fill();
	for (i = 0; i < T_LOG_LINES; i++) {
		log_info("fill %05zu %s", i, pad);
		log_flush();
	}
	log_info("dropped too");
	log_flush();

	/*
	 * The reader catches up; only log_flush runs, but for one line
	 * logged when the pipe took its first 64 KiB of the buffer: that is
	 * dropped too, since logging resumes only once half is free.
	 */
	acc_add(&a, "", 0);
	for (rounds = 0; rounds < 10000; rounds++) {
		acc_read(&a, fd);
		if (strstr(a.data, "not keeping up)\n") != NULL)
			break;
		log_flush();
		if (rounds == 0)
			log_info("dropped during the drain");
	}
	log_info("after %d", 1);
	log_info("after %d", 2);
	log_flush();
	acc_read(&a, fd);
	t_log_restore();
	close(fd);
	alarm(0);

	CHECK(filled > 0);
	p = a.data;
	t_log_skip_fill(&p, filled);
	for (i = 0; i < kept; i++) {
		snprintf(want, sizeof want, "fill %05zu %s", i, pad);
		line = t_log_next(&p);
		if (line == NULL || strcmp(line, want) != 0) {
			CHECK_STR(line, want);
			break;
		}
	}
	CHECK_INT(i, kept);
	snprintf(want, sizeof want, "log: %zu lines dropped "
	    "(standard output was not keeping up)", T_LOG_LINES - kept + 2);
	CHECK_STR(t_log_next(&p), want);
	CHECK_STR(t_log_next(&p), "after 1");
	CHECK_STR(t_log_next(&p), "after 2");
	CHECK_STR(t_log_next(&p), NULL);
	free(a.data);
}

/* One line dropped is "1 line"; the note waits until half is free. */
static void
test_one_dropped(void)
{
	struct acc	 a = { NULL, 0, 0 };
	char		 big[1000];
	char		*p;
	const char	*line;
	size_t		 filled, n = 0, got = 0;
	int		 fd, rounds, noted = 0;

	memset(big, 'z', sizeof big);
	big[sizeof big - 1] = '\0';

	alarm(T_LOG_ALARM);
	fd = t_log_redirect();
	log_init(0, 0);
	filled = t_log_fill();
	/* 1011 bytes a line: the buffer takes n whole lines, then one drops. */
	for (n = 0; n < LOG_BUF_MAX / 1011; n++)
		log_info("%s", big);
	log_info("%s", big);
	log_flush();

	acc_add(&a, "", 0);
	for (rounds = 0; rounds < 10000 && !noted; rounds++) {
		acc_read(&a, fd);
		noted = strstr(a.data, "not keeping up)\n") != NULL;
		log_flush();
	}
	t_log_restore();
	close(fd);
	alarm(0);

	p = a.data;
	t_log_skip_fill(&p, filled);
	while ((line = t_log_next(&p)) != NULL && strcmp(line, big) == 0)
		got++;
	CHECK_INT(got, n);
	CHECK_STR(line,
	    "log: 1 line dropped (standard output was not keeping up)");
	CHECK_STR(t_log_next(&p), NULL);
	free(a.data);
}

/* With log_loop, the write watcher drains the log; nobody calls flush. */
static void
test_loop(void)
{
	struct acc	 a = { NULL, 0, 0 };
	struct ev_loop	*loop;
	char		 want[32];
	char		*p;
	size_t		 filled;
	int		 fd, i, rounds;

	alarm(T_LOG_ALARM);
	if ((loop = ev_loop_new(EVFLAG_AUTO)) == NULL)
		abort();
	fd = t_log_redirect();
	log_init(0, 0);
	log_loop(loop);
	filled = t_log_fill();
	for (i = 0; i < 10; i++)
		log_info("quiet %d", i);
	log_flush();

	acc_add(&a, "", 0);
	for (rounds = 0; rounds < 10000; rounds++) {
		acc_read(&a, fd);
		if (strstr(a.data, "quiet 9\n") != NULL)
			break;
		ev_run(loop, EVRUN_NOWAIT);
	}
	log_loop(NULL);
	ev_loop_destroy(loop);
	t_log_restore();
	close(fd);
	alarm(0);

	p = a.data;
	t_log_skip_fill(&p, filled);
	for (i = 0; i < 10; i++) {
		snprintf(want, sizeof want, "quiet %d", i);
		CHECK_STR(t_log_next(&p), want);
	}
	CHECK_STR(t_log_next(&p), NULL);
	free(a.data);
}

/*
 * Exit writes the line that waits while the reader catches up, and the
 * pipe (shared with this process) is blocking again afterwards.
 */
static void
test_exit(void)
{
	struct acc	 a = { NULL, 0, 0 };
	char		*p;
	char		 buf[4096];
	size_t		 filled = 0;
	ssize_t		 n;
	pid_t		 pid;
	int		 out[2], sync[2], status;

	alarm(T_LOG_ALARM);
	if (pipe(out) == -1 || pipe(sync) == -1)
		abort();
	fflush(stdout);
	if ((pid = fork()) == -1)
		abort();
	if (pid == 0) {
		close(out[0]);
		close(sync[0]);
		if (dup2(out[1], STDOUT_FILENO) == -1)
			_exit(2);
		log_init(0, 0);
		filled = t_log_fill();
		log_info("bye");
		log_flush();
		(void)write(sync[1], &filled, sizeof filled);
		exit(0);
	}
	close(sync[1]);
	CHECK_INT(read(sync[0], &filled, sizeof filled), sizeof filled);
	close(sync[0]);
	/* Blocking reads until the line after the filler is whole. */
	acc_add(&a, "", 0);
	while (a.len <= filled || strchr(a.data + filled, '\n') == NULL) {
		if ((n = read(out[0], buf, sizeof buf)) <= 0)
			break;
		acc_add(&a, buf, n);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	alarm(0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(!t_log_nonblock(out[1]));
	close(out[0]);
	close(out[1]);

	p = a.data;
	t_log_skip_fill(&p, filled);
	CHECK_STR(t_log_next(&p), "bye");
	CHECK_STR(t_log_next(&p), NULL);
	free(a.data);
}

/* fatalx: one try at the full stdout, the line on stderr, exit 1. */
static void
test_fatal(void)
{
	struct acc	 a = { NULL, 0, 0 }, e = { NULL, 0, 0 };
	char		*p;
	pid_t		 pid;
	int		 out[2], err[2], status;

	alarm(T_LOG_ALARM);
	if (pipe(out) == -1 || pipe(err) == -1)
		abort();
	fflush(stdout);
	if ((pid = fork()) == -1)
		abort();
	if (pid == 0) {
		close(out[0]);
		close(err[0]);
		if (dup2(out[1], STDOUT_FILENO) == -1 ||
		    dup2(err[1], STDERR_FILENO) == -1)
			_exit(2);
		log_init(0, 0);
		log_info("before");
		log_flush();
		t_log_fill();
		log_info("lost");
		fatalx("boom %d", 1);
	}
	close(out[1]);
	close(err[1]);
	acc_add(&a, "", 0);
	acc_add(&e, "", 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	alarm(0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	while (!acc_read(&e, err[0]))
		;
	while (!acc_read(&a, out[0]))
		;
	close(out[0]);
	close(err[0]);

	p = e.data;
	CHECK_STR(t_log_next(&p), "boom 1");
	CHECK_STR(t_log_next(&p), NULL);
	/* fatalx found the pipe full: "before" came out, "lost" did not. */
	p = a.data;
	CHECK_STR(t_log_next(&p), "before");
	CHECK(strlen(p) > 0);
	CHECK_INT(strspn(p, "x"), strlen(p));
	free(a.data);
	free(e.data);
}

static void
test_escape(void)
{
	char	buf[64];

	CHECK_STR(log_escape("a\tb\\c\x7f", buf, sizeof buf),
	    "a\\x09b\\\\c\\x7f");
	CHECK_STR(log_escape("abcdefgh", buf, 6), "a");
}

int
main(void)
{
	signal(SIGALRM, t_log_alarm);
	signal(SIGPIPE, SIG_IGN);
	test_order();
	test_file();
	test_full();
	test_one_dropped();
	test_loop();
	test_exit();
	test_fatal();
	test_escape();
	return (DONE());
}
