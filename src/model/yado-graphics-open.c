/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "yado-error.h"
#include "yado-graphics-open.h"
#include "yado-graphics-route.h"

/* How long a direct TCP connection may take: a listen address that does
 * not answer is not reachable. */
#define DIRECT_TIMEOUT_S 5
/* Every failure starts with this, then the name and why. */
#define CANNOT_OPEN "Could not open the console"

/* The live XML with secrets (the password) when the connection may read
 * them; a read-only connection may not, and gets the XML without. */
static char *
read_live_xml (virDomainPtr dom)
{
  char *text = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_SECURE);

  if (text == NULL)
    {
      virResetLastError ();
      text = virDomainGetXMLDesc (dom, 0);
    }
  return text;
}

static YadoGraphicsDevice *
read_device (virDomainPtr dom, guint index, const char *name, GError **error)
{
  char *text = read_live_xml (dom);
  YadoGraphicsDevice *device;

  if (text == NULL)
    {
      yado_error_set_from_libvirt (error, "Could not read “%s”", name);
      return NULL;
    }
  device = yado_graphics_device_from_xml (text, index);
  explicit_bzero (text, strlen (text));
  free (text);
  if (device == NULL)
    g_set_error (error, YADO_ERROR, YADO_ERROR_NOT_FOUND,
                 "“%s” has no graphics device %u", name, index + 1);
  return device;
}

static char *
connection_uri (virDomainPtr dom)
{
  char *uri = virConnectGetURI (virDomainGetConnect (dom));
  char *copy = g_strdup (uri);

  free (uri);
  return copy;
}

static int
open_local_fd (virDomainPtr dom, guint index, const char *name, GError **error)
{
  /* SKIPAUTH: the socket is ours alone, no password is needed on it. */
  int fd = virDomainOpenGraphicsFD (dom, index, VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);

  if (fd < 0)
    yado_error_set_from_libvirt (error, CANNOT_OPEN " of “%s”", name);
  return fd;
}

static int
open_direct (const char *host, guint port, GCancellable *cancellable, GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new (host, (guint16) port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) local = NULL;
  GSocket *socket;

  g_socket_client_set_timeout (client, DIRECT_TIMEOUT_S);
  connection = g_socket_client_connect (client, address, cancellable, &local);
  if (connection == NULL)
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED,
                   "the graphics listen address %s is not reachable from this computer (%s)",
                   host, local->message);
      return -1;
    }
  /* Our own descriptor: the connection closes its own when it goes. */
  socket = g_socket_connection_get_socket (connection);
  return fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 3);
}

/* NULL when @fd is -1 (the error is set already). */
static YadoGraphicsSocket *
socket_new (const YadoGraphicsDevice *device, int fd, const char *password)
{
  YadoGraphicsSocket *socket;

  if (fd < 0)
    return NULL;
  socket = g_new0 (YadoGraphicsSocket, 1);
  socket->type = g_strdup (device->type);
  socket->fd = fd;
  socket->password = g_strdup (password);
  return socket;
}

/* A socket by a network route; errors say why, for CANNOT_OPEN. */
static int
open_network_route (const YadoGraphicsRoute *route, GCancellable *cancellable, GError **error)
{
  if (route->kind == YADO_GRAPHICS_ROUTE_SSH_TUNNEL)
    return yado_ssh_open_tunnel (route->ssh, route->host, route->port, route->socket_path,
                                 cancellable, error);
  return open_direct (route->host, route->port, cancellable, error);
}

YadoGraphicsSocket *
yado_graphics_open (virDomainPtr dom, guint index, const char *name,
                    GCancellable *cancellable, GError **error)
{
  g_autoptr(YadoGraphicsDevice) device = read_device (dom, index, name, error);
  g_autoptr(YadoGraphicsRoute) route = NULL;
  g_autofree char *uri = NULL;
  int fd;

  if (device == NULL)
    return NULL;
  uri = connection_uri (dom);
  route = yado_graphics_route_decide (uri, device, error);
  if (route != NULL && route->kind == YADO_GRAPHICS_ROUTE_LOCAL_FD)
    return socket_new (device, open_local_fd (dom, index, name, error), NULL);
  fd = route != NULL ? open_network_route (route, cancellable, error) : -1;
  if (fd < 0)
    g_prefix_error (error, CANNOT_OPEN " of “%s”: ", name);
  return socket_new (device, fd, device->password);
}
