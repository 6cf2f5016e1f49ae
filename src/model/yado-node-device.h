/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The host's USB and PCI devices that a guest can be given (Add Hardware's
 * USB and PCI Host Device pages), with the VMs that already use each, and
 * which VMs use a MAC address. Listed on the connection's worker; the
 * parsing and matching are pure.
 */

#include <gio/gio.h>

#include "yado-connection.h"

G_BEGIN_DECLS

typedef enum {
  YADO_NODE_DEVICE_USB,
  YADO_NODE_DEVICE_PCI,
} YadoNodeDeviceKind;

typedef struct {
  char              *name;          /* libvirt's: "usb_1_3", "pci_0000_00_1f_3" */
  YadoNodeDeviceKind kind;
  char              *vendor_id;     /* "0x0781" */
  char              *vendor_name;   /* may be NULL */
  char              *product_id;
  char              *product_name;  /* may be NULL */
  guint              usb_bus;       /* USB: where it is plugged now */
  guint              usb_device;
  guint              pci_domain;    /* PCI */
  guint              pci_bus;
  guint              pci_slot;
  guint              pci_function;
  guint              pci_class;     /* 0x020000: Ethernet; 0 when unknown */
  GPtrArray         *used_by;       /* char *: names of VMs with a hostdev for it */
} YadoNodeDevice;

void            yado_node_device_free  (YadoNodeDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoNodeDevice, yado_node_device_free)

/* Pure. A node device's XML (virNodeDeviceGetXMLDesc) as a device, or
 * NULL when it is neither a USB device nor a PCI device. */
YadoNodeDevice *yado_node_device_parse (const char *xml);
/* Whether a user would pick it: not a USB root hub nor a PCI bridge. */
gboolean        yado_node_device_is_assignable (const YadoNodeDevice *device);
/* "001:003 SanDisk Corp. Cruzer Blade",
 * "0000:02:00.0 Intel Corporation 82574L Gigabit Network Connection". */
char           *yado_node_device_get_label (const YadoNodeDevice *device);
/* Whether a domain's XML (@domain_xml) has a <hostdev> for @device. */
gboolean        yado_node_device_used_in (const YadoNodeDevice *device,
                                          const char           *domain_xml);
/* Whether a domain's XML has an interface with MAC @mac (any case). */
gboolean        yado_domain_xml_uses_mac (const char *domain_xml,
                                          const char *mac);

/* The host's assignable USB and PCI devices (GPtrArray of YadoNodeDevice,
 * USB first, each kind by address), each with the VMs whose definition
 * uses it. */
void       yado_connection_list_node_devices_async  (YadoConnection     *connection,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GPtrArray *yado_connection_list_node_devices_finish (YadoConnection *connection,
                                                     GAsyncResult   *result,
                                                     GError        **error);
GPtrArray *yado_connection_list_node_devices_sync   (YadoConnection *connection,
                                                     GError        **error);

/* The names of the VMs whose definition has a NIC with MAC @mac
 * (GPtrArray of char *; empty when none). */
void       yado_connection_find_mac_users_async  (YadoConnection     *connection,
                                                  const char         *mac,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
GPtrArray *yado_connection_find_mac_users_finish (YadoConnection *connection,
                                                  GAsyncResult   *result,
                                                  GError        **error);
GPtrArray *yado_connection_find_mac_users_sync   (YadoConnection *connection,
                                                  const char     *mac,
                                                  GError        **error);

G_END_DECLS
