/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * A tiny builder of ELF64 files for the tests and the fuzzer's seeds of
 * pmdi/elf_image.h: an ELF header, program headers right after it, bytes
 * and notes wherever the caller puts them. Host code (libc).
 *
 * eb_good() builds the reference AP kernel: a text segment (R X), a data
 * segment with bss (RW), a PT_NOTE with the pmdi ABI note and a stack
 * request, and a PT_GNU_STACK, in a file of under 1 KiB.
 */
#ifndef PMDI_ELF_BUILD_H
#define PMDI_ELF_BUILD_H

#include <stdint.h>
#include <string.h>

#include <pmdi/elf_image.h>

#define EB_MAX		8192
#define EB_MAX_PHDRS	24

struct eb {
	uint8_t buf[EB_MAX];
	size_t size;		/* bytes of the file */
	unsigned int nph;
};

static inline void eb_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void eb_put32(uint8_t *p, uint32_t v)
{
	eb_put16(p, (uint16_t)v);
	eb_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void eb_put64(uint8_t *p, uint64_t v)
{
	eb_put32(p, (uint32_t)v);
	eb_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint64_t eb_get(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static inline void eb_grow(struct eb *b, size_t end)
{
	if (end > b->size)
		b->size = end;
}

/* An ELF64 x86-64 ET_EXEC header, program headers at 64, none yet. */
static inline void eb_init(struct eb *b, uint64_t entry)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->buf, "\177ELF", 4);
	b->buf[4] = 2;			/* ELFCLASS64 */
	b->buf[5] = 1;			/* ELFDATA2LSB */
	b->buf[6] = 1;			/* EV_CURRENT */
	eb_put16(b->buf + 16, PMDI_ELF_ET_EXEC);
	eb_put16(b->buf + 18, PMDI_ELF_EM_X86_64);
	eb_put32(b->buf + 20, 1);
	eb_put64(b->buf + 24, entry);
	eb_put64(b->buf + 32, 64);	/* e_phoff */
	eb_put16(b->buf + 52, 64);	/* e_ehsize */
	eb_put16(b->buf + 54, 56);	/* e_phentsize */
	eb_put16(b->buf + 58, 64);	/* e_shentsize, no sections */
	b->size = 64;
}

/* Where program header @i is (e_phoff may have been moved). */
static inline uint8_t *eb_ph(struct eb *b, unsigned int i)
{
	return b->buf + eb_get(b->buf + 32, 8) + (uint64_t)i * 56;
}

/* Appends a program header; returns its index. */
static inline unsigned int eb_phdr(struct eb *b, uint32_t type, uint32_t flags, uint64_t offset,
				   uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
	unsigned int i = b->nph++;
	uint8_t *p = b->buf + 64 + i * 56;

	eb_put32(p, type);
	eb_put32(p + 4, flags);
	eb_put64(p + 8, offset);
	eb_put64(p + 16, vaddr);
	eb_put64(p + 24, vaddr);	/* p_paddr */
	eb_put64(p + 32, filesz);
	eb_put64(p + 40, memsz);
	eb_put64(p + 48, align);
	eb_put16(b->buf + 56, (uint16_t)b->nph);
	eb_grow(b, 64 + b->nph * 56);
	return i;
}

/* @len bytes of a recognisable pattern at @off. */
static inline void eb_fill(struct eb *b, size_t off, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		b->buf[off + i] = (uint8_t)(seed + i * 7);
	eb_grow(b, off + len);
}

/*
 * One note at @off, fields aligned to @align from its start; the padding of
 * the descriptor is written too. Returns the bytes it takes.
 */
static inline size_t eb_note(struct eb *b, size_t off, const char *name, uint32_t namesz,
			     uint32_t type, const void *desc, uint32_t descsz, size_t align)
{
	size_t d = (12 + namesz + align - 1) / align * align;
	size_t end = (d + descsz + align - 1) / align * align;

	memset(b->buf + off, 0, end);
	eb_put32(b->buf + off, namesz);
	eb_put32(b->buf + off + 4, descsz);
	eb_put32(b->buf + off + 8, type);
	memcpy(b->buf + off + 12, name, namesz);
	memcpy(b->buf + off + d, desc, descsz);
	eb_grow(b, off + end);
	return end;
}

static inline size_t eb_note_abi(struct eb *b, size_t off, uint32_t version)
{
	uint8_t v[4];

	eb_put32(v, version);
	return eb_note(b, off, "PMDI", 5, PMDI_ELF_NOTE_ABI, v, 4, 4);
}

static inline size_t eb_note_stack(struct eb *b, size_t off, uint64_t bytes)
{
	uint8_t v[8];

	eb_put64(v, bytes);
	return eb_note(b, off, "PMDI", 5, PMDI_ELF_NOTE_STACK, v, 8, 4);
}

static inline size_t eb_note_trace(struct eb *b, size_t off, uint32_t traces)
{
	uint8_t v[4];

	eb_put32(v, traces);
	return eb_note(b, off, "PMDI", 5, PMDI_ELF_NOTE_TRACE, v, 4, 4);
}

/* The reference image's layout. */
#define EB_BASE		PMDI_AP_IMAGE_VADDR
#define EB_TEXT_OFF	0x200u
#define EB_TEXT_VADDR	(EB_BASE + 0x200u)
#define EB_TEXT_SIZE	0x100u
#define EB_ENTRY	(EB_TEXT_VADDR + 0x10u)
#define EB_DATA_OFF	0x300u
#define EB_DATA_VADDR	(EB_BASE + 0x1300u)
#define EB_DATA_FILESZ	0x40u
#define EB_DATA_MEMSZ	0x2000u
#define EB_NOTE_OFF	0x340u
#define EB_STACK	0x8000u
enum { EB_SEG_TEXT, EB_SEG_DATA, EB_SEG_NOTE, EB_SEG_STACK, EB_GOOD_PHDRS };

/* The reference image; returns the size of its note segment. */
static inline size_t eb_good(struct eb *b)
{
	size_t note;

	eb_init(b, EB_ENTRY);
	eb_phdr(b, PMDI_ELF_PT_LOAD, PMDI_ELF_PF_R | PMDI_ELF_PF_X, EB_TEXT_OFF, EB_TEXT_VADDR,
		EB_TEXT_SIZE, EB_TEXT_SIZE, 0x1000);
	eb_phdr(b, PMDI_ELF_PT_LOAD, PMDI_ELF_PF_R | PMDI_ELF_PF_W, EB_DATA_OFF, EB_DATA_VADDR,
		EB_DATA_FILESZ, EB_DATA_MEMSZ, 0x1000);
	note = eb_note_abi(b, EB_NOTE_OFF, PMDI_ABI_VERSION);
	note += eb_note_stack(b, EB_NOTE_OFF + note, EB_STACK);
	eb_phdr(b, PMDI_ELF_PT_NOTE, PMDI_ELF_PF_R, EB_NOTE_OFF, 0, note, note, 4);
	eb_phdr(b, 0x6474e551, PMDI_ELF_PF_R | PMDI_ELF_PF_W, 0, 0, 0, 0, 16);	/* GNU_STACK */
	eb_fill(b, EB_TEXT_OFF, EB_TEXT_SIZE, 0x90);
	eb_fill(b, EB_DATA_OFF, EB_DATA_FILESZ, 0x11);
	return note;
}

#endif /* PMDI_ELF_BUILD_H */
