/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * mbox.h - this kernel's use of the pmdi client: the OS callbacks (doorbell
 * IPI, TSC, sleeping with hlt), the I/O window mapped identity and write-back,
 * and a bump allocator for buffers in it.
 */
#ifndef AP_MBOX_H
#define AP_MBOX_H

#include "types.h"
#include "pmdi_client.h"

int mbox_init(void);
struct pmdi_client *mbox_client(void);
bool mbox_ready(void);

/* Window memory (physical == virtual); 0 when the window is exhausted. */
u64 mbox_alloc(u64 bytes);

/*
 * Before sleeping: poll the completion and event rings for up to the budget
 * Linux gives (hdr.ap_poll_us); true as soon as something is ready to take,
 * false when the budget ran out or is 0 (then sleep as usual). What Linux
 * posts while we poll comes without a doorbell IPI if the ring's sleeping
 * flag is clear, as it is after the doorbell that woke us. It takes the
 * events first (mbox_take_events): one left on the ring would end every poll
 * at once.
 */
bool mbox_poll(void);
u32 mbox_poll_us(void);		/* the budget now, microseconds */

/* With interrupts off, before sti; hlt: may this CPU sleep? */
bool mbox_may_sleep(void);

/*
 * A workload with requests of its own in flight: @done gets their completions
 * that a synchronous call (mbox_call, kprintf's console write) reaped on the way.
 */
void mbox_set_other_done(void (*done)(const struct pmdi_mbox_cpl *cpl));

/*
 * Unsolicited events (a NIC's link changes) go to @on, or are dropped when
 * no handler is set: mbox_may_sleep() takes them before it lets the CPU
 * sleep, and a workload may take them at any time with mbox_take_events().
 */
void mbox_set_event_handler(void (*on)(const struct pmdi_mbox_evt *evt));
void mbox_take_events(void);

/* Synchronous request helpers; return the completion status. */
int mbox_call(u16 dev, u8 op, u64 buf, u32 len, u64 offset);
int mbox_console_write(const char *s, u32 len);

/*
 * Move @len bytes between the device and @buf in @chunk-byte requests with up
 * to @depth in flight. Returns 0 or the first failing status.
 */
int mbox_transfer(u16 dev, u8 op, u64 buf, u64 len, u64 offset, u32 chunk, u32 depth);

#endif /* AP_MBOX_H */
