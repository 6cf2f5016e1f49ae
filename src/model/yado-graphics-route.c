/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "yado-error.h"
#include "yado-graphics-route.h"
#include "yado-uri.h"
#include "yado-xml.h"
#include "yado-secret.h"

/* Where a tunnel goes on the remote host when the server listens on all
 * addresses (QEMU listens on both families for "::"). */
#define REMOTE_LOOPBACK "127.0.0.1"

/* ---- the device, from the live XML ---- */

static char *
device_attribute (YadoXml *xml, guint index, const char *path)
{
  g_autofree char *xpath = g_strdup_printf ("/domain/devices/graphics[%u]/%s", index + 1, path);

  return yado_xml_get_string (xml, xpath);
}

static int
port_from_text (const char *text)
{
  gint64 port = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, -1, 65535, &port, NULL))
    return -1;
  return (int) port;
}

/* The <listen> element, or the older listen attribute alone. */
static void
read_listen (YadoGraphicsDevice *device, YadoXml *xml, guint index)
{
  device->listen_type = device_attribute (xml, index, "listen[1]/@type");
  device->listen_address = device_attribute (xml, index, "listen[1]/@address");
  device->listen_socket = device_attribute (xml, index, "listen[1]/@socket");
  if (device->listen_type == NULL && device->listen_address == NULL)
    {
      device->listen_address = device_attribute (xml, index, "@listen");
      if (device->listen_address != NULL)
        device->listen_type = g_strdup ("address");
    }
}

YadoGraphicsDevice *
yado_graphics_device_from_xml (const char *text, guint index)
{
  g_autoptr(YadoXml) xml = text != NULL ? yado_xml_parse (text) : NULL;
  g_autofree char *port = NULL;
  YadoGraphicsDevice *device;
  char *type;

  type = xml != NULL ? device_attribute (xml, index, "@type") : NULL;
  if (type == NULL)
    return NULL;
  device = g_new0 (YadoGraphicsDevice, 1);
  device->type = type;
  port = device_attribute (xml, index, "@port");
  device->port = port_from_text (port);
  device->password = device_attribute (xml, index, "@passwd");
  read_listen (device, xml, index);
  return device;
}

void
yado_graphics_device_free (YadoGraphicsDevice *device)
{
  if (device == NULL)
    return;
  yado_secret_free (device->password);
  g_free (device->type);
  g_free (device->listen_type);
  g_free (device->listen_address);
  g_free (device->listen_socket);
  g_free (device);
}

/* ---- the route ---- */

/* No address, or one that means every address: the server is on all. */
static gboolean
address_is_any (const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (address == NULL || *address == '\0')
    return TRUE;
  inet = g_inet_address_new_from_string (address);
  return inet != NULL && g_inet_address_get_is_any (inet);
}

static gboolean
address_is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  if (inet == NULL)
    return g_ascii_strcasecmp (address, "localhost") == 0;
  return g_inet_address_get_is_loopback (inet);
}

static YadoGraphicsRoute *
route_new (YadoGraphicsRouteKind kind, const char *host, guint port)
{
  YadoGraphicsRoute *route = g_new0 (YadoGraphicsRoute, 1);

  route->kind = kind;
  route->host = g_strdup (host);
  route->port = port;
  return route;
}

static YadoGraphicsRoute *
no_route (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static YadoGraphicsRoute *
no_route (GError **error, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_propagate_error (error, g_error_new_valist (YADO_ERROR, YADO_ERROR_NOT_SUPPORTED, format, ap));
  va_end (ap);
  return NULL;
}

/* Over SSH everything is reached from the remote host itself: a server on
 * all addresses is on its loopback too. Always the tunnel, even for an
 * address this computer might reach: it is encrypted, and passes
 * firewalls that let SSH through. */
static YadoGraphicsRoute *
ssh_route (const char *uri, const YadoGraphicsDevice *device)
{
  const char *address = device->listen_address;
  YadoGraphicsRoute *route;

  if (g_strcmp0 (device->listen_type, "socket") == 0)
    {
      route = route_new (YADO_GRAPHICS_ROUTE_SSH_TUNNEL, NULL, 0);
      route->socket_path = g_strdup (device->listen_socket);
    }
  else
    route = route_new (YADO_GRAPHICS_ROUTE_SSH_TUNNEL,
                       address_is_any (address) ? REMOTE_LOOPBACK : address,
                       (guint) device->port);
  route->ssh = yado_ssh_target_from_uri (uri);
  return route;
}

/* Without SSH (qemu+tcp, qemu+tls): only a network address will do. */
static YadoGraphicsRoute *
direct_route (const char *host, const YadoGraphicsDevice *device, GError **error)
{
  const char *address = device->listen_address;

  if (g_strcmp0 (device->listen_type, "socket") == 0)
    return no_route (error, "the VM's graphics listen on a unix socket on %s, which only an "
                     "SSH connection can reach", host);
  if (address_is_any (address))
    return route_new (YADO_GRAPHICS_ROUTE_DIRECT, host, (guint) device->port);
  if (address_is_loopback (address))
    return no_route (error, "the VM's graphics listen only on %s of %s, which this computer "
                     "cannot reach without an SSH connection", address, host);
  return route_new (YADO_GRAPHICS_ROUTE_DIRECT, address, (guint) device->port);
}

YadoGraphicsRoute *
yado_graphics_route_decide (const char *uri, const YadoGraphicsDevice *device, GError **error)
{
  g_autofree char *host = yado_uri_get_host (uri);
  gboolean ssh = yado_ssh_uri_is_ssh (uri);

  g_return_val_if_fail (device != NULL, NULL);

  if (host == NULL)
    return route_new (YADO_GRAPHICS_ROUTE_LOCAL_FD, NULL, 0);
  if (g_strcmp0 (device->listen_type, "none") == 0)
    return no_route (error, "the VM's graphics do not listen on a network address (listen "
                     "type none) and this connection cannot pass sockets");
  if (g_strcmp0 (device->listen_type, "socket") == 0)
    {
      if (device->listen_socket == NULL)
        return no_route (error, "the VM's graphics listen on a unix socket whose path "
                         "libvirt does not say");
    }
  else if (device->port <= 0)
    return no_route (error, "the VM's graphics have no network port (is the VM running?)");
  return ssh ? ssh_route (uri, device) : direct_route (host, device, error);
}

void
yado_graphics_route_free (YadoGraphicsRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->host);
  g_free (route->socket_path);
  yado_ssh_target_free (route->ssh);
  g_free (route);
}
