# Guest side of samples/make-samples.sh (sourced by guest-tests.sh, group
# "samples:NAME,NAME,..."): for each sample, run its scenario with the module,
# capture /sys/kernel/debug/pmdi/trace_pipe from the start of the session, end
# the capture by switching tracing off, and send the file to the host through
# QEMU's user network (10.0.2.2 is the host's loopback).

TRACE=/sys/kernel/debug/pmdi

# NAME -> "workload workload_arg seconds_to_record"
sample_spec() {
	case $1 in
	healthy | slow-disk) echo "mixed 5 7" ;;
	no-doorbell) echo "no_doorbell 0 4" ;;
	no-reap) echo "no_reap 0 4" ;;
	flight-no-reap) echo "no_reap 0 4 flight_kib=64" ;;
	ap-silent) echo "silent 0 4" ;;
	ap-fault) echo "fault 0 5" ;;
	stuck-driver) echo "read_vdb 0 4" ;;
	disk-errors) echo "mixed 8 10" ;;
	bad-requests) echo "badreq 0 6" ;;
	# The comparison's matched recordings: the live demo's paced load (the
	# same request mix whatever the disks do), the same rate and duration.
	pair-a | pair-b | pair-vdb-slow) echo "demo 60 40" ;;
	# The AP on its own NIC (workload=net) while the host sends UDP echo
	# traffic (make-samples.sh boot N); rx-starved: no receive buffer
	# re-posted for 3 s from the gateway ping on (the host sends meanwhile).
	net-echo) echo "net 0 6" ;;
	rx-starved) echo "net $((3 << 16)) 8" ;;
	*) echo "" ;;
	esac
}

net_up() {
	ip link set eth0 up 2>/dev/null
	ip addr show eth0 | grep -q 10.0.2.15 || ip addr add 10.0.2.15/24 dev eth0
}

capture_sample() {
	name=$1
	spec=$(sample_spec "$name")
	if [ -z "$spec" ]; then
		fail "sample-$name" "no such sample"
		return
	fi
	set -- $spec
	[ "$name" = stuck-driver ] && host_request break-vdb && sleep 2
	newmsgs > /dev/null
	workload=$1 warg=$2 secs=$3
	shift 3
	if ! insmod $MOD workload="$workload" workload_arg="$warg" "$@"; then
		fail "sample-$name" "insmod workload=$workload $* failed: $(newmsgs | grep pmdi | tail -n 2 | tr '\n' '|')"
		return
	fi
	cat $TRACE/trace_pipe > /tmp/$name.pmdt &
	catpid=$!
	case $name in
	net-echo | rx-starved)
		# the host's traffic once the AP has pinged its gateway
		n=0
		while ! dmesg | grep -q 'pmdi-ap: net: ping 10.0.2.2' && [ $n -lt 100 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		host_request "sample-$name"
		;;
	esac
	sleep "$secs"
	echo 0 > $TRACE/tracing
	wait $catpid
	[ "$name" = stuck-driver ] && host_request resume-vdb && sleep 2
	rmmod pmdi_dispatcher
	bytes=$(wc -c < /tmp/$name.pmdt)
	{ echo "$name"; cat /tmp/$name.pmdt; } | nc -w 5 10.0.2.2 "$(arg sampleport 0)"
	if [ "$bytes" -gt 100 ]; then
		pass "sample-$name" "$bytes bytes captured and sent"
	else
		fail "sample-$name" "only $bytes bytes captured"
	fi
	rm -f /tmp/$name.pmdt
}

tests_samples() {
	net_up
	for name in $(echo "$1" | tr ',' ' '); do
		capture_sample "$name"
	done
}
