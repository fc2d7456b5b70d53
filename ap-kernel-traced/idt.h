/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/* Interrupt frame and entry points shared by idt.c, fault.c, lapic.c. */
#ifndef AP_IDT_H
#define AP_IDT_H

#include "types.h"

/* Exception vectors, named as in Intel SDM Vol. 3A 6.3.1 table 6-1. */
enum exception_vector {
	VEC_DE = 0,	/* divide error */
	VEC_DB = 1,	/* debug */
	VEC_NMI = 2,	/* non-maskable interrupt */
	VEC_BP = 3,	/* breakpoint */
	VEC_OF = 4,	/* overflow */
	VEC_BR = 5,	/* BOUND range exceeded */
	VEC_UD = 6,	/* invalid opcode */
	VEC_NM = 7,	/* device not available */
	VEC_DF = 8,	/* double fault */
	VEC_TS = 10,	/* invalid TSS */
	VEC_NP = 11,	/* segment not present */
	VEC_SS = 12,	/* stack-segment fault */
	VEC_GP = 13,	/* general protection */
	VEC_PF = 14,	/* page fault */
	VEC_MF = 16,	/* x87 floating-point error */
	VEC_AC = 17,	/* alignment check */
	VEC_MC = 18,	/* machine check */
	VEC_XM = 19,	/* SIMD floating-point */
	VEC_VE = 20,	/* virtualization exception */
	VEC_CP = 21,	/* control protection */
	NR_EXCEPTIONS = 32,
};

/* What vectors.S leaves on the stack; the CPU's part is at the end. */
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code;
	u64 rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

typedef void (*irq_handler_t)(struct trap_frame *tf);

void idt_init(void);
void idt_set_handler(u8 vector, irq_handler_t handler);
void trap_dispatch(struct trap_frame *tf);

/* fault.c */
__noreturn void fault_report(struct trap_frame *tf);
void nmi_record(struct trap_frame *tf);
const char *exception_name(u64 vector);

#endif /* AP_IDT_H */
