// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_monitor.c - watch the running AP kernel from Linux.
 *
 * No hardware of its own: every 100 ms a delayed work item reads the
 * shared control block and the console ring (include/pmdi/shared.h).
 * It prints the AP's text on the Linux console as "pmdi_dispatcher: ap: ...",
 * reports a new fault record once, warns when the heartbeat stops, and
 * serves /sys/kernel/debug/pmdi/status. Everything the AP can cause is
 * rate-limited: it must not be able to flood the kernel log.
 *
 * The console ring is read by interface/include/pmdi/console_ring.h, which
 * keeps Linux's tail in Linux's memory.
 *
 * The control block is the AP's to write: every field is fetched once
 * through the untrusted.h accessors into a local, and only the local is
 * checked and used; nothing from it is used as an index or a size without a
 * bound (state names, vector names and the build id length are bounded).
 *
 * Who writes what: the console line buffer, con_reader, ap_suppressed and
 * seen_fault_count are touched under monitor_lock (the monitor work and the
 * load/unload paths of pmdi_cpu.c may both poll). seen_heartbeat,
 * heartbeat_jiffies and stall_reported belong to the monitor work alone
 * (a work item never runs twice at once; pmdi_monitor_start() sets them
 * before it is queued).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <pmdi/console_ring.h>
#include <pmdi/untrusted.h>
#include "pmdi.h"
#include "pmdi_mbox.h"
#include "pmdi_trace.h"

#define MONITOR_PERIOD		(HZ / 10)
#define HEARTBEAT_STALL		(3 * HZ)

/* One struct pmdi per module: one lock for its console and fault reports. */
static DEFINE_MUTEX(monitor_lock);

static const char *const state_names[] = {
	[PMDI_AP_STATE_OFF] = "off",
	[PMDI_AP_STATE_BOOTING] = "booting",
	[PMDI_AP_STATE_READY] = "ready",
	[PMDI_AP_STATE_STOPPED] = "stopped",
	[PMDI_AP_STATE_FAULTED] = "faulted",
};

const char *pmdi_state_name(u32 state)
{
	if (state < ARRAY_SIZE(state_names))
		return state_names[state];
	return "invalid";
}

static const char *vector_name(u32 v)
{
	static const char *const names[] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF",
		"CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "reserved", "#MF",
		"#AC", "#MC", "#XM", "#VE", "#CP",
	};

	return v < ARRAY_SIZE(names) ? names[v] : "vector";
}

static void flush_line(struct pmdi *p)
{
	if (!p->line_len)
		return;
	p->line[p->line_len] = 0;
	if (__ratelimit(&p->ap_rs))
		pr_info("ap: %s\n", p->line);
	else
		p->ap_suppressed++;
	p->line_len = 0;
}

static void drain_console(struct pmdi *p)
{
	char buf[256];
	u32 n, i, skipped, lost;

	while ((n = pmdi_console_take(p->console, &p->con_reader, buf, sizeof(buf), &skipped))) {
		for (i = 0; i < n; i++) {
			char ch = buf[i];

			if (ch == '\n' || p->line_len >= sizeof(p->line) - 1)
				flush_line(p);
			if (ch != '\n')
				p->line[p->line_len++] = (ch >= 0x20 && ch < 0x7f) ? ch : '?';
		}
	}
	if (skipped)
		/* the AP never overwrites; a bad head means a confused AP */
		pr_warn_ratelimited("ap console head is %u bytes past tail; resynchronising\n",
				    skipped);
	lost = pmdi_console_lost(p->console, &p->con_reader);
	if (lost)
		pr_warn_ratelimited("ap console: %u bytes lost (ring full)\n", lost);
	if (p->ap_suppressed && __ratelimit(&p->ap_rs)) {
		pr_warn("ap: %lu lines suppressed (rate limit)\n", p->ap_suppressed);
		p->ap_suppressed = 0;
	}
}

/* The AP's fault record, read once (monitor_lock held). */
static void report_fault_locked(struct pmdi *p)
{
	struct pmdi_shared *sh = p->shared;
	u32 count = pmdi_ap_load_acquire32(&sh->fault_count);	/* before the record */
	u8 build_id[PMDI_BUILD_ID_MAX];
	u32 vector, id_len;
	u64 rip, cr2, err, rsp, rflags;

	if (count == p->seen_fault_count)
		return;
	/*
	 * A real fault sets the count, then the state, and halts the AP. A
	 * count that moves while the AP says it is not faulted is a scribble:
	 * not reported (looked at again once the state says faulted).
	 */
	if (pmdi_ap_load32(&sh->state) != PMDI_AP_STATE_FAULTED)
		return;
	p->seen_fault_count = count;
	vector = pmdi_ap_load32(&sh->fault_vector);
	rip = pmdi_ap_load64(&sh->fault_rip);
	cr2 = pmdi_ap_load64(&sh->fault_cr2);
	err = pmdi_ap_load64(&sh->fault_error_code);
	rsp = pmdi_ap_load64(&sh->fault_rsp);
	rflags = pmdi_ap_load64(&sh->fault_rflags);
	id_len = min_t(u32, pmdi_ap_load32(&sh->fault_build_id_len), PMDI_BUILD_ID_MAX);
	BUILD_BUG_ON(sizeof(build_id) % 8);
	pmdi_ap_copy(build_id, sh->fault_build_id, sizeof(build_id));
	pr_err_ratelimited("AP kernel fault: vector %u (%s), rip %#llx, cr2 %#llx, error %#llx, rsp %#llx, rflags %#llx, build id %*phN (fault #%u; cpu%u halted, rmmod gives it back)\n",
			   vector, vector_name(vector), rip, cr2, err, rsp, rflags,
			   id_len, build_id, count, p->cpu);
	/* One dump per fault, and not more often than every 5 s whatever the AP writes. */
	if (p->trace && (!p->fault_dumped || time_after(jiffies, p->fault_dumped + 5 * HZ))) {
		p->fault_dumped = jiffies | 1;
		pmdi_trace_flight_dump(p->trace, "AP fault");
	}
}

void pmdi_report_fault(struct pmdi *p)
{
	mutex_lock(&monitor_lock);
	report_fault_locked(p);
	mutex_unlock(&monitor_lock);
}

/* The monitor work only (see the top). */
static void check_heartbeat(struct pmdi *p)
{
	u64 hb = pmdi_ap_load64(&p->shared->heartbeat);

	if (hb != p->seen_heartbeat) {
		if (p->stall_reported)
			pr_info("AP heartbeat resumed (%llu)\n", hb);
		p->seen_heartbeat = hb;
		p->heartbeat_jiffies = jiffies;
		p->stall_reported = false;
		return;
	}
	if (pmdi_ap_load32(&p->shared->state) == PMDI_AP_STATE_READY &&
	    !p->stall_reported &&
	    time_after(jiffies, p->heartbeat_jiffies + HEARTBEAT_STALL)) {
		pr_warn("AP heartbeat stalled at %llu for %u ms\n", hb,
			jiffies_to_msecs(jiffies - p->heartbeat_jiffies));
		p->stall_reported = true;
	}
}

/* Console and faults; called from the monitor and while loading/unloading. */
void pmdi_monitor_poll(struct pmdi *p)
{
	mutex_lock(&monitor_lock);
	drain_console(p);
	report_fault_locked(p);
	mutex_unlock(&monitor_lock);
}

static void monitor_work(struct work_struct *w)
{
	struct pmdi *p = container_of(to_delayed_work(w), struct pmdi, monitor);

	pmdi_monitor_poll(p);
	check_heartbeat(p);
	if (p->mbox)
		pmdi_mbox_republish_doorbell(p->mbox);
	schedule_delayed_work(&p->monitor, MONITOR_PERIOD);
}

static int status_show(struct seq_file *m, void *v)
{
	struct pmdi *p = m->private;
	struct pmdi_shared *sh = p->shared;
	u32 fault_count, mtrr_sync, apic_mode;

	seq_printf(m, "image: %s\n", p->image_name);
	seq_printf(m, "image_format: %s\n", p->image_elf ? "elf" : "flat");
	seq_printf(m, "image_traces: %s\n", p->image_traces ? "yes" : "no");
	seq_printf(m, "boot_rsp: %#llx\n", p->boot_rsp);
	seq_printf(m, "build_id: %*phN\n", p->build_id_len, p->build_id);
	seq_printf(m, "cpu: %u\napic_id: %u\n", p->cpu, p->ap_apicid);
	seq_printf(m, "region: %#llx %#llx\n", U64(p->region_pa), U64(p->region_size));
	/* The AP's words: each fetched once, shown as values, bounded where named. */
	seq_printf(m, "state: %s\n", pmdi_state_name(pmdi_ap_load32(&sh->state)));
	seq_printf(m, "heartbeat: %llu\nheartbeat_hz: %u\n",
		   U64(pmdi_ap_load64(&sh->heartbeat)), pmdi_ap_load32(&sh->heartbeat_hz));
	seq_printf(m, "wake_count: %llu\n", U64(pmdi_ap_load64(&sh->wake_count)));
	seq_printf(m, "unexpected_irqs: %u\nlast_unexpected_vector: %#x\n",
		   pmdi_ap_load32(&sh->unexpected_irqs),
		   pmdi_ap_load32(&sh->last_unexpected_vector));
	seq_printf(m, "nmi_count: %u\n", pmdi_ap_load32(&sh->nmi_count));
	seq_printf(m, "free_pages: %llu\n", U64(pmdi_ap_load64(&sh->free_pages)));
	seq_printf(m, "cr0: %#llx\ncr4: %#llx\nefer: %#llx\npat: %#llx\n",
		   U64(pmdi_ap_load64(&sh->cr0)), U64(pmdi_ap_load64(&sh->cr4)),
		   U64(pmdi_ap_load64(&sh->efer)), U64(pmdi_ap_load64(&sh->pat)));
	seq_printf(m, "mtrr_def_type: %#llx\nregion_mtrr_type: %s\nregion_pat_type: %s\n",
		   U64(pmdi_ap_load64(&sh->mtrr_def_type)),
		   pmdi_mem_type_name(pmdi_ap_load32(&sh->region_mtrr_type)),
		   pmdi_mem_type_name(pmdi_ap_load32(&sh->region_pat_type)));
	mtrr_sync = pmdi_ap_load32(&sh->mtrr_sync);
	seq_printf(m, "mtrr_sync: %s\n",
		   mtrr_sync == PMDI_MTRR_MATCHED ? "matched Linux" :
		   mtrr_sync == PMDI_MTRR_COPIED ? "copied from Linux" : "no MTRRs");
	apic_mode = pmdi_ap_load32(&sh->apic_mode);
	seq_printf(m, "apic_mode: %s\n", apic_mode == PMDI_APIC_X2APIC ? "x2apic" : "xapic");
	if (p->mbox)
		seq_printf(m, "mailbox_channel: %s\n",
			   pmdi_mbox_broken_name(atomic_read(&p->mbox->broken)));
	if (p->trace)
		pmdi_trace_status(p->trace, m);
	fault_count = pmdi_ap_load_acquire32(&sh->fault_count);
	seq_printf(m, "fault_count: %u\n", fault_count);
	if (fault_count)
		seq_printf(m, "fault: vector %u rip %#llx cr2 %#llx error %#llx\n",
			   pmdi_ap_load32(&sh->fault_vector), U64(pmdi_ap_load64(&sh->fault_rip)),
			   U64(pmdi_ap_load64(&sh->fault_cr2)),
			   U64(pmdi_ap_load64(&sh->fault_error_code)));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

/* Writing anything sends one wake IPI (Linux -> AP path, for tests). */
static ssize_t wake_write(struct file *f, const char __user *buf, size_t len,
			  loff_t *ppos)
{
	struct pmdi *p = f->private_data;

	pmdi_cpu_wake(p);
	return len;
}

/* Writing anything sends one NMI IPI to the AP (its IST path, for tests). */
static ssize_t nmi_write(struct file *f, const char __user *buf, size_t len,
			 loff_t *ppos)
{
	struct pmdi *p = f->private_data;

	pmdi_cpu_nmi(p);
	return len;
}

static const struct file_operations nmi_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = nmi_write,
	.llseek = noop_llseek,
};

static const struct file_operations wake_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = wake_write,
	.llseek = noop_llseek,
};

void pmdi_monitor_start(struct pmdi *p)
{
	p->seen_heartbeat = pmdi_ap_load64(&p->shared->heartbeat);
	p->heartbeat_jiffies = jiffies;
	p->debugfs = debugfs_create_dir(PMDI_NAME, NULL);
	debugfs_create_file("status", 0444, p->debugfs, p, &status_fops);
	debugfs_create_file("wake", 0200, p->debugfs, p, &wake_fops);
	debugfs_create_file("nmi", 0200, p->debugfs, p, &nmi_fops);
	if (p->mbox)
		pmdi_mbox_debugfs(p->mbox, p->debugfs);
	if (p->trace) {
		pmdi_trace_debugfs(p->trace, p->debugfs);
		pmdi_trace_flight_debugfs(p->trace, p->debugfs);
	}
	INIT_DELAYED_WORK(&p->monitor, monitor_work);
	p->monitor_running = true;
	schedule_delayed_work(&p->monitor, MONITOR_PERIOD);
}

void pmdi_monitor_stop(struct pmdi *p)
{
	if (!p->monitor_running)
		return;
	debugfs_remove_recursive(p->debugfs);
	p->debugfs = NULL;
	cancel_delayed_work_sync(&p->monitor);
	p->monitor_running = false;
}
