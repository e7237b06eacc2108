/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * WebSocket frames and keys (RFC 6455 sections 4.2.2, 5 and 8.1).
 *
 * A client's frame must be masked, use no reserved bit (natterd agrees
 * to no extension) and a known opcode; a control frame is final and
 * carries at most 125 bytes.  A frame longer than the caller's limit is
 * refused from its header, before its payload is read, so a peer cannot
 * make the server buffer more than the limit.  The payload is unmasked
 * where it lies.
 *
 * SHA-1 comes from GnuTLS (which natterd has for TLS); base64 of twenty
 * bytes is written here, being ten lines that need no library.
 */

#include <sys/types.h>

#include <string.h>

#include <gnutls/crypto.h>

#include "ws.h"

#define WS_GUID	"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

const char *
ws_opcode_str(int op)
{
	switch (op) {
	case WS_OP_CONT:
		return ("continuation");
	case WS_OP_TEXT:
		return ("text");
	case WS_OP_BINARY:
		return ("binary");
	case WS_OP_CLOSE:
		return ("close");
	case WS_OP_PING:
		return ("ping");
	case WS_OP_PONG:
		return ("pong");
	}
	return ("unknown");
}

static void
ws_base64(const uint8_t *in, size_t n, char *out)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				    "opqrstuvwxyz0123456789+/";
	uint32_t		 v;
	size_t			 i;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		*out++ = b64[v >> 18 & 63];
		*out++ = b64[v >> 12 & 63];
		*out++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*out++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*out = '\0';
}

/*
 * The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key, into
 * out (at least WS_ACCEPT_LEN + 1 bytes).  -1 if the key is not the
 * base64 of sixteen bytes.
 */
int
ws_accept_key(const char *key, char *out, size_t size)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				    "opqrstuvwxyz0123456789+/";
	char			 buf[WS_KEY_LEN + sizeof WS_GUID];
	uint8_t			 digest[20];
	size_t			 i;

	if (size < WS_ACCEPT_LEN + 1 || strlen(key) != WS_KEY_LEN ||
	    strcmp(key + 22, "==") != 0)
		return (-1);
	for (i = 0; i < 22; i++)
		if (strchr(b64, key[i]) == NULL)
			return (-1);
	memcpy(buf, key, WS_KEY_LEN);
	memcpy(buf + WS_KEY_LEN, WS_GUID, sizeof WS_GUID - 1);
	if (gnutls_hash_fast(GNUTLS_DIG_SHA1, buf, sizeof buf - 1,
	    digest) != 0)
		return (-1);
	ws_base64(digest, sizeof digest, out);
	return (0);
}

/*
 * Take apart the client frame at the start of buf (len bytes), whose
 * payload may be at most max bytes.  Returns the bytes it takes, with f
 * filled in and the payload unmasked in place; WS_INCOMPLETE when more
 * bytes are needed; or -1 with the close code to send in *code.
 */
long
ws_frame_parse(uint8_t *buf, size_t len, size_t max, struct ws_frame *f,
    int *code)
{
	size_t		 hlen = 2, i;
	uint64_t	 plen;
	uint8_t		*mask;

	*code = 0;
	if (len < 2)
		return (WS_INCOMPLETE);
	f->fin = (buf[0] & 0x80) != 0;
	f->opcode = buf[0] & 0x0f;
	if ((buf[0] & 0x70) != 0 || !(buf[1] & 0x80)) {
		*code = WS_CLOSE_PROTOCOL;	/* reserved bits, no mask */
		return (-1);
	}
	switch (f->opcode) {
	case WS_OP_CONT:
	case WS_OP_TEXT:
	case WS_OP_BINARY:
		break;
	case WS_OP_CLOSE:
	case WS_OP_PING:
	case WS_OP_PONG:
		if (!f->fin || (buf[1] & 0x7f) > 125) {
			*code = WS_CLOSE_PROTOCOL;
			return (-1);
		}
		break;
	default:
		*code = WS_CLOSE_PROTOCOL;
		return (-1);
	}
	plen = buf[1] & 0x7f;
	if (plen == 126) {
		if (len < 4)
			return (WS_INCOMPLETE);
		plen = (uint64_t)buf[2] << 8 | buf[3];
		hlen = 4;
	} else if (plen == 127) {
		if (len < 10)
			return (WS_INCOMPLETE);
		if (buf[2] & 0x80) {
			*code = WS_CLOSE_PROTOCOL;
			return (-1);
		}
		for (plen = 0, i = 2; i < 10; i++)
			plen = plen << 8 | buf[i];
		hlen = 10;
	}
	/* Section 5.2: the length in the fewest bytes that hold it. */
	if ((hlen == 4 && plen < 126) || (hlen == 10 && plen <= 0xffff)) {
		*code = WS_CLOSE_PROTOCOL;
		return (-1);
	}
	if (plen > max) {
		*code = WS_CLOSE_TOO_BIG;
		return (-1);
	}
	if (len < hlen + 4 + plen)
		return (WS_INCOMPLETE);
	mask = buf + hlen;
	f->payload = buf + hlen + 4;
	f->len = plen;
	for (i = 0; i < plen; i++)
		f->payload[i] ^= mask[i & 3];
	return ((long)(hlen + 4 + plen));
}

/* The header of a server frame (unmasked) into out; returns its length. */
size_t
ws_frame_header(uint8_t *out, int fin, int opcode, size_t len)
{
	size_t	 i;

	out[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
	if (len < 126) {
		out[1] = len;
		return (2);
	}
	if (len <= 0xffff) {
		out[1] = 126;
		out[2] = len >> 8;
		out[3] = len & 0xff;
		return (4);
	}
	out[1] = 127;
	for (i = 0; i < 8; i++)
		out[2 + i] = (uint64_t)len >> (56 - 8 * i) & 0xff;
	return (10);
}

