/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Shared by yado-vm-window.c (the window, its pages and lifecycle) and
 * yado-vm-window-console.c (the console's toolbar, menus and full screen).
 */
#include "yado-connection.h"
#include "yado-console-page.h"
#include "yado-details-page.h"
#include "yado-new-vm.h"
#include "yado-vm-window.h"

G_BEGIN_DECLS

struct _YadoVmWindow {
  GtkApplicationWindow parent_instance;

  GtkWidget           *toolbar;
  GtkToolButton       *run_button;
  GtkToolButton       *pause_button;
  GtkToolButton       *resume_button;
  GtkMenuToolButton   *shutdown_button;
  GtkMenuButton       *console_menu_button;
  GtkMenuButton       *send_key_button;
  GtkMenuButton       *view_menu_button;
  GtkMenuButton       *floating_send_key_button;
  GtkStack            *view_stack;
  GtkStack            *page_stack;
  GtkWidget           *console_separator;
  GtkWidget           *console_menu_item;
  GtkWidget           *send_key_item;
  GtkWidget           *screenshot_button;
  GtkWidget           *view_menu_item;
  GtkWidget           *fullscreen_button;
  YadoDetailsPage     *details_page;
  GtkWidget           *install_bar;
  GtkWidget           *install_label;
  GtkWidget           *install_spinner;
  GtkWidget           *install_button;
  YadoNewVm           *install_vm;  /* customized before install, or NULL */
  GtkImage            *state_image;
  GtkLabel            *state_label;
  GtkLabel            *hint_label;
  GtkWidget           *fullscreen_edge;
  GtkWidget           *floating_box;
  GtkRevealer         *floating_revealer;
  YadoConsolePage     *console_page;

  YadoDomain          *domain;
  YadoConnection      *connection; /* weak */
  GSettings           *settings;
  gboolean             gone;
  gboolean             fullscreen;
  guint                floating_hide_source;
  GMenu               *console_devices_section;
  GCancellable        *devices_cancellable;
};

/* yado-vm-window.c: the page, title and actions after a change */
void _yado_vm_window_update (YadoVmWindow *self);

/* yado-vm-window-install.c */
void _yado_vm_window_on_begin_install_clicked (YadoVmWindow *self);
void _yado_vm_window_install_dispose          (YadoVmWindow *self);

/* yado-vm-window-console.c */
void _yado_vm_window_console_init         (YadoVmWindow *self);
void _yado_vm_window_console_setup        (YadoVmWindow *self);
void _yado_vm_window_console_update       (YadoVmWindow *self);
void _yado_vm_window_console_dispose      (YadoVmWindow *self);

G_END_DECLS
