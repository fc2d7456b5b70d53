// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * pmdi-netframes: the NET_FRAME records of a trace (trace_pipe saved to a
 * file), checked against the datagrams of udp-echo-check.
 *
 *   pmdi-netframes TRACE.pmdt SEED
 *
 * Decodes every frame with the strict C decoder (interface/fuzz/fuzz_frames.h),
 * counts NET_FRAME records by direction and what was lost on the way (seq
 * gaps per source, LOST counts, corrupt frames) and their size (blob, and
 * the whole record in its frame), and for every captured UDP
 * frame to or from port 7 compares the captured payload bytes with the
 * datagram udp-echo-check sends with SEED (tests/udp-echo-check.c: its first
 * 4 bytes are its number s, its size is 1 + (s * 7919 + seed) mod 1472, the
 * rest a pattern of seed, s and the position). One line of key=value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_frames.h"

#define MAX_PAYLOAD	1472u
#define SIZE_STEP	7919u
#define MAX_SOURCES	256

struct tally {
	uint32_t seed;
	uint64_t dir[3], bad_dir, blob_bytes, rec_bytes, snap_max;
	uint64_t udp_checked, udp_bad, udp_short;
	uint64_t lost_in_ring, gaps, corrupt, rest_lost, frames;
	uint64_t next_seq[MAX_SOURCES];
	uint8_t seen[MAX_SOURCES];
	char first[80];		/* hex of the first rx datagram's captured payload */
};

/* The datagram's bytes, as udp-echo-check's fill(). */
static uint8_t dgram_byte(uint32_t seed, uint64_t s, uint32_t i)
{
	uint32_t h = (uint32_t)s * 2654435761u ^ seed * 40503u;

	return i < 4 ? (uint8_t)(s >> (8 * i)) :
		       (uint8_t)((h >> (8 * (i & 3))) ^ (i * 151) ^ (i >> 8));
}

/* A captured UDP echo frame: is what was kept of its payload the datagram? */
static void check_udp(struct tally *t, uint8_t dir, const uint8_t *f, uint32_t n)
{
	uint32_t ihl, plen, off, i, have;
	uint16_t sport, dport;
	uint64_t s;

	if (n < 14 + 20 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4 || f[23] != 17)
		return;
	ihl = (f[14] & 0xf) * 4u;
	if (ihl < 20 || n < 14 + ihl + 8)
		return;
	sport = (uint16_t)(f[14 + ihl] << 8 | f[15 + ihl]);
	dport = (uint16_t)(f[16 + ihl] << 8 | f[17 + ihl]);
	if ((dir == PMDI_FRAME_TX ? sport : dport) != 7)
		return;
	plen = (uint32_t)(f[18 + ihl] << 8 | f[19 + ihl]) - 8;
	off = 14 + ihl + 8;
	have = n - off < plen ? n - off : plen;
	if (plen < 4 || have < 4) {
		t->udp_short++;
		return;
	}
	s = f[off] | (uint32_t)f[off + 1] << 8 | (uint32_t)f[off + 2] << 16 |
	    (uint32_t)f[off + 3] << 24;
	t->udp_checked++;
	if (1 + (s * SIZE_STEP + t->seed) % MAX_PAYLOAD != plen) {
		t->udp_bad++;
		return;
	}
	for (i = 0; i < have; i++)
		if (f[off + i] != dgram_byte(t->seed, s, i)) {
			t->udp_bad++;
			return;
		}
	if (dir != PMDI_FRAME_TX && !t->first[0]) {
		int k = snprintf(t->first, sizeof(t->first), "s%llu/%u:",
				 (unsigned long long)s, plen);

		for (i = 0; i < have && i < 16 && k < (int)sizeof(t->first) - 3; i++)
			k += snprintf(t->first + k, sizeof(t->first) - k, "%02x", f[off + i]);
	}
}

static void on_event(void *ctx, unsigned int src, uint64_t seq, const struct ff_event *ev)
{
	struct tally *t = ctx;

	if (t->seen[src] && seq > t->next_seq[src])
		t->gaps += seq - t->next_seq[src];
	if (!t->seen[src] || seq >= t->next_seq[src])
		t->next_seq[src] = seq + 1;
	t->seen[src] = 1;
	if (ev->type == PMDI_EV_LOST)
		t->lost_in_ring += ev->args[0];
	if (ev->type != PMDI_EV_NET_FRAME)
		return;
	if (ev->blob[1] > PMDI_FRAME_RX_DROP) {
		t->bad_dir++;
		return;
	}
	t->dir[ev->blob[1]]++;
	t->blob_bytes += ev->blob_len;
	t->rec_bytes += ev->bytes;
	if (ev->blob_len - PMDI_NET_FRAME_HEAD > t->snap_max)
		t->snap_max = ev->blob_len - PMDI_NET_FRAME_HEAD;
	check_udp(t, ev->blob[1], ev->blob + PMDI_NET_FRAME_HEAD,
		  ev->blob_len - PMDI_NET_FRAME_HEAD);
}

int main(int argc, char **argv)
{
	static struct tally t;
	uint8_t frame[PMDI_FRAME_WIRE_MAX + 1];
	uint32_t flen = 0;
	uint64_t nframes;
	FILE *f;
	int c;

	if (argc != 3) {
		fprintf(stderr, "usage: %s TRACE.pmdt SEED\n", argv[0]);
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	t.seed = (uint32_t)strtoul(argv[2], NULL, 0);
	while ((c = getc(f)) != EOF) {
		unsigned int src;
		uint64_t seq;
		int r;

		if (c) {
			if (flen < sizeof(frame))
				frame[flen++] = (uint8_t)c;
			continue;
		}
		if (!flen)
			continue;
		r = ff_frame(frame, flen, on_event, &t, &src, &seq);
		if (r == -1)
			t.corrupt++;
		else if (r == FF_REST_LOST)
			t.rest_lost++;
		else
			t.frames++;
		flen = 0;
	}
	fclose(f);
	nframes = t.dir[0] + t.dir[1] + t.dir[2];
	printf("netframes: tx=%llu rx=%llu rx_drop=%llu bad_dir=%llu",
	       (unsigned long long)t.dir[0], (unsigned long long)t.dir[1],
	       (unsigned long long)t.dir[2], (unsigned long long)t.bad_dir);
	printf(" frames=%llu corrupt=%llu rest_lost=%llu seq_gaps=%llu lost_in_ring=%llu",
	       (unsigned long long)t.frames, (unsigned long long)t.corrupt,
	       (unsigned long long)t.rest_lost, (unsigned long long)t.gaps,
	       (unsigned long long)t.lost_in_ring);
	printf(" udp_checked=%llu udp_bad=%llu udp_short=%llu snap_max=%llu",
	       (unsigned long long)t.udp_checked, (unsigned long long)t.udp_bad,
	       (unsigned long long)t.udp_short, (unsigned long long)t.snap_max);
	printf(" blob_bytes_per_frame=%.1f record_bytes_per_frame=%.1f first_rx=%s\n",
	       nframes ? (double)t.blob_bytes / nframes : 0.0,
	       nframes ? (double)t.rec_bytes / nframes : 0.0, t.first[0] ? t.first : "none");
	return 0;
}
