# Guest side of the fuzz boot (sourced by guest-tests.sh, groups "fuzz" and
# "fuzz-bench"). The kernel runs with slub_debug=FZPU page_poison=1
# init_on_free=1 (set by tests/run.sh): no KASAN in the stock kernel, these
# catch use-after-free and corruption in the slab and page allocators.
#
#   fuzz_run      workload=fuzz (ap-kernel-traced/fuzz.c) for PMDI_FUZZ_K
#                 thousand messages: the AP's verdict (exactly once, plausible
#                 answers, verified data), the module's counters (requests ==
#                 completed), a clean log, the shell answers, rmmod, and a
#                 fresh insmod of the normal AP kernel (demo) and its rmmod
#   fuzz_storm    the AP rings without end: Linux stops it (INIT), breaks the
#                 channel, and a new insmod works
#   fuzz_broken   the AP moves its request index to an impossible value: the
#                 channel is declared broken (hdr->broken, dmesg), requests
#                 already taken complete once, rmmod and insmod work after
#   held_unload   vdb is behind blkdebug; the host holds the AP's read inside
#                 QEMU ("break read_aio held"); rmmod runs in the background:
#                 it gives cpu1 back, waits (TASK_IDLE, "waiting for ... driver
#                 call" in dmesg) without returning; released, it returns 0
#
# Parameters from the kernel command line: pmdiboard.fuzzk (thousands of
# messages, default 100), pmdiboard.fuzzseed (default 1), pmdiboard.fuzzseeds
# (fuzz-bench: a list, e.g. 1,2).

FUZZ_MBOX=/sys/kernel/debug/pmdi/mailbox
FUZZ_TRACE=/sys/kernel/debug/pmdi/trace_pipe


# Lines the kernel wrote itself: the AP's own text (echoed by the module as
# "ap: " or "pmdi-ap: ") may contain any bytes the fuzzer chose.
kernel_only() {
	grep -v -e 'pmdi_dispatcher: ap: ' -e 'pmdi-ap: '
}

# fuzz_dmesg_clean NAME TEXT: no oops, BUG, WARNING, panic, hung task or
# slab/page poison report (SLUB's reports start "BUG <cache>": "Poison
# overwritten", "Redzone overwritten", "Object padding overwritten"). The
# module's own words about a corrupt AP ring are its answer, not a failure.
fuzz_dmesg_clean() {
	bad=$(echo "$2" | kernel_only | grep -E 'BUG|WARNING:|Oops|Call Trace|general protection|RIP:|Kernel panic|[Pp]oison overwritten|Redzone|Object padding|Freepointer|[Ss]lab.*corrupt|list_(add|del) corruption|refcount_t|blocked for more than' | head -n 3 | tr '\n' '|')
	if [ -z "$bad" ]; then
		pass "$1" "no oops, BUG, WARNING, panic or slab/poison report"
	else
		fail "$1" "$bad"
	fi
}

# The module's counters: every request taken was answered, but for the
# receive buffers Linux keeps for the AP's NIC (rx_waiting, at most its
# rx_pool): those wait for a frame until unload.
fuzz_counters() {
	req=$(sed -n 's/^requests: //p' $FUZZ_MBOX)
	cpl=$(sed -n 's/^completed: //p' $FUZZ_MBOX)
	ins=$(sed -n 's/^in_service: //p' $FUZZ_MBOX)
	rxw=$(sed -n 's/^rx_waiting: //p' $FUZZ_MBOX)
	refused=$(sed -n 's/^refused_\([0-9]*\): \([0-9]*\).*/\1:\2/p' $FUZZ_MBOX | grep -v ':0$' | tr '\n' ' ')
	if [ -n "$req" ] && [ -n "$rxw" ] && [ "$req" = "$((cpl + rxw))" ] && [ "$ins" = "$rxw" ] &&
	   [ "$rxw" -le 64 ]; then
		pass "$1" "debugfs mailbox: requests=$req completed=$cpl in_service=$ins rx_waiting=$rxw refused $refused"
	else
		fail "$1" "debugfs mailbox: requests=$req completed=$cpl in_service=$ins ($(tr '\n' '|' < $FUZZ_MBOX))"
	fi
}

# Keep the flight recorder's trace of a failed run: dumped on demand to a
# trace_pipe reader, then carried to the host on the console in base64
# between PMDI-FUZZ-TRACE-BEGIN/END lines (tests/run.sh decodes it into the
# run directory as fuzz-NAME.pmdt). The serial log keeps the kernel log.
fuzz_keep() {
	cat $FUZZ_TRACE > /tmp/fuzz-$1.pmdt 2>/dev/null &
	catpid=$!
	sleep 1
	echo 1 > /sys/kernel/debug/pmdi/flight 2>/dev/null
	sleep 2
	kill $catpid 2>/dev/null
	wait $catpid 2>/dev/null
	bytes=$(wc -c < /tmp/fuzz-$1.pmdt 2>/dev/null)
	dmesg -n 1
	echo "PMDI-FUZZ-TRACE-BEGIN $1"
	base64 < /tmp/fuzz-$1.pmdt
	echo "PMDI-FUZZ-TRACE-END $1"
	dmesg -n 7
	echo "PMDI-FUZZ-ARTIFACT $1: ${bytes:-0} bytes of flight-recorder trace (fuzz-$1.pmdt in the host's run directory)"
	rm -f /tmp/fuzz-$1.pmdt
}

# fuzz_wait PATTERN TENTHS: wait for a kernel message, looking only at the new
# ones (the fuzzer makes the log long); all of them are appended to $FUZZ_LOG.
FUZZ_LOG=/tmp/fuzz.msgs
fuzz_wait() {
	n=0
	while [ $n -lt "$2" ]; do
		newmsgs > /tmp/fuzz.new
		cat /tmp/fuzz.new >> $FUZZ_LOG
		grep -q -e "$1" /tmp/fuzz.new && return 0
		sleep 0.5
		n=$((n + 5))
	done
	return 1
}

# reload CHECK WORKLOAD: the normal AP kernel loads, runs and unloads.
fuzz_reload() {
	if ! load_ap "$1-insmod" 1 workload="$2"; then
		return 1
	fi
	if [ "$2" = demo ]; then
		if wait_ap_line 'demo: done' 300 && echo "$MSGS" | grep -q 'pmdi-ap: demo: vdb pattern: .*: OK'; then
			pass "$1-works" "$(ap_line 'vdb pattern')"
		else
			fail "$1-works" "$(echo "$MSGS" | grep 'pmdi' | tail -n 3 | tr '\n' '|')"
		fi
		# The host compares the last one with its own hash of vda.img.
		hash=$(ap_line 'vda sha256' | sed -n 's/.*: \([0-9a-f]\{64\}\)$/\1/p')
		echo "PMDI-FUZZ-VDA-SHA256 $1 ${hash:-none}"
	fi
	unload_ap "$1-rmmod" 1
}

# fuzz_once NAME SEED THOUSANDS: one fuzz session and its checks.
fuzz_once() {
	name=$1 seed=$2 k=$3
	MSGS=""
	newmsgs > /dev/null
	t0=$(cut -d. -f1 /proc/uptime)
	if ! load_ap "$name-load" 1 workload=fuzz workload_arg="$k" workload_seed="$seed" flight_kib=256 trace_tty=; then
		return 1
	fi
	echo "PMDI-FUZZ-BEGIN $name seed=$seed thousands=$k"
	echo "$MSGS" > $FUZZ_LOG
	# about 0.7 ms per message under TCG, plus the AP's 6 s pause before its summary
	if ! fuzz_wait 'fuzz: seed=[0-9]* messages=[0-9]* missing=.*: \(PASS\|FAIL\)' $((k * 10 + 600)); then
		fail "$name-verdict" "no summary from the AP: $(grep -e 'pmdi' $FUZZ_LOG | tail -n 5 | tr '\n' '|') mailbox: $(tr '\n' '|' < $FUZZ_MBOX)"
		fuzz_keep "$name"
		rmmod pmdi_dispatcher
		return 1
	fi
	t1=$(cut -d. -f1 /proc/uptime)
	# four lines (Linux cuts the AP's lines at 160 bytes), the verdict last
	summary=$(grep -e 'fuzz: seed=[0-9]* messages=[0-9]* valid=' $FUZZ_LOG \
		-e 'fuzz: seed=[0-9]* scribbles=' -e 'fuzz: seed=[0-9]* draws=' \
		-e 'fuzz: seed=[0-9]* messages=[0-9]* missing=' |
		tail -n 4 | sed 's/^.*fuzz: seed=[0-9]*//' | tr '\n' ' ' | sed "s/^/fuzz: seed=$seed/; s/ *$//")
	echo "PMDI-FUZZ-SUMMARY $name $summary elapsed_s=$((t1 - t0))"
	if echo "$summary" | grep -q ': PASS$'; then
		pass "$name-ap-verdict" "$summary"
	else
		fail "$name-ap-verdict" "$summary $(grep 'fuzz: wrong' $FUZZ_LOG | head -n 3 | sed 's/^.*fuzz: //' | tr '\n' '|')"
	fi
	if echo "$summary" | grep -q ' missing=0 duplicate=0 unknown=0 '; then
		pass "$name-exactly-once-ap" "every posted id completed once (AP's per-id accounting)"
	else
		fail "$name-exactly-once-ap" "$summary"
	fi
	fuzz_counters "$name-exactly-once-module"
	# a new process on each CPU Linux has, answering in time
	if [ "$(timeout 10 sh -c 'echo $((6 * 7))')" = 42 ] &&
	   [ "$(taskset 1 timeout 10 cat /proc/sys/kernel/ostype)" = Linux ]; then
		pass "$name-shell-answers" "the board's shell still runs commands"
	else
		fail "$name-shell-answers" "a shell command did not answer within 10 s"
	fi
	newmsgs >> $FUZZ_LOG
	fuzz_dmesg_clean "$name-dmesg-clean" "$(cat $FUZZ_LOG)"
	if ! echo "$summary" | grep -q ': PASS$'; then
		fuzz_keep "$name"
	fi
	unload_ap "$name-rmmod" 1
	fuzz_dmesg_clean "$name-rmmod-dmesg-clean" "$(newmsgs)"
}

fuzz_broken() {
	seed=$(arg fuzzseed 1)
	MSGS=""
	newmsgs > /dev/null
	# 2 thousand messages, then bit 31: the broken-index phase
	if ! load_ap fuzz-broken-load 1 workload=fuzz workload_arg=2147483650 workload_seed="$seed" flight_kib=256 trace_tty=; then
		return
	fi
	echo "$MSGS" > $FUZZ_LOG
	if ! fuzz_wait 'fuzz: broken phase: .*: \(PASS\|FAIL\)' 900; then
		fail fuzz-broken-verdict "no verdict from the AP: $(grep pmdi $FUZZ_LOG | tail -n 5 | tr '\n' '|') mailbox: $(tr '\n' '|' < $FUZZ_MBOX)"
		fuzz_keep broken
	else
		line=$(grep 'fuzz: broken phase: ' $FUZZ_LOG | tail -n 1 | sed 's/^.*fuzz: /fuzz: /')
		if echo "$line" | grep -q ': PASS$'; then
			pass fuzz-broken-verdict "$line"
		else
			fail fuzz-broken-verdict "$line"
			fuzz_keep broken
		fi
	fi
	# requests Linux took before it stopped were all answered
	fuzz_counters fuzz-broken-exactly-once-module
	if grep -q '^broken: \(yes\|1\|.*index\)' $FUZZ_MBOX; then
		pass fuzz-broken-debugfs "$(grep '^broken' $FUZZ_MBOX | tr '\n' ' ')"
	else
		fail fuzz-broken-debugfs "$(grep '^broken' $FUZZ_MBOX | tr '\n' ' ')"
	fi
	newmsgs >> $FUZZ_LOG
	if kernel_only < $FUZZ_LOG | grep -q -i 'broken'; then
		pass fuzz-broken-dmesg "$(kernel_only < $FUZZ_LOG | grep -i 'broken' | head -n 1 | sed 's/^\[[^]]*\] //')"
	else
		fail fuzz-broken-dmesg "no kernel line says the channel is broken: $(kernel_only < $FUZZ_LOG | grep pmdi | tail -n 3 | tr '\n' '|')"
	fi
	fuzz_dmesg_clean fuzz-broken-dmesg-clean "$(cat $FUZZ_LOG)"
	unload_ap fuzz-broken-rmmod 1
	fuzz_reload fuzz-broken-reload idle
	fuzz_dmesg_clean fuzz-broken-reload-dmesg-clean "$(newmsgs)"
}

# ---- a doorbell storm: Linux stops the AP (INIT) and breaks the channel ----
fuzz_storm() {
	seed=$(arg fuzzseed 1)
	MSGS=""
	newmsgs > /dev/null
	# 2 thousand messages, then bit 30: doorbells with nothing posted
	if ! load_ap fuzz-storm-load 1 workload=fuzz workload_arg=1073741826 workload_seed="$seed" trace_tty=; then
		return
	fi
	echo "$MSGS" > $FUZZ_LOG
	if fuzz_wait 'channel broken: doorbell storm' 300; then
		pass fuzz-storm-dmesg "$(kernel_only < $FUZZ_LOG | grep 'channel broken' | head -n 1 | sed 's/^\[[^]]*\] //')"
	else
		fail fuzz-storm-dmesg "no storm verdict from Linux: $(grep pmdi $FUZZ_LOG | tail -n 5 | tr '\n' '|') mailbox: $(tr '\n' '|' < $FUZZ_MBOX)"
	fi
	if grep -q 'stopping the AP kernel on cpu1 now (INIT)' $FUZZ_LOG; then
		pass fuzz-storm-ap-stopped "$(grep -o 'stopping the AP kernel.*' $FUZZ_LOG | head -n 1)"
	else
		fail fuzz-storm-ap-stopped "no INIT line in the kernel log"
	fi
	if grep -q '^broken: doorbell storm' $FUZZ_MBOX; then
		pass fuzz-storm-debugfs "$(grep -E '^(broken|doorbell_irqs|empty_doorbells):' $FUZZ_MBOX | tr '\n' ' ')"
	else
		fail fuzz-storm-debugfs "$(grep -E '^(broken|doorbell_irqs|empty_doorbells):' $FUZZ_MBOX | tr '\n' ' ')"
	fi
	sleep 11	# the AP would say "not stopped" after 10 s
	newmsgs >> $FUZZ_LOG
	if grep -q 'storm phase: not stopped' $FUZZ_LOG; then
		fail fuzz-storm-quiet "$(grep -o 'storm phase: not stopped.*' $FUZZ_LOG | head -n 1)"
	else
		pass fuzz-storm-quiet "the AP never said it was not stopped"
	fi
	if timeout 10 sh -c 'echo ok > /dev/null'; then
		pass fuzz-storm-shell-answers "the board's shell still runs commands"
	else
		fail fuzz-storm-shell-answers "a shell command did not answer within 10 s"
	fi
	fuzz_dmesg_clean fuzz-storm-dmesg-clean "$(cat $FUZZ_LOG)"
	unload_ap fuzz-storm-rmmod 1
	fuzz_reload fuzz-storm-reload idle
	fuzz_dmesg_clean fuzz-storm-reload-dmesg-clean "$(newmsgs)"
}

# ---- unload with a driver call held by the host ----
held_unload() {
	MSGS=""
	newmsgs > /dev/null
	host_request break-vdb
	sleep 2
	if ! load_ap held-load 1 workload=read_vdb; then
		host_request resume-vdb
		return
	fi
	# the read is in the driver, held inside QEMU
	n=0
	while [ "$(sed -n 's/^bios_in_flight: //p' $FUZZ_MBOX)" != 1 ] && [ $n -lt 150 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if [ "$(sed -n 's/^bios_in_flight: //p' $FUZZ_MBOX)" = 1 ]; then
		pass held-read-in-driver "the AP's read of vdb is held inside QEMU (bios_in_flight 1)"
	else
		fail held-read-in-driver "bios_in_flight $(sed -n 's/^bios_in_flight: //p' $FUZZ_MBOX): is vdb behind blkdebug?"
	fi
	newmsgs > /dev/null
	MSGS=""
	rm -f /tmp/held-rmmod.rc
	( rmmod pmdi_dispatcher; echo "rc=$?" > /tmp/held-rmmod.rc ) &
	# rmmod stops the AP and gives cpu1 back first, then waits
	n=0
	while [ "$(online 1)" != 1 ] && [ $n -lt 100 ]; do
		MSGS="$MSGS
$(newmsgs)"
		sleep 0.1
		n=$((n + 1))
	done
	sleep 2
	MSGS="$MSGS
$(newmsgs)"
	if [ -e /tmp/held-rmmod.rc ]; then
		fail held-rmmod-waits "rmmod returned ($(cat /tmp/held-rmmod.rc)) while the driver call is held"
	else
		pass held-rmmod-waits "rmmod has not returned while the read is held"
	fi
	if runs_on 1; then
		pass held-cpu-back "cpu1 online and running tasks while rmmod waits"
	else
		fail held-cpu-back "cpu1 online=$(online 1) while rmmod waits"
	fi
	if echo "$MSGS" | grep 'waiting for' | grep -q 'driver call'; then
		pass held-says-why "$(echo "$MSGS" | grep 'waiting for' | grep 'driver call' | head -n 1 | sed 's/^\[[^]]*\] //')"
	else
		fail held-says-why "no 'waiting for ... driver call' line: $(echo "$MSGS" | grep pmdi | tail -n 3 | tr '\n' '|')"
	fi
	if [ "$(timeout 10 sh -c 'echo $((2 + 3))')" = 5 ]; then
		pass held-shell-answers "the shell answers while rmmod waits"
	else
		fail held-shell-answers "no answer"
	fi
	# TASK_IDLE (uninterruptible, not counted as load) shows as "I"
	st=""
	for p in /proc/[0-9]*; do
		[ "$(cat $p/comm 2>/dev/null)" = rmmod ] && st="$(cut -d' ' -f3 $p/stat) in $(cat $p/wchan 2>/dev/null)"
	done
	if [ "${st%% *}" = I ]; then
		pass held-rmmod-task-idle "rmmod waits in state $st (TASK_IDLE: the hung-task detector accepts it)"
	else
		fail held-rmmod-task-idle "rmmod state '$st', TASK_IDLE (I) expected"
	fi
	fuzz_dmesg_clean held-dmesg-clean-while-held "$MSGS"
	host_request resume-vdb
	n=0
	while [ ! -e /tmp/held-rmmod.rc ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if [ "$(cat /tmp/held-rmmod.rc 2>/dev/null)" = rc=0 ] && ! loaded; then
		pass held-rmmod-returns "rmmod returned 0 $((n / 10)).$((n % 10)) s after the host released the read"
	else
		fail held-rmmod-returns "after resume: $(cat /tmp/held-rmmod.rc 2>/dev/null || echo 'still waiting') loaded=$(loaded && echo yes || echo no)"
		# ask again in case the first resume raced the break
		host_request resume-vdb
		wait
	fi
	fuzz_dmesg_clean held-dmesg-clean "$(newmsgs)"
	# Last: nothing writes vda after this demo reads it (the host's hash check).
	fuzz_reload held-reload demo
}

tests_fuzz() {
	fuzz_once fuzz "$(arg fuzzseed 1)" "$(arg fuzzk 100)"
	fuzz_reload fuzz-reload demo
	fuzz_broken
	fuzz_storm
	held_unload
}

# ./pmdi bench fuzz: long runs, one per seed, each followed by a reload.
tests_fuzz_bench() {
	for seed in $(arg fuzzseeds 1 | tr ',' ' '); do
		fuzz_once "bench-seed$seed" "$seed" "$(arg fuzzk 1000)"
		fuzz_reload "bench-seed$seed-reload" demo
	done
}
