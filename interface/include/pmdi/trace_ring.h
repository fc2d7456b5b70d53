/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * Single-producer / single-consumer trace ring for shared memory.
 *
 * Freestanding (no libc, no Linux includes): the AP kernel writes one of these
 * in the region it shares with Linux, and the Linux module keeps one per CPU.
 *
 * Glossary
 *   slot      16 bytes; a record is a header slot plus 0..n extension slots
 *   head      free-running count of slots published; owned by the producer
 *   tail      free-running count of slots consumed; owned by the consumer
 *   lost      records the producer dropped because the ring was full
 *
 * Who may interrupt whom: the producer must not be re-entered (the AP kernel
 * writes with interrupts off; Linux keeps one ring per CPU and writes with
 * local interrupts off). Producer and consumer run concurrently on different
 * CPUs; neither ever waits for the other.
 *
 * Policy: drop-newest. When a record does not fit, the producer drops it and
 * counts it; the next record that fits is preceded by a LOST record carrying
 * the exact count, so loss is in-band and ordered with the events. The
 * producer never blocks.
 *
 * States of a slot: free (tail <= i < tail + size, i >= head) -> written by the
 * producer -> published (i < head) -> read by the consumer -> free (i < tail).
 *
 * Layout (each index on its own cache line so the two CPUs do not false-share):
 *
 *     0   producer line: head, lost_total, pending_lost, cached_tail
 *    64   consumer line: tail, broken (published by Linux, never read back)
 *   128   constants: magic, nslots
 *   192   slots[nslots]
 */
#ifndef PMDI_TRACE_RING_H
#define PMDI_TRACE_RING_H

#include "trace_format.h"
#include "atomic.h"
#include "untrusted.h"

#define PMDI_RING_MAGIC 0x52544d50u	/* "PMTR" */
#define PMDI_CACHELINE 64

struct pmdi_trace_ring {
	/* Written by the producer only. */
	pmdi_u64 head;
	pmdi_u64 lost_total;	/* for status displays; LOST records carry the exact counts */
	pmdi_u64 pending_lost;	/* dropped since the last LOST record */
	pmdi_u64 cached_tail;	/* producer's last view of tail (saves a cross-CPU read) */
	pmdi_u8 pad0[PMDI_CACHELINE - 32];
	/* Written by the consumer only: copies of its own state, for the producer's eyes. */
	pmdi_u64 tail;
	pmdi_u32 broken;	/* enum pmdi_ring_broken: the consumer stopped reading */
	pmdi_u8 pad1[PMDI_CACHELINE - 12];
	/* Written once, before the ring is shared. */
	pmdi_u32 magic;
	pmdi_u32 nslots;	/* power of two */
	pmdi_u8 pad2[PMDI_CACHELINE - 8];
	struct pmdi_trace_rec slots[];
};

_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_ring, head) == 0, "ring.head");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_ring, lost_total) == 8, "ring.lost_total");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_ring, tail) == 64, "ring.tail");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_ring, broken) == 72, "ring.broken");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_ring, magic) == 128, "ring.magic");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_ring, nslots) == 132, "ring.nslots");
_Static_assert(PMDI_OFFSETOF(struct pmdi_trace_ring, slots) == 192, "ring.slots");

/* Bytes a ring of @nslots slots occupies. */
static inline pmdi_u64 pmdi_ring_bytes(pmdi_u32 nslots)
{
	return sizeof(struct pmdi_trace_ring) + (pmdi_u64)nslots * PMDI_SLOT_SIZE;
}

/* Initialise before the ring is shared; @nslots must be a power of two >= 16. */
static inline int pmdi_ring_init(struct pmdi_trace_ring *r, pmdi_u32 nslots)
{
	pmdi_u8 *p = (pmdi_u8 *)r;
	pmdi_u64 i;

	if (nslots < 16 || (nslots & (nslots - 1)))
		return -1;
	for (i = 0; i < sizeof(*r); i++)
		p[i] = 0;
	r->magic = PMDI_RING_MAGIC;
	r->nslots = nslots;
	return 0;
}

static inline pmdi_u64 pmdi_rec_tsc(const struct pmdi_trace_rec *rec)
{
	return rec->tsc_type & PMDI_TSC_MASK;
}

static inline unsigned int pmdi_rec_type(const struct pmdi_trace_rec *rec)
{
	return (unsigned int)(rec->tsc_type >> PMDI_TSC_BITS);
}

/*
 * Extension slots that follow a header slot, or -1 if the header is malformed
 * (unknown type, blob too long).
 */
static inline int pmdi_rec_ext_slots(const struct pmdi_trace_rec *rec)
{
	unsigned int type = pmdi_rec_type(rec);

	if (type == PMDI_EV_REQ_POST || type == PMDI_EV_CLOCK_SYNC)
		return 1;
	if (type >= 1 && type <= PMDI_EV_FIXED_LAST)
		return 0;
	if (type >= PMDI_EV_LOG && type <= PMDI_EV_BLOB_LAST) {
		if (rec->arg > PMDI_BLOB_MAX)
			return -1;
		return (int)((rec->arg + PMDI_SLOT_SIZE - 1) / PMDI_SLOT_SIZE);
	}
	return -1;
}

static inline struct pmdi_trace_rec *pmdi_ring_slot(struct pmdi_trace_ring *r, pmdi_u64 i)
{
	return &r->slots[i & (r->nslots - 1)];
}

/* Room for @need slots? Refreshes the cached tail only when it must. */
static inline int pmdi_ring_room(struct pmdi_trace_ring *r, pmdi_u64 head, pmdi_u32 need)
{
	if (head + need - r->cached_tail <= r->nslots)
		return 1;
	/* Pairs with the consumer's release of tail: its reads of the slots are done. */
	r->cached_tail = pmdi_load_acquire(&r->tail);
	return head + need - r->cached_tail <= r->nslots;
}

static inline void pmdi_rec_set(struct pmdi_trace_rec *s, unsigned int type, pmdi_u64 tsc,
				pmdi_u32 req, pmdi_u32 arg)
{
	s->tsc_type = (tsc & PMDI_TSC_MASK) | ((pmdi_u64)type << PMDI_TSC_BITS);
	s->req = req;
	s->arg = arg;
}

/*
 * Reserve @ext extension slots after a header; returns the head to write at, or
 * ~0 when the record is dropped (and counted). Writes a pending LOST record first.
 */
static inline pmdi_u64 pmdi_ring_reserve(struct pmdi_trace_ring *r, pmdi_u64 tsc, pmdi_u32 ext)
{
	pmdi_u64 h = r->head;	/* only we write head: a plain read is ours */
	pmdi_u32 lost_slot = r->pending_lost ? 1 : 0;

	if (!pmdi_ring_room(r, h, lost_slot + 1 + ext)) {
		r->pending_lost++;
		r->lost_total++;
		return ~0ULL;
	}
	if (lost_slot) {
		pmdi_rec_set(pmdi_ring_slot(r, h), PMDI_EV_LOST, tsc, 0,
			     r->pending_lost > 0xffffffffULL ? 0xffffffffu : (pmdi_u32)r->pending_lost);
		r->pending_lost = 0;
		h++;
	}
	return h;
}

/* Publish everything written up to @h. */
static inline void pmdi_ring_publish(struct pmdi_trace_ring *r, pmdi_u64 h)
{
	/* Orders the slot contents before the new head that makes them visible. */
	pmdi_store_release(&r->head, h);
}

/* Write a one-slot record. Returns 0, or -1 if it was dropped (and counted). */
static inline int pmdi_ring_emit(struct pmdi_trace_ring *r, unsigned int type, pmdi_u64 tsc,
				 pmdi_u32 req, pmdi_u32 arg)
{
	pmdi_u64 h = pmdi_ring_reserve(r, tsc, 0);

	if (h == ~0ULL)
		return -1;
	pmdi_rec_set(pmdi_ring_slot(r, h), type, tsc, req, arg);
	pmdi_ring_publish(r, h + 1);
	return 0;
}

/* Write a record with @len bytes of extension (REQ_POST, CLOCK_SYNC, blobs). */
static inline int pmdi_ring_emit_ext(struct pmdi_trace_ring *r, unsigned int type, pmdi_u64 tsc,
				     pmdi_u32 req, pmdi_u32 arg, const void *ext, pmdi_u32 len)
{
	pmdi_u32 n = (len + PMDI_SLOT_SIZE - 1) / PMDI_SLOT_SIZE;
	const pmdi_u8 *src = (const pmdi_u8 *)ext;
	pmdi_u64 h = pmdi_ring_reserve(r, tsc, n);
	pmdi_u32 i;

	if (h == ~0ULL)
		return -1;
	pmdi_rec_set(pmdi_ring_slot(r, h), type, tsc, req, arg);
	for (i = 0; i < n * PMDI_SLOT_SIZE; i++) {
		pmdi_u8 *dst = (pmdi_u8 *)pmdi_ring_slot(r, h + 1 + i / PMDI_SLOT_SIZE);

		dst[i % PMDI_SLOT_SIZE] = i < len ? src[i] : 0;
	}
	pmdi_ring_publish(r, h + 1 + n);
	return 0;
}

/* ---- consumer (Linux) ----------------------------------------------- */

/*
 * The AP's ring lives in memory the AP can write, header included: Linux
 * never takes its tail, size or state from there. It keeps them here, in its
 * own memory, reads the producer's head and every slot exactly once through
 * the untrusted.h accessors, checks its private copies, and only publishes
 * its tail (and why it stopped) to the header. Linux's own per-CPU rings use
 * the same consumer.
 */

/* Why a consumer stopped reading a ring (struct pmdi_ring_consumer.broken). */
enum pmdi_ring_broken {
	PMDI_RING_OK = 0,
	PMDI_RING_BROKEN_GEOMETRY,	/* not a ring of a power of two >= 16 slots at load */
	PMDI_RING_BROKEN_HEAD,		/* head went back, or ran more than a ring ahead */
	PMDI_RING_BROKEN_RECORD,	/* a header of unknown type, or a blob too long */
	PMDI_RING_BROKEN_TRUNCATED,	/* a record runs past the published head */
};

static inline const char *pmdi_ring_broken_str(unsigned int why)
{
	switch (why) {
	case PMDI_RING_OK: return "working";
	case PMDI_RING_BROKEN_GEOMETRY: return "ring geometry invalid at load";
	case PMDI_RING_BROKEN_HEAD: return "producer's head index impossible";
	case PMDI_RING_BROKEN_RECORD: return "malformed record header";
	case PMDI_RING_BROKEN_TRUNCATED: return "record runs past the producer's head";
	default: return "unknown";
	}
}

/* Linux's own view of a ring it consumes: never in memory the producer can write. */
struct pmdi_ring_consumer {
	struct pmdi_trace_ring *ring;
	pmdi_u64 tail;		/* slots consumed: published to ring->tail, never read back */
	pmdi_u64 head;		/* the producer's head at our last look */
	pmdi_u32 nslots;	/* geometry, fixed at init; 0 if refused */
	pmdi_u32 broken;	/* enum pmdi_ring_broken */
};

/*
 * Attach to @r right after pmdi_ring_init(), before the ring is shared: the
 * header then holds Linux's own values, taken here once for good.
 */
static inline void pmdi_ring_consumer_init(struct pmdi_ring_consumer *c, struct pmdi_trace_ring *r)
{
	c->ring = r;
	c->nslots = r->nslots;
	c->tail = r->tail;
	c->head = c->tail;
	c->broken = PMDI_RING_OK;
	if (r->magic != PMDI_RING_MAGIC || c->nslots < 16 || (c->nslots & (c->nslots - 1))) {
		c->nslots = 0;	/* refused: never used as a size */
		c->broken = PMDI_RING_BROKEN_GEOMETRY;
	}
}

static inline void pmdi_ring_consumer_break(struct pmdi_ring_consumer *c, unsigned int why)
{
	c->broken = why;
	/* For the producer's and a post-mortem's eyes only: we never read it back. */
	pmdi_ap_store_release32(&c->ring->broken, why);
}

/* Slots in use, for status displays: clamped, as the producer writes its head. */
static inline pmdi_u64 pmdi_ring_consumer_used(const struct pmdi_ring_consumer *c)
{
	pmdi_u64 used;

	if (c->broken == PMDI_RING_BROKEN_GEOMETRY)
		return 0;
	used = pmdi_ap_load64(&c->ring->head) - c->tail;
	return used > c->nslots ? c->nslots : used;
}

/*
 * Copy up to @max slots of whole records into @out and free them. Returns
 * the number of slots copied (records never split), or -1 once the ring is
 * broken (a misbehaving producer; reading stops for good, c->broken says why).
 */
static inline int pmdi_ring_consume(struct pmdi_ring_consumer *c, struct pmdi_trace_rec *out,
				    pmdi_u32 max)
{
	struct pmdi_trace_rec *slots = c->ring->slots;
	pmdi_u32 mask = c->nslots - 1, n = 0;
	pmdi_u64 t = c->tail, h;

	if (c->broken)
		return -1;
	/* Pairs with pmdi_ring_publish(): the head before the slot contents. */
	h = pmdi_ap_load_acquire64(&c->ring->head);
	/* Free-running: behind our last look or over a ring ahead is impossible. */
	if (h - t > c->nslots || h - t < c->head - t) {
		pmdi_ring_consumer_break(c, PMDI_RING_BROKEN_HEAD);
		return -1;
	}
	c->head = h;
	while (t != h) {
		struct pmdi_trace_rec rec;
		pmdi_u32 i, ext;
		int e;

		/* One fetch of the header; only the private copy is checked and used. */
		pmdi_ap_copy(&rec, &slots[t & mask], sizeof(rec));
		e = pmdi_rec_ext_slots(&rec);
		if (e < 0) {
			pmdi_ring_consumer_break(c, PMDI_RING_BROKEN_RECORD);
			break;
		}
		ext = (pmdi_u32)e;
		if (h - t < 1 + (pmdi_u64)ext) {
			pmdi_ring_consumer_break(c, PMDI_RING_BROKEN_TRUNCATED);
			break;
		}
		if (n + 1 + ext > max)
			break;
		out[n++] = rec;
		for (i = 1; i <= ext; i++)
			pmdi_ap_copy(&out[n++], &slots[(t + i) & mask], sizeof(rec));
		t += 1 + (pmdi_u64)ext;
	}
	c->tail = t;
	/* Orders our reads of the slots before handing them back to the producer. */
	pmdi_ap_store_release64(&c->ring->tail, t);
	return c->broken && n == 0 ? -1 : (int)n;
}

#endif /* PMDI_TRACE_RING_H */
