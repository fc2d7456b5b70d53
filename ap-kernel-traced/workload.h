/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * workload.h - what the AP kernel does with Linux's devices once its mailbox
 * is up (Linux chooses, struct pmdi_mbox_hdr.workload). Results are printed
 * on the console device, one "tag: ..." line each, for the board's tests.
 */
#ifndef AP_WORKLOAD_H
#define AP_WORKLOAD_H

#include "types.h"

void workload_demo(u32 rate);		/* demo.c: rate 0: the check, then idle */
void demo_live(u32 rate);		/* demo_live.c: rate requests/s without end */
void workload_bench(u32 seconds);	/* bench.c */
void workload_burst(void);		/* bench.c */
void workload_badreq(u32 arg);		/* badreq.c: arg bit 0: the host switches the link */
void workload_devices(void);		/* demo.c: list the device table */
void workload_mixed(u32 seconds);	/* stuck.c */
void workload_stuck(u32 mode);		/* stuck.c: enum pmdi_workload test modes */
void workload_fuzz(u32 arg, u32 seed);	/* fuzz.c: arg thousands of messages, bit 31 */
void workload_conformance(u32 arg, u32 seed);	/* conformance.c: PORTING.md's steps */
void workload_rng(u32 arg);		/* rng.c: hwrng READ checks, waits, unload; bench */
void workload_net(u32 arg);		/* net_echo.c: ARP, ping, UDP echo (arg: see there) */

/* The byte the demo writes at @k of its vdb range (the host checks the image). */
static inline u8 demo_pattern(u64 k)
{
	return (u8)(k * 7 + (k >> 8) * 13 + 0x5a);
}

#endif /* AP_WORKLOAD_H */
