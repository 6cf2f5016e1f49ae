/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>

#include "yado-console-device.h"
#include "yado-domain-private.h"
#include "yado-error.h"
#include "yado-xml.h"

#define LIST_TIMEOUT_MS (30 * 1000)

void
yado_console_device_free (YadoConsoleDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->type);
  g_free (device->alias);
  g_free (device->label);
  g_free (device);
}

static YadoConsoleDevice *
device_new (YadoConsoleDeviceKind kind, guint index, const char *type, const char *alias,
            char *label)
{
  YadoConsoleDevice *device = g_new0 (YadoConsoleDevice, 1);

  device->kind = kind;
  device->index = index;
  device->type = g_strdup (type);
  device->alias = g_strdup (alias);
  device->label = label;
  return device;
}

/* ---- reading the XML ---- */

/* The text at @path under the @position-th (from 1) <@element> of the
 * domain's devices, or NULL. */
static char *
element_get (YadoXml *xml, const char *element, guint position, const char *path)
{
  g_autofree char *xpath =
    g_strdup_printf ("/domain/devices/%s[%u]/%s", element, position, path);

  return yado_xml_get_string (xml, xpath);
}

static guint
count_elements (YadoXml *xml, const char *element)
{
  guint n = 0;

  for (;;)
    {
      g_autofree char *xpath = g_strdup_printf ("/domain/devices/%s[%u]", element, n + 1);

      if (!yado_xml_has (xml, xpath))
        return n;
      n++;
    }
}

static void
add_graphics (YadoXml *xml, GPtrArray *devices)
{
  guint n = count_elements (xml, "graphics");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *type = element_get (xml, "graphics", i + 1, "@type");

      /* The only two Yado has a viewer for. */
      if (g_strcmp0 (type, "vnc") == 0)
        g_ptr_array_add (devices, device_new (YADO_CONSOLE_DEVICE_GRAPHICS, i, type, NULL,
                                              g_strdup (_("VNC"))));
      else if (g_strcmp0 (type, "spice") == 0)
        g_ptr_array_add (devices, device_new (YADO_CONSOLE_DEVICE_GRAPHICS, i, type, NULL,
                                              g_strdup (_("SPICE"))));
    }
}

/* What the console list needs of one <serial> or <console>. */
typedef struct {
  char  *host_type;    /* its @type: "pty", "file", "tcp", "null", ... */
  char  *target_type;  /* target/@type: "virtio", "serial", ... or NULL */
  char  *alias;        /* alias/@name, in live XML only */
  guint  port;         /* target/@port; its position when missing */
} TextElement;

static void
text_element_clear (TextElement *text)
{
  g_free (text->host_type);
  g_free (text->target_type);
  g_free (text->alias);
}

static void
read_text_element (YadoXml *xml, const char *element, guint i, TextElement *out)
{
  g_autofree char *port = element_get (xml, element, i + 1, "target/@port");

  out->host_type = element_get (xml, element, i + 1, "@type");
  out->target_type = element_get (xml, element, i + 1, "target/@type");
  out->alias = element_get (xml, element, i + 1, "alias/@name");
  out->port = port != NULL ? (guint) g_ascii_strtoull (port, NULL, 10) : i;
}

/* libvirt writes the first serial port twice: as <serial>, and as a
 * <console> of target type serial with the same port and alias. */
static gboolean
console_is_serial_port (YadoXml *xml, const TextElement *console, guint n_serials)
{
  gboolean found = FALSE;

  if (console->target_type != NULL && g_strcmp0 (console->target_type, "serial") != 0)
    return FALSE;
  for (guint i = 0; i < n_serials && !found; i++)
    {
      TextElement serial = { 0 };

      read_text_element (xml, "serial", i, &serial);
      if (console->alias != NULL && serial.alias != NULL)
        found = g_strcmp0 (console->alias, serial.alias) == 0;
      else
        found = console->port == serial.port;
      text_element_clear (&serial);
    }
  return found;
}

/* Adds @text when virDomainOpenConsole can open it: a pty. */
static void
add_text (GPtrArray *devices, guint *n_text, const TextElement *text, const char *type,
          char *label)
{
  if (g_strcmp0 (text->host_type, "pty") != 0)
    {
      g_free (label);
      return;
    }
  g_ptr_array_add (devices, device_new (YADO_CONSOLE_DEVICE_TEXT, (*n_text)++, type,
                                        text->alias, label));
}

static void
add_serials (YadoXml *xml, GPtrArray *devices, guint *n_text)
{
  guint n = count_elements (xml, "serial");

  for (guint i = 0; i < n; i++)
    {
      TextElement serial = { 0 };

      read_text_element (xml, "serial", i, &serial);
      add_text (devices, n_text, &serial, "serial",
                g_strdup_printf (_("Serial port %u"), serial.port + 1));
      text_element_clear (&serial);
    }
}

static void
add_consoles (YadoXml *xml, GPtrArray *devices, guint *n_text)
{
  guint n = count_elements (xml, "console");
  guint n_serials = count_elements (xml, "serial");

  for (guint i = 0; i < n; i++)
    {
      TextElement console = { 0 };
      const char *type;

      read_text_element (xml, "console", i, &console);
      type = console.target_type != NULL ? console.target_type : "serial";
      if (!console_is_serial_port (xml, &console, n_serials))
        add_text (devices, n_text, &console, type,
                  g_strdup_printf (_("Text console %u (%s)"), console.port + 1, type));
      text_element_clear (&console);
    }
}

GPtrArray *
yado_console_devices_from_xml (const char *text)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) yado_console_device_free);
  g_autoptr(YadoXml) xml = yado_xml_parse (text);
  guint n_text = 0;

  if (xml == NULL)
    return devices;
  add_graphics (xml, devices);
  add_serials (xml, devices, &n_text);
  add_consoles (xml, devices, &n_text);
  return devices;
}

/* ---- on the worker ---- */

static gpointer
list_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  char *xml = dom != NULL ? virDomainGetXMLDesc (dom, 0) : NULL;
  GPtrArray *devices;

  if (xml == NULL)
    yado_error_set_from_libvirt (error, _("Could not read the devices of “%s”"), job->name);
  if (dom != NULL)
    virDomainFree (dom);
  if (xml == NULL)
    return NULL;
  devices = yado_console_devices_from_xml (xml);
  free (xml);
  return devices;
}

void
yado_domain_list_console_devices_async (YadoDomain         *self,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, yado_domain_list_console_devices_async);
  yado_domain_submit_job (self, task, list_job_run, g_new0 (YadoDomainJob, 1),
                          (GDestroyNotify) g_ptr_array_unref, LIST_TIMEOUT_MS,
                          _("list the consoles of"));
}

GPtrArray *
yado_domain_list_console_devices_finish (YadoDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
yado_domain_list_console_devices_sync (YadoDomain *self, GCancellable *cancellable, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_domain_list_console_devices_async (self, cancellable, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_domain_list_console_devices_finish (self, result, error);
}
