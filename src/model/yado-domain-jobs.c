/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <libvirt/virterror.h>

#include "yado-domain-jobs.h"
#include "yado-error.h"
#include "yado-graphics-open.h"
#include "yado-guest-info.h"

static char *
domain_uuid_string (virDomainPtr dom)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (dom, uuid) < 0)
    return NULL;
  return g_strdup (uuid);
}

static char *
domain_metadata (virDomainPtr dom, int type)
{
  char *text = virDomainGetMetadata (dom, type, NULL, 0);
  char *copy;

  /* "No metadata" is an error in libvirt's API; it only means none. */
  if (text == NULL)
    {
      virResetLastError ();
      return NULL;
    }
  copy = *text ? g_strdup (text) : NULL;
  free (text);
  return copy;
}

static void
fill_details (virDomainPtr dom, YadoDomainInfo *info)
{
  g_free (info->title);
  g_free (info->description);
  info->title = domain_metadata (dom, VIR_DOMAIN_METADATA_TITLE);
  info->description = domain_metadata (dom, VIR_DOMAIN_METADATA_DESCRIPTION);
  info->has_details = TRUE;
}

static YadoDomainInfo *
info_new_from_handle (virDomainPtr dom)
{
  YadoDomainInfo *info = g_new0 (YadoDomainInfo, 1);
  unsigned int id = virDomainGetID (dom);

  info->name = g_strdup (virDomainGetName (dom));
  info->uuid = domain_uuid_string (dom);
  info->id = id == (unsigned int) -1 ? -1 : (int) id;
  return info;
}

/* virDomainGetInfo, GetState and the flag getters: one call each. Used for
 * a single domain, and for fields the bulk call did not give. */
static gboolean
fill_from_per_domain_calls (virDomainPtr dom, YadoDomainInfo *info, GError **error)
{
  virDomainInfo vinfo;
  int state, reason, autostart = 0;

  if (virDomainGetInfo (dom, &vinfo) < 0)
    {
      yado_error_set_from_libvirt (error, "Could not read “%s”", info->name);
      return FALSE;
    }
  info->vcpus = vinfo.nrVirtCpu;
  info->memory_kib = vinfo.memory;
  info->max_memory_kib = vinfo.maxMem;
  info->state = (YadoDomainState) vinfo.state;
  if (virDomainGetState (dom, &state, &reason, 0) == 0)
    {
      info->state = (YadoDomainState) state;
      info->state_reason = reason;
    }
  info->persistent = virDomainIsPersistent (dom) == 1;
  if (virDomainGetAutostart (dom, &autostart) == 0)
    info->autostart = autostart != 0;
  info->has_managed_save = virDomainHasManagedSaveImage (dom, 0) == 1;
  virResetLastError ();
  return TRUE;
}

YadoDomainInfo *
yado_domain_jobs_fetch_one (virConnectPtr conn, const char *uuid, GError **error)
{
  virDomainPtr dom = virDomainLookupByUUIDString (conn, uuid);
  YadoDomainInfo *info;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, "Could not find domain %s", uuid);
      return NULL;
    }
  info = info_new_from_handle (dom);
  if (!fill_from_per_domain_calls (dom, info, error))
    {
      yado_domain_info_free (info);
      virDomainFree (dom);
      return NULL;
    }
  fill_details (dom, info);
  virDomainFree (dom);
  return info;
}

/* UUIDs of the domains a filtered listing returns: one call answers a flag
 * for every domain at once, instead of one call per domain. */
static GHashTable *
uuids_with_flag (virConnectPtr conn, unsigned int flags, gboolean *ok)
{
  virDomainPtr *doms = NULL;
  int n = virConnectListAllDomains (conn, &doms, flags);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *ok = n >= 0;
  for (int i = 0; i < n; i++)
    {
      g_hash_table_add (set, domain_uuid_string (doms[i]));
      virDomainFree (doms[i]);
    }
  free (doms);
  virResetLastError ();
  return set;
}

static gboolean
typed_param_ullong (virTypedParameterPtr params, int n, const char *name, guint64 *out)
{
  unsigned long long value;

  if (virTypedParamsGetULLong (params, n, name, &value) != 1)
    return FALSE;
  *out = value;
  return TRUE;
}

/* Applies a bulk stats record; returns TRUE when it held vCPUs and memory,
 * so that no per-domain call is needed. */
static gboolean
fill_from_bulk_record (virDomainStatsRecordPtr record, YadoDomainInfo *info)
{
  int state = 0, reason = 0;
  unsigned int vcpus = 0;
  guint64 cur = 0, max = 0;
  gboolean have_vcpus, have_memory;

  if (virTypedParamsGetInt (record->params, record->nparams, "state.state", &state) == 1)
    info->state = (YadoDomainState) state;
  if (virTypedParamsGetInt (record->params, record->nparams, "state.reason", &reason) == 1)
    info->state_reason = reason;
  have_vcpus = virTypedParamsGetUInt (record->params, record->nparams, "vcpu.current", &vcpus) == 1;
  have_memory = typed_param_ullong (record->params, record->nparams, "balloon.current", &cur)
                && typed_param_ullong (record->params, record->nparams, "balloon.maximum", &max);
  info->vcpus = vcpus;
  info->memory_kib = cur;
  info->max_memory_kib = max;
  return have_vcpus && have_memory;
}

GPtrArray *
yado_domain_jobs_list_all (virConnectPtr conn, GError **error)
{
  virDomainStatsRecordPtr *records = NULL;
  g_autoptr(GHashTable) persistent = NULL;
  g_autoptr(GHashTable) autostart = NULL;
  g_autoptr(GHashTable) saved = NULL;
  gboolean have_persistent, have_autostart, have_saved;
  GPtrArray *infos;
  int n;

  n = virConnectGetAllDomainStats (conn,
                                   VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_VCPU
                                   | VIR_DOMAIN_STATS_BALLOON,
                                   &records, 0);
  if (n < 0)
    {
      yado_error_set_from_libvirt (error, "Could not list the virtual machines");
      return NULL;
    }

  persistent = uuids_with_flag (conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT, &have_persistent);
  autostart = uuids_with_flag (conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART, &have_autostart);
  saved = uuids_with_flag (conn, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, &have_saved);

  infos = g_ptr_array_new_full (n, (GDestroyNotify) yado_domain_info_free);
  for (int i = 0; i < n; i++)
    {
      YadoDomainInfo *info = info_new_from_handle (records[i]->dom);

      if (!fill_from_bulk_record (records[i], info)
          || !have_persistent || !have_autostart || !have_saved)
        {
          /* The driver's bulk records lack fields (libvirt's test driver
           * gives the state only): ask this domain directly. */
          if (!fill_from_per_domain_calls (records[i]->dom, info, NULL))
            {
              yado_domain_info_free (info);
              continue; /* it vanished meanwhile; an event will say so */
            }
        }
      else
        {
          info->persistent = g_hash_table_contains (persistent, info->uuid);
          info->autostart = g_hash_table_contains (autostart, info->uuid);
          info->has_managed_save = g_hash_table_contains (saved, info->uuid);
        }
      g_ptr_array_add (infos, info);
    }
  virDomainStatsRecordListFree (records);
  return infos;
}

void
yado_domain_jobs_fetch_details (virConnectPtr conn, GPtrArray *infos)
{
  for (guint i = 0; i < infos->len; i++)
    {
      YadoDomainInfo *info = g_ptr_array_index (infos, i);
      virDomainPtr dom = virDomainLookupByUUIDString (conn, info->uuid);

      if (dom == NULL)
        {
          virResetLastError ();
          continue;
        }
      fill_details (dom, info);
      virDomainFree (dom);
    }
}

/* The guest agent shuts a guest down more reliably than ACPI (a locked
 * Windows screen ignores the power button), but only while it runs. */
static gboolean
has_connected_guest_agent (virDomainPtr dom)
{
  char *text = virDomainGetXMLDesc (dom, 0);
  gboolean connected = yado_guest_info_agent_connected_from_xml (text);

  free (text);
  virResetLastError ();
  return connected;
}

static int
run_lifecycle_call (virDomainPtr dom, YadoLifecycleOp op)
{
  switch (op)
    {
    case YADO_LIFECYCLE_START:
      return virDomainCreate (dom);
    case YADO_LIFECYCLE_PAUSE:
      return virDomainSuspend (dom);
    case YADO_LIFECYCLE_RESUME:
      return virDomainResume (dom);
    case YADO_LIFECYCLE_SHUTDOWN:
      /* Without an agent, flags 0 lets the hypervisor pick its usual
       * method (ACPI for QEMU); not every driver accepts the ACPI flag. */
      return virDomainShutdownFlags (dom, has_connected_guest_agent (dom)
                                     ? VIR_DOMAIN_SHUTDOWN_GUEST_AGENT : 0);
    case YADO_LIFECYCLE_REBOOT:
      return virDomainReboot (dom, 0);
    case YADO_LIFECYCLE_RESET:
      return virDomainReset (dom, 0);
    case YADO_LIFECYCLE_FORCE_OFF:
      return virDomainDestroy (dom);
    case YADO_LIFECYCLE_SAVE:
      return virDomainManagedSave (dom, 0);
    case YADO_LIFECYCLE_AUTOSTART_ON:
      return virDomainSetAutostart (dom, 1);
    case YADO_LIFECYCLE_AUTOSTART_OFF:
      return virDomainSetAutostart (dom, 0);
    default:
      g_assert_not_reached ();
    }
}

gboolean
yado_domain_jobs_lifecycle (virConnectPtr   conn,
                            const char     *uuid,
                            const char     *name,
                            YadoLifecycleOp op,
                            GError        **error)
{
  virDomainPtr dom = virDomainLookupByUUIDString (conn, uuid);
  int ret;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, "Could not find “%s”", name);
      return FALSE;
    }
  ret = run_lifecycle_call (dom, op);
  if (ret < 0)
    yado_error_set_from_libvirt (error, "Could not %s “%s”",
                                 yado_lifecycle_op_to_verb (op), name);
  virDomainFree (dom);
  return ret >= 0;
}

YadoGraphicsSocket *
yado_domain_jobs_open_graphics (virConnectPtr conn, const char *uuid, const char *name,
                                guint index, GCancellable *cancellable, GError **error)
{
  virDomainPtr dom = virDomainLookupByUUIDString (conn, uuid);
  YadoGraphicsSocket *socket;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, "Could not find “%s”", name);
      return NULL;
    }
  socket = yado_graphics_open (dom, index, name, cancellable, error);
  virDomainFree (dom);
  return socket;
}
