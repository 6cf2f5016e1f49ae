/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yado-connection-list.h"
#include "yado-new-vm.h"

G_BEGIN_DECLS

#define YADO_TYPE_APPLICATION (yado_application_get_type ())
G_DECLARE_FINAL_TYPE (YadoApplication, yado_application, YADO, APPLICATION, GtkApplication)

/*
 * YadoApplication: one instance per user session (a second launch hands
 * its command line to the first). Owns the connections and the settings,
 * saves the list of connections when it changes, answers credential
 * requests with a dialog, and opens the manager window.
 */
YadoApplication    *yado_application_new              (void);
YadoConnectionList *yado_application_get_connections  (YadoApplication *self);
GSettings          *yado_application_get_settings     (YadoApplication *self);

/* Opens the window of @domain, or raises it when it is open. */
void                yado_application_show_domain      (YadoApplication *self,
                                                       struct _YadoDomain *domain);

/* Settings of Yado's schema, found installed or in the build tree, so the
 * uninstalled binary runs. */
/* Opens the window of a VM the New VM wizard made, once its connection
 * lists it: on its console, or on its details with Begin Installation. */
void                yado_application_open_new_domain  (YadoApplication *self,
                                                       YadoConnection  *connection,
                                                       const char      *uuid,
                                                       gboolean         customize,
                                                       const YadoNewVm *vm);
GSettings          *yado_settings_new                 (void);
/* The demo host shipped with Yado, as a test-driver URI. */
char               *yado_application_get_demo_uri     (void);

/* Yado's style sheet on the default screen, once: for the windows,
 * which tests also make without the application. */
void yado_application_ensure_style (void);

G_END_DECLS
