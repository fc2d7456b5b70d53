/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmdi_trampoline.S - from the STARTUP IPI to the OS's 64-bit entry point,
 * in one page. The loader copies this blob into the low trampoline page for
 * every image (ELF or flat); images carry no trampoline of their own. The
 * machine state it leaves is the boot protocol of interface/BOOT-PROTOCOL.md.
 *
 * It is data to the module: assembled into .rodata between
 * pmdi_trampoline_start and pmdi_trampoline_end (never executed in Linux,
 * so objtool has nothing to check), and position independent: every
 * reference inside it is a difference of two of its own labels, so it needs
 * no relocation.
 *
 * Hardware: INIT resets the AP to real mode with caches disabled (CR0.CD
 * and CR0.NW set, Intel SDM Vol. 3A 9.1.1 table 9-1). A StartUp IPI with
 * vector VV starts it at CS:IP = VV00:0000, i.e. linear address VV000
 * (Vol. 3A 10.6.1 and 9.4.4). Going straight from real mode to IA-32e mode
 * is the sequence of Vol. 3A 9.8.5: load a GDT, enable PAE, load CR3,
 * set EFER.LME, then set CR0.PG and CR0.PE together and far-jump to a
 * 64-bit code segment.
 *
 * Contract:
 *   load address: any page below 1 MiB, at offset 0; the page base is read
 *                 from CS.
 *   on entry:     real mode, CS = page >> 4, IP = 0, interrupts off,
 *                 other segment registers undefined.
 *   the loader left: struct pmdi_trampoline_params at offset
 *                 PMDI_TRAMPOLINE_PARAMS_OFFSET (boot CR3, entry, %rdi,
 *                 %rsp, %rsi). The boot page tables identity-map this page.
 *   on exit:      64-bit mode, CS 0x08, DS/ES/SS 0x10, FS/GS 0 from the GDT
 *                 below, an empty IDT (limit 0: any exception is a triple
 *                 fault, not a jump through the real-mode IVT at 0), IF = 0,
 *                 DF = 0; jumps to params.entry with params.arg in %rdi,
 *                 params.region_phys in %rsi, params.stack in %rsp.
 */
#include <pmdi/boot.h>

#define CR0_PE		0x00000001
#define CR0_NW		0x20000000
#define CR0_CD		0x40000000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100

#define OFF(x)		((x) - tramp_base)
#define PARAM(f)	(PMDI_TRAMPOLINE_PARAMS_OFFSET + (f))

	.section .rodata, "a"
	.balign 16
	.code16
	.globl pmdi_trampoline_start
pmdi_trampoline_start:
tramp_base:		/* local: a %rip-relative use gets no relocation */
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss

	/* %ebx = linear address of this page */
	xorl	%ebx, %ebx
	movw	%cs, %bx
	shll	$4, %ebx

	/* Caches on: INIT left CR0.CD|NW set. */
	movl	%cr0, %eax
	andl	$~(CR0_CD | CR0_NW), %eax
	movl	%eax, %cr0

	/* Patch the GDT pointer and the far jump with linear addresses. */
	leal	OFF(tramp_gdt)(%ebx), %eax
	movl	%eax, OFF(tramp_gdtr) + 2
	leal	OFF(tramp_long)(%ebx), %eax
	movl	%eax, OFF(tramp_farptr)
	lgdtl	OFF(tramp_gdtr)
	lidtl	OFF(tramp_idtr)

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4

	movl	PARAM(0), %eax		/* params.cr3 */
	movl	%eax, %cr3

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0

	/* Far jump through memory: 32-bit offset, then the 64-bit selector. */
	ljmpl	*OFF(tramp_farptr)

	.code64
tramp_long:
	movl	$PMDI_BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	/* This code runs identity-mapped: %rip-relative reaches the params. */
	leaq	tramp_base(%rip), %rbx
	movq	PARAM(16)(%rbx), %rdi	/* params.arg */
	movq	PARAM(32)(%rbx), %rsi	/* params.region_phys */
	movq	PARAM(24)(%rbx), %rsp	/* params.stack */
	movq	PARAM(8)(%rbx), %rax	/* params.entry */
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	jmpq	*%rax

	.balign 8
tramp_gdt:
	.quad	0				/* null */
	.quad	0x00af9a000000ffff		/* 0x08: 64-bit code, DPL 0 */
	.quad	0x00cf92000000ffff		/* 0x10: data, DPL 0 */
tramp_gdt_end:
tramp_gdtr:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	0				/* patched: linear base */
tramp_idtr:
	.word	0				/* limit 0: no vector usable */
	.long	0
tramp_farptr:
	.long	0				/* patched: linear tramp_long */
	.word	PMDI_BOOT_CS
	.globl pmdi_trampoline_end
pmdi_trampoline_end:
	.code64
