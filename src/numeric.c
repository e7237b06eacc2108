/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Replies from the server: numerics, and the other replies (CAP, PONG,
 * NOTICE, FAIL).  The parameters are formatted here, once; the
 * recipient's front adds the prefix and target (IRC), turns the reply
 * into a sentence (text) or sends it over a link.  Also the replies a
 * command holds back while the worker computes them, and the ISUPPORT
 * (005) lines, which both RPL_WELCOME and VERSION send.
 */

#include <stdarg.h>
#include <stdio.h>

#include "channel.h"
#include "conf.h"
#include "front.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "user.h"

void
numeric_send(struct user *u, int code, const char *fmt, ...)
{
	char	 text[RELAY_LINE_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	u->front->numeric(u, code, text);
}

/* A reply from the server that is not a numeric: CAP, PONG, NOTICE. */
void
numeric_cmd(struct user *u, const char *cmd, const char *fmt, ...)
{
	char	 text[RELAY_LINE_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	u->front->server(u, cmd, text);
}

/*
 * A command that waits for the worker holds its replies: call
 * numeric_hold before sending any, and when the answer comes (and
 * user_deref still finds the user) numeric_resume, the replies, then
 * numeric_release.
 */
void
numeric_hold(struct user *u, struct hold *h)
{
	h->label[0] = '\0';
	u->front->hold(u, h);
}

void
numeric_resume(struct user *u, struct hold *h)
{
	u->front->resume(u, h);
}

void
numeric_release(struct user *u, struct hold *h)
{
	u->front->release(u, h);
}

#define ISUPPORT_WIDTH	400	/* bytes of tokens in one 005 line */
#define ISUPPORT_TOKENS	13	/* tokens in one: 15 parameters at most */

static void
isupport_flush(void *arg, const char *tokens, int more)
{
	numeric_send(arg, RPL_ISUPPORT, tokens);
}

/* The 005 lines: what this server implements, from the settings. */
void
isupport_send(struct user *u)
{
	struct wlist	 w;

	wlist_init(&w, ISUPPORT_WIDTH, ' ', isupport_flush, u);
	wlist_max(&w, ISUPPORT_TOKENS);
	wlist_add(&w, "AWAYLEN=%d", TOPIC_MAX);
	wlist_add(&w, "BOT=B");
	wlist_add(&w, "CALLERID=g");
	wlist_add(&w, "CASEMAPPING=rfc1459");
	wlist_add(&w, "CHANLIMIT=#:%ld", conf.max_channels_per_user);
	wlist_add(&w, "CHANMODES=b,k,l,imnpstz");
	wlist_add(&w, "CHANNELLEN=%ld", conf.channel_len);
	wlist_add(&w, "CHANTYPES=#");
	wlist_add(&w, "ELIST=CMNTU");
	wlist_add(&w, "KEYLEN=%d", CHAN_KEY_MAX);
	wlist_add(&w, "KICKLEN=%d", TOPIC_MAX);
	wlist_add(&w, "MAXLIST=b:%d", CHAN_BANS_MAX);
	wlist_add(&w, "MAXTARGETS=%ld", conf.max_targets);
	wlist_add(&w, "MODES=%d", MODES_PARAMS);
	wlist_add(&w, "MONITOR=%d", MONITOR_LIMIT);
	wlist_add(&w, "NAMELEN=%d", REAL_MAX);
	wlist_add(&w, "NETWORK=%s", conf.network);
	wlist_add(&w, "NICKLEN=%ld", conf.nick_len);
	wlist_add(&w, "PREFIX=(ov)@+");
	wlist_add(&w, "SAFELIST");
	wlist_add(&w, "STATUSMSG=@+");
	wlist_add(&w, "TARGMAX=PRIVMSG:%ld,NOTICE:%ld,TAGMSG:%ld,JOIN:,PART:,"
	    "NAMES:,LIST:,WHOIS:,WHOWAS:,KICK:", conf.max_targets,
	    conf.max_targets, conf.max_targets);
	wlist_add(&w, "TOPICLEN=%ld", conf.topic_len);
	if (conf.utf8only)
		wlist_add(&w, "UTF8ONLY");
	wlist_add(&w, "WHOX");
	wlist_end(&w, 0);
}
