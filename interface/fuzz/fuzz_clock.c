// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Fuzz target: Linux's read of the clock-sync words (clock_sync.h).
 *
 * Config: [0] exchanges, [1..8] Linux's first t0, [9] its round-trip scale.
 * Linux's own clock runs forward (t1 >= t0); the AP's words come from the
 * input. Oracles: an exchange counts only when the ack Linux read is the
 * sequence number it asked for, the best round trip never grows, and the
 * offset is the one of the exchange that set it.
 */
#include "fuzz_ap.h"
#include <pmdi/clock_sync.h>

#define CFG 10

static void run(const uint8_t *data, size_t size)
{
	unsigned int n = 1 + (unsigned int)(fz_config(data, size, 0, 1) % 32), k;
	uint64_t t = fz_config(data, size, 1, 8);
	unsigned int scale = (unsigned int)(fz_config(data, size, 9, 1) % 40);
	struct pmdi_mbox_hdr *h = malloc(sizeof(*h));
	struct pmdi_clock_best b;
	uint32_t seq = 0;

	fz_reset();
	memset(h, 0, sizeof(*h));
	fz_region(h, sizeof(*h));
	pmdi_clock_best_init(&b);
	fz_input(data + (size < CFG ? size : CFG), size < CFG ? 0 : size - CFG);
	for (k = 0; k < n; k++) {
		uint64_t t0 = t, t1, ta = 0, rtt_before = b.rtt;
		int answered;

		h->sync_req = ++seq;	/* Linux's word */
#ifdef FZ_RECORD
		if (k % 5 != 3) {	/* a well-behaved AP that misses an IPI now and then */
			h->sync_ap_tsc = t0 * 3 + 12345 + k * 7;
			h->sync_ack = seq;
		}
#endif
		t1 = t0 + ((uint64_t)(k * 37 % 11 + 1) << (scale % 40));
		if (t1 < t0)
			t1 = t0;
		answered = pmdi_clock_answered(h, seq, &ta);
		if (answered) {
			FZ_ASSERT(fz.last_addr != (uintptr_t)&h->sync_ack,
				  "the TSC was not read after the ack");
			FZ_ASSERT(ta == fz.last_val, "a TSC that was not fetched");
			pmdi_clock_sample(&b, t0, t1, ta);
			FZ_ASSERT(b.rtt <= rtt_before, "best rtt grew");
			if (b.rtt != rtt_before)
				FZ_ASSERT(b.rtt == t1 - t0 &&
					  b.offset == (int64_t)(ta - (t0 + (t1 - t0) / 2)),
					  "offset of another exchange");
		}
		t = t1 + 1000;
	}
	free(h);
}

#ifndef FZ_RECORD
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size);
	return 0;
}
#else
int main(int argc, char **argv)
{
	uint8_t cfg[CFG] = { 0 };
	char name[32];
	int k;

	if (argc < 2)
		return 2;
	for (k = 0; k < 4; k++) {
		uint64_t t0 = k == 3 ? ~0ULL - 100000 : 1000000ULL << (k * 10);

		cfg[0] = (uint8_t)(4 + 8 * k);
		memcpy(cfg + 1, &t0, 8);
		cfg[9] = (uint8_t)(k * 9);
		fz_record_start();
		run(cfg, CFG);
		snprintf(name, sizeof(name), "well-formed-%d", k);
		fz_record_write(argv[1], name, cfg, CFG);
	}
	return 0;
}
#endif
