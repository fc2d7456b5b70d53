// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * net_echo.c - the AP kernel as a network host (workload net): 10.0.2.15/24,
 * gateway 10.0.2.2, on the NIC Linux lends it (device table class NET). It
 * keeps receive buffers posted (RECV), answers ARP, ICMP echo and UDP echo
 * on port 7 (net.c), and pings the gateway once at start.
 *
 * Frames flow through three small pools in the I/O window:
 *
 *   rx[i]  posted (RECV outstanding) -> filled (a frame waits for a tx
 *          buffer) -> posted again once answered
 *   tx[j]  free -> built (SEND not yet accepted by the client) -> in flight
 *          -> free when its SEND completes (Linux copied the frame)
 *
 * A frame is answered only when a tx buffer is free; until then its rx buffer
 * stays out of the pool. So the AP itself never drops an answer: when it
 * falls behind, Linux runs out of posted buffers and counts the drops
 * (debugfs, NET_DROP), which is what the board test compares the host's
 * losses with.
 *
 * workload_arg: bits 0-15 seconds to serve (0: until Linux stops us),
 * bits 16-23 rx-starved seconds (0: never), bits 24-31 when the starving
 * starts, in seconds after the gateway ping (rx-starved mode: no RECV is
 * re-posted meanwhile, then posting resumes).
 *
 * Console lines: "net: ..." (the board test reads them).
 */
#include "layout.h"
#include "x86.h"
#include "console.h"
#include "mbox.h"
#include "trace.h"
#include "workload.h"
#include "command.h"
#include "net.h"

#define RX_MAX		64u	/* receive buffers we keep at most */
#define RX_DEFAULT	32u	/* when the table's rx_pool is 0 */
#define RX_ROOM_LEFT	8u	/* request slots receive buffers leave to the others */
#define TX_BUFS		16u
#define PENDING		128u	/* completions a console call reaped for us */
#define KIND_RX		1u
#define KIND_TX		2u
#define PING_TRIES	3u
#define PING_TRY_MS	600u
#define PING_LIMIT_MS	2000u

enum rx_state { RX_IDLE, RX_POSTED, RX_FILLED };
enum tx_state { TX_FREE, TX_BUILT, TX_INFLIGHT };

struct net_ctx {
	struct net_if nif;
	u16 dev;
	u32 stride, nrx, rx_posted;
	u64 rx_base, tx_base;
	u8 rx_state[RX_MAX];
	u32 rx_len[RX_MAX];
	u8 fill_q[RX_MAX];		/* filled rx buffers, oldest first */
	u32 fill_head, fill_tail;
	u8 tx_state[TX_BUFS];
	u32 tx_len[TX_BUFS];
	bool link_up, shutdown, starving;
	/* completions reaped by kprintf's console calls, handled later in order */
	struct pmdi_mbox_cpl pending[PENDING];
	u32 pend_head, pend_tail;
	u64 tx_sent, tx_errors, tx_down, rx_frames, rx_errors, rx_pool_full, lost_cpl;
};

static struct net_ctx nc;

static u64 ms_to_tsc(u64 ms)
{
	return ms * SHARED_VA->tsc_khz;
}

static u8 *rx_buf(u32 i)
{
	return (u8 *)(nc.rx_base + (u64)i * nc.stride);
}

static u8 *tx_buf(u32 j)
{
	return (u8 *)(nc.tx_base + (u64)j * NET_ETH_MAX);
}

static void queue_other(const struct pmdi_mbox_cpl *cpl)
{
	if (nc.pend_tail - nc.pend_head >= PENDING) {
		nc.lost_cpl++;	/* cannot happen: we never have PENDING requests out */
		return;
	}
	nc.pending[nc.pend_tail++ % PENDING] = *cpl;
}

static int tx_take(void)
{
	u32 j;

	for (j = 0; j < TX_BUFS; j++)
		if (nc.tx_state[j] == TX_FREE)
			return (int)j;
	return -1;
}

/* Hand built frames to the client; what it has no room for waits for a completion. */
static void tx_flush(void)
{
	struct pmdi_client *c = mbox_client();
	u32 j;

	for (j = 0; j < TX_BUFS; j++) {
		struct pmdi_request rq = { .dev = nc.dev, .op = PMDI_MBOX_OP_SEND,
					   .buf = (u64)tx_buf(j), .len = nc.tx_len[j],
					   .cookie = (u64)KIND_TX << 16 | j };
		long id;

		if (nc.tx_state[j] != TX_BUILT)
			continue;
		if (!nc.link_up) {	/* no SEND while the link is down: the frame is gone */
			nc.tx_down++;
			nc.tx_state[j] = TX_FREE;
			continue;
		}
		id = pmdi_submit(c, &rq);
		if (id == -PMDI_EAGAIN)
			return;
		nc.tx_state[j] = id < 0 ? TX_FREE : TX_INFLIGHT;
	}
}

/* Queue the frame of @len bytes just built in tx[@j] (0: nothing was built). */
static bool tx_frame(u32 len, int j)
{
	if (!len)
		return false;
	nc.tx_len[j] = len;
	nc.tx_state[j] = TX_BUILT;
	tx_flush();
	return true;
}

static void rx_post(void)
{
	struct pmdi_client *c = mbox_client();
	u32 i;

	if (nc.starving || nc.shutdown)
		return;
	for (i = 0; i < nc.nrx; i++) {
		struct pmdi_request rq = { .dev = nc.dev, .op = PMDI_MBOX_OP_RECV,
					   .buf = (u64)rx_buf(i), .len = nc.stride,
					   .cookie = (u64)KIND_RX << 16 | i };
		long id;

		if (nc.rx_state[i] != RX_IDLE)
			continue;
		/*
		 * Fill the room there is but RX_ROOM_LEFT, kept for SENDs and the
		 * console: the rest waits for the next pass, no ring overflows.
		 */
		if (pmdi_client_room(c, PMDI_MBOX_OP_RECV) <= RX_ROOM_LEFT)
			return;
		id = pmdi_submit(c, &rq);
		if (id < 0)
			return;		/* no credit now (EAGAIN) or broken */
		nc.rx_state[i] = RX_POSTED;
		nc.rx_posted++;
	}
}

static void complete(const struct pmdi_mbox_cpl *cpl)
{
	u32 kind = (u32)(cpl->cookie >> 16), i = (u32)(cpl->cookie & 0xffff);

	if (kind == KIND_TX && i < TX_BUFS && nc.tx_state[i] == TX_INFLIGHT) {
		nc.tx_state[i] = TX_FREE;
		if (cpl->status == 0)
			nc.tx_sent++;
		else if (cpl->reason == PMDI_MBOX_R_LINK_DOWN)
			nc.tx_down++;
		else
			nc.tx_errors++;
		return;
	}
	if (kind != KIND_RX || i >= nc.nrx || nc.rx_state[i] != RX_POSTED) {
		nc.rx_errors++;		/* not one of ours: a Linux bug, noted */
		return;
	}
	nc.rx_posted--;
	nc.rx_state[i] = RX_IDLE;
	if (cpl->status == 0 && cpl->bytes <= nc.stride) {
		nc.rx_frames++;
		nc.rx_len[i] = cpl->bytes;
		nc.rx_state[i] = RX_FILLED;
		nc.fill_q[nc.fill_tail++ % RX_MAX] = (u8)i;
	} else if (cpl->status == -PMDI_ESHUTDOWN) {
		nc.shutdown = true;
	} else if (cpl->reason == PMDI_MBOX_R_RX_POOL_FULL) {
		nc.rx_pool_full++;
	} else {
		nc.rx_errors++;
	}
}

/* Answer filled buffers, oldest first, while tx buffers are free. */
static void rx_process(void)
{
	int j;

	while (nc.fill_head != nc.fill_tail && (j = tx_take()) >= 0) {
		u32 i = nc.fill_q[nc.fill_head++ % RX_MAX];

		tx_frame(net_input(&nc.nif, rx_buf(i), nc.rx_len[i], tx_buf((u32)j)), j);
		nc.rx_state[i] = RX_IDLE;
	}
}

static void report(void);

static void on_event(const struct pmdi_mbox_evt *ev)
{
	if (ev->dev != nc.dev || ev->kind != PMDI_MBOX_EVT_LINK)
		return;
	if (nc.link_up != (ev->data[0] != 0)) {
		nc.link_up = ev->data[0] != 0;
		kprintf("net: link %s\n", nc.link_up ? "up" : "down");
		report();
	}
}

/* One round: completions (ours and those a console call took), events, frames, posts. */
static void poll_once(void)
{
	struct pmdi_mbox_cpl cpl[16];
	int n, k;

	while (nc.pend_head != nc.pend_tail)
		complete(&nc.pending[nc.pend_head++ % PENDING]);
	n = pmdi_reap(mbox_client(), cpl, 16);
	for (k = 0; k < n; k++)
		complete(&cpl[k]);
	mbox_take_events();
	rx_process();
	tx_flush();
	rx_post();
}

static bool work_pending(void)
{
	return nc.pend_head != nc.pend_tail ||
	       (nc.fill_head != nc.fill_tail && tx_take() >= 0);
}

/*
 * Sleep until an interrupt unless something is ready now. First poll the
 * rings for up to Linux's budget (hdr.ap_poll_us, mbox_poll): a frame or a
 * SEND's completion that comes meanwhile needs no completion IPI and no
 * wake-up of this CPU.
 */
static void wait_a_little(void)
{
	if (work_pending() || mbox_poll())
		return;
	ap_wait_irq();
}

/*
 * Resolve the gateway and ping it once: up to PING_TRIES echo requests, the
 * answer within PING_LIMIT_MS of the first ARP request.
 */
static void ping_gateway(void)
{
	u64 t0 = rdtsc(), sent[PING_TRIES + 1] = { 0 }, next = t0, now;
	u32 arps = 0, pings = 0;
	static const u8 payload[32] = "pmdi AP kernel ping of 10.0.2.2";
	int j;

	for (;;) {
		poll_once();
		now = rdtsc();
		if (nc.nif.ping_answered && nc.nif.ping_seq_ok >= 1 &&
		    nc.nif.ping_seq_ok <= pings) {
			u64 us = (now - sent[nc.nif.ping_seq_ok]) * 1000 / SHARED_VA->tsc_khz;

			kprintf("net: ping 10.0.2.2 ok, rtt %lu us (seq %u, %u tries, %u ARP)\n",
				us, nc.nif.ping_seq_ok, pings, arps);
			return;
		}
		if (now - t0 > ms_to_tsc(PING_LIMIT_MS) || nc.shutdown) {
			kprintf("net: ping 10.0.2.2 FAILED (%s after %u ARP requests, %u pings)\n",
				nc.nif.gw_known ? "no echo reply" : "no ARP answer", arps, pings);
			return;
		}
		j = now >= next ? tx_take() : -1;
		if (j >= 0) {
			if (!nc.nif.gw_known) {
				tx_frame(net_arp_request(&nc.nif, nc.nif.gw, tx_buf((u32)j)), j);
				arps++;
			} else if (pings < PING_TRIES) {
				pings++;
				sent[pings] = rdtsc();
				tx_frame(net_ping_gw(&nc.nif, (u16)pings, payload, sizeof(payload),
						     tx_buf((u32)j)), j);
			}
			next = now + ms_to_tsc(PING_TRY_MS);
		}
		/* Gateway MAC just learned: ping at once rather than after a try's wait. */
		if (nc.nif.gw_known && !pings && tx_take() >= 0)
			next = now;
		else
			wait_a_little();
	}
}

static int net_setup(void)
{
	struct pmdi_client *c = mbox_client();
	const struct pmdi_mbox_dev *d = 0;
	u32 i;

	for (i = 0; i < pmdi_client_ndev(c); i++) {
		d = pmdi_client_dev(c, i);
		if (d->dev_class == PMDI_MBOX_DEV_NET)
			break;
		d = 0;
	}
	if (!d) {
		kprintf("net: no network device in the table\n");
		return -1;
	}
	if (d->max_len < 60 || d->max_len > 65536) {
		kprintf("net: %s: max_len %u makes no sense\n", d->name, d->max_len);
		return -1;
	}
	memset(&nc, 0, sizeof(nc));
	nc.dev = (u16)i;
	nc.stride = (u32)ALIGN_UP(d->max_len, 64);
	nc.nrx = d->rx_pool ? d->rx_pool : RX_DEFAULT;
	if (nc.nrx > RX_MAX)
		nc.nrx = RX_MAX;
	if (nc.nrx > c->rx_reserve && c->rx_reserve)
		nc.nrx = c->rx_reserve;
	nc.rx_base = mbox_alloc((u64)nc.nrx * nc.stride);
	nc.tx_base = mbox_alloc((u64)TX_BUFS * NET_ETH_MAX);
	if (!nc.rx_base || !nc.tx_base) {
		kprintf("net: no room in the I/O window for the frame buffers\n");
		return -1;
	}
	/* Up until Linux's first link event says otherwise. */
	nc.link_up = true;
	net_if_init(&nc.nif, d->mac, NET_IP(10, 0, 2, 15), NET_IP(255, 255, 255, 0),
		    NET_IP(10, 0, 2, 2));
	mbox_set_other_done(queue_other);
	mbox_set_event_handler(on_event);
	kprintf("net: %s (%s) mac %x:%x:%x:%x:%x:%x, 10.0.2.15/24 gw 10.0.2.2, %u rx buffers of %u bytes\n",
		d->name, d->driver, d->mac[0], d->mac[1], d->mac[2], d->mac[3], d->mac[4],
		d->mac[5], nc.nrx, nc.stride);
	return 0;
}

static void report(void)
{
	const struct net_stats *s = &nc.nif.st;

	kprintf("net: frames in %lu (arp %lu, icmp echo %lu, udp echo %lu, malformed %lu, ignored %lu); out %lu, send errors %lu, link down %lu; rx errors %lu, pool full %lu\n",
		nc.rx_frames, s->arp_requests, s->icmp_echoes, s->udp_echoes, s->malformed,
		s->ignored, nc.tx_sent, nc.tx_errors, nc.tx_down, nc.rx_errors,
		nc.rx_pool_full);
}

void workload_net(u32 arg)
{
	u32 seconds = arg & 0xffff, starve = (arg >> 16) & 0xff, starve_at = arg >> 24;
	u64 t0, end, starve_from, starve_to, next_report;
	u32 poll_us = mbox_poll_us();

	if (net_setup())
		return;
	poll_once();		/* the start link event, the first receive buffers */
	ping_gateway();
	t0 = rdtsc();
	end = seconds ? t0 + ms_to_tsc(seconds * 1000ull) : ~0ull;
	starve_from = starve ? t0 + ms_to_tsc(starve_at * 1000ull) : ~0ull;
	starve_to = starve ? starve_from + ms_to_tsc(starve * 1000ull) : 0;
	next_report = t0 + ms_to_tsc(10000);
	if (seconds)
		kprintf("net: serving UDP echo on port 7 for %u s (poll %u us)\n", seconds, poll_us);
	else
		kprintf("net: serving UDP echo on port 7 until stopped (poll %u us)\n", poll_us);
	while (!nc.shutdown) {
		u64 now = rdtsc();

		if (now >= end)
			break;
		if (!nc.starving && now >= starve_from && now < starve_to) {
			nc.starving = true;
			kprintf("net: rx-starved: posting no receive buffer for %u s\n", starve);
		} else if (nc.starving && now >= starve_to) {
			nc.starving = false;
			kprintf("net: rx-starved: posting receive buffers again\n");
		}
		if (mbox_poll_us() != poll_us) {
			poll_us = mbox_poll_us();
			kprintf("net: poll %u us before sleeping\n", poll_us);
		}
		if (now >= next_report) {
			report();
			next_report = now + ms_to_tsc(10000);
		}
		poll_once();
		wait_a_little();
	}
	report();
	kprintf("net: done%s\n", nc.shutdown ? " (Linux shut the NIC's pool down)" : "");
}
