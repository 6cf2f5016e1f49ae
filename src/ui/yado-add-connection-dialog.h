/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YADO_TYPE_ADD_CONNECTION_DIALOG (yado_add_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YadoAddConnectionDialog, yado_add_connection_dialog,
                      YADO, ADD_CONNECTION_DIALOG, GtkDialog)

/*
 * YadoAddConnectionDialog: asks for a libvirt URI, built from a hypervisor
 * and optional SSH host, or typed by hand. Responds GTK_RESPONSE_OK
 * ("Connect", only sensitive while the input makes a valid URI) or
 * GTK_RESPONSE_CANCEL.
 */

GtkWidget *yado_add_connection_dialog_new             (GtkWindow               *parent);

/* The URI the fields make, or NULL while they do not make a valid one. */
char      *yado_add_connection_dialog_get_uri         (YadoAddConnectionDialog *self);
gboolean   yado_add_connection_dialog_get_autoconnect (YadoAddConnectionDialog *self);
/* Whether to open the connection on libvirt's read-only socket. */
gboolean   yado_add_connection_dialog_get_read_only   (YadoAddConnectionDialog *self);

/* For tests: the template child called @name ("hypervisor_combo",
 * "remote_check", "user_entry", "host_entry", "port_entry",
 * "autoconnect_check", "uri_label", "custom_uri_entry", "error_label",
 * "connect_button"), or NULL when there is none. */
GtkWidget *yado_add_connection_dialog_get_widget      (YadoAddConnectionDialog *self,
                                                       const char              *name);

G_END_DECLS
