/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * IRCv3 capabilities: the table of those natterd knows, which of them
 * are offered now, and CAP NEW and CAP DEL when that changes.  What is
 * offered can change while the server runs: the disable_caps setting
 * (REHASH), or a capability that is only available sometimes (its
 * offered function).  Whatever changes it calls cap_update, which tells
 * every client with cap-notify what came and what went.
 */

#ifndef CAP_H
#define CAP_H

#include <stddef.h>

struct user;

#define CAP_VALUE_MAX	128	/* a capability's value, NUL included */

struct cap_entry {
	const char	*name;
	unsigned	 flag;		/* in struct user's caps */
	/* Is it available now?  NULL: always. */
	int		(*offered)(void);
	/*
	 * Its value for CAP LS 302 and CAP NEW, in buf, for a user, or
	 * with NULL one that changes whenever any user's would; NULL: none.
	 */
	void		(*value)(const struct user *, char *, size_t);
	int		 policy;	/* only listed, with its value, to
					   CAP 302 clients; REQ gets NAK */
};

extern const struct cap_entry	cap_table[];
extern const unsigned		cap_table_len;

const struct cap_entry *cap_find(const char *);
int		 cap_is_offered(const struct cap_entry *);
int		 cap_notified(const struct user *);
void		 cap_init(void);
void		 cap_list(struct user *, const char *, int, int);
void		 cap_update(void);

#endif
