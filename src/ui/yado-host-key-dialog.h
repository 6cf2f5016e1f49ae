/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-auth-request.h"

G_BEGIN_DECLS

#define YADO_TYPE_HOST_KEY_DIALOG (yado_host_key_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YadoHostKeyDialog, yado_host_key_dialog, YADO, HOST_KEY_DIALOG, GtkDialog)

/* Asks whether to trust a host key ssh does not know (a YADO_AUTH_HOST_KEY
 * request): its type and fingerprint, Cancel or Trust and Connect. Answers
 * the request (ok = trusted) when the user chooses or closes it, then
 * destroys itself. Nothing is trusted by default: Enter does not trust. */
GtkWidget  *yado_host_key_dialog_new (GtkWindow       *parent,
                                      const char      *connection_name,
                                      YadoAuthRequest *request);

/* For tests: the fingerprint as shown. */
const char *yado_host_key_dialog_get_fingerprint (YadoHostKeyDialog *self);

G_END_DECLS
