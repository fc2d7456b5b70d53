// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * badreq.c - a hostile client, to prove Linux never lets a bad request reach
 * its memory: every kind of bad request (each must come back with its own
 * reason code), slots rewritten right after they are posted (Linux must use
 * the copy it checked), and the ring flooded past full. Then good requests
 * must still work. Prints "badreq: ..." lines and a final PASS or FAIL.
 */
#include "console.h"
#include "mbox.h"
#include "workload.h"

struct bad {
	const char *what;
	struct pmdi_request rq;
	u16 reason;
};

static int failures;

static void expect(const char *what, const struct pmdi_mbox_cpl *cpl, int st, u16 reason)
{
	bool ok = cpl->reason == reason && (reason ? st < 0 : st == 0);

	kprintf("badreq: %s: reason %u status %d: %s\n", what, cpl->reason, st,
		ok ? "ok" : "WRONG");
	if (!ok)
		failures++;
}

static void each_kind(int vda, int nul, int con, u64 buf, u64 win_end)
{
	u16 d = (u16)vda;
	const struct bad bads[] = {
		{ "buffer below the window", { d, PMDI_MBOX_OP_READ, 4096, 0x1000, 0, 0 },
		  PMDI_MBOX_R_BAD_BUFFER },
		{ "buffer crossing the window end",
		  { d, PMDI_MBOX_OP_READ, 8192, win_end - 4096, 0, 0 }, PMDI_MBOX_R_BAD_BUFFER },
		{ "buffer address wrapping", { d, PMDI_MBOX_OP_READ, 4096, ~0ull - 100, 0, 0 },
		  PMDI_MBOX_R_BAD_BUFFER },
		{ "Linux kernel memory", { d, PMDI_MBOX_OP_READ, 4096, 0x1000000, 0, 0 },
		  PMDI_MBOX_R_BAD_BUFFER },
		{ "no such device", { 31, PMDI_MBOX_OP_READ, 512, buf, 0, 0 },
		  PMDI_MBOX_R_BAD_DEVICE },
		{ "unknown operation", { d, 77, 512, buf, 0, 0 }, PMDI_MBOX_R_BAD_OP },
		{ "send to a disk", { d, PMDI_MBOX_OP_SEND, 512, buf, 0, 0 }, PMDI_MBOX_R_BAD_OP },
		{ "read from the console", { (u16)con, PMDI_MBOX_OP_READ, 16, buf, 0, 0 },
		  PMDI_MBOX_R_BAD_OP },
		{ "zero length", { d, PMDI_MBOX_OP_READ, 0, buf, 0, 0 }, PMDI_MBOX_R_BAD_LENGTH },
		{ "longer than the device allows", { d, PMDI_MBOX_OP_READ, 64u << 20, buf, 0, 0 },
		  PMDI_MBOX_R_BAD_LENGTH },
		{ "not whole blocks", { d, PMDI_MBOX_OP_READ, 100, buf, 0, 0 },
		  PMDI_MBOX_R_BAD_LENGTH },
		{ "null with a length", { (u16)nul, PMDI_MBOX_OP_NULL, 64, 0, 0, 0 },
		  PMDI_MBOX_R_BAD_LENGTH },
		{ "offset past the end", { d, PMDI_MBOX_OP_READ, 512, buf, 1ull << 60, 0 },
		  PMDI_MBOX_R_BAD_OFFSET },
		{ "offset wrapping", { d, PMDI_MBOX_OP_READ, 512, buf, ~0ull - 511, 0 },
		  PMDI_MBOX_R_BAD_OFFSET },
		{ "unaligned offset", { d, PMDI_MBOX_OP_READ, 512, buf, 3, 0 },
		  PMDI_MBOX_R_BAD_OFFSET },
	};
	struct pmdi_mbox_cpl cpl;
	u32 i;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		int st = pmdi_call(mbox_client(), &bads[i].rq, &cpl);

		expect(bads[i].what, &cpl, st, bads[i].reason);
	}
}

/* A wrong ABI version and reserved flags, written into a slot just posted. */
static void raw_slot_fields(int nul)
{
	struct pmdi_client *c = mbox_client();
	struct pmdi_request rq = { .dev = (u16)nul, .op = PMDI_MBOX_OP_NULL };
	struct pmdi_mbox_cpl cpl;
	int pass, st;

	for (pass = 0; pass < 2; pass++) {
		struct pmdi_mbox_req *slot;

		/* The rewrite races Linux's copy: either outcome is valid, a mix is not. */
		if (pmdi_submit(c, &rq) < 0) {
			failures++;
			continue;
		}
		slot = &c->mb.req[(c->req_prod - 1) & (c->mb.req_slots - 1)];

		if (pass == 0)
			slot->abi = 99;
		else
			slot->flags = 0x80;
		do {
			st = pmdi_reap(c, &cpl, 1);
		} while (st == 0);
		if (cpl.reason == PMDI_MBOX_R_OK || cpl.reason == (pass ? PMDI_MBOX_R_BAD_FLAGS :
							 PMDI_MBOX_R_BAD_VERSION)) {
			kprintf("badreq: %s rewritten after posting: reason %u: ok\n",
				pass ? "flags" : "abi version", cpl.reason);
		} else {
			kprintf("badreq: %s rewritten: reason %u: WRONG\n",
				pass ? "flags" : "abi version", cpl.reason);
			failures++;
		}
	}
}

/*
 * Post a good request, then at once rewrite its slot to point at Linux memory:
 * Linux either copied the good one (status 0) or the bad one (refused), never
 * a mix of the checked and the used values.
 */
static void rewrite_after_post(int vda, u64 buf)
{
	struct pmdi_client *c = mbox_client();
	struct pmdi_request rq = { .dev = (u16)vda, .op = PMDI_MBOX_OP_READ, .buf = buf,
				   .len = 4096 };
	struct pmdi_mbox_cpl cpl;
	u32 i, good = 0, refused = 0;

	for (i = 0; i < 200; i++) {
		struct pmdi_mbox_req *slot;

		if (pmdi_submit(c, &rq) < 0)
			break;
		slot = &c->mb.req[(c->req_prod - 1) & (c->mb.req_slots - 1)];
		WRITE_ONCE(slot->buf, 0x1000000);	/* Linux kernel text, say */
		WRITE_ONCE(slot->len, 1u << 20);
		while (pmdi_reap(c, &cpl, 1) == 0)
			;
		if (cpl.status == 0)
			good++;
		else if (cpl.reason == PMDI_MBOX_R_BAD_BUFFER || cpl.reason == PMDI_MBOX_R_BAD_LENGTH)
			refused++;
		else
			failures++;
	}
	kprintf("badreq: slots rewritten after posting: %u served as checked, %u refused: %s\n",
		good, refused, good + refused == 200 ? "ok" : "WRONG");
}

/* Post until the ring refuses, then take every completion. */
static void flood(int nul)
{
	struct pmdi_client *c = mbox_client();
	struct pmdi_request rq = { .dev = (u16)nul, .op = PMDI_MBOX_OP_NULL };
	struct pmdi_mbox_cpl cpl[16];
	u32 posted = 0, taken = 0, refused = 0;
	int n;

	while (refused < 1000) {
		if (pmdi_submit(c, &rq) < 0)
			refused++;
		else
			posted++;
	}
	while (taken < posted) {
		n = pmdi_reap(c, cpl, 16);
		if (n < 0)
			break;
		taken += (u32)n;
	}
	kprintf("badreq: flood: %u posted, %u refused as full, %u completed: %s\n", posted,
		refused, taken, taken == posted && posted ? "ok" : "WRONG");
	if (taken != posted || !posted)
		failures++;
}

void workload_badreq(void)
{
	struct pmdi_client *c = mbox_client();
	int vda = pmdi_client_find(c, "vda"), nul = pmdi_client_find(c, "null");
	int con = pmdi_client_find(c, "console");
	u64 buf = mbox_alloc(1u << 20);
	const struct pmdi_mbox_window *w = &c->mb.hdr->win[0];
	struct pmdi_mbox_cpl cpl;
	int st;

	if (vda < 0 || nul < 0 || con < 0 || !buf) {
		kprintf("badreq: needs vda, null, console and window space: FAIL\n");
		return;
	}
	each_kind(vda, nul, con, buf, w->phys + w->size);
	raw_slot_fields(nul);
	rewrite_after_post(vda, buf);
	flood(nul);
	/* Everything still works. */
	{
		struct pmdi_request rq = { .dev = (u16)vda, .op = PMDI_MBOX_OP_READ, .buf = buf,
					   .len = 4096 };

		st = pmdi_call(c, &rq, &cpl);
		expect("good read afterwards", &cpl, st, 0);
	}
	kprintf("badreq: %s (%d wrong)\n", failures ? "FAIL" : "PASS", failures);
}
