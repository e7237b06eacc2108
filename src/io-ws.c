/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * WebSocket, the third transport (RFC 6455, and the IRCv3 WebSocket
 * specification): a transport over another one, plain TCP or TLS, that
 * it takes over whole (io_move).  Its handshake is HTTP: the request
 * head is read and answered here, before the layers above hear that the
 * connection is ready.  A request for the WebSocket path with a valid
 * upgrade becomes an IRC connection; any other is answered from the web
 * page's files (web.c) or with an error status, and the connection
 * ends.
 *
 * Above it, the connection reads and writes plain IRC lines: each
 * message from the client becomes one line with CRLF added, and each
 * line the connection writes becomes one frame (text.ircv3.net, or
 * none asked: a text frame, UTF-8 made valid; binary.ircv3.net: a
 * binary frame).  A message may be as long as a line may (line_max
 * and the IRCv3 tags).  The frames of one write go out in one write of the
 * transport below, so a flush is still one system call (or one TLS
 * record batch) per recipient.  While frames wait for the transport
 * below, a write is refused, so that what waits stays in the
 * connection's buffer and counts against its sendq.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conf.h"
#include "http.h"
#include "io.h"
#include "log.h"
#include "msg.h"
#include "utf8.h"
#include "web.h"
#include "ws.h"
#include "xmalloc.h"

#define IO_WS_READ	4096		/* bytes read from below at a time */

enum io_ws_state {
	IO_WS_INNER,		/* the transport below is not ready */
	IO_WS_HTTP,		/* reading the request head */
	IO_WS_OPEN,		/* frames both ways */
	IO_WS_ENDING,		/* the last bytes go out, then it fails */
	IO_WS_DONE,		/* failed: nothing more in or out */
};

struct io_ws {
	struct io		 inner;		/* the transport below */
	struct io		*outer;		/* the connection's */
	enum io_ws_state	 state;
	unsigned char		 binary;	/* binary.ircv3.net */
	unsigned char		 want;		/* what the layer above wants */
	unsigned char		 eof;		/* the peer closed */
	struct buf		 in;		/* from below, not yet taken */
	struct buf		 msg;		/* a fragmented message */
	struct buf		 lines;		/* lines for the layer above */
	struct buf		 out;		/* for below, not yet written */
	ev_timer		 timer;		/* the request head's deadline */
	char			*why;		/* owned; why it ends */
};

static void	io_ws_log(struct io_ws *, const char *, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));
static void	io_ws_inner_ready(struct io *);
static void	io_ws_inner_readable(struct io *);
static void	io_ws_inner_writable(struct io *);
static void	io_ws_inner_failed(struct io *, const char *);
static int	io_ws_frames(struct io_ws *);

static const struct io_events io_ws_inner_events = {
	io_ws_inner_ready, io_ws_inner_readable, io_ws_inner_writable,
	io_ws_inner_failed,
};

#define io_ws_of(io) \
	((struct io_ws *)((char *)(io) - offsetof(struct io_ws, inner)))

/* Tell the transport below what to watch. */
static void
io_ws_watch(struct io_ws *ws)
{
	int	 want = 0;

	switch (ws->state) {
	case IO_WS_INNER:
		return;		/* it watches for its handshake itself */
	case IO_WS_HTTP:
		want = IO_READ;
		break;
	case IO_WS_OPEN:
		want = ws->want & IO_READ;
		if ((ws->want & IO_WRITE) || buf_used(&ws->out) > 0)
			want |= IO_WRITE;
		break;
	case IO_WS_ENDING:
		want = IO_WRITE;
		break;
	case IO_WS_DONE:
		break;
	}
	io_want(&ws->inner, want);
}

/* Write what waits below; 0 when all of it went, 1 if some waits, -1. */
static int
io_ws_flush(struct io_ws *ws)
{
	ssize_t	 n;

	while (buf_used(&ws->out) > 0) {
		n = io_write(&ws->inner, buf_head(&ws->out),
		    buf_used(&ws->out));
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return (1);
		if (n <= 0)
			return (-1);
		buf_drain(&ws->out, n);
	}
	buf_free(&ws->out);
	return (0);
}

/*
 * Log a line on the peer: what ("HTTP", "WebSocket from"), its address
 * and port, then the rest.
 */
static void
io_ws_log(struct io_ws *ws, const char *what, const char *fmt, ...)
{
	char	 who[IO_PEERSTRLEN], rest[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(rest, sizeof rest, fmt, ap);
	va_end(ap);
	log_info("%s %s%s", what, io_peer(ws->outer, who, sizeof who), rest);
}

/* The end: tell the layer above once, with the reason. */
static void
io_ws_fail(struct io_ws *ws, const char *fmt, ...)
{
	char	 why[256];
	va_list	 ap;

	if (ws->state == IO_WS_DONE)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	ws->state = IO_WS_DONE;
	ev_timer_stop(EV_DEFAULT, &ws->timer);
	io_want(&ws->inner, 0);
	ws->outer->events->failed(ws->outer, why);
}

/*
 * End after the bytes queued in out have gone (a response, a close
 * frame): the reason is kept until then.
 */
static void
io_ws_end(struct io_ws *ws, const char *fmt, ...)
{
	char	 why[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	free(ws->why);
	ws->why = xstrdup(why);
	ev_timer_stop(EV_DEFAULT, &ws->timer);
	ws->state = IO_WS_ENDING;
	if (io_ws_flush(ws) != 1) {
		io_shutdown(&ws->inner);
		io_ws_fail(ws, "%s", ws->why);
		return;
	}
	io_ws_watch(ws);
}

/* Queue one frame for below: room for it made once, the payload copied. */
static void
io_ws_frame(struct io_ws *ws, int opcode, const void *p, size_t len)
{
	uint8_t	*h;
	size_t	 hlen;

	h = (uint8_t *)buf_space(&ws->out, WS_HEADER_MAX + len);
	hlen = ws_frame_header(h, 1, opcode, len);
	if (len > 0)
		memcpy(h + hlen, p, len);
	buf_commit(&ws->out, hlen + len);
}

/* Close with a code (RFC 6455 section 7.1.7), then end. */
static void
io_ws_close(struct io_ws *ws, int code, const char *why)
{
	uint8_t	 p[2];

	if (ws->state != IO_WS_OPEN)
		return;
	p[0] = code >> 8;
	p[1] = code & 0xff;
	io_ws_frame(ws, WS_OP_CLOSE, p, sizeof p);
	io_ws_log(ws, "WebSocket from", " closed: %s (%d)", why, code);
	io_ws_end(ws, "WebSocket: %s (%d)", why, code);
}

/* An HTTP response with a short body of its own, or a file's. */
static void
io_ws_respond(struct io_ws *ws, int status, const char *head,
    const struct web_file *f, int body)
{
	char		 line[1024], text[128];
	const char	*csp = "";
	size_t		 len;
	int		 n;

	/* The page may talk only to its own server, and not be framed. */
	if (f != NULL && f->csp != NULL)
		csp = f->csp;
	else if (f != NULL && strncmp(f->type, "text/html", 9) == 0)
		csp = "default-src 'self'; connect-src 'self' ws: wss:; "
		    "frame-ancestors 'none'";
	if (f == NULL) {
		n = snprintf(text, sizeof text, "%d %s\n", status,
		    http_status_text(status));
		len = n > 0 ? (size_t)n : 0;
	} else
		len = f->len;
	n = snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\n"
	    "Content-Type: %s\r\nContent-Length: %zu\r\n"
	    "X-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\n"
	    "%s%s%sConnection: close\r\n%s\r\n", status,
	    http_status_text(status), f != NULL ? f->type :
	    "text/plain; charset=utf-8", len,
	    *csp != '\0' ? "Content-Security-Policy: " : "", csp,
	    *csp != '\0' ? "\r\n" : "", head);
	if (n > 0 && (size_t)n < sizeof line)
		buf_add(&ws->out, line, n);
	if (body)
		buf_add(&ws->out, f != NULL ? f->data : text, len);
}

/* Is origin one of web_origins (empty: any)? */
static int
io_ws_origin_ok(const char *origin)
{
	if (conf.web_origins == NULL || *conf.web_origins == '\0')
		return (1);
	return (conf_list_has(conf.web_origins, origin, strlen(origin), 1));
}

/* Is the peer one of web_proxies, whose forwarding headers are believed? */
static int
io_ws_proxy_ok(const struct io *io)
{
	char	 addr[IO_ADDRSTRLEN];

	io_addr(io, addr, sizeof addr);
	return (conf_list_has(conf.web_proxies, addr, strlen(addr), 0));
}

/*
 * The client's address as a trusted proxy gives it: the last address of
 * X-Forwarded-For (the one the proxy itself added), or the for= of the
 * last element of Forwarded (RFC 7239).  0 if one was taken; 1 if the
 * proxy gave none, or "unknown" or a name it made up (RFC 7239 section
 * 6), and its own address stays; -1 if what it gave is malformed.
 */
static int
io_ws_forwarded(struct io *io, const struct http_request *r)
{
	const char	*v, *p;
	char		 addr[IO_ADDRSTRLEN + 2];
	size_t		 n;
	struct in_addr	 a4;
	struct in6_addr	 a6;

	if (r->seen[HTTP_FORWARDED]) {
		v = r->field[HTTP_FORWARDED];
		if ((p = strrchr(v, ',')) != NULL)
			v = p + 1;
		if ((p = strcasestr(v, "for=")) == NULL)
			return (-1);
		v = p + 4;
		v += strspn(v, "\"[");
		n = strcspn(v, "\"]; ,");
		/* for="1.2.3.4:5678": no port for IPv4. */
		if (memchr(v, ':', n) != NULL && memchr(v, '.', n) != NULL)
			n = (const char *)memchr(v, ':', n) - v;
	} else if (r->seen[HTTP_X_FORWARDED_FOR]) {
		v = r->field[HTTP_X_FORWARDED_FOR];
		if ((p = strrchr(v, ',')) != NULL)
			v = p + 1;
		v += strspn(v, " ");
		n = strcspn(v, " ");
	} else
		return (1);
	if ((n == 7 && strncasecmp(v, "unknown", n) == 0) ||
	    (n > 0 && *v == '_'))
		return (1);
	if (n == 0 || n >= sizeof addr)
		return (-1);
	memcpy(addr, v, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, &a4) == 1) {
		memset(&io->addr, 0, sizeof io->addr);
		io->addr.s6_addr[10] = io->addr.s6_addr[11] = 0xff;
		memcpy(&io->addr.s6_addr[12], &a4, 4);
		io->family = AF_INET;
	} else if (inet_pton(AF_INET6, addr, &a6) == 1) {
		io->addr = a6;
		io->family = IN6_IS_ADDR_V4MAPPED(&a6) ? AF_INET : AF_INET6;
	} else
		return (-1);
	io->port = 0;
	return (0);
}

/*
 * Pick a subprotocol from the client's list, in its order of
 * preference: 1 binary.ircv3.net, 0 text.ircv3.net or none offered, -1
 * if it offered only others.
 */
static int
io_ws_subprotocol(const struct http_request *r)
{
	const char	*p = r->field[HTTP_WS_PROTOCOL];
	size_t		 w;

	if (!r->seen[HTTP_WS_PROTOCOL])
		return (0);
	while (*p != '\0') {
		p += strspn(p, " ,\t");
		w = strcspn(p, " ,\t");
		if (w == 16 && strncasecmp(p, "binary.ircv3.net", w) == 0)
			return (1);
		if (w == 14 && strncasecmp(p, "text.ircv3.net", w) == 0)
			return (0);
		p += w;
	}
	return (-1);
}

/* The WebSocket upgrade (RFC 6455 section 4.2.2); 0 if it opened. */
static int
io_ws_upgrade(struct io_ws *ws, const struct http_request *r)
{
	char		 accept[WS_ACCEPT_LEN + 1], head[256];
	int		 proto;

	if (!r->seen[HTTP_UPGRADE] ||
	    !http_has_token(r->field[HTTP_UPGRADE], "websocket") ||
	    !http_has_token(r->field[HTTP_CONNECTION], "upgrade")) {
		io_ws_respond(ws, 426, "Upgrade: websocket\r\n", NULL, 1);
		return (426);
	}
	if (strcmp(r->field[HTTP_WS_VERSION], "13") != 0) {
		io_ws_respond(ws, 426, "Sec-WebSocket-Version: 13\r\n", NULL, 1);
		return (426);
	}
	if (strcmp(r->method, "GET") != 0 || r->minor < 1 ||
	    ws_accept_key(r->field[HTTP_WS_KEY], accept, sizeof accept) != 0) {
		io_ws_respond(ws, 400, "", NULL, 1);
		return (400);
	}
	if (r->seen[HTTP_ORIGIN] && !io_ws_origin_ok(r->field[HTTP_ORIGIN])) {
		io_ws_respond(ws, 403, "", NULL, 1);
		return (403);
	}
	if ((proto = io_ws_subprotocol(r)) < 0) {
		io_ws_respond(ws, 400, "", NULL, 1);
		return (400);
	}
	if (io_ws_proxy_ok(&ws->inner) && io_ws_forwarded(ws->outer, r) < 0) {
		io_ws_respond(ws, 400, "", NULL, 1);
		return (400);
	}
	ws->binary = proto == 1;
	snprintf(head, sizeof head, "HTTP/1.1 101 Switching Protocols\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Accept: %s\r\n%s%s%s\r\n", accept,
	    r->seen[HTTP_WS_PROTOCOL] ? "Sec-WebSocket-Protocol: " : "",
	    r->seen[HTTP_WS_PROTOCOL] ? (proto ? "binary.ircv3.net" :
	    "text.ircv3.net") : "", r->seen[HTTP_WS_PROTOCOL] ? "\r\n" : "");
	buf_add(&ws->out, head, strlen(head));
	io_ws_log(ws, "WebSocket from", " (%s)%s%s", ws->binary ?
	    "binary.ircv3.net" : r->seen[HTTP_WS_PROTOCOL] ?
	    "text.ircv3.net" : "no subprotocol: text", ws->outer->port == 0 ?
	    ", forwarded by " : "", ws->outer->port == 0 ?
	    io_addr(&ws->inner, head, sizeof head) : "");
	return (0);
}

/* The request head is whole: answer it. */
static void
io_ws_request(struct io_ws *ws, const struct http_request *r)
{
	const struct web_file	*f;
	char			 path[HTTP_TARGET_MAX + 1];
	int			 status;

	strlcpy(path, r->target, sizeof path);
	path[strcspn(path, "?#")] = '\0';
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		io_ws_respond(ws, 405, "Allow: GET, HEAD\r\n", NULL, 1);
		status = 405;
	} else if (strcmp(path, conf.web_socket_path) == 0 &&
	    (r->seen[HTTP_UPGRADE] || r->seen[HTTP_WS_KEY] ||
	    web_find(path) == NULL)) {
		if ((status = io_ws_upgrade(ws, r)) == 0) {
			buf_drain(&ws->in, r->length);
			ev_timer_stop(EV_DEFAULT, &ws->timer);
			ws->state = IO_WS_OPEN;
			if (io_ws_flush(ws) == -1) {
				io_ws_fail(ws, "Write error: %s",
				    strerror(errno));
				return;
			}
			/* Frames sent with the request become lines now. */
			if (io_ws_frames(ws) != 0)
				return;
			ws->outer->events->ready(ws->outer);
			return;
		}
	} else if ((f = web_find(path)) != NULL) {
		io_ws_respond(ws, 200, "", f, strcmp(r->method, "HEAD") != 0);
		status = 200;
	} else {
		io_ws_respond(ws, 404, "", NULL, 1);
		status = 404;
	}
	io_ws_log(ws, "HTTP", ": %s %s: %d", r->method, r->target, status);
	io_ws_end(ws, "HTTP %s %s: %d", r->method, path, status);
}

/* Read the request head; answer it once it is whole. */
static void
io_ws_http(struct io_ws *ws)
{
	struct http_request	 r;
	ssize_t			 n;
	int			 rc, status;

	for (;;) {
		rc = http_parse(buf_head(&ws->in), buf_used(&ws->in),
		    conf.web_request_max, conf.web_headers_max, &r, &status);
		if (rc == HTTP_DONE) {
			io_ws_request(ws, &r);
			return;
		}
		if (rc == HTTP_ERROR) {
			io_ws_respond(ws, status, "", NULL, 1);
			io_ws_log(ws, "HTTP", ": bad request (%d)", status);
			io_ws_end(ws, "HTTP: bad request (%d)", status);
			return;
		}
		if (ws->eof) {
			io_ws_fail(ws, "Connection closed");
			return;
		}
		n = io_read(&ws->inner, buf_space(&ws->in, IO_WS_READ),
		    IO_WS_READ);
		if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
			io_ws_watch(ws);
			return;
		}
		if (n == -1) {
			io_ws_fail(ws, "Read error: %s", strerror(errno));
			return;
		}
		if (n == 0)
			ws->eof = 1;
		else
			buf_commit(&ws->in, n);
	}
}

static void
io_ws_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct io_ws	*ws = (struct io_ws *)((char *)w -
			    offsetof(struct io_ws, timer));

	/* RFC 9110 section 15.5.9: say so, and close. */
	io_ws_respond(ws, 408, "", NULL, 1);
	io_ws_log(ws, "HTTP", ": no request within %ld s", conf.web_timeout);
	io_ws_end(ws, "HTTP: no request within %ld s", conf.web_timeout);
}

/* Begin reading the request head (the transport below is ready). */
static void
io_ws_begin(struct io_ws *ws)
{
	ws->state = IO_WS_HTTP;
	ev_timer_set(&ws->timer, conf.web_timeout, 0);
	ev_timer_start(EV_DEFAULT, &ws->timer);
	io_ws_http(ws);
}

static void
io_ws_inner_ready(struct io *inner)
{
	io_ws_begin(io_ws_of(inner));
}

static void
io_ws_inner_readable(struct io *inner)
{
	struct io_ws	*ws = io_ws_of(inner);

	if (ws->state == IO_WS_HTTP)
		io_ws_http(ws);
	else if (ws->state == IO_WS_OPEN)
		ws->outer->events->readable(ws->outer);
}

static void
io_ws_inner_writable(struct io *inner)
{
	struct io_ws	*ws = io_ws_of(inner);
	int		 rc;

	if (ws->state != IO_WS_OPEN && ws->state != IO_WS_ENDING)
		return;
	if ((rc = io_ws_flush(ws)) == -1) {
		io_ws_fail(ws, "Write error: %s", strerror(errno));
		return;
	}
	if (ws->state == IO_WS_ENDING) {
		if (rc == 0) {
			io_shutdown(&ws->inner);
			io_ws_fail(ws, "%s", ws->why);
		}
		return;
	}
	io_ws_watch(ws);
	if (rc == 0 && (ws->want & IO_WRITE))
		ws->outer->events->writable(ws->outer);
}

static void
io_ws_inner_failed(struct io *inner, const char *why)
{
	io_ws_fail(io_ws_of(inner), "%s", why);
}

/*
 * Take the complete frames in ws->in apart: control frames answered,
 * messages turned into lines.  -1 once the connection is closing.
 */
static int
io_ws_frames(struct io_ws *ws)
{
	struct ws_frame	 f;
	size_t		 max = (size_t)conf.line_max + MSG_TAGS_MAX, n;
	long		 used;
	int		 code;
	uint8_t		*p;

	while (buf_used(&ws->in) > 0) {
		used = ws_frame_parse((uint8_t *)buf_head(&ws->in),
		    buf_used(&ws->in), max, &f, &code);
		if (used == WS_INCOMPLETE)
			break;
		if (used < 0) {
			io_ws_close(ws, code, code == WS_CLOSE_TOO_BIG ?
			    "frame too long" : "protocol error");
			return (-1);
		}
		switch (f.opcode) {
		case WS_OP_PING:
			io_ws_frame(ws, WS_OP_PONG, f.payload, f.len);
			break;
		case WS_OP_PONG:
			break;
		case WS_OP_CLOSE:
			code = f.len >= 2 ? f.payload[0] << 8 | f.payload[1] :
			    WS_CLOSE_NO_STATUS;
			/* Codes an endpoint may send (RFC 6455 7.4). */
			if (f.len == 1 || (f.len >= 2 && !((code >= 1000 &&
			    code <= 1003) || (code >= 1007 && code <= 1011) ||
			    (code >= 3000 && code <= 4999)))) {
				io_ws_close(ws, WS_CLOSE_PROTOCOL,
				    "bad close code");
				return (-1);
			}
			if (f.len >= 2)
				io_ws_frame(ws, WS_OP_CLOSE, f.payload, 2);
			else
				io_ws_frame(ws, WS_OP_CLOSE, NULL, 0);
			io_ws_log(ws, "WebSocket from",
			    " closed by the client (%d)", code);
			io_ws_end(ws, "WebSocket closed by the client (%d)",
			    code);
			return (-1);
		default:
			/* A message being joined has its kind's byte. */
			if ((f.opcode == WS_OP_CONT) !=
			    (buf_used(&ws->msg) > 0)) {
				io_ws_close(ws, WS_CLOSE_PROTOCOL, f.opcode ==
				    WS_OP_CONT ? "continuation of nothing" :
				    "a message inside another");
				return (-1);
			}
			if (buf_used(&ws->msg) + f.len > max) {
				io_ws_close(ws, WS_CLOSE_TOO_BIG,
				    "message too long");
				return (-1);
			}
			/* Remember the first frame's kind in msg's first byte. */
			if (f.opcode != WS_OP_CONT)
				buf_add(&ws->msg, f.opcode == WS_OP_TEXT ?
				    "t" : "b", 1);
			buf_add(&ws->msg, f.payload, f.len);
			if (!f.fin)
				break;
			p = (uint8_t *)buf_head(&ws->msg);
			if (p[0] == 't' && !utf8_valid((char *)p + 1,
			    buf_used(&ws->msg) - 1)) {
				io_ws_close(ws, WS_CLOSE_BAD_DATA,
				    "text that is not UTF-8");
				return (-1);
			}
			n = buf_used(&ws->msg) - 1;
			while (n > 0 && (p[n] == '\n' || p[n] == '\r'))
				n--;
			if (n > 0) {
				buf_add(&ws->lines, p + 1, n);
				buf_add(&ws->lines, "\r\n", 2);
			}
			buf_free(&ws->msg);
			break;
		}
		buf_drain(&ws->in, used);
	}
	if (buf_used(&ws->in) == 0)
		buf_free(&ws->in);
	if (buf_used(&ws->out) > 0 && io_ws_flush(ws) == -1) {
		io_ws_fail(ws, "Write error: %s", strerror(errno));
		return (-1);
	}
	return (0);
}

static ssize_t
io_ws_read(struct io *io, void *p, size_t size)
{
	struct io_ws	*ws = io->state;
	ssize_t		 n;

	for (;;) {
		if (buf_used(&ws->lines) > 0) {
			n = buf_used(&ws->lines) < size ?
			    (ssize_t)buf_used(&ws->lines) : (ssize_t)size;
			memcpy(p, buf_head(&ws->lines), n);
			buf_drain(&ws->lines, n);
			if (buf_used(&ws->lines) == 0)
				buf_free(&ws->lines);
			return (n);
		}
		if (ws->state != IO_WS_OPEN) {
			errno = EAGAIN;
			return (-1);
		}
		if (ws->eof)
			return (0);
		n = io_read(&ws->inner, buf_space(&ws->in, IO_WS_READ),
		    IO_WS_READ);
		if (n == 0)
			ws->eof = 1;
		else if (n < 0)
			return (n);
		else
			buf_commit(&ws->in, n);
		if (io_ws_frames(ws) != 0) {
			errno = EAGAIN;
			return (-1);
		}
	}
}

/*
 * Append one line as a frame; in a text frame, bytes that are not
 * UTF-8 become U+FFFD.
 */
static void
io_ws_line(struct io_ws *ws, const char *p, size_t len)
{
	static const char	 repl[] = "\xef\xbf\xbd";
	struct buf		 fixed = { 0 };
	size_t			 i, n;

	if (ws->binary || utf8_valid(p, len)) {
		io_ws_frame(ws, ws->binary ? WS_OP_BINARY : WS_OP_TEXT, p,
		    len);
		return;
	}
	for (i = 0; i < len; i += n) {
		for (n = 4; n > 0; n--)
			if (i + n <= len && utf8_valid(p + i, n))
				break;
		if (n == 0) {
			buf_add(&fixed, repl, sizeof repl - 1);
			n = 1;
		} else
			buf_add(&fixed, p + i, n);
	}
	io_ws_frame(ws, WS_OP_TEXT, buf_head(&fixed), buf_used(&fixed));
	buf_free(&fixed);
}

static ssize_t
io_ws_write(struct io *io, const void *p, size_t size)
{
	struct io_ws	*ws = io->state;
	const char	*s = p, *end = s + size, *nl;
	size_t		 len;
	int		 rc;

	if (ws->state == IO_WS_DONE || ws->state == IO_WS_ENDING)
		return (size);		/* after the end: dropped */
	if (ws->state != IO_WS_OPEN) {
		errno = EAGAIN;
		return (-1);
	}
	if (buf_used(&ws->out) > 0) {
		if ((rc = io_ws_flush(ws)) == -1)
			return (-1);
		if (rc == 1) {
			errno = EAGAIN;
			return (-1);
		}
	}
	while (s < end && (nl = memchr(s, '\n', end - s)) != NULL) {
		len = nl - s;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		io_ws_line(ws, s, len);
		s = nl + 1;
	}
	if (io_ws_flush(ws) == -1)
		return (-1);
	io_ws_watch(ws);
	if (s == p) {
		errno = EAGAIN;
		return (-1);
	}
	return (s - (const char *)p);
}

static size_t
io_ws_pending(struct io *io)
{
	struct io_ws	*ws = io->state;

	if (ws->state != IO_WS_OPEN)
		return (0);
	return (buf_used(&ws->lines) + io_pending(&ws->inner) +
	    (ws->eof ? 1 : 0));
}

static void
io_ws_want(struct io *io, int want)
{
	struct io_ws	*ws = io->state;

	ws->want = want;
	io_ws_watch(ws);
}

static void
io_ws_start(struct io *io)
{
	struct io_ws	*ws = io->state;

	if (ws->state == IO_WS_INNER)
		io_start(&ws->inner);
	else
		io_ws_begin(ws);
}

/* The graceful end: a close frame, then the transport's own end. */
static void
io_ws_shutdown(struct io *io)
{
	struct io_ws	*ws = io->state;
	uint8_t		 p[2] = { WS_CLOSE_GOING_AWAY >> 8,
			    WS_CLOSE_GOING_AWAY & 0xff };

	if (ws->state == IO_WS_OPEN) {
		io_ws_frame(ws, WS_OP_CLOSE, p, sizeof p);
		(void)io_ws_flush(ws);
	}
	io_shutdown(&ws->inner);
}

static void
io_ws_free(struct io_ws *ws)
{
	buf_free(&ws->in);
	buf_free(&ws->msg);
	buf_free(&ws->lines);
	buf_free(&ws->out);
	free(ws->why);
	free(ws);
}

static void
io_ws_close_io(struct io *io)
{
	struct io_ws	*ws = io->state;

	ev_timer_stop(EV_DEFAULT, &ws->timer);
	io_close(&ws->inner);
	io->state = NULL;
	io_ws_free(ws);
}

static int
io_ws_secure(struct io *io)
{
	struct io_ws	*ws = io->state;

	return (io_secure(&ws->inner));
}

static const char *
io_ws_certfp(struct io *io)
{
	struct io_ws	*ws = io->state;

	return (io_certfp(&ws->inner));
}

const struct io_ops io_ws_ops = {
	"websocket",
	io_ws_start, io_ws_read, io_ws_write, io_ws_pending, io_ws_want,
	io_ws_shutdown, io_ws_close_io, io_ws_secure, io_ws_certfp, NULL,
};

/*
 * Put WebSocket over the transport of io, which is moved into it: not
 * yet started, or (started) already ready, with the first bytes it
 * read (a request line and what came after it) in early.  io_start
 * follows; the layer above hears ready once the upgrade is done.
 */
void
io_ws_wrap(struct io *io, int started, const void *early, size_t len)
{
	struct io_ws	*ws;

	ws = xcalloc(1, sizeof *ws);
	io_move(&ws->inner, io);
	ws->inner.events = &io_ws_inner_events;
	ws->outer = io;
	ws->state = started ? IO_WS_HTTP : IO_WS_INNER;
	ev_init(&ws->timer, io_ws_timeout_cb);
	if (len > 0)
		buf_add(&ws->in, early, len);
	io->ops = &io_ws_ops;
	io->state = ws;
	io->want = 0;
}
