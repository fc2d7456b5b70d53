/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * rng.h - entropy from Linux's hardware RNG through the mailbox (rng.c), and
 * the AP's own small generator seeded from it.
 */
#ifndef AP_RNG_H
#define AP_RNG_H

#include "types.h"

/* The RNG device's index in the device table, or -1 without one. */
int rng_find(void);

/*
 * @len bytes (1..the device's max_len) of hardware entropy into @buf, a
 * window address: 0 or -errno. Waits as long as Linux's hwrng gives nothing.
 */
int rng_read(u64 buf, u32 len);

/* Seed the generator from 8 hwrng bytes: 0, or -errno (then left as it was). */
int prng_seed_from_hwrng(void);

/* The next 64 bits of the generator (splitmix64: not for secrets). */
u64 prng_u64(void);

#endif /* AP_RNG_H */
