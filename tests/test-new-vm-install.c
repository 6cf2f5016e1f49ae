/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Making a new VM on the host (yado-new-vm-install.c), on the test
 * driver's hardware-host.xml (a dir pool "default" holding web-server.qcow2
 * and db.qcow2, the network "default", the VMs web-server and db):
 *
 *  - an ISO install with a new disk, started: the volume exists with its
 *    size and format, the VM runs its INSTALL definition while the FINAL
 *    one is persistent, the progress went through each step; the guest's
 *    reboot ends the install, Yado starts it once with FINAL, and a later
 *    shutdown leaves it off; an install the user forces off stays off;
 *  - a cancel while a step is under way (the kernel's download from a
 *    server that never answers) removes the disk made before it;
 *  - a failure at the definition (the name of a VM that exists) removes
 *    the disk, and leaves that VM and its disk alone;
 *  - a cloud image that is a volume of the host is copied by the host and
 *    grown; its seed, which the test driver takes no upload of, is kept as
 *    a file of the user's (a local host reads it); without xorriso the
 *    seed fails and the copy goes (uploads themselves are checked on a
 *    real daemon in test-live-new-vm.c);
 *  - a network install's kernel and initrd, fetched from a server in the
 *    test, are kept as files the same way, and once begin_install has
 *    started the VM (QEMU has read them), removed;
 *  - "customize before install": a VM made with start FALSE keeps its
 *    INSTALL definition until begin_install starts it, which keeps the
 *    user's changes in the FINAL definition.
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "yado-error.h"
#include "yado-new-vm-install.h"
#include "yado-test-utils.h"
#include "yado-worker.h"
#include "yado-xml.h"

#define WAIT_MS 5000
#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define POOL_DIR "/var/lib/yado-hw/images"
#define ISO "/var/lib/yado-hw/isos/installer.iso"

typedef struct {
  YadoConnection *c;
  virConnectPtr   conn;       /* the connection's own handle: its host */
  GPtrArray      *statuses;   /* the progress reports, "STATUS @ FRACTION" */
  double          last_fraction;
} Fixture;

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");

  f->c = yado_test_open (uri);
  yado_connection_set_stats_interval (f->c, 0);
  f->conn = yado_connection_ref_handle (f->c);
  f->statuses = g_ptr_array_new_with_free_func (g_free);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  virConnectClose (f->conn);
  yado_connection_close (f->c);
  g_object_unref (f->c);
  g_ptr_array_unref (f->statuses);
}

static YadoNewVm *
iso_vm (const char *name)
{
  YadoNewVm *vm = yado_new_vm_new ();

  g_free (vm->name);
  vm->name = g_strdup (name);
  g_free (vm->virt_type);
  vm->virt_type = g_strdup ("test");
  vm->method = YADO_INSTALL_ISO;
  vm->media_path = g_strdup (ISO);
  vm->disk = YADO_DISK_NEW;
  g_free (vm->disk_pool);
  vm->disk_pool = g_strdup ("default");
  vm->disk_size_gib = 10;
  g_free (vm->disk_format);
  vm->disk_format = g_strdup ("qcow2");
  return vm;
}

static void
on_progress (const char *status, double fraction, gpointer data)
{
  Fixture *f = data;

  /* Reports arrive in order, never going back. */
  g_assert_cmpfloat (fraction, >=, f->last_fraction);
  f->last_fraction = fraction;
  g_ptr_array_add (f->statuses, g_strdup_printf ("%s @ %.2f", status, fraction));
}

static char *
create_sync (Fixture *f, const YadoNewVm *vm, const YadoCloudInit *ci, gboolean start,
             GCancellable *cancellable, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  f->last_fraction = 0;
  g_ptr_array_set_size (f->statuses, 0);
  yado_connection_create_vm_async (f->c, vm, ci, start, on_progress, f, cancellable,
                                   yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_connection_create_vm_finish (f->c, result, error);
}

static char *
create_or_fail (Fixture *f, const YadoNewVm *vm, const YadoCloudInit *ci, gboolean start)
{
  g_autoptr(GError) error = NULL;
  char *uuid = create_sync (f, vm, ci, start, NULL, &error);

  if (uuid == NULL)
    g_error ("creating %s failed: %s", vm->name, error->message);
  return uuid;
}

static char *
definition (Fixture *f, const char *uuid, unsigned int flags)
{
  virDomainPtr dom = virDomainLookupByUUIDString (f->conn, uuid);
  char *xml, *copy;

  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, flags);
  copy = g_strdup (xml);
  free (xml);
  virDomainFree (dom);
  return copy;
}

static char *
xpath (const char *xml, const char *path)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  return yado_xml_get_string (doc, path);
}

static gboolean
xml_has (const char *xml, const char *path)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  return yado_xml_has (doc, path);
}

static char *
volumes (Fixture *f)
{
  return yado_test_pool_volume_names (f->conn, "default");
}

static void
assert_volume (Fixture *f, const char *path, guint64 capacity, const char *format)
{
  virStorageVolPtr volume = virStorageVolLookupByPath (f->conn, path);
  virStorageVolInfo info;
  char *xml;
  g_autofree char *kept_format = NULL;

  g_assert_nonnull (volume);
  g_assert_cmpint (virStorageVolGetInfo (volume, &info), ==, 0);
  g_assert_cmpuint (info.capacity, ==, capacity);
  xml = virStorageVolGetXMLDesc (volume, 0);
  kept_format = xpath (xml, "/volume/target/format/@type");
  g_assert_cmpstr (kept_format, ==, format);
  free (xml);
  virStorageVolFree (volume);
}

/* The VM's INSTALL definition: the ISO in the CD-ROM, booted first, and
 * the installer's reboot ends it. */
static void
assert_install_definition (const char *xml, const char *disk)
{
  g_autofree char *on_reboot = xpath (xml, "/domain/on_reboot");
  g_autofree char *cdrom = xpath (xml, "/domain/devices/disk[@device='cdrom']/source/@file");
  g_autofree char *cdrom_boot = xpath (xml, "/domain/devices/disk[@device='cdrom']/boot/@order");
  g_autofree char *disk_source = xpath (xml, "/domain/devices/disk[@device='disk']/source/@file");

  g_assert_cmpstr (on_reboot, ==, "destroy");
  g_assert_cmpstr (cdrom, ==, ISO);
  g_assert_cmpstr (cdrom_boot, ==, "1");
  g_assert_cmpstr (disk_source, ==, disk);
}

/* FINAL: the CD-ROM empty, the disk first, a reboot restarts. */
static void
assert_final_definition (const char *xml, const char *disk)
{
  g_autofree char *on_reboot = xpath (xml, "/domain/on_reboot");
  g_autofree char *disk_source = xpath (xml, "/domain/devices/disk[@device='disk']/source/@file");
  g_autofree char *disk_boot = xpath (xml, "/domain/devices/disk[@device='disk']/boot/@order");

  g_assert_cmpstr (on_reboot, ==, "restart");
  g_assert_true (xml_has (xml, "/domain/devices/disk[@device='cdrom']"));
  g_assert_false (xml_has (xml, "/domain/devices/disk[@device='cdrom']/source"));
  g_assert_cmpstr (disk_source, ==, disk);
  g_assert_cmpstr (disk_boot, ==, "1");
  g_assert_false (xml_has (xml, "/domain/metadata/*[local-name()='install']"));
}

static YadoDomain *
wait_for_domain (Fixture *f, const char *uuid)
{
  yado_test_wait_until (yado_connection_lookup_domain (f->c, uuid) != NULL, WAIT_MS);
  return yado_connection_lookup_domain (f->c, uuid);
}

static void
guest_reboots (Fixture *f, const char *uuid)
{
  virDomainPtr dom = virDomainLookupByUUIDString (f->conn, uuid);

  /* What the guest's own reboot does; the driver applies on_reboot. */
  g_assert_cmpint (virDomainReboot (dom, 0), ==, 0);
  virDomainFree (dom);
}

static int
host_state (Fixture *f, const char *uuid, int *reason)
{
  virDomainPtr dom = virDomainLookupByUUIDString (f->conn, uuid);
  int state = -1;

  g_assert_cmpint (virDomainGetState (dom, &state, reason, 0), ==, 0);
  virDomainFree (dom);
  return state;
}

static void
test_new_disk_started (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = iso_vm ("fresh");
  g_autofree char *uuid = create_or_fail (f, vm, NULL, TRUE);
  g_autofree char *disk = g_strdup (POOL_DIR "/fresh.qcow2");
  g_autofree char *live = definition (f, uuid, 0);
  g_autofree char *persistent = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE);
  g_autofree char *names = volumes (f);
  g_autofree char *steps = NULL;
  YadoDomain *domain;
  int reason;

  /* Each step said, with its share of the whole. */
  g_ptr_array_add (f->statuses, NULL);
  steps = g_strjoinv ("\n", (char **) f->statuses->pdata);
  g_assert_cmpstr (steps, ==,
                   "Creating the disk… (1 of 3) @ 0.00\n"
                   "Defining the VM… (2 of 3) @ 0.33\n"
                   "Starting the VM… (3 of 3) @ 0.67\n"
                   "Done @ 1.00");

  g_assert_cmpstr (names, ==, "db.qcow2,fresh.qcow2,web-server.qcow2");
  assert_volume (f, disk, 10 * GIB, "qcow2");
  g_assert_cmpint (host_state (f, uuid, &reason), ==, VIR_DOMAIN_RUNNING);
  assert_install_definition (live, disk);
  assert_final_definition (persistent, disk);

  /* The installer's reboot: it stops, Yado starts it with FINAL. */
  domain = wait_for_domain (f, uuid);
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  guest_reboots (f, uuid);
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  g_clear_pointer (&live, g_free);
  live = definition (f, uuid, 0);
  assert_final_definition (live, disk);

  /* Once only: a shutdown of the installed guest leaves it off. */
  {
    virDomainPtr dom = virDomainLookupByUUIDString (f->conn, uuid);

    g_assert_cmpint (virDomainShutdown (dom), ==, 0);
    virDomainFree (dom);
  }
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_iterate_for (300);
  g_assert_cmpint (host_state (f, uuid, &reason), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_cmpint (yado_domain_get_state (domain), ==, YADO_DOMAIN_SHUTOFF);
}

/* Forcing the installer off is the user ending the install: no restart. */
static void
test_forced_off_install_stays_off (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = iso_vm ("forced");
  g_autofree char *uuid = create_or_fail (f, vm, NULL, TRUE);
  YadoDomain *domain = wait_for_domain (f, uuid);
  g_autoptr(GError) error = NULL;
  int reason;

  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  g_assert_true (yado_domain_lifecycle_sync (domain, YADO_LIFECYCLE_FORCE_OFF, NULL, &error));
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_iterate_for (300);
  g_assert_cmpint (host_state (f, uuid, &reason), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_cmpint (reason, ==, VIR_DOMAIN_SHUTOFF_DESTROYED);
}

/* ---- cancel while a step is under way ---- */

typedef struct {
  SoupServer *server;
  char       *url;
  guint       requests;
} StallServer;

/* Takes the request and never answers. */
static void
on_request (SoupServer *server, SoupServerMessage *message, const char *path, GHashTable *query,
            gpointer data)
{
  StallServer *stall = data;

  stall->requests++;
  soup_server_message_pause (message);
}

static void
stall_server_start (StallServer *stall)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  stall->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (stall->server, NULL, on_request, stall, NULL);
  g_assert_true (soup_server_listen_local (stall->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (stall->server);
  stall->url = g_strdup_printf ("http://127.0.0.1:%d/tree/vmlinuz", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static gboolean
saw_status (Fixture *f, const char *prefix)
{
  for (guint i = 0; i < f->statuses->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (f->statuses, i), prefix))
      return TRUE;
  return FALSE;
}

static void
test_cancel_removes_the_disk (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = iso_vm ("cancelled");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  StallServer stall = { 0 };
  char *uuid;

  stall_server_start (&stall);
  vm->method = YADO_INSTALL_URL;
  vm->install_url = g_strdup ("http://example.org/debian/");
  vm->kernel_path = g_strdup (stall.url);
  vm->initrd_path = g_strdup ("http://example.org/debian/initrd.gz");
  f->last_fraction = 0;
  yado_connection_create_vm_async (f->c, vm, NULL, TRUE, on_progress, f, cancellable,
                                   yado_sync_result_cb, &slot);
  /* The disk is made; the kernel's server holds the download. */
  yado_test_wait_until (stall.requests == 1 && saw_status (f, "Downloading the kernel… (2 of 5)"),
                        WAIT_MS);
  names = volumes (f);
  g_assert_cmpstr (names, ==, "cancelled.qcow2,db.qcow2,web-server.qcow2");
  g_cancellable_cancel (cancellable);
  result = yado_sync_result_wait (&slot);
  uuid = yado_connection_create_vm_finish (f->c, result, &error);
  g_assert_null (uuid);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_CANCELLED);

  g_clear_pointer (&names, g_free);
  names = volumes (f);
  g_assert_cmpstr (names, ==, "db.qcow2,web-server.qcow2");
  g_assert_false (yado_test_has_domain (f->conn, "cancelled"));
  soup_server_disconnect (stall.server);
  g_object_unref (stall.server);
  g_free (stall.url);
}

/* The name of a VM the host has: libvirt refuses the definition. The
 * disk made for it goes (it was "db-1.qcow2": "db.qcow2" is db's), and
 * db and its disk stay. */
static void
test_define_failure_removes_the_disk (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = iso_vm ("db");
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *db_xml = NULL;
  char *uuid;

  uuid = create_sync (f, vm, NULL, TRUE, NULL, &error);
  g_assert_null (uuid);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Could not define the VM “db”: "));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_assert_true (saw_status (f, "Creating the disk… (1 of 3)"));

  names = volumes (f);
  g_assert_cmpstr (names, ==, "db.qcow2,web-server.qcow2");
  db_xml = definition (f, "4a7d0000-0000-4000-8000-000000000002", VIR_DOMAIN_XML_INACTIVE);
  g_assert_nonnull (strstr (db_xml, POOL_DIR "/db.qcow2"));
}

/* ---- cloud images ---- */

static YadoNewVm *
cloud_vm (const char *name)
{
  YadoNewVm *vm = iso_vm (name);

  vm->method = YADO_INSTALL_CLOUD_IMAGE;
  g_free (vm->media_path);
  vm->media_path = g_strdup (POOL_DIR "/web-server.qcow2");
  vm->disk_size_gib = 30;
  return vm;
}

static void
test_cloud_image_volume_copied (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = cloud_vm ("cloudy");
  g_autofree char *uuid = create_or_fail (f, vm, NULL, FALSE);
  g_autofree char *xml = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE);
  g_autofree char *names = volumes (f);
  g_autofree char *disk = xpath (xml, "/domain/devices/disk[@device='disk']/source/@file");
  g_autofree char *on_reboot = xpath (xml, "/domain/on_reboot");
  int reason;

  g_assert_cmpstr (names, ==, "cloudy.qcow2,db.qcow2,web-server.qcow2");
  g_assert_cmpstr (disk, ==, POOL_DIR "/cloudy.qcow2");
  assert_volume (f, disk, 30 * GIB, "qcow2");
  /* Not started: defined, off. */
  g_assert_cmpint (host_state (f, uuid, &reason), ==, VIR_DOMAIN_SHUTOFF);
  g_assert_cmpstr (on_reboot, ==, "restart");
  g_assert_cmpstr (f->statuses->len > 0 ? g_ptr_array_index (f->statuses, 0) : NULL, ==,
                   "Copying the image… (1 of 2) @ 0.00");
}

static char *
kept_file (const char *name)
{
  return g_build_filename (g_get_user_cache_dir (), "yado", "new-vm", name, NULL);
}

static void
test_cloud_seed_kept_locally (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = cloud_vm ("seeded");
  g_autoptr(YadoCloudInit) ci = yado_cloud_init_new ();
  g_autofree char *seed = kept_file ("seeded-seed.iso");
  g_autofree char *uuid = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *cdrom = NULL;
  g_autofree char *names = NULL;
  g_autofree char *pvd = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) xorriso = NULL;

  ci->user = g_strdup ("ana");
  ci->password = g_strdup ("secret");
  uuid = create_or_fail (f, vm, ci, TRUE);
  g_assert_true (saw_status (f, "Uploading the cloud-init configuration… (2 of 4)"));
  names = volumes (f);
  g_assert_cmpstr (names, ==, "db.qcow2,seeded.qcow2,web-server.qcow2");
  xml = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE);
  cdrom = xpath (xml, "/domain/devices/disk[@device='cdrom']/source/@file");
  g_assert_cmpstr (cdrom, ==, seed);
  xorriso = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "xorriso", "-indev", seed, "-pvd_info", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (xorriso, NULL, NULL, &pvd, NULL, &error));
  g_assert_true (g_regex_match_simple ("^Volume Id +: cidata$", pvd, G_REGEX_MULTILINE, 0));
  g_assert_cmpint (g_unlink (seed), ==, 0);
}

/* A failure after the copy (no xorriso for the seed) removes the copy. */
static void
test_cloud_seed_failure_removes_the_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = cloud_vm ("unseeded");
  g_autoptr(YadoCloudInit) ci = yado_cloud_init_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  char *uuid;

  ci->user = g_strdup ("ana");
  /* The worker is idle: nothing else reads the environment now. */
  g_setenv ("PATH", "/nonexistent", TRUE);
  uuid = create_sync (f, vm, ci, TRUE, NULL, &error);
  g_setenv ("PATH", path, TRUE);
  g_assert_null (uuid);
  g_test_message ("%s", error->message);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_SUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, "Making the cloud-init seed image needs xorriso"));
  g_assert_true (saw_status (f, "Copying the image… (1 of 4)"));
  names = volumes (f);
  g_assert_cmpstr (names, ==, "db.qcow2,web-server.qcow2");
  g_assert_false (yado_test_has_domain (f->conn, "unseeded"));
}

/* ---- a network install's kernel and initrd ---- */

static const char KERNEL[] = "kernel bytes";
static const char INITRD[] = "initrd bytes";

static void
on_tree_request (SoupServer *server, SoupServerMessage *message, const char *path,
                 GHashTable *query, gpointer data)
{
  const char *body = g_str_has_suffix (path, "/vmlinuz") ? KERNEL : INITRD;

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
test_url_files_gone_after_begin_install (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = iso_vm ("net");
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kernel = kept_file ("net-kernel");
  g_autofree char *initrd = kept_file ("net-initrd");
  g_autofree char *uuid = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *kernel_path = NULL;
  g_autofree char *contents = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GSList *uris;
  int port, reason;

  soup_server_add_handler (server, NULL, on_tree_request, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  vm->method = YADO_INSTALL_URL;
  vm->install_url = g_strdup_printf ("http://127.0.0.1:%d/tree/", port);
  vm->kernel_path = g_strdup_printf ("http://127.0.0.1:%d/tree/vmlinuz", port);
  vm->initrd_path = g_strdup_printf ("http://127.0.0.1:%d/tree/initrd.img", port);

  uuid = create_or_fail (f, vm, NULL, FALSE);
  xml = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE);
  kernel_path = xpath (xml, "/domain/os/kernel");
  g_assert_cmpstr (kernel_path, ==, kernel);
  g_assert_true (g_file_get_contents (kernel, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, KERNEL);
  g_assert_true (g_file_test (initrd, G_FILE_TEST_IS_REGULAR));

  yado_domain_begin_install_async (wait_for_domain (f, uuid), vm, NULL, yado_sync_result_cb,
                                   &slot);
  result = yado_sync_result_wait (&slot);
  g_assert_true (yado_domain_begin_install_finish (wait_for_domain (f, uuid), result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (host_state (f, uuid, &reason), ==, VIR_DOMAIN_RUNNING);
  g_clear_pointer (&xml, g_free);
  xml = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE);
  g_assert_false (xml_has (xml, "/domain/os/kernel"));
  g_assert_false (g_file_test (kernel, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (initrd, G_FILE_TEST_EXISTS));
  soup_server_disconnect (server);
}

/* ---- customize before install ---- */

/* What the user's customization does: more memory, through a define of
 * the whole definition as the details page does. */
static void
customize (Fixture *f, const char *uuid)
{
  g_autofree char *xml = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  g_autoptr(GRegex) memory = g_regex_new ("<memory unit='KiB'>[0-9]+</memory>", 0, 0, NULL);
  g_autofree char *changed = g_regex_replace_literal (memory, xml, -1, 0,
                                                      "<memory unit='KiB'>1572864</memory>", 0,
                                                      NULL);
  virDomainPtr dom;

  g_assert_cmpstr (changed, !=, xml);
  dom = virDomainDefineXML (f->conn, changed);
  g_assert_nonnull (dom);
  virDomainFree (dom);
}

static void
test_begin_install (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = iso_vm ("custom");
  g_autofree char *uuid = create_or_fail (f, vm, NULL, FALSE);
  g_autofree char *disk = g_strdup (POOL_DIR "/custom.qcow2");
  g_autofree char *xml = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE);
  g_autofree char *memory = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  YadoDomain *domain;
  int reason;

  /* Made, not started, its definition the INSTALL one. */
  g_assert_cmpint (host_state (f, uuid, &reason), ==, VIR_DOMAIN_SHUTOFF);
  assert_install_definition (xml, disk);
  customize (f, uuid);

  domain = wait_for_domain (f, uuid);
  yado_domain_begin_install_async (domain, vm, NULL, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  g_assert_true (yado_domain_begin_install_finish (domain, result, &error));
  g_assert_no_error (error);

  g_assert_cmpint (host_state (f, uuid, &reason), ==, VIR_DOMAIN_RUNNING);
  g_clear_pointer (&xml, g_free);
  xml = definition (f, uuid, 0);
  assert_install_definition (xml, disk);
  g_clear_pointer (&xml, g_free);
  xml = definition (f, uuid, VIR_DOMAIN_XML_INACTIVE);
  assert_final_definition (xml, disk);
  /* The user's change is kept. */
  memory = xpath (xml, "/domain/memory");
  g_assert_cmpstr (memory, ==, "1572864");

  /* And the installer's reboot is watched as for a VM started at once. */
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  guest_reboots (f, uuid);
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  g_clear_pointer (&xml, g_free);
  xml = definition (f, uuid, 0);
  assert_final_definition (xml, disk);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = g_dir_make_tmp ("test-new-vm-install-XXXXXX", NULL);
  int status;

  /* The seed and kernel files of a host that takes no upload go here. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  virSetErrorFunc (NULL, ignore_libvirt_error);
#define ADD(path, func) g_test_add ("/new-vm-install/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("new-disk-started", test_new_disk_started);
  ADD ("forced-off-install-stays-off", test_forced_off_install_stays_off);
  ADD ("cancel-removes-the-disk", test_cancel_removes_the_disk);
  ADD ("define-failure-removes-the-disk", test_define_failure_removes_the_disk);
  ADD ("cloud-image-volume-copied", test_cloud_image_volume_copied);
  ADD ("cloud-seed-kept-locally", test_cloud_seed_kept_locally);
  ADD ("cloud-seed-failure-removes-the-copy", test_cloud_seed_failure_removes_the_copy);
  ADD ("url-files-gone-after-begin-install", test_url_files_gone_after_begin_install);
  ADD ("begin-install", test_begin_install);
#undef ADD
  status = g_test_run ();
  {
    g_autofree char *dir = g_build_filename (cache, "yado", "new-vm", NULL);
    g_autofree char *parent = g_path_get_dirname (dir);

    /* Every file kept was removed by its test or by the undo. */
    if (g_file_test (dir, G_FILE_TEST_EXISTS))
      g_assert_cmpint (g_rmdir (dir), ==, 0);
    g_rmdir (parent);
    g_rmdir (cache);
  }
  return status;
}
