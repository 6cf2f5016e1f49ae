/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text consoles against a real QEMU guest on a real session libvirtd,
 * under the Xvfb that tests/xvfb-test-wrapper.sh starts. The VM boots the
 * test guest of tests/guest/echo-boot.S, which prints a banner on its
 * serial port and echoes what it receives there.
 *
 *  /live-text-console/serial: the model lists the VM's consoles (VNC,
 *      SPICE, the serial port, the virtio console); the serial port opens
 *      in a YadoTextConsole, shows the guest's banner, and the guest's echo
 *      of keys pressed in the terminal; domain events still reach the
 *      model while the console is open; forcing the VM off ends the
 *      console with a reason, and the relay's threads exit.
 *  /live-text-console/take-over-and-close: a second console on the same
 *      serial port takes it from the first (VIR_DOMAIN_CONSOLE_FORCE), and
 *      works; a device the VM lacks fails with libvirt's message; the
 *      virtio console opens too; closing a console from our side ends its
 *      relay, without a "disconnected" signal.
 *  /live-text-console/over-ssh: the serial port of the VM of a host
 *      reached over qemu+ssh (a private sshd, tests/yado-test-sshd.c).
 */
#include <string.h>

#include <gtk/gtk.h>

#include "yado-console-device.h"
#include "yado-test-console.h"
#include "yado-test-libvirtd.h"
#include "yado-test-sshd.h"
#include "yado-test-utils.h"
#include "yado-text-console.h"

#define VM_NAME "yado-live-1"
#define WAIT_MS 20000
#define BANNER "Yado test guest ready"
/* src/model/yado-text-stream.c names its relay threads so. */
#define RELAY_THREAD_PREFIX "yado-text-"

/* ---- helpers ---- */

typedef struct {
  guint  count;
  char  *reason;
} Disconnects;

static void
on_disconnected (YadoTextConsole *console, const char *reason, Disconnects *seen)
{
  seen->count++;
  g_free (seen->reason);
  seen->reason = g_strdup (reason);
}

typedef struct {
  GtkWidget       *window;
  YadoTextConsole *console;
  Disconnects      disconnects;
} ConsoleWindow;

static void
console_window_open (ConsoleWindow *cw, YadoDomain *vm, const char *alias)
{
  cw->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  cw->console = YADO_TEXT_CONSOLE (yado_text_console_new ());
  g_signal_connect (cw->console, "disconnected", G_CALLBACK (on_disconnected),
                    &cw->disconnects);
  gtk_container_add (GTK_CONTAINER (cw->window), GTK_WIDGET (cw->console));
  gtk_widget_show_all (cw->window);
  yado_text_console_connect (cw->console, vm, alias);
}

static void
console_window_close (ConsoleWindow *cw)
{
  gtk_widget_destroy (cw->window);
  g_free (cw->disconnects.reason);
}

/* Threads of this process that relay a text console. */
static guint
count_relay_threads (void)
{
  GDir *tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *name = NULL;

      if (g_file_get_contents (path, &name, NULL, NULL)
          && g_str_has_prefix (name, RELAY_THREAD_PREFIX))
        n++;
    }
  g_dir_close (tasks);
  return n;
}

static const YadoConsoleDevice *
find_device (GPtrArray *devices, YadoConsoleDeviceKind kind, const char *type)
{
  for (guint i = 0; i < devices->len; i++)
    {
      const YadoConsoleDevice *device = g_ptr_array_index (devices, i);

      if (device->kind == kind && g_strcmp0 (device->type, type) == 0)
        return device;
    }
  g_error ("no %s console of type %s", kind == YADO_CONSOLE_DEVICE_TEXT ? "text" : "graphics",
           type);
}

static YadoTestLibvirtd *
start_daemon_with_vm (void)
{
  g_autoptr(GError) error = NULL;
  YadoTestLibvirtd *daemon = yado_test_libvirtd_start (&error);

  if (daemon == NULL)
    {
      g_test_fail_printf ("Could not start the test libvirtd: %s", error->message);
      return NULL;
    }
  yado_test_libvirtd_define_live_vm (daemon);
  return daemon;
}

/* The model connected to @uri, and the VM in it. */
static YadoConnection *
connect_model (const char *uri, YadoDomain **vm)
{
  YadoConnection *c = yado_test_open (uri);

  yado_connection_set_stats_interval (c, 0);
  *vm = yado_test_domain (c, VM_NAME);
  return c;
}

/* The guest goes: so does its console, with a reason, and the relay. */
static void
check_ends_with_vm (ConsoleWindow *cw, YadoDomain *vm)
{
  g_assert_true (yado_domain_lifecycle_sync (vm, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (cw->disconnects.count > 0, WAIT_MS);
  g_assert_cmpuint (cw->disconnects.count, ==, 1);
  g_assert_cmpstr (cw->disconnects.reason, ==, "The text console was closed");
  g_assert_false (yado_text_console_is_connected (cw->console));
  yado_test_wait_until (count_relay_threads () == 0, WAIT_MS);
}

/* ---- /live-text-console/serial ---- */

static void
check_listed_devices (YadoDomain *vm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = yado_domain_list_console_devices_sync (vm, NULL, &error);
  const YadoConsoleDevice *serial, *virtio;

  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    g_test_message ("console %u: %s", i,
                    ((YadoConsoleDevice *) g_ptr_array_index (devices, i))->label);
  g_assert_cmpuint (devices->len, ==, 4);
  g_assert_cmpuint (find_device (devices, YADO_CONSOLE_DEVICE_GRAPHICS, "vnc")->index, ==, 0);
  g_assert_cmpuint (find_device (devices, YADO_CONSOLE_DEVICE_GRAPHICS, "spice")->index, ==, 1);
  serial = find_device (devices, YADO_CONSOLE_DEVICE_TEXT, "serial");
  virtio = find_device (devices, YADO_CONSOLE_DEVICE_TEXT, "virtio");
  g_assert_cmpstr (serial->alias, ==, "serial0");
  g_assert_cmpstr (serial->label, ==, "Serial port 1");
  g_assert_cmpstr (virtio->alias, ==, "console1");
  g_assert_cmpstr (virtio->label, ==, "Text console 2 (virtio)");
}

static void
test_serial (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = start_daemon_with_vm ();
  g_autoptr(YadoConnection) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  ConsoleWindow cw = { 0 };
  GtkWidget *terminal;
  YadoDomain *vm;

  if (daemon == NULL)
    return;
  /* Started paused: the guest prints its banner within a second of
   * starting, and QEMU drops what a pty gets while nobody has it open.
   * Resumed once the console is open, the banner is sure to be seen. */
  out = yado_test_libvirtd_virsh (daemon, &error, "start", "--paused", VM_NAME, NULL);
  g_assert_no_error (error);
  c = connect_model (yado_test_libvirtd_get_uri (daemon), &vm);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_PAUSED, WAIT_MS);
  check_listed_devices (vm);

  console_window_open (&cw, vm, "serial0");
  terminal = yado_text_console_get_terminal (cw.console);
  g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (terminal)), ==,
                   "Text console");
  yado_test_wait_until (yado_text_console_is_connected (cw.console), WAIT_MS);
  /* (A new thread names itself: it may not have yet.) */
  yado_test_wait_until (count_relay_threads () == 2, WAIT_MS);
  g_assert_false (yado_test_text_console_shows (cw.console, BANNER));

  /* Resumed behind the model's back: while a relay thread waits in
   * virStreamRecv, libvirt reads the connection in that thread, and the
   * lifecycle event must still reach the model. */
  g_free (yado_test_libvirtd_virsh_or_fail (daemon, "resume", VM_NAME));
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  yado_test_wait_until (yado_test_text_console_shows (cw.console, BANNER), WAIT_MS);

  yado_test_text_console_check_echo (cw.console, "echo42");
  g_assert_cmpuint (cw.disconnects.count, ==, 0);

  check_ends_with_vm (&cw, vm);
  /* What was shown stays for the user to read. */
  g_assert_true (yado_test_text_console_shows (cw.console, BANNER));

  console_window_close (&cw);
  yado_connection_close (c);
}

/* ---- /live-text-console/take-over-and-close ---- */

static void
test_take_over_and_close (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = start_daemon_with_vm ();
  g_autoptr(YadoConnection) c = NULL;
  g_autofree char *out = NULL;
  ConsoleWindow first = { 0 }, second = { 0 }, virtio = { 0 }, missing = { 0 };
  YadoDomain *vm;

  if (daemon == NULL)
    return;
  out = yado_test_libvirtd_virsh_or_fail (daemon, "start", VM_NAME);
  c = connect_model (yado_test_libvirtd_get_uri (daemon), &vm);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_RUNNING, WAIT_MS);

  console_window_open (&first, vm, "serial0");
  yado_test_wait_until (yado_text_console_is_connected (first.console), WAIT_MS);
  console_window_open (&second, vm, "serial0");
  yado_test_wait_until (yado_text_console_is_connected (second.console), WAIT_MS);
  /* The second opener took the serial port: the first console ends. */
  yado_test_wait_until (first.disconnects.count > 0, WAIT_MS);
  g_assert_false (yado_text_console_is_connected (first.console));
  g_assert_nonnull (first.disconnects.reason);
  yado_test_text_console_check_echo (second.console, "take-over");
  g_assert_false (yado_test_text_console_shows (first.console, "take-over"));

  /* A device the VM does not have: libvirt's word for it. */
  console_window_open (&missing, vm, "serial9");
  yado_test_wait_until (missing.disconnects.count > 0, WAIT_MS);
  g_test_message ("serial9: %s", missing.disconnects.reason);
  g_assert_true (g_str_has_prefix (missing.disconnects.reason,
                                   "Could not open the text console of “" VM_NAME "”: "));
  g_assert_false (yado_text_console_is_connected (missing.console));

  /* The virtio console opens (the guest does not use it). */
  console_window_open (&virtio, vm, "console1");
  yado_test_wait_until (yado_text_console_is_connected (virtio.console), WAIT_MS);
  g_assert_cmpuint (virtio.disconnects.count, ==, 0);

  /* Closed from our side: the relays end, and nobody is told. */
  yado_text_console_disconnect (second.console);
  yado_text_console_disconnect (virtio.console);
  g_assert_false (yado_text_console_is_connected (second.console));
  yado_test_wait_until (count_relay_threads () == 0, WAIT_MS);
  g_assert_cmpuint (second.disconnects.count, ==, 0);
  g_assert_cmpuint (virtio.disconnects.count, ==, 0);

  /* And the port can be opened again. */
  yado_text_console_connect (first.console, vm, "serial0");
  yado_test_wait_until (yado_text_console_is_connected (first.console), WAIT_MS);
  yado_test_text_console_check_echo (first.console, "again");

  console_window_close (&first);
  console_window_close (&second);
  console_window_close (&virtio);
  console_window_close (&missing);
  yado_test_wait_until (count_relay_threads () == 0, WAIT_MS);
  g_assert_true (yado_domain_lifecycle_sync (vm, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_connection_close (c);
}

/* ---- /live-text-console/over-ssh ---- */

/* The same over qemu+ssh (a private sshd): the stream is libvirt's RPC,
 * whatever carries it. */
static void
test_over_ssh (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = start_daemon_with_vm ();
  g_autoptr(YadoTestSshd) sshd = NULL;
  g_autoptr(YadoConnection) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *uri = NULL;
  ConsoleWindow cw = { 0 };
  YadoDomain *vm;

  if (daemon == NULL)
    return;
  sshd = yado_test_sshd_start (&error);
  if (sshd == NULL)
    {
      g_test_fail_printf ("Could not start the test sshd: %s", error->message);
      return;
    }
  out = yado_test_libvirtd_virsh_or_fail (daemon, "start", VM_NAME);
  uri = yado_test_sshd_session_uri (sshd, yado_test_libvirtd_get_socket_path (daemon));
  c = connect_model (uri, &vm);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_RUNNING, WAIT_MS);

  console_window_open (&cw, vm, "serial0");
  yado_test_wait_until (yado_text_console_is_connected (cw.console), WAIT_MS);
  yado_test_text_console_check_echo (cw.console, "over-ssh");
  check_ends_with_vm (&cw, vm);

  console_window_close (&cw);
  /* Before sshd goes: the connection runs through it. */
  yado_connection_close (c);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/live-text-console/serial", test_serial);
  g_test_add_func ("/live-text-console/take-over-and-close", test_take_over_and_close);
  g_test_add_func ("/live-text-console/over-ssh", test_over_ssh);
  return g_test_run ();
}
