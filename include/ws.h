/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The WebSocket protocol (RFC 6455) from the server's side: the
 * opening handshake's accept key, frames from clients (which must be
 * masked) taken apart and unmasked in place, and frame headers for what
 * the server sends (text frames are checked with utf8_valid).  Pure: no
 * descriptors, no event loop, no allocation; unit-tested and fuzzed.
 */

#ifndef WS_H
#define WS_H

#include <stddef.h>
#include <stdint.h>

#define WS_OP_CONT	0x0
#define WS_OP_TEXT	0x1
#define WS_OP_BINARY	0x2
#define WS_OP_CLOSE	0x8
#define WS_OP_PING	0x9
#define WS_OP_PONG	0xa

/* Close codes (RFC 6455 section 7.4.1). */
#define WS_CLOSE_NORMAL		1000
#define WS_CLOSE_GOING_AWAY	1001
#define WS_CLOSE_PROTOCOL	1002
#define WS_CLOSE_UNSUPPORTED	1003
#define WS_CLOSE_NO_STATUS	1005
#define WS_CLOSE_BAD_DATA	1007	/* not UTF-8 in a text frame */
#define WS_CLOSE_POLICY		1008
#define WS_CLOSE_TOO_BIG	1009

#define WS_KEY_LEN		24	/* base64 of 16 bytes */
#define WS_ACCEPT_LEN		28	/* base64 of a SHA-1 */
#define WS_HEADER_MAX		14	/* 2 + 8 length + 4 mask */

struct ws_frame {
	int		 fin;
	int		 opcode;
	uint8_t		*payload;	/* in the caller's buffer, unmasked */
	size_t		 len;
};

#define WS_INCOMPLETE	0

int	ws_accept_key(const char *, char *, size_t);
long	ws_frame_parse(uint8_t *, size_t, size_t, struct ws_frame *, int *);
size_t	ws_frame_header(uint8_t *, int, int, size_t);
const char *ws_opcode_str(int);

#endif
