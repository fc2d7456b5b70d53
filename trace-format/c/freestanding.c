// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Compiled with -ffreestanding -nostdinc: proves the trace headers need no
 * libc and no OS headers, as the AP kernel and the Linux module require.
 */
#include <pmdi/trace_format.h>
#include <pmdi/trace_ring.h>
#include <pmdi/trace_codec.h>
#include <pmdi/trace_drain.h>
#include <pmdi/console_ring.h>
#include <pmdi/clock_sync.h>
#include <pmdi/mailbox_ring.h>

int pmdi_freestanding_probe(struct pmdi_trace_ring *r, pmdi_u8 *wire);

int pmdi_freestanding_probe(struct pmdi_trace_ring *r, pmdi_u8 *wire)
{
	struct pmdi_trace_rec out[4];
	struct pmdi_frame_builder fb;
	struct pmdi_ring_consumer c;
	struct pmdi_event ev;
	int n;

	pmdi_ring_consumer_init(&c, r);
	pmdi_ring_emit(r, PMDI_EV_HEARTBEAT, 1, 0, 1);
	n = pmdi_ring_consume(&c, out, 4);
	if (n <= 0 || pmdi_event_from_rec(out, (pmdi_u32)n, &ev))
		return -1;
	pmdi_fb_start(&fb, 0, 0, ev.tsc, 0);
	pmdi_fb_add(&fb, &ev);
	return (int)pmdi_frame_seal(fb.buf, fb.len, wire);
}
