/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Shared by yado-details-page.c (the page: loading, the hardware list,
 * Apply and Revert, the XML view) and yado-details-sections.c (the
 * editors of the overview, CPUs, memory and boot options).
 */
#include "yado-details-page.h"
#include "yado-device-form.h"
#include "yado-domain-edit.h"

G_BEGIN_DECLS

struct _YadoDetailsPage {
  GtkBox            parent_instance;

  GtkWidget        *message_bar;
  GtkLabel         *message_label;
  GtkListBox       *hardware_list;
  GtkWidget        *add_button;
  GtkWidget        *remove_button;
  GtkLabel         *title_label;
  GtkWidget        *pending_bar;
  GtkLabel         *pending_label;
  GtkLabel         *pending_diff;
  GtkStack         *view_stack;
  GtkBox           *editor_box;
  GtkBox           *xml_box;
  GtkWidget        *pending_button;
  GtkLabel         *pending_button_label;
  GtkLabel         *pending_list_label;
  GtkSpinner       *busy_spinner;
  GtkWidget        *apply_button;
  GtkWidget        *revert_button;
  GtkWidget        *xml_editor;

  YadoDomain       *domain;
  GCancellable     *cancellable;
  YadoDomainConfig *original;    /* the next boot's definition, as read */
  YadoDomainConfig *running;     /* the running one, or NULL */
  YadoDomainConfig *working;     /* the user's edits of @original */
  GPtrArray        *pending;     /* YadoPendingChange, @original vs @running */
  gboolean          autostart;   /* as the user set it */
  gboolean          busy;
  gboolean          reload_wanted;
  gboolean          caps_asked;
  gboolean          whole_xml_taken; /* @working is the user's text */
  guint             reload_source;
  YadoFormContext   context;
  GPtrArray        *forms;       /* YadoDeviceForm of the selected row */
  char             *section_error; /* a custom editor's complaint, or NULL */
  char             *selected;    /* the selected row's key, kept over reloads */
};

/* Rows that are not devices have these keys; a device's is "device:ID". */
#define SECTION_OVERVIEW    "overview"
#define SECTION_PERFORMANCE "performance"
#define SECTION_CPUS        "cpus"
#define SECTION_MEMORY      "memory"
#define SECTION_BOOT        "boot"

/* yado-details-page.c */
/* Jobs answer even after the page went away (a running job is not
 * stopped by its cancellable): their callbacks hold a reference and
 * check this first. */
gboolean   _yado_details_page_disposed  (YadoDetailsPage *self);
void       _yado_details_page_changed   (YadoDetailsPage *self);
GtkWidget *_yado_details_page_add_form  (YadoDetailsPage *self,
                                         GtkBox          *box,
                                         const YadoField *fields,
                                         guint            n_fields,
                                         xmlNodePtr       node);
GtkWidget *_yado_details_heading        (const char *text);

/* yado-details-nic.c: whose MAC address, and the addresses it has */
void _yado_details_nic_setup      (YadoDetailsPage *self,
                                   GtkWidget       *form,
                                   xmlNodePtr       nic);

/* yado-details-sections.c */
void _yado_details_build_overview (YadoDetailsPage *self, GtkBox *box);
void _yado_details_build_cpus     (YadoDetailsPage *self, GtkBox *box);
void _yado_details_build_memory   (YadoDetailsPage *self, GtkBox *box);
void _yado_details_build_boot     (YadoDetailsPage *self, GtkBox *box);

G_END_DECLS
