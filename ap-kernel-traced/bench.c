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
 *
 * Interleaved mode (workload_arg bit 31, ./pmdi bench interface): after the
 * round trips, the AP reads a fixed number of bytes per case, one run each
 * time Linux says go (an NMI IPI through debugfs "nmi": nothing else sends
 * one), so that Linux's dd runs the same reads in between, with the AP idle
 * (hlt) on its CPU. A run of @streams streams is what @streams dd readers do:
 * stream j reads [j * bytes / streams, (j + 1) * bytes / streams) of vda in
 * order, one request in flight each.
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

/*
 * Interleaved mode: workload_arg = this bit | pairs | the bytes of a run per case
 * in 4 MiB units (7 bits each) << 8 (4 KiB, qd 1), 16 (64 KiB, qd 1), 24 (64 KiB, qd 8).
 */
#define BENCH_INTERLEAVED	(1u << 31)
#define MAX_STREAMS		8

/* Poll the rings for Linux's budget (hdr.ap_poll_us), then sleep until an interrupt. */
static void bench_wait(void)
{
	if (!mbox_poll())
		ap_wait_irq();
}

/* Sleep until Linux's next go (an NMI IPI); false when asked to stop. */
static bool wait_go(u32 *seen)
{
	struct pmdi_shared *sh = SHARED_VA;

	while (READ_ONCE(sh->nmi_count) == *seen) {
		if (ap_stop_requested())
			return false;
		cli();
		ap_poll_command();
		/* an NMI between the test and hlt waits for the next timer tick */
		if (READ_ONCE(sh->nmi_count) == *seen)
			sti_hlt();
		else
			sti();
	}
	*seen = READ_ONCE(sh->nmi_count);
	return true;
}

/*
 * @bytes of @dev from offset 0 in @bs-byte reads by @streams sequential
 * streams, one request in flight each (what @streams dd readers do). Returns
 * 0 or the first failing status; *@reqs counts the requests completed.
 */
static int read_streams(int dev, u64 buf, u32 bs, u32 streams, u64 bytes, u64 *reqs)
{
	struct pmdi_client *c = mbox_client();
	struct pmdi_mbox_cpl cpl[16];
	u64 next[MAX_STREAMS], end[MAX_STREAMS], per = bytes / streams;
	bool busy[MAX_STREAMS];
	u32 j, inflight = 0;
	int status = 0, n, i;

	*reqs = 0;
	for (j = 0; j < streams; j++) {
		next[j] = j * per;
		end[j] = next[j] + per;
		busy[j] = false;
	}
	for (;;) {
		/* post the next read of every idle stream */
		for (j = 0; j < streams && !status; j++) {
			struct pmdi_request rq = { .dev = (u16)dev, .op = PMDI_MBOX_OP_READ,
						   .buf = buf + (u64)j * bs, .len = bs,
						   .offset = next[j], .cookie = j };
			long id;

			if (busy[j] || next[j] >= end[j])
				continue;
			id = pmdi_submit(c, &rq);
			if (id == -PMDI_EAGAIN)
				break;
			if (id < 0)
				return (int)id;
			busy[j] = true;
			inflight++;
		}
		if (!inflight)
			break;
		n = pmdi_reap(c, cpl, 16);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++) {
			j = (u32)cpl[i].cookie;
			if (cpl[i].status && !status)
				status = cpl[i].status;
			if (j < streams && busy[j]) {
				busy[j] = false;
				next[j] += bs;
			}
			inflight--;
			(*reqs)++;
		}
		if (!n)
			bench_wait();	/* a STOP from Linux ends here */
	}
	return status;
}

static void bench_interleaved(int vda, u32 arg)
{
	static const struct { u32 bs, streams, shift; } cases[] = {
		{ 4096, 1, 8 }, { 65536, 1, 16 }, { 65536, 8, 24 },
	};
	const struct pmdi_mbox_dev *d = pmdi_client_dev(mbox_client(), (u32)vda);
	u32 pairs = arg & 0xff, p, k, run = 0, poll, seen = READ_ONCE(SHARED_VA->nmi_count);
	/* Linux's session number (workload_seed): its waits match this session's lines only */
	u32 ses = READ_ONCE(mbox_client()->mb.hdr->workload_seed);
	u64 buf = mbox_alloc(MAX_STREAMS * 65536);

	if (!buf) {
		kprintf("bench: interleave_error no room in the I/O window\n");
		return;
	}
	for (k = 0; k < 3; k++) {
		u64 bytes = (u64)((arg >> cases[k].shift) & 0x7f) << 22;

		if (bytes > d->capacity) {
			kprintf("bench: interleave_error case %u: %lu bytes, vda has %lu\n", k, bytes,
				d->capacity);
			return;
		}
	}
	/* Linux's first go comes after this line. */
	kprintf("bench: interleave_ready session=%u pairs=%u\n", ses, pairs);
	for (p = 1; p <= pairs; p++)
		for (k = 0; k < 3; k++) {
			u32 bs = cases[k].bs, st = cases[k].streams;
			u64 bytes = (u64)((arg >> cases[k].shift) & 0x7f) << 22, reqs, t0, t1;
			int status;

			if (!bytes)
				continue;
			run++;
			if (!wait_go(&seen))
				return;
			poll = mbox_poll_us();
			kprintf("bench: run_begin session=%u id=%u pair=%u bs=%u qd=%u bytes=%lu poll_us=%u\n",
				ses, run, p, bs, st, bytes, poll);
			t0 = rdtsc();
			status = read_streams(vda, buf, bs, st, bytes, &reqs);
			t1 = rdtsc();
			kprintf("bench: run_end session=%u id=%u pair=%u bs=%u qd=%u bytes=%lu requests=%lu tsc_ns=%lu poll_us=%u status=%d\n",
				ses, run, p, bs, st, bytes, reqs, cycles_to_ns(t1 - t0), poll, status);
			if (status)
				return;
		}
}

void workload_bench(u32 seconds)
{
	int vda = pmdi_client_find(mbox_client(), "vda");

	if (seconds & BENCH_INTERLEAVED) {
		bench_round_trips();
		if (vda >= 0)
			bench_interleaved(vda, seconds);
		kprintf("bench: done session=%u\n", READ_ONCE(mbox_client()->mb.hdr->workload_seed));
		return;
	}
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
