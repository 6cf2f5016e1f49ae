/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Drawing shared by the list's sparklines (yado-cell-renderer-sparkline.c)
 * and the details page's graphs (yado-graph-view.c): one look for both. */

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Where the newest value sits, and how far apart two samples are: the
 * newest is at the right edge and @samples of them span the width. */
typedef struct {
  double right;
  double step;
  double top;
  double bottom;
} YadoGraphGeometry;

void     yado_graph_geometry_init (YadoGraphGeometry  *geometry,
                                   const GdkRectangle *area,
                                   guint               samples);

/* A 1 px frame around @area in @color, faint. */
void     yado_graph_draw_frame    (cairo_t            *cr,
                                   const GdkRectangle *area,
                                   const GdkRGBA      *color);

/* @values (@count of them, oldest first, the newest at the right edge)
 * as a line in @color over an area filled with it, faint; 0 at the
 * bottom, @max at the top (values beyond are clamped). */
void     yado_graph_draw_series   (cairo_t                 *cr,
                                   const YadoGraphGeometry *geometry,
                                   const double            *values,
                                   guint                    count,
                                   double                   max,
                                   const GdkRGBA           *color,
                                   double                   line_width);

/* The theme's named colour @name (e.g. "theme_selected_bg_color", the
 * accent), or the text colour for @state when the theme has none. */
void     yado_graph_lookup_color  (GtkStyleContext *context,
                                   GtkStateFlags    state,
                                   const char      *name,
                                   GdkRGBA         *color);

/* The contrast ratio of two colours, as WCAG counts it: 1 (the same
 * lightness) to 21 (black on white). */
double   yado_graph_contrast        (const GdkRGBA *a,
                                     const GdkRGBA *b);

/* Makes @color stand out from @background by at least 3 to 1 (the
 * contrast WCAG asks of graphics) by mixing in @toward (the text colour)
 * as much as needed: a theme's accent is often too dark on a dark theme,
 * its orange too light on a light one. */
void     yado_graph_ensure_contrast (GdkRGBA       *color,
                                     const GdkRGBA *background,
                                     const GdkRGBA *toward);

G_END_DECLS
