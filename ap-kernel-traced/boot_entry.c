// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * boot_entry.c - the machine state the loader handed over at ap_entry
 * (recorded by entry.S before anything changes it), printed once so that
 * the board can check it against interface/BOOT-PROTOCOL.md: a new OS
 * relies on exactly that state.
 */
#include "console.h"
#include "types.h"

struct boot_entry {
	u64 rflags, rsp, rdi, rsi, cr0, cr3, cr4, efer;
	u16 cs, ds, es, ss, fs, gs;
	u16 idt_limit;		/* sidt: limit, then the base */
	u8 idt_base[8];
	u8 pad[2];
};

_Static_assert(__builtin_offsetof(struct boot_entry, efer) == 56, "entry.S offsets");
_Static_assert(__builtin_offsetof(struct boot_entry, cs) == 64, "entry.S offsets");
_Static_assert(__builtin_offsetof(struct boot_entry, gs) == 74, "entry.S offsets");
_Static_assert(__builtin_offsetof(struct boot_entry, idt_limit) == 76, "entry.S offsets");
_Static_assert(sizeof(struct boot_entry) == 88, "entry.S reserves 88 bytes");

extern struct boot_entry boot_entry;

void boot_entry_report(void)
{
	const struct boot_entry *e = &boot_entry;

	kprintf("entry: cr0 %lx cr3 %lx cr4 %lx efer %lx rflags %lx idt limit %x\n",
		e->cr0, e->cr3, e->cr4, e->efer, e->rflags, e->idt_limit);
	kprintf("entry: cs %x ds %x es %x ss %x fs %x gs %x rsp %lx rdi %lx rsi %lx\n",
		e->cs, e->ds, e->es, e->ss, e->fs, e->gs, e->rsp, e->rdi, e->rsi);
}
