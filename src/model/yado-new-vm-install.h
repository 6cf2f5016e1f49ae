/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Making a new VM on its host (the New VM wizard's Finish): its volumes,
 * the cloud-init seed, the kernel and initrd of a network install, the
 * definition and the first start, all on the connection's ops worker;
 * and the installer's reboot (the INSTALL definition ends on reboot, Yado
 * starts the VM again once, now with its FINAL definition).
 */

#include <gio/gio.h>

#include "yado-connection.h"
#include "yado-domain.h"
#include "yado-new-vm.h"
#include "yado-cloud-init.h"

G_BEGIN_DECLS

typedef void (*YadoNewVmProgress) (const char *status,
                                   double      fraction,
                                   gpointer    user_data);  /* main thread */

/* Makes @vm on the connection: creates the new volume (progress; cancel
 * deletes it), uploads the cloud-init seed (a volume in the disk's pool,
 * or the "default" pool), downloads kernel+initrd for URL installs into
 * the pool, defines the INSTALL XML; with @start, starts it and defines
 * the FINAL XML as the persistent definition (and starts it again once
 * after the installer's reboot ends it, while Yado runs). Any failure
 * removes everything it created (volumes, definition) and says which step
 * failed and why. The result is the new domain's UUID. */
void     yado_connection_create_vm_async  (YadoConnection      *connection,
                                           const YadoNewVm     *vm,
                                           const YadoCloudInit *cloud_init,
                                           gboolean             start,
                                           YadoNewVmProgress    progress,
                                           gpointer             progress_data,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char    *yado_connection_create_vm_finish (YadoConnection *connection,
                                           GAsyncResult   *result,
                                           GError        **error);

/* "Customize before install" then "Begin installation": starts a VM
 * created with start FALSE (its definition is the INSTALL one) and
 * switches its persistent definition to FINAL after the start, as above.
 * @vm is the wizard's description. */
void     yado_domain_begin_install_async  (YadoDomain         *domain,
                                           const YadoNewVm    *vm,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean yado_domain_begin_install_finish (YadoDomain   *domain,
                                           GAsyncResult *result,
                                           GError      **error);

G_END_DECLS
