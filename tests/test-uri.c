/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <glib.h>

#include "yado-error.h"
#include "yado-uri.h"

/* Builds and checks the result in one step; @expected NULL means an
 * error with @message. */
static void
assert_build (YadoHypervisor  hypervisor,
              gboolean        remote,
              const char     *user,
              const char     *host,
              guint           port,
              const char     *expected,
              const char     *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = yado_uri_build (hypervisor, remote, user, host,
                                         port, &error);

  if (expected != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, expected);
    }
  else
    {
      g_assert_null (uri);
      g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, message);
    }
}

static void
test_build_local (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, FALSE, NULL, NULL, 0,
                "qemu:///system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SESSION, FALSE, NULL, NULL, 0,
                "qemu:///session", NULL);
  assert_build (YADO_HYPERVISOR_LXC, FALSE, NULL, NULL, 0,
                "lxc:///system", NULL);
  assert_build (YADO_HYPERVISOR_XEN, FALSE, NULL, NULL, 0,
                "xen:///system", NULL);
  assert_build (YADO_HYPERVISOR_TEST, FALSE, NULL, NULL, 0,
                "test:///default", NULL);
}

/* A local URI has no authority, whatever the remote fields still hold. */
static void
test_build_local_ignores_remote_fields (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, FALSE, "root", "bad host", 70000,
                "qemu:///system", NULL);
  assert_build (YADO_HYPERVISOR_LXC, FALSE, "root", "example.org", 22,
                "lxc:///system", NULL);
}

static void
test_build_ssh (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "host.example", 0,
                "qemu+ssh://host.example/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "", "host.example", 0,
                "qemu+ssh://host.example/system", NULL);
  assert_build (YADO_HYPERVISOR_LXC, TRUE, NULL, "box", 0,
                "lxc+ssh://box/system", NULL);
  assert_build (YADO_HYPERVISOR_XEN, TRUE, NULL, "dom0.lan", 0,
                "xen+ssh://dom0.lan/system", NULL);
  assert_build (YADO_HYPERVISOR_TEST, TRUE, NULL, "tester", 0,
                "test+ssh://tester/default", NULL);
}

static void
test_build_ssh_with_user (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "root", "host.example", 0,
                "qemu+ssh://root@host.example/system", NULL);
  assert_build (YADO_HYPERVISOR_XEN, TRUE, "admin", "10.0.0.7", 0,
                "xen+ssh://admin@10.0.0.7/system", NULL);
}

static void
test_build_ssh_with_port (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "host.example", 2222,
                "qemu+ssh://host.example:2222/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "root", "host.example", 2222,
                "qemu+ssh://root@host.example:2222/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "root", "h", 1,
                "qemu+ssh://root@h:1/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "root", "h", 65535,
                "qemu+ssh://root@h:65535/system", NULL);
}

static void
test_build_bad_port (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "root", "h", 65536,
                NULL, "The port must be a number from 1 to 65535.");
}

/* Legal for libvirt: a user's session daemon reached over ssh. */
static void
test_build_remote_session (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SESSION, TRUE, "alice", "desk.lan", 0,
                "qemu+ssh://alice@desk.lan/session", NULL);
}

static void
test_build_ipv6 (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "::1", 0,
                "qemu+ssh://[::1]/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "root", "fe80::1:2", 2222,
                "qemu+ssh://root@[fe80::1:2]:2222/system", NULL);
  /* Typed with brackets already: not doubled. */
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "[2001:db8::7]", 0,
                "qemu+ssh://[2001:db8::7]/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "::ffff:10.0.0.1", 0,
                "qemu+ssh://[::ffff:10.0.0.1]/system", NULL);
}

static void
test_build_ipv4 (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "192.168.1.20", 0,
                "qemu+ssh://192.168.1.20/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "300.1.1.1", 0,
                NULL, "“300.1.1.1” is not a valid host name.");
}

static void
test_build_missing_host (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "root", NULL, 0,
                NULL, "Enter the remote host's name or address.");
  assert_build (YADO_HYPERVISOR_LXC, TRUE, "root", "", 22,
                NULL, "Enter the remote host's name or address.");
}

static void
test_build_bad_host (void)
{
  static const char * const bad_hosts[] = {
    "bad host",
    " host",
    "host ",
    "host/path",
    "user@host",
    "host:22",
    "-oProxyCommand=x",
    "a.-b",
    "a..b",
    ".a",
    "hôte",
    "host?x",
    "[::1",
    "::g",
    "1:2:3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
    {
      g_autofree char *message = g_strdup_printf ("“%s” is not a valid host name.",
                                                  bad_hosts[i]);

      assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, bad_hosts[i], 0,
                    NULL, message);
    }
}

static void
test_build_good_hosts (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "my_alias", 0,
                "qemu+ssh://my_alias/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "Host-1.Example.ORG.", 0,
                "qemu+ssh://Host-1.Example.ORG./system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, NULL, "localhost", 0,
                "qemu+ssh://localhost/system", NULL);
}

static void
test_build_escaping (void)
{
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "a@b", "h", 0,
                "qemu+ssh://a%40b@h/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "first last", "h", 0,
                "qemu+ssh://first%20last@h/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "u:p/x", "h", 0,
                "qemu+ssh://u%3Ap%2Fx@h/system", NULL);
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "jörg", "h", 0,
                "qemu+ssh://j%C3%B6rg@h/system", NULL);
  /* Unreserved characters stay as they are. */
  assert_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE, "a.b-c_d~e", "h", 0,
                "qemu+ssh://a.b-c_d~e@h/system", NULL);
}

/* What the dialog builds must pass the custom-URI check too. */
static void
test_build_round_trip (void)
{
  g_autofree char *uri = yado_uri_build (YADO_HYPERVISOR_QEMU_SYSTEM, TRUE,
                                         "a@b c", "fe80::1", 2222, NULL);
  g_autofree char *host = NULL;

  g_assert_true (yado_uri_validate (uri, NULL));
  g_assert_true (yado_uri_is_remote (uri));
  host = yado_uri_get_host (uri);
  g_assert_cmpstr (host, ==, "fe80::1");
}

static void
test_parse_port (void)
{
  static const char * const bad[] = { "0", "65536", "-1", "22a", " 22", "abc", "+22" };
  g_autoptr(GError) error = NULL;
  guint port = 42;

  g_assert_true (yado_uri_parse_port (NULL, &port, NULL));
  g_assert_cmpuint (port, ==, 0);
  g_assert_true (yado_uri_parse_port ("", &port, NULL));
  g_assert_cmpuint (port, ==, 0);
  g_assert_true (yado_uri_parse_port ("22", &port, NULL));
  g_assert_cmpuint (port, ==, 22);
  g_assert_true (yado_uri_parse_port ("65535", &port, NULL));
  g_assert_cmpuint (port, ==, 65535);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (yado_uri_parse_port (bad[i], &port, &error));
      g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "The port must be a number from 1 to 65535.");
      g_assert_cmpuint (port, ==, 0);
      g_clear_error (&error);
    }
}

static void
test_validate_good (void)
{
  static const char * const good[] = {
    "qemu:///system",
    "qemu:///session",
    "qemu+ssh://root@host/system",
    "qemu+ssh://root@host:2222/system",
    "qemu+ssh://[::1]/system",
    "qemu+tcp://10.0.0.1/system",
    "qemu+unix:///session?socket=/run/x/libvirt-sock",
    "qemu+ssh://u@h/system?keyfile=/home/u/.ssh/id_ed25519&no_verify=1",
    "test:///default",
    "test:///usr/share/yado/demo-host.xml",
    "lxc:///system",
    "xen:///system",
    "esx://vcenter.example/?no_verify=1",
    "vbox:///session",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (yado_uri_validate (good[i], &error));
      g_assert_no_error (error);
    }
}

static void
assert_invalid (const char *uri,
                const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (yado_uri_validate (uri, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_validate_bad (void)
{
  const char *example = "Enter a URI such as qemu+ssh://user@host/system.";

  assert_invalid (NULL, example);
  assert_invalid ("", example);
  assert_invalid ("qemu", example);
  assert_invalid ("qemu:", example);
  assert_invalid ("qemu:/system", example);
  assert_invalid ("://host/system", example);
  assert_invalid ("1qemu:///system", example);
  assert_invalid ("qe_mu:///system", example);
  assert_invalid ("/var/run/libvirt", example);
  assert_invalid ("qemu://", "Add a host or a path after “://”, as in qemu:///system.");
  assert_invalid ("qemu:///system ", "A URI cannot contain spaces.");
  assert_invalid ("qemu+ssh://bad host/system", "A URI cannot contain spaces.");
  assert_invalid ("qemu+ssh://h:99999/system", "The port must be a number from 1 to 65535.");
  assert_invalid ("qemu+ssh://h:abc/system", "The port must be a number from 1 to 65535.");
  assert_invalid ("qemu+ssh://[::1/system", "The host name in “qemu+ssh://[::1/system” is not valid.");
  assert_invalid ("qemu+ssh://-oProxyCommand=x/system",
                  "“-oProxyCommand=x” is not a valid host name.");
  assert_invalid ("qemu+ssh://300.1.2.3/system", "“300.1.2.3” is not a valid host name.");
  assert_invalid ("qemu+ssh://h/system#%zz", "“qemu+ssh://h/system#%zz” is not a valid URI.");
}

static void
assert_display_name (const char *uri,
                     const char *expected)
{
  g_autofree char *name = yado_uri_get_display_name (uri);

  g_assert_cmpstr (name, ==, expected);
}

static void
test_display_name_local (void)
{
  assert_display_name ("qemu:///system", "QEMU/KVM");
  assert_display_name ("qemu:///session", "QEMU/KVM User session");
  assert_display_name ("lxc:///system", "LXC");
  assert_display_name ("lxc:///", "LXC");
  assert_display_name ("xen:///system", "Xen");
  assert_display_name ("xen:///", "Xen");
  assert_display_name ("test:///default", "Test: default");
  assert_display_name ("test:///usr/share/yado/demo-host.xml", "Test: demo-host.xml");
}

static void
test_display_name_remote (void)
{
  assert_display_name ("qemu+ssh://root@host.example:2222/system", "QEMU/KVM: host.example");
  assert_display_name ("qemu+ssh://host.example/system", "QEMU/KVM: host.example");
  assert_display_name ("qemu+tcp://10.1.2.3/system", "QEMU/KVM: 10.1.2.3");
  assert_display_name ("qemu://h/system", "QEMU/KVM: h");
  assert_display_name ("qemu+ssh://[::1]:22/system", "QEMU/KVM: ::1");
  assert_display_name ("qemu+ssh://alice@desk/session", "QEMU/KVM User session: desk");
  assert_display_name ("lxc+ssh://root@box/system", "LXC: box");
  assert_display_name ("xen+ssh://dom0/system", "Xen: dom0");
  assert_display_name ("test+ssh://tester/default", "Test: tester");
  assert_display_name ("test+tcp://tester:16509/tmp/demo.xml", "Test: tester");
}

static void
test_display_name_query (void)
{
  assert_display_name ("qemu+unix:///session?socket=/run/x/libvirt-sock",
                       "QEMU/KVM User session");
  assert_display_name ("qemu+unix:///system?socket=/run/libvirt/libvirt-sock",
                       "QEMU/KVM");
  assert_display_name ("qemu+ssh://u@h/system?keyfile=/home/u/.ssh/id",
                       "QEMU/KVM: h");
  assert_display_name ("test:///tmp/host.xml?x=1", "Test: host.xml");
}

static void
test_display_name_unknown (void)
{
  assert_display_name ("vbox:///session", "vbox:///session");
  assert_display_name ("esx://vcenter/?no_verify=1", "esx://vcenter/?no_verify=1");
  assert_display_name ("qemu:///embed?root=/tmp/x", "qemu:///embed?root=/tmp/x");
  assert_display_name ("not a uri", "not a uri");
  assert_display_name ("", "");
}

static void
test_is_remote (void)
{
  g_assert_false (yado_uri_is_remote ("qemu:///system"));
  g_assert_false (yado_uri_is_remote ("qemu:///session"));
  g_assert_false (yado_uri_is_remote ("test:///default"));
  g_assert_false (yado_uri_is_remote ("qemu+unix:///session?socket=/run/x/libvirt-sock"));
  g_assert_false (yado_uri_is_remote ("qemu+ssh:///system"));
  g_assert_false (yado_uri_is_remote ("garbage"));
  g_assert_false (yado_uri_is_remote (NULL));

  g_assert_true (yado_uri_is_remote ("qemu+ssh://h/system"));
  g_assert_true (yado_uri_is_remote ("qemu+ssh://u@h:22/system"));
  g_assert_true (yado_uri_is_remote ("qemu://h/system"));
  g_assert_true (yado_uri_is_remote ("qemu+tcp://[::1]/system"));
  g_assert_true (yado_uri_is_remote ("qemu+ssh://u@h/system?keyfile=/k"));
}

static void
assert_host (const char *uri,
             const char *expected)
{
  g_autofree char *host = yado_uri_get_host (uri);

  g_assert_cmpstr (host, ==, expected);
}

static void
test_get_host (void)
{
  assert_host ("qemu+ssh://u@h:22/system", "h");
  assert_host ("qemu+ssh://host.example/system", "host.example");
  assert_host ("xen+ssh://[fe80::1]:2222/system", "fe80::1");
  assert_host ("qemu+ssh://u@h/system?keyfile=/k", "h");
  assert_host ("qemu:///system", NULL);
  assert_host ("qemu+unix:///session?socket=/run/x/libvirt-sock", NULL);
  assert_host ("garbage", NULL);
  assert_host (NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uri/build/local", test_build_local);
  g_test_add_func ("/uri/build/local-ignores-remote-fields",
                   test_build_local_ignores_remote_fields);
  g_test_add_func ("/uri/build/ssh", test_build_ssh);
  g_test_add_func ("/uri/build/ssh-with-user", test_build_ssh_with_user);
  g_test_add_func ("/uri/build/ssh-with-port", test_build_ssh_with_port);
  g_test_add_func ("/uri/build/bad-port", test_build_bad_port);
  g_test_add_func ("/uri/build/remote-session", test_build_remote_session);
  g_test_add_func ("/uri/build/ipv6", test_build_ipv6);
  g_test_add_func ("/uri/build/ipv4", test_build_ipv4);
  g_test_add_func ("/uri/build/missing-host", test_build_missing_host);
  g_test_add_func ("/uri/build/bad-host", test_build_bad_host);
  g_test_add_func ("/uri/build/good-hosts", test_build_good_hosts);
  g_test_add_func ("/uri/build/escaping", test_build_escaping);
  g_test_add_func ("/uri/build/round-trip", test_build_round_trip);
  g_test_add_func ("/uri/parse-port", test_parse_port);
  g_test_add_func ("/uri/validate/good", test_validate_good);
  g_test_add_func ("/uri/validate/bad", test_validate_bad);
  g_test_add_func ("/uri/display-name/local", test_display_name_local);
  g_test_add_func ("/uri/display-name/remote", test_display_name_remote);
  g_test_add_func ("/uri/display-name/query", test_display_name_query);
  g_test_add_func ("/uri/display-name/unknown", test_display_name_unknown);
  g_test_add_func ("/uri/is-remote", test_is_remote);
  g_test_add_func ("/uri/get-host", test_get_host);

  return g_test_run ();
}
