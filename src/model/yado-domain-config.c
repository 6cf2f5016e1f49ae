/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>

#include "yado-domain-config.h"
#include "yado-error.h"

struct _YadoDomainConfig {
  xmlDocPtr doc;
  guint     next_id;
};

/* A device's id lives in the node's _private pointer, which libxml2
 * leaves to applications and never writes out. */
#define DEVICE_ID(node) GPOINTER_TO_UINT ((node)->_private)

static xmlNodePtr
devices_node (YadoDomainConfig *self)
{
  xmlNodePtr root = xmlDocGetRootElement (self->doc);

  for (xmlNodePtr child = root ? root->children : NULL; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && xmlStrcmp (child->name, BAD_CAST "devices") == 0)
      return child;
  return NULL;
}

static gboolean
is_device (xmlNodePtr node)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, BAD_CAST "emulator") != 0;
}

static void
number_devices (YadoDomainConfig *self)
{
  xmlNodePtr devices = devices_node (self);

  for (xmlNodePtr child = devices ? devices->children : NULL; child != NULL; child = child->next)
    if (is_device (child))
      child->_private = GUINT_TO_POINTER (++self->next_id);
}

static xmlDocPtr
parse_document (const char *xml, GError **error)
{
  xmlDocPtr doc;
  int keep_blanks;

  /* libvirt turns libxml2's "keep blanks" off for the threads that use
   * it (a per-thread default): the whitespace is what keeps the XML as
   * the user wrote it, so parse with it on, whatever the thread. */
  keep_blanks = xmlKeepBlanksDefault (1);
  doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlKeepBlanksDefault (keep_blanks);
  if (doc == NULL)
    {
      const xmlError *last = xmlGetLastError ();

      g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                   _("The XML is not well-formed (line %d): %s"), last ? last->line : 0,
                   last && last->message ? g_strstrip (g_strdup (last->message)) : _("unknown error"));
    }
  return doc;
}

YadoDomainConfig *
yado_domain_config_new (const char *xml, GError **error)
{
  YadoDomainConfig *self;
  xmlDocPtr doc = parse_document (xml, error);
  xmlNodePtr root;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || xmlStrcmp (root->name, BAD_CAST "domain") != 0)
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                   _("The XML does not describe a virtual machine (no <domain> element)"));
      xmlFreeDoc (doc);
      return NULL;
    }
  self = g_new0 (YadoDomainConfig, 1);
  self->doc = doc;
  number_devices (self);
  return self;
}

void
yado_domain_config_free (YadoDomainConfig *self)
{
  if (self == NULL)
    return;
  xmlFreeDoc (self->doc);
  g_free (self);
}

YadoDomainConfig *
yado_domain_config_copy (YadoDomainConfig *self)
{
  YadoDomainConfig *copy = g_new0 (YadoDomainConfig, 1);
  xmlNodePtr from, to;

  copy->doc = xmlCopyDoc (self->doc, 1);
  copy->next_id = self->next_id;
  /* A copy has the same devices in the same order: give them their ids. */
  from = devices_node (self);
  to = devices_node (copy);
  for (from = from ? from->children : NULL, to = to ? to->children : NULL;
       from != NULL && to != NULL; from = from->next, to = to->next)
    to->_private = from->_private;
  return copy;
}

char *
yado_domain_config_to_xml (YadoDomainConfig *self)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *xml;

  /* Not formatted: the whitespace nodes read are written back as they
   * were. */
  xmlNodeDump (buffer, self->doc, xmlDocGetRootElement (self->doc), 0, 0);
  xml = g_strconcat ((const char *) xmlBufferContent (buffer), "\n", NULL);
  xmlBufferFree (buffer);
  return xml;
}

xmlNodePtr
yado_domain_config_get_root (YadoDomainConfig *self)
{
  return xmlDocGetRootElement (self->doc);
}

/* ---- whitespace: new nodes indented like their siblings ---- */

/* The indentation of @node's line: the spaces after the last newline of
 * the text before it. */
static char *
indent_of (xmlNodePtr node)
{
  xmlNodePtr prev = node->prev;
  const char *text, *newline;

  if (prev == NULL || prev->type != XML_TEXT_NODE || prev->content == NULL)
    return g_strdup ("");
  text = (const char *) prev->content;
  newline = strrchr (text, '\n');
  return g_strdup (newline ? newline + 1 : "");
}

static xmlNodePtr
new_text (xmlNodePtr parent, const char *text)
{
  return xmlNewDocText (parent->doc, BAD_CAST text);
}

/* Appends @child as the last element of @parent, on its own line. */
static void
append_indented (xmlNodePtr parent, xmlNodePtr child)
{
  g_autofree char *indent = indent_of (parent);
  g_autofree char *before = g_strconcat ("\n", indent, "  ", NULL);
  g_autofree char *after = g_strconcat ("\n", indent, NULL);
  xmlNodePtr last_element = NULL;

  for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE || c->type == XML_COMMENT_NODE)
      last_element = c;
  if (last_element != NULL)
    {
      xmlNodePtr ws = xmlAddNextSibling (last_element, new_text (parent, before));

      xmlAddNextSibling (ws, child);
      return;
    }
  /* An empty element (<target/>, or only whitespace): open it up. */
  while (parent->children != NULL)
    {
      xmlNodePtr c = parent->children;

      xmlUnlinkNode (c);
      xmlFreeNode (c);
    }
  xmlAddChild (parent, new_text (parent, before));
  xmlAddChild (parent, child);
  xmlAddChild (parent, new_text (parent, after));
}

/* Inserts @child right after @sibling, on a line of its own. */
static void
insert_after_indented (xmlNodePtr sibling, xmlNodePtr child)
{
  g_autofree char *indent = indent_of (sibling);
  g_autofree char *before = g_strconcat ("\n", indent, NULL);
  xmlNodePtr ws = xmlAddNextSibling (sibling, new_text (sibling, before));

  xmlAddNextSibling (ws, child);
}

static gboolean
is_blank_text (xmlNodePtr node)
{
  if (node->type != XML_TEXT_NODE)
    return FALSE;
  for (const xmlChar *p = node->content; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Removes @node with the whitespace that put it on its own line. */
static void
remove_indented (xmlNodePtr node)
{
  xmlNodePtr parent = node->parent;
  xmlNodePtr prev = node->prev;
  gboolean only_blank = TRUE;

  if (prev != NULL && is_blank_text (prev))
    {
      xmlUnlinkNode (prev);
      xmlFreeNode (prev);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);
  /* Left with only whitespace: an empty element again (<source/>). */
  for (xmlNodePtr c = parent ? parent->children : NULL; c != NULL; c = c->next)
    only_blank = only_blank && is_blank_text (c);
  while (only_blank && parent != NULL && parent->children != NULL)
    {
      xmlNodePtr c = parent->children;

      xmlUnlinkNode (c);
      xmlFreeNode (c);
    }
}

/* ---- paths ---- */

static xmlNodePtr
first_child_named (xmlNodePtr node, const char *name)
{
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->ns == NULL && xmlStrcmp (c->name, BAD_CAST name) == 0)
      return c;
  return NULL;
}

/* Follows the element steps of @steps (NULL-terminated, the last one
 * excluded when it is an attribute) from @node; with @create, makes the
 * missing ones. */
static xmlNodePtr
walk (xmlNodePtr node, char **steps, gboolean create)
{
  for (guint i = 0; node != NULL && steps[i] != NULL; i++)
    {
      xmlNodePtr next;

      if (steps[i][0] == '@')
        break;
      next = first_child_named (node, steps[i]);
      if (next == NULL && create)
        {
          next = xmlNewDocNode (node->doc, NULL, BAD_CAST steps[i], NULL);
          append_indented (node, next);
        }
      node = next;
    }
  return node;
}

static const char *
attribute_step (char **steps)
{
  guint n = g_strv_length (steps);

  return n > 0 && steps[n - 1][0] == '@' ? steps[n - 1] + 1 : NULL;
}

char *
yado_xml_node_get (xmlNodePtr node, const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  const char *attribute = attribute_step (steps);
  xmlNodePtr target = walk (node, steps, FALSE);
  xmlChar *value;
  char *result;

  if (target == NULL)
    return NULL;
  value = attribute ? xmlGetNoNsProp (target, BAD_CAST attribute) : xmlNodeGetContent (target);
  result = value ? g_strdup ((const char *) value) : NULL;
  xmlFree (value);
  if (result != NULL && attribute == NULL)
    g_strstrip (result);
  return result;
}

static gboolean
element_is_empty (xmlNodePtr node)
{
  if (node->properties != NULL)
    return FALSE;
  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    if (!is_blank_text (c))
      return FALSE;
  return TRUE;
}

/* Removes the empty elements on the way to @target, up to @top. */
static void
prune_empty (xmlNodePtr target, xmlNodePtr top)
{
  while (target != NULL && target != top && element_is_empty (target))
    {
      xmlNodePtr parent = target->parent;

      remove_indented (target);
      target = parent;
    }
}

static gboolean
unset (xmlNodePtr node, char **steps, const char *attribute)
{
  xmlNodePtr target = walk (node, steps, FALSE);

  if (target == NULL)
    return FALSE;
  if (attribute != NULL)
    {
      xmlAttrPtr attr = xmlHasNsProp (target, BAD_CAST attribute, NULL);

      if (attr == NULL)
        return FALSE;
      xmlRemoveProp (attr);
      prune_empty (target, node);
      return TRUE;
    }
  if (target == node)
    return FALSE;
  {
    xmlNodePtr parent = target->parent;

    remove_indented (target);
    prune_empty (parent, node);
  }
  return TRUE;
}

gboolean
yado_xml_node_set (xmlNodePtr node, const char *path, const char *value)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  const char *attribute = attribute_step (steps);
  g_autofree char *current = yado_xml_node_get (node, path);
  xmlNodePtr target;

  if (value == NULL || *value == '\0')
    return unset (node, steps, attribute);
  if (g_strcmp0 (current, value) == 0)
    return FALSE;
  target = walk (node, steps, TRUE);
  if (attribute != NULL)
    xmlSetProp (target, BAD_CAST attribute, BAD_CAST value);
  else
    {
      xmlChar *escaped = xmlEncodeSpecialChars (target->doc, BAD_CAST value);

      xmlNodeSetContent (target, escaped);
      xmlFree (escaped);
    }
  return TRUE;
}

gboolean
yado_xml_node_get_flag (xmlNodePtr node, const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);

  return walk (node, steps, FALSE) != NULL;
}

gboolean
yado_xml_node_set_flag (xmlNodePtr node, const char *path, gboolean on)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  xmlNodePtr target = walk (node, steps, FALSE);

  if ((target != NULL) == on)
    return FALSE;
  if (on)
    walk (node, steps, TRUE);
  else
    remove_indented (target);
  return TRUE;
}

/* ---- devices ---- */

guint
yado_domain_config_get_n_devices (YadoDomainConfig *self)
{
  xmlNodePtr devices = devices_node (self);
  guint n = 0;

  for (xmlNodePtr c = devices ? devices->children : NULL; c != NULL; c = c->next)
    n += is_device (c);
  return n;
}

xmlNodePtr
yado_domain_config_get_device (YadoDomainConfig *self, guint index)
{
  xmlNodePtr devices = devices_node (self);

  for (xmlNodePtr c = devices ? devices->children : NULL; c != NULL; c = c->next)
    if (is_device (c) && index-- == 0)
      return c;
  return NULL;
}

xmlNodePtr
yado_domain_config_find_device (YadoDomainConfig *self, guint id)
{
  xmlNodePtr devices = devices_node (self);

  for (xmlNodePtr c = devices ? devices->children : NULL; c != NULL && id != 0; c = c->next)
    if (is_device (c) && DEVICE_ID (c) == id)
      return c;
  return NULL;
}

/* Parses one element of device XML into @doc's dictionary. */
static xmlNodePtr
parse_device (YadoDomainConfig *self, const char *xml, GError **error)
{
  xmlDocPtr doc = parse_document (xml, error);
  xmlNodePtr root, copy;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  copy = root ? xmlDocCopyNode (root, self->doc, 1) : NULL;
  xmlFreeDoc (doc);
  if (copy == NULL)
    g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID, _("The XML has no device element"));
  return copy;
}

/* Moves the lines inside @node (parsed on its own, at column 0) to
 * @indent, the column it is inserted at. */
static void
reindent (xmlNodePtr node, const char *indent)
{
  g_autofree char *nested = g_strconcat ("\n", indent, NULL);

  for (xmlNodePtr c = node->children; c != NULL; c = c->next)
    {
      if (is_blank_text (c) && strchr ((const char *) c->content, '\n') != NULL)
        {
          g_auto(GStrv) parts = g_strsplit ((const char *) c->content, "\n", -1);
          g_autofree char *text = g_strjoinv (nested, parts);

          xmlNodeSetContent (c, BAD_CAST text);
        }
      else if (c->type == XML_ELEMENT_NODE)
        reindent (c, indent);
    }
}

xmlNodePtr
yado_domain_config_add_device (YadoDomainConfig *self, const char *xml, GError **error)
{
  xmlNodePtr device = parse_device (self, xml, error);
  xmlNodePtr devices, last_same = NULL;

  if (device == NULL)
    return NULL;
  devices = devices_node (self);
  if (devices == NULL)
    {
      devices = xmlNewDocNode (self->doc, NULL, BAD_CAST "devices", NULL);
      append_indented (xmlDocGetRootElement (self->doc), devices);
    }
  /* libvirt keeps devices grouped by element; so does the new one. */
  for (xmlNodePtr c = devices->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp (c->name, device->name) == 0)
      last_same = c;
  if (last_same != NULL)
    insert_after_indented (last_same, device);
  else
    append_indented (devices, device);
  {
    g_autofree char *indent = indent_of (device);

    reindent (device, indent);
  }
  return device;
}

xmlNodePtr
yado_domain_config_replace_device (YadoDomainConfig *self, xmlNodePtr device,
                                   const char *xml, GError **error)
{
  xmlNodePtr replacement = parse_device (self, xml, error);

  if (replacement == NULL)
    return NULL;
  replacement->_private = device->_private;
  {
    g_autofree char *indent = indent_of (device);

    reindent (replacement, indent);
  }
  xmlReplaceNode (device, replacement);
  xmlFreeNode (device);
  return replacement;
}

void
yado_domain_config_remove_device (YadoDomainConfig *self, xmlNodePtr device)
{
  remove_indented (device);
}

guint
yado_device_get_id (xmlNodePtr device)
{
  return DEVICE_ID (device);
}

static gboolean
named (xmlNodePtr node, const char *name)
{
  return xmlStrcmp (node->name, BAD_CAST name) == 0;
}

static gboolean
attr_is (xmlNodePtr node, const char *path, const char *value)
{
  g_autofree char *v = yado_xml_node_get (node, path);

  return g_strcmp0 (v, value) == 0;
}

YadoDeviceKind
yado_device_get_kind (xmlNodePtr device)
{
  static const struct { const char *element; YadoDeviceKind kind; } simple[] = {
    { "interface", YADO_DEVICE_INTERFACE }, { "input", YADO_DEVICE_INPUT },
    { "graphics", YADO_DEVICE_GRAPHICS }, { "sound", YADO_DEVICE_SOUND },
    { "serial", YADO_DEVICE_SERIAL }, { "parallel", YADO_DEVICE_PARALLEL },
    { "console", YADO_DEVICE_CONSOLE }, { "channel", YADO_DEVICE_CHANNEL },
    { "video", YADO_DEVICE_VIDEO }, { "controller", YADO_DEVICE_CONTROLLER },
    { "redirdev", YADO_DEVICE_REDIRDEV }, { "watchdog", YADO_DEVICE_WATCHDOG },
    { "rng", YADO_DEVICE_RNG }, { "tpm", YADO_DEVICE_TPM }, { "panic", YADO_DEVICE_PANIC },
    { "smartcard", YADO_DEVICE_SMARTCARD }, { "filesystem", YADO_DEVICE_FILESYSTEM },
    { "memballoon", YADO_DEVICE_MEMBALLOON },
  };

  if (named (device, "disk"))
    return attr_is (device, "@device", "cdrom") ? YADO_DEVICE_CDROM
         : attr_is (device, "@device", "floppy") ? YADO_DEVICE_FLOPPY : YADO_DEVICE_DISK;
  if (named (device, "hostdev"))
    return attr_is (device, "@type", "usb") ? YADO_DEVICE_HOSTDEV_USB
         : attr_is (device, "@type", "pci") ? YADO_DEVICE_HOSTDEV_PCI : YADO_DEVICE_HOSTDEV;
  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    if (named (device, simple[i].element))
      return simple[i].kind;
  return YADO_DEVICE_OTHER;
}

const char *
yado_device_kind_get_icon_name (YadoDeviceKind kind)
{
  switch (kind)
    {
    case YADO_DEVICE_DISK:        return "drive-harddisk-symbolic";
    case YADO_DEVICE_CDROM:       return "media-optical-symbolic";
    case YADO_DEVICE_FLOPPY:      return "media-floppy-symbolic";
    case YADO_DEVICE_INTERFACE:   return "network-wired-symbolic";
    case YADO_DEVICE_INPUT:       return "input-mouse-symbolic";
    case YADO_DEVICE_GRAPHICS:    return "video-display-symbolic";
    case YADO_DEVICE_SOUND:       return "audio-speakers-symbolic";
    case YADO_DEVICE_SERIAL:
    case YADO_DEVICE_PARALLEL:
    case YADO_DEVICE_CONSOLE:     return "utilities-terminal-symbolic";
    case YADO_DEVICE_CHANNEL:     return "mail-send-receive-symbolic";
    case YADO_DEVICE_VIDEO:       return "video-display-symbolic";
    case YADO_DEVICE_CONTROLLER:  return "preferences-other-symbolic";
    case YADO_DEVICE_HOSTDEV_USB:
    case YADO_DEVICE_REDIRDEV:    return "media-removable-symbolic";
    case YADO_DEVICE_HOSTDEV_PCI:
    case YADO_DEVICE_HOSTDEV:     return "application-x-firmware-symbolic";
    case YADO_DEVICE_WATCHDOG:    return "alarm-symbolic";
    case YADO_DEVICE_RNG:         return "dialog-password-symbolic";
    case YADO_DEVICE_TPM:         return "security-high-symbolic";
    case YADO_DEVICE_PANIC:       return "dialog-warning-symbolic";
    case YADO_DEVICE_SMARTCARD:   return "auth-smartcard-symbolic";
    case YADO_DEVICE_FILESYSTEM:  return "folder-remote-symbolic";
    case YADO_DEVICE_MEMBALLOON:  return "view-restore-symbolic";
    case YADO_DEVICE_OTHER:
    default:                      return "application-x-addon-symbolic";
    }
}

/* "VirtIO", "SATA"... for a bus attribute. */
static const char *
bus_name (const char *bus)
{
  static const char *const names[][2] = {
    { "virtio", "VirtIO" }, { "sata", "SATA" }, { "scsi", "SCSI" }, { "ide", "IDE" },
    { "usb", "USB" }, { "fdc", "Floppy" }, { "ps2", "PS/2" }, { "xen", "Xen" }, { "sd", "SD" },
  };

  for (guint i = 0; bus != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (bus, names[i][0]))
      return names[i][1];
  return bus;
}

/* The position (from 1) of @device among the devices of its kind. */
static guint
ordinal (YadoDomainConfig *self, xmlNodePtr device)
{
  YadoDeviceKind kind = yado_device_get_kind (device);
  guint n = 0;

  for (xmlNodePtr c = device->parent ? device->parent->children : NULL; c != NULL; c = c->next)
    {
      if (is_device (c) && yado_device_get_kind (c) == kind)
        n++;
      if (c == device)
        break;
    }
  return n;
}

static char *
label_with (const char *what, const char *detail)
{
  return detail && *detail ? g_strdup_printf ("%s %s", what, detail) : g_strdup (what);
}

static char *
mac_tail (xmlNodePtr device)
{
  g_autofree char *mac = yado_xml_node_get (device, "mac/@address");

  /* virt-manager's users know NICs by the end of their MAC. */
  return mac && strlen (mac) == 17 ? g_strdup (mac + 8) : g_strdup ("");
}

static char *
hostdev_label (xmlNodePtr device, const char *prefix)
{
  g_autofree char *vendor = yado_xml_node_get (device, "source/vendor/@id");
  g_autofree char *product = yado_xml_node_get (device, "source/product/@id");
  g_autofree char *domain = yado_xml_node_get (device, "source/address/@domain");
  g_autofree char *bus = yado_xml_node_get (device, "source/address/@bus");
  g_autofree char *slot = yado_xml_node_get (device, "source/address/@slot");
  g_autofree char *function = yado_xml_node_get (device, "source/address/@function");

  if (vendor && product)
    return g_strdup_printf ("%s %s:%s", prefix, vendor + (g_str_has_prefix (vendor, "0x") ? 2 : 0),
                            product + (g_str_has_prefix (product, "0x") ? 2 : 0));
  if (bus && slot)
    return g_strdup_printf ("%s %s:%s:%s.%s", prefix,
                            domain ? domain + 2 : "0000", bus + 2, slot + 2,
                            function ? function + 2 : "0");
  return g_strdup (prefix);
}

char *
yado_device_get_label (YadoDomainConfig *self, xmlNodePtr device)
{
  YadoDeviceKind kind = yado_device_get_kind (device);
  g_autofree char *bus = yado_xml_node_get (device, "target/@bus");
  g_autofree char *type = yado_xml_node_get (device, "@type");
  g_autofree char *model = yado_xml_node_get (device, "@model");
  guint n = ordinal (self, device);

  switch (kind)
    {
    case YADO_DEVICE_DISK:
      return g_strdup_printf (_("%s Disk %u"), bus ? bus_name (bus) : "", n);
    case YADO_DEVICE_CDROM:
      return g_strdup_printf (_("%s CD-ROM %u"), bus ? bus_name (bus) : "", n);
    case YADO_DEVICE_FLOPPY:
      return g_strdup_printf (_("Floppy %u"), n);
    case YADO_DEVICE_INTERFACE:
      {
        g_autofree char *tail = mac_tail (device);

        return label_with (_("NIC"), tail);
      }
    case YADO_DEVICE_INPUT:
      {
        const char *what = g_strcmp0 (type, "tablet") == 0 ? _("Tablet")
                         : g_strcmp0 (type, "keyboard") == 0 ? _("Keyboard")
                         : g_strcmp0 (type, "mouse") == 0 ? _("Mouse") : _("Input");

        g_autofree char *input_bus = yado_xml_node_get (device, "@bus");

        return label_with (what, input_bus ? bus_name (input_bus) : NULL);
      }
    case YADO_DEVICE_GRAPHICS:
      {
        g_autofree char *upper = type ? g_ascii_strup (type, -1) : NULL;

        return label_with (_("Display"), g_strcmp0 (type, "spice") == 0 ? "Spice" : upper);
      }
    case YADO_DEVICE_SOUND:
      return label_with (_("Sound"), model);
    case YADO_DEVICE_SERIAL:
      return g_strdup_printf (_("Serial %u"), n);
    case YADO_DEVICE_PARALLEL:
      return g_strdup_printf (_("Parallel %u"), n);
    case YADO_DEVICE_CONSOLE:
      return g_strdup_printf (_("Console %u"), n);
    case YADO_DEVICE_CHANNEL:
      {
        g_autofree char *name = yado_xml_node_get (device, "target/@name");

        if (g_strcmp0 (name, "org.qemu.guest_agent.0") == 0)
          return g_strdup (_("Channel qemu-ga"));
        if (g_strcmp0 (name, "com.redhat.spice.0") == 0)
          return g_strdup (_("Channel spice"));
        return label_with (_("Channel"), name);
      }
    case YADO_DEVICE_VIDEO:
      {
        g_autofree char *vmodel = yado_xml_node_get (device, "model/@type");
        g_autofree char *upper = vmodel ? g_ascii_strup (vmodel, -1) : NULL;

        return label_with (_("Video"), g_strcmp0 (vmodel, "virtio") == 0 ? "Virtio" : upper);
      }
    case YADO_DEVICE_CONTROLLER:
      {
        g_autofree char *index = yado_xml_node_get (device, "@index");
        g_autofree char *upper = type && strlen (type) <= 4 ? g_ascii_strup (type, -1) : NULL;

        return g_strdup_printf (_("Controller %s %s"), upper ? upper
                                : g_strcmp0 (type, "virtio-serial") == 0 ? "VirtIO Serial"
                                : type ? type : "", index ? index : "0");
      }
    case YADO_DEVICE_HOSTDEV_USB:
      return hostdev_label (device, "USB");
    case YADO_DEVICE_HOSTDEV_PCI:
      return hostdev_label (device, "PCI");
    case YADO_DEVICE_HOSTDEV:
      return label_with (_("Host device"), type);
    case YADO_DEVICE_REDIRDEV:
      return g_strdup_printf (_("USB Redirector %u"), n);
    case YADO_DEVICE_WATCHDOG:
      return g_strdup (_("Watchdog"));
    case YADO_DEVICE_RNG:
      {
        g_autofree char *source = yado_xml_node_get (device, "backend");

        return label_with (_("RNG"), source);
      }
    case YADO_DEVICE_TPM:
      return label_with (_("TPM"), model);
    case YADO_DEVICE_PANIC:
      return g_strdup (_("Panic Notifier"));
    case YADO_DEVICE_SMARTCARD:
      return g_strdup (_("Smartcard"));
    case YADO_DEVICE_FILESYSTEM:
      {
        g_autofree char *target = yado_xml_node_get (device, "target/@dir");

        return label_with (_("Filesystem"), target);
      }
    case YADO_DEVICE_MEMBALLOON:
      return g_strdup (_("Memory Balloon"));
    case YADO_DEVICE_OTHER:
    default:
      return g_strdup_printf ("%s", (const char *) device->name);
    }
}

char *
yado_device_to_xml (xmlNodePtr device)
{
  g_autofree char *indent = indent_of (device);
  g_autofree char *nested = g_strconcat ("\n", indent, NULL);
  xmlBufferPtr buffer = xmlBufferCreate ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;

  xmlNodeDump (buffer, device->doc, device, 0, 0);
  /* Shown on its own: take the domain's indentation off each line. */
  lines = g_strsplit ((const char *) xmlBufferContent (buffer), nested, -1);
  xmlBufferFree (buffer);
  joined = g_strjoinv ("\n", lines);
  return g_strconcat (joined, "\n", NULL);
}

/* ---- memory and vCPUs ---- */

static guint64
unit_factor_kib (const char *unit)
{
  static const struct { const char *unit; guint64 kib; } units[] = {
    { "b", 0 }, { "bytes", 0 }, { "KB", 1 }, { "k", 1 }, { "KiB", 1 },
    { "MB", 1000 }, { "M", 1024 }, { "MiB", 1024 },
    { "GB", 1000000 }, { "G", 1024 * 1024 }, { "GiB", 1024 * 1024 },
    { "T", 1024ull * 1024 * 1024 }, { "TiB", 1024ull * 1024 * 1024 },
  };

  if (unit == NULL)
    return 1;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_ascii_strcasecmp (unit, units[i].unit) == 0)
      return units[i].kib;
  return 1;
}

static guint64
get_kib (YadoDomainConfig *self, const char *element)
{
  xmlNodePtr root = yado_domain_config_get_root (self);
  g_autofree char *text = yado_xml_node_get (root, element);
  g_autofree char *unit_path = g_strconcat (element, "/@unit", NULL);
  g_autofree char *unit = yado_xml_node_get (root, unit_path);
  guint64 value = text ? g_ascii_strtoull (text, NULL, 10) : 0;
  guint64 factor = unit_factor_kib (unit);

  /* "bytes" and the decimal units do not divide evenly: round down. */
  if (factor == 0)
    return value / 1024;
  if (unit != NULL && (g_str_equal (unit, "KB") || g_str_equal (unit, "MB")
                       || g_str_equal (unit, "GB")))
    return value * factor * 1000 / 1024;
  return value * factor;
}

static gboolean
set_kib (YadoDomainConfig *self, const char *element, guint64 kib)
{
  xmlNodePtr root = yado_domain_config_get_root (self);
  g_autofree char *unit_path = g_strconcat (element, "/@unit", NULL);
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
  gboolean changed;

  if (get_kib (self, element) == kib)
    return FALSE;
  changed = yado_xml_node_set (root, element, text);
  changed |= yado_xml_node_set (root, unit_path, "KiB");
  return changed;
}

guint64
yado_domain_config_get_memory_kib (YadoDomainConfig *self)
{
  return get_kib (self, "memory");
}

guint64
yado_domain_config_get_current_memory_kib (YadoDomainConfig *self)
{
  guint64 current = get_kib (self, "currentMemory");

  return current ? current : get_kib (self, "memory");
}

gboolean
yado_domain_config_set_memory_kib (YadoDomainConfig *self, guint64 kib)
{
  return set_kib (self, "memory", kib);
}

gboolean
yado_domain_config_set_current_memory_kib (YadoDomainConfig *self, guint64 kib)
{
  return set_kib (self, "currentMemory", kib);
}

guint
yado_domain_config_get_max_vcpus (YadoDomainConfig *self)
{
  g_autofree char *text = yado_xml_node_get (yado_domain_config_get_root (self), "vcpu");

  return text ? (guint) g_ascii_strtoull (text, NULL, 10) : 1;
}

guint
yado_domain_config_get_current_vcpus (YadoDomainConfig *self)
{
  g_autofree char *text = yado_xml_node_get (yado_domain_config_get_root (self), "vcpu/@current");

  return text ? (guint) g_ascii_strtoull (text, NULL, 10) : yado_domain_config_get_max_vcpus (self);
}

gboolean
yado_domain_config_set_vcpus (YadoDomainConfig *self, guint current, guint max)
{
  xmlNodePtr root = yado_domain_config_get_root (self);
  g_autofree char *max_text = g_strdup_printf ("%u", max);
  g_autofree char *current_text = g_strdup_printf ("%u", current);
  gboolean changed = FALSE;

  if (yado_domain_config_get_max_vcpus (self) != max)
    changed |= yado_xml_node_set (root, "vcpu", max_text);
  if (yado_domain_config_get_current_vcpus (self) != current)
    /* All of them: libvirt writes no current attribute then. */
    changed |= yado_xml_node_set (root, "vcpu/@current", current == max ? NULL : current_text);
  return changed;
}

/* ---- boot order ---- */

static gboolean
is_bootable (xmlNodePtr device)
{
  switch (yado_device_get_kind (device))
    {
    case YADO_DEVICE_DISK:
    case YADO_DEVICE_CDROM:
    case YADO_DEVICE_FLOPPY:
    case YADO_DEVICE_INTERFACE:
    case YADO_DEVICE_HOSTDEV_USB:
    case YADO_DEVICE_HOSTDEV_PCI:
    case YADO_DEVICE_REDIRDEV:
      return TRUE;
    default:
      return FALSE;
    }
}

/* <os><boot dev='hd'/>: the first device of that kind. */
static gboolean
matches_boot_dev (xmlNodePtr device, const char *dev)
{
  YadoDeviceKind kind = yado_device_get_kind (device);

  return (g_strcmp0 (dev, "hd") == 0 && kind == YADO_DEVICE_DISK)
      || (g_strcmp0 (dev, "cdrom") == 0 && kind == YADO_DEVICE_CDROM)
      || (g_strcmp0 (dev, "fd") == 0 && kind == YADO_DEVICE_FLOPPY)
      || (g_strcmp0 (dev, "network") == 0 && kind == YADO_DEVICE_INTERFACE);
}

static guint
boot_rank (YadoDomainConfig *self, xmlNodePtr device, char **os_boot)
{
  g_autofree char *order = yado_xml_node_get (device, "boot/@order");

  if (order != NULL)
    return (guint) g_ascii_strtoull (order, NULL, 10);
  for (guint i = 0; os_boot != NULL && os_boot[i] != NULL; i++)
    if (matches_boot_dev (device, os_boot[i]))
      {
        /* Only the first device of a kind boots from <os><boot>. */
        for (guint j = 0; j < yado_domain_config_get_n_devices (self); j++)
          {
            xmlNodePtr other = yado_domain_config_get_device (self, j);

            if (other == device)
              return i + 1;
            if (matches_boot_dev (other, os_boot[i]))
              break;
          }
      }
  return 0;
}

static char **
os_boot_devs (YadoDomainConfig *self)
{
  xmlNodePtr os = first_child_named (yado_domain_config_get_root (self), "os");
  GPtrArray *devs = g_ptr_array_new ();

  for (xmlNodePtr c = os ? os->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && named (c, "boot"))
      g_ptr_array_add (devs, yado_xml_node_get (c, "@dev"));
  g_ptr_array_add (devs, NULL);
  return (char **) g_ptr_array_free (devs, FALSE);
}

static int
compare_rank (gconstpointer a, gconstpointer b, gpointer ranks)
{
  guint ra = GPOINTER_TO_UINT (g_hash_table_lookup (ranks, ((const YadoBootEntry *) a)->device));
  guint rb = GPOINTER_TO_UINT (g_hash_table_lookup (ranks, ((const YadoBootEntry *) b)->device));

  /* Enabled (ranked) first by rank, then the others in device order. */
  if (ra == 0 || rb == 0)
    return (ra == 0) - (rb == 0);
  return (ra > rb) - (ra < rb);
}

GArray *
yado_domain_config_get_boot_order (YadoDomainConfig *self)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (YadoBootEntry));
  g_autoptr(GHashTable) ranks = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) os_boot = os_boot_devs (self);

  for (guint i = 0; i < yado_domain_config_get_n_devices (self); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (self, i);
      YadoBootEntry entry = { device, FALSE };
      guint rank;

      if (!is_bootable (device))
        continue;
      rank = boot_rank (self, device, os_boot);
      entry.enabled = rank > 0;
      g_hash_table_insert (ranks, device, GUINT_TO_POINTER (rank));
      g_array_append_val (entries, entry);
    }
  /* A stable sort: g_array_sort_with_data is one. */
  g_array_sort_with_data (entries, compare_rank, ranks);
  return entries;
}

static gboolean
same_boot_order (YadoDomainConfig *self, const YadoBootEntry *entries, guint n)
{
  g_autoptr(GArray) current = yado_domain_config_get_boot_order (self);
  g_auto(GStrv) os_boot = os_boot_devs (self);

  /* The same order written the old way is rewritten (it cannot name a
   * second disk), unless nothing at all changes. */
  if (current->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      YadoBootEntry *c = &g_array_index (current, YadoBootEntry, i);

      if (c->enabled != entries[i].enabled || (c->enabled && c->device != entries[i].device))
        return FALSE;
    }
  return TRUE;
}

gboolean
yado_domain_config_set_boot_order (YadoDomainConfig *self, const YadoBootEntry *entries,
                                   guint n_entries)
{
  xmlNodePtr os = first_child_named (yado_domain_config_get_root (self), "os");
  guint order = 0;

  if (same_boot_order (self, entries, n_entries))
    return FALSE;
  /* libvirt refuses <os><boot> together with per-device orders. */
  for (xmlNodePtr c = os ? os->children : NULL, next; c != NULL; c = next)
    {
      next = c->next;
      if (c->type == XML_ELEMENT_NODE && named (c, "boot"))
        remove_indented (c);
    }
  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *text = entries[i].enabled ? g_strdup_printf ("%u", ++order) : NULL;

      yado_xml_node_set (entries[i].device, "boot/@order", text);
    }
  return TRUE;
}
