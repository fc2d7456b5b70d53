// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Host-side tests of the SPSC trace ring, with a real producer thread and a
 * real consumer thread on different CPUs: order kept, nothing duplicated,
 * loss counted exactly (in-band LOST records) when the consumer is slow.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>
#include "host_util.h"

#define END_MARK 0xe0dU

struct run {
	struct pmdi_trace_ring *ring;
	struct pmdi_ring_consumer rc;	/* the consumer's own tail, size and state */
	uint64_t events;	/* records the producer tries to write */
	unsigned int consumer_delay_ns;
	/* results */
	uint64_t received, lost, produced_ok, producer_dropped;
	uint64_t end_retries;	/* failed tries of the end mark: counted as lost too */
	uint64_t order_errors, value_errors, multi_slot, blobs;
};

/*
 * Event i is encoded in its TSC (56 bits). Every 7th is a REQ_POST with an
 * extension slot, every 61st a blob of (i % 193) bytes, so records straddle
 * the end of the ring.
 */
static int produce_one(struct pmdi_trace_ring *r, uint64_t i)
{
	if (i % 61 == 0) {
		uint8_t blob[PMDI_BLOB_MAX];
		uint32_t len = (uint32_t)(i % (PMDI_BLOB_MAX + 1)), k;

		for (k = 0; k < len; k++)
			blob[k] = (uint8_t)(i + k);
		return pmdi_ring_emit_ext(r, PMDI_EV_LOG, i, (uint32_t)i, len, blob, len);
	}
	if (i % 7 == 0) {
		struct pmdi_ext_req_post e = { .offset = i * 3, .len = (uint32_t)i };

		return pmdi_ring_emit_ext(r, PMDI_EV_REQ_POST, i, (uint32_t)i,
					  pmdi_arg_req_post(1, 1, (uint16_t)i), &e, sizeof(e));
	}
	return pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, i, (uint32_t)i, (uint32_t)i);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % (int)sysconf(_SC_NPROCESSORS_ONLN), &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *producer(void *arg)
{
	struct run *run = arg;
	uint64_t i;

	pin(0);
	for (i = 1; i <= run->events; i++) {
		if (produce_one(run->ring, i) == 0)
			run->produced_ok++;
		else
			run->producer_dropped++;
	}
	/* The end mark must get through, so it also flushes any pending LOST. */
	while (pmdi_ring_emit(run->ring, PMDI_EV_TRACE_CTRL, run->events + 1, 0, END_MARK)) {
		run->end_retries++;
		sched_yield();
	}
	return NULL;
}

static void delay(unsigned int ns)
{
	double until = host_now_ns() + ns;

	while (host_now_ns() < until)
		;
}

static void *consumer(void *arg)
{
	struct run *run = arg;
	struct pmdi_trace_rec buf[256];
	uint64_t expect = 1;

	pin(1);
	for (;;) {
		int n = pmdi_ring_consume(&run->rc, buf, 256), k = 0;

		if (n < 0) {
			run->order_errors++;
			return NULL;
		}
		while (k < n) {
			struct pmdi_event ev = { 0 };
			int ext = pmdi_rec_ext_slots(&buf[k]);

			if (ext < 0 || pmdi_event_from_rec(&buf[k], (uint32_t)(n - k), &ev)) {
				run->value_errors++;
				return NULL;
			}
			k += 1 + ext;
			if (ev.type == PMDI_EV_LOST) {
				run->lost += ev.args[0];
				expect += ev.args[0];
				continue;
			}
			if (ev.type == PMDI_EV_TRACE_CTRL && ev.args[1] == (END_MARK >> 8)) {
				/* LOST may count failed tries of this mark. */
				if (ev.tsc > expect)
					run->order_errors++;
				return NULL;
			}
			if (ev.tsc != expect)
				run->order_errors++;
			expect = ev.tsc + 1;
			run->received++;
			if (ev.type == PMDI_EV_REQ_POST) {
				run->multi_slot++;
				if (ev.args[3] != (uint32_t)ev.tsc || ev.args[4] != ev.tsc * 3)
					run->value_errors++;
			} else if (ev.type == PMDI_EV_LOG) {
				uint32_t j;

				run->blobs++;
				if (ev.blob_len != ev.tsc % (PMDI_BLOB_MAX + 1))
					run->value_errors++;
				for (j = 0; j < ev.blob_len; j++)
					if (ev.blob[j] != (uint8_t)(ev.tsc + j))
						run->value_errors++;
			} else if (ev.req != (uint32_t)ev.tsc || ev.args[0] != (uint32_t)ev.tsc) {
				run->value_errors++;
			}
		}
		if (run->consumer_delay_ns)
			delay(run->consumer_delay_ns);
	}
}

static void two_threads(const char *name, uint32_t nslots, uint64_t events, unsigned int delay_ns)
{
	struct run run = { .events = events, .consumer_delay_ns = delay_ns };
	pthread_t p, c;
	double t0;

	run.ring = aligned_alloc(64, pmdi_ring_bytes(nslots));
	pmdi_ring_init(run.ring, nslots);
	pmdi_ring_consumer_init(&run.rc, run.ring);
	t0 = host_now_ns();
	pthread_create(&c, NULL, consumer, &run);
	pthread_create(&p, NULL, producer, &run);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	printf("%-28s %9llu events in %6.0f ms: received %llu, lost %llu (%.1f%%) "
	       "+ %llu retries of the end mark, multi-slot %llu, blobs %llu\n", name,
	       (unsigned long long)events, (host_now_ns() - t0) / 1e6,
	       (unsigned long long)run.received, (unsigned long long)run.producer_dropped,
	       100.0 * run.producer_dropped / events, (unsigned long long)run.end_retries,
	       (unsigned long long)run.multi_slot, (unsigned long long)run.blobs);
	CHECK(run.order_errors == 0, "%s: %llu order errors", name,
	      (unsigned long long)run.order_errors);
	CHECK(run.value_errors == 0, "%s: %llu value errors", name,
	      (unsigned long long)run.value_errors);
	CHECK(run.received + run.lost == events + run.end_retries,
	      "%s: received %llu + lost %llu != %llu + %llu", name,
	      (unsigned long long)run.received, (unsigned long long)run.lost,
	      (unsigned long long)events, (unsigned long long)run.end_retries);
	CHECK(run.received == run.produced_ok, "%s: received %llu != written %llu", name,
	      (unsigned long long)run.received, (unsigned long long)run.produced_ok);
	CHECK(run.lost == run.producer_dropped + run.end_retries &&
	      run.lost == run.ring->lost_total,
	      "%s: lost %llu, dropped %llu, lost_total %llu", name,
	      (unsigned long long)run.lost, (unsigned long long)run.producer_dropped,
	      (unsigned long long)run.ring->lost_total);
	if (delay_ns)
		CHECK(run.lost > 0, "%s: a slow consumer must cause loss", name);
	free(run.ring);
}

/* A fresh 16-slot ring and Linux's consumer of it. */
static void reinit(struct pmdi_trace_ring *r, struct pmdi_ring_consumer *c)
{
	pmdi_ring_init(r, 16);
	pmdi_ring_consumer_init(c, r);
}

static void single_thread_edges(void)
{
	struct pmdi_trace_ring *r = aligned_alloc(64, pmdi_ring_bytes(16));
	struct pmdi_trace_rec out[32];
	struct pmdi_ring_consumer c;
	int i, n;

	CHECK(pmdi_ring_init(r, 24) < 0, "non-power-of-two size accepted");
	CHECK(pmdi_ring_init(r, 8) < 0, "too small size accepted");
	CHECK(pmdi_ring_init(r, 16) == 0, "init");
	pmdi_ring_consumer_init(&c, r);
	CHECK(!c.broken && c.nslots == 16, "consumer init");
	for (i = 0; i < 16; i++)
		CHECK(pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, i, 0, i) == 0, "fill %d", i);
	CHECK(pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, 16, 0, 16) < 0, "full ring accepted");
	CHECK(pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, 17, 0, 17) < 0, "full ring accepted");
	CHECK(r->lost_total == 2 && r->pending_lost == 2, "lost accounting");
	n = pmdi_ring_consume(&c, out, 32);
	CHECK(n == 16, "consumed %d", n);
	CHECK(pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, 18, 0, 18) == 0, "after drain");
	n = pmdi_ring_consume(&c, out, 32);
	CHECK(n == 2 && pmdi_rec_type(&out[0]) == PMDI_EV_LOST && out[0].arg == 2 &&
	      pmdi_rec_tsc(&out[1]) == 18, "LOST record precedes the next event");
	CHECK(r->pending_lost == 0, "pending cleared");

	/* A consumer's buffer too small for a record leaves it in the ring. */
	{
		struct pmdi_ext_req_post e = { .len = 1 };

		pmdi_ring_emit_ext(r, PMDI_EV_REQ_POST, 19, 1, 0, &e, sizeof(e));
		n = pmdi_ring_consume(&c, out, 1);
		CHECK(n == 0, "split record returned %d", n);
		n = pmdi_ring_consume(&c, out, 2);
		CHECK(n == 2, "whole record %d", n);
	}

	/* A hostile producer: unknown type, then a head beyond the ring. */
	pmdi_ring_emit(r, 50, 20, 0, 0);
	CHECK(pmdi_ring_consume(&c, out, 32) < 0 && c.broken == PMDI_RING_BROKEN_RECORD &&
	      r->broken == PMDI_RING_BROKEN_RECORD, "unknown type breaks the ring");
	CHECK(pmdi_ring_consume(&c, out, 32) < 0, "a broken ring stays broken");
	reinit(r, &c);
	r->head = 1000;
	CHECK(pmdi_ring_consume(&c, out, 32) < 0 && c.broken == PMDI_RING_BROKEN_HEAD,
	      "wild head breaks the ring");
	reinit(r, &c);
	pmdi_rec_set(&r->slots[0], PMDI_EV_LOG, 1, 0, PMDI_BLOB_MAX + 1);
	r->head = 14;
	CHECK(pmdi_ring_consume(&c, out, 32) < 0 && c.broken == PMDI_RING_BROKEN_RECORD,
	      "oversized blob breaks the ring");
	reinit(r, &c);
	pmdi_rec_set(&r->slots[0], PMDI_EV_REQ_POST, 1, 0, 0);
	r->head = 1;
	CHECK(pmdi_ring_consume(&c, out, 32) < 0 && c.broken == PMDI_RING_BROKEN_TRUNCATED,
	      "a record past the head breaks the ring");
	reinit(r, &c);
	for (i = 0; i < 4; i++)
		pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, i, 0, i);
	CHECK(pmdi_ring_consume(&c, out, 2) == 2, "partial take");
	r->head = 3;	/* behind what the consumer saw, though not behind its tail */
	CHECK(pmdi_ring_consume(&c, out, 32) < 0 && c.broken == PMDI_RING_BROKEN_HEAD,
	      "a head going back breaks the ring");
	free(r);
}

/*
 * A hostile producer scribbles the header fields Linux once took from it
 * (size, tail, state): the consumer works on, from its own copies.
 */
static void hostile_header(void)
{
	struct pmdi_trace_ring *r = aligned_alloc(64, pmdi_ring_bytes(16));
	struct pmdi_trace_rec out[32];
	struct pmdi_ring_consumer c;
	uint64_t i, got = 0, expect = 0;

	reinit(r, &c);
	for (i = 0; i < 200; i++) {
		if (pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, i, 0, (uint32_t)i))
			break;
		/* After the producer's own use of them: it needs them sane to write. */
		r->nslots = i % 2 ? 0 : 0x80000000u;
		r->tail = 0xdead0000beefULL * i;
		r->broken = i % 3 ? 0 : 7;
		r->magic = 0;
		if (i % 4 == 3) {
			int n = pmdi_ring_consume(&c, out, 32), k;

			CHECK(n >= 0 && !c.broken, "scribbled header broke the consumer (%d, %s)",
			      n, pmdi_ring_broken_str(c.broken));
			for (k = 0; k < n; k++, got++)
				if (pmdi_rec_tsc(&out[k]) != expect++)
					host_failures++;
			CHECK(r->tail == c.tail && c.tail == r->head, "tail published %llu",
			      (unsigned long long)r->tail);
		}
		r->nslots = 16;	/* the producer reads these; the test restores them for it */
		r->tail = c.tail;
		r->cached_tail = c.tail;
	}
	CHECK(got == 200, "hostile header: got %llu of 200 records", (unsigned long long)got);
	CHECK(pmdi_ring_consumer_used(&c) == 0, "used");
	r->head = c.tail + 1000;
	CHECK(pmdi_ring_consumer_used(&c) == 16, "used is clamped to Linux's size");
	/* Geometry bad at load: the consumer refuses the ring from the start. */
	r->nslots = 24;
	pmdi_ring_consumer_init(&c, r);
	CHECK(pmdi_ring_consume(&c, out, 32) < 0 && c.broken == PMDI_RING_BROKEN_GEOMETRY,
	      "bad geometry at load");
	free(r);
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000000ULL;

	single_thread_edges();
	hostile_header();
	two_threads("fast consumer, 64Ki slots", 1 << 16, n, 0);
	two_threads("slow consumer, 256 slots", 256, n / 2, 2000);
	two_threads("tiny ring, 16 slots", 16, n / 4, 0);
	printf("test_ring: %s\n", host_failures ? "FAILED" : "ok");
	return host_failures ? 1 : 0;
}
