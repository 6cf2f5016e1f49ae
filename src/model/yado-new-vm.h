/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A new VM as the New VM wizard describes it: a plain struct the UI fills
 * step by step (with defaults from the OS, yado-os-info.h), from which
 * yado-new-vm-xml.c builds the domain XML with libxml2 (pure, golden-file
 * tested) and yado-new-vm-install.c makes it on the host (the volume, the
 * cloud-init seed, the definition, the start), removing what it made if
 * any step fails.
 */

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  YADO_INSTALL_ISO,          /* boot an ISO or CD-ROM (path or volume) */
  YADO_INSTALL_URL,          /* network install tree: kernel + initrd from it */
  YADO_INSTALL_PXE,          /* boot from the network */
  YADO_INSTALL_IMPORT,       /* boot an existing disk image */
  YADO_INSTALL_CLOUD_IMAGE,  /* a cloud image (qcow2), configured by cloud-init */
  YADO_INSTALL_MANUAL,       /* no media; the user sets the boot order */
} YadoInstallMethod;

typedef enum {
  YADO_DISK_NONE,            /* no disk (a live CD, PXE-only, ...) */
  YADO_DISK_NEW,             /* a new volume in a pool */
  YADO_DISK_EXISTING,        /* an existing path or volume */
} YadoDiskChoice;

typedef enum {
  YADO_NET_NONE,
  YADO_NET_NETWORK,          /* a libvirt virtual network */
  YADO_NET_BRIDGE,           /* a host bridge */
  YADO_NET_DIRECT,           /* macvtap on a host device */
  YADO_NET_USER,             /* user-mode networking (session connections) */
} YadoNetChoice;

typedef struct {
  /* Where and what */
  char             *name;
  char             *uuid;           /* NULL: libvirt makes one; the FINAL definition
                                       must give the INSTALL one's (libvirt refuses
                                       another UUID under the same name) */
  char             *virt_type;      /* "kvm", "qemu", "test" */
  char             *arch;           /* "x86_64" */
  char             *machine;        /* "q35", "pc", or a full name; NULL: libvirt's */
  char             *emulator;       /* NULL: libvirt's */
  char             *os_id;          /* libosinfo's id ("http://debian.org/debian/12"), or NULL */
  char             *os_name;        /* "Debian 12", for the description; NULL when unknown */

  /* Install source */
  YadoInstallMethod method;
  char             *media_path;     /* ISO (path on the host) or the cloud/import image */
  char             *install_url;    /* URL */
  char             *kernel_args;    /* URL: extra kernel arguments */
  char             *kernel_url_arg; /* URL: libosinfo's kernel-url-argument for the OS
                                       ("inst.repo", "install", "method"): the
                                       cmdline gets ARG=install_url; NULL: the
                                       tree's kernel finds its packages itself */
  char             *kernel_path;    /* URL: the kernel and initrd, fetched to the host */
  char             *initrd_path;
  char             *seed_path;      /* CLOUD_IMAGE: the NoCloud seed ISO on the host */
  char             *network_boot;   /* PXE: the network to boot from (= the NIC's) */

  /* Resources */
  guint64           memory_mib;
  guint             vcpus;

  /* Firmware and devices (OS-aware defaults) */
  gboolean          uefi;
  gboolean          secure_boot;
  gboolean          tpm;
  gboolean          virtio_disk;    /* else SATA */
  gboolean          virtio_net;     /* else e1000e */
  char             *video;          /* "virtio", "qxl", "vga", "bochs" */
  char             *graphics;       /* "spice", "vnc" */
  gboolean          sound;
  gboolean          rng;            /* virtio-rng from /dev/urandom */
  gboolean          guest_agent;    /* the qemu-ga channel */
  gboolean          tablet;         /* a USB tablet (absolute pointer) */

  /* Storage */
  YadoDiskChoice    disk;
  char             *disk_pool;      /* NEW: the pool */
  guint64           disk_size_gib;  /* NEW */
  char             *disk_format;    /* NEW: "qcow2" or "raw" */
  char             *disk_path;      /* EXISTING, or NEW once created */

  /* Network */
  YadoNetChoice     net;
  char             *net_source;     /* network name, bridge or host device */
  char             *mac;            /* NULL: generated */
} YadoNewVm;

YadoNewVm *yado_new_vm_new  (void);
void       yado_new_vm_free (YadoNewVm *vm);
YadoNewVm *yado_new_vm_copy (const YadoNewVm *vm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoNewVm, yado_new_vm_free)

/* The wizard's steps need at least these; NULL when @vm can be made,
 * else a sentence for the user ("Choose an ISO image."). */
char      *yado_new_vm_check    (const YadoNewVm *vm);

G_END_DECLS
