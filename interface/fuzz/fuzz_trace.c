// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Fuzz target: Linux's trace-ring consumer and drain (trace_ring.h,
 * trace_drain.h) over two hostile rings, the AP's and a CPU's, drained to
 * frames for a large reader and a small flight recorder. Every frame either
 * reader holds must decode (fuzz_frames.h), and the large reader must see
 * every record the drain took, in sequence. A hostile ring may hold a blob
 * whose layout is wrong (a NET_FRAME whose lengths do not add up): the drain
 * passes it on, and a decoder loses the rest of that frame, as FORMAT.md says
 * (only then are the records not counted exactly).
 *
 * Config: [0] AP ring size 16 << (n % 7), [1] CPU ring size 16 << (n % 4),
 * [2] tsc shift, [3] drain passes, [4..7] a value scribbled over the header
 * fields Linux took once at load (size, tail, state, magic): never read again.
 */
#include "fuzz_ap.h"
#include <pmdi/trace_drain.h>
#include "fuzz_frames.h"

#define CFG 8
#define BIG (256u << 10)

static uint8_t big_mem[BIG], small_mem[4096];
static struct pmdi_drain d;

struct check {
	uint64_t next_seq[2], records[2];
	int whole;	/* the stream has every frame: count records exactly */
	int rest_lost;	/* a frame's rest was undecodable: its records are not counted */
	int resync[2];	/* the next record of the source follows such a frame */
};

static void on_event(void *ctx, unsigned int src, uint64_t seq, const struct ff_event *ev)
{
	struct check *c = ctx;

	(void)ev;
	FZ_ASSERT(src < 2, "source %u", src);
	if (c->whole && c->resync[src])
		FZ_ASSERT(seq >= c->next_seq[src], "src %u seq %llu, expected at least %llu", src,
			  (unsigned long long)seq, (unsigned long long)c->next_seq[src]);
	else if (c->whole)
		FZ_ASSERT(seq == c->next_seq[src], "src %u seq %llu, expected %llu", src,
			  (unsigned long long)seq, (unsigned long long)c->next_seq[src]);
	c->resync[src] = 0;
	c->next_seq[src] = seq + 1;
	c->records[src]++;
}

/* Every frame of a reader's bytes decodes. */
static void check_stream(struct pmdi_reader_buf *rb, struct check *c)
{
	uint8_t frame[PMDI_FRAME_WIRE_MAX + 1];
	uint32_t flen = 0;
	uint64_t i;

	FZ_ASSERT(rb->head - rb->tail <= rb->size, "reader holds %llu of %u",
		  (unsigned long long)(rb->head - rb->tail), rb->size);
	for (i = rb->tail; i != rb->head; i++) {
		uint8_t b = rb->buf[i & (rb->size - 1)];
		unsigned int src;
		uint64_t seq;
		int r;

		if (b) {
			FZ_ASSERT(flen < sizeof(frame), "frame over %u bytes",
				  PMDI_FRAME_WIRE_MAX);
			frame[flen++] = b;
			continue;
		}
		FZ_ASSERT(flen > 0, "empty frame");
		r = ff_frame(frame, flen, on_event, c, &src, &seq);
		FZ_ASSERT(r >= 0 || r == FF_REST_LOST, "a frame of %u bytes does not decode", flen);
		if (r == FF_REST_LOST) {
			c->rest_lost = 1;
			c->resync[src] = 1;
		}
		flen = 0;
	}
	FZ_ASSERT(flen == 0, "a reader ends in a partial frame");
}

#ifdef FZ_RECORD
static void produce(struct pmdi_trace_ring **rings, unsigned int pass);
#endif

static void run(const uint8_t *data, size_t size)
{
	uint32_t na = 16u << (fz_config(data, size, 0, 1) % 7);
	uint32_t nc = 16u << (fz_config(data, size, 1, 1) % 4);
	uint8_t shift = (uint8_t)(fz_config(data, size, 2, 1) % 17);
	unsigned int passes = 1 + (unsigned int)(fz_config(data, size, 3, 1) % 8), p, i;
	uint32_t scribble = (uint32_t)fz_config(data, size, 4, 4);
	struct pmdi_trace_ring *rings[2];
	struct pmdi_reader_buf big, small;
	struct check c;
	uint64_t taken = 0;

	memset(&c, 0, sizeof(c));
	fz_reset();
	rings[0] = malloc(pmdi_ring_bytes(na));
	rings[1] = malloc(pmdi_ring_bytes(nc));
	pmdi_ring_init(rings[0], na);
	pmdi_ring_init(rings[1], nc);
	fz_region(rings[0], pmdi_ring_bytes(na));
	fz_region(rings[1], pmdi_ring_bytes(nc));
	/* pmdi_drain_init(&d, 2), without its byte loop: under coverage tracing it cost 90%. */
	memset(&d, 0, sizeof(d));
	d.flush_after = 2;
	pmdi_reader_init(&big, big_mem, sizeof(big_mem));
	pmdi_reader_init(&small, small_mem, sizeof(small_mem));
	small.overwrite = 1;
	pmdi_drain_add_reader(&d, &big);
	pmdi_drain_add_reader(&d, &small);
	pmdi_drain_add_source(&d, rings[0], 0, shift);
	pmdi_drain_add_source(&d, rings[1], 1, shift);
	if (scribble) {
		for (i = 0; i < 2; i++) {
			rings[i]->nslots = scribble;
			rings[i]->tail = (uint64_t)scribble << 32 | scribble;
			rings[i]->broken = scribble;
			rings[i]->magic = scribble;
		}
	}
	fz_input(data + (size < CFG ? size : CFG), size < CFG ? 0 : size - CFG);

	for (p = 0; p < passes; p++) {
		struct pmdi_ring_consumer before[2];

#ifdef FZ_RECORD
		produce(rings, p);
#endif
		for (i = 0; i < 2; i++)
			before[i] = d.src[i].rc;
		taken += pmdi_drain_poll(&d, p);
		for (i = 0; i < 2; i++) {
			struct pmdi_ring_consumer *rc = &d.src[i].rc;

			/* Linux's own state: size fixed, tail only forward, never past head. */
			FZ_ASSERT(rc->nslots == (before[i].broken == PMDI_RING_BROKEN_GEOMETRY ? 0 :
						 i ? nc : na), "size changed to %u", rc->nslots);
			FZ_ASSERT(rc->ring == rings[i], "ring pointer changed");
			/* One ring's worth per pass (and the last call's records). */
			FZ_ASSERT(rc->tail - before[i].tail < (uint64_t)rc->nslots + 64 ||
				  !rc->nslots, "a pass took %llu slots",
				  (unsigned long long)(rc->tail - before[i].tail));
			FZ_ASSERT(rc->tail - before[i].tail <= rc->head - before[i].tail,
				  "tail %llu moved back or past head %llu (was %llu)",
				  (unsigned long long)rc->tail, (unsigned long long)rc->head,
				  (unsigned long long)before[i].tail);
			FZ_ASSERT(rc->head - rc->tail <= rc->nslots, "head %llu over a ring ahead",
				  (unsigned long long)rc->head);
			FZ_ASSERT(!before[i].broken || rc->broken == before[i].broken,
				  "broken is sticky");
			/* A consumer that broke on the head stored nothing this pass. */
			FZ_ASSERT(rc->broken || rings[i]->tail == rc->tail,
				  "published tail %llu != own %llu",
				  (unsigned long long)rings[i]->tail, (unsigned long long)rc->tail);
			FZ_ASSERT(pmdi_ring_consumer_used(rc) <= rc->nslots, "used beyond size");
			FZ_ASSERT(d.src[i].records == d.src[i].seq, "records != seq");
		}
	}
	pmdi_drain_flush(&d);
	FZ_ASSERT(taken == d.src[0].records + d.src[1].records, "taken %llu",
		  (unsigned long long)taken);
	while (pmdi_drain_next_broken(&d))
		;
	for (i = 0; i < 2; i++)
		FZ_ASSERT(!d.src[i].rc.broken || pmdi_drain_source_broken(&d.src[i]),
			  "a broken source without a reason");

	c.whole = big.lost_frames == 0;
	check_stream(&big, &c);
	if (c.whole && !c.rest_lost)
		for (i = 0; i < 2; i++)
			FZ_ASSERT(c.records[i] == d.src[i].records,
				  "source %u: %llu records decoded, %llu taken", i,
				  (unsigned long long)c.records[i],
				  (unsigned long long)d.src[i].records);
	memset(&c, 0, sizeof(c));
	check_stream(&small, &c);
	free(rings[0]);
	free(rings[1]);
}

#ifndef FZ_RECORD
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size);
	return 0;
}
#else
/* ---- seeds: well-formed rings, and events of recorded traces ---- */

static uint64_t rng = 88172645463325252ULL;
static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? rng % n : 0;
}

/* Events to produce: from a trace file, or made up. */
static struct ff_event evq[4096];
static uint8_t blobq[4096][PMDI_BLOB_MAX];
static unsigned int nev, evpos, per_pass;

static void queue_event(void *ctx, unsigned int src, uint64_t seq, const struct ff_event *ev)
{
	(void)ctx;
	(void)src;
	(void)seq;
	if (nev >= 4096)
		return;
	evq[nev] = *ev;
	if (ev->blob) {
		memcpy(blobq[nev], ev->blob, ev->blob_len);
		evq[nev].blob = blobq[nev];
	}
	nev++;
}

/* Back to a ring record: the header's arg packs the first arguments. */
static void emit(struct pmdi_trace_ring *r, const struct ff_event *ev)
{
	unsigned int t = ev->type;
	uint32_t arg = (uint32_t)(ev->args[0] | ev->args[1] << 8 | ev->args[2] << 16);

	if (pmdi_ev_is_blob(t)) {
		pmdi_ring_emit_ext(r, t, ev->tsc, ev->req, ev->blob_len, ev->blob, ev->blob_len);
	} else if (t == PMDI_EV_REQ_POST) {
		struct pmdi_ext_req_post e = { .offset = ev->args[4],
					       .len = (uint32_t)ev->args[3] };

		pmdi_ring_emit_ext(r, t, ev->tsc, ev->req, arg, &e, sizeof(e));
	} else if (t == PMDI_EV_CLOCK_SYNC) {
		struct pmdi_ext_clock_sync e = { .offset = (int64_t)ev->args[0],
						 .uncertainty = (uint32_t)ev->args[1],
						 .rtt = (uint32_t)ev->args[2] };

		pmdi_ring_emit_ext(r, t, ev->tsc, ev->req, 0, &e, sizeof(e));
	} else {
		pmdi_ring_emit(r, t, ev->tsc, ev->req, arg);
	}
}

static void make_up(struct ff_event *ev, uint64_t tsc)
{
	static uint8_t blob[PMDI_BLOB_MAX];
	unsigned int k;

	memset(ev, 0, sizeof(*ev));
	ev->type = 1 + (unsigned int)rnd(PMDI_EV_FIXED_LAST);
	if (rnd(8) == 0)
		ev->type = PMDI_EV_LOG + (unsigned int)rnd(PMDI_EV_BLOB_LAST - PMDI_EV_LOG + 1);
	ev->tsc = tsc;
	ev->req = (uint32_t)rnd(50);
	ev->args[0] = rnd(256);
	ev->args[1] = rnd(256);
	ev->args[3] = rnd(1 << 20);
	ev->args[4] = rnd(1ULL << 40);
	if (pmdi_ev_is_blob(ev->type)) {
		ev->blob_len = (uint32_t)rnd(PMDI_BLOB_MAX + 1);
		for (k = 0; k < ev->blob_len; k++)
			blob[k] = (uint8_t)rnd(256);
		ev->blob = blob;
	}
}

static void produce(struct pmdi_trace_ring **rings, unsigned int pass)
{
	static uint64_t tsc = 1000;
	unsigned int k;

	(void)pass;
	for (k = 0; k < per_pass; k++) {
		struct ff_event ev;

		if (nev) {
			if (evpos >= nev)
				return;
			ev = evq[evpos++];
		} else {
			make_up(&ev, tsc += rnd(5000));
		}
		emit(rings[k % 3 == 2], &ev);
	}
}

static void seed(const char *dir, const char *name, uint8_t *cfg)
{
	fz_record_start();
	evpos = 0;
	run(cfg, 8);	/* the config only: fetches read the real rings, and are logged */
	fz_record_write(dir, name, cfg, 8);
}

static void read_trace(const char *path, size_t skip_events)
{
	static uint8_t buf[1 << 20];
	uint8_t frame[PMDI_FRAME_WIRE_MAX + 1];
	FILE *f = fopen(path, "rb");
	size_t n, i, flen = 0, seen = 0;

	nev = 0;
	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	for (i = 0; i < n && nev < 4096; i++) {
		unsigned int src;
		uint64_t seq;

		if (buf[i]) {
			if (flen < sizeof(frame))
				frame[flen++] = buf[i];
			continue;
		}
		if (flen && flen <= PMDI_FRAME_WIRE_MAX) {
			unsigned int before = nev;

			ff_frame(frame, (uint32_t)flen, queue_event, NULL, &src, &seq);
			if (seen < skip_events) {
				seen += nev - before;
				nev = before;
			}
		}
		flen = 0;
	}
}

int main(int argc, char **argv)
{
	uint8_t cfg[8];
	char name[64];
	int a, k;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR [TRACE.pmdt...]: write seed inputs\n", argv[0]);
		return 2;
	}
	/* Made-up events: every type, blobs, rings that fill up (LOST records). */
	for (k = 0; k < 8; k++) {
		nev = 0;
		per_pass = 8 + 24 * (unsigned int)k;
		cfg[0] = (uint8_t)(k % 3);
		cfg[1] = (uint8_t)(k % 2);
		cfg[2] = (uint8_t)(k * 2);
		cfg[3] = (uint8_t)(1 + k % 4);
		memset(cfg + 4, 0, 4);	/* the producer needs its header: no scribble */
		snprintf(name, sizeof(name), "made-up-%d", k);
		seed(argv[1], name, cfg);
	}
	/* Events of real traces, some 40 per pass. */
	for (a = 2; a < argc; a++) {
		const char *base = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];

		for (k = 0; k < 2; k++) {
			read_trace(argv[a], (size_t)k * 2000);
			if (!nev)
				break;
			per_pass = 40;
			cfg[0] = 3;
			cfg[1] = 2;
			cfg[2] = 0;
			cfg[3] = 3;
			memset(cfg + 4, 0, 4);
			snprintf(name, sizeof(name), "%.40s-%d", base, k);
			seed(argv[1], name, cfg);
		}
	}
	return 0;
}
#endif
