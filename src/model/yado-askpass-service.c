/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "yado-askpass-protocol.h"
#include "yado-askpass-service.h"
#include "yado-proc.h"
#include "yado-secret.h"
#include "yado-ssh-control.h"
#include "yado-ssh-prompt.h"

struct _YadoAskpassService {
  GObject          parent_instance;

  char            *path;
  GSocketService  *listener;
  /* ssh pid -> the last prompt it asked: the same prompt again means the
   * answer was refused. */
  GHashTable      *last_prompts;
};

G_DEFINE_FINAL_TYPE (YadoAskpassService, yado_askpass_service, G_TYPE_OBJECT)

enum { SIGNAL_REQUEST, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The default service; not a reference (it goes with its last user). */
static YadoAskpassService *default_service;

/* One question, from the moment it is read until its answer is sent. */
typedef struct {
  YadoAskpassService *service;
  GSocketConnection  *connection;
  GByteArray         *data;
  GPid                ssh_pid;
  guint8              buffer[4096];
} Question;

static void
question_free (Question *question)
{
  g_object_unref (question->service);
  g_object_unref (question->connection);
  if (question->data != NULL)
    g_byte_array_unref (question->data);
  g_free (question);
}

/* ---- the answer ---- */

static void
on_reply_written (GObject *source, GAsyncResult *result, gpointer data)
{
  Question *question = data;
  GBytes *reply = g_object_get_data (G_OBJECT (question->connection), "yado-reply");

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  if (reply != NULL)
    explicit_bzero ((void *) g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  g_io_stream_close (G_IO_STREAM (question->connection), NULL, NULL);
  question_free (question);
}

static void
send_reply (Question *question, gboolean ok, const char *answer)
{
  GString *reply = g_string_new (NULL);
  GBytes *bytes;

  g_string_append_c (reply, ok ? YADO_ASKPASS_ANSWER : YADO_ASKPASS_NO_ANSWER);
  if (ok && answer != NULL)
    g_string_append (reply, answer);
  bytes = g_string_free_to_bytes (reply);
  /* Kept with the connection until written, then wiped. */
  g_object_set_data_full (G_OBJECT (question->connection), "yado-reply", bytes,
                          (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (question->connection)),
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, NULL, on_reply_written, question);
}

/* Whether @pid is an ssh this process started (libvirt forks it here). */
static gboolean
is_our_child (GPid pid)
{
  g_autofree char *name = g_strdup_printf ("%d", (int) pid);
  int ppid = 0;

  return pid > 0 && yado_proc_get_parent (name, &ppid, NULL) && ppid == getpid ();
}

static void
on_request_done (YadoAuthRequest *request, gboolean ok, gpointer data)
{
  Question *question = data;

  if (yado_auth_request_get_kind (request) == YADO_AUTH_HOST_KEY)
    {
      /* ssh writes the key to known_hosts itself, as it always does. */
      send_reply (question, TRUE, ok ? YADO_SSH_PROMPT_TRUST : YADO_SSH_PROMPT_DECLINE);
      return;
    }
  if (ok)
    {
      const char *answer = yado_auth_request_get_prompt (request, 0)->result;

      send_reply (question, TRUE, answer ? answer : "");
      return;
    }
  /* Cancelled: without this, ssh would ask again, and again. */
  if (is_our_child (question->ssh_pid))
    kill (question->ssh_pid, SIGTERM);
  send_reply (question, FALSE, NULL);
}

/* ---- the question ---- */

static void
forget_gone_ssh (YadoAskpassService *self)
{
  GHashTableIter iter;
  gpointer pid;

  g_hash_table_iter_init (&iter, self->last_prompts);
  while (g_hash_table_iter_next (&iter, &pid, NULL))
    if (kill (GPOINTER_TO_INT (pid), 0) < 0 && errno == ESRCH)
      g_hash_table_iter_remove (&iter);
}

/* TRUE when ssh @pid asked @prompt just before (and remembers it). */
static gboolean
is_asked_again (YadoAskpassService *self, GPid pid, const char *prompt)
{
  const char *last = g_hash_table_lookup (self->last_prompts, GINT_TO_POINTER (pid));
  gboolean again = g_strcmp0 (last, prompt) == 0;

  forget_gone_ssh (self);
  g_hash_table_insert (self->last_prompts, GINT_TO_POINTER (pid), g_strdup (prompt));
  return again;
}

static void
ask (Question *question, char **fields)
{
  YadoAskpassService *self = question->service;
  g_autoptr(YadoAuthRequest) request = NULL;
  gboolean taken = FALSE;

  question->ssh_pid = (GPid) g_ascii_strtoll (fields[3], NULL, 10);
  request = yado_ssh_prompt_to_request (fields[1], fields[2], fields[4]);
  if (request == NULL)
    {
      /* A notice: nothing to answer. */
      send_reply (question, TRUE, "");
      return;
    }
  yado_auth_request_set_retry (request, is_asked_again (self, question->ssh_pid, fields[4]));
  yado_auth_request_add_done_func (request, on_request_done, question);
  g_signal_emit (self, signals[SIGNAL_REQUEST], 0, request, &taken);
  if (!taken)
    yado_auth_request_complete (request, FALSE);
}

/* The fields of a complete question, or NULL when it is not one. */
static char **
split_question (GByteArray *data)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  for (gsize i = 0; i < data->len; i++)
    if (data->data[i] == '\0')
      {
        g_ptr_array_add (fields, g_strndup ((char *) data->data + start, i - start));
        start = i + 1;
      }
  if (fields->len != YADO_ASKPASS_N_FIELDS || start != data->len ||
      !g_str_equal (g_ptr_array_index (fields, 0), YADO_ASKPASS_MAGIC))
    return NULL;
  g_ptr_array_add (fields, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
}

static void read_more (Question *question);

static void
on_read (GObject *source, GAsyncResult *result, gpointer data)
{
  Question *question = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  g_auto(GStrv) fields = NULL;

  if (n > 0 && question->data->len + n <= YADO_ASKPASS_MAX_REQUEST)
    {
      g_byte_array_append (question->data, question->buffer, n);
      read_more (question);
      return;
    }
  if (n == 0 && (fields = split_question (question->data)) != NULL)
    {
      ask (question, fields);
      return;
    }
  g_warning ("An askpass question was not understood; declined");
  send_reply (question, FALSE, NULL);
}

static void
read_more (Question *question)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (question->connection)),
                             question->buffer, sizeof question->buffer, G_PRIORITY_DEFAULT,
                             NULL, on_read, question);
}

/* Only our own user's processes may ask (the directory is private too). */
static gboolean
is_from_our_user (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GCredentials) credentials = g_socket_get_credentials (socket, NULL);

  return credentials != NULL && g_credentials_get_unix_user (credentials, NULL) == getuid ();
}

static gboolean
on_incoming (GSocketService *listener, GSocketConnection *connection, GObject *source,
             gpointer data)
{
  YadoAskpassService *self = data;
  Question *question;

  if (!is_from_our_user (connection))
    return TRUE; /* dropped: closed with its last reference */
  question = g_new0 (Question, 1);
  question->service = g_object_ref (self);
  question->connection = g_object_ref (connection);
  question->data = g_byte_array_new ();
  read_more (question);
  return TRUE;
}

/* ---- the service ---- */

static void
yado_askpass_service_finalize (GObject *object)
{
  YadoAskpassService *self = YADO_ASKPASS_SERVICE (object);

  if (default_service == self)
    default_service = NULL;
  if (self->listener != NULL)
    {
      g_socket_service_stop (self->listener);
      g_socket_listener_close (G_SOCKET_LISTENER (self->listener));
      g_object_unref (self->listener);
    }
  if (self->path != NULL)
    g_unlink (self->path);
  g_free (self->path);
  g_hash_table_unref (self->last_prompts);
  G_OBJECT_CLASS (yado_askpass_service_parent_class)->finalize (object);
}

static void
yado_askpass_service_class_init (YadoAskpassServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yado_askpass_service_finalize;
  signals[SIGNAL_REQUEST] = g_signal_new ("request", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0,
                                          g_signal_accumulator_true_handled, NULL, NULL,
                                          G_TYPE_BOOLEAN, 1, YADO_TYPE_AUTH_REQUEST);
}

static void
yado_askpass_service_init (YadoAskpassService *self)
{
  self->last_prompts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

/* Sockets of Yado processes that ended without removing theirs (killed,
 * crashed): nothing will ever answer there. */
static void
remove_stale_sockets (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      long pid;

      if (!g_str_has_prefix (name, "askpass-"))
        continue;
      pid = strtol (name + strlen ("askpass-"), NULL, 10);
      if (pid <= 0 || !(kill ((pid_t) pid, 0) < 0 && errno == ESRCH))
        continue;
      path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

static gboolean
start_listening (YadoAskpassService *self, GError **error)
{
  g_autofree char *dir = yado_ssh_control_dir (error);
  g_autoptr(GSocketAddress) address = NULL;

  if (dir == NULL)
    return FALSE;
  remove_stale_sockets (dir);
  self->path = yado_ssh_control_askpass_socket (dir, getpid ());
  /* Left by an earlier process with our pid: that one is gone. */
  g_unlink (self->path);
  address = g_unix_socket_address_new (self->path);
  self->listener = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->listener), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, NULL, error))
    return FALSE;
  g_signal_connect (self->listener, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->listener);
  return TRUE;
}

YadoAskpassService *
yado_askpass_service_get_default (GError **error)
{
  g_autoptr(YadoAskpassService) self = NULL;

  if (default_service != NULL)
    return g_object_ref (default_service);
  self = g_object_new (YADO_TYPE_ASKPASS_SERVICE, NULL);
  if (!start_listening (self, error))
    return NULL;
  default_service = self;
  return g_steal_pointer (&self);
}

const char *
yado_askpass_service_get_path (YadoAskpassService *self)
{
  return self->path;
}
