/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Add Hardware dialog, in-process under Xvfb, against the test
 * driver's hardware-host.xml (tests/data/README.md): the defaults a user
 * sees (a 20 GiB qcow2 virtio disk in "default", a NIC on "default" with a
 * fresh MAC), bad input told under its field with nothing sent to libvirt,
 * a disk on a new volume and a CD-ROM on an existing image, a NIC, a USB
 * host device (the list says which VM has each), and libvirt's refusals
 * kept in the dialog (a volume made for it deleted again). Every result is
 * read back from libvirt.
 *
 * YADO_TEST_SCREENSHOT_DIR=DIR saves DIR/add-hardware-storage.png,
 * -network.png, -storage-error.png (a path that is not there), -usb.png
 * and -refused.png (libvirt's refusal).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-add-hardware-dialog.h"
#include "yado-device-xml.h"
#include "yado-resources.h"
#include "yado-storage-pool.h"
#include "yado-storage-volume.h"
#include "yado-test-console.h"
#include "yado-test-utils.h"
#include "yado-xml.h"

#define WAIT_MS 10000
#define IMAGES "/var/lib/yado-hw/images/"

typedef struct {
  YadoConnection        *c;
  virConnectPtr          conn;     /* the connection's handle: its copy of the host */
  YadoAddHardwareDialog *dialog;   /* weak */
  char                  *db_xml;   /* db's definition before the test */
  guint                  added;    /* "device-added" emissions */
  char                  *live_error;
} Fixture;

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
}

static char *
definition (Fixture *f, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (f->conn, name);
  char *xml = dom ? virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE) : NULL;
  char *copy = g_strdup (xml);

  g_assert_nonnull (xml);
  free (xml);
  virDomainFree (dom);
  return copy;
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  g_autoptr(GError) error = NULL;

  f->c = yado_connection_new (uri);
  yado_connection_set_stats_interval (f->c, 0);
  if (!yado_connection_open_sync (f->c, WAIT_MS, &error))
    g_error ("Could not open %s: %s", uri, error->message);
  f->conn = yado_connection_ref_handle (f->c);
  /* The pages list what the connection has listed. */
  yado_test_wait_until (g_list_model_get_n_items (yado_connection_get_networks (f->c)) == 2
                        && g_list_model_get_n_items (yado_connection_get_storage_pools (f->c)) == 2,
                        WAIT_MS);
  f->db_xml = definition (f, "db");
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  if (f->dialog != NULL)
    gtk_widget_destroy (GTK_WIDGET (f->dialog));
  g_assert_null (f->dialog);
  g_free (f->db_xml);
  g_free (f->live_error);
  virConnectClose (f->conn);
  yado_connection_close (f->c);
  g_object_unref (f->c);
  for (int i = 0; i < 5; i++)
    yado_test_iterate ();
}

static void
on_device_added (YadoAddHardwareDialog *dialog, const char *live_error, Fixture *f)
{
  f->added++;
  g_free (f->live_error);
  f->live_error = g_strdup (live_error);
}

/* Opens the dialog for @name where a user sees it, and waits until its
 * pages are there. */
static YadoAddHardwareDialog *
open_dialog (Fixture *f, const char *name)
{
  f->dialog = yado_add_hardware_dialog_new (NULL, yado_test_domain (f->c, name));
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  g_signal_connect (f->dialog, "device-added", G_CALLBACK (on_device_added), f);
  gtk_window_move (GTK_WINDOW (f->dialog), 0, 0);
  gtk_window_present (GTK_WINDOW (f->dialog));
  yado_test_wait_until (yado_add_hardware_dialog_get_ready (f->dialog)
                        && gtk_widget_get_mapped (GTK_WIDGET (f->dialog)), WAIT_MS);
  return f->dialog;
}

/* ---- what the user sees ---- */

static GtkStack *
stack_of (Fixture *f)
{
  return GTK_STACK (yado_test_find_widget_of_type (GTK_WIDGET (f->dialog), GTK_TYPE_STACK));
}

/* Goes to @page as a click on its row would, and returns it. */
static GtkWidget *
page (Fixture *f, const char *id)
{
  g_assert_true (yado_add_hardware_dialog_select_page (f->dialog, id));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (f)), ==, id);
  return gtk_stack_get_child_by_name (stack_of (f), id);
}

/* The field labelled @name on @page_widget. */
static GtkWidget *
field (GtkWidget *page_widget, const char *name)
{
  GtkWidget *widget = yado_test_find_widget_by_name (page_widget, name);

  if (widget == NULL)
    g_error ("no field “%s” on the page", name);
  return widget;
}

static const char *
combo (GtkWidget *page_widget, const char *name)
{
  return gtk_combo_box_get_active_id (GTK_COMBO_BOX (field (page_widget, name)));
}

static void
set_combo (GtkWidget *page_widget, const char *name, const char *id)
{
  g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (field (page_widget, name)), id));
}

static void
set_text (GtkWidget *page_widget, const char *name, const char *text)
{
  gtk_entry_set_text (GTK_ENTRY (field (page_widget, name)), text);
}

static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  g_autoptr(GList) children = NULL;

  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = find_named (l->data, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The message under a field (its error label, "path-error"), or NULL
 * when none is shown. */
static const char *
field_error (GtkWidget *page_widget, const char *name)
{
  GtkWidget *label = find_named (page_widget, name);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) && gtk_widget_get_mapped (label)
         ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static GtkWidget *
error_bar (Fixture *f)
{
  return yado_test_find_widget_of_type (GTK_WIDGET (f->dialog), GTK_TYPE_INFO_BAR);
}

static const char *
bar_error (Fixture *f)
{
  GtkWidget *bar = error_bar (f);

  if (!gtk_widget_get_visible (bar))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (find_named (bar, "error-label")));
}

/* Presses Finish and waits until the dialog has done what it does. */
static void
press_finish (Fixture *f)
{
  GtkWidget *finish = gtk_dialog_get_widget_for_response (GTK_DIALOG (f->dialog), GTK_RESPONSE_OK);

  g_assert_true (gtk_widget_is_sensitive (finish));
  gtk_button_clicked (GTK_BUTTON (finish));
  yado_test_wait_until (f->dialog == NULL || !yado_add_hardware_dialog_get_busy (f->dialog),
                        WAIT_MS);
}

/* Finish found @page_widget's field wrong: its message is @expected,
 * the dialog stays and libvirt was told nothing. */
static void
assert_refused_at (Fixture *f, GtkWidget *page_widget, const char *error_name,
                   const char *expected)
{
  g_autofree char *now = NULL;

  press_finish (f);
  g_assert_nonnull (f->dialog);
  g_assert_cmpstr (field_error (page_widget, error_name), ==, expected);
  g_assert_null (bar_error (f));
  g_assert_cmpuint (f->added, ==, 0);
  now = definition (f, "db");
  g_assert_cmpstr (now, ==, f->db_xml);
}

static GPtrArray *
volumes_of (Fixture *f, const char *pool_name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (f->conn, pool_name);
  virStorageVolPtr *vols = NULL;
  int n = virStoragePoolListAllVolumes (pool, &vols, 0);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virStorageVolGetName (vols[i])));
      virStorageVolFree (vols[i]);
    }
  free (vols);
  virStoragePoolFree (pool);
  return names;
}

static guint
n_volumes (Fixture *f)
{
  g_autoptr(GPtrArray) names = volumes_of (f, "default");

  return names->len;
}

/* The value at @xpath in @name's definition, as libvirt keeps it. */
static char *
defined_value (Fixture *f, const char *name, const char *xpath)
{
  g_autofree char *xml = definition (f, name);
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  return yado_xml_get_string (doc, xpath);
}

static gboolean
defined_has (Fixture *f, const char *xpath)
{
  g_autofree char *xml = definition (f, "db");
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  return yado_xml_has (doc, xpath);
}

#define assert_defined(f, xpath, expected)                        \
  G_STMT_START {                                                  \
    g_autofree char *_v = defined_value ((f), "db", (xpath));     \
    g_assert_cmpstr (_v, ==, (expected));                         \
  } G_STMT_END

/* ---- tests ---- */

static void
test_defaults (Fixture *f, gconstpointer data)
{
  YadoAddHardwareDialog *dialog = open_dialog (f, "db");
  GtkWidget *storage = page (f, "storage");
  GtkWidget *network;
  GtkWidget *create = yado_test_find_widget_by_name (storage,
                                                      "Create a disk image for the virtual machine");
  const char *mac;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Add New Virtual Hardware");
  /* Storage first: a new 20 GiB qcow2 image in "default", on virtio. */
  g_assert_cmpstr (combo (storage, "Device type"), ==, "disk");
  g_assert_cmpstr (combo (storage, "Bus type"), ==, "virtio");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (create)));
  g_assert_cmpstr (combo (storage, "Pool"), ==, "default");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field (storage, "Size in GiB"))),
                     ==, 20);
  g_assert_cmpstr (combo (storage, "Format"), ==, "qcow2");
  g_assert_cmpstr (combo (storage, "Cache mode"), ==, "");
  /* 100 GiB, 10 of them used by the two volumes. */
  g_assert_nonnull (yado_test_find_widget_by_name (storage, "90 GiB available in “default”"));
  g_assert_false (gtk_widget_is_sensitive (field (storage, "Path")));
  yado_test_save_screenshot ("add-hardware-storage");

  /* A CD-ROM goes on SATA (the test driver names no chipset: Q35's). */
  set_combo (storage, "Device type", "cdrom");
  g_assert_cmpstr (combo (storage, "Bus type"), ==, "sata");
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_true (gtk_widget_is_sensitive (field (storage, "Path")));
  set_combo (storage, "Device type", "floppy");
  g_assert_cmpstr (combo (storage, "Bus type"), ==, "fdc");

  /* A NIC on "default", virtio, with a fresh MAC in QEMU's range. */
  network = page (f, "network");
  g_assert_cmpstr (combo (network, "Network source"), ==, "network:default");
  g_assert_cmpstr (combo (network, "Device model"), ==, "virtio");
  mac = gtk_entry_get_text (GTK_ENTRY (field (network, "MAC address")));
  g_assert_true (yado_mac_is_valid (mac));
  g_assert_true (g_str_has_prefix (mac, "52:54:00:"));
  g_assert_false (gtk_widget_get_visible (field (network, "Device name")));
  yado_test_save_screenshot ("add-hardware-network");

  g_assert_cmpstr (combo (page (f, "sound"), "Model"), ==, "ich9");
  g_assert_cmpstr (combo (page (f, "video"), "Model"), ==, "virtio");
  g_assert_cmpstr (combo (page (f, "channel"), "Name"), ==, "org.qemu.guest_agent.0");
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (page (f, "rng"), "Host device"))), ==,
                   "/dev/urandom");
  g_assert_cmpstr (combo (page (f, "tpm"), "Model"), ==, "tpm-crb");
  g_assert_cmpstr (combo (page (f, "graphics"), "Type"), ==, "spice");
}

static void
test_bad_storage (Fixture *f, gconstpointer data)
{
  GtkWidget *storage;
  GtkSpinButton *size;

  open_dialog (f, "db");
  storage = page (f, "storage");
  size = GTK_SPIN_BUTTON (field (storage, "Size in GiB"));

  gtk_spin_button_set_value (size, 0);
  assert_refused_at (f, storage, "size-error", "The size must be more than 0 GiB.");
  gtk_spin_button_set_value (size, 200);
  assert_refused_at (f, storage, "size-error", "“default” has only 90 GiB free.");
  /* Changing the size clears what Finish said about it. */
  gtk_spin_button_set_value (size, 20);
  g_assert_null (field_error (storage, "size-error"));

  gtk_toggle_button_set_active (
    GTK_TOGGLE_BUTTON (yado_test_find_widget_by_name (storage, "Select or create custom storage")),
    TRUE);
  assert_refused_at (f, storage, "path-error", "Enter the path of a disk image.");
  set_text (storage, "Path", "disk.img");
  assert_refused_at (f, storage, "path-error", "Enter a full path, starting with “/”.");
  set_text (storage, "Path", "/nonexistent/yado/disk.img");
  assert_refused_at (f, storage, "path-error",
                     "There is no “/nonexistent/yado/disk.img” on this computer.");
  yado_test_save_screenshot ("add-hardware-storage-error");
  g_assert_cmpuint (n_volumes (f), ==, 2);
}

static void
test_bad_network (Fixture *f, gconstpointer data)
{
  GtkWidget *network;

  open_dialog (f, "db");
  network = page (f, "network");

  set_text (network, "MAC address", "52:54:00:zz:00:01");
  assert_refused_at (f, network, "mac-error",
                     "Not a MAC address: six pairs of hex digits, such as 52:54:00:12:34:56 "
                     "(not a multicast one).");
  set_text (network, "MAC address", "01:00:5e:00:00:01");
  assert_refused_at (f, network, "mac-error",
                     "Not a MAC address: six pairs of hex digits, such as 52:54:00:12:34:56 "
                     "(not a multicast one).");
  /* web-server's NIC has it (in capitals too: the same address). */
  set_text (network, "MAC address", "52:54:00:4A:7D:01");
  assert_refused_at (f, network, "mac-error", "“web-server” has a NIC with this MAC address already.");

  set_text (network, "MAC address", "52:54:00:4a:7d:77");
  set_combo (network, "Network source", "bridge");
  g_assert_true (gtk_widget_get_visible (field (network, "Device name")));
  assert_refused_at (f, network, "device-error",
                     "Enter the name of a bridge on the host, such as br0.");
}

static void
test_bad_other_pages (Fixture *f, gconstpointer data)
{
  GtkWidget *fs;
  GtkWidget *usb;

  open_dialog (f, "db");
  fs = page (f, "filesystem");
  assert_refused_at (f, fs, "source-error", "Enter the host directory to share.");
  g_assert_cmpstr (field_error (fs, "target-error"), ==, "Enter the name the guest mounts it by.");

  usb = page (f, "usb-host");
  yado_test_wait_until (gtk_tree_model_iter_n_children (
                          gtk_tree_view_get_model (GTK_TREE_VIEW (field (usb, "USB devices"))),
                          NULL) == 2, WAIT_MS);
  assert_refused_at (f, usb, "device-error", "Choose a device from the list.");

  set_text (page (f, "rng"), "Host device", "");
  assert_refused_at (f, page (f, "rng"), "device-error",
                     "Enter the host's random number source, such as /dev/urandom.");
}

static void
test_disk_on_new_volume (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) volumes = NULL;
  GtkWidget *storage;
  virStorageVolPtr volume;
  virStorageVolInfo info;

  open_dialog (f, "db");
  storage = page (f, "storage");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (storage, "Size in GiB")), 8);
  set_combo (storage, "Cache mode", "none");
  press_finish (f);

  /* Added and closed; db is shut off, so there is no live part to miss. */
  g_assert_null (f->dialog);
  g_assert_cmpuint (f->added, ==, 1);
  g_assert_null (f->live_error);
  /* "db.qcow2" is taken: the new volume is "db-1.qcow2", 8 GiB. */
  volumes = volumes_of (f, "default");
  g_assert_cmpuint (volumes->len, ==, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (volumes, "db-1.qcow2", g_str_equal, NULL));
  volume = virStorageVolLookupByPath (f->conn, IMAGES "db-1.qcow2");
  g_assert_nonnull (volume);
  g_assert_cmpint (virStorageVolGetInfo (volume, &info), ==, 0);
  g_assert_cmpuint (info.capacity, ==, G_GUINT64_CONSTANT (8) << 30);
  virStorageVolFree (volume);
  /* The definition has the disk, after vda. */
  assert_defined (f, "/domain/devices/disk[target/@dev='vdb']/source/@file", IMAGES "db-1.qcow2");
  assert_defined (f, "/domain/devices/disk[target/@dev='vdb']/target/@bus", "virtio");
  assert_defined (f, "/domain/devices/disk[target/@dev='vdb']/driver/@type", "qcow2");
  assert_defined (f, "/domain/devices/disk[target/@dev='vdb']/driver/@cache", "none");
}

static void
test_cdrom_on_existing_image (Fixture *f, gconstpointer data)
{
  g_autofree char *iso = NULL;
  GtkWidget *storage;
  int fd = g_file_open_tmp ("yado-test-XXXXXX.iso", &iso, NULL);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  open_dialog (f, "db");
  storage = page (f, "storage");
  set_combo (storage, "Device type", "cdrom");
  set_text (storage, "Path", iso);
  press_finish (f);
  g_unlink (iso);

  g_assert_null (f->dialog);
  g_assert_cmpuint (f->added, ==, 1);
  g_assert_cmpuint (n_volumes (f), ==, 2);
  assert_defined (f, "/domain/devices/disk[@device='cdrom']/source/@file", iso);
  assert_defined (f, "/domain/devices/disk[@device='cdrom']/target/@bus", "sata");
  assert_defined (f, "/domain/devices/disk[@device='cdrom']/target/@dev", "sda");
  g_assert_true (defined_has (f, "/domain/devices/disk[@device='cdrom']/readonly"));
}

static void
test_nic (Fixture *f, gconstpointer data)
{
  GtkWidget *network;

  open_dialog (f, "db");
  network = page (f, "network");
  set_combo (network, "Network source", "network:lab");
  set_combo (network, "Device model", "e1000e");
  set_text (network, "MAC address", "52:54:00:AA:BB:CC");
  press_finish (f);

  g_assert_null (f->dialog);
  g_assert_cmpuint (f->added, ==, 1);
  assert_defined (f, "/domain/devices/interface[mac/@address='52:54:00:aa:bb:cc']/source/@network",
                  "lab");
  assert_defined (f, "/domain/devices/interface[mac/@address='52:54:00:aa:bb:cc']/model/@type",
                  "e1000e");
  /* The NIC that was there stays. */
  assert_defined (f, "/domain/devices/interface[mac/@address='52:54:00:4a:7d:02']/source/@network",
                  "default");
}

static char *
hostdev_row (GtkTreeModel *model, int index, int column)
{
  GtkTreeIter iter;
  char *text = NULL;

  g_assert_true (gtk_tree_model_iter_nth_child (model, &iter, NULL, index));
  gtk_tree_model_get (model, &iter, column, &text, -1);
  return text;
}

static void
test_usb_host_device (Fixture *f, gconstpointer data)
{
  GtkWidget *usb;
  GtkTreeView *view;
  GtkTreeModel *model;
  GtkTreeModel *pci_model;
  g_autofree char *first = NULL;
  g_autofree char *first_used = NULL;
  g_autofree char *second = NULL;
  g_autofree char *second_used = NULL;
  GtkTreePath *path;

  open_dialog (f, "db");
  usb = page (f, "usb-host");
  view = GTK_TREE_VIEW (field (usb, "USB devices"));
  model = gtk_tree_view_get_model (view);
  yado_test_wait_until (gtk_tree_model_iter_n_children (model, NULL) == 2, WAIT_MS);

  /* The root hub is not offered; the flash drive is web-server's. */
  first = hostdev_row (model, 0, 0);
  first_used = hostdev_row (model, 0, 1);
  second = hostdev_row (model, 1, 0);
  second_used = hostdev_row (model, 1, 1);
  g_assert_cmpstr (first, ==, "001:003 SanDisk Corp. Cruzer Blade");
  g_assert_cmpstr (first_used, ==, "Used by web-server");
  g_assert_cmpstr (second, ==, "001:004 Logitech, Inc. Unifying Receiver");
  g_assert_cmpstr (second_used, ==, "");
  yado_test_save_screenshot ("add-hardware-usb");
  /* The PCI page has the two devices that are not bridges. */
  pci_model = gtk_tree_view_get_model (GTK_TREE_VIEW (field (page (f, "pci-host"), "PCI devices")));
  g_assert_cmpint (gtk_tree_model_iter_n_children (pci_model, NULL), ==, 2);

  page (f, "usb-host");
  path = gtk_tree_path_new_from_indices (1, -1);
  gtk_tree_view_set_cursor (view, path, NULL, FALSE);
  gtk_tree_path_free (path);
  press_finish (f);

  g_assert_null (f->dialog);
  assert_defined (f, "/domain/devices/hostdev[@type='usb']/source/vendor/@id", "0x046d");
  assert_defined (f, "/domain/devices/hostdev[@type='usb']/source/product/@id", "0xc52b");
}

/* A running VM: the test driver adds devices to neither definition, so
 * the dialog defines the next boot's with it, and says the running VM
 * waits for it. */
static void
test_running_vm (Fixture *f, gconstpointer data)
{
  g_autofree char *model = NULL;
  GtkWidget *network;

  open_dialog (f, "web-server");
  network = page (f, "network");
  set_text (network, "MAC address", "52:54:00:4a:7d:10");
  press_finish (f);

  g_assert_null (f->dialog);
  g_assert_cmpuint (f->added, ==, 1);
  /* In the definition; the running VM did not take it (the test driver
   * attaches nothing live), and libvirt's reason says so. */
  g_assert_nonnull (f->live_error);
  g_assert_nonnull (strstr (f->live_error, "not supported"));
  model = defined_value (f, "web-server",
                         "/domain/devices/interface[mac/@address='52:54:00:4a:7d:10']/model/@type");
  g_assert_cmpstr (model, ==, "virtio");
}

/* Adds a share of /tmp with @tag through the Filesystem page. */
static void
add_share (Fixture *f, const char *tag)
{
  GtkWidget *fs;

  open_dialog (f, "db");
  fs = page (f, "filesystem");
  set_text (fs, "Source path", g_get_tmp_dir ());
  set_text (fs, "Mount tag", tag);
  press_finish (f);
}

/* libvirt's own refusal (a second share with the same tag): its message
 * in the dialog, which stays; nothing changed. */
static void
test_libvirt_refusal (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  add_share (f, "share");
  g_assert_null (f->dialog);
  g_assert_cmpuint (f->added, ==, 1);
  assert_defined (f, "/domain/devices/filesystem/target/@dir", "share");
  assert_defined (f, "/domain/devices/filesystem/driver/@type", "virtiofs");
  before = definition (f, "db");

  add_share (f, "share");
  g_assert_nonnull (f->dialog);
  g_assert_cmpuint (f->added, ==, 1);
  g_assert_nonnull (bar_error (f));
  g_assert_true (g_str_has_prefix (bar_error (f), "Could not add the device: "));
  g_assert_nonnull (strstr (bar_error (f), "filesystem target 'share' specified twice"));
  g_assert_true (gtk_widget_get_mapped (error_bar (f)));
  yado_test_save_screenshot ("add-hardware-refused");
  now = definition (f, "db");
  g_assert_cmpstr (now, ==, before);
  /* Another try is possible. */
  g_assert_true (gtk_widget_is_sensitive (
    gtk_dialog_get_widget_for_response (GTK_DIALOG (f->dialog), GTK_RESPONSE_OK)));
}

/* Devices that talk through SPICE, on a VM with VNC only: said at the
 * field, nothing sent. */
static void
test_needs_spice (Fixture *f, gconstpointer data)
{
  static const char needs[] = "This needs a SPICE display, which this virtual machine does "
                              "not have: add one first (Graphics).";
  GtkWidget *channel;

  open_dialog (f, "db");
  assert_refused_at (f, page (f, "usb-redir"), "type-error", needs);
  channel = page (f, "channel");
  set_combo (channel, "Name", "com.redhat.spice.0");
  assert_refused_at (f, channel, "name-error", needs);
  assert_refused_at (f, page (f, "smartcard"), "mode-error", needs);
}

/* The VM is deleted elsewhere while the dialog is open: the new volume is
 * made, the device refused, the volume deleted again. */
static void
test_refused_disk_deletes_volume (Fixture *f, gconstpointer data)
{
  virDomainPtr db;

  open_dialog (f, "db");
  page (f, "storage");
  db = virDomainLookupByName (f->conn, "db");
  g_assert_cmpint (virDomainUndefine (db), ==, 0);
  virDomainFree (db);
  press_finish (f);

  g_assert_nonnull (f->dialog);
  g_assert_cmpuint (f->added, ==, 0);
  /* The device was refused, so the volume had been made: Finish makes
   * it first, and adds the device only once it is there. */
  g_assert_nonnull (bar_error (f));
  g_assert_true (g_str_has_prefix (bar_error (f), "Could not find “db”"));
  yado_test_wait_until (n_volumes (f) == 2, WAIT_MS);
}

/* Yado's touches on the theme, as the application loads them. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/dev/yado/Yado/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (provider),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
  load_style ();
  virSetErrorFunc (NULL, ignore_libvirt_error);
#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/add-hardware/defaults", test_defaults);
  ADD ("/add-hardware/bad-storage", test_bad_storage);
  ADD ("/add-hardware/bad-network", test_bad_network);
  ADD ("/add-hardware/bad-other-pages", test_bad_other_pages);
  ADD ("/add-hardware/disk-on-new-volume", test_disk_on_new_volume);
  ADD ("/add-hardware/cdrom-on-existing-image", test_cdrom_on_existing_image);
  ADD ("/add-hardware/nic", test_nic);
  ADD ("/add-hardware/usb-host-device", test_usb_host_device);
  ADD ("/add-hardware/running-vm", test_running_vm);
  ADD ("/add-hardware/libvirt-refusal", test_libvirt_refusal);
  ADD ("/add-hardware/needs-spice", test_needs_spice);
  ADD ("/add-hardware/refused-disk-deletes-volume", test_refused_disk_deletes_volume);
#undef ADD
  return g_test_run ();
}
