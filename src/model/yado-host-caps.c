/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-error.h"
#include "yado-host-caps.h"
#include "yado-worker.h"
#include "yado-xml.h"

/* Three small calls; QEMU answers domain capabilities from its cache. */
#define HOST_CAPS_TIMEOUT_MS (60 * 1000)

static void
machine_type_free (gpointer data)
{
  YadoMachineType *machine = data;

  g_free (machine->name);
  g_free (machine->alias);
  g_free (machine);
}

YadoHostCaps *
yado_host_caps_new (void)
{
  YadoHostCaps *caps = g_new0 (YadoHostCaps, 1);
  GPtrArray **lists[] = {
    &caps->cpu_models, &caps->disk_buses, &caps->video_models, &caps->sound_models,
    &caps->nic_models, &caps->graphics_types, &caps->tpm_models,
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    *lists[i] = g_ptr_array_new_with_free_func (g_free);
  caps->machines = g_ptr_array_new_with_free_func (machine_type_free);
  return caps;
}

void
yado_host_caps_free (YadoHostCaps *caps)
{
  if (caps == NULL)
    return;
  g_free (caps->arch);
  g_ptr_array_unref (caps->cpu_models);
  g_ptr_array_unref (caps->machines);
  g_ptr_array_unref (caps->disk_buses);
  g_ptr_array_unref (caps->video_models);
  g_ptr_array_unref (caps->sound_models);
  g_ptr_array_unref (caps->nic_models);
  g_ptr_array_unref (caps->graphics_types);
  g_ptr_array_unref (caps->tpm_models);
  g_free (caps);
}

gboolean
yado_host_caps_list_has (GPtrArray *list, const char *value)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    if (g_strcmp0 (g_ptr_array_index (list, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* ---- capabilities: the arch and its machine types ---- */

static YadoMachineType *
find_machine (GPtrArray *machines, const char *name)
{
  for (guint i = 0; i < machines->len; i++)
    {
      YadoMachineType *machine = g_ptr_array_index (machines, i);

      if (g_strcmp0 (machine->name, name) == 0)
        return machine;
    }
  return NULL;
}

static char *
prop (xmlNodePtr node, const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

/* One <machine>: a canonical name joins the list; an alias ("pc",
 * canonical='pc-i440fx-7.2') is noted on the machine it names. */
static void
add_machine (GPtrArray *machines, xmlNodePtr node)
{
  g_autofree char *name = (char *) xmlNodeGetContent (node);
  g_autofree char *canonical = prop (node, "canonical");
  g_autofree char *max_cpus = prop (node, "maxCpus");
  g_autofree char *deprecated = prop (node, "deprecated");
  const char *real = canonical ? canonical : name;
  YadoMachineType *machine;

  if (name == NULL || *name == '\0')
    return;
  machine = find_machine (machines, real);
  if (machine == NULL)
    {
      machine = g_new0 (YadoMachineType, 1);
      machine->name = g_strdup (real);
      g_ptr_array_add (machines, machine);
    }
  if (canonical != NULL && machine->alias == NULL)
    machine->alias = g_strdup (name);
  if (max_cpus != NULL)
    machine->max_cpus = (guint) g_ascii_strtoull (max_cpus, NULL, 10);
  if (canonical == NULL)
    machine->deprecated = g_strcmp0 (deprecated, "yes") == 0;
}

static void
add_machines (YadoHostCaps *caps, YadoXml *xml, const char *xpath)
{
  xmlXPathObjectPtr res = xmlXPathEvalExpression (BAD_CAST xpath, xml->ctx);

  if (res != NULL && res->nodesetval != NULL)
    for (int i = 0; i < res->nodesetval->nodeNr; i++)
      add_machine (caps->machines, res->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (res);
}

/* An XPath string literal of @value, which comes from the caller (an arch
 * or a virt type): it must not end the literal. */
static gboolean
safe_literal (const char *value)
{
  return value != NULL && strchr (value, '\'') == NULL;
}

gboolean
yado_host_caps_parse_capabilities (YadoHostCaps *caps, const char *text, const char *arch,
                                   const char *virttype, GError **error)
{
  g_autoptr(YadoXml) xml = yado_xml_parse (text);
  g_autofree char *guest = NULL;
  g_autofree char *xpath = NULL;

  if (xml == NULL || !yado_xml_has (xml, "/capabilities"))
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED,
                   _("The host's capabilities could not be read"));
      return FALSE;
    }
  g_free (caps->arch);
  caps->arch = arch ? g_strdup (arch) : yado_xml_get_string (xml, "/capabilities/host/cpu/arch");
  if (!safe_literal (caps->arch))
    return TRUE;
  guest = g_strdup_printf ("/capabilities/guest[os_type='hvm']/arch[@name='%s']", caps->arch);
  /* The emulator's own machines, then those only a virt type has (KVM). */
  xpath = g_strdup_printf ("%s/machine", guest);
  add_machines (caps, xml, xpath);
  g_free (xpath);
  if (safe_literal (virttype))
    xpath = g_strdup_printf ("%s/domain[@type='%s']/machine", guest, virttype);
  else
    xpath = g_strdup_printf ("%s/domain/machine", guest);
  add_machines (caps, xml, xpath);
  return TRUE;
}

/* ---- domain capabilities ---- */

static void
get_values (YadoXml *xml, const char *xpath, GPtrArray *out)
{
  g_ptr_array_set_size (out, 0);
  yado_xml_get_strings (xml, xpath, out);
}

gboolean
yado_host_caps_parse_domcaps (YadoHostCaps *caps, const char *text, GError **error)
{
  g_autoptr(YadoXml) xml = yado_xml_parse (text);

  if (xml == NULL || !yado_xml_has (xml, "/domainCapabilities"))
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED,
                   _("The host's domain capabilities could not be read"));
      return FALSE;
    }
  caps->has_domcaps = TRUE;
  caps->host_passthrough = yado_xml_has (
    xml, "/domainCapabilities/cpu/mode[@name='host-passthrough'][@supported='yes']");
  caps->host_model = yado_xml_has (
    xml, "/domainCapabilities/cpu/mode[@name='host-model'][@supported='yes']");
  get_values (xml, "/domainCapabilities/cpu/mode[@name='custom'][@supported='yes']"
                   "/model[@usable='yes']", caps->cpu_models);

  /* UEFI: listed as a firmware (libvirt ≥ 8.x with firmware descriptors),
   * or as loader paths (older, or descriptors missing). */
  caps->efi = yado_xml_has (xml, "/domainCapabilities/os[@supported='yes']"
                                 "/enum[@name='firmware']/value[.='efi']")
           || yado_xml_has (xml, "/domainCapabilities/os[@supported='yes']/loader/value");
  caps->secure_boot = caps->efi
    && yado_xml_has (xml, "/domainCapabilities/os/loader/enum[@name='secure']/value[.='yes']");

#define DEVICE_ENUM(dev, name) \
  "/domainCapabilities/devices/" dev "[@supported='yes']/enum[@name='" name "']/value"
  get_values (xml, DEVICE_ENUM ("disk", "bus"), caps->disk_buses);
  get_values (xml, DEVICE_ENUM ("video", "modelType"), caps->video_models);
  get_values (xml, DEVICE_ENUM ("graphics", "type"), caps->graphics_types);
  get_values (xml, DEVICE_ENUM ("tpm", "model"), caps->tpm_models);
  /* Newer libvirt lists sound models; 9.0 does not. */
  get_values (xml, DEVICE_ENUM ("sound", "model"), caps->sound_models);
#undef DEVICE_ENUM
  return TRUE;
}

static void
fill_if_empty (GPtrArray *list, const char *const *values)
{
  if (list->len > 0)
    return;
  for (guint i = 0; values[i] != NULL; i++)
    g_ptr_array_add (list, g_strdup (values[i]));
}

void
yado_host_caps_add_defaults (YadoHostCaps *caps)
{
  static const char *const disk_buses[] = { "virtio", "sata", "scsi", "ide", "usb", "fdc", NULL };
  static const char *const video[] = { "virtio", "qxl", "vga", "bochs", "ramfb", "none", NULL };
  static const char *const sound[] = { "ich9", "ich6", "ac97", "usb", NULL };
  static const char *const nics[] = { "virtio", "e1000e", "e1000", "rtl8139", NULL };
  static const char *const graphics[] = { "spice", "vnc", NULL };
  static const char *const tpm[] = { "tpm-crb", "tpm-tis", NULL };

  fill_if_empty (caps->disk_buses, disk_buses);
  fill_if_empty (caps->video_models, video);
  fill_if_empty (caps->sound_models, sound);
  fill_if_empty (caps->nic_models, nics);
  fill_if_empty (caps->graphics_types, graphics);
  fill_if_empty (caps->tpm_models, tpm);
}

/* ---- on the worker ---- */

typedef struct {
  virConnectPtr conn;
  char         *emulator;
  char         *arch;
  char         *machine;
  char         *virttype;
} HostCapsJob;

static void
host_caps_job_free (gpointer data)
{
  HostCapsJob *job = data;

  virConnectClose (job->conn);
  g_free (job->emulator);
  g_free (job->arch);
  g_free (job->machine);
  g_free (job->virttype);
  g_free (job);
}

static gpointer
host_caps_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  HostCapsJob *job = data;
  g_autoptr(YadoHostCaps) caps = yado_host_caps_new ();
  virNodeInfo info = { 0 };
  char *xml;

  if (virNodeGetInfo (job->conn, &info) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not read the host's CPUs and memory"));
      return NULL;
    }
  caps->cpus = info.cpus;
  caps->memory_kib = info.memory;
  xml = virConnectGetCapabilities (job->conn);
  if (xml == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read the host's capabilities"));
      return NULL;
    }
  if (!yado_host_caps_parse_capabilities (caps, xml, job->arch, job->virttype, error))
    {
      free (xml);
      return NULL;
    }
  free (xml);
  /* Not every driver has them (the test driver), nor every emulator for
   * every arch: without them, what the capabilities said is all we know. */
  xml = virConnectGetDomainCapabilities (job->conn, job->emulator, caps->arch, job->machine,
                                         job->virttype, 0);
  if (xml == NULL)
    {
      g_debug ("No domain capabilities: %s", virGetLastErrorMessage ());
      virResetLastError ();
    }
  else if (!yado_host_caps_parse_domcaps (caps, xml, NULL))
    g_debug ("Unreadable domain capabilities");
  free (xml);
  yado_host_caps_add_defaults (caps);
  return g_steal_pointer (&caps);
}

void
yado_connection_fetch_host_caps_async (YadoConnection *connection, const char *emulator,
                                       const char *arch, const char *machine,
                                       const char *virttype, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);
  virConnectPtr conn = yado_connection_ref_handle (connection);
  HostCapsJob *job;

  g_task_set_source_tag (task, yado_connection_fetch_host_caps_async);
  if (conn == NULL)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("The connection is not open"));
      return;
    }
  job = g_new0 (HostCapsJob, 1);
  job->conn = conn;
  job->emulator = g_strdup (emulator);
  job->arch = g_strdup (arch);
  job->machine = g_strdup (machine);
  job->virttype = g_strdup (virttype);
  yado_worker_submit (yado_connection_get_ops_worker (connection), task, host_caps_job_run,
                      job, host_caps_job_free, (GDestroyNotify) yado_host_caps_free,
                      HOST_CAPS_TIMEOUT_MS);
}

YadoHostCaps *
yado_connection_fetch_host_caps_finish (YadoConnection *connection, GAsyncResult *result,
                                        GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

YadoHostCaps *
yado_connection_fetch_host_caps_sync (YadoConnection *connection, const char *emulator,
                                      const char *arch, const char *machine,
                                      const char *virttype, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_connection_fetch_host_caps_async (connection, emulator, arch, machine, virttype, NULL,
                                         yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_connection_fetch_host_caps_finish (connection, result, error);
}
