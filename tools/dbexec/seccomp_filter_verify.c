// SPDX-License-Identifier: GPL-2.0
/*
 * A classic-BPF interpreter for seccomp programs (the subset of
 * instructions seccomp accepts) and the table of verdicts the picoprocess
 * policy must give.  Anything the interpreter does not understand fails
 * the check: the launcher then refuses to run the picoprocess.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/drawbridge.h>
#include <linux/seccomp.h>

#include "seccomp_filter_verify.h"

#define X32_BIT		0x40000000U
#define NR_SCAN		1024	/* system call numbers scanned per ABI */

/* x86-64 numbers of the allowed calls, and their i386/x32 relatives. */
#define NR_RT_SIGRETURN	15
#define NR_IOCTL	16
#define NR_EXIT		60
#define NR_EXIT_GROUP	231
#define NR_CLONE	56

struct vm_result {
	bool ok;
	uint32_t ret;
	const char *why;
};

static struct vm_result fault(const char *why)
{
	struct vm_result r = { .ok = false, .ret = 0, .why = why };

	return r;
}

static struct vm_result run(const struct sock_fprog *prog,
			    const struct seccomp_data *d)
{
	struct vm_result r;
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	unsigned int pc = 0, steps = 0;
	unsigned char raw[sizeof(*d)];

	memcpy(raw, d, sizeof(raw));
	while (pc < prog->len && steps++ <= prog->len) {
		const struct sock_filter *f = &prog->filter[pc++];
		uint32_t k = f->k, src = BPF_SRC(f->code) == BPF_X ? x : k;
		bool cond;

		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
		case BPF_LDX: {
			uint32_t v;

			if (f->code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (k % 4 || k > sizeof(raw) - 4)
					return fault("bad load offset");
				memcpy(&v, raw + k, 4);
			} else if (BPF_MODE(f->code) == BPF_IMM) {
				v = k;
			} else if (BPF_MODE(f->code) == BPF_MEM && k < BPF_MEMWORDS) {
				v = mem[k];
			} else if (BPF_MODE(f->code) == BPF_LEN) {
				v = sizeof(raw);
			} else {
				return fault("unknown load");
			}
			if (BPF_CLASS(f->code) == BPF_LD)
				a = v;
			else
				x = v;
			break;
		}
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return fault("bad store");
			mem[k] = BPF_CLASS(f->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			switch (BPF_OP(f->code)) {
			case BPF_ADD: a += src; break;
			case BPF_SUB: a -= src; break;
			case BPF_MUL: a *= src; break;
			case BPF_AND: a &= src; break;
			case BPF_OR:  a |= src; break;
			case BPF_XOR: a ^= src; break;
			case BPF_NEG: a = 0U - a; break;
			case BPF_LSH: a = src < 32 ? a << src : 0; break;
			case BPF_RSH: a = src < 32 ? a >> src : 0; break;
			case BPF_DIV:
				if (!src)
					return fault("division by zero");
				a /= src;
				break;
			case BPF_MOD:
				if (!src)
					return fault("division by zero");
				a %= src;
				break;
			default:
				return fault("unknown ALU operation");
			}
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA) {
				if (k >= prog->len - pc)
					return fault("jump out of range");
				pc += k;
				break;
			}
			switch (BPF_OP(f->code)) {
			case BPF_JEQ:  cond = a == src; break;
			case BPF_JGT:  cond = a > src; break;
			case BPF_JGE:  cond = a >= src; break;
			case BPF_JSET: cond = (a & src) != 0; break;
			default:
				return fault("unknown jump");
			}
			pc += cond ? f->jt : f->jf;
			break;
		case BPF_RET:
			r.ok = true;
			r.ret = BPF_RVAL(f->code) == BPF_A ? a : k;
			return r;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return fault("unknown instruction class");
		}
	}
	return fault("ran off the end of the program");
}

struct case_ctx {
	const struct sock_fprog *prog;
	char *err;
	size_t errlen;
};

/* Run one call and require @want (SECCOMP_RET_ALLOW or _TRAP). */
static int expect(struct case_ctx *c, uint32_t arch, uint32_t nr,
		  uint64_t a0, uint64_t a1, uint32_t want, const char *what)
{
	struct seccomp_data d;
	struct vm_result r;

	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = (int)nr;
	d.args[0] = a0;
	d.args[1] = a1;
	r = run(c->prog, &d);
	if (!r.ok) {
		snprintf(c->err, c->errlen, "seccomp self-check: %s", r.why);
		return -1;
	}
	if (r.ret != want) {
		snprintf(c->err, c->errlen,
			 "seccomp self-check: %s (arch 0x%x, nr %u): got 0x%x, want 0x%x",
			 what, arch, nr, r.ret, want);
		return -1;
	}
	return 0;
}

static bool allowed_nr(uint32_t nr)
{
	return nr == NR_RT_SIGRETURN || nr == NR_IOCTL || nr == NR_EXIT ||
	       nr == NR_EXIT_GROUP;
}

int filter_verify(const struct sock_fprog *prog, int dk_fd, char *err,
		  size_t errlen)
{
	const uint32_t allow = SECCOMP_RET_ALLOW, trap = SECCOMP_RET_TRAP;
	const uint64_t fd = (uint64_t)dk_fd, call = DK_IOC_CALL;
	const uint64_t hi = 1ULL << 32;
	struct case_ctx c = { prog, err, errlen };
	uint32_t nr;

	if (!prog->filter || prog->len == 0) {
		snprintf(err, errlen, "seccomp self-check: empty program");
		return -1;
	}

	/* The allowed calls. */
	if (expect(&c, AUDIT_ARCH_X86_64, NR_IOCTL, fd, call, allow, "the gateway ioctl") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_EXIT, 0, 0, allow, "exit") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_EXIT_GROUP, 0, 0, allow, "exit_group") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_RT_SIGRETURN, 0, 0, allow, "rt_sigreturn") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_CLONE, DK_THREAD_CLONE_FLAGS, 0, allow,
		   "clone with the thread flags"))
		return -1;

	/* clone with any other flags (fork, CLONE_FILES, ...); clone3 below. */
	if (expect(&c, AUDIT_ARCH_X86_64, NR_CLONE, 0x11, 0, trap, "clone as fork") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_CLONE, DK_THREAD_CLONE_FLAGS | 0x400, 0, trap,
		   "clone with CLONE_FILES") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_CLONE, DK_THREAD_CLONE_FLAGS | hi, 0, trap,
		   "clone flags with high bits"))
		return -1;

	/* ioctl with anything else, including non-canonical encodings. */
	if (expect(&c, AUDIT_ARCH_X86_64, NR_IOCTL, fd, DK_IOC_SEAL, trap, "ioctl DK_IOC_SEAL") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_IOCTL, fd, DK_IOC_ADD_STREAM, trap, "ioctl DK_IOC_ADD_STREAM") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_IOCTL, fd + 1, call, trap, "ioctl on another fd") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_IOCTL, 0, call, trap, "ioctl on fd 0") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_IOCTL, fd | hi, call, trap, "ioctl fd with high bits") ||
	    expect(&c, AUDIT_ARCH_X86_64, NR_IOCTL, fd, call | hi, trap, "ioctl cmd with high bits"))
		return -1;

	/* Every other x86-64 number, with the gateway's arguments. */
	for (nr = 0; nr < NR_SCAN; nr++) {
		if (!allowed_nr(nr) &&
		    expect(&c, AUDIT_ARCH_X86_64, nr, fd, call, trap, "x86-64 call"))
			return -1;
	}
	if (expect(&c, AUDIT_ARCH_X86_64, 0xffffffffU, fd, call, trap, "nr -1"))
		return -1;

	/* x32: bit 30 set, same audit arch; all of them, allowed ones too. */
	for (nr = 0; nr < NR_SCAN; nr++) {
		if (expect(&c, AUDIT_ARCH_X86_64, X32_BIT | nr, fd, call, trap, "x32 call"))
			return -1;
	}
	/* i386 (int $0x80, sysenter) and unknown architectures. */
	for (nr = 0; nr < NR_SCAN; nr++) {
		if (expect(&c, AUDIT_ARCH_I386, nr, fd, call, trap, "i386 call") ||
		    expect(&c, 0, nr, fd, call, trap, "unknown-arch call"))
			return -1;
	}
	return 0;
}
