/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The forms of the wizard's pages: one grid per page, so that every
 * label and field of a page lines up, including rows that come and go
 * with a choice (GtkGrid gives an empty row neither height nor spacing).
 */
#include "config.h"

#include "yado-wizard-form.h"

YadoWizardForm
yado_wizard_form_new (GPtrArray *errors, GtkSizeGroup *labels)
{
  YadoWizardForm form = { GTK_GRID (gtk_grid_new ()), 0, errors, labels };

  gtk_grid_set_row_spacing (form.grid, 6);
  gtk_grid_set_column_spacing (form.grid, 12);
  gtk_widget_set_valign (GTK_WIDGET (form.grid), GTK_ALIGN_START);
  return form;
}

char *
yado_wizard_label_to_name (const char *text)
{
  GString *name = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (name, *p);
  if (name->len > 0 && name->str[name->len - 1] == ':')
    g_string_truncate (name, name->len - 1);
  return g_string_free (name, FALSE);
}

GtkWidget *
yado_wizard_form_row_with (YadoWizardForm *form, const char *text, GtkWidget *placed,
                           GtkWidget *field)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);
  g_autofree char *name = yado_wizard_label_to_name (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  /* Beside a field with something under it (buttons, a list): level with
   * the field, not with the middle of the whole. */
  if (GTK_IS_BOX (placed)
      && gtk_orientable_get_orientation (GTK_ORIENTABLE (placed)) == GTK_ORIENTATION_VERTICAL)
    {
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_widget_set_margin_top (label, 8);
    }
  if (form->labels != NULL)
    gtk_size_group_add_widget (form->labels, label);
  gtk_widget_set_hexpand (placed, TRUE);
  atk_object_set_name (gtk_widget_get_accessible (field), name);
  gtk_grid_attach (form->grid, label, 0, form->row, 1, 1);
  gtk_grid_attach (form->grid, placed, 1, form->row, 1, 1);
  form->row++;
  return label;
}

GtkWidget *
yado_wizard_form_row (YadoWizardForm *form, const char *text, GtkWidget *field)
{
  return yado_wizard_form_row_with (form, text, field, field);
}

void
yado_wizard_form_wide (YadoWizardForm *form, GtkWidget *widget, int indent)
{
  gtk_widget_set_margin_start (widget, indent);
  gtk_grid_attach (form->grid, widget, 0, form->row++, 2, 1);
}

GtkWidget *
yado_wizard_form_heading (YadoWizardForm *form, const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  PangoAttrList *bold = pango_attr_list_new ();

  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (label), bold);
  pango_attr_list_unref (bold);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (form->row > 0)
    gtk_widget_set_margin_top (label, 12);
  yado_wizard_form_wide (form, label, 0);
  return label;
}

GPtrArray *
yado_wizard_form_rows (YadoWizardForm *form, int from, int to)
{
  GPtrArray *widgets = g_ptr_array_new ();
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (form->grid));

  for (GList *l = children; l != NULL; l = l->next)
    {
      int top;

      gtk_container_child_get (GTK_CONTAINER (form->grid), l->data, "top-attach", &top, NULL);
      if (top >= from && top < to)
        g_ptr_array_add (widgets, l->data);
    }
  return widgets;
}

void
yado_wizard_set_visible (GPtrArray *widgets, gboolean visible)
{
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      if (!visible)
        gtk_widget_hide (widget);
      else if (!gtk_widget_get_no_show_all (widget))
        gtk_widget_show (widget);
    }
}

void
yado_wizard_set_sensitive (GPtrArray *widgets, gboolean sensitive)
{
  for (guint i = 0; i < widgets->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (widgets, i), sensitive);
}

GtkLabel *
yado_wizard_small_label (const char *text, const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  /* Wrapped labels ask for their widest line otherwise: keep the page
   * as wide as its fields. */
  gtk_label_set_width_chars (GTK_LABEL (label), 30);
  if (style_class != NULL)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style_class);
  return GTK_LABEL (label);
}

GtkLabel *
yado_wizard_form_note (YadoWizardForm *form, const char *text)
{
  GtkLabel *note = yado_wizard_small_label (text, "dim-label");

  gtk_grid_attach (form->grid, GTK_WIDGET (note), 1, form->row++, 1, 1);
  return note;
}

static GtkLabel *
hidden_line (YadoWizardForm *form, const char *name, const char *style_class)
{
  GtkLabel *label = yado_wizard_small_label ("", style_class);

  gtk_widget_set_name (GTK_WIDGET (label), name);
  gtk_widget_set_no_show_all (GTK_WIDGET (label), TRUE);
  gtk_grid_attach (form->grid, GTK_WIDGET (label), 1, form->row++, 1, 1);
  return label;
}

GtkLabel *
yado_wizard_form_warning (YadoWizardForm *form, const char *name)
{
  return hidden_line (form, name, "yado-field-warning");
}

GtkLabel *
yado_wizard_form_error (YadoWizardForm *form, const char *name)
{
  GtkLabel *label = hidden_line (form, name, "yado-field-error");

  if (form->errors != NULL)
    g_ptr_array_add (form->errors, label);
  return label;
}

void
yado_wizard_show_message (GtkLabel *label, const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
}

void
yado_wizard_hide_on_change (GtkWidget *field, GtkLabel *label)
{
  const char *signal = GTK_IS_SPIN_BUTTON (field) ? "value-changed"
                     : GTK_IS_ENTRY (field) ? "changed"
                     : GTK_IS_COMBO_BOX (field) ? "changed"
                     : "toggled";

  g_signal_connect_swapped (field, signal, G_CALLBACK (gtk_widget_hide), label);
  yado_wizard_set_field (label, field);
}

void
yado_wizard_set_field (GtkLabel *label, GtkWidget *field)
{
  g_object_set_data (G_OBJECT (label), "yado-wizard-field", field);
}

void
yado_wizard_focus_first_error (GPtrArray *errors)
{
  for (guint i = 0; i < errors->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (errors, i);
      GtkWidget *field = g_object_get_data (G_OBJECT (label), "yado-wizard-field");

      if (gtk_widget_get_visible (label))
        {
          gtk_widget_grab_focus (field != NULL ? field : label);
          return;
        }
    }
}
