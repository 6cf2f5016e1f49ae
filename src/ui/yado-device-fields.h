/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the details page shows and edits of each kind of device, and of
 * the VM itself (its overview): tables for YadoDeviceForm. */

#include "yado-device-form.h"

G_BEGIN_DECLS

/* The fields of @kind; *@n_fields is 0 for a device with no editor (its
 * XML tab still shows and edits it). */
const YadoField *yado_device_fields_for      (YadoDeviceKind kind,
                                              guint         *n_fields);
const YadoField *yado_overview_fields        (guint *n_fields);
const YadoField *yado_boot_fields            (guint *n_fields);
const YadoField *yado_memory_backing_fields  (guint *n_fields);
const YadoField *yado_cpu_fields             (guint *n_fields);

G_END_DECLS
