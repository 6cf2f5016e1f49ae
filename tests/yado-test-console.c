/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "yado-test-console.h"
#include "yado-test-utils.h"

gboolean
yado_test_pixbuf_has_content (GdkPixbuf *pixbuf)
{
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (memcmp (pixels + y * stride + x * channels, pixels, 3) != 0)
        return TRUE;
  return FALSE;
}

gboolean
yado_test_console_shows_something (YadoConsole *console)
{
  g_autoptr(GdkPixbuf) shot = yado_console_get_screenshot (console);

  return shot != NULL && yado_test_pixbuf_has_content (shot);
}

/* The text cursor blinks: up to this many pixels may change on a still
 * screen (an underline of 2 x 9 pixels at most, scaled). A typed word or
 * a cleared screen changes hundreds. */
#define BLINK_PIXELS 64

/* How many pixels differ between two pictures of one size, counting no
 * further than @limit + 1. */
static guint
count_differences (GdkPixbuf *a, GdkPixbuf *b, guint limit)
{
  int width = gdk_pixbuf_get_width (a), height = gdk_pixbuf_get_height (a);
  int channels = gdk_pixbuf_get_n_channels (a);
  int stride_a = gdk_pixbuf_get_rowstride (a), stride_b = gdk_pixbuf_get_rowstride (b);
  const guchar *pa = gdk_pixbuf_read_pixels (a), *pb = gdk_pixbuf_read_pixels (b);
  guint count = 0;

  for (int y = 0; y < height && count <= limit; y++)
    for (int x = 0; x < width && count <= limit; x++)
      if (memcmp (pa + y * stride_a + x * channels, pb + y * stride_b + x * channels, 3) != 0)
        count++;
  return count;
}

/* TRUE when the console's screen differs from @before by more than the
 * cursor's blinking. */
gboolean
yado_test_console_differs_from (YadoConsole *console, GdkPixbuf *before)
{
  g_autoptr(GdkPixbuf) now = yado_console_get_screenshot (console);

  if (now == NULL || gdk_pixbuf_get_width (now) != gdk_pixbuf_get_width (before)
      || gdk_pixbuf_get_height (now) != gdk_pixbuf_get_height (before))
    return now != NULL;
  return count_differences (now, before, BLINK_PIXELS) > BLINK_PIXELS;
}

/* The screen once the guest has written its banner and stopped changing. */
GdkPixbuf *
yado_test_console_settled_screen (YadoConsole *console)
{
  GdkPixbuf *shot = NULL;

  yado_test_wait_until (yado_test_console_shows_something (console), 20000);
  for (int i = 0; i < 40; i++)
    {
      yado_test_iterate_for (250);
      if (shot != NULL && !yado_test_console_differs_from (console, shot))
        return shot;
      g_clear_object (&shot);
      shot = yado_console_get_screenshot (console);
    }
  g_error ("The guest's screen never settled");
}

GtkWidget *
yado_test_find_widget_of_type (GtkWidget *widget, GType type)
{
  g_autoptr(GList) children = NULL;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = yado_test_find_widget_of_type (l->data, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The widget whose accessible name is @name, under @widget. */
GtkWidget *
yado_test_find_widget_by_name (GtkWidget *widget, const char *name)
{
  g_autoptr(GList) children = NULL;

  if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)), name) == 0)
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = yado_test_find_widget_by_name (l->data, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
yado_test_save_screenshot (const char *name)
{
  const char *dir = g_getenv ("YADO_TEST_SCREENSHOT_DIR");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  /* Let the window draw what the viewer has. */
  yado_test_iterate_for (500);
  command = g_strdup_printf ("import -window root -crop 900x700+0+0 +repage %s/%s.png", dir, name);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

void
yado_test_console_check_keys_and_reset (YadoConsole *console, YadoDomain *vm)
{
  static const guint ctrl_alt_del[] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete };
  g_autoptr(GdkPixbuf) banner = yado_test_console_settled_screen (console);
  g_autoptr(GdkPixbuf) typed = NULL;
  g_autoptr(GdkPixbuf) rebooted = NULL;

  /* The test guest echoes every key on its screen. */
  g_assert_cmpuint (yado_console_type_text (console, "keys reach the guest\n"), ==, 0);
  yado_test_wait_until (yado_test_console_differs_from (console, banner), 20000);
  typed = yado_test_console_settled_screen (console);

  /* The BIOS reboots on Ctrl+Alt+Del: the echoed line goes. */
  yado_console_send_keys (console, ctrl_alt_del, G_N_ELEMENTS (ctrl_alt_del));
  yado_test_wait_until (yado_test_console_differs_from (console, typed), 20000);
  rebooted = yado_test_console_settled_screen (console);

  /* A reset restarts the guest under the same viewer. */
  g_assert_cmpuint (yado_console_type_text (console, "before reset\n"), ==, 0);
  yado_test_wait_until (yado_test_console_differs_from (console, rebooted), 20000);
  g_clear_object (&typed);
  typed = yado_test_console_settled_screen (console);
  g_assert_true (yado_domain_lifecycle_sync (vm, YADO_LIFECYCLE_RESET, NULL, NULL));
  yado_test_wait_until (yado_console_is_connected (console)
                        && yado_test_console_differs_from (console, typed), 20000);
  /* Until the guest has booted again, keys and serial input are lost (a
   * user's too): wait for its banner. */
  g_clear_object (&typed);
  typed = yado_test_console_settled_screen (console);
}

/* ---- text consoles ---- */

#define ECHO_TIMEOUT_MS 20000

gboolean
yado_test_text_console_shows (YadoTextConsole *console, const char *text)
{
  g_autofree char *shown = yado_text_console_get_text (console);

  return shown != NULL && strstr (shown, text) != NULL;
}

/* Presses and releases each key of @text in the terminal, as the keyboard
 * would: through the widget's key handlers and its input method. "\r" is
 * the Return key. */
void
yado_test_text_console_type (YadoTextConsole *console, const char *text)
{
  GtkWidget *terminal = yado_text_console_get_terminal (console);
  GdkDisplay *display = gtk_widget_get_display (terminal);
  GdkKeymap *keymap = gdk_keymap_get_for_display (display);

  gtk_widget_grab_focus (terminal);
  for (const char *c = text; *c; c++)
    {
      guint keyval = *c == '\r' ? GDK_KEY_Return : gdk_unicode_to_keyval ((guint32) *c);
      g_autofree GdkKeymapKey *keys = NULL;
      GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
      int n_keys = 0;

      event->key.window = g_object_ref (gtk_widget_get_window (terminal));
      event->key.send_event = TRUE;
      event->key.time = GDK_CURRENT_TIME;
      event->key.keyval = keyval;
      if (gdk_keymap_get_entries_for_keyval (keymap, keyval, &keys, &n_keys) && n_keys > 0)
        {
          event->key.hardware_keycode = (guint16) keys[0].keycode;
          event->key.group = (guint8) keys[0].group;
        }
      gdk_event_set_device (event, gdk_seat_get_keyboard (gdk_display_get_default_seat (display)));
      gtk_widget_event (terminal, event);
      event->key.type = GDK_KEY_RELEASE;
      gtk_widget_event (terminal, event);
      gdk_event_free (event);
    }
}

/* Keys pressed in the terminal come back from the guest. (The terminal
 * does not echo by itself: what shows came back.) A guest just started
 * may not read its serial port yet, and drops what comes before: the keys
 * are typed again every 2 s until they come back. */
void
yado_test_text_console_check_echo (YadoTextConsole *console, const char *text)
{
  g_autofree char *keys = g_strconcat (text, "\r", NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) ECHO_TIMEOUT_MS * 1000;

  g_assert_false (yado_test_text_console_shows (console, text));
  while (!yado_test_text_console_shows (console, text))
    {
      gint64 retype_at = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

      if (g_get_monotonic_time () > deadline)
        g_error ("\"%s\" typed in the text console never came back from the guest", text);
      yado_test_text_console_type (console, keys);
      while (!yado_test_text_console_shows (console, text) && g_get_monotonic_time () < retype_at)
        yado_test_iterate ();
    }
}

