/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

#define YADO_TYPE_TEXT_CONSOLE (yado_text_console_get_type ())
G_DECLARE_FINAL_TYPE (YadoTextConsole, yado_text_console, YADO, TEXT_CONSOLE, GtkBin)

/*
 * YadoTextConsole: a VM's text console (a serial port, a virtio console)
 * in a terminal (VTE), the text-mode twin of YadoConsole.
 *
 * The model relays the console's libvirt stream to a socket
 * (yado_domain_open_text_console_async); this widget reads that socket
 * from the main loop without ever blocking, feeds what comes to the
 * terminal, and writes what the user types to it, keeping what the socket
 * cannot take yet.
 *
 * Property "connected" (read-only): the console is open.
 * Signal "disconnected" (const char *reason): the console ended (the guest
 *   side closed it: the VM stopped, or another client took it), or could
 *   not be opened (libvirt's message). Not emitted by
 *   yado_text_console_disconnect().
 */
GtkWidget *yado_text_console_new          (void);
/* Opens text device @alias of @domain (YadoConsoleDevice's alias; NULL:
 * the first console). */
void       yado_text_console_connect      (YadoTextConsole *self,
                                           YadoDomain      *domain,
                                           const char      *alias);
void       yado_text_console_disconnect   (YadoTextConsole *self);
gboolean   yado_text_console_is_connected (YadoTextConsole *self);
/* The terminal's visible text, for tests and accessibility. */
char      *yado_text_console_get_text     (YadoTextConsole *self);
/* The VteTerminal, to give it the focus. */
GtkWidget *yado_text_console_get_terminal (YadoTextConsole *self);

G_END_DECLS
