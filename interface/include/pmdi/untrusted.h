/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * Reading memory the AP can write, on Linux's side.
 *
 * The AP is an experimental kernel: to Linux, every byte it can write (ring
 * indices and slots, the control block, the console ring, its trace ring and
 * that ring's header, the clock-sync words) is input from a faulty device.
 * Linux's consume code reads such memory only through these accessors, each
 * call one fetch. That is the rule the code follows (read once into a private
 * copy, check the copy), and it is what the host fuzzers hook: they define
 * the accessors to return bytes from the fuzz input, so every fetch may see a
 * new value, as it may from a hostile CPU, and code that fetches a field twice
 * and trusts both to agree fails under the sanitizers.
 *
 * Writes Linux makes into AP-writable memory (its consumer indices, flags) go
 * through pmdi_ap_store*: Linux never reads them back, it keeps its own copy.
 */
#ifndef PMDI_UNTRUSTED_H
#define PMDI_UNTRUSTED_H

#include "boot.h"
#include "atomic.h"

#ifndef pmdi_ap_load32
#define pmdi_ap_load32(p) pmdi_load_relaxed(p)
#endif
#ifndef pmdi_ap_load64
#define pmdi_ap_load64(p) pmdi_load_relaxed(p)
#endif
/* An index that covers data published before it (pairs with a store-release). */
#ifndef pmdi_ap_load_acquire32
#define pmdi_ap_load_acquire32(p) pmdi_load_acquire(p)
#endif
#ifndef pmdi_ap_load_acquire64
#define pmdi_ap_load_acquire64(p) pmdi_load_acquire(p)
#endif
/* Copy @n bytes (a multiple of 8, 8-aligned) of AP memory into private memory. */
#ifndef pmdi_ap_copy
#define pmdi_ap_copy(dst, src, n) pmdi_ap_copy_words((dst), (src), (n))
#endif
#ifndef pmdi_ap_load8
#define pmdi_ap_load8(p) pmdi_load_relaxed(p)
#endif
#ifndef pmdi_ap_store32
#define pmdi_ap_store32(p, v) pmdi_store_relaxed((p), (v))
#endif
/* An exchange that is also a full fence; the old value is only a hint. */
#ifndef pmdi_ap_xchg32
#define pmdi_ap_xchg32(p, v) pmdi_xchg((p), (v))
#endif
#ifndef pmdi_ap_store_release32
#define pmdi_ap_store_release32(p, v) pmdi_store_release((p), (v))
#endif
#ifndef pmdi_ap_store_release64
#define pmdi_ap_store_release64(p, v) pmdi_store_release((p), (v))
#endif

/* A u64 that may alias any object, for whole-slot copies. */
typedef pmdi_u64 __attribute__((__may_alias__)) pmdi_u64_alias;

static inline void pmdi_ap_copy_words(void *dst, const void *src, pmdi_u64 n)
{
	const volatile pmdi_u64_alias *s = (const volatile pmdi_u64_alias *)src;
	pmdi_u64_alias *d = (pmdi_u64_alias *)dst;
	pmdi_u64 i;

	for (i = 0; i < n / 8; i++)
		d[i] = s[i];
}

#endif /* PMDI_UNTRUSTED_H */
