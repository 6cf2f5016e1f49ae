/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <math.h>

#include "yado-format.h"

#define KIB G_GUINT64_CONSTANT (1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)
#define TIB (GIB * 1024)
#define EIB (TIB * 1024 * 1024)

/* Takes the newly allocated result and compares it. */
static void
assert_string (char       *result,
               const char *expected)
{
  g_autofree char *owned = result;

  g_assert_cmpstr (owned, ==, expected);
}

static void
test_bytes_small (void)
{
  assert_string (yado_format_bytes (0), "0 B");
  assert_string (yado_format_bytes (1), "1 B");
  assert_string (yado_format_bytes (512), "512 B");
  assert_string (yado_format_bytes (1023), "1023 B");
}

static void
test_bytes_decimals (void)
{
  assert_string (yado_format_bytes (KIB), "1.0 KiB");
  assert_string (yado_format_bytes (1536), "1.5 KiB");
  assert_string (yado_format_bytes (2 * GIB), "2.0 GiB");
  assert_string (yado_format_bytes (GIB + GIB / 2), "1.5 GiB");
  assert_string (yado_format_bytes (9 * MIB + 9 * MIB / 10), "9.9 MiB");
  /* 9.96 rounds to 10, which has no decimal any more. */
  assert_string (yado_format_bytes (9 * MIB + 96 * MIB / 100), "10 MiB");
  assert_string (yado_format_bytes (15 * GIB), "15 GiB");
  assert_string (yado_format_bytes (15 * GIB + GIB / 2), "16 GiB");
  assert_string (yado_format_bytes (150 * GIB), "150 GiB");
  assert_string (yado_format_bytes (1023 * MIB), "1023 MiB");
}

/* The unit is chosen on the rounded figure: never "1024 KiB". */
static void
test_bytes_unit_boundaries (void)
{
  assert_string (yado_format_bytes (MIB - 1), "1.0 MiB");
  assert_string (yado_format_bytes (MIB - KIB / 2), "1.0 MiB");
  assert_string (yado_format_bytes (MIB - KIB), "1023 KiB");
  assert_string (yado_format_bytes (MIB), "1.0 MiB");
  assert_string (yado_format_bytes (GIB - 1), "1.0 GiB");
  assert_string (yado_format_bytes (TIB), "1.0 TiB");
  assert_string (yado_format_bytes (TIB * 1024), "1.0 PiB");
  assert_string (yado_format_bytes (EIB), "1.0 EiB");
  assert_string (yado_format_bytes (G_MAXUINT64), "16 EiB");
}

static void
test_rate (void)
{
  assert_string (yado_format_rate (0), "0 B/s");
  assert_string (yado_format_rate (0.4), "0 B/s");
  assert_string (yado_format_rate (100.5), "101 B/s");
  assert_string (yado_format_rate (1023.4), "1023 B/s");
  assert_string (yado_format_rate (1023.6), "1.0 KiB/s");
  assert_string (yado_format_rate (12 * 1024), "12 KiB/s");
  assert_string (yado_format_rate (1.5 * 1024 * 1024), "1.5 MiB/s");
  assert_string (yado_format_rate (250.0 * 1024 * 1024), "250 MiB/s");
}

static void
test_rate_unknown (void)
{
  assert_string (yado_format_rate (-1), "—");
  assert_string (yado_format_rate (-0.001), "—");
  assert_string (yado_format_rate (NAN), "—");
  assert_string (yado_format_rate (INFINITY), "—");
}

static void
test_percent (void)
{
  assert_string (yado_format_percent (0), "0 %");
  assert_string (yado_format_percent (-0.0), "0 %");
  assert_string (yado_format_percent (0.49), "0 %");
  assert_string (yado_format_percent (12), "12 %");
  assert_string (yado_format_percent (12.4), "12 %");
  /* Halves go up, unlike printf's round-half-to-even. */
  assert_string (yado_format_percent (12.5), "13 %");
  assert_string (yado_format_percent (99.6), "100 %");
  assert_string (yado_format_percent (100), "100 %");
  assert_string (yado_format_percent (250), "250 %");
  assert_string (yado_format_percent (1e20), "100000000000000000000 %");
}

static void
test_percent_unknown (void)
{
  assert_string (yado_format_percent (-1), "—");
  assert_string (yado_format_percent (NAN), "—");
  assert_string (yado_format_percent (INFINITY), "—");
}

static void
test_memory_kib (void)
{
  assert_string (yado_format_memory_kib (0), "0 B");
  assert_string (yado_format_memory_kib (1), "1.0 KiB");
  assert_string (yado_format_memory_kib (512), "512 KiB");
  assert_string (yado_format_memory_kib (524288), "512 MiB");
  assert_string (yado_format_memory_kib (1048576), "1.0 GiB");
  assert_string (yado_format_memory_kib (2097152), "2.0 GiB");
  assert_string (yado_format_memory_kib (16777216), "16 GiB");
  /* Past what bytes in a guint64 could hold. */
  assert_string (yado_format_memory_kib (G_MAXUINT64), "16384 EiB");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/bytes/small", test_bytes_small);
  g_test_add_func ("/format/bytes/decimals", test_bytes_decimals);
  g_test_add_func ("/format/bytes/unit-boundaries", test_bytes_unit_boundaries);
  g_test_add_func ("/format/rate", test_rate);
  g_test_add_func ("/format/rate/unknown", test_rate_unknown);
  g_test_add_func ("/format/percent", test_percent);
  g_test_add_func ("/format/percent/unknown", test_percent_unknown);
  g_test_add_func ("/format/memory-kib", test_memory_kib);

  return g_test_run ();
}
