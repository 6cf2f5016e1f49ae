/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yado-enums.h"
#include "yado-stats.h"
#include "yado-auth-request.h"

G_BEGIN_DECLS

#define YADO_TYPE_CONNECTION (yado_connection_get_type ())
G_DECLARE_FINAL_TYPE (YadoConnection, yado_connection, YADO, CONNECTION, GObject)

/*
 * YadoConnection: one libvirt URI, kept live.
 *
 * Lives on the main thread. Every libvirt call it makes runs on one of its
 * two workers: "ops" (open, listing, lifecycle actions, event follow-ups)
 * and "poll" (statistics, at most one poll in flight), so a slow host delays
 * nothing but itself.
 *
 * Signals:
 *   "auth-request" (YadoAuthRequest *request) → gboolean: libvirt needs
 *       credentials, or (+ssh) ssh asks for a password, a passphrase or
 *       whether to trust an unknown host key (yado-askpass-service.h).
 *       A handler that shows a prompt returns TRUE and calls
 *       yado_auth_request_complete() later; the open waits for it.
 *   "stats-updated": one statistics tick was applied to every domain.
 *   "domain-changed" (YadoDomain *domain): a domain's state or details
 *       changed (once per update, however many properties changed).
 *   "devices-changed" (YadoDomain *domain): a device was added or removed.
 */

YadoConnection *yado_connection_new            (const char *uri);

const char     *yado_connection_get_uri        (YadoConnection *self);
/* "QEMU/KVM", "QEMU/KVM User session", "QEMU/KVM: host", "Test: file" */
const char     *yado_connection_get_display_name (YadoConnection *self);
gboolean        yado_connection_is_remote      (YadoConnection *self);
YadoConnectionState yado_connection_get_state  (YadoConnection *self);
/* Why it failed or was lost, or NULL: in a user's words when Yado knows
 * libvirt's message (yado-connection-error.h), else libvirt's words with
 * their context. */
const char     *yado_connection_get_error_message (YadoConnection *self);
/* libvirt's own message behind an explained error message, or NULL. */
const char     *yado_connection_get_error_detail (YadoConnection *self);
/* Seconds until the next automatic reconnect, or -1 when none is planned. */
int             yado_connection_get_retry_in_seconds (YadoConnection *self);
gboolean        yado_connection_get_autoconnect (YadoConnection *self);
void            yado_connection_set_autoconnect (YadoConnection *self,
                                                 gboolean        autoconnect);

/* Read-only: opened on libvirt's read-only socket (VIR_CONNECT_RO), so
 * everything is shown and nothing can be changed (domains' can_* say so).
 * Takes effect at the next open. */
gboolean        yado_connection_get_read_only  (YadoConnection *self);
void            yado_connection_set_read_only  (YadoConnection *self,
                                                gboolean        read_only);

/* Property "asking": a question of the open (a password, a host key)
 * waits for the user's answer. */
gboolean        yado_connection_get_asking     (YadoConnection *self);

/* Host facts, known once connected. */
const char     *yado_connection_get_hostname   (YadoConnection *self);
const char     *yado_connection_get_hypervisor (YadoConnection *self);
guint           yado_connection_get_host_cpus  (YadoConnection *self);
guint64         yado_connection_get_host_memory_kib (YadoConnection *self);

/* Live lists (GListModel of YadoDomain, YadoNetwork, YadoStoragePool). */
GListModel     *yado_connection_get_domains    (YadoConnection *self);
GListModel     *yado_connection_get_networks   (YadoConnection *self);
GListModel     *yado_connection_get_storage_pools (YadoConnection *self);
/* Whether the first listing of domains has been applied. */
gboolean        yado_connection_get_domains_listed (YadoConnection *self);
struct _YadoDomain *yado_connection_lookup_domain (YadoConnection *self,
                                                   const char     *name_or_uuid);

/* Opens the connection (state goes to CONNECTING, then CONNECTED or
 * FAILED). Does nothing while connecting or connected. */
void            yado_connection_open           (YadoConnection *self);
/* Closes it; state goes to DISCONNECTED; no reconnect follows. */
void            yado_connection_close          (YadoConnection *self);
/* After a failure or loss: try again now instead of waiting. */
void            yado_connection_retry_now      (YadoConnection *self);

/* Statistics tick in milliseconds (default 1000; 0 stops polling). */
void            yado_connection_set_stats_interval (YadoConnection *self,
                                                    guint           interval_ms);
guint           yado_connection_get_stats_interval (YadoConnection *self);
/* Host-wide figures for the connection's row (-1 when unknown). */
double          yado_connection_get_host_cpu_percent (YadoConnection *self);
double          yado_connection_get_host_memory_percent (YadoConnection *self);
const YadoHistory *yado_connection_get_host_cpu_history (YadoConnection *self);
const YadoHistory *yado_connection_get_host_memory_history (YadoConnection *self);
guint64         yado_connection_get_stats_ticks (YadoConnection *self);

/* For tests and the benchmark: iterate the thread-default main context
 * until the state is CONNECTED (TRUE) or FAILED (FALSE, @error set), or
 * @timeout_ms passes. Never call from UI code. */
gboolean        yado_connection_open_sync      (YadoConnection *self,
                                                guint           timeout_ms,
                                                GError        **error);

/* Internal to the model: the worker jobs of domains and pools use these. */
struct _YadoWorker *yado_connection_get_ops_worker (YadoConnection *self);
/* A new reference to the libvirt connection (virConnectPtr), or NULL when
 * not connected. Release it with virConnectClose() on a worker thread. */
gpointer        yado_connection_ref_handle     (YadoConnection *self);

G_END_DECLS
