// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_be_block.c - block devices through the Linux block layer.
 *
 * Each request becomes one bio submitted asynchronously with submit_bio(), so
 * many are in flight and the real driver (virtio_blk on the board) does the
 * I/O; the bio's completion posts the AP's completion. The I/O window is made
 * of alloc_pages() memory, so its pages go into the bio as they are
 * (zero-copy). With bounce=1 the data is copied through pages of Linux's own
 * instead (for comparison: ./pmdi bench interface measures both).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/module.h>
#include "pmdi.h"
#include "pmdi_mbox.h"


static void pmdi_block_end_io(struct bio *bio)
{
	struct pmdi_io *io = bio->bi_private;
	struct pmdi_mbox *mb = io->mb;
	int err = blk_status_to_errno(bio->bi_status);

	if (io->bounce) {
		if (!err && io->rq.op == PMDI_MBOX_OP_READ)
			memcpy(pmdi_mbox_window_va(mb, io->rq.buf, io->rq.len),
			       io->bounce + offset_in_page(io->rq.buf), io->rq.len);
		free_pages((unsigned long)io->bounce, io->bounce_order);
	}
	bio_put(bio);
	if (err && __ratelimit(&mb->rs))
		pr_warn("%s: %s of %u bytes at %#llx failed: %d\n", mb->devs[io->rq.dev].name,
			io->rq.op == PMDI_MBOX_OP_READ ? "read" : "write", io->rq.len,
			U64(io->rq.offset), err);
	pmdi_io_done(io, err, err ? 0 : io->rq.len, err ? PMDI_MBOX_R_DEVICE_ERROR : 0);
	/* Last: once this reaches zero, unload may free the window. */
	if (atomic_dec_and_test(&mb->bios))
		wake_up(&mb->bios_done);
}

/* Add [pa, pa + len) of the window (or the bounce buffer) to @bio. */
static bool pmdi_block_add_pages(struct bio *bio, struct pmdi_io *io)
{
	u64 pa = io->rq.buf;
	u32 left = io->rq.len;

	while (left) {
		u32 off = offset_in_page(pa), seg = min_t(u32, PAGE_SIZE - off, left);
		/* The bounce buffer keeps the window's in-page offset: same walk. */
		struct page *pg = io->bounce ?
			virt_to_page(io->bounce + offset_in_page(io->rq.buf) + (pa - io->rq.buf)) :
			pfn_to_page(PHYS_PFN(pa));

		if (bio_add_page(bio, pg, seg, off) != seg)
			return false;
		pa += seg;
		left -= seg;
	}
	return true;
}

static void pmdi_block_submit(struct pmdi_io *io)
{
	struct pmdi_mbox *mb = io->mb;
	struct pmdi_mbox_devstate *ds = &mb->ds[io->rq.dev];
	unsigned short nr = 0;
	blk_opf_t opf;
	struct bio *bio;

	switch (io->rq.op) {
	case PMDI_MBOX_OP_READ:
		opf = REQ_OP_READ;
		break;
	case PMDI_MBOX_OP_WRITE:
		opf = REQ_OP_WRITE;
		break;
	default:		/* flush: an empty write with a preflush */
		opf = REQ_OP_WRITE | REQ_PREFLUSH;
		break;
	}
	if (io->rq.len) {
		nr = DIV_ROUND_UP(offset_in_page(io->rq.buf) + io->rq.len, PAGE_SIZE);
		if (mb->bounce) {
			io->bounce_order = get_order(offset_in_page(io->rq.buf) + io->rq.len);
			io->bounce = (void *)__get_free_pages(GFP_NOIO, io->bounce_order);
			if (!io->bounce) {
				pmdi_io_done(io, -ENOMEM, 0, PMDI_MBOX_R_NO_MEMORY);
				return;
			}
			if (io->rq.op == PMDI_MBOX_OP_WRITE)
				memcpy(io->bounce + offset_in_page(io->rq.buf),
				       pmdi_mbox_window_va(mb, io->rq.buf, io->rq.len), io->rq.len);
		}
	}
	/* max_len keeps nr within BIO_MAX_VECS at any admitted alignment (see open). */
	bio = bio_alloc(ds->bdev, nr, opf, GFP_NOIO);
	if (WARN_ON_ONCE(!bio)) {
		if (io->bounce)
			free_pages((unsigned long)io->bounce, io->bounce_order);
		pmdi_io_done(io, -ENOMEM, 0, PMDI_MBOX_R_NO_MEMORY);
		return;
	}
	bio->bi_iter.bi_sector = io->rq.offset >> SECTOR_SHIFT;
	bio->bi_private = io;
	bio->bi_end_io = pmdi_block_end_io;
	if (io->rq.len && !pmdi_block_add_pages(bio, io)) {
		bio_put(bio);
		if (io->bounce)
			free_pages((unsigned long)io->bounce, io->bounce_order);
		pmdi_io_done(io, -EINVAL, 0, PMDI_MBOX_R_BAD_LENGTH);
		return;
	}
	atomic_inc(&mb->bios);
	submit_bio(bio);
}

static void pmdi_block_release(struct pmdi_mbox *mb, unsigned int dev)
{
	struct pmdi_mbox_devstate *ds = &mb->ds[dev];

	if (ds->bdev) {
		blkdev_put(ds->bdev, ds->bdev_mode);
		ds->bdev = NULL;
	}
}

/* Open /dev/@name exclusively and describe it in the device table. */
int pmdi_be_block_open(struct pmdi_mbox *mb, unsigned int dev, const char *name)
{
	struct pmdi_mbox_devstate *ds = &mb->ds[dev];
	struct pmdi_mbox_dev *d = &mb->devs[dev];
	struct block_device *bdev;
	const char *driver = "block";
	char path[40];

	snprintf(path, sizeof(path), "/dev/%s", name);
	ds->bdev_mode = FMODE_READ | FMODE_WRITE | FMODE_EXCL;
	bdev = blkdev_get_by_path(path, ds->bdev_mode, mb);
	if (IS_ERR(bdev)) {
		pr_err("refused: cannot open %s: %ld\n", path, PTR_ERR(bdev));
		return PTR_ERR(bdev);
	}
	ds->bdev = bdev;
	if (bdev->bd_disk->fops->owner)
		driver = module_name(bdev->bd_disk->fops->owner);
	strscpy(d->driver, driver, sizeof(d->driver));
	d->block_size = bdev_logical_block_size(bdev);
	d->capacity = bdev_nr_bytes(bdev);
	/*
	 * The limits must hold for every request they admit. A request is one
	 * bio of window pages: a buffer at any admitted alignment below a page
	 * can straddle one page more than its length, and a bio holds at most
	 * BIO_MAX_VECS pages. The block layer splits a bio that exceeds the
	 * queue's own limits (max_sectors, segments), so those do not bound it.
	 * Buffers aligned to the queue's DMA alignment (at least a sector) keep
	 * every segment whole sectors.
	 */
	d->align = max_t(u32, queue_dma_alignment(bdev_get_queue(bdev)) + 1, SECTOR_SIZE);
	d->max_len = (BIO_MAX_VECS - (d->align < PAGE_SIZE ? 1 : 0)) * PAGE_SIZE;
	d->max_len = round_down(d->max_len, d->block_size);
	if (bdev_read_only(bdev))
		d->flags |= PMDI_MBOX_DEVF_READONLY;
	pr_info("device %u: %s (%s), %llu bytes, %u-byte blocks, up to %u bytes a request, buffers %u-byte aligned\n",
		dev, name, d->driver, U64(d->capacity), d->block_size, d->max_len, d->align);
	return 0;
}

const struct pmdi_backend pmdi_be_block = {
	.name = "block",
	.sleeps = true,
	.submit = pmdi_block_submit,
	.release = pmdi_block_release,
};
