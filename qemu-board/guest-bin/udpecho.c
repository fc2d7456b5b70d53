// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * pmdi-udpecho: a UDP echo server (RFC 862) run by Linux itself, the
 * baseline of ./pmdi bench net: the same datagrams that go to the AP's echo
 * through the dispatcher go to this one through Linux's own virtio-net NIC
 * and socket layer. Busybox has no UDP server, hence this. Each datagram is
 * sent back to its sender as it came. Static: the initramfs has no libc.
 *
 *   pmdi-udpecho [PORT]     default 7
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	static unsigned char buf[65536];
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	me.sin_port = htons(argc > 1 ? atoi(argv[1]) : 7);
	if (s < 0 || bind(s, (struct sockaddr *)&me, sizeof(me))) {
		perror("pmdi-udpecho");
		return 1;
	}
	for (;;) {
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("pmdi-udpecho: recvfrom");
			return 1;
		}
		/* A full socket buffer drops the echo, as a busy server would. */
		sendto(s, buf, n, 0, (struct sockaddr *)&from, flen);
	}
}
