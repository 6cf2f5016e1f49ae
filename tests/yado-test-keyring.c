/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A private session bus (dbus-daemon --nofork, its address read from its
 * output) and gnome-keyring-daemon --foreground on it, with --unlock so
 * that the login keyring exists, unlocked, with a password the test made
 * up. Both are children of the test that die with it (PR_SET_PDEATHSIG),
 * and XDG_DATA_HOME points the keyring's files into a temporary
 * directory: the machine's keyrings stay untouched.
 */
#define _GNU_SOURCE /* nftw */
#include "yado-test-keyring.h"
#include "yado-test-utils.h"

#include <ftw.h>
#include <signal.h>
#include <stdio.h>

#include <gio/gio.h>

#define DBUS_DAEMON    "/usr/bin/dbus-daemon"
#define KEYRING_DAEMON "/usr/bin/gnome-keyring-daemon"
#define SECRETS_NAME   "org.freedesktop.secrets"
#define READY_TIMEOUT_US (10 * G_USEC_PER_SEC)

struct _YadoTestKeyring {
  char        *dir;
  GSubprocess *bus;
  GSubprocess *keyring;
};

#define ERROR_DOMAIN (g_quark_from_static_string ("yado-test-keyring-error"))

static GSubprocess *
spawn (GSubprocessFlags flags, char **env, GError **error, const char *const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);

  if (env != NULL)
    g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_child_setup (launcher, yado_test_child_dies_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static gboolean
start_bus (YadoTestKeyring *self, GError **error)
{
  const char *argv[] = { DBUS_DAEMON, "--session", "--nofork", "--print-address=1", NULL };
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *address = NULL;

  self->bus = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                     error, argv);
  if (self->bus == NULL)
    return FALSE;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, error);
  if (address == NULL)
    return FALSE;
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_strstrip (address), TRUE);
  return TRUE;
}

/* TRUE once the keyring has its name on the bus. */
static gboolean
wait_for_secrets (GError **error)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_US;

  while (bus != NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "NameHasOwner",
                                     g_variant_new ("(s)", SECRETS_NAME), G_VARIANT_TYPE ("(b)"),
                                     G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
      gboolean owned = FALSE;

      if (reply == NULL)
        return FALSE;
      g_variant_get (reply, "(b)", &owned);
      if (owned)
        return TRUE;
      g_usleep (50 * 1000);
    }
  if (bus != NULL)
    g_set_error (error, ERROR_DOMAIN, 0, "gnome-keyring-daemon did not take " SECRETS_NAME);
  return FALSE;
}

static gboolean
start_keyring (YadoTestKeyring *self, GError **error)
{
  g_autofree char *data_home = g_build_filename (self->dir, "data", NULL);
  g_autofree char *control = g_build_filename (self->dir, "control", NULL);
  const char *argv[] = { KEYRING_DAEMON, "--foreground", "--unlock", "--components=secrets",
                         "--control-directory", control, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", data_home, TRUE);
  GOutputStream *in;

  self->keyring = spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                         G_SUBPROCESS_FLAGS_STDERR_SILENCE, env, error, argv);
  if (self->keyring == NULL)
    return FALSE;
  /* The login keyring's password, on stdin. */
  in = g_subprocess_get_stdin_pipe (self->keyring);
  if (!g_output_stream_write_all (in, "yado-test-keyring", 17, NULL, NULL, error) ||
      !g_output_stream_close (in, NULL, error))
    return FALSE;
  return wait_for_secrets (error);
}

YadoTestKeyring *
yado_test_keyring_start (GError **error)
{
  g_autoptr(YadoTestKeyring) self = g_new0 (YadoTestKeyring, 1);

  if (!g_file_test (DBUS_DAEMON, G_FILE_TEST_IS_EXECUTABLE) ||
      !g_file_test (KEYRING_DAEMON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, ERROR_DOMAIN, 0,
                   DBUS_DAEMON " or " KEYRING_DAEMON " is missing: install dbus and gnome-keyring");
      return NULL;
    }
  self->dir = g_dir_make_tmp ("yado-keyring-XXXXXX", error);
  if (self->dir == NULL || !start_bus (self, error) || !start_keyring (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static int
rm_cb (const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
stop (GSubprocess *proc)
{
  if (proc == NULL)
    return;
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
  g_object_unref (proc);
}

void
yado_test_keyring_free (YadoTestKeyring *self)
{
  if (self == NULL)
    return;
  stop (self->keyring);
  stop (self->bus);
  if (self->dir != NULL)
    nftw (self->dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
  g_free (self->dir);
  g_free (self);
}
