/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * Validation of an AP kernel given as an ELF64 executable: the part of the
 * loader that reads the untrusted file. Freestanding: no libc, no Linux
 * includes, no allocation; the module and the host tests and fuzzer include
 * it as it is.
 *
 * The file is a standard ELF64 executable (ET_EXEC, EM_X86_64, little
 * endian) linked for the region's fixed virtual base, as the C AP kernel is
 * (linker.ld: PMDI_AP_KVBASE + PMDI_IMAGE_OFFSET). The loader places each
 * PT_LOAD at region + (p_vaddr - virtual base), copies p_filesz bytes from
 * p_offset, zero-fills the rest up to p_memsz and jumps to e_entry. A
 * PT_NOTE carries the pmdi note (boot.h: PMDI_ELF_NOTE_*).
 *
 * pmdi_elf_parse() checks, reading every byte through bounds-checked
 * little-endian byte loads (no alignment assumed, every sum checked):
 *   - the ELF header: size, magic, ELF64, little endian, version 1, ET_EXEC
 *     (ET_DYN, i.e. PIE, refused: there is no relocation), EM_X86_64,
 *     e_ehsize 64, e_phentsize 56, 1..PMDI_ELF_MAX_PHDRS program headers,
 *     all inside the file;
 *   - no PT_INTERP or PT_DYNAMIC (nothing would run the dynamic linker);
 *   - each PT_LOAD: p_filesz <= p_memsz, its file bytes inside the file,
 *     p_align 0, 1 or a power of two with p_offset == p_vaddr modulo
 *     p_align, p_vaddr + p_memsz without overflow, at or above the virtual
 *     base, not below lim->image_offset (the shared area, rings and boot
 *     page tables), ending at or below lim->region_size, overlapping no
 *     other PT_LOAD (touching is fine), at most lim->max_segments of them
 *     (empty ones, p_memsz 0, are skipped);
 *   - the entry point inside the file bytes of an executable (PF_X) PT_LOAD;
 *   - each non-empty PT_NOTE inside the file and well formed; exactly one
 *     pmdi ABI note, of version PMDI_ABI_VERSION; at most one stack
 *     request, a non-zero multiple of 4 KiB that fits in the region above
 *     the image; at most one trace note, 0 or 1.
 *   A GNU build id note is optional: the first one of 1..64 bytes is
 *   reported (out->build_id_offset, build_id_size), others are ignored.
 *
 * On success @out holds the segments in program header order, in region
 * offsets, ready to copy; on failure a negative enum pmdi_elf_error, with
 * pmdi_elf_error_str() for its short name and pmdi_elf_describe() for the
 * message naming the segment or value at fault ("segment 2 overlaps
 * segment 1"). Segments are numbered by program header index, as
 * `readelf -l` numbers them.
 */
#ifndef PMDI_ELF_IMAGE_H
#define PMDI_ELF_IMAGE_H

#include "boot.h"

#define PMDI_ELF_MAX_SEGMENTS	16u	/* PT_LOADs in struct pmdi_elf_image */
#define PMDI_ELF_MAX_PHDRS	64u	/* program headers read at most */
#define PMDI_ELF_STACK_ALIGN	4096u
#define PMDI_ELF_BUILD_ID_MAX	64u	/* longer GNU build ids are ignored */
#define PMDI_ELF_NT_GNU_BUILD_ID	3u

/* ELF64 constants (System V gABI, x86-64 psABI). */
#define PMDI_ELF_EHDR_SIZE	64u
#define PMDI_ELF_PHDR_SIZE	56u
#define PMDI_ELF_ET_EXEC	2u
#define PMDI_ELF_ET_DYN		3u
#define PMDI_ELF_EM_X86_64	62u
#define PMDI_ELF_PT_LOAD	1u
#define PMDI_ELF_PT_DYNAMIC	2u
#define PMDI_ELF_PT_INTERP	3u
#define PMDI_ELF_PT_NOTE	4u
#define PMDI_ELF_PF_X		0x1u
#define PMDI_ELF_PF_W		0x2u
#define PMDI_ELF_PF_R		0x4u

enum pmdi_elf_error {
	PMDI_ELF_OK,
	PMDI_ELF_E_LIMITS,		/* the caller's limits are inconsistent */
	PMDI_ELF_E_TRUNC_EHDR,
	PMDI_ELF_E_MAGIC,
	PMDI_ELF_E_CLASS,		/* why[0]: EI_CLASS */
	PMDI_ELF_E_DATA,		/* why[0]: EI_DATA */
	PMDI_ELF_E_VERSION,		/* why[0]: the version */
	PMDI_ELF_E_DYN,
	PMDI_ELF_E_TYPE,		/* why[0]: e_type */
	PMDI_ELF_E_MACHINE,		/* why[0]: e_machine */
	PMDI_ELF_E_EHSIZE,		/* why[0]: e_ehsize */
	PMDI_ELF_E_PHENTSIZE,		/* why[0]: e_phentsize */
	PMDI_ELF_E_NO_PHDRS,
	PMDI_ELF_E_TOO_MANY_PHDRS,	/* why[0]: e_phnum, why[1]: the maximum */
	PMDI_ELF_E_TRUNC_PHDRS,
	PMDI_ELF_E_DYNAMIC,		/* why[0]: segment */
	PMDI_ELF_E_TOO_MANY_SEGMENTS,	/* why[0]: segment, why[1]: the maximum */
	PMDI_ELF_E_FILESZ,		/* why[0]: segment */
	PMDI_ELF_E_TRUNC_SEGMENT,	/* why[0]: segment */
	PMDI_ELF_E_ALIGN,		/* why[0]: segment */
	PMDI_ELF_E_ADDR_OVERFLOW,	/* why[0]: segment */
	PMDI_ELF_E_BELOW_REGION,	/* why[0]: segment */
	PMDI_ELF_E_OVER_SHARED,		/* why[0]: segment */
	PMDI_ELF_E_PAST_REGION,		/* why[0]: segment */
	PMDI_ELF_E_OVERLAP,		/* why[0]: segment, why[1]: the earlier one */
	PMDI_ELF_E_NO_LOAD,
	PMDI_ELF_E_ENTRY,		/* why[0]: e_entry */
	PMDI_ELF_E_TRUNC_NOTE,		/* why[0]: segment */
	PMDI_ELF_E_BAD_NOTE,		/* why[0]: segment */
	PMDI_ELF_E_NOTE_SIZE,		/* why[0]: note type, why[1]: descsz */
	PMDI_ELF_E_NOTE_TWICE,		/* why[0]: note type */
	PMDI_ELF_E_NO_NOTE,
	PMDI_ELF_E_ABI,			/* why[0]: the note's, why[1]: ours */
	PMDI_ELF_E_STACK,		/* why[0]: request, why[1]: room above the image */
	PMDI_ELF_E_TRACE,		/* why[0]: the trace note's value */
	PMDI_ELF_E_COUNT
};

/* What the loader allows; see pmdi_elf_limits_default(). */
struct pmdi_elf_limits {
	pmdi_u64 vbase;		/* virtual address of region offset 0 */
	pmdi_u64 image_offset;	/* lowest region offset a segment may use */
	pmdi_u64 region_size;	/* segments end at or below this offset */
	pmdi_u32 max_segments;	/* PT_LOADs at most, 1..PMDI_ELF_MAX_SEGMENTS */
};

struct pmdi_elf_segment {
	pmdi_u64 file_offset;	/* 0 when file_size is 0 */
	pmdi_u64 file_size;	/* bytes copied from the file */
	pmdi_u64 region_offset;	/* where they go, from the region base */
	pmdi_u64 mem_size;	/* bytes the segment covers; the rest zeroed */
	pmdi_u32 flags;		/* PMDI_ELF_PF_* as in p_flags */
	pmdi_u32 phdr_index;	/* its program header, for messages */
};

struct pmdi_elf_image {
	pmdi_u64 entry;		/* e_entry, virtual */
	pmdi_u64 entry_offset;	/* e_entry - vbase: a region offset */
	pmdi_u64 image_start;	/* lowest region offset of any segment */
	pmdi_u64 image_end;	/* highest region offset + 1 */
	pmdi_u64 stack_size;	/* the note's request, 0 if none */
	pmdi_u32 abi_version;	/* the note's ABI version */
	pmdi_u32 traces;	/* the trace note's value (0 or 1), 0 if none */
	pmdi_u64 build_id_offset;	/* file offset of a GNU build id, 0 if none */
	pmdi_u32 build_id_size;		/* its bytes (1..PMDI_ELF_BUILD_ID_MAX), 0 if none */
	pmdi_u32 nr_segments;
	struct pmdi_elf_segment seg[PMDI_ELF_MAX_SEGMENTS];
	int err;		/* what pmdi_elf_parse() returned */
	pmdi_u64 why[2];	/* the values the error names (enum comments) */
};

static inline void pmdi_elf_limits_default(struct pmdi_elf_limits *lim, pmdi_u64 region_size)
{
	lim->vbase = PMDI_AP_KVBASE;
	lim->image_offset = PMDI_IMAGE_OFFSET;
	lim->region_size = region_size;
	lim->max_segments = PMDI_ELF_MAX_SEGMENTS;
}

/* Little-endian loads, a byte at a time: any alignment, any host. */
static inline pmdi_u16 pmdi_elf_le16(const pmdi_u8 *p)
{
	return (pmdi_u16)(p[0] | (p[1] << 8));
}

static inline pmdi_u32 pmdi_elf_le32(const pmdi_u8 *p)
{
	return (pmdi_u32)p[0] | (pmdi_u32)p[1] << 8 | (pmdi_u32)p[2] << 16 | (pmdi_u32)p[3] << 24;
}

static inline pmdi_u64 pmdi_elf_le64(const pmdi_u8 *p)
{
	return (pmdi_u64)pmdi_elf_le32(p) | (pmdi_u64)pmdi_elf_le32(p + 4) << 32;
}

/* [off, off + len) inside [0, size), without overflow. */
static inline int pmdi_elf_in(pmdi_u64 off, pmdi_u64 len, pmdi_u64 size)
{
	return off <= size && len <= size - off;
}

static inline int pmdi_elf_fail(struct pmdi_elf_image *out, int err, pmdi_u64 a, pmdi_u64 b)
{
	out->err = -err;
	out->why[0] = a;
	out->why[1] = b;
	return -err;
}

/*
 * The notes of one PT_NOTE, @len bytes at @p (inside the file, at file
 * offset @base), each field aligned to @align from the note's start (4; 8
 * in a PT_NOTE with p_align 8, as .note.gnu.property). @seen: bit n set
 * once a pmdi note of type n was taken. The first GNU build id note of a
 * sensible size is remembered (optional, for messages and traces).
 */
static inline int pmdi_elf_notes(const pmdi_u8 *p, pmdi_u64 base, pmdi_u64 len, pmdi_u64 align,
				 pmdi_u32 index, pmdi_u32 *seen, struct pmdi_elf_image *out)
{
	pmdi_u64 pos = 0;

	while (pos < len) {
		const pmdi_u8 *n = p + pos;
		pmdi_u64 namesz, descsz, desc, end;
		pmdi_u32 type;

		if (len - pos < 12)
			return pmdi_elf_fail(out, PMDI_ELF_E_BAD_NOTE, index, 0);
		namesz = pmdi_elf_le32(n);
		descsz = pmdi_elf_le32(n + 4);
		type = pmdi_elf_le32(n + 8);
		/* Both below 2^32 + 32: no sum here can overflow 64 bits. */
		desc = (12 + namesz + align - 1) & ~(align - 1);
		end = desc + descsz;
		if (end > len - pos)
			return pmdi_elf_fail(out, PMDI_ELF_E_BAD_NOTE, index, 0);
		if (namesz == PMDI_ELF_NOTE_NAMESZ && n[12] == 'P' && n[13] == 'M' &&
		    n[14] == 'D' && n[15] == 'I' && n[16] == 0 &&
		    (type == PMDI_ELF_NOTE_ABI || type == PMDI_ELF_NOTE_STACK ||
		     type == PMDI_ELF_NOTE_TRACE)) {
			if (*seen & (1u << type))
				return pmdi_elf_fail(out, PMDI_ELF_E_NOTE_TWICE, type, 0);
			*seen |= 1u << type;
			if (descsz != (type == PMDI_ELF_NOTE_STACK ? 8 : 4))
				return pmdi_elf_fail(out, PMDI_ELF_E_NOTE_SIZE, type, descsz);
			if (type == PMDI_ELF_NOTE_ABI) {
				out->abi_version = pmdi_elf_le32(n + desc);
			} else if (type == PMDI_ELF_NOTE_STACK) {
				out->stack_size = pmdi_elf_le64(n + desc);
			} else {
				/* a yes/no today: other values are kept for later meanings */
				out->traces = pmdi_elf_le32(n + desc);
				if (out->traces > 1)
					return pmdi_elf_fail(out, PMDI_ELF_E_TRACE, out->traces, 0);
			}
		} else if (namesz == 4 && n[12] == 'G' && n[13] == 'N' && n[14] == 'U' &&
			   n[15] == 0 && type == PMDI_ELF_NT_GNU_BUILD_ID && descsz &&
			   descsz <= PMDI_ELF_BUILD_ID_MAX && !out->build_id_size) {
			out->build_id_offset = base + pos + desc;
			out->build_id_size = (pmdi_u32)descsz;
		}
		/* The last descriptor may lack its padding. */
		end = (end + align - 1) & ~(align - 1);
		pos += end < len - pos ? end : len - pos;
	}
	return 0;
}

/*
 * One PT_LOAD, program header @index at @ph: checked and, unless empty,
 * appended to @out.
 */
static inline int pmdi_elf_load(const pmdi_u8 *ph, pmdi_u32 index, pmdi_u64 size,
				const struct pmdi_elf_limits *lim, struct pmdi_elf_image *out)
{
	pmdi_u32 flags = pmdi_elf_le32(ph + 4);
	pmdi_u64 offset = pmdi_elf_le64(ph + 8);
	pmdi_u64 vaddr = pmdi_elf_le64(ph + 16);
	pmdi_u64 filesz = pmdi_elf_le64(ph + 32);
	pmdi_u64 memsz = pmdi_elf_le64(ph + 40);
	pmdi_u64 align = pmdi_elf_le64(ph + 48);
	pmdi_u64 vend, start, end;
	struct pmdi_elf_segment *s;
	pmdi_u32 i;

	if (filesz > memsz)
		return pmdi_elf_fail(out, PMDI_ELF_E_FILESZ, index, 0);
	if (filesz && !pmdi_elf_in(offset, filesz, size))
		return pmdi_elf_fail(out, PMDI_ELF_E_TRUNC_SEGMENT, index, 0);
	if (align > 1 && ((align & (align - 1)) || ((offset ^ vaddr) & (align - 1))))
		return pmdi_elf_fail(out, PMDI_ELF_E_ALIGN, index, 0);
	if (!memsz)
		return 0;
	if (__builtin_add_overflow(vaddr, memsz, &vend))
		return pmdi_elf_fail(out, PMDI_ELF_E_ADDR_OVERFLOW, index, 0);
	if (vaddr < lim->vbase)
		return pmdi_elf_fail(out, PMDI_ELF_E_BELOW_REGION, index, 0);
	start = vaddr - lim->vbase;
	end = vend - lim->vbase;
	if (start < lim->image_offset)
		return pmdi_elf_fail(out, PMDI_ELF_E_OVER_SHARED, index, 0);
	if (end > lim->region_size)
		return pmdi_elf_fail(out, PMDI_ELF_E_PAST_REGION, index, 0);
	for (i = 0; i < out->nr_segments; i++) {
		const struct pmdi_elf_segment *o = &out->seg[i];

		if (start < o->region_offset + o->mem_size && o->region_offset < end)
			return pmdi_elf_fail(out, PMDI_ELF_E_OVERLAP, index, o->phdr_index);
	}
	if (out->nr_segments >= lim->max_segments)
		return pmdi_elf_fail(out, PMDI_ELF_E_TOO_MANY_SEGMENTS, index, lim->max_segments);
	s = &out->seg[out->nr_segments++];
	s->file_offset = filesz ? offset : 0;
	s->file_size = filesz;
	s->region_offset = start;
	s->mem_size = memsz;
	s->flags = flags;
	s->phdr_index = index;
	if (out->nr_segments == 1 || start < out->image_start)
		out->image_start = start;
	if (end > out->image_end)
		out->image_end = end;
	return 0;
}

/*
 * Validate the @size bytes at @file as an AP kernel for @lim. Returns 0 and
 * fills @out, or a negative enum pmdi_elf_error (also in out->err, with the
 * values it names in out->why). Reads nothing outside the file.
 */
static inline int pmdi_elf_parse(const void *file, pmdi_u64 size, const struct pmdi_elf_limits *lim,
				 struct pmdi_elf_image *out)
{
	const pmdi_u8 *f = (const pmdi_u8 *)file;
	pmdi_u64 phoff, entry, room;
	pmdi_u32 phnum, i, seen = 0;
	pmdi_u16 v16;
	int err;

	out->entry = 0;
	out->entry_offset = 0;
	out->image_start = 0;
	out->image_end = 0;
	out->stack_size = 0;
	out->abi_version = 0;
	out->traces = 0;
	out->build_id_offset = 0;
	out->build_id_size = 0;
	out->nr_segments = 0;
	if (lim->max_segments < 1 || lim->max_segments > PMDI_ELF_MAX_SEGMENTS ||
	    lim->image_offset >= lim->region_size)
		return pmdi_elf_fail(out, PMDI_ELF_E_LIMITS, 0, 0);

	/* e_ident, then the fields in header order. */
	if (size < PMDI_ELF_EHDR_SIZE)
		return pmdi_elf_fail(out, PMDI_ELF_E_TRUNC_EHDR, 0, 0);
	if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
		return pmdi_elf_fail(out, PMDI_ELF_E_MAGIC, 0, 0);
	if (f[4] != 2)		/* ELFCLASS64 */
		return pmdi_elf_fail(out, PMDI_ELF_E_CLASS, f[4], 0);
	if (f[5] != 1)		/* ELFDATA2LSB */
		return pmdi_elf_fail(out, PMDI_ELF_E_DATA, f[5], 0);
	if (f[6] != 1)		/* EI_VERSION: EV_CURRENT */
		return pmdi_elf_fail(out, PMDI_ELF_E_VERSION, f[6], 0);
	v16 = pmdi_elf_le16(f + 16);
	if (v16 == PMDI_ELF_ET_DYN)
		return pmdi_elf_fail(out, PMDI_ELF_E_DYN, v16, 0);
	if (v16 != PMDI_ELF_ET_EXEC)
		return pmdi_elf_fail(out, PMDI_ELF_E_TYPE, v16, 0);
	v16 = pmdi_elf_le16(f + 18);
	if (v16 != PMDI_ELF_EM_X86_64)
		return pmdi_elf_fail(out, PMDI_ELF_E_MACHINE, v16, 0);
	if (pmdi_elf_le32(f + 20) != 1)	/* e_version */
		return pmdi_elf_fail(out, PMDI_ELF_E_VERSION, pmdi_elf_le32(f + 20), 0);
	entry = pmdi_elf_le64(f + 24);
	phoff = pmdi_elf_le64(f + 32);
	v16 = pmdi_elf_le16(f + 52);
	if (v16 != PMDI_ELF_EHDR_SIZE)
		return pmdi_elf_fail(out, PMDI_ELF_E_EHSIZE, v16, 0);
	v16 = pmdi_elf_le16(f + 54);
	if (v16 != PMDI_ELF_PHDR_SIZE)
		return pmdi_elf_fail(out, PMDI_ELF_E_PHENTSIZE, v16, 0);
	phnum = pmdi_elf_le16(f + 56);
	if (!phnum)
		return pmdi_elf_fail(out, PMDI_ELF_E_NO_PHDRS, 0, 0);
	if (phnum > PMDI_ELF_MAX_PHDRS)	/* also PN_XNUM (0xffff) */
		return pmdi_elf_fail(out, PMDI_ELF_E_TOO_MANY_PHDRS, phnum, PMDI_ELF_MAX_PHDRS);
	if (!pmdi_elf_in(phoff, (pmdi_u64)phnum * PMDI_ELF_PHDR_SIZE, size))
		return pmdi_elf_fail(out, PMDI_ELF_E_TRUNC_PHDRS, 0, 0);

	for (i = 0; i < phnum; i++) {
		const pmdi_u8 *ph = f + phoff + (pmdi_u64)i * PMDI_ELF_PHDR_SIZE;
		pmdi_u32 type = pmdi_elf_le32(ph);
		pmdi_u64 off, len, align;

		switch (type) {
		case PMDI_ELF_PT_LOAD:
			err = pmdi_elf_load(ph, i, size, lim, out);
			if (err)
				return err;
			break;
		case PMDI_ELF_PT_DYNAMIC:
		case PMDI_ELF_PT_INTERP:
			return pmdi_elf_fail(out, PMDI_ELF_E_DYNAMIC, i, 0);
		case PMDI_ELF_PT_NOTE:
			off = pmdi_elf_le64(ph + 8);
			len = pmdi_elf_le64(ph + 32);
			align = pmdi_elf_le64(ph + 48) == 8 ? 8 : 4;
			if (!len)	/* nothing to read, wherever it points */
				break;
			if (!pmdi_elf_in(off, len, size))
				return pmdi_elf_fail(out, PMDI_ELF_E_TRUNC_NOTE, i, 0);
			err = pmdi_elf_notes(f + off, off, len, align, i, &seen, out);
			if (err)
				return err;
			break;
		default:	/* PT_GNU_STACK, PT_TLS, ...: nothing to load */
			break;
		}
	}
	if (!out->nr_segments)
		return pmdi_elf_fail(out, PMDI_ELF_E_NO_LOAD, 0, 0);

	out->entry = entry;
	for (i = 0; i < out->nr_segments; i++) {
		const struct pmdi_elf_segment *s = &out->seg[i];

		if ((s->flags & PMDI_ELF_PF_X) && entry >= lim->vbase &&
		    entry - lim->vbase >= s->region_offset &&
		    entry - lim->vbase - s->region_offset < s->file_size)
			break;
	}
	if (i == out->nr_segments)
		return pmdi_elf_fail(out, PMDI_ELF_E_ENTRY, entry, 0);
	out->entry_offset = entry - lim->vbase;

	if (!(seen & (1u << PMDI_ELF_NOTE_ABI)))
		return pmdi_elf_fail(out, PMDI_ELF_E_NO_NOTE, 0, 0);
	if (out->abi_version != PMDI_ABI_VERSION)
		return pmdi_elf_fail(out, PMDI_ELF_E_ABI, out->abi_version, PMDI_ABI_VERSION);
	room = lim->region_size - out->image_end;
	if ((seen & (1u << PMDI_ELF_NOTE_STACK)) &&
	    (!out->stack_size || out->stack_size % PMDI_ELF_STACK_ALIGN || out->stack_size > room))
		return pmdi_elf_fail(out, PMDI_ELF_E_STACK, out->stack_size, room);
	out->err = 0;
	out->why[0] = 0;
	out->why[1] = 0;
	return 0;
}

/*
 * For each error: a short name, and the message with %1 and %2 standing for
 * out->why[0] and out->why[1].
 */
static inline const char *pmdi_elf_error_msg(int err, int detail)
{
	static const char * const msg[PMDI_ELF_E_COUNT][2] = {
		[PMDI_ELF_OK] = { "ok", "ok" },
		[PMDI_ELF_E_LIMITS] = { "loader limits inconsistent",
			"loader bug: inconsistent limits (image offset past the region, or segments)" },
		[PMDI_ELF_E_TRUNC_EHDR] = { "truncated: no ELF header",
			"truncated: shorter than the 64-byte ELF64 header" },
		[PMDI_ELF_E_MAGIC] = { "not an ELF file", "not an ELF file (no \\177ELF magic)" },
		[PMDI_ELF_E_CLASS] = { "not ELF64", "not ELF64 (EI_CLASS %1, ELF64 is 2)" },
		[PMDI_ELF_E_DATA] = { "not little-endian",
			"not little-endian (EI_DATA %1, little-endian is 1)" },
		[PMDI_ELF_E_VERSION] = { "not ELF version 1", "ELF version %1, not 1 (EV_CURRENT)" },
		[PMDI_ELF_E_DYN] = { "ET_DYN (position-independent) images are refused",
			"ET_DYN (position-independent) images are refused: link ET_EXEC at PMDI_AP_KVBASE + 0x200000" },
		[PMDI_ELF_E_TYPE] = { "not an ELF executable",
			"not an ELF executable (e_type %1, ET_EXEC is 2)" },
		[PMDI_ELF_E_MACHINE] = { "not x86-64", "not x86-64 (e_machine %1, EM_X86_64 is 62)" },
		[PMDI_ELF_E_EHSIZE] = { "wrong ELF header size",
			"ELF header size %1, ELF64's is 64" },
		[PMDI_ELF_E_PHENTSIZE] = { "wrong program header size",
			"program header size %1, ELF64's is 56" },
		[PMDI_ELF_E_NO_PHDRS] = { "no program headers", "no program headers (e_phnum 0)" },
		[PMDI_ELF_E_TOO_MANY_PHDRS] = { "too many program headers",
			"%1 program headers, at most %2" },
		[PMDI_ELF_E_TRUNC_PHDRS] = { "truncated: program headers past the end of the file",
			"truncated: program headers past the end of the file" },
		[PMDI_ELF_E_DYNAMIC] = { "dynamically linked images are refused",
			"segment %1 is PT_INTERP or PT_DYNAMIC: dynamically linked images are refused" },
		[PMDI_ELF_E_TOO_MANY_SEGMENTS] = { "too many PT_LOAD segments",
			"segment %1: more than %2 PT_LOAD segments" },
		[PMDI_ELF_E_FILESZ] = { "a segment's file size exceeds its memory size",
			"segment %1: p_filesz larger than p_memsz" },
		[PMDI_ELF_E_TRUNC_SEGMENT] = { "truncated: a segment past the end of the file",
			"truncated: segment %1's bytes past the end of the file" },
		[PMDI_ELF_E_ALIGN] = { "a segment's alignment is inconsistent",
			"segment %1: p_align not a power of two, or p_offset and p_vaddr differ modulo p_align" },
		[PMDI_ELF_E_ADDR_OVERFLOW] = { "a segment's address overflows",
			"segment %1: p_vaddr + p_memsz overflows" },
		[PMDI_ELF_E_BELOW_REGION] = { "a segment lies below the region",
			"segment %1 lies below the region (p_vaddr under its virtual base)" },
		[PMDI_ELF_E_OVER_SHARED] = { "a segment lies over the shared area",
			"segment %1 lies over the shared area" },
		[PMDI_ELF_E_PAST_REGION] = { "a segment ends past the region",
			"segment %1 ends past the region" },
		[PMDI_ELF_E_OVERLAP] = { "two segments overlap", "segment %1 overlaps segment %2" },
		[PMDI_ELF_E_NO_LOAD] = { "no PT_LOAD segment", "no PT_LOAD segment" },
		[PMDI_ELF_E_ENTRY] = { "entry point outside every executable segment",
			"entry point %x1 outside every executable segment" },
		[PMDI_ELF_E_TRUNC_NOTE] = { "truncated: a note segment past the end of the file",
			"truncated: note segment %1 past the end of the file" },
		[PMDI_ELF_E_BAD_NOTE] = { "malformed note",
			"segment %1: malformed note (sizes past the segment's end)" },
		[PMDI_ELF_E_NOTE_SIZE] = { "pmdi note of the wrong size",
			"pmdi note type %1: descriptor of %2 bytes (types 1 and 3 have 4, type 2 has 8)" },
		[PMDI_ELF_E_NOTE_TWICE] = { "pmdi note given twice", "pmdi note type %1 given twice" },
		[PMDI_ELF_E_NO_NOTE] = { "no pmdi note (PT_NOTE 'PMDI' type 1 ABI version)",
			"no pmdi note (PT_NOTE 'PMDI' type 1 ABI version)" },
		[PMDI_ELF_E_ABI] = { "pmdi note: wrong ABI version",
			"pmdi note: ABI version %1, this loader speaks %2" },
		[PMDI_ELF_E_STACK] = { "pmdi note: bad stack size request",
			"pmdi note: stack size request of %1 bytes (a non-zero multiple of 4096, at most %2)" },
		[PMDI_ELF_E_TRACE] = { "pmdi note: bad trace value",
			"pmdi note: trace value %1, not 0 or 1" },
	};

	if (err < 0)
		err = -err;
	if (err >= PMDI_ELF_E_COUNT)
		return detail ? "unknown error %1" : "unknown error";
	return msg[err][detail];
}

/* The short name of an error (negative or not): never NULL. */
static inline const char *pmdi_elf_error_str(int err)
{
	return pmdi_elf_error_msg(err, 0);
}

/*
 * The message of @err naming what it is about, from @img's why[] (@img may
 * be NULL: "?" then), into @buf of @len bytes, NUL-terminated and cut to
 * fit. Returns the characters written, without the NUL.
 */
static inline pmdi_u32 pmdi_elf_describe(int err, const struct pmdi_elf_image *img, char *buf,
					 pmdi_u32 len)
{
	const char *m = pmdi_elf_error_msg(err, 1);
	pmdi_u32 n = 0;

	if (!len)
		return 0;
	for (; *m && n + 1 < len; m++) {
		int hex = m[0] == '%' && m[1] == 'x';
		char digits[20];
		pmdi_u64 v, base = hex ? 16 : 10;
		int k = 0;

		/* %1, %2: why[0], why[1] in decimal; %x1, %x2: in hex, 0x... */
		if (m[0] != '%' || (m[1 + hex] != '1' && m[1 + hex] != '2')) {
			buf[n++] = *m;
			continue;
		}
		m += 1 + hex;
		if (!img) {
			buf[n++] = '?';
			continue;
		}
		v = img->why[*m - '1'];
		do {
			digits[k++] = "0123456789abcdef"[v % base];
			v /= base;
		} while (v);
		if (hex) {
			digits[k++] = 'x';
			digits[k++] = '0';
		}
		while (k && n + 1 < len)
			buf[n++] = digits[--k];
	}
	buf[n] = 0;
	return n;
}

#endif /* PMDI_ELF_IMAGE_H */
