/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * How a console reaches a VM's graphics server: a pure decision from the
 * connection's URI and what the VM's live XML says of the device.
 *
 *  - local connection: libvirt hands over a socket (virDomainOpenGraphicsFD);
 *  - SSH connection: a tunnel through the connection's SSH login to the
 *    listen address as seen on the remote host (a wildcard or loopback
 *    address is the remote's loopback), or to its unix socket;
 *  - any other remote connection (TCP, TLS): straight to the listen
 *    address, or to the URI's host when the server listens on all.
 */
#include <glib.h>

#include "yado-ssh.h"

G_BEGIN_DECLS

/* What the live XML says of one graphics device. */
typedef struct {
  char *type;            /* "vnc", "spice", ... */
  int   port;            /* <= 0: none (not running, or no TCP) */
  char *listen_type;     /* "address", "network", "socket", "none", or NULL */
  char *listen_address;  /* for address and network listens, or NULL */
  char *listen_socket;   /* for socket listens, or NULL */
  char *password;        /* passwd, when the XML had secrets; else NULL */
} YadoGraphicsDevice;

/* Device @index (0: the first) of a domain's XML, or NULL when there is
 * no such device (or the text is not XML). */
YadoGraphicsDevice *yado_graphics_device_from_xml (const char *xml,
                                                   guint       index);
/* Wipes the password too. */
void                yado_graphics_device_free     (YadoGraphicsDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoGraphicsDevice, yado_graphics_device_free)

typedef enum {
  YADO_GRAPHICS_ROUTE_LOCAL_FD,    /* virDomainOpenGraphicsFD */
  YADO_GRAPHICS_ROUTE_SSH_TUNNEL,  /* ssh to host:port or socket_path, on the remote */
  YADO_GRAPHICS_ROUTE_DIRECT,      /* TCP to host:port from here */
} YadoGraphicsRouteKind;

typedef struct {
  YadoGraphicsRouteKind kind;
  char          *host;         /* DIRECT: from here; SSH_TUNNEL: on the remote */
  guint          port;
  char          *socket_path;  /* SSH_TUNNEL to a unix socket, else NULL */
  YadoSshTarget *ssh;          /* SSH_TUNNEL: the login */
} YadoGraphicsRoute;

/* The route to @device over the connection of @uri, or NULL with @error
 * (YADO_ERROR_NOT_SUPPORTED, a sentence a user understands) when there is
 * none. */
YadoGraphicsRoute *yado_graphics_route_decide (const char               *uri,
                                               const YadoGraphicsDevice *device,
                                               GError                  **error);
void               yado_graphics_route_free   (YadoGraphicsRoute *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoGraphicsRoute, yado_graphics_route_free)

G_END_DECLS
