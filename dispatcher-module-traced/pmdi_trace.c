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
 *
 * Clock sync (a ping-pong through the mailbox header): Linux reads its TSC
 * (t0), bumps sync_req and sends the AP its wake IPI; the AP's handler writes
 * its TSC (ta) then sync_ack; Linux reads t1. offset = ta - (t0 + t1) / 2,
 * uncertainty (t1 - t0) / 2; the best of several round trips is kept.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": trace: " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <asm/msr.h>
#include <asm/smp.h>
#include <asm/tsc.h>
#include <pmdi/clock_sync.h>
#include "pmdi.h"
#include "pmdi_mbox.h"
#include "pmdi_trace.h"

#define PMDI_CPU_RING_SLOTS	(1u << 15)	/* 512 KiB per CPU */
#define PMDI_FLUSH_NS		(5 * NSEC_PER_MSEC)
#define PMDI_HEADER_PERIOD	(5 * HZ)
#define PMDI_SYNC_PERIOD	HZ
#define PMDI_SYNC_TRIES		8
#define PMDI_SYNC_WAIT_US	1000	/* a halted vCPU may take a while to wake under TCG */

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

/* ---- writers ------------------------------------------------------- */

void pmdi_trace_emit(struct pmdi_trace *t, unsigned int type, u32 req, u32 arg)
{
	unsigned long flags;

	local_irq_save(flags);
	pmdi_ring_emit(*this_cpu_ptr(t->cpu_ring), type, rdtsc(), req, arg);
	local_irq_restore(flags);
}

void pmdi_trace_emit_ext(struct pmdi_trace *t, unsigned int type, u32 req, u32 arg,
			 const void *ext, u32 len)
{
	unsigned long flags;

	local_irq_save(flags);
	pmdi_ring_emit_ext(*this_cpu_ptr(t->cpu_ring), type, rdtsc(), req, arg, ext, len);
	local_irq_restore(flags);
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

		pmdi_hdr_put_device(hb, &hd, d->name, d->driver);
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
	r->attached = true;
	mutex_unlock(&t->drain_lock);
	pr_info("%s reader attached\n", r->name);
}

void pmdi_trace_detach(struct pmdi_trace *t, enum pmdi_trace_reader_id id)
{
	struct pmdi_trace_reader *r = &t->reader[id];

	mutex_lock(&t->drain_lock);
	r->attached = false;
	r->primed = false;
	r->rb.enabled = 0;
	mutex_unlock(&t->drain_lock);
	pr_info("%s reader detached: %llu frames delivered, %llu frames (%llu events) lost\n",
		r->name, U64(r->rb.frames), U64(r->rb.lost_frames), U64(r->rb.lost_records));
}

/* ---- clock sync -------------------------------------------------------- */

static void pmdi_trace_clock_sync(struct pmdi_trace *t)
{
	struct pmdi_mbox_hdr *h = t->p->mbox->v.hdr;
	struct pmdi_ext_clock_sync cs = { 0 };
	u64 wait = (u64)tsc_khz * PMDI_SYNC_WAIT_US / 1000;
	struct pmdi_clock_best best;
	int i;

	if (READ_ONCE(t->p->shared->state) != PMDI_AP_STATE_READY)
		return;
	pmdi_clock_best_init(&best);
	/* One CPU's TSC for t0 and t1: the record goes on this CPU's ring. */
	preempt_disable();
	for (i = 0; i < PMDI_SYNC_TRIES; i++) {
		u32 seq = ++t->sync_seq;
		u64 t0, t1;
		pmdi_u64 ta;
		int answered;

		WRITE_ONCE(h->sync_req, seq);
		t0 = rdtsc_ordered();
		pmdi_cpu_wake(t->p);
		do {
			t1 = rdtsc_ordered();
			answered = pmdi_clock_answered(h, seq, &ta);
		} while (!answered && t1 - t0 < wait);
		if (answered)	/* else the AP did not answer in time: not a sample */
			pmdi_clock_sample(&best, t0, t1, ta);
	}
	if (best.rtt != ~0ULL) {
		cs.offset = best.offset;
		cs.rtt = (u32)min_t(u64, best.rtt, U32_MAX);
		cs.uncertainty = cs.rtt / 2;
		t->offset = cs.offset;
		t->rtt = cs.rtt;
		t->uncertainty = cs.uncertainty;
		pmdi_trace_emit_ext(t, PMDI_EV_CLOCK_SYNC, 0, 0, &cs, sizeof(cs));
	}
	preempt_enable();
	t->last_sync = jiffies;
}

static void pmdi_trace_wake_readers(struct pmdi_trace *t)
{
	int i;

	for (i = 0; i < PMDI_NR_READERS; i++)
		if (t->reader[i].attached && pmdi_reader_avail(&t->reader[i].rb))
			wake_up_interruptible(&t->reader[i].wait);
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
	u32 frames = 0, len;
	int i;

	if (!t->flight)
		return;
	/* The reason goes into the trace itself, just before the dump. */
	log[0] = PMDI_LOG_WARN;
	len = 1 + scnprintf(log + 1, sizeof(log) - 1, "flight recorder dump: %s", why);
	pmdi_trace_emit_ext(t, PMDI_EV_LOG, 0, len, log, len);
	mutex_lock(&t->drain_lock);
	pmdi_drain_poll(&t->drain, ktime_get_ns());
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
	t->flight_dumps++;
	t->last_dump = jiffies;
	mutex_unlock(&t->drain_lock);
	pmdi_trace_wake_readers(t);
	pr_info("flight recorder dump #%u (%s): %u frames\n", t->flight_dumps, why, frames);
}

/* Once a second: a stuck request dumps the flight recorder (at most every 5 s). */
static void pmdi_trace_flight_check(struct pmdi_trace *t)
{
	char why[96];

	if (!t->flight || (t->flight_dumps && !time_after(jiffies, t->last_dump + 5 * HZ)))
		return;
	if (pmdi_mbox_stuck(t->p->mbox, (u64)t->flight_stuck_ms * tsc_khz, why, sizeof(why)))
		pmdi_trace_flight_dump(t, why);
}

static int flight_show(struct seq_file *m, void *v)
{
	struct pmdi_trace *t = m->private;
	struct pmdi_reader_buf *f = &t->reader[PMDI_READER_FLIGHT].rb;

	seq_printf(m, "flight recorder: %s\n", t->flight ? "on" : "off");
	if (t->flight)
		seq_printf(m, "holding %llu of %u bytes; %u dumps; stuck after %u ms\n",
			   U64(f->head - f->tail), f->size, t->flight_dumps, t->flight_stuck_ms);
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


static void pmdi_trace_drain_once(struct pmdi_trace *t, bool flush)
{
	u64 lost_before = t->drain.src[0].lost_in_ring;
	unsigned int i;

	mutex_lock(&t->drain_lock);
	for (i = 0; i < PMDI_NR_READERS; i++)
		t->reader[i].rb.enabled = t->reader[i].attached && !t->flight;
	t->reader[PMDI_READER_FLIGHT].rb.enabled = t->flight;
	pmdi_drain_poll(&t->drain, ktime_get_ns());
	if (flush)
		pmdi_drain_flush(&t->drain);
	if (time_after(jiffies, t->last_header + PMDI_HEADER_PERIOD)) {
		pmdi_trace_put_header(t, -1);
		t->last_header = jiffies;
	}
	mutex_unlock(&t->drain_lock);
	/* After any loss, a fresh clock sync helps the reader re-anchor. */
	if (t->drain.src[0].lost_in_ring != lost_before ||
	    time_after(jiffies, t->last_sync + PMDI_SYNC_PERIOD)) {
		pmdi_trace_clock_sync(t);
		pmdi_trace_snapshot(t);
		pmdi_trace_flight_check(t);
	}
	pmdi_trace_wake_readers(t);
}

static int pmdi_trace_drain_fn(void *data)
{
	struct pmdi_trace *t = data;

	while (!kthread_should_stop()) {
		pmdi_trace_drain_once(t, false);
		/* 2 ms: frames are sealed within 5 ms, the serial line within 10 ms. */
		schedule_timeout_interruptible(max(1UL, msecs_to_jiffies(2)));
	}
	return 0;
}

void pmdi_trace_set(struct pmdi_trace *t, bool on, u32 mask)
{
	struct pmdi_mbox_hdr *h = t->p->mbox->v.hdr;
	int i;

	if (on) {
		WRITE_ONCE(t->class_mask, mask);
		WRITE_ONCE(t->enabled, true);
		WRITE_ONCE(h->trace_mask, mask);
		pmdi_trace_emit(t, PMDI_EV_TRACE_CTRL, 0, 1 | mask << 8);
		pr_info("tracing on, events %#x\n", mask);
		return;
	}
	pmdi_trace_emit(t, PMDI_EV_TRACE_CTRL, 0, mask << 8);
	WRITE_ONCE(h->trace_mask, 0);
	mutex_lock(&t->drain_lock);
	pmdi_drain_poll(&t->drain, ktime_get_ns());
	pmdi_drain_flush(&t->drain);
	mutex_unlock(&t->drain_lock);
	WRITE_ONCE(t->enabled, false);
	for (i = 0; i < PMDI_NR_READERS; i++)
		wake_up_interruptible_all(&t->reader[i].wait);
	pr_info("tracing off\n");
}

static void ring_status(struct seq_file *m, const char *name, struct pmdi_trace_ring *r)
{
	u64 used = READ_ONCE(r->head) - READ_ONCE(r->tail);

	seq_printf(m, "trace_ring %s: %llu of %u slots used (%llu%%), %llu events lost\n", name,
		   U64(used), r->nslots, U64(used * 100 / r->nslots), U64(READ_ONCE(r->lost_total)));
}

void pmdi_trace_status(struct pmdi_trace *t, struct seq_file *m)
{
	unsigned int cpu;
	char name[16];
	int i;

	u64 records = 0;
	u32 s;

	for (s = 0; s < t->drain.nsrc; s++)
		records += t->drain.src[s].records;
	seq_printf(m, "tracing: %s, events %#x, session %08x\n", t->enabled ? "on" : "off",
		   t->class_mask, t->session_id);
	seq_printf(m, "trace_records: %llu drained from the rings\n", U64(records));
	seq_printf(m, "clock_offset: %lld cycles (AP - Linux cpu), uncertainty %u, rtt %u\n",
		   t->offset, t->uncertainty, t->rtt);
	ring_status(m, "ap", t->ap_ring);
	for_each_online_cpu(cpu) {
		snprintf(name, sizeof(name), "cpu%u", cpu);
		ring_status(m, name, *per_cpu_ptr(t->cpu_ring, cpu));
	}
	for (i = 0; i < PMDI_NR_READERS; i++) {
		struct pmdi_reader_buf *rb = &t->reader[i].rb;

		seq_printf(m, "reader %s: %s, %llu bytes waiting, %llu frames sent, %llu frames (%llu events) lost\n",
			   t->reader[i].name, t->reader[i].attached ? "attached" : "detached",
			   U64(pmdi_reader_avail(rb)), U64(rb->frames), U64(rb->lost_frames),
			   U64(rb->lost_records));
	}
}

/* ---- set-up and tear-down ---------------------------------------------- */

int pmdi_trace_init(struct pmdi *p)
{
	struct pmdi_trace *t;
	unsigned int cpu;
	int i;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	p->trace = t;
	t->p = p;
	t->class_mask = ~0u;
	mutex_init(&t->drain_lock);
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
	/* The first offset matters most: retry a little if the AP was slow to answer. */
	for (ret = 0; ret < 3 && !t->rtt; ret++)
		pmdi_trace_clock_sync(t);
	/* The serial reader attaches before the first frame: it misses nothing either. */
	if (p->trace_tty && *p->trace_tty) {
		ret = pmdi_trace_serial_start(t, p->trace_tty, p->trace_baud,
					      p->trace_rate ? p->trace_rate : p->trace_baud / 10);
		if (ret)
			pr_warn("no serial stream on %s (error %d); debugfs still works\n",
				p->trace_tty, ret);
	}
	t->drain_task = kthread_run(pmdi_trace_drain_fn, t, "pmdi-drain");
	if (IS_ERR(t->drain_task)) {
		ret = PTR_ERR(t->drain_task);
		t->drain_task = NULL;
		return ret;
	}
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
	int i;

	if (!t)
		return;
	if (!t->drain_task) {
		/* A start that failed half-way may have opened the serial line. */
		pmdi_trace_serial_stop(t);
		return;
	}
	pmdi_trace_emit(t, PMDI_EV_TRACE_CTRL, 0, 0);
	kthread_stop(t->drain_task);
	t->drain_task = NULL;
	pmdi_trace_drain_once(t, true);
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
	kfree(t);
}
