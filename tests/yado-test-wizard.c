/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "yado-test-wizard.h"

#include "yado-test-console.h"
#include "yado-test-utils.h"

#define WAIT_MS 20000

GtkWidget *
yado_test_find_named (GtkWidget *widget, const char *name)
{
  g_autoptr(GList) children = NULL;

  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = yado_test_find_named (l->data, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
yado_test_wizard_wait_idle (YadoNewVmWizard *wizard)
{
  yado_test_wait_until (yado_new_vm_wizard_get_idle (wizard), WAIT_MS);
  yado_test_iterate_for (50);
}

static GtkStack *
stack_of (YadoNewVmWizard *wizard)
{
  return GTK_STACK (yado_test_find_widget_of_type (GTK_WIDGET (wizard), GTK_TYPE_STACK));
}

static GtkWidget *
shown_page (YadoNewVmWizard *wizard)
{
  return gtk_stack_get_visible_child (stack_of (wizard));
}

GtkWidget *
yado_test_wizard_page (YadoNewVmWizard *wizard, const char *name)
{
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (wizard)), ==, name);
  return shown_page (wizard);
}

const char *
yado_test_wizard_header (YadoNewVmWizard *wizard)
{
  return gtk_label_get_text (GTK_LABEL (yado_test_find_named (GTK_WIDGET (wizard), "header")));
}

GtkWidget *
yado_test_wizard_field (YadoNewVmWizard *wizard, const char *label)
{
  GtkWidget *widget = yado_test_find_widget_by_name (shown_page (wizard), label);

  if (widget == NULL)
    g_error ("no field “%s” on the page", label);
  return widget;
}

void
yado_test_wizard_set_text (YadoNewVmWizard *wizard, const char *label, const char *text)
{
  gtk_entry_set_text (GTK_ENTRY (yado_test_wizard_field (wizard, label)), text);
}

const char *
yado_test_wizard_get_text (YadoNewVmWizard *wizard, const char *label)
{
  return gtk_entry_get_text (GTK_ENTRY (yado_test_wizard_field (wizard, label)));
}

void
yado_test_wizard_set_spin (YadoNewVmWizard *wizard, const char *label, double value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (yado_test_wizard_field (wizard, label)), value);
}

int
yado_test_wizard_get_spin (YadoNewVmWizard *wizard, const char *label)
{
  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (yado_test_wizard_field (wizard,
                                                                                    label)));
}

const char *
yado_test_wizard_get_combo (YadoNewVmWizard *wizard, const char *label)
{
  return gtk_combo_box_get_active_id (GTK_COMBO_BOX (yado_test_wizard_field (wizard, label)));
}

void
yado_test_wizard_set_combo (YadoNewVmWizard *wizard, const char *label, const char *id)
{
  g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (yado_test_wizard_field (wizard,
                                                                                     label)),
                                              id));
}

gboolean
yado_test_wizard_get_active (YadoNewVmWizard *wizard, const char *label)
{
  GtkWidget *widget = yado_test_wizard_field (wizard, label);

  if (GTK_IS_EXPANDER (widget))
    return gtk_expander_get_expanded (GTK_EXPANDER (widget));
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget));
}

void
yado_test_wizard_set_active (YadoNewVmWizard *wizard, const char *label, gboolean active)
{
  GtkWidget *widget = yado_test_wizard_field (wizard, label);

  if (GTK_IS_EXPANDER (widget))
    gtk_expander_set_expanded (GTK_EXPANDER (widget), active);
  else
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget), active);
}

const char *
yado_test_wizard_line (YadoNewVmWizard *wizard, const char *name)
{
  GtkWidget *label = yado_test_find_named (shown_page (wizard), name);

  g_assert_nonnull (label);
  return gtk_widget_get_mapped (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

const char *
yado_test_wizard_progress_error (YadoNewVmWizard *wizard)
{
  GtkWidget *label = yado_test_find_named (GTK_WIDGET (wizard), "progress-error");

  return gtk_widget_get_mapped (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

GtkWidget *
yado_test_wizard_button (YadoNewVmWizard *wizard, int response)
{
  return gtk_dialog_get_widget_for_response (GTK_DIALOG (wizard), response);
}

static gboolean
usable (GtkWidget *button)
{
  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

gboolean
yado_test_wizard_forward_enabled (YadoNewVmWizard *wizard)
{
  return usable (yado_test_wizard_button (wizard, YADO_TEST_WIZARD_RESPONSE_FORWARD));
}

gboolean
yado_test_wizard_finish_enabled (YadoNewVmWizard *wizard)
{
  return usable (yado_test_wizard_button (wizard, GTK_RESPONSE_OK));
}

void
yado_test_wizard_press_forward (YadoNewVmWizard *wizard)
{
  g_assert_true (yado_test_wizard_forward_enabled (wizard));
  gtk_button_clicked (GTK_BUTTON (yado_test_wizard_button (wizard,
                                                           YADO_TEST_WIZARD_RESPONSE_FORWARD)));
  yado_test_wizard_wait_idle (wizard);
}

void
yado_test_wizard_press_back (YadoNewVmWizard *wizard)
{
  GtkWidget *back = yado_test_wizard_button (wizard, YADO_TEST_WIZARD_RESPONSE_BACK);

  g_assert_true (gtk_widget_is_sensitive (back));
  gtk_button_clicked (GTK_BUTTON (back));
  yado_test_wizard_wait_idle (wizard);
}

void
yado_test_wizard_choose_method (YadoNewVmWizard *wizard, const char *label)
{
  yado_test_wizard_set_active (wizard, label, TRUE);
  yado_test_wizard_wait_idle (wizard);
}

void
yado_test_wizard_pick_os (YadoNewVmWizard *wizard, const char *search)
{
  GtkTreeView *view;
  GtkTreePath *first = gtk_tree_path_new_first ();

  yado_test_wizard_page (wizard, "os");
  yado_test_wizard_set_text (wizard, "Operating system", search);
  yado_test_iterate_for (300);
  view = GTK_TREE_VIEW (yado_test_wizard_field (wizard, "Operating systems"));
  gtk_tree_selection_select_path (gtk_tree_view_get_selection (view), first);
  gtk_tree_path_free (first);
}
