// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * console.c - the AP kernel's text output: a byte ring in the shared region
 * (struct pmdi_console, include/pmdi/shared.h) that the Linux module drains
 * and prints, prefixed, on the Linux console. No hardware of its own: it is
 * plain write-back memory that the other CPU reads (Intel SDM Vol. 3A 9.2.2:
 * stores become visible in program order, so the data bytes are visible
 * before the head that covers them).
 *
 * The AP never waits for Linux: bytes that do not fit are counted in
 * `lost`. Interrupts are off while writing so that a handler's message does
 * not interleave with the one it interrupted.
 */
#include <stdarg.h>
#include "layout.h"
#include "x86.h"
#include "console.h"

void console_write(const char *s, size_t n)
{
	struct pmdi_console *c = CONSOLE_VA;
	u64 flags = irq_save();
	u32 head = c->head;
	u32 tail = READ_ONCE(c->tail);
	size_t i;

	for (i = 0; i < n; i++) {
		if (head - tail >= PMDI_CONSOLE_BUF_SIZE) {
			WRITE_ONCE(c->lost, c->lost + (u32)(n - i));
			break;
		}
		c->buf[head & (PMDI_CONSOLE_BUF_SIZE - 1)] = (u8)s[i];
		head++;
	}
	barrier();	/* bytes before the head that publishes them */
	WRITE_ONCE(c->head, head);
	irq_restore(flags);
}

static int (*console_sink)(const char *s, u32 len);
static bool in_sink;

void console_set_sink(int (*sink)(const char *s, u32 len))
{
	console_sink = sink;
}

/* The mailbox sink is not re-entrant and sleeps: ordinary code only. */
static bool try_sink(const char *s, size_t n)
{
	u64 flags = irq_save();
	bool ok = false;

	irq_restore(flags);
	if (!console_sink || in_sink || !(flags & RFLAGS_IF))
		return false;
	in_sink = true;
	ok = console_sink(s, (u32)n) == 0;
	in_sink = false;
	return ok;
}

/* A small vsnprintf: %s %c %d %u %x %lx %lu %ld %llx %p and %%, no widths. */
struct outbuf {
	char buf[256];
	size_t len;
};

static void put(struct outbuf *o, char ch)
{
	if (o->len < sizeof(o->buf))
		o->buf[o->len++] = ch;
}

static void put_num(struct outbuf *o, u64 v, unsigned int base, bool neg)
{
	char tmp[24];
	int n = 0;

	if (neg)
		put(o, '-');
	if (base == 16) {
		put(o, '0');
		put(o, 'x');
	}
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, tmp[--n]);
}

void kprintf(const char *fmt, ...)
{
	struct outbuf o;
	va_list ap;

	o.len = 0;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		int longs = 0;
		s64 sv;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			while (*s)
				put(&o, *s++);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd':
			sv = longs ? va_arg(ap, s64) : va_arg(ap, int);
			put_num(&o, sv < 0 ? -(u64)sv : (u64)sv, 10, sv < 0);
			break;
		case 'u':
			put_num(&o, longs ? va_arg(ap, u64) : va_arg(ap, u32),
				10, false);
			break;
		case 'x':
			put_num(&o, longs ? va_arg(ap, u64) : va_arg(ap, u32),
				16, false);
			break;
		case 'p':
			put_num(&o, (u64)va_arg(ap, void *), 16, false);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '?');
			break;
		}
		if (!*fmt)
			break;
	}
	va_end(ap);
	if (!try_sink(o.buf, o.len))
		console_write(o.buf, o.len);
}
