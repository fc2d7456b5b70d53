// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * demo_live.c - the demo's second part, without end: paced requests to the
 * null device and to every disk, a status line on the console every few
 * seconds, and a scripted first minute in which the board's faulty disks show
 * themselves. Which disk is faulty, and how, is the board's business (QEMU
 * throttling, blkdebug); this file only makes sure each fault gets exercised:
 *
 *   at  5 s  it asks the host to hold its next read of vdc inside the driver
 *            ("PMDI-HOST-REQUEST hold-vdc" on the console), at 15 s to let
 *            it go ("PMDI-HOST-REQUEST release-vdc");
 *   at 20 s  it reads the last SCAN_LEN bytes of every disk once, a surface
 *            scan: a disk with bad sectors there fails a burst of reads.
 *
 * Pacing: one request every 1/rate s, given in turn to the next device that
 * has room (at most LIVE_DEPTH requests in flight each), so the total stays
 * at @rate whatever one device does: a held request takes one slot of its
 * disk and everything else goes on. The rate is what the trace's serial line
 * must carry; the board passes one below the line's capacity. The AP sleeps
 * between interrupts and its timer ticks at the heartbeat's 10 Hz, so
 * requests leave in small bunches, @rate per second on average.
 */
#include "layout.h"
#include "x86.h"
#include "console.h"
#include "command.h"
#include "mbox.h"
#include "workload.h"

#define LIVE_CHUNK	(64u << 10)
#define LIVE_DEPTH	2
#define LIVE_STREAMS	8
#define LIVE_EDGE	(2ull << 20)	/* the demo's check owns the first MiB */
#define SCAN_LEN	(2ull << 20)
#define SCAN_AT_S	20
#define HOLD_AT_S	5
#define RELEASE_AT_S	15
#define STATUS_EVERY_S	5
#define HELD_DISK	"vdc"

struct live_stream {
	int dev;			/* device table index */
	const char *name;
	bool block;
	u64 capacity;
	u64 buf[LIVE_DEPTH];		/* one buffer per slot */
	bool busy[LIVE_DEPTH];
	u64 pos;			/* next offset of the ordinary cycle */
	u64 scan, scan_end;		/* the surface scan, while scan < scan_end */
	u64 posted, done, failed;
	int last_error;
};

/* The completion hook has no context argument: the one demo is file state. */
static struct live_stream streams[LIVE_STREAMS];
static u32 nstreams;

/* A cookie names the stream and the slot; 0 is never ours. */
static u64 live_cookie(u32 stream, u32 slot)
{
	return ((u64)stream << 8 | slot) + 1;
}

static void live_done(const struct pmdi_mbox_cpl *cpl)
{
	u64 k = cpl->cookie - 1;
	struct live_stream *s;
	u32 slot = (u32)(k & 0xff);

	if (!cpl->cookie || (k >> 8) >= nstreams || slot >= LIVE_DEPTH)
		return;
	s = &streams[k >> 8];
	if (!s->busy[slot])
		return;
	s->busy[slot] = false;
	if (cpl->status) {
		s->failed++;
		s->last_error = cpl->status;
	} else {
		s->done++;
	}
}

static bool live_add(int dev, const struct pmdi_mbox_dev *d)
{
	struct live_stream *s = &streams[nstreams];
	u32 i;

	s->dev = dev;
	s->name = d->name;
	s->block = d->dev_class == PMDI_MBOX_DEV_BLOCK;
	if (s->block) {
		/* Room for the check's first MiB, a cycle, and the scan at the end. */
		if (d->capacity < LIVE_EDGE + SCAN_LEN + 4 * LIVE_CHUNK)
			return false;
		s->capacity = d->capacity;
		s->pos = LIVE_EDGE;
		for (i = 0; i < LIVE_DEPTH; i++) {
			s->buf[i] = mbox_alloc(LIVE_CHUNK);
			if (!s->buf[i])
				return false;
		}
	}
	nstreams++;
	return true;
}

/* The next block request of @s: the scan while it lasts, else the cycle. */
static void live_block_request(struct live_stream *s, struct pmdi_request *rq)
{
	rq->len = LIVE_CHUNK;
	if (s->scan < s->scan_end) {
		rq->op = PMDI_MBOX_OP_READ;
		rq->offset = s->scan;
		s->scan += LIVE_CHUNK;
		return;
	}
	/* Mostly reads, every fourth a write of whatever the buffer holds. */
	rq->op = s->posted % 4 == 3 ? PMDI_MBOX_OP_WRITE : PMDI_MBOX_OP_READ;
	rq->offset = s->pos;
	s->pos += LIVE_CHUNK;
	if (s->pos + LIVE_CHUNK > s->capacity - SCAN_LEN)
		s->pos = LIVE_EDGE;
}

/* Post the next request of stream @i if it has a free slot. */
static bool live_post(u32 i)
{
	struct live_stream *s = &streams[i];
	struct pmdi_request rq = { .dev = (u16)s->dev, .op = PMDI_MBOX_OP_NULL };
	u32 slot;

	for (slot = 0; slot < LIVE_DEPTH && s->busy[slot]; slot++)
		;
	if (slot == LIVE_DEPTH)
		return false;
	if (s->block) {
		rq.buf = s->buf[slot];
		live_block_request(s, &rq);
	}
	rq.cookie = live_cookie(i, slot);
	if (pmdi_submit(mbox_client(), &rq) < 0)
		return false;	/* ring full: the next turn tries again */
	s->busy[slot] = true;
	s->posted++;
	return true;
}

static void live_reap(void)
{
	struct pmdi_mbox_cpl cpl[16];
	int n, i;

	while ((n = pmdi_reap(mbox_client(), cpl, 16)) > 0)
		for (i = 0; i < n; i++)
			live_done(&cpl[i]);
}

static struct live_stream *live_find(const char *name)
{
	u32 i, k;

	for (i = 0; i < nstreams; i++) {
		for (k = 0; name[k] && name[k] == streams[i].name[k]; k++)
			;
		if (!name[k] && !streams[i].name[k])
			return &streams[i];
	}
	return 0;
}

static void live_status(u64 sec)
{
	u32 i;

	for (i = 0; i < nstreams; i++) {
		const struct live_stream *s = &streams[i];

		if (s->failed)
			kprintf("demo: %lu s: %s %lu done, %lu failed (last status %d)\n", sec,
				s->name, s->done, s->failed, s->last_error);
		else
			kprintf("demo: %lu s: %s %lu done\n", sec, s->name, s->done);
	}
}

/* The scripted first minute; each step once, at its second. */
static void live_script(u64 sec, u32 *step)
{
	bool held = live_find(HELD_DISK) != 0;
	u32 i;

	if (*step == 0 && sec >= HOLD_AT_S) {
		if (held)
			kprintf("demo: PMDI-HOST-REQUEST hold-" HELD_DISK
				" (the host holds the next read of " HELD_DISK " in its driver)\n");
		(*step)++;
	}
	if (*step == 1 && sec >= RELEASE_AT_S) {
		if (held)
			kprintf("demo: PMDI-HOST-REQUEST release-" HELD_DISK "\n");
		(*step)++;
	}
	if (*step == 2 && sec >= SCAN_AT_S) {
		kprintf("demo: surface scan: reading the last %lu KiB of every disk\n",
			(u64)(SCAN_LEN >> 10));
		for (i = 0; i < nstreams; i++) {
			struct live_stream *s = &streams[i];

			if (s->block) {
				s->scan = s->capacity - SCAN_LEN;
				s->scan_end = s->capacity;
			}
		}
		(*step)++;
	}
}

void demo_live(u32 rate)
{
	struct pmdi_client *c = mbox_client();
	u64 tsc_s = (u64)SHARED_VA->tsc_khz * 1000, period, t0, next, next_status;
	u32 i, turn = 0, step = 0;

	for (i = 0; i < pmdi_client_ndev(c) && nstreams < LIVE_STREAMS; i++) {
		const struct pmdi_mbox_dev *d = pmdi_client_dev(c, i);

		if (d->dev_class == PMDI_MBOX_DEV_NULL || d->dev_class == PMDI_MBOX_DEV_BLOCK)
			if (!live_add((int)i, d))
				kprintf("demo: %s left out (too small, or no room in the window)\n",
					d->name);
	}
	if (!nstreams || !tsc_s) {
		kprintf("demo: nothing to keep busy\n");
		return;
	}
	mbox_set_other_done(live_done);
	kprintf("demo: from now on %u requests/s without end to %u devices, status every %u s\n",
		rate, nstreams, STATUS_EVERY_S);
	period = tsc_s / rate;
	t0 = next = rdtsc();
	next_status = t0 + STATUS_EVERY_S * tsc_s;
	for (;;) {
		u64 now = rdtsc();

		live_reap();
		live_script((now - t0) / tsc_s, &step);
		/* After a long wait, no catching up beyond a fifth of a second. */
		if (now > next + tsc_s / 5)
			next = now - tsc_s / 5;
		while (now >= next) {
			u32 k;

			for (k = 0; k < nstreams && !live_post((turn + k) % nstreams); k++)
				;
			if (k == nstreams) {
				next = now + period;	/* everything busy: the turn is lost */
				break;
			}
			turn = (turn + k + 1) % nstreams;
			next += period;
		}
		if (now >= next_status) {
			live_status((now - t0) / tsc_s);
			next_status += STATUS_EVERY_S * tsc_s;
		}
		ap_wait_irq();
	}
}
