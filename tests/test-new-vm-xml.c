/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A new VM's domain XML (yado-new-vm-xml.c) and the wizard's checks
 * (yado-new-vm.c). Each install path and OS family is built from fields
 * set here, explicitly (the OS defaults are yado-os-info's, tested
 * there), and compared byte for byte with a golden file in
 * tests/data/new-vm, read by eye when written. Every XML built, golden
 * or not, is also validated against libvirt's RNG schema and defined on
 * the test driver with VIR_DOMAIN_DEFINE_VALIDATE (its type made "test"),
 * and the definition libvirt keeps is read back.
 *
 * YADO_UPDATE_GOLDEN=1 writes the golden files instead of comparing:
 * read every changed line before keeping one.
 */
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/relaxng.h>

#include "yado-error.h"
#include "yado-new-vm-xml.h"
#include "yado-new-vm.h"
#include "yado-test-utils.h"
#include "yado-xml.h"

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"
#define DOMAIN_RNG   "/usr/share/libvirt/schemas/domain.rng"

/* ---- libvirt's schema ---- */

static xmlRelaxNGPtr schema;

static void
load_schema (void)
{
  xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt (DOMAIN_RNG);

  schema = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);
  g_assert_nonnull (schema);
}

static void
assert_schema_valid (const char *xml)
{
  xmlDocPtr doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL, XML_PARSE_NONET);
  xmlRelaxNGValidCtxtPtr validator = xmlRelaxNGNewValidCtxt (schema);
  int result;

  g_assert_nonnull (doc);
  result = xmlRelaxNGValidateDoc (validator, doc);
  xmlRelaxNGFreeValidCtxt (validator);
  xmlFreeDoc (doc);
  if (result != 0)
    g_error ("not valid for libvirt's domain.rng (the schema's messages are above):\n%s", xml);
}

/* ---- libvirt's word on it ---- */

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
}

static guint
count (YadoXml *doc, const char *xpath)
{
  g_autofree char *expr = g_strdup_printf ("count(%s)", xpath);
  xmlXPathObjectPtr result = xmlXPathEvalExpression (BAD_CAST expr, doc->ctx);
  guint n = (guint) result->floatval;

  xmlXPathFreeObject (result);
  return n;
}

/* @xml with its domain type made "test", the test driver's only one. */
static char *
as_test_domain (const char *xml)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);
  xmlChar *out = NULL;
  int size = 0;
  char *result;

  xmlSetProp (xmlDocGetRootElement (doc->doc), BAD_CAST "type", BAD_CAST "test");
  xmlDocDumpMemory (doc->doc, &out, &size);
  result = g_strdup ((const char *) out);
  xmlFree (out);
  return result;
}

/* Defines @xml on a fresh test host, validated by libvirt, and checks
 * that the definition libvirt keeps has the devices, boot orders and
 * OS of ours. */
static void
assert_libvirt_takes (const char *xml)
{
  g_autofree char *uri = yado_test_fixture_uri ("empty-host.xml");
  g_autofree char *test_xml = as_test_domain (xml);
  g_autoptr(YadoXml) ours = yado_xml_parse (xml);
  g_autoptr(YadoXml) kept = NULL;
  virConnectPtr conn = virConnectOpen (uri);
  virDomainPtr dom;
  char *kept_xml;
  const char *const xpaths[] = {
    "/domain/devices/disk", "/domain/devices/disk[source]", "/domain/devices/interface",
    "/domain/devices/*[boot]", "/domain/devices/*[boot/@order='1']", "/domain/devices/channel",
    "/domain/devices/graphics", "/domain/devices/tpm", "/domain/os/kernel",
    "/domain/os/firmware/feature[@enabled='yes']", "/domain/features/smm",
  };

  g_assert_nonnull (conn);
  dom = virDomainDefineXMLFlags (conn, test_xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (dom == NULL)
    g_error ("libvirt refused it: %s\n%s", virGetLastErrorMessage (), xml);
  kept_xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  kept = yado_xml_parse (kept_xml);
  for (guint i = 0; i < G_N_ELEMENTS (xpaths); i++)
    if (count (kept, xpaths[i]) != count (ours, xpaths[i]))
      g_error ("libvirt kept %u of %s, we gave %u:\n%s", count (kept, xpaths[i]), xpaths[i],
               count (ours, xpaths[i]), kept_xml);
  free (kept_xml);
  /* What Yado's OS icon will read back. */
  if (yado_xml_has (ours, "/domain/metadata"))
    {
      char *metadata = virDomainGetMetadata (dom, VIR_DOMAIN_METADATA_ELEMENT, LIBOSINFO_NS, 0);
      g_autoptr(YadoXml) os = yado_xml_parse (metadata);
      g_autofree char *kept_id = yado_xml_get_string (os, "/*[local-name()='libosinfo']/*[local-name()='os']/@id");
      g_autofree char *our_id = yado_xml_get_string (ours, "/domain/metadata/*/*/@id");

      g_assert_cmpstr (kept_id, ==, our_id);
      free (metadata);
    }
  virDomainFree (dom);
  virConnectClose (conn);
}

/* ---- building ---- */

static char *
build (const YadoNewVm *vm, YadoNewVmPhase phase)
{
  g_autoptr(GError) error = NULL;
  char *xml = yado_new_vm_build_xml (vm, phase, &error);

  g_assert_no_error (error);
  g_assert_nonnull (xml);
  assert_schema_valid (xml);
  assert_libvirt_takes (xml);
  return xml;
}

static char *
golden_path (const char *name)
{
  return g_build_filename (g_getenv ("YADO_SOURCE_ROOT"), "tests", "data", "new-vm", name, NULL);
}

static void
assert_golden (const char *xml, const char *golden)
{
  g_autofree char *path = golden_path (golden);
  g_autofree char *expected = NULL;
  g_auto(GStrv) expected_lines = NULL;
  g_auto(GStrv) actual_lines = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("YADO_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_true (g_file_set_contents (path, xml, -1, &error));
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (g_str_equal (xml, expected))
    return;
  expected_lines = g_strsplit (expected, "\n", -1);
  actual_lines = g_strsplit (xml, "\n", -1);
  for (guint i = 0; expected_lines[i] != NULL && actual_lines[i] != NULL; i++)
    if (!g_str_equal (expected_lines[i], actual_lines[i]))
      g_error ("%s line %u: got\n%s\nexpected\n%s\nwhole:\n%s", golden, i + 1, actual_lines[i],
               expected_lines[i], xml);
  g_error ("%s: the lengths differ; got:\n%s", golden, xml);
}

static void
assert_built_golden (const YadoNewVm *vm, YadoNewVmPhase phase, const char *golden)
{
  g_autofree char *xml = build (vm, phase);

  assert_golden (xml, golden);
}

/* Methods without an install phase: both definitions are the same. */
static void
assert_phases_equal (const YadoNewVm *vm)
{
  g_autofree char *install = build (vm, YADO_NEW_VM_PHASE_INSTALL);
  g_autofree char *final = build (vm, YADO_NEW_VM_PHASE_FINAL);

  g_assert_cmpstr (install, ==, final);
}

static void
set_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* A modern Linux with every virtio device, as the OS step would set it;
 * each test sets what its case is about. */
static YadoNewVm *
linux_vm (const char *name, const char *os_id)
{
  YadoNewVm *vm = yado_new_vm_new ();

  set_string (&vm->name, name);
  set_string (&vm->os_id, os_id);
  vm->memory_mib = 2048;
  vm->vcpus = 2;
  return vm;
}

/* ---- install paths ---- */

static YadoNewVm *
debian_iso_vm (void)
{
  YadoNewVm *vm = linux_vm ("debian12", "http://debian.org/debian/12");

  set_string (&vm->os_name, "Debian 12");
  set_string (&vm->uuid, "8f5a3c1e-2b4d-4e6f-9a1b-3c5d7e9f0a2b");
  vm->method = YADO_INSTALL_ISO;
  set_string (&vm->media_path, "/var/lib/libvirt/images/debian-12.5.0-amd64-netinst.iso");
  set_string (&vm->disk_path, "/var/lib/libvirt/images/debian12.qcow2");
  set_string (&vm->mac, "52:54:00:3a:7b:c1");
  return vm;
}

static void
test_iso (void)
{
  g_autoptr(YadoNewVm) vm = debian_iso_vm ();

  assert_built_golden (vm, YADO_NEW_VM_PHASE_INSTALL, "iso-debian12-install.xml");
  assert_built_golden (vm, YADO_NEW_VM_PHASE_FINAL, "iso-debian12-final.xml");
}

/* An ISO with no disk is a live CD: it keeps its medium and boots it. */
static void
test_iso_live_cd (void)
{
  g_autoptr(YadoNewVm) vm = debian_iso_vm ();
  g_autofree char *xml = NULL;
  g_autoptr(YadoXml) doc = NULL;
  g_autofree char *media = NULL;

  vm->disk = YADO_DISK_NONE;
  set_string (&vm->disk_path, NULL);
  assert_phases_equal (vm);
  xml = build (vm, YADO_NEW_VM_PHASE_FINAL);
  doc = yado_xml_parse (xml);
  g_assert_cmpuint (count (doc, "/domain/devices/disk"), ==, 1);
  media = yado_xml_get_string (doc, "/domain/devices/disk[@device='cdrom'][boot/@order='1']/source/@file");
  g_assert_cmpstr (media, ==, vm->media_path);
  g_assert_true (yado_xml_has (doc, "/domain[on_reboot='restart']"));
}

static YadoNewVm *
fedora_url_vm (void)
{
  YadoNewVm *vm = linux_vm ("fedora37", "http://fedoraproject.org/fedora/37");

  vm->method = YADO_INSTALL_URL;
  set_string (&vm->install_url,
              "https://download.fedoraproject.org/pub/fedora/linux/releases/37/Everything/x86_64/os/");
  set_string (&vm->kernel_url_arg, "inst.repo");
  set_string (&vm->kernel_args, "console=ttyS0 ");
  set_string (&vm->kernel_path, "/var/lib/libvirt/boot/fedora37-vmlinuz");
  set_string (&vm->initrd_path, "/var/lib/libvirt/boot/fedora37-initrd.img");
  /* UEFI without secure boot; the disk not created yet: a pool volume. */
  vm->uefi = TRUE;
  vm->disk_size_gib = 30;
  return vm;
}

static void
test_url (void)
{
  g_autoptr(YadoNewVm) vm = fedora_url_vm ();

  assert_built_golden (vm, YADO_NEW_VM_PHASE_INSTALL, "url-fedora-install.xml");
  assert_built_golden (vm, YADO_NEW_VM_PHASE_FINAL, "url-fedora-final.xml");
}

static char *
cmdline_of (const YadoNewVm *vm)
{
  g_autofree char *xml = build (vm, YADO_NEW_VM_PHASE_INSTALL);
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  return yado_xml_get_string (doc, "/domain/os/cmdline");
}

/* The install URL is given by the OS's own argument, once; an OS whose
 * kernel finds its packages itself gets only the user's arguments. */
static void
test_url_cmdline (void)
{
  g_autoptr(YadoNewVm) vm = fedora_url_vm ();
  g_autofree char *given_by_user = NULL;
  g_autofree char *no_argument = NULL;
  g_autofree char *nothing = NULL;
  g_autofree char *only_url = NULL;
  g_autofree char *lookalike = NULL;

  set_string (&vm->kernel_args, "inst.repo=http://mirror.example/fedora/ quiet");
  given_by_user = cmdline_of (vm);
  g_assert_cmpstr (given_by_user, ==, "inst.repo=http://mirror.example/fedora/ quiet");
  set_string (&vm->kernel_args, "\tmy.inst.repo=x ");
  lookalike = cmdline_of (vm);
  g_assert_cmpstr (lookalike, ==, "my.inst.repo=x inst.repo=https://download.fedoraproject.org/pub/fedora/linux/releases/37/Everything/x86_64/os/");

  set_string (&vm->kernel_url_arg, NULL);
  set_string (&vm->kernel_args, "priority=low");
  no_argument = cmdline_of (vm);
  g_assert_cmpstr (no_argument, ==, "priority=low");

  set_string (&vm->kernel_args, NULL);
  nothing = cmdline_of (vm);
  g_assert_null (nothing);

  set_string (&vm->kernel_url_arg, "install");
  only_url = cmdline_of (vm);
  g_assert_cmpstr (only_url, ==, "install=https://download.fedoraproject.org/pub/fedora/linux/releases/37/Everything/x86_64/os/");
}

static void
test_pxe (void)
{
  g_autoptr(YadoNewVm) vm = linux_vm ("pxe-client", NULL);

  /* TCG (no host CPU), a bridge, VNC, a raw volume not made yet, and no
   * guest agent, sound or RNG. */
  set_string (&vm->virt_type, "qemu");
  vm->method = YADO_INSTALL_PXE;
  vm->net = YADO_NET_BRIDGE;
  set_string (&vm->net_source, "br0");
  set_string (&vm->network_boot, "br0");
  set_string (&vm->graphics, "vnc");
  set_string (&vm->disk_format, "raw");
  vm->memory_mib = 1024;
  vm->vcpus = 1;
  vm->guest_agent = FALSE;
  vm->sound = FALSE;
  vm->rng = FALSE;
  assert_phases_equal (vm);
  assert_built_golden (vm, YADO_NEW_VM_PHASE_INSTALL, "pxe.xml");
}

static void
test_import (void)
{
  g_autoptr(YadoNewVm) vm = linux_vm ("appliance", "http://ubuntu.com/ubuntu/22.04");

  /* The format guessed from the name; macvtap on the host's eth0; a MAC
   * typed in capitals. */
  vm->method = YADO_INSTALL_IMPORT;
  vm->disk = YADO_DISK_EXISTING;
  set_string (&vm->disk_format, NULL);
  set_string (&vm->disk_pool, NULL);
  set_string (&vm->media_path, "/srv/images/appliance.qcow2");
  set_string (&vm->disk_path, "/srv/images/appliance.qcow2");
  vm->net = YADO_NET_DIRECT;
  set_string (&vm->net_source, "eth0");
  set_string (&vm->mac, "52:54:00:AB:CD:EF");
  assert_phases_equal (vm);
  assert_built_golden (vm, YADO_NEW_VM_PHASE_FINAL, "import.xml");
}

static void
test_cloud_image (void)
{
  g_autoptr(YadoNewVm) vm = linux_vm ("jammy", "http://ubuntu.com/ubuntu/22.04");

  /* The wizard's volume made from the image, the seed ISO beside it;
   * user-mode networking (a session connection). */
  vm->method = YADO_INSTALL_CLOUD_IMAGE;
  set_string (&vm->media_path, "/home/ada/Downloads/jammy-server-cloudimg-amd64.img");
  set_string (&vm->disk_path, "/home/ada/.local/share/libvirt/images/jammy.qcow2");
  set_string (&vm->seed_path, "/home/ada/.local/share/libvirt/images/jammy-seed.iso");
  vm->net = YADO_NET_USER;
  set_string (&vm->net_source, NULL);
  assert_phases_equal (vm);
  assert_built_golden (vm, YADO_NEW_VM_PHASE_FINAL, "cloud-image.xml");
}

/* A cloud image used in place (no copy), with no seed: the image is the
 * disk, in its own format, and no CD-ROM. */
static void
test_cloud_image_in_place (void)
{
  g_autoptr(YadoNewVm) vm = linux_vm ("jammy", "http://ubuntu.com/ubuntu/22.04");
  g_autofree char *xml = NULL;
  g_autoptr(YadoXml) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *format = NULL;

  vm->method = YADO_INSTALL_CLOUD_IMAGE;
  vm->disk = YADO_DISK_EXISTING;
  set_string (&vm->disk_format, NULL);
  set_string (&vm->media_path, "/srv/jammy-server-cloudimg-amd64.img");
  xml = build (vm, YADO_NEW_VM_PHASE_FINAL);
  doc = yado_xml_parse (xml);
  path = yado_xml_get_string (doc, "/domain/devices/disk[@device='disk']/source/@file");
  format = yado_xml_get_string (doc, "/domain/devices/disk[@device='disk']/driver/@type");
  g_assert_cmpstr (path, ==, vm->media_path);
  /* Ubuntu's ".img" cloud images are qcow2. */
  g_assert_cmpstr (format, ==, "qcow2");
  g_assert_cmpuint (count (doc, "/domain/devices/disk[@device='cdrom']"), ==, 0);
}

static void
test_manual (void)
{
  g_autoptr(YadoNewVm) vm = linux_vm ("manual", NULL);

  vm->method = YADO_INSTALL_MANUAL;
  set_string (&vm->disk_path, "/var/lib/libvirt/images/manual.qcow2");
  vm->net = YADO_NET_NONE;
  set_string (&vm->net_source, NULL);
  assert_phases_equal (vm);
  assert_built_golden (vm, YADO_NEW_VM_PHASE_FINAL, "manual.xml");
}

/* ---- OS families ---- */

static void
test_windows11 (void)
{
  g_autoptr(YadoNewVm) vm = yado_new_vm_new ();

  /* What Windows 11 needs (UEFI, secure boot, TPM 2.0), with devices
   * its installer has drivers for: SATA, e1000e, QXL; no RNG or agent. */
  set_string (&vm->name, "win11");
  set_string (&vm->os_id, "http://microsoft.com/win/11");
  set_string (&vm->os_name, "Microsoft Windows 11");
  vm->method = YADO_INSTALL_ISO;
  set_string (&vm->media_path, "/var/lib/libvirt/images/Win11_23H2_English_x64.iso");
  set_string (&vm->disk_path, "/var/lib/libvirt/images/win11.qcow2");
  vm->disk_size_gib = 64;
  vm->memory_mib = 4096;
  vm->vcpus = 2;
  vm->uefi = TRUE;
  vm->secure_boot = TRUE;
  vm->tpm = TRUE;
  vm->virtio_disk = FALSE;
  vm->virtio_net = FALSE;
  set_string (&vm->video, "qxl");
  vm->rng = FALSE;
  vm->guest_agent = FALSE;
  assert_built_golden (vm, YADO_NEW_VM_PHASE_INSTALL, "windows11-install.xml");
}

static void
test_old_os (void)
{
  g_autoptr(YadoNewVm) vm = yado_new_vm_new ();

  /* Windows XP: i440FX, BIOS, IDE, e1000, VGA; no tablet, sound, RNG
   * or agent. */
  set_string (&vm->name, "winxp");
  set_string (&vm->os_id, "http://microsoft.com/win/xp");
  set_string (&vm->os_name, "Microsoft Windows XP");
  set_string (&vm->machine, "pc");
  vm->method = YADO_INSTALL_ISO;
  set_string (&vm->media_path, "/var/lib/libvirt/images/winxp-sp3.iso");
  set_string (&vm->disk_path, "/var/lib/libvirt/images/winxp.qcow2");
  vm->memory_mib = 512;
  vm->vcpus = 1;
  vm->virtio_disk = FALSE;
  vm->virtio_net = FALSE;
  set_string (&vm->video, "vga");
  vm->tablet = FALSE;
  vm->sound = FALSE;
  vm->rng = FALSE;
  vm->guest_agent = FALSE;
  assert_built_golden (vm, YADO_NEW_VM_PHASE_INSTALL, "old-os-install.xml");
}

/* ---- details ---- */

/* The user's text is a text node or an attribute value, never markup. */
static void
test_escaping (void)
{
  g_autoptr(YadoNewVm) vm = fedora_url_vm ();
  g_autofree char *xml = NULL;
  g_autoptr(YadoXml) doc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *cmdline = NULL;

  set_string (&vm->name, "a<b>&'c\"");
  set_string (&vm->kernel_args, "x</cmdline><evil/>");
  set_string (&vm->net_source, "net'<evil/>");
  xml = build (vm, YADO_NEW_VM_PHASE_INSTALL);
  doc = yado_xml_parse (xml);
  name = yado_xml_get_string (doc, "/domain/name");
  cmdline = yado_xml_get_string (doc, "/domain/os/cmdline");
  g_assert_cmpstr (name, ==, "a<b>&'c\"");
  g_assert_true (g_str_has_prefix (cmdline, "x</cmdline><evil/> inst.repo="));
  g_assert_true (yado_xml_has (doc, "/domain/devices/interface/source[@network=\"net'<evil/>\"]"));
  g_assert_false (yado_xml_has (doc, "//evil"));
}

/* A path under /dev is a block device; a raw volume is "NAME.img". */
static void
test_disk_kinds (void)
{
  g_autoptr(YadoNewVm) vm = linux_vm ("web", NULL);
  g_autofree char *block_xml = NULL;
  g_autoptr(YadoXml) block = NULL;
  g_autofree char *dev = NULL;
  g_autofree char *volume = NULL;

  vm->method = YADO_INSTALL_MANUAL;
  vm->disk = YADO_DISK_EXISTING;
  set_string (&vm->disk_format, "raw");
  set_string (&vm->disk_path, "/dev/vg0/web");
  block_xml = build (vm, YADO_NEW_VM_PHASE_FINAL);
  block = yado_xml_parse (block_xml);
  dev = yado_xml_get_string (block, "/domain/devices/disk[@type='block']/source/@dev");
  g_assert_cmpstr (dev, ==, "/dev/vg0/web");
  g_assert_false (yado_xml_has (block, "//source/@file"));
  /* Only qcow2 is sparse by itself: raw gets no discard. */
  g_assert_false (yado_xml_has (block, "//driver/@discard"));

  vm->disk = YADO_DISK_NEW;
  set_string (&vm->disk_path, NULL);
  volume = yado_new_vm_disk_volume_name (vm);
  g_assert_cmpstr (volume, ==, "web.img");
  set_string (&vm->disk_format, "qcow2");
  g_clear_pointer (&volume, g_free);
  volume = yado_new_vm_disk_volume_name (vm);
  g_assert_cmpstr (volume, ==, "web.qcow2");
}

/* An image to import whose format only its name tells. */
static void
test_import_formats (void)
{
  const struct { const char *path, *format; } cases[] = {
    { "/srv/a.qcow2", "qcow2" }, { "/srv/b.QCOW2", "qcow2" }, { "/srv/c.img", "raw" },
    { "/srv/d.raw", "raw" }, { "/srv/e.vmdk", "vmdk" }, { "/srv/f.vdi", "vdi" },
    { "/srv/g.vhd", "vpc" }, { "/srv/h", "raw" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YadoNewVm) vm = linux_vm ("imported", NULL);
      g_autofree char *xml = NULL;
      g_autofree char *format = NULL;
      g_autoptr(YadoXml) doc = NULL;

      vm->method = YADO_INSTALL_IMPORT;
      vm->disk = YADO_DISK_EXISTING;
      set_string (&vm->disk_format, NULL);
      set_string (&vm->disk_path, cases[i].path);
      xml = build (vm, YADO_NEW_VM_PHASE_FINAL);
      doc = yado_xml_parse (xml);
      format = yado_xml_get_string (doc, "/domain/devices/disk/driver/@type");
      g_assert_cmpstr (format, ==, cases[i].format);
    }
}

/* Another arch: no x86 features or timers, its drives on virtio-scsi. */
static void
test_aarch64 (void)
{
  g_autoptr(YadoNewVm) vm = debian_iso_vm ();
  g_autofree char *xml = NULL;
  g_autoptr(YadoXml) doc = NULL;

  set_string (&vm->arch, "aarch64");
  set_string (&vm->machine, "virt");
  vm->uefi = TRUE;
  vm->virtio_disk = FALSE;
  xml = build (vm, YADO_NEW_VM_PHASE_INSTALL);
  doc = yado_xml_parse (xml);
  g_assert_false (yado_xml_has (doc, "/domain/features"));
  g_assert_false (yado_xml_has (doc, "/domain/clock/timer"));
  g_assert_true (yado_xml_has (doc, "/domain/devices/controller[@type='scsi'][@model='virtio-scsi']"));
  g_assert_cmpuint (count (doc, "/domain/devices/disk/target[@bus='scsi']"), ==, 2);
  g_assert_true (yado_xml_has (doc, "/domain/devices/disk[@device='cdrom']/target[@dev='sdb']"));
  g_assert_true (yado_xml_has (doc, "/domain/devices/controller[@type='usb'][not(@model)]"));
}

/* ---- errors ---- */

static void
assert_build_fails (const YadoNewVm *vm, YadoNewVmPhase phase, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = yado_new_vm_build_xml (vm, phase, &error);

  g_assert_null (xml);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_build_errors (void)
{
  g_autoptr(YadoNewVm) url = fedora_url_vm ();
  g_autoptr(YadoNewVm) iso = debian_iso_vm ();
  g_autofree char *final = NULL;

  /* The kernel is fetched by the host side before the INSTALL build;
   * the FINAL one does not need it. */
  set_string (&url->kernel_path, NULL);
  assert_build_fails (url, YADO_NEW_VM_PHASE_INSTALL,
                      "The install tree’s kernel and initrd have not been fetched.");
  final = build (url, YADO_NEW_VM_PHASE_FINAL);
  g_assert_null (strstr (final, "<kernel>"));
  /* Anything yado_new_vm_check() refuses. */
  set_string (&iso->media_path, NULL);
  assert_build_fails (iso, YADO_NEW_VM_PHASE_FINAL,
                      "Choose an ISO image or a CD-ROM to install from.");
}

static void
assert_check (YadoNewVm *vm, const char *expected)
{
  g_autofree char *message = yado_new_vm_check (vm);

  g_assert_cmpstr (message, ==, expected);
}

static void
test_check (void)
{
  g_autoptr(YadoNewVm) vm = debian_iso_vm ();

  assert_check (vm, NULL);

  set_string (&vm->mac, "52:54:00:3a:7b");
  assert_check (vm, "“52:54:00:3a:7b” is not a valid MAC address (six pairs of hex digits such as 52:54:00:12:34:56, not a multicast one).");
  set_string (&vm->mac, "01:54:00:3a:7b:c1");
  assert_check (vm, "“01:54:00:3a:7b:c1” is not a valid MAC address (six pairs of hex digits such as 52:54:00:12:34:56, not a multicast one).");
  set_string (&vm->mac, "");   /* empty: libvirt makes one */
  assert_check (vm, NULL);

  set_string (&vm->net_source, NULL);
  assert_check (vm, "Choose a virtual network.");
  vm->net = YADO_NET_BRIDGE;
  assert_check (vm, "Enter the name of the host’s bridge.");
  vm->net = YADO_NET_DIRECT;
  assert_check (vm, "Choose the host’s network device.");
  vm->net = YADO_NET_USER;
  assert_check (vm, NULL);
  vm->net = YADO_NET_NONE;
  assert_check (vm, NULL);

  set_string (&vm->name, "a/b");
  assert_check (vm, "A name cannot contain “/”.");
  set_string (&vm->name, "a\tb");
  assert_check (vm, "A name cannot contain control characters (such as tabs or new lines).");
  set_string (&vm->name, "a\nb");
  assert_check (vm, "A name cannot contain control characters (such as tabs or new lines).");
  set_string (&vm->name, "caf\xc3");
  assert_check (vm, "The name is not valid text.");
  set_string (&vm->name, "  ");
  assert_check (vm, "Enter a name for the virtual machine.");
  set_string (&vm->name, NULL);
  assert_check (vm, "Enter a name for the virtual machine.");
  set_string (&vm->name, "Café – test 1");
  assert_check (vm, NULL);

  vm->disk_size_gib = 0;
  assert_check (vm, "Choose a size for the new disk.");
  vm->disk_size_gib = 20;
  set_string (&vm->disk_pool, NULL);
  assert_check (vm, "Choose a storage pool for the new disk.");
  vm->disk = YADO_DISK_EXISTING;
  set_string (&vm->disk_path, NULL);
  assert_check (vm, "Choose the existing disk.");
  vm->disk = YADO_DISK_NONE;
  assert_check (vm, NULL);

  vm->secure_boot = TRUE;
  assert_check (vm, "Secure Boot needs UEFI firmware.");
  vm->uefi = TRUE;
  assert_check (vm, NULL);
  vm->vcpus = 0;
  assert_check (vm, "The virtual machine needs at least one CPU.");
  vm->memory_mib = 0;
  assert_check (vm, "The virtual machine needs some memory.");
  set_string (&vm->arch, NULL);
  assert_check (vm, "Choose the architecture and the virtualization type.");

  /* The source comes first: it is the first step. */
  set_string (&vm->media_path, "");
  assert_check (vm, "Choose an ISO image or a CD-ROM to install from.");
}

static void
test_check_methods (void)
{
  g_autoptr(YadoNewVm) vm = linux_vm ("vm", NULL);

  vm->method = YADO_INSTALL_URL;
  assert_check (vm, "Enter the URL of the install tree.");
  set_string (&vm->install_url, "file:///srv/tree");
  assert_check (vm, "The install tree’s URL must start with http://, https://, ftp:// or nfs://.");
  set_string (&vm->install_url, "NFS://server/export/tree");
  assert_check (vm, NULL);
  vm->disk = YADO_DISK_NONE;
  assert_check (vm, "A network install needs a disk to install to.");

  vm->method = YADO_INSTALL_PXE;
  assert_check (vm, NULL);
  vm->net = YADO_NET_NONE;
  assert_check (vm, "A network boot needs a network.");

  vm->method = YADO_INSTALL_IMPORT;
  assert_check (vm, "Choose the disk image to import.");
  set_string (&vm->media_path, "/srv/a.qcow2");
  assert_check (vm, NULL);

  vm->method = YADO_INSTALL_CLOUD_IMAGE;
  set_string (&vm->media_path, NULL);
  assert_check (vm, "Choose the cloud image.");
  set_string (&vm->media_path, "/srv/jammy.img");
  /* Copied into a new volume: that needs a size and a pool. */
  vm->disk = YADO_DISK_NEW;
  vm->disk_size_gib = 0;
  assert_check (vm, "Choose a size for the new disk.");

  vm->method = YADO_INSTALL_MANUAL;
  vm->disk = YADO_DISK_NONE;
  assert_check (vm, NULL);
}

/* ---- the struct ---- */

static void
test_new_copy_free (void)
{
  g_autoptr(YadoNewVm) vm = yado_new_vm_new ();
  g_autoptr(YadoNewVm) copy = NULL;

  g_assert_cmpstr (vm->virt_type, ==, "kvm");
  g_assert_cmpstr (vm->arch, ==, "x86_64");
  g_assert_cmpstr (vm->machine, ==, "q35");
  g_assert_cmpuint (vm->memory_mib, ==, 1024);
  g_assert_cmpuint (vm->vcpus, ==, 1);
  g_assert_cmpint (vm->disk, ==, YADO_DISK_NEW);
  g_assert_cmpstr (vm->disk_pool, ==, "default");
  g_assert_cmpuint (vm->disk_size_gib, ==, 20);
  g_assert_cmpstr (vm->disk_format, ==, "qcow2");
  g_assert_cmpint (vm->net, ==, YADO_NET_NETWORK);
  g_assert_cmpstr (vm->net_source, ==, "default");
  g_assert_cmpstr (vm->graphics, ==, "spice");
  g_assert_cmpstr (vm->video, ==, "virtio");
  g_assert_true (vm->tablet);
  g_assert_false (vm->uefi);
  g_assert_null (vm->name);
  g_assert_null (vm->mac);
  /* What is missing is the first step's. */
  assert_check (vm, "Choose an ISO image or a CD-ROM to install from.");

  set_string (&vm->name, "x");
  set_string (&vm->kernel_url_arg, "inst.repo");
  set_string (&vm->uuid, "8f5a3c1e-2b4d-4e6f-9a1b-3c5d7e9f0a2b");
  vm->vcpus = 3;
  copy = yado_new_vm_copy (vm);
  g_assert_true (copy->name != vm->name);
  g_assert_cmpstr (copy->name, ==, "x");
  g_assert_cmpstr (copy->kernel_url_arg, ==, "inst.repo");
  g_assert_cmpstr (copy->uuid, ==, vm->uuid);
  g_assert_true (copy->disk_pool != vm->disk_pool);
  g_assert_cmpstr (copy->disk_pool, ==, "default");
  g_assert_cmpuint (copy->vcpus, ==, 3);
  /* The copy is its own: freeing the original leaves it whole. */
  g_clear_pointer (&vm, yado_new_vm_free);
  g_assert_cmpstr (copy->video, ==, "virtio");
  yado_new_vm_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  virSetErrorFunc (NULL, ignore_libvirt_error);
  load_schema ();

  g_test_add_func ("/new-vm/new-copy-free", test_new_copy_free);
  g_test_add_func ("/new-vm/check", test_check);
  g_test_add_func ("/new-vm/check-methods", test_check_methods);
  g_test_add_func ("/new-vm-xml/iso", test_iso);
  g_test_add_func ("/new-vm-xml/iso-live-cd", test_iso_live_cd);
  g_test_add_func ("/new-vm-xml/url", test_url);
  g_test_add_func ("/new-vm-xml/url-cmdline", test_url_cmdline);
  g_test_add_func ("/new-vm-xml/pxe", test_pxe);
  g_test_add_func ("/new-vm-xml/import", test_import);
  g_test_add_func ("/new-vm-xml/import-formats", test_import_formats);
  g_test_add_func ("/new-vm-xml/cloud-image", test_cloud_image);
  g_test_add_func ("/new-vm-xml/cloud-image-in-place", test_cloud_image_in_place);
  g_test_add_func ("/new-vm-xml/manual", test_manual);
  g_test_add_func ("/new-vm-xml/windows11", test_windows11);
  g_test_add_func ("/new-vm-xml/old-os", test_old_os);
  g_test_add_func ("/new-vm-xml/aarch64", test_aarch64);
  g_test_add_func ("/new-vm-xml/escaping", test_escaping);
  g_test_add_func ("/new-vm-xml/disk-kinds", test_disk_kinds);
  g_test_add_func ("/new-vm-xml/build-errors", test_build_errors);

  return g_test_run ();
}
