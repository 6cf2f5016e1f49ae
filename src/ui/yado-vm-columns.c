/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-cell-renderer-sparkline.h"
#include "yado-connection.h"
#include "yado-format.h"
#include "yado-vm-columns.h"

#define NAME_COLUMN_WIDTH 280
#define GRAPH_COLUMN_WIDTH 118

typedef struct {
  const char    *id;
  const char    *title;
  YadoGraph      graph;
  YadoVmListSort sort;
  gboolean       is_rate;   /* bytes/s, auto-scaled; else a percentage */
} GraphColumnInfo;

static const GraphColumnInfo graph_columns[YADO_N_GRAPH_COLUMNS] = {
  { "guest-cpu", N_("Guest CPU"), YADO_GRAPH_GUEST_CPU, YADO_VM_LIST_SORT_GUEST_CPU, FALSE },
  { "host-cpu", N_("Host CPU"), YADO_GRAPH_HOST_CPU, YADO_VM_LIST_SORT_HOST_CPU, FALSE },
  { "memory", N_("Memory"), YADO_GRAPH_MEMORY, YADO_VM_LIST_SORT_MEMORY, FALSE },
  { "disk-io", N_("Disk I/O"), YADO_GRAPH_DISK_IO, YADO_VM_LIST_SORT_DISK_IO, TRUE },
  { "net-io", N_("Network I/O"), YADO_GRAPH_NET_IO, YADO_VM_LIST_SORT_NET_IO, TRUE },
};

const char *
yado_vm_columns_get_id (YadoGraphColumn column)
{
  g_return_val_if_fail (column < YADO_N_GRAPH_COLUMNS, NULL);
  return graph_columns[column].id;
}

static GObject *
row_object (GtkTreeModel *model, GtkTreeIter *iter)
{
  GObject *object = NULL;

  gtk_tree_model_get (model, iter, 0, &object, -1);
  if (object != NULL)
    g_object_unref (object); /* the store keeps a reference */
  return object;
}

char *
yado_vm_columns_describe_connection (YadoConnection *connection)
{
  const char *message = yado_connection_get_error_message (connection);

  switch (yado_connection_get_state (connection))
    {
    case YADO_CONNECTION_CONNECTING:
      if (yado_connection_get_asking (connection))
        return g_strdup (_("Waiting for you to log in…"));
      return g_strdup (_("Connecting…"));
    case YADO_CONNECTION_FAILED:
      return g_strdup_printf (_("Not connected: %s"), message ? message : _("unknown error"));
    case YADO_CONNECTION_LOST:
      {
        int seconds = yado_connection_get_retry_in_seconds (connection);

        if (seconds < 0)
          return g_strdup (message);
        return g_strdup_printf (ngettext ("%s — retrying in %d second",
                                          "%s — retrying in %d seconds", seconds),
                                message, seconds);
      }
    case YADO_CONNECTION_CONNECTED:
      {
        guint n = g_list_model_get_n_items (yado_connection_get_domains (connection));

        if (yado_connection_get_read_only (connection))
          return g_strdup_printf (ngettext ("%u virtual machine · read-only",
                                            "%u virtual machines · read-only", n), n);
        return g_strdup_printf (ngettext ("%u virtual machine", "%u virtual machines", n), n);
      }
    case YADO_CONNECTION_DISCONNECTED:
    default:
      return g_strdup (_("Not connected — double-click to connect"));
    }
}

static const char *
connection_icon_name (YadoConnection *connection)
{
  switch (yado_connection_get_state (connection))
    {
    case YADO_CONNECTION_FAILED: return "network-error-symbolic";
    case YADO_CONNECTION_LOST: return "network-offline-symbolic";
    case YADO_CONNECTION_CONNECTING: return "emblem-synchronizing-symbolic";
    default:
      return yado_connection_is_remote (connection) ? "network-server-symbolic"
                                                    : "computer-symbolic";
    }
}

static void
icon_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
                GtkTreeIter *iter, gpointer data)
{
  GObject *object = row_object (model, iter);
  const char *icon_name = NULL;

  if (YADO_IS_DOMAIN (object))
    icon_name = yado_domain_state_to_icon_name (yado_domain_get_state (YADO_DOMAIN (object)),
                                                yado_domain_get_has_managed_save (YADO_DOMAIN (object)));
  else if (YADO_IS_CONNECTION (object))
    icon_name = connection_icon_name (YADO_CONNECTION (object));
  g_object_set (cell, "icon-name", icon_name, NULL);
}

static char *
domain_markup (YadoDomain *domain)
{
  const char *title = yado_domain_get_title (domain);
  const char *state = yado_domain_get_state_text (domain);

  /* With a title, the name follows in grey: both are searched, both seen. */
  if (title != NULL)
    return g_markup_printf_escaped ("<b>%s</b>  <span alpha=\"60%%\">%s</span>\n<small>%s</small>",
                                    title, yado_domain_get_name (domain), state);
  return g_markup_printf_escaped ("<b>%s</b>\n<small>%s</small>",
                                  yado_domain_get_name (domain), state);
}

static char *
connection_markup (YadoConnection *connection)
{
  g_autofree char *status = yado_vm_columns_describe_connection (connection);
  YadoConnectionState state = yado_connection_get_state (connection);
  gboolean bad = state == YADO_CONNECTION_FAILED || state == YADO_CONNECTION_LOST;

  return g_markup_printf_escaped (bad ? "<b>%s</b>\n<small><span foreground=\"#c01c28\">%s</span></small>"
                                      : "<b>%s</b>\n<small>%s</small>",
                                  yado_connection_get_display_name (connection), status);
}

static void
name_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
                GtkTreeIter *iter, gpointer data)
{
  GObject *object = row_object (model, iter);
  g_autofree char *markup = NULL;

  if (YADO_IS_DOMAIN (object))
    markup = domain_markup (YADO_DOMAIN (object));
  else if (YADO_IS_CONNECTION (object))
    markup = connection_markup (YADO_CONNECTION (object));
  g_object_set (cell, "markup", markup, NULL);
}

static char *
format_value (const GraphColumnInfo *info, double value)
{
  if (value < 0)
    return NULL;
  return info->is_rate ? yado_format_rate (value) : yado_format_percent (value);
}

/* A connection row shows the host's own CPU and memory graphs. */
static const YadoHistory *
connection_history (YadoConnection *connection, YadoGraph graph)
{
  if (yado_connection_get_state (connection) != YADO_CONNECTION_CONNECTED)
    return NULL;
  if (graph == YADO_GRAPH_HOST_CPU)
    return yado_connection_get_host_cpu_history (connection);
  if (graph == YADO_GRAPH_MEMORY)
    return yado_connection_get_host_memory_history (connection);
  return NULL;
}

static void
graph_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
                 GtkTreeIter *iter, gpointer data)
{
  const GraphColumnInfo *info = data;
  GObject *object = row_object (model, iter);
  const YadoHistory *history = NULL;
  g_autofree char *text = NULL;

  if (YADO_IS_DOMAIN (object) && yado_domain_is_active (YADO_DOMAIN (object)))
    history = yado_domain_get_history (YADO_DOMAIN (object), info->graph);
  else if (YADO_IS_CONNECTION (object))
    history = connection_history (YADO_CONNECTION (object), info->graph);

  if (history != NULL && history->count > 0)
    text = format_value (info, yado_history_latest (history));
  g_object_set (cell, "history", history, "text", text, NULL);
}

static void
add_name_column (GtkTreeView *view)
{
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();
  GtkCellRenderer *icon = gtk_cell_renderer_pixbuf_new ();
  GtkCellRenderer *text = gtk_cell_renderer_text_new ();

  gtk_tree_view_column_set_title (column, _("Name"));
  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, NAME_COLUMN_WIDTH);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_column_set_expand (column, TRUE);
  gtk_tree_view_column_set_sort_column_id (column, YADO_VM_LIST_SORT_NAME);

  g_object_set (icon, "stock-size", GTK_ICON_SIZE_LARGE_TOOLBAR, "xpad", 6, NULL);
  gtk_tree_view_column_pack_start (column, icon, FALSE);
  gtk_tree_view_column_set_cell_data_func (column, icon, icon_cell_data, NULL, NULL);

  g_object_set (text, "ellipsize", PANGO_ELLIPSIZE_END, "ypad", 4, NULL);
  gtk_tree_view_column_pack_start (column, text, TRUE);
  gtk_tree_view_column_set_cell_data_func (column, text, name_cell_data, NULL, NULL);
  gtk_tree_view_append_column (view, column);
}

static GtkTreeViewColumn *
add_graph_column (GtkTreeView *view, const GraphColumnInfo *info)
{
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();
  GtkCellRenderer *cell = yado_cell_renderer_sparkline_new ();

  gtk_tree_view_column_set_title (column, _(info->title));
  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, GRAPH_COLUMN_WIDTH);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_column_set_sort_column_id (column, info->sort);
  g_object_set (cell, "max-value", info->is_rate ? 0.0 : 100.0, "ypad", 4, "xpad", 4, NULL);
  gtk_tree_view_column_pack_start (column, cell, TRUE);
  gtk_tree_view_column_set_cell_data_func (column, cell, graph_cell_data,
                                           (gpointer) info, NULL);
  gtk_tree_view_append_column (view, column);
  return column;
}

void
yado_vm_columns_add (GtkTreeView       *view,
                     YadoVmList        *list,
                     GtkTreeViewColumn *out[YADO_N_GRAPH_COLUMNS])
{
  add_name_column (view);
  for (guint i = 0; i < YADO_N_GRAPH_COLUMNS; i++)
    out[i] = add_graph_column (view, &graph_columns[i]);
}
