/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "yado-stats.h"

/* A counter that went backwards (the guest was restarted, a disk was
 * unplugged) gives no rate rather than a huge one. */
static double
rate_per_second (guint64 prev, guint64 cur, double seconds)
{
  if (cur < prev || seconds <= 0)
    return 0;
  return (double) (cur - prev) / seconds;
}

static double
clamp_percent (double value)
{
  return CLAMP (value, 0.0, 100.0);
}

void
yado_stats_compute_rates (const YadoDomainSample *prev,
                          const YadoDomainSample *cur,
                          guint                   host_cpus,
                          YadoDomainRates        *out)
{
  double seconds = (double) (cur->timestamp_us - prev->timestamp_us) / G_USEC_PER_SEC;
  guint both = prev->have & cur->have;

  out->guest_cpu_percent = -1;
  out->host_cpu_percent = -1;
  out->memory_percent = -1;
  out->disk_read_bps = out->disk_write_bps = -1;
  out->net_rx_bps = out->net_tx_bps = -1;

  if (cur->have & YADO_SAMPLE_MEMORY && cur->max_memory_kib > 0)
    out->memory_percent = clamp_percent (100.0 * cur->memory_kib / cur->max_memory_kib);

  if (seconds <= 0)
    return;

  if (both & YADO_SAMPLE_CPU)
    {
      /* CPU time is in nanoseconds: ns per second of wall time, per CPU. */
      double cpu_per_second = rate_per_second (prev->cpu_time_ns, cur->cpu_time_ns, seconds) / 1e9;

      if (cur->vcpus > 0)
        out->guest_cpu_percent = clamp_percent (100.0 * cpu_per_second / cur->vcpus);
      if (host_cpus > 0)
        out->host_cpu_percent = clamp_percent (100.0 * cpu_per_second / host_cpus);
    }
  if (both & YADO_SAMPLE_DISK)
    {
      out->disk_read_bps = rate_per_second (prev->disk_rd_bytes, cur->disk_rd_bytes, seconds);
      out->disk_write_bps = rate_per_second (prev->disk_wr_bytes, cur->disk_wr_bytes, seconds);
    }
  if (both & YADO_SAMPLE_NET)
    {
      out->net_rx_bps = rate_per_second (prev->net_rx_bytes, cur->net_rx_bytes, seconds);
      out->net_tx_bps = rate_per_second (prev->net_tx_bytes, cur->net_tx_bytes, seconds);
    }
}

double
yado_stats_host_cpu_percent (guint64 prev_busy_ns, guint64 prev_total_ns,
                             guint64 cur_busy_ns, guint64 cur_total_ns)
{
  if (cur_total_ns <= prev_total_ns || cur_busy_ns < prev_busy_ns)
    return -1;
  return clamp_percent (100.0 * (double) (cur_busy_ns - prev_busy_ns)
                        / (double) (cur_total_ns - prev_total_ns));
}

void
yado_history_clear (YadoHistory *history)
{
  history->start = 0;
  history->count = 0;
}

void
yado_history_push (YadoHistory *history, double value)
{
  guint end = (history->start + history->count) % YADO_HISTORY_LENGTH;

  history->values[end] = (float) value;
  if (history->count < YADO_HISTORY_LENGTH)
    history->count++;
  else
    history->start = (history->start + 1) % YADO_HISTORY_LENGTH;
}

double
yado_history_get (const YadoHistory *history, guint age)
{
  if (age >= history->count)
    return 0;
  return history->values[(history->start + history->count - 1 - age) % YADO_HISTORY_LENGTH];
}

double
yado_history_latest (const YadoHistory *history)
{
  return history->count > 0 ? yado_history_get (history, 0) : -1;
}

double
yado_history_max (const YadoHistory *history, guint last_n)
{
  double max = 0;
  guint n = MIN (last_n, history->count);

  for (guint age = 0; age < n; age++)
    max = MAX (max, yado_history_get (history, age));
  return max;
}

guint
yado_history_copy_tail (const YadoHistory *history, double *out, guint n)
{
  guint copied = MIN (n, history->count);

  for (guint i = 0; i < copied; i++)
    out[i] = yado_history_get (history, copied - 1 - i);
  return copied;
}

void
yado_uuid_format (const unsigned char raw[16], char out[37])
{
  static const char hex[] = "0123456789abcdef";
  char *p = out;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[raw[i] >> 4];
      *p++ = hex[raw[i] & 0xf];
    }
  *p = '\0';
}
