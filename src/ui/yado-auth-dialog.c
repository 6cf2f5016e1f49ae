/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-auth-dialog.h"

struct _YadoAuthDialog {
  GtkDialog        parent_instance;

  GtkLabel        *heading_label;
  GtkLabel        *retry_label;
  GtkGrid         *prompt_grid;
  GtkToggleButton *remember_check;

  YadoAuthRequest *request;
  GPtrArray       *entries;   /* GtkEntry, one per prompt */
  gboolean         answered;
};

G_DEFINE_FINAL_TYPE (YadoAuthDialog, yado_auth_dialog, GTK_TYPE_DIALOG)

enum { SIGNAL_REMEMBER, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
answer (YadoAuthDialog *self, gboolean ok)
{
  if (self->answered)
    return;
  self->answered = TRUE;
  for (guint i = 0; ok && i < self->entries->len; i++)
    yado_auth_request_set_result (self->request, i,
                                  gtk_entry_get_text (g_ptr_array_index (self->entries, i)));
  if (ok && gtk_widget_get_visible (GTK_WIDGET (self->remember_check)) &&
      gtk_toggle_button_get_active (self->remember_check))
    g_signal_emit (self, signals[SIGNAL_REMEMBER], 0, self->request);
  yado_auth_request_complete (self->request, ok);
}

static void
yado_auth_dialog_response (GtkDialog *dialog, int response)
{
  answer (YADO_AUTH_DIALOG (dialog), response == GTK_RESPONSE_OK);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
yado_auth_dialog_dispose (GObject *object)
{
  YadoAuthDialog *self = YADO_AUTH_DIALOG (object);

  /* Closed some other way (the application quit): the worker must not
   * wait for an answer that will never come. */
  if (self->request != NULL)
    answer (self, FALSE);
  g_clear_pointer (&self->request, yado_auth_request_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (yado_auth_dialog_parent_class)->dispose (object);
}

static void
yado_auth_dialog_class_init (YadoAuthDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = yado_auth_dialog_dispose;
  GTK_DIALOG_CLASS (klass)->response = yado_auth_dialog_response;
  gtk_widget_class_set_template_from_resource (widget_class, "/dev/yado/Yado/ui/yado-auth-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoAuthDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAuthDialog, retry_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAuthDialog, prompt_grid);
  gtk_widget_class_bind_template_child (widget_class, YadoAuthDialog, remember_check);

  /* The user logged in with "Remember" checked: the answers are in the
   * request (read them before it completes, which follows at once). */
  signals[SIGNAL_REMEMBER] = g_signal_new ("remember", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, YADO_TYPE_AUTH_REQUEST);
}

static void
yado_auth_dialog_init (YadoAuthDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_ptr_array_new ();
}

static void
add_prompt_row (YadoAuthDialog *self, guint row, YadoAuthPrompt *prompt)
{
  g_autofree char *text = g_strdup (prompt->prompt ? prompt->prompt : _("Answer"));
  GtkWidget *label, *entry;

  /* libvirt's prompts end in ": " already; the label shows them bare. */
  g_strchomp (text);
  if (g_str_has_suffix (text, ":"))
    text[strlen (text) - 1] = '\0';
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  entry = gtk_entry_new ();
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_visibility (GTK_ENTRY (entry), !prompt->secret);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (prompt->default_result != NULL && !prompt->secret)
    gtk_entry_set_text (GTK_ENTRY (entry), prompt->default_result);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  atk_object_set_name (gtk_widget_get_accessible (entry), text);
  gtk_grid_attach (self->prompt_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->prompt_grid, entry, 1, row, 1, 1);
  g_ptr_array_add (self->entries, entry);
}

GtkWidget *
yado_auth_dialog_new (GtkWindow *parent, const char *connection_name, YadoAuthRequest *request)
{
  YadoAuthDialog *self = g_object_new (YADO_TYPE_AUTH_DIALOG, "transient-for", parent,
                                       "use-header-bar", FALSE, NULL);
  const char *login = yado_auth_request_get_login (request);
  g_autofree char *heading = NULL;
  gboolean any_secret = FALSE;

  /* ssh's questions name the login; libvirt's name the connection only. */
  if (login != NULL)
    heading = g_strdup_printf (_("Log in as %s to connect to %s."), login, connection_name);
  else
    heading = g_strdup_printf (_("%s asks for credentials to connect."), connection_name);
  self->request = yado_auth_request_ref (request);
  gtk_label_set_text (self->heading_label, heading);
  for (guint i = 0; i < yado_auth_request_get_n_prompts (request); i++)
    {
      add_prompt_row (self, i, yado_auth_request_get_prompt (request, i));
      any_secret |= yado_auth_request_get_prompt (request, i)->secret;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->retry_label), yado_auth_request_get_retry (request));
  gtk_widget_set_visible (GTK_WIDGET (self->remember_check), login != NULL && any_secret);
  gtk_widget_show_all (GTK_WIDGET (self->prompt_grid));
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  return GTK_WIDGET (self);
}

GtkToggleButton *
yado_auth_dialog_get_remember_check (YadoAuthDialog *self)
{
  return self->remember_check;
}

gboolean
yado_auth_dialog_shows_retry (YadoAuthDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->retry_label));
}

GtkEntry *
yado_auth_dialog_get_entry (YadoAuthDialog *self, guint index)
{
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_ptr_array_index (self->entries, index);
}
