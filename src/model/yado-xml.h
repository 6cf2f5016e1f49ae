/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Small read-only queries on libvirt XML (libxml2 + XPath), for the worker
 * side of the model. */

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoXml, yado_xml_free)

G_END_DECLS
