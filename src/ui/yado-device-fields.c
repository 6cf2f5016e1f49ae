/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-device-fields.h"

#define DEFAULT ":" "Hypervisor default"

static const YadoField disk_fields[] = {
  { N_("Source path"), "source/@file", YADO_FIELD_PATH, NULL, "@type=file" },
  { N_("Source device"), "source/@dev", YADO_FIELD_PATH, NULL, "@type=block" },
  { N_("Storage pool"), "source/@pool", YADO_FIELD_ENTRY, NULL, "@type=volume", YADO_CHECK_REQUIRED },
  { N_("Volume"), "source/@volume", YADO_FIELD_ENTRY, NULL, "@type=volume", YADO_CHECK_REQUIRED },
  { N_("Network source"), "source/@name", YADO_FIELD_ENTRY, NULL, "@type=network" },
  { N_("Device type"), "@device", YADO_FIELD_LABEL },
  { N_("Target"), "target/@dev", YADO_FIELD_LABEL },
  { N_("Bus"), "target/@bus", YADO_FIELD_COMBO,
    "virtio:VirtIO|sata:SATA|scsi:SCSI|ide:IDE|usb:USB|fdc:Floppy" },
  { N_("Format"), "driver/@type", YADO_FIELD_COMBO, "qcow2|raw|vmdk|vdi|qed" },
  { N_("Cache mode"), "driver/@cache", YADO_FIELD_COMBO,
    DEFAULT "|none|writethrough|writeback|directsync|unsafe" },
  { N_("Discard"), "driver/@discard", YADO_FIELD_COMBO, DEFAULT "|ignore|unmap" },
  { N_("I/O mode"), "driver/@io", YADO_FIELD_COMBO, DEFAULT "|native|threads|io_uring" },
  { N_("Read-only"), "readonly", YADO_FIELD_FLAG },
  { N_("Shareable"), "shareable", YADO_FIELD_FLAG },
  { N_("Serial number"), "serial", YADO_FIELD_ENTRY },
  { N_("Read limit (bytes/s)"), "iotune/read_bytes_sec", YADO_FIELD_NUMBER },
  { N_("Write limit (bytes/s)"), "iotune/write_bytes_sec", YADO_FIELD_NUMBER },
  { N_("Total limit (bytes/s)"), "iotune/total_bytes_sec", YADO_FIELD_NUMBER },
  { N_("Read limit (I/O per s)"), "iotune/read_iops_sec", YADO_FIELD_NUMBER },
  { N_("Write limit (I/O per s)"), "iotune/write_iops_sec", YADO_FIELD_NUMBER },
  { N_("Total limit (I/O per s)"), "iotune/total_iops_sec", YADO_FIELD_NUMBER },
};

static const YadoField interface_fields[] = {
  { N_("Network source"), "@type", YADO_FIELD_LABEL },
  { N_("Virtual network"), "source/@network", YADO_FIELD_COMBO, "@networks", "@type=network",
    YADO_CHECK_REQUIRED },
  { N_("Bridge"), "source/@bridge", YADO_FIELD_ENTRY, NULL, "@type=bridge", YADO_CHECK_REQUIRED },
  { N_("Host device"), "source/@dev", YADO_FIELD_ENTRY, NULL, "@type=direct", YADO_CHECK_REQUIRED },
  { N_("Source mode"), "source/@mode", YADO_FIELD_COMBO, "vepa|bridge|private|passthrough",
    "@type=direct" },
  { N_("Device model"), "model/@type", YADO_FIELD_COMBO, "virtio|e1000e|e1000|rtl8139" },
  { N_("MAC address"), "mac/@address", YADO_FIELD_ENTRY, NULL, NULL, YADO_CHECK_MAC },
  { N_("Link state"), "link/@state", YADO_FIELD_COMBO, "up:Up|down:Down", NULL, 0, "up" },
};

static const YadoField input_fields[] = {
  { N_("Type"), "@type", YADO_FIELD_LABEL },
  { N_("Bus"), "@bus", YADO_FIELD_LABEL },
};

static const YadoField graphics_fields[] = {
  { N_("Type"), "@type", YADO_FIELD_LABEL },
  { N_("Listen address"), "listen/@address", YADO_FIELD_COMBO,
    "127.0.0.1:Localhost only|0.0.0.0:All interfaces", "listen/@type=address" },
  { N_("Automatic port"), "@autoport", YADO_FIELD_YESNO },
  { N_("Port"), "@port", YADO_FIELD_NUMBER, NULL, "@autoport=no" },
  { N_("Password"), "@passwd", YADO_FIELD_PASSWORD },
  { N_("Keymap"), "@keymap", YADO_FIELD_ENTRY },
};

static const YadoField sound_fields[] = {
  { N_("Model"), "@model", YADO_FIELD_COMBO, "ich9|ich6|ac97|es1370|sb16|usb" },
};

static const YadoField char_fields[] = {
  { N_("Device type"), "@type", YADO_FIELD_COMBO, "pty|file|unix|tcp|udp|null|spicevmc|spiceport" },
  { N_("Path"), "source/@path", YADO_FIELD_ENTRY, NULL, "@type=file" },
  { N_("Socket path"), "source/@path", YADO_FIELD_ENTRY, NULL, "@type=unix" },
  { N_("Target type"), "target/@type", YADO_FIELD_LABEL },
  { N_("Target port"), "target/@port", YADO_FIELD_LABEL },
};

static const YadoField channel_fields[] = {
  { N_("Device type"), "@type", YADO_FIELD_LABEL },
  { N_("Target name"), "target/@name", YADO_FIELD_LABEL },
  { N_("Target type"), "target/@type", YADO_FIELD_LABEL },
};

static const YadoField video_fields[] = {
  { N_("Model"), "model/@type", YADO_FIELD_COMBO, "virtio|qxl|vga|bochs|ramfb|cirrus|none" },
  { N_("Heads"), "model/@heads", YADO_FIELD_NUMBER },
  { N_("Video memory (KiB)"), "model/@vram", YADO_FIELD_NUMBER },
  { N_("3D acceleration"), "model/acceleration/@accel3d", YADO_FIELD_YESNO, NULL, "model/@type=virtio" },
};

static const YadoField controller_fields[] = {
  { N_("Type"), "@type", YADO_FIELD_LABEL },
  { N_("Index"), "@index", YADO_FIELD_LABEL },
  { N_("Model"), "@model", YADO_FIELD_COMBO,
    ":" "Default" "|qemu-xhci|ich9-ehci1|piix3-uhci|nec-xhci|virtio-scsi|lsilogic|pcie-root|pcie-root-port|pci-root" },
  { N_("Ports"), "@ports", YADO_FIELD_NUMBER, NULL, "@type=usb" },
};

static const YadoField hostdev_usb_fields[] = {
  { N_("Vendor"), "source/vendor/@id", YADO_FIELD_LABEL },
  { N_("Product"), "source/product/@id", YADO_FIELD_LABEL },
  { N_("Bus"), "source/address/@bus", YADO_FIELD_LABEL },
  { N_("Device"), "source/address/@device", YADO_FIELD_LABEL },
};

static const YadoField hostdev_pci_fields[] = {
  { N_("Domain"), "source/address/@domain", YADO_FIELD_LABEL },
  { N_("Bus"), "source/address/@bus", YADO_FIELD_LABEL },
  { N_("Slot"), "source/address/@slot", YADO_FIELD_LABEL },
  { N_("Function"), "source/address/@function", YADO_FIELD_LABEL },
  { N_("Managed by libvirt"), "@managed", YADO_FIELD_YESNO },
};

static const YadoField redirdev_fields[] = {
  { N_("Bus"), "@bus", YADO_FIELD_LABEL },
  { N_("Type"), "@type", YADO_FIELD_COMBO, "spicevmc|tcp" },
};

static const YadoField watchdog_fields[] = {
  { N_("Model"), "@model", YADO_FIELD_COMBO, "i6300esb|ib700|diag288|itco" },
  { N_("Action"), "@action", YADO_FIELD_COMBO,
    "reset:Reset the guest|shutdown:Shut down gracefully|poweroff:Force off|pause:Pause the guest|none:Do nothing|dump:Dump memory|inject-nmi:Inject an NMI",
    NULL, 0, "reset" },
};

static const YadoField rng_fields[] = {
  { N_("Model"), "@model", YADO_FIELD_LABEL },
  { N_("Backend"), "backend/@model", YADO_FIELD_COMBO, "random|egd|builtin" },
  { N_("Host device"), "backend", YADO_FIELD_ENTRY, NULL, "backend/@model=random" },
};

static const YadoField tpm_fields[] = {
  { N_("Model"), "@model", YADO_FIELD_COMBO, "tpm-crb:CRB|tpm-tis:TIS" },
  { N_("Backend"), "backend/@type", YADO_FIELD_COMBO, "emulator:Emulated|passthrough:Passthrough" },
  { N_("Version"), "backend/@version", YADO_FIELD_COMBO, "2.0|1.2", "backend/@type=emulator" },
};

static const YadoField panic_fields[] = {
  { N_("Model"), "@model", YADO_FIELD_COMBO, "isa|pvpanic|hyperv|pseries|s390" },
};

static const YadoField smartcard_fields[] = {
  { N_("Mode"), "@mode", YADO_FIELD_COMBO, "passthrough|host|host-certificates" },
  { N_("Type"), "@type", YADO_FIELD_LABEL },
};

static const YadoField filesystem_fields[] = {
  { N_("Driver"), "driver/@type", YADO_FIELD_COMBO, ":" "Default" "|path|virtiofs" },
  { N_("Access mode"), "@accessmode", YADO_FIELD_COMBO, "passthrough|mapped|squash" },
  { N_("Source path"), "source/@dir", YADO_FIELD_PATH, NULL, NULL, YADO_CHECK_REQUIRED },
  { N_("Target path"), "target/@dir", YADO_FIELD_ENTRY, NULL, NULL, YADO_CHECK_REQUIRED },
  { N_("Export read-only"), "readonly", YADO_FIELD_FLAG },
};

static const YadoField memballoon_fields[] = {
  { N_("Model"), "@model", YADO_FIELD_COMBO, "virtio|virtio-transitional|none" },
  { N_("Statistics every (s)"), "stats/@period", YADO_FIELD_NUMBER },
};

static const YadoField overview_fields[] = {
  { N_("Name"), "name", YADO_FIELD_ENTRY, NULL, NULL, YADO_CHECK_NAME },
  { N_("Title"), "title", YADO_FIELD_ENTRY },
  { N_("Description"), "description", YADO_FIELD_TEXT },
  { N_("UUID"), "uuid", YADO_FIELD_LABEL },
  { N_("Hypervisor"), "@type", YADO_FIELD_LABEL },
  { N_("Architecture"), "os/type/@arch", YADO_FIELD_LABEL },
  { N_("Emulator"), "devices/emulator", YADO_FIELD_LABEL },
  { N_("Chipset"), "os/type/@machine", YADO_FIELD_COMBO, "@machines" },
  { N_("Firmware"), "os/@firmware", YADO_FIELD_COMBO, ":BIOS|efi:UEFI" },
  { N_("Secure boot"), "os/loader/@secure", YADO_FIELD_YESNO, NULL, "os/@firmware=efi" },
};

static const YadoField boot_fields[] = {
  { N_("Boot menu"), "os/bootmenu/@enable", YADO_FIELD_YESNO },
  { N_("Kernel path"), "os/kernel", YADO_FIELD_ENTRY },
  { N_("Initrd path"), "os/initrd", YADO_FIELD_ENTRY },
  { N_("Kernel arguments"), "os/cmdline", YADO_FIELD_ENTRY },
};

static const YadoField memory_backing_fields[] = {
  { N_("Huge pages"), "memoryBacking/hugepages", YADO_FIELD_FLAG },
  { N_("Shared memory"), "memoryBacking/access/@mode", YADO_FIELD_COMBO,
    ":" "Private" "|shared:" "Shared" },
  { N_("Memory source"), "memoryBacking/source/@type", YADO_FIELD_COMBO,
    ":" "Default" "|memfd|file|anonymous" },
};

static const YadoField cpu_fields[] = {
  { N_("CPU model"), "cpu/@mode", YADO_FIELD_COMBO,
    "host-passthrough:" "Host passthrough" "|host-model:" "Host model" "|custom:" "Named model" },
  { N_("Named model"), "cpu/model", YADO_FIELD_COMBO, "@cpu-models", "cpu/@mode=custom" },
  { N_("Sockets"), "cpu/topology/@sockets", YADO_FIELD_NUMBER },
  { N_("Cores"), "cpu/topology/@cores", YADO_FIELD_NUMBER },
  { N_("Threads"), "cpu/topology/@threads", YADO_FIELD_NUMBER },
};

#define TABLE(t) *n_fields = G_N_ELEMENTS (t); return t

const YadoField *
yado_device_fields_for (YadoDeviceKind kind, guint *n_fields)
{
  switch (kind)
    {
    case YADO_DEVICE_DISK:
    case YADO_DEVICE_CDROM:
    case YADO_DEVICE_FLOPPY:      TABLE (disk_fields);
    case YADO_DEVICE_INTERFACE:   TABLE (interface_fields);
    case YADO_DEVICE_INPUT:       TABLE (input_fields);
    case YADO_DEVICE_GRAPHICS:    TABLE (graphics_fields);
    case YADO_DEVICE_SOUND:       TABLE (sound_fields);
    case YADO_DEVICE_SERIAL:
    case YADO_DEVICE_PARALLEL:
    case YADO_DEVICE_CONSOLE:     TABLE (char_fields);
    case YADO_DEVICE_CHANNEL:     TABLE (channel_fields);
    case YADO_DEVICE_VIDEO:       TABLE (video_fields);
    case YADO_DEVICE_CONTROLLER:  TABLE (controller_fields);
    case YADO_DEVICE_HOSTDEV_USB: TABLE (hostdev_usb_fields);
    case YADO_DEVICE_HOSTDEV_PCI: TABLE (hostdev_pci_fields);
    case YADO_DEVICE_REDIRDEV:    TABLE (redirdev_fields);
    case YADO_DEVICE_WATCHDOG:    TABLE (watchdog_fields);
    case YADO_DEVICE_RNG:         TABLE (rng_fields);
    case YADO_DEVICE_TPM:         TABLE (tpm_fields);
    case YADO_DEVICE_PANIC:       TABLE (panic_fields);
    case YADO_DEVICE_SMARTCARD:   TABLE (smartcard_fields);
    case YADO_DEVICE_FILESYSTEM:  TABLE (filesystem_fields);
    case YADO_DEVICE_MEMBALLOON:  TABLE (memballoon_fields);
    case YADO_DEVICE_HOSTDEV:
    case YADO_DEVICE_OTHER:
    default:
      *n_fields = 0;
      return NULL;
    }
}

const YadoField *
yado_overview_fields (guint *n_fields)
{
  TABLE (overview_fields);
}

const YadoField *
yado_boot_fields (guint *n_fields)
{
  TABLE (boot_fields);
}

const YadoField *
yado_memory_backing_fields (guint *n_fields)
{
  TABLE (memory_backing_fields);
}

const YadoField *
yado_cpu_fields (guint *n_fields)
{
  TABLE (cpu_fields);
}
