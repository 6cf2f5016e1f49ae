/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "yado-device-xml.h"
#include "yado-xml.h"
#include "yado-error.h"
#include "yado-new-vm-xml.h"

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

/* ---- small helpers ---- */

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

/* Appends the element yado-device-xml.c built (@xml, taken) to @parent.
 * Blank text is dropped, so the whole domain is indented as one. */
static xmlNodePtr
add_built (xmlNodePtr parent, char *xml)
{
  g_autofree char *owned = xml;
  xmlDocPtr fragment = xmlReadMemory (owned, (int) strlen (owned), NULL, NULL,
                                      XML_PARSE_NOBLANKS | XML_PARSE_NONET |
                                      XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNodePtr node;

  /* The builders only ever make well-formed XML. */
  g_return_val_if_fail (fragment != NULL, NULL);
  node = xmlDocCopyNode (xmlDocGetRootElement (fragment), parent->doc, 1);
  xmlFreeDoc (fragment);
  return xmlAddChild (parent, node);
}

static xmlNodePtr
child (xmlNodePtr node, const char *name)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
      return c;
  return NULL;
}

static void
add_boot_order (xmlNodePtr device, guint order)
{
  char text[16];

  if (order == 0)
    return;
  g_snprintf (text, sizeof text, "%u", order);
  yado_xml_add_with (device, "boot", "order", text);
}

/* ---- what the VM is ---- */

static gboolean
is_x86 (const YadoNewVm *vm)
{
  return g_strcmp0 (vm->arch, "x86_64") == 0 || g_strcmp0 (vm->arch, "i686") == 0;
}

static gboolean
is_q35 (const YadoNewVm *vm)
{
  return vm->machine != NULL && strstr (vm->machine, "q35") != NULL;
}

/* i440FX: "pc", "pc-i440fx-7.2", or no machine (libvirt's x86 default). */
static gboolean
is_pc (const YadoNewVm *vm)
{
  return is_x86 (vm) && !is_q35 (vm);
}

/* libosinfo's ids of every Windows ("http://microsoft.com/win/11"). */
static gboolean
is_windows (const YadoNewVm *vm)
{
  return vm->os_id != NULL && g_str_has_prefix (vm->os_id, "http://microsoft.com/win");
}

static gboolean
is_kvm (const YadoNewVm *vm)
{
  return g_strcmp0 (vm->virt_type, "kvm") == 0;
}

/* The disk image, when it is a path: the created or chosen one, or the
 * image an import or a cloud image uses in place. */
static const char *
disk_path (const YadoNewVm *vm)
{
  if (is_set (vm->disk_path))
    return vm->disk_path;
  if ((vm->method == YADO_INSTALL_IMPORT || vm->method == YADO_INSTALL_CLOUD_IMAGE) &&
      vm->disk != YADO_DISK_NEW && is_set (vm->media_path))
    return vm->media_path;
  return NULL;
}

static gboolean
has_disk (const YadoNewVm *vm)
{
  return disk_path (vm) != NULL || vm->disk == YADO_DISK_NEW;
}

/* Whether the INSTALL phase differs from the FINAL one: media booted
 * once, then the disk. An ISO without a disk is a live CD: it keeps it. */
static gboolean
installing (const YadoNewVm *vm, YadoNewVmPhase phase)
{
  if (phase != YADO_NEW_VM_PHASE_INSTALL)
    return FALSE;
  return vm->method == YADO_INSTALL_URL || (vm->method == YADO_INSTALL_ISO && has_disk (vm));
}

/* ---- the domain's parts ---- */

static void
add_metadata (xmlNodePtr domain, const YadoNewVm *vm)
{
  xmlNodePtr libosinfo;
  xmlNsPtr ns;

  /* What virt-manager writes: the OS the VM runs, for its icon and for
   * later defaults. */
  if (!is_set (vm->os_id))
    return;
  libosinfo = yado_xml_add (yado_xml_add (domain, "metadata"), "libosinfo");
  ns = xmlNewNs (libosinfo, BAD_CAST LIBOSINFO_NS, BAD_CAST "libosinfo");
  xmlSetNs (libosinfo, ns);
  yado_xml_set (xmlNewChild (libosinfo, ns, BAD_CAST "os", NULL), "id", vm->os_id);
}

static void
add_resources (xmlNodePtr domain, const YadoNewVm *vm)
{
  g_autofree char *memory = g_strdup_printf ("%" G_GUINT64_FORMAT, vm->memory_mib);
  g_autofree char *vcpus = g_strdup_printf ("%u", vm->vcpus);

  yado_xml_set (yado_xml_add_text (domain, "memory", memory), "unit", "MiB");
  yado_xml_set (yado_xml_add_text (domain, "currentMemory", memory), "unit", "MiB");
  yado_xml_add_text (domain, "vcpu", vcpus);
}

/* Whether one of @cmdline's words starts with @prefix ("inst.repo="). */
static gboolean
has_argument (const char *cmdline, const char *prefix)
{
  g_auto(GStrv) words = g_strsplit_set (cmdline, " \t", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], prefix))
      return TRUE;
  return FALSE;
}

/* The user's arguments, then "ARG=URL" unless they give ARG already. */
static char *
kernel_cmdline (const YadoNewVm *vm)
{
  g_autofree char *args = g_strstrip (g_strdup (vm->kernel_args != NULL ? vm->kernel_args : ""));
  g_autofree char *prefix = NULL;

  if (is_set (vm->kernel_url_arg) && is_set (vm->install_url))
    {
      prefix = g_strdup_printf ("%s=", vm->kernel_url_arg);
      if (!has_argument (args, prefix))
        return g_strdup_printf ("%s%s%s%s", args, *args != '\0' ? " " : "", prefix,
                                vm->install_url);
    }
  return *args != '\0' ? g_steal_pointer (&args) : NULL;
}

static void
add_firmware (xmlNodePtr os, const YadoNewVm *vm)
{
  xmlNodePtr firmware;
  const char *secure = vm->secure_boot ? "yes" : "no";

  if (!vm->uefi)
    return;
  yado_xml_set (os, "firmware", "efi");
  /* Said either way: libvirt would otherwise pick any UEFI build, and a
   * user who left secure boot off expects an unsigned OS to boot. */
  firmware = yado_xml_add (os, "firmware");
  yado_xml_set (yado_xml_add_with (firmware, "feature", "enabled", secure), "name", "secure-boot");
  /* Microsoft's keys enrolled: what Windows and shim-signed Linux need. */
  if (vm->secure_boot)
    yado_xml_set (yado_xml_add_with (firmware, "feature", "enabled", "yes"), "name", "enrolled-keys");
}

static void
add_os (xmlNodePtr domain, const YadoNewVm *vm, YadoNewVmPhase phase)
{
  xmlNodePtr os = yado_xml_add (domain, "os");
  xmlNodePtr type = yado_xml_add_text (os, "type", "hvm");

  yado_xml_set (type, "arch", vm->arch);
  yado_xml_set (type, "machine", vm->machine);
  add_firmware (os, vm);
  if (vm->method == YADO_INSTALL_URL && installing (vm, phase))
    {
      g_autofree char *cmdline = kernel_cmdline (vm);

      yado_xml_add_text (os, "kernel", vm->kernel_path);
      yado_xml_add_text (os, "initrd", vm->initrd_path);
      if (cmdline != NULL)
        yado_xml_add_text (os, "cmdline", cmdline);
    }
}

/* Windows runs better told it is on Hyper-V (KVM implements these). */
static void
add_hyperv (xmlNodePtr features, const YadoNewVm *vm)
{
  xmlNodePtr hyperv;

  if (!is_windows (vm) || !is_kvm (vm))
    return;
  hyperv = yado_xml_add_with (features, "hyperv", "mode", "custom");
  yado_xml_add_with (hyperv, "relaxed", "state", "on");
  yado_xml_add_with (hyperv, "vapic", "state", "on");
  yado_xml_set (yado_xml_add_with (hyperv, "spinlocks", "state", "on"), "retries", "8191");
}

static void
add_features (xmlNodePtr domain, const YadoNewVm *vm)
{
  xmlNodePtr features;

  if (!is_x86 (vm))
    return;
  features = yado_xml_add (domain, "features");
  yado_xml_add (features, "acpi");
  yado_xml_add (features, "apic");
  add_hyperv (features, vm);
  /* Secure boot firmware keeps its variables in SMM. */
  if (vm->uefi && vm->secure_boot)
    yado_xml_add_with (features, "smm", "state", "on");
}

static void
add_cpu (xmlNodePtr domain, const YadoNewVm *vm)
{
  /* The host's CPU as it is: fastest, and this host only (migration
   * needs the same CPU). TCG emulates its own default CPU. */
  if (is_kvm (vm))
    yado_xml_add_with (domain, "cpu", "mode", "host-passthrough");
}

static void
add_timer (xmlNodePtr clock, const char *name, const char *attribute, const char *value)
{
  yado_xml_set (yado_xml_add_with (clock, "timer", "name", name), attribute, value);
}

static void
add_clock (xmlNodePtr domain, const YadoNewVm *vm)
{
  /* Windows keeps local time in its hardware clock. */
  xmlNodePtr clock = yado_xml_add_with (domain, "clock", "offset", is_windows (vm) ? "localtime" : "utc");

  if (!is_x86 (vm))
    return;
  /* virt-manager's timers: a paused guest catches up on its RTC ticks,
   * the PIT's are delayed rather than lost, and no HPET (guests spend
   * more time on it than it gives them). */
  add_timer (clock, "rtc", "tickpolicy", "catchup");
  add_timer (clock, "pit", "tickpolicy", "delay");
  add_timer (clock, "hpet", "present", "no");
  if (is_windows (vm) && is_kvm (vm))
    add_timer (clock, "hypervclock", "present", "yes");
}

static void
add_lifecycle (xmlNodePtr domain, const YadoNewVm *vm, YadoNewVmPhase phase)
{
  yado_xml_add_text (domain, "on_poweroff", "destroy");
  /* The installer's reboot ends the INSTALL definition; Yado starts the
   * VM again with the FINAL one, which boots the disk. */
  yado_xml_add_text (domain, "on_reboot", installing (vm, phase) ? "destroy" : "restart");
  yado_xml_add_text (domain, "on_crash", "destroy");
}

/* ---- boot order ---- */

typedef struct {
  guint disk;
  guint cdrom;
  guint nic;
} BootOrder;

static BootOrder
boot_order (const YadoNewVm *vm, YadoNewVmPhase phase)
{
  BootOrder order = { 0, 0, 0 };

  switch (vm->method)
    {
    case YADO_INSTALL_ISO:
      if (installing (vm, phase))
        order = (BootOrder) { .cdrom = 1, .disk = 2 };
      else if (has_disk (vm))
        order = (BootOrder) { .disk = 1 };   /* the CD-ROM is empty now */
      else
        order = (BootOrder) { .cdrom = 1 };  /* a live CD */
      break;
    case YADO_INSTALL_PXE:
      order = (BootOrder) { .nic = 1, .disk = has_disk (vm) ? 2 : 0 };
      break;
    case YADO_INSTALL_URL:  /* the kernel is booted directly while installing */
    case YADO_INSTALL_IMPORT:
    case YADO_INSTALL_CLOUD_IMAGE:
      order = (BootOrder) { .disk = 1 };
      break;
    case YADO_INSTALL_MANUAL:
    default:
      break;   /* libvirt's default: the first disk */
    }
  return order;
}

/* ---- disks ---- */

static const char *
disk_bus (const YadoNewVm *vm)
{
  if (vm->virtio_disk)
    return "virtio";
  /* An OS without virtio drivers: AHCI on q35; on i440FX, IDE, which
   * even the oldest OS knows; SCSI elsewhere. */
  if (!is_x86 (vm))
    return "scsi";
  return is_pc (vm) ? "ide" : "sata";
}

static const char *
cdrom_bus (const YadoNewVm *vm)
{
  if (!is_x86 (vm))
    return "scsi";
  return is_q35 (vm) ? "sata" : "ide";
}

/* An image's format from its name when the wizard did not say. */
static const char *
guess_format (const char *path)
{
  static const struct { const char *suffix, *format; } formats[] = {
    { ".qcow2", "qcow2" }, { ".qcow", "qcow2" }, { ".vmdk", "vmdk" },
    { ".vdi", "vdi" }, { ".vhdx", "vhdx" }, { ".vhd", "vpc" },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].suffix))
      return formats[i].format;
  return "raw";
}

static const char *
disk_format (const YadoNewVm *vm, const char *path)
{
  if (is_set (vm->disk_format))
    return vm->disk_format;
  /* A new volume, and the wizard's copy of a cloud image, are qcow2. */
  if (path == NULL || vm->method == YADO_INSTALL_CLOUD_IMAGE)
    return "qcow2";
  return guess_format (path);
}

/* A path under /dev is a block device (an LVM volume, a whole disk). */
static void
make_block (xmlNodePtr disk)
{
  xmlNodePtr source = child (disk, "source");
  xmlChar *path = xmlGetProp (source, BAD_CAST "file");

  yado_xml_set (disk, "type", "block");
  xmlUnsetProp (source, BAD_CAST "file");
  yado_xml_set (source, "dev", (const char *) path);
  xmlFree (path);
}

static void
add_disk (xmlNodePtr devices, const YadoNewVm *vm, const char *target, guint order)
{
  const char *path = disk_path (vm);
  g_autofree char *volume = path == NULL ? yado_new_vm_disk_volume_name (vm) : NULL;
  YadoDiskSpec spec = {
    .device = "disk", .path = path, .pool = vm->disk_pool, .volume = volume,
    .bus = disk_bus (vm), .target = target, .format = disk_format (vm, path),
  };
  xmlNodePtr disk = add_built (devices, yado_device_xml_disk (&spec));

  /* The guest's TRIM frees the host's space: qcow2 files are sparse. */
  if (g_str_equal (spec.format, "qcow2"))
    yado_xml_set (child (disk, "driver"), "discard", "unmap");
  if (path != NULL && g_str_has_prefix (path, "/dev/"))
    make_block (disk);
  add_boot_order (disk, order);
}

/* @path NULL: an empty drive (the install media ejected). */
static void
add_cdrom (xmlNodePtr devices, const YadoNewVm *vm, const char *path, const char *target,
           guint order)
{
  YadoDiskSpec spec = {
    .device = "cdrom", .path = path, .bus = cdrom_bus (vm), .target = target,
    .format = path != NULL ? "raw" : NULL,
  };

  add_boot_order (add_built (devices, yado_device_xml_disk (&spec)), order);
}

/* The CD-ROM's medium: the ISO while installing (a live CD keeps it),
 * the cloud-init seed always; NULL: none or empty. */
static const char *
cdrom_media (const YadoNewVm *vm, YadoNewVmPhase phase, gboolean *has_cdrom)
{
  *has_cdrom = TRUE;
  if (vm->method == YADO_INSTALL_ISO)
    return installing (vm, phase) || !has_disk (vm) ? vm->media_path : NULL;
  if (vm->method == YADO_INSTALL_CLOUD_IMAGE && is_set (vm->seed_path))
    return vm->seed_path;
  *has_cdrom = FALSE;
  return NULL;
}

static void
add_disks (xmlNodePtr devices, const YadoNewVm *vm, YadoNewVmPhase phase)
{
  BootOrder order = boot_order (vm, phase);
  g_autofree char *disk_target = NULL;
  g_autofree char *cdrom_target = NULL;
  const char *used[2] = { NULL, NULL };
  gboolean has_cdrom;
  const char *media = cdrom_media (vm, phase, &has_cdrom);

  if (has_disk (vm))
    {
      disk_target = yado_disk_target_next (disk_bus (vm), NULL);
      add_disk (devices, vm, disk_target, order.disk);
      used[0] = disk_target;
    }
  if (has_cdrom)
    {
      cdrom_target = yado_disk_target_next (cdrom_bus (vm), used);
      add_cdrom (devices, vm, media, cdrom_target, order.cdrom);
    }
}

/* ---- other devices ---- */

static gboolean
has_spice (const YadoNewVm *vm)
{
  return g_strcmp0 (vm->graphics, "spice") == 0;
}

static gboolean
has_usb_devices (const YadoNewVm *vm)
{
  return vm->tablet || has_spice (vm);
}

static void
add_usb_controller (xmlNodePtr devices, const YadoNewVm *vm)
{
  xmlNodePtr controller;

  /* Said, not left to libvirt: its validation wants a USB bus for the
   * SPICE redirection before it would add its default one. q35 gets USB 3
   * with room for redirected devices (virt-manager's); others the
   * machine's default (UHCI on i440FX: the oldest OS knows it). */
  if (!has_usb_devices (vm))
    return;
  if (!is_q35 (vm))
    {
      add_built (devices, yado_device_xml_controller ("usb", NULL));
      return;
    }
  controller = add_built (devices, yado_device_xml_controller ("usb", "qemu-xhci"));
  yado_xml_set (controller, "ports", "15");
}

static void
add_controllers (xmlNodePtr devices, const YadoNewVm *vm, YadoNewVmPhase phase)
{
  gboolean has_cdrom;

  (void) cdrom_media (vm, phase, &has_cdrom);
  /* Other arches' drives are on SCSI: virtio-scsi, not an emulated HBA. */
  if (!is_x86 (vm) && (has_cdrom || (has_disk (vm) && !vm->virtio_disk)))
    add_built (devices, yado_device_xml_controller ("scsi", "virtio-scsi"));
  add_usb_controller (devices, vm);
  /* The channels' bus (libvirt would add it; said, it is plain). */
  if (vm->guest_agent || has_spice (vm))
    add_built (devices, yado_device_xml_controller ("virtio-serial", NULL));
}

static const char *
nic_model (const YadoNewVm *vm)
{
  if (vm->virtio_net)
    return "virtio";
  /* As virt-manager: e1000e on PCIe, the older e1000 on i440FX (drivers
   * in older OSes). */
  return is_pc (vm) ? "e1000" : "e1000e";
}

static xmlNodePtr
add_user_interface (xmlNodePtr devices, const YadoNewVm *vm, const char *mac)
{
  xmlNodePtr interface = yado_xml_add_with (devices, "interface", "type", "user");

  if (is_set (mac))
    yado_xml_add_with (interface, "mac", "address", mac);
  yado_xml_add_with (interface, "model", "type", nic_model (vm));
  return interface;
}

static void
add_interface (xmlNodePtr devices, const YadoNewVm *vm, YadoNewVmPhase phase)
{
  static const char *const types[] = {
    [YADO_NET_NETWORK] = "network", [YADO_NET_BRIDGE] = "bridge", [YADO_NET_DIRECT] = "direct",
  };
  g_autofree char *mac = yado_mac_normalize (vm->mac);
  YadoInterfaceSpec spec = { .source = vm->net_source, .model = nic_model (vm), .mac = mac };
  xmlNodePtr interface;

  if (vm->net == YADO_NET_NONE)
    return;
  if (vm->net == YADO_NET_USER)
    interface = add_user_interface (devices, vm, mac);
  else
    {
      spec.type = types[vm->net];
      interface = add_built (devices, yado_device_xml_interface (&spec));
    }
  add_boot_order (interface, boot_order (vm, phase).nic);
}

static void
add_channels (xmlNodePtr devices, const YadoNewVm *vm)
{
  if (vm->guest_agent)
    add_built (devices, yado_device_xml_guest_agent_channel ());
  /* SPICE's agent: clipboard, the guest's resolution follows the window. */
  if (has_spice (vm))
    add_built (devices, yado_device_xml_spice_agent_channel ());
}

static void
add_graphics (xmlNodePtr devices, const YadoNewVm *vm)
{
  /* Loopback only: Yado reaches it locally, or through its SSH tunnel to
   * the host's loopback (yado-graphics-route.c); never the network. */
  YadoGraphicsSpec spec = { .type = vm->graphics, .listen = "127.0.0.1", .port = -1 };

  if (is_set (vm->graphics))
    add_built (devices, yado_device_xml_graphics (&spec));
}

static void
add_usb_redirection (xmlNodePtr devices, const YadoNewVm *vm)
{
  /* Two USB devices of the client's through SPICE, as virt-manager. */
  if (!has_spice (vm))
    return;
  for (guint i = 0; i < 2; i++)
    add_built (devices, yado_device_xml_usb_redir ());
}

static void
add_devices (xmlNodePtr domain, const YadoNewVm *vm, YadoNewVmPhase phase)
{
  xmlNodePtr devices = yado_xml_add (domain, "devices");

  if (is_set (vm->emulator))
    yado_xml_add_text (devices, "emulator", vm->emulator);
  /* In libvirt's own order, so the definition reads back the same. */
  add_disks (devices, vm, phase);
  add_controllers (devices, vm, phase);
  add_interface (devices, vm, phase);
  add_channels (devices, vm);
  if (vm->tablet)
    add_built (devices, yado_device_xml_input ("tablet", "usb"));
  if (vm->tpm)
    add_built (devices, yado_device_xml_tpm (is_x86 (vm) ? "tpm-crb" : NULL, NULL));
  add_graphics (devices, vm);
  if (vm->sound)
    add_built (devices, yado_device_xml_sound (is_q35 (vm) ? "ich9" : "ich6"));
  if (is_set (vm->video))
    add_built (devices, yado_device_xml_video (vm->video, FALSE));
  add_usb_redirection (devices, vm);
  yado_xml_add_with (devices, "memballoon", "model", "virtio");
  if (vm->rng)
    add_built (devices, yado_device_xml_rng ("/dev/urandom"));
}

/* ---- the whole domain ---- */

char *
yado_new_vm_disk_volume_name (const YadoNewVm *vm)
{
  /* virt-manager's names: "NAME.qcow2", and ".img" for raw. */
  const char *format = is_set (vm->disk_format) ? vm->disk_format : "qcow2";

  return g_strdup_printf ("%s.%s", vm->name, g_str_equal (format, "raw") ? "img" : format);
}

/* What only the host side provides, beyond yado_new_vm_check(). */
static gboolean
check_prepared (const YadoNewVm *vm, YadoNewVmPhase phase, GError **error)
{
  g_autofree char *problem = yado_new_vm_check (vm);

  if (problem != NULL)
    {
      g_set_error_literal (error, YADO_ERROR, YADO_ERROR_INVALID, problem);
      return FALSE;
    }
  if (vm->method == YADO_INSTALL_URL && installing (vm, phase) &&
      (!is_set (vm->kernel_path) || !is_set (vm->initrd_path)))
    {
      g_set_error_literal (error, YADO_ERROR, YADO_ERROR_INVALID,
                           _("The install tree’s kernel and initrd have not been fetched."));
      return FALSE;
    }
  return TRUE;
}

static char *
serialize (xmlDocPtr doc)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *xml;

  /* Indented by two spaces, as libvirt writes domains. */
  xmlNodeDump (buffer, doc, xmlDocGetRootElement (doc), 0, 1);
  xml = g_strconcat ((const char *) xmlBufferContent (buffer), "\n", NULL);
  xmlBufferFree (buffer);
  return xml;
}

char *
yado_new_vm_build_xml (const YadoNewVm *vm, YadoNewVmPhase phase, GError **error)
{
  xmlDocPtr doc;
  xmlNodePtr domain;
  char *xml;

  if (!check_prepared (vm, phase, error))
    return NULL;
  doc = xmlNewDoc (BAD_CAST "1.0");
  domain = xmlNewDocNode (doc, NULL, BAD_CAST "domain", NULL);
  xmlDocSetRootElement (doc, domain);
  yado_xml_set (domain, "type", vm->virt_type);
  yado_xml_add_text (domain, "name", vm->name);
  if (is_set (vm->uuid))
    yado_xml_add_text (domain, "uuid", vm->uuid);
  add_metadata (domain, vm);
  add_resources (domain, vm);
  add_os (domain, vm, phase);
  add_features (domain, vm);
  add_cpu (domain, vm);
  add_clock (domain, vm);
  add_lifecycle (domain, vm, phase);
  add_devices (domain, vm, phase);
  xml = serialize (doc);
  xmlFreeDoc (doc);
  return xml;
}
