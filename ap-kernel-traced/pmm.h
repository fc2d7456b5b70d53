/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
#ifndef AP_PMM_H
#define AP_PMM_H

#include "types.h"

void pmm_init(u64 region_phys, u64 region_size, u64 first_free_offset);
u64 pmm_alloc_pages(u64 count);		/* physical address, 0 if none */
void pmm_free_pages(u64 phys, u64 count);
u64 pmm_free_count(void);

#endif /* AP_PMM_H */
