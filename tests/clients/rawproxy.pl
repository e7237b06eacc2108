#!/usr/bin/perl
# natter: an IRC server. ISC licence; see the COPYING file.
#
# rawproxy.pl PORTFILE LOGFILE SERVERPORT: a TCP relay between an IRC
# client and natterd that records every line in both directions, so a
# failing client test can show exactly what the client sent and what
# natterd answered.  It listens on 127.0.0.1, port chosen by the kernel,
# writes that port to PORTFILE, and logs, each line after a time stamp
# (HH:MM:SS.mmm),
#	N C> line	(client N to server)
#	N S> line	(server to client N)
#	N -- note	(connect, close)
# Bytes are passed on unchanged; lines are only split for the log.
#
# rawproxy.pl PORTFILE LOGFILE SERVERPORT CERT KEY: the same over TLS on
# both sides, for clients tested over TLS: the client is served CERT and
# KEY (the test's certificate, which the client trusts), and the proxy
# connects to natterd's TLS port SERVERPORT, trusting CERT, so natterd
# sees a TLS client and the log still shows the lines in clear.
#
# rawproxy.pl PORTFILE LOGFILE SERVERPORT CERT: plain TCP from the client,
# TLS to natterd: any plain tool (nc, a hostile-traffic generator) then
# reaches natterd's TLS port, each of its writes one TLS record.

use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use IO::Handle;
use Time::HiRes qw(time);
use POSIX qw(strftime);

my ($portfile, $logfile, $sport, $cert, $key) = @ARGV;
die "usage: rawproxy.pl PORTFILE LOGFILE SERVERPORT [CERT [KEY]]\n"
    unless defined $sport;
my $tls = defined $cert;		# to natterd
my $tls_client = defined $key;		# from the client too
require IO::Socket::SSL if $tls;

my $lsock = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
    Listen => 16, ReuseAddr => 1, Proto => 'tcp') or die "listen: $!\n";
open(my $log, '>>', $logfile) or die "$logfile: $!\n";
$log->autoflush(1);

# Write the port file last and atomically: its presence means "ready".
open(my $pf, '>', "$portfile.tmp") or die "$portfile: $!\n";
print $pf $lsock->sockport, "\n";
close $pf;
rename "$portfile.tmp", $portfile or die "rename: $!\n";

my $sel = IO::Select->new($lsock);
my %peer;	# socket -> its other end
my %tag;	# socket -> "N C>" or "N S>"
my %part;	# socket -> partial line not yet logged
my $serial = 0;

sub note {
	my ($line) = @_;
	my $t = time;
	printf $log "%s.%03d %s\n", strftime("%H:%M:%S", localtime $t),
	    ($t - int $t) * 1000, $line;
}

sub drop {
	my ($s) = @_;
	my $o = $peer{$s};
	for my $x ($s, $o) {
		next unless defined $x;
		note("$tag{$x} $part{$x}") if length($part{$x} // '');
		$sel->remove($x);
		close $x;
		delete $peer{$x}; delete $part{$x};
	}
	my ($n) = split / /, $tag{$s};
	note("$n -- closed");
	delete $tag{$s}; delete $tag{$o} if defined $o;
}

$SIG{TERM} = sub { exit 0 };
$SIG{PIPE} = 'IGNORE';

for (;;) {
	for my $s ($sel->can_read) {
		if ($s == $lsock) {
			my $c = $lsock->accept or next;
			$serial++;
			if ($tls_client && !IO::Socket::SSL->start_SSL($c,
			    SSL_server => 1, SSL_cert_file => $cert,
			    SSL_key_file => $key)) {
				note("$serial -- TLS from the client failed: " .
				    IO::Socket::SSL::errstr());
				close $c;
				next;
			}
			my $u = $tls ? IO::Socket::SSL->new(PeerAddr =>
			    '127.0.0.1', PeerPort => $sport,
			    SSL_ca_file => $cert,
			    SSL_verify_mode => IO::Socket::SSL::SSL_VERIFY_PEER())
			    : IO::Socket::INET->new(PeerAddr => '127.0.0.1',
			    PeerPort => $sport, Proto => 'tcp');
			unless ($u) {
				note("$serial -- cannot reach server: $! " .
				    ($tls ? IO::Socket::SSL::errstr() : ''));
				close $c;
				next;
			}
			note("$serial -- connected");
			$peer{$c} = $u; $peer{$u} = $c;
			$tag{$c} = "$serial C>"; $tag{$u} = "$serial S>";
			$part{$c} = ''; $part{$u} = '';
			$sel->add($c, $u);
			next;
		}
		next unless exists $peer{$s};
		my $n = sysread($s, my $data, 65536);
		if (!$n) {
			# TLS: a record not yet whole is no end of the stream.
			next if !defined $n && $tls && $!{EAGAIN};
			drop($s);
			next;
		}
		# TLS: what the library holds is not seen by select.
		while ($s->can('pending') && $s->pending > 0) {
			my $more = sysread($s, my $d2, 65536);
			last unless $more;
			$data .= $d2;
		}
		my $o = $peer{$s};
		my $off = 0;
		while ($off < length $data) {
			my $w = syswrite($o, $data, length($data) - $off, $off);
			last unless defined $w;
			$off += $w;
		}
		$part{$s} .= $data;
		while ($part{$s} =~ s/^([^\n]*)\n//) {
			(my $line = $1) =~ s/\r$//;
			note("$tag{$s} $line");
		}
	}
}
