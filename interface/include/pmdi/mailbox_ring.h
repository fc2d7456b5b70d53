/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The mailbox protocol, run by both kernels on the layout of mailbox.h.
 * Freestanding: no libc, no Linux includes.
 *
 * Glossary
 *   prod      free-running count of slots a producer has published
 *   cons      free-running count of slots a consumer has taken
 *   sleeping  the consumer's "I may be asleep: ring me" flag
 *
 * Publishing (producer), for every ring:
 *   1. write the slot at prod & mask
 *   2. store-release prod + 1            slot contents before the index
 *   3. exchange(sleeping, 0)             a full fence on x86 (locked xchg):
 *                                        the index before reading the flag
 *   4. if it was set: send the doorbell IPI, else count it as suppressed
 *
 * Going to sleep (consumer), with interrupts off:
 *   1. store sleeping = 1
 *   2. full fence                        the flag before re-reading prod
 *   3. if prod != cons: clear the flag, keep working
 *   4. else sleep (AP: sti; hlt -- the instruction after sti runs before any
 *      interrupt is taken, so a doorbell cannot slip between check and hlt;
 *      Linux: return from the doorbell IRQ handler)
 *
 * Either the producer's exchange sees the flag (and rings), or the
 * consumer's re-read sees the new prod (and does not sleep): the two full
 * fences forbid both missing each other (the Dekker pattern). TCG hides a
 * missing fence; real hardware does not.
 *
 * A consumer never trusts the other side: prod - cons beyond the ring size
 * marks the ring broken, and Linux reads each request slot exactly once into
 * its own memory (pmdi_mbox_copy_req) and checks only that copy against its
 * own copies of the device table and window list (pmdi_mbox_check).
 */
#ifndef PMDI_MAILBOX_RING_H
#define PMDI_MAILBOX_RING_H

#include "mailbox.h"
#include "atomic.h"
#include "untrusted.h"

/* Linux errno values (x86), for completions; freestanding code has no errno.h. */
#define PMDI_EIO		5
#define PMDI_ENOMEM		12
#define PMDI_EFAULT		14
#define PMDI_ENODEV		19
#define PMDI_EINVAL		22
#define PMDI_EAGAIN		11
#define PMDI_ENOSPC		28
#define PMDI_ENETDOWN		100
#define PMDI_ENOBUFS		105
#define PMDI_EPROTO		71
#define PMDI_EOPNOTSUPP		95
#define PMDI_ESHUTDOWN		108

/* One side's pointers into a mailbox (never shared). */
struct pmdi_mbox_view {
	struct pmdi_mbox_hdr *hdr;
	struct pmdi_mbox_dev *dev;
	struct pmdi_mbox_ring *req_ring, *cpl_ring, *evt_ring;
	struct pmdi_mbox_req *req;
	struct pmdi_mbox_cpl *cpl;
	struct pmdi_mbox_evt *evt;
	pmdi_u32 req_slots, cpl_slots, evt_slots;
};

static inline int pmdi_mbox_pow2(pmdi_u32 n)
{
	return n >= 2 && !(n & (n - 1));
}

/*
 * Lay out a mailbox of @size bytes at @base (Linux, before the AP starts):
 * header, device table, then the three rings, each on its own 64-byte lines.
 * Returns 0, or -1 if the sizes are not powers of two or do not fit.
 */
static inline int pmdi_mbox_format(void *base, pmdi_u32 size, pmdi_u32 ndev, pmdi_u32 req_slots,
				   pmdi_u32 cpl_slots, pmdi_u32 evt_slots)
{
	struct pmdi_mbox_hdr *h = (struct pmdi_mbox_hdr *)base;
	pmdi_u8 *p = (pmdi_u8 *)base;
	pmdi_u64 off, i;

	if (!pmdi_mbox_pow2(req_slots) || !pmdi_mbox_pow2(cpl_slots) ||
	    !pmdi_mbox_pow2(evt_slots) || ndev > PMDI_MBOX_MAX_DEVICES)
		return -1;
	off = sizeof(*h);
	off += (pmdi_u64)PMDI_MBOX_MAX_DEVICES * sizeof(struct pmdi_mbox_dev);
	off += sizeof(struct pmdi_mbox_ring) * 3 +
	       ((pmdi_u64)req_slots + cpl_slots + evt_slots) * PMDI_MBOX_SLOT_SIZE;
	if (off > size)
		return -1;
	for (i = 0; i < off; i++)
		p[i] = 0;
	h->magic = PMDI_MBOX_MAGIC;
	h->version = PMDI_MBOX_VERSION;
	h->size = size;
	h->ndev = ndev;
	h->req_slots = req_slots;
	h->cpl_slots = cpl_slots;
	h->evt_slots = evt_slots;
	h->dev_off = sizeof(*h);
	h->req_off = h->dev_off + PMDI_MBOX_MAX_DEVICES * sizeof(struct pmdi_mbox_dev);
	h->cpl_off = h->req_off + sizeof(struct pmdi_mbox_ring) + req_slots * PMDI_MBOX_SLOT_SIZE;
	h->evt_off = h->cpl_off + sizeof(struct pmdi_mbox_ring) + cpl_slots * PMDI_MBOX_SLOT_SIZE;
	/*
	 * Consumers start asleep: the first post on each ring must ring, or a
	 * consumer that has never run a drain would never hear of it.
	 */
	((struct pmdi_mbox_ring *)(p + h->req_off))->sleeping = 1;
	((struct pmdi_mbox_ring *)(p + h->cpl_off))->sleeping = 1;
	((struct pmdi_mbox_ring *)(p + h->evt_off))->sleeping = 1;
	return 0;
}

/*
 * Check a mailbox header and build a view of it. Returns 0 or a negative
 * code: -1 bad magic, -2 version mismatch, -3 inconsistent layout. Linux
 * calls it only on the mailbox it has just formatted, before the AP starts
 * (fields read twice cannot change then), and afterwards keeps its own
 * geometry (struct pmdi_mbox_side); the AP calls it on what Linux wrote.
 */
static inline int pmdi_mbox_view_init(struct pmdi_mbox_view *v, void *base, pmdi_u32 size)
{
	struct pmdi_mbox_hdr *h = (struct pmdi_mbox_hdr *)base;
	pmdi_u8 *p = (pmdi_u8 *)base;
	pmdi_u32 r = sizeof(struct pmdi_mbox_ring), s = PMDI_MBOX_SLOT_SIZE;

	if (size < sizeof(*h) || h->magic != PMDI_MBOX_MAGIC)
		return -1;
	if (h->version != PMDI_MBOX_VERSION)
		return -2;
	if (h->size > size || h->ndev > PMDI_MBOX_MAX_DEVICES || h->nwin > PMDI_MBOX_MAX_WINDOWS ||
	    !pmdi_mbox_pow2(h->req_slots) || !pmdi_mbox_pow2(h->cpl_slots) ||
	    !pmdi_mbox_pow2(h->evt_slots) ||
	    (pmdi_u64)h->dev_off + h->ndev * sizeof(struct pmdi_mbox_dev) > h->size ||
	    (pmdi_u64)h->req_off + r + (pmdi_u64)h->req_slots * s > h->size ||
	    (pmdi_u64)h->cpl_off + r + (pmdi_u64)h->cpl_slots * s > h->size ||
	    (pmdi_u64)h->evt_off + r + (pmdi_u64)h->evt_slots * s > h->size ||
	    ((h->dev_off | h->req_off | h->cpl_off | h->evt_off) & 63))
		return -3;
	v->hdr = h;
	v->dev = (struct pmdi_mbox_dev *)(p + h->dev_off);
	v->req_ring = (struct pmdi_mbox_ring *)(p + h->req_off);
	v->cpl_ring = (struct pmdi_mbox_ring *)(p + h->cpl_off);
	v->evt_ring = (struct pmdi_mbox_ring *)(p + h->evt_off);
	v->req = (struct pmdi_mbox_req *)(p + h->req_off + r);
	v->cpl = (struct pmdi_mbox_cpl *)(p + h->cpl_off + r);
	v->evt = (struct pmdi_mbox_evt *)(p + h->evt_off + r);
	v->req_slots = h->req_slots;
	v->cpl_slots = h->cpl_slots;
	v->evt_slots = h->evt_slots;
	return 0;
}

/* ---- producer ------------------------------------------------------ */

/* Free slots, given the producer's own @prod. */
static inline pmdi_u32 pmdi_mbox_room(struct pmdi_mbox_ring *r, pmdi_u32 prod, pmdi_u32 slots)
{
	/* Pairs with the consumer's release of cons: it is done with those slots. */
	pmdi_u32 used = prod - pmdi_ap_load_acquire32(&r->cons);

	return used >= slots ? 0 : slots - used;
}

/*
 * Publish slots up to @prod. Returns 1 if the consumer may be asleep and the
 * caller must send the doorbell, 0 if the doorbell is suppressed. The shared
 * words go through the untrusted.h accessors (the defaults are plain atomics):
 * the other side writes them, and for Linux that side is the AP.
 */
static inline int pmdi_mbox_publish(struct pmdi_mbox_ring *r, pmdi_u32 prod)
{
	/* The slot contents before the index that makes them visible. */
	pmdi_ap_store_release32(&r->prod, prod);
	/* Full fence: the new index before reading the consumer's flag. */
	return pmdi_ap_xchg32(&r->sleeping, 0) != 0;
}

/* ---- consumer ------------------------------------------------------ */

/*
 * Slots ready to take, given the consumer's own @cons; -1 if the producer's
 * index is impossible (the ring is broken: stop using it).
 */
static inline int pmdi_mbox_ready(struct pmdi_mbox_ring *r, pmdi_u32 cons, pmdi_u32 slots)
{
	/* The index before the slot contents it covers. */
	pmdi_u32 n = pmdi_ap_load_acquire32(&r->prod) - cons;

	return n > slots ? -1 : (int)n;
}

/* Hand slots up to @cons back to the producer. */
static inline void pmdi_mbox_release(struct pmdi_mbox_ring *r, pmdi_u32 cons)
{
	/* Our reads of the slots before the producer may reuse them. */
	pmdi_ap_store_release32(&r->cons, cons);
}

/*
 * Before sleeping, with interrupts off: returns 1 if the consumer may sleep
 * (the producer will ring), 0 if work arrived meanwhile.
 */
static inline int pmdi_mbox_prepare_sleep(struct pmdi_mbox_ring *r, pmdi_u32 cons)
{
	pmdi_ap_store32(&r->sleeping, 1);
	/* Full fence: the flag before re-reading the producer's index. */
	pmdi_fence_full();
	if (pmdi_ap_load32(&r->prod) != cons) {
		pmdi_ap_store32(&r->sleeping, 0);
		return 0;
	}
	return 1;
}

/* Read a request slot exactly once into private memory (time of check = time of use). */
static inline void pmdi_mbox_copy_req(struct pmdi_mbox_req *dst, const struct pmdi_mbox_req *src)
{
	pmdi_ap_copy(dst, src, sizeof(*dst));
}

/* ---- Linux's side: its own indices and geometry ----------------------- */

/*
 * Linux's view of one ring it serves: the geometry it set at load and its own
 * index (cons of the request ring, prod of the completion ring), all in
 * Linux's memory. The AP's index is read once per call, through the
 * untrusted.h accessors, and checked; Linux never reads its own index back
 * from the shared ring.
 */
struct pmdi_mbox_side {
	struct pmdi_mbox_ring *ring;	/* shared: the AP can write it */
	void *slots;			/* shared */
	pmdi_u32 nslots;		/* power of two, set at load */
	pmdi_u32 idx;			/* Linux's own index */
};

/* Requests ready to take, or -1 if the AP's producer index is impossible. */
static inline int pmdi_mbox_consume_ready(const struct pmdi_mbox_side *s)
{
	return pmdi_mbox_ready(s->ring, s->idx, s->nslots);
}

/* Copy the next request into private memory (once) and hand its slot back. */
static inline void pmdi_mbox_consume_take(struct pmdi_mbox_side *s, struct pmdi_mbox_req *out)
{
	const struct pmdi_mbox_req *slots = (const struct pmdi_mbox_req *)s->slots;

	pmdi_mbox_copy_req(out, &slots[s->idx & (s->nslots - 1)]);
	pmdi_mbox_release(s->ring, ++s->idx);
}

/* Before sleeping: 1 if the AP will ring for the next request, 0 if one arrived. */
static inline int pmdi_mbox_consume_sleep(struct pmdi_mbox_side *s)
{
	return pmdi_mbox_prepare_sleep(s->ring, s->idx);
}

/* Completions the AP has not taken, or -1 if its consumer index is impossible. */
static inline int pmdi_mbox_cpl_pending(const struct pmdi_mbox_side *s)
{
	/* Pairs with the AP's release of cons: it is done with those slots. */
	pmdi_u32 used = s->idx - pmdi_ap_load_acquire32(&s->ring->cons);

	return used > s->nslots ? -1 : (int)used;
}

/*
 * Post one completion: 1 if the doorbell must be sent, 0 if it is
 * suppressed, -1 if there is no free slot. Linux takes a request only when a
 * completion slot is certain for it (credits), so -1 means the AP moved its
 * consumer index where it cannot be: the channel is broken.
 */
static inline int pmdi_mbox_cpl_post(struct pmdi_mbox_side *s, const struct pmdi_mbox_cpl *c)
{
	struct pmdi_mbox_cpl *slots = (struct pmdi_mbox_cpl *)s->slots;
	int used = pmdi_mbox_cpl_pending(s);

	if (used < 0 || (pmdi_u32)used >= s->nslots)
		return -1;
	slots[s->idx & (s->nslots - 1)] = *c;
	return pmdi_mbox_publish(s->ring, ++s->idx);
}

/* ---- validation (Linux) -------------------------------------------- */

/* Is [buf, buf + len) inside one chunk of the window? Overflow-safe. */
static inline int pmdi_mbox_in_window(const struct pmdi_mbox_window *win, pmdi_u32 nwin,
				      pmdi_u64 buf, pmdi_u64 len)
{
	pmdi_u32 i;

	for (i = 0; i < nwin; i++)
		if (buf >= win[i].phys && buf - win[i].phys <= win[i].size &&
		    len <= win[i].size - (buf - win[i].phys))
			return 1;
	return 0;
}

static inline int pmdi_mbox_op_valid(pmdi_u8 dev_class, pmdi_u8 op)
{
	switch (dev_class) {
	case PMDI_MBOX_DEV_NULL:
		return op == PMDI_MBOX_OP_NULL;
	case PMDI_MBOX_DEV_CONSOLE:
		return op == PMDI_MBOX_OP_WRITE;
	case PMDI_MBOX_DEV_BLOCK:
		return op == PMDI_MBOX_OP_READ || op == PMDI_MBOX_OP_WRITE ||
		       op == PMDI_MBOX_OP_FLUSH;
	case PMDI_MBOX_DEV_NET:
		return op == PMDI_MBOX_OP_SEND || op == PMDI_MBOX_OP_RECV;
	case PMDI_MBOX_DEV_RNG:
	case PMDI_MBOX_DEV_CLOCK:
		return op == PMDI_MBOX_OP_READ;
	default:
		return 0;
	}
}

/*
 * Check a private copy of a request against Linux's own copies of the
 * device table and the window. Returns PMDI_MBOX_R_OK or the reason to refuse.
 */
static inline unsigned int pmdi_mbox_check(const struct pmdi_mbox_req *rq,
					   const struct pmdi_mbox_dev *devs, pmdi_u32 ndev,
					   const struct pmdi_mbox_window *win, pmdi_u32 nwin)
{
	const struct pmdi_mbox_dev *d;
	int moves_data;

	if (rq->abi != PMDI_MBOX_VERSION)
		return PMDI_MBOX_R_BAD_VERSION;
	if (rq->flags)
		return PMDI_MBOX_R_BAD_FLAGS;
	if (rq->dev >= ndev)
		return PMDI_MBOX_R_BAD_DEVICE;
	d = &devs[rq->dev];
	if (rq->op > PMDI_MBOX_OP_MAX || !pmdi_mbox_op_valid(d->dev_class, rq->op))
		return PMDI_MBOX_R_BAD_OP;
	if (rq->op == PMDI_MBOX_OP_WRITE && (d->flags & PMDI_MBOX_DEVF_READONLY))
		return PMDI_MBOX_R_BAD_OP;
	moves_data = rq->op != PMDI_MBOX_OP_NULL && rq->op != PMDI_MBOX_OP_FLUSH;
	if (!moves_data)
		return rq->len ? PMDI_MBOX_R_BAD_LENGTH : PMDI_MBOX_R_OK;
	if (rq->len == 0)
		return PMDI_MBOX_R_BAD_LENGTH;
	if (d->dev_class == PMDI_MBOX_DEV_NET) {
		/* A frame has a header and fits the MTU; a receive buffer fits any frame. */
		if (rq->op == PMDI_MBOX_OP_SEND ?
		    rq->len < PMDI_MBOX_ETH_HLEN || rq->len > d->max_len : rq->len < d->max_len)
			return PMDI_MBOX_R_BAD_LENGTH;
	} else if (rq->len > d->max_len) {
		return PMDI_MBOX_R_BAD_LENGTH;
	}
	if (!pmdi_mbox_in_window(win, nwin, rq->buf, rq->len))
		return PMDI_MBOX_R_BAD_BUFFER;
	if (d->align > 1 && (rq->buf & (d->align - 1)))
		return PMDI_MBOX_R_MISALIGNED;
	if (d->dev_class == PMDI_MBOX_DEV_BLOCK) {
		if (!d->block_size || rq->len % d->block_size)
			return PMDI_MBOX_R_BAD_LENGTH;
		if (rq->offset % d->block_size || rq->offset > d->capacity ||
		    rq->len > d->capacity - rq->offset)
			return PMDI_MBOX_R_BAD_OFFSET;
	}
	return PMDI_MBOX_R_OK;
}

/* The -errno a refused request completes with. */
static inline int pmdi_mbox_reason_errno(unsigned int reason)
{
	switch (reason) {
	case PMDI_MBOX_R_OK:
		return 0;
	case PMDI_MBOX_R_BAD_VERSION:
		return -PMDI_EPROTO;
	case PMDI_MBOX_R_BAD_DEVICE:
		return -PMDI_ENODEV;
	case PMDI_MBOX_R_BAD_OP:
		return -PMDI_EOPNOTSUPP;
	case PMDI_MBOX_R_BAD_BUFFER:
		return -PMDI_EFAULT;
	case PMDI_MBOX_R_SHUTDOWN:
		return -PMDI_ESHUTDOWN;
	case PMDI_MBOX_R_NO_MEMORY:
		return -PMDI_ENOMEM;
	case PMDI_MBOX_R_DEVICE_ERROR:
		return -PMDI_EIO;
	case PMDI_MBOX_R_LINK_DOWN:
		return -PMDI_ENETDOWN;
	case PMDI_MBOX_R_RX_POOL_FULL:
		return -PMDI_ENOSPC;
	default:
		return -PMDI_EINVAL;
	}
}

#endif /* PMDI_MAILBOX_RING_H */
