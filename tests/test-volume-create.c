/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Creating a volume in a pool (Add Hardware's new disk) and deleting it
 * again, through the connection's worker, on the test driver's
 * hardware-host.xml: the volume is listed with its size, path and format,
 * a taken name is refused with libvirt's reason, and the volume XML keeps
 * a name as typed.
 */
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-storage-pool.h"
#include "yado-storage-volume.h"
#include "yado-error.h"
#include "yado-test-utils.h"
#include "yado-worker.h"
#include "yado-xml.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
}

static YadoStoragePool *
pool_named (YadoConnection *connection, const char *name)
{
  GListModel *pools = yado_connection_get_storage_pools (connection);

  /* Pools are listed just after the connection opens. */
  yado_test_wait_until (g_list_model_get_n_items (pools) == 2, 5000);
  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(YadoStoragePool) pool = g_list_model_get_item (pools, i);

      if (g_strcmp0 (yado_storage_pool_get_name (pool), name) == 0)
        return pool;   /* the list keeps it */
    }
  g_error ("no pool %s", name);
}

static YadoStorageVolume *
find_volume (GPtrArray *volumes, const char *name)
{
  for (guint i = 0; i < volumes->len; i++)
    if (g_strcmp0 (yado_storage_volume_get_name (g_ptr_array_index (volumes, i)), name) == 0)
      return g_ptr_array_index (volumes, i);
  return NULL;
}

/* The volume's format as libvirt has it, read on the connection's own
 * handle (the test driver's host is private to it). */
static char *
volume_format (YadoConnection *connection, const char *path)
{
  virConnectPtr conn = yado_connection_ref_handle (connection);
  virStorageVolPtr volume = virStorageVolLookupByPath (conn, path);
  char *xml = virStorageVolGetXMLDesc (volume, 0);
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);
  char *format = yado_xml_get_string (doc, "/volume/target/format/@type");

  free (xml);
  virStorageVolFree (volume);
  virConnectClose (conn);
  return format;
}

static gboolean
delete_sync (YadoStoragePool *pool, const char *name, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_storage_pool_delete_volume_async (pool, name, NULL, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_storage_pool_delete_volume_finish (pool, result, error);
}

static void
test_create_and_delete (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  g_autoptr(YadoConnection) connection = yado_test_open (uri);
  YadoStoragePool *pool = pool_named (connection, "default");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GPtrArray) volumes = NULL;
  g_autoptr(GPtrArray) after = NULL;
  YadoStorageVolume *volume;

  path = yado_storage_pool_create_volume_sync (pool, "db-1.qcow2", 20 * GIB, "qcow2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "/var/lib/yado-hw/images/db-1.qcow2");

  volumes = yado_storage_pool_list_volumes_sync (pool, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (volumes->len, ==, 3);
  volume = find_volume (volumes, "db-1.qcow2");
  g_assert_nonnull (volume);
  g_assert_cmpstr (yado_storage_volume_get_path (volume), ==, path);
  g_assert_cmpuint (yado_storage_volume_get_capacity (volume), ==, 20 * GIB);
  format = volume_format (connection, path);
  g_assert_cmpstr (format, ==, "qcow2");

  g_assert_true (delete_sync (pool, "db-1.qcow2", &error));
  g_assert_no_error (error);
  after = yado_storage_pool_list_volumes_sync (pool, NULL, &error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_null (find_volume (after, "db-1.qcow2"));
  yado_connection_close (connection);
}

static void
test_raw (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  g_autoptr(YadoConnection) connection = yado_test_open (uri);
  YadoStoragePool *pool = pool_named (connection, "fast");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *format = NULL;

  path = yado_storage_pool_create_volume_sync (pool, "scratch.img", 2 * GIB, "raw", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "/var/lib/yado-hw/fast/scratch.img");
  format = volume_format (connection, path);
  g_assert_cmpstr (format, ==, "raw");
  yado_connection_close (connection);
}

static void
test_name_taken (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  g_autoptr(YadoConnection) connection = yado_test_open (uri);
  YadoStoragePool *pool = pool_named (connection, "default");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = yado_storage_pool_create_volume_sync (pool, "db.qcow2", GIB, "qcow2", &error);
  g_assert_null (path);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  /* Who could not do what, then libvirt's reason. */
  g_assert_true (g_str_has_prefix (error->message,
                                   "Could not create the volume “db.qcow2” in “default”: "));
  g_assert_nonnull (strstr (error->message, "db.qcow2"));
  g_clear_error (&error);
  g_assert_false (delete_sync (pool, "nothing-here.qcow2", &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_FOUND);
  yado_connection_close (connection);
}

static void
test_volume_xml (void)
{
  g_autofree char *xml = yado_storage_volume_xml_new ("a <b> & 'c'.qcow2", 5 * GIB, "qcow2");
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);
  g_autofree char *name = yado_xml_get_string (doc, "/volume/name");
  g_autofree char *capacity = yado_xml_get_string (doc, "/volume/capacity");
  g_autofree char *unit = yado_xml_get_string (doc, "/volume/capacity/@unit");
  g_autofree char *allocation = yado_xml_get_string (doc, "/volume/allocation");
  g_autofree char *format = yado_xml_get_string (doc, "/volume/target/format/@type");

  g_assert_cmpstr (name, ==, "a <b> & 'c'.qcow2");
  g_assert_false (yado_xml_has (doc, "//b"));
  g_assert_cmpstr (capacity, ==, "5368709120");
  g_assert_cmpstr (unit, ==, "bytes");
  g_assert_cmpstr (allocation, ==, "0");
  g_assert_cmpstr (format, ==, "qcow2");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  virSetErrorFunc (NULL, ignore_libvirt_error);
  g_test_add_func ("/volume-create/create-and-delete", test_create_and_delete);
  g_test_add_func ("/volume-create/raw", test_raw);
  g_test_add_func ("/volume-create/name-taken", test_name_taken);
  g_test_add_func ("/volume-create/volume-xml", test_volume_xml);
  return g_test_run ();
}
