/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * command.h - Linux's commands to the AP kernel (struct pmdi_shared.command),
 * acted on in main.c wherever the AP waits.
 */
#ifndef AP_COMMAND_H
#define AP_COMMAND_H

#include "types.h"

/* Is there a STOP command not acted on yet? (Long workloads poll this.) */
bool ap_stop_requested(void);

/* With interrupts off: act on Linux's latest command; STOP does not return. */
void ap_poll_command(void);

/* Sleep until the next interrupt, acting on a command first (cli; poll; sti; hlt). */
void ap_sleep_once(void);

/*
 * As ap_sleep_once, but only when the mailbox may sleep: with a completion
 * already posted, halting could miss its doorbell, so return at once.
 */
void ap_wait_irq(void);

#endif /* AP_COMMAND_H */
