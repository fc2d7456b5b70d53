/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * pmdi client: what a new OS carries to use Linux's drivers. One freestanding
 * .c/.h pair, no dependency on any OS: the OS supplies a few callbacks
 * (doorbell IPI, clock, trace, wait) and physical buffer addresses.
 *
 *	struct pmdi_client c;
 *	struct pmdi_request rq = { .dev = vda, .op = PMDI_MBOX_OP_READ,
 *				   .buf = phys, .len = 4096, .offset = 0 };
 *	struct pmdi_mbox_cpl cpl;
 *
 *	pmdi_client_init(&c, mailbox, size, &ops, os_ctx);
 *	pmdi_call(&c, &rq, &cpl);	// synchronous: submit, wait, reap
 *
 * Asynchronous use: pmdi_submit() as many as there is room for, then
 * pmdi_reap() from the completion interrupt or by polling. Completions may
 * come back in any order; match them by id or cookie. The OS's idle loop asks
 * pmdi_client_may_sleep() with interrupts off before `sti; hlt`.
 *
 * At most cpl_slots requests are outstanding (credits), so Linux always has
 * room for every completion it owes. Network receive buffers (RECV) are
 * counted apart and at most rx_reserve (the sum of the table's NET rx_pool),
 * so that receive buffers waiting for frames always leave the other
 * requests cpl_slots - rx_reserve credits (a disk or a SEND never starves).
 */
#ifndef PMDI_CLIENT_H
#define PMDI_CLIENT_H

#include <pmdi/mailbox_ring.h>

/*
 * Request ids come from one sequence below 2^31; a RECV's has this bit set as
 * well: how the client counts its completions apart.
 */
#define PMDI_CLIENT_ID_RECV	0x80000000u

struct pmdi_client_ops {
	/* Send the doorbell IPI to Linux; pmdi_client_doorbell_target() says where. */
	void (*doorbell)(void *ctx);
	/* Timestamp for trace records (the TSC); may be NULL with trace NULL. */
	pmdi_u64 (*clock)(void *ctx);
	/* Record a trace event (enum pmdi_ev of trace_format.h); may be NULL. */
	void (*trace)(void *ctx, unsigned int type, pmdi_u64 tsc, pmdi_u32 req, pmdi_u32 arg,
		      const void *ext, pmdi_u32 ext_len);
	/*
	 * Wait for an interrupt (pmdi_call); NULL polls. It must ask
	 * pmdi_client_may_sleep() with interrupts off and only then sleep
	 * (x86: cli; if (may_sleep) sti; hlt; else sti).
	 */
	void (*wait)(void *ctx);
	/* A completion pmdi_call() reaped for another request; may be NULL. */
	void (*complete)(void *ctx, const struct pmdi_mbox_cpl *cpl);
};

/* What the OS asks for; the client fills the slot. */
struct pmdi_request {
	pmdi_u16 dev;		/* device table index */
	pmdi_u8 op;		/* enum pmdi_mbox_op */
	pmdi_u32 len;
	pmdi_u64 buf;		/* physical address in the I/O window */
	pmdi_u64 offset;
	pmdi_u64 cookie;	/* returned in the completion */
};

struct pmdi_client_stats {
	pmdi_u64 submitted, completed, doorbells, suppressed, ring_full, events;
};

struct pmdi_client {
	struct pmdi_mbox_view mb;
	pmdi_u32 req_prod;	/* our producer index (request ring) */
	pmdi_u32 cpl_cons;	/* our consumer index (completion ring) */
	pmdi_u32 evt_cons;	/* our consumer index (event ring) */
	pmdi_u32 next_id;
	pmdi_u32 outstanding;	/* every request but RECV */
	pmdi_u32 rx_outstanding;	/* RECV buffers posted, not completed */
	pmdi_u32 rx_reserve;	/* credits kept for RECV (sum of NET rx_pool) */
	int broken;		/* Linux's indices made no sense: stop */
	struct pmdi_client_stats stats;
	const struct pmdi_client_ops *ops;
	void *ctx;
};

/* 0, or -1 bad magic, -2 ABI version mismatch, -3 bad layout. */
int pmdi_client_init(struct pmdi_client *c, void *mailbox, pmdi_u32 size,
		     const struct pmdi_client_ops *ops, void *ctx);

/* The device table: count, entry, lookup by Linux name (-1 if absent). */
pmdi_u32 pmdi_client_ndev(const struct pmdi_client *c);
const struct pmdi_mbox_dev *pmdi_client_dev(const struct pmdi_client *c, pmdi_u32 idx);
int pmdi_client_find(const struct pmdi_client *c, const char *name);

/* Where the doorbell goes (read consistently against Linux re-publishing it). */
void pmdi_client_doorbell_target(const struct pmdi_client *c, pmdi_u32 *vector, pmdi_u32 *dest,
				 pmdi_u32 *dest_mode);

/* Post a request: its id (> 0), or -PMDI_EAGAIN when full, -PMDI_EPROTO when broken. */
long pmdi_submit(struct pmdi_client *c, const struct pmdi_request *rq);

/*
 * pmdi_submit with the slot's ABI version and flags given, sent as they are:
 * only to test Linux's refusals (the conformance workload).
 */
long pmdi_submit_as(struct pmdi_client *c, const struct pmdi_request *rq, pmdi_u8 abi,
		    pmdi_u32 flags);

/*
 * Take up to @max completions; returns how many (or -PMDI_EPROTO when broken).
 * Completions come back in any order (a RECV when a frame arrives).
 */
int pmdi_reap(struct pmdi_client *c, struct pmdi_mbox_cpl *out, int max);

/* Submit and wait for this request's completion; returns its status. */
int pmdi_call(struct pmdi_client *c, const struct pmdi_request *rq, struct pmdi_mbox_cpl *cpl);

/*
 * How many @op requests pmdi_submit() would take now (completion credits, the
 * receive reserve for RECV, request slots); 0 if none or broken. For a
 * submitter that fills what room there is (receive buffers): it stops here,
 * leaving a margin for other requests, instead of meeting -PMDI_EAGAIN, which
 * counts and traces a full ring.
 */
pmdi_u32 pmdi_client_room(const struct pmdi_client *c, pmdi_u8 op);

/* Take one unsolicited event: 1 taken, 0 none, -PMDI_EPROTO broken. */
int pmdi_take_event(struct pmdi_client *c, struct pmdi_mbox_evt *out);

/*
 * 1 if a completion or an event is ready to take, 0 if not (or broken): a
 * pure read of the rings' producer indices, for a short poll before the OS
 * sleeps. It leaves the sleeping flags alone: after the doorbell that woke
 * the OS, Linux has cleared the flag, so what Linux posts while the OS polls
 * comes without a doorbell IPI; pmdi_client_may_sleep() sets it again. The
 * cost is a CPU that spins: on the QEMU board every budget was slower than
 * sleeping at once (hdr.ap_poll_us, PORTING.md).
 */
int pmdi_client_ready(struct pmdi_client *c);

/*
 * With interrupts off: 1 if the OS may `sti; hlt` (Linux will ring), 0 if a
 * completion or an event is pending (take events even if you drop them: one
 * left on the ring makes this 0 for good).
 */
int pmdi_client_may_sleep(struct pmdi_client *c);

#endif /* PMDI_CLIENT_H */
