/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Choose a Volume: a tree of the host's active pools and their volumes.
 * Volumes are listed on demand (a pool may hold thousands; the
 * connection never lists them by itself), one job per pool.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-error.h"
#include "yado-format.h"
#include "yado-storage-pool.h"
#include "yado-storage-volume.h"
#include "yado-volume-chooser.h"

enum { COL_NAME, COL_SIZE, COL_PATH, COL_CAPACITY, N_COLS };

struct _YadoVolumeChooser {
  GtkDialog       parent_instance;

  GtkTreeView    *view;
  GtkTreeStore   *store;
  GtkLabel       *status;
  GtkWidget      *choose_button;
  GCancellable   *cancellable;
  guint           pending;      /* pools still listing */
  gboolean        disposed;
  char           *path;         /* the selected volume's, or NULL */
  guint64         capacity;
};

G_DEFINE_FINAL_TYPE (YadoVolumeChooser, yado_volume_chooser, GTK_TYPE_DIALOG)

static gboolean
selected (YadoVolumeChooser *self, GtkTreeIter *iter)
{
  g_autofree char *path = NULL;

  if (!gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->view), NULL, iter))
    return FALSE;
  gtk_tree_model_get (GTK_TREE_MODEL (self->store), iter, COL_PATH, &path, -1);
  /* A pool's row has no path: only volumes can be chosen. */
  return path != NULL;
}

static void
on_selection_changed (YadoVolumeChooser *self)
{
  GtkTreeIter iter;
  gboolean chosen = selected (self, &iter);

  g_clear_pointer (&self->path, g_free);
  self->capacity = 0;
  if (chosen)
    gtk_tree_model_get (GTK_TREE_MODEL (self->store), &iter, COL_PATH, &self->path,
                        COL_CAPACITY, &self->capacity, -1);
  gtk_widget_set_sensitive (self->choose_button, chosen);
}

static void
on_row_activated (YadoVolumeChooser *self)
{
  GtkTreeIter iter;

  if (selected (self, &iter))
    gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
}

static void
update_status (YadoVolumeChooser *self)
{
  gtk_label_set_text (self->status, self->pending > 0 ? _("Listing the volumes…")
                      : gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->store), NULL) == 0
                      ? _("This host has no active storage pool.") : "");
}

typedef struct {
  YadoVolumeChooser *self;
  GtkTreeRowReference *row;   /* the pool's */
} Listing;

static int
compare_volumes (gconstpointer a, gconstpointer b)
{
  YadoStorageVolume *first = *(YadoStorageVolume **) a;
  YadoStorageVolume *second = *(YadoStorageVolume **) b;

  return g_utf8_collate (yado_storage_volume_get_name (first),
                         yado_storage_volume_get_name (second));
}

static void
on_volumes_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Listing *listing = user_data;
  YadoVolumeChooser *self = listing->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volumes = yado_storage_pool_list_volumes_finish (YADO_STORAGE_POOL (source),
                                                                        result, &error);
  g_autoptr(GtkTreePath) path = gtk_tree_row_reference_get_path (listing->row);
  GtkTreeIter pool_iter;

  if (!self->disposed && path != NULL
      && gtk_tree_model_get_iter (GTK_TREE_MODEL (self->store), &pool_iter, path))
    {
      self->pending--;
      if (volumes == NULL)
        gtk_tree_store_insert_with_values (self->store, NULL, &pool_iter, -1, COL_NAME,
                                           error->message, -1);
      else
        /* libvirt lists them in no order. */
        g_ptr_array_sort (volumes, compare_volumes);
      for (guint i = 0; volumes != NULL && i < volumes->len; i++)
        {
          YadoStorageVolume *volume = g_ptr_array_index (volumes, i);
          g_autofree char *size = yado_format_bytes (yado_storage_volume_get_capacity (volume));

          gtk_tree_store_insert_with_values (self->store, NULL, &pool_iter, -1,
                                             COL_NAME, yado_storage_volume_get_name (volume),
                                             COL_SIZE, size,
                                             COL_PATH, yado_storage_volume_get_path (volume),
                                             COL_CAPACITY,
                                             yado_storage_volume_get_capacity (volume), -1);
        }
      gtk_tree_view_expand_all (self->view);
      update_status (self);
    }
  gtk_tree_row_reference_free (listing->row);
  g_object_unref (self);
  g_free (listing);
}

static void
list_pools (YadoVolumeChooser *self, YadoConnection *connection)
{
  GListModel *pools = yado_connection_get_storage_pools (connection);

  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(YadoStoragePool) pool = g_list_model_get_item (pools, i);
      g_autofree char *size = NULL;
      g_autoptr(GtkTreePath) path = NULL;
      Listing *listing;
      GtkTreeIter iter;

      if (!yado_storage_pool_get_active (pool))
        continue;
      size = yado_format_bytes (yado_storage_pool_get_available (pool));
      {
        /* TRANSLATORS: a pool's free space, "90 GiB free" */
        g_autofree char *free_text = g_strdup_printf (_("%s free"), size);

        gtk_tree_store_insert_with_values (self->store, &iter, NULL, -1, COL_NAME,
                                           yado_storage_pool_get_name (pool), COL_SIZE,
                                           free_text, -1);
      }
      path = gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), &iter);
      listing = g_new0 (Listing, 1);
      listing->self = g_object_ref (self);
      listing->row = gtk_tree_row_reference_new (GTK_TREE_MODEL (self->store), path);
      self->pending++;
      yado_storage_pool_list_volumes_async (pool, self->cancellable, on_volumes_listed, listing);
    }
  update_status (self);
}

gboolean
yado_volume_chooser_select_path (YadoVolumeChooser *self, const char *path)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->store);
  GtkTreeIter pool;

  for (gboolean p = gtk_tree_model_get_iter_first (model, &pool); p;
       p = gtk_tree_model_iter_next (model, &pool))
    {
      GtkTreeIter volume;

      for (gboolean v = gtk_tree_model_iter_children (model, &volume, &pool); v;
           v = gtk_tree_model_iter_next (model, &volume))
        {
          g_autofree char *volume_path = NULL;

          gtk_tree_model_get (model, &volume, COL_PATH, &volume_path, -1);
          if (g_strcmp0 (volume_path, path) == 0)
            {
              gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->view), &volume);
              return TRUE;
            }
        }
    }
  return FALSE;
}

static GtkTreeViewColumn *
text_column (const char *title, int column, gboolean expand)
{
  GtkCellRenderer *cell = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *tree_column = gtk_tree_view_column_new_with_attributes (title, cell, "text",
                                                                             column, NULL);

  if (expand)
    g_object_set (cell, "ellipsize", PANGO_ELLIPSIZE_MIDDLE, NULL);
  gtk_tree_view_column_set_expand (tree_column, expand);
  return tree_column;
}

static void
build (YadoVolumeChooser *self)
{
  GtkWidget *content = gtk_dialog_get_content_area (GTK_DIALOG (self));
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);

  self->store = gtk_tree_store_new (N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                    G_TYPE_UINT64);
  self->view = GTK_TREE_VIEW (gtk_tree_view_new_with_model (GTK_TREE_MODEL (self->store)));
  gtk_tree_view_append_column (self->view, text_column (_("Volume"), COL_NAME, TRUE));
  gtk_tree_view_append_column (self->view, text_column (_("Size"), COL_SIZE, FALSE));
  gtk_tree_view_set_tooltip_column (self->view, COL_PATH);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->view)), _("Volumes"));
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled), GTK_SHADOW_IN);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_container_add (GTK_CONTAINER (scrolled), GTK_WIDGET (self->view));
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->status)),
                               "dim-label");
  gtk_box_set_spacing (GTK_BOX (content), 6);
  gtk_container_set_border_width (GTK_CONTAINER (content), 12);
  gtk_box_pack_start (GTK_BOX (content), scrolled, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (content), GTK_WIDGET (self->status), FALSE, FALSE, 0);
  gtk_widget_show_all (content);
  gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
  self->choose_button = gtk_dialog_add_button (GTK_DIALOG (self), _("C_hoose"),
                                               GTK_RESPONSE_ACCEPT);
  gtk_style_context_add_class (gtk_widget_get_style_context (self->choose_button),
                               "suggested-action");
  gtk_widget_set_sensitive (self->choose_button, FALSE);
  g_signal_connect_swapped (gtk_tree_view_get_selection (self->view), "changed",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->view, "row-activated", G_CALLBACK (on_row_activated), self);
}

static void
yado_volume_chooser_dispose (GObject *object)
{
  YadoVolumeChooser *self = YADO_VOLUME_CHOOSER (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (yado_volume_chooser_parent_class)->dispose (object);
}

static void
yado_volume_chooser_finalize (GObject *object)
{
  YadoVolumeChooser *self = YADO_VOLUME_CHOOSER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_free (self->path);
  G_OBJECT_CLASS (yado_volume_chooser_parent_class)->finalize (object);
}

static void
yado_volume_chooser_class_init (YadoVolumeChooserClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = yado_volume_chooser_dispose;
  G_OBJECT_CLASS (klass)->finalize = yado_volume_chooser_finalize;
}

static void
yado_volume_chooser_init (YadoVolumeChooser *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 420);
  build (self);
}

YadoVolumeChooser *
yado_volume_chooser_new (GtkWindow *parent, YadoConnection *connection, const char *title)
{
  YadoVolumeChooser *self = g_object_new (YADO_TYPE_VOLUME_CHOOSER, "transient-for", parent,
                                          "modal", TRUE, "use-header-bar", FALSE,
                                          "destroy-with-parent", TRUE, "title", title, NULL);

  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
  list_pools (self, connection);
  return self;
}

const char *
yado_volume_chooser_get_path (YadoVolumeChooser *self)
{
  return self->path;
}

guint64
yado_volume_chooser_get_capacity (YadoVolumeChooser *self)
{
  return self->capacity;
}

gboolean
yado_volume_chooser_get_ready (YadoVolumeChooser *self)
{
  return self->pending == 0;
}
