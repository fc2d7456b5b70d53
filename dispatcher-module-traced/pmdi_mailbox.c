// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_mailbox.c - the dispatcher: the Linux side of the mailbox.
 *
 * Set-up, before the AP starts: lay the mailbox out in the region, write
 * the device table, allocate the I/O window (pages the block layer accepts,
 * so block I/O is zero-copy unless bounce=1), allocate the doorbell IRQ from
 * the x86 vector domain on one online CPU and publish its vector and
 * destination.
 *
 * Serving (see pmdi_mbox.h for the contexts): the doorbell IRQ handler
 * drains the request ring; every slot is copied once into Linux memory and
 * only that copy is checked and used. Credits keep the completion ring from
 * overflowing: a request is taken only when a completion slot is certain
 * for it, so an AP that stops taking completions stalls its own requests,
 * never Linux.
 *
 * Hardware background: Intel SDM Vol. 3A 11.6 (issuing IPIs), 11.8.4
 * (interrupt acceptance: an IPI to a vector is held pending, so doorbells
 * coalesce).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/apic.h>
#include <asm/hw_irq.h>
#include <asm/irqdomain.h>
#include "pmdi.h"
#include "pmdi_mbox.h"
#include "pmdi_trace.h"

#define PMDI_REQ_SLOTS	64
/* Room for every credit and every NIC's receive pool (see credit_limit). */
#define PMDI_CPL_SLOTS	128
#define PMDI_EVT_SLOTS	64
#define PMDI_WIN_CHUNK_ORDER	10	/* 4 MiB, the largest the buddy allocator gives */

static const char *const reason_names[PMDI_MBOX_R_MAX + 1] = {
	[PMDI_MBOX_R_OK] = "ok",
	[PMDI_MBOX_R_BAD_VERSION] = "wrong ABI version",
	[PMDI_MBOX_R_BAD_DEVICE] = "no such device",
	[PMDI_MBOX_R_BAD_OP] = "operation not supported by the device",
	[PMDI_MBOX_R_BAD_BUFFER] = "buffer outside the I/O window",
	[PMDI_MBOX_R_BAD_LENGTH] = "bad length",
	[PMDI_MBOX_R_BAD_OFFSET] = "offset beyond the device",
	[PMDI_MBOX_R_MISALIGNED] = "misaligned buffer",
	[PMDI_MBOX_R_DEVICE_ERROR] = "device error",
	[PMDI_MBOX_R_SHUTDOWN] = "dispatcher unloading",
	[PMDI_MBOX_R_NO_MEMORY] = "out of memory",
	[PMDI_MBOX_R_BAD_FLAGS] = "reserved flags set",
	[PMDI_MBOX_R_LINK_DOWN] = "link down",
	[PMDI_MBOX_R_RX_POOL_FULL] = "receive pool full",
};

/* ---- one io per credit ------------------------------------------------ */

/* A free io for a request just taken; a credit guarantees there is one. */
static struct pmdi_io *pmdi_io_get(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq,
				   u64 seq, u8 phase)
{
	struct pmdi_io *io = NULL;
	unsigned long flags;
	int i;

	spin_lock_irqsave(&mb->io_lock, flags);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT; i++)
		if (!mb->io[i].used) {
			io = &mb->io[i];
			io->used = true;
			io->rq = *rq;
			io->seq = seq;
			io->phase = phase;
			io->since = rdtsc();
			io->bounce = NULL;
			break;
		}
	spin_unlock_irqrestore(&mb->io_lock, flags);
	return io;
}

static void pmdi_io_phase(struct pmdi_io *io, u8 phase)
{
	unsigned long flags;

	spin_lock_irqsave(&io->mb->io_lock, flags);
	io->phase = phase;
	io->since = rdtsc();
	spin_unlock_irqrestore(&io->mb->io_lock, flags);
}

static void pmdi_io_put(struct pmdi_io *io)
{
	unsigned long flags;

	spin_lock_irqsave(&io->mb->io_lock, flags);
	io->used = false;
	spin_unlock_irqrestore(&io->mb->io_lock, flags);
}

bool pmdi_mbox_stuck(struct pmdi_mbox *mb, u64 cycles, char *why, size_t len)
{
	static const char *const phase[] = { "queued", "waiting for a worker", "in the driver",
					      "replied" };
	u64 now = rdtsc(), oldest = 0;
	unsigned long flags;
	u32 cons, prod;
	int i, which = -1;

	spin_lock_irqsave(&mb->io_lock, flags);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT; i++)
		if (mb->io[i].used && now - mb->io[i].since > max(cycles, oldest)) {
			oldest = now - mb->io[i].since;
			which = i;
		}
	if (which >= 0)
		snprintf(why, len, "request %u on %s %s for %llu ms", mb->io[which].rq.id,
			 mb->devs[mb->io[which].rq.dev].name,
			 phase[mb->io[which].phase & 3], U64(oldest / tsc_khz));
	spin_unlock_irqrestore(&mb->io_lock, flags);
	if (which >= 0)
		return true;
	/* Completions waiting: has the AP's index moved since we last looked? */
	spin_lock_irqsave(&mb->cpl_lock, flags);
	prod = mb->cpl.idx;
	spin_unlock_irqrestore(&mb->cpl_lock, flags);
	cons = pmdi_ap_load32(&mb->v.cpl_ring->cons);
	if (cons != mb->seen_cpl_cons || cons == prod) {
		mb->seen_cpl_cons = cons;
		mb->cpl_cons_since = now;
		return false;
	}
	if (now - mb->cpl_cons_since <= cycles)
		return false;
	snprintf(why, len, "%u completions not taken by the AP for %llu ms", prod - cons,
		 U64((now - mb->cpl_cons_since) / tsc_khz));
	return true;
}

unsigned int pmdi_mbox_snapshot(struct pmdi_mbox *mb, struct pmdi_blob_inflight *out,
				unsigned int max)
{
	unsigned long flags;
	unsigned int n = 0;
	int i;

	spin_lock_irqsave(&mb->io_lock, flags);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT && n < max; i++) {
		const struct pmdi_io *io = &mb->io[i];

		if (io->used)
			out[n++] = (struct pmdi_blob_inflight){ .since_tsc = io->since,
				.req = io->rq.id, .dev = io->rq.dev, .op = io->rq.op,
				.phase = io->phase };
	}
	spin_unlock_irqrestore(&mb->io_lock, flags);
	return n;
}

/* ---- a broken channel ----------------------------------------------- */

/*
 * The AP broke the protocol (virtio's BAD_RING): Linux stops taking requests,
 * posts what it still can, says so once in dmesg, in debugfs, in the trace
 * and in the mailbox header for the AP, and keeps running. Any context.
 */
void pmdi_mbox_break(struct pmdi_mbox *mb, enum pmdi_mbox_broken why)
{
	u8 log[PMDI_BLOB_MAX];
	u32 len;

	if (atomic_cmpxchg(&mb->broken, PMDI_MBOX_BROKEN_NONE, why) != PMDI_MBOX_BROKEN_NONE)
		return;
	WRITE_ONCE(mb->v.hdr->broken, why);
	pr_err("channel broken: %s; the mailbox stops serving the AP (%lld requests taken, %lld completed); rmmod and insmod start a new one\n",
	       pmdi_mbox_broken_name(why), atomic64_read(&mb->requests),
	       atomic64_read(&mb->completed));
	if (pmdi_tracing(mb->trace, PMDI_CLASS_LOG)) {
		log[0] = PMDI_LOG_ERR;
		len = 1 + scnprintf(log + 1, sizeof(log) - 1, "channel broken: %s",
				    pmdi_mbox_broken_name(why));
		pmdi_trace_emit_ext(mb->trace, PMDI_EV_LOG, 0, len, log, len);
	}
}

static bool pmdi_mbox_is_broken(struct pmdi_mbox *mb)
{
	return atomic_read(&mb->broken) != PMDI_MBOX_BROKEN_NONE;
}

/* ---- completions ---------------------------------------------------- */

/*
 * Post a completion; any context. The credit taken for @rq is returned.
 * @seq: when Linux took @rq (pmdi_mbox_take), for the out-of-order count.
 * @refused: no driver saw @rq; the trace says why (REQ_REFUSED, format v1)
 * right before its REPLY_POST, on the same ring: several reasons share an errno.
 */
static void pmdi_mbox_post(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq,
			   int status, u32 bytes, unsigned int reason, bool refused, bool rx)
{
	struct pmdi_mbox_cpl cpl = { .id = rq->id, .status = status, .bytes = bytes,
				     .reason = reason, .cookie = rq->cookie };
	unsigned long flags;
	u32 idx;
	int ring = -1;

	spin_lock_irqsave(&mb->cpl_lock, flags);
	idx = mb->cpl.idx & (mb->cpl.nslots - 1);
	if (!mb->ap_gone)
		ring = pmdi_mbox_cpl_post(&mb->cpl, &cpl);
	/* cpl_lock orders the posts: one taken later already went out? */
	if (ring >= 0 && seq < mb->posted_seq_max)
		WRITE_ONCE(mb->out_of_order, mb->out_of_order + 1);
	else if (ring >= 0)
		mb->posted_seq_max = seq;
	if (ring >= 0 && pmdi_tracing(mb->trace, PMDI_CLASS_REQUEST)) {
		if (refused)
			pmdi_trace_emit(mb->trace, PMDI_EV_REQ_REFUSED, rq->id, reason);
		pmdi_trace_emit(mb->trace, PMDI_EV_REPLY_POST, rq->id,
				pmdi_arg_status_u24(status, idx) & 0xffffff);
	}
	if (ring >= 0) {
		/* The xAPIC ICR is written with interrupts off: we hold an irqsave lock. */
		if (ring)
			pmdi_cpu_wake(mb->p);
		if (pmdi_tracing(mb->trace, PMDI_CLASS_DOORBELL))
			pmdi_trace_emit(mb->trace, ring ? PMDI_EV_DOORBELL_SEND :
						   PMDI_EV_DOORBELL_SUPPRESS, rq->id,
					pmdi_arg_doorbell(PMDI_RING_COMPLETION, idx));
	}
	spin_unlock_irqrestore(&mb->cpl_lock, flags);

	if (ring < 0) {
		/* Credits make a full ring impossible unless the AP moved its index. */
		atomic64_inc(&mb->dropped);
		if (!mb->ap_gone)
			pmdi_mbox_break(mb, PMDI_MBOX_BROKEN_CPL_INDEX);
	} else {
		atomic64_inc(ring ? &mb->doorbells_sent : &mb->doorbells_suppressed);
		atomic64_inc(&mb->completed);
	}
	/* The completion index moved before the credit comes back (see pmdi_mbox_credit). */
	smp_mb__before_atomic();
	/* A receive buffer leaves the pool before it stops counting as in service. */
	if (rx) {
		atomic_dec(&mb->rx_waiting);
		smp_mb__after_atomic();	/* rx_waiting before in_service (pmdi_mbox_credit) */
	}
	atomic_dec(&mb->in_service);
}

/* The driver is done with a request: trace its end and post its completion. */
static void pmdi_mbox_finish(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq,
			     int status, u32 bytes, unsigned int reason, bool rx)
{
	if (pmdi_tracing(mb->trace, PMDI_CLASS_DRIVER))
		pmdi_trace_emit(mb->trace, PMDI_EV_DRV_END, rq->id,
				pmdi_arg_status_u24(status, bytes));
	if (reason)
		atomic64_inc(&mb->refused[reason]);
	pmdi_mbox_post(mb, rq, seq, status, bytes, reason, false, rx);
}

void pmdi_io_post(struct pmdi_io *io, int status, u32 bytes, unsigned int reason)
{
	pmdi_mbox_finish(io->mb, &io->rq, io->seq, status, bytes, reason, false);
}

/* A receive buffer of a pool is filled, or let go: DRV_END and its completion. */
void pmdi_mbox_end_rx(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq, int status,
		      u32 bytes, unsigned int reason)
{
	pmdi_mbox_finish(mb, rq, seq, status, bytes, reason, true);
}

/* The last touch of a queued @io: after this it may serve another request. */
void pmdi_io_done(struct pmdi_io *io, int status, u32 bytes, unsigned int reason)
{
	struct pmdi_mbox_req rq = io->rq;
	u64 seq = io->seq;

	/* Free the io before its credit returns, so a credit always finds one. */
	pmdi_io_put(io);
	pmdi_mbox_finish(io->mb, &rq, seq, status, bytes, reason, false);
}

/* Fail @rq without calling a driver. */
static void pmdi_mbox_refuse(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq,
			     unsigned int reason)
{
	atomic64_inc(&mb->refused[reason]);
	if (reason != PMDI_MBOX_R_SHUTDOWN && __ratelimit(&mb->rs))
		pr_warn("request %u refused: %s (dev %u op %u buf %#llx len %u offset %#llx)\n",
			rq->id, reason_names[reason], rq->dev, rq->op, U64(rq->buf), rq->len,
			U64(rq->offset));
	pmdi_mbox_post(mb, rq, seq, pmdi_mbox_reason_errno(reason), 0, reason, true, false);
}

void pmdi_mbox_refuse_taken(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq,
			    unsigned int reason)
{
	pmdi_mbox_refuse(mb, rq, seq, reason);
}

/* A queued @io that no driver will see (the dispatcher is unloading): refuse it. */
static void pmdi_io_refuse(struct pmdi_io *io, unsigned int reason)
{
	struct pmdi_mbox_req rq = io->rq;
	struct pmdi_mbox *mb = io->mb;
	u64 seq = io->seq;

	/* Free the io before its credit returns, as pmdi_io_done() does. */
	pmdi_io_put(io);
	pmdi_mbox_refuse(mb, &rq, seq, reason);
}

/* ---- events (Linux -> AP, unsolicited) ------------------------------ */

/*
 * Post one event; any context, serialized with the completions by cpl_lock
 * (which also says whether the AP may still be woken). The AP's consumer
 * index is read once and checked against Linux's own producer index: no
 * room, or an index no ring could have, drops the event (counted, traced).
 */
void pmdi_mbox_event(struct pmdi_mbox *mb, u16 dev, u8 kind, const void *data, u32 len)
{
	struct pmdi_mbox_evt e = { .dev = dev, .kind = kind };
	struct pmdi_mbox_evt *slots = mb->evt.slots;
	unsigned long flags;
	u32 used, idx;
	int ring = -1;

	len = min_t(u32, len, PMDI_MBOX_EVT_INLINE);
	e.len = len;
	memcpy(e.data, data, len);
	spin_lock_irqsave(&mb->cpl_lock, flags);
	idx = mb->evt.idx & (mb->evt.nslots - 1);
	used = mb->evt.idx - pmdi_ap_load_acquire32(&mb->evt.ring->cons);
	if (!mb->ap_gone && used < mb->evt.nslots) {
		e.seq = ++mb->evt_seq;
		slots[idx] = e;
		ring = pmdi_mbox_publish(mb->evt.ring, ++mb->evt.idx);
		if (ring)
			pmdi_cpu_wake(mb->p);
		if (pmdi_tracing(mb->trace, PMDI_CLASS_EVENT))
			pmdi_trace_emit(mb->trace, PMDI_EV_EVENT_POST, e.seq,
					(dev & 0xff) | kind << 8 | idx << 16);
		if (pmdi_tracing(mb->trace, PMDI_CLASS_DOORBELL))
			pmdi_trace_emit(mb->trace, ring ? PMDI_EV_DOORBELL_SEND :
						   PMDI_EV_DOORBELL_SUPPRESS, 0,
					pmdi_arg_doorbell(PMDI_RING_EVENT, idx));
	} else if (!mb->ap_gone) {
		atomic64_inc(&mb->evt_overflows);
		WRITE_ONCE(mb->evt.ring->overflows, (u32)atomic64_read(&mb->evt_overflows));
		if (pmdi_tracing(mb->trace, PMDI_CLASS_HEALTH))
			pmdi_trace_emit(mb->trace, PMDI_EV_RING_OVERFLOW, 0,
					PMDI_RING_EVENT | 1u << 8);
	}
	spin_unlock_irqrestore(&mb->cpl_lock, flags);
}

/* ---- the worker: the mailbox's own process context ------------------- */

/* Move everything queued to @batch; false if nothing was. */
static bool pmdi_mbox_dequeue_all(struct pmdi_mbox *mb, struct list_head *batch)
{
	unsigned long flags;
	bool any;

	spin_lock_irqsave(&mb->io_lock, flags);
	any = !list_empty(&mb->queue);
	list_splice_tail_init(&mb->queue, batch);
	spin_unlock_irqrestore(&mb->io_lock, flags);
	return any;
}

static void pmdi_mbox_drain(struct pmdi_mbox *mb);

static void pmdi_mbox_serve(struct pmdi_mbox *mb, struct pmdi_io *io)
{
	if (READ_ONCE(mb->shutting_down)) {
		pmdi_io_refuse(io, PMDI_MBOX_R_SHUTDOWN);
		return;
	}
	pmdi_io_phase(io, PMDI_PHASE_IN_DRIVER);
	if (pmdi_tracing(mb->trace, PMDI_CLASS_DRIVER))
		pmdi_trace_emit(mb->trace, PMDI_EV_DRV_BEGIN, io->rq.id, io->rq.dev);
	mb->ds[io->rq.dev].be->submit(io);
}

/* Serve a batch in order, its bios under one plug (the driver sees them together). */
static void pmdi_mbox_serve_batch(struct pmdi_mbox *mb, struct list_head *batch)
{
	struct pmdi_io *io, *next;
	struct blk_plug plug;

	blk_start_plug(&plug);
	list_for_each_entry_safe(io, next, batch, node) {
		list_del(&io->node);
		pmdi_mbox_serve(mb, io);
	}
	blk_finish_plug(&plug);
}

/*
 * Serves queued requests in order (all that are queued at each wake-up, in
 * one plug), drains on when the IRQ spent its budget, and retries the drain
 * while Linux is out of completion credits (the AP does not ring for requests
 * Linux has seen). Sleeps in TASK_IDLE: an idle mailbox is not load. Woken by
 * the doorbell IRQ (work queued) and by kthread_stop(); after the stop it
 * fails what is left.
 */
static int pmdi_mbox_worker(void *data)
{
	struct pmdi_mbox *mb = data;
	struct pmdi_io *io, *next;
	LIST_HEAD(batch);

	for (;;) {
		set_current_state(TASK_IDLE);
		if (kthread_should_stop())
			break;
		if (pmdi_mbox_dequeue_all(mb, &batch)) {
			__set_current_state(TASK_RUNNING);
			pmdi_mbox_serve_batch(mb, &batch);
		} else if (READ_ONCE(mb->more)) {
			__set_current_state(TASK_RUNNING);
			pmdi_mbox_drain(mb);
		} else {
			if (READ_ONCE(mb->stalled))
				schedule_timeout(1);
			else
				schedule();
			if (READ_ONCE(mb->stalled))
				pmdi_mbox_drain(mb);
			continue;
		}
		cond_resched();
	}
	__set_current_state(TASK_RUNNING);
	pmdi_mbox_dequeue_all(mb, &batch);
	list_for_each_entry_safe(io, next, &batch, node) {
		list_del(&io->node);
		pmdi_io_refuse(io, PMDI_MBOX_R_SHUTDOWN);
	}
	return 0;
}

/* ---- the request ring ------------------------------------------------ */

/* Is a completion slot certain for one more request? */
static bool pmdi_mbox_credit(struct pmdi_mbox *mb)
{
	u32 busy = atomic_read(&mb->in_service);
	unsigned long flags;
	int used;

	/*
	 * Waiting receive buffers hold no credit. in_service before rx_waiting:
	 * a buffer leaves the pool before it leaves in_service, so a race can
	 * only overstate what is busy.
	 */
	smp_rmb();
	busy -= atomic_read(&mb->rx_waiting);
	/* Read the credits before the completion index: a credit returned implies its post. */
	smp_rmb();
	spin_lock_irqsave(&mb->cpl_lock, flags);
	used = pmdi_mbox_cpl_pending(&mb->cpl);
	spin_unlock_irqrestore(&mb->cpl_lock, flags);
	if (used < 0) {
		pmdi_mbox_break(mb, PMDI_MBOX_BROKEN_CPL_INDEX);
		return false;
	}
	return busy + used < mb->credit_limit;
}

/* Take one request: copy, check, then complete, refuse or queue it. */
static void pmdi_mbox_take(struct pmdi_mbox *mb)
{
	const struct pmdi_backend *be;
	struct pmdi_mbox_req rq;
	struct pmdi_io *io;
	unsigned long flags;
	unsigned int reason;
	u32 busy;
	u64 seq;

	pmdi_mbox_consume_take(&mb->req, &rq);
	busy = atomic_inc_return(&mb->in_service);
	atomic64_inc(&mb->requests);
	/* Only the drain (drain_lock) takes: plain fields, no new lock. */
	seq = ++mb->take_seq;
	if (busy > mb->in_flight_max)
		WRITE_ONCE(mb->in_flight_max, busy);

	reason = READ_ONCE(mb->shutting_down) ? PMDI_MBOX_R_SHUTDOWN :
		 pmdi_mbox_check(&rq, mb->devs, mb->ndev, mb->win, mb->nwin);
	be = reason ? NULL : mb->ds[rq.dev].be;
	if (pmdi_tracing(mb->trace, PMDI_CLASS_REQUEST))
		pmdi_trace_emit(mb->trace, PMDI_EV_DISPATCH, rq.id,
				be && be->sleeps && !(be->take && rq.op == PMDI_MBOX_OP_RECV) ?
				PMDI_CTX_WORKER : PMDI_CTX_IRQ);
	if (reason) {
		pmdi_mbox_refuse(mb, &rq, seq, reason);
		return;
	}
	atomic64_inc(&mb->accepted[rq.dev]);
	if (be->take && be->take(mb, &rq, seq))
		return;
	if (!be->sleeps) {
		struct pmdi_io onstack = { .mb = mb, .rq = rq, .seq = seq };

		/* Non-sleeping backends post before returning: no io of the table. */
		if (pmdi_tracing(mb->trace, PMDI_CLASS_DRIVER))
			pmdi_trace_emit(mb->trace, PMDI_EV_DRV_BEGIN, rq.id, rq.dev);
		be->submit(&onstack);
		return;
	}
	io = pmdi_io_get(mb, &rq, seq, PMDI_PHASE_DISPATCHED);
	if (WARN_ON_ONCE(!io)) {	/* credits make this impossible */
		pmdi_mbox_refuse(mb, &rq, seq, PMDI_MBOX_R_NO_MEMORY);
		return;
	}
	io->mb = mb;
	spin_lock_irqsave(&mb->io_lock, flags);
	list_add_tail(&io->node, &mb->queue);
	spin_unlock_irqrestore(&mb->io_lock, flags);
	wake_up_process(mb->worker);
}

/*
 * Requests taken per pass, with interrupts off: an AP that posts as fast as
 * Linux takes (null requests complete at once) would otherwise keep the
 * doorbell IRQ running forever. The worker takes the rest, a pass at a time,
 * rescheduling in between, like NAPI's budget.
 */
#define PMDI_DRAIN_BUDGET	64

/*
 * Drain the request ring until it is empty and the AP knows to ring, or the
 * budget is spent (the worker goes on). Returns the requests taken.
 */
static unsigned int pmdi_mbox_drain_locked(struct pmdi_mbox *mb)
{
	unsigned int taken = 0;
	int n;

	WRITE_ONCE(mb->stalled, false);
	WRITE_ONCE(mb->more, false);
	while (!pmdi_mbox_is_broken(mb)) {
		if (taken >= PMDI_DRAIN_BUDGET) {
			WRITE_ONCE(mb->more, true);
			wake_up_process(mb->worker);
			break;
		}
		n = pmdi_mbox_consume_ready(&mb->req);
		if (n < 0) {
			pmdi_mbox_break(mb, PMDI_MBOX_BROKEN_REQ_INDEX);
			break;
		}
		if (n > PMDI_DRAIN_BUDGET - taken)
			n = PMDI_DRAIN_BUDGET - taken;
		while (n-- > 0) {
			if (!pmdi_mbox_credit(mb)) {
				/* Not sleeping: the AP will not ring; the worker looks again. */
				atomic64_inc(&mb->credit_stalls);
				if (pmdi_tracing(mb->trace, PMDI_CLASS_HEALTH))
					pmdi_trace_emit(mb->trace, PMDI_EV_RING_OVERFLOW, 0,
							PMDI_RING_COMPLETION | 1u << 8);
				WRITE_ONCE(mb->stalled, true);
				wake_up_process(mb->worker);
				return taken;
			}
			pmdi_mbox_take(mb);
			taken++;
		}
		if (taken < PMDI_DRAIN_BUDGET && pmdi_mbox_consume_sleep(&mb->req))
			break;
	}
	return taken;
}

static void pmdi_mbox_drain(struct pmdi_mbox *mb)
{
	unsigned long flags;

	spin_lock_irqsave(&mb->drain_lock, flags);
	pmdi_mbox_drain_locked(mb);
	spin_unlock_irqrestore(&mb->drain_lock, flags);
}

/*
 * A doorbell storm cannot be masked at the source (a vector-domain IRQ has
 * no mask). A working AP rings only after posting, when Linux may be asleep:
 * nearly every doorbell finds work. Doorbells that find nothing to do, at
 * least this many in each of PMDI_STORM_SECONDS consecutive seconds, stop
 * the AP (INIT) and break the channel. Under TCG a vCPU ringing without end
 * reaches Linux as ~6000 such doorbells a second (the rest coalesce); the
 * fuzz workload's bursts stay below 2000 a second.
 */
#define PMDI_STORM_EMPTY_PER_SEC	3000
#define PMDI_STORM_SECONDS		2

static void pmdi_mbox_storm_check(struct pmdi_mbox *mb, bool found_work)
{
	if (time_after(jiffies, mb->storm_start + HZ)) {
		/* A second is over: was it a storm second, right after another? */
		if (mb->storm_empty >= PMDI_STORM_EMPTY_PER_SEC &&
		    !time_after(jiffies, mb->storm_start + 2 * HZ))
			mb->storm_secs++;
		else
			mb->storm_secs = 0;
		mb->storm_start = jiffies;
		mb->storm_empty = 0;
	}
	if (found_work)
		return;
	atomic64_inc(&mb->empty_irqs);
	if (++mb->storm_empty != PMDI_STORM_EMPTY_PER_SEC ||
	    mb->storm_secs + 1 < PMDI_STORM_SECONDS)
		return;
	pmdi_cpu_stop_now(mb->p);
	pmdi_mbox_break(mb, PMDI_MBOX_BROKEN_DOORBELL_STORM);
}

static irqreturn_t pmdi_doorbell_irq(int irq, void *data)
{
	struct pmdi_mbox *mb = data;
	u32 ping = pmdi_ap_load32(&mb->v.hdr->ping_req);
	bool work = false;

	atomic64_inc(&mb->irqs);
	if (pmdi_tracing(mb->trace, PMDI_CLASS_DOORBELL))
		pmdi_trace_emit(mb->trace, PMDI_EV_IPI_RECV, 0, mb->db_vector);
	/* The benchmark's floor: echo an IPI ping-pong at once (hardirq: IRQs off). */
	if (ping != mb->ping_seen && !pmdi_mbox_is_broken(mb)) {
		mb->ping_seen = ping;
		WRITE_ONCE(mb->v.hdr->ping_ack, ping);
		pmdi_cpu_wake(mb->p);
		work = true;
	}
	spin_lock(&mb->drain_lock);
	if (pmdi_mbox_drain_locked(mb))
		work = true;
	spin_unlock(&mb->drain_lock);
	pmdi_mbox_storm_check(mb, work);
	/* The AP may have traced too: the drain collects it (within 2 ms). */
	pmdi_trace_kick_ap(mb->trace);
	return IRQ_HANDLED;
}

/* ---- doorbell IRQ ----------------------------------------------------- */

/* Publish vector and destination like a seqlock: the AP retries on odd or changed gen. */
static void pmdi_mbox_publish_doorbell(struct pmdi_mbox *mb)
{
	struct pmdi_mbox_hdr *h = mb->v.hdr;
	u32 gen = mb->db_gen;

	mb->db_gen = gen + 2;

	WRITE_ONCE(h->db_gen, gen + 1);
	smp_wmb();	/* odd generation before the fields it guards */
	WRITE_ONCE(h->db_vector, mb->db_vector);
	WRITE_ONCE(h->db_dest, mb->db_dest);
	WRITE_ONCE(h->db_dest_mode, apic->dest_mode_logical ? PMDI_MBOX_DEST_LOGICAL :
							       PMDI_MBOX_DEST_PHYSICAL);
	smp_wmb();	/* the fields before the even generation that says they are stable */
	WRITE_ONCE(h->db_gen, gen + 2);
}

/* CPU hotplug may move the IRQ (migrate_one_irq) without telling us: re-check. */
void pmdi_mbox_republish_doorbell(struct pmdi_mbox *mb)
{
	struct irq_cfg *cfg = irqd_cfg(irq_get_irq_data(mb->virq));

	if (cfg->vector == mb->db_vector && cfg->dest_apicid == mb->db_dest)
		return;
	pr_warn("doorbell IRQ moved: vector %#x dest %#x -> vector %#x dest %#x; re-published\n",
		mb->db_vector, mb->db_dest, cfg->vector, cfg->dest_apicid);
	mb->db_vector = cfg->vector;
	mb->db_dest = cfg->dest_apicid;
	pmdi_mbox_publish_doorbell(mb);
}

static int pmdi_mbox_irq_init(struct pmdi_mbox *mb)
{
	struct irq_affinity_desc aff = {};
	struct irq_alloc_info info = {};
	struct irq_cfg *cfg;
	int virq, ret;

	/* The boot CPU never goes offline on this kernel: the IRQ stays put. */
	mb->db_cpu = cpumask_first(cpu_online_mask);
	cpumask_copy(&aff.mask, cpumask_of(mb->db_cpu));
	virq = __irq_domain_alloc_irqs(x86_vector_domain, -1, 1, NUMA_NO_NODE, &info, false, &aff);
	if (virq < 0) {
		pr_err("cannot allocate the doorbell IRQ: %d\n", virq);
		return virq;
	}
	irq_set_handler(virq, handle_edge_irq);
	ret = request_irq(virq, pmdi_doorbell_irq, IRQF_NOBALANCING, "pmdi-doorbell", mb);
	if (ret) {
		pr_err("cannot request the doorbell IRQ %d: %d\n", virq, ret);
		irq_dispose_mapping(virq);
		return ret;
	}
	mb->virq = virq;
	cfg = irqd_cfg(irq_get_irq_data(virq));
	mb->db_vector = cfg->vector;
	mb->db_dest = cfg->dest_apicid;
	pmdi_mbox_publish_doorbell(mb);
	pr_info("doorbell: IRQ %d, vector %#x on cpu%u, %s destination %#x\n", virq,
		mb->db_vector, mb->db_cpu, apic->dest_mode_logical ? "logical" : "physical",
		mb->db_dest);
	return 0;
}

/* ---- I/O window ------------------------------------------------------- */

void *pmdi_mbox_window_va(struct pmdi_mbox *mb, u64 pa, u32 len)
{
	u32 i;

	for (i = 0; i < mb->nwin; i++)
		if (pmdi_mbox_in_window(&mb->win[i], 1, pa, len))
			return page_address(mb->win_pages[i]) + (pa - mb->win[i].phys);
	return NULL;
}

static int pmdi_mbox_window_init(struct pmdi_mbox *mb, unsigned int window_mb)
{
	unsigned int chunk_mb = (PAGE_SIZE << PMDI_WIN_CHUNK_ORDER) >> 20;
	u32 n = DIV_ROUND_UP(window_mb, chunk_mb), i;

	if (!n || n > PMDI_MBOX_MAX_WINDOWS) {
		pr_err("refused: window_mb=%u must be 1..%u\n", window_mb,
		       PMDI_MBOX_MAX_WINDOWS * chunk_mb);
		return -EINVAL;
	}
	mb->win_order = PMDI_WIN_CHUNK_ORDER;
	for (i = 0; i < n; i++) {
		struct page *pg = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
					      mb->win_order);

		if (!pg) {
			pr_err("cannot allocate I/O window chunk %u of %u (%u MiB each)\n", i + 1,
			       n, chunk_mb);
			return -ENOMEM;
		}
		mb->win_pages[i] = pg;
		mb->win[i].phys = page_to_phys(pg);
		mb->win[i].size = PAGE_SIZE << mb->win_order;
		mb->nwin = i + 1;
	}
	memcpy(mb->v.hdr->win, mb->win, sizeof(mb->win[0]) * mb->nwin);
	mb->v.hdr->nwin = mb->nwin;
	pr_info("I/O window: %u MiB in %u chunks of %u MiB, first at %#llx\n", n * chunk_mb, n,
		chunk_mb, U64(mb->win[0].phys));
	return 0;
}

/* ---- devices ---------------------------------------------------------- */

static int pmdi_mbox_add_dev(struct pmdi_mbox *mb, u8 cls, const char *name, const char *driver,
			     const struct pmdi_backend *be)
{
	struct pmdi_mbox_dev *d;

	if (mb->ndev >= PMDI_MBOX_MAX_DEVICES)
		return -ENOSPC;
	d = &mb->devs[mb->ndev];
	memset(d, 0, sizeof(*d));
	d->id = mb->ndev;
	d->dev_class = cls;
	d->align = 1;
	strscpy(d->name, name, sizeof(d->name));
	strscpy(d->driver, driver, sizeof(d->driver));
	mb->ds[mb->ndev].be = be;
	return mb->ndev++;
}

static int pmdi_mbox_devices_init(struct pmdi_mbox *mb, const char *disks, const char *ap_mac)
{
	char *list, *cur, *name;
	int dev, ret = 0;

	if (pmdi_mbox_add_dev(mb, PMDI_MBOX_DEV_NULL, "null", "pmdi", &pmdi_be_null) < 0)
		return -ENOSPC;
	dev = pmdi_mbox_add_dev(mb, PMDI_MBOX_DEV_CONSOLE, "console", "printk", &pmdi_be_console);
	if (dev < 0)
		return dev;
	mb->devs[dev].max_len = PAGE_SIZE;

	list = kstrdup(disks ? disks : "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while ((name = strsep(&cur, ",")) != NULL) {
		if (!*name)
			continue;
		dev = pmdi_mbox_add_dev(mb, PMDI_MBOX_DEV_BLOCK, name, "", &pmdi_be_block);
		if (dev < 0) {
			ret = dev;
			break;
		}
		ret = pmdi_be_block_open(mb, dev, name);
		if (ret) {
			/* A board without that disk still runs; the AP sees it absent. */
			pr_warn("disk %s skipped (error %d)\n", name, ret);
			mb->ndev--;
			ret = 0;
		}
	}
	kfree(list);
	if (!ret && ap_mac && *ap_mac) {
		dev = pmdi_mbox_add_dev(mb, PMDI_MBOX_DEV_NET, "", "", &pmdi_be_net);
		ret = dev < 0 ? dev : pmdi_be_net_open(mb, dev, ap_mac);
		if (ret > 0) {
			/* No such NIC, or Linux uses it: the AP has no network. */
			mb->ndev--;
			ret = 0;
		}
	}
	if (ret) {
		pr_err("refused: more than %u devices, or ap_mac (error %d)\n",
		       PMDI_MBOX_MAX_DEVICES, ret);
		return ret;
	}
	dev = pmdi_mbox_add_dev(mb, PMDI_MBOX_DEV_RNG, "hwrng", "", &pmdi_be_rng);
	if (dev < 0)
		return dev;
	ret = pmdi_be_rng_open(mb, dev);
	if (ret)
		return ret;
	/* The AP gets a copy; Linux only ever checks against its own. */
	memcpy(mb->v.dev, mb->devs, sizeof(mb->devs[0]) * mb->ndev);
	mb->v.hdr->ndev = mb->ndev;
	return 0;
}

/* ---- debugfs ------------------------------------------------------------ */

static int mailbox_show(struct seq_file *m, void *v)
{
	struct pmdi_mbox *mb = m->private;
	u32 r, why = atomic_read(&mb->broken);

	seq_printf(m, "broken: %s\n", why ? pmdi_mbox_broken_name(why) : "no");
	seq_printf(m, "shutting_down: %s\n", READ_ONCE(mb->shutting_down) ? "yes" : "no");
	seq_printf(m, "requests: %lld\ncompleted: %lld\ndropped: %lld\nin_service: %d\nbios_in_flight: %d\n",
		   atomic64_read(&mb->requests), atomic64_read(&mb->completed),
		   atomic64_read(&mb->dropped), atomic_read(&mb->in_service),
		   atomic_read(&mb->bios));
	/* Most requests held at once; completions overtaken by a later-taken one. */
	seq_printf(m, "in_flight_max: %u\ncompleted_out_of_order: %llu\n",
		   READ_ONCE(mb->in_flight_max), U64(READ_ONCE(mb->out_of_order)));
	seq_printf(m, "request_ring: prod %u cons %u of %u\n",
		   pmdi_ap_load32(&mb->v.req_ring->prod), READ_ONCE(mb->req.idx), mb->req.nslots);
	seq_printf(m, "completion_ring: prod %u cons %u of %u\n", READ_ONCE(mb->cpl.idx),
		   pmdi_ap_load32(&mb->v.cpl_ring->cons), mb->cpl.nslots);
	seq_printf(m, "doorbell_irqs: %lld\nempty_doorbells: %lld\ncredit_stalls: %lld\n",
		   atomic64_read(&mb->irqs), atomic64_read(&mb->empty_irqs),
		   atomic64_read(&mb->credit_stalls));
	seq_printf(m, "credit_limit: %u\nrx_waiting: %d\nevent_ring: prod %u of %u, %lld dropped (full)\n",
		   mb->credit_limit, atomic_read(&mb->rx_waiting), READ_ONCE(mb->evt.idx),
		   mb->evt.nslots, atomic64_read(&mb->evt_overflows));
	seq_printf(m, "completion_doorbells: %lld sent, %lld suppressed\n",
		   atomic64_read(&mb->doorbells_sent), atomic64_read(&mb->doorbells_suppressed));
	seq_printf(m, "doorbell: irq %d vector %#x dest %#x\n", mb->virq, mb->db_vector,
		   mb->db_dest);
	for (r = 1; r <= PMDI_MBOX_R_MAX; r++)
		seq_printf(m, "refused_%u: %lld (%s)\n", r, atomic64_read(&mb->refused[r]),
			   reason_names[r]);
	for (r = 0; r < mb->ndev; r++)
		seq_printf(m, "accepted_%u: %lld (%s)\n", r, atomic64_read(&mb->accepted[r]),
			   mb->devs[r].name);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mailbox);

static int devices_show(struct seq_file *m, void *v)
{
	struct pmdi_mbox *mb = m->private;
	u32 i;

	for (i = 0; i < mb->ndev; i++) {
		const struct pmdi_mbox_dev *d = &mb->devs[i];

		seq_printf(m, "%u %s %s class=%u block_size=%u capacity=%llu max_len=%u align=%u",
			   i, d->name, d->driver, d->dev_class, d->block_size, U64(d->capacity),
			   d->max_len, d->align);
		if (d->dev_class == PMDI_MBOX_DEV_NET)
			seq_printf(m, " mac=%pM rx_pool=%u", d->mac, d->rx_pool);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(devices);

/*
 * How long the AP may poll its rings before it sleeps (hdr.ap_poll_us): a
 * hint Linux writes and never reads back; the protocol does not depend on it.
 */
void pmdi_mbox_set_poll(struct pmdi_mbox *mb, u32 us)
{
	mb->ap_poll_us = us;
	WRITE_ONCE(mb->v.hdr->ap_poll_us, us);
}

static int ap_poll_get(void *data, u64 *val)
{
	struct pmdi_mbox *mb = data;

	*val = READ_ONCE(mb->ap_poll_us);
	return 0;
}

static int ap_poll_set(void *data, u64 val)
{
	if (val > PMDI_MBOX_POLL_MAX_US)
		return -EINVAL;
	pmdi_mbox_set_poll(data, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(ap_poll_fops, ap_poll_get, ap_poll_set, "%llu\n");

static int worker_fifo_get(void *data, u64 *val)
{
	struct pmdi_mbox *mb = data;

	*val = READ_ONCE(mb->worker_fifo);
	return 0;
}

static int worker_fifo_set(void *data, u64 val)
{
	struct pmdi_mbox *mb = data;

	if (val > 1)
		return -EINVAL;
	if (val)
		sched_set_fifo_low(mb->worker);
	else
		sched_set_normal(mb->worker, 0);
	WRITE_ONCE(mb->worker_fifo, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(worker_fifo_fops, worker_fifo_get, worker_fifo_set, "%llu\n");

void pmdi_mbox_debugfs(struct pmdi_mbox *mb, struct dentry *dir)
{
	debugfs_create_file_unsafe("ap_poll_us", 0600, dir, mb, &ap_poll_fops);
	debugfs_create_file_unsafe("worker_fifo", 0600, dir, mb, &worker_fifo_fops);
	debugfs_create_file("mailbox", 0444, dir, mb, &mailbox_fops);
	debugfs_create_file("devices", 0444, dir, mb, &devices_fops);
	pmdi_be_rng_debugfs(mb, dir);
	pmdi_be_net_debugfs(mb, dir);
}

/* ---- set-up and tear-down -------------------------------------------- */

int pmdi_mbox_init(struct pmdi *p, const char *disks, const char *ap_mac, unsigned int window_mb,
		   bool bounce)
{
	void *base = p->region + PMDI_MAILBOX_OFFSET;
	struct pmdi_mbox *mb;
	int i, ret;

	BUILD_BUG_ON(PMDI_MBOX_MAX_INFLIGHT + PMDI_NET_RX_POOL > PMDI_CPL_SLOTS);
	mb = kzalloc(sizeof(*mb), GFP_KERNEL);
	if (!mb)
		return -ENOMEM;
	p->mbox = mb;
	mb->p = p;
	mb->bounce = bounce;
	mb->virq = -1;
	spin_lock_init(&mb->drain_lock);
	spin_lock_init(&mb->cpl_lock);
	spin_lock_init(&mb->io_lock);
	INIT_LIST_HEAD(&mb->queue);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT; i++)
		mb->io[i].mb = mb;
	mutex_init(&mb->con_lock);
	init_waitqueue_head(&mb->bios_done);
	mb->storm_start = jiffies;
	/* requests the AP can make Linux log about: 10 lines per 5 s */
	ratelimit_state_init(&mb->rs, 5 * HZ, 10);

	if (pmdi_mbox_format(base, PMDI_MAILBOX_SIZE, 0, PMDI_REQ_SLOTS, PMDI_CPL_SLOTS,
			     PMDI_EVT_SLOTS) ||
	    pmdi_mbox_view_init(&mb->v, base, PMDI_MAILBOX_SIZE)) {
		pr_err("the mailbox does not fit its %#llx bytes\n", U64(PMDI_MAILBOX_SIZE));
		return -EINVAL;
	}
	/* Linux's own geometry and indices: never read back from the shared rings. */
	mb->req = (struct pmdi_mbox_side){ .ring = mb->v.req_ring, .slots = mb->v.req,
					   .nslots = PMDI_REQ_SLOTS };
	mb->cpl = (struct pmdi_mbox_side){ .ring = mb->v.cpl_ring, .slots = mb->v.cpl,
					   .nslots = PMDI_CPL_SLOTS };
	mb->evt = (struct pmdi_mbox_side){ .ring = mb->v.evt_ring, .slots = mb->v.evt,
					   .nslots = PMDI_EVT_SLOTS };
	/* One NIC at most, found below: its pool is reserved whether or not it is there. */
	mb->credit_limit = min(PMDI_CPL_SLOTS - PMDI_NET_RX_POOL, PMDI_MBOX_MAX_INFLIGHT);
	mb->v.hdr->ap_vector = PMDI_AP_VEC_WAKE;
	mb->v.hdr->ap_apic_id = p->ap_apicid;
	p->shared->mailbox_offset = PMDI_MAILBOX_OFFSET;
	p->shared->mailbox_size = PMDI_MAILBOX_SIZE;

	mb->worker = kthread_create(pmdi_mbox_worker, mb, "pmdi-mbox");
	if (IS_ERR(mb->worker)) {
		ret = PTR_ERR(mb->worker);
		mb->worker = NULL;
		return ret;
	}
	/*
	 * An ordinary task (nice 0): on an idle CPU the scheduler runs it right
	 * after the doorbell IRQ. SCHED_FIFO (debugfs worker_fifo) cut its wait
	 * on the run queue from ~20 to ~2 us but not the doorbell-to-driver
	 * time nor the read rate (./pmdi bench interface, README), while it
	 * would let an AP that posts without end take the CPU from Linux's
	 * other tasks.
	 */
	get_task_struct(mb->worker);
	wake_up_process(mb->worker);
	ret = pmdi_mbox_window_init(mb, window_mb);
	if (ret)
		return ret;
	ret = pmdi_mbox_devices_init(mb, disks, ap_mac);
	if (ret)
		return ret;
	ret = pmdi_mbox_irq_init(mb);
	if (ret)
		return ret;
	pr_info("mailbox: %u devices, %u request / %u completion / %u event slots, block I/O %s\n",
		mb->ndev, mb->req.nslots, mb->cpl.nslots, mb->v.evt_slots,
		bounce ? "bounce-copied" : "zero-copy");
	return 0;
}

/* Bios still in flight, and what the first of them is (for the unload messages). */
static int pmdi_mbox_describe_bios(struct pmdi_mbox *mb, char *buf, size_t len)
{
	unsigned long flags;
	int i, n = atomic_read(&mb->bios);

	*buf = 0;
	spin_lock_irqsave(&mb->io_lock, flags);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT; i++) {
		const struct pmdi_io *io = &mb->io[i];

		if (io->used && io->phase == PMDI_PHASE_IN_DRIVER) {
			snprintf(buf, len, "; the oldest: request %u, %s %s of %u bytes at %#llx",
				 io->rq.id, mb->devs[io->rq.dev].name,
				 io->rq.op == PMDI_MBOX_OP_READ ? "read" :
				 io->rq.op == PMDI_MBOX_OP_WRITE ? "write" : "flush",
				 io->rq.len, U64(io->rq.offset));
			break;
		}
	}
	spin_unlock_irqrestore(&mb->io_lock, flags);
	return n;
}

/*
 * Before the AP is stopped: refuse new requests, fail the queued ones, and
 * give the driver calls already made a moment to finish while the AP can
 * still take their completions.
 */
void pmdi_mbox_shutdown(struct pmdi_mbox *mb)
{
	unsigned long flags;
	char what[128];
	u32 i;
	int n;

	if (!mb)
		return;
	spin_lock_irqsave(&mb->drain_lock, flags);
	WRITE_ONCE(mb->shutting_down, true);
	spin_unlock_irqrestore(&mb->drain_lock, flags);
	/*
	 * The worker fails what is still queued, then exits. Its task stays
	 * referenced until the IRQ is freed: the drain may still wake it.
	 */
	if (mb->worker && !mb->worker_stopped) {
		kthread_stop(mb->worker);
		mb->worker_stopped = true;
	}
	/* Nothing is submitted any more: what waits inside a backend fails now. */
	for (i = 0; i < mb->ndev; i++)
		if (mb->ds[i].be && mb->ds[i].be->shutdown)
			mb->ds[i].be->shutdown(mb, i);
	if (atomic_read(&mb->bios))
		pr_info("waiting for %d block requests in flight\n", atomic_read(&mb->bios));
	wait_event_timeout(mb->bios_done, !atomic_read(&mb->bios), 2 * HZ);
	n = pmdi_mbox_describe_bios(mb, what, sizeof(what));
	if (n)
		pr_warn("%d driver calls still outstanding%s; stopping the AP and giving its CPU back, then waiting for them before unloading\n",
			n, what);
	pr_info("mailbox closed: %lld requests, %lld completed, %lld failed at unload\n",
		atomic64_read(&mb->requests), atomic64_read(&mb->completed),
		atomic64_read(&mb->refused[PMDI_MBOX_R_SHUTDOWN]));
}

/* The AP runs: what may wake it from now on starts (link events). */
int pmdi_mbox_start(struct pmdi_mbox *mb)
{
	if (mb && mb->net)
		pmdi_be_net_start(mb);
	return 0;
}

/* The AP is about to be stopped: completions posted from now on go nowhere. */
void pmdi_mbox_ap_gone(struct pmdi_mbox *mb)
{
	unsigned long flags;

	if (!mb)
		return;
	spin_lock_irqsave(&mb->cpl_lock, flags);
	mb->ap_gone = true;
	spin_unlock_irqrestore(&mb->cpl_lock, flags);
}

/*
 * After the AP is stopped. A driver can hold a request for minutes: nothing
 * its bio can reach (the window's pages, the io, the disk, this module's
 * end_io) is freed until it returns. The wait has no timeout and sleeps in
 * TASK_IDLE (the hung-task detector ignores it); dmesg says what it waits for
 * every 30 s. end_io runs with preemption off and its last act is the wake-up;
 * module text is freed only after an RCU grace period that such a section ends.
 */
void pmdi_mbox_free(struct pmdi_mbox *mb)
{
	char what[128];
	u32 i;
	int n;

	if (!mb)
		return;
	if (mb->virq > 0) {
		free_irq(mb->virq, mb);
		irq_dispose_mapping(mb->virq);
	}
	if (mb->worker) {
		if (!mb->worker_stopped)	/* a load that failed before shutdown */
			kthread_stop(mb->worker);
		put_task_struct(mb->worker);
		mb->worker = NULL;
	}
	while (!wait_event_idle_timeout(mb->bios_done, !atomic_read(&mb->bios), 30 * HZ)) {
		n = pmdi_mbox_describe_bios(mb, what, sizeof(what));
		pr_warn("unload is waiting for %d driver calls to return%s (no timeout: their buffers stay allocated until then)\n",
			n, what);
	}
	for (i = 0; i < mb->nwin; i++)
		__free_pages(mb->win_pages[i], mb->win_order);
	for (i = 0; i < mb->ndev; i++)
		if (mb->ds[i].be && mb->ds[i].be->release)
			mb->ds[i].be->release(mb, i);
	if (atomic64_read(&mb->dropped))
		pr_info("%lld completions were not delivered (AP stopped or channel broken)\n",
			atomic64_read(&mb->dropped));
	mb->p->mbox = NULL;
	kfree(mb);
}
