/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-connection.h"
#include "yado-delete-dialog.h"
#include "yado-domain.h"
#include "yado-error.h"
#include "yado-lifecycle-actions.h"
#include "yado-manager-window.h"
#include "yado-new-vm-wizard.h"
#include "yado-application.h"
#include "yado-vm-columns.h"

struct _YadoManagerWindow {
  GtkApplicationWindow parent_instance;

  /* Template children */
  GtkToolbar          *toolbar;
  GtkToolButton       *run_button;
  GtkToolButton       *pause_button;
  GtkToolButton       *resume_button;
  GtkMenuToolButton   *shutdown_button;
  GtkSearchEntry      *search_entry;
  GtkComboBoxText     *state_filter_combo;
  GtkBox              *message_area;
  GtkTreeView         *tree_view;
  GtkLabel            *status_label;

  YadoConnectionList  *connections;
  GSettings           *settings;
  YadoVmList          *vm_list;
  GtkTreeViewColumn   *graph_columns[YADO_N_GRAPH_COLUMNS];
  GMenuModel          *domain_menu;
  GMenuModel          *connection_menu;

  GHashTable          *connection_bars;  /* YadoConnection -> GtkInfoBar */
  guint                countdown_source; /* refreshes "retrying in N s" */
  guint                refresh_source;   /* coalesces action/status updates */
  gboolean             bench_reported;
  gboolean             expanding;        /* we expand, not the user */
};

G_DEFINE_FINAL_TYPE (YadoManagerWindow, yado_manager_window, GTK_TYPE_APPLICATION_WINDOW)

enum { SIGNAL_OPEN_DOMAIN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update_actions (YadoManagerWindow *self);
static void sync_connection_bars (YadoManagerWindow *self);

/* ---- selection ---- */

typedef struct {
  GPtrArray      *domains;     /* YadoDomain, borrowed */
  YadoConnection *connection;  /* a selected connection row, or NULL */
} Selection;

static void
selection_clear (Selection *selection)
{
  g_clear_pointer (&selection->domains, g_ptr_array_unref);
}

static void
collect_selected (GtkTreeModel *model, GtkTreePath *path, GtkTreeIter *iter, gpointer data)
{
  Selection *selection = data;
  GObject *object = NULL;

  gtk_tree_model_get (model, iter, 0, &object, -1);
  if (YADO_IS_DOMAIN (object))
    g_ptr_array_add (selection->domains, object);
  else if (YADO_IS_CONNECTION (object))
    selection->connection = YADO_CONNECTION (object);
  g_clear_object (&object);
}

static Selection
get_selection (YadoManagerWindow *self)
{
  Selection selection = { g_ptr_array_new (), NULL };

  gtk_tree_selection_selected_foreach (gtk_tree_view_get_selection (self->tree_view),
                                       collect_selected, &selection);
  return selection;
}

void
yado_manager_window_select_domains (YadoManagerWindow *self, YadoDomain **domains, guint n)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);

  gtk_tree_selection_unselect_all (selection);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreePath) path = yado_vm_list_get_path (self->vm_list, G_OBJECT (domains[i]));

      if (path == NULL)
        continue;
      gtk_tree_view_expand_to_path (self->tree_view, path);
      gtk_tree_selection_select_path (selection, path);
    }
}

/* ---- messages ---- */

static void
on_message_response (GtkInfoBar *bar, int response, gpointer data)
{
  gtk_widget_destroy (GTK_WIDGET (bar));
}

static GtkWidget *
message_bar_new (GtkMessageType type, const char *primary, const char *secondary)
{
  GtkWidget *bar = gtk_info_bar_new ();
  g_autofree char *markup = secondary
    ? g_markup_printf_escaped ("<b>%s</b>\n%s", primary, secondary)
    : g_markup_printf_escaped ("<b>%s</b>", primary);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), type);
  gtk_container_add (GTK_CONTAINER (gtk_info_bar_get_content_area (GTK_INFO_BAR (bar))), label);
  g_object_set_data (G_OBJECT (bar), "yado-label", label);
  gtk_widget_show_all (bar);
  return bar;
}

void
yado_manager_window_show_message (YadoManagerWindow *self, GtkMessageType type,
                                  const char *primary, const char *secondary)
{
  GtkWidget *bar = message_bar_new (type, primary, secondary);

  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (bar), TRUE);
  g_signal_connect (bar, "response", G_CALLBACK (on_message_response), NULL);
  gtk_box_pack_end (self->message_area, bar, FALSE, FALSE, 0);
}

static void
show_not_available (YadoManagerWindow *self, const char *what)
{
  g_autofree char *primary = g_strdup_printf (_("%s is not available yet."), what);

  yado_manager_window_show_message (self, GTK_MESSAGE_INFO, primary,
                                    _("It comes with a later version of Yado."));
}

/* ---- connection bars: failed and lost connections, with Retry ---- */

enum { RESPONSE_RETRY = 1, RESPONSE_DISCONNECT = 2 };

static void
on_connection_bar_response (GtkInfoBar *bar, int response, YadoConnection *connection)
{
  if (response == RESPONSE_RETRY)
    yado_connection_retry_now (connection);
  else if (response == RESPONSE_DISCONNECT)
    yado_connection_close (connection);
}

static GtkWidget *
connection_bar_new (YadoConnection *connection)
{
  GtkWidget *bar = message_bar_new (GTK_MESSAGE_ERROR, "", NULL);
  GtkWidget *retry = gtk_info_bar_add_button (GTK_INFO_BAR (bar), _("_Retry"), RESPONSE_RETRY);

  gtk_info_bar_add_button (GTK_INFO_BAR (bar), _("_Disconnect"), RESPONSE_DISCONNECT);
  atk_object_set_name (gtk_widget_get_accessible (retry), _("Retry"));
  g_signal_connect_object (bar, "response", G_CALLBACK (on_connection_bar_response),
                           connection, 0);
  return bar;
}

/* libvirt's own words under the explanation, small and dim: selectable
 * like the rest, to search for or to paste into a bug report. */
static char *
detail_markup (YadoConnection *connection)
{
  const char *detail = yado_connection_get_error_detail (connection);

  if (detail == NULL)
    return g_strdup ("");
  return g_markup_printf_escaped ("\n<small><span alpha=\"65%%\">%s</span></small>", detail);
}

static void
update_connection_bar (GtkInfoBar *bar, YadoConnection *connection)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (bar), "yado-label");
  gboolean lost = yado_connection_get_state (connection) == YADO_CONNECTION_LOST;
  g_autofree char *status = yado_vm_columns_describe_connection (connection);
  g_autofree char *markup = NULL;
  g_autofree char *detail = detail_markup (connection);
  g_autofree char *all = NULL;

  const char *message = yado_connection_get_error_message (connection);

  /* A lost connection says when it retries; a failed one, just why. */
  markup = g_markup_printf_escaped (lost ? _("<b>%s: connection lost</b>\n%s")
                                         : _("<b>Could not connect to %s</b>\n%s"),
                                    yado_connection_get_display_name (connection),
                                    lost ? status : message);
  all = g_strconcat (markup, detail, NULL);
  gtk_label_set_markup (label, all);
  gtk_info_bar_set_message_type (bar, lost ? GTK_MESSAGE_WARNING : GTK_MESSAGE_ERROR);
}

static gboolean
on_countdown (gpointer data)
{
  YadoManagerWindow *self = data;

  sync_connection_bars (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
  return G_SOURCE_CONTINUE;
}

static void
sync_connection_bars (YadoManagerWindow *self)
{
  GListModel *model = yado_connection_list_get_model (self->connections);
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
  gboolean any_lost = FALSE;
  GHashTableIter iter;
  gpointer connection, bar;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);
      YadoConnectionState state = yado_connection_get_state (c);

      if (state != YADO_CONNECTION_FAILED && state != YADO_CONNECTION_LOST)
        continue;
      any_lost |= state == YADO_CONNECTION_LOST;
      g_hash_table_add (wanted, c);
      bar = g_hash_table_lookup (self->connection_bars, c);
      if (bar == NULL)
        {
          bar = connection_bar_new (c);
          g_hash_table_insert (self->connection_bars, c, bar);
          gtk_box_pack_start (self->message_area, bar, FALSE, FALSE, 0);
        }
      update_connection_bar (bar, c);
    }

  g_hash_table_iter_init (&iter, self->connection_bars);
  while (g_hash_table_iter_next (&iter, &connection, &bar))
    if (!g_hash_table_contains (wanted, connection))
      {
        gtk_widget_destroy (bar);
        g_hash_table_iter_remove (&iter);
      }

  if (any_lost && self->countdown_source == 0)
    self->countdown_source = g_timeout_add_seconds (1, on_countdown, self);
  else if (!any_lost)
    g_clear_handle_id (&self->countdown_source, g_source_remove);
}

/* ---- status line ---- */

static void
update_status (YadoManagerWindow *self)
{
  GListModel *model = yado_connection_list_get_model (self->connections);
  guint total = 0, running = 0, shown = yado_vm_list_count_visible_domains (self->vm_list);
  g_autofree char *text = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);
      GListModel *domains = yado_connection_get_domains (c);
      guint n = g_list_model_get_n_items (domains);

      total += n;
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(YadoDomain) d = g_list_model_get_item (domains, j);
          running += yado_domain_is_active (d);
        }
    }
  if (shown == total)
    text = g_strdup_printf (_("%u virtual machines, %u running"), total, running);
  else
    text = g_strdup_printf (_("%u virtual machines, %u running — %u shown"), total, running, shown);
  gtk_label_set_text (self->status_label, text);
}

/* The benchmark (bench/run-bench.py) waits for this line. */
static void
report_bench_listing (YadoManagerWindow *self)
{
  GListModel *model = yado_connection_list_get_model (self->connections);
  guint n_items = g_list_model_get_n_items (model);

  if (self->bench_reported || n_items == 0 || g_getenv ("YADO_BENCH") == NULL)
    return;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);

      if (!yado_connection_get_domains_listed (c))
        return;
    }
  self->bench_reported = TRUE;
  g_print ("yado-bench: listed %u domains realtime_us=%" G_GINT64_FORMAT "\n",
           yado_vm_list_count_domains (self->vm_list), g_get_real_time ());
  fflush (stdout);
}

static gboolean
refresh_idle (gpointer data)
{
  YadoManagerWindow *self = data;

  self->refresh_source = 0;
  update_actions (self);
  update_status (self);
  sync_connection_bars (self);
  report_bench_listing (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (YadoManagerWindow *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_idle, self);
}

static void
expand_new_connection_rows (YadoManagerWindow *self)
{
  GListModel *model = yado_connection_list_get_model (self->connections);

  /* A connection's group opens when it has rows, unless the user closed
   * it (a rebuilt model starts collapsed: reopen what was open). */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);
      g_autoptr(GtkTreePath) path = NULL;

      if (g_object_get_data (G_OBJECT (c), "yado-collapsed") != NULL
          || g_list_model_get_n_items (yado_connection_get_domains (c)) == 0)
        continue;
      path = yado_vm_list_get_path (self->vm_list, G_OBJECT (c));
      if (path != NULL && !gtk_tree_view_row_expanded (self->tree_view, path))
        {
          self->expanding = TRUE;
          gtk_tree_view_expand_row (self->tree_view, path, FALSE);
          self->expanding = FALSE;
        }
    }
}

static void
on_rows_changed (YadoVmList *list, YadoManagerWindow *self)
{
  expand_new_connection_rows (self);
  queue_refresh (self);
}

static void
on_model_replaced (YadoVmList *list, YadoManagerWindow *self)
{
  expand_new_connection_rows (self);
  queue_refresh (self);
}

/* Remembers which groups the user closed, so a rebuilt list keeps them so. */
static void
on_row_expanded_or_collapsed (GtkTreeView *view, GtkTreeIter *iter, GtkTreePath *path,
                              YadoManagerWindow *self)
{
  GObject *object = yado_vm_list_get_object (self->vm_list, iter);

  if (self->expanding || !YADO_IS_CONNECTION (object))
    return;
  g_object_set_data (object, "yado-collapsed",
                     gtk_tree_view_row_expanded (view, path) ? NULL : GINT_TO_POINTER (1));
}

static void
on_stats_updated (YadoVmList *list, YadoConnection *connection, YadoManagerWindow *self)
{
  /* Cells read the graphs when drawn: only visible rows cost anything. */
  gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
}

/* ---- actions ---- */

static void
set_action_enabled (YadoManagerWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* FALSE when a selected VM's host is read-only: nothing may change. */
static gboolean
writable (const Selection *selection)
{
  for (guint i = 0; i < selection->domains->len; i++)
    if (yado_connection_get_read_only (
          yado_domain_get_connection (g_ptr_array_index (selection->domains, i))))
      return FALSE;
  return TRUE;
}

static void
update_actions (YadoManagerWindow *self)
{
  Selection selection = get_selection (self);
  YadoConnection *c = selection.connection;
  YadoConnectionState cstate = c ? yado_connection_get_state (c) : YADO_CONNECTION_DISCONNECTED;

  yado_lifecycle_actions_update (G_ACTION_MAP (self), selection.domains);
  gtk_tool_button_set_label (self->run_button, yado_lifecycle_run_label (selection.domains));
  /* Pause and Resume share a place: only the one that applies shows. */
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button),
                          yado_lifecycle_any_can (selection.domains, YADO_LIFECYCLE_RESUME)
                          && !yado_lifecycle_any_can (selection.domains, YADO_LIFECYCLE_PAUSE));
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button),
                          !gtk_widget_get_visible (GTK_WIDGET (self->resume_button)));

  set_action_enabled (self, "open", selection.domains->len > 0);
  set_action_enabled (self, "delete", selection.domains->len > 0 && writable (&selection));
  set_action_enabled (self, "clone", selection.domains->len == 1 && writable (&selection));
  set_action_enabled (self, "migrate", selection.domains->len > 0 && writable (&selection));
  set_action_enabled (self, "connect", c != NULL && cstate != YADO_CONNECTION_CONNECTED
                                       && cstate != YADO_CONNECTION_CONNECTING);
  set_action_enabled (self, "disconnect", c != NULL && cstate != YADO_CONNECTION_DISCONNECTED);
  set_action_enabled (self, "remove-connection", c != NULL);
  set_action_enabled (self, "connection-details", c != NULL);
  selection_clear (&selection);
}

static GPtrArray *
get_selected_domains (GObject *owner)
{
  Selection selection = get_selection (YADO_MANAGER_WINDOW (owner));

  return selection.domains;
}

static void
report_action_error (GObject *owner, const GError *error)
{
  yado_manager_window_show_message (YADO_MANAGER_WINDOW (owner), GTK_MESSAGE_ERROR,
                                    _("The action failed"), error->message);
}

static void
on_open_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoManagerWindow *self = data;
  Selection selection = get_selection (self);

  /* Whoever owns the VM windows (the application) opens or raises them. */
  for (guint i = 0; i < selection.domains->len; i++)
    g_signal_emit (self, signals[SIGNAL_OPEN_DOMAIN], 0, g_ptr_array_index (selection.domains, i));
  selection_clear (&selection);
}

/* One Delete dialog per selected VM: each asks about its own disks. */
static void
on_delete_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoManagerWindow *self = data;
  Selection selection = get_selection (self);

  for (guint i = 0; i < selection.domains->len; i++)
    yado_delete_dialog_present (GTK_WINDOW (self), g_ptr_array_index (selection.domains, i));
  selection_clear (&selection);
}

/* The new VM's window opens once its connection lists it (the
 * application waits for that). */
static void
on_vm_created (YadoNewVmWizard *wizard, YadoConnection *connection, const char *uuid,
               gboolean customize, gpointer vm, YadoManagerWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (YADO_IS_APPLICATION (app))
    yado_application_open_new_domain (YADO_APPLICATION (app), connection, uuid, customize, vm);
}

/* New Virtual Machine, on the selected connection (or the selected VM's). */
static void
on_new_vm_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoManagerWindow *self = data;
  Selection selection = get_selection (self);
  YadoConnection *preselected = selection.connection;
  YadoNewVmWizard *wizard;

  if (preselected == NULL && selection.domains->len > 0)
    preselected = yado_domain_get_connection (g_ptr_array_index (selection.domains, 0));
  wizard = yado_new_vm_wizard_new (GTK_WINDOW (self),
                                   yado_connection_list_get_model (self->connections),
                                   preselected);
  selection_clear (&selection);
  g_signal_connect_object (wizard, "created", G_CALLBACK (on_vm_created), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
on_placeholder_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  const char *name = g_action_get_name (G_ACTION (action));
  const char *what = g_str_equal (name, "clone") ? _("Cloning")
                   : g_str_equal (name, "migrate") ? _("Migration")
                   : _("The connection details window");
  show_not_available (data, what);
}

static void
with_selected_connection (YadoManagerWindow *self, void (*func) (YadoConnection *))
{
  Selection selection = get_selection (self);

  if (selection.connection != NULL)
    func (selection.connection);
  selection_clear (&selection);
}

static void
on_connect_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  with_selected_connection (data, yado_connection_open);
}

static void
on_disconnect_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  with_selected_connection (data, yado_connection_close);
}

static void
on_remove_connection_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoManagerWindow *self = data;
  Selection selection = get_selection (self);

  if (selection.connection != NULL)
    yado_connection_list_remove (self->connections, selection.connection);
  selection_clear (&selection);
  /* The application saves the list when it changes. */
}

static void
on_close_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
}

static void
on_focus_search_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoManagerWindow *self = data;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_column_action (GSimpleAction *action, GVariant *state, gpointer data)
{
  YadoManagerWindow *self = data;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  g_simple_action_set_state (action, state);
  for (guint i = 0; i < YADO_N_GRAPH_COLUMNS; i++)
    {
      g_autofree char *name = g_strconcat ("column-", yado_vm_columns_get_id (i), NULL);
      GVariant *s = g_action_get_state (g_action_map_lookup_action (G_ACTION_MAP (self), name));

      gtk_tree_view_column_set_visible (self->graph_columns[i], g_variant_get_boolean (s));
      if (g_variant_get_boolean (s))
        g_strv_builder_add (builder, yado_vm_columns_get_id (i));
      g_variant_unref (s);
    }
  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "visible-columns", (const char * const *) ids);
}

static const GActionEntry window_actions[] = {
  { .name = "open", .activate = on_open_action },
  { .name = "new-vm", .activate = on_new_vm_action },
  { .name = "delete", .activate = on_delete_action },
  { .name = "clone", .activate = on_placeholder_action },
  { .name = "migrate", .activate = on_placeholder_action },
  { .name = "connection-details", .activate = on_placeholder_action },
  { .name = "connect", .activate = on_connect_action },
  { .name = "disconnect", .activate = on_disconnect_action },
  { .name = "remove-connection", .activate = on_remove_connection_action },
  { .name = "close", .activate = on_close_action },
  { .name = "focus-search", .activate = on_focus_search_action },
};

static void
add_column_actions (YadoManagerWindow *self)
{
  g_auto(GStrv) visible = g_settings_get_strv (self->settings, "visible-columns");

  for (guint i = 0; i < YADO_N_GRAPH_COLUMNS; i++)
    {
      const char *id = yado_vm_columns_get_id (i);
      gboolean shown = g_strv_contains ((const char * const *) visible, id);
      g_autofree char *name = g_strconcat ("column-", id, NULL);
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (shown));

      g_signal_connect (action, "change-state", G_CALLBACK (on_column_action), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
      gtk_tree_view_column_set_visible (self->graph_columns[i], shown);
    }
}

/* ---- list events ---- */

static void
on_row_activated (GtkTreeView *view, GtkTreePath *path, GtkTreeViewColumn *column,
                  YadoManagerWindow *self)
{
  GtkTreeIter iter;
  GObject *object;

  if (!gtk_tree_model_get_iter (gtk_tree_view_get_model (view), &iter, path))
    return;
  object = yado_vm_list_get_object (self->vm_list, &iter);
  if (YADO_IS_DOMAIN (object))
    g_action_group_activate_action (G_ACTION_GROUP (self), "open", NULL);
  else if (YADO_IS_CONNECTION (object))
    {
      YadoConnectionState state = yado_connection_get_state (YADO_CONNECTION (object));

      if (state == YADO_CONNECTION_CONNECTED || state == YADO_CONNECTION_CONNECTING)
        {
          if (gtk_tree_view_row_expanded (view, path))
            gtk_tree_view_collapse_row (view, path);
          else
            gtk_tree_view_expand_row (view, path, FALSE);
        }
      else
        yado_connection_open (YADO_CONNECTION (object));
    }
}

static gboolean
on_button_press (GtkWidget *widget, GdkEventButton *event, YadoManagerWindow *self)
{
  g_autoptr(GtkTreePath) path = NULL;
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);
  GtkTreeIter iter;
  GObject *object;
  GtkWidget *menu;

  if (!gdk_event_triggers_context_menu ((GdkEvent *) event))
    return GDK_EVENT_PROPAGATE;
  if (!gtk_tree_view_get_path_at_pos (self->tree_view, event->x, event->y, &path,
                                      NULL, NULL, NULL))
    return GDK_EVENT_PROPAGATE;

  /* Right-click on an unselected row selects it alone, as file managers do. */
  if (!gtk_tree_selection_path_is_selected (selection, path))
    {
      gtk_tree_selection_unselect_all (selection);
      gtk_tree_selection_select_path (selection, path);
    }
  gtk_tree_model_get_iter (gtk_tree_view_get_model (self->tree_view), &iter, path);
  object = yado_vm_list_get_object (self->vm_list, &iter);
  update_actions (self);

  menu = gtk_menu_new_from_model (YADO_IS_DOMAIN (object) ? self->domain_menu
                                                          : self->connection_menu);
  gtk_menu_attach_to_widget (GTK_MENU (menu), widget, NULL);
  g_signal_connect (menu, "deactivate", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_menu_popup_at_pointer (GTK_MENU (menu), (GdkEvent *) event);
  return GDK_EVENT_STOP;
}

static void
on_search_changed (GtkSearchEntry *entry, YadoManagerWindow *self)
{
  yado_vm_list_set_search (self->vm_list, gtk_entry_get_text (GTK_ENTRY (entry)));
  queue_refresh (self);
}

static void
on_state_filter_changed (GtkComboBox *combo, YadoManagerWindow *self)
{
  const char *id = gtk_combo_box_get_active_id (combo);
  YadoStateFilter filter = g_strcmp0 (id, "running") == 0 ? YADO_STATE_FILTER_RUNNING
                         : g_strcmp0 (id, "stopped") == 0 ? YADO_STATE_FILTER_STOPPED
                         : YADO_STATE_FILTER_ALL;

  yado_vm_list_set_state_filter (self->vm_list, filter);
  queue_refresh (self);
}

static void
on_selection_changed (GtkTreeSelection *selection, YadoManagerWindow *self)
{
  update_actions (self);
}

/* ---- construction ---- */

static void
save_window_size (YadoManagerWindow *self)
{
  int width, height;

  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_boolean (self->settings, "window-maximized", TRUE);
      return;
    }
  gtk_window_get_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized", FALSE);
}

static gboolean
yado_manager_window_delete_event (GtkWidget *widget, GdkEventAny *event)
{
  /* Closing the window only closes the window: VMs keep running. */
  save_window_size (YADO_MANAGER_WINDOW (widget));
  return GDK_EVENT_PROPAGATE;
}

static void
yado_manager_window_dispose (GObject *object)
{
  YadoManagerWindow *self = YADO_MANAGER_WINDOW (object);

  g_clear_handle_id (&self->countdown_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->vm_list != NULL)
    g_signal_handlers_disconnect_by_data (self->vm_list, self);
  g_clear_pointer (&self->connection_bars, g_hash_table_unref);
  g_clear_object (&self->vm_list);
  g_clear_object (&self->connections);
  g_clear_object (&self->settings);
  g_clear_object (&self->domain_menu);
  g_clear_object (&self->connection_menu);
  G_OBJECT_CLASS (yado_manager_window_parent_class)->dispose (object);
}

static void
yado_manager_window_class_init (YadoManagerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yado_manager_window_dispose;
  widget_class->delete_event = yado_manager_window_delete_event;

  /* The user asked to open a VM's window (Open, double-click). */
  signals[SIGNAL_OPEN_DOMAIN] =
    g_signal_new ("open-domain", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, YADO_TYPE_DOMAIN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-manager-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, toolbar);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, shutdown_button);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, state_filter_combo);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, message_area);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, tree_view);
  gtk_widget_class_bind_template_child (widget_class, YadoManagerWindow, status_label);
}

static void
yado_manager_window_init (YadoManagerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->connection_bars = g_hash_table_new (NULL, NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  yado_lifecycle_actions_install (G_ACTION_MAP (self), G_OBJECT (self),
                                  get_selected_domains, report_action_error);
}

static void
load_menus (YadoManagerWindow *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/dev/yado/Yado/ui/yado-menus.ui");
  GtkWidget *shutdown_menu;

  self->domain_menu = g_object_ref (G_MENU_MODEL (gtk_builder_get_object (builder, "domain_menu")));
  self->connection_menu = g_object_ref (G_MENU_MODEL (gtk_builder_get_object (builder, "connection_menu")));
  shutdown_menu = gtk_menu_new_from_model (G_MENU_MODEL (gtk_builder_get_object (builder, "shutdown_menu")));
  gtk_menu_tool_button_set_menu (self->shutdown_button, shutdown_menu);
}

static void
setup_tree_view (YadoManagerWindow *self)
{
  GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);

  yado_vm_list_attach_view (self->vm_list, self->tree_view);
  yado_vm_columns_add (self->tree_view, self->vm_list, self->graph_columns);
  /* Every row is as tall as the next: GTK need not measure 10,000 rows. */
  gtk_tree_view_set_fixed_height_mode (self->tree_view, TRUE);
  gtk_tree_selection_set_mode (selection, GTK_SELECTION_MULTIPLE);

  g_signal_connect (selection, "changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->tree_view, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->tree_view, "button-press-event", G_CALLBACK (on_button_press), self);
  g_signal_connect (self->tree_view, "row-expanded", G_CALLBACK (on_row_expanded_or_collapsed), self);
  g_signal_connect (self->tree_view, "row-collapsed", G_CALLBACK (on_row_expanded_or_collapsed), self);
}

YadoManagerWindow *
yado_manager_window_new (GtkApplication *application, YadoConnectionList *connections,
                         GSettings *settings)
{
  YadoManagerWindow *self = g_object_new (YADO_TYPE_MANAGER_WINDOW,
                                          "application", application, NULL);
  int width, height;

  self->connections = g_object_ref (connections);
  self->settings = g_object_ref (settings);
  self->vm_list = yado_vm_list_new (connections);

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  load_menus (self);
  setup_tree_view (self);
  add_column_actions (self);

  g_signal_connect (self->vm_list, "rows-changed", G_CALLBACK (on_rows_changed), self);
  g_signal_connect (self->vm_list, "stats-updated", G_CALLBACK (on_stats_updated), self);
  g_signal_connect (self->vm_list, "model-replaced", G_CALLBACK (on_model_replaced), self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->state_filter_combo, "changed", G_CALLBACK (on_state_filter_changed), self);

  expand_new_connection_rows (self);
  refresh_idle (self);
  return self;
}

GtkTreeView *yado_manager_window_get_tree_view (YadoManagerWindow *self) { return self->tree_view; }
YadoVmList *yado_manager_window_get_vm_list (YadoManagerWindow *self) { return self->vm_list; }
GtkEntry *yado_manager_window_get_search_entry (YadoManagerWindow *self) { return GTK_ENTRY (self->search_entry); }
GtkComboBox *yado_manager_window_get_state_filter (YadoManagerWindow *self) { return GTK_COMBO_BOX (self->state_filter_combo); }
GtkLabel *yado_manager_window_get_status_label (YadoManagerWindow *self) { return self->status_label; }
GtkContainer *yado_manager_window_get_message_area (YadoManagerWindow *self) { return GTK_CONTAINER (self->message_area); }

GtkTreeViewColumn *
yado_manager_window_get_graph_column (YadoManagerWindow *self, YadoGraphColumn column)
{
  g_return_val_if_fail (column < YADO_N_GRAPH_COLUMNS, NULL);
  return self->graph_columns[column];
}
