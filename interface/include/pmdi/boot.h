/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * pmdi boot ABI: how the Linux loader (pmdi_dispatcher.ko) and the AP kernel
 * find each other. Freestanding: no libc, no Linux includes. Both sides
 * include this file; it is the reference for the bytes.
 *
 * Three things are shared (interface/BOOT-PROTOCOL.md is the prose version,
 * with the machine state at the OS's entry point):
 *
 *  1. The AP kernel image, loaded with request_firmware from
 *     /lib/firmware/pmdi/<name>: an ELF64 executable with the pmdi note
 *     (below; elf_image.h validates it), or the legacy flat binary that
 *     starts with struct pmdi_image_header.
 *  2. The low trampoline page (below 1 MiB, its address >> 12 is the SIPI
 *     vector). The loader owns the trampoline: it copies its own blob to
 *     offset 0 for every image and writes struct pmdi_trampoline_params at
 *     PMDI_TRAMPOLINE_PARAMS_OFFSET. Images carry none.
 *  3. The reserved region (memmap=SIZE$BASE on the Linux command line),
 *     write-back cacheable on both sides:
 *
 *     region base
 *     +0x000000 +--------------------------------------+
 *               | struct pmdi_shared (control block,   |  loader writes boot
 *               | status, CPU report, fault record)    |  info, AP the rest
 *     +0x000800 +--------------------------------------+
 *               | struct pmdi_mtrr_state               |  Linux's MTRRs
 *     +0x001000 +--------------------------------------+
 *               | console ring (AP -> Linux text)      |
 *     +0x010000 +--------------------------------------+
 *               | mailbox: rings, device table         |  (mailbox.h)
 *     +0x080000 +--------------------------------------+
 *               | the AP's trace ring                  |  (trace_ring.h)
 *     +0x100000 +--------------------------------------+
 *               | boot page tables (loader-built)      |
 *     +0x200000 +--------------------------------------+
 *               | AP kernel image (segments + bss)     |  linked at
 *               |                                      |  PMDI_AP_KVBASE +
 *               +--------------------------------------+  0x200000 or above
 *               | boot stack (loader-provided)         |  page aligned
 *               +--------------------------------------+  shared.image_end
 *               | free: the AP kernel's page allocator |
 *     +size     +--------------------------------------+
 *
 *     The boot page tables map the whole region at PMDI_AP_KVBASE with
 *     2 MiB pages and identity-map the first 2 MiB of physical memory (the
 *     trampoline). The AP kernel then builds its own tables.
 *
 * All fields are little-endian and fixed width; no bitfields, no pointers.
 * Never change a field: add one in reserved space and bump PMDI_ABI_VERSION
 * if the old layout can no longer be read.
 */
#ifndef PMDI_BOOT_H
#define PMDI_BOOT_H


/* "PMDI" in memory order, then the ABI revision both sides must agree on. */
#define PMDI_IMAGE_MAGIC	0x49444d50u	/* 'P' 'M' 'D' 'I' */
#define PMDI_SHARED_MAGIC	0x52485350u	/* 'P' 'S' 'H' 'R' */
#define PMDI_ABI_VERSION	1u

/* Region layout (offsets from the region base). */
#define PMDI_REGION_ALIGN		0x200000ull	/* 2 MiB pages */
#define PMDI_REGION_MIN_SIZE		0x800000ull	/* 8 MiB */
#define PMDI_REGION_MAX_SIZE		0x40000000ull	/* one boot PD */
#define PMDI_SHARED_OFFSET		0x000000ull
#define PMDI_MTRR_OFFSET		0x000800ull	/* Linux's MTRRs */
#define PMDI_CONSOLE_OFFSET		0x001000ull
#define PMDI_MAILBOX_OFFSET		0x010000ull
#define PMDI_MAILBOX_SIZE		0x070000ull
#define PMDI_TRACE_OFFSET		0x080000ull
#define PMDI_TRACE_SIZE			0x080000ull
#define PMDI_TRACE_SLOTS		16384u	/* 256 KiB of 16-byte slots */
#define PMDI_BOOT_PT_OFFSET		0x100000ull
#define PMDI_BOOT_PT_SIZE		0x005000ull	/* PML4, 2 PDPT, 2 PD */
#define PMDI_IMAGE_OFFSET		0x200000ull
#define PMDI_SHARED_AREA_SIZE		PMDI_IMAGE_OFFSET

/* Where the boot page tables put the region (kernel code model, top 2 GiB). */
#define PMDI_AP_KVBASE			0xffffffff80000000ull
#define PMDI_AP_IMAGE_VADDR		(PMDI_AP_KVBASE + PMDI_IMAGE_OFFSET)

/* Trampoline page. */
#define PMDI_TRAMPOLINE_PARAMS_OFFSET	0xf00u
#define PMDI_TRAMPOLINE_MAX_CODE	PMDI_TRAMPOLINE_PARAMS_OFFSET

/*
 * Boot stack the loader gives the OS (in %rsp at its entry point) when the
 * image does not ask for a size (PMDI_ELF_NOTE_STACK; flat images never do).
 */
#define PMDI_BOOT_STACK_DEFAULT		0x4000ull	/* 16 KiB */

/* Selectors of the trampoline's GDT, loaded at the OS's entry point. */
#define PMDI_BOOT_CS			0x08u	/* 64-bit code, DPL 0 */
#define PMDI_BOOT_DS			0x10u	/* flat data, DPL 0 */

/* Interrupt vectors the AP kernel owns on its own CPU. */
#define PMDI_AP_VEC_WAKE	0x40u	/* Linux -> AP "look at the region" */
#define PMDI_AP_VEC_TIMER	0x41u	/* local APIC timer, heartbeat */
#define PMDI_AP_VEC_ERROR	0xfeu	/* local APIC error */
#define PMDI_AP_VEC_SPURIOUS	0xffu

#define PMDI_IMAGE_F_FAULT_TEST	0x1u	/* faults on purpose after ready */
#define PMDI_IMAGE_HEADER_SIZE	128u

/*
 * The pmdi ELF note, for AP kernels given as ELF64 executables (elf_image.h
 * validates them). An ELF file says what it needs from its loader in a
 * PT_NOTE segment, one standard ELF note per item:
 *
 *   namesz = 5, descsz, type (u32 each), name "PMDI\0" padded to 4 bytes,
 *   then the descriptor, padded to 4 bytes (8 in a PT_NOTE with p_align 8)
 *
 *   type 1  PMDI_ELF_NOTE_ABI    u32: the PMDI_ABI_VERSION the OS was built
 *                                against (required, exactly once)
 *   type 2  PMDI_ELF_NOTE_STACK  u64: bytes of boot stack the OS asks for
 *                                (optional; a non-zero multiple of 4 KiB;
 *                                absent: PMDI_BOOT_STACK_DEFAULT)
 *   type 3  PMDI_ELF_NOTE_TRACE  u32: 1 = this OS writes its trace ring
 *                                (trace_ring.h), 0 = it does not
 *                                (optional; absent = 0). Linux then
 *                                expects the AP's events in the trace.
 *
 * Any other type under "PMDI", and notes of other owners ("GNU" build ids,
 * properties), are ignored: an OS built against a newer header may carry
 * requests this loader does not know and still load when its ABI version
 * matches. Xen's PVH ELF notes ("Xen", XEN_ELFNOTE_*) work the same way: the
 * guest states its entry point and needs in notes the toolchain emits
 * anyway, with no image header of the project's own, and unknown notes are
 * skipped, so the format grows without breaking old kernels or old loaders.
 *
 * In assembly (a note section placed in a PT_NOTE by the linker script):
 *
 *	.section .note.pmdi, "a"
 *	.balign 4
 *	.long 5, 4, PMDI_ELF_NOTE_ABI
 *	.asciz "PMDI"
 *	.balign 4
 *	.long PMDI_ABI_VERSION
 */
#define PMDI_ELF_NOTE_NAME	"PMDI"	/* namesz 5: with its NUL */
#define PMDI_ELF_NOTE_NAMESZ	5u
#define PMDI_ELF_NOTE_ABI	1u	/* desc: u32 ABI version */
#define PMDI_ELF_NOTE_STACK	2u	/* desc: u64 stack size request */
#define PMDI_ELF_NOTE_TRACE	3u	/* desc: u32, 1 = writes its trace ring */

#ifndef __ASSEMBLER__	/* the constants above are also used from .S files */

typedef __UINT8_TYPE__ pmdi_u8;
typedef __UINT16_TYPE__ pmdi_u16;
typedef __UINT32_TYPE__ pmdi_u32;
typedef __UINT64_TYPE__ pmdi_u64;

#define PMDI_BOOT_OFFSETOF(t, m) __builtin_offsetof(t, m)

/*
 * Legacy flat image: struct pmdi_image_header at offset 0 of the file, the
 * file loaded as it is at PMDI_AP_IMAGE_VADDR. New OSes should be ELF
 * files. trampoline_offset and trampoline_size are ignored (the loader has
 * its own trampoline) and may be 0.
 *
 *   0       4       8       12      16              24              32
 *   +-------+-------+-------+-------+---------------+---------------+
 *   | magic |  abi  | hdrsz | flags |  load_vaddr   |  entry vaddr  |
 *   +-------+-------+-------+-------+---------------+---------------+
 *   32              40              48      52      56      60      64
 *   +---------------+---------------+-------+-------+-------+-------+
 *   |   file_size   |   mem_size    |tramp o|tramp n|bid off|bid len|
 *   +---------------+---------------+-------+-------+-------+-------+
 *   64                              96                              128
 *   +-------------------------------+-------------------------------+
 *   | name[32]                      | reserved[4]                   |
 *   +-------------------------------+-------------------------------+
 *
 * ap-kernel-traced/header.S emits it (with .org checks on each offset).
 */
struct pmdi_image_header {
	pmdi_u32 magic;			/* PMDI_IMAGE_MAGIC */
	pmdi_u32 abi_version;		/* PMDI_ABI_VERSION */
	pmdi_u32 header_size;		/* sizeof(struct pmdi_image_header) */
	pmdi_u32 flags;			/* PMDI_IMAGE_F_* */
	pmdi_u64 load_vaddr;		/* must be PMDI_AP_IMAGE_VADDR */
	pmdi_u64 entry;			/* 64-bit entry, virtual address */
	pmdi_u64 file_size;		/* bytes of the image file used */
	pmdi_u64 mem_size;		/* file + bss, zeroed by the loader */
	pmdi_u32 trampoline_offset;	/* legacy, ignored (may be 0) */
	pmdi_u32 trampoline_size;	/* legacy, ignored (may be 0) */
	pmdi_u32 build_id_offset;	/* ELF note (.note.gnu.build-id) */
	pmdi_u32 build_id_note_size;
	char name[32];			/* NUL-terminated, for messages */
	pmdi_u64 reserved[4];
};

_Static_assert(sizeof(struct pmdi_image_header) == PMDI_IMAGE_HEADER_SIZE, "image header size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, magic) == 0, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, abi_version) == 4, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, header_size) == 8, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, flags) == 12, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, load_vaddr) == 16, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, entry) == 24, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, file_size) == 32, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, mem_size) == 40, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, trampoline_offset) == 48, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, trampoline_size) == 52, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, build_id_offset) == 56, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, build_id_note_size) == 60, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, name) == 64, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_image_header, reserved) == 96, "");

/*
 * Written by the loader into the trampoline page, read by the loader's own
 * trampoline (dispatcher-module-traced/pmdi_trampoline.S): a contract
 * inside the module, not something an OS sees. The trampoline computes its
 * own linear base from CS, so only these values are patched in.
 */
struct pmdi_trampoline_params {
	pmdi_u32 cr3;		/* boot PML4, physical, below 4 GiB */
	pmdi_u32 reserved0;
	pmdi_u64 entry;		/* OS entry point, virtual */
	pmdi_u64 arg;		/* %rdi: struct pmdi_shared, virtual */
	pmdi_u64 stack;		/* %rsp: top of the boot stack, virtual */
	pmdi_u64 region_phys;	/* %rsi: physical base of the region */
	pmdi_u64 reserved1[3];
};

_Static_assert(sizeof(struct pmdi_trampoline_params) == 64, "params size");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_trampoline_params, cr3) == 0, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_trampoline_params, reserved0) == 4, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_trampoline_params, entry) == 8, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_trampoline_params, arg) == 16, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_trampoline_params, stack) == 24, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_trampoline_params, region_phys) == 32, "");
_Static_assert(PMDI_BOOT_OFFSETOF(struct pmdi_trampoline_params, reserved1) == 40, "");
_Static_assert(PMDI_TRAMPOLINE_PARAMS_OFFSET + sizeof(struct pmdi_trampoline_params) <= 4096,
	       "params fit in the trampoline page");

#endif /* !__ASSEMBLER__ */
#endif /* PMDI_BOOT_H */
