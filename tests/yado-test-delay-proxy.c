/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A TCP proxy that delays every chunk (tests/yado-test-delay-proxy.h).
 *
 * Threads and blocking GIO sockets: an acceptor, and per connection (a
 * "link") two directions of two threads each. A direction's reader reads
 * what comes, stamps it "due at now + delay" and queues it at once, so
 * reading never waits for writing; its writer takes chunks in order,
 * sleeps until each is due and writes it. The end of a stream is a chunk too (delayed like
 * the data, then a half close), so a FIN keeps its place. A writer whose
 * peer is gone shuts its reader's side, which ends that direction.
 */
#include "yado-test-delay-proxy.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include <gio/gio.h>

#define CHUNK_SIZE 65536

typedef struct {
  gint64 due_us;
  gsize  len;      /* 0: the end of the stream */
  guint8 data[];
} Chunk;

/* GIO allows one thread to read a connection while another writes it. */
typedef struct {
  gint64         delay_us;
  GSocket       *from;
  GInputStream  *in;    /* from's */
  GSocket       *to;
  GOutputStream *out;   /* to's */
  GAsyncQueue   *queue;
  GThread       *reader;
  GThread       *writer;
} Direction;

typedef struct {
  GSocketConnection *client;
  GSocketConnection *server;
  Direction          up;    /* client to server */
  Direction          down;  /* server to client */
} Link;

struct _YadoTestDelayProxy {
  GSocket        *listener;
  GCancellable   *cancellable;  /* ends accepting */
  GSocketAddress *target;
  guint           port;
  gint64          delay_us;
  GThread        *acceptor;
  GMutex          lock;
  GPtrArray      *links;        /* Link *, under lock */
};

/* ---- one direction ---- */

static gpointer
read_side (gpointer data)
{
  Direction *d = data;
  guint8 buffer[CHUNK_SIZE];

  for (;;)
    {
      gssize n = g_input_stream_read (d->in, buffer, sizeof buffer, NULL, NULL);
      Chunk *chunk = g_malloc (sizeof *chunk + MAX (n, 0));

      chunk->due_us = g_get_monotonic_time () + d->delay_us;
      chunk->len = MAX (n, 0);
      memcpy (chunk->data, buffer, chunk->len);
      g_async_queue_push (d->queue, chunk);
      if (n <= 0)
        return NULL;
    }
}

static gpointer
write_side (gpointer data)
{
  Direction *d = data;
  gboolean broken = FALSE;

  for (;;)
    {
      g_autofree Chunk *chunk = g_async_queue_pop (d->queue);
      gint64 wait_us = chunk->due_us - g_get_monotonic_time ();

      if (wait_us > 0)
        g_usleep (wait_us);
      if (chunk->len == 0)
        {
          g_socket_shutdown (d->to, FALSE, TRUE, NULL);
          return NULL;
        }
      if (!broken && !g_output_stream_write_all (d->out, chunk->data, chunk->len, NULL, NULL,
                                                 NULL))
        {
          /* Nobody takes what comes from the other side any more. */
          broken = TRUE;
          g_socket_shutdown (d->from, TRUE, FALSE, NULL);
        }
    }
}

static void
direction_start (Direction *d, GSocketConnection *from, GSocketConnection *to, gint64 delay_us)
{
  d->from = g_socket_connection_get_socket (from);
  d->in = g_io_stream_get_input_stream (G_IO_STREAM (from));
  d->to = g_socket_connection_get_socket (to);
  d->out = g_io_stream_get_output_stream (G_IO_STREAM (to));
  d->delay_us = delay_us;
  d->queue = g_async_queue_new ();
  d->reader = g_thread_new ("delay-proxy-read", read_side, d);
  d->writer = g_thread_new ("delay-proxy-write", write_side, d);
}

static void
direction_join (Direction *d)
{
  g_thread_join (d->reader);
  g_thread_join (d->writer);
  g_async_queue_unref (d->queue);
}

/* ---- links ---- */

static GSocketConnection *
connection_for (GSocket *socket)
{
  /* The delay is ours: Nagle's algorithm would add its own. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  return g_socket_connection_factory_create_connection (socket);
}

static Link *
link_start (GSocket *client, GSocket *server, gint64 delay_us)
{
  Link *link = g_new0 (Link, 1);

  link->client = connection_for (client);
  link->server = connection_for (server);
  direction_start (&link->up, link->client, link->server, delay_us);
  direction_start (&link->down, link->server, link->client, delay_us);
  return link;
}

static void
link_stop (gpointer data)
{
  Link *link = data;

  /* Wakes both readers (end of stream); the writers follow. */
  g_socket_shutdown (link->up.from, TRUE, TRUE, NULL);
  g_socket_shutdown (link->down.from, TRUE, TRUE, NULL);
  direction_join (&link->up);
  direction_join (&link->down);
  g_object_unref (link->client);
  g_object_unref (link->server);
  g_free (link);
}

static GSocket *
connect_to_target (YadoTestDelayProxy *self)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  if (socket == NULL || !g_socket_connect (socket, self->target, NULL, NULL))
    return NULL;
  return g_steal_pointer (&socket);
}

static gpointer
accept_links (gpointer data)
{
  YadoTestDelayProxy *self = data;

  for (;;)
    {
      /* Cancelled at free. */
      g_autoptr(GSocket) client = g_socket_accept (self->listener, self->cancellable, NULL);
      g_autoptr(GSocket) server = NULL;

      if (client == NULL)
        {
          if (g_cancellable_is_cancelled (self->cancellable))
            return NULL;
          continue;
        }
      /* A target that is down: refused, at once, as it would be. */
      server = connect_to_target (self);
      if (server == NULL)
        continue;
      g_mutex_lock (&self->lock);
      if (!g_cancellable_is_cancelled (self->cancellable))
        g_ptr_array_add (self->links, link_start (client, server, self->delay_us));
      g_mutex_unlock (&self->lock);
    }
}

/* ---- the proxy ---- */

static gboolean
listen_on_free_port (YadoTestDelayProxy *self, GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, error);
  if (self->listener == NULL || !g_socket_bind (self->listener, any_port, FALSE, error)
      || !g_socket_listen (self->listener, error)
      || (bound = g_socket_get_local_address (self->listener, error)) == NULL)
    {
      g_prefix_error (error, "the delay proxy cannot listen on 127.0.0.1: ");
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

YadoTestDelayProxy *
yado_test_delay_proxy_start (guint target_port, guint delay_ms, GError **error)
{
  YadoTestDelayProxy *self = g_new0 (YadoTestDelayProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  self->target = g_inet_socket_address_new (loopback, target_port);
  self->delay_us = (gint64) delay_ms * 1000;
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->lock);
  self->links = g_ptr_array_new_with_free_func (link_stop);
  if (!listen_on_free_port (self, error))
    {
      yado_test_delay_proxy_free (self);
      return NULL;
    }
  self->acceptor = g_thread_new ("delay-proxy-accept", accept_links, self);
  return self;
}

void
yado_test_delay_proxy_free (YadoTestDelayProxy *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  g_cancellable_cancel (self->cancellable);
  g_mutex_unlock (&self->lock);
  if (self->acceptor != NULL)
    g_thread_join (self->acceptor);
  g_clear_object (&self->listener);
  g_ptr_array_unref (self->links);
  g_mutex_clear (&self->lock);
  g_object_unref (self->cancellable);
  g_object_unref (self->target);
  g_free (self);
}

guint
yado_test_delay_proxy_get_port (YadoTestDelayProxy *self)
{
  return self->port;
}

guint
yado_test_delay_proxy_count_connections (YadoTestDelayProxy *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->links->len;
  g_mutex_unlock (&self->lock);
  return n;
}
