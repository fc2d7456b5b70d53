// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * trace.c - the AP side of tracing: records into the ring Linux set up at
 * region + PMDI_TRACE_OFFSET before starting us (checked by its magic), and
 * the clock-sync answer. The record's timestamp is this CPU's TSC; Linux
 * measures its offset from its own (see dispatcher-module-traced/pmdi_trace.c).
 */
#include "layout.h"
#include "x86.h"
#include "mbox.h"
#include "trace.h"

#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>

static struct pmdi_trace_ring *ring;
static struct pmdi_mbox_hdr *hdr;

void trace_init(void)
{
	struct pmdi_trace_ring *r = (void *)(PMDI_AP_KVBASE + PMDI_TRACE_OFFSET);

	hdr = mbox_client()->mb.hdr;
	if (r->magic == PMDI_RING_MAGIC && r->nslots == PMDI_TRACE_SLOTS)
		ring = r;
}

static bool wanted(unsigned int type)
{
	u32 mask, cls;

	if (!ring)
		return false;
	mask = READ_ONCE(hdr->trace_mask);
	cls = pmdi_ev_class_of(type);
	return mask && (!cls || (mask & cls));
}

bool trace_backlog(void)
{
	if (!ring || READ_ONCE(ring->broken) || !READ_ONCE(hdr->trace_mask))
		return false;
	return READ_ONCE(ring->head) - READ_ONCE(ring->tail) > ring->nslots / 2;
}

void trace_event(unsigned int type, u32 req, u32 arg)
{
	u64 flags;

	if (!wanted(type))
		return;
	flags = irq_save();
	pmdi_ring_emit(ring, type, rdtsc(), req, arg);
	irq_restore(flags);
}

void trace_event_ext(unsigned int type, u32 req, u32 arg, const void *ext, u32 len)
{
	u64 flags;

	if (!wanted(type))
		return;
	flags = irq_save();
	pmdi_ring_emit_ext(ring, type, rdtsc(), req, arg, ext, len);
	irq_restore(flags);
}

void trace_clock_answer(void)
{
	u32 req;

	if (!hdr)
		return;
	req = READ_ONCE(hdr->sync_req);
	if (req == READ_ONCE(hdr->sync_ack))
		return;
	WRITE_ONCE(hdr->sync_ap_tsc, rdtsc());
	barrier();	/* our TSC before the ack that announces it (x86 keeps store order) */
	WRITE_ONCE(hdr->sync_ack, req);
}
