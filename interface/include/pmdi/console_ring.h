/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * Linux's side of the AP's console ring (struct pmdi_console, shared.h): the
 * AP produces bytes, Linux consumes them. Freestanding: the module runs it,
 * the host fuzzers feed it hostile rings.
 *
 * Linux keeps the authoritative tail in its own memory and only publishes it
 * to the AP; the AP's head is read once per call and checked: a head more
 * than a ring ahead of the tail (the AP never overwrites) is impossible, and
 * Linux skips to it, counting the bytes it could not trust.
 */
#ifndef PMDI_CONSOLE_RING_H
#define PMDI_CONSOLE_RING_H

#include "shared.h"
#include "untrusted.h"

struct pmdi_console_reader {
	pmdi_u32 tail;		/* bytes consumed: Linux's own, never read back */
	pmdi_u32 seen_lost;	/* the AP's lost counter at the last look */
};

/*
 * Copy up to @max new bytes into @out; returns the count. Sets *@skipped to
 * the bytes jumped over when the AP's head was impossible (0 otherwise).
 */
static inline pmdi_u32 pmdi_console_take(struct pmdi_console *c, struct pmdi_console_reader *r,
					 char *out, pmdi_u32 max, pmdi_u32 *skipped)
{
	/* The head before the bytes it covers. */
	pmdi_u32 head = pmdi_ap_load_acquire32(&c->head), n, i;

	*skipped = 0;
	if (head - r->tail > PMDI_CONSOLE_BUF_SIZE) {
		*skipped = head - r->tail;
		r->tail = head;
	}
	n = head - r->tail;
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = (char)pmdi_ap_load8(&c->buf[(r->tail + i) & (PMDI_CONSOLE_BUF_SIZE - 1)]);
	r->tail += n;
	/* Our reads of the bytes before the tail that frees them. */
	pmdi_ap_store_release32(&c->tail, r->tail);
	return n;
}

/* Bytes the AP says it dropped since the last call (its counter is only advisory). */
static inline pmdi_u32 pmdi_console_lost(struct pmdi_console *c, struct pmdi_console_reader *r)
{
	pmdi_u32 lost = pmdi_ap_load32(&c->lost), d = lost - r->seen_lost;

	r->seen_lost = lost;
	return d;
}

#endif /* PMDI_CONSOLE_RING_H */
