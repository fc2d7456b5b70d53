// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * udp-echo-bench: the host's client of ./pmdi bench net. Sends datagrams to
 * a UDP echo (the AP's through the dispatcher, or Linux's own pmdi-udpecho)
 * through QEMU's user-network host forward and checks every echo byte for
 * byte. Each datagram carries a sequence number and a pattern derived from
 * it, so a late echo of an earlier datagram is recognised and not counted.
 *
 *   udp-echo-bench rtt HOST:PORT SIZE COUNT
 *       one datagram at a time; per datagram the round trip (a datagram not
 *       echoed within 1 s is sent again, at most 3 times, and counted lost)
 *       -> "rtt size=S n=N median_us=M p90_us=P p99_us=Q min_us=L lost=X"
 *   udp-echo-bench window HOST:PORT SIZE COUNT WINDOW
 *       up to WINDOW datagrams outstanding; one not echoed within 500 ms is
 *       sent again -> "window size=S window=W n=N secs=T dgrams_per_s=D
 *       kib_per_s=K retransmits=R"
 *   udp-echo-bench probe HOST:PORT
 *       exit 0 if an 8-byte datagram comes back within 3 tries of 1 s
 * Exit 1 when an echo differs from what was sent or a datagram is lost for good.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXDG 1472	/* the largest payload one Ethernet frame carries */

static int sock;
static int bad;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void fill(unsigned char *b, uint32_t seq, int size)
{
	int i;

	memcpy(b, &seq, size < 4 ? size : 4);
	for (i = 4; i < size; i++)
		b[i] = (unsigned char)(seq * 31 + i * 7 + (i >> 8));
}

/* An echo arrived: its sequence number, or -1 if it is not a good echo. */
static long check(const unsigned char *b, ssize_t n, int size)
{
	unsigned char want[MAXDG];
	uint32_t seq = 0;

	if (n != size || size < 4)
		return n == size ? 0 : -1;
	memcpy(&seq, b, 4);
	fill(want, seq, size);
	if (memcmp(want, b, size)) {
		bad++;
		return -1;
	}
	return seq;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Wait up to @ms for a datagram; its length, or -1 on timeout. */
static ssize_t recv_wait(unsigned char *b, int ms)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };

	if (poll(&p, 1, ms) <= 0)
		return -1;
	return recv(sock, b, MAXDG, 0);
}

static int do_rtt(int size, int count)
{
	uint64_t *rtt = calloc(count, sizeof(*rtt));
	unsigned char tx[MAXDG], rx[MAXDG];
	int i, n = 0, lost = 0;

	for (i = 0; i < count; i++) {
		int tries;

		fill(tx, i, size);
		for (tries = 0; tries < 3; tries++) {
			uint64_t t0 = now_ns(), deadline = t0 + 1000000000ull;
			int got = 0;

			send(sock, tx, size, 0);
			while (!got && now_ns() < deadline) {
				ssize_t r = recv_wait(rx, (int)((deadline - now_ns()) / 1000000) + 1);

				if (r >= 0 && check(rx, r, size) == i) {
					rtt[n++] = now_ns() - t0;
					got = 1;
				}
			}
			if (got)
				break;
		}
		if (tries == 3)
			lost++;
	}
	qsort(rtt, n, sizeof(*rtt), cmp_u64);
	if (!n) {
		printf("rtt size=%d n=0 lost=%d\n", size, lost);
		return 1;
	}
	printf("rtt size=%d n=%d median_us=%.1f p90_us=%.1f p99_us=%.1f min_us=%.1f lost=%d bad=%d\n",
	       size, n, rtt[n / 2] / 1e3, rtt[n * 90 / 100] / 1e3, rtt[n * 99 / 100] / 1e3,
	       rtt[0] / 1e3, lost, bad);
	return lost || bad;
}

static int do_window(int size, int count, int window)
{
	uint64_t *sent = calloc(count, sizeof(*sent));
	char *done = calloc(count, 1);
	unsigned char tx[MAXDG], rx[MAXDG];
	int next = 0, ndone = 0, retrans = 0, base = 0, i;
	uint64_t t0 = now_ns(), give_up = t0 + 120000000000ull;

	while (ndone < count && now_ns() < give_up) {
		int out = 0;

		/* outstanding: sent, not echoed; resend the ones older than 500 ms */
		while (base < count && done[base])
			base++;
		for (i = base; i < next; i++)
			if (!done[i]) {
				out++;
				if (now_ns() - sent[i] > 500000000ull) {
					fill(tx, i, size);
					send(sock, tx, size, 0);
					sent[i] = now_ns();
					retrans++;
				}
			}
		while (next < count && out < window) {
			fill(tx, next, size);
			send(sock, tx, size, 0);
			sent[next++] = now_ns();
			out++;
		}
		ssize_t r = recv_wait(rx, 50);
		if (r >= 0) {
			long seq = check(rx, r, size);

			if (seq >= 0 && seq < next && !done[seq]) {
				done[seq] = 1;
				ndone++;
			}
		}
	}
	double secs = (now_ns() - t0) / 1e9;

	printf("window size=%d window=%d n=%d secs=%.3f dgrams_per_s=%.0f kib_per_s=%.1f retransmits=%d lost=%d bad=%d\n",
	       size, window, ndone, secs, ndone / secs, ndone * (double)size / 1024 / secs, retrans,
	       count - ndone, bad);
	return ndone < count || bad;
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	char host[64], *colon;

	if (argc < 3 || strlen(argv[2]) >= sizeof(host)) {
		fprintf(stderr, "usage: udp-echo-bench rtt|window|probe HOST:PORT [SIZE COUNT [WINDOW]]\n");
		return 2;
	}
	strcpy(host, argv[2]);
	colon = strchr(host, ':');
	if (!colon)
		return 2;
	*colon = 0;
	to.sin_port = htons(atoi(colon + 1));
	if (inet_pton(AF_INET, host, &to.sin_addr) != 1)
		return 2;
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&to, sizeof(to))) {
		perror("udp-echo-bench");
		return 2;
	}
	if (!strcmp(argv[1], "probe"))
		return do_rtt(8, 1) ? 1 : 0;
	if (argc < 5 || atoi(argv[3]) < 4 || atoi(argv[3]) > MAXDG || atoi(argv[4]) < 1)
		return 2;
	if (!strcmp(argv[1], "rtt"))
		return do_rtt(atoi(argv[3]), atoi(argv[4]));
	if (!strcmp(argv[1], "window") && argc > 5 && atoi(argv[5]) >= 1)
		return do_window(atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
	return 2;
}
