/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-connection.h"
#include "yado-vm-list.h"

enum { COLUMN_OBJECT, N_COLUMNS };

struct _YadoVmList {
  GObject             parent_instance;

  YadoConnectionList *connections;
  GtkTreeStore       *store;
  GtkTreeModel       *filter;
  GtkTreeModel       *sort;

  /* YadoConnection or YadoDomain -> GtkTreeIter in the store (tree store
   * iters stay valid while their row exists). */
  GHashTable         *iters;
  GHashTable         *connection_order;  /* YadoConnection -> position + 1 */
  GHashTable         *domain_models;     /* GListModel of domains -> YadoConnection */
  GHashTable         *dirty;             /* objects whose row needs redrawing */
  GHashTable         *collate_keys;      /* YadoDomain -> collation key of its name */
  guint               flush_source;

  char               *search;            /* casefolded, NULL when empty */
  GtkTreeView        *view;              /* weak: shows self->sort */
  int                 sort_column;
  GtkSortType         sort_order;
  YadoStateFilter     state_filter;
};

G_DEFINE_FINAL_TYPE (YadoVmList, yado_vm_list, G_TYPE_OBJECT)

enum { SIGNAL_STATS_UPDATED, SIGNAL_ROWS_CHANGED, SIGNAL_MODEL_REPLACED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- rows ---- */

static void mark_dirty (YadoVmList *self, gpointer object);

static GtkTreeIter *
iter_of (YadoVmList *self, gpointer object)
{
  return g_hash_table_lookup (self->iters, object);
}

/* Above this many rows at once, the filter and sort models are rebuilt
 * around the change instead of following it row by row. */
#define BULK_ROWS 64

static void begin_bulk_change (YadoVmList *self);
static void end_bulk_change (YadoVmList *self);

static void
insert_domain_rows (YadoVmList *self, YadoConnection *connection, GListModel *domains,
                    guint position, guint n)
{
  GtkTreeIter *parent = iter_of (self, connection);

  for (guint i = position; i < position + n; i++)
    {
      g_autoptr(YadoDomain) domain = g_list_model_get_item (domains, i);
      GtkTreeIter iter;

      /* Position 0: a GtkTreeStore computes the path of every new row,
       * which is O(1) at the front and walks all the children at the end.
       * The sort model puts them in order anyway. */
      gtk_tree_store_insert_with_values (self->store, &iter, parent, 0,
                                         COLUMN_OBJECT, domain, -1);
      g_hash_table_insert (self->iters, domain, gtk_tree_iter_copy (&iter));
    }
}

static void
remove_row (YadoVmList *self, gpointer object)
{
  GtkTreeIter *iter = iter_of (self, object);

  if (iter == NULL)
    return;
  g_hash_table_remove (self->dirty, object);
  g_hash_table_remove (self->collate_keys, object);
  gtk_tree_store_remove (self->store, iter);
  g_hash_table_remove (self->iters, object);
}

/* A GListModel says only where items went, not which: find the removed
 * ones as the rows whose object the model no longer holds. */
static void
remove_vanished_domain_rows (YadoVmList *self, YadoConnection *connection, GListModel *domains)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GtkTreeIter *parent = iter_of (self, connection);
  GtkTreeIter child;
  guint n = g_list_model_get_n_items (domains);
  gboolean valid;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) domain = g_list_model_get_item (domains, i);
      g_hash_table_add (present, domain);
    }
  valid = gtk_tree_model_iter_children (GTK_TREE_MODEL (self->store), &child, parent);
  while (valid)
    {
      GObject *object = NULL;

      gtk_tree_model_get (GTK_TREE_MODEL (self->store), &child, COLUMN_OBJECT, &object, -1);
      if (!g_hash_table_contains (present, object))
        g_ptr_array_add (gone, object);
      g_object_unref (object);
      valid = gtk_tree_model_iter_next (GTK_TREE_MODEL (self->store), &child);
    }
  for (guint i = 0; i < gone->len; i++)
    remove_row (self, g_ptr_array_index (gone, i));
}

static void
on_domains_changed (GListModel *domains, guint position, guint removed, guint added,
                    YadoVmList *self)
{
  YadoConnection *connection = g_hash_table_lookup (self->domain_models, domains);
  gboolean bulk = removed + added > BULK_ROWS;

  if (bulk)
    begin_bulk_change (self);
  if (removed > 0)
    remove_vanished_domain_rows (self, connection, domains);
  if (added > 0)
    insert_domain_rows (self, connection, domains, position, added);
  if (bulk)
    end_bulk_change (self);
  mark_dirty (self, connection);
}

static gboolean
flush_dirty_rows (gpointer data)
{
  YadoVmList *self = data;
  GHashTableIter it;
  gpointer object;

  self->flush_source = 0;
  g_hash_table_iter_init (&it, self->dirty);
  while (g_hash_table_iter_next (&it, &object, NULL))
    {
      GtkTreeIter *iter = iter_of (self, object);

      if (iter != NULL)
        {
          g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), iter);
          gtk_tree_model_row_changed (GTK_TREE_MODEL (self->store), path, iter);
        }
    }
  g_hash_table_remove_all (self->dirty);
  g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (YadoVmList *self, gpointer object)
{
  g_hash_table_remove (self->collate_keys, object); /* its title may have changed */
  g_hash_table_add (self->dirty, object);
  if (self->flush_source == 0)
    self->flush_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, flush_dirty_rows, self, NULL);
}

static void
on_domain_changed (YadoConnection *connection, YadoDomain *domain, YadoVmList *self)
{
  mark_dirty (self, domain);
}

static void
on_connection_notify (YadoConnection *connection, GParamSpec *pspec, YadoVmList *self)
{
  mark_dirty (self, connection);
}

static void
on_connection_stats (YadoConnection *connection, YadoVmList *self)
{
  g_signal_emit (self, signals[SIGNAL_STATS_UPDATED], 0, connection);
}

static void
add_connection_row (YadoVmList *self, YadoConnection *connection, guint position)
{
  GListModel *domains = yado_connection_get_domains (connection);
  GtkTreeIter iter;

  /* Its place first: the sort model orders the new row by it. */
  g_hash_table_insert (self->connection_order, connection, GUINT_TO_POINTER (position + 1));
  g_hash_table_insert (self->domain_models, domains, connection);
  gtk_tree_store_insert_with_values (self->store, &iter, NULL, -1,
                                     COLUMN_OBJECT, connection, -1);
  g_hash_table_insert (self->iters, connection, gtk_tree_iter_copy (&iter));

  g_signal_connect_object (domains, "items-changed", G_CALLBACK (on_domains_changed), self, 0);
  g_signal_connect_object (connection, "domain-changed", G_CALLBACK (on_domain_changed), self, 0);
  g_signal_connect_object (connection, "notify", G_CALLBACK (on_connection_notify), self, 0);
  g_signal_connect_object (connection, "stats-updated", G_CALLBACK (on_connection_stats), self, 0);
  insert_domain_rows (self, connection, domains, 0, g_list_model_get_n_items (domains));
}

static void
remove_connection_row (YadoVmList *self, YadoConnection *connection)
{
  GListModel *domains = yado_connection_get_domains (connection);
  guint n = g_list_model_get_n_items (domains);

  g_signal_handlers_disconnect_by_data (domains, self);
  g_signal_handlers_disconnect_by_data (connection, self);
  g_hash_table_remove (self->domain_models, domains);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) domain = g_list_model_get_item (domains, i);
      g_hash_table_remove (self->dirty, domain);
      g_hash_table_remove (self->collate_keys, domain);
      g_hash_table_remove (self->iters, domain);
    }
  remove_row (self, connection);
  g_hash_table_remove (self->connection_order, connection);
  g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
}

static void
on_connections_changed (GListModel *model, guint position, guint removed, guint added,
                        YadoVmList *self)
{
  GHashTableIter it;
  gpointer object;
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) connection = g_list_model_get_item (model, i);

      g_hash_table_add (present, connection);
      if (!g_hash_table_contains (self->connection_order, connection))
        add_connection_row (self, YADO_CONNECTION (connection), i);
      else
        g_hash_table_insert (self->connection_order, connection, GUINT_TO_POINTER (i + 1));
    }
  g_hash_table_iter_init (&it, self->connection_order);
  while (g_hash_table_iter_next (&it, &object, NULL))
    if (!g_hash_table_contains (present, object))
      g_ptr_array_add (gone, object);
  for (guint i = 0; i < gone->len; i++)
    remove_connection_row (self, g_ptr_array_index (gone, i));
}

/* ---- filter ---- */

static gboolean
state_passes (YadoVmList *self, YadoDomain *domain)
{
  switch (self->state_filter)
    {
    case YADO_STATE_FILTER_RUNNING: return yado_domain_is_active (domain);
    case YADO_STATE_FILTER_STOPPED: return !yado_domain_is_active (domain);
    case YADO_STATE_FILTER_ALL:
    default: return TRUE;
    }
}

static gboolean
text_contains (const char *haystack, const char *casefolded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, casefolded_needle) != NULL;
}

static gboolean
search_passes (YadoVmList *self, YadoDomain *domain)
{
  if (self->search == NULL)
    return TRUE;
  return text_contains (yado_domain_get_name (domain), self->search)
         || text_contains (yado_domain_get_title (domain), self->search)
         || text_contains (yado_domain_get_state_text (domain), self->search);
}

static gboolean
row_visible (GtkTreeModel *model, GtkTreeIter *iter, gpointer data)
{
  YadoVmList *self = data;
  g_autoptr(GObject) object = NULL;

  gtk_tree_model_get (model, iter, COLUMN_OBJECT, &object, -1);
  /* Connections always show, so their state and errors stay in sight. */
  if (object == NULL || YADO_IS_CONNECTION (object))
    return TRUE;
  return state_passes (self, YADO_DOMAIN (object)) && search_passes (self, YADO_DOMAIN (object));
}

/* ---- sort ---- */

static double
graph_value (GObject *object, YadoGraph graph)
{
  return YADO_IS_DOMAIN (object) ? yado_domain_get_latest (YADO_DOMAIN (object), graph) : 0;
}

/* g_utf8_collate() per comparison is slow for 10,000 rows: keep each
 * name's collation key. */
static const char *
collate_key (YadoVmList *self, YadoDomain *domain)
{
  char *key = g_hash_table_lookup (self->collate_keys, domain);

  if (key == NULL)
    {
      key = g_utf8_collate_key (yado_domain_get_display_name (domain), -1);
      g_hash_table_insert (self->collate_keys, domain, key);
    }
  return key;
}

static int
compare_doubles (double a, double b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_rows (GtkTreeModel *model, GtkTreeIter *a, GtkTreeIter *b, gpointer data)
{
  YadoVmListSort column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (model), "yado-sort"));
  YadoVmList *self = g_object_get_data (G_OBJECT (model), "yado-vm-list");
  g_autoptr(GObject) oa = NULL;
  g_autoptr(GObject) ob = NULL;

  gtk_tree_model_get (model, a, COLUMN_OBJECT, &oa, -1);
  gtk_tree_model_get (model, b, COLUMN_OBJECT, &ob, -1);
  if (oa == NULL || ob == NULL)
    return 0;
  if (YADO_IS_CONNECTION (oa) || YADO_IS_CONNECTION (ob))
    return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->connection_order, oa))
           - (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->connection_order, ob));

  switch (column)
    {
    case YADO_VM_LIST_SORT_STATE:
      return (int) yado_domain_get_state (YADO_DOMAIN (oa)) - (int) yado_domain_get_state (YADO_DOMAIN (ob));
    case YADO_VM_LIST_SORT_GUEST_CPU: return compare_doubles (graph_value (oa, YADO_GRAPH_GUEST_CPU), graph_value (ob, YADO_GRAPH_GUEST_CPU));
    case YADO_VM_LIST_SORT_HOST_CPU: return compare_doubles (graph_value (oa, YADO_GRAPH_HOST_CPU), graph_value (ob, YADO_GRAPH_HOST_CPU));
    case YADO_VM_LIST_SORT_MEMORY: return compare_doubles (graph_value (oa, YADO_GRAPH_MEMORY), graph_value (ob, YADO_GRAPH_MEMORY));
    case YADO_VM_LIST_SORT_DISK_IO: return compare_doubles (graph_value (oa, YADO_GRAPH_DISK_IO), graph_value (ob, YADO_GRAPH_DISK_IO));
    case YADO_VM_LIST_SORT_NET_IO: return compare_doubles (graph_value (oa, YADO_GRAPH_NET_IO), graph_value (ob, YADO_GRAPH_NET_IO));
    case YADO_VM_LIST_SORT_NAME:
    default:
      return strcmp (collate_key (self, YADO_DOMAIN (oa)), collate_key (self, YADO_DOMAIN (ob)));
    }
}

static void on_sort_column_changed (GtkTreeSortable *sortable, YadoVmList *self);

/* The filter and sort models on top of the store, sorted as the user last
 * chose. */
static void
create_view_models (YadoVmList *self)
{
  GtkTreeSortable *sortable;

  self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
  gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter),
                                          row_visible, self, NULL);
  g_object_set_data (G_OBJECT (self->filter), "yado-vm-list", self);
  self->sort = gtk_tree_model_sort_new_with_model (self->filter);
  sortable = GTK_TREE_SORTABLE (self->sort);
  for (int column = YADO_VM_LIST_SORT_NAME; column <= YADO_VM_LIST_SORT_NET_IO; column++)
    gtk_tree_sortable_set_sort_func (sortable, column, compare_rows, self, NULL);
  g_signal_connect (self->sort, "sort-column-changed", G_CALLBACK (on_sort_column_changed), self);
  gtk_tree_sortable_set_sort_column_id (sortable, self->sort_column, self->sort_order);
}

/* Drops the filter and sort models (and the view's hold on them) so that
 * a large change to the store costs what it costs the store alone. */
static void
begin_bulk_change (YadoVmList *self)
{
  if (self->view != NULL)
    gtk_tree_view_set_model (self->view, NULL);
  g_clear_object (&self->sort);
  g_clear_object (&self->filter);
}

static void
end_bulk_change (YadoVmList *self)
{
  create_view_models (self);
  if (self->view != NULL)
    gtk_tree_view_set_model (self->view, self->sort);
  g_signal_emit (self, signals[SIGNAL_MODEL_REPLACED], 0);
}

/* The sort func is given the child model (the filter): it learns which
 * column sorts from there. */
static void
on_sort_column_changed (GtkTreeSortable *sortable, YadoVmList *self)
{
  int column = 0;
  GtkSortType order;

  if (!gtk_tree_sortable_get_sort_column_id (sortable, &column, &order) || column < 0)
    return;
  self->sort_column = column;
  self->sort_order = order;
  g_object_set_data (G_OBJECT (self->filter), "yado-sort", GINT_TO_POINTER (column));
}

/* While rows are sorted by a graph, a statistics tick reorders them. */
static gboolean
sorting_by_graph (YadoVmList *self)
{
  return self->sort_column >= YADO_VM_LIST_SORT_GUEST_CPU;
}

static void
on_stats_resort (YadoVmList *self, YadoConnection *connection)
{
  GListModel *domains = yado_connection_get_domains (connection);
  guint n = g_list_model_get_n_items (domains);

  if (!sorting_by_graph (self))
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) domain = g_list_model_get_item (domains, i);
      mark_dirty (self, domain);
    }
}

/* ---- GObject ---- */

static void
yado_vm_list_dispose (GObject *object)
{
  YadoVmList *self = YADO_VM_LIST (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->connections != NULL)
    {
      GListModel *model = yado_connection_list_get_model (self->connections);
      guint n = g_list_model_get_n_items (model);

      g_signal_handlers_disconnect_by_data (model, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(YadoConnection) connection = g_list_model_get_item (model, i);
          g_signal_handlers_disconnect_by_data (yado_connection_get_domains (connection), self);
          g_signal_handlers_disconnect_by_data (connection, self);
        }
    }
  g_clear_object (&self->connections);
  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->sort);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (yado_vm_list_parent_class)->dispose (object);
}

static void
yado_vm_list_finalize (GObject *object)
{
  YadoVmList *self = YADO_VM_LIST (object);

  g_hash_table_unref (self->iters);
  g_hash_table_unref (self->connection_order);
  g_hash_table_unref (self->domain_models);
  g_hash_table_unref (self->dirty);
  g_hash_table_unref (self->collate_keys);
  g_free (self->search);
  G_OBJECT_CLASS (yado_vm_list_parent_class)->finalize (object);
}

static void
yado_vm_list_class_init (YadoVmListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yado_vm_list_dispose;
  object_class->finalize = yado_vm_list_finalize;

  /* Once per connection per tick: the view redraws its visible graphs. */
  signals[SIGNAL_STATS_UPDATED] =
    g_signal_new ("stats-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, YADO_TYPE_CONNECTION);
  /* After a bulk change (the view has a new model) or a new filter: groups
   * may have collapsed and the selection may be gone. */
  signals[SIGNAL_MODEL_REPLACED] =
    g_signal_new ("model-replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* After a batch of rows was added, removed or redrawn. */
  signals[SIGNAL_ROWS_CHANGED] =
    g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yado_vm_list_init (YadoVmList *self)
{
  self->iters = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) gtk_tree_iter_free);
  self->connection_order = g_hash_table_new (NULL, NULL);
  self->domain_models = g_hash_table_new (NULL, NULL);
  self->dirty = g_hash_table_new (NULL, NULL);
  self->collate_keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

YadoVmList *
yado_vm_list_new (YadoConnectionList *connections)
{
  YadoVmList *self = g_object_new (YADO_TYPE_VM_LIST, NULL);
  GListModel *model = yado_connection_list_get_model (connections);

  self->connections = g_object_ref (connections);
  self->store = gtk_tree_store_new (N_COLUMNS, G_TYPE_OBJECT);
  create_view_models (self);
  g_signal_connect (self, "stats-updated", G_CALLBACK (on_stats_resort), NULL);

  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_connections_changed), self, 0);
  on_connections_changed (model, 0, 0, g_list_model_get_n_items (model), self);
  return self;
}

GtkTreeModel *
yado_vm_list_get_model (YadoVmList *self)
{
  return self->sort;
}

void
yado_vm_list_attach_view (YadoVmList *self, GtkTreeView *view)
{
  g_set_weak_pointer (&self->view, view);
  gtk_tree_view_set_model (view, self->sort);
}

static void
refilter (YadoVmList *self)
{
  gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
  /* GTK 3.24's sort model can keep stale rows of a collapsed group after
   * its child filter changed; dropping its cache rebuilds it from the
   * filter. */
  gtk_tree_model_sort_clear_cache (GTK_TREE_MODEL_SORT (self->sort));
  g_signal_emit (self, signals[SIGNAL_MODEL_REPLACED], 0);
}

void
yado_vm_list_set_search (YadoVmList *self, const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  char *folded = *stripped ? g_utf8_casefold (stripped, -1) : NULL;

  if (g_strcmp0 (folded, self->search) == 0)
    {
      g_free (folded);
      return;
    }
  g_free (self->search);
  self->search = folded;
  refilter (self);
}

void
yado_vm_list_set_state_filter (YadoVmList *self, YadoStateFilter filter)
{
  if (self->state_filter == filter)
    return;
  self->state_filter = filter;
  refilter (self);
}

GObject *
yado_vm_list_get_object (YadoVmList *self, GtkTreeIter *iter)
{
  GObject *object = NULL;

  gtk_tree_model_get (self->sort, iter, COLUMN_OBJECT, &object, -1);
  if (object != NULL)
    g_object_unref (object); /* the store keeps its reference */
  return object;
}

guint
yado_vm_list_count_domains (YadoVmList *self)
{
  return g_hash_table_size (self->iters) - g_hash_table_size (self->connection_order);
}

guint
yado_vm_list_count_visible_domains (YadoVmList *self)
{
  GtkTreeIter parent;
  guint count = 0;
  gboolean valid = gtk_tree_model_get_iter_first (self->filter, &parent);

  while (valid)
    {
      count += gtk_tree_model_iter_n_children (self->filter, &parent);
      valid = gtk_tree_model_iter_next (self->filter, &parent);
    }
  return count;
}

GtkTreePath *
yado_vm_list_get_path (YadoVmList *self, GObject *object)
{
  GtkTreeIter *iter = iter_of (self, object);
  GtkTreeIter filter_iter, sort_iter;

  if (iter == NULL
      || !gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                            &filter_iter, iter))
    return NULL;
  gtk_tree_model_sort_convert_child_iter_to_iter (GTK_TREE_MODEL_SORT (self->sort),
                                                  &sort_iter, &filter_iter);
  return gtk_tree_model_get_path (self->sort, &sort_iter);
}
