// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dk calls: exceptions.
 *
 * DkSetExceptionHandler records the program's handler here and asks the
 * module to point the event's host signal(s) at dk_exception_entry.  The
 * entry runs on the faulting thread's stack with the host signal frame
 * above it, describes the exception in a struct dk_exception (the
 * register context is the frame's saved struct sigcontext, which the
 * handler may change) and calls the handler.  DkExceptionReturn resumes
 * the frame with rt_sigreturn; a handler that simply returns resumes too.
 */
#include <stddef.h>
#include <asm/sigcontext.h>
#include <dk.h>

#include "calls.h"

#include "raw.h"

#define DK_HOST_SIGILL		4
#define DK_HOST_SIGBUS		7
#define DK_HOST_SIGFPE		8
#define DK_HOST_SIGSEGV		11
#define DK_HOST_SIGSYS		31
#define DK_HOST_SI_KERNEL	0x80
#define DK_HOST_SYS_SECCOMP	1
#define DK_HOST_AUDIT_ARCH_X86_64 0xc000003eU
/* x32 system call numbers carry this bit. */
#define DK_HOST_X32_BIT		0x40000000
/* `syscall`, `sysenter` and `int $0x80` are all two bytes long. */
#define DK_HOST_SYSCALL_LEN	2
/* Offset of uc_mcontext in the host's struct ucontext (x86-64). */
#define DK_HOST_UC_MCONTEXT	40

/* The leading part of the host siginfo_t (x86-64 layout). */
struct dk_host_siginfo {
	int32_t signo;
	int32_t errnum;
	int32_t code;
	int32_t pad;
	union {
		uint64_t addr;
		struct {
			int32_t pid;
			uint32_t uid;
			uint64_t value;
		} rt;
		struct {
			uint64_t call_addr;
			int32_t nr;
			uint32_t arch;
		} sys;
	} u;
};

typedef void (*dk_handler_fn)(struct dk_exception *exc);

/* The program's handler per DK_EXC_* event; NULL: none. */
static dk_handler_fn dk_handlers[DK_EXC_COUNT];

void dk_exception_entry(int sig, struct dk_host_siginfo *si, void *uc)
	__attribute__((visibility("hidden"), used));
_Noreturn void dk_exception_resume(uint64_t frame)
	__attribute__((visibility("hidden")));
void dk_exception_restorer(void) __attribute__((visibility("hidden")));

/*
 * Resume a host signal frame: rt_sigreturn expects %rsp at the frame's
 * ucontext.  The restorer is what the kernel returns to if a handler
 * returns normally (dk_exception_entry never does).
 */
__asm__(
	"	.text\n"
	"	.globl	dk_exception_resume\n"
	"	.hidden	dk_exception_resume\n"
	"	.type	dk_exception_resume, @function\n"
	"dk_exception_resume:\n"
	"	movq	%rdi, %rsp\n"
	"	movl	$15, %eax\n"
	"	syscall\n"
	"	ud2\n"
	"	.size	dk_exception_resume, . - dk_exception_resume\n"
	"	.globl	dk_exception_restorer\n"
	"	.hidden	dk_exception_restorer\n"
	"	.type	dk_exception_restorer, @function\n"
	"dk_exception_restorer:\n"
	"	movl	$15, %eax\n"
	"	syscall\n"
	"	ud2\n"
	"	.size	dk_exception_restorer, . - dk_exception_restorer\n");

static uint32_t dk_exception_event(int sig)
{
	switch (sig) {
	case DK_HOST_SIGSEGV:
	case DK_HOST_SIGBUS:
		return DK_EXC_MEMORY_FAULT;
	case DK_HOST_SIGILL:
		return DK_EXC_ILLEGAL_INSTRUCTION;
	case DK_HOST_SIGFPE:
		return DK_EXC_ARITHMETIC;
	case DK_EXC_HOST_SIGNAL:
		return DK_EXC_RAISED;
	case DK_HOST_SIGSYS:
		return DK_EXC_SYSCALL;
	default:
		return 0;
	}
}

void dk_exception_entry(int sig, struct dk_host_siginfo *si, void *uc)
{
	struct dk_exception exc = {
		.magic = DK_EXC_MAGIC,
		.event = dk_exception_event(sig),
		.code = si->code,
		.size = sizeof(exc),
		.regs = (uintptr_t)uc + DK_HOST_UC_MCONTEXT,
		.frame = (uintptr_t)uc,
	};
	dk_handler_fn fn;

	if (!exc.event)
		dk_exception_resume(exc.frame);
	if (exc.event == DK_EXC_RAISED) {
		/* Only the module's raise carries SI_KERNEL: drop others. */
		if (si->code != DK_HOST_SI_KERNEL)
			dk_exception_resume(exc.frame);
		exc.opaque = si->u.rt.value;
	} else if (exc.event == DK_EXC_SYSCALL) {
		/* Only seccomp's SIGSYS is a refused call: drop others. */
		if (si->code != DK_HOST_SYS_SECCOMP)
			dk_exception_resume(exc.frame);
		/*
		 * Never emulated: i386 (int $0x80, sysenter) and x32 calls.
		 * Back to the default action and the instruction again: it
		 * traps once more and ends the picoprocess, reported as the
		 * refused call it is.
		 */
		if (si->u.sys.arch != DK_HOST_AUDIT_ARCH_X86_64 ||
		    (si->u.sys.nr & DK_HOST_X32_BIT)) {
			struct sigcontext *regs = (void *)(uintptr_t)exc.regs;

			DkSetExceptionHandler(0, DK_EXC_SYSCALL);
			regs->rip = si->u.sys.call_addr - DK_HOST_SYSCALL_LEN;
			dk_exception_resume(exc.frame);
		}
		exc.addr = si->u.sys.call_addr;
		exc.opaque = (uint32_t)si->u.sys.nr;
	} else {
		exc.addr = si->u.addr;
	}
	fn = __atomic_load_n(&dk_handlers[exc.event], __ATOMIC_ACQUIRE);
	if (!fn) {
		/*
		 * Removed meanwhile: default action; a fault recurs and ends
		 * us, and a refused system call is made again to the same end.
		 */
		DkSetExceptionHandler(0, exc.event);
		if (exc.event == DK_EXC_SYSCALL)
			((struct sigcontext *)(uintptr_t)exc.regs)->rip -=
				DK_HOST_SYSCALL_LEN;
		dk_exception_resume(exc.frame);
	}
	fn(&exc);
	DkExceptionReturn(&exc);
	/* The handler damaged the block: nothing sane to resume. */
	dk_raw_exit_group(DK_START_BAD_INFO_EXIT);
}

long DkSetExceptionHandler(void *handler, uint32_t event)
{
	dk_handler_fn old;
	long ret;

	if (!event || event >= DK_EXC_COUNT)
		return -EINVAL;
	old = __atomic_exchange_n(&dk_handlers[event], (dk_handler_fn)handler,
				  __ATOMIC_ACQ_REL);
	ret = dk_call_SET_EXCEPTION_HANDLER(handler ?
					    (const void *)dk_exception_entry :
					    NULL, event,
					    (const void *)dk_exception_restorer);
	if (ret < 0)
		__atomic_store_n(&dk_handlers[event], old, __ATOMIC_RELEASE);
	return ret;
}

long DkExceptionReturn(void *context)
{
	const struct dk_exception *exc = context;
	long ret;

	ret = dk_call_EXCEPTION_RETURN(context);
	if (ret < 0)
		return ret;
	dk_exception_resume(exc->frame);
}
