/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Editing a domain's XML loses nothing: a rich definition (every device
 * type, <metadata> of another application, qemu:commandline, a comment)
 * is changed one field at a time and compared with a golden file that
 * differs from the original in that field only (tests/data/config/, made
 * by hand from rich-domain.xml).
 */
#include "config.h"

#include <string.h>

#include "yado-domain-config.h"
#include "yado-domain-edit.h"
#include "yado-error.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("YADO_SOURCE_ROOT"), "tests", "data", "config", name, NULL);
}

static char *
read_data (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static YadoDomainConfig *
load_rich (void)
{
  g_autofree char *xml = read_data ("rich-domain.xml");
  g_autoptr(GError) error = NULL;
  YadoDomainConfig *config = yado_domain_config_new (xml, &error);

  g_assert_no_error (error);
  return config;
}

static void
assert_golden (YadoDomainConfig *config, const char *golden)
{
  g_autofree char *expected = read_data (golden);
  g_autofree char *actual = yado_domain_config_to_xml (config);
  g_auto(GStrv) expected_lines = g_strsplit (expected, "\n", -1);
  g_auto(GStrv) actual_lines = g_strsplit (actual, "\n", -1);

  /* Line by line, so that a failure shows the line that differs. */
  for (guint i = 0; expected_lines[i] != NULL && actual_lines[i] != NULL; i++)
    if (g_strcmp0 (actual_lines[i], expected_lines[i]) != 0)
      g_error ("%s line %u: got\n%s\nexpected\n%s", golden, i + 1, actual_lines[i],
               expected_lines[i]);
  g_assert_cmpstr (actual, ==, expected);
}

/* The first device whose label is @label. */
static xmlNodePtr
device_labelled (YadoDomainConfig *config, const char *label)
{
  for (guint i = 0; i < yado_domain_config_get_n_devices (config); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (config, i);
      g_autofree char *text = yado_device_get_label (config, device);

      if (g_strcmp0 (text, label) == 0)
        return device;
    }
  g_error ("no device labelled %s", label);
}

static void
test_unchanged_is_byte_for_byte (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();

  assert_golden (config, "rich-domain.xml");
}

static void
test_every_device_has_a_row (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  static const char *const labels[] = {
    "VirtIO Disk 1", "SATA Disk 2", "SATA CD-ROM 1", "Floppy 1", "Controller USB 0",
    "Controller PCI 0", "Controller VirtIO Serial 0", "Controller SCSI 0", "Filesystem share",
    "NIC :12:34:56", "NIC :ab:cd:ef", "Smartcard", "Serial 1", "Console 1", "Channel qemu-ga",
    "Channel spice", "Tablet USB", "Keyboard PS/2", "TPM tpm-crb", "Display Spice",
    "Display VNC", "Sound ich9", "Video QXL", "USB 046d:c52b", "PCI 0000:03:00.0",
    "USB Redirector 1", "Watchdog", "Memory Balloon", "RNG /dev/urandom", "Panic Notifier",
    "shmem",
  };

  /* <emulator> is no device: the overview shows it. */
  g_assert_cmpuint (yado_domain_config_get_n_devices (config), ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (config, i);
      g_autofree char *label = yado_device_get_label (config, device);

      g_assert_cmpstr (label, ==, labels[i]);
      g_assert_cmpuint (yado_device_get_id (device), !=, 0);
    }
  g_assert_cmpint (yado_device_get_kind (yado_domain_config_get_device (config, 2)), ==,
                   YADO_DEVICE_CDROM);
  g_assert_cmpint (yado_device_get_kind (yado_domain_config_get_device (config, 30)), ==,
                   YADO_DEVICE_OTHER);
}

static void
test_current_memory (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();

  g_assert_cmpuint (yado_domain_config_get_memory_kib (config), ==, 2097152);
  g_assert_cmpuint (yado_domain_config_get_current_memory_kib (config), ==, 1048576);
  g_assert_false (yado_domain_config_set_current_memory_kib (config, 1048576));
  g_assert_true (yado_domain_config_set_current_memory_kib (config, 1572864));
  assert_golden (config, "rich-domain-memory.xml");
}

static void
test_memory_units (void)
{
  g_autoptr(YadoDomainConfig) config = yado_domain_config_new (
    "<domain><name>m</name><memory unit='GiB'>2</memory>"
    "<currentMemory unit='MiB'>1536</currentMemory></domain>", NULL);

  g_assert_cmpuint (yado_domain_config_get_memory_kib (config), ==, 2 * 1024 * 1024);
  g_assert_cmpuint (yado_domain_config_get_current_memory_kib (config), ==, 1536 * 1024);
  /* The same amount in other words is no change. */
  g_assert_false (yado_domain_config_set_memory_kib (config, 2 * 1024 * 1024));
}

static void
test_vcpus (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();

  g_assert_cmpuint (yado_domain_config_get_max_vcpus (config), ==, 4);
  g_assert_cmpuint (yado_domain_config_get_current_vcpus (config), ==, 2);
  g_assert_true (yado_domain_config_set_vcpus (config, 3, 4));
  assert_golden (config, "rich-domain-vcpus.xml");
}

static void
test_disk_cache (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  xmlNodePtr disk = device_labelled (config, "VirtIO Disk 1");
  g_autofree char *discard = yado_xml_node_get (disk, "driver/@discard");

  g_assert_cmpstr (discard, ==, "unmap");
  g_assert_true (yado_xml_node_set (disk, "driver/@cache", "none"));
  g_assert_false (yado_xml_node_set (disk, "driver/@cache", "none"));
  assert_golden (config, "rich-domain-disk-cache.xml");
}

static void
test_nic_model (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  xmlNodePtr nic = device_labelled (config, "NIC :ab:cd:ef");

  g_assert_true (yado_xml_node_set (nic, "model/@type", "virtio"));
  assert_golden (config, "rich-domain-nic-model.xml");
}

static void
test_new_element_is_indented (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  xmlNodePtr nic = device_labelled (config, "NIC :ab:cd:ef");

  g_assert_true (yado_xml_node_set (nic, "link/@state", "down"));
  assert_golden (config, "rich-domain-nic-link.xml");
}

static void
test_cdrom_eject_prunes_empty_source (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  xmlNodePtr cdrom = device_labelled (config, "SATA CD-ROM 1");

  g_assert_true (yado_xml_node_set (cdrom, "source/@file", NULL));
  g_assert_null (yado_xml_node_get (cdrom, "source/@file"));
  assert_golden (config, "rich-domain-cdrom-eject.xml");
}

static void
test_flag (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  xmlNodePtr disk = device_labelled (config, "SATA Disk 2");

  g_assert_true (yado_xml_node_get_flag (disk, "readonly"));
  g_assert_true (yado_xml_node_get_flag (disk, "shareable"));
  g_assert_true (yado_xml_node_set_flag (disk, "readonly", FALSE));
  g_assert_false (yado_xml_node_set_flag (disk, "readonly", FALSE));
  assert_golden (config, "rich-domain-sdb-writable.xml");
  g_assert_true (yado_xml_node_set_flag (disk, "readonly", TRUE));
  g_assert_true (yado_xml_node_get_flag (disk, "readonly"));
}

static void
test_title_removed (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();

  g_assert_true (yado_xml_node_set (yado_domain_config_get_root (config), "title", ""));
  assert_golden (config, "rich-domain-no-title.xml");
}

static void
test_remove_device (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();

  yado_domain_config_remove_device (config, device_labelled (config, "Watchdog"));
  assert_golden (config, "rich-domain-remove-watchdog.xml");
}

static void
test_add_device (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  g_autoptr(GError) error = NULL;
  xmlNodePtr disk;

  disk = yado_domain_config_add_device (config,
                                        "<disk type=\"file\" device=\"disk\">\n"
                                        "  <driver name=\"qemu\" type=\"qcow2\"/>\n"
                                        "  <source file=\"/var/lib/libvirt/images/new.qcow2\"/>\n"
                                        "  <target dev=\"vdb\" bus=\"virtio\"/>\n"
                                        "</disk>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yado_device_get_id (disk), ==, 0);
  assert_golden (config, "rich-domain-add-disk.xml");

  g_assert_null (yado_domain_config_add_device (config, "<disk", &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
}

static void
test_boot_order (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  g_autoptr(GArray) order = yado_domain_config_get_boot_order (config);
  YadoBootEntry *first = &g_array_index (order, YadoBootEntry, 0);
  YadoBootEntry *second = &g_array_index (order, YadoBootEntry, 1);
  YadoBootEntry swapped[2];
  g_autofree char *first_label = yado_device_get_label (config, first->device);
  g_autofree char *second_label = yado_device_get_label (config, second->device);

  /* <boot dev='hd'/><boot dev='cdrom'/>: the first disk, then the CD. */
  g_assert_cmpstr (first_label, ==, "VirtIO Disk 1");
  g_assert_cmpstr (second_label, ==, "SATA CD-ROM 1");
  g_assert_true (first->enabled && second->enabled);
  g_assert_false (g_array_index (order, YadoBootEntry, 2).enabled);
  g_assert_false (yado_domain_config_set_boot_order (config, (YadoBootEntry *) order->data,
                                                     order->len));

  swapped[0] = *second;
  swapped[1] = *first;
  g_assert_true (yado_domain_config_set_boot_order (config, swapped, 2));
  assert_golden (config, "rich-domain-boot-order.xml");
}

static void
test_copy_keeps_device_ids (void)
{
  g_autoptr(YadoDomainConfig) config = load_rich ();
  g_autoptr(YadoDomainConfig) copy = yado_domain_config_copy (config);

  for (guint i = 0; i < yado_domain_config_get_n_devices (config); i++)
    {
      guint id = yado_device_get_id (yado_domain_config_get_device (config, i));

      g_assert_nonnull (yado_domain_config_find_device (copy, id));
    }
}

static YadoLiveChange *
find_live (YadoDomainEdit *edit, YadoLiveChangeKind kind)
{
  for (guint i = 0; i < edit->live->len; i++)
    {
      YadoLiveChange *change = g_ptr_array_index (edit->live, i);

      if (change->kind == kind)
        return change;
    }
  return NULL;
}

static void
test_edit_live_changes (void)
{
  g_autoptr(YadoDomainConfig) before = load_rich ();
  g_autoptr(YadoDomainConfig) after = yado_domain_config_copy (before);
  g_autoptr(YadoDomainEdit) edit = NULL;
  g_autoptr(YadoDomainEdit) stopped = NULL;
  YadoLiveChange *change;

  yado_domain_config_set_current_memory_kib (after, 1572864);
  yado_xml_node_set (device_labelled (after, "NIC :12:34:56"), "link/@state", "down");
  yado_domain_config_remove_device (after, device_labelled (after, "Watchdog"));
  yado_domain_config_add_device (after, "<rng model='virtio'><backend model='random'>"
                                 "/dev/random</backend></rng>", NULL);
  edit = yado_domain_edit_new (before, after, TRUE);

  g_assert_nonnull (edit->config_xml);
  g_assert_null (edit->new_name);
  g_assert_cmpuint (edit->live->len, ==, 4);
  change = find_live (edit, YADO_LIVE_MEMORY);
  g_assert_cmpuint (change->value, ==, 1572864);
  change = find_live (edit, YADO_LIVE_UPDATE_DEVICE);
  g_assert_cmpstr (change->label, ==, "NIC :12:34:56");
  g_assert_nonnull (strstr (change->xml, "<link state=\"down\"/>"));
  change = find_live (edit, YADO_LIVE_DETACH_DEVICE);
  g_assert_cmpstr (change->label, ==, "Watchdog");
  change = find_live (edit, YADO_LIVE_ATTACH_DEVICE);
  g_assert_nonnull (strstr (change->xml, "/dev/random"));

  /* Shut off: the definition only. */
  stopped = yado_domain_edit_new (before, after, FALSE);
  g_assert_cmpuint (stopped->live->len, ==, 0);
}

static void
test_edit_rename (void)
{
  g_autoptr(YadoDomainConfig) before = load_rich ();
  g_autoptr(YadoDomainConfig) after = yado_domain_config_copy (before);
  g_autoptr(YadoDomainEdit) edit = NULL;
  g_autoptr(YadoDomainEdit) none = yado_domain_edit_new (before, after, FALSE);

  g_assert_true (yado_domain_edit_is_empty (none));
  yado_xml_node_set (yado_domain_config_get_root (after), "name", "richer");
  edit = yado_domain_edit_new (before, after, FALSE);
  g_assert_cmpstr (edit->new_name, ==, "richer");
  /* Nothing else changed: no definition to write. */
  g_assert_null (edit->config_xml);
}

static void
test_pending (void)
{
  g_autoptr(YadoDomainConfig) next = load_rich ();
  g_autoptr(YadoDomainConfig) running = load_rich ();
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  xmlNodePtr nic;
  YadoPendingChange *change;

  /* The running definition adds aliases and addresses: not a change. */
  nic = device_labelled (running, "NIC :12:34:56");
  yado_xml_node_set (nic, "alias/@name", "net0");
  yado_xml_node_set (nic, "source/@bridge", "virbr0");
  none = yado_domain_config_pending (next, running);
  g_assert_cmpuint (none->len, ==, 0);

  yado_domain_config_set_memory_kib (next, 4194304);
  yado_xml_node_set (device_labelled (next, "VirtIO Disk 1"), "driver/@cache", "none");
  yado_domain_config_remove_device (next, device_labelled (next, "Watchdog"));
  pending = yado_domain_config_pending (next, running);
  g_assert_cmpuint (pending->len, ==, 3);
  change = g_ptr_array_index (pending, 0);
  g_assert_cmpstr (change->label, ==, "Maximum memory");
  g_assert_cmpstr (change->section, ==, "memory");
  change = g_ptr_array_index (pending, 1);
  g_assert_cmpstr (change->label, ==, "VirtIO Disk 1");
  g_assert_nonnull (strstr (change->next_xml, "cache=\"none\""));
  g_assert_null (strstr (change->running_xml, "cache=\"none\""));
  change = g_ptr_array_index (pending, 2);
  g_assert_cmpstr (change->label, ==, "Watchdog");
  g_assert_null (change->next_xml);
}

/* What libvirt rewrites when a VM starts is no change of the user's. */
static void
test_pending_ignores_start_rewrites (void)
{
  g_autoptr(YadoDomainConfig) next = load_rich ();
  g_autoptr(YadoDomainConfig) running = load_rich ();
  g_autoptr(GPtrArray) pending = NULL;
  xmlNodePtr floppy = device_labelled (next, "Floppy 1");

  /* <cpu check='none'> runs as check='full'; an empty drive's driver
   * loses its type='raw'. */
  yado_xml_node_set (yado_domain_config_get_root (running), "cpu/@check", "full");
  yado_xml_node_set (floppy, "driver/@name", "qemu");
  yado_xml_node_set (floppy, "driver/@type", "raw");
  yado_xml_node_set (device_labelled (running, "Floppy 1"), "driver/@name", "qemu");
  pending = yado_domain_config_pending (next, running);
  g_assert_cmpuint (pending->len, ==, 0);
}

static void
test_not_a_domain (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (yado_domain_config_new ("<network/>", &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (yado_domain_config_new ("<domain>\n<name>x</name>\n<devices>", &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 3"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain-config/unchanged-is-byte-for-byte", test_unchanged_is_byte_for_byte);
  g_test_add_func ("/domain-config/every-device-has-a-row", test_every_device_has_a_row);
  g_test_add_func ("/domain-config/current-memory", test_current_memory);
  g_test_add_func ("/domain-config/memory-units", test_memory_units);
  g_test_add_func ("/domain-config/vcpus", test_vcpus);
  g_test_add_func ("/domain-config/disk-cache", test_disk_cache);
  g_test_add_func ("/domain-config/nic-model", test_nic_model);
  g_test_add_func ("/domain-config/new-element-is-indented", test_new_element_is_indented);
  g_test_add_func ("/domain-config/cdrom-eject", test_cdrom_eject_prunes_empty_source);
  g_test_add_func ("/domain-config/flag", test_flag);
  g_test_add_func ("/domain-config/title-removed", test_title_removed);
  g_test_add_func ("/domain-config/remove-device", test_remove_device);
  g_test_add_func ("/domain-config/add-device", test_add_device);
  g_test_add_func ("/domain-config/boot-order", test_boot_order);
  g_test_add_func ("/domain-config/copy-keeps-device-ids", test_copy_keeps_device_ids);
  g_test_add_func ("/domain-config/edit-live-changes", test_edit_live_changes);
  g_test_add_func ("/domain-config/edit-rename", test_edit_rename);
  g_test_add_func ("/domain-config/pending", test_pending);
  g_test_add_func ("/domain-config/pending-ignores-start-rewrites",
                   test_pending_ignores_start_rewrites);
  g_test_add_func ("/domain-config/not-a-domain", test_not_a_domain);
  return g_test_run ();
}
