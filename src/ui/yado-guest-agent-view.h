/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-domain.h"
#include "yado-guest-info.h"

G_BEGIN_DECLS

#define YADO_TYPE_GUEST_AGENT_VIEW (yado_guest_agent_view_get_type ())
G_DECLARE_FINAL_TYPE (YadoGuestAgentView, yado_guest_agent_view, YADO, GUEST_AGENT_VIEW, GtkGrid)

/*
 * YadoGuestAgentView: what the QEMU guest agent in a VM reports
 * (yado-guest-info.h): whether it is connected, and then the guest's
 * operating system, host name, time zone, IP addresses and file systems
 * with their usage. Without an agent it says how to get one.
 *
 * Asks when given a domain, then every 10 s while the VM runs and the
 * view is on screen (mapped); unmapping or disposing cancels.
 */
GtkWidget  *yado_guest_agent_view_new        (void);
void        yado_guest_agent_view_set_domain (YadoGuestAgentView *self,
                                              YadoDomain         *domain);

/* Shows @info as if it had just been fetched (for tests: libvirt's test
 * driver has no agent). The next fetch replaces it. */
void        yado_guest_agent_view_show_info  (YadoGuestAgentView  *self,
                                              const YadoGuestInfo *info);

/* What the first line says after "Guest agent": "Checking…",
 * "Connected", "Not connected", "Unavailable" (asking failed). */
const char *yado_guest_agent_view_get_status (YadoGuestAgentView *self);
/* The line under it: how to get an agent, or why it did not answer;
 * "" when there is nothing to add. */
const char *yado_guest_agent_view_get_hint   (YadoGuestAgentView *self);

G_END_DECLS
