// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * memtype.c - which memory type the hardware really gives the region.
 *
 * Hardware: the effective cache type of a page combines the MTRRs
 * (physical ranges, set by firmware and Linux, shared by all CPUs by
 * convention) with the PAT entry chosen by the page-table bits (Intel SDM
 * Vol. 3A 12.11 "Memory Type Range Registers", 12.12 "Page Attribute
 * Table", table 12-7 for the combination). An emulator ignores all of it,
 * real hardware does not: a region that is uncached on one side and
 * write-back on the other loses coherence. So the AP reports what it finds
 * and Linux refuses anything but write-back.
 *
 * MTRRs are per CPU and all CPUs must agree (12.11.8). Hardware keeps them
 * across INIT; QEMU resets them to "disabled" (everything uncached), and so
 * may a firmware that never set up this CPU. mtrr_sync() compares ours with
 * the set Linux handed over and, if they differ, loads Linux's with the
 * procedure of 12.11.7.2 (caches off and flushed, MTRRs off, write, flush,
 * MTRRs on, caches on), the same thing Linux does for its own CPUs.
 *
 * Variable MTRR precedence (12.11.4.1): no match -> default type; several
 * matches -> UC wins, WT beats WB, any other mix is undefined (reported as
 * PMDI_MT_MIXED). Fixed-range MTRRs only cover the first MiB, which the
 * region never includes.
 */
#include "layout.h"
#include "x86.h"
#include "memtype.h"

#define MTRRCAP_VCNT_MASK	0xff
#define MTRR_DEF_E		(1ull << 11)	/* MTRRs enabled */
#define MTRR_MASK_VALID		(1ull << 11)
#define CPUID_1_EDX_MTRR	(1u << 12)
#define MAX_VAR_MTRRS		32

static u64 phys_addr_mask(void)
{
	u32 a, b, c, d;
	unsigned int bits = 36;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &c, &d);
		bits = a & 0xff;
	}
	return ((1ull << bits) - 1) & ~0xfffull;
}

u32 mtrr_type_of_range(u64 phys, u64 size)
{
	u64 base[MAX_VAR_MTRRS], mask[MAX_VAR_MTRRS];
	u32 a, b, c, d, result = PMDI_MT_UNKNOWN;
	u64 def, addr_mask, pa;
	unsigned int n, i;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID_1_EDX_MTRR))
		return PMDI_MT_UNKNOWN;
	def = rdmsr(MSR_IA32_MTRR_DEF_TYPE);
	if (!(def & MTRR_DEF_E))
		return PMDI_MT_UC;
	n = rdmsr(MSR_IA32_MTRRCAP) & MTRRCAP_VCNT_MASK;
	if (n > MAX_VAR_MTRRS)
		n = MAX_VAR_MTRRS;
	addr_mask = phys_addr_mask();
	for (i = 0; i < n; i++) {
		base[i] = rdmsr(MSR_IA32_MTRR_PHYSBASE0 + 2 * i);
		mask[i] = rdmsr(MSR_IA32_MTRR_PHYSBASE0 + 2 * i + 1);
	}

	for (pa = phys; pa < phys + size; pa += PAGE_SIZE) {
		u32 t = PMDI_MT_UNKNOWN;
		bool uc = false, wt = false, wb = false, other = false;

		for (i = 0; i < n; i++) {
			u64 m = mask[i] & addr_mask;

			if (!(mask[i] & MTRR_MASK_VALID))
				continue;
			if ((pa & m) != (base[i] & m))
				continue;
			switch (base[i] & 0xff) {
			case PMDI_MT_UC:
				uc = true;
				break;
			case PMDI_MT_WT:
				wt = true;
				break;
			case PMDI_MT_WB:
				wb = true;
				break;
			default:
				if (t != PMDI_MT_UNKNOWN && t != (base[i] & 0xff))
					other = true;
				t = base[i] & 0xff;
				break;
			}
		}
		if (uc)
			t = PMDI_MT_UC;
		else if (other || (t != PMDI_MT_UNKNOWN && (wt || wb)))
			t = PMDI_MT_MIXED;
		else if (wt)
			t = PMDI_MT_WT;
		else if (wb)
			t = PMDI_MT_WB;
		else if (t == PMDI_MT_UNKNOWN)
			t = def & 0xff;

		if (result == PMDI_MT_UNKNOWN)
			result = t;
		else if (result != t)
			return PMDI_MT_MIXED;
	}
	return result;
}

static const u32 fixed_msrs[PMDI_MTRR_NR_FIXED] = {
	MSR_IA32_MTRR_FIX64K, MSR_IA32_MTRR_FIX16K_80, MSR_IA32_MTRR_FIX16K_A0,
	0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f,
};
#define MTRRCAP_FIX	(1ull << 8)

static bool mtrrs_equal(const struct pmdi_mtrr_state *l, u64 cap)
{
	u32 i;

	if (rdmsr(MSR_IA32_MTRR_DEF_TYPE) != l->def_type)
		return false;
	for (i = 0; (cap & MTRRCAP_FIX) && i < PMDI_MTRR_NR_FIXED; i++)
		if (rdmsr(fixed_msrs[i]) != l->fixed[i])
			return false;
	for (i = 0; i < l->var_count; i++)
		if (rdmsr(MSR_IA32_MTRR_PHYSBASE0 + 2 * i) != l->var_base[i] ||
		    rdmsr(MSR_IA32_MTRR_PHYSBASE0 + 2 * i + 1) != l->var_mask[i])
			return false;
	return true;
}

u32 mtrr_sync(const struct pmdi_mtrr_state *l)
{
	u32 a, b, c, d, i;
	u64 cap, cr0, cr4, flags;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID_1_EDX_MTRR) || !READ_ONCE(l->valid))
		return PMDI_MTRR_NO_INFO;
	cap = rdmsr(MSR_IA32_MTRRCAP);
	if ((cap & MTRRCAP_VCNT_MASK) < l->var_count)
		return PMDI_MTRR_NO_INFO;
	if (mtrrs_equal(l, cap))
		return PMDI_MTRR_MATCHED;

	flags = irq_save();
	cr0 = read_cr0();
	cr4 = read_cr4();
	write_cr0((cr0 | CR0_CD) & ~CR0_NW);	/* no-fill cache mode */
	wbinvd();
	write_cr4(cr4 & ~CR4_PGE);		/* flushes global TLB entries */
	write_cr3(read_cr3());
	wrmsr(MSR_IA32_MTRR_DEF_TYPE, l->def_type & ~(MTRR_DEF_E | (1ull << 10)));
	for (i = 0; (cap & MTRRCAP_FIX) && i < PMDI_MTRR_NR_FIXED; i++)
		wrmsr(fixed_msrs[i], l->fixed[i]);
	for (i = 0; i < (cap & MTRRCAP_VCNT_MASK); i++) {
		bool have = i < l->var_count;

		wrmsr(MSR_IA32_MTRR_PHYSBASE0 + 2 * i, have ? l->var_base[i] : 0);
		wrmsr(MSR_IA32_MTRR_PHYSBASE0 + 2 * i + 1, have ? l->var_mask[i] : 0);
	}
	wbinvd();
	write_cr3(read_cr3());
	wrmsr(MSR_IA32_MTRR_DEF_TYPE, l->def_type);
	write_cr0(cr0 & ~(CR0_CD | CR0_NW));
	write_cr4(cr4);
	irq_restore(flags);
	return PMDI_MTRR_COPIED;
}

u32 pat_type_of_index(u64 pat, unsigned int index)
{
	return (pat >> (8 * index)) & 7;
}
