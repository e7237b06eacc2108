/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Fuzz target: WebSocket frames, keys and UTF-8 (ws.c).  The first
 * byte's low four bits choose the largest payload (0x4b, "K", gives
 * 4096); the rest is what a client sent, taken apart frame by frame
 * with ws_frame_parse on a copy, as natterd's buffer.  Each frame taken
 * lies inside what was left, and its fields are those a decoder
 * written here reads from the header: a known opcode, no reserved bit,
 * a mask, a payload within the limit, a control frame final and at
 * most 125 bytes; the payload is unmasked.  Every shorter prefix of a
 * frame is incomplete (and changes nothing), a prefix of a refused one
 * incomplete or refused alike, and a refusal says 1002 or 1009.
 * utf8_valid agrees with a decoder written here (RFC 3629) on every
 * payload and on the whole input.  A header from ws_frame_header, for a
 * fin bit, opcode and length taken from the input, masked as a client
 * does, parses back to the same fields or is refused as a reserved
 * opcode or a long or fragmented control frame.  ws_accept_key on the
 * first 24 bytes gives 28 characters of base64 when it takes them.
 */

#include <string.h>

#include "utf8.h"
#include "ws.h"

#include "fuzz.h"

#define FUZZ_STREAM_MAX	65536

static const size_t	fuzz_max[16] = {
	0, 1, 5, 125, 126, 127, 128, 255, 256, 512, 1024, 4096, 8192,
	65535, 65536, SIZE_MAX
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return (0);
}

/*
 * RFC 3629, written again: the leading ones of the first byte give the
 * sequence's length, the value must need that many bytes, and must be
 * neither a surrogate nor past U+10FFFF.
 */
static int
fuzz_utf8(const uint8_t *p, size_t n)
{
	static const uint32_t	 least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t			 i = 0, k, len;
	uint32_t		 cp;

	while (i < n) {
		for (len = 0; len < 8 && (p[i] & (0x80 >> len)); len++)
			;
		if (len == 0) {
			i++;
			continue;
		}
		if (len == 1 || len > 4 || n - i < len)
			return (0);
		cp = p[i] & (0x7f >> len);
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return (0);
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < least[len] || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return (0);
		i += len;
	}
	return (1);
}

static int
fuzz_opcode_known(int op)
{
	return (op == WS_OP_CONT || op == WS_OP_TEXT || op == WS_OP_BINARY ||
	    op == WS_OP_CLOSE || op == WS_OP_PING || op == WS_OP_PONG);
}

/* The header at o (what the client sent), decoded here: its length. */
static size_t
fuzz_header(const uint8_t *o, int *fin, int *op, uint64_t *len)
{
	size_t	 hlen = 2, i;

	*fin = o[0] >> 7;
	*op = o[0] & 0x0f;
	*len = o[1] & 0x7f;
	if (*len == 126) {
		*len = (uint64_t)o[2] << 8 | o[3];
		hlen = 4;
	} else if (*len == 127) {
		for (*len = 0, i = 0; i < 8; i++)
			*len = *len << 8 | o[2 + i];
		hlen = 10;
	}
	return (hlen + 4);
}

/* A frame taken from the stream at buf, first sent as orig. */
static void
fuzz_check_frame(const struct ws_frame *f, long rc, const uint8_t *buf,
    const uint8_t *orig, size_t rem, size_t max)
{
	const uint8_t	*mask;
	uint64_t	 len;
	size_t		 hlen, i;
	int		 fin, op;

	FUZZ_ASSERT(rc > 0 && (size_t)rc <= rem);
	hlen = fuzz_header(orig, &fin, &op, &len);
	FUZZ_ASSERT((orig[0] & 0x70) == 0 && (orig[1] & 0x80) != 0);
	FUZZ_ASSERT(f->fin == fin && f->opcode == op && f->len == len);
	FUZZ_ASSERT((size_t)rc == hlen + f->len);
	FUZZ_ASSERT(f->payload == buf + hlen);
	FUZZ_ASSERT(f->len <= max);
	FUZZ_ASSERT(fuzz_opcode_known(f->opcode));
	FUZZ_ASSERT(strcmp(ws_opcode_str(f->opcode), "unknown") != 0);
	if (f->opcode & 0x8)
		FUZZ_ASSERT(f->fin && f->len <= 125);
	mask = orig + hlen - 4;
	for (i = 0; i < f->len; i++)
		FUZZ_ASSERT(f->payload[i] == (orig[hlen + i] ^ mask[i & 3]));
	FUZZ_ASSERT(utf8_valid((const char *)f->payload, f->len) ==
	    fuzz_utf8(f->payload, f->len));
}

/* Frame by frame through a copy of the stream. */
static void
fuzz_stream(const uint8_t *data, size_t size, size_t max)
{
	struct ws_frame	 f, g;
	uint8_t		*buf;
	size_t		 off = 0, rem, cut, i;
	long		 rc, prc;
	int		 code, pcode;

	buf = malloc(size > 0 ? size : 1);
	memcpy(buf, data, size);
	for (;;) {
		rem = size - off;
		rc = ws_frame_parse(buf + off, rem, max, &f, &code);
		if (rc == WS_INCOMPLETE) {
			FUZZ_ASSERT(code == 0);
			FUZZ_ASSERT(memcmp(buf + off, data + off, rem) == 0);
			break;
		}
		if (rc < 0) {
			FUZZ_ASSERT(rc == -1);
			FUZZ_ASSERT(code == WS_CLOSE_PROTOCOL ||
			    code == WS_CLOSE_TOO_BIG);
			/* A prefix is refused alike, or incomplete. */
			for (i = 0; i < 2; i++) {
				cut = i == 0 ? rem - 1 : rem / 2;
				prc = ws_frame_parse(buf + off, cut, max, &g,
				    &pcode);
				FUZZ_ASSERT(prc == WS_INCOMPLETE ||
				    (prc == -1 && pcode == code));
			}
			break;
		}
		FUZZ_ASSERT(code == 0);
		fuzz_check_frame(&f, rc, buf + off, data + off, rem, max);

		/* Shorter: incomplete, and nothing unmasked again. */
		for (i = 0; i < 2; i++) {
			cut = i == 0 ? (size_t)rc - 1 : (size_t)rc / 2;
			FUZZ_ASSERT(ws_frame_parse(buf + off, cut, max, &g,
			    &pcode) == WS_INCOMPLETE && pcode == 0);
		}
		FUZZ_ASSERT(memcmp(buf + off, data + off, rc - f.len) == 0);
		off += rc;
	}
	free(buf);
}

/*
 * A frame as a client makes it: ws_frame_header for the fin bit and
 * opcode of p[0] and a length chosen by p[1] to p[3] (up to 127, 120 to
 * 1143, or 65534 to 65537), the mask bit, the mask p[4..7], a masked
 * payload.  It parses back, or is refused for
 * what the opcode and length make it.
 */
static void
fuzz_round_trip(const uint8_t *p, size_t n)
{
	struct ws_frame	 f;
	uint8_t		*buf, mask[4] = { 0x37, 0xfa, 0x21, 0x3d };
	size_t		 len, hlen, i, want;
	long		 rc;
	int		 fin, op, code, ok;

	if (n < 4)
		return;
	fin = p[0] >> 7;
	op = p[0] & 0x0f;
	/* The lengths near 64 KB, which cost time, one time in eight. */
	switch (p[1] & 0x0f) {
	case 0xd:
		len = 120 + ((p[2] << 8 | p[3]) & 0x3ff);
		break;
	case 0xe:
		len = 0xffff - (p[3] & 1);
		break;
	case 0xf:
		len = 0x10000 + (p[3] & 1);
		break;
	default:
		len = p[2] & 0x7f;
		break;
	}
	if (n >= 8)
		memcpy(mask, p + 4, 4);
	buf = malloc(WS_HEADER_MAX + len);
	hlen = ws_frame_header(buf, fin, op, len);
	want = len < 126 ? 2 : len <= 0xffff ? 4 : 10;
	FUZZ_ASSERT(hlen == want);
	FUZZ_ASSERT((buf[1] & 0x80) == 0);
	buf[1] |= 0x80;
	memcpy(buf + hlen, mask, 4);
	for (i = 0; i < len; i++)
		buf[hlen + 4 + i] = (uint8_t)i ^ mask[i & 3];

	ok = fuzz_opcode_known(op) && (!(op & 0x8) || (fin && len <= 125));
	for (i = 0; i < hlen + 4 && ok; i++)
		FUZZ_ASSERT(ws_frame_parse(buf, i, len, &f, &code) ==
		    WS_INCOMPLETE);
	if (ok && len > 0) {
		FUZZ_ASSERT(ws_frame_parse(buf, hlen + 4 + len, len - 1, &f,
		    &code) == -1 && code == WS_CLOSE_TOO_BIG);
	}
	rc = ws_frame_parse(buf, hlen + 4 + len, len, &f, &code);
	if (!ok) {
		FUZZ_ASSERT(rc == -1 && code == WS_CLOSE_PROTOCOL);
		free(buf);
		return;
	}
	FUZZ_ASSERT(rc == (long)(hlen + 4 + len) && code == 0);
	FUZZ_ASSERT(f.fin == fin && f.opcode == op && f.len == len);
	FUZZ_ASSERT(f.payload == buf + hlen + 4);
	for (i = 0; i < len; i++)
		FUZZ_ASSERT(f.payload[i] == (uint8_t)i);
	free(buf);
}

/* The first 24 bytes as a Sec-WebSocket-Key. */
static void
fuzz_key(const uint8_t *p, size_t n)
{
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				    "opqrstuvwxyz0123456789+/";
	char			 key[WS_KEY_LEN + 1], out[WS_ACCEPT_LEN + 8];
	size_t			 i, klen;
	int			 valid;

	if (n > WS_KEY_LEN)
		n = WS_KEY_LEN;
	memcpy(key, p, n);
	key[n] = '\0';
	klen = strlen(key);
	valid = klen == WS_KEY_LEN && strcmp(key + 22, "==") == 0;
	for (i = 0; i < 22 && valid; i++)
		valid = memchr(b64, key[i], 64) != NULL;

	memset(out, 'x', sizeof out);
	FUZZ_ASSERT(ws_accept_key(key, out, WS_ACCEPT_LEN) == -1);
	if (ws_accept_key(key, out, sizeof out) != 0) {
		FUZZ_ASSERT(!valid);
		return;
	}
	FUZZ_ASSERT(valid);
	FUZZ_ASSERT(strlen(out) == WS_ACCEPT_LEN);
	for (i = 0; i < WS_ACCEPT_LEN - 1; i++)
		FUZZ_ASSERT(memchr(b64, out[i], 64) != NULL);
	FUZZ_ASSERT(out[WS_ACCEPT_LEN - 1] == '=');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p;
	size_t		 n;

	if (size < 1 || size > FUZZ_STREAM_MAX + 1)
		return (0);
	p = data + 1;
	n = size - 1;
	fuzz_stream(p, n, fuzz_max[data[0] & 0x0f]);
	FUZZ_ASSERT(utf8_valid((const char *)p, n) == fuzz_utf8(p, n));
	fuzz_round_trip(p, n);
	fuzz_key(p, n);
	return (0);
}
