/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <math.h>

#include "yado-format.h"

#define UNKNOWN "—"

static const char * const units[] = {
  "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
};

/*
 * Rounds @value the way it will be printed (tenths, or whole numbers), so
 * that the unit is chosen on what the user sees: 1023.7 KiB must become
 * "1.0 MiB", not "1024 KiB". Done by hand rather than with round() to keep
 * the model free of libm, and because printf() rounds halves to even.
 */
static double
round_for_display (double   value,
                   gboolean tenths)
{
  /* From 2^53 on, doubles are whole numbers already, and could overflow
   * the guint64 below. */
  if (value >= (double) (G_GUINT64_CONSTANT (1) << 53))
    return value;

  if (tenths && value < 9.95)
    return (double) (guint64) (value * 10 + 0.5) / 10;

  return (double) (guint64) (value + 0.5);
}

static char *
format_size (double      value,
             const char *suffix)
{
  double shown = round_for_display (value, FALSE);
  guint unit = 0;

  while (shown >= 1024 && unit + 1 < G_N_ELEMENTS (units))
    {
      value /= 1024;
      unit++;
      shown = round_for_display (value, TRUE);
    }

  if (unit > 0 && shown < 10)
    return g_strdup_printf ("%.1f %s%s", shown, units[unit], suffix);

  return g_strdup_printf ("%.0f %s%s", shown, units[unit], suffix);
}

char *
yado_format_bytes (guint64 bytes)
{
  /* Exact, where a double would lose the last digits of huge counts. */
  if (bytes < 1024)
    return g_strdup_printf ("%u B", (guint) bytes);

  return format_size ((double) bytes, "");
}

char *
yado_format_rate (double bytes_per_second)
{
  if (!isfinite (bytes_per_second) || bytes_per_second < 0)
    return g_strdup (UNKNOWN);

  return format_size (bytes_per_second, "/s");
}

char *
yado_format_percent (double percent)
{
  if (!isfinite (percent) || percent < 0)
    return g_strdup (UNKNOWN);

  return g_strdup_printf ("%.0f %%", round_for_display (percent, FALSE));
}

char *
yado_format_memory_kib (guint64 kib)
{
  if (kib == 0)
    return g_strdup ("0 B");

  /* Multiplied as a double: in a guint64, kib * 1024 would wrap for
   * figures past 16 EiB. */
  return format_size ((double) kib * 1024, "");
}
