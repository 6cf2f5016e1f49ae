/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-connection.h"
#include "yado-format.h"
#include "yado-graph-draw.h"
#include "yado-graph-view.h"

#define MAX_SERIES        2
/* Ticks of the connection's default rate, when it does not poll (the
 * time axis has to say something). */
#define FALLBACK_TICK_MS  1000
/* Rates below this show as a flat line near 0, not as a busy graph. */
#define MIN_RATE_MAX      1024.0
#define PAD               4
#define LABEL_GAP         6
#define LEGEND_GAP        8
#define LEGEND_SPACING    18
#define SWATCH_SIZE       10
#define LINE_WIDTH        2
#define GRID_ALPHA        0.12
#define AXIS_TEXT_ALPHA   0.75
#define MIN_WIDTH         240
/* The y labels' column is at least this wide, so that the plots of graphs
 * above one another line up whatever their unit. */
#define WIDEST_LABEL      "1000 KiB/s"
#define MIN_HEIGHT        130
#define NATURAL_HEIGHT    170

typedef struct {
  YadoGraph  graph;
  char      *name;
} Series;

struct _YadoGraphView
{
  GtkDrawingArea parent_instance;

  YadoDomain    *domain;
  YadoGraphUnit  unit;
  Series         series[MAX_SERIES];
  guint          n_series;
};

G_DEFINE_FINAL_TYPE (YadoGraphView, yado_graph_view, GTK_TYPE_DRAWING_AREA)

/* The theme's colours for the series, in order: the accent (as the list's
 * graphs), then the warning colour, which stands apart from it on light
 * and dark themes alike. */
static const char *const series_colors[MAX_SERIES] = {
  "theme_selected_bg_color",
  "warning_color",
};

/* ---- values ---- */

static const YadoHistory *
get_history (YadoGraphView *self, guint index)
{
  static const YadoHistory empty;

  if (self->domain == NULL)
    return &empty;
  return yado_domain_get_history (self->domain, self->series[index].graph);
}

static double
max_memory_bytes (YadoGraphView *self)
{
  return self->domain != NULL ? yado_domain_get_max_memory_kib (self->domain) * 1024.0 : 0;
}

/* A history's value in the axis's unit: memory is kept as a percentage. */
static double
to_axis_unit (YadoGraphView *self, double value)
{
  if (self->unit == YADO_GRAPH_UNIT_MEMORY && value >= 0)
    return value / 100.0 * max_memory_bytes (self);
  return value;
}

static char *
format_value (YadoGraphView *self, double value)
{
  switch (self->unit)
    {
    case YADO_GRAPH_UNIT_PERCENT:
      return yado_format_percent (value);
    case YADO_GRAPH_UNIT_MEMORY:
      return value < 0 ? g_strdup ("—") : yado_format_bytes ((guint64) (value + 0.5));
    case YADO_GRAPH_UNIT_RATE:
    default:
      return yado_format_rate (value);
    }
}

/* ---- scales ---- */

double
yado_graph_nice_rate_max (double largest, guint *steps)
{
  static const double mantissas[] = { 1, 2, 2.5, 5 };
  /* Steps from a tenth of the unit to a thousand of it. */
  static const double powers[] = { 0.1, 1, 10, 100, 1000 };
  double target = MAX (largest, MIN_RATE_MAX);
  double unit = 1;
  double best = G_MAXDOUBLE;

  /* In the unit the figures are shown in (yado_format_rate: B, KiB, …),
   * so that the labels are round; above 1000 of a unit, the next one's 1. */
  while (target / unit > 1000)
    unit *= 1024;
  *steps = 4;
  for (guint p = 0; p < G_N_ELEMENTS (powers); p++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      for (guint n = 4; n >= 3; n--)
        {
          double top = n * mantissas[m] * powers[p] * unit;

          if (top >= target * (1 - 1e-9) && top < best)
            {
              best = top;
              *steps = n;
            }
        }
  return best;
}

/* The top of the y axis and how many gridline steps lead there. */
static double
get_scale (YadoGraphView *self, guint *steps)
{
  double largest = 0;

  *steps = 4;
  switch (self->unit)
    {
    case YADO_GRAPH_UNIT_PERCENT:
      return 100;
    case YADO_GRAPH_UNIT_MEMORY:
      return MAX (max_memory_bytes (self), 1);
    case YADO_GRAPH_UNIT_RATE:
    default:
      for (guint i = 0; i < self->n_series; i++)
        largest = MAX (largest, yado_history_max (get_history (self, i), YADO_HISTORY_LENGTH));
      return yado_graph_nice_rate_max (largest, steps);
    }
}

/* How long the graph spans, in seconds: as many ticks as a history holds. */
static guint
get_span_seconds (YadoGraphView *self)
{
  YadoConnection *connection = self->domain != NULL ? yado_domain_get_connection (self->domain)
                                                    : NULL;
  guint tick_ms = connection != NULL ? yado_connection_get_stats_interval (connection) : 0;

  if (tick_ms == 0)
    tick_ms = FALLBACK_TICK_MS;
  return MAX ((guint) ((guint64) YADO_HISTORY_LENGTH * tick_ms / 1000), 1);
}

/* A round time between two labels: at most four steps across the span,
 * whole minutes once the span is two minutes or more. */
static guint
get_time_step (guint span)
{
  static const guint steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
                                 7200, 14400, 43200, 86400 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= 4 && (span < 120 || steps[i] % 60 == 0))
      return steps[i];
  return span;
}

#define MAX_TIME_TICKS 5

/* The times the axis labels, in seconds before now, from the left: round
 * multiples of the step, "now" last. Returns how many. */
static guint
get_time_ticks (guint span, guint ticks[MAX_TIME_TICKS])
{
  guint step = get_time_step (span);
  guint n = 0;

  for (guint ago = span - span % step; n < MAX_TIME_TICKS; ago -= step)
    {
      ticks[n++] = ago;
      if (ago < step)
        break;
    }
  return n;
}

static char *
format_time_ago (guint seconds)
{
  if (seconds == 0)
    return g_strdup (C_("time axis", "now"));
  if (seconds % 3600 == 0)
    /* TRANSLATORS: on a graph's time axis: hours before now */
    return g_strdup_printf (C_("time axis", "-%u h"), seconds / 3600);
  if (seconds % 60 == 0)
    /* TRANSLATORS: on a graph's time axis: minutes before now */
    return g_strdup_printf (C_("time axis", "-%u min"), seconds / 60);
  /* TRANSLATORS: on a graph's time axis: seconds before now */
  return g_strdup_printf (C_("time axis", "-%u s"), seconds);
}

/* ---- public: what is drawn ---- */

guint
yado_graph_view_get_n_series (YadoGraphView *self)
{
  return self->n_series;
}

char *
yado_graph_view_dup_legend (YadoGraphView *self, guint index)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (index < self->n_series, NULL);
  value = format_value (self, to_axis_unit (self, yado_history_latest (get_history (self, index))));
  if (self->unit == YADO_GRAPH_UNIT_MEMORY)
    {
      g_autofree char *maximum = yado_format_bytes ((guint64) max_memory_bytes (self));

      /* TRANSLATORS: a memory graph's legend: "Used 512 MiB of 1.0 GiB" */
      return g_strdup_printf (_("%s %s of %s"), self->series[index].name, value, maximum);
    }
  /* TRANSLATORS: a graph's legend: a series' name and latest value, "Read 12 KiB/s" */
  return g_strdup_printf (_("%s %s"), self->series[index].name, value);
}

double
yado_graph_view_get_y_max (YadoGraphView *self)
{
  guint steps;

  return get_scale (self, &steps);
}

/* NULL-terminated, from a GPtrArray of strings. */
static GStrv
strv_from_array (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

GStrv
yado_graph_view_dup_y_labels (YadoGraphView *self)
{
  GPtrArray *labels = g_ptr_array_new ();
  guint steps;
  double max = get_scale (self, &steps);

  for (guint i = 0; i <= steps; i++)
    g_ptr_array_add (labels, format_value (self, max * i / steps));
  return strv_from_array (labels);
}

GStrv
yado_graph_view_dup_x_labels (YadoGraphView *self)
{
  GPtrArray *labels = g_ptr_array_new ();
  guint ticks[MAX_TIME_TICKS];
  guint n = get_time_ticks (get_span_seconds (self), ticks);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (labels, format_time_ago (ticks[i]));
  return strv_from_array (labels);
}

/* ---- drawing ---- */

/* Colours of one draw, from the widget's style. */
typedef struct {
  GdkRGBA text;
  GdkRGBA axis_text; /* dimmer: the figures matter more than the axis */
  GdkRGBA grid;
  GdkRGBA series[MAX_SERIES];
} Palette;

static void
get_palette (GtkWidget *widget, Palette *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GtkStateFlags state = gtk_widget_get_state_flags (widget);
  GdkRGBA background;

  gtk_style_context_get_color (context, state, &palette->text);
  palette->axis_text = palette->text;
  palette->axis_text.alpha *= AXIS_TEXT_ALPHA;
  palette->grid = palette->text;
  palette->grid.alpha *= GRID_ALPHA;
  yado_graph_lookup_color (context, state, "theme_bg_color", &background);
  for (guint i = 0; i < MAX_SERIES; i++)
    {
      yado_graph_lookup_color (context, state, series_colors[i], &palette->series[i]);
      yado_graph_ensure_contrast (&palette->series[i], &background, &palette->text);
    }
}

void
yado_graph_view_get_series_color (YadoGraphView *self, guint index, GdkRGBA *color)
{
  Palette palette;

  g_return_if_fail (index < MAX_SERIES);
  get_palette (GTK_WIDGET (self), &palette);
  *color = palette.series[index];
}

static PangoLayout *
new_small_layout (GtkWidget *widget)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  return layout;
}

static void
show_text (cairo_t *cr, PangoLayout *layout, double x, double y, const GdkRGBA *color)
{
  cairo_move_to (cr, x, y);
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
}

/* The legend along the top: a swatch, the name and the latest value of
 * each series. Returns its height. */
static int
draw_legend (YadoGraphView *self, cairo_t *cr, GtkWidget *widget, const Palette *palette)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  int x = PAD, height = 0;

  for (guint i = 0; i < self->n_series; i++)
    {
      g_autofree char *text = yado_graph_view_dup_legend (self, i);
      int text_width, text_height;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      cairo_rectangle (cr, x, PAD + (text_height - SWATCH_SIZE) / 2, SWATCH_SIZE, SWATCH_SIZE);
      gdk_cairo_set_source_rgba (cr, &palette->series[i]);
      cairo_fill (cr);
      show_text (cr, layout, x + SWATCH_SIZE + PAD, PAD, &palette->text);
      x += SWATCH_SIZE + PAD + text_width + LEGEND_SPACING;
      height = MAX (height, text_height);
    }
  return height;
}

static int
widest_label (PangoLayout *layout, GStrv labels, int *height)
{
  int widest = 0;

  for (guint i = 0; labels[i] != NULL; i++)
    {
      int width;

      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &width, height);
      widest = MAX (widest, width);
    }
  return widest;
}

static void
hline (cairo_t *cr, double x0, double x1, double y, const GdkRGBA *color)
{
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/* Gridlines across the plot, each labelled at its left, right-aligned. */
static void
draw_y_axis (cairo_t *cr, PangoLayout *layout, GStrv labels, const GdkRectangle *plot,
             const Palette *palette)
{
  guint steps = g_strv_length (labels) - 1;

  for (guint i = 0; i <= steps; i++)
    {
      /* Whole pixels plus a half: crisp 1 px lines. */
      double y = (int) (plot->y + plot->height - (double) plot->height * i / steps) + 0.5;
      int width, height;

      hline (cr, plot->x, plot->x + plot->width, y, &palette->grid);
      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &width, &height);
      show_text (cr, layout, plot->x - LABEL_GAP - width, y - height / 2.0, &palette->axis_text);
    }
}

/* Time labels under the plot: the oldest at the left edge, "now" at the
 * right, each over a faint vertical line. */
static void
draw_x_axis (YadoGraphView *self, cairo_t *cr, PangoLayout *layout, const GdkRectangle *plot,
             const Palette *palette)
{
  guint span = get_span_seconds (self);
  guint ticks[MAX_TIME_TICKS];
  guint n = get_time_ticks (span, ticks);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = format_time_ago (ticks[i]);
      double x = (int) (plot->x + plot->width - (double) plot->width * ticks[i] / span) + 0.5;
      int width, height;
      double left;

      cairo_move_to (cr, x, plot->y);
      cairo_line_to (cr, x, plot->y + plot->height);
      gdk_cairo_set_source_rgba (cr, &palette->grid);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &width, &height);
      /* Centred under its line, but inside the plot's width. */
      left = CLAMP (x - width / 2.0, plot->x, plot->x + plot->width - width);
      show_text (cr, layout, left, plot->y + plot->height + LABEL_GAP / 2, &palette->axis_text);
    }
}

static void
draw_series (YadoGraphView *self, cairo_t *cr, const GdkRectangle *plot, double max,
             const Palette *palette)
{
  YadoGraphGeometry geometry;

  cairo_save (cr);
  gdk_cairo_rectangle (cr, plot);
  cairo_clip (cr);
  yado_graph_geometry_init (&geometry, plot, YADO_HISTORY_LENGTH);
  for (guint i = 0; i < self->n_series; i++)
    {
      double values[YADO_HISTORY_LENGTH];
      guint count = yado_history_copy_tail (get_history (self, i), values, YADO_HISTORY_LENGTH);

      for (guint v = 0; v < count; v++)
        values[v] = to_axis_unit (self, values[v]);
      yado_graph_draw_series (cr, &geometry, values, count, max, &palette->series[i], LINE_WIDTH);
    }
  cairo_restore (cr);
}

static gboolean
yado_graph_view_draw (GtkWidget *widget, cairo_t *cr)
{
  YadoGraphView *self = YADO_GRAPH_VIEW (widget);
  g_autoptr(PangoLayout) small = new_small_layout (widget);
  g_auto(GStrv) y_labels = yado_graph_view_dup_y_labels (self);
  int width = gtk_widget_get_allocated_width (widget);
  int height = gtk_widget_get_allocated_height (widget);
  int label_height = 0, legend_height, label_width, reserved_width;
  GdkRectangle plot;
  Palette palette;

  get_palette (widget, &palette);
  legend_height = draw_legend (self, cr, widget, &palette);
  label_width = widest_label (small, y_labels, &label_height);
  pango_layout_set_text (small, WIDEST_LABEL, -1);
  pango_layout_get_pixel_size (small, &reserved_width, NULL);
  label_width = MAX (label_width, reserved_width);

  /* Room for the legend above, half a label over the top gridline, the
   * y labels at the left and the time labels below. */
  plot.x = PAD + label_width + LABEL_GAP;
  plot.y = PAD + legend_height + LEGEND_GAP + label_height / 2;
  plot.width = width - plot.x - PAD;
  plot.height = height - plot.y - PAD - label_height - LABEL_GAP / 2;
  if (plot.width < 2 || plot.height < 2)
    return FALSE;

  draw_y_axis (cr, small, y_labels, &plot, &palette);
  draw_x_axis (self, cr, small, &plot, &palette);
  yado_graph_draw_frame (cr, &plot, &palette.text);
  draw_series (self, cr, &plot, yado_graph_view_get_y_max (self), &palette);
  return FALSE;
}

/* ---- public: setting up ---- */

GtkWidget *
yado_graph_view_new (void)
{
  return g_object_new (YADO_TYPE_GRAPH_VIEW, NULL);
}

void
yado_graph_view_set_unit (YadoGraphView *self, YadoGraphUnit unit)
{
  self->unit = unit;
  yado_graph_view_update (self);
}

void
yado_graph_view_add_series (YadoGraphView *self, YadoGraph graph, const char *name)
{
  g_return_if_fail (self->n_series < MAX_SERIES);
  self->series[self->n_series].graph = graph;
  self->series[self->n_series].name = g_strdup (name);
  self->n_series++;
  yado_graph_view_update (self);
}

void
yado_graph_view_set_domain (YadoGraphView *self, YadoDomain *domain)
{
  if (g_set_object (&self->domain, domain))
    yado_graph_view_update (self);
}

/* Screen readers cannot see the lines: they hear the latest values. */
static void
update_description (YadoGraphView *self)
{
  g_autoptr(GString) description = g_string_new (NULL);
  AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (self));

  for (guint i = 0; i < self->n_series; i++)
    {
      g_autofree char *legend = yado_graph_view_dup_legend (self, i);

      if (i > 0)
        g_string_append (description, ", ");
      g_string_append (description, legend);
    }
  if (g_strcmp0 (atk_object_get_description (accessible), description->str) != 0)
    atk_object_set_description (accessible, description->str);
}

void
yado_graph_view_update (YadoGraphView *self)
{
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ---- */

static void
yado_graph_view_get_preferred_width (GtkWidget *widget, int *minimum, int *natural)
{
  *minimum = *natural = MIN_WIDTH;
}

static void
yado_graph_view_get_preferred_height (GtkWidget *widget, int *minimum, int *natural)
{
  *minimum = MIN_HEIGHT;
  *natural = NATURAL_HEIGHT;
}

static void
yado_graph_view_dispose (GObject *object)
{
  YadoGraphView *self = YADO_GRAPH_VIEW (object);

  g_clear_object (&self->domain);
  G_OBJECT_CLASS (yado_graph_view_parent_class)->dispose (object);
}

static void
yado_graph_view_finalize (GObject *object)
{
  YadoGraphView *self = YADO_GRAPH_VIEW (object);

  for (guint i = 0; i < self->n_series; i++)
    g_free (self->series[i].name);
  G_OBJECT_CLASS (yado_graph_view_parent_class)->finalize (object);
}

static void
yado_graph_view_class_init (YadoGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yado_graph_view_dispose;
  object_class->finalize = yado_graph_view_finalize;
  widget_class->draw = yado_graph_view_draw;
  widget_class->get_preferred_width = yado_graph_view_get_preferred_width;
  widget_class->get_preferred_height = yado_graph_view_get_preferred_height;
  gtk_widget_class_set_css_name (widget_class, "graph");
}

static void
yado_graph_view_init (YadoGraphView *self)
{
  self->unit = YADO_GRAPH_UNIT_PERCENT;
}
