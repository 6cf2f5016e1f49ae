/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging in to a remote host over SSH, the way a user does it: the test
 * libvirtd behind a private sshd (tests/yado-test-sshd.c) whose host key
 * this machine does not know yet, and a desktop keyring of the test's own
 * (tests/yado-test-keyring.c). Every question ssh asks comes to Yado's
 * dialogs through yado-askpass (the prompter the application uses), and
 * the test answers them as a user would:
 *
 *  - an unknown host key: the dialog shows sshd's real fingerprint;
 *    declined, nothing connects and known_hosts stays as it was; trusted,
 *    the connection opens and ssh has written the key to known_hosts;
 *  - a password: cancelled, the connection fails at once, saying so;
 *    wrong three times (the dialog says "try again"), it fails and nothing
 *    is kept in the keyring; right, with Remember, it connects, the
 *    keyring has it, and the next login needs no dialog;
 *  - a key in ssh-agent: no question at all.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <gtk/gtk.h>
#include <libsecret/secret.h>

#include "yado-auth-dialog.h"
#include "yado-auth-prompter.h"
#include "yado-host-key-dialog.h"
#include "yado-manager-window.h"
#include "yado-resources.h"
#include "yado-ssh-control.h"
#include "yado-test-console.h"
#include "yado-test-keyring.h"
#include "yado-test-libvirtd.h"
#include "yado-test-sshd.h"
#include "yado-test-utils.h"

#define VM_NAME "yado-live-1"
#define WAIT_MS 30000

static YadoTestLibvirtd *daemon_;
static YadoTestSshd     *sshd;
static YadoTestKeyring  *keyring;
static char             *key_uri;       /* yado-test, with ?keyfile= */
static char             *password_uri;  /* yado-pw, a password */
/* The manager window, as a user sees it: the dialogs are its own. */
static YadoConnectionList *connections;
static YadoManagerWindow  *window;

/* ---- helpers ---- */

static gboolean
on_auth_request (YadoConnection *connection, YadoAuthRequest *request, gpointer data)
{
  yado_auth_prompter_ask (GTK_WINDOW (window), connection, request);
  return TRUE;
}

/* A connection as the application makes one: its questions go to the
 * prompter. Opening starts; the test answers what comes. */
static YadoConnection *
connection_new (const char *uri)
{
  YadoConnection *c = g_object_ref (yado_connection_list_add (connections, uri));

  yado_connection_set_stats_interval (c, 0);
  g_signal_connect (c, "auth-request", G_CALLBACK (on_auth_request), NULL);
  yado_connection_open (c);
  return c;
}

static GtkWindow *
find_dialog (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Waits for a dialog of @type while @c is connecting; fails the test
 * with the connection's state when none comes. */
static GtkWindow *
wait_for_dialog (YadoConnection *c, GType type)
{
  GtkWindow *dialog = NULL;

  yado_test_wait_until ((dialog = find_dialog (type)) != NULL ||
                        yado_connection_get_state (c) != YADO_CONNECTION_CONNECTING, WAIT_MS);
  if (dialog == NULL)
    g_error ("No %s came; the connection is %s: %s", g_type_name (type),
             yado_connection_get_state (c) == YADO_CONNECTION_CONNECTED ? "connected" : "not",
             yado_connection_get_error_message (c));
  return dialog;
}

static void
wait_until_settled (YadoConnection *c)
{
  yado_test_wait_until (yado_connection_get_state (c) != YADO_CONNECTION_CONNECTING, WAIT_MS);
}

static void
close_connection (YadoConnection *c)
{
  yado_connection_list_remove (connections, c);
  g_object_unref (c);
}

/* Ends the shared ssh connection of @user, so that the next open logs in
 * again (it would outlive the connection by ControlPersist otherwise). */
static void
stop_ssh_master (const char *user)
{
  g_autofree char *dir = yado_ssh_control_dir (NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  /* Yado's own sharing options: the same control socket. */
  g_ptr_array_add (argv, g_strdup ("ssh"));
  yado_ssh_control_add_options (argv, dir);
  g_ptr_array_add (argv, g_strdup ("-O"));
  g_ptr_array_add (argv, g_strdup ("exit"));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", yado_test_sshd_get_port (sshd)));
  g_ptr_array_add (argv, g_strdup_printf ("%s@127.0.0.1", user));
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Whether root's known_hosts has a key for the sshd (ssh hashes names). */
static gboolean
host_is_known (void)
{
  g_autofree char *host = g_strdup_printf ("[127.0.0.1]:%u", yado_test_sshd_get_port (sshd));
  const char *argv[] = { "ssh-keygen", "-F", host, NULL };
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, NULL);
  return g_spawn_check_wait_status (status, NULL);
}

static char *
keyring_lookup (const char *prompt)
{
  g_autofree char *login = g_strdup_printf ("yado-pw@127.0.0.1:%u",
                                            yado_test_sshd_get_port (sshd));
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (yado_auth_prompter_get_login_schema (), NULL,
                                              &error, "login", login, "prompt", prompt, NULL);

  g_assert_no_error (error);
  return secret;
}

/* Types @password into the auth dialog @dialog and logs in. */
static void
answer_password (GtkWindow *dialog, const char *password, gboolean remember)
{
  YadoAuthDialog *auth = YADO_AUTH_DIALOG (dialog);

  gtk_entry_set_text (yado_auth_dialog_get_entry (auth, 0), password);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (yado_auth_dialog_get_remember_check (auth))));
  gtk_toggle_button_set_active (yado_auth_dialog_get_remember_check (auth), remember);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  /* Gone until ssh asks again. */
  yado_test_wait_until (find_dialog (YADO_TYPE_AUTH_DIALOG) != dialog, WAIT_MS);
}

/* Logs in again from scratch (the shared connection of @user ended):
 * connected, with no dialog of @dialog_type (what was answered once, the
 * host key or the keyring's password, needs no question). */
static void
check_next_login_asks_nothing (const char *uri, const char *user, GType dialog_type)
{
  YadoConnection *c;

  stop_ssh_master (user);
  c = connection_new (uri);
  wait_until_settled (c);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTED);
  g_assert_null (find_dialog (dialog_type));
  close_connection (c);
  stop_ssh_master (user);
}

/* ---- host keys ---- */

static void
test_host_key_declined (void)
{
  g_autofree char *fingerprint = yado_test_sshd_get_host_key_fingerprint (sshd);
  YadoConnection *c = connection_new (key_uri);
  GtkWindow *dialog = wait_for_dialog (c, YADO_TYPE_HOST_KEY_DIALOG);

  g_test_message ("host key dialog shows %s",
                  yado_host_key_dialog_get_fingerprint (YADO_HOST_KEY_DIALOG (dialog)));
  g_assert_cmpstr (yado_host_key_dialog_get_fingerprint (YADO_HOST_KEY_DIALOG (dialog)), ==,
                   fingerprint);
  g_assert_false (host_is_known ());
  yado_test_save_screenshot ("ssh-host-key");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  wait_until_settled (c);
  g_test_message ("declined: %s", yado_connection_get_error_message (c));
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_FAILED);
  g_assert_nonnull (strstr (yado_connection_get_error_message (c), "not trusted"));
  g_assert_false (host_is_known ());
  close_connection (c);
}

static void
test_host_key_trusted (void)
{
  YadoConnection *c = connection_new (key_uri);
  GtkWindow *dialog = wait_for_dialog (c, YADO_TYPE_HOST_KEY_DIALOG);

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  wait_until_settled (c);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTED);
  g_assert_nonnull (yado_connection_lookup_domain (c, VM_NAME));
  /* ssh wrote it, as it does when a user types "yes". */
  g_assert_true (host_is_known ());
  close_connection (c);
  /* Known now: no question the second time. */
  check_next_login_asks_nothing (key_uri, "yado-test", YADO_TYPE_HOST_KEY_DIALOG);
}

/* ---- passwords ---- */

static void
test_password_cancelled (void)
{
  YadoConnection *c = connection_new (password_uri);
  GtkWindow *dialog = wait_for_dialog (c, YADO_TYPE_AUTH_DIALOG);
  gint64 start;

  g_assert_false (yado_auth_dialog_shows_retry (YADO_AUTH_DIALOG (dialog)));
  start = g_get_monotonic_time ();
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  wait_until_settled (c);
  g_test_message ("cancelled: failed after %.1f s: %s",
                  (g_get_monotonic_time () - start) / 1e6, yado_connection_get_error_message (c));
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_FAILED);
  g_assert_nonnull (strstr (yado_connection_get_error_message (c), "cancelled"));
  /* ssh was stopped: it does not ask twice more. */
  g_assert_null (find_dialog (YADO_TYPE_AUTH_DIALOG));
  close_connection (c);
}

static void
test_password_wrong (void)
{
  YadoConnection *c = connection_new (password_uri);
  g_autofree char *prompt = NULL;

  /* ssh asks three times (NumberOfPasswordPrompts); each "try again"
   * after the first. */
  for (int i = 0; i < 3; i++)
    {
      GtkWindow *dialog = wait_for_dialog (c, YADO_TYPE_AUTH_DIALOG);

      g_assert_cmpint (yado_auth_dialog_shows_retry (YADO_AUTH_DIALOG (dialog)), ==, i > 0);
      if (i == 1)
        yado_test_save_screenshot ("ssh-password-retry");
      answer_password (dialog, "not-the-password", TRUE);
    }
  wait_until_settled (c);
  g_test_message ("wrong password: %s", yado_connection_get_error_message (c));
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_FAILED);
  g_assert_nonnull (yado_connection_get_error_message (c));
  /* Refused: nothing kept. */
  prompt = g_strdup ("yado-pw@127.0.0.1's password");
  g_assert_null (keyring_lookup (prompt));
  close_connection (c);
}

static void
test_password_right_remembered (void)
{
  YadoConnection *c = connection_new (password_uri);
  GtkWindow *dialog = wait_for_dialog (c, YADO_TYPE_AUTH_DIALOG);
  guint logins = yado_test_sshd_count_logins (sshd);
  char *kept;

  yado_test_save_screenshot ("ssh-password");
  answer_password (dialog, yado_test_sshd_get_password (sshd), TRUE);
  wait_until_settled (c);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTED);
  g_assert_nonnull (yado_connection_lookup_domain (c, VM_NAME));
  g_assert_cmpuint (yado_test_sshd_count_logins (sshd), ==, logins + 1);
  /* Kept once it worked (the store is asynchronous). */
  yado_test_wait_until ((kept = keyring_lookup ("yado-pw@127.0.0.1's password")) != NULL,
                        WAIT_MS);
  g_assert_cmpstr (kept, ==, yado_test_sshd_get_password (sshd));
  secret_password_free (kept);
  close_connection (c);
  /* A new login: the keyring answers, no dialog. */
  check_next_login_asks_nothing (password_uri, "yado-pw", YADO_TYPE_AUTH_DIALOG);
  g_assert_cmpuint (yado_test_sshd_count_logins (sshd), ==, logins + 2);
}

/* The password changed on the host: the keyring's is tried once, refused,
 * and forgotten; the dialog asks, saying so. */
static void
test_password_changed (void)
{
  g_autoptr(GError) error = NULL;
  YadoConnection *c;
  GtkWindow *dialog;

  g_assert_true (yado_test_sshd_new_password (sshd, &error));
  c = connection_new (password_uri);
  dialog = wait_for_dialog (c, YADO_TYPE_AUTH_DIALOG);
  g_assert_true (yado_auth_dialog_shows_retry (YADO_AUTH_DIALOG (dialog)));
  yado_test_wait_until (keyring_lookup ("yado-pw@127.0.0.1's password") == NULL, WAIT_MS);
  answer_password (dialog, yado_test_sshd_get_password (sshd), FALSE);
  wait_until_settled (c);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTED);
  close_connection (c);
  stop_ssh_master ("yado-pw");
}

/* ---- ssh-agent ---- */

/* An ssh-agent of the test's own (in the foreground: it dies with the
 * test) holding the test user's key. */
static GSubprocess *
start_agent (const char *sock)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  const char *add_argv[] = { "ssh-add", yado_test_sshd_get_key (sshd), NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "SSH_AUTH_SOCK", sock, TRUE);
  g_autoptr(GError) error = NULL;
  GSubprocess *agent;
  int status = -1;

  g_subprocess_launcher_set_child_setup (launcher, yado_test_child_dies_with_parent, NULL,
                                         NULL);
  agent = g_subprocess_launcher_spawn (launcher, &error, "ssh-agent", "-D", "-a", sock, NULL);
  g_assert_no_error (error);
  yado_test_wait_until (g_file_test (sock, G_FILE_TEST_EXISTS), WAIT_MS);
  g_assert_true (g_spawn_sync (NULL, (char **) add_argv, env,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return agent;
}

static void
test_agent_key (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yado-agent-XXXXXX", NULL);
  g_autofree char *sock = g_build_filename (dir, "agent", NULL);
  /* No keyfile: the agent has the key. */
  g_autofree char *uri = yado_test_sshd_agent_uri (sshd,
                                                   yado_test_libvirtd_get_socket_path (daemon_));
  g_autoptr(GSubprocess) agent = start_agent (sock);
  guint logins = yado_test_sshd_count_logins (sshd);
  YadoConnection *c;

  /* libvirt hands SSH_AUTH_SOCK to its ssh. */
  g_setenv ("SSH_AUTH_SOCK", sock, TRUE);
  c = connection_new (uri);
  wait_until_settled (c);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTED);
  g_assert_null (find_dialog (YADO_TYPE_AUTH_DIALOG));
  g_assert_cmpuint (yado_test_sshd_count_logins (sshd), ==, logins + 1);
  close_connection (c);
  stop_ssh_master ("yado-test");
  g_subprocess_force_exit (agent);
  g_subprocess_wait (agent, NULL, NULL);
  g_unlink (sock);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  GSettings *settings;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The keyring's bus before anything talks to a session bus. */
  keyring = yado_test_keyring_start (&error);
  if (keyring == NULL)
    g_error ("Could not start a keyring for the test: %s", error->message);
  gtk_init (&argc, &argv);
  g_resources_register (yado_get_resource ());

  daemon_ = yado_test_libvirtd_start (&error);
  if (daemon_ == NULL)
    g_error ("Could not start the test libvirtd: %s", error->message);
  sshd = yado_test_sshd_start_full (YADO_TEST_SSHD_UNTRUSTED | YADO_TEST_SSHD_PASSWORD_USER,
                                    &error);
  if (sshd == NULL)
    g_error ("Could not start the test sshd: %s", error->message);
  yado_test_libvirtd_define_live_vm (daemon_);
  connections = yado_connection_list_new ();
  settings = g_settings_new ("dev.yado.Yado");
  window = yado_manager_window_new (NULL, connections, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_widget_show (GTK_WIDGET (window));
  key_uri = yado_test_sshd_session_uri (sshd, yado_test_libvirtd_get_socket_path (daemon_));
  password_uri = yado_test_sshd_password_uri (sshd, yado_test_libvirtd_get_socket_path (daemon_));

  /* In order: the host key is trusted by the second test. */
  g_test_add_func ("/ssh-login/host-key-declined", test_host_key_declined);
  g_test_add_func ("/ssh-login/host-key-trusted", test_host_key_trusted);
  g_test_add_func ("/ssh-login/password-cancelled", test_password_cancelled);
  g_test_add_func ("/ssh-login/password-wrong", test_password_wrong);
  g_test_add_func ("/ssh-login/password-right-remembered", test_password_right_remembered);
  g_test_add_func ("/ssh-login/password-changed", test_password_changed);
  g_test_add_func ("/ssh-login/agent-key", test_agent_key);
  status = g_test_run ();

  gtk_widget_destroy (GTK_WIDGET (window));
  g_object_unref (connections);
  g_object_unref (settings);
  g_free (key_uri);
  g_free (password_uri);
  yado_test_sshd_free (sshd);
  yado_test_libvirtd_free (daemon_);
  yado_test_keyring_free (keyring);
  return status;
}
