/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>

#include "yado-xml-editor.h"

struct _YadoXmlEditor {
  GtkBox           parent_instance;

  GtkInfoBar      *error_bar;
  GtkLabel        *error_heading;
  GtkLabel        *error_label;
  GtkSourceView   *view;
  GtkLabel        *hint_label;

  GtkSourceBuffer *buffer;
};

G_DEFINE_FINAL_TYPE (YadoXmlEditor, yado_xml_editor, GTK_TYPE_BOX)

enum { PROP_0, PROP_MODIFIED, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ---- the colour scheme ---- */

/* Relative luminance of @rgba, 0 (black) to 1 (white). */
static double
luminance (const GdkRGBA *rgba)
{
  return 0.2126 * rgba->red + 0.7152 * rgba->green + 0.0722 * rgba->blue;
}

/* Whether the theme in use is dark. The theme's own colours say so for
 * every way of getting there (gtk-application-prefer-dark-theme, a dark
 * gtk-theme-name, GTK_THEME=Adwaita:dark), which the settings alone do
 * not: GTK_THEME is in none of them. */
static gboolean
theme_is_dark (YadoXmlEditor *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_autofree char *theme = NULL;
  gboolean prefer_dark = FALSE;
  GdkRGBA base;

  if (gtk_style_context_lookup_color (context, "theme_base_color", &base))
    return luminance (&base) < 0.5;
  /* A theme without GTK's usual colour names: its name and the setting. */
  g_object_get (settings, "gtk-theme-name", &theme,
                "gtk-application-prefer-dark-theme", &prefer_dark, NULL);
  if (prefer_dark)
    return TRUE;
  if (theme != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (theme, -1);

      return g_str_has_suffix (lower, "-dark") || g_str_has_suffix (lower, ":dark");
    }
  return FALSE;
}

static void
follow_theme (YadoXmlEditor *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  const char *id = theme_is_dark (self) ? "oblivion" : "classic";
  GtkSourceStyleScheme *current = gtk_source_buffer_get_style_scheme (self->buffer);

  if (current != NULL && g_strcmp0 (gtk_source_style_scheme_get_id (current), id) == 0)
    return;
  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (manager, id));
}

/* ---- messages ---- */

guint
yado_xml_editor_message_line (const char *message)
{
  /* libxml2 (and libvirt, which repeats it) says "FILE:LINE: ..."; other
   * messages say "line LINE". The first is the line of the error; a
   * "line" later in the same message is often another one's ("Opening
   * and ending tag mismatch: name line 2 and nam"). */
  static const char *const patterns[] = { ":([1-9][0-9]*):", "\\bline ([1-9][0-9]*)\\b" };

  if (message == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (patterns[i], G_REGEX_CASELESS, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (regex, message, 0, &match))
        {
          g_autofree char *digits = g_match_info_fetch (match, 1);
          guint64 line = g_ascii_strtoull (digits, NULL, 10);

          if (line > 0 && line <= G_MAXUINT)
            return (guint) line;
        }
    }
  return 0;
}

/* libvirt's message as a user reads it beside the editor: "Line 3: ..."
 * for libxml2's "(domain_definition):3: ...", and without the copy of the
 * line and the "-----^" under it that end libvirt's parser errors (the
 * editor shows that line, with the cursor on it, in a font where the
 * arrow lines up). */
static char *
tidy_message (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  guint n = g_strv_length (lines);
  g_autoptr(GRegex) pointer = g_regex_new ("^\\s*-*\\^\\s*$", 0, 0, NULL);
  g_autoptr(GRegex) location = g_regex_new ("(^|\\s)\\S*:([1-9][0-9]*): ", 0, 0, NULL);
  g_autofree char *joined = NULL;
  char *tidy;

  while (n > 0 && lines[n - 1][0] == '\0')
    g_clear_pointer (&lines[--n], g_free);
  if (n >= 2 && g_regex_match (pointer, lines[n - 1], 0, NULL))
    {
      g_clear_pointer (&lines[--n], g_free);
      g_clear_pointer (&lines[--n], g_free);
    }
  joined = g_strstrip (g_strjoinv ("\n", lines));
  /* Translators: \1 is a space or nothing, keep it first; \2 is a line
   * number, as in "Line 3: Premature end of data". */
  tidy = g_regex_replace (location, joined, -1, 0, _("\\1Line \\2: "), 0, NULL);
  return tidy != NULL ? tidy : g_steal_pointer (&joined);
}

/* Puts the cursor at the start of @line (1-based) and scrolls to it. */
static void
go_to_line (YadoXmlEditor *self, guint line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) MIN (line - 1, (guint) G_MAXINT));
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0.1, TRUE, 0.0, 0.3);
  /* The user is to fix it there: the cursor and its line show. */
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
show_problem (YadoXmlEditor *self, const char *heading, const char *message, guint line)
{
  gtk_label_set_text (self->error_heading, heading);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_show (GTK_WIDGET (self->error_bar));
  if (line > 0)
    go_to_line (self, line);
}

/* ---- the widget ---- */

static void
on_modified_changed (GtkTextBuffer *buffer, YadoXmlEditor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
on_error_bar_response (GtkInfoBar *bar, int response, YadoXmlEditor *self)
{
  if (response == GTK_RESPONSE_CLOSE)
    yado_xml_editor_clear_error (self);
}

static void
yado_xml_editor_style_updated (GtkWidget *widget)
{
  YadoXmlEditor *self = YADO_XML_EDITOR (widget);

  GTK_WIDGET_CLASS (yado_xml_editor_parent_class)->style_updated (widget);
  /* Also comes while the template is built, before the buffer is ours. */
  if (self->buffer != NULL)
    follow_theme (self);
}

static void
yado_xml_editor_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, yado_xml_editor_get_modified (YADO_XML_EDITOR (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
yado_xml_editor_class_init (YadoXmlEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = yado_xml_editor_get_property;
  widget_class->style_updated = yado_xml_editor_style_updated;

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template names GtkSourceView: GtkBuilder finds only registered
   * types. */
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/dev/yado/Yado/ui/yado-xml-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoXmlEditor, error_bar);
  gtk_widget_class_bind_template_child (widget_class, YadoXmlEditor, error_heading);
  gtk_widget_class_bind_template_child (widget_class, YadoXmlEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, YadoXmlEditor, view);
  gtk_widget_class_bind_template_child (widget_class, YadoXmlEditor, hint_label);
}

static void
yado_xml_editor_init (YadoXmlEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages, "xml"));
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, TRUE);
  g_signal_connect_object (self->buffer, "modified-changed",
                           G_CALLBACK (on_modified_changed), self, 0);
  g_signal_connect_object (self->error_bar, "response",
                           G_CALLBACK (on_error_bar_response), self, 0);
  follow_theme (self);
}

YadoXmlEditor *
yado_xml_editor_new (void)
{
  return g_object_new (YADO_TYPE_XML_EDITOR, NULL);
}

void
yado_xml_editor_set_xml (YadoXmlEditor *self, const char *xml)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start;

  g_return_if_fail (YADO_IS_XML_EDITOR (self));

  /* libvirt's XML is where the user starts: undo goes no further back. */
  gtk_source_buffer_begin_not_undoable_action (self->buffer);
  gtk_text_buffer_set_text (buffer, xml != NULL ? xml : "", -1);
  gtk_source_buffer_end_not_undoable_action (self->buffer);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_buffer_set_modified (buffer, FALSE);
  yado_xml_editor_clear_error (self);
}

char *
yado_xml_editor_get_xml (YadoXmlEditor *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (YADO_IS_XML_EDITOR (self), NULL);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
}

gboolean
yado_xml_editor_get_modified (YadoXmlEditor *self)
{
  g_return_val_if_fail (YADO_IS_XML_EDITOR (self), FALSE);
  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer));
}

void
yado_xml_editor_show_error (YadoXmlEditor *self, const char *message)
{
  g_autofree char *tidy = NULL;

  g_return_if_fail (YADO_IS_XML_EDITOR (self));
  tidy = tidy_message (message != NULL ? message : "");
  show_problem (self, _("libvirt did not accept this XML"), tidy,
                yado_xml_editor_message_line (message));
}

void
yado_xml_editor_clear_error (YadoXmlEditor *self)
{
  g_return_if_fail (YADO_IS_XML_EDITOR (self));
  gtk_widget_hide (GTK_WIDGET (self->error_bar));
  gtk_label_set_text (self->error_label, "");
}

void
yado_xml_editor_set_editable (YadoXmlEditor *self, gboolean editable)
{
  g_return_if_fail (YADO_IS_XML_EDITOR (self));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), editable);
  gtk_label_set_text (self->hint_label,
                      editable ? _("Edits are checked by libvirt when you apply them.")
                               : _("This connection is read-only: the XML can be read and copied, not changed."));
}

gboolean
yado_xml_editor_check (YadoXmlEditor *self, GError **error)
{
  g_autofree char *text = NULL;
  xmlParserCtxtPtr parser;
  xmlDocPtr doc;
  gboolean ok;

  g_return_val_if_fail (YADO_IS_XML_EDITOR (self), FALSE);
  text = yado_xml_editor_get_xml (self);
  parser = xmlNewParserCtxt ();
  if (parser == NULL)
    g_error ("out of memory");
  /* NONET: nothing the user pasted makes Yado fetch a DTD. NOERROR and
   * NOWARNING: the message goes to the bar, not to stderr. */
  doc = xmlCtxtReadMemory (parser, text, (int) MIN (strlen (text), (size_t) G_MAXINT),
                           NULL, "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  ok = doc != NULL && parser->wellFormed;
  if (!ok)
    {
      const xmlError *problem = xmlCtxtGetLastError (parser);
      g_autofree char *reason = g_strstrip (g_strdup (problem != NULL && problem->message != NULL
                                                      ? problem->message : _("Not well-formed")));
      guint line = problem != NULL && problem->line > 0 ? (guint) problem->line : 0;
      g_autofree char *message = line > 0 ? g_strdup_printf (_("Line %u: %s"), line, reason)
                                          : g_steal_pointer (&reason);

      show_problem (self, _("This XML is not well-formed"), message, line);
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, message);
    }
  else
    {
      yado_xml_editor_clear_error (self);
    }
  xmlFreeDoc (doc);
  xmlFreeParserCtxt (parser);
  return ok;
}

GtkSourceView *
yado_xml_editor_get_view (YadoXmlEditor *self)
{
  g_return_val_if_fail (YADO_IS_XML_EDITOR (self), NULL);
  return self->view;
}

const char *
yado_xml_editor_get_error (YadoXmlEditor *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_bar))
         ? gtk_label_get_text (self->error_label) : NULL;
}
