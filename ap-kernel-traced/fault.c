// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * fault.c - what the AP kernel does when the CPU raises an exception.
 *
 * Hardware: exceptions 0-31 (Intel SDM Vol. 3A 6.15 lists each one, its
 * error code and what CR2 holds: for #PF the faulting linear address).
 * Double fault, NMI and machine check run on their own IST stacks (gdt.c).
 *
 * The fault record goes to the shared region first, with plain stores and
 * nothing that could fault again, so that Linux sees it even if printing
 * the message below fails. Then the CPU halts with interrupts off; Linux
 * takes it back with INIT. NMIs are only counted: they may be stray.
 */
#include "layout.h"
#include "x86.h"
#include "trace.h"
#include "idt.h"
#include "console.h"

static const char *const names[NR_EXCEPTIONS] = {
	[VEC_DE] = "#DE divide error",
	[VEC_DB] = "#DB debug",
	[VEC_NMI] = "NMI",
	[VEC_BP] = "#BP breakpoint",
	[VEC_OF] = "#OF overflow",
	[VEC_BR] = "#BR bound range",
	[VEC_UD] = "#UD invalid opcode",
	[VEC_NM] = "#NM device not available",
	[VEC_DF] = "#DF double fault",
	[VEC_TS] = "#TS invalid TSS",
	[VEC_NP] = "#NP segment not present",
	[VEC_SS] = "#SS stack-segment fault",
	[VEC_GP] = "#GP general protection",
	[VEC_PF] = "#PF page fault",
	[VEC_MF] = "#MF x87 error",
	[VEC_AC] = "#AC alignment check",
	[VEC_MC] = "#MC machine check",
	[VEC_XM] = "#XM SIMD error",
	[VEC_VE] = "#VE virtualization",
	[VEC_CP] = "#CP control protection",
};

const char *exception_name(u64 vector)
{
	if (vector < NR_EXCEPTIONS && names[vector])
		return names[vector];
	return "reserved exception";
}

__noreturn void fault_report(struct trap_frame *tf)
{
	struct pmdi_shared *sh = SHARED_VA;
	u64 cr2 = read_cr2();
	u32 i;

	sh->fault_vector = (u32)tf->vector;
	sh->fault_error_code = tf->error_code;
	sh->fault_rip = tf->rip;
	sh->fault_cr2 = cr2;
	sh->fault_rsp = tf->rsp;
	sh->fault_rflags = tf->rflags;
	sh->fault_cs = tf->cs;
	for (i = 0; i < PMDI_BUILD_ID_MAX; i++)
		sh->fault_build_id[i] = sh->build_id[i];
	sh->fault_build_id_len = sh->build_id_len;
	barrier();	/* record before the count that announces it */
	WRITE_ONCE(sh->fault_count, sh->fault_count + 1);
	barrier();
	WRITE_ONCE(sh->state, PMDI_AP_STATE_FAULTED);
	{
		struct pmdi_blob_ap_fault f = { .rip = tf->rip, .cr2 = cr2,
						.error_code = tf->error_code,
						.vector = (u8)tf->vector };

		for (i = 0; i < PMDI_BUILD_ID_LEN && i < sh->build_id_len; i++)
			f.build_id[i] = sh->build_id[i];
		trace_event_ext(PMDI_EV_AP_FAULT, 0, sizeof(f), &f, sizeof(f));
	}

	kprintf("FAULT vector %lu (%s) rip=%lx cr2=%lx error=%lx rsp=%lx\n",
		tf->vector, exception_name(tf->vector), tf->rip, cr2,
		tf->error_code, tf->rsp);

	for (;;) {
		cli();
		hlt();
	}
}

void nmi_record(struct trap_frame *tf)
{
	struct pmdi_shared *sh = SHARED_VA;

	(void)tf;
	WRITE_ONCE(sh->nmi_count, sh->nmi_count + 1);
}
