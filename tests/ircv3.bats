#!/usr/bin/env bats
# IRCv3: capability negotiation 302 and each capability, with and
# without it.

load helpers

setup() { natterd_start; }
teardown() { natterd_stop; }

# cap_register NAME NICK CAPS: register after CAP REQ :CAPS.
cap_register() {
	conn_open "$1"
	send "$1" "CAP LS 302" "NICK $2" "USER ${2,,} 0 * :$2 Real"
	wait_for "$1" "CAP \* LS :"
	send "$1" "CAP REQ :$3"
	wait_for "$1" "CAP $2 ACK :$3\$"
	send "$1" "CAP END"
	wait_for "$1" " 001 $2 "
	wait_for "$1" " (376|422) $2 "
}

@test "CAP LS 302 lists every capability; LS without 302 too" {
	conn_open a
	send a "CAP LS 302"
	wait_for a "^:natter.local CAP \* LS :"
	for c in account-notify account-tag away-notify batch cap-notify \
	    chghost echo-message extended-join invite-notify \
	    labeled-response message-tags multi-prefix server-time setname \
	    standard-replies userhost-in-names; do
		[[ " ${WAITED##*LS :} " == *" $c "* ]] || fail "$c not offered"
	done
	[[ "$WAITED" != *sasl* ]] || fail "sasl offered but not implemented"
	send a "CAP REQ :-multi-prefix server-time"
	wait_for a "CAP \* ACK :-multi-prefix server-time$"
	send a "CAP LIST"
	wait_for a "CAP \* LIST :server-time$"
	send a "CAP REQ :-server-time"
	wait_for a "CAP \* ACK :-server-time$"
	send a "CAP LIST"
	wait_for a "CAP \* LIST :$"
}

@test "server-time: a time tag for those who asked, none otherwise" {
	cap_register a alice server-time
	irc_register b bob
	send a "JOIN #t"
	wait_for a " 366 alice #t "
	send b "JOIN #t"
	wait_for a "^@time=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z :bob!~bob@127.0.0.1 JOIN #t$"
	send b "PRIVMSG #t :hi"
	wait_for a "^@time=[^ ]+Z :bob!~bob@127.0.0.1 PRIVMSG #t :hi$"
	send a "PRIVMSG #t :plain"
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG #t :plain$"
}

@test "message-tags: client tags and msgid relayed; TAGMSG only to those with it" {
	cap_register a alice message-tags
	cap_register c carol message-tags
	irc_register b bob
	send a "JOIN #t"
	wait_for a " 366 alice #t "
	send b "JOIN #t"
	wait_for b " 366 bob #t "
	send c "JOIN #t"
	wait_for c " 366 carol #t "
	send c "@+example.org/emoji=smile;server-tag=x PRIVMSG #t :tagged"
	wait_for a "^@msgid=[^ ;]+;\+example.org/emoji=smile :carol!~carol@127.0.0.1 PRIVMSG #t :tagged$"
	wait_for b "^:carol!~carol@127.0.0.1 PRIVMSG #t :tagged$"
	send c "@+typing=active TAGMSG #t"
	wait_for a "^@msgid=[^ ;]+;\+typing=active :carol!~carol@127.0.0.1 TAGMSG #t$"
	sync_irc b
	refute_since b "TAGMSG"
	long="@+big=$(printf 'x%.0s' {1..4100})"
	send c "$long PRIVMSG #t :too much"
	wait_for c " 417 carol :Input line was too long$"
}

@test "echo-message: the sender gets its message back as delivered" {
	cap_register a alice "echo-message server-time"
	irc_register b bob
	send a "PRIVMSG bob :echo me"
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG bob :echo me$"
	wait_for a "^@time=[^ ]+ :alice!~alice@127.0.0.1 PRIVMSG bob :echo me$"
	send a "JOIN #e"
	wait_for a " 366 "
	send a "NOTICE #e :to the channel"
	wait_for a ":alice!~alice@127.0.0.1 NOTICE #e :to the channel$"
	irc_register c carol
	send c "PRIVMSG bob :no echo"
	sync_irc c
	refute_since c "no echo"
}

@test "extended-join, away-notify, userhost-in-names, multi-prefix" {
	cap_register a alice "extended-join away-notify userhost-in-names multi-prefix"
	irc_register b bob
	send a "JOIN #x"
	wait_for a " 366 alice #x "
	send b "AWAY :at lunch"
	wait_for b " 306 "
	send b "JOIN #x"
	wait_for a "^:bob!~bob@127.0.0.1 JOIN #x \* :bob Real$"
	wait_for a "^:bob!~bob@127.0.0.1 AWAY :at lunch$"
	wait_for b "^:bob!~bob@127.0.0.1 JOIN #x$"
	send b "AWAY"
	wait_for a "^:bob!~bob@127.0.0.1 AWAY$"
	send a "NAMES #x"
	wait_for a " 353 alice = #x :@alice!~alice@127.0.0.1 bob!~bob@127.0.0.1$"
	send b "NAMES #x"
	wait_for b " 353 bob = #x :@alice bob$"
}

@test "invite-notify tells the channel's members about an INVITE" {
	cap_register a alice invite-notify
	irc_register b bob
	irc_register c carol
	send b "JOIN #i"
	wait_for b " 366 "
	send a "JOIN #i"
	wait_for a " 366 "
	send b "INVITE carol #i"
	wait_for c "^:bob!~bob@127.0.0.1 INVITE carol :#i$"
	wait_for a "^:bob!~bob@127.0.0.1 INVITE carol :#i$"
}

@test "setname: SETNAME changes the real name; FAIL when too long" {
	cap_register a alice "setname standard-replies"
	irc_register b bob
	send a "JOIN #s"
	wait_for a " 366 "
	send b "JOIN #s"
	wait_for b " 366 "
	send a "SETNAME :Alice Pleasance"
	wait_for a "^:alice!~alice@127.0.0.1 SETNAME :Alice Pleasance$"
	send b "WHOIS alice"
	wait_for b " 311 bob alice ~alice 127.0.0.1 \* :Alice Pleasance$"
	sync_irc b
	refute_since b "SETNAME"
	send a "SETNAME :$(printf 'n%.0s' {1..101})"
	wait_for a "^:natter.local FAIL SETNAME INVALID_REALNAME :"
	send b "SETNAME :$(printf 'n%.0s' {1..101})"
	wait_for b "^:natter.local NOTICE bob :SETNAME INVALID_REALNAME"
}

@test "labeled-response: ACK, one labelled line, or a labelled batch" {
	cap_register a alice "labeled-response batch"
	send a "@label=one PONG :x"
	wait_for a "^@label=one :natter.local ACK$"
	send a "@label=two PING :y"
	wait_for a "^@label=two :natter.local PONG natter.local :y$"
	send a "@label=three WHOIS alice"
	wait_for a "^@label=three :natter.local BATCH \+([^ ]+) labeled-response$"
	id=$(sed -E 's/.*BATCH \+([^ ]+) .*/\1/' <<< "$WAITED")
	wait_for a "^@batch=$id :natter.local 311 alice alice "
	wait_for a "^@batch=$id :natter.local 318 alice alice :End of WHOIS list$"
	wait_for a "^:natter.local BATCH -$id$"
}

# since_sync NAME START: the lines NAME received after line START and
# before the PONG that sync_irc just waited for.
since_sync() {
	output "$1" | sed -n "$(($2 + 1)),$((CONN_CURSOR[$1] - 1))p"
}

@test "labeled-response: to oneself, the echo alone is labelled, no batch" {
	cap_register a alice "echo-message batch labeled-response message-tags"
	for cmd in "PRIVMSG alice :to me" "NOTICE alice :to me" "@+x=1 TAGMSG alice"; do
		start=${CONN_CURSOR[a]}
		if [[ $cmd == @* ]]; then
			send a "@label=L1;${cmd#@}"
		else
			send a "@label=L1 $cmd"
		fi
		sync_irc a
		got=$(since_sync a "$start")
		verb=$(awk '{ print $1 }' <<< "${cmd#@* }")
		[ "$(grep -c " $verb alice" <<< "$got")" -eq 2 ] || fail "$cmd: not two $verb: $got"
		[ "$(wc -l <<< "$got")" -eq 2 ] || fail "$cmd: other lines: $got"
		[ "$(grep -c "label=L1" <<< "$got")" -eq 1 ] || fail "$cmd: not one label: $got"
	done
}

@test "client tags: 4094 bytes relayed whole, one byte more gets 417" {
	cap_register a alice message-tags
	cap_register b bob message-tags
	# "+a=" and the value: 4094 bytes, the limit without "@" and " ".
	value=$(head -c 4091 /dev/zero | tr '\0' v)
	send a "@+a=$value PRIVMSG bob :at the limit"
	wait_for b "^@msgid=[^ ;]+;\+a=$value :alice!~alice@127.0.0.1 PRIVMSG bob :at the limit$"
	send a "@+a=${value}v PRIVMSG bob :one over"
	wait_for a " 417 alice :Input line was too long$"
	# Every tag counts, not only the client-only ones.
	send a "@+a=${value:4};zz=1234 PRIVMSG bob :mixed over"
	wait_for a " 417 alice :Input line was too long$"
	sync_irc b
	refute_since b "over$"
}

@test "MONITOR: a change of case only is no news; the next change says 731 QUX" {
	irc_register a alice
	irc_register b qux
	send a "MONITOR + qux"
	wait_for a " 730 alice :qux!~qux@127.0.0.1$"
	send b "NICK QUX"
	wait_for b "NICK :QUX$"
	sync_irc a
	refute_since a " 73[01] "
	send b "NICK other"
	wait_for a " 731 alice :QUX$"
	sync_irc a
	refute_since a " 730 "
}

@test "MONITOR: online, offline, list, remove, clear, full" {
	irc_register a alice
	send a "MONITOR + bob,carol"
	wait_for a " 731 alice :bob,carol$"
	irc_register b bob
	wait_for a " 730 alice :bob!~bob@127.0.0.1$"
	send b "NICK bobby"
	wait_for a " 731 alice :bob$"
	send b "NICK bob"
	wait_for a " 730 alice :bob!~bob@127.0.0.1$"
	send a "MONITOR L"
	wait_for a " 732 alice :bob,carol$"
	wait_for a " 733 alice :End of MONITOR list$"
	send a "MONITOR S"
	wait_for a " 730 alice :bob!~bob@127.0.0.1$"
	wait_for a " 731 alice :carol$"
	send b "QUIT"
	wait_for a " 731 alice :bob$"
	send a "MONITOR - bob"
	send a "MONITOR L"
	wait_for a " 732 alice :carol$"
	send a "MONITOR C"
	send a "MONITOR L"
	wait_for a " 733 alice "
	send a "MONITOR + $(seq -s, -f 'n%g' 1 101)"
	wait_for a " 734 alice 100 n101 :Monitor list is full\.$"
	assert_output_has a " 005 alice .*MONITOR=100"
}

@test "extended-monitor: AWAY and SETNAME of a watched nick that shares no channel" {
	cap_register a alice "draft/extended-monitor away-notify setname"
	cap_register c carol "away-notify setname"
	cap_register d dave "draft/extended-monitor"
	# The ratified name does the same.
	cap_register e erin "extended-monitor away-notify"
	irc_register b bob
	for n in a c d e; do
		send $n "MONITOR + bob"
		wait_for $n " 730 [^ ]+ :bob!~bob@127.0.0.1$"
	done
	send b "AWAY :gone fishing"
	wait_for a "^:bob!~bob@127.0.0.1 AWAY :gone fishing$"
	wait_for e "^:bob!~bob@127.0.0.1 AWAY :gone fishing$"
	send b "SETNAME :Robert"
	wait_for a "^:bob!~bob@127.0.0.1 SETNAME :Robert$"
	send b "AWAY"
	wait_for a "^:bob!~bob@127.0.0.1 AWAY$"
	# Sharing a channel as well: told once.
	send a "JOIN #em"
	wait_for a " 366 alice #em "
	send b "JOIN #em"
	wait_for a "^:bob!~bob@127.0.0.1 JOIN #em$"
	send b "AWAY :again"
	wait_for a "^:bob!~bob@127.0.0.1 AWAY :again$"
	sync_irc a
	refute_since a "AWAY"
	# Without extended-monitor, or without away-notify: nothing.
	for n in c d; do
		sync_irc $n
		refute_since $n "AWAY|SETNAME"
	done
}

@test "no-implicit-names: no NAMES after JOIN, draft name or final; NAMES still works" {
	cap_register a alice "draft/no-implicit-names"
	cap_register c carol "no-implicit-names"
	irc_register b bob
	send b "JOIN #nn"
	wait_for b " 366 bob #nn "
	send b "TOPIC #nn :the topic"
	wait_for b "TOPIC #nn :the topic$"
	for n in a:alice c:carol; do
		send ${n%%:*} "JOIN #nn"
		wait_for ${n%%:*} "^:${n#*:}!~${n#*:}@127.0.0.1 JOIN #nn$"
		expect_next ${n%%:*} ":natter.local 332 ${n#*:} #nn :the topic"
		wait_for ${n%%:*} " 333 ${n#*:} #nn bob!~bob@127.0.0.1 "
		sync_irc ${n%%:*}
		refute_since ${n%%:*} " 35[3]| 366 "
		send ${n%%:*} "NAMES #nn"
		wait_for ${n%%:*} " 353 ${n#*:} = #nn :@bob "
		wait_for ${n%%:*} " 366 ${n#*:} #nn "
	done
}

@test "draft/multiline: a batch for those with it, lines for others, joined for people" {
	cap_register a alice "draft/multiline batch message-tags echo-message labeled-response"
	cap_register b bob "draft/multiline batch"
	irc_register c carol
	text_open t
	type_line t "/join ml"
	wait_for t "^Joined room: ml$"
	for n in a:alice b:bob c:carol; do
		send ${n%%:*} "JOIN #ml"
		wait_for ${n%%:*} " 366 ${n#*:} #ml "
	done
	send a "@label=m1;+example.org/x=1 BATCH +r1 draft/multiline #ml" \
	    "@batch=r1 PRIVMSG #ml hello" \
	    "@batch=r1 PRIVMSG #ml :how is " \
	    "@batch=r1;draft/multiline-concat PRIVMSG #ml :everyone?" \
	    "@batch=r1 PRIVMSG #ml :" \
	    "@batch=r1 privmsg #ML :bye" \
	    "BATCH -r1"
	wait_for b "^:alice!~alice@127.0.0.1 BATCH \+([^ ]+) draft/multiline #ml$"
	ref=$(sed -E 's/.*BATCH \+([^ ]+) .*/\1/' <<< "$WAITED")
	expect_next b "@batch=$ref :alice!~alice@127.0.0.1 PRIVMSG #ml :hello"
	expect_next b "@batch=$ref :alice!~alice@127.0.0.1 PRIVMSG #ml :how is "
	expect_next b "@batch=$ref;draft/multiline-concat :alice!~alice@127.0.0.1 PRIVMSG #ml :everyone?"
	expect_next b "@batch=$ref :alice!~alice@127.0.0.1 PRIVMSG #ml :"
	expect_next b "@batch=$ref :alice!~alice@127.0.0.1 PRIVMSG #ml :bye"
	expect_next b ":alice!~alice@127.0.0.1 BATCH -$ref"
	# Without the capability: the lines as sent, the blank one left out.
	wait_for c "^:alice!~alice@127.0.0.1 PRIVMSG #ml :hello$"
	expect_next c ":alice!~alice@127.0.0.1 PRIVMSG #ml :how is "
	expect_next c ":alice!~alice@127.0.0.1 PRIVMSG #ml :everyone?"
	expect_next c ":alice!~alice@127.0.0.1 PRIVMSG #ml :bye"
	# A person: the message as typed.
	wait_for t "^\[alice\]: hello$"
	expect_next t "[alice]: how is everyone?"
	expect_next t "[alice]: bye"
	# The echo is the labelled reply: the label on its BATCH +.
	wait_for a "^@label=m1;msgid=[^ ;]+;\+example.org/x=1 :alice!~alice@127.0.0.1 BATCH \+$ref draft/multiline #ml$"
	wait_for a "^:alice!~alice@127.0.0.1 BATCH -$ref$"
	! output a | grep -q "BATCH +[^ ]* labeled-response" || fail "the echo was wrapped"
	# Private, to someone without it.
	send a "BATCH +r2 draft/multiline carol" "@batch=r2 PRIVMSG carol :one" \
	    "@batch=r2 PRIVMSG carol :two" "BATCH -r2"
	wait_for c "^@?[^ ]* ?:alice!~alice@127.0.0.1 PRIVMSG carol :one$"
	expect_next c ":alice!~alice@127.0.0.1 PRIVMSG carol :two"
}

@test "draft/multiline: limits in CAP LS 302; too many lines or bytes, a wrong target: FAIL BATCH" {
	natterd_stop
	natterd_start -o multiline_max_lines=3 -o multiline_max_bytes=512
	conn_open a
	send a "CAP LS 302"
	wait_for a "CAP \* LS :.* draft/multiline=max-bytes=512,max-lines=3 "
	send a "CAP REQ :draft/multiline batch standard-replies" "NICK alice" "USER a 0 * :A" "CAP END"
	wait_for a " 001 alice "
	irc_register b bob
	send a "BATCH +x draft/multiline bob" "@batch=x PRIVMSG bob :1" \
	    "@batch=x PRIVMSG bob :2" "@batch=x PRIVMSG bob :3" \
	    "@batch=x PRIVMSG bob :4" "BATCH -x"
	wait_for a "^:natter.local FAIL BATCH MULTILINE_MAX_LINES 3 :Multiline batch max-lines exceeded$"
	long=$(printf 'y%.0s' {1..300})
	send a "BATCH +y draft/multiline bob" "@batch=y PRIVMSG bob :$long" \
	    "@batch=y PRIVMSG bob :$long" "BATCH -y"
	wait_for a "^:natter.local FAIL BATCH MULTILINE_MAX_BYTES 512 :"
	send a "BATCH +z draft/multiline bob" "@batch=z PRIVMSG carol :no" "BATCH -z"
	wait_for a "^:natter.local FAIL BATCH MULTILINE_INVALID_TARGET bob carol :"
	send a "BATCH +w draft/multiline bob" "@batch=w PRIVMSG bob : " "BATCH -w"
	wait_for a "^:natter.local FAIL BATCH MULTILINE_INVALID :"
	send a "BATCH -nope"
	wait_for a "^:natter.local FAIL BATCH MULTILINE_INVALID :No such batch$"
	sync_irc b
	refute_since b "PRIVMSG"
	# Without the capability BATCH is not a command.
	send b "BATCH +q draft/multiline alice"
	wait_for b " 421 bob BATCH "
}

@test "draft/multiline: the lines of a batch do not count for flood control" {
	cap_register a alice "draft/multiline batch"
	irc_register b bob
	# 60 lines, three times the burst: counted, the last would wait 20 s.
	lines=("BATCH +f draft/multiline bob")
	for i in $(seq 1 60); do
		lines+=("@batch=f PRIVMSG bob :line $i")
	done
	lines+=("BATCH -f")
	send a "${lines[@]}"
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG bob :line 60$"
	sync_irc a
}

@test "draft/channel-rename: RENAME, or PART and JOIN, or a sentence for people" {
	cap_register a alice "draft/channel-rename standard-replies"
	irc_register b bob
	send a "JOIN #old,#other"
	wait_for a " 366 alice #other "
	send b "JOIN #old"
	wait_for b " 366 bob #old "
	text_open t
	type_line t "/join old"
	wait_for t "^Joined room: old$"
	send a "TOPIC #old :a topic"
	wait_for b "TOPIC #old :a topic$"
	irc_register c carol
	send a "MODE #old +i" "INVITE carol #old"
	wait_for c "INVITE carol :#old$"
	send b "RENAME #old #new"
	wait_for b " 482 bob #old "
	send a "RENAME #old #new :tidy up"
	wait_for a "^:alice!~alice@127.0.0.1 RENAME #old #new :tidy up$"
	wait_for b "^:bob!~bob@127.0.0.1 PART #old :tidy up$"
	expect_next b ":bob!~bob@127.0.0.1 JOIN #new"
	expect_next b ":natter.local 332 bob #new :a topic"
	wait_for b " 353 bob = #new :@alice bob Anonymous[0-9]+$"
	expect_next b ":natter.local 366 bob #new :End of NAMES list"
	wait_for t "^Room old is now called new \(tidy up\)$"
	send a "MODE #old"
	wait_for a " 403 alice #old "
	# The invitation follows the channel.
	send c "JOIN #new"
	wait_for c " 366 carol #new "
	send a "PRIVMSG #new :still here"
	wait_for b "PRIVMSG #new :still here$"
	wait_for t "^\[alice\]: still here$"
	# Only the case: RENAME, but no fallback.
	send a "RENAME #new #NEW"
	wait_for a "^:alice!~alice@127.0.0.1 RENAME #new #NEW :$"
	sync_irc b
	refute_since b "PART|JOIN"
	send a "RENAME #NEW #other" "RENAME #NEW #bad,name" "RENAME #nothere #x"
	wait_for a "^:natter.local FAIL RENAME CHANNEL_NAME_IN_USE #NEW #other :"
	wait_for a "^:natter.local FAIL RENAME CANNOT_RENAME #NEW #bad,name :"
	wait_for a " 403 alice #nothere "
	send b "RENAME #other #x"
	wait_for b " 442 bob #other "
}

@test "UTF8ONLY: off by default; on, 005 says so and other bytes get FAIL INVALID_UTF8" {
	export LC_ALL=C
	irc_register a alice
	irc_register b bob
	send_raw a 'PRIVMSG bob :caf\xe9\r\n'
	wait_for b "^:alice!~alice@127.0.0.1 PRIVMSG bob :caf.$"
	! assert_output_has a " 005 .*UTF8ONLY" 2>/dev/null || fail "UTF8ONLY by default"
	natterd_stop
	natterd_start -o utf8only=on -o topic_len=5
	cap_register a alice standard-replies
	irc_register b bob
	assert_output_has a " 005 alice .*UTF8ONLY"
	send_raw a 'PRIVMSG bob :caf\xe9\r\n'
	wait_for a "^:natter.local FAIL PRIVMSG INVALID_UTF8 :Message rejected, your IRC software MUST use UTF-8 encoding on this network$"
	send_raw a 'PRIVMSG bob :caf\xc3\xa9\r\n'
	wait_for b $'^:alice!~alice@127.0.0.1 PRIVMSG bob :caf\xc3\xa9$'
	send_raw b 'AWAY :\xff\r\n'
	wait_for b "^:natter.local NOTICE bob :AWAY INVALID_UTF8 :"
	send_raw b 'PRIV\xffMSG alice :x\r\n'
	wait_for b "^:natter.local NOTICE bob :\\* INVALID_UTF8 :"
	# Text is cut to its limit between characters, never inside one.
	send a "JOIN #u"
	wait_for a " 366 alice #u "
	send_raw a 'TOPIC #u :ab\xe2\x82\xac\xe2\x82\xac\r\n'
	wait_for a $'TOPIC #u :ab\xe2\x82\xac$'
	text_open t
	send_raw t 'caf\xe9\n'
	wait_for t "^Not sent: this server accepts UTF-8 text only; set your terminal to UTF-8\.$"
}

@test "channel_chars: any by default, or utf8, or ascii" {
	export LC_ALL=C
	run "$NATTERD" -t -o channel_chars=emoji
	assert_failure
	assert_output --partial "expected any, utf8 or ascii"
	irc_register a alice
	send_raw a 'JOIN #caf\xe9,#caf\xc3\xa9\r\n'
	wait_for a "^:alice!~alice@127.0.0.1 JOIN #caf.$"
	wait_for a $'^:alice!~alice@127.0.0.1 JOIN #caf\xc3\xa9$'
	natterd_stop
	natterd_start -o channel_chars=utf8
	irc_register a alice
	send_raw a 'JOIN #caf\xe9,#caf\xc3\xa9\r\n'
	wait_for a "^:natter.local 403 alice #caf. :No such channel$"
	wait_for a $'^:alice!~alice@127.0.0.1 JOIN #caf\xc3\xa9$'
	natterd_stop
	natterd_start -o channel_chars=ascii
	irc_register a alice
	send_raw a 'JOIN #caf\xc3\xa9,#cafe\r\n'
	wait_for a $'^:natter.local 403 alice #caf\xc3\xa9 :No such channel$'
	wait_for a "^:alice!~alice@127.0.0.1 JOIN #cafe$"
}

@test "draft/pre-away: AWAY before registration with the capability, 451 without" {
	conn_open c
	send c "CAP LS 302" "NICK carol" "AWAY :early"
	wait_for c "^:natter.local 451 carol :You have not registered$"
	conn_open a
	send a "CAP LS 302" "NICK alice" "USER alice 0 * :A" "CAP REQ :draft/pre-away"
	wait_for a "CAP alice ACK :draft/pre-away$"
	send a "AWAY :not here yet"
	wait_for a "^:natter.local 306 alice :You have been marked as being away$"
	send a "CAP END"
	wait_for a " 001 alice "
	irc_register b bob
	send b "WHOIS alice"
	wait_for b " 301 bob alice :not here yet$"
	send b "PRIVMSG alice :hello?"
	wait_for b " 301 bob alice :not here yet$"
	send a "AWAY"
	wait_for a " 305 alice "
	send b "WHOIS alice"
	sync_irc b
	refute_since b " 301 "
}

@test "BOT mode: +B, 335 in WHOIS, B in WHO, the bot tag" {
	irc_register a robo
	cap_register b bob message-tags
	send a "MODE robo +B"
	wait_for a "MODE robo :\+B$"
	send b "WHOIS robo"
	wait_for b " 335 bob robo :is a bot$"
	send b "WHO robo"
	wait_for b " 352 bob \* ~robo 127.0.0.1 natter.local robo HB "
	send a "PRIVMSG bob :beep"
	wait_for b "^@msgid=[^ ;]+;bot :robo!~robo@127.0.0.1 PRIVMSG bob :beep$"
	assert_output_has a " 005 robo .*BOT=B"
}

@test "text users are unaffected by IRCv3" {
	cap_register a alice "server-time message-tags echo-message away-notify"
	send a "JOIN #general"
	wait_for a " 366 "
	text_open t
	type_line t "/join general"
	wait_for t "^alice is in this room\.$"
	send a "@+x=y PRIVMSG #general :hello text"
	expect_next t "[alice]: hello text"
	send a "@+typing=active TAGMSG #general"
	send a "AWAY :gone"
	send a "PRIVMSG #general :after"
	expect_next t "[alice]: after"
}
