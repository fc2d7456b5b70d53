// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * gdt.c - the AP kernel's own GDT and its 64-bit TSS.
 *
 * Hardware: in IA-32e mode segmentation is mostly off, but CS must still
 * name a 64-bit code descriptor (L=1) and the task register must point to a
 * 64-bit TSS, because the TSS holds the Interrupt Stack Table: up to seven
 * known-good stacks that the CPU switches to for the IDT gates that name
 * one (Intel SDM Vol. 3A 3.4.5, 7.2.3 and 6.14.5). Double fault, NMI and
 * machine check get their own, so a fault with a broken stack still lands
 * somewhere that works instead of escalating to a triple fault (which
 * resets the whole board).
 */
#include "layout.h"
#include "x86.h"

/* 64-bit TSS (Vol. 3A 7.7, figure 7-11). */
struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

_Static_assert(sizeof(struct tss64) == 104, "TSS size");

static struct tss64 tss __aligned(16);
static u8 ist_stacks[3][IST_STACK_SIZE] __aligned(16);

/*
 * null, kernel code (L=1, P, DPL 0), kernel data, then the TSS descriptor,
 * which is 16 bytes in 64-bit mode (Vol. 3A 7.2.3, figure 7-4).
 */
static u64 gdt[5] __aligned(16) = {
	0,
	0x00af9a000000ffffull,
	0x00cf92000000ffffull,
	0,
	0,
};

void gdt_init(void)
{
	u64 base = (u64)&tss;
	u64 limit = sizeof(tss) - 1;
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (u64)gdt };

	tss.ist[IST_DOUBLE_FAULT - 1] = (u64)ist_stacks[0] + IST_STACK_SIZE;
	tss.ist[IST_NMI - 1] = (u64)ist_stacks[1] + IST_STACK_SIZE;
	tss.ist[IST_MACHINE_CHECK - 1] = (u64)ist_stacks[2] + IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss);	/* no I/O permission bitmap */

	/* Type 9 = available 64-bit TSS, present. */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ull << 40) | (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;

	lgdt(&gdtr);
	load_segments(SEL_KERNEL_CODE, SEL_KERNEL_DATA);
	ltr(SEL_TSS);
}
