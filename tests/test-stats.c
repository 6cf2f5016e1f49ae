/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rates and percentages from known samples, and the graphs' ring buffer. */
#include "yado-domain.h"
#include "yado-stats.h"

static YadoDomainSample
sample_at (double seconds, guint64 cpu_ns, guint64 disk_rd, guint64 net_rx)
{
  YadoDomainSample s = { 0 };

  s.timestamp_us = (gint64) (seconds * G_USEC_PER_SEC);
  s.have = YADO_SAMPLE_CPU | YADO_SAMPLE_MEMORY | YADO_SAMPLE_DISK | YADO_SAMPLE_NET;
  s.cpu_time_ns = cpu_ns;
  s.vcpus = 2;
  s.memory_kib = 512 * 1024;
  s.max_memory_kib = 2048 * 1024;
  s.disk_rd_bytes = disk_rd;
  s.disk_wr_bytes = 0;
  s.net_rx_bytes = net_rx;
  s.net_tx_bytes = 0;
  return s;
}

static void
test_rates_from_known_samples (void)
{
  /* 2 s apart, 1.5 s of CPU: 0.75 CPUs busy. */
  YadoDomainSample a = sample_at (10, 4000000000ull, 1000, 0);
  YadoDomainSample b = sample_at (12, 5500000000ull, 1000 + 2 * 1048576, 400000);
  YadoDomainRates r;

  yado_stats_compute_rates (&a, &b, 8, &r);
  g_assert_cmpfloat_with_epsilon (r.guest_cpu_percent, 37.5, 1e-9); /* 0.75 of 2 vCPUs */
  g_assert_cmpfloat_with_epsilon (r.host_cpu_percent, 9.375, 1e-9); /* 0.75 of 8 CPUs */
  g_assert_cmpfloat_with_epsilon (r.memory_percent, 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.disk_read_bps, 1048576.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.disk_write_bps, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.net_rx_bps, 200000.0, 1e-6);
}

static void
test_rates_clamp_and_restart (void)
{
  YadoDomainSample a = sample_at (1, 9000000000ull, 5000, 5000);
  YadoDomainSample b = sample_at (2, 1000000000ull, 10, 10); /* guest restarted */
  YadoDomainSample c = sample_at (3, 1000000000ull + 4000000000ull, 10, 10);
  YadoDomainRates r;

  yado_stats_compute_rates (&a, &b, 4, &r);
  g_assert_cmpfloat (r.guest_cpu_percent, ==, 0.0);
  g_assert_cmpfloat (r.disk_read_bps, ==, 0.0);
  g_assert_cmpfloat (r.net_rx_bps, ==, 0.0);

  /* 4 CPUs' worth of time on a 2-vCPU guest: clamped to 100 %. */
  yado_stats_compute_rates (&b, &c, 4, &r);
  g_assert_cmpfloat (r.guest_cpu_percent, ==, 100.0);
  g_assert_cmpfloat (r.host_cpu_percent, ==, 100.0);
}

static void
test_rates_missing_fields (void)
{
  YadoDomainSample a = sample_at (1, 0, 0, 0);
  YadoDomainSample b = sample_at (2, 1000000000ull, 0, 0);
  YadoDomainRates r;

  b.have = YADO_SAMPLE_CPU; /* no disk, net or memory in the second sample */
  yado_stats_compute_rates (&a, &b, 2, &r);
  g_assert_cmpfloat_with_epsilon (r.guest_cpu_percent, 50.0, 1e-9);
  g_assert_cmpfloat (r.memory_percent, <, 0);
  g_assert_cmpfloat (r.disk_read_bps, <, 0);
  g_assert_cmpfloat (r.net_tx_bps, <, 0);

  /* Same timestamp: no rate at all. */
  yado_stats_compute_rates (&b, &b, 2, &r);
  g_assert_cmpfloat (r.guest_cpu_percent, <, 0);
}

static void
test_host_cpu_percent (void)
{
  g_assert_cmpfloat_with_epsilon (yado_stats_host_cpu_percent (100, 1000, 350, 2000), 25.0, 1e-9);
  g_assert_cmpfloat (yado_stats_host_cpu_percent (100, 1000, 100, 1000), <, 0);
}

static void
test_history_ring_buffer (void)
{
  YadoHistory h;
  double tail[5];

  yado_history_clear (&h);
  g_assert_cmpfloat (yado_history_latest (&h), <, 0);
  for (int i = 1; i <= YADO_HISTORY_LENGTH + 10; i++)
    yado_history_push (&h, i);

  g_assert_cmpuint (h.count, ==, YADO_HISTORY_LENGTH);
  g_assert_cmpfloat (yado_history_latest (&h), ==, YADO_HISTORY_LENGTH + 10);
  g_assert_cmpfloat (yado_history_get (&h, YADO_HISTORY_LENGTH - 1), ==, 11); /* oldest kept */
  g_assert_cmpfloat (yado_history_get (&h, YADO_HISTORY_LENGTH), ==, 0);      /* past the end */
  g_assert_cmpfloat (yado_history_max (&h, 3), ==, YADO_HISTORY_LENGTH + 10);

  g_assert_cmpuint (yado_history_copy_tail (&h, tail, 5), ==, 5);
  for (int i = 0; i < 5; i++) /* oldest first */
    g_assert_cmpfloat (tail[i], ==, YADO_HISTORY_LENGTH + 6 + i);
}

static void
test_domain_keeps_graphs_from_samples (void)
{
  YadoDomainInfo info = { .name = (char *) "vm", .uuid = (char *) "u", .id = 1,
                          .state = YADO_DOMAIN_RUNNING, .vcpus = 2 };
  g_autoptr(YadoDomain) domain = yado_domain_new (NULL, &info);
  YadoDomainSample a = sample_at (0, 0, 0, 0);
  YadoDomainSample b = sample_at (1, 1000000000ull, 4096, 8192);

  yado_domain_push_sample (domain, &a, 4);
  /* One sample gives no rate yet. */
  g_assert_cmpuint (yado_domain_get_history (domain, YADO_GRAPH_GUEST_CPU)->count, ==, 0);
  yado_domain_push_sample (domain, &b, 4);
  g_assert_cmpfloat_with_epsilon (yado_domain_get_latest (domain, YADO_GRAPH_GUEST_CPU), 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (yado_domain_get_latest (domain, YADO_GRAPH_HOST_CPU), 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (yado_domain_get_latest (domain, YADO_GRAPH_DISK_IO), 4096.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (yado_domain_get_latest (domain, YADO_GRAPH_NET_IO), 8192.0, 1e-9);
}

static void
test_actions_allowed_by_state (void)
{
  /* What a user of virt-manager expects to be able to press. */
  g_assert_true (yado_lifecycle_op_allowed (YADO_LIFECYCLE_START, YADO_DOMAIN_SHUTOFF, TRUE, FALSE, FALSE));
  g_assert_false (yado_lifecycle_op_allowed (YADO_LIFECYCLE_START, YADO_DOMAIN_RUNNING, TRUE, FALSE, FALSE));
  g_assert_true (yado_lifecycle_op_allowed (YADO_LIFECYCLE_PAUSE, YADO_DOMAIN_RUNNING, TRUE, FALSE, FALSE));
  g_assert_false (yado_lifecycle_op_allowed (YADO_LIFECYCLE_PAUSE, YADO_DOMAIN_PAUSED, TRUE, FALSE, FALSE));
  g_assert_true (yado_lifecycle_op_allowed (YADO_LIFECYCLE_RESUME, YADO_DOMAIN_PAUSED, TRUE, FALSE, FALSE));
  g_assert_false (yado_lifecycle_op_allowed (YADO_LIFECYCLE_SHUTDOWN, YADO_DOMAIN_SHUTOFF, TRUE, FALSE, FALSE));
  g_assert_true (yado_lifecycle_op_allowed (YADO_LIFECYCLE_FORCE_OFF, YADO_DOMAIN_CRASHED, TRUE, FALSE, FALSE));
  g_assert_true (yado_lifecycle_op_allowed (YADO_LIFECYCLE_FORCE_OFF, YADO_DOMAIN_PAUSED, TRUE, FALSE, FALSE));
  g_assert_false (yado_lifecycle_op_allowed (YADO_LIFECYCLE_FORCE_OFF, YADO_DOMAIN_SHUTOFF, TRUE, FALSE, FALSE));
  /* A transient domain cannot be saved or autostarted. */
  g_assert_false (yado_lifecycle_op_allowed (YADO_LIFECYCLE_SAVE, YADO_DOMAIN_RUNNING, FALSE, FALSE, FALSE));
  g_assert_false (yado_lifecycle_op_allowed (YADO_LIFECYCLE_AUTOSTART_ON, YADO_DOMAIN_RUNNING, FALSE, FALSE, FALSE));
  g_assert_true (yado_lifecycle_op_allowed (YADO_LIFECYCLE_AUTOSTART_OFF, YADO_DOMAIN_SHUTOFF, TRUE, FALSE, TRUE));
  g_assert_cmpstr (yado_domain_state_to_text (YADO_DOMAIN_SHUTOFF, TRUE), ==, "Saved");
  g_assert_cmpstr (yado_domain_state_to_text (YADO_DOMAIN_SHUTOFF, FALSE), ==, "Shut off");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/rates/known-samples", test_rates_from_known_samples);
  g_test_add_func ("/stats/rates/clamp-and-restart", test_rates_clamp_and_restart);
  g_test_add_func ("/stats/rates/missing-fields", test_rates_missing_fields);
  g_test_add_func ("/stats/host-cpu", test_host_cpu_percent);
  g_test_add_func ("/stats/history/ring-buffer", test_history_ring_buffer);
  g_test_add_func ("/stats/domain/graphs-from-samples", test_domain_keeps_graphs_from_samples);
  g_test_add_func ("/domain/actions-allowed-by-state", test_actions_allowed_by_state);
  return g_test_run ();
}
