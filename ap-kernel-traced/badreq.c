// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * badreq.c - a hostile client, to prove Linux never lets a bad request reach
 * its memory: every kind of bad request (each must come back with its own
 * reason code), slots rewritten right after they are posted (Linux must use
 * the copy it checked), and the ring flooded past full. Then good requests
 * must still work. Prints "badreq: ..." lines and a final PASS or FAIL.
 */
#include "console.h"
#include "layout.h"
#include "mbox.h"
#include "workload.h"
#include "x86.h"

/* Receive buffers of the net probe: the device's rx_pool and a few more. */
#define PMDI_NET_PROBE_BUFS	96

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


/* ---- the network device (class NET): SEND and RECV rules ---------------- */

static u32 net_filled, net_refused_full, net_other, net_arp_replies;
static u64 net_bufs, net_stride;
static u32 net_ids[PMDI_NET_PROBE_BUFS];

static bool net_is_arp_reply(const u8 *f, u32 len)
{
	/* ethertype ARP, opcode 2 (reply), sender 10.0.2.2 */
	return len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[20] == 0 && f[21] == 2 &&
	       f[28] == 10 && f[29] == 0 && f[30] == 2 && f[31] == 2;
}

/* Completions of the probe's receive buffers, taken on the way by pmdi_call(). */
static void net_done(const struct pmdi_mbox_cpl *cpl)
{
	u32 i;

	for (i = 0; i < PMDI_NET_PROBE_BUFS; i++)
		if (net_ids[i] == cpl->id)
			break;
	if (i == PMDI_NET_PROBE_BUFS) {
		net_other++;
		return;
	}
	net_ids[i] = 0;
	if (cpl->reason == PMDI_MBOX_R_RX_POOL_FULL) {
		net_refused_full++;
	} else if (cpl->status == 0) {
		net_filled++;
		if (net_is_arp_reply((const u8 *)(net_bufs + i * net_stride), cpl->bytes))
			net_arp_replies++;
	} else {
		net_other++;
	}
}

/* Take completions (and events) until @cond holds or @ms pass. */
static void net_wait(bool (*cond)(void), u32 ms)
{
	struct pmdi_client *c = mbox_client();
	u64 end = rdtsc() + (u64)ms * SHARED_VA->tsc_khz;
	struct pmdi_mbox_cpl cpl;

	while (!cond() && rdtsc() < end) {
		if (pmdi_reap(c, &cpl, 1) == 1)
			net_done(&cpl);
		else
			c->ops->wait(c->ctx);
	}
}

static u32 net_full_want;
static bool net_full_seen(void)
{
	return net_refused_full + net_filled >= net_full_want;
}

static bool net_arp_seen(void)
{
	return net_arp_replies > 0;
}

static int net_link_state = -1;
static void net_link_event(const struct pmdi_mbox_evt *e)
{
	if (e->kind == PMDI_MBOX_EVT_LINK)
		net_link_state = e->data[0];
}

static int net_link_want;
static bool net_link_reached(void)
{
	mbox_take_events();
	return net_link_state == net_link_want;
}

/* An ARP request for the gateway 10.0.2.2 from 10.0.2.15, from our MAC. */
static u32 net_arp_request(u8 *f, const u8 *mac)
{
	static const u8 tail[] = { 0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1 };
	u32 i;

	for (i = 0; i < 6; i++) {
		f[i] = 0xff;
		f[6 + i] = mac[i];
		f[22 + i] = mac[i];
		f[32 + i] = 0;
	}
	for (i = 0; i < sizeof(tail); i++)
		f[12 + i] = tail[i];
	f[28] = 10, f[29] = 0, f[30] = 2, f[31] = 15;
	f[38] = 10, f[39] = 0, f[40] = 2, f[41] = 2;
	return 42;
}

/*
 * @arg bit 0: the host switches the AP's link on request (set_link through the
 * QEMU monitor): SEND on a down link, and the link events.
 */
static void net_probe(u32 arg)
{
	struct pmdi_client *c = mbox_client();
	const struct pmdi_mbox_dev *d = 0;
	struct pmdi_mbox_cpl cpl;
	struct pmdi_request rq;
	u32 i, n, extra = 4;
	u16 dev = 0;
	int st;

	for (i = 0; i < c->mb.hdr->ndev; i++)
		if (c->mb.dev[i].dev_class == PMDI_MBOX_DEV_NET) {
			d = &c->mb.dev[i];
			dev = (u16)i;
			break;
		}
	if (!d) {
		kprintf("badreq: net: no network device: WRONG\n");
		failures++;
		return;
	}
	n = d->rx_pool < PMDI_NET_PROBE_BUFS - extra ? d->rx_pool : PMDI_NET_PROBE_BUFS - extra;
	net_stride = (d->max_len + 63) & ~63u;
	net_bufs = mbox_alloc(net_stride * (n + extra + 1));
	if (!net_bufs || n != d->rx_pool) {
		kprintf("badreq: net: rx_pool %u, no window space or too many: WRONG\n", d->rx_pool);
		failures++;
		return;
	}
	kprintf("badreq: net: %s (%s) max_len %u rx_pool %u\n", d->name, d->driver, d->max_len,
		d->rx_pool);
	mbox_set_other_done(net_done);
	mbox_set_event_handler(net_link_event);
	rq = (struct pmdi_request){ dev, PMDI_MBOX_OP_SEND, 13, net_bufs, 0, 0 };
	st = pmdi_call(c, &rq, &cpl);
	expect("net: frame shorter than a header", &cpl, st, PMDI_MBOX_R_BAD_LENGTH);
	rq.len = d->max_len + 1;
	st = pmdi_call(c, &rq, &cpl);
	expect("net: frame longer than the MTU", &cpl, st, PMDI_MBOX_R_BAD_LENGTH);
	rq = (struct pmdi_request){ dev, PMDI_MBOX_OP_RECV, d->max_len - 1, net_bufs, 0, 0 };
	st = pmdi_call(c, &rq, &cpl);
	expect("net: receive buffer too small", &cpl, st, PMDI_MBOX_R_BAD_LENGTH);

	/*
	 * rx_pool buffers wait; the next ones are refused (unless a frame took one).
	 * The client never posts more RECV than the pools hold: lift its guard by
	 * @extra for this probe (nothing else is outstanding, so the completion
	 * ring still has room for all of them).
	 */
	c->rx_reserve += extra;
	for (i = 0; i < n + extra; i++) {
		long id;

		rq = (struct pmdi_request){ dev, PMDI_MBOX_OP_RECV, d->max_len,
					    net_bufs + i * net_stride, 0, 0 };
		while ((id = pmdi_submit(c, &rq)) == -PMDI_EAGAIN)
			net_wait(net_full_seen, 1);
		net_ids[i] = id > 0 ? (u32)id : 0;
	}
	net_full_want = extra;
	net_wait(net_full_seen, 2000);
	c->rx_reserve -= extra;
	kprintf("badreq: net: %u receive buffers posted, %u refused as pool full, %u filled: %s\n",
		n + extra, net_refused_full, net_filled,
		net_refused_full >= 1 && net_refused_full + net_filled == extra ? "ok" : "WRONG");
	if (net_refused_full < 1 || net_refused_full + net_filled != extra)
		failures++;

	/* A real frame out through virtio_net; slirp's ARP reply fills a buffer. */
	rq = (struct pmdi_request){ dev, PMDI_MBOX_OP_SEND, 0, net_bufs + (n + extra) * net_stride,
				    0, 0 };
	rq.len = net_arp_request((u8 *)rq.buf, d->mac);
	st = pmdi_call(c, &rq, &cpl);
	kprintf("badreq: net: ARP request sent: status %d bytes %u: %s\n", st, cpl.bytes,
		st == 0 && cpl.bytes == rq.len ? "ok" : "WRONG");
	if (st != 0 || cpl.bytes != rq.len)
		failures++;
	net_wait(net_arp_seen, 3000);
	kprintf("badreq: net: ARP reply from 10.0.2.2 in a receive buffer: %s\n",
		net_arp_replies ? "ok" : "WRONG");
	if (!net_arp_replies)
		failures++;

	if (arg & 1) {
		net_link_want = 0;
		kprintf("badreq: net: PMDI-HOST-REQUEST link-down-ap\n");
		net_wait(net_link_reached, 15000);
		rq.len = net_arp_request((u8 *)rq.buf, d->mac);
		st = pmdi_call(c, &rq, &cpl);
		kprintf("badreq: net: link event down %s, SEND on a down link: reason %u status %d: %s\n",
			net_link_state == 0 ? "seen" : "NOT seen", cpl.reason, st,
			net_link_state == 0 && cpl.reason == PMDI_MBOX_R_LINK_DOWN && st < 0 ?
			"ok" : "WRONG");
		if (net_link_state != 0 || cpl.reason != PMDI_MBOX_R_LINK_DOWN || st >= 0)
			failures++;
		net_link_want = 1;
		kprintf("badreq: net: PMDI-HOST-REQUEST link-up-ap\n");
		net_wait(net_link_reached, 15000);
		kprintf("badreq: net: link event up: %s\n", net_link_state == 1 ? "ok" : "WRONG");
		if (net_link_state != 1)
			failures++;
	}
	/* The buffers still waiting complete at unload (-ESHUTDOWN): not ours to see. */
	mbox_set_other_done(0);
	mbox_set_event_handler(0);
}

void workload_badreq(u32 arg)
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
	net_probe(arg);
	kprintf("badreq: %s (%d wrong)\n", failures ? "FAIL" : "PASS", failures);
}
