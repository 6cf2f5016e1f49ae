/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * New devices' XML (yado-device-xml.c): each builder's values read back
 * from its XML, the user's text escaped (never markup), and every built
 * device accepted by libvirt: defined, with VIR_DOMAIN_DEFINE_VALIDATE
 * (libvirt's schema and its own checks), into the test driver's "db" of
 * hardware-host.xml, and found in the definition libvirt gives back.
 * Also disk target names and MAC addresses.
 */
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-device-xml.h"
#include "yado-domain-config.h"
#include "yado-test-utils.h"
#include "yado-xml.h"

/* ---- reading a built device ---- */

/* The value at @xpath in @xml (one device), or NULL. */
static char *
get (const char *xml, const char *xpath)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  g_assert_nonnull (doc);
  return yado_xml_get_string (doc, xpath);
}

#define assert_value(xml, xpath, expected)                    \
  G_STMT_START {                                              \
    g_autofree char *_value = get ((xml), (xpath));           \
    g_assert_cmpstr (_value, ==, (expected));                 \
  } G_STMT_END

static gboolean
has (const char *xml, const char *xpath)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  g_assert_nonnull (doc);
  return yado_xml_has (doc, xpath);
}

/* ---- libvirt's word on it ---- */

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
}

/* How many elements @xpath selects in @dom's definition. */
static guint
count_in_definition (virDomainPtr dom, const char *xpath)
{
  char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);
  g_autofree char *expr = g_strdup_printf ("count(%s)", xpath);
  xmlXPathObjectPtr res = xmlXPathEvalExpression (BAD_CAST expr, doc->ctx);
  guint n = (guint) res->floatval;

  xmlXPathFreeObject (res);
  free (xml);
  return n;
}

/* Defines the test driver's "db" with @devices added, validated by
 * libvirt, and checks that the definition libvirt keeps has one more
 * element @xpath selects than before. */
static void
assert_accepted_with (const char *const *devices, const char *xpath)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  virConnectPtr conn = virConnectOpen (uri);
  virDomainPtr dom = virDomainLookupByName (conn, "db");
  char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  g_autoptr(YadoDomainConfig) config = yado_domain_config_new (xml, NULL);
  g_autofree char *new_xml = NULL;
  guint before = count_in_definition (dom, xpath);
  virDomainPtr defined;

  for (guint i = 0; devices[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (yado_domain_config_add_device (config, devices[i], &error));
      g_assert_no_error (error);
    }
  new_xml = yado_domain_config_to_xml (config);
  defined = virDomainDefineXMLFlags (conn, new_xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (defined == NULL)
    g_error ("libvirt refused %s: %s", devices[0], virGetLastErrorMessage ());
  if (count_in_definition (defined, xpath) != before + 1)
    g_error ("%s is not in libvirt's definition:\n%s", xpath,
             virDomainGetXMLDesc (defined, VIR_DOMAIN_XML_INACTIVE));
  virDomainFree (defined);
  virDomainFree (dom);
  free (xml);
  virConnectClose (conn);
}

static void
assert_accepted (const char *device, const char *xpath)
{
  const char *devices[] = { device, NULL };

  assert_accepted_with (devices, xpath);
}

/* ---- devices ---- */

static void
test_disk_file (void)
{
  YadoDiskSpec spec = {
    .device = "disk", .path = "/var/lib/yado-hw/images/data.qcow2", .bus = "virtio",
    .target = "vdb", .format = "qcow2", .cache = "none",
  };
  g_autofree char *xml = yado_device_xml_disk (&spec);

  assert_value (xml, "/disk/@type", "file");
  assert_value (xml, "/disk/@device", "disk");
  assert_value (xml, "/disk/driver/@name", "qemu");
  assert_value (xml, "/disk/driver/@type", "qcow2");
  assert_value (xml, "/disk/driver/@cache", "none");
  assert_value (xml, "/disk/source/@file", "/var/lib/yado-hw/images/data.qcow2");
  assert_value (xml, "/disk/target/@dev", "vdb");
  assert_value (xml, "/disk/target/@bus", "virtio");
  g_assert_false (has (xml, "/disk/readonly"));
  g_assert_false (has (xml, "/disk/shareable"));
  assert_accepted (xml, "/domain/devices/disk[target/@dev='vdb'][driver/@cache='none']");
}

static void
test_disk_volume (void)
{
  YadoDiskSpec spec = {
    .device = "disk", .pool = "default", .volume = "db.qcow2", .bus = "sata",
    .target = "sda", .format = "qcow2", .shareable = TRUE, .readonly = TRUE,
  };
  g_autofree char *xml = yado_device_xml_disk (&spec);

  assert_value (xml, "/disk/@type", "volume");
  assert_value (xml, "/disk/source/@pool", "default");
  assert_value (xml, "/disk/source/@volume", "db.qcow2");
  g_assert_false (has (xml, "/disk/source/@file"));
  assert_value (xml, "/disk/target/@bus", "sata");
  g_assert_true (has (xml, "/disk/readonly"));
  g_assert_true (has (xml, "/disk/shareable"));
  g_assert_false (has (xml, "/disk/driver/@cache"));
  assert_accepted (xml, "/domain/devices/disk[source/@volume='db.qcow2'][target/@dev='sda']");
}

static void
test_disk_cdrom_and_floppy (void)
{
  YadoDiskSpec cdrom = { .device = "cdrom", .path = "/srv/iso/debian.iso", .bus = "sata",
                         .target = "sdb", .format = "raw" };
  YadoDiskSpec empty = { .device = "cdrom", .bus = "sata", .target = "sdc" };
  YadoDiskSpec floppy = { .device = "floppy", .path = "/srv/fd/boot.img", .bus = "fdc",
                          .target = "fda" };
  g_autofree char *cdrom_xml = yado_device_xml_disk (&cdrom);
  g_autofree char *empty_xml = yado_device_xml_disk (&empty);
  g_autofree char *floppy_xml = yado_device_xml_disk (&floppy);

  assert_value (cdrom_xml, "/disk/@device", "cdrom");
  assert_value (cdrom_xml, "/disk/source/@file", "/srv/iso/debian.iso");
  /* A CD-ROM is read-only whatever the spec says. */
  g_assert_true (has (cdrom_xml, "/disk/readonly"));
  assert_accepted (cdrom_xml, "/domain/devices/disk[@device='cdrom'][source/@file='/srv/iso/debian.iso']");
  /* An empty drive: no source at all. */
  g_assert_false (has (empty_xml, "/disk/source"));
  assert_accepted (empty_xml, "/domain/devices/disk[@device='cdrom'][target/@dev='sdc']");
  assert_value (floppy_xml, "/disk/@device", "floppy");
  assert_value (floppy_xml, "/disk/target/@bus", "fdc");
  assert_accepted (floppy_xml, "/domain/devices/disk[@device='floppy'][target/@dev='fda']");
}

/* The user's text is data: quotes, angle brackets and ampersands come
 * back as typed, and make no elements. */
static void
test_escaping (void)
{
  static const char path[] = "/srv/it's <my> \"disk\" & more.img";
  YadoDiskSpec spec = { .device = "disk", .path = path, .bus = "virtio", .target = "vdb" };
  YadoFilesystemSpec fs = { .driver = "path", .source_dir = "/srv/a&b", .target = "tag<x>" };
  g_autofree char *xml = yado_device_xml_disk (&spec);
  g_autofree char *fs_xml = yado_device_xml_filesystem (&fs);
  g_autofree char *rng_xml = yado_device_xml_rng ("/dev/x</backend><evil/>");

  assert_value (xml, "/disk/source/@file", path);
  g_assert_false (has (xml, "//my"));
  assert_value (fs_xml, "/filesystem/source/@dir", "/srv/a&b");
  assert_value (fs_xml, "/filesystem/target/@dir", "tag<x>");
  assert_value (rng_xml, "/rng/backend", "/dev/x</backend><evil/>");
  g_assert_false (has (rng_xml, "//evil"));
  assert_accepted (xml, "/domain/devices/disk[target/@dev='vdb']");
}

static void
test_interface (void)
{
  YadoInterfaceSpec network = { .type = "network", .source = "default", .model = "virtio",
                                .mac = "52:54:00:12:34:56" };
  YadoInterfaceSpec bridge = { .type = "bridge", .source = "br0", .model = "e1000e",
                               .mac = "52:54:00:12:34:57" };
  YadoInterfaceSpec direct = { .type = "direct", .source = "eth0", .mac = "52:54:00:12:34:58" };
  g_autofree char *network_xml = yado_device_xml_interface (&network);
  g_autofree char *bridge_xml = yado_device_xml_interface (&bridge);
  g_autofree char *direct_xml = yado_device_xml_interface (&direct);

  assert_value (network_xml, "/interface/@type", "network");
  assert_value (network_xml, "/interface/source/@network", "default");
  assert_value (network_xml, "/interface/model/@type", "virtio");
  assert_value (network_xml, "/interface/mac/@address", "52:54:00:12:34:56");
  assert_accepted (network_xml, "/domain/devices/interface[mac/@address='52:54:00:12:34:56']");
  assert_value (bridge_xml, "/interface/@type", "bridge");
  assert_value (bridge_xml, "/interface/source/@bridge", "br0");
  assert_value (bridge_xml, "/interface/model/@type", "e1000e");
  assert_accepted (bridge_xml, "/domain/devices/interface[@type='bridge'][source/@bridge='br0']");
  assert_value (direct_xml, "/interface/@type", "direct");
  assert_value (direct_xml, "/interface/source/@dev", "eth0");
  assert_value (direct_xml, "/interface/source/@mode", "bridge");
  g_assert_false (has (direct_xml, "/interface/model"));
  assert_accepted (direct_xml, "/domain/devices/interface[@type='direct'][source/@dev='eth0']");
}

static void
test_input (void)
{
  g_autofree char *tablet = yado_device_xml_input ("tablet", "usb");
  g_autofree char *keyboard = yado_device_xml_input ("keyboard", "virtio");

  assert_value (tablet, "/input/@type", "tablet");
  assert_value (tablet, "/input/@bus", "usb");
  assert_accepted (tablet, "/domain/devices/input[@type='tablet'][@bus='usb']");
  assert_value (keyboard, "/input/@bus", "virtio");
  assert_accepted (keyboard, "/domain/devices/input[@type='keyboard'][@bus='virtio']");
}

static void
test_graphics (void)
{
  YadoGraphicsSpec spice = { .type = "spice", .listen = "127.0.0.1", .port = -1,
                             .password = "s3cret'\"<" };
  YadoGraphicsSpec vnc = { .type = "vnc", .listen = "none", .port = 5907 };
  YadoGraphicsSpec plain = { .type = "spice", .port = -1 };
  g_autofree char *spice_xml = yado_device_xml_graphics (&spice);
  g_autofree char *vnc_xml = yado_device_xml_graphics (&vnc);
  g_autofree char *plain_xml = yado_device_xml_graphics (&plain);

  assert_value (spice_xml, "/graphics/@type", "spice");
  assert_value (spice_xml, "/graphics/@autoport", "yes");
  g_assert_false (has (spice_xml, "/graphics/@port"));
  assert_value (spice_xml, "/graphics/@passwd", "s3cret'\"<");
  assert_value (spice_xml, "/graphics/listen/@type", "address");
  assert_value (spice_xml, "/graphics/listen/@address", "127.0.0.1");
  assert_accepted (spice_xml, "/domain/devices/graphics[@type='spice']");
  assert_value (vnc_xml, "/graphics/@port", "5907");
  assert_value (vnc_xml, "/graphics/@autoport", "no");
  assert_value (vnc_xml, "/graphics/listen/@type", "none");
  g_assert_false (has (vnc_xml, "/graphics/@passwd"));
  g_assert_false (has (plain_xml, "/graphics/listen"));
  /* db has a VNC display already: this is its second. */
  assert_accepted (vnc_xml, "/domain/devices/graphics[@type='vnc']");
}

static void
test_sound_video_controller (void)
{
  g_autofree char *sound = yado_device_xml_sound ("ich9");
  g_autofree char *video = yado_device_xml_video ("virtio", TRUE);
  g_autofree char *plain_video = yado_device_xml_video ("qxl", FALSE);
  g_autofree char *usb = yado_device_xml_controller ("usb", "qemu-xhci");
  g_autofree char *scsi = yado_device_xml_controller ("scsi", "virtio-scsi");
  g_autofree char *serial = yado_device_xml_controller ("virtio-serial", NULL);

  assert_value (sound, "/sound/@model", "ich9");
  assert_accepted (sound, "/domain/devices/sound[@model='ich9']");
  assert_value (video, "/video/model/@type", "virtio");
  assert_value (video, "/video/model/acceleration/@accel3d", "yes");
  g_assert_false (has (plain_video, "//acceleration"));
  assert_accepted (video, "/domain/devices/video[model/@type='virtio']");
  assert_value (usb, "/controller/@type", "usb");
  assert_value (usb, "/controller/@model", "qemu-xhci");
  /* libvirt numbers it. */
  g_assert_false (has (usb, "/controller/@index"));
  assert_accepted (usb, "/domain/devices/controller[@type='usb'][@model='qemu-xhci']");
  assert_value (scsi, "/controller/@model", "virtio-scsi");
  assert_accepted (scsi, "/domain/devices/controller[@type='scsi'][@model='virtio-scsi']");
  g_assert_false (has (serial, "/controller/@model"));
  assert_accepted (serial, "/domain/devices/controller[@type='virtio-serial']");
}

static void
test_char_devices (void)
{
  YadoCharSpec serial = { .element = "serial", .type = "pty" };
  YadoCharSpec parallel = { .element = "parallel", .type = "unix", .path = "/tmp/par.sock" };
  YadoCharSpec console = { .element = "console", .type = "pty", .target_type = "virtio" };
  g_autofree char *serial_xml = yado_device_xml_char (&serial);
  g_autofree char *parallel_xml = yado_device_xml_char (&parallel);
  g_autofree char *console_xml = yado_device_xml_char (&console);
  g_autofree char *agent = yado_device_xml_guest_agent_channel ();
  g_autofree char *spice = yado_device_xml_spice_agent_channel ();

  assert_value (serial_xml, "/serial/@type", "pty");
  g_assert_false (has (serial_xml, "/serial/target"));
  assert_accepted (serial_xml, "/domain/devices/serial[@type='pty']");
  assert_value (parallel_xml, "/parallel/source/@mode", "bind");
  assert_value (parallel_xml, "/parallel/source/@path", "/tmp/par.sock");
  assert_accepted (parallel_xml, "/domain/devices/parallel[@type='unix']");
  assert_value (console_xml, "/console/target/@type", "virtio");
  assert_accepted (console_xml, "/domain/devices/console[target/@type='virtio']");
  assert_value (agent, "/channel/@type", "unix");
  assert_value (agent, "/channel/source/@mode", "bind");
  g_assert_false (has (agent, "/channel/source/@path"));
  assert_value (agent, "/channel/target/@type", "virtio");
  assert_value (agent, "/channel/target/@name", "org.qemu.guest_agent.0");
  assert_accepted (agent, "/domain/devices/channel[target/@name='org.qemu.guest_agent.0']");
  assert_value (spice, "/channel/@type", "spicevmc");
  assert_value (spice, "/channel/target/@name", "com.redhat.spice.0");
  assert_accepted (spice, "/domain/devices/channel[@type='spicevmc']");
}

static void
test_host_devices (void)
{
  g_autofree char *usb = yado_device_xml_usb_host ("0x046d", "0xc52b");
  g_autofree char *pci = yado_device_xml_pci_host (0, 2, 0, 0);
  g_autofree char *pci_high = yado_device_xml_pci_host (1, 0x3b, 0x1f, 7);

  assert_value (usb, "/hostdev/@mode", "subsystem");
  assert_value (usb, "/hostdev/@type", "usb");
  assert_value (usb, "/hostdev/source/vendor/@id", "0x046d");
  assert_value (usb, "/hostdev/source/product/@id", "0xc52b");
  assert_accepted (usb, "/domain/devices/hostdev[@type='usb'][source/product/@id='0xc52b']");
  assert_value (pci, "/hostdev/@type", "pci");
  assert_value (pci, "/hostdev/@managed", "yes");
  assert_value (pci, "/hostdev/source/address/@domain", "0x0000");
  assert_value (pci, "/hostdev/source/address/@bus", "0x02");
  assert_value (pci, "/hostdev/source/address/@slot", "0x00");
  assert_value (pci, "/hostdev/source/address/@function", "0x0");
  assert_accepted (pci, "/domain/devices/hostdev[@type='pci'][source/address/@bus='0x02']");
  assert_value (pci_high, "/hostdev/source/address/@domain", "0x0001");
  assert_value (pci_high, "/hostdev/source/address/@bus", "0x3b");
  assert_value (pci_high, "/hostdev/source/address/@slot", "0x1f");
  assert_value (pci_high, "/hostdev/source/address/@function", "0x7");
}

static void
test_usb_redir (void)
{
  g_autofree char *redir = yado_device_xml_usb_redir ();
  g_autofree char *usb = yado_device_xml_controller ("usb", "qemu-xhci");
  /* libvirt wants a USB controller for it (QEMU guests have one). */
  const char *devices[] = { usb, redir, NULL };

  assert_value (redir, "/redirdev/@bus", "usb");
  assert_value (redir, "/redirdev/@type", "spicevmc");
  assert_accepted_with (devices, "/domain/devices/redirdev[@type='spicevmc']");
}

static void
test_other_devices (void)
{
  g_autofree char *watchdog = yado_device_xml_watchdog ("i6300esb", "reset");
  g_autofree char *rng = yado_device_xml_rng ("/dev/urandom");
  g_autofree char *tpm = yado_device_xml_tpm ("tpm-crb", NULL);
  g_autofree char *tpm_host = yado_device_xml_tpm ("tpm-tis", "/dev/tpm0");
  g_autofree char *panic = yado_device_xml_panic ("isa");
  g_autofree char *panic_default = yado_device_xml_panic (NULL);
  g_autofree char *card = yado_device_xml_smartcard ("passthrough");
  g_autofree char *card_host = yado_device_xml_smartcard ("host");

  assert_value (watchdog, "/watchdog/@model", "i6300esb");
  assert_value (watchdog, "/watchdog/@action", "reset");
  assert_accepted (watchdog, "/domain/devices/watchdog[@model='i6300esb'][@action='reset']");
  assert_value (rng, "/rng/@model", "virtio");
  assert_value (rng, "/rng/backend/@model", "random");
  assert_value (rng, "/rng/backend", "/dev/urandom");
  assert_accepted (rng, "/domain/devices/rng[backend='/dev/urandom']");
  assert_value (tpm, "/tpm/@model", "tpm-crb");
  assert_value (tpm, "/tpm/backend/@type", "emulator");
  assert_value (tpm, "/tpm/backend/@version", "2.0");
  assert_accepted (tpm, "/domain/devices/tpm[backend/@version='2.0']");
  assert_value (tpm_host, "/tpm/backend/@type", "passthrough");
  assert_value (tpm_host, "/tpm/backend/device/@path", "/dev/tpm0");
  assert_accepted (tpm_host, "/domain/devices/tpm[backend/device/@path='/dev/tpm0']");
  assert_value (panic, "/panic/@model", "isa");
  assert_accepted (panic, "/domain/devices/panic[@model='isa']");
  /* Left to the hypervisor (QEMU picks the arch's); the test driver
   * picks none and drops it, so there is nothing to define here. */
  g_assert_false (has (panic_default, "/panic/@model"));
  g_assert_true (has (panic_default, "/panic"));
  assert_value (card, "/smartcard/@mode", "passthrough");
  assert_value (card, "/smartcard/@type", "spicevmc");
  assert_accepted (card, "/domain/devices/smartcard[@mode='passthrough']");
  assert_value (card_host, "/smartcard/@mode", "host");
  g_assert_false (has (card_host, "/smartcard/@type"));
  assert_accepted (card_host, "/domain/devices/smartcard[@mode='host']");
}

static void
test_filesystem (void)
{
  YadoFilesystemSpec virtiofs = { .driver = "virtiofs", .source_dir = "/srv/share",
                                  .target = "share" };
  YadoFilesystemSpec ninep = { .driver = "path", .source_dir = "/srv/ro", .target = "ro",
                               .readonly = TRUE };
  g_autofree char *virtiofs_xml = yado_device_xml_filesystem (&virtiofs);
  g_autofree char *ninep_xml = yado_device_xml_filesystem (&ninep);

  assert_value (virtiofs_xml, "/filesystem/@type", "mount");
  assert_value (virtiofs_xml, "/filesystem/@accessmode", "passthrough");
  assert_value (virtiofs_xml, "/filesystem/driver/@type", "virtiofs");
  assert_value (virtiofs_xml, "/filesystem/source/@dir", "/srv/share");
  assert_value (virtiofs_xml, "/filesystem/target/@dir", "share");
  g_assert_false (has (virtiofs_xml, "/filesystem/readonly"));
  assert_accepted (virtiofs_xml, "/domain/devices/filesystem[target/@dir='share']");
  assert_value (ninep_xml, "/filesystem/driver/@type", "path");
  g_assert_true (has (ninep_xml, "/filesystem/readonly"));
  assert_accepted (ninep_xml, "/domain/devices/filesystem[target/@dir='ro'][readonly]");
}

/* ---- names and addresses ---- */

static void
test_disk_targets (void)
{
  const char *used[] = { "vda", "vdb", "sda", "hdc", NULL };
  const char *many[28] = { NULL };
  g_autofree char *vd = yado_disk_target_next ("virtio", used);
  g_autofree char *sd = yado_disk_target_next ("sata", used);
  g_autofree char *scsi = yado_disk_target_next ("scsi", used);
  g_autofree char *hd = yado_disk_target_next ("ide", used);
  g_autofree char *fd = yado_disk_target_next ("fdc", NULL);
  g_autofree char *usb = yado_disk_target_next ("usb", NULL);
  g_autofree char *after_z = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpstr (vd, ==, "vdc");
  g_assert_cmpstr (sd, ==, "sdb");
  g_assert_cmpstr (scsi, ==, "sdb");
  g_assert_cmpstr (hd, ==, "hda");
  g_assert_cmpstr (fd, ==, "fda");
  g_assert_cmpstr (usb, ==, "sda");
  /* After vdz comes vdaa, as libvirt counts. */
  for (char c = 'a'; c <= 'z'; c++)
    g_ptr_array_add (names, g_strdup_printf ("vd%c", c));
  for (guint i = 0; i < names->len; i++)
    many[i] = g_ptr_array_index (names, i);
  after_z = yado_disk_target_next ("virtio", many);
  g_assert_cmpstr (after_z, ==, "vdaa");
}

static void
test_mac (void)
{
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *mac = yado_mac_generate ();

      g_assert_true (g_str_has_prefix (mac, "52:54:00:"));
      g_assert_true (yado_mac_is_valid (mac));
    }
  g_assert_true (yado_mac_is_valid ("52:54:00:AB:cd:0f"));
  g_assert_true (yado_mac_is_valid ("00:16:3e:00:00:01"));
  g_assert_false (yado_mac_is_valid (NULL));
  g_assert_false (yado_mac_is_valid (""));
  g_assert_false (yado_mac_is_valid ("52:54:00:ab:cd"));
  g_assert_false (yado_mac_is_valid ("52:54:00:ab:cd:0g"));
  g_assert_false (yado_mac_is_valid ("52-54-00-ab-cd-ef"));
  g_assert_false (yado_mac_is_valid ("52:54:00:ab:cd:ef:"));
  g_assert_false (yado_mac_is_valid ("525:4:00:ab:cd:ef"));
  /* Multicast and all-zero addresses are no NIC's. */
  g_assert_false (yado_mac_is_valid ("01:00:5e:00:00:01"));
  g_assert_false (yado_mac_is_valid ("00:00:00:00:00:00"));
  {
    g_autofree char *normal = yado_mac_normalize ("52:54:00:AB:CD:EF");

    g_assert_cmpstr (normal, ==, "52:54:00:ab:cd:ef");
    g_assert_null (yado_mac_normalize ("zz"));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* libvirt's refusals are the test's to report, not stderr's. */
  virSetErrorFunc (NULL, ignore_libvirt_error);
  g_test_add_func ("/device-xml/disk-file", test_disk_file);
  g_test_add_func ("/device-xml/disk-volume", test_disk_volume);
  g_test_add_func ("/device-xml/disk-cdrom-and-floppy", test_disk_cdrom_and_floppy);
  g_test_add_func ("/device-xml/escaping", test_escaping);
  g_test_add_func ("/device-xml/interface", test_interface);
  g_test_add_func ("/device-xml/input", test_input);
  g_test_add_func ("/device-xml/graphics", test_graphics);
  g_test_add_func ("/device-xml/sound-video-controller", test_sound_video_controller);
  g_test_add_func ("/device-xml/char-devices", test_char_devices);
  g_test_add_func ("/device-xml/host-devices", test_host_devices);
  g_test_add_func ("/device-xml/usb-redir", test_usb_redir);
  g_test_add_func ("/device-xml/other-devices", test_other_devices);
  g_test_add_func ("/device-xml/filesystem", test_filesystem);
  g_test_add_func ("/device-xml/disk-targets", test_disk_targets);
  g_test_add_func ("/device-xml/mac", test_mac);
  return g_test_run ();
}
