/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Worker side of graphics consoles: one socket to a VM's graphics server,
 * by the route yado-graphics-route.c picks. Blocks (libvirt, ssh, TCP):
 * call it on the connection's worker. Internal to the model. */

#include <libvirt/libvirt.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/* A connected socket to graphics device @index (0: the first) of @dom,
 * with the device's type and, unless libvirt made the socket (no password
 * is asked on that one), its password when the connection may read it.
 * NULL with @error saying why in words for the user; @name is the VM's,
 * for the message. */
YadoGraphicsSocket *yado_graphics_open (virDomainPtr  dom,
                                        guint         index,
                                        const char   *name,
                                        GCancellable *cancellable,
                                        GError      **error);

G_END_DECLS
