/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-application.h"
#include "yado-delete-dialog.h"
#include "yado-lifecycle-actions.h"
#include "yado-vm-window-private.h"

G_DEFINE_FINAL_TYPE (YadoVmWindow, yado_vm_window, GTK_TYPE_APPLICATION_WINDOW)

static GPtrArray *
get_domains (GObject *owner)
{
  YadoVmWindow *self = YADO_VM_WINDOW (owner);
  GPtrArray *domains = g_ptr_array_new ();

  if (!self->gone)
    g_ptr_array_add (domains, self->domain);
  return domains;
}

static void
report_error (GObject *owner, const GError *error)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (owner), GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                              "%s", _("The action failed"));

  /* Not gtk_dialog_run(): the main loop goes on while it shows. */
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_title (YadoVmWindow *self)
{
  g_autofree char *title = NULL;

  /* TRANSLATORS: "web-server on QEMU/KVM: host.example" */
  title = g_strdup_printf (_("%s on %s"), yado_domain_get_display_name (self->domain),
                           self->connection ? yado_connection_get_display_name (self->connection)
                                            : "?");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static const char *
hint_for_state (YadoVmWindow *self)
{
  if (self->gone)
    return _("It was deleted, or it was a temporary machine that stopped.");
  if (yado_domain_get_has_managed_save (self->domain))
    return _("Its saved state is kept: Restore brings it back where it was.");
  return _("Run it to see its screen here.");
}

static void
update_page (YadoVmWindow *self)
{
  g_autoptr(GPtrArray) domains = get_domains (G_OBJECT (self));
  gboolean running = !self->gone && yado_domain_is_active (self->domain);

  gtk_image_set_from_icon_name (self->state_image,
                                self->gone ? "edit-delete-symbolic"
                                : yado_domain_state_to_icon_name (yado_domain_get_state (self->domain),
                                                                  yado_domain_get_has_managed_save (self->domain)),
                                GTK_ICON_SIZE_DIALOG);
  gtk_label_set_text (self->state_label, self->gone ? _("This virtual machine no longer exists")
                                                    : yado_domain_get_state_text (self->domain));
  gtk_label_set_text (self->hint_label, hint_for_state (self));
  /* While the VM runs the console page shows it, or says what is in
   * the way; it connects again by itself when the VM starts again. */
  yado_console_page_set_vm_running (self->console_page, running);
  gtk_stack_set_visible_child_name (self->page_stack, running ? "console" : "not-running");

  yado_lifecycle_actions_update (G_ACTION_MAP (self), domains);
  /* Not installed yet: Begin Installation starts it (and switches its
   * definition to the installed one); Run would skip that. */
  if (self->install_vm != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                              "run")), FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "delete")),
                               !self->gone && self->connection != NULL
                               && yado_connection_get_state (self->connection)
                                  == YADO_CONNECTION_CONNECTED
                               && !yado_connection_get_read_only (self->connection));
  gtk_tool_button_set_label (self->run_button, yado_lifecycle_run_label (domains));
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button),
                          yado_lifecycle_any_can (domains, YADO_LIFECYCLE_RESUME));
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button),
                          !gtk_widget_get_visible (GTK_WIDGET (self->resume_button)));
  _yado_vm_window_console_update (self);
}

static void
on_domain_changed (YadoDomain *domain, YadoVmWindow *self)
{
  update_title (self);
  update_page (self);
}

/* The connection's list lost our VM (undefined, or transient and
 * stopped): the window stays, saying so, until the user closes it. */
static void
on_domains_changed (GListModel *domains, guint position, guint removed, guint added,
                    YadoVmWindow *self)
{
  YadoDomain *current;

  if (removed == 0 || self->gone || self->connection == NULL
      || !yado_connection_get_domains_listed (self->connection))
    return;
  current = yado_connection_lookup_domain (self->connection, yado_domain_get_uuid (self->domain));
  if (current == self->domain)
    return;
  self->gone = TRUE;
  update_page (self);
}

static void
on_connection_state (YadoConnection *connection, GParamSpec *pspec, YadoVmWindow *self)
{
  /* Actions need a live connection; the page says what the VM was. */
  update_page (self);
}

/* The console's tools belong to the console view only. */
static void
on_view_changed (YadoVmWindow *self)
{
  gboolean console = g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack),
                                "console") == 0;
  GtkWidget *tools[] = {
    self->console_separator, self->console_menu_item, self->send_key_item,
    self->screenshot_button, self->view_menu_item, self->fullscreen_button,
  };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    gtk_widget_set_visible (tools[i], console);
}

static gboolean
yado_vm_window_delete_event (GtkWidget *widget, GdkEventAny *event)
{
  YadoVmWindow *self = YADO_VM_WINDOW (widget);
  g_autoptr(GVariant) sizes = g_settings_get_value (self->settings, "vm-window-sizes");
  const char *uuid = yado_domain_get_uuid (self->domain);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{s(ii)}"));
  GVariantIter iter;
  const char *key;
  int width, height;

  /* Closing the window leaves the VM as it is: only the size is kept
   * (the window's own, not the screen's when it is full screen). */
  if (self->fullscreen)
    return GDK_EVENT_PROPAGATE;
  g_variant_iter_init (&iter, sizes);
  while (g_variant_iter_next (&iter, "{&s(ii)}", &key, &width, &height))
    if (g_strcmp0 (key, uuid) != 0)
      g_variant_builder_add (&builder, "{s(ii)}", key, width, height);
  gtk_window_get_size (GTK_WINDOW (self), &width, &height);
  g_variant_builder_add (&builder, "{s(ii)}", uuid, width, height);
  g_settings_set_value (self->settings, "vm-window-sizes", g_variant_builder_end (&builder));
  return GDK_EVENT_PROPAGATE;
}

static void
yado_vm_window_dispose (GObject *object)
{
  YadoVmWindow *self = YADO_VM_WINDOW (object);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (yado_connection_get_domains (self->connection), self);
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_clear_weak_pointer (&self->connection);
    }
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  _yado_vm_window_console_dispose (self);
  _yado_vm_window_install_dispose (self);
  g_clear_object (&self->domain);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (yado_vm_window_parent_class)->dispose (object);
}

static void
yado_vm_window_class_init (YadoVmWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = yado_vm_window_dispose;
  widget_class->delete_event = yado_vm_window_delete_event;
  gtk_widget_class_set_template_from_resource (widget_class, "/dev/yado/Yado/ui/yado-vm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, shutdown_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, console_separator);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, console_menu_item);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, send_key_item);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, screenshot_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, view_menu_item);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, fullscreen_button);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, install_bar);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, install_label);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, install_spinner);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, install_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_begin_install_clicked",
                                                G_CALLBACK (_yado_vm_window_on_begin_install_clicked));
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, state_image);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, toolbar);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, console_menu_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, send_key_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, view_menu_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, floating_send_key_button);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, fullscreen_edge);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, floating_box);
  gtk_widget_class_bind_template_child (widget_class, YadoVmWindow, floating_revealer);
}

static void
on_delete_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  YadoVmWindow *self = user_data;

  if (!self->gone)
    yado_delete_dialog_present (GTK_WINDOW (self), self->domain);
}

static void
install_delete_action (YadoVmWindow *self)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("delete", NULL);

  g_signal_connect (action, "activate", G_CALLBACK (on_delete_activated), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

static void
yado_vm_window_init (YadoVmWindow *self)
{
  yado_application_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->console_page = yado_console_page_new ();
  gtk_widget_show (GTK_WIDGET (self->console_page));
  gtk_stack_add_named (self->page_stack, GTK_WIDGET (self->console_page), "console");
  self->details_page = yado_details_page_new ();
  gtk_widget_show (GTK_WIDGET (self->details_page));
  gtk_stack_add_titled (self->view_stack, GTK_WIDGET (self->details_page), "details",
                        _("Details"));
  yado_lifecycle_actions_install (G_ACTION_MAP (self), G_OBJECT (self), get_domains, report_error);
  install_delete_action (self);
  _yado_vm_window_console_init (self);
}

static void
attach_shutdown_menu (YadoVmWindow *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/dev/yado/Yado/ui/yado-menus.ui");
  GMenuModel *shutdown = G_MENU_MODEL (gtk_builder_get_object (builder, "shutdown_menu"));
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) delete = g_menu_new ();

  /* The manager's menu, and deleting this VM (the manager has it in its
   * Edit menu). */
  g_menu_append_section (menu, NULL, shutdown);
  g_menu_append (delete, _("_Delete…"), "win.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (delete));
  gtk_menu_tool_button_set_menu (self->shutdown_button,
                                 gtk_menu_new_from_model (G_MENU_MODEL (menu)));
}


static void
restore_size (YadoVmWindow *self)
{
  g_autoptr(GVariant) sizes = g_settings_get_value (self->settings, "vm-window-sizes");
  int width, height;

  if (g_variant_lookup (sizes, yado_domain_get_uuid (self->domain), "(ii)", &width, &height))
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
}

YadoVmWindow *
yado_vm_window_new (GtkApplication *application, YadoDomain *domain, GSettings *settings)
{
  /* show-menubar is a construct property: a template cannot turn it off.
   * The manager's menus do not belong here; the toolbar has the VM's. */
  YadoVmWindow *self = g_object_new (YADO_TYPE_VM_WINDOW, "application", application,
                                     "show-menubar", FALSE, NULL);

  self->domain = g_object_ref (domain);
  self->settings = g_object_ref (settings);
  g_set_weak_pointer (&self->connection, yado_domain_get_connection (domain));

  attach_shutdown_menu (self);
  restore_size (self);
  yado_console_page_set_domain (self->console_page, domain);
  yado_details_page_set_domain (self->details_page, domain);
  _yado_vm_window_console_setup (self);
  g_signal_connect_object (domain, "changed", G_CALLBACK (on_domain_changed), self, 0);
  if (self->connection != NULL)
    {
      g_signal_connect_object (yado_connection_get_domains (self->connection), "items-changed",
                               G_CALLBACK (on_domains_changed), self, 0);
      g_signal_connect_object (self->connection, "notify::state",
                               G_CALLBACK (on_connection_state), self, 0);
    }
  update_title (self);
  update_page (self);
  return self;
}

YadoDomain *
yado_vm_window_get_domain (YadoVmWindow *self)
{
  return self->domain;
}

YadoConsole *
yado_vm_window_get_console (YadoVmWindow *self)
{
  return yado_console_page_get_console (self->console_page);
}

YadoConsolePage *
yado_vm_window_get_console_page (YadoVmWindow *self)
{
  return self->console_page;
}

const char *
yado_vm_window_get_page (YadoVmWindow *self)
{
  const char *state;

  if (self->gone)
    return "gone";
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "not-running") == 0)
    return "not-running";
  state = yado_console_page_get_state (self->console_page);
  if (g_strcmp0 (state, "graphics") == 0)
    return "console";
  if (g_strcmp0 (state, "text") == 0)
    return "text-console";
  if (g_strcmp0 (state, "password") == 0)
    return "console-password";
  return "console-message";
}

void
yado_vm_window_show_view (YadoVmWindow *self, const char *view)
{
  gtk_stack_set_visible_child_name (self->view_stack, view);
}

const char *
yado_vm_window_get_view (YadoVmWindow *self)
{
  return gtk_stack_get_visible_child_name (self->view_stack);
}

YadoDetailsPage *
yado_vm_window_get_details_page (YadoVmWindow *self)
{
  return self->details_page;
}

void
_yado_vm_window_update (YadoVmWindow *self)
{
  update_page (self);
}
