/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Steps 3 and 4: memory and CPUs, checked against the host as the user
 * changes them (more memory than the host has is an error, more than
 * 80 % a warning; vCPUs at most the host's CPUs), and the storage: a new
 * disk in a pool (no bigger than the pool's free space), an existing image,
 * or none. An imported image is the disk; a cloud image gets a new disk
 * made from it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-format.h"
#include "yado-new-vm-wizard-private.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define MIN_MEMORY_MIB 64
/* Above this share of the host's memory, the host itself may run short. */
#define MEMORY_WARNING_SHARE 0.8

/* ---- memory and CPUs ---- */

static guint64
spin_value (GtkSpinButton *spin)
{
  gtk_spin_button_update (spin);
  return (guint64) gtk_spin_button_get_value_as_int (spin);
}

/* Live: the message under the memory field follows its value. */
static void
on_memory_changed (YadoNewVmWizard *self)
{
  guint64 mib = spin_value (self->memory_spin);
  guint64 host = yado_nvw_host_memory_mib (self);
  g_autofree char *host_text = yado_format_bytes (host * MIB);
  g_autofree char *error = NULL;
  g_autofree char *warning = NULL;

  if (host > 0 && mib > host)
    /* TRANSLATORS: "The host has only 8.0 GiB of memory (8192 MiB)." */
    error = g_strdup_printf (_("The host has only %s of memory (%llu MiB)."), host_text,
                             (unsigned long long) host);
  else if (host > 0 && mib > host * MEMORY_WARNING_SHARE)
    warning = g_strdup (_("That is more than 80 % of the host’s memory: the host and its other "
                          "virtual machines may run short."));
  else if (self->recommended_memory_mib > 0 && mib < self->recommended_memory_mib)
    /* TRANSLATORS: "Less than the 2048 MiB recommended for Debian 11." */
    warning = g_strdup_printf (_("Less than the %llu MiB recommended for %s."),
                               (unsigned long long) self->recommended_memory_mib,
                               self->vm->os_name ? self->vm->os_name : _("this OS"));
  yado_wizard_show_message (self->memory_error, error);
  yado_wizard_show_message (self->memory_warning, warning);
}

static void
update_host_notes (YadoNewVmWizard *self)
{
  guint64 host = yado_nvw_host_memory_mib (self);
  guint cpus = yado_nvw_host_cpus (self);
  g_autofree char *host_text = yado_format_bytes (host * MIB);
  g_autofree char *memory = NULL;
  g_autofree char *cpu_text = NULL;

  /* TRANSLATORS: "Up to 8192 MiB (8.0 GiB) available on the host" */
  memory = g_strdup_printf (_("Up to %llu MiB (%s) available on the host"),
                            (unsigned long long) host, host_text);
  cpu_text = g_strdup_printf (_("Up to %u available on the host"), cpus);
  gtk_label_set_text (self->memory_note, memory);
  gtk_label_set_text (self->vcpus_note, cpu_text);
  /* Above the host's memory is possible, to say why it is wrong; the
   * vCPUs stop at the host's CPUs (more only slows the guest down). */
  gtk_spin_button_set_range (self->memory_spin, MIN_MEMORY_MIB, MAX (host * 4, 1024));
  gtk_spin_button_set_range (self->vcpus_spin, 1, MAX (cpus, 1));
}

void
yado_nvw_memory_enter (YadoNewVmWizard *self)
{
  update_host_notes (self);
  gtk_spin_button_set_value (self->memory_spin, (double) self->vm->memory_mib);
  gtk_spin_button_set_value (self->vcpus_spin, self->vm->vcpus);
  on_memory_changed (self);
}

gboolean
yado_nvw_memory_check (YadoNewVmWizard *self)
{
  on_memory_changed (self);
  return !gtk_widget_get_visible (GTK_WIDGET (self->memory_error));
}

void
yado_nvw_memory_collect (YadoNewVmWizard *self)
{
  self->vm->memory_mib = spin_value (self->memory_spin);
  self->vm->vcpus = (guint) spin_value (self->vcpus_spin);
}

static GtkSpinButton *
spin_row (YadoWizardForm *form, const char *label, const char *unit)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 1024, 1));

  gtk_entry_set_width_chars (GTK_ENTRY (spin), 8);
  gtk_entry_set_activates_default (GTK_ENTRY (spin), TRUE);
  gtk_spin_button_set_numeric (spin, TRUE);
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (spin), FALSE, FALSE, 0);
  if (unit != NULL)
    gtk_box_pack_start (GTK_BOX (box), gtk_label_new (unit), FALSE, FALSE, 0);
  yado_wizard_form_row_with (form, label, box, GTK_WIDGET (spin));
  return spin;
}

void
yado_nvw_memory_build (YadoNewVmWizard *self)
{
  YadoWizardForm form = yado_nvw_form (self, YADO_NVW_STEP_MEMORY);

  self->memory_spin = spin_row (&form, _("_Memory:"), "MiB");
  gtk_spin_button_set_increments (self->memory_spin, 256, 1024);
  self->memory_note = yado_wizard_form_note (&form, "");
  gtk_widget_set_name (GTK_WIDGET (self->memory_note), "memory-note");
  self->memory_warning = yado_wizard_form_warning (&form, "memory-warning");
  self->memory_error = yado_wizard_form_error (&form, "memory-error");
  yado_wizard_set_field (self->memory_error, GTK_WIDGET (self->memory_spin));
  g_signal_connect_swapped (self->memory_spin, "value-changed", G_CALLBACK (on_memory_changed),
                            self);
  self->vcpus_spin = spin_row (&form, _("_CPUs:"), NULL);
  self->vcpus_note = yado_wizard_form_note (&form, "");
  gtk_widget_show_all (GTK_WIDGET (form.grid));
}

/* ---- storage ---- */

static const char *
active_id (GtkComboBoxText *combo)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

  return id != NULL && *id != '\0' ? id : NULL;
}

static gboolean
storage_new (YadoNewVmWizard *self)
{
  YadoInstallMethod method = self->vm->method;

  if (method == YADO_INSTALL_CLOUD_IMAGE)
    return TRUE;
  return method != YADO_INSTALL_IMPORT && gtk_toggle_button_get_active (self->storage_check)
         && gtk_toggle_button_get_active (self->disk_new_radio);
}

static gboolean
storage_existing (YadoNewVmWizard *self)
{
  YadoInstallMethod method = self->vm->method;

  return method != YADO_INSTALL_IMPORT && method != YADO_INSTALL_CLOUD_IMAGE
         && gtk_toggle_button_get_active (self->storage_check)
         && gtk_toggle_button_get_active (self->disk_existing_radio);
}

/* The smallest size a cloud image's disk may have, in GiB (0: unknown). */
static guint64
image_min_gib (YadoNewVmWizard *self)
{
  if (self->vm->method != YADO_INSTALL_CLOUD_IMAGE || self->cloud.volume_capacity == 0)
    return 0;
  return (self->cloud.volume_capacity + GIB - 1) / GIB;
}

/* Live: the size against the pool's free space (and a cloud image's
 * size). */
static gboolean
check_size (YadoNewVmWizard *self)
{
  YadoStoragePool *pool = yado_nvw_find_pool (self, active_id (self->disk_pool));
  guint64 gib = spin_value (self->disk_size);
  g_autofree char *message = NULL;

  if (!storage_new (self))
    {
      gtk_widget_hide (GTK_WIDGET (self->disk_size_error));
      gtk_widget_hide (GTK_WIDGET (self->disk_pool_error));
      return TRUE;
    }
  if (pool == NULL)
    yado_wizard_show_message (self->disk_pool_error,
                              _("This host has no active storage pool for a new disk."));
  else
    gtk_widget_hide (GTK_WIDGET (self->disk_pool_error));
  if (pool != NULL && gib * GIB > yado_storage_pool_get_available (pool))
    {
      g_autofree char *available = yado_format_bytes (yado_storage_pool_get_available (pool));

      message = g_strdup_printf (_("“%s” has only %s free."), yado_storage_pool_get_name (pool),
                                 available);
    }
  else if (gib < image_min_gib (self))
    message = g_strdup_printf (_("The cloud image is %llu GiB: the disk must be at least as "
                                 "big."), (unsigned long long) image_min_gib (self));
  yado_wizard_show_message (self->disk_size_error, message);
  return pool != NULL && message == NULL;
}

static void
update_storage (YadoNewVmWizard *self)
{
  YadoInstallMethod method = self->vm->method;
  gboolean import = method == YADO_INSTALL_IMPORT;
  gboolean cloud = method == YADO_INSTALL_CLOUD_IMAGE;
  gboolean enabled = gtk_toggle_button_get_active (self->storage_check);

  yado_wizard_set_visible (self->storage_choice_widgets, !import && !cloud);
  yado_wizard_set_visible (self->storage_new_widgets, !import);
  yado_wizard_set_visible (self->storage_format_widgets, !import && !cloud);
  yado_wizard_set_visible (self->storage_existing_widgets, !import && !cloud);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disk_new_radio), enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disk_existing_radio), enabled);
  yado_wizard_set_sensitive (self->storage_new_widgets, storage_new (self));
  yado_wizard_set_sensitive (self->storage_existing_widgets, storage_existing (self));
  if (!storage_existing (self))
    gtk_widget_hide (GTK_WIDGET (self->disk_path.error));
  check_size (self);
}

static void
update_image_note (YadoNewVmWizard *self)
{
  g_autofree char *text = NULL;

  if (self->vm->method == YADO_INSTALL_IMPORT)
    text = g_strdup_printf (_("The virtual machine boots from the disk image chosen in step 1, "
                              "as it is:\n%s"), self->vm->media_path);
  else if (self->vm->method == YADO_INSTALL_CLOUD_IMAGE)
    text = g_strdup_printf (_("The virtual machine gets a new disk made from the cloud image "
                              "chosen in step 1:\n%s"), self->vm->media_path);
  yado_wizard_show_message (self->storage_image_note, text);
}

static void
update_name_note (YadoNewVmWizard *self)
{
  g_autofree char *base = self->name_edited && self->vm->name ? g_strdup (self->vm->name)
                                           : yado_nvw_name_suggest (self);
  const char *format = self->vm->method == YADO_INSTALL_CLOUD_IMAGE
                       ? "qcow2" : active_id (self->disk_format);
  g_autofree char *text = g_strdup_printf (_("Named after the virtual machine (step 5): "
                                             "“%s.%s”."), base,
                                           g_strcmp0 (format, "raw") == 0 ? "img" : "qcow2");

  gtk_label_set_text (self->disk_name_note, text);
}

void
yado_nvw_storage_refill_pools (YadoNewVmWizard *self)
{
  g_autofree char *chosen = NULL;
  GListModel *pools;

  if (self->disposed || self->disk_pool == NULL)
    return;
  chosen = g_strdup (active_id (self->disk_pool));
  gtk_combo_box_text_remove_all (self->disk_pool);
  if (self->connection != NULL)
    {
      pools = yado_connection_get_storage_pools (self->connection);
      for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
        {
          g_autoptr(YadoStoragePool) pool = g_list_model_get_item (pools, i);
          g_autofree char *free_text = NULL;
          g_autofree char *label = NULL;

          /* An inactive pool cannot take a new volume. */
          if (!yado_storage_pool_get_active (pool))
            continue;
          free_text = yado_format_bytes (yado_storage_pool_get_available (pool));
          /* TRANSLATORS: a pool and its free space: "default (90 GiB free)" */
          label = g_strdup_printf (_("%s (%s free)"), yado_storage_pool_get_name (pool),
                                   free_text);
          gtk_combo_box_text_append (self->disk_pool, yado_storage_pool_get_name (pool), label);
        }
    }
  if ((chosen == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->disk_pool), chosen))
      && !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->disk_pool), "default"))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->disk_pool), 0);
  if (self->step == YADO_NVW_STEP_STORAGE)
    check_size (self);
}

void
yado_nvw_storage_enter (YadoNewVmWizard *self)
{
  guint64 gib = MAX (self->vm->disk_size_gib, image_min_gib (self));

  if (self->vm->method == YADO_INSTALL_CLOUD_IMAGE)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->disk_format), "qcow2");
  gtk_spin_button_set_value (self->disk_size, (double) MAX (gib, 1));
  yado_nvw_storage_refill_pools (self);
  update_image_note (self);
  update_name_note (self);
  update_storage (self);
}

gboolean
yado_nvw_storage_check (YadoNewVmWizard *self)
{
  if (storage_existing (self))
    return yado_nvw_check_path (self, &self->disk_path, _("Choose a disk image."));
  return check_size (self);
}

static void
set_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
yado_nvw_storage_collect (YadoNewVmWizard *self)
{
  YadoNewVm *vm = self->vm;
  g_autofree char *path = yado_nvw_entry_text (self->disk_path.entry);

  set_string (&vm->disk_pool, NULL);
  set_string (&vm->disk_format, NULL);
  set_string (&vm->disk_path, NULL);
  if (vm->method == YADO_INSTALL_IMPORT)
    {
      vm->disk = YADO_DISK_EXISTING;
      set_string (&vm->disk_path, vm->media_path);
    }
  else if (storage_new (self))
    {
      vm->disk = YADO_DISK_NEW;
      set_string (&vm->disk_pool, active_id (self->disk_pool));
      vm->disk_size_gib = spin_value (self->disk_size);
      set_string (&vm->disk_format, vm->method == YADO_INSTALL_CLOUD_IMAGE
                                    ? "qcow2" : active_id (self->disk_format));
    }
  else if (storage_existing (self))
    {
      vm->disk = YADO_DISK_EXISTING;
      set_string (&vm->disk_path, path);
    }
  else
    vm->disk = YADO_DISK_NONE;
}

static void
build_new_disk (YadoNewVmWizard *self, YadoWizardForm *form)
{
  int start = form->row;

  self->disk_size = spin_row (form, _("_Size:"), "GiB");
  gtk_spin_button_set_range (self->disk_size, 1, 65536);
  gtk_spin_button_set_increments (self->disk_size, 1, 10);
  self->disk_size_error = yado_wizard_form_error (form, "disk-size-error");
  yado_wizard_set_field (self->disk_size_error, GTK_WIDGET (self->disk_size));
  g_signal_connect_swapped (self->disk_size, "value-changed", G_CALLBACK (check_size), self);

  self->disk_format = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  gtk_combo_box_text_append (self->disk_format, "qcow2",
                             _("qcow2 (grows as it fills, snapshots)"));
  gtk_combo_box_text_append (self->disk_format, "raw", _("raw (fastest)"));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->disk_format), "qcow2");
  yado_wizard_form_row (form, _("_Format:"), GTK_WIDGET (self->disk_format));
  self->storage_format_widgets = yado_wizard_form_rows (form, form->row - 1, form->row);
  g_signal_connect_swapped (self->disk_format, "changed", G_CALLBACK (update_name_note), self);

  self->disk_pool = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (form, _("_Pool:"), GTK_WIDGET (self->disk_pool));
  self->disk_pool_error = yado_wizard_form_error (form, "disk-pool-error");
  yado_wizard_set_field (self->disk_pool_error, GTK_WIDGET (self->disk_pool));
  self->disk_name_note = yado_wizard_form_note (form, "");
  g_signal_connect_swapped (self->disk_pool, "changed", G_CALLBACK (check_size), self);
  self->storage_new_widgets = yado_wizard_form_rows (form, start, form->row);
  /* The format comes and goes on its own (a cloud image's is qcow2). */
  for (guint i = 0; i < self->storage_format_widgets->len; i++)
    g_ptr_array_remove (self->storage_new_widgets,
                        g_ptr_array_index (self->storage_format_widgets, i));
}

void
yado_nvw_storage_build (YadoNewVmWizard *self)
{
  YadoWizardForm form = yado_nvw_form (self, YADO_NVW_STEP_STORAGE);
  int start;

  self->storage_choice_widgets = g_ptr_array_new ();
  self->storage_check = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (
    _("_Enable storage for this virtual machine")));
  gtk_toggle_button_set_active (self->storage_check, TRUE);
  yado_wizard_form_wide (&form, GTK_WIDGET (self->storage_check), 0);
  g_ptr_array_add (self->storage_choice_widgets, self->storage_check);
  self->storage_image_note = yado_wizard_small_label ("", NULL);
  gtk_label_set_selectable (self->storage_image_note, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->storage_image_note), "storage-image");
  gtk_widget_set_no_show_all (GTK_WIDGET (self->storage_image_note), TRUE);
  yado_wizard_form_wide (&form, GTK_WIDGET (self->storage_image_note), 0);

  self->disk_new_radio = GTK_TOGGLE_BUTTON (gtk_radio_button_new_with_mnemonic (
    NULL, _("_Create a disk image")));
  yado_wizard_form_wide (&form, GTK_WIDGET (self->disk_new_radio), 24);
  g_ptr_array_add (self->storage_choice_widgets, self->disk_new_radio);
  build_new_disk (self, &form);

  self->disk_existing_radio = GTK_TOGGLE_BUTTON (gtk_radio_button_new_with_mnemonic_from_widget (
    GTK_RADIO_BUTTON (self->disk_new_radio), _("_Use an existing disk image")));
  gtk_widget_set_margin_top (GTK_WIDGET (self->disk_existing_radio), 6);
  yado_wizard_form_wide (&form, GTK_WIDGET (self->disk_existing_radio), 24);
  g_ptr_array_add (self->storage_choice_widgets, self->disk_existing_radio);
  start = form.row;
  yado_nvw_path_row (self, &form, &self->disk_path, _("_Path:"), "disk-path-error",
                     _("Choose a Disk Image"));
  self->storage_existing_widgets = yado_wizard_form_rows (&form, start, form.row);

  g_signal_connect_swapped (self->storage_check, "toggled", G_CALLBACK (update_storage), self);
  g_signal_connect_swapped (self->disk_new_radio, "toggled", G_CALLBACK (update_storage), self);
  gtk_widget_show_all (GTK_WIDGET (form.grid));
}
