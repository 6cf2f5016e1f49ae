/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which consoles a domain offers (src/model/yado-console-device.c): the
 * parser on XML fixtures (tests/data/console-devices-*.xml), and the
 * listing and opening jobs on libvirt's test driver
 * (tests/data/console-host.xml). Opening a real text console is
 * tests/test-live-text-console.c.
 */
#include <string.h>

#include "yado-console-device.h"
#include "yado-error.h"
#include "yado-test-utils.h"
#include "yado-text-stream.h"

/* What one listed device must be. */
typedef struct {
  YadoConsoleDeviceKind kind;
  guint                 index;
  const char           *type;
  const char           *alias;
  const char           *label;
} Expected;

static void
assert_devices (GPtrArray *devices, const Expected *expected, guint n_expected)
{
  for (guint i = 0; i < MIN (devices->len, n_expected); i++)
    {
      YadoConsoleDevice *device = g_ptr_array_index (devices, i);

      g_test_message ("device %u: %s", i, device->label);
      g_assert_cmpint (device->kind, ==, expected[i].kind);
      g_assert_cmpuint (device->index, ==, expected[i].index);
      g_assert_cmpstr (device->type, ==, expected[i].type);
      g_assert_cmpstr (device->alias, ==, expected[i].alias);
      g_assert_cmpstr (device->label, ==, expected[i].label);
    }
  g_assert_cmpuint (devices->len, ==, n_expected);
}

static GPtrArray *
devices_from_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("YADO_SOURCE_ROOT"), "tests", "data",
                                            name, NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &xml, NULL, &error))
    g_error ("%s", error->message);
  return yado_console_devices_from_xml (xml);
}

#define GRAPHICS YADO_CONSOLE_DEVICE_GRAPHICS
#define TEXT YADO_CONSOLE_DEVICE_TEXT

/* A running QEMU guest's XML: graphics first, the serial port once (not
 * again as the first <console>), then the virtio console. */
static void
test_live_xml (void)
{
  static const Expected expected[] = {
    { GRAPHICS, 0, "vnc", NULL, "VNC" },
    { GRAPHICS, 1, "spice", NULL, "SPICE" },
    { TEXT, 0, "serial", "serial0", "Serial port 1" },
    { TEXT, 1, "virtio", "console1", "Text console 2 (virtio)" },
  };
  g_autoptr(GPtrArray) devices = devices_from_fixture ("console-devices-live.xml");

  assert_devices (devices, expected, G_N_ELEMENTS (expected));
}

static void
test_no_consoles (void)
{
  g_autoptr(GPtrArray) devices = devices_from_fixture ("console-devices-none.xml");

  g_assert_nonnull (devices);
  g_assert_cmpuint (devices->len, ==, 0);
}

/* A serial port on a file, on TCP or on nothing is no pty: left out, and
 * so is the <console> that stands for the first one. */
static void
test_file_serial (void)
{
  g_autoptr(GPtrArray) devices = devices_from_fixture ("console-devices-file-serial.xml");

  g_assert_cmpuint (devices->len, ==, 0);
}

/* Graphics Yado cannot show are left out, but the others keep their index
 * among all <graphics> (virDomainOpenGraphicsFD counts them all). Without
 * aliases, the console standing for serial port 0 is known by its port; a
 * console of target type serial on a port no <serial> has is listed. */
static void
test_mixed_inactive_xml (void)
{
  static const Expected expected[] = {
    { GRAPHICS, 1, "spice", NULL, "SPICE" },
    { GRAPHICS, 3, "vnc", NULL, "VNC" },
    { TEXT, 0, "serial", NULL, "Serial port 1" },
    { TEXT, 1, "serial", NULL, "Serial port 2" },
    { TEXT, 2, "virtio", NULL, "Text console 2 (virtio)" },
    { TEXT, 3, "serial", NULL, "Text console 6 (serial)" },
  };
  g_autoptr(GPtrArray) devices = devices_from_fixture ("console-devices-mixed.xml");

  assert_devices (devices, expected, G_N_ELEMENTS (expected));
}

static void
test_not_xml (void)
{
  g_autoptr(GPtrArray) from_null = yado_console_devices_from_xml (NULL);
  g_autoptr(GPtrArray) from_junk = yado_console_devices_from_xml ("<domain><devices>");

  g_assert_cmpuint (from_null->len, ==, 0);
  g_assert_cmpuint (from_junk->len, ==, 0);
}

/* ---- the jobs, on libvirt's test driver ---- */

static YadoConnection *
open_console_host (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("console-host.xml");
  YadoConnection *c = yado_test_open (uri);

  yado_connection_set_stats_interval (c, 0);
  return c;
}

/* The listing job reads the domain's XML on the worker. */
static void
test_list_through_the_model (void)
{
  static const Expected expected[] = {
    { GRAPHICS, 0, "vnc", NULL, "VNC" },
    { GRAPHICS, 1, "spice", NULL, "SPICE" },
    { TEXT, 0, "serial", NULL, "Serial port 1" },
    { TEXT, 1, "virtio", NULL, "Text console 2 (virtio)" },
  };
  g_autoptr(YadoConnection) c = open_console_host ();
  YadoDomain *domain = yado_test_domain (c, "terminal");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = yado_domain_list_console_devices_sync (domain, NULL, &error);

  g_assert_no_error (error);
  assert_devices (devices, expected, G_N_ELEMENTS (expected));
  yado_connection_close (c);
}

/* Without an open connection both jobs fail at once, saying so. */
static void
test_jobs_need_a_connection (void)
{
  g_autoptr(YadoConnection) c = open_console_host ();
  g_autoptr(YadoDomain) domain = g_object_ref (yado_test_domain (c, "terminal"));
  g_autoptr(GError) list_error = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autoptr(GPtrArray) devices = NULL;

  yado_connection_close (c);
  devices = yado_domain_list_console_devices_sync (domain, NULL, &list_error);
  g_assert_null (devices);
  g_assert_error (list_error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
  g_assert_cmpint (yado_domain_open_text_console_sync (domain, "serial0", NULL, &open_error),
                   ==, -1);
  g_assert_error (open_error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (open_error->message, "terminal"));
}

/* The test driver cannot open consoles: libvirt's error comes back, with
 * the domain's name, and no descriptor. */
static void
test_open_fails_with_libvirt_error (void)
{
  g_autoptr(YadoConnection) c = open_console_host ();
  YadoDomain *domain = yado_test_domain (c, "terminal");
  g_autoptr(GError) error = NULL;
  int fd = yado_domain_open_text_console_sync (domain, NULL, NULL, &error);

  g_assert_cmpint (fd, ==, -1);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Could not open the text console of “terminal”: "));
  yado_connection_close (c);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/console-devices/live-xml", test_live_xml);
  g_test_add_func ("/console-devices/none", test_no_consoles);
  g_test_add_func ("/console-devices/file-serial", test_file_serial);
  g_test_add_func ("/console-devices/mixed-inactive-xml", test_mixed_inactive_xml);
  g_test_add_func ("/console-devices/not-xml", test_not_xml);
  g_test_add_func ("/console-devices/list-through-the-model", test_list_through_the_model);
  g_test_add_func ("/console-devices/jobs-need-a-connection", test_jobs_need_a_connection);
  g_test_add_func ("/console-devices/open-fails-with-libvirt-error",
                   test_open_fails_with_libvirt_error);
  return g_test_run ();
}
