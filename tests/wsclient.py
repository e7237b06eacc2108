#!/usr/bin/python3
# natter: an IRC server. ISC licence; see the COPYING file.
"""A WebSocket client for the behaviour tests, used as conn_open uses a
socket: lines read from standard input (a fifo) are sent, one message
each, and what comes back is written to standard output, one line each.

    wsclient.py [options] URL

By default it is a well-behaved client made with python3-websockets: it
prints "OPEN PROTO" once the handshake is done (PROTO the subprotocol
the server chose, or "none"), then each message received; "REFUSED
STATUS" if the server answered the upgrade with another status, or
"REFUSED WHY" if it did not answer in HTTP; and
"CLOSE CODE" when the connection ends (1006 if it ended without a close
frame).  When its input ends it closes with 1000.

With --raw it does the handshake itself and then sends what each input
line describes, so that frames no library would send can be sent:

    text P      a final masked text frame with payload P
    binary P    the same, binary
    ping P      a ping; pong P a pong
    close CODE  a close frame with that code; "close" alone, an empty one
    first P     the first frame of a fragmented text message (FIN clear)
    more P      a continuation frame, FIN clear; last P, FIN set
    unmasked P  a final text frame without a mask
    rsv P       a final masked text frame with RSV1 set
    opcode N P  a final masked frame with opcode N
    long N      a masked text frame of N bytes of "a" (its header, then
                as much of it as the server takes)

P may use \\xNN escapes.  Each frame received is printed as "TEXT P",
"BINARY P", "PING P", "PONG P" or "CLOSE CODE", and "EOF" when the
server closes the connection.
"""

import argparse
import base64
import codecs
import os
import socket
import ssl
import struct
import sys
import threading
import urllib.parse

PROTOS = {"text": "text.ircv3.net", "binary": "binary.ircv3.net"}


def out(line):
    """One line of output, bytes or str, flushed at once."""
    if isinstance(line, str):
        line = line.encode("utf-8", "surrogateescape")
    sys.stdout.buffer.write(line + b"\n")
    sys.stdout.buffer.flush()


def ssl_context(args):
    ctx = ssl.create_default_context(cafile=args.cafile)
    return ctx


def protocols(args):
    if args.proto == "none":
        return None
    return [PROTOS.get(p, p) for p in args.proto.split(",")]


def headers(args):
    return [tuple(s.strip() for s in h.split(":", 1)) for h in args.header]


# The library's client.

async def library_client(args):
    import asyncio
    import websockets

    loop = asyncio.get_running_loop()
    try:
        ws = await websockets.connect(
            args.url, subprotocols=protocols(args), origin=args.origin,
            extra_headers=headers(args), compression=None,
            ping_interval=None,
            ssl=ssl_context(args) if args.url.startswith("wss:") else None)
    except websockets.InvalidStatusCode as e:
        out("REFUSED %d" % e.status_code)
        return
    except (websockets.InvalidHandshake, OSError) as e:
        out("REFUSED %s" % e)
        return
    out("OPEN %s" % (ws.subprotocol or "none"))
    binary = ws.subprotocol == PROTOS["binary"]

    async def sender():
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
        while True:
            line = await reader.readline()
            if not line:
                break
            line = line.rstrip(b"\r\n")
            await ws.send(line if binary else
                          line.decode("utf-8", "surrogateescape"))
        await ws.close()

    task = asyncio.ensure_future(sender())
    try:
        async for msg in ws:
            out(msg)
    except websockets.ConnectionClosed:
        pass
    task.cancel()
    out("CLOSE %d" % ws.close_code)


# The raw client.

def raw_connect(args):
    u = urllib.parse.urlsplit(args.url)
    tls = u.scheme == "wss"
    s = socket.create_connection((u.hostname, u.port or (443 if tls
                                                         else 80)))
    if tls:
        s = ssl_context(args).wrap_socket(s, server_hostname=u.hostname)
    key = base64.b64encode(os.urandom(16)).decode()
    req = ["GET %s HTTP/1.1" % (u.path or "/"), "Host: %s" % u.netloc,
           "Upgrade: websocket", "Connection: Upgrade",
           "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13"]
    if protocols(args):
        req.append("Sec-WebSocket-Protocol: " + ", ".join(protocols(args)))
    if args.origin:
        req.append("Origin: " + args.origin)
    req += ["%s: %s" % h for h in headers(args)]
    s.sendall(("\r\n".join(req) + "\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        b = s.recv(1)
        if not b:
            break
        head += b
    status = head.split(b"\r\n", 1)[0].split(b" ")
    if len(status) < 2 or status[1] != b"101":
        out("REFUSED %s" % (status[1].decode() if len(status) > 1
                            else "nothing"))
        sys.exit(0)
    proto = "none"
    for h in head.split(b"\r\n"):
        if h.lower().startswith(b"sec-websocket-protocol:"):
            proto = h.split(b":", 1)[1].strip().decode()
    out("OPEN %s" % proto)
    return s


def frame(opcode, payload, fin=True, mask=True, rsv=0, length=None):
    n = len(payload) if length is None else length
    h = bytes([(0x80 if fin else 0) | rsv << 4 | opcode])
    m = 0x80 if mask else 0
    if n < 126:
        h += bytes([m | n])
    elif n < 65536:
        h += bytes([m | 126]) + struct.pack("!H", n)
    else:
        h += bytes([m | 127]) + struct.pack("!Q", n)
    if not mask:
        return h + payload
    key = os.urandom(4)
    return h + key + bytes(b ^ key[i & 3] for i, b in enumerate(payload))


def raw_frames(line):
    """The bytes an input line describes."""
    word, _, rest = line.partition(" ")
    p = codecs.escape_decode(rest.encode())[0]
    simple = {"text": 1, "binary": 2, "ping": 9, "pong": 10}
    if word in simple:
        return frame(simple[word], p)
    if word == "close":
        return frame(8, struct.pack("!H", int(rest)) if rest else b"")
    if word == "first":
        return frame(1, p, fin=False)
    if word in ("more", "last"):
        return frame(0, p, fin=word == "last")
    if word == "unmasked":
        return frame(1, p, mask=False)
    if word == "rsv":
        return frame(1, p, rsv=4)
    if word == "opcode":
        n, _, rest = rest.partition(" ")
        return frame(int(n), codecs.escape_decode(rest.encode())[0])
    if word == "long":
        return frame(1, b"a" * int(rest))
    raise SystemExit("wsclient: unknown frame: " + line)


def raw_reader(s):
    names = {1: "TEXT", 2: "BINARY", 9: "PING", 10: "PONG"}
    buf = b""
    while True:
        try:
            b = s.recv(65536)
        except OSError:
            b = b""
        if not b:
            out("EOF")
            os._exit(0)
        buf += b
        while len(buf) >= 2:
            n, hlen = buf[1] & 0x7f, 2
            if n == 126:
                n, hlen = struct.unpack("!H", buf[2:4])[0], 4
            elif n == 127:
                n, hlen = struct.unpack("!Q", buf[2:10])[0], 10
            if len(buf) < hlen + n:
                break
            op, p = buf[0] & 0x0f, buf[hlen:hlen + n]
            buf = buf[hlen + n:]
            if op == 8:
                out("CLOSE %d" % struct.unpack("!H", p[:2])[0] if p
                    else "CLOSE")
            else:
                out(names.get(op, "OPCODE %d" % op).encode() + b" " + p)


def raw_client(args):
    s = raw_connect(args)
    threading.Thread(target=raw_reader, args=(s,), daemon=True).start()
    for line in sys.stdin.buffer:
        line = line.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
        if not line:
            continue
        try:
            s.sendall(raw_frames(line))
        except OSError:
            pass	# the server closed; the reader says how
    s.shutdown(socket.SHUT_WR)
    threading.Event().wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url")
    ap.add_argument("--proto", default="text",
                    help="text, binary, none, or a comma-separated list")
    ap.add_argument("--origin")
    ap.add_argument("--header", action="append", default=[],
                    help="'Name: value', sent with the request")
    ap.add_argument("--cafile", help="the certificates to trust (wss)")
    ap.add_argument("--raw", action="store_true")
    args = ap.parse_args()
    if args.raw:
        raw_client(args)
    else:
        import asyncio
        asyncio.run(library_client(args))


if __name__ == "__main__":
    main()
