/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * YadoWorker: a serial job queue on its own thread.
 *
 * Every libvirt call that can block goes through a worker, so the GTK main
 * thread never waits on libvirt. A job takes immutable input (@job_data),
 * runs on the worker thread and returns a plain result; the result reaches
 * the caller through a GTask, on the main context the task was made in.
 *
 * A job that does not finish within its time-out, or whose cancellable is
 * cancelled, completes at once with YADO_ERROR_TIMED_OUT or
 * YADO_ERROR_CANCELLED; the libvirt call cannot be interrupted, so it goes
 * on in the worker and its late result is dropped.
 *
 * The worker thread is never joined from the main thread: a worker stuck in
 * a hung call is detached and exits when the call returns.
 */
typedef struct _YadoWorker YadoWorker;

/* Runs on the worker thread. Returns the result (owned by the task
 * afterwards) or NULL with @error set. A job with no result returns
 * GINT_TO_POINTER (1). */
typedef gpointer (*YadoJobFunc) (gpointer      job_data,
                                 GCancellable *cancellable,
                                 GError      **error);

YadoWorker *yado_worker_new     (const char *name);
YadoWorker *yado_worker_ref     (YadoWorker *worker);
void        yado_worker_unref   (YadoWorker *worker);
/* Stops taking jobs; queued jobs complete as cancelled. The thread exits
 * after the job it runs now, if any. Does not block. */
void        yado_worker_shutdown (YadoWorker *worker);

/*
 * Queues @func. @task gets its result: use g_task_propagate_pointer() in
 * the finish function. @job_data_free runs on the worker thread (so it may
 * drop the last reference of a virConnectPtr, which talks to the daemon),
 * @result_free frees a result nobody will take. @timeout_ms 0 means none.
 */
void        yado_worker_submit  (YadoWorker    *worker,
                                 GTask         *task,
                                 YadoJobFunc    func,
                                 gpointer       job_data,
                                 GDestroyNotify job_data_free,
                                 GDestroyNotify result_free,
                                 guint          timeout_ms);

/* Queues a job whose only work is @free_func (@data) on the worker thread:
 * for things whose release talks to a host (a libvirt connection), or that
 * only the worker may touch. */
void        yado_worker_free_on_thread (YadoWorker    *worker,
                                        gpointer       data,
                                        GDestroyNotify free_func);

/* How many jobs are queued or running (for tests and diagnostics). */
guint       yado_worker_get_pending (YadoWorker *worker);

/* For the synchronous twins of *_async calls (tests only): pass
 * yado_sync_result_cb with a pointer to a NULL GAsyncResult *, then
 * yado_sync_result_wait() iterates the thread-default main context until the
 * result is there and returns it (a new reference). */
void          yado_sync_result_cb   (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      slot);
GAsyncResult *yado_sync_result_wait (GAsyncResult **slot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoWorker, yado_worker_unref)

G_END_DECLS
