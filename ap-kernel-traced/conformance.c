// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * conformance.c - the conformance workload of PORTING.md ("spec B"): the
 * steps every OS runs so that `./pmdi conformance IMAGE` can judge its use
 * of the interface from Linux's counters and the host's disk images. Each
 * step prints one "conformance: ..." line on the console device; only the
 * refusal lines are evidence (the reasons Linux gave), the rest is judged
 * on the Linux and host side.
 *
 * workload_arg bits make this kernel misbehave on purpose, so that the judge
 * is shown to fail (scripts/run-conformance.sh --self-test):
 *   CONF_BREAK_COPY     one byte of the copy is changed before it is written
 *   CONF_BREAK_REASON   the bad-op refusal is printed with a wrong reason
 *   CONF_BREAK_REAP     the storm's last completion is never taken
 *   CONF_BREAK_HANG     the storm stops half-way, interrupts off (a hung OS)
 *
 * The trace must be lossless: while the trace ring is more than half full
 * (Linux's drain is behind), the copy and the storm post nothing more and
 * wait for their completions (or, with none left, for the next interrupt).
 */
#include "layout.h"
#include "x86.h"
#include "console.h"
#include "lapic.h"
#include "mbox.h"
#include "command.h"
#include "workload.h"
#include "trace.h"

#define CONF_BREAK_COPY		0x1u
#define CONF_BREAK_REASON	0x2u
#define CONF_BREAK_REAP		0x4u
#define CONF_BREAK_HANG		0x8u

#define NULL_COUNT	1000u
#define COPY_LEN	(1u << 20)
#define COPY_CHUNK	4096u
#define COPY_READS	16u		/* reads kept outstanding */
#define MAX_OUT		32u		/* requests outstanding, all kinds */
#define PATTERN_OFF	(2ull << 20)
#define PATTERN_LEN	(256u << 10)
#define PATTERN_CHUNK	(64u << 10)
#define STORM_COUNT	10000u

/* The cookie says what a completion is for: kind << 32 | buffer slot. */
enum { K_READ = 1, K_NULL = 2, K_WRITE = 3 };
#define COOKIE(kind, slot)	((u64)(kind) << 32 | (slot))

struct conf {
	struct pmdi_client *c;
	int nul, con, vda, vdb;
	u32 seed, breaks;
};

/* "%08x": kprintf's %x has a 0x prefix and no width. */
static void hex8(char *out, u32 v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
	out[8] = 0;
}

static int find(struct pmdi_client *c, u8 cls, const char *name)
{
	u32 i, k;

	for (i = 0; i < pmdi_client_ndev(c); i++) {
		const struct pmdi_mbox_dev *d = pmdi_client_dev(c, i);

		if (d->dev_class != cls)
			continue;
		if (!name)
			return (int)i;
		for (k = 0; k < sizeof(d->name) && d->name[k] == name[k] && name[k]; k++)
			;
		if (k < sizeof(d->name) && d->name[k] == name[k])
			return (int)i;
	}
	return -1;
}

static long post(struct conf *cf, u16 dev, u8 op, u64 buf, u32 len, u64 off, u64 cookie)
{
	struct pmdi_request rq = { .dev = dev, .op = op, .buf = buf, .len = len, .offset = off,
				   .cookie = cookie };

	return pmdi_submit(cf->c, &rq);
}

static void step_null(struct conf *cf)
{
	u32 i;
	int st;

	for (i = 0; i < NULL_COUNT; i++) {
		st = mbox_call((u16)cf->nul, PMDI_MBOX_OP_NULL, 0, 0, 0);
		if (st) {
			kprintf("conformance: fail null request %u status %d\n", i, st);
			return;
		}
	}
	kprintf("conformance: null %u\n", NULL_COUNT);
}

/*
 * Read vda [0, 1 MiB) in 4 KiB reads, 16 outstanding, a null request right
 * behind each (it completes in Linux's IRQ handler, the read later: out of
 * order); each read's buffer is then written to vdb at 1 MiB + its offset.
 */
static void step_copy(struct conf *cf)
{
	u64 bufs = mbox_alloc((u64)MAX_OUT * COPY_CHUNK);
	u64 off_of[MAX_OUT];
	u32 free_mask = 0xffffffffu, ready_mask = 0;
	u32 reads = 0, out = 0, written = 0, next = 0;
	bool broke = false;
	struct pmdi_mbox_cpl cpl[16], failed = { 0 };
	int n, i, err = 0;

	if (!bufs) {
		kprintf("conformance: fail copy no room in the I/O window\n");
		return;
	}
	while (written < COPY_LEN && !err) {
		bool posted = false;

		/* Writes first: they free buffers for the next reads. */
		while (ready_mask && out < MAX_OUT && !trace_backlog()) {
			u32 s = (u32)__builtin_ctz(ready_mask);

			if (post(cf, (u16)cf->vdb, PMDI_MBOX_OP_WRITE, bufs + s * COPY_CHUNK,
				 COPY_CHUNK, COPY_LEN + off_of[s], COOKIE(K_WRITE, s)) < 0)
				break;
			ready_mask &= ~(1u << s);
			out++;
			posted = true;
		}
		while (next < COPY_LEN && reads < COPY_READS && out + 2 <= MAX_OUT && free_mask &&
		       !trace_backlog()) {
			u32 s = (u32)__builtin_ctz(free_mask);

			if (post(cf, (u16)cf->vda, PMDI_MBOX_OP_READ, bufs + s * COPY_CHUNK,
				 COPY_CHUNK, next, COOKIE(K_READ, s)) < 0)
				break;
			free_mask &= ~(1u << s);
			off_of[s] = next;
			next += COPY_CHUNK;
			reads++;
			out++;
			if (post(cf, (u16)cf->nul, PMDI_MBOX_OP_NULL, 0, 0, 0, COOKIE(K_NULL, 0)) < 0) {
				err = -1;
				break;
			}
			out++;
			posted = true;
		}
		n = pmdi_reap(cf->c, cpl, 16);
		if (n < 0) {
			err = n;
			break;
		}
		for (i = 0; i < n; i++) {
			u32 kind = (u32)(cpl[i].cookie >> 32), s = (u32)cpl[i].cookie & 31;

			out--;
			/* Printed once all are in: a console call now would take their completions. */
			if (cpl[i].status && !err) {
				failed = cpl[i];
				err = cpl[i].status;
			}
			if (kind == K_READ) {
				reads--;
				if ((cf->breaks & CONF_BREAK_COPY) && !broke) {
					((u8 *)(bufs + s * COPY_CHUNK))[0x123] ^= 0x5a;
					broke = true;
				}
				ready_mask |= 1u << s;
			} else if (kind == K_WRITE) {
				free_mask |= 1u << s;
				written += COPY_CHUNK;
			}
		}
		if (!n && !posted)
			ap_wait_irq();
	}
	/* After an error: take what is still outstanding before the next step. */
	while (out) {
		n = pmdi_reap(cf->c, cpl, 16);
		if (n < 0)
			return;
		out -= (u32)n;
		if (!n)
			ap_wait_irq();
	}
	if (err) {
		kprintf("conformance: fail copy error %d after %u bytes (request %u reason %u)\n",
			err, written, failed.id, failed.reason);
		return;
	}
	err = mbox_call((u16)cf->vdb, PMDI_MBOX_OP_FLUSH, 0, 0, 0);
	if (err) {
		kprintf("conformance: fail copy flush status %d\n", err);
		return;
	}
	kprintf("conformance: copy %u\n", written);
}

/* The byte at @k (0-based from 2 MiB on vdb); the host computes the same. */
static u8 pattern_byte(u64 k, u32 seed)
{
	return (u8)(k * 131 + (k >> 9) * 17 + seed);
}

static void step_pattern(struct conf *cf)
{
	u64 buf = mbox_alloc(PATTERN_LEN), k;
	int st;

	if (!buf) {
		kprintf("conformance: fail pattern no room in the I/O window\n");
		return;
	}
	for (k = 0; k < PATTERN_LEN; k++)
		((u8 *)buf)[k] = pattern_byte(k, cf->seed);
	st = mbox_transfer((u16)cf->vdb, PMDI_MBOX_OP_WRITE, buf, PATTERN_LEN, PATTERN_OFF,
			   PATTERN_CHUNK, 4);
	if (!st)
		st = mbox_call((u16)cf->vdb, PMDI_MBOX_OP_FLUSH, 0, 0, 0);
	if (st) {
		kprintf("conformance: fail pattern status %d\n", st);
		return;
	}
	kprintf("conformance: pattern %u\n", PATTERN_LEN);
}

/*
 * 10000 null requests, up to 32 outstanding, sleeping in hlt whenever there
 * is nothing to reap, with the timer off: a lost wake-up is a hang here, not
 * a 100 ms stall that the next tick hides.
 */
static void step_storm(struct conf *cf)
{
	struct pmdi_mbox_cpl cpl[32];
	u32 posted = 0, taken = 0, out = 0, want = STORM_COUNT;
	int n, i, err = 0;

	/* Broken on purpose: the last one is posted at the very end, never taken. */
	if (cf->breaks & CONF_BREAK_REAP)
		want--;
	lapic_timer_stop();
	while (taken < want) {
		while (posted < want && out < MAX_OUT && !trace_backlog()) {
			if (post(cf, (u16)cf->nul, PMDI_MBOX_OP_NULL, 0, 0, 0, posted) < 0)
				break;
			posted++;
			out++;
		}
		n = pmdi_reap(cf->c, cpl, 32);
		if (n < 0) {
			err = n;
			break;
		}
		for (i = 0; i < n; i++)
			if (cpl[i].status && !err)
				err = cpl[i].status;
		taken += (u32)n;
		out -= (u32)n;
		if ((cf->breaks & CONF_BREAK_HANG) && taken >= want / 2)
			for (;;) {
				cli();
				hlt();
			}
		if (!n) {
			/* cli; may I sleep (re-checks the ring after saying so)?; sti; hlt */
			cli();
			ap_poll_command();
			if (mbox_may_sleep())
				sti_hlt();
			else
				sti();
		}
	}
	lapic_timer_start();
	if (err)
		kprintf("conformance: fail storm status %d after %u completions\n", err, taken);
	else
		kprintf("conformance: storm %u\n", STORM_COUNT);
}

struct refusal {
	const char *name;
	struct pmdi_request rq;
	u8 abi;			/* 0: the right one */
	u32 flags;
};

/* Post one request as given and wait for its completion (nothing else is out). */
static int call_as(struct conf *cf, const struct refusal *r, struct pmdi_mbox_cpl *cpl)
{
	long id = pmdi_submit_as(cf->c, &r->rq, r->abi ? r->abi : PMDI_MBOX_VERSION, r->flags);
	int n;

	if (id < 0)
		return (int)id;
	for (;;) {
		n = pmdi_reap(cf->c, cpl, 1);
		if (n < 0)
			return n;
		if (n && cpl->id == (u32)id)
			return cpl->status;
		if (!n)
			ap_wait_irq();
	}
}

static void step_refusals(struct conf *cf, u64 buf)
{
	const struct pmdi_mbox_dev *vda = pmdi_client_dev(cf->c, (u32)cf->vda);
	u16 nul = (u16)cf->nul, d = (u16)cf->vda;
	const struct refusal cases[] = {
		{ .name = "bad-version", .rq = { .dev = nul, .op = PMDI_MBOX_OP_NULL }, .abi = 99 },
		{ .name = "bad-device",
		  .rq = { .dev = (u16)pmdi_client_ndev(cf->c), .op = PMDI_MBOX_OP_NULL } },
		{ .name = "bad-op", .rq = { .dev = nul, .op = 7 } },
		/* the shared area: in the region, outside the I/O window */
		{ .name = "bad-buffer", .rq = { .dev = d, .op = PMDI_MBOX_OP_READ, .len = 4096,
						.buf = SHARED_VA->region_phys } },
		{ .name = "bad-length",
		  .rq = { .dev = d, .op = PMDI_MBOX_OP_READ, .len = 100, .buf = buf } },
		{ .name = "bad-offset", .rq = { .dev = d, .op = PMDI_MBOX_OP_READ, .len = 4096,
						.buf = buf, .offset = vda->capacity } },
		{ .name = "bad-flags", .rq = { .dev = nul, .op = PMDI_MBOX_OP_NULL },
		  .flags = 0x80000000u },
	};
	struct pmdi_mbox_cpl cpl;
	u32 i, reason;
	int st;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cpl.reason = 0;
		st = call_as(cf, &cases[i], &cpl);
		reason = cpl.reason;
		if ((cf->breaks & CONF_BREAK_REASON) && i == 2)
			reason++;
		kprintf("conformance: refusal %s reason %u status %d\n", cases[i].name, reason,
			st);
	}
}

void workload_conformance(u32 arg, u32 seed)
{
	struct conf cf = { .c = mbox_client(), .seed = seed, .breaks = arg };
	char hex[9];
	u64 buf;

	hex8(hex, seed);
	kprintf("conformance: hello %s\n", hex);
	cf.nul = find(cf.c, PMDI_MBOX_DEV_NULL, 0);
	cf.con = find(cf.c, PMDI_MBOX_DEV_CONSOLE, 0);
	cf.vda = find(cf.c, PMDI_MBOX_DEV_BLOCK, "vda");
	cf.vdb = find(cf.c, PMDI_MBOX_DEV_BLOCK, "vdb");
	buf = mbox_alloc(4096);
	if (cf.nul < 0 || cf.con < 0 || cf.vda < 0 || cf.vdb < 0 || !buf) {
		kprintf("conformance: fail devices null %d console %d vda %d vdb %d\n", cf.nul,
			cf.con, cf.vda, cf.vdb);
	} else {
		step_null(&cf);
		step_copy(&cf);
		step_pattern(&cf);
		step_storm(&cf);
		step_refusals(&cf, buf);
	}
	kprintf("conformance: done %s\n", hex);
	if ((cf.breaks & CONF_BREAK_REAP) && cf.nul >= 0) {
		/*
		 * After the last console line (its synchronous call would take the
		 * completion): never reaped, so never ask whether we may sleep.
		 */
		post(&cf, (u16)cf.nul, PMDI_MBOX_OP_NULL, 0, 0, 0, 0);
		for (;;)
			ap_sleep_once();
	}
}
