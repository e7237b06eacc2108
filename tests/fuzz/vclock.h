/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The whole-server targets' clock (vclock.c): frozen during an input,
 * moved on by the harness.
 */

#ifndef VCLOCK_H
#define VCLOCK_H

void	vclock_freeze(void);
void	vclock_thaw(void);
void	vclock_advance(long);

#endif
