/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/*
 * The lifecycle actions of a window: win.run, win.pause, win.resume,
 * win.shutdown, win.reboot, win.reset, win.force-off, win.save and the
 * stateful win.autostart. The manager applies them to its selection, a VM
 * window to its one VM; both ask @get_domains which domains that is now.
 */

/* Returns the domains to act on (a new array of borrowed domains). */
typedef GPtrArray *(*YadoGetDomainsFunc) (GObject *owner);
/* Shows a failed action's error (never called for a cancelled one). */
typedef void (*YadoReportErrorFunc) (GObject *owner, const GError *error);

void        yado_lifecycle_actions_install (GActionMap         *map,
                                            GObject            *owner,
                                            YadoGetDomainsFunc  get_domains,
                                            YadoReportErrorFunc report_error);
/* Enables each action where at least one of @domains allows it. */
void        yado_lifecycle_actions_update  (GActionMap *map,
                                            GPtrArray  *domains);
gboolean    yado_lifecycle_any_can         (GPtrArray      *domains,
                                            YadoLifecycleOp op);
/* "Restore" when every domain has a saved state to restore, else "Run". */
const char *yado_lifecycle_run_label       (GPtrArray *domains);

G_END_DECLS
