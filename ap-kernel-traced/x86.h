/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * Every instruction the AP kernel needs that C cannot express, in one place:
 * control registers (Intel SDM Vol. 3A 2.5), MSRs (Vol. 4), descriptor
 * tables (Vol. 3A 2.4), interrupt flag and halt (Vol. 3A 6.8.1, "sti" delays
 * interrupts by one instruction), TSC, memory-mapped I/O, fences.
 */
#ifndef AP_X86_H
#define AP_X86_H

#include "types.h"

/* Control register bits (Vol. 3A 2.5). */
#define CR0_PE		(1ull << 0)
#define CR0_MP		(1ull << 1)
#define CR0_EM		(1ull << 2)
#define CR0_NE		(1ull << 5)
#define CR0_WP		(1ull << 16)
#define CR0_NW		(1ull << 29)
#define CR0_CD		(1ull << 30)
#define CR0_PG		(1ull << 31)
#define CR4_PAE		(1ull << 5)
#define CR4_MCE		(1ull << 6)
#define CR4_PGE		(1ull << 7)

/* Architectural MSRs (Vol. 4 2.1). */
#define MSR_IA32_APIC_BASE	0x1b
#define MSR_IA32_MTRRCAP	0xfe
#define MSR_IA32_MTRR_PHYSBASE0	0x200	/* +2n: base, +2n+1: mask */
#define MSR_IA32_MTRR_FIX64K	0x250
#define MSR_IA32_MTRR_FIX16K_80	0x258
#define MSR_IA32_MTRR_FIX16K_A0	0x259
#define MSR_IA32_MTRR_FIX4K_C0	0x268	/* .. 0x26f */
#define MSR_IA32_PAT		0x277
#define MSR_IA32_MTRR_DEF_TYPE	0x2ff
#define MSR_EFER		0xc0000080
#define EFER_NXE		(1ull << 11)

static inline u64 read_cr0(void)
{
	u64 v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(u64 v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline u64 read_cr2(void)
{
	u64 v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr3(void)
{
	u64 v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(u64 v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline u64 read_cr4(void)
{
	u64 v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(u64 v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
		     : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(0));
}

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

static inline void lgdt(const struct desc_ptr *p)
{
	asm volatile("lgdt %0" : : "m"(*p));
}

static inline void lidt(const struct desc_ptr *p)
{
	asm volatile("lidt %0" : : "m"(*p));
}

static inline void ltr(u16 sel)
{
	asm volatile("ltr %0" : : "r"(sel));
}

/* Reload CS with a far return and the data segments with plain moves. */
static inline void load_segments(u16 code, u16 data)
{
	asm volatile("pushq %q0\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "mov %w1, %%ds\n\t"
		     "mov %w1, %%es\n\t"
		     "mov %w1, %%ss\n\t"
		     "mov %w1, %%fs\n\t"
		     "mov %w1, %%gs"
		     : : "r"((u64)code), "r"(data) : "rax", "memory");
}

#define RFLAGS_IF	(1ull << 9)	/* interrupts enabled (Vol. 1 3.4.3) */

static inline void cli(void)
{
	asm volatile("cli" : : : "memory");
}

static inline void sti(void)
{
	asm volatile("sti" : : : "memory");
}

static inline u64 irq_save(void)
{
	u64 flags;

	asm volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void irq_restore(u64 flags)
{
	asm volatile("pushq %0; popfq" : : "r"(flags) : "memory", "cc");
}

/*
 * Sleep until an interrupt. The caller checked for work with interrupts
 * off; "sti" takes effect after the next instruction, so an interrupt that
 * arrives between the check and here still wakes the "hlt".
 */
static inline void sti_hlt(void)
{
	asm volatile("sti; hlt" : : : "memory");
}

static inline void hlt(void)
{
	asm volatile("hlt" : : : "memory");
}

/* Write back and invalidate all caches (Vol. 2B WBINVD). */
static inline void wbinvd(void)
{
	asm volatile("wbinvd" : : : "memory");
}

static inline void invlpg(u64 va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Full fence: orders earlier stores before later loads (Vol. 3A 9.2.2). */
static inline void mfence(void)
{
	asm volatile("mfence" : : : "memory");
}

/*
 * x2APIC ICR writes (WRMSR) are not serializing: make earlier stores
 * globally visible first (Vol. 3A 11.12.3).
 */
static inline void fence_before_x2apic_icr(void)
{
	asm volatile("mfence; lfence" : : : "memory");
}

/* Spin-wait hint (Vol. 2B PAUSE). Only for bounded waits at boot. */
static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

/* Compiler-only barrier; x86 keeps store-store and load-load order. */
static inline void barrier(void)
{
	asm volatile("" : : : "memory");
}

static inline u32 mmio_read32(u64 addr)
{
	return *(volatile u32 *)addr;
}

static inline void mmio_write32(u64 addr, u32 v)
{
	*(volatile u32 *)addr = v;
}

#endif /* AP_X86_H */
