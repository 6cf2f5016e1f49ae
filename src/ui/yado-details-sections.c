/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The details page's editors that are more than a table of fields: the
 * overview (with the VM's state and its guest agent), CPUs and memory
 * (numbers checked against each other and the host), boot options (the
 * order of bootable devices, autostart).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-connection.h"
#include "yado-details-page-private.h"
#include "yado-device-fields.h"
#include "yado-format.h"
#include "yado-guest-agent-view.h"

/* ---- a line of the form: a caption and a widget ---- */

static GtkWidget *
new_grid (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_show (grid);
  return grid;
}

static void
attach_line (GtkWidget *grid, int line, const char *caption, GtkWidget *widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (caption);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  /* The caption without its mnemonic's underscore. */
  atk_object_set_name (gtk_widget_get_accessible (widget), gtk_label_get_text (GTK_LABEL (label)));
  gtk_grid_attach (GTK_GRID (grid), label, 0, line, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, line, 1, 1);
  gtk_widget_show (label);
  gtk_widget_show (widget);
}

/* A dim sentence (a warning, or an error when @error). */
static GtkWidget *
new_note (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_no_show_all (label, TRUE);
  return label;
}

static void
set_note (GtkWidget *note, const char *text, gboolean error)
{
  GtkStyleContext *style = gtk_widget_get_style_context (note);

  gtk_label_set_text (GTK_LABEL (note), text ? text : "");
  gtk_widget_set_visible (note, text != NULL);
  if (error)
    gtk_style_context_add_class (style, "error");
  else
    gtk_style_context_remove_class (style, "error");
}

static GtkWidget *
new_spin (double max, double value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_halign (spin, GTK_ALIGN_START);
  return spin;
}

static void
set_section_error (YadoDetailsPage *self, const char *error)
{
  g_free (self->section_error);
  self->section_error = g_strdup (error);
}

static gboolean
writable (YadoDetailsPage *self)
{
  YadoConnection *connection = yado_domain_get_connection (self->domain);

  return connection != NULL && !yado_connection_get_read_only (connection);
}

/* ---- overview ---- */

void
_yado_details_build_overview (YadoDetailsPage *self, GtkBox *box)
{
  guint n_fields;
  const YadoField *fields = yado_overview_fields (&n_fields);
  GtkWidget *state = gtk_label_new (yado_domain_get_state_text (self->domain));
  GtkWidget *agent = yado_guest_agent_view_new ();
  GtkWidget *form = _yado_details_page_add_form (self, box, fields, n_fields,
                                                 yado_domain_config_get_root (self->working));

  GtkWidget *secure = yado_device_form_get_widget (YADO_DEVICE_FORM (form), "os/loader/@secure");

  /* Secure boot where the host offers it, or where the VM has it. */
  if (self->context.no_secure_boot && secure != NULL
      && !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (secure)))
    yado_device_form_hide_field (YADO_DEVICE_FORM (form), "os/loader/@secure");
  /* The state is no field of the XML: a line of the same grid. */
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_grid_insert_row (GTK_GRID (form), 0);
  attach_line (form, 0, _("State"), state);
  gtk_box_pack_start (box, _yado_details_heading (_("Guest")), FALSE, FALSE, 0);
  yado_guest_agent_view_set_domain (YADO_GUEST_AGENT_VIEW (agent), self->domain);
  gtk_box_pack_start (box, agent, FALSE, FALSE, 0);
  gtk_widget_show (agent);
}

/* ---- CPUs ---- */

typedef struct {
  YadoDetailsPage *page;
  GtkWidget       *current;
  GtkWidget       *max;
  GtkWidget       *note;
} CountEditor;

static void
on_vcpus_changed (GtkSpinButton *spin, CountEditor *editor)
{
  YadoDetailsPage *self = editor->page;
  guint current = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (editor->current));
  guint max = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (editor->max));
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  guint host = connection ? yado_connection_get_host_cpus (connection) : 0;
  g_autofree char *text = NULL;
  gboolean error = TRUE;

  if (current == 0)
    text = g_strdup (_("A virtual machine needs at least one vCPU."));
  else if (current > max)
    text = g_strdup_printf (_("The current count (%u) cannot be more than the maximum (%u)."),
                            current, max);
  else
    {
      error = FALSE;
      if (host > 0 && max > host)
        text = g_strdup_printf (_("The host has %u CPUs: more vCPUs than that slow the guest "
                                  "down."), host);
    }
  set_note (editor->note, text, error);
  set_section_error (self, error ? text : NULL);
  if (!error)
    yado_domain_config_set_vcpus (self->working, current, max);
  _yado_details_page_changed (self);
}

/* What the CPU and memory pages share: the host's figure, a current and
 * a maximum count, and a note under them. */
typedef struct {
  const char *host_caption, *host_text, *current_caption, *max_caption;
  double      limit, current, max;
  GCallback   changed;
} CountSpec;

static CountEditor *
add_count_editor (YadoDetailsPage *self, GtkBox *box, const CountSpec *spec)
{
  GtkWidget *grid = new_grid ();
  GtkWidget *host = gtk_label_new (spec->host_text);
  CountEditor *editor = g_new0 (CountEditor, 1);

  editor->page = self;
  g_object_set_data_full (G_OBJECT (grid), "yado-editor", editor, g_free);
  editor->current = new_spin (spec->limit, spec->current);
  editor->max = new_spin (spec->limit, spec->max);
  editor->note = new_note ();
  gtk_widget_set_halign (host, GTK_ALIGN_START);
  attach_line (grid, 0, spec->host_caption, host);
  attach_line (grid, 1, spec->current_caption, editor->current);
  attach_line (grid, 2, spec->max_caption, editor->max);
  gtk_grid_attach (GTK_GRID (grid), editor->note, 1, 3, 1, 1);
  gtk_widget_set_sensitive (grid, writable (self));
  g_signal_connect (editor->current, "value-changed", spec->changed, editor);
  g_signal_connect (editor->max, "value-changed", spec->changed, editor);
  gtk_box_pack_start (box, grid, FALSE, FALSE, 0);
  return editor;
}

void
_yado_details_build_cpus (YadoDetailsPage *self, GtkBox *box)
{
  guint n_fields;
  const YadoField *fields = yado_cpu_fields (&n_fields);
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  guint host = connection ? yado_connection_get_host_cpus (connection) : 0;
  g_autofree char *host_text = host ? g_strdup_printf ("%u", host) : g_strdup (_("Unknown"));
  CountSpec spec = {
    _("Host CPUs"), host_text, _("C_urrent vCPUs"), _("_Maximum vCPUs"), 4096,
    yado_domain_config_get_current_vcpus (self->working),
    yado_domain_config_get_max_vcpus (self->working), G_CALLBACK (on_vcpus_changed),
  };

  add_count_editor (self, box, &spec);
  gtk_box_pack_start (box, _yado_details_heading (_("Model and topology")), FALSE, FALSE, 0);
  _yado_details_page_add_form (self, box, fields, n_fields,
                               yado_domain_config_get_root (self->working));
}

/* ---- memory ---- */

static void
on_memory_changed (GtkSpinButton *spin, CountEditor *editor)
{
  YadoDetailsPage *self = editor->page;
  guint64 current = (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (editor->current)) * 1024;
  guint64 max = (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (editor->max)) * 1024;
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  guint64 host = connection ? yado_connection_get_host_memory_kib (connection) : 0;
  g_autofree char *text = NULL;
  gboolean error = TRUE;

  /* QEMU's firmware alone needs a few MiB; virt-manager asks for 50 MiB. */
  if (current < 64 * 1024)
    text = g_strdup (_("Give the virtual machine at least 64 MiB of memory."));
  else if (current > max)
    text = g_strdup (_("The current allocation cannot be more than the maximum."));
  else
    {
      error = FALSE;
      if (host > 0 && max > host)
        {
          g_autofree char *size = yado_format_memory_kib (host);

          text = g_strdup_printf (_("More than the host's %s: the guest will swap or be "
                                    "stopped when it uses it."), size);
        }
    }
  set_note (editor->note, text, error);
  set_section_error (self, error ? text : NULL);
  if (!error)
    {
      yado_domain_config_set_memory_kib (self->working, max);
      yado_domain_config_set_current_memory_kib (self->working, current);
    }
  _yado_details_page_changed (self);
}

void
_yado_details_build_memory (YadoDetailsPage *self, GtkBox *box)
{
  guint n_fields;
  const YadoField *fields = yado_memory_backing_fields (&n_fields);
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  guint64 host = connection ? yado_connection_get_host_memory_kib (connection) : 0;
  g_autofree char *host_text = host ? yado_format_memory_kib (host) : g_strdup (_("Unknown"));
  /* 16 TiB: more than any host has; the note says what is too much. */
  CountSpec spec = {
    _("Host memory"), host_text, _("C_urrent allocation (MiB)"), _("_Maximum allocation (MiB)"),
    16.0 * 1024 * 1024, yado_domain_config_get_current_memory_kib (self->working) / 1024,
    yado_domain_config_get_memory_kib (self->working) / 1024, G_CALLBACK (on_memory_changed),
  };

  add_count_editor (self, box, &spec);
  gtk_box_pack_start (box, _yado_details_heading (_("Memory backing")), FALSE, FALSE, 0);
  _yado_details_page_add_form (self, box, fields, n_fields,
                               yado_domain_config_get_root (self->working));
}

/* ---- boot options ---- */

typedef struct {
  YadoDetailsPage *page;
  GtkListBox      *list;
} BootEditor;

static void
write_boot_order (BootEditor *editor)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (editor->list));
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (YadoBootEntry));

  for (GList *l = rows; l != NULL; l = l->next)
    {
      YadoBootEntry entry;
      GtkToggleButton *check = g_object_get_data (l->data, "check");

      entry.device = g_object_get_data (l->data, "device");
      entry.enabled = gtk_toggle_button_get_active (check);
      g_array_append_val (entries, entry);
    }
  yado_domain_config_set_boot_order (editor->page->working, (YadoBootEntry *) entries->data,
                                     entries->len);
  _yado_details_page_changed (editor->page);
}

static void
on_boot_toggled (GtkToggleButton *check, BootEditor *editor)
{
  write_boot_order (editor);
}

static void
move_row (GtkWidget *button, int delta)
{
  BootEditor *editor = g_object_get_data (G_OBJECT (button), "editor");
  GtkListBoxRow *row = GTK_LIST_BOX_ROW (gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW));
  int index = gtk_list_box_row_get_index (row) + delta;

  if (index < 0 || gtk_list_box_get_row_at_index (editor->list, index) == NULL)
    return;
  g_object_ref (row);
  gtk_container_remove (GTK_CONTAINER (editor->list), GTK_WIDGET (row));
  gtk_list_box_insert (editor->list, GTK_WIDGET (row), index);
  g_object_unref (row);
  write_boot_order (editor);
}

static void
on_up_clicked (GtkWidget *button)
{
  move_row (button, -1);
}

static void
on_down_clicked (GtkWidget *button)
{
  move_row (button, 1);
}

static GtkWidget *
arrow_button (BootEditor *editor, const char *icon, const char *name, GCallback callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon, GTK_ICON_SIZE_BUTTON);

  gtk_button_set_relief (GTK_BUTTON (button), GTK_RELIEF_NONE);
  atk_object_set_name (gtk_widget_get_accessible (button), name);
  gtk_widget_set_tooltip_text (button, name);
  g_object_set_data (G_OBJECT (button), "editor", editor);
  g_signal_connect (button, "clicked", callback, NULL);
  return button;
}

static GtkWidget *
boot_row (BootEditor *editor, const YadoBootEntry *entry)
{
  g_autofree char *label = yado_device_get_label (editor->page->working, entry->device);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), entry->enabled);
  gtk_widget_set_hexpand (check, TRUE);
  g_signal_connect (check, "toggled", G_CALLBACK (on_boot_toggled), editor);
  gtk_box_pack_start (GTK_BOX (box), check, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), arrow_button (editor, "go-up-symbolic", _("Move up"),
                                                   G_CALLBACK (on_up_clicked)), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), arrow_button (editor, "go-down-symbolic", _("Move down"),
                                                   G_CALLBACK (on_down_clicked)), FALSE, FALSE, 0);
  g_object_set (box, "margin", 4, NULL);
  gtk_container_add (GTK_CONTAINER (row), box);
  g_object_set_data (G_OBJECT (row), "device", entry->device);
  g_object_set_data (G_OBJECT (row), "check", check);
  atk_object_set_name (gtk_widget_get_accessible (row), label);
  return row;
}

static void
on_autostart_toggled (GtkToggleButton *check, YadoDetailsPage *self)
{
  self->autostart = gtk_toggle_button_get_active (check);
  _yado_details_page_changed (self);
}

void
_yado_details_build_boot (YadoDetailsPage *self, GtkBox *box)
{
  guint n_fields;
  const YadoField *fields = yado_boot_fields (&n_fields);
  GtkWidget *autostart = gtk_check_button_new_with_mnemonic (_("Start virtual machine on host "
                                                                "_boot"));
  GtkWidget *frame = gtk_frame_new (NULL);
  BootEditor *editor = g_new0 (BootEditor, 1);
  g_autoptr(GArray) order = yado_domain_config_get_boot_order (self->working);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (autostart), self->autostart);
  g_signal_connect (autostart, "toggled", G_CALLBACK (on_autostart_toggled), self);
  gtk_box_pack_start (box, _yado_details_heading (_("Autostart")), FALSE, FALSE, 0);
  gtk_box_pack_start (box, autostart, FALSE, FALSE, 0);

  editor->page = self;
  editor->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (editor->list, GTK_SELECTION_NONE);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (editor->list)), _("Boot order"));
  g_object_set_data_full (G_OBJECT (editor->list), "yado-editor", editor, g_free);
  for (guint i = 0; i < order->len; i++)
    gtk_container_add (GTK_CONTAINER (editor->list),
                       boot_row (editor, &g_array_index (order, YadoBootEntry, i)));
  gtk_container_add (GTK_CONTAINER (frame), GTK_WIDGET (editor->list));
  gtk_box_pack_start (box, _yado_details_heading (_("Boot device order")), FALSE, FALSE, 0);
  gtk_box_pack_start (box, frame, FALSE, FALSE, 0);
  gtk_box_pack_start (box, _yado_details_heading (_("Boot menu and direct kernel boot")),
                      FALSE, FALSE, 0);
  gtk_widget_set_sensitive (autostart, writable (self));
  gtk_widget_set_sensitive (frame, writable (self));
  gtk_widget_show_all (GTK_WIDGET (box));
  _yado_details_page_add_form (self, box, fields, n_fields,
                               yado_domain_config_get_root (self->working));
}
