# Guest side of the trace tests (sourced by guest-tests.sh, group "trace").
# The real module streams to the real ttyS1 (a host pty) and serves
# trace_pipe; the host records both through QEMU (tests/run.sh checks the
# recordings with the Java decoder).
#
#   demo: the serial line opens raw at 115200 baud with its 11520 B/s cap;
#   trace_pipe starts with a delimiter and the session header, takes one
#   reader at a time, ends at "tracing off" (read and poll); events mask; an open
#   trace_pipe keeps the module loaded, tracing off releases it.
#   recorded (host): a busy workload, both streams recorded on the host,
#   the serial line capped at 4000 B/s so that it loses frames; the module's
#   final counts are printed for the host to compare with the seq gaps.
#   (A loss is visible as a gap only if its source sends a later frame:
#   the test ends on heartbeats, which the line carries without loss.)
#   Then a session unloaded while the line is saturated, on the same
#   recording: no corrupt frame at its end or between the sessions.
#   e2e (host): on the same recordings, a demo session the line keeps up
#   with: no loss in either module counter; the host checks each request's
#   phases, order and ids on both recordings, and that they are the same.

TDIR=/sys/kernel/debug/pmdi
PIPE=$TDIR/trace_pipe

tr_field() {	# tr_field FILE KEY
	sed -n "s/^$2: //p" "$TDIR/$1" 2>/dev/null
}

# wait_gone PID TENTHS: wait for a background process to end.
wait_gone() {
	n=0
	while kill -0 "$1" 2>/dev/null && [ $n -lt "$2" ]; do
		sleep 0.1
		n=$((n + 1))
	done
	! kill -0 "$1" 2>/dev/null
}

# unload_traced TAG: rmmod (a failure is TAG's), keeping its messages in MSGS; sets
# ser (the serial stream's closing line) and sl/dl (events lost on the serial stream and,
# from $dbg's trace_pipe closing line, on debugfs).
unload_traced() {
	MSGS=""
	newmsgs > /dev/null
	if rmmod pmdi_dispatcher; then
		MSGS=$(newmsgs)
	else
		fail "$1" "rmmod failed: $(grep pmdi_dispatcher /proc/modules)"
	fi
	ser=$(echo "$MSGS" | grep 'serial: ttyS1 closed' | sed 's/^.*pmdi_dispatcher: trace: //')
	sl=$(echo "$ser" | sed -n 's/.* (\([0-9]*\) events) lost.*/\1/p')
	dl=$(echo "$dbg" | sed -n 's/.* (\([0-9]*\) events) lost.*/\1/p')
}

trace_demo_checks() {
	if ! load_ap trace-load 1 workload=demo; then
		return
	fi
	wait_msg 'trace: streaming to ' 50
	line=$(echo "$MSGS" | grep 'trace: streaming to ' | head -n 1 | sed 's/^.*pmdi_dispatcher: //')
	b1=$(tr_field serial bytes_written)
	sleep 1
	b2=$(tr_field serial bytes_written)
	if echo "$line" | grep -q 'streaming to ttyS1 at 115200 baud (11520 B/s cap)' &&
	   [ "$(tr_field serial tty)" = ttyS1 ] && [ "$(tr_field serial rate)" = 11520 ] &&
	   [ "${b2:-0}" -gt 0 ]; then
		pass trace-serial-open "$line; $b1 -> $b2 bytes written"
	else
		fail trace-serial-open "message '$line', serial: $(tr '\n' ' ' < $TDIR/serial)"
	fi
	wait_ap_line "demo: done" 300

	# The stream: a delimiter, then the session header (its magic is
	# COBS-transparent: it holds no zero byte), then frames.
	timeout 3 cat $PIPE > /tmp/tp.bin
	first=$(od -An -tx1 -N1 /tmp/tp.bin | tr -d ' ')
	size=$(wc -c < /tmp/tp.bin)
	if [ "$first" = 00 ] && grep -q -a "$(printf '\211PMDT1')" /tmp/tp.bin; then
		pass trace-pipe-header "$size bytes in 3 s, first byte 00, session header magic \\x89PMDT1 present"
	else
		fail trace-pipe-header "$size bytes, first byte '$first', $(od -An -tx1 -N24 /tmp/tp.bin | tr -s ' ')"
	fi

	# One reader at a time; tracing off ends the read.
	cat $PIPE > /tmp/tp1.bin &
	reader=$!
	sleep 0.5
	err=$(cat $PIPE 2>&1 > /dev/null)
	if echo "$err" | grep -q -i 'busy'; then
		pass trace-pipe-one-reader "a second reader is refused: $err"
	else
		fail trace-pipe-one-reader "second open: '$err'"
	fi
	echo 0 > $TDIR/tracing
	if wait_gone $reader 30 && wait $reader; then
		pass trace-pipe-eof "echo 0 > tracing: the reader got end of file ($(wc -c < /tmp/tp1.bin) bytes), tracing=$(cat $TDIR/tracing)"
	else
		fail trace-pipe-eof "reader still running or failed after tracing off"
		kill $reader 2>/dev/null
	fi
	echo 1 > $TDIR/tracing

	# poll(): busybox nc -f polls the file before every read; it gets the
	# stream, then POLLHUP and end of file when tracing goes off.
	nc -f $PIPE < /dev/null > /tmp/tp3.bin 2> /tmp/nc.err &
	reader=$!
	sleep 1
	echo 0 > $TDIR/tracing
	first=$(od -An -tx1 -N1 /tmp/tp3.bin | tr -d ' ')
	if wait_gone $reader 30 && [ "$first" = 00 ]; then
		pass trace-pipe-poll "poll-driven reader (nc -f): $(wc -c < /tmp/tp3.bin) bytes from the delimiter on, ended at tracing off"
	else
		fail trace-pipe-poll "first byte '$first', running=$(kill -0 $reader 2>/dev/null && echo yes || echo no), $(cat /tmp/nc.err)"
		kill $reader 2>/dev/null
	fi
	echo 1 > $TDIR/tracing

	old=$(cat $TDIR/events)
	echo 0x5 > $TDIR/events
	got=$(cat $TDIR/events)
	echo "$old" > $TDIR/events
	if [ "$got" = 0x00000005 ] && [ "$(cat $TDIR/events)" = "$old" ]; then
		pass trace-events-mask "events 0x5 -> $got, restored $old"
	else
		fail trace-events-mask "wrote 0x5, read '$got'; restored '$(cat $TDIR/events)' (was $old)"
	fi

	# An open trace_pipe holds a module reference (debugfs calls release
	# after removal): rmmod is refused, harmlessly; tracing off ends the
	# read, and then rmmod works.
	cat $PIPE > /tmp/tp2.bin &
	reader=$!
	sleep 0.5
	newmsgs > /dev/null
	if rmmod pmdi_dispatcher 2>/dev/null; then
		fail trace-pipe-rmmod "rmmod succeeded with trace_pipe open"
		wait_gone $reader 50
		return
	fi
	echo 0 > $TDIR/tracing
	ok=1
	wait_gone $reader 30 && wait $reader || ok=0
	MSGS=""
	if [ $ok = 1 ] && rmmod pmdi_dispatcher && runs_on 1; then
		MSGS=$(newmsgs)
		pass trace-pipe-rmmod "rmmod refused while read (module in use), tracing off ended the read ($(wc -c < /tmp/tp2.bin) bytes), then rmmod: $(echo "$MSGS" | grep 'serial: ttyS1 closed' | sed 's/^.*pmdi_dispatcher: //')"
	else
		fail trace-pipe-rmmod "reader ended=$ok, loaded=$(loaded && echo yes || echo no)"
		kill $reader 2>/dev/null
		loaded && rmmod pmdi_dispatcher
	fi
}

# Both streams recorded by the host in one session; the serial line loses
# frames at 4000 B/s and the module says exactly how many events.
trace_recorded() {
	if ! /pmdi/trace-net.sh start > /tmp/trace-net.out 2>&1; then
		fail trace-net "$(cat /tmp/trace-net.out)"
		return
	fi
	pass trace-net "$(cat /tmp/trace-net.out | sed 's/^pmdi-board: //')"
	# Tracing on (trace_pipe ends when it goes off) but no event class yet:
	# nothing to lose before the host listens.
	if ! load_ap trace-recorded-load 1 workload=burst trace_events=0 trace_rate=4000; then
		/pmdi/trace-net.sh stop
		return
	fi
	# The host opens the pty, then connects to the forward: our nc starts
	# `cat trace_pipe`, and the debugfs reader attaches.
	host_request record-trace
	MSGS=""
	if ! wait_msg 'trace_pipe opened by cat' 600; then
		fail trace-recorded "the host never connected to the debugfs stream"
		rmmod pmdi_dispatcher
		/pmdi/trace-net.sh stop
		return
	fi
	# No new connections from here: a host reconnecting after the end of
	# file would open trace_pipe again (and keep the module loaded).
	/pmdi/trace-net.sh stop
	# The host's pty recorder attached after the session header went out at
	# load: before the loss starts, let the periodic repeat (every 5 s) reach
	# it, or the frames before it have no known session and the decoder
	# cannot count the gaps among them.
	sleep 6
	echo 0x3f > $TDIR/events
	sleep 5
	# Health events only (the AP's 10 Hz heartbeat, far below the line
	# rate) until the line has sent what it holds: every source then has a
	# frame after its last loss, so the host sees every gap.
	echo 0x10 > $TDIR/events
	n=0
	while [ "$(tr_field serial buffered)" -gt 0 ] && [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 2
	echo 0 > $TDIR/tracing
	session=$(tr_field serial session)
	lf=$(tr_field serial lost_frames)
	if [ "${lf:-0}" -gt 0 ]; then
		pass trace-serial-overflow "line slower than the events: $(tr '\n' ' ' < $TDIR/serial)"
	else
		fail trace-serial-overflow "no loss at 4000 B/s: $(tr '\n' ' ' < $TDIR/serial)"
	fi
	# trace_pipe gave end of file: the host's reader is gone.
	wait_msg 'trace_pipe closed' 100
	dbg=$(echo "$MSGS" | grep 'trace_pipe closed' | tail -n 1 | sed 's/^.*pmdi_dispatcher: trace: //')
	unload_traced trace-recorded-unload
	if [ -n "$sl" ] && [ -n "$dl" ] && [ -n "$session" ]; then
		# The host compares these with the seq gaps it decoded.
		pass trace-module-lost "session=$session serial_lost_records=$sl debugfs_lost_records=$dl ($ser; $dbg)"
	else
		fail trace-module-lost "no final counts: session '$session', '$ser' '$dbg'"
	fi

	# One more session on the same recording, unloaded while the line is
	# saturated: the writer stops between frames, so neither this stream's
	# end nor the next one's start is a corrupt frame (the host checks).
	if load_ap trace-busy-unload-load 1 workload=burst trace_rate=4000; then
		sleep 3
		b=$(tr_field serial buffered)
		newmsgs > /dev/null
		t0=$(cut -d' ' -f1 /proc/uptime)
		rmmod pmdi_dispatcher
		t1=$(cut -d' ' -f1 /proc/uptime)
		MSGS=$(newmsgs)
		if [ "${b:-0}" -gt 4096 ] && echo "$MSGS" | grep -q 'serial: ttyS1 closed' && runs_on 1; then
			pass trace-busy-unload "rmmod with $b bytes waiting for the line took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s; $(echo "$MSGS" | grep 'serial: ttyS1 closed' | sed 's/^.*pmdi_dispatcher: trace: //')"
		else
			fail trace-busy-unload "buffered $b at rmmod; $(echo "$MSGS" | grep pmdi | tail -n 3 | tr '\n' '|')"
		fi
	fi
}

# The end-to-end session, on the same two host recordings: the demo workload
# with every event class, the serial line at its real 115200 baud (11520 B/s)
# keeps up. The debugfs reader is primed from the session's start, so the
# host's recorder may reconnect (within 1 s) once the workload runs; the
# serial recorder has had the pty open all along. Tracing goes off once the
# line has sent everything; the host checks every request's phases on both
# recordings (tests/TracePathCheck.java) and that they hold the same records.
trace_e2e() {
	if ! load_ap trace-e2e-load 1 workload=demo; then
		return
	fi
	if ! wait_ap_line "demo: done" 300; then
		fail trace-e2e-session "no 'demo: done' from the AP: $(echo "$MSGS" | grep pmdi | tail -n 3 | tr '\n' '|')"
		rmmod pmdi_dispatcher
		return
	fi
	MSGS=""
	if ! /pmdi/trace-net.sh start > /tmp/trace-net.out 2>&1 || ! wait_msg 'trace_pipe opened by cat' 100; then
		fail trace-e2e-session "the host's debugfs recorder did not reconnect: $(cat /tmp/trace-net.out)"
		/pmdi/trace-net.sh stop
		rmmod pmdi_dispatcher
		return
	fi
	# No new connection after this one (it ends at tracing off).
	/pmdi/trace-net.sh stop
	sleep 1
	n=0
	while [ "$(tr_field serial buffered)" -gt 0 ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	session=$(tr_field serial session)
	echo 0 > $TDIR/tracing
	wait_msg 'trace_pipe closed' 50
	dbg=$(echo "$MSGS" | grep 'trace_pipe closed' | tail -n 1 | sed 's/^.*pmdi_dispatcher: trace: //')
	# The line sends what tracing off flushed, then the module goes.
	n=0
	while [ "$(tr_field serial buffered)" -gt 0 ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.2
	unload_traced trace-e2e-unload
	if [ "$sl" = 0 ] && [ "$dl" = 0 ] && [ -n "$session" ]; then
		# The host checks these two recordings of this session.
		pass trace-e2e-session "session=$session serial_lost_records=$sl debugfs_lost_records=$dl ($ser; $dbg)"
	else
		fail trace-e2e-session "the line should keep up: session '$session', '$ser' '$dbg'"
	fi
}

tests_trace() {
	trace_demo_checks
	trace_recorded
	trace_e2e
	sleep 1
	host_request stop-trace
	# The host stops its recorders after the streams ended.
	sleep 3
}
