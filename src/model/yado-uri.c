/* SPDX-License-Identifier: GPL-2.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "yado-error.h"
#include "yado-uri.h"

/* A DNS name may be 253 characters long (RFC 1035, without the final dot). */
#define MAX_HOST_NAME_LENGTH 253

typedef struct
{
  const char *scheme;
  const char *path;
} HypervisorUri;

/* libvirt's canonical local URIs, indexed by YadoHypervisor. */
static const HypervisorUri hypervisor_uris[] = {
  [YADO_HYPERVISOR_QEMU_SYSTEM]  = { "qemu", "/system" },
  [YADO_HYPERVISOR_QEMU_SESSION] = { "qemu", "/session" },
  [YADO_HYPERVISOR_LXC]          = { "lxc",  "/system" },
  [YADO_HYPERVISOR_XEN]          = { "xen",  "/system" },
  [YADO_HYPERVISOR_TEST]         = { "test", "/default" },
};

static gboolean
set_invalid_host (const char  *host,
                  GError     **error)
{
  g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
               _("“%s” is not a valid host name."), host);
  return FALSE;
}

static gboolean
is_ipv4_like (const char *host)
{
  return strspn (host, "0123456789.") == strlen (host);
}

/*
 * Checks a DNS name label by label. Underscores are let through because
 * ssh resolves aliases from ~/.ssh/config, where they are common. A label
 * may not start with "-": the host ends up on ssh's command line, where it
 * would be read as an option.
 */
static gboolean
is_valid_host_name (const char *host)
{
  gboolean label_start = TRUE;

  if (strlen (host) > MAX_HOST_NAME_LENGTH)
    return FALSE;

  for (const char *p = host; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (label_start)
            return FALSE;
          label_start = TRUE;
          continue;
        }

      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
      if (label_start && *p == '-')
        return FALSE;
      label_start = FALSE;
    }

  return TRUE;
}

static gboolean
is_valid_host (const char *host)
{
  /* An IPv6 literal is the only host form with a colon in it. */
  if (strchr (host, ':') != NULL)
    return g_hostname_is_ip_address (host);

  /* "300.1.2.3" is neither a valid address nor a name anyone meant. */
  if (is_ipv4_like (host))
    return g_hostname_is_ip_address (host);

  return is_valid_host_name (host);
}

/* Accepts "[::1]" as well as "::1" and returns the bare host. */
static char *
strip_brackets (const char *host)
{
  gsize len = strlen (host);

  if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
    return g_strndup (host + 1, len - 2);

  return g_strdup (host);
}

static gboolean
check_port (guint    port,
            GError **error)
{
  if (port <= 65535)
    return TRUE;

  g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
               _("The port must be a number from 1 to 65535."));
  return FALSE;
}

static void
append_authority (GString    *uri,
                  const char *user,
                  const char *host,
                  guint       port)
{
  if (user != NULL && *user != '\0')
    {
      /* Escape everything but the unreserved characters, so that "@", ":"
       * or "/" in a user name cannot change how the URI is read. */
      g_autofree char *escaped = g_uri_escape_string (user, NULL, FALSE);

      g_string_append_printf (uri, "%s@", escaped);
    }

  if (strchr (host, ':') != NULL)
    g_string_append_printf (uri, "[%s]", host);
  else
    g_string_append (uri, host);

  if (port != 0)
    g_string_append_printf (uri, ":%u", port);
}

char *
yado_uri_build (YadoHypervisor   hypervisor,
                gboolean         remote,
                const char      *user,
                const char      *host,
                guint            port,
                GError         **error)
{
  const HypervisorUri *hv;
  g_autoptr(GString) uri = NULL;
  g_autofree char *bare_host = NULL;

  g_return_val_if_fail ((guint) hypervisor < G_N_ELEMENTS (hypervisor_uris), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hv = &hypervisor_uris[hypervisor];

  if (!remote)
    return g_strconcat (hv->scheme, "://", hv->path, NULL);

  if (host == NULL || *host == '\0')
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                   _("Enter the remote host's name or address."));
      return NULL;
    }

  bare_host = strip_brackets (host);
  if (!is_valid_host (bare_host))
    {
      set_invalid_host (host, error);
      return NULL;
    }

  if (!check_port (port, error))
    return NULL;

  uri = g_string_new (hv->scheme);
  g_string_append (uri, "+ssh://");
  append_authority (uri, user, bare_host, port);
  g_string_append (uri, hv->path);

  return g_string_free (g_steal_pointer (&uri), FALSE);
}

gboolean
yado_uri_parse_port (const char  *text,
                     guint       *port,
                     GError     **error)
{
  guint64 value = 0;

  g_return_val_if_fail (port != NULL, FALSE);

  *port = 0;
  if (text == NULL || *text == '\0')
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                   _("The port must be a number from 1 to 65535."));
      return FALSE;
    }

  *port = (guint) value;
  return TRUE;
}

/* A scheme is a letter, then letters, digits, "+", "-" or "." (RFC 3986). */
static gsize
scheme_length (const char *uri)
{
  gsize i;

  if (!g_ascii_isalpha (uri[0]))
    return 0;

  for (i = 1; uri[i] != '\0'; i++)
    {
      if (!g_ascii_isalnum (uri[i]) && strchr ("+-.", uri[i]) == NULL)
        break;
    }

  return i;
}

static gboolean
has_whitespace (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        return TRUE;
    }

  return FALSE;
}

static gboolean
set_invalid_uri (GError **error)
{
  g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
               _("Enter a URI such as qemu+ssh://user@host/system."));
  return FALSE;
}

/* Which part GLib's parser choked on, in words for the user. */
static gboolean
set_split_error (const char  *uri,
                 const GError *split_error,
                 GError      **error)
{
  if (g_error_matches (split_error, G_URI_ERROR, G_URI_ERROR_BAD_PORT))
    g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                 _("The port must be a number from 1 to 65535."));
  else if (g_error_matches (split_error, G_URI_ERROR, G_URI_ERROR_BAD_HOST))
    g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                 _("The host name in “%s” is not valid."), uri);
  else
    g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                 _("“%s” is not a valid URI."), uri);

  return FALSE;
}

gboolean
yado_uri_validate (const char  *uri,
                   GError     **error)
{
  g_autoptr(GError) split_error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (uri == NULL || *uri == '\0')
    return set_invalid_uri (error);

  if (has_whitespace (uri))
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                   _("A URI cannot contain spaces."));
      return FALSE;
    }

  len = scheme_length (uri);
  if (len == 0 || !g_str_has_prefix (uri + len, "://"))
    return set_invalid_uri (error);

  if (!g_uri_split (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED,
                    NULL, NULL, &host, NULL, &path, NULL, NULL,
                    &split_error))
    return set_split_error (uri, split_error, error);

  if ((host == NULL || *host == '\0') && (path == NULL || *path == '\0'))
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_INVALID,
                   _("Add a host or a path after “://”, as in qemu:///system."));
      return FALSE;
    }

  if (host != NULL && *host != '\0' && !is_valid_host (host))
    return set_invalid_host (host, error);

  return TRUE;
}

/* The parts of a URI the display name depends on. */
typedef struct
{
  char *driver;   /* "qemu" of "qemu+ssh" */
  char *host;     /* NULL when local */
  char *path;
} UriParts;

static void
uri_parts_clear (UriParts *parts)
{
  g_clear_pointer (&parts->driver, g_free);
  g_clear_pointer (&parts->host, g_free);
  g_clear_pointer (&parts->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UriParts, uri_parts_clear)

static gboolean
uri_parts_init (UriParts   *parts,
                const char *uri)
{
  g_autofree char *scheme = NULL;
  char *plus;

  memset (parts, 0, sizeof *parts);

  if (uri == NULL)
    return FALSE;

  if (!g_uri_split (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED,
                    &scheme, NULL, &parts->host, NULL, &parts->path,
                    NULL, NULL, NULL))
    return FALSE;

  if (scheme == NULL)
    return FALSE;

  /* Drop the transport: "qemu+ssh" and "qemu+unix" are both qemu. */
  plus = strchr (scheme, '+');
  if (plus != NULL)
    *plus = '\0';
  parts->driver = g_ascii_strdown (scheme, -1);

  if (parts->host != NULL && *parts->host == '\0')
    g_clear_pointer (&parts->host, g_free);

  return TRUE;
}

static char *
qemu_display_name (const UriParts *parts,
                   const char     *uri)
{
  if (g_strcmp0 (parts->path, "/system") == 0)
    {
      if (parts->host != NULL)
        return g_strdup_printf (_("QEMU/KVM: %s"), parts->host);
      return g_strdup (_("QEMU/KVM"));
    }

  if (g_strcmp0 (parts->path, "/session") == 0)
    {
      if (parts->host != NULL)
        return g_strdup_printf (_("QEMU/KVM User session: %s"), parts->host);
      return g_strdup (_("QEMU/KVM User session"));
    }

  return g_strdup (uri);
}

/* "Test: default" for test:///default, "Test: demo-host.xml" for a file. */
static char *
test_display_name (const UriParts *parts,
                   const char     *uri)
{
  g_autofree char *base = NULL;

  if (parts->host != NULL)
    return g_strdup_printf (_("Test: %s"), parts->host);

  if (parts->path == NULL || *parts->path == '\0' || g_str_has_suffix (parts->path, "/"))
    return g_strdup (uri);

  base = g_path_get_basename (parts->path);
  return g_strdup_printf (_("Test: %s"), base);
}

/* Drivers that have one system instance: "LXC", or "LXC: host". */
static char *
simple_display_name (const char     *name,
                     const UriParts *parts)
{
  if (parts->host != NULL)
    return g_strdup_printf ("%s: %s", name, parts->host);

  return g_strdup (name);
}

char *
yado_uri_get_display_name (const char *uri)
{
  g_auto(UriParts) parts = { NULL, };

  g_return_val_if_fail (uri != NULL, NULL);

  if (!uri_parts_init (&parts, uri))
    return g_strdup (uri);

  if (strcmp (parts.driver, "qemu") == 0)
    return qemu_display_name (&parts, uri);
  if (strcmp (parts.driver, "test") == 0)
    return test_display_name (&parts, uri);
  if (strcmp (parts.driver, "lxc") == 0)
    return simple_display_name ("LXC", &parts);
  if (strcmp (parts.driver, "xen") == 0)
    return simple_display_name ("Xen", &parts);

  return g_strdup (uri);
}

gboolean
yado_uri_is_remote (const char *uri)
{
  g_auto(UriParts) parts = { NULL, };

  return uri_parts_init (&parts, uri) && parts.host != NULL;
}

char *
yado_uri_get_host (const char *uri)
{
  g_auto(UriParts) parts = { NULL, };

  if (!uri_parts_init (&parts, uri))
    return NULL;

  return g_steal_pointer (&parts.host);
}
