// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_be_null.c - the null device: no I/O, completed in the doorbell IRQ
 * handler. The AP uses it to measure the round trip of the interface itself.
 */
#include "pmdi.h"
#include "pmdi_mbox.h"

static void pmdi_null_submit(struct pmdi_io *io)
{
	pmdi_io_post(io, 0, 0, PMDI_MBOX_R_OK);
}

const struct pmdi_backend pmdi_be_null = {
	.name = "null",
	.sleeps = false,
	.submit = pmdi_null_submit,
};
