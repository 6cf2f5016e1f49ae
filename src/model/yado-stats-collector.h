/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Worker side of statistics: one bulk call per tick, plain results.
 * Internal to the model. */

#include <libvirt/libvirt.h>

#include "yado-stats.h"

G_BEGIN_DECLS

typedef struct {
  char             uuid[VIR_UUID_STRING_BUFLEN];
  YadoDomainSample sample;
} YadoCollectedSample;

typedef struct {
  gint64   timestamp_us;
  GArray  *samples;           /* of YadoCollectedSample, running domains */
  gboolean have_host_cpu;
  guint64  host_busy_ns;      /* cumulative, all CPUs */
  guint64  host_total_ns;
  gboolean have_host_memory;
  guint64  host_memory_total_kib;
  guint64  host_memory_free_kib;
} YadoStatsBatch;

void yado_stats_batch_free (YadoStatsBatch *batch);

/* State kept between ticks on the poll worker: which calls the driver
 * answers, and the disk and interface names of each domain for drivers
 * whose bulk records lack them. Only the poll worker touches it, except
 * yado_stats_collector_forget() which any thread may call. */
typedef struct _YadoStatsCollector YadoStatsCollector;

YadoStatsCollector *yado_stats_collector_new    (void);
void                yado_stats_collector_free   (YadoStatsCollector *collector);
/* A domain's devices changed: read its disks and interfaces again. */
void                yado_stats_collector_forget (YadoStatsCollector *collector,
                                                 const char         *uuid);

YadoStatsBatch     *yado_stats_collector_collect (YadoStatsCollector *collector,
                                                  virConnectPtr       conn,
                                                  GError            **error);

G_END_DECLS
