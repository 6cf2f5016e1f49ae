/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * YadoConsole's SPICE backend: a spice-gtk session whose channels (main,
 * display, inputs, cursor, usbredir, ...) each get a socket from the model,
 * and one SpiceDisplay per monitor of the guest.
 */
#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "yado-console-private.h"
#include "yado-secret.h"
#include "yado-error.h"

/* ---- channel events ---- */

static void
on_screen_created (SpiceChannel *channel, int format, int width, int height, int stride,
                   int shmid, gpointer pixels, YadoConsole *self)
{
  _yado_console_set_connected (self, TRUE);
  _yado_console_apply_view (self);
}

static void
on_main_event (SpiceChannel *channel, SpiceChannelEvent event, YadoConsole *self)
{
  const char *reason;

  switch (event)
    {
    case SPICE_CHANNEL_CLOSED: reason = _("The console was disconnected"); break;
    case SPICE_CHANNEL_ERROR_AUTH:
      _yado_console_set_connected (self, FALSE);
      g_clear_pointer (&self->password, yado_secret_free);
      _yado_console_emit_password_needed (self, self->password_tried
                                          ? _("The console did not accept the password.")
                                          : NULL);
      return;
    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO: reason = _("The console connection failed"); break;
    default: return;
    }
  _yado_console_set_connected (self, FALSE);
  _yado_console_emit_disconnected (self, reason);
}

typedef struct {
  YadoConsole  *console;
  SpiceChannel *channel;
} ChannelRequest;

static void
on_channel_socket_ready (GObject *source, GAsyncResult *result, gpointer data)
{
  ChannelRequest *request = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoGraphicsSocket) socket =
    yado_domain_open_graphics_finish (YADO_DOMAIN (source), result, &error);

  /* Dropped meanwhile (the session ended): the socket closes with it. */
  if (socket != NULL && request->console->spice != NULL
      && spice_channel_open_fd (request->channel, socket->fd))
    socket->fd = -1;
  else if (socket == NULL && !g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED))
    _yado_console_emit_disconnected (request->console, error->message);
  g_object_unref (request->console);
  g_object_unref (request->channel);
  g_free (request);
}

/* Each SPICE channel needs a socket of its own: the model gives one per
 * call (from libvirt, or a new stream through the host's one SSH login). */
static void
on_channel_open_fd (SpiceChannel *channel, int with_tls, YadoConsole *self)
{
  ChannelRequest *request = g_new0 (ChannelRequest, 1);

  request->console = g_object_ref (self);
  request->channel = g_object_ref (channel);
  yado_domain_open_graphics_async (self->domain, self->device, self->cancellable,
                                   on_channel_socket_ready, request);
}

/* ---- displays: one per monitor ---- */

static void
on_mouse_grab (SpiceDisplay *display, int grabbed, YadoConsole *self)
{
  _yado_console_set_grabbed (self, grabbed);
}

static GtkWidget *
new_display (YadoConsole *self, int channel_id, int monitor_id)
{
  SpiceDisplay *display = spice_display_new_with_monitor (self->spice, channel_id, monitor_id);

  g_signal_connect (display, "mouse-grab", G_CALLBACK (on_mouse_grab), self);
  return GTK_WIDGET (display);
}

static gboolean
has_monitor_display (YadoConsole *self, int channel_id, int monitor_id)
{
  for (guint i = 0; i < self->extra_monitors->len; i++)
    {
      int channel = 0, monitor = 0;

      g_object_get (self->extra_monitors->pdata[i], "channel-id", &channel,
                    "monitor-id", &monitor, NULL);
      if (channel == channel_id && monitor == monitor_id)
        return TRUE;
    }
  return channel_id == 0 && monitor_id == 0;
}

/* The guest enabled or disabled monitors on a display channel: a display
 * for each enabled one beyond the first. (Displays of monitors the guest
 * turned off stay, showing nothing, until the console reconnects.) */
static void
on_monitors_changed (SpiceChannel *channel, GParamSpec *pspec, YadoConsole *self)
{
  g_autoptr(GArray) monitors = NULL;
  int channel_id = 0;

  g_object_get (channel, "monitors", &monitors, "channel-id", &channel_id, NULL);
  for (guint i = 0; monitors != NULL && i < monitors->len; i++)
    {
      SpiceDisplayMonitorConfig *config = &g_array_index (monitors, SpiceDisplayMonitorConfig, i);
      GtkWidget *display;

      if (has_monitor_display (self, channel_id, config->id))
        continue;
      display = new_display (self, channel_id, config->id);
      g_ptr_array_add (self->extra_monitors, g_object_ref_sink (display));
      _yado_console_spice_apply (self, display);
    }
  _yado_console_spice_place_monitors (self);
}

static void
on_display_channel (YadoConsole *self, SpiceChannel *channel)
{
  int id = 0;

  g_object_get (channel, "channel-id", &id, NULL);
  g_signal_connect_object (channel, "notify::monitors", G_CALLBACK (on_monitors_changed), self, 0);
  if (id != 0 || self->display != NULL)
    return;
  self->spice_screen = channel;
  g_signal_connect_object (channel, "display-primary-create", G_CALLBACK (on_screen_created),
                           self, 0);
  _yado_console_add_display (self, new_display (self, 0, 0));
}

static void
on_channel_new (SpiceSession *session, SpiceChannel *channel, YadoConsole *self)
{
  g_signal_connect_object (channel, "open-fd", G_CALLBACK (on_channel_open_fd), self, 0);
  if (SPICE_IS_MAIN_CHANNEL (channel))
    g_signal_connect_object (channel, "channel-event", G_CALLBACK (on_main_event), self, 0);
  else if (SPICE_IS_DISPLAY_CHANNEL (channel))
    on_display_channel (self, channel);
}

/* ---- the monitors beyond the first: in the widget or in windows ---- */

static void
detach_monitor (GtkWidget *display)
{
  GtkWidget *parent = gtk_widget_get_parent (display);

  if (parent != NULL)
    gtk_container_remove (GTK_CONTAINER (parent), display);
}

static GtkWidget *
new_monitor_window (YadoConsole *self, GtkWidget *display, guint number)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  g_autofree char *title = NULL;

  /* TRANSLATORS: the title of a window showing a guest's second,
   * third, ... monitor: "Monitor 2 — web-server on QEMU/KVM" */
  title = g_strdup_printf (_("Monitor %u — %s"), number,
                           GTK_IS_WINDOW (toplevel) ? gtk_window_get_title (GTK_WINDOW (toplevel)) : "");
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  if (GTK_IS_WINDOW (toplevel))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (toplevel));
  /* Closing it only hides it: the guest keeps the monitor. */
  g_signal_connect (window, "delete-event", G_CALLBACK (gtk_widget_hide_on_delete), NULL);
  gtk_container_add (GTK_CONTAINER (window), display);
  gtk_widget_show_all (window);
  return window;
}

void
_yado_console_spice_place_monitors (YadoConsole *self)
{
  if (self->extra_monitors == NULL)
    return;
  g_ptr_array_set_size (self->monitor_windows, 0);
  for (guint i = 0; i < self->extra_monitors->len; i++)
    {
      GtkWidget *display = self->extra_monitors->pdata[i];

      detach_monitor (display);
      if (self->monitors_in_windows)
        g_ptr_array_add (self->monitor_windows, new_monitor_window (self, display, i + 2));
      else
        {
          gtk_box_pack_start (GTK_BOX (self->monitor_box), display, TRUE, TRUE, 0);
          gtk_widget_show (display);
        }
    }
}

/* ---- view, size, screenshot ---- */

void
_yado_console_spice_apply (YadoConsole *self, GtkWidget *display)
{
  if (!SPICE_IS_DISPLAY (display))
    return;
  /* spice-gtk always scales to its allocation; YadoConsole sizes it. */
  g_object_set (display, "scaling", TRUE, "resize-guest", self->resize_guest, NULL);
  if (self->grab_keys != NULL)
    {
      SpiceGrabSequence *keys = spice_grab_sequence_new_from_string (self->grab_keys);

      spice_display_set_grab_keys (SPICE_DISPLAY (display), keys);
      spice_grab_sequence_free (keys);
    }
  if (self->spice != NULL)
    g_object_set (spice_gtk_session_get (self->spice), "auto-clipboard", self->share_clipboard,
                  NULL);
}

gboolean
_yado_console_spice_get_size (YadoConsole *self, int *width, int *height)
{
  SpiceDisplayPrimary primary;

  if (self->spice_screen == NULL
      || !spice_display_channel_get_primary (self->spice_screen, 0, &primary))
    return FALSE;
  *width = primary.width;
  *height = primary.height;
  return TRUE;
}

/* The first display channel's primary surface as a pixbuf: 32-bit xRGB
 * (little-endian: B, G, R, x in memory). Read from the channel, not the
 * widget, which may not have drawn it yet. */
GdkPixbuf *
_yado_console_spice_screenshot (YadoConsole *self)
{
  SpiceDisplayPrimary primary;
  GdkPixbuf *pixbuf;
  guchar *out;
  int out_stride;

  if (self->spice_screen == NULL
      || !spice_display_channel_get_primary (self->spice_screen, 0, &primary)
      || primary.data == NULL || primary.format != SPICE_SURFACE_FMT_32_xRGB)
    return NULL;
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, primary.width, primary.height);
  out = gdk_pixbuf_get_pixels (pixbuf);
  out_stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < primary.height; y++)
    {
      const guint8 *src = primary.data + (gsize) y * primary.stride;
      guchar *dst = out + (gsize) y * out_stride;

      for (int x = 0; x < primary.width; x++)
        {
          dst[3 * x] = src[4 * x + 2];
          dst[3 * x + 1] = src[4 * x + 1];
          dst[3 * x + 2] = src[4 * x];
        }
    }
  return pixbuf;
}

/* ---- open and close ---- */

void
_yado_console_spice_open (YadoConsole *self, int fd)
{
  self->spice = spice_session_new ();
  self->extra_monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->monitor_windows = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_widget_destroy);
  if (self->password != NULL)
    {
      self->password_tried = TRUE;
      g_object_set (self->spice, "password", self->password, NULL);
    }
  g_object_set (spice_gtk_session_get (self->spice), "auto-clipboard", self->share_clipboard,
                NULL);
  g_signal_connect (self->spice, "channel-new", G_CALLBACK (on_channel_new), self);
  /* The session's main channel takes this socket; the others ask. */
  if (!spice_session_open_fd (self->spice, fd))
    {
      close (fd);
      _yado_console_emit_disconnected (self, _("The console connection failed"));
    }
}

void
_yado_console_spice_close (YadoConsole *self)
{
  g_autoptr(GList) channels = NULL;

  if (self->spice == NULL)
    return;
  channels = spice_session_get_channels (self->spice);
  /* The channels close after the session is told to: their last events
   * must not reach a console that has moved on to a new session. */
  g_signal_handlers_disconnect_by_data (self->spice, self);
  for (GList *l = channels; l != NULL; l = l->next)
    g_signal_handlers_disconnect_by_data (l->data, self);
  for (guint i = 0; i < self->extra_monitors->len; i++)
    {
      g_signal_handlers_disconnect_by_data (self->extra_monitors->pdata[i], self);
      detach_monitor (self->extra_monitors->pdata[i]);
    }
  g_clear_pointer (&self->monitor_windows, g_ptr_array_unref);
  g_clear_pointer (&self->extra_monitors, g_ptr_array_unref);
  spice_session_disconnect (self->spice);
  g_clear_object (&self->spice);
  self->spice_screen = NULL;
}
