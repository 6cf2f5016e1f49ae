/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <libvirt/virterror.h>

#include "yado-error.h"
#include "yado-stats-collector.h"
#include "yado-xml.h"

/* Disk and interface names of one domain, for per-domain fallbacks. */
typedef struct {
  GPtrArray *disks;       /* target dev names */
  GPtrArray *interfaces;  /* target dev names */
} DeviceNames;

struct _YadoStatsCollector {
  GHashTable *devices;    /* uuid -> DeviceNames, poll worker only */
  GMutex      forget_lock;
  GHashTable *forgotten;  /* uuids whose devices changed, any thread */
};

static void
device_names_free (DeviceNames *names)
{
  g_ptr_array_unref (names->disks);
  g_ptr_array_unref (names->interfaces);
  g_free (names);
}

void
yado_stats_batch_free (YadoStatsBatch *batch)
{
  if (batch == NULL)
    return;
  g_array_unref (batch->samples);
  g_free (batch);
}

YadoStatsCollector *
yado_stats_collector_new (void)
{
  YadoStatsCollector *collector = g_new0 (YadoStatsCollector, 1);

  collector->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) device_names_free);
  collector->forgotten = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&collector->forget_lock);
  return collector;
}

void
yado_stats_collector_free (YadoStatsCollector *collector)
{
  if (collector == NULL)
    return;
  g_hash_table_unref (collector->devices);
  g_hash_table_unref (collector->forgotten);
  g_mutex_clear (&collector->forget_lock);
  g_free (collector);
}

void
yado_stats_collector_forget (YadoStatsCollector *collector, const char *uuid)
{
  g_mutex_lock (&collector->forget_lock);
  g_hash_table_add (collector->forgotten, g_strdup (uuid));
  g_mutex_unlock (&collector->forget_lock);
}

static void
drop_forgotten_devices (YadoStatsCollector *collector)
{
  GHashTableIter iter;
  gpointer uuid;

  g_mutex_lock (&collector->forget_lock);
  g_hash_table_iter_init (&iter, collector->forgotten);
  while (g_hash_table_iter_next (&iter, &uuid, NULL))
    g_hash_table_remove (collector->devices, uuid);
  g_hash_table_remove_all (collector->forgotten);
  g_mutex_unlock (&collector->forget_lock);
}

static DeviceNames *
read_device_names (virDomainPtr dom)
{
  DeviceNames *names = g_new0 (DeviceNames, 1);
  char *text = virDomainGetXMLDesc (dom, 0);
  g_autoptr(YadoXml) xml = yado_xml_parse (text);

  free (text);
  virResetLastError ();
  names->disks = g_ptr_array_new_with_free_func (g_free);
  names->interfaces = g_ptr_array_new_with_free_func (g_free);
  if (xml != NULL)
    {
      yado_xml_get_strings (xml, "/domain/devices/disk[@device='disk']/target/@dev", names->disks);
      yado_xml_get_strings (xml, "/domain/devices/interface/target/@dev", names->interfaces);
    }
  return names;
}

static DeviceNames *
device_names_for (YadoStatsCollector *collector, virDomainPtr dom, const char *uuid)
{
  DeviceNames *names = g_hash_table_lookup (collector->devices, uuid);

  if (names == NULL)
    {
      names = read_device_names (dom);
      g_hash_table_insert (collector->devices, g_strdup (uuid), names);
    }
  return names;
}

static guint64
sum_ullong_params (virTypedParameterPtr params, int n, const char *prefix,
                   const char *suffix, gboolean *found)
{
  guint64 total = 0;
  gsize prefix_len = strlen (prefix);

  /* Keys are "block.N.rd.bytes", "net.N.rx.bytes", ... */
  for (int i = 0; i < n; i++)
    if (strncmp (params[i].field, prefix, prefix_len) == 0
        && g_str_has_suffix (params[i].field, suffix)
        && params[i].type == VIR_TYPED_PARAM_ULLONG)
      {
        total += params[i].value.ul;
        *found = TRUE;
      }
  return total;
}

/* What the bulk record says. Returns the fields it had. */
static guint
sample_from_record (virDomainStatsRecordPtr record, YadoDomainSample *sample)
{
  virTypedParameterPtr p = record->params;
  int n = record->nparams;
  unsigned long long ull;
  unsigned int vcpus;
  gboolean disk_rd = FALSE, disk_wr = FALSE, net_rx = FALSE, net_tx = FALSE;
  guint have = 0;

  if (virTypedParamsGetULLong (p, n, "cpu.time", &ull) == 1)
    {
      sample->cpu_time_ns = ull;
      have |= YADO_SAMPLE_CPU;
    }
  if (virTypedParamsGetUInt (p, n, "vcpu.current", &vcpus) == 1)
    sample->vcpus = vcpus;
  else
    have &= ~YADO_SAMPLE_CPU;
  if (virTypedParamsGetULLong (p, n, "balloon.current", &ull) == 1)
    {
      unsigned long long unused, maximum;

      sample->memory_kib = ull;
      /* With a guest balloon driver, "unused" tells what the guest itself
       * does not use; without it, all the balloon's memory counts. */
      if (virTypedParamsGetULLong (p, n, "balloon.unused", &unused) == 1 && unused <= ull)
        sample->memory_kib = ull - unused;
      if (virTypedParamsGetULLong (p, n, "balloon.maximum", &maximum) == 1)
        sample->max_memory_kib = maximum;
      have |= YADO_SAMPLE_MEMORY;
    }

  sample->disk_rd_bytes = sum_ullong_params (p, n, "block.", ".rd.bytes", &disk_rd);
  sample->disk_wr_bytes = sum_ullong_params (p, n, "block.", ".wr.bytes", &disk_wr);
  sample->net_rx_bytes = sum_ullong_params (p, n, "net.", ".rx.bytes", &net_rx);
  sample->net_tx_bytes = sum_ullong_params (p, n, "net.", ".tx.bytes", &net_tx);
  if (disk_rd || disk_wr)
    have |= YADO_SAMPLE_DISK;
  if (net_rx || net_tx)
    have |= YADO_SAMPLE_NET;
  return have;
}

static void
fallback_cpu_and_memory (virDomainPtr dom, YadoDomainSample *sample, guint *have)
{
  virDomainInfo info;

  if (virDomainGetInfo (dom, &info) < 0)
    {
      virResetLastError ();
      return;
    }
  if (!(*have & YADO_SAMPLE_CPU))
    {
      sample->cpu_time_ns = info.cpuTime;
      sample->vcpus = info.nrVirtCpu;
      *have |= YADO_SAMPLE_CPU;
    }
  if (!(*have & YADO_SAMPLE_MEMORY))
    {
      sample->memory_kib = info.memory;
      sample->max_memory_kib = info.maxMem;
      *have |= YADO_SAMPLE_MEMORY;
    }
}

static void
fallback_devices (YadoStatsCollector *collector, virDomainPtr dom, const char *uuid,
                  YadoDomainSample *sample, guint *have)
{
  DeviceNames *names = device_names_for (collector, dom, uuid);

  if (!(*have & YADO_SAMPLE_DISK) && names->disks->len > 0)
    {
      sample->disk_rd_bytes = sample->disk_wr_bytes = 0;
      for (guint i = 0; i < names->disks->len; i++)
        {
          virDomainBlockStatsStruct st;

          if (virDomainBlockStats (dom, g_ptr_array_index (names->disks, i), &st, sizeof st) < 0)
            continue;
          sample->disk_rd_bytes += MAX (st.rd_bytes, 0);
          sample->disk_wr_bytes += MAX (st.wr_bytes, 0);
          *have |= YADO_SAMPLE_DISK;
        }
    }
  if (!(*have & YADO_SAMPLE_NET) && names->interfaces->len > 0)
    {
      sample->net_rx_bytes = sample->net_tx_bytes = 0;
      for (guint i = 0; i < names->interfaces->len; i++)
        {
          virDomainInterfaceStatsStruct st;

          if (virDomainInterfaceStats (dom, g_ptr_array_index (names->interfaces, i),
                                       &st, sizeof st) < 0)
            continue;
          sample->net_rx_bytes += MAX (st.rx_bytes, 0);
          sample->net_tx_bytes += MAX (st.tx_bytes, 0);
          *have |= YADO_SAMPLE_NET;
        }
    }
  virResetLastError ();
}

static void
collect_host (virConnectPtr conn, YadoStatsBatch *batch)
{
  int nparams = 0;

  if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &nparams, 0) == 0
      && nparams > 0)
    {
      g_autofree virNodeCPUStatsPtr params = g_new0 (virNodeCPUStats, nparams);

      if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, params, &nparams, 0) == 0)
        {
          for (int i = 0; i < nparams; i++)
            {
              batch->host_total_ns += params[i].value;
              if (strcmp (params[i].field, VIR_NODE_CPU_STATS_IDLE) != 0
                  && strcmp (params[i].field, VIR_NODE_CPU_STATS_IOWAIT) != 0
                  && strcmp (params[i].field, VIR_NODE_CPU_STATS_UTILIZATION) != 0)
                batch->host_busy_ns += params[i].value;
            }
          batch->have_host_cpu = batch->host_total_ns > 0;
        }
    }

  nparams = 0;
  if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &nparams, 0) == 0
      && nparams > 0)
    {
      g_autofree virNodeMemoryStatsPtr params = g_new0 (virNodeMemoryStats, nparams);
      guint64 total = 0, available = 0;

      if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, params, &nparams, 0) == 0)
        {
          for (int i = 0; i < nparams; i++)
            {
              if (strcmp (params[i].field, VIR_NODE_MEMORY_STATS_TOTAL) == 0)
                total = params[i].value;
              /* free + buffers + cached is what the host could give. */
              else if (strcmp (params[i].field, VIR_NODE_MEMORY_STATS_FREE) == 0
                       || strcmp (params[i].field, VIR_NODE_MEMORY_STATS_BUFFERS) == 0
                       || strcmp (params[i].field, VIR_NODE_MEMORY_STATS_CACHED) == 0)
                available += params[i].value;
            }
          batch->have_host_memory = total > 0;
          batch->host_memory_total_kib = total;
          batch->host_memory_free_kib = MIN (available, total);
        }
    }
  virResetLastError ();
}

YadoStatsBatch *
yado_stats_collector_collect (YadoStatsCollector *collector,
                              virConnectPtr       conn,
                              GError            **error)
{
  virDomainStatsRecordPtr *records = NULL;
  YadoStatsBatch *batch;
  int n;

  drop_forgotten_devices (collector);
  n = virConnectGetAllDomainStats (conn,
                                   VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL
                                   | VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_VCPU
                                   | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK,
                                   &records,
                                   VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
  if (n < 0)
    {
      yado_error_set_from_libvirt (error, "Could not read statistics");
      return NULL;
    }

  batch = g_new0 (YadoStatsBatch, 1);
  batch->timestamp_us = g_get_monotonic_time ();
  batch->samples = g_array_sized_new (FALSE, TRUE, sizeof (YadoCollectedSample), n);

  for (int i = 0; i < n; i++)
    {
      YadoCollectedSample cs = { 0 };
      unsigned char raw_uuid[VIR_UUID_BUFLEN];
      guint have;

      if (virDomainGetUUID (records[i]->dom, raw_uuid) < 0)
        continue;
      yado_uuid_format (raw_uuid, cs.uuid);
      have = sample_from_record (records[i], &cs.sample);
      if (!(have & YADO_SAMPLE_CPU) || !(have & YADO_SAMPLE_MEMORY))
        fallback_cpu_and_memory (records[i]->dom, &cs.sample, &have);
      if (!(have & YADO_SAMPLE_DISK) || !(have & YADO_SAMPLE_NET))
        fallback_devices (collector, records[i]->dom, cs.uuid, &cs.sample, &have);
      cs.sample.have = have;
      cs.sample.timestamp_us = batch->timestamp_us;
      g_array_append_val (batch->samples, cs);
    }
  virDomainStatsRecordListFree (records);

  collect_host (conn, batch);
  return batch;
}
