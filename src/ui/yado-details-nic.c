/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the details page adds to a NIC's form: whose MAC address it is
 * (every VM's definition, read on the worker, after the form accepted its
 * shape), and a running VM's addresses as the host knows them.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-details-page-private.h"
#include "yado-guest-info.h"
#include "yado-node-device.h"

/* Whose MAC address a NIC's is asks every VM's definition: on the worker,
 * after the form accepted its shape. */
typedef struct {
  YadoDetailsPage *page;
  YadoDeviceForm  *form;
  char            *mac;
} MacCheck;

static void
mac_check_free (MacCheck *check)
{
  g_clear_weak_pointer (&check->form);
  g_object_unref (check->page);
  g_free (check->mac);
  g_free (check);
}

static void
on_mac_users (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MacCheck *check = user_data;
  g_autoptr(GPtrArray) users = yado_connection_find_mac_users_finish (YADO_CONNECTION (source),
                                                                      result, NULL);
  const char *self_name = _yado_details_page_disposed (check->page) ? NULL
                          : yado_domain_get_name (check->page->domain);

  for (guint i = 0; self_name != NULL && check->form != NULL && users != NULL && i < users->len;
       i++)
    if (g_strcmp0 (g_ptr_array_index (users, i), self_name) != 0)
      {
        g_autofree char *current = yado_xml_node_get (yado_device_form_get_node (check->form),
                                                      "mac/@address");
        g_autofree char *error = NULL;

        /* The user typed on meanwhile: that value has its own check. */
        if (g_ascii_strcasecmp (current ? current : "", check->mac) != 0)
          break;
        error = g_strdup_printf (_("“%s” already uses this MAC address."),
                                 (const char *) g_ptr_array_index (users, i));
        yado_device_form_set_error (check->form, "mac/@address", error);
        break;
      }
  mac_check_free (check);
}

static void
on_nic_changed (YadoDeviceForm *form, YadoDetailsPage *self)
{
  xmlNodePtr node = yado_device_form_get_node (form);
  xmlNodePtr before = self->original ? yado_domain_config_find_device (self->original,
                                                                       yado_device_get_id (node))
                                     : NULL;
  g_autofree char *mac = yado_xml_node_get (node, "mac/@address");
  g_autofree char *old = before ? yado_xml_node_get (before, "mac/@address") : NULL;
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  MacCheck *check;

  if (mac == NULL || connection == NULL || g_ascii_strcasecmp (mac, old ? old : "") == 0
      || yado_device_form_get_error (form, "mac/@address") != NULL)
    return;
  check = g_new0 (MacCheck, 1);
  check->page = g_object_ref (self);
  g_set_weak_pointer (&check->form, form);
  check->mac = g_steal_pointer (&mac);
  yado_connection_find_mac_users_async (connection, check->mac, self->cancellable, on_mac_users,
                                        check);
}

/* A running VM's NIC: its addresses as the host knows them. */
typedef struct {
  GtkWidget *label;  /* weak */
  char      *mac;
} AddressQuery;

static void
on_addresses (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AddressQuery *query = user_data;
  g_autoptr(GHashTable) table = yado_domain_fetch_addresses_finish (YADO_DOMAIN (source), result,
                                                                    NULL);
  const char *addresses = table && query->mac ? g_hash_table_lookup (table, query->mac) : NULL;

  if (query->label != NULL)
    gtk_label_set_text (GTK_LABEL (query->label), addresses ? addresses : _("Unknown"));
  g_clear_weak_pointer (&query->label);
  g_free (query->mac);
  g_free (query);
}

static void
add_address_line (YadoDetailsPage *self, GtkWidget *form, xmlNodePtr nic)
{
  GtkWidget *caption = gtk_label_new (_("IP address"));
  GtkWidget *value = gtk_label_new (_("Looking…"));
  AddressQuery *query = g_new0 (AddressQuery, 1);
  g_autofree char *mac = yado_xml_node_get (nic, "mac/@address");
  int line = 0;

  while (gtk_grid_get_child_at (GTK_GRID (form), 0, line) != NULL)
    line++;
  gtk_label_set_xalign (GTK_LABEL (caption), 1);
  gtk_style_context_add_class (gtk_widget_get_style_context (caption), "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  atk_object_set_name (gtk_widget_get_accessible (value), _("IP address"));
  gtk_grid_attach (GTK_GRID (form), caption, 0, line, 1, 1);
  gtk_grid_attach (GTK_GRID (form), value, 1, line, 1, 1);
  gtk_widget_show (caption);
  gtk_widget_show (value);
  g_set_weak_pointer (&query->label, value);
  query->mac = mac ? g_ascii_strdown (mac, -1) : NULL;
  yado_domain_fetch_addresses_async (self->domain, self->cancellable, on_addresses, query);
}

void
_yado_details_nic_setup (YadoDetailsPage *self, GtkWidget *form, xmlNodePtr nic)
{
  g_signal_connect_object (form, "changed", G_CALLBACK (on_nic_changed), self, 0);
  if (yado_domain_is_active (self->domain))
    add_address_line (self, form, nic);
}
