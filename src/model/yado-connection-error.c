/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-connection-error.h"
#include "yado-error.h"
#include "yado-ssh.h"
#include "yado-uri.h"

#define SSH_DEFAULT_PORT 22

/* ---- the error domain: a GError that keeps libvirt's message ---- */

typedef struct {
  char *detail;
} YadoConnectionErrorPrivate;

static void
yado_connection_error_private_init (YadoConnectionErrorPrivate *priv)
{
}

static void
yado_connection_error_private_copy (const YadoConnectionErrorPrivate *src,
                                    YadoConnectionErrorPrivate       *dest)
{
  dest->detail = g_strdup (src->detail);
}

static void
yado_connection_error_private_clear (YadoConnectionErrorPrivate *priv)
{
  g_clear_pointer (&priv->detail, g_free);
}

G_DEFINE_EXTENDED_ERROR (YadoConnectionError, yado_connection_error)

/* ---- what libvirt's message tells ---- */

/* libvirt's message holds @needle, and @also when that is set. */
typedef struct {
  YadoConnectionErrorKind kind;
  const char             *needle;
  const char             *also;
} Rule;

/* In order: the first that matches wins. ssh and nc print several of
 * these words in one message, so the specific comes first. */
static const Rule rules[] = {
  /* A changed key fails verification too: before HOST_KEY_UNKNOWN. */
  { YADO_CONNECTION_ERROR_HOST_KEY_CHANGED, "REMOTE HOST IDENTIFICATION HAS CHANGED", NULL },
  /* libssh and libssh2 */
  { YADO_CONNECTION_ERROR_HOST_KEY_CHANGED, "differs from stored identity", NULL },
  { YADO_CONNECTION_ERROR_HOST_KEY_UNKNOWN, "Host key verification failed", NULL },
  { YADO_CONNECTION_ERROR_HOST_KEY_UNKNOWN, "host key for", "was not accepted" },
  /* ssh: "user@host: Permission denied (publickey,password)." */
  { YADO_CONNECTION_ERROR_LOGIN_REFUSED, "Permission denied (", NULL },
  { YADO_CONNECTION_ERROR_LOGIN_REFUSED, "methods with credentials were rejected", NULL },
  /* The remote shell: dash "sh: 1: nc: not found", bash "... command not
   * found"; libssh only has the shell's status. */
  { YADO_CONNECTION_ERROR_NO_PROGRAM, ": not found", NULL },
  { YADO_CONNECTION_ERROR_NO_PROGRAM, "command not found", NULL },
  { YADO_CONNECTION_ERROR_NO_PROGRAM, "terminated with non-zero code: 127", NULL },
  /* libvirt's unix socket: here, or there through virt-ssh-helper or nc.
   * A daemon that died leaves its socket: "Connection refused". */
  { YADO_CONNECTION_ERROR_SOCKET_DENIED, "Failed to connect socket to", "Permission denied" },
  { YADO_CONNECTION_ERROR_SOCKET_DENIED, "nc: /", "Permission denied" },
  { YADO_CONNECTION_ERROR_NO_DAEMON, "Failed to connect socket to", "No such file or directory" },
  { YADO_CONNECTION_ERROR_NO_DAEMON, "Failed to connect socket to", "Connection refused" },
  { YADO_CONNECTION_ERROR_NO_DAEMON, "nc: /", "No such file or directory" },
  { YADO_CONNECTION_ERROR_NO_DAEMON, "nc: /", "Connection refused" },
  /* ssh, and libvirt's own resolver (libssh, libssh2, tcp, tls) */
  { YADO_CONNECTION_ERROR_UNKNOWN_HOST, "Could not resolve hostname", NULL },
  { YADO_CONNECTION_ERROR_UNKNOWN_HOST, "Unable to resolve address", NULL },
  /* ssh's ConnectTimeout: "Connection timed out during banner exchange" */
  { YADO_CONNECTION_ERROR_UNREACHABLE, "timed out", NULL },
  { YADO_CONNECTION_ERROR_UNREACHABLE, "No route to host", NULL },
  { YADO_CONNECTION_ERROR_UNREACHABLE, "Network is unreachable", NULL },
  { YADO_CONNECTION_ERROR_REFUSED, "Connection refused", NULL },
  /* ssh got no SSH greeting: "Connection closed by remote host", "read:
   * Connection reset by peer", "banner line contains invalid characters" */
  { YADO_CONNECTION_ERROR_NOT_SSH, "kex_exchange_identification", NULL },
};

YadoConnectionErrorKind
yado_connection_error_classify (const char *message)
{
  if (message == NULL)
    return YADO_CONNECTION_ERROR_OTHER;
  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    if (strstr (message, rules[i].needle) != NULL &&
        (rules[i].also == NULL || strstr (message, rules[i].also) != NULL))
      return rules[i].kind;
  return YADO_CONNECTION_ERROR_OTHER;
}

/* ---- in words ---- */

/* Where the user tried to go, as the URI says. */
typedef struct {
  char     *host;   /* NULL: this computer */
  char     *user;   /* NULL: not in the URI */
  guint     port;   /* the SSH port, or 0 */
  gboolean  ssh;
} Where;

static void
where_clear (Where *where)
{
  g_clear_pointer (&where->host, g_free);
  g_clear_pointer (&where->user, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Where, where_clear)

static void
where_init (Where *where, const char *uri)
{
  g_autoptr(YadoSshTarget) target = yado_ssh_target_from_uri (uri);

  where->host = yado_uri_get_host (uri);
  where->ssh = target != NULL;
  if (target != NULL)
    {
      where->user = g_steal_pointer (&target->user);
      where->port = target->port != 0 ? target->port : SSH_DEFAULT_PORT;
    }
}

/* The program the remote shell did not find ("nc" of "sh: 1: /usr/bin/nc:
 * not found"), or NULL. */
static char *
missing_program (const char *message)
{
  const char *end = strstr (message, ": not found");
  const char *colon;
  g_autofree char *path = NULL;

  if (end == NULL)
    end = strstr (message, ": command not found");
  if (end == NULL)
    return NULL;
  /* The shell's words before it end with ": ". */
  colon = g_strrstr_len (message, end - message, ": ");
  path = colon != NULL ? g_strndup (colon + 2, end - colon - 2)
                       : g_strndup (message, end - message);
  return g_path_get_basename (path);
}

static char *
explain_missing_program (const Where *where, const char *message)
{
  g_autofree char *program = missing_program (message);

  if (g_strcmp0 (program, "nc") == 0)
    return g_strdup_printf (_("The host “%s” has no nc (netcat), which libvirt runs there "
                              "to reach its daemon. Install netcat on the host."),
                            where->host);
  if (g_strcmp0 (program, "virt-ssh-helper") == 0)
    return g_strdup_printf (_("The host “%s” has no virt-ssh-helper, which libvirt runs "
                              "there to reach its daemon. Is libvirt installed on the "
                              "host?"), where->host);
  return g_strdup_printf (_("The host “%s” could not run the program libvirt needs there "
                            "to reach its daemon. Is libvirt installed on the host?"),
                          where->host);
}

static char *
explain_refused (const Where *where)
{
  if (where->ssh)
    return g_strdup_printf (_("The host “%s” refused the connection on port %u: no SSH "
                              "server listens there. Check the port, and that the SSH "
                              "server is running."), where->host, where->port);
  return g_strdup_printf (_("The host “%s” refused the connection: libvirt does not "
                            "listen there. Check the port, and that the host accepts "
                            "remote connections."), where->host);
}

static char *
explain_login_refused (const Where *where)
{
  if (where->user != NULL)
    return g_strdup_printf (_("The host “%s” did not let “%s” log in: the SSH key or "
                              "password was not accepted. Check the user name, and that "
                              "the key is in the host's authorized_keys."),
                            where->host, where->user);
  return g_strdup_printf (_("The host “%s” did not accept the login: the SSH key or "
                            "password was not accepted. Check the user name, and that the "
                            "key is in the host's authorized_keys."), where->host);
}

static char *
explain_host_key_changed (const Where *where)
{
  g_autofree char *known_as = where->port != SSH_DEFAULT_PORT && where->port != 0
                              ? g_strdup_printf ("[%s]:%u", where->host, where->port)
                              : g_strdup (where->host);

  return g_strdup_printf (_("The host key of “%s” has changed: it is not the one this "
                            "computer knows. Someone may be intercepting the connection, "
                            "or the host was reinstalled. If you know why, remove the old "
                            "key (ssh-keygen -R \"%s\") and connect again."),
                          where->host, known_as);
}

static char *
explain_no_daemon (const Where *where)
{
  if (where->host == NULL)
    return g_strdup (_("libvirt is not running on this computer: nothing answers at its "
                       "socket. Start the libvirt daemon (libvirtd, or virtqemud)."));
  return g_strdup_printf (_("libvirt is not running on “%s”: the login worked, but nothing "
                            "answers at libvirt's socket there. Start the libvirt daemon "
                            "on the host (libvirtd, or virtqemud)."), where->host);
}

static char *
explain_socket_denied (const Where *where)
{
  if (where->host == NULL)
    return g_strdup (_("You may not use libvirt on this computer: its socket refused "
                       "access. Join the libvirt group, or use the user session."));
  return g_strdup_printf (_("The user that logs in to “%s” may not use libvirt there: its "
                            "socket refused access. Log in as a member of the libvirt "
                            "group, or as root."), where->host);
}

static char *
explain_kind (YadoConnectionErrorKind kind, const Where *where, const char *message)
{
  switch (kind)
    {
    case YADO_CONNECTION_ERROR_UNKNOWN_HOST:
      return g_strdup_printf (_("Could not find the host “%s”. Check its name, and that "
                                "this computer is on the network."), where->host);
    case YADO_CONNECTION_ERROR_REFUSED:
      return explain_refused (where);
    case YADO_CONNECTION_ERROR_NOT_SSH:
      return g_strdup_printf (_("Something answered on port %u of “%s”, but not an SSH "
                                "server (or it hung up at once). Check the port."),
                              where->port, where->host);
    case YADO_CONNECTION_ERROR_UNREACHABLE:
      return g_strdup_printf (_("Could not reach the host “%s”. Check that it is on, and "
                                "that the network gets there."), where->host);
    case YADO_CONNECTION_ERROR_LOGIN_REFUSED:
      return explain_login_refused (where);
    case YADO_CONNECTION_ERROR_HOST_KEY_CHANGED:
      return explain_host_key_changed (where);
    case YADO_CONNECTION_ERROR_HOST_KEY_UNKNOWN:
      /* Yado asks about an unknown key in its window (yado-askpass): this
       * is the user's no, or a login with nobody to ask. */
      return g_strdup_printf (_("The host key of “%s” is not trusted on this computer, so "
                                "Yado did not connect. Connect again to see the key's "
                                "fingerprint and decide whether to trust it."), where->host);
    case YADO_CONNECTION_ERROR_NO_DAEMON:
      return explain_no_daemon (where);
    case YADO_CONNECTION_ERROR_SOCKET_DENIED:
      return explain_socket_denied (where);
    case YADO_CONNECTION_ERROR_NO_PROGRAM:
      return explain_missing_program (where, message);
    case YADO_CONNECTION_ERROR_OTHER:
    default:
      return NULL;
    }
}

/* Kinds that only make sense on a remote host, or only over SSH. */
static gboolean
kind_fits (YadoConnectionErrorKind kind, const Where *where)
{
  switch (kind)
    {
    case YADO_CONNECTION_ERROR_NO_DAEMON:
    case YADO_CONNECTION_ERROR_SOCKET_DENIED:
      return TRUE;
    case YADO_CONNECTION_ERROR_NOT_SSH:
      return where->ssh;
    default:
      return where->host != NULL;
    }
}

char *
yado_connection_error_explain (const char *uri, const char *message)
{
  YadoConnectionErrorKind kind = yado_connection_error_classify (message);
  g_auto(Where) where = { NULL, };

  if (kind == YADO_CONNECTION_ERROR_OTHER)
    return NULL;
  where_init (&where, uri);
  if (!kind_fits (kind, &where))
    return NULL;
  return explain_kind (kind, &where, message);
}

/* ---- from libvirt's last error ---- */

void
yado_connection_error_set_from_libvirt (GError **error, const char *uri)
{
  /* Read libvirt's error first: anything we call afterwards could reset it. */
  virErrorPtr verr = virGetLastError ();
  g_autofree char *message = g_strdup (verr != NULL ? verr->message : NULL);
  g_autofree char *explanation = yado_connection_error_explain (uri, message);
  GError *new_error;

  if (explanation == NULL)
    {
      yado_error_set_from_libvirt (error, "Could not connect to %s", uri);
      return;
    }
  new_error = g_error_new_literal (YADO_CONNECTION_ERROR,
                                   yado_connection_error_classify (message), explanation);
  yado_connection_error_get_private (new_error)->detail = g_steal_pointer (&message);
  g_propagate_error (error, new_error);
}

const char *
yado_connection_error_get_detail (const GError *error)
{
  YadoConnectionErrorPrivate *priv;

  if (error == NULL || error->domain != YADO_CONNECTION_ERROR)
    return NULL;
  priv = yado_connection_error_get_private (error);
  return priv != NULL ? priv->detail : NULL;
}
