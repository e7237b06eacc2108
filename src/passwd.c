/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Password checks on the worker; see passwd.h.
 */

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "numeric.h"
#include "passwd.h"
#include "user.h"
#include "worker.h"
#include "xmalloc.h"

struct passwd_job {
	unsigned long	 user;		/* user_ref */
	struct hold	 hold;
	char		*password;	/* owned; wiped after use */
	char		*hash;		/* owned */
	int		 ok;
	passwd_fn	 done;
	void		*arg;		/* owned */
};

/* On the worker: hash the password given and compare. */
static void
passwd_work(void *arg)
{
	struct passwd_job	*j = arg;
	struct crypt_data	*cd;
	const char		*hash;

	cd = xcalloc(1, sizeof *cd);
	hash = crypt_r(j->password, j->hash, cd);
	j->ok = hash != NULL && strcmp(hash, j->hash) == 0;
	explicit_bzero(j->password, strlen(j->password));
	explicit_bzero(cd, sizeof *cd);
	free(cd);
}

/* Back on the loop: the answer, if the user is still there. */
static void
passwd_done(void *arg)
{
	struct passwd_job	*j = arg;
	struct user		*u;

	if ((u = user_deref(j->user)) != NULL) {
		numeric_resume(u, &j->hold);
		j->done(u, j->ok, j->arg);
		numeric_release(u, &j->hold);
	}
	free(j->password);
	free(j->hash);
	free(j->arg);
	free(j);
}

void
passwd_check(struct user *u, const char *password, const char *hash,
    passwd_fn done, void *arg)
{
	struct passwd_job	*j;

	j = xcalloc(1, sizeof *j);
	j->user = user_ref(u);
	j->password = xstrdup(password);
	j->hash = xstrdup(hash);
	j->done = done;
	j->arg = arg;
	numeric_hold(u, &j->hold);
	worker_submit(passwd_work, passwd_done, j);
}
