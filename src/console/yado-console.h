/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

#define YADO_TYPE_CONSOLE (yado_console_get_type ())
G_DECLARE_FINAL_TYPE (YadoConsole, yado_console, YADO, CONSOLE, GtkBin)

/*
 * YadoConsole: a VM's graphical console, VNC (gtk-vnc) or SPICE
 * (spice-gtk), chosen by the graphics device it connects to. Every socket
 * comes from the model (yado_domain_open_graphics_async), which knows the
 * route: virDomainOpenGraphicsFD on a local connection, an SSH tunnel or a
 * direct TCP connection for a remote one. SPICE wants one socket per
 * channel: each channel's "open-fd" asks the model for another.
 *
 * The widget draws nothing of its own: the library's display widget shows
 * the guest's frames, inside a scrolled window used when the guest is shown
 * unscaled and larger than the window.
 *
 * Property "connected" (read-only): the viewer has the guest's screen.
 * Property "grabbed" (read-only): the pointer is grabbed (the keyboard
 *   goes with it): getting out takes the release keys.
 * Signal "disconnected" (const char *reason): the viewer lost the guest's
 *   screen, or could not get it.
 * Signal "password-needed" (const char *problem): the graphics server asks
 *   for a password that the model could not give; @problem is NULL the
 *   first time, a message after a wrong one. Answer with
 *   yado_console_provide_password().
 */
GtkWidget  *yado_console_new             (void);
/* Connects to the first graphics device of @domain. */
void        yado_console_connect         (YadoConsole *self,
                                          YadoDomain  *domain);
/* Connects to graphics device @device (0: the first) of @domain. */
void        yado_console_connect_device  (YadoConsole *self,
                                          YadoDomain  *domain,
                                          guint        device);
void        yado_console_disconnect      (YadoConsole *self);
gboolean    yado_console_is_connected    (YadoConsole *self);
/* The graphics device it connects to (when connecting or connected). */
guint       yado_console_get_device      (YadoConsole *self);
/* "vnc", "spice", or NULL before the model said which. */
const char *yado_console_get_protocol    (YadoConsole *self);

/* The guest's screen size, or 0 when not connected. */
void        yado_console_get_guest_size  (YadoConsole *self,
                                          int         *width,
                                          int         *height);
/* A copy of the guest's (first) screen, or NULL. */
GdkPixbuf  *yado_console_get_screenshot  (YadoConsole *self);

/* ---- how the guest's screen is shown ---- */

/* TRUE: fit the window, keeping the shape. FALSE: shown at the zoom
 * level, scrolled when larger than the window. */
void        yado_console_set_scaling     (YadoConsole *self,
                                          gboolean     scaling);
gboolean    yado_console_get_scaling     (YadoConsole *self);
/* Percent of the guest's size when not scaling: 100 is pixel for pixel. */
void        yado_console_set_zoom        (YadoConsole *self,
                                          guint        percent);
guint       yado_console_get_zoom        (YadoConsole *self);
/* Ask the guest to take the window's size (SPICE agent, VNC's extended
 * desktop size). */
void        yado_console_set_resize_guest (YadoConsole *self,
                                           gboolean     resize);
/* SPICE monitors beyond the first: beside it in the widget (FALSE) or
 * each in a window of its own (TRUE). */
void        yado_console_set_monitors_in_windows (YadoConsole *self,
                                                  gboolean     in_windows);
/* How many monitors of the guest are shown. */
guint       yado_console_get_n_monitors  (YadoConsole *self);

/* ---- keyboard and pointer ---- */

/* Presses @keyvals in order and releases them in reverse: a key
 * combination such as Control_L, Alt_L, Delete. */
void        yado_console_send_keys       (YadoConsole *self,
                                          const guint *keyvals,
                                          guint        n_keyvals);
/* Types @text as key presses (the guest sees a keyboard, not a
 * clipboard). Returns how many characters had no key on this keyboard
 * layout and were left out. */
guint       yado_console_type_text       (YadoConsole *self,
                                          const char  *text);
/* The keys that release a grab, as GDK key names joined by '+'
 * ("Control_L+Alt_L"). FALSE when @keys names no key. */
gboolean    yado_console_set_grab_keys   (YadoConsole *self,
                                          const char  *keys);
gboolean    yado_console_is_grabbed      (YadoConsole *self);
void        yado_console_release_grab    (YadoConsole *self);

/* ---- sharing with the guest ---- */

/* Copy and paste between this desktop and the guest (SPICE: through the
 * agent; VNC: the server's cut text). */
void        yado_console_set_clipboard_sharing (YadoConsole *self,
                                                gboolean     share);
/* SPICE USB redirection: TRUE when the guest has a USB redirection
 * channel. */
gboolean    yado_console_can_redirect_usb (YadoConsole *self);
/* A widget listing this computer's USB devices, each with a check box
 * that redirects it to the guest; NULL when redirection is not possible. */
GtkWidget  *yado_console_new_usb_device_chooser (YadoConsole *self);

/* ---- passwords ---- */

/* The answer to "password-needed": goes on connecting with @password. */
void        yado_console_provide_password (YadoConsole *self,
                                           const char  *password);

G_END_DECLS
