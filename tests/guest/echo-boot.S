/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Yado's test guest: a 16-bit x86 boot sector (GNU as, AT&T syntax) that
 * the live tests boot from a raw disk, so that a console has something to
 * show and something that answers.
 *
 *  - Sets COM1 (0x3f8) to 115200 baud, 8N1, no interrupts.
 *  - Prints "Yado test guest ready" + CR LF on the screen (BIOS teletype,
 *    int 10h) and on COM1.
 *  - Then forever: a key from the keyboard (int 16h) or a byte from COM1 is
 *    echoed to both the screen and COM1; CR becomes CR LF. So a key sent
 *    through a graphical console shows on the screen, and text typed into
 *    a serial console comes back on it.
 *  - Answers a virtio memory balloon (the legacy PCI device 1af4:1002 on
 *    bus 0, if there is one) as a guest's driver would: whatever the host
 *    asks it to give back (the device's num_pages) it says it gave
 *    (actual), checked at every wake-up. It gives nothing back really (it
 *    uses 1 KiB of its RAM), but QEMU then reports the new size and
 *    libvirt shows it as the running VM's current memory, which is what
 *    tests/test-live-edit.c checks.
 *
 * When there is nothing to do it halts until the next interrupt (the BIOS
 * timer ticks 18.2 times a second, the keyboard interrupts too): a polling
 * loop would keep a host core busy under software emulation. COM1 is still
 * polled: its interrupt is masked by the BIOS, and the UART's 16-byte FIFO
 * plus QEMU holding back what does not fit lose nothing meanwhile.
 *
 * Built by tests/guest/meson.build into a 1 MiB raw disk image whose first
 * sector is this code, ending in the boot signature 0x55 0xAA.
 */
        .code16
        .text
        .globl _start

        .set COM1, 0x3f8
        .set COM1_LCR, COM1 + 3         /* line control */
        .set COM1_MCR, COM1 + 4         /* modem control */
        .set COM1_LSR, COM1 + 5         /* line status */
        .set COM1_FCR, COM1 + 2         /* FIFO control */
        .set COM1_IER, COM1 + 1         /* interrupt enable; divisor high with DLAB */
        .set LSR_DATA_READY, 0x01
        .set LSR_THR_EMPTY, 0x20

        .set PCI_ADDRESS, 0xcf8         /* configuration mechanism #1 */
        .set PCI_DATA, 0xcfc
        .set PCI_ENABLE, 0x80000000     /* bus 0, device 0, function 0 */
        .set PCI_NEXT_DEVICE, 0x800
        .set PCI_END_OF_BUS, 0x80010000
        .set BALLOON_ID, 0x10021af4     /* device 1002 << 16 | vendor 1af4 */
        .set PCI_COMMAND, 0x04
        .set PCI_BAR0, 0x10
        .set BALLOON_NUM_PAGES, 0x14    /* after the 20-byte legacy header */
        .set BALLOON_ACTUAL, 0x18

_start:
        /* The BIOS jumps here with CS:IP 0000:7c00 (or 07c0:0000 on some):
         * make the segments match the link address. */
        ljmp    $0, $start_in_segment_0
start_in_segment_0:
        cli
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $0x7c00, %sp            /* the stack grows down below us */
        sti
        cld

        /* 115200 baud: divisor 1, written with DLAB set in LCR. */
        mov     $COM1_LCR, %dx
        mov     $0x80, %al
        out     %al, %dx
        mov     $COM1, %dx              /* divisor, low byte */
        mov     $1, %al
        out     %al, %dx
        mov     $COM1_IER, %dx          /* divisor, high byte */
        xor     %al, %al
        out     %al, %dx
        mov     $COM1_LCR, %dx          /* 8 data bits, no parity, 1 stop; DLAB off */
        mov     $0x03, %al
        out     %al, %dx
        mov     $COM1_IER, %dx          /* no UART interrupts: we poll */
        xor     %al, %al
        out     %al, %dx
        mov     $COM1_FCR, %dx          /* FIFOs on and emptied */
        mov     $0x07, %al
        out     %al, %dx
        mov     $COM1_MCR, %dx          /* DTR and RTS: "someone is here" */
        mov     $0x03, %al
        out     %al, %dx

        call    find_balloon
        mov     $banner, %si
print_banner:
        lodsb
        test    %al, %al
        jz      main_loop
        call    put_char
        jmp     print_banner

main_loop:
        mov     $0x01, %ah              /* a key waiting? (ZF clear if so) */
        int     $0x16
        jz      poll_serial
        xor     %ah, %ah                /* take it: AL is its ASCII code */
        int     $0x16
        call    echo_char
        jmp     main_loop
poll_serial:
        mov     $COM1_LSR, %dx
        in      %dx, %al
        test    $LSR_DATA_READY, %al
        jz      idle
        mov     $COM1, %dx
        in      %dx, %al
        call    echo_char
        jmp     main_loop
idle:
        call    answer_balloon
        hlt                             /* until the next timer tick or key */
        jmp     main_loop

/* Finds the balloon's I/O ports (BAR0) into balloon_port, with I/O
 * decoding on; leaves it 0 when there is no balloon. */
find_balloon:
        mov     $PCI_ENABLE, %ebx
1:      mov     %ebx, %eax
        call    pci_read
        cmp     $BALLOON_ID, %eax
        je      2f
        add     $PCI_NEXT_DEVICE, %ebx
        cmp     $PCI_END_OF_BUS, %ebx
        jb      1b
        ret
2:      mov     %ebx, %eax
        or      $PCI_BAR0, %eax
        call    pci_read
        and     $0xfffc, %ax            /* an I/O BAR: the low bits are flags */
        mov     %ax, balloon_port
        mov     %ebx, %eax
        or      $PCI_COMMAND, %eax
        call    pci_read
        or      $0x01, %al              /* I/O space on (DX is PCI_DATA) */
        out     %ax, %dx
        ret

/* Selects the configuration dword at EAX and reads it into EAX. */
pci_read:
        mov     $PCI_ADDRESS, %dx
        out     %eax, %dx
        mov     $PCI_DATA, %dx
        in      %dx, %eax
        ret

/* actual = num_pages; QEMU tells libvirt when actual changes. */
answer_balloon:
        mov     balloon_port, %dx
        test    %dx, %dx
        jz      1f
        add     $BALLOON_NUM_PAGES, %dx
        in      %dx, %eax
        add     $BALLOON_ACTUAL - BALLOON_NUM_PAGES, %dx
        out     %eax, %dx
1:      ret

/* Echoes AL to the screen and COM1; a CR is followed by a LF. */
echo_char:
        call    put_char
        cmp     $'\r', %al
        jne     1f
        mov     $'\n', %al
        call    put_char
1:      ret

/* Writes AL to the screen and to COM1. Keeps every register. */
put_char:
        push    %ax
        push    %bx
        push    %dx
        push    %ax
        mov     $0x0e, %ah              /* teletype output, page 0 */
        xor     %bx, %bx
        int     $0x10
        mov     $COM1_LSR, %dx          /* wait until the UART takes a byte */
1:      in      %dx, %al
        test    $LSR_THR_EMPTY, %al
        jz      1b
        pop     %ax
        mov     $COM1, %dx
        out     %al, %dx
        pop     %dx
        pop     %bx
        pop     %ax
        ret

banner:
        .asciz  "Yado test guest ready\r\n"
balloon_port:
        .word   0

        /* The boot signature ends the first sector... */
        .org    510
        .byte   0x55, 0xaa
        /* ...and zeros make the rest of a 1 MiB disk: a disk of one sector
         * leaves the BIOS a geometry of nothing. */
        .fill   1024 * 1024 - 512, 1, 0
