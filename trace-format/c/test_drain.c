// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Host-side test of the trace drain with real threads: three producers (an
 * "AP" and two "CPUs") write their own rings, a drain thread turns them into
 * frames for two readers, a fast one and a slow one with a small buffer. Each
 * reader decodes its stream; the test checks that every record the producers
 * wrote is either delivered or counted as lost, exactly: by LOST records when
 * a ring was full, by sequence gaps (matching the drain's per-reader count)
 * when a reader fell behind.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <pmdi/trace_drain.h>
#include "host_util.h"

#define NSRC 3
#define RING_SLOTS 1024

struct producer {
	struct pmdi_trace_ring *ring;
	uint64_t n, written;
	uint64_t end_retries;	/* failed tries of the end mark: counted as lost too */
};

static atomic_int producers_done, drain_done;

static void *produce(void *arg)
{
	struct producer *p = arg;
	uint64_t i;

	for (i = 1; i <= p->n; i++) {
		int r;

		if (i % 9 == 0) {
			struct pmdi_ext_req_post e = { .offset = i, .len = 4096 };

			r = pmdi_ring_emit_ext(p->ring, PMDI_EV_REQ_POST, i * 100, (uint32_t)i,
					       pmdi_arg_req_post(2, 1, (uint16_t)i), &e, sizeof(e));
		} else {
			r = pmdi_ring_emit(p->ring, i % 2 ? PMDI_EV_DISPATCH : PMDI_EV_IPI_RECV,
					   i * 100, (uint32_t)i, 1);
		}
		if (!r)
			p->written++;
		if (i % 4096 == 0)
			sched_yield();
	}
	/* Flush the pending LOST count with a last record that must get through. */
	while (pmdi_ring_emit(p->ring, PMDI_EV_HEARTBEAT, (p->n + 1) * 100, 0, 0)) {
		p->end_retries++;
		usleep(100);
	}
	atomic_fetch_add(&producers_done, 1);
	return NULL;
}

struct drain_arg {
	struct pmdi_drain *d;
};

static void *drain(void *arg)
{
	struct pmdi_drain *d = ((struct drain_arg *)arg)->d;

	for (;;) {
		int done = atomic_load(&producers_done) == NSRC;

		/* Flush frames older than 1 ms, as the module does for its readers. */
		if (!pmdi_drain_poll(d, (uint64_t)host_now_ns()) && done)
			break;
		usleep(50);
	}
	pmdi_drain_poll(d, (uint64_t)host_now_ns());
	pmdi_drain_flush(d);
	atomic_store(&drain_done, 1);
	return NULL;
}

/* A reader: pulls bytes, splits frames, decodes EVENTS records. */
struct reader {
	struct pmdi_reader_buf rb;
	unsigned int delay_us;
	uint8_t frame[512];
	int flen, skip;
	uint64_t next_seq[NSRC], records[NSRC], gaps[NSRC], lost_rec[NSRC], errors;
	uint64_t last_tsc[NSRC];
};

static uint64_t get_varint(const uint8_t *p, int *i)
{
	uint64_t v = 0;
	int s = 0;

	while (p[*i] & 0x80) {
		v |= (uint64_t)(p[(*i)++] & 0x7f) << s;
		s += 7;
	}
	return v | (uint64_t)p[(*i)++] << s;
}

static void decode_frame(struct reader *r, const uint8_t *enc, int len)
{
	uint8_t p[300];
	int n = host_cobs_decode(enc, len, p), i;
	unsigned int src;
	uint64_t seq, tsc, count = 0;
	uint8_t shift;

	if (n < 5 || pmdi_crc32c(p, (uint32_t)n - 4) !=
		     (uint32_t)(p[n - 4] | p[n - 3] << 8 | p[n - 2] << 16 | (uint32_t)p[n - 1] << 24)) {
		r->errors++;
		return;
	}
	n -= 4;
	if (p[0] != PMDI_FRAME_EVENTS)
		return;
	src = p[1];
	i = 2;
	seq = get_varint(p, &i);
	tsc = get_varint(p, &i);
	shift = p[i++];
	if (src >= NSRC) {
		r->errors++;
		return;
	}
	r->gaps[src] += seq - r->next_seq[src];
	while (i < n) {
		unsigned int type = p[i] & PMDI_REC_TYPE_MASK, same = p[i] & PMDI_REC_SAME_REQ, a;

		i++;
		tsc += get_varint(p, &i) << shift;
		if (pmdi_ev_has_req(type) && !same)
			get_varint(p, &i);
		if (pmdi_ev_nargs(type) < 0) {
			r->errors++;
			return;
		}
		for (a = 0; a < (unsigned int)pmdi_ev_nargs(type); a++) {
			uint64_t v = get_varint(p, &i);

			if (type == PMDI_EV_LOST)
				r->lost_rec[src] += v;
		}
		/* Order within a source (a LOST record shares the next event's TSC). */
		if (type != PMDI_EV_LOST) {
			if (tsc <= r->last_tsc[src])
				r->errors++;
			r->last_tsc[src] = tsc;
		}
		count++;
	}
	r->records[src] += count;
	r->next_seq[src] = seq + count;
}

static void *read_stream(void *arg)
{
	struct reader *r = arg;
	uint8_t buf[4096];

	for (;;) {
		int done = atomic_load(&drain_done);
		uint32_t n = pmdi_reader_get(&r->rb, buf, sizeof(buf)), k;

		for (k = 0; k < n; k++) {
			if (buf[k] == 0) {
				if (r->flen)
					decode_frame(r, r->frame, r->flen);
				r->flen = 0;
				continue;
			}
			if (r->flen < (int)sizeof(r->frame))
				r->frame[r->flen++] = buf[k];
		}
		if (!n && done)
			break;
		if (r->delay_us)
			usleep(r->delay_us);
		else if (!n)
			usleep(20);
	}
	return NULL;
}

/* A flight recorder keeps the newest whole frames. */
static void test_overwrite(void)
{
	static uint8_t mem[1024];
	struct pmdi_reader_buf r;
	uint8_t frame[100], out[1024];
	uint32_t i, n, k, frames = 0, last = 0;

	pmdi_reader_init(&r, mem, sizeof(mem));
	r.overwrite = 1;
	for (i = 1; i <= 500; i++) {
		uint32_t len = 20 + i % 70;

		memset(frame, (int)(i & 0x7f) | 1, len - 1);	/* no zero inside */
		frame[len - 1] = 0;
		CHECK(pmdi_reader_put(&r, frame, len, 1) == 0, "overwrite put %u", i);
	}
	n = (uint32_t)(r.head - r.tail);
	for (k = 0; k < n; k++)
		out[k] = mem[(r.tail + k) & (sizeof(mem) - 1)];
	CHECK(n <= sizeof(mem) && n > sizeof(mem) - 100, "kept %u bytes", n);
	CHECK(out[n - 1] == 0, "ends with a whole frame");
	/* Frames in order, the last one is frame 500. */
	for (k = 0; k < n; k++) {
		if (out[k] == 0) {
			frames++;
			continue;
		}
		last = out[k];
	}
	CHECK(last == ((500 & 0x7f) | 1), "newest frame kept (%u)", last);
	CHECK(frames >= 10, "%u frames kept", frames);
}

/*
 * A hostile "AP" source: its header scribbled (size, tail, state) the drain
 * reads on from its own copies; then a malformed record breaks that source
 * only, reported once with its reason, while the other source flows on.
 */
static void test_hostile_source(void)
{
	static struct pmdi_drain d;
	static uint8_t mem[1 << 16];
	struct pmdi_trace_ring *ap = aligned_alloc(64, pmdi_ring_bytes(64));
	struct pmdi_trace_ring *cpu = aligned_alloc(64, pmdi_ring_bytes(64));
	struct pmdi_reader_buf rb;
	struct pmdi_drain_source *s;
	uint32_t i;

	pmdi_drain_init(&d, 0);
	pmdi_reader_init(&rb, mem, sizeof(mem));
	pmdi_drain_add_reader(&d, &rb);
	pmdi_ring_init(ap, 64);
	pmdi_ring_init(cpu, 64);
	pmdi_drain_add_source(&d, ap, 0, 0);
	pmdi_drain_add_source(&d, cpu, 1, 0);
	for (i = 1; i <= 40; i++) {
		pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, i, 0, i);
		pmdi_ring_emit(cpu, PMDI_EV_HEARTBEAT, i, 0, i);
	}
	ap->nslots = 0;		/* a divisor of zero and an index mask of ~0 if trusted */
	ap->tail = 1ULL << 60;
	ap->broken = 0;
	ap->magic = 0;
	CHECK(pmdi_drain_poll(&d, 1) == 80, "scribbled header: drained %llu",
	      (unsigned long long)(d.src[0].records + d.src[1].records));
	CHECK(d.broken_rings == 0 && !pmdi_drain_source_broken(&d.src[0]) &&
	      !pmdi_drain_next_broken(&d), "scribbled header broke the source");
	CHECK(ap->tail == 40, "tail published: %llu", (unsigned long long)ap->tail);
	CHECK(pmdi_drain_source_of(&d, ap) == &d.src[0], "source of the AP ring");
	ap->nslots = 64;	/* the producer needs its own fields sane to write */
	pmdi_rec_set(&ap->slots[40 & 63], 99, 41, 0, 0);
	pmdi_ring_publish(ap, 41);
	pmdi_ring_emit(cpu, PMDI_EV_HEARTBEAT, 41, 0, 41);
	CHECK(pmdi_drain_poll(&d, 2) == 1 && d.src[1].records == 41, "the other source flows on");
	CHECK(d.broken_rings == 1, "broken rings %llu", (unsigned long long)d.broken_rings);
	s = pmdi_drain_next_broken(&d);
	CHECK(s == &d.src[0] && pmdi_drain_source_broken(s) &&
	      !strcmp(pmdi_drain_source_broken(s), "malformed record header"),
	      "broken source and its reason");
	CHECK(!pmdi_drain_next_broken(&d), "reported once");
	pmdi_drain_poll(&d, 3);
	CHECK(d.broken_rings == 1, "counted once");
	pmdi_drain_flush(&d);
	free(ap);
	free(cpu);
}

/* A pass takes at most one ring's worth per source; d.more says there was more. */
static void test_pass_bound(void)
{
	static struct pmdi_drain d;
	struct pmdi_trace_ring *r = aligned_alloc(64, pmdi_ring_bytes(16));
	uint32_t i;

	pmdi_drain_init(&d, 0);
	pmdi_ring_init(r, 16);
	pmdi_drain_add_source(&d, r, 0, 0);
	for (i = 0; i < 16; i++)
		pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, i, 0, i);
	CHECK(pmdi_drain_poll(&d, 1) == 16 && d.more, "a full ring: all of it, and more");
	CHECK(pmdi_drain_poll(&d, 2) == 0 && !d.more, "then nothing more");
	for (i = 0; i < 5; i++)
		pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, 16 + i, 0, i);
	CHECK(pmdi_drain_poll(&d, 3) == 5 && !d.more, "part of a ring: no more");
	free(r);
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;
	static struct pmdi_drain d;
	static struct reader fast = { .delay_us = 0 }, slow = { .delay_us = 2000 };
	struct producer prod[NSRC];
	struct drain_arg da = { &d };
	pthread_t tp[NSRC], td, tf, ts;
	uint64_t total_written = 0;
	int s;

	test_overwrite();
	test_hostile_source();
	test_pass_bound();
	pmdi_drain_init(&d, 1000000);	/* 1 ms */
	pmdi_reader_init(&fast.rb, malloc(64u << 20), 64u << 20);
	pmdi_reader_init(&slow.rb, malloc(8192), 8192);
	pmdi_drain_add_reader(&d, &fast.rb);
	pmdi_drain_add_reader(&d, &slow.rb);
	for (s = 0; s < NSRC; s++) {
		prod[s].ring = aligned_alloc(64, pmdi_ring_bytes(RING_SLOTS));
		pmdi_ring_init(prod[s].ring, RING_SLOTS);
		prod[s].n = n;
		prod[s].written = 0;
		prod[s].end_retries = 0;
		pmdi_drain_add_source(&d, prod[s].ring, (uint8_t)s, s == 0 ? 0 : 4);
	}
	pthread_create(&tf, NULL, read_stream, &fast);
	pthread_create(&ts, NULL, read_stream, &slow);
	pthread_create(&td, NULL, drain, &da);
	for (s = 0; s < NSRC; s++)
		pthread_create(&tp[s], NULL, produce, &prod[s]);
	for (s = 0; s < NSRC; s++)
		pthread_join(tp[s], NULL);
	pthread_join(td, NULL);
	pthread_join(tf, NULL);
	pthread_join(ts, NULL);

	for (s = 0; s < NSRC; s++) {
		uint64_t drained = d.src[s].records;

		/* Frames lost at the very end show no gap until a later frame: count them. */
		fast.gaps[s] += drained - fast.next_seq[s];
		slow.gaps[s] += drained - slow.next_seq[s];

		total_written += prod[s].written;
		/* Everything written (and the end mark) reached the drain. */
		CHECK(prod[s].written + 1 <= drained, "source %d: drained %llu < written %llu", s,
		      (unsigned long long)drained, (unsigned long long)prod[s].written);
		CHECK(prod[s].written + d.src[s].lost_in_ring == n + prod[s].end_retries,
		      "source %d: written %llu + lost in ring %llu != %llu + %llu", s,
		      (unsigned long long)prod[s].written,
		      (unsigned long long)d.src[s].lost_in_ring, (unsigned long long)n,
		      (unsigned long long)prod[s].end_retries);
		/* Each reader: delivered + its gaps == drained, exactly. */
		CHECK(fast.records[s] + fast.gaps[s] == drained, "fast reader, source %d", s);
		CHECK(slow.records[s] + slow.gaps[s] == drained,
		      "slow reader, source %d: %llu + %llu != %llu", s,
		      (unsigned long long)slow.records[s], (unsigned long long)slow.gaps[s],
		      (unsigned long long)drained);
		CHECK(fast.lost_rec[s] == d.src[s].lost_in_ring, "fast reader sees every LOST");
	}
	CHECK(fast.rb.lost_frames == 0, "the fast reader lost %llu frames",
	      (unsigned long long)fast.rb.lost_frames);
	CHECK(slow.rb.lost_frames > 0, "the slow reader should have lost frames");
	CHECK(slow.gaps[0] + slow.gaps[1] + slow.gaps[2] == slow.rb.lost_records,
	      "slow reader's gaps %llu != drain's count %llu",
	      (unsigned long long)(slow.gaps[0] + slow.gaps[1] + slow.gaps[2]),
	      (unsigned long long)slow.rb.lost_records);
	CHECK(fast.errors == 0 && slow.errors == 0, "decode errors %llu %llu",
	      (unsigned long long)fast.errors, (unsigned long long)slow.errors);
	printf("drain: %d sources x %llu records: written %llu (ring drops %llu), fast reader "
	       "%llu frames, slow reader %llu frames and %llu lost (%llu records)\n", NSRC,
	       (unsigned long long)n, (unsigned long long)total_written,
	       (unsigned long long)(d.src[0].lost_in_ring + d.src[1].lost_in_ring +
				    d.src[2].lost_in_ring),
	       (unsigned long long)fast.rb.frames, (unsigned long long)slow.rb.frames,
	       (unsigned long long)slow.rb.lost_frames, (unsigned long long)slow.rb.lost_records);
	printf("test_drain: %s\n", host_failures ? "FAILED" : "ok");
	return host_failures ? 1 : 0;
}
