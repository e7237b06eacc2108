/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Password checks against crypt(3) hashes, on the worker (crypt takes
 * milliseconds on purpose).  The user's later lines wait meanwhile, so
 * that its replies keep their order; the answer comes back on the loop
 * only if the user is still there.  OPER and WEBIRC use it, and so will
 * accounts.
 */

#ifndef PASSWD_H
#define PASSWD_H

struct user;

/*
 * done(u, ok, arg) runs on the loop with ok 1 if password matched hash;
 * arg (allocated, or NULL) is freed after it, whether it ran or not.
 */
typedef void	(*passwd_fn)(struct user *, int, void *);

void	passwd_check(struct user *, const char *, const char *, passwd_fn,
	    void *);

#endif
