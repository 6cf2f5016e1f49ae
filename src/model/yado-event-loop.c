/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <signal.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-event-loop.h"

static void
ignore_libvirt_error (void *user_data, virErrorPtr error)
{
}

void
yado_event_loop_ensure_registered (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      if (virInitialize () < 0 || virEventRegisterDefaultImpl () < 0)
        g_error ("Could not register libvirt's event loop: %s", virGetLastErrorMessage ());
      /* libvirt prints every error on stderr by default; Yado reports
       * them itself, where they happened. */
      virSetErrorFunc (NULL, ignore_libvirt_error);
      /* libvirt writes to a daemon's socket (and to ssh's) with write():
       * a daemon that died must be a failed call, not a SIGPIPE that kills
       * the whole window. virsh and virt-manager ignore it too. */
      signal (SIGPIPE, SIG_IGN);
      g_once_init_leave (&initialized, 1);
    }
}

void
yado_event_loop_dispatch (GMainContext  *context,
                          GSourceFunc    func,
                          gpointer       data,
                          GDestroyNotify destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, context);
  g_source_unref (source);
}
