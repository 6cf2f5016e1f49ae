/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A desktop keyring of the test's own: a private D-Bus session bus and a
 * gnome-keyring-daemon on it (secrets only, an unlocked login keyring in
 * a temporary directory). Start it before anything talks to the session
 * bus: it sets DBUS_SESSION_BUS_ADDRESS for this process.
 */
typedef struct _YadoTestKeyring YadoTestKeyring;

/* Says what is missing (dbus-daemon, gnome-keyring-daemon) on failure. */
YadoTestKeyring *yado_test_keyring_start (GError **error);
/* Stops both daemons and removes the directory. */
void             yado_test_keyring_free  (YadoTestKeyring *keyring);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoTestKeyring, yado_test_keyring_free)

G_END_DECLS
