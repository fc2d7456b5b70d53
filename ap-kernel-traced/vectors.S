/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * vectors.S - the 256 interrupt entry stubs and the common save/restore.
 *
 * Hardware (Intel SDM Vol. 3A 6.14): on an interrupt or exception in 64-bit
 * mode the CPU pushes SS, RSP, RFLAGS, CS, RIP and, for vectors 8, 10-14,
 * 17, 21, 29 and 30, an error code, switching to an IST stack if the IDT
 * gate names one. Each stub below pushes a zero where the CPU pushed no
 * error code, then its vector, so every handler sees one frame layout
 * (struct trap_frame in idt.h).
 *
 * Contract:
 *   on entry (from the CPU): interrupts off (all gates are interrupt gates).
 *   calls:    trap_dispatch(struct trap_frame *) with the frame on the
 *             current stack, 16-byte aligned.
 *   on exit:  restores everything and iretq.
 */
	.section .text
	.code64


	.macro	stub v
	.balign	16
vector_stub_\v:
	.if	!((\v == 8) || ((\v >= 10) && (\v <= 14)) || (\v == 17) || (\v == 21) || (\v == 29) || (\v == 30))
	pushq	$0
	.endif
	pushq	$\v
	jmp	trap_common
	.endm

	.altmacro
	.globl	vector_stubs
	.balign	16
vector_stubs:
	.set	i, 0
	.rept	256
	stub	%i
	.set	i, i + 1
	.endr

trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	/* Keep the frame pointer and align the stack for the C call. */
	movq	%rsp, %rbx
	andq	$~15, %rsp
	call	trap_dispatch
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector, error code */
	iretq

	.section .rodata
	.balign	8
	.globl	vector_stub_table
vector_stub_table:
	.set	i, 0
	.rept	256
	.quad	vector_stubs + i * 16
	.set	i, i + 1
	.endr
