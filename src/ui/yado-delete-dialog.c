/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-delete-dialog.h"
#include "yado-domain-delete.h"
#include "yado-error.h"
#include "yado-format.h"

/* Beyond this the list of disks scrolls. */
#define MAX_LIST_HEIGHT 300

/* One disk's row: its check box and its note. */
typedef struct {
  YadoDomainStorage *disk;    /* borrowed from the dialog's disks */
  GtkToggleButton   *check;
  char              *note;    /* NULL when none */
} DiskRow;

struct _YadoDeleteDialog {
  GtkDialog        parent_instance;

  GtkLabel        *heading_label;
  GtkWidget       *running_box;
  GtkLabel        *running_label;
  GtkToggleButton *storage_check;
  GtkWidget       *listing_box;
  GtkWidget       *no_disks_label;
  GtkWidget       *storage_scroll;
  GtkListBox      *storage_list;
  GtkInfoBar      *error_bar;
  GtkLabel        *error_label;
  GtkWidget       *progress_box;
  GtkSpinner      *progress_spinner;
  GtkButton       *cancel_button;
  GtkButton       *delete_button;

  YadoDomain      *domain;
  GCancellable    *cancellable;
  GPtrArray       *disks;      /* YadoDomainStorage, once listed */
  GPtrArray       *rows;       /* DiskRow */
  gboolean         listed;     /* the listing is done (or failed) */
  gboolean         busy;       /* deleting */
  gboolean         deleted;    /* the VM is gone, some storage is not */
};

G_DEFINE_FINAL_TYPE (YadoDeleteDialog, yado_delete_dialog, GTK_TYPE_DIALOG)

static void
disk_row_free (DiskRow *row)
{
  g_free (row->note);
  g_free (row);
}

/* ---- what the dialog shows ---- */

static gboolean
any_deletable (YadoDeleteDialog *self)
{
  for (guint i = 0; self->disks != NULL && i < self->disks->len; i++)
    if (((YadoDomainStorage *) self->disks->pdata[i])->deletable)
      return TRUE;
  return FALSE;
}

static void
update_sensitivity (YadoDeleteDialog *self)
{
  gboolean idle = !self->busy && !self->deleted;

  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), self->listed && idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->storage_check),
                            self->listed && idle && any_deletable (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->storage_list),
                            idle && gtk_toggle_button_get_active (self->storage_check));
}

/* The running warning and the button's words follow the VM's state. */
static void
update_state (YadoDeleteDialog *self)
{
  const char *name = yado_domain_get_name (self->domain);
  gboolean active = yado_domain_is_active (self->domain);
  g_autofree char *warning = NULL;

  switch (yado_domain_get_state (self->domain))
    {
    case YADO_DOMAIN_RUNNING:
    case YADO_DOMAIN_BLOCKED:
      warning = g_strdup_printf (_("%s is running: it will be forced off first, like pulling "
                                   "the power cord."), name);
      break;
    case YADO_DOMAIN_PAUSED:
      warning = g_strdup_printf (_("%s is paused: it will be forced off first, like pulling "
                                   "the power cord."), name);
      break;
    default: /* crashed, suspended, shutting down */
      warning = g_strdup_printf (_("%s is not shut off: it will be forced off first, like "
                                   "pulling the power cord."), name);
    }
  gtk_label_set_text (self->running_label, warning);
  gtk_widget_set_visible (self->running_box, active);
  gtk_button_set_label (self->delete_button,
                        active ? _("_Force Off and Delete") : _("_Delete"));
}

static void
show_error (YadoDeleteDialog *self, GtkMessageType type, const char *message)
{
  gtk_info_bar_set_message_type (self->error_bar, type);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_bar));
}

/* ---- the disks ---- */

/* "CD-ROM · Also used by db-server": what sets a disk apart, or NULL. */
static char *
disk_note (const YadoDomainStorage *disk)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (g_strcmp0 (disk->device, "cdrom") == 0)
    g_ptr_array_add (parts, g_strdup (_("CD-ROM")));
  else if (g_strcmp0 (disk->device, "floppy") == 0)
    g_ptr_array_add (parts, g_strdup (_("Floppy disk")));
  else if (disk->read_only)
    g_ptr_array_add (parts, g_strdup (_("Read-only")));
  if (disk->shared_with[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", disk->shared_with);

      g_ptr_array_add (parts, g_strdup_printf (_("Also used by %s"), names));
    }
  else if (disk->shared)
    g_ptr_array_add (parts, g_strdup (_("Shareable: other virtual machines may use it")));
  if (!disk->deletable)
    g_ptr_array_add (parts, g_strdup (_("Not in a storage pool: it will be left on disk")));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
row_label (const char *text, const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style_class != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style_class);
  return label;
}

static GtkWidget *
size_label (const YadoDomainStorage *disk)
{
  g_autofree char *capacity = disk->capacity > 0 ? yado_format_bytes (disk->capacity) : NULL;
  g_autofree char *allocation = yado_format_bytes (disk->allocation);
  g_autofree char *tooltip = NULL;
  GtkWidget *label = row_label (capacity != NULL ? capacity : "", "dim-label");

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  if (capacity != NULL)
    {
      tooltip = g_strdup_printf (_("%s, of which %s is used on the host"), capacity, allocation);
      gtk_widget_set_tooltip_text (label, tooltip);
    }
  return label;
}

static GtkWidget *
note_label (const char *note)
{
  GtkWidget *label = row_label (note, "dim-label");
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  pango_attr_list_unref (attrs);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  return label;
}

static GtkWidget *
disk_check (const YadoDomainStorage *disk)
{
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *name = g_strdup_printf (_("Delete %s"), disk->target);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), disk->default_delete);
  gtk_widget_set_sensitive (check, disk->deletable);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  atk_object_set_name (gtk_widget_get_accessible (check), name);
  atk_object_set_description (gtk_widget_get_accessible (check), disk->path);
  return check;
}

static void
add_disk_row (YadoDeleteDialog *self, YadoDomainStorage *disk)
{
  DiskRow *row = g_new0 (DiskRow, 1);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *list_row = gtk_list_box_row_new ();
  GtkWidget *target = row_label (disk->target, "monospace");
  GtkWidget *path = row_label (disk->path, NULL);

  row->disk = disk;
  row->note = disk_note (disk);
  row->check = GTK_TOGGLE_BUTTON (disk_check (disk));
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  g_object_set (grid, "margin-start", 8, "margin-end", 12, "margin-top", 6,
                "margin-bottom", 6, NULL);
  gtk_label_set_width_chars (GTK_LABEL (target), 4);
  /* The file's name is at the end: keep it, cut the middle. */
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (path, TRUE);
  gtk_widget_set_tooltip_text (path, disk->path);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row->check), 0, 0, 1, row->note ? 2 : 1);
  gtk_grid_attach (GTK_GRID (grid), target, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), path, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), size_label (disk), 3, 0, 1, 1);
  if (row->note != NULL)
    gtk_grid_attach (GTK_GRID (grid), note_label (row->note), 1, 1, 3, 1);
  gtk_container_add (GTK_CONTAINER (list_row), grid);
  /* What libvirt cannot delete is greyed out whole, its note still there. */
  gtk_widget_set_sensitive (list_row, disk->deletable);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), disk->deletable);
  g_object_set_data (G_OBJECT (list_row), "yado-disk-row", row);
  gtk_widget_show_all (list_row);
  gtk_container_add (GTK_CONTAINER (self->storage_list), list_row);
  g_ptr_array_add (self->rows, row);
}

/* A click anywhere on a row toggles its check box. */
static void
on_row_activated (GtkListBox *list, GtkListBoxRow *list_row, YadoDeleteDialog *self)
{
  DiskRow *row = g_object_get_data (G_OBJECT (list_row), "yado-disk-row");

  if (row != NULL && gtk_widget_is_sensitive (GTK_WIDGET (row->check)))
    gtk_toggle_button_set_active (row->check, !gtk_toggle_button_get_active (row->check));
}

static void
on_storage_toggled (YadoDeleteDialog *self)
{
  update_sensitivity (self);
}

/* The dialog was sized before the disks came: make room for them all, up
 * to a point, then scroll. */
static void
fit_list (YadoDeleteDialog *self)
{
  int natural = 0;

  gtk_widget_get_preferred_height (GTK_WIDGET (self->storage_list), NULL, &natural);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->storage_scroll),
                                              MIN (natural, MAX_LIST_HEIGHT));
}

static void
show_disks (YadoDeleteDialog *self, GPtrArray *disks)
{
  self->disks = g_ptr_array_ref (disks);
  for (guint i = 0; i < disks->len; i++)
    add_disk_row (self, disks->pdata[i]);
  fit_list (self);
  gtk_widget_set_visible (self->storage_scroll, disks->len > 0);
  gtk_widget_set_visible (self->no_disks_label, disks->len == 0);
  /* Nothing it could delete: say so with the box unchecked. */
  if (!any_deletable (self))
    gtk_toggle_button_set_active (self->storage_check, FALSE);
}

static void
on_listed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(YadoDeleteDialog) self = data;
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GError) error = NULL;

  disks = yado_domain_list_storage_finish (YADO_DOMAIN (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return; /* closed meanwhile */
  self->listed = TRUE;
  gtk_widget_hide (self->listing_box);
  if (disks != NULL)
    show_disks (self, disks);
  else
    {
      /* The VM can still be deleted; its storage is left alone. */
      gtk_toggle_button_set_active (self->storage_check, FALSE);
      show_error (self, GTK_MESSAGE_WARNING, error->message);
    }
  update_sensitivity (self);
}

/* ---- deleting ---- */

/* The paths of the checked disks (NULL-terminated), none when the user
 * keeps the storage. */
static GPtrArray *
chosen_paths (YadoDeleteDialog *self)
{
  GPtrArray *paths = g_ptr_array_new ();

  for (guint i = 0; gtk_toggle_button_get_active (self->storage_check) && i < self->rows->len; i++)
    {
      DiskRow *row = g_ptr_array_index (self->rows, i);

      if (row->disk->deletable && gtk_toggle_button_get_active (row->check))
        g_ptr_array_add (paths, row->disk->path);
    }
  g_ptr_array_add (paths, NULL);
  return paths;
}

static void
set_busy (YadoDeleteDialog *self, gboolean busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->progress_box, busy);
  if (busy)
    gtk_spinner_start (self->progress_spinner);
  else
    gtk_spinner_stop (self->progress_spinner);
  update_sensitivity (self);
}

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(YadoDeleteDialog) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = yado_domain_delete_finish (YADO_DOMAIN (source), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return; /* destroyed meanwhile (the application quit) */
  if (ok)
    {
      self->busy = FALSE;
      gtk_widget_destroy (GTK_WIDGET (self));
      return;
    }
  if (g_error_matches (error, YADO_DOMAIN_DELETE_ERROR, YADO_DOMAIN_DELETE_ERROR_STORAGE_LEFT))
    {
      /* The VM is gone: nothing left to do here but read why and close. */
      g_autofree char *heading = g_strdup_printf (_("%s was deleted"),
                                                  yado_domain_get_name (self->domain));

      self->deleted = TRUE;
      gtk_label_set_text (self->heading_label, heading);
      gtk_widget_hide (GTK_WIDGET (self->delete_button));
      gtk_button_set_label (self->cancel_button, _("_Close"));
      show_error (self, GTK_MESSAGE_WARNING, error->message);
    }
  else
    show_error (self, GTK_MESSAGE_ERROR, error->message);
  set_busy (self, FALSE);
}

static void
start_delete (YadoDeleteDialog *self)
{
  g_autoptr(GPtrArray) paths = chosen_paths (self);

  if (self->busy || self->deleted || !self->listed)
    return;
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
  set_busy (self, TRUE);
  yado_domain_delete_async (self->domain, (const char * const *) paths->pdata,
                            self->cancellable, on_deleted, g_object_ref (self));
}

/* ---- the dialog ---- */

static void
yado_delete_dialog_response (GtkDialog *dialog, int response)
{
  YadoDeleteDialog *self = YADO_DELETE_DIALOG (dialog);

  if (response == GTK_RESPONSE_ACCEPT)
    start_delete (self);
  else if (!self->busy)
    gtk_widget_destroy (GTK_WIDGET (self));
}

/* Closing the window while deleting would hide whether it worked. */
static gboolean
yado_delete_dialog_delete_event (GtkWidget *widget, GdkEventAny *event)
{
  if (YADO_DELETE_DIALOG (widget)->busy)
    return TRUE;
  return GTK_WIDGET_CLASS (yado_delete_dialog_parent_class)->delete_event (widget, event);
}

static void
yado_delete_dialog_dispose (GObject *object)
{
  YadoDeleteDialog *self = YADO_DELETE_DIALOG (object);

  /* Jobs under way find it cancelled when they end (kept until finalize
   * for them to look at). */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->domain);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->disks, g_ptr_array_unref);
  G_OBJECT_CLASS (yado_delete_dialog_parent_class)->dispose (object);
}

static void
yado_delete_dialog_finalize (GObject *object)
{
  g_object_unref (YADO_DELETE_DIALOG (object)->cancellable);
  G_OBJECT_CLASS (yado_delete_dialog_parent_class)->finalize (object);
}

static void
yado_delete_dialog_class_init (YadoDeleteDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = yado_delete_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = yado_delete_dialog_finalize;
  widget_class->delete_event = yado_delete_dialog_delete_event;
  GTK_DIALOG_CLASS (klass)->response = yado_delete_dialog_response;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-delete-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, YadoDeleteDialog, name)
  BIND (heading_label);
  BIND (running_box);
  BIND (running_label);
  BIND (storage_check);
  BIND (listing_box);
  BIND (no_disks_label);
  BIND (storage_scroll);
  BIND (storage_list);
  BIND (error_bar);
  BIND (error_label);
  BIND (progress_box);
  BIND (progress_spinner);
  BIND (cancel_button);
  BIND (delete_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_storage_toggled);
}

static void
yado_delete_dialog_init (YadoDeleteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) disk_row_free);
  /* A slip of Enter must not delete anything. */
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
}

YadoDeleteDialog *
yado_delete_dialog_new (GtkWindow *parent, YadoDomain *domain)
{
  YadoDeleteDialog *self = g_object_new (YADO_TYPE_DELETE_DIALOG, "transient-for", parent,
                                         "use-header-bar", FALSE, NULL);
  g_autofree char *question = g_strdup_printf (_("Delete %s?"), yado_domain_get_name (domain));

  self->domain = g_object_ref (domain);
  gtk_window_set_title (GTK_WINDOW (self), question);
  gtk_label_set_text (self->heading_label, question);
  g_signal_connect_object (domain, "notify::state", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
  update_sensitivity (self);
  yado_domain_list_storage_async (domain, self->cancellable, on_listed, g_object_ref (self));
  return self;
}

YadoDeleteDialog *
yado_delete_dialog_present (GtkWindow *parent, YadoDomain *domain)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();
  YadoDeleteDialog *dialog = NULL;

  for (GList *l = windows; l != NULL && dialog == NULL; l = l->next)
    if (YADO_IS_DELETE_DIALOG (l->data) && YADO_DELETE_DIALOG (l->data)->domain == domain)
      dialog = l->data;
  if (dialog == NULL)
    dialog = yado_delete_dialog_new (parent, domain);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

YadoDomain *
yado_delete_dialog_get_domain (YadoDeleteDialog *self)
{
  return self->domain;
}

/* ---- for tests ---- */

gboolean
yado_delete_dialog_get_listed (YadoDeleteDialog *self)
{
  return self->listed;
}

static DiskRow *
find_row (YadoDeleteDialog *self, const char *target)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      DiskRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->disk->target, target) == 0)
        return row;
    }
  return NULL;
}

GtkToggleButton *
yado_delete_dialog_get_disk_check (YadoDeleteDialog *self, const char *target)
{
  DiskRow *row = find_row (self, target);

  return row != NULL ? row->check : NULL;
}

const char *
yado_delete_dialog_get_disk_note (YadoDeleteDialog *self, const char *target)
{
  DiskRow *row = find_row (self, target);

  return row != NULL ? row->note : NULL;
}

gboolean
yado_delete_dialog_shows_running_warning (YadoDeleteDialog *self)
{
  return gtk_widget_get_visible (self->running_box);
}

const char *
yado_delete_dialog_get_error (YadoDeleteDialog *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_bar)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

GtkButton *
yado_delete_dialog_get_delete_button (YadoDeleteDialog *self)
{
  return self->delete_button;
}

GtkButton *
yado_delete_dialog_get_cancel_button (YadoDeleteDialog *self)
{
  return self->cancel_button;
}

GtkToggleButton *
yado_delete_dialog_get_storage_check (YadoDeleteDialog *self)
{
  return self->storage_check;
}
