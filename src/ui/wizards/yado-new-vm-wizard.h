/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * New Virtual Machine: a wizard of five steps ("Step N of 5 — Title"),
 * each a page of a stack, with Back, Forward, Finish and Cancel:
 *
 *   1. Install source: the connection (connected, writable ones), its
 *      architecture options (virtualization type, arch, machine), and the
 *      method: local media (ISO or CD-ROM: a path, a local file, or a
 *      volume of the host's pools), a network install tree (URL and kernel
 *      arguments), PXE from a network, an existing disk image, a cloud
 *      image (with cloud-init's user, password and SSH key), or manual.
 *   2. Operating system: detected from the media (an ISO on this computer,
 *      an install tree anywhere) or searched in libosinfo's list; the
 *      choice sets the defaults of the steps that follow.
 *   3. Memory and CPUs, checked against the host.
 *   4. Storage: a new disk in a pool, an existing image, or none.
 *   5. Name (unique on the host), a summary, the network and the MAC, and
 *      "Customize configuration before install".
 *
 * Bad input is said in red under its field, and Forward (Finish) stays off
 * while the page shows such a message. Finish shows a progress page while
 * yado_connection_create_vm_async() makes the VM (Cancel stops it; the
 * model removes what it made); a failure is shown there with Back to fix
 * the input. On success the wizard emits "created" and closes itself.
 *
 * Signals:
 *   "created" (YadoConnection *connection, const char *uuid,
 *              gboolean customize, gpointer vm): the VM is defined (and
 *       started unless @customize); @vm is the wizard's YadoNewVm
 *       (borrowed: copy it to keep it), which "Begin installation" needs.
 */

#include <gtk/gtk.h>

#include "yado-connection.h"
#include "yado-new-vm.h"

G_BEGIN_DECLS

#define YADO_TYPE_NEW_VM_WIZARD (yado_new_vm_wizard_get_type ())
G_DECLARE_FINAL_TYPE (YadoNewVmWizard, yado_new_vm_wizard, YADO, NEW_VM_WIZARD, GtkDialog)

/* @connections: a GListModel of YadoConnection (the application's list);
 * @preselected (nullable): the connection chosen at first when it is
 * connected and writable. Not shown yet: gtk_window_present() it. */
YadoNewVmWizard *yado_new_vm_wizard_new (GtkWindow      *parent,
                                         GListModel     *connections,
                                         YadoConnection *preselected);

/* For tests and callers: the step shown, 1 to 5, or 6 for the progress
 * page. */
guint            yado_new_vm_wizard_get_step       (YadoNewVmWizard *self);
/* The connection chosen on the first step, or NULL. */
YadoConnection  *yado_new_vm_wizard_get_connection (YadoNewVmWizard *self);
/* The description as the steps have filled it so far (borrowed). */
const YadoNewVm *yado_new_vm_wizard_get_vm         (YadoNewVmWizard *self);
/* For tests: nothing is being loaded, detected or checked, so Forward's
 * state says what the page's fields are worth. */
gboolean         yado_new_vm_wizard_get_idle       (YadoNewVmWizard *self);

G_END_DECLS
