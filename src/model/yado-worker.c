/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "yado-error.h"
#include "yado-worker.h"

struct _YadoWorker {
  gatomicrefcount ref_count;
  char           *name;
  GAsyncQueue    *queue;     /* of YadoJob; a NULL-func job stops the thread */
  gint            pending;   /* atomic */
  gboolean        shut_down; /* main thread only */
};

/* A job is shared by the worker thread, the timeout source and the
 * cancellable handler; whoever claims it first returns the task. */
typedef struct {
  gatomicrefcount ref_count;
  gint            claimed;   /* atomic: 1 once the task has been returned */
  GTask          *task;
  YadoJobFunc     func;
  gpointer        job_data;
  GDestroyNotify  job_data_free;
  GDestroyNotify  result_free;
  GSource        *timeout_source;
  gulong          cancel_id;
} YadoJob;

static YadoJob *
yado_job_ref (YadoJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
yado_job_unref (YadoJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_clear_object (&job->task);
  g_free (job);
}

/* Returns TRUE for exactly one caller. */
static gboolean
yado_job_claim (YadoJob *job)
{
  return g_atomic_int_compare_and_exchange (&job->claimed, 0, 1);
}

static void
yado_job_return_error (YadoJob *job, YadoErrorCode code, const char *message)
{
  g_task_return_new_error (job->task, YADO_ERROR, code, "%s", message);
}

static gboolean
on_job_timeout (gpointer data)
{
  YadoJob *job = data;

  if (yado_job_claim (job))
    yado_job_return_error (job, YADO_ERROR_TIMED_OUT,
                           "The host did not answer in time");
  return G_SOURCE_REMOVE;
}

static gboolean
on_job_cancelled_idle (gpointer data)
{
  YadoJob *job = data;

  if (yado_job_claim (job))
    yado_job_return_error (job, YADO_ERROR_CANCELLED, "Cancelled");
  return G_SOURCE_REMOVE;
}

static void
on_job_cancelled (GCancellable *cancellable, gpointer data)
{
  YadoJob *job = data;

  /* Not directly: returning the task here could run its callback inside
   * the cancellable's lock, and a callback that disconnects would
   * deadlock. */
  g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT,
                              on_job_cancelled_idle, yado_job_ref (job),
                              (GDestroyNotify) yado_job_unref);
}

static void
yado_job_run (YadoJob *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;

  if (!g_cancellable_is_cancelled (cancellable) && !g_atomic_int_get (&job->claimed))
    result = job->func (job->job_data, cancellable, &error);
  else
    g_set_error_literal (&error, YADO_ERROR, YADO_ERROR_CANCELLED, "Cancelled");

  if (yado_job_claim (job))
    {
      if (result != NULL)
        g_task_return_pointer (job->task, result, job->result_free);
      else if (error != NULL)
        g_task_return_error (job->task, g_steal_pointer (&error));
      else
        yado_job_return_error (job, YADO_ERROR_FAILED, "The job returned nothing");
    }
  else if (result != NULL && job->result_free != NULL)
    {
      job->result_free (result);
    }
}

static void
yado_job_finish (YadoJob *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);

  /* Job data is freed here, on the worker thread: it may hold the last
   * reference to a libvirt connection, whose release talks to the host. */
  if (job->job_data_free != NULL)
    job->job_data_free (job->job_data);
  job->job_data = NULL;

  if (job->timeout_source != NULL)
    {
      g_source_destroy (job->timeout_source);
      g_source_unref (job->timeout_source);
      job->timeout_source = NULL;
    }
  if (job->cancel_id != 0)
    g_cancellable_disconnect (cancellable, job->cancel_id);
  yado_job_unref (job);
}

static gpointer
worker_thread (gpointer data)
{
  YadoWorker *worker = data;

  for (;;)
    {
      YadoJob *job = g_async_queue_pop (worker->queue);

      if (job->func == NULL)
        {
          yado_job_unref (job);
          break;
        }
      yado_job_run (job);
      yado_job_finish (job);
      g_atomic_int_dec_and_test (&worker->pending);
    }

  /* Whatever is still queued after the stop marker completes as cancelled. */
  for (YadoJob *job; (job = g_async_queue_try_pop (worker->queue)) != NULL; )
    {
      if (job->func != NULL)
        {
          if (yado_job_claim (job))
            yado_job_return_error (job, YADO_ERROR_CANCELLED, "The connection was closed");
          yado_job_finish (job);
        }
      else
        yado_job_unref (job);
    }

  yado_worker_unref (worker);
  return NULL;
}

YadoWorker *
yado_worker_new (const char *name)
{
  YadoWorker *worker = g_new0 (YadoWorker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  worker->name = g_strdup (name);
  worker->queue = g_async_queue_new ();
  /* The thread holds its own reference and is never joined. */
  g_thread_unref (g_thread_new (name, worker_thread, yado_worker_ref (worker)));
  return worker;
}

YadoWorker *
yado_worker_ref (YadoWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

void
yado_worker_unref (YadoWorker *worker)
{
  if (worker == NULL || !g_atomic_ref_count_dec (&worker->ref_count))
    return;
  g_async_queue_unref (worker->queue);
  g_free (worker->name);
  g_free (worker);
}

void
yado_worker_shutdown (YadoWorker *worker)
{
  YadoJob *stop;

  if (worker->shut_down)
    return;
  worker->shut_down = TRUE;
  stop = g_new0 (YadoJob, 1);
  g_atomic_ref_count_init (&stop->ref_count);
  g_async_queue_push (worker->queue, stop);
}

void
yado_worker_submit (YadoWorker    *worker,
                    GTask         *task,
                    YadoJobFunc    func,
                    gpointer       job_data,
                    GDestroyNotify job_data_free,
                    GDestroyNotify result_free,
                    guint          timeout_ms)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  YadoJob *job;

  g_return_if_fail (func != NULL);

  /* Cancellation is reported as YADO_ERROR_CANCELLED, like every other
   * outcome, not as GTask's own G_IO_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);
  job = g_new0 (YadoJob, 1);
  g_atomic_ref_count_init (&job->ref_count);
  job->task = g_object_ref (task);
  job->func = func;
  job->job_data = job_data;
  job->job_data_free = job_data_free;
  job->result_free = result_free;

  if (timeout_ms > 0)
    {
      job->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_callback (job->timeout_source, on_job_timeout,
                             yado_job_ref (job), (GDestroyNotify) yado_job_unref);
      g_source_attach (job->timeout_source, g_task_get_context (task));
    }
  if (cancellable != NULL)
    job->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_job_cancelled),
                                            yado_job_ref (job),
                                            (GDestroyNotify) yado_job_unref);

  if (worker->shut_down)
    {
      if (yado_job_claim (job))
        yado_job_return_error (job, YADO_ERROR_NOT_CONNECTED, "The connection is closed");
      /* Nobody else will free the job data: do it here. It holds nothing
       * that talks to a host once the worker is gone. */
      yado_job_finish (job);
      return;
    }

  g_atomic_int_inc (&worker->pending);
  g_async_queue_push (worker->queue, job);
}

static gpointer
nothing_to_run (gpointer data, GCancellable *cancellable, GError **error)
{
  return GINT_TO_POINTER (1); /* the job's data is freed after it, here */
}

void
yado_worker_free_on_thread (YadoWorker *worker, gpointer data, GDestroyNotify free_func)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  yado_worker_submit (worker, task, nothing_to_run, data, free_func, NULL, 0);
}

guint
yado_worker_get_pending (YadoWorker *worker)
{
  return (guint) g_atomic_int_get (&worker->pending);
}

void
yado_sync_result_cb (GObject *source, GAsyncResult *result, gpointer slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
}

GAsyncResult *
yado_sync_result_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return g_steal_pointer (slot);
}
