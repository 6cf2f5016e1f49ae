/* SPDX-License-Identifier: GPL-2.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-add-connection-dialog.h"
#include "yado-uri.h"

#define CUSTOM_ID "custom"

struct _YadoAddConnectionDialog
{
  GtkDialog    parent_instance;

  GtkComboBox *hypervisor_combo;
  GtkWidget   *remote_check;
  GtkWidget   *user_label;
  GtkWidget   *user_entry;
  GtkWidget   *host_label;
  GtkWidget   *host_entry;
  GtkWidget   *port_label;
  GtkWidget   *port_entry;
  GtkWidget   *custom_uri_label;
  GtkWidget   *custom_uri_entry;
  GtkWidget   *uri_caption_label;
  GtkWidget   *uri_label;
  GtkWidget   *autoconnect_check;
  GtkWidget   *read_only_check;
  GtkWidget   *error_label;
  GtkWidget   *cancel_button;
  GtkWidget   *connect_button;

  /* "root" is offered once, the first time remote is ticked; after that
   * the user's own choice (even an empty one) stands. */
  guint        user_offered : 1;
  /* Once the user has set autoconnect, ticking remote no longer does. */
  guint        autoconnect_touched : 1;
};

G_DEFINE_FINAL_TYPE (YadoAddConnectionDialog, yado_add_connection_dialog,
                     GTK_TYPE_DIALOG)

static const struct
{
  const char     *id;
  YadoHypervisor  hypervisor;
} hypervisor_ids[] = {
  { "qemu-system",  YADO_HYPERVISOR_QEMU_SYSTEM },
  { "qemu-session", YADO_HYPERVISOR_QEMU_SESSION },
  { "lxc",          YADO_HYPERVISOR_LXC },
  { "xen",          YADO_HYPERVISOR_XEN },
  { "test",         YADO_HYPERVISOR_TEST },
};

/* Which field an input problem is in, to mark that one. */
typedef enum
{
  FIELD_NONE,
  FIELD_HOST,
  FIELD_PORT,
  FIELD_CUSTOM_URI,
} Field;

static const char *
get_entry_text (GtkWidget *entry)
{
  return gtk_entry_get_text (GTK_ENTRY (entry));
}

static gboolean
is_custom (YadoAddConnectionDialog *self)
{
  return g_strcmp0 (gtk_combo_box_get_active_id (self->hypervisor_combo),
                    CUSTOM_ID) == 0;
}

static gboolean
is_remote (YadoAddConnectionDialog *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remote_check));
}

static YadoHypervisor
get_hypervisor (YadoAddConnectionDialog *self)
{
  const char *id = gtk_combo_box_get_active_id (self->hypervisor_combo);

  for (guint i = 0; i < G_N_ELEMENTS (hypervisor_ids); i++)
    {
      if (g_strcmp0 (id, hypervisor_ids[i].id) == 0)
        return hypervisor_ids[i].hypervisor;
    }

  return YADO_HYPERVISOR_QEMU_SYSTEM;
}

static char *
build_custom_uri (YadoAddConnectionDialog  *self,
                  Field                    *field,
                  GError                  **error)
{
  const char *text = get_entry_text (self->custom_uri_entry);

  if (!yado_uri_validate (text, error))
    {
      *field = FIELD_CUSTOM_URI;
      return NULL;
    }

  return g_strdup (text);
}

static char *
build_uri_from_fields (YadoAddConnectionDialog  *self,
                       Field                    *field,
                       GError                  **error)
{
  gboolean remote = is_remote (self);
  guint port = 0;
  char *uri;

  /* The port first: a bad port is worth saying even before a host. */
  if (remote && !yado_uri_parse_port (get_entry_text (self->port_entry), &port, error))
    {
      *field = FIELD_PORT;
      return NULL;
    }

  uri = yado_uri_build (get_hypervisor (self), remote,
                        get_entry_text (self->user_entry),
                        get_entry_text (self->host_entry),
                        port, error);
  if (uri == NULL)
    *field = FIELD_HOST;

  return uri;
}

/* The URI the fields make; on NULL, @field says which one is wrong. */
static char *
build_uri (YadoAddConnectionDialog  *self,
           Field                    *field,
           GError                  **error)
{
  *field = FIELD_NONE;

  if (is_custom (self))
    return build_custom_uri (self, field, error);

  return build_uri_from_fields (self, field, error);
}

/* A required field the user has not filled yet is no error to show: the
 * insensitive Connect button says enough. */
static gboolean
is_unfilled (YadoAddConnectionDialog *self,
             Field                    field)
{
  switch (field)
    {
    case FIELD_HOST:
      return *get_entry_text (self->host_entry) == '\0';
    case FIELD_CUSTOM_URI:
      return *get_entry_text (self->custom_uri_entry) == '\0';
    case FIELD_NONE:
    case FIELD_PORT:
    default:
      return FALSE;
    }
}

static void
set_error_style (GtkWidget *widget,
                 gboolean   error)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (error)
    gtk_style_context_add_class (context, GTK_STYLE_CLASS_ERROR);
  else
    gtk_style_context_remove_class (context, GTK_STYLE_CLASS_ERROR);
}

static void
update_visibility (YadoAddConnectionDialog *self)
{
  gboolean custom = is_custom (self);
  gboolean remote = is_remote (self);
  GtkWidget *remote_widgets[] = {
    self->user_label, self->user_entry,
    self->host_label, self->host_entry,
    self->port_label, self->port_entry,
  };

  gtk_widget_set_visible (self->remote_check, !custom);
  gtk_widget_set_visible (self->uri_caption_label, !custom);
  gtk_widget_set_visible (self->uri_label, !custom);
  gtk_widget_set_visible (self->custom_uri_label, custom);
  gtk_widget_set_visible (self->custom_uri_entry, custom);

  /* Insensitive rather than hidden while local, so that ticking remote
   * does not make the dialog grow under the pointer. */
  for (guint i = 0; i < G_N_ELEMENTS (remote_widgets); i++)
    {
      gtk_widget_set_visible (remote_widgets[i], !custom);
      gtk_widget_set_sensitive (remote_widgets[i], remote);
    }
}

static void
update (YadoAddConnectionDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  gboolean show_error;
  Field field;

  update_visibility (self);

  uri = build_uri (self, &field, &error);
  show_error = uri == NULL && !is_unfilled (self, field);

  gtk_label_set_text (GTK_LABEL (self->uri_label), uri != NULL ? uri : "");
  gtk_label_set_text (GTK_LABEL (self->error_label),
                      show_error ? error->message : "");
  set_error_style (self->host_entry, show_error && field == FIELD_HOST);
  set_error_style (self->port_entry, show_error && field == FIELD_PORT);
  set_error_style (self->custom_uri_entry, show_error && field == FIELD_CUSTOM_URI);

  gtk_widget_set_sensitive (self->connect_button, uri != NULL);
}

static void
on_input_changed (YadoAddConnectionDialog *self)
{
  update (self);
}

static void
on_hypervisor_changed (YadoAddConnectionDialog *self)
{
  gboolean was_custom = gtk_widget_get_visible (self->custom_uri_entry);
  int width;

  update (self);

  /* Windows grow to fit but never shrink by themselves: after leaving the
   * four remote rows for the one custom row, take back the empty space. */
  if (is_custom (self) && !was_custom && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      gtk_window_get_size (GTK_WINDOW (self), &width, NULL);
      gtk_window_resize (GTK_WINDOW (self), width, 1);
    }
}

static void
on_autoconnect_toggled (YadoAddConnectionDialog *self)
{
  self->autoconnect_touched = TRUE;
}

static void
set_autoconnect (YadoAddConnectionDialog *self,
                 gboolean                 autoconnect)
{
  g_signal_handlers_block_by_func (self->autoconnect_check,
                                   G_CALLBACK (on_autoconnect_toggled), self);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->autoconnect_check),
                                autoconnect);
  g_signal_handlers_unblock_by_func (self->autoconnect_check,
                                     G_CALLBACK (on_autoconnect_toggled), self);
}

/*
 * Like virt-manager: remote hosts are usually reached as root, and are not
 * connected at start by default, since a host that is down would make
 * every start wait and ask for passwords.
 */
static void
on_remote_toggled (YadoAddConnectionDialog *self)
{
  gboolean remote = is_remote (self);

  if (remote && !self->user_offered)
    {
      self->user_offered = TRUE;
      if (*get_entry_text (self->user_entry) == '\0')
        gtk_entry_set_text (GTK_ENTRY (self->user_entry), "root");
    }

  if (!self->autoconnect_touched)
    set_autoconnect (self, !remote);

  update (self);
}

static void
yado_add_connection_dialog_class_init (YadoAddConnectionDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-add-connection-dialog.ui");

  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, hypervisor_combo);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, remote_check);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, user_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, user_entry);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, host_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, host_entry);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, port_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, port_entry);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, custom_uri_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, custom_uri_entry);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, uri_caption_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, uri_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, autoconnect_check);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, read_only_check);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, YadoAddConnectionDialog, connect_button);

  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_hypervisor_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_remote_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_autoconnect_toggled);
}

static void
yado_add_connection_dialog_init (YadoAddConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before GtkDialog's constructed() moves the buttons into the header
   * bar: it keeps the default and marks it as the suggested action. */
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  update (self);
}

GtkWidget *
yado_add_connection_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  /* use-header-bar is construct-only: a template cannot set it. */
  return g_object_new (YADO_TYPE_ADD_CONNECTION_DIALOG,
                       "use-header-bar", TRUE,
                       "transient-for", parent,
                       NULL);
}

char *
yado_add_connection_dialog_get_uri (YadoAddConnectionDialog *self)
{
  Field field;

  g_return_val_if_fail (YADO_IS_ADD_CONNECTION_DIALOG (self), NULL);

  return build_uri (self, &field, NULL);
}

gboolean
yado_add_connection_dialog_get_autoconnect (YadoAddConnectionDialog *self)
{
  g_return_val_if_fail (YADO_IS_ADD_CONNECTION_DIALOG (self), FALSE);

  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->autoconnect_check));
}

gboolean
yado_add_connection_dialog_get_read_only (YadoAddConnectionDialog *self)
{
  g_return_val_if_fail (YADO_IS_ADD_CONNECTION_DIALOG (self), FALSE);

  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->read_only_check));
}

GtkWidget *
yado_add_connection_dialog_get_widget (YadoAddConnectionDialog *self,
                                       const char              *name)
{
  GObject *child;

  g_return_val_if_fail (YADO_IS_ADD_CONNECTION_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  child = gtk_widget_get_template_child (GTK_WIDGET (self),
                                         YADO_TYPE_ADD_CONNECTION_DIALOG,
                                         name);

  return GTK_IS_WIDGET (child) ? GTK_WIDGET (child) : NULL;
}
