/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

#define YADO_TYPE_GRAPH_VIEW (yado_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (YadoGraphView, yado_graph_view, YADO, GRAPH_VIEW, GtkDrawingArea)

/* What a graph's values are, and so its y axis. */
typedef enum {
  YADO_GRAPH_UNIT_PERCENT, /* 0 to 100 % */
  YADO_GRAPH_UNIT_MEMORY,  /* percent of the domain's maximum memory, shown
                            * in bytes from 0 to that maximum */
  YADO_GRAPH_UNIT_RATE,    /* bytes per second, from 0 to a round figure
                            * at or above the largest value shown */
} YadoGraphUnit;

/*
 * YadoGraphView: one or two of a domain's graphs (its YadoHistory ring
 * buffers) over the time they hold: the newest value at the right ("now"),
 * the oldest YADO_HISTORY_LENGTH statistics ticks back. A y axis with
 * labelled gridlines in the unit, a time axis ("-2 min" … "now"), and a
 * legend with each series' colour, name and latest value ("Read 12 KiB/s").
 * Colours come from the theme. The accessible description says the
 * latest values.
 *
 * The view reads the histories when drawn: call yado_graph_view_update()
 * after each statistics tick ("stats-updated").
 */
GtkWidget *yado_graph_view_new          (void);
void       yado_graph_view_set_unit     (YadoGraphView *self,
                                         YadoGraphUnit  unit);
/* Adds a series (at most two): @graph of the domain, called @name in the
 * legend ("Read"). The first is drawn in the theme's accent colour. */
void       yado_graph_view_add_series   (YadoGraphView *self,
                                         YadoGraph      graph,
                                         const char    *name);
/* The domain whose graphs to show, or NULL for none (empty axes). */
void       yado_graph_view_set_domain   (YadoGraphView *self,
                                         YadoDomain    *domain);
/* New values are in: redraw, and say them to assistive technologies. */
void       yado_graph_view_update       (YadoGraphView *self);

/* What is drawn, for tests and for the accessible description. */
guint      yado_graph_view_get_n_series (YadoGraphView *self);
/* The legend of series @index: "Read 12 KiB/s", "Guest CPU 50 %",
 * "Used 512 MiB of 1.0 GiB"; the value is "—" before the first. */
char      *yado_graph_view_dup_legend   (YadoGraphView *self,
                                         guint          index);
/* The colour series @index is drawn in: the theme's, made lighter or
 * darker when it would not stand out from the background. */
void       yado_graph_view_get_series_color (YadoGraphView *self,
                                             guint          index,
                                             GdkRGBA       *color);
/* The y axis: the value at the top, in the unit (100 for percent, bytes,
 * bytes per second), and its gridlines' labels from the bottom ("0 B/s"
 * … "1.0 KiB/s"). */
double     yado_graph_view_get_y_max    (YadoGraphView *self);
GStrv      yado_graph_view_dup_y_labels (YadoGraphView *self);
/* The time axis's labels from the left: "-2 min", "-1 min", "now". */
GStrv      yado_graph_view_dup_x_labels (YadoGraphView *self);

/* The top of a rate graph: the lowest figure at or above @largest (and
 * at least 1 KiB/s) that 3 or 4 gridline steps of a round size reach (1,
 * 2, 2.5 or 5 times a power of ten of B, KiB, MiB … per second: "256 B/s",
 * "500 KiB/s"). Stores the number of steps in @steps. */
double     yado_graph_nice_rate_max     (double         largest,
                                         guint         *steps);

G_END_DECLS
