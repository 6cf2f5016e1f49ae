/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cloud-init's NoCloud seed: the user-data (a #cloud-config) and the
 * meta-data a cloud image reads at its first boot from a CD whose volume
 * id is "cidata".
 *
 * Every value of the user's is written as a YAML double-quoted scalar with
 * escapes: a quote, a colon, a "#" or a new line in a password or a key is
 * text, never YAML. The password is written hashed (SHA-512 crypt), never
 * in the clear: the seed stays attached to the VM and readable by anyone
 * who can read the pool.
 */
#include "config.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yado-cloud-init.h"
#include "yado-error.h"

YadoCloudInit *
yado_cloud_init_new (void)
{
  return g_new0 (YadoCloudInit, 1);
}

YadoCloudInit *
yado_cloud_init_copy (const YadoCloudInit *ci)
{
  YadoCloudInit *copy;

  if (ci == NULL)
    return NULL;
  copy = yado_cloud_init_new ();
  copy->user = g_strdup (ci->user);
  copy->password = g_strdup (ci->password);
  copy->ssh_key = g_strdup (ci->ssh_key);
  copy->hostname = g_strdup (ci->hostname);
  return copy;
}

void
yado_cloud_init_free (YadoCloudInit *ci)
{
  if (ci == NULL)
    return;
  g_free (ci->user);
  /* The password is the user's secret: do not leave it in freed memory. */
  if (ci->password != NULL)
    memset (ci->password, 0, strlen (ci->password));
  g_free (ci->password);
  g_free (ci->ssh_key);
  g_free (ci->hostname);
  g_free (ci);
}

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* ---- YAML ---- */

static void
append_escaped_char (GString *out, gunichar c)
{
  switch (c)
    {
    case '"':  g_string_append (out, "\\\""); return;
    case '\\': g_string_append (out, "\\\\"); return;
    case '\n': g_string_append (out, "\\n"); return;
    case '\r': g_string_append (out, "\\r"); return;
    case '\t': g_string_append (out, "\\t"); return;
    /* YAML 1.1 reads these as line breaks, and a BOM is not text. */
    case 0x85:   g_string_append (out, "\\N"); return;
    case 0x2028: g_string_append (out, "\\L"); return;
    case 0x2029: g_string_append (out, "\\P"); return;
    case 0xfeff: g_string_append (out, "\\uFEFF"); return;
    default:
      break;
    }
  if (c < 0x20 || c == 0x7f)
    g_string_append_printf (out, "\\x%02X", c);
  else if (c >= 0x80 && c < 0xa0)
    g_string_append_printf (out, "\\u%04X", c);
  else
    g_string_append_unichar (out, c);
}

char *
yado_cloud_init_yaml_quote (const char *text)
{
  /* Bytes that are not UTF-8 become U+FFFD: YAML is Unicode text. */
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new ("\"");

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    append_escaped_char (out, g_utf8_get_char (p));
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
append_pair (GString *out, const char *indent, const char *key, const char *value)
{
  g_autofree char *quoted = yado_cloud_init_yaml_quote (value);

  g_string_append_printf (out, "%s%s: %s\n", indent, key, quoted);
}

static void
append_item (GString *out, const char *indent, const char *value)
{
  g_autofree char *quoted = yado_cloud_init_yaml_quote (value);

  g_string_append_printf (out, "%s- %s\n", indent, quoted);
}

/* SHA-512 crypt with a random salt (libxcrypt asks the kernel for it). */
static char *
hash_password (const char *password)
{
  g_autofree char *setting = crypt_gensalt_ra ("$6$", 0, NULL, 0);
  void *data = NULL;
  int size = 0;
  char *hashed;
  char *result = NULL;

  if (setting == NULL)
    return NULL;
  hashed = crypt_ra (password, setting, &data, &size);
  /* A failure is NULL or a string starting with "*", never a hash. */
  if (hashed != NULL && g_str_has_prefix (hashed, "$6$"))
    result = g_strdup (hashed);
  if (data != NULL)
    {
      memset (data, 0, size);
      free (data);
    }
  return result;
}

static void
append_password (GString *out, const char *indent, const char *key, const char *password)
{
  g_autofree char *hashed = hash_password (password);

  /* crypt never fails for SHA-512 on glibc; if it did, no password at all
   * beats one written in the clear. */
  if (hashed != NULL)
    append_pair (out, indent, key, hashed);
}

static void
append_user (GString *out, const YadoCloudInit *ci)
{
  g_string_append (out, "users:\n");
  append_pair (out, "  - ", "name", ci->user);
  g_string_append (out, "    lock_passwd: false\n");
  if (is_set (ci->password))
    append_password (out, "    ", "passwd", ci->password);
  append_pair (out, "    ", "sudo", "ALL=(ALL) NOPASSWD:ALL");
  append_pair (out, "    ", "shell", "/bin/bash");
  if (is_set (ci->ssh_key))
    {
      g_string_append (out, "    ssh_authorized_keys:\n");
      append_item (out, "      ", ci->ssh_key);
    }
}

/* No user named: the image's default user (debian, ubuntu, fedora...)
 * gets the password and the key. */
static void
append_default_user (GString *out, const YadoCloudInit *ci)
{
  if (is_set (ci->password))
    {
      append_password (out, "", "password", ci->password);
      g_string_append (out, "chpasswd:\n  expire: false\n");
    }
  if (is_set (ci->ssh_key))
    {
      g_string_append (out, "ssh_authorized_keys:\n");
      append_item (out, "  ", ci->ssh_key);
    }
}

char *
yado_cloud_init_user_data (const YadoCloudInit *ci)
{
  GString *out = g_string_new ("#cloud-config\n");

  if (is_set (ci->hostname))
    append_pair (out, "", "hostname", ci->hostname);
  if (is_set (ci->user))
    append_user (out, ci);
  else
    append_default_user (out, ci);
  /* Cloud images turn password logins over SSH off; with a password and
   * no key there would be no way in over the network. */
  if (is_set (ci->password) && !is_set (ci->ssh_key))
    g_string_append (out, "ssh_pwauth: true\n");
  /* The first boot should be quick, and offline hosts exist. */
  g_string_append (out, "package_upgrade: false\n");
  return g_string_free (out, FALSE);
}

char *
yado_cloud_init_meta_data (const YadoCloudInit *ci, const char *instance_id)
{
  GString *out = g_string_new (NULL);

  append_pair (out, "", "instance-id", instance_id);
  if (is_set (ci->hostname))
    append_pair (out, "", "local-hostname", ci->hostname);
  return g_string_free (out, FALSE);
}

/* ---- the seed ISO ---- */

static gboolean
write_file (const char *dir, const char *name, const char *contents, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, error);
}

static void
remove_dir (const char *dir)
{
  const char *names[] = { "user-data", "meta-data" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* xorriso's last line of stderr says what went wrong ("libburn : FAILURE
 * ..."); the rest is its banner. */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    if (*g_strstrip (lines[i]) != '\0')
      return g_strdup (lines[i]);
  return g_strdup ("");
}

static gboolean
run_xorriso (const char *xorriso, const char *dir, const char *iso_path, GError **error)
{
  const char *argv[] = {
    xorriso, "-as", "mkisofs", "-output", iso_path, "-volid", "cidata",
    "-joliet", "-rock", "user-data", "meta-data", NULL,
  };
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  g_autofree char *reason = NULL;

  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    return TRUE;
  reason = last_line (err);
  g_set_error (error, YADO_ERROR, YADO_ERROR_FAILED,
               _("Could not make the cloud-init seed image: %s"), reason);
  return FALSE;
}

gboolean
yado_cloud_init_write_seed (const YadoCloudInit *ci, const char *instance_id,
                            const char *iso_path, GError **error)
{
  g_autofree char *xorriso = g_find_program_in_path ("xorriso");
  g_autofree char *dir = NULL;
  g_autofree char *user_data = NULL;
  g_autofree char *meta_data = NULL;
  g_autofree char *absolute = NULL;
  gboolean ok;

  if (xorriso == NULL)
    {
      g_set_error (error, YADO_ERROR, YADO_ERROR_NOT_SUPPORTED,
                   _("Making the cloud-init seed image needs xorriso: "
                     "install the package “%s”"), "xorriso");
      return FALSE;
    }
  dir = g_dir_make_tmp ("yado-seed-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  user_data = yado_cloud_init_user_data (ci);
  meta_data = yado_cloud_init_meta_data (ci, instance_id);
  /* xorriso runs in the temporary directory: a relative @iso_path is the
   * caller's. */
  absolute = g_canonicalize_filename (iso_path, NULL);
  ok = write_file (dir, "user-data", user_data, error)
       && write_file (dir, "meta-data", meta_data, error)
       && run_xorriso (xorriso, dir, absolute, error);
  remove_dir (dir);
  return ok;
}
