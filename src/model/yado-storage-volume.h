/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define YADO_TYPE_STORAGE_VOLUME (yado_storage_volume_get_type ())
G_DECLARE_FINAL_TYPE (YadoStorageVolume, yado_storage_volume, YADO, STORAGE_VOLUME, GObject)

YadoStorageVolume *yado_storage_volume_new (const char *name,
                                            const char *path,
                                            int         type,
                                            guint64     capacity,
                                            guint64     allocation);
const char *yado_storage_volume_get_name       (YadoStorageVolume *self);
const char *yado_storage_volume_get_path       (YadoStorageVolume *self);
/* libvirt's virStorageVolType */
int         yado_storage_volume_get_volume_type (YadoStorageVolume *self);
guint64     yado_storage_volume_get_capacity   (YadoStorageVolume *self);
guint64     yado_storage_volume_get_allocation (YadoStorageVolume *self);

G_END_DECLS
