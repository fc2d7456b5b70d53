// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Fuzz target: Linux's read of the AP's console ring (console_ring.h).
 *
 * Config: [0] reads, [1..2] Linux's buffer size per read (0..4096 bytes),
 * [3] the tail Linux starts at (a console that has run a while).
 * Oracles: every byte read lies in the ring (the accessor checks, ASan),
 * no read returns more than asked or than the ring holds, Linux's tail moves
 * by exactly what it read and skipped, and the tail it publishes is its own.
 */
#include "fuzz_ap.h"
#include <pmdi/console_ring.h>

#define CFG 4

static void run(const uint8_t *data, size_t size)
{
	unsigned int reads = 1 + (unsigned int)(fz_config(data, size, 0, 1) % 16), k;
	uint32_t max = (uint32_t)(fz_config(data, size, 1, 2) % (PMDI_CONSOLE_BUF_SIZE + 1));
	struct pmdi_console *c = malloc(sizeof(*c));
	struct pmdi_console_reader r = { 0 };
	char *out = malloc(max ? max : 1);

	fz_reset();
	memset(c, 0, sizeof(*c));
	fz_region(c, sizeof(*c));
	r.tail = (uint32_t)fz_config(data, size, 3, 1) << 24;
	c->head = c->tail = r.tail;
	fz_input(data + (size < CFG ? size : CFG), size < CFG ? 0 : size - CFG);
	for (k = 0; k < reads; k++) {
		uint32_t before = r.tail, skipped = 1, n;

#ifdef FZ_RECORD
		{
			/* A well-behaved AP: some text after each read, now and then too much. */
			uint32_t len = 100 * k + 7, i;

			for (i = 0; i < len; i++) {
				if (c->head - c->tail >= PMDI_CONSOLE_BUF_SIZE) {
					c->lost++;
					continue;
				}
				c->buf[c->head++ & (PMDI_CONSOLE_BUF_SIZE - 1)] =
					(uint8_t)('a' + i % 26);
			}
		}
#endif
		n = pmdi_console_take(c, &r, out, max, &skipped);
		FZ_ASSERT(n <= max && n <= PMDI_CONSOLE_BUF_SIZE, "read %u of %u", n, max);
		FZ_ASSERT(!skipped || skipped > PMDI_CONSOLE_BUF_SIZE, "skipped %u", skipped);
		FZ_ASSERT(r.tail - before == skipped + n, "tail moved %u, read %u, skipped %u",
			  r.tail - before, n, skipped);
		FZ_ASSERT(c->tail == r.tail, "published %u, own %u", c->tail, r.tail);
		pmdi_console_lost(c, &r);
	}
	free(out);
	free(c);
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
	uint8_t cfg[CFG];
	char name[32];
	int k;

	if (argc < 2)
		return 2;
	for (k = 0; k < 6; k++) {
		cfg[0] = (uint8_t)(2 + 2 * k);
		cfg[1] = (uint8_t)(k * 80);	/* read sizes of 0, 80, ... bytes */
		cfg[2] = (uint8_t)(k == 5 ? 16 : 0);	/* and one of the whole ring */
		cfg[3] = (uint8_t)(k == 4 ? 0xff : 0);	/* a tail about to wrap */
		fz_record_start();
		run(cfg, CFG);
		snprintf(name, sizeof(name), "well-formed-%d", k);
		fz_record_write(argv[1], name, cfg, CFG);
	}
	return 0;
}
#endif
