/* SPDX-License-Identifier: ISC */

/*
 * tls-compare: the measurement behind natterd's choice of TLS library
 * (doc/bench.md).  The same minimal server side is written twice, on
 * OpenSSL 3 and on GnuTLS, each set up as natterd would set it up (no
 * session cache, no tickets, record buffers released while idle), and
 * measured three ways against one client process that uses OpenSSL:
 *
 *   - heap bytes (mallinfo2) and resident memory per idle connection,
 *     after n handshakes over socket pairs;
 *   - server CPU per handshake (ECDSA P-256 certificate, X25519);
 *   - server CPU per record: one 100-byte line written to each
 *     connection in turn, m times, as a relay to many recipients does.
 *
 * The client is another process, so neither its memory nor its CPU is
 * counted.  Usage: tls-compare [-k] -l openssl|gnutls [-n conns]
 * [-m records] cert.pem key.pem; -k lets OpenSSL keep its record
 * buffers (SSL_MODE_RELEASE_BUFFERS off), to see what releasing costs.
 */

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <malloc.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

static int	 nconns = 1000;
static int	 keep_buffers;	/* -k: OpenSSL keeps its record buffers */
static long	 nrecords = 200000;
static int	*fds;		/* the server's ends */
static int	*cfds;		/* the client's ends */

static void __attribute__((__noreturn__))
die(const char *what)
{
	fprintf(stderr, "tls-compare: %s\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static double
cpu_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static long
rss_kb(void)
{
	FILE	*f;
	char	 line[256];
	long	 kb = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return (kb);
}

/* The client: handshake on every socket in turn, then read everything. */
static void
client(void)
{
	SSL_CTX	*ctx;
	SSL	**ssl;
	char	 buf[16384];
	int	 i;
	long	 got = 0, want = nrecords * 100;

	ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	ssl = calloc(nconns, sizeof *ssl);
	for (i = 0; i < nconns; i++) {
		ssl[i] = SSL_new(ctx);
		SSL_set_fd(ssl[i], cfds[i]);
		if (SSL_connect(ssl[i]) != 1)
			die("client handshake");
	}
	/* Records come round-robin: read each socket in the same order. */
	for (i = 0; got < want; i = (i + 1) % nconns) {
		int n = SSL_read(ssl[i], buf, 100);

		if (n <= 0)
			die("client read");
		got += n;
	}
	_exit(0);
}

/* OpenSSL, as natterd would use it. */
static SSL_CTX *os_ctx;
static SSL **os_ssl;

static void
os_setup(const char *cert, const char *key)
{
	os_ctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX_set_min_proto_version(os_ctx, TLS1_2_VERSION);
	SSL_CTX_set_session_cache_mode(os_ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_num_tickets(os_ctx, 0);
	SSL_CTX_set_options(os_ctx, SSL_OP_NO_TICKET);
	SSL_CTX_set_mode(os_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE);
	if (!keep_buffers)
		SSL_CTX_set_mode(os_ctx, SSL_MODE_RELEASE_BUFFERS);
	if (SSL_CTX_use_certificate_chain_file(os_ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(os_ctx, key, SSL_FILETYPE_PEM) != 1)
		die("openssl: certificate or key");
	os_ssl = calloc(nconns, sizeof *os_ssl);
}

static void
os_accept(int i)
{
	os_ssl[i] = SSL_new(os_ctx);
	SSL_set_fd(os_ssl[i], fds[i]);
	if (SSL_accept(os_ssl[i]) != 1)
		die("openssl: handshake");
}

/* Send records nowhere from now on: the library's own cost alone. */
static void
os_sink(int i)
{
	SSL_set0_wbio(os_ssl[i], BIO_new(BIO_s_null()));
}

static void
os_write(int i, const char *p, size_t n)
{
	if (SSL_write(os_ssl[i], p, n) != (int)n)
		die("openssl: write");
}

static const char *
os_name(int i)
{
	static char	 s[128];

	snprintf(s, sizeof s, "%s %s", SSL_get_version(os_ssl[i]),
	    SSL_get_cipher_name(os_ssl[i]));
	return (s);
}

/* GnuTLS, as natterd would use it. */
static gnutls_certificate_credentials_t	 gt_cred;
static gnutls_priority_t		 gt_prio;
static gnutls_session_t			*gt_ssl;

static void
gt_setup(const char *cert, const char *key)
{
	gnutls_global_init();
	gnutls_certificate_allocate_credentials(&gt_cred);
	if (gnutls_certificate_set_x509_key_file(gt_cred, cert, key,
	    GNUTLS_X509_FMT_PEM) < 0)
		die("gnutls: certificate or key");
	if (gnutls_priority_init(&gt_prio,
	    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", NULL) < 0)
		die("gnutls: priority");
	gt_ssl = calloc(nconns, sizeof *gt_ssl);
}

static void
gt_accept(int i)
{
	int	 rc;

	gnutls_init(&gt_ssl[i], GNUTLS_SERVER | GNUTLS_NO_TICKETS);
	gnutls_priority_set(gt_ssl[i], gt_prio);
	gnutls_credentials_set(gt_ssl[i], GNUTLS_CRD_CERTIFICATE, gt_cred);
	gnutls_certificate_server_set_request(gt_ssl[i], GNUTLS_CERT_IGNORE);
	gnutls_transport_set_int(gt_ssl[i], fds[i]);
	do {
		rc = gnutls_handshake(gt_ssl[i]);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0)
		die(gnutls_strerror(rc));
}

static ssize_t
gt_push_null(gnutls_transport_ptr_t p, const void *data, size_t n)
{
	return (n);
}

static void
gt_sink(int i)
{
	gnutls_transport_set_push_function(gt_ssl[i], gt_push_null);
}

static void
gt_write(int i, const char *p, size_t n)
{
	if (gnutls_record_send(gt_ssl[i], p, n) != (ssize_t)n)
		die("gnutls: write");
}

static const char *
gt_name(int i)
{
	static char	 s[128];

	snprintf(s, sizeof s, "%s %s",
	    gnutls_protocol_get_name(gnutls_protocol_get_version(gt_ssl[i])),
	    gnutls_cipher_get_name(gnutls_cipher_get(gt_ssl[i])));
	return (s);
}

int
main(int argc, char *argv[])
{
	void		(*accept_one)(int);
	void		(*write_one)(int, const char *, size_t);
	void		(*sink)(int);
	const char	*(*name)(int);
	const char	*lib = "openssl";
	struct mallinfo2 m0, m1;
	struct rlimit	 rl;
	char		 line[100];
	double		 t0, t1, t2, t3, t4;
	long		 r0, r1, k;
	pid_t		 pid;
	int		 ch, i, sv[2], status;

	while ((ch = getopt(argc, argv, "kl:m:n:")) != -1) {
		switch (ch) {
		case 'k':
			keep_buffers = 1;
			break;
		case 'l':
			lib = optarg;
			break;
		case 'm':
			nrecords = atol(optarg);
			break;
		case 'n':
			nconns = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2 || nconns < 1 || nrecords < 1)
		goto usage;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);
	fds = calloc(nconns, sizeof *fds);
	cfds = calloc(nconns, sizeof *cfds);
	for (i = 0; i < nconns; i++) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
			die("socketpair");
		fds[i] = sv[0];
		cfds[i] = sv[1];
	}
	if (strcmp(lib, "openssl") == 0) {
		os_setup(argv[optind], argv[optind + 1]);
		accept_one = os_accept;
		write_one = os_write;
		sink = os_sink;
		name = os_name;
	} else if (strcmp(lib, "gnutls") == 0) {
		gt_setup(argv[optind], argv[optind + 1]);
		accept_one = gt_accept;
		write_one = gt_write;
		sink = gt_sink;
		name = gt_name;
	} else
		goto usage;
	if ((pid = fork()) == 0) {
		cpu_set_t	 set;

		/* The client on another CPU than the server, if there is one. */
		CPU_ZERO(&set);
		CPU_SET(1, &set);
		if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
			(void)sched_setaffinity(0, sizeof set, &set);
		client();
	}
	for (i = 0; i < nconns; i++)
		close(cfds[i]);

	malloc_trim(0);
	m0 = mallinfo2();
	r0 = rss_kb();
	t0 = cpu_now();
	for (i = 0; i < nconns; i++)
		accept_one(i);
	t1 = cpu_now();
	m1 = mallinfo2();
	r1 = rss_kb();
	memset(line, 'x', sizeof line);
	line[sizeof line - 2] = '\r';
	line[sizeof line - 1] = '\n';
	for (k = 0; k < nrecords; k++)
		write_one(k % nconns, line, sizeof line);
	t2 = cpu_now();
	waitpid(pid, &status, 0);
	for (i = 0; i < nconns; i++)
		sink(i);
	t3 = cpu_now();
	for (k = 0; k < nrecords; k++)
		write_one(k % nconns, line, sizeof line);
	t4 = cpu_now();
	printf("%s (%s), %d connections, %ld records of %zu bytes\n", lib,
	    name(0), nconns, nrecords, sizeof line);
	printf("  heap per idle connection:    %.2f KiB\n",
	    (double)(m1.uordblks - m0.uordblks) / nconns / 1024);
	printf("  RSS per idle connection:     %.2f KiB\n",
	    (double)(r1 - r0) / nconns);
	printf("  server CPU per handshake:    %.3f ms\n",
	    (t1 - t0) * 1e3 / nconns);
	printf("  server CPU per record sent:  %.3f us (write(2) included)\n",
	    (t2 - t1) * 1e6 / nrecords);
	printf("  server CPU per record, alone: %.3f us (encryption, no I/O)\n",
	    (t4 - t3) * 1e6 / nrecords);
	return (WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1);
usage:
	fprintf(stderr, "usage: tls-compare [-k] -l openssl|gnutls [-m records] "
	    "[-n conns] cert.pem key.pem\n");
	return (2);
}
