/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-error.h"
#include "yado-network.h"
#include "yado-xml.h"

struct _YadoNetwork {
  GObject          parent_instance;
  YadoNetworkInfo *info;
};

G_DEFINE_FINAL_TYPE (YadoNetwork, yado_network, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
yado_network_info_free (YadoNetworkInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->uuid);
  g_free (info->bridge);
  g_free (info->forward_mode);
  g_free (info);
}

YadoNetworkInfo *
yado_network_info_copy (const YadoNetworkInfo *info)
{
  YadoNetworkInfo *copy = g_memdup2 (info, sizeof *info);

  copy->name = g_strdup (info->name);
  copy->uuid = g_strdup (info->uuid);
  copy->bridge = g_strdup (info->bridge);
  copy->forward_mode = g_strdup (info->forward_mode);
  return copy;
}

static void
yado_network_finalize (GObject *object)
{
  YadoNetwork *self = YADO_NETWORK (object);

  yado_network_info_free (self->info);
  G_OBJECT_CLASS (yado_network_parent_class)->finalize (object);
}

static void
yado_network_class_init (YadoNetworkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yado_network_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
yado_network_init (YadoNetwork *self)
{
}

YadoNetwork *
yado_network_new (const YadoNetworkInfo *info)
{
  YadoNetwork *self = g_object_new (YADO_TYPE_NETWORK, NULL);

  self->info = yado_network_info_copy (info);
  return self;
}

void
yado_network_update (YadoNetwork *self, const YadoNetworkInfo *info)
{
  yado_network_info_free (self->info);
  self->info = yado_network_info_copy (info);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

const char *yado_network_get_name (YadoNetwork *self) { return self->info->name; }
const char *yado_network_get_uuid (YadoNetwork *self) { return self->info->uuid; }
gboolean yado_network_get_active (YadoNetwork *self) { return self->info->active; }
gboolean yado_network_get_autostart (YadoNetwork *self) { return self->info->autostart; }
gboolean yado_network_get_persistent (YadoNetwork *self) { return self->info->persistent; }
const char *yado_network_get_bridge (YadoNetwork *self) { return self->info->bridge; }
const char *yado_network_get_forward_mode (YadoNetwork *self) { return self->info->forward_mode; }

/* ---- worker side ---- */

static void
fill_from_xml (virNetworkPtr net, YadoNetworkInfo *info)
{
  char *text = virNetworkGetXMLDesc (net, 0);
  g_autoptr(YadoXml) xml = yado_xml_parse (text);

  free (text);
  virResetLastError ();
  if (xml == NULL)
    return;
  info->bridge = yado_xml_get_string (xml, "/network/bridge/@name");
  info->forward_mode = yado_xml_get_string (xml, "/network/forward/@mode");
  /* <forward/> with no mode means NAT. */
  if (info->forward_mode == NULL && yado_xml_has (xml, "/network/forward"))
    info->forward_mode = g_strdup ("nat");
}

GPtrArray *
yado_network_jobs_list_all (gpointer conn, GError **error)
{
  virNetworkPtr *nets = NULL;
  int n = virConnectListAllNetworks (conn, &nets, 0);
  GPtrArray *infos;

  if (n < 0)
    {
      yado_error_set_from_libvirt (error, "Could not list the networks");
      return NULL;
    }
  infos = g_ptr_array_new_full (n, (GDestroyNotify) yado_network_info_free);
  for (int i = 0; i < n; i++)
    {
      YadoNetworkInfo *info = g_new0 (YadoNetworkInfo, 1);
      char uuid[VIR_UUID_STRING_BUFLEN] = "";
      int autostart = 0;

      info->name = g_strdup (virNetworkGetName (nets[i]));
      if (virNetworkGetUUIDString (nets[i], uuid) == 0)
        info->uuid = g_strdup (uuid);
      info->active = virNetworkIsActive (nets[i]) == 1;
      info->persistent = virNetworkIsPersistent (nets[i]) == 1;
      if (virNetworkGetAutostart (nets[i], &autostart) == 0)
        info->autostart = autostart != 0;
      virResetLastError ();
      fill_from_xml (nets[i], info);
      g_ptr_array_add (infos, info);
      virNetworkFree (nets[i]);
    }
  free (nets);
  return infos;
}
