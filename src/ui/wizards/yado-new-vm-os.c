/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Step 2, the operating system: what libosinfo found on the media (step 1
 * checked it), or one searched for in its list ("Generic OS" when it is
 * not there). The defaults the choice brings (memory, CPUs, disk, buses,
 * firmware) are shown under the list before they are applied.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-format.h"
#include "yado-new-vm-wizard-private.h"

enum { OS_COL_NAME, OS_COL_DETAIL, OS_COL_ID, OS_N_COLS };

/* The OS of the list's generic row. */
#define GENERIC_ID ""

/* The detected OS when detection is on and found one; else the row
 * chosen in the list; NULL when none ("" is Generic OS). */
static const char *
chosen_os (YadoNewVmWizard *self)
{
  if (gtk_toggle_button_get_active (self->detect_check) && self->detected_os != NULL)
    return self->detected_os;
  return self->chosen_os;
}

static const char *
os_name (YadoNewVmWizard *self, const char *id)
{
  const char *name = id != NULL && *id != '\0' ? yado_os_db_get_name (self->os_db, id) : NULL;

  return name != NULL ? name : _("Generic OS");
}

/* ---- the defaults it brings ---- */

char *
yado_nvw_describe_firmware (const YadoNewVm *vm)
{
  if (!vm->uefi)
    return g_strdup (vm->tpm ? _("BIOS, with a TPM") : _("BIOS"));
  if (vm->secure_boot)
    return g_strdup (vm->tpm ? _("UEFI with Secure Boot, and a TPM") : _("UEFI with Secure Boot"));
  return g_strdup (vm->tpm ? _("UEFI, with a TPM") : _("UEFI"));
}

static char *
describe_defaults (const YadoNewVm *vm)
{
  g_autofree char *memory = yado_format_bytes (vm->memory_mib * 1024 * 1024);
  g_autofree char *firmware = yado_nvw_describe_firmware (vm);
  g_autoptr(GPtrArray) extras = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  /* TRANSLATORS: "2.0 GiB memory, 2 CPUs, 20 GiB disk" */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s memory, %u CPU, %llu GiB disk",
                                             "%s memory, %u CPUs, %llu GiB disk", vm->vcpus),
                          memory, vm->vcpus, (unsigned long long) vm->disk_size_gib);
  g_string_append_c (text, '\n');
  if (vm->virtio_disk && vm->virtio_net)
    g_string_append (text, _("Disk and network: VirtIO"));
  else
    g_string_append_printf (text, _("Disk: %s · Network: %s"),
                            vm->virtio_disk ? "VirtIO" : "SATA",
                            vm->virtio_net ? "VirtIO" : "e1000e");
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Firmware: %s"), firmware);
  if (vm->video != NULL)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, _("Video: %s"), vm->video);
    }
  if (vm->guest_agent)
    g_ptr_array_add (extras, _("guest agent"));
  if (vm->rng)
    g_ptr_array_add (extras, _("random number source"));
  if (vm->tablet)
    g_ptr_array_add (extras, _("USB tablet"));
  if (vm->sound)
    g_ptr_array_add (extras, _("sound"));
  if (extras->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (extras, NULL);
      joined = g_strjoinv (", ", (char **) extras->pdata);
      g_string_append_c (text, '\n');
      /* TRANSLATORS: "Also: guest agent, USB tablet" */
      g_string_append_printf (text, _("Also: %s"), joined);
    }
  return g_string_free (text, FALSE);
}

static void
update_defaults (YadoNewVmWizard *self)
{
  const char *id = chosen_os (self);
  g_autoptr(YadoNewVm) preview = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *note = NULL;

  if (self->os_db == NULL || id == NULL || self->connection == NULL)
    {
      gtk_widget_hide (GTK_WIDGET (self->defaults_title));
      gtk_widget_hide (GTK_WIDGET (self->defaults_label));
      gtk_widget_hide (GTK_WIDGET (self->firmware_note));
      return;
    }
  preview = yado_new_vm_copy (self->vm);
  yado_os_db_apply_defaults (self->os_db, *id ? id : NULL, preview,
                             yado_nvw_host_memory_mib (self), yado_nvw_host_cpus (self));
  /* TRANSLATORS: "Defaults for Debian 11" */
  title = g_strdup_printf (_("Defaults for %s"), os_name (self, id));
  gtk_label_set_text (self->defaults_title, title);
  text = describe_defaults (preview);
  gtk_label_set_text (self->defaults_label, text);
  gtk_widget_show (GTK_WIDGET (self->defaults_title));
  gtk_widget_show (GTK_WIDGET (self->defaults_label));
  if (preview->uefi && self->caps != NULL && self->caps->has_domcaps && !self->caps->efi)
    note = g_strdup_printf (_("%s needs UEFI firmware, which this host does not have: install "
                              "OVMF (the “ovmf” package) on it."), os_name (self, id));
  else if (preview->uefi && preview->secure_boot && preview->tpm)
    note = g_strdup_printf (_("%s needs UEFI with Secure Boot and a TPM: the virtual machine "
                              "gets them."), os_name (self, id));
  else if (preview->uefi && preview->tpm)
    note = g_strdup_printf (_("%s needs UEFI and a TPM: the virtual machine gets them."),
                            os_name (self, id));
  else if (preview->uefi)
    note = g_strdup_printf (_("%s needs UEFI: the virtual machine gets it."),
                            os_name (self, id));
  yado_wizard_show_message (self->firmware_note, note);
}

/* ---- the list ---- */

static void
on_os_selected (YadoNewVmWizard *self)
{
  GtkTreeIter iter;

  if (self->os_filling)
    return;
  if (gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->os_view), NULL, &iter))
    {
      g_free (self->chosen_os);
      gtk_tree_model_get (GTK_TREE_MODEL (self->os_store), &iter, OS_COL_ID, &self->chosen_os,
                          -1);
      gtk_widget_hide (GTK_WIDGET (self->os_error));
    }
  update_defaults (self);
}

static void
add_row (YadoNewVmWizard *self, const YadoOsEntry *entry)
{
  g_autofree char *detail = NULL;

  if (entry == NULL)
    {
      gtk_list_store_insert_with_values (self->os_store, NULL, -1, OS_COL_NAME, _("Generic OS"),
                                         OS_COL_DETAIL, _("Unknown or not listed: modern "
                                                          "defaults"),
                                         OS_COL_ID, GENERIC_ID, -1);
      return;
    }
  detail = entry->release_date != NULL
    ? g_strdup_printf ("%s · %.4s%s", entry->vendor ? entry->vendor : "", entry->release_date,
                       entry->eol ? _(" · end of life") : "")
    : g_strdup (entry->vendor);
  gtk_list_store_insert_with_values (self->os_store, NULL, -1, OS_COL_NAME, entry->name,
                                     OS_COL_DETAIL, detail, OS_COL_ID, entry->id, -1);
}

static gboolean
select_id (YadoNewVmWizard *self, const char *id)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->os_store);
  GtkTreeIter iter;

  for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok;
       ok = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *row_id = NULL;

      gtk_tree_model_get (model, &iter, OS_COL_ID, &row_id, -1);
      if (g_strcmp0 (row_id, id) == 0)
        {
          g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

          gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->os_view), &iter);
          gtk_tree_view_scroll_to_cell (self->os_view, path, NULL, FALSE, 0, 0);
          return TRUE;
        }
    }
  return FALSE;
}

/* The search's results, the chosen OS kept selected when it is among
 * them; "Generic OS" first unless the search names something else. */
static void
fill_list (YadoNewVmWizard *self)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (self->os_search));
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *folded = g_utf8_casefold (text, -1);

  if (self->os_db == NULL)
    return;
  self->os_filling = TRUE;
  gtk_list_store_clear (self->os_store);
  results = yado_os_db_search (self->os_db, text);
  if (*text == '\0' || strstr (_("generic"), folded) != NULL || strstr ("generic", folded))
    add_row (self, NULL);
  for (guint i = 0; i < results->len; i++)
    add_row (self, g_ptr_array_index (results, i));
  self->os_filling = FALSE;
  if (self->chosen_os != NULL)
    select_id (self, self->chosen_os);
}

/* The detected OS shown alone, the list off while detection is on. */
static void
show_detected (YadoNewVmWizard *self)
{
  g_autoptr(YadoOsEntry) entry = yado_os_db_get_entry (self->os_db, self->detected_os);

  self->os_filling = TRUE;
  gtk_list_store_clear (self->os_store);
  if (entry != NULL)
    add_row (self, entry);
  self->os_filling = FALSE;
  select_id (self, self->detected_os);
}

/* ---- detection ---- */

static void
update_detection (YadoNewVmWizard *self)
{
  gboolean is_url = FALSE;
  g_autofree char *media = self->os_db ? yado_nvw_source_media (self, &is_url) : NULL;
  gboolean known = media != NULL && g_strcmp0 (media, self->detected_for) == 0;
  gboolean running = media != NULL && self->detecting;
  gboolean on = gtk_toggle_button_get_active (self->detect_check);
  g_autofree char *status = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->detect_check),
                            (known && self->detected_os != NULL) || running);
  if (running)
    status = g_strdup (_("Detecting…"));
  else if (known && self->detected_os != NULL)
    /* TRANSLATORS: "Detected: Debian 11" */
    status = g_strdup_printf (_("Detected: %s"), os_name (self, self->detected_os));
  else if (known)
    status = g_strdup (_("Not recognised: choose the operating system from the list."));
  else
    status = g_strdup (_("Yado detects the OS of an ISO image on this computer or of an "
                         "install tree."));
  gtk_label_set_text (self->os_detect_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->os_detect_spinner), running);
  if (running)
    gtk_spinner_start (self->os_detect_spinner);
  else
    gtk_spinner_stop (self->os_detect_spinner);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->detect_check)))
    on = FALSE;
  g_signal_handlers_block_matched (self->detect_check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_toggle_button_set_active (self->detect_check, on);
  g_signal_handlers_unblock_matched (self->detect_check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  on = on && known && self->detected_os != NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->os_search), !on && self->os_db != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->os_view), !on && self->os_db != NULL);
  if (on)
    show_detected (self);
  else
    fill_list (self);
  update_defaults (self);
}

static void
on_detect_toggled (YadoNewVmWizard *self)
{
  gtk_widget_hide (GTK_WIDGET (self->os_error));
  update_detection (self);
}

void
yado_nvw_os_detect_changed (YadoNewVmWizard *self)
{
  gboolean is_url;
  g_autofree char *media = yado_nvw_source_media (self, &is_url);

  if (self->disposed)
    return;
  /* A new medium's OS is used until the user says otherwise. */
  if (media != NULL && g_strcmp0 (media, self->detected_for) == 0 && self->detected_os != NULL)
    gtk_toggle_button_set_active (self->detect_check, TRUE);
  update_detection (self);
}

void
yado_nvw_os_enter (YadoNewVmWizard *self)
{
  update_detection (self);
}

void
yado_nvw_os_db_loaded (YadoNewVmWizard *self)
{
  gtk_widget_hide (GTK_WIDGET (self->os_loading));
  update_detection (self);
}

/* ---- check and collect ---- */

gboolean
yado_nvw_os_check (YadoNewVmWizard *self)
{
  if (self->os_db == NULL)
    return FALSE;
  if (chosen_os (self) != NULL)
    return TRUE;
  yado_wizard_show_message (self->os_error, _("Choose the operating system from the list (or "
                                              "“Generic OS” when it is not there)."));
  return FALSE;
}

void
yado_nvw_os_collect (YadoNewVmWizard *self)
{
  const char *id = chosen_os (self);
  YadoNewVm *vm = self->vm;

  if (id == NULL || self->os_db == NULL)
    return;
  /* Going back and forth keeps what the user changed in the steps after:
   * the defaults are applied again only for another OS or host. */
  if (g_strcmp0 (id, self->applied_os) != 0 || self->applied_connection != self->connection)
    {
      g_autofree char *machine = g_strdup (vm->machine);

      yado_os_db_apply_defaults (self->os_db, *id ? id : NULL, vm,
                                 yado_nvw_host_memory_mib (self), yado_nvw_host_cpus (self));
      /* A machine chosen in the architecture options wins. */
      if (machine != NULL)
        {
          g_free (vm->machine);
          vm->machine = g_steal_pointer (&machine);
        }
      g_free (self->applied_os);
      self->applied_os = g_strdup (id);
      self->applied_connection = self->connection;
      self->recommended_memory_mib = vm->memory_mib;
    }
  g_free (vm->os_id);
  vm->os_id = *id ? g_strdup (id) : NULL;
  g_free (vm->os_name);
  vm->os_name = *id ? g_strdup (os_name (self, id)) : NULL;
  /* Some installers must be told where their tree is ("inst.repo=URL"). */
  g_free (vm->kernel_url_arg);
  vm->kernel_url_arg = vm->method == YADO_INSTALL_URL && *id
                       ? g_strdup (yado_os_db_get_kernel_url_argument (self->os_db, id)) : NULL;
}

char *
yado_nvw_os_short_name (YadoNewVmWizard *self)
{
  g_autoptr(YadoOsEntry) entry = NULL;

  if (self->os_db != NULL && self->vm->os_id != NULL)
    entry = yado_os_db_get_entry (self->os_db, self->vm->os_id);
  return g_strdup (entry != NULL && entry->short_id != NULL ? entry->short_id : "vm");
}

/* ---- building ---- */

static GtkTreeViewColumn *
text_column (const char *title, int column, gboolean dim)
{
  GtkCellRenderer *cell = gtk_cell_renderer_text_new ();
  GtkTreeViewColumn *tree_column = gtk_tree_view_column_new_with_attributes (title, cell, "text",
                                                                             column, NULL);

  g_object_set (cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  if (dim)
    g_object_set (cell, "foreground-rgba", &(GdkRGBA) { 0.5, 0.5, 0.5, 1 }, NULL);
  gtk_tree_view_column_set_expand (tree_column, TRUE);
  return tree_column;
}

static void
build_list (YadoNewVmWizard *self, YadoWizardForm *form)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);

  self->os_search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->os_search),
                                  _("Search, such as “debian”, “win11” or “fedora”"));
  self->os_store = gtk_list_store_new (OS_N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  self->os_view = GTK_TREE_VIEW (gtk_tree_view_new_with_model (GTK_TREE_MODEL (self->os_store)));
  gtk_tree_view_set_headers_visible (self->os_view, FALSE);
  gtk_tree_view_append_column (self->os_view, text_column (_("Name"), OS_COL_NAME, FALSE));
  gtk_tree_view_append_column (self->os_view, text_column (_("Vendor"), OS_COL_DETAIL, TRUE));
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->os_view)),
                       _("Operating systems"));
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled), GTK_SHADOW_IN);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, -1, 190);
  gtk_container_add (GTK_CONTAINER (scrolled), GTK_WIDGET (self->os_view));
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (self->os_search), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), scrolled, FALSE, FALSE, 0);
  yado_wizard_form_row_with (form, _("Operating _system:"), box, GTK_WIDGET (self->os_search));
  self->os_error = yado_wizard_form_error (form, "os-error");
  yado_wizard_set_field (self->os_error, GTK_WIDGET (self->os_search));
  self->os_loading = yado_wizard_form_note (form, _("Reading the list of operating systems…"));
  g_signal_connect_swapped (self->os_search, "search-changed", G_CALLBACK (fill_list), self);
  g_signal_connect_swapped (gtk_tree_view_get_selection (self->os_view), "changed",
                            G_CALLBACK (on_os_selected), self);
}

void
yado_nvw_os_build (YadoNewVmWizard *self)
{
  YadoWizardForm form = yado_nvw_form (self, YADO_NVW_STEP_OS);
  GtkWidget *status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->detect_check = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (
    _("_Detect from the installation media")));
  gtk_toggle_button_set_active (self->detect_check, TRUE);
  yado_wizard_form_wide (&form, GTK_WIDGET (self->detect_check), 0);
  g_signal_connect_swapped (self->detect_check, "toggled", G_CALLBACK (on_detect_toggled), self);
  self->os_detect_spinner = GTK_SPINNER (gtk_spinner_new ());
  self->os_detect_label = yado_wizard_small_label ("", "dim-label");
  gtk_widget_set_name (GTK_WIDGET (self->os_detect_label), "os-detect-status");
  gtk_box_pack_start (GTK_BOX (status), GTK_WIDGET (self->os_detect_spinner), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (status), GTK_WIDGET (self->os_detect_label), TRUE, TRUE, 0);
  yado_wizard_form_wide (&form, status, 26);
  gtk_widget_set_margin_bottom (status, 6);

  build_list (self, &form);

  self->defaults_title = GTK_LABEL (yado_wizard_form_heading (&form, ""));
  self->defaults_label = yado_wizard_small_label ("", NULL);
  gtk_label_set_max_width_chars (self->defaults_label, 80);
  gtk_widget_set_name (GTK_WIDGET (self->defaults_label), "os-defaults");
  yado_wizard_form_wide (&form, GTK_WIDGET (self->defaults_label), 12);
  self->firmware_note = yado_wizard_small_label ("", "yado-field-warning");
  gtk_label_set_max_width_chars (self->firmware_note, 80);
  gtk_widget_set_name (GTK_WIDGET (self->firmware_note), "firmware-note");
  gtk_widget_set_no_show_all (GTK_WIDGET (self->firmware_note), TRUE);
  yado_wizard_form_wide (&form, GTK_WIDGET (self->firmware_note), 12);
  gtk_widget_show_all (GTK_WIDGET (form.grid));
  gtk_widget_hide (GTK_WIDGET (self->defaults_title));
  gtk_widget_hide (GTK_WIDGET (self->defaults_label));
}
