/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <osinfo/osinfo.h>

#include "yado-error.h"
#include "yado-os-info.h"

/* virt-manager's DETECT_TIMEOUT: a mirror that does not answer in 20 s
 * will not serve an install either. */
#define DEFAULT_TREE_TIMEOUT_S 20
/* Left to the host when the VM's memory is capped (virt-manager caps at
 * the host's RAM, which leaves the host nothing). */
#define HOST_MEMORY_RESERVE_MIB 512
/* A search that matches hundreds (one letter) shows the best few: the
 * user types more rather than scrolling through 800 rows. */
#define MAX_RESULTS 50
#define GIB (G_GINT64_CONSTANT (1) << 30)
#define MIB (G_GINT64_CONSTANT (1) << 20)

/* Devices as libosinfo names them (PCI vendor/device ids). Each has a
 * legacy (virtio 0.9) and a modern (virtio 1.0) id; an OS may list either. */
#define PCI "http://pcisig.com/pci/"
static const char *const virtio_block[] = { PCI "1af4/1001", PCI "1af4/1042", NULL };
static const char *const virtio_net[] = { PCI "1af4/1000", PCI "1af4/1041", NULL };
static const char *const virtio_rng[] = { PCI "1af4/1005", PCI "1af4/1044", NULL };
/* virtio-serial: the guest agent's channel. */
static const char *const virtio_console[] = { PCI "1af4/1003", PCI "1af4/1043", NULL };
static const char *const virtio_gpu[] = { PCI "1af4/1050", NULL };
static const char *const qxl[] = { PCI "1b36/0100", NULL };
/* ich9-hda and ich6 (intel-hda): the sound cards a new VM gets. */
static const char *const hda_audio[] = { PCI "8086/293e", PCI "8086/2668", NULL };
static const char *const usb_tablet[] = { "http://usb.org/usb/80ee/0021", NULL };
static const char *const q35_chipset[] = { "http://qemu.org/chipset/x86/q35", NULL };

/* The empty search: the latest release of each, in this order. An id
 * ending in "/" is a family (its versions follow), else one OS. */
static const char *const common_oses[] = {
  "http://debian.org/debian/",
  "http://ubuntu.com/ubuntu/",
  "http://fedoraproject.org/fedora/",
  "http://microsoft.com/win/11",
  "http://microsoft.com/win/10",
  "http://redhat.com/rhel/",
  "http://almalinux.org/almalinux/",
  "http://rockylinux.org/rocky/",
  "http://centos.org/centos-stream/",
  "http://opensuse.org/opensuse/",
  "http://libosinfo.org/linux/",
};

/* One OS with what the search compares, computed once at load. */
typedef struct {
  OsinfoOs   *os;          /* the database's */
  YadoOsEntry entry;
  char       *name_key;    /* casefolded */
  char       *vendor_key;
  char      **short_keys;  /* every short id ("debian11", "debianbullseye") */
  char       *version;     /* the last part of its id ("11", "testing") */
  char       *codename;    /* casefolded first word ("bullseye", "jammy") */
  int         status;      /* OsinfoReleaseStatus */
} OsRecord;

struct _YadoOsDb {
  OsinfoLoader *loader;
  OsinfoDb     *db;        /* the loader's */
  GPtrArray    *records;   /* OsRecord*, in the database's order */
  GHashTable   *by_id;     /* id → OsRecord* */
};

/* The database is loaded once and kept for the process: every window's
 * wizard shares it, and it is read-only once loaded. */
static GMutex load_lock;
static YadoOsDb *default_db;
static GPtrArray *load_waiters;  /* GTask*: the load in progress */
static guint tree_timeout_s = DEFAULT_TREE_TIMEOUT_S;

/* ---- entries ---- */

YadoOsEntry *
yado_os_entry_copy (const YadoOsEntry *entry)
{
  YadoOsEntry *copy = g_new0 (YadoOsEntry, 1);

  copy->id = g_strdup (entry->id);
  copy->short_id = g_strdup (entry->short_id);
  copy->name = g_strdup (entry->name);
  copy->vendor = g_strdup (entry->vendor);
  copy->family = g_strdup (entry->family);
  copy->release_date = g_strdup (entry->release_date);
  copy->eol = entry->eol;
  return copy;
}

void
yado_os_entry_free (YadoOsEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->short_id);
  g_free (entry->name);
  g_free (entry->vendor);
  g_free (entry->family);
  g_free (entry->release_date);
  g_free (entry);
}

/* ---- loading ---- */

static char *
casefold (const char *text)
{
  return g_utf8_casefold (text != NULL ? text : "", -1);
}

static char **
short_id_keys (OsinfoProduct *product)
{
  g_autoptr(GList) ids = osinfo_product_get_short_id_list (product);
  GPtrArray *keys = g_ptr_array_new ();

  for (GList *l = ids; l != NULL; l = l->next)
    g_ptr_array_add (keys, casefold (l->data));
  g_ptr_array_add (keys, NULL);
  return (char **) g_ptr_array_free (keys, FALSE);
}

/* Ubuntu's codename is "Jammy Jellyfish"; its install trees say "jammy". */
static char *
codename_key (OsinfoProduct *product)
{
  const char *codename = osinfo_product_get_codename (product);
  g_autofree char *key = NULL;
  char *space;

  if (codename == NULL || *codename == '\0')
    return NULL;
  key = casefold (codename);
  space = strchr (key, ' ');
  if (space != NULL)
    *space = '\0';
  return g_steal_pointer (&key);
}

static OsRecord *
record_new (OsinfoOs *os, const char *today)
{
  OsinfoProduct *product = OSINFO_PRODUCT (os);
  OsRecord *record = g_new0 (OsRecord, 1);
  const char *id = osinfo_entity_get_id (OSINFO_ENTITY (os));
  const char *short_id = osinfo_product_get_short_id (product);
  const char *name = osinfo_product_get_name (product);
  const char *eol = osinfo_product_get_eol_date_string (product);
  const char *slash = strrchr (id, '/');

  record->os = os;
  record->entry.id = g_strdup (id);
  record->entry.short_id = g_strdup (short_id);
  record->entry.name = g_strdup (name != NULL ? name : short_id != NULL ? short_id : id);
  record->entry.vendor = g_strdup (osinfo_product_get_vendor (product));
  record->entry.family = g_strdup (osinfo_os_get_family (os));
  record->entry.release_date = g_strdup (osinfo_product_get_release_date_string (product));
  /* Dates are ISO 8601 ("2024-06-30"): they compare as strings. */
  record->entry.eol = eol != NULL && strcmp (eol, today) < 0;
  record->name_key = casefold (record->entry.name);
  record->vendor_key = casefold (record->entry.vendor);
  record->short_keys = short_id_keys (product);
  record->version = g_strdup (slash != NULL ? slash + 1 : id);
  record->codename = codename_key (product);
  record->status = osinfo_os_get_release_status (os);
  return record;
}

static YadoOsDb *
os_db_build (OsinfoLoader *loader)
{
  YadoOsDb *self = g_new0 (YadoOsDb, 1);
  g_autoptr(OsinfoOsList) oses = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  self->loader = loader;
  self->db = osinfo_loader_get_db (loader);
  self->records = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  oses = osinfo_db_get_os_list (self->db);
  for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++)
    {
      OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
      OsRecord *record = record_new (os, today);

      g_ptr_array_add (self->records, record);
      g_hash_table_insert (self->by_id, record->entry.id, record);
    }
  return self;
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(OsinfoLoader) loader = osinfo_loader_new ();
  g_autoptr(OsinfoOsList) oses = NULL;
  g_autoptr(GError) error = NULL;

  /* The loader reads every file it can; a broken one is reported but the
   * rest is usable, so only an empty database is an error. */
  osinfo_loader_process_default_path (loader, &error);
  if (error != NULL)
    g_warning ("libosinfo: %s", error->message);
  oses = osinfo_db_get_os_list (osinfo_loader_get_db (loader));
  if (osinfo_list_get_length (OSINFO_LIST (oses)) == 0)
    {
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_NOT_FOUND, "%s",
                               _("The list of operating systems is missing: "
                                 "install the osinfo-db package."));
      return;
    }
  g_task_return_pointer (task, os_db_build (g_steal_pointer (&loader)), NULL);
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  YadoOsDb *db = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) waiters = NULL;

  g_mutex_lock (&load_lock);
  if (db != NULL)
    default_db = db;
  waiters = g_steal_pointer (&load_waiters);
  g_mutex_unlock (&load_lock);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = waiters->pdata[i];

      if (db != NULL)
        g_task_return_pointer (task, db, NULL);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

void
yado_os_db_load_async (GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GTask) load = NULL;

  g_task_set_source_tag (task, yado_os_db_load_async);
  g_mutex_lock (&load_lock);
  if (default_db != NULL)
    {
      g_mutex_unlock (&load_lock);
      g_task_return_pointer (task, default_db, NULL);
      return;
    }
  if (load_waiters != NULL)
    {
      g_ptr_array_add (load_waiters, g_steal_pointer (&task));
      g_mutex_unlock (&load_lock);
      return;
    }
  load_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (load_waiters, g_steal_pointer (&task));
  g_mutex_unlock (&load_lock);

  /* Not cancellable: another caller may be waiting for the same load. A
   * cancelled caller gets G_IO_ERROR_CANCELLED when it ends. */
  load = g_task_new (NULL, NULL, on_loaded, NULL);
  g_task_run_in_thread (load, load_thread);
}

YadoOsDb *
yado_os_db_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

YadoOsDb *
yado_os_db_get_default (void)
{
  YadoOsDb *db;

  g_mutex_lock (&load_lock);
  db = default_db;
  g_mutex_unlock (&load_lock);
  return db;
}

static OsRecord *
lookup (YadoOsDb *self, const char *os_id)
{
  if (self == NULL || os_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, os_id);
}

YadoOsEntry *
yado_os_db_get_entry (YadoOsDb *self, const char *os_id)
{
  OsRecord *record = lookup (self, os_id);

  return record != NULL ? yado_os_entry_copy (&record->entry) : NULL;
}

const char *
yado_os_db_get_name (YadoOsDb *self, const char *os_id)
{
  OsRecord *record = lookup (self, os_id);

  return record != NULL ? record->entry.name : NULL;
}

const char *
yado_os_db_get_kernel_url_argument (YadoOsDb *self, const char *os_id)
{
  OsRecord *record = lookup (self, os_id);

  return record != NULL ? osinfo_os_get_kernel_url_argument (record->os) : NULL;
}

/* ---- search ---- */

typedef struct {
  OsRecord *record;
  int       rank;
} Hit;

static gboolean
any_key (char **keys, const char *text, gboolean (*match) (const char *, const char *))
{
  for (guint i = 0; keys[i] != NULL; i++)
    if (match (keys[i], text))
      return TRUE;
  return FALSE;
}

static gboolean
key_equal (const char *key, const char *text)
{
  return strcmp (key, text) == 0;
}

static gboolean
key_contains (const char *key, const char *text)
{
  return strstr (key, text) != NULL;
}

static gboolean
key_starts (const char *key, const char *text)
{
  return g_str_has_prefix (key, text);
}

static gboolean
starts_a_word (const char *key, const char *text)
{
  for (const char *at = strstr (key, text); at != NULL; at = strstr (at + 1, text))
    if (at == key || !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (at))))
      return TRUE;
  return FALSE;
}

static gboolean
record_has (const OsRecord *record, const char *word)
{
  return strstr (record->name_key, word) != NULL
         || strstr (record->vendor_key, word) != NULL
         || any_key (record->short_keys, word, key_contains);
}

/* -1: no match. Else lower is better: 0 an exact short id ("win11"),
 * 1 a name or short id that starts with the text ("debian", "fedora": the
 * name of the "unknown Fedora" that detection falls back to),
 * 2 a word of the name that does ("windows" in "Microsoft Windows 11"),
 * 3 every word of the text somewhere in the name, short id or vendor. */
static int
match_rank (const OsRecord *record, const char *text, char **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (!record_has (record, words[i]))
      return -1;
  if (any_key (record->short_keys, text, key_equal))
    return 0;
  if (g_str_has_prefix (record->name_key, text)
      || any_key (record->short_keys, text, key_starts))
    return 1;
  if (starts_a_word (record->name_key, text))
    return 2;
  return 3;
}

/* Releases before development versions (testing, rawhide: no date, or a
 * pre-release) and the "unknown" releases detection falls back to, and
 * all before what reached its end of life. */
static int
record_age_class (const OsRecord *record)
{
  if (record->entry.eol)
    return 2;
  if (record->entry.release_date == NULL || strstr (record->entry.id, "unknown") != NULL
      || record->status == OSINFO_RELEASE_STATUS_PRERELEASE
      || record->status == OSINFO_RELEASE_STATUS_SNAPSHOT)
    return 1;
  return 0;
}

/* "9" < "10", "15.4" < "42.3": runs of digits compare as numbers. */
static int
compare_versions (const char *a, const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          char *end_a, *end_b;
          guint64 number_a = g_ascii_strtoull (a, &end_a, 10);
          guint64 number_b = g_ascii_strtoull (b, &end_b, 10);

          if (number_a != number_b)
            return number_a < number_b ? -1 : 1;
          a = end_a;
          b = end_b;
        }
      else if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      else
        {
          a++;
          b++;
        }
    }
  return (*a != '\0') - (*b != '\0');
}

/* Newest first: by release date, then by version for undated ones. */
static int
compare_newest (const OsRecord *a, const OsRecord *b)
{
  const char *date_a = a->entry.release_date;
  const char *date_b = b->entry.release_date;
  int order;

  if (date_a != NULL && date_b != NULL && (order = strcmp (date_b, date_a)) != 0)
    return order;
  if ((date_a == NULL) != (date_b == NULL))
    return date_a == NULL ? 1 : -1;
  if ((order = compare_versions (b->version, a->version)) != 0)
    return order;
  /* Same day: "Fedora Linux 37" before "Fedora Silverblue 37". */
  if (strlen (a->entry.name) != strlen (b->entry.name))
    return strlen (a->entry.name) < strlen (b->entry.name) ? -1 : 1;
  return strcmp (a->entry.name, b->entry.name);
}

static int
compare_hits (gconstpointer pa, gconstpointer pb)
{
  const Hit *a = pa;
  const Hit *b = pb;

  if (a->rank != b->rank)
    return a->rank - b->rank;
  if (record_age_class (a->record) != record_age_class (b->record))
    return record_age_class (a->record) - record_age_class (b->record);
  return compare_newest (a->record, b->record);
}

/* A family's versions: "http://debian.org/debian/11", not ".../testing"
 * nor ".../unknown" (the fallback detection gives an unknown release). */
static gboolean
in_family (const OsRecord *record, const char *family)
{
  const char *rest;

  if (!g_str_has_suffix (family, "/"))
    return strcmp (record->entry.id, family) == 0;
  if (!g_str_has_prefix (record->entry.id, family))
    return FALSE;
  rest = record->entry.id + strlen (family);
  return g_ascii_isdigit (*rest) && strchr (rest, '/') == NULL && strstr (rest, "unknown") == NULL
         && record->status != OSINFO_RELEASE_STATUS_PRERELEASE
         && record->status != OSINFO_RELEASE_STATUS_SNAPSHOT;
}

/* The latest: the highest version that has not reached its end of life
 * (openSUSE Leap 42.3 came before 15.4, and is past its end). */
static gboolean
is_later (const OsRecord *record, const OsRecord *best)
{
  int order;

  if (best == NULL)
    return TRUE;
  if (record->entry.eol != best->entry.eol)
    return best->entry.eol;
  order = compare_versions (record->version, best->version);
  return order != 0 ? order > 0 : compare_newest (record, best) < 0;
}

static GPtrArray *
list_common (YadoOsDb *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yado_os_entry_free);

  for (guint f = 0; f < G_N_ELEMENTS (common_oses); f++)
    {
      OsRecord *best = NULL;

      for (guint i = 0; i < self->records->len; i++)
        {
          OsRecord *record = self->records->pdata[i];

          if (in_family (record, common_oses[f]) && is_later (record, best))
            best = record;
        }
      if (best != NULL)
        g_ptr_array_add (entries, yado_os_entry_copy (&best->entry));
    }
  return entries;
}

/* Casefolded, blanks trimmed and runs of blanks made one space. */
static char *
normalize_text (const char *text)
{
  g_autofree char *folded = casefold (text);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (out, FALSE);
}

GPtrArray *
yado_os_db_search (YadoOsDb *self, const char *text)
{
  g_autofree char *normal = normalize_text (text);
  g_auto(GStrv) words = NULL;
  g_autoptr(GArray) hits = NULL;
  GPtrArray *entries;

  g_return_val_if_fail (self != NULL, NULL);
  if (*normal == '\0')
    return list_common (self);

  words = g_strsplit (normal, " ", -1);
  hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  for (guint i = 0; i < self->records->len; i++)
    {
      Hit hit = { self->records->pdata[i], 0 };

      hit.rank = match_rank (hit.record, normal, words);
      if (hit.rank >= 0)
        g_array_append_val (hits, hit);
    }
  g_array_sort (hits, compare_hits);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yado_os_entry_free);
  for (guint i = 0; i < hits->len && i < MAX_RESULTS; i++)
    g_ptr_array_add (entries, yado_os_entry_copy (&g_array_index (hits, Hit, i).record->entry));
  return entries;
}

/* ---- media detection ---- */

typedef struct {
  YadoOsDb *db;
  char     *path;
} MediaJob;

static void
media_job_free (MediaJob *job)
{
  g_free (job->path);
  g_free (job);
}

static char *
media_error_message (const char *path, const GError *error)
{
  g_autofree char *name = g_filename_display_basename (path);
  const char *reason;

  /* GIO says what is wrong with the file ("No such file or directory")
   * after libosinfo's "Failed to open file: "; libosinfo's own errors all
   * mean that the file holds no ISO 9660 image. */
  if (error->domain != G_IO_ERROR)
    return g_strdup_printf (_("Cannot read the ISO: “%s” is not an ISO 9660 image."), name);
  reason = strstr (error->message, "Error opening file");
  return g_strdup_printf (_("Cannot read the ISO: %s"), reason != NULL ? reason : error->message);
}

static void
identify_media_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  MediaJob *job = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(OsinfoMedia) media = NULL;
  g_autoptr(OsinfoOs) os = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  /* libosinfo's synchronous reader runs a loop on the thread's context. */
  g_main_context_push_thread_default (context);
  /* No bootability check: detection is about which OS it is, and whether
   * the ISO boots shows when the VM starts. */
  media = osinfo_media_create_from_location_with_flags (job->path, cancellable, 0, &error);
  g_main_context_pop_thread_default (context);

  if (media == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_CANCELLED, "%s", error->message);
  else if (media == NULL)
    {
      message = media_error_message (job->path, error);
      g_task_return_new_error (task, YADO_ERROR, YADO_ERROR_INVALID, "%s", message);
    }
  else if (!osinfo_db_identify_media (job->db->db, media))
    g_task_return_pointer (task, NULL, NULL);
  else
    {
      os = osinfo_media_get_os (media);
      g_task_return_pointer (task, g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os))), g_free);
    }
}

void
yado_os_db_identify_media_async (YadoOsDb           *self,
                                 const char         *iso_path,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  MediaJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (iso_path != NULL);

  job = g_new0 (MediaJob, 1);
  job->db = self;
  job->path = g_strdup (iso_path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yado_os_db_identify_media_async);
  g_task_set_task_data (task, job, (GDestroyNotify) media_job_free);
  /* Our own YADO_ERROR_CANCELLED, not GIO's. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, identify_media_thread);
}

char *
yado_os_db_identify_media_finish (YadoOsDb *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- install tree detection ---- */

/* What the time-out and the thread share: the time-out's source may run
 * while the job ends on the thread, so it holds its own reference. */
typedef struct {
  GCancellable *cancellable;  /* cancelled by the caller's or the time-out */
  gint          timed_out;
} Deadline;

typedef struct {
  YadoOsDb     *db;
  char         *url;          /* without a trailing slash */
  Deadline     *deadline;     /* a reference (g_atomic_rc_box) */
  GCancellable *cancellable;  /* the deadline's */
  GCancellable *caller;
  gulong        caller_handler;
  GSource      *timeout;      /* on the caller's context */
} TreeJob;

typedef struct {
  char *os_id;
  char *kernel_url;
  char *initrd_url;
} TreeResult;

static void
tree_result_free (TreeResult *result)
{
  g_free (result->os_id);
  g_free (result->kernel_url);
  g_free (result->initrd_url);
  g_free (result);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TreeResult, tree_result_free)

static void
deadline_clear (Deadline *deadline)
{
  g_object_unref (deadline->cancellable);
}

static void
deadline_release (gpointer deadline)
{
  g_atomic_rc_box_release_full (deadline, (GDestroyNotify) deadline_clear);
}

static void
tree_job_free (TreeJob *job)
{
  g_source_destroy (job->timeout);
  g_source_unref (job->timeout);
  /* Waits for a handler running on another thread. */
  if (job->caller != NULL)
    g_cancellable_disconnect (job->caller, job->caller_handler);
  g_clear_object (&job->caller);
  deadline_release (job->deadline);
  g_free (job->url);
  g_free (job);
}

void
yado_os_db_set_tree_timeout (guint seconds)
{
  tree_timeout_s = seconds;
}

/* @path relative to the tree ("images/pxeboot/vmlinuz"), or NULL. */
static char *
tree_file_url (const char *tree_url, const char *path)
{
  g_autofree char *base = g_strconcat (tree_url, "/", NULL);

  if (path == NULL || *path == '\0')
    return NULL;
  return g_uri_resolve_relative (base, path, G_URI_FLAGS_NONE, NULL);
}

/* A tree with a .treeinfo: Fedora, RHEL and its rebuilds, CentOS,
 * openSUSE. */
static TreeResult *
read_treeinfo (TreeJob *job, GError **error)
{
  g_autoptr(OsinfoTree) tree = NULL;
  TreeResult *result;

  tree = osinfo_tree_create_from_location (job->url, job->cancellable, error);
  if (tree == NULL)
    return NULL;
  result = g_new0 (TreeResult, 1);
  if (osinfo_db_identify_tree (job->db->db, tree))
    {
      g_autoptr(OsinfoOs) os = osinfo_tree_get_os (tree);

      result->os_id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
    }
  result->kernel_url = tree_file_url (job->url, osinfo_tree_get_kernel_path (tree));
  result->initrd_url = tree_file_url (job->url, osinfo_tree_get_initrd_path (tree));
  return result;
}

/* Debian's and Ubuntu's ".../dists/bookworm/main/installer-amd64": the
 * architecture is in the URL (amd64 when not). */
static char *
debian_arch (const char *url)
{
  const char *at = strstr (url, "installer-");
  const char *end;

  if (at == NULL)
    return g_strdup ("amd64");
  at += strlen ("installer-");
  end = strchr (at, '/');
  return end != NULL ? g_strndup (at, end - at) : g_strdup (at);
}

/* The release is the codename in the URL ("dists/bullseye/"); "stable"
 * and a release the database does not know leave it unknown. */
static char *
debian_os_id (YadoOsDb *db, const char *distro, const char *url)
{
  g_auto(GStrv) parts = g_strsplit (url, "/", -1);

  for (guint p = 0; parts[p] != NULL; p++)
    {
      g_autofree char *part = casefold (parts[p]);

      for (guint i = 0; i < db->records->len && *part != '\0'; i++)
        {
          OsRecord *record = db->records->pdata[i];

          if (g_strcmp0 (record->codename, part) == 0
              && g_strcmp0 (osinfo_os_get_distro (record->os), distro) == 0)
            return g_strdup (record->entry.id);
        }
    }
  return NULL;
}

/* A small file of the tree, or NULL: an error when the server could not
 * be asked, none when it answered that the file is not there. */
static GBytes *
fetch_file (SoupSession *session, const char *url, GCancellable *cancellable, GError **error)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) body = NULL;

  if (message == NULL)
    return NULL;
  body = soup_session_send_and_read (session, message, cancellable, error);
  if (body == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
    return NULL;
  return g_steal_pointer (&body);
}

/* Debian and Ubuntu trees have no .treeinfo: their installer lists its
 * files in current/images/MANIFEST, the netboot kernel and initrd among
 * them (virt-manager reads it the same way). */
static TreeResult *
read_debian_tree (TreeJob *job, GError **error)
{
  static const char *const distros[] = { "debian", "ubuntu" };
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", tree_timeout_s, NULL);
  g_autofree char *manifest_url = g_strconcat (job->url, "/current/images/MANIFEST", NULL);
  g_autofree char *arch = debian_arch (job->url);
  g_autoptr(GBytes) manifest = NULL;
  g_autofree char *text = NULL;

  manifest = fetch_file (session, manifest_url, job->cancellable, error);
  if (manifest == NULL)
    return NULL;
  text = g_strndup (g_bytes_get_data (manifest, NULL), g_bytes_get_size (manifest));
  for (guint i = 0; i < G_N_ELEMENTS (distros); i++)
    {
      g_autofree char *dir = g_strdup_printf ("netboot/%s-installer/%s/", distros[i], arch);
      g_autofree char *kernel = g_strconcat (dir, "linux", NULL);
      g_autofree char *images = g_strconcat (job->url, "/current/images", NULL);
      TreeResult *result;

      if (strstr (text, kernel) == NULL)
        continue;
      result = g_new0 (TreeResult, 1);
      result->os_id = debian_os_id (job->db, distros[i], job->url);
      result->kernel_url = g_strdup_printf ("%s/%s", images, kernel);
      result->initrd_url = g_strdup_printf ("%s/%sinitrd.gz", images, dir);
      return result;
    }
  return NULL;
}

static gboolean
is_http (const char *url)
{
  return g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://");
}

/* A URL that answered, but not as a tree. */
static gboolean
is_not_a_tree (const GError *error)
{
  return error == NULL
         || g_error_matches (error, OSINFO_TREE_ERROR, OSINFO_TREE_ERROR_NO_TREEINFO)
         || error->domain == G_KEY_FILE_ERROR;
}

static GError *
tree_error (TreeJob *job, const GError *error)
{
  const char *reason;

  if (g_atomic_int_get (&job->deadline->timed_out))
    return g_error_new (YADO_ERROR, YADO_ERROR_TIMED_OUT,
                        _("The install tree did not answer within %u seconds."), tree_timeout_s);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (YADO_ERROR, YADO_ERROR_CANCELLED, error->message);
  if (is_not_a_tree (error))
    return g_error_new_literal (YADO_ERROR, YADO_ERROR_INVALID,
                                _("That URL is not an install tree (no .treeinfo or known layout)."));
  if (g_error_matches (error, OSINFO_TREE_ERROR, OSINFO_TREE_ERROR_NOT_SUPPORTED_PROTOCOL))
    return g_error_new_literal (YADO_ERROR, YADO_ERROR_NOT_SUPPORTED,
                                _("Only http and https install trees can be detected: "
                                  "choose the operating system yourself."));
  /* libosinfo's "Failed to load .treeinfo|treeinfo file: " says nothing
   * to the user; what follows does ("Connection refused"). */
  reason = strstr (error->message, "file: ");
  return g_error_new (YADO_ERROR, YADO_ERROR_INVALID, _("Cannot read the install tree: %s"),
                      reason != NULL ? reason + strlen ("file: ") : error->message);
}

static void
identify_tree_thread (GTask *task, gpointer source, gpointer data, GCancellable *unused)
{
  TreeJob *job = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TreeResult) result = NULL;

  /* libosinfo's synchronous download runs a loop on the thread's context. */
  g_main_context_push_thread_default (context);
  result = read_treeinfo (job, &error);
  if (result == NULL && is_not_a_tree (error) && is_http (job->url))
    {
      g_clear_error (&error);
      result = read_debian_tree (job, &error);
    }
  g_main_context_pop_thread_default (context);

  if (result != NULL)
    g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) tree_result_free);
  else
    g_task_return_error (task, tree_error (job, error));
}

static gboolean
on_tree_timeout (gpointer user_data)
{
  Deadline *deadline = user_data;

  g_atomic_int_set (&deadline->timed_out, TRUE);
  g_cancellable_cancel (deadline->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static char *
trim_url (const char *url)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url));
  gsize length = strlen (trimmed);

  while (length > 0 && trimmed[length - 1] == '/')
    trimmed[--length] = '\0';
  return g_steal_pointer (&trimmed);
}

void
yado_os_db_identify_tree_async (YadoOsDb           *self,
                                const char         *url,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  TreeJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (url != NULL);

  job = g_new0 (TreeJob, 1);
  job->db = self;
  job->url = trim_url (url);
  job->deadline = g_atomic_rc_box_new0 (Deadline);
  job->deadline->cancellable = g_cancellable_new ();
  job->cancellable = job->deadline->cancellable;
  if (cancellable != NULL)
    {
      job->caller = g_object_ref (cancellable);
      job->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                   job->cancellable, NULL);
    }
  job->timeout = g_timeout_source_new_seconds (tree_timeout_s);
  g_source_set_callback (job->timeout, on_tree_timeout,
                         g_atomic_rc_box_acquire (job->deadline), deadline_release);
  g_source_attach (job->timeout, g_main_context_get_thread_default ());

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yado_os_db_identify_tree_async);
  g_task_set_task_data (task, job, (GDestroyNotify) tree_job_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, identify_tree_thread);
}

char *
yado_os_db_identify_tree_finish (YadoOsDb     *self,
                                 GAsyncResult *result,
                                 char        **kernel_url,
                                 char        **initrd_url,
                                 GError      **error)
{
  g_autoptr(TreeResult) tree = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  if (kernel_url != NULL)
    *kernel_url = NULL;
  if (initrd_url != NULL)
    *initrd_url = NULL;
  tree = g_task_propagate_pointer (G_TASK (result), error);
  if (tree == NULL)
    return NULL;
  if (kernel_url != NULL)
    *kernel_url = g_steal_pointer (&tree->kernel_url);
  if (initrd_url != NULL)
    *initrd_url = g_steal_pointer (&tree->initrd_url);
  return g_steal_pointer (&tree->os_id);
}

/* ---- defaults ---- */

static gboolean
has_device (OsinfoDeviceList *devices, const char *const *ids)
{
  for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devices)); i++)
    {
      const char *id = osinfo_entity_get_id (osinfo_list_get_nth (OSINFO_LIST (devices), i));

      if (g_strv_contains (ids, id))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_x86 (const char *arch)
{
  return g_str_equal (arch, "x86_64") || g_str_equal (arch, "i686") || g_str_equal (arch, "i386");
}

static void
set_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* The arch's own entry, else the one for every arch. */
static OsinfoResources *
resources_for (OsinfoResourcesList *list, const char *arch)
{
  OsinfoResources *all = NULL;

  for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (list)); i++)
    {
      OsinfoResources *resources = OSINFO_RESOURCES (osinfo_list_get_nth (OSINFO_LIST (list), i));
      const char *resources_arch = osinfo_resources_get_architecture (resources);

      if (g_strcmp0 (resources_arch, arch) == 0)
        return resources;
      if (g_strcmp0 (resources_arch, OSINFO_ARCHITECTURE_ALL) == 0)
        all = resources;
    }
  return all;
}

typedef struct {
  gint64 ram;      /* bytes; -1: unknown */
  gint64 storage;
  gint64 n_cpus;
} Resources;

static Resources
resources_read (OsinfoResourcesList *list, const char *arch)
{
  OsinfoResources *resources = resources_for (list, arch);
  Resources out = { -1, -1, -1 };

  if (resources != NULL)
    {
      out.ram = osinfo_resources_get_ram (resources);
      out.storage = osinfo_resources_get_storage (resources);
      out.n_cpus = osinfo_resources_get_n_cpus (resources);
    }
  return out;
}

/* The recommended value, never below the minimum; without a
 * recommendation, the minimum or @fallback, whichever is more (Windows 11
 * gives only its minimum: 4 GiB, 2 CPUs, 64 GiB, which it needs). */
static gint64
resource_value (gint64 recommended, gint64 minimum, gint64 fallback)
{
  if (recommended > 0)
    return MAX (recommended, minimum);
  return MAX (minimum, fallback);
}

/* What libosinfo says of the firmware for @arch. Without a word from it,
 * x86 has a BIOS and other arches (aarch64's virt machine) only UEFI. */
static void
firmware_support (OsinfoOs *os, const char *arch, gboolean *efi, gboolean *bios)
{
  g_autoptr(OsinfoFirmwareList) firmwares = osinfo_os_get_complete_firmware_list (os, NULL);

  *bios = is_x86 (arch);
  *efi = !*bios;
  for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (firmwares)); i++)
    {
      OsinfoFirmware *firmware = OSINFO_FIRMWARE (osinfo_list_get_nth (OSINFO_LIST (firmwares), i));
      const char *type = osinfo_firmware_get_firmware_type (firmware);

      if (g_strcmp0 (osinfo_firmware_get_architecture (firmware), arch) != 0)
        continue;
      if (g_strcmp0 (type, "efi") == 0)
        *efi = osinfo_firmware_is_supported (firmware);
      else if (g_strcmp0 (type, "bios") == 0)
        *bios = osinfo_firmware_is_supported (firmware);
    }
}

static gboolean
released_before (const OsRecord *record, const char *date)
{
  return record->entry.release_date != NULL && strcmp (record->entry.release_date, date) < 0;
}

/* Too old for q35: its disks are on AHCI (SATA) and it has no IDE, and
 * OSes from before ~2010 may lack an AHCI driver (Windows XP has none),
 * so they get the i440FX "pc" machine. libosinfo lists the q35 chipset
 * for the OSes known to run on it; those it does not but that came out
 * since 2010 have AHCI drivers all the same. */
static gboolean
is_old (const OsRecord *record, OsinfoDeviceList *devices)
{
  return !has_device (devices, q35_chipset) && released_before (record, "2010-01-01");
}

/* virtio-gpu when libosinfo lists it; Linux has had its driver since 4.2
 * (2015), so a Linux with virtio drivers from 2016 on has it even where
 * the database does not say (Ubuntu 22.04). QXL for the rest that know
 * it (Windows, with the QXL driver), plain VGA for old OSes. */
static const char *
video_model (const OsRecord *record, OsinfoDeviceList *devices, gboolean old)
{
  gboolean linux_ = g_strcmp0 (record->entry.family, "linux") == 0;

  if (has_device (devices, virtio_gpu))
    return "virtio";
  if (linux_ && has_device (devices, virtio_block) && record->entry.release_date != NULL
      && !released_before (record, "2016-01-01"))
    return "virtio";
  if (!old && has_device (devices, qxl))
    return "qxl";
  return "vga";
}

/* An OS the database gives no figures for gets what an OS of its age
 * runs well with. */
static void
apply_resources (const OsRecord *record, const char *arch, gboolean old, YadoNewVm *vm)
{
  g_autoptr(OsinfoResourcesList) recommended_list = osinfo_os_get_recommended_resources (record->os);
  g_autoptr(OsinfoResourcesList) minimum_list = osinfo_os_get_minimum_resources (record->os);
  Resources recommended = resources_read (recommended_list, arch);
  Resources minimum = resources_read (minimum_list, arch);
  gint64 ram = resource_value (recommended.ram, minimum.ram, (old ? 512 : 2048) * MIB);
  gint64 storage = resource_value (recommended.storage, minimum.storage, 20 * GIB);

  vm->memory_mib = (guint64) ((ram + MIB - 1) / MIB);
  vm->vcpus = (guint) resource_value (recommended.n_cpus, minimum.n_cpus, old ? 1 : 2);
  vm->disk_size_gib = (guint64) ((storage + GIB - 1) / GIB);
}

static void
apply_os (const OsRecord *record, YadoNewVm *vm)
{
  const char *arch = vm->arch != NULL ? vm->arch : "x86_64";
  g_autoptr(OsinfoDeviceList) devices = osinfo_os_get_all_devices (record->os, NULL);
  /* Windows has no virtio drivers of its own: they come on a separate
   * ISO (virtio-win) the installer would need before it sees the disk.
   * So SATA and e1000e, and no guest agent (it needs virtio-serial). */
  gboolean windows = g_strcmp0 (osinfo_os_get_distro (record->os), "win") == 0;
  gboolean linux_ = g_strcmp0 (record->entry.family, "linux") == 0;
  gboolean old = is_x86 (arch) && is_old (record, devices);
  gboolean efi, bios;

  apply_resources (record, arch, old, vm);
  firmware_support (record->os, arch, &efi, &bios);
  /* BIOS wherever it works: simpler, and no NVRAM to keep. */
  vm->uefi = efi && !bios;
  /* Windows 11 needs TPM 2.0 and secure boot. osinfo-db (0.20221130)
   * records only that it needs UEFI (BIOS unsupported), so: a Windows
   * that needs UEFI gets both, as virt-manager adds a TPM with UEFI. */
  vm->secure_boot = windows && vm->uefi;
  vm->tpm = windows && vm->uefi;
  vm->virtio_disk = !windows && has_device (devices, virtio_block);
  vm->virtio_net = !windows && has_device (devices, virtio_net);
  set_string (&vm->video, video_model (record, devices, old));
  vm->sound = has_device (devices, hda_audio);
  vm->rng = has_device (devices, virtio_rng);
  vm->guest_agent = linux_ && !windows && has_device (devices, virtio_console);
  /* An absolute pointer: the mouse follows the host's without grabs. An
   * old OS the database gives no USB tablet for (MS-DOS) has no driver. */
  vm->tablet = has_device (devices, usb_tablet) || !old;
  /* Other arches: libvirt's default machine ("virt" on aarch64). */
  set_string (&vm->machine, !is_x86 (arch) ? NULL : old ? "pc" : "q35");
}

/* No OS chosen: what a current OS runs well with. */
static void
apply_generic (YadoNewVm *vm)
{
  const char *arch = vm->arch != NULL ? vm->arch : "x86_64";

  vm->memory_mib = 2048;
  vm->vcpus = 2;
  vm->disk_size_gib = 20;
  vm->uefi = !is_x86 (arch);
  vm->secure_boot = FALSE;
  vm->tpm = FALSE;
  vm->virtio_disk = TRUE;
  vm->virtio_net = TRUE;
  set_string (&vm->video, "virtio");
  vm->sound = TRUE;
  vm->rng = TRUE;
  vm->guest_agent = TRUE;
  vm->tablet = TRUE;
  set_string (&vm->machine, is_x86 (arch) ? "q35" : NULL);
}

/* The host keeps 512 MiB for itself (half of a small host's). */
static void
cap_to_host (YadoNewVm *vm, guint64 host_memory_mib, guint host_cpus)
{
  if (host_memory_mib > 0)
    {
      guint64 cap = host_memory_mib > 2 * HOST_MEMORY_RESERVE_MIB
                      ? host_memory_mib - HOST_MEMORY_RESERVE_MIB : host_memory_mib / 2;

      vm->memory_mib = MIN (vm->memory_mib, MAX (cap, 1));
    }
  if (host_cpus > 0)
    vm->vcpus = MIN (vm->vcpus, host_cpus);
  vm->vcpus = MAX (vm->vcpus, 1);
}

void
yado_os_db_apply_defaults (YadoOsDb   *self,
                           const char *os_id,
                           YadoNewVm  *vm,
                           guint64     host_memory_mib,
                           guint       host_cpus)
{
  OsRecord *record = lookup (self, os_id);

  g_return_if_fail (vm != NULL);
  if (record != NULL)
    apply_os (record, vm);
  else
    apply_generic (vm);
  cap_to_host (vm, host_memory_mib, host_cpus);
}
