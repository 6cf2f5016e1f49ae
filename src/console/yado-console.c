/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtk-vnc.h>

#include "yado-console.h"
#include "yado-error.h"

struct _YadoConsole {
  GtkBin        parent_instance;

  GtkWidget    *display;      /* VncDisplay, when one is open */
  GCancellable *cancellable;  /* the pending socket request */
  gboolean      connected;
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
  if (self->display == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->display, self);
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
  if (g_strcmp0 (socket->type, "vnc") != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("Its %s console comes with the next version of Yado."), socket->type);

      g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, message);
      return;
    }
  open_vnc (self, socket->fd);
  socket->fd = -1;
}

void
yado_console_connect (YadoConsole *self, YadoDomain *domain)
{
  yado_console_disconnect (self);
  self->cancellable = g_cancellable_new ();
  yado_domain_open_graphics_async (domain, 0, self->cancellable, on_socket_ready,
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
  gboolean have = self->display != NULL && self->connected;

  *width = have ? vnc_display_get_width (VNC_DISPLAY (self->display)) : 0;
  *height = have ? vnc_display_get_height (VNC_DISPLAY (self->display)) : 0;
}

GdkPixbuf *
yado_console_get_screenshot (YadoConsole *self)
{
  if (self->display == NULL || !self->connected)
    return NULL;
  return vnc_display_get_pixbuf (VNC_DISPLAY (self->display));
}

static void
yado_console_dispose (GObject *object)
{
  YadoConsole *self = YADO_CONSOLE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->display != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->display, self);
      self->display = NULL; /* GtkBin destroys its child */
    }
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
