/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * For the model's own files that add jobs on a domain (lifecycle and
 * graphics in yado-domain.c, text consoles, ...): how a job reaches the
 * connection's ops worker. Not for the UI.
 */
#include <libvirt/libvirt.h>

#include "yado-domain.h"
#include "yado-worker.h"

G_BEGIN_DECLS

/* What a worker needs to act on one domain: immutable copies, freed with
 * the job. */
typedef struct {
  virConnectPtr   conn;        /* a reference of its own */
  char           *uuid;
  char           *name;
  YadoLifecycleOp op;          /* for lifecycle jobs */
  guint           device;      /* for graphics jobs: the device's index */
  char           *device_name; /* for text console jobs: the device's alias */
  gpointer        data;        /* anything else a job needs, freed with it */
  GDestroyNotify  data_free;
} YadoDomainJob;

/* Queues @func on the connection's ops worker for @task, with @job (a
 * g_new0'ed YadoDomainJob whose conn, uuid and name this fills in; it is
 * freed when the job ends). Without an open connection, fails @task at
 * once, saying what could not be done ("Could not @what “NAME”: ..."). */
void yado_domain_submit_job (YadoDomain    *self,
                             GTask         *task,
                             YadoJobFunc    func,
                             YadoDomainJob *job,
                             GDestroyNotify result_free,
                             guint          timeout_ms,
                             const char    *what);

G_END_DECLS
