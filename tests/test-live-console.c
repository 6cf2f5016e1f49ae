/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM window's console against a real QEMU VM (software emulation) on a
 * real session libvirtd, under the Xvfb that tests/xvfb-test-wrapper.sh
 * starts: the sockets come from virDomainOpenGraphicsFD; gtk-vnc and
 * spice-gtk show the guest's screen (SeaBIOS's text, so not blank), and
 * the VM window's page follows the VM when it is forced off.
 */
#include <string.h>

#include <gtk/gtk.h>

#include "yado-application.h"
#include "yado-resources.h"
#include "yado-test-libvirtd.h"
#include "yado-test-utils.h"
#include "yado-vm-window.h"

#define VM_NAME "yado-live-1"
#define WAIT_MS 20000

/* TRUE when the picture holds more than one colour: text on the screen. */
static gboolean
pixbuf_has_content (GdkPixbuf *pixbuf)
{
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (memcmp (pixels + y * stride + x * channels, pixels, 3) != 0)
        return TRUE;
  return FALSE;
}

static gboolean
screen_shows_something (YadoConsole *console)
{
  g_autoptr(GdkPixbuf) shot = yado_console_get_screenshot (console);

  return shot != NULL && pixbuf_has_content (shot);
}

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

/* YADO_TEST_SCREENSHOT_DIR=DIR keeps a picture of the screen for docs. */
static void
save_screenshot (const char *name)
{
  const char *dir = g_getenv ("YADO_TEST_SCREENSHOT_DIR");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  /* Let the window draw what gtk-vnc has. */
  for (int i = 0; i < 50; i++)
    yado_test_iterate ();
  command = g_strdup_printf ("import -window root -crop 800x600+0+0 +repage %s/%s.png", dir, name);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
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
  gtk_widget_show (GTK_WIDGET (window));
  console = yado_vm_window_get_console (window);

  yado_test_wait_until (yado_console_is_connected (console), WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console");
  yado_console_get_guest_size (console, &width, &height);
  g_test_message ("guest screen %d x %d", width, height);
  g_assert_cmpint (width, >=, 320);
  g_assert_cmpint (height, >=, 200);
  /* SeaBIOS writes its banner and "No bootable device." */
  yado_test_wait_until (screen_shows_something (console), WAIT_MS);
  save_screenshot ("vm-window-console");

  /* Forced off: the console goes, the Run page comes. */
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
  yado_test_wait_until (screen_shows_something (console), WAIT_MS);
  /* Let the other channels (inputs, cursor) finish linking: a session torn
   * down mid-link makes spice-gtk warn "incomplete link header", and
   * gtk_test_init() makes warnings fatal. A user closing at once only gets
   * that line in the log. */
  {
    gint64 until = g_get_monotonic_time () + 1500 * 1000;

    while (g_get_monotonic_time () < until)
      yado_test_iterate ();
  }

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
  return g_test_run ();
}
