/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YADO_TYPE_CELL_RENDERER_SPARKLINE (yado_cell_renderer_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (YadoCellRendererSparkline, yado_cell_renderer_sparkline,
                      YADO, CELL_RENDERER_SPARKLINE, GtkCellRenderer)

/*
 * YadoCellRendererSparkline: a small graph, an area filled under a line,
 * of the newest values of a YadoHistory, with an optional short text
 * ("12 %") drawn over its right end.
 *
 * Properties:
 *   "history" (gpointer, const YadoHistory *): the values; not owned, it
 *       must outlive the draw. NULL draws an empty frame.
 *   "samples" (guint, default 40): how many of the newest values span the
 *       width; fewer values fill only the right part.
 *   "max-value" (double, default 100): the value at the top. 0 scales to
 *       the largest value shown, and to no less than 1.
 *   "text" (string, may be NULL): drawn small at the right end.
 */

GtkCellRenderer *yado_cell_renderer_sparkline_new (void);

G_END_DECLS
