#!/usr/bin/perl
# natter: make the fuzz targets' seed corpora from real traffic.
#
#	mkcorpus.pl OUTDIR TRACE...
#
# Each TRACE is what "strace -f -xx -s 65536 -e trace=accept4,read,close"
# wrote for one natterd of the bats suite (doc/fuzzing.md says how to take
# them): the connections it accepted and every byte it read from them.
# A trace becomes one script for the server target (each connection
# opened as an undecided one, its bytes sent as they were read, the
# loop run after each read, the peers reading what they got); every
# line read becomes an input of the msg target; what each person on
# the text front typed becomes an input of the text target.  The RFC
# 1459/2812 and IRCv3 examples below are added to the msg target, and
# as one more conversation to the server target.  Inputs are named by
# their SHA-1, as libFuzzer names them; minimise with -merge=1 after.

use strict;
use warnings;
use Digest::SHA qw(sha1_hex);

my $out = shift @ARGV or die "usage: mkcorpus.pl OUTDIR TRACE...\n";

# Steps of the server target (tests/fuzz/fuzz-server.c).
my %step = (open_auto => 0, open_irc => 1, open_text => 2, send => 3,
    eof => 6, read => 10, settle => 13, tick => 14);

sub op { my ($kind, $slot) = @_; return chr(($step{$kind} << 3) | $slot); }

sub put {
	my ($target, $data) = @_;
	my $dir = "$out/$target";
	mkdir $out; mkdir $dir;
	my $name = "$dir/" . sha1_hex($data);
	open my $f, '>:raw', $name or die "$name: $!\n";
	print $f $data;
	close $f;
}

sub unhex { my $s = shift; $s =~ s/\\x([0-9a-f]{2})/chr(hex($1))/ge; return $s; }

# Settings: flood control off, lines_per_read 20, the largest sendq
# and recvq the script can choose; timers as core.c sets them.
my $header = "\x00\xff\x00\x00";

# What an IRC client sends, from RFC 1459 and 2812 (section 3 and 4
# examples) and the IRCv3 message-tags specification.
my @rfc = (
	"PASS secretpasswordhere",
	"NICK Wiz",
	":WiZ!jto\@tolsun.oulu.fi NICK Kilroy",
	"USER guest 0 * :Ronnie Reagan",
	"USER guest tolmoon tolsun :Ronnie Reagan",
	"OPER foo bar",
	"MODE WiZ -w",
	"MODE Angel +i",
	"MODE WiZ -o",
	"QUIT :Gone to have lunch",
	"JOIN #foobar",
	"JOIN &foo fubar",
	"JOIN #foo,&bar fubar",
	"JOIN #foo,#bar fubar,foobar",
	"JOIN #foo,#bar",
	"JOIN 0",
	":WiZ!jto\@tolsun.oulu.fi JOIN #Twilight_zone",
	"PART #twilight_zone",
	"PART #oz-ops,&group5",
	":WiZ!jto\@tolsun.oulu.fi PART #playzone :I lost",
	"MODE #Finnish +imI *!*\@*.fi",
	"MODE #Finnish +o Kilroy",
	"MODE #Finnish +v Wiz",
	"MODE #Fins -s",
	"MODE #42 +k oulu",
	"MODE #42 -k oulu",
	"MODE #eu-opers +l 10",
	"MODE &oulu +b",
	"MODE &oulu +b *!*\@*",
	"MODE &oulu +b *!*\@*.edu +e *!*\@*.bu.edu",
	"MODE #bu +be *!*\@*.edu *!*\@*.bu.edu",
	"MODE #meditation e",
	"MODE #meditation I",
	"MODE !12345ircd O",
	"MODE #foo +b-o+v-l+k banned!*\@* op voiced secret",
	":WiZ!jto\@tolsun.oulu.fi TOPIC #test :New topic",
	"TOPIC #test :another topic",
	"TOPIC #test :",
	"TOPIC #test",
	"NAMES #twilight_zone,#42",
	"NAMES",
	"LIST",
	"LIST #twilight_zone,#42",
	":Angel!wings\@irc.org INVITE Wiz #Dust",
	"INVITE Wiz #Twilight_Zone",
	"KICK &Melbourne Matthew",
	"KICK #Finnish John :Speaking English",
	":WiZ!jto\@tolsun.oulu.fi KICK #Finnish John",
	":Angel!wings\@irc.org PRIVMSG Wiz :Are you receiving this message ?",
	"PRIVMSG Angel :yes I'm receiving it !",
	"PRIVMSG jto\@tolsun.oulu.fi :Hello !",
	"PRIVMSG kalt%millennium.stealth.net\@irc.stealth.net :Are you a frog?",
	"PRIVMSG kalt%millennium.stealth.net :Do you like cheese?",
	"PRIVMSG Wiz!jto\@tolsun.oulu.fi :Hello !",
	"PRIVMSG \$*.fi :Server tolsun.oulu.fi rebooting.",
	"PRIVMSG #*.edu :NSFNet is undergoing work, expect interruptions",
	"NOTICE Wiz :just so you know",
	"MOTD",
	"LUSERS",
	"VERSION tolsun.oulu.fi",
	"STATS m",
	"STATS u",
	"LINKS *.au",
	"LINKS *.edu *.bu.edu",
	"TIME tolsun.oulu.fi",
	"ADMIN tolsun.oulu.fi",
	"INFO csd.bu.edu",
	"WHO *.fi",
	"WHO jto* o",
	"WHOIS wiz",
	"WHOIS eff.org trillian",
	"WHOWAS Wiz",
	"WHOWAS Mermaid 9",
	"WHOWAS Trillian 1 *.edu",
	"KILL David (csd.csd.bu.edu <- tolsun.oulu.fi)",
	"PING tolsun.oulu.fi",
	"PING WiZ tolsun.oulu.fi",
	"PONG csd.bu.edu tolsun.oulu.fi",
	"AWAY :Gone to lunch.  Back in 5",
	"AWAY",
	"REHASH",
	"DIE",
	"WALLOPS :Connect '*.uiuc.edu 6667' from Joshua",
	"USERHOST Wiz Michael syrk",
	"ISON phone trillian WiZ jarlek Avalon Angel Monstah syrk",
	"\@aaa=bbb;ccc;example.com/ddd=eee :nick!ident\@host.com PRIVMSG me :Hello",
	"\@+example=raw+:=,escaped\\:\\s\\\\ :irc.example.com NOTICE #channel :Message",
	"\@+example-client-tag=example-value PRIVMSG #channel :Message",
	"\@+example.com/foo=bar :irc.example.com NOTICE #channel :Message",
	"\@label=pQraCjj82e PRIVMSG #channel :Hello",
	"\@+draft/reply=abc;+draft/react=lol TAGMSG #channel",
	"\@msgid=63E1033A051D4B41B1AB1FA3CF4B243E :nick!user\@host PRIVMSG #channel :Hello!",
	"\@time=2011-10-19T16:40:51.620Z :Angel!angel\@example.org PRIVMSG Wiz :Hello",
	"CAP LS 302",
	"CAP REQ :multi-prefix sasl",
	"CAP REQ :-multi-prefix",
	"CAP LIST",
	"CAP END",
	"MONITOR + jilles,kteste,jto",
	"MONITOR - kteste",
	"MONITOR C",
	"MONITOR L",
	"MONITOR S",
	"SETNAME :New Realname",
);

for my $l (@rfc) {
	put("msg", $l);
}
{
	my $s = $header . op("open_irc", 0) . op("open_irc", 1);
	for my $who (0, 1) {
		my $nick = $who ? "Angel" : "WiZ";
		my $reg = "NICK $nick\r\nUSER guest 0 * :Ronnie Reagan\r\n";
		$s .= op("send", $who) . chr(length $reg) . $reg;
	}
	$s .= op("settle", 0);
	for my $i (0 .. $#rfc) {
		my $line = "$rfc[$i]\r\n";
		next if length $line > 255;
		$s .= op("send", $i % 2) . chr(length $line) . $line;
		$s .= op("settle", 0) . op("read", $i % 2);
	}
	put("server", $s);
}

# An operator's session: core.c's [operator fuzz] has the password
# "fuzz", so OPER goes through the worker; then what only operators
# may do, with labeled-response on, beside a person on the text front.
{
	my @talk = (
	    [0, "CAP LS 302"], [0, "CAP REQ :labeled-response batch echo-message"],
	    [0, "NICK op"], [0, "USER op 0 * :Operator"], [0, "CAP END"],
	    [1, "NICK victim"], [1, "USER v 0 * :Victim"],
	    [2, "/nick person"], [2, "/join general"],
	    [0, "\@label=a1 OPER fuzz wrong"], [0, "\@label=a2 OPER fuzz fuzz"],
	    [0, "MODE op +w"], [1, "JOIN #general"], [0, "JOIN #general"],
	    [0, "\@label=a3 KICK #general victim :out"],
	    [0, "MODE #general +ntk key"], [0, "WALLOPS :hello opers"],
	    [0, "\@label=a4 REHASH"], [0, "KILL victim :bye"],
	    [2, "/msg op hi"], [0, "\@label=a5 WHOIS person"],
	    [0, "OPER fuzz fuzz"], [0, "DIE"],
	);
	my $s = $header . op("open_irc", 0) . op("open_irc", 1) .
	    op("open_text", 2);
	for my $t (@talk) {
		my $line = "$t->[1]\r\n";
		$s .= op("send", $t->[0]) . chr(length $line) . $line .
		    op("settle", 0) . op("read", $t->[0]);
	}
	put("server", $s);
}

# The traces.
for my $trace (@ARGV) {
	open my $f, '<', $trace or die "$trace: $!\n";
	my (%slot, @free, %in, %order, $script);
	@free = (0 .. 7);
	$script = $header;
	my $n = 0;
	while (<$f>) {
		if (/^\d+\s+accept4?\(\d+, \{sa_family=AF_INET.*= (\d+)$/) {
			my $fd = $1;
			next unless @free;
			$slot{$fd} = shift @free;
			$in{$fd} = "";
			$order{$fd} = $n++;
			$script .= op("open_auto", $slot{$fd});
		} elsif (/^\d+\s+read\((\d+), "(.*)"(?:\.\.\.)?, \d+\) = (\d+)$/) {
			my ($fd, $data, $len) = ($1, unhex($2), $3);
			next unless exists $slot{$fd};
			$in{$fd} .= $data;
			if ($len == 0) {
				$script .= op("eof", $slot{$fd});
				next;
			}
			while (length $data) {
				my $piece = substr($data, 0, 255, "");
				$script .= op("send", $slot{$fd}) .
				    chr(length $piece) . $piece;
			}
			$script .= op("settle", 0) . op("read", $slot{$fd});
		} elsif (/^\d+\s+close\((\d+)\)/) {
			my $fd = $1;
			next unless exists $slot{$fd};
			push @free, $slot{$fd};
			delete $slot{$fd};
			lines($in{$fd});
			delete $in{$fd};
		}
	}
	close $f;
	lines($in{$_}) for keys %in;
	put("server", substr($script, 0, 65536)) if $n > 0;
}

# A connection's bytes: its lines to msg, and to text if a person's.
sub lines {
	my $bytes = shift;
	my @lines = split /\r\n|\r|\n/, $bytes;
	return unless @lines;
	my $first = $lines[0];
	if ($first =~ m{^/} || ($first !~ /^[\@:]/ && $first !~ /^[A-Z]+( |$)/)) {
		put("text", "\x00" . substr($bytes, 0, 16383));
		return;
	}
	for my $l (@lines) {
		put("msg", $l) if length $l > 0 && length $l < 4096;
	}
}
