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

/* What is asked: credentials (one or more prompts), or whether to trust
 * a host key that ssh does not know yet (answered by ok or not). */
typedef enum {
  YADO_AUTH_CREDENTIALS,
  YADO_AUTH_HOST_KEY,
} YadoAuthKind;

/* Called once, on the thread that completes the request. */
typedef void (*YadoAuthDoneFunc) (YadoAuthRequest *request,
                                  gboolean         ok,
                                  gpointer         user_data);

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
YadoAuthKind     yado_auth_request_get_kind  (YadoAuthRequest *request);
/* Makes it a host-key question: @host as ssh names it, the key's type
 * ("ED25519") and fingerprint ("SHA256:..."). */
void             yado_auth_request_set_host_key (YadoAuthRequest *request,
                                                 const char      *host,
                                                 const char      *key_type,
                                                 const char      *fingerprint);
const char      *yado_auth_request_get_host     (YadoAuthRequest *request);
const char      *yado_auth_request_get_key_type (YadoAuthRequest *request);
const char      *yado_auth_request_get_fingerprint (YadoAuthRequest *request);
/* The ssh login that asks ("user@host:port"), or NULL for libvirt's own
 * prompts. An answer to an ssh login's prompt may be kept in the keyring,
 * under the login and the prompt. */
void             yado_auth_request_set_login (YadoAuthRequest *request,
                                              const char      *login);
const char      *yado_auth_request_get_login (YadoAuthRequest *request);
/* The same question came again: the previous answer was refused. */
void             yado_auth_request_set_retry (YadoAuthRequest *request,
                                              gboolean         retry);
gboolean         yado_auth_request_get_retry (YadoAuthRequest *request);
/* Called when the request is answered (in the order added): how a
 * request nobody waits on (ssh's, answered over a socket) is answered,
 * and how its connection knows. Add them on the main thread, before the
 * request can complete. */
void             yado_auth_request_add_done_func (YadoAuthRequest *request,
                                                  YadoAuthDoneFunc func,
                                                  gpointer         user_data);
gboolean         yado_auth_request_is_answered (YadoAuthRequest *request);
/* Answered, without ok: the user cancelled or declined. */
gboolean         yado_auth_request_was_declined (YadoAuthRequest *request);
/* Answers the request: @ok FALSE means the user cancelled. */
void             yado_auth_request_complete  (YadoAuthRequest *request,
                                              gboolean         ok);
/* Worker side: waits for the answer. Returns TRUE when answered with ok. */
gboolean         yado_auth_request_wait      (YadoAuthRequest *request,
                                              guint            timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoAuthRequest, yado_auth_request_unref)

G_END_DECLS
