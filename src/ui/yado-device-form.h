/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * An editor for one element of a domain's XML, built from a table of
 * fields (yado-device-fields.c): each field reads its value at a path
 * below the node and writes it back there when the user changes it, and
 * only then (yado_xml_node_set changes nothing when the value is the same).
 * A field whose value is bad shows why under itself; the page applies
 * nothing while any field of any form is bad.
 */

#include <gtk/gtk.h>

#include "yado-domain-config.h"

G_BEGIN_DECLS

typedef enum {
  YADO_FIELD_LABEL,    /* read only */
  YADO_FIELD_ENTRY,
  YADO_FIELD_PASSWORD,
  YADO_FIELD_PATH,     /* an entry whose file must exist on a local host */
  YADO_FIELD_NUMBER,   /* digits only; empty removes it */
  YADO_FIELD_COMBO,    /* choices, and any other value the XML has */
  YADO_FIELD_YESNO,    /* a check box for an attribute "yes"/"no" */
  YADO_FIELD_FLAG,     /* a check box for an empty element (<readonly/>) */
  YADO_FIELD_TEXT,     /* several lines (a description) */
} YadoFieldType;

typedef enum {
  YADO_CHECK_NONE,
  YADO_CHECK_REQUIRED,
  YADO_CHECK_MAC,      /* well-formed (the page asks the host whose it is) */
  YADO_CHECK_NAME,     /* a valid name no other VM on this host has */
} YadoFieldCheck;

typedef struct {
  const char    *label;
  const char    *path;     /* yado_xml_node_get's */
  YadoFieldType  type;
  /* Combos: "value:Label|value|..."; "" as a value is "not set". A
   * choices string "@networks" (or "@machines", "@cpu-models") asks the
   * context for the list. */
  const char    *choices;
  const char    *when;     /* "path=value": shown only then; NULL: always */
  YadoFieldCheck check;
  const char    *absent;   /* the value that "not set" means ("up") */
} YadoField;

/* What a form needs to know of the host (filled by the details page). */
typedef struct {
  gboolean    local;       /* paths can be checked here */
  gboolean    shut_off;    /* fields marked name-like are editable */
  GPtrArray  *names;       /* other VMs' names on this connection */
  GPtrArray  *networks;    /* virtual network names */
  GPtrArray  *machines;
  GPtrArray  *cpu_models;
  gboolean    no_secure_boot; /* the host said it has no secure boot firmware */
} YadoFormContext;

#define YADO_TYPE_DEVICE_FORM (yado_device_form_get_type ())
G_DECLARE_FINAL_TYPE (YadoDeviceForm, yado_device_form, YADO, DEVICE_FORM, GtkGrid)

YadoDeviceForm *yado_device_form_new        (const YadoField       *fields,
                                             guint                  n_fields,
                                             const YadoFormContext *context);
/* Shows @node's values (the node is written to as the user edits). */
void            yado_device_form_bind       (YadoDeviceForm *self,
                                             xmlNodePtr      node);
gboolean        yado_device_form_is_valid   (YadoDeviceForm *self);
xmlNodePtr      yado_device_form_get_node   (YadoDeviceForm *self);
/* The entry, combo or check of the field whose path is @path (tests). */
GtkWidget      *yado_device_form_get_widget (YadoDeviceForm *self,
                                             const char     *path);
/* Its message under the field, or NULL when it is fine. */
const char     *yado_device_form_get_error  (YadoDeviceForm *self,
                                             const char     *path);
/* Hides a field that applies to the XML but not to this host (secure
 * boot without the firmware for it). */
void            yado_device_form_hide_field (YadoDeviceForm *self,
                                             const char     *path);
/* Shows @error under a field, as a check that needed the host would
 * (another VM's MAC address), until the field changes again. */
void            yado_device_form_set_error  (YadoDeviceForm *self,
                                             const char     *path,
                                             const char     *error);
/* Sets a field's value as a user would (tests, the CD-ROM's Eject). */
void            yado_device_form_set_value  (YadoDeviceForm *self,
                                             const char     *path,
                                             const char     *value);

G_END_DECLS
