/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <libvirt/virterror.h>

#include "yado-connection-error.h"
#include "yado-connection-jobs.h"
#include "yado-domain-jobs.h"
#include "yado-error.h"
#include "yado-event-loop.h"
#include "yado-ssh.h"

/* How long the worker waits for the user to answer a credentials prompt. */
#define AUTH_TIMEOUT_MS (5 * 60 * 1000)
/* Keepalive: a probe every 5 s, the link is dead after 3 unanswered. */
#define KEEPALIVE_INTERVAL_S 5
#define KEEPALIVE_COUNT 3

struct _YadoEventSink {
  gatomicrefcount         ref_count;
  GWeakRef                owner;
  YadoConnectionEventFunc func;
  guint64                 session;
  char                   *uri;
  GMainContext           *context;
};

void
yado_connection_event_free (YadoConnectionEvent *event)
{
  if (event->auth_request != NULL)
    yado_auth_request_unref (event->auth_request);
  g_free (event);
}

YadoEventSink *
yado_event_sink_new (GObject *owner, YadoConnectionEventFunc func,
                     guint64 session, const char *uri)
{
  YadoEventSink *sink = g_new0 (YadoEventSink, 1);

  g_atomic_ref_count_init (&sink->ref_count);
  g_weak_ref_init (&sink->owner, owner);
  sink->func = func;
  sink->session = session;
  sink->uri = g_strdup (uri);
  sink->context = g_main_context_ref_thread_default ();
  return sink;
}

YadoEventSink *
yado_event_sink_ref (YadoEventSink *sink)
{
  g_atomic_ref_count_inc (&sink->ref_count);
  return sink;
}

void
yado_event_sink_unref (YadoEventSink *sink)
{
  if (sink == NULL || !g_atomic_ref_count_dec (&sink->ref_count))
    return;
  g_weak_ref_clear (&sink->owner);
  g_main_context_unref (sink->context);
  g_free (sink->uri);
  g_free (sink);
}

static void
sink_unref_cb (void *data)
{
  yado_event_sink_unref (data);
}

typedef struct {
  YadoEventSink       *sink;
  YadoConnectionEvent *event;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  yado_event_sink_unref (delivery->sink);
  if (delivery->event != NULL)
    yado_connection_event_free (delivery->event);
  g_free (delivery);
}

static gboolean
deliver_on_main (gpointer data)
{
  Delivery *delivery = data;
  g_autoptr(GObject) owner = g_weak_ref_get (&delivery->sink->owner);

  if (owner != NULL)
    delivery->sink->func (owner, delivery->event);
  else if (delivery->event->auth_request != NULL)
    yado_auth_request_complete (delivery->event->auth_request, FALSE);
  return G_SOURCE_REMOVE;
}

/* Any thread: hands @event to the owner on the main context. */
static void
sink_deliver (YadoEventSink *sink, YadoConnectionEvent *event)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  event->session = sink->session;
  delivery->sink = yado_event_sink_ref (sink);
  delivery->event = event;
  yado_event_loop_dispatch (sink->context, deliver_on_main, delivery, delivery_free);
}

static YadoConnectionEvent *
event_new (YadoConnectionEventKind kind)
{
  YadoConnectionEvent *event = g_new0 (YadoConnectionEvent, 1);

  event->kind = kind;
  return event;
}

/* ---- libvirt callbacks, dispatched by the main loop ---- */

static void
deliver_domain_event (virDomainPtr dom, void *opaque, YadoConnectionEventKind kind,
                      int event_type, int detail)
{
  YadoConnectionEvent *event = event_new (kind);

  if (virDomainGetUUIDString (dom, event->uuid) < 0)
    {
      yado_connection_event_free (event);
      return;
    }
  event->event = event_type;
  event->detail = detail;
  sink_deliver (opaque, event);
}

static int
on_domain_lifecycle (virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
  deliver_domain_event (dom, opaque, YADO_CONNECTION_EVENT_DOMAIN_LIFECYCLE, event, detail);
  return 0;
}

static void
on_domain_device (virConnectPtr conn, virDomainPtr dom, const char *alias, void *opaque)
{
  deliver_domain_event (dom, opaque, YADO_CONNECTION_EVENT_DOMAIN_DEVICES, 0, 0);
}

static void
on_domain_metadata (virConnectPtr conn, virDomainPtr dom, int type, const char *nsuri,
                    void *opaque)
{
  deliver_domain_event (dom, opaque, YADO_CONNECTION_EVENT_DOMAIN_METADATA, type, 0);
}

static void
on_network_lifecycle (virConnectPtr conn, virNetworkPtr net, int event, int detail,
                      void *opaque)
{
  YadoConnectionEvent *ev = event_new (YADO_CONNECTION_EVENT_NETWORK);

  virNetworkGetUUIDString (net, ev->uuid);
  ev->event = event;
  sink_deliver (opaque, ev);
}

static void
on_pool_lifecycle (virConnectPtr conn, virStoragePoolPtr pool, int event, int detail,
                   void *opaque)
{
  YadoConnectionEvent *ev = event_new (YADO_CONNECTION_EVENT_POOL);

  virStoragePoolGetUUIDString (pool, ev->uuid);
  ev->event = event;
  sink_deliver (opaque, ev);
}

static void
on_connection_closed (virConnectPtr conn, int reason, void *opaque)
{
  YadoConnectionEvent *event = event_new (YADO_CONNECTION_EVENT_CLOSED);

  event->event = reason;
  sink_deliver (opaque, event);
}

/* ---- credentials, on the worker thread ---- */

static gboolean
credential_is_secret (int type)
{
  return type == VIR_CRED_PASSPHRASE || type == VIR_CRED_NOECHOPROMPT;
}

static int
on_auth_needed (virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
  YadoEventSink *sink = cbdata;
  g_autoptr(YadoAuthRequest) request = yado_auth_request_new (sink->uri);
  YadoConnectionEvent *event;

  for (unsigned int i = 0; i < ncred; i++)
    yado_auth_request_add_prompt (request, cred[i].type, cred[i].prompt, cred[i].challenge,
                                  cred[i].defresult, credential_is_secret (cred[i].type));

  /* The UI answers on the main thread; this worker waits, the main loop
   * does not. */
  event = event_new (YADO_CONNECTION_EVENT_AUTH);
  event->auth_request = yado_auth_request_ref (request);
  sink_deliver (sink, event);
  if (!yado_auth_request_wait (request, AUTH_TIMEOUT_MS))
    return -1;

  for (unsigned int i = 0; i < ncred; i++)
    {
      const char *answer = yado_auth_request_get_prompt (request, i)->result;

      if (answer == NULL)
        answer = cred[i].defresult ? cred[i].defresult : "";
      /* libvirt frees results with free(): allocate with malloc. */
      cred[i].result = strdup (answer);
      cred[i].resultlen = strlen (answer);
    }
  return 0;
}

static int credential_types[] = {
  VIR_CRED_AUTHNAME, VIR_CRED_ECHOPROMPT, VIR_CRED_REALM,
  VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL,
};

/* ---- open and close ---- */

void
yado_open_result_free (YadoOpenResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->domain_callbacks, g_array_unref);
  g_clear_pointer (&result->network_callbacks, g_array_unref);
  g_clear_pointer (&result->pool_callbacks, g_array_unref);
  g_clear_pointer (&result->domains, g_ptr_array_unref);
  g_free (result->hostname);
  g_free (result->hypervisor);
  g_free (result);
}

static void
register_domain_event (YadoOpenResult *r, YadoEventSink *sink, int event_id,
                       virConnectDomainEventGenericCallback cb)
{
  int id = virConnectDomainEventRegisterAny (r->conn, NULL, event_id, cb,
                                             yado_event_sink_ref (sink), sink_unref_cb);
  if (id < 0)
    {
      /* The driver has no such event: the callback's data is ours again. */
      yado_event_sink_unref (sink);
      virResetLastError ();
      return;
    }
  g_array_append_val (r->domain_callbacks, id);
}

static void
register_events (YadoOpenResult *r, YadoEventSink *sink)
{
  int id;

  register_domain_event (r, sink, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                         VIR_DOMAIN_EVENT_CALLBACK (on_domain_lifecycle));
  register_domain_event (r, sink, VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
                         VIR_DOMAIN_EVENT_CALLBACK (on_domain_device));
  register_domain_event (r, sink, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                         VIR_DOMAIN_EVENT_CALLBACK (on_domain_device));
  register_domain_event (r, sink, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                         VIR_DOMAIN_EVENT_CALLBACK (on_domain_metadata));

  id = virConnectNetworkEventRegisterAny (r->conn, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                          VIR_NETWORK_EVENT_CALLBACK (on_network_lifecycle),
                                          yado_event_sink_ref (sink), sink_unref_cb);
  if (id >= 0)
    g_array_append_val (r->network_callbacks, id);
  else
    yado_event_sink_unref (sink);

  id = virConnectStoragePoolEventRegisterAny (r->conn, NULL, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                              VIR_STORAGE_POOL_EVENT_CALLBACK (on_pool_lifecycle),
                                              yado_event_sink_ref (sink), sink_unref_cb);
  if (id >= 0)
    g_array_append_val (r->pool_callbacks, id);
  else
    yado_event_sink_unref (sink);

  if (virConnectRegisterCloseCallback (r->conn, on_connection_closed,
                                       yado_event_sink_ref (sink), sink_unref_cb) == 0)
    r->close_callback = TRUE;
  else
    yado_event_sink_unref (sink);
  virResetLastError ();
}

static void
read_host_facts (YadoOpenResult *r)
{
  virNodeInfo node;
  const char *type;
  char *hostname = virConnectGetHostname (r->conn);

  if (hostname != NULL)
    {
      r->hostname = g_strdup (hostname);
      free (hostname);
    }
  type = virConnectGetType (r->conn);
  r->hypervisor = g_strdup (type);
  if (virNodeGetInfo (r->conn, &node) == 0)
    {
      r->host_cpus = node.cpus;
      r->host_memory_kib = node.memory;
    }
  virResetLastError ();
}

YadoOpenResult *
yado_connection_jobs_open (const char *uri, gboolean read_only, YadoEventSink *sink,
                           GError **error)
{
  virConnectAuth auth = {
    .credtype = credential_types,
    .ncredtype = G_N_ELEMENTS (credential_types),
    .cb = on_auth_needed,
    .cbdata = sink,
  };
  YadoOpenResult *r;
  /* Over ssh, libvirt runs yado-ssh, so that its login is the one the
   * console tunnels share (yado-ssh.h); messages name the user's URI. */
  g_autofree char *helper = yado_ssh_find_helper ();
  g_autofree char *open_uri = yado_ssh_uri_with_command (uri, helper);
  virConnectPtr conn = virConnectOpenAuth (open_uri, &auth, read_only ? VIR_CONNECT_RO : 0);

  if (conn == NULL)
    {
      yado_connection_error_set_from_libvirt (error, uri);
      return NULL;
    }

  r = g_new0 (YadoOpenResult, 1);
  r->conn = conn;
  r->domain_callbacks = g_array_new (FALSE, FALSE, sizeof (int));
  r->network_callbacks = g_array_new (FALSE, FALSE, sizeof (int));
  r->pool_callbacks = g_array_new (FALSE, FALSE, sizeof (int));

  /* Events first, then the listing: a change that happens in between is
   * seen by both, and the refresh it causes runs after the listing. */
  register_events (r, sink);
  if (virConnectSetKeepAlive (conn, KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT) < 0)
    virResetLastError ();
  read_host_facts (r);

  {
    gint64 start = g_get_monotonic_time ();

    r->domains = yado_domain_jobs_list_all (conn, error);
    g_debug ("%s: listing domains took %.3f s", uri, (g_get_monotonic_time () - start) / 1e6);
  }
  if (r->domains == NULL)
    {
      yado_connection_jobs_close (r);
      return NULL;
    }
  return r;
}

void
yado_connection_jobs_close (YadoOpenResult *r)
{
  for (guint i = 0; i < r->domain_callbacks->len; i++)
    virConnectDomainEventDeregisterAny (r->conn, g_array_index (r->domain_callbacks, int, i));
  for (guint i = 0; i < r->network_callbacks->len; i++)
    virConnectNetworkEventDeregisterAny (r->conn, g_array_index (r->network_callbacks, int, i));
  for (guint i = 0; i < r->pool_callbacks->len; i++)
    virConnectStoragePoolEventDeregisterAny (r->conn, g_array_index (r->pool_callbacks, int, i));
  if (r->close_callback)
    virConnectUnregisterCloseCallback (r->conn, on_connection_closed);
  virResetLastError ();
  virConnectClose (r->conn);
  r->conn = NULL;
  yado_open_result_free (r);
}
