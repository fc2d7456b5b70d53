// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Linux's side of the mailbox for the Rust client's tests, built from the
 * very code the module runs (mailbox_ring.h): format, take and check
 * requests, post completions and events, the request ring's sleep protocol.
 * Linux keeps its own indices and geometry (struct pmdi_mbox_side), never
 * read back from shared memory.
 */
#include <stdlib.h>
#include <string.h>

#include <pmdi/mailbox_ring.h>

struct rl_sim {
	struct pmdi_mbox_side req, cpl, evt;
	struct pmdi_mbox_dev devs[PMDI_MBOX_MAX_DEVICES];
	struct pmdi_mbox_window win[PMDI_MBOX_MAX_WINDOWS];
	pmdi_u32 ndev, nwin;
};

/* Lay out a mailbox, fill in devices and windows: a Linux side for it, or NULL. */
struct rl_sim *rl_sim_new(void *base, pmdi_u32 size, pmdi_u32 req_slots, pmdi_u32 cpl_slots,
			  pmdi_u32 evt_slots, const struct pmdi_mbox_dev *devs, pmdi_u32 ndev,
			  const struct pmdi_mbox_window *win, pmdi_u32 nwin, pmdi_u32 first_index)
{
	struct pmdi_mbox_hdr *h = base;
	struct pmdi_mbox_view v;
	struct rl_sim *s;

	if (nwin > PMDI_MBOX_MAX_WINDOWS ||
	    pmdi_mbox_format(base, size, ndev, req_slots, cpl_slots, evt_slots) ||
	    pmdi_mbox_view_init(&v, base, size))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	memcpy(v.dev, devs, ndev * sizeof(*devs));
	memcpy(h->win, win, nwin * sizeof(*win));
	h->nwin = nwin;
	memcpy(s->devs, devs, ndev * sizeof(*devs));
	memcpy(s->win, win, nwin * sizeof(*win));
	s->ndev = ndev;
	s->nwin = nwin;
	/* Indices start anywhere: the test starts them near the u32 wrap. */
	v.req_ring->prod = v.req_ring->cons = first_index;
	v.cpl_ring->prod = v.cpl_ring->cons = first_index;
	v.evt_ring->prod = v.evt_ring->cons = first_index;
	s->req = (struct pmdi_mbox_side){ v.req_ring, v.req, req_slots, first_index };
	s->cpl = (struct pmdi_mbox_side){ v.cpl_ring, v.cpl, cpl_slots, first_index };
	s->evt = (struct pmdi_mbox_side){ v.evt_ring, v.evt, evt_slots, first_index };
	return s;
}

void rl_sim_free(struct rl_sim *s)
{
	free(s);
}

/* Take one request into @out: 1, 0 if none, -1 if the AP's index is impossible. */
int rl_sim_take(struct rl_sim *s, struct pmdi_mbox_req *out)
{
	int n = pmdi_mbox_consume_ready(&s->req);

	if (n <= 0)
		return n;
	pmdi_mbox_consume_take(&s->req, out);
	return 1;
}

/* Linux's check of a private copy, and the completion it answers it with. */
unsigned int rl_sim_check(const struct rl_sim *s, const struct pmdi_mbox_req *rq,
			  struct pmdi_mbox_cpl *cpl)
{
	unsigned int reason = pmdi_mbox_check(rq, s->devs, s->ndev, s->win, s->nwin);

	memset(cpl, 0, sizeof(*cpl));
	cpl->id = rq->id;
	cpl->cookie = rq->cookie;
	cpl->reason = (pmdi_u16)reason;
	cpl->status = pmdi_mbox_reason_errno(reason);
	cpl->bytes = reason ? 0 : rq->len;
	return reason;
}

/* Post a completion: 1 doorbell due, 0 suppressed, -1 no room (AP index impossible). */
int rl_sim_complete(struct rl_sim *s, const struct pmdi_mbox_cpl *c)
{
	return pmdi_mbox_cpl_post(&s->cpl, c);
}

/* Post an event (Linux's event ring has the completion ring's protocol). */
int rl_sim_event(struct rl_sim *s, const struct pmdi_mbox_evt *e)
{
	struct pmdi_mbox_evt *slots = s->evt.slots;
	int used = pmdi_mbox_cpl_pending(&s->evt);

	if (used < 0 || (pmdi_u32)used >= s->evt.nslots)
		return -1;
	slots[s->evt.idx & (s->evt.nslots - 1)] = *e;
	return pmdi_mbox_publish(s->evt.ring, ++s->evt.idx);
}

/* Before Linux sleeps: 1 if the AP will ring for the next request, 0 if one arrived. */
int rl_sim_sleep(struct rl_sim *s)
{
	return pmdi_mbox_consume_sleep(&s->req);
}

/* Completions the AP has not taken, or -1 if its index is impossible. */
int rl_sim_cpl_pending(const struct rl_sim *s)
{
	return pmdi_mbox_cpl_pending(&s->cpl);
}

/* Requests the AP posted that Linux has not taken, or -1 if its index is impossible. */
int rl_sim_req_pending(const struct rl_sim *s)
{
	return pmdi_mbox_consume_ready(&s->req);
}
