// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: DkVirtualMemoryAlloc/Free/Protect.
 *
 * All memory a picoprocess allocates through the Dk ABI is a MAP_SHARED
 * mapping of one private shmem file per context, at file offset equal to
 * the virtual address.  That makes every range re-mappable in place: a
 * protection change or a commit is a MAP_FIXED mapping of the same file
 * pages with new protection, which keeps the contents; decommit and
 * release punch the pages out of the file.  This needs only exported
 * interfaces (vm_mmap, vm_munmap, vfs_fallocate); the module never edits
 * page tables or VMAs itself.  Only ranges that are entirely such
 * mappings can be freed or re-protected, so the calls cannot touch the
 * image, the stack, or anything else the launcher mapped.
 */
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/shmem_fs.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/err.h>
#include <linux/drawbridge.h>

#include "compat.h"
#include "context.h"
#include "vm.h"
#include "table.h"

#define DK_PROT_ALL	(DK_PROT_READ | DK_PROT_WRITE | DK_PROT_EXEC)
#define DK_MAP_TRIES	8

/* The PROT_* bits of mmap(2) for DK_PROT_* @prot (DK_PROT_WRITECOPY aside). */
unsigned long dk_prot_to_mmap(u32 prot)
{
	unsigned long p = PROT_NONE;

	if (prot & DK_PROT_READ)
		p |= PROT_READ;
	if (prot & DK_PROT_WRITE)
		p |= PROT_WRITE;
	if (prot & DK_PROT_EXEC)
		p |= PROT_EXEC;
	return p;
}

/* The backing file, created on first use.  Called with vm_lock held. */
static struct file *dk_vm_file(struct dk_ctx *ctx)
{
	struct file *file;

	lockdep_assert_held(&ctx->vm_lock);
	if (ctx->memfile)
		return ctx->memfile;
	file = shmem_file_setup("drawbridge-vm", TASK_SIZE_MAX, VM_NORESERVE);
	if (IS_ERR(file))
		return file;
	ctx->memfile = file;
	return file;
}

/*
 * Check and page-align a range.  @addr must be page aligned, @size non-zero
 * and the range inside the user address space.
 */
static int dk_vm_range(u64 addr, u64 size, unsigned long *len)
{
	if (!size || (addr & ~PAGE_MASK))
		return -EINVAL;
	if (size > TASK_SIZE_MAX || addr > TASK_SIZE_MAX - PAGE_ALIGN(size))
		return -EINVAL;
	*len = PAGE_ALIGN(size);
	return 0;
}

/* Is [start, start + len) covered, gap-free, by our file at offset == va? */
static bool dk_vm_range_ours(struct dk_ctx *ctx, unsigned long start,
			     unsigned long len)
{
	struct mm_struct *mm = current->mm;
	unsigned long pos = start, end = start + len;
	struct vm_area_struct *vma;
	bool ours = true;

	if (!ctx->memfile)
		return false;
	mmap_read_lock(mm);
	while (pos < end) {
		vma = find_vma(mm, pos);
		if (!vma || vma->vm_start > pos ||
		    vma->vm_file != ctx->memfile ||
		    vma->vm_pgoff != vma->vm_start >> PAGE_SHIFT) {
			ours = false;
			break;
		}
		pos = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return ours;
}

/* Map [start, start + len) of the backing file at the same address. */
static int dk_vm_map(struct dk_ctx *ctx, unsigned long start,
		     unsigned long len, u32 prot, unsigned long flags)
{
	unsigned long got;

	got = vm_mmap(ctx->memfile, start, len, dk_prot_to_mmap(prot),
		      MAP_SHARED | flags, start);
	if (IS_ERR_VALUE(got))
		return (int)got;
	if (WARN_ON_ONCE(got != start)) {
		vm_munmap(got, len);
		return -EFAULT;
	}
	return 0;
}

/* Reserve a new range at @start, or anywhere when @start is 0. */
static int dk_vm_reserve(struct dk_ctx *ctx, unsigned long *start,
			 unsigned long len, u32 prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long addr;
	int tries, ret = -ENOMEM;

	if (*start)
		return dk_vm_map(ctx, *start, len, prot, MAP_FIXED_NOREPLACE);

	/* The file offset must equal the address: pick the address first. */
	for (tries = 0; tries < DK_MAP_TRIES; tries++) {
		mmap_read_lock(mm);
		addr = dk_get_unmapped_area(mm, len);
		mmap_read_unlock(mm);
		if (IS_ERR_VALUE(addr))
			return (int)addr;
		ret = dk_vm_map(ctx, addr, len, prot, MAP_FIXED_NOREPLACE);
		if (ret != -EEXIST)
			break;
	}
	if (!ret)
		*start = addr;
	return ret == -EEXIST ? -ENOMEM : ret;
}

static void dk_vm_discard(struct dk_ctx *ctx, unsigned long start,
			  unsigned long len)
{
	/* Frees the pages; a failure only delays that to context teardown. */
	vfs_fallocate(ctx->memfile, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      start, len);
}

/*
 * DkVirtualMemoryAlloc(u64 *Addr, Size, Type, Prot)
 *
 * DK_MEM_RESERVE (optionally with DK_MEM_COMMIT) creates a new range at
 * *Addr, or anywhere if *Addr is 0, and stores its address in *Addr.
 * DK_MEM_COMMIT alone applies Prot to an existing Dk range.
 */
long dk_sys_vm_alloc(struct dk_ctx *ctx, const u64 *args)
{
	u64 __user *uaddr = u64_to_user_ptr(args[0]);
	u32 type = args[2], prot = args[3];
	unsigned long start, len;
	struct file *file;
	u64 addr;
	int ret;

	if (args[2] > U32_MAX || args[3] > U32_MAX)
		return -EINVAL;
	if (!type || (type & ~(DK_MEM_RESERVE | DK_MEM_COMMIT)) ||
	    (prot & ~DK_PROT_ALL))
		return -EINVAL;
	if (get_user(addr, uaddr))
		return -EFAULT;
	ret = dk_vm_range(addr, args[1], &len);
	if (ret)
		return ret;
	start = addr;

	mutex_lock(&ctx->vm_lock);
	file = dk_vm_file(ctx);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto out_unlock;
	}

	if (!(type & DK_MEM_RESERVE)) {
		/* Commit within an existing reservation. */
		if (!start || !dk_vm_range_ours(ctx, start, len)) {
			ret = -EFAULT;
			goto out_unlock;
		}
		ret = dk_vm_map(ctx, start, len, prot, MAP_FIXED);
		goto out_unlock;
	}

	if (ctx->vm_used + len > ctx->max_vm) {
		ret = -EDQUOT;
		goto out_unlock;
	}
	ret = dk_vm_reserve(ctx, &start, len,
			    (type & DK_MEM_COMMIT) ? prot : DK_PROT_NONE);
	if (ret)
		goto out_unlock;
	if (put_user((u64)start, uaddr)) {
		vm_munmap(start, len);
		ret = -EFAULT;
		goto out_unlock;
	}
	ctx->vm_used += len;

out_unlock:
	mutex_unlock(&ctx->vm_lock);
	return ret;
}

/*
 * DkVirtualMemoryFree(Addr, Size, Type): DK_MEM_DECOMMIT drops the
 * contents and makes the range inaccessible but keeps it reserved;
 * DK_MEM_RELEASE gives it back.  The range must be Dk memory (-EFAULT).
 */
long dk_sys_vm_free(struct dk_ctx *ctx, const u64 *args)
{
	if (args[2] != DK_MEM_DECOMMIT && args[2] != DK_MEM_RELEASE)
		return -EINVAL;
	return dk_vm_free(ctx, args[0], args[1], args[2]);
}

/**
 * dk_vm_free - DkVirtualMemoryFree for the module's own use
 * @ctx:  the context; the caller runs in its address space
 * @addr: start of the range (page aligned)
 * @size: its length
 * @type: DK_MEM_DECOMMIT or DK_MEM_RELEASE
 *
 * Return: 0, -EINVAL for a bad range, -EFAULT if it is not all Dk memory,
 * or the error of unmapping or remapping it.
 */
int dk_vm_free(struct dk_ctx *ctx, u64 addr, u64 size, u32 type)
{
	unsigned long start = addr, len;
	int ret;

	ret = dk_vm_range(addr, size, &len);
	if (ret)
		return ret;

	mutex_lock(&ctx->vm_lock);
	if (!dk_vm_range_ours(ctx, start, len)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	if (type == DK_MEM_RELEASE) {
		ret = vm_munmap(start, len);
		if (ret)
			goto out_unlock;
		ctx->vm_used -= min_t(u64, ctx->vm_used, len);
	} else {
		ret = dk_vm_map(ctx, start, len, DK_PROT_NONE, MAP_FIXED);
		if (ret)
			goto out_unlock;
	}
	dk_vm_discard(ctx, start, len);

out_unlock:
	mutex_unlock(&ctx->vm_lock);
	return ret;
}

/* DkVirtualMemoryProtect(Addr, Size, Prot): contents are kept. */
long dk_sys_vm_protect(struct dk_ctx *ctx, const u64 *args)
{
	unsigned long start = args[0], len;
	int ret;

	if (args[2] & ~(u64)DK_PROT_ALL)
		return -EINVAL;
	ret = dk_vm_range(args[0], args[1], &len);
	if (ret)
		return ret;

	mutex_lock(&ctx->vm_lock);
	if (!dk_vm_range_ours(ctx, start, len))
		ret = -EFAULT;
	else
		ret = dk_vm_map(ctx, start, len, args[2], MAP_FIXED);
	mutex_unlock(&ctx->vm_lock);
	return ret;
}
