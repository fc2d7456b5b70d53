/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
#ifndef AP_CONSOLE_H
#define AP_CONSOLE_H

#include "types.h"

void console_write(const char *s, size_t n);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Once the mailbox is up, kprintf from ordinary (interrupts-on) code goes to
 * Linux's console device through @sink (0 on success); handlers, faults and
 * failures still use the ring.
 */
void console_set_sink(int (*sink)(const char *s, u32 len));

#endif /* AP_CONSOLE_H */
