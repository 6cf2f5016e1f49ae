/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-auth-request.h"

G_BEGIN_DECLS

#define YADO_TYPE_AUTH_DIALOG (yado_auth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YadoAuthDialog, yado_auth_dialog, YADO, AUTH_DIALOG, GtkDialog)

/* A non-modal prompt for credentials (libvirt's, or ssh's password or
 * passphrase): one field per prompt of @request. It answers the request
 * when the user logs in or cancels (or closes it), then destroys itself.
 * Says so when @request is a retry. For ssh's secrets it offers to
 * remember them: signal "remember" (YadoAuthRequest *request) comes just
 * before the request completes, when the user asked for that. */
GtkWidget *yado_auth_dialog_new (GtkWindow       *parent,
                                 const char      *connection_name,
                                 YadoAuthRequest *request);

/* For tests: the "Remember" check box, whether the "try again" line
 * shows, and the entry of prompt @index. */
GtkToggleButton *yado_auth_dialog_get_remember_check (YadoAuthDialog *self);
gboolean   yado_auth_dialog_shows_retry (YadoAuthDialog *self);
GtkEntry  *yado_auth_dialog_get_entry (YadoAuthDialog *self,
                                       guint           index);

G_END_DECLS
