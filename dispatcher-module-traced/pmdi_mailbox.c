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
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/apic.h>
#include <asm/hw_irq.h>
#include <asm/irqdomain.h>
#include "pmdi.h"
#include "pmdi_mbox.h"
#include "pmdi_trace.h"

#define PMDI_REQ_SLOTS	64
#define PMDI_CPL_SLOTS	64
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
};

/* ---- in-flight table (for the trace's snapshots) -------------------- */

static int pmdi_inflight_add(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u8 phase)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&mb->inflight_lock, flags);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT; i++)
		if (!mb->inflight[i].used) {
			mb->inflight[i] = (struct pmdi_inflight){ .id = rq->id, .dev = rq->dev,
				.op = rq->op, .phase = phase, .used = true, .since = rdtsc() };
			break;
		}
	spin_unlock_irqrestore(&mb->inflight_lock, flags);
	return i < PMDI_MBOX_MAX_INFLIGHT ? i : -1;
}

static void pmdi_inflight_phase(struct pmdi_mbox *mb, int i, u8 phase)
{
	unsigned long flags;

	if (i < 0)
		return;
	spin_lock_irqsave(&mb->inflight_lock, flags);
	mb->inflight[i].phase = phase;
	mb->inflight[i].since = rdtsc();
	spin_unlock_irqrestore(&mb->inflight_lock, flags);
}

static void pmdi_inflight_del(struct pmdi_mbox *mb, int i)
{
	unsigned long flags;

	if (i < 0)
		return;
	spin_lock_irqsave(&mb->inflight_lock, flags);
	mb->inflight[i].used = false;
	spin_unlock_irqrestore(&mb->inflight_lock, flags);
}

bool pmdi_mbox_stuck(struct pmdi_mbox *mb, u64 cycles, char *why, size_t len)
{
	static const char *const phase[] = { "queued", "waiting for a worker", "in the driver",
					      "replied" };
	u32 cons = READ_ONCE(mb->v.cpl_ring->cons), prod = READ_ONCE(mb->cpl_prod);
	u64 now = rdtsc(), oldest = 0;
	unsigned long flags;
	int i, which = -1;

	spin_lock_irqsave(&mb->inflight_lock, flags);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT; i++)
		if (mb->inflight[i].used && now - mb->inflight[i].since > max(cycles, oldest)) {
			oldest = now - mb->inflight[i].since;
			which = i;
		}
	if (which >= 0)
		snprintf(why, len, "request %u on %s %s for %llu ms", mb->inflight[which].id,
			 mb->devs[mb->inflight[which].dev].name,
			 phase[mb->inflight[which].phase & 3], U64(oldest / tsc_khz));
	spin_unlock_irqrestore(&mb->inflight_lock, flags);
	if (which >= 0)
		return true;
	/* Completions waiting: has the AP's index moved since we last looked? */
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

	spin_lock_irqsave(&mb->inflight_lock, flags);
	for (i = 0; i < PMDI_MBOX_MAX_INFLIGHT && n < max; i++) {
		const struct pmdi_inflight *f = &mb->inflight[i];

		if (f->used)
			out[n++] = (struct pmdi_blob_inflight){ .since_tsc = f->since, .req = f->id,
				.dev = f->dev, .op = f->op, .phase = f->phase };
	}
	spin_unlock_irqrestore(&mb->inflight_lock, flags);
	return n;
}

/* ---- completions ---------------------------------------------------- */

/* Post a completion; any context. The credit taken for @rq is returned. */
static void pmdi_mbox_post(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, int status,
			   u32 bytes, unsigned int reason)
{
	struct pmdi_mbox_cpl *slot;
	unsigned long flags;
	bool ring = false;

	spin_lock_irqsave(&mb->cpl_lock, flags);
	if (!pmdi_mbox_room(mb->v.cpl_ring, mb->cpl_prod, mb->v.cpl_slots)) {
		/* Credits make this impossible unless the AP rewrote cons. */
		if (!mb->broken && __ratelimit(&mb->rs))
			pr_err("completion ring full: the AP corrupted its index; request %u dropped\n",
			       rq->id);
		mb->broken = true;
	} else {
		u32 idx = mb->cpl_prod & (mb->v.cpl_slots - 1);

		slot = &mb->v.cpl[idx];
		slot->id = rq->id;
		slot->status = status;
		slot->bytes = bytes;
		slot->reason = reason;
		slot->cookie = rq->cookie;
		if (pmdi_tracing(mb->trace, PMDI_CLASS_REQUEST))
			pmdi_trace_emit(mb->trace, PMDI_EV_REPLY_POST, rq->id,
					pmdi_arg_status_u24(status, idx) & 0xffffff);
		ring = pmdi_mbox_publish(mb->v.cpl_ring, ++mb->cpl_prod);
		/* The xAPIC ICR is written with interrupts off: we hold an irqsave lock. */
		if (ring)
			pmdi_cpu_wake(mb->p);
		if (pmdi_tracing(mb->trace, PMDI_CLASS_DOORBELL))
			pmdi_trace_emit(mb->trace, ring ? PMDI_EV_DOORBELL_SEND :
						   PMDI_EV_DOORBELL_SUPPRESS, rq->id,
					pmdi_arg_doorbell(PMDI_RING_COMPLETION, idx));
	}
	spin_unlock_irqrestore(&mb->cpl_lock, flags);

	atomic64_inc(ring ? &mb->doorbells_sent : &mb->doorbells_suppressed);
	atomic64_inc(&mb->completed);
	/* cpl_prod moved before the credit comes back (see pmdi_mbox_credit). */
	smp_mb__before_atomic();
	atomic_dec(&mb->in_service);
}

void pmdi_io_post(struct pmdi_io *io, int status, u32 bytes, unsigned int reason)
{
	if (pmdi_tracing(io->mb->trace, PMDI_CLASS_DRIVER))
		pmdi_trace_emit(io->mb->trace, PMDI_EV_DRV_END, io->rq.id,
				pmdi_arg_status_u24(status, bytes));
	if (reason)
		atomic64_inc(&io->mb->refused[reason]);
	pmdi_mbox_post(io->mb, &io->rq, status, bytes, reason);
}

void pmdi_io_done(struct pmdi_io *io, int status, u32 bytes, unsigned int reason)
{
	struct pmdi_mbox *mb = io->mb;

	pmdi_inflight_del(mb, io->inflight);
	pmdi_io_post(io, status, bytes, reason);
	kmem_cache_free(mb->io_cache, io);
}

static void pmdi_mbox_refuse(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq,
			     unsigned int reason)
{
	atomic64_inc(&mb->refused[reason]);
	if (reason != PMDI_MBOX_R_SHUTDOWN && __ratelimit(&mb->rs))
		pr_warn("request %u refused: %s (dev %u op %u buf %#llx len %u offset %#llx)\n",
			rq->id, reason_names[reason], rq->dev, rq->op, U64(rq->buf), rq->len,
			U64(rq->offset));
	pmdi_mbox_post(mb, rq, pmdi_mbox_reason_errno(reason), 0, reason);
}

/* ---- the request ring ------------------------------------------------ */

/* Is a completion slot certain for one more request? */
static bool pmdi_mbox_credit(struct pmdi_mbox *mb)
{
	u32 busy = atomic_read(&mb->in_service), used;

	/* Read the credits before cpl_prod: a credit returned implies its post. */
	smp_rmb();
	used = READ_ONCE(mb->cpl_prod) - READ_ONCE(mb->v.cpl_ring->cons);
	if (used > mb->v.cpl_slots) {
		if (!mb->broken)
			pr_err("the AP's completion index is impossible (%u in use of %u): mailbox stopped\n",
			       used, mb->v.cpl_slots);
		mb->broken = true;
		return false;
	}
	return busy + used < mb->v.cpl_slots;
}

static void pmdi_io_work(struct work_struct *work)
{
	struct pmdi_io *io = container_of(work, struct pmdi_io, work);
	struct pmdi_mbox *mb = io->mb;

	if (READ_ONCE(mb->shutting_down)) {
		pmdi_inflight_del(mb, io->inflight);
		pmdi_mbox_refuse(mb, &io->rq, PMDI_MBOX_R_SHUTDOWN);
		kmem_cache_free(mb->io_cache, io);
		return;
	}
	pmdi_inflight_phase(mb, io->inflight, PMDI_PHASE_IN_DRIVER);
	if (pmdi_tracing(mb->trace, PMDI_CLASS_DRIVER))
		pmdi_trace_emit(mb->trace, PMDI_EV_DRV_BEGIN, io->rq.id, io->rq.dev);
	mb->ds[io->rq.dev].be->submit(io);
}

/* Take one request: copy, check, then complete, refuse or queue it. */
static void pmdi_mbox_take(struct pmdi_mbox *mb)
{
	const struct pmdi_backend *be;
	struct pmdi_mbox_req rq;
	struct pmdi_io *io;
	unsigned int reason;

	pmdi_mbox_copy_req(&rq, &mb->v.req[mb->req_cons & (mb->v.req_slots - 1)]);
	pmdi_mbox_release(mb->v.req_ring, ++mb->req_cons);
	atomic_inc(&mb->in_service);
	atomic64_inc(&mb->requests);

	reason = mb->shutting_down ? PMDI_MBOX_R_SHUTDOWN :
		 pmdi_mbox_check(&rq, mb->devs, mb->ndev, mb->win, mb->nwin);
	be = reason ? NULL : mb->ds[rq.dev].be;
	if (pmdi_tracing(mb->trace, PMDI_CLASS_REQUEST))
		pmdi_trace_emit(mb->trace, PMDI_EV_DISPATCH, rq.id,
				be && be->sleeps ? PMDI_CTX_WORKER : PMDI_CTX_IRQ);
	if (reason) {
		pmdi_mbox_refuse(mb, &rq, reason);
		return;
	}
	if (!be->sleeps) {
		struct pmdi_io onstack = { .mb = mb, .rq = rq, .inflight = -1 };

		/* Non-sleeping backends post before returning: no allocation. */
		if (pmdi_tracing(mb->trace, PMDI_CLASS_DRIVER))
			pmdi_trace_emit(mb->trace, PMDI_EV_DRV_BEGIN, rq.id, rq.dev);
		be->submit(&onstack);
		return;
	}
	io = kmem_cache_alloc(mb->io_cache, GFP_ATOMIC);
	if (!io) {
		pmdi_mbox_refuse(mb, &rq, PMDI_MBOX_R_NO_MEMORY);
		return;
	}
	io->mb = mb;
	io->rq = rq;
	io->bounce = NULL;
	io->inflight = pmdi_inflight_add(mb, &rq, PMDI_PHASE_DISPATCHED);
	INIT_WORK(&io->work, pmdi_io_work);
	queue_work(mb->wq, &io->work);
}

/* Drain the request ring until it is empty and the AP knows to ring. */
static void pmdi_mbox_drain(struct pmdi_mbox *mb)
{
	unsigned long flags;
	int n;

	spin_lock_irqsave(&mb->drain_lock, flags);
	while (!mb->broken) {
		n = pmdi_mbox_ready(mb->v.req_ring, mb->req_cons, mb->v.req_slots);
		if (n < 0) {
			pr_err("the AP's request index is impossible: mailbox stopped\n");
			mb->broken = true;
			break;
		}
		while (n-- > 0) {
			if (!pmdi_mbox_credit(mb)) {
				/* Not sleeping: the AP will not ring; look again soon. */
				atomic64_inc(&mb->credit_stalls);
				if (pmdi_tracing(mb->trace, PMDI_CLASS_HEALTH))
					pmdi_trace_emit(mb->trace, PMDI_EV_RING_OVERFLOW, 0,
							PMDI_RING_COMPLETION | 1u << 8);
				schedule_delayed_work(&mb->retry, 1);
				goto out;
			}
			pmdi_mbox_take(mb);
		}
		if (pmdi_mbox_prepare_sleep(mb->v.req_ring, mb->req_cons))
			break;
	}
out:
	spin_unlock_irqrestore(&mb->drain_lock, flags);
}

static void pmdi_mbox_retry(struct work_struct *work)
{
	pmdi_mbox_drain(container_of(to_delayed_work(work), struct pmdi_mbox, retry));
}

static irqreturn_t pmdi_doorbell_irq(int irq, void *data)
{
	struct pmdi_mbox *mb = data;
	u32 ping = READ_ONCE(mb->v.hdr->ping_req);

	atomic64_inc(&mb->irqs);
	if (pmdi_tracing(mb->trace, PMDI_CLASS_DOORBELL))
		pmdi_trace_emit(mb->trace, PMDI_EV_IPI_RECV, 0, mb->db_vector);
	/* The benchmark's floor: echo an IPI ping-pong at once (hardirq: IRQs off). */
	if (ping != mb->ping_seen) {
		mb->ping_seen = ping;
		WRITE_ONCE(mb->v.hdr->ping_ack, ping);
		pmdi_cpu_wake(mb->p);
	}
	pmdi_mbox_drain(mb);
	return IRQ_HANDLED;
}

/* ---- doorbell IRQ ----------------------------------------------------- */

/* Publish vector and destination like a seqlock: the AP retries on odd or changed gen. */
static void pmdi_mbox_publish_doorbell(struct pmdi_mbox *mb)
{
	struct pmdi_mbox_hdr *h = mb->v.hdr;
	u32 gen = h->db_gen;

	WRITE_ONCE(h->db_gen, gen + 1);
	smp_wmb();
	WRITE_ONCE(h->db_vector, mb->db_vector);
	WRITE_ONCE(h->db_dest, mb->db_dest);
	WRITE_ONCE(h->db_dest_mode, apic->dest_mode_logical ? PMDI_MBOX_DEST_LOGICAL :
							       PMDI_MBOX_DEST_PHYSICAL);
	smp_wmb();
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

static int pmdi_mbox_devices_init(struct pmdi_mbox *mb, const char *disks)
{
	char *list, *cur, *name;
	int dev, ret = 0;

	pmdi_mbox_add_dev(mb, PMDI_MBOX_DEV_NULL, "null", "pmdi", &pmdi_be_null);
	dev = pmdi_mbox_add_dev(mb, PMDI_MBOX_DEV_CONSOLE, "console", "printk", &pmdi_be_console);
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
	/* The AP gets a copy; Linux only ever checks against its own. */
	memcpy(mb->v.dev, mb->devs, sizeof(mb->devs[0]) * mb->ndev);
	mb->v.hdr->ndev = mb->ndev;
	return 0;
}

/* ---- debugfs ------------------------------------------------------------ */

static int mailbox_show(struct seq_file *m, void *v)
{
	struct pmdi_mbox *mb = m->private;
	u32 r;

	seq_printf(m, "broken: %s\nshutting_down: %s\n", mb->broken ? "yes" : "no",
		   mb->shutting_down ? "yes" : "no");
	seq_printf(m, "requests: %lld\ncompleted: %lld\nin_service: %d\nbios_in_flight: %d\n",
		   atomic64_read(&mb->requests), atomic64_read(&mb->completed),
		   atomic_read(&mb->in_service), atomic_read(&mb->bios));
	seq_printf(m, "request_ring: prod %u cons %u of %u\n", READ_ONCE(mb->v.req_ring->prod),
		   mb->req_cons, mb->v.req_slots);
	seq_printf(m, "completion_ring: prod %u cons %u of %u\n", mb->cpl_prod,
		   READ_ONCE(mb->v.cpl_ring->cons), mb->v.cpl_slots);
	seq_printf(m, "doorbell_irqs: %lld\ncredit_stalls: %lld\n", atomic64_read(&mb->irqs),
		   atomic64_read(&mb->credit_stalls));
	seq_printf(m, "completion_doorbells: %lld sent, %lld suppressed\n",
		   atomic64_read(&mb->doorbells_sent), atomic64_read(&mb->doorbells_suppressed));
	seq_printf(m, "doorbell: irq %d vector %#x dest %#x gen %u\n", mb->virq, mb->db_vector,
		   mb->db_dest, READ_ONCE(mb->v.hdr->db_gen));
	for (r = 1; r <= PMDI_MBOX_R_MAX; r++)
		seq_printf(m, "refused_%u: %lld (%s)\n", r, atomic64_read(&mb->refused[r]),
			   reason_names[r]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mailbox);

static int devices_show(struct seq_file *m, void *v)
{
	struct pmdi_mbox *mb = m->private;
	u32 i;

	for (i = 0; i < mb->ndev; i++) {
		const struct pmdi_mbox_dev *d = &mb->devs[i];

		seq_printf(m, "%u %s %s class=%u block_size=%u capacity=%llu max_len=%u align=%u\n",
			   i, d->name, d->driver, d->dev_class, d->block_size, U64(d->capacity),
			   d->max_len, d->align);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(devices);

void pmdi_mbox_debugfs(struct pmdi_mbox *mb, struct dentry *dir)
{
	debugfs_create_file("mailbox", 0444, dir, mb, &mailbox_fops);
	debugfs_create_file("devices", 0444, dir, mb, &devices_fops);
}

/* ---- set-up and tear-down -------------------------------------------- */

int pmdi_mbox_init(struct pmdi *p, const char *disks, unsigned int window_mb, bool bounce)
{
	void *base = p->region + PMDI_MAILBOX_OFFSET;
	struct pmdi_mbox *mb;
	int ret;

	mb = kzalloc(sizeof(*mb), GFP_KERNEL);
	if (!mb)
		return -ENOMEM;
	p->mbox = mb;
	mb->p = p;
	mb->bounce = bounce;
	mb->virq = -1;
	spin_lock_init(&mb->drain_lock);
	spin_lock_init(&mb->cpl_lock);
	spin_lock_init(&mb->inflight_lock);
	mutex_init(&mb->con_lock);
	INIT_DELAYED_WORK(&mb->retry, pmdi_mbox_retry);
	init_waitqueue_head(&mb->bios_done);
	/* requests the AP can make Linux log about: 10 lines per 5 s */
	ratelimit_state_init(&mb->rs, 5 * HZ, 10);

	if (pmdi_mbox_format(base, PMDI_MAILBOX_SIZE, 0, PMDI_REQ_SLOTS, PMDI_CPL_SLOTS,
			     PMDI_EVT_SLOTS) ||
	    pmdi_mbox_view_init(&mb->v, base, PMDI_MAILBOX_SIZE)) {
		pr_err("the mailbox does not fit its %#llx bytes\n", U64(PMDI_MAILBOX_SIZE));
		return -EINVAL;
	}
	mb->v.hdr->ap_vector = PMDI_AP_VEC_WAKE;
	mb->v.hdr->ap_apic_id = p->ap_apicid;
	p->shared->mailbox_offset = PMDI_MAILBOX_OFFSET;
	p->shared->mailbox_size = PMDI_MAILBOX_SIZE;

	mb->io_cache = KMEM_CACHE(pmdi_io, 0);
	mb->wq = alloc_workqueue("pmdi", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!mb->io_cache || !mb->wq)
		return -ENOMEM;
	ret = pmdi_mbox_window_init(mb, window_mb);
	if (ret)
		return ret;
	ret = pmdi_mbox_devices_init(mb, disks);
	if (ret)
		return ret;
	ret = pmdi_mbox_irq_init(mb);
	if (ret)
		return ret;
	pr_info("mailbox: %u devices, %u request / %u completion / %u event slots, block I/O %s\n",
		mb->ndev, mb->v.req_slots, mb->v.cpl_slots, mb->v.evt_slots,
		bounce ? "bounce-copied" : "zero-copy");
	return 0;
}

/*
 * Before the AP is stopped: refuse new requests, fail the queued ones, and
 * wait for every bio already submitted (their pages are in the window).
 */
void pmdi_mbox_shutdown(struct pmdi_mbox *mb)
{
	unsigned long flags;
	long left;

	if (!mb)
		return;
	spin_lock_irqsave(&mb->drain_lock, flags);
	WRITE_ONCE(mb->shutting_down, true);
	spin_unlock_irqrestore(&mb->drain_lock, flags);
	cancel_delayed_work_sync(&mb->retry);
	if (mb->wq)
		flush_workqueue(mb->wq);
	if (atomic_read(&mb->bios))
		pr_info("waiting for %d block requests in flight\n", atomic_read(&mb->bios));
	left = wait_event_timeout(mb->bios_done, !atomic_read(&mb->bios), 60 * HZ);
	if (!left)
		pr_err("%d block requests still in flight after 60 s\n", atomic_read(&mb->bios));
	pr_info("mailbox closed: %lld requests, %lld completed, %lld failed at unload\n",
		atomic64_read(&mb->requests), atomic64_read(&mb->completed),
		atomic64_read(&mb->refused[PMDI_MBOX_R_SHUTDOWN]));
}

/* After the AP is stopped: nothing can ring or use the window any more. */
void pmdi_mbox_free(struct pmdi_mbox *mb)
{
	u32 i;

	if (!mb)
		return;
	if (mb->virq > 0) {
		free_irq(mb->virq, mb);
		irq_dispose_mapping(mb->virq);
	}
	cancel_delayed_work_sync(&mb->retry);
	if (mb->wq)
		destroy_workqueue(mb->wq);
	/* Only now: a bio may have been the last user of a window page. */
	if (atomic_read(&mb->bios) == 0)
		for (i = 0; i < mb->nwin; i++)
			__free_pages(mb->win_pages[i], mb->win_order);
	else
		pr_err("leaking the I/O window: %d bios never completed\n", atomic_read(&mb->bios));
	for (i = 0; i < mb->ndev; i++)
		if (mb->ds[i].be && mb->ds[i].be->release)
			mb->ds[i].be->release(mb, i);
	kmem_cache_destroy(mb->io_cache);
	mb->p->mbox = NULL;
	kfree(mb);
}
