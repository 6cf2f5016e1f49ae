/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-add-connection-dialog.h"
#include "yado-application.h"
#include "yado-auth-prompter.h"
#include "yado-connection.h"
#include "yado-domain.h"
#include "yado-event-loop.h"
#include "yado-manager-window.h"
#include "yado-resources.h"
#include "yado-vm-window.h"

#define SCHEMA_ID "dev.yado.Yado"

struct _YadoApplication {
  GtkApplication      parent_instance;

  GSettings          *settings;
  YadoConnectionList *connections;
  GHashTable         *transient_uris;  /* opened from the command line: not saved */
  GHashTable         *vm_windows;      /* UUID -> YadoVmWindow, one per VM */
  char               *pending_console; /* --show-domain-console NAME, until listed */
  gboolean            pending_details; /* --show-domain-editor: its details page */
  gboolean            loading;         /* no saving while the saved list loads */
};

G_DEFINE_FINAL_TYPE (YadoApplication, yado_application, GTK_TYPE_APPLICATION)

/* ---- settings ---- */

GSettings *
yado_settings_new (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      /* Not installed: the build tree compiles it next to the binary. */
      g_autoptr(GSettingsSchemaSource) built =
        g_settings_schema_source_new_from_directory (YADO_BUILD_DATADIR, installed, FALSE, NULL);

      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, SCHEMA_ID, FALSE);
    }
  if (schema == NULL)
    g_error ("The settings schema %s is not installed, nor built in %s", SCHEMA_ID,
             YADO_BUILD_DATADIR);
  return g_settings_new_full (schema, NULL, NULL);
}

char *
yado_application_get_demo_uri (void)
{
  g_autofree char *installed = g_build_filename (YADO_PKGDATADIR, "demo-host.xml", NULL);
  g_autofree char *source = g_build_filename (YADO_SOURCE_DATADIR, "demo-host.xml", NULL);
  const char *path = g_file_test (source, G_FILE_TEST_EXISTS) ? source : installed;

  return g_strconcat ("test://", path, NULL);
}

/* ---- the saved list of connections ---- */

static void
save_connections (YadoApplication *self)
{
  GListModel *model = yado_connection_list_get_model (self->connections);
  g_autoptr(GStrvBuilder) uris = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) autoconnect = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) read_only = g_strv_builder_new ();
  g_auto(GStrv) read_only_list = NULL;
  g_auto(GStrv) uri_list = NULL;
  g_auto(GStrv) auto_list = NULL;

  if (self->loading)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);
      const char *uri = yado_connection_get_uri (c);

      if (g_hash_table_contains (self->transient_uris, uri))
        continue;
      g_strv_builder_add (uris, uri);
      if (yado_connection_get_autoconnect (c))
        g_strv_builder_add (autoconnect, uri);
      if (yado_connection_get_read_only (c))
        g_strv_builder_add (read_only, uri);
    }
  uri_list = g_strv_builder_end (uris);
  auto_list = g_strv_builder_end (autoconnect);
  g_settings_set_strv (self->settings, "connections", (const char * const *) uri_list);
  g_settings_set_strv (self->settings, "autoconnect", (const char * const *) auto_list);
  read_only_list = g_strv_builder_end (read_only);
  g_settings_set_strv (self->settings, "read-only", (const char * const *) read_only_list);
}

static gboolean
on_auth_request (YadoConnection *connection, YadoAuthRequest *request, YadoApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  yado_auth_prompter_ask (parent, connection, request);
  return TRUE;
}

static void
on_autoconnect_changed (YadoConnection *connection, GParamSpec *pspec, YadoApplication *self)
{
  save_connections (self);
}

static void on_connection_state_for_console (YadoConnection *connection, GParamSpec *pspec,
                                             YadoApplication *self);

static YadoConnection *
add_connection (YadoApplication *self, const char *uri, gboolean autoconnect, gboolean transient)
{
  YadoConnection *existing = yado_connection_list_find (self->connections, uri);
  YadoConnection *connection;

  if (existing != NULL)
    return existing;
  if (transient)
    g_hash_table_add (self->transient_uris, g_strdup (uri));
  connection = yado_connection_list_add (self->connections, uri);
  yado_connection_set_autoconnect (connection, autoconnect);
  g_signal_connect_object (connection, "auth-request", G_CALLBACK (on_auth_request), self, 0);
  g_signal_connect_object (connection, "notify::autoconnect",
                           G_CALLBACK (on_autoconnect_changed), self, 0);
  g_signal_connect_object (connection, "notify::read-only",
                           G_CALLBACK (on_autoconnect_changed), self, 0);
  g_signal_connect_object (connection, "notify::state",
                           G_CALLBACK (on_connection_state_for_console), self, 0);
  yado_connection_set_stats_interval (connection,
                                      g_settings_get_uint (self->settings, "stats-interval"));
  return connection;
}

static void
on_connections_changed (GListModel *model, guint position, guint removed, guint added,
                        YadoApplication *self)
{
  save_connections (self);
}

static gboolean
qemu_is_installed (void)
{
  static const char *paths[] = {
    "/usr/bin/qemu-system-x86_64", "/usr/bin/qemu-kvm", "/usr/libexec/qemu-kvm",
    "/usr/bin/kvm", "/usr/bin/qemu-system-aarch64",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (g_file_test (paths[i], G_FILE_TEST_IS_EXECUTABLE))
      return TRUE;
  return FALSE;
}

/* The first start with nothing saved offers what this machine has. */
static void
add_first_run_connections (YadoApplication *self)
{
  if (g_settings_get_boolean (self->settings, "first-run-done"))
    return;
  if (qemu_is_installed ())
    add_connection (self, "qemu:///session", TRUE, FALSE);
  if (g_file_test ("/var/run/libvirt/libvirt-sock", G_FILE_TEST_EXISTS))
    add_connection (self, "qemu:///system", TRUE, FALSE);
  g_settings_set_boolean (self->settings, "first-run-done", TRUE);
}

static void
load_saved_connections (YadoApplication *self)
{
  g_auto(GStrv) uris = g_settings_get_strv (self->settings, "connections");
  g_auto(GStrv) autoconnect = g_settings_get_strv (self->settings, "autoconnect");
  g_auto(GStrv) read_only = g_settings_get_strv (self->settings, "read-only");

  self->loading = TRUE;
  for (guint i = 0; uris[i] != NULL; i++)
    {
      YadoConnection *c = add_connection (self, uris[i],
                                          g_strv_contains ((const char * const *) autoconnect,
                                                           uris[i]), FALSE);

      yado_connection_set_read_only (c, g_strv_contains ((const char * const *) read_only,
                                                         uris[i]));
    }
  self->loading = FALSE;
}

/* ---- actions ---- */

static void
on_add_connection_response (GtkDialog *dialog, int response, YadoApplication *self)
{
  YadoAddConnectionDialog *add = YADO_ADD_CONNECTION_DIALOG (dialog);
  g_autofree char *uri = yado_add_connection_dialog_get_uri (add);

  if (response == GTK_RESPONSE_OK && uri != NULL)
    {
      YadoConnection *connection =
        add_connection (self, uri, yado_add_connection_dialog_get_autoconnect (add), FALSE);

      yado_connection_set_read_only (connection, yado_add_connection_dialog_get_read_only (add));
      /* Opened now, whatever autoconnect says: the user just asked for it.
       * A failure shows on its row, with Retry; the entry stays saved. */
      yado_connection_open (connection);
    }
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
on_add_connection_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  YadoApplication *self = data;
  GtkWidget *dialog = yado_add_connection_dialog_new (
      gtk_application_get_active_window (GTK_APPLICATION (self)));

  g_signal_connect (dialog, "response", G_CALLBACK (on_add_connection_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_about_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));

  gtk_show_about_dialog (parent,
                         "program-name", "Yado",
                         "version", PACKAGE_VERSION,
                         "comments", _("Manage virtual machines on this computer and on remote hosts"),
                         "license-type", GTK_LICENSE_GPL_2_0,
                         "logo-icon-name", APPLICATION_ID,
                         NULL);
}

static void
on_quit_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  /* Quitting closes Yado only; every VM keeps running. */
  g_application_quit (G_APPLICATION (data));
}

static const GActionEntry app_actions[] = {
  { .name = "add-connection", .activate = on_add_connection_action },
  { .name = "about", .activate = on_about_action },
  { .name = "quit", .activate = on_quit_action },
};

/* ---- VM windows ---- */

static gboolean
is_window (gpointer key, gpointer value, gpointer window)
{
  return value == window;
}

static void
on_vm_window_destroyed (GtkWidget *window, YadoApplication *self)
{
  /* By value: the window has already let go of its domain by the time
   * GTK emits "destroy". */
  g_hash_table_foreach_remove (self->vm_windows, is_window, window);
}

void
yado_application_show_domain (YadoApplication *self, YadoDomain *domain)
{
  GtkWindow *window = g_hash_table_lookup (self->vm_windows, yado_domain_get_uuid (domain));

  if (window == NULL)
    {
      window = GTK_WINDOW (yado_vm_window_new (GTK_APPLICATION (self), domain, self->settings));
      g_hash_table_insert (self->vm_windows, g_strdup (yado_domain_get_uuid (domain)), window);
      g_signal_connect (window, "destroy", G_CALLBACK (on_vm_window_destroyed), self);
    }
  gtk_window_present (window);
}

/* A VM the New VM wizard made: its window opens once the connection lists
 * it (the define's event may come after the wizard's answer), on the
 * console, or on the details with Begin Installation when the user asked
 * to customize it first. */
typedef struct {
  YadoApplication *app;
  YadoConnection  *connection;  /* weak */
  char            *uuid;
  gboolean         customize;
  YadoNewVm       *vm;
} NewDomain;

static void
new_domain_free (NewDomain *pending)
{
  g_clear_weak_pointer (&pending->connection);
  g_object_unref (pending->app);
  g_free (pending->uuid);
  yado_new_vm_free (pending->vm);
  g_free (pending);
}

static gboolean
open_new_domain (NewDomain *pending)
{
  YadoDomain *domain = pending->connection
                       ? yado_connection_lookup_domain (pending->connection, pending->uuid) : NULL;
  YadoVmWindow *window;

  if (domain == NULL)
    return FALSE;
  yado_application_show_domain (pending->app, domain);
  window = g_hash_table_lookup (pending->app->vm_windows, pending->uuid);
  if (pending->customize)
    yado_vm_window_set_pending_install (window, pending->vm);
  else
    yado_vm_window_show_view (window, "console");
  return TRUE;
}

static void
on_new_domain_listed (GListModel *domains, guint position, guint removed, guint added,
                      NewDomain *pending)
{
  if (added > 0 && open_new_domain (pending))
    {
      g_signal_handlers_disconnect_by_data (domains, pending);
      new_domain_free (pending);
    }
}

void
yado_application_open_new_domain (YadoApplication *self, YadoConnection *connection,
                                  const char *uuid, gboolean customize, const YadoNewVm *vm)
{
  NewDomain *pending = g_new0 (NewDomain, 1);

  pending->app = g_object_ref (self);
  g_set_weak_pointer (&pending->connection, connection);
  pending->uuid = g_strdup (uuid);
  pending->customize = customize;
  pending->vm = yado_new_vm_copy (vm);
  if (open_new_domain (pending))
    {
      new_domain_free (pending);
      return;
    }
  g_signal_connect (yado_connection_get_domains (connection), "items-changed",
                    G_CALLBACK (on_new_domain_listed), pending);
}

static void
on_open_domain (YadoManagerWindow *manager, YadoDomain *domain, YadoApplication *self)
{
  yado_application_show_domain (self, domain);
}

/* --show-domain-console waits until the connections have listed their
 * domains, then opens the window, or says that there is no such VM. */
static void
try_pending_console (YadoApplication *self)
{
  GListModel *model = yado_connection_list_get_model (self->connections);
  YadoDomain *domain;
  gboolean still_listing = FALSE;

  if (self->pending_console == NULL)
    return;
  domain = yado_connection_list_lookup_domain (self->connections, self->pending_console);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);
      still_listing |= yado_connection_get_state (c) == YADO_CONNECTION_CONNECTING;
    }
  if (domain != NULL)
    {
      yado_application_show_domain (self, domain);
      if (self->pending_details)
        yado_vm_window_show_view (g_hash_table_lookup (self->vm_windows,
                                                       yado_domain_get_uuid (domain)),
                                  "details");
    }
  else if (!still_listing)
    {
      GtkWindow *manager = gtk_application_get_active_window (GTK_APPLICATION (self));
      g_autofree char *primary = g_strdup_printf (_("No virtual machine called “%s”"),
                                                  self->pending_console);

      if (YADO_IS_MANAGER_WINDOW (manager))
        yado_manager_window_show_message (YADO_MANAGER_WINDOW (manager), GTK_MESSAGE_WARNING,
                                          primary, _("None of the connected hosts has it."));
    }
  else
    return;
  g_clear_pointer (&self->pending_console, g_free);
}

static void
on_connection_state_for_console (YadoConnection *connection, GParamSpec *pspec,
                                 YadoApplication *self)
{
  try_pending_console (self);
}

/* ---- GApplication ---- */

static GtkWindow *
ensure_manager_window (YadoApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    if (YADO_IS_MANAGER_WINDOW (l->data))
      return l->data;
  {
    YadoManagerWindow *manager = yado_manager_window_new (GTK_APPLICATION (self),
                                                          self->connections, self->settings);

    g_signal_connect_object (manager, "open-domain", G_CALLBACK (on_open_domain), self, 0);
    return GTK_WINDOW (manager);
  }
}

static void
yado_application_activate (GApplication *app)
{
  gtk_window_present (ensure_manager_window (YADO_APPLICATION (app)));
}

void
yado_application_ensure_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/dev/yado/Yado/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (),
                                             GTK_STYLE_PROVIDER (provider),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
set_accels (GtkApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.focus-search", { "<Control>f", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "app.add-connection", { "<Control><Shift>n", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
}

static void
yado_application_startup (GApplication *app)
{
  YadoApplication *self = YADO_APPLICATION (app);
  g_autoptr(GtkBuilder) builder = NULL;

  G_APPLICATION_CLASS (yado_application_parent_class)->startup (app);

  yado_event_loop_ensure_registered ();
  g_resources_register (yado_get_resource ());
  self->settings = yado_settings_new ();
  self->connections = yado_connection_list_new ();
  g_signal_connect_object (yado_connection_list_get_model (self->connections), "items-changed",
                           G_CALLBACK (on_connections_changed), self, 0);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  builder = gtk_builder_new_from_resource ("/dev/yado/Yado/ui/yado-menus.ui");
  gtk_application_set_menubar (GTK_APPLICATION (app),
                               G_MENU_MODEL (gtk_builder_get_object (builder, "menubar")));
  set_accels (GTK_APPLICATION (app));
  yado_application_ensure_style ();
  /* The icon is in the resources too, so the uninstalled binary has it. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_default (), "/dev/yado/Yado/icons");
  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
yado_application_shutdown (GApplication *app)
{
  YadoApplication *self = YADO_APPLICATION (app);
  GListModel *model = yado_connection_list_get_model (self->connections);

  /* Close the libvirt connections (on their workers); never the VMs. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);
      yado_connection_close (c);
    }
  G_APPLICATION_CLASS (yado_application_parent_class)->shutdown (app);
}

static void
not_available_yet (GApplicationCommandLine *cmdline, const char *option)
{
  g_application_command_line_printerr (cmdline,
                                       _("yado: %s is not available yet; it comes with a later version.\n"),
                                       option);
}

static int
yado_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  YadoApplication *self = YADO_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree const char **uris = NULL;
  gboolean demo = FALSE, debug = FALSE;
  const char *value;

  g_variant_dict_lookup (options, "connect", "^a&s", &uris);
  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "debug", "b", &debug);
  if (debug)
    g_log_set_debug_enabled (TRUE);

  if (g_variant_dict_lookup (options, "show-domain-console", "&s", &value))
    {
      /* The VM's window, once its host has listed it. */
      g_free (self->pending_console);
      self->pending_console = g_strdup (value);
      self->pending_details = FALSE;
    }
  if (g_variant_dict_lookup (options, "show-domain-editor", "&s", &value))
    {
      g_free (self->pending_console);
      self->pending_console = g_strdup (value);
      self->pending_details = TRUE;
    }
  if (g_variant_dict_lookup (options, "show-host-summary", "&s", &value))
    not_available_yet (cmdline, "--show-host-summary");

  if (uris == NULL && !demo && g_list_model_get_n_items (
          yado_connection_list_get_model (self->connections)) == 0)
    {
      load_saved_connections (self);
      if (g_list_model_get_n_items (yado_connection_list_get_model (self->connections)) == 0)
        add_first_run_connections (self);
    }

  g_application_activate (app);

  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    yado_connection_open (add_connection (self, uris[i], FALSE, TRUE));
  if (demo)
    {
      g_autofree char *demo_uri = yado_application_get_demo_uri ();
      yado_connection_open (add_connection (self, demo_uri, FALSE, TRUE));
    }
  {
    GListModel *model = yado_connection_list_get_model (self->connections);

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(YadoConnection) c = g_list_model_get_item (model, i);
        if (yado_connection_get_autoconnect (c))
          yado_connection_open (c);
      }
  }
  try_pending_console (self);
  return 0;
}

static const GOptionEntry option_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL, N_("Connect to a libvirt URI (may be repeated)"), N_("URI") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the shipped demo host (no hypervisor needed)"), NULL },
  { "show-domain-console", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Show the console of a virtual machine"), N_("NAME|UUID") },
  { "show-domain-editor", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Show the details of a virtual machine"), N_("NAME|UUID") },
  { "show-host-summary", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Show the summary of a host"), N_("URI") },
  { "debug", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print debugging messages"), NULL },
  { NULL }
};

static void
yado_application_finalize (GObject *object)
{
  YadoApplication *self = YADO_APPLICATION (object);

  g_clear_object (&self->connections);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->transient_uris, g_hash_table_unref);
  g_clear_pointer (&self->vm_windows, g_hash_table_unref);
  g_free (self->pending_console);
  G_OBJECT_CLASS (yado_application_parent_class)->finalize (object);
}

static void
yado_application_class_init (YadoApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = yado_application_finalize;
  app_class->startup = yado_application_startup;
  app_class->shutdown = yado_application_shutdown;
  app_class->activate = yado_application_activate;
  app_class->command_line = yado_application_command_line;
}

static void
yado_application_init (YadoApplication *self)
{
  self->transient_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->vm_windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

YadoApplication *
yado_application_new (void)
{
  return g_object_new (YADO_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

YadoConnectionList *
yado_application_get_connections (YadoApplication *self)
{
  return self->connections;
}

GSettings *
yado_application_get_settings (YadoApplication *self)
{
  return self->settings;
}
