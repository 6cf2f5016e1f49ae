/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-host-key-dialog.h"

struct _YadoHostKeyDialog {
  GtkDialog        parent_instance;

  GtkLabel        *heading_label;
  GtkLabel        *explanation_label;
  GtkLabel        *key_type_label;
  GtkLabel        *fingerprint_label;

  YadoAuthRequest *request;
};

G_DEFINE_FINAL_TYPE (YadoHostKeyDialog, yado_host_key_dialog, GTK_TYPE_DIALOG)

static void
yado_host_key_dialog_response (GtkDialog *dialog, int response)
{
  YadoHostKeyDialog *self = YADO_HOST_KEY_DIALOG (dialog);

  yado_auth_request_complete (self->request, response == GTK_RESPONSE_ACCEPT);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
yado_host_key_dialog_dispose (GObject *object)
{
  YadoHostKeyDialog *self = YADO_HOST_KEY_DIALOG (object);

  /* Closed some other way: not trusted (a second answer changes nothing). */
  if (self->request != NULL)
    yado_auth_request_complete (self->request, FALSE);
  g_clear_pointer (&self->request, yado_auth_request_unref);
  G_OBJECT_CLASS (yado_host_key_dialog_parent_class)->dispose (object);
}

static void
yado_host_key_dialog_class_init (YadoHostKeyDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = yado_host_key_dialog_dispose;
  GTK_DIALOG_CLASS (klass)->response = yado_host_key_dialog_response;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-host-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoHostKeyDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, YadoHostKeyDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, YadoHostKeyDialog, key_type_label);
  gtk_widget_class_bind_template_child (widget_class, YadoHostKeyDialog, fingerprint_label);
}

static void
yado_host_key_dialog_init (YadoHostKeyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yado_host_key_dialog_new (GtkWindow *parent, const char *connection_name,
                          YadoAuthRequest *request)
{
  YadoHostKeyDialog *self = g_object_new (YADO_TYPE_HOST_KEY_DIALOG, "transient-for", parent,
                                          "use-header-bar", FALSE, NULL);
  const char *host = yado_auth_request_get_host (request);
  g_autofree char *heading = g_strdup_printf (_("Is this really %s?"), host);
  g_autofree char *explanation = g_strdup_printf (
    _("To connect to %s, Yado logs in to %s, whose key you have not trusted before. "
      "Check that this fingerprint is the host's (on the host: ssh-keygen -l -f "
      "/etc/ssh/ssh_host_ed25519_key.pub) before you trust it."),
    connection_name, host);

  self->request = yado_auth_request_ref (request);
  gtk_label_set_text (self->heading_label, heading);
  gtk_label_set_text (self->explanation_label, explanation);
  gtk_label_set_text (self->key_type_label, yado_auth_request_get_key_type (request));
  gtk_label_set_text (self->fingerprint_label, yado_auth_request_get_fingerprint (request));
  /* Trusting must be a choice: the focus starts on Cancel. */
  gtk_widget_grab_focus (gtk_dialog_get_widget_for_response (GTK_DIALOG (self),
                                                             GTK_RESPONSE_CANCEL));
  return GTK_WIDGET (self);
}

const char *
yado_host_key_dialog_get_fingerprint (YadoHostKeyDialog *self)
{
  return gtk_label_get_text (self->fingerprint_label);
}
