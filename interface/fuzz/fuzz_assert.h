/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * FZ_ASSERT: an invariant check of the fuzz targets that stays on in every
 * build (libFuzzer reports the abort and keeps the input).
 */
#ifndef PMDI_FUZZ_ASSERT_H
#define PMDI_FUZZ_ASSERT_H

#include <stdio.h>
#include <stdlib.h>

#define FZ_ASSERT(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz invariant %s:%d: %s: ", __FILE__, \
				__LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

#endif /* PMDI_FUZZ_ASSERT_H */
