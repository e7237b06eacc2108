/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * TLS, on GnuTLS (doc/bench.md says why not OpenSSL: less memory per
 * idle connection and less CPU per record, measured).  A context holds
 * the certificate chain, the key and the priorities (ciphers, protocol
 * versions) read from the settings; a connection takes the current one
 * when it is accepted and holds it until it closes, so a reload (REHASH,
 * SIGHUP) changes what new connections get and nothing else.
 *
 * The handshake runs inside the loop: the transport drives it from its
 * own watcher, with a timer for tls_handshake_timeout, and calls
 * events->ready when it is done.  A peer whose first byte is not a TLS
 * handshake record is told in plain text that the port speaks TLS.
 * Each failed handshake is one log line with the reason.  Afterwards
 * reads and writes are records: a write sends as many records as the
 * socket takes, and one the socket refused halfway is finished, from
 * GnuTLS's own buffer, by the next write.  Nothing is cached between
 * connections (no session cache, no tickets), and GnuTLS holds no
 * record buffer while a connection is idle.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "conf.h"
#include "io.h"
#include "log.h"
#include "xmalloc.h"

#define IO_TLS_FILE_MAX	(1024 * 1024)	/* a certificate chain or key */

/* The certificate, key and priorities: shared by the connections. */
struct io_tls_ctx {
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t	 prio;
	unsigned		 refs;		/* current, and connections */
	char			 desc[256];	/* subject, expiry */
};

/* One connection's. */
struct io_tls {
	struct io_tls_ctx	*ctx;		/* a reference */
	gnutls_session_t	 session;	/* NULL until started */
	ev_timer		 timer;		/* the handshake's */
	char			*certfp;	/* owned; the peer's, or NULL */
	unsigned short		 offered;	/* the client's newest version */
	int			 flags;
#define IO_TLS_READY	0x1	/* the handshake is done */
#define IO_TLS_PEEKED	0x2	/* the first byte looked like TLS */
#define IO_TLS_RESEND	0x4	/* a record waits in GnuTLS's buffer */
};

static struct io_tls_ctx	*io_tls_current;
static int			 io_tls_inited;

#define io_of(p, field) \
	((struct io *)((char *)(p) - offsetof(struct io, field)))

static void
io_tls_ctx_unref(struct io_tls_ctx *ctx)
{
	if (ctx == NULL || --ctx->refs > 0)
		return;
	if (ctx->cred != NULL)
		gnutls_certificate_free_credentials(ctx->cred);
	if (ctx->prio != NULL)
		gnutls_priority_deinit(ctx->prio);
	free(ctx);
}

/* Read a whole file into d (freed with free); -1 with the reason. */
static int
io_tls_read_file(const char *what, const char *path, gnutls_datum_t *d,
    char *err, size_t errlen)
{
	FILE	*f;
	size_t	 n;

	d->data = NULL;
	d->size = 0;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s: %s", what, path,
		    strerror(errno));
		return (-1);
	}
	d->data = xmalloc(IO_TLS_FILE_MAX + 1);
	n = fread(d->data, 1, IO_TLS_FILE_MAX + 1, f);
	if (ferror(f) || n > IO_TLS_FILE_MAX) {
		snprintf(err, errlen, "%s: %s: %s", what, path, ferror(f) ?
		    strerror(errno) : "larger than 1 MB");
		fclose(f);
		free(d->data);
		d->data = NULL;
		return (-1);
	}
	fclose(f);
	d->data[n] = '\0';
	d->size = n;
	return (0);
}

/*
 * A new context from the settings: tls_cert (the chain, leaf first),
 * tls_key (or the same file), tls_min_version and tls_ciphers.  NULL
 * with "setting: file: reason" in err.
 */
static struct io_tls_ctx *
io_tls_ctx_new(char *err, size_t errlen)
{
	struct io_tls_ctx	*ctx = NULL;
	gnutls_datum_t		 cert = { NULL, 0 }, key = { NULL, 0 }, dn;
	gnutls_x509_crt_t	*crts = NULL;
	gnutls_x509_privkey_t	 pkey = NULL;
	unsigned char		 id1[64], id2[64];
	size_t			 id1len = sizeof id1, id2len = sizeof id2;
	unsigned		 ncrts = 0, i;
	const char		*keyfile, *errpos;
	char			 prio[512], expires[32];
	time_t			 t;
	int			 rc;

	if (!io_tls_inited) {
		if ((rc = gnutls_global_init()) < 0) {
			snprintf(err, errlen, "GnuTLS: %s",
			    gnutls_strerror(rc));
			return (NULL);
		}
		io_tls_inited = 1;
	}
	if (*conf.tls_cert == '\0') {
		snprintf(err, errlen, "tls_cert: no certificate file set");
		return (NULL);
	}
	keyfile = *conf.tls_key != '\0' ? conf.tls_key : conf.tls_cert;
	if (io_tls_read_file("tls_cert", conf.tls_cert, &cert, err,
	    errlen) != 0 || io_tls_read_file("tls_key", keyfile, &key, err,
	    errlen) != 0)
		goto fail;
	rc = gnutls_x509_crt_list_import2(&crts, &ncrts, &cert,
	    GNUTLS_X509_FMT_PEM, GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
	if (rc == 0 && ncrts == 0)
		rc = GNUTLS_E_NO_CERTIFICATE_FOUND;
	if (rc < 0) {
		snprintf(err, errlen, "tls_cert: %s: not a PEM certificate "
		    "chain (%s)", conf.tls_cert, gnutls_strerror(rc));
		goto fail;
	}
	if ((rc = gnutls_x509_privkey_init(&pkey)) < 0 ||
	    (rc = gnutls_x509_privkey_import2(pkey, &key, GNUTLS_X509_FMT_PEM,
	    NULL, 0)) < 0) {
		snprintf(err, errlen, "tls_key: %s: not a PEM private key "
		    "without a passphrase (%s)", keyfile, gnutls_strerror(rc));
		goto fail;
	}
	if (gnutls_x509_crt_get_key_id(crts[0], 0, id1, &id1len) < 0 ||
	    gnutls_x509_privkey_get_key_id(pkey, 0, id2, &id2len) < 0 ||
	    id1len != id2len || memcmp(id1, id2, id1len) != 0) {
		snprintf(err, errlen, "tls_key: %s: the key does not match "
		    "the certificate in %s", keyfile, conf.tls_cert);
		goto fail;
	}
	ctx = xcalloc(1, sizeof *ctx);
	ctx->refs = 1;
	if ((rc = gnutls_certificate_allocate_credentials(&ctx->cred)) < 0) {
		ctx->cred = NULL;
		snprintf(err, errlen, "GnuTLS: %s", gnutls_strerror(rc));
		goto fail;
	}
	if ((rc = gnutls_certificate_set_x509_key(ctx->cred, crts, ncrts,
	    pkey)) < 0) {
		snprintf(err, errlen, "tls_cert: %s: %s", conf.tls_cert,
		    gnutls_strerror(rc));
		goto fail;
	}
	/* The versions come from tls_min_version alone; 1.3 is preferred. */
	snprintf(prio, sizeof prio, "%s:-VERS-ALL:+VERS-TLS1.3%s",
	    conf.tls_ciphers, strcmp(conf.tls_min_version, "1.2") == 0 ?
	    ":+VERS-TLS1.2" : "");
	if ((rc = gnutls_priority_init(&ctx->prio, prio, &errpos)) < 0) {
		ctx->prio = NULL;
		snprintf(err, errlen, "tls_ciphers: not a GnuTLS priority "
		    "string (%s, at \"%.40s\")", gnutls_strerror(rc),
		    errpos != NULL ? errpos : "");
		goto fail;
	}
	t = gnutls_x509_crt_get_expiration_time(crts[0]);
	strftime(expires, sizeof expires, "%Y-%m-%d", gmtime(&t));
	if (gnutls_x509_crt_get_dn2(crts[0], &dn) == 0) {
		snprintf(ctx->desc, sizeof ctx->desc, "%s, expires %s%s",
		    (char *)dn.data, expires, t < time(NULL) ?
		    " (expired)" : "");
		gnutls_free(dn.data);
	}
	for (i = 0; i < ncrts; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	gnutls_x509_privkey_deinit(pkey);
	free(cert.data);
	free(key.data);
	return (ctx);
fail:
	io_tls_ctx_unref(ctx);
	for (i = 0; i < ncrts; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	if (pkey != NULL)
		gnutls_x509_privkey_deinit(pkey);
	free(cert.data);
	free(key.data);
	return (NULL);
}

/* Can the settings' certificate and key be loaded?  For natterd -t. */
int
io_tls_check(char *err, size_t errlen)
{
	struct io_tls_ctx	*ctx;

	if ((ctx = io_tls_ctx_new(err, errlen)) == NULL)
		return (-1);
	io_tls_ctx_unref(ctx);
	return (0);
}

/*
 * Load the settings' certificate and key for the connections accepted
 * from now on; on error the old ones (if any) stay in use.
 */
int
io_tls_load(char *err, size_t errlen)
{
	struct io_tls_ctx	*ctx;

	if ((ctx = io_tls_ctx_new(err, errlen)) == NULL)
		return (-1);
	io_tls_ctx_unref(io_tls_current);
	io_tls_current = ctx;
	return (0);
}

int
io_tls_loaded(void)
{
	return (io_tls_current != NULL);
}

/* The current certificate's subject and expiry, for the log. */
const char *
io_tls_describe(void)
{
	return (io_tls_current != NULL ? io_tls_current->desc : "none");
}

/* Drop the current context; connections keep theirs until they close. */
void
io_tls_unload(void)
{
	io_tls_ctx_unref(io_tls_current);
	io_tls_current = NULL;
	if (io_tls_inited) {
		gnutls_global_deinit();
		io_tls_inited = 0;
	}
}

/* The state for a connection just accepted, with the current context. */
void *
io_tls_accept(void)
{
	struct io_tls	*t;

	if (io_tls_current == NULL)
		return (NULL);
	t = xcalloc(1, sizeof *t);
	t->ctx = io_tls_current;
	t->ctx->refs++;
	return (t);
}

/* The handshake failed: one log line, then the connection ends. */
static void
io_tls_fail(struct io *io, const char *why)
{
	struct io_tls	*t = io->state;
	char		 who[IO_PEERSTRLEN], reason[160];

	ev_timer_stop(EV_DEFAULT, &t->timer);
	log_info("TLS handshake failed with %s: %s",
	    io_peer(io, who, sizeof who), why);
	snprintf(reason, sizeof reason, "TLS handshake failed: %s", why);
	io_fd_want(io, 0);
	io->events->failed(io, reason);
}

/* "1.2" for 0x0303 and so on. */
static const char *
io_tls_version_str(unsigned short v, char *buf, size_t size)
{
	if (v == 0x0300)
		snprintf(buf, size, "SSL 3.0");
	else if (v > 0x0300 && v < 0x0400)
		snprintf(buf, size, "TLS 1.%d", (v & 0xff) - 1);
	else
		snprintf(buf, size, "version 0x%04x", v);
	return (buf);
}

/* supported_versions (RFC 8446 4.2.1): the newest version offered. */
static int
io_tls_ext_cb(void *arg, unsigned id, const unsigned char *p, unsigned len)
{
	struct io_tls	*t = arg;
	unsigned	 i, v, newest = 0;

	if (id != 43 || len < 1 || p[0] + 1u > len)
		return (0);
	for (i = 1; i + 1 < p[0] + 1u; i += 2) {
		v = p[i] << 8 | p[i + 1];
		if ((v & 0x0f0f) == 0x0a0a)	/* GREASE (RFC 8701) */
			continue;
		if (v > newest && v < 0x0400)
			newest = v;
	}
	if (newest != 0)
		t->offered = newest;
	return (0);
}

/*
 * Before GnuTLS reads the ClientHello: note the newest version the
 * client offers, so that a handshake failing for want of a common
 * version can say so (GnuTLS reports no usable cipher suite then).
 */
static int
io_tls_hello_hook(gnutls_session_t session, unsigned type, unsigned when,
    unsigned incoming, const gnutls_datum_t *msg)
{
	struct io	*io = gnutls_session_get_ptr(session);
	struct io_tls	*t = io->state;

	if (!incoming || msg == NULL || msg->size < 2)
		return (0);
	t->offered = msg->data[0] << 8 | msg->data[1];
	(void)gnutls_ext_raw_parse(t, io_tls_ext_cb, msg,
	    GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO);
	return (0);
}

/* Why gnutls_handshake failed, in words for the log. */
static const char *
io_tls_why(struct io_tls *t, int rc, char *buf, size_t size)
{
	unsigned short	 min;
	char		 v[32];

	min = strcmp(conf.tls_min_version, "1.3") == 0 ? 0x0304 : 0x0303;
	if (t->offered != 0 && t->offered < min) {
		snprintf(buf, size, "bad protocol version: the client offers "
		    "at most %s, tls_min_version is %s",
		    io_tls_version_str(t->offered, v, sizeof v),
		    conf.tls_min_version);
		return (buf);
	}
	switch (rc) {
	case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
		snprintf(buf, size, "bad protocol version (%s; tls_min_version "
		    "%s)", gnutls_strerror(rc), conf.tls_min_version);
		break;
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		snprintf(buf, size, "the client sent the alert \"%s\"",
		    gnutls_alert_get_name(gnutls_alert_get(t->session)));
		break;
	case GNUTLS_E_PREMATURE_TERMINATION:
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PUSH_ERROR:
		snprintf(buf, size, "the client closed the connection");
		break;
	default:
		snprintf(buf, size, "%s", gnutls_strerror(rc));
		break;
	}
	return (buf);
}

/* The handshake is done: note the certificate, log, and go on. */
static void
io_tls_done(struct io *io)
{
	struct io_tls		*t = io->state;
	const gnutls_datum_t	*peer;
	unsigned char		 md[32];
	size_t			 mdlen = sizeof md, i;
	unsigned		 n = 0;
	char			 who[IO_PEERSTRLEN], *fp;

	ev_timer_stop(EV_DEFAULT, &t->timer);
	t->flags |= IO_TLS_READY;
	peer = gnutls_certificate_get_peers(t->session, &n);
	if (peer != NULL && n > 0 && gnutls_fingerprint(GNUTLS_DIG_SHA256,
	    &peer[0], md, &mdlen) == 0 && mdlen == sizeof md) {
		fp = t->certfp = xmalloc(IO_CERTFP_LEN);
		for (i = 0; i < mdlen; i++)
			snprintf(fp + 2 * i, 3, "%02x", md[i]);
	}
	log_info("TLS with %s: %s %s%s%s", io_peer(io, who, sizeof who),
	    gnutls_protocol_get_name(gnutls_protocol_get_version(
	    t->session)), gnutls_cipher_get_name(gnutls_cipher_get(
	    t->session)), t->certfp != NULL ? ", client certificate " : "",
	    t->certfp != NULL ? t->certfp : "");
	io_fd_want(io, 0);
	io->events->ready(io);
}

/* One step of the handshake, when the socket is ready for it. */
static void
io_tls_handshake(struct io *io)
{
	static const char	 plain[] = "ERROR :Closing Link: * (This port "
	    "speaks TLS: use a TLS client, or the plain port)\r\n";
	struct io_tls		*t = io->state;
	unsigned char		 first;
	char			 why[160], junk[4096];
	ssize_t			 n;
	int			 rc, i;

	if (!(t->flags & IO_TLS_PEEKED)) {
		/* A TLS client begins with a handshake record (type 22). */
		n = recv(io->fd, &first, 1, MSG_PEEK);
		if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
			io_fd_want(io, IO_READ);
			return;
		}
		if (n <= 0) {
			io_tls_fail(io, n == 0 ? "the client closed the "
			    "connection" : strerror(errno));
			return;
		}
		if (first != 22) {
			/*
			 * Take in what was sent, so that closing sends a FIN
			 * and not a reset, which would lose the answer.
			 */
			for (i = 0; i < 16 && recv(io->fd, junk, sizeof junk,
			    0) > 0; i++)
				continue;
			(void)send(io->fd, plain, sizeof plain - 1,
			    MSG_NOSIGNAL);
			io_tls_fail(io, "plain text on a TLS port");
			return;
		}
		t->flags |= IO_TLS_PEEKED;
	}
	rc = gnutls_handshake(t->session);
	if (rc == GNUTLS_E_SUCCESS) {
		io_tls_done(io);
		return;
	}
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED ||
	    (rc == GNUTLS_E_WARNING_ALERT_RECEIVED)) {
		io_fd_want(io, gnutls_record_get_direction(t->session) ?
		    IO_WRITE : IO_READ);
		return;
	}
	io_tls_fail(io, io_tls_why(t, rc, why, sizeof why));
}

static void
io_tls_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct io_tls	*t = (struct io_tls *)((char *)w -
			    offsetof(struct io_tls, timer));
	struct io	*io;
	char		 why[64];

	/* The io is found through the session's transport pointer. */
	io = gnutls_session_get_ptr(t->session);
	snprintf(why, sizeof why, "timed out after %ld s",
	    conf.tls_handshake_timeout);
	io_tls_fail(io, why);
}

/* The one watcher: the handshake first, then as io_fd_cb does. */
static void
io_tls_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct io	*io = io_of(w, w);
	struct io_tls	*t = io->state;

	if (!(t->flags & IO_TLS_READY)) {
		io_tls_handshake(io);
		return;
	}
	if (revents & EV_READ)
		io->events->readable(io);
	if ((revents & EV_WRITE) && (io->want & IO_WRITE))
		io->events->writable(io);
}

static void
io_tls_start(struct io *io)
{
	struct io_tls	*t = io->state;
	int		 rc;

	rc = gnutls_init(&t->session, GNUTLS_SERVER | GNUTLS_NO_SIGNAL |
	    GNUTLS_NO_TICKETS);
	if (rc < 0) {
		t->session = NULL;
		io->events->failed(io, gnutls_strerror(rc));
		return;
	}
	gnutls_priority_set(t->session, t->ctx->prio);
	gnutls_credentials_set(t->session, GNUTLS_CRD_CERTIFICATE,
	    t->ctx->cred);
	/* Ask for a certificate (CertFP); none is fine, any is taken. */
	gnutls_certificate_server_set_request(t->session, GNUTLS_CERT_REQUEST);
	gnutls_handshake_set_timeout(t->session, 0);
	gnutls_transport_set_int(t->session, io->fd);
	gnutls_session_set_ptr(t->session, io);
	gnutls_handshake_set_hook_function(t->session,
	    GNUTLS_HANDSHAKE_CLIENT_HELLO, GNUTLS_HOOK_PRE, io_tls_hello_hook);
	ev_set_cb(&io->w, io_tls_cb);
	ev_timer_init(&t->timer, io_tls_timeout_cb,
	    (ev_tstamp)conf.tls_handshake_timeout, 0.);
	ev_timer_start(EV_DEFAULT, &t->timer);
	io_tls_handshake(io);
}

static ssize_t
io_tls_read(struct io *io, void *p, size_t size)
{
	struct io_tls	*t = io->state;
	ssize_t		 n;

	if (t == NULL || !(t->flags & IO_TLS_READY)) {
		errno = EAGAIN;
		return (-1);
	}
	n = gnutls_record_recv(t->session, p, size);
	if (n >= 0)
		return (n);
	switch (n) {
	case GNUTLS_E_AGAIN:
	case GNUTLS_E_WARNING_ALERT_RECEIVED:
		errno = EAGAIN;
		return (-1);
	case GNUTLS_E_INTERRUPTED:
		errno = EINTR;
		return (-1);
	case GNUTLS_E_PREMATURE_TERMINATION:
		return (0);	/* closed without close_notify: closed all the same */
	case GNUTLS_E_REHANDSHAKE:
		io->events->failed(io, "TLS renegotiation refused");
		break;
	default:
		io->events->failed(io, gnutls_strerror(n));
		break;
	}
	errno = EAGAIN;		/* failed has closed it */
	return (-1);
}

/*
 * Send records until all of p is sent or the socket is full.  A record
 * the socket took only part of stays in GnuTLS's buffer and counts as
 * not sent: the next call (with the same bytes first, as conn's wbuf
 * has them) finishes it first.
 */
static ssize_t
io_tls_write(struct io *io, const void *p, size_t size)
{
	struct io_tls	*t = io->state;
	size_t		 done = 0;
	ssize_t		 n;

	if (t == NULL || !(t->flags & IO_TLS_READY)) {
		errno = ENOTCONN;
		return (-1);
	}
	while (done < size) {
		if (t->flags & IO_TLS_RESEND)
			n = gnutls_record_send(t->session, NULL, 0);
		else
			n = gnutls_record_send(t->session, (const char *)p +
			    done, size - done);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
			t->flags |= IO_TLS_RESEND;
			if (done > 0)
				return (done);
			errno = n == GNUTLS_E_AGAIN ? EAGAIN : EINTR;
			return (-1);
		}
		t->flags &= ~IO_TLS_RESEND;
		if (n < 0) {
			if (done > 0)
				return (done);
			errno = EPIPE;
			return (-1);
		}
		done += n;
	}
	return (done);
}

static size_t
io_tls_pending(struct io *io)
{
	struct io_tls	*t = io->state;

	if (t == NULL || !(t->flags & IO_TLS_READY))
		return (0);
	return (gnutls_record_check_pending(t->session));
}

static void
io_tls_shutdown(struct io *io)
{
	struct io_tls	*t = io->state;

	/* close_notify, if the socket takes it now; then the FIN. */
	if (t != NULL && (t->flags & IO_TLS_READY))
		(void)gnutls_bye(t->session, GNUTLS_SHUT_WR);
	if (io->fd != -1)
		shutdown(io->fd, SHUT_WR);
}

static void
io_tls_close(struct io *io)
{
	struct io_tls	*t = io->state;

	io_fd_close(io);
	if (t == NULL)
		return;
	ev_timer_stop(EV_DEFAULT, &t->timer);
	if (t->session != NULL)
		gnutls_deinit(t->session);
	io_tls_ctx_unref(t->ctx);
	free(t->certfp);
	free(t);
	io->state = NULL;
}

static int
io_tls_secure(struct io *io)
{
	struct io_tls	*t = io->state;

	return (t != NULL && (t->flags & IO_TLS_READY));
}

static const char *
io_tls_certfp(struct io *io)
{
	struct io_tls	*t = io->state;

	return (t != NULL ? t->certfp : NULL);
}

/* The handshake's timeout finds the io through the session. */
static void
io_tls_moved(struct io *io)
{
	struct io_tls	*t = io->state;

	if (t->session != NULL)
		gnutls_session_set_ptr(t->session, io);
}

const struct io_ops io_tls_ops = {
	"tls",
	io_tls_start, io_tls_read, io_tls_write, io_tls_pending,
	io_fd_want, io_tls_shutdown, io_tls_close, io_tls_secure,
	io_tls_certfp, io_tls_moved,
};
