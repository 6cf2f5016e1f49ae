/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "yado-storage-volume.h"

struct _YadoStorageVolume {
  GObject parent_instance;
  char   *name;
  char   *path;
  int     type;
  guint64 capacity;
  guint64 allocation;
};

G_DEFINE_FINAL_TYPE (YadoStorageVolume, yado_storage_volume, G_TYPE_OBJECT)

static void
yado_storage_volume_finalize (GObject *object)
{
  YadoStorageVolume *self = YADO_STORAGE_VOLUME (object);

  g_free (self->name);
  g_free (self->path);
  G_OBJECT_CLASS (yado_storage_volume_parent_class)->finalize (object);
}

static void
yado_storage_volume_class_init (YadoStorageVolumeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yado_storage_volume_finalize;
}

static void
yado_storage_volume_init (YadoStorageVolume *self)
{
}

YadoStorageVolume *
yado_storage_volume_new (const char *name, const char *path, int type,
                         guint64 capacity, guint64 allocation)
{
  YadoStorageVolume *self = g_object_new (YADO_TYPE_STORAGE_VOLUME, NULL);

  self->name = g_strdup (name);
  self->path = g_strdup (path);
  self->type = type;
  self->capacity = capacity;
  self->allocation = allocation;
  return self;
}

const char *yado_storage_volume_get_name (YadoStorageVolume *self) { return self->name; }
const char *yado_storage_volume_get_path (YadoStorageVolume *self) { return self->path; }
int yado_storage_volume_get_volume_type (YadoStorageVolume *self) { return self->type; }
guint64 yado_storage_volume_get_capacity (YadoStorageVolume *self) { return self->capacity; }
guint64 yado_storage_volume_get_allocation (YadoStorageVolume *self) { return self->allocation; }
