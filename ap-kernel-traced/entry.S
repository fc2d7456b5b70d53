/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * entry.S - first 64-bit instructions of the AP kernel.
 *
 * Contract:
 *   load address: PMDI_AP_IMAGE_VADDR (boot page tables map the region at
 *                 PMDI_AP_KVBASE), reached from trampoline.S.
 *   on entry:     64-bit mode, interrupts off, flat GDT from the trampoline,
 *                 no IDT (any exception now would be a triple fault),
 *                 no stack; %rdi = struct pmdi_shared (virtual).
 *   what it does: takes its own stack, then calls kmain(shared), whose first
 *                 act is to load the GDT/TSS and IDT (gdt.c, idt.c).
 */
	.section .text.entry, "ax"
	.code64
	.globl ap_entry
ap_entry:
	cli
	leaq	boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	call	kmain
1:	cli
	hlt
	jmp	1b

	.section .bss
	.balign 16
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip	16384
boot_stack_top:
