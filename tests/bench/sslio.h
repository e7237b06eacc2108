/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Reads and writes on a benchmark socket that may speak TLS (OpenSSL),
 * with the errno conventions of read(2) and write(2): -1 and EAGAIN to
 * come back later, 0 at the end.  Shared by natter-bench and floor.
 */

#ifndef SSLIO_H
#define SSLIO_H

#include <errno.h>
#include <unistd.h>

#include <openssl/ssl.h>

/* read(2) on fd, or SSL_read on ssl when it is not NULL. */
static inline ssize_t
sslio_read(int fd, SSL *ssl, void *p, size_t n)
{
	int	 r;

	if (ssl == NULL)
		return read(fd, p, n);
	if ((r = SSL_read(ssl, p, (int)n)) > 0)
		return r;
	switch (SSL_get_error(ssl, r)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_SYSCALL:
		/* errno 0: the peer closed without close_notify. */
		return errno == 0 ? 0 : -1;
	default:
		errno = EPROTO;
		return -1;
	}
}

/* write(2) on fd, or SSL_write (partial writes on) on ssl. */
static inline ssize_t
sslio_write(int fd, SSL *ssl, const void *p, size_t n)
{
	int	 r;

	if (ssl == NULL)
		return write(fd, p, n);
	if ((r = SSL_write(ssl, p, (int)n)) > 0)
		return r;
	switch (SSL_get_error(ssl, r)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		errno = EAGAIN;
		break;
	default:
		errno = EPIPE;
		break;
	}
	return -1;
}

#endif
