/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A connection's states, listings and statistics, on libvirt's test
 * driver with the fixtures of tests/data. */
#include <math.h>
#include <string.h>

#include "yado-connection.h"
#include "yado-error.h"
#include "yado-network.h"
#include "yado-storage-pool.h"
#include "yado-storage-volume.h"
#include "yado-test-utils.h"

static void
record_state (YadoConnection *connection, GParamSpec *pspec, GArray *states)
{
  YadoConnectionState state = yado_connection_get_state (connection);

  g_array_append_val (states, state);
}

static void
test_open_lists_domains (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");
  g_autoptr(YadoConnection) c = yado_connection_new (uri);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (YadoConnectionState));
  YadoDomain *alpha, *delta, *zeta, *eta, *beta, *epsilon;

  g_signal_connect (c, "notify::state", G_CALLBACK (record_state), states);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_DISCONNECTED);
  g_assert_cmpstr (yado_connection_get_display_name (c), ==, "Test: small-host.xml");
  g_assert_false (yado_connection_is_remote (c));

  yado_connection_open (c);
  /* Opening never blocks: the caller sees "connecting" at once. */
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTING);
  yado_test_wait_until (yado_connection_get_state (c) == YADO_CONNECTION_CONNECTED, 10000);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, YadoConnectionState, 0), ==, YADO_CONNECTION_CONNECTING);
  g_assert_cmpint (g_array_index (states, YadoConnectionState, 1), ==, YADO_CONNECTION_CONNECTED);

  g_assert_true (yado_connection_get_domains_listed (c));
  g_assert_cmpuint (g_list_model_get_n_items (yado_connection_get_domains (c)), ==, 7);
  g_assert_cmpuint (yado_connection_get_host_cpus (c), ==, 8);
  g_assert_cmpuint (yado_connection_get_host_memory_kib (c), ==, 16777216);

  alpha = yado_test_domain (c, "alpha");
  g_assert_cmpstr (yado_domain_get_uuid (alpha), ==, "5a110000-0000-4000-8000-000000000001");
  g_assert_cmpint (yado_domain_get_state (alpha), ==, YADO_DOMAIN_RUNNING);
  g_assert_cmpint (yado_domain_get_id (alpha), ==, 1);
  g_assert_cmpuint (yado_domain_get_vcpus (alpha), ==, 2);
  g_assert_cmpuint (yado_domain_get_max_memory_kib (alpha), ==, 1048576);
  g_assert_true (yado_domain_get_persistent (alpha));
  /* Lookup by UUID works as well as by name. */
  g_assert_true (yado_connection_lookup_domain (c, "5a110000-0000-4000-8000-000000000001") == alpha);

  beta = yado_test_domain (c, "beta");
  g_assert_cmpint (yado_domain_get_state (beta), ==, YADO_DOMAIN_PAUSED);
  epsilon = yado_test_domain (c, "epsilon");
  g_assert_cmpint (yado_domain_get_state (epsilon), ==, YADO_DOMAIN_CRASHED);
  delta = yado_test_domain (c, "delta");
  g_assert_cmpint (yado_domain_get_state (delta), ==, YADO_DOMAIN_SHUTOFF);
  g_assert_true (yado_domain_get_has_managed_save (delta));
  g_assert_cmpstr (yado_domain_get_state_text (delta), ==, "Saved");
  g_assert_cmpint (yado_domain_get_id (delta), ==, -1);
  zeta = yado_test_domain (c, "zeta");
  g_assert_false (yado_domain_get_persistent (zeta));

  /* Titles and descriptions arrive after the listing. */
  eta = yado_test_domain (c, "eta");
  yado_test_wait_until (yado_domain_get_title (eta) != NULL, 5000);
  g_assert_cmpstr (yado_domain_get_title (eta), ==, "Eta build box");
  g_assert_cmpstr (yado_domain_get_description (eta), ==, "Runs CI jobs");
  g_assert_cmpstr (yado_domain_get_display_name (eta), ==, "Eta build box");
  g_assert_cmpstr (yado_domain_get_title (alpha), ==, "Alpha web server");
  g_assert_null (yado_domain_get_title (beta));
  g_assert_cmpstr (yado_domain_get_display_name (beta), ==, "beta");

  yado_connection_close (c);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_DISCONNECTED);
  g_assert_cmpuint (g_list_model_get_n_items (yado_connection_get_domains (c)), ==, 0);
}

static void
test_networks_pools_and_volumes (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");
  g_autoptr(YadoConnection) c = yado_test_open (uri);
  GListModel *networks = yado_connection_get_networks (c);
  GListModel *pools = yado_connection_get_storage_pools (c);
  g_autoptr(YadoStoragePool) pool = NULL;
  g_autoptr(YadoNetwork) net = NULL;
  g_autoptr(GPtrArray) volumes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  yado_test_wait_until (g_list_model_get_n_items (networks) == 2
                        && g_list_model_get_n_items (pools) == 2, 5000);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(YadoNetwork) n = g_list_model_get_item (networks, i);
      if (g_str_equal (yado_network_get_name (n), "default"))
        net = g_steal_pointer (&n);
    }
  g_assert_nonnull (net);
  g_assert_true (yado_network_get_active (net));
  g_assert_cmpstr (yado_network_get_bridge (net), ==, "virbr0");
  g_assert_cmpstr (yado_network_get_forward_mode (net), ==, "nat");

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(YadoStoragePool) p = g_list_model_get_item (pools, i);
      if (g_str_equal (yado_storage_pool_get_name (p), "default"))
        pool = g_steal_pointer (&p);
    }
  g_assert_nonnull (pool);
  g_assert_true (yado_storage_pool_get_active (pool));
  g_assert_cmpuint (yado_storage_pool_get_allocation (pool), ==, 8ull << 30);
  g_assert_cmpuint (yado_storage_pool_get_available (pool), ==, 92ull << 30);

  /* Volumes are listed only when asked for. */
  volumes = yado_storage_pool_list_volumes_sync (pool, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (volumes->len, ==, 3);
  for (guint i = 0; i < volumes->len; i++)
    g_ptr_array_add (names, (gpointer) yado_storage_volume_get_name (g_ptr_array_index (volumes, i)));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  for (guint i = 0; i < volumes->len; i++)
    {
      YadoStorageVolume *v = g_ptr_array_index (volumes, i);
      if (g_str_equal (yado_storage_volume_get_name (v), "gamma.qcow2"))
        {
          g_assert_cmpuint (yado_storage_volume_get_capacity (v), ==, 20ull << 30);
          g_assert_cmpstr (yado_storage_volume_get_path (v), ==, "/var/lib/libvirt/images/gamma.qcow2");
        }
    }
  yado_connection_close (c);
}

static void
test_bad_uri_fails_with_message (void)
{
  g_autoptr(YadoConnection) c = yado_connection_new ("nosuchdriver:///system");
  g_autoptr(GError) error = NULL;

  g_assert_false (yado_connection_open_sync (c, 10000, &error));
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_FAILED);
  g_assert_nonnull (yado_connection_get_error_message (c));
  /* libvirt hands a driver it lacks to the daemon: where none runs, Yado
   * says that in words (libvirt's beside them); else libvirt's, with
   * their context. */
  if (yado_connection_get_error_detail (c) != NULL)
    g_assert_true (g_str_has_prefix (yado_connection_get_error_message (c),
                                     "libvirt is not running on this computer"));
  else
    g_assert_true (g_str_has_prefix (yado_connection_get_error_message (c),
                                     "Could not connect to nosuchdriver:///system: "));
  /* A failure that was never connected is not retried behind the user's back. */
  g_assert_cmpint (yado_connection_get_retry_in_seconds (c), ==, -1);
}

static void
test_missing_fixture_fails (void)
{
  g_autoptr(YadoConnection) c = yado_connection_new ("test:///nonexistent/host.xml");
  g_autoptr(GError) error = NULL;

  g_assert_false (yado_connection_open_sync (c, 10000, &error));
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_FAILED);
  g_assert_nonnull (strstr (yado_connection_get_error_message (c), "/nonexistent/host.xml"));
}

static void
test_daemon_not_running (void)
{
  /* A socket nobody listens on: what a user sees when libvirtd is down. */
  g_autoptr(YadoConnection) c =
    yado_connection_new ("qemu+unix:///session?socket=/nonexistent/libvirt-sock");
  g_autoptr(GError) error = NULL;

  g_assert_false (yado_connection_open_sync (c, 10000, &error));
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_FAILED);
  /* Said in words, with libvirt's beside them. */
  g_assert_true (g_str_has_prefix (yado_connection_get_error_message (c),
                                   "libvirt is not running on this computer"));
  g_assert_nonnull (strstr (yado_connection_get_error_detail (c), "/nonexistent/libvirt-sock"));
  /* Retry tries again and fails the same way. */
  yado_connection_retry_now (c);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTING);
  yado_test_wait_until (yado_connection_get_state (c) == YADO_CONNECTION_FAILED, 10000);
}

static void
test_stats_tick (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");
  g_autoptr(YadoConnection) c = yado_test_open (uri);
  YadoDomain *alpha = yado_test_domain (c, "alpha");
  YadoDomain *gamma = yado_test_domain (c, "gamma");

  yado_connection_set_stats_interval (c, 100);
  yado_test_wait_until (yado_connection_get_stats_ticks (c) >= 4, 10000);
  g_assert_cmpuint (yado_domain_get_history (alpha, YADO_GRAPH_GUEST_CPU)->count, >=, 3);
  /* The test driver counts one CPU-second per second for a running domain:
   * half of alpha's two vCPUs, an eighth of the host's 8 CPUs. */
  g_assert_cmpfloat (fabs (yado_domain_get_latest (alpha, YADO_GRAPH_GUEST_CPU) - 50.0), <, 10.0);
  g_assert_cmpfloat (fabs (yado_domain_get_latest (alpha, YADO_GRAPH_HOST_CPU) - 12.5), <, 3.0);
  /* Its disk and interface counters grow: the per-device fallback works. */
  g_assert_cmpfloat (yado_domain_get_latest (alpha, YADO_GRAPH_DISK_IO), >, 0);
  g_assert_cmpfloat (yado_domain_get_latest (alpha, YADO_GRAPH_NET_IO), >, 0);
  /* A shut-off domain has no graph. */
  g_assert_cmpuint (yado_domain_get_history (gamma, YADO_GRAPH_GUEST_CPU)->count, ==, 0);
  g_assert_cmpfloat (yado_connection_get_host_cpu_percent (c), >, 0);

  /* Interval 0 stops polling. */
  yado_connection_set_stats_interval (c, 0);
  {
    guint64 ticks = yado_connection_get_stats_ticks (c) + 1; /* one may be in flight */
    gint64 until = g_get_monotonic_time () + 400 * 1000;

    while (g_get_monotonic_time () < until)
      yado_test_iterate ();
    g_assert_cmpuint (yado_connection_get_stats_ticks (c), <=, ticks);
  }
  yado_connection_close (c);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection/open-lists-domains", test_open_lists_domains);
  g_test_add_func ("/connection/networks-pools-volumes", test_networks_pools_and_volumes);
  g_test_add_func ("/connection/error/bad-uri", test_bad_uri_fails_with_message);
  g_test_add_func ("/connection/error/missing-fixture", test_missing_fixture_fails);
  g_test_add_func ("/connection/error/daemon-not-running", test_daemon_not_running);
  g_test_add_func ("/connection/stats-tick", test_stats_tick);
  return g_test_run ();
}
