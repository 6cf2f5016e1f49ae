/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

#define YADO_TYPE_DELETE_DIALOG (yado_delete_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YadoDeleteDialog, yado_delete_dialog, YADO, DELETE_DIALOG, GtkDialog)

/*
 * "Delete web-server?": asks before deleting @domain, and does it. Lists
 * the VM's disks (yado_domain_list_storage_async) with a check box each:
 * its own volumes checked; shared, read-only and CD-ROM ones unchecked
 * and marked; files libvirt cannot delete (in no storage pool) shown
 * unchecked and insensitive. A running VM is said to be forced off first,
 * and the button says so. Cancel is focused. While deleting, a spinner;
 * an error stays in the dialog; on success the dialog closes itself (the
 * connection drops the VM from its lists).
 *
 * Show it with gtk_window_present(). Nothing ties it to the manager
 * window: any window may open one for its VM.
 */
YadoDeleteDialog *yado_delete_dialog_new     (GtkWindow  *parent,
                                              YadoDomain *domain);
/* Raises the Delete dialog already open for @domain, or opens one. */
YadoDeleteDialog *yado_delete_dialog_present (GtkWindow  *parent,
                                              YadoDomain *domain);
YadoDomain       *yado_delete_dialog_get_domain (YadoDeleteDialog *self);

/* For tests: whether the disks are listed (or failed to be); the check
 * box and the note of the disk at @target ("vda"), NULL when not listed;
 * whether the running warning shows; the error shown, or NULL. */
gboolean          yado_delete_dialog_get_listed      (YadoDeleteDialog *self);
GtkToggleButton  *yado_delete_dialog_get_disk_check  (YadoDeleteDialog *self,
                                                      const char       *target);
const char       *yado_delete_dialog_get_disk_note   (YadoDeleteDialog *self,
                                                      const char       *target);
gboolean          yado_delete_dialog_shows_running_warning (YadoDeleteDialog *self);
const char       *yado_delete_dialog_get_error       (YadoDeleteDialog *self);
GtkButton        *yado_delete_dialog_get_delete_button (YadoDeleteDialog *self);
GtkButton        *yado_delete_dialog_get_cancel_button (YadoDeleteDialog *self);
GtkToggleButton  *yado_delete_dialog_get_storage_check (YadoDeleteDialog *self);

G_END_DECLS
