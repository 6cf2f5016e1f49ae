/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/*
 * The consoles a domain offers, for the console menu: graphics devices
 * (VNC, SPICE) and text devices (serial ports, virtio and other consoles).
 *
 * Only the devices Yado can open are listed:
 *  - graphics of type "vnc" or "spice" (not "rdp", "egl-headless",
 *    "dbus", ... which have no viewer here);
 *  - text devices whose host side is a pty (type='pty'): the only kind
 *    virDomainOpenConsole connects to. A serial port writing to a file,
 *    a TCP socket or nowhere ("null") is left out.
 * Leaving a device out does not shift the others' indices: a graphics
 * device keeps its index among all <graphics> elements.
 */
typedef enum {
  YADO_CONSOLE_DEVICE_GRAPHICS,
  YADO_CONSOLE_DEVICE_TEXT,
} YadoConsoleDeviceKind;

typedef struct {
  YadoConsoleDeviceKind kind;
  /* Graphics: index among the domain's <graphics> elements, for
   * virDomainOpenGraphicsFD (yado_domain_open_graphics_async). Text: its
   * position among the text devices of the list (0: the first). */
  guint  index;
  /* Graphics: "vnc", "spice". Text: "serial" for a <serial>, else the
   * <console>'s target type ("virtio", "sclp", ...). */
  char  *type;
  /* Text: the alias libvirt gives the device ("serial0", "console1"), the
   * name virDomainOpenConsole takes. NULL for graphics, and when the XML
   * has none (an inactive domain's XML, libvirt's test driver): such a
   * device cannot be opened. */
  char  *alias;
  /* Translated, for a menu: "VNC", "SPICE", "Serial port 1", "Text
   * console 2 (virtio)". Serial ports and consoles are numbered by their
   * target port, from 1. */
  char  *label;
} YadoConsoleDevice;

void       yado_console_device_free (YadoConsoleDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoConsoleDevice, yado_console_device_free)

/* Parses a domain's XML (its live XML, which has the aliases) into a
 * GPtrArray of YadoConsoleDevice (it frees them): graphics devices first,
 * in document order, then text devices: each <serial>, then each <console>
 * but the one that stands for a serial port (libvirt lists the first
 * serial port again as <console><target type='serial' port='0'/>, with
 * the same alias; like virsh, it counts once). Never NULL: an empty array
 * when there is nothing to show, or when @xml is not XML. */
GPtrArray *yado_console_devices_from_xml (const char *xml);

/* Reads the domain's live XML on the connection's ops worker and lists its
 * consoles as above. */
void       yado_domain_list_console_devices_async  (YadoDomain         *self,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
GPtrArray *yado_domain_list_console_devices_finish (YadoDomain   *self,
                                                    GAsyncResult *result,
                                                    GError      **error);
/* The synchronous twin, for tests: iterates the thread-default main
 * context until the job is done. Never call it from UI code. */
GPtrArray *yado_domain_list_console_devices_sync   (YadoDomain   *self,
                                                    GCancellable *cancellable,
                                                    GError      **error);

G_END_DECLS
