/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The clock-sync words of the mailbox header, Linux's side: Linux bumps
 * sync_req and sends the AP its wake IPI; the AP's handler writes its TSC
 * (sync_ap_tsc), then sync_ack = sync_req. Linux reads t0 before and t1 after:
 *
 *   offset = ta - (t0 + t1) / 2,  uncertainty = (t1 - t0) / 2
 *
 * and keeps the exchange with the smallest round trip. The AP's words are
 * only values: any TSC it writes is taken as its claim, and an answer to
 * another sequence number is no answer. Freestanding (module and fuzzers).
 */
#ifndef PMDI_CLOCK_SYNC_H
#define PMDI_CLOCK_SYNC_H

#include "mailbox.h"
#include "untrusted.h"

struct pmdi_clock_best {
	pmdi_u64 rtt;		/* smallest round trip so far, ~0 = none */
	__INT64_TYPE__ offset;	/* AP TSC - Linux TSC of that exchange */
};

static inline void pmdi_clock_best_init(struct pmdi_clock_best *b)
{
	b->rtt = ~0ULL;
	b->offset = 0;
}

/* Has the AP answered @seq? Then *@ta is its TSC. */
static inline int pmdi_clock_answered(struct pmdi_mbox_hdr *h, pmdi_u32 seq, pmdi_u64 *ta)
{
	/* The ack before the TSC it covers (the AP writes the TSC first). */
	if (pmdi_ap_load_acquire32(&h->sync_ack) != seq)
		return 0;
	*ta = pmdi_ap_load64(&h->sync_ap_tsc);
	return 1;
}

/* One exchange: t0 before the IPI, t1 when the answer was seen, ta the AP's TSC. */
static inline void pmdi_clock_sample(struct pmdi_clock_best *b, pmdi_u64 t0, pmdi_u64 t1,
				     pmdi_u64 ta)
{
	pmdi_u64 rtt = t1 - t0;

	if (t1 < t0 || rtt >= b->rtt)
		return;
	b->rtt = rtt;
	b->offset = (__INT64_TYPE__)(ta - (t0 + rtt / 2));
}

#endif /* PMDI_CLOCK_SYNC_H */
