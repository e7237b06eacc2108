/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The IRC front: parses lines with msg_parse and dispatches them, and
 * renders numerics, server replies and relays as RFC 2812 lines.  A
 * relay's line is rendered once, when its first IRC recipient needs it,
 * and the same bytes go to every IRC recipient; so are its tags, once
 * per combination of tag capabilities.  The front's timer watches
 * registration, then the PING cycle.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "casemap.h"
#include "channel.h"
#include "cmd.h"
#include "conf.h"
#include "conn.h"
#include "front.h"
#include "limit.h"
#include "message.h"
#include "msg.h"
#include "natterd.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "server.h"
#include "user.h"
#include "xmalloc.h"

#define IRC_LINE_MAX	512		/* an RFC line, CRLF included */
#define IRC_REF_MAX	32		/* a client batch's reference */
#define IRC_TARGET_MAX	(CHAN_MAX + 1)	/* a message's target */
#define TAGS_MAX	8192	/* server and client tags of one line */

/*
 * Start a line in buf; the sbuf keeps two bytes free so that
 * irc_send can always end it with CRLF.
 */
static void
irc_begin(struct sbuf *sb, char *buf, size_t size)
{
	sbuf_init(sb, buf, size - 2);
}

/* ":server", the start of every line from the server. */
static void
irc_begin_server(struct sbuf *sb, char *buf, size_t size)
{
	irc_begin(sb, buf, size);
	sbuf_catc(sb, ':');
	sbuf_cat(sb, conf.server_name);
}

/* End the line with CRLF: it returns the whole length. */
static size_t
irc_end(struct sbuf *sb)
{
	sb->buf[sb->len++] = '\r';
	sb->buf[sb->len++] = '\n';
	return (sb->len);
}

static void
irc_send(struct user *u, struct sbuf *sb)
{
	size_t	 len = irc_end(sb);

	if (u->conn != NULL)
		conn_write(u->conn, sb->buf, len);
}

/* The value of tag key in raw tags, copied unescaped enough for a label. */
static int
irc_tag_value(const char *tags, const char *key, char *out, size_t size)
{
	size_t		 klen = strlen(key), n;
	const char	*p = tags;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, klen) == 0 &&
		    (p[klen] == '=' || p[klen] == ';' || p[klen] == '\0')) {
			p += klen + (p[klen] == '=');
			n = strcspn(p, ";");
			if (n >= size)
				return (-1);
			memcpy(out, p, n);
			out[n] = '\0';
			return (0);
		}
		if ((p = strchr(p, ';')) != NULL)
			p++;
	}
	return (-1);
}

/* Past the tags and the prefix of the line at p. */
static const char *
irc_skip_head(const char *p, const char *end)
{
	const char	*sp;

	if (p < end && *p == '@' && (sp = memchr(p, ' ', end - p)) != NULL)
		p = sp + 1;
	if (p < end && *p == ':' && (sp = memchr(p, ' ', end - p)) != NULL)
		p = sp + 1;
	return (p);
}

/*
 * Are the len bytes of lines at p one batch, from "BATCH +ref" to
 * "BATCH -ref" (a multiline message echoed)?  Then that batch is the one
 * logical reply, and only its start takes the label.
 */
static int
irc_one_batch(const char *p, size_t len)
{
	const char	*end = p + len, *q, *last;
	size_t		 n;

	q = irc_skip_head(p, end);
	if (end - q < 8 || strncmp(q, "BATCH +", 7) != 0)
		return (0);
	q += 7;
	n = strcspn(q, " \r");
	for (last = end - 2; last > p && last[-1] != '\n'; last--)
		continue;
	last = irc_skip_head(last, end);
	return (end - last == (long)(9 + n) && strncmp(last, "BATCH -", 7) ==
	    0 && strncmp(last + 7, q, n) == 0);
}

/*
 * labeled-response: what the command queued for its sender since used
 * bytes is labelled: one line (or one batch) gets the label tag, none
 * gets an ACK, more are wrapped in a labeled-response batch (when batch
 * is on).
 */
static void
irc_label(struct conn *c, size_t used, const char *label)
{
	struct user	*u = c->owner;
	struct buf	*b = &c->wbuf;
	char		*copy, *p, *end, *nl, id[16];
	size_t		 len, nlines = 0;
	int		 one;
	static unsigned	 batch_serial;

	if (c->flags & CONN_DEAD)
		return;
	if (used > buf_used(b))
		used = buf_used(b);	/* Flushed meanwhile (a held reply). */
	len = buf_used(b) - used;
	/* An empty buffer may have no memory: no pointer into it then. */
	p = NULL;
	if (len > 0) {
		p = buf_head(b) + used;
		for (end = p + len, nl = p; nl < end; nl++)
			if (*nl == '\n')
				nlines++;
	}
	if (nlines == 0) {
		conn_printf(c, "@label=%s :%s ACK", label,
		    conf.server_name);
		return;
	}
	one = nlines == 1 || irc_one_batch(p, len);
	if (!one && !(u->caps & CAP_BATCH))
		return;
	copy = xmalloc(len);
	memcpy(copy, p, len);
	b->len -= len;
	if (one) {
		nl = memchr(copy, '\n', len);
		conn_printf(c, "@label=%s%s%.*s", label, *copy == '@' ? ";" :
		    " ", (int)(nl - copy + 1 - (*copy == '@') - 2),
		    copy + (*copy == '@'));
		if (nl + 1 < copy + len)
			conn_write(c, nl + 1, copy + len - nl - 1);
		free(copy);
		return;
	}
	snprintf(id, sizeof id, "L%x", ++batch_serial);
	conn_printf(c, "@label=%s :%s BATCH +%s labeled-response", label,
	    conf.server_name, id);
	for (p = copy, end = copy + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		conn_printf(c, "@batch=%s%s%.*s", id, *p == '@' ? ";" : " ",
		    (int)(nl - p + 1 - (*p == '@') - 2), p + (*p == '@'));
	}
	conn_printf(c, ":%s BATCH -%s", conf.server_name, id);
	free(copy);
}

/*
 * The labeled command being dispatched, so that a hold can take it; and
 * what was set aside from its reply (irc_aside).
 */
static struct {
	struct user	*user;
	const char	*label;
	int		 held;
	size_t		 aside;		/* where the aside began in wbuf */
	struct buf	 set;		/* the bytes set aside */
} irc_labeled;

/*
 * Run fn(u, arg), the handling of one line, as the reply to a labelled
 * command when label is not empty (labeled-response).
 */
static void
irc_run(struct conn *c, const char *label,
    void (*fn)(struct user *, void *), void *arg)
{
	struct user	*u = c->owner;
	size_t		 used;

	if (label == NULL || label[0] == '\0') {
		fn(u, arg);
		return;
	}
	used = buf_used(&c->wbuf);
	irc_labeled.user = u;
	irc_labeled.label = label;
	irc_labeled.held = 0;
	fn(u, arg);
	irc_labeled.user = NULL;
	if (!irc_labeled.held)
		irc_label(c, used, label);
	if (buf_used(&irc_labeled.set) > 0) {
		conn_write(c, buf_head(&irc_labeled.set),
		    buf_used(&irc_labeled.set));
		buf_drain(&irc_labeled.set, buf_used(&irc_labeled.set));
	}
}

static void
irc_dispatch(struct user *u, void *arg)
{
	cmd_dispatch(u, arg);
}

/*
 * A client batch (IRCv3 draft/multiline): "BATCH +ref draft/multiline
 * target", PRIVMSG or NOTICE lines tagged batch=ref, "BATCH -ref".  The
 * front collects the lines, as framing, and hands the whole message to
 * message_send at the end.  The lines inside do not count for
 * flood control; the batch counts as one line per line_max bytes it
 * holds.  After an error (a FAIL) the rest of the batch is dropped.
 */
struct irc_batch {
	char		 ref[IRC_REF_MAX + 1];
	char		 target[IRC_TARGET_MAX + 1];
	char		 label[LABEL_MAX + 1];	/* on BATCH +, or "" */
	char		*ctags;			/* owned; or NULL */
	enum relay_kind	 kind;
	int		 failed;
	unsigned	 nlines;
	size_t		 bytes;			/* as max-bytes counts */
	struct buf	 text;			/* the lines, NUL after each */
	int		*concat;		/* owned; nlines of them */
};

static void
irc_batch_free(struct user *u)
{
	struct irc_batch	*b = u->batch;

	if (b == NULL)
		return;
	free(b->ctags);
	free(b->concat);
	buf_free(&b->text);
	free(b);
	u->batch = NULL;
}

/* FAIL BATCH code [...] :text, and the rest of the batch is dropped. */
static void __attribute__((__format__(printf, 2, 3)))
irc_batch_fail(struct user *u, const char *fmt, ...)
{
	char	 text[IRC_LINE_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	numeric_cmd(u, "FAIL", "BATCH %s", text);
	if (u->batch != NULL)
		u->batch->failed = 1;
}

/* What one batch line is: its message and the label it carried. */
struct irc_batch_arg {
	struct msg	*m;
	const char	*label;
};

/* BATCH +ref draft/multiline target. */
static void
irc_batch_open(struct user *u, void *arg)
{
	struct irc_batch_arg	*ba = arg;
	struct msg		*m = ba->m;
	struct irc_batch	*b;
	char			 ctbuf[MSG_CLIENT_TAGS_MAX + 2];
	const char		*ctags = NULL;

	if (u->batch != NULL) {
		irc_batch_fail(u, "MULTILINE_INVALID :Batch %s is still "
		    "open", u->batch->ref);
		irc_batch_free(u);
	}
	if (m->nparams < 3 || strcmp(m->params[1], "draft/multiline") != 0) {
		numeric_cmd(u, "FAIL", "BATCH MULTILINE_INVALID :Only "
		    "draft/multiline batches with a target are known");
		return;
	}
	if (m->params[0][1] == '\0' || strlen(m->params[0] + 1) > IRC_REF_MAX ||
	    strlen(m->params[2]) > IRC_TARGET_MAX) {
		numeric_cmd(u, "FAIL", "BATCH MULTILINE_INVALID :Invalid "
		    "batch");
		return;
	}
	if (m->tags != NULL)
		(void)cmd_client_tags(m->tags, ctbuf, sizeof ctbuf, &ctags);
	b = xcalloc(1, sizeof *b);
	strlcpy(b->ref, m->params[0] + 1, sizeof b->ref);
	strlcpy(b->target, m->params[2], sizeof b->target);
	strlcpy(b->label, ba->label, sizeof b->label);
	b->ctags = ctags != NULL ? xstrdup(ctags) : NULL;
	u->batch = b;
}

/* A PRIVMSG or NOTICE inside the batch. */
static void
irc_batch_add(struct user *u, void *arg)
{
	struct msg		*m = ((struct irc_batch_arg *)arg)->m;
	struct irc_batch	*b = u->batch;
	enum relay_kind		 kind;
	const char		*text;
	char			 v[2];
	int			 concat;
	size_t			 add;

	if (b->failed)
		return;
	if (strcmp(m->cmd, "PRIVMSG") == 0)
		kind = RELAY_PRIVMSG;
	else if (strcmp(m->cmd, "NOTICE") == 0)
		kind = RELAY_NOTICE;
	else {
		irc_batch_fail(u, "MULTILINE_INVALID :%s in a multiline "
		    "batch", m->cmd);
		return;
	}
	if (b->nlines > 0 && kind != b->kind) {
		irc_batch_fail(u, "MULTILINE_INVALID :PRIVMSG and NOTICE "
		    "mixed");
		return;
	}
	if (m->nparams < 1 || casemap_cmp(m->params[0], b->target) != 0) {
		irc_batch_fail(u, "MULTILINE_INVALID_TARGET %s %s :Invalid "
		    "multiline target", b->target,
		    m->nparams > 0 ? m->params[0] : "*");
		return;
	}
	text = m->nparams > 1 ? m->params[1] : "";
	concat = irc_tag_value(m->tags, "draft/multiline-concat", v,
	    sizeof v) == 0;
	if (concat && (b->nlines == 0 || *text == '\0')) {
		irc_batch_fail(u, "MULTILINE_INVALID :Invalid "
		    "draft/multiline-concat");
		return;
	}
	add = strlen(text) + (b->nlines > 0 && !concat);
	if (b->bytes + add > (size_t)conf.multiline_max_bytes) {
		irc_batch_fail(u, "MULTILINE_MAX_BYTES %ld :Multiline batch "
		    "max-bytes exceeded", conf.multiline_max_bytes);
		return;
	}
	if (b->nlines + 1 > (unsigned)conf.multiline_max_lines) {
		irc_batch_fail(u, "MULTILINE_MAX_LINES %ld :Multiline batch "
		    "max-lines exceeded", conf.multiline_max_lines);
		return;
	}
	b->kind = kind;
	b->bytes += add;
	buf_add(&b->text, text, strlen(text) + 1);
	b->concat = xrealloc(b->concat, (b->nlines + 1) *
	    sizeof *b->concat);
	b->concat[b->nlines++] = concat;
	if (u->conn != NULL)
		limit_flood_adjust(&u->conn->flood, -1);
}

/* BATCH -ref: deliver what was collected. */
static void
irc_batch_close(struct user *u, void *arg)
{
	struct irc_batch	*b = u->batch;
	struct relay_line	*lines;
	const char		*p;
	unsigned		 i;
	int			 blank = 1;

	lines = xcalloc(b->nlines, sizeof *lines);
	for (i = 0, p = buf_head(&b->text); i < b->nlines;
	    i++, p += strlen(p) + 1) {
		lines[i].text = p;
		lines[i].concat = b->concat[i];
		if (p[strspn(p, " ")] != '\0')
			blank = 0;
	}
	if (blank)
		numeric_cmd(u, "FAIL", "BATCH MULTILINE_INVALID :A multiline "
		    "message of blank lines only");
	else
		message_send(u, b->kind, b->target, NULL, lines, b->nlines,
		    b->ctags);
	if (u->conn != NULL)
		limit_flood_adjust(&u->conn->flood,
		    (double)(b->bytes / conf.line_max));
	free(lines);
}

static void
irc_batch_nosuch(struct user *u, void *arg)
{
	numeric_cmd(u, "FAIL", "BATCH MULTILINE_INVALID :No such batch");
}

/*
 * A line from a client with draft/multiline: 1 if it belongs to a
 * client batch (and was handled here), 0 if it is for the dispatcher.
 */
static int
irc_batch_line(struct conn *c, struct msg *m, const char *label)
{
	struct user		*u = c->owner;
	struct irc_batch_arg	 ba = { m, label };
	char			 ref[IRC_REF_MAX + 2];
	const char		*nolabel = "";

	if (strcmp(m->cmd, "BATCH") == 0 && m->nparams > 0 &&
	    m->params[0][0] == '+') {
		/* The reply to a labelled BATCH + comes with BATCH -. */
		irc_run(c, nolabel, irc_batch_open, &ba);
		return (1);
	}
	if (strcmp(m->cmd, "BATCH") == 0 && m->nparams > 0 &&
	    m->params[0][0] == '-') {
		if (u->batch == NULL ||
		    strcmp(m->params[0] + 1, u->batch->ref) != 0) {
			irc_run(c, label, irc_batch_nosuch, m);
			return (1);
		}
		if (!u->batch->failed)
			irc_run(c, label[0] != '\0' ? label :
			    u->batch->label, irc_batch_close, &ba);
		irc_batch_free(u);
		return (1);
	}
	if (m->tags == NULL ||
	    irc_tag_value(m->tags, "batch", ref, sizeof ref) != 0)
		return (0);
	if (u->batch == NULL || strcmp(ref, u->batch->ref) != 0) {
		irc_run(c, label, irc_batch_nosuch, m);
		return (1);
	}
	irc_run(c, label, irc_batch_add, &ba);
	return (1);
}

/*
 * UTF8ONLY: a line that is not UTF-8 is refused whole, with the command
 * named if it can be ("*" if the command itself is not ASCII).
 */
static void
irc_invalid_utf8(struct user *u, struct msg *m)
{
	const char	*p;

	for (p = m->cmd; *p != '\0' && (unsigned char)*p < 0x80; p++)
		continue;
	numeric_cmd(u, "FAIL", "%s INVALID_UTF8 :Message rejected, your IRC "
	    "software MUST use UTF-8 encoding on this network",
	    *p == '\0' ? m->cmd : "*");
}

static void
irc_line(struct conn *c, char *line, size_t len)
{
	struct user	*u = c->owner;
	struct msg	 m;
	char		 label[LABEL_MAX + 1];

	if (!front_line_ok(line, len)) {
		numeric_send(u, ERR_INPUTTOOLONG);
		return;
	}
	if (msg_parse(line, &m) != 0)
		return;
	if (!front_utf8_ok(line, len)) {
		irc_invalid_utf8(u, &m);
		return;
	}
	if (m.tags == NULL && !(u->caps & CAP_MULTILINE)) {
		cmd_dispatch(u, &m);	/* The usual case, kept short. */
		return;
	}
	label[0] = '\0';
	if (m.tags != NULL && (u->caps & CAP_LABELED_RESPONSE) &&
	    irc_tag_value(m.tags, "label", label, sizeof label) != 0)
		label[0] = '\0';
	if ((u->caps & (CAP_MULTILINE | CAP_BATCH)) ==
	    (CAP_MULTILINE | CAP_BATCH) && irc_batch_line(c, &m, label))
		return;
	irc_run(c, label, irc_dispatch, &m);
}

/*
 * labeled-response: a message to oneself comes back as delivered, and
 * that is not the reply (only the echo is).  Take what was queued
 * between begin and end out of the reply; irc_line sends it after.
 */
static void
irc_aside(struct user *u, int begin)
{
	struct conn	*c = u->conn;
	struct buf	*b;
	size_t		 n;

	if (irc_labeled.user != u || c == NULL || (c->flags & CONN_DEAD))
		return;
	b = &c->wbuf;
	if (begin) {
		irc_labeled.aside = buf_used(b);
		return;
	}
	if (buf_used(b) <= irc_labeled.aside)
		return;
	n = buf_used(b) - irc_labeled.aside;
	buf_add(&irc_labeled.set, buf_head(b) + irc_labeled.aside, n);
	b->len -= n;
}

/* A command waits for the worker: its label waits with it. */
static void
irc_hold(struct user *u, struct hold *h)
{
	if (irc_labeled.user == u) {
		strlcpy(h->label, irc_labeled.label, sizeof h->label);
		irc_labeled.held = 1;
	}
	if (u->conn != NULL)
		conn_pause(u->conn);
}

static void
irc_resume(struct user *u, struct hold *h)
{
	if (u->conn != NULL)
		h->mark = buf_used(&u->conn->wbuf);
}

static void
irc_release(struct user *u, struct hold *h)
{
	if (u->conn == NULL)
		return;
	if (h->label[0] != '\0')
		irc_label(u->conn, h->mark, h->label);
	conn_unpause(u->conn);
}

/*
 * SAFELIST: the replies to a LIST (322, and the 323 that ends them) may
 * pass the client's sendq, so that a long list does not drop a client
 * that reads it.  Only when the client's queue was below sendq as the
 * LIST began: the memory a client can hold that way is its sendq and one
 * list.
 */
static int
irc_list_pass(struct user *u, int code)
{
	struct conn	*c = u->conn;

	if (c == NULL)
		return (0);
	if (code == 321) {
		if (buf_used(&c->wbuf) < (size_t)conf.sendq)
			u->flags |= USER_LISTING;
		return (0);
	}
	if (!(u->flags & USER_LISTING))
		return (0);
	if (code == 323)
		u->flags &= ~USER_LISTING;
	return ((c->flags & (CONN_DEAD | CONN_READY)) == CONN_READY);
}

static void
irc_numeric(struct user *u, int code, const char *text)
{
	char		 buf[IRC_LINE_MAX], num[6];
	struct sbuf	 sb;
	size_t		 len;

	if (code < 0 || code > 999)
		code = 0;
	num[0] = ' ';
	num[1] = '0' + code / 100;
	num[2] = '0' + code / 10 % 10;
	num[3] = '0' + code % 10;
	num[4] = ' ';
	num[5] = '\0';
	irc_begin_server(&sb, buf, sizeof buf);
	sbuf_cat(&sb, num);
	sbuf_cat(&sb, user_target(u));
	sbuf_catc(&sb, ' ');
	sbuf_cat(&sb, text);
	if (code >= 321 && code <= 323 && irc_list_pass(u, code)) {
		len = irc_end(&sb);
		buf_add(&u->conn->wbuf, buf, len);
		conn_push(u->conn, 0);
		return;
	}
	irc_send(u, &sb);
}

static void
irc_server(struct user *u, const char *cmd, const char *text)
{
	char		 buf[IRC_LINE_MAX];
	struct sbuf	 sb;

	irc_begin_server(&sb, buf, sizeof buf);
	/* A standard reply goes only to clients that asked for them. */
	if (strcmp(cmd, "FAIL") == 0 && !(u->caps & CAP_STANDARD_REPLIES)) {
		sbuf_printf(&sb, " NOTICE %s :%s", user_target(u), text);
		irc_send(u, &sb);
		return;
	}
	sbuf_catc(&sb, ' ');
	sbuf_cat(&sb, cmd);
	sbuf_catc(&sb, ' ');
	sbuf_cat(&sb, text);
	irc_send(u, &sb);
}

/* The tags a recipient with caps (server-time, message-tags) gets. */
#define TAG_TIME	0x1
#define TAG_MESSAGE	0x2
#define TAG_ACCOUNT	0x4

/* "@tags " for r, or nothing; the length, never past size. */
static size_t
irc_render_tags(struct relay *r, int which, char *buf, size_t size)
{
	char		 stamp[32];
	struct tm	*tm;
	struct sbuf	 sb;
	time_t		 t = (time_t)r->time;
	int		 ms = (int)((r->time - (double)t) * 1000);

	sbuf_init(&sb, buf, size);
	sbuf_catc(&sb, '@');
	if (which & TAG_TIME) {
		tm = gmtime(&t);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", tm);
		sbuf_printf(&sb, "time=%s.%03dZ", stamp, ms);
	}
	if (which & TAG_ACCOUNT)
		sbuf_printf(&sb, "%saccount=%s", sb.len > 1 ? ";" : "",
		    r->account);
	if (which & TAG_MESSAGE) {
		if (relay_msgid(r)[0] != '\0')
			sbuf_printf(&sb, "%smsgid=%s", sb.len > 1 ? ";" : "",
			    r->msgid);
		if (r->bot)
			sbuf_printf(&sb, "%sbot", sb.len > 1 ? ";" : "");
		if (r->ctags != NULL)
			sbuf_printf(&sb, "%s%s", sb.len > 1 ? ";" : "",
			    r->ctags);
	}
	if (sb.len == 1)
		return (0);
	if (sb.cut)
		return (0);	/* Tags that do not fit are not sent at all. */
	sbuf_catc(&sb, ' ');
	return (sb.cut ? 0 : sb.len);
}

/* ":nick!user@host" or ":server", the prefix of a relayed line. */
static void
irc_source(struct sbuf *sb, struct relay *r)
{
	sbuf_catc(sb, ':');
	sbuf_cat(sb, r->nick);
	if (r->ident != NULL) {
		sbuf_catc(sb, '!');
		sbuf_cat(sb, r->ident);
		sbuf_catc(sb, '@');
		sbuf_cat(sb, r->host);
	}
}

/* The relay as an RFC line, CRLF included. */
static size_t
irc_render(struct relay *r, char *buf, size_t size)
{
	struct sbuf	 sb;

	irc_begin(&sb, buf, size);
	irc_source(&sb, r);
	sbuf_catc(&sb, ' ');
	sbuf_cat(&sb, relay_kind_str(r->kind));
	if (r->target != NULL) {
		sbuf_catc(&sb, ' ');
		sbuf_cat(&sb, r->target);
	}
	if (r->arg != NULL) {
		sbuf_catc(&sb, ' ');
		sbuf_cat(&sb, r->arg);
	}
	if (r->text != NULL) {
		sbuf_catc(&sb, ' ');
		sbuf_catc(&sb, ':');
		sbuf_cat(&sb, r->text);
	}
	return (irc_end(&sb));
}

/* The JOIN that extended-join recipients get: account and real name. */
static size_t
irc_render_xjoin(struct relay *r, char *buf, size_t size)
{
	struct sbuf	 sb;

	irc_begin(&sb, buf, size);
	irc_source(&sb, r);
	sbuf_printf(&sb, " JOIN %s %s :%s", r->target,
	    r->account != NULL ? r->account : "*",
	    r->realname != NULL ? r->realname : "");
	return (irc_end(&sb));
}

/* The tags for r that the capabilities of to ask for (TAG_ bits). */
static int
irc_which_tags(struct user *to, struct relay *r)
{
	int	 which = 0;

	if (to->caps & CAP_SERVER_TIME)
		which |= TAG_TIME;
	if (to->caps & CAP_MESSAGE_TAGS)
		which |= TAG_MESSAGE;
	if ((to->caps & CAP_ACCOUNT_TAG) && r->account != NULL)
		which |= TAG_ACCOUNT;
	return (which);
}

/*
 * Queue the tag prefix of relay r that to asked for: rendered once per
 * relay and combination of tag capabilities.
 */
static void
irc_queue_tags(struct conn *c, struct user *to, struct relay *r)
{
	static char		 tags[8][TAGS_MAX];
	static size_t		 tlen[8];
	static unsigned long	 tserial[8];
	int			 which;

	if ((which = irc_which_tags(to, r)) == 0)
		return;
	if (tserial[which] != r->serial) {
		tlen[which] = irc_render_tags(r, which, tags[which],
		    sizeof tags[which]);
		tserial[which] = r->serial;
	}
	if (tlen[which] > 0)
		conn_queue(c, tags[which], tlen[which]);
}

/*
 * Queue r for an IRC user: the base line, rendered once per relay
 * (extended-join recipients get a JOIN with account and real name), and
 * the tag prefix, cached per combination of tag capabilities.  Others'
 * joins, parts, quits and away changes may wait to share a write.
 */
static void
irc_relay(struct user *to, struct relay *r)
{
	static char		 line[RELAY_LINE_MAX], xjoin[RELAY_LINE_MAX];
	static size_t		 len, xlen;
	static unsigned long	 serial, xserial;
	struct conn		*c = to->conn;
	const char		*buf = line;
	size_t			 n;

	if (c == NULL || (c->flags & CONN_DEAD))
		return;
	if (r->capmask != 0 && (to->caps & r->capmask) != r->needcap)
		return;
	if (serial != r->serial) {
		len = irc_render(r, line, sizeof line);
		serial = r->serial;
	}
	n = len;
	if (r->kind == RELAY_JOIN && (to->caps & CAP_EXTENDED_JOIN)) {
		if (xserial != r->serial) {
			xlen = irc_render_xjoin(r, xjoin, sizeof xjoin);
			xserial = r->serial;
		}
		buf = xjoin;
		n = xlen;
	}
	irc_queue_tags(c, to, r);
	conn_queue(c, buf, n);
	conn_push(c, r->presence && to != r->from);
}

/* Is a line of a multiline message blank (never sent alone)? */
static int
irc_blank(const char *text)
{
	return (text[strspn(text, " ")] == '\0');
}


/*
 * A multiline message (draft/multiline) for an IRC user.  With
 * draft/multiline and batch on: a draft/multiline batch, the message's
 * tags on its BATCH +, the lines inside as the sender sent them.
 * Without: the lines as messages of their own, blank ones left out, the
 * tags (msgid and all) on the first only.  Both bodies are rendered
 * once per relay, the first line's tags once per combination.
 */
static void
irc_lines(struct user *to, struct relay *r)
{
	static struct buf	 body[2];
	static unsigned long	 serial[2];
	struct conn		*c = to->conn;
	char			 line[RELAY_LINE_MAX], ref[24];
	struct sbuf		 sb;
	unsigned		 i, first = 0;
	int			 batch;

	if (c == NULL || (c->flags & CONN_DEAD))
		return;
	if (r->capmask != 0 && (to->caps & r->capmask) != r->needcap)
		return;
	batch = (to->caps & (CAP_MULTILINE | CAP_BATCH)) ==
	    (CAP_MULTILINE | CAP_BATCH);
	snprintf(ref, sizeof ref, "ml%lx", r->serial);
	while (!batch && first < r->nlines && irc_blank(r->lines[first].text))
		first++;
	if (first == r->nlines)
		return;
	if (serial[batch] != r->serial) {
		serial[batch] = r->serial;
		buf_drain(&body[batch], buf_used(&body[batch]));
		for (i = batch ? 0 : first + 1; i < r->nlines; i++) {
			if (!batch && irc_blank(r->lines[i].text))
				continue;
			irc_begin(&sb, line, sizeof line);
			if (batch)
				sbuf_printf(&sb, "@batch=%s%s ", ref,
				    r->lines[i].concat ?
				    ";draft/multiline-concat" : "");
			irc_source(&sb, r);
			sbuf_printf(&sb, " %s %s :%s",
			    relay_kind_str(r->kind), r->target,
			    r->lines[i].text);
			buf_add(&body[batch], line, irc_end(&sb));
		}
		if (batch) {
			irc_begin(&sb, line, sizeof line);
			irc_source(&sb, r);
			sbuf_printf(&sb, " BATCH -%s", ref);
			buf_add(&body[batch], line, irc_end(&sb));
		}
	}
	irc_queue_tags(c, to, r);
	irc_begin(&sb, line, sizeof line);
	irc_source(&sb, r);
	if (batch)
		sbuf_printf(&sb, " BATCH +%s draft/multiline %s", ref,
		    r->target);
	else
		sbuf_printf(&sb, " %s %s :%s", relay_kind_str(r->kind),
		    r->target, r->lines[first].text);
	conn_queue(c, line, irc_end(&sb));
	conn_queue(c, buf_head(&body[batch]), buf_used(&body[batch]));
	conn_push(c, 0);
}

/*
 * After the user's own JOIN: the topic, and the names unless it asked
 * not to have them (IRCv3 no-implicit-names, ratified or draft).
 */
static void
irc_joined(struct user *u, struct channel *ch)
{
	cmd_send_topic(u, ch, 0);
	if (!(u->caps & (CAP_NO_NAMES | CAP_NO_NAMES_DRAFT)))
		cmd_send_names(u, ch);
}

/*
 * A channel u is in was renamed (IRCv3 draft/channel-rename): RENAME
 * for a client with the capability.  Any other is shown what the
 * specification asks for, the user leaving the old name and joining
 * the new one, with the topic and names a JOIN brings; unless only the
 * case changed, which is the same channel to it.
 */
static void
irc_renamed(struct user *u, struct channel *ch, struct relay *r)
{
	struct relay	 part, join;

	if (u->caps & CAP_CHANNEL_RENAME) {
		irc_relay(u, r);
		return;
	}
	if (casemap_cmp(r->target, r->arg) == 0)
		return;
	relay_init(&part, RELAY_PART, u, r->target, NULL,
	    r->text != NULL && *r->text != '\0' ? r->text : NULL);
	irc_relay(u, &part);
	relay_init(&join, RELAY_JOIN, u, ch->name, NULL, NULL);
	join.chan = ch;
	irc_relay(u, &join);
	irc_joined(u, ch);
}

static void
irc_welcome(struct user *u)
{
	char	 created[64];

	front_registered(u);
	if (u->conn != NULL)
		conn_timer(u->conn, conf.ping_interval);
	strftime(created, sizeof created, "%Y-%m-%d %H:%M:%S UTC",
	    gmtime(&server_started));
	numeric_send(u, RPL_WELCOME, conf.network, user_prefix(u));
	numeric_send(u, RPL_YOURHOST, conf.server_name, NATTER_VERSION);
	numeric_send(u, RPL_CREATED, created);
	numeric_send(u, RPL_MYINFO, conf.server_name, NATTER_VERSION, "BZgiosw",
	    "biklmnopstvz", "bklov");
	isupport_send(u);
	cmd_send_lusers(u);
	cmd_send_motd(u);
}

static void
irc_closing(struct conn *c, const char *reason)
{
	struct user	*u = c->owner;
	char		 buf[IRC_LINE_MAX];
	struct sbuf	 sb;
	size_t		 len;

	irc_begin(&sb, buf, sizeof buf);
	sbuf_printf(&sb, "ERROR :Closing Link: %s[%s] (%s)", user_target(u),
	    u->host, reason);
	len = irc_end(&sb);
	conn_write(c, buf, len);
}

/* A fixed IRC listener: registration has register_timeout. */
static void
irc_ready(struct conn *c)
{
	if (front_secure(c) != 0)
		return;
	conn_timer(c, conf.register_timeout);
}

/* An undecided connection became IRC; registration began at accept. */
static void
irc_start(struct user *u)
{
	struct conn	*c = u->conn;

	if (u->flags & USER_GREETED)
		conn_timer(c, c->since + conf.register_timeout -
		    ev_now(EV_DEFAULT));
}

/*
 * The registration timeout, then the PING cycle.  Reads only note the
 * time; the timer works out how long the client has been quiet.  A PING
 * is unanswered when nothing was read since it went out.
 */
static void
irc_timer(struct conn *c)
{
	struct user	*u = c->owner;
	ev_tstamp	 now = ev_now(EV_DEFAULT), quiet = now - c->last_read;

	if (!(u->flags & USER_REGISTERED)) {
		if (now - c->since < conf.register_timeout)
			conn_timer(c, c->since + conf.register_timeout - now);
		else
			conn_close(c, "Registration timeout");
		return;
	}
	if (u->flags & USER_PINGSENT) {
		if (c->last_read < c->mark) {
			conn_close(c, "Ping timeout: %ld seconds",
			    conf.ping_timeout);
			return;
		}
		u->flags &= ~USER_PINGSENT;
	}
	if (quiet < conf.ping_interval) {
		conn_timer(c, conf.ping_interval - quiet);
		return;
	}
	conn_printf(c, "PING :%s", conf.server_name);
	u->flags |= USER_PINGSENT;
	c->mark = now;
	conn_timer(c, conf.ping_timeout);
}

/* The connection is gone: a client batch left open goes with it. */
static void
irc_gone(struct conn *c, const char *reason)
{
	irc_batch_free(c->owner);
	front_gone(c, reason);
}

static const struct conn_hooks irc_hooks = {
	irc_ready, irc_line, front_toolong, irc_timer, irc_closing,
	irc_gone,
};

const struct front front_irc = {
	&irc_hooks, FRONT_IRC, "irc",
	irc_start, irc_numeric, irc_server, irc_relay, irc_joined,
	irc_welcome, front_close, irc_hold, irc_resume, irc_release,
	irc_aside, irc_lines, irc_renamed,
};
