/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>

#include "yado-connection-private.h"
#include "yado-domain-jobs.h"
#include "yado-domain-private.h"
#include "yado-error.h"
#include "yado-model-enum-types.h"
#include "yado-worker.h"
#include "yado-secret.h"

/* A lifecycle action may wait on a guest (managed save writes all of its
 * memory): give it time, but not forever. */
#define LIFECYCLE_TIMEOUT_MS (10 * 60 * 1000)
#define JOB_TIMEOUT_MS (30 * 1000)

struct _YadoDomain {
  GObject         parent_instance;

  YadoConnection *connection;   /* weak: the connection owns its domains */
  YadoDomainInfo *info;

  YadoDomainSample last_sample;
  gboolean         have_sample;
  /* YADO_N_GRAPHS histories, made at the first sample: a host with 10,000
   * domains, half of them off, needs graphs for half of them. */
  YadoHistory     *history;
};

G_DEFINE_FINAL_TYPE (YadoDomain, yado_domain, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_UUID,
  PROP_ID,
  PROP_STATE,
  PROP_STATE_REASON,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_VCPUS,
  PROP_MEMORY,
  PROP_AUTOSTART,
  PROP_PERSISTENT,
  PROP_HAS_MANAGED_SAVE,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
yado_domain_info_free (YadoDomainInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->uuid);
  g_free (info->title);
  g_free (info->description);
  g_free (info);
}

YadoDomainInfo *
yado_domain_info_copy (const YadoDomainInfo *info)
{
  YadoDomainInfo *copy = g_memdup2 (info, sizeof *info);

  copy->name = g_strdup (info->name);
  copy->uuid = g_strdup (info->uuid);
  copy->title = g_strdup (info->title);
  copy->description = g_strdup (info->description);
  return copy;
}

static void
yado_domain_finalize (GObject *object)
{
  YadoDomain *self = YADO_DOMAIN (object);

  g_clear_weak_pointer (&self->connection);
  g_free (self->history);
  yado_domain_info_free (self->info);
  G_OBJECT_CLASS (yado_domain_parent_class)->finalize (object);
}

static void
yado_domain_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  YadoDomain *self = YADO_DOMAIN (object);
  const YadoDomainInfo *info = self->info;

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, info->name); break;
    case PROP_UUID: g_value_set_string (value, info->uuid); break;
    case PROP_ID: g_value_set_int (value, info->id); break;
    case PROP_STATE: g_value_set_enum (value, info->state); break;
    case PROP_STATE_REASON: g_value_set_int (value, info->state_reason); break;
    case PROP_TITLE: g_value_set_string (value, info->title); break;
    case PROP_DESCRIPTION: g_value_set_string (value, info->description); break;
    case PROP_VCPUS: g_value_set_uint (value, info->vcpus); break;
    case PROP_MEMORY: g_value_set_uint64 (value, info->memory_kib); break;
    case PROP_AUTOSTART: g_value_set_boolean (value, info->autostart); break;
    case PROP_PERSISTENT: g_value_set_boolean (value, info->persistent); break;
    case PROP_HAS_MANAGED_SAVE: g_value_set_boolean (value, info->has_managed_save); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
readonly_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
readonly_boolean (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
yado_domain_class_init (YadoDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yado_domain_finalize;
  object_class->get_property = yado_domain_get_property;

  properties[PROP_NAME] = readonly_string ("name");
  properties[PROP_UUID] = readonly_string ("uuid");
  properties[PROP_ID] = g_param_spec_int ("id", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, YADO_TYPE_DOMAIN_STATE,
                                              YADO_DOMAIN_NOSTATE, ro);
  properties[PROP_STATE_REASON] = g_param_spec_int ("state-reason", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_TITLE] = readonly_string ("title");
  properties[PROP_DESCRIPTION] = readonly_string ("description");
  properties[PROP_VCPUS] = g_param_spec_uint ("vcpus", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_MEMORY] = g_param_spec_uint64 ("memory", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_AUTOSTART] = readonly_boolean ("autostart");
  properties[PROP_PERSISTENT] = readonly_boolean ("persistent");
  properties[PROP_HAS_MANAGED_SAVE] = readonly_boolean ("has-managed-save");
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once per update, however many properties changed: the UI redraws a
   * row once instead of once per property. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
yado_domain_init (YadoDomain *self)
{
}

YadoDomain *
yado_domain_new (YadoConnection *connection, const YadoDomainInfo *info)
{
  YadoDomain *self = g_object_new (YADO_TYPE_DOMAIN, NULL);

  g_set_weak_pointer (&self->connection, connection);
  self->info = yado_domain_info_copy (info);
  return self;
}

static gboolean
strings_differ (const char *a, const char *b)
{
  return g_strcmp0 (a, b) != 0;
}

/* Collects the properties whose value differs between @old and @new. */
static guint
changed_properties (const YadoDomainInfo *old, const YadoDomainInfo *new, GParamSpec **out)
{
  guint n = 0;

#define CHECK(cond, prop) if (cond) out[n++] = properties[prop]
  CHECK (strings_differ (old->name, new->name), PROP_NAME);
  CHECK (old->id != new->id, PROP_ID);
  CHECK (old->state != new->state, PROP_STATE);
  CHECK (old->state_reason != new->state_reason, PROP_STATE_REASON);
  CHECK (strings_differ (old->title, new->title), PROP_TITLE);
  CHECK (strings_differ (old->description, new->description), PROP_DESCRIPTION);
  CHECK (old->vcpus != new->vcpus, PROP_VCPUS);
  CHECK (old->memory_kib != new->memory_kib, PROP_MEMORY);
  CHECK (old->autostart != new->autostart, PROP_AUTOSTART);
  CHECK (old->persistent != new->persistent, PROP_PERSISTENT);
  CHECK (old->has_managed_save != new->has_managed_save, PROP_HAS_MANAGED_SAVE);
#undef CHECK
  return n;
}

void
yado_domain_update (YadoDomain *self, const YadoDomainInfo *info)
{
  GParamSpec *changed[N_PROPS];
  YadoDomainInfo *merged = yado_domain_info_copy (info);
  guint n;

  /* A listing without details must not erase the titles we know. */
  if (!info->has_details && self->info->has_details)
    {
      g_free (merged->title);
      g_free (merged->description);
      merged->title = g_strdup (self->info->title);
      merged->description = g_strdup (self->info->description);
      merged->has_details = TRUE;
    }

  n = changed_properties (self->info, merged, changed);
  yado_domain_info_free (self->info);
  self->info = merged;

  if (n == 0)
    return;
  if (!yado_domain_is_active (self))
    self->have_sample = FALSE; /* the next run starts new counters */

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < n; i++)
    g_object_notify_by_pspec (G_OBJECT (self), changed[i]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

YadoConnection *yado_domain_get_connection (YadoDomain *self) { return self->connection; }
const char *yado_domain_get_name (YadoDomain *self) { return self->info->name; }
const char *yado_domain_get_uuid (YadoDomain *self) { return self->info->uuid; }
int yado_domain_get_id (YadoDomain *self) { return self->info->id; }
YadoDomainState yado_domain_get_state (YadoDomain *self) { return self->info->state; }
int yado_domain_get_state_reason (YadoDomain *self) { return self->info->state_reason; }
const char *yado_domain_get_title (YadoDomain *self) { return self->info->title; }
const char *yado_domain_get_description (YadoDomain *self) { return self->info->description; }
guint yado_domain_get_vcpus (YadoDomain *self) { return self->info->vcpus; }
guint64 yado_domain_get_memory_kib (YadoDomain *self) { return self->info->memory_kib; }
guint64 yado_domain_get_max_memory_kib (YadoDomain *self) { return self->info->max_memory_kib; }
gboolean yado_domain_get_autostart (YadoDomain *self) { return self->info->autostart; }
gboolean yado_domain_get_persistent (YadoDomain *self) { return self->info->persistent; }
gboolean yado_domain_get_has_managed_save (YadoDomain *self) { return self->info->has_managed_save; }

const char *
yado_domain_get_display_name (YadoDomain *self)
{
  return self->info->title != NULL ? self->info->title : self->info->name;
}

gboolean
yado_domain_is_active (YadoDomain *self)
{
  switch (self->info->state)
    {
    case YADO_DOMAIN_SHUTOFF:
    case YADO_DOMAIN_NOSTATE:
      return FALSE;
    default:
      return TRUE;
    }
}

const char *
yado_domain_state_to_text (YadoDomainState state, gboolean has_managed_save)
{
  switch (state)
    {
    case YADO_DOMAIN_RUNNING: return _("Running");
    case YADO_DOMAIN_BLOCKED: return _("Idle");
    case YADO_DOMAIN_PAUSED: return _("Paused");
    case YADO_DOMAIN_SHUTDOWN: return _("Shutting down");
    case YADO_DOMAIN_SHUTOFF: return has_managed_save ? _("Saved") : _("Shut off");
    case YADO_DOMAIN_CRASHED: return _("Crashed");
    case YADO_DOMAIN_PMSUSPENDED: return _("Suspended");
    case YADO_DOMAIN_NOSTATE:
    default: return _("Unknown");
    }
}

const char *
yado_domain_state_to_icon_name (YadoDomainState state, gboolean has_managed_save)
{
  switch (state)
    {
    case YADO_DOMAIN_RUNNING:
    case YADO_DOMAIN_BLOCKED: return "media-playback-start-symbolic";
    case YADO_DOMAIN_PAUSED: return "media-playback-pause-symbolic";
    case YADO_DOMAIN_SHUTDOWN: return "system-shutdown-symbolic";
    case YADO_DOMAIN_SHUTOFF: return has_managed_save ? "document-save-symbolic"
                                                      : "media-playback-stop-symbolic";
    case YADO_DOMAIN_CRASHED: return "dialog-error-symbolic";
    case YADO_DOMAIN_PMSUSPENDED: return "weather-clear-night-symbolic";
    case YADO_DOMAIN_NOSTATE:
    default: return "dialog-question-symbolic";
    }
}

const char *
yado_domain_get_state_text (YadoDomain *self)
{
  return yado_domain_state_to_text (self->info->state, self->info->has_managed_save);
}

static gboolean
state_is_running (YadoDomainState state)
{
  return state == YADO_DOMAIN_RUNNING || state == YADO_DOMAIN_BLOCKED;
}

gboolean
yado_lifecycle_op_allowed (YadoLifecycleOp op,
                           YadoDomainState state,
                           gboolean        persistent,
                           gboolean        has_managed_save,
                           gboolean        autostart)
{
  gboolean active = state != YADO_DOMAIN_SHUTOFF && state != YADO_DOMAIN_NOSTATE;

  switch (op)
    {
    case YADO_LIFECYCLE_START: return state == YADO_DOMAIN_SHUTOFF;
    case YADO_LIFECYCLE_PAUSE: return state_is_running (state);
    case YADO_LIFECYCLE_RESUME: return state == YADO_DOMAIN_PAUSED;
    case YADO_LIFECYCLE_SHUTDOWN:
    case YADO_LIFECYCLE_REBOOT: return state_is_running (state);
    case YADO_LIFECYCLE_RESET: return state_is_running (state) || state == YADO_DOMAIN_PAUSED
                                      || state == YADO_DOMAIN_CRASHED;
    case YADO_LIFECYCLE_FORCE_OFF: return active;
    case YADO_LIFECYCLE_SAVE: return persistent && (state_is_running (state)
                                                    || state == YADO_DOMAIN_PAUSED);
    case YADO_LIFECYCLE_AUTOSTART_ON: return persistent && !autostart;
    case YADO_LIFECYCLE_AUTOSTART_OFF: return persistent && autostart;
    default: return FALSE;
    }
}

gboolean
yado_domain_can (YadoDomain *self, YadoLifecycleOp op)
{
  if (self->connection == NULL || !_yado_connection_can_change (self->connection))
    return FALSE;
  return yado_lifecycle_op_allowed (op, self->info->state, self->info->persistent,
                                    self->info->has_managed_save, self->info->autostart);
}

const char *
yado_lifecycle_op_to_verb (YadoLifecycleOp op)
{
  switch (op)
    {
    case YADO_LIFECYCLE_START: return _("start");
    case YADO_LIFECYCLE_PAUSE: return _("pause");
    case YADO_LIFECYCLE_RESUME: return _("resume");
    case YADO_LIFECYCLE_SHUTDOWN: return _("shut down");
    case YADO_LIFECYCLE_REBOOT: return _("reboot");
    case YADO_LIFECYCLE_RESET: return _("reset");
    case YADO_LIFECYCLE_FORCE_OFF: return _("force off");
    case YADO_LIFECYCLE_SAVE: return _("save");
    case YADO_LIFECYCLE_AUTOSTART_ON: return _("turn on autostart for");
    case YADO_LIFECYCLE_AUTOSTART_OFF: return _("turn off autostart for");
    default: return "?";
    }
}

/* ---- statistics ---- */

static const YadoHistory empty_history;

const YadoHistory *
yado_domain_get_history (YadoDomain *self, YadoGraph graph)
{
  g_return_val_if_fail (graph < YADO_N_GRAPHS, NULL);
  return self->history != NULL ? &self->history[graph] : &empty_history;
}

double
yado_domain_get_latest (YadoDomain *self, YadoGraph graph)
{
  return yado_history_latest (yado_domain_get_history (self, graph));
}

static void
push_rate (YadoHistory *history, double value)
{
  /* Unknown values draw as 0 so the graph keeps its pace. */
  yado_history_push (history, value < 0 ? 0 : value);
}

void
yado_domain_push_sample (YadoDomain             *self,
                         const YadoDomainSample *sample,
                         guint                   host_cpus)
{
  YadoDomainRates rates;

  if (!self->have_sample)
    {
      self->last_sample = *sample;
      self->have_sample = TRUE;
      return;
    }

  yado_stats_compute_rates (&self->last_sample, sample, host_cpus, &rates);
  self->last_sample = *sample;
  if (self->history == NULL)
    self->history = g_new0 (YadoHistory, YADO_N_GRAPHS);

  push_rate (&self->history[YADO_GRAPH_GUEST_CPU], rates.guest_cpu_percent);
  push_rate (&self->history[YADO_GRAPH_HOST_CPU], rates.host_cpu_percent);
  push_rate (&self->history[YADO_GRAPH_MEMORY], rates.memory_percent);
  push_rate (&self->history[YADO_GRAPH_DISK_READ], rates.disk_read_bps);
  push_rate (&self->history[YADO_GRAPH_DISK_WRITE], rates.disk_write_bps);
  push_rate (&self->history[YADO_GRAPH_NET_RX], rates.net_rx_bps);
  push_rate (&self->history[YADO_GRAPH_NET_TX], rates.net_tx_bps);
  push_rate (&self->history[YADO_GRAPH_DISK_IO],
             MAX (rates.disk_read_bps, 0) + MAX (rates.disk_write_bps, 0));
  push_rate (&self->history[YADO_GRAPH_NET_IO],
             MAX (rates.net_rx_bps, 0) + MAX (rates.net_tx_bps, 0));
}

/* ---- jobs on this domain ---- */

static void
domain_job_free (gpointer data)
{
  YadoDomainJob *job = data;

  if (job->conn != NULL)
    virConnectClose (job->conn);
  g_free (job->uuid);
  g_free (job->name);
  g_free (job->device_name);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

/* Queues @func on the connection's ops worker for @task; without an open
 * connection, fails @task at once, saying what could not be done. */
void
yado_domain_submit_job (YadoDomain *self, GTask *task, YadoJobFunc func, YadoDomainJob *job,
                        GDestroyNotify result_free, guint timeout_ms, const char *what)
{
  job->conn = self->connection ? yado_connection_ref_handle (self->connection) : NULL;
  if (job->conn == NULL)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_CONNECTED,
                               _("Could not %s “%s”: the connection is not open"),
                               what, self->info->name);
      domain_job_free (job);
      return;
    }
  job->uuid = g_strdup (self->info->uuid);
  job->name = g_strdup (self->info->name);
  yado_worker_submit (yado_connection_get_ops_worker (self->connection), task, func, job,
                      domain_job_free, result_free, timeout_ms);
}

/* ---- lifecycle actions ---- */

static gpointer
lifecycle_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;

  if (!yado_domain_jobs_lifecycle (job->conn, job->uuid, job->name, job->op, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
on_lifecycle_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  YadoDomain *self = YADO_DOMAIN (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_pointer (G_TASK (result), &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  /* Events say what happened too, but not every driver sends them for
   * every action (autostart has none): read the domain again. */
  if (self->connection != NULL)
    _yado_connection_refresh_domain (self->connection, self->info->uuid);
  g_task_return_boolean (outer, TRUE);
}

void
yado_domain_lifecycle_async (YadoDomain         *self,
                             YadoLifecycleOp     op,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  YadoDomainJob *job = g_new0 (YadoDomainJob, 1);

  g_task_set_source_tag (outer, yado_domain_lifecycle_async);
  g_task_set_check_cancellable (outer, FALSE);
  job->op = op;
  /* The inner task's callback refreshes the domain, then returns @outer. */
  inner = g_task_new (self, cancellable, on_lifecycle_done, outer);
  yado_domain_submit_job (self, inner, lifecycle_job_run, job, NULL, LIFECYCLE_TIMEOUT_MS,
                     yado_lifecycle_op_to_verb (op));
}

gboolean
yado_domain_lifecycle_finish (YadoDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
yado_domain_lifecycle_sync (YadoDomain     *self,
                            YadoLifecycleOp op,
                            GCancellable   *cancellable,
                            GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_domain_lifecycle_async (self, op, cancellable, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_domain_lifecycle_finish (self, result, error);
}

/* ---- graphics ---- */

void
yado_graphics_socket_free (YadoGraphicsSocket *socket)
{
  if (socket == NULL)
    return;
  if (socket->fd >= 0)
    close (socket->fd);
  yado_secret_free (socket->password);
  g_free (socket->type);
  g_free (socket);
}

static gpointer
graphics_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;

  return yado_domain_jobs_open_graphics (job->conn, job->uuid, job->name, job->device,
                                         cancellable, error);
}

void
yado_domain_open_graphics_async (YadoDomain         *self,
                                 guint               index,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  YadoDomainJob *job = g_new0 (YadoDomainJob, 1);

  g_task_set_source_tag (task, yado_domain_open_graphics_async);
  job->device = index;
  yado_domain_submit_job (self, task, graphics_job_run, job,
                     (GDestroyNotify) yado_graphics_socket_free, JOB_TIMEOUT_MS,
                     _("open the console of"));
}

YadoGraphicsSocket *
yado_domain_open_graphics_finish (YadoDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
