// SPDX-License-Identifier: GPL-2.0
/*
 * Identity and system information: gettid, the user and group ids, uname,
 * sysinfo, getrandom, umask, prctl(PR_SET_NAME/PR_GET_NAME ...),
 * getcpu, prlimit64/getrlimit/setrlimit.
 *
 * The user and group ids are 0 (the Dk ABI does not tell the host's;
 * libos.rst); the process ids are proc.c's.
 */
#include "lx.h"
#include "mem.h"
#include "lxtime.h"
#include "thread.h"
#include "proc.h"

#include <linux/prctl.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/utsname.h>

#define LX_GRND_NONBLOCK	0x1
#define LX_GRND_RANDOM		0x2
#define LX_GRND_INSECURE	0x4

static int lx_umask = 022;

/* The top process: pid = the main thread's tid (fork children: fork.c). */
void lx_ids_init(void)
{
	if (!lx_proc_pid()) {
		int tid = lx_self()->tid;

		lx_proc_set_ids(tid, 0, tid, tid);
	}
}

long lx_sys_gettid(struct lx_call *c)
{
	(void)c;
	return lx_self()->tid;
}

/* The user and group ids, real and effective: all 0. */
#define LX_ID_ZERO(name)				\
long lx_sys_##name(struct lx_call *c)			\
{							\
	(void)c;					\
	return 0;					\
}

LX_ID_ZERO(getuid)
LX_ID_ZERO(geteuid)
LX_ID_ZERO(getgid)
LX_ID_ZERO(getegid)
#undef LX_ID_ZERO

long lx_sys_getgroups(struct lx_call *c)
{
	if (c->a[0] < 0)
		return -EINVAL;
	return 0;	/* no supplementary groups */
}

int lx_umask_get(void)
{
	return __atomic_load_n(&lx_umask, __ATOMIC_RELAXED);
}

void lx_umask_set(int mask)
{
	__atomic_store_n(&lx_umask, mask & 0777, __ATOMIC_RELAXED);
}

long lx_sys_umask(struct lx_call *c)
{
	return __atomic_exchange_n(&lx_umask, (int)(c->a[0] & 0777),
				   __ATOMIC_RELAXED);
}

/* Copy @s into the utsname field @dst (65 bytes), truncated. */
static void lx_uts_set(char *dst, const char *s)
{
	size_t n = strnlen(s, __NEW_UTS_LEN);

	memcpy(dst, s, n);
	memset(dst + n, 0, __NEW_UTS_LEN + 1 - n);
}

long lx_sys_uname(struct lx_call *c)
{
	struct new_utsname *u = (void *)c->a[0];

	if (!LX_USER_WR(u, sizeof(*u)))
		return -EFAULT;
	/* The Dk ABI cannot learn the host's: fixed values (libos.rst). */
	lx_uts_set(u->sysname, "Linux");
	lx_uts_set(u->nodename, "localhost");
	lx_uts_set(u->release, "6.1.0-drawbridge");
	lx_uts_set(u->version, "#1 SMP Drawbridge libOS");
	lx_uts_set(u->machine, "x86_64");
	lx_uts_set(u->domainname, "(none)");
	return 0;
}

/* What sysinfo reports as the machine's memory (the default vm quota). */
#define LX_SYSINFO_RAM		(16UL << 30)

long lx_sys_sysinfo(struct lx_call *c)
{
	struct sysinfo *si = (void *)c->a[0];
	unsigned long used = 0, i;

	if (!LX_USER_WR(si, sizeof(*si)))
		return -EFAULT;
	lx_mem_lock();
	for (i = 0; i < lx_mem_vmas.n; i++)
		if (lx_vma_real(&lx_mem_vmas.v[i]))
			used += lx_mem_vmas.v[i].end - lx_mem_vmas.v[i].start;
	lx_mem_unlock();
	memset(si, 0, sizeof(*si));
	si->uptime = (long)(lx_time_mono() / 1000000000ULL);
	si->totalram = LX_SYSINFO_RAM;
	si->freeram = used < LX_SYSINFO_RAM ? LX_SYSINFO_RAM - used : 0;
	si->procs = (unsigned short)lx_thread_live();
	si->mem_unit = 1;
	return 0;
}

long lx_sys_getrandom(struct lx_call *c)
{
	unsigned long len = c->a[1], done = 0;
	char *buf = (char *)c->a[0];
	long n;

	if (c->a[2] & ~(LX_GRND_NONBLOCK | LX_GRND_RANDOM | LX_GRND_INSECURE))
		return -EINVAL;
	if ((c->a[2] & LX_GRND_RANDOM) && (c->a[2] & LX_GRND_INSECURE))
		return -EINVAL;
	if (len > 0x1ffffff)
		len = 0x1ffffff;	/* Linux's per-call maximum */
	if (!LX_USER_WR(buf, len))
		return -EFAULT;
	while (done < len) {
		n = DkRandomBitsRead(buf + done, len - done);
		if (n <= 0)
			return done ? (long)done : (n ? n : -EIO);
		done += (unsigned long)n;
	}
	return (long)done;
}

long lx_sys_getcpu(struct lx_call *c)
{
	unsigned int *cpu = (void *)c->a[0], *node = (void *)c->a[1];

	if (cpu) {
		if (!LX_USER_WR(cpu, sizeof(*cpu)))
			return -EFAULT;
		*cpu = 0;
	}
	if (node) {
		if (!LX_USER_WR(node, sizeof(*node)))
			return -EFAULT;
		*node = 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Resource limits: a table in the libOS, enforced where it applies.   */
/* ------------------------------------------------------------------ */

static struct lx_lock lx_rlim_lock = LX_LOCK_INIT;	/* lx_rlim */
static struct rlimit64 lx_rlim[RLIM_NLIMITS] = {
	[RLIMIT_CPU]		= { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_FSIZE]		= { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_DATA]		= { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_STACK]		= { LX_STACK_SIZE, RLIM64_INFINITY },
	[RLIMIT_CORE]		= { 0, RLIM64_INFINITY },
	[RLIMIT_RSS]		= { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_NPROC]		= { 4096, 4096 },
	[RLIMIT_NOFILE]		= { 1024, 4096 },
	[RLIMIT_MEMLOCK]	= { 8UL << 20, 8UL << 20 },
	[RLIMIT_AS]		= { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_LOCKS]		= { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_SIGPENDING]	= { 4096, 4096 },
	[RLIMIT_MSGQUEUE]	= { 819200, 819200 },
	[RLIMIT_NICE]		= { 0, 0 },
	[RLIMIT_RTPRIO]		= { 0, 0 },
	[RLIMIT_RTTIME]		= { RLIM64_INFINITY, RLIM64_INFINITY },
};

static long lx_rlimit(unsigned int res, const struct rlimit64 *nw,
		      struct rlimit64 *old)
{
	long ret = 0;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (nw && nw->rlim_cur > nw->rlim_max)
		return -EINVAL;
	lx_lock(&lx_rlim_lock);
	if (old)
		*old = lx_rlim[res];
	if (nw) {
		if (nw->rlim_max > lx_rlim[res].rlim_max)
			ret = -EPERM;	/* raising a hard limit */
		else
			lx_rlim[res] = *nw;
	}
	lx_unlock(&lx_rlim_lock);
	return ret;
}

long lx_sys_prlimit64(struct lx_call *c)
{
	struct rlimit64 nw, old;
	void *unew = (void *)c->a[2], *uold = (void *)c->a[3];
	long ret;

	if (c->a[0] && c->a[0] != lx_proc_pid())
		return -ESRCH;
	if (unew) {
		if (!LX_USER_RD(unew, sizeof(nw)))
			return -EFAULT;
		memcpy(&nw, unew, sizeof(nw));
	}
	if (uold && !LX_USER_WR(uold, sizeof(old)))
		return -EFAULT;
	ret = lx_rlimit((unsigned int)c->a[1], unew ? &nw : NULL, &old);
	if (ret == 0 && uold)
		memcpy(uold, &old, sizeof(old));
	return ret;
}

long lx_sys_getrlimit(struct lx_call *c)
{
	struct rlimit64 old;
	struct rlimit *u = (void *)c->a[1];
	long ret;

	if (!LX_USER_WR(u, sizeof(*u)))
		return -EFAULT;
	ret = lx_rlimit((unsigned int)c->a[0], NULL, &old);
	if (ret == 0) {
		u->rlim_cur = old.rlim_cur;
		u->rlim_max = old.rlim_max;
	}
	return ret;
}

long lx_sys_setrlimit(struct lx_call *c)
{
	const struct rlimit *u = (void *)c->a[1];
	struct rlimit64 nw;

	if (!LX_USER_RD(u, sizeof(*u)))
		return -EFAULT;
	nw.rlim_cur = u->rlim_cur;
	nw.rlim_max = u->rlim_max;
	return lx_rlimit((unsigned int)c->a[0], &nw, NULL);
}

/* ------------------------------------------------------------------ */
/* prctl                                                                */
/* ------------------------------------------------------------------ */

long lx_sys_prctl(struct lx_call *c)
{
	char *name = lx_thread_name(lx_self());
	void *p = (void *)c->a[1];

	switch (c->a[0]) {
	case PR_SET_NAME:
		if (!name)
			return -ENOMEM;
		if (!LX_USER_RD(p, 1))
			return -EFAULT;
		/* 15 bytes at most, like the kernel's comm. */
		memset(name, 0, 16);
		memcpy(name, p, strnlen(p, 15));
		return 0;
	case PR_GET_NAME:
		if (!name)
			return -ENOMEM;
		if (!LX_USER_WR(p, 16))
			return -EFAULT;
		memcpy(p, name, 16);
		return 0;
	case PR_GET_DUMPABLE:
		return 0;	/* dbexec makes picoprocesses non-dumpable */
	case PR_SET_DUMPABLE:
		return c->a[1] == 0 || c->a[1] == 1 ? 0 : -EINVAL;
	case PR_GET_NO_NEW_PRIVS:
		return 1;	/* set by dbexec for the seccomp filter */
	case PR_SET_NO_NEW_PRIVS:
		return c->a[1] == 1 ? 0 : -EINVAL;
	case PR_GET_PDEATHSIG:
		if (!LX_USER_WR(p, sizeof(int)))
			return -EFAULT;
		*(int *)p = 0;
		return 0;
	case PR_SET_PDEATHSIG:
		return c->a[1] < 0 || c->a[1] > 64 ? -EINVAL : 0;
	case PR_CAPBSET_READ:
		return c->a[1] < 0 || c->a[1] > 40 ? -EINVAL : 0;
	case PR_GET_KEEPCAPS:
		return 0;
	default:
		return -EINVAL;
	}
}
