/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A wizard page's form: a grid of "Label:" (end-aligned) and field rows,
 * with dim notes and red error lines under the fields, and headings and
 * check boxes across both columns. A field is named for assistive
 * technologies (and tests) after its label; an error label by the name
 * given (gtk_widget_get_name).
 */

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  GtkGrid      *grid;
  int           row;
  GPtrArray    *errors;   /* where the form's error labels go (borrowed) */
  GtkSizeGroup *labels;   /* the labels' column, shared by pages (borrowed) */
} YadoWizardForm;

/* A new grid; its error labels are added to @errors, its labels to
 * @labels (so that several pages line up alike); either may be NULL.
 * Also the Add Hardware dialog's pages. */
YadoWizardForm yado_wizard_form_new   (GPtrArray    *errors,
                                       GtkSizeGroup *labels);
/* "_Label:" and @placed (a field, or a box holding @field, which the label
 * names and focuses). Returns the label. */
GtkWidget *yado_wizard_form_row_with  (YadoWizardForm *form,
                                       const char     *label,
                                       GtkWidget      *placed,
                                       GtkWidget      *field);
GtkWidget *yado_wizard_form_row       (YadoWizardForm *form,
                                       const char     *label,
                                       GtkWidget      *field);
/* @widget across both columns, indented by @indent pixels. */
void       yado_wizard_form_wide      (YadoWizardForm *form,
                                       GtkWidget      *widget,
                                       int             indent);
/* A bold heading across both columns, with space above unless first. */
GtkWidget *yado_wizard_form_heading   (YadoWizardForm *form,
                                       const char     *text);
/* A dim note under the last field (in the field's column). */
GtkLabel  *yado_wizard_form_note      (YadoWizardForm *form,
                                       const char     *text);
/* A warning (shown by the caller) under the last field, hidden at first. */
GtkLabel  *yado_wizard_form_warning   (YadoWizardForm *form,
                                       const char     *name);
/* The red line under the last field, hidden until shown. */
GtkLabel  *yado_wizard_form_error     (YadoWizardForm *form,
                                       const char     *name);

/* The widgets on rows [@from, @to): the rows that come and go with a
 * choice. */
GPtrArray *yado_wizard_form_rows      (YadoWizardForm *form,
                                       int             from,
                                       int             to);
/* Shows or hides @widgets; a message line (no-show-all) is only ever
 * hidden here: its check shows it. */
void       yado_wizard_set_visible    (GPtrArray *widgets,
                                       gboolean   visible);
void       yado_wizard_set_sensitive  (GPtrArray *widgets,
                                       gboolean   sensitive);

/* A wrapping left-aligned label with @style_class (or none). */
GtkLabel  *yado_wizard_small_label    (const char *text,
                                       const char *style_class);
/* Shows @message in @label (NULL or "" hides it). */
void       yado_wizard_show_message   (GtkLabel   *label,
                                       const char *message);
/* Editing @field (an entry, spin button, combo or toggle) hides @label. */
void       yado_wizard_hide_on_change (GtkWidget *field,
                                       GtkLabel  *label);
/* The field @label (an error line) is about, which gets the focus when
 * the line is the page's first (set by yado_wizard_hide_on_change). */
void       yado_wizard_set_field      (GtkLabel  *label,
                                       GtkWidget *field);
/* Focuses the field of the first visible error line of @errors. */
void       yado_wizard_focus_first_error (GPtrArray *errors);
/* "Device _type:" → "Device type". */
char      *yado_wizard_label_to_name  (const char *text);

G_END_DECLS
