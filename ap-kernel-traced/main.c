// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * main.c - the AP kernel from its first C statement to its idle loop.
 *
 * Order matters: the GDT/TSS and the IDT come first, before anything that
 * could fault, so that every fault is recorded instead of turning into a
 * triple fault (which would reset the whole board). Then the CPU state INIT
 * left behind is fixed up (Intel SDM Vol. 3A 9.1.1: caches were disabled,
 * CR4.MCE clear), the memory manager and own page tables, the report Linux
 * checks, the local APIC, and "ready".
 *
 * Idle: interrupts off, look for work, then "sti; hlt" (x86.h). Never a
 * busy spin: each emulated CPU is a host thread.
 */
#include "layout.h"
#include "x86.h"
#include "idt.h"
#include "console.h"
#include "lapic.h"
#include "memtype.h"
#include "paging.h"
#include "pmm.h"
#include "mbox.h"
#include "workload.h"
#include "trace.h"
#include "command.h"
#include "rng.h"

#define HEARTBEAT_HZ	10
#define AP_VERSION	"0.1"

void gdt_init(void);
void boot_entry_report(void);
void kmain(struct pmdi_shared *boot_arg);

extern const u8 __build_id_note[];
extern const struct pmdi_image_header pmdi_image_header;

/* Copy the build id out of our own ELF note (namesz, descsz, type, "GNU"). */
static void build_id_init(struct pmdi_shared *sh)
{
	const u32 *note = (const u32 *)__build_id_note;
	u32 namesz = note[0], descsz = note[1], i;
	const u8 *desc = __build_id_note + 12 + ALIGN_UP(namesz, 4);

	if (descsz > PMDI_BUILD_ID_MAX)
		descsz = PMDI_BUILD_ID_MAX;
	for (i = 0; i < descsz; i++)
		sh->build_id[i] = desc[i];
	sh->build_id_len = descsz;
}

static void cpu_setup(void)
{
	u32 a, b, c, d;

	/* INIT set CD/NW (the trampoline cleared them); keep them clear. */
	write_cr0((read_cr0() & ~(CR0_CD | CR0_NW | CR0_EM)) |
		  CR0_NE | CR0_WP | CR0_MP);
	/* INIT clears CR4.MCE: without it a machine check is a shutdown. */
	write_cr4(read_cr4() | CR4_MCE | CR4_PGE);
	cpuid(0x80000001, &a, &b, &c, &d);
	if (d & (1u << 20))	/* NX */
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
}

static void cpu_report(struct pmdi_shared *sh)
{
	sh->mtrr_sync = mtrr_sync(MTRR_STATE_VA);
	sh->cr0 = read_cr0();
	sh->cr4 = read_cr4();
	sh->efer = rdmsr(MSR_EFER);
	sh->pat = rdmsr(MSR_IA32_PAT);
	sh->mtrr_def_type = rdmsr(MSR_IA32_MTRR_DEF_TYPE);
	sh->region_mtrr_type = mtrr_type_of_range(sh->region_phys,
						  sh->region_size);
	/* paging.c maps the region with PAT index 0 */
	sh->region_pat_type = pat_type_of_index(sh->pat, 0);
	sh->apic_mode = lapic_is_x2apic() ? PMDI_APIC_X2APIC : PMDI_APIC_XAPIC;
	sh->apic_id = lapic_id();
	sh->free_pages = pmm_free_count();
}

static void wake(struct trap_frame *tf)
{
	struct pmdi_shared *sh = SHARED_VA;

	(void)tf;
	WRITE_ONCE(sh->wake_count, sh->wake_count + 1);
	trace_clock_answer();	/* first: Linux is timing this */
	trace_event(PMDI_EV_IPI_RECV, 0, PMDI_AP_VEC_WAKE);
	lapic_eoi();
}

static __noreturn void stop(struct pmdi_shared *sh, u32 seq)
{
	lapic_timer_stop();
	kprintf("stopping on request\n");
	WRITE_ONCE(sh->command_ack, seq);
	barrier();
	WRITE_ONCE(sh->state, PMDI_AP_STATE_STOPPED);
	for (;;)
		hlt();		/* interrupts stay off; Linux sends INIT */
}

#ifdef PMDI_FAULT_TEST
/*
 * A canonical address nothing maps: a real #PF with CR2 = this address,
 * about a second after "ready" so that the loader has finished and the
 * report comes through the running monitor.
 */
#define FAULT_TEST_ADDR		0x00007ead0000b000ull
#define FAULT_TEST_TICKS	10

static void fault_test_boot(struct pmdi_shared *sh)
{
	switch (READ_ONCE(sh->test_mode)) {
	case PMDI_TEST_FAULT_AT_BOOT:
		kprintf("fault test build: faulting before ready at %lx\n",
			(u64)FAULT_TEST_ADDR);
		*(volatile u64 *)FAULT_TEST_ADDR = 0x1234;
		break;
	case PMDI_TEST_HANG_AT_BOOT:
		kprintf("fault test build: never reporting ready\n");
		for (;;)
			sti_hlt();
	}
}

static void fault_test(struct pmdi_shared *sh)
{
	static u64 ready_tick = ~0ull;

	if (ready_tick == ~0ull)
		ready_tick = READ_ONCE(sh->heartbeat);
	if (READ_ONCE(sh->heartbeat) - ready_tick < FAULT_TEST_TICKS)
		return;
	if (READ_ONCE(sh->test_mode) != PMDI_TEST_FAULT_AFTER_READY)
		return;
	kprintf("fault test build: writing to %lx\n", (u64)FAULT_TEST_ADDR);
	*(volatile u64 *)FAULT_TEST_ADDR = 0x1234;
}
#else
static void fault_test_boot(struct pmdi_shared *sh)
{
	(void)sh;
}

static void fault_test(struct pmdi_shared *sh)
{
	(void)sh;
}
#endif

static u32 acked_seq;

bool ap_stop_requested(void)
{
	struct pmdi_shared *sh = SHARED_VA;

	return READ_ONCE(sh->command_seq) != acked_seq &&
	       READ_ONCE(sh->command) == PMDI_CMD_STOP;
}

void ap_poll_command(void)
{
	struct pmdi_shared *sh = SHARED_VA;
	u32 seq = READ_ONCE(sh->command_seq);

	if (seq == acked_seq)
		return;
	acked_seq = seq;
	if (READ_ONCE(sh->command) == PMDI_CMD_STOP)
		stop(sh, seq);
	WRITE_ONCE(sh->command_ack, seq);
}

void ap_sleep_once(void)
{
	cli();
	ap_poll_command();
	sti_hlt();
}

void ap_wait_irq(void)
{
	cli();
	ap_poll_command();
	if (mbox_may_sleep())
		sti_hlt();
	else
		sti();
}

static __noreturn void idle_loop(struct pmdi_shared *sh)
{
	for (;;) {
		cli();
		ap_poll_command();
		fault_test(sh);
		if (!mbox_may_sleep()) {
			sti();
			continue;
		}
		sti_hlt();
	}
}

static void wait_trace_ready(const struct pmdi_mbox_hdr *h)
{
	struct pmdi_shared *sh = SHARED_VA;
	u64 until = READ_ONCE(sh->heartbeat) + 2 * sh->heartbeat_hz;

	while (!READ_ONCE(h->trace_ready) && READ_ONCE(sh->heartbeat) < until)
		ap_sleep_once();
	if (!READ_ONCE(h->trace_ready))
		kprintf("tracing did not start within 2 s; going on without it\n");
}

/* Use Linux's devices: what the dispatcher asked for, results on the console. */
static void run_workload(void)
{
	const struct pmdi_mbox_hdr *h;
	u32 seed;

	if (mbox_init())
		return;		/* said why; the AP idles with its ring console */
	h = mbox_client()->mb.hdr;
	/*
	 * Before the first request, let Linux measure our clock offset (its
	 * pings are answered in the wake IPI handler): then every Linux event of
	 * the trace comes after a clock sync and maps onto our timeline.
	 */
	wait_trace_ready(h);
	console_set_sink(mbox_console_write);
	workload_devices();
	switch (h->workload) {
	case PMDI_WORKLOAD_DEMO:
		workload_demo(h->workload_arg);
		break;
	case PMDI_WORKLOAD_BENCH:
		workload_bench(h->workload_arg);
		break;
	case PMDI_WORKLOAD_BADREQ:
		workload_badreq(h->workload_arg);
		break;
	case PMDI_WORKLOAD_BURST:
		workload_burst();
		break;
	case PMDI_WORKLOAD_MIXED:
		workload_mixed(h->workload_arg);
		break;
	case PMDI_WORKLOAD_NO_DOORBELL:
	case PMDI_WORKLOAD_NO_REAP:
	case PMDI_WORKLOAD_SILENT:
	case PMDI_WORKLOAD_FAULT:
	case PMDI_WORKLOAD_READ_VDB:
		workload_stuck(h->workload);
		break;
	case PMDI_WORKLOAD_FUZZ:
		seed = h->workload_seed;
		/* seed 0: one from Linux's hardware RNG (printed by the workload) */
		if (!seed && !prng_seed_from_hwrng())
			seed = (u32)prng_u64() | 1;
		workload_fuzz(h->workload_arg, seed);
		break;
	case PMDI_WORKLOAD_CONFORMANCE:
		workload_conformance(h->workload_arg, h->workload_seed);
		break;
	case PMDI_WORKLOAD_RNG:
		workload_rng(h->workload_arg);
		break;
	case PMDI_WORKLOAD_NET:
		workload_net(h->workload_arg);
		break;
	default:
		break;
	}
}


void kmain(struct pmdi_shared *boot_arg)
{
	struct pmdi_shared *sh = SHARED_VA;
	u32 i;

	gdt_init();
	idt_init();
	(void)boot_arg;		/* == SHARED_VA; the boot tables map it */
	/* A loader of another ABI lays the region out differently: touch nothing. */
	if (READ_ONCE(sh->magic) != PMDI_SHARED_MAGIC ||
	    READ_ONCE(sh->abi_version) != PMDI_ABI_VERSION)
		goto halt;
	build_id_init(sh);
	cpu_setup();
	WRITE_ONCE(sh->state, PMDI_AP_STATE_BOOTING);

	pmm_init(sh->region_phys, sh->region_size, sh->image_end);
	if (paging_init(sh->region_phys, sh->region_size)) {
		kprintf("out of memory for page tables\n");
		goto halt;
	}
	idt_set_handler(PMDI_AP_VEC_WAKE, wake);
	if (lapic_init(sh->tsc_khz, HEARTBEAT_HZ)) {
		kprintf("local APIC disabled in IA32_APIC_BASE\n");
		goto halt;
	}
	WRITE_ONCE(sh->heartbeat_hz, HEARTBEAT_HZ);
	cpu_report(sh);

	kprintf("pmdi AP kernel %s (%s) up on APIC id %u, %s\n", AP_VERSION,
		pmdi_image_header.name, sh->apic_id,
		lapic_is_x2apic() ? "x2APIC" : "xAPIC");
	kprintf("build id ");
	for (i = 0; i < sh->build_id_len; i++) {
		char hex[2] = { "0123456789abcdef"[sh->build_id[i] >> 4],
				"0123456789abcdef"[sh->build_id[i] & 15] };
		console_write(hex, 2);
	}
	kprintf("\n");
	boot_entry_report();
	if (sh->mtrr_sync == PMDI_MTRR_COPIED)
		kprintf("MTRRs differed from Linux's (reset by INIT?): copied Linux's\n");
	kprintf("region %lx size %lu MiB, %lu free pages; CR0 %lx PAT %lx; "
		"region MTRR %s, PAT %s\n", sh->region_phys,
		sh->region_size >> 20, sh->free_pages, sh->cr0, sh->pat,
		pmdi_mem_type_name(sh->region_mtrr_type),
		pmdi_mem_type_name(sh->region_pat_type));

	fault_test_boot(sh);
	barrier();	/* report before the state that says it is complete */
	acked_seq = READ_ONCE(sh->command_seq);
	WRITE_ONCE(sh->state, PMDI_AP_STATE_READY);
	sti();		/* workloads run like ordinary code: timer and doorbells on */
	run_workload();
	idle_loop(sh);
halt:
	for (;;) {
		cli();
		hlt();
	}
}
