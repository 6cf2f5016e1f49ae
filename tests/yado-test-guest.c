/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "yado-test-guest.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "yado-xml.h"

char *
yado_test_guest_file_contents (const char *name, gsize *length)
{
  const char *build_root = g_getenv ("YADO_BUILD_ROOT");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_nonnull (build_root);
  path = g_build_filename (build_root, "tests", "guest", name, NULL);
  if (!g_file_get_contents (path, &contents, length, &error))
    g_error ("the test guest %s is missing (ninja -C %s builds it): %s", name, build_root,
             error->message);
  return contents;
}

char *
yado_test_run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process =
    g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                       &error);
  char *out = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], out);
  return out;
}

/* ---- the daemon's pool ---- */

static char *
virsh_or_fail (YadoTestLibvirtd *daemon, const char *a, const char *b, const char *c,
               const char *d, const char *e, const char *f)
{
  g_autoptr(GError) error = NULL;
  char *out = yado_test_libvirtd_virsh (daemon, &error, a, b, c, d, e, f, NULL);

  if (out == NULL)
    g_error ("%s", error->message);
  return out;
}

char *
yado_test_libvirtd_add_default_pool (YadoTestLibvirtd *daemon)
{
  /* DIR/libvirt/libvirt-sock: the daemon's directory is two levels up. */
  g_autofree char *libvirt_dir = g_path_get_dirname (yado_test_libvirtd_get_socket_path (daemon));
  g_autofree char *dir = g_path_get_dirname (libvirt_dir);
  g_autofree char *pool = g_build_filename (dir, "pool", NULL);

  g_free (virsh_or_fail (daemon, "pool-create-as", "default", "dir", "--target", pool, "--build"));
  return g_canonicalize_filename (pool, NULL);
}

/* ---- the boot ISO ---- */

void
yado_test_make_boot_iso (const char *iso)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tree = g_dir_make_tmp ("yado-iso-tree-XXXXXX", &error);
  g_autofree char *boot = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  contents = yado_test_guest_file_contents ("echo-boot.img", &length);
  g_assert_cmpuint (length, >=, 2048);
  /* The BIOS loads the image's 4 sectors at 0x7c00 and runs them. */
  boot = g_build_filename (tree, "boot.img", NULL);
  g_assert_true (g_file_set_contents (boot, contents, 2048, &error));
  g_free (yado_test_run ((const char *[]) { "xorriso", "-as", "mkisofs", "-quiet", "-output",
                                            iso, "-volid", "YADO_BOOT", "-b", "boot.img",
                                            "-no-emul-boot", "-boot-load-size", "4", tree,
                                            NULL }));
  /* QEMU runs as the daemon's user. */
  g_assert_cmpint (g_chmod (iso, 0644), ==, 0);
  g_unlink (boot);
  g_rmdir (tree);
}

/* ---- the screen ---- */

char *
yado_test_screen_text (YadoTestLibvirtd *daemon, const char *name)
{
  g_autofree char *out = virsh_or_fail (daemon, "qemu-monitor-command", name, "--hmp",
                                        "xp /4000xb 0xb8000", NULL, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GString *text = g_string_new (NULL);
  guint index = 0;

  /* "00000000000b8000: 0x59 0x07 0x61 0x07 ...": a character, its colour. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_auto(GStrv) bytes = NULL;

      if (colon == NULL)
        continue;
      bytes = g_strsplit (g_strstrip ((char *) colon + 1), " ", -1);
      for (guint j = 0; bytes[j] != NULL; j++)
        {
          guint64 byte;

          if (!g_str_has_prefix (bytes[j], "0x"))
            continue;
          byte = g_ascii_strtoull (bytes[j], NULL, 16);
          if (index % 2 == 0)
            g_string_append_c (text, byte >= 0x20 && byte < 0x7f ? (char) byte : ' ');
          if (index % 160 == 159)
            g_string_append_c (text, '\n');
          index++;
        }
    }
  g_assert_cmpuint (index, ==, 4000);
  return g_string_free (text, FALSE);
}

gboolean
yado_test_screen_shows (YadoTestLibvirtd *daemon, const char *name, const char *text)
{
  g_autofree char *screen = yado_test_screen_text (daemon, name);
  g_auto(GStrv) lines = g_strsplit (screen, "\n", -1);
  /* The screen's memory as it is: text written on past a line's end goes
   * on at the next line's start. */
  g_autofree char *flat = g_strjoinv ("", lines);

  return strstr (flat, text) != NULL;
}

/* ---- what libvirt has ---- */

char *
yado_test_domain_xml (virConnectPtr conn, const char *uuid, unsigned int flags)
{
  virDomainPtr dom = virDomainLookupByUUIDString (conn, uuid);
  char *xml, *copy;

  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, flags);
  g_assert_nonnull (xml);
  copy = g_strdup (xml);
  free (xml);
  virDomainFree (dom);
  return copy;
}

char *
yado_test_xpath (const char *xml, const char *path)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  g_assert_nonnull (doc);
  return yado_xml_get_string (doc, path);
}

gboolean
yado_test_xml_has (const char *xml, const char *path)
{
  g_autoptr(YadoXml) doc = yado_xml_parse (xml);

  g_assert_nonnull (doc);
  return yado_xml_has (doc, path);
}

void
yado_test_remove_vm_and_volumes (virConnectPtr conn, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn, "default");
  virStorageVolPtr *volumes = NULL;
  int n;

  g_assert_nonnull (dom);
  g_assert_nonnull (pool);
  if (virDomainIsActive (dom) == 1)
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  n = virStoragePoolListAllVolumes (pool, &volumes, 0);
  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      g_assert_cmpint (virStorageVolDelete (volumes[i], 0), ==, 0);
      virStorageVolFree (volumes[i]);
    }
  free (volumes);
  virStoragePoolFree (pool);
}
