/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM window's details page, in-process under Xvfb, on
 * tests/data/details-host.xml: "rich" has every device type. The tests
 * walk every row and compare each field with the XML libvirt gives, edit
 * as a user would and read the result back from libvirt, and check that
 * bad input is explained at its field and never sent.
 */
#include <string.h>

#include <gtk/gtk.h>

#include "yado-application.h"
#include "yado-details-page.h"
#include "yado-device-fields.h"
#include "yado-domain-edit.h"
#include "yado-new-vm-install.h"
#include "yado-worker.h"
#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-utils.h"
#include "yado-vm-window.h"
#include "yado-xml-editor.h"

#define WAIT_MS 5000

typedef struct {
  YadoConnection  *c;
  GSettings       *settings;
  YadoVmWindow    *window;
  YadoDetailsPage *page;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = yado_test_fixture_uri ("details-host.xml");

  f->settings = yado_settings_new ();
  f->c = yado_test_open (uri);
  yado_connection_set_stats_interval (f->c, 0);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_widget_destroy (GTK_WIDGET (f->window));
  yado_connection_close (f->c);
  g_object_unref (f->c);
  g_object_unref (f->settings);
}

static void
open_details (Fixture *f, const char *name)
{
  f->window = yado_vm_window_new (NULL, yado_test_domain (f->c, name), f->settings);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 700);
  gtk_widget_show (GTK_WIDGET (f->window));
  yado_vm_window_show_view (f->window, "details");
  f->page = yado_vm_window_get_details_page (f->window);
  yado_test_wait_until (yado_details_page_is_loaded (f->page), WAIT_MS);
  /* The domain's details arrive after the listing: let that read end. */
  yado_test_iterate_for (400);
  yado_test_wait_until (yado_details_page_is_loaded (f->page), WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_view (f->window), ==, "details");
}

/* The next boot's definition, as libvirt has it now. */
static YadoDomainConfig *
read_back (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoDomainXml) xml = yado_domain_fetch_xml_sync (yado_test_domain (f->c, name),
                                                             &error);
  YadoDomainConfig *config;

  g_assert_no_error (error);
  config = yado_domain_config_new (xml->inactive, &error);
  g_assert_no_error (error);
  return config;
}

static xmlNodePtr
device_labelled (YadoDomainConfig *config, const char *label)
{
  for (guint i = 0; i < yado_domain_config_get_n_devices (config); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (config, i);
      g_autofree char *text = yado_device_get_label (config, device);

      if (g_strcmp0 (text, label) == 0)
        return device;
    }
  g_error ("no device %s", label);
}

static void
select_row (Fixture *f, const char *label)
{
  g_assert_true (yado_details_page_select (f->page, label));
  yado_test_iterate ();
}

static YadoDeviceForm *
form (Fixture *f)
{
  GtkWidget *widget = yado_details_page_get_form (f->page);

  g_assert_nonnull (widget);
  return YADO_DEVICE_FORM (widget);
}

/* A widget of the page by its accessible name (the field's caption). */
static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  if (gtk_widget_get_visible (widget)
      && g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)), name) == 0)
    return widget;
  if (GTK_IS_CONTAINER (widget))
    {
      g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

      for (GList *l = children; l != NULL; l = l->next)
        {
          GtkWidget *found = find_named (l->data, name);

          if (found != NULL)
            return found;
        }
    }
  return NULL;
}

static GtkWidget *
named (Fixture *f, const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (f->page), name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

static gboolean
apply_sensitive (Fixture *f)
{
  return gtk_widget_get_sensitive (named (f, "Apply"));
}

static void
apply_and_wait (Fixture *f)
{
  /* A read of the definition may be on its way (the VM changed). */
  yado_test_wait_until (apply_sensitive (f), WAIT_MS);
  yado_details_page_apply (f->page);
  yado_test_wait_until (!yado_details_page_is_busy (f->page)
                        && yado_details_page_is_loaded (f->page), WAIT_MS);
  /* Applied: no error, and the page shows the new definition. */
  g_assert_cmpstr (yado_details_page_get_message (f->page), ==, NULL);
  g_assert_false (yado_details_page_has_changes (f->page));
}

/* ---- every row shows what the XML says ---- */

/* What the widget of @field shows, as the XML would say it. */
static char *
shown_value (GtkWidget *widget, const YadoField *field)
{
  switch (field->type)
    {
    case YADO_FIELD_LABEL:
      {
        const char *text = gtk_label_get_text (GTK_LABEL (widget));

        return g_str_equal (text, "—") ? NULL : g_strdup (text);
      }
    case YADO_FIELD_YESNO:
      return g_strdup (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)) ? "yes" : "no");
    case YADO_FIELD_FLAG:
      return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)) ? g_strdup ("yes") : NULL;
    case YADO_FIELD_COMBO:
      {
        const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget));
        const char *text = gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (widget))));

        /* A choice ("" is "not set"), or the value the entry shows. */
        if (id != NULL)
          return *id ? g_strdup (id) : NULL;
        return *text ? g_strdup (text) : NULL;
      }
    case YADO_FIELD_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }
    default:
      {
        const char *text = gtk_entry_get_text (GTK_ENTRY (widget));

        return *text ? g_strdup (text) : NULL;
      }
    }
}

static void
check_form_shows (YadoDeviceForm *shown, const YadoField *fields, guint n, xmlNodePtr node,
                  const char *row)
{
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *widget = yado_device_form_get_widget (shown, fields[i].path);
      g_autofree char *expected = fields[i].type == YADO_FIELD_FLAG
                                  ? (yado_xml_node_get_flag (node, fields[i].path)
                                     ? g_strdup ("yes") : NULL)
                                  : yado_xml_node_get (node, fields[i].path);
      g_autofree char *actual = NULL;

      if (widget == NULL)
        continue; /* a field that does not apply (another source type) */
      if (expected == NULL && fields[i].absent != NULL)
        expected = g_strdup (fields[i].absent);
      if (expected == NULL && fields[i].type == YADO_FIELD_YESNO)
        expected = g_strdup ("no");
      actual = shown_value (widget, &fields[i]);
      if (g_strcmp0 (actual, expected) != 0)
        g_error ("%s, %s: shows “%s”, the XML says “%s”", row, fields[i].path,
                 actual ? actual : "(nothing)", expected ? expected : "(nothing)");
    }
}

static void
test_every_row_shows_its_xml (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomainConfig) config = read_back (f, "rich");
  g_autoptr(GPtrArray) labels = NULL;
  guint n_fields, walked = 0;
  const YadoField *fields;

  open_details (f, "rich");
  labels = yado_details_page_get_row_labels (f->page);
  /* Five sections, then a row per device of the XML. */
  g_assert_cmpuint (labels->len, ==, 5 + yado_domain_config_get_n_devices (config));
  g_assert_cmpstr (g_ptr_array_index (labels, 0), ==, "Overview");
  g_assert_cmpstr (g_ptr_array_index (labels, 3), ==, "Memory");

  select_row (f, "Overview");
  fields = yado_overview_fields (&n_fields);
  check_form_shows (form (f), fields, n_fields, yado_domain_config_get_root (config), "Overview");
  g_assert_nonnull (find_named (GTK_WIDGET (f->page), "State"));

  for (guint i = 0; i < yado_domain_config_get_n_devices (config); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (config, i);
      g_autofree char *label = yado_device_get_label (config, device);
      YadoXmlEditor *editor;
      g_autofree char *xml = NULL;
      g_autofree char *device_xml = yado_device_to_xml (device);

      select_row (f, label);
      fields = yado_device_fields_for (yado_device_get_kind (device), &n_fields);
      if (n_fields > 0)
        check_form_shows (form (f), fields, n_fields, device, label);
      else
        g_assert_null (yado_details_page_get_form (f->page));
      /* Its XML tab shows this device, as libvirt wrote it. */
      yado_details_page_show_view (f->page, "xml");
      editor = YADO_XML_EDITOR (yado_details_page_get_xml_editor (f->page));
      xml = yado_xml_editor_get_xml (editor);
      g_assert_cmpstr (xml, ==, device_xml);
      yado_details_page_show_view (f->page, "details");
      walked++;
    }
  /* The 31 of the fixture, and what libvirt adds (a PS/2 mouse...). */
  g_assert_cmpuint (walked, >=, 31);
}

/* ---- edits, read back from libvirt ---- */

static void
set_spin (Fixture *f, const char *name, double value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (f, name)), value);
  yado_test_iterate ();
}

static void
test_edits_reach_libvirt (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomainConfig) memory = NULL;
  g_autoptr(YadoDomainConfig) nic = NULL;
  g_autoptr(YadoDomainConfig) disk = NULL;
  g_autoptr(YadoDomainConfig) vcpus = NULL;
  g_autofree char *model = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *discard = NULL;

  open_details (f, "rich");
  g_assert_false (apply_sensitive (f));

  select_row (f, "Memory");
  set_spin (f, "Current allocation (MiB)", 1536);
  g_assert_true (yado_details_page_has_changes (f->page));
  apply_and_wait (f);
  memory = read_back (f, "rich");
  g_assert_cmpuint (yado_domain_config_get_current_memory_kib (memory), ==, 1536 * 1024);
  g_assert_cmpuint (yado_domain_config_get_memory_kib (memory), ==, 2048 * 1024);

  select_row (f, "CPUs");
  set_spin (f, "Current vCPUs", 3);
  apply_and_wait (f);
  vcpus = read_back (f, "rich");
  g_assert_cmpuint (yado_domain_config_get_current_vcpus (vcpus), ==, 3);
  g_assert_cmpuint (yado_domain_config_get_max_vcpus (vcpus), ==, 4);

  select_row (f, "NIC :ab:cd:ef");
  yado_device_form_set_value (form (f), "model/@type", "virtio");
  apply_and_wait (f);
  nic = read_back (f, "rich");
  model = yado_xml_node_get (device_labelled (nic, "NIC :ab:cd:ef"), "model/@type");
  g_assert_cmpstr (model, ==, "virtio");

  select_row (f, "VirtIO Disk 1");
  yado_device_form_set_value (form (f), "driver/@cache", "none");
  apply_and_wait (f);
  disk = read_back (f, "rich");
  cache = yado_xml_node_get (device_labelled (disk, "VirtIO Disk 1"), "driver/@cache");
  discard = yado_xml_node_get (device_labelled (disk, "VirtIO Disk 1"), "driver/@discard");
  g_assert_cmpstr (cache, ==, "none");
  /* What was not touched is as it was. */
  g_assert_cmpstr (discard, ==, "unmap");

  select_row (f, "Boot Options");
  g_assert_false (yado_domain_get_autostart (yado_test_domain (f->c, "rich")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (named (f, "Start virtual machine on host boot")),
                                TRUE);
  apply_and_wait (f);
  yado_test_wait_until (yado_domain_get_autostart (yado_test_domain (f->c, "rich")), WAIT_MS);
}

static void
test_revert_drops_edits (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomainConfig) after = NULL;
  g_autofree char *model = NULL;

  open_details (f, "rich");
  select_row (f, "NIC :ab:cd:ef");
  yado_device_form_set_value (form (f), "model/@type", "rtl8139");
  select_row (f, "Memory");
  set_spin (f, "Current allocation (MiB)", 512);
  g_assert_true (apply_sensitive (f));
  yado_details_page_revert (f->page);
  g_assert_false (yado_details_page_has_changes (f->page));
  g_assert_false (apply_sensitive (f));
  /* The form shows the definition again. */
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (named (f, "Current allocation (MiB)"))),
                     ==, 1024);
  after = read_back (f, "rich");
  model = yado_xml_node_get (device_labelled (after, "NIC :ab:cd:ef"), "model/@type");
  g_assert_cmpstr (model, ==, "e1000e");
}

/* ---- the XML tab ---- */

static void
test_xml_tab_error_keeps_text (Fixture *f, gconstpointer data)
{
  YadoXmlEditor *editor;
  GtkTextBuffer *buffer;
  g_autofree char *text = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *good = NULL;
  g_autoptr(YadoDomainConfig) after = NULL;
  g_autofree char *title = NULL;
  GString *edit;

  open_details (f, "rich");
  select_row (f, "Overview");
  yado_details_page_show_view (f->page, "xml");
  editor = YADO_XML_EDITOR (yado_details_page_get_xml_editor (f->page));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (yado_xml_editor_get_view (editor)));
  text = yado_xml_editor_get_xml (editor);
  g_assert_nonnull (strstr (text, "<name>rich</name>"));

  /* Well-formed, but libvirt cannot read the memory size. */
  edit = g_string_new (text);
  g_string_replace (edit, "<memory unit=\"KiB\">2097152</memory>", "<memory unit='KiB'>lots</memory>", 1);
  bad = g_string_free (edit, FALSE);
  gtk_text_buffer_set_text (buffer, bad, -1);
  g_assert_true (yado_xml_editor_get_modified (editor));
  g_assert_true (apply_sensitive (f));
  yado_details_page_apply (f->page);
  yado_test_wait_until (!yado_details_page_is_busy (f->page), WAIT_MS);
  g_assert_nonnull (strstr (yado_xml_editor_get_error (editor), "lots"));
  yado_test_save_screenshot ("details-xml-error");
  kept = yado_xml_editor_get_xml (editor);
  g_assert_cmpstr (kept, ==, bad);
  after = read_back (f, "rich");
  g_assert_cmpuint (yado_domain_config_get_memory_kib (after), ==, 2048 * 1024);

  /* Fixed, with a new title: saved. */
  edit = g_string_new (text);
  g_string_replace (edit, "<title>Rich VM</title>", "<title>Richer VM</title>", 1);
  good = g_string_free (edit, FALSE);
  gtk_text_buffer_set_text (buffer, good, -1);
  apply_and_wait (f);
  g_clear_pointer (&after, yado_domain_config_free);
  after = read_back (f, "rich");
  title = yado_xml_node_get (yado_domain_config_get_root (after), "title");
  g_assert_cmpstr (title, ==, "Richer VM");
}

/* ---- bad input: a message at the field, nothing sent ---- */

static void
test_bad_input_is_explained (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomainConfig) before = read_back (f, "rich");
  g_autoptr(YadoDomainConfig) after = NULL;
  g_autofree char *xml_before = yado_domain_config_to_xml (before);
  g_autofree char *xml_after = NULL;
  const char *error;

  open_details (f, "rich");
  select_row (f, "NIC :ab:cd:ef");
  yado_device_form_set_value (form (f), "mac/@address", "52:54:00:zz:00:01");
  error = yado_device_form_get_error (form (f), "mac/@address");
  g_assert_nonnull (strstr (error, "six pairs"));
  g_assert_false (apply_sensitive (f));
  /* Whose it is takes a look at every VM on the host. */
  yado_device_form_set_value (form (f), "mac/@address", "52:54:00:AA:BB:CC");
  yado_test_wait_until (yado_device_form_get_error (form (f), "mac/@address") != NULL, WAIT_MS);
  error = yado_device_form_get_error (form (f), "mac/@address");
  g_assert_nonnull (strstr (error, "“busy” already uses"));
  g_assert_false (apply_sensitive (f));
  yado_test_save_screenshot ("details-nic-bad-mac");
  /* Leaving the row would lose the value: the page keeps the user there. */
  g_assert_false (yado_details_page_select (f->page, "Overview"));
  g_assert_nonnull (strstr (yado_details_page_get_message (f->page), "Correct the value"));
  yado_device_form_set_value (form (f), "mac/@address", "52:54:00:ab:cd:ef");
  g_assert_null (yado_device_form_get_error (form (f), "mac/@address"));

  select_row (f, "Overview");
  yado_device_form_set_value (form (f), "name", "busy");
  g_assert_nonnull (strstr (yado_device_form_get_error (form (f), "name"), "Another virtual machine"));
  g_assert_false (apply_sensitive (f));
  yado_device_form_set_value (form (f), "name", "");
  g_assert_nonnull (yado_device_form_get_error (form (f), "name"));
  yado_device_form_set_value (form (f), "name", "rich");

  select_row (f, "Filesystem share");
  yado_device_form_set_value (form (f), "source/@dir", "/no/such/directory");
  g_assert_nonnull (strstr (yado_device_form_get_error (form (f), "source/@dir"), "There is no file"));
  yado_device_form_set_value (form (f), "source/@dir", "/tmp");

  select_row (f, "Memory");
  set_spin (f, "Current allocation (MiB)", 4096);
  g_assert_nonnull (find_named (GTK_WIDGET (f->page), "Maximum allocation (MiB)"));
  g_assert_false (apply_sensitive (f));
  set_spin (f, "Current allocation (MiB)", 16);
  g_assert_false (apply_sensitive (f));
  set_spin (f, "Current allocation (MiB)", 1024);

  select_row (f, "CPUs");
  set_spin (f, "Current vCPUs", 0);
  g_assert_false (apply_sensitive (f));
  set_spin (f, "Current vCPUs", 5);
  g_assert_false (apply_sensitive (f));

  /* Revert takes a wrong value away with the rest. */
  yado_details_page_revert (f->page);
  select_row (f, "NIC :ab:cd:ef");
  yado_device_form_set_value (form (f), "mac/@address", "nonsense");
  yado_details_page_revert (f->page);
  g_assert_false (yado_details_page_has_changes (f->page));
  select_row (f, "Overview");

  /* Nothing of it reached libvirt. */
  after = read_back (f, "rich");
  xml_after = yado_domain_config_to_xml (after);
  g_assert_cmpstr (xml_after, ==, xml_before);
}

static void
test_running_vm_keeps_its_name (Fixture *f, gconstpointer data)
{
  open_details (f, "busy");
  select_row (f, "Overview");
  /* Renaming needs the VM shut off. */
  g_assert_false (gtk_widget_get_sensitive (yado_device_form_get_widget (form (f), "name")));
  g_assert_true (gtk_widget_get_sensitive (yado_device_form_get_widget (form (f), "title")));
  /* Deleting it is offered here too (its dialog forces it off first). */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "delete"));
}

/* The whole definition edited as text, then back to the form: the form
 * shows the text's values, and Apply defines it without trying its
 * devices on the running VM (they cannot be told from the ones it has). */
static void
test_whole_xml_then_form (Fixture *f, gconstpointer data)
{
  YadoXmlEditor *editor;
  g_autofree char *text = NULL;
  g_autoptr(YadoDomainConfig) after = NULL;
  g_autofree char *title = NULL;
  GString *edit;

  open_details (f, "busy");
  select_row (f, "Overview");
  yado_details_page_show_view (f->page, "xml");
  editor = YADO_XML_EDITOR (yado_details_page_get_xml_editor (f->page));
  text = yado_xml_editor_get_xml (editor);
  edit = g_string_new (text);
  g_string_replace (edit, "<name>busy</name>", "<name>busy</name>\n  <title>Busy bee</title>", 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (yado_xml_editor_get_view (editor))),
                            edit->str, -1);
  g_string_free (edit, TRUE);
  yado_details_page_show_view (f->page, "details");
  yado_test_iterate ();
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (yado_device_form_get_widget (form (f), "title"))),
                   ==, "Busy bee");
  apply_and_wait (f);
  after = read_back (f, "busy");
  title = yado_xml_node_get (yado_domain_config_get_root (after), "title");
  g_assert_cmpstr (title, ==, "Busy bee");
  /* One NIC, as before. */
  g_assert_cmpuint (yado_domain_config_get_n_devices (after), ==, 1);
  g_assert_false (yado_details_page_row_is_pending (f->page, "NIC :aa:bb:cc"));
}

/* A device's XML edited as text, then back to its form: the form shows
 * the text's values and Apply saves it. */
static void
test_device_xml_then_form (Fixture *f, gconstpointer data)
{
  YadoXmlEditor *editor;
  g_autofree char *text = NULL;
  g_autoptr(YadoDomainConfig) after = NULL;
  g_autofree char *model = NULL;
  GString *edit;

  open_details (f, "rich");
  select_row (f, "NIC :ab:cd:ef");
  yado_details_page_show_view (f->page, "xml");
  editor = YADO_XML_EDITOR (yado_details_page_get_xml_editor (f->page));
  text = yado_xml_editor_get_xml (editor);
  edit = g_string_new (text);
  g_string_replace (edit, "e1000e", "rtl8139", 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (yado_xml_editor_get_view (editor))),
                            edit->str, -1);
  g_string_free (edit, TRUE);
  yado_details_page_show_view (f->page, "details");
  yado_test_iterate ();
  g_assert_null (yado_xml_editor_get_error (editor));
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (
                     yado_device_form_get_widget (form (f), "model/@type"))))), ==, "rtl8139");
  apply_and_wait (f);
  after = read_back (f, "rich");
  model = yado_xml_node_get (device_labelled (after, "NIC :ab:cd:ef"), "model/@type");
  g_assert_cmpstr (model, ==, "rtl8139");
}

static GtkDialog *
find_message_dialog (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (GTK_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_row (Fixture *f, const char *label)
{
  g_autoptr(GPtrArray) labels = yado_details_page_get_row_labels (f->page);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (g_ptr_array_index (labels, i), label) == 0)
      return TRUE;
  return FALSE;
}

static void
test_remove_device (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomainConfig) after = NULL;
  GtkDialog *confirm;

  open_details (f, "rich");
  select_row (f, "Watchdog");
  gtk_button_clicked (GTK_BUTTON (named (f, "Remove")));
  yado_test_wait_until ((confirm = find_message_dialog ()) != NULL, WAIT_MS);
  /* Cancel first: nothing happens. */
  gtk_dialog_response (confirm, GTK_RESPONSE_CANCEL);
  yado_test_iterate_for (200);
  g_assert_true (has_row (f, "Watchdog"));
  gtk_button_clicked (GTK_BUTTON (named (f, "Remove")));
  yado_test_wait_until ((confirm = find_message_dialog ()) != NULL, WAIT_MS);
  gtk_dialog_response (confirm, GTK_RESPONSE_ACCEPT);
  yado_test_wait_until (!has_row (f, "Watchdog") && yado_details_page_is_loaded (f->page),
                        WAIT_MS);
  after = read_back (f, "rich");
  g_assert_null (yado_xml_node_get (yado_domain_config_get_root (after), "devices/watchdog/@model"));
  /* The rest is there. */
  g_assert_nonnull (yado_xml_node_get (yado_domain_config_get_root (after), "devices/memballoon/@model"));
}

/* A running VM: what it cannot take live waits for the next boot, and the
 * row says so. */
static void
test_pending_on_running_vm (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomainConfig) after = NULL;
  g_autofree char *model = NULL;
  const char *message;

  open_details (f, "busy");
  g_assert_false (yado_details_page_row_is_pending (f->page, "NIC :aa:bb:cc"));
  select_row (f, "NIC :aa:bb:cc");
  /* Its address, from the network's leases (the test driver has one). */
  yado_test_wait_until (g_strcmp0 (gtk_label_get_text (GTK_LABEL (named (f, "IP address"))),
                                   "192.168.122.2/24") == 0, WAIT_MS);
  yado_device_form_set_value (form (f), "model/@type", "e1000e");
  yado_test_wait_until (apply_sensitive (f), WAIT_MS);
  yado_details_page_apply (f->page);
  yado_test_wait_until (!yado_details_page_is_busy (f->page)
                        && !yado_details_page_has_changes (f->page), WAIT_MS);
  message = yado_details_page_get_message (f->page);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "after the next shutdown"));
  g_assert_nonnull (strstr (message, "NIC :aa:bb:cc"));
  g_assert_true (yado_details_page_row_is_pending (f->page, "NIC :aa:bb:cc"));
  g_assert_false (yado_details_page_row_is_pending (f->page, "Memory"));
  after = read_back (f, "busy");
  model = yado_xml_node_get (device_labelled (after, "NIC :aa:bb:cc"), "model/@type");
  g_assert_cmpstr (model, ==, "e1000e");
  yado_test_save_screenshot ("details-pending");
}

/* "Customize configuration before install": the VM is defined, not
 * started; its window says so and Begin Installation starts it. */
static void
test_customize_before_install (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoNewVm) vm = yado_new_vm_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  GAsyncResult *slot = NULL;
  YadoDomain *domain;

  g_free (vm->name);
  vm->name = g_strdup ("fresh");
  g_free (vm->virt_type);
  vm->virt_type = g_strdup ("test");
  vm->method = YADO_INSTALL_MANUAL;
  vm->disk = YADO_DISK_NONE;
  yado_connection_create_vm_async (f->c, vm, NULL, FALSE, NULL, NULL, NULL,
                                   yado_sync_result_cb, &slot);
  uuid = yado_connection_create_vm_finish (f->c, yado_sync_result_wait (&slot), &error);
  g_assert_no_error (error);
  yado_test_wait_until (yado_connection_lookup_domain (f->c, uuid) != NULL, WAIT_MS);
  domain = yado_connection_lookup_domain (f->c, uuid);
  g_assert_false (yado_domain_is_active (domain));

  open_details (f, "fresh");
  yado_vm_window_set_pending_install (f->window, vm);
  g_assert_true (yado_vm_window_get_pending_install (f->window));
  g_assert_cmpstr (yado_vm_window_get_view (f->window), ==, "details");
  g_assert_nonnull (find_named (GTK_WIDGET (f->window), "Begin Installation"));
  /* Run would start it without switching to the installed definition. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "run"));
  yado_test_save_screenshot ("details-customize-install");

  yado_vm_window_begin_install (f->window);
  yado_test_wait_until (!yado_vm_window_get_pending_install (f->window), WAIT_MS);
  yado_test_wait_until (yado_domain_is_active (domain), WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_view (f->window), ==, "console");
}

static void
test_screenshots (Fixture *f, gconstpointer data)
{
  open_details (f, "rich");
  select_row (f, "Overview");
  yado_test_iterate_for (300);
  yado_test_save_screenshot ("details-overview");
  select_row (f, "VirtIO Disk 1");
  yado_test_iterate_for (300);
  yado_test_save_screenshot ("details-disk");
  select_row (f, "NIC :12:34:56");
  yado_test_iterate_for (300);
  yado_test_save_screenshot ("details-nic");
  select_row (f, "Boot Options");
  yado_test_iterate_for (300);
  yado_test_save_screenshot ("details-boot");
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
#define ADD(path, func) g_test_add ("/details/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("every-row-shows-its-xml", test_every_row_shows_its_xml);
  ADD ("edits-reach-libvirt", test_edits_reach_libvirt);
  ADD ("revert-drops-edits", test_revert_drops_edits);
  ADD ("xml-tab-error-keeps-text", test_xml_tab_error_keeps_text);
  ADD ("bad-input-is-explained", test_bad_input_is_explained);
  ADD ("running-vm-keeps-its-name", test_running_vm_keeps_its_name);
  ADD ("pending-on-running-vm", test_pending_on_running_vm);
  ADD ("remove-device", test_remove_device);
  ADD ("whole-xml-then-form", test_whole_xml_then_form);
  ADD ("device-xml-then-form", test_device_xml_then_form);
  ADD ("customize-before-install", test_customize_before_install);
  ADD ("screenshots", test_screenshots);
  return g_test_run ();
}
