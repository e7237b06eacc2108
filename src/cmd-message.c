/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * PRIVMSG, NOTICE and TAGMSG (RFC 2812 section 3.3, IRCv3 message-tags):
 * the targets and the client-only tags (+name=value) are taken apart
 * here; message_deliver delivers to each target.  A NOTICE or TAGMSG
 * never causes an automatic reply, errors included.
 */

#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "message.h"
#include "msg.h"
#include "numeric.h"
#include "relay.h"
#include "sbuf.h"
#include "user.h"


/*
 * Copy the client-only tags (keys starting with '+') of raw tags into
 * buf; NULL if there are none.  -1 if they are too long (the front lets
 * no longer tags through, so that would be a bug).
 */
int
cmd_client_tags(char *tags, char *buf, size_t size, const char **out)
{
	char		*cursor = tags, *key, *value;
	struct sbuf	 sb;

	*out = NULL;
	sbuf_init(&sb, buf, size);
	while ((key = msg_tag_next(&cursor, &value)) != NULL) {
		if (key[0] != '+' || key[1] == '\0')
			continue;
		sbuf_printf(&sb, "%s%s%s%s", sb.len ? ";" : "", key,
		    value != NULL && *value != '\0' ? "=" : "",
		    value != NULL ? value : "");
		if (sb.cut || sb.len > MSG_CLIENT_TAGS_MAX)
			return (-1);
	}
	if (sb.len > 0)
		*out = buf;
	return (0);
}

static void
cmd_messages(struct user *u, struct msg *m, enum relay_kind kind)
{
	char		*targets, *target, ctbuf[MSG_CLIENT_TAGS_MAX + 2];
	const char	*ctags = NULL, *text;
	long		 n = 0;
	int		 quiet = kind != RELAY_PRIVMSG;

	if (m->nparams == 0 || m->params[0][0] == '\0') {
		if (!quiet)
			numeric_send(u, ERR_NORECIPIENT, m->cmd);
		return;
	}
	if (kind != RELAY_TAGMSG &&
	    (m->nparams == 1 || m->params[1][0] == '\0')) {
		if (!quiet)
			numeric_send(u, ERR_NOTEXTTOSEND);
		return;
	}
	if (m->tags != NULL && cmd_client_tags(m->tags, ctbuf, sizeof ctbuf,
	    &ctags) != 0) {
		numeric_send(u, ERR_INPUTTOOLONG);
		return;
	}
	if (kind == RELAY_TAGMSG && ctags == NULL)
		return;		/* Nothing to carry. */
	text = kind == RELAY_TAGMSG ? NULL : m->params[1];
	targets = m->params[0];
	while ((target = strsep(&targets, ",")) != NULL) {
		if (*target == '\0')
			continue;
		if (++n > conf.max_targets) {
			if (!quiet)
				numeric_send(u, ERR_TOOMANYTARGETS, target);
			break;
		}
		message_deliver(u, kind, target, text, ctags);
	}
}

void
cmd_privmsg(struct user *u, struct msg *m)
{
	cmd_messages(u, m, RELAY_PRIVMSG);
}

void
cmd_notice(struct user *u, struct msg *m)
{
	cmd_messages(u, m, RELAY_NOTICE);
}

void
cmd_tagmsg(struct user *u, struct msg *m)
{
	cmd_messages(u, m, RELAY_TAGMSG);
}
