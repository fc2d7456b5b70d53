// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * udp-echo-check: drive a UDP echo server (RFC 862) and verify every echo.
 *
 *   udp-echo-check HOST:PORT [-n COUNT] [-w WINDOW] [-s SEED] [-t TIMEOUT_MS]
 *                  [-r TRIES] [-T LIMIT_S] [-d DRAIN_MS]
 *
 * Datagram s has size(s) = 1 + (s * 7919 + seed) mod 1472: every size from 1
 * to 1472 bytes, shuffled by the seed, and any 1472 consecutive datagrams
 * have different sizes. Its bytes: the first min(4, size) are s, little
 * endian; the rest a pattern of (seed, s, position). At most WINDOW datagrams
 * are outstanding, all within 1472 consecutive numbers, so an echo's length
 * names the datagram even when it is too short to carry its number.
 * A datagram not echoed within TIMEOUT_MS is sent again, up to TRIES sends;
 * then it is lost (more than 2 * WINDOW + 10 lost: the run stops there).
 * After the last echo, DRAIN_MS more for late duplicates.
 *
 * Every echo must equal a datagram sent, byte for byte; an echo of one
 * already echoed is a duplicate (a retransmission whose original came back
 * late), not an error. Output, one line of key=value then PASS or FAIL:
 *
 *   datagrams  sent  (sends, retransmissions included)  echoed (datagrams)
 *   echo_packets (echoes received, duplicates included)  retransmitted
 *   retransmitted_datagrams  duplicates  lost  mismatched
 *   copies_lost = sent - echo_packets: sends of which no echo came back,
 *                 i.e. a datagram or its echo dropped somewhere on the path
 *   rtt_median_us rtt_p99_us (datagrams echoed on their first send only)
 *
 * Exit 0 only if every datagram was echoed and no echo mismatched.
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

#define MAX_PAYLOAD	1472u	/* 1500 - IPv4 header - UDP header */
#define SIZE_STEP	7919u	/* prime, coprime with 1472 = 2^6 * 23 */

struct dgram {
	uint64_t first_ns, last_ns;
	uint32_t tries;
	uint8_t done, lost;
};

static uint32_t seed, inv;	/* inv: SIZE_STEP^-1 mod MAX_PAYLOAD */

static uint32_t dsize(uint64_t s)
{
	return 1 + (uint32_t)((s * SIZE_STEP + seed) % MAX_PAYLOAD);
}

static void fill(uint64_t s, uint8_t *b, uint32_t len)
{
	uint32_t h = (uint32_t)s * 2654435761u ^ seed * 40503u, i;

	for (i = 0; i < len; i++)
		b[i] = i < 4 ? (uint8_t)(s >> (8 * i)) :
			       (uint8_t)((h >> (8 * (i & 3))) ^ (i * 151) ^ (i >> 8));
}

/* The datagram @buf echoes (sent, before @next), or UINT64_MAX for none. */
static uint64_t match(const uint8_t *buf, uint32_t len, uint64_t next, const struct dgram *d)
{
	uint8_t want[MAX_PAYLOAD];
	uint64_t s = UINT64_MAX, k;

	if (len >= 4 && len <= MAX_PAYLOAD) {
		s = (uint64_t)buf[0] | (uint64_t)buf[1] << 8 | (uint64_t)buf[2] << 16 |
		    (uint64_t)buf[3] << 24;
		if (s >= next || dsize(s) != len)
			return UINT64_MAX;
	} else if (len >= 1 && len <= 3) {
		/* the datagrams of this size: r, r + 1472, ...; the outstanding one first */
		uint64_t r = ((uint64_t)(len - 1 + MAX_PAYLOAD - seed % MAX_PAYLOAD) %
			      MAX_PAYLOAD) * inv % MAX_PAYLOAD;

		for (k = r; k < next; k += MAX_PAYLOAD) {
			fill(k, want, len);
			if (memcmp(buf, want, len))
				continue;
			s = k;
			if (!d[k].done)
				break;
		}
	}
	if (s == UINT64_MAX)
		return s;
	fill(s, want, len);
	return memcmp(buf, want, len) ? UINT64_MAX : s;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void usage(void)
{
	fprintf(stderr, "usage: udp-echo-check HOST:PORT [-n COUNT] [-w WINDOW] [-s SEED] "
		"[-t TIMEOUT_MS] [-r TRIES] [-T LIMIT_S] [-d DRAIN_MS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t n = 5000, window = 8, timeout_ms = 250, tries_max = 20, limit_s = 300;
	uint64_t drain_ms = 1000, next = 0, oldest = 0, outstanding = 0, t_start, t_end;
	uint64_t sent = 0, echo_packets = 0, echoed = 0, retrans = 0, retrans_d = 0, dups = 0;
	uint64_t lost = 0, mismatched = 0, nrtt = 0, bytes = 0, *rtt, i, k;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct dgram *d;
	uint8_t buf[2048], want[MAX_PAYLOAD];
	char *colon;
	int fd, opt, rcvbuf = 4 << 20;
	const char *fail = NULL;

	if (argc < 2)
		usage();
	colon = strrchr(argv[1], ':');
	if (!colon || inet_pton(AF_INET, (*colon = 0, argv[1]), &sa.sin_addr) != 1)
		usage();
	sa.sin_port = htons((uint16_t)atoi(colon + 1));
	optind = 2;
	while ((opt = getopt(argc, argv, "n:w:s:t:r:T:d:")) != -1) {
		uint64_t v = strtoull(optarg, NULL, 0);

		switch (opt) {
		case 'n': n = v; break;
		case 'w': window = v; break;
		case 's': seed = (uint32_t)v; break;
		case 't': timeout_ms = v; break;
		case 'r': tries_max = v; break;
		case 'T': limit_s = v; break;
		case 'd': drain_ms = v; break;
		default: usage();
		}
	}
	if (!n || !window || window > MAX_PAYLOAD || !tries_max)
		usage();
	/* size(s) = L  <=>  s = (L - 1 - seed) * inv (mod 1472), inv = 7919^-1 mod 1472 */
	while ((uint64_t)inv * SIZE_STEP % MAX_PAYLOAD != 1)
		inv++;
	d = calloc(n, sizeof(*d));
	rtt = calloc(n, sizeof(*rtt));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (!d || !rtt || fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("udp-echo-check");
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));

	t_start = now_ns();
	for (;;) {
		uint64_t now = now_ns(), s;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t got;

		while (oldest < next && (d[oldest].done || d[oldest].lost))
			oldest++;
		if (oldest == n)
			break;
		if (now - t_start > limit_s * 1000000000ull) {
			fail = "time limit reached";
			break;
		}
		/* A path that lost this many for good will not recover: say so now. */
		if (lost > 2 * window + 10) {
			fail = "too many datagrams never echoed: giving up";
			break;
		}
		/* Retransmit what timed out; give up on a datagram after tries_max sends. */
		for (s = oldest; s < next; s++) {
			if (d[s].done || d[s].lost || now - d[s].last_ns < timeout_ms * 1000000ull)
				continue;
			if (d[s].tries >= tries_max) {
				d[s].lost = 1;
				lost++;
				outstanding--;
				continue;
			}
			fill(s, want, dsize(s));
			if (send(fd, want, dsize(s), 0) < 0 && errno != ECONNREFUSED)
				continue;	/* try again on the next round */
			retrans++;
			retrans_d += d[s].tries == 1;
			d[s].tries++;
			d[s].last_ns = now;
			sent++;
		}
		while (next < n && outstanding < window && next - oldest < MAX_PAYLOAD) {
			fill(next, want, dsize(next));
			if (send(fd, want, dsize(next), 0) < 0 && errno != ECONNREFUSED)
				break;
			d[next].first_ns = d[next].last_ns = now_ns();
			d[next].tries = 1;
			sent++;
			outstanding++;
			next++;
		}
		if (poll(&pfd, 1, 10) <= 0)
			continue;
		while ((got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0 || errno == ECONNREFUSED) {
			uint64_t t = now_ns();
			uint32_t len = (uint32_t)got;

			if (got < 0)
				continue;	/* ICMP port unreachable: no echo yet */
			echo_packets++;
			s = match(buf, len, next, d);
			if (s == UINT64_MAX) {
				mismatched++;
				if (mismatched <= 5)
					fprintf(stderr, "udp-echo-check: echo of %u bytes matches no datagram sent\n",
						len);
				continue;
			}
			if (d[s].done) {
				dups++;
				continue;
			}
			if (d[s].lost) {	/* given up on, then came back: count it echoed */
				d[s].lost = 0;
				lost--;
				outstanding++;
			}
			d[s].done = 1;
			echoed++;
			bytes += len;
			outstanding--;
			if (d[s].tries == 1)	/* Karn: no RTT from retransmitted datagrams */
				rtt[nrtt++] = t - d[s].first_ns;
		}
	}
	t_end = now_ns();
	/* Late echoes of retransmitted datagrams still on their way. */
	while (now_ns() - t_end < drain_ms * 1000000ull) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t got;

		if (poll(&pfd, 1, 10) <= 0)
			continue;
		while ((got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
			echo_packets++;
			if (match(buf, (uint32_t)got, next, d) == UINT64_MAX)
				mismatched++;
			else
				dups++;
		}
	}
	qsort(rtt, nrtt, sizeof(*rtt), cmp_u64);
	if (!fail && mismatched)
		fail = "echoes that match no datagram sent";
	if (!fail && lost)
		fail = "datagrams never echoed";
	printf("udp-echo-check: datagrams=%llu sent=%llu echoed=%llu echo_packets=%llu "
	       "retransmitted=%llu retransmitted_datagrams=%llu duplicates=%llu lost=%llu "
	       "mismatched=%llu copies_lost=%llu bytes=%llu rtt_median_us=%llu rtt_p99_us=%llu "
	       "elapsed_ms=%llu window=%llu seed=%u\n",
	       (unsigned long long)n, (unsigned long long)sent, (unsigned long long)echoed,
	       (unsigned long long)echo_packets, (unsigned long long)retrans,
	       (unsigned long long)retrans_d, (unsigned long long)dups, (unsigned long long)lost,
	       (unsigned long long)mismatched,
	       (unsigned long long)(sent > echo_packets ? sent - echo_packets : 0),
	       (unsigned long long)bytes,
	       (unsigned long long)(nrtt ? rtt[nrtt / 2] / 1000 : 0),
	       (unsigned long long)(nrtt ? rtt[(nrtt * 99) / 100] / 1000 : 0),
	       (unsigned long long)((t_end - t_start) / 1000000), (unsigned long long)window,
	       seed);
	for (i = 0, k = 0; fail && i < next && k < 10; i++)
		if (!d[i].done && ++k)
			fprintf(stderr, "udp-echo-check: datagram %llu (%u bytes) not echoed after %u sends\n",
				(unsigned long long)i, dsize(i), d[i].tries);
	if (fail) {
		printf("udp-echo-check: FAIL: %s\n", fail);
		return 1;
	}
	printf("udp-echo-check: PASS\n");
	return 0;
}
