/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "yado-auth-request.h"
#include "yado-secret.h"

struct _YadoAuthRequest {
  gatomicrefcount ref_count;
  char           *uri;
  GPtrArray      *prompts;   /* of YadoAuthPrompt */
  GMutex          mutex;
  GCond           cond;
  gboolean        answered;
  gboolean        ok;

  YadoAuthKind    kind;
  char           *host;         /* host-key questions */
  char           *key_type;
  char           *fingerprint;
  char           *login;        /* ssh's prompts */
  gboolean        retry;
  GArray         *done_funcs;   /* of DoneFunc */
};

typedef struct {
  YadoAuthDoneFunc func;
  gpointer         data;
} DoneFunc;

G_DEFINE_BOXED_TYPE (YadoAuthRequest, yado_auth_request,
                     yado_auth_request_ref, yado_auth_request_unref)

static void
auth_prompt_free (YadoAuthPrompt *prompt)
{
  g_free (prompt->prompt);
  g_free (prompt->challenge);
  g_free (prompt->default_result);
  yado_secret_free (prompt->result);
  g_free (prompt);
}

YadoAuthRequest *
yado_auth_request_new (const char *uri)
{
  YadoAuthRequest *request = g_new0 (YadoAuthRequest, 1);

  g_atomic_ref_count_init (&request->ref_count);
  request->uri = g_strdup (uri);
  request->prompts = g_ptr_array_new_with_free_func ((GDestroyNotify) auth_prompt_free);
  g_mutex_init (&request->mutex);
  g_cond_init (&request->cond);
  return request;
}

YadoAuthRequest *
yado_auth_request_ref (YadoAuthRequest *request)
{
  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

void
yado_auth_request_unref (YadoAuthRequest *request)
{
  if (request == NULL || !g_atomic_ref_count_dec (&request->ref_count))
    return;
  g_ptr_array_unref (request->prompts);
  g_mutex_clear (&request->mutex);
  g_cond_clear (&request->cond);
  g_free (request->uri);
  g_free (request->host);
  g_free (request->key_type);
  g_free (request->fingerprint);
  g_free (request->login);
  g_clear_pointer (&request->done_funcs, g_array_unref);
  g_free (request);
}

const char *
yado_auth_request_get_uri (YadoAuthRequest *request)
{
  return request->uri;
}

guint
yado_auth_request_get_n_prompts (YadoAuthRequest *request)
{
  return request->prompts->len;
}

YadoAuthPrompt *
yado_auth_request_get_prompt (YadoAuthRequest *request, guint index)
{
  g_return_val_if_fail (index < request->prompts->len, NULL);
  return g_ptr_array_index (request->prompts, index);
}

void
yado_auth_request_add_prompt (YadoAuthRequest *request,
                              int              type,
                              const char      *prompt,
                              const char      *challenge,
                              const char      *default_result,
                              gboolean         secret)
{
  YadoAuthPrompt *p = g_new0 (YadoAuthPrompt, 1);

  p->type = type;
  p->prompt = g_strdup (prompt);
  p->challenge = g_strdup (challenge);
  p->default_result = g_strdup (default_result);
  p->secret = secret;
  g_ptr_array_add (request->prompts, p);
}

void
yado_auth_request_set_result (YadoAuthRequest *request,
                              guint            index,
                              const char      *result)
{
  YadoAuthPrompt *p = yado_auth_request_get_prompt (request, index);

  g_return_if_fail (p != NULL);
  g_mutex_lock (&request->mutex);
  yado_secret_free (p->result);
  p->result = g_strdup (result);
  g_mutex_unlock (&request->mutex);
}

void
yado_auth_request_complete (YadoAuthRequest *request, gboolean ok)
{
  gboolean first;

  g_mutex_lock (&request->mutex);
  first = !request->answered;
  if (first)
    {
      request->answered = TRUE;
      request->ok = ok;
      g_cond_broadcast (&request->cond);
    }
  g_mutex_unlock (&request->mutex);
  for (guint i = 0; first && request->done_funcs != NULL && i < request->done_funcs->len; i++)
    {
      DoneFunc *done = &g_array_index (request->done_funcs, DoneFunc, i);

      done->func (request, ok, done->data);
    }
}

gboolean
yado_auth_request_is_answered (YadoAuthRequest *request)
{
  gboolean answered;

  g_mutex_lock (&request->mutex);
  answered = request->answered;
  g_mutex_unlock (&request->mutex);
  return answered;
}

gboolean
yado_auth_request_was_declined (YadoAuthRequest *request)
{
  gboolean declined;

  g_mutex_lock (&request->mutex);
  declined = request->answered && !request->ok;
  g_mutex_unlock (&request->mutex);
  return declined;
}

YadoAuthKind
yado_auth_request_get_kind (YadoAuthRequest *request)
{
  return request->kind;
}

void
yado_auth_request_set_host_key (YadoAuthRequest *request, const char *host,
                                const char *key_type, const char *fingerprint)
{
  request->kind = YADO_AUTH_HOST_KEY;
  g_free (request->host);
  request->host = g_strdup (host);
  g_free (request->key_type);
  request->key_type = g_strdup (key_type);
  g_free (request->fingerprint);
  request->fingerprint = g_strdup (fingerprint);
}

const char *
yado_auth_request_get_host (YadoAuthRequest *request)
{
  return request->host;
}

const char *
yado_auth_request_get_key_type (YadoAuthRequest *request)
{
  return request->key_type;
}

const char *
yado_auth_request_get_fingerprint (YadoAuthRequest *request)
{
  return request->fingerprint;
}

void
yado_auth_request_set_login (YadoAuthRequest *request, const char *login)
{
  g_free (request->login);
  request->login = g_strdup (login);
}

const char *
yado_auth_request_get_login (YadoAuthRequest *request)
{
  return request->login;
}

void
yado_auth_request_set_retry (YadoAuthRequest *request, gboolean retry)
{
  request->retry = retry;
}

gboolean
yado_auth_request_get_retry (YadoAuthRequest *request)
{
  return request->retry;
}

void
yado_auth_request_add_done_func (YadoAuthRequest *request, YadoAuthDoneFunc func,
                                 gpointer user_data)
{
  DoneFunc done = { func, user_data };

  if (request->done_funcs == NULL)
    request->done_funcs = g_array_new (FALSE, FALSE, sizeof (DoneFunc));
  g_array_append_val (request->done_funcs, done);
}

gboolean
yado_auth_request_wait (YadoAuthRequest *request, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean ok;

  g_mutex_lock (&request->mutex);
  while (!request->answered)
    if (!g_cond_wait_until (&request->cond, &request->mutex, deadline))
      break;
  ok = request->answered && request->ok;
  request->answered = TRUE; /* a late answer changes nothing */
  g_mutex_unlock (&request->mutex);
  return ok;
}
