/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the guest agent says (src/model/yado-guest-info.c): the reader of
 * virDomainGetGuestInfo's typed parameters, built here with libvirt's own
 * virTypedParamsAdd*; the agent's state in the live XML; and the job on
 * libvirt's test driver, whose domains have no agent.
 */
#include <libvirt/libvirt.h>

#include "yado-error.h"
#include "yado-guest-info.h"
#include "yado-test-utils.h"

/* Typed parameters as virDomainGetGuestInfo gives them. */
typedef struct {
  virTypedParameterPtr params;
  int                  n;
  int                  max;
} Params;

static void
add_string (Params *p, const char *name, const char *value)
{
  g_assert_cmpint (virTypedParamsAddString (&p->params, &p->n, &p->max, name, value), ==, 0);
}

static void
add_ullong (Params *p, const char *name, unsigned long long value)
{
  g_assert_cmpint (virTypedParamsAddULLong (&p->params, &p->n, &p->max, name, value), ==, 0);
}

static void
add_uint (Params *p, const char *name, unsigned int value)
{
  g_assert_cmpint (virTypedParamsAddUInt (&p->params, &p->n, &p->max, name, value), ==, 0);
}

static void
params_clear (Params *p)
{
  virTypedParamsFree (p->params, p->n);
}

/* What a Linux guest's agent answers (names from virsh guestinfo). */
static void
add_linux_guest (Params *p)
{
  add_string (p, "os.id", "fedora");
  add_string (p, "os.name", "Fedora Linux");
  add_string (p, "os.pretty-name", "Fedora Linux 39 (Server Edition)");
  add_string (p, "hostname", "web1.example.com");
  add_string (p, "timezone.name", "Europe/Paris");
  add_uint (p, "fs.count", 2);
  add_string (p, "fs.0.name", "vda3");
  add_string (p, "fs.0.mountpoint", "/");
  add_string (p, "fs.0.fstype", "xfs");
  add_ullong (p, "fs.0.total-bytes", 21449670656ULL);
  add_ullong (p, "fs.0.used-bytes", 3221225472ULL);
  add_string (p, "fs.1.mountpoint", "/boot");
  add_string (p, "fs.1.fstype", "ext4");
  add_uint (p, "if.count", 2);
  add_string (p, "if.0.name", "lo");
  add_uint (p, "if.0.addr.count", 2);
  add_string (p, "if.0.addr.0.type", "ipv4");
  add_string (p, "if.0.addr.0.addr", "127.0.0.1");
  add_uint (p, "if.0.addr.0.prefix", 8);
  add_string (p, "if.0.addr.1.type", "ipv6");
  add_string (p, "if.0.addr.1.addr", "::1");
  add_uint (p, "if.0.addr.1.prefix", 128);
  add_string (p, "if.1.name", "eth0");
  add_string (p, "if.1.hwaddr", "52:54:00:5a:11:01");
  add_uint (p, "if.1.addr.count", 2);
  add_string (p, "if.1.addr.0.type", "ipv4");
  add_string (p, "if.1.addr.0.addr", "192.168.122.5");
  add_uint (p, "if.1.addr.0.prefix", 24);
  add_string (p, "if.1.addr.1.type", "ipv6");
  add_string (p, "if.1.addr.1.addr", "fe80::5054:ff:fe5a:1101");
  add_uint (p, "if.1.addr.1.prefix", 64);
}

static void
test_params_linux_guest (void)
{
  Params p = { 0 };
  g_autoptr(YadoGuestInfo) info = NULL;
  YadoGuestFilesystem *fs;

  add_linux_guest (&p);
  info = yado_guest_info_from_params (p.params, p.n);
  params_clear (&p);

  g_assert_true (info->agent_connected);
  g_assert_cmpstr (info->os_name, ==, "Fedora Linux 39 (Server Edition)");
  g_assert_cmpstr (info->hostname, ==, "web1.example.com");
  g_assert_cmpstr (info->timezone, ==, "Europe/Paris");

  /* The loopback interface says nothing about reaching the guest. */
  g_assert_cmpuint (info->ip_addresses->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (info->ip_addresses, 0), ==, "eth0 192.168.122.5/24");
  g_assert_cmpstr (g_ptr_array_index (info->ip_addresses, 1), ==,
                   "eth0 fe80::5054:ff:fe5a:1101/64");

  g_assert_cmpuint (info->filesystems->len, ==, 2);
  fs = g_ptr_array_index (info->filesystems, 0);
  g_assert_cmpstr (fs->mountpoint, ==, "/");
  g_assert_cmpstr (fs->type, ==, "xfs");
  g_assert_cmpuint (fs->used_bytes, ==, 3221225472ULL);
  g_assert_cmpuint (fs->total_bytes, ==, 21449670656ULL);
  /* An agent that gives no sizes: known as unknown, not as empty. */
  fs = g_ptr_array_index (info->filesystems, 1);
  g_assert_cmpstr (fs->mountpoint, ==, "/boot");
  g_assert_cmpstr (fs->type, ==, "ext4");
  g_assert_cmpuint (fs->total_bytes, ==, 0);
}

/* Without the ".count" fields (older libvirt) the groups are found by
 * their members; without a pretty name the OS's name stands in; an
 * address without a prefix is shown alone. */
static void
test_params_without_counts (void)
{
  Params p = { 0 };
  g_autoptr(YadoGuestInfo) info = NULL;

  add_string (&p, "os.name", "Microsoft Windows");
  add_string (&p, "fs.0.mountpoint", "C:\\");
  add_string (&p, "fs.0.fstype", "NTFS");
  add_ullong (&p, "fs.0.used-bytes", 1000);
  add_ullong (&p, "fs.0.total-bytes", 4000);
  add_string (&p, "if.0.name", "Ethernet");
  add_string (&p, "if.0.addr.0.addr", "10.0.0.7");
  add_string (&p, "if.0.addr.1.addr", "10.0.0.8");
  add_uint (&p, "if.0.addr.1.prefix", 8);
  info = yado_guest_info_from_params (p.params, p.n);
  params_clear (&p);

  g_assert_cmpstr (info->os_name, ==, "Microsoft Windows");
  g_assert_null (info->hostname);
  g_assert_null (info->timezone);
  g_assert_cmpuint (info->filesystems->len, ==, 1);
  g_assert_cmpstr (((YadoGuestFilesystem *) g_ptr_array_index (info->filesystems, 0))->mountpoint,
                   ==, "C:\\");
  g_assert_cmpuint (((YadoGuestFilesystem *) g_ptr_array_index (info->filesystems, 0))->used_bytes,
                    ==, 1000);
  g_assert_cmpuint (info->ip_addresses->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (info->ip_addresses, 0), ==, "Ethernet 10.0.0.7");
  g_assert_cmpstr (g_ptr_array_index (info->ip_addresses, 1), ==, "Ethernet 10.0.0.8/8");
}

/* An agent that answered nothing useful: connected, all unknown. */
static void
test_params_empty (void)
{
  g_autoptr(YadoGuestInfo) info = yado_guest_info_from_params (NULL, 0);

  g_assert_true (info->agent_connected);
  g_assert_null (info->os_name);
  g_assert_null (info->hostname);
  g_assert_cmpuint (info->ip_addresses->len, ==, 0);
  g_assert_cmpuint (info->filesystems->len, ==, 0);
}

#define DOMAIN_XML(channels) \
  "<domain type='kvm'><name>web</name><devices>" channels "</devices></domain>"

static void
test_agent_state_from_xml (void)
{
  static const char *connected = DOMAIN_XML (
    "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0' state='connected'/></channel>"
    "<channel type='unix'><source mode='bind' path='/run/agent.sock'/>"
    "<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>"
    "<alias name='channel0'/></channel>");
  static const char *disconnected = DOMAIN_XML (
    "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/></channel>");
  /* The SPICE agent runs, the guest agent does not. */
  static const char *spice_only = DOMAIN_XML (
    "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0' state='connected'/></channel>");
  /* An inactive domain's XML has the channel but no state. */
  static const char *inactive = DOMAIN_XML (
    "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>");

  g_assert_true (yado_guest_info_agent_connected_from_xml (connected));
  g_assert_false (yado_guest_info_agent_connected_from_xml (disconnected));
  g_assert_false (yado_guest_info_agent_connected_from_xml (spice_only));
  g_assert_false (yado_guest_info_agent_connected_from_xml (inactive));
  g_assert_false (yado_guest_info_agent_connected_from_xml (DOMAIN_XML ("")));
  g_assert_false (yado_guest_info_agent_connected_from_xml ("not xml <"));
  g_assert_false (yado_guest_info_agent_connected_from_xml (NULL));
}

/* libvirt's test driver has no guest agent: "not connected", no error,
 * for a running VM as for a stopped one. */
static void
test_fetch_without_agent (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");
  g_autoptr(YadoConnection) connection = yado_test_open (uri);
  const char *names[] = { "alpha", "gamma" };
  g_autoptr(YadoDomain) alpha = NULL;
  g_autoptr(YadoGuestInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  yado_connection_set_stats_interval (connection, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      YadoDomain *domain = yado_test_domain (connection, names[i]);
      g_autoptr(GError) fetch_error = NULL;
      g_autoptr(YadoGuestInfo) fetched =
        yado_domain_fetch_guest_info_sync (domain, NULL, &fetch_error);

      g_assert_no_error (fetch_error);
      g_assert_nonnull (fetched);
      g_assert_false (fetched->agent_connected);
      g_assert_null (fetched->os_name);
      g_assert_cmpuint (fetched->ip_addresses->len, ==, 0);
    }
  g_assert_cmpint (yado_domain_get_state (yado_test_domain (connection, "alpha")), ==,
                   YADO_DOMAIN_RUNNING);

  /* Once the connection is closed there is nobody to ask: an error that
   * says so. */
  alpha = g_object_ref (yado_test_domain (connection, "alpha"));
  yado_connection_close (connection);
  info = yado_domain_fetch_guest_info_sync (alpha, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/guest-info/params/linux-guest", test_params_linux_guest);
  g_test_add_func ("/guest-info/params/without-counts", test_params_without_counts);
  g_test_add_func ("/guest-info/params/empty", test_params_empty);
  g_test_add_func ("/guest-info/agent-state-from-xml", test_agent_state_from_xml);
  g_test_add_func ("/guest-info/fetch-without-agent", test_fetch_without_agent);
  return g_test_run ();
}
