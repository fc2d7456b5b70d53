// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_image.c - load the AP kernel image into the region.
 *
 * The image is loaded the standard Linux way with request_firmware() from
 * /lib/firmware/pmdi/<image>. It is either an ELF64 executable (told by its
 * \177ELF magic), validated by include/pmdi/elf_image.h before one byte is
 * copied, or the legacy flat binary with struct pmdi_image_header at
 * offset 0 (include/pmdi/boot.h), every field checked too.
 *
 * Then the loader prepares what the hardware needs to run it
 * (Intel SDM Vol. 3A 4.5, IA-32e paging; 9.8.5, entering IA-32e mode):
 * boot page tables that identity-map the first 2 MiB (the trampoline runs
 * there while paging turns on) and map the region at PMDI_AP_KVBASE with
 * 2 MiB pages, a boot stack right after the image, the shared control
 * block's boot info, and its own trampoline (pmdi_trampoline.S) with its
 * parameters in the low page. interface/BOOT-PROTOCOL.md is the contract.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/firmware.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/elf.h>
#include <linux/sizes.h>
#include <asm/tsc.h>
#include <asm/smp.h>
#include <asm/msr.h>
#include <asm/cpufeature.h>
#include <pmdi/elf_image.h>
#include "pmdi.h"

/* pmdi_trampoline.S: the blob copied to the low page. */
extern const u8 pmdi_trampoline_start[], pmdi_trampoline_end[];

#define NT_GNU_BUILD_ID_TYPE	3	/* ELF note type of a build id */

#define PT_P	0x001ULL	/* present */
#define PT_RW	0x002ULL	/* writable */
#define PT_PS	0x080ULL	/* 2 MiB page (in a PD entry) */

/* Page-table pages inside PMDI_BOOT_PT_OFFSET. */
enum { BPT_PML4, BPT_PDPT_LOW, BPT_PD_LOW, BPT_PDPT_HIGH, BPT_PD_HIGH, BPT_NR };
_Static_assert(BPT_NR * 4096 <= PMDI_BOOT_PT_SIZE, "boot tables fit");

static const char *check_header(const struct pmdi_image_header *h, size_t fw_size,
				u64 region_size)
{
	u64 end;

	if (fw_size < sizeof(*h))
		return "shorter than its header";
	end = PMDI_AP_IMAGE_VADDR + h->file_size;
	if (h->magic != PMDI_IMAGE_MAGIC)
		return "bad magic (not a pmdi AP kernel image)";
	if (h->header_size != sizeof(*h))
		return "header size mismatch";
	if (h->load_vaddr != PMDI_AP_IMAGE_VADDR)
		return "linked at the wrong address";
	if (h->file_size < sizeof(*h) || h->file_size > fw_size)
		return "file_size larger than the file (truncated?)";
	/* the loader's boot stack goes after it: 1 MiB of room at least */
	if (h->mem_size < h->file_size ||
	    h->mem_size > region_size - PMDI_IMAGE_OFFSET - SZ_1M)
		return "mem_size does not fit the region";
	if (h->entry < PMDI_AP_IMAGE_VADDR + sizeof(*h) || h->entry >= end)
		return "entry point outside the image";
	if (h->build_id_note_size < 16 || h->build_id_note_size > 64 ||
	    (u64)h->build_id_offset + h->build_id_note_size > U64(h->file_size))
		return "build id note missing or outside the image";
	if (!memchr(h->name, 0, sizeof(h->name)))
		return "name not terminated";
	return NULL;
}

/* MTRR MSRs (Intel SDM Vol. 3A 12.11.1-12.11.3). */
#define MTRRCAP_VCNT		0xffULL
#define MTRRCAP_FIX		BIT_ULL(8)
static const u32 mtrr_fixed_msrs[PMDI_MTRR_NR_FIXED] = {
	0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f,
};

/*
 * Linux keeps the MTRRs equal on all its CPUs; hand this CPU's set to the
 * AP, which copies it if INIT left it with something else.
 */
static void record_mtrrs(struct pmdi_mtrr_state *m)
{
	u64 cap, v;
	unsigned int i;

	memset(m, 0, sizeof(*m));
	if (!boot_cpu_has(X86_FEATURE_MTRR))
		return;
	get_cpu();
	rdmsrl(MSR_MTRRcap, cap);
	m->cap = cap;
	rdmsrl(MSR_MTRRdefType, v);
	m->def_type = v;
	if (cap & MTRRCAP_FIX) {
		for (i = 0; i < PMDI_MTRR_NR_FIXED; i++) {
			rdmsrl(mtrr_fixed_msrs[i], v);
			m->fixed[i] = v;
		}
	}
	m->var_count = min_t(u32, cap & MTRRCAP_VCNT, PMDI_MTRR_MAX_VAR);
	for (i = 0; i < m->var_count; i++) {
		rdmsrl(0x200 + 2 * i, v);
		m->var_base[i] = v;
		rdmsrl(0x201 + 2 * i, v);
		m->var_mask[i] = v;
	}
	put_cpu();
	m->valid = 1;
}

static void build_boot_page_tables(struct pmdi *p)
{
	u64 *pt = p->region + PMDI_BOOT_PT_OFFSET;
	u64 pt_pa = p->region_pa + PMDI_BOOT_PT_OFFSET;
	u64 *pml4 = pt + BPT_PML4 * 512, *pdpt_low = pt + BPT_PDPT_LOW * 512;
	u64 *pd_low = pt + BPT_PD_LOW * 512, *pdpt_high = pt + BPT_PDPT_HIGH * 512;
	u64 *pd_high = pt + BPT_PD_HIGH * 512;
	u64 i;

#define BPT_PA(idx) (pt_pa + (idx) * 4096ULL)
	memset(pt, 0, BPT_NR * 4096);
	/* identity: first 2 MiB, where the trampoline page is */
	pml4[0] = BPT_PA(BPT_PDPT_LOW) | PT_P | PT_RW;
	pdpt_low[0] = BPT_PA(BPT_PD_LOW) | PT_P | PT_RW;
	pd_low[0] = 0 | PT_P | PT_RW | PT_PS;
	/* the region at PMDI_AP_KVBASE = PML4 511, PDPT 510 */
	pml4[(PMDI_AP_KVBASE >> 39) & 511] = BPT_PA(BPT_PDPT_HIGH) | PT_P | PT_RW;
	pdpt_high[(PMDI_AP_KVBASE >> 30) & 511] = BPT_PA(BPT_PD_HIGH) | PT_P | PT_RW;
	for (i = 0; i < p->region_size / PMDI_REGION_ALIGN; i++)
		pd_high[i] = (p->region_pa + i * PMDI_REGION_ALIGN) | PT_P | PT_RW | PT_PS;
#undef BPT_PA
}

/* What either loader decided: where things go in the region. */
struct loaded {
	u64 entry;		/* virtual */
	u64 image_end;		/* region offset after the last segment */
	u64 stack_size;
};

/*
 * A GNU build id note ("GNU", NT_GNU_BUILD_ID): the flat header points at
 * one; an ELF file may carry one (elf_image.h found it, bounds checked).
 */
static const char *parse_build_id_flat(struct pmdi *p, const u8 *note, u32 size)
{
	const Elf64_Nhdr *n = (const void *)note;

	if (n->n_namesz != 4 || n->n_type != NT_GNU_BUILD_ID_TYPE ||
	    memcmp(note + sizeof(*n), "GNU", 4) ||
	    n->n_descsz == 0 || n->n_descsz > PMDI_BUILD_ID_MAX ||
	    sizeof(*n) + 4 + n->n_descsz > size)
		return "malformed build id note";
	memcpy(p->build_id, note + sizeof(*n) + 4, n->n_descsz);
	p->build_id_len = n->n_descsz;
	return NULL;
}

static int load_flat(struct pmdi *p, const struct firmware *fw, struct loaded *l)
{
	const struct pmdi_image_header *h = (const void *)fw->data;
	const char *why;

	if (fw->size >= 8 && h->magic == PMDI_IMAGE_MAGIC &&
	    h->abi_version != PMDI_ABI_VERSION) {
		pr_err("refused: image %s speaks ABI version %u, this module speaks %u; rebuild both from one tree\n",
		       p->image, h->abi_version, PMDI_ABI_VERSION);
		return -EPROTO;
	}
	why = check_header(h, fw->size, p->region_size);
	if (!why)
		why = parse_build_id_flat(p, fw->data + h->build_id_offset,
					  h->build_id_note_size);
	if (why) {
		pr_err("refused: image %s is malformed: %s\n", p->image, why);
		return -ENOEXEC;
	}
	strscpy(p->image_name, h->name, sizeof(p->image_name));
	p->image_flags = h->flags;
	p->image_elf = false;
	p->image_traces = false;

	/* shared area, image + bss and boot stack start zeroed */
	memset(p->region, 0, round_up(PMDI_IMAGE_OFFSET + h->mem_size, PAGE_SIZE) +
	       PMDI_BOOT_STACK_DEFAULT);
	memcpy(p->region + PMDI_IMAGE_OFFSET, fw->data, U64(h->file_size));
	l->entry = h->entry;
	l->image_end = PMDI_IMAGE_OFFSET + h->mem_size;
	l->stack_size = PMDI_BOOT_STACK_DEFAULT;
	pr_info("image %s (flat '%s', %llu bytes + %llu bss, entry %#llx, stack %llu KiB, build id %*phN) loaded at %#llx\n",
		p->image, p->image_name, U64(h->file_size), U64(h->mem_size - h->file_size),
		l->entry, l->stack_size >> 10, p->build_id_len, p->build_id,
		p->region_pa + PMDI_IMAGE_OFFSET);
	return 0;
}

static int load_elf(struct pmdi *p, const struct firmware *fw, struct loaded *l)
{
	struct pmdi_elf_limits lim;
	struct pmdi_elf_image *img;
	char why[160];
	u64 stack_end;
	u32 i;
	int err;

	img = kzalloc(sizeof(*img), GFP_KERNEL);
	if (!img)
		return -ENOMEM;
	pmdi_elf_limits_default(&lim, p->region_size);
	err = pmdi_elf_parse(fw->data, fw->size, &lim, img);
	if (err) {
		pmdi_elf_describe(err, img, why, sizeof(why));
		pr_err("refused: image %s is malformed: %s\n", p->image, why);
		kfree(img);
		return -ENOEXEC;
	}
	l->entry = img->entry;
	l->image_end = img->image_end;
	l->stack_size = img->stack_size ? img->stack_size : PMDI_BOOT_STACK_DEFAULT;
	/* the parser checked a requested stack; the default must fit too */
	stack_end = round_up(l->image_end, PAGE_SIZE) + l->stack_size;
	if (stack_end > p->region_size) {
		pr_err("refused: image %s is malformed: no room for its %llu KiB boot stack after the image\n",
		       p->image, l->stack_size >> 10);
		kfree(img);
		return -ENOEXEC;
	}
	strscpy(p->image_name, p->image, sizeof(p->image_name));
	p->image_flags = 0;
	p->image_elf = true;
	p->image_traces = img->traces;
	/* inside the file (the parser checked); shown cut to the 32 bytes we keep */
	p->build_id_len = min_t(u32, img->build_id_size, PMDI_BUILD_ID_MAX);
	memcpy(p->build_id, fw->data + img->build_id_offset, p->build_id_len);

	/* the shared area, every segment's bss and the stack start zeroed */
	memset(p->region, 0, stack_end);
	for (i = 0; i < img->nr_segments; i++) {
		const struct pmdi_elf_segment *s = &img->seg[i];

		memcpy(p->region + s->region_offset, fw->data + s->file_offset,
		       s->file_size);
	}
	pr_info("image %s (elf, %u segments, entry %#llx, stack %llu KiB, traces %s, build id %*phN) loaded at %#llx\n",
		p->image, img->nr_segments, l->entry, l->stack_size >> 10,
		p->image_traces ? "yes" : "no", p->build_id_len, p->build_id,
		p->region_pa + img->image_start);
	kfree(img);
	return 0;
}

/* The local APIC's MMIO base as Linux runs it (the AP's is the same MSR). */
static u64 lapic_base(void)
{
	u64 v;

	rdmsrl(MSR_IA32_APICBASE, v);
	return v & MSR_IA32_APICBASE_BASE;
}

int pmdi_image_load(struct pmdi *p)
{
	struct pmdi_trampoline_params *tp;
	struct pmdi_shared *sh = p->shared;
	size_t tramp_size = pmdi_trampoline_end - pmdi_trampoline_start;
	const struct firmware *fw;
	struct loaded l;
	char path[80];
	u64 stack_top;
	int ret;

	if (!p->image || !*p->image || strchr(p->image, '/') ||
	    strlen(p->image) > 60) {
		pr_err("refused: image name '%s' must be a plain file name under /lib/firmware/pmdi/\n",
		       p->image ? p->image : "");
		return -EINVAL;
	}
	if (WARN_ON(tramp_size > PMDI_TRAMPOLINE_MAX_CODE))
		return -EINVAL;
	snprintf(path, sizeof(path), "pmdi/%s", p->image);
	ret = request_firmware_direct(&fw, path, &p->pdev->dev);
	if (ret) {
		pr_err("refused: cannot load image /lib/firmware/%s (error %d)\n", path, ret);
		return ret;
	}

	if (fw->size >= 4 && !memcmp(fw->data, ELFMAG, SELFMAG))
		ret = load_elf(p, fw, &l);
	else
		ret = load_flat(p, fw, &l);
	release_firmware(fw);
	if (ret)
		return ret;

	/* the boot stack: the first pages after the image, 16-byte aligned top */
	stack_top = round_up(l.image_end, PAGE_SIZE) + l.stack_size;
	build_boot_page_tables(p);

	sh->magic = PMDI_SHARED_MAGIC;
	sh->abi_version = PMDI_ABI_VERSION;
	sh->region_phys = p->region_pa;
	sh->region_size = p->region_size;
	sh->ap_cpu = p->cpu;
	sh->ap_apic_id = p->ap_apicid;
	sh->linux_apic_id = cpu_physical_id(0);
	sh->tsc_khz = tsc_khz;
	sh->image_end = stack_top;
	sh->mailbox_offset = PMDI_MAILBOX_OFFSET;
	sh->mailbox_size = PMDI_MAILBOX_SIZE;
	sh->lapic_phys = lapic_base();
	sh->mailbox_phys = p->region_pa + PMDI_MAILBOX_OFFSET;
	sh->trace_phys = p->region_pa + PMDI_TRACE_OFFSET;
	sh->console_phys = p->region_pa + PMDI_CONSOLE_OFFSET;
	sh->state = PMDI_AP_STATE_OFF;
	sh->test_mode = p->test_mode;
	record_mtrrs(p->region + PMDI_MTRR_OFFSET);

	memset(p->tramp, 0, PAGE_SIZE);
	memcpy(p->tramp, pmdi_trampoline_start, tramp_size);
	tp = p->tramp + PMDI_TRAMPOLINE_PARAMS_OFFSET;
	tp->cr3 = p->region_pa + PMDI_BOOT_PT_OFFSET;
	tp->entry = l.entry;
	tp->arg = PMDI_AP_KVBASE + PMDI_SHARED_OFFSET;
	tp->stack = PMDI_AP_KVBASE + stack_top;
	p->boot_rsp = tp->stack;
	tp->region_phys = p->region_pa;
	return 0;
}
