/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yado-enums.h"
#include "yado-stats.h"

G_BEGIN_DECLS

typedef struct _YadoConnection YadoConnection;

#define YADO_TYPE_DOMAIN (yado_domain_get_type ())
G_DECLARE_FINAL_TYPE (YadoDomain, yado_domain, YADO, DOMAIN, GObject)

/* Which graph a history belongs to. */
typedef enum {
  YADO_GRAPH_GUEST_CPU,
  YADO_GRAPH_HOST_CPU,
  YADO_GRAPH_MEMORY,
  YADO_GRAPH_DISK_IO,    /* read + write, bytes/s */
  YADO_GRAPH_NET_IO,     /* rx + tx, bytes/s */
  YADO_GRAPH_DISK_READ,
  YADO_GRAPH_DISK_WRITE,
  YADO_GRAPH_NET_RX,
  YADO_GRAPH_NET_TX,
  YADO_N_GRAPHS
} YadoGraph;

/* A plain description of a domain, filled on a worker thread and applied
 * to the YadoDomain on the main thread. */
typedef struct {
  char           *name;
  char           *uuid;
  int             id;               /* -1 when not running */
  YadoDomainState state;
  int             state_reason;     /* libvirt's virDomain*Reason */
  char           *title;            /* NULL when none */
  char           *description;      /* NULL when none */
  guint           vcpus;
  guint64         memory_kib;       /* current */
  guint64         max_memory_kib;
  gboolean        autostart;
  gboolean        persistent;
  gboolean        has_managed_save;
  gboolean        has_details;      /* title, description known */
} YadoDomainInfo;

void            yado_domain_info_free (YadoDomainInfo *info);
YadoDomainInfo *yado_domain_info_copy (const YadoDomainInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoDomainInfo, yado_domain_info_free)

YadoDomain     *yado_domain_new               (YadoConnection       *connection,
                                               const YadoDomainInfo *info);
/* Applies @info; emits notify for what changed and "changed" once. */
void            yado_domain_update            (YadoDomain           *self,
                                               const YadoDomainInfo *info);

YadoConnection *yado_domain_get_connection    (YadoDomain *self);
const char     *yado_domain_get_name          (YadoDomain *self);
const char     *yado_domain_get_uuid          (YadoDomain *self);
int             yado_domain_get_id            (YadoDomain *self);
YadoDomainState yado_domain_get_state         (YadoDomain *self);
int             yado_domain_get_state_reason  (YadoDomain *self);
const char     *yado_domain_get_title         (YadoDomain *self);
const char     *yado_domain_get_description   (YadoDomain *self);
/* The title when set, else the name. */
const char     *yado_domain_get_display_name  (YadoDomain *self);
guint           yado_domain_get_vcpus         (YadoDomain *self);
guint64         yado_domain_get_memory_kib    (YadoDomain *self);
guint64         yado_domain_get_max_memory_kib (YadoDomain *self);
gboolean        yado_domain_get_autostart     (YadoDomain *self);
gboolean        yado_domain_get_persistent    (YadoDomain *self);
gboolean        yado_domain_get_has_managed_save (YadoDomain *self);
gboolean        yado_domain_is_active         (YadoDomain *self);

/* Translated state text: "Running", "Paused", "Shut off", "Saved", ... */
const char     *yado_domain_get_state_text    (YadoDomain *self);
const char     *yado_domain_state_to_text     (YadoDomainState state,
                                               gboolean        has_managed_save);
/* A themed icon name for the state. */
const char     *yado_domain_state_to_icon_name (YadoDomainState state,
                                                gboolean        has_managed_save);

/* Whether @op makes sense in the domain's current state (and the
 * connection is writable); the UI enables actions with this. */
gboolean        yado_domain_can               (YadoDomain     *self,
                                               YadoLifecycleOp op);
gboolean        yado_lifecycle_op_allowed     (YadoLifecycleOp op,
                                               YadoDomainState state,
                                               gboolean        persistent,
                                               gboolean        has_managed_save,
                                               gboolean        autostart);
const char     *yado_lifecycle_op_to_verb     (YadoLifecycleOp op);

/* Statistics, kept by the connection's poller. The history is made at the
 * domain's second sample (before that, an empty one stands in): read it
 * again each time (e.g. on "stats-updated"), do not keep the pointer. */
const YadoHistory *yado_domain_get_history    (YadoDomain *self,
                                               YadoGraph   graph);
/* Latest value of @graph, or -1 when there is none yet. */
double          yado_domain_get_latest        (YadoDomain *self,
                                               YadoGraph   graph);
/* Used by the poller: appends one sample, derives rates, records them. */
void            yado_domain_push_sample       (YadoDomain             *self,
                                               const YadoDomainSample *sample,
                                               guint                   host_cpus);

/* Lifecycle: start, pause, ... on the connection's worker. */
void            yado_domain_lifecycle_async   (YadoDomain         *self,
                                               YadoLifecycleOp     op,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean        yado_domain_lifecycle_finish  (YadoDomain   *self,
                                               GAsyncResult *result,
                                               GError      **error);
/* The synchronous twin, for tests: iterates the thread-default main
 * context until the job is done. Never call it from UI code. */
gboolean        yado_domain_lifecycle_sync    (YadoDomain     *self,
                                               YadoLifecycleOp op,
                                               GCancellable   *cancellable,
                                               GError        **error);

/* A connected socket to the guest's graphics server: from
 * virDomainOpenGraphicsFD on a local connection, through an SSH tunnel on
 * an ssh one, or straight over TCP otherwise (yado-graphics-route.h). */
typedef struct {
  char *type;      /* "vnc", "spice", ... of the graphics device */
  int   fd;        /* owned: close it, or hand it to a viewer that will */
  char *password;  /* the device's password when known and needed, or NULL */
} YadoGraphicsSocket;

void                yado_graphics_socket_free         (YadoGraphicsSocket *socket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoGraphicsSocket, yado_graphics_socket_free)

/* Opens a socket to graphics device @index (0: the first). */
void                yado_domain_open_graphics_async   (YadoDomain         *self,
                                                       guint               index,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
YadoGraphicsSocket *yado_domain_open_graphics_finish  (YadoDomain   *self,
                                                       GAsyncResult *result,
                                                       GError      **error);

G_END_DECLS
