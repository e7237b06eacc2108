/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * Tests of the byte buffer: growth from empty past 512 bytes and to
 * large sizes, line splitting at \r\n, \n and a lone \r (also when a
 * \r\n pair or a line is split across appends, and with NUL bytes inside
 * a line), draining and the compaction of the read offset, the
 * space/commit pair, discarding an over-long line, shrinking and freeing.
 */

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "test.h"

static void
add_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
test_empty(void)
{
	struct buf	 b;
	size_t		 len = 99;

	memset(&b, 0, sizeof b);
	CHECK_INT(buf_used(&b), 0);
	CHECK(buf_getline(&b, &len) == NULL);
	CHECK_INT(len, 99);
	buf_drain(&b, 10);
	CHECK_INT(buf_used(&b), 0);
	buf_shrink(&b, 0);
	buf_free(&b);
	CHECK(b.data == NULL);
	buf_free(NULL);
}

static void
test_endings(void)
{
	struct buf	 b;
	char		*line;
	size_t		 len;

	memset(&b, 0, sizeof b);
	add_str(&b, "ONE\r\nTWO\nTHREE\rFOUR\r\n\r\nrest");

	line = buf_getline(&b, &len);
	CHECK_STR(line, "ONE");
	CHECK_INT(len, 3);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "TWO");
	CHECK_INT(len, 3);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "THREE");
	CHECK_INT(len, 5);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "FOUR");
	CHECK_INT(len, 4);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "");
	CHECK_INT(len, 0);
	CHECK(buf_getline(&b, &len) == NULL);
	CHECK_INT(buf_used(&b), 4);
	CHECK(memcmp(buf_head(&b), "rest", 4) == 0);

	/* Completing the last line. */
	add_str(&b, "\n");
	line = buf_getline(&b, &len);
	CHECK_STR(line, "rest");
	CHECK_INT(len, 4);
	CHECK_INT(buf_used(&b), 0);
	CHECK_INT(b.off, 0);
	CHECK_INT(b.len, 0);
	buf_free(&b);
}

static void
test_split(void)
{
	struct buf	 b;
	char		*line;
	size_t		 len;

	memset(&b, 0, sizeof b);

	/* A line arriving in two pieces. */
	add_str(&b, "PRIVMSG #c :par");
	CHECK(buf_getline(&b, &len) == NULL);
	add_str(&b, "tial\r\n");
	line = buf_getline(&b, &len);
	CHECK_STR(line, "PRIVMSG #c :partial");
	CHECK_INT(len, 19);
	CHECK(buf_getline(&b, &len) == NULL);

	/* A \r\n pair split: the \r ends the line, the \n an empty one. */
	add_str(&b, "PING x\r");
	line = buf_getline(&b, &len);
	CHECK_STR(line, "PING x");
	CHECK_INT(len, 6);
	CHECK(buf_getline(&b, &len) == NULL);
	add_str(&b, "\nPONG y\r\n");
	line = buf_getline(&b, &len);
	CHECK_STR(line, "");
	CHECK_INT(len, 0);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "PONG y");
	CHECK_INT(len, 6);
	CHECK(buf_getline(&b, &len) == NULL);
	CHECK_INT(buf_used(&b), 0);
	buf_free(&b);
}

static void
test_nul(void)
{
	struct buf	 b;
	char		*line;
	size_t		 len;

	memset(&b, 0, sizeof b);
	buf_add(&b, "a\0b\r\nc\0\n", 8);
	line = buf_getline(&b, &len);
	CHECK(line != NULL);
	CHECK_INT(len, 3);
	CHECK(line != NULL && memcmp(line, "a\0b\0", 4) == 0);
	line = buf_getline(&b, &len);
	CHECK(line != NULL);
	CHECK_INT(len, 2);
	CHECK(line != NULL && memcmp(line, "c\0\0", 3) == 0);
	CHECK(buf_getline(&b, &len) == NULL);
	CHECK_INT(buf_used(&b), 0);

	/* A line made only of NULs. */
	buf_add(&b, "\0\0\0\r\n", 5);
	CHECK_INT(buf_used(&b), 5);
	line = buf_getline(&b, &len);
	CHECK(line != NULL);
	CHECK_INT(len, 3);
	buf_free(&b);
}

static void
test_growth(void)
{
	struct buf	 b;
	char		*big, *line;
	size_t		 len, i, n = 100 * 1024;

	memset(&b, 0, sizeof b);
	add_str(&b, "x");
	CHECK_INT(b.size, 512);
	CHECK_INT(b.len, 1);

	/* Past 512 the size doubles and the bytes are kept. */
	big = malloc(n + 2);
	CHECK(big != NULL);
	if (big == NULL)
		return;
	for (i = 0; i < n; i++)
		big[i] = 'a' + i % 26;
	buf_add(&b, big, 600);
	CHECK_INT(buf_used(&b), 601);
	CHECK(b.size >= 601);
	CHECK_INT(b.size, 1024);
	CHECK(buf_head(&b)[0] == 'x');
	CHECK(memcmp(buf_head(&b) + 1, big, 600) == 0);
	buf_drain(&b, 601);
	CHECK_INT(buf_used(&b), 0);

	/* 100 KB in one add, then as one line. */
	big[n] = '\r';
	big[n + 1] = '\n';
	buf_add(&b, big, n + 2);
	CHECK(b.size >= n + 2);
	CHECK_INT(buf_used(&b), n + 2);
	line = buf_getline(&b, &len);
	CHECK(line != NULL);
	CHECK_INT(len, n);
	CHECK(line != NULL && memcmp(line, big, n) == 0 && line[n] == '\0');
	CHECK_INT(buf_used(&b), 0);

	/* 100 KB in small pieces, keeping everything. */
	for (i = 0; i < n; i += 1000)
		buf_add(&b, big + i, n - i < 1000 ? n - i : 1000);
	CHECK_INT(buf_used(&b), n);
	CHECK(memcmp(buf_head(&b), big, n) == 0);
	CHECK(buf_getline(&b, &len) == NULL);
	buf_add(&b, "\n", 1);
	line = buf_getline(&b, &len);
	CHECK_INT(len, n);

	/* An empty buffer above the threshold is freed; below, kept. */
	buf_shrink(&b, 4096);
	CHECK(b.data == NULL);
	CHECK_INT(b.size, 0);
	add_str(&b, "small");
	buf_drain(&b, 5);
	buf_shrink(&b, 4096);
	CHECK(b.data != NULL);
	CHECK_INT(b.size, 512);
	add_str(&b, "kept");
	buf_shrink(&b, 0);		/* Not empty: stays. */
	CHECK(b.data != NULL);
	CHECK_INT(buf_used(&b), 4);
	buf_free(&b);
	CHECK(b.data == NULL);
	CHECK_INT(b.off + b.len + b.size, 0);
	free(big);
}

static void
test_drain(void)
{
	struct buf	 b;
	char		 chunk[200], *line;
	size_t		 len, size;

	memset(&b, 0, sizeof b);
	memset(chunk, 'z', sizeof chunk);

	add_str(&b, "0123456789");
	buf_drain(&b, 3);
	CHECK_INT(b.off, 3);
	CHECK_INT(buf_used(&b), 7);
	CHECK(memcmp(buf_head(&b), "3456789", 7) == 0);
	buf_drain(&b, 7);		/* All of it: back to the start. */
	CHECK_INT(b.off, 0);
	CHECK_INT(b.len, 0);
	add_str(&b, "abc");
	buf_drain(&b, 100);		/* More than there is. */
	CHECK_INT(b.off, 0);
	CHECK_INT(b.len, 0);

	/* Fill 500 of 512, read 400: 112 more fit only by moving down. */
	buf_add(&b, chunk, 200);
	buf_add(&b, chunk, 200);
	buf_add(&b, chunk, 100);
	size = b.size;
	CHECK_INT(size, 512);
	buf_drain(&b, 400);
	CHECK_INT(b.off, 400);
	buf_add(&b, "0123456789ABCDEF\r\n", 18);
	CHECK_INT(b.size, size);	/* No growth... */
	CHECK_INT(b.off, 0);		/* ...the unread bytes moved down. */
	CHECK_INT(b.len, 118);
	CHECK(memcmp(buf_head(&b), chunk, 100) == 0);
	line = buf_getline(&b, &len);
	CHECK_INT(len, 116);
	CHECK(line != NULL && strcmp(line + 100, "0123456789ABCDEF") == 0);
	CHECK_INT(buf_used(&b), 0);

	/* Room at the end: appending does not move the offset. */
	add_str(&b, "ab\ncd");
	line = buf_getline(&b, &len);
	CHECK_STR(line, "ab");
	CHECK_INT(b.off, 3);
	add_str(&b, "ef\n");
	CHECK_INT(b.off, 3);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "cdef");

	/* Growth with a read offset keeps the unread bytes. */
	buf_add(&b, chunk, 200);
	buf_add(&b, chunk, 200);
	buf_add(&b, chunk, 100);
	buf_drain(&b, 150);		/* 350 unread, 12 free at the end. */
	buf_add(&b, "tail\nyyyyyyyyyyyyyyy", 20);
	CHECK_INT(b.size, 512);		/* Fits after moving down. */
	CHECK_INT(b.off, 0);
	CHECK_INT(b.len, 370);
	buf_drain(&b, 100);
	buf_add(&b, chunk, 200);
	buf_add(&b, chunk, 200);
	buf_add(&b, chunk, 200);	/* 870 unread: grows. */
	CHECK_INT(b.size, 1024);
	CHECK_INT(b.off, 0);
	CHECK_INT(buf_used(&b), 870);
	CHECK(memcmp(buf_head(&b), chunk, 200) == 0);
	CHECK(memcmp(buf_head(&b) + 250, "tail\nyyy", 8) == 0);
	line = buf_getline(&b, &len);
	CHECK_INT(len, 254);
	CHECK(line != NULL && strcmp(line + 250, "tail") == 0);
	CHECK_INT(buf_used(&b), 615);
	CHECK(memcmp(buf_head(&b), "yyyyyyyyyyyyyyy", 15) == 0);
	CHECK(memcmp(buf_head(&b) + 15, chunk, 200) == 0);
	buf_free(&b);
}

static void
test_space_commit(void)
{
	struct buf	 b;
	char		*p, *line;
	size_t		 len;

	memset(&b, 0, sizeof b);
	p = buf_space(&b, 64);
	CHECK(p != NULL);
	CHECK(b.size >= 64);
	CHECK_INT(buf_used(&b), 0);
	memcpy(p, "NICK a\r\nUSER", 12);
	buf_commit(&b, 12);
	CHECK_INT(buf_used(&b), 12);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "NICK a");
	p = buf_space(&b, 2000);
	CHECK(b.size - b.len >= 2000);
	CHECK(memcmp(buf_head(&b), "USER", 4) == 0);
	memcpy(p, " u\n", 3);
	buf_commit(&b, 3);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "USER u");
	CHECK_INT(len, 6);
	buf_free(&b);
}

static void
test_discard(void)
{
	struct buf	 b;
	char		*line;
	size_t		 len;
	int		 found;

	memset(&b, 0, sizeof b);
	add_str(&b, "too long\r\nnext\r\n");
	buf_discard_line(&b, &found);
	CHECK_INT(found, 1);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "next");

	add_str(&b, "no ending yet");
	buf_discard_line(&b, &found);
	CHECK_INT(found, 0);
	CHECK_INT(buf_used(&b), 0);
	add_str(&b, "still long\nafter\n");
	buf_discard_line(&b, &found);
	CHECK_INT(found, 1);
	line = buf_getline(&b, &len);
	CHECK_STR(line, "after");
	buf_free(&b);
}

int
main(void)
{
	test_empty();
	test_endings();
	test_split();
	test_nul();
	test_growth();
	test_drain();
	test_space_commit();
	test_discard();
	return (DONE());
}
