/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Transports.  A struct io is one connection's way to its peer: plain
 * TCP, TLS, WebSocket next, and an in-memory transport for the unit
 * tests and the fuzzer.  The transport owns the descriptor and the
 * libev watcher; the layer above (conn) asks it for readiness with
 * io_want, reads and writes through it, and hears back through the
 * struct io_events it registered.  Output stays plain IRC text up to
 * here: a transport that frames (WebSocket) frames in its write.
 */

#ifndef IO_H
#define IO_H

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <stddef.h>

#include <ev.h>

struct io;

/* What the layer above hears; it registers one table for all its ios. */
struct io_events {
	void	(*ready)(struct io *);		/* handshake done */
	void	(*readable)(struct io *);	/* io_read may give data */
	void	(*writable)(struct io *);	/* a refused write may go on */
	void	(*failed)(struct io *, const char *);	/* cannot go on */
};

/* A transport: one table of these per kind. */
struct io_ops {
	const char	*name;
	/* Begin: call events->ready now or once a handshake is done. */
	void		(*start)(struct io *);
	/* Like read(2) and write(2): -1 with errno EAGAIN to come back. */
	ssize_t		(*read)(struct io *, void *, size_t);
	ssize_t		(*write)(struct io *, const void *, size_t);
	/* Bytes read from the peer and held inside the transport. */
	size_t		(*pending)(struct io *);
	/* Watch for IO_READ and IO_WRITE readiness, or neither. */
	void		(*want)(struct io *, int);
	/* No more output: the graceful end (FIN, close_notify...). */
	void		(*shutdown)(struct io *);
	/* Stop watching, close, free the transport's state. */
	void		(*close)(struct io *);
	/*
	 * What the layers above may know of the transport and nothing
	 * more: whether the peer is reached securely (user mode +Z, WHOIS
	 * 671, channel mode +z, the sts policy), and the SHA-256
	 * fingerprint of the certificate the peer presented, in lower-case
	 * hex, or NULL (CertFP: WHOIS 276, operators by fingerprint).
	 * Both are final once events->ready was called.
	 */
	int		(*secure)(struct io *);
	const char	*(*certfp)(struct io *);
	/*
	 * The struct io was moved (io_move): update what points back to
	 * it.  NULL: nothing does.
	 */
	void		(*moved)(struct io *);
};

#define IO_READ		0x1
#define IO_WRITE	0x2

struct io {
	const struct io_ops	*ops;
	const struct io_events	*events;
	void			*state;		/* the transport's; or NULL */
	int			 fd;		/* -1 without a descriptor */
	unsigned char		 want;		/* IO_READ | IO_WRITE */
	unsigned char		 family;	/* AF_INET, AF_INET6 or 0 */
	unsigned short		 port;		/* the peer's */
	struct in6_addr		 addr;		/* the peer's; IPv4 mapped */
	ev_io			 w;
};

#define IO_ADDRSTRLEN	INET6_ADDRSTRLEN
#define IO_PEERSTRLEN	(IO_ADDRSTRLEN + 8)	/* [address]:port */

extern const struct io_ops	io_tcp_ops;
extern const struct io_ops	io_mem_ops;
extern const struct io_ops	io_tls_ops;
extern const struct io_ops	io_ws_ops;

/* A SHA-256 fingerprint in hex, NUL included. */
#define IO_CERTFP_LEN	65

void		 io_init(struct io *, const struct io_ops *, int, void *,
		     const struct sockaddr *, const struct io_events *);
const char	*io_addr(const struct io *, char *, size_t);
const char	*io_peer(const struct io *, char *, size_t);
void		 io_keepalive(struct io *);
void		 io_move(struct io *, struct io *);

/* For transports over a descriptor (io.c). */
void		 io_fd_want(struct io *, int);
void		 io_fd_close(struct io *);

#define io_start(io)		((io)->ops->start(io))
#define io_read(io, p, n)	((io)->ops->read((io), (p), (n)))
#define io_write(io, p, n)	((io)->ops->write((io), (p), (n)))
#define io_pending(io)		((io)->ops->pending(io))
#define io_want(io, w)		((io)->ops->want((io), (w)))
#define io_shutdown(io)		((io)->ops->shutdown(io))
#define io_close(io)		((io)->ops->close(io))
#define io_secure(io)		((io)->ops->secure(io))
#define io_certfp(io)		((io)->ops->certfp(io))

/* For transports that are not secure (io.c). */
int		 io_insecure(struct io *);
const char	*io_no_certfp(struct io *);

/*
 * TLS (io-tls.c).  The certificate, key and settings are loaded into a
 * context; a listener takes the current one for each connection it
 * accepts (io_tls_accept gives the state to pass with io_tls_ops), so
 * a reload changes what new connections get while the others keep the
 * context they began with.
 */
int		 io_tls_check(char *, size_t);
int		 io_tls_load(char *, size_t);
int		 io_tls_loaded(void);
void		*io_tls_accept(void);
const char	*io_tls_describe(void);
void		 io_tls_unload(void);

/*
 * WebSocket (io-ws.c) over the transport of an io, not yet started (a
 * web listener's) or already ready, with the bytes it has read (a
 * request line, from the undecided front).  The HTTP request is its
 * handshake.
 */
typedef void	 io_wrap_fn(struct io *, int, const void *, size_t);
io_wrap_fn	 io_ws_wrap;

/*
 * The in-memory transport (io-mem.c): a struct io_mem stands for the
 * peer and outlives the connection, so a test can read what was sent
 * after the server closed it.
 */
struct io_mem;

struct io_mem	*io_mem_new(void);
void		 io_mem_free(struct io_mem *);
void		 io_mem_send(struct io_mem *, const void *, size_t);
void		 io_mem_eof(struct io_mem *);
void		 io_mem_fail(struct io_mem *, int);
void		 io_mem_block(struct io_mem *, size_t);
void		 io_mem_chunk(struct io_mem *, size_t, int);
const char	*io_mem_output(struct io_mem *, size_t *);
void		 io_mem_consume(struct io_mem *, size_t);
int		 io_mem_closed(struct io_mem *);
int		 io_mem_poll(void);
void		 io_mem_secure(struct io_mem *, const char *);

#endif
