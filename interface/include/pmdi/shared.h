/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * pmdi shared control block and console ring: the part of the reserved
 * region (see boot.h for the map) that both kernels read and write while the
 * AP kernel runs. Freestanding: no libc, no Linux includes.
 *
 * struct pmdi_shared, at region + PMDI_SHARED_OFFSET, one cache line per
 * writer so that the two CPUs never write the same line:
 *
 *   0    +-----------------------------+
 *        | boot info        (Linux)    |  written once before INIT-SIPI-SIPI
 *   56   +- - - - - - - - - - - - - - -+
 *        | command          (Linux)    |  stop request
 *   72   +- - - - - - - - - - - - - - -+
 *        | boot info 2      (Linux)    |  physical addresses: APIC, mailbox,
 *   128  +-----------------------------+  trace ring, console ring
 *        | status           (AP)       |  state, heartbeat, IRQ counters
 *   192  +-----------------------------+
 *        | CPU report       (AP)       |  CR0, CR4, EFER, PAT, MTRR types
 *   320  +-----------------------------+
 *        | fault record     (AP)       |  vector, RIP, CR2, error, build id
 *   448  +-----------------------------+
 *        | reserved                    |
 *   2048 +-----------------------------+
 *        | struct pmdi_mtrr_state      |  Linux writes before start
 *   4096 +-----------------------------+
 *
 * struct pmdi_console, at region + PMDI_CONSOLE_OFFSET: a byte ring, AP is
 * the only producer (head), Linux the only consumer (tail). Indices run
 * free and are masked on use. The AP never waits for space: bytes that do
 * not fit are counted in `lost`. Order: data bytes before the new head
 * (AP), head before data, data before the new tail (Linux).
 *
 * Never change a field: add one in reserved space, bump PMDI_ABI_VERSION
 * when an old reader would misunderstand the new layout.
 */
#ifndef PMDI_SHARED_H
#define PMDI_SHARED_H

#include "boot.h"

/* struct pmdi_shared.state, written by the AP. */
enum pmdi_ap_state {
	PMDI_AP_STATE_OFF = 0,		/* loader has not started it */
	PMDI_AP_STATE_BOOTING = 1,	/* entered long mode, setting up */
	PMDI_AP_STATE_READY = 2,	/* report filled in, idling */
	PMDI_AP_STATE_STOPPED = 3,	/* answered PMDI_CMD_STOP, halted */
	PMDI_AP_STATE_FAULTED = 4,	/* took an exception, halted */
};

/* struct pmdi_shared.command, written by Linux. */
enum pmdi_command {
	PMDI_CMD_NONE = 0,
	PMDI_CMD_STOP = 1,		/* halt with interrupts off */
};

/*
 * struct pmdi_shared.test_mode: what the fault-test image
 * (PMDI_IMAGE_F_FAULT_TEST) does wrong on purpose. Normal images ignore it.
 */
enum pmdi_test_mode {
	PMDI_TEST_FAULT_AFTER_READY = 0,	/* #PF about 1 s after ready */
	PMDI_TEST_FAULT_AT_BOOT = 1,		/* #PF before reporting ready */
	PMDI_TEST_HANG_AT_BOOT = 2,		/* never reports ready */
};

/* struct pmdi_shared.apic_mode. */
enum pmdi_apic_mode {
	PMDI_APIC_XAPIC = 1,
	PMDI_APIC_X2APIC = 2,
};

/* Memory types as the SDM encodes them in PAT and MTRRs (Vol. 3A 12.11). */
enum pmdi_mem_type {
	PMDI_MT_UC = 0,
	PMDI_MT_WC = 1,
	PMDI_MT_WT = 4,
	PMDI_MT_WP = 5,
	PMDI_MT_WB = 6,
	PMDI_MT_UC_MINUS = 7,		/* PAT only */
	PMDI_MT_MIXED = 0xfe,		/* MTRRs disagree inside the range */
	PMDI_MT_UNKNOWN = 0xff,
};

/* "WB", "UC-", ...: both sides print these in their boot messages. */
static inline const char *pmdi_mem_type_name(pmdi_u32 type)
{
	switch (type) {
	case PMDI_MT_UC: return "UC";
	case PMDI_MT_WC: return "WC";
	case PMDI_MT_WT: return "WT";
	case PMDI_MT_WP: return "WP";
	case PMDI_MT_WB: return "WB";
	case PMDI_MT_UC_MINUS: return "UC-";
	case PMDI_MT_MIXED: return "mixed";
	default: return "unknown";
	}
}

#define PMDI_BUILD_ID_MAX	32

/* struct pmdi_shared.mtrr_sync: what the AP did about its MTRRs. */
enum pmdi_mtrr_sync {
	PMDI_MTRR_MATCHED = 0,		/* already equal to Linux's */
	PMDI_MTRR_COPIED = 1,		/* differed (INIT reset them), copied */
	PMDI_MTRR_NO_INFO = 2,		/* no MTRRs, or Linux gave none */
};

struct pmdi_shared {
	/* boot info: Linux writes before start, AP only reads */
	pmdi_u32 magic;			/* PMDI_SHARED_MAGIC */
	pmdi_u32 abi_version;		/* PMDI_ABI_VERSION */
	pmdi_u64 region_phys;		/* physical base of the region */
	pmdi_u64 region_size;
	pmdi_u32 ap_cpu;		/* Linux CPU number given up */
	pmdi_u32 ap_apic_id;		/* physical APIC id of that CPU */
	pmdi_u32 linux_apic_id;		/* a CPU that stays with Linux */
	pmdi_u32 tsc_khz;		/* Linux's TSC calibration */
	pmdi_u64 image_end;		/* first free region offset: after image + stack */
	pmdi_u32 mailbox_offset;	/* PMDI_MAILBOX_OFFSET (unused yet) */
	pmdi_u32 mailbox_size;

	/* command: Linux writes */
	pmdi_u32 command;		/* enum pmdi_command */
	pmdi_u32 command_seq;		/* bumped with every command */
	pmdi_u32 test_mode;		/* enum pmdi_test_mode, test image only */
	pmdi_u32 reserved_cmd0;
	/* more boot info, Linux writes before start: physical addresses */
	pmdi_u64 lapic_phys;		/* local APIC MMIO base (IA32_APIC_BASE) */
	pmdi_u64 mailbox_phys;		/* region_phys + PMDI_MAILBOX_OFFSET */
	pmdi_u64 trace_phys;		/* the AP's trace ring */
	pmdi_u64 console_phys;		/* struct pmdi_console */
	pmdi_u64 reserved_cmd[3];

	/* status: AP writes */
	pmdi_u32 state;			/* enum pmdi_ap_state */
	pmdi_u32 command_ack;		/* last command_seq acted on */
	pmdi_u64 heartbeat;		/* timer ticks since start */
	pmdi_u32 heartbeat_hz;
	pmdi_u32 unexpected_irqs;	/* vectors nobody asked for */
	pmdi_u32 last_unexpected_vector;
	pmdi_u32 nmi_count;
	pmdi_u64 wake_count;		/* PMDI_AP_VEC_WAKE taken */
	pmdi_u64 free_pages;		/* AP page allocator */
	pmdi_u64 reserved_status[2];

	/* CPU report: AP writes before PMDI_AP_STATE_READY */
	pmdi_u64 cr0;
	pmdi_u64 cr4;
	pmdi_u64 efer;
	pmdi_u64 pat;			/* IA32_PAT MSR */
	pmdi_u64 mtrr_def_type;		/* IA32_MTRR_DEF_TYPE MSR */
	pmdi_u32 region_mtrr_type;	/* enum pmdi_mem_type over the region */
	pmdi_u32 region_pat_type;	/* type of the AP's region mappings */
	pmdi_u32 apic_mode;		/* enum pmdi_apic_mode */
	pmdi_u32 apic_id;		/* as the AP reads it */
	pmdi_u8 build_id[PMDI_BUILD_ID_MAX];
	pmdi_u32 build_id_len;
	pmdi_u32 mtrr_sync;		/* enum pmdi_mtrr_sync */
	pmdi_u32 reserved_report[8];

	/* fault record: AP writes, first thing in the handler */
	pmdi_u32 fault_count;
	pmdi_u32 fault_vector;
	pmdi_u64 fault_error_code;
	pmdi_u64 fault_rip;
	pmdi_u64 fault_cr2;
	pmdi_u64 fault_rsp;
	pmdi_u64 fault_rflags;
	pmdi_u64 fault_cs;
	pmdi_u8 fault_build_id[PMDI_BUILD_ID_MAX];
	pmdi_u32 fault_build_id_len;
	pmdi_u32 reserved_fault[9];
};

_Static_assert(sizeof(struct pmdi_shared) == 448, "shared size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, magic) == 0, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, abi_version) == 4, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, region_phys) == 8, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, region_size) == 16, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, ap_cpu) == 24, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, ap_apic_id) == 28, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, linux_apic_id) == 32, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, tsc_khz) == 36, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, image_end) == 40, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, mailbox_offset) == 48, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, mailbox_size) == 52, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, command) == 56, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, command_seq) == 60, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, test_mode) == 64, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, reserved_cmd0) == 68, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, lapic_phys) == 72, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, mailbox_phys) == 80, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, trace_phys) == 88, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, console_phys) == 96, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, reserved_cmd) == 104, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, state) == 128, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, command_ack) == 132, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, heartbeat) == 136, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, heartbeat_hz) == 144, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, unexpected_irqs) == 148, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, last_unexpected_vector) == 152, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, nmi_count) == 156, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, wake_count) == 160, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, free_pages) == 168, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, reserved_status) == 176, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, cr0) == 192, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, cr4) == 200, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, efer) == 208, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, pat) == 216, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, mtrr_def_type) == 224, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, region_mtrr_type) == 232, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, region_pat_type) == 236, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, apic_mode) == 240, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, apic_id) == 244, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, build_id) == 248, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, build_id_len) == 280, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, mtrr_sync) == 284, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, reserved_report) == 288, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_count) == 320, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_vector) == 324, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_error_code) == 328, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_rip) == 336, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_cr2) == 344, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_rsp) == 352, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_rflags) == 360, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_cs) == 368, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_build_id) == 376, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, fault_build_id_len) == 408, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_shared, reserved_fault) == 412, "");
_Static_assert(sizeof(struct pmdi_shared) <= PMDI_CONSOLE_OFFSET, "fits");

/*
 * Linux's MTRRs, at region + PMDI_MTRR_OFFSET, written by the loader.
 * MTRRs are per CPU and must be equal on all of them (Intel SDM Vol. 3A
 * 12.11.8); hardware keeps them across INIT, QEMU resets them. The AP
 * compares its own with these and copies them when they differ, as Linux
 * does for its own CPUs.
 */
#define PMDI_MTRR_MAX_VAR	16
#define PMDI_MTRR_NR_FIXED	11	/* 0x250, 0x258, 0x259, 0x268-0x26f */

struct pmdi_mtrr_state {
	pmdi_u32 valid;			/* 1 if Linux filled it in */
	pmdi_u32 var_count;		/* variable ranges below */
	pmdi_u64 cap;			/* IA32_MTRRCAP */
	pmdi_u64 def_type;		/* IA32_MTRR_DEF_TYPE */
	pmdi_u64 fixed[PMDI_MTRR_NR_FIXED];
	pmdi_u64 var_base[PMDI_MTRR_MAX_VAR];	/* IA32_MTRR_PHYSBASEn */
	pmdi_u64 var_mask[PMDI_MTRR_MAX_VAR];	/* IA32_MTRR_PHYSMASKn */
};

_Static_assert(sizeof(struct pmdi_mtrr_state) == 368, "mtrr state size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mtrr_state, valid) == 0, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mtrr_state, var_count) == 4, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mtrr_state, cap) == 8, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mtrr_state, def_type) == 16, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mtrr_state, fixed) == 24, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mtrr_state, var_base) == 112, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_mtrr_state, var_mask) == 240, "");
_Static_assert(PMDI_MTRR_OFFSET + sizeof(struct pmdi_mtrr_state) <=
	       PMDI_CONSOLE_OFFSET, "MTRR state fits before the console");
_Static_assert(sizeof(struct pmdi_shared) <= PMDI_MTRR_OFFSET, "shared fits");

#define PMDI_CONSOLE_BUF_SIZE	4096u	/* power of two */

struct pmdi_console {
	pmdi_u32 head;			/* AP: bytes ever written */
	pmdi_u32 lost;			/* AP: bytes dropped, ring full */
	pmdi_u8 pad0[56];
	pmdi_u32 tail;			/* Linux: bytes ever consumed */
	pmdi_u8 pad1[60];
	pmdi_u8 buf[PMDI_CONSOLE_BUF_SIZE];
};

_Static_assert(sizeof(struct pmdi_console) == 128 + PMDI_CONSOLE_BUF_SIZE, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_console, head) == 0, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_console, lost) == 4, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_console, tail) == 64, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_console, buf) == 128, "");
_Static_assert((PMDI_CONSOLE_BUF_SIZE & (PMDI_CONSOLE_BUF_SIZE - 1)) == 0, "");
_Static_assert(PMDI_CONSOLE_OFFSET + sizeof(struct pmdi_console) <=
	       PMDI_MAILBOX_OFFSET, "console fits before the mailbox");

#endif /* PMDI_SHARED_H */
