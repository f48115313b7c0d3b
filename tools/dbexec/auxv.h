/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DBEXEC_AUXV_H
#define DBEXEC_AUXV_H

void host_auxv_load(void);
unsigned long host_auxv(unsigned long type);

#endif
