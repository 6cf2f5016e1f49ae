/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "yado-auth-dialog.h"
#include "yado-auth-prompter.h"
#include "yado-host-key-dialog.h"
#include "yado-secret.h"

#define REMEMBER_KEY "yado-auth-prompter-remember"

/* An ssh login's secret, kept by the desktop's keyring under the login
 * ("user@host:port") and ssh's prompt (a password, a key's passphrase). */
const SecretSchema *
yado_auth_prompter_get_login_schema (void)
{
  static const SecretSchema schema = {
    "dev.yado.Yado.SshLogin", SECRET_SCHEMA_NONE,
    {
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "prompt", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* ---- keeping a secret once it worked ---- */

typedef struct {
  YadoConnection *connection;  /* not a reference: this lives in its data */
  char           *login;
  char           *prompt;
  char           *secret;
  gulong          handler;
} Remember;

static void
remember_free (gpointer data)
{
  Remember *remember = data;

  g_signal_handler_disconnect (remember->connection, remember->handler);
  g_free (remember->login);
  g_free (remember->prompt);
  yado_secret_free (remember->secret);
  g_free (remember);
}

static void
on_stored (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_warning ("Could not keep the login in the keyring: %s", error->message);
}

static void
on_state_for_remember (YadoConnection *connection, GParamSpec *pspec, Remember *remember)
{
  YadoConnectionState state = yado_connection_get_state (connection);

  if (state == YADO_CONNECTION_CONNECTING)
    return;
  if (state == YADO_CONNECTION_CONNECTED)
    {
      /* TRANSLATORS: the keyring item's label: "SSH login root@host for QEMU/KVM: host" */
      g_autofree char *label = g_strdup_printf (_("SSH login %s for %s"), remember->login,
                                                yado_connection_get_display_name (connection));

      secret_password_store (yado_auth_prompter_get_login_schema (), SECRET_COLLECTION_DEFAULT,
                             label,
                             remember->secret, NULL, on_stored, NULL,
                             "login", remember->login, "prompt", remember->prompt, NULL);
    }
  /* Stored, or refused: either way it is done with (and wiped). */
  g_object_set_data (G_OBJECT (connection), REMEMBER_KEY, NULL);
}

static void
on_remember (YadoAuthDialog *dialog, YadoAuthRequest *request, YadoConnection *connection)
{
  YadoAuthPrompt *prompt = yado_auth_request_get_prompt (request, 0);
  Remember *remember = g_new0 (Remember, 1);

  remember->connection = connection;
  remember->login = g_strdup (yado_auth_request_get_login (request));
  remember->prompt = g_strdup (prompt->prompt);
  remember->secret = g_strdup (prompt->result);
  remember->handler = g_signal_connect (connection, "notify::state",
                                        G_CALLBACK (on_state_for_remember), remember);
  g_object_set_data_full (G_OBJECT (connection), REMEMBER_KEY, remember, remember_free);
}

/* ---- asking ---- */

static void
show_dialog (GtkWindow *parent, YadoConnection *connection, YadoAuthRequest *request)
{
  const char *name = yado_connection_get_display_name (connection);
  GtkWidget *dialog;

  if (yado_auth_request_get_kind (request) == YADO_AUTH_HOST_KEY)
    dialog = yado_host_key_dialog_new (parent, name, request);
  else
    {
      dialog = yado_auth_dialog_new (parent, name, request);
      g_signal_connect_object (dialog, "remember", G_CALLBACK (on_remember), connection, 0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "login\nprompt" of the secrets the keyring answered lately: one ssh
 * refuses (it asks again) is out of date, and goes, so that it is not
 * tried at every login (a host may lock out a user after a few). */
static GHashTable *keyring_answers;

static char *
keyring_answer_key (YadoAuthRequest *request)
{
  return g_strdup_printf ("%s\n%s", yado_auth_request_get_login (request),
                          yado_auth_request_get_prompt (request, 0)->prompt);
}

static void
remember_keyring_answer (YadoAuthRequest *request)
{
  if (keyring_answers == NULL)
    keyring_answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (keyring_answers, keyring_answer_key (request));
}

static void
forget_refused_keyring_answer (YadoAuthRequest *request)
{
  g_autofree char *key = NULL;

  if (keyring_answers == NULL || !yado_auth_request_get_retry (request) ||
      yado_auth_request_get_login (request) == NULL ||
      yado_auth_request_get_n_prompts (request) != 1)
    return;
  key = keyring_answer_key (request);
  if (!g_hash_table_remove (keyring_answers, key))
    return;
  secret_password_clear (yado_auth_prompter_get_login_schema (), NULL, NULL, NULL,
                         "login", yado_auth_request_get_login (request),
                         "prompt", yado_auth_request_get_prompt (request, 0)->prompt, NULL);
}

typedef struct {
  GtkWindow       *parent;
  YadoConnection  *connection;
  YadoAuthRequest *request;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->parent);
  g_object_unref (lookup->connection);
  yado_auth_request_unref (lookup->request);
  g_free (lookup);
}

static void
on_lookup (GObject *source, GAsyncResult *result, gpointer data)
{
  Lookup *lookup = data;
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (secret != NULL)
    {
      remember_keyring_answer (lookup->request);
      yado_auth_request_set_result (lookup->request, 0, secret);
      yado_auth_request_complete (lookup->request, TRUE);
      secret_password_free (secret);
    }
  else if (!yado_auth_request_is_answered (lookup->request))
    /* Not there, or no keyring on this desktop: the user knows. */
    show_dialog (lookup->parent, lookup->connection, lookup->request);
  lookup_free (lookup);
}

/* An ssh login's one secret, asked for the first time: the keyring may
 * have it. */
static gboolean
may_be_in_keyring (YadoAuthRequest *request)
{
  return yado_auth_request_get_kind (request) == YADO_AUTH_CREDENTIALS &&
         yado_auth_request_get_login (request) != NULL &&
         yado_auth_request_get_n_prompts (request) == 1 &&
         yado_auth_request_get_prompt (request, 0)->secret &&
         !yado_auth_request_get_retry (request);
}

void
yado_auth_prompter_ask (GtkWindow *parent, YadoConnection *connection, YadoAuthRequest *request)
{
  Lookup *lookup;

  forget_refused_keyring_answer (request);
  if (!may_be_in_keyring (request))
    {
      show_dialog (parent, connection, request);
      return;
    }
  lookup = g_new0 (Lookup, 1);
  lookup->parent = parent ? g_object_ref (parent) : NULL;
  lookup->connection = g_object_ref (connection);
  lookup->request = yado_auth_request_ref (request);
  secret_password_lookup (yado_auth_prompter_get_login_schema (), NULL, on_lookup, lookup,
                          "login", yado_auth_request_get_login (request),
                          "prompt", yado_auth_request_get_prompt (request, 0)->prompt, NULL);
}
