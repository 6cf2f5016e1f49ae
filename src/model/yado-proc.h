/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The parent of process @pid (its /proc directory's name) and its state
 * letter ('R', 'S', 'Z', ...), from /proc/PID/stat; FALSE when it is
 * gone. @state may be NULL. */
gboolean yado_proc_get_parent (const char *pid,
                               int        *ppid,
                               char       *state);

G_END_DECLS
