/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include <gio/gio.h>

#include "yado-test-http.h"

struct _YadoTestHttp {
  GThreadedSocketService *service;
  guint16                 port;
  char                   *root;
  char                   *hold_suffix;
  GMutex                  lock;
  GCond                   released_cond;
  gboolean                released;
  guint                   requests;
  guint                   held;
  int                     running;   /* handlers still running */
};

static void
reply (GOutputStream *out, const char *status, const char *body, gsize length)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.0 %s\r\nContent-Length: %" G_GSIZE_FORMAT
                                           "\r\nConnection: close\r\n\r\n", status, length);

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  if (body != NULL)
    g_output_stream_write_all (out, body, length, NULL, NULL, NULL);
}

static void
hold (YadoTestHttp *http)
{
  g_mutex_lock (&http->lock);
  http->held++;
  while (!http->released)
    g_cond_wait (&http->released_cond, &http->lock);
  g_mutex_unlock (&http->lock);
}

static void
answer (YadoTestHttp *http, GSocketConnection *connection)
{
  g_autoptr(GDataInputStream) in
    = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *request = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  g_auto(GStrv) parts = request != NULL ? g_strsplit (g_strchomp (request), " ", 3) : NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  gsize length = 0;

  /* The headers: up to the blank line. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL || g_strchomp (line)[0] == '\0')
        break;
    }
  g_atomic_int_inc (&http->requests);
  if (parts == NULL || g_strv_length (parts) < 2 || strstr (parts[1], "..") != NULL)
    {
      reply (out, "400 Bad Request", NULL, 0);
      return;
    }
  if (http->hold_suffix != NULL && g_str_has_suffix (parts[1], http->hold_suffix))
    {
      hold (http);
      return;
    }
  path = g_build_filename (http->root, parts[1], NULL);
  if (g_file_get_contents (path, &body, &length, NULL))
    reply (out, "200 OK", body, length);
  else
    reply (out, "404 Not Found", "not found", strlen ("not found"));
}

static gboolean
on_run (GThreadedSocketService *service, GSocketConnection *connection, GObject *source,
        gpointer user_data)
{
  YadoTestHttp *http = user_data;

  g_mutex_lock (&http->lock);
  http->running++;
  g_mutex_unlock (&http->lock);
  answer (http, connection);
  /* The test frees @http once every handler is out. */
  g_mutex_lock (&http->lock);
  http->running--;
  g_cond_broadcast (&http->released_cond);
  g_mutex_unlock (&http->lock);
  return TRUE;
}

YadoTestHttp *
yado_test_http_start (const char *root, const char *hold_suffix)
{
  YadoTestHttp *http = g_new0 (YadoTestHttp, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  http->root = g_strdup (root);
  http->hold_suffix = g_strdup (hold_suffix);
  g_mutex_init (&http->lock);
  g_cond_init (&http->released_cond);
  http->service = G_THREADED_SOCKET_SERVICE (g_threaded_socket_service_new (4));
  g_socket_listener_add_address (G_SOCKET_LISTENER (http->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  http->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (http->service, "run", G_CALLBACK (on_run), http);
  g_socket_service_start (G_SOCKET_SERVICE (http->service));
  return http;
}

void
yado_test_http_stop (YadoTestHttp *http)
{
  g_socket_service_stop (G_SOCKET_SERVICE (http->service));
  g_socket_listener_close (G_SOCKET_LISTENER (http->service));
  g_mutex_lock (&http->lock);
  http->released = TRUE;
  g_cond_broadcast (&http->released_cond);
  while (http->running > 0)
    g_cond_wait (&http->released_cond, &http->lock);
  g_mutex_unlock (&http->lock);
  g_object_unref (http->service);
  g_mutex_clear (&http->lock);
  g_cond_clear (&http->released_cond);
  g_free (http->root);
  g_free (http->hold_suffix);
  g_free (http);
}

char *
yado_test_http_url (YadoTestHttp *http, const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", http->port, path);
}

guint
yado_test_http_get_requests (YadoTestHttp *http)
{
  return g_atomic_int_get (&http->requests);
}

guint
yado_test_http_get_held (YadoTestHttp *http)
{
  guint held;

  g_mutex_lock (&http->lock);
  held = http->held;
  g_mutex_unlock (&http->lock);
  return held;
}
