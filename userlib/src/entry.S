/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * _dk_start: the entry point of a picoprocess image (x86-64).
 *
 * dbexec jumps here with %rdi = struct dk_start_info * and a 16-byte
 * aligned stack; no other register is defined.  The host kernel, should
 * the image be executed directly, enters with %rdi = 0.  Either way
 * dk_start_main() (start.c) receives %rdi as its argument and never
 * returns.
 */
	.text
	.globl	_dk_start
	.type	_dk_start, @function
_dk_start:
	.cfi_startproc
	.cfi_undefined rip		/* outermost frame for unwinders */
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	andq	$-16, %rsp		/* ABI: aligned before the call */
	call	dk_start_main
	ud2				/* not reached */
	.cfi_endproc
	.size	_dk_start, . - _dk_start

/*
 * The image mark (uapi DK_NOTE_*): name "Drawbridge", type 1, descriptor
 * the 32-bit image format version 1.  In a PT_NOTE segment of the image.
 */
	.section .note.drawbridge, "a", @note
	.balign	4
	.long	11			/* namesz: "Drawbridge" and its NUL */
	.long	4			/* descsz */
	.long	1			/* DK_NOTE_IMAGE */
	.asciz	"Drawbridge"
	.balign	4
	.long	1			/* DK_NOTE_IMAGE_VERSION */
	.balign	4

	.section .note.GNU-stack, "", @progbits
