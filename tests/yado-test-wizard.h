/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Driving the New VM wizard as a user does: a field found by its label
 * (its accessible name, "ISO image or CD-ROM"), a line under it by its
 * widget name ("iso-error"), the dialog's buttons pressed, and waiting for
 * what they start. Each function looks at the page shown. Built into the
 * tests that link the UI.
 */

#include <gtk/gtk.h>

#include "yado-new-vm-wizard.h"

G_BEGIN_DECLS

/* An install tree's .treeinfo (Fedora 37's, as its mirrors serve it):
 * libosinfo knows the OS by it; its kernel is images/pxeboot/vmlinuz and
 * its initrd images/pxeboot/initrd.img. */
#define YADO_TEST_FEDORA_37_TREEINFO                                                       \
  "[header]\ntype = productmd.treeinfo\nversion = 1.2\n\n"                                  \
  "[release]\nname = Fedora\nshort = Fedora\nversion = 37\n\n"                             \
  "[general]\narch = x86_64\nfamily = Fedora\nname = Fedora 37\nplatforms = x86_64,xen\n"  \
  "timestamp = 1667419213\nvariant = Everything\nversion = 37\n\n"                         \
  "[tree]\narch = x86_64\nplatforms = x86_64,xen\nvariants = Everything\n\n"                \
  "[images-x86_64]\ninitrd = images/pxeboot/initrd.img\nkernel = images/pxeboot/vmlinuz\n\n" \
  "[stage2]\nmainimage = images/install.img\n"

/* The dialog's Forward button's response (Back is 1; Finish is OK). */
#define YADO_TEST_WIZARD_RESPONSE_BACK    1
#define YADO_TEST_WIZARD_RESPONSE_FORWARD 2

/* The first widget at or under @widget whose widget name is @name. */
GtkWidget  *yado_test_find_named                (GtkWidget       *widget,
                                                 const char      *name);

/* Iterates until nothing is loaded, detected or checked any more. */
void        yado_test_wizard_wait_idle          (YadoNewVmWizard *wizard);
/* The page shown ("source", "os", "memory", "storage", "name",
 * "progress"), asserted to be @name. */
GtkWidget  *yado_test_wizard_page               (YadoNewVmWizard *wizard,
                                                 const char      *name);
/* "Step 1 of 5 — Install source" */
const char *yado_test_wizard_header             (YadoNewVmWizard *wizard);

/* The field labelled @label on the page shown; fails the test when there
 * is none. */
GtkWidget  *yado_test_wizard_field              (YadoNewVmWizard *wizard,
                                                 const char      *label);
void        yado_test_wizard_set_text           (YadoNewVmWizard *wizard,
                                                 const char      *label,
                                                 const char      *text);
const char *yado_test_wizard_get_text           (YadoNewVmWizard *wizard,
                                                 const char      *label);
void        yado_test_wizard_set_spin           (YadoNewVmWizard *wizard,
                                                 const char      *label,
                                                 double           value);
int         yado_test_wizard_get_spin           (YadoNewVmWizard *wizard,
                                                 const char      *label);
/* A combo box's active id. */
const char *yado_test_wizard_get_combo          (YadoNewVmWizard *wizard,
                                                 const char      *label);
void        yado_test_wizard_set_combo          (YadoNewVmWizard *wizard,
                                                 const char      *label,
                                                 const char      *id);
/* A check box, radio button or expander. */
gboolean    yado_test_wizard_get_active         (YadoNewVmWizard *wizard,
                                                 const char      *label);
void        yado_test_wizard_set_active         (YadoNewVmWizard *wizard,
                                                 const char      *label,
                                                 gboolean         active);

/* The text of the line called @name (a message under a field, a note) on
 * the page shown, or NULL when it is not shown. */
const char *yado_test_wizard_line               (YadoNewVmWizard *wizard,
                                                 const char      *name);
/* The failure the progress page shows, or NULL. */
const char *yado_test_wizard_progress_error     (YadoNewVmWizard *wizard);

GtkWidget  *yado_test_wizard_button             (YadoNewVmWizard *wizard,
                                                 int              response);
gboolean    yado_test_wizard_forward_enabled    (YadoNewVmWizard *wizard);
gboolean    yado_test_wizard_finish_enabled     (YadoNewVmWizard *wizard);
/* Presses Forward (Back), which must be on, and waits for what it does
 * (the checks, the media's check, the next step). */
void        yado_test_wizard_press_forward      (YadoNewVmWizard *wizard);
void        yado_test_wizard_press_back         (YadoNewVmWizard *wizard);

/* Step 1: the install method whose radio button is labelled @label. */
void        yado_test_wizard_choose_method      (YadoNewVmWizard *wizard,
                                                 const char      *label);
/* Step 2: the first row the OS list shows for @search. */
void        yado_test_wizard_pick_os            (YadoNewVmWizard *wizard,
                                                 const char      *search);

G_END_DECLS
