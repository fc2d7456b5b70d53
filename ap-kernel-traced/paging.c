// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * paging.c - the AP kernel's own 4-level page tables.
 *
 * Hardware: IA-32e paging translates 48-bit linear addresses through
 * PML4 -> PDPT -> PD -> PT, with 2 MiB pages in PD entries (PS=1); the
 * memory type of each page comes from its PAT index (PWT, PCD, PAT bits)
 * combined with the MTRRs (Intel SDM Vol. 3A 4.5 and 12.11-12.12).
 *
 * The loader's boot tables only serve to get here; this file replaces them
 * with the map described in layout.h: the region twice (kernel window and
 * identity), write-back, and the local APIC page uncached. Tables come from
 * pmm.c and are written through the kernel window, which both the boot and
 * the final tables map.
 */
#include "layout.h"
#include "x86.h"
#include "paging.h"
#include "pmm.h"

static u64 pml4_phys;
static u64 region_base;

static u64 *table_va(u64 phys)
{
	return (u64 *)(PMDI_AP_KVBASE + (phys - region_base));
}

/* Returns the next-level table for entry `idx` of `table`, creating it. */
static u64 *next_table(u64 *table, unsigned int idx)
{
	u64 pa;

	if (table[idx] & PTE_P) {
		if (table[idx] & PTE_PS)
			return NULL;	/* already a large page */
		return table_va(table[idx] & PTE_ADDR_MASK);
	}
	pa = pmm_alloc_pages(1);
	if (!pa)
		return NULL;
	table[idx] = pa | PTE_P | PTE_RW;
	return table_va(pa);
}

static int map_2m(u64 va, u64 pa, u64 flags)
{
	u64 *pdpt, *pd;

	pdpt = next_table(table_va(pml4_phys), (va >> 39) & 511);
	if (!pdpt)
		return -1;
	pd = next_table(pdpt, (va >> 30) & 511);
	if (!pd)
		return -1;
	pd[(va >> 21) & 511] = pa | flags | PTE_P | PTE_PS;
	return 0;
}

int paging_map_4k(u64 va, u64 pa, u64 flags)
{
	u64 *pdpt, *pd, *pt;

	pdpt = next_table(table_va(pml4_phys), (va >> 39) & 511);
	if (!pdpt)
		return -1;
	pd = next_table(pdpt, (va >> 30) & 511);
	if (!pd)
		return -1;
	pt = next_table(pd, (va >> 21) & 511);
	if (!pt)
		return -1;
	pt[(va >> 12) & 511] = pa | flags | PTE_P;
	invlpg(va);
	return 0;
}

int paging_init(u64 region_phys, u64 region_size)
{
	u64 off;

	region_base = region_phys;
	pml4_phys = pmm_alloc_pages(1);
	if (!pml4_phys)
		return -1;
	for (off = 0; off < region_size; off += LARGE_PAGE_SIZE) {
		if (map_2m(PMDI_AP_KVBASE + off, region_phys + off,
			   PTE_RW | PTE_G | PTE_CACHE_WB))
			return -1;
		if (map_2m(region_phys + off, region_phys + off,
			   PTE_RW | PTE_CACHE_WB))
			return -1;
	}
	write_cr3(pml4_phys);
	return 0;
}
