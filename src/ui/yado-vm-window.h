/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-console-page.h"
#include "yado-details-page.h"
#include "yado-domain.h"
#include "yado-new-vm.h"

G_BEGIN_DECLS

#define YADO_TYPE_VM_WINDOW (yado_vm_window_get_type ())
G_DECLARE_FINAL_TYPE (YadoVmWindow, yado_vm_window, YADO, VM_WINDOW, GtkApplicationWindow)

/*
 * YadoVmWindow: one virtual machine's own window, titled "NAME on HOST",
 * with its lifecycle actions and the console's (choose a console, send
 * keys, screenshot, view options, full screen). A VM that is not running
 * shows its state and a Run button; the console page takes that place
 * while it runs. The application keeps one per VM. Its size is remembered
 * per VM.
 */
YadoVmWindow *yado_vm_window_new        (GtkApplication *application,
                                         YadoDomain     *domain,
                                         GSettings      *settings);
YadoDomain   *yado_vm_window_get_domain (YadoVmWindow *self);
YadoConsole  *yado_vm_window_get_console (YadoVmWindow *self);
YadoConsolePage *yado_vm_window_get_console_page (YadoVmWindow *self);
/* "not-running", "console" (the guest's screen), "text-console",
 * "console-message" (connecting, or why there is no screen),
 * "console-password" (the console asks for one) or "gone" (the VM no
 * longer exists). */
const char   *yado_vm_window_get_page   (YadoVmWindow *self);
/* Shows the console ("console") or the details page ("details"). */
void          yado_vm_window_show_view  (YadoVmWindow *self,
                                         const char   *view);
const char   *yado_vm_window_get_view   (YadoVmWindow *self);
YadoDetailsPage *yado_vm_window_get_details_page (YadoVmWindow *self);
/* A VM the New VM wizard defined for customizing: a bar on the window
 * offers Begin Installation (yado_vm_window_begin_install does it). */
void          yado_vm_window_set_pending_install (YadoVmWindow    *self,
                                                  const YadoNewVm *vm);
gboolean      yado_vm_window_get_pending_install (YadoVmWindow *self);
void          yado_vm_window_begin_install       (YadoVmWindow *self);
/* Saves the guest's screen as a PNG at @path. */
gboolean      yado_vm_window_save_screenshot (YadoVmWindow *self,
                                              const char   *path,
                                              GError      **error);

G_END_DECLS
