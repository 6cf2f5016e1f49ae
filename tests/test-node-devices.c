/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host's USB and PCI devices and who uses them: node device XML read
 * into devices (pure), hostdevs matched to devices by ids or addresses
 * (pure), and the lists from the connection's worker on the test driver's
 * hardware-host.xml (tests/data/README.md): the root hub and the PCI
 * bridge left out, the flash drive used by web-server, and the MAC
 * addresses' users.
 */
#include <string.h>

#include "yado-node-device.h"
#include "yado-error.h"
#include "yado-test-utils.h"

static const char usb_xml[] =
  "<device><name>usb_1_3</name><parent>usb_usb1</parent>"
  "<capability type='usb_device'><bus>1</bus><device>3</device>"
  "<product id='0x5567'>Cruzer Blade</product>"
  "<vendor id='0x0781'>SanDisk Corp.</vendor></capability></device>";

static const char pci_xml[] =
  "<device><name>pci_0000_02_00_0</name><parent>pci_0000_00_1c_0</parent>"
  "<capability type='pci'><class>0x020000</class><domain>0</domain><bus>2</bus>"
  "<slot>0</slot><function>0</function>"
  "<product id='0x10d3'>82574L Gigabit Network Connection</product>"
  "<vendor id='0x8086'>Intel Corporation</vendor></capability></device>";

/* A domain's XML with @devices in <devices>. */
static char *
domain_with (const char *devices)
{
  return g_strdup_printf ("<domain type='kvm'><name>vm</name><devices>%s</devices></domain>",
                          devices);
}

static void
test_parse_usb (void)
{
  g_autoptr(YadoNodeDevice) device = yado_node_device_parse (usb_xml);
  g_autofree char *label = NULL;

  g_assert_nonnull (device);
  g_assert_cmpstr (device->name, ==, "usb_1_3");
  g_assert_cmpint (device->kind, ==, YADO_NODE_DEVICE_USB);
  g_assert_cmpstr (device->vendor_id, ==, "0x0781");
  g_assert_cmpstr (device->vendor_name, ==, "SanDisk Corp.");
  g_assert_cmpstr (device->product_id, ==, "0x5567");
  g_assert_cmpstr (device->product_name, ==, "Cruzer Blade");
  g_assert_cmpuint (device->usb_bus, ==, 1);
  g_assert_cmpuint (device->usb_device, ==, 3);
  g_assert_cmpuint (device->used_by->len, ==, 0);
  g_assert_true (yado_node_device_is_assignable (device));
  label = yado_node_device_get_label (device);
  g_assert_cmpstr (label, ==, "001:003 SanDisk Corp. Cruzer Blade");
}

static void
test_parse_pci (void)
{
  g_autoptr(YadoNodeDevice) device = yado_node_device_parse (pci_xml);
  g_autofree char *label = NULL;

  g_assert_nonnull (device);
  g_assert_cmpint (device->kind, ==, YADO_NODE_DEVICE_PCI);
  g_assert_cmpuint (device->pci_domain, ==, 0);
  g_assert_cmpuint (device->pci_bus, ==, 2);
  g_assert_cmpuint (device->pci_slot, ==, 0);
  g_assert_cmpuint (device->pci_function, ==, 0);
  g_assert_cmpuint (device->pci_class, ==, 0x020000);
  g_assert_true (yado_node_device_is_assignable (device));
  label = yado_node_device_get_label (device);
  g_assert_cmpstr (label, ==, "0000:02:00.0 Intel Corporation 82574L Gigabit Network Connection");
}

static void
test_parse_other (void)
{
  g_autoptr(YadoNodeDevice) hub = yado_node_device_parse (
    "<device><name>usb_usb1</name><capability type='usb_device'><bus>1</bus><device>1</device>"
    "<product id='0x0002'>2.0 root hub</product><vendor id='0x1d6b'>Linux Foundation</vendor>"
    "</capability></device>");
  g_autoptr(YadoNodeDevice) bridge = yado_node_device_parse (
    "<device><name>pci_0000_00_1c_0</name><capability type='pci'><class>0x060400</class>"
    "<domain>0</domain><bus>0</bus><slot>28</slot><function>0</function>"
    "<product id='0x8c10'/><vendor id='0x8086'/></capability></device>");
  g_autoptr(YadoNodeDevice) nameless = yado_node_device_parse (
    "<device><name>usb_2_5</name><capability type='usb_device'><bus>2</bus><device>5</device>"
    "<product id='0x0001'/><vendor id='0x1234'/></capability></device>");
  g_autofree char *label = NULL;

  g_assert_false (yado_node_device_is_assignable (hub));
  g_assert_false (yado_node_device_is_assignable (bridge));
  /* No names in the database: the ids stand in. */
  label = yado_node_device_get_label (nameless);
  g_assert_cmpstr (label, ==, "002:005 0x1234 0x0001");
  /* Neither USB nor PCI: nothing to assign. */
  g_assert_null (yado_node_device_parse (
    "<device><name>computer</name><capability type='system'/></device>"));
  g_assert_null (yado_node_device_parse (
    "<device><name>net_eth0</name><capability type='net'><interface>eth0</interface>"
    "</capability></device>"));
  g_assert_null (yado_node_device_parse ("not xml"));
}

static void
test_usb_used_in (void)
{
  g_autoptr(YadoNodeDevice) device = yado_node_device_parse (usb_xml);
  g_autofree char *by_ids = domain_with (
    "<hostdev mode='subsystem' type='usb' managed='yes'><source>"
    "<vendor id='0x0781'/><product id='0x5567'/></source></hostdev>");
  g_autofree char *by_ids_upper = domain_with (
    "<hostdev mode='subsystem' type='usb'><source>"
    "<vendor id='0X0781'/><product id='0x5567'/></source></hostdev>");
  g_autofree char *other_product = domain_with (
    "<hostdev mode='subsystem' type='usb'><source>"
    "<vendor id='0x0781'/><product id='0x5571'/></source></hostdev>");
  g_autofree char *by_address = domain_with (
    "<hostdev mode='subsystem' type='usb'><source><address bus='1' device='3'/></source></hostdev>");
  g_autofree char *other_address = domain_with (
    "<hostdev mode='subsystem' type='usb'><source><address bus='1' device='4'/></source></hostdev>");
  g_autofree char *pci_only = domain_with (
    "<hostdev mode='subsystem' type='pci'><source><address domain='0' bus='1' slot='3' "
    "function='0'/></source></hostdev>");

  g_assert_true (yado_node_device_used_in (device, by_ids));
  g_assert_true (yado_node_device_used_in (device, by_ids_upper));
  g_assert_false (yado_node_device_used_in (device, other_product));
  g_assert_true (yado_node_device_used_in (device, by_address));
  g_assert_false (yado_node_device_used_in (device, other_address));
  g_assert_false (yado_node_device_used_in (device, pci_only));
  g_assert_false (yado_node_device_used_in (device, "<domain><devices/></domain>"));
  g_assert_false (yado_node_device_used_in (device, "garbage"));
}

static void
test_pci_used_in (void)
{
  g_autoptr(YadoNodeDevice) device = yado_node_device_parse (pci_xml);
  g_autofree char *hex = domain_with (
    "<hostdev mode='subsystem' type='pci' managed='yes'><source>"
    "<address domain='0x0000' bus='0x02' slot='0x00' function='0x0'/></source></hostdev>");
  g_autofree char *decimal = domain_with (
    "<hostdev mode='subsystem' type='pci'><source>"
    "<address domain='0' bus='2' slot='0' function='0'/></source></hostdev>");
  g_autofree char *other_function = domain_with (
    "<hostdev mode='subsystem' type='pci'><source>"
    "<address domain='0x0000' bus='0x02' slot='0x00' function='0x1'/></source></hostdev>");
  /* The guest-side <address> is not the host's. */
  g_autofree char *guest_address = domain_with (
    "<interface type='network'><source network='default'/>"
    "<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/></interface>");

  g_assert_true (yado_node_device_used_in (device, hex));
  g_assert_true (yado_node_device_used_in (device, decimal));
  g_assert_false (yado_node_device_used_in (device, other_function));
  g_assert_false (yado_node_device_used_in (device, guest_address));
}

static void
test_uses_mac (void)
{
  g_autofree char *xml = domain_with (
    "<interface type='network'><mac address='52:54:00:ab:cd:ef'/>"
    "<source network='default'/></interface>"
    "<interface type='bridge'><mac address='52:54:00:00:00:02'/>"
    "<source bridge='br0'/></interface>");

  g_assert_true (yado_domain_xml_uses_mac (xml, "52:54:00:ab:cd:ef"));
  g_assert_true (yado_domain_xml_uses_mac (xml, "52:54:00:AB:CD:EF"));
  g_assert_true (yado_domain_xml_uses_mac (xml, "52:54:00:00:00:02"));
  g_assert_false (yado_domain_xml_uses_mac (xml, "52:54:00:00:00:03"));
  g_assert_false (yado_domain_xml_uses_mac ("junk", "52:54:00:00:00:03"));
}

static YadoNodeDevice *
listed (GPtrArray *devices, guint index)
{
  g_assert_cmpuint (index, <, devices->len);
  return g_ptr_array_index (devices, index);
}

static void
test_list_on_host (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  g_autoptr(YadoConnection) connection = yado_test_open (uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = yado_connection_list_node_devices_sync (connection, &error);

  g_assert_no_error (error);
  /* Six devices on the host; the root hub and the PCI bridge are not
   * offered. USB first, then PCI, each by address. */
  g_assert_cmpuint (devices->len, ==, 4);
  g_assert_cmpstr (listed (devices, 0)->name, ==, "usb_1_3");
  g_assert_cmpstr (listed (devices, 1)->name, ==, "usb_1_4");
  g_assert_cmpstr (listed (devices, 2)->name, ==, "pci_0000_00_1f_3");
  g_assert_cmpstr (listed (devices, 3)->name, ==, "pci_0000_02_00_0");
  g_assert_cmpstr (listed (devices, 1)->product_name, ==, "Unifying Receiver");
  g_assert_cmpuint (listed (devices, 3)->pci_bus, ==, 2);

  /* web-server has the flash drive; nobody has the rest. */
  g_assert_cmpuint (listed (devices, 0)->used_by->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (listed (devices, 0)->used_by, 0), ==, "web-server");
  for (guint i = 1; i < devices->len; i++)
    g_assert_cmpuint (listed (devices, i)->used_by->len, ==, 0);
  yado_connection_close (connection);
}

static void
test_mac_users (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  g_autoptr(YadoConnection) connection = yado_test_open (uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) nobody = NULL;

  users = yado_connection_find_mac_users_sync (connection, "52:54:00:4A:7D:01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (users, 0), ==, "web-server");
  nobody = yado_connection_find_mac_users_sync (connection, "52:54:00:4a:7d:99", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nobody->len, ==, 0);
  yado_connection_close (connection);
}

static void
test_not_connected (void)
{
  g_autoptr(YadoConnection) connection = yado_connection_new ("test:///default");
  g_autoptr(GError) error = NULL;

  g_assert_null (yado_connection_list_node_devices_sync (connection, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/node-devices/parse-usb", test_parse_usb);
  g_test_add_func ("/node-devices/parse-pci", test_parse_pci);
  g_test_add_func ("/node-devices/parse-other", test_parse_other);
  g_test_add_func ("/node-devices/usb-used-in", test_usb_used_in);
  g_test_add_func ("/node-devices/pci-used-in", test_pci_used_in);
  g_test_add_func ("/node-devices/uses-mac", test_uses_mac);
  g_test_add_func ("/node-devices/list-on-host", test_list_on_host);
  g_test_add_func ("/node-devices/mac-users", test_mac_users);
  g_test_add_func ("/node-devices/not-connected", test_not_connected);
  return g_test_run ();
}
