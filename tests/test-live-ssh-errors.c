/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a user reads when a remote host cannot be reached, for real: each
 * situation is made here (a private sshd of tests/yado-test-sshd.c, the
 * test libvirtd, a listener that is not sshd, a changed host key, a PATH
 * without nc ...) and opened through YadoConnection, so libvirt runs
 * yado-ssh. Each must fail, say in words what went wrong
 * (yado-connection-error.c) and keep libvirt's own message as the detail.
 *
 * Every sshd starts fresh: Yado's ssh shares one login per user, host and
 * port (ControlMaster), and a login that is already there would hide a
 * refused key or a changed host key.
 */
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "yado-test-libvirtd.h"
#include "yado-test-sshd.h"
#include "yado-test-utils.h"

#define WAIT_MS 30000
#define TEST_USER "yado-test"

/* ---- the test's own files ---- */

typedef struct {
  char      *dir;      /* 0755: yado-test reaches what is inside */
  GPtrArray *made;     /* paths, removed in reverse order */
} Scratch;

static void
scratch_init (Scratch *scratch)
{
  g_autoptr(GError) error = NULL;

  scratch->dir = g_dir_make_tmp ("yado-ssh-errors-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (scratch->dir, 0755), ==, 0);
  scratch->made = g_ptr_array_new_with_free_func (g_free);
}

/* DIR/@name, removed at clear. */
static const char *
scratch_path (Scratch *scratch, const char *name)
{
  char *path = g_build_filename (scratch->dir, name, NULL);

  g_ptr_array_add (scratch->made, path);
  return path;
}

static void
scratch_clear (Scratch *scratch)
{
  for (guint i = scratch->made->len; i > 0; i--)
    g_remove (g_ptr_array_index (scratch->made, i - 1));
  g_assert_cmpint (g_rmdir (scratch->dir), ==, 0);
  g_clear_pointer (&scratch->made, g_ptr_array_unref);
  g_clear_pointer (&scratch->dir, g_free);
}

/* Runs @argv, fails the test when it fails; its output. */
static char *
run_or_fail (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s %s", argv[0], error->message, err != NULL ? err : "");
  return out;
}

/* ---- opening, and what the user reads ---- */

/* Opens @uri: it must fail, say @says, and keep libvirt's words (with
 * @libvirt_says) as the detail. */
static void
expect_failure (const char *uri, const char *says, const char *libvirt_says)
{
  g_autoptr(YadoConnection) c = yado_connection_new (uri);
  g_autoptr(GError) error = NULL;
  const char *message, *detail;

  yado_test_step ("%s", uri);
  g_assert_false (yado_connection_open_sync (c, WAIT_MS, &error));
  message = yado_connection_get_error_message (c);
  detail = yado_connection_get_error_detail (c);
  g_test_message ("  says: %s\n  libvirt: %s", message, detail);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_FAILED);
  if (message == NULL || strstr (message, says) == NULL)
    g_error ("The message does not say “%s”: %s", says, message);
  if (detail == NULL || strstr (detail, libvirt_says) == NULL)
    g_error ("The detail is not libvirt's message with “%s”: %s", libvirt_says, detail);
  /* The words are Yado's, not libvirt's again. */
  g_assert_null (strstr (message, libvirt_says));
  yado_connection_close (c);
}

static char *
key_uri (YadoTestSshd *sshd, const char *key, const char *proxy)
{
  return g_strdup_printf ("qemu+ssh://" TEST_USER "@127.0.0.1:%u/session?keyfile=%s&proxy=%s",
                          yado_test_sshd_get_port (sshd), key, proxy);
}

/* The test libvirtd (which also makes the user yado-test, whom sshd lets
 * in), then a fresh sshd; fails the test with what is missing. */
static YadoTestSshd *
start_services (YadoTestLibvirtd **daemon)
{
  g_autoptr(GError) error = NULL;
  YadoTestSshd *sshd = NULL;

  *daemon = yado_test_libvirtd_start (&error);
  if (*daemon != NULL)
    sshd = yado_test_sshd_start (&error);
  if (sshd == NULL)
    g_error ("Could not start the test libvirtd and sshd: %s", error->message);
  return sshd;
}

/* ---- before SSH: the name, the port ---- */

static void
check_unknown_host (void)
{
  expect_failure ("qemu+ssh://" TEST_USER "@nosuchhost.invalid/session",
                  "Could not find the host “nosuchhost.invalid”",
                  "Could not resolve hostname nosuchhost.invalid");
}

/* A port nothing listens on: one that was free a moment ago. */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any_port, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
check_refused (void)
{
  guint port = closed_port ();
  g_autofree char *uri = g_strdup_printf ("qemu+ssh://" TEST_USER "@127.0.0.1:%u/session", port);
  g_autofree char *says = g_strdup_printf ("refused the connection on port %u", port);

  expect_failure (uri, says, "Connection refused");
}

/* Something that is not sshd answers (a web server, say): it answers
 * ssh's greeting with an HTTP error and hangs up. */
static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source,
             gpointer data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
check_not_ssh (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *says = NULL;
  guint port;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), NULL);
  g_socket_service_start (service);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  uri = g_strdup_printf ("qemu+ssh://" TEST_USER "@127.0.0.1:%u/session", port);
  says = g_strdup_printf ("Something answered on port %u of “127.0.0.1”, but not an SSH "
                          "server", port);
  expect_failure (uri, says, "kex_exchange_identification");
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_before_ssh (void)
{
  check_unknown_host ();
  check_refused ();
  check_not_ssh ();
}

/* ---- the login ---- */

/* A key pair that no server knows. */
static const char *
make_stranger_key (Scratch *scratch)
{
  const char *key = scratch_path (scratch, "stranger_key");
  const char *argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key, NULL };

  scratch_path (scratch, "stranger_key.pub");
  g_free (run_or_fail (argv));
  return key;
}

static void
check_key_rejected (YadoTestSshd *sshd, const char *stranger_key)
{
  g_autofree char *uri = key_uri (sshd, stranger_key, "netcat");

  expect_failure (uri, "did not let “" TEST_USER "” log in", "Permission denied (publickey)");
}

static char *
known_hosts_path (void)
{
  return g_build_filename (getpwuid (0)->pw_dir, ".ssh", "known_hosts", NULL);
}

/* Sets the key of sshd's line in root's known_hosts ("[127.0.0.1]:PORT
 * TYPE KEY MARK") to @key ("TYPE KEY"); returns the one it had. */
static char *
swap_host_key (YadoTestSshd *sshd, const char *key)
{
  g_autofree char *path = known_hosts_path ();
  g_autofree char *prefix = g_strdup_printf ("[127.0.0.1]:%u ", yado_test_sshd_get_port (sshd));
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  char *old = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_auto(GStrv) fields = g_strsplit (lines[i], " ", 4);

        g_assert_cmpuint (g_strv_length (fields), ==, 4);
        old = g_strdup_printf ("%s %s", fields[1], fields[2]);
        g_free (lines[i]);
        lines[i] = g_strdup_printf ("%s%s %s", prefix, key, fields[3]);
        break;
      }
  g_assert_nonnull (old);
  g_free (text);
  text = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return old;
}

/* The host presents another key than the one root's known_hosts has for
 * it: the stranger's. Yado must refuse (it never turns host key checks
 * off), then the right key goes back. */
static void
check_host_key_changed (YadoTestSshd *sshd, const char *stranger_key)
{
  g_autofree char *pub_path = g_strconcat (stranger_key, ".pub", NULL);
  g_autofree char *pub = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *stranger = NULL;
  g_autofree char *trusted = NULL;
  g_autofree char *uri = key_uri (sshd, yado_test_sshd_get_key (sshd), "netcat");
  g_autofree char *restored = NULL;

  g_assert_true (g_file_get_contents (pub_path, &pub, NULL, NULL));
  fields = g_strsplit (g_strstrip (pub), " ", 3);
  stranger = g_strdup_printf ("%s %s", fields[0], fields[1]);
  trusted = swap_host_key (sshd, stranger);
  expect_failure (uri, "The host key of “127.0.0.1” has changed",
                  "REMOTE HOST IDENTIFICATION HAS CHANGED");
  restored = swap_host_key (sshd, trusted);
  g_assert_cmpstr (restored, ==, stranger);
}

static void
test_login (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = NULL;
  g_autoptr(YadoTestSshd) sshd = start_services (&daemon);
  Scratch scratch = { 0 };
  const char *stranger_key;

  scratch_init (&scratch);
  stranger_key = make_stranger_key (&scratch);
  /* Both before any login to this sshd (see the top). */
  check_key_rejected (sshd, stranger_key);
  check_host_key_changed (sshd, stranger_key);
  g_assert_cmpuint (yado_test_sshd_count_logins (sshd), ==, 0);
  g_clear_pointer (&sshd, yado_test_sshd_free);
  scratch_clear (&scratch);
}

/* ---- logged in: libvirt's socket on the host ---- */

/* A unix socket of root's, mode 0600, with nobody accepting: yado-test
 * may not connect to it. */
static GSocket *
listen_denied (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  return socket;
}

static void
test_remote_socket (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = NULL;
  g_autoptr(YadoTestSshd) sshd = NULL;
  g_autoptr(GSocket) denied = NULL;
  g_autoptr(YadoConnection) c = NULL;
  g_autofree char *missing_uri = NULL;
  g_autofree char *denied_uri = NULL;
  g_autofree char *good_uri = NULL;
  g_autofree char *local_uri = NULL;
  const char *denied_path;
  Scratch scratch = { 0 };

  sshd = start_services (&daemon);
  scratch_init (&scratch);

  /* No daemon behind the socket path. */
  missing_uri = yado_test_sshd_session_uri (sshd, scratch_path (&scratch, "no-daemon-sock"));
  expect_failure (missing_uri, "libvirt is not running on “127.0.0.1”",
                  "No such file or directory");

  /* A socket this user may not use. */
  denied_path = scratch_path (&scratch, "denied-sock");
  denied = listen_denied (denied_path);
  denied_uri = yado_test_sshd_session_uri (sshd, denied_path);
  expect_failure (denied_uri, "may not use libvirt there", "Permission denied");

  /* The daemon's socket, first with the daemon (so the set-up is right),
   * then with the daemon killed: its socket stays, nobody answers. */
  good_uri = yado_test_sshd_session_uri (sshd, yado_test_libvirtd_get_socket_path (daemon));
  c = yado_test_open (good_uri);
  yado_connection_close (c);
  g_clear_object (&c);
  yado_test_libvirtd_kill (daemon);
  g_assert_true (g_file_test (yado_test_libvirtd_get_socket_path (daemon), G_FILE_TEST_EXISTS));
  expect_failure (good_uri, "libvirt is not running on “127.0.0.1”", "Connection refused");

  /* The same, on this computer. */
  local_uri = g_strdup_printf ("qemu+unix:///session?socket=%s",
                               yado_test_libvirtd_get_socket_path (daemon));
  expect_failure (local_uri, "libvirt is not running on this computer", "Connection refused");

  g_socket_close (denied, NULL);
  g_clear_pointer (&sshd, yado_test_sshd_free);
  scratch_clear (&scratch);
}

/* ---- logged in: the programs libvirt runs on the host ---- */

/* DIR/bin with what libvirt's remote shell commands need (sh, which,
 * grep), and neither nc nor virt-ssh-helper. */
static const char *
make_short_path (Scratch *scratch)
{
  static const char *const programs[] = { "sh", "which", "grep" };
  const char *bin = scratch_path (scratch, "bin");

  g_assert_cmpint (g_mkdir (bin, 0755), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *target = g_find_program_in_path (programs[i]);
      g_autofree char *name = g_build_filename ("bin", programs[i], NULL);

      g_assert_nonnull (target);
      g_assert_cmpint (symlink (target, scratch_path (scratch, name)), ==, 0);
    }
  return bin;
}

/* What a login to @sshd finds: its PATH, and no nc (asked with plain
 * ssh, not through Yado's shared login). */
static void
check_login_path (YadoTestSshd *sshd, const char *bin)
{
  g_autofree char *port = g_strdup_printf ("%u", yado_test_sshd_get_port (sshd));
  const char *argv[] = { "ssh", "-o", "BatchMode=yes", "-o", "ControlPath=none", "-i",
                         yado_test_sshd_get_key (sshd), "-p", port, TEST_USER "@127.0.0.1",
                         "echo \"$PATH\"; command -v nc virt-ssh-helper || echo none", NULL };
  g_autofree char *out = run_or_fail (argv);
  g_autofree char *expected = g_strdup_printf ("%s\nnone\n", bin);

  g_assert_cmpstr (out, ==, expected);
}

static void
test_remote_programs (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = NULL;
  g_autoptr(YadoTestSshd) sshd = start_services (&daemon);
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *netcat_uri = NULL;
  g_autofree char *helper_uri = NULL;
  Scratch scratch = { 0 };
  const char *bin;

  scratch_init (&scratch);
  bin = make_short_path (&scratch);
  config = g_strdup_printf ("SetEnv PATH=%s\n", bin);
  if (!yado_test_sshd_add_config (sshd, config, &error))
    g_error ("Could not restart the test sshd with a short PATH: %s", error->message);
  check_login_path (sshd, bin);

  netcat_uri = key_uri (sshd, yado_test_sshd_get_key (sshd), "netcat");
  expect_failure (netcat_uri, "has no nc (netcat)", "nc: not found");
  helper_uri = key_uri (sshd, yado_test_sshd_get_key (sshd), "native");
  expect_failure (helper_uri, "has no virt-ssh-helper", "virt-ssh-helper: not found");

  g_clear_pointer (&sshd, yado_test_sshd_free);
  scratch_clear (&scratch);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/live-ssh-errors/before-ssh", test_before_ssh);
  g_test_add_func ("/live-ssh-errors/login", test_login);
  g_test_add_func ("/live-ssh-errors/remote-socket", test_remote_socket);
  g_test_add_func ("/live-ssh-errors/remote-programs", test_remote_programs);
  return g_test_run ();
}
