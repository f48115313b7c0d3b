// SPDX-License-Identifier: GPL-2.0
/* Program classification and the libOS image's path (see mode.h). */
#include <elf.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/drawbridge.h>

#include "mode.h"

#ifndef DBX_LIBOS_IMAGE
#define DBX_LIBOS_IMAGE	"/usr/local/lib/drawbridge/libos"
#endif

/* Most program headers looked at, and bytes of one PT_NOTE read. */
#define CLASSIFY_MAX_PHNUM	64
#define CLASSIFY_MAX_NOTES	4096

static bool pread_all(int fd, void *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  off + (off_t)done);

		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

/* Whether the notes in @buf (@len bytes) hold the Drawbridge image note. */
static bool has_image_note(const unsigned char *buf, size_t len)
{
	static const char name[] = DK_NOTE_NAME;
	size_t off = 0;

	while (len - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		size_t namesz, descsz;

		memcpy(&nh, buf + off, sizeof(nh));
		off += sizeof(nh);
		namesz = (nh.n_namesz + 3u) & ~3u;
		descsz = (nh.n_descsz + 3u) & ~3u;
		if (namesz > len - off || descsz > len - off - namesz)
			return false;
		if (nh.n_type == DK_NOTE_IMAGE && nh.n_namesz == sizeof(name) &&
		    !memcmp(buf + off, name, sizeof(name)))
			return true;
		off += namesz + descsz;
	}
	return false;
}

enum prog_kind prog_classify(int fd)
{
	static unsigned char notes[CLASSIFY_MAX_NOTES];
	Elf64_Phdr ph[CLASSIFY_MAX_PHNUM];
	bool interp = false, note = false;
	Elf64_Ehdr eh;
	unsigned int i;

	if (!pread_all(fd, &eh, sizeof(eh), 0) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum ||
	    eh.e_phnum > CLASSIFY_MAX_PHNUM || eh.e_phoff > (Elf64_Off)LONG_MAX ||
	    !pread_all(fd, ph, eh.e_phnum * sizeof(ph[0]), (off_t)eh.e_phoff))
		return PROG_OTHER;
	for (i = 0; i < eh.e_phnum; i++) {
		size_t len = ph[i].p_filesz < sizeof(notes) ?
			     (size_t)ph[i].p_filesz : sizeof(notes);

		if (ph[i].p_type == PT_INTERP)
			interp = true;
		if (ph[i].p_type == PT_NOTE && !note && len &&
		    ph[i].p_offset <= (Elf64_Off)LONG_MAX &&
		    pread_all(fd, notes, len, (off_t)ph[i].p_offset))
			note = has_image_note(notes, len);
	}
	if (note)
		return PROG_DK_IMAGE;
	return interp ? PROG_DYNAMIC : PROG_STATIC;
}

int libos_image_path(const char *given, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n;
	char *slash;
	int i;

	if (given)
		return snprintf(buf, len, "%s", given) < (int)len ? 0 : -1;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		/* .../tools/dbexec/dbexec -> .../libos/libos */
		for (i = 0; i < 3; i++) {
			slash = strrchr(self, '/');
			if (!slash)
				break;
			*slash = '\0';
		}
		if (i == 3 && snprintf(buf, len, "%s/libos/libos", self) < (int)len &&
		    access(buf, F_OK) == 0)
			return 0;
	}
	return snprintf(buf, len, "%s", DBX_LIBOS_IMAGE) < (int)len ? 0 : -1;
}
