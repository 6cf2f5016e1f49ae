/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The domain XML of a new VM (yado-new-vm.h), built with libxml2 (the
 * user's text is only ever an attribute value or a text node). Pure and
 * deterministic (no MAC or UUID made up here: libvirt makes them), so
 * golden files can check it: any thread.
 */

#include <glib.h>

#include "yado-new-vm.h"

G_BEGIN_DECLS

typedef enum {
  YADO_NEW_VM_PHASE_INSTALL,
  YADO_NEW_VM_PHASE_FINAL,
} YadoNewVmPhase;

/* INSTALL: what the VM first starts with (install media attached and
 * booted first where the method has them, <on_reboot>destroy</on_reboot>
 * so the installer's reboot ends it); FINAL: its persistent definition
 * after the install (boots the disk, media ejected, no direct kernel boot,
 * on_reboot restart). For IMPORT/PXE/MANUAL/CLOUD_IMAGE both are the same
 * but for what applies. Error YADO_ERROR_INVALID with
 * yado_new_vm_check()'s sentence when @vm cannot be made. */
char *yado_new_vm_build_xml (const YadoNewVm *vm,
                             YadoNewVmPhase   phase,
                             GError         **error);

/* The name of the volume a NEW disk gets in its pool when disk_path is
 * not set yet: the VM's name with the format's extension ("web.qcow2",
 * "web.img" for raw), as virt-manager names them. */
char *yado_new_vm_disk_volume_name (const YadoNewVm *vm);

G_END_DECLS
