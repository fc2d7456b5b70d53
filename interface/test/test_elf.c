// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Host-side test of the ELF64 image validator (pmdi/elf_image.h): a good
 * image built by elf_build.h parses to the segments, entry and note it was
 * built with; each kind of bad file is refused with its own error and
 * message; every prefix of a good file is refused without reading past it
 * (the test runs under ASan in the fuzz suite's regressions too). Then the
 * real AP kernel ELF files named on the command line: as they are (the C
 * kernel has no pmdi note yet: "no pmdi note" expected), and with a pmdi note
 * patched in, when they must load with the segments their program headers
 * give.
 *
 *   test_elf [AP-KERNEL.elf...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_build.h"
#include "../../trace-format/c/host_util.h"

#define REGION	(64ull << 20)

static struct pmdi_elf_limits lim;

/* Parsed from a heap copy of exactly its size: ASan sees a read past it. */
static int parse(const struct eb *b, struct pmdi_elf_image *img)
{
	uint8_t *f = malloc(b->size ? b->size : 1);
	int rc;

	memcpy(f, b->buf, b->size);
	memset(img, 0xa5, sizeof(*img));
	rc = pmdi_elf_parse(f, b->size, &lim, img);
	free(f);
	return rc;
}

/* Refused with @err and, when @msg is given, exactly that message. */
#define REFUSED(b, err, msg) refused(b, err, msg, __LINE__)
static void refused(const struct eb *b, int err, const char *msg, int line)
{
	struct pmdi_elf_image img;
	char text[160];
	int rc = parse(b, &img);

	pmdi_elf_describe(rc, &img, text, sizeof(text));
	CHECK(rc == -err, "line %d: got %d (%s), want %d (%s)", line, rc, text, -err,
	      pmdi_elf_error_str(err));
	CHECK(img.err == rc, "line %d: out->err %d, returned %d", line, img.err, rc);
	if (msg)
		CHECK(!strcmp(text, msg), "line %d: message \"%s\", want \"%s\"", line, text, msg);
}

#define ACCEPTED(b) accepted(b, __LINE__)
static void accepted(const struct eb *b, int line)
{
	struct pmdi_elf_image img;
	char text[160];
	int rc = parse(b, &img);

	pmdi_elf_describe(rc, &img, text, sizeof(text));
	CHECK(rc == 0 && img.err == 0, "line %d: refused: %s", line, text);
}

static void set_ph(struct eb *b, unsigned int i, int field, uint64_t v)
{
	uint8_t *p = eb_ph(b, i);

	if (field < 8)
		eb_put32(p + field, (uint32_t)v);
	else
		eb_put64(p + field, v);
}

enum { PH_TYPE = 0, PH_FLAGS = 4, PH_OFFSET = 8, PH_VADDR = 16, PH_FILESZ = 32, PH_MEMSZ = 40,
	PH_ALIGN = 48 };

static void test_good(void)
{
	struct pmdi_elf_image img;
	struct eb b;
	const struct pmdi_elf_segment *s = img.seg;

	eb_good(&b);
	CHECK(parse(&b, &img) == 0, "good image refused: %s", pmdi_elf_error_str(img.err));
	CHECK(img.nr_segments == 2, "%u segments", img.nr_segments);
	CHECK(s[0].file_offset == EB_TEXT_OFF && s[0].file_size == EB_TEXT_SIZE &&
	      s[0].region_offset == PMDI_IMAGE_OFFSET + 0x200 && s[0].mem_size == EB_TEXT_SIZE &&
	      s[0].flags == (PMDI_ELF_PF_R | PMDI_ELF_PF_X) && s[0].phdr_index == 0,
	      "text segment %llx %llx %llx %llx", (unsigned long long)s[0].file_offset,
	      (unsigned long long)s[0].file_size, (unsigned long long)s[0].region_offset,
	      (unsigned long long)s[0].mem_size);
	CHECK(s[1].file_offset == EB_DATA_OFF && s[1].file_size == EB_DATA_FILESZ &&
	      s[1].region_offset == PMDI_IMAGE_OFFSET + 0x1300 && s[1].mem_size == EB_DATA_MEMSZ &&
	      s[1].flags == (PMDI_ELF_PF_R | PMDI_ELF_PF_W) && s[1].phdr_index == 1,
	      "data segment");
	CHECK(img.entry == EB_ENTRY && img.entry_offset == PMDI_IMAGE_OFFSET + 0x210, "entry");
	CHECK(img.abi_version == PMDI_ABI_VERSION && img.stack_size == EB_STACK, "note %u %llu",
	      img.abi_version, (unsigned long long)img.stack_size);
	CHECK(img.image_start == PMDI_IMAGE_OFFSET + 0x200 &&
	      img.image_end == PMDI_IMAGE_OFFSET + 0x1300 + EB_DATA_MEMSZ, "image extent");
	CHECK(img.traces == 0 && img.build_id_offset == 0 && img.build_id_size == 0,
	      "no trace note, no build id: %u %llu %u", img.traces,
	      (unsigned long long)img.build_id_offset, img.build_id_size);
}

static void test_header(void)
{
	struct eb b, g;

	eb_good(&g);
	b = g;
	b.size = 0;
	REFUSED(&b, PMDI_ELF_E_TRUNC_EHDR, "truncated: shorter than the 64-byte ELF64 header");
	b.size = 63;
	REFUSED(&b, PMDI_ELF_E_TRUNC_EHDR, NULL);
	b = g;
	b.buf[1] = 'e';
	REFUSED(&b, PMDI_ELF_E_MAGIC, NULL);
	b = g;
	b.buf[4] = 1;
	REFUSED(&b, PMDI_ELF_E_CLASS, "not ELF64 (EI_CLASS 1, ELF64 is 2)");
	b = g;
	b.buf[5] = 2;
	REFUSED(&b, PMDI_ELF_E_DATA, "not little-endian (EI_DATA 2, little-endian is 1)");
	b = g;
	b.buf[6] = 0;
	REFUSED(&b, PMDI_ELF_E_VERSION, NULL);
	b = g;
	eb_put32(b.buf + 20, 2);
	REFUSED(&b, PMDI_ELF_E_VERSION, "ELF version 2, not 1 (EV_CURRENT)");
	b = g;
	eb_put16(b.buf + 16, PMDI_ELF_ET_DYN);
	REFUSED(&b, PMDI_ELF_E_DYN,
		"ET_DYN (position-independent) images are refused: link ET_EXEC at PMDI_AP_KVBASE + 0x200000");
	b = g;
	eb_put16(b.buf + 16, 1);	/* ET_REL */
	REFUSED(&b, PMDI_ELF_E_TYPE, "not an ELF executable (e_type 1, ET_EXEC is 2)");
	b = g;
	eb_put16(b.buf + 18, 3);	/* EM_386 */
	REFUSED(&b, PMDI_ELF_E_MACHINE, "not x86-64 (e_machine 3, EM_X86_64 is 62)");
	b = g;
	eb_put16(b.buf + 52, 52);
	REFUSED(&b, PMDI_ELF_E_EHSIZE, "ELF header size 52, ELF64's is 64");
	b = g;
	eb_put16(b.buf + 54, 32);	/* ELF32's */
	REFUSED(&b, PMDI_ELF_E_PHENTSIZE, "program header size 32, ELF64's is 56");
	b = g;
	eb_put16(b.buf + 54, 64);
	REFUSED(&b, PMDI_ELF_E_PHENTSIZE, NULL);
	b = g;
	eb_put16(b.buf + 56, 0);
	REFUSED(&b, PMDI_ELF_E_NO_PHDRS, "no program headers (e_phnum 0)");
	b = g;
	eb_put16(b.buf + 56, 65);
	REFUSED(&b, PMDI_ELF_E_TOO_MANY_PHDRS, "65 program headers, at most 64");
	b = g;
	eb_put16(b.buf + 56, 0xffff);	/* PN_XNUM */
	REFUSED(&b, PMDI_ELF_E_TOO_MANY_PHDRS, NULL);
	/* e_phnum 64 fits the limit but not this file. */
	b = g;
	eb_put16(b.buf + 56, 64);
	REFUSED(&b, PMDI_ELF_E_TRUNC_PHDRS, "truncated: program headers past the end of the file");
	b = g;
	eb_put64(b.buf + 32, b.size - 4 * 56 + 1);
	REFUSED(&b, PMDI_ELF_E_TRUNC_PHDRS, NULL);
	b = g;
	eb_put64(b.buf + 32, ~0ull - 16);	/* e_phoff + table wraps */
	REFUSED(&b, PMDI_ELF_E_TRUNC_PHDRS, NULL);
	/* Program headers at the very end of the file, unaligned: fine. */
	b = g;
	memcpy(b.buf + b.size + 3, b.buf + 64, 4 * 56);
	eb_put64(b.buf + 32, b.size + 3);
	b.size += 3 + 4 * 56;
	ACCEPTED(&b);
}

static void test_segments(void)
{
	struct pmdi_elf_limits saved = lim;
	struct pmdi_elf_image img;
	struct eb b, g;
	unsigned int i;

	eb_good(&g);
	b = g;
	set_ph(&b, EB_SEG_STACK, PH_TYPE, PMDI_ELF_PT_INTERP);
	REFUSED(&b, PMDI_ELF_E_DYNAMIC,
		"segment 3 is PT_INTERP or PT_DYNAMIC: dynamically linked images are refused");
	b = g;
	set_ph(&b, EB_SEG_STACK, PH_TYPE, PMDI_ELF_PT_DYNAMIC);
	REFUSED(&b, PMDI_ELF_E_DYNAMIC, NULL);

	b = g;
	set_ph(&b, EB_SEG_DATA, PH_FILESZ, EB_DATA_MEMSZ + 1);
	REFUSED(&b, PMDI_ELF_E_FILESZ, "segment 1: p_filesz larger than p_memsz");
	/* p_offset + p_filesz one past the end; then wrapping around. */
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_FILESZ, b.size - EB_DATA_OFF + 1);
	REFUSED(&b, PMDI_ELF_E_TRUNC_SEGMENT, "truncated: segment 1's bytes past the end of the file");
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_FILESZ, b.size - EB_DATA_OFF);
	ACCEPTED(&b);
	b = g;
	set_ph(&b, EB_SEG_TEXT, PH_OFFSET, ~0ull - 0xff);	/* still == vaddr mod 4096 */
	REFUSED(&b, PMDI_ELF_E_TRUNC_SEGMENT, NULL);
	/* A pure bss segment may have any p_offset; it is reported as 0. */
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_FILESZ, 0);
	set_ph(&b, EB_SEG_DATA, PH_OFFSET, 0x7fff300);
	CHECK(parse(&b, &img) == 0 && img.seg[1].file_offset == 0 && img.seg[1].file_size == 0,
	      "bss-only segment");

	b = g;
	set_ph(&b, EB_SEG_DATA, PH_OFFSET, EB_DATA_OFF + 8);
	set_ph(&b, EB_SEG_DATA, PH_FILESZ, 8);
	REFUSED(&b, PMDI_ELF_E_ALIGN,
		"segment 1: p_align not a power of two, or p_offset and p_vaddr differ modulo p_align");
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_ALIGN, 0x300);
	REFUSED(&b, PMDI_ELF_E_ALIGN, NULL);
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_OFFSET, EB_DATA_OFF + 8);
	set_ph(&b, EB_SEG_DATA, PH_FILESZ, 8);
	set_ph(&b, EB_SEG_DATA, PH_ALIGN, 8);
	ACCEPTED(&b);
	set_ph(&b, EB_SEG_DATA, PH_ALIGN, 1);
	ACCEPTED(&b);
	set_ph(&b, EB_SEG_DATA, PH_ALIGN, 0);
	ACCEPTED(&b);

	b = g;
	set_ph(&b, EB_SEG_DATA, PH_VADDR, ~0ull - 0xfff);
	set_ph(&b, EB_SEG_DATA, PH_OFFSET, 0);
	set_ph(&b, EB_SEG_DATA, PH_FILESZ, 0);
	REFUSED(&b, PMDI_ELF_E_ADDR_OVERFLOW, "segment 1: p_vaddr + p_memsz overflows");
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_VADDR, 0x401300);
	REFUSED(&b, PMDI_ELF_E_BELOW_REGION,
		"segment 1 lies below the region (p_vaddr under its virtual base)");
	b = g;
	set_ph(&b, EB_SEG_TEXT, PH_VADDR, EB_TEXT_VADDR - 0x1000);
	eb_put64(b.buf + 24, EB_ENTRY - 0x1000);
	REFUSED(&b, PMDI_ELF_E_OVER_SHARED, "segment 0 lies over the shared area");
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_VADDR, PMDI_AP_KVBASE + 0x300);	/* the control block */
	REFUSED(&b, PMDI_ELF_E_OVER_SHARED, "segment 1 lies over the shared area");
	/* Starting exactly at the image offset is fine. */
	b = g;
	set_ph(&b, EB_SEG_TEXT, PH_VADDR, EB_BASE);
	set_ph(&b, EB_SEG_TEXT, PH_ALIGN, 0x100);
	eb_put64(b.buf + 24, EB_BASE);
	ACCEPTED(&b);
	/* Ending exactly at the region's end is fine, one byte more is not. */
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_MEMSZ, REGION - PMDI_IMAGE_OFFSET - 0x1300);
	set_ph(&b, EB_SEG_NOTE, PH_FILESZ, 24);	/* no stack request: no room left */
	ACCEPTED(&b);
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_MEMSZ, REGION - PMDI_IMAGE_OFFSET - 0x1300 + 1);
	REFUSED(&b, PMDI_ELF_E_PAST_REGION, "segment 1 ends past the region");
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_VADDR, PMDI_AP_KVBASE + REGION + 0x300);
	REFUSED(&b, PMDI_ELF_E_PAST_REGION, NULL);

	/* Overlap, either way round; touching is fine. */
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_VADDR, EB_TEXT_VADDR + EB_TEXT_SIZE - 1);
	set_ph(&b, EB_SEG_DATA, PH_ALIGN, 0);
	REFUSED(&b, PMDI_ELF_E_OVERLAP, "segment 1 overlaps segment 0");
	set_ph(&b, EB_SEG_DATA, PH_VADDR, EB_TEXT_VADDR + EB_TEXT_SIZE);
	ACCEPTED(&b);
	set_ph(&b, EB_SEG_DATA, PH_VADDR, EB_TEXT_VADDR + 0x20);	/* inside */
	REFUSED(&b, PMDI_ELF_E_OVERLAP, NULL);
	set_ph(&b, EB_SEG_DATA, PH_VADDR, EB_TEXT_VADDR - 0x10);	/* around */
	REFUSED(&b, PMDI_ELF_E_OVERLAP, NULL);
	b = g;
	set_ph(&b, EB_SEG_TEXT, PH_ALIGN, 0);
	set_ph(&b, EB_SEG_TEXT, PH_VADDR, EB_DATA_VADDR + EB_DATA_MEMSZ);	/* after data */
	eb_put64(b.buf + 24, EB_DATA_VADDR + EB_DATA_MEMSZ);
	ACCEPTED(&b);
	set_ph(&b, EB_SEG_TEXT, PH_VADDR, EB_DATA_VADDR + EB_DATA_MEMSZ - 1);
	eb_put64(b.buf + 24, EB_DATA_VADDR + EB_DATA_MEMSZ - 1);
	REFUSED(&b, PMDI_ELF_E_OVERLAP, "segment 1 overlaps segment 0");
	b = g;
	eb_phdr(&b, PMDI_ELF_PT_LOAD, PMDI_ELF_PF_R, EB_TEXT_OFF, EB_TEXT_VADDR + 0x2000000, 0x10,
		EB_DATA_MEMSZ, 0);
	ACCEPTED(&b);
	set_ph(&b, 4, PH_VADDR, EB_DATA_VADDR + EB_DATA_MEMSZ - 1);
	REFUSED(&b, PMDI_ELF_E_OVERLAP, "segment 4 overlaps segment 1");
	/* An empty PT_LOAD is skipped, wherever it says it is. */
	set_ph(&b, 4, PH_FILESZ, 0);
	set_ph(&b, 4, PH_MEMSZ, 0);
	set_ph(&b, 4, PH_VADDR, 0x1000);
	CHECK(parse(&b, &img) == 0 && img.nr_segments == 2, "empty PT_LOAD");

	/* Segment count: the caller's limit, then the struct's. */
	lim.max_segments = 1;
	REFUSED(&g, PMDI_ELF_E_TOO_MANY_SEGMENTS, "segment 1: more than 1 PT_LOAD segments");
	lim = saved;
	eb_init(&b, EB_BASE + 0x610);
	for (i = 0; i < PMDI_ELF_MAX_SEGMENTS; i++)
		eb_phdr(&b, PMDI_ELF_PT_LOAD, PMDI_ELF_PF_R | PMDI_ELF_PF_X, 0x600,
			EB_BASE + 0x600 + i * 0x1000, 0x40, 0x1000, 0x1000);
	eb_phdr(&b, PMDI_ELF_PT_NOTE, 0, 0x500, 0, eb_note_abi(&b, 0x500, 1), 0, 4);
	eb_fill(&b, 0x600, 0x40, 1);
	CHECK(parse(&b, &img) == 0 && img.nr_segments == PMDI_ELF_MAX_SEGMENTS,
	      "%u segments: %s", PMDI_ELF_MAX_SEGMENTS, pmdi_elf_error_str(img.err));
	eb_phdr(&b, PMDI_ELF_PT_LOAD, PMDI_ELF_PF_R, 0, EB_BASE + 0x100000, 0, 0x100, 0);
	REFUSED(&b, PMDI_ELF_E_TOO_MANY_SEGMENTS, "segment 17: more than 16 PT_LOAD segments");

	b = g;
	set_ph(&b, EB_SEG_TEXT, PH_TYPE, 0);
	set_ph(&b, EB_SEG_DATA, PH_TYPE, 0x60000000);	/* an OS-specific type: ignored */
	REFUSED(&b, PMDI_ELF_E_NO_LOAD, "no PT_LOAD segment");
}

static void test_entry(void)
{
	struct eb b, g;

	eb_good(&g);
	b = g;
	eb_put64(b.buf + 24, EB_DATA_VADDR);	/* not executable */
	REFUSED(&b, PMDI_ELF_E_ENTRY,
		"entry point 0xffffffff80201300 outside every executable segment");
	eb_put64(b.buf + 24, 0);
	REFUSED(&b, PMDI_ELF_E_ENTRY, "entry point 0x0 outside every executable segment");
	eb_put64(b.buf + 24, EB_TEXT_VADDR + EB_TEXT_SIZE);	/* one past the end */
	REFUSED(&b, PMDI_ELF_E_ENTRY, NULL);
	eb_put64(b.buf + 24, EB_TEXT_VADDR + EB_TEXT_SIZE - 1);
	ACCEPTED(&b);
	eb_put64(b.buf + 24, EB_TEXT_VADDR);
	ACCEPTED(&b);
	eb_put64(b.buf + 24, EB_TEXT_VADDR - 1);
	REFUSED(&b, PMDI_ELF_E_ENTRY, NULL);
	/* In an executable segment's zero-filled part: nothing to run there. */
	b = g;
	set_ph(&b, EB_SEG_TEXT, PH_MEMSZ, 0x1000);
	eb_put64(b.buf + 24, EB_TEXT_VADDR + EB_TEXT_SIZE + 0x10);
	REFUSED(&b, PMDI_ELF_E_ENTRY, NULL);
	/* The data segment made executable: then the entry may be there. */
	b = g;
	set_ph(&b, EB_SEG_DATA, PH_FLAGS, PMDI_ELF_PF_R | PMDI_ELF_PF_X);
	eb_put64(b.buf + 24, EB_DATA_VADDR + 4);
	ACCEPTED(&b);
}

/* The good image with the note segment replaced by @len bytes at @off. */
static void with_notes(struct eb *b, size_t off, size_t len, uint64_t align)
{
	set_ph(b, EB_SEG_NOTE, PH_OFFSET, off);
	set_ph(b, EB_SEG_NOTE, PH_FILESZ, len);
	set_ph(b, EB_SEG_NOTE, PH_MEMSZ, len);
	set_ph(b, EB_SEG_NOTE, PH_ALIGN, align);
}

/* The trace note (type 3): absent 0, 0 or 1, nothing else, once, 4 bytes. */
static void test_trace_note(const struct eb *g, size_t at)
{
	struct pmdi_elf_image img;
	struct eb b = *g;
	uint8_t v[8] = { 1 };
	size_t n;
	uint32_t t;

	for (t = 0; t <= 1; t++) {
		n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
		n += eb_note_trace(&b, at + n, t);
		with_notes(&b, at, n, 4);
		CHECK(parse(&b, &img) == 0 && img.traces == t, "trace note %u: rc %d traces %u", t,
		      img.err, img.traces);
	}
	/* before the ABI note works the same */
	n = eb_note_trace(&b, at, 1);
	n += eb_note_abi(&b, at + n, PMDI_ABI_VERSION);
	with_notes(&b, at, n, 4);
	CHECK(parse(&b, &img) == 0 && img.traces == 1, "trace note first: %d", img.err);
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note_trace(&b, at + n, 2);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_TRACE, "pmdi note: trace value 2, not 0 or 1");
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note_trace(&b, at + n, 0xffffffffu);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_TRACE, "pmdi note: trace value 4294967295, not 0 or 1");
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note(&b, at + n, "PMDI", 5, PMDI_ELF_NOTE_TRACE, v, 8, 4);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NOTE_SIZE,
		"pmdi note type 3: descriptor of 8 bytes (types 1 and 3 have 4, type 2 has 8)");
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note_trace(&b, at + n, 1);
	n += eb_note_trace(&b, at + n, 1);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NOTE_TWICE, "pmdi note type 3 given twice");
	/* a refused image reports no trace value of its own making */
	n = eb_note_trace(&b, at, 1);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NO_NOTE, NULL);
}

/* A GNU build id note: found where it is, the first sensible one only. */
static void test_build_id(const struct eb *g, size_t at)
{
	struct pmdi_elf_image img;
	struct eb b = *g;
	uint8_t id[80];
	size_t n, first;
	unsigned int i;

	for (i = 0; i < sizeof(id); i++)
		id[i] = (uint8_t)(0xc0 + i);
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	first = at + n + 16;	/* 12-byte header + "GNU\0" */
	n += eb_note(&b, at + n, "GNU", 4, PMDI_ELF_NT_GNU_BUILD_ID, id, 20, 4);
	n += eb_note(&b, at + n, "GNU", 4, PMDI_ELF_NT_GNU_BUILD_ID, id + 1, 8, 4);
	with_notes(&b, at, n, 4);
	CHECK(parse(&b, &img) == 0 && img.build_id_offset == first && img.build_id_size == 20,
	      "build id at %llu (%u bytes), want %zu (20)", (unsigned long long)img.build_id_offset,
	      img.build_id_size, first);
	CHECK(!memcmp(b.buf + img.build_id_offset, id, 20), "build id bytes");
	/* too long (65 bytes) or empty: ignored, the next one is taken */
	n = eb_note(&b, at, "GNU", 4, PMDI_ELF_NT_GNU_BUILD_ID, id, PMDI_ELF_BUILD_ID_MAX + 1, 4);
	n += eb_note(&b, at + n, "GNU", 4, PMDI_ELF_NT_GNU_BUILD_ID, id, 0, 4);
	first = at + n + 16;
	n += eb_note(&b, at + n, "GNU", 4, PMDI_ELF_NT_GNU_BUILD_ID, id + 3, PMDI_ELF_BUILD_ID_MAX, 4);
	n += eb_note_abi(&b, at + n, PMDI_ABI_VERSION);
	with_notes(&b, at, n, 4);
	CHECK(parse(&b, &img) == 0 && img.build_id_offset == first &&
	      img.build_id_size == PMDI_ELF_BUILD_ID_MAX, "64-byte build id after ignored ones");
	/* another GNU type, or a build id type under another name: not a build id */
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note(&b, at + n, "GNU", 4, 5, id, 16, 4);
	n += eb_note(&b, at + n, "GNX", 4, PMDI_ELF_NT_GNU_BUILD_ID, id, 16, 4);
	with_notes(&b, at, n, 4);
	CHECK(parse(&b, &img) == 0 && img.build_id_size == 0 && img.build_id_offset == 0,
	      "no build id");
}

static void test_notes(void)
{
	struct pmdi_elf_image img;
	struct eb b, g;
	uint8_t v[16] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	size_t n, at = 0x400;

	eb_good(&g);
	b = g;
	set_ph(&b, EB_SEG_NOTE, PH_TYPE, 0);
	REFUSED(&b, PMDI_ELF_E_NO_NOTE, "no pmdi note (PT_NOTE 'PMDI' type 1 ABI version)");
	/* Notes that are not the pmdi ABI note. */
	b = g;
	n = eb_note(&b, at, "GNU", 4, PMDI_ELF_NOTE_ABI, v, 4, 4);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NO_NOTE, NULL);
	n = eb_note(&b, at, "PMDI", 4, PMDI_ELF_NOTE_ABI, v, 4, 4);	/* no NUL */
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NO_NOTE, NULL);
	n = eb_note_stack(&b, at, 0x4000);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NO_NOTE, NULL);
	b = g;
	set_ph(&b, EB_SEG_NOTE, PH_FILESZ, 0);
	REFUSED(&b, PMDI_ELF_E_NO_NOTE, NULL);

	b = g;
	n = eb_note_abi(&b, at, 7);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_ABI, "pmdi note: ABI version 7, this loader speaks 1");
	/* The ABI note only, no stack request: accepted, stack_size 0. */
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	with_notes(&b, at, n, 4);
	CHECK(parse(&b, &img) == 0 && img.stack_size == 0 && img.abi_version == 1, "ABI note only");
	/* Unknown pmdi types and other owners' notes around it are ignored. */
	n = eb_note(&b, at, "PMDI", 5, 4, v, 3, 4);
	n += eb_note(&b, at + n, "GNU", 4, 3, v, 16, 4);
	n += eb_note_abi(&b, at + n, PMDI_ABI_VERSION);
	n += eb_note(&b, at + n, "PMDI", 5, 99, v, 0, 4);
	with_notes(&b, at, n, 4);
	ACCEPTED(&b);
	/* The last descriptor without its padding. */
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note(&b, at + n, "XY", 3, 1, v, 1, 4);
	with_notes(&b, at, n - 3, 4);
	ACCEPTED(&b);
	with_notes(&b, at, n - 4, 4);	/* cut into the descriptor */
	REFUSED(&b, PMDI_ELF_E_BAD_NOTE, "segment 2: malformed note (sizes past the segment's end)");
	/* 8-byte aligned notes (p_align 8, as .note.gnu.property). */
	b = g;
	n = eb_note(&b, at, "GNU", 4, 5, v, 16, 8);
	eb_put32(v + 8, PMDI_ABI_VERSION);
	n += eb_note(&b, at + n, "PMDI", 5, PMDI_ELF_NOTE_ABI, v + 8, 4, 8);
	with_notes(&b, at, n, 8);
	CHECK(parse(&b, &img) == 0 && img.abi_version == PMDI_ABI_VERSION, "8-aligned notes: %s",
	      pmdi_elf_error_str(img.err));
	with_notes(&b, at, n, 4);	/* read 4-aligned, they do not parse */
	CHECK(parse(&b, &img) != 0, "8-aligned notes read 4-aligned");

	/* Malformed: sizes past the segment, a stub shorter than a header. */
	b = g;
	eb_put32(b.buf + EB_NOTE_OFF, 0xffffffff);	/* namesz */
	REFUSED(&b, PMDI_ELF_E_BAD_NOTE, "segment 2: malformed note (sizes past the segment's end)");
	b = g;
	eb_put32(b.buf + EB_NOTE_OFF + 4, 0xfffffffc);	/* descsz */
	REFUSED(&b, PMDI_ELF_E_BAD_NOTE, NULL);
	b = g;
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	memset(b.buf + at + n, 0, 11);
	b.size = at + n + 11;	/* a stub at the end of the file */
	with_notes(&b, at, n + 11, 4);
	REFUSED(&b, PMDI_ELF_E_BAD_NOTE, NULL);
	b = g;
	set_ph(&b, EB_SEG_NOTE, PH_FILESZ, b.size - EB_NOTE_OFF + 1);
	REFUSED(&b, PMDI_ELF_E_TRUNC_NOTE, "truncated: note segment 2 past the end of the file");
	b = g;
	set_ph(&b, EB_SEG_NOTE, PH_OFFSET, ~0ull - 8);
	REFUSED(&b, PMDI_ELF_E_TRUNC_NOTE, NULL);
	/* An empty PT_NOTE besides the real one: nothing to read, wherever it is. */
	b = g;
	set_ph(&b, EB_SEG_STACK, PH_TYPE, PMDI_ELF_PT_NOTE);
	set_ph(&b, EB_SEG_STACK, PH_OFFSET, ~0ull - 8);
	ACCEPTED(&b);

	/* Wrong descriptor sizes, a note twice (also across two PT_NOTEs). */
	b = g;
	n = eb_note(&b, at, "PMDI", 5, PMDI_ELF_NOTE_ABI, v, 8, 4);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NOTE_SIZE,
		"pmdi note type 1: descriptor of 8 bytes (types 1 and 3 have 4, type 2 has 8)");
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note(&b, at + n, "PMDI", 5, PMDI_ELF_NOTE_STACK, v, 4, 4);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NOTE_SIZE, NULL);
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note_abi(&b, at + n, PMDI_ABI_VERSION);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_NOTE_TWICE, "pmdi note type 1 given twice");
	b = g;
	set_ph(&b, EB_SEG_STACK, PH_TYPE, PMDI_ELF_PT_NOTE);
	set_ph(&b, EB_SEG_STACK, PH_OFFSET, EB_NOTE_OFF + 24);	/* the stack note again */
	set_ph(&b, EB_SEG_STACK, PH_FILESZ, 28);
	REFUSED(&b, PMDI_ELF_E_NOTE_TWICE, "pmdi note type 2 given twice");

	test_trace_note(&g, at);
	test_build_id(&g, at);

	/* Stack requests: page multiples that fit above the image. */
	b = g;
	n = eb_note_abi(&b, at, PMDI_ABI_VERSION);
	n += eb_note_stack(&b, at + n, 0);
	with_notes(&b, at, n, 4);
	REFUSED(&b, PMDI_ELF_E_STACK,
		"pmdi note: stack size request of 0 bytes (a non-zero multiple of 4096, at most 64998656)");
	eb_put64(b.buf + at + 24 + 20, 0x1001);
	REFUSED(&b, PMDI_ELF_E_STACK, NULL);
	/* The room above the image (64998656 bytes) rounded down to 4 KiB. */
	eb_put64(b.buf + at + 24 + 20, 64998656 & ~0xfffull);
	ACCEPTED(&b);
	eb_put64(b.buf + at + 24 + 20, (64998656 & ~0xfffull) + 0x1000);
	REFUSED(&b, PMDI_ELF_E_STACK, NULL);
}

/* Every prefix of a good file is refused (its note is last). */
static void test_prefixes(void)
{
	struct pmdi_elf_image img;
	struct eb g;
	size_t len;

	eb_good(&g);
	for (len = 0; len < g.size; len++) {
		/* Exactly @len bytes on the heap: ASan sees any read past them. */
		uint8_t *f = malloc(len ? len : 1);
		int rc;

		memcpy(f, g.buf, len);
		rc = pmdi_elf_parse(f, len, &lim, &img);
		CHECK(rc < 0, "prefix of %zu bytes accepted", len);
		if (len < 64)
			CHECK(rc == -PMDI_ELF_E_TRUNC_EHDR, "prefix %zu: %d", len, rc);
		else if (len < 64 + 4 * 56)
			CHECK(rc == -PMDI_ELF_E_TRUNC_PHDRS, "prefix %zu: %d", len, rc);
		free(f);
	}
}

static void test_api(void)
{
	struct pmdi_elf_limits bad = lim;
	struct pmdi_elf_image img;
	char s[8];
	struct eb g;
	int e, k;

	eb_good(&g);
	bad.max_segments = 0;
	CHECK(pmdi_elf_parse(g.buf, g.size, &bad, &img) == -PMDI_ELF_E_LIMITS, "max_segments 0");
	bad.max_segments = PMDI_ELF_MAX_SEGMENTS + 1;
	CHECK(pmdi_elf_parse(g.buf, g.size, &bad, &img) == -PMDI_ELF_E_LIMITS, "max_segments 17");
	bad = lim;
	bad.image_offset = bad.region_size;
	CHECK(pmdi_elf_parse(g.buf, g.size, &bad, &img) == -PMDI_ELF_E_LIMITS, "image offset");

	/* Every error has its own short name and message. */
	for (e = 1; e < PMDI_ELF_E_COUNT; e++) {
		CHECK(pmdi_elf_error_str(-e) == pmdi_elf_error_str(e) && *pmdi_elf_error_str(e),
		      "error %d", e);
		for (k = 1; k < e; k++)
			CHECK(strcmp(pmdi_elf_error_str(e), pmdi_elf_error_str(k)) &&
			      strcmp(pmdi_elf_error_msg(e, 1), pmdi_elf_error_msg(k, 1)),
			      "errors %d and %d read the same", e, k);
	}
	CHECK(!strcmp(pmdi_elf_error_str(-PMDI_ELF_E_COUNT), "unknown error"), "unknown error");
	CHECK(!strcmp(pmdi_elf_error_str(0), "ok"), "ok");

	/* describe(): cut to fit, always terminated, "?" without an image. */
	img.why[0] = 12345;
	img.why[1] = 0;
	CHECK(pmdi_elf_describe(-PMDI_ELF_E_OVERLAP, &img, s, sizeof(s)) == 7 &&
	      !strcmp(s, "segment"), "cut: \"%s\"", s);
	CHECK(pmdi_elf_describe(-PMDI_ELF_E_OVERLAP, &img, s, 1) == 0 && !s[0], "one byte");
	s[0] = 'z';
	CHECK(pmdi_elf_describe(-PMDI_ELF_E_OVERLAP, &img, s, 0) == 0 && s[0] == 'z', "no byte");
	{
		char t[64];

		pmdi_elf_describe(-PMDI_ELF_E_OVERLAP, NULL, t, sizeof(t));
		CHECK(!strcmp(t, "segment ? overlaps segment ?"), "\"%s\"", t);
		pmdi_elf_describe(-PMDI_ELF_E_OVERLAP, &img, t, 12);
		CHECK(!strcmp(t, "segment 123"), "number cut: \"%s\"", t);
		img.why[0] = ~0ull;
		pmdi_elf_describe(-PMDI_ELF_E_ENTRY, &img, t, sizeof(t));
		CHECK(!strncmp(t, "entry point 0xffffffffffffffff outside", 38), "\"%s\"", t);
	}
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 4096);
	if (fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* The PT_LOADs of a real file's program headers are exactly @img's segments. */
static void check_loads(const char *path, const uint8_t *f, const struct pmdi_elf_image *img)
{
	unsigned int i, loads = 0, phnum = (unsigned int)eb_get(f + 56, 2);
	const uint8_t *ph = f + eb_get(f + 32, 8);

	for (i = 0; i < phnum; i++) {
		const uint8_t *p = ph + i * 56;
		const struct pmdi_elf_segment *s = &img->seg[loads];

		if (eb_get(p, 4) != PMDI_ELF_PT_LOAD || !eb_get(p + 40, 8))
			continue;
		CHECK(loads < img->nr_segments && s->phdr_index == i &&
		      s->region_offset == eb_get(p + 16, 8) - PMDI_AP_KVBASE &&
		      s->file_offset == eb_get(p + 8, 8) && s->file_size == eb_get(p + 32, 8) &&
		      s->mem_size == eb_get(p + 40, 8) && s->flags == eb_get(p + 4, 4),
		      "%s: segment %u", path, i);
		loads++;
	}
	CHECK(loads == img->nr_segments, "%s: %u PT_LOADs, %u segments", path, loads,
	      img->nr_segments);
	CHECK(img->seg[0].region_offset == PMDI_IMAGE_OFFSET, "%s: not linked at the image", path);
	CHECK(img->entry == eb_get(f + 24, 8), "%s: entry", path);
	CHECK(img->abi_version == PMDI_ABI_VERSION, "%s: ABI version %u", path, img->abi_version);
}

/*
 * A real AP kernel ELF. One built from this tree carries its pmdi note
 * (header.S) and is accepted as it is. An older one (samples/pmdi-ap.elf,
 * kept for the ap-fault sample's symbols) has none: refused for that; then,
 * with a pmdi note appended and its PT_GNU_STACK turned into a PT_NOTE over
 * it, accepted. Either way with the PT_LOADs its program headers give, the
 * first at the image offset (linker.ld links the kernel there).
 */
static void test_real(const char *path, int built)
{
	struct pmdi_elf_image img;
	uint8_t *f, *ph;
	size_t size, n;
	unsigned int i, phnum, stack = ~0u;
	struct eb note;
	int rc;

	f = read_file(path, &size);
	CHECK(f, "%s: cannot read", path);
	if (!f)
		return;
	rc = pmdi_elf_parse(f, size, &lim, &img);
	if (rc == 0) {
		check_loads(path, f, &img);
		/* the C kernel writes its trace ring and is linked with --build-id=sha1 */
		CHECK(!built || (img.traces == 1 && img.build_id_size == 20),
		      "%s: traces %u, build id of %u bytes; want 1 and 20", path, img.traces,
		      img.build_id_size);
		printf("test_elf: %s: carries its pmdi note: %u segments, %llu KiB, entry +0x%llx\n",
		       path, img.nr_segments,
		       (unsigned long long)(img.image_end - img.image_start) >> 10,
		       (unsigned long long)img.entry_offset);
		free(f);
		return;
	}
	CHECK(!built, "%s: built from this tree, yet refused: %s", path, pmdi_elf_error_str(rc));
	CHECK(rc == -PMDI_ELF_E_NO_NOTE, "%s as built: %s, want accepted or \"no pmdi note\"", path,
	      pmdi_elf_error_str(rc));

	phnum = (unsigned int)eb_get(f + 56, 2);
	ph = f + eb_get(f + 32, 8);
	for (i = 0; i < phnum; i++)
		if (eb_get(ph + i * 56, 4) == 0x6474e551)	/* PT_GNU_STACK */
			stack = i;
	CHECK(stack != ~0u, "%s: no PT_GNU_STACK to turn into a note", path);
	if (stack == ~0u) {
		free(f);
		return;
	}
	eb_init(&note, 0);
	n = eb_note_abi(&note, 0, PMDI_ABI_VERSION);
	memcpy(f + size, note.buf, n);
	eb_put32(ph + stack * 56, PMDI_ELF_PT_NOTE);
	eb_put64(ph + stack * 56 + 8, size);
	eb_put64(ph + stack * 56 + 32, n);
	eb_put64(ph + stack * 56 + 48, 4);
	rc = pmdi_elf_parse(f, size + n, &lim, &img);
	CHECK(rc == 0, "%s with a pmdi note: %s", path, pmdi_elf_error_str(rc));
	if (rc == 0) {
		check_loads(path, f, &img);
		printf("test_elf: %s: %u segments, %llu KiB, entry +0x%llx; without a note: %s\n",
		       path, img.nr_segments,
		       (unsigned long long)(img.image_end - img.image_start) >> 10,
		       (unsigned long long)img.entry_offset,
		       pmdi_elf_error_str(-PMDI_ELF_E_NO_NOTE));
	}
	free(f);
}

int main(int argc, char **argv)
{
	int i, built = 0;

	pmdi_elf_limits_default(&lim, REGION);
	test_good();
	test_header();
	test_segments();
	test_entry();
	test_notes();
	test_prefixes();
	test_api();
	/* --built: the files after it come from this tree's build and must carry the note */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--built"))
			built = 1;
		else
			test_real(argv[i], built);
	}
	printf("test_elf: %s\n", host_failures ? "FAILED" : "ok");
	return host_failures ? 1 : 0;
}
