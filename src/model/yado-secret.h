/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Frees a string that holds a secret (a password, a passphrase), after
 * overwriting it, so that it does not linger in freed memory. NULL is
 * fine. Use it where g_free() would do: g_clear_pointer (&p, yado_secret_free). */
void yado_secret_free (char *secret);

G_END_DECLS
