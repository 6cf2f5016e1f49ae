/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Consoles of a VM on a REMOTE host: the test libvirtd reached over SSH
 * (a private sshd on 127.0.0.1, tests/yado-test-sshd.c), through Yado's
 * model, so libvirt runs yado-ssh. The VNC console and, at the same time,
 * the SPICE one (all its channels) come through SSH tunnels; they close
 * and open again; no tunnel outlives its console; a tunnel that cannot
 * open says why; and libvirt's connection, every channel and every
 * console share ONE login.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "yado-application.h"
#include "yado-console.h"
#include "yado-resources.h"
#include "yado-error.h"
#include "yado-ssh.h"
#include "yado-test-console.h"
#include "yado-test-libvirtd.h"
#include "yado-test-sshd.h"
#include "yado-test-utils.h"
#include "yado-vm-window.h"
#include "yado-worker.h"

#define VM_NAME "yado-live-1"
#define WAIT_MS 30000

/* ---- the tunnels: ssh processes this test runs ---- */

static gboolean
is_tunnel_of_ours (const char *pid, gpointer data)
{
  g_autofree char *cmd_path = g_strdup_printf ("/proc/%s/cmdline", pid);
  g_autofree char *cmdline = NULL;
  gsize len = 0;
  char state = 0;
  int ppid = 0;

  if (!yado_proc_get_parent (pid, &ppid, &state) || ppid != getpid () || state == 'Z' ||
      !g_file_get_contents (cmd_path, &cmdline, &len, NULL) || len == 0)
    return FALSE;
  /* argv is NUL-separated: the first is "ssh", one is "-W". */
  if (strcmp (cmdline, "ssh") != 0)
    return FALSE;
  for (const char *arg = cmdline; arg < cmdline + len; arg += strlen (arg) + 1)
    if (strcmp (arg, "-W") == 0)
      return TRUE;
  return FALSE;
}

static guint
count_tunnels (void)
{
  g_autoptr(GArray) tunnels = yado_test_find_processes (is_tunnel_of_ours, NULL);

  return tunnels->len;
}

/* ---- the setting ---- */

typedef struct {
  YadoTestLibvirtd *daemon;
  YadoTestSshd     *sshd;
  char             *uri;
  YadoConnection   *c;
  YadoDomain       *vm;
} Remote;

static gboolean
remote_start (Remote *remote)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  remote->daemon = yado_test_libvirtd_start (&error);
  if (remote->daemon == NULL)
    {
      g_test_fail_printf ("Could not start the test libvirtd: %s", error->message);
      return FALSE;
    }
  remote->sshd = yado_test_sshd_start (&error);
  if (remote->sshd == NULL)
    {
      g_test_fail_printf ("Could not start the test sshd: %s", error->message);
      return FALSE;
    }
  yado_test_libvirtd_define_live_vm (remote->daemon);
  out = yado_test_libvirtd_virsh_or_fail (remote->daemon, "start", VM_NAME);
  remote->uri = yado_test_sshd_session_uri (remote->sshd,
                                            yado_test_libvirtd_get_socket_path (remote->daemon));
  g_test_message ("remote URI %s", remote->uri);
  remote->c = yado_test_open (remote->uri);
  /* What the user gave stays the URI; the helper is libvirt's business. */
  g_assert_cmpstr (yado_connection_get_uri (remote->c), ==, remote->uri);
  yado_connection_set_stats_interval (remote->c, 0);
  remote->vm = yado_test_domain (remote->c, VM_NAME);
  yado_test_wait_until (yado_domain_get_state (remote->vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  return TRUE;
}

static void
remote_stop (Remote *remote)
{
  if (remote->vm != NULL && yado_domain_is_active (remote->vm))
    g_assert_true (yado_domain_lifecycle_sync (remote->vm, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  if (remote->c != NULL)
    yado_connection_close (remote->c);
  g_clear_object (&remote->c);
  g_clear_pointer (&remote->uri, g_free);
  /* sshd first: the shared connection ends with it. */
  g_clear_pointer (&remote->sshd, yado_test_sshd_free);
  g_clear_pointer (&remote->daemon, yado_test_libvirtd_free);
}

/* ---- consoles ---- */

typedef struct {
  GtkWidget   *window;
  YadoConsole *console;
  char        *disconnect_reason;
} Viewer;

static void
on_disconnected (YadoConsole *console, const char *reason, gpointer data)
{
  Viewer *viewer = data;

  g_free (viewer->disconnect_reason);
  viewer->disconnect_reason = g_strdup (reason);
}

static void
viewer_init (Viewer *viewer)
{
  viewer->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size (GTK_WINDOW (viewer->window), 800, 600);
  viewer->console = YADO_CONSOLE (yado_console_new ());
  g_signal_connect (viewer->console, "disconnected", G_CALLBACK (on_disconnected), viewer);
  gtk_container_add (GTK_CONTAINER (viewer->window), GTK_WIDGET (viewer->console));
  gtk_widget_show_all (viewer->window);
}

static void
viewer_clear (Viewer *viewer)
{
  gtk_widget_destroy (viewer->window);
  g_clear_pointer (&viewer->disconnect_reason, g_free);
}

static void
viewer_connect (Viewer *viewer, YadoDomain *vm, guint device)
{
  g_clear_pointer (&viewer->disconnect_reason, g_free);
  yado_console_connect_device (viewer->console, vm, device);
}

/* Connected, the guest's size, the guest's pixels. */
static void
check_shows_guest (Viewer *viewer, const char *protocol)
{
  int width = 0, height = 0;

  yado_test_wait_until (yado_console_is_connected (viewer->console)
                        || viewer->disconnect_reason != NULL, WAIT_MS);
  if (viewer->disconnect_reason != NULL)
    g_error ("The %s console did not connect: %s", protocol, viewer->disconnect_reason);
  g_assert_cmpstr (yado_console_get_protocol (viewer->console), ==, protocol);
  yado_console_get_guest_size (viewer->console, &width, &height);
  g_test_message ("%s guest screen %d x %d", protocol, width, height);
  g_assert_cmpint (width, >=, 320);
  g_assert_cmpint (height, >=, 200);
  yado_test_wait_until (yado_test_console_shows_something (viewer->console), WAIT_MS);
}

/* Both consoles at once: VNC (one tunnel), SPICE (a tunnel per channel). */
static void
open_both (Viewer *vnc, Viewer *spice, YadoDomain *vm)
{
  viewer_connect (vnc, vm, 0);
  viewer_connect (spice, vm, 1);
  check_shows_guest (vnc, "vnc");
  check_shows_guest (spice, "spice");
  /* Let SPICE's other channels (inputs, cursor) finish linking: tearing
   * a session down mid-link makes spice-gtk warn, and warnings are fatal
   * here. */
  yado_test_iterate_for (1500);
  g_assert_true (yado_console_is_connected (vnc->console));
  g_assert_true (yado_console_is_connected (spice->console));
  g_test_message ("%u tunnels open", count_tunnels ());
  /* VNC's, and SPICE's main, display, inputs and cursor channels. */
  g_assert_cmpuint (count_tunnels (), >=, 5);
}

/* Closing a console ends its tunnels: ssh sees the end of its input. */
static void
close_both (Viewer *vnc, Viewer *spice)
{
  yado_console_disconnect (vnc->console);
  yado_console_disconnect (spice->console);
  g_assert_false (yado_console_is_connected (vnc->console));
  g_assert_false (yado_console_is_connected (spice->console));
  yado_test_wait_until (count_tunnels () == 0, WAIT_MS);
  /* spice-gtk reports the old channels' end from idles: let them pass
   * before the consoles connect again. */
  yado_test_iterate_for (1000);
}

/* ---- failures ---- */

static void
check_tunnel_failure_is_clear (Remote *remote)
{
  g_autoptr(YadoSshTarget) target = yado_ssh_target_from_uri (remote->uri);
  g_autoptr(GError) error = NULL;
  /* Port 1 on the remote's loopback: nothing listens there. */
  int fd = yado_ssh_open_tunnel (target, "127.0.0.1", 1, NULL, NULL, &error);

  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "the SSH tunnel to 127.0.0.1 failed: "));
  /* ssh's own words, not a debug line. */
  g_assert_null (strstr (error->message, "debug1"));
  g_assert_nonnull (strstr (error->message, "refused"));
}

static YadoGraphicsSocket *
open_graphics_sync (YadoDomain *vm, guint device, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_domain_open_graphics_async (vm, device, NULL, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_domain_open_graphics_finish (vm, result, error);
}

/* A VM that is off has no port to tunnel to: the model says so. */
static void
check_route_failure_is_clear (Remote *remote)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoGraphicsSocket) socket = NULL;

  g_assert_true (yado_domain_lifecycle_sync (remote->vm, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (!yado_domain_is_active (remote->vm), WAIT_MS);
  socket = open_graphics_sync (remote->vm, 0, &error);
  g_assert_null (socket);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Could not open the console of “" VM_NAME "”"));
  g_assert_nonnull (strstr (error->message, "no network port"));
}

static void
test_ssh_consoles (void)
{
  Remote remote = { 0 };
  Viewer vnc = { 0 }, spice = { 0 };

  if (!remote_start (&remote))
    return;
  yado_test_step ("connected over SSH");
  g_assert_cmpuint (yado_test_sshd_count_logins (remote.sshd), ==, 1);

  viewer_init (&vnc);
  viewer_init (&spice);
  yado_test_step ("VNC and SPICE through tunnels");
  open_both (&vnc, &spice, remote.vm);
  yado_test_step ("keys and reset through SPICE's tunnels");
  yado_test_console_check_keys_and_reset (spice.console, remote.vm);
  g_assert_true (yado_console_is_connected (vnc.console));
  yado_test_step ("closed");
  close_both (&vnc, &spice);
  yado_test_step ("opened again");
  open_both (&vnc, &spice, remote.vm);
  close_both (&vnc, &spice);
  viewer_clear (&vnc);
  viewer_clear (&spice);

  yado_test_step ("failures");
  check_tunnel_failure_is_clear (&remote);
  check_route_failure_is_clear (&remote);

  /* libvirt's connection, 2 x (VNC + every SPICE channel), the failed
   * tunnel: one login. */
  g_assert_cmpuint (yado_test_sshd_count_logins (remote.sshd), ==, 1);
  remote_stop (&remote);
}


/* ---- the VM window of a remote VM ---- */

static void
activate (YadoVmWindow *window, const char *action, GVariant *parameter)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), action));
  g_action_group_activate_action (G_ACTION_GROUP (window), action, parameter);
}

/* The serial port of the remote VM, in the text console. */
static void
check_text_console (YadoVmWindow *window)
{
  YadoTextConsole *text = yado_console_page_get_text_console (yado_vm_window_get_console_page (window));

  activate (window, "console-device", g_variant_new_string ("t:serial0"));
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "text-console") == 0, WAIT_MS);
  yado_test_wait_until (yado_text_console_is_connected (text), WAIT_MS);
  yado_test_text_console_check_echo (text, "serial-over-ssh");
}

/* The VNC server's password changed behind libvirt's back (so the XML's
 * is stale): the console asks; the right password typed into the page
 * gets the screen. */
static void
check_password_prompt (Remote *remote, YadoVmWindow *window)
{
  GtkWidget *entry, *connect;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  out = yado_test_libvirtd_virsh (remote->daemon, &error, "qemu-monitor-command", VM_NAME,
                                  "--hmp", "set_password vnc typed123", NULL);
  g_assert_no_error (error);
  activate (window, "console-device", g_variant_new_string ("g0"));
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "console-password") == 0,
                        WAIT_MS);
  entry = yado_test_find_widget_by_name (GTK_WIDGET (window), "Console password");
  connect = yado_test_find_widget_by_name (GTK_WIDGET (window), "Connect");
  g_assert_nonnull (entry);
  g_assert_nonnull (connect);
  g_assert_true (gtk_widget_is_visible (entry));
  yado_test_save_screenshot ("vm-window-password");

  gtk_entry_set_text (GTK_ENTRY (entry), "typed123");
  gtk_button_clicked (GTK_BUTTON (connect));
  yado_test_wait_until (yado_console_is_connected (yado_vm_window_get_console (window)), WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console");
  /* Not left in the entry. */
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, "");
}

/* The shared SSH connection's master process ("ssh: PATH [mux]"). */
static gboolean
is_ssh_master (const char *pid, gpointer data)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/cmdline", pid);
  g_autofree char *cmdline = NULL;

  return g_file_get_contents (path, &cmdline, NULL, NULL) && g_str_has_prefix (cmdline, "ssh: ")
         && strstr (cmdline, "[mux]") != NULL && strstr (cmdline, "/yado/ssh/") != NULL;
}

static GPid
find_ssh_master (void)
{
  g_autoptr(GArray) masters = yado_test_find_processes (is_ssh_master, NULL);

  return masters->len > 0 ? g_array_index (masters, pid_t, 0) : 0;
}

/* The SSH link dies under a running console (its master killed): the
 * connection is lost and comes back, and so does the console. */
static void
check_console_survives_link_loss (Remote *remote, YadoVmWindow *window)
{
  YadoConsole *console = yado_vm_window_get_console (window);
  GPid master = find_ssh_master ();

  g_assert_cmpint (master, >, 0);
  g_assert_true (yado_console_is_connected (console));
  g_assert_cmpint (kill (master, SIGKILL), ==, 0);
  yado_test_wait_until (!yado_console_is_connected (console), WAIT_MS);
  yado_test_wait_until (yado_console_is_connected (console)
                        && yado_connection_get_state (remote->c) == YADO_CONNECTION_CONNECTED,
                        WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console");
}

static void
test_ssh_vm_window (void)
{
  g_autoptr(GSettings) settings = yado_settings_new ();
  Remote remote = { 0 };
  YadoVmWindow *window;

  if (!remote_start (&remote))
    return;
  window = yado_vm_window_new (NULL, remote.vm, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_widget_show (GTK_WIDGET (window));
  yado_test_step ("VNC console of the remote VM");
  yado_test_wait_until (yado_console_is_connected (yado_vm_window_get_console (window)), WAIT_MS);
  /* A remote host's guest does not get this desktop's clipboard unasked. */
  g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                           "share-clipboard")));
  yado_test_step ("keys and reset");
  yado_test_console_check_keys_and_reset (yado_vm_window_get_console (window), remote.vm);
  yado_test_step ("serial console");
  check_text_console (window);
  yado_test_step ("password");
  check_password_prompt (&remote, window);
  /* The libvirt connection and every console of this test: one login. */
  g_assert_cmpuint (yado_test_sshd_count_logins (remote.sshd), ==, 1);

  yado_test_step ("SSH link lost");
  check_console_survives_link_loss (&remote, window);
  gtk_widget_destroy (GTK_WIDGET (window));
  yado_test_iterate_for (500);
  remote_stop (&remote);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
  g_test_add_func ("/live-ssh-console/vnc-and-spice", test_ssh_consoles);
  g_test_add_func ("/live-ssh-console/vm-window", test_ssh_vm_window);
  return g_test_run ();
}
