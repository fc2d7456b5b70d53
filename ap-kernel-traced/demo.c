// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * demo.c - the demo workload: the device list, then real I/O through Linux's
 * drivers. A pattern is written to a range of vdb, flushed, read back and
 * compared; the first MiB of vda (which the host filled with seeded random
 * data) is read and its SHA-256 printed. The host checks both afterwards:
 * the pattern in the disk image byte for byte, the hash against its own.
 * With a rate (workload_arg), the demo then goes on without end: demo_live.c.
 */
#include "console.h"
#include "mbox.h"
#include "sha256.h"
#include "workload.h"

#define DEMO_LEN	(1u << 20)
#define DEMO_CHUNK	(64u << 10)
#define DEMO_DEPTH	8

static const char *class_name(u8 cls)
{
	static const char *const names[] = { "null", "console", "block", "net", "rng", "clock" };

	return cls < sizeof(names) / sizeof(names[0]) ? names[cls] : "?";
}

void workload_devices(void)
{
	struct pmdi_client *c = mbox_client();
	u32 i;

	kprintf("devices: %u through the mailbox\n", pmdi_client_ndev(c));
	for (i = 0; i < pmdi_client_ndev(c); i++) {
		const struct pmdi_mbox_dev *d = pmdi_client_dev(c, i);

		kprintf("devices: %u %s %s (%s) %lu bytes, %u-byte blocks\n", i, d->name,
			class_name(d->dev_class), d->driver, d->capacity, d->block_size);
	}
}

static void demo_vdb(int dev)
{
	u64 w = mbox_alloc(DEMO_LEN), r = mbox_alloc(DEMO_LEN), k;
	u8 *wb = (u8 *)w, *rb = (u8 *)r;
	int st;

	if (!w || !r) {
		kprintf("demo: vdb: no room in the I/O window\n");
		return;
	}
	for (k = 0; k < DEMO_LEN; k++) {
		wb[k] = demo_pattern(k);
		rb[k] = 0;
	}
	st = mbox_transfer((u16)dev, PMDI_MBOX_OP_WRITE, w, DEMO_LEN, 0, DEMO_CHUNK, DEMO_DEPTH);
	if (!st)
		st = mbox_call((u16)dev, PMDI_MBOX_OP_FLUSH, 0, 0, 0);
	if (!st)
		st = mbox_transfer((u16)dev, PMDI_MBOX_OP_READ, r, DEMO_LEN, 0, DEMO_CHUNK,
				   DEMO_DEPTH);
	if (st) {
		kprintf("demo: vdb pattern: I/O failed with status %d\n", st);
		return;
	}
	for (k = 0; k < DEMO_LEN; k++)
		if (rb[k] != demo_pattern(k)) {
			kprintf("demo: vdb pattern: MISMATCH at byte %lu\n", k);
			return;
		}
	kprintf("demo: vdb pattern: wrote, flushed and read back %u bytes at offset 0: OK\n",
		DEMO_LEN);
}

static void demo_vda(int dev)
{
	u64 r = mbox_alloc(DEMO_LEN);
	u8 digest[32];
	char hex[65];
	int st, i;

	if (!r) {
		kprintf("demo: vda: no room in the I/O window\n");
		return;
	}
	st = mbox_transfer((u16)dev, PMDI_MBOX_OP_READ, r, DEMO_LEN, 0, DEMO_CHUNK, DEMO_DEPTH);
	if (st) {
		kprintf("demo: vda read failed with status %d\n", st);
		return;
	}
	sha256((const void *)r, DEMO_LEN, digest);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
	}
	hex[64] = 0;
	kprintf("demo: vda sha256 of the first MiB: %s\n", hex);
}

void workload_demo(u32 rate)
{
	struct pmdi_client *c = mbox_client();
	int vda = pmdi_client_find(c, "vda"), vdb = pmdi_client_find(c, "vdb");

	if (vdb >= 0)
		demo_vdb(vdb);
	else
		kprintf("demo: no vdb in the device table\n");
	if (vda >= 0)
		demo_vda(vda);
	else
		kprintf("demo: no vda in the device table\n");
	kprintf("demo: done\n");
	if (rate)
		demo_live(rate);
}
