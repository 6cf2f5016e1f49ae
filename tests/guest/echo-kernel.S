/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Yado's test kernel: a Multiboot (version 1) kernel, a 32-bit i386 ELF,
 * that the live tests boot the way a network install boots an install
 * tree's kernel: libvirt's <kernel>, <initrd> and <cmdline>, which QEMU
 * hands to a Multiboot kernel itself (-kernel; -initrd becomes a module;
 * -append the command line, after the kernel's file name).
 *
 *  - Clears the screen (VGA text memory at 0xb8000, 80 x 25), hides the
 *    cursor, and writes "Yado test kernel" on its first line.
 *  - Writes its command line, as the Multiboot information gives it, from
 *    the second line on (a long one runs on over the next lines), or says
 *    that there is none.
 *  - Writes both lines to COM1 too, for a person running it by hand:
 *      qemu-system-x86_64 -kernel echo-kernel -initrd FILE -append "hello"
 *        -display none -serial stdio
 *  - Then halts with interrupts off: it uses no host CPU under software
 *    emulation, and nothing changes on its screen any more.
 *
 * Built by tests/guest/meson.build, linked at 1 MiB (where a Multiboot
 * loader puts kernels).
 */
        .code32

        .set MULTIBOOT_MAGIC, 0x1badb002
        .set MULTIBOOT_FLAGS, 0x00000003  /* modules page-aligned, memory info */
        .set MULTIBOOT_BOOTED, 0x2badb002 /* EAX on entry; EBX: the information */
        .set INFO_HAS_CMDLINE, 0x04       /* flags bit 2: cmdline is valid */
        .set INFO_CMDLINE, 16             /* its offset: the string's address */

        .set SCREEN, 0xb8000
        .set COLUMNS, 80
        .set ROWS, 25
        .set SCREEN_END, SCREEN + 2 * COLUMNS * ROWS
        .set BLANK, 0x0720                /* a space, light grey on black */
        .set TITLE_COLOUR, 0x0f           /* white */
        .set TEXT_COLOUR, 0x07            /* light grey */

        .set VGA_CRTC_INDEX, 0x3d4        /* its data port follows */
        .set CRTC_CURSOR_START, 0x0a
        .set CURSOR_OFF, 0x20

        .set COM1, 0x3f8
        .set COM1_LSR, COM1 + 5
        .set LSR_THR_EMPTY, 0x20

        .text
        .globl _start

        /* The Multiboot header: in the first 8 KiB of the file, aligned on
         * 4 bytes. No address fields: the loader reads the ELF headers. */
        .align 4
multiboot_header:
        .long   MULTIBOOT_MAGIC
        .long   MULTIBOOT_FLAGS
        .long   -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

_start:
        cli
        mov     $stack_top, %esp
        cld
        mov     %eax, %ebp              /* the loader's magic */

        mov     $VGA_CRTC_INDEX, %dx    /* no blinking cursor: a still screen */
        mov     $CRTC_CURSOR_START, %al
        out     %al, %dx
        inc     %dx
        mov     $CURSOR_OFF, %al
        out     %al, %dx

        mov     $SCREEN, %edi           /* a blank screen */
        mov     $BLANK, %ax
        mov     $COLUMNS * ROWS, %ecx
        rep stosw

        mov     $title, %esi
        mov     $SCREEN, %edi
        mov     $TITLE_COLOUR, %ah
        call    print

        mov     $not_multiboot, %esi
        cmp     $MULTIBOOT_BOOTED, %ebp
        jne     1f
        mov     $no_cmdline, %esi
        testl   $INFO_HAS_CMDLINE, (%ebx)
        jz      1f
        mov     INFO_CMDLINE(%ebx), %esi
1:      mov     $SCREEN + 2 * COLUMNS, %edi
        mov     $TEXT_COLOUR, %ah
        call    print

halt:
        hlt
        jmp     halt

/* Writes the string at ESI on the screen from EDI (with the colour in AH;
 * what would go past the screen's end is left out), and to COM1, then a
 * new line on COM1. */
print:
        lodsb
        test    %al, %al
        jz      2f
        cmp     $SCREEN_END, %edi
        jae     1f
        stosw
1:      call    serial_put
        jmp     print
2:      mov     $'\r', %al
        call    serial_put
        mov     $'\n', %al
        jmp     serial_put

/* AL to COM1, once it takes a byte. Keeps AX and EDI. */
serial_put:
        push    %eax
        mov     $COM1_LSR, %dx
1:      in      %dx, %al
        test    $LSR_THR_EMPTY, %al
        jz      1b
        pop     %eax
        mov     $COM1, %dx
        out     %al, %dx
        ret

        .section .rodata
title:
        .asciz  "Yado test kernel"
not_multiboot:
        .asciz  "(not started by a Multiboot loader)"
no_cmdline:
        .asciz  "(no command line)"

        .bss
        .align  16
        .skip   4096
stack_top:

        /* No executable stack (ld warns otherwise). */
        .section .note.GNU-stack, "", @progbits
