// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * bench.c - the interface benchmarks, run on the AP, timed with its TSC.
 *
 *  - the floor: an IPI ping-pong with Linux's doorbell handler (AP -> Linux
 *    IPI, Linux echoes ping_req into ping_ack and IPIs back), the two IPIs
 *    every round trip needs;
 *  - a null request's round trip through the mailbox (the same two IPIs plus
 *    the rings); both interleaved in rounds so that emulator drift hits them
 *    alike;
 *  - block reads of vda at queue depth 1 (4 KiB, 64 KiB) and 8 (64 KiB).
 * Results are console lines "bench: NAME key=value ..." for the board script.
 */
#include "layout.h"
#include "x86.h"
#include "console.h"
#include "lapic.h"
#include "mbox.h"
#include "workload.h"
#include "command.h"

#define ROUNDS		10
#define PER_ROUND	200
#define SAMPLES		(ROUNDS * PER_ROUND)


static u64 ping_samples[SAMPLES], null_samples[SAMPLES];

static u64 cycles_to_ns(u64 c)
{
	u32 khz = SHARED_VA->tsc_khz;

	return khz ? c * 1000000 / khz : c;
}

static void sort(u64 *v, u32 n)
{
	u32 gap, i, j;

	for (gap = n / 2; gap; gap /= 2)	/* Shell sort: small and good enough */
		for (i = gap; i < n; i++) {
			u64 t = v[i];

			for (j = i; j >= gap && v[j - gap] > t; j -= gap)
				v[j] = v[j - gap];
			v[j] = t;
		}
}

static void report(const char *name, u64 *v, u32 n)
{
	sort(v, n);
	kprintf("bench: %s n=%u median_ns=%lu p99_ns=%lu min_ns=%lu\n", name, n,
		cycles_to_ns(v[n / 2]), cycles_to_ns(v[n * 99 / 100]), cycles_to_ns(v[0]));
}

/* One IPI ping-pong: ring Linux, sleep until it echoes. */
static u64 ping_once(struct pmdi_mbox_hdr *h, u32 seq)
{
	u32 vector, dest, mode;
	u64 t0 = rdtsc();

	pmdi_client_doorbell_target(mbox_client(), &vector, &dest, &mode);
	cli();
	WRITE_ONCE(h->ping_req, seq);
	lapic_send_fixed(dest, (u8)vector, mode == PMDI_MBOX_DEST_LOGICAL);
	while (READ_ONCE(h->ping_ack) != seq) {
		sti_hlt();
		cli();
	}
	sti();
	return rdtsc() - t0;
}

static void bench_round_trips(void)
{
	struct pmdi_mbox_hdr *h = mbox_client()->mb.hdr;
	int null_dev = pmdi_client_find(mbox_client(), "null");
	u32 r, i, n = 0, seq = READ_ONCE(h->ping_ack);

	if (null_dev < 0)
		return;
	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < PER_ROUND; i++)
			ping_samples[n + i] = ping_once(h, ++seq);
		for (i = 0; i < PER_ROUND; i++) {
			u64 t0 = rdtsc();

			mbox_call((u16)null_dev, PMDI_MBOX_OP_NULL, 0, 0, 0);
			null_samples[n + i] = rdtsc() - t0;
		}
		n += PER_ROUND;
	}
	report("ipi_pingpong", ping_samples, n);
	report("null_rtt", null_samples, n);
	kprintf("bench: null_rtt_over_pingpong ratio_x100=%lu\n",
		null_samples[n / 2] * 100 / (ping_samples[n / 2] ? ping_samples[n / 2] : 1));
}

/* Sequential reads of @dev for @seconds at @depth, @chunk bytes each. */
static void bench_read(int dev, u32 chunk, u32 depth, u32 seconds)
{
	const struct pmdi_mbox_dev *d = pmdi_client_dev(mbox_client(), (u32)dev);
	static u64 buf;
	u64 span = 64ull << 20, off = 0, bytes = 0, t0, t1, end;
	int st = 0;

	if (!buf)
		buf = mbox_alloc(1u << 20);	/* depth x chunk, within one 4 MiB window chunk */
	if (!buf || (u64)chunk * depth > (1u << 20)) {
		kprintf("bench: %s_read bs=%u qd=%u: no room in the I/O window\n", d->name, chunk,
			depth);
		return;
	}
	if (d->capacity < span)
		span = d->capacity - d->capacity % chunk;
	/*
	 * The begin and end lines are printed by Linux as they arrive: their
	 * kernel-log timestamps give the throughput in Linux's own clock (under
	 * TCG the TSC rate need not match Linux's calibration).
	 */
	kprintf("bench: %s_read_begin bs=%u qd=%u\n", d->name, chunk, depth);
	end = rdtsc() + (u64)seconds * SHARED_VA->tsc_khz * 1000;
	t0 = rdtsc();
	while (rdtsc() < end && !st && !ap_stop_requested()) {
		/* depth x chunk per call, all in flight together */
		u64 len = (u64)chunk * depth;

		if (off + len > span)
			off = 0;
		st = mbox_transfer((u16)dev, PMDI_MBOX_OP_READ, buf, len, off, chunk, depth);
		off += len;
		bytes += len;
	}
	t1 = rdtsc();
	kprintf("bench: %s_read_end bs=%u qd=%u bytes=%lu tsc_ns=%lu status=%d\n", d->name,
		chunk, depth, bytes, cycles_to_ns(t1 - t0), st);
}

void workload_bench(u32 seconds)
{
	int vda = pmdi_client_find(mbox_client(), "vda");

	if (!seconds)
		seconds = 3;
	bench_round_trips();
	if (vda >= 0) {
		bench_read(vda, 4096, 1, seconds);
		bench_read(vda, 65536, 1, seconds);
		bench_read(vda, 65536, 8, seconds);
	}
	kprintf("bench: done\n");
}

/* Reads without end, 8 in flight, until Linux unloads (tests rmmod under load). */
void workload_burst(void)
{
	int vda = pmdi_client_find(mbox_client(), "vda");
	u64 buf = mbox_alloc(8 * 65536), n = 0, rounds;
	int st = 0;

	if (vda < 0 || !buf)
		return;
	rounds = pmdi_client_dev(mbox_client(), (u32)vda)->capacity / (8 * 65536);
	kprintf("burst: reading vda, 8 requests in flight, until unloaded\n");
	while (!st && rounds && !ap_stop_requested()) {
		st = mbox_transfer((u16)vda, PMDI_MBOX_OP_READ, buf, 8 * 65536,
				   (n % rounds) * 8 * 65536, 65536, 8);
		n++;
	}
	kprintf("burst: stopped after %lu rounds, last status %d\n", n, st);
}
