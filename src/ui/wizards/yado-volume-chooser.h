/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Choose a Volume: the volumes of a host's active storage pools, each
 * pool's listed when the dialog opens (on the connection's worker), for a
 * path on the host itself (a remote host's ISO, a disk image). Responds
 * GTK_RESPONSE_ACCEPT with a volume chosen, else GTK_RESPONSE_CANCEL.
 */

#include <gtk/gtk.h>

#include "yado-connection.h"

G_BEGIN_DECLS

#define YADO_TYPE_VOLUME_CHOOSER (yado_volume_chooser_get_type ())
G_DECLARE_FINAL_TYPE (YadoVolumeChooser, yado_volume_chooser, YADO, VOLUME_CHOOSER, GtkDialog)

YadoVolumeChooser *yado_volume_chooser_new          (GtkWindow      *parent,
                                                     YadoConnection *connection,
                                                     const char     *title);
/* The selected volume's path on the host (NULL: none), and its size in
 * bytes: what a GTK_RESPONSE_ACCEPT handler reads. */
const char        *yado_volume_chooser_get_path     (YadoVolumeChooser *self);
guint64            yado_volume_chooser_get_capacity (YadoVolumeChooser *self);
/* Selects the volume at @path (for tests and for the current value);
 * FALSE when no listed volume has it. */
gboolean           yado_volume_chooser_select_path  (YadoVolumeChooser *self,
                                                     const char        *path);
/* Every pool has answered. */
gboolean           yado_volume_chooser_get_ready    (YadoVolumeChooser *self);

G_END_DECLS
