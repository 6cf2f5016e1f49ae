/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-add-hardware-dialog.h"
#include "yado-connection.h"
#include "yado-details-page-private.h"
#include "yado-device-fields.h"
#include "yado-error.h"
#include "yado-host-caps.h"
#include "yado-network.h"
#include "yado-performance-page.h"
#include "yado-xml-editor.h"

G_DEFINE_FINAL_TYPE (YadoDetailsPage, yado_details_page, GTK_TYPE_BOX)

static void load (YadoDetailsPage *self);
static void show_selected (YadoDetailsPage *self);

/* ---- state ---- */


gboolean
_yado_details_page_disposed (YadoDetailsPage *self)
{
  return self->domain == NULL;
}

static gboolean
xml_modified (YadoDetailsPage *self)
{
  return self->xml_editor != NULL
         && yado_xml_editor_get_modified (YADO_XML_EDITOR (self->xml_editor));
}

gboolean
yado_details_page_has_changes (YadoDetailsPage *self)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (self->original == NULL)
    return FALSE;
  if (xml_modified (self) || self->autostart != yado_domain_get_autostart (self->domain))
    return TRUE;
  before = yado_domain_config_to_xml (self->original);
  after = yado_domain_config_to_xml (self->working);
  return g_strcmp0 (before, after) != 0;
}

static gboolean
forms_valid (YadoDetailsPage *self)
{
  for (guint i = 0; i < self->forms->len; i++)
    if (!yado_device_form_is_valid (g_ptr_array_index (self->forms, i)))
      return FALSE;
  return self->section_error == NULL;
}

static gboolean
writable (YadoDetailsPage *self)
{
  YadoConnection *connection = self->domain ? yado_domain_get_connection (self->domain) : NULL;

  return connection != NULL && !yado_connection_get_read_only (connection)
         && yado_connection_get_state (connection) == YADO_CONNECTION_CONNECTED;
}

static void
update_buttons (YadoDetailsPage *self)
{
  gboolean changes = yado_details_page_has_changes (self);
  const char *key = self->selected;

  gtk_widget_set_sensitive (self->apply_button, !self->busy && changes && forms_valid (self)
                                                && writable (self));
  gtk_widget_set_sensitive (self->revert_button, !self->busy && changes);
  gtk_widget_set_sensitive (self->add_button, !self->busy && writable (self)
                                              && self->original != NULL);
  gtk_widget_set_sensitive (self->remove_button, !self->busy && writable (self)
                                                 && key && g_str_has_prefix (key, "device:"));
  if (self->busy)
    gtk_spinner_start (self->busy_spinner);
  else
    gtk_spinner_stop (self->busy_spinner);
}

void
_yado_details_page_changed (YadoDetailsPage *self)
{
  update_buttons (self);
}

static void
show_message (YadoDetailsPage *self, GtkMessageType type, const char *text)
{
  if (text == NULL)
    {
      gtk_widget_hide (self->message_bar);
      return;
    }
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->message_bar), type);
  gtk_label_set_text (self->message_label, text);
  gtk_widget_show (self->message_bar);
}

/* ---- the hardware list ---- */

static xmlNodePtr
device_of_key (YadoDetailsPage *self, const char *key)
{
  if (key == NULL || !g_str_has_prefix (key, "device:") || self->working == NULL)
    return NULL;
  return yado_domain_config_find_device (self->working,
                                         (guint) g_ascii_strtoull (key + 7, NULL, 10));
}

/* Whether something of @key waits for the next boot. */
static GPtrArray *
pending_for (YadoDetailsPage *self, const char *key)
{
  GPtrArray *found = g_ptr_array_new ();
  xmlNodePtr device = device_of_key (self, key);

  for (guint i = 0; self->pending && i < self->pending->len; i++)
    {
      YadoPendingChange *change = g_ptr_array_index (self->pending, i);

      if ((change->section && g_strcmp0 (change->section, key) == 0)
          || (device && change->device_id == yado_device_get_id (device)))
        g_ptr_array_add (found, change);
    }
  return found;
}

static GtkWidget *
new_row (YadoDetailsPage *self, const char *key, const char *icon, const char *label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_label_new (label);
  GtkWidget *mark = gtk_image_new_from_icon_name ("document-open-recent-symbolic",
                                                  GTK_ICON_SIZE_MENU);
  g_autoptr(GPtrArray) pending = pending_for (self, key);

  g_object_set (box, "margin", 6, "margin-start", 10, NULL);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_pack_start (GTK_BOX (box), gtk_image_new_from_icon_name (icon, GTK_ICON_SIZE_MENU),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), text, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), mark, FALSE, FALSE, 0);
  gtk_widget_set_tooltip_text (mark, _("Changed: takes effect after the next shutdown"));
  gtk_widget_set_no_show_all (mark, TRUE);
  gtk_widget_set_visible (mark, pending->len > 0);
  gtk_container_add (GTK_CONTAINER (row), box);
  atk_object_set_name (gtk_widget_get_accessible (row), label);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  g_object_set_data_full (G_OBJECT (row), "label", g_strdup (label), g_free);
  g_object_set_data (G_OBJECT (row), "pending", GINT_TO_POINTER (pending->len > 0));
  gtk_widget_show_all (row);
  return row;
}

static void
fill_list (YadoDetailsPage *self)
{
  static const struct { const char *key, *icon, *label; } sections[] = {
    { SECTION_OVERVIEW, "dialog-information-symbolic", N_("Overview") },
    { SECTION_PERFORMANCE, "utilities-system-monitor-symbolic", N_("Performance") },
    { SECTION_CPUS, "system-run-symbolic", N_("CPUs") },
    { SECTION_MEMORY, "drive-removable-media-symbolic", N_("Memory") },
    { SECTION_BOOT, "system-reboot-symbolic", N_("Boot Options") },
  };
  g_autoptr(GList) old = gtk_container_get_children (GTK_CONTAINER (self->hardware_list));

  for (GList *l = old; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_container_add (GTK_CONTAINER (self->hardware_list),
                       new_row (self, sections[i].key, sections[i].icon, _(sections[i].label)));
  for (guint i = 0; self->working && i < yado_domain_config_get_n_devices (self->working); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (self->working, i);
      g_autofree char *key = g_strdup_printf ("device:%u", yado_device_get_id (device));
      g_autofree char *label = yado_device_get_label (self->working, device);

      gtk_container_add (GTK_CONTAINER (self->hardware_list),
                         new_row (self, key,
                                  yado_device_kind_get_icon_name (yado_device_get_kind (device)),
                                  label));
    }
}

static GtkListBoxRow *
row_with (YadoDetailsPage *self, const char *data_key, const char *value)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->hardware_list));

  for (GList *l = rows; l != NULL; l = l->next)
    if (g_strcmp0 (g_object_get_data (l->data, data_key), value) == 0)
      return l->data;
  return NULL;
}

static void
select_key (YadoDetailsPage *self, const char *key)
{
  GtkListBoxRow *row = row_with (self, "key", key);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->hardware_list, 0);
  gtk_list_box_select_row (self->hardware_list, row);
  /* Selecting a row shows it, unless it was selected already. */
  if (g_strcmp0 (self->selected, g_object_get_data (G_OBJECT (row), "key")) != 0)
    show_selected (self);
}

/* ---- editors ---- */

GtkWidget *
_yado_details_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_show (label);
  return label;
}

static void
on_form_changed (YadoDeviceForm *form, YadoDetailsPage *self)
{
  _yado_details_page_changed (self);
}

GtkWidget *
_yado_details_page_add_form (YadoDetailsPage *self, GtkBox *box, const YadoField *fields,
                             guint n_fields, xmlNodePtr node)
{
  YadoDeviceForm *form = yado_device_form_new (fields, n_fields, &self->context);

  /* Shown before binding: binding hides the fields that do not apply. */
  gtk_widget_show_all (GTK_WIDGET (form));
  yado_device_form_bind (form, node);
  gtk_widget_set_sensitive (GTK_WIDGET (form), writable (self));
  g_signal_connect_object (form, "changed", G_CALLBACK (on_form_changed), self, 0);
  gtk_box_pack_start (box, GTK_WIDGET (form), FALSE, FALSE, 0);
  g_ptr_array_add (self->forms, form);
  return GTK_WIDGET (form);
}

static void
on_eject_clicked (GtkButton *button, YadoDetailsPage *self)
{
  YadoDeviceForm *form = g_ptr_array_index (self->forms, 0);

  yado_device_form_set_value (form, "source/@file", "");
}

static void
build_device (YadoDetailsPage *self, xmlNodePtr device)
{
  guint n_fields = 0;
  const YadoField *fields = yado_device_fields_for (yado_device_get_kind (device), &n_fields);
  GtkWidget *form;

  if (n_fields == 0)
    {
      GtkWidget *label = gtk_label_new (_("Yado has no editor for this device. Its XML tab "
                                          "shows it and can change it; Remove takes it out."));

      gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_show (label);
      gtk_box_pack_start (self->editor_box, label, FALSE, FALSE, 0);
      return;
    }
  form = _yado_details_page_add_form (self, self->editor_box, fields, n_fields, device);
  if (yado_device_get_kind (device) == YADO_DEVICE_INTERFACE)
    _yado_details_nic_setup (self, form, device);
  if (yado_device_get_kind (device) == YADO_DEVICE_CDROM
      || yado_device_get_kind (device) == YADO_DEVICE_FLOPPY)
    {
      GtkWidget *eject = gtk_button_new_with_mnemonic (_("_Eject"));

      gtk_widget_set_halign (eject, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (eject, _("Take the medium out (Apply to do it)"));
      g_signal_connect (eject, "clicked", G_CALLBACK (on_eject_clicked), self);
      gtk_widget_set_sensitive (eject, writable (self));
      gtk_widget_show (eject);
      gtk_box_pack_start (self->editor_box, eject, FALSE, FALSE, 0);
    }
}

static void
build_editor (YadoDetailsPage *self, const char *key)
{
  g_autoptr(GList) old = gtk_container_get_children (GTK_CONTAINER (self->editor_box));
  xmlNodePtr device = device_of_key (self, key);

  for (GList *l = old; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  g_ptr_array_set_size (self->forms, 0);
  g_clear_pointer (&self->section_error, g_free);
  if (self->working == NULL)
    return;
  if (g_strcmp0 (key, SECTION_OVERVIEW) == 0)
    _yado_details_build_overview (self, self->editor_box);
  else if (g_strcmp0 (key, SECTION_PERFORMANCE) == 0)
    {
      YadoPerformancePage *page = yado_performance_page_new ();

      yado_performance_page_set_domain (page, self->domain);
      gtk_widget_show (GTK_WIDGET (page));
      gtk_box_pack_start (self->editor_box, GTK_WIDGET (page), TRUE, TRUE, 0);
    }
  else if (g_strcmp0 (key, SECTION_CPUS) == 0)
    _yado_details_build_cpus (self, self->editor_box);
  else if (g_strcmp0 (key, SECTION_MEMORY) == 0)
    _yado_details_build_memory (self, self->editor_box);
  else if (g_strcmp0 (key, SECTION_BOOT) == 0)
    _yado_details_build_boot (self, self->editor_box);
  else if (device != NULL)
    build_device (self, device);
}

static void
show_pending (YadoDetailsPage *self, const char *key)
{
  g_autoptr(GPtrArray) pending = pending_for (self, key);
  g_autoptr(GString) diff = g_string_new (NULL);

  gtk_widget_set_visible (self->pending_bar, pending->len > 0);
  if (pending->len == 0)
    return;
  gtk_label_set_text (self->pending_label,
                      _("Changed while the virtual machine runs: this takes effect after the "
                        "next shutdown."));
  for (guint i = 0; i < pending->len; i++)
    {
      YadoPendingChange *change = g_ptr_array_index (pending, i);

      g_string_append_printf (diff, _("%s now:\n%s\nAfter the next shutdown:\n%s\n"),
                              change->label,
                              change->running_xml ? change->running_xml : _("(none)\n"),
                              change->next_xml ? change->next_xml : _("(removed)\n"));
    }
  gtk_label_set_text (self->pending_diff, diff->str);
}

/* The XML view shows the selected device, or the whole definition. */
static void
fill_xml_view (YadoDetailsPage *self)
{
  xmlNodePtr device = device_of_key (self, self->selected);
  g_autofree char *xml = NULL;

  if (self->working == NULL)
    return;
  xml = device ? yado_device_to_xml (device) : yado_domain_config_to_xml (self->working);
  yado_xml_editor_set_xml (YADO_XML_EDITOR (self->xml_editor), xml);
  yado_xml_editor_set_editable (YADO_XML_EDITOR (self->xml_editor), writable (self));
}

static void
show_selected (YadoDetailsPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->hardware_list);
  const char *key = row ? g_object_get_data (G_OBJECT (row), "key") : NULL;

  g_free (self->selected);
  self->selected = g_strdup (key);
  gtk_label_set_text (self->title_label, row ? g_object_get_data (G_OBJECT (row), "label") : "");
  build_editor (self, key);
  show_pending (self, key);
  fill_xml_view (self);
  /* Performance has no XML of its own. */
  gtk_widget_set_visible (gtk_stack_get_child_by_name (self->view_stack, "xml"),
                          g_strcmp0 (key, SECTION_PERFORMANCE) != 0);
  update_buttons (self);
}

/* Takes the XML view's text into the definition being edited. */
static gboolean
take_xml_view (YadoDetailsPage *self)
{
  YadoXmlEditor *editor = YADO_XML_EDITOR (self->xml_editor);
  xmlNodePtr device = device_of_key (self, self->selected);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!xml_modified (self))
    return TRUE;
  if (!yado_xml_editor_check (editor, NULL))
    return FALSE;
  text = yado_xml_editor_get_xml (editor);
  if (device != NULL)
    {
      if (yado_domain_config_replace_device (self->working, device, text, &error) == NULL)
        {
          yado_xml_editor_show_error (editor, error->message);
          return FALSE;
        }
    }
  else
    {
      YadoDomainConfig *config = yado_domain_config_new (text, &error);

      if (config == NULL)
        {
          yado_xml_editor_show_error (editor, error->message);
          return FALSE;
        }
      yado_domain_config_free (self->working);
      self->working = config;
      self->whole_xml_taken = TRUE;
    }
  return TRUE;
}

static void
on_row_selected (GtkListBox *list, GtkListBoxRow *row, YadoDetailsPage *self)
{
  const char *key = row ? g_object_get_data (G_OBJECT (row), "key") : NULL;
  /* A value marked wrong would be lost with its editor: the user corrects
   * it (or reverts) first. (With no row selected the list is being filled
   * again, its editors too.) */
  gboolean leaving_bad = self->selected != NULL && !forms_valid (self);

  if (row == NULL || g_strcmp0 (key, self->selected) == 0)
    return;
  /* The XML the user edited goes into the definition first; a malformed
   * one keeps them where they are, with the parser's message. */
  if (leaving_bad)
    show_message (self, GTK_MESSAGE_WARNING,
                  _("Correct the value marked in red first, or Revert."));
  if (leaving_bad || !take_xml_view (self))
    {
      GtkListBoxRow *back = row_with (self, "key", self->selected);

      g_signal_handlers_block_by_func (list, on_row_selected, self);
      gtk_list_box_select_row (list, back);
      g_signal_handlers_unblock_by_func (list, on_row_selected, self);
      return;
    }
  show_selected (self);
}

static void
on_view_changed (YadoDetailsPage *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->view_stack);

  if (self->working == NULL)
    return;
  if (g_strcmp0 (view, "xml") == 0)
    fill_xml_view (self);
  else if (take_xml_view (self))
    {
      g_autofree char *key = NULL;

      /* Taken: the view shows it as the definition has it now. */
      fill_xml_view (self);
      key = g_steal_pointer (&self->selected);
      /* The definition may have other devices now: list them again. */
      fill_list (self);
      select_key (self, key);
    }
  else
    gtk_stack_set_visible_child_name (self->view_stack, "xml");
}

static void
on_xml_modified (YadoDetailsPage *self)
{
  update_buttons (self);
}

/* ---- loading ---- */

static void
fill_context (YadoDetailsPage *self)
{
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  GListModel *domains = connection ? yado_connection_get_domains (connection) : NULL;
  GListModel *networks = connection ? yado_connection_get_networks (connection) : NULL;

  g_ptr_array_set_size (self->context.names, 0);
  g_ptr_array_set_size (self->context.networks, 0);
  self->context.local = connection && !yado_connection_is_remote (connection);
  self->context.shut_off = !yado_domain_is_active (self->domain);
  for (guint i = 0; domains && i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(YadoDomain) other = g_list_model_get_item (domains, i);

      if (other != self->domain)
        g_ptr_array_add (self->context.names, g_strdup (yado_domain_get_name (other)));
    }
  for (guint i = 0; networks && i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(YadoNetwork) network = g_list_model_get_item (networks, i);

      g_ptr_array_add (self->context.networks, g_strdup (yado_network_get_name (network)));
    }
}

/* The host's machine types and CPU models, for the chipset and CPU model
 * choices: asked once, with the VM's emulator, arch and machine. */
static void
on_host_caps (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoDetailsPage) self = user_data;
  g_autoptr(YadoHostCaps) caps = yado_connection_fetch_host_caps_finish (YADO_CONNECTION (source),
                                                                         result, NULL);

  if (caps == NULL || _yado_details_page_disposed (self))
    return;
  for (guint i = 0; i < caps->machines->len; i++)
    {
      YadoMachineType *machine = g_ptr_array_index (caps->machines, i);

      if (!machine->deprecated)
        g_ptr_array_add (self->context.machines, g_strdup (machine->name));
    }
  /* Without domain capabilities (the test driver) nothing is known. */
  self->context.no_secure_boot = caps->has_domcaps && !caps->secure_boot;
  for (guint i = 0; i < caps->cpu_models->len; i++)
    g_ptr_array_add (self->context.cpu_models, g_strdup (g_ptr_array_index (caps->cpu_models, i)));
  /* The choices show in the next editor built; the current one too,
   * unless the user is editing it. */
  if (!yado_details_page_has_changes (self) && self->selected != NULL)
    show_selected (self);
}

static void
fetch_host_caps (YadoDetailsPage *self)
{
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  xmlNodePtr root = yado_domain_config_get_root (self->original);
  g_autofree char *emulator = yado_xml_node_get (root, "devices/emulator");
  g_autofree char *arch = yado_xml_node_get (root, "os/type/@arch");
  g_autofree char *machine = yado_xml_node_get (root, "os/type/@machine");
  g_autofree char *type = yado_xml_node_get (root, "@type");

  if (connection == NULL || self->caps_asked)
    return;
  self->caps_asked = TRUE;
  yado_connection_fetch_host_caps_async (connection, emulator, arch, machine, type,
                                         self->cancellable, on_host_caps, g_object_ref (self));
}

static void
set_configs (YadoDetailsPage *self, YadoDomainXml *xml)
{
  g_autoptr(GError) error = NULL;
  YadoDomainConfig *original = yado_domain_config_new (xml->inactive, &error);

  if (original == NULL)
    {
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      return;
    }
  g_clear_pointer (&self->original, yado_domain_config_free);
  g_clear_pointer (&self->running, yado_domain_config_free);
  g_clear_pointer (&self->working, yado_domain_config_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->original = original;
  self->working = yado_domain_config_copy (original);
  self->running = xml->live ? yado_domain_config_new (xml->live, NULL) : NULL;
  self->whole_xml_taken = FALSE;
  if (self->running != NULL)
    self->pending = yado_domain_config_pending (self->original, self->running);
  self->autostart = yado_domain_get_autostart (self->domain);
}

static void
update_pending_button (YadoDetailsPage *self)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = self->pending ? self->pending->len : 0;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->pending_button, n > 0);
  if (n == 0)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waits for the next boot",
                                       "%u changes wait for the next boot", n), n);
  gtk_label_set_text (self->pending_button_label, text);
  for (guint i = 0; i < n; i++)
    {
      YadoPendingChange *change = g_ptr_array_index (self->pending, i);

      g_string_append_printf (list, "%s%s", i ? "\n" : "", change->label);
    }
  gtk_label_set_text (self->pending_list_label, list->str);
}

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoDetailsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoDomainXml) xml = yado_domain_fetch_xml_finish (YADO_DOMAIN (source), result,
                                                               &error);
  g_autofree char *key = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED)
      || _yado_details_page_disposed (self))
    return;
  self->busy = FALSE;
  if (xml == NULL)
    {
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      update_buttons (self);
      return;
    }
  /* A read that ends while the user edits leaves their edits alone: they
   * apply to the definition they started from. */
  if (yado_details_page_has_changes (self))
    {
      update_buttons (self);
      return;
    }
  set_configs (self, xml);
  fill_context (self);
  fetch_host_caps (self);
  update_pending_button (self);
  key = g_strdup (self->selected);
  g_clear_pointer (&self->selected, g_free);
  fill_list (self);
  select_key (self, key ? key : SECTION_OVERVIEW);
  if (self->reload_wanted)
    load (self);
}

static void
load (YadoDetailsPage *self)
{
  self->reload_wanted = FALSE;
  if (self->busy)
    {
      self->reload_wanted = TRUE;
      return;
    }
  self->busy = TRUE;
  update_buttons (self);
  yado_domain_fetch_xml_async (self->domain, self->cancellable, on_fetched, g_object_ref (self));
}

void
yado_details_page_reload (YadoDetailsPage *self)
{
  if (self->domain != NULL && !yado_details_page_has_changes (self))
    load (self);
}

static gboolean
reload_now (gpointer data)
{
  YadoDetailsPage *self = data;

  self->reload_source = 0;
  yado_details_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* The VM changed (state, devices, definition): read it again soon, unless
 * the user is editing it. */
static void
on_domain_changed (YadoDomain *domain, YadoDetailsPage *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (200, reload_now, self);
}

/* ---- Apply, Revert, Add, Remove ---- */

static char *
join_sentences (GPtrArray *sentences)
{
  g_autoptr(GString) text = g_string_new (_("Saved. The running virtual machine did not take "
                                            "every change; these take effect after the next "
                                            "shutdown:"));

  for (guint i = 0; i < sentences->len; i++)
    g_string_append_printf (text, "\n• %s", (const char *) g_ptr_array_index (sentences, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_applied (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoDetailsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) not_live = yado_domain_apply_edit_finish (YADO_DOMAIN (source), result,
                                                                 &error);

  if (_yado_details_page_disposed (self))
    return;
  self->busy = FALSE;
  if (not_live == NULL)
    {
      /* Nothing changed: the user's edits stay for another try. */
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      update_buttons (self);
      return;
    }
  if (not_live->len > 0)
    {
      g_autofree char *text = join_sentences (not_live);

      show_message (self, GTK_MESSAGE_WARNING, text);
    }
  else
    show_message (self, GTK_MESSAGE_INFO, NULL);
  g_clear_pointer (&self->working, yado_domain_config_free);
  self->working = yado_domain_config_copy (self->original);
  load (self);
}

static void
on_defined (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoDetailsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean defined = yado_domain_define_xml_finish (YADO_DOMAIN (source), result, &error);

  if (_yado_details_page_disposed (self))
    return;
  self->busy = FALSE;
  if (!defined)
    {
      /* libvirt's reason over the user's text, which stays. */
      yado_xml_editor_show_error (YADO_XML_EDITOR (self->xml_editor), error->message);
      update_buttons (self);
      return;
    }
  show_message (self, GTK_MESSAGE_INFO, NULL);
  yado_xml_editor_set_xml (YADO_XML_EDITOR (self->xml_editor), "");
  g_clear_pointer (&self->working, yado_domain_config_free);
  self->working = yado_domain_config_copy (self->original);
  load (self);
}

static void
apply_definition (YadoDetailsPage *self)
{
  g_autoptr(YadoDomainEdit) edit = NULL;

  if ((xml_modified (self) && device_of_key (self, self->selected) == NULL)
      || self->whole_xml_taken)
    {
      g_autofree char *text = NULL;

      /* The whole definition as the user wrote it: libvirt checks it. Its
       * devices cannot be told from the ones read (they have no ids), so
       * no live change is tried: the running VM shows what waits. */
      if (!take_xml_view (self))
        return;
      /* The user's own text when it is on screen, byte for byte. */
      text = xml_modified (self) ? yado_xml_editor_get_xml (YADO_XML_EDITOR (self->xml_editor))
                                 : yado_domain_config_to_xml (self->working);
      self->busy = TRUE;
      update_buttons (self);
      yado_domain_define_xml_async (self->domain, text, self->cancellable, on_defined,
                                    g_object_ref (self));
      return;
    }
  if (!take_xml_view (self))
    return;
  edit = yado_domain_edit_new (self->original, self->working, self->running != NULL);
  if (yado_domain_edit_is_empty (edit))
    {
      /* Only autostart changed: show it as libvirt has it now. */
      load (self);
      return;
    }
  self->busy = TRUE;
  update_buttons (self);
  yado_domain_apply_edit_async (self->domain, edit, self->cancellable, on_applied,
                                g_object_ref (self));
}

static void
on_autostart_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoDetailsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  gboolean done = yado_domain_lifecycle_finish (YADO_DOMAIN (source), result, &error);

  if (_yado_details_page_disposed (self))
    return;
  if (!done)
    {
      self->busy = FALSE;
      show_message (self, GTK_MESSAGE_ERROR, error->message);
      update_buttons (self);
      return;
    }
  self->busy = FALSE;
  apply_definition (self);
}

void
yado_details_page_apply (YadoDetailsPage *self)
{
  if (self->busy || !forms_valid (self))
    return;
  /* Autostart is no part of the XML: its own call, then the definition. */
  if (self->autostart != yado_domain_get_autostart (self->domain))
    {
      self->busy = TRUE;
      update_buttons (self);
      yado_domain_lifecycle_async (self->domain, self->autostart ? YADO_LIFECYCLE_AUTOSTART_ON
                                                                 : YADO_LIFECYCLE_AUTOSTART_OFF,
                                   self->cancellable, on_autostart_done, g_object_ref (self));
      return;
    }
  apply_definition (self);
}

void
yado_details_page_revert (YadoDetailsPage *self)
{
  g_autofree char *key = g_strdup (self->selected);

  if (self->original == NULL)
    return;
  g_clear_pointer (&self->working, yado_domain_config_free);
  self->working = yado_domain_config_copy (self->original);
  self->autostart = yado_domain_get_autostart (self->domain);
  self->whole_xml_taken = FALSE;
  yado_xml_editor_set_xml (YADO_XML_EDITOR (self->xml_editor), "");
  g_clear_pointer (&self->selected, g_free);
  fill_list (self);
  select_key (self, key);
  show_message (self, GTK_MESSAGE_INFO, NULL);
}

static void
on_apply_clicked (YadoDetailsPage *self)
{
  yado_details_page_apply (self);
}

static void
on_revert_clicked (YadoDetailsPage *self)
{
  yado_details_page_revert (self);
}

static gboolean
refuse_with_changes (YadoDetailsPage *self)
{
  if (!yado_details_page_has_changes (self))
    return FALSE;
  show_message (self, GTK_MESSAGE_WARNING,
                _("Apply or revert your changes first: adding or removing a device saves the "
                  "definition at once."));
  return TRUE;
}

static void
on_device_added (GtkWidget *dialog, const char *live_error, YadoDetailsPage *self)
{
  g_autofree char *text = NULL;

  if (live_error != NULL)
    text = g_strdup_printf (_("The device was added; the running virtual machine did not take "
                              "it (%s): it is there after the next shutdown."), live_error);
  show_message (self, GTK_MESSAGE_WARNING, text);
  load (self);
}

static void
on_add_clicked (YadoDetailsPage *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  YadoAddHardwareDialog *dialog;

  if (refuse_with_changes (self))
    return;
  dialog = yado_add_hardware_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         self->domain);
  g_signal_connect_object (dialog, "device-added", G_CALLBACK (on_device_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoDetailsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *live_error = NULL;
  gboolean removed = yado_domain_attach_device_finish (YADO_DOMAIN (source), result, &live_error,
                                                       &error);

  if (_yado_details_page_disposed (self))
    return;
  self->busy = FALSE;
  if (!removed)
    show_message (self, GTK_MESSAGE_ERROR, error->message);
  else if (live_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The device was removed from the definition; "
                                                 "the running virtual machine still has it "
                                                 "(%s) until the next shutdown."), live_error);

      show_message (self, GTK_MESSAGE_WARNING, text);
    }
  load (self);
}

static void
on_remove_response (GtkDialog *dialog, int response, YadoDetailsPage *self)
{
  xmlNodePtr device = device_of_key (self, self->selected);
  g_autofree char *xml = NULL;

  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response != GTK_RESPONSE_ACCEPT || device == NULL || self->busy)
    return;
  xml = yado_device_to_xml (device);
  self->busy = TRUE;
  update_buttons (self);
  yado_domain_attach_device_async (self->domain, xml, FALSE, self->cancellable, on_removed, g_object_ref (self));
}

static void
on_remove_clicked (YadoDetailsPage *self)
{
  xmlNodePtr device = device_of_key (self, self->selected);
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  g_autofree char *label = NULL;
  GtkWidget *dialog, *button;

  if (device == NULL || refuse_with_changes (self))
    return;
  label = yado_device_get_label (self->working, device);
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_DESTROY_WITH_PARENT | GTK_DIALOG_MODAL,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Remove “%s”?"), label);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("It is taken out of the virtual machine's "
                                              "definition, and out of the running guest when "
                                              "the guest lets it go. A disk's image is kept."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Remove"), GTK_RESPONSE_ACCEPT);
  gtk_style_context_add_class (gtk_widget_get_style_context (button), "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- object ---- */

static void
yado_details_page_dispose (GObject *object)
{
  YadoDetailsPage *self = YADO_DETAILS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
  g_clear_pointer (&self->original, yado_domain_config_free);
  g_clear_pointer (&self->running, yado_domain_config_free);
  g_clear_pointer (&self->working, yado_domain_config_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->forms, g_ptr_array_unref);
  g_clear_pointer (&self->context.names, g_ptr_array_unref);
  g_clear_pointer (&self->context.networks, g_ptr_array_unref);
  g_clear_pointer (&self->context.machines, g_ptr_array_unref);
  g_clear_pointer (&self->context.cpu_models, g_ptr_array_unref);
  g_clear_pointer (&self->section_error, g_free);
  g_clear_pointer (&self->selected, g_free);
  G_OBJECT_CLASS (yado_details_page_parent_class)->dispose (object);
}

static void
yado_details_page_class_init (YadoDetailsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = yado_details_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-details-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, YadoDetailsPage, name)
  BIND (message_bar);
  BIND (message_label);
  BIND (hardware_list);
  BIND (add_button);
  BIND (remove_button);
  BIND (title_label);
  BIND (pending_bar);
  BIND (pending_label);
  BIND (pending_diff);
  BIND (view_stack);
  BIND (editor_box);
  BIND (xml_box);
  BIND (pending_button);
  BIND (pending_button_label);
  BIND (pending_list_label);
  BIND (busy_spinner);
  BIND (apply_button);
  BIND (revert_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_revert_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
}

static void
yado_details_page_init (YadoDetailsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->forms = g_ptr_array_new ();
  self->context.names = g_ptr_array_new_with_free_func (g_free);
  self->context.networks = g_ptr_array_new_with_free_func (g_free);
  self->context.machines = g_ptr_array_new_with_free_func (g_free);
  self->context.cpu_models = g_ptr_array_new_with_free_func (g_free);
  self->xml_editor = GTK_WIDGET (yado_xml_editor_new ());
  gtk_widget_show (self->xml_editor);
  gtk_box_pack_start (self->xml_box, self->xml_editor, TRUE, TRUE, 0);
  g_signal_connect_object (self->xml_editor, "notify::modified", G_CALLBACK (on_xml_modified),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self->hardware_list, "row-selected", G_CALLBACK (on_row_selected), self);
}

YadoDetailsPage *
yado_details_page_new (void)
{
  return g_object_new (YADO_TYPE_DETAILS_PAGE, NULL);
}

void
yado_details_page_set_domain (YadoDetailsPage *self, YadoDomain *domain)
{
  g_return_if_fail (self->domain == NULL);
  self->domain = g_object_ref (domain);
  g_signal_connect_object (domain, "changed", G_CALLBACK (on_domain_changed), self, 0);
  load (self);
}

/* ---- for tests and the window ---- */

gboolean
yado_details_page_is_loaded (YadoDetailsPage *self)
{
  return self->original != NULL && !self->busy;
}

gboolean
yado_details_page_is_busy (YadoDetailsPage *self)
{
  return self->busy;
}

gboolean
yado_details_page_select (YadoDetailsPage *self, const char *label)
{
  GtkListBoxRow *row = row_with (self, "label", label);

  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->hardware_list, row);
  return g_strcmp0 (self->selected, g_object_get_data (G_OBJECT (row), "key")) == 0;
}

GPtrArray *
yado_details_page_get_row_labels (YadoDetailsPage *self)
{
  g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->hardware_list));
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = rows; l != NULL; l = l->next)
    g_ptr_array_add (labels, g_strdup (g_object_get_data (l->data, "label")));
  return labels;
}

GtkWidget *
yado_details_page_get_form (YadoDetailsPage *self)
{
  return self->forms->len > 0 ? g_ptr_array_index (self->forms, 0) : NULL;
}

void
yado_details_page_show_view (YadoDetailsPage *self, const char *view)
{
  gtk_stack_set_visible_child_name (self->view_stack, view);
}

GtkWidget *
yado_details_page_get_xml_editor (YadoDetailsPage *self)
{
  return self->xml_editor;
}

const char *
yado_details_page_get_message (YadoDetailsPage *self)
{
  return gtk_widget_get_visible (self->message_bar) ? gtk_label_get_text (self->message_label)
                                                     : NULL;
}

gboolean
yado_details_page_row_is_pending (YadoDetailsPage *self, const char *label)
{
  GtkListBoxRow *row = row_with (self, "label", label);

  return row != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "pending"));
}
