/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>

#include "yado-askpass-service.h"
#include "yado-connection-error.h"
#include "yado-connection-jobs.h"
#include "yado-connection-private.h"
#include "yado-domain-jobs.h"
#include "yado-error.h"
#include "yado-event-loop.h"
#include "yado-model-enum-types.h"
#include "yado-network.h"
#include "yado-ssh.h"
#include "yado-ssh-control.h"
#include "yado-stats-collector.h"
#include "yado-storage-pool.h"
#include "yado-uri.h"
#include "yado-worker.h"

/* Opening includes the first listing of domains: a slow host over SSH with
 * many domains may need a while, a hung one must not keep us forever. */
#define OPEN_TIMEOUT_MS (60 * 1000)
#define JOB_TIMEOUT_MS (30 * 1000)
/* A lost connection is tried again after 1, 2, 4, then every 5 s. The cap
 * is low so that Yado is back within seconds of the host (a restarted
 * daemon, a rebooted server), however long it was away: at 30 s, an outage
 * of a minute left the user waiting up to half a minute more. A try costs
 * little: a refused connection, or one ssh login through the shared
 * master; a host that does not answer at all makes each try last until
 * it times out, which spaces them out by itself. */
#define RECONNECT_FIRST_DELAY_S 1
#define RECONNECT_MAX_DELAY_S 5
#define DEFAULT_STATS_INTERVAL_MS 1000

struct _YadoConnection {
  GObject              parent_instance;

  char                *uri;
  char                *display_name;
  gboolean             remote;
  gboolean             autoconnect;
  gboolean             read_only;
  YadoConnectionState  state;
  char                *error_message;
  char                *error_detail;  /* libvirt's own words beside it, or NULL */

  /* One "session" per open; results of an older session are dropped. */
  guint64              session;
  YadoWorker          *ops;
  YadoWorker          *poll;
  YadoEventSink       *sink;
  YadoOpenResult      *opened;      /* the libvirt handle and callback ids */
  GCancellable        *cancellable; /* cancelled when the session ends */
  YadoStatsCollector  *collector;   /* used on the poll worker only */

  GListStore          *domains;
  GHashTable          *domains_by_uuid;  /* uuid -> YadoDomain (borrowed) */
  GListStore          *networks;
  GListStore          *pools;
  gboolean             domains_listed;
  GHashTable          *refreshing;       /* uuids with a refresh queued */
  GHashTable          *refresh_again;    /* uuids that changed while being read */
  gboolean             networks_queued;
  gboolean             networks_again;
  gboolean             pools_queued;
  gboolean             pools_again;

  char                *hostname;
  char                *hypervisor;
  guint                host_cpus;
  guint64              host_memory_kib;

  guint                stats_interval_ms;
  guint                stats_source;
  gboolean             poll_in_flight;
  guint64              ticks;
  gboolean             have_host_cpu_sample;
  guint64              prev_host_busy_ns;
  guint64              prev_host_total_ns;
  YadoHistory          host_cpu_history;
  YadoHistory          host_memory_history;

  gint64               open_started_us;
  guint                open_timeout_source;
  /* The last question asked for this connection (libvirt's or ssh's): an
   * open waits as long as it is unanswered. */
  YadoAuthRequest     *last_request;
  /* +ssh: the login ssh's questions name, and where they arrive. */
  char                *ssh_login;
  YadoAskpassService  *askpass;

  gboolean             lost;        /* since a loss, until open or close */
  guint                reconnect_source;
  guint                reconnect_delay_s;
  gint64               reconnect_at_us;
};

G_DEFINE_FINAL_TYPE (YadoConnection, yado_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_ERROR_DETAIL,
  PROP_AUTOCONNECT,
  PROP_DOMAINS_LISTED,
  PROP_READ_ONLY,
  PROP_ASKING,
  N_PROPS
};

enum {
  SIGNAL_AUTH_REQUEST,
  SIGNAL_STATS_UPDATED,
  SIGNAL_DOMAIN_CHANGED,
  SIGNAL_DEVICES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_session (YadoConnection *self);
static void end_session (YadoConnection *self);
static void restart_stats_timer (YadoConnection *self);

/* ---- state ---- */

/* Both texts change before anybody is told: a handler of one sees both. */
static void
set_state_full (YadoConnection *self, YadoConnectionState state, const char *error_message,
                const char *error_detail)
{
  gboolean message_changed = g_strcmp0 (self->error_message, error_message) != 0;
  gboolean detail_changed = g_strcmp0 (self->error_detail, error_detail) != 0;

  if (message_changed)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
    }
  if (detail_changed)
    {
      g_free (self->error_detail);
      self->error_detail = g_strdup (error_detail);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (message_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  if (detail_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_DETAIL]);
}

/* A message with no detail; the same message keeps its detail (a
 * reconnect goes on showing the last failure). */
static void
set_state (YadoConnection *self, YadoConnectionState state, const char *error_message)
{
  set_state_full (self, state, error_message,
                  g_strcmp0 (self->error_message, error_message) == 0 ? self->error_detail
                                                                      : NULL);
}

static void
set_domains_listed (YadoConnection *self, gboolean listed)
{
  if (self->domains_listed == listed)
    return;
  self->domains_listed = listed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAINS_LISTED]);
}

/* ---- domains ---- */

static void
on_domain_changed (YadoDomain *domain, YadoConnection *self)
{
  g_signal_emit (self, signals[SIGNAL_DOMAIN_CHANGED], 0, domain);
}

static YadoDomain *
add_domain_object (YadoConnection *self, const YadoDomainInfo *info)
{
  YadoDomain *domain = yado_domain_new (self, info);

  g_signal_connect_object (domain, "changed", G_CALLBACK (on_domain_changed), self, 0);
  g_hash_table_insert (self->domains_by_uuid, g_strdup (info->uuid), domain);
  return domain;
}

static void
remove_domain (YadoConnection *self, YadoDomain *domain_ptr)
{
  /* The store may hold the last reference: keep one until we are done. */
  g_autoptr(YadoDomain) domain = g_object_ref (domain_ptr);
  guint position;

  g_signal_handlers_disconnect_by_data (domain, self);
  /* Out of the index first: whoever hears "items-changed" must no longer
   * find it. */
  g_hash_table_remove (self->domains_by_uuid, yado_domain_get_uuid (domain));
  if (g_list_store_find (self->domains, domain, &position))
    g_list_store_remove (self->domains, position);
}

static void
remove_all_domains (YadoConnection *self)
{
  GHashTableIter iter;
  gpointer domain;

  g_hash_table_iter_init (&iter, self->domains_by_uuid);
  while (g_hash_table_iter_next (&iter, NULL, &domain))
    g_signal_handlers_disconnect_by_data (domain, self);
  g_hash_table_remove_all (self->domains_by_uuid);
  g_list_store_remove_all (self->domains);
}

/* Makes the domain list match @infos: existing objects are updated (open
 * windows and graphs keep theirs), new ones added in one batch, vanished
 * ones removed. */
static void
apply_domain_listing (YadoConnection *self, GPtrArray *infos)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer uuid, domain;

  for (guint i = 0; i < infos->len; i++)
    {
      YadoDomainInfo *info = g_ptr_array_index (infos, i);
      YadoDomain *existing = g_hash_table_lookup (self->domains_by_uuid, info->uuid);

      g_hash_table_add (seen, info->uuid);
      if (existing != NULL)
        yado_domain_update (existing, info);
      else
        g_ptr_array_add (added, add_domain_object (self, info));
    }

  g_hash_table_iter_init (&iter, self->domains_by_uuid);
  while (g_hash_table_iter_next (&iter, &uuid, &domain))
    if (!g_hash_table_contains (seen, uuid) && !g_ptr_array_find (added, domain, NULL))
      g_ptr_array_add (gone, domain);
  for (guint i = 0; i < gone->len; i++)
    remove_domain (self, g_ptr_array_index (gone, i));

  /* One items-changed for the whole batch: a view inserts 10,000 rows at
   * once instead of reacting 10,000 times. */
  g_list_store_splice (self->domains, g_list_model_get_n_items (G_LIST_MODEL (self->domains)),
                       0, added->pdata, added->len);
}

/* ---- jobs: common ---- */

typedef struct {
  virConnectPtr conn;
  char         *uuid;
  GPtrArray    *infos;
  YadoStatsCollector *collector;
} ConnJob;

static void
conn_job_free (gpointer data)
{
  ConnJob *job = data;

  if (job->conn != NULL)
    virConnectClose (job->conn);
  g_free (job->uuid);
  g_clear_pointer (&job->infos, g_ptr_array_unref);
  g_free (job);
}

static ConnJob *
conn_job_new (YadoConnection *self)
{
  ConnJob *job = g_new0 (ConnJob, 1);

  job->conn = yado_connection_ref_handle (self);
  return job;
}

/* Each job's callback gets the session it was made for, and ignores its
 * result when the connection has moved on. */
typedef struct {
  YadoConnection *self;
  guint64         session;
} SessionTag;

static SessionTag *
session_tag_new (YadoConnection *self)
{
  SessionTag *tag = g_new0 (SessionTag, 1);

  tag->self = g_object_ref (self);
  tag->session = self->session;
  return tag;
}

static void
session_tag_free (SessionTag *tag)
{
  g_object_unref (tag->self);
  g_free (tag);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessionTag, session_tag_free)

static gboolean
session_tag_is_current (SessionTag *tag)
{
  return tag->session == tag->self->session && tag->self->opened != NULL;
}

static void
submit (YadoConnection *self, YadoWorker *worker, YadoJobFunc func, ConnJob *job,
        GDestroyNotify result_free, GAsyncReadyCallback callback, guint timeout_ms)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, session_tag_new (self));

  yado_worker_submit (worker, task, func, job, conn_job_free, result_free, timeout_ms);
}

/* ---- jobs: domain details and refreshes ---- */

static gpointer
details_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  ConnJob *job = data;

  yado_domain_jobs_fetch_details (job->conn, job->infos);
  return g_steal_pointer (&job->infos);
}

static void
on_details_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SessionTag) tag = user_data;
  g_autoptr(GPtrArray) infos = g_task_propagate_pointer (G_TASK (result), NULL);

  if (infos == NULL || !session_tag_is_current (tag))
    return;
  for (guint i = 0; i < infos->len; i++)
    {
      YadoDomainInfo *info = g_ptr_array_index (infos, i);
      YadoDomain *domain = g_hash_table_lookup (tag->self->domains_by_uuid, info->uuid);

      /* Only titles and descriptions: the state may have moved on since. */
      if (domain != NULL)
        {
          g_autoptr(YadoDomainInfo) merged = NULL;

          merged = yado_domain_info_copy (info);
          merged->state = yado_domain_get_state (domain);
          merged->state_reason = yado_domain_get_state_reason (domain);
          merged->id = yado_domain_get_id (domain);
          yado_domain_update (domain, merged);
        }
    }
}

static void
queue_details (YadoConnection *self, GPtrArray *infos)
{
  ConnJob *job = conn_job_new (self);

  job->infos = g_ptr_array_ref (infos);
  submit (self, self->ops, details_job_run, job, (GDestroyNotify) g_ptr_array_unref,
          on_details_done, 0);
}

static gpointer
refresh_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  ConnJob *job = data;

  return yado_domain_jobs_fetch_one (job->conn, job->uuid, error);
}

static void
on_refresh_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SessionTag) tag = user_data;
  YadoConnection *self = tag->self;
  const char *uuid = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoDomainInfo) info = g_task_propagate_pointer (G_TASK (result), &error);
  YadoDomain *domain;

  if (!session_tag_is_current (tag))
    return;
  g_hash_table_remove (self->refreshing, uuid);
  domain = g_hash_table_lookup (self->domains_by_uuid, uuid);
  /* An event came while the job was reading: what it read may be older
   * than that change, so read once more. */
  if (g_hash_table_remove (self->refresh_again, uuid))
    _yado_connection_refresh_domain (self, uuid);

  if (info != NULL && domain != NULL)
    yado_domain_update (domain, info);
  else if (info != NULL)
    {
      g_autoptr(YadoDomain) added = add_domain_object (self, info);

      g_list_store_append (self->domains, added);
    }
  else if (domain != NULL && g_error_matches (error, YADO_ERROR, YADO_ERROR_NOT_FOUND))
    remove_domain (self, domain); /* undefined, or a transient domain stopped */
  else if (error != NULL && !g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED))
    g_debug ("Could not refresh domain %s: %s", uuid, error->message);
}

void
_yado_connection_refresh_domain (YadoConnection *self, const char *uuid)
{
  g_autoptr(GTask) task = NULL;
  ConnJob *job;

  if (self->opened == NULL)
    return;
  if (g_hash_table_contains (self->refreshing, uuid))
    {
      g_hash_table_add (self->refresh_again, g_strdup (uuid));
      return;
    }
  g_hash_table_add (self->refreshing, g_strdup (uuid));

  job = conn_job_new (self);
  job->uuid = g_strdup (uuid);
  task = g_task_new (self, self->cancellable, on_refresh_done, session_tag_new (self));
  g_task_set_task_data (task, g_strdup (uuid), g_free);
  yado_worker_submit (self->ops, task, refresh_job_run, job, conn_job_free,
                      (GDestroyNotify) yado_domain_info_free, JOB_TIMEOUT_MS);
}

/* ---- jobs: networks and pools, after the domains ---- */

static void queue_networks (YadoConnection *self);
static void queue_pools (YadoConnection *self);

static gpointer
networks_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  return yado_network_jobs_list_all (((ConnJob *) data)->conn, error);
}

static gpointer
pools_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  return yado_storage_pool_jobs_list_all (((ConnJob *) data)->conn, error);
}

/* Updates @store to match @infos, matching objects by name: existing
 * objects are updated, new ones made with create (info, self). */
static void
apply_named_listing (YadoConnection *self, GListStore *store, GPtrArray *infos,
                     const char *(*get_name) (gpointer object),
                     const char *(*info_name) (gpointer info),
                     gpointer (*create) (gpointer info, YadoConnection *self),
                     void (*update) (gpointer object, gpointer info))
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < infos->len; i++)
    g_hash_table_insert (by_name, (gpointer) info_name (g_ptr_array_index (infos, i)),
                         g_ptr_array_index (infos, i));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (store), i - 1);
      gpointer info = g_hash_table_lookup (by_name, get_name (object));

      if (info == NULL)
        g_list_store_remove (store, i - 1);
      else
        {
          update (object, info);
          g_hash_table_remove (by_name, get_name (object));
        }
    }
  for (guint i = 0; i < infos->len; i++)
    {
      gpointer info = g_ptr_array_index (infos, i);

      if (g_hash_table_contains (by_name, info_name (info)))
        {
          g_autoptr(GObject) object = create (info, self);

          g_list_store_append (store, object);
        }
    }
}

static const char *network_name (gpointer o) { return yado_network_get_name (o); }
static const char *network_info_name (gpointer i) { return ((YadoNetworkInfo *) i)->name; }
static gpointer network_create (gpointer i, YadoConnection *c) { return yado_network_new (i); }
static void network_update (gpointer o, gpointer i) { yado_network_update (o, i); }

static void
on_networks_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SessionTag) tag = user_data;
  g_autoptr(GPtrArray) infos = g_task_propagate_pointer (G_TASK (result), NULL);

  if (!session_tag_is_current (tag))
    return;
  tag->self->networks_queued = FALSE;
  if (tag->self->networks_again)
    {
      tag->self->networks_again = FALSE;
      queue_networks (tag->self);
    }
  if (infos != NULL)
    apply_named_listing (tag->self, tag->self->networks, infos, network_name,
                         network_info_name, network_create, network_update);
}

static const char *pool_name (gpointer o) { return yado_storage_pool_get_name (o); }
static const char *pool_info_name (gpointer i) { return ((YadoStoragePoolInfo *) i)->name; }
static gpointer pool_create (gpointer i, YadoConnection *c) { return yado_storage_pool_new (c, i); }
static void pool_update (gpointer o, gpointer i) { yado_storage_pool_update (o, i); }

static void
on_pools_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SessionTag) tag = user_data;
  g_autoptr(GPtrArray) infos = g_task_propagate_pointer (G_TASK (result), NULL);
  YadoConnection *self = tag->self;

  if (!session_tag_is_current (tag))
    return;
  self->pools_queued = FALSE;
  if (self->pools_again)
    {
      self->pools_again = FALSE;
      queue_pools (self);
    }
  if (infos != NULL)
    apply_named_listing (self, self->pools, infos, pool_name, pool_info_name,
                         pool_create, pool_update);
}

static void
queue_networks (YadoConnection *self)
{
  if (self->opened == NULL)
    return;
  if (self->networks_queued)
    {
      self->networks_again = TRUE; /* the running listing may predate the change */
      return;
    }
  self->networks_queued = TRUE;
  submit (self, self->ops, networks_job_run, conn_job_new (self),
          (GDestroyNotify) g_ptr_array_unref, on_networks_done, JOB_TIMEOUT_MS);
}

static void
queue_pools (YadoConnection *self)
{
  if (self->opened == NULL)
    return;
  if (self->pools_queued)
    {
      self->pools_again = TRUE;
      return;
    }
  self->pools_queued = TRUE;
  submit (self, self->ops, pools_job_run, conn_job_new (self),
          (GDestroyNotify) g_ptr_array_unref, on_pools_done, JOB_TIMEOUT_MS);
}

/* ---- statistics ---- */

static gpointer
poll_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  ConnJob *job = data;

  return yado_stats_collector_collect (job->collector, job->conn, error);
}

static void
apply_host_stats (YadoConnection *self, YadoStatsBatch *batch, double guest_host_cpu_sum,
                  guint64 guest_memory_kib)
{
  double cpu = -1, memory = -1;

  if (batch->have_host_cpu)
    {
      if (self->have_host_cpu_sample)
        cpu = yado_stats_host_cpu_percent (self->prev_host_busy_ns, self->prev_host_total_ns,
                                           batch->host_busy_ns, batch->host_total_ns);
      self->prev_host_busy_ns = batch->host_busy_ns;
      self->prev_host_total_ns = batch->host_total_ns;
      self->have_host_cpu_sample = TRUE;
    }
  /* Without node figures (or frozen ones, as the test driver gives),
   * show what the guests use of the host. */
  if (cpu < 0)
    cpu = MIN (guest_host_cpu_sum, 100.0);

  if (batch->have_host_memory)
    memory = 100.0 * (batch->host_memory_total_kib - batch->host_memory_free_kib)
             / batch->host_memory_total_kib;
  else if (self->host_memory_kib > 0)
    memory = MIN (100.0 * guest_memory_kib / self->host_memory_kib, 100.0);

  if (cpu >= 0)
    yado_history_push (&self->host_cpu_history, cpu);
  if (memory >= 0)
    yado_history_push (&self->host_memory_history, memory);
}

static void
on_poll_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SessionTag) tag = user_data;
  YadoConnection *self = tag->self;
  g_autoptr(GError) error = NULL;
  YadoStatsBatch *batch = g_task_propagate_pointer (G_TASK (result), &error);
  double host_cpu_sum = 0;
  guint64 memory_sum = 0;

  if (!session_tag_is_current (tag))
    {
      yado_stats_batch_free (batch);
      return;
    }
  self->poll_in_flight = FALSE;
  if (batch == NULL)
    {
      g_debug ("Statistics of %s: %s", self->uri, error->message);
      return;
    }

  for (guint i = 0; i < batch->samples->len; i++)
    {
      YadoCollectedSample *cs = &g_array_index (batch->samples, YadoCollectedSample, i);
      YadoDomain *domain = g_hash_table_lookup (self->domains_by_uuid, cs->uuid);

      if (domain == NULL)
        continue;
      yado_domain_push_sample (domain, &cs->sample, self->host_cpus);
      host_cpu_sum += MAX (yado_domain_get_latest (domain, YADO_GRAPH_HOST_CPU), 0);
      memory_sum += cs->sample.memory_kib;
    }
  apply_host_stats (self, batch, host_cpu_sum, memory_sum);
  yado_stats_batch_free (batch);
  self->ticks++;
  g_signal_emit (self, signals[SIGNAL_STATS_UPDATED], 0);
}

static gboolean
on_stats_tick (gpointer data)
{
  YadoConnection *self = data;
  ConnJob *job;

  /* At most one poll in flight: a slow host gets fewer samples, not a
   * growing queue. */
  if (self->poll_in_flight || self->opened == NULL || !self->domains_listed)
    return G_SOURCE_CONTINUE;
  self->poll_in_flight = TRUE;
  job = conn_job_new (self);
  job->collector = self->collector;
  submit (self, self->poll, poll_job_run, job, (GDestroyNotify) yado_stats_batch_free,
          on_poll_done, 0);
  return G_SOURCE_CONTINUE;
}

static void
restart_stats_timer (YadoConnection *self)
{
  g_clear_handle_id (&self->stats_source, g_source_remove);
  if (self->stats_interval_ms > 0 && self->state == YADO_CONNECTION_CONNECTED)
    self->stats_source = g_timeout_add (self->stats_interval_ms, on_stats_tick, self);
}

static void
collector_free_job_data (gpointer data)
{
  yado_stats_collector_free (data);
}

/* ---- events, on the main thread ---- */

static void
on_request_answered (YadoAuthRequest *request, gboolean ok, gpointer data)
{
  g_autoptr(YadoConnection) self = g_weak_ref_get (data);

  if (self != NULL && self->last_request == request)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASKING]);
  g_weak_ref_clear (data);
  g_free (data);
}

/* Hands @request to the UI ("auth-request"); TRUE when it was taken. */
static gboolean
ask_user (YadoConnection *self, YadoAuthRequest *request)
{
  gboolean handled = FALSE;
  GWeakRef *weak;

  if (!g_signal_has_handler_pending (self, signals[SIGNAL_AUTH_REQUEST], 0, TRUE))
    return FALSE;
  g_clear_pointer (&self->last_request, yado_auth_request_unref);
  self->last_request = yado_auth_request_ref (request);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  yado_auth_request_add_done_func (request, on_request_answered, weak);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASKING]);
  g_signal_emit (self, signals[SIGNAL_AUTH_REQUEST], 0, request, &handled);
  return handled;
}

static void
on_auth_event (YadoConnection *self, YadoConnectionEvent *event)
{
  gboolean handled = FALSE;

  if (event->session == self->session)
    handled = ask_user (self, event->auth_request);
  if (!handled)
    yado_auth_request_complete (event->auth_request, FALSE);
}

/* ssh's questions (through yado-askpass) for the login of a connection
 * being opened: asked like libvirt's own. */
static gboolean
on_askpass_request (YadoAskpassService *service, YadoAuthRequest *request, YadoConnection *self)
{
  if (self->state != YADO_CONNECTION_CONNECTING ||
      g_strcmp0 (yado_auth_request_get_login (request), self->ssh_login) != 0)
    return FALSE;
  return ask_user (self, request);
}

/* Whether the open's last question was answered no (cancelled, or a
 * host key not trusted). */
static gboolean
user_said_no (YadoConnection *self)
{
  return self->last_request != NULL && yado_auth_request_was_declined (self->last_request);
}

static char *
describe_close_reason (int reason)
{
  switch (reason)
    {
    case VIR_CONNECT_CLOSE_REASON_EOF:
      return g_strdup (_("Connection lost: the host closed the connection"));
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
      return g_strdup (_("Connection lost: the host stopped answering"));
    case VIR_CONNECT_CLOSE_REASON_ERROR:
    default:
      return g_strdup (_("Connection lost: a network or protocol error"));
    }
}

static gboolean on_reconnect_timeout (gpointer data);

static void
schedule_reconnect (YadoConnection *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_at_us = g_get_monotonic_time () + self->reconnect_delay_s * G_USEC_PER_SEC;
  /* Exact milliseconds (not g_timeout_add_seconds, which may round up by
   * a second): the row counts down to this moment. */
  self->reconnect_source = g_timeout_add (self->reconnect_delay_s * 1000,
                                          on_reconnect_timeout, self);
  self->reconnect_delay_s = MIN (self->reconnect_delay_s * 2, RECONNECT_MAX_DELAY_S);
}

static void
on_connection_lost (YadoConnection *self, const char *message)
{
  /* The domains stay listed (with their graphs) until the reconnect
   * reconciles them; the row says the connection is lost. */
  end_session (self);
  self->lost = TRUE;
  set_state (self, YADO_CONNECTION_LOST, message);
  schedule_reconnect (self);
}

static void
on_connection_event (gpointer owner, YadoConnectionEvent *event)
{
  YadoConnection *self = owner;

  if (event->kind == YADO_CONNECTION_EVENT_AUTH)
    {
      on_auth_event (self, event);
      return;
    }
  if (event->session != self->session || self->opened == NULL)
    return;

  switch (event->kind)
    {
    case YADO_CONNECTION_EVENT_DOMAIN_LIFECYCLE:
    case YADO_CONNECTION_EVENT_DOMAIN_METADATA:
      _yado_connection_refresh_domain (self, event->uuid);
      break;
    case YADO_CONNECTION_EVENT_DOMAIN_DEVICES:
      {
        YadoDomain *domain = g_hash_table_lookup (self->domains_by_uuid, event->uuid);

        yado_stats_collector_forget (self->collector, event->uuid);
        _yado_connection_refresh_domain (self, event->uuid);
        if (domain != NULL)
          g_signal_emit (self, signals[SIGNAL_DEVICES_CHANGED], 0, domain);
      }
      break;
    case YADO_CONNECTION_EVENT_NETWORK:
      queue_networks (self);
      break;
    case YADO_CONNECTION_EVENT_POOL:
      queue_pools (self);
      break;
    case YADO_CONNECTION_EVENT_CLOSED:
      {
        g_autofree char *message = describe_close_reason (event->event);

        if (event->event != VIR_CONNECT_CLOSE_REASON_CLIENT)
          on_connection_lost (self, message);
      }
      break;
    case YADO_CONNECTION_EVENT_AUTH:
    default:
      break;
    }
}

/* ---- open, close, reconnect ---- */

typedef struct {
  char          *uri;
  gboolean       read_only;
  YadoEventSink *sink;
} OpenJob;

static void
open_job_free (gpointer data)
{
  OpenJob *job = data;

  g_free (job->uri);
  yado_event_sink_unref (job->sink);
  g_free (job);
}

static gpointer
open_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  OpenJob *job = data;

  return yado_connection_jobs_open (job->uri, job->read_only, job->sink, error);
}

static void
close_job_data_free (gpointer data)
{
  /* On the worker thread: deregistering and closing talk to the host. */
  yado_connection_jobs_close (data);
}

/* An open that finished after its session ended (closed, timed out) still
 * holds a libvirt connection: close it on a worker of its own. */
static void
discard_late_open (YadoOpenResult *opened)
{
  g_autoptr(YadoWorker) worker = yado_worker_new ("yado-discard");

  yado_worker_free_on_thread (worker, opened, close_job_data_free);
  yado_worker_shutdown (worker);
}

static void
fail_open (YadoConnection *self, const char *message, const char *detail)
{
  gboolean said_no = user_said_no (self);
  /* ssh says why after a host key was not trusted ("Host key verification
   * failed", explained like any error); a cancelled login, ssh only ends. */
  gboolean cancelled = said_no &&
                       yado_auth_request_get_kind (self->last_request) != YADO_AUTH_HOST_KEY;

  end_session (self);
  if (self->lost && !said_no)
    {
      /* Still lost: keep trying, further apart. */
      set_state_full (self, YADO_CONNECTION_LOST, message, detail);
      schedule_reconnect (self);
    }
  else
    {
      /* A user who said no is not asked again by a retry of ours. */
      self->lost = FALSE;
      remove_all_domains (self);
      set_state_full (self, YADO_CONNECTION_FAILED,
                      cancelled ? _("The login was cancelled.") : message, detail);
    }
}

/* The open's own time-out, rather than the worker's: while the user
 * types a password, the open waits for it. */
static gboolean
on_open_timeout (gpointer data)
{
  YadoConnection *self = data;

  if (self->last_request != NULL && !yado_auth_request_is_answered (self->last_request))
    return G_SOURCE_CONTINUE;
  self->open_timeout_source = 0;
  fail_open (self, _("The host did not answer in time."), NULL);
  return G_SOURCE_REMOVE;
}

static void
on_open_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SessionTag) tag = user_data;
  YadoConnection *self = tag->self;
  g_autoptr(GError) error = NULL;
  YadoOpenResult *opened = g_task_propagate_pointer (G_TASK (result), &error);

  if (tag->session != self->session || self->state != YADO_CONNECTION_CONNECTING)
    {
      if (opened != NULL)
        discard_late_open (opened);
      return;
    }
  g_clear_handle_id (&self->open_timeout_source, g_source_remove);
  if (opened == NULL)
    {
      fail_open (self, error->message, yado_connection_error_get_detail (error));
      return;
    }

  self->opened = opened;
  g_free (self->hostname);
  self->hostname = g_strdup (opened->hostname);
  g_free (self->hypervisor);
  self->hypervisor = g_strdup (opened->hypervisor);
  self->host_cpus = opened->host_cpus;
  self->host_memory_kib = opened->host_memory_kib;
  self->reconnect_delay_s = RECONNECT_FIRST_DELAY_S;
  self->reconnect_at_us = 0;
  self->lost = FALSE;

  {
    gint64 applied_at = g_get_monotonic_time ();

    apply_domain_listing (self, opened->domains);
    g_debug ("%s: opened and listed %u domains in %.3f s, applied in %.3f s", self->uri,
             opened->domains->len, (applied_at - self->open_started_us) / 1e6,
             (g_get_monotonic_time () - applied_at) / 1e6);
  }
  queue_details (self, opened->domains);
  g_clear_pointer (&opened->domains, g_ptr_array_unref);
  set_domains_listed (self, TRUE);
  set_state (self, YADO_CONNECTION_CONNECTED, NULL);
  restart_stats_timer (self);

  /* Domains are on screen; networks and pools follow in the background.
   * Volumes are listed only when somebody asks. */
  queue_networks (self);
  queue_pools (self);
}

/* Once, for a +ssh URI: ssh's questions for its login (yado-ssh.h). */
static void
listen_for_ssh_questions (YadoConnection *self)
{
  g_autoptr(YadoSshTarget) target = NULL;
  g_autoptr(GError) error = NULL;

  if (self->askpass != NULL || !yado_ssh_uri_is_ssh (self->uri) ||
      (target = yado_ssh_target_from_uri (self->uri)) == NULL)
    return;
  self->askpass = yado_askpass_service_get_default (&error);
  if (self->askpass == NULL)
    {
      g_warning ("ssh cannot ask for passwords or host keys: %s", error->message);
      return;
    }
  self->ssh_login = yado_ssh_control_login_name (target->user, target->host, target->port);
  g_signal_connect_object (self->askpass, "request", G_CALLBACK (on_askpass_request), self, 0);
}

static void
start_session (YadoConnection *self)
{
  g_autoptr(GTask) task = NULL;
  OpenJob *job;

  yado_event_loop_ensure_registered ();
  listen_for_ssh_questions (self);
  g_clear_pointer (&self->last_request, yado_auth_request_unref);
  self->open_started_us = g_get_monotonic_time ();
  self->session++;
  self->ops = yado_worker_new ("yado-ops");
  self->poll = yado_worker_new ("yado-poll");
  self->cancellable = g_cancellable_new ();
  self->collector = yado_stats_collector_new ();
  self->sink = yado_event_sink_new (G_OBJECT (self), on_connection_event,
                                    self->session, self->uri);

  job = g_new0 (OpenJob, 1);
  job->uri = g_strdup (self->uri);
  job->read_only = self->read_only;
  job->sink = yado_event_sink_ref (self->sink);
  task = g_task_new (self, NULL, on_open_done, session_tag_new (self));
  /* A result nobody takes (the session ended) is closed right there, on
   * the worker thread. */
  yado_worker_submit (self->ops, task, open_job_run, job, open_job_free,
                      close_job_data_free, 0);
  self->open_timeout_source = g_timeout_add (OPEN_TIMEOUT_MS, on_open_timeout, self);
}

/* Ends the current session: no more results are taken from it, its
 * workers stop after what they run now, the libvirt connection is closed
 * on the ops worker. Never blocks. */
static void
end_session (YadoConnection *self)
{
  self->session++;
  g_clear_handle_id (&self->open_timeout_source, g_source_remove);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  self->poll_in_flight = FALSE;
  self->networks_queued = self->pools_queued = FALSE;
  self->networks_again = self->pools_again = FALSE;
  g_hash_table_remove_all (self->refreshing);
  g_hash_table_remove_all (self->refresh_again);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sink, yado_event_sink_unref);

  if (self->opened != NULL && self->ops != NULL)
    yado_worker_free_on_thread (self->ops, g_steal_pointer (&self->opened), close_job_data_free);
  /* The collector is freed on the poll worker, the only thread using it. */
  if (self->collector != NULL && self->poll != NULL)
    yado_worker_free_on_thread (self->poll, g_steal_pointer (&self->collector),
                                collector_free_job_data);
  if (self->ops != NULL)
    yado_worker_shutdown (self->ops);
  if (self->poll != NULL)
    yado_worker_shutdown (self->poll);
  g_clear_pointer (&self->ops, yado_worker_unref);
  g_clear_pointer (&self->poll, yado_worker_unref);
}

static gboolean
on_reconnect_timeout (gpointer data)
{
  YadoConnection *self = data;

  self->reconnect_source = 0;
  self->reconnect_at_us = 0;
  set_state (self, YADO_CONNECTION_CONNECTING, self->error_message);
  start_session (self);
  return G_SOURCE_REMOVE;
}

void
yado_connection_open (YadoConnection *self)
{
  g_return_if_fail (YADO_IS_CONNECTION (self));

  if (self->state == YADO_CONNECTION_CONNECTING || self->state == YADO_CONNECTION_CONNECTED)
    return;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_at_us = 0;
  if (self->state != YADO_CONNECTION_LOST)
    self->reconnect_delay_s = RECONNECT_FIRST_DELAY_S;
  set_state (self, YADO_CONNECTION_CONNECTING, NULL);
  start_session (self);
}

void
yado_connection_retry_now (YadoConnection *self)
{
  if (self->state == YADO_CONNECTION_FAILED || self->state == YADO_CONNECTION_LOST
      || self->state == YADO_CONNECTION_DISCONNECTED)
    yado_connection_open (self);
}

void
yado_connection_close (YadoConnection *self)
{
  g_return_if_fail (YADO_IS_CONNECTION (self));

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_at_us = 0;
  self->reconnect_delay_s = RECONNECT_FIRST_DELAY_S;
  self->lost = FALSE;
  end_session (self);
  remove_all_domains (self);
  g_list_store_remove_all (self->networks);
  g_list_store_remove_all (self->pools);
  set_domains_listed (self, FALSE);
  set_state (self, YADO_CONNECTION_DISCONNECTED, NULL);
}

/* ---- GObject ---- */

static void
yado_connection_dispose (GObject *object)
{
  YadoConnection *self = YADO_CONNECTION (object);

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  end_session (self);
  if (self->domains != NULL)
    remove_all_domains (self);
  if (self->askpass != NULL)
    g_signal_handlers_disconnect_by_data (self->askpass, self);
  g_clear_object (&self->askpass);
  G_OBJECT_CLASS (yado_connection_parent_class)->dispose (object);
}

static void
yado_connection_finalize (GObject *object)
{
  YadoConnection *self = YADO_CONNECTION (object);

  g_clear_object (&self->domains);
  g_clear_object (&self->networks);
  g_clear_object (&self->pools);
  g_clear_pointer (&self->domains_by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->refreshing, g_hash_table_unref);
  g_clear_pointer (&self->refresh_again, g_hash_table_unref);
  g_free (self->uri);
  g_free (self->display_name);
  g_free (self->error_message);
  g_free (self->error_detail);
  g_free (self->hostname);
  g_free (self->hypervisor);
  g_free (self->ssh_login);
  g_clear_pointer (&self->last_request, yado_auth_request_unref);
  G_OBJECT_CLASS (yado_connection_parent_class)->finalize (object);
}

static void
yado_connection_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YadoConnection *self = YADO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI: g_value_set_string (value, self->uri); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_ERROR_DETAIL: g_value_set_string (value, self->error_detail); break;
    case PROP_AUTOCONNECT: g_value_set_boolean (value, self->autoconnect); break;
    case PROP_DOMAINS_LISTED: g_value_set_boolean (value, self->domains_listed); break;
    case PROP_READ_ONLY: g_value_set_boolean (value, self->read_only); break;
    case PROP_ASKING: g_value_set_boolean (value, yado_connection_get_asking (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yado_connection_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  YadoConnection *self = YADO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI: self->uri = g_value_dup_string (value); break;
    case PROP_AUTOCONNECT: yado_connection_set_autoconnect (self, g_value_get_boolean (value)); break;
    case PROP_READ_ONLY: yado_connection_set_read_only (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yado_connection_constructed (GObject *object)
{
  YadoConnection *self = YADO_CONNECTION (object);

  G_OBJECT_CLASS (yado_connection_parent_class)->constructed (object);
  self->display_name = yado_uri_get_display_name (self->uri);
  self->remote = yado_uri_is_remote (self->uri);
}

static void
yado_connection_class_init (YadoConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = yado_connection_dispose;
  object_class->finalize = yado_connection_finalize;
  object_class->get_property = yado_connection_get_property;
  object_class->set_property = yado_connection_set_property;
  object_class->constructed = yado_connection_constructed;

  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL,
                                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                              | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, YADO_TYPE_CONNECTION_STATE,
                                              YADO_CONNECTION_DISCONNECTED, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_ERROR_DETAIL] = g_param_spec_string ("error-detail", NULL, NULL, NULL, ro);
  properties[PROP_AUTOCONNECT] = g_param_spec_boolean ("autoconnect", NULL, NULL, FALSE,
                                                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                                       | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DOMAINS_LISTED] = g_param_spec_boolean ("domains-listed", NULL, NULL, FALSE, ro);
  properties[PROP_ASKING] = g_param_spec_boolean ("asking", NULL, NULL, FALSE, ro);
  properties[PROP_READ_ONLY] = g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                     G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_AUTH_REQUEST] =
    g_signal_new ("auth-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, YADO_TYPE_AUTH_REQUEST);
  signals[SIGNAL_STATS_UPDATED] =
    g_signal_new ("stats-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DOMAIN_CHANGED] =
    g_signal_new ("domain-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, YADO_TYPE_DOMAIN);
  signals[SIGNAL_DEVICES_CHANGED] =
    g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, YADO_TYPE_DOMAIN);
}

static void
yado_connection_init (YadoConnection *self)
{
  self->domains = g_list_store_new (YADO_TYPE_DOMAIN);
  self->networks = g_list_store_new (YADO_TYPE_NETWORK);
  self->pools = g_list_store_new (YADO_TYPE_STORAGE_POOL);
  self->domains_by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refreshing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refresh_again = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stats_interval_ms = DEFAULT_STATS_INTERVAL_MS;
  self->reconnect_delay_s = RECONNECT_FIRST_DELAY_S;
}

/* ---- public API ---- */

YadoConnection *
yado_connection_new (const char *uri)
{
  return g_object_new (YADO_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *yado_connection_get_uri (YadoConnection *self) { return self->uri; }
const char *yado_connection_get_display_name (YadoConnection *self) { return self->display_name; }
gboolean yado_connection_is_remote (YadoConnection *self) { return self->remote; }
YadoConnectionState yado_connection_get_state (YadoConnection *self) { return self->state; }
const char *yado_connection_get_error_message (YadoConnection *self) { return self->error_message; }
const char *yado_connection_get_error_detail (YadoConnection *self) { return self->error_detail; }
gboolean yado_connection_get_autoconnect (YadoConnection *self) { return self->autoconnect; }
const char *yado_connection_get_hostname (YadoConnection *self) { return self->hostname; }
const char *yado_connection_get_hypervisor (YadoConnection *self) { return self->hypervisor; }
guint yado_connection_get_host_cpus (YadoConnection *self) { return self->host_cpus; }
guint64 yado_connection_get_host_memory_kib (YadoConnection *self) { return self->host_memory_kib; }
GListModel *yado_connection_get_domains (YadoConnection *self) { return G_LIST_MODEL (self->domains); }
GListModel *yado_connection_get_networks (YadoConnection *self) { return G_LIST_MODEL (self->networks); }
GListModel *yado_connection_get_storage_pools (YadoConnection *self) { return G_LIST_MODEL (self->pools); }
gboolean yado_connection_get_domains_listed (YadoConnection *self) { return self->domains_listed; }
guint yado_connection_get_stats_interval (YadoConnection *self) { return self->stats_interval_ms; }
guint64 yado_connection_get_stats_ticks (YadoConnection *self) { return self->ticks; }
YadoWorker *yado_connection_get_ops_worker (YadoConnection *self) { return self->ops; }

const YadoHistory *
yado_connection_get_host_cpu_history (YadoConnection *self)
{
  return &self->host_cpu_history;
}

const YadoHistory *
yado_connection_get_host_memory_history (YadoConnection *self)
{
  return &self->host_memory_history;
}

double
yado_connection_get_host_cpu_percent (YadoConnection *self)
{
  return yado_history_latest (&self->host_cpu_history);
}

double
yado_connection_get_host_memory_percent (YadoConnection *self)
{
  return yado_history_latest (&self->host_memory_history);
}

int
yado_connection_get_retry_in_seconds (YadoConnection *self)
{
  gint64 left;

  if (self->reconnect_at_us == 0)
    return -1;
  left = self->reconnect_at_us - g_get_monotonic_time ();
  return left <= 0 ? 0 : (int) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
yado_connection_set_autoconnect (YadoConnection *self, gboolean autoconnect)
{
  autoconnect = !!autoconnect;
  if (self->autoconnect == autoconnect)
    return;
  self->autoconnect = autoconnect;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOCONNECT]);
}

void
yado_connection_set_stats_interval (YadoConnection *self, guint interval_ms)
{
  if (self->stats_interval_ms == interval_ms)
    return;
  self->stats_interval_ms = interval_ms;
  restart_stats_timer (self);
}

YadoDomain *
yado_connection_lookup_domain (YadoConnection *self, const char *name_or_uuid)
{
  YadoDomain *domain = g_hash_table_lookup (self->domains_by_uuid, name_or_uuid);
  guint n;

  if (domain != NULL)
    return domain;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YadoDomain) candidate = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (g_strcmp0 (yado_domain_get_name (candidate), name_or_uuid) == 0)
        return candidate; /* the store keeps its own reference */
    }
  return NULL;
}

gpointer
yado_connection_ref_handle (YadoConnection *self)
{
  if (self->opened == NULL || self->opened->conn == NULL)
    return NULL;
  virConnectRef (self->opened->conn);
  return self->opened->conn;
}

gboolean
_yado_connection_can_change (YadoConnection *self)
{
  return self->state == YADO_CONNECTION_CONNECTED && !self->read_only;
}

gboolean
yado_connection_get_asking (YadoConnection *self)
{
  /* A question of an open that ended is no longer the open's. */
  return self->state == YADO_CONNECTION_CONNECTING && self->last_request != NULL &&
         !yado_auth_request_is_answered (self->last_request);
}

gboolean
yado_connection_get_read_only (YadoConnection *self)
{
  return self->read_only;
}

void
yado_connection_set_read_only (YadoConnection *self, gboolean read_only)
{
  g_return_if_fail (YADO_IS_CONNECTION (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static gboolean
on_open_sync_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
yado_connection_open_sync (YadoConnection *self, guint timeout_ms, GError **error)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, on_open_sync_timeout, &timed_out);

  yado_connection_open (self);
  while (!timed_out && self->state == YADO_CONNECTION_CONNECTING)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);

  if (self->state == YADO_CONNECTION_CONNECTED)
    return TRUE;
  g_set_error (error, YADO_ERROR, timed_out ? YADO_ERROR_TIMED_OUT : YADO_ERROR_FAILED,
               "%s", self->error_message ? self->error_message : "Could not connect");
  return FALSE;
}
