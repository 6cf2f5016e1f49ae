/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the model's classes tell their connection. Not for the UI. */

#include "yado-connection.h"
#include "yado-domain.h"

G_BEGIN_DECLS

/* Re-reads one domain on the ops worker and applies it (after an action,
 * or an event). Adds it when new, removes it when gone. */
void     _yado_connection_refresh_domain (YadoConnection *self,
                                          const char     *uuid);
/* FALSE for read-only connections and when not connected. */
gboolean _yado_connection_can_change     (YadoConnection *self);

G_END_DECLS
