// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/* Host-side tests of the stream encoder: CRC32C, varints, COBS, frames. */
#include <stdint.h>
#include <string.h>

#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>
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

int main(void)
{
	test_crc();
	test_varint();
	test_cobs();
	test_frame_budget();
	test_event_from_rec();
	printf("test_codec: %s\n", host_failures ? "FAILED" : "ok");
	return host_failures ? 1 : 0;
}
