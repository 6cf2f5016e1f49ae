/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Making a new VM on its host, on the connection's ops worker, in steps:
 *
 *   1. the new disk: a new volume, or for a cloud image (or an imported
 *      image the user wants a copy of) a copy of the image made by the
 *      host (virStorageVolCreateXMLFrom) when it is one of its volumes,
 *      else uploaded, then grown to the size asked;
 *   2. the cloud-init seed: made here (xorriso) and uploaded as a volume;
 *   3. a network install's kernel and initrd: fetched here (libsoup), and
 *      uploaded as volumes;
 *   4. the INSTALL definition; with start, the start and the FINAL one.
 *
 * Uploads go through virStorageVolUpload, so a remote host gets them as
 * a local one does, and in any pool type; a local host whose driver takes
 * no upload (the test driver, behind the demo host) gets the seed and the
 * kernel as files in the user's cache instead. Between steps (and between
 * chunks of a transfer) a cancel stops the job; a cancel or a failure
 * removes what the job made, newest first (the VM stopped and undefined
 * with its NVRAM, every volume deleted), and the error says which step
 * failed with libvirt's reason.
 *
 * The installer's reboot: the INSTALL definition of an ISO or URL install
 * has <on_reboot>destroy</on_reboot>, and the FINAL one (no media, no
 * kernel, the disk first) is already the persistent definition; so when
 * the guest reboots at the end of its install, the VM stops, and Yado
 * starts it again once (InstallWatch below).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>

#include "yado-connection-private.h"
#include "yado-error.h"
#include "yado-new-vm-install.h"
#include "yado-new-vm-xml.h"
#include "yado-storage-pool.h"
#include "yado-worker.h"
#include "yado-xml.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define CHUNK_SIZE (256 * 1024)

/* Where a VM made with start FALSE keeps what its INSTALL definition
 * uses, for yado_domain_begin_install_async(): the FINAL definition
 * (built from the wizard's description) needs the paths the job chose. */
#define INSTALL_NS "https://yado.dev/xmlns/install/1.0"
#define INSTALL_PREFIX "yadoinstall"

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* @value may be *@field itself. */
static void
set_string (char **field, const char *value)
{
  char *old = *field;

  *field = g_strdup (value);
  g_free (old);
}

/* ---- progress: reported on the worker, delivered on the main thread ---- */

typedef struct {
  gatomicrefcount   ref_count;
  GMainContext     *context;
  YadoNewVmProgress func;
  gpointer          data;
  gboolean          done;       /* main thread: the task has completed */
  gint64            last_us;    /* worker: when the last report left */
} Progress;

static Progress *
progress_new (YadoNewVmProgress func, gpointer data)
{
  Progress *progress = g_new0 (Progress, 1);

  g_atomic_ref_count_init (&progress->ref_count);
  progress->context = g_main_context_ref_thread_default ();
  progress->func = func;
  progress->data = data;
  return progress;
}

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (Progress *progress)
{
  if (progress == NULL || !g_atomic_ref_count_dec (&progress->ref_count))
    return;
  g_main_context_unref (progress->context);
  g_free (progress);
}

typedef struct {
  Progress *progress;
  char     *status;
  double    fraction;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  progress_unref (report->progress);
  g_free (report->status);
  g_free (report);
}

static gboolean
deliver_report (gpointer data)
{
  Report *report = data;
  Progress *progress = report->progress;

  /* A report that was on its way when the task completed is dropped: the
   * caller's data may be gone. */
  if (!progress->done && progress->func != NULL)
    progress->func (report->status, report->fraction, progress->data);
  return G_SOURCE_REMOVE;
}

static void
progress_report (Progress *progress, const char *status, double fraction, gboolean force)
{
  gint64 now = g_get_monotonic_time ();
  Report *report;

  if (progress == NULL || progress->func == NULL)
    return;
  /* A transfer reports every chunk: ten reports a second are plenty. */
  if (!force && now - progress->last_us < G_USEC_PER_SEC / 10)
    return;
  progress->last_us = now;
  report = g_new0 (Report, 1);
  report->progress = progress_ref (progress);
  report->status = g_strdup (status);
  report->fraction = CLAMP (fraction, 0.0, 1.0);
  g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT, deliver_report, report,
                              report_free);
}

/* ---- the job ---- */

typedef struct {
  virConnectPtr  conn;
  YadoNewVm     *vm;          /* a copy: the paths are filled in as things are made */
  YadoCloudInit *cloud_init;  /* NULL: no seed */
  gboolean       start;
  GCancellable  *cancellable; /* the caller's, checked between steps */
  Progress      *progress;
  guint          step;        /* 1-based, of n_steps */
  guint          n_steps;
  char          *status;      /* the current step's text */
  virStoragePoolPtr pool;     /* where the disk, the seed and the kernel go */
  /* What the job made, undone on failure (newest last) */
  GPtrArray     *made;        /* virStorageVolPtr */
  GPtrArray     *boot_files;  /* the kernel and initrd (also in made) */
  GPtrArray     *local_files; /* files kept here where the host takes no upload */
  GPtrArray     *boot_local;  /* the kernel and initrd among them */
  gboolean       remote;
  virDomainPtr   dom;
  gboolean       started;
  /* For begin_install */
  char          *uuid;
} InstallJob;

typedef struct {
  char    *uuid;
  gboolean watch;   /* the installer's reboot ends it: start it again */
} InstallResult;

static void
install_result_free (gpointer data)
{
  InstallResult *result = data;

  g_free (result->uuid);
  g_free (result);
}

static void
volume_free (gpointer volume)
{
  virStorageVolFree (volume);
}

static void
install_job_free (gpointer data)
{
  InstallJob *job = data;

  g_ptr_array_unref (job->boot_files);
  g_ptr_array_unref (job->local_files);
  g_ptr_array_unref (job->boot_local);
  g_ptr_array_unref (job->made);
  if (job->dom != NULL)
    virDomainFree (job->dom);
  if (job->pool != NULL)
    virStoragePoolFree (job->pool);
  virConnectClose (job->conn);
  yado_new_vm_free (job->vm);
  yado_cloud_init_free (job->cloud_init);
  g_clear_object (&job->cancellable);
  progress_unref (job->progress);
  g_free (job->status);
  g_free (job->uuid);
  g_free (job);
}

static InstallJob *
install_job_new (virConnectPtr conn, const YadoNewVm *vm)
{
  InstallJob *job = g_new0 (InstallJob, 1);

  job->conn = conn;
  job->vm = yado_new_vm_copy (vm);
  job->made = g_ptr_array_new_with_free_func (volume_free);
  job->boot_files = g_ptr_array_new ();
  job->local_files = g_ptr_array_new_with_free_func (g_free);
  job->boot_local = g_ptr_array_new ();
  return job;
}

static gboolean
set_cancelled (InstallJob *job, GError **error)
{
  if (!g_cancellable_is_cancelled (job->cancellable))
    return FALSE;
  g_clear_error (error);
  g_set_error_literal (error, YADO_ERROR, YADO_ERROR_CANCELLED, _("Cancelled"));
  return TRUE;
}

/* Starts the next step: says what it does, unless the user cancelled. */
static gboolean
begin_step (InstallJob *job, const char *what, GError **error)
{
  if (set_cancelled (job, error))
    return FALSE;
  job->step++;
  g_free (job->status);
  /* TRANSLATORS: "Creating the disk… (1 of 4)" */
  job->status = g_strdup_printf (_("%s (%u of %u)"), what, job->step, job->n_steps);
  progress_report (job->progress, job->status, (double) (job->step - 1) / job->n_steps, TRUE);
  return TRUE;
}

/* Within the current step: @part of it done. */
static void
step_progress (InstallJob *job, double part)
{
  progress_report (job->progress, job->status, (job->step - 1 + part) / job->n_steps, FALSE);
}

/* ---- volumes ---- */

static gboolean
is_copy_of_image (const YadoNewVm *vm)
{
  return vm->disk == YADO_DISK_NEW && is_set (vm->media_path) &&
         (vm->method == YADO_INSTALL_CLOUD_IMAGE || vm->method == YADO_INSTALL_IMPORT);
}

static gboolean
needs_seed (InstallJob *job)
{
  /* Only a cloud image reads a NoCloud seed (the XML attaches it then). */
  return job->cloud_init != NULL && job->vm->method == YADO_INSTALL_CLOUD_IMAGE;
}

/* A kernel or initrd given as a URL is fetched; a path is the host's. */
static gboolean
is_url (const char *text)
{
  g_autofree char *scheme = is_set (text) ? g_uri_parse_scheme (text) : NULL;

  return scheme != NULL;
}

static gboolean
needs_boot_files (const YadoNewVm *vm)
{
  return vm->method == YADO_INSTALL_URL && (is_url (vm->kernel_path) || is_url (vm->initrd_path));
}

/* The pool the new volumes go to: the disk's, else the one of the chosen
 * disk's volume, else "default". */
static virStoragePoolPtr
get_pool (InstallJob *job, GError **error)
{
  const char *name = job->vm->disk_pool;
  virStorageVolPtr volume;

  if (job->pool != NULL)
    return job->pool;
  if (!is_set (name) && is_set (job->vm->disk_path) &&
      (volume = virStorageVolLookupByPath (job->conn, job->vm->disk_path)) != NULL)
    {
      job->pool = virStoragePoolLookupByVolume (volume);
      virStorageVolFree (volume);
      if (job->pool != NULL)
        return job->pool;
    }
  virResetLastError ();
  if (!is_set (name))
    name = "default";
  job->pool = virStoragePoolLookupByName (job->conn, name);
  if (job->pool == NULL)
    yado_error_set_from_libvirt (error, _("Could not find the storage pool “%s”"), name);
  return job->pool;
}

/* NAME.EXT, else NAME-1.EXT, NAME-2.EXT...: a volume left behind by a
 * VM deleted without its disks must not be taken over. */
static char *
free_volume_name (virStoragePoolPtr pool, const char *base, const char *ext)
{
  for (guint i = 0; ; i++)
    {
      g_autofree char *name = i == 0 ? g_strdup_printf ("%s%s", base, ext)
                                     : g_strdup_printf ("%s-%u%s", base, i, ext);
      virStorageVolPtr volume = virStorageVolLookupByName (pool, name);

      if (volume == NULL)
        {
          virResetLastError ();
          return g_steal_pointer (&name);
        }
      virStorageVolFree (volume);
    }
}

static char *
volume_path (virStorageVolPtr volume, GError **error)
{
  char *path = virStorageVolGetPath (volume);
  char *copy;

  if (path == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read the path of the volume “%s”"),
                                   virStorageVolGetName (volume));
      return NULL;
    }
  copy = g_strdup (path);
  free (path);
  return copy;
}

/* Keeps @volume for the undo. */
static virStorageVolPtr
keep (InstallJob *job, virStorageVolPtr volume)
{
  g_ptr_array_add (job->made, volume);
  return volume;
}

static virStorageVolPtr
create_volume (InstallJob *job, const char *name, guint64 capacity, const char *format,
               GError **error)
{
  g_autofree char *xml = yado_storage_volume_xml_new (name, capacity, format);
  virStorageVolPtr volume = virStorageVolCreateXML (job->pool, xml, 0);

  if (volume == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not create the volume “%s” in “%s”"),
                                   name, virStoragePoolGetName (job->pool));
      return NULL;
    }
  return keep (job, volume);
}

static void
set_io_error (InstallJob *job, GError **error, GError *local, const char *context)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) || set_cancelled (job, error))
    {
      g_clear_error (error);
      g_set_error_literal (error, YADO_ERROR, YADO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }
  g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED, "%s: %s", context, local->message);
}

/* Sends @size bytes of @input to @volume. */
static gboolean
upload (InstallJob *job, virStorageVolPtr volume, GInputStream *input, guint64 size,
        GError **error)
{
  const char *name = virStorageVolGetName (volume);
  virStreamPtr stream = virStreamNew (job->conn, 0);
  g_autofree char *buffer = g_malloc (CHUNK_SIZE);
  guint64 sent = 0;

  if (stream == NULL || virStorageVolUpload (volume, stream, 0, size, 0) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not upload to the volume “%s”"), name);
      if (stream != NULL)
        virStreamFree (stream);
      return FALSE;
    }
  while (sent < size)
    {
      g_autoptr(GError) local = NULL;
      gssize n = g_input_stream_read (input, buffer, MIN (CHUNK_SIZE, size - sent),
                                      job->cancellable, &local);

      if (n <= 0)
        {
          if (n == 0)
            g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED,
                         _("Could not upload to the volume “%s”: the file ended early"), name);
          else
            set_io_error (job, error, local, _("Could not read what to upload"));
          virStreamAbort (stream);
          virStreamFree (stream);
          return FALSE;
        }
      for (gssize done = 0; done < n; )
        {
          int written = virStreamSend (stream, buffer + done, n - done);

          if (written < 0)
            {
              yado_error_set_from_libvirt (error, _("Could not upload to the volume “%s”"),
                                           name);
              virStreamAbort (stream);
              virStreamFree (stream);
              return FALSE;
            }
          done += written;
        }
      sent += n;
      step_progress (job, (double) sent / size);
    }
  if (virStreamFinish (stream) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not upload to the volume “%s”"), name);
      virStreamFree (stream);
      return FALSE;
    }
  virStreamFree (stream);
  return TRUE;
}

/* Where a local host that takes no upload (libvirt's test driver, behind
 * the demo host) gets the seed and the kernel: files of the user's, which
 * a local hypervisor reads as it reads an ISO the user picked. */
static char *
keep_locally (InstallJob *job, const char *path, const char *base, const char *ext,
              GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "yado", "new-vm", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) target = NULL;
  g_autofree char *name = NULL;
  char *kept;

  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }
  for (guint i = 0; ; i++)
    {
      g_free (name);
      name = i == 0 ? g_strdup_printf ("%s%s", base, ext)
                    : g_strdup_printf ("%s-%u%s", base, i, ext);
      kept = g_build_filename (dir, name, NULL);
      if (!g_file_test (kept, G_FILE_TEST_EXISTS))
        break;
      g_free (kept);
    }
  target = g_file_new_for_path (kept);
  if (!g_file_copy (source, target, G_FILE_COPY_NONE, job->cancellable, NULL, NULL, error))
    {
      g_free (kept);
      return NULL;
    }
  g_ptr_array_add (job->local_files, kept);
  return g_strdup (kept);
}

/* Undoes the last volume's creation (it is the newest in made). */
static void
drop_last_volume (InstallJob *job)
{
  virStorageVolPtr volume = g_ptr_array_index (job->made, job->made->len - 1);

  if (virStorageVolDelete (volume, 0) < 0)
    virResetLastError ();
  g_ptr_array_remove_index (job->made, job->made->len - 1);
}

/* A new raw volume of the pool with the bytes of local file @path; the
 * result is its path on the host. */
static char *
upload_file (InstallJob *job, const char *path, const char *base, const char *ext,
             GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  virStorageVolPtr volume;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            job->cancellable, error);
  if (info == NULL || (input = g_file_read (file, job->cancellable, error)) == NULL)
    return NULL;
  name = free_volume_name (job->pool, base, ext);
  volume = create_volume (job, name, g_file_info_get_size (info), "raw", error);
  if (volume == NULL)
    return NULL;
  if (upload (job, volume, G_INPUT_STREAM (input), g_file_info_get_size (info), &local_error))
    return volume_path (volume, error);
  if (!job->remote && g_error_matches (local_error, YADO_ERROR, YADO_ERROR_NOT_SUPPORTED))
    {
      drop_last_volume (job);
      return keep_locally (job, path, base, ext, error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* ---- step: the disk ---- */

static gboolean
create_disk (InstallJob *job, GError **error)
{
  YadoNewVm *vm = job->vm;
  g_autofree char *name = yado_new_vm_disk_volume_name (vm);
  const char *ext = strrchr (name, '.');
  g_autofree char *base = g_strndup (name, ext - name);
  g_autofree char *free_name = free_volume_name (job->pool, base, ext);
  virStorageVolPtr volume;

  volume = create_volume (job, free_name, vm->disk_size_gib * GIB,
                          is_set (vm->disk_format) ? vm->disk_format : "qcow2", error);
  if (volume == NULL)
    return FALSE;
  g_free (vm->disk_path);
  vm->disk_path = volume_path (volume, error);
  return vm->disk_path != NULL;
}

typedef struct {
  const char *format;   /* "qcow2" or "raw" */
  guint64     capacity; /* the disk the guest sees */
  guint64     size;     /* bytes of the file */
} ImageInfo;

/* A qcow2 image says so in its first bytes ("QFI\xfb"), with its virtual
 * size at byte 24; anything else is copied as raw. */
static gboolean
read_image_info (const char *path, ImageInfo *image, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, error);
  g_autoptr(GFileInfo) info = NULL;
  guint8 header[32] = { 0 };
  gsize got = 0;

  if (input == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (input), header, sizeof header, &got, NULL, error))
    return FALSE;
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return FALSE;
  image->size = g_file_info_get_size (info);
  image->format = "raw";
  image->capacity = image->size;
  if (got == sizeof header && memcmp (header, "QFI\xfb", 4) == 0)
    {
      guint64 virtual_size;

      memcpy (&virtual_size, header + 24, sizeof virtual_size);
      image->format = "qcow2";
      image->capacity = GUINT64_FROM_BE (virtual_size);
    }
  return TRUE;
}

/* The image is not the host's (a file here): a new volume of its format
 * and size, and its bytes uploaded. */
static virStorageVolPtr
upload_image (InstallJob *job, const char *name_base, GError **error)
{
  const char *path = job->vm->media_path;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autofree char *name = NULL;
  ImageInfo image;
  virStorageVolPtr volume;

  if (!read_image_info (path, &image, error))
    {
      g_prefix_error (error, _("“%s” is not a volume of the host, and cannot be read here: "),
                      path);
      return NULL;
    }
  input = g_file_read (file, job->cancellable, error);
  if (input == NULL)
    return NULL;
  /* The bytes are copied as they are: the volume has the image's format. */
  name = free_volume_name (job->pool, name_base,
                           g_str_equal (image.format, "raw") ? ".img" : ".qcow2");
  volume = create_volume (job, name, image.capacity, image.format, error);
  if (volume == NULL || !upload (job, volume, G_INPUT_STREAM (input), image.size, error))
    return NULL;
  set_string (&job->vm->disk_format, image.format);
  return volume;
}

/* The image is a volume of the host: the host copies it (converting it
 * to the disk's format). */
static virStorageVolPtr
clone_image (InstallJob *job, virStorageVolPtr source, const char *name_base, guint64 capacity,
             GError **error)
{
  const char *format = is_set (job->vm->disk_format) ? job->vm->disk_format : "qcow2";
  g_autofree char *name = free_volume_name (job->pool, name_base,
                                            g_str_equal (format, "raw") ? ".img" : ".qcow2");
  g_autofree char *xml = NULL;
  virStorageVolInfo info;
  virStorageVolPtr volume;

  /* A copy cannot be smaller than its image. */
  if (virStorageVolGetInfo (source, &info) == 0)
    capacity = MAX (capacity, info.capacity);
  xml = yado_storage_volume_xml_new (name, capacity, format);
  volume = virStorageVolCreateXMLFrom (job->pool, xml, source, 0);
  if (volume == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not copy “%s” to the volume “%s”"),
                                   job->vm->media_path, name);
      return NULL;
    }
  set_string (&job->vm->disk_format, format);
  return keep (job, volume);
}

static gboolean
grow (virStorageVolPtr volume, guint64 capacity, GError **error)
{
  virStorageVolInfo info;

  if (virStorageVolGetInfo (volume, &info) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not read the size of the volume “%s”"),
                                   virStorageVolGetName (volume));
      return FALSE;
    }
  if (info.capacity >= capacity)
    return TRUE;
  if (virStorageVolResize (volume, capacity, 0) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not grow the volume “%s” to %llu GiB"),
                                   virStorageVolGetName (volume),
                                   (unsigned long long) (capacity / GIB));
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_image (InstallJob *job, GError **error)
{
  YadoNewVm *vm = job->vm;
  guint64 capacity = vm->disk_size_gib * GIB;
  virStorageVolPtr source = virStorageVolLookupByPath (job->conn, vm->media_path);
  virStorageVolPtr volume;

  if (source == NULL)
    {
      virResetLastError ();
      volume = upload_image (job, vm->name, error);
    }
  else
    {
      volume = clone_image (job, source, vm->name, capacity, error);
      virStorageVolFree (source);
    }
  if (volume == NULL || !grow (volume, capacity, error))
    return FALSE;
  g_free (vm->disk_path);
  vm->disk_path = volume_path (volume, error);
  return vm->disk_path != NULL;
}

/* ---- step: the cloud-init seed ---- */

static gboolean
upload_seed (InstallJob *job, GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("yado-seed-XXXXXX", error);
  g_autofree char *iso = NULL;
  g_autofree char *instance_id = NULL;
  g_autofree char *random = NULL;
  g_autofree char *base = NULL;
  char *path = NULL;

  if (dir == NULL)
    return FALSE;
  iso = g_build_filename (dir, "seed.iso", NULL);
  /* A new id each time: cloud-init runs again for a new instance. */
  random = g_uuid_string_random ();
  instance_id = g_strdup_printf ("yado-%s", random);
  base = g_strdup_printf ("%s-seed", job->vm->name);
  if (yado_cloud_init_write_seed (job->cloud_init, instance_id, iso, error))
    path = upload_file (job, iso, base, ".iso", error);
  g_unlink (iso);
  g_rmdir (dir);
  if (path == NULL)
    return FALSE;
  g_free (job->vm->seed_path);
  job->vm->seed_path = path;
  return TRUE;
}

/* ---- step: a network install's kernel and initrd ---- */

/* HTTP(S) with libsoup (GIO has none without gvfs); other URLs with GIO
 * (file://, and with gvfs FTP and more). Sets @size to the length when
 * the server says it, else -1. */
static GInputStream *
open_url (InstallJob *job, const char *url, goffset *size, GError **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);

  *size = -1;
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      GInputStream *input;
      guint status;

      if (message == NULL)
        {
          g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                       _("“%s” is not a valid URL"), url);
          return NULL;
        }
      input = soup_session_send (session, message, job->cancellable, error);
      if (input == NULL)
        return NULL;
      status = soup_message_get_status (message);
      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED, _("the server answered %u %s"),
                       status, soup_message_get_reason_phrase (message));
          g_object_unref (input);
          return NULL;
        }
      *size = soup_message_headers_get_content_length (soup_message_get_response_headers (message));
      if (*size == 0)
        *size = -1;
      /* The stream reads through the session: keep it alive with it. */
      g_object_set_data_full (G_OBJECT (input), "yado-session", g_object_ref (session),
                              g_object_unref);
      return input;
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);

      return G_INPUT_STREAM (g_file_read (file, job->cancellable, error));
    }
}

/* Downloads @url into a temporary file here; the result is its path. */
static char *
download (InstallJob *job, const char *url, GError **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *buffer = NULL;
  g_autofree char *path = NULL;
  GOutputStream *output;
  goffset size;
  guint64 got = 0;

  input = open_url (job, url, &size, error);
  if (input == NULL)
    return NULL;
  file = g_file_new_tmp ("yado-boot-XXXXXX", &io, error);
  if (file == NULL)
    return NULL;
  path = g_file_get_path (file);
  output = g_io_stream_get_output_stream (G_IO_STREAM (io));
  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (input, buffer, CHUNK_SIZE, job->cancellable, error);

      if (n < 0 || (n > 0 && !g_output_stream_write_all (output, buffer, n, NULL,
                                                         job->cancellable, error)))
        {
          g_unlink (path);
          return NULL;
        }
      if (n == 0)
        break;
      got += n;
      /* Half of the step is the download, half the upload. */
      if (size > 0)
        step_progress (job, 0.5 * got / size);
    }
  if (!g_io_stream_close (G_IO_STREAM (io), NULL, error))
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static gboolean
fetch_boot_file (InstallJob *job, char **field, const char *suffix, GError **error)
{
  g_autofree char *local = NULL;
  g_autofree char *base = g_strdup_printf ("%s-%s", job->vm->name, suffix);
  g_autoptr(GError) local_error = NULL;
  guint made = job->made->len;
  guint kept = job->local_files->len;
  char *path;

  if (!is_url (*field))
    return TRUE;
  local = download (job, *field, &local_error);
  if (local == NULL)
    {
      g_autofree char *context = g_strdup_printf (_("Could not download “%s”"), *field);

      set_io_error (job, error, local_error, context);
      return FALSE;
    }
  path = upload_file (job, local, base, "", error);
  g_unlink (local);
  if (job->made->len > made)
    g_ptr_array_add (job->boot_files, g_ptr_array_index (job->made, job->made->len - 1));
  if (job->local_files->len > kept)
    g_ptr_array_add (job->boot_local, g_ptr_array_index (job->local_files, kept));
  if (path == NULL)
    return FALSE;
  g_free (*field);
  *field = path;
  return TRUE;
}

/* QEMU reads the kernel and initrd when it starts: then they can go. */
static void
delete_boot_files (InstallJob *job)
{
  for (guint i = 0; i < job->boot_files->len; i++)
    if (virStorageVolDelete (g_ptr_array_index (job->boot_files, i), 0) < 0)
      {
        g_debug ("Could not delete %s: %s",
                 virStorageVolGetName (g_ptr_array_index (job->boot_files, i)),
                 virGetLastErrorMessage ());
        virResetLastError ();
      }
  for (guint i = 0; i < job->boot_local->len; i++)
    g_unlink (g_ptr_array_index (job->boot_local, i));
}

/* ---- step: the definitions ---- */

static gboolean
has_install_reboot (const char *xml)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);
  g_autofree char *on_reboot = doc ? yado_xml_get_string (doc, "/domain/on_reboot") : NULL;

  return g_strcmp0 (on_reboot, "destroy") == 0;
}

/* What the FINAL definition needs that only this job knows. */
static void
remember_paths (InstallJob *job)
{
  const YadoNewVm *vm = job->vm;
  xmlNodePtr node = xmlNewNode (NULL, BAD_CAST "install");
  xmlBufferPtr buffer = xmlBufferCreate ();
  const char *names[] = { "disk", "disk-format", "seed", "kernel", "initrd" };
  const char *values[] = { vm->disk_path, vm->disk_format, vm->seed_path, vm->kernel_path,
                           vm->initrd_path };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (is_set (values[i]))
      xmlSetProp (node, BAD_CAST names[i], BAD_CAST values[i]);
  xmlNodeDump (buffer, NULL, node, 0, 0);
  /* Not needed when the VM starts now; without it, begin_install uses
   * the wizard's paths. */
  if (virDomainSetMetadata (job->dom, VIR_DOMAIN_METADATA_ELEMENT,
                            (const char *) xmlBufferContent (buffer), INSTALL_PREFIX, INSTALL_NS,
                            VIR_DOMAIN_AFFECT_CONFIG) < 0)
    {
      g_debug ("Could not keep the install paths: %s", virGetLastErrorMessage ());
      virResetLastError ();
    }
  xmlBufferFree (buffer);
  xmlFreeNode (node);
}

static gboolean
define_install (InstallJob *job, char **install_xml, GError **error)
{
  YadoNewVm *vm = job->vm;
  char uuid[VIR_UUID_STRING_BUFLEN];

  *install_xml = yado_new_vm_build_xml (vm, YADO_NEW_VM_PHASE_INSTALL, error);
  if (*install_xml == NULL)
    return FALSE;
  job->dom = virDomainDefineXMLFlags (job->conn, *install_xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (job->dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not define the VM “%s”"), vm->name);
      return FALSE;
    }
  /* The FINAL definition must keep the UUID libvirt gave it. */
  if (virDomainGetUUIDString (job->dom, uuid) == 0)
    set_string (&vm->uuid, uuid);
  if (!job->start)
    remember_paths (job);
  return TRUE;
}

static gboolean
start_domain (InstallJob *job, GError **error)
{
  if (virDomainCreate (job->dom) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not start the VM “%s”"), job->vm->name);
      return FALSE;
    }
  job->started = TRUE;
  return TRUE;
}

static gboolean
define_final (InstallJob *job, const char *xml, GError **error)
{
  virDomainPtr dom = virDomainDefineXMLFlags (job->conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (
        error, _("Could not save the definition of “%s” for after its install"), job->vm->name);
      return FALSE;
    }
  virDomainFree (dom);
  return TRUE;
}

/* ---- undo ---- */

static gboolean
flags_refused (void)
{
  virErrorPtr err = virGetLastError ();

  return err != NULL && (err->code == VIR_ERR_INVALID_ARG || err->code == VIR_ERR_NO_SUPPORT);
}

/* With its NVRAM (a UEFI VM that started has one); drivers that do not
 * know the flag (the test driver) get fewer flags. */
static gboolean
undefine (virDomainPtr dom)
{
  const unsigned int all = VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;

  if (virDomainUndefineFlags (dom, all) == 0)
    return TRUE;
  if (!flags_refused ())
    return FALSE;
  if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE) == 0)
    return TRUE;
  return flags_refused () && virDomainUndefine (dom) == 0;
}

/* Adds " WHAT: libvirt's reason." to @left; takes @what. */
static void
note_left (GString *left, char *what)
{
  g_string_append_printf (left, " %s: %s.", what, virGetLastErrorMessage ());
  g_free (what);
  virResetLastError ();
}

/* Removes what the job made, newest first; says in @error what stays. */
static void
undo (InstallJob *job, GError **error)
{
  g_autoptr(GString) left = g_string_new (NULL);

  if (job->dom != NULL)
    {
      if (job->started && virDomainDestroy (job->dom) < 0)
        note_left (left, g_strdup_printf (_("“%s” could not be stopped"), job->vm->name));
      if (!undefine (job->dom))
        note_left (left, g_strdup_printf (_("“%s” could not be removed"), job->vm->name));
    }
  for (guint i = job->made->len; i > 0; i--)
    {
      virStorageVolPtr volume = g_ptr_array_index (job->made, i - 1);

      if (virStorageVolDelete (volume, 0) < 0)
        note_left (left, g_strdup_printf (_("The volume “%s” could not be deleted"),
                                          virStorageVolGetName (volume)));
    }
  for (guint i = 0; i < job->local_files->len; i++)
    {
      g_unlink (g_ptr_array_index (job->local_files, i));
    }
  if (left->len > 0 && error != NULL && *error != NULL)
    {
      char *message = g_strconcat ((*error)->message, left->str, NULL);

      g_free ((*error)->message);
      (*error)->message = message;
    }
}

/* ---- making the VM ---- */

static guint
count_steps (InstallJob *job)
{
  const YadoNewVm *vm = job->vm;
  guint steps = 1;   /* the definition */

  if (vm->disk == YADO_DISK_NEW)
    steps++;
  if (needs_seed (job))
    steps++;
  if (needs_boot_files (vm))
    steps += is_url (vm->kernel_path) + is_url (vm->initrd_path);
  if (job->start)
    steps++;
  return steps;
}

static gboolean
prepare_storage (InstallJob *job, GError **error)
{
  YadoNewVm *vm = job->vm;
  gboolean needs_pool = vm->disk == YADO_DISK_NEW || needs_seed (job) || needs_boot_files (vm);

  if (needs_pool && get_pool (job, error) == NULL)
    return FALSE;
  if (vm->disk == YADO_DISK_NEW)
    {
      if (is_copy_of_image (vm))
        {
          if (!begin_step (job, _("Copying the image…"), error) || !copy_image (job, error))
            return FALSE;
        }
      else if (!begin_step (job, _("Creating the disk…"), error) || !create_disk (job, error))
        return FALSE;
    }
  if (needs_seed (job) &&
      (!begin_step (job, _("Uploading the cloud-init configuration…"), error) ||
       !upload_seed (job, error)))
    return FALSE;
  if (is_url (vm->kernel_path) &&
      (!begin_step (job, _("Downloading the kernel…"), error) ||
       !fetch_boot_file (job, &vm->kernel_path, "kernel", error)))
    return FALSE;
  if (vm->method == YADO_INSTALL_URL && is_url (vm->initrd_path) &&
      (!begin_step (job, _("Downloading the initrd…"), error) ||
       !fetch_boot_file (job, &vm->initrd_path, "initrd", error)))
    return FALSE;
  return TRUE;
}

static gboolean
make_vm (InstallJob *job, InstallResult *result, GError **error)
{
  g_autofree char *install_xml = NULL;
  g_autofree char *final_xml = NULL;

  if (!prepare_storage (job, error))
    return FALSE;
  if (!begin_step (job, _("Defining the VM…"), error) ||
      !define_install (job, &install_xml, error))
    return FALSE;
  result->uuid = g_strdup (job->vm->uuid);
  if (!job->start)
    return !set_cancelled (job, error);
  if (!begin_step (job, _("Starting the VM…"), error) || !start_domain (job, error))
    return FALSE;
  final_xml = yado_new_vm_build_xml (job->vm, YADO_NEW_VM_PHASE_FINAL, error);
  if (final_xml == NULL || !define_final (job, final_xml, error))
    return FALSE;
  /* A cancel that came while it started still undoes it all. */
  if (set_cancelled (job, error))
    return FALSE;
  result->watch = has_install_reboot (install_xml);
  delete_boot_files (job);
  return TRUE;
}

static gpointer
create_job_run (gpointer data, GCancellable *unused, GError **error)
{
  InstallJob *job = data;
  InstallResult *result = g_new0 (InstallResult, 1);

  job->n_steps = count_steps (job);
  if (make_vm (job, result, error))
    {
      progress_report (job->progress, _("Done"), 1.0, TRUE);
      return result;
    }
  install_result_free (result);
  undo (job, error);
  return NULL;
}

/* ---- the installer's reboot ---- */

/*
 * Watches the VMs whose install is under way on a connection: when one
 * that was seen running stops because its guest shut down or rebooted
 * (the INSTALL definition ends on reboot), it is started again, once, and
 * now boots its FINAL definition. A VM that stops otherwise (forced off
 * by the user, crashed) is left off: the user ended the install.
 *
 * It lives in the connection (g_object_set_data_full) while Yado runs. A
 * Yado restarted during an install does not restart the VM: the user
 * starts it, and it boots the FINAL definition, already persistent.
 */
typedef struct {
  GHashTable *pending;   /* uuid → GINT_TO_POINTER (seen running) */
} InstallWatch;

#define INSTALL_WATCH_KEY "yado-install-watch"

static void
install_watch_free (gpointer data)
{
  InstallWatch *watch = data;

  /* Only at the connection's finalization, whose handlers are gone by
   * then: nothing to disconnect. */
  g_hash_table_unref (watch->pending);
  g_free (watch);
}

static void
on_restarted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yado_domain_lifecycle_finish (YADO_DOMAIN (source), result, &error))
    g_warning ("Could not start “%s” after its install: %s",
               yado_domain_get_name (YADO_DOMAIN (source)), error->message);
}

static void
check_domain (InstallWatch *watch, YadoDomain *domain)
{
  const char *uuid = yado_domain_get_uuid (domain);
  gpointer seen_running;

  if (!g_hash_table_lookup_extended (watch->pending, uuid, NULL, &seen_running))
    return;
  if (yado_domain_is_active (domain))
    {
      g_hash_table_insert (watch->pending, g_strdup (uuid), GINT_TO_POINTER (TRUE));
      return;
    }
  /* A description read before the start still says shut off. */
  if (!GPOINTER_TO_INT (seen_running))
    return;
  g_hash_table_remove (watch->pending, uuid);
  if (yado_domain_get_state (domain) == YADO_DOMAIN_SHUTOFF &&
      yado_domain_get_state_reason (domain) == VIR_DOMAIN_SHUTOFF_SHUTDOWN)
    yado_domain_lifecycle_async (domain, YADO_LIFECYCLE_START, NULL, on_restarted, NULL);
}

static void
on_domain_changed (YadoConnection *connection, YadoDomain *domain, gpointer user_data)
{
  check_domain (g_object_get_data (G_OBJECT (connection), INSTALL_WATCH_KEY), domain);
}

static void
on_domains_changed (GListModel *domains, guint position, guint removed, guint added,
                    YadoConnection *connection)
{
  InstallWatch *watch = g_object_get_data (G_OBJECT (connection), INSTALL_WATCH_KEY);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(YadoDomain) domain = g_list_model_get_item (domains, i);

      check_domain (watch, domain);
    }
}

static void
watch_install (YadoConnection *connection, const char *uuid)
{
  InstallWatch *watch = g_object_get_data (G_OBJECT (connection), INSTALL_WATCH_KEY);
  YadoDomain *domain;

  if (watch == NULL)
    {
      watch = g_new0 (InstallWatch, 1);
      watch->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_data_full (G_OBJECT (connection), INSTALL_WATCH_KEY, watch,
                              install_watch_free);
      g_signal_connect (connection, "domain-changed", G_CALLBACK (on_domain_changed), NULL);
      /* Disconnected when the connection goes, if the list stays. */
      g_signal_connect_object (yado_connection_get_domains (connection), "items-changed",
                               G_CALLBACK (on_domains_changed), connection, 0);
    }
  g_hash_table_insert (watch->pending, g_strdup (uuid), GINT_TO_POINTER (FALSE));
  domain = yado_connection_lookup_domain (connection, uuid);
  if (domain != NULL)
    check_domain (watch, domain);
  /* Read it now: the list may not have it yet, or not running. */
  _yado_connection_refresh_domain (connection, uuid);
}

/* ---- the public calls ---- */

static void
on_create_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  YadoConnection *connection = YADO_CONNECTION (source);
  Progress *progress = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  InstallResult *install = g_task_propagate_pointer (G_TASK (result), &error);

  progress->done = TRUE;
  if (install == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (install->watch)
    watch_install (connection, install->uuid);
  else
    _yado_connection_refresh_domain (connection, install->uuid);
  g_task_return_pointer (outer, g_steal_pointer (&install->uuid), g_free);
  install_result_free (install);
}

static gboolean
submit_install (YadoConnection *connection, GTask *outer, InstallJob *job, YadoJobFunc func,
                GAsyncReadyCallback done)
{
  /* The worker's task has no cancellable: a cancel is the job's to
   * handle (it undoes what it made), and the caller hears of it once that
   * is done. No time-out either: an upload takes what it takes, and a job
   * that timed out would go on making the VM with nobody to hear. */
  GTask *inner = g_task_new (connection, NULL, done, g_object_ref (outer));

  g_task_set_source_tag (inner, g_task_get_source_tag (outer));
  yado_worker_submit (yado_connection_get_ops_worker (connection), inner, func, job,
                      install_job_free, install_result_free, 0);
  g_object_unref (inner);
  return TRUE;
}

void
yado_connection_create_vm_async (YadoConnection *connection, const YadoNewVm *vm,
                                 const YadoCloudInit *cloud_init, gboolean start,
                                 YadoNewVmProgress progress, gpointer progress_data,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);
  virConnectPtr conn = yado_connection_ref_handle (connection);
  InstallJob *job;

  g_task_set_source_tag (task, yado_connection_create_vm_async);
  /* The job's own cancelled error, not GIO's. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, progress_new (progress, progress_data),
                        (GDestroyNotify) progress_unref);
  if (conn == NULL)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("Could not create “%s”: the connection is not open"),
                               vm->name);
      return;
    }
  job = install_job_new (conn, vm);
  job->cloud_init = yado_cloud_init_copy (cloud_init);
  job->start = start;
  job->remote = yado_connection_is_remote (connection);
  job->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  job->progress = progress_ref (g_task_get_task_data (task));
  submit_install (connection, task, job, create_job_run, on_create_done);
}

char *
yado_connection_create_vm_finish (YadoConnection *connection, GAsyncResult *result,
                                  GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- begin install (after "customize before install") ---- */

static gboolean
xml_equal_attr (xmlNodePtr a, xmlNodePtr b, const char *name)
{
  xmlChar *x = a ? xmlGetProp (a, BAD_CAST name) : NULL;
  xmlChar *y = b ? xmlGetProp (b, BAD_CAST name) : NULL;
  gboolean equal = g_strcmp0 ((char *) x, (char *) y) == 0;

  xmlFree (x);
  xmlFree (y);
  return equal;
}

static xmlNodePtr
first_child_element (xmlNodePtr node)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

static gboolean
same_source (xmlNodePtr a, xmlNodePtr b)
{
  xmlNodePtr x = yado_xml_child (a, "source");
  xmlNodePtr y = yado_xml_child (b, "source");

  return xml_equal_attr (x, y, "file") && xml_equal_attr (x, y, "dev") &&
         xml_equal_attr (x, y, "pool") && xml_equal_attr (x, y, "volume");
}

static gboolean
same_boot (xmlNodePtr a, xmlNodePtr b)
{
  return xml_equal_attr (yado_xml_child (a, "boot"), yado_xml_child (b, "boot"), "order");
}

/* The disk of @doc's devices whose target is @disk's. */
static xmlNodePtr
matching_disk (xmlDocPtr doc, xmlNodePtr disk)
{
  xmlNodePtr devices = yado_xml_child (xmlDocGetRootElement (doc), "devices");

  for (xmlNodePtr other = devices ? devices->children : NULL; other; other = other->next)
    if (other->type == XML_ELEMENT_NODE && xmlStrEqual (other->name, BAD_CAST "disk") &&
        xml_equal_attr (yado_xml_child (other, "target"), yado_xml_child (disk, "target"), "dev"))
      return other;
  return NULL;
}

/* Replaces @node's child @name by a copy of @from's (or removes it). */
static void
take_child (xmlNodePtr node, xmlNodePtr from, const char *name)
{
  xmlNodePtr old = yado_xml_child (node, name);
  xmlNodePtr new = yado_xml_child (from, name);

  if (new != NULL)
    new = xmlDocCopyNode (new, node->doc, 1);
  if (old != NULL && new != NULL)
    {
      xmlReplaceNode (old, new);
      xmlFreeNode (old);
    }
  else if (old != NULL)
    {
      xmlUnlinkNode (old);
      xmlFreeNode (old);
    }
  else if (new != NULL)
    xmlAddChild (node, new);
}

/* The paths begin_install needed are of no use after it. */
static void
forget_paths (xmlNodePtr root)
{
  xmlNodePtr metadata = yado_xml_child (root, "metadata");
  xmlNodePtr next;

  for (xmlNodePtr node = metadata ? metadata->children : NULL; node; node = next)
    {
      next = node->next;
      if (node->type == XML_ELEMENT_NODE && node->ns != NULL &&
          xmlStrEqual (node->ns->href, BAD_CAST INSTALL_NS))
        {
          xmlUnlinkNode (node);
          xmlFreeNode (node);
        }
    }
  if (metadata != NULL && first_child_element (metadata) == NULL)
    {
      xmlUnlinkNode (metadata);
      xmlFreeNode (metadata);
    }
}

/* Whether every boot order of @current is the INSTALL definition's: the
 * user changed none while customizing. */
static gboolean
boot_orders_untouched (xmlDocPtr current, xmlDocPtr install)
{
  xmlNodePtr devices = yado_xml_child (xmlDocGetRootElement (current), "devices");

  for (xmlNodePtr device = devices ? devices->children : NULL; device; device = device->next)
    {
      xmlNodePtr other;

      if (device->type != XML_ELEMENT_NODE || yado_xml_child (device, "boot") == NULL)
        continue;
      if (!xmlStrEqual (device->name, BAD_CAST "disk") ||
          (other = matching_disk (install, device)) == NULL || !same_boot (device, other))
        return FALSE;
    }
  return TRUE;
}

/*
 * The definition for after the install, from the one the user may have
 * customized (@current, read from libvirt): everything as the user left
 * it, but for what the install changes (INSTALL → FINAL, as built from
 * the wizard's description): direct kernel boot, the action on reboot,
 * each disk's medium where it is still the install's, and the boot order
 * if the user did not change it.
 */
static char *
final_from_current (const char *current, const char *install, const char *final)
{
  xmlDocPtr cur = xmlReadMemory (current, strlen (current), NULL, NULL, XML_PARSE_NONET);
  xmlDocPtr ins = xmlReadMemory (install, strlen (install), NULL, NULL, XML_PARSE_NONET);
  xmlDocPtr fin = xmlReadMemory (final, strlen (final), NULL, NULL, XML_PARSE_NONET);
  char *result = NULL;

  if (cur != NULL && ins != NULL && fin != NULL)
    {
      xmlNodePtr root = xmlDocGetRootElement (cur);
      xmlNodePtr devices = yado_xml_child (root, "devices");
      xmlNodePtr os = yado_xml_child (root, "os");
      xmlNodePtr final_os = yado_xml_child (xmlDocGetRootElement (fin), "os");
      gboolean boot = boot_orders_untouched (cur, ins);
      xmlBufferPtr buffer = xmlBufferCreate ();
      const char *kernel[] = { "kernel", "initrd", "cmdline" };

      for (guint i = 0; os != NULL && i < G_N_ELEMENTS (kernel); i++)
        take_child (os, final_os, kernel[i]);
      take_child (root, xmlDocGetRootElement (fin), "on_reboot");
      forget_paths (root);
      for (xmlNodePtr disk = devices ? devices->children : NULL; disk; disk = disk->next)
        {
          xmlNodePtr was, will;

          if (disk->type != XML_ELEMENT_NODE || !xmlStrEqual (disk->name, BAD_CAST "disk") ||
              (was = matching_disk (ins, disk)) == NULL ||
              (will = matching_disk (fin, disk)) == NULL)
            continue;
          if (same_source (disk, was))
            take_child (disk, will, "source");
          if (boot)
            take_child (disk, will, "boot");
        }
      xmlNodeDump (buffer, cur, root, 0, 1);
      result = g_strdup ((const char *) xmlBufferContent (buffer));
      xmlBufferFree (buffer);
    }
  xmlFreeDoc (cur);
  xmlFreeDoc (ins);
  xmlFreeDoc (fin);
  return result;
}

/* The paths create_vm chose, kept in the definition's metadata. */
static void
recall_paths (InstallJob *job)
{
  char *xml = virDomainGetMetadata (job->dom, VIR_DOMAIN_METADATA_ELEMENT, INSTALL_NS,
                                    VIR_DOMAIN_AFFECT_CONFIG);
  g_autoptr(YadoXml) doc = xml ? yado_xml_parse (xml) : NULL;
  YadoNewVm *vm = job->vm;
  struct { const char *name; char **field; } paths[] = {
    { "disk", &vm->disk_path }, { "disk-format", &vm->disk_format },
    { "seed", &vm->seed_path }, { "kernel", &vm->kernel_path }, { "initrd", &vm->initrd_path },
  };

  virResetLastError ();
  free (xml);
  for (guint i = 0; doc != NULL && i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *xpath = g_strdup_printf ("/install/@%s", paths[i].name);
      g_autofree char *value = yado_xml_get_string (doc, xpath);

      if (value != NULL)
        set_string (paths[i].field, value);
    }
  /* The disk exists now: the XML names it by its path. */
  if (vm->disk == YADO_DISK_NEW && is_set (vm->disk_path))
    vm->disk = YADO_DISK_EXISTING;
}

static void
find_boot_files (InstallJob *job)
{
  const char *paths[] = { job->vm->kernel_path, job->vm->initrd_path };
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "yado", "new-vm", NULL);
  g_autofree char *cache = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      virStorageVolPtr volume = is_set (paths[i]) && !is_url (paths[i])
                                ? virStorageVolLookupByPath (job->conn, paths[i]) : NULL;

      if (volume != NULL)
        {
          g_ptr_array_add (job->made, volume);
          g_ptr_array_add (job->boot_files, volume);
        }
      else if (is_set (paths[i]) && g_str_has_prefix (paths[i], cache))
        {
          g_ptr_array_add (job->local_files, g_strdup (paths[i]));
          g_ptr_array_add (job->boot_local, g_ptr_array_index (job->local_files,
                                                               job->local_files->len - 1));
        }
      virResetLastError ();
    }
}

static char *
read_definition (InstallJob *job, GError **error)
{
  char *xml = virDomainGetXMLDesc (job->dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  char *copy;

  if (xml == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read the definition of “%s”"),
                                   job->vm->name);
      return NULL;
    }
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

static gboolean
begin_install (InstallJob *job, InstallResult *result, GError **error)
{
  g_autofree char *current = NULL;
  g_autofree char *install = NULL;
  g_autofree char *final = NULL;
  g_autofree char *merged = NULL;

  job->dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  if (job->dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not find “%s”"), job->vm->name);
      return FALSE;
    }
  /* The user may have renamed it while customizing. */
  set_string (&job->vm->name, virDomainGetName (job->dom));
  set_string (&job->vm->uuid, job->uuid);
  recall_paths (job);
  find_boot_files (job);
  current = read_definition (job, error);
  if (current == NULL ||
      (install = yado_new_vm_build_xml (job->vm, YADO_NEW_VM_PHASE_INSTALL, error)) == NULL ||
      (final = yado_new_vm_build_xml (job->vm, YADO_NEW_VM_PHASE_FINAL, error)) == NULL)
    return FALSE;
  merged = final_from_current (current, install, final);
  if (merged == NULL)
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED,
                   _("Could not read the definition of “%s”"), job->vm->name);
      return FALSE;
    }
  if (!start_domain (job, error))
    return FALSE;
  if (!define_final (job, merged, error))
    {
      /* Stopped again: "Begin installation" can be tried once more. */
      if (virDomainDestroy (job->dom) < 0)
        virResetLastError ();
      return FALSE;
    }
  result->uuid = g_strdup (job->uuid);
  result->watch = has_install_reboot (current);
  delete_boot_files (job);
  return TRUE;
}

static gpointer
begin_job_run (gpointer data, GCancellable *unused, GError **error)
{
  InstallJob *job = data;
  InstallResult *result = g_new0 (InstallResult, 1);

  if (begin_install (job, result, error))
    return result;
  install_result_free (result);
  return NULL;
}

static void
on_begin_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  YadoDomain *domain = g_task_get_source_object (outer);
  YadoConnection *connection = yado_domain_get_connection (domain);
  g_autoptr(GError) error = NULL;
  InstallResult *install = g_task_propagate_pointer (G_TASK (result), &error);

  if (install == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (connection != NULL && install->watch)
    watch_install (connection, install->uuid);
  else if (connection != NULL)
    _yado_connection_refresh_domain (connection, install->uuid);
  install_result_free (install);
  g_task_return_boolean (outer, TRUE);
}

void
yado_domain_begin_install_async (YadoDomain *domain, const YadoNewVm *vm,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (domain, cancellable, callback, user_data);
  YadoConnection *connection = yado_domain_get_connection (domain);
  virConnectPtr conn = connection ? yado_connection_ref_handle (connection) : NULL;
  InstallJob *job;

  g_task_set_source_tag (task, yado_domain_begin_install_async);
  /* One start and one define: a cancel does not stop them, and the
   * caller hears how they went. */
  g_task_set_check_cancellable (task, FALSE);
  if (conn == NULL)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("Could not start “%s”: the connection is not open"),
                               yado_domain_get_name (domain));
      return;
    }
  job = install_job_new (conn, vm);
  job->uuid = g_strdup (yado_domain_get_uuid (domain));
  job->cancellable = g_cancellable_new ();
  submit_install (connection, task, job, begin_job_run, on_begin_done);
}

gboolean
yado_domain_begin_install_finish (YadoDomain *domain, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
