/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * IRCv3 MONITOR: users watch nicks and hear when they come and go, and
 * with extended-monitor what else changes (away, real name, host).  A
 * watched nick is a node in a tree keyed by its folded form; a watch is
 * one struct on two lists, the nick's and the watching user's.
 */

#ifndef MONITOR_H
#define MONITOR_H

struct relay;
struct user;
struct watch;

int	monitor_add(struct user *, const char *);
void	monitor_del(struct user *, const char *);
void	monitor_clear(struct user *);
void	monitor_signal(struct user *, int);
void	monitor_relay(struct relay *, struct user *, unsigned long);
void	monitor_list(struct user *);
struct watch *monitor_next(struct watch *);
const char *monitor_watch_nick(struct watch *);

#endif
