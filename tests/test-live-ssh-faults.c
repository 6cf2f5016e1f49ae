/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Remote hosts over SSH when things go wrong, and many at once, as the
 * manager window shows them.
 *
 * Outages: the test libvirtd, reached over the private sshd of
 * tests/yado-test-sshd.c, runs a VM. Its libvirtd is killed and restarted
 * three times (outages of 2, 6 and 16 s and more: the last outlasts the
 * back-off's first steps), then sshd once (which ends the SSH master that
 * Yado's connections share, so Yado must log in again). Each service
 * comes back just after one of Yado's tries failed, the worst moment.
 * Each time the connection's row says it is lost and when Yado retries;
 * once the service is back, Yado is connected again within 10 s, by
 * itself, with the same VM (same object, still running) and no row twice.
 *
 * Ten hosts: ten test-driver hosts, each a file of its own served by the
 * test libvirtd through sshd (test+ssh://.../PATH/host-N.xml), are
 * opened at the same time; all connect and list their own VM, one row
 * each.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "yado-application.h"
#include "yado-connection-list.h"
#include "yado-manager-window.h"
#include "yado-test-console.h"
#include "yado-resources.h"
#include "yado-test-libvirtd.h"
#include "yado-test-sshd.h"
#include "yado-test-utils.h"
#include "yado-vm-columns.h"
#include "yado-vm-list.h"

#define VM_NAME "yado-live-1"
#define WAIT_MS 30000
#define BACK_WITHIN_MS 10000
#define N_HOSTS 10
/* The reconnect back-off's cap (src/model/yado-connection.c). */
#define RETRY_MAX_S 5

typedef struct {
  YadoTestLibvirtd   *daemon;
  YadoTestSshd       *sshd;
  GSettings          *settings;
  YadoConnectionList *connections;
  YadoManagerWindow  *window;
} Fixture;

/* ---- the setting: the services and a manager window ---- */

static gboolean
fixture_start (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->daemon = yado_test_libvirtd_start (&error);
  if (f->daemon != NULL)
    f->sshd = yado_test_sshd_start (&error);
  if (f->sshd == NULL)
    {
      g_test_fail_printf ("Could not start the remote host: %s", error->message);
      return FALSE;
    }
  f->settings = yado_settings_new ();
  f->connections = yado_connection_list_new ();
  f->window = yado_manager_window_new (NULL, f->connections, f->settings);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 700);
  gtk_widget_show (GTK_WIDGET (f->window));
  return TRUE;
}

static void
fixture_stop (Fixture *f)
{
  GListModel *model = f->connections ? yado_connection_list_get_model (f->connections) : NULL;

  if (f->window != NULL)
    gtk_widget_destroy (GTK_WIDGET (f->window));
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YadoConnection) connection = g_list_model_get_item (model, i);

      yado_connection_close (connection);
    }
  g_clear_object (&f->connections);
  g_clear_object (&f->settings);
  yado_test_iterate_for (200);
  /* sshd first: the shared SSH connections end with it. */
  g_clear_pointer (&f->sshd, yado_test_sshd_free);
  g_clear_pointer (&f->daemon, yado_test_libvirtd_free);
}

static YadoConnection *
fixture_add (Fixture *f, const char *uri)
{
  YadoConnection *connection = yado_connection_list_add (f->connections, uri);

  yado_connection_open (connection);
  return connection;
}

/* ---- what the window's list shows ---- */

/* The domain rows under @top: each a domain of its connection, none
 * twice, all of them. */
static void
assert_domain_rows (YadoVmList *list, GtkTreeIter *top, YadoConnection *connection,
                    GHashTable *seen)
{
  GtkTreeModel *model = yado_vm_list_get_model (list);
  GtkTreeIter child;
  guint n = 0;

  for (gboolean ok = gtk_tree_model_iter_children (model, &child, top); ok;
       ok = gtk_tree_model_iter_next (model, &child), n++)
    {
      GObject *object = yado_vm_list_get_object (list, &child);

      g_assert_true (YADO_IS_DOMAIN (object));
      g_assert_true (g_hash_table_add (seen, object));
      g_assert_true (yado_connection_lookup_domain (connection,
                                                    yado_domain_get_uuid (YADO_DOMAIN (object)))
                     == YADO_DOMAIN (object));
    }
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (yado_connection_get_domains (connection)));
}

/* Exactly one row per connection, and under it one per domain: what a
 * user would count on screen (the window shows the list's model). */
static void
assert_rows_unique (Fixture *f)
{
  YadoVmList *list = yado_manager_window_get_vm_list (f->window);
  GtkTreeModel *model = yado_vm_list_get_model (list);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GtkTreeIter top;
  guint n = 0;

  g_assert_true (gtk_tree_view_get_model (yado_manager_window_get_tree_view (f->window)) == model);
  for (gboolean ok = gtk_tree_model_get_iter_first (model, &top); ok;
       ok = gtk_tree_model_iter_next (model, &top), n++)
    {
      GObject *object = yado_vm_list_get_object (list, &top);

      g_assert_true (YADO_IS_CONNECTION (object));
      g_assert_true (g_hash_table_add (seen, object));
      assert_domain_rows (list, &top, YADO_CONNECTION (object), seen);
    }
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (yado_connection_list_get_model (f->connections)));
}

/* ---- outages ---- */

typedef enum {
  SERVICE_LIBVIRTD,
  SERVICE_SSHD,
} Service;

static const char *
service_name (Service service)
{
  return service == SERVICE_SSHD ? "sshd" : "libvirtd";
}

static void
service_kill (Fixture *f, Service service)
{
  if (service == SERVICE_SSHD)
    yado_test_sshd_kill (f->sshd);
  else
    yado_test_libvirtd_kill (f->daemon);
}

static void
service_restart (Fixture *f, Service service)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = service == SERVICE_SSHD ? yado_test_sshd_restart (f->sshd, &error)
                                        : yado_test_libvirtd_restart (f->daemon, &error);

  if (!ok)
    g_error ("Could not restart %s: %s", service_name (service), error->message);
}

/* What the connection went through during an outage. */
typedef struct {
  guint    tries;   /* times it went CONNECTING */
  gboolean failed;  /* ever FAILED: gave up */
} Tries;

static void
on_state (YadoConnection *connection, GParamSpec *pspec, Tries *tries)
{
  YadoConnectionState state = yado_connection_get_state (connection);

  tries->tries += state == YADO_CONNECTION_CONNECTING;
  tries->failed |= state == YADO_CONNECTION_FAILED;
}

/* While it is down: the row says lost and when Yado tries again; the VM
 * stays listed. */
static void
check_shown_lost (Fixture *f, YadoConnection *remote, YadoDomain *vm)
{
  g_autofree char *row = NULL;

  yado_test_wait_until (yado_connection_get_state (remote) == YADO_CONNECTION_LOST, WAIT_MS);
  row = yado_vm_columns_describe_connection (remote);
  yado_test_step ("lost: \"%s\"", row);
  /* Why (the model's words), then when Yado tries again. */
  g_assert_cmpstr (yado_connection_get_error_message (remote), !=, "");
  g_assert_true (g_str_has_prefix (row, yado_connection_get_error_message (remote)));
  g_assert_nonnull (strstr (row, " — retrying in "));
  g_assert_true (yado_connection_lookup_domain (remote, VM_NAME) == vm);
  assert_rows_unique (f);
  /* The README's picture of a lost host (the last outage's wins). */
  yado_test_save_screenshot ("connection-lost");
}

/* Late in an outage, right after a try failed (the worst moment for the
 * service to come back: Yado waits a whole step of its back-off before
 * the next): it still tries, at most RETRY_MAX_S apart, and still lists
 * the VM once. */
static void
wait_for_failed_try (Fixture *f, YadoConnection *remote, Tries *tries)
{
  guint before = tries->tries;
  g_autofree char *row = NULL;

  yado_test_wait_until (tries->tries > before
                        && yado_connection_get_state (remote) == YADO_CONNECTION_LOST, WAIT_MS);
  row = yado_vm_columns_describe_connection (remote);
  yado_test_step ("try %u failed: \"%s\"", tries->tries, row);
  g_assert_nonnull (strstr (row, " — retrying in "));
  g_assert_cmpint (yado_connection_get_retry_in_seconds (remote), <=, RETRY_MAX_S);
  assert_rows_unique (f);
}

/* Back: the same VM object, running, listed once; statistics again. */
static void
check_shown_back (Fixture *f, YadoConnection *remote, YadoDomain *vm, int id)
{
  g_autofree char *row = yado_vm_columns_describe_connection (remote);
  guint64 ticks = yado_connection_get_stats_ticks (remote);

  g_assert_cmpstr (row, ==, "1 virtual machine");
  g_assert_true (yado_test_domain (remote, VM_NAME) == vm);
  g_assert_cmpint (yado_domain_get_state (vm), ==, YADO_DOMAIN_RUNNING);
  g_assert_cmpint (yado_domain_get_id (vm), ==, id);
  assert_rows_unique (f);
  yado_test_wait_until (yado_connection_get_stats_ticks (remote) >= ticks + 2, WAIT_MS);
}

/* One outage of @service for @down_s seconds and up to a failed try
 * more; returns how long Yado took to be connected again once the service
 * was back, in seconds. */
static double
outage (Fixture *f, YadoConnection *remote, Service service, guint down_s)
{
  YadoDomain *vm = yado_test_domain (remote, VM_NAME);
  int id = yado_domain_get_id (vm);
  guint logins = yado_test_sshd_count_logins (f->sshd);
  Tries tries = { 0 };
  gulong handler = g_signal_connect (remote, "notify::state", G_CALLBACK (on_state), &tries);
  gint64 back_at;
  double took_s;

  service_kill (f, service);
  yado_test_step ("%s killed", service_name (service));
  check_shown_lost (f, remote, vm);
  yado_test_iterate_for (down_s * 1000);
  wait_for_failed_try (f, remote, &tries);

  service_restart (f, service);
  back_at = g_get_monotonic_time ();
  yado_test_wait_until (yado_connection_get_state (remote) == YADO_CONNECTION_CONNECTED,
                        BACK_WITHIN_MS);
  took_s = (g_get_monotonic_time () - back_at) / 1e6;
  yado_test_step ("%s down %u s, back: connected again %.2f s later", service_name (service),
                  down_s, took_s);
  g_signal_handler_disconnect (remote, handler);
  g_assert_false (tries.failed);
  check_shown_back (f, remote, vm, id);
  /* The SSH master lives through a libvirtd outage; sshd's took it. */
  if (service == SERVICE_SSHD)
    g_assert_cmpuint (yado_test_sshd_count_logins (f->sshd), >, logins);
  else
    g_assert_cmpuint (yado_test_sshd_count_logins (f->sshd), ==, logins);
  return took_s;
}

static void
test_outages (void)
{
  static const struct { Service service; guint down_s; } outages[] = {
    { SERVICE_LIBVIRTD, 2 },
    { SERVICE_LIBVIRTD, 6 },
    { SERVICE_LIBVIRTD, 16 },
    { SERVICE_SSHD, 6 },
  };
  Fixture f = { 0 };
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  YadoConnection *remote;
  double worst_s = 0;

  yado_test_step_reset ();
  if (!fixture_start (&f))
    {
      fixture_stop (&f);
      return;
    }
  yado_test_libvirtd_define_live_vm (f.daemon);
  out = yado_test_libvirtd_virsh_or_fail (f.daemon, "start", VM_NAME);
  uri = yado_test_sshd_session_uri (f.sshd, yado_test_libvirtd_get_socket_path (f.daemon));
  remote = fixture_add (&f, uri);
  yado_test_wait_until (yado_connection_get_state (remote) == YADO_CONNECTION_CONNECTED
                        && yado_connection_lookup_domain (remote, VM_NAME) != NULL, WAIT_MS);
  check_shown_back (&f, remote, yado_test_domain (remote, VM_NAME),
                    yado_domain_get_id (yado_test_domain (remote, VM_NAME)));
  yado_test_step ("connected over SSH, " VM_NAME " running");

  for (guint i = 0; i < G_N_ELEMENTS (outages); i++)
    {
      double took_s = outage (&f, remote, outages[i].service, outages[i].down_s);

      worst_s = MAX (worst_s, took_s);
    }
  g_test_message ("Slowest return: %.2f s after the service was back (limit %d s)", worst_s,
                  BACK_WITHIN_MS / 1000);
  fixture_stop (&f);
}

/* ---- ten hosts ---- */

/* HOST-N.xml in a directory yado-test (the daemon's user) can read: a
 * test-driver host with one VM of its own, "scale-N". */
static char *
write_hosts (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yado-hosts-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("host-%u.xml", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *xml = g_strdup_printf (
        "<node>\n"
        "  <domain type='test'>\n"
        "    <name>scale-%u</name>\n"
        "    <memory>65536</memory>\n"
        "    <os><type>hvm</type></os>\n"
        "  </domain>\n"
        "</node>\n", i);

      g_assert_true (g_file_set_contents (path, xml, -1, &error));
      g_assert_cmpint (g_chmod (path, 0644), ==, 0);
    }
  return dir;
}

static void
remove_hosts (const char *dir)
{
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("host-%u.xml", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static guint
count_connected (YadoConnection **hosts)
{
  guint n = 0;

  for (guint i = 0; i < N_HOSTS; i++)
    n += yado_connection_get_state (hosts[i]) == YADO_CONNECTION_CONNECTED;
  return n;
}

static void
test_ten_hosts (void)
{
  Fixture f = { 0 };
  g_autofree char *dir = NULL;
  YadoConnection *hosts[N_HOSTS];
  gint64 t0;

  yado_test_step_reset ();
  if (!fixture_start (&f))
    {
      fixture_stop (&f);
      return;
    }
  dir = write_hosts ();
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/host-%u.xml", dir, i);
      g_autofree char *uri = yado_test_sshd_uri (f.sshd, "test", yado_test_sshd_get_port (f.sshd),
                                                 path, yado_test_libvirtd_get_socket_path (f.daemon));

      hosts[i] = fixture_add (&f, uri);
    }
  yado_test_wait_until (count_connected (hosts) == N_HOSTS, WAIT_MS);
  yado_test_step ("%d hosts connected in %.2f s, %u SSH logins", N_HOSTS,
                  (g_get_monotonic_time () - t0) / 1e6, yado_test_sshd_count_logins (f.sshd));

  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("scale-%u", i);
      g_autofree char *row = yado_vm_columns_describe_connection (hosts[i]);

      g_assert_true (yado_connection_get_domains_listed (hosts[i]));
      g_assert_cmpuint (g_list_model_get_n_items (yado_connection_get_domains (hosts[i])), ==, 1);
      g_assert_nonnull (yado_connection_lookup_domain (hosts[i], name));
      g_assert_cmpstr (row, ==, "1 virtual machine");
    }
  assert_rows_unique (&f);
  g_assert_cmpuint (yado_vm_list_count_domains (yado_manager_window_get_vm_list (f.window)), ==,
                    N_HOSTS);
  fixture_stop (&f);
  remove_hosts (dir);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
  g_test_add_func ("/live-ssh-faults/outages", test_outages);
  g_test_add_func ("/live-ssh-faults/ten-hosts", test_ten_hosts);
  return g_test_run ();
}
