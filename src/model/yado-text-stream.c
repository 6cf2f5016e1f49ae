/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-domain-private.h"
#include "yado-error.h"
#include "yado-text-stream.h"

#define OPEN_TIMEOUT_MS (30 * 1000)
#define RELAY_BUFFER_SIZE 4096

/* ---- the relay: a virStream on one side, a socket on the other ---- */

typedef struct {
  gint         refs;          /* one per relay thread */
  virStreamPtr stream;
  int          fd;            /* the relay's end of the socket pair */
  GMutex       lock;
  gboolean     ended;         /* the stream was finished or aborted */
} Relay;

static void
relay_unref (Relay *relay)
{
  if (!g_atomic_int_dec_and_test (&relay->refs))
    return;
  /* May drop the last reference to the connection, which talks to the
   * daemon: fine, this is a relay thread. */
  virStreamFree (relay->stream);
  close (relay->fd);
  g_mutex_clear (&relay->lock);
  g_free (relay);
}

/* Ends the stream, once, whichever thread gets here first: Finish when
 * the guest side ended cleanly, Abort otherwise. libvirt completes a
 * virStreamRecv blocked in the other thread when the stream closes, and
 * shutting the socket down wakes a read() there: so both threads leave,
 * and the caller's end reads EOF. */
static void
relay_end (Relay *relay, gboolean clean)
{
  gboolean first;

  g_mutex_lock (&relay->lock);
  first = !relay->ended;
  relay->ended = TRUE;
  g_mutex_unlock (&relay->lock);
  if (!first)
    return;
  if (clean)
    virStreamFinish (relay->stream);
  else
    virStreamAbort (relay->stream);
  /* The stream may have gone already (the guest stopped, the connection
   * was lost): nobody wants that error. */
  virResetLastError ();
  shutdown (relay->fd, SHUT_RDWR);
}

/* MSG_NOSIGNAL: a caller that closed its end must not SIGPIPE us. */
static gboolean
send_all_to_socket (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t n = send (fd, data, length, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static gboolean
send_all_to_stream (virStreamPtr stream, const char *data, gsize length)
{
  while (length > 0)
    {
      int n = virStreamSend (stream, data, length);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Guest → caller. virStreamRecv returns 0 at the guest side's clean end,
 * -1 when the stream broke or was aborted. */
static gpointer
relay_from_guest (gpointer data)
{
  Relay *relay = data;
  char buffer[RELAY_BUFFER_SIZE];
  int n;

  while ((n = virStreamRecv (relay->stream, buffer, sizeof buffer)) > 0)
    if (!send_all_to_socket (relay->fd, buffer, (gsize) n))
      break;
  relay_end (relay, n == 0);
  relay_unref (relay);
  return NULL;
}

/* Caller → guest: what the user types. */
static gpointer
relay_to_guest (gpointer data)
{
  Relay *relay = data;
  char buffer[RELAY_BUFFER_SIZE];
  ssize_t n;

  for (;;)
    {
      n = read (relay->fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || !send_all_to_stream (relay->stream, buffer, (gsize) n))
        break;
    }
  relay_end (relay, FALSE);
  relay_unref (relay);
  return NULL;
}

/* Takes @stream and @fd; they are freed when both threads are done. */
static void
relay_start (virStreamPtr stream, int fd)
{
  Relay *relay = g_new0 (Relay, 1);

  relay->refs = 2;
  relay->stream = stream;
  relay->fd = fd;
  g_mutex_init (&relay->lock);
  g_thread_unref (g_thread_new ("yado-text-in", relay_from_guest, relay));
  g_thread_unref (g_thread_new ("yado-text-out", relay_to_guest, relay));
}

/* ---- opening, on the ops worker ---- */

/* The caller's end of the socket pair, as a job result: closed if nobody
 * takes it (the request was cancelled or timed out meanwhile, which ends
 * the relay too). */
static void
fd_box_free (gpointer data)
{
  int *fd = data;

  if (*fd >= 0)
    close (*fd);
  g_free (fd);
}

static int *
relay_console (virStreamPtr stream, const char *name, GError **error)
{
  int fds[2];
  int *box;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
    {
      int saved = errno;

      virStreamAbort (stream);
      virStreamFree (stream);
      g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED,
                   _("Could not open the text console of “%s”: %s"), name, g_strerror (saved));
      return NULL;
    }
  relay_start (stream, fds[1]);
  box = g_new (int, 1);
  *box = fds[0];
  return box;
}

static gpointer
open_job_run (gpointer data, GCancellable *cancellable, GError **error)
{
  YadoDomainJob *job = data;
  virDomainPtr dom = virDomainLookupByUUIDString (job->conn, job->uuid);
  virStreamPtr stream = dom != NULL ? virStreamNew (job->conn, 0) : NULL;
  gboolean opened = stream != NULL
    && virDomainOpenConsole (dom, job->device_name, stream, VIR_DOMAIN_CONSOLE_FORCE) == 0;

  if (!opened)
    yado_error_set_from_libvirt (error, _("Could not open the text console of “%s”"), job->name);
  if (dom != NULL)
    virDomainFree (dom);
  if (opened)
    return relay_console (stream, job->name, error);
  if (stream != NULL)
    virStreamFree (stream);
  return NULL;
}

void
yado_domain_open_text_console_async (YadoDomain         *self,
                                     const char         *alias,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  YadoDomainJob *job = g_new0 (YadoDomainJob, 1);

  g_task_set_source_tag (task, yado_domain_open_text_console_async);
  job->device_name = g_strdup (alias);
  yado_domain_submit_job (self, task, open_job_run, job, fd_box_free, OPEN_TIMEOUT_MS,
                          _("open the text console of"));
}

int
yado_domain_open_text_console_finish (YadoDomain *self, GAsyncResult *result, GError **error)
{
  int *box;
  int fd;

  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  box = g_task_propagate_pointer (G_TASK (result), error);
  if (box == NULL)
    return -1;
  fd = *box;
  *box = -1;
  fd_box_free (box);
  return fd;
}

int
yado_domain_open_text_console_sync (YadoDomain   *self,
                                    const char   *alias,
                                    GCancellable *cancellable,
                                    GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yado_domain_open_text_console_async (self, alias, cancellable, yado_sync_result_cb, &slot);
  result = yado_sync_result_wait (&slot);
  return yado_domain_open_text_console_finish (self, result, error);
}
