/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-device-form.h"
#include "yado-device-xml.h"

/* One row of the form: the field, its widget and its message. */
typedef struct {
  const YadoField *field;
  GtkWidget       *caption;
  GtkWidget       *widget;
  GtkWidget       *message;
  char            *error;
} FormRow;

struct _YadoDeviceForm {
  GtkGrid                parent_instance;

  const YadoField       *fields;
  guint                  n_fields;
  const YadoFormContext *context;
  GArray                *rows;     /* FormRow */
  xmlNodePtr             node;
  gboolean               loading;  /* filling widgets: not the user */
};

G_DEFINE_FINAL_TYPE (YadoDeviceForm, yado_device_form, GTK_TYPE_GRID)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- values ---- */

static gboolean
name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

/* Why @value cannot be, or NULL. */
static char *
check_value (YadoDeviceForm *self, const YadoField *field, const char *value)
{
  const YadoFormContext *context = self->context;
  gboolean empty = value == NULL || *value == '\0';

  switch (field->check)
    {
    case YADO_CHECK_REQUIRED:
      if (empty)
        return g_strdup (_("This cannot be empty."));
      break;
    case YADO_CHECK_MAC:
      if (!yado_mac_is_valid (value))
        return g_strdup (_("Write a MAC address as six pairs of hex digits: 52:54:00:12:34:56."));
      break;
    case YADO_CHECK_NAME:
      if (!name_is_valid (value))
        return g_strdup (_("A name cannot be empty or contain “/”."));
      for (guint i = 0; context && context->names && i < context->names->len; i++)
        if (g_strcmp0 (g_ptr_array_index (context->names, i), value) == 0)
          return g_strdup_printf (_("Another virtual machine is called “%s”."), value);
      break;
    case YADO_CHECK_NONE:
    default:
      break;
    }
  if (field->type == YADO_FIELD_PATH && !empty && context && context->local
      && !g_file_test (value, G_FILE_TEST_EXISTS))
    return g_strdup_printf (_("There is no file “%s” on this host."), value);
  if (field->type == YADO_FIELD_NUMBER && !empty)
    for (const char *p = value; *p != '\0'; p++)
      if (!g_ascii_isdigit (*p))
        return g_strdup (_("Write a whole number."));
  return NULL;
}

static char *
widget_value (FormRow *row)
{
  switch (row->field->type)
    {
    case YADO_FIELD_YESNO:
      return g_strdup (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (row->widget)) ? "yes" : "no");
    case YADO_FIELD_FLAG:
      return g_strdup (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (row->widget)) ? "yes" : NULL);
    case YADO_FIELD_COMBO:
      {
        const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (row->widget));
        GtkWidget *entry = gtk_bin_get_child (GTK_BIN (row->widget));

        /* A choice's value, or what the user typed. */
        return g_strdup (id ? id : gtk_entry_get_text (GTK_ENTRY (entry)));
      }
    case YADO_FIELD_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (row->widget));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }
    case YADO_FIELD_LABEL:
      return g_strdup (gtk_label_get_text (GTK_LABEL (row->widget)));
    default:
      return g_strdup (gtk_entry_get_text (GTK_ENTRY (row->widget)));
    }
}

static void
show_error (FormRow *row, char *error)
{
  g_free (row->error);
  row->error = error;
  gtk_label_set_text (GTK_LABEL (row->message), error ? error : "");
  gtk_widget_set_visible (row->message, error != NULL);
  if (error != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (row->widget), "error");
  else
    gtk_style_context_remove_class (gtk_widget_get_style_context (row->widget), "error");
}

static void
on_widget_changed (GtkWidget *widget, FormRow *row)
{
  YadoDeviceForm *self = g_object_get_data (G_OBJECT (widget), "yado-form");
  g_autofree char *value = NULL;
  g_autofree char *current = NULL;

  if (self->loading || self->node == NULL)
    return;
  value = widget_value (row);
  show_error (row, check_value (self, row->field, value));
  /* A bad value stays in the widget only: the XML keeps the last good one. */
  if (row->error != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return;
    }
  current = yado_xml_node_get (self->node, row->field->path);
  /* "not set" and its meaning are the same: do not write it. */
  if (current == NULL && row->field->absent && g_strcmp0 (value, row->field->absent) == 0)
    return;
  if (row->field->type == YADO_FIELD_FLAG)
    yado_xml_node_set_flag (self->node, row->field->path, value != NULL);
  else
    yado_xml_node_set (self->node, row->field->path, value);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_text_changed (GtkTextBuffer *buffer, FormRow *row)
{
  on_widget_changed (row->widget, row);
}

/* ---- widgets ---- */

static GPtrArray *
context_choices (YadoDeviceForm *self, const char *name)
{
  if (self->context == NULL)
    return NULL;
  if (g_str_equal (name, "@networks"))
    return self->context->networks;
  if (g_str_equal (name, "@machines"))
    return self->context->machines;
  if (g_str_equal (name, "@cpu-models"))
    return self->context->cpu_models;
  return NULL;
}

static GtkWidget *
new_combo (YadoDeviceForm *self, const YadoField *field)
{
  GtkWidget *combo = gtk_combo_box_text_new_with_entry ();
  GPtrArray *list = field->choices && field->choices[0] == '@'
                    ? context_choices (self, field->choices) : NULL;

  if (list != NULL)
    for (guint i = 0; i < list->len; i++)
      gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), g_ptr_array_index (list, i),
                                 g_ptr_array_index (list, i));
  else if (field->choices != NULL)
    {
      g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);

      for (guint i = 0; choices[i] != NULL; i++)
        {
          char *colon = strchr (choices[i], ':');

          if (colon != NULL)
            *colon = '\0';
          gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), choices[i],
                                     colon ? _(colon + 1) : choices[i]);
        }
    }
  /* The entry shows the label of a choice, or any value of the XML's. */
  gtk_combo_box_set_entry_text_column (GTK_COMBO_BOX (combo), 0);
  gtk_combo_box_set_id_column (GTK_COMBO_BOX (combo), 1);
  return combo;
}

static GtkWidget *
new_widget (YadoDeviceForm *self, const YadoField *field)
{
  GtkWidget *widget;

  switch (field->type)
    {
    case YADO_FIELD_LABEL:
      widget = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (widget), 0);
      gtk_label_set_selectable (GTK_LABEL (widget), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_MIDDLE);
      return widget;
    case YADO_FIELD_COMBO:
      return new_combo (self, field);
    case YADO_FIELD_YESNO:
    case YADO_FIELD_FLAG:
      return gtk_check_button_new ();
    case YADO_FIELD_TEXT:
      widget = gtk_text_view_new ();
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (widget), GTK_WRAP_WORD_CHAR);
      g_object_set (widget, "left-margin", 6, "right-margin", 6, "top-margin", 4,
                    "bottom-margin", 4, NULL);
      return widget;
    default:
      widget = gtk_entry_new ();
      if (field->type == YADO_FIELD_PASSWORD)
        gtk_entry_set_visibility (GTK_ENTRY (widget), FALSE);
      if (field->type == YADO_FIELD_NUMBER)
        gtk_entry_set_input_purpose (GTK_ENTRY (widget), GTK_INPUT_PURPOSE_DIGITS);
      return widget;
    }
}

static void
add_row (YadoDeviceForm *self, const YadoField *field, int line)
{
  FormRow row = { field };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  row.caption = gtk_label_new (_(field->label));
  gtk_label_set_xalign (GTK_LABEL (row.caption), 1);
  gtk_widget_set_valign (row.caption, field->type == YADO_FIELD_TEXT ? GTK_ALIGN_START
                                                                      : GTK_ALIGN_CENTER);
  gtk_style_context_add_class (gtk_widget_get_style_context (row.caption), "dim-label");
  row.widget = new_widget (self, field);
  gtk_widget_set_hexpand (row.widget, TRUE);
  atk_object_set_name (gtk_widget_get_accessible (row.widget), _(field->label));
  gtk_label_set_mnemonic_widget (GTK_LABEL (row.caption), row.widget);
  row.message = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row.message), 0);
  gtk_label_set_line_wrap (GTK_LABEL (row.message), TRUE);
  gtk_style_context_add_class (gtk_widget_get_style_context (row.message), "error");
  if (field->type == YADO_FIELD_TEXT)
    {
      /* Wrapped in a scroller: a long text neither widens the window nor
       * grows the form. */
      GtkWidget *scroller = gtk_scrolled_window_new (NULL, NULL);

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scroller), GTK_SHADOW_IN);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 64);
      gtk_container_add (GTK_CONTAINER (scroller), row.widget);
      gtk_box_pack_start (GTK_BOX (box), scroller, FALSE, FALSE, 0);
    }
  else
    gtk_box_pack_start (GTK_BOX (box), row.widget, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row.message, FALSE, FALSE, 0);
  gtk_widget_set_no_show_all (row.message, TRUE);
  gtk_grid_attach (GTK_GRID (self), row.caption, 0, line, 1, 1);
  gtk_grid_attach (GTK_GRID (self), box, 1, line, 1, 1);
  g_array_append_val (self->rows, row);
}

static void
form_row_clear (gpointer data)
{
  FormRow *row = data;

  g_free (row->error);
}

static void
yado_device_form_finalize (GObject *object)
{
  YadoDeviceForm *self = YADO_DEVICE_FORM (object);

  g_array_unref (self->rows);
  G_OBJECT_CLASS (yado_device_form_parent_class)->finalize (object);
}

static void
yado_device_form_class_init (YadoDeviceFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yado_device_form_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
yado_device_form_init (YadoDeviceForm *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (FormRow));
  g_array_set_clear_func (self->rows, form_row_clear);
  gtk_grid_set_row_spacing (GTK_GRID (self), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self), 12);
}

YadoDeviceForm *
yado_device_form_new (const YadoField *fields, guint n_fields, const YadoFormContext *context)
{
  YadoDeviceForm *self = g_object_new (YADO_TYPE_DEVICE_FORM, NULL);

  self->fields = fields;
  self->n_fields = n_fields;
  self->context = context;
  for (guint i = 0; i < n_fields; i++)
    {
      add_row (self, &fields[i], (int) i);
      g_object_set_data (G_OBJECT (g_array_index (self->rows, FormRow, i).widget), "yado-form",
                         self);
    }
  /* Each callback gets its row: the array does not move once built. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      FormRow *row = &g_array_index (self->rows, FormRow, i);
      GObject *source = G_OBJECT (row->widget);

      if (row->field->type == YADO_FIELD_TEXT)
        g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (row->widget)), "changed",
                          G_CALLBACK (on_text_changed), row);
      else if (row->field->type == YADO_FIELD_YESNO || row->field->type == YADO_FIELD_FLAG)
        g_signal_connect (source, "toggled", G_CALLBACK (on_widget_changed), row);
      else if (row->field->type != YADO_FIELD_LABEL)
        g_signal_connect (source, "changed", G_CALLBACK (on_widget_changed), row);
    }
  return self;
}

/* ---- binding ---- */

static gboolean
condition_holds (xmlNodePtr node, const char *when)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *value = NULL;

  if (when == NULL)
    return TRUE;
  parts = g_strsplit (when, "=", 2);
  value = yado_xml_node_get (node, parts[0]);
  return g_strcmp0 (value, parts[1]) == 0;
}

static void
fill_widget (FormRow *row, xmlNodePtr node)
{
  g_autofree char *value = yado_xml_node_get (node, row->field->path);

  if (value == NULL && row->field->absent != NULL)
    value = g_strdup (row->field->absent);
  switch (row->field->type)
    {
    case YADO_FIELD_LABEL:
      gtk_label_set_text (GTK_LABEL (row->widget), value ? value : "—");
      break;
    case YADO_FIELD_YESNO:
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row->widget), g_strcmp0 (value, "yes") == 0);
      break;
    case YADO_FIELD_FLAG:
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row->widget),
                                    yado_xml_node_get_flag (node, row->field->path));
      break;
    case YADO_FIELD_COMBO:
      if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (row->widget), value ? value : ""))
        gtk_entry_set_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (row->widget))),
                            value ? value : "");
      break;
    case YADO_FIELD_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (row->widget)),
                                value ? value : "", -1);
      break;
    default:
      gtk_entry_set_text (GTK_ENTRY (row->widget), value ? value : "");
      break;
    }
}

void
yado_device_form_bind (YadoDeviceForm *self, xmlNodePtr node)
{
  self->node = node;
  self->loading = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      FormRow *row = &g_array_index (self->rows, FormRow, i);
      gboolean shown = condition_holds (node, row->field->when);

      fill_widget (row, node);
      show_error (row, NULL);
      gtk_widget_set_visible (row->caption, shown);
      gtk_widget_set_visible (gtk_widget_get_ancestor (row->widget, GTK_TYPE_BOX), shown);
      /* A VM is renamed only while it is shut off. */
      if (row->field->check == YADO_CHECK_NAME)
        gtk_widget_set_sensitive (row->widget, self->context == NULL || self->context->shut_off);
    }
  self->loading = FALSE;
}

gboolean
yado_device_form_is_valid (YadoDeviceForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, FormRow, i).error != NULL)
      return FALSE;
  return TRUE;
}

static FormRow *
find_row (YadoDeviceForm *self, const char *path)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FormRow *row = &g_array_index (self->rows, FormRow, i);

      if (g_str_equal (row->field->path, path) && gtk_widget_get_visible (row->caption))
        return row;
    }
  return NULL;
}

GtkWidget *
yado_device_form_get_widget (YadoDeviceForm *self, const char *path)
{
  FormRow *row = find_row (self, path);

  return row ? row->widget : NULL;
}

const char *
yado_device_form_get_error (YadoDeviceForm *self, const char *path)
{
  FormRow *row = find_row (self, path);

  return row ? row->error : NULL;
}

void
yado_device_form_hide_field (YadoDeviceForm *self, const char *path)
{
  FormRow *row = find_row (self, path);

  if (row == NULL)
    return;
  gtk_widget_hide (row->caption);
  gtk_widget_hide (gtk_widget_get_ancestor (row->widget, GTK_TYPE_BOX));
}

void
yado_device_form_set_error (YadoDeviceForm *self, const char *path, const char *error)
{
  FormRow *row = find_row (self, path);

  g_return_if_fail (row != NULL);
  show_error (row, g_strdup (error));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
yado_device_form_set_value (YadoDeviceForm *self, const char *path, const char *value)
{
  FormRow *row = find_row (self, path);

  g_return_if_fail (row != NULL);
  switch (row->field->type)
    {
    case YADO_FIELD_YESNO:
    case YADO_FIELD_FLAG:
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row->widget), g_strcmp0 (value, "yes") == 0);
      break;
    case YADO_FIELD_COMBO:
      if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (row->widget), value))
        gtk_entry_set_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (row->widget))), value);
      break;
    case YADO_FIELD_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (row->widget)), value, -1);
      break;
    case YADO_FIELD_LABEL:
      break;
    default:
      gtk_entry_set_text (GTK_ENTRY (row->widget), value);
      break;
    }
}

xmlNodePtr
yado_device_form_get_node (YadoDeviceForm *self)
{
  return self->node;
}
