/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * entry.S - first 64-bit instructions of the AP kernel.
 *
 * Contract (interface/BOOT-PROTOCOL.md):
 *   load address: PMDI_AP_IMAGE_VADDR (boot page tables map the region at
 *                 PMDI_AP_KVBASE), reached from the loader's trampoline.
 *   on entry:     64-bit mode, interrupts off, flat GDT from the trampoline,
 *                 no IDT (any exception now would be a triple fault);
 *                 %rdi = struct pmdi_shared (virtual), %rsi = the region's
 *                 physical base, %rsp = the top of the loader's boot stack,
 *                 16-byte aligned.
 *   what it does: calls kmain(shared, region_phys) on that stack (the call
 *                 gives kmain the ABI's alignment), whose first act is to
 *                 load the GDT/TSS and IDT (gdt.c, idt.c).
 */
	.section .text.entry, "ax"
	.code64
	.globl ap_entry
ap_entry:
	cli
	xorl	%ebp, %ebp
	call	kmain
1:	cli
	hlt
	jmp	1b

