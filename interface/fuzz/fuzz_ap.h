/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The AP's memory as the fuzzers show it to Linux's consume code.
 *
 * Included before any pmdi header: it defines the untrusted.h accessors so
 * that every fetch of AP-writable memory takes fresh bytes from the fuzz input
 * (a hostile CPU may change any word between two fetches), falling back to
 * the real bytes of the fake shared region once the input is used up. Every
 * fetch and store is checked to lie inside that region: an index Linux got
 * wrong aborts here, before ASan even looks.
 *
 * Input layout: FZ_CONFIG bytes the target reads for its set-up (sizes,
 * Linux's own tables), then the stream of fetched values.
 *
 * Record mode (FZ_RECORD, the seed generators): fetches read the real
 * region and append what they saw to a log, so a well-formed run becomes an
 * input that replays it exactly.
 */
#ifndef PMDI_FUZZ_AP_H
#define PMDI_FUZZ_AP_H

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_assert.h"

struct fz_state {
	const uint8_t *in;	/* the fetch stream */
	size_t len, pos;
	uintptr_t lo[4], hi[4];	/* the fake shared regions [lo, hi) */
	unsigned int nregions;
	uint64_t fetches;
	uintptr_t last_addr;	/* the last fetch of up to 8 bytes: address, value */
	uint64_t last_val;
	uint8_t *log;		/* record mode: the fetched bytes */
	size_t log_len, log_cap;
};

static struct fz_state fz;

/* Forget the regions of the last run. */
static inline void fz_reset(void)
{
	fz.nregions = 0;
	fz.fetches = 0;
	fz.last_addr = 0;
}

/* One more piece of AP-writable memory (its own allocation, so ASan guards its ends). */
static inline void fz_region(void *base, size_t size)
{
	assert(fz.nregions < 4);
	fz.lo[fz.nregions] = (uintptr_t)base;
	fz.hi[fz.nregions++] = (uintptr_t)base + size;
}

static inline void fz_input(const uint8_t *in, size_t len)
{
	fz.in = in;
	fz.len = len;
	fz.pos = 0;
}

static inline int fz_in_region(const volatile void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;
	unsigned int i;

	for (i = 0; i < fz.nregions; i++)
		if (a >= fz.lo[i] && a <= fz.hi[i] && n <= fz.hi[i] - a)
			return 1;
	return 0;
}

static inline void fz_check(const volatile void *p, size_t n, const char *what)
{
	if (!fz_in_region(p, n)) {
		fprintf(stderr, "fuzz: %s of %zu bytes at %p outside the AP's memory\n", what, n,
			(const void *)p);
		abort();
	}
}

static inline void fz_log(const void *v, size_t n)
{
	if (fz.log_len + n > fz.log_cap) {
		fz.log_cap = (fz.log_len + n) * 2 + 4096;
		fz.log = realloc(fz.log, fz.log_cap);
		assert(fz.log);
	}
	memcpy(fz.log + fz.log_len, v, n);
	fz.log_len += n;
}

/* One fetch of @n bytes at @p (in the AP region) into @dst. */
static inline void fz_fetch(void *dst, const volatile void *p, size_t n)
{
	fz_check(p, n, "fetch");
	fz.fetches++;
	/* Touch the real bytes too, so ASan sees every address Linux reads. */
	memcpy(dst, (const void *)p, n);
#ifdef FZ_RECORD
	fz_log(dst, n);
#else
	if (fz.len - fz.pos >= n) {
		memcpy(dst, fz.in + fz.pos, n);
		fz.pos += n;
	} else {
		fz.pos = fz.len;	/* used up: the real bytes from now on */
	}
#endif
}

/* pmdi_ap_copy: whole aligned words only, as the default pmdi_ap_copy_words() copies. */
static inline void fz_copy(void *dst, const volatile void *src, size_t n)
{
	if (n % 8 || (uintptr_t)src % 8 || (uintptr_t)dst % 8) {
		fprintf(stderr, "fuzz: pmdi_ap_copy of %zu bytes from %p to %p: not whole words\n",
			n, (const void *)src, dst);
		abort();
	}
	fz_fetch(dst, src, n);
}

static inline uint64_t fz_load(const volatile void *p, size_t n)
{
	uint64_t v = 0;

	fz_fetch(&v, p, n);
	fz.last_addr = (uintptr_t)p;
	fz.last_val = v;
	return v;
}

static inline void fz_store(volatile void *p, uint64_t v, size_t n)
{
	fz_check(p, n, "store");
	memcpy((void *)p, &v, n);
}

/* Record mode: start a new log; then write @cfg and what was fetched as one input. */
static inline void fz_record_start(void)
{
	fz.log_len = 0;
}

static inline void fz_record_write(const char *dir, const char *name, const void *cfg,
				   size_t cfg_len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fwrite(cfg, 1, cfg_len, f);
	fwrite(fz.log, 1, fz.log_len, f);
	fclose(f);
}

/* Configuration bytes at the head of the input (0 once it is too short). */
static inline uint64_t fz_config(const uint8_t *in, size_t len, size_t off, size_t n)
{
	uint64_t v = 0;

	if (off + n <= len)
		memcpy(&v, in + off, n);
	return v;
}

#define FZ_SIZED(p, n) _Static_assert(sizeof(*(p)) == (n), "accessor size")

#define pmdi_ap_load8(p) \
	__extension__({ FZ_SIZED(p, 1); (__typeof__(*(p)))fz_load((p), 1); })
#define pmdi_ap_load32(p) \
	__extension__({ FZ_SIZED(p, 4); (__typeof__(*(p)))fz_load((p), 4); })
#define pmdi_ap_load64(p) \
	__extension__({ FZ_SIZED(p, 8); (__typeof__(*(p)))fz_load((p), 8); })
#define pmdi_ap_load_acquire32(p) pmdi_ap_load32(p)
#define pmdi_ap_load_acquire64(p) pmdi_ap_load64(p)
#define pmdi_ap_copy(dst, src, n) fz_copy((dst), (src), (n))
#define pmdi_ap_store_release32(p, v) \
	__extension__({ FZ_SIZED(p, 4); fz_store((p), (v), 4); })
#define pmdi_ap_store_release64(p, v) \
	__extension__({ FZ_SIZED(p, 8); fz_store((p), (v), 8); })

/*
 * A small quarantine: each run allocates its rings afresh at their exact size
 * (ASan guards the ends), and a large one made the kernel clear pages for
 * every run.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=4:malloc_context_size=4";
}

#endif /* PMDI_FUZZ_AP_H */
