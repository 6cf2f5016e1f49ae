/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "yado-error.h"
#include "yado-ssh.h"
#include "yado-ssh-control.h"

/* How long ssh may take to open a tunnel: a login when the shared one is
 * gone (ConnectTimeout below), then the channel. */
#define TUNNEL_TIMEOUT_US (20 * G_USEC_PER_SEC)
#define CONNECT_TIMEOUT_S 10
/* How often the tunnel's log is read while waiting for it. */
#define POLL_US (10 * 1000)
/* What the tunnel's log may hold that we read. */
#define LOG_MAX 65536
/* At LogLevel DEBUG1, what ssh's multiplexing client prints once the
 * master has the channel open (OpenSSH's mux.c; it fails at once with a
 * message when the channel is refused). */
#define OPEN_MARKER "master session id"

/* ---- URIs ---- */

typedef struct {
  char       *transport;  /* "ssh" of "qemu+ssh", or NULL */
  char       *user;
  char       *host;
  int         port;       /* -1: none */
  GHashTable *params;     /* decoded query parameters, or NULL */
} SshUri;

static void
ssh_uri_clear (SshUri *parts)
{
  g_clear_pointer (&parts->transport, g_free);
  g_clear_pointer (&parts->user, g_free);
  g_clear_pointer (&parts->host, g_free);
  g_clear_pointer (&parts->params, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SshUri, ssh_uri_clear)

static gboolean
ssh_uri_init (SshUri *parts, const char *uri)
{
  g_autofree char *scheme = NULL;
  g_autofree char *query = NULL;
  const char *plus;

  memset (parts, 0, sizeof *parts);
  parts->port = -1;
  if (uri == NULL ||
      !g_uri_split (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED_QUERY, &scheme,
                    &parts->user, &parts->host, &parts->port, NULL, &query, NULL, NULL))
    return FALSE;
  plus = scheme != NULL ? strchr (scheme, '+') : NULL;
  if (plus != NULL)
    parts->transport = g_ascii_strdown (plus + 1, -1);
  if (query != NULL)
    /* libvirt reads parameter names without regard to case. */
    parts->params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_CASE_INSENSITIVE, NULL);
  if (parts->host != NULL && *parts->host == '\0')
    g_clear_pointer (&parts->host, g_free);
  if (parts->user != NULL && *parts->user == '\0')
    g_clear_pointer (&parts->user, g_free);
  return TRUE;
}

static const char *
ssh_uri_param (const SshUri *parts, const char *name)
{
  return parts->params != NULL ? g_hash_table_lookup (parts->params, name) : NULL;
}

static gboolean
transport_is_ssh (const char *transport)
{
  return g_strcmp0 (transport, "ssh") == 0 || g_strcmp0 (transport, "libssh") == 0 ||
         g_strcmp0 (transport, "libssh2") == 0;
}

gboolean
yado_ssh_uri_is_ssh (const char *uri)
{
  g_auto(SshUri) parts = { NULL, };

  return ssh_uri_init (&parts, uri) && transport_is_ssh (parts.transport);
}

YadoSshTarget *
yado_ssh_target_from_uri (const char *uri)
{
  g_auto(SshUri) parts = { NULL, };
  YadoSshTarget *target;

  if (!ssh_uri_init (&parts, uri) || !transport_is_ssh (parts.transport) || parts.host == NULL)
    return NULL;
  target = g_new0 (YadoSshTarget, 1);
  target->user = g_steal_pointer (&parts.user);
  target->host = g_steal_pointer (&parts.host);
  target->port = parts.port > 0 ? (guint) parts.port : 0;
  target->keyfile = g_strdup (ssh_uri_param (&parts, "keyfile"));
  return target;
}

void
yado_ssh_target_free (YadoSshTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->user);
  g_free (target->host);
  g_free (target->keyfile);
  g_free (target);
}

char *
yado_ssh_uri_with_command (const char *uri, const char *helper)
{
  g_auto(SshUri) parts = { NULL, };
  g_autofree char *escaped = NULL;

  /* Only OpenSSH's transport runs a command; a fragment would end up
   * after the parameter we add. */
  if (helper == NULL || !ssh_uri_init (&parts, uri) ||
      g_strcmp0 (parts.transport, "ssh") != 0 || ssh_uri_param (&parts, "command") != NULL ||
      strchr (uri, '#') != NULL)
    return g_strdup (uri);
  escaped = g_uri_escape_string (helper, "/", FALSE);
  return g_strconcat (uri, strchr (uri, '?') != NULL ? "&" : "?", "command=", escaped, NULL);
}

static char *
executable_or_null (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (path) : NULL;
}

char *
yado_ssh_find_helper (void)
{
  char *installed = executable_or_null (YADO_SSH_HELPER);

  return installed != NULL ? installed : executable_or_null (YADO_BUILD_SSH_HELPER);
}

/* ---- tunnels ---- */

static void
add_args (GPtrArray *argv, const char *first, ...) G_GNUC_NULL_TERMINATED;

static void
add_args (GPtrArray *argv, const char *first, ...)
{
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
}

/* The login options, as libvirt gives them to its own ssh: the same
 * user, host and port make the same %C, so the same shared connection. */
static void
add_login_args (GPtrArray *argv, const YadoSshTarget *target)
{
  if (target->port != 0)
    {
      g_autofree char *port = g_strdup_printf ("%u", target->port);

      add_args (argv, "-p", port, NULL);
    }
  if (target->user != NULL)
    add_args (argv, "-l", target->user, NULL);
  if (target->keyfile != NULL)
    add_args (argv, "-i", target->keyfile, NULL);
}

/* Newer nc shuts the socket down at the end of its input (-N), which ends
 * the session when the viewer closes; older ones have no -N but do not
 * need it. */
static char *
remote_nc_command (const char *socket_path)
{
  g_autofree char *quoted = g_shell_quote (socket_path);

  return g_strdup_printf ("nc -N -U %s 2>/dev/null || exec nc -U %s", quoted, quoted);
}

GStrv
yado_ssh_tunnel_argv (const YadoSshTarget *target, const char *control_dir,
                      const char *dest_host, guint dest_port, const char *dest_socket)
{
  GPtrArray *argv = g_ptr_array_new ();
  g_autofree char *connect_timeout = g_strdup_printf ("ConnectTimeout=%d", CONNECT_TIMEOUT_S);

  g_ptr_array_add (argv, g_strdup ("ssh"));
  add_login_args (argv, target);
  /* BatchMode: never a prompt (there is no terminal); the shared
   * connection is already logged in. Host keys are checked as always. */
  add_args (argv, "-T", "-e", "none", "-o", "BatchMode=yes", "-o", connect_timeout,
            "-o", "LogLevel=DEBUG1", NULL);
  yado_ssh_control_add_options (argv, control_dir);
  if (dest_socket == NULL)
    {
      gboolean ipv6 = strchr (dest_host, ':') != NULL;

      g_ptr_array_add (argv, g_strdup ("-W"));
      g_ptr_array_add (argv, g_strdup_printf (ipv6 ? "[%s]:%u" : "%s:%u", dest_host, dest_port));
    }
  add_args (argv, "--", target->host, NULL);
  if (dest_socket != NULL)
    g_ptr_array_add (argv, remote_nc_command (dest_socket));
  g_ptr_array_add (argv, NULL);
  return (GStrv) g_ptr_array_free (argv, FALSE);
}

/* ssh's stderr goes to an unlinked file rather than a pipe: ssh may write
 * to it for as long as it runs, and no one has to keep reading. */
static int
open_log_file (GError **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("yado-ssh-XXXXXX", &path, error);

  if (fd >= 0)
    g_unlink (path);
  return fd;
}

static char *
read_log (int log_fd)
{
  char *text = g_malloc (LOG_MAX + 1);
  ssize_t n = pread (log_fd, text, LOG_MAX, 0);

  text[MAX (n, 0)] = '\0';
  return text;
}

static gboolean
log_says_open (int log_fd)
{
  g_autofree char *text = read_log (log_fd);

  return strstr (text, OPEN_MARKER) != NULL;
}

/* The last line that ssh meant for people (not a debug line). */
static char *
last_message (int log_fd)
{
  g_autofree char *text = read_log (log_fd);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0' && !g_str_has_prefix (line, "debug"))
        return g_strdup (line);
    }
  return NULL;
}

static GSubprocess *
spawn_ssh (GStrv argv, int ssh_end, int log_fd, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  /* The launcher closes these in this process once ssh has them. */
  g_subprocess_launcher_take_stdin_fd (launcher, ssh_end);
  g_subprocess_launcher_take_stdout_fd (launcher, fcntl (ssh_end, F_DUPFD_CLOEXEC, 3));
  g_subprocess_launcher_take_stderr_fd (launcher, fcntl (log_fd, F_DUPFD_CLOEXEC, 3));
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, error);
}

typedef struct {
  gboolean done;    /* the wait returned */
  gboolean exited;  /* ... because ssh exited */
} SshWait;

static void
on_ssh_waited (GObject *source, GAsyncResult *result, gpointer data)
{
  SshWait *wait = data;

  wait->exited = g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  wait->done = TRUE;
}

static char *
explain_failure (GSubprocess *ssh, int log_fd, gboolean exited)
{
  char *message;

  if (!exited)
    return g_strdup_printf ("ssh did not open it within %d s",
                            (int) (TUNNEL_TIMEOUT_US / G_USEC_PER_SEC));
  message = last_message (log_fd);
  if (message != NULL)
    return message;
  return g_strdup_printf ("ssh exited with status %d", g_subprocess_get_exit_status (ssh));
}

/* ssh says nothing when a tunnel is up but its debug line (OPEN_MARKER),
 * and has no other way to tell: read its log until the line is there, ssh
 * exits, or time runs out. On failure, @reason says why. */
static gboolean
wait_until_open (GSubprocess *ssh, int log_fd, GCancellable *cancellable, char **reason)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  gint64 deadline = g_get_monotonic_time () + TUNNEL_TIMEOUT_US;
  SshWait wait = { FALSE, FALSE };
  gboolean open = FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (ssh, stop, on_ssh_waited, &wait);
  while (!(open = log_says_open (log_fd)) && !wait.done &&
         !g_cancellable_is_cancelled (cancellable) && g_get_monotonic_time () < deadline)
    {
      g_usleep (POLL_US);
      while (g_main_context_iteration (context, FALSE))
        ;
    }
  if (!open)
    {
      if (!wait.done)
        g_subprocess_force_exit (ssh);
      *reason = g_cancellable_is_cancelled (cancellable) ? g_strdup ("cancelled")
                                                         : explain_failure (ssh, log_fd, wait.exited);
    }
  /* The wait must end before @wait goes; ssh goes on being reaped by
   * GSubprocess when it exits. */
  g_cancellable_cancel (stop);
  while (!wait.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  return open;
}

static int
tunnel_failed (const YadoSshTarget *target, const char *reason, GError **error)
{
  g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED, "the SSH tunnel to %s failed: %s",
               target->host, reason);
  return -1;
}

int
yado_ssh_open_tunnel (const YadoSshTarget *target, const char *dest_host, guint dest_port,
                      const char *dest_socket, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *dir = yado_ssh_control_dir (&local);
  g_autofree char *reason = NULL;
  g_autoptr(GSubprocess) ssh = NULL;
  g_auto(GStrv) argv = NULL;
  int sv[2], log_fd;
  gboolean open;

  if (dir == NULL)
    return tunnel_failed (target, local->message, error);
  log_fd = open_log_file (&local);
  if (log_fd < 0)
    return tunnel_failed (target, local->message, error);
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    {
      close (log_fd);
      return tunnel_failed (target, g_strerror (errno), error);
    }
  argv = yado_ssh_tunnel_argv (target, dir, dest_host, dest_port, dest_socket);
  ssh = spawn_ssh (argv, sv[1], log_fd, &local);
  open = ssh != NULL && wait_until_open (ssh, log_fd, cancellable, &reason);
  close (log_fd);
  if (!open)
    {
      close (sv[0]);
      return tunnel_failed (target, ssh == NULL ? local->message : reason, error);
    }
  return sv[0];
}
