/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-error.h"
#include "yado-node-device.h"
#include "yado-worker.h"
#include "yado-xml.h"

/* One XML read per device and per domain: a big host takes a while. */
#define NODE_DEVICE_TIMEOUT_MS (120 * 1000)

/* USB's root hubs are the Linux Foundation's (vendor 0x1d6b). */
#define USB_ROOT_HUB_VENDOR 0x1d6b
/* PCI class 0x06: bridges (host, ISA, PCI-to-PCI ...). */
#define PCI_CLASS_BRIDGE 0x06

void
yado_node_device_free (YadoNodeDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->vendor_id);
  g_free (device->vendor_name);
  g_free (device->product_id);
  g_free (device->product_name);
  g_ptr_array_unref (device->used_by);
  g_free (device);
}

/* ---- pure: parsing and matching ---- */

static xmlNodePtr
child (xmlNodePtr node, const char *name)
{
  for (xmlNodePtr c = node ? node->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp (c->name, BAD_CAST name) == 0)
      return c;
  return NULL;
}

static char *
prop (xmlNodePtr node, const char *name)
{
  xmlChar *value = node ? xmlGetProp (node, BAD_CAST name) : NULL;
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static char *
text (xmlNodePtr node)
{
  xmlChar *value = node ? xmlNodeGetContent (node) : NULL;
  char *copy = value && *value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* A number as libvirt writes it: "0x1f", "31". -1 when absent. */
static gint64
number (const char *value)
{
  if (value == NULL || *value == '\0')
    return -1;
  return (gint64) g_ascii_strtoull (value, NULL, 0);
}

static guint
child_number (xmlNodePtr node, const char *name)
{
  g_autofree char *value = text (child (node, name));

  return (guint) MAX (number (value), 0);
}

static void
read_id (xmlNodePtr capability, const char *name, char **id, char **label)
{
  xmlNodePtr node = child (capability, name);

  *id = prop (node, "id");
  *label = text (node);
}

YadoNodeDevice *
yado_node_device_parse (const char *xml_text)
{
  g_autoptr(YadoXml) xml = yado_xml_parse (xml_text);
  xmlNodePtr root = xml ? xmlDocGetRootElement (xml->doc) : NULL;
  xmlNodePtr capability = child (root, "capability");
  g_autofree char *type = prop (capability, "type");
  YadoNodeDevice *device;

  if (g_strcmp0 (type, "usb_device") != 0 && g_strcmp0 (type, "pci") != 0)
    return NULL;
  device = g_new0 (YadoNodeDevice, 1);
  device->name = text (child (root, "name"));
  device->kind = g_str_equal (type, "pci") ? YADO_NODE_DEVICE_PCI : YADO_NODE_DEVICE_USB;
  read_id (capability, "vendor", &device->vendor_id, &device->vendor_name);
  read_id (capability, "product", &device->product_id, &device->product_name);
  if (device->kind == YADO_NODE_DEVICE_USB)
    {
      device->usb_bus = child_number (capability, "bus");
      device->usb_device = child_number (capability, "device");
    }
  else
    {
      device->pci_domain = child_number (capability, "domain");
      device->pci_bus = child_number (capability, "bus");
      device->pci_slot = child_number (capability, "slot");
      device->pci_function = child_number (capability, "function");
      device->pci_class = child_number (capability, "class");
    }
  device->used_by = g_ptr_array_new_with_free_func (g_free);
  return device;
}

gboolean
yado_node_device_is_assignable (const YadoNodeDevice *device)
{
  if (device->kind == YADO_NODE_DEVICE_USB)
    return number (device->vendor_id) != USB_ROOT_HUB_VENDOR;
  return (device->pci_class >> 16) != PCI_CLASS_BRIDGE;
}

char *
yado_node_device_get_label (const YadoNodeDevice *device)
{
  g_autofree char *address = NULL;
  const char *vendor = device->vendor_name ? device->vendor_name : device->vendor_id;
  const char *product = device->product_name ? device->product_name : device->product_id;

  if (device->kind == YADO_NODE_DEVICE_USB)
    address = g_strdup_printf ("%03u:%03u", device->usb_bus, device->usb_device);
  else
    address = g_strdup_printf ("%04x:%02x:%02x.%x", device->pci_domain, device->pci_bus,
                               device->pci_slot, device->pci_function);
  return g_strjoin (" ", address, vendor ? vendor : "", product ? product : "", NULL);
}

/* Whether the attribute @name of @node is absent or names the number
 * @want. */
static gboolean
attr_matches (xmlNodePtr node, const char *name, gint64 want)
{
  g_autofree char *value = prop (node, name);

  return value == NULL || number (value) == want;
}

static gboolean
usb_hostdev_matches (const YadoNodeDevice *device, xmlNodePtr source)
{
  xmlNodePtr vendor = child (source, "vendor");
  xmlNodePtr product = child (source, "product");
  xmlNodePtr address = child (source, "address");

  /* A hostdev names the device by ids, by where it is plugged, or both. */
  if (vendor == NULL && address == NULL)
    return FALSE;
  return attr_matches (vendor, "id", number (device->vendor_id))
      && attr_matches (product, "id", number (device->product_id))
      && attr_matches (address, "bus", device->usb_bus)
      && attr_matches (address, "device", device->usb_device);
}

static gboolean
pci_hostdev_matches (const YadoNodeDevice *device, xmlNodePtr source)
{
  xmlNodePtr address = child (source, "address");

  return address != NULL
      && attr_matches (address, "domain", device->pci_domain)
      && attr_matches (address, "bus", device->pci_bus)
      && attr_matches (address, "slot", device->pci_slot)
      && attr_matches (address, "function", device->pci_function);
}

static gboolean
hostdev_matches (const YadoNodeDevice *device, xmlNodePtr hostdev)
{
  g_autofree char *mode = prop (hostdev, "mode");
  g_autofree char *type = prop (hostdev, "type");
  xmlNodePtr source = child (hostdev, "source");

  if (g_strcmp0 (mode, "subsystem") != 0 || source == NULL)
    return FALSE;
  if (device->kind == YADO_NODE_DEVICE_USB)
    return g_strcmp0 (type, "usb") == 0 && usb_hostdev_matches (device, source);
  return g_strcmp0 (type, "pci") == 0 && pci_hostdev_matches (device, source);
}

static xmlNodePtr
domain_devices (YadoXml *xml)
{
  xmlNodePtr root = xml ? xmlDocGetRootElement (xml->doc) : NULL;

  return root && xmlStrcmp (root->name, BAD_CAST "domain") == 0 ? child (root, "devices") : NULL;
}

gboolean
yado_node_device_used_in (const YadoNodeDevice *device, const char *domain_xml)
{
  g_autoptr(YadoXml) xml = yado_xml_parse (domain_xml);
  xmlNodePtr devices = domain_devices (xml);

  for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, BAD_CAST "hostdev") == 0
        && hostdev_matches (device, node))
      return TRUE;
  return FALSE;
}

gboolean
yado_domain_xml_uses_mac (const char *domain_xml, const char *mac)
{
  g_autoptr(YadoXml) xml = yado_xml_parse (domain_xml);
  xmlNodePtr devices = domain_devices (xml);

  for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *address = NULL;

      if (node->type != XML_ELEMENT_NODE || xmlStrcmp (node->name, BAD_CAST "interface") != 0)
        continue;
      address = prop (child (node, "mac"), "address");
      if (address != NULL && g_ascii_strcasecmp (address, mac) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---- on the worker ---- */

typedef struct {
  char *name;
  char *xml;
} DomainXml;

static void
domain_xml_free (gpointer data)
{
  DomainXml *domain = data;

  g_free (domain->name);
  g_free (domain->xml);
  g_free (domain);
}

/* Every domain's next-boot definition (a transient one's running one). */
static GPtrArray *
read_domain_xmls (virConnectPtr conn, GError **error)
{
  virDomainPtr *domains = NULL;
  int n = virConnectListAllDomains (conn, &domains, 0);
  GPtrArray *out;

  if (n < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not list the virtual machines"));
      return NULL;
    }
  out = g_ptr_array_new_with_free_func (domain_xml_free);
  for (int i = 0; i < n; i++)
    {
      char *xml = virDomainGetXMLDesc (domains[i], VIR_DOMAIN_XML_INACTIVE);

      /* Gone since it was listed: it uses nothing. */
      if (xml != NULL)
        {
          DomainXml *domain = g_new0 (DomainXml, 1);

          domain->name = g_strdup (virDomainGetName (domains[i]));
          domain->xml = g_strdup (xml);
          g_ptr_array_add (out, domain);
          free (xml);
        }
      else
        virResetLastError ();
      virDomainFree (domains[i]);
    }
  free (domains);
  return out;
}

static gint
compare_devices (gconstpointer a, gconstpointer b)
{
  const YadoNodeDevice *x = *(YadoNodeDevice * const *) a;
  const YadoNodeDevice *y = *(YadoNodeDevice * const *) b;
  guint64 kx = x->kind == YADO_NODE_DEVICE_USB
    ? ((guint64) x->usb_bus << 16 | x->usb_device)
    : ((guint64) x->pci_domain << 32 | x->pci_bus << 16 | x->pci_slot << 8 | x->pci_function);
  guint64 ky = y->kind == YADO_NODE_DEVICE_USB
    ? ((guint64) y->usb_bus << 16 | y->usb_device)
    : ((guint64) y->pci_domain << 32 | y->pci_bus << 16 | y->pci_slot << 8 | y->pci_function);

  if (x->kind != y->kind)
    return x->kind == YADO_NODE_DEVICE_USB ? -1 : 1;
  return kx < ky ? -1 : kx > ky;
}

static int
list_node_devices (virConnectPtr conn, virNodeDevicePtr **devices)
{
  int n = virConnectListAllNodeDevices (conn, devices, VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV
                                                       | VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);

  /* libvirt's test driver takes no flags: list everything, and let the
   * XML say what each device is. */
  if (n < 0 && virGetLastErrorCode () == VIR_ERR_INVALID_ARG)
    {
      virResetLastError ();
      n = virConnectListAllNodeDevices (conn, devices, 0);
    }
  return n;
}

static GPtrArray *
read_node_devices (virConnectPtr conn, GError **error)
{
  virNodeDevicePtr *handles = NULL;
  int n = list_node_devices (conn, &handles);
  GPtrArray *out;

  if (n < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not list the host's devices"));
      return NULL;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) yado_node_device_free);
  for (int i = 0; i < n; i++)
    {
      char *xml = virNodeDeviceGetXMLDesc (handles[i], 0);
      YadoNodeDevice *device = xml ? yado_node_device_parse (xml) : NULL;

      if (xml == NULL)
        virResetLastError ();
      if (device != NULL && yado_node_device_is_assignable (device))
        g_ptr_array_add (out, device);
      else
        yado_node_device_free (device);
      free (xml);
      virNodeDeviceFree (handles[i]);
    }
  free (handles);
  g_ptr_array_sort (out, compare_devices);
  return out;
}

typedef struct {
  virConnectPtr conn;
  char         *mac;
} HostScanJob;

static void
host_scan_job_free (gpointer data)
{
  HostScanJob *job = data;

  virConnectClose (job->conn);
  g_free (job->mac);
  g_free (job);
}

static gpointer
node_devices_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  HostScanJob *job = data;
  g_autoptr(GPtrArray) devices = read_node_devices (job->conn, error);
  g_autoptr(GPtrArray) domains = NULL;

  if (devices == NULL)
    return NULL;
  domains = read_domain_xmls (job->conn, error);
  if (domains == NULL)
    return NULL;
  for (guint i = 0; i < devices->len; i++)
    {
      YadoNodeDevice *device = g_ptr_array_index (devices, i);

      for (guint j = 0; j < domains->len; j++)
        {
          DomainXml *domain = g_ptr_array_index (domains, j);

          if (yado_node_device_used_in (device, domain->xml))
            g_ptr_array_add (device->used_by, g_strdup (domain->name));
        }
    }
  return g_steal_pointer (&devices);
}

static gpointer
mac_users_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  HostScanJob *job = data;
  g_autoptr(GPtrArray) domains = read_domain_xmls (job->conn, error);
  GPtrArray *users;

  if (domains == NULL)
    return NULL;
  users = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < domains->len; i++)
    {
      DomainXml *domain = g_ptr_array_index (domains, i);

      if (yado_domain_xml_uses_mac (domain->xml, job->mac))
        g_ptr_array_add (users, g_strdup (domain->name));
    }
  return users;
}

static void
submit_scan (YadoConnection *connection, GTask *task, YadoJobFunc func, const char *mac)
{
  virConnectPtr conn = yado_connection_ref_handle (connection);
  HostScanJob *job;

  if (conn == NULL)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("The connection is not open"));
      return;
    }
  job = g_new0 (HostScanJob, 1);
  job->conn = conn;
  job->mac = g_strdup (mac);
  yado_worker_submit (yado_connection_get_ops_worker (connection), task, func, job,
                      host_scan_job_free, (GDestroyNotify) g_ptr_array_unref,
                      NODE_DEVICE_TIMEOUT_MS);
}

void
yado_connection_list_node_devices_async (YadoConnection *connection, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_connection_list_node_devices_async);
  submit_scan (connection, task, node_devices_job_run, NULL);
}

GPtrArray *
yado_connection_list_node_devices_finish (YadoConnection *connection, GAsyncResult *result,
                                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
yado_connection_list_node_devices_sync (YadoConnection *connection, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_connection_list_node_devices_async (connection, NULL, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_connection_list_node_devices_finish (connection, result, error);
}

void
yado_connection_find_mac_users_async (YadoConnection *connection, const char *mac,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_connection_find_mac_users_async);
  submit_scan (connection, task, mac_users_job_run, mac);
}

GPtrArray *
yado_connection_find_mac_users_finish (YadoConnection *connection, GAsyncResult *result,
                                       GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
yado_connection_find_mac_users_sync (YadoConnection *connection, const char *mac,
                                     GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_connection_find_mac_users_async (connection, mac, NULL, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_connection_find_mac_users_finish (connection, result, error);
}
