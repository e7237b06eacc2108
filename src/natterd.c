/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * natterd: options and settings, the listeners, signals and the event
 * loop.  It runs in the foreground and logs to stdout.
 */

#include <sys/resource.h>

#include <crypt.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "cmd.h"
#include "cap.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "io.h"
#include "listener.h"
#include "log.h"
#include "motd.h"
#include "natterd.h"
#include "pool.h"
#include "server.h"
#include "user.h"
#include "web.h"
#include "worker.h"

#define NATTERD_TRIM_INTERVAL	1.0	/* seconds between pool_trim calls */
#define NATTERD_HEAP_KEEP	(64 * 1024 * 1024)	/* see main */


static void __attribute__((__noreturn__))
usage(void)
{
	fprintf(stderr, "usage: natterd [-Htv] [-f file] [-l address] "
	    "[-o name=value] [-p port] [port]\n");
	exit(2);
}

/* -H: read a password on stdin and print its crypt(3) hash. */
static int
natterd_hash(void)
{
	char		 line[256];
	const char	*salt, *hash;

	if (fgets(line, sizeof line, stdin) == NULL) {
		fprintf(stderr, "natterd: no password on standard input\n");
		return (1);
	}
	line[strcspn(line, "\r\n")] = '\0';
	if ((salt = crypt_gensalt("$6$", 0, NULL, 0)) == NULL ||
	    (hash = crypt(line, salt)) == NULL || hash[0] == '*') {
		fprintf(stderr, "natterd: crypt failed\n");
		return (1);
	}
	explicit_bzero(line, sizeof line);
	printf("%s\n", hash);
	return (0);
}

/* SIGINT and SIGTERM end the loop; main shuts down after it. */
static void
natterd_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	log_info("Shutting down (signal %d)", w->signum);
	ev_break(loop, EVBREAK_ALL);
}

/* SIGHUP: as REHASH, for the configuration, the MOTD and the certificate. */
static void
natterd_hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	char	 err[512], tlserr[512];

	log_info("Reloading the configuration (SIGHUP)");
	(void)cmd_reload(err, sizeof err, tlserr, sizeof tlserr);
}

/*
 * Listen on port (-1 or 0: the kernel's choice) for front over ops, or
 * die; what says what the port is for, in the log line.
 */
static void
natterd_listen(long port, enum front_id front, const struct io_ops *ops,
    const char *what)
{
	const char	*errstr;
	int		 tls = ops == &io_tls_ops;

	if (listener_open(conf.listen, port < 0 ? 0 : (int)port, front, ops,
	    &errstr) != 0)
		fatalx("cannot listen on port %ld: %s", port, errstr);
	log_info("natterd listening%s on port %d%s%s%s...", what,
	    listener_port(), tls ? " (" : "", tls ? io_tls_describe() : "",
	    tls ? ")" : "");
}

/*
 * The TLS listeners, when a certificate is set: tls_port speaks what
 * port does, text_tls_port the text front, web_tls_port HTTPS and
 * secure WebSocket.  Without a certificate there are none, and the log
 * says so.
 */
static void
natterd_listen_tls(enum front_id front)
{
	char		 err[512];

	if (conf.tls_port == 0 && conf.text_tls_port == 0 &&
	    conf.web_tls_port == 0)
		return;
	if (*conf.tls_cert == '\0') {
		log_info("No TLS listener: no certificate (tls_cert) is set");
		return;
	}
	if (io_tls_load(err, sizeof err) != 0)
		fatalx("%s", err);
	if (conf.tls_port != 0)
		natterd_listen(conf.tls_port, front, &io_tls_ops, " for TLS");
	if (conf.text_tls_port != 0)
		natterd_listen(conf.text_tls_port, FRONT_TEXT, &io_tls_ops,
		    " for the text front over TLS");
	if (conf.web_tls_port != 0)
		natterd_listen(conf.web_tls_port, FRONT_WEB, &io_tls_ops,
		    " for the web over TLS");
}

/* Once per loop turn, before it waits: the log lines of the turn. */
static void
natterd_prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	log_flush();
}

/*
 * Give back the memory that pools kept through a whole period unused.
 * When half the clients have gone since the last look, the heap's free
 * pages go back too; not more often, since pages given back cost a
 * page fault each when the heap grows again.
 */
static void
natterd_trim_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	static unsigned	 peak;

	pool_trim(0);
	if (conn_count > peak)
		peak = conn_count;
	else if (conn_count < peak / 2) {
		malloc_trim(0);
		peak = conn_count;
	}
}

/* Allow as many descriptors as the hard limit does. */
static void
natterd_raise_nofile(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	log_info("File descriptor limit: %llu",
	    (unsigned long long)rl.rlim_cur);
}

static void
natterd_override(const char *name, const char *value)
{
	const char	*errstr;

	if (conf_override(name, value, &errstr) != 0)
		fatalx("%s = %s: %s", name, value, errstr);
}

int
main(int argc, char *argv[])
{
	struct ev_loop	*loop;
	ev_signal	 sigint, sigterm, sighup;
	ev_timer	 trim;
	ev_prepare	 logs;
	const char	*file = NULL, *port = NULL, *address = NULL;
	char		 err[512], *eq, *overrides[64];
	int		 ch, verbose = 0, test = 0, noverrides = 0, i;
	enum front_id	 front;

	while ((ch = getopt(argc, argv, "Hf:l:o:p:tv")) != -1) {
		switch (ch) {
		case 'H':
			return (natterd_hash());
		case 'f':
			file = optarg;
			break;
		case 'l':
			address = optarg;
			break;
		case 'o':
			if (noverrides == (int)(sizeof overrides /
			    sizeof overrides[0]))
				usage();
			overrides[noverrides++] = optarg;
			break;
		case 'p':
			port = optarg;
			break;
		case 't':
			test = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1)
		port = argv[0];

	log_init(verbose, 0);
	conf_defaults();
	if (file != NULL && conf_load(file, err, sizeof err) != 0)
		fatalx("%s", err);
	for (i = 0; i < noverrides; i++) {
		if ((eq = strchr(overrides[i], '=')) == NULL)
			usage();
		*eq = '\0';
		natterd_override(overrides[i], eq + 1);
	}
	if (port != NULL)
		natterd_override("port", port);
	if (address != NULL)
		natterd_override("listen", address);
	if (test) {
		/* The certificate and key exist, parse and match. */
		if (*conf.tls_cert != '\0' && io_tls_check(err,
		    sizeof err) != 0)
			fatalx("%s", err);
		if (verbose)
			conf_dump(stdout);
		printf("configuration OK\n");
		return (0);
	}

	signal(SIGPIPE, SIG_IGN);
	/*
	 * malloc gives the top of the heap back whenever 128 KB of it are
	 * free, and a busy server faults the same pages in again a moment
	 * later (fan-out to 1000 clients: twice the page faults).  natterd
	 * gives memory back itself, from natterd_trim_cb, once clients left.
	 */
	mallopt(M_TRIM_THRESHOLD, NATTERD_HEAP_KEEP);
	natterd_raise_nofile();
	loop = EV_DEFAULT;
	log_loop(loop);
	conn_init();
	worker_init();
	server_init(conf.server_name, conf.description);
	motd_load();
	cap_init();
	front = strcmp(conf.front, "irc") == 0 ? FRONT_IRC :
	    strcmp(conf.front, "text") == 0 ? FRONT_TEXT : FRONT_AUTO;
	if (web_load(err, sizeof err) != 0)
		log_warnx("No web page: %s", err);
	natterd_listen(conf.port, front, &io_tcp_ops, "");
	if (conf.text_port != 0)
		natterd_listen(conf.text_port, FRONT_TEXT, &io_tcp_ops,
		    " for the text front");
	if (conf.web_port != 0)
		natterd_listen(conf.web_port, FRONT_WEB, &io_tcp_ops,
		    " for the web");
	natterd_listen_tls(front);

	ev_signal_init(&sigint, natterd_signal_cb, SIGINT);
	ev_signal_init(&sigterm, natterd_signal_cb, SIGTERM);
	ev_signal_start(loop, &sigint);
	ev_signal_start(loop, &sigterm);
	ev_signal_init(&sighup, natterd_hup_cb, SIGHUP);
	ev_signal_start(loop, &sighup);
	ev_timer_init(&trim, natterd_trim_cb, NATTERD_TRIM_INTERVAL,
	    NATTERD_TRIM_INTERVAL);
	ev_timer_start(loop, &trim);
	ev_unref(loop);		/* The trim timer alone keeps no loop. */
	ev_prepare_init(&logs, natterd_prepare_cb);
	ev_prepare_start(loop, &logs);
	ev_unref(loop);
	ev_run(loop, 0);

	/* DIE or a signal ended the loop. */
	conn_shutdown("Server shutting down");
	listener_close_all();
	io_tls_unload();
	worker_shutdown();
	motd_free();
	user_whowas_clear();
	log_flush();
	return (0);
}
