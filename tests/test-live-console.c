/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM window's console against a real QEMU VM (software emulation) on a
 * real session libvirtd, under the Xvfb that tests/xvfb-test-wrapper.sh
 * starts: the sockets come from virDomainOpenGraphicsFD; gtk-vnc and
 * spice-gtk show the guest's screen (SeaBIOS's text, so not blank), and
 * the VM window's page follows the VM when it is forced off.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <vte/vte.h>

#include "yado-application.h"
#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-libvirtd.h"
#include "yado-test-utils.h"
#include "yado-text-console.h"
#include "yado-vm-window.h"

#define VM_NAME "yado-live-1"
#define WAIT_MS 20000

/* A daemon with the live VM running, and the model connected to it. */
typedef struct {
  YadoTestLibvirtd *daemon;
  YadoConnection   *c;
  YadoDomain       *vm;
} LiveVm;

static gboolean
live_vm_start (LiveVm *live)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  live->daemon = yado_test_libvirtd_start (&error);
  if (live->daemon == NULL)
    {
      g_test_fail_printf ("Could not start the test libvirtd: %s", error->message);
      return FALSE;
    }
  yado_test_libvirtd_define_live_vm (live->daemon);
  out = yado_test_libvirtd_virsh_or_fail (live->daemon, "start", VM_NAME);
  live->c = yado_test_open (yado_test_libvirtd_get_uri (live->daemon));
  yado_connection_set_stats_interval (live->c, 0);
  live->vm = yado_test_domain (live->c, VM_NAME);
  yado_test_wait_until (yado_domain_get_state (live->vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  return TRUE;
}

static void
live_vm_stop (LiveVm *live)
{
  if (yado_domain_is_active (live->vm))
    g_assert_true (yado_domain_lifecycle_sync (live->vm, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_connection_close (live->c);
  g_clear_object (&live->c);
  g_clear_pointer (&live->daemon, yado_test_libvirtd_free);
}

static void
activate (YadoVmWindow *window, const char *action, GVariant *parameter)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), action));
  g_action_group_activate_action (G_ACTION_GROUP (window), action, parameter);
}

/* Keys typed through the console reach the guest (it echoes them on its
 * screen); Ctrl+Alt+Del from the Send Key menu reboots it (the echo goes,
 * the banner comes back). */
static void
check_keys_reach_guest (YadoVmWindow *window, YadoConsole *console)
{
  g_autoptr(GdkPixbuf) banner = yado_test_console_settled_screen (console);
  g_autoptr(GdkPixbuf) typed = NULL;

  g_assert_cmpuint (yado_console_type_text (console, "Hello, Yado!\n"), ==, 0);
  yado_test_wait_until (yado_test_console_differs_from (console, banner), WAIT_MS);
  typed = yado_test_console_settled_screen (console);
  yado_test_save_screenshot ("vm-window-console");

  activate (window, "send-key", g_variant_new_string ("ctrl-alt-del"));
  yado_test_wait_until (yado_test_console_differs_from (console, typed), WAIT_MS);
  g_assert_true (yado_console_is_connected (console));
}

/* The Screenshot action's file: a PNG of the guest's screen. */
static void
check_screenshot_file (YadoVmWindow *window, YadoConsole *console)
{
  g_autofree char *dir = g_dir_make_tmp ("yado-shot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shot.png", NULL);
  g_autoptr(GdkPixbuf) saved = NULL;
  g_autoptr(GError) error = NULL;
  int width, height;

  g_assert_true (yado_vm_window_save_screenshot (window, path, &error));
  g_assert_no_error (error);
  saved = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  yado_console_get_guest_size (console, &width, &height);
  g_assert_cmpint (gdk_pixbuf_get_width (saved), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (saved), ==, height);
  g_assert_true (yado_test_pixbuf_has_content (saved));
  g_unlink (path);
  g_rmdir (dir);
}

/* A click in the guest's screen grabs the pointer (the VM has a relative
 * PS/2 mouse): the hint says how to get it back, and releasing works. */
static void
check_grab_hint (YadoVmWindow *window, YadoConsole *console)
{
  GtkWidget *display = yado_test_find_widget_of_type (GTK_WIDGET (console), GTK_TYPE_DRAWING_AREA);
  GtkWidget *hint = yado_test_find_widget_by_name (GTK_WIDGET (window), "Release keys");

  g_assert_nonnull (display);
  g_assert_nonnull (hint);
  g_assert_false (yado_console_is_grabbed (console));
  gtk_window_present (GTK_WINDOW (window));
  yado_test_iterate_for (300);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_test_widget_click (display, 1, 0));
  G_GNUC_END_IGNORE_DEPRECATIONS
  yado_test_wait_until (yado_console_is_grabbed (console), WAIT_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==,
                   "Press Ctrl+Alt to release the keyboard and pointer");
  yado_test_wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (hint))),
                        WAIT_MS);
  yado_test_save_screenshot ("vm-window-grab");
  yado_console_release_grab (console);
  g_assert_false (yado_console_is_grabbed (console));
}

/* Scaling "never" shows the guest pixel for pixel; Zoom In makes it
 * larger; "always" fits the window again. */
static void
check_scaling_and_zoom (YadoVmWindow *window, YadoConsole *console)
{
  GtkWidget *display = yado_test_find_widget_of_type (GTK_WIDGET (console), GTK_TYPE_DRAWING_AREA);
  int width, height;

  g_assert_nonnull (display);
  yado_console_get_guest_size (console, &width, &height);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "scaling",
                                      g_variant_new_string ("never"));
  yado_test_iterate_for (300);
  g_assert_cmpint (gtk_widget_get_allocated_width (display), ==, width);
  g_assert_cmpint (gtk_widget_get_allocated_height (display), ==, height);

  activate (window, "zoom-in", NULL);
  yado_test_iterate_for (300);
  g_assert_cmpint (yado_console_get_zoom (console), ==, 110);
  g_assert_cmpint (gtk_widget_get_allocated_width (display), ==, width * 110 / 100);

  g_action_group_change_action_state (G_ACTION_GROUP (window), "scaling",
                                      g_variant_new_string ("always"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-in"));
}

static void
test_vnc_console (void)
{
  g_autoptr(GSettings) settings = yado_settings_new ();
  LiveVm live = { 0 };
  YadoVmWindow *window;
  YadoConsole *console;
  YadoDomain *vm;
  int width = 0, height = 0;

  if (!live_vm_start (&live))
    return;
  vm = live.vm;
  window = yado_vm_window_new (NULL, vm, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_widget_show (GTK_WIDGET (window));
  console = yado_vm_window_get_console (window);

  yado_test_step ("waiting for the VNC console");
  yado_test_wait_until (yado_console_is_connected (console), WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console");
  g_assert_cmpstr (yado_console_get_protocol (console), ==, "vnc");
  yado_console_get_guest_size (console, &width, &height);
  g_test_message ("guest screen %d x %d", width, height);
  g_assert_cmpint (width, >=, 320);
  g_assert_cmpint (height, >=, 200);
  /* SeaBIOS's banner, then the test guest's. */
  yado_test_wait_until (yado_test_console_shows_something (console), WAIT_MS);

  yado_test_step ("keys");
  check_keys_reach_guest (window, console);
  yado_test_step ("screenshot");
  check_screenshot_file (window, console);
  yado_test_step ("grab");
  check_grab_hint (window, console);
  yado_test_step ("scaling");
  check_scaling_and_zoom (window, console);

  /* Keys through the console itself, and a reset: QEMU stays, the screen
   * restarts, the console shows it. */
  yado_test_step ("reset");
  yado_test_console_check_keys_and_reset (console, vm);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console");

  /* Forced off: the console goes, the Run page comes. */
  yado_test_step ("force off and start");
  g_assert_true (yado_domain_lifecycle_sync (vm, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "not-running") == 0, WAIT_MS);
  g_assert_false (yado_console_is_connected (console));

  /* Started again: the console comes back by itself. */
  g_assert_true (yado_domain_lifecycle_sync (vm, YADO_LIFECYCLE_START, NULL, NULL));
  yado_test_wait_until (yado_console_is_connected (console), WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console");

  gtk_widget_destroy (GTK_WIDGET (window));
  live_vm_stop (&live);
}

/* The console menu lists the VM's consoles; choosing one shows it: the
 * serial port in a terminal, then the SPICE display. */
static void
test_console_menu (void)
{
  g_autoptr(GSettings) settings = yado_settings_new ();
  LiveVm live = { 0 };
  YadoVmWindow *window;
  YadoTextConsole *text;
  g_autofree char *shown = NULL;

  if (!live_vm_start (&live))
    return;
  window = yado_vm_window_new (NULL, live.vm, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_widget_show (GTK_WIDGET (window));
  yado_test_wait_until (yado_console_is_connected (yado_vm_window_get_console (window)), WAIT_MS);

  yado_test_step ("serial console");
  g_action_group_activate_action (G_ACTION_GROUP (window), "console-device",
                                  g_variant_new_string ("t:serial0"));
  text = yado_console_page_get_text_console (yado_vm_window_get_console_page (window));
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "text-console") == 0, WAIT_MS);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "send-key"));
  /* The guest echoes what comes in on its serial port. */
  vte_terminal_feed_child (VTE_TERMINAL (yado_test_find_widget_of_type (GTK_WIDGET (text), VTE_TYPE_TERMINAL)),
                           "menu-check\r", -1);
  yado_test_wait_until ((g_free (shown), shown = yado_text_console_get_text (text),
                         strstr (shown, "menu-check") != NULL), WAIT_MS);
  yado_test_save_screenshot ("vm-window-text-console");

  yado_test_step ("SPICE display");
  g_action_group_activate_action (G_ACTION_GROUP (window), "console-device",
                                  g_variant_new_string ("g1"));
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "console") == 0
                        && g_strcmp0 (yado_console_get_protocol (yado_vm_window_get_console (window)),
                                      "spice") == 0, WAIT_MS);
  yado_test_wait_until (yado_test_console_shows_something (yado_vm_window_get_console (window)), WAIT_MS);
  /* Let the other SPICE channels finish linking (see test_spice_console). */
  yado_test_iterate_for (1500);

  gtk_widget_destroy (GTK_WIDGET (window));
  live_vm_stop (&live);
}

/* The VM's second graphics device is SPICE: its main channel and every
 * other channel each get a socket from libvirt. */
static void
test_spice_console (void)
{
  LiveVm live = { 0 };
  GtkWidget *window;
  YadoConsole *console;
  int width = 0, height = 0;

  if (!live_vm_start (&live))
    return;
  window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  console = YADO_CONSOLE (yado_console_new ());
  gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (console));
  gtk_widget_show_all (window);
  yado_console_connect_device (console, live.vm, 1);

  yado_test_wait_until (yado_console_is_connected (console), WAIT_MS);
  yado_console_get_guest_size (console, &width, &height);
  g_test_message ("SPICE guest screen %d x %d", width, height);
  g_assert_cmpint (width, >=, 320);
  g_assert_cmpint (height, >=, 200);
  yado_test_wait_until (yado_test_console_shows_something (console), WAIT_MS);
  /* The VM has a USB redirection device: its channel comes with the
   * session, and the chooser lists this computer's USB devices. */
  yado_test_wait_until (yado_console_can_redirect_usb (console), WAIT_MS);
  {
    GtkWidget *chooser = yado_console_new_usb_device_chooser (console);

    g_assert_nonnull (chooser);
    g_object_ref_sink (chooser);
    gtk_widget_destroy (chooser);
    g_object_unref (chooser);
  }
  /* Keys through SPICE's inputs channel; a reset. */
  yado_test_console_check_keys_and_reset (console, live.vm);
  /* Let the other channels (inputs, cursor) finish linking: a session torn
   * down mid-link makes spice-gtk warn "incomplete link header", and
   * gtk_test_init() makes warnings fatal. A user closing at once only gets
   * that line in the log. */
  yado_test_iterate_for (1500);

  yado_console_disconnect (console);
  g_assert_false (yado_console_is_connected (console));
  gtk_widget_destroy (window);
  live_vm_stop (&live);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
  g_test_add_func ("/live-console/vnc", test_vnc_console);
  g_test_add_func ("/live-console/spice", test_spice_console);
  g_test_add_func ("/live-console/menu", test_console_menu);
  return g_test_run ();
}
