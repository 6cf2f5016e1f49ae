/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * yado-askpass: the SSH_ASKPASS of the ssh that libvirt runs for Yado
 * (yado-ssh sets it up). ssh runs it with the question as its argument
 * whenever it must ask something (a password, a key's passphrase, whether
 * to trust an unknown host key) and reads the answer from its stdout.
 * It passes the question to the Yado that runs ssh, over the socket
 * yado-ssh named in YADO_ASKPASS_SOCKET, and waits; Yado shows it in its
 * window (protocol: yado-askpass-protocol.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>

#include "yado-askpass-protocol.h"
#include "yado-secret.h"

static int
connect_to (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof addr.sun_path)
    return -1;
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static void
add_field (GString *request, const char *value)
{
  g_string_append (request, value ? value : "");
  g_string_append_c (request, '\0');
}

/* The answer, or NULL when there is none. */
static char *
read_answer (int fd)
{
  GString *reply = g_string_new (NULL);
  char buf[1024];
  ssize_t n;

  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || reply->len > YADO_ASKPASS_MAX_REQUEST)
        break;
      g_string_append_len (reply, buf, n);
    }
  explicit_bzero (buf, sizeof buf);
  if (n != 0 || reply->len == 0 || reply->str[0] != YADO_ASKPASS_ANSWER)
    {
      yado_secret_free (g_string_free (reply, FALSE));
      return NULL;
    }
  g_string_erase (reply, 0, 1);
  return g_string_free (reply, FALSE);
}

int
main (int argc, char **argv)
{
  const char *socket_path = g_getenv ("YADO_ASKPASS_SOCKET");
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) getppid ());
  char *answer;
  int fd;

  if (socket_path == NULL || (fd = connect_to (socket_path)) < 0)
    {
      fprintf (stderr, "yado-askpass: Yado is not there to ask\n");
      return 1;
    }
  add_field (request, YADO_ASKPASS_MAGIC);
  add_field (request, g_getenv ("YADO_ASKPASS_LOGIN"));
  add_field (request, g_getenv ("SSH_ASKPASS_PROMPT"));
  add_field (request, pid); /* ssh, our parent */
  add_field (request, argc > 1 ? argv[1] : "");
  if (!write_all (fd, request->str, request->len) || shutdown (fd, SHUT_WR) < 0)
    {
      close (fd);
      return 1;
    }
  answer = read_answer (fd);
  close (fd);
  if (answer == NULL)
    return 1;
  printf ("%s\n", answer);
  fflush (stdout);
  yado_secret_free (answer);
  return 0;
}
