// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * stuck.c - workloads that make the trace interesting: a mixed, healthy load
 * for the samples, and test modes in which a request gets stuck on purpose,
 * each at a different place of the data path, so that the analysis's
 * diagnosis can be checked against a real run:
 *
 *   no_doorbell  the request is in the ring but Linux was never rung
 *   no_reap      Linux answered, the AP never takes the completions
 *   silent       the AP spins with interrupts off: no heartbeat, no answers
 *   fault        the AP takes a page fault in the middle of its work
 *   read_vdb     one read of vdb that the host holds inside QEMU (blkdebug
 *                "break"), i.e. the driver never returns until released
 */
#include "layout.h"
#include "x86.h"
#include "console.h"
#include "mbox.h"
#include "trace.h"
#include "workload.h"
#include "command.h"

/* Idle like the idle loop, but stay in this function (heartbeat goes on). */
static void idle_forever(void)
{
	for (;;)
		ap_sleep_once();
}

static void wait_ticks(u64 n)
{
	u64 until = READ_ONCE(SHARED_VA->heartbeat) + n;

	while (READ_ONCE(SHARED_VA->heartbeat) < until)
		ap_sleep_once();
}

void workload_mixed(u32 seconds)
{
	struct pmdi_client *c = mbox_client();
	int dev[2] = { pmdi_client_find(c, "vda"), pmdi_client_find(c, "vdb") };
	int nul = pmdi_client_find(c, "null");
	u64 buf = mbox_alloc(4 * 65536), end, n = 0;
	u32 khz = SHARED_VA->tsc_khz;

	if (!seconds)
		seconds = 5;
	end = rdtsc() + (u64)seconds * khz * 1000;
	kprintf("mixed: %u s of null, console and block requests on vda and vdb\n", seconds);
	while (rdtsc() < end) {
		u32 i;

		for (i = 0; i < 2; i++) {
			const struct pmdi_mbox_dev *d;
			u64 off;

			if (dev[i] < 0)
				continue;
			d = pmdi_client_dev(c, (u32)dev[i]);
			off = (n * 65536 * 4) % (d->capacity - 4 * 65536);
			mbox_transfer((u16)dev[i], n % 5 ? PMDI_MBOX_OP_READ : PMDI_MBOX_OP_WRITE, buf,
				      4 * 65536, off & ~511ull, 16384 << (n % 3), 4);
		}
		if (nul >= 0)
			mbox_call((u16)nul, PMDI_MBOX_OP_NULL, 0, 0, 0);
		if (n % 16 == 0)
			kprintf("mixed: round %lu\n", n);
		n++;
	}
	kprintf("mixed: done after %lu rounds\n", n);
}

/* Post one null request by hand, leaving out the doorbell. */
static void post_without_doorbell(void)
{
	struct pmdi_client *c = mbox_client();
	int nul = pmdi_client_find(c, "null");
	struct pmdi_ext_req_post ext = { 0 };
	struct pmdi_mbox_req *slot;
	u32 idx, id;

	/* Said first: the console write would ring Linux, which would drain ours too. */
	kprintf("no_doorbell: posting a null request without a doorbell\n");
	idx = c->req_prod & (c->mb.req_slots - 1);
	id = c->next_id++;
	slot = &c->mb.req[idx];

	slot->id = id;
	slot->dev = (u16)nul;
	slot->op = PMDI_MBOX_OP_NULL;
	slot->abi = PMDI_MBOX_VERSION;
	slot->len = 0;
	slot->flags = 0;
	slot->buf = slot->offset = slot->cookie = 0;
	trace_event_ext(PMDI_EV_REQ_POST, id, (u32)nul | PMDI_MBOX_OP_NULL << 8 | idx << 16, &ext,
			sizeof(ext));
	/* Published, but no exchange of Linux's flag and no IPI: Linux sleeps on. */
	pmdi_store_release(&c->mb.req_ring->prod, ++c->req_prod);
	c->outstanding++;
}

void workload_stuck(u32 mode)
{
	struct pmdi_client *c = mbox_client();
	int nul = pmdi_client_find(c, "null"), vdb = pmdi_client_find(c, "vdb");
	u64 buf = mbox_alloc(65536);
	u32 i;

	/*
	 * A second for the loader to finish (a fault or a silent AP before then
	 * would fail the load), and some healthy traffic so the stuck request
	 * stands out.
	 */
	wait_ticks(SHARED_VA->heartbeat_hz);
	for (i = 0; i < 20 && nul >= 0; i++)
		mbox_call((u16)nul, PMDI_MBOX_OP_NULL, 0, 0, 0);
	switch (mode) {
	case PMDI_WORKLOAD_NO_DOORBELL:
		post_without_doorbell();
		break;
	case PMDI_WORKLOAD_NO_REAP: {
		struct pmdi_request rq = { .dev = (u16)nul, .op = PMDI_MBOX_OP_NULL };

		kprintf("no_reap: posting 4 requests and never taking their completions\n");
		for (i = 0; i < 4; i++)
			pmdi_submit(c, &rq);
		break;
	}
	case PMDI_WORKLOAD_SILENT: {
		struct pmdi_request rq = { .dev = (u16)nul, .op = PMDI_MBOX_OP_NULL };

		kprintf("silent: spinning with interrupts off from now on\n");
		pmdi_submit(c, &rq);
		cli();
		for (;;)
			asm volatile("pause");
	}
	case PMDI_WORKLOAD_FAULT:
		kprintf("fault: writing to an unmapped address after 20 requests\n");
		*(volatile u64 *)0x00007ead0000f000ull = 1;
		break;
	case PMDI_WORKLOAD_READ_VDB:
		if (vdb < 0 || !buf)
			break;
		kprintf("read_vdb: reading 64 KiB of vdb and waiting for it\n");
		kprintf("read_vdb: status %d\n",
			mbox_call((u16)vdb, PMDI_MBOX_OP_READ, buf, 65536, 0));
		break;
	default:
		break;
	}
	idle_forever();
}
