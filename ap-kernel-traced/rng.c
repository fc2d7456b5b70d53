// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * rng.c - entropy from Linux's hardware RNG (the mailbox's RNG device: READs
 * that Linux serves with bytes from its hwrng driver, virtio-rng on the
 * board), the AP's own small generator seeded from it, and the rng workload.
 *
 * workload=rng (results are "rng: ..." console lines for the board test):
 *   checks   READs of many lengths and alignments complete with exactly
 *            their length and write nothing around it; the bytes are not
 *            constant (distinct values, bits set) and two reads differ;
 *            READs of 0 and max_len + 1 bytes are refused BAD_LENGTH; the
 *            generator is seeded; then "rng: checks PASS|FAIL"
 *   starve   READs of max_len back to back, 4 in flight, until one has
 *            waited a second (the board stops the feeder meanwhile), then
 *            no new ones until the waiting ones complete (it restarts it)
 *   unload   the same until one waits again; then the AP waits to be
 *            unloaded with the READs outstanding (they fail -ESHUTDOWN)
 * workload_arg bit 31 (./pmdi bench net): at each go from Linux (an NMI
 * through debugfs "nmi"), read arg & 0xff MiB (4 if 0) in max_len READs, 4 in
 * flight, timed from when the first 64 KiB (the module's pool, filled before
 * the run) are in; "rng: bench run_end id=N bytes=B ns=T status=S".
 */
#include "layout.h"
#include "x86.h"
#include "console.h"
#include "mbox.h"
#include "workload.h"
#include "command.h"
#include "rng.h"

#define DEPTH		4
#define POOL_HEADSTART	(64u << 10)

static int rng_dev = -2;
static u32 rng_max;

/* The RNG device's index, or -1 without one. */
int rng_find(void)
{
	struct pmdi_client *c = mbox_client();
	u32 i;

	if (rng_dev != -2)
		return rng_dev;
	rng_dev = -1;
	for (i = 0; i < pmdi_client_ndev(c); i++)
		if (pmdi_client_dev(c, i)->dev_class == PMDI_MBOX_DEV_RNG) {
			rng_dev = (int)i;
			rng_max = pmdi_client_dev(c, i)->max_len;
			break;
		}
	return rng_dev;
}

/* One synchronous READ of @len bytes into @buf (window memory); its completion in @cpl. */
static int rng_call(u64 buf, u32 len, struct pmdi_mbox_cpl *cpl)
{
	struct pmdi_request rq = { .dev = (u16)rng_dev, .op = PMDI_MBOX_OP_READ, .buf = buf,
				   .len = len };

	return pmdi_call(mbox_client(), &rq, cpl);
}

/* @len bytes of hardware entropy into @buf (window memory): 0 or -errno. */
int rng_read(u64 buf, u32 len)
{
	struct pmdi_mbox_cpl cpl;
	int st;

	if (rng_find() < 0)
		return -PMDI_ENODEV;
	st = rng_call(buf, len, &cpl);
	if (!st && cpl.bytes != len)
		return -PMDI_EIO;
	return st;
}

/* ---- the AP's own generator: splitmix64 -------------------------------- */

static u64 prng_state = 0x9e3779b97f4a7c15ull;

u64 prng_u64(void)
{
	u64 z = (prng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Seed the generator from 8 bytes of the hardware RNG: 0, or -errno (unseeded). */
int prng_seed_from_hwrng(void)
{
	static u64 buf;
	int st;

	if (!buf)
		buf = mbox_alloc(PAGE_SIZE);
	if (!buf)
		return -PMDI_ENOMEM;
	st = rng_read(buf, 8);
	if (!st)
		prng_state = *(volatile u64 *)buf;
	*(volatile u64 *)buf = 0;
	return st;
}

/* ---- the workload ------------------------------------------------------ */

static u32 ok, bad;

static void verdict(bool good, const char *what)
{
	if (good)
		ok++;
	else
		bad++;
	kprintf("rng: %s: %s\n", what, good ? "ok" : "WRONG");
}

#define GUARD	0xa5

/* READ @len at @buf + @off of a 2-page buffer, guarded: exactly @len bytes written? */
static bool check_length(u64 buf, u32 off, u32 len)
{
	u8 *b = (u8 *)buf;
	struct pmdi_mbox_cpl cpl;
	u32 i;
	int st;

	for (i = 0; i < 2 * PAGE_SIZE; i++)
		b[i] = GUARD;
	st = rng_call(buf + off, len, &cpl);
	if (st || cpl.bytes != len) {
		kprintf("rng: read of %u bytes at +%u: status %d, %u bytes\n", len, off, st,
			cpl.bytes);
		return false;
	}
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		if ((i < off || i >= off + len) && b[i] != GUARD) {
			kprintf("rng: read of %u bytes at +%u wrote byte +%u\n", len, off, i);
			return false;
		}
	return true;
}

static void rng_checks(void)
{
	static const u32 lens[] = { 1, 2, 3, 7, 15, 16, 17, 64, 255, 1000, 4095 };
	u64 buf = mbox_alloc(2 * PAGE_SIZE), buf2 = mbox_alloc(PAGE_SIZE);
	struct pmdi_mbox_cpl cpl;
	u32 i, distinct = 0, ones = 0, nlen = 0;
	u8 seen[256] = { 0 };
	bool good = true;
	int st;

	if (!buf || !buf2) {
		verdict(false, "no room in the I/O window");
		return;
	}
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		if (lens[i] > rng_max)
			continue;
		good &= check_length(buf, (i * 37) % 64, lens[i]);
		nlen++;
	}
	good &= check_length(buf, 0, rng_max);
	kprintf("rng: %u reads of 1 to %u bytes at various offsets: each exactly its length\n",
		nlen + 1, rng_max);
	verdict(good, "lengths");

	/* max_len random bytes: nearly every byte value, about half the bits set */
	for (i = 0; i < rng_max; i++) {
		u8 v = ((u8 *)buf)[i];

		distinct += !seen[v];
		seen[v] = 1;
		for (; v; v &= (u8)(v - 1))	/* no popcnt: libgcc is not linked */
			ones++;
	}
	kprintf("rng: %u bytes: %u distinct byte values, %u of %u bits set\n", rng_max, distinct,
		ones, rng_max * 8);
	verdict(rng_max < 4096 || (distinct >= 200 && ones > rng_max * 4 - rng_max / 5 &&
				   ones < rng_max * 4 + rng_max / 5), "not constant");

	st = rng_read(buf, 64);
	if (!st)
		st = rng_read(buf2, 64);
	for (i = 0, good = false; !st && i < 64; i++)
		good |= ((u8 *)buf)[i] != ((u8 *)buf2)[i];
	verdict(!st && good, "two 64-byte reads differ");

	st = rng_call(buf, rng_max + 1, &cpl);
	kprintf("rng: read of %u bytes (max_len + 1): status %d, reason %u\n", rng_max + 1, st,
		cpl.reason);
	verdict(st == -PMDI_EINVAL && cpl.reason == PMDI_MBOX_R_BAD_LENGTH,
		"max_len + 1 refused BAD_LENGTH");
	st = rng_call(buf, 0, &cpl);
	verdict(st == -PMDI_EINVAL && cpl.reason == PMDI_MBOX_R_BAD_LENGTH,
		"0 bytes refused BAD_LENGTH");

	st = prng_seed_from_hwrng();
	kprintf("rng: prng seeded from 8 hwrng bytes: status %d, first draw %lx\n", st,
		prng_u64());
	verdict(!st, "prng seeded");
}

/* READs in flight, by slot; completions come from our reap or a console call's. */
static struct {
	u32 id;
	u64 posted;
	bool busy;
} slot[DEPTH];
static u32 inflight, done_reads, failed_reads;
static u64 done_bytes;

static void on_cpl(const struct pmdi_mbox_cpl *cpl)
{
	u32 i;

	for (i = 0; i < DEPTH; i++)
		if (slot[i].busy && slot[i].id == cpl->id) {
			slot[i].busy = false;
			inflight--;
			if (cpl->status || cpl->bytes != rng_max)
				failed_reads++;
			else
				done_reads++;
			done_bytes += cpl->bytes;
			return;
		}
}

static u64 ms_since(u64 t)
{
	u32 khz = SHARED_VA->tsc_khz;

	return khz ? (rdtsc() - t) / khz : 0;
}

/* Fill the free slots with READs of max_len into @buf (DEPTH x max_len). */
static void post_reads(u64 buf)
{
	u32 i;

	for (i = 0; i < DEPTH; i++) {
		struct pmdi_request rq = { .dev = (u16)rng_dev, .op = PMDI_MBOX_OP_READ,
					   .buf = buf + i * rng_max, .len = rng_max };
		long id;

		if (slot[i].busy)
			continue;
		id = pmdi_submit(mbox_client(), &rq);
		if (id < 0)
			return;
		slot[i] = (typeof(slot[0])){ .id = (u32)id, .posted = rdtsc(), .busy = true };
		inflight++;
	}
}

/*
 * Reap, or sleep until something happens (a completion, the timer), after
 * polling for Linux's budget (hdr.ap_poll_us). Events (the NIC's link event:
 * nothing here uses it) are dropped by mbox.c before it lets us sleep.
 */
static void reap_or_wait(void)
{
	struct pmdi_mbox_cpl cpl[DEPTH];
	int n = pmdi_reap(mbox_client(), cpl, DEPTH), i;

	for (i = 0; i < n; i++)
		on_cpl(&cpl[i]);
	if (n <= 0 && !mbox_poll())
		ap_wait_irq();
}

/* The oldest READ in flight has waited this many ms (0: none in flight). */
static u64 oldest_ms(void)
{
	u64 oldest = 0, ms;
	u32 i;

	for (i = 0; i < DEPTH; i++)
		if (slot[i].busy) {
			ms = ms_since(slot[i].posted);
			if (ms > oldest)
				oldest = ms;
		}
	return oldest;
}

/* READs back to back until one has waited a second; false if the mailbox failed. */
static bool read_until_waiting(u64 buf)
{
	u64 t0 = rdtsc();

	while (oldest_ms() < 1000) {
		if (ms_since(t0) > 120000) {
			kprintf("rng: no read waited within 120 s (is the feeder still running?)\n");
			return false;
		}
		post_reads(buf);
		reap_or_wait();
		if (failed_reads)
			return false;
	}
	return true;
}

static void rng_waits(void)
{
	u64 buf = mbox_alloc(DEPTH * rng_max), t;
	u32 before;

	if (!buf) {
		verdict(false, "no room in the I/O window for the waits");
		return;
	}
	mbox_set_other_done(on_cpl);
	kprintf("rng: starve: reading until a read waits\n");
	if (!read_until_waiting(buf)) {
		kprintf("rng: starve: FAIL (%u reads failed)\n", failed_reads);
		return;
	}
	t = rdtsc();
	before = done_reads;
	kprintf("rng: waiting: %u reads outstanding, the oldest for %lu ms (pool empty)\n",
		inflight, oldest_ms());
	while (inflight && !failed_reads)
		reap_or_wait();
	kprintf("rng: waited reads completed: %u reads of %u bytes after %lu ms, %u failed: %s\n",
		done_reads - before, rng_max, ms_since(t), failed_reads,
		failed_reads ? "FAIL" : "ok");
	if (failed_reads)
		return;

	kprintf("rng: unload check: reading until a read waits\n");
	if (!read_until_waiting(buf)) {
		kprintf("rng: unload check: FAIL (%u reads failed)\n", failed_reads);
		return;
	}
	kprintf("rng: waiting again: %u reads outstanding, the oldest for %lu ms; unload now\n",
		inflight, oldest_ms());
	for (;;)	/* the unload fails them with -ESHUTDOWN, then stops us */
		reap_or_wait();
}

/* ./pmdi bench net: one timed run of @mib MiB at each go from Linux. */
static void rng_bench(u32 mib)
{
	u64 buf = mbox_alloc(DEPTH * rng_max), bytes = (u64)(mib ? mib : 4) << 20;
	u32 seen = READ_ONCE(SHARED_VA->nmi_count), id = 0, khz = SHARED_VA->tsc_khz;

	if (!buf) {
		kprintf("rng: bench: no room in the I/O window\n");
		return;
	}
	mbox_set_other_done(on_cpl);
	kprintf("rng: bench ready bytes=%lu\n", bytes);
	for (;;) {
		u64 posted = 0, t0 = 0, t1;

		while (READ_ONCE(SHARED_VA->nmi_count) == seen)
			ap_sleep_once();
		seen = READ_ONCE(SHARED_VA->nmi_count);
		id++;
		done_bytes = 0;
		failed_reads = 0;
		while ((posted < bytes || inflight) && !failed_reads) {
			u32 before = inflight;

			if (posted < bytes) {
				post_reads(buf);
				posted += (u64)(inflight - before) * rng_max;
			}
			reap_or_wait();
			if (!t0 && done_bytes >= POOL_HEADSTART)
				t0 = rdtsc();
		}
		t1 = rdtsc();
		kprintf("rng: bench run_end id=%u bytes=%lu ns=%lu poll_us=%u status=%d\n", id,
			done_bytes - POOL_HEADSTART, khz ? (t1 - t0) * 1000000 / khz : 0,
			mbox_poll_us(), failed_reads ? -1 : 0);
	}
}

void workload_rng(u32 arg)
{
	if (rng_find() < 0) {
		kprintf("rng: no RNG device in the table\n");
		return;
	}
	kprintf("rng: device %d %s (%s), reads of up to %u bytes\n", rng_dev,
		pmdi_client_dev(mbox_client(), (u32)rng_dev)->name,
		pmdi_client_dev(mbox_client(), (u32)rng_dev)->driver, rng_max);
	if (arg & (1u << 31)) {
		rng_bench(arg & 0xff);
		return;
	}
	rng_checks();
	kprintf("rng: checks %s (%u ok, %u wrong)\n", bad ? "FAIL" : "PASS", ok, bad);
	if (!bad)
		rng_waits();
}
