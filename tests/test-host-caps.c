/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a host offers: the capabilities and domain capabilities XML of a
 * real QEMU session daemon (tests/data/caps-qemu.xml and domcaps-qemu.xml,
 * captured from libvirt 9.0 with QEMU 7.2 under TCG), the test driver's
 * capabilities (caps-test.xml), and the whole fetch through the
 * connection's worker on the test driver, which has no domain
 * capabilities.
 */
#include <string.h>

#include "yado-host-caps.h"
#include "yado-error.h"
#include "yado-test-utils.h"

static char *
read_data (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("YADO_SOURCE_ROOT"), "tests", "data",
                                            name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  return text;
}

static YadoMachineType *
machine (YadoHostCaps *caps, const char *name)
{
  for (guint i = 0; i < caps->machines->len; i++)
    {
      YadoMachineType *m = g_ptr_array_index (caps->machines, i);

      if (g_strcmp0 (m->name, name) == 0)
        return m;
    }
  return NULL;
}

static void
test_qemu_machines (void)
{
  g_autofree char *xml = read_data ("caps-qemu.xml");
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (yado_host_caps_parse_capabilities (caps, xml, "x86_64", "qemu", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (caps->arch, ==, "x86_64");
  /* 60 <machine> lines, two of them aliases of others. */
  g_assert_cmpuint (caps->machines->len, ==, 58);
  g_assert_cmpstr (machine (caps, "pc-i440fx-7.2")->alias, ==, "pc");
  g_assert_cmpstr (machine (caps, "pc-q35-7.2")->alias, ==, "q35");
  g_assert_cmpuint (machine (caps, "pc-q35-7.2")->max_cpus, ==, 288);
  g_assert_null (machine (caps, "pc-q35-7.1")->alias);
  /* Aliases are noted, not listed. */
  g_assert_null (machine (caps, "pc"));
  g_assert_null (machine (caps, "q35"));
  g_assert_true (machine (caps, "pc-i440fx-1.5")->deprecated);
  g_assert_false (machine (caps, "pc-i440fx-7.2")->deprecated);
  g_assert_nonnull (machine (caps, "microvm"));
}

static void
test_qemu_host_arch (void)
{
  g_autofree char *xml = read_data ("caps-qemu.xml");
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();

  /* No arch asked for: the host's, with its machines. */
  g_assert_true (yado_host_caps_parse_capabilities (caps, xml, NULL, NULL, NULL));
  g_assert_cmpstr (caps->arch, ==, "x86_64");
  g_assert_cmpuint (caps->machines->len, ==, 58);
}

static void
test_unknown_arch (void)
{
  g_autofree char *xml = read_data ("caps-qemu.xml");
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();

  g_assert_true (yado_host_caps_parse_capabilities (caps, xml, "riscv64", NULL, NULL));
  g_assert_cmpstr (caps->arch, ==, "riscv64");
  g_assert_cmpuint (caps->machines->len, ==, 0);
  /* A quote cannot end the XPath literal. */
  g_assert_true (yado_host_caps_parse_capabilities (caps, xml, "x86_64' or '1'='1", NULL, NULL));
  g_assert_cmpuint (caps->machines->len, ==, 0);
}

static void
test_test_driver_caps (void)
{
  g_autofree char *xml = read_data ("caps-test.xml");
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();

  g_assert_true (yado_host_caps_parse_capabilities (caps, xml, NULL, "test", NULL));
  g_assert_cmpstr (caps->arch, ==, "i686");
  g_assert_cmpuint (caps->machines->len, ==, 0);
}

static void
test_qemu_domcaps (void)
{
  g_autofree char *xml = read_data ("domcaps-qemu.xml");
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();
  g_autoptr(GError) error = NULL;
  static const char *const buses[] = { "ide", "fdc", "scsi", "virtio", "usb", "sata" };

  g_assert_true (yado_host_caps_parse_domcaps (caps, xml, &error));
  g_assert_no_error (error);
  g_assert_true (caps->has_domcaps);
  /* TCG: no host-passthrough; host-model is offered. */
  g_assert_false (caps->host_passthrough);
  g_assert_true (caps->host_model);
  g_assert_cmpuint (caps->cpu_models->len, ==, 18);
  g_assert_true (yado_host_caps_list_has (caps->cpu_models, "qemu64"));
  g_assert_true (yado_host_caps_list_has (caps->cpu_models, "Nehalem"));
  g_assert_false (yado_host_caps_list_has (caps->cpu_models, "Haswell"));   /* usable='no' */
  /* No OVMF on that host: no firmware listed, no loader path. */
  g_assert_false (caps->efi);
  g_assert_false (caps->secure_boot);
  g_assert_cmpuint (caps->disk_buses->len, ==, G_N_ELEMENTS (buses));
  for (guint i = 0; i < G_N_ELEMENTS (buses); i++)
    g_assert_cmpstr (g_ptr_array_index (caps->disk_buses, i), ==, buses[i]);
  g_assert_true (yado_host_caps_list_has (caps->video_models, "virtio"));
  g_assert_true (yado_host_caps_list_has (caps->video_models, "qxl"));
  g_assert_cmpuint (caps->video_models->len, ==, 8);
  g_assert_true (yado_host_caps_list_has (caps->graphics_types, "spice"));
  g_assert_true (yado_host_caps_list_has (caps->graphics_types, "vnc"));
  g_assert_true (yado_host_caps_list_has (caps->tpm_models, "tpm-crb"));
  /* libvirt 9.0 lists neither sound nor NIC models: the usual ones. */
  g_assert_cmpuint (caps->sound_models->len, ==, 0);
  g_assert_cmpuint (caps->nic_models->len, ==, 0);
  yado_host_caps_add_defaults (caps);
  g_assert_cmpstr (g_ptr_array_index (caps->sound_models, 0), ==, "ich9");
  g_assert_cmpstr (g_ptr_array_index (caps->nic_models, 0), ==, "virtio");
  g_assert_true (yado_host_caps_list_has (caps->nic_models, "e1000e"));
  /* What the host listed stays as it was. */
  g_assert_cmpuint (caps->disk_buses->len, ==, G_N_ELEMENTS (buses));
}

/* A host with OVMF (the enums as libvirt 9.0 writes them then). */
static void
test_efi_domcaps (void)
{
  static const char xml[] =
    "<domainCapabilities><os supported='yes'>"
    "<enum name='firmware'><value>bios</value><value>efi</value></enum>"
    "<loader supported='yes'><value>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</value>"
    "<enum name='secure'><value>yes</value><value>no</value></enum></loader>"
    "</os></domainCapabilities>";
  static const char loader_only[] =
    "<domainCapabilities><os supported='yes'><enum name='firmware'/>"
    "<loader supported='yes'><value>/usr/share/OVMF/OVMF_CODE.fd</value>"
    "<enum name='secure'><value>no</value></enum></loader>"
    "</os></domainCapabilities>";
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();
  g_autoptr(YadoHostCaps) older = yado_host_caps_new ();

  g_assert_true (yado_host_caps_parse_domcaps (caps, xml, NULL));
  g_assert_true (caps->efi);
  g_assert_true (caps->secure_boot);
  g_assert_true (yado_host_caps_parse_domcaps (older, loader_only, NULL));
  g_assert_true (older->efi);
  g_assert_false (older->secure_boot);
}

static void
test_not_caps (void)
{
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (yado_host_caps_parse_domcaps (caps, "<domain/>", &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (yado_host_caps_parse_capabilities (caps, "not xml", NULL, NULL, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  g_assert_false (caps->has_domcaps);
}

/* The whole fetch, on the worker, against a driver that has no domain
 * capabilities: what the capabilities say, no error. */
static void
test_fetch_test_driver (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("hardware-host.xml");
  g_autoptr(YadoConnection) connection = yado_test_open (uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoHostCaps) caps = NULL;

  caps = yado_connection_fetch_host_caps_sync (connection, NULL, "x86_64", NULL, "test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (caps);
  g_assert_cmpuint (caps->cpus, ==, 4);
  g_assert_cmpuint (caps->memory_kib, ==, 8388608);
  g_assert_cmpstr (caps->arch, ==, "x86_64");
  g_assert_false (caps->has_domcaps);
  g_assert_false (caps->host_passthrough);
  g_assert_false (caps->host_model);
  g_assert_cmpuint (caps->cpu_models->len, ==, 0);
  g_assert_cmpuint (caps->machines->len, ==, 0);
  g_assert_false (caps->efi);
  /* The device pages still have their usual choices. */
  g_assert_true (yado_host_caps_list_has (caps->disk_buses, "virtio"));
  g_assert_true (yado_host_caps_list_has (caps->nic_models, "virtio"));
  yado_connection_close (connection);
}

static void
test_fetch_not_connected (void)
{
  g_autoptr(YadoConnection) connection = yado_connection_new ("test:///default");
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoHostCaps) caps = NULL;

  caps = yado_connection_fetch_host_caps_sync (connection, NULL, NULL, NULL, NULL, &error);
  g_assert_null (caps);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/host-caps/qemu-machines", test_qemu_machines);
  g_test_add_func ("/host-caps/qemu-host-arch", test_qemu_host_arch);
  g_test_add_func ("/host-caps/unknown-arch", test_unknown_arch);
  g_test_add_func ("/host-caps/test-driver-caps", test_test_driver_caps);
  g_test_add_func ("/host-caps/qemu-domcaps", test_qemu_domcaps);
  g_test_add_func ("/host-caps/efi-domcaps", test_efi_domcaps);
  g_test_add_func ("/host-caps/not-caps", test_not_caps);
  g_test_add_func ("/host-caps/fetch-test-driver", test_fetch_test_driver);
  g_test_add_func ("/host-caps/fetch-not-connected", test_fetch_not_connected);
  return g_test_run ();
}
