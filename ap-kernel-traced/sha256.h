/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/* SHA-256 (FIPS 180-4), to prove data came through a real driver. */
#ifndef AP_SHA256_H
#define AP_SHA256_H

#include "types.h"

void sha256(const void *data, u64 len, u8 out[32]);

#endif /* AP_SHA256_H */
