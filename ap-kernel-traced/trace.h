/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * trace.h - the AP kernel's trace ring (interface/include/pmdi/trace_ring.h)
 * in the shared region; Linux's drain reads it. One producer: this CPU, with
 * interrupts off around each record (handlers trace too).
 */
#ifndef AP_TRACE_H
#define AP_TRACE_H

#include "types.h"
#include <pmdi/trace_format.h>

/* Start tracing once the mailbox header (which carries the class mask) is known. */
void trace_init(void);
void trace_event(unsigned int type, u32 req, u32 arg);
void trace_event_ext(unsigned int type, u32 req, u32 arg, const void *ext, u32 len);

/*
 * Is the ring more than half full (Linux's drain behind)? A workload that
 * must not lose records (conformance) posts no more requests until it is not.
 */
bool trace_backlog(void);

/* From the wake IPI handler: answer Linux's clock-sync ping, if one is pending. */
void trace_clock_answer(void);

#endif /* AP_TRACE_H */
