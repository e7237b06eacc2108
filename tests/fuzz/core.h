/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * The whole-server harness (core.c) that the server and text targets
 * share: a natterd core over the in-memory transport, as the unit tests
 * drive it (tests/unit/peer.h), with up to CORE_SLOTS peers, a frozen
 * clock the input moves on, and after every step the consistency checks
 * of the connection lists and the tables.  core_end closes every peer,
 * runs the loop until every connection is reaped, and checks that no
 * user, channel, connection or job is left.
 */

#ifndef FUZZ_CORE_H
#define FUZZ_CORE_H

#include <stddef.h>

#include "front.h"

#define CORE_SLOTS	8

/* The settings an input chooses, in a form that any bytes make. */
struct core_settings {
	int	 flood_control;
	long	 flood_burst;
	long	 flood_interval;	/* ms */
	long	 lines_per_read;
	long	 sendq;
	long	 recvq;
	long	 line_max;
	long	 presence_delay;	/* ms */
	long	 text_greeting_delay;	/* ms */
	long	 max_clients;
	long	 max_clients_per_ip;
	long	 max_channels_per_user;
	long	 whowas_len;
	int	 password;		/* "fuzz" is needed */
	int	 shutdown;		/* the end is natterd's shutdown */
};

void	core_init(void);
void	core_settings_from(struct core_settings *, const unsigned char *,
	    size_t);
void	core_begin(const struct core_settings *);
int	core_open(int, enum front_id);
int	core_is_open(int);
void	core_send(int, const void *, size_t);
void	core_eof(int);
void	core_reset(int);
void	core_block(int, size_t);
void	core_chunk(int, size_t, int);
void	core_read(int);
void	core_poll(void);
void	core_turn(void);
void	core_settle(void);
void	core_tick(long);
void	core_end(void);

#endif
