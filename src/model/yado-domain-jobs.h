/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Worker-thread side of domains: plain libvirt calls that fill plain
 * structs. Nothing here touches a GObject. Internal to the model. */

#include <libvirt/libvirt.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/* Lists every domain with its state, vCPUs, memory and flags, in as few
 * calls as the driver allows. Titles come later (has_details FALSE).
 * Returns a GPtrArray of YadoDomainInfo. */
GPtrArray      *yado_domain_jobs_list_all     (virConnectPtr conn,
                                               GError      **error);
/* Fills in title and description for @infos (each gets has_details). */
void            yado_domain_jobs_fetch_details (virConnectPtr conn,
                                                GPtrArray    *infos);
/* Everything about one domain, titles included. */
YadoDomainInfo *yado_domain_jobs_fetch_one    (virConnectPtr conn,
                                               const char   *uuid,
                                               GError      **error);
gboolean        yado_domain_jobs_lifecycle    (virConnectPtr   conn,
                                               const char     *uuid,
                                               const char     *name,
                                               YadoLifecycleOp op,
                                               GError        **error);

/* A socket to graphics device @index, by the route the connection allows
 * (yado-graphics-open.h). */
YadoGraphicsSocket *yado_domain_jobs_open_graphics (virConnectPtr conn,
                                                    const char   *uuid,
                                                    const char   *name,
                                                    guint         index,
                                                    GCancellable *cancellable,
                                                    GError      **error);

G_END_DECLS
