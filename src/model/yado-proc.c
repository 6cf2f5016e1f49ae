/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "yado-proc.h"

gboolean
yado_proc_get_parent (const char *pid, int *ppid, char *state)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  const char *paren;
  char letter = 0;

  /* "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses,
   * so read after the last ')'. */
  if (!g_file_get_contents (path, &stat, NULL, NULL) || (paren = strrchr (stat, ')')) == NULL
      || sscanf (paren + 2, "%c %d", &letter, ppid) != 2)
    return FALSE;
  if (state != NULL)
    *state = letter;
  return TRUE;
}
