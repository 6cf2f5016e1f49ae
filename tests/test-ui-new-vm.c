/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New VM wizard, in-process under Xvfb, on the test driver's
 * new-vm-host.xml (tests/data/README.md), copied with its pools in a
 * directory of the test's, where the volumes are real files: ISO images
 * made with xorriso carrying the volume ids libosinfo knows Debian 11's
 * and Windows 11's media by.
 *
 * Each path is driven as a user would (fields set, Forward pressed):
 *  - an ISO chosen among the host's volumes and detected as Debian 11: the
 *    defaults the OS step shows and the steps after use, the name after
 *    the OS (made unique: the host has a "debian11"), and the VM Finish
 *    defines and starts, read back from libvirt (the ISO, memory, vCPUs,
 *    the new volume, the network and MAC);
 *  - Windows 11: UEFI with Secure Boot and a TPM said, 4 GiB, a 64 GiB
 *    disk, and "Customize configuration before install" (defined, not
 *    started; "created" says so);
 *  - a network install from a local HTTP tree (Fedora 37's .treeinfo)
 *    whose kernel never comes: the progress page, Cancel, and nothing left
 *    on the host;
 *  - a cloud image chosen in "Choose a Volume…", with a user, a key loaded
 *    from ~/.ssh: the test driver cannot upload the seed, so Finish fails,
 *    the error stays on the progress page, nothing is left, and Back leads
 *    to the input;
 *  - an existing disk image imported, PXE from the network "lab", and a
 *    manual install, each read back from libvirt;
 *  - bad input, each said under its field with Forward (Finish) off: a
 *    missing ISO, a file that is no ISO, a URL that is no install tree, a
 *    cloud user name and key that cannot be, too much memory (and the
 *    warning above 80 %), a disk bigger than the pool's free space, a
 *    name in use or with "/", a malformed MAC and another VM's MAC.
 *
 * YADO_TEST_SCREENSHOT_DIR=DIR saves DIR/new-vm-1-source.png ...
 * new-vm-5-name.png, new-vm-progress.png, new-vm-error.png (the progress
 * page's failure) and new-vm-field-errors.png.
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-application.h"
#include "yado-connection-list.h"
#include "yado-manager-window.h"
#include "yado-new-vm-wizard.h"
#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-http.h"
#include "yado-test-utils.h"
#include "yado-test-wizard.h"
#include "yado-volume-chooser.h"
#include "yado-xml.h"

#define WAIT_MS 20000
#define FIXTURE_DIR "/tmp/yado-new-vm-test"
#define WEB_MAC "52:54:00:6e:77:01"

/* The test's directory (the fixture's pools, a home with an SSH key) and
 * the fixture copied to point there; made once. */
static char *test_dir;
static char *host_uri;

typedef struct {
  YadoConnection  *c;
  virConnectPtr    conn;          /* the connection's handle: its copy of the host */
  GListStore      *connections;
  YadoNewVmWizard *wizard;        /* weak */
  guint            created;
  char            *uuid;
  gboolean         customize;
  char            *volumes_before;
} Fixture;

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
}

static char *
path_in (const char *relative)
{
  return g_build_filename (test_dir, relative, NULL);
}

/* ---- the fixture ---- */

static char *
all_volumes (Fixture *f)
{
  g_autofree char *images = yado_test_pool_volume_names (f->conn, "default");
  g_autofree char *isos = yado_test_pool_volume_names (f->conn, "isos");

  return g_strconcat (images, ";", isos, NULL);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  f->c = yado_test_open (host_uri);
  yado_connection_set_stats_interval (f->c, 0);
  f->conn = yado_connection_ref_handle (f->c);
  /* The steps list what the connection has listed. */
  yado_test_wait_until (g_list_model_get_n_items (yado_connection_get_networks (f->c)) == 2
                        && g_list_model_get_n_items (yado_connection_get_storage_pools (f->c)) == 2
                        && yado_connection_get_domains_listed (f->c), WAIT_MS);
  f->connections = g_list_store_new (YADO_TYPE_CONNECTION);
  g_list_store_append (f->connections, f->c);
  f->volumes_before = all_volumes (f);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  if (f->wizard != NULL)
    gtk_widget_destroy (GTK_WIDGET (f->wizard));
  g_assert_null (f->wizard);
  g_free (f->uuid);
  g_free (f->volumes_before);
  g_object_unref (f->connections);
  virConnectClose (f->conn);
  yado_connection_close (f->c);
  g_object_unref (f->c);
  for (int i = 0; i < 5; i++)
    yado_test_iterate ();
}

static void
on_created (YadoNewVmWizard *wizard, YadoConnection *connection, const char *uuid,
            gboolean customize, gpointer vm, Fixture *f)
{
  g_assert_true (connection == f->c);
  g_assert_nonnull (vm);
  g_assert_cmpstr (((YadoNewVm *) vm)->name, !=, NULL);
  f->created++;
  g_free (f->uuid);
  f->uuid = g_strdup (uuid);
  f->customize = customize;
}

static void
wait_idle (Fixture *f)
{
  yado_test_wait_until (f->wizard == NULL || yado_new_vm_wizard_get_idle (f->wizard), WAIT_MS);
  yado_test_iterate_for (50);
}

static void
open_wizard (Fixture *f)
{
  f->wizard = yado_new_vm_wizard_new (NULL, G_LIST_MODEL (f->connections), f->c);
  g_object_add_weak_pointer (G_OBJECT (f->wizard), (gpointer *) &f->wizard);
  g_signal_connect (f->wizard, "created", G_CALLBACK (on_created), f);
  gtk_window_move (GTK_WINDOW (f->wizard), 0, 0);
  gtk_window_present (GTK_WINDOW (f->wizard));
  yado_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (f->wizard)), WAIT_MS);
  wait_idle (f);
  g_assert_cmpuint (yado_new_vm_wizard_get_step (f->wizard), ==, 1);
}

/* ---- what the user sees (tests/yado-test-wizard.h, with the fixture) ---- */

static GtkWidget *
page (Fixture *f, const char *name)
{
  return yado_test_wizard_page (f->wizard, name);
}

static GtkWidget *
field (Fixture *f, const char *label)
{
  return yado_test_wizard_field (f->wizard, label);
}

static void
set_text (Fixture *f, const char *label, const char *text)
{
  yado_test_wizard_set_text (f->wizard, label, text);
}

static const char *
text_of (Fixture *f, const char *label)
{
  return yado_test_wizard_get_text (f->wizard, label);
}

static void
set_spin (Fixture *f, const char *label, double value)
{
  yado_test_wizard_set_spin (f->wizard, label, value);
}

static int
spin (Fixture *f, const char *label)
{
  return yado_test_wizard_get_spin (f->wizard, label);
}

static const char *
combo (Fixture *f, const char *label)
{
  return yado_test_wizard_get_combo (f->wizard, label);
}

static void
set_combo (Fixture *f, const char *label, const char *id)
{
  yado_test_wizard_set_combo (f->wizard, label, id);
}

static const char *
line (Fixture *f, const char *name)
{
  return yado_test_wizard_line (f->wizard, name);
}

static const char *
progress_error (Fixture *f)
{
  return yado_test_wizard_progress_error (f->wizard);
}

static void
assert_contains (const char *text, const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” is not in “%s”", part, text);
}

static GtkWidget *
button (Fixture *f, int response)
{
  return yado_test_wizard_button (f->wizard, response);
}

static gboolean
forward_enabled (Fixture *f)
{
  return yado_test_wizard_forward_enabled (f->wizard);
}

static gboolean
finish_enabled (Fixture *f)
{
  return yado_test_wizard_finish_enabled (f->wizard);
}

static const char *
header (Fixture *f)
{
  return yado_test_wizard_header (f->wizard);
}

static void
press_forward (Fixture *f)
{
  yado_test_wizard_press_forward (f->wizard);
}

static void
press_back (Fixture *f)
{
  yado_test_wizard_press_back (f->wizard);
}

static void
choose_method (Fixture *f, const char *label)
{
  yado_test_wizard_choose_method (f->wizard, label);
}

/* Forward (or Finish) found the page wrong: @name says @expected, the
 * step stays, and the button is off until the field changes. */
static void
assert_said (Fixture *f, guint step, const char *name, const char *expected)
{
  g_assert_cmpuint (yado_new_vm_wizard_get_step (f->wizard), ==, step);
  g_assert_cmpstr (line (f, name), ==, expected);
  g_assert_false (step == 5 ? finish_enabled (f) : forward_enabled (f));
}

/* The architecture options opened, and @arch chosen (the test driver's
 * host is an i686). */
static void
choose_arch (Fixture *f, const char *arch)
{
  GtkExpander *expander = GTK_EXPANDER (field (f, "Architecture options"));

  gtk_expander_set_expanded (expander, TRUE);
  wait_idle (f);
  g_assert_cmpstr (combo (f, "Architecture"), ==, "i686");
  set_combo (f, "Architecture", arch);
  wait_idle (f);
  g_assert_cmpstr (combo (f, "Architecture"), ==, arch);
  /* The test driver's own type: no KVM or QEMU there. */
  g_assert_cmpstr (combo (f, "Virtualization"), ==, "test");
  g_assert_cmpstr (combo (f, "Machine"), ==, "");
  g_assert_null (line (f, "arch-error"));
}

/* Step 1 with the ISO @path typed, waiting for libosinfo's answer. */
static void
type_iso (Fixture *f, const char *path)
{
  set_text (f, "ISO image or CD-ROM", path);
  yado_test_iterate_for (600);
  wait_idle (f);
}

/* The volume @path chosen with "Choose a Volume…" next to the field
 * @entry_label, as a user picks it in the list. */
static void
choose_volume (Fixture *f, const char *entry_label, const char *path, const char *screenshot)
{
  GtkWidget *entry = field (f, entry_label);
  GtkWidget *box = gtk_widget_get_parent (entry);
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (box));
  g_autoptr(GList) buttons = gtk_container_get_children (g_list_last (rows)->data);
  GtkWidget *volume_button = g_list_last (buttons)->data;
  YadoVolumeChooser *chooser = NULL;
  g_autoptr(GList) toplevels = NULL;

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (volume_button)), ==, "Choose a _Volume…");
  gtk_button_clicked (GTK_BUTTON (volume_button));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (YADO_IS_VOLUME_CHOOSER (l->data))
      chooser = l->data;
  g_assert_nonnull (chooser);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  yado_test_wait_until (yado_volume_chooser_get_ready (chooser), WAIT_MS);
  /* Both pools, their volumes under them. */
  {
    GtkTreeView *view = GTK_TREE_VIEW (yado_test_find_widget_of_type (GTK_WIDGET (chooser),
                                                                      GTK_TYPE_TREE_VIEW));

    g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL), ==,
                     2);
  }
  g_assert_true (yado_volume_chooser_select_path (chooser, path));
  g_assert_true (gtk_widget_is_sensitive (gtk_dialog_get_widget_for_response (
    GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT)));
  if (screenshot != NULL)
    yado_test_save_screenshot (screenshot);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  yado_test_iterate_for (600);
  wait_idle (f);
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, path);
}

/* ---- what libvirt has ---- */

static char *
definition (Fixture *f, const char *name, gboolean inactive)
{
  virDomainPtr dom = virDomainLookupByName (f->conn, name);
  char *xml = dom ? virDomainGetXMLDesc (dom, inactive ? VIR_DOMAIN_XML_INACTIVE : 0) : NULL;
  char *copy = g_strdup (xml);

  g_assert_nonnull (xml);
  free (xml);
  virDomainFree (dom);
  return copy;
}

/* The text of the first node @xpath selects in @xml is @expected (NULL:
 * it selects none). */
static void
assert_xpath (const char *xml, const char *xpath, const char *expected)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);
  g_autofree char *text = NULL;

  g_assert_nonnull (doc);
  text = yado_xml_get_string (doc, xpath);
  if (g_strcmp0 (text, expected) != 0)
    g_error ("%s is “%s”, not “%s”, in:\n%s", xpath, text, expected, xml);
}

static gboolean
is_running (Fixture *f, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (f->conn, name);
  int active = virDomainIsActive (dom);

  virDomainFree (dom);
  return active == 1;
}

static gboolean
query_has (const char *xml, const char *xpath)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  return doc != NULL && yado_xml_has (doc, xpath);
}

/* Finish pressed: waits until the wizard made the VM and closed. */
static void
press_finish_and_wait (Fixture *f)
{
  g_assert_true (finish_enabled (f));
  gtk_button_clicked (GTK_BUTTON (button (f, GTK_RESPONSE_OK)));
  yado_test_wait_until (f->wizard == NULL, WAIT_MS);
  g_assert_cmpuint (f->created, ==, 1);
  g_assert_nonnull (f->uuid);
}

/* ---- the paths ---- */

static void
check_debian_os_step (Fixture *f)
{
  const char *defaults;

  g_assert_cmpstr (header (f), ==, "Step 2 of 5 — Operating system");
  page (f, "os");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    field (f, "Detect from the installation media"))));
  g_assert_cmpstr (line (f, "os-detect-status"), ==, "Detected: Debian 11");
  defaults = line (f, "os-defaults");
  g_assert_nonnull (defaults);
  assert_contains (defaults, "1.0 GiB memory, 2 CPUs, 20 GiB disk");
  assert_contains (defaults, "Disk and network: VirtIO");
  assert_contains (defaults, "Firmware: BIOS");
  /* Nothing special to say of a BIOS guest. */
  g_assert_null (line (f, "firmware-note"));
}

static void
test_iso_debian (Fixture *f, gconstpointer data)
{
  g_autofree char *iso = path_in ("isos/debian-11.iso");
  g_autofree char *images = path_in ("images");
  g_autofree char *xml = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *mac = NULL;

  open_wizard (f);
  g_assert_cmpstr (header (f), ==, "Step 1 of 5 — Install source");
  page (f, "source");
  g_assert_cmpstr (combo (f, "Connection"), ==, host_uri);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    field (f, "Local install media (ISO image or CD-ROM)"))));
  choose_arch (f, "x86_64");
  /* The host's ISO, as a user picks it among its volumes. */
  choose_volume (f, "ISO image or CD-ROM", iso, "new-vm-volume-chooser");
  g_assert_cmpstr (line (f, "iso-status"), ==, "Detected: Debian 11");
  g_assert_null (line (f, "iso-error"));
  yado_test_save_screenshot ("new-vm-1-source");
  press_forward (f);

  check_debian_os_step (f);
  yado_test_save_screenshot ("new-vm-2-os");
  press_forward (f);

  g_assert_cmpstr (header (f), ==, "Step 3 of 5 — Memory and CPUs");
  page (f, "memory");
  g_assert_cmpint (spin (f, "Memory"), ==, 1024);
  g_assert_cmpint (spin (f, "CPUs"), ==, 2);
  g_assert_null (line (f, "memory-error"));
  g_assert_null (line (f, "memory-warning"));
  g_assert_nonnull (yado_test_find_widget_by_name (page (f, "memory"), "Memory"));
  yado_test_save_screenshot ("new-vm-3-memory");
  press_forward (f);

  g_assert_cmpstr (header (f), ==, "Step 4 of 5 — Storage");
  page (f, "storage");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    field (f, "Enable storage for this virtual machine"))));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    field (f, "Create a disk image"))));
  g_assert_cmpint (spin (f, "Size"), ==, 20);
  g_assert_cmpstr (combo (f, "Format"), ==, "qcow2");
  g_assert_cmpstr (combo (f, "Pool"), ==, "default");
  yado_test_save_screenshot ("new-vm-4-storage");
  press_forward (f);

  g_assert_cmpstr (header (f), ==, "Step 5 of 5 — Name and network");
  page (f, "name");
  /* After the OS; the host has a "debian11" already. */
  g_assert_cmpstr (text_of (f, "Name"), ==, "debian11-2");
  g_assert_null (line (f, "name-error"));
  g_assert_cmpstr (line (f, "summary-os"), ==, "Debian 11");
  g_assert_cmpstr (line (f, "summary-memory"), ==, "1024 MiB (1.0 GiB)");
  g_assert_cmpstr (line (f, "summary-cpus"), ==, "2");
  g_assert_cmpstr (line (f, "summary-storage"), ==, "20 GiB, qcow2, in the pool “default”");
  {
    g_autofree char *install = g_strconcat ("Local media: ", iso, NULL);

    g_assert_cmpstr (line (f, "summary-install"), ==, install);
  }
  g_assert_cmpstr (combo (f, "Network"), ==, "network:default");
  mac = g_strdup (text_of (f, "MAC address"));
  g_assert_true (g_str_has_prefix (mac, "52:54:00:"));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    field (f, "Customize configuration before install"))));
  g_assert_false (forward_enabled (f));
  yado_test_save_screenshot ("new-vm-5-name");
  press_finish_and_wait (f);

  /* What the wizard showed is what libvirt has. */
  g_assert_false (f->customize);
  g_assert_true (is_running (f, "debian11-2"));
  xml = definition (f, "debian11-2", FALSE);
  assert_xpath (xml, "/domain/uuid", f->uuid);
  assert_xpath (xml, "/domain/os/type/@arch", "x86_64");
  assert_xpath (xml, "/domain/memory", "1048576");
  assert_xpath (xml, "/domain/vcpu", "2");
  assert_xpath (xml, "//disk[@device='cdrom']/source/@file", iso);
  disk = g_build_filename (images, "debian11-2.qcow2", NULL);
  assert_xpath (xml, "//disk[@device='disk']/source/@file", disk);
  assert_xpath (xml, "//disk[@device='disk']/target/@bus", "virtio");
  assert_xpath (xml, "//interface/source/@network", "default");
  assert_xpath (xml, "//interface/mac/@address", mac);
  assert_xpath (xml, "//interface/model/@type", "virtio");
  {
    g_autofree char *volumes = yado_test_pool_volume_names (f->conn, "default");

    g_assert_cmpstr (volumes, ==, "cloud.qcow2,debian11-2.qcow2,old-disk.qcow2");
  }
}

static void
test_windows11_customize (Fixture *f, gconstpointer data)
{
  g_autofree char *iso = path_in ("isos/win11.iso");
  g_autofree char *xml = NULL;
  const char *defaults;

  open_wizard (f);
  choose_arch (f, "x86_64");
  type_iso (f, iso);
  g_assert_cmpstr (line (f, "iso-status"), ==, "Detected: Microsoft Windows 11");
  press_forward (f);

  page (f, "os");
  defaults = line (f, "os-defaults");
  assert_contains (defaults, "4.0 GiB memory, 2 CPUs, 64 GiB disk");
  assert_contains (defaults, "Firmware: UEFI with Secure Boot, and a TPM");
  g_assert_cmpstr (line (f, "firmware-note"), ==,
                   "Microsoft Windows 11 needs UEFI with Secure Boot and a TPM: the virtual "
                   "machine gets them.");
  yado_test_save_screenshot ("new-vm-2-os-windows11");
  press_forward (f);
  page (f, "memory");
  g_assert_cmpint (spin (f, "Memory"), ==, 4096);
  press_forward (f);
  page (f, "storage");
  g_assert_cmpint (spin (f, "Size"), ==, 64);
  press_forward (f);
  page (f, "name");
  g_assert_cmpstr (text_of (f, "Name"), ==, "win11");
  g_assert_cmpstr (line (f, "summary-firmware"), ==, "UEFI with Secure Boot, and a TPM");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field (f, "Customize configuration before "
                                                              "install")), TRUE);
  press_finish_and_wait (f);

  /* Customized first: defined, not started. */
  g_assert_true (f->customize);
  g_assert_false (is_running (f, "win11"));
  xml = definition (f, "win11", TRUE);
  assert_xpath (xml, "/domain/memory", "4194304");
  assert_xpath (xml, "//disk[@device='cdrom']/source/@file", iso);
  assert_xpath (xml, "/domain/os/@firmware", "efi");
  g_assert_cmpstr (query_has (xml, "//tpm") ? "tpm" : NULL, ==, "tpm");
}

/* ---- install trees, served by yado-test-http.c ---- */

static const char fedora_treeinfo[] = YADO_TEST_FEDORA_37_TREEINFO;

static void
write_file (const char *relative, const char *contents)
{
  g_autofree char *path = path_in (relative);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A network install from a tree whose kernel never comes: the progress
 * page waits on the download, Cancel stops it, and the disk made before
 * is gone. */
static void
test_url_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *www = path_in ("www");
  YadoTestHttp *http;
  g_autofree char *tree = NULL;
  g_autofree char *not_tree = NULL;
  g_autofree char *now = NULL;

  write_file ("www/fedora/.treeinfo", fedora_treeinfo);
  write_file ("www/fedora/images/pxeboot/initrd.img", "initrd");
  write_file ("www/empty/index.html", "nothing here");
  http = yado_test_http_start (www, "/vmlinuz");
  tree = yado_test_http_url (http, "/fedora/");
  not_tree = yado_test_http_url (http, "/empty/");

  open_wizard (f);
  choose_method (f, "Network install (HTTP, HTTPS or FTP)");
  /* A directory of the server that is no tree: said under the URL. */
  set_text (f, "URL", not_tree);
  press_forward (f);
  assert_said (f, 1, "url-error", "That URL is not an install tree (no .treeinfo or known "
                                   "layout).");
  set_text (f, "URL", tree);
  g_assert_null (line (f, "url-error"));
  press_forward (f);

  page (f, "os");
  g_assert_cmpstr (line (f, "os-detect-status"), ==, "Detected: Fedora Linux 37");
  press_forward (f);
  press_forward (f);
  press_forward (f);
  page (f, "name");
  g_assert_cmpstr (text_of (f, "Name"), ==, "fedora37");
  gtk_button_clicked (GTK_BUTTON (button (f, GTK_RESPONSE_OK)));

  /* The disk is made, then the kernel's download waits. */
  yado_test_wait_until (yado_test_http_get_held (http) > 0, WAIT_MS);
  page (f, "progress");
  g_assert_cmpstr (header (f), ==, "Creating the virtual machine");
  g_assert_true (g_str_has_prefix (line (f, "progress-status"), "Downloading the kernel…"));
  g_assert_false (gtk_widget_get_visible (button (f, 2)));
  g_assert_false (gtk_widget_is_sensitive (button (f, 1)));
  yado_test_save_screenshot ("new-vm-progress");

  gtk_button_clicked (GTK_BUTTON (button (f, GTK_RESPONSE_CANCEL)));
  yado_test_wait_until (progress_error (f) != NULL, WAIT_MS);
  g_assert_nonnull (f->wizard);
  g_assert_cmpstr (line (f, "progress-error"), ==, "Cancelled: nothing was made on the host.");
  g_assert_false (yado_test_has_domain (f->conn, "fedora37"));
  now = all_volumes (f);
  g_assert_cmpstr (now, ==, f->volumes_before);
  g_assert_cmpuint (f->created, ==, 0);
  /* Back to the input, as it was. */
  press_back (f);
  page (f, "name");
  g_assert_cmpstr (text_of (f, "Name"), ==, "fedora37");
  g_assert_true (finish_enabled (f));
  yado_test_http_stop (http);
}

static void
pick_os (Fixture *f, const char *search)
{
  yado_test_wizard_pick_os (f->wizard, search);
}

/* Whether @data (binary) holds the text @part. */
static gboolean
has_bytes (const char *data, gsize length, const char *part)
{
  gsize n = strlen (part);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, part, n) == 0)
      return TRUE;
  return FALSE;
}

/* A cloud image, chosen among the host's volumes, with a user and the
 * key from ~/.ssh: the VM boots a copy of the image grown to the size
 * asked, with the cloud-init seed as a CD-ROM (the test driver takes no
 * upload: the seed is a file of the user's). */
static void
test_cloud_image (Fixture *f, gconstpointer data)
{
  g_autofree char *image = path_in ("images/cloud.qcow2");
  g_autofree char *key_path = path_in ("home/.ssh/id_ed25519.pub");
  g_autofree char *disk = path_in ("images/debian11-2.qcow2");
  g_autofree char *seed = path_in ("home/.cache/yado/new-vm/debian11-2-seed.iso");
  g_autofree char *key = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *seed_bytes = NULL;
  gsize seed_length;

  g_assert_true (g_file_get_contents (key_path, &key, NULL, NULL));
  g_strstrip (key);
  open_wizard (f);
  choose_method (f, "Cloud image, set up with cloud-init");
  choose_volume (f, "Cloud image", image, NULL);
  g_assert_cmpstr (text_of (f, "User name"), ==, g_get_user_name ());
  set_text (f, "User name", "alice");
  gtk_button_clicked (GTK_BUTTON (yado_test_find_widget_by_name (page (f, "source"),
                                                                 "Load ~/.ssh/id_*.pub")));
  g_assert_cmpstr (text_of (f, "SSH public key"), ==, key);
  press_forward (f);

  /* No media to detect: the OS from the list. */
  page (f, "os");
  g_assert_false (gtk_widget_is_sensitive (field (f, "Detect from the installation media")));
  pick_os (f, "debian11");
  assert_contains (line (f, "os-defaults"), "Disk and network: VirtIO");
  press_forward (f);
  press_forward (f);

  /* The image is the source of a new disk: its size and pool only. */
  page (f, "storage");
  assert_contains (line (f, "storage-image"), image);
  g_assert_false (gtk_widget_get_mapped (field (f, "Enable storage for this virtual machine")));
  g_assert_false (gtk_widget_get_mapped (field (f, "Format")));
  g_assert_cmpint (spin (f, "Size"), ==, 20);
  set_spin (f, "Size", 12);
  press_forward (f);

  page (f, "name");
  {
    g_autofree char *install = g_strconcat ("Cloud image: ", image, NULL);

    g_assert_cmpstr (line (f, "summary-install"), ==, install);
  }
  g_assert_cmpstr (line (f, "summary-storage"), ==, "12 GiB, qcow2, in the pool “default”");
  press_finish_and_wait (f);

  xml = definition (f, "debian11-2", TRUE);
  assert_xpath (xml, "//disk[@device='disk']/source/@file", disk);
  assert_xpath (xml, "//disk[@device='cdrom']/source/@file", seed);
  {
    g_autofree char *volumes = yado_test_pool_volume_names (f->conn, "default");
    virStorageVolPtr volume = virStorageVolLookupByPath (f->conn, disk);
    virStorageVolInfo info;

    g_assert_cmpstr (volumes, ==, "cloud.qcow2,debian11-2.qcow2,old-disk.qcow2");
    g_assert_nonnull (volume);
    g_assert_cmpint (virStorageVolGetInfo (volume, &info), ==, 0);
    g_assert_cmpuint (info.capacity, ==, G_GUINT64_CONSTANT (12) << 30);
    virStorageVolFree (volume);
  }
  /* The seed holds the user and the key given (an ISO 9660 image keeps
   * its files' bytes as they are). */
  g_assert_true (g_file_get_contents (seed, &seed_bytes, &seed_length, NULL));
  g_assert_true (has_bytes (seed_bytes, seed_length, "alice"));
  g_assert_true (has_bytes (seed_bytes, seed_length, key));
  g_unlink (seed);
}

/* A network install whose kernel is not on the server: Finish fails at
 * the download, the error stays on the progress page, nothing is left on
 * the host, and Back leads to the input. */
static void
test_url_failure (Fixture *f, gconstpointer data)
{
  g_autofree char *www = path_in ("www");
  g_auto(GStrv) parts = g_strsplit (fedora_treeinfo, "vmlinuz", -1);
  g_autofree char *broken = g_strjoinv ("linux", parts);
  g_autofree char *now = NULL;
  YadoTestHttp *http;
  g_autofree char *tree = NULL;

  /* Its kernel, images/pxeboot/linux, is not there. */
  write_file ("www/broken/.treeinfo", broken);
  http = yado_test_http_start (www, "/vmlinuz");
  tree = yado_test_http_url (http, "/broken/");
  open_wizard (f);
  choose_method (f, "Network install (HTTP, HTTPS or FTP)");
  set_text (f, "URL", tree);
  press_forward (f);
  press_forward (f);
  press_forward (f);
  press_forward (f);
  page (f, "name");
  gtk_button_clicked (GTK_BUTTON (button (f, GTK_RESPONSE_OK)));
  yado_test_wait_until (f->wizard == NULL || progress_error (f) != NULL, WAIT_MS);
  g_assert_nonnull (f->wizard);
  assert_contains (progress_error (f), "Could not download");
  g_assert_true (gtk_widget_is_sensitive (button (f, 1)));
  g_assert_true (gtk_widget_is_sensitive (button (f, GTK_RESPONSE_CANCEL)));
  yado_test_save_screenshot ("new-vm-error");
  g_assert_cmpuint (f->created, ==, 0);
  g_assert_false (yado_test_has_domain (f->conn, "fedora37"));
  now = all_volumes (f);
  g_assert_cmpstr (now, ==, f->volumes_before);

  press_back (f);
  page (f, "name");
  g_assert_cmpstr (text_of (f, "Name"), ==, "fedora37");
  g_assert_true (finish_enabled (f));
  yado_test_http_stop (http);
}

static void
test_import (Fixture *f, gconstpointer data)
{
  g_autofree char *image = path_in ("images/old-disk.qcow2");
  g_autofree char *xml = NULL;

  open_wizard (f);
  choose_method (f, "Import an existing disk image");
  set_text (f, "Disk image", image);
  press_forward (f);
  page (f, "os");
  /* Nothing chosen: said; then "Generic OS". */
  press_forward (f);
  assert_said (f, 2, "os-error", "Choose the operating system from the list (or “Generic OS” "
                                 "when it is not there).");
  {
    GtkTreeView *view = GTK_TREE_VIEW (field (f, "Operating systems"));
    GtkTreePath *first = gtk_tree_path_new_first ();

    gtk_tree_selection_select_path (gtk_tree_view_get_selection (view), first);
    gtk_tree_path_free (first);
  }
  g_assert_null (line (f, "os-error"));
  g_assert_cmpstr (line (f, "os-defaults") ? "shown" : NULL, ==, "shown");
  press_forward (f);
  press_forward (f);
  page (f, "storage");
  g_assert_nonnull (strstr (line (f, "storage-image"), image));
  g_assert_false (gtk_widget_get_mapped (field (f, "Size")));
  press_forward (f);
  page (f, "name");
  g_assert_cmpstr (text_of (f, "Name"), ==, "vm");
  g_assert_cmpstr (line (f, "summary-os"), ==, "Generic OS");
  g_assert_cmpstr (line (f, "summary-storage"), ==, image);
  press_finish_and_wait (f);
  xml = definition (f, "vm", TRUE);
  assert_xpath (xml, "//disk[@device='disk']/source/@file", image);
  assert_xpath (xml, "//disk[@device='cdrom']", NULL);
  /* Nothing new in the pools. */
  {
    g_autofree char *now = all_volumes (f);

    g_assert_cmpstr (now, ==, f->volumes_before);
  }
}

static void
test_pxe_and_manual (Fixture *f, gconstpointer data)
{
  g_autofree char *xml = NULL;

  open_wizard (f);
  choose_method (f, "Network boot (PXE)");
  set_combo (f, "Boot from network", "lab");
  press_forward (f);
  pick_os (f, "debian11");
  press_forward (f);
  press_forward (f);
  /* No disk at all. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (
    field (f, "Enable storage for this virtual machine")), FALSE);
  g_assert_false (gtk_widget_is_sensitive (field (f, "Size")));
  press_forward (f);
  page (f, "name");
  /* The NIC is on the network it boots from. */
  g_assert_cmpstr (combo (f, "Network"), ==, "network:lab");
  g_assert_false (gtk_widget_is_sensitive (field (f, "Network")));
  g_assert_cmpstr (line (f, "summary-storage"), ==, "None");
  set_text (f, "Name", "netboot");
  press_finish_and_wait (f);
  xml = definition (f, "netboot", TRUE);
  assert_xpath (xml, "//interface/source/@network", "lab");
  assert_xpath (xml, "//disk", NULL);

  /* And a manual install, in a new wizard. */
  f->created = 0;
  open_wizard (f);
  choose_method (f, "Manual install (no media)");
  press_forward (f);
  pick_os (f, "generic");
  press_forward (f);
  set_spin (f, "Memory", 1024);
  set_spin (f, "CPUs", 1);
  press_forward (f);
  set_spin (f, "Size", 8);
  press_forward (f);
  set_text (f, "Name", "manual");
  set_combo (f, "Network", "none");
  g_assert_false (gtk_widget_is_sensitive (field (f, "MAC address")));
  press_finish_and_wait (f);
  g_clear_pointer (&xml, g_free);
  xml = definition (f, "manual", TRUE);
  assert_xpath (xml, "/domain/memory", "1048576");
  assert_xpath (xml, "/domain/vcpu", "1");
  assert_xpath (xml, "//interface", NULL);
  assert_xpath (xml, "//disk[@device='cdrom']", NULL);
  {
    g_autofree char *images = path_in ("images/manual.qcow2");

    assert_xpath (xml, "//disk[@device='disk']/source/@file", images);
  }
}

/* ---- bad input ---- */

static void
test_bad_source (Fixture *f, gconstpointer data)
{
  g_autofree char *not_iso = path_in ("images/notes.txt");
  g_autofree char *cloud = path_in ("images/cloud.qcow2");

  open_wizard (f);
  press_forward (f);
  assert_said (f, 1, "iso-error", "Choose an ISO image or a CD-ROM device.");
  type_iso (f, "/nowhere/installer.iso");
  g_assert_true (forward_enabled (f));
  press_forward (f);
  assert_said (f, 1, "iso-error", "There is no “/nowhere/installer.iso” on this computer.");
  type_iso (f, "relative.iso");
  press_forward (f);
  assert_said (f, 1, "iso-error", "Enter a full path, starting with “/”.");

  /* A file that is no ISO: libosinfo's answer, as soon as it is typed. */
  type_iso (f, not_iso);
  g_assert_nonnull (line (f, "iso-error"));
  g_assert_true (g_str_has_prefix (line (f, "iso-error"), "Cannot read the ISO"));
  g_assert_false (forward_enabled (f));

  choose_method (f, "Network install (HTTP, HTTPS or FTP)");
  g_assert_true (forward_enabled (f));
  set_text (f, "URL", "file:///srv/tree");
  press_forward (f);
  assert_said (f, 1, "url-error", "Enter a URL that starts with http://, https:// or ftp://.");

  choose_method (f, "Cloud image, set up with cloud-init");
  set_text (f, "User name", "Root User");
  set_text (f, "SSH public key", "");
  press_forward (f);
  assert_said (f, 1, "cloud-error", "Choose a cloud image.");
  g_assert_cmpstr (line (f, "cloud-user-error"), ==,
                   "A user name is lower-case letters, digits, “-” and “_”, starting with a "
                   "letter (at most 32).");
  g_assert_cmpstr (line (f, "cloud-key-error"), ==,
                   "Give a password or an SSH key: without either, nobody can log in.");
  yado_test_save_screenshot ("new-vm-field-errors");
  /* Each message goes with its field's change, and Forward comes back
   * with the last. */
  set_text (f, "User name", "alice");
  g_assert_null (line (f, "cloud-user-error"));
  g_assert_false (forward_enabled (f));
  set_text (f, "Cloud image", cloud);
  set_text (f, "SSH public key", "hello");
  g_assert_true (forward_enabled (f));
  press_forward (f);
  assert_said (f, 1, "cloud-key-error", "Not an SSH public key: one line such as “ssh-ed25519 "
                                        "AAAA… you@host”, as in ~/.ssh/id_ed25519.pub.");
  g_assert_null (line (f, "cloud-error"));
  gtk_entry_set_text (GTK_ENTRY (field (f, "Password")), "secret");
  set_text (f, "SSH public key", "");
  press_forward (f);
  page (f, "os");
}

/* To step 3 with a Debian ISO, then each later step's bad input. */
static void
test_bad_resources_and_name (Fixture *f, gconstpointer data)
{
  g_autofree char *iso = path_in ("isos/debian-11.iso");

  open_wizard (f);
  type_iso (f, iso);
  press_forward (f);
  press_forward (f);

  page (f, "memory");
  g_assert_cmpstr (line (f, "memory-note"), ==, "Up to 8192 MiB (8.0 GiB) available on the host");
  set_spin (f, "Memory", 10000);
  assert_said (f, 3, "memory-error", "The host has only 8.0 GiB of memory (8192 MiB).");
  set_spin (f, "Memory", 7000);
  g_assert_null (line (f, "memory-error"));
  g_assert_cmpstr (line (f, "memory-warning"), ==,
                   "That is more than 80 % of the host’s memory: the host and its other virtual "
                   "machines may run short.");
  g_assert_true (forward_enabled (f));
  set_spin (f, "Memory", 512);
  g_assert_cmpstr (line (f, "memory-warning"), ==,
                   "Less than the 1024 MiB recommended for Debian 11.");
  /* vCPUs stop at the host's 4. */
  set_spin (f, "CPUs", 16);
  g_assert_cmpint (spin (f, "CPUs"), ==, 4);
  press_forward (f);

  page (f, "storage");
  set_spin (f, "Size", 95);
  assert_said (f, 4, "disk-size-error", "“default” has only 90 GiB free.");
  set_combo (f, "Pool", "isos");
  g_assert_null (line (f, "disk-size-error"));
  set_combo (f, "Pool", "default");
  g_assert_nonnull (line (f, "disk-size-error"));
  set_spin (f, "Size", 30);
  g_assert_null (line (f, "disk-size-error"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field (f, "Use an existing disk image")), TRUE);
  g_assert_false (gtk_widget_is_sensitive (field (f, "Size")));
  press_forward (f);
  assert_said (f, 4, "disk-path-error", "Choose a disk image.");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field (f, "Create a disk image")), TRUE);
  g_assert_null (line (f, "disk-path-error"));
  press_forward (f);

  page (f, "name");
  set_text (f, "Name", "debian11");
  assert_said (f, 5, "name-error", "This host has a virtual machine called “debian11” already: "
                                   "choose another name.");
  set_text (f, "Name", "web/1");
  assert_said (f, 5, "name-error", "A name cannot have “/” or control characters in it.");
  set_text (f, "Name", "tab\there");
  assert_said (f, 5, "name-error", "A name cannot have “/” or control characters in it.");
  set_text (f, "Name", "");
  assert_said (f, 5, "name-error", "Enter a name.");
  set_text (f, "Name", "db-2");
  g_assert_null (line (f, "name-error"));
  g_assert_true (finish_enabled (f));
  set_text (f, "MAC address", "52:54:00:zz:00:01");
  assert_said (f, 5, "mac-error", "Not a MAC address: six pairs of hex digits, such as "
                                  "52:54:00:12:34:56 (not a multicast one).");
  set_combo (f, "Network", "bridge");
  set_text (f, "MAC address", WEB_MAC);
  g_assert_true (finish_enabled (f));
  gtk_button_clicked (GTK_BUTTON (button (f, GTK_RESPONSE_OK)));
  wait_idle (f);
  assert_said (f, 5, "net-device-error", "Enter the name of a bridge on the host, such as br0.");
  set_text (f, "Bridge", "br0");
  set_combo (f, "Network", "network:default");
  /* Another VM's MAC: the host is asked at Finish. */
  gtk_button_clicked (GTK_BUTTON (button (f, GTK_RESPONSE_OK)));
  wait_idle (f);
  assert_said (f, 5, "mac-error", "“web” has a NIC with this MAC address already.");
  g_assert_cmpuint (f->created, ==, 0);
  g_assert_false (yado_test_has_domain (f->conn, "db-2"));
  {
    g_autofree char *now = all_volumes (f);

    g_assert_cmpstr (now, ==, f->volumes_before);
  }
  /* Going back keeps what was typed. */
  press_back (f);
  page (f, "storage");
  g_assert_cmpint (spin (f, "Size"), ==, 30);
  press_back (f);
  page (f, "memory");
  g_assert_cmpint (spin (f, "Memory"), ==, 512);
}

/* File → New Virtual Machine (the toolbar's New, a connection's menu:
 * the same action) opens the wizard over the manager, on the selected
 * VM's connection rather than the first. */
static void
test_from_manager (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoConnectionList) list = yado_connection_list_new ();
  g_autoptr(GSettings) settings = yado_settings_new ();
  YadoConnection *first = yado_connection_list_add (list, "test:///default");
  YadoConnection *host = yado_connection_list_add (list, host_uri);
  YadoManagerWindow *manager;
  YadoNewVmWizard *wizard = NULL;
  g_autoptr(GList) toplevels = NULL;
  YadoDomain *web;

  yado_connection_set_stats_interval (first, 0);
  yado_connection_set_stats_interval (host, 0);
  yado_connection_open (first);
  yado_connection_open (host);
  yado_test_wait_until (yado_connection_get_domains_listed (first)
                        && yado_connection_get_domains_listed (host), WAIT_MS);
  manager = yado_manager_window_new (NULL, list, settings);
  gtk_window_present (GTK_WINDOW (manager));
  web = yado_test_domain (host, "web");
  yado_manager_window_select_domains (manager, &web, 1);
  g_action_group_activate_action (G_ACTION_GROUP (manager), "new-vm", NULL);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (YADO_IS_NEW_VM_WIZARD (l->data))
      wizard = l->data;
  g_assert_nonnull (wizard);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == GTK_WINDOW (manager));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (wizard)), ==, "New Virtual Machine");
  g_assert_true (yado_new_vm_wizard_get_connection (wizard) == host);
  /* Both hosts can be chosen. */
  {
    GtkComboBox *combo = GTK_COMBO_BOX (yado_test_find_widget_by_name (GTK_WIDGET (wizard),
                                                                       "Connection"));

    g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_combo_box_get_model (combo), NULL), ==,
                     2);
    g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, host_uri);
  }
  gtk_widget_destroy (GTK_WIDGET (wizard));
  gtk_widget_destroy (GTK_WIDGET (manager));
  yado_connection_close (first);
  yado_connection_close (host);
  yado_test_iterate_for (50);
}

/* ---- main ---- */

static void
make_iso (const char *relative, const char *volume_id, const char *publisher)
{
  g_autofree char *iso = path_in (relative);
  g_autofree char *content = path_in ("iso-content");
  const char *argv[16] = { "xorriso", "-as", "mkisofs", "-quiet", "-V", volume_id };
  guint n = 6;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  write_file ("iso-content/README.TXT", "Yado test medium\n");
  if (publisher != NULL)
    {
      argv[n++] = "-publisher";
      argv[n++] = publisher;
    }
  argv[n++] = "-o";
  argv[n++] = iso;
  argv[n++] = content;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &errors,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xorriso failed: %s", errors);
}

/* The test's host: the fixture with its pools in the test's directory,
 * whose volumes are files (the ISOs real images). */
static void
make_host (void)
{
  g_autofree char *fixture_uri = yado_test_fixture_uri ("new-vm-host.xml");
  g_autofree char *text = NULL;
  g_autofree char *copy = path_in ("new-vm-host.xml");
  g_autofree char *isos = path_in ("isos");
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (fixture_uri + strlen ("test://"), &text, NULL, NULL));
  parts = g_strsplit (text, FIXTURE_DIR, -1);
  joined = g_strjoinv (test_dir, parts);
  g_file_set_contents (copy, joined, -1, &error);
  g_assert_no_error (error);
  host_uri = g_strconcat ("test://", copy, NULL);

  g_assert_cmpint (g_mkdir_with_parents (isos, 0700), ==, 0);
  make_iso ("isos/debian-11.iso", "Debian 11.6.0 amd64 n", NULL);
  make_iso ("isos/win11.iso", "CCCOMA_X64FRE_EN-US_DV9", "MICROSOFT CORPORATION");
  write_file ("images/cloud.qcow2", "QFI\xfb");
  write_file ("images/old-disk.qcow2", "QFI\xfb");
  write_file ("images/notes.txt", "not an ISO image\n");
  write_file ("home/.ssh/id_ed25519.pub",
              "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHYadoTestKeyYadoTestKeyYadoTestKey0001 "
              "alice@test\n");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  test_dir = g_dir_make_tmp ("yado-new-vm-XXXXXX", &error);
  g_assert_no_error (error);
  {
    /* "Load ~/.ssh/id_*.pub" reads the test's key. */
    g_autofree char *home = path_in ("home");

    g_setenv ("HOME", home, TRUE);
  }
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
  /* The application's style: the field messages' colours. */
  yado_application_ensure_style ();
  virSetErrorFunc (NULL, ignore_libvirt_error);
  make_host ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/new-vm/iso-debian", test_iso_debian);
  ADD ("/new-vm/windows11-customize", test_windows11_customize);
  ADD ("/new-vm/url-cancel", test_url_cancel);
  ADD ("/new-vm/url-failure", test_url_failure);
  ADD ("/new-vm/cloud-image", test_cloud_image);
  ADD ("/new-vm/import", test_import);
  ADD ("/new-vm/pxe-and-manual", test_pxe_and_manual);
  ADD ("/new-vm/bad-source", test_bad_source);
  ADD ("/new-vm/bad-resources-and-name", test_bad_resources_and_name);
  ADD ("/new-vm/from-manager", test_from_manager);
#undef ADD
  result = g_test_run ();
  remove_tree (test_dir);
  g_free (test_dir);
  g_free (host_uri);
  return result;
}
