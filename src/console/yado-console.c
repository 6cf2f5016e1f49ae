/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gtk-vnc.h>
#include <spice-client-gtk.h>

#include "yado-console.h"
#include "yado-error.h"

struct _YadoConsole {
  GtkBin        parent_instance;

  GtkWidget    *display;      /* VncDisplay or SpiceDisplay, when one is open */
  GCancellable *cancellable;  /* socket requests of this connection */
  gboolean      connected;

  YadoDomain   *domain;       /* whose console this is */
  guint         device;       /* its graphics device */
  SpiceSession *spice;        /* for SPICE: the session... */
  SpiceChannel *spice_screen; /* ...and its first display channel */
};

G_DEFINE_FINAL_TYPE (YadoConsole, yado_console, GTK_TYPE_BIN)

enum { PROP_0, PROP_CONNECTED, N_PROPS };
enum { SIGNAL_DISCONNECTED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_connected (YadoConsole *self, gboolean connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
drop_display (YadoConsole *self)
{
  if (self->spice != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->spice, self);
      if (self->spice_screen != NULL)
        g_signal_handlers_disconnect_by_data (self->spice_screen, self);
      spice_session_disconnect (self->spice);
      g_clear_object (&self->spice);
      self->spice_screen = NULL;
    }
  if (self->display == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->display, self);
  if (VNC_IS_DISPLAY (self->display))
    vnc_display_close (VNC_DISPLAY (self->display));
  gtk_widget_destroy (self->display);
  self->display = NULL;
}

static void
on_vnc_initialized (VncDisplay *display, YadoConsole *self)
{
  set_connected (self, TRUE);
}

static void
on_vnc_disconnected (VncDisplay *display, YadoConsole *self)
{
  set_connected (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, _("The console was disconnected"));
}

static void
on_vnc_error (VncDisplay *display, const char *message, YadoConsole *self)
{
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, message);
}

static void
open_vnc (YadoConsole *self, int fd)
{
  self->display = vnc_display_new ();
  /* Scale the guest's screen to the window, keeping its shape. */
  vnc_display_set_scaling (VNC_DISPLAY (self->display), TRUE);
  vnc_display_set_keep_aspect_ratio (VNC_DISPLAY (self->display), TRUE);
  g_signal_connect (self->display, "vnc-initialized", G_CALLBACK (on_vnc_initialized), self);
  g_signal_connect (self->display, "vnc-disconnected", G_CALLBACK (on_vnc_disconnected), self);
  g_signal_connect (self->display, "vnc-error", G_CALLBACK (on_vnc_error), self);
  gtk_container_add (GTK_CONTAINER (self), self->display);
  gtk_widget_show (self->display);
  /* gtk-vnc owns the socket from here. */
  vnc_display_open_fd (VNC_DISPLAY (self->display), fd);
}

/* ---- SPICE ---- */

static void
on_spice_screen_created (SpiceChannel *channel, int format, int width, int height, int stride,
                         int shmid, gpointer pixels, YadoConsole *self)
{
  set_connected (self, TRUE);
}

static void
on_spice_main_event (SpiceChannel *channel, SpiceChannelEvent event, YadoConsole *self)
{
  const char *reason;

  switch (event)
    {
    case SPICE_CHANNEL_CLOSED: reason = _("The console was disconnected"); break;
    case SPICE_CHANNEL_ERROR_AUTH: reason = _("The console refused the password"); break;
    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO: reason = _("The console connection failed"); break;
    default: return;
    }
  set_connected (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, reason);
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
    g_signal_emit (request->console, signals[SIGNAL_DISCONNECTED], 0, error->message);
  g_object_unref (request->console);
  g_object_unref (request->channel);
  g_free (request);
}

/* Each SPICE channel (display, inputs, cursor, ...) needs a socket of its
 * own: libvirt gives one per call. */
static void
on_spice_channel_open_fd (SpiceChannel *channel, int with_tls, YadoConsole *self)
{
  ChannelRequest *request = g_new0 (ChannelRequest, 1);

  request->console = g_object_ref (self);
  request->channel = g_object_ref (channel);
  yado_domain_open_graphics_async (self->domain, self->device, self->cancellable,
                                   on_channel_socket_ready, request);
}

static void
on_spice_channel_new (SpiceSession *session, SpiceChannel *channel, YadoConsole *self)
{
  int id = 0;

  g_signal_connect_object (channel, "open-fd", G_CALLBACK (on_spice_channel_open_fd), self, 0);
  if (SPICE_IS_MAIN_CHANNEL (channel))
    g_signal_connect_object (channel, "channel-event", G_CALLBACK (on_spice_main_event), self, 0);
  g_object_get (channel, "channel-id", &id, NULL);
  if (SPICE_IS_DISPLAY_CHANNEL (channel) && id == 0 && self->display == NULL)
    {
      self->spice_screen = channel;
      g_signal_connect_object (channel, "display-primary-create",
                               G_CALLBACK (on_spice_screen_created), self, 0);
      self->display = GTK_WIDGET (spice_display_new (session, id));
      g_object_set (self->display, "scaling", TRUE, NULL);
      gtk_container_add (GTK_CONTAINER (self), self->display);
      gtk_widget_show (self->display);
    }
}

static void
open_spice (YadoConsole *self, int fd)
{
  self->spice = spice_session_new ();
  g_signal_connect (self->spice, "channel-new", G_CALLBACK (on_spice_channel_new), self);
  /* The session's main channel takes this socket; the others ask. */
  if (!spice_session_open_fd (self->spice, fd))
    {
      close (fd);
      g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, _("The console connection failed"));
    }
}

/* ---- connecting ---- */

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
        g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, error->message);
      return;
    }
  if (g_strcmp0 (socket->type, "vnc") == 0)
    open_vnc (self, socket->fd);
  else if (g_strcmp0 (socket->type, "spice") == 0)
    open_spice (self, socket->fd);
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("Yado cannot show a console of type “%s”."), socket->type);

      g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, message);
      return;
    }
  socket->fd = -1;
}

void
yado_console_connect (YadoConsole *self, YadoDomain *domain)
{
  yado_console_connect_device (self, domain, 0);
}

void
yado_console_connect_device (YadoConsole *self, YadoDomain *domain, guint device)
{
  yado_console_disconnect (self);
  g_set_object (&self->domain, domain);
  self->device = device;
  self->cancellable = g_cancellable_new ();
  yado_domain_open_graphics_async (domain, device, self->cancellable, on_socket_ready,
                                   g_object_ref (self));
}

void
yado_console_disconnect (YadoConsole *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_display (self);
  set_connected (self, FALSE);
}

gboolean
yado_console_is_connected (YadoConsole *self)
{
  return self->connected;
}

void
yado_console_get_guest_size (YadoConsole *self, int *width, int *height)
{
  SpiceDisplayPrimary primary;

  *width = *height = 0;
  if (self->display == NULL || !self->connected)
    return;
  if (VNC_IS_DISPLAY (self->display))
    {
      *width = vnc_display_get_width (VNC_DISPLAY (self->display));
      *height = vnc_display_get_height (VNC_DISPLAY (self->display));
    }
  else if (self->spice_screen != NULL
           && spice_display_channel_get_primary (self->spice_screen, 0, &primary))
    {
      *width = primary.width;
      *height = primary.height;
    }
}

/* The SPICE display channel's primary surface as a pixbuf: 32-bit xRGB
 * (little-endian: B, G, R, x in memory). Read from the channel, not the
 * widget, which may not have drawn it yet. */
static GdkPixbuf *
spice_screen_to_pixbuf (YadoConsole *self)
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

GdkPixbuf *
yado_console_get_screenshot (YadoConsole *self)
{
  if (self->display == NULL || !self->connected)
    return NULL;
  if (VNC_IS_DISPLAY (self->display))
    return vnc_display_get_pixbuf (VNC_DISPLAY (self->display));
  return spice_screen_to_pixbuf (self);
}

static void
yado_console_dispose (GObject *object)
{
  YadoConsole *self = YADO_CONSOLE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_display (self);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (yado_console_parent_class)->dispose (object);
}

static void
yado_console_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONNECTED: g_value_set_boolean (value, YADO_CONSOLE (object)->connected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yado_console_class_init (YadoConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yado_console_dispose;
  object_class->get_property = yado_console_get_property;
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                     | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
yado_console_init (YadoConsole *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
yado_console_new (void)
{
  return g_object_new (YADO_TYPE_CONSOLE, NULL);
}
