/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * YadoConsole: what VNC and SPICE have in common (connecting, the view,
 * keys, passwords). The protocols live in yado-console-vnc.c and
 * yado-console-spice.c.
 */
#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gtk-vnc.h>

#include "yado-console-private.h"
#include "yado-error.h"
#include "yado-secret.h"

/* Keys typed from text go one combination at a time, this far apart: a
 * guest reading a 16-key BIOS buffer must keep up. */
#define TYPE_INTERVAL_MS 15

G_DEFINE_FINAL_TYPE (YadoConsole, yado_console, GTK_TYPE_BIN)

enum { PROP_0, PROP_CONNECTED, PROP_GRABBED, N_PROPS };
enum { SIGNAL_DISCONNECTED, SIGNAL_PASSWORD_NEEDED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- state, for the backends ---- */

void
_yado_console_set_connected (YadoConsole *self, gboolean connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  if (!connected)
    _yado_console_set_grabbed (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

void
_yado_console_set_grabbed (YadoConsole *self, gboolean grabbed)
{
  if (self->grabbed == grabbed)
    return;
  self->grabbed = grabbed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRABBED]);
}

void
_yado_console_emit_disconnected (YadoConsole *self, const char *reason)
{
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, reason);
}

void
_yado_console_emit_password_needed (YadoConsole *self, const char *problem)
{
  g_signal_emit (self, signals[SIGNAL_PASSWORD_NEEDED], 0, problem);
}

/* ---- the view ---- */

static void
apply_size (YadoConsole *self, GtkWidget *display)
{
  int width = 0, height = 0;

  yado_console_get_guest_size (self, &width, &height);
  if (self->scaling || width == 0)
    {
      /* Fill the window; the library keeps the guest's shape. */
      gtk_widget_set_size_request (display, -1, -1);
      gtk_widget_set_halign (display, GTK_ALIGN_FILL);
      gtk_widget_set_valign (display, GTK_ALIGN_FILL);
      return;
    }
  /* The library scales to its allocation: give it the zoomed size, in the
   * middle, scrolled when the window is smaller. */
  gtk_widget_set_size_request (display, width * (int) self->zoom / 100,
                               height * (int) self->zoom / 100);
  gtk_widget_set_halign (display, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (display, GTK_ALIGN_CENTER);
}

void
_yado_console_apply_view (YadoConsole *self)
{
  if (self->display == NULL)
    return;
  apply_size (self, self->display);
  _yado_console_vnc_apply (self);
  _yado_console_spice_apply (self, self->display);
  for (guint i = 0; self->extra_monitors != NULL && i < self->extra_monitors->len; i++)
    _yado_console_spice_apply (self, self->extra_monitors->pdata[i]);
}

void
_yado_console_add_display (YadoConsole *self, GtkWidget *display)
{
  self->display = display;
  gtk_widget_set_hexpand (display, TRUE);
  gtk_widget_set_vexpand (display, TRUE);
  gtk_box_pack_start (GTK_BOX (self->monitor_box), display, TRUE, TRUE, 0);
  gtk_widget_show (display);
  _yado_console_apply_view (self);
}

/* ---- connecting ---- */

static void
drop_display (YadoConsole *self)
{
  _yado_console_vnc_close (self);
  _yado_console_spice_close (self);
  if (self->display != NULL)
    gtk_widget_destroy (self->display);
  self->display = NULL;
  g_clear_pointer (&self->protocol, g_free);
  self->awaiting_credential = FALSE;
}

static void
on_socket_ready (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(YadoConsole) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoGraphicsSocket) socket =
    yado_domain_open_graphics_finish (YADO_DOMAIN (source), result, &error);

  if (socket == NULL)
    {
      if (!g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED))
        _yado_console_emit_disconnected (self, error->message);
      return;
    }
  /* The user's answer wins over the VM's XML: it is the newer. */
  if (self->password == NULL && socket->password != NULL)
    self->password = g_strdup (socket->password);
  self->protocol = g_strdup (socket->type);
  if (g_strcmp0 (socket->type, "vnc") == 0)
    _yado_console_vnc_open (self, socket->fd);
  else if (g_strcmp0 (socket->type, "spice") == 0)
    _yado_console_spice_open (self, socket->fd);
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("Yado cannot show a console of type “%s”."), socket->type);

      _yado_console_emit_disconnected (self, message);
      return;
    }
  socket->fd = -1;
}

static void
start_connecting (YadoConsole *self)
{
  drop_display (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->password_tried = FALSE;
  yado_domain_open_graphics_async (self->domain, self->device, self->cancellable,
                                   on_socket_ready, g_object_ref (self));
}

void
yado_console_connect (YadoConsole *self, YadoDomain *domain)
{
  yado_console_connect_device (self, domain, 0);
}

void
yado_console_connect_device (YadoConsole *self, YadoDomain *domain, guint device)
{
  /* Another VM or device: a password given for the last one is not for
   * this one. */
  if (domain != self->domain || device != self->device)
    g_clear_pointer (&self->password, yado_secret_free);
  yado_console_disconnect (self);
  g_set_object (&self->domain, domain);
  self->device = device;
  start_connecting (self);
}

void
yado_console_disconnect (YadoConsole *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_display (self);
  _yado_console_set_connected (self, FALSE);
}

void
yado_console_provide_password (YadoConsole *self, const char *password)
{
  g_clear_pointer (&self->password, yado_secret_free);
  self->password = g_strdup (password);
  if (self->awaiting_credential && VNC_IS_DISPLAY (self->display))
    {
      /* gtk-vnc is still waiting on this connection: answer it. */
      self->awaiting_credential = FALSE;
      self->password_tried = TRUE;
      vnc_display_set_credential (VNC_DISPLAY (self->display), VNC_DISPLAY_CREDENTIAL_PASSWORD,
                                  password);
      return;
    }
  /* The server hung up after asking: connect again, with the password. */
  if (self->domain != NULL)
    start_connecting (self);
}

gboolean
yado_console_is_connected (YadoConsole *self)
{
  return self->connected;
}

guint
yado_console_get_device (YadoConsole *self)
{
  return self->device;
}

const char *
yado_console_get_protocol (YadoConsole *self)
{
  return self->protocol;
}

void
yado_console_get_guest_size (YadoConsole *self, int *width, int *height)
{
  *width = *height = 0;
  if (self->display == NULL || !self->connected)
    return;
  if (VNC_IS_DISPLAY (self->display))
    {
      *width = vnc_display_get_width (VNC_DISPLAY (self->display));
      *height = vnc_display_get_height (VNC_DISPLAY (self->display));
    }
  else
    _yado_console_spice_get_size (self, width, height);
}

GdkPixbuf *
yado_console_get_screenshot (YadoConsole *self)
{
  if (self->display == NULL || !self->connected)
    return NULL;
  if (VNC_IS_DISPLAY (self->display))
    return vnc_display_get_pixbuf (VNC_DISPLAY (self->display));
  return _yado_console_spice_screenshot (self);
}

/* ---- view settings ---- */

void
yado_console_set_scaling (YadoConsole *self, gboolean scaling)
{
  self->scaling = scaling;
  _yado_console_apply_view (self);
}

gboolean
yado_console_get_scaling (YadoConsole *self)
{
  return self->scaling;
}

void
yado_console_set_zoom (YadoConsole *self, guint percent)
{
  self->zoom = CLAMP (percent, 10, 400);
  _yado_console_apply_view (self);
}

guint
yado_console_get_zoom (YadoConsole *self)
{
  return self->zoom;
}

void
yado_console_set_resize_guest (YadoConsole *self, gboolean resize)
{
  self->resize_guest = resize;
  _yado_console_apply_view (self);
}

void
yado_console_set_monitors_in_windows (YadoConsole *self, gboolean in_windows)
{
  if (self->monitors_in_windows == in_windows)
    return;
  self->monitors_in_windows = in_windows;
  _yado_console_spice_place_monitors (self);
}

guint
yado_console_get_n_monitors (YadoConsole *self)
{
  if (self->display == NULL)
    return 0;
  return 1 + (self->extra_monitors != NULL ? self->extra_monitors->len : 0);
}

/* ---- keys ---- */

static void
send_keys_now (YadoConsole *self, const guint *keyvals, guint n_keyvals)
{
  if (VNC_IS_DISPLAY (self->display))
    vnc_display_send_keys (VNC_DISPLAY (self->display), keyvals, (int) n_keyvals);
  else if (SPICE_IS_DISPLAY (self->display))
    spice_display_send_keys (SPICE_DISPLAY (self->display), keyvals, (int) n_keyvals,
                             SPICE_DISPLAY_KEY_EVENT_CLICK);
}

void
yado_console_send_keys (YadoConsole *self, const guint *keyvals, guint n_keyvals)
{
  if (self->connected)
    send_keys_now (self, keyvals, n_keyvals);
}

/* The key combination that types @c on this keyboard layout: its key's
 * unshifted key value, with Shift when the character is on the shifted
 * level. FALSE when no key types it. */
static gboolean
keys_for_character (gunichar c, guint keys[2], guint *n_keys)
{
  GdkKeymap *keymap = gdk_keymap_get_for_display (gdk_display_get_default ());
  g_autofree GdkKeymapKey *entries = NULL;
  guint keyval;
  int n_entries = 0;

  keyval = c == '\n' ? GDK_KEY_Return : c == '\t' ? GDK_KEY_Tab : gdk_unicode_to_keyval (c);
  if (!gdk_keymap_get_entries_for_keyval (keymap, keyval, &entries, &n_entries))
    return FALSE;
  for (int i = 0; i < n_entries; i++)
    {
      GdkKeymapKey plain = { entries[i].keycode, entries[i].group, 0 };

      if (entries[i].group != 0 || entries[i].level > 1)
        continue;
      *n_keys = 0;
      if (entries[i].level == 1)
        keys[(*n_keys)++] = GDK_KEY_Shift_L;
      keys[(*n_keys)++] = gdk_keymap_lookup_key (keymap, &plain);
      return keys[*n_keys - 1] != 0;
    }
  return FALSE;
}

typedef struct {
  YadoConsole *console;
  GArray      *combos;  /* three guints per combination: count, key, key */
  guint        next;
} TypingJob;

static void
typing_job_free (gpointer data)
{
  TypingJob *job = data;

  g_object_unref (job->console);
  g_array_unref (job->combos);
  g_free (job);
}

static gboolean
type_next_combo (gpointer data)
{
  TypingJob *job = data;
  const guint *combo;

  if (3 * job->next >= job->combos->len || !job->console->connected)
    return G_SOURCE_REMOVE;
  combo = &g_array_index (job->combos, guint, 3 * job->next);
  send_keys_now (job->console, combo + 1, combo[0]);
  job->next++;
  return G_SOURCE_CONTINUE;
}

guint
yado_console_type_text (YadoConsole *self, const char *text)
{
  TypingJob *job = g_new0 (TypingJob, 1);
  guint skipped = 0;

  job->console = g_object_ref (self);
  job->combos = g_array_new (FALSE, TRUE, sizeof (guint));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint combo[3] = { 0 };

      if (keys_for_character (g_utf8_get_char (p), combo + 1, &combo[0]))
        g_array_append_vals (job->combos, combo, 3);
      else
        skipped++;
    }
  g_timeout_add_full (G_PRIORITY_DEFAULT, TYPE_INTERVAL_MS, type_next_combo, job,
                      typing_job_free);
  return skipped;
}

gboolean
yado_console_set_grab_keys (YadoConsole *self, const char *keys)
{
  g_auto(GStrv) names = g_strsplit (keys != NULL ? keys : "", "+", -1);

  if (names[0] == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (gdk_keyval_from_name (names[i]) == GDK_KEY_VoidSymbol)
      return FALSE;
  g_free (self->grab_keys);
  self->grab_keys = g_strdup (keys);
  _yado_console_apply_view (self);
  return TRUE;
}

gboolean
yado_console_is_grabbed (YadoConsole *self)
{
  return self->grabbed;
}

void
yado_console_release_grab (YadoConsole *self)
{
  if (VNC_IS_DISPLAY (self->display))
    vnc_display_force_grab (VNC_DISPLAY (self->display), FALSE);
  else if (SPICE_IS_DISPLAY (self->display))
    {
      spice_display_keyboard_ungrab (SPICE_DISPLAY (self->display));
      spice_display_mouse_ungrab (SPICE_DISPLAY (self->display));
    }
  _yado_console_set_grabbed (self, FALSE);
}

/* ---- sharing ---- */

void
yado_console_set_clipboard_sharing (YadoConsole *self, gboolean share)
{
  self->share_clipboard = share;
  _yado_console_vnc_set_clipboard (self, share);
  _yado_console_apply_view (self);
}

gboolean
yado_console_can_redirect_usb (YadoConsole *self)
{
  g_autoptr(GList) channels = NULL;

  if (self->spice == NULL || !self->connected)
    return FALSE;
  channels = spice_session_get_channels (self->spice);
  for (GList *l = channels; l != NULL; l = l->next)
    if (SPICE_IS_USBREDIR_CHANNEL (l->data))
      return TRUE;
  return FALSE;
}

GtkWidget *
yado_console_new_usb_device_chooser (YadoConsole *self)
{
  if (!yado_console_can_redirect_usb (self))
    return NULL;
  /* TRANSLATORS: a USB device: "Logitech USB Receiver" (maker, product) */
  return spice_usb_device_widget_new (self->spice, _("%s %s"));
}

/* ---- GObject ---- */

static void
yado_console_dispose (GObject *object)
{
  YadoConsole *self = YADO_CONSOLE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_display (self);
  g_clear_pointer (&self->password, yado_secret_free);
  g_clear_pointer (&self->grab_keys, g_free);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (yado_console_parent_class)->dispose (object);
}

static void
yado_console_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONNECTED: g_value_set_boolean (value, YADO_CONSOLE (object)->connected); break;
    case PROP_GRABBED: g_value_set_boolean (value, YADO_CONSOLE (object)->grabbed); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yado_console_class_init (YadoConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = yado_console_dispose;
  object_class->get_property = yado_console_get_property;
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE, flags);
  properties[PROP_GRABBED] = g_param_spec_boolean ("grabbed", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_PASSWORD_NEEDED] =
    g_signal_new ("password-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
yado_console_init (YadoConsole *self)
{
  self->scaling = TRUE;
  self->zoom = 100;
  self->share_clipboard = TRUE;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  self->scroller = gtk_scrolled_window_new (NULL, NULL);
  self->monitor_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (self->monitor_box), TRUE);
  gtk_container_add (GTK_CONTAINER (self->scroller), self->monitor_box);
  gtk_viewport_set_shadow_type (GTK_VIEWPORT (gtk_bin_get_child (GTK_BIN (self->scroller))),
                                GTK_SHADOW_NONE);
  gtk_container_add (GTK_CONTAINER (self), self->scroller);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self)), "yado-console");
  gtk_widget_show_all (self->scroller);
}

GtkWidget *
yado_console_new (void)
{
  return g_object_new (YADO_TYPE_CONSOLE, NULL);
}
