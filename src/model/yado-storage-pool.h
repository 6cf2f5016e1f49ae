/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _YadoConnection YadoConnection;

typedef struct {
  char    *name;
  char    *uuid;
  int      state;        /* libvirt's virStoragePoolState */
  gboolean active;
  gboolean autostart;
  gboolean persistent;
  guint64  capacity;     /* bytes */
  guint64  allocation;
  guint64  available;
} YadoStoragePoolInfo;

void                 yado_storage_pool_info_free (YadoStoragePoolInfo *info);
YadoStoragePoolInfo *yado_storage_pool_info_copy (const YadoStoragePoolInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoStoragePoolInfo, yado_storage_pool_info_free)

#define YADO_TYPE_STORAGE_POOL (yado_storage_pool_get_type ())
G_DECLARE_FINAL_TYPE (YadoStoragePool, yado_storage_pool, YADO, STORAGE_POOL, GObject)

YadoStoragePool *yado_storage_pool_new        (YadoConnection            *connection,
                                               const YadoStoragePoolInfo *info);
void             yado_storage_pool_update     (YadoStoragePool           *self,
                                               const YadoStoragePoolInfo *info);
const char      *yado_storage_pool_get_name   (YadoStoragePool *self);
const char      *yado_storage_pool_get_uuid   (YadoStoragePool *self);
int              yado_storage_pool_get_state  (YadoStoragePool *self);
gboolean         yado_storage_pool_get_active (YadoStoragePool *self);
gboolean         yado_storage_pool_get_autostart (YadoStoragePool *self);
guint64          yado_storage_pool_get_capacity (YadoStoragePool *self);
guint64          yado_storage_pool_get_allocation (YadoStoragePool *self);
guint64          yado_storage_pool_get_available (YadoStoragePool *self);
/* The connection it belongs to (weak), or NULL once that is gone. */
YadoConnection  *yado_storage_pool_get_connection (YadoStoragePool *self);

/* Volumes are listed on demand, never at connect time: a pool can hold
 * thousands. The result is a GPtrArray of YadoStorageVolume. */
void             yado_storage_pool_list_volumes_async  (YadoStoragePool    *self,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GPtrArray       *yado_storage_pool_list_volumes_finish (YadoStoragePool *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);
GPtrArray       *yado_storage_pool_list_volumes_sync   (YadoStoragePool *self,
                                                        GCancellable    *cancellable,
                                                        GError         **error);

/* A new volume @name of @capacity_bytes in @format ("qcow2", "raw"),
 * sparse; the result is its path (g_free it). Deleting one (by name) is
 * for undoing a creation that was not used (yado-storage-pool-jobs.c). */
void             yado_storage_pool_create_volume_async  (YadoStoragePool    *self,
                                                         const char         *name,
                                                         guint64             capacity_bytes,
                                                         const char         *format,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
char            *yado_storage_pool_create_volume_finish (YadoStoragePool *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);
char            *yado_storage_pool_create_volume_sync   (YadoStoragePool *self,
                                                         const char      *name,
                                                         guint64          capacity_bytes,
                                                         const char      *format,
                                                         GError         **error);
void             yado_storage_pool_delete_volume_async  (YadoStoragePool    *self,
                                                         const char         *name,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean         yado_storage_pool_delete_volume_finish (YadoStoragePool *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);
/* Pure: the <volume> XML virStorageVolCreateXML takes. */
char            *yado_storage_volume_xml_new            (const char *name,
                                                         guint64     capacity_bytes,
                                                         const char *format);

/* Worker side (internal to the model): every pool of @conn (a
 * virConnectPtr) as a GPtrArray of YadoStoragePoolInfo. */
GPtrArray       *yado_storage_pool_jobs_list_all (gpointer conn, GError **error);

G_END_DECLS
