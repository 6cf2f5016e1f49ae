/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "yado-ssh-control.h"

/* ssh's %C: a SHA-1 of the connection's parameters, 40 hex digits. */
#define CONTROL_NAME_LENGTH 40

/* Anyone who can write here could put their own socket in the way of our
 * connections, or use ours: only a private directory will do. */
static gboolean
check_private (const char *dir, GError **error)
{
  struct stat st;

  if (g_lstat (dir, &st) < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot use %s for SSH connection sharing: %s", dir, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   "%s must be a directory of yours that only you can use "
                   "(mode 0700) to share SSH connections; refusing to use it",
                   dir);
      return FALSE;
    }
  return TRUE;
}

char *
yado_ssh_control_dir (GError **error)
{
  struct passwd *pw = getpwuid (getuid ());

  if (pw == NULL || pw->pw_dir == NULL || pw->pw_dir[0] != '/')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "user %u has no home directory for SSH connection sharing",
                   (unsigned) getuid ());
      return NULL;
    }
  return yado_ssh_control_dir_in (pw->pw_dir, error);
}

char *
yado_ssh_control_dir_in (const char *home, GError **error)
{
  g_autofree char *dir = g_build_filename (home, ".cache", "yado", "ssh", NULL);
  struct sockaddr_un addr;

  if (strlen (dir) + 1 + CONTROL_NAME_LENGTH >= sizeof addr.sun_path)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
                   "%s is too long a path for SSH's control sockets", dir);
      return NULL;
    }
  /* Parents are made 0700 too, as XDG asks of ~/.cache. */
  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s for SSH connection sharing: %s", dir, g_strerror (saved));
      return NULL;
    }
  if (!check_private (dir, error))
    return NULL;
  return g_steal_pointer (&dir);
}

void
yado_ssh_control_add_options (GPtrArray *argv, const char *dir)
{
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("ControlMaster=auto"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  /* %C hashes host, port and user: a short name for any of them. */
  g_ptr_array_add (argv, g_strdup_printf ("ControlPath=%s/%%C", dir));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup_printf ("ControlPersist=%d", YADO_SSH_CONTROL_PERSIST_S));
}

/* ---- askpass: how ssh's prompts reach Yado ---- */

char *
yado_ssh_control_askpass_socket (const char *dir, GPid yado_pid)
{
  return g_strdup_printf ("%s/askpass-%d", dir, (int) yado_pid);
}

char *
yado_ssh_control_login_name (const char *user, const char *host, guint port)
{
  GString *name = g_string_new (NULL);

  if (user != NULL && *user != '\0')
    g_string_append_printf (name, "%s@", user);
  g_string_append (name, host);
  if (port != 0 && port != 22)
    g_string_append_printf (name, ":%u", port);
  return g_string_free (name, FALSE);
}

/* ssh's options that take a value (ssh(1)): their value is not the host. */
static gboolean
option_takes_value (const char *arg)
{
  return arg[0] == '-' && arg[1] != '\0' && arg[2] == '\0' &&
         strchr ("BbcDEeFIiJLlmOoPpQRSWw", arg[1]) != NULL;
}

char *
yado_ssh_control_login_from_argv (int argc, char **argv)
{
  const char *user = NULL, *host = NULL;
  guint port = 0;
  gboolean options_done = FALSE;

  for (int i = 0; i < argc && host == NULL; i++)
    {
      const char *arg = argv[i];

      if (!options_done && g_str_equal (arg, "--"))
        options_done = TRUE;
      else if (!options_done && option_takes_value (arg) && i + 1 < argc)
        {
          if (arg[1] == 'l')
            user = argv[i + 1];
          else if (arg[1] == 'p')
            port = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
          i++;
        }
      else if (options_done || arg[0] != '-')
        host = arg;
    }
  if (host == NULL)
    return NULL;
  /* ssh user@host: the user written with the host. */
  if (user == NULL && strchr (host, '@') != NULL)
    {
      g_autofree char *copy = g_strdup (host);
      char *at = strrchr (copy, '@');

      *at = '\0';
      return yado_ssh_control_login_name (copy, at + 1, port);
    }
  return yado_ssh_control_login_name (user, host, port);
}
