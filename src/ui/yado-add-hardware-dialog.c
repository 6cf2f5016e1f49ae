/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Add New Virtual Hardware: reading what the VM has and what the host
 * offers, then Finish: the page's checks, the new volume, the device's XML
 * and adding it. The pages themselves are in yado-add-hardware-pages.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-add-hardware-private.h"
#include "yado-wizard-form.h"
#include "yado-connection.h"
#include "yado-device-xml.h"
#include "yado-domain-edit.h"
#include "yado-error.h"
#include "yado-format.h"
#include "yado-storage-volume.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)

G_DEFINE_FINAL_TYPE (YadoAddHardwareDialog, yado_add_hardware_dialog, GTK_TYPE_DIALOG)

enum { SIGNAL_DEVICE_ADDED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- state ---- */

static void
set_busy (YadoAddHardwareDialog *self, const char *status)
{
  self->busy = status != NULL;
  gtk_label_set_text (self->status_label, status ? status : "");
  if (self->busy)
    gtk_spinner_start (self->status_spinner);
  else
    gtk_spinner_stop (self->status_spinner);
  gtk_widget_set_sensitive (self->finish_button, self->ready && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_list), !self->busy);
}

static void
show_error (YadoAddHardwareDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_bar));
}

static void
on_error_bar_response (YadoAddHardwareDialog *self, int response)
{
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

static void
clear_errors (YadoAddHardwareDialog *self)
{
  for (guint i = 0; i < self->error_labels->len; i++)
    gtk_widget_hide (g_ptr_array_index (self->error_labels, i));
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

/* Whether an answer still has a dialog to go to. */
static gboolean
still_open (YadoAddHardwareDialog *self, const GError *error)
{
  return !self->disposed && !g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED);
}

static const char *
current_page (YadoAddHardwareDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* ---- the host's devices, listed when their page is first shown ---- */

static void
on_node_devices_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *devices = yado_connection_list_node_devices_finish (YADO_CONNECTION (source),
                                                                 result, &error);

  if (!still_open (self, error))
    {
      g_clear_pointer (&devices, g_ptr_array_unref);
      return;
    }
  self->node_devices = devices;
  yado_hw_fill_hostdevs (self, error);
}

static void
list_node_devices (YadoAddHardwareDialog *self)
{
  if (self->node_devices_asked || self->connection == NULL)
    return;
  self->node_devices_asked = TRUE;
  yado_connection_list_node_devices_async (self->connection, self->cancellable,
                                           on_node_devices_listed, g_object_ref (self));
}

/* ---- the type list ---- */

static void
show_page (YadoAddHardwareDialog *self, const char *id)
{
  guint n;
  const YadoHwPageInfo *pages = yado_hw_pages (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (pages[i].id, id))
      gtk_label_set_text (self->page_title, _(pages[i].title));
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
  if (!self->ready)
    return;
  gtk_stack_set_visible_child_name (self->stack, id);
  if (g_str_equal (id, "usb-host") || g_str_equal (id, "pci-host"))
    list_node_devices (self);
}

static void
on_type_selected (YadoAddHardwareDialog *self, GtkListBoxRow *row)
{
  if (row != NULL)
    show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
add_type_rows (YadoAddHardwareDialog *self)
{
  guint n;
  const YadoHwPageInfo *pages = yado_hw_pages (&n);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      const char *icon_name = yado_device_kind_get_icon_name (pages[i].kind);
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name, GTK_ICON_SIZE_MENU);
      GtkWidget *label = gtk_label_new (_(pages[i].title));

      gtk_widget_set_name (row, pages[i].id);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      g_object_set (box, "margin-start", 10, "margin-end", 10, "margin-top", 4,
                    "margin-bottom", 4, NULL);
      gtk_box_pack_start (GTK_BOX (box), icon, FALSE, FALSE, 0);
      gtk_box_pack_start (GTK_BOX (box), label, TRUE, TRUE, 0);
      gtk_container_add (GTK_CONTAINER (row), box);
      atk_object_set_name (gtk_widget_get_accessible (row), _(pages[i].title));
      gtk_widget_show_all (row);
      gtk_list_box_insert (self->type_list, row, -1);
    }
}

static GtkListBoxRow *
find_type_row (YadoAddHardwareDialog *self, const char *id)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->type_list, i);

      if (row == NULL || g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), id) == 0)
        return row;
    }
}

gboolean
yado_add_hardware_dialog_select_page (YadoAddHardwareDialog *self, const char *page)
{
  GtkListBoxRow *row = find_type_row (self, page);

  if (row != NULL)
    gtk_list_box_select_row (self->type_list, row);
  return row != NULL;
}

/* ---- loading: the VM's definition, then what the host offers ---- */

static void
on_caps_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  YadoHostCaps *caps = yado_connection_fetch_host_caps_finish (YADO_CONNECTION (source), result,
                                                               &error);
  GtkListBoxRow *row;

  if (!still_open (self, error))
    {
      yado_host_caps_free (caps);
      return;
    }
  /* Without the host's word, the usual choices still make a device. */
  if (caps == NULL)
    {
      g_warning ("Could not read what the host offers: %s", error->message);
      caps = yado_host_caps_new ();
      yado_host_caps_add_defaults (caps);
    }
  self->caps = caps;
  yado_hw_build_pages (self);
  self->ready = TRUE;
  set_busy (self, NULL);
  row = gtk_list_box_get_selected_row (self->type_list);
  show_page (self, row ? gtk_widget_get_name (GTK_WIDGET (row)) : "storage");
}

static gboolean
has_spice (YadoDomainConfig *config)
{
  for (guint i = 0; i < yado_domain_config_get_n_devices (config); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (config, i);
      g_autofree char *type = yado_xml_node_get (device, "@type");

      if (yado_device_get_kind (device) == YADO_DEVICE_GRAPHICS && g_strcmp0 (type, "spice") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_xml_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoDomainXml) xml = yado_domain_fetch_xml_finish (YADO_DOMAIN (source), result,
                                                               &error);
  xmlNodePtr root;
  g_autofree char *virttype = NULL;
  g_autofree char *arch = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *emulator = NULL;

  if (!still_open (self, error))
    return;
  if (xml != NULL)
    self->config = yado_domain_config_new (xml->inactive, &error);
  if (self->config == NULL)
    {
      set_busy (self, NULL);
      show_error (self, error->message);
      return;
    }
  root = yado_domain_config_get_root (self->config);
  virttype = yado_xml_node_get (root, "@type");
  arch = yado_xml_node_get (root, "os/type/@arch");
  machine = yado_xml_node_get (root, "os/type/@machine");
  emulator = yado_xml_node_get (root, "devices/emulator");
  /* Q35 (or a driver that does not say): SATA CD-ROMs, ICH9 sound. */
  self->q35 = machine == NULL || strstr (machine, "q35") != NULL;
  self->has_spice = has_spice (self->config);
  yado_connection_fetch_host_caps_async (self->connection, emulator, arch, machine, virttype,
                                         self->cancellable, on_caps_fetched, g_object_ref (self));
}

/* ---- Finish: the page's checks ---- */

static const char *
combo_id (GtkComboBoxText *combo)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

  return id != NULL && *id != '\0' ? id : NULL;
}

static const char *
entry_text (GtkEntry *entry)
{
  const char *text = gtk_entry_get_text (entry);

  return *text != '\0' ? text : NULL;
}

static gboolean
connection_is_local (YadoAddHardwareDialog *self)
{
  return !yado_connection_is_remote (self->connection);
}

/* An existing file or directory on this computer; on a remote host,
 * libvirt (or the pool's volumes) will say. */
static gboolean
check_path (YadoAddHardwareDialog *self, GtkEntry *entry, GtkLabel *error, gboolean required,
            const char *missing_message)
{
  const char *path = gtk_entry_get_text (entry);

  if (*path == '\0')
    {
      if (required)
        yado_wizard_show_message (error, missing_message);
      return !required;
    }
  if (!g_path_is_absolute (path))
    {
      yado_wizard_show_message (error, _("Enter a full path, starting with “/”."));
      return FALSE;
    }
  if (connection_is_local (self) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("There is no “%s” on this computer."),
                                                  path);

      yado_wizard_show_message (error, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_storage (YadoAddHardwareDialog *self)
{
  YadoStoragePool *pool;
  guint64 bytes;

  if (!gtk_toggle_button_get_active (self->disk_create))
    /* A CD-ROM or floppy drive may start empty. */
    return check_path (self, self->disk_path, self->disk_path_error,
                       g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->disk_device)),
                                  "disk") == 0,
                       _("Enter the path of a disk image."));
  pool = yado_hw_selected_pool (self);
  if (pool == NULL)
    {
      yado_wizard_show_message (self->disk_pool_error, _("Choose a storage pool."));
      return FALSE;
    }
  gtk_spin_button_update (self->disk_size);
  bytes = (guint64) (gtk_spin_button_get_value (self->disk_size) * GIB);
  if (bytes == 0)
    {
      yado_wizard_show_message (self->disk_size_error, _("The size must be more than 0 GiB."));
      return FALSE;
    }
  if (bytes > yado_storage_pool_get_available (pool))
    {
      g_autofree char *available = yado_format_bytes (yado_storage_pool_get_available (pool));
      g_autofree char *message = g_strdup_printf (_("“%s” has only %s free."),
                                                  yado_storage_pool_get_name (pool), available);

      yado_wizard_show_message (self->disk_size_error, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  return *g_strstrip (copy) == '\0';
}

static gboolean
check_network (YadoAddHardwareDialog *self)
{
  const char *source = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->net_source));
  gboolean ok = TRUE;

  if (source == NULL)
    {
      yado_wizard_show_message (self->net_source_error, _("Choose where the NIC connects to."));
      ok = FALSE;
    }
  else if (!g_str_has_prefix (source, "network:")
           && is_blank (gtk_entry_get_text (self->net_device)))
    {
      yado_wizard_show_message (self->net_device_error,
                                g_str_equal (source, "bridge")
                                ? _("Enter the name of a bridge on the host, such as br0.")
                                : _("Enter the name of a network interface on the host, "
                                    "such as eth0."));
      ok = FALSE;
    }
  if (!yado_mac_is_valid (gtk_entry_get_text (self->net_mac)))
    {
      yado_wizard_show_message (self->net_mac_error,
                                _("Not a MAC address: six pairs of hex digits, such as "
                                  "52:54:00:12:34:56 (not a multicast one)."));
      ok = FALSE;
    }
  return ok;
}

static gboolean
check_required (GtkEntry *entry, GtkLabel *error, const char *message)
{
  if (*gtk_entry_get_text (entry) != '\0')
    return TRUE;
  yado_wizard_show_message (error, message);
  return FALSE;
}

static gboolean
check_hostdev (YadoAddHardwareDialog *self, YadoHwHostdevPage *page)
{
  if (yado_hw_selected_hostdev (self, page) != NULL)
    return TRUE;
  yado_wizard_show_message (page->error, _("Choose a device from the list."));
  return FALSE;
}

/* A device that talks through SPICE (its agent's channel, USB
 * redirection, a client's smartcard) needs a SPICE display. */
static gboolean
check_spice (YadoAddHardwareDialog *self, GtkLabel *error)
{
  if (self->has_spice)
    return TRUE;
  yado_wizard_show_message (error, _("This needs a SPICE display, which this virtual machine "
                                     "does not have: add one first (Graphics)."));
  return FALSE;
}

/* Checks that need no host: the field's message for each problem. */
static gboolean
check_page (YadoAddHardwareDialog *self, const char *page)
{
  if (g_str_equal (page, "storage"))
    return check_storage (self);
  if (g_str_equal (page, "network"))
    return check_network (self);
  if (g_str_equal (page, "usb-host"))
    return check_hostdev (self, &self->usb);
  if (g_str_equal (page, "pci-host"))
    return check_hostdev (self, &self->pci);
  if (g_str_equal (page, "filesystem"))
    {
      gboolean source = check_path (self, self->fs_source, self->fs_source_error, TRUE,
                                    _("Enter the host directory to share."));

      return check_required (self->fs_target, self->fs_target_error,
                             _("Enter the name the guest mounts it by.")) && source;
    }
  if (g_str_equal (page, "tpm")
      && g_strcmp0 (combo_id (self->tpm_type), "passthrough") == 0)
    return check_path (self, self->tpm_device, self->tpm_device_error, TRUE,
                       _("Enter the host's TPM device, such as /dev/tpm0."));
  if (g_str_equal (page, "channel")
      && g_strcmp0 (combo_id (self->channel_name), "com.redhat.spice.0") == 0)
    return check_spice (self, self->channel_error);
  if (g_str_equal (page, "usb-redir"))
    return check_spice (self, self->redir_error);
  if (g_str_equal (page, "smartcard")
      && g_strcmp0 (combo_id (self->smartcard_mode), "passthrough") == 0)
    return check_spice (self, self->smartcard_error);
  if (g_str_equal (page, "rng"))
    return check_path (self, self->rng_device, self->rng_error, TRUE,
                       _("Enter the host's random number source, such as /dev/urandom."));
  return TRUE;
}

/* ---- Finish: the device's XML ---- */

/* The first target name free for @bus in the VM's definition. */
static char *
next_disk_target (YadoAddHardwareDialog *self, const char *bus)
{
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < yado_domain_config_get_n_devices (self->config); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (self->config, i);
      char *target = yado_xml_node_get (device, "target/@dev");

      if (xmlStrcmp (device->name, BAD_CAST "disk") == 0 && target != NULL)
        g_ptr_array_add (used, target);
      else
        g_free (target);
    }
  g_ptr_array_add (used, NULL);
  return yado_disk_target_next (bus, (const char *const *) used->pdata);
}

static char *
storage_xml (YadoAddHardwareDialog *self, const char *path)
{
  const char *bus = combo_id (self->disk_bus);
  g_autofree char *target = next_disk_target (self, bus);
  const char *device = combo_id (self->disk_device);
  const char *format = NULL;
  YadoDiskSpec spec = {
    .device = device, .path = path, .bus = bus, .target = target,
    .cache = combo_id (self->disk_cache),
  };

  if (gtk_toggle_button_get_active (self->disk_create))
    format = combo_id (self->disk_format);
  else if (path != NULL && g_strcmp0 (device, "disk") != 0)
    format = "raw";   /* ISO images and floppy images */
  spec.format = format;
  return yado_device_xml_disk (&spec);
}

static char *
network_xml (YadoAddHardwareDialog *self)
{
  const char *source = combo_id (self->net_source);
  g_autofree char *mac = yado_mac_normalize (gtk_entry_get_text (self->net_mac));
  g_autofree char *device = g_strdup (gtk_entry_get_text (self->net_device));
  YadoInterfaceSpec spec = { .model = combo_id (self->net_model), .mac = mac };

  if (g_str_has_prefix (source, "network:"))
    {
      spec.type = "network";
      spec.source = source + strlen ("network:");
    }
  else
    {
      spec.type = source;   /* "bridge" or "direct" */
      spec.source = g_strstrip (device);
    }
  return yado_device_xml_interface (&spec);
}

static char *
char_xml (YadoHwCharPage *page, const char *element)
{
  YadoCharSpec spec = {
    .element = element, .type = combo_id (page->type), .path = entry_text (page->path),
    .target_type = page->target ? combo_id (page->target) : NULL,
  };

  return yado_device_xml_char (&spec);
}

static char *
hostdev_xml (YadoAddHardwareDialog *self, YadoHwHostdevPage *page)
{
  YadoNodeDevice *device = yado_hw_selected_hostdev (self, page);

  if (device->kind == YADO_NODE_DEVICE_USB)
    return yado_device_xml_usb_host (device->vendor_id, device->product_id);
  return yado_device_xml_pci_host (device->pci_domain, device->pci_bus, device->pci_slot,
                                   device->pci_function);
}

static char *
graphics_xml (YadoAddHardwareDialog *self)
{
  YadoGraphicsSpec spec = {
    .type = combo_id (self->gfx_type), .listen = combo_id (self->gfx_listen), .port = -1,
  };

  if (!gtk_toggle_button_get_active (self->gfx_auto_port))
    spec.port = gtk_spin_button_get_value_as_int (self->gfx_port);
  if (gtk_toggle_button_get_active (self->gfx_use_password))
    spec.password = gtk_entry_get_text (self->gfx_password);
  return yado_device_xml_graphics (&spec);
}

static char *
filesystem_xml (YadoAddHardwareDialog *self)
{
  YadoFilesystemSpec spec = {
    .driver = combo_id (self->fs_driver), .source_dir = gtk_entry_get_text (self->fs_source),
    .target = gtk_entry_get_text (self->fs_target),
    .readonly = gtk_toggle_button_get_active (self->fs_readonly),
  };

  return yado_device_xml_filesystem (&spec);
}

static char *
input_xml (YadoAddHardwareDialog *self)
{
  g_auto(GStrv) parts = g_strsplit (combo_id (self->input_type), ":", 2);

  return yado_device_xml_input (parts[0], parts[1]);
}

static char *
channel_xml (YadoAddHardwareDialog *self)
{
  if (g_strcmp0 (combo_id (self->channel_name), "com.redhat.spice.0") == 0)
    return yado_device_xml_spice_agent_channel ();
  return yado_device_xml_guest_agent_channel ();
}

static char *
tpm_xml (YadoAddHardwareDialog *self)
{
  gboolean passthrough = g_strcmp0 (combo_id (self->tpm_type), "passthrough") == 0;

  return yado_device_xml_tpm (combo_id (self->tpm_model),
                              passthrough ? gtk_entry_get_text (self->tpm_device) : NULL);
}

/* The XML of the device the page describes (every page but a new
 * volume's Storage, whose path comes from the pool). */
static char *
page_xml (YadoAddHardwareDialog *self, const char *page)
{
  if (g_str_equal (page, "storage"))
    return storage_xml (self, entry_text (self->disk_path));
  if (g_str_equal (page, "network"))
    return network_xml (self);
  if (g_str_equal (page, "controller"))
    return yado_device_xml_controller (combo_id (self->controller_type),
                                       combo_id (self->controller_model));
  if (g_str_equal (page, "input"))
    return input_xml (self);
  if (g_str_equal (page, "graphics"))
    return graphics_xml (self);
  if (g_str_equal (page, "sound"))
    return yado_device_xml_sound (combo_id (self->sound_model));
  if (g_str_equal (page, "serial"))
    return char_xml (&self->serial, "serial");
  if (g_str_equal (page, "parallel"))
    return char_xml (&self->parallel, "parallel");
  if (g_str_equal (page, "console"))
    return char_xml (&self->console, "console");
  if (g_str_equal (page, "channel"))
    return channel_xml (self);
  if (g_str_equal (page, "usb-host"))
    return hostdev_xml (self, &self->usb);
  if (g_str_equal (page, "pci-host"))
    return hostdev_xml (self, &self->pci);
  if (g_str_equal (page, "video"))
    return yado_device_xml_video (combo_id (self->video_model),
                                  gtk_toggle_button_get_active (self->video_3d));
  if (g_str_equal (page, "watchdog"))
    return yado_device_xml_watchdog (combo_id (self->watchdog_model),
                                     combo_id (self->watchdog_action));
  if (g_str_equal (page, "filesystem"))
    return filesystem_xml (self);
  if (g_str_equal (page, "smartcard"))
    return yado_device_xml_smartcard (combo_id (self->smartcard_mode));
  if (g_str_equal (page, "usb-redir"))
    return yado_device_xml_usb_redir ();
  if (g_str_equal (page, "tpm"))
    return tpm_xml (self);
  if (g_str_equal (page, "rng"))
    return yado_device_xml_rng (gtk_entry_get_text (self->rng_device));
  if (g_str_equal (page, "panic"))
    return yado_device_xml_panic (combo_id (self->panic_model));
  g_return_val_if_reached (NULL);
}

/* ---- Finish: adding it ---- */

static void
on_volume_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yado_storage_pool_delete_volume_finish (YADO_STORAGE_POOL (source), result, &error))
    g_warning ("%s", error->message);
}

/* libvirt refused: say why, and take back the volume made for it. */
static void
fail (YadoAddHardwareDialog *self, const char *message)
{
  if (self->created_volume != NULL)
    yado_storage_pool_delete_volume_async (self->created_pool, self->created_volume, NULL,
                                           on_volume_deleted, NULL);
  g_clear_object (&self->created_pool);
  g_clear_pointer (&self->created_volume, g_free);
  set_busy (self, NULL);
  show_error (self, message);
}

static void
done (YadoAddHardwareDialog *self, const char *live_error)
{
  g_clear_object (&self->created_pool);
  g_clear_pointer (&self->created_volume, g_free);
  set_busy (self, NULL);
  g_signal_emit (self, signals[SIGNAL_DEVICE_ADDED], 0, live_error);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
on_attached (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *live_error = NULL;

  if (yado_domain_attach_device_finish (YADO_DOMAIN (source), result, &live_error, &error))
    {
      if (!self->disposed)
        done (self, live_error);
      return;
    }
  /* The model adds the device as a new definition where the driver cannot
   * attach it (yado-domain-edit.c): an error here is libvirt's refusal. */
  if (!still_open (self, error))
    return;
  fail (self, error->message);
}

static void
attach (YadoAddHardwareDialog *self, char *xml)
{
  g_autofree char *owned = xml;

  set_busy (self, _("Adding the device…"));
  yado_domain_attach_device_async (self->domain, owned, TRUE, self->cancellable, on_attached,
                                   g_object_ref (self));
}

static void
on_volume_created (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = yado_storage_pool_create_volume_finish (YADO_STORAGE_POOL (source),
                                                                  result, &error);

  if (!still_open (self, error))
    return;
  if (path == NULL)
    {
      fail (self, error->message);
      return;
    }
  attach (self, storage_xml (self, path));
}

/* "web.qcow2", else "web-1.qcow2", "web-2.qcow2" ...: the first name the
 * pool does not have. */
static char *
free_volume_name (YadoAddHardwareDialog *self, GPtrArray *volumes, const char *format)
{
  const char *extension = g_strcmp0 (format, "qcow2") == 0 ? "qcow2" : "img";

  for (guint n = 0;; n++)
    {
      g_autofree char *name = n == 0
        ? g_strdup_printf ("%s.%s", yado_domain_get_name (self->domain), extension)
        : g_strdup_printf ("%s-%u.%s", yado_domain_get_name (self->domain), n, extension);
      gboolean taken = FALSE;

      for (guint i = 0; i < volumes->len && !taken; i++)
        taken = g_strcmp0 (yado_storage_volume_get_name (g_ptr_array_index (volumes, i)),
                           name) == 0;
      if (!taken)
        return g_steal_pointer (&name);
    }
}

static void
on_volumes_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoAddHardwareDialog) self = user_data;
  YadoStoragePool *pool = YADO_STORAGE_POOL (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volumes = yado_storage_pool_list_volumes_finish (pool, result, &error);
  const char *format = combo_id (self->disk_format);
  guint64 bytes = (guint64) (gtk_spin_button_get_value (self->disk_size) * GIB);

  if (!still_open (self, error))
    return;
  if (volumes == NULL)
    {
      fail (self, error->message);
      return;
    }
  self->created_pool = g_object_ref (pool);
  self->created_volume = free_volume_name (self, volumes, format);
  set_busy (self, _("Creating the disk image…"));
  yado_storage_pool_create_volume_async (pool, self->created_volume, bytes, format,
                                         self->cancellable, on_volume_created,
                                         g_object_ref (self));
}

static void
create_volume_then_attach (YadoAddHardwareDialog *self)
{
  set_busy (self, _("Creating the disk image…"));
  yado_storage_pool_list_volumes_async (yado_hw_selected_pool (self), self->cancellable,
                                        on_volumes_listed, g_object_ref (self));
}

static void
on_mac_users (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = yado_connection_find_mac_users_finish (YADO_CONNECTION (source),
                                                                      result, &error);

  if (!still_open (self, error))
    return;
  if (users == NULL)
    {
      fail (self, error->message);
      return;
    }
  if (users->len > 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” has a NIC with this MAC address "
                                                    "already."),
                                                  (char *) g_ptr_array_index (users, 0));

      set_busy (self, NULL);
      yado_wizard_show_message (self->net_mac_error, message);
      return;
    }
  attach (self, network_xml (self));
}

static void
finish (YadoAddHardwareDialog *self)
{
  const char *page = current_page (self);

  if (!self->ready || self->busy)
    return;
  clear_errors (self);
  if (self->connection == NULL)
    {
      show_error (self, _("The connection is closed."));
      return;
    }
  if (!check_page (self, page))
    return;
  if (g_str_equal (page, "network"))
    {
      /* No two NICs on a host may share a MAC: ask every VM's definition. */
      g_autofree char *mac = yado_mac_normalize (gtk_entry_get_text (self->net_mac));

      set_busy (self, _("Checking the MAC address…"));
      yado_connection_find_mac_users_async (self->connection, mac, self->cancellable,
                                            on_mac_users, g_object_ref (self));
    }
  else if (g_str_equal (page, "storage") && gtk_toggle_button_get_active (self->disk_create))
    create_volume_then_attach (self);
  else
    attach (self, page_xml (self, page));
}

/* ---- the dialog ---- */

static void
yado_add_hardware_dialog_response (GtkDialog *dialog, int response)
{
  YadoAddHardwareDialog *self = YADO_ADD_HARDWARE_DIALOG (dialog);

  if (response == GTK_RESPONSE_OK)
    finish (self);
  else
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
yado_add_hardware_dialog_dispose (GObject *object)
{
  YadoAddHardwareDialog *self = YADO_ADD_HARDWARE_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->networks_handler,
                              yado_connection_get_networks (self->connection));
      g_clear_signal_handler (&self->pools_handler,
                              yado_connection_get_storage_pools (self->connection));
    }
  g_clear_weak_pointer (&self->connection);
  G_OBJECT_CLASS (yado_add_hardware_dialog_parent_class)->dispose (object);
}

static void
yado_add_hardware_dialog_finalize (GObject *object)
{
  YadoAddHardwareDialog *self = YADO_ADD_HARDWARE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->domain);
  g_clear_pointer (&self->config, yado_domain_config_free);
  g_clear_pointer (&self->caps, yado_host_caps_free);
  g_clear_pointer (&self->node_devices, g_ptr_array_unref);
  g_clear_pointer (&self->error_labels, g_ptr_array_unref);
  g_clear_pointer (&self->disk_create_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->disk_custom_widgets, g_ptr_array_unref);
  g_clear_object (&self->created_pool);
  g_free (self->created_volume);
  G_OBJECT_CLASS (yado_add_hardware_dialog_parent_class)->finalize (object);
}

static void
yado_add_hardware_dialog_class_init (YadoAddHardwareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yado_add_hardware_dialog_dispose;
  object_class->finalize = yado_add_hardware_dialog_finalize;
  GTK_DIALOG_CLASS (klass)->response = yado_add_hardware_dialog_response;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-add-hardware-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, type_list);
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, page_title);
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, YadoAddHardwareDialog, finish_button);
  gtk_widget_class_bind_template_callback (widget_class, on_type_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);

  signals[SIGNAL_DEVICE_ADDED] = g_signal_new ("device-added", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
yado_add_hardware_dialog_init (YadoAddHardwareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->error_labels = g_ptr_array_new ();
  add_type_rows (self);
}

YadoAddHardwareDialog *
yado_add_hardware_dialog_new (GtkWindow *parent, YadoDomain *domain)
{
  YadoAddHardwareDialog *self = g_object_new (YADO_TYPE_ADD_HARDWARE_DIALOG,
                                              "transient-for", parent, "use-header-bar", FALSE,
                                              NULL);

  self->domain = g_object_ref (domain);
  g_set_weak_pointer (&self->connection, yado_domain_get_connection (domain));
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  yado_add_hardware_dialog_select_page (self, "storage");
  if (self->connection == NULL)
    {
      show_error (self, _("The connection is not open."));
      return self;
    }
  self->networks_handler = g_signal_connect_swapped (
    yado_connection_get_networks (self->connection), "items-changed",
    G_CALLBACK (yado_hw_refill_networks), self);
  self->pools_handler = g_signal_connect_swapped (
    yado_connection_get_storage_pools (self->connection), "items-changed",
    G_CALLBACK (yado_hw_refill_pools), self);
  yado_domain_fetch_xml_async (domain, self->cancellable, on_xml_fetched, g_object_ref (self));
  return self;
}

gboolean
yado_add_hardware_dialog_get_ready (YadoAddHardwareDialog *self)
{
  return self->ready;
}

gboolean
yado_add_hardware_dialog_get_busy (YadoAddHardwareDialog *self)
{
  return self->busy;
}
