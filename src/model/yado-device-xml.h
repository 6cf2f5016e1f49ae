/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * New devices' XML, built with libxml2 (the user's text is always an
 * attribute value or a text node, never markup), for Add Hardware. Each
 * builder returns one device element as a string, for
 * virDomainAttachDeviceFlags. Pure: any thread.
 *
 * A NULL or empty optional field is left out: libvirt then picks its
 * default (an address, a port, a model).
 */

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *device;      /* "disk", "cdrom", "floppy" */
  const char *path;        /* a file (type='file'), or NULL: see pool */
  const char *pool;        /* with volume: type='volume' */
  const char *volume;
  const char *bus;         /* "virtio", "sata", "scsi", "ide", "usb", "fdc" */
  const char *target;      /* "vdb": yado_disk_target_next() */
  const char *format;      /* "qcow2", "raw", or NULL */
  const char *cache;       /* "none", "writeback", ..., or NULL */
  gboolean    readonly;    /* CD-ROMs are read-only anyway */
  gboolean    shareable;
} YadoDiskSpec;

typedef struct {
  const char *type;        /* "network", "bridge", "direct" */
  const char *source;      /* the network, the bridge, the host interface */
  const char *mode;        /* direct: "bridge" (NULL), "vepa", "private", "passthrough" */
  const char *model;       /* "virtio", "e1000e", ..., or NULL */
  const char *mac;         /* NULL: libvirt makes one */
} YadoInterfaceSpec;

typedef struct {
  const char *type;        /* "spice", "vnc" */
  const char *listen;      /* an address; NULL: the hypervisor's default;
                              "none": no network listener */
  int         port;        /* -1: automatic */
  const char *password;    /* NULL: none */
} YadoGraphicsSpec;

typedef struct {
  const char *element;     /* "serial", "parallel", "console", "channel" */
  const char *type;        /* "pty", "unix", "spicevmc", "file" */
  const char *path;        /* unix and file: the socket or file; NULL for
                              unix: libvirt picks one */
  const char *target_type; /* serial: "isa-serial"...; console: "serial",
                              "virtio"; channel: "virtio"; or NULL */
  const char *target_name; /* channel: "org.qemu.guest_agent.0", ... */
} YadoCharSpec;

typedef struct {
  const char *driver;      /* "virtiofs", "path" (virtio-9p) */
  const char *source_dir;
  const char *target;      /* the mount tag */
  gboolean    readonly;
} YadoFilesystemSpec;

char *yado_device_xml_disk        (const YadoDiskSpec       *spec);
char *yado_device_xml_interface   (const YadoInterfaceSpec  *spec);
/* @type "tablet", "mouse", "keyboard"; @bus "usb", "virtio", "ps2". */
char *yado_device_xml_input       (const char *type,
                                   const char *bus);
char *yado_device_xml_graphics    (const YadoGraphicsSpec   *spec);
/* "ich9", "ich6", "ac97", "usb". */
char *yado_device_xml_sound       (const char *model);
char *yado_device_xml_char        (const YadoCharSpec       *spec);
/* The guest agent's channel (unix socket) and SPICE's agent channel. */
char *yado_device_xml_guest_agent_channel (void);
char *yado_device_xml_spice_agent_channel (void);
/* "virtio", "qxl", "vga", ...; @accel3d: virtio's 3D acceleration. */
char *yado_device_xml_video       (const char *model,
                                   gboolean    accel3d);
/* @type "usb", "scsi", "virtio-serial", "sata", "ccid"; @model e.g.
 * "qemu-xhci", "virtio-scsi", or NULL. libvirt picks the index. */
char *yado_device_xml_controller  (const char *type,
                                   const char *model);
/* "0x0781", "0x5567". */
char *yado_device_xml_usb_host    (const char *vendor_id,
                                   const char *product_id);
char *yado_device_xml_pci_host    (guint domain,
                                   guint bus,
                                   guint slot,
                                   guint function);
/* SPICE USB redirection. */
char *yado_device_xml_usb_redir   (void);
/* @model "i6300esb", "ib700", "diag288"; @action "reset", "shutdown",
 * "poweroff", "pause", "none", "dump", "inject-nmi". */
char *yado_device_xml_watchdog    (const char *model,
                                   const char *action);
/* A virtio RNG fed from @device ("/dev/urandom"). */
char *yado_device_xml_rng         (const char *device);
/* @model "tpm-crb", "tpm-tis"; @passthrough_device NULL: an emulated
 * TPM 2.0, else the host's TPM at that path ("/dev/tpm0"). */
char *yado_device_xml_tpm         (const char *model,
                                   const char *passthrough_device);
/* @model NULL: the hypervisor's default; "isa", "hyperv", "pvpanic". */
char *yado_device_xml_panic       (const char *model);
/* @mode "passthrough" (through SPICE) or "host". */
char *yado_device_xml_smartcard   (const char *mode);
char *yado_device_xml_filesystem  (const YadoFilesystemSpec *spec);

/* The first target name for @bus ("vd", "sd", "hd" or "fd" + letters)
 * that none of @used has: "vdb" after "vda". */
char     *yado_disk_target_next   (const char        *bus,
                                   const char *const *used);

/* A random MAC address in QEMU's range, 52:54:00:xx:xx:xx. */
char     *yado_mac_generate       (void);
/* Six pairs of hex digits joined by ':', unicast, not all zero. */
gboolean  yado_mac_is_valid       (const char *mac);
/* Lower case, as libvirt writes it; NULL when not valid. */
char     *yado_mac_normalize      (const char *mac);

G_END_DECLS
