/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New VM wizard's operating systems (yado-os-info.c) on the installed
 * osinfo-db: loading it once, searching it as a user types, detecting the
 * OS of ISOs that xorriso builds with real media's volume ids, detecting
 * install trees that a small HTTP server in this test serves (a Fedora
 * .treeinfo, a Debian MANIFEST, a directory that is no tree, a server that
 * never answers), and the defaults each OS gives a new VM.
 */
#include <string.h>

#include <gio/gio.h>

#include "yado-error.h"
#include "yado-new-vm.h"
#include "yado-os-info.h"
#include "yado-test-http.h"
#include "yado-test-utils.h"

#define DEBIAN11 "http://debian.org/debian/11"
#define WIN11 "http://microsoft.com/win/11"
#define WINXP "http://microsoft.com/win/xp"
#define MSDOS "http://microsoft.com/msdos/6.22"
#define FEDORA37 "http://fedoraproject.org/fedora/37"

/* ---- helpers ---- */

static void
on_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot, int timeout_ms)
{
  yado_test_wait_until (*slot != NULL, timeout_ms);
  return *slot;
}

/* The database, loaded by the first test that needs it (about 1 s). */
static YadoOsDb *
test_db (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YadoOsDb *db = yado_os_db_get_default ();

  if (db != NULL)
    return db;
  yado_os_db_load_async (NULL, on_result, &result);
  db = yado_os_db_load_finish (wait_result (&result, 30000), &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yado-os-info-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
}

static void
write_file (const char *dir, const char *relative, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* ---- loading ---- */

static void
test_load_once (void)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) third = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  YadoOsDb *db;

  /* The first test of the binary: nothing is loaded yet. */
  g_assert_null (yado_os_db_get_default ());
  /* Two windows open the wizard at once: one load, one database. */
  yado_os_db_load_async (NULL, on_result, &first);
  yado_os_db_load_async (NULL, on_result, &second);
  g_assert_null (yado_os_db_get_default ());
  db = yado_os_db_load_finish (wait_result (&first, 30000), &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_true (yado_os_db_load_finish (wait_result (&second, 5000), &error) == db);
  g_assert_no_error (error);
  g_test_message ("libosinfo's database loaded in %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_true (yado_os_db_get_default () == db);

  /* Later: at once, the same one. */
  yado_os_db_load_async (NULL, on_result, &third);
  g_assert_true (yado_os_db_load_finish (wait_result (&third, 1000), &error) == db);
  g_assert_no_error (error);

  g_assert_cmpstr (yado_os_db_get_name (db, DEBIAN11), ==, "Debian 11");
  g_assert_null (yado_os_db_get_name (db, "http://example.com/no-such-os"));
  /* Anaconda finds its tree with inst.repo=URL. */
  g_assert_cmpstr (yado_os_db_get_kernel_url_argument (db, "http://centos.org/centos-stream/9"),
                   ==, "inst.repo");
}

/* ---- search ---- */

static YadoOsEntry *
entry_at (GPtrArray *entries, guint i)
{
  g_assert_cmpuint (i, <, entries->len);
  return entries->pdata[i];
}

static gboolean
has_short_id (GPtrArray *entries, const char *short_id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (entry_at (entries, i)->short_id, short_id) == 0)
      return TRUE;
  return FALSE;
}

static guint
debian_release (const YadoOsEntry *entry)
{
  const char *number = entry->short_id + strlen ("debian");

  if (!g_str_has_prefix (entry->short_id, "debian") || !g_ascii_isdigit (*number))
    return 0;
  return (guint) g_ascii_strtoull (number, NULL, 10);
}

static gboolean
contains_word (const char *text, const char *word)
{
  g_autofree char *lower = g_ascii_strdown (text != NULL ? text : "", -1);

  return strstr (lower, word) != NULL;
}

static void
test_search_debian (void)
{
  YadoOsDb *db = test_db ();
  g_autoptr(GPtrArray) entries = yado_os_db_search (db, "debian");
  YadoOsEntry *first = entry_at (entries, 0);

  /* The newest Debian release first: Debian 11 in Debian 12's osinfo-db
   * (0.20221130, older than Debian 12), a later one in a newer database. */
  g_assert_cmpuint (debian_release (first), >=, 11);
  g_assert_cmpstr (first->vendor, ==, "Debian Project");
  g_assert_nonnull (first->release_date);
  g_assert_false (first->eol);
  g_assert_true (g_str_has_prefix (first->name, "Debian "));
  for (guint i = 1; i < entries->len; i++)
    {
      YadoOsEntry *entry = entry_at (entries, i);

      g_assert_cmpuint (debian_release (entry), <, debian_release (first));
      /* Every hit says "debian" somewhere. */
      g_assert_true (contains_word (entry->short_id, "debian")
                     || contains_word (entry->name, "debian")
                     || contains_word (entry->vendor, "debian"));
    }
  /* Older releases follow, newest first: 10 right after 11. */
  g_assert_cmpuint (debian_release (entry_at (entries, 1)), ==, debian_release (first) - 1);
  g_assert_true (has_short_id (entries, "debiantesting"));
  g_assert_true (has_short_id (entries, "debian7"));
}

static void
test_search_short_id (void)
{
  YadoOsDb *db = test_db ();
  const char *texts[] = { "win11", "WIN11", "  Win11 ", "windows 11" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) entries = yado_os_db_search (db, texts[i]);

      g_assert_cmpstr (entry_at (entries, 0)->id, ==, WIN11);
      g_assert_cmpstr (entry_at (entries, 0)->name, ==, "Microsoft Windows 11");
      g_assert_cmpstr (entry_at (entries, 0)->family, ==, "winnt");
    }

  {
    /* "fedora": Fedora Linux itself before its spins of the same day. */
    g_autoptr(GPtrArray) entries = yado_os_db_search (db, "fedora");

    g_assert_true (g_str_has_prefix (entry_at (entries, 0)->short_id, "fedora"));
    g_assert_true (g_str_has_prefix (entry_at (entries, 0)->name, "Fedora Linux "));
    g_assert_nonnull (entry_at (entries, 0)->release_date);
  }
  {
    /* The vendor counts too. */
    g_autoptr(GPtrArray) entries = yado_os_db_search (db, "canonical");

    g_assert_cmpuint (entries->len, >, 0);
    for (guint i = 0; i < entries->len; i++)
      g_assert_cmpstr (entry_at (entries, i)->vendor, ==, "Canonical Ltd");
  }
  {
    g_autoptr(GPtrArray) entries = yado_os_db_search (db, "no such system at all");

    g_assert_cmpuint (entries->len, ==, 0);
  }
  {
    /* One letter matches hundreds: the best 50. */
    g_autoptr(GPtrArray) entries = yado_os_db_search (db, "e");

    g_assert_cmpuint (entries->len, ==, 50);
  }
}

static void
test_search_empty (void)
{
  YadoOsDb *db = test_db ();
  g_autoptr(GPtrArray) entries = yado_os_db_search (db, "");
  g_autoptr(GPtrArray) blank = yado_os_db_search (db, "   ");
  g_autoptr(GPtrArray) null_text = yado_os_db_search (db, NULL);
  const char *distros[] = { "debian", "ubuntu", "fedora", "rhel", "opensuse" };
  gint64 start;
  double per_search_ms;

  /* A short list, the latest release of each common family. */
  g_assert_cmpuint (entries->len, >=, 8);
  g_assert_cmpuint (entries->len, <=, 12);
  g_assert_cmpuint (blank->len, ==, entries->len);
  g_assert_cmpuint (null_text->len, ==, entries->len);
  g_assert_true (has_short_id (entries, "win11"));
  g_assert_true (has_short_id (entries, "win10"));
  g_assert_cmpuint (debian_release (entry_at (entries, 0)), >=, 11);
  for (guint d = 0; d < G_N_ELEMENTS (distros); d++)
    {
      guint found = 0;

      for (guint i = 0; i < entries->len; i++)
        if (g_str_has_prefix (entry_at (entries, i)->short_id, distros[d]))
          found++;
      g_assert_cmpuint (found, ==, 1);
    }
  for (guint i = 0; i < entries->len; i++)
    {
      YadoOsEntry *entry = entry_at (entries, i);

      g_test_message ("\"\" lists %s (%s)", entry->name, entry->short_id);
      g_assert_false (entry->eol);
      /* Releases, not development versions nor the "unknown" fallbacks. */
      g_assert_null (strstr (entry->id, "unknown"));
      g_assert_null (strstr (entry->id, "testing"));
      g_assert_null (strstr (entry->id, "rawhide"));
    }
  /* openSUSE Leap 15.x, not 42.3 (older, past its end). */
  for (guint i = 0; i < entries->len; i++)
    if (g_str_has_prefix (entry_at (entries, i)->short_id, "opensuse"))
      g_assert_true (g_str_has_prefix (entry_at (entries, i)->short_id, "opensuse15"));

  /* Fast enough for every keystroke. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GPtrArray) some = yado_os_db_search (db, i % 2 ? "" : "ubu");

      g_assert_cmpuint (some->len, >, 0);
    }
  per_search_ms = (g_get_monotonic_time () - start) / 1000.0 / 100;
  g_test_message ("one search: %.3f ms", per_search_ms);
  g_assert_cmpfloat (per_search_ms, <, 20);
}

/* ---- media ---- */

static char *
make_iso (const char *dir, const char *name, const char *volume_id,
          const char *system_id, const char *publisher)
{
  g_autofree char *content = g_build_filename (dir, "content", NULL);
  char *iso = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  write_file (content, "README.TXT", "Not really an installer.\n");
  g_ptr_array_add (argv, (char *) "xorriso");
  g_ptr_array_add (argv, (char *) "-as");
  g_ptr_array_add (argv, (char *) "mkisofs");
  g_ptr_array_add (argv, (char *) "-quiet");
  g_ptr_array_add (argv, (char *) "-V");
  g_ptr_array_add (argv, (char *) volume_id);
  if (system_id != NULL)
    {
      g_ptr_array_add (argv, (char *) "-sysid");
      g_ptr_array_add (argv, (char *) system_id);
    }
  if (publisher != NULL)
    {
      g_ptr_array_add (argv, (char *) "-publisher");
      g_ptr_array_add (argv, (char *) publisher);
    }
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, iso);
  g_ptr_array_add (argv, content);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return iso;
}

static char *
identify_media (const char *path, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  YadoOsDb *db = test_db ();

  yado_os_db_identify_media_async (db, path, NULL, on_result, &result);
  return yado_os_db_identify_media_finish (db, wait_result (&result, 10000), error);
}

static void
test_identify_media (void)
{
  g_autofree char *dir = make_temp_dir ();
  /* Volume ids as the real media have them (osinfo-db's patterns):
   * Debian's netinst, Fedora Server's DVD (system id LINUX), Windows 11
   * (Microsoft as publisher). */
  g_autofree char *debian = make_iso (dir, "debian.iso", "Debian 11.5.0 amd64 n", NULL, NULL);
  g_autofree char *fedora = make_iso (dir, "fedora.iso", "Fedora-S-dvd-x86_64-37", "LINUX", NULL);
  g_autofree char *windows = make_iso (dir, "win.iso", "CCCOMA_X64FRE_EN-US_DV9", NULL,
                                       "MICROSOFT CORPORATION");
  g_autofree char *other = make_iso (dir, "other.iso", "HOLIDAY_PHOTOS_2019", NULL, NULL);
  struct {
    const char *path;
    const char *os_id;
  } cases[] = {
    { debian, DEBIAN11 },
    { fedora, FEDORA37 },
    { windows, WIN11 },
    /* An ISO of no known OS: no OS, and no error. */
    { other, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *os_id = identify_media (cases[i].path, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (os_id, ==, cases[i].os_id);
    }
  remove_tree (dir);
}

static void
test_identify_media_errors (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.iso", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.iso", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *os_id = NULL;

  os_id = identify_media (missing, &error);
  g_assert_null (os_id);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Cannot read the ISO: "));
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
  g_clear_error (&error);

  write_file (dir, "notes.iso", "Shopping list: milk, eggs.\n");
  os_id = identify_media (text, &error);
  g_assert_null (os_id);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Cannot read the ISO: “notes.iso” is not an ISO 9660 image.");
  g_clear_error (&error);

  /* A directory chosen by mistake. */
  os_id = identify_media (dir, &error);
  g_assert_null (os_id);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Cannot read the ISO: "));
  remove_tree (dir);
}

/* ---- install trees ---- */

typedef struct {
  char   *os_id;
  char   *kernel;
  char   *initrd;
  GError *error;
} TreeAnswer;

static void
tree_answer_clear (TreeAnswer *answer)
{
  g_free (answer->os_id);
  g_free (answer->kernel);
  g_free (answer->initrd);
  g_clear_error (&answer->error);
}

static TreeAnswer
identify_tree (const char *url, GCancellable *cancellable, int timeout_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  YadoOsDb *db = test_db ();
  TreeAnswer answer = { NULL };

  yado_os_db_identify_tree_async (db, url, cancellable, on_result, &result);
  answer.os_id = yado_os_db_identify_tree_finish (db, wait_result (&result, timeout_ms),
                                                  &answer.kernel, &answer.initrd, &answer.error);
  return answer;
}

static const char fedora_treeinfo[] =
  "[header]\ntype = productmd.treeinfo\nversion = 1.2\n\n"
  "[release]\nname = Fedora\nshort = Fedora\nversion = 37\n\n"
  "[general]\narch = x86_64\nfamily = Fedora\nname = Fedora 37\nplatforms = x86_64,xen\n"
  "timestamp = 1667419213\nvariant = Everything\nversion = 37\n\n"
  "[tree]\narch = x86_64\nplatforms = x86_64,xen\nvariants = Everything\n\n"
  "[images-x86_64]\ninitrd = images/pxeboot/initrd.img\nkernel = images/pxeboot/vmlinuz\n\n"
  "[stage2]\nmainimage = images/install.img\n";

static void
test_identify_tree (void)
{
  g_autofree char *root = make_temp_dir ();
  YadoTestHttp *http;

  write_file (root, "fedora/37/Everything/x86_64/os/.treeinfo", fedora_treeinfo);
  write_file (root, "fedora/37/Everything/x86_64/os/images/pxeboot/vmlinuz", "kernel");
  write_file (root, "fedora/37/Everything/x86_64/os/images/pxeboot/initrd.img", "initrd");
  write_file (root, "other/.treeinfo",
              "[general]\narch = x86_64\nfamily = Hobby OS\nversion = 0.1\n\n"
              "[images-x86_64]\nkernel = boot/kernel\ninitrd = boot/initrd\n");
  /* Debian: no .treeinfo; the installer's MANIFEST names its files. */
  write_file (root, "debian/dists/bullseye/main/installer-amd64/current/images/MANIFEST",
              "cdrom/initrd.gz                   -- initrd for use with isolinux\n"
              "netboot/debian-installer/amd64/initrd.gz -- initrd for netboot\n"
              "netboot/debian-installer/amd64/linux     -- kernel image to netboot\n");
  http = yado_test_http_start (root, NULL);

  {
    g_autofree char *url = yado_test_http_url (http, "/fedora/37/Everything/x86_64/os/");
    TreeAnswer answer = identify_tree (url, NULL, 25000);
    g_autofree char *kernel = yado_test_http_url (http, "/fedora/37/Everything/x86_64/os/images/pxeboot/vmlinuz");
    g_autofree char *initrd = yado_test_http_url (http, "/fedora/37/Everything/x86_64/os/images/pxeboot/initrd.img");

    g_assert_no_error (answer.error);
    g_assert_cmpstr (answer.os_id, ==, FEDORA37);
    g_assert_cmpstr (answer.kernel, ==, kernel);
    g_assert_cmpstr (answer.initrd, ==, initrd);
    tree_answer_clear (&answer);
  }
  {
    /* A tree of an OS libosinfo does not know: no OS, but its kernel. */
    g_autofree char *url = yado_test_http_url (http, "/other");
    TreeAnswer answer = identify_tree (url, NULL, 25000);
    g_autofree char *kernel = yado_test_http_url (http, "/other/boot/kernel");

    g_assert_no_error (answer.error);
    g_assert_null (answer.os_id);
    g_assert_cmpstr (answer.kernel, ==, kernel);
    tree_answer_clear (&answer);
  }
  {
    g_autofree char *url = yado_test_http_url (http, "/debian/dists/bullseye/main/installer-amd64/");
    TreeAnswer answer = identify_tree (url, NULL, 25000);
    g_autofree char *images
      = yado_test_http_url (http, "/debian/dists/bullseye/main/installer-amd64/current/images/netboot/debian-installer/amd64/");
    g_autofree char *kernel = g_strconcat (images, "linux", NULL);
    g_autofree char *initrd = g_strconcat (images, "initrd.gz", NULL);

    g_assert_no_error (answer.error);
    g_assert_cmpstr (answer.os_id, ==, DEBIAN11);
    g_assert_cmpstr (answer.kernel, ==, kernel);
    g_assert_cmpstr (answer.initrd, ==, initrd);
    tree_answer_clear (&answer);
  }
  {
    /* A directory of the server that is no tree. */
    g_autofree char *url = yado_test_http_url (http, "/fedora");
    TreeAnswer answer = identify_tree (url, NULL, 25000);

    g_assert_error (answer.error, YADO_ERROR, YADO_ERROR_INVALID);
    g_assert_cmpstr (answer.error->message, ==,
                     "That URL is not an install tree (no .treeinfo or known layout).");
    g_assert_null (answer.os_id);
    g_assert_null (answer.kernel);
    g_assert_null (answer.initrd);
    tree_answer_clear (&answer);
  }
  g_assert_cmpuint (yado_test_http_get_requests (http), >, 0);
  yado_test_http_stop (http);
  remove_tree (root);
}

static void
test_identify_tree_unreachable (void)
{
  g_autoptr(GSocketListener) silent = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint16 port;

  /* A port nobody listens on (taken, then freed). */
  port = g_socket_listener_add_any_inet_port (silent, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (silent);
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/tree", port);
    TreeAnswer answer = identify_tree (url, NULL, 25000);

    g_assert_error (answer.error, YADO_ERROR, YADO_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (answer.error->message, "Cannot read the install tree: "));
    tree_answer_clear (&answer);
  }

  {
    /* libosinfo reads http and https trees only. */
    TreeAnswer answer = identify_tree ("nfs://server/export/fedora", NULL, 25000);

    g_assert_error (answer.error, YADO_ERROR, YADO_ERROR_NOT_SUPPORTED);
    g_assert_null (answer.os_id);
    tree_answer_clear (&answer);
  }

  /* A server that takes the connection and never answers: the time-out
   * (20 s in the wizard, 1 s here). The kernel accepts for it. */
  port = g_socket_listener_add_any_inet_port (silent, NULL, &error);
  g_assert_no_error (error);
  yado_os_db_set_tree_timeout (1);
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/tree", port);
    gint64 start = g_get_monotonic_time ();
    TreeAnswer answer = identify_tree (url, NULL, 10000);

    g_assert_error (answer.error, YADO_ERROR, YADO_ERROR_TIMED_OUT);
    g_assert_cmpstr (answer.error->message, ==, "The install tree did not answer within 1 seconds.");
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    tree_answer_clear (&answer);
  }
  yado_os_db_set_tree_timeout (20);
  {
    /* The user goes back a step: cancelled, quietly. */
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/tree", port);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) cancel_error = NULL;
    YadoOsDb *db = test_db ();
    g_autofree char *os_id = NULL;

    yado_os_db_identify_tree_async (db, url, cancellable, on_result, &result);
    yado_test_iterate_for (200);
    g_cancellable_cancel (cancellable);
    os_id = yado_os_db_identify_tree_finish (db, wait_result (&result, 5000), NULL, NULL,
                                             &cancel_error);
    g_assert_null (os_id);
    g_assert_error (cancel_error, YADO_ERROR, YADO_ERROR_CANCELLED);
  }
  g_socket_listener_close (silent);
}

/* ---- defaults ---- */

static YadoNewVm *
defaults_for (const char *os_id, guint64 host_memory_mib, guint host_cpus)
{
  YadoNewVm *vm = yado_new_vm_new ();

  /* What a previous choice left: the new OS's defaults replace it. */
  vm->arch = g_strdup ("x86_64");
  vm->machine = g_strdup ("pc-i440fx-7.2");
  vm->video = g_strdup ("bochs");
  vm->uefi = vm->secure_boot = vm->tpm = TRUE;
  yado_os_db_apply_defaults (test_db (), os_id, vm, host_memory_mib, host_cpus);
  return vm;
}

static void
test_defaults_linux (void)
{
  g_autoptr(YadoNewVm) vm = defaults_for (DEBIAN11, 16384, 8);

  /* osinfo-db: 1 GiB recommended, 20 GiB; CPUs unsaid, so 2. */
  g_assert_cmpuint (vm->memory_mib, ==, 1024);
  g_assert_cmpuint (vm->vcpus, ==, 2);
  g_assert_cmpuint (vm->disk_size_gib, ==, 20);
  /* Debian boots with a BIOS: no need for UEFI. */
  g_assert_false (vm->uefi);
  g_assert_false (vm->secure_boot);
  g_assert_false (vm->tpm);
  g_assert_true (vm->virtio_disk);
  g_assert_true (vm->virtio_net);
  g_assert_cmpstr (vm->video, ==, "virtio");
  g_assert_true (vm->sound);
  g_assert_true (vm->rng);
  g_assert_true (vm->guest_agent);
  g_assert_true (vm->tablet);
  g_assert_cmpstr (vm->machine, ==, "q35");

  {
    /* Ubuntu 22.04: the database lists no video model; its kernel has
     * virtio-gpu all the same. */
    g_autoptr(YadoNewVm) ubuntu = defaults_for ("http://ubuntu.com/ubuntu/22.04", 16384, 8);

    g_assert_cmpstr (ubuntu->video, ==, "virtio");
    g_assert_cmpuint (ubuntu->memory_mib, ==, 4096);
    g_assert_cmpuint (ubuntu->disk_size_gib, ==, 25);
    g_assert_true (ubuntu->virtio_disk);
    g_assert_true (ubuntu->guest_agent);
  }
  {
    /* aarch64: UEFI is its only firmware; libvirt's machine ("virt"). */
    g_autoptr(YadoNewVm) arm = yado_new_vm_new ();

    arm->arch = g_strdup ("aarch64");
    yado_os_db_apply_defaults (test_db (), DEBIAN11, arm, 16384, 8);
    g_assert_true (arm->uefi);
    g_assert_null (arm->machine);
    g_assert_true (arm->virtio_disk);
  }
}

static void
test_defaults_windows11 (void)
{
  g_autoptr(YadoNewVm) vm = defaults_for (WIN11, 16384, 8);

  /* Windows 11's minimum is what it needs. */
  g_assert_cmpuint (vm->memory_mib, ==, 4096);
  g_assert_cmpuint (vm->vcpus, ==, 2);
  g_assert_cmpuint (vm->disk_size_gib, ==, 64);
  g_assert_true (vm->uefi);
  g_assert_true (vm->secure_boot);
  g_assert_true (vm->tpm);
  /* No virtio drivers on Windows' own media: SATA and e1000e. */
  g_assert_false (vm->virtio_disk);
  g_assert_false (vm->virtio_net);
  g_assert_false (vm->guest_agent);
  g_assert_false (vm->rng);
  g_assert_cmpstr (vm->video, ==, "qxl");
  g_assert_true (vm->sound);
  g_assert_true (vm->tablet);
  g_assert_cmpstr (vm->machine, ==, "q35");

  {
    /* Windows 10 still boots with a BIOS. */
    g_autoptr(YadoNewVm) win10 = defaults_for ("http://microsoft.com/win/10", 16384, 8);

    g_assert_false (win10->uefi);
    g_assert_false (win10->tpm);
    g_assert_false (win10->virtio_disk);
    g_assert_cmpstr (win10->machine, ==, "q35");
  }
}

static void
test_defaults_old (void)
{
  g_autoptr(YadoNewVm) xp = defaults_for (WINXP, 16384, 8);
  g_autoptr(YadoNewVm) dos = defaults_for (MSDOS, 16384, 8);

  /* Windows XP has no AHCI driver: the i440FX machine, plain VGA. */
  g_assert_cmpstr (xp->machine, ==, "pc");
  g_assert_cmpstr (xp->video, ==, "vga");
  g_assert_false (xp->virtio_disk);
  g_assert_false (xp->virtio_net);
  g_assert_false (xp->uefi);
  g_assert_false (xp->tpm);
  g_assert_false (xp->rng);
  g_assert_false (xp->guest_agent);
  /* Its sound card is an AC'97, not the HDA a new VM gets. */
  g_assert_false (xp->sound);
  g_assert_cmpuint (xp->memory_mib, ==, 512);
  g_assert_cmpuint (xp->vcpus, ==, 1);
  g_assert_cmpuint (xp->disk_size_gib, ==, 10);

  /* MS-DOS: nothing known, nothing modern. */
  g_assert_cmpstr (dos->machine, ==, "pc");
  g_assert_cmpstr (dos->video, ==, "vga");
  g_assert_false (dos->virtio_disk);
  g_assert_false (dos->tablet);
  g_assert_false (dos->sound);
  g_assert_cmpuint (dos->memory_mib, ==, 512);
  g_assert_cmpuint (dos->vcpus, ==, 1);
}

static void
test_defaults_unknown (void)
{
  const char *ids[] = { NULL, "http://example.com/no-such-os/1" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(YadoNewVm) vm = defaults_for (ids[i], 16384, 8);

      g_assert_cmpuint (vm->memory_mib, ==, 2048);
      g_assert_cmpuint (vm->vcpus, ==, 2);
      g_assert_cmpuint (vm->disk_size_gib, ==, 20);
      g_assert_false (vm->uefi);
      g_assert_false (vm->secure_boot);
      g_assert_false (vm->tpm);
      g_assert_true (vm->virtio_disk);
      g_assert_true (vm->virtio_net);
      g_assert_cmpstr (vm->video, ==, "virtio");
      g_assert_true (vm->rng);
      g_assert_true (vm->guest_agent);
      g_assert_true (vm->tablet);
      g_assert_cmpstr (vm->machine, ==, "q35");
    }
}

static void
test_defaults_host_caps (void)
{
  /* A small host: 1 GiB and one CPU. Windows 11 asks for 4 GiB and 2. */
  g_autoptr(YadoNewVm) small = defaults_for (WIN11, 1024, 1);
  /* 3000 MiB: the host keeps 512 MiB. */
  g_autoptr(YadoNewVm) medium = defaults_for (WIN11, 3000, 4);
  /* Unknown host (0): the OS's values. */
  g_autoptr(YadoNewVm) unknown = defaults_for (WIN11, 0, 0);

  g_assert_cmpuint (small->memory_mib, ==, 512);
  g_assert_cmpuint (small->vcpus, ==, 1);
  g_assert_cmpuint (medium->memory_mib, ==, 3000 - 512);
  g_assert_cmpuint (medium->vcpus, ==, 2);
  g_assert_cmpuint (unknown->memory_mib, ==, 4096);
  g_assert_cmpuint (unknown->vcpus, ==, 2);
  /* The disk is not the host's RAM: untouched. */
  g_assert_cmpuint (small->disk_size_gib, ==, 64);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* First: it checks that nothing is loaded before. */
  g_test_add_func ("/os-info/load-once", test_load_once);
  g_test_add_func ("/os-info/search/debian", test_search_debian);
  g_test_add_func ("/os-info/search/short-id", test_search_short_id);
  g_test_add_func ("/os-info/search/empty", test_search_empty);
  g_test_add_func ("/os-info/media/identify", test_identify_media);
  g_test_add_func ("/os-info/media/errors", test_identify_media_errors);
  g_test_add_func ("/os-info/tree/identify", test_identify_tree);
  g_test_add_func ("/os-info/tree/unreachable", test_identify_tree_unreachable);
  g_test_add_func ("/os-info/defaults/linux", test_defaults_linux);
  g_test_add_func ("/os-info/defaults/windows11", test_defaults_windows11);
  g_test_add_func ("/os-info/defaults/old", test_defaults_old);
  g_test_add_func ("/os-info/defaults/unknown", test_defaults_unknown);
  g_test_add_func ("/os-info/defaults/host-caps", test_defaults_host_caps);
  return g_test_run ();
}
