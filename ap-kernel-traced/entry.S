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
 *   what it does: records that state in boot_entry (boot_entry.c prints it
 *                 and the board checks it against the protocol), then calls
 *                 kmain(shared, region_phys) on that stack (the call gives
 *                 kmain the ABI's alignment), whose first act is to load
 *                 the GDT/TSS and IDT (gdt.c, idt.c).
 */
	.section .text.entry, "ax"
	.code64
	.globl ap_entry
ap_entry:
	pushfq				/* RFLAGS as the loader left them */
	cli
	popq	boot_entry + 0(%rip)
	movq	%rsp, boot_entry + 8(%rip)
	movq	%rdi, boot_entry + 16(%rip)
	movq	%rsi, boot_entry + 24(%rip)
	movq	%cr0, %rax
	movq	%rax, boot_entry + 32(%rip)
	movq	%cr3, %rax
	movq	%rax, boot_entry + 40(%rip)
	movq	%cr4, %rax
	movq	%rax, boot_entry + 48(%rip)
	movl	$0xc0000080, %ecx	/* EFER */
	rdmsr
	movl	%eax, boot_entry + 56(%rip)
	movl	%edx, boot_entry + 60(%rip)
	movw	%cs, boot_entry + 64(%rip)
	movw	%ds, boot_entry + 66(%rip)
	movw	%es, boot_entry + 68(%rip)
	movw	%ss, boot_entry + 70(%rip)
	movw	%fs, boot_entry + 72(%rip)
	movw	%gs, boot_entry + 74(%rip)
	sidt	boot_entry + 76(%rip)	/* limit, then base */
	xorl	%ebp, %ebp
	call	kmain
1:	cli
	hlt
	jmp	1b


	/* struct boot_entry (boot_entry.c) */
	.section .data
	.balign	8
	.globl	boot_entry
boot_entry:
	.skip	88
