/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
#ifndef AP_LAPIC_H
#define AP_LAPIC_H

#include "types.h"

int lapic_init(u32 tsc_khz, u32 hz);
void lapic_eoi(void);
u32 lapic_id(void);
bool lapic_is_x2apic(void);
void lapic_timer_stop(void);
void lapic_timer_start(void);	/* again, after lapic_timer_stop */
void lapic_send_fixed(u32 dest, u8 vector, bool logical);

#endif /* AP_LAPIC_H */
