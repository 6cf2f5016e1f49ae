/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * YadoConsole's VNC backend: one gtk-vnc VncDisplay on one socket.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtk-vnc.h>

#include "yado-console-private.h"
#include "yado-secret.h"

static VncDisplay *
vnc_display (YadoConsole *self)
{
  return VNC_IS_DISPLAY (self->display) ? VNC_DISPLAY (self->display) : NULL;
}

static void
on_initialized (VncDisplay *display, YadoConsole *self)
{
  _yado_console_set_connected (self, TRUE);
  _yado_console_apply_view (self);
}

static void
on_disconnected (VncDisplay *display, YadoConsole *self)
{
  _yado_console_set_connected (self, FALSE);
  /* After a refused password the server hangs up: that is a question for
   * the user, not a lost console. */
  if (self->password_tried && self->password == NULL)
    return;
  _yado_console_emit_disconnected (self, _("The console was disconnected"));
}

static void
on_error (VncDisplay *display, const char *message, YadoConsole *self)
{
  _yado_console_emit_disconnected (self, message);
}

/* The server asks for credentials. A password comes from the model (the
 * VM's XML) or from the user; the other kinds have fixed answers. */
static void
on_auth_credential (VncDisplay *display, GValueArray *credentials, YadoConsole *self)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint i = 0; i < credentials->n_values; i++)
    {
      int type = g_value_get_enum (g_value_array_get_nth (credentials, i));

      if (type == VNC_DISPLAY_CREDENTIAL_CLIENTNAME)
        vnc_display_set_credential (display, type, "yado");
      else if (type == VNC_DISPLAY_CREDENTIAL_USERNAME)
        vnc_display_set_credential (display, type, g_get_user_name ());
      else if (type == VNC_DISPLAY_CREDENTIAL_PASSWORD && self->password != NULL)
        {
          self->password_tried = TRUE;
          vnc_display_set_credential (display, type, self->password);
        }
      else if (type == VNC_DISPLAY_CREDENTIAL_PASSWORD)
        {
          self->awaiting_credential = TRUE;
          _yado_console_emit_password_needed (self, NULL);
        }
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
on_auth_failure (VncDisplay *display, const char *message, YadoConsole *self)
{
  g_clear_pointer (&self->password, yado_secret_free);
  _yado_console_emit_password_needed (self, _("The console did not accept the password."));
}

static void
on_pointer_grab (VncDisplay *display, YadoConsole *self)
{
  _yado_console_set_grabbed (self, TRUE);
}

static void
on_pointer_ungrab (VncDisplay *display, YadoConsole *self)
{
  _yado_console_set_grabbed (self, FALSE);
}

static void
on_desktop_resize (VncDisplay *display, int width, int height, YadoConsole *self)
{
  _yado_console_apply_view (self);
}

/* ---- clipboard: the server's cut text <-> this desktop's clipboard ---- */

static void
on_server_cut_text (VncDisplay *display, const char *text, YadoConsole *self)
{
  if (!self->share_clipboard || text == NULL)
    return;
  /* Remember it, so that our own owner-change does not send it back. */
  g_free (self->last_cut_text);
  self->last_cut_text = g_strdup (text);
  gtk_clipboard_set_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD), text, -1);
}

static void
on_local_text (GtkClipboard *clipboard, const char *text, gpointer data)
{
  g_autoptr(YadoConsole) self = data;

  if (text == NULL || vnc_display (self) == NULL || !self->share_clipboard
      || g_strcmp0 (text, self->last_cut_text) == 0)
    return;
  vnc_display_client_cut_text (vnc_display (self), text);
}

static void
on_local_clipboard_changed (GtkClipboard *clipboard, GdkEvent *event, YadoConsole *self)
{
  gtk_clipboard_request_text (clipboard, on_local_text, g_object_ref (self));
}

void
_yado_console_vnc_set_clipboard (YadoConsole *self, gboolean share)
{
  GtkClipboard *clipboard = gtk_clipboard_get (GDK_SELECTION_CLIPBOARD);

  if (share && self->clipboard_handler == 0 && vnc_display (self) != NULL)
    self->clipboard_handler = g_signal_connect (clipboard, "owner-change",
                                                G_CALLBACK (on_local_clipboard_changed), self);
  else if ((!share || vnc_display (self) == NULL) && self->clipboard_handler != 0)
    {
      g_signal_handler_disconnect (clipboard, self->clipboard_handler);
      self->clipboard_handler = 0;
    }
}

/* ---- view ---- */

void
_yado_console_vnc_apply (YadoConsole *self)
{
  VncDisplay *display = vnc_display (self);

  if (display == NULL)
    return;
  /* gtk-vnc always scales to its allocation; YadoConsole sizes it. */
  vnc_display_set_scaling (display, TRUE);
  vnc_display_set_keep_aspect_ratio (display, TRUE);
  vnc_display_set_allow_resize (display, self->resize_guest);
  /* As with SPICE: keys go to the guest while the pointer is in its
   * screen, and a click grabs the pointer of a guest with a relative
   * mouse, until the release keys. */
  vnc_display_set_keyboard_grab (display, TRUE);
  vnc_display_set_pointer_grab (display, TRUE);
  if (self->grab_keys != NULL)
    {
      VncGrabSequence *keys = vnc_grab_sequence_new_from_string (self->grab_keys);

      vnc_display_set_grab_keys (display, keys);
      vnc_grab_sequence_free (keys);
    }
}

void
_yado_console_vnc_open (YadoConsole *self, int fd)
{
  GtkWidget *display = vnc_display_new ();

  g_signal_connect (display, "vnc-initialized", G_CALLBACK (on_initialized), self);
  g_signal_connect (display, "vnc-disconnected", G_CALLBACK (on_disconnected), self);
  g_signal_connect (display, "vnc-error", G_CALLBACK (on_error), self);
  g_signal_connect (display, "vnc-auth-credential", G_CALLBACK (on_auth_credential), self);
  g_signal_connect (display, "vnc-auth-failure", G_CALLBACK (on_auth_failure), self);
  g_signal_connect (display, "vnc-pointer-grab", G_CALLBACK (on_pointer_grab), self);
  g_signal_connect (display, "vnc-pointer-ungrab", G_CALLBACK (on_pointer_ungrab), self);
  g_signal_connect (display, "vnc-desktop-resize", G_CALLBACK (on_desktop_resize), self);
  g_signal_connect (display, "vnc-server-cut-text", G_CALLBACK (on_server_cut_text), self);
  _yado_console_add_display (self, display);
  _yado_console_vnc_set_clipboard (self, self->share_clipboard);
  /* gtk-vnc owns the socket from here. */
  vnc_display_open_fd (VNC_DISPLAY (display), fd);
}

/* Closes the connection and lets go of the display. gtk-vnc finishes
 * closing later and then updates its widget (cursor, grabs): destroyed
 * before that, the widget would be updated without its GdkWindow. So the
 * old display stays, hidden, until gtk-vnc says it is disconnected. */
void
_yado_console_vnc_close (YadoConsole *self)
{
  GtkWidget *display = self->display;

  if (vnc_display (self) == NULL)
    return;
  g_signal_handlers_disconnect_by_data (display, self);
  _yado_console_vnc_set_clipboard (self, FALSE);
  g_clear_pointer (&self->last_cut_text, g_free);
  self->display = NULL;
  gtk_widget_hide (display);
  if (!vnc_display_is_open (VNC_DISPLAY (display)))
    {
      gtk_widget_destroy (display);
      return;
    }
  g_signal_connect (display, "vnc-disconnected", G_CALLBACK (gtk_widget_destroy), NULL);
  vnc_display_close (VNC_DISPLAY (display));
}
