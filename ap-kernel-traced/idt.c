// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * idt.c - the Interrupt Descriptor Table and the one C entry for all
 * vectors.
 *
 * Hardware: in 64-bit mode each of the 256 IDT entries is a 16-byte gate
 * holding the handler address, the code selector, the gate type and an
 * IST index (Intel SDM Vol. 3A 6.14.1, figure 6-8). Interrupt gates
 * (type 0xE) clear IF on entry, so handlers never nest except for NMI and
 * machine check. vectors.S provides one stub per vector; trap_dispatch()
 * sends exceptions to fault.c and everything else to the handler that was
 * registered, or counts it as unexpected.
 */
#include "layout.h"
#include "x86.h"
#include "trace.h"
#include "idt.h"
#include "lapic.h"

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;		/* P=1, DPL=0, type 0xE interrupt gate */
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

_Static_assert(sizeof(struct idt_gate) == 16, "gate size");

#define GATE_INTERRUPT	0x8e

extern const u64 vector_stub_table[256];

static struct idt_gate idt[256] __aligned(16);
static irq_handler_t handlers[256];

static void set_gate(u8 vector, u64 addr, u8 ist)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = addr & 0xffff;
	g->selector = SEL_KERNEL_CODE;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (addr >> 16) & 0xffff;
	g->offset_high = addr >> 32;
	g->reserved = 0;
}

void idt_init(void)
{
	struct desc_ptr idtr = { sizeof(idt) - 1, (u64)idt };
	unsigned int v;

	for (v = 0; v < 256; v++)
		set_gate(v, vector_stub_table[v], 0);
	set_gate(VEC_DF, vector_stub_table[VEC_DF], IST_DOUBLE_FAULT);
	set_gate(VEC_NMI, vector_stub_table[VEC_NMI], IST_NMI);
	set_gate(VEC_MC, vector_stub_table[VEC_MC], IST_MACHINE_CHECK);
	lidt(&idtr);
}

void idt_set_handler(u8 vector, irq_handler_t handler)
{
	handlers[vector] = handler;
}

void trap_dispatch(struct trap_frame *tf)
{
	struct pmdi_shared *sh = SHARED_VA;
	u64 v = tf->vector;

	if (v == VEC_NMI) {
		nmi_record(tf);
		return;
	}
	if (v < NR_EXCEPTIONS)
		fault_report(tf);	/* does not return */

	if (handlers[v]) {
		handlers[v](tf);
		return;
	}

	/* Nobody asked for this vector: count it, acknowledge, carry on. */
	WRITE_ONCE(sh->unexpected_irqs, sh->unexpected_irqs + 1);
	WRITE_ONCE(sh->last_unexpected_vector, (u32)v);
	trace_event(PMDI_EV_UNEXPECTED_IRQ, 0, (u32)v);
	if (v != PMDI_AP_VEC_SPURIOUS)
		lapic_eoi();
}
