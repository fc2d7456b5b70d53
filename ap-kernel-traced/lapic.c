// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * lapic.c - the local APIC of the AP kernel's CPU.
 *
 * Hardware (Intel SDM Vol. 3A chapter 11, "Advanced Programmable Interrupt
 * Controller"): each CPU has a local APIC that receives IPIs and its own
 * timer interrupt and must be told (EOI) when a handler is done. In xAPIC
 * mode its registers are a 4 KiB MMIO page at IA32_APIC_BASE (11.4.1,
 * table 11-1), mapped uncached; in x2APIC mode (IA32_APIC_BASE.EXTD) the
 * same registers are MSRs 0x800 + offset/16 and the ICR is one 64-bit MSR
 * (11.12.1). INIT leaves the APIC software-disabled with every LVT masked
 * (11.4.7.1): we enable it through the spurious-interrupt register.
 *
 * The x2APIC path is for bare metal; QEMU TCG only offers xAPIC, so it is
 * untested here.
 */
#include "layout.h"
#include "x86.h"
#include "trace.h"
#include "idt.h"
#include "lapic.h"
#include "paging.h"

/* Register offsets in the xAPIC page (Vol. 3A table 11-1). */
#define APIC_ID		0x020
#define APIC_VERSION	0x030
#define APIC_TPR	0x080	/* task priority */
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0	/* spurious-interrupt vector */
#define APIC_ESR	0x280	/* error status */
#define APIC_ICR_LOW	0x300
#define APIC_ICR_HIGH	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERROR	0x370
#define APIC_TIMER_ICR	0x380	/* initial count */
#define APIC_TIMER_CCR	0x390	/* current count */
#define APIC_TIMER_DCR	0x3e0	/* divide configuration */

#define APIC_BASE_ENABLE	(1ull << 11)	/* IA32_APIC_BASE.EN */
#define APIC_BASE_EXTD		(1ull << 10)	/* x2APIC mode */
#define APIC_SVR_ENABLE		(1u << 8)
#define APIC_LVT_MASKED		(1u << 16)
#define APIC_LVT_PERIODIC	(1u << 17)
#define APIC_DCR_DIV16		0x3
#define APIC_ICR_BUSY		(1u << 12)	/* delivery status, xAPIC */
#define APIC_ICR_DEST_LOGICAL	(1u << 11)
#define APIC_ICR_FIXED		(0u << 8)	/* delivery mode "Fixed" */
#define X2APIC_MSR_BASE		0x800
#define X2APIC_MSR_ICR		0x830

static u64 apic_va;
static bool x2apic;

static u32 lapic_read(u32 reg)
{
	if (x2apic)
		return (u32)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return mmio_read32(apic_va + reg);
}

static void lapic_write(u32 reg, u32 v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		mmio_write32(apic_va + reg, v);
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

u32 lapic_id(void)
{
	if (x2apic)
		return (u32)rdmsr(X2APIC_MSR_BASE + (APIC_ID >> 4));
	return lapic_read(APIC_ID) >> 24;
}

bool lapic_is_x2apic(void)
{
	return x2apic;
}

/*
 * Send a Fixed IPI. Interrupts must be off (one ICR write sequence at a
 * time). x2APIC ICR writes are not serializing: fence first so the
 * message the IPI announces is visible before it (Vol. 3A 11.12.3).
 */
void lapic_send_fixed(u32 dest, u8 vector, bool logical)
{
	u32 low = APIC_ICR_FIXED | vector | (logical ? APIC_ICR_DEST_LOGICAL : 0);

	if (x2apic) {
		fence_before_x2apic_icr();
		wrmsr(X2APIC_MSR_ICR, ((u64)dest << 32) | low);
		return;
	}
	while (lapic_read(APIC_ICR_LOW) & APIC_ICR_BUSY)
		;
	lapic_write(APIC_ICR_HIGH, dest << 24);
	lapic_write(APIC_ICR_LOW, low);
}

static void timer_tick(struct trap_frame *tf)
{
	struct pmdi_shared *sh = SHARED_VA;

	(void)tf;
	WRITE_ONCE(sh->heartbeat, sh->heartbeat + 1);
	trace_event(PMDI_EV_HEARTBEAT, 0, (u32)sh->heartbeat);
	lapic_eoi();
}

static void apic_error(struct trap_frame *tf)
{
	struct pmdi_shared *sh = SHARED_VA;

	(void)tf;
	lapic_write(APIC_ESR, 0);	/* latch, then read (11.5.3) */
	(void)lapic_read(APIC_ESR);
	WRITE_ONCE(sh->unexpected_irqs, sh->unexpected_irqs + 1);
	WRITE_ONCE(sh->last_unexpected_vector, PMDI_AP_VEC_ERROR);
	lapic_eoi();
}

static u32 timer_icr;	/* the periodic timer's initial count */

/* APIC timer ticks in 10 ms, measured against Linux's TSC calibration. */
static u32 calibrate(u32 tsc_khz)
{
	u64 t0, wait = (u64)tsc_khz * 10;

	lapic_write(APIC_TIMER_DCR, APIC_DCR_DIV16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | PMDI_AP_VEC_TIMER);
	lapic_write(APIC_TIMER_ICR, 0xffffffffu);
	t0 = rdtsc();
	while (rdtsc() - t0 < wait)
		cpu_relax();
	return 0xffffffffu - lapic_read(APIC_TIMER_CCR);
}

int lapic_init(u32 tsc_khz, u32 hz)
{
	u64 base = rdmsr(MSR_IA32_APIC_BASE);
	u32 per10ms;

	if (!(base & APIC_BASE_ENABLE))
		return -1;
	x2apic = base & APIC_BASE_EXTD;
	if (!x2apic) {
		apic_va = base & PTE_ADDR_MASK;
		/* identity-mapped, uncached: MMIO must not be cached */
		if (paging_map_4k(apic_va, apic_va,
				  PTE_RW | PTE_NX | PTE_CACHE_UC))
			return -1;
	}

	idt_set_handler(PMDI_AP_VEC_TIMER, timer_tick);
	idt_set_handler(PMDI_AP_VEC_ERROR, apic_error);

	lapic_write(APIC_SVR, APIC_SVR_ENABLE | PMDI_AP_VEC_SPURIOUS);
	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_ERROR, PMDI_AP_VEC_ERROR);
	lapic_write(APIC_ESR, 0);

	per10ms = tsc_khz ? calibrate(tsc_khz) : 0;
	if (!per10ms)
		per10ms = 62500;	/* 100 MHz bus / 16, a guess */
	lapic_write(APIC_TIMER_DCR, APIC_DCR_DIV16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_PERIODIC | PMDI_AP_VEC_TIMER);
	timer_icr = per10ms * (100 / hz);
	lapic_write(APIC_TIMER_ICR, timer_icr);
	return 0;
}

void lapic_timer_stop(void)
{
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | PMDI_AP_VEC_TIMER);
	lapic_write(APIC_TIMER_ICR, 0);
}

void lapic_timer_start(void)
{
	lapic_write(APIC_TIMER_DCR, APIC_DCR_DIV16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_PERIODIC | PMDI_AP_VEC_TIMER);
	lapic_write(APIC_TIMER_ICR, timer_icr);
}
