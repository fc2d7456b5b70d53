// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Host-side tests of the stream encoder: CRC32C, varints, COBS, frames; and
 * of NET_FRAME (v1) through the encoder and the fuzzers' strict decoder.
 */
#include <stdint.h>
#include <string.h>

#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>
#include "../../interface/fuzz/fuzz_frames.h"
#include "host_util.h"

static void test_crc(void)
{
	CHECK(pmdi_crc32c((const uint8_t *)"123456789", 9) == 0xE3069283u, "CRC32C check value");
	CHECK(pmdi_crc32c((const uint8_t *)"", 0) == 0, "CRC32C of nothing");
}

static void test_varint(void)
{
	uint8_t b[10];

	CHECK(pmdi_put_varint(b, 0) == 1 && b[0] == 0, "0");
	CHECK(pmdi_put_varint(b, 127) == 1 && b[0] == 127, "127");
	CHECK(pmdi_put_varint(b, 128) == 2 && b[0] == 0x80 && b[1] == 1, "128");
	CHECK(pmdi_put_varint(b, UINT64_MAX) == 10 && b[9] == 1, "u64 max");
	CHECK(pmdi_zigzag(0) == 0 && pmdi_zigzag(-1) == 1 && pmdi_zigzag(1) == 2, "zigzag");
	CHECK(pmdi_zigzag(INT64_MIN) == UINT64_MAX, "zigzag min");
}

static void test_cobs(void)
{
	uint8_t in[254], enc[256], dec[256];
	unsigned int seed = 1;
	int len, trial;

	for (trial = 0; trial < 20000; trial++) {
		len = trial % 255;
		for (int i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			/* Mix zero-heavy, zero-free and random payloads. */
			in[i] = trial % 3 == 0 ? 0 : trial % 3 == 1 ? (uint8_t)(seed >> 16 | 1)
								  : (uint8_t)(seed >> 16);
		}
		uint32_t n = pmdi_cobs_encode(in, (uint32_t)len, enc);

		CHECK(n <= (uint32_t)len + 2, "cobs overhead %u for %d", n, len);
		CHECK(enc[n - 1] == 0 && memchr(enc, 0, n - 1) == NULL, "delimiter only at end");
		CHECK(host_cobs_decode(enc, (int)n - 1, dec) == len && !memcmp(in, dec, len),
		      "cobs round trip len %d", len);
	}
}

static void test_frame_budget(void)
{
	struct pmdi_frame_builder fb;
	struct pmdi_event ev = { .type = PMDI_EV_REQ_POST, .nargs = 5 };
	uint8_t wire[PMDI_FRAME_WIRE_MAX], dec[256];
	uint64_t tsc = 1ULL << 50;
	int i, frames = 0;

	pmdi_fb_start(&fb, 3, 0, tsc, 0);
	for (i = 0; i < 5000; i++) {
		ev.tsc = tsc += 1 + (uint64_t)i * 977;
		ev.req = (uint32_t)i * 2654435761u;
		for (int a = 0; a < 5; a++)
			ev.args[a] = UINT64_MAX >> (i % 64);
		if (pmdi_fb_add(&fb, &ev)) {
			uint32_t n = pmdi_frame_seal(fb.buf, fb.len, wire);
			int d = host_cobs_decode(wire, (int)n - 1, dec);

			CHECK(fb.len <= PMDI_FRAME_PAYLOAD_MAX, "payload %u", fb.len);
			CHECK(n <= PMDI_FRAME_WIRE_MAX, "wire %u", n);
			CHECK(d == (int)fb.len + 4, "decoded %d", d);
			CHECK(pmdi_crc32c(dec, fb.len) ==
			      (uint32_t)(dec[fb.len] | dec[fb.len + 1] << 8 | dec[fb.len + 2] << 16 |
					 (uint32_t)dec[fb.len + 3] << 24), "crc");
			frames++;
			pmdi_fb_start(&fb, 3, (uint64_t)i, ev.tsc, 0);
			CHECK(pmdi_fb_add(&fb, &ev) == 0, "fits an empty frame");
		}
	}
	CHECK(frames > 100, "frames %d", frames);

	/* A backwards TSC forces a new frame rather than a negative delta. */
	pmdi_fb_start(&fb, 0, 0, 100, 0);
	ev.tsc = 99;
	CHECK(pmdi_fb_add(&fb, &ev) == -1, "tsc backwards");
}

static void test_event_from_rec(void)
{
	struct pmdi_trace_rec s[2] = { 0 };
	struct pmdi_ext_clock_sync cs = { .offset = -123456789, .uncertainty = 40, .rtt = 80 };
	struct pmdi_event ev;

	pmdi_rec_set(&s[0], PMDI_EV_DRV_END, 77, 5, pmdi_arg_status_u24(-5, 65536));
	CHECK(pmdi_event_from_rec(s, 1, &ev) == 0 && (int64_t)ev.args[0] == -5 &&
	      ev.args[1] == 65536 && ev.nargs == 2, "DRV_END");
	pmdi_rec_set(&s[0], PMDI_EV_CLOCK_SYNC, 1, 0, 0);
	memcpy(&s[1], &cs, sizeof(cs));
	CHECK(pmdi_event_from_rec(s, 2, &ev) == 0 && (int64_t)ev.args[0] == -123456789 &&
	      ev.args[1] == 40 && ev.args[2] == 80, "CLOCK_SYNC");
	CHECK(pmdi_event_from_rec(s, 1, &ev) == -1, "CLOCK_SYNC without its extension");
	pmdi_rec_set(&s[0], PMDI_EV_REQ_REFUSED, 9, 31, 5);
	CHECK(pmdi_event_from_rec(s, 1, &ev) == 0 && ev.type == PMDI_EV_REQ_REFUSED &&
	      ev.req == 31 && ev.nargs == 1 && ev.args[0] == 5 && pmdi_ev_has_req(ev.type) &&
	      pmdi_ev_class_of(ev.type) == PMDI_CLASS_REQUEST && !pmdi_ev_arg_signed(ev.type, 0),
	      "REQ_REFUSED (v1)");
	pmdi_rec_set(&s[0], PMDI_EV_FIXED_LAST + 1, 1, 0, 0);
	CHECK(pmdi_event_from_rec(s, 1, &ev) == -1 && pmdi_rec_ext_slots(&s[0]) == -1,
	      "first type after the last listed one");
	pmdi_rec_set(&s[0], 40, 1, 0, 0);
	CHECK(pmdi_event_from_rec(s, 1, &ev) == -1, "reserved type");
	for (unsigned int t = 1; t <= PMDI_EV_FIXED_LAST; t++)
		CHECK(pmdi_ev_nargs(t) >= 1 && pmdi_ev_nargs(t) <= PMDI_EVENT_MAX_ARGS, "nargs %u", t);
}

/* A NET_FRAME blob: the head, then @data bytes of a frame of @len bytes. */
static uint32_t net_frame_blob(uint8_t *b, uint8_t dir, uint32_t len, uint32_t data)
{
	struct pmdi_blob_net_frame h = { .dev = 4, .dir = dir, .len = len };
	uint32_t i;

	memcpy(b, &h, sizeof(h));
	for (i = 0; i < data; i++)
		b[PMDI_NET_FRAME_HEAD + i] = (uint8_t)(0xa0 + i);
	return PMDI_NET_FRAME_HEAD + data;
}

static void test_net_frame_layout(void)
{
	uint8_t b[PMDI_BLOB_MAX + 8];

	CHECK(pmdi_ev_is_blob(PMDI_EV_NET_FRAME) && pmdi_ev_has_req(PMDI_EV_NET_FRAME) &&
	      pmdi_ev_class_of(PMDI_EV_NET_FRAME) == PMDI_CLASS_FRAME &&
	      !pmdi_ev_is_blob(PMDI_EV_NET_FRAME + 1), "NET_FRAME: a blob with a request id");
	CHECK(pmdi_net_frame_ok(b, net_frame_blob(b, PMDI_FRAME_TX, 60, 60)), "whole short frame");
	CHECK(pmdi_net_frame_ok(b, net_frame_blob(b, PMDI_FRAME_RX, 1514, 96)), "snap 96");
	CHECK(pmdi_net_frame_ok(b, net_frame_blob(b, PMDI_FRAME_RX, 1514, 184)), "snap 184");
	CHECK(pmdi_net_frame_ok(b, net_frame_blob(b, PMDI_FRAME_RX_DROP, 0, 0)), "head only");
	CHECK(!pmdi_net_frame_ok(b, net_frame_blob(b, PMDI_FRAME_TX, 60, 61)),
	      "more bytes than the frame has");
	CHECK(!pmdi_net_frame_ok(b, net_frame_blob(b, PMDI_FRAME_TX, 1514, 185)),
	      "over the blob limit");
	CHECK(!pmdi_net_frame_ok(b, 7), "shorter than the head");
}

/*
 * A frame of four records whose third is a NET_FRAME blob of @blob_len
 * bytes (@len in its head): how many records the strict decoder returns.
 */
static int decode_with_net_frame(uint32_t len, uint32_t data, uint32_t blob_len,
				 uint32_t *got_req)
{
	struct pmdi_frame_builder fb;
	struct pmdi_event ev = { .req = 7, .type = PMDI_EV_DRV_BEGIN, .nargs = 1 };
	uint8_t blob[PMDI_BLOB_MAX], wire[PMDI_FRAME_WIRE_MAX];
	unsigned int src;
	uint64_t seq;
	uint32_t n;

	pmdi_fb_start(&fb, 1, 0, 1000, 0);
	ev.tsc = 1000;
	pmdi_fb_add(&fb, &ev);
	net_frame_blob(blob, PMDI_FRAME_TX, len, data);
	ev = (struct pmdi_event){ .tsc = 1010, .req = 7, .type = PMDI_EV_NET_FRAME,
				  .blob = blob, .blob_len = (uint16_t)blob_len };
	pmdi_fb_add(&fb, &ev);
	ev = (struct pmdi_event){ .tsc = 1020, .req = 7, .type = PMDI_EV_DRV_END, .nargs = 2,
				  .args = { 0, len } };
	pmdi_fb_add(&fb, &ev);
	ev = (struct pmdi_event){ .tsc = 1030, .req = 7, .type = PMDI_EV_REPLY_POST, .nargs = 2 };
	pmdi_fb_add(&fb, &ev);
	n = pmdi_frame_seal(fb.buf, fb.len, wire);
	*got_req = 0;
	return ff_frame(wire, n - 1, NULL, NULL, &src, &seq);
}

static void net_frame_req(void *ctx, unsigned int src, uint64_t seq, const struct ff_event *ev)
{
	(void)src;
	(void)seq;
	if (ev->type == PMDI_EV_NET_FRAME)
		*(uint32_t *)ctx = ev->req;
}

static void test_net_frame_decode(void)
{
	struct pmdi_trace_rec s[1 + PMDI_BLOB_MAX / PMDI_SLOT_SIZE];
	struct pmdi_frame_builder fb;
	uint8_t blob[PMDI_BLOB_MAX], wire[PMDI_FRAME_WIRE_MAX];
	struct pmdi_event ev;
	unsigned int src;
	uint64_t seq;
	uint32_t req, n;

	CHECK(decode_with_net_frame(1514, 96, 104, &req) == 4, "snap 96: the frame decodes");
	CHECK(decode_with_net_frame(42, 42, 50, &req) == 4, "a frame under snap, whole");
	/* The head says 42 bytes but 50 follow: the rest of the frame is lost. */
	CHECK(decode_with_net_frame(42, 50, 58, &req) == FF_REST_LOST, "longer than the frame");
	CHECK(decode_with_net_frame(0, 0, 5, &req) == FF_REST_LOST, "shorter than its head");

	/* Ring record -> stream record -> decoded: the request id and every byte survive. */
	n = net_frame_blob(blob, PMDI_FRAME_RX, 1514, 96);
	memset(s, 0, sizeof(s));
	pmdi_rec_set(&s[0], PMDI_EV_NET_FRAME, 5000, 0x12345, n);
	memcpy(&s[1], blob, n);
	CHECK(pmdi_rec_ext_slots(&s[0]) == 7, "104 bytes: 7 extension slots");
	CHECK(pmdi_event_from_rec(s, 7, &ev) == -1, "a slot short");
	CHECK(pmdi_event_from_rec(s, 8, &ev) == 0 && ev.blob_len == n &&
	      !memcmp(ev.blob, blob, n), "from the ring");
	pmdi_fb_start(&fb, 2, 0, 4000, 4);
	CHECK(pmdi_fb_add(&fb, &ev) == 0, "fits a frame");
	n = pmdi_frame_seal(fb.buf, fb.len, wire);
	req = 0;
	CHECK(ff_frame(wire, n - 1, net_frame_req, &req, &src, &seq) == 1 && req == 0x12345,
	      "decoded with its request id");
	CHECK(fb.len == 6 + 1 + 1 + 3 + 1 + 104, "record bytes %u", fb.len - 6);
}

static void test_device_net_tail(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct pmdi_hdr_device d = { .id = 4, .dev_class = PMDI_DEV_NET };
	struct pmdi_hdr_device_net net = pmdi_hdr_device_net(1514, mac);
	struct pmdi_hdr_builder hb;
	uint8_t buf[128];
	static const uint8_t tail[] = { 4, 'e', 't', 'h', '1', 10, 'v', 'i', 'r', 't', 'i', 'o',
					'_', 'n', 'e', 't', 0xea, 0x05, 0, 0, 0x52, 0x54, 0x00,
					0x12, 0x34, 0x56 };

	pmdi_hdr_begin(&hb, buf, sizeof(buf));
	pmdi_hdr_put_device_net(&hb, &d, "eth1", "virtio_net", &net);
	CHECK(!hb.overflow && hb.len == 8 + 2 + 16 + sizeof(tail), "length %u", hb.len);
	CHECK(buf[8] == PMDI_HDR_DEVICE && buf[9] == 16 + sizeof(tail), "tag and length");
	CHECK(!memcmp(buf + 8 + 2 + 16, tail, sizeof(tail)), "name, driver, max_len, mac");
	pmdi_hdr_begin(&hb, buf, sizeof(buf));
	pmdi_hdr_put_device(&hb, &d, "eth1", "virtio_net");
	CHECK(buf[9] == 16 + 16, "no tail for the plain form");
}

int main(void)
{
	test_crc();
	test_varint();
	test_cobs();
	test_frame_budget();
	test_event_from_rec();
	test_net_frame_layout();
	test_net_frame_decode();
	test_device_net_tail();
	printf("test_codec: %s\n", host_failures ? "FAILED" : "ok");
	return host_failures ? 1 : 0;
}
