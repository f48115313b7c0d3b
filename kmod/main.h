/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the device file (main.c).
 */
#ifndef _DK_MAIN_H
#define _DK_MAIN_H

struct file;

struct dk_ctx *dk_ctx_of_file(struct file *file);

#endif /* _DK_MAIN_H */
