// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * pmdi/elf_image.h built as the module builds it (freestanding, no libc,
 * kernel code model, no SSE): the Makefile compiles this file and fails if
 * the object needs any symbol from outside (memcpy, memset, a libgcc helper).
 */
#include <pmdi/elf_image.h>

int pmdi_elf_freestanding(const void *file, pmdi_u64 size, struct pmdi_elf_image *out,
			  char *msg, pmdi_u32 len);

int pmdi_elf_freestanding(const void *file, pmdi_u64 size, struct pmdi_elf_image *out,
			  char *msg, pmdi_u32 len)
{
	struct pmdi_elf_limits lim;
	int rc;

	pmdi_elf_limits_default(&lim, PMDI_REGION_MIN_SIZE);
	rc = pmdi_elf_parse(file, size, &lim, out);
	pmdi_elf_describe(rc, out, msg, len);
	return rc;
}
