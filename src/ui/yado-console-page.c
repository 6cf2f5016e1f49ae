/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "yado-connection.h"
#include "yado-console-page.h"
#include "yado-secret.h"

/* A console lost while the VM runs is tried again after 1, 2 and 4 s. */
#define MAX_AUTO_RETRIES 3
/* How long the release-keys hint stays after a grab. */
#define GRAB_HINT_MS 4000

typedef enum { CHOICE_GRAPHICS, CHOICE_TEXT } ChoiceKind;

struct _YadoConsolePage {
  GtkBin           parent_instance;

  GtkStack        *stack;
  GtkSpinner      *spinner;
  GtkLabel        *message_label;
  GtkButton       *retry_button;
  GtkLabel        *password_problem;
  GtkEntry        *password_entry;
  GtkToggleButton *remember_check;
  GtkButton       *password_button;
  GtkRevealer     *grab_hint;
  GtkLabel        *grab_hint_label;
  YadoConsole     *console;
  YadoTextConsole *text_console;

  YadoDomain      *domain;
  ChoiceKind       choice;
  guint            device;        /* graphics device, for CHOICE_GRAPHICS */
  char            *alias;         /* text console, for CHOICE_TEXT */
  gboolean         vm_running;
  gboolean         was_connected; /* since the user's (or the VM's) last start: lost, not refused */
  guint            attempts;      /* automatic retries since last connected */
  guint            retry_source;
  guint            grab_hint_source;
  char            *grab_keys;

  gboolean         keyring_tried; /* once per connect: then ask the user */
  char            *to_remember;   /* stored in the keyring once it worked */
  GCancellable    *keyring_cancellable;
};

G_DEFINE_FINAL_TYPE (YadoConsolePage, yado_console_page, GTK_TYPE_BIN)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Console passwords in the desktop keyring, one per VM graphics device of
 * a connection. */
static const SecretSchema *
console_password_schema (void)
{
  static const SecretSchema schema = {
    "dev.yado.Yado.ConsolePassword", SECRET_SCHEMA_NONE,
    {
      { "connection", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "domain", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "device", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static const char *
connection_uri (YadoConsolePage *self)
{
  YadoConnection *connection = yado_domain_get_connection (self->domain);

  return connection != NULL ? yado_connection_get_uri (connection) : "";
}

/* ---- pages ---- */

static void
show (YadoConsolePage *self, const char *name)
{
  /* A hidden spinner that still spins ticks the window's frame clock 60
   * times a second: the console would be drawn on those ticks, late. */
  if (g_strcmp0 (name, "message") != 0)
    gtk_spinner_stop (self->spinner);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The message page: @waiting shows a spinner, otherwise a Try Again
 * button. */
static void
show_message (YadoConsolePage *self, const char *message, gboolean waiting)
{
  gtk_label_set_text (self->message_label, message);
  if (waiting)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !waiting);
  show (self, "message");
}

/* ---- connecting ---- */

static void
cancel_retry (YadoConsolePage *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
}

static void
connect_now (YadoConsolePage *self)
{
  cancel_retry (self);
  self->keyring_tried = FALSE;
  show_message (self, _("Connecting to the console…"), TRUE);
  if (self->choice == CHOICE_TEXT)
    {
      yado_console_disconnect (self->console);
      yado_text_console_connect (self->text_console, self->domain, self->alias);
    }
  else
    {
      yado_text_console_disconnect (self->text_console);
      yado_console_connect_device (self->console, self->domain, self->device);
    }
}

static gboolean
on_retry_timeout (gpointer data)
{
  YadoConsolePage *self = data;

  self->retry_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* The host itself is gone: say so; the console comes back when the
 * connection does (on_connection_state). */
static gboolean
host_lost (YadoConsolePage *self)
{
  YadoConnection *connection = yado_domain_get_connection (self->domain);
  g_autofree char *message = NULL;
  const char *why;

  if (connection == NULL || yado_connection_get_state (connection) == YADO_CONNECTION_CONNECTED)
    return FALSE;
  why = yado_connection_get_error_message (connection);
  /* TRANSLATORS: "Lost the connection to QEMU/KVM: host: <libvirt's words>" */
  message = g_strdup_printf (_("Lost the connection to %s: %s\nThe console comes back when the host does."),
                             yado_connection_get_display_name (connection),
                             why != NULL ? why : _("no answer"));
  show_message (self, message, TRUE);
  return TRUE;
}

static void
on_connection_state (YadoConnection *connection, GParamSpec *pspec, YadoConsolePage *self)
{
  gboolean connected = yado_console_is_connected (self->console)
                       || yado_text_console_is_connected (self->text_console);

  if (yado_connection_get_state (connection) == YADO_CONNECTION_CONNECTED
      && self->vm_running && !connected)
    yado_console_page_retry (self);
}

/* Lost: a running VM's console comes back by itself (a reboot that
 * restarts QEMU, a hiccup), tried again until it works or MAX_AUTO_RETRIES
 * times; refused at the first try, or lost too often: ask the user. */
static void
on_disconnected (GObject *console, const char *reason, YadoConsolePage *self)
{
  g_autofree char *message = NULL;
  guint delay;

  /* Only the console on show matters: the other one was closed by us. */
  if (console != (self->choice == CHOICE_TEXT ? G_OBJECT (self->text_console)
                                              : G_OBJECT (self->console)))
    return;
  if (!self->vm_running || host_lost (self))
    return;
  if (!self->was_connected || self->attempts >= MAX_AUTO_RETRIES)
    {
      show_message (self, reason, FALSE);
      return;
    }
  delay = 1u << self->attempts;
  self->attempts++;
  message = g_strdup_printf (ngettext ("%s\nConnecting again in %u second…",
                                       "%s\nConnecting again in %u seconds…", delay),
                             reason, delay);
  show_message (self, message, TRUE);
  cancel_retry (self);
  self->retry_source = g_timeout_add_seconds (delay, on_retry_timeout, self);
}

static void
on_password_stored (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_warning ("Could not keep the console password in the keyring: %s", error->message);
}

static void
remember_password (YadoConsolePage *self)
{
  g_autofree char *label = NULL;

  /* TRANSLATORS: the keyring item's label: "Console password of web on QEMU/KVM: host" */
  label = g_strdup_printf (_("Console password of %s on %s"),
                           yado_domain_get_display_name (self->domain), connection_uri (self));
  secret_password_store (console_password_schema (), SECRET_COLLECTION_DEFAULT, label,
                         self->to_remember, NULL, on_password_stored, NULL,
                         "connection", connection_uri (self),
                         "domain", yado_domain_get_uuid (self->domain),
                         "device", (int) self->device, NULL);
  g_clear_pointer (&self->to_remember, yado_secret_free);
}

static void
on_connected (GObject *console, GParamSpec *pspec, YadoConsolePage *self)
{
  gboolean connected;

  g_object_get (console, "connected", &connected, NULL);
  if (!connected)
    return;
  self->was_connected = TRUE;
  self->attempts = 0;
  /* Only a password that worked goes to the keyring. */
  if (self->to_remember != NULL)
    remember_password (self);
  show (self, self->choice == CHOICE_TEXT ? "text" : "graphics");
}

/* ---- passwords ---- */

static void
ask_user (YadoConsolePage *self, const char *problem)
{
  gtk_label_set_text (self->password_problem, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->password_problem), problem != NULL);
  show (self, "password");
  gtk_widget_grab_default (GTK_WIDGET (self->password_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
on_keyring_lookup (GObject *source, GAsyncResult *result, gpointer data)
{
  YadoConsolePage *self = data;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password == NULL)
    {
      /* Not there, or no keyring on this desktop: the user knows. */
      ask_user (self, NULL);
      return;
    }
  yado_console_provide_password (self->console, password);
  secret_password_free (password);
}

static void
on_password_needed (YadoConsole *console, const char *problem, YadoConsolePage *self)
{
  if (problem != NULL || self->keyring_tried)
    {
      ask_user (self, problem);
      return;
    }
  self->keyring_tried = TRUE;
  show_message (self, _("Looking for the console password in the keyring…"), TRUE);
  g_cancellable_cancel (self->keyring_cancellable);
  g_set_object (&self->keyring_cancellable, g_cancellable_new ());
  secret_password_lookup (console_password_schema (), self->keyring_cancellable,
                          on_keyring_lookup, self,
                          "connection", connection_uri (self),
                          "domain", yado_domain_get_uuid (self->domain),
                          "device", (int) self->device, NULL);
}

static void
on_password_submitted (YadoConsolePage *self)
{
  const char *password = gtk_entry_get_text (self->password_entry);

  if (*password == '\0')
    {
      ask_user (self, _("Type the password of the VM’s graphics console."));
      return;
    }
  g_clear_pointer (&self->to_remember, yado_secret_free);
  if (gtk_toggle_button_get_active (self->remember_check))
    self->to_remember = g_strdup (password);
  show_message (self, _("Connecting to the console…"), TRUE);
  yado_console_provide_password (self->console, password);
  /* Not kept in the entry: the console has it now. */
  gtk_entry_set_text (self->password_entry, "");
}

/* ---- the grab hint ---- */

static gboolean
on_grab_hint_timeout (gpointer data)
{
  YadoConsolePage *self = data;

  self->grab_hint_source = 0;
  gtk_revealer_set_reveal_child (self->grab_hint, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_grabbed (YadoConsole *console, GParamSpec *pspec, YadoConsolePage *self)
{
  gboolean grabbed = yado_console_is_grabbed (console);

  g_clear_handle_id (&self->grab_hint_source, g_source_remove);
  gtk_revealer_set_reveal_child (self->grab_hint, grabbed);
  if (grabbed)
    self->grab_hint_source = g_timeout_add (GRAB_HINT_MS, on_grab_hint_timeout, self);
}

char *
yado_console_page_describe_keys (const char *keys)
{
  g_auto(GStrv) names = g_strsplit (keys, "+", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_has_prefix (name, "Control"))
        g_ptr_array_add (words, g_strdup (C_("keyboard key", "Ctrl")));
      else if (g_str_has_prefix (name, "Alt"))
        g_ptr_array_add (words, g_strdup (C_("keyboard key", "Alt")));
      else if (g_str_has_prefix (name, "Shift"))
        g_ptr_array_add (words, g_strdup (C_("keyboard key", "Shift")));
      else if (g_str_has_prefix (name, "Super"))
        g_ptr_array_add (words, g_strdup (C_("keyboard key", "Super")));
      else
        g_ptr_array_add (words, g_strdup (name));
    }
  g_ptr_array_add (words, NULL);
  return g_strjoinv ("+", (char **) words->pdata);
}

gboolean
yado_console_page_set_grab_keys (YadoConsolePage *self, const char *keys)
{
  g_autofree char *described = NULL;
  g_autofree char *hint = NULL;

  if (!yado_console_set_grab_keys (self->console, keys))
    return FALSE;
  g_free (self->grab_keys);
  self->grab_keys = g_strdup (keys);
  described = yado_console_page_describe_keys (keys);
  /* TRANSLATORS: %s is a key combination, "Ctrl+Alt" */
  hint = g_strdup_printf (_("Press %s to release the keyboard and pointer"), described);
  gtk_label_set_text (self->grab_hint_label, hint);
  return TRUE;
}

/* ---- public ---- */

void
yado_console_page_set_domain (YadoConsolePage *self, YadoDomain *domain)
{
  YadoConnection *connection;

  g_return_if_fail (self->domain == NULL);
  self->domain = g_object_ref (domain);
  connection = yado_domain_get_connection (domain);
  if (connection != NULL)
    g_signal_connect_object (connection, "notify::state", G_CALLBACK (on_connection_state),
                             self, 0);
}

void
yado_console_page_choose_graphics (YadoConsolePage *self, guint device)
{
  self->choice = CHOICE_GRAPHICS;
  self->device = device;
  self->attempts = 0;
  self->was_connected = FALSE;
  if (self->vm_running)
    connect_now (self);
}

void
yado_console_page_choose_text (YadoConsolePage *self, const char *alias)
{
  self->choice = CHOICE_TEXT;
  g_free (self->alias);
  self->alias = g_strdup (alias);
  self->attempts = 0;
  self->was_connected = FALSE;
  if (self->vm_running)
    connect_now (self);
}

char *
yado_console_page_get_choice (YadoConsolePage *self)
{
  if (self->choice == CHOICE_TEXT)
    return g_strdup_printf ("t:%s", self->alias);
  return g_strdup_printf ("g%u", self->device);
}

void
yado_console_page_set_vm_running (YadoConsolePage *self, gboolean running)
{
  gboolean connected = yado_console_is_connected (self->console)
                       || yado_text_console_is_connected (self->text_console);

  if (running == self->vm_running)
    return;
  self->vm_running = running;
  self->attempts = 0;
  self->was_connected = FALSE;
  if (running && !connected)
    connect_now (self);
  else if (!running)
    yado_console_page_disconnect (self);
}

void
yado_console_page_retry (YadoConsolePage *self)
{
  self->attempts = 0;
  self->was_connected = FALSE;
  connect_now (self);
}

void
yado_console_page_disconnect (YadoConsolePage *self)
{
  cancel_retry (self);
  yado_console_disconnect (self->console);
  yado_text_console_disconnect (self->text_console);
  show_message (self, "", FALSE);
}

const char *
yado_console_page_get_state (YadoConsolePage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
yado_console_page_get_message (YadoConsolePage *self)
{
  return gtk_label_get_text (self->message_label);
}

YadoConsole *
yado_console_page_get_console (YadoConsolePage *self)
{
  return self->console;
}

YadoTextConsole *
yado_console_page_get_text_console (YadoConsolePage *self)
{
  return self->text_console;
}

/* ---- GObject ---- */

static void
yado_console_page_dispose (GObject *object)
{
  YadoConsolePage *self = YADO_CONSOLE_PAGE (object);

  cancel_retry (self);
  g_clear_handle_id (&self->grab_hint_source, g_source_remove);
  g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  if (self->console != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->console, self);
      g_signal_handlers_disconnect_by_data (self->text_console, self);
      yado_console_disconnect (self->console);
      yado_text_console_disconnect (self->text_console);
      self->console = NULL;      /* the stack owns the widgets */
      self->text_console = NULL;
    }
  g_clear_pointer (&self->to_remember, yado_secret_free);
  g_clear_pointer (&self->alias, g_free);
  g_clear_pointer (&self->grab_keys, g_free);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (yado_console_page_parent_class)->dispose (object);
}

static void
yado_console_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, yado_console_page_get_state (YADO_CONSOLE_PAGE (object)));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yado_console_page_class_init (YadoConsolePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yado_console_page_dispose;
  object_class->get_property = yado_console_page_get_property;
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-console-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, stack);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, password_problem);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, remember_check);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, password_button);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, grab_hint);
  gtk_widget_class_bind_template_child (widget_class, YadoConsolePage, grab_hint_label);
}

static void
add_consoles (YadoConsolePage *self)
{
  self->console = YADO_CONSOLE (yado_console_new ());
  gtk_widget_show (GTK_WIDGET (self->console));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->console), "graphics");
  g_signal_connect (self->console, "notify::connected", G_CALLBACK (on_connected), self);
  g_signal_connect (self->console, "disconnected", G_CALLBACK (on_disconnected), self);
  g_signal_connect (self->console, "password-needed", G_CALLBACK (on_password_needed), self);
  g_signal_connect (self->console, "notify::grabbed", G_CALLBACK (on_grabbed), self);

  self->text_console = YADO_TEXT_CONSOLE (yado_text_console_new ());
  gtk_widget_show (GTK_WIDGET (self->text_console));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->text_console), "text");
  g_signal_connect (self->text_console, "notify::connected", G_CALLBACK (on_connected), self);
  g_signal_connect (self->text_console, "disconnected", G_CALLBACK (on_disconnected), self);
}

static void
yado_console_page_init (YadoConsolePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_consoles (self);
  self->keyring_cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->retry_button, "clicked",
                            G_CALLBACK (yado_console_page_retry), self);
  g_signal_connect_swapped (self->password_button, "clicked",
                            G_CALLBACK (on_password_submitted), self);
  yado_console_page_set_grab_keys (self, "Control_L+Alt_L");
}

YadoConsolePage *
yado_console_page_new (void)
{
  return g_object_new (YADO_TYPE_CONSOLE_PAGE, NULL);
}
