/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "Customize configuration before install": the New VM wizard defined the
 * VM without starting it and opened its window on the details; a bar says
 * so, and Begin Installation starts it (yado-new-vm-install.h switches its
 * definition to the installed one once it runs) and shows its console.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-new-vm-install.h"
#include "yado-vm-window-private.h"

static void
set_busy (YadoVmWindow *self, gboolean busy)
{
  gtk_widget_set_sensitive (self->install_button, !busy);
  if (busy)
    gtk_spinner_start (GTK_SPINNER (self->install_spinner));
  else
    gtk_spinner_stop (GTK_SPINNER (self->install_spinner));
}

static void
on_install_begun (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoVmWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yado_domain_begin_install_finish (YADO_DOMAIN (source), result, &error))
    {
      if (self->install_vm == NULL)
        return; /* the window went away */
      set_busy (self, FALSE);
      gtk_info_bar_set_message_type (GTK_INFO_BAR (self->install_bar), GTK_MESSAGE_ERROR);
      gtk_label_set_text (GTK_LABEL (self->install_label), error->message);
      return;
    }
  g_clear_pointer (&self->install_vm, yado_new_vm_free);
  set_busy (self, FALSE);
  gtk_widget_hide (self->install_bar);
  _yado_vm_window_update (self);
  yado_vm_window_show_view (self, "console");
}

void
_yado_vm_window_on_begin_install_clicked (YadoVmWindow *self)
{
  yado_vm_window_begin_install (self);
}

void
yado_vm_window_begin_install (YadoVmWindow *self)
{
  g_return_if_fail (self->install_vm != NULL);

  /* Edits not applied yet would be lost when the definition changes. */
  if (yado_details_page_has_changes (self->details_page))
    {
      gtk_info_bar_set_message_type (GTK_INFO_BAR (self->install_bar), GTK_MESSAGE_WARNING);
      gtk_label_set_text (GTK_LABEL (self->install_label),
                          _("Apply or revert your changes first, then begin the installation."));
      return;
    }
  set_busy (self, TRUE);
  yado_domain_begin_install_async (self->domain, self->install_vm, NULL, on_install_begun,
                                   g_object_ref (self));
}

void
yado_vm_window_set_pending_install (YadoVmWindow *self, const YadoNewVm *vm)
{
  g_clear_pointer (&self->install_vm, yado_new_vm_free);
  self->install_vm = yado_new_vm_copy (vm);
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->install_bar), GTK_MESSAGE_INFO);
  gtk_label_set_text (GTK_LABEL (self->install_label),
                      _("This virtual machine is not installed yet. Change its configuration "
                        "here, then begin the installation."));
  gtk_widget_show (self->install_bar);
  yado_vm_window_show_view (self, "details");
  _yado_vm_window_update (self);
}

gboolean
yado_vm_window_get_pending_install (YadoVmWindow *self)
{
  return self->install_vm != NULL;
}

void
_yado_vm_window_install_dispose (YadoVmWindow *self)
{
  g_clear_pointer (&self->install_vm, yado_new_vm_free);
}
