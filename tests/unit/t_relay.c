/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Relays and the tables, through a whole core on the in-memory
 * transport: one message rendered for an IRC client, one with tags and
 * a person on the text front; users of another server, reached through
 * a link, which gets each relay once however many of them receive it,
 * and numerics addressed to them; a relay from a server rather than a
 * user; renames, quits, the last member leaving, stable ids; a change
 * of host, as CHGHOST or as a reconnection; a user on a secure
 * transport with a client certificate (+Z, 671, 276, +z).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "peer.h"
#include "numeric.h"
#include "relay.h"

static struct peer	 a, b, t;

/* A link's connection: it only collects what is sent over it. */
static void
link_ready(struct conn *c)
{
}

static void
link_line(struct conn *c, char *line, size_t len)
{
}

static void
link_conn(struct conn *c)
{
}

static void
link_closing(struct conn *c, const char *reason)
{
}

static const struct conn_hooks link_hooks = {
	link_ready, link_line, link_conn, link_conn, link_closing,
	link_closing,
};

static void
test_render(void)
{
	peer_irc(&a, "alice", 2001);
	peer_irc(&b, "bob", 2002);
	peer_send(&b, "CAP REQ :server-time message-tags\r\n");
	peer_connect(&t, FRONT_TEXT, 2003);
	core_run();
	peer_send(&t, "/nick tom\r\n/join r\r\n");
	core_run();
	peer_send(&a, "JOIN #r\r\n");
	core_run();
	peer_send(&b, "JOIN #r\r\n");
	core_run();
	EXPECT(&t, "Your nickname is now: tom");
	EXPECT(&t, "Joined room: r");
	EXPECT(&a, ":alice!~alice@127.0.0.1 JOIN #r");
	EXPECT(&t, "* alice joined r");
	CHECK_CORE();

	peer_lines(&a);
	peer_send(&a, "PRIVMSG #r :hello\r\n");
	core_run();
	EXPECT_MATCH(&b, "@time=*T*Z;msgid=*-* "
	    ":alice!~alice@127.0.0.1 PRIVMSG #r :hello");
	EXPECT(&t, "[alice]: hello");
	CHECK_INT(peer_lines(&a), 0);	/* no echo without echo-message */

	peer_send(&t, "hi all\r\n/me waves\r\n");
	core_run();
	EXPECT(&a, ":tom!~text@127.0.0.1 PRIVMSG #r :hi all");
	EXPECT(&a, ":tom!~text@127.0.0.1 PRIVMSG #r :\001ACTION waves\001");
	EXPECT_MATCH(&b, "@time=*;msgid=* :tom!~text@127.0.0.1 PRIVMSG #r "
	    ":hi all");
	CHECK_CORE();
}

/*
 * user_set_host: CHGHOST for those with chghost, from the old mask; a
 * QUIT and a JOIN again for the others, with the member's status; for
 * the user itself 396; nothing for a person.
 */
static void
test_chghost(void)
{
	struct peer	 c;

	peer_irc(&c, "carol", 2004);
	peer_send(&c, "CAP REQ :chghost\r\nJOIN #r\r\n");
	core_run();
	/* The room's operator is a person, who has no MODE: voice here. */
	channel_member(channel_find("#r"), c.u)->flags |= MEMBER_VOICE;
	peer_lines(&a);
	peer_lines(&b);
	peer_lines(&t);
	user_set_host(c.u, "~carol", "cloak.example");
	core_run();
	EXPECT(&c, ":carol!~carol@127.0.0.1 CHGHOST ~carol cloak.example");
	EXPECT(&c, ":natter.local 396 carol cloak.example :is now your "
	    "displayed host");
	CHECK_INT(peer_lines(&c), 0);
	EXPECT(&a, ":carol!~carol@127.0.0.1 QUIT :Changing host");
	EXPECT(&a, ":carol!~carol@cloak.example JOIN #r");
	EXPECT(&a, ":natter.local MODE #r +v carol");
	CHECK_INT(peer_lines(&a), 0);
	EXPECT_MATCH(&b, "@time=*Z :carol!~carol@127.0.0.1 QUIT "
	    ":Changing host");
	CHECK_INT(peer_lines(&b), 2);
	CHECK_INT(peer_lines(&t), 0);
	CHECK(strcmp(c.u->host, "cloak.example") == 0);
	/* The same again changes nothing and says nothing. */
	user_set_host(c.u, "~carol", "cloak.example");
	core_run();
	CHECK_INT(peer_lines(&a) + peer_lines(&c), 0);
	peer_send(&c, "QUIT\r\n");
	core_run();
	EXPECT(&a, ":carol!~carol@cloak.example QUIT :Quit");
	io_mem_free(c.m);
	CHECK_CORE();
}

/* Users of another server, behind a link. */
static void
test_remote(void)
{
	struct io_mem	*lm = io_mem_new();
	struct conn	*link;
	struct server	*far;
	struct user	*r1, *r2;
	struct relay	 r;
	struct peer	 l;
	unsigned	 users = user_count, local = server_me->nusers;

	link = conn_new(&io_mem_ops, -1, lm, NULL, &link_hooks, NULL);
	conn_start(link);
	far = server_new("far.test", "far away", NULL, link);
	l.m = lm;
	l.seen = 0;
	l.u = NULL;
	r1 = user_new(far, "10.0.0.1");
	r2 = user_new(far, "10.0.0.2");
	r1->front = r2->front = &front_server;
	strlcpy(r1->ident, "~r1", sizeof r1->ident);
	strlcpy(r2->ident, "~r2", sizeof r2->ident);
	user_set_nick(r1, "r1");
	user_set_nick(r2, "r2");
	user_set_registered(r1);
	user_set_registered(r2);
	CHECK_INT(user_count, users + 2);
	CHECK_INT(server_me->nusers, local);
	CHECK_INT(far->nusers, 2);
	channel_join(r1, "#r", NULL);
	channel_join(r2, "#r", NULL);
	core_run();
	EXPECT(&a, ":r1!~r1@10.0.0.1 JOIN #r");
	EXPECT(&a, ":r2!~r2@10.0.0.2 JOIN #r");
	EXPECT(&t, "* r1 joined r");
	/* Their own joins do not go back over their link. */
	CHECK_INT(peer_lines(&l), 0);
	CHECK_CORE();

	/* One relay, two receivers behind the link: one line on it. */
	peer_send(&a, "PRIVMSG #r :to all\r\n");
	core_run();
	EXPECT(&l, ":alice PRIVMSG #r :to all");
	CHECK_INT(peer_lines(&l), 0);
	peer_send(&a, "PRIVMSG r2 :just you\r\nWHOIS r1\r\n");
	core_run();
	EXPECT(&l, ":alice PRIVMSG r2 :just you");
	EXPECT(&a, ":natter.local 312 alice r1 far.test :far away");
	numeric_send(r1, ERR_NOSUCHNICK, "nobody");
	core_run();
	EXPECT(&l, ":natter.local 401 r1 nobody :No such nick/channel");

	/* A relay from a server, not a user. */
	relay_init(&r, RELAY_MODE, NULL, "#r", "+v alice", NULL);
	relay_set_source(&r, "far.test");
	relay_to_channel(&r, channel_find("#r"), NULL);
	core_run();
	EXPECT(&a, ":far.test MODE #r +v alice");
	EXPECT(&t, "* far.test sets mode +v alice on r");

	/* Disconnecting a remote user is a KILL over its link. */
	user_disconnect(r1, "Killed (alice (spam))");
	core_run();
	EXPECT(&l, ":natter.local KILL r1 :Killed (alice (spam))");
	EXPECT(&a, ":r1!~r1@10.0.0.1 QUIT :Killed (alice (spam))");
	CHECK(user_find("r1") == NULL);
	CHECK_CORE();

	/* A QUIT reason of exactly "Quit:" shows as no reason. */
	user_quit(r2, "Quit:");
	core_run();
	EXPECT(&t, "* r2 quit");
	EXPECT(&a, ":r2!~r2@10.0.0.2 QUIT :Quit:");
	CHECK_INT(far->nusers, 0);
	CHECK_INT(user_count, users);
	CHECK_CORE();

	conn_close(link, "test over");
	core_run();
	server_free(far);
	io_mem_free(lm);
	CHECK_CORE();
}

static void
test_tables(void)
{
	struct channel	*ch;
	unsigned long	 id;
	unsigned	 channels;

	/* A rename is seen by the neighbours and moves the tree key. */
	peer_send(&b, "NICK Bobby\r\n");
	core_run();
	EXPECT(&a, ":bob!~bob@127.0.0.1 NICK :Bobby");
	EXPECT(&t, "* bob is now known as Bobby");
	CHECK(user_find("bob") == NULL);
	CHECK(user_find("BOBBY") == b.u);
	CHECK_CORE();

	/* A channel goes with its last member. */
	peer_send(&a, "JOIN #solo\r\n");
	core_run();
	CHECK((ch = channel_find("#SOLO")) != NULL);
	channels = channel_count;
	peer_send(&a, "PART #solo\r\n");
	core_run();
	CHECK(channel_find("#solo") == NULL);
	CHECK_INT(channel_count, channels - 1);
	CHECK_CORE();

	/* An id outlives its user: then it finds nobody. */
	id = user_ref(b.u);
	CHECK(user_deref(user_ref(b.u)) == b.u);
	peer_send(&b, "QUIT :bye\r\n");
	core_run();
	EXPECT(&a, ":Bobby!~bob@127.0.0.1 QUIT :Quit: bye");
	CHECK(user_deref(id) == NULL);
	CHECK(user_deref(id) == NULL);
	io_mem_free(b.m);
	CHECK_CORE();

	peer_send(&t, "/quit\r\n");
	peer_send(&a, "QUIT\r\n");
	core_run();
	CHECK(io_mem_closed(t.m) && io_mem_closed(a.m));
	io_mem_free(t.m);
	io_mem_free(a.m);
	CHECK_INT(user_count, 0);
	CHECK_INT(channel_count, 0);
	CHECK_CORE();
}

/*
 * A peer on a transport that says it is secure and has a certificate:
 * what the user's modes, WHOIS and +z make of it, with no TLS at all.
 */
static void
test_secure(void)
{
	static const char	 fp[] = "00112233445566778899aabbccddeeff"
				    "00112233445566778899aabbccddeeff";
	struct peer		 s, p;
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(2010);
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	s.m = io_mem_new();
	s.seen = 0;
	io_mem_secure(s.m, fp);
	s.u = front_accept(&io_mem_ops, -1, s.m, (struct sockaddr *)&sin,
	    FRONT_IRC);
	peer_send(&s, "NICK sam\r\nUSER sam 0 * :sam\r\n");
	core_run();
	peer_irc(&p, "pat", 2011);
	CHECK(s.u->flags & USER_SECURE);
	CHECK_STR(s.u->certfp, fp);
	CHECK(!(p.u->flags & USER_SECURE));
	CHECK(p.u->certfp == NULL);
	peer_send(&s, "MODE sam\r\nWHOIS sam\r\n");
	core_run();
	EXPECT(&s, ":natter.local 221 sam +Z");
	EXPECT(&s, ":natter.local 671 sam sam :is using a secure connection");
	EXPECT(&s, ":natter.local 276 sam sam :has client certificate "
	    "fingerprint 00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff");
	peer_send(&p, "WHOIS sam\r\n");
	core_run();
	EXPECT(&p, ":natter.local 671 pat sam :is using a secure connection");
	EXPECT(&p, ":natter.local 318 pat sam :End of WHOIS list");
	peer_send(&s, "JOIN #z\r\nMODE #z +z\r\n");
	core_run();
	EXPECT(&s, ":sam!~sam@127.0.0.1 MODE #z +z");
	peer_send(&p, "JOIN #z\r\n");
	core_run();
	EXPECT(&p, ":natter.local 489 pat #z :Cannot join channel (+z)");
	peer_send(&s, "QUIT\r\n");
	peer_send(&p, "QUIT\r\n");
	core_run();
	io_mem_free(s.m);
	io_mem_free(p.m);
}

int
main(void)
{
	core_start();
	conf.presence_delay = 0;
	test_render();
	test_chghost();
	test_remote();
	test_tables();
	test_secure();
	return (DONE());
}
