/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * header.S - struct pmdi_image_header (include/pmdi/boot.h), the first
 * 128 bytes of the image file. Written in assembly because the sizes and
 * offsets are link-time values (linker.ld) that a C initializer cannot
 * narrow to 32 bits. Each field's offset is checked against boot.h.
 *
 * Contract: linked first (section .pmdi.header), at PMDI_AP_IMAGE_VADDR.
 */
#include <pmdi/boot.h>

#ifdef PMDI_FAULT_TEST
#define IMAGE_FLAGS	PMDI_IMAGE_F_FAULT_TEST
#define IMAGE_NAME	"pmdi-ap-fault"
#else
#define IMAGE_FLAGS	0
#define IMAGE_NAME	"pmdi-ap"
#endif

	.macro	at off
	.if	(. - pmdi_image_header) != \off
	.error	"pmdi_image_header field at wrong offset"
	.endif
	.endm

	.section .pmdi.header, "a"
	.globl	pmdi_image_header
pmdi_image_header:
	at 0;	.long	PMDI_IMAGE_MAGIC	/* magic */
	at 4;	.long	PMDI_ABI_VERSION	/* abi_version */
	at 8;	.long	PMDI_IMAGE_HEADER_SIZE	/* header_size */
	at 12;	.long	IMAGE_FLAGS		/* flags */
	at 16;	.quad	__image_start		/* load_vaddr */
	at 24;	.quad	ap_entry		/* entry */
	at 32;	.quad	__file_size		/* file_size */
	at 40;	.quad	__mem_size		/* mem_size */
	at 48;	.long	0			/* trampoline_offset: legacy */
	at 52;	.long	0			/* trampoline_size: legacy */
	at 56;	.long	__build_id_offset	/* build_id_offset */
	at 60;	.long	__build_id_note_size	/* build_id_note_size */
	at 64
1:	.asciz	IMAGE_NAME			/* name[32] */
	.fill	32 - (. - 1b), 1, 0
	at 96;	.quad	0, 0, 0, 0		/* reserved[4] */
	at PMDI_IMAGE_HEADER_SIZE

/*
 * The pmdi ELF notes (boot.h: PMDI_ELF_NOTE_*): the ABI this kernel was
 * built against, and that it writes its trace ring (trace.c), for the loader
 * of ELF images (interface/include/pmdi/elf_image.h). It asks for no stack
 * size: the loader's default boot stack (16 KiB) is what entry.S runs on.
 * The flat image ignores them; the linker puts them in a PT_NOTE.
 */
	.section .note.pmdi, "a", @note
	.balign	4
	.long	PMDI_ELF_NOTE_NAMESZ, 4, PMDI_ELF_NOTE_ABI
	.asciz	PMDI_ELF_NOTE_NAME
	.balign	4
	.long	PMDI_ABI_VERSION
	.balign	4
	.long	PMDI_ELF_NOTE_NAMESZ, 4, PMDI_ELF_NOTE_TRACE
	.asciz	PMDI_ELF_NOTE_NAME
	.balign	4
	.long	1
	.balign	4
