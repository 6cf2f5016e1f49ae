/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/*
 * The VM window's details page: the VM's hardware on the left (overview,
 * performance, CPUs, memory, boot options, then every device of its XML),
 * the selected row's editor on the right with its XML beside it. Edits
 * are collected on a copy of the definition and applied with Apply (or
 * dropped with Revert); what the running VM cannot take waits for the
 * next boot and is marked as pending.
 */
#define YADO_TYPE_DETAILS_PAGE (yado_details_page_get_type ())
G_DECLARE_FINAL_TYPE (YadoDetailsPage, yado_details_page, YADO, DETAILS_PAGE, GtkBox)

YadoDetailsPage *yado_details_page_new            (void);
void             yado_details_page_set_domain     (YadoDetailsPage *self,
                                                   YadoDomain      *domain);
/* Reads the definition again (unless there are edits to apply). */
void             yado_details_page_reload         (YadoDetailsPage *self);

/* For tests and the window: */
gboolean         yado_details_page_is_loaded      (YadoDetailsPage *self);
gboolean         yado_details_page_is_busy        (YadoDetailsPage *self);
gboolean         yado_details_page_has_changes    (YadoDetailsPage *self);
/* Selects the row labelled @label ("Overview", "Memory", "NIC :12:34:56").
 * Returns FALSE when there is none. */
gboolean         yado_details_page_select         (YadoDetailsPage *self,
                                                   const char      *label);
/* The labels of every row, in order. */
GPtrArray       *yado_details_page_get_row_labels (YadoDetailsPage *self);
/* The form of the selected row (its first, for sections with several). */
GtkWidget       *yado_details_page_get_form       (YadoDetailsPage *self);
/* Shows the Details or the XML view ("details", "xml"). */
void             yado_details_page_show_view      (YadoDetailsPage *self,
                                                   const char      *view);
GtkWidget       *yado_details_page_get_xml_editor (YadoDetailsPage *self);
void             yado_details_page_apply          (YadoDetailsPage *self);
void             yado_details_page_revert         (YadoDetailsPage *self);
/* The message bar's text, or NULL when it is hidden. */
const char      *yado_details_page_get_message    (YadoDetailsPage *self);
/* Whether the row labelled @label is marked as waiting for the next boot. */
gboolean         yado_details_page_row_is_pending (YadoDetailsPage *self,
                                                   const char      *label);

G_END_DECLS
