/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * IRC messages: "[@tags] [:prefix] COMMAND [params] [:trailing]".
 * Parsing is in place and allocates nothing.
 */

#ifndef MSG_H
#define MSG_H

#include <stddef.h>

#define MSG_MAXPARAMS	15
#define MSG_TAGS_MAX	8191	/* IRCv3 message-tags, '@' and ' ' in */
#define MSG_CLIENT_TAGS_MAX 4094 /* the tags a client sends, '@' and ' ' out */

struct msg {
	char	*tags;			/* raw, without '@'; NULL if none */
	char	*prefix;		/* without ':'; NULL if none */
	char	*cmd;			/* upper-cased in place */
	int	 nparams;
	char	*params[MSG_MAXPARAMS];
};

int	 msg_parse(char *, struct msg *);
char	*msg_tag_next(char **, char **);
size_t	 msg_tags_len(const char *);

#endif
