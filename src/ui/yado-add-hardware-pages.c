/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Add Hardware dialog's pages: one form per device type, laid out
 * alike (labels on the left, end-aligned; a red line under a field that
 * Finish found wrong), with the defaults for this guest and this host.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-add-hardware-private.h"
#include "yado-connection.h"
#include "yado-device-xml.h"
#include "yado-format.h"
#include "yado-network.h"
#include "yado-wizard-form.h"

#define DEFAULT_DISK_GIB 20

/* ---- forms (yado-wizard-form.h, as the New VM wizard's) ---- */

/* The red line under the last field, hidden until Finish finds it wrong;
 * named @name for tests ("path-error"). */
static GtkLabel *
form_error (YadoAddHardwareDialog *self, YadoWizardForm *form, const char *name)
{
  GtkLabel *label = yado_wizard_form_error (form, name);

  g_ptr_array_add (self->error_labels, label);
  return label;
}

/* ---- combos ---- */

typedef struct {
  const char *id;
  const char *label;   /* N_() */
} Choice;

static GtkComboBoxText *
combo_new (const Choice *choices, guint n, const char *active)
{
  GtkComboBoxText *combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());

  for (guint i = 0; i < n; i++)
    gtk_combo_box_text_append (combo, choices[i].id, _(choices[i].label));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), active);
  if (gtk_combo_box_get_active (GTK_COMBO_BOX (combo)) < 0)
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
  return combo;
}

/* Fills @combo with the @choices the host offers (@offered), in the
 * choices' order, and selects @preferred, else the first. */
static void
fill_offered (GtkComboBoxText *combo, const Choice *choices, guint n, GPtrArray *offered,
              const char *const *preferred)
{
  gtk_combo_box_text_remove_all (combo);
  for (guint i = 0; i < n; i++)
    if (yado_host_caps_list_has (offered, choices[i].id))
      gtk_combo_box_text_append (combo, choices[i].id, _(choices[i].label));
  for (guint i = 0; preferred != NULL && preferred[i] != NULL; i++)
    if (gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), preferred[i]))
      return;
  gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
}

static GtkComboBoxText *
offered_combo (const Choice *choices, guint n, GPtrArray *offered, const char *const *preferred)
{
  GtkComboBoxText *combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());

  fill_offered (combo, choices, n, offered, preferred);
  return combo;
}

static const char *
active_id (GtkComboBoxText *combo)
{
  return gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));
}

static GtkWidget *
page_box (YadoWizardForm *form)
{
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_container_add (GTK_CONTAINER (scrolled), GTK_WIDGET (form->grid));
  gtk_widget_show_all (scrolled);
  return scrolled;
}

static GtkEntry *
entry_new (const char *text)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  gtk_entry_set_activates_default (entry, TRUE);
  if (text != NULL)
    gtk_entry_set_text (entry, text);
  return entry;
}

/* ---- Storage ---- */

static const Choice disk_devices[] = {
  { "disk", N_("Disk device") },
  { "cdrom", N_("CD-ROM device") },
  { "floppy", N_("Floppy device") },
};

static const Choice disk_buses[] = {
  { "virtio", N_("VirtIO") },
  { "sata", N_("SATA") },
  { "scsi", N_("SCSI") },
  { "usb", N_("USB") },
  { "ide", N_("IDE") },
  { "fdc", N_("Floppy") },
};

static const Choice cache_modes[] = {
  { "", N_("Hypervisor default") },
  { "none", N_("None") },
  { "writethrough", N_("Write-through") },
  { "writeback", N_("Write-back") },
  { "directsync", N_("Direct sync") },
  { "unsafe", N_("Unsafe") },
};

static const Choice disk_formats[] = {
  { "qcow2", N_("qcow2 (grows as it fills, snapshots)") },
  { "raw", N_("raw (fastest)") },
};

/* The buses a device type goes on, as the host offers them, with the
 * default first: virtio for disks where the host has it; SATA (Q35) or
 * IDE (i440FX) for CD-ROMs. */
static void
refill_disk_buses (YadoAddHardwareDialog *self)
{
  const char *device = active_id (self->disk_device);
  g_autoptr(GPtrArray) offered = g_ptr_array_new ();
  const char *disk_preferred[] = { "virtio", "sata", "scsi", "ide", NULL };
  const char *cdrom_q35[] = { "sata", "scsi", "ide", NULL };
  const char *cdrom_pc[] = { "ide", "sata", "scsi", NULL };
  const char *floppy[] = { "fdc", NULL };
  const char *const *preferred;

  for (guint i = 0; i < self->caps->disk_buses->len; i++)
    {
      const char *bus = g_ptr_array_index (self->caps->disk_buses, i);

      /* Floppies on the floppy controller only; CD-ROMs never on virtio. */
      if ((g_strcmp0 (device, "floppy") == 0) != g_str_equal (bus, "fdc"))
        continue;
      if (g_strcmp0 (device, "cdrom") == 0 && g_str_equal (bus, "virtio"))
        continue;
      g_ptr_array_add (offered, (gpointer) bus);
    }
  if (g_strcmp0 (device, "floppy") == 0)
    preferred = floppy;
  else if (g_strcmp0 (device, "cdrom") == 0)
    preferred = self->q35 ? cdrom_q35 : cdrom_pc;
  else
    preferred = disk_preferred;
  fill_offered (self->disk_bus, disk_buses, G_N_ELEMENTS (disk_buses), offered, preferred);
}

static void
set_all_sensitive (GPtrArray *widgets, gboolean sensitive)
{
  for (guint i = 0; i < widgets->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (widgets, i), sensitive);
}

static void
on_disk_source_toggled (YadoAddHardwareDialog *self)
{
  gboolean create = gtk_toggle_button_get_active (self->disk_create);

  set_all_sensitive (self->disk_create_widgets, create);
  set_all_sensitive (self->disk_custom_widgets, !create);
}

/* A CD-ROM or floppy shows an existing image (or none): there is nothing
 * to create. */
static void
on_disk_device_changed (YadoAddHardwareDialog *self)
{
  gboolean disk = g_strcmp0 (active_id (self->disk_device), "disk") == 0;

  refill_disk_buses (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disk_create), disk);
  if (!disk)
    gtk_toggle_button_set_active (self->disk_custom, TRUE);
  on_disk_source_toggled (self);
}

static void
update_available (YadoAddHardwareDialog *self)
{
  YadoStoragePool *pool = yado_hw_selected_pool (self);
  g_autofree char *free_text = NULL;
  g_autofree char *text = NULL;

  if (pool == NULL)
    {
      gtk_label_set_text (self->disk_available, _("This host has no storage pool."));
      return;
    }
  free_text = yado_format_bytes (yado_storage_pool_get_available (pool));
  /* TRANSLATORS: "90 GiB available in “default”" */
  text = g_strdup_printf (_("%s available in “%s”"), free_text,
                          yado_storage_pool_get_name (pool));
  gtk_label_set_text (self->disk_available, text);
}

YadoStoragePool *
yado_hw_selected_pool (YadoAddHardwareDialog *self)
{
  GListModel *pools = yado_connection_get_storage_pools (self->connection);
  const char *name = self->disk_pool ? active_id (self->disk_pool) : NULL;

  for (guint i = 0; name != NULL && i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(YadoStoragePool) pool = g_list_model_get_item (pools, i);

      if (g_strcmp0 (yado_storage_pool_get_name (pool), name) == 0)
        return pool;   /* the connection's list keeps it */
    }
  return NULL;
}

void
yado_hw_refill_pools (YadoAddHardwareDialog *self)
{
  GListModel *pools;
  g_autofree char *chosen = NULL;

  /* Pools listed before the page is built fill it when it is. */
  if (self->disk_pool == NULL)
    return;
  pools = yado_connection_get_storage_pools (self->connection);
  chosen = g_strdup (active_id (self->disk_pool));
  gtk_combo_box_text_remove_all (self->disk_pool);
  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(YadoStoragePool) pool = g_list_model_get_item (pools, i);
      const char *name = yado_storage_pool_get_name (pool);

      /* An inactive pool cannot take a new volume. */
      if (yado_storage_pool_get_active (pool))
        gtk_combo_box_text_append (self->disk_pool, name, name);
    }
  if ((chosen == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->disk_pool), chosen))
      && !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->disk_pool), "default"))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->disk_pool), 0);
  update_available (self);
}

static void
on_browse (YadoAddHardwareDialog *self)
{
  g_autoptr(GtkFileChooserNative) chooser = gtk_file_chooser_native_new (
    _("Choose a Disk Image"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
    _("_Cancel"));

  if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

      if (path != NULL)
        gtk_entry_set_text (self->disk_path, path);
    }
}

static void
build_storage_create (YadoAddHardwareDialog *self, YadoWizardForm *form)
{
  GtkWidget *size_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;

  self->disk_create = GTK_TOGGLE_BUTTON (gtk_radio_button_new_with_mnemonic (
    NULL, _("C_reate a disk image for the virtual machine")));
  gtk_widget_set_margin_top (GTK_WIDGET (self->disk_create), 6);
  yado_wizard_form_wide (form, GTK_WIDGET (self->disk_create), 0);

  self->disk_pool = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  label = yado_wizard_form_row (form, _("_Pool:"), GTK_WIDGET (self->disk_pool));
  g_ptr_array_add (self->disk_create_widgets, label);
  g_ptr_array_add (self->disk_create_widgets, self->disk_pool);
  self->disk_pool_error = form_error (self, form, "pool-error");
  g_signal_connect_swapped (self->disk_pool, "changed", G_CALLBACK (update_available), self);
  g_signal_connect_swapped (self->disk_pool, "changed", G_CALLBACK (gtk_widget_hide),
                            self->disk_pool_error);

  self->disk_size = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 65536, 1));
  gtk_spin_button_set_digits (self->disk_size, 1);
  gtk_spin_button_set_value (self->disk_size, DEFAULT_DISK_GIB);
  gtk_entry_set_activates_default (GTK_ENTRY (self->disk_size), TRUE);
  gtk_box_pack_start (GTK_BOX (size_box), GTK_WIDGET (self->disk_size), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (size_box), gtk_label_new (_("GiB")), FALSE, FALSE, 0);
  label = yado_wizard_form_row_with (form, _("_Size:"), size_box, GTK_WIDGET (self->disk_size));
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->disk_size)), _("Size in GiB"));
  g_ptr_array_add (self->disk_create_widgets, label);
  g_ptr_array_add (self->disk_create_widgets, size_box);
  self->disk_available = yado_wizard_form_note (form, "");
  g_ptr_array_add (self->disk_create_widgets, self->disk_available);
  self->disk_size_error = form_error (self, form, "size-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->disk_size), self->disk_size_error);

  self->disk_format = combo_new (disk_formats, G_N_ELEMENTS (disk_formats), "qcow2");
  label = yado_wizard_form_row (form, _("_Format:"), GTK_WIDGET (self->disk_format));
  g_ptr_array_add (self->disk_create_widgets, label);
  g_ptr_array_add (self->disk_create_widgets, self->disk_format);
}

static void
build_storage_custom (YadoAddHardwareDialog *self, YadoWizardForm *form)
{
  GtkWidget *path_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;

  self->disk_custom = GTK_TOGGLE_BUTTON (gtk_radio_button_new_with_mnemonic_from_widget (
    GTK_RADIO_BUTTON (self->disk_create), _("_Select or create custom storage")));
  gtk_widget_set_margin_top (GTK_WIDGET (self->disk_custom), 6);
  yado_wizard_form_wide (form, GTK_WIDGET (self->disk_custom), 0);

  self->disk_path = entry_new (NULL);
  gtk_entry_set_placeholder_text (self->disk_path, _("/path/to/disk.img"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->disk_path), TRUE);
  gtk_box_pack_start (GTK_BOX (path_box), GTK_WIDGET (self->disk_path), TRUE, TRUE, 0);
  /* A file chooser shows this computer's files: only for a local host. */
  self->disk_browse = gtk_button_new_with_mnemonic (_("_Browse…"));
  g_signal_connect_swapped (self->disk_browse, "clicked", G_CALLBACK (on_browse), self);
  gtk_widget_set_no_show_all (self->disk_browse, yado_connection_is_remote (self->connection));
  gtk_box_pack_start (GTK_BOX (path_box), self->disk_browse, FALSE, FALSE, 0);
  label = yado_wizard_form_row_with (form, _("Pat_h:"), path_box, GTK_WIDGET (self->disk_path));
  g_ptr_array_add (self->disk_custom_widgets, label);
  g_ptr_array_add (self->disk_custom_widgets, path_box);
  self->disk_path_error = form_error (self, form, "path-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->disk_path), self->disk_path_error);
}

static GtkWidget *
build_storage (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  GtkWidget *label;

  self->disk_create_widgets = g_ptr_array_new ();
  self->disk_custom_widgets = g_ptr_array_new ();
  self->disk_device = combo_new (disk_devices, G_N_ELEMENTS (disk_devices), "disk");
  yado_wizard_form_row (&form, _("_Device type:"), GTK_WIDGET (self->disk_device));
  self->disk_bus = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (&form, _("_Bus type:"), GTK_WIDGET (self->disk_bus));
  build_storage_create (self, &form);
  build_storage_custom (self, &form);

  self->disk_cache = combo_new (cache_modes, G_N_ELEMENTS (cache_modes), "");
  label = yado_wizard_form_row (&form, _("_Cache mode:"), GTK_WIDGET (self->disk_cache));
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->disk_cache), 12);

  yado_hw_refill_pools (self);
  refill_disk_buses (self);
  on_disk_source_toggled (self);
  g_signal_connect_swapped (self->disk_device, "changed", G_CALLBACK (on_disk_device_changed),
                            self);
  g_signal_connect_swapped (self->disk_create, "toggled", G_CALLBACK (on_disk_source_toggled),
                            self);
  return page_box (&form);
}

/* ---- Network ---- */

static const Choice nic_models[] = {
  { "virtio", N_("virtio") },
  { "e1000e", N_("e1000e") },
  { "e1000", N_("e1000") },
  { "rtl8139", N_("rtl8139") },
};

static void
on_net_source_changed (YadoAddHardwareDialog *self)
{
  const char *source = active_id (self->net_source);
  gboolean device = g_strcmp0 (source, "bridge") == 0 || g_strcmp0 (source, "direct") == 0;

  gtk_widget_set_visible (self->net_device_label, device);
  gtk_widget_set_visible (GTK_WIDGET (self->net_device), device);
  gtk_widget_set_visible (GTK_WIDGET (self->net_macvtap_note), g_strcmp0 (source, "direct") == 0);
  gtk_widget_hide (GTK_WIDGET (self->net_device_error));
  gtk_widget_hide (GTK_WIDGET (self->net_source_error));
}

static char *
network_text (YadoNetwork *network)
{
  const char *mode = yado_network_get_forward_mode (network);
  g_autofree char *kind = NULL;

  if (mode == NULL)
    kind = g_strdup (_("isolated network"));
  else
    kind = g_ascii_strup (mode, -1);
  if (!yado_network_get_active (network))
    /* TRANSLATORS: a network that is not started: "Virtual network “lab”: NAT (inactive)" */
    return g_strdup_printf (_("Virtual network “%s”: %s (inactive)"),
                            yado_network_get_name (network), kind);
  return g_strdup_printf (_("Virtual network “%s”: %s"), yado_network_get_name (network), kind);
}

void
yado_hw_refill_networks (YadoAddHardwareDialog *self)
{
  GListModel *networks;
  g_autofree char *chosen = NULL;

  if (self->net_source == NULL)
    return;
  networks = yado_connection_get_networks (self->connection);
  chosen = g_strdup (active_id (self->net_source));
  g_signal_handlers_block_by_func (self->net_source, on_net_source_changed, self);
  gtk_combo_box_text_remove_all (self->net_source);
  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(YadoNetwork) network = g_list_model_get_item (networks, i);
      g_autofree char *id = g_strconcat ("network:", yado_network_get_name (network), NULL);
      g_autofree char *text = network_text (network);

      gtk_combo_box_text_append (self->net_source, id, text);
    }
  gtk_combo_box_text_append (self->net_source, "bridge", _("Bridge device…"));
  gtk_combo_box_text_append (self->net_source, "direct", _("Macvtap device…"));
  g_signal_handlers_unblock_by_func (self->net_source, on_net_source_changed, self);
  if ((chosen == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->net_source), chosen))
      && !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->net_source), "network:default"))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->net_source), 0);
}

static GtkWidget *
build_network (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  g_autofree char *mac = yado_mac_generate ();
  const char *preferred[] = { "virtio", "e1000e", NULL };
  GtkWidget *page;

  self->net_source = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (&form, _("_Network source:"), GTK_WIDGET (self->net_source));
  self->net_source_error = form_error (self, &form, "source-error");
  self->net_device = entry_new (NULL);
  gtk_entry_set_placeholder_text (self->net_device, _("br0"));
  self->net_device_label = yado_wizard_form_row (&form, _("De_vice name:"), GTK_WIDGET (self->net_device));
  self->net_macvtap_note = yado_wizard_form_note (
    &form, _("In most configurations, macvtap does not work for host to guest network "
             "communication."));
  self->net_device_error = form_error (self, &form, "device-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->net_device), self->net_device_error);

  self->net_mac = entry_new (mac);
  gtk_entry_set_max_length (self->net_mac, 17);
  yado_wizard_form_row (&form, _("_MAC address:"), GTK_WIDGET (self->net_mac));
  self->net_mac_error = form_error (self, &form, "mac-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->net_mac), self->net_mac_error);

  self->net_model = offered_combo (nic_models, G_N_ELEMENTS (nic_models), self->caps->nic_models,
                                   preferred);
  yado_wizard_form_row (&form, _("Device mode_l:"), GTK_WIDGET (self->net_model));

  yado_hw_refill_networks (self);
  g_signal_connect_swapped (self->net_source, "changed", G_CALLBACK (on_net_source_changed), self);
  page = page_box (&form);
  on_net_source_changed (self);
  return page;
}

/* ---- Controller, Input, Graphics, Sound ---- */

static const Choice controller_types[] = {
  { "scsi", N_("SCSI") },
  { "usb", N_("USB") },
  { "virtio-serial", N_("VirtIO Serial") },
  { "sata", N_("SATA") },
  { "ccid", N_("CCID (smartcard)") },
};

static void
on_controller_type_changed (YadoAddHardwareDialog *self)
{
  const char *type = active_id (self->controller_type);

  gtk_combo_box_text_remove_all (self->controller_model);
  if (g_strcmp0 (type, "scsi") == 0)
    gtk_combo_box_text_append (self->controller_model, "virtio-scsi", _("VirtIO SCSI"));
  else if (g_strcmp0 (type, "usb") == 0)
    {
      gtk_combo_box_text_append (self->controller_model, "qemu-xhci", _("USB 3"));
      gtk_combo_box_text_append (self->controller_model, "ich9-ehci1", _("USB 2"));
    }
  gtk_combo_box_text_append (self->controller_model, "", _("Hypervisor default"));
  gtk_combo_box_set_active (GTK_COMBO_BOX (self->controller_model), 0);
}

static GtkWidget *
build_controller (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);

  self->controller_type = combo_new (controller_types, G_N_ELEMENTS (controller_types), "scsi");
  yado_wizard_form_row (&form, _("_Type:"), GTK_WIDGET (self->controller_type));
  self->controller_model = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (&form, _("_Model:"), GTK_WIDGET (self->controller_model));
  on_controller_type_changed (self);
  g_signal_connect_swapped (self->controller_type, "changed",
                            G_CALLBACK (on_controller_type_changed), self);
  return page_box (&form);
}

static const Choice input_types[] = {
  { "tablet:usb", N_("USB Tablet") },
  { "mouse:usb", N_("USB Mouse") },
  { "keyboard:usb", N_("USB Keyboard") },
  { "tablet:virtio", N_("VirtIO Tablet") },
  { "mouse:virtio", N_("VirtIO Mouse") },
  { "keyboard:virtio", N_("VirtIO Keyboard") },
};

static GtkWidget *
build_input (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);

  /* A tablet gives the pointer where it is on the console, without a grab. */
  self->input_type = combo_new (input_types, G_N_ELEMENTS (input_types), "tablet:usb");
  yado_wizard_form_row (&form, _("_Type:"), GTK_WIDGET (self->input_type));
  return page_box (&form);
}

static const Choice graphics_types[] = {
  { "spice", N_("Spice server") },
  { "vnc", N_("VNC server") },
};

static const Choice listen_choices[] = {
  { "", N_("Hypervisor default") },
  { "127.0.0.1", N_("Localhost only") },
  { "0.0.0.0", N_("All interfaces") },
  { "none", N_("None (no network listener)") },
};

static void
on_gfx_toggles (YadoAddHardwareDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->gfx_port),
                            !gtk_toggle_button_get_active (self->gfx_auto_port));
  gtk_widget_set_sensitive (GTK_WIDGET (self->gfx_password),
                            gtk_toggle_button_get_active (self->gfx_use_password));
}

static GtkWidget *
build_graphics (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  const char *preferred[] = { "spice", "vnc", NULL };
  GtkWidget *port_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *password_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->gfx_type = offered_combo (graphics_types, G_N_ELEMENTS (graphics_types),
                                  self->caps->graphics_types, preferred);
  yado_wizard_form_row (&form, _("_Type:"), GTK_WIDGET (self->gfx_type));
  self->gfx_listen = combo_new (listen_choices, G_N_ELEMENTS (listen_choices), "");
  yado_wizard_form_row (&form, _("_Listen on:"), GTK_WIDGET (self->gfx_listen));

  self->gfx_port = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (5900, 65535, 1));
  self->gfx_auto_port = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (_("A_uto")));
  gtk_toggle_button_set_active (self->gfx_auto_port, TRUE);
  gtk_box_pack_start (GTK_BOX (port_box), GTK_WIDGET (self->gfx_port), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (port_box), GTK_WIDGET (self->gfx_auto_port), FALSE, FALSE, 0);
  yado_wizard_form_row_with (&form, _("_Port:"), port_box, GTK_WIDGET (self->gfx_port));

  self->gfx_use_password = GTK_TOGGLE_BUTTON (gtk_check_button_new ());
  self->gfx_password = entry_new (NULL);
  gtk_entry_set_visibility (self->gfx_password, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->gfx_password), TRUE);
  gtk_box_pack_start (GTK_BOX (password_box), GTK_WIDGET (self->gfx_use_password), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (password_box), GTK_WIDGET (self->gfx_password), TRUE, TRUE, 0);
  yado_wizard_form_row_with (&form, _("Pa_ssword:"), password_box, GTK_WIDGET (self->gfx_use_password));
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->gfx_use_password)),
                       _("Require a password"));
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->gfx_password)), _("Password"));

  on_gfx_toggles (self);
  g_signal_connect_swapped (self->gfx_auto_port, "toggled", G_CALLBACK (on_gfx_toggles), self);
  g_signal_connect_swapped (self->gfx_use_password, "toggled", G_CALLBACK (on_gfx_toggles), self);
  return page_box (&form);
}

static const Choice sound_models[] = {
  { "ich9", N_("HDA (ICH9)") },
  { "ich6", N_("HDA (ICH6)") },
  { "ac97", N_("AC97") },
  { "usb", N_("USB Audio") },
};

static GtkWidget *
build_sound (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  const char *q35[] = { "ich9", "ich6", NULL };
  const char *pc[] = { "ich6", "ich9", NULL };

  self->sound_model = offered_combo (sound_models, G_N_ELEMENTS (sound_models),
                                     self->caps->sound_models, self->q35 ? q35 : pc);
  yado_wizard_form_row (&form, _("_Model:"), GTK_WIDGET (self->sound_model));
  return page_box (&form);
}

/* ---- Serial, Parallel, Console, Channel ---- */

static const Choice char_types[] = {
  { "pty", N_("Pseudo TTY (pty)") },
  { "unix", N_("UNIX socket (unix)") },
};

static const Choice console_targets[] = {
  { "virtio", N_("VirtIO") },
  { "serial", N_("Serial") },
};

static void
on_char_type_changed (YadoHwCharPage *page)
{
  gboolean unix_socket = g_strcmp0 (active_id (page->type), "unix") == 0;

  gtk_widget_set_visible (page->path_label, unix_socket);
  gtk_widget_set_visible (GTK_WIDGET (page->path), unix_socket);
}

static GtkWidget *
build_char (YadoHwCharPage *page, gboolean console)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  GtkWidget *box;

  page->type = combo_new (char_types, G_N_ELEMENTS (char_types), "pty");
  yado_wizard_form_row (&form, _("Device _type:"), GTK_WIDGET (page->type));
  page->path = entry_new (NULL);
  gtk_entry_set_placeholder_text (page->path, _("Automatic"));
  page->path_label = yado_wizard_form_row (&form, _("_Path:"), GTK_WIDGET (page->path));
  if (console)
    {
      page->target = combo_new (console_targets, G_N_ELEMENTS (console_targets), "virtio");
      yado_wizard_form_row (&form, _("Ta_rget type:"), GTK_WIDGET (page->target));
    }
  box = page_box (&form);
  on_char_type_changed (page);
  g_signal_connect_swapped (page->type, "changed", G_CALLBACK (on_char_type_changed), page);
  return box;
}

static GtkWidget *
build_serial (YadoAddHardwareDialog *self)
{
  return build_char (&self->serial, FALSE);
}

static GtkWidget *
build_parallel (YadoAddHardwareDialog *self)
{
  return build_char (&self->parallel, FALSE);
}

static GtkWidget *
build_console (YadoAddHardwareDialog *self)
{
  return build_char (&self->console, TRUE);
}

static const Choice channel_names[] = {
  { "org.qemu.guest_agent.0", N_("QEMU guest agent (org.qemu.guest_agent.0)") },
  { "com.redhat.spice.0", N_("SPICE agent (com.redhat.spice.0)") },
};

static GtkWidget *
build_channel (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);

  self->channel_name = combo_new (channel_names, G_N_ELEMENTS (channel_names),
                                  "org.qemu.guest_agent.0");
  yado_wizard_form_row (&form, _("_Name:"), GTK_WIDGET (self->channel_name));
  self->channel_error = form_error (self, &form, "name-error");
  g_signal_connect_swapped (self->channel_name, "changed", G_CALLBACK (gtk_widget_hide),
                            self->channel_error);
  yado_wizard_form_note (&form, _("The guest agent reports the guest's addresses and file systems, and "
                      "shuts it down cleanly. The SPICE agent shares the clipboard and resizes "
                      "the guest's screen."));
  return page_box (&form);
}

/* ---- USB and PCI host devices ---- */

static GtkWidget *
build_hostdev (YadoAddHardwareDialog *self, YadoHwHostdevPage *page, YadoNodeDeviceKind kind)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("Host _device:"));
  GtkCellRenderer *renderer;
  GtkTreeViewColumn *column;

  page->kind = kind;
  page->store = gtk_list_store_new (YADO_HW_HOSTDEV_N_COLUMNS, G_TYPE_STRING, G_TYPE_STRING,
                                    G_TYPE_UINT, G_TYPE_STRING);
  page->view = GTK_TREE_VIEW (gtk_tree_view_new_with_model (GTK_TREE_MODEL (page->store)));
  g_object_unref (page->store);   /* the view keeps it */
  gtk_tree_view_set_headers_visible (page->view, FALSE);
  /* A long PCI name is cut at the list's edge: the whole of it on hover. */
  gtk_tree_view_set_tooltip_column (page->view, YADO_HW_HOSTDEV_TOOLTIP);
  renderer = gtk_cell_renderer_text_new ();
  g_object_set (renderer, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  column = gtk_tree_view_column_new_with_attributes (_("Device"), renderer, "text",
                                                     YADO_HW_HOSTDEV_LABEL, NULL);
  gtk_tree_view_column_set_expand (column, TRUE);
  gtk_tree_view_append_column (page->view, column);
  /* Who has it already: the user may still share it, knowingly. */
  renderer = gtk_cell_renderer_text_new ();
  g_object_set (renderer, "style", PANGO_STYLE_ITALIC, "xalign", 1.0, NULL);
  column = gtk_tree_view_column_new_with_attributes (_("In use"), renderer, "text",
                                                     YADO_HW_HOSTDEV_USED, NULL);
  gtk_tree_view_append_column (page->view, column);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (page->view)),
                       kind == YADO_NODE_DEVICE_USB ? _("USB devices") : _("PCI devices"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (page->view));
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled), GTK_SHADOW_IN);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_container_add (GTK_CONTAINER (scrolled), GTK_WIDGET (page->view));
  gtk_box_pack_start (GTK_BOX (box), scrolled, TRUE, TRUE, 0);
  page->status = yado_wizard_small_label (_("Looking for the host's devices…"), "dim-label");
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (page->status), FALSE, FALSE, 0);
  page->error = yado_wizard_small_label ("", "yado-field-error");
  gtk_widget_set_name (GTK_WIDGET (page->error), "device-error");
  gtk_widget_set_no_show_all (GTK_WIDGET (page->error), TRUE);
  g_ptr_array_add (self->error_labels, page->error);
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (page->error), FALSE, FALSE, 0);
  g_signal_connect_swapped (gtk_tree_view_get_selection (page->view), "changed",
                            G_CALLBACK (gtk_widget_hide), page->error);
  gtk_widget_show_all (box);
  return box;
}

static GtkWidget *
build_usb_host (YadoAddHardwareDialog *self)
{
  return build_hostdev (self, &self->usb, YADO_NODE_DEVICE_USB);
}

static GtkWidget *
build_pci_host (YadoAddHardwareDialog *self)
{
  return build_hostdev (self, &self->pci, YADO_NODE_DEVICE_PCI);
}

static void
fill_hostdev_page (YadoAddHardwareDialog *self, YadoHwHostdevPage *page, const GError *error)
{
  guint n = 0;

  gtk_list_store_clear (page->store);
  for (guint i = 0; self->node_devices != NULL && i < self->node_devices->len; i++)
    {
      YadoNodeDevice *device = g_ptr_array_index (self->node_devices, i);
      g_autofree char *label = NULL;
      g_autofree char *users = NULL;
      g_autofree char *used = NULL;
      g_autofree char *tooltip = NULL;

      if (device->kind != page->kind)
        continue;
      label = yado_node_device_get_label (device);
      tooltip = g_markup_escape_text (label, -1);
      if (device->used_by->len > 0)
        {
          g_ptr_array_add (device->used_by, NULL);
          users = g_strjoinv (", ", (char **) device->used_by->pdata);
          g_ptr_array_remove_index (device->used_by, device->used_by->len - 1);
          /* TRANSLATORS: the VMs a host device is given to: "Used by web-server" */
          used = g_strdup_printf (_("Used by %s"), users);
        }
      gtk_list_store_insert_with_values (page->store, NULL, -1, YADO_HW_HOSTDEV_LABEL, label,
                                         YADO_HW_HOSTDEV_USED, used ? used : "",
                                         YADO_HW_HOSTDEV_INDEX, i,
                                         YADO_HW_HOSTDEV_TOOLTIP, tooltip, -1);
      n++;
    }
  if (error != NULL)
    gtk_label_set_text (page->status, error->message);
  else if (n == 0)
    gtk_label_set_text (page->status, page->kind == YADO_NODE_DEVICE_USB
                                      ? _("This host has no USB devices to give a guest.")
                                      : _("This host has no PCI devices to give a guest."));
  gtk_widget_set_visible (GTK_WIDGET (page->status), error != NULL || n == 0);
}

void
yado_hw_fill_hostdevs (YadoAddHardwareDialog *self, const GError *error)
{
  fill_hostdev_page (self, &self->usb, error);
  fill_hostdev_page (self, &self->pci, error);
}

YadoNodeDevice *
yado_hw_selected_hostdev (YadoAddHardwareDialog *self, YadoHwHostdevPage *page)
{
  GtkTreeModel *model;
  GtkTreeIter iter;
  guint index;

  if (self->node_devices == NULL
      || !gtk_tree_selection_get_selected (gtk_tree_view_get_selection (page->view), &model, &iter))
    return NULL;
  gtk_tree_model_get (model, &iter, YADO_HW_HOSTDEV_INDEX, &index, -1);
  return index < self->node_devices->len ? g_ptr_array_index (self->node_devices, index) : NULL;
}

/* ---- Video, Watchdog, Filesystem, Smartcard, USB redirection ---- */

static const Choice video_models[] = {
  { "virtio", N_("Virtio") },
  { "qxl", N_("QXL") },
  { "vga", N_("VGA") },
  { "bochs", N_("Bochs") },
  { "ramfb", N_("Ramfb") },
  { "cirrus", N_("Cirrus") },
  { "vmvga", N_("VMware SVGA") },
  { "none", N_("None") },
};

static void
on_video_model_changed (YadoAddHardwareDialog *self)
{
  gboolean virtio = g_strcmp0 (active_id (self->video_model), "virtio") == 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->video_3d), virtio);
  if (!virtio)
    gtk_toggle_button_set_active (self->video_3d, FALSE);
}

static GtkWidget *
build_video (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  const char *preferred[] = { "virtio", "qxl", "vga", NULL };

  self->video_model = offered_combo (video_models, G_N_ELEMENTS (video_models),
                                     self->caps->video_models, preferred);
  yado_wizard_form_row (&form, _("_Model:"), GTK_WIDGET (self->video_model));
  self->video_3d = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (_("_3D acceleration")));
  gtk_grid_attach (form.grid, GTK_WIDGET (self->video_3d), 1, form.row++, 1, 1);
  on_video_model_changed (self);
  g_signal_connect_swapped (self->video_model, "changed", G_CALLBACK (on_video_model_changed),
                            self);
  return page_box (&form);
}

static const Choice watchdog_models[] = {
  { "i6300esb", N_("I6300ESB") },
  { "ib700", N_("IB700") },
  { "diag288", N_("DIAG288 (s390x)") },
};

static const Choice watchdog_actions[] = {
  { "reset", N_("Forcefully reset the guest") },
  { "shutdown", N_("Gracefully shut down the guest") },
  { "poweroff", N_("Forcefully power off the guest") },
  { "pause", N_("Pause the guest") },
  { "none", N_("No action") },
  { "dump", N_("Dump guest memory core") },
};

static GtkWidget *
build_watchdog (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  gboolean s390 = g_strcmp0 (self->caps->arch, "s390x") == 0;

  self->watchdog_model = combo_new (watchdog_models, G_N_ELEMENTS (watchdog_models),
                                    s390 ? "diag288" : "i6300esb");
  yado_wizard_form_row (&form, _("_Model:"), GTK_WIDGET (self->watchdog_model));
  self->watchdog_action = combo_new (watchdog_actions, G_N_ELEMENTS (watchdog_actions), "reset");
  yado_wizard_form_row (&form, _("Ac_tion:"), GTK_WIDGET (self->watchdog_action));
  return page_box (&form);
}

static const Choice fs_drivers[] = {
  { "virtiofs", N_("virtiofs") },
  { "path", N_("virtio-9p") },
};

static GtkWidget *
build_filesystem (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);

  self->fs_driver = combo_new (fs_drivers, G_N_ELEMENTS (fs_drivers), "virtiofs");
  yado_wizard_form_row (&form, _("_Driver:"), GTK_WIDGET (self->fs_driver));
  yado_wizard_form_note (&form, _("virtiofs needs the VM's memory shared with the host (Memory page)."));
  self->fs_source = entry_new (NULL);
  gtk_entry_set_placeholder_text (self->fs_source, _("/srv/share"));
  yado_wizard_form_row (&form, _("_Source path:"), GTK_WIDGET (self->fs_source));
  self->fs_source_error = form_error (self, &form, "source-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->fs_source), self->fs_source_error);
  self->fs_target = entry_new (NULL);
  gtk_entry_set_placeholder_text (self->fs_target, _("share"));
  yado_wizard_form_row (&form, _("Mount _tag:"), GTK_WIDGET (self->fs_target));
  yado_wizard_form_note (&form, _("The name the guest mounts it by."));
  self->fs_target_error = form_error (self, &form, "target-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->fs_target), self->fs_target_error);
  self->fs_readonly = GTK_TOGGLE_BUTTON (
    gtk_check_button_new_with_mnemonic (_("E_xport file system as read-only mount")));
  gtk_grid_attach (form.grid, GTK_WIDGET (self->fs_readonly), 1, form.row++, 1, 1);
  return page_box (&form);
}

static const Choice smartcard_modes[] = {
  { "passthrough", N_("Passthrough (the client's reader, through SPICE)") },
  { "host", N_("Host (the host's reader)") },
};

static GtkWidget *
build_smartcard (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);

  self->smartcard_mode = combo_new (smartcard_modes, G_N_ELEMENTS (smartcard_modes),
                                    "passthrough");
  yado_wizard_form_row (&form, _("_Mode:"), GTK_WIDGET (self->smartcard_mode));
  self->smartcard_error = form_error (self, &form, "mode-error");
  g_signal_connect_swapped (self->smartcard_mode, "changed", G_CALLBACK (gtk_widget_hide),
                            self->smartcard_error);
  return page_box (&form);
}

static const Choice redir_types[] = {
  { "spicevmc", N_("Spice channel") },
};

static GtkWidget *
build_usb_redir (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);

  self->redir_type = combo_new (redir_types, G_N_ELEMENTS (redir_types), "spicevmc");
  yado_wizard_form_row (&form, _("_Type:"), GTK_WIDGET (self->redir_type));
  self->redir_error = form_error (self, &form, "type-error");
  yado_wizard_form_note (&form, _("Lets a SPICE console give the guest a USB device of the computer it "
                      "runs on."));
  return page_box (&form);
}

/* ---- TPM, RNG, Panic ---- */

static const Choice tpm_types[] = {
  { "emulator", N_("Emulated (TPM 2.0)") },
  { "passthrough", N_("Passthrough (the host's TPM)") },
};

static const Choice tpm_models[] = {
  { "tpm-crb", N_("CRB") },
  { "tpm-tis", N_("TIS") },
};

static void
on_tpm_type_changed (YadoAddHardwareDialog *self)
{
  gboolean passthrough = g_strcmp0 (active_id (self->tpm_type), "passthrough") == 0;

  gtk_widget_set_visible (self->tpm_device_label, passthrough);
  gtk_widget_set_visible (GTK_WIDGET (self->tpm_device), passthrough);
  gtk_widget_hide (GTK_WIDGET (self->tpm_device_error));
}

static GtkWidget *
build_tpm (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  const char *preferred[] = { "tpm-crb", NULL };
  GtkWidget *page;

  self->tpm_type = combo_new (tpm_types, G_N_ELEMENTS (tpm_types), "emulator");
  yado_wizard_form_row (&form, _("_Type:"), GTK_WIDGET (self->tpm_type));
  self->tpm_device = entry_new ("/dev/tpm0");
  self->tpm_device_label = yado_wizard_form_row (&form, _("Device _path:"), GTK_WIDGET (self->tpm_device));
  self->tpm_device_error = form_error (self, &form, "device-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->tpm_device), self->tpm_device_error);
  self->tpm_model = offered_combo (tpm_models, G_N_ELEMENTS (tpm_models),
                                   self->caps->tpm_models, preferred);
  yado_wizard_form_row (&form, _("_Model:"), GTK_WIDGET (self->tpm_model));
  page = page_box (&form);
  on_tpm_type_changed (self);
  g_signal_connect_swapped (self->tpm_type, "changed", G_CALLBACK (on_tpm_type_changed), self);
  return page;
}

static GtkWidget *
build_rng (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);

  self->rng_device = entry_new ("/dev/urandom");
  yado_wizard_form_row (&form, _("Host _device:"), GTK_WIDGET (self->rng_device));
  self->rng_error = form_error (self, &form, "device-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->rng_device), self->rng_error);
  return page_box (&form);
}

static const Choice panic_models[] = {
  { "isa", N_("ISA") },
  { "hyperv", N_("Hyper-V") },
  { "pvpanic", N_("PCI (pvpanic)") },
  { "pseries", N_("pSeries") },
  { "s390", N_("s390") },
};

static GtkWidget *
build_panic (YadoAddHardwareDialog *self)
{
  YadoWizardForm form = yado_wizard_form_new (NULL, NULL);
  const char *arch = self->caps->arch;
  const char *model = "isa";

  /* Each arch has its own notifier. */
  if (g_strcmp0 (arch, "s390x") == 0)
    model = "s390";
  else if (arch != NULL && g_str_has_prefix (arch, "ppc64"))
    model = "pseries";
  else if (arch != NULL && !g_str_has_prefix (arch, "x86") && g_strcmp0 (arch, "i686") != 0)
    model = "pvpanic";
  self->panic_model = combo_new (panic_models, G_N_ELEMENTS (panic_models), model);
  yado_wizard_form_row (&form, _("_Model:"), GTK_WIDGET (self->panic_model));
  return page_box (&form);
}

/* ---- the list ---- */

static const YadoHwPageInfo pages[] = {
  { "storage", N_("Storage"), YADO_DEVICE_DISK, build_storage },
  { "controller", N_("Controller"), YADO_DEVICE_CONTROLLER, build_controller },
  { "network", N_("Network"), YADO_DEVICE_INTERFACE, build_network },
  { "input", N_("Input"), YADO_DEVICE_INPUT, build_input },
  { "graphics", N_("Graphics"), YADO_DEVICE_GRAPHICS, build_graphics },
  { "sound", N_("Sound"), YADO_DEVICE_SOUND, build_sound },
  { "serial", N_("Serial"), YADO_DEVICE_SERIAL, build_serial },
  { "parallel", N_("Parallel"), YADO_DEVICE_PARALLEL, build_parallel },
  { "console", N_("Console"), YADO_DEVICE_CONSOLE, build_console },
  { "channel", N_("Channel"), YADO_DEVICE_CHANNEL, build_channel },
  { "usb-host", N_("USB Host Device"), YADO_DEVICE_HOSTDEV_USB, build_usb_host },
  { "pci-host", N_("PCI Host Device"), YADO_DEVICE_HOSTDEV_PCI, build_pci_host },
  { "video", N_("Video"), YADO_DEVICE_VIDEO, build_video },
  { "watchdog", N_("Watchdog"), YADO_DEVICE_WATCHDOG, build_watchdog },
  { "filesystem", N_("Filesystem"), YADO_DEVICE_FILESYSTEM, build_filesystem },
  { "smartcard", N_("Smartcard"), YADO_DEVICE_SMARTCARD, build_smartcard },
  { "usb-redir", N_("USB Redirection"), YADO_DEVICE_REDIRDEV, build_usb_redir },
  { "tpm", N_("TPM"), YADO_DEVICE_TPM, build_tpm },
  { "rng", N_("RNG"), YADO_DEVICE_RNG, build_rng },
  { "panic", N_("Panic Notifier"), YADO_DEVICE_PANIC, build_panic },
};

const YadoHwPageInfo *
yado_hw_pages (guint *n_pages)
{
  *n_pages = G_N_ELEMENTS (pages);
  return pages;
}

void
yado_hw_build_pages (YadoAddHardwareDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_stack_add_named (self->stack, pages[i].build (self), pages[i].id);
}
