/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The one map of where the AP kernel's things live.
 *
 * Physical: the reserved region [region_phys, region_phys + region_size),
 * laid out as in interface/include/pmdi/boot.h (shared
 * control block, console ring, mailbox space, boot page tables, this image,
 * then pages for pmm.c). Plus the local APIC page (IA32_APIC_BASE, usually
 * 0xfee00000) and the low trampoline page, which is only used during boot.
 *
 * Virtual, in the AP kernel's own page tables (paging.c):
 *
 *   PMDI_AP_KVBASE + off   the region, write-back, 2 MiB pages
 *                          (the image is linked at PMDI_AP_IMAGE_VADDR)
 *   region_phys + off      the region again, identity-mapped, write-back,
 *                          so a physical address (as the mailbox will carry)
 *                          is also a pointer
 *   apic_phys              the local APIC page, identity-mapped, uncached
 *
 * Everything else is unmapped: a stray pointer faults and is reported.
 */
#ifndef AP_LAYOUT_H
#define AP_LAYOUT_H

#include <pmdi/boot.h>
#include <pmdi/shared.h>

#define PAGE_SIZE		4096ull
#define LARGE_PAGE_SIZE		0x200000ull

#define BOOT_STACK_SIZE		16384
#define IST_STACK_SIZE		8192

/* Interrupt Stack Table slots in the TSS (Vol. 3A 6.14.5). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3

/* Selectors in gdt.c. */
#define SEL_KERNEL_CODE		0x08
#define SEL_KERNEL_DATA		0x10
#define SEL_TSS			0x18

#define SHARED_VA	((struct pmdi_shared *)(PMDI_AP_KVBASE + PMDI_SHARED_OFFSET))
#define CONSOLE_VA	((struct pmdi_console *)(PMDI_AP_KVBASE + PMDI_CONSOLE_OFFSET))
#define MTRR_STATE_VA	((const struct pmdi_mtrr_state *)(PMDI_AP_KVBASE + PMDI_MTRR_OFFSET))

#endif /* AP_LAYOUT_H */
