/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "yado-connection-private.h"
#include "yado-domain-edit.h"
#include "yado-domain-private.h"
#include "yado-error.h"
#include "yado-xml.h"

/* Defining and live changes are quick; a device detach waits for the
 * guest, which libvirt bounds itself (5 s for QEMU). */
#define EDIT_TIMEOUT_MS 60000

/* ---- building an edit ---- */

static void
live_change_free (gpointer data)
{
  YadoLiveChange *change = data;

  g_free (change->label);
  g_free (change->xml);
  g_free (change->old_xml);
  g_free (change->text);
  g_free (change);
}

static YadoLiveChange *
add_live (YadoDomainEdit *edit, YadoLiveChangeKind kind, const char *label)
{
  YadoLiveChange *change = g_new0 (YadoLiveChange, 1);

  change->kind = kind;
  change->label = g_strdup (label);
  g_ptr_array_add (edit->live, change);
  return change;
}

static void
add_text_changes (YadoDomainEdit *edit, xmlNodePtr before, xmlNodePtr after)
{
  static const struct { const char *element; YadoLiveChangeKind kind; } texts[] = {
    { "title", YADO_LIVE_TITLE }, { "description", YADO_LIVE_DESCRIPTION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *old = yado_xml_node_get (before, texts[i].element);
      g_autofree char *new = yado_xml_node_get (after, texts[i].element);

      if (g_strcmp0 (old, new) != 0)
        add_live (edit, texts[i].kind, texts[i].element)->text = g_steal_pointer (&new);
    }
}

static void
add_device_changes (YadoDomainEdit *edit, YadoDomainConfig *before, YadoDomainConfig *after)
{
  for (guint i = 0; i < yado_domain_config_get_n_devices (after); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (after, i);
      xmlNodePtr old = yado_domain_config_find_device (before, yado_device_get_id (device));
      g_autofree char *label = yado_device_get_label (after, device);
      g_autofree char *xml = yado_device_to_xml (device);
      g_autofree char *old_xml = old ? yado_device_to_xml (old) : NULL;

      if (old == NULL)
        add_live (edit, YADO_LIVE_ATTACH_DEVICE, label)->xml = g_steal_pointer (&xml);
      else if (g_strcmp0 (xml, old_xml) != 0)
        {
          YadoLiveChange *change = add_live (edit, YADO_LIVE_UPDATE_DEVICE, label);

          change->xml = g_steal_pointer (&xml);
          change->old_xml = g_steal_pointer (&old_xml);
        }
    }
  for (guint i = 0; i < yado_domain_config_get_n_devices (before); i++)
    {
      xmlNodePtr old = yado_domain_config_get_device (before, i);
      g_autofree char *label = NULL;

      if (yado_domain_config_find_device (after, yado_device_get_id (old)) != NULL)
        continue;
      label = yado_device_get_label (before, old);
      add_live (edit, YADO_LIVE_DETACH_DEVICE, label)->xml = yado_device_to_xml (old);
    }
}

static void
add_resource_changes (YadoDomainEdit *edit, YadoDomainConfig *before, YadoDomainConfig *after)
{
  guint64 memory = yado_domain_config_get_current_memory_kib (after);
  guint vcpus = yado_domain_config_get_current_vcpus (after);

  if (memory != yado_domain_config_get_current_memory_kib (before))
    add_live (edit, YADO_LIVE_MEMORY, _("Memory"))->value = memory;
  if (vcpus != yado_domain_config_get_current_vcpus (before))
    add_live (edit, YADO_LIVE_VCPUS, _("vCPUs"))->value = vcpus;
}

YadoDomainEdit *
yado_domain_edit_new (YadoDomainConfig *before, YadoDomainConfig *after, gboolean running)
{
  YadoDomainEdit *edit = g_new0 (YadoDomainEdit, 1);
  xmlNodePtr root = yado_domain_config_get_root (after);
  g_autofree char *old_xml = yado_domain_config_to_xml (before);
  g_autofree char *new_xml = yado_domain_config_to_xml (after);
  g_autofree char *old_name = yado_xml_node_get (yado_domain_config_get_root (before), "name");
  g_autofree char *new_name = yado_xml_node_get (root, "name");

  edit->live = g_ptr_array_new_with_free_func (live_change_free);
  if (g_strcmp0 (old_name, new_name) != 0)
    {
      g_autoptr(YadoDomainConfig) same_name = yado_domain_config_copy (after);

      /* Defining under another name would make a second VM: define under
       * the old name, then rename. */
      yado_xml_node_set (yado_domain_config_get_root (same_name), "name", old_name);
      g_free (new_xml);
      new_xml = yado_domain_config_to_xml (same_name);
      edit->new_name = g_steal_pointer (&new_name);
    }
  if (g_strcmp0 (old_xml, new_xml) != 0)
    edit->config_xml = g_steal_pointer (&new_xml);
  if (running && edit->config_xml != NULL)
    {
      add_resource_changes (edit, before, after);
      add_text_changes (edit, yado_domain_config_get_root (before), root);
      add_device_changes (edit, before, after);
    }
  return edit;
}

gboolean
yado_domain_edit_is_empty (YadoDomainEdit *edit)
{
  return edit->config_xml == NULL && edit->new_name == NULL;
}

void
yado_domain_edit_free (YadoDomainEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->config_xml);
  g_free (edit->new_name);
  g_ptr_array_unref (edit->live);
  g_free (edit);
}

static YadoDomainEdit *
edit_copy (YadoDomainEdit *edit)
{
  YadoDomainEdit *copy = g_new0 (YadoDomainEdit, 1);

  copy->config_xml = g_strdup (edit->config_xml);
  copy->new_name = g_strdup (edit->new_name);
  copy->live = g_ptr_array_new_with_free_func (live_change_free);
  for (guint i = 0; i < edit->live->len; i++)
    {
      YadoLiveChange *from = g_ptr_array_index (edit->live, i);
      YadoLiveChange *to = add_live (copy, from->kind, from->label);

      to->xml = g_strdup (from->xml);
      to->old_xml = g_strdup (from->old_xml);
      to->text = g_strdup (from->text);
      to->value = from->value;
    }
  return copy;
}

/* ---- applying it (worker thread) ---- */

static int
run_live_change (virDomainPtr dom, YadoLiveChange *change)
{
  const unsigned int live = VIR_DOMAIN_AFFECT_LIVE;

  switch (change->kind)
    {
    case YADO_LIVE_MEMORY:
      return virDomainSetMemoryFlags (dom, change->value, live);
    case YADO_LIVE_VCPUS:
      return virDomainSetVcpusFlags (dom, change->value, live);
    case YADO_LIVE_UPDATE_DEVICE:
      return virDomainUpdateDeviceFlags (dom, change->xml, live);
    case YADO_LIVE_ATTACH_DEVICE:
      return virDomainAttachDeviceFlags (dom, change->xml, live);
    case YADO_LIVE_DETACH_DEVICE:
      return virDomainDetachDeviceFlags (dom, change->xml, live);
    case YADO_LIVE_TITLE:
      return virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_TITLE, change->text, NULL, NULL, live);
    case YADO_LIVE_DESCRIPTION:
      return virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_DESCRIPTION, change->text, NULL, NULL,
                                   live);
    default:
      g_assert_not_reached ();
    }
}

static char *live_update_xml (virDomainPtr dom, YadoLiveChange *change);
static guint count_running_devices (virDomainPtr dom, const char *xml);

/* A device update libvirt refused as the next boot has the device may
 * have been refused for another change of it that waits for the next
 * boot (a NIC's model, a disk's cache: libvirt refuses those live), not
 * for this one (a link state). Tries again with the running device and
 * only what this edit changed, so that what can change live does. */
static gboolean
retry_on_running_device (virDomainPtr dom, YadoLiveChange *change)
{
  g_autofree char *xml = NULL;

  if (change->kind != YADO_LIVE_UPDATE_DEVICE || change->old_xml == NULL)
    return FALSE;
  xml = live_update_xml (dom, change);
  if (xml != NULL && virDomainUpdateDeviceFlags (dom, xml, VIR_DOMAIN_AFFECT_LIVE) == 0)
    return TRUE;
  virResetLastError ();
  return FALSE;
}

static char *
last_libvirt_message (void)
{
  const virError *err = virGetLastError ();
  char *message = g_strdup (err && err->message ? err->message : _("unknown error"));

  virResetLastError ();
  return message;
}

static gpointer
apply_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  YadoDomainEdit *edit = job->data;
  GPtrArray *not_live = g_ptr_array_new_with_free_func (g_free);
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  gboolean active;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not find “%s”"), job->name);
      g_ptr_array_unref (not_live);
      return NULL;
    }
  if (edit->config_xml != NULL)
    {
      virDomainPtr defined = virDomainDefineXMLFlags (job->conn, edit->config_xml,
                                                      VIR_DOMAIN_DEFINE_VALIDATE);

      if (defined == NULL)
        {
          yado_error_set_from_libvirt (error, _("The change to “%s” was not accepted"), job->name);
          virDomainFree (dom);
          g_ptr_array_unref (not_live);
          return NULL;
        }
      virDomainFree (defined);
    }
  active = virDomainIsActive (dom) == 1;
  for (guint i = 0; active && i < edit->live->len; i++)
    {
      YadoLiveChange *change = g_ptr_array_index (edit->live, i);

      if (run_live_change (dom, change) < 0)
        {
          g_autofree char *message = last_libvirt_message ();

          if (retry_on_running_device (dom, change))
            continue;
          g_ptr_array_add (not_live, g_strdup_printf ("%s: %s", change->label, message));
        }
    }
  if (edit->new_name != NULL && virDomainRename (dom, edit->new_name, 0) < 0)
    {
      yado_error_set_from_libvirt (error, _("Could not rename “%s” to “%s”"), job->name,
                                   edit->new_name);
      g_clear_pointer (&not_live, g_ptr_array_unref);
    }
  virDomainFree (dom);
  return not_live;
}

/* Reads the domain again once a job changed it: not every driver sends
 * an event for every change. */
static void
refresh (YadoDomain *domain)
{
  YadoConnection *connection = yado_domain_get_connection (domain);

  if (connection != NULL)
    _yado_connection_refresh_domain (connection, yado_domain_get_uuid (domain));
}

/* How the outer task frees a result its caller never took. */
typedef struct {
  GDestroyNotify func;
} ResultFree;

static void
on_job_done_refresh (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  ResultFree *result_free = g_task_get_task_data (outer);

  refresh (YADO_DOMAIN (source));
  if (value == NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, value, result_free->func);
}

/* Runs @func on the ops worker with @data; refreshes the domain after. */
static void
submit (YadoDomain *domain, gpointer source_tag, YadoJobFunc func, gpointer data,
        GDestroyNotify data_free, GDestroyNotify result_free, const char *what,
        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *outer = g_task_new (domain, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  YadoDomainJob *job = g_new0 (YadoDomainJob, 1);
  ResultFree *free_result = g_new0 (ResultFree, 1);

  g_task_set_source_tag (outer, source_tag);
  g_task_set_check_cancellable (outer, FALSE);

  free_result->func = result_free;
  g_task_set_task_data (outer, free_result, g_free);
  job->data = data;
  job->data_free = data_free;
  inner = g_task_new (domain, cancellable, on_job_done_refresh, outer);
  yado_domain_submit_job (domain, inner, func, job, result_free, EDIT_TIMEOUT_MS, what);
}

void
yado_domain_apply_edit_async (YadoDomain *domain, YadoDomainEdit *edit,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  submit (domain, yado_domain_apply_edit_async, apply_job_run, edit_copy (edit),
          (GDestroyNotify) yado_domain_edit_free, (GDestroyNotify) g_ptr_array_unref,
          _("change"), cancellable, callback, user_data);
}

GPtrArray *
yado_domain_apply_edit_finish (YadoDomain *domain, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
yado_domain_apply_edit_sync (YadoDomain *domain, YadoDomainEdit *edit, GError **error)
{
  GAsyncResult *slot = NULL;

  yado_domain_apply_edit_async (domain, edit, NULL, yado_sync_result_cb, &slot);
  return yado_domain_apply_edit_finish (domain, yado_sync_result_wait (&slot), error);
}

/* ---- reading both definitions ---- */

void
yado_domain_xml_free (YadoDomainXml *xml)
{
  if (xml == NULL)
    return;
  g_free (xml->inactive);
  g_free (xml->live);
  g_free (xml);
}

static char *
get_xml (virDomainPtr dom, unsigned int flags)
{
  char *text = virDomainGetXMLDesc (dom, flags | VIR_DOMAIN_XML_SECURE);
  char *copy;

  /* A read-only connection may not see secrets: it cannot define either. */
  if (text == NULL)
    {
      virResetLastError ();
      text = virDomainGetXMLDesc (dom, flags);
    }
  copy = g_strdup (text);
  free (text);
  return copy;
}

static gpointer
fetch_xml_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  YadoDomainXml *xml;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not find “%s”"), job->name);
      return NULL;
    }
  xml = g_new0 (YadoDomainXml, 1);
  xml->inactive = get_xml (dom, VIR_DOMAIN_XML_INACTIVE);
  if (xml->inactive == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not read the definition of “%s”"), job->name);
      yado_domain_xml_free (xml);
      virDomainFree (dom);
      return NULL;
    }
  if (virDomainIsActive (dom) == 1)
    xml->live = get_xml (dom, 0);
  virResetLastError ();
  virDomainFree (dom);
  return xml;
}

void
yado_domain_fetch_xml_async (YadoDomain *domain, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (domain, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_domain_fetch_xml_async);
  yado_domain_submit_job (domain, task, fetch_xml_job_run, g_new0 (YadoDomainJob, 1),
                          (GDestroyNotify) yado_domain_xml_free, EDIT_TIMEOUT_MS,
                          _("read the definition of"));
  g_object_unref (task);
}

YadoDomainXml *
yado_domain_fetch_xml_finish (YadoDomain *domain, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

YadoDomainXml *
yado_domain_fetch_xml_sync (YadoDomain *domain, GError **error)
{
  GAsyncResult *slot = NULL;

  yado_domain_fetch_xml_async (domain, NULL, yado_sync_result_cb, &slot);
  return yado_domain_fetch_xml_finish (domain, yado_sync_result_wait (&slot), error);
}

/* ---- the XML tab: a whole new definition ---- */

static gpointer
define_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  virDomainPtr defined = virDomainDefineXMLFlags (job->conn, job->data,
                                                  VIR_DOMAIN_DEFINE_VALIDATE);
  g_autofree char *uuid = NULL;
  char buffer[VIR_UUID_STRING_BUFLEN];

  if (defined == NULL)
    {
      g_autofree char *message = last_libvirt_message ();

      /* libvirt's words alone: the XML tab says whose they are. */
      g_set_error_literal (error, YADO_ERROR, YADO_ERROR_INVALID, message);
      return NULL;
    }
  /* Another UUID would have made another VM: undo it. */
  if (virDomainGetUUIDString (defined, buffer) == 0 && g_strcmp0 (buffer, job->uuid) != 0)
    {
      virDomainUndefine (defined);
      virDomainFree (defined);
      g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                   _("The XML names another virtual machine (its UUID is not %s’s)"), job->name);
      return NULL;
    }
  virDomainFree (defined);
  return GINT_TO_POINTER (1);
}

void
yado_domain_define_xml_async (YadoDomain *domain, const char *xml, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  submit (domain, yado_domain_define_xml_async, define_job_run, g_strdup (xml), g_free, NULL,
          _("change"), cancellable, callback, user_data);
}

gboolean
yado_domain_define_xml_finish (YadoDomain *domain, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/* ---- one device at once ---- */

typedef struct {
  char    *xml;
  gboolean attach;
} DeviceJob;

static void
device_job_free (gpointer data)
{
  DeviceJob *device = data;

  g_free (device->xml);
  g_free (device);
}

/* Some drivers (the test driver) have no attach or detach at all, and
 * QEMU's takes some devices (graphics, video, panic) only in a new
 * definition: add or remove the device in the XML and define that, as
 * virt-manager does for every device. */
static gboolean
change_definition (virConnectPtr conn, virDomainPtr dom, DeviceJob *device, GError **error)
{
  const virError *err = virGetLastError ();
  int code = err ? err->code : VIR_ERR_OK;
  g_autofree char *message = last_libvirt_message ();
  g_autofree char *xml = get_xml (dom, VIR_DOMAIN_XML_INACTIVE);
  g_autoptr(YadoDomainConfig) config = xml ? yado_domain_config_new (xml, NULL) : NULL;
  g_autofree char *new_xml = NULL;
  xmlNodePtr found = NULL;
  virDomainPtr defined;

  if (code != VIR_ERR_NO_SUPPORT && code != VIR_ERR_OPERATION_UNSUPPORTED
      && code != VIR_ERR_CONFIG_UNSUPPORTED)
    config = NULL;
  for (guint i = 0; config != NULL && !device->attach
                    && i < yado_domain_config_get_n_devices (config); i++)
    {
      g_autofree char *candidate = yado_device_to_xml (yado_domain_config_get_device (config, i));

      if (g_strcmp0 (candidate, device->xml) == 0)
        found = yado_domain_config_get_device (config, i);
    }
  if (config == NULL || (device->attach ? yado_domain_config_add_device (config, device->xml,
                                                                         NULL) == NULL
                                        : found == NULL))
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED, "%s: %s",
                   device->attach ? _("Could not add the device")
                                  : _("Could not remove the device"), message);
      return FALSE;
    }
  if (found != NULL)
    yado_domain_config_remove_device (config, found);
  new_xml = yado_domain_config_to_xml (config);
  defined = virDomainDefineXMLFlags (conn, new_xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (defined == NULL)
    {
      yado_error_set_from_libvirt (error, "%s", device->attach ? _("Could not add the device")
                                                               : _("Could not remove the device"));
      return FALSE;
    }
  virDomainFree (defined);
  return TRUE;
}

static gpointer
device_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  DeviceJob *device = job->data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  int (*call) (virDomainPtr, const char *, unsigned int)
    = device->attach ? virDomainAttachDeviceFlags : virDomainDetachDeviceFlags;
  char *live_error = NULL;
  guint n_running = 0;

  if (dom == NULL)
    {
      yado_error_set_from_libvirt (error, _("Could not find “%s”"), job->name);
      return NULL;
    }
  if (call (dom, device->xml, VIR_DOMAIN_AFFECT_CONFIG) < 0
      && !change_definition (job->conn, dom, device, error))
    {
      virDomainFree (dom);
      return NULL;
    }
  if (virDomainIsActive (dom) == 1)
    {
      /* A detach libvirt accepts may still wait for the guest: a PCI
       * device goes when the guest lets it go (ACPI hot unplug), and
       * libvirt returns after 5 s without it. So count the running
       * devices it names before and after. */
      if (!device->attach)
        n_running = count_running_devices (dom, device->xml);
      if (call (dom, device->xml, VIR_DOMAIN_AFFECT_LIVE) < 0)
        live_error = last_libvirt_message ();
      else if (n_running > 0 && count_running_devices (dom, device->xml) == n_running)
        live_error = g_strdup (_("the guest has not let it go yet"));
    }
  virDomainFree (dom);
  /* "" : both took it. */
  return live_error ? live_error : g_strdup ("");
}

void
yado_domain_attach_device_async (YadoDomain *domain, const char *xml, gboolean attach,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  DeviceJob *device = g_new0 (DeviceJob, 1);

  device->xml = g_strdup (xml);
  device->attach = attach;
  submit (domain, yado_domain_attach_device_async, device_job_run, device, device_job_free,
          g_free, attach ? _("add a device to") : _("remove a device from"),
          cancellable, callback, user_data);
}

gboolean
yado_domain_attach_device_finish (YadoDomain *domain, GAsyncResult *result, char **live_error,
                                  GError **error)
{
  g_autofree char *message = g_task_propagate_pointer (G_TASK (result), error);

  if (message == NULL)
    return FALSE;
  if (live_error != NULL)
    *live_error = *message ? g_steal_pointer (&message) : NULL;
  return TRUE;
}

/* ---- pending: the next boot's definition against the running one ---- */

void
yado_pending_change_free (YadoPendingChange *change)
{
  if (change == NULL)
    return;
  g_free (change->label);
  g_free (change->running_xml);
  g_free (change->next_xml);
  g_free (change);
}

/* Attributes the running definition fills in for the inactive's "pick
 * one" (a graphics port of -1). */
static gboolean
is_placeholder (xmlAttrPtr attr, const xmlChar *value)
{
  return xmlStrcmp (value, BAD_CAST "-1") == 0
      && (xmlStrcmp (attr->name, BAD_CAST "port") == 0
          || xmlStrcmp (attr->name, BAD_CAST "tlsPort") == 0
          || xmlStrcmp (attr->name, BAD_CAST "websocket") == 0);
}

static gboolean
is_named (xmlNodePtr node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, BAD_CAST name) == 0;
}

/* Attributes libvirt rewrites in every running definition, with no
 * change made (found against a real QEMU VM by tests/test-live-edit.c):
 * a <cpu check='none'> is started as check='full' (how libvirt checked
 * the CPU at the start), and an empty drive (a CD-ROM with no medium)
 * loses its <driver type='raw'> (no medium, no format). Either would
 * list a VM just started as having changes waiting for the next boot. */
static gboolean
is_rewritten_at_start (xmlAttrPtr attr)
{
  xmlNodePtr element = attr->parent;

  if (xmlStrcmp (attr->name, BAD_CAST "check") == 0 && is_named (element, "cpu"))
    return TRUE;
  if (xmlStrcmp (attr->name, BAD_CAST "type") == 0 && is_named (element, "driver")
      && is_named (element->parent, "disk"))
    {
      for (xmlNodePtr c = element->parent->children; c != NULL; c = c->next)
        if (is_named (c, "source"))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

static gboolean covered_by (xmlNodePtr next, xmlNodePtr running);

static gboolean
attributes_covered (xmlNodePtr next, xmlNodePtr running)
{
  for (xmlAttrPtr attr = next->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *value = xmlNodeGetContent ((xmlNodePtr) attr);
      xmlChar *other = xmlGetNoNsProp (running, attr->name);
      gboolean same = is_placeholder (attr, value) || is_rewritten_at_start (attr)
                      || xmlStrcmp (value, other) == 0;

      xmlFree (value);
      xmlFree (other);
      if (!same)
        return FALSE;
    }
  return TRUE;
}

static char *
own_text (xmlNodePtr node)
{
  GString *text = g_string_new (NULL);

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_TEXT_NODE && c->content != NULL)
      g_string_append (text, (const char *) c->content);
  return g_strstrip (g_string_free (text, FALSE));
}

/* Whether everything @next says, @running says too: the running
 * definition only adds (aliases, addresses, ports, the state of a
 * channel). */
static gboolean
covered_by (xmlNodePtr next, xmlNodePtr running)
{
  g_autofree char *next_text = own_text (next);
  g_autofree char *running_text = own_text (running);
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);

  if (xmlStrcmp (next->name, running->name) != 0 || !attributes_covered (next, running)
      || g_strcmp0 (next_text, running_text) != 0)
    return FALSE;
  for (xmlNodePtr c = next->children; c != NULL; c = c->next)
    {
      gboolean found = FALSE;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      for (xmlNodePtr r = running->children; r != NULL && !found; r = r->next)
        if (r->type == XML_ELEMENT_NODE && !g_hash_table_contains (used, r) && covered_by (c, r))
          {
            g_hash_table_add (used, r);
            found = TRUE;
          }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static void
add_pending (GPtrArray *changes, const char *label, const char *section, guint device_id,
             xmlNodePtr running, xmlNodePtr next)
{
  YadoPendingChange *change = g_new0 (YadoPendingChange, 1);

  change->label = g_strdup (label);
  change->section = section;
  change->device_id = device_id;
  change->running_xml = running ? yado_device_to_xml (running) : NULL;
  change->next_xml = next ? yado_device_to_xml (next) : NULL;
  g_ptr_array_add (changes, change);
}

/* The top-level parts of a definition the details page edits. */
static void
compare_sections (GPtrArray *changes, xmlNodePtr next, xmlNodePtr running)
{
  static const struct { const char *element; const char *label; const char *section; } parts[] = {
    { "memory", N_("Maximum memory"), "memory" },
    { "currentMemory", N_("Memory"), "memory" },
    { "memoryBacking", N_("Memory backing"), "memory" },
    { "vcpu", N_("vCPUs"), "cpus" },
    { "cpu", N_("CPU model and topology"), "cpus" },
    { "os", N_("Boot and firmware"), "boot" },
    { "features", N_("Features"), "overview" },
    { "clock", N_("Clock"), "overview" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      xmlNodePtr a = yado_xml_child (next, parts[i].element);
      xmlNodePtr b = yado_xml_child (running, parts[i].element);
      g_autofree char *mode = a ? yado_xml_node_get (a, "@mode") : NULL;

      if (a == NULL && b == NULL)
        continue;
      /* host-model is expanded into a named model when the VM starts. */
      if (g_strcmp0 (mode, "host-model") == 0 && b != NULL)
        continue;
      if (a == NULL || b == NULL || !covered_by (a, b))
        add_pending (changes, _(parts[i].label), parts[i].section, 0, b, a);
    }
}

/* What pairs a device of the next boot with its running self: a disk's
 * target, a NIC's MAC, else its place among the same elements. */
static char *
device_key (xmlNodePtr device)
{
  g_autofree char *target = yado_xml_node_get (device, "target/@dev");
  g_autofree char *mac = yado_xml_node_get (device, "mac/@address");
  guint n = 0;

  if (xmlStrcmp (device->name, BAD_CAST "disk") == 0 && target != NULL)
    return g_strconcat ("disk ", target, NULL);
  if (xmlStrcmp (device->name, BAD_CAST "interface") == 0 && mac != NULL)
    return g_ascii_strdown (mac, -1);
  for (xmlNodePtr c = device->prev; c != NULL; c = c->prev)
    n += c->type == XML_ELEMENT_NODE && xmlStrcmp (c->name, device->name) == 0;
  return g_strdup_printf ("%s %u", (const char *) device->name, n);
}

static GHashTable *
devices_by_key (YadoDomainConfig *config)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < yado_domain_config_get_n_devices (config); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (config, i);

      g_hash_table_insert (table, device_key (device), device);
    }
  return table;
}

/* ---- one edit of a device on top of the running device ---- */

static guint
ordinal (xmlNodePtr node)
{
  guint n = 0;

  for (xmlNodePtr c = node->prev; c != NULL; c = c->prev)
    n += c->type == XML_ELEMENT_NODE && xmlStrcmp (c->name, node->name) == 0;
  return n;
}

static xmlNodePtr
nth_child_named (xmlNodePtr node, const xmlChar *name, guint n)
{
  for (xmlNodePtr c = node ? node->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp (c->name, name) == 0 && n-- == 0)
      return c;
  return NULL;
}

static gboolean
has_elements (xmlNodePtr node)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return TRUE;
  return FALSE;
}

/* Makes in @running what changed from @old to @new (NULL @old: all of
 * @new is new): attributes and text set or removed, elements added or
 * removed (paired by name and order). The rest stays as it runs. */
static void
merge_edit (xmlNodePtr old, xmlNodePtr new, xmlNodePtr running)
{
  for (xmlAttrPtr attr = new->properties; attr != NULL; attr = attr->next)
    {
      xmlChar *value = xmlGetNoNsProp (new, attr->name);
      xmlChar *was = old ? xmlGetNoNsProp (old, attr->name) : NULL;

      if (xmlStrcmp (value, was) != 0)
        xmlSetProp (running, attr->name, value);
      xmlFree (value);
      xmlFree (was);
    }
  for (xmlAttrPtr attr = old ? old->properties : NULL; attr != NULL; attr = attr->next)
    if (xmlHasNsProp (new, attr->name, NULL) == NULL)
      xmlUnsetProp (running, attr->name);
  if (!has_elements (new))
    {
      g_autofree char *text = own_text (new);
      g_autofree char *was = old ? own_text (old) : g_strdup ("");

      if (g_strcmp0 (text, was) != 0)
        {
          xmlChar *escaped = xmlEncodeSpecialChars (running->doc, BAD_CAST text);

          xmlNodeSetContent (running, escaped);
          xmlFree (escaped);
        }
    }
  for (xmlNodePtr c = new->children; c != NULL; c = c->next)
    {
      xmlNodePtr was, now;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      was = nth_child_named (old, c->name, ordinal (c));
      now = nth_child_named (running, c->name, ordinal (c));
      if (now != NULL)
        merge_edit (was, c, now);
      else if (was == NULL || !covered_by (was, c) || !covered_by (c, was))
        xmlAddChild (running, xmlDocCopyNode (c, running->doc, 1));
    }
  for (xmlNodePtr c = old ? old->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && nth_child_named (new, c->name, ordinal (c)) == NULL)
      {
        xmlNodePtr gone = nth_child_named (running, c->name, ordinal (c));

        if (gone != NULL)
          {
            xmlUnlinkNode (gone);
            xmlFreeNode (gone);
          }
      }
}

static xmlDocPtr
parse_device_xml (const char *xml)
{
  return xmlReadMemory (xml, strlen (xml), NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* Only a disk (by its target) and a NIC (by its MAC) pair with their
 * running selves safely: another device could be taken for its
 * neighbour. */
static gboolean
has_stable_key (xmlNodePtr device)
{
  const char *path = xmlStrcmp (device->name, BAD_CAST "disk") == 0 ? "target/@dev"
                     : xmlStrcmp (device->name, BAD_CAST "interface") == 0 ? "mac/@address"
                     : NULL;
  g_autofree char *value = path ? yado_xml_node_get (device, path) : NULL;

  return value != NULL;
}

/* How many devices of the running VM are the one @xml names: the same
 * disk target or NIC MAC, else all that @xml says (its PCI address may
 * not be the running one's). Worker thread. */
static guint
count_running_devices (virDomainPtr dom, const char *xml)
{
  g_autofree char *live = get_xml (dom, 0);
  g_autoptr(YadoDomainConfig) running = live ? yado_domain_config_new (live, NULL) : NULL;
  xmlDocPtr doc = parse_device_xml (xml);
  xmlNodePtr device = doc ? xmlDocGetRootElement (doc) : NULL;
  g_autofree char *key = device && has_stable_key (device) ? device_key (device) : NULL;
  guint n = 0;

  virResetLastError ();
  for (guint i = 0; running != NULL && device != NULL && i < yado_domain_config_get_n_devices (running); i++)
    {
      xmlNodePtr other = yado_domain_config_get_device (running, i);
      g_autofree char *other_key = key ? device_key (other) : NULL;

      n += key ? g_strcmp0 (key, other_key) == 0 : covered_by (device, other);
    }
  xmlFreeDoc (doc);
  return n;
}

/* The running device that @change edits, with only the edit's changes
 * made to it, or NULL. Worker thread. */
static char *
live_update_xml (virDomainPtr dom, YadoLiveChange *change)
{
  g_autofree char *live = get_xml (dom, 0);
  g_autoptr(YadoDomainConfig) running = live ? yado_domain_config_new (live, NULL) : NULL;
  xmlDocPtr old = parse_device_xml (change->old_xml);
  xmlDocPtr new = parse_device_xml (change->xml);
  xmlNodePtr device = new ? xmlDocGetRootElement (new) : NULL;
  g_autofree char *key = device ? device_key (device) : NULL;
  char *xml = NULL;

  if (running != NULL && old != NULL && device != NULL && has_stable_key (device))
    for (guint i = 0; i < yado_domain_config_get_n_devices (running) && xml == NULL; i++)
      {
        xmlNodePtr same = yado_domain_config_get_device (running, i);
        g_autofree char *same_key = device_key (same);

        if (g_strcmp0 (key, same_key) != 0)
          continue;
        merge_edit (xmlDocGetRootElement (old), device, same);
        xml = yado_device_to_xml (same);
      }
  xmlFreeDoc (old);
  xmlFreeDoc (new);
  return xml;
}

GPtrArray *
yado_domain_config_pending (YadoDomainConfig *next, YadoDomainConfig *running)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yado_pending_change_free);
  g_autoptr(GHashTable) running_devices = devices_by_key (running);
  GHashTableIter iter;
  gpointer device;

  compare_sections (changes, yado_domain_config_get_root (next),
                    yado_domain_config_get_root (running));
  for (guint i = 0; i < yado_domain_config_get_n_devices (next); i++)
    {
      xmlNodePtr a = yado_domain_config_get_device (next, i);
      g_autofree char *key = device_key (a);
      xmlNodePtr b = g_hash_table_lookup (running_devices, key);
      g_autofree char *label = NULL;

      g_hash_table_remove (running_devices, key);
      if (b != NULL && covered_by (a, b))
        continue;
      label = yado_device_get_label (next, a);
      add_pending (changes, label, NULL, yado_device_get_id (a), b, a);
    }
  /* Running devices the next boot will not have. */
  g_hash_table_iter_init (&iter, running_devices);
  while (g_hash_table_iter_next (&iter, NULL, &device))
    {
      g_autofree char *label = yado_device_get_label (running, device);

      add_pending (changes, label, NULL, 0, device, NULL);
    }
  return changes;
}
