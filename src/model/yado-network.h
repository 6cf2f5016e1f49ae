/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A plain description, filled on a worker thread. */
typedef struct {
  char    *name;
  char    *uuid;
  gboolean active;
  gboolean autostart;
  gboolean persistent;
  char    *bridge;        /* NULL when none */
  char    *forward_mode;  /* "nat", "route", "bridge", ...; NULL: isolated */
} YadoNetworkInfo;

void             yado_network_info_free (YadoNetworkInfo *info);
YadoNetworkInfo *yado_network_info_copy (const YadoNetworkInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoNetworkInfo, yado_network_info_free)

#define YADO_TYPE_NETWORK (yado_network_get_type ())
G_DECLARE_FINAL_TYPE (YadoNetwork, yado_network, YADO, NETWORK, GObject)

YadoNetwork *yado_network_new             (const YadoNetworkInfo *info);
void         yado_network_update          (YadoNetwork           *self,
                                           const YadoNetworkInfo *info);
const char  *yado_network_get_name        (YadoNetwork *self);
const char  *yado_network_get_uuid        (YadoNetwork *self);
gboolean     yado_network_get_active      (YadoNetwork *self);
gboolean     yado_network_get_autostart   (YadoNetwork *self);
gboolean     yado_network_get_persistent  (YadoNetwork *self);
const char  *yado_network_get_bridge      (YadoNetwork *self);
const char  *yado_network_get_forward_mode (YadoNetwork *self);



/* Worker side (internal to the model): every network of @conn, as a
 * GPtrArray of YadoNetworkInfo, or NULL with @error set. @conn is a
 * virConnectPtr. */
GPtrArray *yado_network_jobs_list_all (gpointer conn, GError **error);
G_END_DECLS
