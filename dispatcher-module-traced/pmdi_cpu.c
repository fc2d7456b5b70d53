// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_cpu.c - take a CPU from Linux, start the AP kernel on it, give the
 * CPU back.
 *
 * Hardware: a CPU is (re)started by the INIT-SIPI-SIPI sequence written to
 * the local APIC's interrupt command register (Intel SDM Vol. 3A 9.4.4.1
 * "typical BSP initialization sequence", 11.6.1 "Interrupt Command
 * Register"): INIT puts it in wait-for-SIPI, each StartUp IPI starts it in
 * real mode at vector << 12. INIT also stops whatever it runs, which is how
 * we take the CPU back from the AP kernel before Linux boots it again.
 *
 * Linux side: remove_cpu() offlines the CPU (it ends in play_dead()); a
 * CPUHP_BP_PREPARE_DYN callback that returns -EBUSY for that CPU vetoes
 * `echo 1 > online` while the AP kernel owns it; after INIT and removing
 * the veto, add_cpu() brings it back with Linux's own trampoline. ICR
 * writes go through the exported apic driver with interrupts off; the AP's
 * physical APIC id is the destination (its logical id is 0 after INIT, so
 * apic->send_IPI() would not reach it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include "pmdi.h"

/* The CPU the veto protects; one AP kernel per module instance. */
static unsigned int veto_cpu = UINT_MAX;

static int pmdi_veto_online(unsigned int cpu)
{
	if (cpu != READ_ONCE(veto_cpu))
		return 0;
	pr_warn_ratelimited("cpu%u runs the AP kernel: not onlining it; rmmod pmdi_dispatcher gives it back\n",
			    cpu);
	return -EBUSY;
}

int pmdi_cpu_check(struct pmdi *p)
{
	unsigned int cpu = p->cpu;

	if (cpu >= nr_cpu_ids || !cpu_present(cpu)) {
		pr_err("refused: cpu %u does not exist (present: %*pbl)\n",
		       cpu, cpumask_pr_args(cpu_present_mask));
		return -ENODEV;
	}
	if (cpu == 0) {
		pr_err("refused: cpu 0 is the boot CPU; this kernel cannot take it offline\n");
		return -EINVAL;
	}
	if (!cpu_online(cpu)) {
		pr_err("refused: cpu %u is offline; online it first (echo 1 > /sys/devices/system/cpu/cpu%u/online)\n",
		       cpu, cpu);
		return -EBUSY;
	}
	p->ap_apicid = cpu_physical_id(cpu);
	if (p->ap_apicid == BAD_APICID) {
		pr_err("refused: cpu %u has no APIC id\n", cpu);
		return -ENODEV;
	}
	return 0;
}

/*
 * In x2APIC mode the ICR is an MSR, and WRMSR to it is not serializing: the
 * stores that publish what the IPI announces (ring indices, slots) must be
 * ordered before it (Intel SDM Vol. 3A 11.12.3; Linux's own x2APIC IPIs do
 * the same). xAPIC's ICR is MMIO (uncached): already ordered.
 */
static void icr_fence(void)
{
	if (x2apic_mode)
		weak_wrmsr_fence();
}

static void send_init(u32 apicid)
{
	unsigned long flags;

	local_irq_save(flags);
	icr_fence();
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	apic_wait_icr_idle();
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_DM_INIT, apicid);
	apic_wait_icr_idle();
	local_irq_restore(flags);
}

static void send_startup(u32 apicid, unsigned long tramp_pa)
{
	unsigned long flags;

	local_irq_save(flags);
	icr_fence();
	apic_icr_write(APIC_DM_STARTUP | (tramp_pa >> 12), apicid);
	apic_wait_icr_idle();
	local_irq_restore(flags);
}

/* Linux -> AP: a Fixed IPI to its physical APIC id ("look at the region"). */
void pmdi_cpu_wake(struct pmdi *p)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_wait_icr_idle();
	icr_fence();
	apic_icr_write(APIC_DM_FIXED | APIC_DEST_PHYSICAL | PMDI_AP_VEC_WAKE,
		       p->ap_apicid);
	local_irq_restore(flags);
}

/* Linux -> AP: an NMI IPI (the AP counts it on its NMI IST stack). */
void pmdi_cpu_nmi(struct pmdi *p)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_wait_icr_idle();
	icr_fence();
	apic_icr_write(APIC_DM_NMI | APIC_DEST_PHYSICAL, p->ap_apicid);
	local_irq_restore(flags);
}

/*
 * Stop the AP at once, from any context (a doorbell storm): INIT parks it
 * waiting for a STARTUP IPI. Unload still gives the CPU back as usual.
 */
void pmdi_cpu_stop_now(struct pmdi *p)
{
	pr_err("stopping the AP kernel on cpu%u now (INIT)\n", p->cpu);
	send_init(p->ap_apicid);
}

int pmdi_cpu_take(struct pmdi *p)
{
	int ret;

	WRITE_ONCE(veto_cpu, p->cpu);
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "pmdi:veto",
					pmdi_veto_online, NULL);
	if (ret < 0) {
		pr_err("cannot install the cpu hotplug veto: %d\n", ret);
		WRITE_ONCE(veto_cpu, UINT_MAX);
		return ret;
	}
	p->veto_state = ret;

	ret = remove_cpu(p->cpu);
	if (ret) {
		pr_err("remove_cpu(%u) failed: %d\n", p->cpu, ret);
		return ret;
	}
	p->cpu_removed = true;
	pr_info("cpu%u offlined and reserved for the AP kernel (re-onlining vetoed)\n",
		p->cpu);
	return 0;
}

static const char *check_report(struct pmdi *p)
{
	struct pmdi_shared *sh = p->shared;

	if (sh->cr0 & (X86_CR0_CD | X86_CR0_NW))
		return "CR0 has caching disabled (CD/NW set)";
	if (sh->region_pat_type != PMDI_MT_WB)
		return "its PAT maps the region non-write-back";
	if (sh->region_mtrr_type != PMDI_MT_WB)
		return "the MTRRs make the region non-write-back";
	return NULL;
}

int pmdi_cpu_start(struct pmdi *p, unsigned int timeout_ms)
{
	struct pmdi_shared *sh = p->shared;
	unsigned long deadline;
	const char *why;
	u64 sipi_ns;
	u32 state;

	pr_info("starting cpu%u (APIC id %u): INIT, STARTUP vector %#lx x2\n",
		p->cpu, p->ap_apicid, (unsigned long)p->tramp_pa >> 12);
	/* image, tables and params before the IPIs that make the AP read them */
	wmb();
	p->ap_started = true;
	sipi_ns = ktime_get_ns();
	send_init(p->ap_apicid);
	msleep(10);
	send_startup(p->ap_apicid, p->tramp_pa);
	udelay(200);
	send_startup(p->ap_apicid, p->tramp_pa);

	deadline = jiffies + msecs_to_jiffies(timeout_ms);
	for (;;) {
		pmdi_monitor_poll(p);
		state = READ_ONCE(sh->state);
		if (state == PMDI_AP_STATE_READY || state == PMDI_AP_STATE_FAULTED)
			break;
		if (time_after(jiffies, deadline)) {
			pr_err("AP kernel did not report ready within %u ms (state %s)\n",
			       timeout_ms, pmdi_state_name(state));
			return -ETIMEDOUT;
		}
		msleep(10);
	}
	rmb();	/* state before the report it announces */
	pmdi_monitor_poll(p);
	if (state == PMDI_AP_STATE_FAULTED) {
		pr_err("AP kernel faulted during boot\n");
		return -EIO;
	}
	/* seen by the 10 ms poll above: up to 10 ms late */
	pr_info("AP kernel ready after %llu ms (insmod to ready; %llu ms from INIT)\n",
		div_u64(ktime_get_ns() - p->load_start_ns, NSEC_PER_MSEC),
		div_u64(ktime_get_ns() - sipi_ns, NSEC_PER_MSEC));

	pr_info("AP ready: CR0 %#llx CR4 %#llx EFER %#llx PAT %#llx MTRRdefType %#llx; region MTRR %s, PAT %s\n",
		U64(sh->cr0), U64(sh->cr4), U64(sh->efer), U64(sh->pat), U64(sh->mtrr_def_type),
		pmdi_mem_type_name(sh->region_mtrr_type),
		pmdi_mem_type_name(sh->region_pat_type));
	why = check_report(p);
	if (why) {
		pr_err("refused: the shared region must be write-back on both sides: %s\n", why);
		return -EINVAL;
	}
	return 0;
}

static void stop_ap(struct pmdi *p)
{
	struct pmdi_shared *sh = p->shared;
	unsigned long deadline = jiffies + msecs_to_jiffies(500);
	u32 state = READ_ONCE(sh->state);

	if (state == PMDI_AP_STATE_READY) {
		WRITE_ONCE(sh->command, PMDI_CMD_STOP);
		wmb();	/* command before the sequence number that posts it */
		WRITE_ONCE(sh->command_seq, sh->command_seq + 1);
		mb();	/* posted before the IPI */
		pmdi_cpu_wake(p);
		while (READ_ONCE(sh->state) != PMDI_AP_STATE_STOPPED &&
		       time_before(jiffies, deadline))
			msleep(5);
		pmdi_monitor_poll(p);
		state = READ_ONCE(sh->state);
		if (state == PMDI_AP_STATE_STOPPED)
			pr_info("AP kernel stopped on request\n");
		else
			pr_warn("AP kernel did not answer the stop request (state %s); INIT stops it\n",
				pmdi_state_name(state));
	} else {
		pmdi_monitor_poll(p);
		pr_info("AP kernel is %s; INIT stops it\n", pmdi_state_name(state));
	}
	send_init(p->ap_apicid);
	pr_info("cpu%u sent INIT (waiting for STARTUP)\n", p->cpu);
}

void pmdi_cpu_give_back(struct pmdi *p)
{
	int ret;

	if (p->ap_started) {
		stop_ap(p);
		p->ap_started = false;
	}
	if (p->veto_state >= 0) {
		cpuhp_remove_state_nocalls(p->veto_state);
		p->veto_state = -1;
		WRITE_ONCE(veto_cpu, UINT_MAX);
	}
	if (p->cpu_removed) {
		ret = add_cpu(p->cpu);
		if (ret)
			pr_err("add_cpu(%u) failed: %d; try echo 1 > /sys/devices/system/cpu/cpu%u/online\n",
			       p->cpu, ret, p->cpu);
		else
			pr_info("cpu%u is back online with Linux\n", p->cpu);
		p->cpu_removed = false;
	}
}
