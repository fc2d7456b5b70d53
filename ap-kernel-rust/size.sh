#!/bin/sh
# SPDX-License-Identifier: (GPL-2.0 OR MIT)
# Lines and bytes of code of the Rust client and trace writer against the C
# ones (issue #17's client-size figure): comments, blank lines, compile-time
# layout asserts (_Static_assert, const _: () = assert!) and Rust test
# modules are not counted. A part of a file is FILE:START:END, from the
# first line matching the extended regex START up to (not including) the
# first line matching END after it; an empty END means the end of the file.
# Usage: size.sh (from anywhere; paths are relative to the repository)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
inc=interface/include/pmdi

# Code lines of one part, comments and asserts removed, on stdout.
code() {
	file=${1%%:*}
	start='.'
	end=''
	case $1 in *:*)
		rest=${1#*:}
		start=${rest%%:*}
		end=${rest#*:}
		;;
	esac
	[ -f "$root/$file" ] || { echo "size.sh: no $file" >&2; exit 1; }
	awk -v start="$start" -v end="$end" -v rust="$(case $file in *.rs) echo 1;; *) echo 0;; esac)" '
	BEGIN { on = 0; cmt = 0; skip = 0 }
	!on && $0 ~ start { on = 1; from = NR }
	!on { next }
	end != "" && NR > from && $0 ~ end { exit }
	rust && /^[ \t]*#\[cfg\(test\)\]/ { exit }
	{
		line = $0
		if (!rust) {
			out = ""
			while (line != "") {
				if (cmt) {
					i = index(line, "*/")
					if (!i) { line = ""; break }
					line = substr(line, i + 2); cmt = 0
				} else {
					i = index(line, "/*")
					if (!i) { out = out line; line = ""; break }
					out = out substr(line, 1, i - 1); line = substr(line, i + 2); cmt = 1
				}
			}
			line = out
			sub(/\/\/.*$/, "", line)
			if (skip || line ~ /^[ \t]*_Static_assert/) { skip = (line !~ /;[ \t]*$/); next }
		} else {
			if (line ~ /^[ \t]*\/\//) next
			if (skip || line ~ /^const _: \(\) = assert!/) { skip = (line !~ /;[ \t]*$/); next }
		}
		if (line ~ /^[ \t]*$/) next
		print line
	}' "$root/$file"
}

# Print one row: NAME and its total, then each part.
row() {
	name=$1
	shift
	tmp=$(mktemp)
	for p in "$@"; do code "$p"; done > "$tmp"
	printf '%-24s %5d lines %6d bytes\n' "$name" "$(wc -l < "$tmp")" "$(wc -c < "$tmp")"
	for p in "$@"; do
		code "$p" > "$tmp"
		part=$(basename "${p%%:*}")
		case $p in *:*) part="$part (${p#*:})";; esac
		printf '    %5d lines %6d bytes  %s\n' "$(wc -l < "$tmp")" "$(wc -c < "$tmp")" "$part"
	done
	rm -f "$tmp"
}

echo "client size (code only: no comments, blank lines, layout asserts or tests)"
row "Rust mailbox client" ap-kernel-rust/src/mailbox.rs ap-kernel-rust/src/volatile.rs \
	'ap-kernel-rust/src/abi.rs:^// ---- mailbox.h:^// ---- trace_format.h'
row "C mailbox client" interface/client/pmdi_client.c interface/client/pmdi_client.h \
	$inc/mailbox.h $inc/atomic.h \
	"$inc/mailbox_ring.h:^struct pmdi_mbox_view:^static inline int pmdi_mbox_format" \
	"$inc/mailbox_ring.h:^static inline int pmdi_mbox_view_init:^/\\* ---- Linux's side"
row "Rust trace writer" ap-kernel-rust/src/trace.rs \
	'ap-kernel-rust/src/abi.rs:^// ---- trace_format.h:'
row "C trace writer" ap-kernel-traced/trace.c \
	"$inc/trace_ring.h:^#define PMDI_RING_MAGIC:^/\\* ---- consumer" \
	"$inc/trace_format.h:^enum pmdi_ev \\{:^/\\* Stream framing" \
	"$inc/trace_codec.h:^static inline pmdi_u32 pmdi_ev_class_of:^static inline int pmdi_ev_is_blob"
