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
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "yado-ssh-control.h"

/* ssh's own status for its errors: libvirt reads stderr either way. */
#define SSH_ERROR_STATUS 255

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
