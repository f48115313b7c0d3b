// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics: a small formatter and lx_log, which writes one line
 * "libos: MESSAGE" to the picoprocess's stderr handle in one Dk call.
 */
#include "lx.h"

#define LX_LOG_MAX	512

struct lx_out {
	char *buf;
	size_t size;
	size_t len;
};

static void lx_putc(struct lx_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void lx_puts(struct lx_out *o, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		lx_putc(o, *s++);
}

static void lx_putu(struct lx_out *o, unsigned long v, unsigned int base)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		lx_putc(o, tmp[--i]);
}

size_t lx_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct lx_out o = { buf, size, 0 };
	int lng, alt;
	long v;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			lx_putc(&o, *fmt);
			continue;
		}
		fmt++;
		alt = 0;
		if (*fmt == '#') {
			alt = 1;
			fmt++;
		}
		lng = 0;
		if (*fmt == 'l' || *fmt == 'z') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			v = lng ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0) {
				lx_putc(&o, '-');
				lx_putu(&o, -(unsigned long)v, 10);
			} else {
				lx_putu(&o, (unsigned long)v, 10);
			}
			break;
		case 'u':
			lx_putu(&o, lng ? va_arg(ap, unsigned long) :
				va_arg(ap, unsigned int), 10);
			break;
		case 'x':
			if (alt)
				lx_puts(&o, "0x");
			lx_putu(&o, lng ? va_arg(ap, unsigned long) :
				va_arg(ap, unsigned int), 16);
			break;
		case 'p':
			lx_puts(&o, "0x");
			lx_putu(&o, (unsigned long)va_arg(ap, void *), 16);
			break;
		case 's':
			lx_puts(&o, va_arg(ap, const char *));
			break;
		case 'c':
			lx_putc(&o, (char)va_arg(ap, int));
			break;
		case '%':
			lx_putc(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			lx_putc(&o, '%');
			lx_putc(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len < size ? o.len : (size ? size - 1 : 0);
}

size_t lx_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = lx_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void lx_vlog(const char *fmt, va_list ap)
{
	char buf[LX_LOG_MAX];
	size_t n = 0;
	long h = lx_start_info.std_handles[2];

	if (!lx_start_info.si)
		h = dk_std_handle(2);
	if (h < 0)
		return;
	n += lx_snprintf(buf, sizeof(buf) - 1, "libos: ");
	n += lx_vsnprintf(buf + n, sizeof(buf) - 1 - n, fmt, ap);
	buf[n++] = '\n';
	DkStreamWrite(h, DK_OFFSET_NONE, n, buf);
}

void lx_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lx_vlog(fmt, ap);
	va_end(ap);
}

void lx_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lx_vlog(fmt, ap);
	va_end(ap);
	lx_exit_group(127);
}
