/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the live console tests look at: the guest's screen in a
 * YadoConsole. Built into the tests that need GTK and the console. */

#include <gtk/gtk.h>

#include "yado-console.h"
#include "yado-text-console.h"
#include "yado-domain.h"

G_BEGIN_DECLS

/* TRUE when the picture holds more than one colour: text on the screen. */
gboolean yado_test_pixbuf_has_content      (GdkPixbuf *pixbuf);
/* TRUE when the console has a screen with something on it. */
gboolean yado_test_console_shows_something (YadoConsole *console);
/* TRUE when the console's screen differs from @before by more than the
 * text cursor's blinking. */
gboolean yado_test_console_differs_from    (YadoConsole *console,
                                            GdkPixbuf   *before);
/* The screen once the guest has drawn something and stopped changing;
 * fails the test when it never settles. */
GdkPixbuf *yado_test_console_settled_screen (YadoConsole *console);
/* The first widget of @type at or under @widget, or NULL. */
GtkWidget *yado_test_find_widget_of_type   (GtkWidget *widget,
                                            GType      type);
/* The widget whose accessible name is @name, at or under @widget. */
GtkWidget *yado_test_find_widget_by_name   (GtkWidget  *widget,
                                            const char *name);

/* Text typed through @console shows on the test guest's screen (it
 * echoes keys); Ctrl+Alt+Del sent through it reboots the guest; a reset of
 * @vm keeps (or brings back) the console and its screen changes. Ends
 * with the guest booted again. */
void       yado_test_console_check_keys_and_reset (YadoConsole *console,
                                                   YadoDomain  *vm);
/* With YADO_TEST_SCREENSHOT_DIR=DIR set, saves the top-left 900 x 700 of
 * the X screen (where the test's window is) as DIR/NAME.png, for docs. */
void       yado_test_save_screenshot       (const char *name);

/* Text consoles: whether the terminal shows @text; typing @text key by
 * key, as the keyboard would ("\r" is Return); and typing @text with
 * Return until the guest echoes it (a guest just started drops what
 * comes before it reads its serial port), or failing the test. */
gboolean   yado_test_text_console_shows      (YadoTextConsole *console,
                                              const char      *text);
void       yado_test_text_console_type       (YadoTextConsole *console,
                                              const char      *text);
void       yado_test_text_console_check_echo (YadoTextConsole *console,
                                              const char      *text);

G_END_DECLS
