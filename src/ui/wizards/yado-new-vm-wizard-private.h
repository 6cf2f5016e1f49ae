/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The New VM wizard's insides, shared by its files:
 *   yado-new-vm-wizard.c    the dialog: steps, buttons, the host, Finish;
 *   yado-new-vm-source.c    step 1 (connection, architecture, method) and
 *                           the media check (libosinfo's detection);
 *   yado-new-vm-os.c        step 2 (detected or chosen OS, its defaults);
 *   yado-new-vm-resources.c steps 3 and 4 (memory and CPUs, storage);
 *   yado-new-vm-name.c      step 5 (name, summary, network, MAC).
 *
 * Each step has a build function (its widgets, once), an enter function
 * (fills them from self->vm when the step is shown), a check (says what is
 * wrong under the fields; FALSE when something is) and a collect function
 * (writes the fields into self->vm).
 */

#include "yado-new-vm-wizard.h"
#include "yado-cloud-init.h"
#include "yado-host-caps.h"
#include "yado-os-info.h"
#include "yado-storage-pool.h"
#include "yado-wizard-form.h"

G_BEGIN_DECLS

typedef enum {
  YADO_NVW_STEP_SOURCE,
  YADO_NVW_STEP_OS,
  YADO_NVW_STEP_MEMORY,
  YADO_NVW_STEP_STORAGE,
  YADO_NVW_STEP_NAME,
  YADO_NVW_N_STEPS,
  YADO_NVW_STEP_PROGRESS = YADO_NVW_N_STEPS,
} YadoNvwStep;

#define YADO_NVW_N_METHODS (YADO_INSTALL_MANUAL + 1)

/* A path typed, browsed for (on this computer) or chosen among the host's
 * volumes. */
typedef struct {
  GtkEntry  *entry;
  GtkWidget *browse;
  GtkWidget *volume;
  GtkLabel  *error;
  guint64    volume_capacity;  /* of the volume chosen, 0 when typed */
} YadoNvwPath;

struct _YadoNewVmWizard {
  GtkDialog         parent_instance;

  /* the template */
  GtkBox           *steps_box;
  GtkLabel         *header_label;
  GtkStack         *stack;
  GtkBox           *pages[YADO_NVW_N_STEPS];
  GtkSpinner       *progress_spinner;
  GtkLabel         *progress_title;
  GtkLabel         *progress_status;
  GtkProgressBar   *progress_bar;
  GtkWidget        *progress_error_box;
  GtkLabel         *progress_error;
  GtkWidget        *back_button;
  GtkWidget        *forward_button;
  GtkWidget        *finish_button;
  GtkWidget        *cancel_button;

  GtkLabel         *step_labels[YADO_NVW_N_STEPS];
  GPtrArray        *errors[YADO_NVW_N_STEPS];   /* each step's error labels */
  GtkSizeGroup     *labels;                     /* every page's label column */
  YadoNvwStep       step;
  gboolean          disposed;
  GCancellable     *cancellable;                /* the wizard's life */

  /* The host */
  GListModel       *connections;
  GPtrArray        *connection_handlers;        /* YadoConnection watched (refs) */
  YadoConnection   *connection;                 /* the chosen one (ref) */
  GHashTable       *caps_by_type;               /* "kvm" → its YadoHostCaps, for the arch */
  YadoHostCaps     *caps;                       /* the chosen type's (borrowed) */
  GCancellable     *caps_cancellable;
  gboolean          caps_loading;
  gulong            networks_handler;
  gulong            pools_handler;
  gulong            domains_handler;

  /* libosinfo */
  YadoOsDb         *os_db;
  char             *detected_os;                /* from the media, or NULL */
  char             *detected_for;               /* the path or URL checked */
  char             *detect_error;               /* its error, or NULL */
  char             *detecting_for;              /* the path or URL being checked */
  char             *tree_kernel;                /* the install tree's kernel URL, or NULL */
  char             *tree_initrd;                /* and its initrd's */
  GCancellable     *detect_cancellable;
  guint             detect_timeout;
  gboolean          detecting;
  gboolean          forward_after_detect;       /* Forward pressed while it ran */
  char             *chosen_os;                  /* chosen in the list; "" generic */
  char             *applied_os;                 /* os_id the defaults are from; "" generic */
  gpointer          applied_connection;         /* and the host they were for (compared only) */
  guint64           recommended_memory_mib;     /* of the chosen OS */

  /* The description being filled */
  YadoNewVm        *vm;
  gboolean          name_edited;

  /* Finish */
  GCancellable     *create_cancellable;
  gboolean          creating;
  gboolean          mac_checking;

  /* Step 1: source */
  GtkComboBox      *connection_combo;
  GtkListStore     *connection_store;
  GtkLabel         *connection_error;
  GtkLabel         *kvm_warning;
  GtkExpander      *arch_expander;
  GPtrArray        *arch_widgets;               /* shown when expanded */
  GtkComboBoxText  *virt_type_combo;
  GtkComboBoxText  *arch_combo;
  GtkLabel         *arch_error;
  GtkComboBoxText  *machine_combo;
  GtkToggleButton  *method_radios[YADO_NVW_N_METHODS];
  GPtrArray        *method_widgets[YADO_NVW_N_METHODS];
  YadoNvwPath       iso;
  GtkWidget        *detect_box[2];              /* spinner + status under the ISO, the URL */
  GtkSpinner       *detect_spinner[2];
  GtkLabel         *detect_status[2];
  GtkEntry         *url_entry;
  GtkLabel         *url_error;
  GtkExpander      *kernel_args_expander;
  GPtrArray        *kernel_args_widgets;
  GtkEntry         *kernel_args_entry;
  GtkComboBoxText  *pxe_network_combo;
  GtkLabel         *pxe_error;
  YadoNvwPath       import;
  YadoNvwPath       cloud;
  GtkEntry         *cloud_user;
  GtkLabel         *cloud_user_error;
  GtkEntry         *cloud_password;
  GtkEntry         *cloud_key;
  GtkLabel         *cloud_key_error;

  /* Step 2: operating system */
  GtkToggleButton  *detect_check;
  GtkSpinner       *os_detect_spinner;
  GtkLabel         *os_detect_label;
  GtkSearchEntry   *os_search;
  GtkTreeView      *os_view;
  GtkListStore     *os_store;
  GtkLabel         *os_error;
  GtkLabel         *os_loading;
  GtkLabel         *defaults_title;
  GtkLabel         *defaults_label;
  GtkLabel         *firmware_note;
  gboolean          os_filling;                 /* refilling the list: no selection changes */

  /* Step 3: memory and CPUs */
  GtkSpinButton    *memory_spin;
  GtkLabel         *memory_note;
  GtkLabel         *memory_warning;
  GtkLabel         *memory_error;
  GtkSpinButton    *vcpus_spin;
  GtkLabel         *vcpus_note;

  /* Step 4: storage */
  GtkToggleButton  *storage_check;
  GtkToggleButton  *disk_new_radio;
  GtkToggleButton  *disk_existing_radio;
  GtkLabel         *storage_image_note;         /* import / cloud image: the image */
  GtkSpinButton    *disk_size;
  GtkLabel         *disk_size_error;
  GtkComboBoxText  *disk_format;
  GtkComboBoxText  *disk_pool;
  GtkLabel         *disk_pool_error;
  GtkLabel         *disk_name_note;
  YadoNvwPath       disk_path;
  GPtrArray        *storage_new_widgets;        /* size, format, pool */
  GPtrArray        *storage_format_widgets;
  GPtrArray        *storage_existing_widgets;
  GPtrArray        *storage_choice_widgets;     /* the check and the radios */

  /* Step 5: name and network */
  GtkEntry         *name_entry;
  GtkLabel         *name_error;
  GtkLabel         *summary_os;
  GtkLabel         *summary_install;
  GtkLabel         *summary_memory;
  GtkLabel         *summary_cpus;
  GtkLabel         *summary_storage;
  GtkLabel         *summary_firmware;
  GtkComboBoxText  *net_combo;
  GtkLabel         *net_error;
  GtkWidget        *net_device_label;
  GtkEntry         *net_device;
  GtkLabel         *net_device_error;
  GtkEntry         *mac_entry;
  GtkLabel         *mac_error;
  GtkToggleButton  *customize_check;
};

/* yado-new-vm-wizard.c */
/* Forward's (Finish's) state, from the current step's error labels and
 * what is still running. */
void        yado_nvw_update_buttons    (YadoNewVmWizard *self);
/* The form of @step's page, its errors registered for the buttons. */
YadoWizardForm yado_nvw_form           (YadoNewVmWizard *self,
                                        YadoNvwStep      step);
/* The chosen method. */
YadoInstallMethod yado_nvw_method      (YadoNewVmWizard *self);
gboolean    yado_nvw_is_local          (YadoNewVmWizard *self);
/* A qemu:///session-like connection: user-mode networking. */
gboolean    yado_nvw_is_session        (YadoNewVmWizard *self);
/* The host's memory in MiB and CPUs (0 when unknown). */
guint64     yado_nvw_host_memory_mib   (YadoNewVmWizard *self);
guint       yado_nvw_host_cpus         (YadoNewVmWizard *self);
/* The active pool called @name on the connection, or NULL (borrowed). */
YadoStoragePool *yado_nvw_find_pool    (YadoNewVmWizard *self,
                                        const char      *name);
/* A path field: entry, "Browse…" (this computer only), "Choose a
 * Volume…" (the host's pools), and its error label named @error_name. */
void        yado_nvw_path_row          (YadoNewVmWizard *self,
                                        YadoWizardForm  *form,
                                        YadoNvwPath     *path,
                                        const char      *label,
                                        const char      *error_name,
                                        const char      *browse_title);
/* Checks a path field: given, absolute, and on this computer when the
 * host is this computer. */
gboolean    yado_nvw_check_path        (YadoNewVmWizard *self,
                                        YadoNvwPath     *path,
                                        const char      *missing);
/* The entry's text stripped, or NULL when blank (newly allocated). */
char       *yado_nvw_entry_text        (GtkEntry *entry);

/* The connection combo chose @connection (NULL: none). */
void        yado_nvw_set_connection    (YadoNewVmWizard *self,
                                        YadoConnection  *connection);
/* Reads the host's offer again for @arch (NULL: the host's). */
void        yado_nvw_refetch_caps      (YadoNewVmWizard *self,
                                        const char      *arch);
/* Uses the caps of virtualization type @type. */
void        yado_nvw_set_virt_type     (YadoNewVmWizard *self,
                                        const char      *type);
/* The media check finished: the OS page follows, a waiting Forward goes. */
void        yado_nvw_detect_finished   (YadoNewVmWizard *self);

/* yado-new-vm-source.c */
void        yado_nvw_source_build      (YadoNewVmWizard *self);
/* The connection list or a connection's state changed: refill. */
void        yado_nvw_source_refill_connections (YadoNewVmWizard *self);
/* The host's caps arrived: virtualization types and machines. */
void        yado_nvw_source_caps_changed (YadoNewVmWizard *self);
void        yado_nvw_source_networks_changed (YadoNewVmWizard *self);
/* The chosen connection changed (sensitivity of Browse, detection). */
void        yado_nvw_source_host_changed (YadoNewVmWizard *self);
gboolean    yado_nvw_source_check      (YadoNewVmWizard *self);
void        yado_nvw_source_collect    (YadoNewVmWizard *self);
/* The path or URL whose OS libosinfo can tell (an ISO on this computer,
 * any install tree), or NULL. */
char       *yado_nvw_source_media      (YadoNewVmWizard *self,
                                        gboolean        *is_url);
/* Starts the media check for what step 1 shows now (when it changed). */
void        yado_nvw_source_detect     (YadoNewVmWizard *self);
/* The cloud-init settings (CLOUD_IMAGE), or NULL. */
YadoCloudInit *yado_nvw_source_cloud_init (YadoNewVmWizard *self);

/* yado-new-vm-os.c */
void        yado_nvw_os_build          (YadoNewVmWizard *self);
void        yado_nvw_os_enter          (YadoNewVmWizard *self);
/* The database was loaded, or the detection finished. */
void        yado_nvw_os_db_loaded      (YadoNewVmWizard *self);
void        yado_nvw_os_detect_changed (YadoNewVmWizard *self);
gboolean    yado_nvw_os_check          (YadoNewVmWizard *self);
void        yado_nvw_os_collect        (YadoNewVmWizard *self);
/* "UEFI with Secure Boot, and a TPM", "BIOS" (newly allocated). */
char       *yado_nvw_describe_firmware (const YadoNewVm *vm);
/* "debian11", or "vm" (newly allocated): the name a new VM gets. */
char       *yado_nvw_os_short_name     (YadoNewVmWizard *self);

/* yado-new-vm-resources.c */
void        yado_nvw_memory_build      (YadoNewVmWizard *self);
void        yado_nvw_memory_enter      (YadoNewVmWizard *self);
gboolean    yado_nvw_memory_check      (YadoNewVmWizard *self);
void        yado_nvw_memory_collect    (YadoNewVmWizard *self);
void        yado_nvw_storage_build     (YadoNewVmWizard *self);
void        yado_nvw_storage_enter     (YadoNewVmWizard *self);
void        yado_nvw_storage_refill_pools (YadoNewVmWizard *self);
gboolean    yado_nvw_storage_check     (YadoNewVmWizard *self);
void        yado_nvw_storage_collect   (YadoNewVmWizard *self);

/* yado-new-vm-name.c */
void        yado_nvw_name_build        (YadoNewVmWizard *self);
void        yado_nvw_name_enter        (YadoNewVmWizard *self);
void        yado_nvw_name_refill_networks (YadoNewVmWizard *self);
/* "debian11", else "debian11-2"...: after the OS, the first name the host
 * does not have (newly allocated). */
char       *yado_nvw_name_suggest      (YadoNewVmWizard *self);
/* The name's check (live: on each change and when the host's VMs do). */
gboolean    yado_nvw_name_check_name   (YadoNewVmWizard *self);
gboolean    yado_nvw_name_check        (YadoNewVmWizard *self);
void        yado_nvw_name_collect      (YadoNewVmWizard *self);
/* The MAC the NIC gets (normalized), or NULL without a NIC. */
char       *yado_nvw_name_mac          (YadoNewVmWizard *self);

G_END_DECLS
