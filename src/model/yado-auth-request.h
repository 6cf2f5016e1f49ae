/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * YadoAuthRequest: libvirt asks for credentials while opening a connection.
 *
 * libvirt calls its auth callback on the worker thread that opens the
 * connection. That thread builds a request, hands it to the main thread
 * (the connection emits "auth-request") and waits until the UI answers with
 * yado_auth_request_complete() or the request times out. The UI never runs
 * inside libvirt's callback.
 */
typedef struct _YadoAuthRequest YadoAuthRequest;

typedef struct {
  int   type;        /* libvirt's VIR_CRED_* */
  char *prompt;      /* libvirt's prompt text */
  char *challenge;   /* may be NULL */
  char *default_result;
  gboolean secret;   /* do not echo what is typed */
  char *result;      /* set by the UI */
} YadoAuthPrompt;

#define YADO_TYPE_AUTH_REQUEST (yado_auth_request_get_type ())
GType            yado_auth_request_get_type  (void);

YadoAuthRequest *yado_auth_request_new       (const char *uri);
YadoAuthRequest *yado_auth_request_ref       (YadoAuthRequest *request);
void             yado_auth_request_unref     (YadoAuthRequest *request);

const char      *yado_auth_request_get_uri   (YadoAuthRequest *request);
guint            yado_auth_request_get_n_prompts (YadoAuthRequest *request);
YadoAuthPrompt  *yado_auth_request_get_prompt (YadoAuthRequest *request,
                                               guint            index);
void             yado_auth_request_add_prompt (YadoAuthRequest *request,
                                               int              type,
                                               const char      *prompt,
                                               const char      *challenge,
                                               const char      *default_result,
                                               gboolean         secret);
void             yado_auth_request_set_result (YadoAuthRequest *request,
                                               guint            index,
                                               const char      *result);
/* Answers the request: @ok FALSE means the user cancelled. */
void             yado_auth_request_complete  (YadoAuthRequest *request,
                                              gboolean         ok);
/* Worker side: waits for the answer. Returns TRUE when answered with ok. */
gboolean         yado_auth_request_wait      (YadoAuthRequest *request,
                                              guint            timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoAuthRequest, yado_auth_request_unref)

G_END_DECLS
