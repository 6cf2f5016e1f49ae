/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-connection.h"
#include "yado-error.h"
#include "yado-storage-pool.h"
#include "yado-storage-volume.h"
#include "yado-worker.h"

#define LIST_VOLUMES_TIMEOUT_MS (120 * 1000)

struct _YadoStoragePool {
  GObject              parent_instance;
  YadoConnection      *connection;  /* weak */
  YadoStoragePoolInfo *info;
};

G_DEFINE_FINAL_TYPE (YadoStoragePool, yado_storage_pool, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
yado_storage_pool_info_free (YadoStoragePoolInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->uuid);
  g_free (info);
}

YadoStoragePoolInfo *
yado_storage_pool_info_copy (const YadoStoragePoolInfo *info)
{
  YadoStoragePoolInfo *copy = g_memdup2 (info, sizeof *info);

  copy->name = g_strdup (info->name);
  copy->uuid = g_strdup (info->uuid);
  return copy;
}

static void
yado_storage_pool_finalize (GObject *object)
{
  YadoStoragePool *self = YADO_STORAGE_POOL (object);

  g_clear_weak_pointer (&self->connection);
  yado_storage_pool_info_free (self->info);
  G_OBJECT_CLASS (yado_storage_pool_parent_class)->finalize (object);
}

static void
yado_storage_pool_class_init (YadoStoragePoolClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yado_storage_pool_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
yado_storage_pool_init (YadoStoragePool *self)
{
}

YadoStoragePool *
yado_storage_pool_new (YadoConnection *connection, const YadoStoragePoolInfo *info)
{
  YadoStoragePool *self = g_object_new (YADO_TYPE_STORAGE_POOL, NULL);

  g_set_weak_pointer (&self->connection, connection);
  self->info = yado_storage_pool_info_copy (info);
  return self;
}

void
yado_storage_pool_update (YadoStoragePool *self, const YadoStoragePoolInfo *info)
{
  yado_storage_pool_info_free (self->info);
  self->info = yado_storage_pool_info_copy (info);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

const char *yado_storage_pool_get_name (YadoStoragePool *self) { return self->info->name; }
const char *yado_storage_pool_get_uuid (YadoStoragePool *self) { return self->info->uuid; }
int yado_storage_pool_get_state (YadoStoragePool *self) { return self->info->state; }
gboolean yado_storage_pool_get_active (YadoStoragePool *self) { return self->info->active; }
gboolean yado_storage_pool_get_autostart (YadoStoragePool *self) { return self->info->autostart; }
guint64 yado_storage_pool_get_capacity (YadoStoragePool *self) { return self->info->capacity; }
guint64 yado_storage_pool_get_allocation (YadoStoragePool *self) { return self->info->allocation; }
guint64 yado_storage_pool_get_available (YadoStoragePool *self) { return self->info->available; }
YadoConnection *yado_storage_pool_get_connection (YadoStoragePool *self) { return self->connection; }

/* ---- worker side ---- */

GPtrArray *
yado_storage_pool_jobs_list_all (gpointer conn, GError **error)
{
  virStoragePoolPtr *pools = NULL;
  int n = virConnectListAllStoragePools (conn, &pools, 0);
  GPtrArray *infos;

  if (n < 0)
    {
      yado_error_set_from_libvirt (error, "Could not list the storage pools");
      return NULL;
    }
  infos = g_ptr_array_new_full (n, (GDestroyNotify) yado_storage_pool_info_free);
  for (int i = 0; i < n; i++)
    {
      YadoStoragePoolInfo *info = g_new0 (YadoStoragePoolInfo, 1);
      char uuid[VIR_UUID_STRING_BUFLEN] = "";
      virStoragePoolInfo vinfo;
      int autostart = 0;

      info->name = g_strdup (virStoragePoolGetName (pools[i]));
      if (virStoragePoolGetUUIDString (pools[i], uuid) == 0)
        info->uuid = g_strdup (uuid);
      /* virStoragePoolGetInfo reads what the pool knows; no refresh, which
       * can take minutes on a pool with thousands of files. */
      if (virStoragePoolGetInfo (pools[i], &vinfo) == 0)
        {
          info->state = vinfo.state;
          info->capacity = vinfo.capacity;
          info->allocation = vinfo.allocation;
          info->available = vinfo.available;
        }
      info->active = virStoragePoolIsActive (pools[i]) == 1;
      info->persistent = virStoragePoolIsPersistent (pools[i]) == 1;
      if (virStoragePoolGetAutostart (pools[i], &autostart) == 0)
        info->autostart = autostart != 0;
      virResetLastError ();
      g_ptr_array_add (infos, info);
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  return infos;
}

typedef struct {
  virConnectPtr conn;
  char         *uuid;
  char         *name;
} ListVolumesJob;

static void
list_volumes_job_free (gpointer data)
{
  ListVolumesJob *job = data;

  virConnectClose (job->conn);
  g_free (job->uuid);
  g_free (job->name);
  g_free (job);
}

static YadoStorageVolume *
volume_from_handle (virStorageVolPtr vol)
{
  virStorageVolInfo vinfo = { 0 };
  char *path = virStorageVolGetPath (vol);
  YadoStorageVolume *volume;

  if (virStorageVolGetInfo (vol, &vinfo) < 0)
    virResetLastError ();
  volume = yado_storage_volume_new (virStorageVolGetName (vol), path, vinfo.type,
                                    vinfo.capacity, vinfo.allocation);
  free (path);
  return volume;
}

static gpointer
list_volumes_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  ListVolumesJob *job = data;
  virStoragePoolPtr pool = virStoragePoolLookupByUUIDString (job->conn, job->uuid);
  virStorageVolPtr *vols = NULL;
  GPtrArray *volumes;
  int n;

  if (pool == NULL)
    {
      yado_error_set_from_libvirt (error, "Could not find the pool “%s”", job->name);
      return NULL;
    }
  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  if (n < 0)
    {
      yado_error_set_from_libvirt (error, "Could not list the volumes of “%s”", job->name);
      virStoragePoolFree (pool);
      return NULL;
    }
  /* GObjects made off the main thread are fine while nothing is
   * connected to their signals yet. */
  volumes = g_ptr_array_new_full (n, g_object_unref);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (volumes, volume_from_handle (vols[i]));
      virStorageVolFree (vols[i]);
    }
  free (vols);
  virStoragePoolFree (pool);
  return volumes;
}

void
yado_storage_pool_list_volumes_async (YadoStoragePool    *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  virConnectPtr conn = self->connection ? yado_connection_ref_handle (self->connection) : NULL;
  ListVolumesJob *job;

  g_task_set_source_tag (task, yado_storage_pool_list_volumes_async);
  if (conn == NULL)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("The connection is not open"));
      return;
    }
  job = g_new0 (ListVolumesJob, 1);
  job->conn = conn;
  job->uuid = g_strdup (self->info->uuid);
  job->name = g_strdup (self->info->name);
  yado_worker_submit (yado_connection_get_ops_worker (self->connection), task,
                      list_volumes_job_run, job, list_volumes_job_free,
                      (GDestroyNotify) g_ptr_array_unref, LIST_VOLUMES_TIMEOUT_MS);
}

GPtrArray *
yado_storage_pool_list_volumes_finish (YadoStoragePool *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
yado_storage_pool_list_volumes_sync (YadoStoragePool *self,
                                     GCancellable    *cancellable,
                                     GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_storage_pool_list_volumes_async (self, cancellable, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_storage_pool_list_volumes_finish (self, result, error);
}
