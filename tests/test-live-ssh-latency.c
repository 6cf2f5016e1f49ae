/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A remote host over a slow link must not slow down the main loop, nor
 * another host.
 *
 * The test libvirtd is reached over SSH (the private sshd of
 * tests/yado-test-sshd.c) through a proxy that delays every chunk by
 * 300 ms each way (tests/yado-test-delay-proxy.c: this kernel has no
 * netem), so every round trip takes 600 ms and more. While Yado opens and
 * lists that host, polls its statistics, and starts, pauses, resumes and
 * forces off its VM, a 10 ms timer on the main loop records the longest
 * gap between its ticks: it must stay under 50 ms. Meanwhile a local host
 * (test:///default) polls its statistics every 200 ms: its ticks must
 * keep coming at that pace throughout, none late by a round trip.
 */
#include "yado-test-delay-proxy.h"
#include "yado-test-libvirtd.h"
#include "yado-test-sshd.h"
#include "yado-test-utils.h"

#define VM_NAME "yado-live-1"
#define DELAY_MS 300
#define MAX_STALL_MS 50.0
#define LOCAL_INTERVAL_MS 200
#define REMOTE_INTERVAL_MS 500
#define WAIT_MS 60000

/* ---- the local host's ticks, watched throughout ---- */

typedef struct {
  YadoConnection *connection;
  guint64         first_ticks;
  gint64          started_us;
  gint64          last_us;
  gint64          longest_gap_us;
} TickWatch;

static void
on_local_tick (YadoConnection *connection, TickWatch *watch)
{
  gint64 now = g_get_monotonic_time ();

  watch->longest_gap_us = MAX (watch->longest_gap_us, now - watch->last_us);
  watch->last_us = now;
}

static void
tick_watch_start (TickWatch *watch, YadoConnection *connection)
{
  watch->connection = connection;
  watch->first_ticks = yado_connection_get_stats_ticks (connection);
  watch->started_us = watch->last_us = g_get_monotonic_time ();
  g_signal_connect (connection, "stats-updated", G_CALLBACK (on_local_tick), watch);
}

/* Every tick the interval asked for came, none much later than due. */
static void
tick_watch_check (TickWatch *watch)
{
  gint64 now = g_get_monotonic_time ();
  guint64 ticks = yado_connection_get_stats_ticks (watch->connection) - watch->first_ticks;
  guint64 expected = (now - watch->started_us) / (LOCAL_INTERVAL_MS * 1000);

  g_signal_handlers_disconnect_by_data (watch->connection, watch);
  watch->longest_gap_us = MAX (watch->longest_gap_us, now - watch->last_us);
  g_test_message ("local host: %" G_GUINT64_FORMAT " ticks in %.1f s (%" G_GUINT64_FORMAT
                  " intervals of %d ms), longest gap %.0f ms",
                  ticks, (now - watch->started_us) / 1e6, expected, LOCAL_INTERVAL_MS,
                  watch->longest_gap_us / 1000.0);
  /* A tick is one timer interval plus the test driver's poll on the poll
   * worker (a millisecond; more when QEMU's emulation takes a core and
   * AddressSanitizer slows us down): allow one interval in ten to go. A
   * tick that waited for the slow host would be a round trip (600 ms) late. */
  g_assert_cmpuint (ticks, >=, expected - expected / 10);
  g_assert_cmpint (watch->longest_gap_us, <, 2 * LOCAL_INTERVAL_MS * 1000);
}

/* ---- the slow host ---- */

typedef struct {
  YadoTestLibvirtd   *daemon;
  YadoTestSshd       *sshd;
  YadoTestDelayProxy *proxy;
  char               *uri;
} SlowHost;

static gboolean
slow_host_start (SlowHost *host)
{
  g_autoptr(GError) error = NULL;
  guint port;

  host->daemon = yado_test_libvirtd_start (&error);
  if (host->daemon != NULL)
    host->sshd = yado_test_sshd_start (&error);
  if (host->sshd != NULL)
    host->proxy = yado_test_delay_proxy_start (yado_test_sshd_get_port (host->sshd), DELAY_MS,
                                               &error);
  if (host->proxy == NULL)
    {
      g_test_fail_printf ("Could not start the slow host: %s", error->message);
      return FALSE;
    }
  port = yado_test_delay_proxy_get_port (host->proxy);
  if (!yado_test_sshd_trust_port (host->sshd, port, &error))
    {
      g_test_fail_printf ("Could not trust the proxy's port: %s", error->message);
      return FALSE;
    }
  yado_test_libvirtd_define_live_vm (host->daemon);
  host->uri = yado_test_sshd_uri (host->sshd, "qemu", port, "/session",
                                  yado_test_libvirtd_get_socket_path (host->daemon));
  return TRUE;
}

static void
slow_host_stop (SlowHost *host)
{
  /* sshd first: the shared SSH connection ends with it, then nothing
   * crosses the proxy any more. */
  g_clear_pointer (&host->sshd, yado_test_sshd_free);
  g_clear_pointer (&host->proxy, yado_test_delay_proxy_free);
  g_clear_pointer (&host->daemon, yado_test_libvirtd_free);
  g_clear_pointer (&host->uri, g_free);
}

/* ---- phases, each measured ---- */

/* Stops @meter; keeps the longest stall so far in @worst_ms. */
static void
end_phase (YadoTestStallMeter *meter, const char *what, double *worst_ms)
{
  double phase_ms = yado_test_stall_meter_stop (meter);

  yado_test_step ("%s: longest main-loop stall %.1f ms", what, phase_ms);
  *worst_ms = MAX (*worst_ms, phase_ms);
}

static YadoConnection *
open_slow_host (SlowHost *host, double *worst_ms)
{
  YadoTestStallMeter *meter = yado_test_stall_meter_start ();
  YadoConnection *remote = yado_connection_new (host->uri);
  YadoDomain *vm;

  yado_connection_set_stats_interval (remote, REMOTE_INTERVAL_MS);
  yado_connection_open (remote);
  yado_test_wait_until (yado_connection_get_state (remote) != YADO_CONNECTION_CONNECTING,
                        WAIT_MS);
  if (yado_connection_get_state (remote) != YADO_CONNECTION_CONNECTED)
    g_error ("Could not open %s: %s", host->uri, yado_connection_get_error_message (remote));
  g_assert_true (yado_connection_get_domains_listed (remote));
  vm = yado_test_domain (remote, VM_NAME);
  g_assert_cmpint (yado_domain_get_state (vm), ==, YADO_DOMAIN_SHUTOFF);
  end_phase (meter, "opened and listed", worst_ms);
  return remote;
}

static void
poll_slow_host (YadoConnection *remote, double *worst_ms)
{
  YadoTestStallMeter *meter = yado_test_stall_meter_start ();
  guint64 ticks = yado_connection_get_stats_ticks (remote);

  yado_test_wait_until (yado_connection_get_stats_ticks (remote) >= ticks + 3, WAIT_MS);
  end_phase (meter, "3 statistics ticks", worst_ms);
}

static void
act (YadoDomain *vm, YadoLifecycleOp op, YadoDomainState expected)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Iterates the main loop (and so the meter) while the ops worker waits. */
  if (!yado_domain_lifecycle_sync (vm, op, NULL, &error))
    g_error ("Could not %s " VM_NAME ": %s", yado_lifecycle_op_to_verb (op), error->message);
  yado_test_wait_until (yado_domain_get_state (vm) == expected, WAIT_MS);
  yado_test_step ("%s: done and shown in %.2f s", yado_lifecycle_op_to_verb (op),
                  (g_get_monotonic_time () - start) / 1e6);
}

static void
act_on_slow_host (YadoConnection *remote, double *worst_ms)
{
  YadoTestStallMeter *meter = yado_test_stall_meter_start ();
  YadoDomain *vm = yado_test_domain (remote, VM_NAME);
  guint64 ticks;

  act (vm, YADO_LIFECYCLE_START, YADO_DOMAIN_RUNNING);
  /* A running VM's statistics come over the slow link too. */
  ticks = yado_connection_get_stats_ticks (remote);
  yado_test_wait_until (yado_connection_get_stats_ticks (remote) >= ticks + 2, WAIT_MS);
  act (vm, YADO_LIFECYCLE_PAUSE, YADO_DOMAIN_PAUSED);
  act (vm, YADO_LIFECYCLE_RESUME, YADO_DOMAIN_RUNNING);
  act (vm, YADO_LIFECYCLE_FORCE_OFF, YADO_DOMAIN_SHUTOFF);
  end_phase (meter, "lifecycle actions", worst_ms);
}

static void
test_slow_link (void)
{
  SlowHost host = { 0 };
  g_autoptr(YadoConnection) local = NULL;
  g_autoptr(YadoConnection) remote = NULL;
  TickWatch watch = { 0 };
  double worst_ms = 0;
  gint64 t0;

  yado_test_step_reset ();
  if (!slow_host_start (&host))
    {
      slow_host_stop (&host);
      return;
    }
  yado_test_step ("libvirtd, sshd and a %d ms proxy up: %s", DELAY_MS, host.uri);

  local = yado_test_open ("test:///default");
  yado_connection_set_stats_interval (local, LOCAL_INTERVAL_MS);
  tick_watch_start (&watch, local);

  t0 = g_get_monotonic_time ();
  remote = open_slow_host (&host, &worst_ms);
  yado_test_step ("remote host connected in %.2f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpuint (yado_test_delay_proxy_count_connections (host.proxy), >=, 1);
  poll_slow_host (remote, &worst_ms);
  act_on_slow_host (remote, &worst_ms);

  tick_watch_check (&watch);
  g_test_message ("Longest main-loop stall: %.1f ms (limit %.0f ms)", worst_ms, MAX_STALL_MS);
  g_assert_cmpfloat (worst_ms, <, MAX_STALL_MS);
  g_assert_cmpint (yado_connection_get_state (local), ==, YADO_CONNECTION_CONNECTED);

  t0 = g_get_monotonic_time ();
  yado_connection_close (remote);
  yado_connection_close (local);
  g_assert_cmpfloat ((g_get_monotonic_time () - t0) / 1000.0, <, MAX_STALL_MS);
  slow_host_stop (&host);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live-ssh-latency/slow-link", test_slow_link);

  return g_test_run ();
}
