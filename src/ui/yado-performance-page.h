/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"
#include "yado-graph-view.h"

G_BEGIN_DECLS

#define YADO_TYPE_PERFORMANCE_PAGE (yado_performance_page_get_type ())
G_DECLARE_FINAL_TYPE (YadoPerformancePage, yado_performance_page, YADO, PERFORMANCE_PAGE, GtkBox)

/*
 * YadoPerformancePage: a VM's graphs, for its details: CPU usage (of its
 * vCPUs), memory usage (used of its maximum), disk I/O (read and write)
 * and network I/O (received and sent), each a YadoGraphView under a
 * heading. Redrawn at each statistics tick of the VM's connection
 * ("stats-updated"). A VM that is not running has no figures: the page
 * says so instead.
 */
YadoPerformancePage *yado_performance_page_new        (void);
void                 yado_performance_page_set_domain (YadoPerformancePage *self,
                                                       YadoDomain          *domain);

/* The graph under each heading ("CPU usage", "Memory usage", "Disk I/O",
 * "Network I/O", in that order, 0 to 3). */
YadoGraphView       *yado_performance_page_get_graph  (YadoPerformancePage *self,
                                                       guint                index);

G_END_DECLS
