// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * Fuzz target: the ELF64 image validator (elf_image.h), the loader's reader
 * of an untrusted AP kernel file. The input is the file, in a heap buffer of
 * exactly its size (libFuzzer's copy), so ASan sees any read past it.
 *
 * Each input is parsed under two limits: the board's (64 MiB region, 16
 * segments) and a tight one (the smallest region, 2 segments). Oracles:
 *   accepted: 1..max segments, each non-empty, its file bytes inside the
 *     file (and read here, byte by byte), no more of them than memory,
 *     inside [image offset, region size) in 128-bit arithmetic, no two
 *     overlapping; they are exactly the non-empty PT_LOADs the harness finds
 *     by its own reading of the program headers; the entry is e_entry and
 *     lies in the file bytes of an executable segment; the extent is the
 *     segments' min and max; the note's ABI version is ours, a stack request
 *     is a page multiple that fits above the image, the trace value 0 or 1
 *     and equal to the harness's own reading of the notes; a build id, when
 *     reported, lies inside a PT_NOTE's file bytes right after its own
 *     GNU build id note header (namesz 4, descsz its size, type 3, "GNU"),
 *     1..64 bytes;
 *   refused: a known negative error, also in out->err, whose name and
 *     message exist, the message cut to any buffer and terminated;
 *   tight accepted => board accepted with the same segments, entry, notes
 *     and build id.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test/elf_build.h"
#include "fuzz_assert.h"

static const struct pmdi_elf_limits board = {
	.vbase = PMDI_AP_KVBASE, .image_offset = PMDI_IMAGE_OFFSET,
	.region_size = 64ull << 20, .max_segments = PMDI_ELF_MAX_SEGMENTS,
};

static const struct pmdi_elf_limits tight = {
	.vbase = PMDI_AP_KVBASE, .image_offset = PMDI_IMAGE_OFFSET,
	.region_size = PMDI_REGION_MIN_SIZE, .max_segments = 2,
};

/* The sum of the file bytes of accepted segments: live, so they are read. */
uint64_t fuzz_elf_touched;

/* The non-empty PT_LOADs, read by the harness itself; returns how many. */
static unsigned int own_loads(const uint8_t *f, size_t size, struct pmdi_elf_segment *seg)
{
	uint64_t phoff = eb_get(f + 32, 8);
	unsigned int phnum = (unsigned int)eb_get(f + 56, 2), i, n = 0;

	FZ_ASSERT(phnum && phnum <= PMDI_ELF_MAX_PHDRS && phoff <= size &&
		  (__uint128_t)phoff + phnum * 56 <= size, "accepted program headers outside the file");
	for (i = 0; i < phnum; i++) {
		const uint8_t *p = f + phoff + i * 56;
		struct pmdi_elf_segment *s = &seg[n];

		if (eb_get(p, 4) != PMDI_ELF_PT_LOAD || !eb_get(p + 40, 8))
			continue;
		FZ_ASSERT(n < PMDI_ELF_MAX_SEGMENTS, "more PT_LOADs than accepted");
		s->file_size = eb_get(p + 32, 8);
		s->file_offset = s->file_size ? eb_get(p + 8, 8) : 0;
		s->region_offset = eb_get(p + 16, 8) - PMDI_AP_KVBASE;
		s->mem_size = eb_get(p + 40, 8);
		s->flags = (uint32_t)eb_get(p + 4, 4);
		s->phdr_index = i;
		n++;
	}
	return n;
}

/*
 * The value of the first pmdi trace note (namesz 5 "PMDI", type 3), read by
 * the harness over every PT_NOTE with 4- or 8-byte fields as the gABI says,
 * independently of the parser; 0 if none.
 */
static uint32_t own_traces(const uint8_t *f, size_t size)
{
	uint64_t phoff = eb_get(f + 32, 8);
	unsigned int phnum = (unsigned int)eb_get(f + 56, 2), i;

	for (i = 0; i < phnum; i++) {
		const uint8_t *p = f + phoff + i * 56;
		uint64_t off = eb_get(p + 8, 8), len = eb_get(p + 32, 8), pos = 0;
		uint64_t al = eb_get(p + 48, 8) == 8 ? 8 : 4;

		if (eb_get(p, 4) != PMDI_ELF_PT_NOTE || !len)
			continue;
		/* accepted: the parser found every note segment inside the file */
		FZ_ASSERT((__uint128_t)off + len <= size, "accepted note segment outside the file");
		while (pos + 12 <= len) {
			const uint8_t *n = f + off + pos;
			uint64_t namesz = eb_get(n, 4), descsz = eb_get(n + 4, 4);
			uint64_t desc = (12 + namesz + al - 1) / al * al;

			if (desc + descsz > len - pos)
				break;
			if (namesz == 5 && !memcmp(n + 12, "PMDI", 5) &&
			    eb_get(n + 8, 4) == PMDI_ELF_NOTE_TRACE && descsz == 4)
				return (uint32_t)eb_get(n + desc, 4);
			pos += (desc + descsz + al - 1) / al * al;
		}
	}
	return 0;
}

/* A reported build id sits in a PT_NOTE right after its note header. */
static void check_build_id(const uint8_t *f, size_t size, const struct pmdi_elf_image *img)
{
	uint64_t phoff = eb_get(f + 32, 8), o = img->build_id_offset;
	unsigned int phnum = (unsigned int)eb_get(f + 56, 2), i, inside = 0;
	uint32_t j;

	if (!img->build_id_size) {
		FZ_ASSERT(img->build_id_offset == 0, "build id offset without a size");
		return;
	}
	FZ_ASSERT(img->build_id_size <= PMDI_ELF_BUILD_ID_MAX && o >= 16 &&
		  (__uint128_t)o + img->build_id_size <= size, "build id %u bytes at %llu",
		  img->build_id_size, (unsigned long long)o);
	FZ_ASSERT(eb_get(f + o - 16, 4) == 4 && eb_get(f + o - 12, 4) == img->build_id_size &&
		  eb_get(f + o - 8, 4) == PMDI_ELF_NT_GNU_BUILD_ID && !memcmp(f + o - 4, "GNU", 4),
		  "build id not after a GNU build id note header");
	for (i = 0; i < phnum; i++) {
		const uint8_t *p = f + phoff + i * 56;
		uint64_t off = eb_get(p + 8, 8), len = eb_get(p + 32, 8);

		if (eb_get(p, 4) == PMDI_ELF_PT_NOTE && off + 16 <= o &&
		    (__uint128_t)o + img->build_id_size <= (__uint128_t)off + len)
			inside = 1;
	}
	FZ_ASSERT(inside, "build id outside every PT_NOTE");
	for (j = 0; j < img->build_id_size; j++)	/* what the loader will copy */
		fuzz_elf_touched += f[o + j];
}

static void check_ok(const uint8_t *f, size_t size, const struct pmdi_elf_limits *lim,
		     const struct pmdi_elf_image *img)
{
	struct pmdi_elf_segment own[PMDI_ELF_MAX_SEGMENTS];
	uint64_t lo = ~0ull, hi = 0;
	unsigned int i, k, n = img->nr_segments, exec = 0;

	FZ_ASSERT(img->err == 0 && n >= 1 && n <= lim->max_segments, "%u segments", n);
	FZ_ASSERT(img->abi_version == PMDI_ABI_VERSION, "ABI %u", img->abi_version);
	FZ_ASSERT(own_loads(f, size, own) == n, "segments dropped or invented");
	for (i = 0; i < n; i++) {
		const struct pmdi_elf_segment *s = &img->seg[i];
		uint64_t j;

		FZ_ASSERT(!memcmp(s, &own[i], sizeof(*s)), "segment %u is not its program header", i);
		FZ_ASSERT(s->mem_size && s->file_size <= s->mem_size, "segment %u sizes", i);
		FZ_ASSERT(s->region_offset >= lim->image_offset &&
			  (__uint128_t)s->region_offset + s->mem_size <= lim->region_size,
			  "segment %u outside the image area: %llx + %llx", i,
			  (unsigned long long)s->region_offset, (unsigned long long)s->mem_size);
		FZ_ASSERT(s->file_size ? (__uint128_t)s->file_offset + s->file_size <= size :
			  s->file_offset == 0, "segment %u file bytes outside the file", i);
		for (j = 0; j < s->file_size; j++)	/* what the loader will copy */
			fuzz_elf_touched += f[s->file_offset + j];
		for (k = 0; k < i; k++) {
			const struct pmdi_elf_segment *o = &img->seg[k];

			FZ_ASSERT(s->region_offset + s->mem_size <= o->region_offset ||
				  o->region_offset + o->mem_size <= s->region_offset,
				  "segments %u and %u overlap", k, i);
		}
		if (s->region_offset < lo)
			lo = s->region_offset;
		if (s->region_offset + s->mem_size > hi)
			hi = s->region_offset + s->mem_size;
		if ((s->flags & PMDI_ELF_PF_X) && img->entry_offset >= s->region_offset &&
		    img->entry_offset - s->region_offset < s->file_size)
			exec++;
	}
	FZ_ASSERT(img->image_start == lo && img->image_end == hi, "extent");
	FZ_ASSERT(img->entry == eb_get(f + 24, 8) && img->entry == lim->vbase + img->entry_offset,
		  "entry is not e_entry");
	FZ_ASSERT(exec == 1, "entry in %u executable segments", exec);
	FZ_ASSERT(!img->stack_size || (img->stack_size % 4096 == 0 &&
				       img->stack_size <= lim->region_size - img->image_end),
		  "stack request %llu", (unsigned long long)img->stack_size);
	FZ_ASSERT(img->traces <= 1 && img->traces == own_traces(f, size), "traces %u, notes say %u",
		  img->traces, own_traces(f, size));
	check_build_id(f, size, img);
}

static void check_refused(int rc, const struct pmdi_elf_image *img, size_t size)
{
	char msg[200];
	pmdi_u32 len = (pmdi_u32)(size % sizeof(msg)), n;

	FZ_ASSERT(rc < 0 && rc > -PMDI_ELF_E_COUNT && rc != -PMDI_ELF_E_LIMITS && img->err == rc,
		  "error %d (out %d)", rc, img->err);
	FZ_ASSERT(*pmdi_elf_error_str(rc) && strcmp(pmdi_elf_error_str(rc), "unknown error"),
		  "error %d has no name", rc);
	memset(msg, 'z', sizeof(msg));
	n = pmdi_elf_describe(rc, img, msg, len);
	FZ_ASSERT(len ? n < len && msg[n] == 0 && strlen(msg) == n : n == 0 && msg[0] == 'z',
		  "message of %u bytes in a buffer of %u", n, len);
}

static int one(const uint8_t *data, size_t size, const struct pmdi_elf_limits *lim,
	       struct pmdi_elf_image *img)
{
	int rc;

	memset(img, 0x5a, sizeof(*img));
	rc = pmdi_elf_parse(data, size, lim, img);
	if (rc)
		check_refused(rc, img, size);
	else
		check_ok(data, size, lim, img);
	return rc;
}

/* Returns what the board's limits said. */
static int run(const uint8_t *data, size_t size)
{
	struct pmdi_elf_image a, b;

	if (!one(data, size, &tight, &b)) {
		FZ_ASSERT(!one(data, size, &board, &a), "accepted by the tight limits only");
		FZ_ASSERT(a.nr_segments == b.nr_segments && a.entry == b.entry &&
			  a.stack_size == b.stack_size && a.traces == b.traces &&
			  a.build_id_offset == b.build_id_offset &&
			  a.build_id_size == b.build_id_size &&
			  !memcmp(a.seg, b.seg, b.nr_segments * sizeof(b.seg[0])),
			  "the limits changed what was accepted");
		return 0;
	}
	return one(data, size, &board, &a);
}

#ifndef FZ_RECORD
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size);
	return 0;
}
#else
/* Seeds: the builder's reference image and variants, accepted and refused. */
static void seed(const char *dir, const char *name, const struct eb *b)
{
	uint8_t *copy = malloc(b->size);
	char path[512];
	FILE *f;

	/* Checked as the fuzzer checks it; the "refused-" ones must be. */
	memcpy(copy, b->buf, b->size);
	FZ_ASSERT(!run(copy, b->size) == !!strncmp(name, "refused-", 8), "seed %s", name);
	free(copy);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->buf, 1, b->size, f) != b->size) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

static void put_ph(struct eb *b, unsigned int i, int field, uint64_t v)
{
	eb_put64(eb_ph(b, i) + field, v);
}

int main(int argc, char **argv)
{
	static struct eb b;
	uint8_t v[16] = { 0 };
	size_t n;
	unsigned int i;

	if (argc < 2)
		return 2;
	eb_good(&b);
	seed(argv[1], "good", &b);

	/* 8-aligned notes, an unknown pmdi note, a GNU one, no stack request. */
	eb_good(&b);
	n = eb_note(&b, 0x400, "GNU", 4, 5, v, 16, 8);
	eb_put32(v, PMDI_ABI_VERSION);
	n += eb_note(&b, 0x400 + n, "PMDI", 5, PMDI_ELF_NOTE_ABI, v, 4, 8);
	n += eb_note(&b, 0x400 + n, "PMDI", 5, 7, v, 3, 8);
	put_ph(&b, EB_SEG_NOTE, 8, 0x400);
	put_ph(&b, EB_SEG_NOTE, 32, n);
	put_ph(&b, EB_SEG_NOTE, 48, 8);
	seed(argv[1], "notes-align8", &b);

	/* A trace note and a GNU build id, as the C kernel carries them. */
	eb_good(&b);
	n = eb_note_abi(&b, 0x400, PMDI_ABI_VERSION);
	n += eb_note_trace(&b, 0x400 + n, 1);
	for (i = 0; i < 16; i++)
		v[i] = (uint8_t)(0xb0 + i);
	n += eb_note(&b, 0x400 + n, "GNU", 4, PMDI_ELF_NT_GNU_BUILD_ID, v, 16, 4);
	put_ph(&b, EB_SEG_NOTE, 8, 0x400);
	put_ph(&b, EB_SEG_NOTE, 32, n);
	put_ph(&b, EB_SEG_NOTE, 48, 4);
	seed(argv[1], "notes-trace-build-id", &b);
	memset(v, 0, sizeof(v));

	/* As many segments as the board takes, a bss-only one last. */
	eb_init(&b, EB_BASE + 0x610);
	for (i = 0; i < PMDI_ELF_MAX_SEGMENTS; i++)
		eb_phdr(&b, PMDI_ELF_PT_LOAD, PMDI_ELF_PF_R | (i ? 0 : PMDI_ELF_PF_X), 0x600,
			EB_BASE + 0x600 + i * 0x1000, i == 15 ? 0 : 0x40, 0x1000, 0x1000);
	n = eb_note_abi(&b, 0x500, PMDI_ABI_VERSION);
	n += eb_note_stack(&b, 0x500 + n, 0x4000);
	eb_phdr(&b, PMDI_ELF_PT_NOTE, 0, 0x500, 0, n, 0, 4);
	eb_fill(&b, 0x600, 0x40, 3);
	seed(argv[1], "segments-16", &b);

	/* Data up to the tight region's very end, no stack request. */
	eb_good(&b);
	put_ph(&b, EB_SEG_DATA, 40, PMDI_REGION_MIN_SIZE - PMDI_IMAGE_OFFSET - 0x1300);
	put_ph(&b, EB_SEG_NOTE, 32, 24);
	seed(argv[1], "region-end", &b);

	/* Refused ones, a mutation away from accepted. */
	eb_good(&b);
	eb_put16(b.buf + 16, PMDI_ELF_ET_DYN);
	seed(argv[1], "refused-dyn", &b);
	eb_good(&b);
	put_ph(&b, EB_SEG_DATA, 16, EB_TEXT_VADDR + 0x80);
	put_ph(&b, EB_SEG_DATA, 48, 0);
	seed(argv[1], "refused-overlap", &b);
	eb_good(&b);
	eb_put32(b.buf + EB_NOTE_OFF + 20, 7);
	seed(argv[1], "refused-abi", &b);
	eb_good(&b);
	put_ph(&b, EB_SEG_TEXT, 16, PMDI_AP_KVBASE + 0x1200);
	seed(argv[1], "refused-shared", &b);
	eb_good(&b);
	n = eb_note_abi(&b, 0x400, PMDI_ABI_VERSION);
	n += eb_note_trace(&b, 0x400 + n, 2);
	put_ph(&b, EB_SEG_NOTE, 8, 0x400);
	put_ph(&b, EB_SEG_NOTE, 32, n);
	seed(argv[1], "refused-trace", &b);
	return 0;
}
#endif
