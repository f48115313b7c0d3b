/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the DkVirtualMemory* calls (vm.c).
 */
#ifndef _DK_VM_H
#define _DK_VM_H

#include <linux/types.h>

struct dk_ctx;

unsigned long dk_prot_to_mmap(u32 prot);
int dk_vm_free(struct dk_ctx *ctx, u64 addr, u64 size, u32 type);

#endif /* _DK_VM_H */
