/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM window's XML editor, in a window under Xvfb, on a real domain's
 * XML from libvirt's test driver (small-host.xml): typing marks it
 * modified, malformed XML is caught before libvirt with the line it is
 * on, libvirt's own refusal is shown without touching the user's text,
 * loading new XML clears both, and the view is set up for XML.
 */
#include <string.h>

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-utils.h"
#include "yado-xml-editor.h"

#define WAIT_MS 5000
#define WINDOW_HEIGHT 560

typedef struct {
  virConnectPtr  conn;
  char          *xml;        /* alpha's XML, as libvirt gives it */
  GtkWidget     *window;
  YadoXmlEditor *editor;
  guint          notified;   /* "notify::modified" emissions */
} Fixture;

static void
on_notify_modified (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->notified++;
}

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");
  virDomainPtr alpha;

  /* libvirt's refusals are the test's to read, not stderr's. */
  virSetErrorFunc (NULL, ignore_libvirt_error);
  f->conn = virConnectOpen (uri);
  g_assert_nonnull (f->conn);
  alpha = virDomainLookupByName (f->conn, "alpha");
  g_assert_nonnull (alpha);
  f->xml = virDomainGetXMLDesc (alpha, 0);
  g_assert_nonnull (f->xml);
  virDomainFree (alpha);

  f->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 760, WINDOW_HEIGHT);
  gtk_window_set_title (GTK_WINDOW (f->window), "XML");
  f->editor = yado_xml_editor_new ();
  gtk_container_add (GTK_CONTAINER (f->window), GTK_WIDGET (f->editor));
  g_signal_connect (f->editor, "notify::modified", G_CALLBACK (on_notify_modified), f);
  /* As the VM window would: show_all must not show an empty error bar. */
  gtk_widget_show_all (f->window);
  yado_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (f->editor)), WAIT_MS);
  yado_xml_editor_set_xml (f->editor, f->xml);
  f->notified = 0;
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  gtk_widget_destroy (f->window);
  g_free (f->xml);
  virConnectClose (f->conn);
}

static GtkTextBuffer *
buffer_of (Fixture *f)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (yado_xml_editor_get_view (f->editor)));
}

/* The line the cursor is on, 1-based, as the line numbers show it. */
static int
cursor_line (Fixture *f)
{
  GtkTextBuffer *buffer = buffer_of (f);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter) + 1;
}

/* The 1-based line of @needle in @text. */
static int
line_of (const char *text, const char *needle)
{
  const char *at = strstr (text, needle);
  int line = 1;

  g_assert_nonnull (at);
  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  return line;
}

/* @text with the first @from replaced by @to. */
static char *
replace_once (const char *text, const char *from, const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static GtkWidget *
error_bar (Fixture *f)
{
  GtkWidget *bar = yado_test_find_widget_of_type (GTK_WIDGET (f->editor), GTK_TYPE_INFO_BAR);

  g_assert_nonnull (bar);
  return bar;
}

/* Whether the bar is there for the user to read: shown and on screen. */
static gboolean
error_shown (Fixture *f)
{
  return gtk_widget_get_visible (error_bar (f)) && gtk_widget_get_mapped (error_bar (f));
}

static const char *
error_text (Fixture *f)
{
  GtkWidget *label = yado_test_find_widget_by_name (GTK_WIDGET (f->editor), "XML error");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* A key pressed in the view, as the keyboard sends it. */
static void
press_key (Fixture *f, guint keyval)
{
  GtkWidget *view = GTK_WIDGET (yado_xml_editor_get_view (f->editor));
  GdkKeymap *keymap = gdk_keymap_get_for_display (gtk_widget_get_display (view));
  g_autofree GdkKeymapKey *keys = NULL;
  GdkEvent *event;
  int n_keys = 0;

  g_assert_true (gdk_keymap_get_entries_for_keyval (keymap, keyval, &keys, &n_keys));
  for (int type = GDK_KEY_PRESS; type <= GDK_KEY_RELEASE; type++)
    {
      event = gdk_event_new (type);
      event->key.window = g_object_ref (gtk_widget_get_window (view));
      event->key.send_event = TRUE;
      event->key.time = GDK_CURRENT_TIME;
      event->key.keyval = keyval;
      event->key.hardware_keycode = (guint16) keys[0].keycode;
      event->key.group = (guint8) keys[0].group;
      gdk_event_set_device (event, gdk_seat_get_keyboard (gdk_display_get_default_seat (
                                     gtk_widget_get_display (view))));
      gtk_widget_event (view, event);
      gdk_event_free (event);
    }
}

static void
test_typing_marks_modified (Fixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = buffer_of (f);
  g_autofree char *typed = NULL;

  g_assert_false (yado_xml_editor_get_modified (f->editor));
  /* libvirt's XML is where undo stops. */
  g_assert_false (gtk_source_buffer_can_undo (GTK_SOURCE_BUFFER (buffer)));

  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (buffer, "<!-- mine -->", -1, TRUE));
  g_assert_true (yado_xml_editor_get_modified (f->editor));
  g_assert_cmpuint (f->notified, ==, 1);
  g_assert_true (gtk_source_buffer_can_undo (GTK_SOURCE_BUFFER (buffer)));
  typed = yado_xml_editor_get_xml (f->editor);
  g_assert_true (g_str_has_prefix (typed, "<!-- mine --><domain"));

  /* More typing is the same edit: no more notifications. */
  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (buffer, " ", -1, TRUE));
  g_assert_cmpuint (f->notified, ==, 1);
}

static void
test_tab_and_return (Fixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = buffer_of (f);
  int line = line_of (f->xml, "<vcpu");
  GtkTextIter iter;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  /* At the end of "  <vcpu ...>2</vcpu>": Return keeps its indentation,
   * Tab adds two spaces. */
  gtk_widget_grab_focus (GTK_WIDGET (yado_xml_editor_get_view (f->editor)));
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line - 1);
  gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  press_key (f, GDK_KEY_Return);
  press_key (f, GDK_KEY_Tab);
  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (buffer, "<x/>", -1, TRUE));

  text = yado_xml_editor_get_xml (f->editor);
  expected = replace_once (f->xml, "</vcpu>\n", "</vcpu>\n    <x/>\n");
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (yado_xml_editor_get_modified (f->editor));
}

static void
test_malformed_caught_with_line (Fixture *f, gconstpointer data)
{
  g_autofree char *broken = replace_once (f->xml, "</memory>", "</memry>");
  g_autofree char *after = NULL;
  g_autofree char *line_text = NULL;
  g_autoptr(GError) error = NULL;
  int line = line_of (broken, "</memry>");

  g_assert_cmpint (line, >, 1);
  g_assert_true (yado_xml_editor_check (f->editor, NULL));
  g_assert_false (error_shown (f));

  yado_xml_editor_set_xml (f->editor, broken);
  g_assert_false (yado_xml_editor_check (f->editor, &error));
  g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);

  line_text = g_strdup_printf ("Line %d:", line);
  yado_test_wait_until (error_shown (f), WAIT_MS);
  g_assert_true (g_str_has_prefix (error_text (f), line_text));
  g_assert_nonnull (strstr (error_text (f), "memry"));
  g_assert_true (g_str_has_prefix (error->message, line_text));
  g_assert_cmpint (cursor_line (f), ==, line);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (yado_xml_editor_get_view (f->editor))));
  after = yado_xml_editor_get_xml (f->editor);
  g_assert_cmpstr (after, ==, broken);

  yado_test_save_screenshot ("xml-editor-error");

  /* Fixed: the check passes and the bar goes. */
  yado_xml_editor_set_xml (f->editor, f->xml);
  g_assert_true (yado_xml_editor_check (f->editor, NULL));
  g_assert_false (error_shown (f));
}

static void
test_not_xml_at_all (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  yado_xml_editor_set_xml (f->editor, "");
  g_assert_false (yado_xml_editor_check (f->editor, &error));
  g_assert_nonnull (error);
  yado_test_wait_until (error_shown (f), WAIT_MS);
  g_assert_cmpstr (error_text (f), !=, "");
}

/* What libvirt says when it refuses @xml. */
static char *
libvirt_refusal (Fixture *f, const char *xml)
{
  virDomainPtr defined = virDomainDefineXMLFlags (f->conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);

  g_assert_null (defined);
  return g_strdup (virGetLastErrorMessage ());
}

static void
test_libvirt_error_keeps_text (Fixture *f, gconstpointer data)
{
  g_autofree char *broken = replace_once (f->xml, "</memory>", "</memry>");
  g_autofree char *refusal = libvirt_refusal (f, broken);
  g_autofree char *after = NULL;
  int line = line_of (broken, "</memry>");
  g_autofree char *line_text = g_strdup_printf ("Line %d: ", line);
  GtkTextIter start, end;

  /* The user's text, not yet well-formed, as libvirt saw it. */
  gtk_text_buffer_get_bounds (buffer_of (f), &start, &end);
  gtk_text_buffer_select_range (buffer_of (f), &start, &end);
  g_assert_true (gtk_text_buffer_delete_selection (buffer_of (f), TRUE, TRUE));
  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (buffer_of (f), broken, -1, TRUE));
  yado_xml_editor_show_error (f->editor, refusal);

  yado_test_wait_until (error_shown (f), WAIT_MS);
  /* libvirt's words, with the line said plainly and without its copy of
   * the line: the editor shows it. */
  g_assert_true (g_str_has_prefix (error_text (f), line_text));
  g_assert_nonnull (strstr (error_text (f), "Opening and ending tag mismatch"));
  g_assert_null (strstr (error_text (f), "^"));
  g_assert_null (strstr (error_text (f), "\n"));
  g_assert_cmpint (cursor_line (f), ==, line);
  after = yado_xml_editor_get_xml (f->editor);
  g_assert_cmpstr (after, ==, broken);
  g_assert_true (yado_xml_editor_get_modified (f->editor));

  /* Loading libvirt's XML again clears the error and the modification. */
  f->notified = 0;
  yado_xml_editor_set_xml (f->editor, f->xml);
  g_assert_false (error_shown (f));
  g_assert_false (yado_xml_editor_get_modified (f->editor));
  g_assert_cmpuint (f->notified, ==, 1);
}

static void
test_schema_error_without_line (Fixture *f, gconstpointer data)
{
  g_autofree char *invalid = replace_once (f->xml, "</devices>", "  <bogus/>\n  </devices>");
  g_autofree char *refusal = libvirt_refusal (f, invalid);
  GtkTextBuffer *buffer = buffer_of (f);
  GtkTextIter iter;

  yado_xml_editor_set_xml (f->editor, invalid);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 4);
  gtk_text_buffer_place_cursor (buffer, &iter);
  yado_xml_editor_show_error (f->editor, refusal);
  yado_test_wait_until (error_shown (f), WAIT_MS);
  /* libvirt's message whole (it spans lines); nothing names a line: the
   * cursor stays where the user left it. */
  g_assert_nonnull (strstr (refusal, "failed to validate"));
  g_assert_cmpstr (error_text (f), ==, g_strstrip (refusal));
  /* A long message wraps in the bar; the window keeps its size. */
  yado_test_iterate_for (300);
  g_assert_cmpint (gtk_widget_get_allocated_height (f->window), ==, WINDOW_HEIGHT);
  g_assert_cmpint (cursor_line (f), ==, 5);

  /* The bar's close button puts it away. */
  gtk_info_bar_response (GTK_INFO_BAR (error_bar (f)), GTK_RESPONSE_CLOSE);
  g_assert_false (error_shown (f));
}

static void
test_read_only (Fixture *f, gconstpointer data)
{
  g_autofree char *after = NULL;

  yado_xml_editor_set_editable (f->editor, FALSE);
  /* Typing does nothing. */
  gtk_widget_grab_focus (GTK_WIDGET (yado_xml_editor_get_view (f->editor)));
  press_key (f, GDK_KEY_x);
  press_key (f, GDK_KEY_Return);
  g_assert_false (yado_xml_editor_get_modified (f->editor));
  after = yado_xml_editor_get_xml (f->editor);
  g_assert_cmpstr (after, ==, f->xml);
  g_assert_nonnull (yado_test_find_widget_by_name (GTK_WIDGET (f->editor), "XML"));

  /* Writable again: the same keys type. */
  yado_xml_editor_set_editable (f->editor, TRUE);
  press_key (f, GDK_KEY_x);
  g_assert_true (yado_xml_editor_get_modified (f->editor));
}

static const char *
scheme_id (Fixture *f)
{
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer_of (f)));

  return scheme != NULL ? gtk_source_style_scheme_get_id (scheme) : NULL;
}

static void
test_set_up_for_xml (Fixture *f, gconstpointer data)
{
  GtkSourceView *view = yado_xml_editor_get_view (f->editor);
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (buffer_of (f));
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (view));

  g_assert_nonnull (gtk_source_buffer_get_language (buffer));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "xml");
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (view)));
  g_assert_true (gtk_source_view_get_show_line_numbers (view));
  g_assert_true (gtk_source_view_get_highlight_current_line (view));
  g_assert_true (gtk_source_view_get_auto_indent (view));

  /* The colours follow the theme, light or dark. */
  g_assert_cmpstr (scheme_id (f), ==, "classic");
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  yado_test_wait_until (g_strcmp0 (scheme_id (f), "oblivion") == 0, WAIT_MS);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  yado_test_wait_until (g_strcmp0 (scheme_id (f), "classic") == 0, WAIT_MS);
}

static void
test_message_line (void)
{
  g_assert_cmpuint (yado_xml_editor_message_line (
                      "(domain_definition):3: Opening and ending tag mismatch: memory line 2 and memry"), ==, 3);
  g_assert_cmpuint (yado_xml_editor_message_line ("vm.xml:12: parser error : Premature end of data"), ==, 12);
  g_assert_cmpuint (yado_xml_editor_message_line ("XML error at line 7: unexpected element"), ==, 7);
  g_assert_cmpuint (yado_xml_editor_message_line ("Element domain has extra content: bogus"), ==, 0);
  g_assert_cmpuint (yado_xml_editor_message_line ("the pipeline 4 is busy"), ==, 0);
  g_assert_cmpuint (yado_xml_editor_message_line ("(null):0: no line, then line 9"), ==, 9);
  g_assert_cmpuint (yado_xml_editor_message_line (NULL), ==, 0);
}

/* Yado's touches on the theme, as the application loads them. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/dev/yado/Yado/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (provider),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
  load_style ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/xml-editor/typing-marks-modified", test_typing_marks_modified);
  ADD ("/xml-editor/tab-and-return", test_tab_and_return);
  ADD ("/xml-editor/malformed-caught-with-line", test_malformed_caught_with_line);
  ADD ("/xml-editor/not-xml-at-all", test_not_xml_at_all);
  ADD ("/xml-editor/libvirt-error-keeps-text", test_libvirt_error_keeps_text);
  ADD ("/xml-editor/schema-error-without-line", test_schema_error_without_line);
  ADD ("/xml-editor/read-only", test_read_only);
  ADD ("/xml-editor/set-up-for-xml", test_set_up_for_xml);
#undef ADD
  g_test_add_func ("/xml-editor/message-line", test_message_line);
  return g_test_run ();
}
