/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The Add Hardware dialog's insides, shared by its two files:
 * yado-add-hardware-dialog.c (loading, Finish: checks, volume, attach) and
 * yado-add-hardware-pages.c (the pages' widgets and their defaults).
 */

#include "yado-add-hardware-dialog.h"
#include "yado-domain-config.h"
#include "yado-host-caps.h"
#include "yado-node-device.h"
#include "yado-storage-pool.h"

G_BEGIN_DECLS

typedef struct {
  GtkComboBoxText *type;      /* pty, unix */
  GtkEntry        *path;      /* unix: the socket, optional */
  GtkWidget       *path_label;
  GtkComboBoxText *target;    /* console: virtio, serial; else NULL */
} YadoHwCharPage;

enum {
  YADO_HW_HOSTDEV_LABEL,
  YADO_HW_HOSTDEV_USED,       /* "Used by web-server", or "" */
  YADO_HW_HOSTDEV_INDEX,      /* in node_devices */
  YADO_HW_HOSTDEV_TOOLTIP,    /* the label as markup */
  YADO_HW_HOSTDEV_N_COLUMNS
};

typedef struct {
  YadoNodeDeviceKind kind;
  GtkTreeView       *view;
  GtkListStore      *store;
  GtkLabel          *status;  /* "Looking for ..." / "No ... on this host" */
  GtkLabel          *error;
} YadoHwHostdevPage;

struct _YadoAddHardwareDialog {
  GtkDialog         parent_instance;

  /* the template */
  GtkListBox       *type_list;
  GtkLabel         *page_title;
  GtkStack         *stack;
  GtkInfoBar       *error_bar;
  GtkLabel         *error_label;
  GtkSpinner       *status_spinner;
  GtkLabel         *status_label;
  GtkWidget        *finish_button;

  YadoDomain       *domain;
  YadoConnection   *connection;      /* weak through the domain */
  YadoDomainConfig *config;          /* the next boot's definition */
  YadoHostCaps     *caps;
  GPtrArray        *node_devices;    /* YadoNodeDevice; NULL until listed */
  gboolean          node_devices_asked;
  GCancellable     *cancellable;
  gboolean          ready;
  gboolean          busy;
  gboolean          disposed;
  gboolean          q35;             /* a modern chipset: SATA CD-ROMs, ICH9 sound */
  gboolean          has_spice;       /* a SPICE display, which some devices need */
  GPtrArray        *error_labels;    /* every field's error label */
  gulong            networks_handler;
  gulong            pools_handler;
  /* A volume this Finish created: deleted again if the device is refused. */
  YadoStoragePool  *created_pool;
  char             *created_volume;

  /* Storage */
  GtkComboBoxText  *disk_device;
  GtkComboBoxText  *disk_bus;
  GtkToggleButton  *disk_create;
  GtkToggleButton  *disk_custom;
  GtkComboBoxText  *disk_pool;
  GtkSpinButton    *disk_size;
  GtkLabel         *disk_available;
  GtkComboBoxText  *disk_format;
  GtkEntry         *disk_path;
  GtkWidget        *disk_browse;
  GtkComboBoxText  *disk_cache;
  GtkLabel         *disk_pool_error;
  GtkLabel         *disk_size_error;
  GtkLabel         *disk_path_error;
  GPtrArray        *disk_create_widgets;  /* sensitive with "Create" */
  GPtrArray        *disk_custom_widgets;  /* sensitive with "Select" */

  /* Network */
  GtkComboBoxText  *net_source;
  GtkEntry         *net_device;
  GtkWidget        *net_device_label;
  GtkLabel         *net_device_error;
  GtkLabel         *net_macvtap_note;
  GtkEntry         *net_mac;
  GtkLabel         *net_mac_error;
  GtkLabel         *net_source_error;
  GtkComboBoxText  *net_model;

  GtkComboBoxText  *controller_type;
  GtkComboBoxText  *controller_model;
  GtkComboBoxText  *input_type;

  GtkComboBoxText  *gfx_type;
  GtkComboBoxText  *gfx_listen;
  GtkSpinButton    *gfx_port;
  GtkToggleButton  *gfx_auto_port;
  GtkToggleButton  *gfx_use_password;
  GtkEntry         *gfx_password;

  GtkComboBoxText  *sound_model;
  YadoHwCharPage    serial;
  YadoHwCharPage    parallel;
  YadoHwCharPage    console;
  GtkComboBoxText  *channel_name;
  GtkLabel         *channel_error;
  YadoHwHostdevPage usb;
  YadoHwHostdevPage pci;
  GtkComboBoxText  *video_model;
  GtkToggleButton  *video_3d;
  GtkComboBoxText  *watchdog_model;
  GtkComboBoxText  *watchdog_action;

  GtkComboBoxText  *fs_driver;
  GtkEntry         *fs_source;
  GtkEntry         *fs_target;
  GtkToggleButton  *fs_readonly;
  GtkLabel         *fs_source_error;
  GtkLabel         *fs_target_error;

  GtkComboBoxText  *smartcard_mode;
  GtkLabel         *smartcard_error;
  GtkComboBoxText  *redir_type;
  GtkLabel         *redir_error;
  GtkComboBoxText  *tpm_type;
  GtkComboBoxText  *tpm_model;
  GtkEntry         *tpm_device;
  GtkWidget        *tpm_device_label;
  GtkLabel         *tpm_device_error;
  GtkEntry         *rng_device;
  GtkLabel         *rng_error;
  GtkComboBoxText  *panic_model;
};

/* The device types, in the list's order. */
typedef struct {
  const char     *id;      /* the stack page's name */
  const char     *title;   /* N_() */
  YadoDeviceKind  kind;    /* its icon */
  GtkWidget    *(*build) (YadoAddHardwareDialog *self);
} YadoHwPageInfo;

const YadoHwPageInfo *yado_hw_pages   (guint *n_pages);

/* Builds every page into the stack, with defaults for the domain and the
 * host (self->config, self->caps). */
void  yado_hw_build_pages           (YadoAddHardwareDialog *self);
/* The pool and network lists changed: refill their combos. */
void  yado_hw_refill_pools          (YadoAddHardwareDialog *self);
void  yado_hw_refill_networks       (YadoAddHardwareDialog *self);
/* The host's devices arrived (self->node_devices), or could not be
 * listed (@error). */
void  yado_hw_fill_hostdevs         (YadoAddHardwareDialog *self,
                                     const GError          *error);
/* The pool chosen on the Storage page, or NULL. */
YadoStoragePool *yado_hw_selected_pool (YadoAddHardwareDialog *self);
/* The host device chosen on @page, or NULL. */
YadoNodeDevice  *yado_hw_selected_hostdev (YadoAddHardwareDialog *self,
                                           YadoHwHostdevPage     *page);
G_END_DECLS
