/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Making new VMs (yado-new-vm-install.c) on a real libvirtd with QEMU
 * (software emulation), the daemon of tests/yado-test-libvirtd.c with a
 * dir pool "default" in its directory.
 *
 *  /live-new-vm/iso-boot-and-install-reboot: a tiny bootable ISO made
 *      here with xorriso (El Torito, no emulation) from the test guest's
 *      boot sector (tests/guest/echo-boot.S); a VM made from it (method
 *      ISO, a new empty 1 GiB disk, TCG, VNC) runs, and its screen (VGA
 *      text memory, read through QEMU's monitor) shows the guest's banner:
 *      it booted from the ISO, the only bootable thing it has. Then the
 *      guest reboots itself (Ctrl+Alt+Del: the BIOS resets the machine);
 *      the INSTALL definition ends on reboot, and Yado starts the VM again
 *      with its FINAL definition: the CD-ROM empty, the disk first, so the
 *      banner is gone.
 *  /live-new-vm/cloud-image: a qcow2 made with qemu-img, a file here (not
 *      a volume of the host), as the cloud image: it is uploaded into a
 *      new volume grown to 1 GiB (qemu-img resize by libvirt), the seed is
 *      made and uploaded; the VM's disk is that volume and its CD-ROM the
 *      seed volume, which, downloaded back, is an ISO with the volume id
 *      "cidata" and the user-data made for it.
 *  /live-new-vm/url-install: the kernel and initrd of a network install,
 *      served by an HTTP server in the test, land in volumes of the pool
 *      byte for byte and the INSTALL definition boots them; the same with
 *      start fails (QEMU refuses the fake kernel) and everything made for
 *      it (disk, kernel, initrd, definition) is removed, the error saying
 *      it was the start and QEMU's reason.
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "yado-error.h"
#include "yado-new-vm-install.h"
#include "yado-test-guest.h"
#include "yado-test-libvirtd.h"
#include "yado-test-utils.h"
#include "yado-worker.h"

/* Real QEMU under TCG. */
#define WAIT_MS 30000
#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define BANNER YADO_TEST_GUEST_BANNER

static YadoTestLibvirtd *daemon_;
static YadoConnection   *connection;
static virConnectPtr     conn;
static char             *pool_dir;

/* ---- helpers ---- */

/* virsh with up to six words (the first NULL ends them). */
static char *
virsh (const char *a, const char *b, const char *c, const char *d, const char *e, const char *f)
{
  g_autoptr(GError) error = NULL;
  char *out = yado_test_libvirtd_virsh (daemon_, &error, a, b, c, d, e, f, NULL);

  if (out == NULL)
    g_error ("%s", error->message);
  return out;
}

static void
on_progress (const char *status, double fraction, gpointer data)
{
  GPtrArray *statuses = data;

  g_ptr_array_add (statuses, g_strdup (status));
  yado_test_step ("%s %.0f %%", status, 100 * fraction);
}

static char *
create_sync (const YadoNewVm *vm, const YadoCloudInit *ci, gboolean start, GPtrArray *statuses,
             GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_connection_create_vm_async (connection, vm, ci, start, on_progress, statuses, NULL,
                                   yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_connection_create_vm_finish (connection, result, error);
}

static gboolean
has_status (GPtrArray *statuses, const char *status)
{
  for (guint i = 0; i < statuses->len; i++)
    if (g_str_equal (g_ptr_array_index (statuses, i), status))
      return TRUE;
  return FALSE;
}

static YadoNewVm *
tiny_vm (const char *name)
{
  YadoNewVm *vm = yado_new_vm_new ();

#define SET(field, value) (g_free (vm->field), vm->field = g_strdup (value))
  SET (name, name);
  SET (virt_type, "qemu");
  SET (machine, "pc");
  SET (video, "vga");
  SET (graphics, "vnc");
  SET (disk_pool, "default");
  SET (disk_format, "qcow2");
#undef SET
  vm->memory_mib = 64;
  vm->vcpus = 1;
  vm->sound = vm->rng = vm->guest_agent = vm->tablet = FALSE;
  vm->disk = YADO_DISK_NEW;
  vm->disk_size_gib = 1;
  vm->net = YADO_NET_NONE;
  return vm;
}

static char *
definition (const char *uuid, unsigned int flags)
{
  return yado_test_domain_xml (conn, uuid, flags);
}

static gboolean
screen_shows (const char *name, const char *text)
{
  return yado_test_screen_shows (daemon_, name, text);
}

static char *
pool_volumes (void)
{
  return yado_test_pool_volume_names (conn, "default");
}

static char *
download_volume (const char *volume, const char *dir)
{
  g_autofree char *file = g_build_filename (dir, volume, NULL);

  g_free (virsh ("vol-download", "--pool", "default", volume, file, NULL));
  return g_steal_pointer (&file);
}

static void
assert_volume (const char *path, guint64 capacity, const char *format)
{
  virStorageVolPtr volume = virStorageVolLookupByPath (conn, path);
  virStorageVolInfo info;
  char *xml;
  g_autofree char *kept = NULL;

  g_assert_nonnull (volume);
  g_assert_cmpint (virStorageVolGetInfo (volume, &info), ==, 0);
  g_assert_cmpuint (info.capacity, ==, capacity);
  xml = virStorageVolGetXMLDesc (volume, 0);
  kept = yado_test_xpath (xml, "/volume/target/format/@type");
  g_assert_cmpstr (kept, ==, format);
  free (xml);
  virStorageVolFree (volume);
}

/* ---- the ISO ---- */

/* The tiny bootable ISO, next to the pool. */
static char *
make_boot_iso (void)
{
  g_autofree char *iso = g_build_filename (pool_dir, "..", "boot.iso", NULL);

  yado_test_make_boot_iso (iso);
  return g_canonicalize_filename (iso, NULL);
}

static void
test_iso_boot_and_install_reboot (void)
{
  g_autoptr(YadoNewVm) vm = tiny_vm ("yado-iso");
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = make_boot_iso ();
  g_autofree char *uuid = NULL;
  g_autofree char *live = NULL;
  g_autofree char *persistent = NULL;
  g_autofree char *disk = g_build_filename (pool_dir, "yado-iso.qcow2", NULL);
  g_autofree char *cdrom = NULL;
  g_autofree char *on_reboot = NULL;
  g_autofree char *screen = NULL;
  YadoDomain *domain;
  int first_id;

  vm->method = YADO_INSTALL_ISO;
  vm->media_path = g_strdup (iso);
  uuid = create_sync (vm, NULL, TRUE, statuses, &error);
  g_assert_no_error (error);
  g_assert_true (has_status (statuses, "Creating the disk… (1 of 3)"));
  g_assert_true (has_status (statuses, "Starting the VM… (3 of 3)"));
  assert_volume (disk, GIB, "qcow2");

  /* Running the INSTALL definition; FINAL saved for after. */
  live = definition (uuid, 0);
  cdrom = yado_test_xpath (live, "/domain/devices/disk[@device='cdrom']/source/@file");
  on_reboot = yado_test_xpath (live, "/domain/on_reboot");
  g_assert_cmpstr (cdrom, ==, iso);
  g_assert_cmpstr (on_reboot, ==, "destroy");
  persistent = definition (uuid, VIR_DOMAIN_XML_INACTIVE);
  g_assert_false (yado_test_xml_has (persistent, "/domain/devices/disk[@device='cdrom']/source"));

  yado_test_wait_until (screen_shows ("yado-iso", BANNER), WAIT_MS);
  yado_test_step ("the guest booted from the ISO");
  domain = yado_connection_lookup_domain (connection, uuid);
  g_assert_nonnull (domain);
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  first_id = yado_domain_get_id (domain);

  /* The guest reboots itself, as an installer does at its end. */
  g_free (virsh ("send-key", "yado-iso", "KEY_LEFTCTRL", "KEY_LEFTALT", "KEY_DELETE", NULL));
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_step ("the install reboot stopped it (reason %d)",
                  yado_domain_get_state_reason (domain));
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  g_assert_cmpint (yado_domain_get_id (domain), !=, first_id);
  yado_test_step ("Yado started it again");

  /* Now FINAL: no medium, the disk first, a reboot restarts. */
  g_clear_pointer (&live, g_free);
  live = definition (uuid, 0);
  g_clear_pointer (&on_reboot, g_free);
  on_reboot = yado_test_xpath (live, "/domain/on_reboot");
  g_assert_cmpstr (on_reboot, ==, "restart");
  g_assert_true (yado_test_xml_has (live, "/domain/devices/disk[@device='cdrom']"));
  g_assert_false (yado_test_xml_has (live, "/domain/devices/disk[@device='cdrom']/source"));
  g_assert_true (yado_test_xml_has (live, "/domain/devices/disk[@device='disk']/boot[@order='1']"));
  /* The BIOS finds nothing to boot on the empty disk. */
  yado_test_iterate_for (2000);
  screen = yado_test_screen_text (daemon_, "yado-iso");
  g_assert_null (strstr (screen, BANNER));

  yado_test_remove_vm_and_volumes (conn, "yado-iso");
  g_unlink (iso);
}

/* ---- the cloud image ---- */

static void
test_cloud_image (void)
{
  g_autoptr(YadoNewVm) vm = tiny_vm ("yado-cloud");
  g_autoptr(YadoCloudInit) ci = yado_cloud_init_new ();
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *here = g_dir_make_tmp ("yado-cloud-XXXXXX", &error);
  g_autofree char *image = g_build_filename (here, "cloud.qcow2", NULL);
  g_autofree char *uuid = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *names = NULL;
  g_autofree char *seed_copy = NULL;
  g_autofree char *pvd = NULL;
  g_autofree char *user_data_file = NULL;
  g_autofree char *user_data = NULL;
  int state, reason;
  virDomainPtr dom;

  g_free (yado_test_run ((const char *[]) { "qemu-img", "create", "-q", "-f", "qcow2", image,
                                            "64M", NULL }));
  vm->method = YADO_INSTALL_CLOUD_IMAGE;
  vm->media_path = g_strdup (image);
  ci->user = g_strdup ("ana");
  ci->password = g_strdup ("pw: \"quoted\"");
  ci->ssh_key = g_strdup ("ssh-ed25519 AAAAC3Nza test@yado");
  ci->hostname = g_strdup ("cloudy");

  uuid = create_sync (vm, ci, TRUE, statuses, &error);
  g_assert_no_error (error);
  g_assert_true (has_status (statuses, "Copying the image… (1 of 4)"));
  g_assert_true (has_status (statuses, "Uploading the cloud-init configuration… (2 of 4)"));
  names = pool_volumes ();
  g_assert_cmpstr (names, ==, "yado-cloud-seed.iso,yado-cloud.qcow2");

  dom = virDomainLookupByUUIDString (conn, uuid);
  g_assert_cmpint (virDomainGetState (dom, &state, &reason, 0), ==, 0);
  g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
  virDomainFree (dom);

  xml = definition (uuid, VIR_DOMAIN_XML_INACTIVE);
  disk = yado_test_xpath (xml, "/domain/devices/disk[@device='disk']/source/@file");
  seed = yado_test_xpath (xml, "/domain/devices/disk[@device='cdrom']/source/@file");
  g_assert_true (g_str_has_prefix (disk, pool_dir));
  g_assert_cmpstr (disk + strlen (pool_dir), ==, "/yado-cloud.qcow2");
  g_assert_true (g_str_has_prefix (seed, pool_dir));
  g_assert_cmpstr (seed + strlen (pool_dir), ==, "/yado-cloud-seed.iso");
  /* The image's bytes, grown from 64 MiB to the disk's size. */
  assert_volume (disk, GIB, "qcow2");
  {
    g_autofree char *info = yado_test_run ((const char *[]) { "qemu-img", "info", "-U", disk,
                                                              NULL });

    g_assert_nonnull (strstr (info, "virtual size: 1 GiB"));
  }

  /* The seed, read back from the host. */
  seed_copy = download_volume ("yado-cloud-seed.iso", here);
  pvd = yado_test_run ((const char *[]) { "xorriso", "-indev", seed_copy, "-pvd_info", NULL });
  g_assert_true (g_regex_match_simple ("^Volume Id +: cidata$", pvd, G_REGEX_MULTILINE, 0));
  user_data_file = g_build_filename (here, "user-data", NULL);
  g_free (yado_test_run ((const char *[]) { "xorriso", "-osirrox", "on", "-indev", seed_copy,
                                            "-extract", "/user-data", user_data_file, NULL }));
  g_assert_true (g_file_get_contents (user_data_file, &user_data, NULL, NULL));
  g_assert_true (g_str_has_prefix (user_data, "#cloud-config\nhostname: \"cloudy\"\n"));
  g_assert_nonnull (strstr (user_data, "  - name: \"ana\"\n"));
  g_assert_nonnull (strstr (user_data, "    passwd: \"$6$"));
  g_assert_nonnull (strstr (user_data, "      - \"ssh-ed25519 AAAAC3Nza test@yado\"\n"));
  g_assert_null (strstr (user_data, "quoted"));

  yado_test_remove_vm_and_volumes (conn, "yado-cloud");
  g_unlink (user_data_file);
  g_unlink (seed_copy);
  g_unlink (image);
  g_rmdir (here);
}

/* ---- a network install's kernel and initrd ---- */

static const char KERNEL[] = "not a kernel, only its bytes: 0123456789";
static const char INITRD[] = "not an initrd either";

static void
on_request (SoupServer *server, SoupServerMessage *message, const char *path, GHashTable *query,
            gpointer data)
{
  guint *requests = data;
  const char *body = g_str_has_suffix (path, "/vmlinuz") ? KERNEL
                     : g_str_has_suffix (path, "/initrd.img") ? INITRD : NULL;

  (*requests)++;
  if (body == NULL)
    {
      soup_server_message_set_status (message, 404, NULL);
      return;
    }
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static char *
read_volume (const char *name, const char *dir)
{
  g_autofree char *file = download_volume (name, dir);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_unlink (file);
  return contents;
}

static YadoNewVm *
url_vm (const char *name, const char *base)
{
  YadoNewVm *vm = tiny_vm (name);

  vm->method = YADO_INSTALL_URL;
  vm->install_url = g_strdup (base);
  vm->kernel_path = g_strdup_printf ("%s/vmlinuz", base);
  vm->initrd_path = g_strdup_printf ("%s/initrd.img", base);
  return vm;
}

static void
test_url_install (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoNewVm) vm = NULL;
  g_autoptr(YadoNewVm) failing = NULL;
  g_autofree char *here = g_dir_make_tmp ("yado-url-XXXXXX", &error);
  g_autofree char *base = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *initrd = NULL;
  g_autofree char *kernel_bytes = NULL;
  g_autofree char *initrd_bytes = NULL;
  g_autofree char *names = NULL;
  char *no_uuid;
  guint requests = 0;
  GSList *uris;

  soup_server_add_handler (server, NULL, on_request, &requests, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d/tree/images/pxeboot", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* Not started: the definition boots the fetched kernel. */
  vm = url_vm ("yado-url", base);
  uuid = create_sync (vm, NULL, FALSE, statuses, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests, ==, 2);
  g_assert_true (has_status (statuses, "Downloading the kernel… (2 of 4)"));
  g_assert_true (has_status (statuses, "Downloading the initrd… (3 of 4)"));
  xml = definition (uuid, VIR_DOMAIN_XML_INACTIVE);
  kernel = yado_test_xpath (xml, "/domain/os/kernel");
  initrd = yado_test_xpath (xml, "/domain/os/initrd");
  g_assert_true (g_str_has_prefix (kernel, pool_dir));
  g_assert_cmpstr (kernel + strlen (pool_dir), ==, "/yado-url-kernel");
  g_assert_true (g_str_has_prefix (initrd, pool_dir));
  g_assert_cmpstr (initrd + strlen (pool_dir), ==, "/yado-url-initrd");
  kernel_bytes = read_volume ("yado-url-kernel", here);
  initrd_bytes = read_volume ("yado-url-initrd", here);
  g_assert_cmpstr (kernel_bytes, ==, KERNEL);
  g_assert_cmpstr (initrd_bytes, ==, INITRD);

  /* Started: QEMU refuses the kernel, and all that was made goes. */
  failing = url_vm ("yado-url-2", base);
  no_uuid = create_sync (failing, NULL, TRUE, statuses, &error);
  g_assert_null (no_uuid);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Could not start the VM “yado-url-2”: "));
  g_assert_cmpuint (requests, ==, 4);
  names = pool_volumes ();
  g_assert_cmpstr (names, ==, "yado-url-initrd,yado-url-kernel,yado-url.qcow2");
  g_assert_false (yado_test_has_domain (conn, "yado-url-2"));

  yado_test_remove_vm_and_volumes (conn, "yado-url");
  g_rmdir (here);
  soup_server_disconnect (server);
}

/* ---- the daemon, shared by the tests ---- */

static void
start_daemon (void)
{
  g_autoptr(GError) error = NULL;

  yado_test_step_reset ();
  daemon_ = yado_test_libvirtd_start (&error);
  if (daemon_ == NULL)
    g_error ("Could not start the test libvirtd: %s", error->message);
  pool_dir = yado_test_libvirtd_add_default_pool (daemon_);
  connection = yado_test_open (yado_test_libvirtd_get_uri (daemon_));
  yado_connection_set_stats_interval (connection, 0);
  conn = yado_connection_ref_handle (connection);
  yado_test_step ("libvirtd up, pool at %s", pool_dir);
}

static void
stop_daemon (void)
{
  virConnectClose (conn);
  yado_connection_close (connection);
  g_object_unref (connection);
  yado_test_libvirtd_free (daemon_);
  g_free (pool_dir);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/live-new-vm/iso-boot-and-install-reboot", test_iso_boot_and_install_reboot);
  g_test_add_func ("/live-new-vm/cloud-image", test_cloud_image);
  g_test_add_func ("/live-new-vm/url-install", test_url_install);
  start_daemon ();
  status = g_test_run ();
  stop_daemon ();
  return status;
}
