/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <vte/vte.h>

#include "yado-error.h"
#include "yado-text-console.h"
#include "yado-text-stream.h"

#define READ_CHUNK 4096
#define SCROLLBACK_LINES 10000

struct _YadoTextConsole {
  GtkBin        parent_instance;

  GtkWidget    *terminal;      /* VteTerminal */
  GCancellable *cancellable;   /* the open request */
  gboolean      connected;

  int           fd;            /* our end of the model's relay, or -1 */
  guint         read_source;   /* what the guest writes */
  guint         write_source;  /* while typed text waits for room */
  GByteArray   *pending;       /* typed, not yet written */
};

G_DEFINE_FINAL_TYPE (YadoTextConsole, yado_text_console, GTK_TYPE_BIN)

enum { PROP_0, PROP_CONNECTED, N_PROPS };
enum { SIGNAL_DISCONNECTED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_connected (YadoTextConsole *self, gboolean connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* Closing our end also ends the model's relay and the libvirt stream. */
static void
close_socket (YadoTextConsole *self)
{
  g_clear_handle_id (&self->read_source, g_source_remove);
  g_clear_handle_id (&self->write_source, g_source_remove);
  g_byte_array_set_size (self->pending, 0);
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
}

static void
end_with (YadoTextConsole *self, const char *reason)
{
  close_socket (self);
  set_connected (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, reason);
}

/* ---- guest → terminal ---- */

static gboolean
on_readable (int fd, GIOCondition condition, gpointer data)
{
  YadoTextConsole *self = data;
  char buffer[READ_CHUNK];
  ssize_t n = read (fd, buffer, sizeof buffer);
  int saved = errno;

  if (n > 0)
    {
      vte_terminal_feed (VTE_TERMINAL (self->terminal), buffer, n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && (saved == EAGAIN || saved == EINTR))
    return G_SOURCE_CONTINUE;
  /* This source ends here: close_socket() must not remove it again. */
  self->read_source = 0;
  end_with (self, n == 0 ? _("The text console was closed") : g_strerror (saved));
  return G_SOURCE_REMOVE;
}

/* ---- terminal → guest ---- */

static void flush_pending (YadoTextConsole *self);

static gboolean
on_writable (int fd, GIOCondition condition, gpointer data)
{
  YadoTextConsole *self = data;

  self->write_source = 0;
  flush_pending (self);
  return G_SOURCE_REMOVE;
}

/* Writes what it can without blocking; waits for room for the rest. A
 * socket that fails otherwise is ending: its read side says why. */
static void
flush_pending (YadoTextConsole *self)
{
  while (self->pending->len > 0)
    {
      ssize_t n = send (self->fd, self->pending->data, self->pending->len, MSG_NOSIGNAL);

      if (n >= 0)
        g_byte_array_remove_range (self->pending, 0, (guint) n);
      else if (errno == EAGAIN)
        {
          if (self->write_source == 0)
            self->write_source = g_unix_fd_add (self->fd, G_IO_OUT, on_writable, self);
          return;
        }
      else if (errno != EINTR)
        {
          g_byte_array_set_size (self->pending, 0);
          return;
        }
    }
}

/* What the user typed or pasted, as the terminal encodes it. */
static void
on_commit (VteTerminal *terminal, const char *text, guint size, YadoTextConsole *self)
{
  if (self->fd < 0)
    return;
  g_byte_array_append (self->pending, (const guint8 *) text, size);
  flush_pending (self);
}

/* ---- connecting ---- */

static void
on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(YadoTextConsole) self = data;
  g_autoptr(GError) error = NULL;
  int fd = yado_domain_open_text_console_finish (YADO_DOMAIN (source), result, &error);

  if (fd < 0)
    {
      if (!g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, error->message);
      return;
    }
  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  self->fd = fd;
  self->read_source = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, self);
  set_connected (self, TRUE);
}

void
yado_text_console_connect (YadoTextConsole *self, YadoDomain *domain, const char *alias)
{
  g_return_if_fail (YADO_IS_TEXT_CONSOLE (self));
  g_return_if_fail (YADO_IS_DOMAIN (domain));

  yado_text_console_disconnect (self);
  self->cancellable = g_cancellable_new ();
  yado_domain_open_text_console_async (domain, alias, self->cancellable, on_opened,
                                       g_object_ref (self));
}

void
yado_text_console_disconnect (YadoTextConsole *self)
{
  g_return_if_fail (YADO_IS_TEXT_CONSOLE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  close_socket (self);
  set_connected (self, FALSE);
}

gboolean
yado_text_console_is_connected (YadoTextConsole *self)
{
  g_return_val_if_fail (YADO_IS_TEXT_CONSOLE (self), FALSE);
  return self->connected;
}

char *
yado_text_console_get_text (YadoTextConsole *self)
{
  g_return_val_if_fail (YADO_IS_TEXT_CONSOLE (self), NULL);
  return vte_terminal_get_text (VTE_TERMINAL (self->terminal), NULL, NULL, NULL);
}

GtkWidget *
yado_text_console_get_terminal (YadoTextConsole *self)
{
  g_return_val_if_fail (YADO_IS_TEXT_CONSOLE (self), NULL);
  return self->terminal;
}

/* ---- the widget ---- */

static void
yado_text_console_dispose (GObject *object)
{
  YadoTextConsole *self = YADO_TEXT_CONSOLE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  close_socket (self);
  G_OBJECT_CLASS (yado_text_console_parent_class)->dispose (object);
}

static void
yado_text_console_finalize (GObject *object)
{
  YadoTextConsole *self = YADO_TEXT_CONSOLE (object);

  g_byte_array_unref (self->pending);
  G_OBJECT_CLASS (yado_text_console_parent_class)->finalize (object);
}

static void
yado_text_console_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, YADO_TEXT_CONSOLE (object)->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yado_text_console_class_init (YadoTextConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yado_text_console_dispose;
  object_class->finalize = yado_text_console_finalize;
  object_class->get_property = yado_text_console_get_property;
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

/* 80 x 25 cells of a monospace font, with scrollback and a scrollbar. */
static GtkWidget *
make_terminal (YadoTextConsole *self)
{
  GtkWidget *terminal = vte_terminal_new ();
  PangoFontDescription *font = pango_font_description_from_string ("Monospace 11");

  vte_terminal_set_font (VTE_TERMINAL (terminal), font);
  pango_font_description_free (font);
  vte_terminal_set_size (VTE_TERMINAL (terminal), 80, 25);
  vte_terminal_set_scrollback_lines (VTE_TERMINAL (terminal), SCROLLBACK_LINES);
  vte_terminal_set_scroll_on_keystroke (VTE_TERMINAL (terminal), TRUE);
  gtk_widget_set_hexpand (terminal, TRUE);
  gtk_widget_set_vexpand (terminal, TRUE);
  atk_object_set_name (gtk_widget_get_accessible (terminal), _("Text console"));
  g_signal_connect (terminal, "commit", G_CALLBACK (on_commit), self);
  return terminal;
}

static void
yado_text_console_init (YadoTextConsole *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *scrollbar;

  self->fd = -1;
  self->pending = g_byte_array_new ();
  self->terminal = make_terminal (self);
  scrollbar = gtk_scrollbar_new (GTK_ORIENTATION_VERTICAL,
                                 gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->terminal)));
  gtk_container_add (GTK_CONTAINER (box), self->terminal);
  gtk_container_add (GTK_CONTAINER (box), scrollbar);
  gtk_container_add (GTK_CONTAINER (self), box);
  gtk_widget_show_all (box);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
yado_text_console_new (void)
{
  return g_object_new (YADO_TYPE_TEXT_CONSOLE, NULL);
}
