/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bits of YadoDomainSample.have: which counters the host reported. */
typedef enum {
  YADO_SAMPLE_CPU    = 1 << 0,
  YADO_SAMPLE_MEMORY = 1 << 1,
  YADO_SAMPLE_DISK   = 1 << 2,
  YADO_SAMPLE_NET    = 1 << 3,
} YadoSampleFields;

/* One reading of a domain's cumulative counters, as libvirt gives them. */
typedef struct {
  gint64   timestamp_us;   /* monotonic time of the reading */
  guint    have;           /* YadoSampleFields */
  guint64  cpu_time_ns;    /* cumulative guest CPU time */
  guint    vcpus;
  guint64  memory_kib;     /* memory the guest uses */
  guint64  max_memory_kib; /* memory it may use */
  guint64  disk_rd_bytes;  /* cumulative, summed over disks */
  guint64  disk_wr_bytes;
  guint64  net_rx_bytes;   /* cumulative, summed over interfaces */
  guint64  net_tx_bytes;
} YadoDomainSample;

/* What the graphs show, derived from two successive samples. A field is
 * negative when it cannot be known (first sample, missing counter). */
typedef struct {
  double guest_cpu_percent; /* of the guest's vCPUs, 0..100 */
  double host_cpu_percent;  /* of all host CPUs, 0..100 */
  double memory_percent;    /* used of maximum, 0..100 */
  double disk_read_bps;
  double disk_write_bps;
  double net_rx_bps;
  double net_tx_bps;
} YadoDomainRates;

/* Derives rates from @prev and @cur (cur later than prev). Counters that
 * went backwards (a guest restarted) give 0, not a huge jump. */
void yado_stats_compute_rates (const YadoDomainSample *prev,
                               const YadoDomainSample *cur,
                               guint                   host_cpus,
                               YadoDomainRates        *out);

/* Host CPU use from two readings of the node's cumulative CPU times. */
double yado_stats_host_cpu_percent (guint64 prev_busy_ns, guint64 prev_total_ns,
                                    guint64 cur_busy_ns, guint64 cur_total_ns);

/*
 * YadoHistory: a fixed-size ring buffer of doubles, newest last. The graphs
 * read it; nothing is allocated after creation.
 */
#define YADO_HISTORY_LENGTH 120

typedef struct {
  float  values[YADO_HISTORY_LENGTH]; /* float: half the memory, and a graph
                                       * of 28 pixels needs no more */
  guint  start;  /* index of the oldest value */
  guint  count;  /* how many values are stored, <= YADO_HISTORY_LENGTH */
} YadoHistory;

void   yado_history_clear  (YadoHistory *history);
void   yado_history_push   (YadoHistory *history, double value);
/* @age 0 is the newest value. Returns 0 past the oldest. */
double yado_history_get    (const YadoHistory *history, guint age);
double yado_history_latest (const YadoHistory *history);
double yado_history_max    (const YadoHistory *history, guint last_n);
/* Copies the newest @n values into @out, oldest first, and returns how
 * many there were (<= n). */
guint  yado_history_copy_tail (const YadoHistory *history, double *out, guint n);

/* Formats libvirt's 16-byte UUID as its 36-character string. libvirt's
 * own formatter goes through printf; this runs for every running domain on
 * every tick. */
void   yado_uuid_format (const unsigned char raw[16], char out[37]);

G_END_DECLS
