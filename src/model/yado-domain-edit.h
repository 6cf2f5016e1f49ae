/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Applying the details page's edits, and what waits for the next boot.
 *
 * An edit is two configs of one domain: as read from libvirt (before) and
 * as the user left it (after). Apply defines the new persistent
 * definition (validated by libvirt; a refusal changes nothing), then makes
 * what can change in the running guest live (memory balloon, vCPUs, media,
 * link state, attached and detached devices, title). What libvirt refuses
 * live waits for the next boot and is listed as pending: the difference
 * between the running definition and the next boot's.
 */

#include "yado-domain.h"
#include "yado-domain-config.h"

G_BEGIN_DECLS

typedef enum {
  YADO_LIVE_MEMORY,        /* value: KiB (balloon) */
  YADO_LIVE_VCPUS,         /* value: count */
  YADO_LIVE_UPDATE_DEVICE, /* xml */
  YADO_LIVE_ATTACH_DEVICE, /* xml */
  YADO_LIVE_DETACH_DEVICE, /* xml */
  YADO_LIVE_TITLE,         /* text, NULL to remove */
  YADO_LIVE_DESCRIPTION,   /* text, NULL to remove */
} YadoLiveChangeKind;

typedef struct {
  YadoLiveChangeKind kind;
  char              *label;   /* "Memory", "NIC :12:34:56", ... */
  char              *xml;
  char              *old_xml; /* UPDATE_DEVICE: the device as it was read */
  char              *text;
  guint64            value;
} YadoLiveChange;

typedef struct {
  char      *config_xml;  /* the new definition, or NULL: unchanged */
  char      *new_name;    /* a rename, or NULL */
  GPtrArray *live;        /* YadoLiveChange: what to try on the running VM */
} YadoDomainEdit;

/* What turns @before into @after; @running: whether to try live changes. */
YadoDomainEdit *yado_domain_edit_new      (YadoDomainConfig *before,
                                           YadoDomainConfig *after,
                                           gboolean          running);
gboolean        yado_domain_edit_is_empty (YadoDomainEdit *edit);
void            yado_domain_edit_free     (YadoDomainEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoDomainEdit, yado_domain_edit_free)

/* Applies @edit on the domain's worker. The result is a GPtrArray of
 * sentences, one per change the running VM did not take ("NIC
 * :12:34:56: libvirt's reason"): those take effect after the next
 * shutdown. An error means nothing was changed. */
void       yado_domain_apply_edit_async  (YadoDomain         *domain,
                                          YadoDomainEdit     *edit,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *yado_domain_apply_edit_finish (YadoDomain   *domain,
                                          GAsyncResult *result,
                                          GError      **error);
GPtrArray *yado_domain_apply_edit_sync   (YadoDomain     *domain,
                                          YadoDomainEdit *edit,
                                          GError        **error);

/* Both definitions of a domain, with secrets (graphics passwords) when
 * the connection may read them, so that a define does not drop them. */
typedef struct {
  char *inactive;  /* the next boot's */
  char *live;      /* the running one's, or NULL when shut off */
} YadoDomainXml;

void           yado_domain_xml_free              (YadoDomainXml *xml);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoDomainXml, yado_domain_xml_free)

void           yado_domain_fetch_xml_async       (YadoDomain         *domain,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
YadoDomainXml *yado_domain_fetch_xml_finish      (YadoDomain   *domain,
                                                  GAsyncResult *result,
                                                  GError      **error);
YadoDomainXml *yado_domain_fetch_xml_sync        (YadoDomain *domain,
                                                  GError    **error);

/* Defines @xml as the domain's whole new definition (the XML tab). */
void           yado_domain_define_xml_async      (YadoDomain         *domain,
                                                  const char         *xml,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean       yado_domain_define_xml_finish     (YadoDomain   *domain,
                                                  GAsyncResult *result,
                                                  GError      **error);

/* Adds or removes one device at once (Add Hardware, Remove): in the
 * definition and, when running, live. Returns TRUE and sets *@live_error
 * to NULL when both took it; a live refusal is no failure: *@live_error
 * says why it waits for the next boot. */
void           yado_domain_attach_device_async   (YadoDomain         *domain,
                                                  const char         *xml,
                                                  gboolean            attach,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean       yado_domain_attach_device_finish  (YadoDomain   *domain,
                                                  GAsyncResult *result,
                                                  char        **live_error,
                                                  GError      **error);

/* ---- what waits for the next boot ---- */

typedef struct {
  char      *label;        /* "Memory", "VirtIO Disk 1", ... */
  const char *section;     /* "overview", "cpus", "memory", "boot", or NULL */
  guint      device_id;    /* the device in @next (yado_device_get_id), or 0 */
  char      *running_xml;  /* NULL: the device is added at the next boot */
  char      *next_xml;     /* NULL: the device is removed at the next boot */
} YadoPendingChange;

void       yado_pending_change_free   (YadoPendingChange *change);
/* The changes between @running (live XML) and @next (inactive XML):
 * each part of @next that the running definition does not have. */
GPtrArray *yado_domain_config_pending (YadoDomainConfig *next,
                                       YadoDomainConfig *running);

G_END_DECLS
