/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Small queries on libvirt XML (libxml2 + XPath), and the few calls that
 * the XML builders (devices, new VMs) share. */

#include <glib.h>
#include <libxml/xpath.h>

G_BEGIN_DECLS

typedef struct {
  xmlDocPtr          doc;
  xmlXPathContextPtr ctx;
} YadoXml;

/* Parses @xml (no network, no error output). Returns NULL when it is not
 * XML. Takes a copy: @xml may be freed afterwards. */
YadoXml *yado_xml_parse       (const char *xml);
void     yado_xml_free        (YadoXml *xml);
/* The text of the first node @xpath selects, or NULL. */
char    *yado_xml_get_string  (YadoXml *xml, const char *xpath);
/* Appends the non-empty text of every node @xpath selects to @out
 * (g_strdup'ed). */
void     yado_xml_get_strings (YadoXml *xml, const char *xpath, GPtrArray *out);
/* Whether @xpath selects anything. */
gboolean yado_xml_has         (YadoXml *xml, const char *xpath);

/* The first element child of @node called @name (any namespace), or
 * NULL; @node may be NULL. */
xmlNodePtr yado_xml_child    (xmlNodePtr node, const char *name);

/* Building XML (the device and new-VM builders). */
/* Sets attribute @name when @value is set (xmlSetProp escapes it). */
void       yado_xml_set      (xmlNodePtr node, const char *name, const char *value);
xmlNodePtr yado_xml_add      (xmlNodePtr parent, const char *name);
/* A child holding @text, escaped (xmlNewTextChild: xmlNewChild would
 * take it as markup). */
xmlNodePtr yado_xml_add_text (xmlNodePtr parent, const char *name, const char *text);
/* A child with one attribute (when @value is set). */
xmlNodePtr yado_xml_add_with (xmlNodePtr parent, const char *name, const char *attribute,
                              const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoXml, yado_xml_free)

G_END_DECLS
