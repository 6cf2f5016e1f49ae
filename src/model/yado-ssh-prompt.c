/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>


#include <libvirt/libvirt.h>

#include "yado-ssh-prompt.h"

/* OpenSSH's question for an unknown host key (sshconnect.c):
 *
 *   The authenticity of host 'NAME (ADDRESS)' can't be established.
 *   ED25519 key fingerprint is SHA256:....
 *   [This key is not known by any other names.]
 *   Are you sure you want to continue connecting (yes/no/[fingerprint])?
 */
#define HOST_KEY_INTRO    "The authenticity of host '"
#define FINGERPRINT_INTRO " key fingerprint is "

static gboolean
parse_host_key (const char *prompt, char **host, char **key_type, char **fingerprint)
{
  const char *start = strstr (prompt, HOST_KEY_INTRO);
  const char *end, *line, *fp;

  if (start == NULL)
    return FALSE;
  start += strlen (HOST_KEY_INTRO);
  if ((end = strchr (start, '\'')) == NULL || (fp = strstr (end, FINGERPRINT_INTRO)) == NULL)
    return FALSE;
  /* NAME, without " (ADDRESS)" when it only repeats it. */
  *host = g_strndup (start, end - start);
  {
    char *paren = strstr (*host, " (");

    if (paren != NULL)
      *paren = '\0';
  }
  for (line = fp; line > end && line[-1] != '\n'; line--)
    ;
  *key_type = g_strndup (line, fp - line);
  fp += strlen (FINGERPRINT_INTRO);
  *fingerprint = g_strndup (fp, strcspn (fp, "\n"));
  /* ssh ends the sentence with a full stop. */
  if (g_str_has_suffix (*fingerprint, "."))
    (*fingerprint)[strlen (*fingerprint) - 1] = '\0';
  return TRUE;
}

/* The label a secret prompt gets: ssh's words, without the colon and the
 * "(user@host) " that keyboard-interactive puts first. */
static char *
secret_label (const char *prompt)
{
  char *label = g_strstrip (g_strdup (prompt));
  gsize len;

  if (label[0] == '(')
    {
      char *close = strstr (label, ") ");

      if (close != NULL)
        memmove (label, close + 2, strlen (close + 2) + 1);
    }
  len = strlen (label);
  if (len > 0 && label[len - 1] == ':')
    label[len - 1] = '\0';
  return label;
}

YadoAuthRequest *
yado_ssh_prompt_to_request (const char *login, const char *askpass_kind, const char *prompt)
{
  g_autoptr(YadoAuthRequest) request = NULL;
  g_autofree char *host = NULL, *key_type = NULL, *fingerprint = NULL;

  if (g_strcmp0 (askpass_kind, "none") == 0)
    return NULL;
  request = yado_auth_request_new (NULL);
  yado_auth_request_set_login (request, login);
  if (parse_host_key (prompt, &host, &key_type, &fingerprint))
    yado_auth_request_set_host_key (request, host, key_type, fingerprint);
  else
    {
      g_autofree char *label = secret_label (prompt);

      /* A "confirm" (an agent key's use) is a yes/no: shown like the
       * others, its answer typed. Rare enough to need no dialog of its own. */
      gboolean confirm = g_strcmp0 (askpass_kind, "confirm") == 0;

      yado_auth_request_add_prompt (request,
                                    confirm ? VIR_CRED_ECHOPROMPT : VIR_CRED_PASSPHRASE,
                                    label, NULL, NULL, !confirm);
    }
  return g_steal_pointer (&request);
}
