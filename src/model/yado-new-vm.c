/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-device-xml.h"
#include "yado-new-vm.h"

/* ---- life cycle ---- */

YadoNewVm *
yado_new_vm_new (void)
{
  YadoNewVm *vm = g_new0 (YadoNewVm, 1);

  /* What a modern x86 guest wants when nothing is known of its OS (the
   * OS step replaces these with libosinfo's, yado-os-info.h). */
  vm->virt_type = g_strdup ("kvm");
  vm->arch = g_strdup ("x86_64");
  vm->machine = g_strdup ("q35");
  vm->method = YADO_INSTALL_ISO;
  vm->memory_mib = 1024;
  vm->vcpus = 1;
  vm->virtio_disk = TRUE;
  vm->virtio_net = TRUE;
  vm->video = g_strdup ("virtio");
  vm->graphics = g_strdup ("spice");
  vm->sound = TRUE;
  vm->rng = TRUE;
  vm->guest_agent = TRUE;
  vm->tablet = TRUE;
  vm->disk = YADO_DISK_NEW;
  vm->disk_pool = g_strdup ("default");
  vm->disk_size_gib = 20;
  vm->disk_format = g_strdup ("qcow2");
  vm->net = YADO_NET_NETWORK;
  vm->net_source = g_strdup ("default");
  return vm;
}

/* Every string field, for free and copy: one list to keep up to date. */
#define STRING_FIELDS(X)                                                 \
  X (name) X (uuid) X (virt_type) X (arch) X (machine) X (emulator)      \
  X (os_id) X (os_name) X (media_path) X (install_url) X (kernel_args)   \
  X (kernel_url_arg) X (kernel_path) X (initrd_path) X (seed_path)       \
  X (network_boot) X (video) X (graphics) X (disk_pool) X (disk_format)  \
  X (disk_path) X (net_source) X (mac)

void
yado_new_vm_free (YadoNewVm *vm)
{
  if (vm == NULL)
    return;
#define FREE_FIELD(field) g_free (vm->field);
  STRING_FIELDS (FREE_FIELD)
#undef FREE_FIELD
  g_free (vm);
}

YadoNewVm *
yado_new_vm_copy (const YadoNewVm *vm)
{
  YadoNewVm *copy = g_memdup2 (vm, sizeof *vm);

#define COPY_FIELD(field) copy->field = g_strdup (vm->field);
  STRING_FIELDS (COPY_FIELD)
#undef COPY_FIELD
  return copy;
}

/* ---- checks ---- */

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

static char *
check_url (const char *url)
{
  static const char *const schemes[] = { "http://", "https://", "ftp://", "nfs://" };

  if (!is_set (url))
    return g_strdup (_("Enter the URL of the install tree."));
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (url, schemes[i], strlen (schemes[i])) == 0)
      return NULL;
  return g_strdup (_("The install tree’s URL must start with http://, https://, ftp:// or nfs://."));
}

/* What the install method itself needs. */
static char *
check_source (const YadoNewVm *vm)
{
  switch (vm->method)
    {
    case YADO_INSTALL_ISO:
      if (!is_set (vm->media_path))
        return g_strdup (_("Choose an ISO image or a CD-ROM to install from."));
      return NULL;
    case YADO_INSTALL_URL:
      if (vm->disk == YADO_DISK_NONE)
        return g_strdup (_("A network install needs a disk to install to."));
      return check_url (vm->install_url);
    case YADO_INSTALL_PXE:
      if (vm->net == YADO_NET_NONE)
        return g_strdup (_("A network boot needs a network."));
      return NULL;
    case YADO_INSTALL_IMPORT:
      if (!is_set (vm->media_path) && !is_set (vm->disk_path))
        return g_strdup (_("Choose the disk image to import."));
      return NULL;
    case YADO_INSTALL_CLOUD_IMAGE:
      if (!is_set (vm->media_path) && !is_set (vm->disk_path))
        return g_strdup (_("Choose the cloud image."));
      return NULL;
    case YADO_INSTALL_MANUAL:
    default:
      return NULL;
    }
}

static char *
check_resources (const YadoNewVm *vm)
{
  if (!is_set (vm->virt_type) || !is_set (vm->arch))
    return g_strdup (_("Choose the architecture and the virtualization type."));
  if (vm->memory_mib == 0)
    return g_strdup (_("The virtual machine needs some memory."));
  if (vm->vcpus == 0)
    return g_strdup (_("The virtual machine needs at least one CPU."));
  if (vm->secure_boot && !vm->uefi)
    return g_strdup (_("Secure Boot needs UEFI firmware."));
  return NULL;
}

static char *
check_disk (const YadoNewVm *vm)
{
  /* An imported image or a cloud image is the disk: no other needed. */
  if (vm->method == YADO_INSTALL_IMPORT || vm->method == YADO_INSTALL_CLOUD_IMAGE)
    if (is_set (vm->media_path) && vm->disk != YADO_DISK_NEW)
      return NULL;
  switch (vm->disk)
    {
    case YADO_DISK_NEW:
      if (vm->disk_size_gib == 0)
        return g_strdup (_("Choose a size for the new disk."));
      if (!is_set (vm->disk_pool))
        return g_strdup (_("Choose a storage pool for the new disk."));
      return NULL;
    case YADO_DISK_EXISTING:
      if (!is_set (vm->disk_path))
        return g_strdup (_("Choose the existing disk."));
      return NULL;
    case YADO_DISK_NONE:
    default:
      return NULL;
    }
}

/* Spaces only count as no name. */
static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* libvirt refuses '/' (a name becomes a file name) and control
 * characters. */
static char *
check_name (const YadoNewVm *vm)
{
  const char *name = vm->name;

  if (is_blank (name))
    return g_strdup (_("Enter a name for the virtual machine."));
  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup (_("The name is not valid text."));
  if (strchr (name, '/') != NULL)
    return g_strdup (_("A name cannot contain “/”."));
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return g_strdup (_("A name cannot contain control characters (such as tabs or new lines)."));
  return NULL;
}

static char *
check_network (const YadoNewVm *vm)
{
  gboolean no_source = !is_set (vm->net_source);

  switch (vm->net)
    {
    case YADO_NET_NETWORK:
      if (no_source)
        return g_strdup (_("Choose a virtual network."));
      break;
    case YADO_NET_BRIDGE:
      if (no_source)
        return g_strdup (_("Enter the name of the host’s bridge."));
      break;
    case YADO_NET_DIRECT:
      if (no_source)
        return g_strdup (_("Choose the host’s network device."));
      break;
    case YADO_NET_NONE:
      return NULL;
    case YADO_NET_USER:
    default:
      break;
    }
  if (is_set (vm->mac) && !yado_mac_is_valid (vm->mac))
    /* Translators: %s is what the user typed as a MAC address. */
    return g_strdup_printf (_("“%s” is not a valid MAC address (six pairs of hex digits such as 52:54:00:12:34:56, not a multicast one)."),
                            vm->mac);
  return NULL;
}

char *
yado_new_vm_check (const YadoNewVm *vm)
{
  /* In the wizard's order of steps, so the first problem is on the
   * earliest step that has one. */
  char *(*const checks[]) (const YadoNewVm *) = {
    check_source, check_resources, check_disk, check_name, check_network,
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      char *message = checks[i] (vm);

      if (message != NULL)
        return message;
    }
  return NULL;
}
