/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define YADO_TYPE_XML_EDITOR (yado_xml_editor_get_type ())
G_DECLARE_FINAL_TYPE (YadoXmlEditor, yado_xml_editor, YADO, XML_EDITOR, GtkBox)

/*
 * YadoXmlEditor: the XML tab of the VM window. A source view (XML
 * highlighting, line numbers, a colour scheme that follows the light or
 * dark theme) under an error bar that says why the XML was refused:
 * malformed (yado_xml_editor_check(), before anything goes to libvirt) or
 * refused by libvirt (yado_xml_editor_show_error()). Either moves the
 * cursor to the line the message names. The user's text is never touched
 * by an error.
 *
 * Property "modified" (boolean, read-only): the user changed the text
 * since the last yado_xml_editor_set_xml().
 */
YadoXmlEditor *yado_xml_editor_new           (void);
/* Replaces the text (not undoable), clears the error, marks unmodified. */
void           yado_xml_editor_set_xml       (YadoXmlEditor *self,
                                              const char    *xml);
char          *yado_xml_editor_get_xml       (YadoXmlEditor *self);
gboolean       yado_xml_editor_get_modified  (YadoXmlEditor *self);
/* The message shown over the text, or NULL when there is none. */
const char    *yado_xml_editor_get_error     (YadoXmlEditor *self);
/* libvirt refused the XML: shows @message (libvirt's) and, when it names
 * a line, moves the cursor and the focus there. */
void           yado_xml_editor_show_error    (YadoXmlEditor *self,
                                              const char    *message);
void           yado_xml_editor_clear_error   (YadoXmlEditor *self);
/* FALSE on read-only connections: the XML can be read and copied only. */
void           yado_xml_editor_set_editable  (YadoXmlEditor *self,
                                              gboolean       editable);
/* Whether the text is well-formed XML (libxml2, no network). If not,
 * shows the parser's message with its line, moves the cursor there, sets
 * @error (G_MARKUP_ERROR_PARSE) and returns FALSE; if so, clears the
 * error shown (the text is about to go to libvirt again). */
gboolean       yado_xml_editor_check         (YadoXmlEditor *self,
                                              GError       **error);

/* The view itself: to focus it, and for tests. */
GtkSourceView *yado_xml_editor_get_view      (YadoXmlEditor *self);
/* The line (1-based) a libvirt or libxml2 message names, or 0. */
guint          yado_xml_editor_message_line  (const char    *message);

G_END_DECLS
