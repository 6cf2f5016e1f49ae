/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>

#include "yado-xml.h"

YadoXml *
yado_xml_parse (const char *text)
{
  xmlDocPtr doc;
  YadoXml *xml;

  if (text == NULL)
    return NULL;
  doc = xmlReadMemory (text, strlen (text), NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    return NULL;
  xml = g_new0 (YadoXml, 1);
  xml->doc = doc;
  xml->ctx = xmlXPathNewContext (doc);
  return xml;
}

void
yado_xml_free (YadoXml *xml)
{
  if (xml == NULL)
    return;
  xmlXPathFreeContext (xml->ctx);
  xmlFreeDoc (xml->doc);
  g_free (xml);
}

/* Calls @func on the text of each node @xpath selects; stops when it
 * returns FALSE. */
static void
foreach_text (YadoXml *xml, const char *xpath, gboolean (*func) (const char *, gpointer),
              gpointer data)
{
  xmlXPathObjectPtr res = xmlXPathEvalExpression (BAD_CAST xpath, xml->ctx);

  if (res != NULL && res->nodesetval != NULL)
    for (int i = 0; i < res->nodesetval->nodeNr; i++)
      {
        xmlChar *text = xmlNodeGetContent (res->nodesetval->nodeTab[i]);
        gboolean go_on = text == NULL || *text == '\0' || func ((const char *) text, data);

        xmlFree (text);
        if (!go_on)
          break;
      }
  xmlXPathFreeObject (res);
}

static gboolean
keep_first (const char *text, gpointer data)
{
  *(char **) data = g_strdup (text);
  return FALSE;
}

static gboolean
append_copy (const char *text, gpointer data)
{
  g_ptr_array_add (data, g_strdup (text));
  return TRUE;
}

char *
yado_xml_get_string (YadoXml *xml, const char *xpath)
{
  char *value = NULL;

  foreach_text (xml, xpath, keep_first, &value);
  return value;
}

void
yado_xml_get_strings (YadoXml *xml, const char *xpath, GPtrArray *out)
{
  foreach_text (xml, xpath, append_copy, out);
}

gboolean
yado_xml_has (YadoXml *xml, const char *xpath)
{
  xmlXPathObjectPtr res = xmlXPathEvalExpression (BAD_CAST xpath, xml->ctx);
  gboolean found = res != NULL && res->nodesetval != NULL && res->nodesetval->nodeNr > 0;

  xmlXPathFreeObject (res);
  return found;
}

/* ---- building ---- */

void
yado_xml_set (xmlNodePtr node, const char *name, const char *value)
{
  if (value != NULL && *value != '\0')
    xmlSetProp (node, BAD_CAST name, BAD_CAST value);
}

xmlNodePtr
yado_xml_add (xmlNodePtr parent, const char *name)
{
  return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

xmlNodePtr
yado_xml_add_text (xmlNodePtr parent, const char *name, const char *text)
{
  return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST text);
}

xmlNodePtr
yado_xml_add_with (xmlNodePtr parent, const char *name, const char *attribute, const char *value)
{
  xmlNodePtr node = yado_xml_add (parent, name);

  yado_xml_set (node, attribute, value);
  return node;
}

xmlNodePtr
yado_xml_child (xmlNodePtr node, const char *name)
{
  for (xmlNodePtr c = node ? node->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp (c->name, BAD_CAST name) == 0)
      return c;
  return NULL;
}
