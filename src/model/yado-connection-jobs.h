/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Worker-thread side of YadoConnection: opening (with credentials asked
 * through the main thread), event registration, closing. libvirt calls the
 * event and close callbacks from the main loop; they turn what they
 * got into a YadoConnectionEvent and hand it to the main context. Nothing
 * here touches a GObject. Internal to the model.
 */

#include <libvirt/libvirt.h>

#include "yado-auth-request.h"
#include "yado-domain.h"

G_BEGIN_DECLS

typedef enum {
  YADO_CONNECTION_EVENT_DOMAIN_LIFECYCLE,
  YADO_CONNECTION_EVENT_DOMAIN_DEVICES,
  YADO_CONNECTION_EVENT_DOMAIN_METADATA,
  YADO_CONNECTION_EVENT_NETWORK,
  YADO_CONNECTION_EVENT_POOL,
  YADO_CONNECTION_EVENT_CLOSED,
  YADO_CONNECTION_EVENT_AUTH,
} YadoConnectionEventKind;

typedef struct {
  YadoConnectionEventKind kind;
  guint64                 session;
  char                    uuid[VIR_UUID_STRING_BUFLEN];
  int                     event;        /* libvirt's event or close reason */
  int                     detail;
  YadoAuthRequest        *auth_request; /* for YADO_CONNECTION_EVENT_AUTH */
} YadoConnectionEvent;

void yado_connection_event_free (YadoConnectionEvent *event);

/* Where events go: called on the main context with each event. */
typedef void (*YadoConnectionEventFunc) (gpointer             owner,
                                         YadoConnectionEvent *event);

/* Shared by the worker, libvirt's callbacks and the main thread. Holds a
 * weak reference to its owner (the YadoConnection), so late callbacks
 * after the connection is gone do nothing. */
typedef struct _YadoEventSink YadoEventSink;

YadoEventSink *yado_event_sink_new   (GObject                *owner,
                                      YadoConnectionEventFunc func,
                                      guint64                 session,
                                      const char             *uri);
YadoEventSink *yado_event_sink_ref   (YadoEventSink *sink);
void           yado_event_sink_unref (YadoEventSink *sink);

typedef struct {
  virConnectPtr conn;
  GArray       *domain_callbacks;   /* int ids */
  GArray       *network_callbacks;
  GArray       *pool_callbacks;
  gboolean      close_callback;
  char         *hostname;
  char         *hypervisor;
  guint         host_cpus;
  guint64       host_memory_kib;
  GPtrArray    *domains;            /* of YadoDomainInfo */
} YadoOpenResult;

void            yado_open_result_free (YadoOpenResult *result);

/* Opens @uri (on libvirt's read-only socket with @read_only), registers
 * events, reads the host facts and lists the domains. Credentials are
 * asked through @sink. */
YadoOpenResult *yado_connection_jobs_open  (const char    *uri,
                                            gboolean       read_only,
                                            YadoEventSink *sink,
                                            GError       **error);
/* Deregisters what open registered and drops the connection. */
void            yado_connection_jobs_close (YadoOpenResult *opened);

G_END_DECLS
