/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "yado-domain-private.h"
#include "yado-error.h"
#include "yado-guest-info.h"
#include "yado-xml.h"

/* How long libvirt waits for the agent's answer. A hung agent would
 * otherwise hold the ops worker (and every action queued behind it) for
 * good: libvirt's default is to wait forever. */
#define AGENT_TIMEOUT_S 5
/* The live XML, the agent (twice at worst, see ask_agent) and a margin. */
#define FETCH_TIMEOUT_MS ((2 * AGENT_TIMEOUT_S + 5) * 1000)

/* An enum value, not a macro: check the version that brought it. */
#if LIBVIR_CHECK_VERSION (7, 10, 0)
#define INTERFACES VIR_DOMAIN_GUEST_INFO_INTERFACES
#else
#define INTERFACES 0
#endif

#define GUEST_INFO_TYPES (VIR_DOMAIN_GUEST_INFO_OS | VIR_DOMAIN_GUEST_INFO_HOSTNAME \
                          | VIR_DOMAIN_GUEST_INFO_TIMEZONE                        \
                          | VIR_DOMAIN_GUEST_INFO_FILESYSTEM | INTERFACES)

static void
filesystem_free (YadoGuestFilesystem *fs)
{
  g_free (fs->mountpoint);
  g_free (fs->type);
  g_free (fs);
}

YadoGuestInfo *
yado_guest_info_new (void)
{
  YadoGuestInfo *info = g_new0 (YadoGuestInfo, 1);

  info->ip_addresses = g_ptr_array_new_with_free_func (g_free);
  info->filesystems = g_ptr_array_new_with_free_func ((GDestroyNotify) filesystem_free);
  return info;
}

void
yado_guest_info_free (YadoGuestInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->os_name);
  g_free (info->hostname);
  g_free (info->timezone);
  g_ptr_array_unref (info->ip_addresses);
  g_ptr_array_unref (info->filesystems);
  g_free (info);
}

/* ---- reading the typed parameters ---- */

static char *
get_string (virTypedParameterPtr params, int nparams, const char *name)
{
  const char *value = NULL;

  if (virTypedParamsGetString (params, nparams, name, &value) != 1
      || value == NULL || *value == '\0')
    return NULL;
  return g_strdup (value);
}

/* Sizes and counts come as one integer type or another depending on the
 * field (and libvirt's version): take any. */
static gboolean
get_number (virTypedParameterPtr params, int nparams, const char *name, guint64 *out)
{
  virTypedParameterPtr param = virTypedParamsGet (params, nparams, name);

  if (param == NULL)
    return FALSE;
  switch (param->type)
    {
    case VIR_TYPED_PARAM_INT: *out = MAX (param->value.i, 0); return TRUE;
    case VIR_TYPED_PARAM_UINT: *out = param->value.ui; return TRUE;
    case VIR_TYPED_PARAM_LLONG: *out = MAX (param->value.l, 0); return TRUE;
    case VIR_TYPED_PARAM_ULLONG: *out = param->value.ul; return TRUE;
    default: return FALSE;
    }
}

/* How many "@prefix.<n>." groups there are: "@prefix.count" when given,
 * else as long as "@prefix.<n>.@probe" exists. */
static guint
count_groups (virTypedParameterPtr params, int nparams, const char *prefix, const char *probe)
{
  g_autofree char *count_name = g_strdup_printf ("%s.count", prefix);
  guint64 count = 0;

  /* No more groups than parameters, whatever a confused agent counts. */
  if (get_number (params, nparams, count_name, &count))
    return (guint) MIN (count, (guint64) MAX (nparams, 0));
  for (;;)
    {
      g_autofree char *name = g_strdup_printf ("%s.%" G_GUINT64_FORMAT ".%s", prefix,
                                               count, probe);

      if (virTypedParamsGet (params, nparams, name) == NULL)
        return (guint) count;
      count++;
    }
}

static void
read_filesystems (virTypedParameterPtr params, int nparams, GPtrArray *out)
{
  guint n = count_groups (params, nparams, "fs", "mountpoint");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *mountpoint = g_strdup_printf ("fs.%u.mountpoint", i);
      g_autofree char *type = g_strdup_printf ("fs.%u.fstype", i);
      g_autofree char *used = g_strdup_printf ("fs.%u.used-bytes", i);
      g_autofree char *total = g_strdup_printf ("fs.%u.total-bytes", i);
      YadoGuestFilesystem *fs;

      if (virTypedParamsGet (params, nparams, mountpoint) == NULL)
        continue;
      fs = g_new0 (YadoGuestFilesystem, 1);
      fs->mountpoint = get_string (params, nparams, mountpoint);
      fs->type = get_string (params, nparams, type);
      get_number (params, nparams, used, &fs->used_bytes);
      get_number (params, nparams, total, &fs->total_bytes);
      g_ptr_array_add (out, fs);
    }
}

/* Loopback addresses say nothing about how to reach the guest. */
static gboolean
is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

/* Appends "NAME ADDRESS/PREFIX" for each address of interface @i. */
static void
read_interface (virTypedParameterPtr params, int nparams, guint i, GPtrArray *out)
{
  g_autofree char *name_key = g_strdup_printf ("if.%u.name", i);
  g_autofree char *prefix = g_strdup_printf ("if.%u.addr", i);
  g_autofree char *name = get_string (params, nparams, name_key);
  guint n = count_groups (params, nparams, prefix, "addr");

  for (guint j = 0; j < n; j++)
    {
      g_autofree char *addr_key = g_strdup_printf ("%s.%u.addr", prefix, j);
      g_autofree char *prefix_key = g_strdup_printf ("%s.%u.prefix", prefix, j);
      g_autofree char *address = get_string (params, nparams, addr_key);
      guint64 length;

      if (address == NULL || is_loopback (address))
        continue;
      if (get_number (params, nparams, prefix_key, &length))
        g_ptr_array_add (out, g_strdup_printf ("%s %s/%" G_GUINT64_FORMAT,
                                               name != NULL ? name : "?", address, length));
      else
        g_ptr_array_add (out, g_strdup_printf ("%s %s", name != NULL ? name : "?", address));
    }
}

YadoGuestInfo *
yado_guest_info_from_params (virTypedParameterPtr params, int nparams)
{
  YadoGuestInfo *info = yado_guest_info_new ();
  guint n_interfaces = count_groups (params, nparams, "if", "name");

  info->agent_connected = TRUE;
  info->os_name = get_string (params, nparams, "os.pretty-name");
  if (info->os_name == NULL)
    info->os_name = get_string (params, nparams, "os.name");
  info->hostname = get_string (params, nparams, "hostname");
  info->timezone = get_string (params, nparams, "timezone.name");
  read_filesystems (params, nparams, info->filesystems);
  for (guint i = 0; i < n_interfaces; i++)
    read_interface (params, nparams, i, info->ip_addresses);
  return info;
}

gboolean
yado_guest_info_agent_connected_from_xml (const char *live_xml)
{
  g_autoptr(YadoXml) xml = yado_xml_parse (live_xml);

  return xml != NULL
         && yado_xml_has (xml, "/domain/devices/channel/target[@type='virtio']"
                               "[@name='org.qemu.guest_agent.0'][@state='connected']");
}

/* ---- on the worker ---- */

/* Asks the agent for what the view shows. An agent that lacks one of the
 * commands fails the call when the types are named: then take whatever it
 * has (types 0), unless it did not answer at all. */
static gboolean
ask_agent (virDomainPtr dom, virTypedParameterPtr *params, int *nparams)
{
  virErrorPtr error;

  if (virDomainGetGuestInfo (dom, GUEST_INFO_TYPES, params, nparams, 0) == 0)
    return TRUE;
  error = virGetLastError ();
  if (error != NULL && error->code == VIR_ERR_AGENT_UNRESPONSIVE)
    return FALSE;
  return virDomainGetGuestInfo (dom, 0, params, nparams, 0) == 0;
}

static YadoGuestInfo *
fetch (virDomainPtr dom, const char *name, GError **error)
{
  char *xml = virDomainGetXMLDesc (dom, 0);
  virTypedParameterPtr params = NULL;
  int nparams = 0;
  gboolean connected;
  YadoGuestInfo *info;

  if (xml == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read “%s”"), name);
      return NULL;
    }
  connected = yado_guest_info_agent_connected_from_xml (xml);
  free (xml);
  if (!connected)
    return yado_guest_info_new ();
  /* Not every driver has agent time-outs: ask anyway. */
  if (virDomainAgentSetResponseTimeout (dom, AGENT_TIMEOUT_S, 0) < 0)
    virResetLastError ();
  if (!ask_agent (dom, &params, &nparams))
    {
      yado_error_set_from_libvirt (error, _("Could not ask the guest agent of “%s”"), name);
      return NULL;
    }
  info = yado_guest_info_from_params (params, nparams);
  virTypedParamsFree (params, nparams);
  return info;
}

static gpointer
fetch_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  YadoGuestInfo *info;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read “%s”"), job->name);
      return NULL;
    }
  info = fetch (dom, job->name, error);
  virDomainFree (dom);
  return info;
}

void
yado_domain_fetch_guest_info_async (YadoDomain         *domain,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (domain, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_domain_fetch_guest_info_async);
  yado_domain_submit_job (domain, task, fetch_job_run, g_new0 (YadoDomainJob, 1),
                          (GDestroyNotify) yado_guest_info_free, FETCH_TIMEOUT_MS,
                          _("ask the guest agent of"));
}

YadoGuestInfo *
yado_domain_fetch_guest_info_finish (YadoDomain *domain, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

YadoGuestInfo *
yado_domain_fetch_guest_info_sync (YadoDomain *domain, GCancellable *cancellable, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_domain_fetch_guest_info_async (domain, cancellable, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_domain_fetch_guest_info_finish (domain, result, error);
}

/* ---- a NIC's addresses, from the host's side ---- */

/* Adds what @source knows to @table (MAC → "a/24, b/64"). */
static gboolean
add_addresses (virDomainPtr dom, unsigned int source, GHashTable *table)
{
  virDomainInterfacePtr *ifaces = NULL;
  int n = virDomainInterfaceAddresses (dom, &ifaces, source, 0);

  if (n < 0)
    {
      virResetLastError ();
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (unsigned int j = 0; j < ifaces[i]->naddrs; j++)
        g_string_append_printf (text, "%s%s/%u", j ? ", " : "", ifaces[i]->addrs[j].addr,
                                ifaces[i]->addrs[j].prefix);
      if (ifaces[i]->hwaddr != NULL && text->len > 0)
        g_hash_table_insert (table, g_ascii_strdown (ifaces[i]->hwaddr, -1),
                             g_string_free (g_steal_pointer (&text), FALSE));
      virDomainInterfaceFree (ifaces[i]);
    }
  free (ifaces);
  return n > 0;
}

static gpointer
addresses_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  GHashTable *table;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read “%s”"), job->name);
      return NULL;
    }
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The DHCP leases of libvirt's networks, else the host's ARP table:
   * neither waits on the guest. */
  if (!add_addresses (dom, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, table))
    add_addresses (dom, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, table);
  virDomainFree (dom);
  return table;
}

void
yado_domain_fetch_addresses_async (YadoDomain *domain, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (domain, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_domain_fetch_addresses_async);
  yado_domain_submit_job (domain, task, addresses_job_run, g_new0 (YadoDomainJob, 1),
                          (GDestroyNotify) g_hash_table_unref, FETCH_TIMEOUT_MS,
                          _("read the addresses of"));
}

GHashTable *
yado_domain_fetch_addresses_finish (YadoDomain *domain, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
