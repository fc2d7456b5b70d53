/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The trace drain: from trace rings to one byte stream per reader.
 *
 * Freestanding (no libc, no Linux includes): the Linux module runs it in its
 * drain kthread; the host tests run it on threads.
 *
 *   AP ring ─┐                      ┌─> reader 0 (debugfs trace_pipe)
 *   cpu0 ring ┼─> drain: records ──> frames ┼─> reader 1 (serial line)
 *   cpu1 ring ┘   (per-source seq,  (sealed └─> ...
 *                  frame builder)    once)
 *
 * Every record taken from a ring gets the next sequence number of its source;
 * a frame is sealed once and then offered to every reader. A reader's buffer
 * takes whole frames or nothing: a frame that does not fit is dropped for
 * that reader only and counted (frames, records), so a slow reader loses its
 * own events, never another's, and the drain never waits. The decoder sees
 * the drop as an exact seq gap.
 *
 * A reader buffer is a single-producer (the drain), single-consumer (the
 * reader) byte FIFO; indices are free-running, masked on use.
 */
#ifndef PMDI_TRACE_DRAIN_H
#define PMDI_TRACE_DRAIN_H

#include "trace_ring.h"
#include "trace_codec.h"

#define PMDI_DRAIN_MAX_SOURCES 64
#define PMDI_DRAIN_MAX_READERS 4

struct pmdi_reader_buf {
	pmdi_u8 *buf;
	pmdi_u32 size;		/* power of two */
	pmdi_u64 head;		/* drain: bytes ever written */
	pmdi_u64 tail;		/* reader: bytes ever read */
	pmdi_u64 lost_frames;	/* drain: frames that did not fit */
	pmdi_u64 lost_records;	/* drain: records in those frames */
	pmdi_u64 frames;	/* drain: frames delivered */
	int enabled;		/* drain: offer frames to this reader */
	int overwrite;		/* a flight recorder: the oldest whole frames make room */
};

struct pmdi_drain_source {
	struct pmdi_ring_consumer rc;	/* the ring, with Linux's own tail, size, state */
	pmdi_u8 id;		/* the stream's source id (session header SOURCE) */
	pmdi_u8 shift;		/* tsc_shift of its frames */
	int open;
	pmdi_u64 seq;		/* number of the next record */
	pmdi_u64 opened_at;	/* drain clock when the open frame got its first record */
	pmdi_u64 records;	/* taken from the ring */
	pmdi_u64 lost_in_ring;	/* sum of the LOST records seen */
	int broken_counted;	/* in pmdi_drain.broken_rings */
	int broken_reported;	/* handed out by pmdi_drain_next_broken() */
	struct pmdi_frame_builder fb;
};

struct pmdi_drain {
	struct pmdi_drain_source src[PMDI_DRAIN_MAX_SOURCES];
	pmdi_u32 nsrc;
	struct pmdi_reader_buf *rd[PMDI_DRAIN_MAX_READERS];
	pmdi_u32 nrd;
	pmdi_u64 flush_after;	/* seal a frame older than this (drain clock units) */
	pmdi_u64 broken_rings;	/* sources whose ring broke */
	int more;		/* the last pass left records in a ring */
};

static inline void pmdi_reader_init(struct pmdi_reader_buf *r, pmdi_u8 *buf, pmdi_u32 size)
{
	r->buf = buf;
	r->size = size;
	r->head = r->tail = 0;
	r->lost_frames = r->lost_records = r->frames = 0;
	r->enabled = 1;
}

/*
 * The reader buffer's bytes at free-running position @pos, @len of them
 * (len <= size): where they start, and how many come before the buffer
 * wraps. A copy takes at most two pieces.
 */
static inline pmdi_u32 pmdi_reader_split(const struct pmdi_reader_buf *r, pmdi_u64 pos,
					 pmdi_u32 len, pmdi_u32 *first)
{
	pmdi_u32 off = (pmdi_u32)(pos & (r->size - 1));

	*first = r->size - off < len ? r->size - off : len;
	return off;
}

/* Bytes waiting for the reader. */
static inline pmdi_u64 pmdi_reader_avail(struct pmdi_reader_buf *r)
{
	/* The head before the bytes it covers. */
	return pmdi_load_acquire(&r->head) - r->tail;
}

/* Reader: copy up to @max bytes out; returns the count. */
static inline pmdi_u32 pmdi_reader_get(struct pmdi_reader_buf *r, pmdi_u8 *out, pmdi_u32 max)
{
	pmdi_u64 n = pmdi_reader_avail(r);
	pmdi_u32 off, first;

	if (n > max)
		n = max;
	off = pmdi_reader_split(r, r->tail, (pmdi_u32)n, &first);
	__builtin_memcpy(out, r->buf + off, first);
	__builtin_memcpy(out + first, r->buf, n - first);
	/* Our reads of the bytes before the drain may overwrite them. */
	pmdi_store_release(&r->tail, r->tail + n);
	return (pmdi_u32)n;
}

/*
 * Flight recorder (overwrite) buffers have no concurrent reader: the drain
 * owns both ends. Drop the oldest whole frame: up to and with its delimiter.
 */
static inline void pmdi_reader_evict(struct pmdi_reader_buf *r)
{
	while (r->tail != r->head && r->buf[r->tail++ & (r->size - 1)] != PMDI_FRAME_DELIM)
		;
}

/* Drain: offer one sealed frame of @nrec records; all or nothing. */
static inline int pmdi_reader_put(struct pmdi_reader_buf *r, const pmdi_u8 *frame,
				  pmdi_u32 len, pmdi_u32 nrec)
{
	pmdi_u64 h = r->head;
	pmdi_u32 off, first;

	if (!r->enabled || len > r->size)
		return -1;
	while (r->overwrite && h + len - r->tail > r->size)
		pmdi_reader_evict(r);
	/* The reader's release of tail: it is done with those bytes. */
	if (h + len - pmdi_load_acquire(&r->tail) > r->size) {
		r->lost_frames++;
		r->lost_records += nrec;
		return -1;
	}
	off = pmdi_reader_split(r, h, len, &first);
	__builtin_memcpy(r->buf + off, frame, first);
	__builtin_memcpy(r->buf, frame + first, len - first);
	/* The frame's bytes before the head that makes them visible. */
	pmdi_store_release(&r->head, h + len);
	r->frames++;
	return 0;
}

static inline void pmdi_drain_init(struct pmdi_drain *d, pmdi_u64 flush_after)
{
	pmdi_u8 *p = (pmdi_u8 *)d;
	pmdi_u64 i;

	for (i = 0; i < sizeof(*d); i++)
		p[i] = 0;
	d->flush_after = flush_after;
}

/*
 * Add @ring as source @id. Call it right after pmdi_ring_init(), before the
 * ring is shared: the consumer takes the ring's geometry from it once.
 */
static inline int pmdi_drain_add_source(struct pmdi_drain *d, struct pmdi_trace_ring *ring,
					pmdi_u8 id, pmdi_u8 shift)
{
	struct pmdi_drain_source *s;

	if (d->nsrc >= PMDI_DRAIN_MAX_SOURCES)
		return -1;
	s = &d->src[d->nsrc++];
	pmdi_ring_consumer_init(&s->rc, ring);
	s->id = id;
	s->shift = shift;
	return 0;
}

static inline int pmdi_drain_add_reader(struct pmdi_drain *d, struct pmdi_reader_buf *r)
{
	if (d->nrd >= PMDI_DRAIN_MAX_READERS)
		return -1;
	d->rd[d->nrd++] = r;
	return 0;
}

/* Offer a sealed frame (an EVENTS frame of @nrec records, or a header frame) to all readers. */
static inline void pmdi_drain_broadcast(struct pmdi_drain *d, const pmdi_u8 *wire, pmdi_u32 len,
					pmdi_u32 nrec)
{
	pmdi_u32 i;

	for (i = 0; i < d->nrd; i++)
		pmdi_reader_put(d->rd[i], wire, len, nrec);
}

static inline void pmdi_drain_seal(struct pmdi_drain *d, struct pmdi_drain_source *s)
{
	pmdi_u8 wire[PMDI_FRAME_WIRE_MAX];
	pmdi_u32 len;

	if (!s->open)
		return;
	len = pmdi_frame_seal(s->fb.buf, s->fb.len, wire);
	pmdi_drain_broadcast(d, wire, len, s->fb.nrec);
	s->open = 0;
}

static inline void pmdi_drain_add(struct pmdi_drain *d, struct pmdi_drain_source *s,
				  const struct pmdi_event *ev, pmdi_u64 now)
{
	if (!s->open) {
		pmdi_fb_start(&s->fb, s->id, s->seq, ev->tsc, s->shift);
		s->open = 1;
		s->opened_at = now;
	}
	if (pmdi_fb_add(&s->fb, ev)) {
		pmdi_drain_seal(d, s);
		pmdi_fb_start(&s->fb, s->id, s->seq, ev->tsc, s->shift);
		s->open = 1;
		s->opened_at = now;
		pmdi_fb_add(&s->fb, ev);	/* an event always fits an empty frame */
	}
	if (ev->type == PMDI_EV_LOST)
		s->lost_in_ring += ev->args[0];
	s->seq++;
	s->records++;
}

/*
 * One pass: take what every ring holds, encode it, and seal frames that are
 * full or older than flush_after at @now (any monotonic clock the caller
 * likes, in the same units as flush_after). Returns the records taken.
 *
 * A pass takes at most one ring's worth of slots per source: all a ring held
 * when the pass began, but a producer that never stops (a hostile AP moving
 * its head on as fast as Linux reads) cannot keep the drain, and whatever
 * lock its caller holds, in here for ever. d->more says a source had more.
 */
static inline pmdi_u64 pmdi_drain_poll(struct pmdi_drain *d, pmdi_u64 now)
{
	struct pmdi_trace_rec buf[64];
	pmdi_u64 total = 0;
	pmdi_u32 i;

	d->more = 0;
	for (i = 0; i < d->nsrc; i++) {
		struct pmdi_drain_source *s = &d->src[i];
		pmdi_u64 start = s->rc.tail;
		int n = 0, k;

		for (;;) {
			if (s->rc.tail - start >= s->rc.nslots) {
				d->more = 1;	/* the rest waits for the next pass */
				break;
			}
			n = pmdi_ring_consume(&s->rc, buf, 64);
			if (n <= 0)
				break;
			for (k = 0; k < n; k += 1 + pmdi_rec_ext_slots(&buf[k])) {
				struct pmdi_event ev;

				if (pmdi_event_from_rec(&buf[k], (pmdi_u32)(n - k), &ev))
					break;	/* consume() only hands out whole, valid records */
				pmdi_drain_add(d, s, &ev, now);
				total++;
			}
		}
		if (n < 0 && !s->broken_counted) {
			s->broken_counted = 1;
			d->broken_rings++;
		}
		if (s->open && now - s->opened_at >= d->flush_after)
			pmdi_drain_seal(d, s);
	}
	return total;
}

/* Why source @s stopped reading its ring (a short reason), or 0 while it works. */
static inline const char *pmdi_drain_source_broken(const struct pmdi_drain_source *s)
{
	return s->rc.broken ? pmdi_ring_broken_str(s->rc.broken) : 0;
}

/* A source whose ring broke and was not handed out before (each once), or 0. */
static inline struct pmdi_drain_source *pmdi_drain_next_broken(struct pmdi_drain *d)
{
	pmdi_u32 i;

	for (i = 0; i < d->nsrc; i++) {
		struct pmdi_drain_source *s = &d->src[i];

		if (s->rc.broken && !s->broken_reported) {
			s->broken_reported = 1;
			return s;
		}
	}
	return 0;
}

/* The source reading @ring, or 0. */
static inline struct pmdi_drain_source *pmdi_drain_source_of(struct pmdi_drain *d,
							     const struct pmdi_trace_ring *ring)
{
	pmdi_u32 i;

	for (i = 0; i < d->nsrc; i++)
		if (d->src[i].rc.ring == ring)
			return &d->src[i];
	return 0;
}

/* Seal every open frame now (tracing stops, a reader must see everything). */
static inline void pmdi_drain_flush(struct pmdi_drain *d)
{
	pmdi_u32 i;

	for (i = 0; i < d->nsrc; i++)
		pmdi_drain_seal(d, &d->src[i]);
}

#endif /* PMDI_TRACE_DRAIN_H */
