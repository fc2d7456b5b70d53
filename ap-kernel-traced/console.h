/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
#ifndef AP_CONSOLE_H
#define AP_CONSOLE_H

#include "types.h"

void console_write(const char *s, size_t n);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* AP_CONSOLE_H */
