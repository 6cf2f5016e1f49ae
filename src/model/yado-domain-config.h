/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A domain's XML as an editable libxml2 tree: what the details page edits.
 *
 * Edits touch only the nodes they change; everything else (elements Yado
 * does not know, other namespaces such as qemu:commandline, <metadata>,
 * comments, the indentation) is written back as it was read. New elements
 * are indented like their siblings. Pure: no libvirt calls, any thread.
 *
 * Paths in this API are relative to a node, "/" separated, each step an
 * element name (the first child of that name), the last one optionally
 * "@attribute": "driver/@cache", "source/@file", "model/@type", "memory"
 * (an element's text).
 */

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef enum {
  YADO_DEVICE_DISK,
  YADO_DEVICE_CDROM,
  YADO_DEVICE_FLOPPY,
  YADO_DEVICE_INTERFACE,
  YADO_DEVICE_INPUT,
  YADO_DEVICE_GRAPHICS,
  YADO_DEVICE_SOUND,
  YADO_DEVICE_SERIAL,
  YADO_DEVICE_PARALLEL,
  YADO_DEVICE_CONSOLE,
  YADO_DEVICE_CHANNEL,
  YADO_DEVICE_VIDEO,
  YADO_DEVICE_CONTROLLER,
  YADO_DEVICE_HOSTDEV_USB,
  YADO_DEVICE_HOSTDEV_PCI,
  YADO_DEVICE_HOSTDEV,        /* another kind of host device */
  YADO_DEVICE_REDIRDEV,
  YADO_DEVICE_WATCHDOG,
  YADO_DEVICE_RNG,
  YADO_DEVICE_TPM,
  YADO_DEVICE_PANIC,
  YADO_DEVICE_SMARTCARD,
  YADO_DEVICE_FILESYSTEM,
  YADO_DEVICE_MEMBALLOON,
  YADO_DEVICE_OTHER,          /* hub, shmem, iommu, vsock, ...: XML only */
} YadoDeviceKind;

typedef struct _YadoDomainConfig YadoDomainConfig;

/* Parses @xml (a <domain>). On failure sets @error with libxml2's message. */
YadoDomainConfig *yado_domain_config_new        (const char *xml,
                                                 GError    **error);
void              yado_domain_config_free       (YadoDomainConfig *self);
/* A copy whose devices keep their identities (yado_device_get_id). */
YadoDomainConfig *yado_domain_config_copy       (YadoDomainConfig *self);
/* The XML, written back as it was read but for the edits. */
char             *yado_domain_config_to_xml     (YadoDomainConfig *self);
xmlNodePtr        yado_domain_config_get_root   (YadoDomainConfig *self);

/* ---- devices: the element children of <devices>, <emulator> aside ---- */

guint             yado_domain_config_get_n_devices (YadoDomainConfig *self);
xmlNodePtr        yado_domain_config_get_device    (YadoDomainConfig *self,
                                                    guint             index);
/* The device whose id is @id, or NULL (removed). */
xmlNodePtr        yado_domain_config_find_device   (YadoDomainConfig *self,
                                                    guint             id);
/* Parses @xml (one device element), appends it to <devices> after the
 * last device of its kind, and returns it (a new id), or NULL and @error. */
xmlNodePtr        yado_domain_config_add_device    (YadoDomainConfig *self,
                                                    const char       *xml,
                                                    GError          **error);
/* Replaces @device by @xml, keeping its id. Returns the new node. */
xmlNodePtr        yado_domain_config_replace_device (YadoDomainConfig *self,
                                                     xmlNodePtr        device,
                                                     const char       *xml,
                                                     GError          **error);
void              yado_domain_config_remove_device (YadoDomainConfig *self,
                                                    xmlNodePtr        device);

YadoDeviceKind    yado_device_get_kind       (xmlNodePtr device);
/* A stable identity within a config and its copies; 0 for a device added
 * since the config was parsed. */
guint             yado_device_get_id         (xmlNodePtr device);
/* "Disk 1", "NIC :12:34:56", "Display VNC", "Controller USB 0"... */
char             *yado_device_get_label      (YadoDomainConfig *self,
                                              xmlNodePtr        device);
const char       *yado_device_kind_get_icon_name (YadoDeviceKind kind);
/* The device's XML, as in the domain's (indentation removed). */
char             *yado_device_to_xml         (xmlNodePtr device);

/* ---- fields ---- */

/* The value at @path below @node, or NULL. */
char     *yado_xml_node_get      (xmlNodePtr node, const char *path);
/* Sets the value at @path, creating the elements on the way. NULL or ""
 * removes it (and any element left empty by that). Returns whether
 * anything changed: setting the value it has changes nothing. */
gboolean  yado_xml_node_set      (xmlNodePtr node, const char *path, const char *value);
/* An empty flag element such as <readonly/>, <shareable/>. */
gboolean  yado_xml_node_get_flag (xmlNodePtr node, const char *path);
gboolean  yado_xml_node_set_flag (xmlNodePtr node, const char *path, gboolean on);

/* Memory in KiB, whatever the unit attribute says. 0 when absent. */
guint64   yado_domain_config_get_memory_kib         (YadoDomainConfig *self);
guint64   yado_domain_config_get_current_memory_kib (YadoDomainConfig *self);
gboolean  yado_domain_config_set_memory_kib         (YadoDomainConfig *self, guint64 kib);
gboolean  yado_domain_config_set_current_memory_kib (YadoDomainConfig *self, guint64 kib);
/* <vcpu current='C'>M</vcpu>: current is M when there is no attribute. */
guint     yado_domain_config_get_max_vcpus          (YadoDomainConfig *self);
guint     yado_domain_config_get_current_vcpus      (YadoDomainConfig *self);
gboolean  yado_domain_config_set_vcpus              (YadoDomainConfig *self,
                                                     guint             current,
                                                     guint             max);

/* ---- boot order ---- */

typedef struct {
  xmlNodePtr device;   /* a disk, cdrom, floppy, interface or host device */
  gboolean   enabled;
} YadoBootEntry;

/* Every bootable device, the enabled ones first in boot order (from the
 * devices' <boot order>, or from <os><boot dev> for older XML). */
GArray   *yado_domain_config_get_boot_order (YadoDomainConfig *self);
/* Writes @entries' order as per-device <boot order='N'/> (dropping
 * <os><boot dev>), unless that is the order already. */
gboolean  yado_domain_config_set_boot_order (YadoDomainConfig *self,
                                             const YadoBootEntry *entries,
                                             guint n_entries);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoDomainConfig, yado_domain_config_free)

G_END_DECLS
