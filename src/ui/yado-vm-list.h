/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-connection-list.h"
#include "yado-domain.h"

G_BEGIN_DECLS

/*
 * YadoVmList: the tree behind the manager window's list.
 *
 * Connections are top-level rows, their domains are children. The store
 * holds only the object of each row; cells read what they show from it, so
 * a change needs no copy, just a "row-changed" (coalesced: one per row per
 * main-loop iteration, however many properties changed). A filter (search
 * text, state) and a sort model sit on top; the view shows get_model().
 */

typedef enum {
  YADO_STATE_FILTER_ALL,
  YADO_STATE_FILTER_RUNNING,
  YADO_STATE_FILTER_STOPPED,
} YadoStateFilter;

/* Sort column ids of get_model(). */
typedef enum {
  YADO_VM_LIST_SORT_NAME,
  YADO_VM_LIST_SORT_STATE,
  YADO_VM_LIST_SORT_GUEST_CPU,
  YADO_VM_LIST_SORT_HOST_CPU,
  YADO_VM_LIST_SORT_MEMORY,
  YADO_VM_LIST_SORT_DISK_IO,
  YADO_VM_LIST_SORT_NET_IO,
} YadoVmListSort;

#define YADO_TYPE_VM_LIST (yado_vm_list_get_type ())
G_DECLARE_FINAL_TYPE (YadoVmList, yado_vm_list, YADO, VM_LIST, GObject)

YadoVmList   *yado_vm_list_new            (YadoConnectionList *connections);
/* The sorted, filtered model for a GtkTreeView. A bulk change (a
 * connection listing 10,000 domains) replaces it: see "model-replaced". */
GtkTreeModel *yado_vm_list_get_model      (YadoVmList *self);
/* Shows get_model() in @view, and keeps showing it across replacements. */
void          yado_vm_list_attach_view    (YadoVmList  *self,
                                           GtkTreeView *view);
void          yado_vm_list_set_search     (YadoVmList *self,
                                           const char *text);
void          yado_vm_list_set_state_filter (YadoVmList     *self,
                                             YadoStateFilter filter);
/* The object of a row of get_model(): a YadoConnection or a YadoDomain
 * (borrowed). */
GObject      *yado_vm_list_get_object     (YadoVmList  *self,
                                           GtkTreeIter *iter);
/* How many domain rows are in the store, and how many the filter shows. */
guint         yado_vm_list_count_domains  (YadoVmList *self);
guint         yado_vm_list_count_visible_domains (YadoVmList *self);
/* Path in get_model() of a domain or connection row, or NULL when hidden. */
GtkTreePath  *yado_vm_list_get_path       (YadoVmList *self,
                                           GObject    *object);

G_END_DECLS
