/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
#ifndef AP_MEMTYPE_H
#define AP_MEMTYPE_H

#include "types.h"
#include "layout.h"

u32 mtrr_type_of_range(u64 phys, u64 size);
u32 mtrr_sync(const struct pmdi_mtrr_state *linux_mtrrs);
u32 pat_type_of_index(u64 pat, unsigned int index);

#endif /* AP_MEMTYPE_H */
