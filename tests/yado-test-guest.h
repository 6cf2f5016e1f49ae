/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What the live tests of new VMs share: the test guests of tests/guest
 * (a boot sector, a Multiboot kernel), what a VM shows on its screen, the
 * daemon's storage pool, and reading back what libvirt has.
 */

#include <glib.h>
#include <libvirt/libvirt.h>

#include "yado-test-libvirtd.h"

G_BEGIN_DECLS

/* What each guest writes on its screen (tests/guest/echo-boot.S,
 * tests/guest/echo-kernel.S). */
#define YADO_TEST_GUEST_BANNER  "Yado test guest ready"
#define YADO_TEST_KERNEL_BANNER "Yado test kernel"

/* The contents of the build tree's tests/guest/@name ("echo-boot.img",
 * "echo-kernel"), or fails the test (ninja builds them). */
char     *yado_test_guest_file_contents (const char *name,
                                         gsize      *length);

/* Runs @argv (its first word found in PATH) and returns what it printed,
 * stdout and stderr; fails the test with that when it fails. */
char     *yado_test_run                 (const char *const *argv);

/* A dir pool "default" in @daemon's directory (DIR/pool), built and
 * started; returns its path as libvirt names it (canonical). */
char     *yado_test_libvirtd_add_default_pool (YadoTestLibvirtd *daemon);

/* Makes @iso (an absolute path): an El Torito ISO ("no emulation", volume
 * id YADO_BOOT) whose boot image is the test guest's boot sector, so the
 * BIOS boots the guest from it; readable by the daemon's QEMU. */
void      yado_test_make_boot_iso       (const char *iso);

/* The text on running VM @name's VGA screen (80 x 25 characters at
 * 0xb8000, each line ending in "\n", what is not printable a space), read
 * through QEMU's monitor. */
char     *yado_test_screen_text         (YadoTestLibvirtd *daemon,
                                         const char       *name);
/* Whether @text is on that screen, in one line or running on over the
 * next ones (as text written past a line's end does). */
gboolean  yado_test_screen_shows        (YadoTestLibvirtd *daemon,
                                         const char       *name,
                                         const char       *text);

/* The XML of the VM whose UUID is @uuid (flags: VIR_DOMAIN_XML_*); fails
 * the test when there is none. */
char     *yado_test_domain_xml          (virConnectPtr  conn,
                                         const char    *uuid,
                                         unsigned int   flags);
/* The text of the first node @path selects in @xml, or NULL. */
char     *yado_test_xpath               (const char *xml,
                                         const char *path);
gboolean  yado_test_xml_has             (const char *xml,
                                         const char *path);

/* Stops (when running) and undefines VM @name, and deletes every volume
 * of the pool "default": the next test starts on a clean host. */
void      yado_test_remove_vm_and_volumes (virConnectPtr conn,
                                           const char   *name);

G_END_DECLS
