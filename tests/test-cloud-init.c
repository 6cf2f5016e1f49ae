/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cloud-init's NoCloud seed (yado-cloud-init.c): the user-data and
 * meta-data texts (exact for plain values; for values full of quotes,
 * colons, "#", new lines and control characters, read back with a small
 * YAML reader of the lines it writes, so nothing was added or lost), the
 * password hashed with SHA-512 crypt and never written in the clear, and
 * the seed ISO made with xorriso: its volume id is "cidata" (what
 * cloud-init looks for) and it holds exactly user-data and meta-data with
 * those texts.
 */
#include <crypt.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "yado-cloud-init.h"
#include "yado-error.h"

/* ---- a tiny reader for the YAML the module writes ---- */

/* The value of a double-quoted scalar (the whole of @text), or NULL when
 * @text is not one. */
static char *
unquote (const char *text)
{
  GString *out;
  const char *p = text;

  if (*p++ != '"')
    return NULL;
  out = g_string_new (NULL);
  while (*p != '"')
    {
      if (*p == '\0' || *p == '\n')
        return g_string_free (out, TRUE), NULL;
      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      switch (*p++)
        {
        case '"':  g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case 'n':  g_string_append_c (out, '\n'); break;
        case 'r':  g_string_append_c (out, '\r'); break;
        case 't':  g_string_append_c (out, '\t'); break;
        case 'N':  g_string_append_unichar (out, 0x85); break;
        case 'L':  g_string_append_unichar (out, 0x2028); break;
        case 'P':  g_string_append_unichar (out, 0x2029); break;
        case 'x':
        case 'u':
          {
            int digits = p[-1] == 'x' ? 2 : 4;
            g_autofree char *hex = g_strndup (p, digits);

            g_string_append_unichar (out, g_ascii_strtoull (hex, NULL, 16));
            p += digits;
            break;
          }
        default:
          return g_string_free (out, TRUE), NULL;
        }
    }
  /* Nothing may follow the closing quote. */
  if (p[1] != '\0')
    return g_string_free (out, TRUE), NULL;
  return g_string_free (out, FALSE);
}

/* The lines of @yaml as "PATH=VALUE": PATH is the keys from the top
 * ("users/-/name"), VALUE the unquoted scalar or "{}" for a key that opens
 * a block. Every value of a key must be a double-quoted scalar, a plain
 * word (false, true) or nothing; anything else fails the test. */
static GPtrArray *
read_yaml (const char *yaml)
{
  g_auto(GStrv) lines = g_strsplit (yaml, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  char *path[8] = { NULL };

  g_assert_true (g_str_has_prefix (yaml, "#cloud-config\n") || !g_str_has_prefix (yaml, "#"));
  g_assert_true (g_str_has_suffix (yaml, "\n"));
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *line = lines[i];
      guint indent = strspn (line, " ");
      guint depth = indent / 2;
      const char *rest = line + indent;
      const char *colon;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_autofree char *joined = NULL;

      if (line[0] == '#')
        continue;
      g_assert_cmpuint (indent % 2, ==, 0);
      g_assert_cmpuint (depth, <, G_N_ELEMENTS (path) - 1);
      if (g_str_has_prefix (rest, "- "))
        {
          /* A list item: "- "SCALAR"" or "- key: ..." opening a mapping. */
          g_free (path[depth]);
          path[depth] = g_strdup ("-");
          depth++;
          rest += 2;
          if (rest[0] == '"')
            {
              value = unquote (rest);
              g_assert_nonnull (value);
              for (guint d = depth; d < G_N_ELEMENTS (path); d++)
                g_clear_pointer (&path[d], g_free);
              joined = g_strjoinv ("/", path);
              g_ptr_array_add (out, g_strdup_printf ("%s=%s", joined, value));
              continue;
            }
        }
      colon = strstr (rest, ":");
      g_assert_nonnull (colon);
      key = g_strndup (rest, colon - rest);
      g_assert_true (g_regex_match_simple ("^[a-z_-]+$", key, 0, 0));
      g_free (path[depth]);
      path[depth] = g_strdup (key);
      for (guint d = depth + 1; d < G_N_ELEMENTS (path); d++)
        g_clear_pointer (&path[d], g_free);
      if (colon[1] == '\0')
        value = g_strdup ("{}");
      else if (colon[1] == ' ' && colon[2] == '"')
        value = unquote (colon + 2);
      else if (colon[1] == ' ' && g_regex_match_simple ("^(true|false)$", colon + 2, 0, 0))
        value = g_strdup (colon + 2);
      g_assert_nonnull (value);
      joined = g_strjoinv ("/", path);
      g_ptr_array_add (out, g_strdup_printf ("%s=%s", joined, value));
    }
  for (guint d = 0; d < G_N_ELEMENTS (path); d++)
    g_free (path[d]);
  return out;
}

static char *
joined (GPtrArray *entries)
{
  g_ptr_array_add (entries, NULL);
  return g_strjoinv ("\n", (char **) entries->pdata);
}

static YadoCloudInit *
plain (void)
{
  YadoCloudInit *ci = yado_cloud_init_new ();

  ci->user = g_strdup ("ana");
  ci->ssh_key = g_strdup ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFx ana@laptop");
  ci->hostname = g_strdup ("web1");
  return ci;
}

/* A user with a key and no password: exact text. */
static void
test_plain_text (void)
{
  g_autoptr(YadoCloudInit) ci = plain ();
  g_autofree char *user_data = yado_cloud_init_user_data (ci);
  g_autofree char *meta_data = yado_cloud_init_meta_data (ci, "yado-1234");

  g_assert_cmpstr (user_data, ==,
                   "#cloud-config\n"
                   "hostname: \"web1\"\n"
                   "users:\n"
                   "  - name: \"ana\"\n"
                   "    lock_passwd: false\n"
                   "    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n"
                   "    shell: \"/bin/bash\"\n"
                   "    ssh_authorized_keys:\n"
                   "      - \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFx ana@laptop\"\n"
                   "package_upgrade: false\n");
  g_assert_cmpstr (meta_data, ==,
                   "instance-id: \"yado-1234\"\n"
                   "local-hostname: \"web1\"\n");
}

static const char *TRICKY_PASSWORD = "pa\"ss: word\n#not a comment\\ ' {x} [y] & *z";
static const char *TRICKY_KEY = "ssh-rsa AAAA\"B: C\nusers:\n  - name: root\r\t\x01\x7f end";
static const char *TRICKY_USER = "bob\"\n  - name: root\n    sudo: ALL";
static const char *TRICKY_HOST = "h: \"x\"\xc2\x85\xe2\x80\xa8y";

static char *
passwd_of (GPtrArray *entries, const char *path)
{
  g_autofree char *prefix = g_strdup_printf ("%s=", path);

  for (guint i = 0; i < entries->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (entries, i), prefix))
      return g_strdup ((char *) g_ptr_array_index (entries, i) + strlen (prefix));
  return NULL;
}

static void
assert_hash_of (const char *hash, const char *password)
{
  struct crypt_data data = { 0 };

  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$6$"));
  g_assert_cmpstr (crypt_r (password, hash, &data), ==, hash);
}

/* Quotes, colons, "#", new lines, list and key syntax in the user's text
 * stay text: the YAML reads back as the same keys with the same values. */
static void
test_tricky_values (void)
{
  g_autoptr(YadoCloudInit) ci = yado_cloud_init_new ();
  g_autofree char *user_data = NULL;
  g_autofree char *meta_data = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) meta = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  ci->user = g_strdup (TRICKY_USER);
  ci->password = g_strdup (TRICKY_PASSWORD);
  ci->ssh_key = g_strdup (TRICKY_KEY);
  ci->hostname = g_strdup (TRICKY_HOST);
  user_data = yado_cloud_init_user_data (ci);
  g_test_message ("%s", user_data);
  entries = read_yaml (user_data);
  hash = passwd_of (entries, "users/-/passwd");
  assert_hash_of (hash, TRICKY_PASSWORD);
  g_assert_null (strstr (user_data, "pa\\\"ss"));
  g_assert_null (strstr (user_data, "word"));

  /* Every key, in order, and nothing else. */
  for (guint i = 0; i < entries->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (entries, i), "users/-/passwd="))
      {
        g_free (g_ptr_array_index (entries, i));
        g_ptr_array_index (entries, i) = g_strdup ("users/-/passwd=HASH");
      }
  text = joined (entries);
  expected = g_strjoin ("\n",
                        "hostname=h: \"x\"\xc2\x85\xe2\x80\xa8y",
                        "users={}",
                        "users/-/name=bob\"\n  - name: root\n    sudo: ALL",
                        "users/-/lock_passwd=false",
                        "users/-/passwd=HASH",
                        "users/-/sudo=ALL=(ALL) NOPASSWD:ALL",
                        "users/-/shell=/bin/bash",
                        "users/-/ssh_authorized_keys={}",
                        "users/-/ssh_authorized_keys/-=ssh-rsa AAAA\"B: C\nusers:\n  - name: root\r\t\x01\x7f end",
                        "package_upgrade=false",
                        NULL);
  g_assert_cmpstr (text, ==, expected);

  meta_data = yado_cloud_init_meta_data (ci, "id: \"1\"\nx");
  meta = read_yaml (meta_data);
  g_clear_pointer (&text, g_free);
  text = joined (meta);
  g_assert_cmpstr (text, ==,
                   "instance-id=id: \"1\"\nx\n"
                   "local-hostname=h: \"x\"\xc2\x85\xe2\x80\xa8y");
}

/* No user: the image's default user gets the password (hashed, not to be
 * changed at the first login) and the key; password logins over SSH are
 * allowed only when there is no key. */
static void
test_default_user (void)
{
  g_autoptr(YadoCloudInit) ci = yado_cloud_init_new ();
  g_autofree char *user_data = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *hash = NULL;

  ci->password = g_strdup ("secret");
  user_data = yado_cloud_init_user_data (ci);
  entries = read_yaml (user_data);
  hash = passwd_of (entries, "password");
  assert_hash_of (hash, "secret");
  g_assert_nonnull (strstr (user_data, "chpasswd:\n  expire: false\n"));
  g_assert_nonnull (strstr (user_data, "ssh_pwauth: true\n"));
  g_assert_null (strstr (user_data, "secret"));
  g_assert_null (strstr (user_data, "users:"));

  g_clear_pointer (&user_data, g_free);
  ci->ssh_key = g_strdup ("ssh-ed25519 AAAA me");
  user_data = yado_cloud_init_user_data (ci);
  g_assert_null (strstr (user_data, "ssh_pwauth"));
  g_assert_nonnull (strstr (user_data, "ssh_authorized_keys:\n  - \"ssh-ed25519 AAAA me\"\n"));
}

/* ---- the seed ISO ---- */

static char *
run (GError **error, const char *const *argv)
{
  g_autoptr(GSubprocess) process =
    g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                       error);
  char *out = NULL;

  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, error))
    return NULL;
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static char *
extract (const char *iso, const char *name, const char *dir)
{
  g_autofree char *inside = g_strdup_printf ("/%s", name);
  g_autofree char *out = g_build_filename (dir, name, NULL);
  const char *argv[] = { "xorriso", "-osirrox", "on", "-indev", iso, "-extract", inside, out,
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *log = run (&error, argv);
  char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &contents, NULL, &error));
  g_unlink (out);
  return contents;
}

static void
test_seed_iso (void)
{
  g_autoptr(YadoCloudInit) ci = plain ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-seed-XXXXXX", &error);
  g_autofree char *iso = g_build_filename (dir, "seed.iso", NULL);
  g_autofree char *pvd = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *label = NULL;
  g_autofree char *user_data = NULL;
  g_autofree char *meta_data = NULL;
  g_autofree char *expected_user = yado_cloud_init_user_data (ci);
  g_autofree char *expected_meta = yado_cloud_init_meta_data (ci, "yado-seed-test");

  g_assert_no_error (error);
  g_assert_true (yado_cloud_init_write_seed (ci, "yado-seed-test", iso, &error));
  g_assert_no_error (error);

  pvd = run (&error, (const char *[]) { "xorriso", "-indev", iso, "-pvd_info", NULL });
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^Volume Id +: cidata$", pvd, G_REGEX_MULTILINE, 0));
  /* What cloud-init's blkid sees. */
  label = run (&error, (const char *[]) { "blkid", "-o", "value", "-s", "LABEL", iso, NULL });
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (label), ==, "cidata");
  listing = run (&error, (const char *[]) { "xorriso", "-indev", iso, "-find", "/", "-type",
                                            "f", NULL });
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^'/meta-data'\n'/user-data'$", listing,
                                       G_REGEX_MULTILINE, 0));

  user_data = extract (iso, "user-data", dir);
  meta_data = extract (iso, "meta-data", dir);
  g_assert_cmpstr (user_data, ==, expected_user);
  g_assert_cmpstr (meta_data, ==, expected_meta);
  g_unlink (iso);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Without xorriso the error names the package to install, and nothing
 * is written. */
static void
test_seed_without_xorriso (void)
{
  g_autoptr(YadoCloudInit) ci = plain ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-seed-XXXXXX", &error);
  g_autofree char *iso = g_build_filename (dir, "seed.iso", NULL);
  g_autofree char *path = g_strdup (g_getenv ("PATH"));

  g_setenv ("PATH", dir, TRUE);
  g_assert_false (yado_cloud_init_write_seed (ci, "x", iso, &error));
  g_setenv ("PATH", path, TRUE);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "install the package “xorriso”"));
  g_assert_false (g_file_test (iso, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud-init/plain-text", test_plain_text);
  g_test_add_func ("/cloud-init/tricky-values", test_tricky_values);
  g_test_add_func ("/cloud-init/default-user", test_default_user);
  g_test_add_func ("/cloud-init/seed-iso", test_seed_iso);
  g_test_add_func ("/cloud-init/seed-without-xorriso", test_seed_without_xorriso);
  return g_test_run ();
}
