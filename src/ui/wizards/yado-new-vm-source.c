/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Step 1, the install source: the connection (connected and writable
 * ones), its architecture options, and how the OS gets installed, with
 * each method's fields. An ISO on this computer or an install tree URL is
 * checked with libosinfo as soon as the user stops typing: an unreadable
 * ISO or a URL that is no install tree is said under the field, and the
 * OS it holds is what step 2 starts from.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-error.h"
#include "yado-network.h"
#include "yado-new-vm-wizard-private.h"

enum { CONN_COL_URI, CONN_COL_LABEL, CONN_COL_OBJECT, CONN_N_COLS };

#define DETECT_DELAY_MS 500
#define DETECT_URL_DELAY_MS 1000
/* The PXE network combo's id for user-mode networking (session hosts). */
#define PXE_USER_MODE "user"

static const char *const arches[] = {
  "x86_64", "i686", "aarch64", "armv7l", "ppc64le", "s390x", "riscv64",
};

/* ---- connections ---- */

static gboolean
usable (YadoConnection *connection)
{
  return yado_connection_get_state (connection) == YADO_CONNECTION_CONNECTED
         && !yado_connection_get_read_only (connection);
}

static void
on_connection_chosen (YadoNewVmWizard *self)
{
  GtkTreeIter iter;
  g_autoptr(YadoConnection) connection = NULL;

  if (gtk_combo_box_get_active_iter (self->connection_combo, &iter))
    gtk_tree_model_get (GTK_TREE_MODEL (self->connection_store), &iter, CONN_COL_OBJECT,
                        &connection, -1);
  yado_nvw_set_connection (self, connection);
}

void
yado_nvw_source_refill_connections (YadoNewVmWizard *self)
{
  g_autofree char *chosen = g_strdup (gtk_combo_box_get_active_id (self->connection_combo));
  guint n = g_list_model_get_n_items (self->connections);

  if (self->disposed)
    return;
  for (guint i = 0; i < self->connection_handlers->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->connection_handlers, i),
                                          self);
  g_ptr_array_set_size (self->connection_handlers, 0);
  g_signal_handlers_block_by_func (self->connection_combo, on_connection_chosen, self);
  gtk_list_store_clear (self->connection_store);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YadoConnection) connection = g_list_model_get_item (self->connections, i);

      /* A host that connects later (or becomes writable) joins the list. */
      g_ptr_array_add (self->connection_handlers, g_object_ref (connection));
      g_signal_connect_swapped (connection, "notify::state",
                                G_CALLBACK (yado_nvw_source_refill_connections), self);
      g_signal_connect_swapped (connection, "notify::read-only",
                                G_CALLBACK (yado_nvw_source_refill_connections), self);
      if (usable (connection))
        gtk_list_store_insert_with_values (self->connection_store, NULL, -1,
                                           CONN_COL_URI, yado_connection_get_uri (connection),
                                           CONN_COL_LABEL,
                                           yado_connection_get_display_name (connection),
                                           CONN_COL_OBJECT, connection, -1);
    }
  if (chosen == NULL || !gtk_combo_box_set_active_id (self->connection_combo, chosen))
    gtk_combo_box_set_active (self->connection_combo, 0);
  g_signal_handlers_unblock_by_func (self->connection_combo, on_connection_chosen, self);
  yado_wizard_show_message (self->connection_error,
                            gtk_combo_box_get_active (self->connection_combo) < 0
                            ? _("No host is connected with write access: connect to one in "
                                "the main window first.")
                            : NULL);
  on_connection_chosen (self);
}

/* ---- architecture options ---- */

static const char *
active_id (GtkComboBoxText *combo)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

  return id != NULL && *id != '\0' ? id : NULL;
}

static void
on_arch_expanded (YadoNewVmWizard *self)
{
  yado_wizard_set_visible (self->arch_widgets, gtk_expander_get_expanded (self->arch_expander));
}

static void
on_arch_changed (YadoNewVmWizard *self)
{
  const char *arch = active_id (self->arch_combo);

  if (arch == NULL || (self->caps != NULL && g_strcmp0 (self->caps->arch, arch) == 0))
    return;
  gtk_widget_hide (GTK_WIDGET (self->arch_error));
  yado_nvw_refetch_caps (self, arch);
}

static void
on_virt_type_changed (YadoNewVmWizard *self)
{
  const char *type = active_id (self->virt_type_combo);

  if (type == NULL || g_strcmp0 (type, self->vm->virt_type) == 0)
    return;
  yado_nvw_set_virt_type (self, type);
  yado_nvw_source_caps_changed (self);
}

static const char *
virt_type_label (const char *type)
{
  if (g_str_equal (type, "kvm"))
    return _("KVM (hardware virtualization)");
  if (g_str_equal (type, "qemu"))
    return _("QEMU (software emulation, slow)");
  if (g_str_equal (type, "test"))
    return _("Test driver (nothing runs)");
  return type;
}

static void
fill_virt_types (YadoNewVmWizard *self)
{
  const char *order[] = { "kvm", "qemu" };
  GHashTableIter iter;
  gpointer key;

  gtk_combo_box_text_remove_all (self->virt_type_combo);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_hash_table_contains (self->caps_by_type, order[i]))
      gtk_combo_box_text_append (self->virt_type_combo, order[i], virt_type_label (order[i]));
  g_hash_table_iter_init (&iter, self->caps_by_type);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_str_equal (key, "kvm") && !g_str_equal (key, "qemu"))
      gtk_combo_box_text_append (self->virt_type_combo, key, virt_type_label (key));
  if (self->vm->virt_type != NULL)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->virt_type_combo), self->vm->virt_type);
}

static void
fill_machines (YadoNewVmWizard *self)
{
  g_autofree char *chosen = g_strdup (active_id (self->machine_combo));

  gtk_combo_box_text_remove_all (self->machine_combo);
  gtk_combo_box_text_append (self->machine_combo, "", _("The OS’s default"));
  /* The aliases first (q35, pc): what people choose between. */
  for (int pass = 0; pass < 2 && self->caps != NULL; pass++)
    for (guint i = 0; i < self->caps->machines->len; i++)
      {
        YadoMachineType *machine = g_ptr_array_index (self->caps->machines, i);
        g_autofree char *label = NULL;

        if ((pass == 0) != (machine->alias != NULL) || machine->deprecated)
          continue;
        if (pass == 0)
          {
            label = g_strdup_printf ("%s (%s)", machine->alias, machine->name);
            gtk_combo_box_text_append (self->machine_combo, machine->alias, label);
          }
        else
          gtk_combo_box_text_append (self->machine_combo, machine->name, machine->name);
      }
  if (chosen == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->machine_combo),
                                                      chosen))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->machine_combo), 0);
}

static void
select_arch (YadoNewVmWizard *self, const char *arch)
{
  if (arch == NULL)
    return;
  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->arch_combo), arch))
    {
      gtk_combo_box_text_prepend (self->arch_combo, arch, arch);
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->arch_combo), arch);
    }
}

void
yado_nvw_source_caps_changed (YadoNewVmWizard *self)
{
  const char *arch = active_id (self->arch_combo);

  if (self->disposed)
    return;
  g_signal_handlers_block_by_func (self->arch_combo, on_arch_changed, self);
  g_signal_handlers_block_by_func (self->virt_type_combo, on_virt_type_changed, self);
  if (self->caps != NULL)
    select_arch (self, self->caps->arch);
  fill_virt_types (self);
  fill_machines (self);
  g_signal_handlers_unblock_by_func (self->virt_type_combo, on_virt_type_changed, self);
  g_signal_handlers_unblock_by_func (self->arch_combo, on_arch_changed, self);
  if (self->caps == NULL && !self->caps_loading && self->connection != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This host runs no virtual machines of "
                                                    "the %s architecture."),
                                                  arch ? arch : "?");

      yado_wizard_show_message (self->arch_error, message);
    }
  else
    gtk_widget_hide (GTK_WIDGET (self->arch_error));
  yado_wizard_show_message (self->kvm_warning,
                            g_strcmp0 (self->vm->virt_type, "qemu") == 0
                            ? _("This host has no KVM: the virtual machine runs in software "
                                "emulation, which is much slower.")
                            : NULL);
}

/* ---- methods ---- */

static void
on_kernel_args_expanded (YadoNewVmWizard *self)
{
  yado_wizard_set_visible (self->kernel_args_widgets,
                           yado_nvw_method (self) == YADO_INSTALL_URL
                           && gtk_expander_get_expanded (self->kernel_args_expander));
}

static void
on_method_toggled (YadoNewVmWizard *self)
{
  YadoInstallMethod method = yado_nvw_method (self);

  for (guint i = 0; i < YADO_NVW_N_METHODS; i++)
    yado_wizard_set_visible (self->method_widgets[i], i == method);
  on_kernel_args_expanded (self);
  yado_nvw_source_detect (self);
}

void
yado_nvw_source_host_changed (YadoNewVmWizard *self)
{
  gboolean local = yado_nvw_is_local (self);
  YadoNvwPath *paths[] = { &self->iso, &self->import, &self->cloud };

  /* A file chooser shows this computer's files: only for a local host. */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    gtk_widget_set_visible (paths[i]->browse, local);
  if (self->disk_path.browse != NULL)
    gtk_widget_set_visible (self->disk_path.browse, local);
  gtk_widget_hide (GTK_WIDGET (self->arch_error));
  yado_nvw_source_detect (self);
}

void
yado_nvw_source_networks_changed (YadoNewVmWizard *self)
{
  g_autofree char *chosen = g_strdup (active_id (self->pxe_network_combo));
  GListModel *networks;

  gtk_combo_box_text_remove_all (self->pxe_network_combo);
  if (self->connection == NULL)
    return;
  networks = yado_connection_get_networks (self->connection);
  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(YadoNetwork) network = g_list_model_get_item (networks, i);
      const char *name = yado_network_get_name (network);

      gtk_combo_box_text_append (self->pxe_network_combo, name, name);
    }
  /* A session has no virtual networks: its QEMU's own user-mode network
   * answers DHCP, and the NIC's PXE ROM boots from it. */
  if (yado_nvw_is_session (self))
    gtk_combo_box_text_append (self->pxe_network_combo, PXE_USER_MODE,
                               _("User-mode networking"));
  if ((chosen == NULL
       || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->pxe_network_combo), chosen))
      && !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->pxe_network_combo), "default"))
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->pxe_network_combo), 0);
}

/* ---- the media check ---- */

char *
yado_nvw_source_media (YadoNewVmWizard *self, gboolean *is_url)
{
  YadoInstallMethod method = yado_nvw_method (self);

  *is_url = method == YADO_INSTALL_URL;
  /* libosinfo reads the ISO itself: only a file on this computer. */
  if (method == YADO_INSTALL_ISO && yado_nvw_is_local (self))
    {
      g_autofree char *path = yado_nvw_entry_text (self->iso.entry);

      if (path != NULL && g_path_is_absolute (path))
        return g_steal_pointer (&path);
    }
  if (method == YADO_INSTALL_URL)
    {
      g_autofree char *url = yado_nvw_entry_text (self->url_entry);
      g_autofree char *scheme = url ? g_uri_parse_scheme (url) : NULL;

      if (scheme != NULL && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")
                             || g_str_equal (scheme, "ftp")))
        return g_steal_pointer (&url);
    }
  return NULL;
}

/* The line under the ISO's (0) or the URL's (1) field: a spinner while
 * libosinfo looks, then what it found. Both lines are cleared. */
static void
show_detect_status (YadoNewVmWizard *self, gboolean is_url, const char *status, gboolean busy)
{
  for (guint i = 0; i < 2; i++)
    {
      gboolean shown = (i == 1) == is_url && status != NULL;

      gtk_label_set_text (self->detect_status[i], shown ? status : "");
      gtk_widget_set_visible (GTK_WIDGET (self->detect_spinner[i]), shown && busy);
      if (shown && busy)
        gtk_spinner_start (self->detect_spinner[i]);
      else
        gtk_spinner_stop (self->detect_spinner[i]);
      gtk_widget_set_visible (self->detect_box[i], shown);
    }
}

typedef struct {
  YadoNewVmWizard *self;
  char            *media;
  gboolean         is_url;
} Detection;

static void
detection_free (Detection *detection)
{
  g_object_unref (detection->self);
  g_free (detection->media);
  g_free (detection);
}

static void
on_identified (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Detection *detection = user_data;
  YadoNewVmWizard *self = detection->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *initrd = NULL;
  g_autofree char *os = detection->is_url
    ? yado_os_db_identify_tree_finish (self->os_db, result, &kernel, &initrd, &error)
    : yado_os_db_identify_media_finish (self->os_db, result, &error);
  GtkLabel *field_error = detection->is_url ? self->url_error : self->iso.error;

  if (self->disposed || g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_strcmp0 (detection->media, self->detecting_for) != 0)
    {
      detection_free (detection);
      return;
    }
  self->detecting = FALSE;
  g_clear_pointer (&self->detecting_for, g_free);
  g_free (self->detected_for);
  self->detected_for = g_strdup (detection->media);
  g_free (self->detected_os);
  self->detected_os = g_steal_pointer (&os);
  g_free (self->tree_kernel);
  self->tree_kernel = g_steal_pointer (&kernel);
  g_free (self->tree_initrd);
  self->tree_initrd = g_steal_pointer (&initrd);
  g_clear_pointer (&self->detect_error, g_free);
  /* The host boots the tree's kernel and initrd: a tree that does not
   * name them cannot be installed from. */
  if (detection->is_url && error == NULL && (self->tree_kernel == NULL || self->tree_initrd == NULL))
    g_set_error_literal (&error, YADO_ERROR, YADO_ERROR_INVALID,
                         _("This install tree does not say where its kernel and initrd are."));
  if (g_error_matches (error, YADO_ERROR, YADO_ERROR_TIMED_OUT))
    /* A slow server is no reason to stop: the user picks the OS. */
    show_detect_status (self, TRUE, _("The server did not answer in time: choose the operating "
                                "system in the next step."), FALSE);
  else if (error != NULL)
    {
      self->detect_error = g_strdup (error->message);
      show_detect_status (self, detection->is_url, NULL, FALSE);
      yado_wizard_show_message (field_error, error->message);
    }
  else if (self->detected_os != NULL)
    {
      /* TRANSLATORS: "Detected: Debian 11" */
      g_autofree char *status = g_strdup_printf (_("Detected: %s"),
                                                 yado_os_db_get_name (self->os_db,
                                                                      self->detected_os));

      show_detect_status (self, detection->is_url, status, FALSE);
    }
  else
    show_detect_status (self, detection->is_url, _("Yado does not know this operating system: choose it in the "
                                "next step."), FALSE);
  detection_free (detection);
  yado_nvw_detect_finished (self);
}

static void
start_detection (YadoNewVmWizard *self, const char *media, gboolean is_url)
{
  Detection *detection = g_new0 (Detection, 1);

  g_cancellable_cancel (self->detect_cancellable);
  g_clear_object (&self->detect_cancellable);
  self->detect_cancellable = g_cancellable_new ();
  self->detecting = TRUE;
  g_free (self->detecting_for);
  self->detecting_for = g_strdup (media);
  detection->self = g_object_ref (self);
  detection->media = g_strdup (media);
  detection->is_url = is_url;
  show_detect_status (self, is_url, is_url ? _("Checking the install tree…")
                                   : _("Checking the installation media…"), TRUE);
  if (is_url)
    yado_os_db_identify_tree_async (self->os_db, media, self->detect_cancellable, on_identified,
                                    detection);
  else
    yado_os_db_identify_media_async (self->os_db, media, self->detect_cancellable,
                                     on_identified, detection);
}

/* Nothing to check: forget a running check, and let a waiting Forward go
 * (its own checks say what is missing). */
static void
stop_detection (YadoNewVmWizard *self)
{
  g_cancellable_cancel (self->detect_cancellable);
  self->detecting = FALSE;
  g_clear_pointer (&self->detecting_for, g_free);
  show_detect_status (self, FALSE, NULL, FALSE);
  if (self->forward_after_detect)
    yado_nvw_detect_finished (self);
}

void
yado_nvw_source_detect (YadoNewVmWizard *self)
{
  gboolean is_url;
  g_autofree char *media = NULL;

  if (self->disposed || self->url_entry == NULL)
    return;
  g_clear_handle_id (&self->detect_timeout, g_source_remove);
  media = yado_nvw_source_media (self, &is_url);
  /* A path that is not there yet is said on Forward, not while typing. */
  if (media == NULL || (!is_url && !g_file_test (media, G_FILE_TEST_EXISTS)))
    {
      stop_detection (self);
      return;
    }
  if (self->detecting && g_strcmp0 (media, self->detecting_for) == 0)
    return;
  if (g_strcmp0 (media, self->detected_for) == 0)
    {
      /* Known already: show what it was. */
      self->detecting = FALSE;
      g_cancellable_cancel (self->detect_cancellable);
      if (self->detect_error != NULL)
        {
          show_detect_status (self, is_url, NULL, FALSE);
          yado_wizard_show_message (is_url ? self->url_error : self->iso.error,
                                    self->detect_error);
        }
      else
        {
          g_autofree char *status = self->detected_os != NULL
            ? g_strdup_printf (_("Detected: %s"),
                               yado_os_db_get_name (self->os_db, self->detected_os))
            : NULL;

          show_detect_status (self, is_url, status, FALSE);
        }
      if (self->forward_after_detect)
        yado_nvw_detect_finished (self);
      return;
    }
  if (self->os_db == NULL)
    return;   /* again once it is loaded */
  start_detection (self, media, is_url);
}

static gboolean
on_detect_timeout (gpointer data)
{
  YadoNewVmWizard *self = data;

  self->detect_timeout = 0;
  yado_nvw_source_detect (self);
  yado_nvw_update_buttons (self);
  return G_SOURCE_REMOVE;
}

/* The media changed: check it once the user stops typing. */
static void
on_media_changed (YadoNewVmWizard *self)
{
  gboolean is_url = yado_nvw_method (self) == YADO_INSTALL_URL;

  g_clear_handle_id (&self->detect_timeout, g_source_remove);
  show_detect_status (self, is_url, NULL, FALSE);
  self->detect_timeout = g_timeout_add (is_url ? DETECT_URL_DELAY_MS : DETECT_DELAY_MS,
                                        on_detect_timeout, self);
}

/* ---- cloud-init ---- */

static void
on_load_key (YadoNewVmWizard *self)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), ".ssh", NULL);
  const char *preferred[] = { "id_ed25519.pub", "id_ecdsa.pub", "id_rsa.pub" };
  g_autoptr(GDir) listing = NULL;
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (preferred); i++)
    {
      g_autofree char *path = g_build_filename (dir, preferred[i], NULL);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        {
          gtk_entry_set_text (self->cloud_key, g_strstrip (text));
          return;
        }
    }
  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "id_") && g_str_has_suffix (name, ".pub"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *text = NULL;

        if (g_file_get_contents (path, &text, NULL, NULL))
          {
            gtk_entry_set_text (self->cloud_key, g_strstrip (text));
            return;
          }
      }
  yado_wizard_show_message (self->cloud_key_error,
                            _("There is no public key in ~/.ssh (id_*.pub): make one with "
                              "ssh-keygen, or paste one."));
}

/* "ssh-ed25519 AAAA... comment": a type, base64, maybe a comment. */
static gboolean
looks_like_ssh_key (const char *key)
{
  g_auto(GStrv) parts = g_strsplit_set (key, " \t", 3);
  gsize length = 0;
  g_autofree guchar *data = NULL;

  if (strchr (key, '\n') != NULL || g_strv_length (parts) < 2)
    return FALSE;
  if (!g_str_has_prefix (parts[0], "ssh-") && !g_str_has_prefix (parts[0], "ecdsa-")
      && !g_str_has_prefix (parts[0], "sk-"))
    return FALSE;
  data = g_base64_decode (parts[1], &length);
  return length > 16;
}

static gboolean
valid_user_name (const char *user)
{
  if (strlen (user) > 32 || !(g_ascii_islower (user[0]) || user[0] == '_'))
    return FALSE;
  for (const char *p = user; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
check_cloud (YadoNewVmWizard *self)
{
  gboolean ok = yado_nvw_check_path (self, &self->cloud, _("Choose a cloud image."));
  g_autofree char *user = yado_nvw_entry_text (self->cloud_user);
  g_autofree char *key = yado_nvw_entry_text (self->cloud_key);
  gboolean password = *gtk_entry_get_text (self->cloud_password) != '\0';

  if (user == NULL || !valid_user_name (user))
    {
      yado_wizard_show_message (self->cloud_user_error,
                                _("A user name is lower-case letters, digits, “-” and “_”, "
                                  "starting with a letter (at most 32)."));
      ok = FALSE;
    }
  if (key != NULL && !looks_like_ssh_key (key))
    {
      yado_wizard_show_message (self->cloud_key_error,
                                _("Not an SSH public key: one line such as "
                                  "“ssh-ed25519 AAAA… you@host”, as in ~/.ssh/id_ed25519.pub."));
      ok = FALSE;
    }
  else if (key == NULL && !password)
    {
      yado_wizard_show_message (self->cloud_key_error,
                                _("Give a password or an SSH key: without either, nobody can "
                                  "log in."));
      ok = FALSE;
    }
  return ok;
}

YadoCloudInit *
yado_nvw_source_cloud_init (YadoNewVmWizard *self)
{
  YadoCloudInit *ci;
  const char *password = gtk_entry_get_text (self->cloud_password);

  if (self->vm->method != YADO_INSTALL_CLOUD_IMAGE)
    return NULL;
  ci = yado_cloud_init_new ();
  ci->user = yado_nvw_entry_text (self->cloud_user);
  ci->password = *password != '\0' ? g_strdup (password) : NULL;
  ci->ssh_key = yado_nvw_entry_text (self->cloud_key);
  ci->hostname = g_strdup (self->vm->name);
  return ci;
}

/* ---- check and collect ---- */

static gboolean
check_url (YadoNewVmWizard *self)
{
  g_autofree char *url = yado_nvw_entry_text (self->url_entry);
  g_autofree char *scheme = url ? g_uri_parse_scheme (url) : NULL;

  if (url == NULL)
    {
      yado_wizard_show_message (self->url_error, _("Enter the URL of an install tree."));
      return FALSE;
    }
  if (scheme == NULL || !(g_str_equal (scheme, "http") || g_str_equal (scheme, "https")
                          || g_str_equal (scheme, "ftp")))
    {
      yado_wizard_show_message (self->url_error,
                                _("Enter a URL that starts with http://, https:// or ftp://."));
      return FALSE;
    }
  /* The check of the tree (which finds its kernel) says the rest. */
  if (g_strcmp0 (url, self->detected_for) == 0 && self->detect_error != NULL)
    {
      yado_wizard_show_message (self->url_error, self->detect_error);
      return FALSE;
    }
  if (g_strcmp0 (url, self->detected_for) == 0 && self->tree_kernel == NULL)
    {
      yado_wizard_show_message (self->url_error,
                                _("The server did not answer: Yado could not find the install "
                                  "tree’s kernel. Try again, or another mirror."));
      return FALSE;
    }
  return TRUE;
}

gboolean
yado_nvw_source_check (YadoNewVmWizard *self)
{
  if (self->connection == NULL)
    return FALSE;
  switch (yado_nvw_method (self))
    {
    case YADO_INSTALL_ISO:
      return yado_nvw_check_path (self, &self->iso,
                                  _("Choose an ISO image or a CD-ROM device."));
    case YADO_INSTALL_URL:
      return check_url (self);
    case YADO_INSTALL_PXE:
      if (active_id (self->pxe_network_combo) != NULL)
        return TRUE;
      yado_wizard_show_message (self->pxe_error,
                                _("This host has no virtual network to boot from."));
      return FALSE;
    case YADO_INSTALL_IMPORT:
      return yado_nvw_check_path (self, &self->import, _("Choose the disk image to boot."));
    case YADO_INSTALL_CLOUD_IMAGE:
      return check_cloud (self);
    case YADO_INSTALL_MANUAL:
    default:
      return TRUE;
    }
}

static void
set_string (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

void
yado_nvw_source_collect (YadoNewVmWizard *self)
{
  YadoNewVm *vm = self->vm;
  YadoInstallMethod method = yado_nvw_method (self);

  vm->method = method;
  set_string (&vm->arch, g_strdup (active_id (self->arch_combo)));
  set_string (&vm->machine, g_strdup (active_id (self->machine_combo)));
  set_string (&vm->media_path, method == YADO_INSTALL_ISO ? yado_nvw_entry_text (self->iso.entry)
                             : method == YADO_INSTALL_IMPORT
                             ? yado_nvw_entry_text (self->import.entry)
                             : method == YADO_INSTALL_CLOUD_IMAGE
                             ? yado_nvw_entry_text (self->cloud.entry) : NULL);
  set_string (&vm->install_url, method == YADO_INSTALL_URL
                                ? yado_nvw_entry_text (self->url_entry) : NULL);
  set_string (&vm->kernel_args, method == YADO_INSTALL_URL
                                ? yado_nvw_entry_text (self->kernel_args_entry) : NULL);
  /* The tree's kernel and initrd, which the host fetches. */
  set_string (&vm->kernel_path, method == YADO_INSTALL_URL ? g_strdup (self->tree_kernel) : NULL);
  set_string (&vm->initrd_path, method == YADO_INSTALL_URL ? g_strdup (self->tree_initrd) : NULL);
  /* NULL with user-mode networking: no libvirt network (step 5 puts the
   * NIC there). */
  set_string (&vm->network_boot, method == YADO_INSTALL_PXE
                                 && g_strcmp0 (active_id (self->pxe_network_combo),
                                               PXE_USER_MODE) != 0
                                 ? g_strdup (active_id (self->pxe_network_combo)) : NULL);
}

/* ---- building ---- */

/* The method's radio, in a grid of two columns (read down). */
static void
method_radio (YadoNewVmWizard *self, GtkGrid *grid, guint index, YadoInstallMethod method,
              const char *label)
{
  GtkRadioButton *group = self->method_radios[0] ? GTK_RADIO_BUTTON (self->method_radios[0])
                                                 : NULL;
  GtkWidget *radio = gtk_radio_button_new_with_mnemonic_from_widget (group, label);

  self->method_radios[method] = GTK_TOGGLE_BUTTON (radio);
  g_signal_connect_swapped (radio, "toggled", G_CALLBACK (on_method_toggled), self);
  gtk_grid_attach (grid, radio, index / 3, index % 3, 1, 1);
}

static void
build_connection (YadoNewVmWizard *self, YadoWizardForm *form)
{
  GtkCellRenderer *cell = gtk_cell_renderer_text_new ();
  int start;

  self->connection_store = gtk_list_store_new (CONN_N_COLS, G_TYPE_STRING, G_TYPE_STRING,
                                               YADO_TYPE_CONNECTION);
  self->connection_combo = GTK_COMBO_BOX (
    gtk_combo_box_new_with_model (GTK_TREE_MODEL (self->connection_store)));
  gtk_combo_box_set_id_column (self->connection_combo, CONN_COL_URI);
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (self->connection_combo), cell, TRUE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (self->connection_combo), cell, "text",
                                 CONN_COL_LABEL);
  yado_wizard_form_row (form, _("C_onnection:"), GTK_WIDGET (self->connection_combo));
  self->connection_error = yado_wizard_form_error (form, "connection-error");
  yado_wizard_set_field (self->connection_error, GTK_WIDGET (self->connection_combo));
  self->kvm_warning = yado_wizard_form_warning (form, "kvm-warning");
  g_signal_connect_swapped (self->connection_combo, "changed",
                            G_CALLBACK (on_connection_chosen), self);

  self->arch_expander = GTK_EXPANDER (gtk_expander_new_with_mnemonic (_("_Architecture options")));
  yado_wizard_form_wide (form, GTK_WIDGET (self->arch_expander), 0);
  g_signal_connect_swapped (self->arch_expander, "notify::expanded",
                            G_CALLBACK (on_arch_expanded), self);
  start = form->row;
  self->virt_type_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (form, _("_Virtualization:"), GTK_WIDGET (self->virt_type_combo));
  self->arch_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  for (guint i = 0; i < G_N_ELEMENTS (arches); i++)
    gtk_combo_box_text_append (self->arch_combo, arches[i], arches[i]);
  yado_wizard_form_row (form, _("A_rchitecture:"), GTK_WIDGET (self->arch_combo));
  self->arch_error = yado_wizard_form_error (form, "arch-error");
  yado_wizard_set_field (self->arch_error, GTK_WIDGET (self->arch_combo));
  self->machine_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (form, _("_Machine:"), GTK_WIDGET (self->machine_combo));
  self->arch_widgets = yado_wizard_form_rows (form, start, form->row);
  /* Said whether the options are open or not. */
  g_ptr_array_remove (self->arch_widgets, self->arch_error);
  g_signal_connect_swapped (self->arch_combo, "changed", G_CALLBACK (on_arch_changed), self);
  g_signal_connect_swapped (self->virt_type_combo, "changed",
                            G_CALLBACK (on_virt_type_changed), self);
}


/* The detection's line under a field, hidden until it has something. */
static void
build_detect_row (YadoNewVmWizard *self, YadoWizardForm *form, guint i, const char *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->detect_box[i] = box;
  self->detect_spinner[i] = GTK_SPINNER (gtk_spinner_new ());
  self->detect_status[i] = yado_wizard_small_label ("", "dim-label");
  gtk_widget_set_name (GTK_WIDGET (self->detect_status[i]), name);
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (self->detect_spinner[i]), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (self->detect_status[i]), TRUE, TRUE, 0);
  gtk_widget_show_all (box);
  gtk_widget_set_no_show_all (box, TRUE);
  gtk_widget_hide (box);
  gtk_grid_attach (form->grid, box, 1, form->row++, 1, 1);
}

static void
build_iso (YadoNewVmWizard *self, YadoWizardForm *form)
{
  yado_nvw_path_row (self, form, &self->iso, _("_ISO image or CD-ROM:"), "iso-error",
                     _("Choose an ISO Image"));
  g_signal_connect_swapped (self->iso.entry, "changed", G_CALLBACK (on_media_changed), self);
  build_detect_row (self, form, 0, "iso-status");
  yado_wizard_form_note (form, _("A file on the host, such as an installer ISO, or a CD-ROM "
                                 "drive such as /dev/sr0."));
}

static void
build_url (YadoNewVmWizard *self, YadoWizardForm *form)
{
  int start;

  self->url_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->url_entry,
                                  "https://deb.debian.org/debian/dists/stable/main/"
                                  "installer-amd64/");
  gtk_entry_set_input_purpose (self->url_entry, GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_activates_default (self->url_entry, TRUE);
  yado_wizard_form_row (form, _("_URL:"), GTK_WIDGET (self->url_entry));
  self->url_error = yado_wizard_form_error (form, "url-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->url_entry), self->url_error);
  g_signal_connect_swapped (self->url_entry, "changed", G_CALLBACK (on_media_changed), self);
  build_detect_row (self, form, 1, "url-status");
  yado_wizard_form_note (form, _("The install tree of a distribution: the host fetches its "
                                 "kernel and initrd from it."));
  self->kernel_args_expander = GTK_EXPANDER (gtk_expander_new_with_mnemonic (
    _("_Kernel arguments")));
  yado_wizard_form_wide (form, GTK_WIDGET (self->kernel_args_expander), 0);
  g_signal_connect_swapped (self->kernel_args_expander, "notify::expanded",
                            G_CALLBACK (on_kernel_args_expanded), self);
  start = form->row;
  self->kernel_args_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->kernel_args_entry, "console=ttyS0");
  yado_wizard_form_row (form, _("A_rguments:"), GTK_WIDGET (self->kernel_args_entry));
  self->kernel_args_widgets = yado_wizard_form_rows (form, start, form->row);
}

static void
build_cloud (YadoNewVmWizard *self, YadoWizardForm *form)
{
  GtkWidget *key_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *load = gtk_button_new_with_mnemonic (_("_Load ~/.ssh/id__*.pub"));

  yado_nvw_path_row (self, form, &self->cloud, _("Cloud _image:"), "cloud-error",
                     _("Choose a Cloud Image"));
  yado_wizard_form_note (form, _("A qcow2 image made for clouds, such as Debian’s "
                                 "“genericcloud” or Ubuntu’s cloud images."));
  self->cloud_user = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_text (self->cloud_user, g_get_user_name ());
  gtk_entry_set_activates_default (self->cloud_user, TRUE);
  yado_wizard_form_row (form, _("_User name:"), GTK_WIDGET (self->cloud_user));
  self->cloud_user_error = yado_wizard_form_error (form, "cloud-user-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->cloud_user), self->cloud_user_error);
  self->cloud_password = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_visibility (self->cloud_password, FALSE);
  gtk_entry_set_input_purpose (self->cloud_password, GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (self->cloud_password, TRUE);
  yado_wizard_form_row (form, _("_Password:"), GTK_WIDGET (self->cloud_password));
  self->cloud_key = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->cloud_key, "ssh-ed25519 AAAA…");
  gtk_box_pack_start (GTK_BOX (key_box), GTK_WIDGET (self->cloud_key), TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (key_box), load, FALSE, FALSE, 0);
  yado_wizard_form_row_with (form, _("SSH public _key:"), key_box, GTK_WIDGET (self->cloud_key));
  self->cloud_key_error = yado_wizard_form_error (form, "cloud-key-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->cloud_key), self->cloud_key_error);
  yado_wizard_hide_on_change (GTK_WIDGET (self->cloud_password), self->cloud_key_error);
  g_signal_connect_swapped (load, "clicked", G_CALLBACK (on_load_key), self);
  yado_wizard_form_note (form, _("cloud-init makes this user (with sudo) at the first boot. "
                                 "Give a password, a key, or both."));
}

static void
build_methods (YadoNewVmWizard *self, YadoWizardForm *form)
{
  struct { YadoInstallMethod method; const char *label; } radios[] = {
    { YADO_INSTALL_ISO, N_("_Local install media (ISO image or CD-ROM)") },
    { YADO_INSTALL_URL, N_("_Network install (HTTP, HTTPS or FTP)") },
    { YADO_INSTALL_PXE, N_("Network _boot (PXE)") },
    { YADO_INSTALL_IMPORT, N_("Import an _existing disk image") },
    { YADO_INSTALL_CLOUD_IMAGE, N_("_Cloud image, set up with cloud-init") },
    { YADO_INSTALL_MANUAL, N_("_Manual install (no media)") },
  };
  int start;

  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  yado_wizard_form_heading (form, _("How will the operating system be installed?"));
  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 24);
  for (guint i = 0; i < G_N_ELEMENTS (radios); i++)
    method_radio (self, grid, i, radios[i].method, _(radios[i].label));
  yado_wizard_form_wide (form, GTK_WIDGET (grid), 12);

  /* Each method's fields, under the choice. */
  start = form->row;
  yado_wizard_form_heading (form, _("Installation media"));
  build_iso (self, form);
  self->method_widgets[YADO_INSTALL_ISO] = yado_wizard_form_rows (form, start, form->row);

  start = form->row;
  yado_wizard_form_heading (form, _("Install tree"));
  build_url (self, form);
  self->method_widgets[YADO_INSTALL_URL] = yado_wizard_form_rows (form, start, form->row);
  /* The expander's rows come and go with it, not with the method. */
  for (guint i = 0; i < self->kernel_args_widgets->len; i++)
    g_ptr_array_remove (self->method_widgets[YADO_INSTALL_URL],
                        g_ptr_array_index (self->kernel_args_widgets, i));

  start = form->row;
  yado_wizard_form_heading (form, _("Network boot"));
  self->pxe_network_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  yado_wizard_form_row (form, _("Boot from _network:"), GTK_WIDGET (self->pxe_network_combo));
  self->pxe_error = yado_wizard_form_error (form, "pxe-error");
  yado_wizard_hide_on_change (GTK_WIDGET (self->pxe_network_combo), self->pxe_error);
  yado_wizard_form_note (form, _("The virtual machine boots from a PXE server on this "
                                 "network, and its network card is on it."));
  self->method_widgets[YADO_INSTALL_PXE] = yado_wizard_form_rows (form, start, form->row);

  start = form->row;
  yado_wizard_form_heading (form, _("Existing disk image"));
  yado_nvw_path_row (self, form, &self->import, _("_Disk image:"), "import-error",
                     _("Choose a Disk Image"));
  yado_wizard_form_note (form, _("The virtual machine boots from this disk, as it is."));
  self->method_widgets[YADO_INSTALL_IMPORT] = yado_wizard_form_rows (form, start, form->row);

  start = form->row;
  yado_wizard_form_heading (form, _("Cloud image"));
  build_cloud (self, form);
  self->method_widgets[YADO_INSTALL_CLOUD_IMAGE] = yado_wizard_form_rows (form, start, form->row);

  start = form->row;
  yado_wizard_form_note (form, _("The virtual machine starts with no installation media: "
                                 "attach some and set the boot order in its details."));
  self->method_widgets[YADO_INSTALL_MANUAL] = yado_wizard_form_rows (form, start, form->row);
}

void
yado_nvw_source_build (YadoNewVmWizard *self)
{
  YadoWizardForm form = yado_nvw_form (self, YADO_NVW_STEP_SOURCE);

  self->connection_handlers = g_ptr_array_new_with_free_func (g_object_unref);
  build_connection (self, &form);
  build_methods (self, &form);
  gtk_widget_show_all (GTK_WIDGET (form.grid));
  on_arch_expanded (self);
  on_method_toggled (self);
}
