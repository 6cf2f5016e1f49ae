/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-manager-window.h"
#include "yado-vm-list.h"

G_BEGIN_DECLS

/* Adds the manager list's columns to @view: state icon and name, then one
 * sparkline column per graph (stored in @graph_columns, in YadoGraphColumn
 * order). Cells read what they show from the row's object. */
void        yado_vm_columns_add (GtkTreeView       *view,
                                 YadoVmList        *list,
                                 GtkTreeViewColumn *graph_columns[YADO_N_GRAPH_COLUMNS]);

/* The setting id of a graph column ("guest-cpu", ...). */
const char *yado_vm_columns_get_id (YadoGraphColumn column);

/* The text of a connection row's second line: "Connecting…",
 * "Not connected", "Connection lost: …, retrying in 4 s", "3 VMs"... */
char       *yado_vm_columns_describe_connection (YadoConnection *connection);

G_END_DECLS
