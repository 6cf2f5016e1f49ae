/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * yado-ssh: the ssh that libvirt runs for Yado's qemu+ssh:// connections
 * (Yado adds command=yado-ssh to the URI it opens). It runs ssh with all
 * of libvirt's arguments, plus OpenSSH connection sharing in Yado's
 * private control directory, so that libvirt's connection and every
 * console tunnel to the same host share one login.
 *
 * libvirt runs it with a cleared environment and no terminal: the control
 * directory comes from the passwd entry (yado-ssh-control.c), as in Yado.
 * So ssh can still ask (a password, a key's passphrase, whether to trust
 * an unknown host key), it gets yado-askpass, installed next to this
 * program, which asks Yado's window (the process that ran us) through a
 * socket in that directory. No terminal is ever needed.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "yado-ssh-control.h"

/* ssh's own status for its errors: libvirt reads stderr either way. */
#define SSH_ERROR_STATUS 255

/* Points ssh at yado-askpass and tells that where to ask: the socket of
 * the Yado that ran us (libvirt forks ssh in Yado's process), for the
 * login named by ssh's arguments. Without that socket (another program
 * ran us), ssh asks nothing and a login that needs an answer fails. */
static void
set_askpass_environment (const char *dir, int argc, char **argv)
{
  g_autofree char *socket = yado_ssh_control_askpass_socket (dir, getppid ());
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *self_dir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *askpass = self_dir ? g_build_filename (self_dir, "yado-askpass", NULL) : NULL;
  g_autofree char *login = yado_ssh_control_login_from_argv (argc, argv);

  if (askpass == NULL || !g_file_test (socket, G_FILE_TEST_EXISTS) || login == NULL)
    return;
  g_setenv ("SSH_ASKPASS", askpass, TRUE);
  /* Even without DISPLAY, and never the terminal (there is none). */
  g_setenv ("SSH_ASKPASS_REQUIRE", "force", TRUE);
  g_setenv ("YADO_ASKPASS_SOCKET", socket, TRUE);
  g_setenv ("YADO_ASKPASS_LOGIN", login, TRUE);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = yado_ssh_control_dir (&error);
  g_autoptr(GPtrArray) ssh_argv = g_ptr_array_new_with_free_func (g_free);

  if (dir == NULL)
    {
      fprintf (stderr, "yado-ssh: %s\n", error->message);
      return SSH_ERROR_STATUS;
    }
  set_askpass_environment (dir, argc - 1, argv + 1);
  g_ptr_array_add (ssh_argv, g_strdup ("ssh"));
  /* First: ssh keeps the first value it reads of an option, and libvirt's
   * arguments come from the user's URI. */
  yado_ssh_control_add_options (ssh_argv, dir);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (ssh_argv, g_strdup (argv[i]));
  g_ptr_array_add (ssh_argv, NULL);

  execvp ("ssh", (char **) ssh_argv->pdata);
  fprintf (stderr, "yado-ssh: cannot run ssh: %s\n", strerror (errno));
  return SSH_ERROR_STATUS;
}
