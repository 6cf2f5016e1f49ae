/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-connection-private.h"
#include "yado-domain-delete.h"
#include "yado-error.h"
#include "yado-worker.h"
#include "yado-xml.h"

/* Listing reads every VM of the host; deleting may force off a VM and
 * delete large volumes: give both time, but not forever. */
#define LIST_TIMEOUT_MS (2 * 60 * 1000)
#define DELETE_TIMEOUT_MS (10 * 60 * 1000)

G_DEFINE_QUARK (yado-domain-delete-error-quark, yado_domain_delete_error)

void
yado_domain_storage_free (YadoDomainStorage *storage)
{
  if (storage == NULL)
    return;
  g_free (storage->target);
  g_free (storage->path);
  g_free (storage->device);
  g_strfreev (storage->shared_with);
  g_free (storage);
}

/* ---- the job: immutable input, freed on the worker ---- */

typedef struct {
  virConnectPtr conn;   /* a reference of its own */
  char         *uuid;
  char         *name;
  char        **paths;  /* volumes to delete */
} DeleteJob;

static void
delete_job_free (gpointer data)
{
  DeleteJob *job = data;

  if (job->conn != NULL)
    virConnectClose (job->conn);
  g_free (job->uuid);
  g_free (job->name);
  g_strfreev (job->paths);
  g_free (job);
}

/* Queues @func on the connection's ops worker, as yado_domain_submit_job()
 * does for the jobs of yado-domain.c (this job carries a list of paths). */
static void
submit (YadoDomain *self, GTask *task, YadoJobFunc func, DeleteJob *job,
        GDestroyNotify result_free, guint timeout_ms, const char *what)
{
  YadoConnection *connection = yado_domain_get_connection (self);

  job->conn = connection != NULL ? yado_connection_ref_handle (connection) : NULL;
  if (job->conn == NULL)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("Could not %s “%s”: the connection is not open"),
                               what, yado_domain_get_name (self));
      delete_job_free (job);
      return;
    }
  job->uuid = g_strdup (yado_domain_get_uuid (self));
  job->name = g_strdup (yado_domain_get_name (self));
  yado_worker_submit (yado_connection_get_ops_worker (connection), task, func, job,
                      delete_job_free, result_free, timeout_ms);
}

/* ---- reading disks from XML ---- */

/* One <disk> as the XML says it. */
typedef struct {
  char     *target;
  char     *device;
  char     *path;    /* source file, dev, dir or (network) name */
  char     *pool;    /* type='volume': the pool and volume names */
  char     *volume;
  gboolean  read_only;
  gboolean  shareable;
} XmlDisk;

static void
xml_disk_free (XmlDisk *disk)
{
  g_free (disk->target);
  g_free (disk->device);
  g_free (disk->path);
  g_free (disk->pool);
  g_free (disk->volume);
  g_free (disk);
}

static char *
disk_get (YadoXml *xml, guint position, const char *path)
{
  g_autofree char *xpath = g_strdup_printf ("/domain/devices/disk[%u]/%s", position, path);

  return yado_xml_get_string (xml, xpath);
}

static gboolean
disk_has (YadoXml *xml, guint position, const char *path)
{
  g_autofree char *xpath = g_strdup_printf ("/domain/devices/disk[%u]/%s", position, path);

  return yado_xml_has (xml, xpath);
}

static XmlDisk *
read_disk (YadoXml *xml, guint position)
{
  static const char *const sources[] = { "source/@file", "source/@dev", "source/@dir",
                                         "source/@name" };
  XmlDisk *disk = g_new0 (XmlDisk, 1);

  disk->target = disk_get (xml, position, "target/@dev");
  disk->device = disk_get (xml, position, "@device");
  if (disk->device == NULL)
    disk->device = g_strdup ("disk");
  for (guint i = 0; i < G_N_ELEMENTS (sources) && disk->path == NULL; i++)
    disk->path = disk_get (xml, position, sources[i]);
  disk->pool = disk_get (xml, position, "source/@pool");
  disk->volume = disk_get (xml, position, "source/@volume");
  disk->read_only = disk_has (xml, position, "readonly");
  disk->shareable = disk_has (xml, position, "shareable");
  return disk;
}

static gboolean
disk_has_source (const XmlDisk *disk)
{
  return disk->path != NULL || (disk->pool != NULL && disk->volume != NULL);
}

/* The disks of @text that have a source: XmlDisk, in document order. */
static GPtrArray *
read_disks (const char *text)
{
  GPtrArray *disks = g_ptr_array_new_with_free_func ((GDestroyNotify) xml_disk_free);
  g_autoptr(YadoXml) xml = yado_xml_parse (text);

  for (guint i = 1; xml != NULL && disk_has (xml, i, "."); i++)
    {
      XmlDisk *disk = read_disk (xml, i);

      if (disk_has_source (disk))
        g_ptr_array_add (disks, disk);
      else
        xml_disk_free (disk);
    }
  return disks;
}

/* What names one piece of storage, whichever way a VM refers to it: its
 * path, and "POOL/VOLUME" (with a separator no name has) for a volume. */
static char *
volume_key (const char *pool, const char *volume)
{
  return g_strconcat (pool, "\x1f", volume, NULL);
}

static char *
domain_xml (virDomainPtr dom)
{
  /* The persistent definition: what stays after the VM stops. For a
   * transient VM libvirt gives the live one. */
  char *text = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  char *copy = g_strdup (text);

  free (text);
  return copy;
}

/* ---- listing (on the worker) ---- */

/* Adds @name under each key of @disks to @users (key → GPtrArray of names). */
static void
add_users (GHashTable *users, GPtrArray *disks, const char *name)
{
  for (guint i = 0; i < disks->len; i++)
    {
      XmlDisk *disk = g_ptr_array_index (disks, i);
      char *keys[2] = { NULL, NULL };

      keys[0] = g_strdup (disk->path);
      if (disk->pool != NULL && disk->volume != NULL)
        keys[1] = volume_key (disk->pool, disk->volume);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          GPtrArray *names;

          if (keys[k] == NULL)
            continue;
          names = g_hash_table_lookup (users, keys[k]);
          if (names == NULL)
            {
              names = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (users, g_strdup (keys[k]), names);
            }
          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (name));
          g_free (keys[k]);
        }
    }
}

/* Which other VMs use which storage: key → GPtrArray of VM names. Reads
 * every other VM's persistent XML. */
static GHashTable *
read_other_users (virConnectPtr conn, const char *uuid, GError **error)
{
  GHashTable *users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  virDomainPtr *doms = NULL;
  int n = virConnectListAllDomains (conn, &doms, 0);

  if (n < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not list the virtual machines"));
      g_hash_table_unref (users);
      return NULL;
    }
  for (int i = 0; i < n; i++)
    {
      char other[VIR_UUID_STRING_BUFLEN] = "";
      g_autofree char *text = NULL;

      if (virDomainGetUUIDString (doms[i], other) == 0 && g_strcmp0 (other, uuid) != 0
          && (text = domain_xml (doms[i])) != NULL)
        {
          g_autoptr(GPtrArray) disks = read_disks (text);

          add_users (users, disks, virDomainGetName (doms[i]));
        }
      virResetLastError (); /* a VM that went away meanwhile uses nothing */
      virDomainFree (doms[i]);
    }
  free (doms);
  return users;
}

/* The volume @disk names, or NULL when libvirt knows none. */
static virStorageVolPtr
lookup_volume (virConnectPtr conn, const XmlDisk *disk)
{
  virStorageVolPtr vol = NULL;

  if (disk->pool != NULL && disk->volume != NULL)
    {
      virStoragePoolPtr pool = virStoragePoolLookupByName (conn, disk->pool);

      if (pool != NULL)
        {
          vol = virStorageVolLookupByName (pool, disk->volume);
          virStoragePoolFree (pool);
        }
    }
  else if (disk->path != NULL)
    vol = virStorageVolLookupByPath (conn, disk->path);
  if (vol == NULL)
    virResetLastError (); /* not a volume: a plain file, a network disk */
  return vol;
}

/* Fills what the volume @vol tells of @out; returns its "POOL/VOLUME" key. */
static char *
read_volume (virStorageVolPtr vol, YadoDomainStorage *out)
{
  virStoragePoolPtr pool = virStoragePoolLookupByVolume (vol);
  virStorageVolInfo info;
  char *path = virStorageVolGetPath (vol);
  char *key = NULL;

  if (path != NULL)
    {
      g_free (out->path);
      out->path = g_strdup (path);
      free (path);
    }
  if (virStorageVolGetInfo (vol, &info) == 0)
    {
      out->capacity = info.capacity;
      out->allocation = info.allocation;
    }
  if (pool != NULL)
    {
      key = volume_key (virStoragePoolGetName (pool), virStorageVolGetName (vol));
      virStoragePoolFree (pool);
    }
  virResetLastError ();
  return key;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* The names of the VMs under @key1 or @key2 in @users, sorted. */
static char **
users_of (GHashTable *users, const char *key1, const char *key2)
{
  GPtrArray *names = g_ptr_array_new ();
  const char *keys[2] = { key1, key2 };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      GPtrArray *found = keys[k] != NULL ? g_hash_table_lookup (users, keys[k]) : NULL;

      for (guint i = 0; found != NULL && i < found->len; i++)
        if (!g_ptr_array_find_with_equal_func (names, found->pdata[i], g_str_equal, NULL))
          g_ptr_array_add (names, g_strdup (found->pdata[i]));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static YadoDomainStorage *
describe_disk (virConnectPtr conn, const XmlDisk *disk, GHashTable *users)
{
  YadoDomainStorage *out = g_new0 (YadoDomainStorage, 1);
  virStorageVolPtr vol = lookup_volume (conn, disk);
  g_autofree char *key = NULL;

  out->target = g_strdup (disk->target);
  out->device = g_strdup (disk->device);
  out->read_only = disk->read_only;
  out->path = disk->path != NULL ? g_strdup (disk->path)
                                 : g_strdup_printf ("%s/%s", disk->pool, disk->volume);
  if (vol != NULL)
    {
      key = read_volume (vol, out);
      out->deletable = TRUE;
      virStorageVolFree (vol);
    }
  else if (disk->pool != NULL && disk->volume != NULL)
    key = volume_key (disk->pool, disk->volume);
  out->shared_with = users_of (users, out->path, key);
  out->shared = disk->shareable || out->shared_with[0] != NULL;
  out->default_delete = out->deletable && !out->shared && !out->read_only
                        && g_strcmp0 (out->device, "disk") == 0;
  return out;
}

static gboolean
has_path (GPtrArray *disks, const char *path)
{
  for (guint i = 0; i < disks->len; i++)
    if (g_strcmp0 (((XmlDisk *) disks->pdata[i])->path, path) == 0)
      return TRUE;
  return FALSE;
}

/* The persistent definition's disks, then those only the running VM has
 * (attached live, not to its definition). */
static GPtrArray *
read_own_disks (virDomainPtr dom)
{
  g_autofree char *text = domain_xml (dom);
  GPtrArray *disks;

  if (text == NULL)
    return NULL;
  disks = read_disks (text);
  if (virDomainIsActive (dom) == 1)
    {
      char *live = virDomainGetXMLDesc (dom, 0);
      g_autoptr(GPtrArray) live_disks = read_disks (live);

      free (live);
      for (guint i = 0; i < live_disks->len; i++)
        if (!has_path (disks, ((XmlDisk *) live_disks->pdata[i])->path))
          g_ptr_array_add (disks, g_ptr_array_steal_index (live_disks, i--));
    }
  virResetLastError ();
  return disks;
}

static gpointer
list_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  DeleteJob *job = data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GHashTable) users = NULL;
  GPtrArray *result;

  if (dom != NULL)
    disks = read_own_disks (dom);
  if (disks == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read the disks of “%s”"), job->name);
      if (dom != NULL)
        virDomainFree (dom);
      return NULL;
    }
  virDomainFree (dom);
  users = read_other_users (job->conn, job->uuid, error);
  if (users == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) yado_domain_storage_free);
  for (guint i = 0; i < disks->len; i++)
    g_ptr_array_add (result, describe_disk (job->conn, disks->pdata[i], users));
  return result;
}

void
yado_domain_list_storage_async (YadoDomain         *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_domain_list_storage_async);
  submit (self, task, list_job_run, g_new0 (DeleteJob, 1),
          (GDestroyNotify) g_ptr_array_unref, LIST_TIMEOUT_MS, _("list the disks of"));
}

GPtrArray *
yado_domain_list_storage_finish (YadoDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
yado_domain_list_storage_sync (YadoDomain *self, GCancellable *cancellable, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_domain_list_storage_async (self, cancellable, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_domain_list_storage_finish (self, result, error);
}

/* ---- deleting (on the worker) ---- */

/* Whether libvirt refused the flags rather than the undefine: then fewer
 * flags may do. */
static gboolean
flags_refused (void)
{
  virErrorPtr err = virGetLastError ();

  return err != NULL && (err->code == VIR_ERR_INVALID_ARG || err->code == VIR_ERR_NO_SUPPORT);
}

/* Undefines @dom with everything that belongs to it. Drivers know
 * different flags (libvirt 9.0's test driver: managed save and snapshots
 * only; QEMU: all), so fewer are tried when the driver rejects some. */
static gboolean
undefine (virDomainPtr dom)
{
  static const unsigned int attempts[] = {
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
      | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
      | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      if (virDomainUndefineFlags (dom, attempts[i]) == 0)
        return TRUE;
      if (!flags_refused ())
        return FALSE;
    }
  /* A driver with no flags at all, or no virDomainUndefineFlags. */
  return virDomainUndefine (dom) == 0;
}

/* Deletes the volume at @path; on failure adds "PATH could not be: WHY"
 * to @left. */
static void
delete_volume (virConnectPtr conn, const char *path, GPtrArray *left)
{
  virStorageVolPtr vol = virStorageVolLookupByPath (conn, path);
  virErrorPtr err;

  if (vol != NULL && virStorageVolDelete (vol, 0) == 0)
    {
      virStorageVolFree (vol);
      return;
    }
  err = virGetLastError ();
  g_ptr_array_add (left, g_strdup_printf (_("%s could not be: %s"), path,
                                          err != NULL && err->message != NULL
                                          ? err->message : _("unknown error")));
  if (vol != NULL)
    virStorageVolFree (vol);
  virResetLastError ();
}

/* "The virtual machine was deleted, but PATH could not be: WHY", with one
 * such line per volume when several were left. */
static void
set_storage_left_error (GError **error, GPtrArray *left)
{
  g_autofree char *lines = NULL;

  if (left->len == 1)
    {
      g_set_error (error, YADO_DOMAIN_DELETE_ERROR, YADO_DOMAIN_DELETE_ERROR_STORAGE_LEFT,
                   _("The virtual machine was deleted, but %s"), (char *) left->pdata[0]);
      return;
    }
  g_ptr_array_add (left, NULL);
  lines = g_strjoinv ("\n", (char **) left->pdata);
  g_set_error (error, YADO_DOMAIN_DELETE_ERROR, YADO_DOMAIN_DELETE_ERROR_STORAGE_LEFT,
               _("The virtual machine was deleted, but not all of its storage:\n%s"), lines);
}

/* Forces @dom off when it runs, and undefines it when it is persistent (a
 * transient VM is gone once off). */
static gboolean
remove_domain (virDomainPtr dom, const char *name, GError **error)
{
  int persistent = virDomainIsPersistent (dom);

  if (virDomainIsActive (dom) == 1 && virDomainDestroy (dom) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not force off “%s”"), name);
      return FALSE;
    }
  if (persistent == 1 && !undefine (dom))
    {
      yado_error_set_from_libvirt (error, _("Could not delete “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

static gpointer
delete_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  DeleteJob *job = data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  gboolean removed;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not find “%s”"), job->name);
      return NULL;
    }
  removed = remove_domain (dom, job->name, error);
  virDomainFree (dom);
  if (!removed)
    return NULL;
  /* The VM is gone: each volume now, whatever becomes of the others. */
  for (guint i = 0; job->paths != NULL && job->paths[i] != NULL; i++)
    delete_volume (job->conn, job->paths[i], left);
  if (left->len > 0)
    {
      set_storage_left_error (error, left);
      return NULL;
    }
  return GINT_TO_POINTER (1);
}

static void
on_delete_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  YadoDomain *self = YADO_DOMAIN (source);
  YadoConnection *connection = yado_domain_get_connection (self);
  g_autoptr(GError) error = NULL;

  g_task_propagate_pointer (G_TASK (result), &error);
  /* libvirt's undefine event drops the VM from the list, but a driver may
   * send none (a transient VM only stops): read it again, which drops it
   * when it is gone. Also after a failure: it may have been forced off. */
  if (connection != NULL)
    _yado_connection_refresh_domain (connection, yado_domain_get_uuid (self));
  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_boolean (outer, TRUE);
}

void
yado_domain_delete_async (YadoDomain         *self,
                          const char * const *paths_to_delete,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  DeleteJob *job = g_new0 (DeleteJob, 1);

  g_task_set_source_tag (outer, yado_domain_delete_async);
  g_task_set_check_cancellable (outer, FALSE);
  job->paths = g_strdupv ((char **) paths_to_delete);
  /* The inner task's callback reads the domain again, then returns @outer. */
  inner = g_task_new (self, cancellable, on_delete_done, outer);
  submit (self, inner, delete_job_run, job, NULL, DELETE_TIMEOUT_MS, _("delete"));
}

gboolean
yado_domain_delete_finish (YadoDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
yado_domain_delete_sync (YadoDomain         *self,
                         const char * const *paths_to_delete,
                         GCancellable       *cancellable,
                         GError            **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_domain_delete_async (self, paths_to_delete, cancellable, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_domain_delete_finish (self, result, error);
}
