// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Writes the golden vectors of the trace format: for each NAME, NAME.pmdt (the
 * stream, exactly as the Linux drain would write it, using the same freestanding
 * ring and encoder) and NAME.expect (JSON lines: what a correct decoder must
 * report, in stream order). The Java tests decode the .pmdt files and must get
 * exactly the .expect lines. Usage: golden_writer OUTDIR
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>
#include "host_util.h"

/* Expect lines waiting for their frame to be written. */
struct pbuf {
	char b[1 << 16];
	size_t n;
};

struct golden {
	FILE *bin, *exp;
	struct pbuf pb;		/* for header and gap frames */
	uint64_t frames, corrupt, unknown, events, lost_in_ring, lost_in_transport;
};

struct source {
	uint8_t id;
	uint64_t seq;		/* number of the next record taken from the ring */
	uint64_t next_seq_seen;	/* what the decoder expects next from this source */
	struct pmdi_frame_builder fb;
	uint64_t frame_lost;	/* LOST counts in the open frame */
	struct pbuf pb;		/* expect lines of the open frame */
	uint8_t shift;		/* tsc_shift of the frames it starts */
	int open;
	struct pmdi_ring_consumer rc;	/* the drain's own view of the ring it reads */
};

/* What happens to a frame on its way to the file. */
enum fate {
	KEEP,		/* written intact */
	DROP,		/* never written: transport loss */
	FLIP_BYTE,	/* one bit flipped: a corrupt frame */
	NO_DELIM,	/* delimiter lost: merges with the next frame into one corrupt one */
	MERGED,		/* the frame written after a NO_DELIM one */
};

static void pend(struct pbuf *pb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pb->n += vsnprintf(pb->b + pb->n, sizeof(pb->b) - pb->n, fmt, ap);
	va_end(ap);
}

static void hex(struct pbuf *pb, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pend(pb, "%02x", p[i]);
}

/* The timestamp a decoder reconstructs for @ev appended to @s's open frame. */
static uint64_t expected_tsc(const struct source *s, const struct pmdi_event *ev)
{
	const struct pmdi_frame_builder *fb = &s->fb;

	if (ev->tsc < fb->last_tsc)	/* goes into a new frame, as its base */
		return ev->tsc;
	return fb->last_tsc + ((ev->tsc - fb->last_tsc) >> fb->shift << fb->shift);
}

static void expect_event(struct pbuf *pb, struct source *s, uint64_t seq,
			 const struct pmdi_event *ev, uint64_t tsc)
{
	pend(pb, "{\"kind\":\"event\",\"source\":%u,\"seq\":%llu,\"type\":%u,\"tsc\":%llu,\"req\":%u",
	     s->id, (unsigned long long)seq, ev->type, (unsigned long long)tsc,
	     pmdi_ev_has_req(ev->type) ? ev->req : 0);
	if (pmdi_ev_is_blob(ev->type)) {
		pend(pb, ",\"blob\":\"");
		hex(pb, ev->blob, ev->blob_len);
		pend(pb, "\"}\n");
		return;
	}
	pend(pb, ",\"args\":[");
	for (int i = 0; i < ev->nargs; i++) {
		if (pmdi_ev_arg_signed(ev->type, i))
			pend(pb, "%s%lld", i ? "," : "", (long long)ev->args[i]);
		else
			pend(pb, "%s%llu", i ? "," : "", (unsigned long long)ev->args[i]);
	}
	pend(pb, "]}\n");
}

/* Write a sealed frame with its fate; its expect lines count only if it survives. */
static void emit_frame(struct golden *g, struct pbuf *pb, uint8_t *wire, uint32_t n,
		       enum fate fate)
{
	switch (fate) {
	case KEEP:
		fwrite(wire, 1, n, g->bin);
		fwrite(pb->b, 1, pb->n, g->exp);
		g->frames++;
		break;
	case DROP:
		break;
	case FLIP_BYTE:
		wire[n / 2] ^= 0x10;
		if (wire[n / 2] == 0)
			wire[n / 2] = 0x55;
		fwrite(wire, 1, n, g->bin);
		g->corrupt++;
		break;
	case NO_DELIM:
		fwrite(wire, 1, n - 1, g->bin);
		g->corrupt++;
		break;
	case MERGED:
		fwrite(wire, 1, n, g->bin);
		break;
	}
	pb->n = 0;
}

static void seal_source(struct golden *g, struct source *s, enum fate fate)
{
	uint8_t wire[PMDI_FRAME_WIRE_MAX];
	uint32_t n;

	if (!s->open)
		return;
	n = pmdi_frame_seal(s->fb.buf, s->fb.len, wire);
	if (fate == KEEP) {
		uint64_t first = s->seq - s->fb.nrec;

		g->lost_in_transport += first - s->next_seq_seen;
		s->next_seq_seen = s->seq;
		g->events += s->fb.nrec;
		g->lost_in_ring += s->frame_lost;
	}
	s->frame_lost = 0;
	emit_frame(g, &s->pb, wire, n, fate);
	s->open = 0;
}

/* Add one event from source @s; seals full frames (kept). */
static void add_event(struct golden *g, struct source *s, const struct pmdi_event *ev)
{
	uint64_t tsc;

	if (!s->open) {
		pmdi_fb_start(&s->fb, s->id, s->seq, ev->tsc, s->shift);
		s->open = 1;
	}
	tsc = expected_tsc(s, ev);
	if (pmdi_fb_add(&s->fb, ev)) {
		seal_source(g, s, KEEP);	/* full: the event starts the next frame */
		pmdi_fb_start(&s->fb, s->id, s->seq, ev->tsc, s->shift);
		s->open = 1;
		tsc = ev->tsc;
		if (pmdi_fb_add(&s->fb, ev))
			abort();
	}
	expect_event(&s->pb, s, s->seq, ev, tsc);
	if (ev->type == PMDI_EV_LOST)
		s->frame_lost += ev->args[0];
	s->seq++;
}

/* The drain: take every record from @r and encode it for source @s. */
static void drain(struct golden *g, struct pmdi_trace_ring *r, struct source *s)
{
	struct pmdi_trace_rec buf[512];
	int n, k;

	if (s->rc.ring != r)	/* first drain: the ring is as pmdi_ring_init() left it */
		pmdi_ring_consumer_init(&s->rc, r);
	while ((n = pmdi_ring_consume(&s->rc, buf, 512)) > 0) {
		for (k = 0; k < n; k += 1 + pmdi_rec_ext_slots(&buf[k])) {
			struct pmdi_event ev;

			if (pmdi_event_from_rec(&buf[k], (uint32_t)(n - k), &ev))
				abort();
			add_event(g, s, &ev);
		}
	}
}

/* The net device of the header (device 4): its frames' limit and MAC. */
#define GOLDEN_MAX_LEN 1514
static const uint8_t golden_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void write_header(struct golden *g, uint32_t session_id, int ndev)
{
	static const struct {
		uint8_t cls;
		uint32_t bs;
		uint64_t cap;
		const char *name, *driver;
	} devs[] = {
		{ PMDI_DEV_NULL, 0, 0, "null", "pmdi" },
		{ PMDI_DEV_CONSOLE, 0, 0, "console", "pmdi_console" },
		{ PMDI_DEV_BLOCK, 512, 64ULL << 20, "vda", "virtio_blk" },
		{ PMDI_DEV_BLOCK, 512, 16ULL << 20, "vdb", "virtio_blk" },
		{ PMDI_DEV_NET, 0, 0, "eth0", "virtio_net" },
		{ PMDI_DEV_RNG, 0, 0, "hwrng", "virtio_rng" },
	};
	static const uint8_t ap_id[20] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6,
					   7, 8, 9, 10, 11, 12, 13, 14, 15, 0x00 };
	struct pmdi_hdr_session ses = { .session_id = session_id, .flags = 0,
		.start_tsc = 1000000000ULL, .start_mono_ns = 5123456789ULL,
		.start_real_ns = 1764000000123456789ULL };
	struct pmdi_hdr_clock clk = { .tsc_khz_linux = 2494140, .tsc_khz_ap = 2494140 };
	struct pmdi_hdr_source srcs[] = {
		{ .source = 0, .side = PMDI_SIDE_AP, .cpu = 1, .apic_id = 1, .ring_slots = 4096 },
		{ .source = 1, .side = PMDI_SIDE_LINUX, .cpu = 0, .apic_id = 0, .ring_slots = 8192 },
		{ .source = 2, .side = PMDI_SIDE_LINUX, .cpu = 2, .apic_id = 2, .ring_slots = 8192 },
	};
	const char *release = "6.1.0-56-amd64";
	uint8_t blob[2048], wire[PMDI_FRAME_WIRE_MAX], which_len[2];
	struct pmdi_hdr_builder hb;
	uint32_t chunk, n;
	struct pmdi_hdr_device_net net = pmdi_hdr_device_net(GOLDEN_MAX_LEN, golden_mac);
	int i;

	pmdi_hdr_begin(&hb, blob, sizeof(blob));
	pmdi_hdr_put(&hb, PMDI_HDR_SESSION, &ses, sizeof(ses));
	pmdi_hdr_put(&hb, PMDI_HDR_CLOCK, &clk, sizeof(clk));
	for (i = 0; i < 3; i++)
		pmdi_hdr_put(&hb, PMDI_HDR_SOURCE, &srcs[i], sizeof(srcs[i]));
	for (i = 0; i < ndev; i++) {
		struct pmdi_hdr_device d = { .id = (uint8_t)i, .dev_class = devs[i].cls,
					     .block_size = devs[i].bs, .capacity = devs[i].cap };
		pmdi_hdr_put_device_net(&hb, &d, devs[i].name, devs[i].driver,
					devs[i].cls == PMDI_DEV_NET ? &net : NULL);
	}
	which_len[0] = PMDI_BUILD_AP_KERNEL;
	which_len[1] = sizeof(ap_id);
	pmdi_hdr_put2(&hb, PMDI_HDR_BUILD_ID, which_len, 2, ap_id, sizeof(ap_id));
	{
		uint8_t key = PMDI_TEXT_LINUX_RELEASE;

		pmdi_hdr_put2(&hb, PMDI_HDR_TEXT, &key, 1, release, (uint32_t)strlen(release));
	}
	/* A tag from a future version: decoders must skip it. */
	pmdi_hdr_put(&hb, 200, "future", 6);
	pmdi_hdr_end(&hb);
	if (hb.overflow)
		abort();

	pend(&g->pb, "{\"kind\":\"header\",\"format_version\":%d,\"session_id\":%u,\"flags\":0,"
	     "\"start_tsc\":%llu,\"start_mono_ns\":%llu,\"start_real_ns\":%llu,\"tsc_khz_linux\":%u,"
	     "\"tsc_khz_ap\":%u,\"sources\":[", PMDI_TRACE_VERSION, session_id,
	     (unsigned long long)ses.start_tsc,
	     (unsigned long long)ses.start_mono_ns, (unsigned long long)ses.start_real_ns,
	     clk.tsc_khz_linux, clk.tsc_khz_ap);
	for (i = 0; i < 3; i++)
		pend(&g->pb, "%s{\"source\":%u,\"side\":%u,\"cpu\":%u,\"apic_id\":%u,\"ring_slots\":%u}",
		     i ? "," : "", srcs[i].source, srcs[i].side, srcs[i].cpu, srcs[i].apic_id,
		     srcs[i].ring_slots);
	pend(&g->pb, "],\"devices\":[");
	for (i = 0; i < ndev; i++) {
		pend(&g->pb, "%s{\"id\":%d,\"class\":%u,\"flags\":0,\"block_size\":%u,\"capacity\":%llu,"
		     "\"name\":\"%s\",\"driver\":\"%s\"", i ? "," : "", i, devs[i].cls, devs[i].bs,
		     (unsigned long long)devs[i].cap, devs[i].name, devs[i].driver);
		if (devs[i].cls == PMDI_DEV_NET) {
			pend(&g->pb, ",\"max_len\":%u,\"mac\":\"", GOLDEN_MAX_LEN);
			hex(&g->pb, golden_mac, sizeof(golden_mac));
			pend(&g->pb, "\"");
		}
		pend(&g->pb, "}");
	}
	pend(&g->pb, "],\"build_ids\":[{\"which\":0,\"hex\":\"");
	hex(&g->pb, ap_id, sizeof(ap_id));
	pend(&g->pb, "\"}],\"texts\":[{\"key\":%u,\"text\":\"%s\"}]}\n", PMDI_TEXT_LINUX_RELEASE,
	     release);

	/* The header is complete, and its expect line due, with the last chunk. */
	{
		uint32_t chunks = (hb.len + PMDI_HEADER_CHUNK_MAX - 1) / PMDI_HEADER_CHUNK_MAX;
		char line[4096];
		size_t len = g->pb.n;

		memcpy(line, g->pb.b, len);
		g->pb.n = 0;
		for (chunk = 0; chunk < chunks; chunk++) {
			n = pmdi_hdr_frame(&hb, session_id, chunk, wire);
			if (chunk + 1 == chunks) {
				memcpy(g->pb.b, line, len);
				g->pb.n = len;
			}
			emit_frame(g, &g->pb, wire, n, KEEP);
		}
	}
}

static void write_gap(struct golden *g, uint8_t reason, uint64_t start, uint64_t end)
{
	uint8_t p[PMDI_FRAME_PAYLOAD_MAX + 4], wire[PMDI_FRAME_WIRE_MAX];

	p[0] = PMDI_FRAME_GAP;
	p[1] = reason;
	pmdi_put_le64(p + 2, start);
	pmdi_put_le64(p + 10, end);
	pend(&g->pb, "{\"kind\":\"gap\",\"reason\":%u,\"start_unix_ns\":%llu,\"end_unix_ns\":%llu}\n",
	     reason, (unsigned long long)start, (unsigned long long)end);
	emit_frame(g, &g->pb, wire, pmdi_frame_seal(p, 18, wire), KEEP);
}

static void finish(struct golden *g)
{
	fprintf(g->exp, "{\"kind\":\"stats\",\"frames\":%llu,\"corrupt\":%llu,\"unknown\":%llu,"
		"\"events\":%llu,\"lost_in_ring\":%llu,\"lost_in_transport\":%llu}\n",
		(unsigned long long)g->frames, (unsigned long long)g->corrupt,
		(unsigned long long)g->unknown, (unsigned long long)g->events,
		(unsigned long long)g->lost_in_ring, (unsigned long long)g->lost_in_transport);
	fclose(g->bin);
	fclose(g->exp);
}

static struct golden *open_golden(const char *dir, const char *name)
{
	static struct golden g;
	char path[1024];

	memset(&g, 0, sizeof(g));
	snprintf(path, sizeof(path), "%s/%s.pmdt", dir, name);
	g.bin = fopen(path, "wb");
	snprintf(path, sizeof(path), "%s/%s.expect", dir, name);
	g.exp = fopen(path, "w");
	if (!g.bin || !g.exp) {
		perror(path);
		exit(1);
	}
	fputc(0, g.bin);	/* a stream starts with a delimiter */
	return &g;
}

static struct pmdi_trace_ring *new_ring(uint32_t nslots)
{
	struct pmdi_trace_ring *r = aligned_alloc(64, pmdi_ring_bytes(nslots));

	pmdi_ring_init(r, nslots);
	return r;
}

/* One request through the whole data path, both sides, as FORMAT.md §4.2. */
static void request(struct pmdi_trace_ring *ap, struct pmdi_trace_ring *lx, uint64_t *t,
		    uint32_t req, uint8_t dev, uint8_t op, uint32_t len, uint64_t off,
		    int status, int suppress)
{
	struct pmdi_ext_req_post rp = { .offset = off, .len = len };
	uint64_t lt = *t - 1000000;	/* the Linux TSC runs 1M cycles behind */

	pmdi_ring_emit_ext(ap, PMDI_EV_REQ_POST, *t += 300, req,
			   pmdi_arg_req_post(dev, op, (uint16_t)req), &rp, sizeof(rp));
	pmdi_ring_emit(ap, suppress ? PMDI_EV_DOORBELL_SUPPRESS : PMDI_EV_DOORBELL_SEND, *t += 120,
		       req, pmdi_arg_doorbell(PMDI_RING_REQUEST, req));
	lt = *t - 1000000;
	pmdi_ring_emit(lx, PMDI_EV_IPI_RECV, lt += 9000, 0, 0xec);
	pmdi_ring_emit(lx, PMDI_EV_DISPATCH, lt += 700, req, dev ? PMDI_CTX_WORKER : PMDI_CTX_IRQ);
	pmdi_ring_emit(lx, PMDI_EV_DRV_BEGIN, lt += 2500, req, dev);
	pmdi_ring_emit(lx, PMDI_EV_DRV_END, lt += 40000 + len, req,
		       pmdi_arg_status_u24(status, status ? 0 : len));
	pmdi_ring_emit(lx, PMDI_EV_REPLY_POST, lt += 800, req,
		       pmdi_arg_status_u24(status, req & 0xffff) & 0xffffff);
	pmdi_ring_emit(lx, PMDI_EV_DOORBELL_SEND, lt += 150, req,
		       pmdi_arg_doorbell(PMDI_RING_COMPLETION, req));
	*t = lt + 1000000;
	pmdi_ring_emit(ap, PMDI_EV_IPI_RECV, *t += 9000, 0, 0x40);
	pmdi_ring_emit(ap, PMDI_EV_REPLY_TAKE, *t += 200, req, req & 0xffff);
	pmdi_ring_emit(ap, PMDI_EV_REQ_DONE, *t += 100, req, (uint8_t)(int8_t)status);
}

/*
 * A request Linux refuses before any driver call (v1): DISPATCH, REQ_REFUSED with
 * the mailbox ABI's reason, then the error completion as usual.
 */
static void refused_request(struct pmdi_trace_ring *ap, struct pmdi_trace_ring *lx, uint64_t *t,
			    uint32_t req, uint8_t dev, uint32_t reason, int status)
{
	struct pmdi_ext_req_post rp = { .offset = 1, .len = 3 };
	uint64_t lt;

	pmdi_ring_emit_ext(ap, PMDI_EV_REQ_POST, *t += 300, req,
			   pmdi_arg_req_post(dev, PMDI_OP_READ, (uint16_t)req), &rp, sizeof(rp));
	pmdi_ring_emit(ap, PMDI_EV_DOORBELL_SEND, *t += 120, req,
		       pmdi_arg_doorbell(PMDI_RING_REQUEST, req));
	lt = *t - 1000000;
	pmdi_ring_emit(lx, PMDI_EV_IPI_RECV, lt += 9000, 0, 0xec);
	pmdi_ring_emit(lx, PMDI_EV_DISPATCH, lt += 700, req, PMDI_CTX_IRQ);
	pmdi_ring_emit(lx, PMDI_EV_REQ_REFUSED, lt += 300, req, reason);
	pmdi_ring_emit(lx, PMDI_EV_REPLY_POST, lt += 200, req,
		       pmdi_arg_status_u24(status, req & 0xffff) & 0xffffff);
	pmdi_ring_emit(lx, PMDI_EV_DOORBELL_SEND, lt += 150, req,
		       pmdi_arg_doorbell(PMDI_RING_COMPLETION, req));
	*t = lt + 1000000;
	pmdi_ring_emit(ap, PMDI_EV_IPI_RECV, *t += 9000, 0, 0x40);
	pmdi_ring_emit(ap, PMDI_EV_REPLY_TAKE, *t += 200, req, req & 0xffff);
	pmdi_ring_emit(ap, PMDI_EV_REQ_DONE, *t += 100, req, (uint8_t)(int8_t)status);
}

/* The NET_FRAME blob of @frame (@len bytes) at snap @snap, into @blob; returns its length. */
static uint32_t net_frame(uint8_t *blob, uint8_t dir, const uint8_t *frame, uint32_t len,
			  uint32_t snap)
{
	struct pmdi_blob_net_frame h = { .dev = 4, .dir = dir, .len = len };
	uint32_t n = len < snap ? len : snap;

	memcpy(blob, &h, sizeof(h));
	memcpy(blob + sizeof(h), frame, n);
	return (uint32_t)sizeof(h) + n;
}

/*
 * A UDP datagram of @plen payload bytes between the AP (10.0.2.15, port 7)
 * and the host side (10.0.2.2, port 40000) as an Ethernet frame; the IPv4
 * checksum is right, the UDP one 0 (none). Returns the frame's length.
 */
static uint32_t udp_frame(uint8_t *f, int to_ap, uint32_t plen)
{
	static const uint8_t gw_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
	uint8_t ap_ip[4] = { 10, 0, 2, 15 }, gw_ip[4] = { 10, 0, 2, 2 };
	uint32_t sum = 0, i, ilen = 20 + 8 + plen;
	uint16_t sport = to_ap ? 40000 : 7, dport = to_ap ? 7 : 40000;

	memcpy(f, to_ap ? golden_mac : gw_mac, 6);
	memcpy(f + 6, to_ap ? gw_mac : golden_mac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memset(f + 14, 0, 20);
	f[14] = 0x45;
	f[16] = (uint8_t)(ilen >> 8);
	f[17] = (uint8_t)ilen;
	f[22] = 64;
	f[23] = 17;
	memcpy(f + 26, to_ap ? gw_ip : ap_ip, 4);
	memcpy(f + 30, to_ap ? ap_ip : gw_ip, 4);
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)f[14 + i] << 8 | f[15 + i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = ~(sum + (sum >> 16)) & 0xffff;
	f[24] = (uint8_t)(sum >> 8);
	f[25] = (uint8_t)sum;
	f[34] = (uint8_t)(sport >> 8);
	f[35] = (uint8_t)sport;
	f[36] = (uint8_t)(dport >> 8);
	f[37] = (uint8_t)dport;
	f[38] = (uint8_t)((8 + plen) >> 8);
	f[39] = (uint8_t)(8 + plen);
	f[40] = f[41] = 0;
	for (i = 0; i < plen; i++)
		f[42 + i] = (uint8_t)('a' + i % 26);
	return 42 + plen;
}

/*
 * A net request (v1) as FORMAT.md §4.2: a SEND whose frame Linux hands to the
 * driver (from the worker), or a RECV buffer taken in the drain and filled by
 * a frame; its NET_FRAME sits between DRV_BEGIN and DRV_END.
 */
static void net_request(struct pmdi_trace_ring *ap, struct pmdi_trace_ring *lx, uint64_t *t,
			uint32_t req, uint8_t op, const uint8_t *frame, uint32_t len)
{
	struct pmdi_ext_req_post rp = { .len = op == PMDI_OP_SEND ? len : GOLDEN_MAX_LEN };
	uint8_t blob[PMDI_BLOB_MAX];
	uint32_t bl = net_frame(blob, op == PMDI_OP_SEND ? PMDI_FRAME_TX : PMDI_FRAME_RX, frame,
				len, 96);
	uint64_t lt;

	pmdi_ring_emit_ext(ap, PMDI_EV_REQ_POST, *t += 300, req,
			   pmdi_arg_req_post(4, op, (uint16_t)req), &rp, sizeof(rp));
	pmdi_ring_emit(ap, PMDI_EV_DOORBELL_SEND, *t += 120, req,
		       pmdi_arg_doorbell(PMDI_RING_REQUEST, req));
	lt = *t - 1000000;
	pmdi_ring_emit(lx, PMDI_EV_IPI_RECV, lt += 9000, 0, 0xec);
	pmdi_ring_emit(lx, PMDI_EV_DISPATCH, lt += 700, req,
		       op == PMDI_OP_SEND ? PMDI_CTX_WORKER : PMDI_CTX_IRQ);
	pmdi_ring_emit(lx, PMDI_EV_DRV_BEGIN, lt += 2500, req, 4);
	/* tx: at once, from Linux's copy; rx: when a frame filled the buffer. */
	lt += op == PMDI_OP_SEND ? 400 : 250000;
	pmdi_ring_emit_ext(lx, PMDI_EV_NET_FRAME, lt, req, bl, blob, bl);
	pmdi_ring_emit(lx, PMDI_EV_DRV_END, lt += 3000, req, pmdi_arg_status_u24(0, len));
	pmdi_ring_emit(lx, PMDI_EV_REPLY_POST, lt += 800, req,
		       pmdi_arg_status_u24(0, req & 0xffff) & 0xffffff);
	pmdi_ring_emit(lx, PMDI_EV_DOORBELL_SEND, lt += 150, req,
		       pmdi_arg_doorbell(PMDI_RING_COMPLETION, req));
	*t = lt + 1000000;
	pmdi_ring_emit(ap, PMDI_EV_IPI_RECV, *t += 9000, 0, 0x40);
	pmdi_ring_emit(ap, PMDI_EV_REPLY_TAKE, *t += 200, req, req & 0xffff);
	pmdi_ring_emit(ap, PMDI_EV_REQ_DONE, *t += 100, req, 0);
}

static void golden_all_events(const char *dir)
{
	struct golden *g = open_golden(dir, "all-events");
	struct pmdi_trace_ring *ap = new_ring(4096), *lx = new_ring(8192);
	static struct source sap = { .id = 0 }, slx = { .id = 1 };
	struct pmdi_ext_clock_sync cs = { .offset = 1000000, .uncertainty = 2200, .rtt = 4400 };
	struct pmdi_blob_ap_fault fault = { .rip = 0xffffffff80001234ULL, .cr2 = 0xdead0000,
					    .error_code = 2, .vector = 14,
					    .build_id = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3 } };
	struct pmdi_blob_inflight infl[2] = {
		{ .since_tsc = 3000000000ULL, .req = 41, .dev = 2, .op = PMDI_OP_READ,
		  .phase = PMDI_PHASE_IN_DRIVER },
		{ .since_tsc = 3000100000ULL, .req = 42, .dev = 3, .op = PMDI_OP_WRITE,
		  .phase = PMDI_PHASE_QUEUED },
	};
	uint8_t logtxt[64], frame[GOLDEN_MAX_LEN], blob[PMDI_BLOB_MAX];
	uint64_t t = 3000000000ULL;
	uint32_t req, flen, bl;

	write_header(g, 0x5eed0001, 6);
	pmdi_ring_emit(lx, PMDI_EV_TRACE_CTRL, t - 1000000, 0, 1 | 0x7f << 8);
	pmdi_ring_emit_ext(lx, PMDI_EV_CLOCK_SYNC, t - 999000, 0, 0, &cs, sizeof(cs));
	logtxt[0] = PMDI_LOG_INFO;
	memcpy(logtxt + 1, "pmdi: AP kernel up on cpu1", 26);
	pmdi_ring_emit_ext(ap, PMDI_EV_LOG, t += 10, 0, 27, logtxt, 27);
	pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, t += 10, 0, 1);
	drain(g, lx, &slx);
	drain(g, ap, &sap);
	for (req = 1; req <= 40; req++) {
		request(ap, lx, &t, req, (uint8_t)(req % 4), req % 4 ? PMDI_OP_READ : PMDI_OP_NULL,
			req % 4 >= 2 ? 4096 * req : 0, req * 8ULL << 20, req == 13 ? -5 : 0,
			req % 3 == 0);
		if (req % 10 == 0) {
			drain(g, ap, &sap);
			drain(g, lx, &slx);
		}
	}
	/* Refused requests (bad length: -EINVAL; no such device: -ENODEV). */
	refused_request(ap, lx, &t, 50, 2, 5, -22);
	refused_request(ap, lx, &t, 51, 9, 2, -19);
	drain(g, ap, &sap);
	drain(g, lx, &slx);
	/*
	 * Network (v1): a full-size datagram fills a RECV buffer (its NET_FRAME
	 * snapped at 96 bytes), the AP echoes 32 bytes with a SEND (whole).
	 */
	flen = udp_frame(frame, 1, GOLDEN_MAX_LEN - 42);
	net_request(ap, lx, &t, 60, PMDI_OP_RECV, frame, flen);
	flen = udp_frame(frame, 0, 32);
	net_request(ap, lx, &t, 61, PMDI_OP_SEND, frame, flen);
	drain(g, ap, &sap);
	drain(g, lx, &slx);
	/* Unsolicited event, health and fault records. */
	pmdi_ring_emit(lx, PMDI_EV_EVENT_POST, t - 1000000 + 500, 1, 4 | 1 << 8 | 7 << 16);
	pmdi_ring_emit(lx, PMDI_EV_DOORBELL_SEND, t - 1000000 + 600, 1,
		       pmdi_arg_doorbell(PMDI_RING_EVENT, 7));
	pmdi_ring_emit_ext(lx, PMDI_EV_INFLIGHT, t - 1000000 + 700, 0, sizeof(infl), infl,
			   sizeof(infl));
	/* Network (v1): device 4's link comes up, then a frame finds no receive buffer. */
	pmdi_ring_emit(lx, PMDI_EV_NET_LINK, t - 1000000 + 750, 0, 4 | 1 << 8);
	pmdi_ring_emit(lx, PMDI_EV_NET_DROP, t - 1000000 + 800, 0, 4 | 1514 << 8);
	flen = udp_frame(frame, 1, GOLDEN_MAX_LEN - 42);
	bl = net_frame(blob, PMDI_FRAME_RX_DROP, frame, flen, 96);
	pmdi_ring_emit_ext(lx, PMDI_EV_NET_FRAME, t - 1000000 + 810, 0, bl, blob, bl);
	pmdi_ring_emit(ap, PMDI_EV_EVENT_TAKE, t += 10000, 1, 7);
	pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, t += 10, 0, 2);
	pmdi_ring_emit(ap, PMDI_EV_UNEXPECTED_IRQ, t += 10, 0, 0x2f);
	pmdi_ring_emit(ap, PMDI_EV_RING_OVERFLOW, t += 10, 0, PMDI_RING_REQUEST | 3 << 8);
	pmdi_ring_emit_ext(ap, PMDI_EV_AP_FAULT, t += 10, 0, sizeof(fault), &fault, sizeof(fault));
	pmdi_ring_emit(lx, PMDI_EV_TRACE_CTRL, t - 1000000 + 900, 0, 0);
	drain(g, ap, &sap);
	drain(g, lx, &slx);
	seal_source(g, &sap, KEEP);
	seal_source(g, &slx, KEEP);
	finish(g);
}

static void golden_edge_values(const char *dir)
{
	struct golden *g = open_golden(dir, "edge-values");
	static struct source s = { .id = 2 };
	uint8_t blob[PMDI_BLOB_MAX];
	struct pmdi_event ev;
	int i;

	write_header(g, 0xffffffffu, 1);
	for (i = 0; i < PMDI_BLOB_MAX; i++)
		blob[i] = (uint8_t)i;	/* includes zeros: COBS must cope */

	/* Largest argument values, request id wrapping, the largest TSC. */
	ev = (struct pmdi_event){ .type = PMDI_EV_REQ_POST, .nargs = 5, .tsc = 0,
				  .req = 0xffffffffu,
				  .args = { 255, 255, 65535, UINT32_MAX, UINT64_MAX } };
	add_event(g, &s, &ev);
	ev.req = 1;	/* wraps: delta +2 */
	ev.tsc = PMDI_TSC_MASK;	/* delta of 2^56 - 1 */
	ev.args[4] = 0;
	add_event(g, &s, &ev);
	ev = (struct pmdi_event){ .type = PMDI_EV_CLOCK_SYNC, .nargs = 3, .tsc = PMDI_TSC_MASK,
				  .req = 0, .args = { (uint64_t)INT64_MIN, UINT32_MAX, 0 } };
	add_event(g, &s, &ev);
	ev.args[0] = (uint64_t)INT64_MAX;
	add_event(g, &s, &ev);
	ev = (struct pmdi_event){ .type = PMDI_EV_DRV_END, .nargs = 2, .tsc = PMDI_TSC_MASK,
				  .req = 0x80000000u, .args = { (uint64_t)-128, 0xffffff } };
	add_event(g, &s, &ev);
	ev.args[0] = 127;
	add_event(g, &s, &ev);	/* SAME_REQ */
	ev = (struct pmdi_event){ .type = PMDI_EV_REQ_REFUSED, .nargs = 1, .tsc = PMDI_TSC_MASK,
				  .req = 0x80000000u, .args = { UINT32_MAX } };
	add_event(g, &s, &ev);	/* SAME_REQ, the largest reason a ring record holds */
	ev = (struct pmdi_event){ .type = PMDI_EV_LOG, .tsc = PMDI_TSC_MASK, .req = 7,
				  .blob = blob, .blob_len = 0 };
	add_event(g, &s, &ev);
	ev.blob_len = PMDI_BLOB_MAX;
	add_event(g, &s, &ev);	/* does not fit with the rest: starts a new frame */
	seal_source(g, &s, KEEP);

	/* A TSC going backwards starts a new frame instead of a negative delta. */
	ev = (struct pmdi_event){ .type = PMDI_EV_HEARTBEAT, .nargs = 1, .tsc = 1000, .req = 0,
				  .args = { 1 } };
	add_event(g, &s, &ev);
	ev.tsc = 999;
	ev.args[0] = 2;
	add_event(g, &s, &ev);
	seal_source(g, &s, KEEP);
	/* Coarse timestamps (tsc_shift 4): rounding must not accumulate. */
	s.shift = 4;
	for (i = 0; i < 40; i++) {
		ev = (struct pmdi_event){ .type = PMDI_EV_DISPATCH, .nargs = 1,
					  .tsc = 1000003 + (uint64_t)i * 1237, .req = (uint32_t)i,
					  .args = { 1 } };
		add_event(g, &s, &ev);
	}
	seal_source(g, &s, KEEP);
	s.shift = 0;
	/* Fill frames to the byte with small records. */
	for (i = 0; i < 300; i++) {
		ev = (struct pmdi_event){ .type = PMDI_EV_IPI_RECV, .nargs = 1, .tsc = 2000 + i,
					  .req = (uint32_t)(i / 3), .args = { 0xec } };
		add_event(g, &s, &ev);
	}
	seal_source(g, &s, KEEP);
	finish(g);
}

static void golden_loss_and_corruption(const char *dir)
{
	struct golden *g = open_golden(dir, "loss-and-corruption");
	struct pmdi_trace_ring *ap = new_ring(16);
	static struct source sap = { .id = 0 };
	uint8_t wire[PMDI_FRAME_WIRE_MAX], p[PMDI_FRAME_PAYLOAD_MAX + 4];
	uint64_t t = 5000;
	int i, round;

	write_header(g, 0x10550001, 2);
	for (round = 0; round < 8; round++) {
		/* 40 heartbeats into a 16-slot ring: real drops, reported by LOST. */
		for (i = 0; i < 40; i++)
			pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, t += 2500, 0, (uint32_t)(round * 40 + i));
		drain(g, ap, &sap);
		switch (round) {
		case 2:
			seal_source(g, &sap, DROP);	/* transport loss: a seq gap */
			break;
		case 3:
			seal_source(g, &sap, FLIP_BYTE);	/* corrupt frame */
			break;
		case 4:
			seal_source(g, &sap, NO_DELIM);
			pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, t += 2500, 0, 9999);
			drain(g, ap, &sap);
			seal_source(g, &sap, MERGED);
			break;
		default:
			seal_source(g, &sap, KEEP);
		}
		if (round == 5) {
			/* Line noise between frames. */
			static const uint8_t noise[] = { 0x13, 0x37, 0xff, 0x01, 0x02, 0x00 };

			fwrite(noise, 1, sizeof(noise), g->bin);
			g->corrupt++;
		}
		if (round == 6) {
			/* A frame of a kind from a future version, with a good CRC. */
			p[0] = 0x7e;
			memcpy(p + 1, "future", 6);
			fwrite(wire, 1, pmdi_frame_seal(p, 7, wire), g->bin);
			g->unknown++;
		}
	}
	write_gap(g, 1, 1764000000000000000ULL, 1764000001500000000ULL);
	pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, t += 2500, 0, 100000);
	drain(g, ap, &sap);
	seal_source(g, &sap, KEEP);
	/* A truncated last frame, as a killed writer leaves it. */
	pmdi_ring_emit(ap, PMDI_EV_HEARTBEAT, t += 2500, 0, 100001);
	drain(g, ap, &sap);
	{
		uint32_t n = pmdi_frame_seal(sap.fb.buf, sap.fb.len, wire);

		fwrite(wire, 1, n / 2, g->bin);
		g->corrupt++;
		sap.pb.n = 0;
	}
	finish(g);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	golden_all_events(argv[1]);
	golden_edge_values(argv[1]);
	golden_loss_and_corruption(argv[1]);
	return 0;
}
