/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Shared by yado-console.c (what both protocols have in common) and its two
 * backends, yado-console-vnc.c and yado-console-spice.c. Not for the UI.
 */
#include <spice-client-gtk.h>

#include "yado-console.h"

G_BEGIN_DECLS

struct _YadoConsole {
  GtkBin        parent_instance;

  GtkWidget    *scroller;     /* GtkScrolledWindow, our only child */
  GtkWidget    *monitor_box;  /* holds the display widgets, side by side */
  GtkWidget    *display;      /* the first VncDisplay or SpiceDisplay */
  GCancellable *cancellable;  /* socket requests of this connection */
  gboolean      connected;
  gboolean      grabbed;          /* the pointer: see "grabbed" */
  char         *protocol;     /* "vnc", "spice" */
  char         *password;     /* from the model or the user; wiped on free */
  gboolean      password_tried;
  gboolean      awaiting_credential; /* VNC waits for our answer */

  YadoDomain   *domain;       /* whose console this is */
  guint         device;       /* its graphics device */

  /* View and input settings, kept here to apply to each new display. */
  gboolean      scaling;
  guint         zoom;
  gboolean      resize_guest;
  gboolean      share_clipboard;
  gboolean      monitors_in_windows;
  char         *grab_keys;

  /* VNC */
  char         *last_cut_text;   /* what we last put on the clipboard */
  gulong        clipboard_handler;

  /* SPICE */
  SpiceSession *spice;
  SpiceChannel *spice_screen;    /* the first display channel */
  GPtrArray    *extra_monitors;  /* SpiceDisplay widgets after the first */
  GPtrArray    *monitor_windows; /* their windows, when in windows */
};

/* yado-console.c */
void     _yado_console_set_connected     (YadoConsole *self,
                                          gboolean     connected);
/* The pointer was grabbed or let go. (The keyboard alone follows the
 * pointer in and out of the screen: it needs no release keys.) */
void     _yado_console_set_grabbed       (YadoConsole *self,
                                          gboolean     grabbed);
void     _yado_console_emit_disconnected (YadoConsole *self,
                                          const char  *reason);
void     _yado_console_emit_password_needed (YadoConsole *self,
                                             const char  *problem);
/* Adds @display (the first, or another monitor) and applies the view. */
void     _yado_console_add_display       (YadoConsole *self,
                                          GtkWidget   *display);
/* The guest's size changed: a fixed zoom follows it. */
void     _yado_console_apply_view        (YadoConsole *self);

/* yado-console-vnc.c */
void     _yado_console_vnc_open          (YadoConsole *self,
                                          int          fd);
void     _yado_console_vnc_close         (YadoConsole *self);
void     _yado_console_vnc_apply         (YadoConsole *self);
void     _yado_console_vnc_set_clipboard (YadoConsole *self,
                                          gboolean     share);

/* yado-console-spice.c */
void     _yado_console_spice_open        (YadoConsole *self,
                                          int          fd);
void     _yado_console_spice_close       (YadoConsole *self);
void     _yado_console_spice_apply       (YadoConsole *self,
                                          GtkWidget   *display);
gboolean _yado_console_spice_get_size    (YadoConsole *self,
                                          int         *width,
                                          int         *height);
GdkPixbuf *_yado_console_spice_screenshot (YadoConsole *self);
void     _yado_console_spice_place_monitors (YadoConsole *self);

G_END_DECLS
