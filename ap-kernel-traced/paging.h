/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
#ifndef AP_PAGING_H
#define AP_PAGING_H

#include "types.h"

/* Page-table entry bits (Intel SDM Vol. 3A 4.5, tables 4-15 to 4-20). */
#define PTE_P		(1ull << 0)	/* present */
#define PTE_RW		(1ull << 1)	/* writable */
#define PTE_PWT		(1ull << 3)	/* PAT index bit 0 */
#define PTE_PCD		(1ull << 4)	/* PAT index bit 1 */
#define PTE_PS		(1ull << 7)	/* 2 MiB page in a PD entry */
#define PTE_G		(1ull << 8)	/* global */
#define PTE_NX		(1ull << 63)	/* no execute, needs EFER.NXE */
#define PTE_ADDR_MASK	0x000ffffffffff000ull

/* PAT index 0 (write-back) and 3 (uncached) under both the reset PAT and
 * the one Linux programs (Vol. 3A 12.12.2). */
#define PTE_CACHE_WB	0
#define PTE_CACHE_UC	(PTE_PCD | PTE_PWT)

int paging_init(u64 region_phys, u64 region_size);
int paging_map_4k(u64 va, u64 pa, u64 flags);

#endif /* AP_PAGING_H */
