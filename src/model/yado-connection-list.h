/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yado-connection.h"

G_BEGIN_DECLS

/* The connections the user has added, in order: a GListModel of
 * YadoConnection, one per URI. */
#define YADO_TYPE_CONNECTION_LIST (yado_connection_list_get_type ())
G_DECLARE_FINAL_TYPE (YadoConnectionList, yado_connection_list, YADO, CONNECTION_LIST, GObject)

YadoConnectionList *yado_connection_list_new     (void);
GListModel         *yado_connection_list_get_model (YadoConnectionList *self);
/* Returns the connection for @uri, adding it when new (borrowed). */
YadoConnection     *yado_connection_list_add     (YadoConnectionList *self,
                                                  const char         *uri);
YadoConnection     *yado_connection_list_find    (YadoConnectionList *self,
                                                  const char         *uri);
/* Closes the connection and removes it. */
void                yado_connection_list_remove  (YadoConnectionList *self,
                                                  YadoConnection     *connection);
/* Finds a domain by name or UUID in any connected connection. */
struct _YadoDomain *yado_connection_list_lookup_domain (YadoConnectionList *self,
                                                        const char         *name_or_uuid);

G_END_DECLS
