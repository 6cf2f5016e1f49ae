/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>

#include "yado-test-utils.h"

char *
yado_test_fixture_uri (const char *name)
{
  const char *root = g_getenv ("YADO_SOURCE_ROOT");
  g_autofree char *path = NULL;

  g_assert_nonnull (root);
  path = g_build_filename (root, "tests", "data", name, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  return g_strconcat ("test://", path, NULL);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_REMOVE;
}

void
yado_test_iterate (void)
{
  guint id = g_timeout_add (10, wake_up, NULL);

  g_main_context_iteration (NULL, TRUE);
  if (g_main_context_find_source_by_id (NULL, id) != NULL)
    g_source_remove (id);
}

void
yado_test_iterate_for (int ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    yado_test_iterate ();
}

YadoConnection *
yado_test_open (const char *uri)
{
  return yado_test_open_full (uri, FALSE);
}

YadoConnection *
yado_test_open_full (const char *uri, gboolean read_only)
{
  YadoConnection *connection = yado_connection_new (uri);
  g_autoptr(GError) error = NULL;

  yado_connection_set_read_only (connection, read_only);
  if (!yado_connection_open_sync (connection, 30000, &error))
    g_error ("Could not open %s: %s", uri, error->message);
  g_assert_cmpint (yado_connection_get_state (connection), ==, YADO_CONNECTION_CONNECTED);
  return connection;
}

YadoDomain *
yado_test_domain (YadoConnection *connection, const char *name)
{
  YadoDomain *domain = yado_connection_lookup_domain (connection, name);

  if (domain == NULL)
    g_error ("No domain called %s", name);
  return domain;
}

struct _YadoTestStallMeter {
  guint  source;
  gint64 last_us;
  gint64 worst_us;
};

static gboolean
on_meter_tick (gpointer data)
{
  YadoTestStallMeter *meter = data;
  gint64 now = g_get_monotonic_time ();

  /* The timer asks for 10 ms: anything beyond is time the loop was busy. */
  meter->worst_us = MAX (meter->worst_us, now - meter->last_us - 10000);
  meter->last_us = now;
  return G_SOURCE_CONTINUE;
}

YadoTestStallMeter *
yado_test_stall_meter_start (void)
{
  YadoTestStallMeter *meter = g_new0 (YadoTestStallMeter, 1);

  meter->last_us = g_get_monotonic_time ();
  meter->source = g_timeout_add (10, on_meter_tick, meter);
  return meter;
}

double
yado_test_stall_meter_stop (YadoTestStallMeter *meter)
{
  double worst_ms;

  /* A stall still going on counts too. */
  on_meter_tick (meter);
  worst_ms = MAX (meter->worst_us, 0) / 1000.0;

  g_source_remove (meter->source);
  g_free (meter);
  return worst_ms;
}

static gint64 step_start_us;

void
yado_test_step_reset (void)
{
  step_start_us = g_get_monotonic_time ();
}

void
yado_test_step (const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (step_start_us == 0)
    yado_test_step_reset ();
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("[%6.2f s] %s", (g_get_monotonic_time () - step_start_us) / 1e6, text);
}

GArray *
yado_test_find_processes (YadoTestProcessMatch match, gpointer data)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  GDir *proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    if (g_ascii_isdigit (name[0]) && match (name, data))
      {
        pid_t pid = (pid_t) atoi (name);

        g_array_append_val (pids, pid);
      }
  g_dir_close (proc);
  return pids;
}

/* Between fork and exec: async-signal-safe only. */
void
yado_test_child_dies_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
yado_test_pool_volume_names (virConnectPtr conn, const char *pool_name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn, pool_name);
  virStorageVolPtr *vols = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int n;

  g_assert_nonnull (pool);
  n = virStoragePoolListAllVolumes (pool, &vols, 0);
  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virStorageVolGetName (vols[i])));
      virStorageVolFree (vols[i]);
    }
  free (vols);
  virStoragePoolFree (pool);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

gboolean
yado_test_has_domain (virConnectPtr conn, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);

  if (dom == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virDomainFree (dom);
  return TRUE;
}
