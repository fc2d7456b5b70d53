// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Benchmarks of the C side of the trace format, printed as key=value lines:
 *  - ring producer cost per event, TSC read included, against two baselines
 *    run in the same process: the TSC read alone and a plain store loop;
 *  - bytes per event on the serial stream (framing included) for a mix of
 *    data-path events shaped like the board's (see stream_mix()), and the
 *    drain's time per event (trace_drain.h: encoding, framing, one reader)
 *    against the ring producer's in the same process.
 * Usage: bench_format [events]
 */
#include <stdint.h>
#include <string.h>

#include <pmdi/trace_ring.h>
#include <pmdi/trace_drain.h>
#include "host_util.h"

#define RING_SLOTS (1u << 20)
#define BATCH (RING_SLOTS / 2)
#define REPS 7
#define MBOX_SLOTS 128	/* slots of a mailbox ring */

static volatile uint64_t sink;

static double median(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* ns per event of the ring producer, TSC read included. */
static double bench_emit(struct pmdi_ring_consumer *c, struct pmdi_trace_rec *drain, uint64_t n)
{
	struct pmdi_trace_ring *r = c->ring;
	double t = 0;

	for (uint64_t done = 0; done < n; done += BATCH) {
		double t0 = host_now_ns();

		for (uint32_t i = 0; i < BATCH; i++)
			pmdi_ring_emit(r, PMDI_EV_DRV_BEGIN, host_rdtsc(), i, 2);
		t += host_now_ns() - t0;
		while (pmdi_ring_consume(c, drain, RING_SLOTS) > 0)	/* not timed */
			;
	}
	if (r->lost_total)
		fprintf(stderr, "bench_emit: unexpected loss %llu\n",
			(unsigned long long)r->lost_total);
	return t / n;
}

static double bench_rdtsc(uint64_t n)
{
	uint64_t acc = 0;
	double t0 = host_now_ns();

	for (uint64_t i = 0; i < n; i++)
		acc += host_rdtsc();
	sink = acc;
	return (host_now_ns() - t0) / n;
}

/* The floor: storing a 16-byte record into an array, no TSC, no ring logic. */
static double bench_store(struct pmdi_trace_rec *arr, uint64_t n)
{
	double t0 = host_now_ns();

	for (uint64_t i = 0; i < n; i++) {
		struct pmdi_trace_rec *s = &arr[i & (RING_SLOTS - 1)];

		s->tsc_type = i;
		s->req = (uint32_t)i;
		s->arg = 2;
		__asm__ volatile("" ::: "memory");	/* keep the stores */
	}
	return (host_now_ns() - t0) / n;
}

struct stream_stats {
	uint64_t events, bytes, frames, lost;
	double drain_ns;	/* in pmdi_drain_poll() and the flush */
};

/*
 * One drain pass, timed; the reader's bytes counted and handed back at once.
 * Not inlined, so that callgrind counts its instructions apart:
 * valgrind --tool=callgrind bench_format 524288; callgrind_annotate --inclusive=yes
 */
static __attribute__((noinline)) void drain_pass(struct pmdi_drain *d, struct pmdi_reader_buf *rb, int flush,
		       struct stream_stats *st)
{
	double t0 = host_now_ns();

	st->events += pmdi_drain_poll(d, 0);
	if (flush)
		pmdi_drain_flush(d);
	st->drain_ns += host_now_ns() - t0;
	st->bytes += rb->head - rb->tail;
	rb->tail = rb->head;
}

static uint64_t rnd(uint64_t *s, uint64_t lo, uint64_t hi)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return lo + *s % (hi - lo + 1);
}

/*
 * A demo-like workload at 2.5 GHz: block reads/writes of 4-64 KiB on two
 * disks, null pings, console writes; doorbells suppressed when the other side
 * is busy; a heartbeat and a clock sync every 10 ms of trace time; the session
 * header repeated every second. Drained every 1 ms of trace time into frames
 * by the module's drain (trace_drain.h) with one reader, as the module does.
 */
static struct stream_stats stream_mix(uint64_t nreq, uint8_t shift)
{
	static struct pmdi_drain d;
	static uint8_t reader_mem[1 << 20];
	struct pmdi_reader_buf rb;
	struct pmdi_trace_ring *ap = aligned_alloc(64, pmdi_ring_bytes(1 << 16));
	struct pmdi_trace_ring *lx = aligned_alloc(64, pmdi_ring_bytes(1 << 16));
	struct stream_stats st = { 0 };
	uint64_t s = 88172645463325252ULL, t = 1ULL << 40, last_drain = t, last_hb = t,
		 last_hdr = t;

	pmdi_ring_init(ap, 1 << 16);
	pmdi_ring_init(lx, 1 << 16);
	/* Frames sealed when full (and at the end): a 1 ms pass of this mix fills them. */
	pmdi_drain_init(&d, ~0ULL);
	pmdi_drain_add_source(&d, ap, 0, shift);
	pmdi_drain_add_source(&d, lx, 1, shift);
	pmdi_reader_init(&rb, reader_mem, sizeof(reader_mem));
	pmdi_drain_add_reader(&d, &rb);
	for (uint32_t req = 1; req <= nreq; req++) {
		uint64_t kind = rnd(&s, 0, 9), lt;
		uint8_t dev = kind < 4 ? 2 : kind < 7 ? 3 : kind < 9 ? 0 : 1;
		uint8_t op = dev >= 2 ? (rnd(&s, 0, 3) ? PMDI_OP_READ : PMDI_OP_WRITE) : PMDI_OP_WRITE;
		uint32_t len = dev >= 2 ? 4096u << rnd(&s, 0, 4) : dev == 1 ? 80 : 0;
		int busy = rnd(&s, 0, 2) == 0;	/* other side still draining */
		struct pmdi_ext_req_post rp = { .offset = rnd(&s, 0, 1 << 20) * 512, .len = len };

		pmdi_ring_emit_ext(ap, PMDI_EV_REQ_POST, t += rnd(&s, 2000, 40000), req,
				   pmdi_arg_req_post(dev, op, (uint16_t)(req % MBOX_SLOTS)), &rp, sizeof(rp));
		pmdi_ring_emit(ap, busy ? PMDI_EV_DOORBELL_SUPPRESS : PMDI_EV_DOORBELL_SEND,
			       t += rnd(&s, 100, 300), req, pmdi_arg_doorbell(0, req % MBOX_SLOTS));
		lt = t - 123456789;
		if (!busy)
			pmdi_ring_emit(lx, PMDI_EV_IPI_RECV, lt += rnd(&s, 5000, 12000), 0, 0xec);
		pmdi_ring_emit(lx, PMDI_EV_DISPATCH, lt += rnd(&s, 500, 3000), req, dev != 0);
		if (dev) {
			pmdi_ring_emit(lx, PMDI_EV_DRV_BEGIN, lt += rnd(&s, 1000, 8000), req, dev);
			pmdi_ring_emit(lx, PMDI_EV_DRV_END, lt += rnd(&s, 20000, 400000), req,
				       pmdi_arg_status_u24(0, len));
		}
		pmdi_ring_emit(lx, PMDI_EV_REPLY_POST, lt += rnd(&s, 300, 1500), req,
			       pmdi_arg_status_u24(0, req % MBOX_SLOTS) & 0xffffff);
		pmdi_ring_emit(lx, busy ? PMDI_EV_DOORBELL_SUPPRESS : PMDI_EV_DOORBELL_SEND,
			       lt += rnd(&s, 100, 300), req, pmdi_arg_doorbell(1, req % MBOX_SLOTS));
		t = lt + 123456789;
		if (!busy)
			pmdi_ring_emit(ap, PMDI_EV_IPI_RECV, t += rnd(&s, 5000, 12000), 0, 0x40);
		pmdi_ring_emit(ap, PMDI_EV_REPLY_TAKE, t += rnd(&s, 100, 400), req, req % MBOX_SLOTS);
		pmdi_ring_emit(ap, PMDI_EV_REQ_DONE, t += rnd(&s, 50, 200), req, 0);
		if (t - last_hb > 25000000) {
			struct pmdi_ext_clock_sync cs = { .offset = 123456789, .uncertainty = 5000,
							  .rtt = 10000 };

			pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, t, 0, (uint32_t)(t >> 20));
			pmdi_ring_emit_ext(lx, PMDI_EV_CLOCK_SYNC, t - 123456789, 0, 0, &cs,
					   sizeof(cs));
			last_hb = t;
		}
		if (t - last_drain > 2500000) {
			drain_pass(&d, &rb, 0, &st);
			last_drain = t;
		}
		if (t - last_hdr > 2500000000ULL) {
			/* A typical header: 3 sources, 6 devices, 2 build ids: 2 frames. */
			st.bytes += 2 * PMDI_FRAME_WIRE_MAX;
			st.frames += 2;
			last_hdr = t;
		}
	}
	drain_pass(&d, &rb, 1, &st);
	st.frames += rb.frames;
	st.lost = ap->lost_total + lx->lost_total;
	free(ap);
	free(lx);
	return st;
}

/* Bytes per event on the stream, its figures printed. */
static double bytes_per_event(uint64_t nreq, uint8_t shift)
{
	struct stream_stats st = stream_mix(nreq, shift);

	printf("tsc_shift=%u: stream_events=%llu stream_frames=%llu stream_bytes=%llu lost=%llu\n",
	       shift, (unsigned long long)st.events, (unsigned long long)st.frames,
	       (unsigned long long)st.bytes, (unsigned long long)st.lost);
	return (double)st.bytes / st.events;
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000000ULL;
	struct pmdi_trace_ring *r = aligned_alloc(64, pmdi_ring_bytes(RING_SLOTS));
	struct pmdi_trace_rec *drain = malloc(sizeof(*drain) * RING_SLOTS);
	double emit[REPS], tsc[REPS], store[REPS], dns[REPS];
	struct pmdi_ring_consumer c;

	n = (n + BATCH - 1) / BATCH * BATCH;
	pmdi_ring_init(r, RING_SLOTS);
	pmdi_ring_consumer_init(&c, r);
	memset(drain, 0, sizeof(*drain) * RING_SLOTS);
	bench_emit(&c, drain, BATCH);	/* warm the pages */
	/* Interleave the three loops so drift in the machine hits them alike. */
	for (int i = 0; i < REPS; i++) {
		emit[i] = bench_emit(&c, drain, n);
		tsc[i] = bench_rdtsc(n);
		store[i] = bench_store(drain, n);
	}
	printf("ring_emit_ns_per_event=%.2f\n", median(emit, REPS));
	printf("rdtsc_ns=%.2f\n", median(tsc, REPS));
	printf("store_loop_ns_per_event=%.2f\n", median(store, REPS));
	printf("ring_emit_over_rdtsc_ratio=%.2f\n", median(emit, REPS) / median(tsc, REPS));
	printf("bench: %llu events x %d interleaved repetitions, medians\n",
	       (unsigned long long)n, REPS);
	printf("serial_bytes_per_event_exact_tsc=%.2f\n", bytes_per_event(200000, 0));
	printf("serial_bytes_per_event=%.2f\n", bytes_per_event(200000, 4));
	/* The drain's cost per event (encoding, framing, one reader) against the producer's. */
	for (int i = 0; i < REPS; i++) {
		struct stream_stats st = stream_mix(200000, 4);

		dns[i] = st.drain_ns / st.events;
		emit[i] = bench_emit(&c, drain, BATCH);
	}
	printf("drain_ns_per_event=%.2f\n", median(dns, REPS));
	printf("drain_over_ring_emit_ratio=%.2f\n", median(dns, REPS) / median(emit, REPS));
	free(r);
	free(drain);
	return 0;
}
