/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-connection-list.h"
#include "yado-vm-list.h"

G_BEGIN_DECLS

#define YADO_TYPE_MANAGER_WINDOW (yado_manager_window_get_type ())
G_DECLARE_FINAL_TYPE (YadoManagerWindow, yado_manager_window, YADO, MANAGER_WINDOW,
                      GtkApplicationWindow)

/* Graph columns the user can show or hide; their ids are the values of the
 * "visible-columns" setting. */
typedef enum {
  YADO_COLUMN_GUEST_CPU,
  YADO_COLUMN_HOST_CPU,
  YADO_COLUMN_MEMORY,
  YADO_COLUMN_DISK_IO,
  YADO_COLUMN_NET_IO,
  YADO_N_GRAPH_COLUMNS
} YadoGraphColumn;

YadoManagerWindow *yado_manager_window_new (GtkApplication     *application,
                                            YadoConnectionList *connections,
                                            GSettings          *settings);

/* A short message in the window (not a modal dialog). @type is a
 * GtkMessageType. */
void               yado_manager_window_show_message (YadoManagerWindow *self,
                                                     GtkMessageType     type,
                                                     const char        *primary,
                                                     const char        *secondary);

/* For tests: the parts a user sees and uses. */
GtkTreeView       *yado_manager_window_get_tree_view (YadoManagerWindow *self);
YadoVmList        *yado_manager_window_get_vm_list   (YadoManagerWindow *self);
GtkEntry          *yado_manager_window_get_search_entry (YadoManagerWindow *self);
GtkComboBox       *yado_manager_window_get_state_filter (YadoManagerWindow *self);
GtkLabel          *yado_manager_window_get_status_label (YadoManagerWindow *self);
GtkContainer      *yado_manager_window_get_message_area (YadoManagerWindow *self);
GtkTreeViewColumn *yado_manager_window_get_graph_column (YadoManagerWindow *self,
                                                         YadoGraphColumn    column);
/* Selects exactly these domains' rows. */
void               yado_manager_window_select_domains (YadoManagerWindow *self,
                                                       YadoDomain       **domains,
                                                       guint              n_domains);

G_END_DECLS
