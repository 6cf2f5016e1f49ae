/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM window's console controls: the console menu (graphics devices
 * and text consoles), send keys, type the clipboard, screenshot, USB
 * devices, the view options (scaling, zoom, resize guest, clipboard,
 * monitors, release keys) and full screen with its floating toolbar.
 *
 * No keyboard accelerators: while a console has the focus, every key
 * belongs to the guest.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-console-device.h"
#include "yado-error.h"
#include "yado-vm-window-private.h"

/* The floating toolbar shows this long on entering full screen, and
 * hides this long after the pointer leaves it. */
#define FLOATING_SHOW_MS 2000
#define FLOATING_HIDE_MS 1000

static const guint zoom_steps[] = { 25, 50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400 };

static YadoConsole *
console_of (YadoVmWindow *self)
{
  return yado_console_page_get_console (self->console_page);
}

static gboolean
showing_graphics (YadoVmWindow *self)
{
  return g_strcmp0 (yado_vm_window_get_page (self), "console") == 0;
}

static void
set_enabled (YadoVmWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* ---- send keys, type text ---- */

/* "ctrl-alt-del", "ctrl-alt-f3", "print", ... as key values. */
static guint
keys_for_name (const char *name, guint keys[3])
{
  guint n = 0;

  if (g_str_has_prefix (name, "ctrl-alt-"))
    {
      keys[n++] = GDK_KEY_Control_L;
      keys[n++] = GDK_KEY_Alt_L;
      name += strlen ("ctrl-alt-");
    }
  if (g_str_equal (name, "del"))
    keys[n++] = GDK_KEY_Delete;
  else if (g_str_equal (name, "backspace"))
    keys[n++] = GDK_KEY_BackSpace;
  else if (g_str_equal (name, "print"))
    keys[n++] = GDK_KEY_Print;
  else if (name[0] == 'f' && atoi (name + 1) >= 1 && atoi (name + 1) <= 12)
    keys[n++] = GDK_KEY_F1 + (guint) atoi (name + 1) - 1;
  else
    return 0;
  return n;
}

static void
on_send_key (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoVmWindow *self = data;
  guint keys[3];
  guint n = keys_for_name (g_variant_get_string (parameter, NULL), keys);

  if (n > 0)
    yado_console_send_keys (console_of (self), keys, n);
}

static void
show_notice (YadoVmWindow *self, const char *primary, const char *secondary)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_INFO, GTK_BUTTONS_CLOSE, "%s", primary);

  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_clipboard_text (GtkClipboard *clipboard, const char *text, gpointer data)
{
  g_autoptr(YadoVmWindow) self = data;
  guint skipped;

  if (text == NULL || *text == '\0')
    {
      show_notice (self, _("The clipboard holds no text"), NULL);
      return;
    }
  skipped = yado_console_type_text (console_of (self), text);
  if (skipped > 0)
    {
      g_autofree char *message =
        g_strdup_printf (ngettext ("%u character has no key on this keyboard layout and was left out.",
                                   "%u characters have no key on this keyboard layout and were left out.",
                                   skipped), skipped);

      show_notice (self, _("Some text could not be typed"), message);
    }
}

static void
on_type_clipboard (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoVmWindow *self = data;

  gtk_clipboard_request_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD), on_clipboard_text,
                              g_object_ref (self));
}

/* ---- screenshot ---- */

gboolean
yado_vm_window_save_screenshot (YadoVmWindow *self, const char *path, GError **error)
{
  g_autoptr(GdkPixbuf) shot = yado_console_get_screenshot (console_of (self));

  if (shot == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("The console shows no screen to save."));
      return FALSE;
    }
  return gdk_pixbuf_save (shot, path, "png", error, NULL);
}

static void
on_screenshot_response (GtkNativeDialog *chooser, int response, gpointer data)
{
  YadoVmWindow *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      if (!yado_vm_window_save_screenshot (self, path, &error))
        show_notice (self, _("The screenshot could not be saved"), error->message);
    }
  g_object_unref (chooser);
}

static void
on_screenshot (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoVmWindow *self = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s-%s.png", yado_domain_get_name (self->domain), stamp);
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Save Screenshot"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);

  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  if (pictures != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), pictures);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_screenshot_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- USB devices ---- */

static void
on_usb_devices (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoVmWindow *self = data;
  GtkWidget *chooser = yado_console_new_usb_device_chooser (console_of (self));
  GtkWidget *dialog;

  if (chooser == NULL)
    {
      show_notice (self, _("USB devices cannot be redirected to this virtual machine"),
                   _("It needs a SPICE console and a USB redirection device (Add Hardware → USB Redirection)."));
      return;
    }
  dialog = gtk_dialog_new_with_buttons (_("USB Devices"), GTK_WINDOW (self),
                                        GTK_DIALOG_DESTROY_WITH_PARENT | GTK_DIALOG_USE_HEADER_BAR,
                                        NULL, NULL);
  gtk_container_set_border_width (GTK_CONTAINER (chooser), 12);
  gtk_container_add (GTK_CONTAINER (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), chooser);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show_all (dialog);
}

/* ---- view ---- */

static void
apply_scaling (YadoVmWindow *self)
{
  g_autofree char *mode = g_settings_get_string (self->settings, "console-scaling");
  gboolean scaling = g_str_equal (mode, "always")
                     || (g_str_equal (mode, "fullscreen") && self->fullscreen);

  yado_console_set_scaling (console_of (self), scaling);
  _yado_vm_window_console_update (self);
}

static void
on_scaling (GSimpleAction *action, GVariant *state, gpointer data)
{
  YadoVmWindow *self = data;

  g_simple_action_set_state (action, state);
  g_settings_set_string (self->settings, "console-scaling", g_variant_get_string (state, NULL));
  apply_scaling (self);
}

static void
zoom_to (YadoVmWindow *self, guint percent)
{
  yado_console_set_zoom (console_of (self), percent);
}

static void
on_zoom_in (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoVmWindow *self = data;
  guint zoom = yado_console_get_zoom (console_of (self));

  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    if (zoom_steps[i] > zoom)
      {
        zoom_to (self, zoom_steps[i]);
        return;
      }
}

static void
on_zoom_out (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoVmWindow *self = data;
  guint zoom = yado_console_get_zoom (console_of (self));

  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < zoom)
      {
        zoom_to (self, zoom_steps[i - 1]);
        return;
      }
}

static void
on_zoom_normal (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  zoom_to (data, 100);
}

static void
on_resize_guest (GSimpleAction *action, GVariant *state, gpointer data)
{
  g_simple_action_set_state (action, state);
  yado_console_set_resize_guest (console_of (data), g_variant_get_boolean (state));
}

/* Per VM; a VM not listed shares when it runs on this computer: a remote
 * host's guest should not read this desktop's clipboard unasked. */
static gboolean
clipboard_sharing_of (YadoVmWindow *self)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "vm-clipboard-sharing");
  gboolean share;

  if (g_variant_lookup (all, yado_domain_get_uuid (self->domain), "b", &share))
    return share;
  return self->connection == NULL || !yado_connection_is_remote (self->connection);
}

static void
save_clipboard_sharing (YadoVmWindow *self, gboolean share)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "vm-clipboard-sharing");
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sb}"));
  const char *uuid = yado_domain_get_uuid (self->domain);
  GVariantIter iter;
  const char *key;
  gboolean value;

  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&sb}", &key, &value))
    if (!g_str_equal (key, uuid))
      g_variant_builder_add (&builder, "{sb}", key, value);
  g_variant_builder_add (&builder, "{sb}", uuid, share);
  g_settings_set_value (self->settings, "vm-clipboard-sharing", g_variant_builder_end (&builder));
}

static void
on_share_clipboard (GSimpleAction *action, GVariant *state, gpointer data)
{
  YadoVmWindow *self = data;

  g_simple_action_set_state (action, state);
  save_clipboard_sharing (self, g_variant_get_boolean (state));
  yado_console_set_clipboard_sharing (console_of (self), g_variant_get_boolean (state));
}

static void
on_monitors_in_windows (GSimpleAction *action, GVariant *state, gpointer data)
{
  YadoVmWindow *self = data;

  g_simple_action_set_state (action, state);
  g_settings_set_boolean (self->settings, "console-monitors-in-windows",
                          g_variant_get_boolean (state));
  yado_console_set_monitors_in_windows (console_of (self), g_variant_get_boolean (state));
}

static void
on_release_keys (GSimpleAction *action, GVariant *state, gpointer data)
{
  YadoVmWindow *self = data;

  if (!yado_console_page_set_grab_keys (self->console_page, g_variant_get_string (state, NULL)))
    return;
  g_simple_action_set_state (action, state);
  g_settings_set_string (self->settings, "console-release-keys", g_variant_get_string (state, NULL));
}

/* ---- full screen ---- */

static gboolean
on_floating_hide_timeout (gpointer data)
{
  YadoVmWindow *self = data;

  self->floating_hide_source = 0;
  gtk_revealer_set_reveal_child (self->floating_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
reveal_floating (YadoVmWindow *self, guint hide_after_ms)
{
  g_clear_handle_id (&self->floating_hide_source, g_source_remove);
  gtk_revealer_set_reveal_child (self->floating_revealer, TRUE);
  if (hide_after_ms > 0)
    self->floating_hide_source = g_timeout_add (hide_after_ms, on_floating_hide_timeout, self);
}

static gboolean
on_edge_entered (GtkWidget *edge, GdkEventCrossing *event, YadoVmWindow *self)
{
  reveal_floating (self, 0);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_floating_left (GtkWidget *box, GdkEventCrossing *event, YadoVmWindow *self)
{
  /* Leaving into a child (a button) is not leaving the toolbar. */
  if (event->detail != GDK_NOTIFY_INFERIOR && self->fullscreen)
    reveal_floating (self, FLOATING_HIDE_MS);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_window_state (GtkWidget *widget, GdkEventWindowState *event, YadoVmWindow *self)
{
  gboolean fullscreen = (event->new_window_state & GDK_WINDOW_STATE_FULLSCREEN) != 0;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "fullscreen");

  if (fullscreen == self->fullscreen)
    return GDK_EVENT_PROPAGATE;
  self->fullscreen = fullscreen;
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (fullscreen));
  gtk_widget_set_visible (self->toolbar, !fullscreen);
  gtk_widget_set_visible (self->fullscreen_edge, fullscreen);
  if (fullscreen)
    reveal_floating (self, FLOATING_SHOW_MS);
  else
    {
      g_clear_handle_id (&self->floating_hide_source, g_source_remove);
      gtk_revealer_set_reveal_child (self->floating_revealer, FALSE);
    }
  apply_scaling (self);
  return GDK_EVENT_PROPAGATE;
}

static void
on_fullscreen (GSimpleAction *action, GVariant *state, gpointer data)
{
  YadoVmWindow *self = data;

  /* The state follows the window (on_window_state): the window manager
   * may refuse. */
  if (g_variant_get_boolean (state))
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
}

/* ---- the console menu ---- */

static void
on_console_device (GSimpleAction *action, GVariant *state, gpointer data)
{
  YadoVmWindow *self = data;
  const char *choice = g_variant_get_string (state, NULL);

  g_simple_action_set_state (action, state);
  if (g_str_has_prefix (choice, "t:"))
    yado_console_page_choose_text (self->console_page, choice + 2);
  else if (choice[0] == 'g')
    yado_console_page_choose_graphics (self->console_page, (guint) atoi (choice + 1));
}

static void
fill_devices_menu (YadoVmWindow *self, GPtrArray *devices)
{
  g_menu_remove_all (self->console_devices_section);
  for (guint i = 0; i < devices->len; i++)
    {
      YadoConsoleDevice *device = devices->pdata[i];
      g_autofree char *target = device->kind == YADO_CONSOLE_DEVICE_TEXT
                                ? g_strdup_printf ("t:%s", device->alias)
                                : g_strdup_printf ("g%u", device->index);
      g_autoptr(GMenuItem) item = g_menu_item_new (device->label, NULL);

      g_menu_item_set_action_and_target (item, "win.console-device", "s", target);
      g_menu_append_item (self->console_devices_section, item);
    }
  if (devices->len == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("This virtual machine has no console"),
                                                   "win.no-console");

      g_menu_append_item (self->console_devices_section, item);
    }
}

static void
on_devices_listed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(YadoVmWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices =
    yado_domain_list_console_devices_finish (YADO_DOMAIN (source), result, &error);

  if (devices != NULL && self->console_devices_section != NULL)
    fill_devices_menu (self, devices);
  else if (devices == NULL && !g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED))
    g_debug ("Could not list the console devices: %s", error->message);
}

/* The devices can change (hot plug, a definition edited): list them each
 * time the menu opens. */
static void
on_console_menu_toggled (GtkToggleButton *button, YadoVmWindow *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  g_cancellable_cancel (self->devices_cancellable);
  g_set_object (&self->devices_cancellable, g_cancellable_new ());
  yado_domain_list_console_devices_async (self->domain, self->devices_cancellable,
                                          on_devices_listed, g_object_ref (self));
}

/* ---- setup ---- */

static const GActionEntry console_actions[] = {
  { "send-key", on_send_key, "s", NULL, NULL, { 0 } },
  { "type-clipboard", on_type_clipboard, NULL, NULL, NULL, { 0 } },
  { "screenshot", on_screenshot, NULL, NULL, NULL, { 0 } },
  { "usb-devices", on_usb_devices, NULL, NULL, NULL, { 0 } },
  { "zoom-in", on_zoom_in, NULL, NULL, NULL, { 0 } },
  { "zoom-out", on_zoom_out, NULL, NULL, NULL, { 0 } },
  { "zoom-normal", on_zoom_normal, NULL, NULL, NULL, { 0 } },
  { "scaling", NULL, "s", "'always'", on_scaling, { 0 } },
  { "resize-guest", NULL, NULL, "false", on_resize_guest, { 0 } },
  { "share-clipboard", NULL, NULL, "true", on_share_clipboard, { 0 } },
  { "monitors-in-windows", NULL, NULL, "false", on_monitors_in_windows, { 0 } },
  { "release-keys", NULL, "s", "'Control_L+Alt_L'", on_release_keys, { 0 } },
  { "fullscreen", NULL, NULL, "false", on_fullscreen, { 0 } },
  { "console-device", NULL, "s", "'g0'", on_console_device, { 0 } },
};

static void
on_page_state (YadoConsolePage *page, GParamSpec *pspec, YadoVmWindow *self)
{
  _yado_vm_window_console_update (self);
}

void
_yado_vm_window_console_init (YadoVmWindow *self)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/dev/yado/Yado/ui/yado-vm-window-menus.ui");

  g_action_map_add_action_entries (G_ACTION_MAP (self), console_actions,
                                   G_N_ELEMENTS (console_actions), self);
  gtk_menu_button_set_menu_model (self->console_menu_button,
                                  G_MENU_MODEL (gtk_builder_get_object (builder, "console_menu")));
  self->console_devices_section =
    g_object_ref (G_MENU (gtk_builder_get_object (builder, "console_devices_section")));
  gtk_menu_button_set_menu_model (self->send_key_button,
                                  G_MENU_MODEL (gtk_builder_get_object (builder, "send_key_menu")));
  gtk_menu_button_set_menu_model (self->floating_send_key_button,
                                  G_MENU_MODEL (gtk_builder_get_object (builder, "send_key_menu")));
  gtk_menu_button_set_menu_model (self->view_menu_button,
                                  G_MENU_MODEL (gtk_builder_get_object (builder, "view_menu")));
  g_signal_connect (self->console_menu_button, "toggled", G_CALLBACK (on_console_menu_toggled), self);
  g_signal_connect (self, "window-state-event", G_CALLBACK (on_window_state), self);
  g_signal_connect (self->fullscreen_edge, "enter-notify-event", G_CALLBACK (on_edge_entered), self);
  g_signal_connect (self->floating_box, "leave-notify-event", G_CALLBACK (on_floating_left), self);
  gtk_widget_add_events (self->fullscreen_edge, GDK_ENTER_NOTIFY_MASK);
  gtk_widget_add_events (self->floating_box, GDK_LEAVE_NOTIFY_MASK);
  g_signal_connect (self->console_page, "notify::state", G_CALLBACK (on_page_state), self);
}

static void
set_state (YadoVmWindow *self, const char *name, GVariant *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
}

/* Once the window knows its VM and settings: the saved choices, shown in
 * the menus and given to the console (not saved again). */
void
_yado_vm_window_console_setup (YadoVmWindow *self)
{
  g_autofree char *keys = g_settings_get_string (self->settings, "console-release-keys");
  g_autofree char *scaling = g_settings_get_string (self->settings, "console-scaling");
  gboolean share = clipboard_sharing_of (self);
  gboolean in_windows = g_settings_get_boolean (self->settings, "console-monitors-in-windows");

  set_state (self, "scaling", g_variant_new_string (scaling));
  apply_scaling (self);
  if (yado_console_page_set_grab_keys (self->console_page, keys))
    set_state (self, "release-keys", g_variant_new_string (keys));
  set_state (self, "share-clipboard", g_variant_new_boolean (share));
  yado_console_set_clipboard_sharing (console_of (self), share);
  set_state (self, "monitors-in-windows", g_variant_new_boolean (in_windows));
  yado_console_set_monitors_in_windows (console_of (self), in_windows);
}

/* What can be done depends on what the console page shows. */
void
_yado_vm_window_console_update (YadoVmWindow *self)
{
  gboolean graphics = showing_graphics (self);
  gboolean running = !self->gone && yado_domain_is_active (self->domain);
  gboolean scaling = yado_console_get_scaling (console_of (self));

  set_enabled (self, "send-key", graphics);
  set_enabled (self, "type-clipboard", graphics);
  set_enabled (self, "screenshot", graphics);
  set_enabled (self, "usb-devices", graphics && yado_console_can_redirect_usb (console_of (self)));
  set_enabled (self, "zoom-in", !scaling);
  set_enabled (self, "zoom-out", !scaling);
  set_enabled (self, "zoom-normal", !scaling);
  set_enabled (self, "console-device", running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->console_menu_button), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_key_button), graphics);
}

void
_yado_vm_window_console_dispose (YadoVmWindow *self)
{
  g_clear_handle_id (&self->floating_hide_source, g_source_remove);
  if (self->devices_cancellable != NULL)
    g_cancellable_cancel (self->devices_cancellable);
  g_clear_object (&self->devices_cancellable);
  g_clear_object (&self->console_devices_section);
  if (self->console_page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->console_page, self);
      yado_console_page_disconnect (self->console_page);
      self->console_page = NULL; /* the stack owns it */
    }
}
