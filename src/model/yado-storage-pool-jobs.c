/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Changing a pool's volumes: creating one (Add Hardware's new disk) and
 * deleting one again, on the connection's ops worker.
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>

#include "yado-connection.h"
#include "yado-error.h"
#include "yado-storage-pool.h"
#include "yado-worker.h"

/* A sparse volume is made at once, but qemu-img on a slow remote disk, or
 * a pool that preallocates, can take minutes. */
#define VOLUME_TIMEOUT_MS (10 * 60 * 1000)

char *
yado_storage_volume_xml_new (const char *name, guint64 capacity_bytes, const char *format)
{
  xmlNodePtr volume = xmlNewNode (NULL, BAD_CAST "volume");
  xmlNodePtr node;
  xmlBufferPtr buffer = xmlBufferCreate ();
  char number[32];
  char *xml;

  xmlNewTextChild (volume, NULL, BAD_CAST "name", BAD_CAST name);
  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, capacity_bytes);
  node = xmlNewTextChild (volume, NULL, BAD_CAST "capacity", BAD_CAST number);
  xmlSetProp (node, BAD_CAST "unit", BAD_CAST "bytes");
  /* Nothing allocated up front: the image grows as the guest writes. */
  node = xmlNewTextChild (volume, NULL, BAD_CAST "allocation", BAD_CAST "0");
  xmlSetProp (node, BAD_CAST "unit", BAD_CAST "bytes");
  if (format != NULL && *format != '\0')
    {
      node = xmlNewChild (volume, NULL, BAD_CAST "target", NULL);
      node = xmlNewChild (node, NULL, BAD_CAST "format", NULL);
      xmlSetProp (node, BAD_CAST "type", BAD_CAST format);
    }
  xmlNodeDump (buffer, NULL, volume, 0, 1);
  xml = g_strdup ((const char *) xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  xmlFreeNode (volume);
  return xml;
}

typedef struct {
  virConnectPtr conn;
  char         *pool_uuid;
  char         *pool_name;
  char         *name;
  char         *xml;     /* create only */
} VolumeJob;

static void
volume_job_free (gpointer data)
{
  VolumeJob *job = data;

  virConnectClose (job->conn);
  g_free (job->pool_uuid);
  g_free (job->pool_name);
  g_free (job->name);
  g_free (job->xml);
  g_free (job);
}

static virStoragePoolPtr
lookup_pool (VolumeJob *job, GError **error)
{
  virStoragePoolPtr pool = virStoragePoolLookupByUUIDString (job->conn, job->pool_uuid);

  if (pool == NULL)
    yado_error_set_from_libvirt (error, _("Could not find the pool “%s”"), job->pool_name);
  return pool;
}

static gpointer
create_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  VolumeJob *job = data;
  virStoragePoolPtr pool = lookup_pool (job, error);
  virStorageVolPtr volume;
  char *path;
  char *result;

  if (pool == NULL)
    return NULL;
  volume = virStorageVolCreateXML (pool, job->xml, 0);
  /* libvirt's error first: freeing the pool resets it. */
  if (volume == NULL)
    yado_error_set_from_libvirt (error, _("Could not create the volume “%s” in “%s”"),
                                 job->name, job->pool_name);
  virStoragePoolFree (pool);
  if (volume == NULL)
    return NULL;
  path = virStorageVolGetPath (volume);
  if (path == NULL)
    yado_error_set_from_libvirt (error, _("Could not read the path of the new volume “%s”"),
                                 job->name);
  virStorageVolFree (volume);
  result = g_strdup (path);
  free (path);
  return result;
}

static gpointer
delete_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  VolumeJob *job = data;
  virStoragePoolPtr pool = lookup_pool (job, error);
  virStorageVolPtr volume;
  int status;

  if (pool == NULL)
    return NULL;
  volume = virStorageVolLookupByName (pool, job->name);
  if (volume == NULL)
    yado_error_set_from_libvirt (error, _("Could not find the volume “%s”"), job->name);
  virStoragePoolFree (pool);
  if (volume == NULL)
    return NULL;
  status = virStorageVolDelete (volume, 0);
  if (status < 0)
    yado_error_set_from_libvirt (error, _("Could not delete the volume “%s”"), job->name);
  virStorageVolFree (volume);
  return status < 0 ? NULL : GINT_TO_POINTER (1);
}

static void
submit (YadoStoragePool *self, GTask *task, YadoJobFunc func, const char *name, char *xml,
        GDestroyNotify result_free)
{
  YadoConnection *connection = yado_storage_pool_get_connection (self);
  virConnectPtr conn = connection ? yado_connection_ref_handle (connection) : NULL;
  VolumeJob *job;

  if (conn == NULL)
    {
      g_free (xml);
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("The connection is not open"));
      return;
    }
  job = g_new0 (VolumeJob, 1);
  job->conn = conn;
  job->pool_uuid = g_strdup (yado_storage_pool_get_uuid (self));
  job->pool_name = g_strdup (yado_storage_pool_get_name (self));
  job->name = g_strdup (name);
  job->xml = xml;
  yado_worker_submit (yado_connection_get_ops_worker (connection), task, func, job,
                      volume_job_free, result_free, VOLUME_TIMEOUT_MS);
}

void
yado_storage_pool_create_volume_async (YadoStoragePool *self, const char *name,
                                       guint64 capacity_bytes, const char *format,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_storage_pool_create_volume_async);
  submit (self, task, create_job_run, name,
          yado_storage_volume_xml_new (name, capacity_bytes, format), g_free);
}

char *
yado_storage_pool_create_volume_finish (YadoStoragePool *self, GAsyncResult *result,
                                        GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
yado_storage_pool_create_volume_sync (YadoStoragePool *self, const char *name,
                                      guint64 capacity_bytes, const char *format,
                                      GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_storage_pool_create_volume_async (self, name, capacity_bytes, format, NULL,
                                         yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_storage_pool_create_volume_finish (self, result, error);
}

void
yado_storage_pool_delete_volume_async (YadoStoragePool *self, const char *name,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_storage_pool_delete_volume_async);
  submit (self, task, delete_job_run, name, NULL, NULL);
}

gboolean
yado_storage_pool_delete_volume_finish (YadoStoragePool *self, GAsyncResult *result,
                                        GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}
