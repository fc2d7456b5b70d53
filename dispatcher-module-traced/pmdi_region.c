// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_region.c - the memory the AP kernel lives in, and the low page it
 * starts from.
 *
 * The region must be RAM that Linux never uses: reserved on the kernel
 * command line (memmap=64M$0x10000000), which turns it into an E820
 * "reserved" range, visible as "Reserved" in /proc/iomem. We check that it
 * is entirely inside such ranges and touches no System RAM, claim it with
 * request_mem_region() and map it write-back. Both CPUs must see it
 * write-back (Intel SDM Vol. 3A 12.11-12.12: the effective type combines
 * MTRRs and PAT): here we check Linux's own mapping, the AP reports its
 * side (pmdi_cpu.c checks it).
 *
 * The trampoline page: a STARTUP IPI can only start a CPU in the first MiB
 * (vector = page >> 12, Vol. 3A 10.6.1). Linux 6.1 reserves the whole first
 * MiB at boot and never hands it out; such pages are PageReserved.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/pgtable.h>
#include "pmdi.h"

#define LOW_PAGE_MIN	0x1000UL	/* page 0: real-mode IVT, BIOS data */
#define LOW_PAGE_END	0x9f000UL	/* EBDA, VGA, BIOS ROM above */

static int cover_cb(struct resource *res, void *arg)
{
	u64 *next = arg;

	if (res->start <= *next && res->end + 1 > *next)
		*next = res->end + 1;
	return 0;
}

/* Linux's own mapping of the region must be write-back: no PWT/PCD/PAT. */
static int check_linux_mapping(struct pmdi *p)
{
	unsigned long va = (unsigned long)p->region;
	unsigned long end = va + p->region_size;
	unsigned int level;
	pte_t *pte;

	while (va < end) {
		unsigned long size, pat;

		pte = lookup_address(va, &level);
		if (!pte || !pte_present(*pte)) {
			pr_err("refused: Linux mapping of the region missing at %#lx\n", va);
			return -EFAULT;
		}
		size = page_level_size(level);
		pat = level == PG_LEVEL_4K ? _PAGE_PAT : _PAGE_PAT_LARGE;
		if (pte_flags(*pte) & (_PAGE_PWT | _PAGE_PCD | pat)) {
			pr_err("refused: Linux maps the region with cache bits %#lx, not write-back (MTRR says uncached?)\n",
			       (unsigned long)(pte_flags(*pte) & (_PAGE_PWT | _PAGE_PCD | pat)));
			return -EINVAL;
		}
		va = (va & ~(size - 1)) + size;
	}
	return 0;
}

int pmdi_region_claim(struct pmdi *p)
{
	u64 base = p->region_pa, size = p->region_size, next = base;
	int ret;

	if (!IS_ALIGNED(base, PMDI_REGION_ALIGN) ||
	    !IS_ALIGNED(size, PMDI_REGION_ALIGN)) {
		pr_err("refused: region %#llx size %#llx is not 2 MiB aligned\n", base, size);
		return -EINVAL;
	}
	if (size < PMDI_REGION_MIN_SIZE || size > PMDI_REGION_MAX_SIZE) {
		pr_err("refused: region size %#llx is outside %#llx..%#llx\n",
		       size, PMDI_REGION_MIN_SIZE, PMDI_REGION_MAX_SIZE);
		return -EINVAL;
	}
	if (base + PMDI_BOOT_PT_OFFSET + PMDI_BOOT_PT_SIZE > SZ_4G) {
		pr_err("refused: region %#llx: boot page tables must be below 4 GiB\n", base);
		return -EINVAL;
	}
	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("refused: region %#llx-%#llx overlaps System RAM that Linux uses; reserve it at boot with memmap=%lluM$%#llx\n",
		       base, base + size - 1, size >> 20, base);
		return -EBUSY;
	}
	walk_iomem_res_desc(IORES_DESC_RESERVED, IORESOURCE_MEM, base,
			    base + size - 1, &next, cover_cb);
	if (next < base + size) {
		pr_err("refused: region %#llx-%#llx is not reserved memory (first gap at %#llx); reserve it at boot with memmap=%lluM$%#llx\n",
		       base, base + size - 1, next, size >> 20, base);
		return -EINVAL;
	}

	p->region_res = request_mem_region(base, size, "pmdi AP kernel");
	if (!p->region_res) {
		pr_err("refused: region %#llx-%#llx is already claimed (see /proc/iomem)\n",
		       base, base + size - 1);
		return -EBUSY;
	}
	p->region = memremap(base, size, MEMREMAP_WB);
	if (!p->region) {
		pr_err("cannot map region %#llx-%#llx write-back\n", base, base + size - 1);
		ret = -ENOMEM;
		goto release;
	}
	ret = check_linux_mapping(p);
	if (ret)
		goto unmap;
	p->shared = p->region + PMDI_SHARED_OFFSET;
	p->console = p->region + PMDI_CONSOLE_OFFSET;
	pr_info("region %#llx-%#llx claimed and mapped write-back\n",
		base, base + size - 1);
	return 0;

unmap:
	memunmap(p->region);
	p->region = NULL;
release:
	release_mem_region(base, size);
	p->region_res = NULL;
	return ret;
}

void pmdi_region_release(struct pmdi *p)
{
	if (p->region) {
		memunmap(p->region);
		p->region = NULL;
		p->shared = NULL;
		p->console = NULL;
	}
	if (p->region_res) {
		release_mem_region(p->region_pa, p->region_size);
		p->region_res = NULL;
	}
}

int pmdi_trampoline_claim(struct pmdi *p)
{
	unsigned long pa = p->tramp_pa;

	if (!PAGE_ALIGNED(pa) || pa < LOW_PAGE_MIN || pa + PAGE_SIZE > LOW_PAGE_END) {
		pr_err("refused: trampoline %#lx must be a page-aligned address in %#lx-%#lx (STARTUP IPI vector = address >> 12)\n",
		       pa, LOW_PAGE_MIN, LOW_PAGE_END - PAGE_SIZE);
		return -EINVAL;
	}
	if (!pfn_valid(PHYS_PFN(pa)) || !PageReserved(pfn_to_page(PHYS_PFN(pa)))) {
		pr_err("refused: trampoline page %#lx is not reserved memory; Linux may be using it\n", pa);
		return -EBUSY;
	}
	p->tramp_saved = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!p->tramp_saved)
		return -ENOMEM;
	p->tramp = memremap(pa, PAGE_SIZE, MEMREMAP_WB);
	if (!p->tramp) {
		pr_err("cannot map trampoline page %#lx\n", pa);
		kfree(p->tramp_saved);
		p->tramp_saved = NULL;
		return -ENOMEM;
	}
	memcpy(p->tramp_saved, p->tramp, PAGE_SIZE);
	pr_info("trampoline page %#lx (STARTUP vector %#lx) saved\n", pa, pa >> 12);
	return 0;
}

void pmdi_trampoline_release(struct pmdi *p)
{
	if (p->tramp) {
		memcpy(p->tramp, p->tramp_saved, PAGE_SIZE);
		memunmap(p->tramp);
		p->tramp = NULL;
	}
	kfree(p->tramp_saved);
	p->tramp_saved = NULL;
}
