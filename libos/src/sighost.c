// SPDX-License-Identifier: GPL-2.0
/*
 * Host signals: dbexec forwards the SIGINT, SIGTERM and SIGHUP it receives
 * as one byte each (the signal number) on a pipe whose read end the libOS
 * gets as a stream (struct dk_start_info.signal_handle).  A listener
 * thread reads it and queues each as a process-directed signal from
 * outside (si_code SI_USER, si_pid 0): the program's handlers, mask and
 * default actions decide, as for a native process.  End of file (dbexec
 * gone) ends the listener.
 */
#include "lx.h"
#include "sig.h"

static struct lx_thread lx_sighost_self;	/* the listener's GS */

static void lx_sighost_loop(void *arg)
{
	long h = (long)arg, ret;
	unsigned char b;

	/* Its own GS: lx_sig_post must not take it for a program thread. */
	lx_sighost_self.self = &lx_sighost_self;
	lx_thread_start(&lx_sighost_self);
	for (;;) {
		ret = DkStreamRead(h, DK_OFFSET_NONE, 1, &b);
		if (ret == -EINTR)
			continue;
		if (ret != 1)
			break;
		if (b >= 1 && b <= LX_NSIG)
			lx_sig_post(0, b, LX_SI_USER, 0);
	}
	DkObjectClose(h);
	DkThreadExit();
}

long lx_sighost_init(void)
{
	const struct dk_start_info *si = lx_start_info.si;
	long h;

	if (!si || si->size < DK_START_INFO_SIZE_VER2 || si->signal_handle < 0)
		return 0;
	h = DkThreadCreate(lx_sighost_loop, (void *)(long)si->signal_handle,
			   NULL, 0);
	if (h < 0)
		return h;
	DkObjectClose(h);
	return 0;
}
