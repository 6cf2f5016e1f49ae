/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a console reaches a VM's graphics (yado-graphics-route.c), what the
 * live XML says of a device, and the ssh side of it (yado-ssh.c): the
 * login a URI names, the URI libvirt gets, a tunnel's command line and the
 * control directory.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "yado-error.h"
#include "yado-graphics-route.h"
#include "yado-ssh-control.h"
#include "yado-ssh.h"

/* ---- the device ---- */

static YadoGraphicsDevice *
device_new (const char *listen_type, const char *address, int port)
{
  YadoGraphicsDevice *device = g_new0 (YadoGraphicsDevice, 1);

  device->type = g_strdup ("vnc");
  device->listen_type = g_strdup (listen_type);
  device->listen_address = g_strdup (address);
  device->port = port;
  return device;
}

static const char live_xml[] =
  "<domain type='qemu'><name>v</name><devices>"
  "<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1' passwd='s3cret'>"
  "  <listen type='address' address='127.0.0.1'/>"
  "</graphics>"
  "<graphics type='spice' port='5902' tlsPort='-1' autoport='yes'>"
  "  <listen type='network' address='192.168.122.1' network='default'/>"
  "</graphics>"
  "<graphics type='spice'><listen type='none'/></graphics>"
  "<graphics type='vnc' socket='/run/vnc.sock'>"
  "  <listen type='socket' socket='/run/vnc.sock'/>"
  "</graphics>"
  "<graphics type='vnc' port='-1' autoport='yes' listen='0.0.0.0'/>"
  "</devices></domain>";

static void
test_device_from_xml (void)
{
  g_autoptr(YadoGraphicsDevice) vnc = yado_graphics_device_from_xml (live_xml, 0);
  g_autoptr(YadoGraphicsDevice) spice = yado_graphics_device_from_xml (live_xml, 1);
  g_autoptr(YadoGraphicsDevice) none = yado_graphics_device_from_xml (live_xml, 2);
  g_autoptr(YadoGraphicsDevice) socket = yado_graphics_device_from_xml (live_xml, 3);
  g_autoptr(YadoGraphicsDevice) old = yado_graphics_device_from_xml (live_xml, 4);

  g_assert_cmpstr (vnc->type, ==, "vnc");
  g_assert_cmpint (vnc->port, ==, 5901);
  g_assert_cmpstr (vnc->listen_type, ==, "address");
  g_assert_cmpstr (vnc->listen_address, ==, "127.0.0.1");
  g_assert_cmpstr (vnc->password, ==, "s3cret");

  g_assert_cmpstr (spice->type, ==, "spice");
  g_assert_cmpint (spice->port, ==, 5902);
  g_assert_cmpstr (spice->listen_type, ==, "network");
  g_assert_cmpstr (spice->listen_address, ==, "192.168.122.1");
  g_assert_null (spice->password);

  g_assert_cmpstr (none->listen_type, ==, "none");
  g_assert_cmpint (none->port, <=, 0);

  g_assert_cmpstr (socket->listen_type, ==, "socket");
  g_assert_cmpstr (socket->listen_socket, ==, "/run/vnc.sock");

  /* Only the listen attribute: an address listen. */
  g_assert_cmpstr (old->listen_type, ==, "address");
  g_assert_cmpstr (old->listen_address, ==, "0.0.0.0");
  g_assert_cmpint (old->port, ==, -1);

  g_assert_null (yado_graphics_device_from_xml (live_xml, 5));
  g_assert_null (yado_graphics_device_from_xml ("not xml", 0));
  g_assert_null (yado_graphics_device_from_xml (NULL, 0));
}

/* ---- routes ---- */

static YadoGraphicsRoute *
decide_ok (const char *uri, const YadoGraphicsDevice *device, YadoGraphicsRouteKind kind)
{
  g_autoptr(GError) error = NULL;
  YadoGraphicsRoute *route = yado_graphics_route_decide (uri, device, &error);

  g_assert_no_error (error);
  g_assert_nonnull (route);
  g_assert_cmpint (route->kind, ==, kind);
  return route;
}

static void
assert_tunnel (const char *uri, const char *listen_type, const char *address,
               const char *expected_host)
{
  g_autoptr(YadoGraphicsDevice) device = device_new (listen_type, address, 5900);
  g_autoptr(YadoGraphicsRoute) route = decide_ok (uri, device, YADO_GRAPHICS_ROUTE_SSH_TUNNEL);

  g_assert_cmpstr (route->host, ==, expected_host);
  g_assert_cmpuint (route->port, ==, 5900);
  g_assert_null (route->socket_path);
  g_assert_nonnull (route->ssh);
}

static void
assert_direct (const char *uri, const char *address, const char *expected_host)
{
  g_autoptr(YadoGraphicsDevice) device = device_new ("address", address, 5905);
  g_autoptr(YadoGraphicsRoute) route = decide_ok (uri, device, YADO_GRAPHICS_ROUTE_DIRECT);

  g_assert_cmpstr (route->host, ==, expected_host);
  g_assert_cmpuint (route->port, ==, 5905);
  g_assert_null (route->ssh);
}

static void
assert_no_route (const char *uri, const YadoGraphicsDevice *device, const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoGraphicsRoute) route = yado_graphics_route_decide (uri, device, &error);

  g_assert_null (route);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_SUPPORTED);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_route_local (void)
{
  const char *uris[] = {
    "qemu:///system", "qemu:///session", "test:///default",
    "qemu+unix:///session?socket=/tmp/x/libvirt-sock",
  };
  g_autoptr(YadoGraphicsDevice) none = device_new ("none", NULL, -1);
  g_autoptr(YadoGraphicsDevice) address = device_new ("address", "0.0.0.0", 5900);

  /* Whatever the device: libvirt hands the socket over. */
  for (gsize i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(YadoGraphicsRoute) a = decide_ok (uris[i], none, YADO_GRAPHICS_ROUTE_LOCAL_FD);
      g_autoptr(YadoGraphicsRoute) b = decide_ok (uris[i], address, YADO_GRAPHICS_ROUTE_LOCAL_FD);
    }
}

static void
test_route_ssh (void)
{
  /* Wildcards and loopback are reached on the remote's own loopback. */
  assert_tunnel ("qemu+ssh://root@h.example/system", "address", "0.0.0.0", "127.0.0.1");
  assert_tunnel ("qemu+ssh://root@h.example/system", "address", "::", "127.0.0.1");
  assert_tunnel ("qemu+ssh://root@h.example/system", "address", "", "127.0.0.1");
  assert_tunnel ("qemu+ssh://root@h.example/system", NULL, NULL, "127.0.0.1");
  assert_tunnel ("qemu+ssh://h.example:2222/system", "address", "127.0.0.1", "127.0.0.1");
  assert_tunnel ("qemu+ssh://h.example/system", "address", "::1", "::1");
  /* A routable address: still the tunnel, to that address. */
  assert_tunnel ("qemu+ssh://h.example/system", "address", "10.0.0.5", "10.0.0.5");
  assert_tunnel ("qemu+ssh://h.example/system", "network", "192.168.122.1", "192.168.122.1");
  /* Every ssh transport, and drivers other than qemu. */
  assert_tunnel ("qemu+libssh://h.example/system", "address", "127.0.0.1", "127.0.0.1");
  assert_tunnel ("qemu+libssh2://u@h.example/system?known_hosts=/k", "address", "0.0.0.0",
                 "127.0.0.1");
  assert_tunnel ("test+ssh://u@h.example:22/default", "address", "0.0.0.0", "127.0.0.1");
  assert_tunnel ("QEMU+SSH://h.example/system", "address", "0.0.0.0", "127.0.0.1");
}

static void
test_route_ssh_login (void)
{
  g_autoptr(YadoGraphicsDevice) device = device_new ("address", "127.0.0.1", 5900);
  g_autoptr(YadoGraphicsRoute) route =
    decide_ok ("qemu+ssh://yado%2Dtest@[::1]:2222/session?socket=/s&keyfile=/k%20ey", device,
               YADO_GRAPHICS_ROUTE_SSH_TUNNEL);

  g_assert_cmpstr (route->ssh->user, ==, "yado-test");
  g_assert_cmpstr (route->ssh->host, ==, "::1");
  g_assert_cmpuint (route->ssh->port, ==, 2222);
  g_assert_cmpstr (route->ssh->keyfile, ==, "/k ey");
}

static void
test_route_ssh_socket (void)
{
  g_autoptr(YadoGraphicsDevice) device = device_new ("socket", NULL, -1);
  g_autoptr(YadoGraphicsRoute) route = NULL;

  device->listen_socket = g_strdup ("/var/lib/libvirt/qemu/vnc.sock");
  route = decide_ok ("qemu+ssh://h/system", device, YADO_GRAPHICS_ROUTE_SSH_TUNNEL);
  g_assert_cmpstr (route->socket_path, ==, "/var/lib/libvirt/qemu/vnc.sock");
  g_assert_null (route->host);
}

static void
test_route_direct (void)
{
  /* On all addresses: the URI's host. */
  assert_direct ("qemu+tcp://h.example/system", "0.0.0.0", "h.example");
  assert_direct ("qemu+tls://h.example:16514/system", "::", "h.example");
  assert_direct ("qemu://h.example/system", NULL, "h.example");
  assert_direct ("qemu+tcp://[2001:db8::2]/system", "0.0.0.0", "2001:db8::2");
  /* A specific address: that one. */
  assert_direct ("qemu+tcp://h.example/system", "10.0.0.5", "10.0.0.5");
  assert_direct ("qemu+tls://h.example/system", "2001:db8::5", "2001:db8::5");
}

static void
test_route_none (void)
{
  g_autoptr(YadoGraphicsDevice) none = device_new ("none", NULL, -1);
  g_autoptr(YadoGraphicsDevice) loopback = device_new ("address", "127.0.0.1", 5900);
  g_autoptr(YadoGraphicsDevice) localhost = device_new ("address", "localhost", 5900);
  g_autoptr(YadoGraphicsDevice) stopped = device_new ("address", "0.0.0.0", -1);
  g_autoptr(YadoGraphicsDevice) socket = device_new ("socket", NULL, -1);
  g_autoptr(YadoGraphicsDevice) nameless = device_new ("socket", NULL, -1);

  socket->listen_socket = g_strdup ("/run/vnc.sock");
  assert_no_route ("qemu+ssh://h/system", none, "listen type none");
  assert_no_route ("qemu+tcp://h/system", none, "cannot pass sockets");
  assert_no_route ("qemu+tcp://h/system", loopback, "listen only on 127.0.0.1 of h");
  assert_no_route ("qemu+tls://h/system", localhost, "listen only on localhost of h");
  assert_no_route ("qemu+ssh://h/system", stopped, "no network port");
  assert_no_route ("qemu+tcp://h/system", stopped, "no network port");
  assert_no_route ("qemu+tcp://h/system", socket, "only an SSH connection");
  assert_no_route ("qemu+ssh://h/system", nameless, "does not say");
}

/* ---- ssh ---- */

static void
test_ssh_uri (void)
{
  g_autoptr(YadoSshTarget) plain = yado_ssh_target_from_uri ("qemu+ssh://h/system");

  g_assert_true (yado_ssh_uri_is_ssh ("qemu+ssh://h/system"));
  g_assert_true (yado_ssh_uri_is_ssh ("test+libssh2://h/default"));
  g_assert_false (yado_ssh_uri_is_ssh ("qemu+tcp://h/system"));
  g_assert_false (yado_ssh_uri_is_ssh ("qemu:///system"));
  g_assert_false (yado_ssh_uri_is_ssh ("qemu+sshx://h/system"));
  g_assert_false (yado_ssh_uri_is_ssh ("not a uri"));

  g_assert_cmpstr (plain->host, ==, "h");
  g_assert_null (plain->user);
  g_assert_cmpuint (plain->port, ==, 0);
  g_assert_null (plain->keyfile);
  g_assert_null (yado_ssh_target_from_uri ("qemu+tcp://h/system"));
  g_assert_null (yado_ssh_target_from_uri ("qemu+ssh:///system"));
}

static void
assert_with_command (const char *uri, const char *helper, const char *expected)
{
  g_autofree char *result = yado_ssh_uri_with_command (uri, helper);

  g_assert_cmpstr (result, ==, expected);
}

static void
test_ssh_uri_with_command (void)
{
  assert_with_command ("qemu+ssh://u@h:2222/system", "/usr/libexec/yado-ssh",
                       "qemu+ssh://u@h:2222/system?command=/usr/libexec/yado-ssh");
  assert_with_command ("qemu+ssh://h/session?socket=/s&keyfile=/k", "/b d/yado-ssh",
                       "qemu+ssh://h/session?socket=/s&keyfile=/k&command=/b%20d/yado-ssh");
  assert_with_command ("test+ssh://h/default", "/x/yado-ssh",
                       "test+ssh://h/default?command=/x/yado-ssh");
  /* The user's own command wins, whatever the case of its name. */
  assert_with_command ("qemu+ssh://h/system?command=/opt/ssh", "/x/yado-ssh",
                       "qemu+ssh://h/system?command=/opt/ssh");
  assert_with_command ("qemu+ssh://h/system?Command=/opt/ssh", "/x/yado-ssh",
                       "qemu+ssh://h/system?Command=/opt/ssh");
  /* Not OpenSSH's transport, or no helper: as it is. */
  assert_with_command ("qemu+libssh2://h/system", "/x/yado-ssh", "qemu+libssh2://h/system");
  assert_with_command ("qemu+tcp://h/system", "/x/yado-ssh", "qemu+tcp://h/system");
  assert_with_command ("qemu:///system", "/x/yado-ssh", "qemu:///system");
  assert_with_command ("qemu+ssh://h/system", NULL, "qemu+ssh://h/system");
}

static char *
joined_argv (const char *uri, const char *host, guint port, const char *socket)
{
  g_autoptr(YadoSshTarget) target = yado_ssh_target_from_uri (uri);
  g_auto(GStrv) argv = yado_ssh_tunnel_argv (target, "/home/u/.cache/yado/ssh", host, port,
                                             socket);

  return g_strjoinv (" ", argv);
}

static void
test_ssh_tunnel_argv (void)
{
  g_autofree char *full = joined_argv ("qemu+ssh://u@h.example:2222/system?keyfile=/k", "127.0.0.1",
                                       5901, NULL);
  g_autofree char *plain = joined_argv ("qemu+ssh://h.example/system", "::1", 5902, NULL);
  g_autofree char *socket = joined_argv ("qemu+ssh://h.example/system", NULL, 0, "/run/a b.sock");

  g_assert_cmpstr (full, ==,
                   "ssh -p 2222 -l u -i /k -T -e none -o BatchMode=yes -o ConnectTimeout=10 "
                   "-o LogLevel=DEBUG1 -o ControlMaster=auto "
                   "-o ControlPath=/home/u/.cache/yado/ssh/%C -o ControlPersist=60 "
                   "-W 127.0.0.1:5901 -- h.example");
  g_assert_true (g_str_has_prefix (plain, "ssh -T -e none "));
  g_assert_true (g_str_has_suffix (plain, " -W [::1]:5902 -- h.example"));
  g_assert_true (g_str_has_suffix (socket, " -- h.example nc -N -U '/run/a b.sock' 2>/dev/null "
                                   "|| exec nc -U '/run/a b.sock'"));
  /* Never a weaker host key check. */
  g_assert_null (strstr (full, "StrictHostKeyChecking"));
}

static void
assert_refused (const char *home, int code, const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = yado_ssh_control_dir_in (home, &error);

  g_assert_null (dir);
  g_assert_error (error, G_FILE_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
test_ssh_control_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("yado-home-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *link_home = NULL;
  g_autofree char *link_cache = NULL;
  g_autofree char *long_home = NULL;
  struct stat st;

  g_assert_no_error (error);
  expected = g_build_filename (home, ".cache", "yado", "ssh", NULL);
  dir = yado_ssh_control_dir_in (home, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dir, ==, expected);
  g_assert_cmpint (g_lstat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpuint (st.st_uid, ==, getuid ());

  /* Open to others: refused, not repaired behind the user's back. */
  g_assert_cmpint (g_chmod (dir, 0750), ==, 0);
  assert_refused (home, G_FILE_ERROR_PERM, "refusing");
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);

  /* A symbolic link to a private directory elsewhere: refused too. */
  link_home = g_build_filename (home, "l", NULL);
  link_cache = g_build_filename (link_home, ".cache", "yado", NULL);
  elsewhere = g_build_filename (link_cache, "ssh", NULL);
  g_assert_cmpint (g_mkdir_with_parents (link_cache, 0700), ==, 0);
  g_assert_cmpint (symlink (dir, elsewhere), ==, 0);
  assert_refused (link_home, G_FILE_ERROR_PERM, "refusing");

  /* Too long for a socket path with ssh's %C. */
  long_home = g_strnfill (80, 'h');
  {
    g_autofree char *deep = g_build_filename (home, long_home, NULL);

    assert_refused (deep, G_FILE_ERROR_NAMETOOLONG, "too long");
  }

  /* The real one is under the passwd entry's home. */
  g_clear_pointer (&dir, g_free);
  dir = yado_ssh_control_dir (&error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (dir, "/.cache/yado/ssh"));

  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", home);

    g_assert_cmpint (system (rm), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/graphics-route/device-from-xml", test_device_from_xml);
  g_test_add_func ("/graphics-route/local", test_route_local);
  g_test_add_func ("/graphics-route/ssh", test_route_ssh);
  g_test_add_func ("/graphics-route/ssh-login", test_route_ssh_login);
  g_test_add_func ("/graphics-route/ssh-socket", test_route_ssh_socket);
  g_test_add_func ("/graphics-route/direct", test_route_direct);
  g_test_add_func ("/graphics-route/none", test_route_none);
  g_test_add_func ("/ssh/uri", test_ssh_uri);
  g_test_add_func ("/ssh/uri-with-command", test_ssh_uri_with_command);
  g_test_add_func ("/ssh/tunnel-argv", test_ssh_tunnel_argv);
  g_test_add_func ("/ssh/control-dir", test_ssh_control_dir);
  return g_test_run ();
}
