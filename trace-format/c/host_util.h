/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/* Small helpers shared by the host-side test and benchmark programs. */
#ifndef PMDI_HOST_UTIL_H
#define PMDI_HOST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static int host_failures __attribute__((unused));

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
			host_failures++;                                      \
		}                                                             \
	} while (0)

static inline double host_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline unsigned long long host_rdtsc(void)
{
	return __rdtsc();
}

/* Reference COBS decoder for tests: returns decoded length or -1. */
static inline int host_cobs_decode(const unsigned char *in, int len, unsigned char *out)
{
	int i = 0, o = 0;

	while (i < len) {
		int code = in[i++], k;

		if (code == 0)
			return -1;
		for (k = 1; k < code; k++) {
			if (i >= len || in[i] == 0)
				return -1;
			out[o++] = in[i++];
		}
		if (code != 0xff && i < len)
			out[o++] = 0;
	}
	return o;
}

#endif
