/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A busy guest screen for bench/console-fps.py: a 512-byte boot sector that
 * switches the VGA to mode 13h (320x200, 256 colours) and redraws the whole
 * screen again and again with a moving pattern, colour = x + y + frame.
 * Every redraw changes every pixel, so every frame the guest finishes is a
 * new picture.
 *
 * Built by bench/meson.build into 1 MiB raw disk images, paced, unpaced
 * and still:
 *
 *   as --32 --defsym PIT_DIVISOR=19886 -o pattern-60hz.o pattern-boot.S
 *   ld -m elf_i386 -Ttext 0x7c00 -e _start --oformat binary \
 *      -o pattern-60hz.img pattern-60hz.o
 *
 * Pacing. PIT_DIVISOR != 0 programs the timer (PIT channel 0, 1,193,182 Hz)
 * to interrupt every PIT_DIVISOR ticks and starts at most one frame per
 * interrupt: 19886 gives 60 frames a second, the rate of a real display.
 * Between frames the CPU halts, so an emulated guest that draws faster
 * leaves the host's CPU to the viewers. A frame that takes longer than one
 * period is followed at once by the next. PIT_DIVISOR = 0 draws flat out.
 * (Waiting for the vertical retrace on port 0x3DA paces nothing in QEMU:
 * by default its VGA flips the retrace bit on every read.)
 *
 * STILL = 1 draws one frame and then only halts: a guest whose screen does
 * not change, to measure what a viewer costs when nothing moves.
 *
 * The guest counts its frames: a 32-bit counter at physical address 0x500
 * (free memory below the boot sector), which the benchmark reads through
 * the QEMU monitor ("xp /1wx 0x500") to know the guest's own frame rate.
 */

        .intel_syntax noprefix
        .code16

        .equ FRAMES, 0x500      /* dword: frames drawn so far */
        .equ TICKS,  0x504      /* word: timer interrupts so far */
        .equ SEEN,   0x506      /* word: TICKS when the last frame started */

        .ifndef PIT_DIVISOR
        .equ PIT_DIVISOR, 19886
        .endif
        .ifndef STILL
        .equ STILL, 0
        .endif

        .text
        .globl _start
_start:
        /* The BIOS jumps to 0x7c00 with CS:IP 0000:7c00 or 07c0:0000: make
         * it 0000:7c00, and every data segment 0. */
        ljmp    0, offset start
start:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     ss, ax
        mov     sp, 0x7c00
        cld
        mov     dword ptr [FRAMES], 0
        mov     word ptr [TICKS], 0
        mov     word ptr [SEEN], 0
        sti

        /* BIOS: set video mode 13h, 320x200 linear, one byte a pixel at
         * A000:0000, with the default 256-colour palette. */
        mov     ax, 0x0013
        int     0x10

        .if PIT_DIVISOR
        /* Our own timer interrupt (IRQ 0 is vector 8 in real mode), then
         * the timer's new period: channel 0, low then high byte, mode 3. */
        cli
        mov     word ptr [8 * 4], offset timer_interrupt
        mov     word ptr [8 * 4 + 2], 0
        mov     al, 0x36
        out     0x43, al
        mov     ax, PIT_DIVISOR
        out     0x40, al
        mov     al, ah
        out     0x40, al
        sti
        .endif

        mov     ax, 0xa000
        mov     es, ax

frame:
        /* One frame: 200 rows of 320 pixels; a row starts with colour
         * y + frame and each pixel to its right is one more (the byte wraps
         * at 256, the palette's size). */
        xor     di, di
        mov     bl, byte ptr [FRAMES]
        mov     dx, 200
row:
        mov     al, bl
        mov     cx, 320
pixel:
        stosb                   /* es:[di++] = al */
        inc     al
        loop    pixel
        inc     bl
        dec     dx
        jnz     row

        add     word ptr [FRAMES], 1
        adc     word ptr [FRAMES + 2], 0

        .if STILL
still:
        hlt                     /* woken by timer interrupts, nothing more */
        jmp     still
        .endif

        .if PIT_DIVISOR
        /* Wait for a timer interrupt that came after the last frame began.
         * "sti; hlt" cannot miss one: an interrupt is taken only after the
         * instruction that follows sti. */
wait:
        cli
        mov     ax, word ptr [TICKS]
        cmp     ax, word ptr [SEEN]
        jne     next
        sti
        hlt
        jmp     wait
next:
        mov     word ptr [SEEN], ax
        sti
        .endif
        jmp     frame

        .if PIT_DIVISOR
timer_interrupt:
        inc     word ptr cs:[TICKS]
        push    ax
        mov     al, 0x20        /* end of interrupt to the PIC */
        out     0x20, al
        pop     ax
        iret
        .endif

        /* The BIOS boots a sector that ends with 55 AA... */
        .org    510
        .word   0xaa55
        /* ...and zeros make the rest of a 1 MiB disk, so that the BIOS
         * finds a disk geometry. */
        .fill   1024 * 1024 - 512, 1, 0
