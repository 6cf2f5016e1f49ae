/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Short human-readable figures for lists and graphs, in binary units
 * (B, KiB, MiB, GiB, TiB, PiB, EiB). Below 1024 B a size is whole bytes.
 * Above, it has one decimal while the number is below 10 and none from 10
 * on: "1.5 GiB", "15 GiB", "150 GiB", "1023 MiB", then "1.0 GiB". The
 * decimal separator follows the locale; units are not translated. Every
 * function returns a newly allocated string.
 */

/* "0 B", "512 B", "1.5 KiB", "2.0 GiB", "15 GiB". */
char *yado_format_bytes       (guint64 bytes);

/* "0 B/s", "12 KiB/s"; "—" when negative or not finite (unknown). */
char *yado_format_rate        (double  bytes_per_second);

/* "12 %", rounded half up to a whole number; "—" when negative or not
 * finite (unknown). Values above 100 are shown as they are. */
char *yado_format_percent     (double  percent);

/* A libvirt memory figure in KiB, as yado_format_bytes() would show it
 * in bytes: 524288 → "512 MiB", 2097152 → "2.0 GiB". */
char *yado_format_memory_kib  (guint64 kib);

G_END_DECLS
