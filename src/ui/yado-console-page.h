/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-console.h"
#include "yado-domain.h"
#include "yado-text-console.h"

G_BEGIN_DECLS

#define YADO_TYPE_CONSOLE_PAGE (yado_console_page_get_type ())
G_DECLARE_FINAL_TYPE (YadoConsolePage, yado_console_page, YADO, CONSOLE_PAGE, GtkBin)

/*
 * YadoConsolePage: the VM window's console page while the VM runs. Shows
 * the chosen console (a graphics device in a YadoConsole, or a serial or
 * virtio console in a YadoTextConsole), or what stands in its way:
 * "Connecting…", why it was lost with a Try Again button, or a password
 * prompt (answered from the desktop keyring when the user chose to
 * remember it).
 *
 * A console lost while the VM still runs (a reboot that restarts QEMU, a
 * migration, a network hiccup) is reconnected by itself a few times, with
 * growing pauses, before the page asks the user.
 *
 * Property "state" (string, read-only): "message", "password", "graphics"
 * or "text".
 */
YadoConsolePage *yado_console_page_new             (void);
void             yado_console_page_set_domain      (YadoConsolePage *self,
                                                    YadoDomain      *domain);
/* Chooses what to show: graphics device @device, or the text console
 * whose alias is @alias. Connects at once when the VM runs. */
void             yado_console_page_choose_graphics (YadoConsolePage *self,
                                                    guint            device);
void             yado_console_page_choose_text     (YadoConsolePage *self,
                                                    const char      *alias);
/* "g0", "g1", ... or "t:ALIAS": the current choice, for a radio menu. */
char            *yado_console_page_get_choice      (YadoConsolePage *self);
/* The VM started (connect, unless connected) or stopped (disconnect). */
void             yado_console_page_set_vm_running  (YadoConsolePage *self,
                                                    gboolean         running);
/* Connects again now (the Try Again button). */
void             yado_console_page_retry           (YadoConsolePage *self);
void             yado_console_page_disconnect      (YadoConsolePage *self);
const char      *yado_console_page_get_state       (YadoConsolePage *self);
/* The text shown on the "message" page. */
const char      *yado_console_page_get_message     (YadoConsolePage *self);
/* The keys that release a grab ("Control_L+Alt_L"); FALSE when invalid. */
gboolean         yado_console_page_set_grab_keys   (YadoConsolePage *self,
                                                    const char      *keys);
/* "Ctrl+Alt" for "Control_L+Alt_L": for people. */
char            *yado_console_page_describe_keys   (const char      *keys);

YadoConsole     *yado_console_page_get_console     (YadoConsolePage *self);
YadoTextConsole *yado_console_page_get_text_console (YadoConsolePage *self);

G_END_DECLS
