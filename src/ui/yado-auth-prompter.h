/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <libsecret/secret.h>

#include "yado-connection.h"

G_BEGIN_DECLS

/*
 * Answers a connection's "auth-request": a host-key question in a
 * YadoHostKeyDialog; credentials in a YadoAuthDialog, or, for an ssh
 * login's secret the user asked to remember, from the desktop keyring
 * (libsecret) without a dialog. A secret goes to the keyring only once the
 * connection it was typed for is connected: a refused password is never
 * kept. An answer from the keyring that ssh refuses is asked for again,
 * in a dialog.
 */
void yado_auth_prompter_ask (GtkWindow       *parent,
                             YadoConnection  *connection,
                             YadoAuthRequest *request);

/* The keyring's schema for ssh logins' secrets: attributes "login"
 * ("user@host:port") and "prompt" (ssh's). */
const SecretSchema *yado_auth_prompter_get_login_schema (void);

G_END_DECLS
