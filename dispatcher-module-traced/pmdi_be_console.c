// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_be_console.c - the console device: text the AP kernel writes appears
 * in the Linux kernel log (and so on the board's console), one line per
 * printk, prefixed "pmdi-ap: ". The AP controls the rate, so the lines are
 * rate-limited (the suppressed count is reported by the monitor).
 */
#define pr_fmt(fmt) "pmdi-ap: " fmt

#include <linux/kernel.h>
#include <linux/printk.h>
#include "pmdi.h"
#include "pmdi_mbox.h"

static void pmdi_console_flush(struct pmdi_mbox *mb)
{
	struct pmdi *p = mb->p;

	if (__ratelimit(&p->ap_rs))
		pr_info("%.*s\n", (int)mb->con_len, mb->con_line);
	else
		p->ap_suppressed++;
	mb->con_len = 0;
}

static void pmdi_console_submit(struct pmdi_io *io)
{
	struct pmdi_mbox *mb = io->mb;
	const char *src = pmdi_mbox_window_va(mb, io->rq.buf, io->rq.len);
	u32 i;

	mutex_lock(&mb->con_lock);
	for (i = 0; src && i < io->rq.len; i++) {
		/* One read per byte: the AP may rewrite its buffer meanwhile. */
		char c = READ_ONCE(src[i]);

		if (c == '\n') {
			pmdi_console_flush(mb);
			continue;
		}
		mb->con_line[mb->con_len++] = (c >= 0x20 && c < 0x7f) || c == '\t' ? c : '?';
		if (mb->con_len == sizeof(mb->con_line))
			pmdi_console_flush(mb);
	}
	mutex_unlock(&mb->con_lock);
	pmdi_io_done(io, 0, io->rq.len, PMDI_MBOX_R_OK);
}

const struct pmdi_backend pmdi_be_console = {
	.name = "console",
	.sleeps = true,
	.submit = pmdi_console_submit,
};
