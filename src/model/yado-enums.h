/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * YadoConnectionState:
 * @YADO_CONNECTION_DISCONNECTED: not connected, by choice (never opened or closed)
 * @YADO_CONNECTION_CONNECTING: an open is under way
 * @YADO_CONNECTION_CONNECTED: open; domains are listed and kept current
 * @YADO_CONNECTION_FAILED: the last open failed; see the error message
 * @YADO_CONNECTION_LOST: was connected, the link died; a reconnect is scheduled
 */
typedef enum {
  YADO_CONNECTION_DISCONNECTED,
  YADO_CONNECTION_CONNECTING,
  YADO_CONNECTION_CONNECTED,
  YADO_CONNECTION_FAILED,
  YADO_CONNECTION_LOST,
} YadoConnectionState;

/* The values are libvirt's virDomainState, so they convert by a cast. */
typedef enum {
  YADO_DOMAIN_NOSTATE = 0,
  YADO_DOMAIN_RUNNING = 1,
  YADO_DOMAIN_BLOCKED = 2,
  YADO_DOMAIN_PAUSED = 3,
  YADO_DOMAIN_SHUTDOWN = 4,
  YADO_DOMAIN_SHUTOFF = 5,
  YADO_DOMAIN_CRASHED = 6,
  YADO_DOMAIN_PMSUSPENDED = 7,
} YadoDomainState;

typedef enum {
  YADO_LIFECYCLE_START,          /* also restores a managed save image */
  YADO_LIFECYCLE_PAUSE,
  YADO_LIFECYCLE_RESUME,
  YADO_LIFECYCLE_SHUTDOWN,       /* ACPI, or the guest agent when present */
  YADO_LIFECYCLE_REBOOT,
  YADO_LIFECYCLE_RESET,          /* force reset */
  YADO_LIFECYCLE_FORCE_OFF,      /* virDomainDestroy */
  YADO_LIFECYCLE_SAVE,           /* managed save */
  YADO_LIFECYCLE_AUTOSTART_ON,
  YADO_LIFECYCLE_AUTOSTART_OFF,
} YadoLifecycleOp;

G_END_DECLS
