#!/usr/bin/perl
# natter: hostile traffic for tests/hostile.bats, over real sockets to
# 127.0.0.1 only, bounded in time.
#
#	hostile.pl PORT [SEED [CONNECTIONS [ROUNDS]]]
#
# Opens CONNECTIONS (default 40) connections to natterd and, for ROUNDS
# (default 25) rounds, has each do something malformed or adversarial:
# random commands with empty, huge, comma-listed or broken UTF-8
# parameters, tags with odd escapes, bare CRs, NULs, registration in
# odd orders, the text front's commands with garbage, 20,000 bytes
# without a newline, bytes drip-fed one at a time, a line cut by a close
# or a reset (RST); a connection that ends is opened again.  Whatever
# the server sends is read and thrown away, and a write that would
# block is given up, so a throttled or dropped connection never stalls
# the generator.  It prints what it did and exits 0; an alarm ends it
# after 60 seconds in any case.

use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(SOL_SOCKET SO_LINGER MSG_DONTWAIT);
use Time::HiRes qw(sleep);

my $port = shift or die "usage: hostile.pl PORT [SEED [CONNECTIONS [ROUNDS]]]\n";
my $seed = shift // 1;
my $nconn = shift // 40;
my $rounds = shift // 25;
srand($seed);
$SIG{ALRM} = sub { print "hostile: 60 s alarm, stopping\n"; exit 0; };
$SIG{PIPE} = 'IGNORE';
alarm 60;

my @cmds = qw(NICK USER PASS CAP JOIN PART PRIVMSG NOTICE TAGMSG MODE
    TOPIC KICK INVITE NAMES LIST WHO WHOIS WHOWAS ISON USERHOST AWAY
    MONITOR PING PONG OPER KILL WALLOPS REHASH DIE SETNAME STATS HELP
    VERSION TIME INFO ADMIN LINKS LUSERS MOTD QUIT BATCH AUTHENTICATE
    SQUIT CONNECT 001 999 privmsg Join);
my @text = qw(/help /join /leave /me /msg /nick /quit /rooms /topic /who
    /pass / // /JOIN /unknown);
my %done;

sub pick { return $_[int(rand(@_))]; }

# A parameter of some awkward kind.
sub param {
	my $k = int(rand(12));
	return "" if $k == 0;
	return "x" x (100 + int(rand(900))) if $k == 1;
	return join(",", map { pick("#a", "#b", "nick$_", "", "#", "&x", "*") }
	    1 .. 1 + int(rand(40))) if $k == 2;
	return "\xc3\x28\xa0\xa1\xe2\x82\xf0\x9f\x98" . "\xff\xfe" if $k == 3;
	return ":" . join(" ", map { param() } 1 .. int(rand(4))) if $k == 4;
	return "#" . pick("chan", "a" x 70, "\x01\x02", "ch,an", "ch\x07an",
	    "\xc3\xa9t\xc3\xa9") if $k == 5;
	return pick("*!*@*", "0", "-1", "+imnpst-ov", "+b-b+k-k", "+l",
	    "+lk 1 key", "999999999999999999999", "\x00", "%s%n%x") if $k == 6;
	return pick("LS 302", "REQ :", "REQ :-batch batch", "REQ :" .
	    ("echo-message " x 50), "END", "LIST", "NEW") if $k == 7;
	return "\x01ACTION " . ("y" x int(rand(50))) if $k == 8;
	return pick("+", "-", "C", "L", "S") . " " . join(",", map { "n$_" }
	    1 .. int(rand(150))) if $k == 9;
	return join("", map { chr(32 + int(rand(95))) } 1 .. int(rand(30)));
}

# A message tag section with odd escapes and sizes.
sub tags {
	my $k = int(rand(6));
	return "\@label=" . ("L" x int(rand(100))) . " " if $k == 0;
	return "\@+a=\\:\\s\\\\\\r\\n\\x;+b=\\;c=;d;;=e " if $k == 1;
	return "\@" . ("k=v;" x 3000) . " " if $k == 2;
	return "\@ " if $k == 3;
	return "\@+draft/reply=" . ("\xff" x 20) . " " if $k == 4;
	return "";
}

sub line {
	my $k = int(rand(10));
	my $end = pick("\r\n", "\n", "\r", "\r\n", "\r\n", "\r\r\n", "\n\r");
	return pick(@text) . " " . join(" ", map { param() } 0 .. int(rand(4))) .
	    $end if $k == 0;
	return (":" . param() . " ") . pick(@cmds) . " " . param() . $end
	    if $k == 1;
	return "\x00" x int(rand(5)) . pick(@cmds) . "\x00 " . param() . $end
	    if $k == 2;
	return tags() . pick(@cmds) . join("", map { " " . param() }
	    0 .. int(rand(18))) . $end;
}

# Write without waiting; give up on the rest if the server is not reading.
sub put {
	my ($c, $data) = @_;
	return 0 unless $c->{sock};
	while (length $data) {
		my $n = send($c->{sock}, $data, MSG_DONTWAIT);
		if (!defined $n || $n == 0) {
			$done{"gave up a write"}++;
			return 0;
		}
		substr($data, 0, $n, "");
	}
	return 1;
}

sub drain {
	my $c = shift;
	my $buf;
	return unless $c->{sock};
	while (1) {
		my $r = recv($c->{sock}, $buf, 65536, MSG_DONTWAIT);
		last unless defined $r && length $buf;
	}
}

sub open_conn {
	my $c = shift;
	$c->{sock} = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
	    PeerPort => $port, Proto => "tcp", Timeout => 5);
	$done{"connections"}++ if $c->{sock};
}

sub close_conn {
	my ($c, $reset) = @_;
	return unless $c->{sock};
	setsockopt($c->{sock}, SOL_SOCKET, SO_LINGER, pack("ii", 1, 0))
	    if $reset;
	close $c->{sock};
	$c->{sock} = undef;
}

my @conns = map { {} } 1 .. $nconn;
open_conn($_) for @conns;

for my $round (1 .. $rounds) {
	for my $i (0 .. $#conns) {
		my $c = $conns[$i];
		open_conn($c) unless $c->{sock};
		my $k = int(rand(20));
		if ($k == 0) {
			# A line cut short by a close or a reset.
			put($c, substr(line(), 0, 5));
			close_conn($c, rand() < 0.5);
			$done{"cut lines"}++;
		} elsif ($k == 1) {
			put($c, ("z" x 20000));
			$done{"20000 bytes without a newline"}++;
		} elsif ($k == 2) {
			# Drip-fed: a line (its first 200 bytes) a byte at a
			# time.  The pause paces the bytes into separate
			# segments; nothing waits on it.
			for my $b (split //, substr(line(), 0, 200)) {
				put($c, $b) or last;
				sleep 0.001;
			}
			$done{"drip-fed lines"}++;
		} elsif ($k == 3) {
			# Registration in an odd order.
			my @reg = ("USER u 0 * :r\r\n", "NICK n$i$round\r\n",
			    "CAP LS 302\r\n", "CAP END\r\n", "PASS x\r\n",
			    "CAP REQ :batch\r\n");
			put($c, join("", map { pick(@reg) } 1 .. 6));
			$done{"registrations"}++;
		} elsif ($k == 4) {
			put($c, "\r" x int(rand(50)) . "PING :cr\r" .
			    "\rPRIVMSG #a :bare\rCR\r");
			$done{"bare CRs"}++;
		} else {
			put($c, join("", map { line() } 1 .. 1 + int(rand(8))));
			$done{"lines"}++;
		}
		drain($c);
	}
}
for my $c (@conns) {
	drain($c);
	close_conn($c, rand() < 0.3);
}
print "hostile: $_: $done{$_}\n" for sort keys %done;
exit 0;
