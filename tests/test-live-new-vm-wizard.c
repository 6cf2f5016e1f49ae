/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New VM wizard on a real session libvirtd with QEMU (software
 * emulation), under the Xvfb of tests/xvfb-test-wrapper.sh: each install
 * method driven as a user does (the fields of each step, Forward, Finish),
 * on one daemon (tests/yado-test-libvirtd.c) with a dir pool "default" and
 * no virtual network (a session daemon has none: the wizard offers
 * user-mode networking). Every VM runs under TCG, chosen in the
 * architecture options, with 128 MiB and one CPU.
 *
 * For each, what libvirt defined is what the wizard showed (name, type,
 * memory, CPUs, the NIC's MAC, the method's media and disks), the VM is
 * running, its screen (VGA text memory, read through QEMU's monitor) shows
 * what that VM boots, and the VM window's console page shows the screen:
 *
 *  /live-new-vm-wizard/iso: a tiny El Torito ISO of the test guest's boot
 *      sector (tests/guest/echo-boot.S), typed in the ISO field, and a new
 *      1 GiB disk: the guest's banner, booted from the CD-ROM.
 *  /live-new-vm-wizard/url: an install tree served by an HTTP server in
 *      the test (libsoup): a Fedora 37 .treeinfo whose kernel is the test's
 *      Multiboot kernel (tests/guest/echo-kernel.S) and a small initrd.
 *      The wizard detects Fedora 37; Yado fetches the kernel and initrd
 *      into the pool (and deletes them once QEMU has read them); QEMU boots
 *      the kernel, which writes "Yado test kernel" and its command line
 *      (the arguments typed and the tree's inst.repo=) on the screen.
 *  /live-new-vm-wizard/pxe: network boot with user-mode networking and no
 *      disk: the NIC's ROM (iPXE) runs, its banner on the screen.
 *  /live-new-vm-wizard/import: the test guest's disk, as it is: its
 *      banner.
 *  /live-new-vm-wizard/cloud-image: a qcow2 of the test guest's disk as
 *      the cloud image, with a cloud-init user and password: the VM has a
 *      copy of the image as its disk and the seed (an ISO named "cidata")
 *      as its CD-ROM, and boots the image: the banner.
 *  /live-new-vm-wizard/manual: no media: SeaBIOS finds nothing to boot.
 *
 * Each VM is deleted (with the pool's volumes) after its check.
 * YADO_TEST_SCREENSHOT_DIR=DIR saves DIR/new-vm-installed-console.png: the
 * network install's VM window showing its kernel's screen.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libsoup/soup.h>

#include "yado-application.h"
#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-guest.h"
#include "yado-test-libvirtd.h"
#include "yado-test-utils.h"
#include "yado-test-wizard.h"
#include "yado-vm-window.h"

/* Real QEMU under TCG, and ASan. */
#define WAIT_MS 30000
#define CREATE_WAIT_MS 60000
#define MEMORY_MIB 128
#define KERNEL_ARGS "yado.path=url console=tty0"

static YadoTestLibvirtd *daemon_;
static YadoConnection   *connection;
static virConnectPtr     conn;
static GListStore       *connections;
static char             *pool_dir;
static char             *work_dir;    /* the test's files, in the daemon's directory */

/* ---- the wizard ---- */

typedef struct {
  YadoNewVmWizard *wizard;   /* weak: gone once the VM is made */
  char            *uuid;
  char            *mac;      /* as step 5 showed it */
  guint            created;
} Run;

static void
on_created (YadoNewVmWizard *wizard, YadoConnection *c, const char *uuid, gboolean customize,
            gpointer vm, Run *run)
{
  g_assert_true (c == connection);
  g_assert_false (customize);
  run->created++;
  g_free (run->uuid);
  run->uuid = g_strdup (uuid);
}

static void
run_clear (Run *run)
{
  g_assert_null (run->wizard);
  g_free (run->uuid);
  g_free (run->mac);
}

/* Opens the wizard on the daemon's connection, TCG chosen in the
 * architecture options, and the install method labelled @method. */
static void
open_wizard (Run *run, const char *method)
{
  YadoNewVmWizard *wizard = yado_new_vm_wizard_new (NULL, G_LIST_MODEL (connections), connection);

  run->wizard = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &run->wizard);
  g_signal_connect (wizard, "created", G_CALLBACK (on_created), run);
  gtk_window_move (GTK_WINDOW (wizard), 0, 0);
  gtk_window_present (GTK_WINDOW (wizard));
  yado_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (wizard)), WAIT_MS);
  yado_test_wizard_wait_idle (wizard);
  g_assert_cmpuint (yado_new_vm_wizard_get_step (wizard), ==, 1);
  yado_test_wizard_page (wizard, "source");
  g_assert_cmpstr (yado_test_wizard_get_combo (wizard, "Connection"), ==,
                   yado_test_libvirtd_get_uri (daemon_));

  /* Software emulation: the host may offer KVM (the default then), and
   * the tests must not depend on it. */
  yado_test_wizard_set_active (wizard, "Architecture options", TRUE);
  yado_test_wizard_wait_idle (wizard);
  g_assert_cmpstr (yado_test_wizard_get_combo (wizard, "Architecture"), ==, "x86_64");
  yado_test_wizard_set_combo (wizard, "Virtualization", "qemu");
  yado_test_wizard_wait_idle (wizard);
  g_assert_cmpstr (yado_test_wizard_get_combo (wizard, "Virtualization"), ==, "qemu");
  g_assert_null (yado_test_wizard_line (wizard, "arch-error"));

  yado_test_wizard_choose_method (wizard, method);
}

/* Steps 3 and 4: a small VM; the disk @disk_gib GiB (0: none), or left as
 * the method has it (-1: an imported image, a cloud image's copy). */
static void
small_resources (Run *run, int disk_gib)
{
  YadoNewVmWizard *wizard = run->wizard;

  yado_test_wizard_page (wizard, "memory");
  yado_test_wizard_set_spin (wizard, "Memory", MEMORY_MIB);
  yado_test_wizard_set_spin (wizard, "CPUs", 1);
  g_assert_null (yado_test_wizard_line (wizard, "memory-error"));
  yado_test_wizard_press_forward (wizard);

  yado_test_wizard_page (wizard, "storage");
  if (disk_gib == 0)
    yado_test_wizard_set_active (wizard, "Enable storage for this virtual machine", FALSE);
  else if (disk_gib > 0)
    yado_test_wizard_set_spin (wizard, "Size", disk_gib);
  yado_test_wizard_press_forward (wizard);
}

/* Step 5: the name, user-mode networking (the session's only kind), then
 * Finish; waits until the VM is made and the wizard closed. */
static void
name_and_finish (Run *run, const char *name)
{
  YadoNewVmWizard *wizard = run->wizard;

  yado_test_wizard_page (wizard, "name");
  yado_test_wizard_set_text (wizard, "Name", name);
  g_assert_null (yado_test_wizard_line (wizard, "name-error"));
  g_assert_cmpstr (yado_test_wizard_get_combo (wizard, "Network"), ==, "user");
  g_assert_cmpstr (yado_test_wizard_line (wizard, "summary-memory"), ==, "128 MiB");
  run->mac = g_strdup (yado_test_wizard_get_text (wizard, "MAC address"));
  g_assert_true (g_str_has_prefix (run->mac, "52:54:00:"));
  g_assert_true (yado_test_wizard_finish_enabled (wizard));
  yado_test_step ("Finish: %s", name);
  gtk_button_clicked (GTK_BUTTON (yado_test_wizard_button (wizard, GTK_RESPONSE_OK)));
  yado_test_wait_until (run->wizard == NULL || yado_test_wizard_progress_error (run->wizard),
                        CREATE_WAIT_MS);
  if (run->wizard != NULL)
    g_error ("The wizard could not make “%s”: %s", name,
             yado_test_wizard_progress_error (run->wizard));
  g_assert_cmpuint (run->created, ==, 1);
  g_assert_nonnull (run->uuid);
  yado_test_step ("created %s", name);
}

/* ---- what the host has ---- */

static void
assert_xpath (const char *xml, const char *path, const char *expected)
{
  g_autofree char *text = yado_test_xpath (xml, path);

  if (g_strcmp0 (text, expected) != 0)
    g_error ("%s is “%s”, not “%s”, in:\n%s", path, text, expected, xml);
}

static char *
in_pool (const char *name)
{
  return g_build_filename (pool_dir, name, NULL);
}

/* The running VM's XML, with what every path shares: TCG, the wizard's
 * memory and CPUs, a user-mode NIC with the MAC shown. */
static char *
running_xml (Run *run, const char *name)
{
  virDomainPtr dom = virDomainLookupByUUIDString (conn, run->uuid);
  char *xml;

  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsActive (dom), ==, 1);
  virDomainFree (dom);
  xml = yado_test_domain_xml (conn, run->uuid, 0);
  assert_xpath (xml, "/domain/name", name);
  assert_xpath (xml, "/domain/@type", "qemu");
  assert_xpath (xml, "/domain/memory", "131072");
  assert_xpath (xml, "/domain/vcpu", "1");
  assert_xpath (xml, "/domain/devices/interface/@type", "user");
  assert_xpath (xml, "/domain/devices/interface/mac/@address", run->mac);
  return xml;
}

/* The guest's screen shows @text, read from its VGA memory; then the VM
 * window's console page shows that screen. @screenshot: saved as such
 * (YADO_TEST_SCREENSHOT_DIR). */
static void
check_screen (Run *run, const char *name, const char *text, const char *screenshot)
{
  g_autoptr(GSettings) settings = yado_settings_new ();
  g_autofree char *screen = NULL;
  YadoDomain *domain;
  YadoVmWindow *window;
  YadoConsole *console;

  yado_test_wait_until (yado_test_screen_shows (daemon_, name, text), WAIT_MS);
  screen = yado_test_screen_text (daemon_, name);
  g_test_message ("%s's screen:\n%s", name, screen);
  yado_test_step ("%s shows “%s”", name, text);

  /* The connection lists the new VM once libvirt's event comes. */
  yado_test_wait_until ((domain = yado_connection_lookup_domain (connection, run->uuid)) != NULL,
                        WAIT_MS);
  yado_test_wait_until (yado_domain_get_state (domain) == YADO_DOMAIN_RUNNING, WAIT_MS);
  window = yado_vm_window_new (NULL, domain, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_move (GTK_WINDOW (window), 0, 0);
  gtk_widget_show (GTK_WIDGET (window));
  yado_vm_window_show_view (window, "console");
  console = yado_vm_window_get_console (window);
  yado_test_wait_until (yado_console_is_connected (console), WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console");
  yado_test_wait_until (yado_test_console_shows_something (console), WAIT_MS);
  if (screenshot != NULL)
    {
      g_autoptr(GdkPixbuf) settled = yado_test_console_settled_screen (console);

      yado_test_save_screenshot (screenshot);
    }
  yado_test_step ("%s's console shows its screen (%s)", name,
                  yado_console_get_protocol (console));
  /* Let SPICE's other channels finish linking: a session torn down
   * mid-link makes spice-gtk warn, which gtk_test_init() makes fatal (see
   * test-live-console.c). */
  yado_test_iterate_for (1500);
  gtk_widget_destroy (GTK_WIDGET (window));
}

/* ---- the paths ---- */

static void
test_iso (void)
{
  g_autofree char *iso = g_build_filename (work_dir, "boot.iso", NULL);
  g_autofree char *disk = in_pool ("wiz-iso.qcow2");
  g_autofree char *xml = NULL;
  g_autofree char *persistent = NULL;
  Run run = { 0 };

  yado_test_make_boot_iso (iso);
  open_wizard (&run, "Local install media (ISO image or CD-ROM)");
  yado_test_wizard_set_text (run.wizard, "ISO image or CD-ROM", iso);
  yado_test_iterate_for (600);
  yado_test_wizard_wait_idle (run.wizard);
  g_assert_null (yado_test_wizard_line (run.wizard, "iso-error"));
  /* A medium libosinfo does not know: the OS is chosen. */
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "iso-status"), ==,
                   "Yado does not know this operating system: choose it in the next step.");
  yado_test_wizard_press_forward (run.wizard);
  yado_test_wizard_pick_os (run.wizard, "generic");
  yado_test_wizard_press_forward (run.wizard);
  small_resources (&run, 1);
  {
    g_autofree char *install = g_strconcat ("Local media: ", iso, NULL);

    g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-install"), ==, install);
  }
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-storage"), ==,
                   "1 GiB, qcow2, in the pool “default”");
  name_and_finish (&run, "wiz-iso");

  /* Installing: the ISO first, the new disk after it. */
  xml = running_xml (&run, "wiz-iso");
  assert_xpath (xml, "//disk[@device='cdrom']/source/@file", iso);
  assert_xpath (xml, "//disk[@device='cdrom']/boot/@order", "1");
  assert_xpath (xml, "//disk[@device='disk']/source/@file", disk);
  assert_xpath (xml, "//disk[@device='disk']/driver/@type", "qcow2");
  assert_xpath (xml, "/domain/on_reboot", "destroy");
  /* After the install: the same VM, booting its disk, the CD-ROM empty. */
  persistent = yado_test_domain_xml (conn, run.uuid, VIR_DOMAIN_XML_INACTIVE);
  assert_xpath (persistent, "/domain/memory", "131072");
  assert_xpath (persistent, "//disk[@device='disk']/boot/@order", "1");
  g_assert_true (yado_test_xml_has (persistent, "//disk[@device='cdrom']"));
  g_assert_false (yado_test_xml_has (persistent, "//disk[@device='cdrom']/source"));
  check_screen (&run, "wiz-iso", YADO_TEST_GUEST_BANNER, NULL);

  yado_test_remove_vm_and_volumes (conn, "wiz-iso");
  g_unlink (iso);
  run_clear (&run);
}

/* An install tree: files by path, and how many times each was asked. */
typedef struct {
  GHashTable *files;   /* path → GBytes */
  GHashTable *hits;    /* path → count */
} Tree;

static void
on_tree_request (SoupServer *server, SoupServerMessage *message, const char *path,
                 GHashTable *query, gpointer data)
{
  Tree *tree = data;
  GBytes *body = g_hash_table_lookup (tree->files, path);

  g_hash_table_insert (tree->hits, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (tree->hits,
                                                                                path)) + 1));
  if (body == NULL)
    {
      soup_server_message_set_status (message, 404, NULL);
      return;
    }
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static guint
hits (Tree *tree, const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (tree->hits, path));
}

static void
add_file (Tree *tree, const char *path, char *contents, gsize length)
{
  g_hash_table_insert (tree->files, g_strdup (path), g_bytes_new_take (contents, length));
}

static void
test_url (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  Tree tree = {
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref),
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
  };
  g_autofree char *url = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *cmdline = NULL;
  g_autofree char *volumes = NULL;
  g_autofree char *kernel_path = in_pool ("wiz-url-kernel");
  g_autofree char *initrd_path = in_pool ("wiz-url-initrd");
  g_autofree char *repo = NULL;
  g_autofree char *disk = in_pool ("wiz-url.qcow2");
  g_autofree char *persistent = NULL;
  Run run = { 0 };
  GSList *uris;
  gsize length;

  kernel = yado_test_guest_file_contents ("echo-kernel", &length);
  add_file (&tree, "/fedora/.treeinfo", g_strdup (YADO_TEST_FEDORA_37_TREEINFO),
            strlen (YADO_TEST_FEDORA_37_TREEINFO));
  add_file (&tree, "/fedora/images/pxeboot/vmlinuz", g_steal_pointer (&kernel), length);
  add_file (&tree, "/fedora/images/pxeboot/initrd.img", g_strdup ("a Multiboot module"),
            strlen ("a Multiboot module"));
  soup_server_add_handler (server, NULL, on_tree_request, &tree, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/fedora/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  open_wizard (&run, "Network install (HTTP, HTTPS or FTP)");
  yado_test_wizard_set_text (run.wizard, "URL", url);
  yado_test_wizard_set_active (run.wizard, "Kernel arguments", TRUE);
  yado_test_wizard_set_text (run.wizard, "Arguments", KERNEL_ARGS);
  yado_test_iterate_for (1200);
  yado_test_wizard_wait_idle (run.wizard);
  g_assert_null (yado_test_wizard_line (run.wizard, "url-error"));
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "url-status"), ==,
                   "Detected: Fedora Linux 37");
  yado_test_wizard_press_forward (run.wizard);
  yado_test_wizard_page (run.wizard, "os");
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "os-detect-status"), ==,
                   "Detected: Fedora Linux 37");
  yado_test_wizard_press_forward (run.wizard);
  small_resources (&run, 1);
  {
    g_autofree char *install = g_strconcat ("Network install: ", url, NULL);

    g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-install"), ==, install);
    g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-os"), ==, "Fedora Linux 37");
  }
  name_and_finish (&run, "wiz-url");

  /* Yado fetched the kernel and the initrd into the pool, and the VM
   * booted them, with the tree's repository and the arguments typed; once
   * QEMU had read them they went (as virt-install's do). */
  g_assert_cmpuint (hits (&tree, "/fedora/images/pxeboot/vmlinuz"), ==, 1);
  g_assert_cmpuint (hits (&tree, "/fedora/images/pxeboot/initrd.img"), ==, 1);
  volumes = yado_test_pool_volume_names (conn, "default");
  g_assert_cmpstr (volumes, ==, "wiz-url.qcow2");
  xml = running_xml (&run, "wiz-url");
  assert_xpath (xml, "/domain/os/kernel", kernel_path);
  assert_xpath (xml, "/domain/os/initrd", initrd_path);
  cmdline = yado_test_xpath (xml, "/domain/os/cmdline");
  g_test_message ("command line: %s", cmdline);
  repo = g_strconcat ("inst.repo=", url, NULL);
  g_assert_nonnull (strstr (cmdline, repo));
  g_assert_nonnull (strstr (cmdline, KERNEL_ARGS));
  assert_xpath (xml, "//disk[@device='disk']/source/@file", disk);
  /* After the install, the VM boots its disk. */
  persistent = yado_test_domain_xml (conn, run.uuid, VIR_DOMAIN_XML_INACTIVE);
  g_assert_false (yado_test_xml_has (persistent, "/domain/os/kernel"));
  assert_xpath (persistent, "//disk[@device='disk']/source/@file", disk);

  /* The kernel's own words: its banner, then its command line. */
  check_screen (&run, "wiz-url", YADO_TEST_KERNEL_BANNER, "new-vm-installed-console");
  g_assert_true (yado_test_screen_shows (daemon_, "wiz-url", KERNEL_ARGS));
  g_assert_true (yado_test_screen_shows (daemon_, "wiz-url", repo));

  yado_test_remove_vm_and_volumes (conn, "wiz-url");
  soup_server_disconnect (server);
  g_hash_table_unref (tree.files);
  g_hash_table_unref (tree.hits);
  run_clear (&run);
}

static void
test_pxe (void)
{
  g_autofree char *xml = NULL;
  Run run = { 0 };

  open_wizard (&run, "Network boot (PXE)");
  /* No virtual network on a session: QEMU's own user-mode networking. */
  g_assert_cmpstr (yado_test_wizard_get_combo (run.wizard, "Boot from network"), ==, "user");
  yado_test_wizard_press_forward (run.wizard);
  yado_test_wizard_pick_os (run.wizard, "generic");
  yado_test_wizard_press_forward (run.wizard);
  small_resources (&run, 0);
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-storage"), ==, "None");
  g_assert_false (gtk_widget_is_sensitive (yado_test_wizard_field (run.wizard, "Network")));
  name_and_finish (&run, "wiz-pxe");

  xml = running_xml (&run, "wiz-pxe");
  assert_xpath (xml, "/domain/devices/interface/boot/@order", "1");
  g_assert_false (yado_test_xml_has (xml, "//disk"));
  /* The NIC's ROM: iPXE, booting from its NIC (which it names by its
   * MAC), asks QEMU's DHCP server for something to boot. */
  check_screen (&run, "wiz-pxe", run.mac, NULL);
  g_assert_true (yado_test_screen_shows (daemon_, "wiz-pxe", "iPXE"));

  yado_test_remove_vm_and_volumes (conn, "wiz-pxe");
  run_clear (&run);
}

/* The test guest's disk, where QEMU (the daemon's user) may write it. */
static char *
guest_disk_copy (void)
{
  g_autofree char *path = g_build_filename (work_dir, "old-disk.img", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  contents = yado_test_guest_file_contents ("echo-boot.img", &length);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);
  return g_steal_pointer (&path);
}

static void
test_import (void)
{
  g_autofree char *image = guest_disk_copy ();
  g_autofree char *xml = NULL;
  Run run = { 0 };

  open_wizard (&run, "Import an existing disk image");
  yado_test_wizard_set_text (run.wizard, "Disk image", image);
  yado_test_wizard_press_forward (run.wizard);
  yado_test_wizard_pick_os (run.wizard, "generic");
  yado_test_wizard_press_forward (run.wizard);
  small_resources (&run, -1);
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-storage"), ==, image);
  name_and_finish (&run, "wiz-import");

  xml = running_xml (&run, "wiz-import");
  assert_xpath (xml, "//disk[@device='disk']/source/@file", image);
  assert_xpath (xml, "//disk[@device='disk']/driver/@type", "raw");
  g_assert_false (yado_test_xml_has (xml, "//disk[@device='cdrom']"));
  check_screen (&run, "wiz-import", YADO_TEST_GUEST_BANNER, NULL);

  yado_test_remove_vm_and_volumes (conn, "wiz-import");
  g_unlink (image);
  run_clear (&run);
}

static void
test_cloud_image (void)
{
  g_autofree char *raw = guest_disk_copy ();
  g_autofree char *image = g_build_filename (work_dir, "cloud.qcow2", NULL);
  g_autofree char *disk = in_pool ("wiz-cloud.qcow2");
  g_autofree char *seed = in_pool ("wiz-cloud-seed.iso");
  g_autofree char *xml = NULL;
  g_autofree char *volumes = NULL;
  g_autofree char *pvd = NULL;
  Run run = { 0 };

  g_free (yado_test_run ((const char *[]) { "qemu-img", "convert", "-q", "-f", "raw", "-O",
                                            "qcow2", raw, image, NULL }));
  g_assert_cmpint (g_chmod (image, 0644), ==, 0);
  open_wizard (&run, "Cloud image, set up with cloud-init");
  yado_test_wizard_set_text (run.wizard, "Cloud image", image);
  yado_test_wizard_set_text (run.wizard, "User name", "ana");
  yado_test_wizard_set_text (run.wizard, "Password", "a secret");
  yado_test_wizard_press_forward (run.wizard);
  yado_test_wizard_pick_os (run.wizard, "generic");
  yado_test_wizard_press_forward (run.wizard);
  small_resources (&run, 1);
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-storage"), ==,
                   "1 GiB, qcow2, in the pool “default”");
  name_and_finish (&run, "wiz-cloud");

  volumes = yado_test_pool_volume_names (conn, "default");
  g_assert_cmpstr (volumes, ==, "wiz-cloud-seed.iso,wiz-cloud.qcow2");
  xml = running_xml (&run, "wiz-cloud");
  assert_xpath (xml, "//disk[@device='disk']/source/@file", disk);
  assert_xpath (xml, "//disk[@device='cdrom']/source/@file", seed);
  pvd = yado_test_run ((const char *[]) { "xorriso", "-indev", seed, "-pvd_info", NULL });
  g_assert_true (g_regex_match_simple ("^Volume Id +: cidata$", pvd, G_REGEX_MULTILINE, 0));
  /* The image's boot sector runs. */
  check_screen (&run, "wiz-cloud", YADO_TEST_GUEST_BANNER, NULL);

  yado_test_remove_vm_and_volumes (conn, "wiz-cloud");
  g_unlink (image);
  g_unlink (raw);
  run_clear (&run);
}

static void
test_manual (void)
{
  g_autofree char *disk = in_pool ("wiz-manual.qcow2");
  g_autofree char *xml = NULL;
  Run run = { 0 };

  open_wizard (&run, "Manual install (no media)");
  yado_test_wizard_press_forward (run.wizard);
  yado_test_wizard_pick_os (run.wizard, "generic");
  yado_test_wizard_press_forward (run.wizard);
  small_resources (&run, 1);
  g_assert_cmpstr (yado_test_wizard_line (run.wizard, "summary-install"), ==,
                   "Manual (no media)");
  name_and_finish (&run, "wiz-manual");

  xml = running_xml (&run, "wiz-manual");
  assert_xpath (xml, "//disk[@device='disk']/source/@file", disk);
  g_assert_false (yado_test_xml_has (xml, "//disk[@device='cdrom']"));
  g_assert_false (yado_test_xml_has (xml, "/domain/os/kernel"));
  /* The firmware, with nothing to boot on an empty disk. */
  check_screen (&run, "wiz-manual", "No bootable device", NULL);

  yado_test_remove_vm_and_volumes (conn, "wiz-manual");
  run_clear (&run);
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
  work_dir = g_build_filename (pool_dir, "..", "files", NULL);
  g_assert_cmpint (g_mkdir_with_parents (work_dir, 0755), ==, 0);
  connection = yado_test_open (yado_test_libvirtd_get_uri (daemon_));
  yado_connection_set_stats_interval (connection, 0);
  conn = yado_connection_ref_handle (connection);
  connections = g_list_store_new (YADO_TYPE_CONNECTION);
  g_list_store_append (connections, connection);
  /* The wizard lists what the connection has listed. */
  yado_test_wait_until (yado_connection_get_domains_listed (connection)
                        && g_list_model_get_n_items (yado_connection_get_storage_pools (connection))
                           == 1, WAIT_MS);
  yado_test_step ("libvirtd up, pool at %s", pool_dir);
}

static void
stop_daemon (void)
{
  g_object_unref (connections);
  virConnectClose (conn);
  yado_connection_close (connection);
  g_object_unref (connection);
  yado_test_libvirtd_free (daemon_);
  g_free (work_dir);
  g_free (pool_dir);
}

int
main (int argc, char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
  /* The application's style: the field messages' colours. */
  yado_application_ensure_style ();
  g_test_add_func ("/live-new-vm-wizard/iso", test_iso);
  g_test_add_func ("/live-new-vm-wizard/url", test_url);
  g_test_add_func ("/live-new-vm-wizard/pxe", test_pxe);
  g_test_add_func ("/live-new-vm-wizard/import", test_import);
  g_test_add_func ("/live-new-vm-wizard/cloud-image", test_cloud_image);
  g_test_add_func ("/live-new-vm-wizard/manual", test_manual);
  start_daemon ();
  status = g_test_run ();
  stop_daemon ();
  return status;
}
