/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New VM wizard's frame: the steps and their buttons, the host
 * chosen on step 1 (its caps, pools, networks and VMs), libosinfo's
 * database, and Finish (the progress page, "created"). The steps' pages
 * are in yado-new-vm-source.c, -os.c, -resources.c and -name.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yado-error.h"
#include "yado-new-vm-install.h"
#include "yado-new-vm-wizard-private.h"
#include "yado-node-device.h"
#include "yado-volume-chooser.h"

G_DEFINE_FINAL_TYPE (YadoNewVmWizard, yado_new_vm_wizard, GTK_TYPE_DIALOG)

enum { SIGNAL_CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { RESPONSE_BACK = 1, RESPONSE_FORWARD = 2 };

static const char *const step_names[YADO_NVW_N_STEPS] = {
  "source", "os", "memory", "storage", "name",
};

static const char *const step_titles[YADO_NVW_N_STEPS] = {
  N_("Install source"), N_("Operating system"), N_("Memory and CPUs"), N_("Storage"),
  N_("Name and network"),
};

/* Whether an answer still has a wizard to go to. */
static gboolean
still_open (YadoNewVmWizard *self, const GError *error)
{
  return !self->disposed && !g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED)
         && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- helpers the pages share ---- */

YadoWizardForm
yado_nvw_form (YadoNewVmWizard *self, YadoNvwStep step)
{
  YadoWizardForm form = yado_wizard_form_new (self->errors[step], self->labels);
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (self->pages[step]));

  gtk_box_pack_start (self->pages[step], GTK_WIDGET (form.grid), FALSE, FALSE, 0);
  /* A field that gets the focus (Tab, or the first one found wrong) is
   * scrolled into view. */
  gtk_container_set_focus_vadjustment (GTK_CONTAINER (form.grid),
                                       gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport)));
  return form;
}

YadoInstallMethod
yado_nvw_method (YadoNewVmWizard *self)
{
  for (guint i = 0; i < YADO_NVW_N_METHODS; i++)
    if (self->method_radios[i] != NULL && gtk_toggle_button_get_active (self->method_radios[i]))
      return i;
  return YADO_INSTALL_ISO;
}

gboolean
yado_nvw_is_local (YadoNewVmWizard *self)
{
  return self->connection != NULL && !yado_connection_is_remote (self->connection);
}

gboolean
yado_nvw_is_session (YadoNewVmWizard *self)
{
  const char *uri = self->connection ? yado_connection_get_uri (self->connection) : NULL;

  return uri != NULL && (g_str_has_suffix (uri, "/session") || strstr (uri, "/session?") != NULL);
}

guint64
yado_nvw_host_memory_mib (YadoNewVmWizard *self)
{
  return self->connection ? yado_connection_get_host_memory_kib (self->connection) / 1024 : 0;
}

guint
yado_nvw_host_cpus (YadoNewVmWizard *self)
{
  return self->connection ? yado_connection_get_host_cpus (self->connection) : 0;
}

YadoStoragePool *
yado_nvw_find_pool (YadoNewVmWizard *self, const char *name)
{
  GListModel *pools;

  if (self->connection == NULL || name == NULL)
    return NULL;
  pools = yado_connection_get_storage_pools (self->connection);
  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(YadoStoragePool) pool = g_list_model_get_item (pools, i);

      if (g_strcmp0 (yado_storage_pool_get_name (pool), name) == 0)
        return pool;   /* the connection's list keeps it */
    }
  return NULL;
}

char *
yado_nvw_entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strdup (gtk_entry_get_text (entry));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* ---- path fields ---- */

static void
on_browse_response (GtkNativeDialog *chooser, int response, GtkEntry *entry)
{
  YadoNvwPath *path = g_object_get_data (G_OBJECT (entry), "yado-nvw-path");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *file = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        gtk_entry_set_text (entry, file);
      path->volume_capacity = 0;
    }
}

static void
on_browse (GtkButton *button, YadoNvwPath *path)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (button)));
  const char *title = g_object_get_data (G_OBJECT (button), "title");
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
    title, window, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The entry keeps its chooser: an answer after the wizard is gone goes
   * nowhere. */
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_browse_response), path->entry, 0);
  g_object_set_data_full (G_OBJECT (path->entry), "yado-nvw-chooser", chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_volume_chosen (YadoVolumeChooser *chooser, int response, YadoNvwPath *path)
{
  if (response == GTK_RESPONSE_ACCEPT && yado_volume_chooser_get_path (chooser) != NULL)
    {
      gtk_entry_set_text (path->entry, yado_volume_chooser_get_path (chooser));
      /* After the entry's "changed", which forgets a chosen volume's size. */
      path->volume_capacity = yado_volume_chooser_get_capacity (chooser);
    }
  gtk_widget_destroy (GTK_WIDGET (chooser));
}

static void
on_choose_volume (GtkButton *button, YadoNvwPath *path)
{
  YadoNewVmWizard *self = YADO_NEW_VM_WIZARD (gtk_widget_get_toplevel (GTK_WIDGET (button)));
  YadoVolumeChooser *chooser;

  if (self->connection == NULL)
    return;
  chooser = yado_volume_chooser_new (GTK_WINDOW (self), self->connection,
                                     g_object_get_data (G_OBJECT (button), "title"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_volume_chosen), path);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
on_path_changed (GtkEntry *entry, YadoNvwPath *path)
{
  path->volume_capacity = 0;
}

void
yado_nvw_path_row (YadoNewVmWizard *self, YadoWizardForm *form, YadoNvwPath *path,
                   const char *label, const char *error_name, const char *browse_title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  path->entry = GTK_ENTRY (gtk_entry_new ());
  g_object_set_data (G_OBJECT (path->entry), "yado-nvw-path", path);
  gtk_entry_set_activates_default (path->entry, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (path->entry), TRUE);
  path->browse = gtk_button_new_with_mnemonic (_("B_rowse…"));
  path->volume = gtk_button_new_with_mnemonic (_("Choose a _Volume…"));
  gtk_widget_set_tooltip_text (path->browse, _("A file on this computer"));
  gtk_widget_set_tooltip_text (path->volume, _("A volume in the host’s storage pools"));
  g_object_set_data_full (G_OBJECT (path->browse), "title", g_strdup (browse_title), g_free);
  g_object_set_data_full (G_OBJECT (path->volume), "title", g_strdup (browse_title), g_free);
  /* The buttons under the entry: a path needs the width. */
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_pack_start (GTK_BOX (buttons), path->browse, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (buttons), path->volume, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), GTK_WIDGET (path->entry), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), buttons, FALSE, FALSE, 0);
  yado_wizard_form_row_with (form, label, box, GTK_WIDGET (path->entry));
  path->error = yado_wizard_form_error (form, error_name);
  yado_wizard_hide_on_change (GTK_WIDGET (path->entry), path->error);
  g_signal_connect (path->entry, "changed", G_CALLBACK (on_path_changed), path);
  g_signal_connect (path->browse, "clicked", G_CALLBACK (on_browse), path);
  g_signal_connect (path->volume, "clicked", G_CALLBACK (on_choose_volume), path);
}

gboolean
yado_nvw_check_path (YadoNewVmWizard *self, YadoNvwPath *path, const char *missing)
{
  g_autofree char *text = yado_nvw_entry_text (path->entry);

  if (text == NULL)
    {
      yado_wizard_show_message (path->error, missing);
      return FALSE;
    }
  if (!g_path_is_absolute (text))
    {
      yado_wizard_show_message (path->error, _("Enter a full path, starting with “/”."));
      return FALSE;
    }
  /* On another host, the host says (the pools' volumes are there). */
  if (yado_nvw_is_local (self) && !g_file_test (text, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("There is no “%s” on this computer."), text);

      yado_wizard_show_message (path->error, message);
      return FALSE;
    }
  return TRUE;
}

/* ---- the steps ---- */

static gboolean
page_has_error (YadoNewVmWizard *self, YadoNvwStep step)
{
  GPtrArray *errors = self->errors[step];

  for (guint i = 0; i < errors->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (errors, i)))
      return TRUE;
  return FALSE;
}

gboolean
yado_new_vm_wizard_get_idle (YadoNewVmWizard *self)
{
  return !self->caps_loading && !self->detecting && self->detect_timeout == 0
         && !self->mac_checking && !self->creating && self->os_db != NULL;
}

void
yado_nvw_update_buttons (YadoNewVmWizard *self)
{
  gboolean progress = self->step == YADO_NVW_STEP_PROGRESS;
  gboolean last = self->step == YADO_NVW_STEP_NAME;
  gboolean waiting = self->forward_after_detect || self->mac_checking;
  gboolean ok;

  if (self->disposed)
    return;
  ok = !progress && !waiting && !page_has_error (self, self->step) && self->connection != NULL;
  /* Every step needs a host (it may disconnect meanwhile); the OS step
   * the database. */
  if (self->step == YADO_NVW_STEP_OS)
    ok = ok && self->os_db != NULL;
  gtk_widget_set_visible (self->forward_button, !progress && !last);
  gtk_widget_set_visible (self->finish_button, last);
  gtk_widget_set_sensitive (self->forward_button, ok);
  gtk_widget_set_sensitive (self->finish_button, ok);
  /* Back from the progress page only once it has stopped (an error). */
  gtk_widget_set_visible (self->back_button, self->step != YADO_NVW_STEP_SOURCE);
  gtk_widget_set_sensitive (self->back_button, progress ? !self->creating
                                                        : self->step > 0 && !waiting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages[MIN (self->step, YADO_NVW_STEP_NAME)]),
                            !waiting);
  gtk_widget_grab_default (last ? self->finish_button : self->forward_button);
}

static void
update_steps (YadoNewVmWizard *self)
{
  for (guint i = 0; i < YADO_NVW_N_STEPS; i++)
    {
      GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->step_labels[i]));

      if (i == self->step)
        gtk_style_context_remove_class (style, "dim-label");
      else
        gtk_style_context_add_class (style, "dim-label");
      gtk_label_set_attributes (self->step_labels[i], NULL);
      if (i == self->step)
        {
          PangoAttrList *bold = pango_attr_list_new ();

          pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          gtk_label_set_attributes (self->step_labels[i], bold);
          pango_attr_list_unref (bold);
        }
    }
}

/* The keyboard starts at the step's main field. (Not GTK's first: that
 * would be the OS list, whose focus selects a row.) */
static void
focus_first_field (YadoNewVmWizard *self)
{
  GtkWidget *first = NULL;

  switch (self->step)
    {
    case YADO_NVW_STEP_OS:
      first = GTK_WIDGET (self->os_search);
      break;
    case YADO_NVW_STEP_MEMORY:
      first = GTK_WIDGET (self->memory_spin);
      break;
    case YADO_NVW_STEP_STORAGE:
      first = GTK_WIDGET (self->disk_size);
      break;
    case YADO_NVW_STEP_NAME:
      first = GTK_WIDGET (self->name_entry);
      break;
    default:
      break;
    }
  if (first != NULL && gtk_widget_is_sensitive (first) && gtk_widget_get_visible (first))
    gtk_widget_grab_focus (first);
}

static void
enter_step (YadoNewVmWizard *self, YadoNvwStep step)
{
  g_autofree char *header = NULL;

  self->step = step;
  switch (step)
    {
    case YADO_NVW_STEP_OS:
      yado_nvw_os_enter (self);
      break;
    case YADO_NVW_STEP_MEMORY:
      yado_nvw_memory_enter (self);
      break;
    case YADO_NVW_STEP_STORAGE:
      yado_nvw_storage_enter (self);
      break;
    case YADO_NVW_STEP_NAME:
      yado_nvw_name_enter (self);
      break;
    default:
      break;
    }
  /* TRANSLATORS: "Step 2 of 5 — Operating system" */
  header = g_strdup_printf (_("Step %u of %u — %s"), step + 1, (guint) YADO_NVW_N_STEPS,
                            _(step_titles[step]));
  gtk_label_set_text (self->header_label, header);
  gtk_stack_set_visible_child_name (self->stack, step_names[step]);
  update_steps (self);
  yado_nvw_update_buttons (self);
  focus_first_field (self);
}

static gboolean
check_step (YadoNewVmWizard *self)
{
  switch (self->step)
    {
    case YADO_NVW_STEP_SOURCE:
      return yado_nvw_source_check (self);
    case YADO_NVW_STEP_OS:
      return yado_nvw_os_check (self);
    case YADO_NVW_STEP_MEMORY:
      return yado_nvw_memory_check (self);
    case YADO_NVW_STEP_STORAGE:
      return yado_nvw_storage_check (self);
    case YADO_NVW_STEP_NAME:
      return yado_nvw_name_check (self);
    default:
      return FALSE;
    }
}

static void
collect_step (YadoNewVmWizard *self)
{
  switch (self->step)
    {
    case YADO_NVW_STEP_SOURCE:
      yado_nvw_source_collect (self);
      break;
    case YADO_NVW_STEP_OS:
      yado_nvw_os_collect (self);
      break;
    case YADO_NVW_STEP_MEMORY:
      yado_nvw_memory_collect (self);
      break;
    case YADO_NVW_STEP_STORAGE:
      yado_nvw_storage_collect (self);
      break;
    case YADO_NVW_STEP_NAME:
      yado_nvw_name_collect (self);
      break;
    default:
      break;
    }
}

static void
go_forward (YadoNewVmWizard *self)
{
  if (self->step >= YADO_NVW_STEP_NAME || !gtk_widget_get_sensitive (self->forward_button))
    return;
  if (!check_step (self))
    {
      yado_nvw_update_buttons (self);
      yado_wizard_focus_first_error (self->errors[self->step]);
      return;
    }
  /* The media's check is still running: go on when it says yes. */
  if (self->step == YADO_NVW_STEP_SOURCE && (self->detecting || self->detect_timeout != 0))
    {
      self->forward_after_detect = TRUE;
      yado_nvw_source_detect (self);
      yado_nvw_update_buttons (self);
      return;
    }
  collect_step (self);
  enter_step (self, self->step + 1);
}

static void
go_back (YadoNewVmWizard *self)
{
  if (self->step == YADO_NVW_STEP_PROGRESS)
    {
      enter_step (self, YADO_NVW_STEP_NAME);
      return;
    }
  if (self->step == YADO_NVW_STEP_SOURCE)
    return;
  collect_step (self);
  enter_step (self, self->step - 1);
}

/* The media check finished (see yado-new-vm-source.c). */
void
yado_nvw_detect_finished (YadoNewVmWizard *self)
{
  gboolean go = self->forward_after_detect;

  self->forward_after_detect = FALSE;
  yado_nvw_os_detect_changed (self);
  yado_nvw_update_buttons (self);
  if (go && self->step == YADO_NVW_STEP_SOURCE && self->detect_error == NULL)
    go_forward (self);
  else if (go)
    yado_wizard_focus_first_error (self->errors[YADO_NVW_STEP_SOURCE]);
}

/* ---- the host ---- */

static void
on_networks_changed (YadoNewVmWizard *self)
{
  yado_nvw_source_networks_changed (self);
  yado_nvw_name_refill_networks (self);
}

static void
on_domains_changed (YadoNewVmWizard *self)
{
  yado_nvw_name_check_name (self);
  yado_nvw_update_buttons (self);
}

static void
unwatch_host (YadoNewVmWizard *self)
{
  if (self->connection == NULL)
    return;
  g_clear_signal_handler (&self->networks_handler,
                          yado_connection_get_networks (self->connection));
  g_clear_signal_handler (&self->pools_handler,
                          yado_connection_get_storage_pools (self->connection));
  g_clear_signal_handler (&self->domains_handler,
                          yado_connection_get_domains (self->connection));
}

typedef struct {
  YadoNewVmWizard *self;
  char            *arch;
  GPtrArray       *types;   /* char *: still to ask */
} CapsFetch;

static void
caps_fetch_free (CapsFetch *fetch)
{
  g_object_unref (fetch->self);
  g_free (fetch->arch);
  g_ptr_array_unref (fetch->types);
  g_free (fetch);
}

static void fetch_next_caps (CapsFetch *fetch);

/* Which virtualization types have machines for the arch: kvm and qemu,
 * else the driver's own ("test"), asked one after the other. */
static void
on_caps_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CapsFetch *fetch = user_data;
  YadoNewVmWizard *self = fetch->self;
  g_autoptr(GError) error = NULL;
  YadoHostCaps *caps = yado_connection_fetch_host_caps_finish (YADO_CONNECTION (source), result,
                                                               &error);
  g_autofree char *type = g_strdup (g_ptr_array_index (fetch->types, 0));

  if (!still_open (self, error) || source != G_OBJECT (self->connection))
    {
      g_clear_pointer (&caps, yado_host_caps_free);
      caps_fetch_free (fetch);
      return;
    }
  if (caps == NULL)
    g_warning ("Could not read what the host offers: %s", error->message);
  /* The driver's own type (libvirt's test driver) may list no machine
   * for the arch and still run it. */
  else if (caps->machines->len > 0 || (!g_str_equal (type, "kvm") && !g_str_equal (type, "qemu")))
    g_hash_table_insert (self->caps_by_type, g_strdup (type), g_steal_pointer (&caps));
  g_clear_pointer (&caps, yado_host_caps_free);
  g_ptr_array_remove_index (fetch->types, 0);
  /* A QEMU host: the driver's own type is the same thing. */
  if (g_str_equal (type, "qemu") && g_hash_table_size (self->caps_by_type) > 0)
    g_ptr_array_set_size (fetch->types, 0);
  fetch_next_caps (fetch);
}

/* The virtualization type to use: the one chosen if the host has it,
 * else KVM, QEMU, the driver's own. */
static void
choose_virt_type (YadoNewVmWizard *self, const char *wanted)
{
  const char *order[] = { wanted, "kvm", "qemu", NULL };
  const char *type = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (order) - 1 && type == NULL; i++)
    if (order[i] != NULL && g_hash_table_contains (self->caps_by_type, order[i]))
      type = order[i];
  if (type == NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->caps_by_type);
      if (g_hash_table_iter_next (&iter, &key, NULL))
        type = key;
    }
  g_free (self->vm->virt_type);
  self->vm->virt_type = g_strdup (type);
  self->caps = type ? g_hash_table_lookup (self->caps_by_type, type) : NULL;
}

static void
fetch_next_caps (CapsFetch *fetch)
{
  YadoNewVmWizard *self = fetch->self;

  if (fetch->types->len == 0)
    {
      g_autofree char *wanted = g_strdup (self->vm->virt_type);

      self->caps_loading = FALSE;
      choose_virt_type (self, wanted);
      yado_nvw_source_caps_changed (self);
      yado_nvw_update_buttons (self);
      caps_fetch_free (fetch);
      return;
    }
  yado_connection_fetch_host_caps_async (self->connection, NULL, fetch->arch, NULL,
                                         g_ptr_array_index (fetch->types, 0),
                                         self->caps_cancellable, on_caps_fetched, fetch);
}

/* Reads what the host offers guests of @arch (NULL: the host's). */
static void
fetch_caps (YadoNewVmWizard *self, const char *arch)
{
  CapsFetch *fetch = g_new0 (CapsFetch, 1);
  const char *hypervisor = yado_connection_get_hypervisor (self->connection);
  g_autofree char *own = g_ascii_strdown (hypervisor ? hypervisor : "qemu", -1);

  g_cancellable_cancel (self->caps_cancellable);
  g_clear_object (&self->caps_cancellable);
  self->caps_cancellable = g_cancellable_new ();
  self->caps = NULL;
  g_hash_table_remove_all (self->caps_by_type);
  self->caps_loading = TRUE;
  fetch->self = g_object_ref (self);
  fetch->arch = g_strdup (arch);
  fetch->types = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (fetch->types, g_strdup ("kvm"));
  g_ptr_array_add (fetch->types, g_strdup ("qemu"));
  if (!g_str_equal (own, "qemu") && !g_str_equal (own, "kvm"))
    g_ptr_array_add (fetch->types, g_steal_pointer (&own));
  fetch_next_caps (fetch);
  yado_nvw_update_buttons (self);
}

void
yado_nvw_refetch_caps (YadoNewVmWizard *self, const char *arch)
{
  if (self->connection != NULL)
    fetch_caps (self, arch);
}

void
yado_nvw_set_virt_type (YadoNewVmWizard *self, const char *type)
{
  if (!self->caps_loading)
    choose_virt_type (self, type);
}

void
yado_nvw_set_connection (YadoNewVmWizard *self, YadoConnection *connection)
{
  if (connection == self->connection)
    return;
  unwatch_host (self);
  g_set_object (&self->connection, connection);
  g_cancellable_cancel (self->caps_cancellable);
  self->caps = NULL;
  g_hash_table_remove_all (self->caps_by_type);
  self->caps_loading = FALSE;
  if (connection != NULL)
    {
      self->networks_handler = g_signal_connect_swapped (
        yado_connection_get_networks (connection), "items-changed",
        G_CALLBACK (on_networks_changed), self);
      self->pools_handler = g_signal_connect_swapped (
        yado_connection_get_storage_pools (connection), "items-changed",
        G_CALLBACK (yado_nvw_storage_refill_pools), self);
      self->domains_handler = g_signal_connect_swapped (
        yado_connection_get_domains (connection), "items-changed",
        G_CALLBACK (on_domains_changed), self);
      fetch_caps (self, NULL);
    }
  yado_nvw_source_host_changed (self);
  on_networks_changed (self);
  yado_nvw_storage_refill_pools (self);
  yado_nvw_update_buttons (self);
}

/* ---- libosinfo ---- */

static void
on_os_db_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoNewVmWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  YadoOsDb *db = yado_os_db_load_finish (result, &error);

  if (!still_open (self, error))
    return;
  if (db == NULL)
    {
      /* Without it there is no list: say so where the list would be. */
      g_autofree char *message = g_strdup_printf (_("The list of operating systems could not "
                                                    "be read: %s"), error->message);

      yado_wizard_show_message (self->os_loading, message);
      return;
    }
  self->os_db = db;
  yado_nvw_os_db_loaded (self);
  yado_nvw_source_detect (self);
  yado_nvw_update_buttons (self);
}

/* ---- Finish ---- */

static void
show_progress_error (YadoNewVmWizard *self, const char *title, const char *message)
{
  gtk_spinner_stop (self->progress_spinner);
  gtk_label_set_text (self->progress_title, title);
  gtk_label_set_text (self->progress_error, message);
  gtk_widget_show (self->progress_error_box);
  gtk_widget_hide (gtk_widget_get_parent (GTK_WIDGET (self->progress_status)));
  gtk_widget_hide (GTK_WIDGET (self->progress_bar));
  yado_nvw_update_buttons (self);
}

static void
on_progress (const char *status, double fraction, gpointer user_data)
{
  YadoNewVmWizard *self = user_data;

  if (self->disposed || !self->creating)
    return;
  gtk_label_set_text (self->progress_status, status);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
}

static void
on_vm_created (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoNewVmWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = yado_connection_create_vm_finish (YADO_CONNECTION (source), result,
                                                            &error);

  self->creating = FALSE;
  g_clear_object (&self->create_cancellable);
  if (self->disposed)
    return;
  if (uuid == NULL)
    {
      gboolean cancelled = g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED)
                           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      g_autofree char *title = g_strdup_printf (cancelled ? _("“%s” was not created")
                                                          : _("Could not create “%s”"),
                                                self->vm->name);

      show_progress_error (self, title, cancelled ? _("Cancelled: nothing was made on the host.")
                                                  : error->message);
      return;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, 1);
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, self->connection, uuid,
                 gtk_toggle_button_get_active (self->customize_check), self->vm);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
create (YadoNewVmWizard *self)
{
  g_autoptr(YadoCloudInit) cloud_init = yado_nvw_source_cloud_init (self);
  g_autofree char *title = g_strdup_printf (_("Creating “%s”…"), self->vm->name);
  gboolean customize = gtk_toggle_button_get_active (self->customize_check);

  self->step = YADO_NVW_STEP_PROGRESS;
  self->creating = TRUE;
  self->create_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->header_label, _("Creating the virtual machine"));
  gtk_label_set_text (self->progress_title, title);
  gtk_label_set_text (self->progress_status, _("Starting…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_show (GTK_WIDGET (self->progress_bar));
  gtk_widget_show (gtk_widget_get_parent (GTK_WIDGET (self->progress_status)));
  gtk_widget_hide (self->progress_error_box);
  gtk_spinner_start (self->progress_spinner);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  yado_nvw_update_buttons (self);
  yado_connection_create_vm_async (self->connection, self->vm, cloud_init, !customize,
                                   on_progress, self, self->create_cancellable, on_vm_created,
                                   g_object_ref (self));
}

static void
on_mac_users (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YadoNewVmWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = yado_connection_find_mac_users_finish (YADO_CONNECTION (source),
                                                                      result, &error);

  self->mac_checking = FALSE;
  if (!still_open (self, error))
    return;
  if (users != NULL && users->len > 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” has a NIC with this MAC address "
                                                    "already."),
                                                  (char *) g_ptr_array_index (users, 0));

      yado_wizard_show_message (self->mac_error, message);
      yado_nvw_update_buttons (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->mac_entry));
      return;
    }
  /* The host could not say: libvirt checks again when the VM starts. */
  if (users == NULL)
    g_warning ("Could not check the MAC address: %s", error->message);
  create (self);
}

static void
finish (YadoNewVmWizard *self)
{
  g_autofree char *mac = NULL;

  if (self->step != YADO_NVW_STEP_NAME || self->creating || self->mac_checking
      || self->connection == NULL || !gtk_widget_get_sensitive (self->finish_button))
    return;
  if (!yado_nvw_name_check (self))
    {
      yado_nvw_update_buttons (self);
      yado_wizard_focus_first_error (self->errors[YADO_NVW_STEP_NAME]);
      return;
    }
  yado_nvw_name_collect (self);
  mac = yado_nvw_name_mac (self);
  if (mac == NULL)
    {
      create (self);
      return;
    }
  /* No two NICs on a host may share a MAC: ask every VM's definition. */
  self->mac_checking = TRUE;
  yado_nvw_update_buttons (self);
  yado_connection_find_mac_users_async (self->connection, mac, self->cancellable, on_mac_users,
                                        g_object_ref (self));
}

/* ---- the dialog ---- */

static void
yado_new_vm_wizard_response (GtkDialog *dialog, int response)
{
  YadoNewVmWizard *self = YADO_NEW_VM_WIZARD (dialog);

  switch (response)
    {
    case RESPONSE_BACK:
      go_back (self);
      break;
    case RESPONSE_FORWARD:
      go_forward (self);
      break;
    case GTK_RESPONSE_OK:
      finish (self);
      break;
    case GTK_RESPONSE_CANCEL:
      /* Cancel while the VM is made stops it (the model takes back what
       * it made) and stays to say so; else it closes the wizard. */
      if (self->creating)
        {
          g_cancellable_cancel (self->create_cancellable);
          gtk_label_set_text (self->progress_status, _("Cancelling…"));
          break;
        }
      gtk_widget_destroy (GTK_WIDGET (dialog));
      break;
    default:
      gtk_widget_destroy (GTK_WIDGET (dialog));
      break;
    }
}

static void
build_steps (YadoNewVmWizard *self)
{
  g_object_set (self->steps_box, "margin-start", 18, "margin-end", 18, "margin-top", 24,
                NULL);
  for (guint i = 0; i < YADO_NVW_N_STEPS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u. %s", i + 1, _(step_titles[i]));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_show (label);
      gtk_box_pack_start (self->steps_box, label, FALSE, FALSE, 0);
      self->step_labels[i] = GTK_LABEL (label);
    }
}

static void
build_pages (YadoNewVmWizard *self)
{
  yado_nvw_source_build (self);
  yado_nvw_os_build (self);
  yado_nvw_memory_build (self);
  yado_nvw_storage_build (self);
  yado_nvw_name_build (self);
  for (guint i = 0; i < YADO_NVW_N_STEPS; i++)
    for (guint j = 0; j < self->errors[i]->len; j++)
      g_signal_connect_swapped (g_ptr_array_index (self->errors[i], j), "notify::visible",
                                G_CALLBACK (yado_nvw_update_buttons), self);
}

static void
yado_new_vm_wizard_dispose (GObject *object)
{
  YadoNewVmWizard *self = YADO_NEW_VM_WIZARD (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->caps_cancellable);
  g_cancellable_cancel (self->detect_cancellable);
  g_cancellable_cancel (self->create_cancellable);
  g_clear_handle_id (&self->detect_timeout, g_source_remove);
  unwatch_host (self);
  if (self->connection_handlers != NULL)
    for (guint i = 0; i < self->connection_handlers->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->connection_handlers, i),
                                            self);
  g_clear_pointer (&self->connection_handlers, g_ptr_array_unref);
  if (self->connections != NULL)
    g_signal_handlers_disconnect_by_data (self->connections, self);
  g_clear_object (&self->connections);
  g_clear_object (&self->connection);
  G_OBJECT_CLASS (yado_new_vm_wizard_parent_class)->dispose (object);
}

static void
yado_new_vm_wizard_finalize (GObject *object)
{
  YadoNewVmWizard *self = YADO_NEW_VM_WIZARD (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->caps_cancellable);
  g_clear_object (&self->detect_cancellable);
  g_clear_object (&self->create_cancellable);
  g_clear_pointer (&self->caps_by_type, g_hash_table_unref);
  g_clear_pointer (&self->vm, yado_new_vm_free);
  g_free (self->detected_os);
  g_free (self->detected_for);
  g_free (self->detect_error);
  g_free (self->applied_os);
  for (guint i = 0; i < YADO_NVW_N_STEPS; i++)
    g_clear_pointer (&self->errors[i], g_ptr_array_unref);
  for (guint i = 0; i < YADO_NVW_N_METHODS; i++)
    g_clear_pointer (&self->method_widgets[i], g_ptr_array_unref);
  g_clear_pointer (&self->arch_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->kernel_args_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->storage_new_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->storage_existing_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->storage_choice_widgets, g_ptr_array_unref);
  g_clear_object (&self->connection_store);
  g_clear_object (&self->os_store);
  g_clear_object (&self->labels);
  g_free (self->chosen_os);
  g_free (self->detecting_for);
  g_free (self->tree_kernel);
  g_free (self->tree_initrd);
  G_OBJECT_CLASS (yado_new_vm_wizard_parent_class)->finalize (object);
}

static void
yado_new_vm_wizard_class_init (YadoNewVmWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yado_new_vm_wizard_dispose;
  object_class->finalize = yado_new_vm_wizard_finalize;
  GTK_DIALOG_CLASS (klass)->response = yado_new_vm_wizard_response;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-new-vm-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, steps_box);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, header_label);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, stack);
  gtk_widget_class_bind_template_child_full (widget_class, "page_source", FALSE,
                                             G_STRUCT_OFFSET (YadoNewVmWizard, pages[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "page_os", FALSE,
                                             G_STRUCT_OFFSET (YadoNewVmWizard, pages[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "page_memory", FALSE,
                                             G_STRUCT_OFFSET (YadoNewVmWizard, pages[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "page_storage", FALSE,
                                             G_STRUCT_OFFSET (YadoNewVmWizard, pages[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "page_name", FALSE,
                                             G_STRUCT_OFFSET (YadoNewVmWizard, pages[4]));
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, progress_title);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, progress_status);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, progress_error_box);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, progress_error);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, forward_button);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, finish_button);
  gtk_widget_class_bind_template_child (widget_class, YadoNewVmWizard, cancel_button);

  signals[SIGNAL_CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          4, YADO_TYPE_CONNECTION, G_TYPE_STRING,
                                          G_TYPE_BOOLEAN, G_TYPE_POINTER);
}

static void
yado_new_vm_wizard_init (YadoNewVmWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->vm = yado_new_vm_new ();
  self->caps_by_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) yado_host_caps_free);
  for (guint i = 0; i < YADO_NVW_N_STEPS; i++)
    self->errors[i] = g_ptr_array_new ();
  self->labels = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  build_steps (self);
}

YadoNewVmWizard *
yado_new_vm_wizard_new (GtkWindow *parent, GListModel *connections,
                        YadoConnection *preselected)
{
  YadoNewVmWizard *self = g_object_new (YADO_TYPE_NEW_VM_WIZARD, "transient-for", parent,
                                        "use-header-bar", FALSE, NULL);

  self->connections = g_object_ref (connections);
  build_pages (self);
  g_signal_connect_swapped (connections, "items-changed",
                            G_CALLBACK (yado_nvw_source_refill_connections), self);
  yado_nvw_source_refill_connections (self);
  if (preselected != NULL)
    gtk_combo_box_set_active_id (self->connection_combo, yado_connection_get_uri (preselected));
  self->os_db = yado_os_db_get_default ();
  if (self->os_db != NULL)
    yado_nvw_os_db_loaded (self);
  else
    yado_os_db_load_async (self->cancellable, on_os_db_loaded, g_object_ref (self));
  enter_step (self, YADO_NVW_STEP_SOURCE);
  return self;
}

guint
yado_new_vm_wizard_get_step (YadoNewVmWizard *self)
{
  return self->step + 1;
}

YadoConnection *
yado_new_vm_wizard_get_connection (YadoNewVmWizard *self)
{
  return self->connection;
}

const YadoNewVm *
yado_new_vm_wizard_get_vm (YadoNewVmWizard *self)
{
  return self->vm;
}
