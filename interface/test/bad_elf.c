// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * bad_elf: the broken AP kernel ELF files of the board's refusal tests,
 * made at board build time from the real kernel (never committed), one
 * defect each, plus one good variant that asks for a bigger boot stack.
 * Each file is parsed here with the loader's own validator (elf_image.h,
 * the board's 64 MiB region) and must give the error it was made for:
 * a change in the kernel's layout that makes a patch miss fails the build,
 * not the board test.
 *
 *   bad_elf pmdi-ap.elf OUTDIR
 *
 * writes OUTDIR/bad-elf-<case>.elf for each case below and
 * OUTDIR/pmdi-ap-stack64k.elf (accepted, 64 KiB stack note).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_build.h"

#define ROOM		4096	/* for an appended note */
#define BIG_STACK	0x10000u

static uint8_t *orig;
static size_t orig_size;
static const char *outdir;
static int failures;

static uint8_t *ph(uint8_t *f, unsigned int i)
{
	return f + eb_get(f + 32, 8) + (uint64_t)i * 56;
}

static unsigned int phnum(const uint8_t *f)
{
	return (unsigned int)eb_get(f + 56, 2);
}

/* The first program header of @type (and with PF_X set or not, if @x >= 0). */
static int find_ph(uint8_t *f, uint32_t type, int x)
{
	unsigned int i;

	for (i = 0; i < phnum(f); i++) {
		uint8_t *p = ph(f, i);

		if (eb_get(p, 4) == type &&
		    (x < 0 || !!(eb_get(p + 4, 4) & PMDI_ELF_PF_X) == x))
			return (int)i;
	}
	fprintf(stderr, "bad_elf: no program header of type %u%s\n", type,
		x < 0 ? "" : x ? " (executable)" : " (not executable)");
	exit(1);
}

/* The descriptor of the pmdi note of @type in the file's PT_NOTE, or NULL. */
static uint8_t *pmdi_note_desc(uint8_t *f, uint32_t type)
{
	uint8_t *p = ph(f, find_ph(f, PMDI_ELF_PT_NOTE, -1));
	uint64_t off = eb_get(p + 8, 8), len = eb_get(p + 32, 8), pos = 0;

	while (pos + 12 <= len) {
		uint8_t *n = f + off + pos;
		uint64_t namesz = eb_get(n, 4), descsz = eb_get(n + 4, 4);
		uint64_t desc = (12 + namesz + 3) & ~3ull;

		if (namesz == 5 && !memcmp(n + 12, "PMDI", 5) && eb_get(n + 8, 4) == type)
			return n + desc;
		pos += (desc + descsz + 3) & ~3ull;
	}
	return NULL;
}

/* A fresh copy of the real file, with room to append. */
static uint8_t *copy(void)
{
	uint8_t *f = malloc(orig_size + ROOM);

	if (!f) {
		perror("bad_elf");
		exit(1);
	}
	memcpy(f, orig, orig_size);
	return f;
}

/*
 * Writes @f (@size bytes) as OUTDIR/@name (@name NULL: only checks) after
 * checking that the validator gives @want (0: accepted).
 */
static void emit(const char *name, uint8_t *f, size_t size, int want)
{
	struct pmdi_elf_limits lim;
	struct pmdi_elf_image img;
	char path[512], msg[200];
	FILE *out;
	int rc;

	pmdi_elf_limits_default(&lim, 64ull << 20);
	rc = pmdi_elf_parse(f, size, &lim, &img);
	pmdi_elf_describe(rc, &img, msg, sizeof(msg));
	if (rc != -want) {
		fprintf(stderr, "bad_elf: %s: got \"%s\", made for \"%s\"\n",
			name ? name : "the kernel", msg, pmdi_elf_error_str(want));
		failures++;
	}
	if (!name) {
		free(f);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	out = fopen(path, "wb");
	if (!out || fwrite(f, 1, size, out) != size || fclose(out)) {
		perror(path);
		exit(1);
	}
	printf("bad_elf: %-28s %s\n", name, rc ? msg : "accepted");
	free(f);
}

/* Turns PT_GNU_STACK into a PT_NOTE over a stack note appended to @f. */
static size_t add_stack_note(uint8_t *f, uint64_t bytes)
{
	uint8_t *p = ph(f, find_ph(f, 0x6474e551, -1));	/* PT_GNU_STACK */
	size_t at = (orig_size + 7) & ~(size_t)7;
	uint8_t note[32];

	memset(f + orig_size, 0, at - orig_size);
	eb_put32(note, 5);
	eb_put32(note + 4, 8);
	eb_put32(note + 8, PMDI_ELF_NOTE_STACK);
	memcpy(note + 12, "PMDI\0\0\0", 8);
	eb_put64(note + 20, bytes);
	memcpy(f + at, note, 28);
	eb_put32(p, PMDI_ELF_PT_NOTE);
	eb_put32(p + 4, PMDI_ELF_PF_R);
	eb_put64(p + 8, at);
	eb_put64(p + 32, 28);
	eb_put64(p + 40, 28);
	eb_put64(p + 48, 4);
	return at + 28;
}

int main(int argc, char **argv)
{
	uint8_t *f, *text, *data, *d;
	uint64_t align, v;
	size_t size;
	FILE *in;
	long n;

	if (argc != 3) {
		fprintf(stderr, "usage: bad_elf pmdi-ap.elf OUTDIR\n");
		return 2;
	}
	outdir = argv[2];
	in = fopen(argv[1], "rb");
	if (!in || fseek(in, 0, SEEK_END) || (n = ftell(in)) < 0) {
		perror(argv[1]);
		return 1;
	}
	rewind(in);
	orig_size = (size_t)n;
	orig = malloc(orig_size);
	if (!orig || fread(orig, 1, orig_size, in) != orig_size) {
		perror(argv[1]);
		return 1;
	}
	fclose(in);
	/* the real file must load, or no defect below means anything */
	emit(NULL, copy(), orig_size, 0);
	if (failures)
		return 1;

	/* cut inside the program headers' segments: the text's bytes are missing */
	f = copy();
	emit("bad-elf-truncated.elf", f, eb_get(ph(f, find_ph(f, PMDI_ELF_PT_LOAD, 1)) + 8, 8) + 16,
	     PMDI_ELF_E_TRUNC_SEGMENT);

	f = copy();
	f[4] = 1;		/* ELFCLASS32 */
	emit("bad-elf-class32.elf", f, orig_size, PMDI_ELF_E_CLASS);

	f = copy();
	eb_put16(f + 18, 3);	/* EM_386 */
	emit("bad-elf-machine.elf", f, orig_size, PMDI_ELF_E_MACHINE);

	f = copy();
	eb_put16(f + 16, PMDI_ELF_ET_DYN);
	emit("bad-elf-pie.elf", f, orig_size, PMDI_ELF_E_DYN);

	/* the data segment moved into the text's second page (same offset modulo align) */
	f = copy();
	text = ph(f, find_ph(f, PMDI_ELF_PT_LOAD, 1));
	data = ph(f, find_ph(f, PMDI_ELF_PT_LOAD, 0));
	align = eb_get(data + 48, 8) > 1 ? eb_get(data + 48, 8) : 1;
	v = (eb_get(text + 16, 8) & ~(align - 1)) + (eb_get(data + 8, 8) & (align - 1));
	if (v <= eb_get(text + 16, 8))
		v += align;
	eb_put64(data + 16, v);
	emit("bad-elf-overlap.elf", f, orig_size, PMDI_ELF_E_OVERLAP);

	/* the data segment 1 GiB higher: past any region the loader takes */
	f = copy();
	data = ph(f, find_ph(f, PMDI_ELF_PT_LOAD, 0));
	eb_put64(data + 16, eb_get(data + 16, 8) + PMDI_REGION_MAX_SIZE);
	emit("bad-elf-outside.elf", f, orig_size, PMDI_ELF_E_PAST_REGION);

	/* the text segment linked over the boot page tables (the shared area) */
	f = copy();
	text = ph(f, find_ph(f, PMDI_ELF_PT_LOAD, 1));
	align = eb_get(text + 48, 8) > 1 ? eb_get(text + 48, 8) : 1;
	eb_put64(text + 16, PMDI_AP_KVBASE + PMDI_BOOT_PT_OFFSET +
		 (eb_get(text + 8, 8) & (align - 1)));
	emit("bad-elf-shared.elf", f, orig_size, PMDI_ELF_E_OVER_SHARED);

	/* entry in the data segment, which is not executable */
	f = copy();
	data = ph(f, find_ph(f, PMDI_ELF_PT_LOAD, 0));
	eb_put64(f + 24, eb_get(data + 16, 8));
	emit("bad-elf-entry.elf", f, orig_size, PMDI_ELF_E_ENTRY);

	f = copy();
	eb_put32(ph(f, find_ph(f, PMDI_ELF_PT_NOTE, -1)), 0);	/* PT_NULL */
	emit("bad-elf-no-note.elf", f, orig_size, PMDI_ELF_E_NO_NOTE);

	f = copy();
	d = pmdi_note_desc(f, PMDI_ELF_NOTE_ABI);
	if (d)
		eb_put32(d, 99);
	emit("bad-elf-abi.elf", f, orig_size, PMDI_ELF_E_ABI);

	f = copy();
	d = pmdi_note_desc(f, PMDI_ELF_NOTE_TRACE);
	if (d)
		eb_put32(d, 2);
	emit("bad-elf-trace.elf", f, orig_size, PMDI_ELF_E_TRACE);

	f = copy();
	size = add_stack_note(f, 0x1001);
	emit("bad-elf-stack.elf", f, size, PMDI_ELF_E_STACK);

	f = copy();
	size = add_stack_note(f, BIG_STACK);
	emit("pmdi-ap-stack64k.elf", f, size, 0);

	return failures ? 1 : 0;
}
