/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-connection.h"
#include "yado-domain.h"
#include "yado-proc.h"

G_BEGIN_DECLS

/* "test:///ABS/tests/data/NAME" */
char *yado_test_fixture_uri (const char *name);

/* One pass of the default main context; wakes at least every 10 ms. */
void  yado_test_iterate (void);

/* Iterates the main context for @ms: lets the other side catch up. */
void  yado_test_iterate_for (int ms);

/* Iterates the main context until @cond holds; fails the test after
 * @timeout_ms with the condition's text. */
#define yado_test_wait_until(cond, timeout_ms)                                  \
  G_STMT_START {                                                              \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _deadline)                              \
          g_error ("%s:%d: timed out after %d ms waiting for: %s",            \
                   __FILE__, __LINE__, (int) (timeout_ms), #cond);            \
        yado_test_iterate ();                                                 \
      }                                                                       \
  } G_STMT_END

/* Opens @uri and waits until it is connected (fails the test otherwise). */
YadoConnection *yado_test_open (const char *uri);
/* The same, read-only when asked. */
YadoConnection *yado_test_open_full (const char *uri, gboolean read_only);
/* The domain called @name, or fails the test. */
YadoDomain     *yado_test_domain (YadoConnection *connection, const char *name);

/* Records the largest gap between ticks of a 10 ms timer on the main
 * loop: how long the main loop was kept from answering. */
typedef struct _YadoTestStallMeter YadoTestStallMeter;
YadoTestStallMeter *yado_test_stall_meter_start (void);
/* Stops it and returns the largest stall in milliseconds. */
double              yado_test_stall_meter_stop  (YadoTestStallMeter *meter);

/* A progress line for the test log, with the seconds since the test's
 * first step (yado_test_step_reset() starts the clock again). */
void yado_test_step_reset (void);
void yado_test_step (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Processes on this machine: each one's pid, as the name of its /proc
 * directory, is given to @match; returns the pids (pid_t) it kept.
 * yado_proc_get_parent() (yado-proc.h) reads a pid's parent. */
typedef gboolean (*YadoTestProcessMatch) (const char *pid, gpointer data);
GArray *yado_test_find_processes (YadoTestProcessMatch match,
                                  gpointer             data);

/* A child_setup for g_spawn and GSubprocessLauncher: the child gets
 * SIGKILL when the test dies, however it dies (PR_SET_PDEATHSIG). */
void yado_test_child_dies_with_parent (gpointer data);

/* The names of the volumes of pool @pool_name, sorted, joined with ",". */
char     *yado_test_pool_volume_names (virConnectPtr conn, const char *pool_name);
/* Whether libvirt knows a domain called @name. */
gboolean  yado_test_has_domain        (virConnectPtr conn, const char *name);

G_END_DECLS
