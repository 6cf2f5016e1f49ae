/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The job queue that keeps libvirt off the main thread. */
#include "yado-error.h"
#include "yado-test-utils.h"
#include "yado-worker.h"

typedef struct {
  GThread *ran_on;
  GThread *freed_on;
  guint    sleep_ms;
  int      order;
  int     *counter;
} Job;

static gint results_freed;

static gpointer
job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  Job *job = data;

  job->ran_on = g_thread_self ();
  if (job->sleep_ms)
    g_usleep (job->sleep_ms * 1000);
  job->order = g_atomic_int_add (job->counter, 1);
  return g_strdup ("done");
}

static gpointer
job_fail (gpointer data, GCancellable *cancellable, GError **error)
{
  g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED, "Could not do it: no reason");
  return NULL;
}

static void
job_free (gpointer data)
{
  ((Job *) data)->freed_on = g_thread_self ();
}

static void
result_free (gpointer data)
{
  g_atomic_int_inc (&results_freed);
  g_free (data);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
run (YadoWorker *worker, YadoJobFunc func, Job *job, GCancellable *cancellable, guint timeout_ms)
{
  GAsyncResult *result = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, on_done, &result);

  yado_worker_submit (worker, task, func, job, job_free, result_free, timeout_ms);
  g_clear_object (&task);
  yado_test_wait_until (result != NULL, 5000);
  return result;
}

static void
test_runs_off_main_thread (void)
{
  g_autoptr(YadoWorker) worker = yado_worker_new ("test");
  int counter = 0;
  Job job = { .counter = &counter };
  g_autoptr(GAsyncResult) result = run (worker, job_run, &job, NULL, 0);
  g_autofree char *value = g_task_propagate_pointer (G_TASK (result), NULL);

  g_assert_cmpstr (value, ==, "done");
  g_assert_nonnull (job.ran_on);
  yado_test_wait_until (job.freed_on != NULL, 5000);
  g_assert_true (job.ran_on != g_thread_self ());
  /* Job data is freed on the worker: it may hold a libvirt connection. */
  g_assert_true (job.freed_on == job.ran_on);
  yado_worker_shutdown (worker);
}

static void
test_runs_in_order (void)
{
  g_autoptr(YadoWorker) worker = yado_worker_new ("test");
  int counter = 0;
  Job jobs[5];
  GAsyncResult *results[5] = { NULL };

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, on_done, &results[i]);

      jobs[i] = (Job) { .counter = &counter, .sleep_ms = 5 - i };
      yado_worker_submit (worker, task, job_run, &jobs[i], job_free, result_free, 0);
    }
  yado_test_wait_until (results[4] != NULL, 5000);
  for (int i = 0; i < 5; i++)
    {
      g_assert_cmpint (jobs[i].order, ==, i);
      g_free (g_task_propagate_pointer (G_TASK (results[i]), NULL));
      g_object_unref (results[i]);
    }
  yado_worker_shutdown (worker);
}

static void
test_error_is_reported (void)
{
  g_autoptr(YadoWorker) worker = yado_worker_new ("test");
  g_autoptr(GError) error = NULL;
  Job job = { 0 };
  g_autoptr(GAsyncResult) result = run (worker, job_fail, &job, NULL, 0);

  g_assert_null (g_task_propagate_pointer (G_TASK (result), &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Could not do it: no reason");
  yado_worker_shutdown (worker);
}

static void
test_timeout_returns_at_once (void)
{
  g_autoptr(YadoWorker) worker = yado_worker_new ("test");
  g_autoptr(GError) error = NULL;
  int counter = 0;
  Job job = { .counter = &counter, .sleep_ms = 2000 };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GAsyncResult) result = NULL;
  int freed_before = g_atomic_int_get (&results_freed);

  result = run (worker, job_run, &job, NULL, 50);
  g_assert_null (g_task_propagate_pointer (G_TASK (result), &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_TIMED_OUT);
  /* Long before the job itself ends, even on a loaded CI machine. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);

  /* The late result is dropped, not leaked. */
  yado_test_wait_until (g_atomic_int_get (&results_freed) == freed_before + 1, 5000);
  yado_worker_shutdown (worker);
}

static void
test_cancel_returns_at_once (void)
{
  g_autoptr(YadoWorker) worker = yado_worker_new ("test");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  int counter = 0;
  Job slow = { .counter = &counter, .sleep_ms = 2000 };
  Job queued = { .counter = &counter };
  GAsyncResult *first = NULL, *second = NULL;
  g_autoptr(GTask) t1 = g_task_new (NULL, NULL, on_done, &first);
  g_autoptr(GTask) t2 = g_task_new (NULL, cancellable, on_done, &second);

  yado_worker_submit (worker, t1, job_run, &slow, job_free, result_free, 0);
  yado_worker_submit (worker, t2, job_run, &queued, job_free, result_free, 0);
  g_cancellable_cancel (cancellable);
  /* Cancelled while the slow job still runs ahead of it. */
  yado_test_wait_until (second != NULL, 1500);
  g_assert_null (g_task_propagate_pointer (G_TASK (second), &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_CANCELLED);

  /* The cancelled job never ran. */
  yado_test_wait_until (first != NULL, 5000);
  yado_test_wait_until (queued.freed_on != NULL, 5000);
  g_assert_null (queued.ran_on);
  g_free (g_task_propagate_pointer (G_TASK (first), NULL));
  g_object_unref (first);
  g_object_unref (second);
  yado_worker_shutdown (worker);
}

static void
test_submit_after_shutdown (void)
{
  g_autoptr(YadoWorker) worker = yado_worker_new ("test");
  g_autoptr(GError) error = NULL;
  Job job = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  yado_worker_shutdown (worker);
  result = run (worker, job_run, &job, NULL, 0);
  g_assert_null (g_task_propagate_pointer (G_TASK (result), &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
  g_assert_null (job.ran_on);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/worker/runs-off-main-thread", test_runs_off_main_thread);
  g_test_add_func ("/worker/runs-in-order", test_runs_in_order);
  g_test_add_func ("/worker/error-is-reported", test_error_is_reported);
  g_test_add_func ("/worker/timeout-returns-at-once", test_timeout_returns_at_once);
  g_test_add_func ("/worker/cancel-returns-at-once", test_cancel_returns_at_once);
  g_test_add_func ("/worker/submit-after-shutdown", test_submit_after_shutdown);
  return g_test_run ();
}
