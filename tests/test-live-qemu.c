/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model against a real libvirtd and a real QEMU (software emulation):
 * a session daemon the test starts itself (tests/yado-test-libvirtd.c) and
 * the 64 MiB VM of tests/data/live-vm.xml (it boots the tiny guest of
 * tests/guest/echo-boot.S).
 *
 *  /live-qemu/lifecycle-and-stats: start, pause, resume and force off
 *      through the model; the model sees each state, and the statistics
 *      (guest CPU, memory) of a running guest.
 *  /live-qemu/recovery: the daemon is killed under a running VM; the
 *      connection says it is lost, retries (and fails, and plans the next
 *      try) while the daemon is down, reconnects by itself once it is
 *      back, keeps the same YadoDomain (reconciled by UUID) and sees the VM
 *      still running; changes made with virsh reach the model by events.
 *
 * Every test starts its own daemon; a failure to start one fails the test
 * (it is never skipped).
 */
#include <string.h>

#include "yado-error.h"
#include "yado-test-libvirtd.h"
#include "yado-test-utils.h"

#define VM_NAME "yado-live-1"
/* Real QEMU under TCG; virsh destroy alone takes ~1.6 s on this host. */
#define WAIT_MS 15000

/* ---- helpers ---- */

static YadoTestLibvirtd *
start_daemon (void)
{
  g_autoptr(GError) error = NULL;
  YadoTestLibvirtd *daemon;

  yado_test_step_reset ();
  daemon = yado_test_libvirtd_start (&error);
  if (daemon == NULL)
    g_test_fail_printf ("Could not start the test libvirtd: %s", error->message);
  else
    yado_test_step ("libvirtd up at %s (pid %d)",
                    yado_test_libvirtd_get_uri (daemon),
                    (int) yado_test_libvirtd_get_pid (daemon));
  return daemon;
}

/* cpu.time of the VM as libvirt reports it (virsh domstats), in ns. */
static guint64
virsh_cpu_time_ns (YadoTestLibvirtd *daemon)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = yado_test_libvirtd_virsh (daemon, &error, "domstats",
                                                   "--cpu-total", VM_NAME, NULL);
  const char *line;

  if (out == NULL)
    g_error ("%s", error->message);
  line = strstr (out, "cpu.time=");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("cpu.time="), NULL, 10);
}

static void
act (YadoDomain *domain, YadoLifecycleOp op)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (yado_domain_can (domain, op));
  if (!yado_domain_lifecycle_sync (domain, op, NULL, &error))
    g_error ("Could not %s %s: %s", yado_lifecycle_op_to_verb (op),
             yado_domain_get_name (domain), error->message);
  yado_test_step ("%s took %.2f s",
                  yado_lifecycle_op_to_verb (op),
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static guint
history_count (YadoDomain *domain, YadoGraph graph)
{
  return yado_domain_get_history (domain, graph)->count;
}

static double
history_max (YadoDomain *domain, YadoGraph graph)
{
  const YadoHistory *history = yado_domain_get_history (domain, graph);

  return yado_history_max (history, history->count);
}

static guint
count_named (GListModel *domains, const char *name)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(YadoDomain) d = g_list_model_get_item (domains, i);

      if (g_strcmp0 (yado_domain_get_name (d), name) == 0)
        n++;
    }
  return n;
}

static void
record_state (YadoConnection *connection, GParamSpec *pspec, GArray *states)
{
  YadoConnectionState state = yado_connection_get_state (connection);

  g_array_append_val (states, state);
}

/* Whether @states holds @want in this order (other states may come between). */
static gboolean
states_went_through (GArray *states, const YadoConnectionState *want, guint n_want)
{
  guint j = 0;

  for (guint i = 0; i < states->len && j < n_want; i++)
    if (g_array_index (states, YadoConnectionState, i) == want[j])
      j++;
  return j == n_want;
}

static char *
states_to_string (GArray *states)
{
  static const char *names[] = { "DISCONNECTED", "CONNECTING", "CONNECTED", "FAILED", "LOST" };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < states->len; i++)
    g_string_append_printf (s, "%s%s", i ? " -> " : "",
                            names[g_array_index (states, YadoConnectionState, i)]);
  return g_string_free (s, FALSE);
}

/* ---- /live-qemu/lifecycle-and-stats ---- */

static void
test_lifecycle_and_stats (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = start_daemon ();
  g_autoptr(YadoConnection) c = NULL;
  YadoDomain *vm;
  guint64 cpu_before, cpu_after;
  guint64 ticks;

  if (daemon == NULL)
    return;

  yado_test_libvirtd_define_live_vm (daemon);
  c = yado_test_open (yado_test_libvirtd_get_uri (daemon));
  yado_connection_set_stats_interval (c, 200);
  yado_test_step ("connected; hypervisor %s, %u host CPUs", yado_connection_get_hypervisor (c),
        yado_connection_get_host_cpus (c));
  g_assert_cmpstr (yado_connection_get_hypervisor (c), ==, "QEMU");
  g_assert_cmpuint (yado_connection_get_host_cpus (c), >, 0);
  g_assert_cmpuint (yado_connection_get_host_memory_kib (c), >, 0);

  g_assert_cmpuint (g_list_model_get_n_items (yado_connection_get_domains (c)), ==, 1);
  vm = yado_test_domain (c, VM_NAME);
  g_assert_cmpint (yado_domain_get_state (vm), ==, YADO_DOMAIN_SHUTOFF);
  g_assert_true (yado_domain_get_persistent (vm));
  g_assert_cmpuint (yado_domain_get_vcpus (vm), ==, 1);
  g_assert_cmpuint (yado_domain_get_max_memory_kib (vm), ==, 64 * 1024);
  g_assert_cmpint (yado_domain_get_id (vm), ==, -1);

  /* Start: the model sees it running, with an ID. */
  act (vm, YADO_LIFECYCLE_START);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  yado_test_wait_until (yado_domain_get_id (vm) > 0, WAIT_MS);
  yado_test_step ("running, id %d", yado_domain_get_id (vm));

  /* Statistics: SeaBIOS and the test guest boot under TCG, so the guest
   * burns CPU; then it mostly halts, waiting for keys, but QEMU's time
   * still rises. (The histories are read again each time: a domain gets
   * them at its second sample.) */
  ticks = yado_connection_get_stats_ticks (c);
  yado_test_wait_until (yado_connection_get_stats_ticks (c) >= ticks + 3, WAIT_MS);
  yado_test_wait_until (history_count (vm, YADO_GRAPH_GUEST_CPU) > 0
                        && yado_domain_get_latest (vm, YADO_GRAPH_GUEST_CPU) > 0, 10000);
  yado_test_step ("guest CPU %.1f %% after %u samples; memory %.1f %%",
        yado_domain_get_latest (vm, YADO_GRAPH_GUEST_CPU), history_count (vm, YADO_GRAPH_GUEST_CPU),
        yado_domain_get_latest (vm, YADO_GRAPH_MEMORY));
  g_assert_cmpfloat (yado_domain_get_latest (vm, YADO_GRAPH_GUEST_CPU), <=, 100.0);
  g_assert_cmpfloat (yado_domain_get_latest (vm, YADO_GRAPH_HOST_CPU), >, 0.0);
  g_assert_cmpuint (history_count (vm, YADO_GRAPH_MEMORY), >, 0);
  g_assert_cmpfloat (yado_domain_get_latest (vm, YADO_GRAPH_MEMORY), >, 0.0);
  g_assert_cmpfloat (yado_domain_get_latest (vm, YADO_GRAPH_MEMORY), <=, 100.0);
  /* The host row has figures too. */
  g_assert_cmpuint (yado_connection_get_host_cpu_history (c)->count, >, 0);
  g_assert_cmpfloat (yado_connection_get_host_memory_percent (c), >, 0.0);

  /* CPU time rises: libvirt's counter, and the model's graph keeps moving. */
  cpu_before = virsh_cpu_time_ns (daemon);
  ticks = yado_connection_get_stats_ticks (c);
  yado_test_wait_until (yado_connection_get_stats_ticks (c) >= ticks + 3, WAIT_MS);
  cpu_after = virsh_cpu_time_ns (daemon);
  yado_test_step ("cpu.time %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " ns; graph max %.1f %%",
        cpu_before, cpu_after, history_max (vm, YADO_GRAPH_GUEST_CPU));
  g_assert_cmpuint (cpu_after, >, cpu_before);
  g_assert_cmpuint (history_count (vm, YADO_GRAPH_GUEST_CPU), >=, 4);
  g_assert_cmpfloat (history_max (vm, YADO_GRAPH_GUEST_CPU), >, 0.0);

  /* Pause, resume, force off. */
  act (vm, YADO_LIFECYCLE_PAUSE);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_PAUSED, WAIT_MS);
  g_assert_true (yado_domain_can (vm, YADO_LIFECYCLE_RESUME));
  g_assert_false (yado_domain_can (vm, YADO_LIFECYCLE_PAUSE));
  yado_test_step ("paused");

  act (vm, YADO_LIFECYCLE_RESUME);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  yado_test_step ("running again");

  act (vm, YADO_LIFECYCLE_FORCE_OFF);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_wait_until (yado_domain_get_id (vm) == -1, WAIT_MS);
  g_assert_true (yado_domain_can (vm, YADO_LIFECYCLE_START));
  yado_test_step ("shut off");

  /* The object survived every change: still one domain. */
  g_assert_cmpuint (g_list_model_get_n_items (yado_connection_get_domains (c)), ==, 1);
  g_assert_true (yado_test_domain (c, VM_NAME) == vm);
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTED);

  yado_connection_close (c);
  yado_test_step ("done");
}

/* ---- /live-qemu/recovery ---- */

static void
test_recovery (void)
{
  static const YadoConnectionState lost_twice[] = {
    YADO_CONNECTION_LOST, YADO_CONNECTION_CONNECTING, YADO_CONNECTION_LOST,
  };
  static const YadoConnectionState lost_and_back[] = {
    YADO_CONNECTION_LOST, YADO_CONNECTION_CONNECTING, YADO_CONNECTION_LOST,
    YADO_CONNECTION_CONNECTING, YADO_CONNECTION_CONNECTED,
  };
  g_autoptr(YadoTestLibvirtd) daemon = start_daemon ();
  g_autoptr(YadoConnection) c = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (YadoConnectionState));
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *history = NULL;
  g_autofree char *out = NULL;
  GListModel *domains;
  YadoDomain *vm;
  gint64 killed_at, restarted_at;
  guint64 ticks;
  int id;

  if (daemon == NULL)
    return;

  yado_test_libvirtd_define_live_vm (daemon);
  c = yado_test_open (yado_test_libvirtd_get_uri (daemon));
  yado_connection_set_stats_interval (c, 200);
  domains = yado_connection_get_domains (c);
  vm = yado_test_domain (c, VM_NAME);
  uuid = g_strdup (yado_domain_get_uuid (vm));

  act (vm, YADO_LIFECYCLE_START);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  yado_test_wait_until (yado_domain_get_id (vm) > 0, WAIT_MS);
  id = yado_domain_get_id (vm);
  ticks = yado_connection_get_stats_ticks (c);
  yado_test_wait_until (yado_connection_get_stats_ticks (c) >= ticks + 2, WAIT_MS);
  yado_test_step ("VM running (id %d), stats ticking", id);

  /* Kill the daemon: the close callback fires on EOF. QEMU lives on. */
  g_signal_connect (c, "notify::state", G_CALLBACK (record_state), states);
  yado_test_libvirtd_kill (daemon);
  killed_at = g_get_monotonic_time ();
  yado_test_wait_until (yado_connection_get_state (c) == YADO_CONNECTION_LOST, 5000);
  yado_test_step ("LOST after %.2f s: %s", (g_get_monotonic_time () - killed_at) / (double) G_USEC_PER_SEC,
        yado_connection_get_error_message (c));
  g_assert_nonnull (yado_connection_get_error_message (c));
  g_assert_cmpstr (yado_connection_get_error_message (c), !=, "");
  g_assert_cmpint (yado_connection_get_retry_in_seconds (c), >=, 0);
  /* While lost, the domain stays listed (with its graphs). */
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
  g_assert_true (yado_connection_lookup_domain (c, uuid) == vm);
  /* And no action is offered on it. */
  g_assert_false (yado_domain_can (vm, YADO_LIFECYCLE_PAUSE));

  /* The first reconnect (after 1 s, give or take GLib's whole-second
   * timers) fails against the dead socket; the next one is planned. */
  yado_test_wait_until (states->len >= 3, 5000);
  yado_test_step ("first reconnect failed: %s", yado_connection_get_error_message (c));
  g_assert_true (states_went_through (states, lost_twice, G_N_ELEMENTS (lost_twice)));
  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_LOST);
  g_assert_nonnull (yado_connection_get_error_message (c));
  g_assert_cmpint (yado_connection_get_retry_in_seconds (c), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
  g_assert_true (yado_connection_lookup_domain (c, uuid) == vm);

  if (!yado_test_libvirtd_restart (daemon, &error))
    g_error ("Could not restart libvirtd: %s", error->message);
  restarted_at = g_get_monotonic_time ();
  yado_test_step ("libvirtd restarted (pid %d)", (int) yado_test_libvirtd_get_pid (daemon));

  /* Nobody calls open or retry: the model comes back by itself. */
  yado_test_wait_until (yado_connection_get_state (c) == YADO_CONNECTION_CONNECTED, 10000);
  history = states_to_string (states);
  yado_test_step ("CONNECTED %.2f s after the restart; states: %s",
        (g_get_monotonic_time () - restarted_at) / (double) G_USEC_PER_SEC, history);
  g_assert_true (states_went_through (states, lost_and_back, G_N_ELEMENTS (lost_and_back)));
  g_assert_null (yado_connection_get_error_message (c));
  g_assert_cmpint (yado_connection_get_retry_in_seconds (c), ==, -1);
  g_assert_true (yado_connection_get_domains_listed (c));

  /* One domain, the same object, still running (libvirtd reattached). */
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
  g_assert_cmpuint (count_named (domains, VM_NAME), ==, 1);
  g_assert_true (yado_test_domain (c, VM_NAME) == vm);
  g_assert_true (yado_connection_lookup_domain (c, uuid) == vm);
  g_assert_cmpint (yado_domain_get_state (vm), ==, YADO_DOMAIN_RUNNING);
  g_assert_cmpint (yado_domain_get_id (vm), ==, id);
  g_assert_true (yado_domain_can (vm, YADO_LIFECYCLE_PAUSE));

  /* Statistics resume on the new session. */
  ticks = yado_connection_get_stats_ticks (c);
  yado_test_wait_until (yado_connection_get_stats_ticks (c) >= ticks + 3, WAIT_MS);
  g_assert_cmpfloat (yado_domain_get_latest (vm, YADO_GRAPH_GUEST_CPU), >=, 0.0);

  /* Changes made by someone else reach the model through events. */
  out = yado_test_libvirtd_virsh_or_fail (daemon, "destroy", VM_NAME);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_step ("virsh destroy seen");
  g_clear_pointer (&out, g_free);
  out = yado_test_libvirtd_virsh_or_fail (daemon, "undefine", VM_NAME);
  yado_test_wait_until (g_list_model_get_n_items (domains) == 0, WAIT_MS);
  g_assert_null (yado_connection_lookup_domain (c, VM_NAME));
  g_assert_null (yado_connection_lookup_domain (c, uuid));
  yado_test_step ("virsh undefine seen");

  g_assert_cmpint (yado_connection_get_state (c), ==, YADO_CONNECTION_CONNECTED);
  g_signal_handlers_disconnect_by_data (c, states);
  yado_connection_close (c);
  yado_test_step ("done");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live-qemu/lifecycle-and-stats", test_lifecycle_and_stats);
  g_test_add_func ("/live-qemu/recovery", test_recovery);

  return g_test_run ();
}
