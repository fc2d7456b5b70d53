#!/bin/sh
# The debugfs trace stream to the host: the board's second NIC (MAC
# 52:54:00:50:4d:44, user networking 10.0.3.0/24, see board.sh) and a TCP
# server on port 4556 that the host reaches through QEMU's forward
# (board.env: DEBUGFS_TCP=127.0.0.1:PORT). Each connection gets a fresh
# `cat trace_pipe` (the stream restarts with the session header); nc -ll
# re-arms after every connection. trace_pipe is opened only while a host is
# connected: an open trace_pipe keeps the module loaded.
#
#   trace-net.sh [start]   configure the NIC, start the server (idempotent)
#   trace-net.sh stop      stop the server
TRACE_MAC=52:54:00:50:4d:44
TRACE_PORT=4556
PIPE=/sys/kernel/debug/pmdi/trace_pipe

trace_if() {
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = "$TRACE_MAC" ] && { basename "$d"; return 0; }
	done
	return 1
}

case ${1:-start} in
start)
	if ! dev=$(trace_if); then
		echo "pmdi-board: no trace NIC ($TRACE_MAC); the debugfs stream is not forwarded"
		exit 1
	fi
	ip link set "$dev" up
	ip addr add 10.0.3.15/24 dev "$dev" 2>/dev/null
	if [ ! -e /run/trace-nc.pid ] || ! kill -0 "$(cat /run/trace-nc.pid)" 2>/dev/null; then
		setsid nc -ll -p $TRACE_PORT -e cat $PIPE < /dev/null > /dev/null 2>&1 &
		echo $! > /run/trace-nc.pid
	fi
	echo "pmdi-board: $PIPE served on $dev 10.0.3.15:$TRACE_PORT (host: DEBUGFS_TCP in board.env)"
	;;
stop)
	[ -e /run/trace-nc.pid ] && kill "$(cat /run/trace-nc.pid)" 2>/dev/null
	rm -f /run/trace-nc.pid
	;;
esac
