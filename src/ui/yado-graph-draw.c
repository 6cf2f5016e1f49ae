/* SPDX-License-Identifier: GPL-2.0-or-later */

#include "yado-graph-draw.h"

#define FILL_ALPHA  0.25
#define FRAME_ALPHA 0.18
#define MIN_CONTRAST 3.0
#define MIX_STEP     0.1

void
yado_graph_geometry_init (YadoGraphGeometry  *geometry,
                          const GdkRectangle *area,
                          guint               samples)
{
  /* Half-pixel offsets keep flat stretches of the line crisp. */
  geometry->right = area->x + area->width - 0.5;
  geometry->step = (double) (area->width - 1) / (MAX (samples, 2) - 1);
  geometry->top = area->y + 0.5;
  geometry->bottom = area->y + area->height - 0.5;
}

void
yado_graph_draw_frame (cairo_t            *cr,
                       const GdkRectangle *area,
                       const GdkRGBA      *color)
{
  /* Half-pixel offsets put the 1 px line on whole pixels: crisp. */
  cairo_rectangle (cr, area->x + 0.5, area->y + 0.5,
                   area->width - 1, area->height - 1);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue,
                         color->alpha * FRAME_ALPHA);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
trace_line (cairo_t                 *cr,
            const YadoGraphGeometry *geometry,
            const double            *values,
            guint                    count,
            double                   max)
{
  double span = geometry->bottom - geometry->top;

  for (guint i = 0; i < count; i++)
    {
      double fraction = CLAMP (values[i] / max, 0.0, 1.0);
      double x = geometry->right - (count - 1 - i) * geometry->step;
      double y = geometry->bottom - fraction * span;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
}

void
yado_graph_draw_series (cairo_t                 *cr,
                        const YadoGraphGeometry *geometry,
                        const double            *values,
                        guint                    count,
                        double                   max,
                        const GdkRGBA           *color,
                        double                   line_width)
{
  if (count < 2 || max <= 0)
    return;

  trace_line (cr, geometry, values, count, max);
  cairo_line_to (cr, geometry->right, geometry->bottom);
  cairo_line_to (cr, geometry->right - (count - 1) * geometry->step, geometry->bottom);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue,
                         color->alpha * FILL_ALPHA);
  cairo_fill (cr);

  trace_line (cr, geometry, values, count, max);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

void
yado_graph_lookup_color (GtkStyleContext *context,
                         GtkStateFlags    state,
                         const char      *name,
                         GdkRGBA         *color)
{
  if (name != NULL && gtk_style_context_lookup_color (context, name, color))
    return;
  gtk_style_context_get_color (context, state, color);
}

/* sRGB to linear light, without libm: the square is close enough to the
 * 2.4 power curve for telling contrast apart. */
static double
linear (double channel)
{
  return channel * channel;
}

static double
luminance (const GdkRGBA *color)
{
  return 0.2126 * linear (color->red) + 0.7152 * linear (color->green)
         + 0.0722 * linear (color->blue);
}

double
yado_graph_contrast (const GdkRGBA *a, const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* On whole 8-bit steps, as the screen shows it: a line in the colour
 * has that colour, pixel for pixel. */
static double
mix_channel (double from, double to, double mix)
{
  return (int) ((from + (to - from) * mix) * 255 + 0.5) / 255.0;
}

void
yado_graph_ensure_contrast (GdkRGBA       *color,
                            const GdkRGBA *background,
                            const GdkRGBA *toward)
{
  GdkRGBA original = *color;

  for (double mix = MIX_STEP; mix <= 1.0 && yado_graph_contrast (color, background) < MIN_CONTRAST;
       mix += MIX_STEP)
    {
      color->red = mix_channel (original.red, toward->red, mix);
      color->green = mix_channel (original.green, toward->green, mix);
      color->blue = mix_channel (original.blue, toward->blue, mix);
    }
}
