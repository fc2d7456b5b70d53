// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_trace.c - the Linux side of tracing (see pmdi_trace.h for the picture).
 *
 * Writers: one trace ring per CPU, written with local interrupts off, so each
 * ring has a single producer whatever context writes (IRQ, worker, bio
 * completion). The AP kernel writes its own ring in the shared region.
 *
 * The drain kthread merges them through the freestanding drain (frames
 * sealed when full or 5 ms old, offered to each reader), repeats the session
 * header every few seconds so that a reader attaching late can decode, and
 * measures the AP's TSC offset from its own CPU at start and every second: the
 * two counters are not synchronised under QEMU TCG (Linux says "TSCs
 * unsynchronized"), so the analysis needs the offset, with its uncertainty.
 * It sleeps until there is work: see pmdi_trace_drain_fn for its wake-ups.
 *
 * Clock sync (a ping-pong through the mailbox header): Linux reads its TSC
 * (t0), bumps sync_req and sends the AP its wake IPI; the AP's handler writes
 * its TSC (ta) then sync_ack; Linux reads t1. offset = ta - (t0 + t1) / 2,
 * uncertainty (t1 - t0) / 2; the best of several round trips is kept. Each
 * exchange spins at most PMDI_SYNC_SPIN_US with preemption off; preemption
 * is on between exchanges (see pmdi_trace_clock_sync).
 *
 * The AP's ring is the AP's memory: the drain reads it through Linux's own
 * consumer state (trace_ring.h). When the AP breaks it, the drain stops
 * reading it and says so once (dmesg, status, a LOG record "channel broken:
 * ..."); the other rings, the readers and the mailbox carry on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": trace: " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <asm/msr.h>
#include <asm/smp.h>
#include <asm/tsc.h>
#include <pmdi/clock_sync.h>
#include <pmdi/untrusted.h>
#include "pmdi.h"
#include "pmdi_mbox.h"
#include "pmdi_trace.h"

#define PMDI_CPU_RING_SLOTS	(1u << 15)	/* 512 KiB per CPU */
#define PMDI_FLUSH_NS		(5 * NSEC_PER_MSEC)
#define PMDI_HEADER_PERIOD	(5 * HZ)
#define PMDI_SYNC_PERIOD	HZ
#define PMDI_SYNC_AFTER_LOSS	(HZ / 10)	/* at most this often after losses */
#define PMDI_SYNC_TRIES		8
/*
 * One exchange's spin with preemption off (module parameter sync_spin_us).
 * A TCG round trip is 3-16 us on the board (rtt in status); a halted vCPU
 * may take longer to wake: such an exchange is given up (no sample, counted
 * in status) and the next one starts after a preemptible pause. At 50 us
 * whole rounds failed on a loaded host (no CLOCK_SYNC for seconds: no
 * Linux frame after a loss, and requests with no offset); 300 us is still
 * far from the milliseconds the sync used to spin.
 */
#define PMDI_SYNC_SPIN_US	300
#define PMDI_SYNC_PAUSE_US	200	/* after an exchange not answered in time */
/* The drain: polling while records pour in, and its timer slack. */
#define PMDI_BUSY_RECORDS	64	/* a pass that takes this many: busy */
#define PMDI_BUSY_POLL_NS	(2 * NSEC_PER_MSEC)
#define PMDI_WAKE_SLACK_NS	(500 * NSEC_PER_USEC)
#define PMDI_KICK_DELAY_NS	(2 * NSEC_PER_MSEC)	/* a kick wakes the drain this much later */
/* Readers are woken for this many bytes, or this late (see pmdi_trace_wake_readers). */
#define PMDI_READER_WAKE_BYTES	(8u << 10)
#define PMDI_READER_WAKE_NS	(20 * NSEC_PER_MSEC)

static const u32 reader_size[PMDI_NR_READERS] = {
	[PMDI_READER_DEBUGFS] = 4u << 20,
	[PMDI_READER_SERIAL] = 64u << 10,
	[PMDI_READER_FLIGHT] = 0,	/* flight_kib, rounded up to a power of two */
};

static const char *const reader_name[PMDI_NR_READERS] = {
	[PMDI_READER_DEBUGFS] = "debugfs",
	[PMDI_READER_SERIAL] = "serial",
	[PMDI_READER_FLIGHT] = "flight",
};

/* ---- waking the drain ---------------------------------------------- */

/* The kick's timer: the drain runs PMDI_KICK_DELAY_NS after the first new event. */
static enum hrtimer_restart pmdi_trace_kick_timer_fn(struct hrtimer *timer)
{
	struct pmdi_trace *t = container_of(timer, struct pmdi_trace, kick_timer);
	struct task_struct *task = READ_ONCE(t->drain_task);

	WRITE_ONCE(t->kicked, true);
	/* drain_idle is only 1 while the drain runs; stop cancels us first. */
	if (task)
		wake_up_process(task);
	return HRTIMER_NORESTART;
}

/*
 * irq_work: hardirq context, on the CPU that kicked. The drain is not woken
 * at once but PMDI_KICK_DELAY_NS later: events come in bursts (a request is
 * a dozen of them on both sides), and one pass for the burst costs Linux one
 * wake-up instead of one per request. Frames are still sealed within 5 ms.
 */
static void pmdi_trace_kick_fn(struct irq_work *w)
{
	struct pmdi_trace *t = container_of(w, struct pmdi_trace, kick_work);

	if (!hrtimer_active(&t->kick_timer))
		hrtimer_start(&t->kick_timer, ns_to_ktime(PMDI_KICK_DELAY_NS),
			      HRTIMER_MODE_REL);
}

/*
 * Any context (hardirq with interrupts off included): the drain sleeps with
 * nothing to do, and there may be new events. Only the first caller after
 * the drain went idle pays for the irq_work; everybody else reads one flag.
 * The irq_work is needed because a writer may hold scheduler or other locks
 * that wake_up_process() would take.
 */
void pmdi_trace_kick(struct pmdi_trace *t)
{
	if (t && unlikely(READ_ONCE(t->drain_idle)) && xchg(&t->drain_idle, 0))
		irq_work_queue(&t->kick_work);
}

/* Process context: wake the drain now (a reader attached, tracing switched on). */
static void pmdi_trace_wake_drain(struct pmdi_trace *t)
{
	mutex_lock(&t->drain_lock);
	WRITE_ONCE(t->kicked, true);
	if (t->drain_task)
		wake_up_process(t->drain_task);
	mutex_unlock(&t->drain_lock);
}

/* ---- writers ------------------------------------------------------- */

void pmdi_trace_emit(struct pmdi_trace *t, unsigned int type, u32 req, u32 arg)
{
	unsigned long flags;

	local_irq_save(flags);
	pmdi_ring_emit(*this_cpu_ptr(t->cpu_ring), type, rdtsc(), req, arg);
	local_irq_restore(flags);
	pmdi_trace_kick(t);
}

void pmdi_trace_emit_ext(struct pmdi_trace *t, unsigned int type, u32 req, u32 arg,
			 const void *ext, u32 len)
{
	unsigned long flags;

	local_irq_save(flags);
	pmdi_ring_emit_ext(*this_cpu_ptr(t->cpu_ring), type, rdtsc(), req, arg, ext, len);
	local_irq_restore(flags);
	pmdi_trace_kick(t);
}

/* ---- session header -------------------------------------------------- */

static u8 source_of_cpu(unsigned int cpu)
{
	return (u8)(1 + cpu);
}

static void pmdi_trace_build_header(struct pmdi_trace *t)
{
	struct pmdi *p = t->p;
	struct pmdi_hdr_builder *hb = &t->hb;
	struct pmdi_hdr_session ses = {
		.session_id = t->session_id,
		.start_tsc = rdtsc(),
		.start_mono_ns = ktime_get_ns(),
		.start_real_ns = ktime_get_real_ns(),
	};
	struct pmdi_hdr_clock clk = { .tsc_khz_linux = tsc_khz, .tsc_khz_ap = tsc_khz };
	struct pmdi_hdr_source src = {
		.source = 0, .side = PMDI_SIDE_AP, .cpu = p->cpu, .apic_id = p->ap_apicid,
		.ring_slots = PMDI_TRACE_SLOTS,
	};
	u8 which_len[2] = { PMDI_BUILD_AP_KERNEL, p->build_id_len };
	u8 key;
	unsigned int cpu;
	u32 i;

	pmdi_hdr_begin(hb, t->hdr_blob, sizeof(t->hdr_blob));
	pmdi_hdr_put(hb, PMDI_HDR_SESSION, &ses, sizeof(ses));
	pmdi_hdr_put(hb, PMDI_HDR_CLOCK, &clk, sizeof(clk));
	pmdi_hdr_put(hb, PMDI_HDR_SOURCE, &src, sizeof(src));
	for_each_possible_cpu(cpu) {
		if (cpu == p->cpu)
			continue;
		src = (struct pmdi_hdr_source){
			.source = source_of_cpu(cpu), .side = PMDI_SIDE_LINUX, .cpu = cpu,
			.apic_id = per_cpu(x86_cpu_to_apicid, cpu), .ring_slots = t->cpu_ring_slots,
		};
		pmdi_hdr_put(hb, PMDI_HDR_SOURCE, &src, sizeof(src));
	}
	for (i = 0; p->mbox && i < p->mbox->ndev; i++) {
		const struct pmdi_mbox_dev *d = &p->mbox->devs[i];
		struct pmdi_hdr_device hd = {
			.id = d->id, .dev_class = d->dev_class, .flags = d->flags,
			.block_size = d->block_size, .capacity = d->capacity,
		};
		/* A net device (v1) also names its largest frame and its MAC. */
		struct pmdi_hdr_device_net net = pmdi_hdr_device_net(d->max_len, d->mac);

		pmdi_hdr_put_device_net(hb, &hd, d->name, d->driver,
					d->dev_class == PMDI_DEV_NET ? &net : NULL);
	}
	pmdi_hdr_put2(hb, PMDI_HDR_BUILD_ID, which_len, 2, p->build_id, p->build_id_len);
	key = PMDI_TEXT_AP_IMAGE;
	pmdi_hdr_put2(hb, PMDI_HDR_TEXT, &key, 1, p->image_name, strlen(p->image_name));
	key = PMDI_TEXT_LINUX_RELEASE;
	pmdi_hdr_put2(hb, PMDI_HDR_TEXT, &key, 1, utsname()->release,
		      strlen(utsname()->release));
	pmdi_hdr_end(hb);
	if (hb->overflow)
		pr_warn("session header truncated (over %zu bytes)\n", sizeof(t->hdr_blob));
}

/* Offer the header to one reader (or all, id < 0); the drain lock is held. */
static void pmdi_trace_put_header(struct pmdi_trace *t, int id)
{
	u8 wire[PMDI_FRAME_WIRE_MAX];
	u32 chunk, n;
	int i;

	for (chunk = 0; (n = pmdi_hdr_frame(&t->hb, t->session_id, chunk, wire)); chunk++)
		for (i = 0; i < PMDI_NR_READERS; i++)
			if ((id < 0 && i != PMDI_READER_FLIGHT) || id == i)
				pmdi_reader_put(&t->reader[i].rb, wire, n, 0);
}

void pmdi_trace_attach(struct pmdi_trace *t, enum pmdi_trace_reader_id id)
{
	struct pmdi_trace_reader *r = &t->reader[id];
	static const u8 delim = PMDI_FRAME_DELIM;

	mutex_lock(&t->drain_lock);
	if (r->primed) {
		/* The first reader gets everything since the session began. */
		r->primed = false;
		mutex_unlock(&t->drain_lock);
		pr_info("%s reader attached, from the start of the session\n", r->name);
		return;
	}
	/* A fresh stream: a delimiter, the header, then frames as they come. */
	pmdi_reader_init(&r->rb, r->rb.buf, r->rb.size);
	pmdi_reader_put(&r->rb, &delim, 1, 0);
	pmdi_trace_put_header(t, id);
	WRITE_ONCE(r->attached, true);
	mutex_unlock(&t->drain_lock);
	/* The drain starts feeding it at its next pass: make that now. */
	pmdi_trace_wake_drain(t);
	pr_info("%s reader attached\n", r->name);
}

void pmdi_trace_detach(struct pmdi_trace *t, enum pmdi_trace_reader_id id)
{
	struct pmdi_trace_reader *r = &t->reader[id];

	u64 frames, lost_frames, lost_records;

	mutex_lock(&t->drain_lock);
	WRITE_ONCE(r->attached, false);
	r->primed = false;
	r->rb.enabled = 0;
	frames = r->rb.frames;
	lost_frames = r->rb.lost_frames;
	lost_records = r->rb.lost_records;
	mutex_unlock(&t->drain_lock);
	pr_info("%s reader detached: %llu frames delivered, %llu frames (%llu events) lost\n",
		r->name, frames, lost_frames, lost_records);
}

/* ---- clock sync -------------------------------------------------------- */

static unsigned int sync_spin_us = PMDI_SYNC_SPIN_US;
module_param(sync_spin_us, uint, 0644);
MODULE_PARM_DESC(sync_spin_us, "clock sync: longest spin of one exchange with preemption off, us (5..1000)");

enum { SYNC_LT10, SYNC_LT25, SYNC_IN_TIME, SYNC_LATE, SYNC_NONE };

static unsigned int pmdi_sync_spin_us(void)
{
	return clamp(READ_ONCE(sync_spin_us), 5u, 1000u);
}

/*
 * At start, every second while tracing is on, and after the AP's ring lost
 * events. PMDI_SYNC_TRIES exchanges, each with preemption off for at most
 * sync_spin_us (the IPI, then a spin on sync_ack), preemption on between
 * them (a cond_resched() point); all on one CPU (migrate_disable) so that
 * every t0/t1 and the record belong to one TSC and one ring. An exchange
 * the AP does not answer in time is no sample; a preemptible pause lets its
 * late answer land before the next one. The drain kthread only (and
 * pmdi_trace_start() before the kthread runs): sync_seq is not shared.
 */
static void pmdi_trace_clock_sync(struct pmdi_trace *t)
{
	struct pmdi_mbox_hdr *h = t->p->mbox->v.hdr;
	struct pmdi_ext_clock_sync cs = { 0 };
	u64 us = pmdi_sync_spin_us();
	u64 spin = (u64)tsc_khz * us / 1000, cyc_us = max(tsc_khz / 1000, 1u);
	u32 hist[ARRAY_SIZE(t->sync_hist)] = { 0 };
	struct pmdi_clock_best best;
	int i;

	if (pmdi_ap_load32(&t->p->shared->state) != PMDI_AP_STATE_READY)
		return;
	pmdi_clock_best_init(&best);
	migrate_disable();
	for (i = 0; i < PMDI_SYNC_TRIES; i++) {
		u32 seq = ++t->sync_seq;
		u64 t0, t1;
		pmdi_u64 ta;
		int ok;

		cond_resched();
		preempt_disable();
		/* t0 before the request: any answer to @seq comes after it. */
		t0 = rdtsc_ordered();
		WRITE_ONCE(h->sync_req, seq);
		pmdi_cpu_wake(t->p);
		do {
			t1 = rdtsc_ordered();
			ok = pmdi_clock_answered(h, seq, &ta);
		} while (!ok && t1 - t0 < spin);
		preempt_enable();
		if (!ok) {
			/* Too slow to be a useful sample; did it answer at all? */
			usleep_range(PMDI_SYNC_PAUSE_US / 2, PMDI_SYNC_PAUSE_US);
			hist[pmdi_clock_answered(h, seq, &ta) ? SYNC_LATE : SYNC_NONE]++;
			continue;
		}
		hist[t1 - t0 < 10 * cyc_us ? SYNC_LT10 :
		     t1 - t0 < 25 * cyc_us ? SYNC_LT25 : SYNC_IN_TIME]++;
		pmdi_clock_sample(&best, t0, t1, ta);
	}
	if (best.rtt != ~0ULL) {
		cs.offset = best.offset;
		cs.rtt = (u32)min_t(u64, best.rtt, U32_MAX);
		cs.uncertainty = cs.rtt / 2;
		WRITE_ONCE(t->offset, cs.offset);
		WRITE_ONCE(t->rtt, cs.rtt);
		WRITE_ONCE(t->uncertainty, cs.uncertainty);
		/* On the CPU that read t0 and t1: still this one. */
		pmdi_trace_emit_ext(t, PMDI_EV_CLOCK_SYNC, 0, 0, &cs, sizeof(cs));
	}
	migrate_enable();
	WRITE_ONCE(t->sync_rounds, t->sync_rounds + 1);
	for (i = 0; i < ARRAY_SIZE(hist); i++)
		WRITE_ONCE(t->sync_hist[i], t->sync_hist[i] + hist[i]);
}

/*
 * Wake the readers that have bytes: a batch at a time while events pour in,
 * everything at once when @now (the stream paused, a flush, a dump). A pass
 * every 2 ms woke `cat trace_pipe` as often, and on the board's one Linux CPU
 * each of its wake-ups (a process switch, a read, a write) delays the
 * mailbox worker woken meanwhile. A reader is woken when it has
 * PMDI_READER_WAKE_BYTES, when its oldest unannounced bytes waited
 * PMDI_READER_WAKE_NS, or at the first pass that takes nothing new. A reader
 * that is awake reads whatever is there without a wake-up, and poll() says
 * readable as soon as there are bytes. Returns true when a reader has bytes
 * it was not woken for: the drain comes back within PMDI_READER_WAKE_NS.
 */
static bool pmdi_trace_wake_readers(struct pmdi_trace *t, bool now)
{
	u64 ns = ktime_get_ns(), since;
	bool unwoken = false;
	int i;

	for (i = 0; i < PMDI_NR_READERS; i++) {
		struct pmdi_trace_reader *r = &t->reader[i];
		u64 avail;

		if (!READ_ONCE(r->attached))
			continue;
		avail = pmdi_reader_avail(&r->rb);
		since = READ_ONCE(r->unwoken_since);
		if (!avail) {
			WRITE_ONCE(r->unwoken_since, 0);
			continue;
		}
		if (!since) {
			since = ns;
			WRITE_ONCE(r->unwoken_since, since);
		}
		if (now || avail >= PMDI_READER_WAKE_BYTES || ns - since >= PMDI_READER_WAKE_NS) {
			WRITE_ONCE(r->unwoken_since, 0);
			wake_up_interruptible(&r->wait);
		} else {
			unwoken = true;
		}
	}
	return unwoken;
}

/*
 * A pass, timed: what encoding the stream costs Linux apart from the drain's
 * wake-ups (status). Every pass goes through here, with the drain lock held,
 * so that the time and passes match the records the sources count. Whole:
 * in pieces with a cond_resched() between them, the drain lost records in
 * its ring during the Rust AP's conformance storm (about 10 000 of 109 000;
 * none whole) and gained nothing measurable
 * (docs/performance-log.md, "the trace drain's schedule").
 */
static u64 pmdi_trace_poll_timed(struct pmdi_trace *t)
{
	u64 t0 = ktime_get_ns(), taken;

	taken = pmdi_drain_poll(&t->drain, t0);
	t->poll_ns += ktime_get_ns() - t0;
	t->passes++;
	return taken;
}

/*
 * Before a flush (tracing off, stop): everything the rings hold. A pass takes
 * at most a ring's worth per source (d->more); an honest producer is done
 * after one more, a hostile one cannot keep us here. The drain lock is held.
 */
static u64 pmdi_trace_poll_all(struct pmdi_trace *t)
{
	u64 taken = 0;
	int i;

	for (i = 0; i < 4; i++) {
		taken += pmdi_trace_poll_timed(t);
		if (!t->drain.more)
			break;
	}
	return taken;
}

/* ---- flight recorder ---------------------------------------------------- */

/* Offer the flight buffer's whole frames to reader @r (the drain lock is held). */
static u32 pmdi_trace_flight_copy(struct pmdi_trace *t, struct pmdi_reader_buf *r)
{
	struct pmdi_reader_buf *f = &t->reader[PMDI_READER_FLIGHT].rb;
	u8 frame[PMDI_FRAME_WIRE_MAX];
	u32 n = 0, frames = 0;
	u64 i;

	for (i = f->tail; i != f->head; i++) {
		u8 c = f->buf[i & (f->size - 1)];

		if (n < sizeof(frame))
			frame[n] = c;
		n++;
		if (c != PMDI_FRAME_DELIM)
			continue;
		if (n > 1 && n <= sizeof(frame) && !pmdi_reader_put(r, frame, n, 0))
			frames++;
		n = 0;
	}
	return frames;
}

void pmdi_trace_flight_dump(struct pmdi_trace *t, const char *why)
{
	struct pmdi_reader_buf *f = &t->reader[PMDI_READER_FLIGHT].rb;
	static const u8 delim = PMDI_FRAME_DELIM;
	u8 log[PMDI_BLOB_MAX];
	u32 frames = 0, len, dumps;
	int i;

	if (!t->flight)		/* set at init, constant */
		return;
	/* The reason goes into the trace itself, just before the dump. */
	log[0] = PMDI_LOG_WARN;
	len = 1 + scnprintf(log + 1, sizeof(log) - 1, "flight recorder dump: %s", why);
	pmdi_trace_emit_ext(t, PMDI_EV_LOG, 0, len, log, len);
	mutex_lock(&t->drain_lock);
	pmdi_trace_poll_all(t);
	pmdi_drain_flush(&t->drain);
	for (i = 0; i < PMDI_NR_READERS; i++) {
		struct pmdi_trace_reader *r = &t->reader[i];

		if (i == PMDI_READER_FLIGHT || !r->attached)
			continue;
		r->rb.enabled = 1;
		pmdi_reader_put(&r->rb, &delim, 1, 0);
		pmdi_trace_put_header(t, i);
		frames = pmdi_trace_flight_copy(t, &r->rb);
		r->rb.enabled = 0;
	}
	f->tail = f->head;	/* each moment is sent once */
	dumps = t->flight_dumps + 1;
	WRITE_ONCE(t->flight_dumps, dumps);
	WRITE_ONCE(t->last_dump, jiffies);
	mutex_unlock(&t->drain_lock);
	pmdi_trace_wake_readers(t, true);
	pr_info("flight recorder dump #%u (%s): %u frames\n", dumps, why, frames);
}

/* Once a second: a stuck request dumps the flight recorder (at most every 5 s). */
static void pmdi_trace_flight_check(struct pmdi_trace *t)
{
	char why[96];

	if (!t->flight || (READ_ONCE(t->flight_dumps) &&
			   !time_after(jiffies, READ_ONCE(t->last_dump) + 5 * HZ)))
		return;
	if (pmdi_mbox_stuck(t->p->mbox, (u64)t->flight_stuck_ms * tsc_khz, why, sizeof(why)))
		pmdi_trace_flight_dump(t, why);
}

static int flight_show(struct seq_file *m, void *v)
{
	struct pmdi_trace *t = m->private;
	struct pmdi_reader_buf *f = &t->reader[PMDI_READER_FLIGHT].rb;

	seq_printf(m, "flight recorder: %s\n", t->flight ? "on" : "off");
	if (t->flight) {
		mutex_lock(&t->drain_lock);	/* the drain moves head and tail */
		seq_printf(m, "holding %llu of %u bytes; %u dumps; stuck after %u ms\n",
			   U64(f->head - f->tail), f->size, t->flight_dumps, t->flight_stuck_ms);
		mutex_unlock(&t->drain_lock);
	}
	return 0;
}

static int flight_open(struct inode *inode, struct file *f)
{
	return single_open(f, flight_show, inode->i_private);
}

static ssize_t flight_write_single(struct file *f, const char __user *ubuf, size_t len,
				   loff_t *ppos)
{
	struct seq_file *m = f->private_data;

	pmdi_trace_flight_dump(m->private, "on demand");
	return len;
}

static const struct file_operations flight_fops = {
	.owner = THIS_MODULE,
	.open = flight_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = flight_write_single,
};

/* /sys/kernel/debug/pmdi/flight: read for its state, write anything to dump it. */
void pmdi_trace_flight_debugfs(struct pmdi_trace *t, struct dentry *dir)
{
	debugfs_create_file("flight", 0644, dir, t, &flight_fops);
}

/* ---- in-flight snapshots ----------------------------------------------- */

/* What Linux is serving now, so that a reader attaching late knows it. */
static void pmdi_trace_snapshot(struct pmdi_trace *t)
{
	struct pmdi_blob_inflight f[PMDI_MBOX_MAX_INFLIGHT];
	unsigned int n = pmdi_mbox_snapshot(t->p->mbox, f, ARRAY_SIZE(f)), i;

	for (i = 0; i < n; i += PMDI_INFLIGHT_MAX) {
		unsigned int k = min_t(unsigned int, n - i, PMDI_INFLIGHT_MAX);

		pmdi_trace_emit_ext(t, PMDI_EV_INFLIGHT, 0, k * sizeof(f[0]), &f[i],
				    k * sizeof(f[0]));
	}
}

/* ---- the drain kthread ------------------------------------------------ */

/*
 * A ring broke (the drain's consumer found impossible indices or a malformed
 * record; for the AP's ring, the AP's bug or hostility): reading it stopped
 * for good. Say so once per ring: dmesg, status (t->ap_broken), and a LOG
 * record at error level that `./pmdi report` shows as a finding. The drain
 * lock is held.
 */
static void pmdi_trace_report_broken(struct pmdi_trace *t)
{
	struct pmdi_drain_source *s;
	u8 log[PMDI_BLOB_MAX];
	u32 len;

	while ((s = pmdi_drain_next_broken(&t->drain))) {
		const char *why = pmdi_drain_source_broken(s);

		log[0] = PMDI_LOG_ERR;
		if (s->id == 0) {
			WRITE_ONCE(t->ap_broken, why);
			pr_err("the AP's trace ring is corrupt: %s; its events are no longer read (%llu read before)\n",
			       why, U64(s->records));
			len = 1 + scnprintf(log + 1, sizeof(log) - 1,
					    "channel broken: the AP's trace ring: %s", why);
		} else {
			/* Linux's own ring: a bug of ours, not the AP's. */
			pr_err("the trace ring of source %u (cpu%u) is corrupt: %s; its events are no longer read\n",
			       s->id, s->id - 1, why);
			len = 1 + scnprintf(log + 1, sizeof(log) - 1,
					    "channel broken: the trace ring of cpu%u: %s",
					    s->id - 1, why);
		}
		pmdi_trace_emit_ext(t, PMDI_EV_LOG, 0, len, log, len);
	}
}

/*
 * Once a second while tracing is on (and after the AP's ring lost events):
 * a clock sync, an in-flight snapshot, the flight recorder's check. With
 * tracing off but a flight recorder on, only its check.
 */
static void pmdi_trace_periodic(struct pmdi_trace *t)
{
	t->last_sync = jiffies;
	t->sync_soon = false;
	if (READ_ONCE(t->enabled)) {
		pmdi_trace_clock_sync(t);
		pmdi_trace_snapshot(t);
	}
	pmdi_trace_flight_check(t);
}

/* Tracing on, or a flight recorder to watch: the drain has periodic work. */
static bool pmdi_trace_active(struct pmdi_trace *t)
{
	return READ_ONCE(t->enabled) || t->flight;
}

/*
 * The AP rang its doorbell: its ring may hold records, if it traces at all.
 * With tracing off and no flight recorder it writes none (its trace_mask is
 * 0), and a kick would only make the drain wake up for nothing every few
 * milliseconds while the AP works.
 */
void pmdi_trace_kick_ap(struct pmdi_trace *t)
{
	if (t && pmdi_trace_active(t))
		pmdi_trace_kick(t);
}

/*
 * One pass: take every ring's records into frames, seal old ones (all with
 * @flush), repeat the header when due, and wake the readers. Returns the
 * records taken. @periodic: run the periodic work first (its records are
 * then taken in this same pass).
 */
static u64 pmdi_trace_drain_once(struct pmdi_trace *t, bool flush, bool periodic, bool *more)
{
	u64 lost_before = t->drain.src[0].lost_in_ring, taken;
	unsigned int i;

	if (periodic)
		pmdi_trace_periodic(t);
	mutex_lock(&t->drain_lock);
	for (i = 0; i < PMDI_NR_READERS; i++)
		t->reader[i].rb.enabled = t->reader[i].attached && !t->flight;
	t->reader[PMDI_READER_FLIGHT].rb.enabled = t->flight;
	taken = pmdi_trace_poll_timed(t);
	if (t->drain.broken_rings != t->broken_seen) {
		t->broken_seen = t->drain.broken_rings;
		pmdi_trace_report_broken(t);
		/* The LOG record(s) just written go out with this pass. */
		taken += pmdi_trace_poll_timed(t);
	}
	if (flush) {
		taken += pmdi_trace_poll_all(t);
		pmdi_drain_flush(&t->drain);
	}
	*more = t->drain.more;
	if (pmdi_trace_active(t) && time_after(jiffies, t->last_header + PMDI_HEADER_PERIOD)) {
		pmdi_trace_put_header(t, -1);
		t->last_header = jiffies;
	}
	mutex_unlock(&t->drain_lock);
	t->readers_unwoken = pmdi_trace_wake_readers(t, flush || !taken);
	/* After any loss, a fresh clock sync helps the reader re-anchor. */
	if (t->drain.src[0].lost_in_ring != lost_before)
		t->sync_soon = true;
	return taken;
}

/* When the periodic work is due (jiffies); tracing on or a flight recorder. */
static unsigned long pmdi_trace_periodic_due(struct pmdi_trace *t)
{
	/* After a loss: soon, but not at every pass while the AP overruns its ring. */
	return t->last_sync + (t->sync_soon ? PMDI_SYNC_AFTER_LOSS : PMDI_SYNC_PERIOD);
}

/* Nanoseconds until the oldest open frame must be sealed, or S64_MAX. */
static s64 pmdi_trace_seal_in(struct pmdi_trace *t)
{
	u64 now = ktime_get_ns();
	s64 in = S64_MAX;
	u32 i;

	for (i = 0; i < t->drain.nsrc; i++) {
		struct pmdi_drain_source *s = &t->drain.src[i];

		if (s->open)
			in = min_t(s64, in, (s64)(s->opened_at + t->drain.flush_after - now));
	}
	return in;
}

/*
 * The drain sleeps until there is work. Its wake-ups:
 *
 *  - a Linux-side event written while it is idle: pmdi_trace_emit() sees
 *    drain_idle and queues kick_work (irq_work: emit runs in any context,
 *    hardirq with interrupts off included), which wakes it; once per idle
 *    period, the hot path otherwise reads one flag;
 *  - the AP: its doorbell IRQ calls pmdi_trace_kick() (its IPI_RECV event
 *    kicks too when that class is traced);
 *  - timers (hrtimer sleeps): the 5 ms seal of an open frame; every
 *    PMDI_BUSY_POLL_NS while records pour in (a pass takes
 *    PMDI_BUSY_RECORDS or more: kicks are off then, the rings are polled);
 *    and while tracing is on (or a flight recorder runs) the 1 s clock sync,
 *    in-flight snapshot, flight check and header repeat, which also collect
 *    what the AP traced without ringing (its heartbeat);
 *  - a reader attaching, tracing switched on, kthread_stop().
 *
 * Tracing off and no flight recorder: no timer at all; it sleeps until a
 * kick. The store-buffer race of a writer that publishes a record while the
 * drain sets drain_idle (neither sees the other's store) is closed without a
 * fence on the hot path: after it sets the flag the drain makes one more
 * pass (at the seal deadline, or PMDI_BUSY_POLL_NS later) before it may sleep
 * for long; a record published before the flag became visible is seen by
 * that pass, and every later writer sees the flag.
 */
static int pmdi_trace_drain_fn(void *data)
{
	struct pmdi_trace *t = data;
	bool was_active = pmdi_trace_active(t);

	while (!kthread_should_stop()) {
		bool active = pmdi_trace_active(t), periodic, armed, more;
		s64 sleep_ns, seal;
		u64 taken;

		WRITE_ONCE(t->kicked, false);
		/* Periodic work when due, and at once when tracing came on. */
		periodic = active && (!was_active ||
				      !time_before(jiffies, pmdi_trace_periodic_due(t)));
		was_active = active;
		/* The periodic work writes records, taken by this pass: no self-kick. */
		if (periodic && READ_ONCE(t->drain_idle))
			xchg(&t->drain_idle, 0);
		/* Kicks were on before this pass began: it was the grace pass. */
		armed = READ_ONCE(t->drain_idle);
		taken = pmdi_trace_drain_once(t, false, periodic, &more);
		seal = pmdi_trace_seal_in(t);

		if (taken >= PMDI_BUSY_RECORDS || more) {
			/*
			 * Records pour in: poll, without kicks. Also when a pass
			 * left a ring's worth behind: 2 ms later, not at once, so
			 * that an AP moving its head on for ever costs a bounded
			 * share of a CPU.
			 */
			if (armed)
				xchg(&t->drain_idle, 0);
			sleep_ns = PMDI_BUSY_POLL_NS;
		} else if (!armed) {
			/* Going idle: kicks from now on, then the grace pass. */
			WRITE_ONCE(t->drain_idle, 1);
			sleep_ns = PMDI_BUSY_POLL_NS;
			if (seal != S64_MAX)	/* a frame is open: its seal is the grace pass */
				sleep_ns = seal;
		} else if (active) {
			long j = (long)(pmdi_trace_periodic_due(t) - jiffies);

			sleep_ns = j > 0 ? (s64)jiffies_to_nsecs(j) : 0;
		} else {
			sleep_ns = S64_MAX;	/* until kicked */
		}
		sleep_ns = min(sleep_ns, seal);
		if (t->readers_unwoken)
			sleep_ns = min_t(s64, sleep_ns, PMDI_READER_WAKE_NS);

		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(t->kicked) || kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			continue;
		}
		if (sleep_ns == S64_MAX) {
			schedule();
		} else {
			ktime_t to = ns_to_ktime(max_t(s64, sleep_ns, 50 * NSEC_PER_USEC));

			schedule_hrtimeout_range(&to, PMDI_WAKE_SLACK_NS, HRTIMER_MODE_REL);
		}
	}
	/* No more kicks (pmdi_trace_stop syncs with a kick already queued). */
	xchg(&t->drain_idle, 0);
	return 0;
}

/* Tracing on with event classes @mask, or off; ctl_lock is held. */
static void pmdi_trace_set_locked(struct pmdi_trace *t, bool on, u32 mask)
{
	struct pmdi_mbox_hdr *h = t->p->mbox->v.hdr;
	int i;

	lockdep_assert_held(&t->ctl_lock);
	if (t->stopped)		/* unloading: the drain is gone */
		return;
	if (on) {
		WRITE_ONCE(t->class_mask, mask);
		WRITE_ONCE(t->enabled, true);
		WRITE_ONCE(h->trace_mask, mask);
		pmdi_trace_emit(t, PMDI_EV_TRACE_CTRL, 0, 1 | mask << 8);
		/* Its periodic work (clock sync first) starts now. */
		pmdi_trace_wake_drain(t);
		pr_info("tracing on, events %#x\n", mask);
		return;
	}
	pmdi_trace_emit(t, PMDI_EV_TRACE_CTRL, 0, mask << 8);
	WRITE_ONCE(h->trace_mask, 0);
	mutex_lock(&t->drain_lock);
	pmdi_trace_poll_all(t);
	pmdi_drain_flush(&t->drain);
	mutex_unlock(&t->drain_lock);
	WRITE_ONCE(t->enabled, false);
	for (i = 0; i < PMDI_NR_READERS; i++)
		wake_up_interruptible_all(&t->reader[i].wait);
	pr_info("tracing off\n");
}

void pmdi_trace_set(struct pmdi_trace *t, bool on, u32 mask)
{
	mutex_lock(&t->ctl_lock);
	pmdi_trace_set_locked(t, on, mask);
	mutex_unlock(&t->ctl_lock);
}

void pmdi_trace_switch(struct pmdi_trace *t, bool on)
{
	mutex_lock(&t->ctl_lock);
	pmdi_trace_set_locked(t, on, t->class_mask);
	mutex_unlock(&t->ctl_lock);
}

void pmdi_trace_set_events(struct pmdi_trace *t, u32 mask)
{
	mutex_lock(&t->ctl_lock);
	if (t->enabled)
		pmdi_trace_set_locked(t, true, mask);
	else
		WRITE_ONCE(t->class_mask, mask);	/* off stays off: kept for "on" */
	mutex_unlock(&t->ctl_lock);
}

/* One ring's line of status; the drain lock is held (its consumer state). */
static void ring_status(struct seq_file *m, const char *name, struct pmdi_drain_source *s)
{
	const char *broken = pmdi_drain_source_broken(s);
	/* Linux's own geometry; the head the AP writes is clamped to it. */
	u32 nslots = s->rc.nslots;
	u64 used = pmdi_ring_consumer_used(&s->rc);

	if (broken) {
		seq_printf(m, "trace_ring %s: broken (%s): its events are no longer read; %llu records read before\n",
			   name, broken, U64(s->records));
		return;
	}
	/* lost_total: the producer's count, a display only. */
	seq_printf(m, "trace_ring %s: %llu of %u slots used (%llu%%), %llu events lost\n", name,
		   U64(used), nslots, U64(nslots ? used * 100 / nslots : 0),
		   U64(pmdi_ap_load64(&s->rc.ring->lost_total)));
}

void pmdi_trace_status(struct pmdi_trace *t, struct seq_file *m)
{
	const char *ap_broken = READ_ONCE(t->ap_broken);
	struct pmdi_drain_source *s;
	unsigned int cpu;
	char name[16];
	u64 records = 0;
	u32 i;

	seq_printf(m, "tracing: %s, events %#x, session %08x, snap %u\n",
		   READ_ONCE(t->enabled) ? "on" : "off", READ_ONCE(t->class_mask), t->session_id,
		   t->snap);
	seq_printf(m, "trace_channel: %s%s\n", ap_broken ? "broken: the AP's trace ring: " : "ok",
		   ap_broken ? ap_broken : "");
	seq_printf(m, "clock_offset: %lld cycles (AP - Linux cpu), uncertainty %u, rtt %u\n",
		   READ_ONCE(t->offset), READ_ONCE(t->uncertainty), READ_ONCE(t->rtt));
	seq_printf(m, "clock_sync: %llu rounds; answers < 10 us %llu, < 25 us %llu, <= %u us %llu, later %llu, none %llu\n",
		   U64(READ_ONCE(t->sync_rounds)), U64(READ_ONCE(t->sync_hist[SYNC_LT10])),
		   U64(READ_ONCE(t->sync_hist[SYNC_LT25])), pmdi_sync_spin_us(),
		   U64(READ_ONCE(t->sync_hist[SYNC_IN_TIME])),
		   U64(READ_ONCE(t->sync_hist[SYNC_LATE])), U64(READ_ONCE(t->sync_hist[SYNC_NONE])));

	/* The drain's state (consumers, counters) is the drain's: take its lock. */
	mutex_lock(&t->drain_lock);
	for (i = 0; i < t->drain.nsrc; i++)
		records += t->drain.src[i].records;
	seq_printf(m, "trace_drain: %s, %llu passes took %llu records in %llu us\n",
		   READ_ONCE(t->drain_idle) ? "idle" : "polling", U64(t->passes), U64(records),
		   U64(t->poll_ns / NSEC_PER_USEC));
	seq_printf(m, "trace_records: %llu drained from the rings\n", U64(records));
	ring_status(m, "ap", &t->drain.src[0]);
	for_each_online_cpu(cpu) {
		s = pmdi_drain_source_of(&t->drain, *per_cpu_ptr(t->cpu_ring, cpu));
		if (!s)
			continue;
		snprintf(name, sizeof(name), "cpu%u", cpu);
		ring_status(m, name, s);
	}
	for (i = 0; i < PMDI_NR_READERS; i++) {
		struct pmdi_reader_buf *rb = &t->reader[i].rb;

		seq_printf(m, "reader %s: %s, %llu bytes waiting, %llu frames sent, %llu frames (%llu events) lost\n",
			   t->reader[i].name, t->reader[i].attached ? "attached" : "detached",
			   U64(pmdi_reader_avail(rb)), U64(rb->frames), U64(rb->lost_frames),
			   U64(rb->lost_records));
	}
	mutex_unlock(&t->drain_lock);
}

/* ---- set-up and tear-down ---------------------------------------------- */

int pmdi_trace_init(struct pmdi *p)
{
	struct pmdi_trace *t;
	unsigned int cpu;
	int i;

	t = kvzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	p->trace = t;
	t->p = p;
	t->class_mask = ~0u;
	mutex_init(&t->ctl_lock);
	mutex_init(&t->drain_lock);
	init_irq_work(&t->kick_work, pmdi_trace_kick_fn);
	hrtimer_init(&t->kick_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->kick_timer.function = pmdi_trace_kick_timer_fn;
	pmdi_drain_init(&t->drain, PMDI_FLUSH_NS);
	t->session_id = get_random_u32();

	/* The AP's ring, in the shared region, before the AP starts. */
	t->ap_ring = p->region + PMDI_TRACE_OFFSET;
	BUILD_BUG_ON(sizeof(struct pmdi_trace_ring) + PMDI_TRACE_SLOTS * PMDI_SLOT_SIZE >
		     PMDI_TRACE_SIZE);
	pmdi_ring_init(t->ap_ring, PMDI_TRACE_SLOTS);
	pmdi_drain_add_source(&t->drain, t->ap_ring, 0, p->trace_tsc_shift);

	t->cpu_ring_slots = PMDI_CPU_RING_SLOTS;
	t->cpu_ring = alloc_percpu(struct pmdi_trace_ring *);
	if (!t->cpu_ring)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct pmdi_trace_ring *r = vzalloc(pmdi_ring_bytes(t->cpu_ring_slots));

		if (!r)
			return -ENOMEM;
		pmdi_ring_init(r, t->cpu_ring_slots);
		*per_cpu_ptr(t->cpu_ring, cpu) = r;
		if (cpu != p->cpu)
			pmdi_drain_add_source(&t->drain, r, source_of_cpu(cpu), p->trace_tsc_shift);
	}
	/*
	 * On before the AP starts: its first requests come at once, and the
	 * rings keep them until the drain starts.
	 */
	WRITE_ONCE(t->enabled, p->trace_on);
	t->class_mask = p->trace_events;
	t->snap = p->trace_snap;
	WRITE_ONCE(p->mbox->v.hdr->trace_mask, t->enabled ? t->class_mask : 0);
	pmdi_trace_emit(t, PMDI_EV_TRACE_CTRL, 0, (t->enabled ? 1 : 0) | t->class_mask << 8);

	t->flight = p->flight_kib > 0;
	t->flight_stuck_ms = p->flight_stuck_ms;
	for (i = 0; i < PMDI_NR_READERS; i++) {
		struct pmdi_trace_reader *r = &t->reader[i];
		u32 size = i == PMDI_READER_FLIGHT ?
			   roundup_pow_of_two(max(p->flight_kib, 4u) * 1024) : reader_size[i];
		u8 *buf = vmalloc(size);

		if (!buf)
			return -ENOMEM;
		pmdi_reader_init(&r->rb, buf, size);
		r->rb.overwrite = i == PMDI_READER_FLIGHT;
		r->rb.enabled = 0;
		init_waitqueue_head(&r->wait);
		mutex_init(&r->lock);
		r->name = reader_name[i];
		pmdi_drain_add_reader(&t->drain, &r->rb);
	}
	return 0;
}

/* Once the AP runs: the header, a first clock sync, the drain, the serial line. */
int pmdi_trace_start(struct pmdi *p)
{
	struct pmdi_trace *t = p->trace;
	struct task_struct *task;
	unsigned long deadline;
	int ret;

	pmdi_trace_build_header(t);
	t->last_header = jiffies;
	/*
	 * Like ftrace's buffer, the debugfs stream keeps what happens from the
	 * start (up to its 4 MiB) for the first reader: `insmod; cat trace_pipe`
	 * misses nothing of the workload the AP starts at once.
	 */
	pmdi_trace_attach(t, PMDI_READER_DEBUGFS);
	t->reader[PMDI_READER_DEBUGFS].primed = true;
	/*
	 * The first offset matters most: the AP's first requests wait for it
	 * (trace_ready). Each exchange spins at most sync_spin_us; a loaded host
	 * may not run the AP's vCPU that soon, so rounds are retried, sleeping
	 * in between, for up to a second.
	 */
	deadline = jiffies + HZ;
	pmdi_trace_clock_sync(t);
	while (!READ_ONCE(t->rtt) && time_before(jiffies, deadline)) {
		usleep_range(1000, 2000);
		pmdi_trace_clock_sync(t);
	}
	if (!READ_ONCE(t->rtt))
		pr_warn("no clock sync with the AP within 1 s: its first events have no offset yet\n");
	t->last_sync = jiffies;
	/* The serial reader attaches before the first frame: it misses nothing either. */
	if (p->trace_tty && *p->trace_tty) {
		ret = pmdi_trace_serial_start(t, p->trace_tty, p->trace_baud,
					      p->trace_rate ? p->trace_rate : p->trace_baud / 10);
		if (ret)
			pr_warn("no serial stream on %s (error %d); debugfs still works\n",
				p->trace_tty, ret);
	}
	task = kthread_create(pmdi_trace_drain_fn, t, "pmdi-drain");
	if (IS_ERR(task))
		return PTR_ERR(task);
	/* Ours until pmdi_trace_stop(): kick_work may wake it until then. */
	get_task_struct(task);
	mutex_lock(&t->drain_lock);
	WRITE_ONCE(t->drain_task, task);
	mutex_unlock(&t->drain_lock);
	wake_up_process(task);
	/* The AP waits for this before its first request: all of Linux's events map. */
	WRITE_ONCE(p->mbox->v.hdr->trace_ready, 1);
	pr_info("session %08x: %s, events %#x, AP ring %u slots, %u per CPU, clock offset %lld +- %u cycles\n",
		t->session_id, t->enabled ? "on" : "off", t->class_mask, PMDI_TRACE_SLOTS,
		t->cpu_ring_slots, t->offset, t->uncertainty);
	return 0;
}

/* Before the AP stops: everything written so far reaches the readers, then EOF. */
void pmdi_trace_stop(struct pmdi *p)
{
	struct pmdi_trace *t = p->trace;
	struct task_struct *task;
	bool more;
	int i;

	if (!t)
		return;
	mutex_lock(&t->ctl_lock);
	t->stopped = true;	/* debugfs "tracing" cannot switch it on again */
	mutex_unlock(&t->ctl_lock);
	mutex_lock(&t->drain_lock);
	task = t->drain_task;
	WRITE_ONCE(t->drain_task, NULL);
	mutex_unlock(&t->drain_lock);
	if (!task) {
		/* A start that failed half-way may have opened the serial line. */
		pmdi_trace_serial_stop(t);
		return;
	}
	pmdi_trace_emit(t, PMDI_EV_TRACE_CTRL, 0, 0);
	kthread_stop(task);
	/* The kthread cleared drain_idle: no new kick; wait for one under way. */
	irq_work_sync(&t->kick_work);
	hrtimer_cancel(&t->kick_timer);
	put_task_struct(task);
	pmdi_trace_drain_once(t, true, false, &more);
	WRITE_ONCE(t->enabled, false);
	WRITE_ONCE(p->mbox->v.hdr->trace_mask, 0);
	pmdi_trace_serial_stop(t);
	for (i = 0; i < PMDI_NR_READERS; i++)
		wake_up_interruptible_all(&t->reader[i].wait);
	pr_info("session %08x stopped: AP ring lost %llu events; serial lost %llu frames (%llu events)\n",
		t->session_id, U64(t->drain.src[0].lost_in_ring),
		U64(t->reader[PMDI_READER_SERIAL].rb.lost_frames),
		U64(t->reader[PMDI_READER_SERIAL].rb.lost_records));
}

void pmdi_trace_free(struct pmdi *p)
{
	struct pmdi_trace *t = p->trace;
	unsigned int cpu;
	int i;

	if (!t)
		return;
	if (t->cpu_ring) {
		for_each_possible_cpu(cpu)
			vfree(*per_cpu_ptr(t->cpu_ring, cpu));
		free_percpu(t->cpu_ring);
	}
	for (i = 0; i < PMDI_NR_READERS; i++)
		vfree(t->reader[i].rb.buf);
	p->trace = NULL;
	kvfree(t);
}
