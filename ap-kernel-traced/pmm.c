// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * pmm.c - physical page allocator for the AP kernel's part of the region.
 *
 * Hardware: none; 4 KiB is the x86 base page size (Intel SDM Vol. 3A 4.5).
 * The AP kernel owns the region from the end of its image to the end of
 * the region (layout.h). One bit per page, first fit, contiguous runs, so
 * that later I/O buffers can be physically contiguous. Pages are handed out
 * zeroed through the identity mapping (paging.c), or through the kernel
 * mapping before paging_init() runs.
 */
#include "layout.h"
#include "pmm.h"

#define MAX_PAGES	(PMDI_REGION_MAX_SIZE / PAGE_SIZE)

static u64 bitmap[MAX_PAGES / 64];	/* 1 = used */
static u64 base_phys;
static u64 first_page, nr_pages, nr_free;

static bool test(u64 i)
{
	return bitmap[i / 64] & (1ull << (i % 64));
}

static void set(u64 i, bool used)
{
	if (used)
		bitmap[i / 64] |= 1ull << (i % 64);
	else
		bitmap[i / 64] &= ~(1ull << (i % 64));
}

void pmm_init(u64 region_phys, u64 region_size, u64 first_free_offset)
{
	base_phys = region_phys;
	nr_pages = region_size / PAGE_SIZE;
	first_page = ALIGN_UP(first_free_offset, PAGE_SIZE) / PAGE_SIZE;
	nr_free = nr_pages > first_page ? nr_pages - first_page : 0;
	/* bss is zero: every page free; pages below first_page never used. */
}

u64 pmm_alloc_pages(u64 count)
{
	u64 start, i;

	if (!count)
		return 0;
	for (start = first_page; start + count <= nr_pages; start++) {
		for (i = 0; i < count && !test(start + i); i++)
			;
		if (i == count) {
			for (i = 0; i < count; i++)
				set(start + i, true);
			nr_free -= count;
			memset((void *)(PMDI_AP_KVBASE + start * PAGE_SIZE), 0,
			       count * PAGE_SIZE);
			return base_phys + start * PAGE_SIZE;
		}
		start += i;
	}
	return 0;
}

void pmm_free_pages(u64 phys, u64 count)
{
	u64 start = (phys - base_phys) / PAGE_SIZE;
	u64 i;

	for (i = 0; i < count; i++) {
		if (start + i >= first_page && start + i < nr_pages &&
		    test(start + i)) {
			set(start + i, false);
			nr_free++;
		}
	}
}

u64 pmm_free_count(void)
{
	return nr_free;
}
