/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

#define YADO_TYPE_CONSOLE (yado_console_get_type ())
G_DECLARE_FINAL_TYPE (YadoConsole, yado_console, YADO, CONSOLE, GtkBin)

/*
 * YadoConsole: a VM's graphical console, VNC (gtk-vnc) or SPICE
 * (spice-gtk), on a local connection: every socket comes from
 * virDomainOpenGraphicsFD, so no TCP port needs to be reachable. SPICE
 * wants one socket per channel: each channel's "open-fd" asks libvirt for
 * another. SSH tunnels and text consoles follow (issue 3).
 *
 * Property "connected" (read-only): the viewer has the guest's screen.
 * Signal "disconnected" (const char *reason): the viewer lost it, or could
 * not get it.
 */
GtkWidget *yado_console_new        (void);
/* Connects to the first graphics device of @domain. */
void       yado_console_connect    (YadoConsole *self,
                                    YadoDomain  *domain);
/* Connects to graphics device @device (0: the first) of @domain. */
void       yado_console_connect_device (YadoConsole *self,
                                        YadoDomain  *domain,
                                        guint        device);
void       yado_console_disconnect (YadoConsole *self);
gboolean   yado_console_is_connected (YadoConsole *self);
/* The guest's screen size, or 0 when not connected. */
void       yado_console_get_guest_size (YadoConsole *self,
                                        int         *width,
                                        int         *height);
/* A copy of the guest's screen, or NULL. */
GdkPixbuf *yado_console_get_screenshot (YadoConsole *self);

G_END_DECLS
