// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Fuzz target: Linux's side of the mailbox (mailbox_ring.h): take requests
 * from the AP's request ring (pmdi_mbox_consume_ready/take/sleep), check each
 * private copy against Linux's own device table and window (pmdi_mbox_check),
 * and post a completion for it (pmdi_mbox_cpl_pending/post, room/publish).
 *
 * Config: [0] request slots 2 << (n % 6), [1] completion slots, [2] devices,
 * [3] passes, [4..7] the seed of Linux's device table and window chunks.
 * Oracles: Linux's indices move only forward, by what it took and posted, and
 * never past the AP's; a request the checks admit is, by an independent
 * computation in 128 bits, inside one window chunk, within the device's
 * limits and aligned; every request taken gets exactly one completion.
 */
#include "fuzz_ap.h"
#include <pmdi/mailbox_ring.h>

#define CFG 8
#define MAX_DEV 8
#define MAX_WIN 3

struct linux_side {
	struct pmdi_mbox_dev dev[MAX_DEV];
	struct pmdi_mbox_window win[MAX_WIN];
	uint32_t ndev, nwin;
};

static uint64_t xs(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A device table and window as Linux would publish them (powers of two, multiples). */
static void make_linux(struct linux_side *l, uint32_t ndev, uint64_t seed)
{
	uint64_t s = seed | 1;
	uint32_t i;

	memset(l, 0, sizeof(*l));
	l->ndev = ndev;
	for (i = 0; i < ndev; i++) {
		struct pmdi_mbox_dev *d = &l->dev[i];

		d->id = (uint16_t)i;
		d->dev_class = (uint8_t)(i < 6 ? i : xs(&s) % 7);	/* 6: a class Linux lacks */
		d->flags = xs(&s) % 4 == 0 ? PMDI_MBOX_DEVF_READONLY : 0;
		d->align = 1u << (xs(&s) % 13);
		d->max_len = 1u + (uint32_t)(xs(&s) % (1u << (xs(&s) % 21)));
		if (d->dev_class == PMDI_MBOX_DEV_BLOCK) {
			d->block_size = 512u << (xs(&s) % 4);
			d->max_len = d->block_size * (1 + (uint32_t)(xs(&s) % 256));
			d->capacity = (uint64_t)d->block_size * (xs(&s) % 4 ? 1 + xs(&s) % 4096 :
								 xs(&s) >> 24);
		}
	}
	l->nwin = 1 + (uint32_t)(xs(&s) % MAX_WIN);
	for (i = 0; i < l->nwin; i++) {
		l->win[i].phys = xs(&s) % 4 ? (uint64_t)(1 + i) << 30 : ~0ULL - (xs(&s) % 65536);
		l->win[i].size = xs(&s) % (1ULL << (xs(&s) % 40));
	}
}

/* The checks, again, in 128 bits: what an admitted request must satisfy. */
static void check_admitted(const struct pmdi_mbox_req *rq, const struct linux_side *l)
{
	const struct pmdi_mbox_dev *d;
	unsigned __int128 end = (unsigned __int128)rq->buf + rq->len;
	uint32_t i;
	int in = 0;

	FZ_ASSERT(rq->abi == PMDI_MBOX_VERSION && !rq->flags, "abi %u flags %u", rq->abi,
		  rq->flags);
	FZ_ASSERT(rq->dev < l->ndev, "device %u of %u", rq->dev, l->ndev);
	d = &l->dev[rq->dev];
	FZ_ASSERT(rq->op <= PMDI_MBOX_OP_MAX && d->dev_class <= PMDI_MBOX_DEV_CLOCK,
		  "op %u on class %u", rq->op, d->dev_class);
	FZ_ASSERT(!(rq->op == PMDI_MBOX_OP_WRITE && (d->flags & PMDI_MBOX_DEVF_READONLY)),
		  "write to a read-only device");
	if (rq->op == PMDI_MBOX_OP_NULL || rq->op == PMDI_MBOX_OP_FLUSH) {
		FZ_ASSERT(rq->len == 0, "len %u without data", rq->len);
		return;
	}
	if (d->dev_class == PMDI_MBOX_DEV_NET && rq->op == PMDI_MBOX_OP_RECV)
		/* a receive buffer holds any frame: at least max_len, no upper bound */
		FZ_ASSERT(rq->len >= 1 && rq->len >= d->max_len, "recv len %u, max %u", rq->len,
			  d->max_len);
	else if (d->dev_class == PMDI_MBOX_DEV_NET)
		FZ_ASSERT(rq->len >= PMDI_MBOX_ETH_HLEN && rq->len <= d->max_len,
			  "send len %u, max %u", rq->len, d->max_len);
	else
		FZ_ASSERT(rq->len >= 1 && rq->len <= d->max_len, "len %u, max %u", rq->len,
			  d->max_len);
	for (i = 0; i < l->nwin; i++)
		if (rq->buf >= l->win[i].phys &&
		    end <= (unsigned __int128)l->win[i].phys + l->win[i].size)
			in = 1;
	FZ_ASSERT(in, "buffer %#llx+%u outside the window", (unsigned long long)rq->buf, rq->len);
	FZ_ASSERT(d->align <= 1 || rq->buf % d->align == 0, "buffer %#llx, align %u",
		  (unsigned long long)rq->buf, d->align);
	if (d->dev_class == PMDI_MBOX_DEV_BLOCK)
		FZ_ASSERT(d->block_size && rq->len % d->block_size == 0 &&
			  rq->offset % d->block_size == 0 &&
			  (unsigned __int128)rq->offset + rq->len <= d->capacity,
			  "block request %llu+%u, capacity %llu",
			  (unsigned long long)rq->offset, rq->len, (unsigned long long)d->capacity);
}

#ifdef FZ_RECORD
static void ap_produce(struct pmdi_mbox_view *v, const struct linux_side *l, unsigned int pass);
#endif

static void run(const uint8_t *data, size_t size)
{
	uint32_t req_slots = 2u << (fz_config(data, size, 0, 1) % 6);
	uint32_t cpl_slots = 2u << (fz_config(data, size, 1, 1) % 6);
	uint32_t ndev = 1 + (uint32_t)(fz_config(data, size, 2, 1) % MAX_DEV);
	unsigned int passes = 1 + (unsigned int)(fz_config(data, size, 3, 1) % 8), p;
	uint32_t msize = (uint32_t)(sizeof(struct pmdi_mbox_hdr) +
				    PMDI_MBOX_MAX_DEVICES * sizeof(struct pmdi_mbox_dev) +
				    3 * sizeof(struct pmdi_mbox_ring) +
				    (req_slots + cpl_slots + 2) * PMDI_MBOX_SLOT_SIZE);
	void *base = aligned_alloc(64, msize);
	struct linux_side l;
	struct pmdi_mbox_view v;
	struct pmdi_mbox_side rq, cq;
	uint64_t taken = 0, posted = 0;
	int broken = 0;

	fz_reset();
	make_linux(&l, ndev, fz_config(data, size, 4, 4));
	FZ_ASSERT(pmdi_mbox_format(base, msize, ndev, req_slots, cpl_slots, 2) == 0, "format");
	FZ_ASSERT(pmdi_mbox_view_init(&v, base, msize) == 0, "view");
	fz_region(base, msize);
	rq = (struct pmdi_mbox_side){ v.req_ring, v.req, req_slots, 0 };
	cq = (struct pmdi_mbox_side){ v.cpl_ring, v.cpl, cpl_slots, 0 };
	fz_input(data + (size < CFG ? size : CFG), size < CFG ? 0 : size - CFG);

	for (p = 0; p < passes && !broken; p++) {
		int n, k;

#ifdef FZ_RECORD
		ap_produce(&v, &l, p);
#endif
		n = pmdi_mbox_consume_ready(&rq);
		FZ_ASSERT(n >= -1 && n <= (int)req_slots, "ready %d of %u", n, req_slots);
		if (n < 0)
			break;
		for (k = 0; k < n; k++) {
			struct pmdi_mbox_req req;
			struct pmdi_mbox_cpl cpl;
			uint32_t idx = rq.idx, cidx = cq.idx;
			unsigned int reason;
			int pending = pmdi_mbox_cpl_pending(&cq), r;

			FZ_ASSERT(pending >= -1 && pending <= (int)cpl_slots, "pending %d",
				  pending);
			FZ_ASSERT(pmdi_mbox_room(cq.ring, cq.idx, cpl_slots) <= cpl_slots, "room");
			if (pending < 0) {
				broken = 1;
				break;
			}
			if ((uint32_t)pending >= cpl_slots)
				break;	/* no credit: leave the request in the ring */
			pmdi_mbox_consume_take(&rq, &req);
			taken++;
			FZ_ASSERT(rq.idx == idx + 1 && v.req_ring->cons == rq.idx,
				  "request index %u -> %u", idx, rq.idx);
			reason = pmdi_mbox_check(&req, l.dev, l.ndev, l.win, l.nwin);
			if (reason == PMDI_MBOX_R_OK)
				check_admitted(&req, &l);
			memset(&cpl, 0, sizeof(cpl));
			cpl.id = req.id;
			cpl.cookie = req.cookie;
			cpl.reason = (uint16_t)reason;
			cpl.status = pmdi_mbox_reason_errno(reason);
			FZ_ASSERT((reason == PMDI_MBOX_R_OK) == (cpl.status == 0), "errno of %u",
				  reason);
			r = pmdi_mbox_cpl_post(&cq, &cpl);
			if (r < 0) {
				/* Only the AP's index moving between two reads can refuse it. */
				FZ_ASSERT(cq.idx == cidx, "a refused post moved the index");
				broken = 1;
				break;
			}
			posted++;
			FZ_ASSERT(cq.idx == cidx + 1 && v.cpl_ring->prod == cq.idx,
				  "completion index %u -> %u", cidx, cq.idx);
		}
		pmdi_mbox_consume_sleep(&rq);
	}
	/* Exactly one completion per request taken, unless the channel broke. */
	FZ_ASSERT(broken ? posted + 1 >= taken : posted == taken, "taken %llu, posted %llu",
		  (unsigned long long)taken, (unsigned long long)posted);
	free(base);
}

#ifndef FZ_RECORD
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size);
	return 0;
}
#else
static uint64_t seed_rng = 0x9e3779b97f4a7c15ULL;

/* A value at or around an edge: 0, 1, x - 1, x, x + 1. */
static uint64_t edge(uint64_t x)
{
	switch (xs(&seed_rng) % 6) {
	case 0: return 0;
	case 1: return 1;
	case 2: return x - 1;
	case 3: return x + 1;
	case 4: return xs(&seed_rng);
	default: return x;
	}
}

/* The AP: mostly valid requests, some at and past every limit; takes its completions. */
static void ap_produce(struct pmdi_mbox_view *v, const struct linux_side *l, unsigned int pass)
{
	static uint32_t prod, id;
	unsigned int k, n = 1 + pass * 3 % (v->req_slots + 1);

	if (pass == 0)
		prod = 0;
	v->cpl_ring->cons = v->cpl_ring->prod;	/* took every completion */
	for (k = 0; k < n && prod - v->req_ring->cons < v->req_slots; k++) {
		struct pmdi_mbox_req *r = &v->req[prod & (v->req_slots - 1)];
		uint32_t dev = (uint32_t)(xs(&seed_rng) % (l->ndev + 1));
		const struct pmdi_mbox_dev *d = &l->dev[dev < l->ndev ? dev : 0];
		const struct pmdi_mbox_window *w = &l->win[xs(&seed_rng) % l->nwin];
		int valid = xs(&seed_rng) % 2;

		memset(r, 0, sizeof(*r));
		r->id = ++id;
		r->abi = PMDI_MBOX_VERSION;
		r->dev = (uint16_t)(valid ? dev % l->ndev : dev);
		r->op = (uint8_t)(xs(&seed_rng) % (PMDI_MBOX_OP_MAX + 2));
		if (d->dev_class == PMDI_MBOX_DEV_BLOCK && valid)
			r->op = PMDI_MBOX_OP_READ;
		r->len = (uint32_t)(valid ? (d->block_size ? d->block_size : 1) : edge(d->max_len));
		if (d->dev_class == PMDI_MBOX_DEV_NET && valid) {
			/* a frame between a header and the MTU, or a receive buffer of max_len */
			r->op = xs(&seed_rng) % 2 ? PMDI_MBOX_OP_SEND : PMDI_MBOX_OP_RECV;
			r->len = r->op == PMDI_MBOX_OP_RECV || d->max_len < PMDI_MBOX_ETH_HLEN ?
				 d->max_len : PMDI_MBOX_ETH_HLEN +
				 (uint32_t)(xs(&seed_rng) % (d->max_len - PMDI_MBOX_ETH_HLEN + 1));
		}
		r->buf = valid ? w->phys : edge(w->phys + w->size - r->len);
		r->offset = valid ? 0 : edge(d->capacity - r->len);
		r->cookie = xs(&seed_rng);
		prod++;
	}
	v->req_ring->prod = prod;
}

int main(int argc, char **argv)
{
	uint8_t cfg[CFG];
	char name[32];
	int k;

	if (argc < 2)
		return 2;
	for (k = 0; k < 12; k++) {
		cfg[0] = (uint8_t)(k % 6);
		cfg[1] = (uint8_t)((k + 2) % 6);
		cfg[2] = (uint8_t)(k % MAX_DEV);
		cfg[3] = (uint8_t)(3 + k % 5);
		cfg[4] = (uint8_t)(k * 37 + 1);
		cfg[5] = (uint8_t)k;
		cfg[6] = 0x5a;
		cfg[7] = 0;
		fz_record_start();
		run(cfg, CFG);
		snprintf(name, sizeof(name), "well-formed-%d", k);
		fz_record_write(argv[1], name, cfg, CFG);
	}
	return 0;
}
#endif
