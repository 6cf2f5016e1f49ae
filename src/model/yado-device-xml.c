/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <libxml/tree.h>

#include "yado-device-xml.h"
#include "yado-xml.h"

/* ---- building ---- */

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

static xmlNodePtr
element (const char *name)
{
  return xmlNewNode (NULL, BAD_CAST name);
}

/* Serialises @node, indented, and frees it. */
static char *
finish (xmlNodePtr node)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *xml;

  xmlNodeDump (buffer, NULL, node, 0, 1);
  xml = g_strdup ((const char *) xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  xmlFreeNode (node);
  return xml;
}

/* ---- devices ---- */

char *
yado_device_xml_disk (const YadoDiskSpec *spec)
{
  xmlNodePtr disk = element ("disk");
  xmlNodePtr driver;
  gboolean volume = !is_set (spec->path) && is_set (spec->pool) && is_set (spec->volume);

  yado_xml_set (disk, "type", volume ? "volume" : "file");
  yado_xml_set (disk, "device", is_set (spec->device) ? spec->device : "disk");
  driver = yado_xml_add_with (disk, "driver", "name", "qemu");
  yado_xml_set (driver, "type", spec->format);
  yado_xml_set (driver, "cache", spec->cache);
  if (volume)
    {
      xmlNodePtr source = yado_xml_add_with (disk, "source", "pool", spec->pool);

      yado_xml_set (source, "volume", spec->volume);
    }
  else if (is_set (spec->path))
    yado_xml_add_with (disk, "source", "file", spec->path);
  /* else: an empty CD-ROM or floppy drive. */
  yado_xml_set (yado_xml_add_with (disk, "target", "dev", spec->target), "bus", spec->bus);
  if (spec->readonly || g_strcmp0 (spec->device, "cdrom") == 0)
    yado_xml_add (disk, "readonly");
  if (spec->shareable)
    yado_xml_add (disk, "shareable");
  return finish (disk);
}

char *
yado_device_xml_interface (const YadoInterfaceSpec *spec)
{
  xmlNodePtr interface = element ("interface");
  const char *type = is_set (spec->type) ? spec->type : "network";
  xmlNodePtr source;

  yado_xml_set (interface, "type", type);
  if (is_set (spec->mac))
    yado_xml_add_with (interface, "mac", "address", spec->mac);
  if (g_str_equal (type, "network"))
    source = yado_xml_add_with (interface, "source", "network", spec->source);
  else if (g_str_equal (type, "bridge"))
    source = yado_xml_add_with (interface, "source", "bridge", spec->source);
  else
    {
      source = yado_xml_add_with (interface, "source", "dev", spec->source);
      yado_xml_set (source, "mode", is_set (spec->mode) ? spec->mode : "bridge");
    }
  if (is_set (spec->model))
    yado_xml_add_with (interface, "model", "type", spec->model);
  return finish (interface);
}

char *
yado_device_xml_input (const char *type, const char *bus)
{
  xmlNodePtr input = element ("input");

  yado_xml_set (input, "type", type);
  yado_xml_set (input, "bus", bus);
  return finish (input);
}

char *
yado_device_xml_graphics (const YadoGraphicsSpec *spec)
{
  xmlNodePtr graphics = element ("graphics");
  g_autofree char *port = NULL;

  yado_xml_set (graphics, "type", spec->type);
  if (spec->port > 0)
    {
      port = g_strdup_printf ("%d", spec->port);
      yado_xml_set (graphics, "port", port);
      yado_xml_set (graphics, "autoport", "no");
    }
  else
    yado_xml_set (graphics, "autoport", "yes");
  yado_xml_set (graphics, "passwd", spec->password);
  if (g_strcmp0 (spec->listen, "none") == 0)
    yado_xml_add_with (graphics, "listen", "type", "none");
  else if (is_set (spec->listen))
    yado_xml_set (yado_xml_add_with (graphics, "listen", "type", "address"), "address", spec->listen);
  return finish (graphics);
}

char *
yado_device_xml_sound (const char *model)
{
  xmlNodePtr sound = element ("sound");

  yado_xml_set (sound, "model", model);
  return finish (sound);
}

char *
yado_device_xml_char (const YadoCharSpec *spec)
{
  xmlNodePtr node = element (spec->element);
  xmlNodePtr target;

  yado_xml_set (node, "type", spec->type);
  if (g_strcmp0 (spec->type, "unix") == 0)
    {
      /* Without a path libvirt makes one in its own directory. */
      xmlNodePtr source = yado_xml_add_with (node, "source", "mode", "bind");

      yado_xml_set (source, "path", spec->path);
    }
  else if (g_strcmp0 (spec->type, "file") == 0)
    yado_xml_add_with (node, "source", "path", spec->path);
  if (is_set (spec->target_type) || is_set (spec->target_name))
    {
      target = yado_xml_add_with (node, "target", "type", spec->target_type);
      yado_xml_set (target, "name", spec->target_name);
    }
  return finish (node);
}

char *
yado_device_xml_guest_agent_channel (void)
{
  YadoCharSpec spec = {
    .element = "channel", .type = "unix",
    .target_type = "virtio", .target_name = "org.qemu.guest_agent.0",
  };

  return yado_device_xml_char (&spec);
}

char *
yado_device_xml_spice_agent_channel (void)
{
  YadoCharSpec spec = {
    .element = "channel", .type = "spicevmc",
    .target_type = "virtio", .target_name = "com.redhat.spice.0",
  };

  return yado_device_xml_char (&spec);
}

char *
yado_device_xml_video (const char *model, gboolean accel3d)
{
  xmlNodePtr video = element ("video");
  xmlNodePtr node = yado_xml_add_with (video, "model", "type", model);

  if (accel3d)
    yado_xml_add_with (node, "acceleration", "accel3d", "yes");
  return finish (video);
}

char *
yado_device_xml_controller (const char *type, const char *model)
{
  xmlNodePtr controller = element ("controller");

  yado_xml_set (controller, "type", type);
  yado_xml_set (controller, "model", model);
  return finish (controller);
}

char *
yado_device_xml_usb_host (const char *vendor_id, const char *product_id)
{
  xmlNodePtr hostdev = element ("hostdev");
  xmlNodePtr source;

  yado_xml_set (hostdev, "mode", "subsystem");
  yado_xml_set (hostdev, "type", "usb");
  yado_xml_set (hostdev, "managed", "yes");
  source = yado_xml_add (hostdev, "source");
  yado_xml_add_with (source, "vendor", "id", vendor_id);
  yado_xml_add_with (source, "product", "id", product_id);
  return finish (hostdev);
}

char *
yado_device_xml_pci_host (guint domain, guint bus, guint slot, guint function)
{
  xmlNodePtr hostdev = element ("hostdev");
  xmlNodePtr address;
  char buffer[16];

  yado_xml_set (hostdev, "mode", "subsystem");
  yado_xml_set (hostdev, "type", "pci");
  /* managed: libvirt detaches it from the host's driver and gives it back. */
  yado_xml_set (hostdev, "managed", "yes");
  address = yado_xml_add (yado_xml_add (hostdev, "source"), "address");
  g_snprintf (buffer, sizeof buffer, "0x%04x", domain);
  yado_xml_set (address, "domain", buffer);
  g_snprintf (buffer, sizeof buffer, "0x%02x", bus);
  yado_xml_set (address, "bus", buffer);
  g_snprintf (buffer, sizeof buffer, "0x%02x", slot);
  yado_xml_set (address, "slot", buffer);
  g_snprintf (buffer, sizeof buffer, "0x%x", function);
  yado_xml_set (address, "function", buffer);
  return finish (hostdev);
}

char *
yado_device_xml_usb_redir (void)
{
  xmlNodePtr redirdev = element ("redirdev");

  yado_xml_set (redirdev, "bus", "usb");
  yado_xml_set (redirdev, "type", "spicevmc");
  return finish (redirdev);
}

char *
yado_device_xml_watchdog (const char *model, const char *action)
{
  xmlNodePtr watchdog = element ("watchdog");

  yado_xml_set (watchdog, "model", model);
  yado_xml_set (watchdog, "action", action);
  return finish (watchdog);
}

char *
yado_device_xml_rng (const char *device)
{
  xmlNodePtr rng = element ("rng");

  yado_xml_set (rng, "model", "virtio");
  yado_xml_set (yado_xml_add_text (rng, "backend", device), "model", "random");
  return finish (rng);
}

char *
yado_device_xml_tpm (const char *model, const char *passthrough_device)
{
  xmlNodePtr tpm = element ("tpm");
  xmlNodePtr backend;

  yado_xml_set (tpm, "model", model);
  if (is_set (passthrough_device))
    {
      backend = yado_xml_add_with (tpm, "backend", "type", "passthrough");
      yado_xml_add_with (backend, "device", "path", passthrough_device);
    }
  else
    {
      backend = yado_xml_add_with (tpm, "backend", "type", "emulator");
      yado_xml_set (backend, "version", "2.0");
    }
  return finish (tpm);
}

char *
yado_device_xml_panic (const char *model)
{
  xmlNodePtr panic = element ("panic");

  yado_xml_set (panic, "model", model);
  return finish (panic);
}

char *
yado_device_xml_smartcard (const char *mode)
{
  xmlNodePtr smartcard = element ("smartcard");

  yado_xml_set (smartcard, "mode", mode);
  /* Passthrough reaches the client's card reader through SPICE. */
  if (g_strcmp0 (mode, "passthrough") == 0)
    yado_xml_set (smartcard, "type", "spicevmc");
  return finish (smartcard);
}

char *
yado_device_xml_filesystem (const YadoFilesystemSpec *spec)
{
  xmlNodePtr filesystem = element ("filesystem");

  yado_xml_set (filesystem, "type", "mount");
  yado_xml_set (filesystem, "accessmode", "passthrough");
  yado_xml_add_with (filesystem, "driver", "type", is_set (spec->driver) ? spec->driver : "virtiofs");
  yado_xml_add_with (filesystem, "source", "dir", spec->source_dir);
  yado_xml_add_with (filesystem, "target", "dir", spec->target);
  if (spec->readonly)
    yado_xml_add (filesystem, "readonly");
  return finish (filesystem);
}

/* ---- disk targets ---- */

static const char *
target_prefix (const char *bus)
{
  static const struct { const char *bus, *prefix; } prefixes[] = {
    { "virtio", "vd" }, { "ide", "hd" }, { "fdc", "fd" }, { "xen", "xvd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_strcmp0 (bus, prefixes[i].bus) == 0)
      return prefixes[i].prefix;
  return "sd";   /* sata, scsi, usb, sd */
}

/* "a" … "z", "aa" …: libvirt's numbering of disks. */
static char *
target_name (const char *prefix, guint index)
{
  GString *suffix = g_string_new (NULL);

  for (gint64 i = index; i >= 0; i = i / 26 - 1)
    g_string_prepend_c (suffix, (char) ('a' + i % 26));
  g_string_prepend (suffix, prefix);
  return g_string_free (suffix, FALSE);
}

char *
yado_disk_target_next (const char *bus, const char *const *used)
{
  const char *prefix = target_prefix (bus);

  for (guint index = 0;; index++)
    {
      g_autofree char *name = target_name (prefix, index);

      if (used == NULL || !g_strv_contains (used, name))
        return g_steal_pointer (&name);
    }
}

/* ---- MAC addresses ---- */

char *
yado_mac_generate (void)
{
  /* QEMU's own prefix, as libvirt and virt-manager use. */
  return g_strdup_printf ("52:54:00:%02x:%02x:%02x", (guint) g_random_int_range (0, 256),
                          (guint) g_random_int_range (0, 256),
                          (guint) g_random_int_range (0, 256));
}

gboolean
yado_mac_is_valid (const char *mac)
{
  guint octets[6];
  gboolean all_zero = TRUE;

  if (mac == NULL || strlen (mac) != 17)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    {
      const char *p = mac + i * 3;

      if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]) || (i < 5 && p[2] != ':'))
        return FALSE;
      octets[i] = g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]);
      all_zero &= octets[i] == 0;
    }
  /* The first octet's lowest bit marks a multicast address: no NIC's. */
  return !all_zero && (octets[0] & 1) == 0;
}

char *
yado_mac_normalize (const char *mac)
{
  return yado_mac_is_valid (mac) ? g_ascii_strdown (mac, -1) : NULL;
}
