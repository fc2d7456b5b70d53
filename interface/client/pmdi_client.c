// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * pmdi client: request/reply over the mailbox (see pmdi_client.h for use,
 * mailbox_ring.h for the protocol). Freestanding: no OS, no libc.
 */
#include "pmdi_client.h"

#include <pmdi/trace_format.h>

static void trace(struct pmdi_client *c, unsigned int type, pmdi_u32 req, pmdi_u32 arg,
		  const void *ext, pmdi_u32 len)
{
	if (c->ops->trace)
		c->ops->trace(c->ctx, type, c->ops->clock(c->ctx), req, arg, ext, len);
}

int pmdi_client_init(struct pmdi_client *c, void *mailbox, pmdi_u32 size,
		     const struct pmdi_client_ops *ops, void *ctx)
{
	int err = pmdi_mbox_view_init(&c->mb, mailbox, size);
	pmdi_u32 i;

	if (err)
		return err;
	c->req_prod = pmdi_load_relaxed(&c->mb.req_ring->prod);
	c->cpl_cons = pmdi_load_relaxed(&c->mb.cpl_ring->cons);
	c->evt_cons = pmdi_load_relaxed(&c->mb.evt_ring->cons);
	c->next_id = 1;
	c->outstanding = 0;
	c->rx_outstanding = 0;
	c->rx_reserve = 0;
	for (i = 0; i < c->mb.hdr->ndev; i++)
		if (c->mb.dev[i].dev_class == PMDI_MBOX_DEV_NET)
			c->rx_reserve += c->mb.dev[i].rx_pool;
	/* A table that leaves no credit to other requests: halve it, keep working. */
	if (c->rx_reserve >= c->mb.cpl_slots)
		c->rx_reserve = c->mb.cpl_slots / 2;
	c->broken = 0;
	c->stats = (struct pmdi_client_stats){ 0 };
	c->ops = ops;
	c->ctx = ctx;
	return 0;
}

pmdi_u32 pmdi_client_ndev(const struct pmdi_client *c)
{
	return c->mb.hdr->ndev;
}

const struct pmdi_mbox_dev *pmdi_client_dev(const struct pmdi_client *c, pmdi_u32 idx)
{
	return idx < c->mb.hdr->ndev ? &c->mb.dev[idx] : 0;
}

int pmdi_client_find(const struct pmdi_client *c, const char *name)
{
	pmdi_u32 i, k;

	for (i = 0; i < c->mb.hdr->ndev; i++) {
		const char *n = c->mb.dev[i].name;

		for (k = 0; k < sizeof(c->mb.dev[i].name) && n[k] == name[k] && n[k]; k++)
			;
		if (k < sizeof(c->mb.dev[i].name) && n[k] == name[k])
			return (int)i;
	}
	return -1;
}

void pmdi_client_doorbell_target(const struct pmdi_client *c, pmdi_u32 *vector, pmdi_u32 *dest,
				 pmdi_u32 *dest_mode)
{
	struct pmdi_mbox_hdr *h = c->mb.hdr;
	pmdi_u32 gen;

	/* A seqlock read: retry while Linux is rewriting (odd) or rewrote it. */
	do {
		gen = pmdi_load_acquire(&h->db_gen);
		*vector = pmdi_load_relaxed(&h->db_vector);
		*dest = pmdi_load_relaxed(&h->db_dest);
		*dest_mode = pmdi_load_relaxed(&h->db_dest_mode);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((gen & 1) || gen != pmdi_load_relaxed(&h->db_gen));
}

long pmdi_submit(struct pmdi_client *c, const struct pmdi_request *rq)
{
	return pmdi_submit_as(c, rq, PMDI_MBOX_VERSION, 0);
}

static pmdi_u32 min_u32(pmdi_u32 a, pmdi_u32 b)
{
	return a < b ? a : b;
}

pmdi_u32 pmdi_client_room(const struct pmdi_client *c, pmdi_u8 op)
{
	pmdi_u32 busy = c->outstanding + c->rx_outstanding;
	pmdi_u32 room = pmdi_mbox_room(c->mb.req_ring, c->req_prod, c->mb.req_slots);

	if (c->broken)
		return 0;
	/*
	 * Never more outstanding than completion slots; RECV also within its
	 * reserve, so the others always keep cpl_slots - rx_reserve of them.
	 */
	room = busy >= c->mb.cpl_slots ? 0 : min_u32(room, c->mb.cpl_slots - busy);
	if (op == PMDI_MBOX_OP_RECV)
		room = c->rx_outstanding >= c->rx_reserve ? 0 :
		       min_u32(room, c->rx_reserve - c->rx_outstanding);
	return room;
}

long pmdi_submit_as(struct pmdi_client *c, const struct pmdi_request *rq, pmdi_u8 abi,
		    pmdi_u32 flags)
{
	struct pmdi_mbox_req *slot;
	pmdi_u32 id, idx = c->req_prod & (c->mb.req_slots - 1);
	int rx = rq->op == PMDI_MBOX_OP_RECV;

	if (c->broken)
		return -PMDI_EPROTO;
	if (!pmdi_client_room(c, rq->op)) {
		c->stats.ring_full++;
		pmdi_store_relaxed(&c->mb.req_ring->overflows, (pmdi_u32)c->stats.ring_full);
		trace(c, PMDI_EV_RING_OVERFLOW, 0, PMDI_RING_REQUEST | 1u << 8, 0, 0);
		return -PMDI_EAGAIN;
	}
	/* One sequence for all (ids stay unique modulo anything), bit 31 marks RECV. */
	id = c->next_id++ | (rx ? PMDI_CLIENT_ID_RECV : 0);
	if (c->next_id == PMDI_CLIENT_ID_RECV)	/* 0 means "no request" in traces */
		c->next_id = 1;
	slot = &c->mb.req[idx];
	slot->id = id;
	slot->dev = rq->dev;
	slot->op = rq->op;
	slot->abi = abi;
	slot->len = rq->len;
	slot->flags = flags;
	slot->buf = rq->buf;
	slot->offset = rq->offset;
	slot->cookie = rq->cookie;
	if (c->ops->trace) {
		struct pmdi_ext_req_post ext = { .offset = rq->offset, .len = rq->len };

		trace(c, PMDI_EV_REQ_POST, id,
		      (pmdi_u32)(rq->dev & 0xff) | (pmdi_u32)rq->op << 8 | idx << 16, &ext,
		      sizeof(ext));
	}
	if (rx)
		c->rx_outstanding++;
	else
		c->outstanding++;
	c->stats.submitted++;
	if (pmdi_mbox_publish(c->mb.req_ring, ++c->req_prod)) {
		c->stats.doorbells++;
		trace(c, PMDI_EV_DOORBELL_SEND, id, PMDI_RING_REQUEST | (idx & 0xffff) << 8, 0, 0);
		c->ops->doorbell(c->ctx);
	} else {
		c->stats.suppressed++;
		trace(c, PMDI_EV_DOORBELL_SUPPRESS, id, PMDI_RING_REQUEST | (idx & 0xffff) << 8, 0,
		      0);
	}
	return id;
}

int pmdi_reap(struct pmdi_client *c, struct pmdi_mbox_cpl *out, int max)
{
	int n = 0, ready, rx = 0;

	if (c->broken)
		return -PMDI_EPROTO;
	ready = pmdi_mbox_ready(c->mb.cpl_ring, c->cpl_cons, c->mb.cpl_slots);
	if (ready < 0) {
		c->broken = 1;
		return -PMDI_EPROTO;
	}
	while (n < ready && n < max) {
		pmdi_u32 idx = c->cpl_cons & (c->mb.cpl_slots - 1);

		out[n] = c->mb.cpl[idx];
		c->cpl_cons++;
		trace(c, PMDI_EV_REPLY_TAKE, out[n].id, idx, 0, 0);
		trace(c, PMDI_EV_REQ_DONE, out[n].id, (pmdi_u8)(pmdi_s8)out[n].status, 0, 0);
		rx += (out[n].id & PMDI_CLIENT_ID_RECV) != 0;
		n++;
	}
	if (n) {
		pmdi_mbox_release(c->mb.cpl_ring, c->cpl_cons);
		c->rx_outstanding -= (pmdi_u32)rx > c->rx_outstanding ? c->rx_outstanding :
									(pmdi_u32)rx;
		c->outstanding -= (pmdi_u32)(n - rx) > c->outstanding ? c->outstanding :
									 (pmdi_u32)(n - rx);
		c->stats.completed += (pmdi_u32)n;
	}
	return n;
}

int pmdi_call(struct pmdi_client *c, const struct pmdi_request *rq, struct pmdi_mbox_cpl *cpl)
{
	long id;

	while ((id = pmdi_submit(c, rq)) == -PMDI_EAGAIN) {
		struct pmdi_mbox_cpl other;

		/* Full: make room by reaping what others left. */
		if (pmdi_reap(c, &other, 1) == 1) {
			if (c->ops->complete)
				c->ops->complete(c->ctx, &other);
		} else if (c->ops->wait) {
			c->ops->wait(c->ctx);
		}
	}
	if (id < 0)
		return (int)id;
	for (;;) {
		int n = pmdi_reap(c, cpl, 1);

		if (n < 0)
			return n;
		if (n == 1 && cpl->id == (pmdi_u32)id)
			return cpl->status;
		if (n == 1) {
			if (c->ops->complete)
				c->ops->complete(c->ctx, cpl);
			continue;
		}
		if (c->ops->wait)
			c->ops->wait(c->ctx);
	}
}

int pmdi_take_event(struct pmdi_client *c, struct pmdi_mbox_evt *out)
{
	int ready = pmdi_mbox_ready(c->mb.evt_ring, c->evt_cons, c->mb.evt_slots);
	pmdi_u32 idx = c->evt_cons & (c->mb.evt_slots - 1);

	if (ready < 0) {
		c->broken = 1;
		return -PMDI_EPROTO;
	}
	if (!ready)
		return 0;
	*out = c->mb.evt[idx];
	pmdi_mbox_release(c->mb.evt_ring, ++c->evt_cons);
	c->stats.events++;
	trace(c, PMDI_EV_EVENT_TAKE, out->seq, idx, 0, 0);
	return 1;
}

int pmdi_client_ready(struct pmdi_client *c)
{
	if (c->broken)
		return 0;
	return pmdi_ap_load32(&c->mb.cpl_ring->prod) != c->cpl_cons ||
	       pmdi_ap_load32(&c->mb.evt_ring->prod) != c->evt_cons;
}

int pmdi_client_may_sleep(struct pmdi_client *c)
{
	if (c->broken)
		return 1;	/* nothing more will come through a broken mailbox */
	return pmdi_mbox_prepare_sleep(c->mb.cpl_ring, c->cpl_cons) &&
	       pmdi_mbox_prepare_sleep(c->mb.evt_ring, c->evt_cons);
}
