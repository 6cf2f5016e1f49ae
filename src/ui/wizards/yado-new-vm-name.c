/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Step 5: the name (after the OS, unique on the host, checked as it is
 * typed), a summary of the steps before, the network (a virtual network of
 * the host, a bridge, macvtap on a host device, user-mode networking on a
 * session connection, or none), the MAC (generated, editable) and
 * "Customize configuration before install".
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-device-xml.h"
#include "yado-domain.h"
#include "yado-format.h"
#include "yado-network.h"
#include "yado-new-vm-wizard-private.h"

static const char *
active_id (GtkComboBoxText *combo)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

  return id != NULL && *id != '\0' ? id : NULL;
}

/* ---- the name ---- */

static gboolean
name_taken (YadoNewVmWizard *self, const char *name)
{
  GListModel *domains;

  if (self->connection == NULL)
    return FALSE;
  domains = yado_connection_get_domains (self->connection);
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(YadoDomain) domain = g_list_model_get_item (domains, i);

      if (g_strcmp0 (yado_domain_get_name (domain), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* What libvirt refuses in a name: "/" (it names files after it) and
 * control characters. */
static gboolean
has_bad_characters (const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || g_unichar_iscntrl (c))
        return TRUE;
    }
  return FALSE;
}

gboolean
yado_nvw_name_check_name (YadoNewVmWizard *self)
{
  const char *name = gtk_entry_get_text (self->name_entry);
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  g_autofree char *message = NULL;

  if (*stripped == '\0')
    message = g_strdup (_("Enter a name."));
  else if (has_bad_characters (name))
    message = g_strdup (_("A name cannot have “/” or control characters in it."));
  else if (!g_str_equal (stripped, name))
    message = g_strdup (_("A name cannot start or end with a space."));
  else if (name_taken (self, name))
    message = g_strdup_printf (_("This host has a virtual machine called “%s” already: choose "
                                 "another name."), name);
  yado_wizard_show_message (self->name_error, message);
  return message == NULL;
}

/* "debian11", else "debian11-2", "debian11-3"...: the first the host does
 * not have. */
char *
yado_nvw_name_suggest (YadoNewVmWizard *self)
{
  g_autofree char *base = yado_nvw_os_short_name (self);

  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);

      if (!name_taken (self, name))
        return g_steal_pointer (&name);
    }
}

static void
on_name_changed (YadoNewVmWizard *self)
{
  self->name_edited = TRUE;
  yado_nvw_name_check_name (self);
}

/* ---- the network ---- */

static char *
network_label (YadoNetwork *network)
{
  const char *mode = yado_network_get_forward_mode (network);
  const char *how = mode == NULL ? _("isolated")
                  : g_str_equal (mode, "nat") ? _("NAT")
                  : g_str_equal (mode, "route") ? _("routed")
                  : g_str_equal (mode, "bridge") ? _("bridged")
                  : g_str_equal (mode, "open") ? _("open")
                  : mode;

  /* TRANSLATORS: "Virtual network “default”: NAT" */
  return g_strdup_printf (_("Virtual network “%s”: %s"), yado_network_get_name (network), how);
}

static void
on_net_changed (YadoNewVmWizard *self)
{
  const char *id = active_id (self->net_combo);
  gboolean device = g_strcmp0 (id, "bridge") == 0 || g_strcmp0 (id, "direct") == 0;
  gboolean nic = id != NULL && !g_str_equal (id, "none");

  gtk_widget_set_visible (self->net_device_label, device);
  gtk_widget_set_visible (GTK_WIDGET (self->net_device), device);
  if (!device)
    gtk_widget_hide (GTK_WIDGET (self->net_device_error));
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->net_device_label),
                                    g_strcmp0 (id, "direct") == 0 ? _("Host _device:")
                                                                  : _("_Bridge:"));
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->net_device)),
                       g_strcmp0 (id, "direct") == 0 ? _("Host device") : _("Bridge"));
  gtk_entry_set_placeholder_text (self->net_device, g_strcmp0 (id, "direct") == 0 ? "eth0"
                                                                                 : "br0");
  gtk_widget_set_sensitive (GTK_WIDGET (self->mac_entry), nic);
  if (!nic)
    gtk_widget_hide (GTK_WIDGET (self->mac_error));
}

/* The network the NIC goes on by default: the PXE network; else "default",
 * any virtual network, user-mode networking on a session (where a PXE boot
 * with no network_boot boots), a bridge. */
static void
select_default_network (YadoNewVmWizard *self)
{
  g_autofree char *pxe = self->vm->network_boot
                         ? g_strconcat ("network:", self->vm->network_boot, NULL) : NULL;
  GtkComboBox *combo = GTK_COMBO_BOX (self->net_combo);

  if (pxe != NULL && gtk_combo_box_set_active_id (combo, pxe))
    return;
  if (gtk_combo_box_set_active_id (combo, "network:default"))
    return;
  if (g_str_has_prefix (gtk_combo_box_get_active_id (combo) ?: "", "network:"))
    return;
  gtk_combo_box_set_active (combo, 0);
  if (g_str_has_prefix (gtk_combo_box_get_active_id (combo) ?: "", "network:"))
    return;
  if (!gtk_combo_box_set_active_id (combo, "user"))
    gtk_combo_box_set_active_id (combo, "bridge");
}

void
yado_nvw_name_refill_networks (YadoNewVmWizard *self)
{
  g_autofree char *chosen = NULL;
  GListModel *networks;

  if (self->disposed || self->net_combo == NULL)
    return;
  chosen = g_strdup (active_id (self->net_combo));
  gtk_combo_box_text_remove_all (self->net_combo);
  if (self->connection != NULL)
    {
      networks = yado_connection_get_networks (self->connection);
      for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
        {
          g_autoptr(YadoNetwork) network = g_list_model_get_item (networks, i);
          g_autofree char *id = g_strconcat ("network:", yado_network_get_name (network), NULL);
          g_autofree char *label = network_label (network);

          gtk_combo_box_text_append (self->net_combo, id, label);
        }
    }
  gtk_combo_box_text_append (self->net_combo, "bridge", _("Bridge device…"));
  gtk_combo_box_text_append (self->net_combo, "direct", _("Host device (macvtap)…"));
  /* A session's QEMU cannot make taps: only user-mode networking there. */
  if (yado_nvw_is_session (self))
    gtk_combo_box_text_append (self->net_combo, "user", _("User-mode networking"));
  gtk_combo_box_text_append (self->net_combo, "none", _("No network"));
  if (chosen == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->net_combo), chosen))
    select_default_network (self);
}

static void
on_mac_changed (YadoNewVmWizard *self)
{
  gboolean valid = yado_mac_is_valid (gtk_entry_get_text (self->mac_entry));

  yado_wizard_show_message (self->mac_error,
                            valid ? NULL
                            : _("Not a MAC address: six pairs of hex digits, such as "
                                "52:54:00:12:34:56 (not a multicast one)."));
}

/* ---- the summary ---- */

static char *
describe_install (const YadoNewVm *vm)
{
  switch (vm->method)
    {
    case YADO_INSTALL_ISO:
      return g_strdup_printf (_("Local media: %s"), vm->media_path);
    case YADO_INSTALL_URL:
      return g_strdup_printf (_("Network install: %s"), vm->install_url);
    case YADO_INSTALL_PXE:
      if (vm->network_boot == NULL)
        return g_strdup (_("Network boot (PXE) with user-mode networking"));
      return g_strdup_printf (_("Network boot (PXE) from “%s”"), vm->network_boot);
    case YADO_INSTALL_IMPORT:
      return g_strdup_printf (_("Existing disk image: %s"), vm->media_path);
    case YADO_INSTALL_CLOUD_IMAGE:
      return g_strdup_printf (_("Cloud image: %s"), vm->media_path);
    case YADO_INSTALL_MANUAL:
    default:
      return g_strdup (_("Manual (no media)"));
    }
}

static char *
describe_storage (const YadoNewVm *vm)
{
  switch (vm->disk)
    {
    case YADO_DISK_NEW:
      /* TRANSLATORS: "20 GiB, qcow2, in the pool “default”" */
      return g_strdup_printf (_("%llu GiB, %s, in the pool “%s”"),
                              (unsigned long long) vm->disk_size_gib, vm->disk_format,
                              vm->disk_pool);
    case YADO_DISK_EXISTING:
      return g_strdup (vm->disk_path);
    case YADO_DISK_NONE:
    default:
      return g_strdup (_("None"));
    }
}

static void
fill_summary (YadoNewVmWizard *self)
{
  const YadoNewVm *vm = self->vm;
  g_autofree char *install = describe_install (vm);
  g_autofree char *memory_text = yado_format_bytes (vm->memory_mib << 20);
  /* "2048 MiB (2.0 GiB)", but only "128 MiB" when both say the same. */
  g_autofree char *mib_text = g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", vm->memory_mib);
  g_autofree char *memory = g_str_equal (mib_text, memory_text)
                            ? g_strdup (mib_text)
                            : g_strdup_printf ("%s (%s)", mib_text, memory_text);
  g_autofree char *cpus = g_strdup_printf ("%u", vm->vcpus);
  g_autofree char *storage = describe_storage (vm);
  g_autofree char *firmware = yado_nvw_describe_firmware (vm);

  gtk_label_set_text (self->summary_os, vm->os_name ? vm->os_name : _("Generic OS"));
  gtk_label_set_text (self->summary_install, install);
  gtk_label_set_text (self->summary_memory, memory);
  gtk_label_set_text (self->summary_cpus, cpus);
  gtk_label_set_text (self->summary_storage, storage);
  gtk_label_set_text (self->summary_firmware, firmware);
}

/* ---- entering, checking, collecting ---- */

void
yado_nvw_name_enter (YadoNewVmWizard *self)
{
  gboolean pxe = self->vm->method == YADO_INSTALL_PXE;

  if (!self->name_edited)
    {
      g_autofree char *name = yado_nvw_name_suggest (self);

      g_signal_handlers_block_by_func (self->name_entry, on_name_changed, self);
      gtk_entry_set_text (self->name_entry, name);
      g_signal_handlers_unblock_by_func (self->name_entry, on_name_changed, self);
    }
  yado_nvw_name_check_name (self);
  fill_summary (self);
  yado_nvw_name_refill_networks (self);
  /* A PXE boot's NIC is on the network it boots from (step 1). */
  if (pxe)
    select_default_network (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->net_combo), !pxe);
  if (*gtk_entry_get_text (self->mac_entry) == '\0')
    {
      g_autofree char *mac = yado_mac_generate ();

      gtk_entry_set_text (self->mac_entry, mac);
    }
  on_net_changed (self);
}

gboolean
yado_nvw_name_check (YadoNewVmWizard *self)
{
  const char *id = active_id (self->net_combo);
  gboolean ok = yado_nvw_name_check_name (self);

  if (id == NULL)
    {
      yado_wizard_show_message (self->net_error, _("Choose a network."));
      ok = FALSE;
    }
  else if ((g_str_equal (id, "bridge") || g_str_equal (id, "direct"))
           && gtk_entry_get_text_length (self->net_device) == 0)
    {
      yado_wizard_show_message (self->net_device_error,
                                g_str_equal (id, "bridge")
                                ? _("Enter the name of a bridge on the host, such as br0.")
                                : _("Enter the name of a network interface on the host, "
                                    "such as eth0."));
      ok = FALSE;
    }
  if (id != NULL && !g_str_equal (id, "none") && !yado_mac_is_valid (gtk_entry_get_text (self->mac_entry)))
    {
      on_mac_changed (self);
      ok = FALSE;
    }
  return ok;
}

char *
yado_nvw_name_mac (YadoNewVmWizard *self)
{
  return self->vm->net != YADO_NET_NONE ? g_strdup (self->vm->mac) : NULL;
}

void
yado_nvw_name_collect (YadoNewVmWizard *self)
{
  YadoNewVm *vm = self->vm;
  const char *id = active_id (self->net_combo);

  g_free (vm->name);
  vm->name = g_strdup (gtk_entry_get_text (self->name_entry));
  g_clear_pointer (&vm->net_source, g_free);
  g_clear_pointer (&vm->mac, g_free);
  if (id == NULL || g_str_equal (id, "none"))
    vm->net = YADO_NET_NONE;
  else if (g_str_has_prefix (id, "network:"))
    {
      vm->net = YADO_NET_NETWORK;
      vm->net_source = g_strdup (id + strlen ("network:"));
    }
  else if (g_str_equal (id, "user"))
    vm->net = YADO_NET_USER;
  else
    {
      vm->net = g_str_equal (id, "bridge") ? YADO_NET_BRIDGE : YADO_NET_DIRECT;
      vm->net_source = yado_nvw_entry_text (self->net_device);
    }
  if (vm->net != YADO_NET_NONE)
    vm->mac = yado_mac_normalize (gtk_entry_get_text (self->mac_entry));
}

/* ---- building ---- */

static GtkLabel *
summary_row (YadoWizardForm *form, const char *label, const char *name)
{
  GtkLabel *value = yado_wizard_small_label ("", NULL);

  gtk_label_set_selectable (value, TRUE);
  gtk_label_set_line_wrap_mode (value, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_name (GTK_WIDGET (value), name);
  gtk_widget_set_can_focus (GTK_WIDGET (value), FALSE);
  yado_wizard_form_row (form, label, GTK_WIDGET (value));
  return value;
}

static void
build_summary (YadoNewVmWizard *self, YadoWizardForm *form)
{
  yado_wizard_form_heading (form, _("Summary"));
  self->summary_os = summary_row (form, _("Operating system:"), "summary-os");
  self->summary_install = summary_row (form, _("Install:"), "summary-install");
  self->summary_memory = summary_row (form, _("Memory:"), "summary-memory");
  self->summary_cpus = summary_row (form, _("CPUs:"), "summary-cpus");
  self->summary_storage = summary_row (form, _("Storage:"), "summary-storage");
  self->summary_firmware = summary_row (form, _("Firmware:"), "summary-firmware");
}

static void
build_network (YadoNewVmWizard *self, YadoWizardForm *form)
{
  yado_wizard_form_heading (form, _("Network"));
  self->net_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (form, _("_Network:"), GTK_WIDGET (self->net_combo));
  self->net_error = yado_wizard_form_error (form, "net-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->net_combo), self->net_error);
  self->net_device = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (self->net_device, TRUE);
  self->net_device_label = yado_wizard_form_row (form, _("_Bridge:"),
                                                 GTK_WIDGET (self->net_device));
  self->net_device_error = yado_wizard_form_error (form, "net-device-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->net_device), self->net_device_error);
  self->mac_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_width_chars (self->mac_entry, 17);
  gtk_entry_set_activates_default (self->mac_entry, TRUE);
  yado_wizard_form_row (form, _("_MAC address:"), GTK_WIDGET (self->mac_entry));
  self->mac_error = yado_wizard_form_error (form, "mac-error");
  yado_wizard_set_field (self->mac_error, GTK_WIDGET (self->mac_entry));
  g_signal_connect_swapped (self->net_combo, "changed", G_CALLBACK (on_net_changed), self);
  g_signal_connect_swapped (self->mac_entry, "changed", G_CALLBACK (on_mac_changed), self);
}

void
yado_nvw_name_build (YadoNewVmWizard *self)
{
  YadoWizardForm form = yado_nvw_form (self, YADO_NVW_STEP_NAME);

  self->name_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (self->name_entry, TRUE);
  yado_wizard_form_row (&form, _("N_ame:"), GTK_WIDGET (self->name_entry));
  self->name_error = yado_wizard_form_error (&form, "name-error");
  yado_wizard_set_field (self->name_error, GTK_WIDGET (self->name_entry));
  g_signal_connect_swapped (self->name_entry, "changed", G_CALLBACK (on_name_changed), self);
  build_summary (self, &form);
  build_network (self, &form);
  self->customize_check = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (
    _("_Customize configuration before install")));
  gtk_widget_set_margin_top (GTK_WIDGET (self->customize_check), 12);
  yado_wizard_form_wide (&form, GTK_WIDGET (self->customize_check), 0);
  gtk_widget_show_all (GTK_WIDGET (form.grid));
  on_net_changed (self);
}
