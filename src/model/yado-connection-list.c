/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "yado-connection-list.h"
#include "yado-domain.h"

struct _YadoConnectionList {
  GObject     parent_instance;
  GListStore *store;
};

G_DEFINE_FINAL_TYPE (YadoConnectionList, yado_connection_list, G_TYPE_OBJECT)

static void
yado_connection_list_finalize (GObject *object)
{
  YadoConnectionList *self = YADO_CONNECTION_LIST (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (yado_connection_list_parent_class)->finalize (object);
}

static void
yado_connection_list_class_init (YadoConnectionListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yado_connection_list_finalize;
}

static void
yado_connection_list_init (YadoConnectionList *self)
{
  self->store = g_list_store_new (YADO_TYPE_CONNECTION);
}

YadoConnectionList *
yado_connection_list_new (void)
{
  return g_object_new (YADO_TYPE_CONNECTION_LIST, NULL);
}

GListModel *
yado_connection_list_get_model (YadoConnectionList *self)
{
  return G_LIST_MODEL (self->store);
}

static guint
n_connections (YadoConnectionList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

/* Borrowed: the store keeps a reference. */
static YadoConnection *
connection_at (YadoConnectionList *self, guint i)
{
  g_autoptr(YadoConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->store), i);

  return connection;
}

YadoConnection *
yado_connection_list_find (YadoConnectionList *self, const char *uri)
{
  for (guint i = 0; i < n_connections (self); i++)
    if (g_strcmp0 (yado_connection_get_uri (connection_at (self, i)), uri) == 0)
      return connection_at (self, i);
  return NULL;
}

YadoConnection *
yado_connection_list_add (YadoConnectionList *self, const char *uri)
{
  g_autoptr(YadoConnection) connection = NULL;
  YadoConnection *existing = yado_connection_list_find (self, uri);

  if (existing != NULL)
    return existing;
  connection = yado_connection_new (uri);
  g_list_store_append (self->store, connection);
  return connection;
}

void
yado_connection_list_remove (YadoConnectionList *self, YadoConnection *connection)
{
  guint position;

  yado_connection_close (connection);
  if (g_list_store_find (self->store, connection, &position))
    g_list_store_remove (self->store, position);
}

YadoDomain *
yado_connection_list_lookup_domain (YadoConnectionList *self, const char *name_or_uuid)
{
  for (guint i = 0; i < n_connections (self); i++)
    {
      YadoDomain *domain = yado_connection_lookup_domain (connection_at (self, i), name_or_uuid);

      if (domain != NULL)
        return domain;
    }
  return NULL;
}
