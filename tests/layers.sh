#!/bin/sh
# natter: an IRC server. ISC licence; see the COPYING file.
#
# layers.sh [libnatter.a]: check the layering of doc/architecture.md from
# the symbols the modules define and use (nm).  Each module has a layer;
# a module may call into its own layer or the ones below, never above:
# what goes up goes through an interface (a table of function pointers),
# which nm does not see.  Inside a layer the calls must not go round in
# a cycle, except among the files of the command table (cmd, cmd-*) and
# of the fronts (front, front-*), which are one module each.

lib=${1:-libnatter.a}
if [ ! -f "$lib" ]; then
	echo "layers.sh: $lib not built" >&2
	exit 99
fi

nm "$lib" | awk '
# The layers, bottom up.
function layer(m) {
	if (m ~ /^(buf|casemap|conf|http|limit|log|motd|msg|pool|sbuf|utf8|web|ws|xmalloc)$/)
		return 0
	if (m ~ /^io(-.*)?$/)
		return 1
	if (m ~ /^(conn|worker)$/)
		return 2
	if (m ~ /^(numeric|relay)$/)
		return 3
	if (m ~ /^(server|user|channel|monitor|message|cap|passwd)$/)
		return 4
	if (m ~ /^cmd(-.*)?$/)
		return 5
	if (m ~ /^front(-.*)?$/)
		return 6
	if (m ~ /^listener$/)
		return 7
	return -1
}
function group(m) {
	if (m ~ /^cmd(-.*)?$/)
		return "cmd"
	if (m ~ /^front(-.*)?$/)
		return "front"
	return m
}
/:$/ {
	mod = $1
	sub(/:$/, "", mod)
	sub(/\.o$/, "", mod)
	sub(/^.*\//, "", mod)
	if (layer(mod) < 0) {
		print "layers.sh: " mod " has no layer: add it" > "/dev/stderr"
		bad = 1
	}
	next
}
NF == 3 && $2 ~ /^[TDBRC]$/ { def[$3] = mod; next }
NF == 2 && $1 == "U" { use[mod " " $2] = 1 }
END {
	names[0] = "util"; names[1] = "io"; names[2] = "conn";
	names[3] = "replies"; names[4] = "tables"; names[5] = "cmd";
	names[6] = "front"; names[7] = "top";
	for (k in use) {
		split(k, a, " ")
		from = a[1]
		if (!(a[2] in def))
			continue
		to = def[a[2]]
		if (group(from) == group(to))
			continue
		if (layer(to) > layer(from)) {
			printf("%s (%s) calls %s in %s (%s), a layer above\n",
			    from, names[layer(from)], a[2], to,
			    names[layer(to)])
			bad = 1
		}
		edge[group(from) " " group(to)] = 1
	}
	# A cycle among modules: repeatedly drop modules nothing uses.
	for (e in edge) {
		split(e, a, " ")
		out[a[1]]++
		node[a[1]] = 1
		node[a[2]] = 1
	}
	do {
		removed = 0
		for (n in node) {
			if (out[n] > 0)
				continue
			delete node[n]
			removed = 1
			for (e in edge) {
				split(e, a, " ")
				if (a[2] == n) {
					out[a[1]]--
					delete edge[e]
				}
			}
		}
	} while (removed)
	for (n in node) {
		print "in a cycle of calls, or calling into one: " n
		bad = 1
	}
	if (bad)
		exit 1
	print "layers: every call goes down or stays in its module"
}'
