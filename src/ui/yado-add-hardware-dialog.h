/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Add New Virtual Hardware: the device types on the left, a page per type
 * with defaults for this guest and host (virtio where the host offers it,
 * a new 20 GiB qcow2 disk in the pool "default", a NIC on the network
 * "default" with a random MAC), Cancel and Finish.
 *
 * Finish checks the page first (an empty or missing path, a malformed MAC
 * or one another VM has, a size that does not fit the pool) and says what
 * is wrong under the field, sending nothing. Then it creates the volume
 * (if asked), and adds the device to the definition and, when the VM
 * runs, live. libvirt's refusal shows in the dialog, which stays (a volume
 * it created is deleted again); on success it emits "device-added" and
 * closes.
 *
 * Signals:
 *   "device-added" (const char *live_error): the device is in the VM's
 *       definition; @live_error is NULL when the running VM has it too (or
 *       the VM is not running), else why it waits for the next boot.
 */

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

#define YADO_TYPE_ADD_HARDWARE_DIALOG (yado_add_hardware_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YadoAddHardwareDialog, yado_add_hardware_dialog, YADO, ADD_HARDWARE_DIALOG,
                      GtkDialog)

/* Not shown yet: gtk_window_present() it. It closes itself (Cancel, or
 * Finish once the device is added). */
YadoAddHardwareDialog *yado_add_hardware_dialog_new (GtkWindow  *parent,
                                                     YadoDomain *domain);

/* Shows the page of a device type: "storage", "controller", "network",
 * "input", "graphics", "sound", "serial", "parallel", "console",
 * "channel", "usb-host", "pci-host", "video", "watchdog", "filesystem",
 * "smartcard", "usb-redir", "tpm", "rng", "panic". FALSE when unknown. */
gboolean     yado_add_hardware_dialog_select_page (YadoAddHardwareDialog *self,
                                                   const char            *page);
/* For tests: the VM's definition and the host's offer are read, and the
 * pages are built. */
gboolean     yado_add_hardware_dialog_get_ready   (YadoAddHardwareDialog *self);
/* For tests: a Finish is in progress (checking, creating, adding). */
gboolean     yado_add_hardware_dialog_get_busy    (YadoAddHardwareDialog *self);

G_END_DECLS
