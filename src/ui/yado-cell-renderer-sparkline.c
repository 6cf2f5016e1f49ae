/* SPDX-License-Identifier: GPL-2.0-or-later */

#include "yado-cell-renderer-sparkline.h"

#include "yado-graph-draw.h"
#include "yado-stats.h"

#define DEFAULT_SAMPLES   40
#define DEFAULT_MAX_VALUE 100.0
/* The graph's own size; the cell's padding comes on top (2 px by default,
 * so a cell is 120 x 28). */
#define GRAPH_WIDTH       96
#define GRAPH_HEIGHT      24
#define TEXT_MARGIN       3

struct _YadoCellRendererSparkline
{
  GtkCellRenderer    parent_instance;

  const YadoHistory *history;
  guint              samples;
  double             max_value;
  char              *text;

  /* Kept between draws so that a row costs no new layout; rebuilt when
   * drawn for a widget with another Pango context. */
  PangoLayout       *layout;
};

G_DEFINE_FINAL_TYPE (YadoCellRendererSparkline, yado_cell_renderer_sparkline,
                     GTK_TYPE_CELL_RENDERER)

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_SAMPLES,
  PROP_MAX_VALUE,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The graph's area: the cell minus the renderer's padding. */
static gboolean
get_graph_area (GtkCellRenderer    *cell,
                const GdkRectangle *cell_area,
                GdkRectangle       *area)
{
  int xpad, ypad;

  gtk_cell_renderer_get_padding (cell, &xpad, &ypad);
  area->x = cell_area->x + xpad;
  area->y = cell_area->y + ypad;
  area->width = cell_area->width - 2 * xpad;
  area->height = cell_area->height - 2 * ypad;

  return area->width > 2 && area->height > 2;
}

/*
 * The line's colour: the theme's accent, as the selection uses it, so that
 * graphs stand out from text. On a selected row that is the background,
 * so the selected text colour is used instead.
 */
static void
get_line_color (GtkStyleContext *context,
                GtkStateFlags    state,
                GdkRGBA         *color)
{
  yado_graph_lookup_color (context, state,
                           (state & GTK_STATE_FLAG_SELECTED) == 0 ? "theme_selected_bg_color" : NULL,
                           color);
}

static double
get_scale_max (YadoCellRendererSparkline *self,
               const double              *values,
               guint                      count)
{
  double max = 1;

  if (self->max_value > 0)
    return self->max_value;

  for (guint i = 0; i < count; i++)
    max = MAX (max, values[i]);

  return max;
}

static void
draw_graph (YadoCellRendererSparkline *self,
            cairo_t                   *cr,
            const GdkRectangle        *area,
            const GdkRGBA             *color)
{
  /* The one buffer a draw needs, on the stack: rows redraw every tick. */
  double values[YADO_HISTORY_LENGTH];
  guint samples = CLAMP (self->samples, 2, YADO_HISTORY_LENGTH);
  YadoGraphGeometry geometry;
  guint count;

  count = yado_history_copy_tail (self->history, values, samples);
  yado_graph_geometry_init (&geometry, area, samples);
  yado_graph_draw_series (cr, &geometry, values, count, get_scale_max (self, values, count),
                          color, 1);
}

static PangoLayout *
get_layout (YadoCellRendererSparkline *self,
            GtkWidget                 *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoAttrList) attrs = NULL;

  if (self->layout != NULL && pango_layout_get_context (self->layout) == context)
    return self->layout;

  g_clear_object (&self->layout);
  self->layout = pango_layout_new (context);

  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (self->layout, attrs);

  return self->layout;
}

static void
draw_text (YadoCellRendererSparkline *self,
           cairo_t                   *cr,
           GtkWidget                 *widget,
           const GdkRectangle        *area,
           const GdkRGBA             *color)
{
  PangoLayout *layout = get_layout (self, widget);
  PangoRectangle extents;

  /* Only copies when the text differs from the previous row's. */
  if (g_strcmp0 (pango_layout_get_text (layout), self->text) != 0)
    pango_layout_set_text (layout, self->text, -1);

  pango_layout_get_pixel_extents (layout, NULL, &extents);
  /* At the left end: the newest values, at the right, stay in sight. */
  cairo_move_to (cr,
                 area->x + TEXT_MARGIN - extents.x,
                 area->y + (area->height - extents.height) / 2 - extents.y);
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
}

static void
yado_cell_renderer_sparkline_render (GtkCellRenderer      *cell,
                                     cairo_t              *cr,
                                     GtkWidget            *widget,
                                     const GdkRectangle   *background_area,
                                     const GdkRectangle   *cell_area,
                                     GtkCellRendererState  flags)
{
  YadoCellRendererSparkline *self = YADO_CELL_RENDERER_SPARKLINE (cell);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GtkStateFlags state = gtk_cell_renderer_get_state (cell, widget, flags);
  GdkRectangle area;
  GdkRGBA line, text;

  /* No history (a VM that is not running): an empty cell, not an empty
   * frame, so running VMs stand out. */
  if (self->history == NULL || !get_graph_area (cell, cell_area, &area))
    return;

  get_line_color (context, state, &line);
  gtk_style_context_get_color (context, state, &text);

  cairo_save (cr);
  gdk_cairo_rectangle (cr, &area);
  cairo_clip (cr);

  yado_graph_draw_frame (cr, &area, &text);
  if (self->history != NULL)
    draw_graph (self, cr, &area, &line);
  if (self->text != NULL && *self->text != '\0')
    draw_text (self, cr, widget, &area, &text);

  cairo_restore (cr);
}

static void
yado_cell_renderer_sparkline_get_preferred_width (GtkCellRenderer *cell,
                                                  GtkWidget       *widget,
                                                  int             *minimum,
                                                  int             *natural)
{
  int xpad;

  gtk_cell_renderer_get_padding (cell, &xpad, NULL);
  *minimum = *natural = GRAPH_WIDTH + 2 * xpad;
}

static void
yado_cell_renderer_sparkline_get_preferred_height (GtkCellRenderer *cell,
                                                   GtkWidget       *widget,
                                                   int             *minimum,
                                                   int             *natural)
{
  int ypad;

  gtk_cell_renderer_get_padding (cell, NULL, &ypad);
  *minimum = *natural = GRAPH_HEIGHT + 2 * ypad;
}

static void
yado_cell_renderer_sparkline_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  YadoCellRendererSparkline *self = YADO_CELL_RENDERER_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_pointer (value, (gpointer) self->history);
      break;

    case PROP_SAMPLES:
      g_value_set_uint (value, self->samples);
      break;

    case PROP_MAX_VALUE:
      g_value_set_double (value, self->max_value);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Rows set these for every draw: notify only on real changes. */
static void
set_samples (YadoCellRendererSparkline *self,
             guint                      samples)
{
  if (self->samples == samples)
    return;

  self->samples = samples;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLES]);
}

static void
set_max_value (YadoCellRendererSparkline *self,
               double                     max_value)
{
  if (self->max_value == max_value)
    return;

  self->max_value = max_value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_VALUE]);
}

static void
set_history (YadoCellRendererSparkline *self,
             const YadoHistory         *history)
{
  if (self->history == history)
    return;

  self->history = history;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

static void
set_text (YadoCellRendererSparkline *self,
          const char                *text)
{
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
yado_cell_renderer_sparkline_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  YadoCellRendererSparkline *self = YADO_CELL_RENDERER_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      set_history (self, g_value_get_pointer (value));
      break;

    case PROP_SAMPLES:
      set_samples (self, g_value_get_uint (value));
      break;

    case PROP_MAX_VALUE:
      set_max_value (self, g_value_get_double (value));
      break;

    case PROP_TEXT:
      set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yado_cell_renderer_sparkline_finalize (GObject *object)
{
  YadoCellRendererSparkline *self = YADO_CELL_RENDERER_SPARKLINE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (yado_cell_renderer_sparkline_parent_class)->finalize (object);
}

static void
yado_cell_renderer_sparkline_class_init (YadoCellRendererSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS (klass);

  object_class->get_property = yado_cell_renderer_sparkline_get_property;
  object_class->set_property = yado_cell_renderer_sparkline_set_property;
  object_class->finalize = yado_cell_renderer_sparkline_finalize;

  cell_class->render = yado_cell_renderer_sparkline_render;
  cell_class->get_preferred_width = yado_cell_renderer_sparkline_get_preferred_width;
  cell_class->get_preferred_height = yado_cell_renderer_sparkline_get_preferred_height;

  properties[PROP_HISTORY] =
    g_param_spec_pointer ("history", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  properties[PROP_SAMPLES] =
    g_param_spec_uint ("samples", NULL, NULL,
                       2, YADO_HISTORY_LENGTH, DEFAULT_SAMPLES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_VALUE] =
    g_param_spec_double ("max-value", NULL, NULL,
                         0, G_MAXDOUBLE, DEFAULT_MAX_VALUE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yado_cell_renderer_sparkline_init (YadoCellRendererSparkline *self)
{
  self->samples = DEFAULT_SAMPLES;
  self->max_value = DEFAULT_MAX_VALUE;
}

GtkCellRenderer *
yado_cell_renderer_sparkline_new (void)
{
  return g_object_new (YADO_TYPE_CELL_RENDERER_SPARKLINE, NULL);
}
