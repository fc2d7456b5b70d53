# Guest side of ./pmdi conformance (scripts/run-conformance.sh), sourced by
# guest-tests.sh, group "conformance". Loads the image under test with
# workload=conformance and judges what Linux saw (PORTING.md, "Running the
# conformance suite"): the console lines, the mailbox counters, the refusal
# counters and the reasons the OS printed. The host judges the disks after
# power-off and, for an OS that traces, the trace this script leaves on the
# third disk (a tar holding trace.pmdt).
#
# Kernel command line: pmdiboard.confimage=NAME (under /lib/firmware/pmdi/),
# pmdiboard.confseed=S, pmdiboard.confarg=A (workload_arg), and
# pmdiboard.confdeadline=SECONDS (for the done line), pmdiboard.conftrace=1
# (check the trace even if the image does not declare it).

CONF_MBOX=/sys/kernel/debug/pmdi/mailbox
CONF_PIPE=/sys/kernel/debug/pmdi/trace_pipe

# The counts the steps imply (PORTING.md): null 1000 + one per copy read
# (256) + storm 10000; vda 256 reads; vdb 256 writes + flush + 4 writes + flush.
CONF_NULLS=11256
CONF_VDA=256
CONF_VDB=262

mbox_field() { sed -n "s/^$1: //p" $CONF_MBOX 2>/dev/null; }
# accepted requests of the device named $1 ("accepted_N: COUNT (NAME)")
accepted() { sed -n "s/^accepted_[0-9]*: \([0-9]*\) ($1)\$/\1/p" $CONF_MBOX 2>/dev/null; }
refused() { sed -n "s/^refused_$1: \([0-9]*\) .*/\1/p" $CONF_MBOX 2>/dev/null; }

conf_line() {	# the text of the AP's console line matching $1 (last one)
	echo "$MSGS" | grep "pmdi-ap: conformance: $1" | tail -n 1 | sed 's/^.*pmdi-ap: //'
}

tests_conformance() {
	image=$(arg confimage pmdi-ap.elf)
	seed=$(arg confseed 1)
	warg=$(arg confarg 0)
	deadline=$(arg confdeadline 120)
	hex=$(printf '%08x' "$seed")
	MSGS=""
	newmsgs > /dev/null
	t0=$(date +%s)
	if ! insmod $MOD image="$image" workload=conformance workload_seed="$seed" \
		workload_arg="$warg"; then
		MSGS=$(newmsgs)
		fail load "insmod image=$image failed: $(echo "$MSGS" | grep pmdi | tail -n 3 | tr '\n' '|')"
		for c in console null storm out-of-order block-requests refusals-linux \
			 refusals-reported done; do
			fail $c "not run: the image did not load"
		done
		return
	fi
	traces=$(status image_traces)
	fmt=$(status image_format)
	reader=""
	# conftrace=1 (run-conformance.sh --trace): a flat image cannot carry the note
	if [ "$traces" = yes ] || [ "$(arg conftrace 0)" = 1 ]; then
		# The first reader gets the session from its start (the module keeps it).
		cat $CONF_PIPE > /tmp/trace.pmdt &
		reader=$!
	fi
	MSGS=$(newmsgs)
	n=0
	while [ "$(status state)" != ready ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if [ "$(status state)" = ready ]; then
		pass load "image $image (format ${fmt:-not said}, traces ${traces:-not said}) ready: $(echo "$MSGS" | grep ' loaded at ' | head -n 1 | sed 's/^.*pmdi_dispatcher: //')"
	else
		fail load "state $(status state) after 10 s: $(echo "$MSGS" | grep pmdi | tail -n 3 | tr '\n' '|')"
	fi

	wait_msg "pmdi-ap: conformance: done" $((deadline * 10))
	took=$(($(date +%s) - t0))
	# The done line's own completion: give the OS a moment to take it.
	sleep 1
	MSGS="$MSGS
$(newmsgs)"

	line=$(conf_line hello)
	if [ "$line" = "conformance: hello $hex" ]; then
		pass console "'$line' in dmesg through the console device"
	else
		fail console "expected 'conformance: hello $hex', got '${line:-nothing}'"
	fi

	null=$(accepted null)
	if [ "$null" = $CONF_NULLS ]; then
		pass null "the null device served $null requests (1000 + 256 in copy + 10000 in storm)"
	else
		fail null "the null device served '${null:-?}' requests, $CONF_NULLS expected"
	fi

	req=$(mbox_field requests)
	cpl=$(mbox_field completed)
	ring=$(mbox_field completion_ring)
	prod=$(echo "$ring" | sed -n 's/^prod \([0-9]*\) cons \([0-9]*\) .*/\1/p')
	cons=$(echo "$ring" | sed -n 's/^prod \([0-9]*\) cons \([0-9]*\) .*/\2/p')
	broken=$(mbox_field broken)
	dropped=$(mbox_field dropped)
	if [ -n "$req" ] && [ "$req" = "$cpl" ] && [ -n "$prod" ] && [ "$prod" = "$cons" ] &&
	   [ "$broken" = no ] && [ "$dropped" = 0 ]; then
		pass storm "every completion taken: $req requests, $cpl completed, completion ring prod $prod = cons $cons, not broken"
	else
		fail storm "requests $req completed $cpl, completion ring '$ring', broken '$broken', dropped $dropped"
	fi

	ifm=$(mbox_field in_flight_max)
	ooo=$(mbox_field completed_out_of_order)
	if [ "${ifm:-0}" -ge 16 ] && [ "${ooo:-0}" -gt 0 ]; then
		pass out-of-order "Linux held up to $ifm requests at once; $ooo completions out of order"
	else
		fail out-of-order "in_flight_max '${ifm:-?}' (>= 16 expected), completed_out_of_order '${ooo:-?}' (> 0 expected)"
	fi

	vda=$(accepted vda)
	vdb=$(accepted vdb)
	if [ "$vda" = $CONF_VDA ] && [ "$vdb" = $CONF_VDB ]; then
		pass block-requests "vda served $vda reads, vdb $vdb writes and flushes"
	else
		fail block-requests "vda served '${vda:-?}' ($CONF_VDA expected), vdb '${vdb:-?}' ($CONF_VDB expected)"
	fi

	# Linux's side: exactly one refusal for each expected reason, none other.
	bad=""
	for r in 1 2 3 4 5 6 7 8 9 10 11; do
		want=0
		case $r in 1|2|3|4|5|6|11) want=1 ;; esac
		got=$(refused $r)
		[ "$got" = $want ] || bad="$bad reason $r: $got (want $want);"
	done
	if [ -z "$bad" ]; then
		pass refusals-linux "Linux refused one request for each of reasons 1 2 3 4 5 6 11, nothing else"
	else
		fail refusals-linux "$bad"
	fi
	# The OS's side: the reason and status it got, case by case.
	bad=""
	for c in bad-version:1:-71 bad-device:2:-19 bad-op:3:-95 bad-buffer:4:-14 \
		 bad-length:5:-22 bad-offset:6:-22 bad-flags:11:-22; do
		name=${c%%:*}
		rest=${c#*:}
		got=$(conf_line "refusal $name ")
		[ "$got" = "conformance: refusal $name reason ${rest%%:*} status ${rest#*:}" ] ||
			bad="$bad $name: '${got:-no line}' (want reason ${rest%%:*} status ${rest#*:});"
	done
	if [ -z "$bad" ]; then
		pass refusals-reported "the OS printed the reason and status Linux gave for all 7 cases"
	else
		fail refusals-reported "$bad"
	fi

	line=$(conf_line done)
	if [ "$line" = "conformance: done $hex" ]; then
		pass done "'$line' within $took s of insmod (deadline $deadline s)"
	else
		fail done "no 'conformance: done $hex' within $deadline s; last lines: $(echo "$MSGS" | grep 'pmdi-ap: conformance' | tail -n 2 | tr '\n' '|')"
	fi
	fails=$(echo "$MSGS" | grep 'pmdi-ap: conformance: fail' | sed 's/^.*pmdi-ap: //' | head -n 3 | tr '\n' '|')
	# For the host: printed with the results, after kernel messages are silenced.
	[ -n "$fails" ] && echo "PMDI-CONF-INFO the OS said: $fails" >> $RES

	if [ -n "$reader" ]; then
		# Tracing off ends the read once everything was delivered.
		echo 0 > /sys/kernel/debug/pmdi/tracing
		n=0
		while kill -0 "$reader" 2>/dev/null && [ $n -lt 100 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		kill "$reader" 2>/dev/null
		MSGS=$(newmsgs)
		closed=$(echo "$MSGS" | grep 'trace_pipe closed' | tail -n 1 | sed 's/^.*trace: //')
		echo "PMDI-CONF-TRACE $closed" >> $RES
		echo "PMDI-CONF-REQUESTS $(mbox_field requests)" >> $RES
	fi
	newmsgs > /dev/null
	if rmmod pmdi_dispatcher; then
		pass unload "rmmod: the AP stopped, its CPU back"
	else
		fail unload "rmmod failed"
	fi
	if [ -n "$reader" ]; then
		# The host reads the third disk after power-off.
		if [ -b /dev/vdc ] && tar -cf /dev/vdc -C /tmp trace.pmdt; then
			echo "PMDI-CONF-TRACE-SAVED $(wc -c < /tmp/trace.pmdt) bytes" >> $RES
		else
			echo "PMDI-CONF-TRACE-SAVED none: no /dev/vdc" >> $RES
		fi
	fi
	sync
}
